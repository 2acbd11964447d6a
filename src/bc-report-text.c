/* The report for a person at a terminal: what the bundle is, then one line
 * per document the filing asks for with its files and problems under it,
 * then problems no document owns, then the verdict.
 *
 * Everything printed that came from the bundle (file names, and messages
 * that quote them) is passed through escape_append(): a ZIP entry name may
 * hold ESC, CSI or bidi overrides, and printing it raw would let an archive
 * rewrite the user's terminal or disguise a file name. */

#include <string.h>

#include "bc-finding.h"
#include "bc-report.h"

#define ANSI_RED    "\033[31m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_GREEN  "\033[32m"
#define ANSI_DIM    "\033[2m"
#define ANSI_BOLD   "\033[1m"
#define ANSI_RESET  "\033[0m"

typedef struct {
  GString *out;
  const BcReport *report;
  const BcRenderOptions *options;
  gint *homes; /* per finding: index of the listed document it is shown under, or -1 */
} BcTextCtx;

/* code points that change how a terminal shows the text around them:
 * C1 controls (U+0080–U+009F, CSI among them), bidi embeddings and
 * isolates, and the Unicode line/paragraph separators */
static gboolean
is_invisible_control (gunichar c)
{
  return (c >= 0x80 && c <= 0x9f) ||
         c == 0x200e || c == 0x200f ||
         (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069) ||
         c == 0x2028 || c == 0x2029;
}

static void
escape_append (GString *out, const char *str)
{
  const char *p = str;
  const char *end;

  if (str == NULL)
    return;
  end = str + strlen (str);
  while (p < end) {
    guchar b = (guchar) *p;
    gunichar c;
    const char *next;

    /* C0 controls and DEL, newlines included: one finding, one line */
    if (b < 0x20 || b == 0x7f) {
      g_string_append_printf (out, "\\x%02X", b);
      p++;
      continue;
    }
    if (b < 0x80) {
      g_string_append_c (out, (char) b);
      p++;
      continue;
    }
    c = g_utf8_get_char_validated (p, end - p);
    if (c == (gunichar) -1 || c == (gunichar) -2) {
      /* not UTF-8: show the byte, never pass it to the terminal */
      g_string_append_printf (out, "\\x%02X", b);
      p++;
      continue;
    }
    next = g_utf8_next_char (p);
    if (is_invisible_control (c))
      g_string_append_printf (out, "\\u%04X", c);
    else
      g_string_append_len (out, p, next - p);
    p = next;
  }
}

static void
color_on (BcTextCtx *ctx, const char *code)
{
  if (ctx->options->color)
    g_string_append (ctx->out, code);
}

static void
color_off (BcTextCtx *ctx)
{
  if (ctx->options->color)
    g_string_append (ctx->out, ANSI_RESET);
}

static void
indent (BcTextCtx *ctx, guint n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (ctx->out, ' ');
}

static const char *
severity_color (BcSeverity severity)
{
  switch (severity) {
  case BC_SEVERITY_ERROR:
    return ANSI_RED;
  case BC_SEVERITY_WARNING:
    return ANSI_YELLOW;
  case BC_SEVERITY_INFO:
  default:
    return ANSI_DIM;
  }
}

static const char *
text_or_id (const BcText *text, const char *id, BcLang lang)
{
  const char *str = bc_text_get (text, lang);
  return str != NULL ? str : id;
}

/* "1 error" / "2 errors" / "2 个错误" */
static void
append_count (GString *out, guint n, const char *en_one, const char *en_many, const char *zh, BcLang lang)
{
  if (lang == BC_LANG_ZH)
    g_string_append_printf (out, "%u 个%s", n, zh);
  else
    g_string_append_printf (out, "%u %s", n, n == 1 ? en_one : en_many);
}

static void
render_finding (BcTextCtx *ctx, const BcFinding *f, guint depth)
{
  BcLang lang = ctx->options->lang;
  gboolean dim = f->severity == BC_SEVERITY_INFO;

  indent (ctx, depth);
  color_on (ctx, severity_color (f->severity));
  g_string_append (ctx->out, bc_severity_word (f->severity, lang));
  if (!dim)
    color_off (ctx);
  g_string_append (ctx->out, BC_TR (lang, ": ", "："));
  escape_append (ctx->out, f->message);
  if (f->page > 0)
    g_string_append_printf (ctx->out, BC_TR (lang, " (page %d)", "（第 %d 页）"), f->page);
  if (dim)
    color_off (ctx);
  g_string_append_c (ctx->out, '\n');
  if (f->hint != NULL && f->hint[0] != '\0') {
    indent (ctx, depth + 2);
    if (dim)
      color_on (ctx, ANSI_DIM);
    g_string_append (ctx->out, "→ ");
    escape_append (ctx->out, f->hint);
    if (dim)
      color_off (ctx);
    g_string_append_c (ctx->out, '\n');
  }
}

static gboolean
str_array_contains (GPtrArray *array, const char *str)
{
  for (guint i = 0; array != NULL && i < array->len; i++) {
    if (g_strcmp0 (g_ptr_array_index (array, i), str) == 0)
      return TRUE;
  }
  return FALSE;
}

/* Findings whose home is HOME, laid out as: findings about no file, then
 * each file of FILES (listed even without findings) with its findings
 * under it, then any other file the findings name. */
static void
render_group (BcTextCtx *ctx, gint home, GPtrArray *files, guint depth)
{
  GPtrArray *findings = ctx->report->findings;
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; findings != NULL && i < findings->len; i++) {
    const BcFinding *f = g_ptr_array_index (findings, i);
    if (ctx->homes[i] == home && f->file == NULL)
      render_finding (ctx, f, depth);
  }

  for (guint i = 0; files != NULL && i < files->len; i++)
    g_ptr_array_add (order, g_ptr_array_index (files, i));
  for (guint i = 0; findings != NULL && i < findings->len; i++) {
    const BcFinding *f = g_ptr_array_index (findings, i);
    if (ctx->homes[i] == home && f->file != NULL && !str_array_contains (order, f->file))
      g_ptr_array_add (order, f->file);
  }

  for (guint j = 0; j < order->len; j++) {
    const char *path = g_ptr_array_index (order, j);
    indent (ctx, depth);
    escape_append (ctx->out, path);
    g_string_append_c (ctx->out, '\n');
    for (guint i = 0; findings != NULL && i < findings->len; i++) {
      const BcFinding *f = g_ptr_array_index (findings, i);
      if (ctx->homes[i] == home && g_strcmp0 (f->file, path) == 0)
        render_finding (ctx, f, depth + 2);
    }
  }
}

static gboolean
doc_is_listed (const BcDocRecord *rec)
{
  return rec->document != NULL && rec->applicability != BC_DOC_NOT_APPLICABLE;
}

static gint
listed_doc_index (const BcReport *report, const char *id)
{
  for (guint i = 0; id != NULL && report->documents != NULL && i < report->documents->len; i++) {
    const BcDocRecord *rec = g_ptr_array_index (report->documents, i);
    if (doc_is_listed (rec) && g_strcmp0 (rec->document->id, id) == 0)
      return (gint) i;
  }
  return -1;
}

/* where a finding is shown: under its own document when that is listed;
 * a finding about a file but no document goes under the document the file
 * was assigned to; everything else (unmatched, ambiguous, archive-level,
 * or about a document not needed here) goes to "other findings" */
static gint
finding_home (const BcReport *report, const BcFinding *f)
{
  if (f->document != NULL)
    return listed_doc_index (report, f->document);
  if (f->file == NULL)
    return -1;
  for (guint i = 0; report->files != NULL && i < report->files->len; i++) {
    const BcFileRecord *rec = g_ptr_array_index (report->files, i);
    if (g_strcmp0 (rec->path, f->file) != 0)
      continue;
    for (guint j = 0; rec->documents != NULL && j < rec->documents->len; j++) {
      gint idx = listed_doc_index (report, g_ptr_array_index (rec->documents, j));
      if (idx >= 0)
        return idx;
    }
    break;
  }
  return -1;
}

static const BcVarValue *
find_value (const BcVariable *var, const char *id)
{
  for (guint i = 0; var->values != NULL && i < var->values->len; i++) {
    const BcVarValue *val = g_ptr_array_index (var->values, i);
    if (g_strcmp0 (val->id, id) == 0)
      return val;
  }
  return NULL;
}

static void
render_context (BcTextCtx *ctx)
{
  const BcReport *report = ctx->report;
  BcLang lang = ctx->options->lang;

  if (report->ruleset == NULL || report->ruleset->variables == NULL) {
    for (guint i = 0; report->context != NULL && i < report->context->len; i++) {
      if (i > 0)
        g_string_append (ctx->out, BC_TR (lang, "; ", "；"));
      escape_append (ctx->out, g_ptr_array_index (report->context, i));
    }
    return;
  }
  for (guint i = 0; i < report->ruleset->variables->len; i++) {
    const BcVariable *var = g_ptr_array_index (report->ruleset->variables, i);
    GPtrArray *vals = report->context_values != NULL ? g_hash_table_lookup (report->context_values, var->id) : NULL;
    if (i > 0)
      g_string_append (ctx->out, BC_TR (lang, "; ", "；"));
    escape_append (ctx->out, text_or_id (&var->name, var->id, lang));
    g_string_append (ctx->out, BC_TR (lang, ": ", "："));
    if (vals == NULL) {
      g_string_append (ctx->out, BC_TR (lang, "not set", "未设置"));
      continue;
    }
    if (vals->len == 0) {
      g_string_append (ctx->out, BC_TR (lang, "none", "无"));
      continue;
    }
    for (guint j = 0; j < vals->len; j++) {
      const char *id = g_ptr_array_index (vals, j);
      const BcVarValue *val = find_value (var, id);
      if (j > 0)
        g_string_append (ctx->out, BC_TR (lang, ", ", "、"));
      escape_append (ctx->out, val != NULL ? text_or_id (&val->name, val->id, lang) : id);
    }
  }
}

static void
render_header (BcTextCtx *ctx)
{
  const BcReport *report = ctx->report;
  BcLang lang = ctx->options->lang;
  g_autofree char *size = bc_format_bytes (report->bundle_size);

  color_on (ctx, ANSI_BOLD);
  g_string_append (ctx->out, BC_TR (lang, "Bundle:  ", "附件包："));
  color_off (ctx);
  escape_append (ctx->out, report->bundle_path != NULL ? report->bundle_path : "-");
  g_string_append_printf (ctx->out,
                          BC_TR (lang, " (%s, %" G_GUINT64_FORMAT " entries)\n",
                                 "（%s，%" G_GUINT64_FORMAT " 个条目）\n"),
                          size, report->entry_count);

  color_on (ctx, ANSI_BOLD);
  g_string_append (ctx->out, BC_TR (lang, "Ruleset: ", "规则集："));
  color_off (ctx);
  escape_append (ctx->out, report->ruleset_name);
  if (report->ruleset_version != NULL) {
    g_string_append_c (ctx->out, ' ');
    escape_append (ctx->out, report->ruleset_version);
  }
  if (report->ruleset_updated != NULL) {
    g_string_append (ctx->out, BC_TR (lang, " (updated ", "（更新于 "));
    escape_append (ctx->out, report->ruleset_updated);
    g_string_append (ctx->out, BC_TR (lang, ")", "）"));
  }
  g_string_append_c (ctx->out, '\n');

  color_on (ctx, ANSI_BOLD);
  g_string_append (ctx->out, BC_TR (lang, "Context: ", "情形：  "));
  color_off (ctx);
  render_context (ctx);
  g_string_append (ctx->out, "\n\n");
}

static void
render_document (BcTextCtx *ctx, guint idx)
{
  const BcDocRecord *rec = g_ptr_array_index (ctx->report->documents, idx);
  BcLang lang = ctx->options->lang;

  g_string_append (ctx->out, "  ");
  switch (rec->status) {
  case BC_DOC_STATUS_PRESENT:
    color_on (ctx, ANSI_GREEN);
    g_string_append (ctx->out, "✓");
    break;
  case BC_DOC_STATUS_MISSING:
  case BC_DOC_STATUS_INVALID:
    color_on (ctx, ANSI_RED);
    g_string_append (ctx->out, "✗");
    break;
  case BC_DOC_STATUS_OPTIONAL:
  case BC_DOC_STATUS_NOT_APPLICABLE:
  default:
    color_on (ctx, ANSI_DIM);
    g_string_append (ctx->out, "·");
    break;
  }
  color_off (ctx);
  g_string_append_c (ctx->out, ' ');
  escape_append (ctx->out, text_or_id (&rec->document->name, rec->document->id, lang));
  switch (rec->status) {
  case BC_DOC_STATUS_MISSING:
    g_string_append (ctx->out, BC_TR (lang, " — missing", "——缺少"));
    break;
  case BC_DOC_STATUS_INVALID:
    g_string_append (ctx->out, BC_TR (lang, " — has problems", "——有问题"));
    break;
  case BC_DOC_STATUS_OPTIONAL:
    g_string_append (ctx->out, BC_TR (lang, " (optional, not provided)", "（可选，未提供）"));
    break;
  case BC_DOC_STATUS_PRESENT:
    if (rec->applicability == BC_DOC_OPTIONAL)
      g_string_append (ctx->out, BC_TR (lang, " (optional)", "（可选）"));
    break;
  case BC_DOC_STATUS_NOT_APPLICABLE:
  default:
    break;
  }
  g_string_append_c (ctx->out, '\n');
  render_group (ctx, (gint) idx, rec->files, 6);
}

static void
render_verdict (BcTextCtx *ctx, guint n_errors, guint n_warnings, gboolean failed)
{
  BcLang lang = ctx->options->lang;

  color_on (ctx, failed ? ANSI_RED : ANSI_GREEN);
  color_on (ctx, ANSI_BOLD);
  if (failed) {
    g_string_append (ctx->out, BC_TR (lang, "FAIL: ", "不通过："));
    append_count (ctx->out, n_errors, "error", "errors", "错误", lang);
    g_string_append (ctx->out, BC_TR (lang, ", ", "，"));
    append_count (ctx->out, n_warnings, "warning", "warnings", "警告", lang);
  } else {
    g_string_append (ctx->out, BC_TR (lang, "PASS: bundle ready to upload", "通过：附件包可以上传"));
    if (n_warnings > 0) {
      g_string_append (ctx->out, BC_TR (lang, " (", "（"));
      append_count (ctx->out, n_warnings, "warning", "warnings", "警告", lang);
      g_string_append (ctx->out, BC_TR (lang, ")", "）"));
    }
  }
  color_off (ctx);
  g_string_append_c (ctx->out, '\n');
}

/**
 * bc_report_render_text:
 * @report: a report
 * @options: language, colour and fail-on severity
 *
 * Renders the report for a person, ending in a newline. ANSI colour codes
 * appear only when @options->color is set; control characters from the
 * bundle never reach the output unescaped.
 *
 * Returns: (transfer full): a UTF-8 string
 */
char *
bc_report_render_text (const BcReport *report, const BcRenderOptions *options)
{
  BcTextCtx ctx = { 0 };
  g_autofree gint *homes = NULL;
  GPtrArray *findings;
  guint n_findings;
  guint n_errors = 0, n_warnings = 0, n_na = 0, n_other = 0;
  gboolean failed = FALSE;
  BcLang lang;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  lang = options->lang;
  findings = report->findings;
  n_findings = findings != NULL ? findings->len : 0;
  homes = g_new0 (gint, n_findings + 1);
  for (guint i = 0; i < n_findings; i++) {
    const BcFinding *f = g_ptr_array_index (findings, i);
    homes[i] = finding_home (report, f);
    if (homes[i] < 0)
      n_other++;
  }
  n_errors = bc_report_count (report, BC_SEVERITY_ERROR);
  n_warnings = bc_report_count (report, BC_SEVERITY_WARNING);
  failed = !bc_report_passed (report, options->fail_on);

  ctx.out = g_string_new (NULL);
  ctx.report = report;
  ctx.options = options;
  ctx.homes = homes;

  render_header (&ctx);

  color_on (&ctx, ANSI_BOLD);
  g_string_append (ctx.out, BC_TR (lang, "Documents:\n", "材料：\n"));
  color_off (&ctx);
  for (guint i = 0; report->documents != NULL && i < report->documents->len; i++) {
    const BcDocRecord *rec = g_ptr_array_index (report->documents, i);
    if (rec->document == NULL)
      continue;
    if (!doc_is_listed (rec)) {
      n_na++;
      continue;
    }
    render_document (&ctx, i);
  }
  if (n_na > 0) {
    color_on (&ctx, ANSI_DIM);
    g_string_append_printf (ctx.out,
                            n_na == 1 ? BC_TR (lang, "  (%u more document is not needed in this context)\n",
                                               "  （另有 %u 项材料在当前情形下无需提交）\n")
                                      : BC_TR (lang, "  (%u more documents are not needed in this context)\n",
                                               "  （另有 %u 项材料在当前情形下无需提交）\n"),
                            n_na);
    color_off (&ctx);
  }

  if (n_other > 0) {
    g_string_append_c (ctx.out, '\n');
    color_on (&ctx, ANSI_BOLD);
    g_string_append (ctx.out, BC_TR (lang, "Other findings:\n", "其他问题：\n"));
    color_off (&ctx);
    render_group (&ctx, -1, NULL, 2);
  }

  g_string_append_c (ctx.out, '\n');
  render_verdict (&ctx, n_errors, n_warnings, failed);
  return g_string_free (ctx.out, FALSE);
}
