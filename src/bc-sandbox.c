/* A resource-limited child per unit of work.
 *
 * The parent forks, the child applies rlimits and prctl()s before it
 * touches the untrusted bytes, runs the work and writes a serialised result
 * to a pipe, then _exit()s. bc_sandbox_start() returns right after the
 * fork, so the caller can read the next file while the child works (and
 * keep several children running: see bc-check.c). bc_sandbox_finish()
 * poll()s the result pipe and the child's stderr against the job's own
 * wall-clock deadline, SIGKILLs on timeout, reaps with a blocking wait4()
 * (a WNOHANG check right after EOF races with the exiting child) and turns
 * the wait status into a failure text.
 *
 * Design notes, measurements and what seccomp does and does not do here
 * are in docs/inspection.md. */

#include "bc-config.h"

#include "bc-sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef BC_HAVE_SECCOMP
#include <seccomp.h>
#endif

/* ASan reserves terabytes of address space for its shadow memory, so an
 * RLIMIT_AS of a few hundred MiB makes every sanitized child die at its
 * first allocation; sanitizer builds run without the address-space limit */
#if defined(__SANITIZE_ADDRESS__)
#define BC_SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BC_SANDBOX_ASAN 1
#endif
#endif
#ifndef BC_SANDBOX_ASAN
#define BC_SANDBOX_ASAN 0
#endif

/* how much of the child's stderr we keep to recognise an allocation failure */
#define BC_SANDBOX_MAX_STDERR 8192

static void
bc_sandbox_setrlimit (int resource, rlim_t soft, rlim_t hard)
{
  struct rlimit rl = { .rlim_cur = soft, .rlim_max = hard };
  /* a failure here leaves the child less limited, not broken; the other
   * limits and the parent's wall clock still apply */
  (void) setrlimit (resource, &rl);
}

#ifdef BC_HAVE_SECCOMP
/* A deny-list on top of the rlimits: nothing a document parser or renderer
 * needs, everything an exploit would want next (run a program, talk to the
 * network, poke at other processes). An allow-list was tried in the
 * reference design and breaks whenever cairo/fontconfig/poppler change the
 * syscalls they use to render, so it is not used: see docs/inspection.md. */
static void
bc_sandbox_seccomp (void)
{
  static const int denied[] = {
    SCMP_SYS (execve), SCMP_SYS (execveat), SCMP_SYS (fork), SCMP_SYS (vfork),
    SCMP_SYS (socket), SCMP_SYS (socketpair), SCMP_SYS (connect), SCMP_SYS (bind),
    SCMP_SYS (listen), SCMP_SYS (accept), SCMP_SYS (accept4),
    SCMP_SYS (ptrace), SCMP_SYS (process_vm_readv), SCMP_SYS (process_vm_writev),
    SCMP_SYS (mount), SCMP_SYS (umount2), SCMP_SYS (unshare), SCMP_SYS (setns),
    SCMP_SYS (keyctl), SCMP_SYS (add_key), SCMP_SYS (request_key),
    SCMP_SYS (bpf), SCMP_SYS (perf_event_open), SCMP_SYS (userfaultfd),
    SCMP_SYS (personality),
  };
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  if (ctx == NULL)
    return;
  for (gsize i = 0; i < G_N_ELEMENTS (denied); i++)
    {
      /* a syscall this architecture lacks resolves negative: skip it */
      if (denied[i] < 0)
        continue;
      (void) seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), denied[i], 0);
    }
  (void) seccomp_load (ctx);
  seccomp_release (ctx);
}
#endif

static gboolean
bc_sandbox_write_all (int fd, const guint8 *buf, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, buf, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      buf += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* close FIRST..LAST (inclusive, an empty range is fine); FALSE when the
 * kernel lacks close_range (before 5.9) */
static gboolean
bc_sandbox_close_range (int first, int last)
{
  if (first > last)
    return TRUE;
#ifdef SYS_close_range
  return syscall (SYS_close_range, (unsigned int) first, (unsigned int) last, 0u) == 0;
#else
  return FALSE;
#endif
}

G_GNUC_NORETURN static void
bc_sandbox_child (BcSandboxFunc func,
                  gpointer user_data,
                  const BcLimits *limits,
                  pid_t parent,
                  int result_fd,
                  int stderr_fd)
{
  g_autoptr(GBytes) result = NULL;
  int maxfd;

  /* die with the parent, so a killed tool leaves no runaway children */
  (void) prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (127);

  /* the child's complaints go to the parent, which keeps a little to
   * recognise an allocation failure and never prints them */
  if (dup2 (stderr_fd, STDERR_FILENO) < 0)
    _exit (127);
  /* stdout too: it may be the CLI's JSON report or a TAP stream, and
   * GLib's test log handler writes fatal errors there */
  if (dup2 (stderr_fd, STDOUT_FILENO) < 0)
    _exit (127);

  /* drop every inherited descriptor (ZIP file, sockets of an embedding
   * service, the pipes of sibling children …) except stdio and the result
   * pipe. close_range() does it in two calls; a close() per possible
   * descriptor cost a few ms of system time per child with a 20000 fd
   * limit, which is most of the per-file cost of isolation. */
  if (!bc_sandbox_close_range (3, result_fd - 1) ||
      !bc_sandbox_close_range (result_fd + 1, G_MAXINT))
    {
      maxfd = (int) sysconf (_SC_OPEN_MAX);
      if (maxfd < 0 || maxfd > 65536)
        maxfd = 65536;
      for (int fd = 3; fd < maxfd; fd++)
        {
          if (fd != result_fd)
            (void) close (fd);
        }
    }

  if (limits->inspect_cpu_seconds > 0)
    {
      /* the soft limit sends SIGXCPU, the hard one a second later SIGKILL
       * for a child that ignores it */
      rlim_t cpu = (rlim_t) MIN (limits->inspect_cpu_seconds, (guint64) G_MAXINT32);
      bc_sandbox_setrlimit (RLIMIT_CPU, cpu, cpu + 1);
    }
  if (limits->inspect_memory_bytes > 0 && !BC_SANDBOX_ASAN)
    {
      rlim_t mem = (rlim_t) limits->inspect_memory_bytes;
      bc_sandbox_setrlimit (RLIMIT_AS, mem, mem);
    }
  /* an inspector has no business creating files or core dumps */
  bc_sandbox_setrlimit (RLIMIT_FSIZE, 0, 0);
  bc_sandbox_setrlimit (RLIMIT_CORE, 0, 0);
  /* poppler opens poppler-data files read-only; 64 is plenty */
  bc_sandbox_setrlimit (RLIMIT_NOFILE, 64, 64);
  (void) prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
#ifdef BC_HAVE_SECCOMP
  bc_sandbox_seccomp ();
#endif

  result = func (user_data);
  if (result != NULL)
    {
      gsize len = 0;
      const guint8 *buf = g_bytes_get_data (result, &len);
      if (!bc_sandbox_write_all (result_fd, buf, len))
        _exit (126);
    }
  /* _exit: no atexit handlers or stdio flushing of the parent's state */
  _exit (0);
}

static char *
bc_sandbox_format_mib (guint64 bytes)
{
  if (bytes % (1024 * 1024) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", bytes / (1024 * 1024));
  return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
}

/* what the allocators print just before they abort: GLib's g_malloc,
 * poppler's gmalloc, libstdc++ and ASan */
static gboolean
bc_sandbox_stderr_says_oom (const GByteArray *err)
{
  static const char *needles[] = {
    "failed to allocate", "Out of memory", "out of memory", "bad_alloc",
    "allocation-size-too-big", "allocator is out of memory",
  };
  g_autofree char *text = NULL;
  if (err->len == 0)
    return FALSE;
  text = g_strndup ((const char *) err->data, err->len);
  for (gsize i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      if (strstr (text, needles[i]) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
bc_sandbox_stderr_has (const GByteArray *err, const char *needle)
{
  g_autofree char *text = g_strndup ((const char *) err->data, err->len);
  return strstr (text, needle) != NULL;
}

/* sanitizer builds: ASan catches the fatal signal itself, reports, and
 * exits 1 or (abort_on_error=1) aborts; name the crash as an unsanitized
 * build would. NULL when ASan said nothing. */
static char *
bc_sandbox_describe_asan (const GByteArray *err)
{
  if (bc_sandbox_stderr_has (err, "AddressSanitizer: SEGV"))
    return g_strdup_printf ("crashed (signal %d)", SIGSEGV);
  if (bc_sandbox_stderr_has (err, "AddressSanitizer: BUS"))
    return g_strdup_printf ("crashed (signal %d)", SIGBUS);
  if (bc_sandbox_stderr_has (err, "AddressSanitizer:"))
    return g_strdup ("crashed (memory error)");
  return NULL;
}

static char *
bc_sandbox_describe (int status,
                     const struct rusage *ru,
                     const GByteArray *err,
                     const BcLimits *limits)
{
  guint64 cpu = (guint64) ru->ru_utime.tv_sec + (guint64) ru->ru_stime.tv_sec;

  if (WIFEXITED (status))
    {
      if (bc_sandbox_stderr_says_oom (err))
        {
          g_autofree char *mem = bc_sandbox_format_mib (limits->inspect_memory_bytes);
          return g_strdup_printf ("ran out of memory (limit %s)", mem);
        }
      char *asan = bc_sandbox_describe_asan (err);
      if (asan != NULL)
        return asan;
      return g_strdup_printf ("exited with status %d", WEXITSTATUS (status));
    }
  if (WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);
      if (sig == SIGXCPU ||
          (sig == SIGKILL && limits->inspect_cpu_seconds > 0 &&
           cpu >= limits->inspect_cpu_seconds))
        return g_strdup_printf ("used more than %" G_GUINT64_FORMAT " s of CPU",
                                limits->inspect_cpu_seconds);
      /* an allocation failure aborts (GLib, poppler's gmalloc) or hits a
       * guard page (stack growth under RLIMIT_AS): trust what the child
       * printed on its way down to tell it apart from a plain crash */
      if ((sig == SIGABRT || sig == SIGTRAP || sig == SIGSEGV || sig == SIGBUS ||
           sig == SIGKILL) && bc_sandbox_stderr_says_oom (err))
        {
          g_autofree char *mem = bc_sandbox_format_mib (limits->inspect_memory_bytes);
          return g_strdup_printf ("ran out of memory (limit %s)", mem);
        }
      if (sig == SIGSYS)
        return g_strdup_printf ("was stopped by the sandbox (signal %d)", sig);
      if (sig == SIGABRT)
        {
          char *asan = bc_sandbox_describe_asan (err);
          if (asan != NULL)
            return asan;
        }
      if (sig == SIGABRT)
        return g_strdup_printf ("aborted (signal %d)", sig);
      if (sig == SIGKILL)
        return g_strdup_printf ("was killed (signal %d)", sig);
      return g_strdup_printf ("crashed (signal %d)", sig);
    }
  return g_strdup_printf ("ended with wait status %d", status);
}

/* read what is there; FALSE at EOF or on a hard error */
static gboolean
bc_sandbox_drain (int fd, GByteArray *buf, gsize cap, gboolean *overflow)
{
  guint8 tmp[16384];
  ssize_t n = read (fd, tmp, sizeof tmp);
  if (n < 0)
    return errno == EINTR || errno == EAGAIN;
  if (n == 0)
    return FALSE;
  if (buf->len + (gsize) n > cap)
    {
      gsize room = cap - MIN (buf->len, cap);
      g_byte_array_append (buf, tmp, (guint) room);
      if (overflow != NULL)
        *overflow = TRUE;
      return TRUE;
    }
  g_byte_array_append (buf, tmp, (guint) n);
  return TRUE;
}

struct _BcSandboxJob {
  pid_t pid;
  int result_fd;            /* read ends; -1 once at EOF and closed */
  int stderr_fd;
  gint64 deadline;          /* monotonic; G_MAXINT64 = no wall limit */
  gboolean overflow;
  BcLimits limits;          /* to name what the child hit */
  GByteArray *out;
  GByteArray *err;
};

static void
bc_sandbox_close (int *fd)
{
  if (*fd >= 0)
    {
      close (*fd);
      *fd = -1;
    }
}

BcSandboxJob *
bc_sandbox_start (BcSandboxFunc func,
                  gpointer user_data,
                  const BcLimits *limits,
                  GError **error)
{
  int result_pipe[2];
  int stderr_pipe[2];
  pid_t parent = getpid ();
  pid_t pid;
  BcSandboxJob *job;

  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (limits != NULL, NULL);

  if (pipe2 (result_pipe, O_CLOEXEC) != 0)
    {
      g_set_error (error, BC_ERROR, BC_ERROR_FAILED,
                   "cannot create a pipe for the inspection child: %s",
                   g_strerror (errno));
      return NULL;
    }
  if (pipe2 (stderr_pipe, O_CLOEXEC) != 0)
    {
      g_set_error (error, BC_ERROR, BC_ERROR_FAILED,
                   "cannot create a pipe for the inspection child: %s",
                   g_strerror (errno));
      close (result_pipe[0]);
      close (result_pipe[1]);
      return NULL;
    }

  pid = fork ();
  if (pid < 0)
    {
      g_set_error (error, BC_ERROR, BC_ERROR_FAILED,
                   "cannot start the inspection child: %s", g_strerror (errno));
      close (result_pipe[0]);
      close (result_pipe[1]);
      close (stderr_pipe[0]);
      close (stderr_pipe[1]);
      return NULL;
    }
  if (pid == 0)
    {
      close (result_pipe[0]);
      close (stderr_pipe[0]);
      bc_sandbox_child (func, user_data, limits, parent, result_pipe[1], stderr_pipe[1]);
    }

  /* the parent must hold no write end, or EOF would never come; a later
   * sibling child inherits only these read ends and closes them first */
  close (result_pipe[1]);
  close (stderr_pipe[1]);

  job = g_new0 (BcSandboxJob, 1);
  job->pid = pid;
  job->result_fd = result_pipe[0];
  job->stderr_fd = stderr_pipe[0];
  job->limits = *limits;
  job->out = g_byte_array_new ();
  job->err = g_byte_array_new ();
  job->deadline = G_MAXINT64;
  /* the wall clock counts from the fork, whatever the parent does next:
   * a child that waited for a busy parent to read its pipe still had its
   * whole allowance */
  if (limits->inspect_wall_seconds > 0)
    {
      guint64 secs = MIN (limits->inspect_wall_seconds, (guint64) (G_MAXINT64 / G_USEC_PER_SEC / 2));
      job->deadline = g_get_monotonic_time () + (gint64) secs * G_USEC_PER_SEC;
    }
  return job;
}

/* read what one ready descriptor holds into its buffer */
static void
bc_sandbox_job_read (BcSandboxJob *job, int fd)
{
  if (fd == job->result_fd)
    {
      if (!bc_sandbox_drain (job->result_fd, job->out, BC_SANDBOX_MAX_RESULT, &job->overflow))
        bc_sandbox_close (&job->result_fd);
    }
  else if (fd == job->stderr_fd)
    {
      /* keep reading past the cap so a chatty child never blocks */
      if (!bc_sandbox_drain (job->stderr_fd, job->err, BC_SANDBOX_MAX_STDERR, NULL))
        bc_sandbox_close (&job->stderr_fd);
    }
}

static gboolean
bc_sandbox_job_open (const BcSandboxJob *job)
{
  return !job->overflow && (job->result_fd >= 0 || job->stderr_fd >= 0);
}

/* whether the child has ended (a zombie keeps its status for wait4) */
static gboolean
bc_sandbox_job_exited (const BcSandboxJob *job)
{
  siginfo_t info;
  memset (&info, 0, sizeof info);
  if (waitid (P_PID, (id_t) job->pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return FALSE;
  return info.si_pid == job->pid;
}

/* how long a child that already exited may take to deliver what is left
 * in its pipes once its own deadline has passed */
#define BC_SANDBOX_GRACE_USEC (G_USEC_PER_SEC)

gboolean
bc_sandbox_finish_draining (BcSandboxJob *job,
                            BcSandboxJob *const *others,
                            guint n_others,
                            GBytes **result,
                            char **failure,
                            GError **error)
{
  g_autoptr(BcSandboxJob) self = job;
  int status = 0;
  struct rusage ru = { 0 };
  gboolean timed_out = FALSE;
  gint64 deadline;

  g_return_val_if_fail (job != NULL, FALSE);
  g_return_val_if_fail (result != NULL && failure != NULL, FALSE);

  *result = NULL;
  *failure = NULL;
  deadline = self->deadline;

  /* wait for both pipes to close: the child closes them by exiting, so
   * EOF on both plus the blocking wait below is a complete picture */
  while (bc_sandbox_job_open (self))
    {
      g_autofree struct pollfd *fds = g_new (struct pollfd, 2 + 2 * (gsize) n_others);
      g_autofree BcSandboxJob **owner = g_new (BcSandboxJob *, 2 + 2 * (gsize) n_others);
      nfds_t nfds = 0;
      int timeout_ms = -1;
      int rc;

      if (deadline != G_MAXINT64)
        {
          gint64 now = g_get_monotonic_time ();
          gint64 left = deadline - now;
          if (left <= 0)
            {
              /* a child that ended in time while the parent was busy
               * elsewhere has only data and EOF left in its pipes: give it
               * a short grace to hand them over. One still running took
               * too long, even if it was only blocked on a full pipe. */
              if (deadline != self->deadline || !bc_sandbox_job_exited (self))
                {
                  timed_out = TRUE;
                  break;
                }
              deadline = now + BC_SANDBOX_GRACE_USEC;
              left = BC_SANDBOX_GRACE_USEC;
            }
          timeout_ms = (int) MIN ((left + 999) / 1000, (gint64) G_MAXINT32);
        }
      /* our own pipes first, then whatever the other running children
       * have written, so none of them stalls on a full pipe while this
       * one is waited for */
      for (guint j = 0; j <= n_others; j++)
        {
          BcSandboxJob *o = j == 0 ? self : others[j - 1];
          if (o == NULL || (j > 0 && o == self) || !bc_sandbox_job_open (o))
            continue;
          if (o->result_fd >= 0)
            {
              owner[nfds] = o;
              fds[nfds++] = (struct pollfd) { .fd = o->result_fd, .events = POLLIN };
            }
          if (o->stderr_fd >= 0)
            {
              owner[nfds] = o;
              fds[nfds++] = (struct pollfd) { .fd = o->stderr_fd, .events = POLLIN };
            }
        }

      rc = poll (fds, nfds, timeout_ms);
      if (rc < 0 && errno == EINTR)
        continue;
      if (rc < 0)
        break;
      for (nfds_t i = 0; i < nfds; i++)
        {
          if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0)
            bc_sandbox_job_read (owner[i], fds[i].fd);
        }
    }

  if (timed_out || bc_sandbox_job_open (self) || self->overflow)
    (void) kill (self->pid, SIGKILL);
  bc_sandbox_close (&self->result_fd);
  bc_sandbox_close (&self->stderr_fd);

  while (wait4 (self->pid, &status, 0, &ru) < 0)
    {
      if (errno != EINTR)
        {
          g_set_error (error, BC_ERROR, BC_ERROR_FAILED,
                       "cannot reap the inspection child: %s", g_strerror (errno));
          self->pid = 0;
          return FALSE;
        }
    }
  self->pid = 0;

  if (timed_out)
    {
      *failure = g_strdup_printf ("took longer than %" G_GUINT64_FORMAT " s",
                                  self->limits.inspect_wall_seconds);
      return TRUE;
    }
  if (self->overflow)
    {
      *failure = g_strdup ("returned an oversized result");
      return TRUE;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      *failure = bc_sandbox_describe (status, &ru, self->err, &self->limits);
      return TRUE;
    }
  *result = g_bytes_new (self->out->data, self->out->len);
  return TRUE;
}

gboolean
bc_sandbox_finish (BcSandboxJob *job,
                   GBytes **result,
                   char **failure,
                   GError **error)
{
  return bc_sandbox_finish_draining (job, NULL, 0, result, failure, error);
}

void
bc_sandbox_job_free (BcSandboxJob *job)
{
  if (job == NULL)
    return;
  /* abandoned while running: a child nobody waits for must not outlive
   * the check, nor stay a zombie */
  if (job->pid > 0)
    {
      (void) kill (job->pid, SIGKILL);
      while (waitpid (job->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
  bc_sandbox_close (&job->result_fd);
  bc_sandbox_close (&job->stderr_fd);
  g_byte_array_unref (job->out);
  g_byte_array_unref (job->err);
  g_free (job);
}

gboolean
bc_sandbox_run (BcSandboxFunc func,
                gpointer user_data,
                const BcLimits *limits,
                GBytes **result,
                char **failure,
                GError **error)
{
  BcSandboxJob *job;

  g_return_val_if_fail (result != NULL && failure != NULL, FALSE);

  *result = NULL;
  *failure = NULL;
  job = bc_sandbox_start (func, user_data, limits, error);
  if (job == NULL)
    return FALSE;
  return bc_sandbox_finish (job, result, failure, error);
}
