/* Judging one bundle: read each entry once, identify it by content, assign
 * it to a document, inspect it, then judge every document of the context.
 *
 * Inspection (decoding every photo, opening every PDF) costs far more than
 * reading, so it runs in a small pipeline: an entry's inspection child is
 * started and the next entry is read while it works, with up to
 * max_parallel children at once. Jobs are finished oldest first and each
 * entry's findings are held back until its own inspection is done, so the
 * report lists findings in archive order exactly as a one-at-a-time check
 * would. Entry data is dropped as soon as its child is started (the child
 * has its copy), so memory follows the largest few files, not the bundle. */
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "bc-archive.h"
#include "bc-config.h"
#include "bc-finding.h"
#include "bc-hash.h"
#include "bc-identify.h"
#include "bc-inspect.h"
#include "bc-match.h"
#include "bc-report.h"

const char *
bc_version (void)
{
  return BC_VERSION;
}

void
bc_check_options_init (BcCheckOptions *options)
{
  memset (options, 0, sizeof (*options));
  bc_limits_init (&options->limits);
  options->lang = BC_LANG_EN;
  options->isolation = BC_ISOLATION_CHILD;
  /* one inspection child per CPU: more only queue for the same CPUs while
   * each holds a decoded photo; beyond 4 a typical bundle of a dozen files
   * gains nothing */
  {
    long cpus = sysconf (_SC_NPROCESSORS_ONLN);
    options->max_parallel = (guint) CLAMP (cpus, 1, 4);
  }
}

void
bc_check_options_apply_ruleset (BcCheckOptions *options, const BcRuleset *ruleset)
{
  bc_ruleset_apply_limits (ruleset, &options->limits);
}

const char *
bc_doc_status_to_string (BcDocStatus status)
{
  switch (status) {
  case BC_DOC_STATUS_PRESENT:
    return "present";
  case BC_DOC_STATUS_MISSING:
    return "missing";
  case BC_DOC_STATUS_INVALID:
    return "invalid";
  case BC_DOC_STATUS_OPTIONAL:
    return "optional";
  case BC_DOC_STATUS_NOT_APPLICABLE:
  default:
    return "not-applicable";
  }
}

static void
file_record_free (BcFileRecord *record)
{
  g_free (record->path);
  g_free (record->archive_path);
  g_free (record->type);
  g_free (record->mime);
  g_free (record->extension_type);
  g_free (record->sha256);
  g_clear_pointer (&record->documents, g_ptr_array_unref);
  g_clear_pointer (&record->inspection, bc_inspection_free);
  g_free (record);
}

static void
doc_record_free (BcDocRecord *record)
{
  g_clear_pointer (&record->files, g_ptr_array_unref);
  g_free (record);
}

void
bc_report_free (BcReport *report)
{
  if (report == NULL)
    return;
  g_free (report->tool_version);
  g_free (report->ruleset_name);
  g_free (report->ruleset_version);
  g_free (report->ruleset_updated);
  g_clear_pointer (&report->context, g_ptr_array_unref);
  g_clear_pointer (&report->context_values, g_hash_table_unref);
  g_free (report->bundle_path);
  g_free (report->bundle_sha256);
  g_clear_pointer (&report->documents, g_ptr_array_unref);
  g_clear_pointer (&report->files, g_ptr_array_unref);
  g_clear_pointer (&report->findings, g_ptr_array_unref);
  g_free (report);
}

guint
bc_report_count (const BcReport *report, BcSeverity severity)
{
  guint n = 0;

  for (guint i = 0; i < report->findings->len; i++) {
    const BcFinding *f = g_ptr_array_index (report->findings, i);
    n += f->severity == severity ? 1 : 0;
  }
  return n;
}

gboolean
bc_report_passed (const BcReport *report, BcSeverity fail_on)
{
  for (guint i = 0; i < report->findings->len; i++) {
    const BcFinding *f = g_ptr_array_index (report->findings, i);
    if (f->severity >= fail_on)
      return FALSE;
  }
  return TRUE;
}

GPtrArray *
bc_report_get_findings (const BcReport *report)
{
  return report->findings;
}

/* the context as the report shows it, in the ruleset's variable order */
static void
report_copy_context (BcReport *report, const BcContext *context)
{
  const BcRuleset *ruleset = context->ruleset;

  report->context = g_ptr_array_new_with_free_func (g_free);
  report->context_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < ruleset->variables->len; i++) {
    const BcVariable *var = g_ptr_array_index (ruleset->variables, i);
    GPtrArray *values = bc_context_get (context, var->id);
    g_autoptr (GString) line = g_string_new (var->id);
    GPtrArray *copy = g_ptr_array_new_with_free_func (g_free);

    g_string_append_c (line, '=');
    for (guint j = 0; values != NULL && j < values->len; j++) {
      const char *value = g_ptr_array_index (values, j);
      g_string_append_printf (line, "%s%s", j ? "," : "", value);
      g_ptr_array_add (copy, g_strdup (value));
    }
    if (values == NULL && !var->is_list) {
      g_ptr_array_unref (copy);
      continue; /* an optional variable left unset */
    }
    g_ptr_array_add (report->context, g_string_free (g_steal_pointer (&line), FALSE));
    g_hash_table_insert (report->context_values, g_strdup (var->id), copy);
  }
}

static BcReport *
report_new (const BcRuleset *ruleset,
            const BcContext *context,
            const BcCheckOptions *options,
            const char *display_path)
{
  BcReport *report = g_new0 (BcReport, 1);

  report->tool_version = g_strdup (BC_VERSION);
  report->ruleset = ruleset;
  report->ruleset_name = g_strdup (ruleset->name);
  report->ruleset_version = g_strdup (ruleset->version);
  report->ruleset_updated = g_strdup (ruleset->updated);
  report->bundle_path = g_strdup (display_path);
  report->limits = options->limits;
  report->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) doc_record_free);
  report->files = g_ptr_array_new_with_free_func ((GDestroyNotify) file_record_free);
  report->findings = bc_findings_new ();
  report_copy_context (report, context);
  return report;
}

typedef struct {
  const BcRuleset *ruleset;
  const BcContext *context;
  const BcCheckOptions *options;
  BcReport *report;
  BcIdentifier *identifier;
  BcMatcher *matcher;
  GHashTable *doc_records; /* document id -> BcDocRecord* (borrowed from report) */
} BcCheck;

static const char *
doc_name (const BcCheck *check, const BcDocument *doc)
{
  return bc_text_get (&doc->name, check->options->lang);
}

/* "jpeg, png or pdf" in the words users know from file extensions */
static char *
types_for_humans (char *const *types, BcLang lang)
{
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = types != NULL ? g_strv_length ((char **) types) : 0;

  for (guint i = 0; i < n; i++) {
    g_autofree char *upper = g_ascii_strup (g_strcmp0 (types[i], "jpeg") == 0 ? "jpg" : types[i], -1);
    if (i > 0)
      g_string_append (out, i + 1 == n ? BC_TR (lang, " or ", " 或 ") : ", ");
    g_string_append (out, upper);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* a file the bundle holds both as a PDF and as a ZIP is read differently
 * by different tools: reviewers and scanners may not see the same thing */
static gboolean
is_also_zip (GBytes *data)
{
  zip_error_t zerr;
  zip_source_t *src;
  zip_t *za;
  gboolean result = FALSE;
  gsize len = 0;
  const guint8 *buf = g_bytes_get_data (data, &len);

  if (len < 22)
    return FALSE;
  zip_error_init (&zerr);
  src = zip_source_buffer_create (buf, len, 0, &zerr);
  if (src == NULL) {
    zip_error_fini (&zerr);
    return FALSE;
  }
  za = zip_open_from_source (src, ZIP_RDONLY, &zerr);
  if (za == NULL) {
    zip_source_free (src);
  } else {
    result = zip_get_num_entries (za, 0) > 0;
    zip_discard (za);
  }
  zip_error_fini (&zerr);
  return result;
}

/* findings that depend only on what the file is, not on its document */
static void
judge_content (BcCheck *check, BcFileRecord *record, GBytes *data, GPtrArray *findings)
{
  BcLang lang = check->options->lang;

  if (record->size == 0) {
    bc_findings_add (findings, "file-empty", BC_SEVERITY_ERROR, NULL, record->path,
                     BC_TR (lang, "Add the real file; an empty file usually means the copy or download failed.",
                            "请放入真实文件；空文件通常是复制或下载失败造成的。"),
                     BC_TR (lang, "The file is empty (0 bytes).", "文件为空（0 字节）。"));
    return;
  }
  if (record->extension_type != NULL && g_strcmp0 (record->extension_type, record->type) != 0) {
    g_autofree char *ext_upper = g_ascii_strup (record->extension_type, -1);
    g_autofree char *type_upper = g_ascii_strup (record->type, -1);
    bc_findings_add (findings, "extension-mismatch", BC_SEVERITY_WARNING, NULL, record->path,
                     BC_TR (lang, "Save or export the file in the format its name claims, or rename it to match its content; renaming alone does not convert a file.",
                            "请用正确的格式重新保存或导出文件，或把扩展名改成与内容一致；只改扩展名不会转换格式。"),
                     BC_TR (lang, "The name says %s but the content is %s (%s); it is judged as %s.",
                            "文件名显示为 %s，但内容是 %s（%s），将按 %s 检查。"),
                     ext_upper, type_upper, record->mime != NULL ? record->mime : "?", type_upper);
  }
  if (bc_type_is_archive (record->type)) {
    bc_findings_add (findings, "archive-nested", BC_SEVERITY_ERROR, NULL, record->path,
                     BC_TR (lang, "Unpack the inner archive and put its files directly into the bundle; the filing form takes images, not archives.",
                            "请解压内层压缩包，把其中的文件直接放入；备案表单只接受图片等文件，不接受压缩包。"),
                     BC_TR (lang, "The bundle contains another archive (%s); its contents are not checked.",
                            "压缩包里还有一个压缩包（%s），其中的内容不会被检查。"),
                     record->type);
  }
  if (g_strcmp0 (record->type, "pdf") == 0 && is_also_zip (data)) {
    bc_findings_add (findings, "file-polyglot", BC_SEVERITY_ERROR, NULL, record->path,
                     BC_TR (lang, "Re-create the PDF from its source (print or export it again).",
                            "请从原始文件重新生成该 PDF（重新打印或导出）。"),
                     BC_TR (lang, "The file is both a PDF and a ZIP archive; different programs will show different content.",
                            "该文件同时是 PDF 和 ZIP 压缩包，不同程序看到的内容会不同。"));
  }
}

/* findings that compare the file with what its document accepts */
static void
judge_against_document (BcCheck *check, BcFileRecord *record, const BcDocument *doc, GPtrArray *findings)
{
  BcLang lang = check->options->lang;
  const char *name = doc_name (check, doc);

  if (record->type == NULL || record->size == 0)
    return; /* unread or empty: the finding already made says why */
  if (doc->types != NULL && !g_strv_contains ((const char *const *) doc->types, record->type)) {
    g_autofree char *accepted = types_for_humans (doc->types, lang);
    g_autofree char *type_upper = g_ascii_strup (record->type, -1);
    g_autofree char *hint = g_strdup_printf (BC_TR (lang, "Provide it as %s: photograph or scan the original again, or convert the file.",
                                                    "请提供 %s 格式：重新拍照或扫描原件，或转换文件格式。"),
                                             accepted);
    bc_findings_add (findings, "type-not-allowed", BC_SEVERITY_ERROR, doc->id, record->path, hint,
                     BC_TR (lang, "%s: the file is %s, but only %s is accepted.",
                            "%s：文件是 %s 格式，只接受 %s。"),
                     name, type_upper, accepted);
    return;
  }
  for (guint i = 0; doc->type_notes != NULL && i < doc->type_notes->len; i++) {
    const BcTypeNote *note = g_ptr_array_index (doc->type_notes, i);
    if (g_strcmp0 (note->type, record->type) == 0)
      bc_findings_add (findings, "type-needs-conversion", note->severity, doc->id, record->path, NULL,
                       "%s: %s", name, bc_text_get (&note->message, lang));
  }
  if (doc->max_bytes.set && record->size > doc->max_bytes.value) {
    g_autofree char *have = bc_format_bytes (record->size);
    g_autofree char *limit = bc_format_bytes (doc->max_bytes.value);
    bc_findings_add (findings, "file-too-large", doc->max_bytes.severity, doc->id, record->path,
                     BC_TR (lang, "Reduce the file size (lower the photo resolution or JPEG quality) while keeping the text legible.",
                            "请在保证文字清晰的前提下压缩文件（降低分辨率或 JPEG 质量）。"),
                     BC_TR (lang, "%s: the file is %s, more than the %s allowed.",
                            "%s：文件大小 %s，超过允许的 %s。"),
                     name, have, limit);
  }
  if (doc->min_bytes.set && record->size < doc->min_bytes.value) {
    g_autofree char *have = bc_format_bytes (record->size);
    g_autofree char *limit = bc_format_bytes (doc->min_bytes.value);
    bc_findings_add (findings, "file-too-small", doc->min_bytes.severity, doc->id, record->path,
                     BC_TR (lang, "Use a clearer original: photograph or scan it again at a higher resolution.",
                            "请使用更清晰的原件：以更高分辨率重新拍照或扫描。"),
                     BC_TR (lang, "%s: the file is %s, less than the %s required.",
                            "%s：文件大小 %s，小于要求的 %s。"),
                     name, have, limit);
  }
}

static BcDocRecord *
doc_record_for (BcCheck *check, const BcDocument *doc)
{
  return g_hash_table_lookup (check->doc_records, doc->id);
}

static void
assign (BcCheck *check, BcFileRecord *record, BcMatch *match, GPtrArray *findings)
{
  BcLang lang = check->options->lang;

  switch (match->kind) {
  case BC_MATCH_ASSIGNED:
    for (guint i = 0; i < match->documents->len; i++) {
      const BcDocument *doc = g_ptr_array_index (match->documents, i);
      g_ptr_array_add (record->documents, g_strdup (doc->id));
      g_ptr_array_add (doc_record_for (check, doc)->files, g_strdup (record->path));
    }
    break;
  case BC_MATCH_AMBIGUOUS: {
    g_autoptr (GString) names = g_string_new (NULL);
    for (guint i = 0; i < match->documents->len; i++) {
      const BcDocument *doc = g_ptr_array_index (match->documents, i);
      g_string_append_printf (names, "%s%s", i ? BC_TR (lang, ", ", "、") : "", doc_name (check, doc));
    }
    bc_findings_add (findings, "ambiguous-file", BC_SEVERITY_WARNING, NULL, record->path,
                     BC_TR (lang, "Rename the file (or its folder) so it names one document, e.g. add the role or the side.",
                            "请重命名文件（或所在文件夹），写明它是哪一份材料，例如注明负责人角色或正反面。"),
                     BC_TR (lang, "The name fits several documents equally well: %s.",
                            "文件名同样符合多份材料：%s。"),
                     names->str);
    break;
  }
  case BC_MATCH_NOT_NEEDED: {
    const BcDocument *doc = g_ptr_array_index (match->documents, 0);
    bc_findings_add (findings, "file-not-needed", BC_SEVERITY_WARNING, doc->id, record->path,
                     BC_TR (lang, "Remove it, or check the filing context (-s options) if it is needed after all.",
                            "请删除该文件；如确实需要，请检查备案情形设置（-s 选项）。"),
                     BC_TR (lang, "This looks like %s, which this filing does not ask for.",
                            "该文件看起来是“%s”，本次备案不需要。"),
                     doc_name (check, doc));
    break;
  }
  case BC_MATCH_NONE:
  default:
    /* an inner archive already has its own finding telling the user to
     * unpack it; "matches nothing" would only repeat it */
    if (bc_type_is_archive (record->type))
      break;
    bc_findings_add (findings, "unmatched-file", BC_SEVERITY_WARNING, NULL, record->path,
                     BC_TR (lang, "Name the file after the document it is (see `bundlecheck checklist`), or remove it.",
                            "请按材料名称命名文件（参见 `bundlecheck checklist`），或删除该文件。"),
                     BC_TR (lang, "The file does not match any document of this filing.",
                            "该文件不对应本次备案的任何材料。"));
    break;
  }
}

/* an entry read and judged, waiting for its inspection (if any) before
 * its findings join the report */
typedef struct {
  BcFileRecord *record;   /* borrowed from report->files */
  const BcDocument *doc;  /* the document its inspection judges against */
  GPtrArray *findings;    /* this entry's findings so far */
  GBytes *data;           /* to inspect; dropped once the job is started */
  BcInspectJob *job;      /* NULL: nothing (more) to wait for */
} BcPending;

static void
pending_free (BcPending *pending)
{
  g_clear_pointer (&pending->findings, g_ptr_array_unref);
  g_clear_pointer (&pending->data, g_bytes_unref);
  /* an unfinished job is killed and reaped here (a check that failed) */
  g_clear_pointer (&pending->job, bc_inspect_job_free);
  g_free (pending);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcPending, pending_free)

/* one entry up to its inspection: read, identify, assign, judge. What it
 * finds goes into PENDING's own findings; what is left to inspect stays
 * in PENDING's data. */
static gboolean
check_entry (BcCheck *check, BcArchive *archive, const BcEntry *entry, BcPending *pending, GError **error)
{
  BcFileRecord *record = g_new0 (BcFileRecord, 1);
  GPtrArray *findings = pending->findings;
  g_autoptr (GBytes) data = NULL;
  BcMatch match;
  const BcDocument *doc = NULL;

  record->path = g_strdup (entry->path);
  record->archive_path = g_strdup (entry->archive_path);
  record->encoding = entry->encoding;
  record->size = entry->declared_size;
  record->compressed_size = entry->compressed_size;
  record->skipped = entry->is_system_file;
  record->documents = g_ptr_array_new_with_free_func (g_free);
  record->extension_type = g_strdup (bc_identify_extension (entry->path));
  g_ptr_array_add (check->report->files, record);
  pending->record = record;
  if (entry->is_system_file)
    return TRUE;

  if (!bc_archive_read_entry (archive, entry, &data, findings, error))
    return FALSE;
  if (data != NULL) {
    gsize len = 0;
    const guint8 *buf = g_bytes_get_data (data, &len);
    record->size = len;
    record->sha256 = bc_sha256_bytes (data);
    record->type = g_strdup (bc_identify_data (check->identifier, buf, len, &record->mime));
    judge_content (check, record, data, findings);
  }

  bc_matcher_match (check->matcher, check->context, entry->path, record->type, &match);
  assign (check, record, &match, findings);
  if (match.kind == BC_MATCH_ASSIGNED)
    doc = g_ptr_array_index (match.documents, 0);
  if (doc != NULL) {
    for (guint i = 0; i < match.documents->len; i++)
      judge_against_document (check, record, g_ptr_array_index (match.documents, i), findings);
  }
  bc_match_clear (&match);

  if (data != NULL && record->size > 0 && bc_inspect_supports (record->type)) {
    pending->doc = doc;
    pending->data = g_steal_pointer (&data);
  }
  return TRUE;
}

/* the entries read so far whose findings are not yet in the report,
 * oldest first */
typedef struct {
  GQueue queue;     /* of BcPending* */
  guint running;    /* how many of them have a job */
  guint max_running;
} BcPipeline;

static gboolean
pipeline_finish_head (BcCheck *check, BcPipeline *pipeline, GError **error)
{
  g_autoptr (BcPending) head = g_queue_pop_head (&pipeline->queue);
  BcFileRecord *record = head->record;

  if (head->job != NULL) {
    g_autofree BcInspectJob **others = g_new0 (BcInspectJob *, pipeline->queue.length + 1);
    guint n_others = 0;

    /* read the younger children's pipes while waiting for this one */
    for (GList *l = pipeline->queue.head; l != NULL; l = l->next) {
      BcPending *p = l->data;
      if (p->job != NULL)
        others[n_others++] = p->job;
    }
    pipeline->running--;
    record->inspection = bc_inspect_finish_draining (g_steal_pointer (&head->job), others, n_others, error);
    if (record->inspection == NULL)
      return FALSE;
    bc_inspection_add_findings (record->inspection, head->doc, record->path, check->options->lang,
                                &check->options->limits, head->findings);
  }
  /* the entry is complete: its findings join the report in archive order */
  g_ptr_array_extend_and_steal (check->report->findings, g_steal_pointer (&head->findings));
  return TRUE;
}

/* add a judged entry; start its inspection once fewer than max_running
 * children are busy, finishing the oldest first to make room */
static gboolean
pipeline_push (BcCheck *check, BcPipeline *pipeline, BcPending *pending, GError **error)
{
  g_queue_push_tail (&pipeline->queue, pending);
  if (pending->data != NULL) {
    while (pipeline->running >= pipeline->max_running) {
      if (!pipeline_finish_head (check, pipeline, error))
        return FALSE;
    }
    pending->job = bc_inspect_start (pending->record->type, pending->data, pending->doc,
                                     &check->options->limits, check->options->isolation, error);
    /* the child has its own copy now (or, in-process, the work is done) */
    g_clear_pointer (&pending->data, g_bytes_unref);
    if (pending->job == NULL)
      return FALSE;
    pipeline->running++;
  }
  /* what needs no waiting goes straight to the report, keeping the
   * order. With one child at most the check stays strictly one entry at a
   * time, as before there was a pipeline: read, inspect, judge, next. */
  while (!g_queue_is_empty (&pipeline->queue)) {
    BcPending *head = g_queue_peek_head (&pipeline->queue);
    if (head->job != NULL && pipeline->max_running > 1)
      break;
    if (!pipeline_finish_head (check, pipeline, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
pipeline_drain (BcCheck *check, BcPipeline *pipeline, GError **error)
{
  while (!g_queue_is_empty (&pipeline->queue)) {
    if (!pipeline_finish_head (check, pipeline, error))
      return FALSE;
  }
  return TRUE;
}

static void
pipeline_clear (BcPipeline *pipeline)
{
  g_queue_clear_full (&pipeline->queue, (GDestroyNotify) pending_free);
  pipeline->running = 0;
}

/* files of one document with identical content are one copy sent twice:
 * say so, and count them once */
static guint
count_distinct_files (BcCheck *check, BcDocRecord *rec, GHashTable *records_by_path)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  BcLang lang = check->options->lang;
  guint distinct = 0;

  for (guint i = 0; i < rec->files->len; i++) {
    const char *path = g_ptr_array_index (rec->files, i);
    const BcFileRecord *file = g_hash_table_lookup (records_by_path, path);
    const char *first;

    if (file == NULL || file->sha256 == NULL) {
      distinct++;
      continue;
    }
    first = g_hash_table_lookup (seen, file->sha256);
    if (first != NULL) {
      bc_findings_add (check->report->findings, "duplicate-file", BC_SEVERITY_INFO, rec->document->id, path,
                       BC_TR (lang, "Remove the extra copy.", "请删除多余的副本。"),
                       BC_TR (lang, "%s: same content as %s; counted once.",
                              "%s：内容与 %s 相同，只计一次。"),
                       doc_name (check, rec->document), first);
      continue;
    }
    g_hash_table_insert (seen, file->sha256, (gpointer) path);
    distinct++;
  }
  return distinct;
}

static void
judge_documents (BcCheck *check)
{
  BcLang lang = check->options->lang;
  /* indexed once: every document looks its files up by path */
  g_autoptr (GHashTable) records_by_path = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) paths_with_errors = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < check->report->files->len; i++) {
    BcFileRecord *r = g_ptr_array_index (check->report->files, i);
    /* a duplicated name keeps its first record, as the archive order does */
    if (!g_hash_table_contains (records_by_path, r->path))
      g_hash_table_insert (records_by_path, r->path, r);
  }
  for (guint i = 0; i < check->report->findings->len; i++) {
    const BcFinding *f = g_ptr_array_index (check->report->findings, i);
    if (f->severity == BC_SEVERITY_ERROR && f->file != NULL)
      g_hash_table_add (paths_with_errors, f->file);
  }

  for (guint i = 0; i < check->report->documents->len; i++) {
    BcDocRecord *rec = g_ptr_array_index (check->report->documents, i);
    const BcDocument *doc = rec->document;
    const char *name = doc_name (check, doc);
    guint n = count_distinct_files (check, rec, records_by_path);
    gboolean invalid = FALSE;

    if (rec->applicability == BC_DOC_NOT_APPLICABLE) {
      rec->status = BC_DOC_STATUS_NOT_APPLICABLE;
      continue;
    }
    for (guint j = 0; j < rec->files->len; j++)
      invalid |= g_hash_table_contains (paths_with_errors, g_ptr_array_index (rec->files, j));

    if (rec->applicability == BC_DOC_REQUIRED && n < doc->min_files) {
      const char *hint = bc_text_get (&doc->hint, lang);
      if (n == 0)
        bc_findings_add (check->report->findings, "missing-document", BC_SEVERITY_ERROR, doc->id, NULL,
                         hint != NULL ? hint : BC_TR (lang, "Add it to the bundle, named after the document.",
                                                      "请把该材料放入压缩包，并以材料名称命名。"),
                         BC_TR (lang, "Missing: %s.", "缺少：%s。"), name);
      else
        bc_findings_add (check->report->findings, "missing-document", BC_SEVERITY_ERROR, doc->id, NULL,
                         hint,
                         BC_TR (lang, "%s: %u file(s) needed, %u found.", "%s：需要 %u 个文件，只找到 %u 个。"),
                         name, doc->min_files, n);
      rec->status = BC_DOC_STATUS_MISSING;
      continue;
    }
    if (doc->max_files > 0 && n > doc->max_files) {
      g_autofree char *hint = g_strdup_printf (BC_TR (lang, "Keep only the right file(s) for this document; the form takes at most %u.",
                                                      "请只保留该材料正确的文件；表单最多接受 %u 个。"),
                                               doc->max_files);
      bc_findings_add (check->report->findings, "too-many-files", BC_SEVERITY_ERROR, doc->id, NULL, hint,
                       BC_TR (lang, "%s: %u files found, at most %u allowed.",
                              "%s：找到 %u 个文件，最多允许 %u 个。"),
                       name, n, doc->max_files);
      invalid = TRUE;
    }
    if (n == 0)
      rec->status = rec->applicability == BC_DOC_REQUIRED ? BC_DOC_STATUS_MISSING : BC_DOC_STATUS_OPTIONAL;
    else
      rec->status = invalid ? BC_DOC_STATUS_INVALID : BC_DOC_STATUS_PRESENT;
  }
}

static void
add_notices (BcCheck *check)
{
  for (guint i = 0; check->ruleset->notices != NULL && i < check->ruleset->notices->len; i++) {
    const BcNotice *notice = g_ptr_array_index (check->ruleset->notices, i);
    BcFinding *f;

    if (!bc_condition_eval (notice->when, check->context))
      continue;
    f = bc_findings_add (check->report->findings, notice->code, notice->severity, NULL, NULL, NULL,
                         "%s", bc_text_get (&notice->message, check->options->lang));
    f->source = g_strdup (notice->source);
  }
}

/* every finding about a document cites the rule it comes from */
static void
add_citations (BcCheck *check)
{
  for (guint i = 0; i < check->report->findings->len; i++) {
    BcFinding *f = g_ptr_array_index (check->report->findings, i);
    const BcDocument *doc;

    if (f->document == NULL || f->source != NULL)
      continue;
    doc = bc_ruleset_get_document (check->ruleset, f->document);
    if (doc != NULL)
      f->source = g_strdup (doc->source);
  }
}

static BcReport *
check_archive (const BcRuleset *ruleset,
               const BcContext *context,
               const BcCheckOptions *options,
               GBytes *bundle,
               int fd,
               const char *display_path,
               GError **error)
{
  g_autoptr (BcReport) report = report_new (ruleset, context, options, display_path);
  g_autoptr (BcIdentifier) identifier = bc_identifier_new (error);
  g_autoptr (BcMatcher) matcher = bc_matcher_new (ruleset);
  g_autoptr (GHashTable) doc_records = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (BcArchive) archive = NULL;
  BcCheck check = { ruleset, context, options, report, identifier, matcher, doc_records };
  BcPipeline pipeline = { G_QUEUE_INIT, 0, 1 };
  GPtrArray *entries;

  if (identifier == NULL)
    return NULL;
  for (guint i = 0; i < ruleset->documents->len; i++) {
    BcDocRecord *rec = g_new0 (BcDocRecord, 1);
    rec->document = g_ptr_array_index (ruleset->documents, i);
    rec->applicability = bc_document_applicability (rec->document, context);
    rec->files = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (report->documents, rec);
    g_hash_table_insert (doc_records, rec->document->id, rec);
  }
  add_notices (&check);

  if (bundle != NULL)
    archive = bc_archive_open_bytes (bundle, &options->limits, options->lang, report->findings, error);
  else
    archive = bc_archive_open_fd (fd, &options->limits, options->lang, report->findings, error);
  if (archive == NULL) {
    g_prefix_error (error, "%s: ", display_path);
    return NULL;
  }
  report->bundle_size = bc_archive_get_size (archive);
  report->bundle_sha256 = g_strdup (bc_archive_get_sha256 (archive));
  report->entry_count = bc_archive_get_entry_count (archive);

  /* in-process inspection runs at start: nothing would overlap */
  pipeline.max_running = options->isolation == BC_ISOLATION_CHILD ? MAX (options->max_parallel, 1) : 1;
  entries = bc_archive_get_entries (archive);
  for (guint i = 0; entries != NULL && i < entries->len; i++) {
    g_autoptr (BcPending) pending = g_new0 (BcPending, 1);
    pending->findings = bc_findings_new ();
    /* the pipeline owns the entry from the push on, even when it fails;
     * on failure it kills and reaps every child still running */
    if (!check_entry (&check, archive, g_ptr_array_index (entries, i), pending, error) ||
        !pipeline_push (&check, &pipeline, g_steal_pointer (&pending), error)) {
      pipeline_clear (&pipeline);
      g_prefix_error (error, "%s: ", display_path);
      return NULL;
    }
  }
  if (!pipeline_drain (&check, &pipeline, error)) {
    pipeline_clear (&pipeline);
    g_prefix_error (error, "%s: ", display_path);
    return NULL;
  }
  /* an unreadable archive has no documents to judge: "missing" for each
   * would bury the one finding that matters */
  if (bc_archive_is_readable (archive))
    judge_documents (&check);
  else
    for (guint i = 0; i < report->documents->len; i++) {
      BcDocRecord *rec = g_ptr_array_index (report->documents, i);
      rec->status = rec->applicability == BC_DOC_NOT_APPLICABLE ? BC_DOC_STATUS_NOT_APPLICABLE
                    : rec->applicability == BC_DOC_REQUIRED     ? BC_DOC_STATUS_MISSING
                                                                : BC_DOC_STATUS_OPTIONAL;
    }
  add_citations (&check);
  return g_steal_pointer (&report);
}

BcReport *
bc_check_bytes (const BcRuleset *ruleset,
                const BcContext *context,
                const BcCheckOptions *options,
                GBytes *bundle,
                const char *display_path,
                GError **error)
{
  g_return_val_if_fail (bundle != NULL, NULL);
  return check_archive (ruleset, context, options, bundle, -1, display_path, error);
}

BcReport *
bc_check_fd (const BcRuleset *ruleset,
             const BcContext *context,
             const BcCheckOptions *options,
             int fd,
             const char *display_path,
             GError **error)
{
  g_return_val_if_fail (fd >= 0, NULL);
  return check_archive (ruleset, context, options, NULL, fd, display_path, error);
}
