/* Report and checklist renderers: JSON shape and nulls, verdict, terminal
 * safety of hostile names, colour only on request, both languages, and
 * the checklist's choice of documents. The ruleset, context and report are
 * built by hand so these tests do not depend on the loader or the checker. */

#include <string.h>

#include <json-glib/json-glib.h>

#include "bc-finding.h"
#include "bc-report.h"

/* a name a hostile archive could hold: an OSC title-setting sequence, BEL,
 * and a right-to-left override that would disguise ".exe" */
#define EVIL_NAME "evil\033]0;pwned\007\xe2\x80\xaegpj.pdf"

/* ------------------------------------------------------------------------ */
/* hand-built ruleset */

static BcText
text (const char *zh, const char *en)
{
  BcText t = { g_strdup (zh), g_strdup (en) };
  return t;
}

static void
text_clear (BcText *t)
{
  g_free (t->zh);
  g_free (t->en);
}

/* one clause without terms: always true */
static BcCondition *
cond_always (void)
{
  BcCondition *c = g_new0 (BcCondition, 1);
  BcClause *clause = g_new0 (BcClause, 1);
  clause->terms = g_ptr_array_new ();
  c->clauses = g_ptr_array_new ();
  g_ptr_array_add (c->clauses, clause);
  return c;
}

/* no clause: never true */
static BcCondition *
cond_never (void)
{
  BcCondition *c = g_new0 (BcCondition, 1);
  c->clauses = g_ptr_array_new ();
  return c;
}

static BcCondition *
cond_is (const char *variable, const char *value)
{
  BcCondition *c = cond_always ();
  BcClause *clause = g_ptr_array_index (c->clauses, 0);
  BcTerm *term = g_new0 (BcTerm, 1);
  const char *values[] = { value, NULL };
  term->variable = g_strdup (variable);
  term->values = g_strdupv ((char **) values);
  g_ptr_array_add (clause->terms, term);
  return c;
}

static void
cond_free (BcCondition *c)
{
  if (c == NULL)
    return;
  for (guint i = 0; i < c->clauses->len; i++) {
    BcClause *clause = g_ptr_array_index (c->clauses, i);
    for (guint j = 0; j < clause->terms->len; j++) {
      BcTerm *term = g_ptr_array_index (clause->terms, j);
      g_free (term->variable);
      g_strfreev (term->values);
      g_free (term);
    }
    g_ptr_array_unref (clause->terms);
    g_free (clause);
  }
  g_ptr_array_unref (c->clauses);
  g_free (c);
}

static BcVarValue *
var_value (const char *id, const char *zh, const char *en)
{
  BcVarValue *v = g_new0 (BcVarValue, 1);
  v->id = g_strdup (id);
  v->name = text (zh, en);
  v->aliases = g_new0 (char *, 1);
  return v;
}

static void
test_ruleset_free (BcRuleset *rs)
{
  for (guint i = 0; i < rs->variables->len; i++) {
    BcVariable *var = g_ptr_array_index (rs->variables, i);
    for (guint j = 0; j < var->values->len; j++) {
      BcVarValue *v = g_ptr_array_index (var->values, j);
      g_free (v->id);
      text_clear (&v->name);
      g_strfreev (v->aliases);
      g_free (v);
    }
    g_ptr_array_unref (var->values);
    g_free (var->id);
    text_clear (&var->name);
    text_clear (&var->description);
    g_strfreev (var->defaults);
    g_free (var);
  }
  for (guint i = 0; i < rs->documents->len; i++) {
    BcDocument *doc = g_ptr_array_index (rs->documents, i);
    g_free (doc->id);
    text_clear (&doc->name);
    text_clear (&doc->description);
    text_clear (&doc->hint);
    g_free (doc->source);
    g_strfreev (doc->fields);
    cond_free (doc->required_when);
    cond_free (doc->allowed_when);
    g_strfreev (doc->types);
    for (guint j = 0; doc->type_notes != NULL && j < doc->type_notes->len; j++) {
      BcTypeNote *note = g_ptr_array_index (doc->type_notes, j);
      g_free (note->type);
      text_clear (&note->message);
      g_free (note);
    }
    g_clear_pointer (&doc->type_notes, g_ptr_array_unref);
    for (guint j = 0; doc->pdf.required_text != NULL && j < doc->pdf.required_text->len; j++) {
      BcTextRule *rule = g_ptr_array_index (doc->pdf.required_text, j);
      g_strfreev (rule->any_of);
      g_free (rule);
    }
    g_clear_pointer (&doc->pdf.required_text, g_ptr_array_unref);
    g_strfreev (doc->pdf.page_sizes);
    g_free (doc);
  }
  for (guint i = 0; i < rs->notices->len; i++) {
    BcNotice *n = g_ptr_array_index (rs->notices, i);
    g_free (n->code);
    cond_free (n->when);
    text_clear (&n->message);
    g_free (n->source);
    g_free (n);
  }
  g_ptr_array_unref (rs->variables);
  g_ptr_array_unref (rs->documents);
  g_ptr_array_unref (rs->notices);
  g_free (rs->path);
  g_free (rs->name);
  g_free (rs->version);
  g_free (rs->updated);
  text_clear (&rs->title);
  g_free (rs->source);
  g_free (rs);
}

/* subject (enterprise|individual), pre-approval (list: news); documents:
 * business-license (required for enterprises), authorization-letter
 * (optional, PDF rules), id-card-individual (individuals only) */
static BcRuleset *
test_ruleset_new (void)
{
  BcRuleset *rs = g_new0 (BcRuleset, 1);
  BcVariable *var;
  BcDocument *doc;
  BcNotice *notice;
  BcTextRule *rule;
  BcTypeNote *note;
  const char *types[] = { "jpeg", "png", "pdf", NULL };
  const char *pdf_only[] = { "pdf", NULL };
  const char *fields[] = { "icp_subject.organize_info.certificate_photo", NULL };
  const char *phrases[] = { "授权书", "授权委托书", NULL };
  const char *sizes[] = { "A4", NULL };

  rs->name = g_strdup ("test-ruleset");
  rs->version = g_strdup ("1.2.3");
  rs->updated = g_strdup ("2026-11-28");
  rs->title = text ("测试备案附件", "Test filing attachments");
  rs->source = g_strdup ("test source");
  rs->variables = g_ptr_array_new ();
  rs->documents = g_ptr_array_new ();
  rs->notices = g_ptr_array_new ();

  var = g_new0 (BcVariable, 1);
  var->id = g_strdup ("subject");
  var->name = text ("主体性质", "Subject type");
  var->values = g_ptr_array_new ();
  g_ptr_array_add (var->values, var_value ("enterprise", "企业", "Enterprise"));
  g_ptr_array_add (var->values, var_value ("individual", "个人", "Individual"));
  g_ptr_array_add (rs->variables, var);

  var = g_new0 (BcVariable, 1);
  var->id = g_strdup ("pre-approval");
  var->name = text ("前置审批", "Pre-approval");
  var->is_list = TRUE;
  var->values = g_ptr_array_new ();
  g_ptr_array_add (var->values, var_value ("news", "新闻", "News"));
  g_ptr_array_add (rs->variables, var);

  doc = g_new0 (BcDocument, 1);
  doc->id = g_strdup ("business-license");
  doc->name = text ("营业执照", "Business licence");
  doc->description = text ("主体证件", "The subject's certificate");
  doc->hint = text ("拍摄营业执照正本", "Photograph the original licence");
  doc->source = g_strdup ("icp_subject.organize_info.certificate_photo (wechat-icp.md §3.2)");
  doc->fields = g_strdupv ((char **) fields);
  doc->required_when = cond_is ("subject", "enterprise");
  doc->allowed_when = cond_never ();
  doc->min_files = 1;
  doc->max_files = 1;
  doc->types = g_strdupv ((char **) types);
  doc->type_notes = g_ptr_array_new ();
  note = g_new0 (BcTypeNote, 1);
  note->type = g_strdup ("pdf");
  note->severity = BC_SEVERITY_WARNING;
  note->message = text ("PDF 需先转为图片", "convert a PDF to an image before upload");
  g_ptr_array_add (doc->type_notes, note);
  doc->max_bytes = (BcBound) { TRUE, 2 * 1024 * 1024, BC_SEVERITY_ERROR };
  doc->image.min_long_side = 1500;
  doc->image.min_short_side = 1100;
  doc->image.size_severity = BC_SEVERITY_ERROR;
  doc->image.require_color = TRUE;
  doc->image.color_severity = BC_SEVERITY_ERROR;
  g_ptr_array_add (rs->documents, doc);

  doc = g_new0 (BcDocument, 1);
  doc->id = g_strdup ("authorization-letter");
  doc->name = text ("授权书", "Authorization letter");
  doc->source = g_strdup ("icp_materials.other_materials (wechat-icp.md §3.5)");
  doc->required_when = cond_never ();
  doc->allowed_when = cond_always ();
  doc->min_files = 1;
  doc->max_files = 2;
  doc->types = g_strdupv ((char **) pdf_only);
  doc->pdf.min_pages = (BcBound) { TRUE, 1, BC_SEVERITY_ERROR };
  doc->pdf.max_pages = (BcBound) { TRUE, 2, BC_SEVERITY_ERROR };
  doc->pdf.page_sizes = g_strdupv ((char **) sizes);
  doc->pdf.page_size_tolerance_mm = 10;
  doc->pdf.page_size_severity = BC_SEVERITY_WARNING;
  doc->pdf.forbid_blank_pages = TRUE;
  doc->pdf.blank_page_severity = BC_SEVERITY_ERROR;
  doc->pdf.required_text = g_ptr_array_new ();
  rule = g_new0 (BcTextRule, 1);
  rule->page = 1;
  rule->any_of = g_strdupv ((char **) phrases);
  rule->severity = BC_SEVERITY_ERROR;
  g_ptr_array_add (doc->pdf.required_text, rule);
  g_ptr_array_add (rs->documents, doc);

  doc = g_new0 (BcDocument, 1);
  doc->id = g_strdup ("id-card-individual");
  doc->name = text ("个人身份证", "Personal ID card");
  doc->source = g_strdup ("icp_subject.principal_info (wechat-icp.md §3.3)");
  doc->required_when = cond_is ("subject", "individual");
  doc->allowed_when = cond_never ();
  doc->min_files = 2;
  doc->max_files = 2;
  g_ptr_array_add (rs->documents, doc);

  notice = g_new0 (BcNotice, 1);
  notice->code = g_strdup ("check-originals");
  notice->when = cond_always ();
  notice->severity = BC_SEVERITY_WARNING;
  notice->message = text ("请使用原件拍摄", "Photograph originals, not copies");
  notice->source = g_strdup ("notice source §9");
  g_ptr_array_add (rs->notices, notice);

  notice = g_new0 (BcNotice, 1);
  notice->code = g_strdup ("individual-only-notice");
  notice->when = cond_is ("subject", "individual");
  notice->severity = BC_SEVERITY_INFO;
  notice->message = text ("个人提示", "Individuals only");
  g_ptr_array_add (rs->notices, notice);
  return rs;
}

static GPtrArray *
str_array (const char *first, ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);
  va_list args;
  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    g_ptr_array_add (array, g_strdup (s));
  va_end (args);
  return array;
}

static GHashTable *
context_values_new (const char *subject)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  g_hash_table_insert (values, g_strdup ("subject"), str_array (subject, NULL));
  g_hash_table_insert (values, g_strdup ("pre-approval"), str_array (NULL));
  return values;
}

static BcContext *
test_context_new (const BcRuleset *rs, const char *subject)
{
  BcContext *ctx = g_new0 (BcContext, 1);
  ctx->ruleset = rs;
  ctx->values = context_values_new (subject);
  return ctx;
}

static void
test_context_free (BcContext *ctx)
{
  g_hash_table_unref (ctx->values);
  g_free (ctx);
}

/* ------------------------------------------------------------------------ */
/* hand-built report */

static void
file_record_free (BcFileRecord *rec)
{
  g_free (rec->path);
  g_free (rec->archive_path);
  g_free (rec->type);
  g_free (rec->mime);
  g_free (rec->extension_type);
  g_free (rec->sha256);
  g_ptr_array_unref (rec->documents);
  g_clear_pointer (&rec->inspection, bc_inspection_free);
  g_free (rec);
}

static void
doc_record_free (BcDocRecord *rec)
{
  g_ptr_array_unref (rec->files);
  g_free (rec);
}

static BcFileRecord *
file_record (const char *path, const char *type, const char *doc_id)
{
  BcFileRecord *rec = g_new0 (BcFileRecord, 1);
  rec->path = g_strdup (path);
  rec->archive_path = g_strdup_printf ("wrapper/%s", path);
  rec->encoding = BC_NAME_UTF8_FLAG;
  rec->type = g_strdup (type);
  rec->mime = type != NULL ? g_strdup_printf ("application/%s", type) : NULL;
  rec->extension_type = g_strdup (type);
  rec->size = 1000;
  rec->compressed_size = 900;
  rec->sha256 = type != NULL ? g_strdup ("00ff") : NULL;
  rec->documents = doc_id != NULL ? str_array (doc_id, NULL) : str_array (NULL);
  return rec;
}

static BcFinding *
add_finding (BcReport *report, const char *code, BcSeverity severity,
             const char *document, const char *file, gint page,
             const char *message, const char *hint)
{
  BcFinding *f = bc_finding_new (code, severity, document, file, page, message, hint);
  g_ptr_array_add (report->findings, f);
  return f;
}

static void
add_doc_record (BcReport *report, guint idx, BcDocApplicability appl, BcDocStatus status, GPtrArray *files)
{
  BcDocRecord *rec = g_new0 (BcDocRecord, 1);
  rec->document = g_ptr_array_index (report->ruleset->documents, idx);
  rec->applicability = appl;
  rec->status = status;
  rec->files = files;
  g_ptr_array_add (report->documents, rec);
}

/* a report with no documents' findings yet: the caller adds findings */
static BcReport *
test_report_new_empty (const BcRuleset *rs)
{
  BcReport *report = g_new0 (BcReport, 1);
  BcFileRecord *rec;
  BcInspection *insp;
  BcPageSize a4 = { 595.0, 842.0 };
  guint blank = 2;

  report->tool_version = g_strdup ("0.1.0");
  report->ruleset_name = g_strdup (rs->name);
  report->ruleset_version = g_strdup (rs->version);
  report->ruleset_updated = g_strdup (rs->updated);
  report->ruleset = rs;
  report->context = str_array ("subject=enterprise", "pre-approval=", NULL);
  report->context_values = context_values_new ("enterprise");
  report->bundle_path = g_strdup ("bundle.zip");
  report->bundle_size = 12345;
  report->bundle_sha256 = g_strdup ("abcdef");
  report->entry_count = 3;
  bc_limits_init (&report->limits);
  report->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) doc_record_free);
  report->files = g_ptr_array_new_with_free_func ((GDestroyNotify) file_record_free);
  report->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_finding_free);

  add_doc_record (report, 0, BC_DOC_REQUIRED, BC_DOC_STATUS_PRESENT, str_array ("营业执照.jpg", NULL));
  add_doc_record (report, 1, BC_DOC_OPTIONAL, BC_DOC_STATUS_OPTIONAL, str_array (NULL));
  add_doc_record (report, 2, BC_DOC_NOT_APPLICABLE, BC_DOC_STATUS_NOT_APPLICABLE, str_array (NULL));

  rec = file_record ("营业执照.jpg", "jpeg", "business-license");
  insp = g_new0 (BcInspection, 1);
  insp->kind = g_strdup ("image");
  insp->image_decoded = TRUE;
  insp->image_width = 2000;
  insp->image_height = 1500;
  insp->image_is_color = TRUE;
  insp->image_chroma = 12.5;
  rec->inspection = insp;
  g_ptr_array_add (report->files, rec);

  rec = file_record (EVIL_NAME, "pdf", NULL);
  insp = g_new0 (BcInspection, 1);
  insp->kind = g_strdup ("pdf");
  insp->pdf_opened = TRUE;
  insp->pdf_n_pages = 2;
  insp->pdf_version = g_strdup ("1.7");
  insp->pdf_page_sizes = g_array_new (FALSE, FALSE, sizeof (BcPageSize));
  g_array_append_val (insp->pdf_page_sizes, a4);
  g_array_append_val (insp->pdf_page_sizes, a4);
  insp->pdf_blank_pages = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (insp->pdf_blank_pages, blank);
  rec->inspection = insp;
  g_ptr_array_add (report->files, rec);

  rec = file_record ("__MACOSX/._x", NULL, NULL);
  rec->skipped = TRUE;
  g_ptr_array_add (report->files, rec);
  return report;
}

/* one error (unmatched evil file), one warning (under the licence), two infos */
static BcReport *
test_report_new (const BcRuleset *rs)
{
  BcReport *report = test_report_new_empty (rs);
  BcFinding *f;

  f = add_finding (report, "image-too-small", BC_SEVERITY_WARNING, "business-license", "营业执照.jpg", 0,
                   "The licence photo is small", "Take a sharper photo");
  f->source = g_strdup ("doc source");
  add_finding (report, "unmatched-file", BC_SEVERITY_ERROR, NULL, EVIL_NAME, 0,
               "File " EVIL_NAME " matches no document", "Rename it");
  add_finding (report, "pdf-blank-page", BC_SEVERITY_INFO, NULL, EVIL_NAME, 2, "Page is blank", NULL);
  add_finding (report, "check-originals", BC_SEVERITY_INFO, NULL, NULL, 0, "Photograph originals", NULL);
  return report;
}

static JsonObject *
parse_object (JsonParser *parser, const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static JsonObject *
array_object (JsonObject *obj, const char *member, guint idx)
{
  JsonArray *array = json_object_get_array_member (obj, member);
  g_assert_nonnull (array);
  g_assert_cmpuint (idx, <, json_array_get_length (array));
  return json_array_get_object_element (array, idx);
}

static gboolean
member_is_null (JsonObject *obj, const char *member)
{
  g_assert_true (json_object_has_member (obj, member));
  return JSON_NODE_HOLDS_NULL (json_object_get_member (obj, member));
}

/* ------------------------------------------------------------------------ */
/* tests */

static void
test_json_shape (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  BcRuleset *rs = test_ruleset_new ();
  g_autoptr(BcReport) report = test_report_new (rs);
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *json = bc_report_render (report, BC_FORMAT_JSON, &opts);
  JsonObject *root, *obj, *insp, *pdf;
  JsonArray *array;
  const BcLimitInfo *infos;
  guint n_infos = 0;

  g_assert_nonnull (json);
  /* JSON Lines: one object, no newline anywhere (control characters in
   * names are escaped by the generator, not written raw) */
  g_assert_null (strchr (json, '\n'));
  g_assert_null (strchr (json, '\033'));
  g_assert_cmpint (json[strlen (json) - 1], ==, '}');

  root = parse_object (parser, json);
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "bundlecheck-report/1");
  obj = json_object_get_object_member (root, "tool");
  g_assert_cmpstr (json_object_get_string_member (obj, "name"), ==, "bundlecheck");
  g_assert_cmpstr (json_object_get_string_member (obj, "version"), ==, "0.1.0");
  obj = json_object_get_object_member (root, "ruleset");
  g_assert_cmpstr (json_object_get_string_member (obj, "name"), ==, "test-ruleset");
  g_assert_cmpstr (json_object_get_string_member (obj, "version"), ==, "1.2.3");
  g_assert_cmpstr (json_object_get_string_member (obj, "updated"), ==, "2026-11-28");

  /* context: a single-valued variable is a string, a list an array */
  obj = json_object_get_object_member (root, "context");
  g_assert_cmpstr (json_object_get_string_member (obj, "subject"), ==, "enterprise");
  array = json_object_get_array_member (obj, "pre-approval");
  g_assert_nonnull (array);
  g_assert_cmpuint (json_array_get_length (array), ==, 0);

  obj = json_object_get_object_member (root, "bundle");
  g_assert_cmpstr (json_object_get_string_member (obj, "path"), ==, "bundle.zip");
  g_assert_cmpint (json_object_get_int_member (obj, "size"), ==, 12345);
  g_assert_cmpstr (json_object_get_string_member (obj, "sha256"), ==, "abcdef");
  g_assert_cmpint (json_object_get_int_member (obj, "entries"), ==, 3);

  g_assert_cmpstr (json_object_get_string_member (root, "verdict"), ==, "fail");
  obj = json_object_get_object_member (root, "counts");
  g_assert_cmpint (json_object_get_int_member (obj, "error"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (obj, "warning"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (obj, "info"), ==, 2);

  /* documents: all of them, not-applicable included, with status */
  array = json_object_get_array_member (root, "documents");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  obj = array_object (root, "documents", 0);
  g_assert_cmpstr (json_object_get_string_member (obj, "id"), ==, "business-license");
  g_assert_cmpstr (json_object_get_string_member (obj, "name"), ==, "Business licence");
  g_assert_cmpstr (json_object_get_string_member (obj, "name_zh"), ==, "营业执照");
  g_assert_cmpstr (json_object_get_string_member (obj, "name_en"), ==, "Business licence");
  g_assert_true (json_object_get_boolean_member (obj, "required"));
  g_assert_cmpstr (json_object_get_string_member (obj, "applicability"), ==, "required");
  g_assert_cmpstr (json_object_get_string_member (obj, "status"), ==, "present");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (obj, "fields"), 0), ==,
                   "icp_subject.organize_info.certificate_photo");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (obj, "files"), 0), ==,
                   "营业执照.jpg");
  obj = array_object (root, "documents", 1);
  g_assert_false (json_object_get_boolean_member (obj, "required"));
  g_assert_cmpstr (json_object_get_string_member (obj, "applicability"), ==, "optional");
  g_assert_cmpstr (json_object_get_string_member (obj, "status"), ==, "optional");
  obj = array_object (root, "documents", 2);
  g_assert_cmpstr (json_object_get_string_member (obj, "applicability"), ==, "not-applicable");
  g_assert_cmpstr (json_object_get_string_member (obj, "status"), ==, "not-applicable");

  /* files: an image inspection, a PDF inspection, and nothing */
  obj = array_object (root, "files", 0);
  g_assert_cmpstr (json_object_get_string_member (obj, "path"), ==, "营业执照.jpg");
  g_assert_cmpstr (json_object_get_string_member (obj, "archive_path"), ==, "wrapper/营业执照.jpg");
  g_assert_cmpstr (json_object_get_string_member (obj, "name_encoding"), ==,
                   bc_name_encoding_to_string (BC_NAME_UTF8_FLAG));
  g_assert_cmpstr (json_object_get_string_member (obj, "type"), ==, "jpeg");
  g_assert_cmpint (json_object_get_int_member (obj, "size"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (obj, "compressed_size"), ==, 900);
  g_assert_false (json_object_get_boolean_member (obj, "skipped"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (obj, "documents"), 0), ==,
                   "business-license");
  insp = json_object_get_object_member (obj, "inspection");
  g_assert_cmpstr (json_object_get_string_member (insp, "kind"), ==, "image");
  g_assert_false (json_object_get_boolean_member (insp, "failed"));
  g_assert_true (member_is_null (insp, "failure"));
  g_assert_true (member_is_null (insp, "pdf"));
  obj = json_object_get_object_member (insp, "image");
  g_assert_true (json_object_get_boolean_member (obj, "decoded"));
  g_assert_cmpint (json_object_get_int_member (obj, "width"), ==, 2000);
  g_assert_cmpint (json_object_get_int_member (obj, "height"), ==, 1500);
  g_assert_true (json_object_get_boolean_member (obj, "color"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (obj, "chroma"), 12.5, 1e-9);
  g_assert_true (member_is_null (obj, "error"));

  obj = array_object (root, "files", 1);
  /* the hostile name survives the round trip byte for byte */
  g_assert_cmpstr (json_object_get_string_member (obj, "path"), ==, EVIL_NAME);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "documents")), ==, 0);
  insp = json_object_get_object_member (obj, "inspection");
  g_assert_true (member_is_null (insp, "image"));
  pdf = json_object_get_object_member (insp, "pdf");
  g_assert_true (json_object_get_boolean_member (pdf, "opened"));
  g_assert_cmpint (json_object_get_int_member (pdf, "pages"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (pdf, "version"), ==, "1.7");
  array = json_object_get_array_member (pdf, "page_sizes");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (json_array_get_array_element (array, 0), 0), 595.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (json_array_get_array_element (array, 0), 1), 842.0, 1e-9);
  array = json_object_get_array_member (pdf, "blank_pages");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, 2);
  g_assert_false (json_object_get_boolean_member (pdf, "encrypted"));

  obj = array_object (root, "files", 2);
  g_assert_true (json_object_get_boolean_member (obj, "skipped"));
  g_assert_true (member_is_null (obj, "inspection"));
  g_assert_true (member_is_null (obj, "type"));
  g_assert_true (member_is_null (obj, "mime"));
  g_assert_true (member_is_null (obj, "sha256"));

  /* findings: page null for 0, nulls for absent document/file/hint */
  obj = array_object (root, "findings", 0);
  g_assert_cmpstr (json_object_get_string_member (obj, "code"), ==, "image-too-small");
  g_assert_cmpstr (json_object_get_string_member (obj, "severity"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (obj, "document"), ==, "business-license");
  g_assert_cmpstr (json_object_get_string_member (obj, "file"), ==, "营业执照.jpg");
  g_assert_true (member_is_null (obj, "page"));
  g_assert_cmpstr (json_object_get_string_member (obj, "hint"), ==, "Take a sharper photo");
  g_assert_cmpstr (json_object_get_string_member (obj, "source"), ==, "doc source");
  obj = array_object (root, "findings", 2);
  g_assert_cmpint (json_object_get_int_member (obj, "page"), ==, 2);
  g_assert_true (member_is_null (obj, "document"));
  g_assert_true (member_is_null (obj, "hint"));
  g_assert_true (member_is_null (obj, "source"));
  obj = array_object (root, "findings", 3);
  g_assert_true (member_is_null (obj, "file"));

  /* every limit, with the value in force */
  obj = json_object_get_object_member (root, "limits");
  infos = bc_limits_describe (&n_infos);
  g_assert_cmpuint (n_infos, >, 0);
  g_assert_cmpuint (json_object_get_size (obj), ==, n_infos);
  for (guint i = 0; i < n_infos; i++) {
    g_assert_true (json_object_has_member (obj, infos[i].name));
    g_assert_cmpint (json_object_get_int_member (obj, infos[i].name), ==,
                     (gint64) bc_limits_get (&report->limits, infos[i].name));
  }

  g_clear_pointer (&report, bc_report_free);
  test_ruleset_free (rs);
}

static void
test_json_lang (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  BcRuleset *rs = test_ruleset_new ();
  g_autoptr(BcReport) report = test_report_new (rs);
  BcRenderOptions opts = { BC_LANG_ZH, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *json = bc_report_render_json (report, &opts);
  JsonObject *root = parse_object (parser, json);
  JsonObject *doc = array_object (root, "documents", 0);

  g_assert_cmpstr (json_object_get_string_member (doc, "name"), ==, "营业执照");
  g_assert_cmpstr (json_object_get_string_member (doc, "name_en"), ==, "Business licence");
  g_clear_pointer (&report, bc_report_free);
  test_ruleset_free (rs);
}

static char *
verdict_of (const BcReport *report, BcSeverity fail_on)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  BcRenderOptions opts = { BC_LANG_EN, FALSE, fail_on };
  g_autofree char *json = bc_report_render (report, BC_FORMAT_JSON, &opts);
  JsonObject *root = parse_object (parser, json);
  return g_strdup (json_object_get_string_member (root, "verdict"));
}

static void
test_verdict (void)
{
  BcRuleset *rs = test_ruleset_new ();
  g_autoptr(BcReport) report = test_report_new_empty (rs);
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;
  g_autofree char *v4 = NULL;
  g_autofree char *v5 = NULL;
  g_autofree char *text_pass = NULL;
  g_autofree char *text_fail = NULL;
  g_autofree char *text_zh = NULL;

  /* no findings: passes at every threshold */
  v1 = verdict_of (report, BC_SEVERITY_INFO);
  g_assert_cmpstr (v1, ==, "pass");

  /* an info: fails only with --fail-on info */
  add_finding (report, "note", BC_SEVERITY_INFO, NULL, NULL, 0, "note", NULL);
  v2 = verdict_of (report, BC_SEVERITY_INFO);
  g_assert_cmpstr (v2, ==, "fail");
  v3 = verdict_of (report, BC_SEVERITY_WARNING);
  g_assert_cmpstr (v3, ==, "pass");

  /* a warning: passes at error, fails at warning */
  add_finding (report, "warn", BC_SEVERITY_WARNING, NULL, NULL, 0, "warn", NULL);
  v4 = verdict_of (report, BC_SEVERITY_ERROR);
  g_assert_cmpstr (v4, ==, "pass");
  v5 = verdict_of (report, BC_SEVERITY_WARNING);
  g_assert_cmpstr (v5, ==, "fail");

  /* the text verdict line follows the same rule */
  opts.fail_on = BC_SEVERITY_ERROR;
  text_pass = bc_report_render (report, BC_FORMAT_TEXT, &opts);
  g_assert_nonnull (strstr (text_pass, "PASS: bundle ready to upload (1 warning)\n"));
  g_assert_null (strstr (text_pass, "FAIL"));
  opts.fail_on = BC_SEVERITY_WARNING;
  text_fail = bc_report_render (report, BC_FORMAT_TEXT, &opts);
  g_assert_nonnull (strstr (text_fail, "FAIL: 0 errors, 1 warning\n"));
  opts.lang = BC_LANG_ZH;
  text_zh = bc_report_render (report, BC_FORMAT_TEXT, &opts);
  g_assert_nonnull (strstr (text_zh, "不通过：0 个错误，1 个警告\n"));

  g_clear_pointer (&report, bc_report_free);
  test_ruleset_free (rs);
}

static void
test_text_escape (void)
{
  BcRuleset *rs = test_ruleset_new ();
  g_autoptr(BcReport) report = test_report_new (rs);
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *plain = bc_report_render_text (report, &opts);
  g_autofree char *color = NULL;

  /* without colour: no ESC, no BEL, no RLO anywhere */
  g_assert_null (strchr (plain, '\033'));
  g_assert_null (strchr (plain, '\007'));
  g_assert_null (strstr (plain, "\xe2\x80\xae"));
  g_assert_nonnull (strstr (plain, "evil\\x1B]0;pwned\\x07\\u202Egpj.pdf"));
  /* the message quoting the name is escaped too */
  g_assert_nonnull (strstr (plain, "File evil\\x1B]0;pwned"));

  /* with colour: codes present, the hostile sequence still escaped */
  opts.color = TRUE;
  color = bc_report_render_text (report, &opts);
  g_assert_nonnull (strstr (color, "\033[31m"));
  g_assert_nonnull (strstr (color, "\033[33m"));
  g_assert_nonnull (strstr (color, "\033[32m"));
  g_assert_nonnull (strstr (color, "\033[0m"));
  g_assert_null (strstr (color, "\033]"));
  g_assert_null (strchr (color, '\007'));
  g_assert_nonnull (strstr (color, "evil\\x1B]0;pwned\\x07"));

  g_clear_pointer (&report, bc_report_free);
  test_ruleset_free (rs);
}

static void
test_text_layout (void)
{
  BcRuleset *rs = test_ruleset_new ();
  g_autoptr(BcReport) report = test_report_new (rs);
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *en = bc_report_render_text (report, &opts);
  g_autofree char *zh = NULL;
  const char *licence, *warning, *other, *unmatched, *verdict;

  g_test_message ("%s", en);
  g_assert_nonnull (strstr (en, "bundle.zip"));
  g_assert_nonnull (strstr (en, "test-ruleset 1.2.3 (updated 2026-11-28)"));
  g_assert_nonnull (strstr (en, "Subject type: Enterprise; Pre-approval: none"));
  g_assert_nonnull (strstr (en, "✓ Business licence\n"));
  g_assert_nonnull (strstr (en, "· Authorization letter (optional, not provided)\n"));
  /* not-applicable documents: only counted */
  g_assert_null (strstr (en, "Personal ID card"));
  g_assert_nonnull (strstr (en, "(1 more document is not needed in this context)"));

  /* the warning sits under its document; the unmatched file under "other" */
  licence = strstr (en, "Business licence");
  warning = strstr (en, "warning: The licence photo is small");
  other = strstr (en, "Other findings:");
  unmatched = strstr (en, "error: File evil");
  verdict = strstr (en, "FAIL: 1 error, 1 warning");
  g_assert_nonnull (licence);
  g_assert_nonnull (warning);
  g_assert_nonnull (other);
  g_assert_nonnull (unmatched);
  g_assert_nonnull (verdict);
  g_assert_true (licence < warning && warning < other && other < unmatched && unmatched < verdict);
  g_assert_nonnull (strstr (en, "→ Take a sharper photo"));
  g_assert_nonnull (strstr (en, "info: Page is blank (page 2)"));
  g_assert_nonnull (strstr (en, "info: Photograph originals"));

  opts.lang = BC_LANG_ZH;
  zh = bc_report_render_text (report, &opts);
  g_assert_nonnull (strstr (zh, "✓ 营业执照\n"));
  g_assert_nonnull (strstr (zh, "主体性质：企业"));
  g_assert_nonnull (strstr (zh, "材料："));
  g_assert_nonnull (strstr (zh, "警告："));
  g_assert_nonnull (strstr (zh, "（第 2 页）"));
  g_assert_nonnull (strstr (zh, "不通过：1 个错误，1 个警告"));
  g_assert_null (strstr (zh, "Business licence"));
  g_assert_null (strstr (zh, "FAIL"));

  g_clear_pointer (&report, bc_report_free);
  test_ruleset_free (rs);
}

static void
test_text_missing (void)
{
  BcRuleset *rs = test_ruleset_new ();
  g_autoptr(BcReport) report = test_report_new_empty (rs);
  BcDocRecord *rec = g_ptr_array_index (report->documents, 0);
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *en = NULL;
  const char *line, *finding;

  rec->status = BC_DOC_STATUS_MISSING;
  g_ptr_array_set_size (rec->files, 0);
  add_finding (report, "missing-document", BC_SEVERITY_ERROR, "business-license", NULL, 0,
               "Business licence is missing", "Add a photo of it");
  /* a finding about a not-applicable document is not lost */
  add_finding (report, "document-not-needed", BC_SEVERITY_WARNING, "id-card-individual", "id.jpg", 0,
               "Not needed here", NULL);
  en = bc_report_render_text (report, &opts);
  line = strstr (en, "✗ Business licence — missing\n");
  finding = strstr (en, "error: Business licence is missing\n");
  g_assert_nonnull (line);
  g_assert_nonnull (finding);
  g_assert_true (line < finding);
  g_assert_nonnull (strstr (en, "Other findings:\n  id.jpg\n    warning: Not needed here\n"));
  g_assert_nonnull (strstr (en, "FAIL: 1 error, 1 warning"));

  g_clear_pointer (&report, bc_report_free);
  test_ruleset_free (rs);
}

static void
test_checklist_text (void)
{
  BcRuleset *rs = test_ruleset_new ();
  BcContext *ctx = test_context_new (rs, "enterprise");
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *en = bc_checklist_render (rs, ctx, BC_FORMAT_TEXT, &opts);
  g_autofree char *zh = NULL;
  const char *first, *second;

  g_test_message ("%s", en);
  first = strstr (en, " 1. □ Business licence  [required]");
  second = strstr (en, " 2. □ Authorization letter  [optional]");
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (first < second);
  g_assert_null (strstr (en, "Personal ID card"));
  g_assert_nonnull (strstr (en, "Types: JPG, PNG or PDF"));
  g_assert_nonnull (strstr (en, "Files: exactly 1 file"));
  g_assert_nonnull (strstr (en, "Size: must be at most 2.0 MiB"));
  g_assert_nonnull (strstr (en, "must be at least 1500 × 1100 pixels"));
  g_assert_nonnull (strstr (en, "must be in colour"));
  g_assert_nonnull (strstr (en, "must have 1–2 pages"));
  g_assert_nonnull (strstr (en, "must not have blank pages"));
  g_assert_nonnull (strstr (en, "page 1 must contain \"授权书\" or \"授权委托书\""));
  g_assert_nonnull (strstr (en, "Note: PDF: convert a PDF to an image before upload"));
  g_assert_nonnull (strstr (en, "Official field: icp_subject.organize_info.certificate_photo"));
  g_assert_nonnull (strstr (en, "Source: icp_subject.organize_info.certificate_photo (wechat-icp.md §3.2)"));
  g_assert_nonnull (strstr (en, "Photograph originals, not copies"));
  g_assert_null (strstr (en, "Individuals only"));

  opts.lang = BC_LANG_ZH;
  zh = bc_checklist_render (rs, ctx, BC_FORMAT_TEXT, &opts);
  g_assert_nonnull (strstr (zh, " 1. □ 营业执照  [必需]"));
  g_assert_nonnull (strstr (zh, "格式：JPG、PNG 或 PDF"));
  g_assert_nonnull (strstr (zh, "第 1 页须包含“授权书”或“授权委托书”"));
  g_assert_null (strstr (zh, "个人身份证"));

  test_context_free (ctx);
  test_ruleset_free (rs);
}

static void
test_checklist_context (void)
{
  /* the other subject: the licence is gone, the ID card is required */
  BcRuleset *rs = test_ruleset_new ();
  BcContext *ctx = test_context_new (rs, "individual");
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *en = bc_checklist_render (rs, ctx, BC_FORMAT_TEXT, &opts);

  g_assert_null (strstr (en, "Business licence"));
  g_assert_nonnull (strstr (en, " 1. □ Authorization letter  [optional]"));
  g_assert_nonnull (strstr (en, " 2. □ Personal ID card  [required]"));
  g_assert_nonnull (strstr (en, "Files: exactly 2 files"));
  g_assert_nonnull (strstr (en, "Types: any"));
  g_assert_nonnull (strstr (en, "Individuals only"));
  test_context_free (ctx);
  test_ruleset_free (rs);
}

static void
test_checklist_json (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  BcRuleset *rs = test_ruleset_new ();
  BcContext *ctx = test_context_new (rs, "enterprise");
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *json = bc_checklist_render (rs, ctx, BC_FORMAT_JSON, &opts);
  JsonObject *root, *doc, *obj, *pdf;
  JsonArray *array;

  g_assert_null (strchr (json, '\n'));
  root = parse_object (parser, json);
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "bundlecheck-checklist/1");
  obj = json_object_get_object_member (root, "ruleset");
  g_assert_cmpstr (json_object_get_string_member (obj, "name"), ==, "test-ruleset");
  g_assert_cmpstr (json_object_get_string_member (obj, "version"), ==, "1.2.3");
  obj = json_object_get_object_member (root, "context");
  g_assert_cmpstr (json_object_get_string_member (obj, "subject"), ==, "enterprise");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "pre-approval")), ==, 0);

  array = json_object_get_array_member (root, "documents");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  doc = array_object (root, "documents", 0);
  g_assert_cmpstr (json_object_get_string_member (doc, "id"), ==, "business-license");
  g_assert_true (json_object_get_boolean_member (doc, "required"));
  g_assert_cmpint (json_object_get_int_member (doc, "min_files"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (doc, "max_files"), ==, 1);
  array = json_object_get_array_member (doc, "types");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "jpeg");
  obj = json_object_get_object_member (doc, "size");
  g_assert_true (member_is_null (obj, "min"));
  obj = json_object_get_object_member (obj, "max");
  g_assert_cmpint (json_object_get_int_member (obj, "value"), ==, 2 * 1024 * 1024);
  g_assert_cmpstr (json_object_get_string_member (obj, "severity"), ==, "error");
  obj = json_object_get_object_member (json_object_get_object_member (doc, "image"), "min_size");
  g_assert_cmpint (json_object_get_int_member (obj, "long"), ==, 1500);
  g_assert_cmpint (json_object_get_int_member (obj, "short"), ==, 1100);
  g_assert_true (member_is_null (doc, "pdf"));
  g_assert_cmpstr (json_object_get_string_member (doc, "description"), ==, "The subject's certificate");
  g_assert_cmpstr (json_object_get_string_member (doc, "hint"), ==, "Photograph the original licence");
  g_assert_cmpstr (json_object_get_string_member (doc, "source"), ==,
                   "icp_subject.organize_info.certificate_photo (wechat-icp.md §3.2)");
  obj = array_object (doc, "type_notes", 0);
  g_assert_cmpstr (json_object_get_string_member (obj, "type"), ==, "pdf");
  g_assert_cmpstr (json_object_get_string_member (obj, "severity"), ==, "warning");

  doc = array_object (root, "documents", 1);
  g_assert_cmpstr (json_object_get_string_member (doc, "id"), ==, "authorization-letter");
  g_assert_false (json_object_get_boolean_member (doc, "required"));
  g_assert_cmpstr (json_object_get_string_member (doc, "applicability"), ==, "optional");
  g_assert_true (member_is_null (doc, "image"));
  g_assert_true (member_is_null (doc, "description"));
  pdf = json_object_get_object_member (doc, "pdf");
  obj = json_object_get_object_member (json_object_get_object_member (pdf, "pages"), "max");
  g_assert_cmpint (json_object_get_int_member (obj, "value"), ==, 2);
  obj = array_object (pdf, "text", 0);
  g_assert_cmpint (json_object_get_int_member (obj, "page"), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (obj, "any_of"), 1), ==, "授权委托书");
  obj = json_object_get_object_member (pdf, "blank_pages");
  g_assert_true (json_object_get_boolean_member (obj, "forbid"));

  array = json_object_get_array_member (root, "notices");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  obj = array_object (root, "notices", 0);
  g_assert_cmpstr (json_object_get_string_member (obj, "code"), ==, "check-originals");
  g_assert_cmpstr (json_object_get_string_member (obj, "severity"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (obj, "source"), ==, "notice source §9");

  test_context_free (ctx);
  test_ruleset_free (rs);
}

static void
test_checklist_markdown (void)
{
  BcRuleset *rs = test_ruleset_new ();
  BcContext *ctx = test_context_new (rs, "enterprise");
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *md = bc_checklist_render (rs, ctx, BC_FORMAT_MARKDOWN, &opts);
  g_autofree char *zh = NULL;

  g_test_message ("%s", md);
  g_assert_true (g_str_has_prefix (md, "# Test filing attachments"));
  g_assert_nonnull (strstr (md, "- **Subject type:** Enterprise\n"));
  g_assert_nonnull (strstr (md, "- [ ] **1. Business licence** — required[^1]\n"));
  g_assert_nonnull (strstr (md, "- [ ] **2. Authorization letter** — optional[^2]\n"));
  g_assert_null (strstr (md, "Personal ID card"));
  g_assert_nonnull (strstr (md, "`icp_subject.organize_info.certificate_photo`"));
  g_assert_nonnull (strstr (md, "## Sources\n"));
  /* sources are footnotes; markdown characters in them are escaped */
  g_assert_nonnull (strstr (md, "[^1]: icp\\_subject.organize\\_info.certificate\\_photo (wechat-icp.md §3.2)\n"));
  g_assert_nonnull (strstr (md, "[^3]: notice source §9\n"));
  g_assert_nonnull (strstr (md, "**warning:** Photograph originals, not copies[^3]"));

  opts.lang = BC_LANG_ZH;
  zh = bc_checklist_render (rs, ctx, BC_FORMAT_MARKDOWN, &opts);
  g_assert_nonnull (strstr (zh, "- [ ] **1. 营业执照** — 必需[^1]"));
  g_assert_nonnull (strstr (zh, "## 依据\n"));
  test_context_free (ctx);
  test_ruleset_free (rs);
}

/* the shipped example ruleset through the real loader and context: which
 * documents the checklist lists follows the context */
static char **
checklist_ids (const BcRuleset *rs, const BcContext *ctx, guint *n_notices)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  g_autofree char *json = bc_checklist_render (rs, ctx, BC_FORMAT_JSON, &opts);
  JsonObject *root = parse_object (parser, json);
  JsonArray *docs = json_object_get_array_member (root, "documents");
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; i < json_array_get_length (docs); i++)
    g_strv_builder_add (ids, json_object_get_string_member (json_array_get_object_element (docs, i), "id"));
  *n_notices = json_array_get_length (json_object_get_array_member (root, "notices"));
  return g_strv_builder_end (ids);
}

static void
test_checklist_loaded (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcRuleset) rs = bc_ruleset_open ("example-generic", &error);
  g_autoptr(BcContext) ctx = NULL;
  g_auto(GStrv) person = NULL;
  g_auto(GStrv) company = NULL;
  g_autofree char *md = NULL;
  BcRenderOptions opts = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  const char *person_ids[] = { "application-form", "id-card-front", "id-card-back", "letter", "photos", "other", NULL };
  const char *company_ids[] = { "application-form", "id-card-front", "id-card-back", "company-certificate",
                                "letter", "photos", "other", NULL };
  guint n_notices = 0;

  g_assert_no_error (error);
  g_assert_nonnull (rs);
  ctx = bc_context_new (rs);

  /* default context (applicant=person): no company certificate, no notice */
  person = checklist_ids (rs, ctx, &n_notices);
  g_assert_cmpstrv (person, person_ids);
  g_assert_cmpuint (n_notices, ==, 0);

  g_assert_true (bc_context_set (ctx, "applicant=company", &error));
  g_assert_no_error (error);
  company = checklist_ids (rs, ctx, &n_notices);
  g_assert_cmpstrv (company, company_ids);
  g_assert_cmpuint (n_notices, ==, 1);

  md = bc_checklist_render (rs, ctx, BC_FORMAT_MARKDOWN, &opts);
  g_assert_nonnull (strstr (md, "- [ ] **1. Application form** — required[^1]\n"));
  g_assert_nonnull (strstr (md, "- [ ] **4. Business licence** — required"));
  g_assert_nonnull (strstr (md, "  - Size: should be at least 10.0 KiB; must be at most 5.0 MiB\n"));
  g_assert_nonnull (strstr (md, "- [ ] **5. Authorization letter** — optional"));
  /* one citation shared by every document and the notice: one footnote */
  g_assert_nonnull (strstr (md, "[^1]: example, not a real filing\n"));
  g_assert_nonnull (strstr (md, "- [ ] **4. Business licence** — required[^1]\n"));
  g_assert_null (strstr (md, "[^2]"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/report/json/shape", test_json_shape);
  g_test_add_func ("/report/json/lang", test_json_lang);
  g_test_add_func ("/report/verdict", test_verdict);
  g_test_add_func ("/report/text/escape", test_text_escape);
  g_test_add_func ("/report/text/layout", test_text_layout);
  g_test_add_func ("/report/text/missing", test_text_missing);
  g_test_add_func ("/checklist/text", test_checklist_text);
  g_test_add_func ("/checklist/context", test_checklist_context);
  g_test_add_func ("/checklist/json", test_checklist_json);
  g_test_add_func ("/checklist/markdown", test_checklist_markdown);
  g_test_add_func ("/checklist/loaded", test_checklist_loaded);
  return g_test_run ();
}
