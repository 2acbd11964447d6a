/* Looking inside files: dispatch to the PDF and image inspectors, run them
 * in the sandbox, carry the facts back across the pipe, and turn facts
 * into findings.
 *
 * The child's answer is a GVariant dictionary (a{sv}). GVariant is built
 * for untrusted serialised data (every access on a non-normal value is
 * bounds-checked), and on top of that every field is validated here:
 * strings are bounded and valid UTF-8, counts cannot exceed the pages we
 * allowed the child to look at, numbers must be finite and in range. A
 * result that fails any check is an inspection-failed finding. */

#include "bc-config.h"

#include "bc-inspect.h"
#include "bc-finding.h"
#include "bc-inspect-image.h"
#include "bc-inspect-pdf.h"
#include "bc-sandbox.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* the longest string we accept from the child */
#define BC_INSPECT_MAX_STRING 1024
/* larger than any real page: 200 inches is poppler's UserUnit-free maximum */
#define BC_INSPECT_MAX_PAGE_PT 1.0e6

void
bc_inspection_free (BcInspection *inspection)
{
  if (inspection == NULL)
    return;
  g_free (inspection->failure);
  g_free (inspection->kind);
  g_free (inspection->pdf_error);
  g_free (inspection->pdf_version);
  g_free (inspection->image_error);
  if (inspection->pdf_page_sizes != NULL)
    g_array_unref (inspection->pdf_page_sizes);
  if (inspection->pdf_text_hits != NULL)
    g_array_unref (inspection->pdf_text_hits);
  if (inspection->pdf_blank_pages != NULL)
    g_array_unref (inspection->pdf_blank_pages);
  g_free (inspection);
}

gboolean
bc_inspect_supports (const char *type)
{
  return g_strcmp0 (type, "pdf") == 0 ||
         g_strcmp0 (type, "jpeg") == 0 ||
         g_strcmp0 (type, "png") == 0;
}

#ifdef BC_ENABLE_TEST_HOOKS
/* Test-only fault injection: with BUNDLECHECK_TEST_FAULTS=1 a file holding
 * the marker makes the inspector misbehave the way a crafted file would,
 * so the isolation tests need no real exploit. Compiled out of release
 * builds (-Dtest_hooks=false). */
static void
bc_inspect_test_fault (GBytes *data)
{
  gsize len = 0;
  const guint8 *buf = g_bytes_get_data (data, &len);
  const char *marker = "BC-TEST-FAULT:";
  const guint8 *hit;

  if (g_strcmp0 (g_getenv ("BUNDLECHECK_TEST_FAULTS"), "1") != 0 || buf == NULL)
    return;
  hit = memmem (buf, len, marker, strlen (marker));
  if (hit == NULL)
    return;
  hit += strlen (marker);
  len -= (gsize) (hit - buf);
  if (len >= 5 && memcmp (hit, "crash", 5) == 0)
    {
      raise (SIGSEGV);
    }
  else if (len >= 4 && memcmp (hit, "loop", 4) == 0)
    {
      volatile guint64 spin = 0;
      for (;;)
        spin++;
    }
  else if (len >= 5 && memcmp (hit, "alloc", 5) == 0)
    {
      /* touch every page so the memory is really used, as a bomb would */
      for (;;)
        {
          guint8 *p = g_malloc (16 * 1024 * 1024);
          memset (p, 0xa5, 16 * 1024 * 1024);
        }
    }
  else if (len >= 4 && memcmp (hit, "hang", 4) == 0)
    {
      /* blocks without using CPU: only the wall clock catches it */
      for (;;)
        g_usleep (G_USEC_PER_SEC);
    }
}
#endif

/* what the inspector is asked, in the process that runs it */
typedef struct {
  const char *type;
  GBytes *data;
  const BcDocument *document;
  const BcLimits *limits;
} BcInspectTask;

static BcInspection *
bc_inspect_run (const BcInspectTask *job)
{
#ifdef BC_ENABLE_TEST_HOOKS
  bc_inspect_test_fault (job->data);
#endif
  if (g_strcmp0 (job->type, "pdf") == 0)
    return bc_inspect_pdf (job->data, job->document, job->limits);
  return bc_inspect_image (job->type, job->data, job->limits);
}

/* ------------------------------------------------------- serialisation */

static void
bc_dict_add_string (GVariantBuilder *b, const char *key, const char *value)
{
  if (value != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (value, -1);
      g_variant_builder_add (b, "{sv}", key, g_variant_new_string (valid));
    }
}

static void
bc_dict_add_bool (GVariantBuilder *b, const char *key, gboolean value)
{
  if (value)
    g_variant_builder_add (b, "{sv}", key, g_variant_new_boolean (TRUE));
}

static void
bc_dict_add_uint (GVariantBuilder *b, const char *key, guint value)
{
  g_variant_builder_add (b, "{sv}", key, g_variant_new_uint32 (value));
}

static GBytes *
bc_inspection_serialise (const BcInspection *insp)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) dict = NULL;

  bc_dict_add_string (&b, "kind", insp->kind);
  bc_dict_add_bool (&b, "pdf-opened", insp->pdf_opened);
  bc_dict_add_string (&b, "pdf-error", insp->pdf_error);
  bc_dict_add_bool (&b, "pdf-encrypted", insp->pdf_encrypted);
  bc_dict_add_bool (&b, "pdf-restricted", insp->pdf_restricted);
  bc_dict_add_bool (&b, "pdf-not-pdf", insp->pdf_not_pdf);
  bc_dict_add_uint (&b, "pdf-leading-junk", insp->pdf_leading_junk);
  bc_dict_add_bool (&b, "pdf-repaired", insp->pdf_repaired);
  bc_dict_add_uint (&b, "pdf-n-pages", insp->pdf_n_pages);
  bc_dict_add_bool (&b, "pdf-pages-truncated", insp->pdf_pages_truncated);
  bc_dict_add_bool (&b, "pdf-has-text", insp->pdf_has_text);
  bc_dict_add_bool (&b, "pdf-javascript", insp->pdf_javascript);
  bc_dict_add_bool (&b, "pdf-launch", insp->pdf_launch);
  bc_dict_add_uint (&b, "pdf-attachments", insp->pdf_attachments);
  bc_dict_add_string (&b, "pdf-version", insp->pdf_version);
  if (insp->pdf_page_sizes != NULL)
    {
      GVariantBuilder ab;
      g_variant_builder_init (&ab, G_VARIANT_TYPE ("a(dd)"));
      for (guint i = 0; i < insp->pdf_page_sizes->len; i++)
        {
          BcPageSize *s = &g_array_index (insp->pdf_page_sizes, BcPageSize, i);
          g_variant_builder_add (&ab, "(dd)", s->width_pt, s->height_pt);
        }
      g_variant_builder_add (&b, "{sv}", "pdf-page-sizes", g_variant_builder_end (&ab));
    }
  if (insp->pdf_text_hits != NULL)
    {
      g_variant_builder_add (&b, "{sv}", "pdf-text-hits",
                             g_variant_new_fixed_array (G_VARIANT_TYPE_INT32,
                                                        insp->pdf_text_hits->data,
                                                        insp->pdf_text_hits->len,
                                                        sizeof (gint32)));
    }
  if (insp->pdf_blank_pages != NULL)
    {
      g_variant_builder_add (&b, "{sv}", "pdf-blank-pages",
                             g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32,
                                                        insp->pdf_blank_pages->data,
                                                        insp->pdf_blank_pages->len,
                                                        sizeof (guint32)));
    }
  bc_dict_add_bool (&b, "image-decoded", insp->image_decoded);
  bc_dict_add_string (&b, "image-error", insp->image_error);
  bc_dict_add_bool (&b, "image-truncated", insp->image_truncated);
  bc_dict_add_uint (&b, "image-width", insp->image_width);
  bc_dict_add_uint (&b, "image-height", insp->image_height);
  bc_dict_add_bool (&b, "image-is-color", insp->image_is_color);
  g_variant_builder_add (&b, "{sv}", "image-chroma", g_variant_new_double (insp->image_chroma));

  dict = g_variant_ref_sink (g_variant_builder_end (&b));
  return g_variant_get_data_as_bytes (dict);
}

static GBytes *
bc_inspect_child_func (gpointer user_data)
{
  const BcInspectTask *task = user_data;
  g_autoptr(BcInspection) insp = bc_inspect_run (task);
  return bc_inspection_serialise (insp);
}

static gboolean
bc_dict_get_bool (GVariant *dict, const char *key)
{
  gboolean value = FALSE;
  if (!g_variant_lookup (dict, key, "b", &value))
    return FALSE;
  return value;
}

static guint
bc_dict_get_uint (GVariant *dict, const char *key)
{
  guint32 value = 0;
  if (!g_variant_lookup (dict, key, "u", &value))
    return 0;
  return value;
}

/* a bounded, valid UTF-8 copy of an optional string field */
static char *
bc_dict_get_string (GVariant *dict, const char *key)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (dict, key, G_VARIANT_TYPE_STRING);
  gsize len = 0;
  const char *s;
  if (v == NULL)
    return NULL;
  s = g_variant_get_string (v, &len);
  if (len > BC_INSPECT_MAX_STRING)
    {
      const char *end = s + BC_INSPECT_MAX_STRING;
      /* cut on a character boundary */
      while (end > s && (((guint8) *end) & 0xc0) == 0x80)
        end--;
      return g_utf8_make_valid (s, end - s);
    }
  return g_utf8_make_valid (s, (gssize) len);
}

static BcInspection *
bc_inspection_deserialise (GBytes *bytes,
                           const BcInspectTask *job,
                           GError **error)
{
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GVariant) sizes = NULL;
  g_autoptr(GVariant) hits = NULL;
  g_autoptr(GVariant) blanks = NULL;
  g_autoptr(BcInspection) insp = g_new0 (BcInspection, 1);
  const char *want_kind = g_strcmp0 (job->type, "pdf") == 0 ? "pdf" : "image";
  guint n_rules = 0;
  guint max_inspected;

  if (job->document != NULL && job->document->pdf.required_text != NULL)
    n_rules = job->document->pdf.required_text->len;

  dict = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE));
  insp->kind = bc_dict_get_string (dict, "kind");
  if (g_strcmp0 (insp->kind, want_kind) != 0)
    {
      g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "wrong kind");
      return NULL;
    }

  insp->pdf_opened = bc_dict_get_bool (dict, "pdf-opened");
  insp->pdf_error = bc_dict_get_string (dict, "pdf-error");
  insp->pdf_encrypted = bc_dict_get_bool (dict, "pdf-encrypted");
  insp->pdf_restricted = bc_dict_get_bool (dict, "pdf-restricted");
  insp->pdf_not_pdf = bc_dict_get_bool (dict, "pdf-not-pdf");
  insp->pdf_leading_junk = bc_dict_get_uint (dict, "pdf-leading-junk");
  insp->pdf_repaired = bc_dict_get_bool (dict, "pdf-repaired");
  insp->pdf_n_pages = bc_dict_get_uint (dict, "pdf-n-pages");
  insp->pdf_pages_truncated = bc_dict_get_bool (dict, "pdf-pages-truncated");
  insp->pdf_has_text = bc_dict_get_bool (dict, "pdf-has-text");
  insp->pdf_javascript = bc_dict_get_bool (dict, "pdf-javascript");
  insp->pdf_launch = bc_dict_get_bool (dict, "pdf-launch");
  insp->pdf_attachments = bc_dict_get_uint (dict, "pdf-attachments");
  insp->pdf_version = bc_dict_get_string (dict, "pdf-version");
  insp->image_decoded = bc_dict_get_bool (dict, "image-decoded");
  insp->image_error = bc_dict_get_string (dict, "image-error");
  insp->image_truncated = bc_dict_get_bool (dict, "image-truncated");
  insp->image_width = bc_dict_get_uint (dict, "image-width");
  insp->image_height = bc_dict_get_uint (dict, "image-height");
  insp->image_is_color = bc_dict_get_bool (dict, "image-is-color");
  if (!g_variant_lookup (dict, "image-chroma", "d", &insp->image_chroma))
    insp->image_chroma = 0;

  /* the child may only have looked at min(pages, max_pdf_pages) pages */
  max_inspected = insp->pdf_n_pages;
  if (job->limits->max_pdf_pages > 0 && max_inspected > job->limits->max_pdf_pages)
    max_inspected = (guint) job->limits->max_pdf_pages;
  if (insp->pdf_leading_junk > 1024)
    {
      g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "leading junk out of range");
      return NULL;
    }
  if (!isfinite (insp->image_chroma) || insp->image_chroma < 0 || insp->image_chroma > 255)
    {
      g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "chroma out of range");
      return NULL;
    }

  insp->pdf_page_sizes = g_array_new (FALSE, TRUE, sizeof (BcPageSize));
  insp->pdf_text_hits = g_array_new (FALSE, TRUE, sizeof (gint));
  insp->pdf_blank_pages = g_array_new (FALSE, TRUE, sizeof (guint));

  sizes = g_variant_lookup_value (dict, "pdf-page-sizes", G_VARIANT_TYPE ("a(dd)"));
  if (sizes != NULL)
    {
      gsize n = g_variant_n_children (sizes);
      if (n > max_inspected)
        {
          g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "%" G_GSIZE_FORMAT " page sizes for %u pages",
                       n, max_inspected);
          return NULL;
        }
      for (gsize i = 0; i < n; i++)
        {
          BcPageSize s = { 0, 0 };
          g_variant_get_child (sizes, i, "(dd)", &s.width_pt, &s.height_pt);
          if (!isfinite (s.width_pt) || !isfinite (s.height_pt) ||
              s.width_pt < 0 || s.height_pt < 0 ||
              s.width_pt > BC_INSPECT_MAX_PAGE_PT || s.height_pt > BC_INSPECT_MAX_PAGE_PT)
            {
              g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "page size out of range");
              return NULL;
            }
          g_array_append_val (insp->pdf_page_sizes, s);
        }
    }

  hits = g_variant_lookup_value (dict, "pdf-text-hits", G_VARIANT_TYPE ("ai"));
  if (hits != NULL)
    {
      gsize n = 0;
      const gint32 *v = g_variant_get_fixed_array (hits, &n, sizeof (gint32));
      /* one answer per text rule of the document, or none at all (the
       * PDF did not open) */
      if (n != 0 && n != n_rules)
        {
          g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "%" G_GSIZE_FORMAT " text answers for %u rules",
                       n, n_rules);
          return NULL;
        }
      for (gsize i = 0; i < n; i++)
        {
          gint hit = v[i];
          if (hit < 0 || (guint) hit > max_inspected)
            {
              g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "text hit on page %d out of range", hit);
              return NULL;
            }
          g_array_append_val (insp->pdf_text_hits, hit);
        }
    }

  blanks = g_variant_lookup_value (dict, "pdf-blank-pages", G_VARIANT_TYPE ("au"));
  if (blanks != NULL)
    {
      gsize n = 0;
      const guint32 *v = g_variant_get_fixed_array (blanks, &n, sizeof (guint32));
      guint prev = 0;
      if (n > max_inspected)
        {
          g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "too many blank pages");
          return NULL;
        }
      for (gsize i = 0; i < n; i++)
        {
          guint page = v[i];
          /* strictly increasing 1-based page numbers within range */
          if (page <= prev || page > max_inspected)
            {
              g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "blank page %u out of range", page);
              return NULL;
            }
          prev = page;
          g_array_append_val (insp->pdf_blank_pages, page);
        }
    }

  return g_steal_pointer (&insp);
}

static BcInspection *
bc_inspection_new_failed (const char *kind, const char *failure)
{
  BcInspection *insp = g_new0 (BcInspection, 1);
  insp->kind = g_strdup (kind);
  insp->failed = TRUE;
  insp->failure = g_strdup (failure);
  return insp;
}

struct _BcInspectJob {
  char *type;
  const BcDocument *document; /* borrowed from the ruleset */
  BcLimits limits;
  BcInspection *done;         /* in-process: the answer, computed at start */
  BcSandboxJob *sandbox;      /* child: still to be finished */
};

void
bc_inspect_job_free (BcInspectJob *job)
{
  if (job == NULL)
    return;
  g_free (job->type);
  bc_inspection_free (job->done);
  bc_sandbox_job_free (job->sandbox);
  g_free (job);
}

BcInspectJob *
bc_inspect_start (const char *type,
                  GBytes *data,
                  const BcDocument *document,
                  const BcLimits *limits,
                  BcIsolation isolation,
                  GError **error)
{
  g_autoptr(BcInspectJob) job = NULL;
  BcInspectTask task = { type, data, document, limits };

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (limits != NULL, NULL);

  if (!bc_inspect_supports (type))
    {
      g_set_error (error, BC_ERROR, BC_ERROR_FAILED,
                   "no inspector for files of type %s", type != NULL ? type : "(none)");
      return NULL;
    }

  job = g_new0 (BcInspectJob, 1);
  job->type = g_strdup (type);
  job->document = document;
  job->limits = *limits;

  /* unsafe for untrusted input: a crash here takes the caller down. Done
   * now, so the caller may drop DATA as soon as this returns either way. */
  if (isolation == BC_ISOLATION_IN_PROCESS)
    {
      job->done = bc_inspect_run (&task);
      return g_steal_pointer (&job);
    }

  /* the child gets TASK (and DATA) in its copy of memory at the fork */
  job->sandbox = bc_sandbox_start (bc_inspect_child_func, &task, limits, error);
  if (job->sandbox == NULL)
    {
      g_prefix_error (error, "inspecting a %s: ", type);
      return NULL;
    }
  return g_steal_pointer (&job);
}

BcInspection *
bc_inspect_finish_draining (BcInspectJob *job,
                            BcInspectJob *const *others,
                            guint n_others,
                            GError **error)
{
  g_autoptr(BcInspectJob) self = job;
  g_autofree BcSandboxJob **siblings = NULL;
  BcInspectTask task = { NULL, NULL, NULL, NULL };
  const char *kind;
  g_autoptr(GBytes) result = NULL;
  g_autofree char *failure = NULL;
  g_autoptr(GError) error_local = NULL;
  BcInspection *insp;
  gboolean ok;

  g_return_val_if_fail (job != NULL, NULL);

  if (self->done != NULL)
    return g_steal_pointer (&self->done);

  siblings = g_new0 (BcSandboxJob *, n_others + 1);
  for (guint i = 0; i < n_others; i++)
    siblings[i] = others[i] != NULL ? others[i]->sandbox : NULL;
  /* the sandbox job is freed by finish, whatever it returns */
  ok = bc_sandbox_finish_draining (g_steal_pointer (&self->sandbox), siblings, n_others,
                                   &result, &failure, error);
  if (!ok)
    {
      g_prefix_error (error, "inspecting a %s: ", self->type);
      return NULL;
    }
  kind = g_strcmp0 (self->type, "pdf") == 0 ? "pdf" : "image";
  if (failure != NULL)
    return bc_inspection_new_failed (kind, failure);

  task.type = self->type;
  task.document = self->document;
  task.limits = &self->limits;
  insp = bc_inspection_deserialise (result, &task, &error_local);
  if (insp == NULL)
    {
      g_autofree char *text = g_strdup_printf ("returned a malformed result (%s)", error_local->message);
      return bc_inspection_new_failed (kind, text);
    }
  return insp;
}

BcInspection *
bc_inspect_finish (BcInspectJob *job, GError **error)
{
  return bc_inspect_finish_draining (job, NULL, 0, error);
}

BcInspection *
bc_inspect (const char *type,
            GBytes *data,
            const BcDocument *document,
            const BcLimits *limits,
            BcIsolation isolation,
            GError **error)
{
  BcInspectJob *job = bc_inspect_start (type, data, document, limits, isolation, error);
  if (job == NULL)
    return NULL;
  return bc_inspect_finish (job, error);
}

/* ------------------------------------------------------------ findings */

/* the sandbox's English failure text in the report language */
static char *
bc_inspect_failure_text (const char *failure, BcLang lang)
{
  int n = 0;
  char unit[16] = "";
  guint64 v = 0;

  if (lang != BC_LANG_ZH || failure == NULL)
    return g_strdup (failure != NULL ? failure : "failed");
  if (sscanf (failure, "crashed (signal %d)", &n) == 1)
    return g_strdup_printf ("崩溃（信号 %d）", n);
  if (sscanf (failure, "aborted (signal %d)", &n) == 1)
    return g_strdup_printf ("异常中止（信号 %d）", n);
  if (sscanf (failure, "was killed (signal %d)", &n) == 1)
    return g_strdup_printf ("被终止（信号 %d）", n);
  if (sscanf (failure, "was stopped by the sandbox (signal %d)", &n) == 1)
    return g_strdup_printf ("被沙箱阻止（信号 %d）", n);
  if (sscanf (failure, "used more than %" G_GUINT64_FORMAT " s of CPU", &v) == 1)
    return g_strdup_printf ("CPU 时间超过 %" G_GUINT64_FORMAT " 秒", v);
  if (sscanf (failure, "took longer than %" G_GUINT64_FORMAT " s", &v) == 1)
    return g_strdup_printf ("耗时超过 %" G_GUINT64_FORMAT " 秒", v);
  if (sscanf (failure, "ran out of memory (limit %" G_GUINT64_FORMAT " %15[A-Za-z])", &v, unit) == 2)
    return g_strdup_printf ("内存不足（上限 %" G_GUINT64_FORMAT " %s）", v, unit);
  if (sscanf (failure, "exited with status %d", &n) == 1)
    return g_strdup_printf ("异常退出（状态 %d）", n);
  if (g_str_has_prefix (failure, "returned a malformed result"))
    return g_strdup ("返回了无效的结果");
  return g_strdup (failure);
}

typedef struct {
  const char *name;
  double w_mm;
  double h_mm;
} BcPaper;

static const BcPaper bc_papers[] = {
  { "A3", 297.0, 420.0 },
  { "A4", 210.0, 297.0 },
  { "A5", 148.0, 210.0 },
  { "Letter", 215.9, 279.4 },
  { "Legal", 215.9, 355.6 },
};

static gboolean
bc_page_size_matches (const BcPageSize *size, char **names, double tol_mm)
{
  double w = size->width_pt * 25.4 / 72.0;
  double h = size->height_pt * 25.4 / 72.0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      for (gsize k = 0; k < G_N_ELEMENTS (bc_papers); k++)
        {
          const BcPaper *p = &bc_papers[k];
          if (g_ascii_strcasecmp (names[i], p->name) != 0)
            continue;
          /* either orientation */
          if ((fabs (w - p->w_mm) <= tol_mm && fabs (h - p->h_mm) <= tol_mm) ||
              (fabs (w - p->h_mm) <= tol_mm && fabs (h - p->w_mm) <= tol_mm))
            return TRUE;
        }
    }
  return FALSE;
}

static char *
bc_join_phrases (char **phrases, BcLang lang)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; phrases != NULL && phrases[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (s, BC_TR (lang, " or ", "或"));
      g_string_append_printf (s, BC_TR (lang, "\"%s\"", "“%s”"), phrases[i]);
    }
  return g_string_free (s, FALSE);
}

static void
bc_inspect_add_pdf_findings (const BcInspection *insp,
                             const BcDocument *document,
                             const char *file,
                             BcLang lang,
                             const BcLimits *limits,
                             GPtrArray *findings)
{
  const char *doc_id = document != NULL ? document->id : NULL;
  const BcPdfRules *rules = document != NULL ? &document->pdf : NULL;
  const char *reprint_hint =
    BC_TR (lang,
           "Open the file on a computer and print it to a new PDF (\"Microsoft Print to PDF\" or \"Save as PDF\"), then put the new file in the bundle.",
           "请在电脑上打开此文件，用“打印”→“另存为 PDF”（或“Microsoft Print to PDF”）生成一个新的 PDF，再放入压缩包。");

  if (insp->pdf_not_pdf)
    {
      if (insp->pdf_leading_junk > 0)
        bc_findings_add (findings, "pdf-not-pdf", BC_SEVERITY_ERROR, doc_id, file,
                         reprint_hint,
                         BC_TR (lang,
                                "This is not a clean PDF: %u bytes of something else come before the PDF header (%%PDF-).",
                                "这不是一个规范的 PDF：PDF 文件头（%%PDF-）之前还有 %u 字节的其他内容。"),
                         insp->pdf_leading_junk);
      else
        bc_findings_add (findings, "pdf-not-pdf", BC_SEVERITY_ERROR, doc_id, file,
                         BC_TR (lang,
                                "Export or print the document to PDF again from the program or scanning app that made it, and replace this file.",
                                "请用制作该文件的软件或扫描 App 重新导出或打印为 PDF，并替换此文件。"),
                         "%s",
                         BC_TR (lang,
                                "This file is not a PDF: it does not start with the PDF header (%PDF-).",
                                "此文件不是 PDF：文件开头不是 PDF 文件头（%PDF-）。"));
      return;
    }
  if (insp->pdf_encrypted)
    {
      bc_findings_add (findings, "pdf-encrypted", BC_SEVERITY_ERROR, doc_id, file,
                       BC_TR (lang,
                              "Remove the password: open the PDF with its password and print it to a new PDF without one, then use the new file.",
                              "请去掉密码：输入密码打开 PDF 后，打印另存为一个不带密码的新 PDF，再使用新文件。"),
                       "%s",
                       BC_TR (lang,
                              "The PDF is protected with a password, so reviewers cannot open it.",
                              "此 PDF 设置了打开密码，审核人员无法打开。"));
      return;
    }
  if (!insp->pdf_opened)
    {
      bc_findings_add (findings, "pdf-unreadable", BC_SEVERITY_ERROR, doc_id, file,
                       BC_TR (lang,
                              "The file is damaged or incomplete (perhaps a download or transfer stopped early). Get the original again, or export it to PDF again.",
                              "文件已损坏或不完整（可能下载或传输中断）。请重新获取原文件，或重新导出为 PDF。"),
                       BC_TR (lang, "The PDF cannot be opened: %s.", "无法打开此 PDF：%s。"),
                       insp->pdf_error != NULL ? insp->pdf_error : "?");
      return;
    }

  if (insp->pdf_restricted)
    bc_findings_add (findings, "pdf-restricted", BC_SEVERITY_INFO, doc_id, file,
                     BC_TR (lang,
                            "If reviewers need to print it, print it to a new PDF without restrictions and use that.",
                            "如审核需要打印，请将其打印另存为一个不带限制的新 PDF 后使用。"),
                     "%s",
                     BC_TR (lang,
                            "The PDF has an owner password that restricts printing, copying or editing.",
                            "此 PDF 设置了权限密码，限制了打印、复制或编辑。"));
  if (insp->pdf_repaired)
    bc_findings_add (findings, "pdf-repaired", BC_SEVERITY_WARNING, doc_id, file,
                     reprint_hint, "%s",
                     BC_TR (lang,
                            "The PDF is damaged: it only opened after the reader repaired it, and other viewers may fail.",
                            "此 PDF 已损坏：需要修复后才能打开，其他阅读器可能打不开。"));
  if (insp->pdf_pages_truncated)
    bc_findings_add (findings, "pdf-too-many-pages", BC_SEVERITY_WARNING, doc_id, file,
                     BC_TR (lang,
                            "Keep only the pages this document needs in the file (or raise the limit max-pdf-pages).",
                            "请只保留该材料需要的页面（或调高 max-pdf-pages 限制）。"),
                     BC_TR (lang,
                            "The PDF has %u pages; only the first %" G_GUINT64_FORMAT " were checked (limit max-pdf-pages).",
                            "此 PDF 共 %u 页，只检查了前 %" G_GUINT64_FORMAT " 页（max-pdf-pages 限制）。"),
                     insp->pdf_n_pages, limits->max_pdf_pages);
  if (insp->pdf_javascript)
    bc_findings_add (findings, "pdf-javascript", BC_SEVERITY_WARNING, doc_id, file,
                     reprint_hint, "%s",
                     BC_TR (lang,
                            "The PDF contains JavaScript; filing systems may reject files with scripts.",
                            "此 PDF 含有 JavaScript 脚本，备案系统可能拒收带脚本的文件。"));
  if (insp->pdf_launch)
    bc_findings_add (findings, "pdf-launch-action", BC_SEVERITY_WARNING, doc_id, file,
                     reprint_hint, "%s",
                     BC_TR (lang,
                            "The PDF contains an action that starts another program (/Launch).",
                            "此 PDF 含有启动其他程序的动作（/Launch）。"));
  if (insp->pdf_attachments > 0)
    bc_findings_add (findings, "pdf-attachment", BC_SEVERITY_WARNING, doc_id, file,
                     BC_TR (lang,
                            "Files inside a PDF are not reviewed: put each required document in the bundle as its own file, and print this PDF to a new one without attachments.",
                            "PDF 内嵌的文件不会被审核：请把每份材料作为单独的文件放入压缩包，并将此 PDF 打印另存为不含附件的新 PDF。"),
                     BC_TR (lang, "The PDF carries %u embedded file(s).", "此 PDF 内嵌了 %u 个文件。"),
                     insp->pdf_attachments);

  /* a PDF with no pages is useless whatever the rules say */
  if (insp->pdf_n_pages == 0)
    {
      BcSeverity sev = rules != NULL && rules->min_pages.set ? rules->min_pages.severity : BC_SEVERITY_ERROR;
      bc_findings_add (findings, "pdf-page-count", sev, doc_id, file,
                       BC_TR (lang, "Export or scan the document to PDF again.", "请重新导出或扫描为 PDF。"),
                       "%s", BC_TR (lang, "The PDF has no pages.", "此 PDF 没有任何页面。"));
      return;
    }
  if (rules == NULL)
    return;

  if (rules->min_pages.set && insp->pdf_n_pages < rules->min_pages.value)
    bc_findings_add (findings, "pdf-page-count", rules->min_pages.severity, doc_id, file,
                     BC_TR (lang, "Check that every page was scanned or exported into this one file.",
                            "请确认所有页面都已扫描或导出到这一个文件中。"),
                     BC_TR (lang, "The PDF has %u page(s); this document needs at least %" G_GUINT64_FORMAT ".",
                            "此 PDF 有 %u 页；该材料至少需要 %" G_GUINT64_FORMAT " 页。"),
                     insp->pdf_n_pages, rules->min_pages.value);
  if (rules->max_pages.set && insp->pdf_n_pages > rules->max_pages.value)
    bc_findings_add (findings, "pdf-page-count", rules->max_pages.severity, doc_id, file,
                     BC_TR (lang, "Remove pages that do not belong to this document (other documents go in their own files).",
                            "请删除不属于该材料的页面（其他材料请单独成文件）。"),
                     BC_TR (lang, "The PDF has %u pages; this document may have at most %" G_GUINT64_FORMAT ".",
                            "此 PDF 有 %u 页；该材料最多 %" G_GUINT64_FORMAT " 页。"),
                     insp->pdf_n_pages, rules->max_pages.value);

  if (rules->page_sizes != NULL && rules->page_sizes[0] != NULL && insp->pdf_page_sizes != NULL)
    {
      /* rounding by PDF writers (595 × 842 for A4) is well under 2 mm */
      double tol = MAX (rules->page_size_tolerance_mm, 2.0);
      guint n_bad = 0, first_bad = 0;
      BcPageSize first = { 0, 0 };
      for (guint i = 0; i < insp->pdf_page_sizes->len; i++)
        {
          const BcPageSize *s = &g_array_index (insp->pdf_page_sizes, BcPageSize, i);
          if (s->width_pt <= 0 || bc_page_size_matches (s, rules->page_sizes, tol))
            continue;
          if (n_bad++ == 0)
            {
              first_bad = i + 1;
              first = *s;
            }
        }
      if (n_bad > 0)
        {
          g_autofree char *names = g_strjoinv ("/", rules->page_sizes);
          g_autofree char *hint =
            g_strdup_printf (BC_TR (lang, "Scan or export the document again at %s paper size.",
                                    "请按 %s 纸张尺寸重新扫描或导出。"), names);
          BcFinding *f =
            bc_findings_add (findings, "pdf-page-size", rules->page_size_severity, doc_id, file,
                             hint,
                             BC_TR (lang, "%u page(s) are not %s: page %u is %.0f × %.0f mm.",
                                    "有 %u 页不是 %s 尺寸：第 %u 页为 %.0f × %.0f 毫米。"),
                             n_bad, names, first_bad,
                             first.width_pt * 25.4 / 72.0, first.height_pt * 25.4 / 72.0);
          f->page = (gint) first_bad;
        }
    }

  if (rules->required_text != NULL && rules->required_text->len > 0)
    {
      if (!insp->pdf_has_text)
        {
          bc_findings_add (findings, "pdf-no-text-layer", BC_SEVERITY_INFO, doc_id, file,
                           BC_TR (lang,
                                  "Check by eye that this is the right document; a PDF exported from the original (not a scan) lets the wording be checked.",
                                  "请人工确认这是正确的材料；使用原文件导出的 PDF（而非扫描件）可以自动核对文字。"),
                           "%s",
                           BC_TR (lang,
                                  "The PDF has no text layer (it is probably a scan), so its wording could not be checked.",
                                  "此 PDF 没有文字层（可能是扫描件），无法核对其中的文字。"));
        }
      else
        {
          for (guint r = 0; r < rules->required_text->len; r++)
            {
              const BcTextRule *rule = g_ptr_array_index (rules->required_text, r);
              g_autofree char *phrases = NULL;
              if (insp->pdf_text_hits != NULL && r < insp->pdf_text_hits->len &&
                  g_array_index (insp->pdf_text_hits, gint, r) > 0)
                continue;
              phrases = bc_join_phrases (rule->any_of, lang);
              if (rule->page > 0)
                {
                  g_autofree char *hint =
                    g_strdup_printf (BC_TR (lang, "Check that this is the right document and that page %u is the right page.",
                                            "请确认这是正确的材料，且第 %u 页是正确的页面。"),
                                     rule->page);
                  BcFinding *f = bc_findings_add (findings, "pdf-missing-text", rule->severity, doc_id, file,
                                     hint,
                                     BC_TR (lang, "%s was not found on page %u.", "没有找到%s（第 %u 页）。"),
                                     phrases, rule->page);
                  f->page = (gint) rule->page;
                }
              else
                bc_findings_add (findings, "pdf-missing-text", rule->severity, doc_id, file,
                                     BC_TR (lang, "Check that this is the right document.",
                                            "请确认这是正确的材料。"),
                                     BC_TR (lang, "%s was not found anywhere in the PDF.", "整个 PDF 中没有找到%s。"),
                                     phrases);
            }
        }
    }

  if (rules->forbid_blank_pages && insp->pdf_blank_pages != NULL && insp->pdf_blank_pages->len > 0)
    {
      GString *list = g_string_new (NULL);
      g_autofree char *pages = NULL;
      BcFinding *f;
      for (guint i = 0; i < insp->pdf_blank_pages->len && i < 20; i++)
        g_string_append_printf (list, "%s%u", i > 0 ? ", " : "",
                                g_array_index (insp->pdf_blank_pages, guint, i));
      if (insp->pdf_blank_pages->len > 20)
        g_string_append (list, ", …");
      pages = g_string_free (list, FALSE);
      f = bc_findings_add (findings, "pdf-blank-page", rules->blank_page_severity, doc_id, file,
                           BC_TR (lang, "Remove the blank pages, or rescan if a page came out empty by mistake.",
                                  "请删除空白页；如果是扫描失误导致页面为空，请重新扫描。"),
                           BC_TR (lang, "Blank page(s): %s.", "空白页：第 %s 页。"),
                           pages);
      f->page = (gint) g_array_index (insp->pdf_blank_pages, guint, 0);
    }
}

static void
bc_inspect_add_image_findings (const BcInspection *insp,
                               const BcDocument *document,
                               const char *file,
                               BcLang lang,
                               GPtrArray *findings)
{
  const char *doc_id = document != NULL ? document->id : NULL;
  const BcImageRules *rules = document != NULL ? &document->image : NULL;

  if (insp->image_truncated)
    bc_findings_add (findings, "image-unreadable", BC_SEVERITY_ERROR, doc_id, file,
                     BC_TR (lang,
                            "The download or transfer probably stopped early: copy or save the original photo again.",
                            "可能是下载或传输中断：请重新复制或保存原始照片。"),
                     "%s",
                     BC_TR (lang, "The image is incomplete: the file ends before the picture does.",
                            "图片不完整：文件在图片结束前就中断了。"));
  else if (!insp->image_decoded)
    bc_findings_add (findings, "image-unreadable", BC_SEVERITY_ERROR, doc_id, file,
                     BC_TR (lang, "Take or export the picture again as a JPEG or PNG.",
                            "请重新拍摄或导出为 JPEG 或 PNG 图片。"),
                     BC_TR (lang, "The image cannot be read: %s.", "无法读取此图片：%s。"),
                     insp->image_error != NULL ? insp->image_error : "?");

  if (rules == NULL)
    return;

  /* the header's dimensions hold even when the pixels did not decode */
  if (insp->image_width > 0 && insp->image_height > 0 &&
      (rules->min_long_side > 0 || rules->min_short_side > 0))
    {
      guint lng = MAX (insp->image_width, insp->image_height);
      guint shrt = MIN (insp->image_width, insp->image_height);
      if (lng < rules->min_long_side || shrt < rules->min_short_side)
        bc_findings_add (findings, "image-too-small", rules->size_severity, doc_id, file,
                         BC_TR (lang,
                                "Use the original photo from the phone or scanner, not a screenshot or a copy sent through a chat app (which shrinks pictures).",
                                "请使用手机或扫描仪的原图，不要用截图或经聊天软件转发的图片（会被压缩变小）。"),
                         BC_TR (lang,
                                "The image is %u × %u pixels; it must be at least %u × %u (either orientation).",
                                "图片为 %u × %u 像素；至少需要 %u × %u（横竖均可）。"),
                         insp->image_width, insp->image_height,
                         rules->min_long_side, rules->min_short_side);
    }
  if (rules->require_color && insp->image_decoded && !insp->image_truncated && !insp->image_is_color)
    bc_findings_add (findings, "image-not-color", rules->color_severity, doc_id, file,
                     BC_TR (lang, "Take a colour photo or make a colour scan of the original document.",
                            "请对原件拍摄彩色照片或进行彩色扫描。"),
                     "%s",
                     BC_TR (lang, "The image is black and white or greyscale; a colour picture is required.",
                            "图片是黑白或灰度的；要求提供彩色图片。"));
}

void
bc_inspection_add_findings (const BcInspection *inspection,
                            const BcDocument *document,
                            const char *file,
                            BcLang lang,
                            const BcLimits *limits,
                            GPtrArray *findings)
{
  const char *doc_id = document != NULL ? document->id : NULL;

  g_return_if_fail (inspection != NULL);
  g_return_if_fail (findings != NULL);

  if (inspection->failed)
    {
      g_autofree char *what = bc_inspect_failure_text (inspection->failure, lang);
      bc_findings_add (findings, "inspection-failed", BC_SEVERITY_ERROR, doc_id, file,
                       BC_TR (lang,
                              "The file may be damaged or unusually complex. Open it on a computer, save or print it again as a new file, and put that in the bundle.",
                              "文件可能已损坏或过于复杂。请在电脑上打开，重新保存或打印为新文件后放入压缩包。"),
                       BC_TR (lang, "This file could not be checked: the inspector %s.",
                              "无法检查此文件：检查程序%s。"),
                       what);
      return;
    }
  if (g_strcmp0 (inspection->kind, "pdf") == 0)
    bc_inspect_add_pdf_findings (inspection, document, file, lang, limits, findings);
  else if (g_strcmp0 (inspection->kind, "image") == 0)
    bc_inspect_add_image_findings (inspection, document, file, lang, findings);
}
