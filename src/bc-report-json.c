/* The machine-readable report: one JSON object per bundle, built with
 * json-glib so quoting and escaping of hostile file names is never our
 * own code. The shape is documented in docs/report-format.md and
 * docs/report.schema.json ("schema": "bundlecheck-report/1"). */

#include <math.h>
#include <string.h>


#include "bc-json.h"
#include "bc-report.h"

#define BC_REPORT_SCHEMA "bundlecheck-report/1"

static void
member_str_array (JsonBuilder *builder, const char *name, GPtrArray *array)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; array != NULL && i < array->len; i++)
    bc_json_add_string (builder, g_ptr_array_index (array, i));
  json_builder_end_array (builder);
}

static const char *
applicability_to_string (BcDocApplicability applicability)
{
  switch (applicability) {
  case BC_DOC_REQUIRED:
    return "required";
  case BC_DOC_OPTIONAL:
    return "optional";
  case BC_DOC_NOT_APPLICABLE:
    return "not-applicable";
  default:
    return "unknown";
  }
}

/* a list variable is an array (possibly empty), a single-valued one a
 * string, an unset optional one null; with no ruleset at hand every
 * variable is an array, in sorted order so the output is stable */
static void
add_context (JsonBuilder *builder, const BcRuleset *ruleset, GHashTable *values)
{
  json_builder_begin_object (builder);
  if (ruleset != NULL && ruleset->variables != NULL) {
    for (guint i = 0; i < ruleset->variables->len; i++) {
      const BcVariable *var = g_ptr_array_index (ruleset->variables, i);
      GPtrArray *vals = values != NULL ? g_hash_table_lookup (values, var->id) : NULL;
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
  } else if (values != NULL) {
    g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (values), (GCompareFunc) g_strcmp0);
    for (GList *l = keys; l != NULL; l = l->next) {
      GPtrArray *vals = g_hash_table_lookup (values, l->data);
      member_str_array (builder, l->data, vals);
    }
  }
  json_builder_end_object (builder);
}

static void
add_pdf (JsonBuilder *builder, const BcInspection *insp)
{
  json_builder_begin_object (builder);
  bc_json_member_bool (builder, "opened", insp->pdf_opened);
  bc_json_member_string (builder, "error", insp->pdf_error);
  bc_json_member_bool (builder, "not_pdf", insp->pdf_not_pdf);
  bc_json_member_uint (builder, "leading_junk", insp->pdf_leading_junk);
  bc_json_member_bool (builder, "encrypted", insp->pdf_encrypted);
  bc_json_member_bool (builder, "restricted", insp->pdf_restricted);
  bc_json_member_bool (builder, "repaired", insp->pdf_repaired);
  bc_json_member_uint (builder, "pages", insp->pdf_n_pages);
  bc_json_member_bool (builder, "pages_truncated", insp->pdf_pages_truncated);
  json_builder_set_member_name (builder, "page_sizes");
  json_builder_begin_array (builder);
  for (guint i = 0; insp->pdf_page_sizes != NULL && i < insp->pdf_page_sizes->len; i++) {
    BcPageSize *sz = &g_array_index (insp->pdf_page_sizes, BcPageSize, i);
    json_builder_begin_array (builder);
    bc_json_add_double (builder, sz->width_pt);
    bc_json_add_double (builder, sz->height_pt);
    json_builder_end_array (builder);
  }
  json_builder_end_array (builder);
  bc_json_member_bool (builder, "has_text", insp->pdf_has_text);
  /* one entry per text rule of the document: the page it was found on */
  json_builder_set_member_name (builder, "text_hits");
  json_builder_begin_array (builder);
  for (guint i = 0; insp->pdf_text_hits != NULL && i < insp->pdf_text_hits->len; i++) {
    gint page = g_array_index (insp->pdf_text_hits, gint, i);
    if (page > 0)
      json_builder_add_int_value (builder, page);
    else
      json_builder_add_null_value (builder);
  }
  json_builder_end_array (builder);
  bc_json_member_bool (builder, "javascript", insp->pdf_javascript);
  bc_json_member_bool (builder, "launch", insp->pdf_launch);
  bc_json_member_uint (builder, "attachments", insp->pdf_attachments);
  bc_json_member_string (builder, "version", insp->pdf_version);
  json_builder_set_member_name (builder, "blank_pages");
  json_builder_begin_array (builder);
  for (guint i = 0; insp->pdf_blank_pages != NULL && i < insp->pdf_blank_pages->len; i++)
    json_builder_add_int_value (builder, g_array_index (insp->pdf_blank_pages, guint, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_image (JsonBuilder *builder, const BcInspection *insp)
{
  json_builder_begin_object (builder);
  bc_json_member_bool (builder, "decoded", insp->image_decoded);
  bc_json_member_string (builder, "error", insp->image_error);
  bc_json_member_bool (builder, "truncated", insp->image_truncated);
  bc_json_member_uint (builder, "width", insp->image_width);
  bc_json_member_uint (builder, "height", insp->image_height);
  bc_json_member_bool (builder, "color", insp->image_is_color);
  json_builder_set_member_name (builder, "chroma");
  bc_json_add_double (builder, insp->image_chroma);
  json_builder_end_object (builder);
}

/* a failed inspection has no valid facts: pdf and image are null then, and
 * each is null too when the file was of the other kind */
static void
add_inspection (JsonBuilder *builder, const BcInspection *insp)
{
  if (insp == NULL) {
    json_builder_add_null_value (builder);
    return;
  }
  json_builder_begin_object (builder);
  bc_json_member_string (builder, "kind", insp->kind);
  bc_json_member_bool (builder, "failed", insp->failed);
  bc_json_member_string (builder, "failure", insp->failure);
  json_builder_set_member_name (builder, "pdf");
  if (!insp->failed && g_strcmp0 (insp->kind, "pdf") == 0)
    add_pdf (builder, insp);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "image");
  if (!insp->failed && g_strcmp0 (insp->kind, "image") == 0)
    add_image (builder, insp);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static void
add_document (JsonBuilder *builder, const BcDocRecord *rec, BcLang lang)
{
  const BcDocument *doc = rec->document;

  json_builder_begin_object (builder);
  bc_json_member_string (builder, "id", doc->id);
  bc_json_member_string (builder, "name", bc_text_get (&doc->name, lang));
  bc_json_member_string (builder, "name_zh", doc->name.zh);
  bc_json_member_string (builder, "name_en", doc->name.en);
  bc_json_member_bool (builder, "required", rec->applicability == BC_DOC_REQUIRED);
  bc_json_member_string (builder, "applicability", applicability_to_string (rec->applicability));
  bc_json_member_string (builder, "status", bc_doc_status_to_string (rec->status));
  bc_json_member_strv (builder, "fields", doc->fields, FALSE);
  bc_json_member_string (builder, "source", doc->source);
  member_str_array (builder, "files", rec->files);
  json_builder_end_object (builder);
}

static void
add_file (JsonBuilder *builder, const BcFileRecord *file)
{
  json_builder_begin_object (builder);
  bc_json_member_string (builder, "path", file->path);
  bc_json_member_string (builder, "archive_path", file->archive_path);
  bc_json_member_string (builder, "name_encoding", bc_name_encoding_to_string (file->encoding));
  bc_json_member_string (builder, "type", file->type);
  bc_json_member_string (builder, "mime", file->mime);
  bc_json_member_string (builder, "extension_type", file->extension_type);
  bc_json_member_uint (builder, "size", file->size);
  bc_json_member_uint (builder, "compressed_size", file->compressed_size);
  bc_json_member_string (builder, "sha256", file->sha256);
  bc_json_member_bool (builder, "skipped", file->skipped);
  member_str_array (builder, "documents", file->documents);
  json_builder_set_member_name (builder, "inspection");
  add_inspection (builder, file->inspection);
  json_builder_end_object (builder);
}

static void
add_finding (JsonBuilder *builder, const BcFinding *finding)
{
  json_builder_begin_object (builder);
  bc_json_member_string (builder, "code", finding->code);
  bc_json_member_string (builder, "severity", bc_severity_to_string (finding->severity));
  bc_json_member_string (builder, "document", finding->document);
  bc_json_member_string (builder, "file", finding->file);
  json_builder_set_member_name (builder, "page");
  if (finding->page > 0)
    json_builder_add_int_value (builder, finding->page);
  else
    json_builder_add_null_value (builder);
  bc_json_member_string (builder, "message", finding->message);
  bc_json_member_string (builder, "hint", finding->hint);
  bc_json_member_string (builder, "source", finding->source);
  json_builder_end_object (builder);
}

/**
 * bc_report_render_json:
 * @report: a report
 * @options: language and fail-on severity
 *
 * Renders the report as one compact JSON object with no trailing newline.
 *
 * Returns: (transfer full): a UTF-8 string, never %NULL
 */
char *
bc_report_render_json (const BcReport *report, const BcRenderOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const BcLimitInfo *infos;
  guint n_infos = 0;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  json_builder_begin_object (builder);
  bc_json_member_string (builder, "schema", BC_REPORT_SCHEMA);

  json_builder_set_member_name (builder, "tool");
  json_builder_begin_object (builder);
  bc_json_member_string (builder, "name", "bundlecheck");
  bc_json_member_string (builder, "version", report->tool_version);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "ruleset");
  json_builder_begin_object (builder);
  bc_json_member_string (builder, "name", report->ruleset_name);
  bc_json_member_string (builder, "version", report->ruleset_version);
  bc_json_member_string (builder, "updated", report->ruleset_updated);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "context");
  add_context (builder, report->ruleset, report->context_values);

  json_builder_set_member_name (builder, "bundle");
  json_builder_begin_object (builder);
  bc_json_member_string (builder, "path", report->bundle_path);
  bc_json_member_uint (builder, "size", report->bundle_size);
  bc_json_member_string (builder, "sha256", report->bundle_sha256);
  bc_json_member_uint (builder, "entries", report->entry_count);
  json_builder_end_object (builder);

  /* the same rule as the CLI's exit code: fail when any finding is at or
   * above the fail-on severity */
  bc_json_member_string (builder, "verdict", bc_report_passed (report, options->fail_on) ? "pass" : "fail");

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  bc_json_member_uint (builder, "error", bc_report_count (report, BC_SEVERITY_ERROR));
  bc_json_member_uint (builder, "warning", bc_report_count (report, BC_SEVERITY_WARNING));
  bc_json_member_uint (builder, "info", bc_report_count (report, BC_SEVERITY_INFO));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "documents");
  json_builder_begin_array (builder);
  for (guint i = 0; report->documents != NULL && i < report->documents->len; i++) {
    const BcDocRecord *rec = g_ptr_array_index (report->documents, i);
    if (rec->document == NULL)
      continue;
    add_document (builder, rec, options->lang);
  }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; report->files != NULL && i < report->files->len; i++)
    add_file (builder, g_ptr_array_index (report->files, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; report->findings != NULL && i < report->findings->len; i++)
    add_finding (builder, g_ptr_array_index (report->findings, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "limits");
  json_builder_begin_object (builder);
  infos = bc_limits_describe (&n_infos);
  for (guint i = 0; infos != NULL && i < n_infos; i++) {
    guint64 value;
    /* the offset comes from our own table, never from input */
    memcpy (&value, (const guint8 *) &report->limits + infos[i].offset, sizeof (value));
    bc_json_member_uint (builder, infos[i].name, value);
  }
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return bc_json_to_string (builder);
}

/**
 * bc_report_render:
 * @report: a report
 * @format: %BC_FORMAT_JSON, or %BC_FORMAT_TEXT (%BC_FORMAT_MARKDOWN, which
 *   only the checklist has, falls back to text)
 * @options: language, colour and fail-on severity
 *
 * Returns: (transfer full): the rendered report
 */
char *
bc_report_render (const BcReport *report, BcFormat format, const BcRenderOptions *options)
{
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  switch (format) {
  case BC_FORMAT_JSON:
    return bc_report_render_json (report, options);
  case BC_FORMAT_TEXT:
  case BC_FORMAT_MARKDOWN:
  default:
    return bc_report_render_text (report, options);
  }
}
