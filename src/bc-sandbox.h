/* Running a piece of work on untrusted bytes in a resource-limited child
 * process: a crash, hang or memory blow-up there becomes a failure text in
 * the parent, never a dead tool. See docs/inspection.md for the design. */
#pragma once

#include "bundlecheck.h"

G_BEGIN_DECLS

/* Runs in the child after the limits are applied. Returns the result
 * bytes to hand back to the parent (NULL = nothing). */
typedef GBytes *(*BcSandboxFunc) (gpointer user_data);

/* the most bytes a child may hand back; more is treated as malformed */
#define BC_SANDBOX_MAX_RESULT (4u * 1024u * 1024u)

/* A started child: hold it, then pass it to bc_sandbox_finish() exactly
 * once (which frees it). Freeing an unfinished job kills and reaps its
 * child. */
typedef struct _BcSandboxJob BcSandboxJob;

void bc_sandbox_job_free (BcSandboxJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcSandboxJob, bc_sandbox_job_free)

/* Fork a child that runs FUNC (USER_DATA) limited by LIMITS
 * (inspect_cpu_seconds, inspect_wall_seconds, inspect_memory_bytes; 0 =
 * no limit of that kind), and return at once. The child works on its own
 * copy of memory as it was at the fork, so USER_DATA (and whatever it
 * points to) may be freed as soon as this returns. The job's wall-clock
 * deadline counts from now. Returns NULL with ERROR only when the tool
 * itself failed (pipe, fork). */
G_GNUC_WARN_UNUSED_RESULT
BcSandboxJob *bc_sandbox_start (BcSandboxFunc func,
                                gpointer user_data,
                                const BcLimits *limits,
                                GError **error);

/* Wait for JOB's child (until it closes its pipes or its deadline passes,
 * then SIGKILL), reap it and free JOB. Returns FALSE with ERROR only when
 * the tool itself failed (wait4). Otherwise returns TRUE and sets exactly
 * one of *RESULT (the child exited normally; the bytes are untrusted and
 * must be validated by the caller) or *FAILURE (what happened to the
 * child, in English, e.g. "crashed (signal 11)", "took longer than 15 s");
 * free both. */
G_GNUC_WARN_UNUSED_RESULT
gboolean bc_sandbox_finish (BcSandboxJob *job,
                            GBytes **result,
                            char **failure,
                            GError **error);

/* bc_sandbox_finish(), also reading the pipes of the N_OTHERS still
 * running jobs in OTHERS (NULL entries and JOB itself are skipped) while
 * it waits, so a child with more to say than a pipe holds does not stall
 * behind the one being waited for. Their results stay in their jobs. */
G_GNUC_WARN_UNUSED_RESULT
gboolean bc_sandbox_finish_draining (BcSandboxJob *job,
                                     BcSandboxJob *const *others,
                                     guint n_others,
                                     GBytes **result,
                                     char **failure,
                                     GError **error);

/* start + finish: run FUNC (USER_DATA) in a child and wait for it */
G_GNUC_WARN_UNUSED_RESULT
gboolean bc_sandbox_run (BcSandboxFunc func,
                         gpointer user_data,
                         const BcLimits *limits,
                         GBytes **result,
                         char **failure,
                         GError **error);

G_END_DECLS
