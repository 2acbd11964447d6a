#include "bc-finding.h"

G_DEFINE_QUARK (bundlecheck-error-quark, bc_error)

const char *
bc_severity_to_string (BcSeverity severity)
{
  switch (severity) {
  case BC_SEVERITY_ERROR:
    return "error";
  case BC_SEVERITY_WARNING:
    return "warning";
  case BC_SEVERITY_INFO:
  default:
    return "info";
  }
}

const char *
bc_severity_word (BcSeverity severity, BcLang lang)
{
  switch (severity) {
  case BC_SEVERITY_ERROR:
    return BC_TR (lang, "error", "错误");
  case BC_SEVERITY_WARNING:
    return BC_TR (lang, "warning", "警告");
  case BC_SEVERITY_INFO:
  default:
    return BC_TR (lang, "info", "提示");
  }
}

gboolean
bc_severity_from_string (const char *str, BcSeverity *out)
{
  if (g_strcmp0 (str, "error") == 0)
    *out = BC_SEVERITY_ERROR;
  else if (g_strcmp0 (str, "warning") == 0)
    *out = BC_SEVERITY_WARNING;
  else if (g_strcmp0 (str, "info") == 0)
    *out = BC_SEVERITY_INFO;
  else
    return FALSE;
  return TRUE;
}

BcFinding *
bc_finding_new (const char *code,
                BcSeverity severity,
                const char *document,
                const char *file,
                gint page,
                const char *message,
                const char *hint)
{
  BcFinding *finding = g_new0 (BcFinding, 1);

  finding->code = g_strdup (code);
  finding->severity = severity;
  finding->document = g_strdup (document);
  finding->file = g_strdup (file);
  finding->page = page;
  finding->message = g_strdup (message);
  finding->hint = g_strdup (hint);
  return finding;
}

void
bc_finding_free (BcFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->code);
  g_free (finding->document);
  g_free (finding->file);
  g_free (finding->message);
  g_free (finding->hint);
  g_free (finding->source);
  g_free (finding);
}

GPtrArray *
bc_findings_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) bc_finding_free);
}

BcFinding *
bc_findings_add (GPtrArray *findings,
                 const char *code,
                 BcSeverity severity,
                 const char *document,
                 const char *file,
                 const char *hint,
                 const char *format,
                 ...)
{
  va_list args;
  g_autofree char *message = NULL;
  BcFinding *finding;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  finding = bc_finding_new (code, severity, document, file, 0, message, hint);
  g_ptr_array_add (findings, finding);
  return finding;
}

char *
bc_format_bytes (guint64 bytes)
{
  /* filing offices write "200K" meaning kibibytes; keep 1024-based units
   * so the numbers match the ruleset's K/M/G suffixes */
  if (bytes < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
  if (bytes < 1024 * 1024)
    return g_strdup_printf ("%.1f KiB", (double) bytes / 1024.0);
  if (bytes < (guint64) 1024 * 1024 * 1024)
    return g_strdup_printf ("%.1f MiB", (double) bytes / (1024.0 * 1024.0));
  return g_strdup_printf ("%.1f GiB", (double) bytes / (1024.0 * 1024.0 * 1024.0));
}
