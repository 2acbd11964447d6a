/* The whole path from bundle to report, on bundles built here: presence,
 * counts, types, sizes, matching outcomes and document statuses. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <fcntl.h>
#include <stdio.h>
/* jpeglib.h needs stdio.h first */
#include <jpeglib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "bc-config.h"
#include "bc-report.h"

/* ---- fixtures made in memory ------------------------------------------ */

/* a colourful W x H JPEG: a card-like picture, not a real document */
static GBytes *
make_jpeg (guint width, guint height, gboolean color)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *out = NULL;
  unsigned long out_len = 0;
  g_autofree guint8 *row = g_malloc (width * 3);
  GBytes *bytes;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &out, &out_len);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, 85, TRUE);
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < height) {
    guint y = cinfo.next_scanline;
    for (guint x = 0; x < width; x++) {
      guint8 r = (guint8) (40 + (x * 180) / width);
      guint8 g = (guint8) (90 + (y * 120) / height);
      guint8 b = (guint8) (200 - (x * 100) / width);
      if (!color)
        r = g = b = (guint8) ((r + g + b) / 3);
      row[x * 3] = r;
      row[x * 3 + 1] = g;
      row[x * 3 + 2] = b;
    }
    jpeg_write_scanlines (&cinfo, &row, 1);
  }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  bytes = g_bytes_new (out, out_len);
  free (out);
  return bytes;
}

static cairo_status_t
append_to_array (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* an A4 PDF of N_PAGES pages, each with TEXT on it */
static GBytes *
make_pdf (guint n_pages, const char *text)
{
  GByteArray *buf = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_array, buf, 595, 842);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++) {
    cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size (cr, 24);
    cairo_move_to (cr, 72, 100);
    cairo_show_text (cr, text);
    for (guint l = 0; l < 20; l++) {
      cairo_move_to (cr, 72, 150 + l * 25);
      cairo_show_text (cr, "The applicant confirms the information above.");
    }
    cairo_show_page (cr);
  }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (buf);
}

typedef struct {
  const char *name;
  GBytes *data; /* NULL: a directory entry */
} Entry;

/* write ENTRIES to a ZIP through libzip and return its bytes */
static GBytes *
make_zip (const Entry *entries, guint n)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  int fd = g_file_open_tmp ("bc-test-XXXXXX.zip", &path, &error);
  int zerr = 0;
  zip_t *za;

  g_assert_no_error (error);
  close (fd);
  za = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  g_assert_nonnull (za);
  for (guint i = 0; i < n; i++) {
    if (entries[i].data == NULL) {
      g_assert_cmpint (zip_dir_add (za, entries[i].name, ZIP_FL_ENC_UTF_8), >=, 0);
      continue;
    }
    {
      gsize dlen = 0;
      const void *d = g_bytes_get_data (entries[i].data, &dlen);
      zip_source_t *src = zip_source_buffer (za, d, dlen, 0);
      g_assert_nonnull (src);
      g_assert_cmpint (zip_file_add (za, entries[i].name, src, ZIP_FL_ENC_UTF_8), >=, 0);
    }
  }
  g_assert_cmpint (zip_close (za), ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  unlink (path);
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

/* ---- running checks ----------------------------------------------------- */

static BcRuleset *
open_example (void)
{
  g_autoptr (GError) error = NULL;
  BcRuleset *ruleset = bc_ruleset_open ("example-generic", &error);

  g_assert_no_error (error);
  return ruleset;
}

static BcReport *
check_entries (const BcRuleset *ruleset, const char *const *settings, const Entry *entries, guint n)
{
  g_autoptr (BcContext) context = bc_context_new (ruleset);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) zip = make_zip (entries, n);
  BcCheckOptions options;
  BcReport *report;

  for (guint i = 0; settings != NULL && settings[i] != NULL; i++) {
    g_assert_true (bc_context_set (context, settings[i], &error));
    g_assert_no_error (error);
  }
  bc_check_options_init (&options);
  bc_check_options_apply_ruleset (&options, ruleset);
  /* these fixtures are our own: in-process keeps the suite fast; the
   * isolation has its own tests */
  options.isolation = BC_ISOLATION_IN_PROCESS;
  report = bc_check_bytes (ruleset, context, &options, zip, "test.zip", &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static guint
count_code (const BcReport *report, const char *code, const char *document, const char *file)
{
  guint n = 0;

  for (guint i = 0; i < report->findings->len; i++) {
    const BcFinding *f = g_ptr_array_index (report->findings, i);
    if (g_strcmp0 (f->code, code) != 0)
      continue;
    if (document != NULL && g_strcmp0 (f->document, document) != 0)
      continue;
    if (file != NULL && g_strcmp0 (f->file, file) != 0)
      continue;
    n++;
  }
  return n;
}

static const BcFinding *
find_code (const BcReport *report, const char *code)
{
  for (guint i = 0; i < report->findings->len; i++) {
    const BcFinding *f = g_ptr_array_index (report->findings, i);
    if (g_strcmp0 (f->code, code) == 0)
      return f;
  }
  return NULL;
}

static BcDocStatus
doc_status (const BcReport *report, const char *id)
{
  for (guint i = 0; i < report->documents->len; i++) {
    const BcDocRecord *rec = g_ptr_array_index (report->documents, i);
    if (g_strcmp0 (rec->document->id, id) == 0)
      return rec->status;
  }
  g_error ("no document %s", id);
  return BC_DOC_STATUS_NOT_APPLICABLE;
}

static void
dump_findings (const BcReport *report)
{
  for (guint i = 0; i < report->findings->len; i++) {
    const BcFinding *f = g_ptr_array_index (report->findings, i);
    g_test_message ("finding %s [%s] doc=%s file=%s: %s", f->code, bc_severity_to_string (f->severity),
                    f->document, f->file, f->message);
  }
}

/* ---- tests -------------------------------------------------------------- */

static void
test_complete_bundle_passes (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (GBytes) form = make_pdf (1, "Application form");
  g_autoptr (GBytes) front = make_jpeg (800, 500, TRUE);
  g_autoptr (GBytes) back = make_jpeg (500, 800, TRUE);
  const Entry entries[] = {
    { "材料/", NULL },
    { "材料/申请表.pdf", form },
    { "材料/身份证正面.jpg", front },
    { "材料/身份证反面.jpg", back },
  };
  g_autoptr (BcReport) report = check_entries (ruleset, NULL, entries, G_N_ELEMENTS (entries));

  dump_findings (report);
  g_assert_true (bc_report_passed (report, BC_SEVERITY_ERROR));
  g_assert_cmpuint (bc_report_count (report, BC_SEVERITY_ERROR), ==, 0);
  g_assert_cmpint (doc_status (report, "application-form"), ==, BC_DOC_STATUS_PRESENT);
  g_assert_cmpint (doc_status (report, "id-card-front"), ==, BC_DOC_STATUS_PRESENT);
  g_assert_cmpint (doc_status (report, "id-card-back"), ==, BC_DOC_STATUS_PRESENT);
  g_assert_cmpint (doc_status (report, "company-certificate"), ==, BC_DOC_STATUS_NOT_APPLICABLE);
  g_assert_cmpint (doc_status (report, "letter"), ==, BC_DOC_STATUS_OPTIONAL);
  /* the wrapping folder is transparent; the directory entry is no file */
  g_assert_cmpuint (report->files->len, ==, 3);
  g_assert_cmpstr (((BcFileRecord *) g_ptr_array_index (report->files, 0))->path, ==, "申请表.pdf");
  g_assert_cmpstr (((BcFileRecord *) g_ptr_array_index (report->files, 0))->type, ==, "pdf");
  g_assert_cmpstr (((BcFileRecord *) g_ptr_array_index (report->files, 1))->type, ==, "jpeg");
  g_assert_cmpstr (report->ruleset_name, ==, "example-generic");
}

static void
test_missing_documents (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (GBytes) form = make_pdf (1, "Application form");
  const Entry entries[] = { { "申请表.pdf", form } };
  const char *const settings[] = { "extras=letter", NULL };
  g_autoptr (BcReport) report = check_entries (ruleset, settings, entries, G_N_ELEMENTS (entries));
  const BcFinding *f;

  g_assert_false (bc_report_passed (report, BC_SEVERITY_ERROR));
  g_assert_cmpuint (count_code (report, "missing-document", "id-card-front", NULL), ==, 1);
  g_assert_cmpuint (count_code (report, "missing-document", "id-card-back", NULL), ==, 1);
  g_assert_cmpuint (count_code (report, "missing-document", "letter", NULL), ==, 1);
  g_assert_cmpuint (count_code (report, "missing-document", "application-form", NULL), ==, 0);
  g_assert_cmpint (doc_status (report, "id-card-front"), ==, BC_DOC_STATUS_MISSING);
  f = find_code (report, "missing-document");
  g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
  g_assert_nonnull (f->hint);
  /* the finding cites the rule it comes from */
  g_assert_nonnull (f->source);
}

static void
test_counts_and_duplicates (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (GBytes) form1 = make_pdf (1, "Application form");
  g_autoptr (GBytes) form2 = make_pdf (2, "Application form, second try");
  g_autoptr (GBytes) front = make_jpeg (800, 500, TRUE);
  g_autoptr (GBytes) back = make_jpeg (800, 500, TRUE);
  const Entry two_forms[] = {
    { "申请表.pdf", form1 }, { "申请表(1).pdf", form2 },
    { "身份证正面.jpg", front }, { "身份证反面.jpg", back },
  };
  const Entry copied_front[] = {
    { "申请表.pdf", form1 }, { "身份证正面.jpg", front }, { "身份证正面 - 副本.jpg", front },
    { "身份证反面.jpg", back },
  };
  g_autoptr (BcReport) report = check_entries (ruleset, NULL, two_forms, G_N_ELEMENTS (two_forms));
  g_autoptr (BcReport) copies = NULL;

  g_assert_cmpuint (count_code (report, "too-many-files", "application-form", NULL), ==, 1);
  g_assert_cmpint (doc_status (report, "application-form"), ==, BC_DOC_STATUS_INVALID);

  /* the same content twice is one document sent twice, not two */
  copies = check_entries (ruleset, NULL, copied_front, G_N_ELEMENTS (copied_front));
  dump_findings (copies);
  g_assert_cmpuint (count_code (copies, "too-many-files", NULL, NULL), ==, 0);
  g_assert_cmpuint (count_code (copies, "duplicate-file", "id-card-front", "身份证正面 - 副本.jpg"), ==, 1);
  g_assert_true (bc_report_passed (copies, BC_SEVERITY_ERROR));
}

static void
test_types_by_content (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (GBytes) photo = make_jpeg (800, 500, TRUE);
  g_autoptr (GBytes) empty = g_bytes_new_static ("", 0);
  const Entry entries[] = {
    { "申请表.jpg", photo },        /* a photo where a PDF is required */
    { "身份证正面.png", photo },    /* a JPEG named .png: allowed type, wrong name */
    { "身份证反面.jpg", empty },
  };
  g_autoptr (BcReport) report = check_entries (ruleset, NULL, entries, G_N_ELEMENTS (entries));
  const BcFinding *f;

  dump_findings (report);
  g_assert_cmpuint (count_code (report, "type-not-allowed", "application-form", "申请表.jpg"), ==, 1);
  g_assert_cmpint (doc_status (report, "application-form"), ==, BC_DOC_STATUS_INVALID);
  g_assert_cmpuint (count_code (report, "extension-mismatch", NULL, "身份证正面.png"), ==, 1);
  f = find_code (report, "extension-mismatch");
  g_assert_cmpint (f->severity, ==, BC_SEVERITY_WARNING);
  /* the content decides: a JPEG is an accepted type for the ID card */
  g_assert_cmpuint (count_code (report, "type-not-allowed", "id-card-front", NULL), ==, 0);
  g_assert_cmpint (doc_status (report, "id-card-front"), ==, BC_DOC_STATUS_PRESENT);
  g_assert_cmpuint (count_code (report, "file-empty", NULL, "身份证反面.jpg"), ==, 1);
  g_assert_cmpint (doc_status (report, "id-card-back"), ==, BC_DOC_STATUS_INVALID);
}

static void
test_matching_outcomes (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (GBytes) form = make_pdf (1, "Application form");
  g_autoptr (GBytes) photo = make_jpeg (800, 500, TRUE);
  g_autoptr (GBytes) text = g_bytes_new_static ("hello", 5);
  g_autoptr (GBytes) inner = NULL;
  const Entry inner_entries[] = { { "x.pdf", form } };
  g_autoptr (BcReport) report = NULL;

  inner = make_zip (inner_entries, 1);
  {
    const Entry entries[] = {
      { "申请表.pdf", form }, { "身份证正面.jpg", photo }, { "身份证反面.jpg", photo },
      { "notes.txt", text },          /* nothing asks for it */
      { "other photo.jpg", photo },   /* two documents fit equally */
      { "营业执照.jpg", photo },      /* a company document in a person's filing */
      { "申请材料.zip", inner },      /* an archive inside the archive */
    };
    report = check_entries (ruleset, NULL, entries, G_N_ELEMENTS (entries));
  }
  dump_findings (report);
  g_assert_cmpuint (count_code (report, "unmatched-file", NULL, "notes.txt"), ==, 1);
  g_assert_cmpuint (count_code (report, "ambiguous-file", NULL, "other photo.jpg"), ==, 1);
  g_assert_cmpuint (count_code (report, "file-not-needed", "company-certificate", "营业执照.jpg"), ==, 1);
  g_assert_cmpuint (count_code (report, "archive-nested", NULL, "申请材料.zip"), ==, 1);
  /* warnings only, except the nested archive */
  g_assert_cmpuint (bc_report_count (report, BC_SEVERITY_ERROR), ==, 1);
}

static void
test_context_and_notices (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (GBytes) form = make_pdf (1, "Application form");
  g_autoptr (GBytes) photo = make_jpeg (800, 500, TRUE);
  const Entry entries[] = {
    { "申请表.pdf", form }, { "身份证正面.jpg", photo }, { "身份证反面.jpg", photo },
  };
  const char *const company[] = { "applicant=company", NULL };
  g_autoptr (BcReport) report = check_entries (ruleset, company, entries, G_N_ELEMENTS (entries));

  g_assert_cmpuint (count_code (report, "missing-document", "company-certificate", NULL), ==, 1);
  g_assert_cmpuint (count_code (report, "example-notice", NULL, NULL), ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report->context, 0), ==, "applicant=company");
}

/* size bounds with their own severities, on an inline ruleset so the
 * numbers are the test's own */
static void
test_size_bounds (void)
{
  static const char yaml[] =
    "format: 1\n"
    "name: sizes\n"
    "version: \"1\"\n"
    "updated: 2026-11-28\n"
    "title: {en: Sizes}\n"
    "source: test\n"
    "variables: []\n"
    "documents:\n"
    "  - id: scan\n"
    "    name: {en: Scan}\n"
    "    source: test\n"
    "    required-when: always\n"
    "    files: {min: 1, max: unlimited}\n"
    "    size:\n"
    "      min: {value: 2K, severity: warning}\n"
    "      max: 8K\n"
    "    match:\n"
    "      all-of:\n"
    "        - [scan]\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (BcRuleset) ruleset = bc_ruleset_load_data (yaml, sizeof (yaml) - 1, "sizes.yaml", &error);
  g_autofree guint8 *big = g_malloc0 (8 * 1024 + 1);
  g_autofree guint8 *ok = g_malloc0 (8 * 1024);
  g_autoptr (GBytes) too_big = NULL;
  g_autoptr (GBytes) just_right = NULL;
  g_autoptr (GBytes) tiny = g_bytes_new_static ("0123456789", 10);
  g_autoptr (BcReport) report = NULL;

  g_assert_no_error (error);
  memset (big, 'x', 8 * 1024 + 1);
  memset (ok, 'x', 8 * 1024);
  too_big = g_bytes_new (big, 8 * 1024 + 1);
  just_right = g_bytes_new (ok, 8 * 1024);
  {
    const Entry entries[] = { { "scan-1.txt", too_big }, { "scan-2.txt", just_right }, { "scan-3.txt", tiny } };
    report = check_entries (ruleset, NULL, entries, G_N_ELEMENTS (entries));
  }
  dump_findings (report);
  g_assert_cmpuint (count_code (report, "file-too-large", "scan", "scan-1.txt"), ==, 1);
  g_assert_cmpuint (count_code (report, "file-too-large", NULL, "scan-2.txt"), ==, 0);
  g_assert_cmpuint (count_code (report, "file-too-small", "scan", "scan-3.txt"), ==, 1);
  g_assert_cmpint (find_code (report, "file-too-large")->severity, ==, BC_SEVERITY_ERROR);
  g_assert_cmpint (find_code (report, "file-too-small")->severity, ==, BC_SEVERITY_WARNING);
}

static void
test_not_a_zip (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (BcContext) context = bc_context_new (ruleset);
  g_autoptr (GBytes) junk = g_bytes_new_static ("%PDF-1.4 not a zip at all", 25);
  g_autoptr (GError) error = NULL;
  g_autoptr (BcReport) report = NULL;
  BcCheckOptions options;

  bc_check_options_init (&options);
  report = bc_check_bytes (ruleset, context, &options, junk, "junk.zip", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_code (report, "archive-unreadable", NULL, NULL), ==, 1);
  /* one finding that matters, not a "missing" for every document */
  g_assert_cmpuint (count_code (report, "missing-document", NULL, NULL), ==, 0);
  g_assert_false (bc_report_passed (report, BC_SEVERITY_ERROR));
  g_assert_cmpint (doc_status (report, "application-form"), ==, BC_DOC_STATUS_MISSING);
}

static void
test_fd_and_bytes_agree (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (BcContext) context = bc_context_new (ruleset);
  g_autoptr (GBytes) form = make_pdf (1, "Application form");
  const Entry entries[] = { { "申请表.pdf", form }, { "notes.txt", form } };
  g_autoptr (GBytes) zip = make_zip (entries, G_N_ELEMENTS (entries));
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (BcReport) from_bytes = NULL;
  g_autoptr (BcReport) from_fd = NULL;
  BcCheckOptions options;
  int fd;

  bc_check_options_init (&options);
  options.isolation = BC_ISOLATION_IN_PROCESS;
  fd = g_file_open_tmp ("bc-test-XXXXXX.zip", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (fd, g_bytes_get_data (zip, NULL), g_bytes_get_size (zip)), ==, (gssize) g_bytes_get_size (zip));
  g_assert_cmpint (lseek (fd, 0, SEEK_SET), ==, 0);
  from_bytes = bc_check_bytes (ruleset, context, &options, zip, "x.zip", &error);
  g_assert_no_error (error);
  from_fd = bc_check_fd (ruleset, context, &options, fd, "x.zip", &error);
  g_assert_no_error (error);
  close (fd);
  unlink (path);
  g_assert_cmpuint (from_bytes->findings->len, ==, from_fd->findings->len);
  for (guint i = 0; i < from_bytes->findings->len; i++) {
    const BcFinding *a = g_ptr_array_index (from_bytes->findings, i);
    const BcFinding *b = g_ptr_array_index (from_fd->findings, i);
    g_assert_cmpstr (a->code, ==, b->code);
    g_assert_cmpstr (a->file, ==, b->file);
  }
  g_assert_cmpstr (from_bytes->bundle_sha256, ==, from_fd->bundle_sha256);
  g_assert_cmpuint (from_bytes->bundle_size, ==, g_bytes_get_size (zip));
}


static BcReport *
check_zip_with (const BcRuleset *ruleset, GBytes *zip, BcIsolation isolation, guint max_parallel)
{
  g_autoptr (BcContext) context = bc_context_new (ruleset);
  g_autoptr (GError) error = NULL;
  BcCheckOptions options;
  BcReport *report;

  bc_check_options_init (&options);
  bc_check_options_apply_ruleset (&options, ruleset);
  options.isolation = isolation;
  options.max_parallel = max_parallel;
  report = bc_check_bytes (ruleset, context, &options, zip, "parallel.zip", &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static gint
index_of (const BcReport *report, const char *code, const char *file)
{
  for (guint i = 0; i < report->findings->len; i++) {
    const BcFinding *f = g_ptr_array_index (report->findings, i);
    if (g_strcmp0 (f->code, code) == 0 && g_strcmp0 (f->file, file) == 0)
      return (gint) i;
  }
  return -1;
}

/* the same findings, in the same order, with the same statuses */
static void
assert_same_report (const BcReport *a, const BcReport *b)
{
  g_assert_cmpuint (a->findings->len, ==, b->findings->len);
  for (guint i = 0; i < a->findings->len; i++) {
    const BcFinding *fa = g_ptr_array_index (a->findings, i);
    const BcFinding *fb = g_ptr_array_index (b->findings, i);
    g_assert_cmpstr (fa->code, ==, fb->code);
    g_assert_cmpstr (fa->file, ==, fb->file);
    g_assert_cmpstr (fa->document, ==, fb->document);
    g_assert_cmpstr (fa->message, ==, fb->message);
    g_assert_cmpint (fa->severity, ==, fb->severity);
  }
  g_assert_cmpuint (a->documents->len, ==, b->documents->len);
  for (guint i = 0; i < a->documents->len; i++) {
    const BcDocRecord *ra = g_ptr_array_index (a->documents, i);
    const BcDocRecord *rb = g_ptr_array_index (b->documents, i);
    g_assert_cmpstr (ra->document->id, ==, rb->document->id);
    g_assert_cmpint (ra->status, ==, rb->status);
  }
  g_assert_cmpuint (a->files->len, ==, b->files->len);
  for (guint i = 0; i < a->files->len; i++) {
    const BcFileRecord *ra = g_ptr_array_index (a->files, i);
    const BcFileRecord *rb = g_ptr_array_index (b->files, i);
    g_assert_cmpstr (ra->path, ==, rb->path);
    g_assert_cmpint (ra->inspection != NULL, ==, rb->inspection != NULL);
  }
}

/* several inspection children at once change the time a check takes,
 * never its report: each file's findings (those made when it is read and
 * those its inspection makes) stay together, in archive order */
static void
test_parallel_keeps_order (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (GBytes) form = make_pdf (1, "Application form");
  g_autoptr (GBytes) grey = make_jpeg (800, 500, FALSE);
  g_autoptr (GBytes) small_grey = make_jpeg (300, 200, FALSE);
  g_autoptr (GBytes) colour = make_jpeg (640, 480, TRUE);
  g_autoptr (GBytes) letter = make_pdf (1, "Nothing of the kind");
  g_autoptr (GBytes) text = g_bytes_new_static ("just some notes\n", 16);
  const Entry entries[] = {
    { "身份证正面.png", grey },     /* extension-mismatch when read, image-not-color when inspected */
    { "notes.txt", text },          /* no inspection: must wait behind the photo */
    { "授权书.pdf", letter },       /* pdf-missing-text, from the inspection only */
    { "申请表.pdf", form },
    { "身份证反面.png", small_grey }, /* read (extension-mismatch) while the letter is inspected */
    { "其他/附件1.jpg", colour },
    { "其他/附件2.jpg", grey },
  };
  g_autoptr (GBytes) zip = make_zip (entries, G_N_ELEMENTS (entries));
  g_autoptr (BcReport) in_process = check_zip_with (ruleset, zip, BC_ISOLATION_IN_PROCESS, 3);
  g_autoptr (BcReport) one = check_zip_with (ruleset, zip, BC_ISOLATION_CHILD, 1);
  g_autoptr (BcReport) three = check_zip_with (ruleset, zip, BC_ISOLATION_CHILD, 3);
  gint mismatch, not_color, unmatched;

  dump_findings (three);
  /* the fixture makes findings at both stages, so an order mix-up shows */
  mismatch = index_of (three, "extension-mismatch", "身份证正面.png");
  not_color = index_of (three, "image-not-color", "身份证正面.png");
  unmatched = index_of (three, "unmatched-file", "notes.txt");
  g_assert_cmpint (mismatch, >=, 0);
  g_assert_cmpint (not_color, >, mismatch);
  g_assert_cmpint (unmatched, >, not_color);
  g_assert_cmpint (index_of (three, "pdf-missing-text", "授权书.pdf"), >, unmatched);
  g_assert_cmpint (index_of (three, "extension-mismatch", "身份证反面.png"), >,
                   index_of (three, "pdf-missing-text", "授权书.pdf"));
  g_assert_cmpint (index_of (three, "image-not-color", "身份证反面.png"), >,
                   index_of (three, "extension-mismatch", "身份证反面.png"));
  g_assert_cmpint (doc_status (three, "id-card-front"), ==, BC_DOC_STATUS_PRESENT);
  g_assert_cmpint (doc_status (three, "letter"), ==, BC_DOC_STATUS_INVALID);

  assert_same_report (in_process, one);
  assert_same_report (one, three);
}


/* a file that crashes, loops or eats memory in its inspector costs that
 * file an inspection-failed finding, and the rest of the bundle is still
 * judged; the fault hook is compiled only with -Dtest_hooks=true */
static void
test_inspector_faults_stay_in_their_file (void)
{
#if BC_ENABLE_TEST_HOOKS
  /* under AddressSanitizer the child gets no address-space limit (ASan
   * reserves terabytes up front), so the unbounded allocation is left out */
#if defined(__SANITIZE_ADDRESS__)
  static const char *const markers[] = { "BC-TEST-FAULT:crash", "BC-TEST-FAULT:loop" };
#else
  static const char *const markers[] = { "BC-TEST-FAULT:crash", "BC-TEST-FAULT:loop", "BC-TEST-FAULT:alloc" };
#endif
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (GBytes) form = make_pdf (1, "Application form");
  g_autoptr (GBytes) front = make_jpeg (800, 500, TRUE);
  g_autoptr (GBytes) back = make_jpeg (800, 500, TRUE);
  static const guint parallel[] = { 1, 3 };

  g_setenv ("BUNDLECHECK_TEST_FAULTS", "1", TRUE);
  /* one child at a time, and three at once with the bad file among them */
  for (guint k = 0; k < G_N_ELEMENTS (parallel) * G_N_ELEMENTS (markers); k++) {
    guint m = k % G_N_ELEMENTS (markers);
    g_autoptr (GByteArray) bad = g_byte_array_new ();
    g_autoptr (GBytes) bad_bytes = NULL;
    g_autoptr (BcContext) context = bc_context_new (ruleset);
    g_autoptr (GError) error = NULL;
    g_autoptr (GBytes) zip = NULL;
    g_autoptr (BcReport) report = NULL;
    BcCheckOptions options;
    const BcFinding *f;

    g_byte_array_append (bad, g_bytes_get_data (form, NULL), (guint) g_bytes_get_size (form));
    g_byte_array_append (bad, (const guint8 *) markers[m], (guint) strlen (markers[m]));
    bad_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&bad));
    {
      const Entry entries[] = {
        { "申请表.pdf", form }, { "身份证正面.jpg", front }, { "授权书.pdf", bad_bytes }, { "身份证反面.jpg", back },
      };
      zip = make_zip (entries, G_N_ELEMENTS (entries));
    }
    bc_check_options_init (&options);
    options.isolation = BC_ISOLATION_CHILD;
    options.max_parallel = parallel[k / G_N_ELEMENTS (markers)];
    g_test_message ("%s with max_parallel %u", markers[m], options.max_parallel);
    options.limits.inspect_cpu_seconds = 1;
    options.limits.inspect_wall_seconds = 2;
    options.limits.inspect_memory_bytes = 256 * 1024 * 1024;
    report = bc_check_bytes (ruleset, context, &options, zip, "faults.zip", &error);
    g_assert_no_error (error);
    dump_findings (report);
    g_assert_cmpuint (count_code (report, "inspection-failed", NULL, NULL), ==, 1);
    f = find_code (report, "inspection-failed");
    g_assert_cmpstr (f->file, ==, "授权书.pdf");
    g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
    /* the files before and after the bad one were judged as usual */
    g_assert_cmpint (doc_status (report, "application-form"), ==, BC_DOC_STATUS_PRESENT);
    g_assert_cmpint (doc_status (report, "id-card-front"), ==, BC_DOC_STATUS_PRESENT);
    g_assert_cmpint (doc_status (report, "id-card-back"), ==, BC_DOC_STATUS_PRESENT);
    g_assert_cmpint (doc_status (report, "letter"), ==, BC_DOC_STATUS_INVALID);
    g_assert_cmpuint (bc_report_count (report, BC_SEVERITY_ERROR), ==, 1);
  }
  g_unsetenv ("BUNDLECHECK_TEST_FAULTS");
#else
  g_test_skip ("built without -Dtest_hooks=true");
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/check/complete-bundle-passes", test_complete_bundle_passes);
  g_test_add_func ("/check/missing-documents", test_missing_documents);
  g_test_add_func ("/check/counts-and-duplicates", test_counts_and_duplicates);
  g_test_add_func ("/check/types-by-content", test_types_by_content);
  g_test_add_func ("/check/matching-outcomes", test_matching_outcomes);
  g_test_add_func ("/check/context-and-notices", test_context_and_notices);
  g_test_add_func ("/check/size-bounds", test_size_bounds);
  g_test_add_func ("/check/not-a-zip", test_not_a_zip);
  g_test_add_func ("/check/fd-and-bytes-agree", test_fd_and_bytes_agree);
  g_test_add_func ("/check/parallel-keeps-order", test_parallel_keeps_order);
  g_test_add_func ("/check/inspector-faults-stay-in-their-file", test_inspector_faults_stay_in_their_file);
  return g_test_run ();
}
