/* bundlecheck — the command-line tool. It parses options, calls the
 * library, renders reports and maps the outcome to an exit code:
 *   0  every bundle passes
 *   1  some bundle has a finding at or above --fail-on (error by default)
 *   2  the tool could not judge (usage, ruleset, I/O)
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bundlecheck.h"

enum {
  EXIT_PASS = 0,
  EXIT_FAIL = 1,
  EXIT_CANNOT_JUDGE = 2,
};

static const char *usage_text =
  "Usage:\n"
  "  bundlecheck check     [-r RULESET] [-s VAR=VALUE]... [-f text|json] [-o FILE] BUNDLE.zip|- ...\n"
  "  bundlecheck checklist [-r RULESET] [-s VAR=VALUE]... [-f text|json|markdown] [-o FILE]\n"
  "  bundlecheck ruleset   list | show NAME | lint FILE...\n"
  "  bundlecheck limits\n"
  "  bundlecheck --version | --help\n"
  "\n"
  "Run 'bundlecheck COMMAND --help' for the options of a command.\n"
  "Exit codes: 0 every bundle passes, 1 some bundle has error findings,\n"
  "2 the tool could not judge (usage, ruleset, I/O).\n";

/* options shared by check and checklist */
/* Options that may carry Chinese (-s, -r) are FILENAME options: GLib
 * passes those through as bytes, where a STRING option would be converted
 * from the locale and fail under LANG=C, as pipelines often run. They are
 * checked for UTF-8 where they are used. Commands parse a copy of argv
 * (g_option_context_parse_strv shortens it to the positionals). */
typedef struct {
  char *ruleset;
  char **settings;
  char *format;
  char *output;
  char *lang;
  char *fail_on;
  char *color;
  char **limits;
  gboolean in_process;
  gint jobs; /* G_MININT = not given */
} CliOptions;

static void
cli_options_clear (CliOptions *o)
{
  g_free (o->ruleset);
  g_strfreev (o->settings);
  g_free (o->format);
  g_free (o->output);
  g_free (o->lang);
  g_free (o->fail_on);
  g_free (o->color);
  g_strfreev (o->limits);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliOptions, cli_options_clear)

static int
usage_failure (const char *command, const GError *error)
{
  g_printerr ("bundlecheck %s: %s\n", command, error->message);
  return EXIT_CANNOT_JUDGE;
}

static BcLang
detect_lang (const char *requested)
{
  const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE" };

  if (requested != NULL)
    return g_str_has_prefix (requested, "zh") ? BC_LANG_ZH : BC_LANG_EN;
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++) {
    const char *v = g_getenv (vars[i]);
    if (v != NULL && *v != '\0')
      return g_str_has_prefix (v, "zh") ? BC_LANG_ZH : BC_LANG_EN;
  }
  return BC_LANG_EN;
}

static gboolean
parse_format (const char *str, gboolean allow_markdown, BcFormat *out, GError **error)
{
  if (str == NULL || g_strcmp0 (str, "text") == 0)
    *out = BC_FORMAT_TEXT;
  else if (g_strcmp0 (str, "json") == 0)
    *out = BC_FORMAT_JSON;
  else if (allow_markdown && (g_strcmp0 (str, "markdown") == 0 || g_strcmp0 (str, "md") == 0))
    *out = BC_FORMAT_MARKDOWN;
  else {
    g_set_error (error, BC_ERROR, BC_ERROR_USAGE, "unknown format '%s' (use text, json%s)",
                 str, allow_markdown ? " or markdown" : "");
    return FALSE;
  }
  return TRUE;
}

static gboolean
parse_lang (const char *str, GError **error)
{
  if (str == NULL || g_str_has_prefix (str, "zh") || g_str_has_prefix (str, "en"))
    return TRUE;
  g_set_error (error, BC_ERROR, BC_ERROR_USAGE, "unknown language '%s' (use zh or en)", str);
  return FALSE;
}

/* the output stream: stdout or -o FILE, opened once for all bundles */
static FILE *
open_output (const char *path, GError **error)
{
  FILE *f;

  if (path == NULL || g_strcmp0 (path, "-") == 0)
    return stdout;
  f = fopen (path, "w");
  if (f == NULL) {
    g_set_error (error, BC_ERROR, BC_ERROR_IO, "cannot write %s: %s", path, g_strerror (errno));
    return NULL;
  }
  return f;
}

static gboolean
close_output (FILE *f, const char *path, GError **error)
{
  if (fflush (f) != 0 || ferror (f)) {
    g_set_error (error, BC_ERROR, BC_ERROR_IO, "cannot write %s: %s",
                 path != NULL ? path : "standard output", g_strerror (errno));
    if (f != stdout)
      fclose (f);
    return FALSE;
  }
  if (f != stdout && fclose (f) != 0) {
    g_set_error (error, BC_ERROR, BC_ERROR_IO, "cannot write %s: %s", path, g_strerror (errno));
    return FALSE;
  }
  return TRUE;
}

static gboolean
settings_are_utf8 (const CliOptions *o, GError **error)
{
  for (guint i = 0; o->settings != NULL && o->settings[i] != NULL; i++) {
    if (!g_utf8_validate (o->settings[i], -1, NULL)) {
      g_set_error (error, BC_ERROR, BC_ERROR_USAGE, "-s %s is not valid UTF-8", o->settings[i]);
      return FALSE;
    }
  }
  return TRUE;
}

static BcRuleset *
open_ruleset_and_context (const CliOptions *o, BcContext **context, GError **error)
{
  g_autoptr (BcRuleset) ruleset = NULL;
  g_autoptr (BcContext) ctx = NULL;

  if (!settings_are_utf8 (o, error))
    return NULL;
  ruleset = bc_ruleset_open (o->ruleset != NULL ? o->ruleset : "wechat-miniprogram", error);
  if (ruleset == NULL)
    return NULL;
  ctx = bc_context_new (ruleset);
  for (guint i = 0; o->settings != NULL && o->settings[i] != NULL; i++) {
    if (!bc_context_set (ctx, o->settings[i], error))
      return NULL;
  }
  *context = g_steal_pointer (&ctx);
  return g_steal_pointer (&ruleset);
}

/* standard input is a pipeline's bundle: read it whole, but never more than
 * the bundle limit allows */
static GBytes *
read_stdin (guint64 max_bytes, gboolean *too_large, GError **error)
{
  g_autoptr (GByteArray) buf = g_byte_array_new ();
  guint8 chunk[65536];

  *too_large = FALSE;
  for (;;) {
    ssize_t n = read (STDIN_FILENO, chunk, sizeof (chunk));
    if (n < 0) {
      if (errno == EINTR)
        continue;
      g_set_error (error, BC_ERROR, BC_ERROR_IO, "cannot read standard input: %s", g_strerror (errno));
      return NULL;
    }
    if (n == 0)
      break;
    if ((guint64) buf->len + (guint64) n > max_bytes) {
      *too_large = TRUE;
      /* keep what fits: the archive reader reports the limit */
      g_byte_array_append (buf, chunk, (guint) MIN ((guint64) n, max_bytes + 1 - buf->len));
      break;
    }
    g_byte_array_append (buf, chunk, (guint) n);
  }
  return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
}

static int
cmd_check (int argc, char **argv)
{
  g_auto (GStrv) args = g_strdupv (argv);
  g_auto (CliOptions) o = { 0 };
  g_autoptr (GOptionContext) octx = g_option_context_new ("BUNDLE.zip|- ... — judge bundles against a ruleset");
  g_autoptr (GError) error = NULL;
  g_autoptr (BcRuleset) ruleset = NULL;
  g_autoptr (BcContext) context = NULL;
  BcCheckOptions options;
  BcRenderOptions render = { 0 };
  BcFormat format;
  FILE *out;
  int exit_code = EXIT_PASS;
  GOptionEntry entries[] = {
    { "ruleset", 'r', 0, G_OPTION_ARG_FILENAME, &o.ruleset, "Shipped ruleset name or path (default wechat-miniprogram)", "RULESET" },
    { "set", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &o.settings, "Set a context variable (list values comma-separated)", "VAR=VALUE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format, "Report format: text (default) or json (JSON Lines, one object per bundle)", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "Write the report to FILE instead of standard output", "FILE" },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &o.lang, "Report language: zh or en (default from the locale)", "LANG" },
    { "fail-on", 0, 0, G_OPTION_ARG_STRING, &o.fail_on, "Severity that fails a bundle: error (default) or warning", "SEVERITY" },
    { "color", 0, 0, G_OPTION_ARG_STRING, &o.color, "Colour text output: auto (default), always, never", "WHEN" },
    { "limit", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.limits, "Override a limit (see 'bundlecheck limits')", "NAME=VALUE" },
    { "in-process", 0, 0, G_OPTION_ARG_NONE, &o.in_process, "Inspect files without a child process (faster; unsafe for untrusted input)", NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o.jobs, "Inspection children at once, 1-16 (default: online CPUs, at most 4; 1 = one file at a time)", "N" },
    G_OPTION_ENTRY_NULL,
  };

  /* "not given" must differ from every number a user can type wrong */
  o.jobs = G_MININT;
  g_option_context_add_main_entries (octx, entries, NULL);
  if (!g_option_context_parse_strv (octx, &args, &error))
    return usage_failure ("check", error);
  argc = (int) g_strv_length (args);
  if (argc < 2) {
    g_printerr ("bundlecheck check: no bundle given (a path, or - for standard input)\n");
    return EXIT_CANNOT_JUDGE;
  }
  render.fail_on = BC_SEVERITY_ERROR;
  if (!parse_format (o.format, FALSE, &format, &error) || !parse_lang (o.lang, &error))
    return usage_failure ("check", error);
  if (o.fail_on != NULL && (!bc_severity_from_string (o.fail_on, &render.fail_on) ||
                            render.fail_on == BC_SEVERITY_INFO)) {
    g_set_error (&error, BC_ERROR, BC_ERROR_USAGE, "--fail-on takes error or warning, not '%s'", o.fail_on);
    return usage_failure ("check", error);
  }
  if (o.color != NULL && g_strcmp0 (o.color, "auto") != 0 && g_strcmp0 (o.color, "always") != 0 &&
      g_strcmp0 (o.color, "never") != 0) {
    g_set_error (&error, BC_ERROR, BC_ERROR_USAGE, "--color takes auto, always or never, not '%s'", o.color);
    return usage_failure ("check", error);
  }
  if (o.jobs != G_MININT && (o.jobs < 1 || o.jobs > 16)) {
    g_set_error (&error, BC_ERROR, BC_ERROR_USAGE, "--jobs takes a number from 1 to 16, not %d", o.jobs);
    return usage_failure ("check", error);
  }
  ruleset = open_ruleset_and_context (&o, &context, &error);
  if (ruleset == NULL)
    return usage_failure ("check", error);

  bc_check_options_init (&options);
  bc_check_options_apply_ruleset (&options, ruleset);
  for (guint i = 0; o.limits != NULL && o.limits[i] != NULL; i++) {
    if (!bc_limits_set (&options.limits, o.limits[i], &error))
      return usage_failure ("check", error);
  }
  options.lang = render.lang = detect_lang (o.lang);
  options.isolation = o.in_process ? BC_ISOLATION_IN_PROCESS : BC_ISOLATION_CHILD;
  if (o.jobs != G_MININT)
    options.max_parallel = (guint) o.jobs;

  out = open_output (o.output, &error);
  if (out == NULL)
    return usage_failure ("check", error);
  if (o.color == NULL || g_strcmp0 (o.color, "auto") == 0)
    render.color = out == stdout && isatty (STDOUT_FILENO) && g_getenv ("NO_COLOR") == NULL;
  else
    render.color = g_strcmp0 (o.color, "always") == 0;

  for (int i = 1; i < argc; i++) {
    const char *path = args[i];
    g_autoptr (BcReport) report = NULL;
    g_autoptr (GError) check_error = NULL;
    g_autofree char *rendered = NULL;

    if (g_strcmp0 (path, "-") == 0) {
      gboolean too_large = FALSE;
      g_autoptr (GBytes) bytes = read_stdin (options.limits.max_bundle_bytes, &too_large, &check_error);
      if (bytes != NULL)
        report = bc_check_bytes (ruleset, context, &options, bytes, "-", &check_error);
    } else {
      int fd = open (path, O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        g_set_error (&check_error, BC_ERROR, BC_ERROR_IO, "cannot read %s: %s", path, g_strerror (errno));
      } else {
        report = bc_check_fd (ruleset, context, &options, fd, path, &check_error);
        close (fd);
      }
    }
    if (report == NULL) {
      g_printerr ("bundlecheck: %s\n", check_error->message);
      exit_code = EXIT_CANNOT_JUDGE;
      continue;
    }
    rendered = bc_report_render (report, format, &render);
    fputs (rendered, out);
    fputc ('\n', out);
    if (!bc_report_passed (report, render.fail_on) && exit_code == EXIT_PASS)
      exit_code = EXIT_FAIL;
  }
  if (!close_output (out, o.output, &error)) {
    g_printerr ("bundlecheck: %s\n", error->message);
    exit_code = EXIT_CANNOT_JUDGE;
  }
  return exit_code;
}

static int
cmd_checklist (int argc, char **argv)
{
  g_auto (GStrv) args = g_strdupv (argv);
  g_auto (CliOptions) o = { 0 };
  g_autoptr (GOptionContext) octx = g_option_context_new ("— the documents to prepare for a filing context");
  g_autoptr (GError) error = NULL;
  g_autoptr (BcRuleset) ruleset = NULL;
  g_autoptr (BcContext) context = NULL;
  g_autofree char *rendered = NULL;
  BcRenderOptions render = { 0 };
  BcFormat format;
  FILE *out;
  GOptionEntry entries[] = {
    { "ruleset", 'r', 0, G_OPTION_ARG_FILENAME, &o.ruleset, "Shipped ruleset name or path (default wechat-miniprogram)", "RULESET" },
    { "set", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &o.settings, "Set a context variable (list values comma-separated)", "VAR=VALUE" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format, "text (default), json or markdown", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, "Write to FILE instead of standard output", "FILE" },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &o.lang, "Language: zh or en (default from the locale)", "LANG" },
    G_OPTION_ENTRY_NULL,
  };

  g_option_context_add_main_entries (octx, entries, NULL);
  if (!g_option_context_parse_strv (octx, &args, &error))
    return usage_failure ("checklist", error);
  argc = (int) g_strv_length (args);
  if (argc > 1) {
    g_set_error (&error, BC_ERROR, BC_ERROR_USAGE, "unexpected argument '%s'", args[1]);
    return usage_failure ("checklist", error);
  }
  if (!parse_format (o.format, TRUE, &format, &error) || !parse_lang (o.lang, &error))
    return usage_failure ("checklist", error);
  ruleset = open_ruleset_and_context (&o, &context, &error);
  if (ruleset == NULL)
    return usage_failure ("checklist", error);
  render.lang = detect_lang (o.lang);
  render.fail_on = BC_SEVERITY_ERROR;
  out = open_output (o.output, &error);
  if (out == NULL)
    return usage_failure ("checklist", error);
  rendered = bc_checklist_render (ruleset, context, format, &render);
  fputs (rendered, out);
  if (!g_str_has_suffix (rendered, "\n"))
    fputc ('\n', out);
  if (!close_output (out, o.output, &error))
    return usage_failure ("checklist", error);
  return EXIT_PASS;
}

static int
cmd_ruleset (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;

  if (argc < 2 || g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0) {
    g_print ("Usage: bundlecheck ruleset list | show NAME | lint FILE...\n");
    return argc < 2 ? EXIT_CANNOT_JUDGE : EXIT_PASS;
  }
  if (g_strcmp0 (argv[1], "list") == 0) {
    g_auto (GStrv) names = bc_ruleset_list_shipped ();
    for (guint i = 0; names != NULL && names[i] != NULL; i++) {
      g_autoptr (GError) load_error = NULL;
      g_autoptr (BcRuleset) ruleset = bc_ruleset_open (names[i], &load_error);
      if (ruleset == NULL)
        g_print ("%s\t(cannot load: %s)\n", names[i], load_error->message);
      else
        g_print ("%s\n", names[i]);
    }
    return EXIT_PASS;
  }
  if (g_strcmp0 (argv[1], "show") == 0) {
    g_autoptr (BcRuleset) ruleset = NULL;
    g_autofree char *rendered = NULL;

    if (argc != 3) {
      g_printerr ("Usage: bundlecheck ruleset show NAME\n");
      return EXIT_CANNOT_JUDGE;
    }
    ruleset = bc_ruleset_open (argv[2], &error);
    if (ruleset == NULL) {
      g_printerr ("bundlecheck ruleset show: %s\n", error->message);
      return EXIT_CANNOT_JUDGE;
    }
    rendered = bc_ruleset_describe (ruleset, detect_lang (NULL));
    g_print ("%s", rendered);
    return EXIT_PASS;
  }
  if (g_strcmp0 (argv[1], "lint") == 0) {
    int exit_code = EXIT_PASS;
    if (argc < 3) {
      g_printerr ("Usage: bundlecheck ruleset lint FILE...\n");
      return EXIT_CANNOT_JUDGE;
    }
    for (int i = 2; i < argc; i++) {
      g_autoptr (GPtrArray) problems = NULL;
      g_autoptr (GError) lint_error = NULL;
      if (!bc_ruleset_lint (argv[i], &problems, &lint_error)) {
        if (problems == NULL) {
          g_printerr ("bundlecheck ruleset lint: %s\n", lint_error->message);
        } else {
          for (guint j = 0; j < problems->len; j++)
            g_printerr ("%s\n", (const char *) g_ptr_array_index (problems, j));
        }
        exit_code = EXIT_CANNOT_JUDGE;
        continue;
      }
      g_print ("%s: ok\n", argv[i]);
    }
    return exit_code;
  }
  g_printerr ("bundlecheck ruleset: unknown subcommand '%s'\n", argv[1]);
  return EXIT_CANNOT_JUDGE;
}

static int
cmd_limits (void)
{
  guint n = 0;
  const BcLimitInfo *info = bc_limits_describe (&n);

  for (guint i = 0; i < n; i++)
    g_print ("%-22s %12" G_GUINT64_FORMAT " %-8s %s\n", info[i].name, info[i].default_value,
             info[i].unit, info[i].reason);
  return EXIT_PASS;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2) {
    g_printerr ("%s", usage_text);
    return EXIT_CANNOT_JUDGE;
  }
  if (g_strcmp0 (argv[1], "--version") == 0 || g_strcmp0 (argv[1], "-V") == 0) {
    g_print ("bundlecheck %s\n", bc_version ());
    return EXIT_PASS;
  }
  if (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0 ||
      g_strcmp0 (argv[1], "help") == 0) {
    g_print ("%s", usage_text);
    return EXIT_PASS;
  }
  if (g_strcmp0 (argv[1], "check") == 0)
    return cmd_check (argc - 1, argv + 1);
  if (g_strcmp0 (argv[1], "checklist") == 0)
    return cmd_checklist (argc - 1, argv + 1);
  if (g_strcmp0 (argv[1], "ruleset") == 0)
    return cmd_ruleset (argc - 1, argv + 1);
  if (g_strcmp0 (argv[1], "limits") == 0)
    return cmd_limits ();
  g_printerr ("bundlecheck: unknown command '%s'\n\n%s", argv[1], usage_text);
  return EXIT_CANNOT_JUDGE;
}
