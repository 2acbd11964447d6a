/* The checklist: what a filing in a given context asks for, before any
 * bundle exists. The same ruleset facts the checker enforces, written as
 * requirements: for a person (text, with boxes to tick), for a program
 * (JSON, "bundlecheck-checklist/1", see docs/report-format.md) and for a
 * client (Markdown, what a service provider would send). */

#include <math.h>
#include <string.h>


#include "bc-finding.h"
#include "bc-json.h"
#include "bc-report.h"

#define BC_CHECKLIST_SCHEMA "bundlecheck-checklist/1"

/* ------------------------------------------------------------------------ */
/* requirements in words, shared by the text and Markdown checklists */

typedef struct {
  const char *label; /* static, in the report language */
  char *text;        /* ruleset text: escaped by the renderer */
} BcReqLine;

static void
req_line_free (BcReqLine *line)
{
  g_free (line->text);
  g_free (line);
}

static void
req_add (GPtrArray *lines, const char *label, char *text)
{
  BcReqLine *line = g_new0 (BcReqLine, 1);
  line->label = label;
  line->text = text;
  g_ptr_array_add (lines, line);
}

/* the words people know from file extensions */
static const char *
type_user_word (const char *type)
{
  static const struct {
    const char *type;
    const char *word;
  } words[] = {
    { "jpeg", "JPG" }, { "png", "PNG" }, { "gif", "GIF" }, { "bmp", "BMP" },
    { "tiff", "TIFF" }, { "webp", "WebP" }, { "heic", "HEIC" }, { "pdf", "PDF" },
    { "ofd", "OFD" }, { "mp4", "MP4" }, { "mov", "MOV" }, { "avi", "AVI" },
    { "zip", "ZIP" }, { "rar", "RAR" }, { "7z", "7Z" }, { "gzip", "GZ" },
    { "tar", "TAR" }, { "doc", "DOC" }, { "docx", "DOCX" }, { "xls", "XLS" },
    { "xlsx", "XLSX" }, { "text", "TXT" }, { "html", "HTML" }, { "exe", "EXE" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++) {
    if (g_strcmp0 (words[i].type, type) == 0)
      return words[i].word;
  }
  return type;
}

/* "a, b or c" / "a、b 或 c"; QUOTE quotes each item */
static char *
join_words (char *const *items, gboolean user_types, gboolean quote, BcLang lang)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = items != NULL ? g_strv_length ((char **) items) : 0;

  for (guint i = 0; i < n; i++) {
    const char *word = user_types ? type_user_word (items[i]) : items[i];
    if (i > 0) {
      /* Chinese puts no space between quoted phrases, only next to Latin words */
      if (i + 1 == n)
        g_string_append (out, quote ? BC_TR (lang, " or ", "或") : BC_TR (lang, " or ", " 或 "));
      else
        g_string_append (out, BC_TR (lang, ", ", "、"));
    }
    if (quote)
      g_string_append (out, BC_TR (lang, "\"", "“"));
    g_string_append (out, word);
    if (quote)
      g_string_append (out, BC_TR (lang, "\"", "”"));
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
files_words (const BcDocument *doc, BcDocApplicability applicability, BcLang lang)
{
  if (applicability == BC_DOC_REQUIRED) {
    guint min = MAX (doc->min_files, 1);
    if (doc->max_files == min)
      return g_strdup_printf (min == 1 ? BC_TR (lang, "exactly %u file", "%u 个文件")
                                       : BC_TR (lang, "exactly %u files", "%u 个文件"), min);
    if (doc->max_files == 0)
      return g_strdup_printf (min == 1 ? BC_TR (lang, "at least %u file", "至少 %u 个文件")
                                       : BC_TR (lang, "at least %u files", "至少 %u 个文件"), min);
    return g_strdup_printf (BC_TR (lang, "%u–%u files", "%u–%u 个文件"), min, doc->max_files);
  }
  if (doc->max_files == 0)
    return g_strdup (BC_TR (lang, "any number of files", "文件数量不限"));
  return g_strdup_printf (doc->max_files == 1 ? BC_TR (lang, "at most %u file", "最多 %u 个文件")
                                              : BC_TR (lang, "at most %u files", "最多 %u 个文件"),
                          doc->max_files);
}

static void
append_sep (GString *out, BcLang lang)
{
  if (out->len > 0)
    g_string_append (out, BC_TR (lang, "; ", "；"));
}

static char *
size_words (const BcDocument *doc, BcLang lang)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (doc->min_bytes.set) {
    g_autofree char *sz = bc_format_bytes (doc->min_bytes.value);
    g_string_append_printf (out,
                            doc->min_bytes.severity == BC_SEVERITY_ERROR
                                ? BC_TR (lang, "must be at least %s", "不得小于 %s")
                                : BC_TR (lang, "should be at least %s", "建议不小于 %s"),
                            sz);
  }
  if (doc->max_bytes.set) {
    g_autofree char *sz = bc_format_bytes (doc->max_bytes.value);
    append_sep (out, lang);
    g_string_append_printf (out,
                            doc->max_bytes.severity == BC_SEVERITY_ERROR
                                ? BC_TR (lang, "must be at most %s", "不得超过 %s")
                                : BC_TR (lang, "should be at most %s", "建议不超过 %s"),
                            sz);
  }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
image_rules_set (const BcImageRules *img)
{
  return img->min_long_side > 0 || img->min_short_side > 0 || img->require_color;
}

static char *
image_words (const BcImageRules *img, BcLang lang)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean hard = img->size_severity == BC_SEVERITY_ERROR;

  if (img->min_long_side > 0 && img->min_short_side > 0) {
    g_string_append_printf (out,
                            hard ? BC_TR (lang, "must be at least %u × %u pixels (either orientation)",
                                          "不得小于 %u × %u 像素（横竖均可）")
                                 : BC_TR (lang, "should be at least %u × %u pixels (either orientation)",
                                          "建议不小于 %u × %u 像素（横竖均可）"),
                            img->min_long_side, img->min_short_side);
  } else if (img->min_long_side > 0) {
    g_string_append_printf (out,
                            hard ? BC_TR (lang, "long side must be at least %u pixels", "长边不得小于 %u 像素")
                                 : BC_TR (lang, "long side should be at least %u pixels", "长边建议不小于 %u 像素"),
                            img->min_long_side);
  } else if (img->min_short_side > 0) {
    g_string_append_printf (out,
                            hard ? BC_TR (lang, "short side must be at least %u pixels", "短边不得小于 %u 像素")
                                 : BC_TR (lang, "short side should be at least %u pixels", "短边建议不小于 %u 像素"),
                            img->min_short_side);
  }
  if (img->require_color) {
    append_sep (out, lang);
    g_string_append (out, img->color_severity == BC_SEVERITY_ERROR
                              ? BC_TR (lang, "must be in colour, not black and white", "须为彩色，不能是黑白")
                              : BC_TR (lang, "should be in colour, not black and white", "建议为彩色，不要黑白"));
  }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
pdf_rules_set (const BcPdfRules *pdf)
{
  return pdf->min_pages.set || pdf->max_pages.set ||
         (pdf->page_sizes != NULL && pdf->page_sizes[0] != NULL) ||
         (pdf->required_text != NULL && pdf->required_text->len > 0) ||
         pdf->forbid_blank_pages;
}

static char *
pdf_words (const BcPdfRules *pdf, BcLang lang)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (pdf->min_pages.set && pdf->max_pages.set &&
      pdf->min_pages.severity == pdf->max_pages.severity) {
    gboolean hard = pdf->min_pages.severity == BC_SEVERITY_ERROR;
    if (pdf->min_pages.value == pdf->max_pages.value)
      g_string_append_printf (out,
                              hard ? BC_TR (lang, pdf->min_pages.value == 1 ? "must have exactly %" G_GUINT64_FORMAT " page" : "must have exactly %" G_GUINT64_FORMAT " pages",
                                            "须为 %" G_GUINT64_FORMAT " 页")
                                   : BC_TR (lang, pdf->min_pages.value == 1 ? "should have exactly %" G_GUINT64_FORMAT " page" : "should have exactly %" G_GUINT64_FORMAT " pages",
                                            "建议为 %" G_GUINT64_FORMAT " 页"),
                              pdf->min_pages.value);
    else
      g_string_append_printf (out,
                              hard ? BC_TR (lang, "must have %" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT " pages",
                                            "须为 %" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT " 页")
                                   : BC_TR (lang, "should have %" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT " pages",
                                            "建议为 %" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT " 页"),
                              pdf->min_pages.value, pdf->max_pages.value);
  } else {
    if (pdf->min_pages.set)
      g_string_append_printf (out,
                              pdf->min_pages.severity == BC_SEVERITY_ERROR
                                  ? BC_TR (lang, pdf->min_pages.value == 1 ? "must have at least %" G_GUINT64_FORMAT " page" : "must have at least %" G_GUINT64_FORMAT " pages",
                                           "至少须有 %" G_GUINT64_FORMAT " 页")
                                  : BC_TR (lang, pdf->min_pages.value == 1 ? "should have at least %" G_GUINT64_FORMAT " page" : "should have at least %" G_GUINT64_FORMAT " pages",
                                           "建议至少 %" G_GUINT64_FORMAT " 页"),
                              pdf->min_pages.value);
    if (pdf->max_pages.set) {
      append_sep (out, lang);
      g_string_append_printf (out,
                              pdf->max_pages.severity == BC_SEVERITY_ERROR
                                  ? BC_TR (lang, pdf->max_pages.value == 1 ? "must have at most %" G_GUINT64_FORMAT " page" : "must have at most %" G_GUINT64_FORMAT " pages",
                                           "最多 %" G_GUINT64_FORMAT " 页")
                                  : BC_TR (lang, pdf->max_pages.value == 1 ? "should have at most %" G_GUINT64_FORMAT " page" : "should have at most %" G_GUINT64_FORMAT " pages",
                                           "建议不超过 %" G_GUINT64_FORMAT " 页"),
                              pdf->max_pages.value);
    }
  }
  if (pdf->page_sizes != NULL && pdf->page_sizes[0] != NULL) {
    g_autofree char *sizes = join_words (pdf->page_sizes, FALSE, FALSE, lang);
    append_sep (out, lang);
    g_string_append_printf (out,
                            pdf->page_size_severity == BC_SEVERITY_ERROR
                                ? BC_TR (lang, "pages must be %s", "页面须为 %s")
                                : BC_TR (lang, "pages should be %s", "页面建议为 %s"),
                            sizes);
    if (pdf->page_size_tolerance_mm > 0 && isfinite (pdf->page_size_tolerance_mm))
      g_string_append_printf (out, BC_TR (lang, " (±%g mm)", "（误差 ±%g mm）"), pdf->page_size_tolerance_mm);
  }
  if (pdf->forbid_blank_pages) {
    append_sep (out, lang);
    g_string_append (out, pdf->blank_page_severity == BC_SEVERITY_ERROR
                              ? BC_TR (lang, "must not have blank pages", "不得有空白页")
                              : BC_TR (lang, "should not have blank pages", "不宜有空白页"));
  }
  for (guint i = 0; pdf->required_text != NULL && i < pdf->required_text->len; i++) {
    const BcTextRule *rule = g_ptr_array_index (pdf->required_text, i);
    g_autofree char *phrases = join_words (rule->any_of, FALSE, TRUE, lang);
    gboolean hard = rule->severity == BC_SEVERITY_ERROR;
    append_sep (out, lang);
    if (rule->page > 0)
      g_string_append_printf (out,
                              hard ? BC_TR (lang, "page %u must contain %s", "第 %u 页须包含%s")
                                   : BC_TR (lang, "page %u should contain %s", "第 %u 页宜包含%s"),
                              rule->page, phrases);
    else
      g_string_append_printf (out,
                              hard ? BC_TR (lang, "must contain %s", "须包含%s")
                                   : BC_TR (lang, "should contain %s", "宜包含%s"),
                              phrases);
  }
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* every requirement of DOC in words, except its source (the Markdown
 * checklist puts sources into footnotes) */
static GPtrArray *
doc_requirements (const BcDocument *doc, BcDocApplicability applicability, BcLang lang)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) req_line_free);
  const char *description = bc_text_get (&doc->description, lang);
  const char *hint = bc_text_get (&doc->hint, lang);
  char *text;

  if (description != NULL)
    req_add (lines, BC_TR (lang, "What it is", "用途"), g_strdup (description));
  req_add (lines, BC_TR (lang, "Files", "文件数"), files_words (doc, applicability, lang));
  if (doc->types != NULL && doc->types[0] != NULL)
    req_add (lines, BC_TR (lang, "Types", "格式"), join_words (doc->types, TRUE, FALSE, lang));
  else
    req_add (lines, BC_TR (lang, "Types", "格式"), g_strdup (BC_TR (lang, "any", "不限")));
  for (guint i = 0; doc->type_notes != NULL && i < doc->type_notes->len; i++) {
    const BcTypeNote *note = g_ptr_array_index (doc->type_notes, i);
    const char *msg = bc_text_get (&note->message, lang);
    req_add (lines, BC_TR (lang, "Note", "注意"),
             g_strdup_printf (BC_TR (lang, "%s: %s", "%s：%s"), type_user_word (note->type), msg != NULL ? msg : ""));
  }
  if ((text = size_words (doc, lang)) != NULL)
    req_add (lines, BC_TR (lang, "Size", "大小"), text);
  if ((text = image_words (&doc->image, lang)) != NULL)
    req_add (lines, BC_TR (lang, "Images", "图片"), text);
  if ((text = pdf_words (&doc->pdf, lang)) != NULL)
    req_add (lines, BC_TR (lang, "PDF", "PDF"), text);
  if (hint != NULL)
    req_add (lines, BC_TR (lang, "How to get it", "如何准备"), g_strdup (hint));
  if (doc->fields != NULL && doc->fields[0] != NULL)
    req_add (lines, BC_TR (lang, "Official field", "官方字段"), g_strjoinv (", ", doc->fields));
  return lines;
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

static const char *
text_or (const BcText *text, const char *fallback, BcLang lang)
{
  const char *str = bc_text_get (text, lang);
  return str != NULL ? str : fallback;
}

/* the value of VAR in words: "Enterprise", "News, Publishing", "none" */
static char *
context_value_words (const BcVariable *var, const BcContext *context, BcLang lang)
{
  GPtrArray *vals = bc_context_get (context, var->id);
  g_autoptr(GString) out = g_string_new (NULL);

  if (vals == NULL)
    return g_strdup (BC_TR (lang, "not set", "未设置"));
  if (vals->len == 0)
    return g_strdup (BC_TR (lang, "none", "无"));
  for (guint j = 0; j < vals->len; j++) {
    const char *id = g_ptr_array_index (vals, j);
    const BcVarValue *val = find_value (var, id);
    if (j > 0)
      g_string_append (out, BC_TR (lang, ", ", "、"));
    g_string_append (out, val != NULL ? text_or (&val->name, id, lang) : id);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* the documents to list: required or optional, in ruleset order */
typedef struct {
  const BcDocument *doc;
  BcDocApplicability applicability;
} BcListedDoc;

static GArray *
listed_documents (const BcRuleset *ruleset, const BcContext *context)
{
  GArray *docs = g_array_new (FALSE, FALSE, sizeof (BcListedDoc));
  for (guint i = 0; ruleset->documents != NULL && i < ruleset->documents->len; i++) {
    BcListedDoc item;
    item.doc = g_ptr_array_index (ruleset->documents, i);
    item.applicability = bc_document_applicability (item.doc, context);
    if (item.applicability == BC_DOC_NOT_APPLICABLE)
      continue;
    g_array_append_val (docs, item);
  }
  return docs;
}

/* ------------------------------------------------------------------------ */
/* text */

static char *
render_text (const BcRuleset *ruleset, const BcContext *context, BcLang lang)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) docs = listed_documents (ruleset, context);
  guint n_notices = 0;

  g_string_append_printf (out, BC_TR (lang, "Checklist: %s\n", "材料清单：%s\n"),
                          text_or (&ruleset->title, ruleset->name, lang));
  g_string_append_printf (out, BC_TR (lang, "Ruleset:   %s %s (updated %s)\n", "规则集：  %s %s（更新于 %s）\n"),
                          ruleset->name != NULL ? ruleset->name : "",
                          ruleset->version != NULL ? ruleset->version : "",
                          ruleset->updated != NULL ? ruleset->updated : "?");
  for (guint i = 0; ruleset->variables != NULL && i < ruleset->variables->len; i++) {
    const BcVariable *var = g_ptr_array_index (ruleset->variables, i);
    g_autofree char *words = context_value_words (var, context, lang);
    g_string_append_printf (out, BC_TR (lang, "%s: %s\n", "%s：%s\n"),
                            text_or (&var->name, var->id, lang), words);
  }
  g_string_append_c (out, '\n');

  if (docs->len == 0)
    g_string_append (out, BC_TR (lang, "No documents are needed in this context.\n",
                                 "当前情形下无需提交任何材料。\n"));
  for (guint i = 0; i < docs->len; i++) {
    const BcListedDoc *item = &g_array_index (docs, BcListedDoc, i);
    g_autoptr(GPtrArray) lines = doc_requirements (item->doc, item->applicability, lang);

    g_string_append_printf (out, "%2u. □ %s  [%s]\n", i + 1,
                            text_or (&item->doc->name, item->doc->id, lang),
                            item->applicability == BC_DOC_REQUIRED ? BC_TR (lang, "required", "必需")
                                                                   : BC_TR (lang, "optional", "可选"));
    for (guint j = 0; j < lines->len; j++) {
      const BcReqLine *line = g_ptr_array_index (lines, j);
      g_string_append_printf (out, BC_TR (lang, "      %s: %s\n", "      %s：%s\n"), line->label, line->text);
    }
    if (item->doc->source != NULL)
      g_string_append_printf (out, BC_TR (lang, "      Source: %s\n", "      依据：%s\n"), item->doc->source);
    g_string_append_c (out, '\n');
  }

  for (guint i = 0; ruleset->notices != NULL && i < ruleset->notices->len; i++) {
    const BcNotice *notice = g_ptr_array_index (ruleset->notices, i);
    if (!bc_condition_eval (notice->when, context))
      continue;
    if (n_notices++ == 0)
      g_string_append (out, BC_TR (lang, "Notes:\n", "注意事项：\n"));
    g_string_append_printf (out, "  ! [%s] %s", bc_severity_word (notice->severity, lang),
                            text_or (&notice->message, notice->code, lang));
    if (notice->source != NULL)
      g_string_append_printf (out, BC_TR (lang, " (source: %s)", "（依据：%s）"), notice->source);
    g_string_append_c (out, '\n');
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Markdown */

/* ruleset text is ours or the user's, not hostile, but a '*' or '[' in a
 * document name must not turn into emphasis or a link */
static void
md_escape_append (GString *out, const char *str)
{
  for (const char *p = str; p != NULL && *p != '\0'; p++) {
    if (strchr ("\\`*_[]<>|#", *p) != NULL)
      g_string_append_c (out, '\\');
    if (*p == '\n' || *p == '\r')
      g_string_append_c (out, ' ');
    else
      g_string_append_c (out, *p);
  }
}

static void
md_code_append (GString *out, const char *str)
{
  /* a field path never holds a backtick; if one did, the span would break,
   * so fall back to escaped text */
  if (strchr (str, '`') != NULL) {
    md_escape_append (out, str);
    return;
  }
  g_string_append_printf (out, "`%s`", str);
}

/* the footnote number of SOURCE: documents citing the same source share
 * one footnote, so a ruleset with one citation gets one line, not twenty */
static guint
footnote (GPtrArray *sources, const char *source)
{
  for (guint i = 0; i < sources->len; i++) {
    if (g_strcmp0 (g_ptr_array_index (sources, i), source) == 0)
      return i + 1;
  }
  g_ptr_array_add (sources, (gpointer) source);
  return sources->len;
}

static char *
render_markdown (const BcRuleset *ruleset, const BcContext *context, BcLang lang)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) docs = listed_documents (ruleset, context);
  g_autoptr(GPtrArray) sources = g_ptr_array_new (); /* const char*, footnote n = index + 1 */
  guint note;
  guint n_notices = 0;

  g_string_append (out, "# ");
  md_escape_append (out, text_or (&ruleset->title, ruleset->name, lang));
  g_string_append (out, BC_TR (lang, ": documents to prepare\n\n", "：需准备的材料\n\n"));

  g_string_append (out, BC_TR (lang, "Your situation:\n\n", "您的情况：\n\n"));
  for (guint i = 0; ruleset->variables != NULL && i < ruleset->variables->len; i++) {
    const BcVariable *var = g_ptr_array_index (ruleset->variables, i);
    g_autofree char *words = context_value_words (var, context, lang);
    g_string_append (out, "- **");
    md_escape_append (out, text_or (&var->name, var->id, lang));
    g_string_append (out, BC_TR (lang, ":** ", "：** "));
    md_escape_append (out, words);
    g_string_append_c (out, '\n');
  }
  g_string_append_c (out, '\n');

  g_string_append (out, BC_TR (lang, "## Documents\n\n", "## 材料\n\n"));
  if (docs->len == 0)
    g_string_append (out, BC_TR (lang, "No documents are needed in this situation.\n\n",
                                 "在这种情况下无需提交任何材料。\n\n"));
  else
    g_string_append (out, BC_TR (lang, "Tick each box when the file is ready.\n\n",
                                 "每准备好一项就勾选一项。\n\n"));
  for (guint i = 0; i < docs->len; i++) {
    const BcListedDoc *item = &g_array_index (docs, BcListedDoc, i);
    g_autoptr(GPtrArray) lines = doc_requirements (item->doc, item->applicability, lang);

    g_string_append_printf (out, "- [ ] **%u. ", i + 1);
    md_escape_append (out, text_or (&item->doc->name, item->doc->id, lang));
    g_string_append (out, "** — ");
    g_string_append (out, item->applicability == BC_DOC_REQUIRED ? BC_TR (lang, "required", "必需")
                                                                 : BC_TR (lang, "optional", "可选"));
    if (item->doc->source != NULL) {
      note = footnote (sources, item->doc->source);
      g_string_append_printf (out, "[^%u]", note);
    }
    g_string_append_c (out, '\n');
    for (guint j = 0; j < lines->len; j++) {
      const BcReqLine *line = g_ptr_array_index (lines, j);
      g_string_append (out, "  - ");
      g_string_append (out, line->label);
      g_string_append (out, BC_TR (lang, ": ", "："));
      if (g_strcmp0 (line->label, BC_TR (lang, "Official field", "官方字段")) == 0) {
        for (guint k = 0; item->doc->fields[k] != NULL; k++) {
          if (k > 0)
            g_string_append (out, ", ");
          md_code_append (out, item->doc->fields[k]);
        }
      } else {
        md_escape_append (out, line->text);
      }
      g_string_append_c (out, '\n');
    }
  }
  g_string_append_c (out, '\n');

  for (guint i = 0; ruleset->notices != NULL && i < ruleset->notices->len; i++) {
    const BcNotice *notice = g_ptr_array_index (ruleset->notices, i);
    if (!bc_condition_eval (notice->when, context))
      continue;
    if (n_notices++ == 0)
      g_string_append (out, BC_TR (lang, "## Notes\n\n", "## 注意事项\n\n"));
    g_string_append (out, "- ");
    if (notice->severity != BC_SEVERITY_INFO)
      g_string_append_printf (out, "**%s:** ", bc_severity_word (notice->severity, lang));
    md_escape_append (out, text_or (&notice->message, notice->code, lang));
    if (notice->source != NULL) {
      note = footnote (sources, notice->source);
      g_string_append_printf (out, "[^%u]", note);
    }
    g_string_append_c (out, '\n');
  }
  if (n_notices > 0)
    g_string_append_c (out, '\n');

  g_string_append (out, BC_TR (lang, "## Sources\n\n", "## 依据\n\n"));
  for (guint i = 0; i < sources->len; i++) {
    g_string_append_printf (out, "[^%u]: ", i + 1);
    md_escape_append (out, g_ptr_array_index (sources, i));
    g_string_append_c (out, '\n');
  }
  if (sources->len > 0)
    g_string_append_c (out, '\n');
  g_string_append (out, BC_TR (lang, "Generated by bundlecheck from ruleset ", "本清单由 bundlecheck 根据规则集 "));
  md_escape_append (out, ruleset->name);
  g_string_append_c (out, ' ');
  md_escape_append (out, ruleset->version);
  if (ruleset->updated != NULL) {
    g_string_append (out, BC_TR (lang, " (updated ", "（更新于 "));
    md_escape_append (out, ruleset->updated);
    g_string_append (out, BC_TR (lang, ")", "）"));
  }
  g_string_append (out, BC_TR (lang, ".", "生成。"));
  if (ruleset->source != NULL) {
    g_string_append (out, BC_TR (lang, " Ruleset source: ", "规则集依据："));
    md_escape_append (out, ruleset->source);
    g_string_append (out, BC_TR (lang, ".", "。"));
  }
  g_string_append_c (out, '\n');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------ */
/* JSON */

/* {value, severity} or null */
static void
j_bound (JsonBuilder *builder, const char *name, const BcBound *bound)
{
  json_builder_set_member_name (builder, name);
  if (!bound->set) {
    json_builder_add_null_value (builder);
    return;
  }
  json_builder_begin_object (builder);
  bc_json_member_uint (builder, "value", bound->value);
  bc_json_member_string (builder, "severity", bc_severity_to_string (bound->severity));
  json_builder_end_object (builder);
}

static void
j_image (JsonBuilder *builder, const BcImageRules *img)
{
  json_builder_set_member_name (builder, "image");
  if (!image_rules_set (img)) {
    json_builder_add_null_value (builder);
    return;
  }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "min_size");
  if (img->min_long_side > 0 || img->min_short_side > 0) {
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "long");
    if (img->min_long_side > 0)
      json_builder_add_int_value (builder, img->min_long_side);
    else
      json_builder_add_null_value (builder);
    json_builder_set_member_name (builder, "short");
    if (img->min_short_side > 0)
      json_builder_add_int_value (builder, img->min_short_side);
    else
      json_builder_add_null_value (builder);
    bc_json_member_string (builder, "severity", bc_severity_to_string (img->size_severity));
    json_builder_end_object (builder);
  } else {
    json_builder_add_null_value (builder);
  }
  json_builder_set_member_name (builder, "color");
  if (img->require_color) {
    json_builder_begin_object (builder);
    bc_json_member_bool (builder, "required", TRUE);
    bc_json_member_string (builder, "severity", bc_severity_to_string (img->color_severity));
    json_builder_end_object (builder);
  } else {
    json_builder_add_null_value (builder);
  }
  json_builder_end_object (builder);
}

static void
j_pdf (JsonBuilder *builder, const BcPdfRules *pdf)
{
  json_builder_set_member_name (builder, "pdf");
  if (!pdf_rules_set (pdf)) {
    json_builder_add_null_value (builder);
    return;
  }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pages");
  json_builder_begin_object (builder);
  j_bound (builder, "min", &pdf->min_pages);
  j_bound (builder, "max", &pdf->max_pages);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "page_size");
  if (pdf->page_sizes != NULL && pdf->page_sizes[0] != NULL) {
    json_builder_begin_object (builder);
    bc_json_member_strv (builder, "sizes", pdf->page_sizes, TRUE);
    json_builder_set_member_name (builder, "tolerance_mm");
    if (isfinite (pdf->page_size_tolerance_mm))
      json_builder_add_double_value (builder, pdf->page_size_tolerance_mm);
    else
      json_builder_add_null_value (builder);
    bc_json_member_string (builder, "severity", bc_severity_to_string (pdf->page_size_severity));
    json_builder_end_object (builder);
  } else {
    json_builder_add_null_value (builder);
  }

  json_builder_set_member_name (builder, "text");
  json_builder_begin_array (builder);
  for (guint i = 0; pdf->required_text != NULL && i < pdf->required_text->len; i++) {
    const BcTextRule *rule = g_ptr_array_index (pdf->required_text, i);
    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "page");
    if (rule->page > 0)
      json_builder_add_int_value (builder, rule->page);
    else
      json_builder_add_null_value (builder);
    bc_json_member_strv (builder, "any_of", rule->any_of, TRUE);
    bc_json_member_string (builder, "severity", bc_severity_to_string (rule->severity));
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "blank_pages");
  if (pdf->forbid_blank_pages) {
    json_builder_begin_object (builder);
    bc_json_member_bool (builder, "forbid", TRUE);
    bc_json_member_string (builder, "severity", bc_severity_to_string (pdf->blank_page_severity));
    json_builder_end_object (builder);
  } else {
    json_builder_add_null_value (builder);
  }
  json_builder_end_object (builder);
}

static void
j_document (JsonBuilder *builder, const BcListedDoc *item, BcLang lang)
{
  const BcDocument *doc = item->doc;

  json_builder_begin_object (builder);
  bc_json_member_string (builder, "id", doc->id);
  bc_json_member_string (builder, "name", bc_text_get (&doc->name, lang));
  bc_json_member_string (builder, "name_zh", doc->name.zh);
  bc_json_member_string (builder, "name_en", doc->name.en);
  bc_json_member_bool (builder, "required", item->applicability == BC_DOC_REQUIRED);
  bc_json_member_string (builder, "applicability", item->applicability == BC_DOC_REQUIRED ? "required" : "optional");
  bc_json_member_uint (builder, "min_files", doc->min_files);
  json_builder_set_member_name (builder, "max_files");
  if (doc->max_files > 0)
    json_builder_add_int_value (builder, doc->max_files);
  else
    json_builder_add_null_value (builder);
  bc_json_member_strv (builder, "types", doc->types, TRUE);

  json_builder_set_member_name (builder, "type_notes");
  json_builder_begin_array (builder);
  for (guint i = 0; doc->type_notes != NULL && i < doc->type_notes->len; i++) {
    const BcTypeNote *note = g_ptr_array_index (doc->type_notes, i);
    json_builder_begin_object (builder);
    bc_json_member_string (builder, "type", note->type);
    bc_json_member_string (builder, "severity", bc_severity_to_string (note->severity));
    bc_json_member_string (builder, "message", bc_text_get (&note->message, lang));
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "size");
  json_builder_begin_object (builder);
  j_bound (builder, "min", &doc->min_bytes);
  j_bound (builder, "max", &doc->max_bytes);
  json_builder_end_object (builder);

  j_image (builder, &doc->image);
  j_pdf (builder, &doc->pdf);
  bc_json_member_string (builder, "description", bc_text_get (&doc->description, lang));
  bc_json_member_string (builder, "hint", bc_text_get (&doc->hint, lang));
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; doc->fields != NULL && doc->fields[i] != NULL; i++)
    bc_json_add_string (builder, doc->fields[i]);
  json_builder_end_array (builder);
  bc_json_member_string (builder, "source", doc->source);
  json_builder_end_object (builder);
}

static char *
render_json (const BcRuleset *ruleset, const BcContext *context, BcLang lang)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GArray) docs = listed_documents (ruleset, context);

  json_builder_begin_object (builder);
  bc_json_member_string (builder, "schema", BC_CHECKLIST_SCHEMA);

  json_builder_set_member_name (builder, "tool");
  json_builder_begin_object (builder);
  bc_json_member_string (builder, "name", "bundlecheck");
  bc_json_member_string (builder, "version", bc_version ());
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "ruleset");
  json_builder_begin_object (builder);
  bc_json_member_string (builder, "name", ruleset->name);
  bc_json_member_string (builder, "version", ruleset->version);
  bc_json_member_string (builder, "updated", ruleset->updated);
  bc_json_member_string (builder, "title", bc_text_get (&ruleset->title, lang));
  bc_json_member_string (builder, "source", ruleset->source);
  json_builder_end_object (builder);

  /* same shape as the report's context */
  json_builder_set_member_name (builder, "context");
  json_builder_begin_object (builder);
  for (guint i = 0; ruleset->variables != NULL && i < ruleset->variables->len; i++) {
    const BcVariable *var = g_ptr_array_index (ruleset->variables, i);
    GPtrArray *vals = bc_context_get (context, var->id);
    json_builder_set_member_name (builder, var->id);
    if (var->is_list) {
      json_builder_begin_array (builder);
      for (guint j = 0; vals != NULL && j < vals->len; j++)
        bc_json_add_string (builder, g_ptr_array_index (vals, j));
      json_builder_end_array (builder);
    } else if (vals != NULL && vals->len > 0) {
      bc_json_add_string (builder, g_ptr_array_index (vals, 0));
    } else {
      json_builder_add_null_value (builder);
    }
  }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "documents");
  json_builder_begin_array (builder);
  for (guint i = 0; i < docs->len; i++)
    j_document (builder, &g_array_index (docs, BcListedDoc, i), lang);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "notices");
  json_builder_begin_array (builder);
  for (guint i = 0; ruleset->notices != NULL && i < ruleset->notices->len; i++) {
    const BcNotice *notice = g_ptr_array_index (ruleset->notices, i);
    if (!bc_condition_eval (notice->when, context))
      continue;
    json_builder_begin_object (builder);
    bc_json_member_string (builder, "code", notice->code);
    bc_json_member_string (builder, "severity", bc_severity_to_string (notice->severity));
    bc_json_member_string (builder, "message", bc_text_get (&notice->message, lang));
    bc_json_member_string (builder, "source", notice->source);
    json_builder_end_object (builder);
  }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return bc_json_to_string (builder);
}

/**
 * bc_checklist_render:
 * @ruleset: a loaded ruleset
 * @context: the filing's context, of @ruleset
 * @format: text, JSON or Markdown
 * @options: the language (colour and fail-on are not used)
 *
 * Lists every document @context requires or allows, in ruleset order, with
 * its requirements, and the notices whose condition holds.
 *
 * Returns: (transfer full): the checklist; JSON has no trailing newline
 */
char *
bc_checklist_render (const BcRuleset *ruleset,
                     const BcContext *context,
                     BcFormat format,
                     const BcRenderOptions *options)
{
  g_return_val_if_fail (ruleset != NULL, NULL);
  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  switch (format) {
  case BC_FORMAT_JSON:
    return render_json (ruleset, context, options->lang);
  case BC_FORMAT_MARKDOWN:
    return render_markdown (ruleset, context, options->lang);
  case BC_FORMAT_TEXT:
  default:
    return render_text (ruleset, context, options->lang);
  }
}
