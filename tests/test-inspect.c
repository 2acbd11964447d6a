/* Tests for the PDF and image inspectors, their findings and the sandbox.
 *
 * Fixtures are generated in memory at test start by the committed
 * generator (fixtures/fixture-gen.c, compiled into this test; the same code
 * is the mkfixture tool). */

#include "bc-config.h"

#include "bc-finding.h"
#include "bc-inspect.h"
#include "bc-inspect-image.h"
#include "bc-inspect-pdf.h"

#include "fixtures/fixture-gen.c"

#include <poppler.h>

/* poppler-glib 22.12 declares no autoptr cleanups */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* ------------------------------------------------------------ helpers */

static BcLimits test_limits;

static BcInspection *
inspect (const char *type, GBytes *data, const BcDocument *doc, BcIsolation isolation)
{
  g_autoptr(GError) error = NULL;
  BcInspection *insp = bc_inspect (type, data, doc, &test_limits, isolation, &error);
  g_assert_no_error (error);
  g_assert_nonnull (insp);
  return insp;
}

static GPtrArray *
findings_of (const BcInspection *insp, const BcDocument *doc, BcLang lang)
{
  GPtrArray *findings = bc_findings_new ();
  bc_inspection_add_findings (insp, doc, "bundle/file", lang, &test_limits, findings);
  return findings;
}

static const BcFinding *
find_code (GPtrArray *findings, const char *code)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const BcFinding *f = g_ptr_array_index (findings, i);
      if (g_strcmp0 (f->code, code) == 0)
        return f;
    }
  return NULL;
}

static guint
count_code (GPtrArray *findings, const char *code)
{
  guint n = 0;
  for (guint i = 0; i < findings->len; i++)
    {
      const BcFinding *f = g_ptr_array_index (findings, i);
      if (g_strcmp0 (f->code, code) == 0)
        n++;
    }
  return n;
}

static GBytes *
make_pdf (guint n_pages, const char *size)
{
  FixturePdf opt;
  fixture_pdf_init (&opt);
  opt.n_pages = n_pages;
  if (size != NULL)
    g_assert_true (fixture_pdf_set_size (&opt, size));
  return fixture_pdf (&opt);
}

/* ---------------------------------------------------------------- PDF */

static void
test_pdf_text (void)
{
  char *phrases[] = { "授权书", "授权委托书", NULL };
  BcTextRule rule_p1 = { .page = 1, .any_of = phrases, .severity = BC_SEVERITY_ERROR };
  BcTextRule rule_p2 = { .page = 2, .any_of = phrases, .severity = BC_SEVERITY_WARNING };
  BcTextRule rule_any = { .page = 0, .any_of = phrases, .severity = BC_SEVERITY_ERROR };
  g_autoptr(GPtrArray) rules = g_ptr_array_new ();
  BcDocument doc = { .id = (char *) "authorization-letter" };
  FixturePdf opt;

  g_ptr_array_add (rules, &rule_p1);
  g_ptr_array_add (rules, &rule_p2);
  g_ptr_array_add (rules, &rule_any);
  doc.pdf.required_text = rules;

  /* phrase on page 1, written with spaces between the characters */
  fixture_pdf_init (&opt);
  opt.n_pages = 2;
  opt.phrases[0] = "授 权 书";
  {
    g_autoptr(GBytes) pdf = fixture_pdf (&opt);
    g_autoptr(BcInspection) insp = inspect ("pdf", pdf, &doc, BC_ISOLATION_CHILD);
    g_autoptr(GPtrArray) findings = NULL;
    const BcFinding *f;

    g_assert_false (insp->failed);
    g_assert_true (insp->pdf_opened);
    g_assert_cmpuint (insp->pdf_n_pages, ==, 2);
    g_assert_true (insp->pdf_has_text);
    g_assert_cmpuint (insp->pdf_text_hits->len, ==, 3);
    g_assert_cmpint (g_array_index (insp->pdf_text_hits, gint, 0), ==, 1);
    g_assert_cmpint (g_array_index (insp->pdf_text_hits, gint, 1), ==, 0);
    g_assert_cmpint (g_array_index (insp->pdf_text_hits, gint, 2), ==, 1);

    findings = findings_of (insp, &doc, BC_LANG_EN);
    /* only the page-2 rule misses */
    g_assert_cmpuint (count_code (findings, "pdf-missing-text"), ==, 1);
    f = find_code (findings, "pdf-missing-text");
    g_assert_cmpint (f->page, ==, 2);
    g_assert_cmpint (f->severity, ==, BC_SEVERITY_WARNING);
    g_assert_cmpstr (f->document, ==, "authorization-letter");
    g_assert_cmpstr (f->file, ==, "bundle/file");
    g_assert_nonnull (strstr (f->message, "授权书"));
    g_assert_nonnull (strstr (f->message, "page 2"));
    g_assert_null (find_code (findings, "pdf-no-text-layer"));
  }

  /* the phrase is on the wrong page (2), and in full-width Latin */
  fixture_pdf_init (&opt);
  opt.n_pages = 2;
  opt.phrases[1] = "授权委托书";
  {
    g_autoptr(GBytes) pdf = fixture_pdf (&opt);
    g_autoptr(BcInspection) insp = inspect ("pdf", pdf, &doc, BC_ISOLATION_CHILD);
    g_autoptr(GPtrArray) findings = findings_of (insp, &doc, BC_LANG_ZH);
    const BcFinding *f;
    g_assert_cmpint (g_array_index (insp->pdf_text_hits, gint, 0), ==, 0);
    g_assert_cmpint (g_array_index (insp->pdf_text_hits, gint, 1), ==, 2);
    g_assert_cmpint (g_array_index (insp->pdf_text_hits, gint, 2), ==, 2);
    g_assert_cmpuint (count_code (findings, "pdf-missing-text"), ==, 1);
    f = find_code (findings, "pdf-missing-text");
    g_assert_cmpint (f->page, ==, 1);
    g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
    g_assert_nonnull (strstr (f->message, "第 1 页"));
  }

  /* no phrase at all: every rule misses */
  {
    g_autoptr(GBytes) pdf = make_pdf (2, "A4");
    g_autoptr(BcInspection) insp = inspect ("pdf", pdf, &doc, BC_ISOLATION_CHILD);
    g_autoptr(GPtrArray) findings = findings_of (insp, &doc, BC_LANG_EN);
    g_assert_true (insp->pdf_has_text);
    g_assert_cmpuint (count_code (findings, "pdf-missing-text"), ==, 3);
  }

  /* Latin phrases match case-insensitively */
  {
    char *latin[] = { "AUTHORIZATION LETTER", NULL };
    BcTextRule rule_latin = { .page = 0, .any_of = latin, .severity = BC_SEVERITY_ERROR };
    g_autoptr(GPtrArray) rules2 = g_ptr_array_new ();
    BcDocument doc2 = { .id = (char *) "letter" };
    g_autoptr(GBytes) pdf = NULL;
    g_autoptr(BcInspection) insp = NULL;
    g_ptr_array_add (rules2, &rule_latin);
    doc2.pdf.required_text = rules2;
    fixture_pdf_init (&opt);
    opt.phrases[0] = "Authorization Letter";
    pdf = fixture_pdf (&opt);
    insp = inspect ("pdf", pdf, &doc2, BC_ISOLATION_CHILD);
    g_assert_cmpint (g_array_index (insp->pdf_text_hits, gint, 0), ==, 1);
  }
}

static void
test_pdf_no_text_layer (void)
{
  char *phrases[] = { "授权书", NULL };
  BcTextRule rule = { .page = 1, .any_of = phrases, .severity = BC_SEVERITY_ERROR };
  g_autoptr(GPtrArray) rules = g_ptr_array_new ();
  BcDocument doc = { .id = (char *) "authorization-letter" };
  FixturePdf opt;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(BcInspection) insp = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  const BcFinding *f;

  g_ptr_array_add (rules, &rule);
  doc.pdf.required_text = rules;
  /* a "scan": only noise and a stroke, no text */
  fixture_pdf_init (&opt);
  opt.kinds[0] = FIXTURE_PAGE_NOISE;
  pdf = fixture_pdf (&opt);
  insp = inspect ("pdf", pdf, &doc, BC_ISOLATION_CHILD);
  g_assert_false (insp->pdf_has_text);
  findings = findings_of (insp, &doc, BC_LANG_EN);
  f = find_code (findings, "pdf-no-text-layer");
  g_assert_nonnull (f);
  g_assert_cmpint (f->severity, ==, BC_SEVERITY_INFO);
  g_assert_null (find_code (findings, "pdf-missing-text"));

  /* without text rules there is nothing to say about the text layer */
  {
    BcDocument plain = { .id = (char *) "other" };
    g_autoptr(GPtrArray) f2 = findings_of (insp, &plain, BC_LANG_EN);
    g_assert_null (find_code (f2, "pdf-no-text-layer"));
  }
}

static void
test_pdf_blank (void)
{
  BcDocument doc = { .id = (char *) "letter" };
  FixturePdf opt;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(BcInspection) insp = NULL;
  g_autoptr(BcInspection) insp_nocheck = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  const BcFinding *f;
  const FixturePageKind kinds[] = {
    FIXTURE_PAGE_CONTENT, FIXTURE_PAGE_BLANK, FIXTURE_PAGE_NOISE,
    FIXTURE_PAGE_STRAY, FIXTURE_PAGE_SPARSE,
  };
  const char *names[] = { "content", "blank", "noise", "stray", "sparse" };

  doc.pdf.forbid_blank_pages = TRUE;
  doc.pdf.blank_page_severity = BC_SEVERITY_ERROR;
  fixture_pdf_init (&opt);
  opt.n_pages = G_N_ELEMENTS (kinds);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    opt.kinds[i] = kinds[i];
  pdf = fixture_pdf (&opt);

  /* the ink measure itself, for the record in docs/inspection.md */
  {
    g_autoptr(PopplerDocument) pd = poppler_document_new_from_bytes (pdf, NULL, NULL);
    g_assert_nonnull (pd);
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        g_autoptr(PopplerPage) page = poppler_document_get_page (pd, (int) i);
        double ink = bc_inspect_pdf_page_ink (page);
        g_test_message ("page %u (%s): ink share %.5f (blank below %.5f)",
                        i + 1, names[i], ink, BC_PDF_BLANK_INK_SHARE);
        if (kinds[i] == FIXTURE_PAGE_CONTENT || kinds[i] == FIXTURE_PAGE_SPARSE)
          /* a clear margin above the threshold, not just above it */
          g_assert_cmpfloat (ink, >, 2 * BC_PDF_BLANK_INK_SHARE);
        else
          g_assert_cmpfloat (ink, <, BC_PDF_BLANK_INK_SHARE / 2);
      }
  }

  insp = inspect ("pdf", pdf, &doc, BC_ISOLATION_CHILD);
  g_assert_cmpuint (insp->pdf_blank_pages->len, ==, 3);
  g_assert_cmpuint (g_array_index (insp->pdf_blank_pages, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (insp->pdf_blank_pages, guint, 1), ==, 3);
  g_assert_cmpuint (g_array_index (insp->pdf_blank_pages, guint, 2), ==, 4);
  findings = findings_of (insp, &doc, BC_LANG_EN);
  g_assert_cmpuint (count_code (findings, "pdf-blank-page"), ==, 1);
  f = find_code (findings, "pdf-blank-page");
  g_assert_cmpint (f->page, ==, 2);
  g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
  g_assert_nonnull (strstr (f->message, "2, 3, 4"));

  /* pages are only rendered when the document forbids blank ones */
  insp_nocheck = inspect ("pdf", pdf, NULL, BC_ISOLATION_CHILD);
  g_assert_cmpuint (insp_nocheck->pdf_blank_pages->len, ==, 0);
}

static void
test_pdf_encrypted (void)
{
  /* user password, RC4 128 (R3) and RC4 40 (R2) */
  for (int rev = 2; rev <= 3; rev++)
    {
      g_autoptr(GBytes) pdf = fixture_pdf_encrypted (2, "secret", "owner", FIXTURE_PERMS_ALL, rev);
      g_autoptr(BcInspection) insp = inspect ("pdf", pdf, NULL, BC_ISOLATION_CHILD);
      g_autoptr(GPtrArray) findings = findings_of (insp, NULL, BC_LANG_EN);
      const BcFinding *f;
      g_assert_false (insp->failed);
      g_assert_true (insp->pdf_encrypted);
      g_assert_false (insp->pdf_opened);
      f = find_code (findings, "pdf-encrypted");
      g_assert_nonnull (f);
      g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
      g_assert_nonnull (strstr (f->hint, "password"));
      g_assert_cmpuint (findings->len, ==, 1);
    }
  /* owner password only: opens, with restrictions */
  for (int rev = 2; rev <= 3; rev++)
    {
      g_autoptr(GBytes) pdf = fixture_pdf_encrypted (3, "", "owner", FIXTURE_PERMS_NONE, rev);
      g_autoptr(BcInspection) insp = inspect ("pdf", pdf, NULL, BC_ISOLATION_CHILD);
      g_autoptr(GPtrArray) findings = findings_of (insp, NULL, BC_LANG_EN);
      const BcFinding *f;
      g_assert_true (insp->pdf_opened);
      g_assert_false (insp->pdf_encrypted);
      g_assert_true (insp->pdf_restricted);
      g_assert_cmpuint (insp->pdf_n_pages, ==, 3);
      f = find_code (findings, "pdf-restricted");
      g_assert_nonnull (f);
      g_assert_cmpint (f->severity, ==, BC_SEVERITY_INFO);
      g_assert_null (find_code (findings, "pdf-encrypted"));
      g_assert_null (find_code (findings, "pdf-repaired"));
    }
}

static void
test_pdf_page_size (void)
{
  char *a4[] = { "A4", NULL };
  char *a4_letter[] = { "A4", "Letter", NULL };
  BcDocument doc = { .id = (char *) "letter" };
  g_autoptr(GBytes) pdf_a4 = make_pdf (2, "A4");
  g_autoptr(GBytes) pdf_a4_land = make_pdf (1, "842x595");
  g_autoptr(GBytes) pdf_letter = make_pdf (2, "Letter");
  g_autoptr(BcInspection) i_a4 = inspect ("pdf", pdf_a4, &doc, BC_ISOLATION_CHILD);
  g_autoptr(BcInspection) i_land = inspect ("pdf", pdf_a4_land, &doc, BC_ISOLATION_CHILD);
  g_autoptr(BcInspection) i_letter = inspect ("pdf", pdf_letter, &doc, BC_ISOLATION_CHILD);

  doc.pdf.page_sizes = a4;
  doc.pdf.page_size_tolerance_mm = 3;
  doc.pdf.page_size_severity = BC_SEVERITY_WARNING;

  g_assert_cmpuint (i_letter->pdf_page_sizes->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (i_letter->pdf_page_sizes, BcPageSize, 0).width_pt, 612.0, 0.5);
  g_assert_cmpfloat_with_epsilon (g_array_index (i_letter->pdf_page_sizes, BcPageSize, 0).height_pt, 792.0, 0.5);
  {
    g_autoptr(GPtrArray) f1 = findings_of (i_a4, &doc, BC_LANG_EN);
    g_autoptr(GPtrArray) f2 = findings_of (i_land, &doc, BC_LANG_EN);
    g_autoptr(GPtrArray) f3 = findings_of (i_letter, &doc, BC_LANG_EN);
    const BcFinding *f;
    g_assert_null (find_code (f1, "pdf-page-size"));
    g_assert_null (find_code (f2, "pdf-page-size"));
    f = find_code (f3, "pdf-page-size");
    g_assert_nonnull (f);
    g_assert_cmpint (f->page, ==, 1);
    g_assert_cmpint (f->severity, ==, BC_SEVERITY_WARNING);
    g_assert_nonnull (strstr (f->message, "2 page(s) are not A4"));
    g_assert_nonnull (strstr (f->message, "216 × 279 mm"));
  }
  doc.pdf.page_sizes = a4_letter;
  {
    g_autoptr(GPtrArray) f3 = findings_of (i_letter, &doc, BC_LANG_EN);
    g_assert_null (find_code (f3, "pdf-page-size"));
  }
}

static void
test_pdf_page_count (void)
{
  BcDocument doc = { .id = (char *) "letter" };
  g_autoptr(GBytes) pdf = make_pdf (5, "A4");
  g_autoptr(BcInspection) insp = NULL;
  guint64 saved = test_limits.max_pdf_pages;

  doc.pdf.max_pages = (BcBound) { TRUE, 2, BC_SEVERITY_ERROR };
  doc.pdf.min_pages = (BcBound) { TRUE, 1, BC_SEVERITY_ERROR };

  /* just over the page limit: only 4 of 5 pages are inspected */
  test_limits.max_pdf_pages = 4;
  insp = inspect ("pdf", pdf, &doc, BC_ISOLATION_CHILD);
  test_limits.max_pdf_pages = saved;
  g_assert_cmpuint (insp->pdf_n_pages, ==, 5);
  g_assert_true (insp->pdf_pages_truncated);
  g_assert_cmpuint (insp->pdf_page_sizes->len, ==, 4);
  {
    GPtrArray *findings = NULL;
    const BcFinding *f;
    test_limits.max_pdf_pages = 4;
    findings = findings_of (insp, &doc, BC_LANG_EN);
    test_limits.max_pdf_pages = saved;
    f = find_code (findings, "pdf-too-many-pages");
    g_assert_nonnull (f);
    g_assert_cmpint (f->severity, ==, BC_SEVERITY_WARNING);
    g_assert_nonnull (strstr (f->message, "max-pdf-pages"));
    f = find_code (findings, "pdf-page-count");
    g_assert_nonnull (f);
    g_assert_nonnull (strstr (f->message, "at most 2"));
    g_ptr_array_unref (findings);
  }
  /* just under: all 5 pages */
  {
    g_autoptr(BcInspection) insp5 = NULL;
    test_limits.max_pdf_pages = 5;
    insp5 = inspect ("pdf", pdf, &doc, BC_ISOLATION_CHILD);
    test_limits.max_pdf_pages = saved;
    g_assert_false (insp5->pdf_pages_truncated);
    g_assert_cmpuint (insp5->pdf_page_sizes->len, ==, 5);
  }
  /* min pages */
  {
    g_autoptr(GBytes) one = make_pdf (1, "A4");
    g_autoptr(BcInspection) i1 = inspect ("pdf", one, &doc, BC_ISOLATION_CHILD);
    g_autoptr(GPtrArray) findings = NULL;
    doc.pdf.min_pages = (BcBound) { TRUE, 2, BC_SEVERITY_WARNING };
    findings = findings_of (i1, &doc, BC_LANG_EN);
    g_assert_cmpint (((const BcFinding *) find_code (findings, "pdf-page-count"))->severity, ==, BC_SEVERITY_WARNING);
  }
}

static void
test_pdf_truncated (void)
{
  g_autoptr(GBytes) full = make_pdf (3, "A4");
  FixturePdf opt;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(BcInspection) insp = NULL;
  g_autoptr(GPtrArray) findings = NULL;

  fixture_pdf_init (&opt);
  opt.n_pages = 3;
  opt.truncate = g_bytes_get_size (full) * 6 / 10;
  pdf = fixture_pdf (&opt);
  insp = inspect ("pdf", pdf, NULL, BC_ISOLATION_CHILD);
  findings = findings_of (insp, NULL, BC_LANG_EN);
  g_assert_false (insp->failed);
  /* poppler either gives up (no trailer) or reconstructs what it can */
  if (insp->pdf_opened)
    g_assert_nonnull (find_code (findings, "pdf-repaired"));
  else
    {
      const BcFinding *f = find_code (findings, "pdf-unreadable");
      g_assert_nonnull (f);
      g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
      g_assert_nonnull (insp->pdf_error);
    }
  g_test_message ("truncated PDF: opened=%d error=%s", insp->pdf_opened, insp->pdf_error);

  /* an intact file is not "repaired" */
  {
    g_autoptr(BcInspection) ok = inspect ("pdf", full, NULL, BC_ISOLATION_CHILD);
    g_assert_false (ok->pdf_repaired);
    g_assert_cmpstr (ok->pdf_version, ==, "PDF-1.5");
  }
}

static void
test_pdf_not_pdf (void)
{
  FixturePdf opt;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(BcInspection) insp = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  const BcFinding *f;

  fixture_pdf_init (&opt);
  opt.junk_prefix = 100;
  pdf = fixture_pdf (&opt);
  insp = inspect ("pdf", pdf, NULL, BC_ISOLATION_CHILD);
  g_assert_true (insp->pdf_not_pdf);
  g_assert_cmpuint (insp->pdf_leading_junk, ==, 100);
  g_assert_false (insp->pdf_opened);
  findings = findings_of (insp, NULL, BC_LANG_EN);
  f = find_code (findings, "pdf-not-pdf");
  g_assert_nonnull (f);
  g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
  g_assert_nonnull (strstr (f->message, "100 bytes"));
  g_assert_cmpuint (findings->len, ==, 1);

  /* not a PDF at all */
  {
    g_autoptr(GBytes) html = g_bytes_new_static ("<html>hello</html>", 18);
    g_autoptr(BcInspection) i2 = inspect ("pdf", html, NULL, BC_ISOLATION_CHILD);
    g_assert_true (i2->pdf_not_pdf);
    g_assert_cmpuint (i2->pdf_leading_junk, ==, 0);
  }
}

static void
test_pdf_risk_scan (void)
{
  gboolean js, launch, embedded;
  const char *a = "<< /OpenAction << /S /JavaScript /J#53 (app.alert(1)) >> >>";
  const char *b = "<< /S /L#61unch /F (cmd.exe) >>";
  const char *c = "<< /Type /Filespec /EF << /F 5 0 R >> >> /EmbeddedFile";
  const char *d = "<< /JSX 1 /Launcher 2 /Foo#4 >>";

  bc_inspect_pdf_scan_names ((const guint8 *) a, strlen (a), &js, &launch, &embedded);
  g_assert_true (js);
  g_assert_false (launch);
  bc_inspect_pdf_scan_names ((const guint8 *) b, strlen (b), &js, &launch, &embedded);
  g_assert_false (js);
  g_assert_true (launch);
  bc_inspect_pdf_scan_names ((const guint8 *) c, strlen (c), &js, &launch, &embedded);
  g_assert_true (embedded);
  bc_inspect_pdf_scan_names ((const guint8 *) d, strlen (d), &js, &launch, &embedded);
  g_assert_false (js);
  g_assert_false (launch);
  g_assert_false (embedded);

  /* through the inspector: a JavaScript open action appended to a PDF
   * (an incremental update would carry it the same way) */
  {
    FixturePdf opt;
    g_autoptr(GBytes) pdf = NULL;
    g_autoptr(BcInspection) insp = NULL;
    g_autoptr(GPtrArray) findings = NULL;
    fixture_pdf_init (&opt);
    opt.append = "\n99 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n"
                 "98 0 obj << /S /Launch /F (calc.exe) >> endobj\n";
    pdf = fixture_pdf (&opt);
    insp = inspect ("pdf", pdf, NULL, BC_ISOLATION_CHILD);
    findings = findings_of (insp, NULL, BC_LANG_EN);
    g_assert_nonnull (find_code (findings, "pdf-javascript"));
    g_assert_nonnull (find_code (findings, "pdf-launch-action"));
    g_assert_cmpint (find_code (findings, "pdf-javascript")->severity, ==, BC_SEVERITY_WARNING);
  }
}

/* ------------------------------------------------------------- images */

static GBytes *
make_image (const char *type, FixtureImageMode mode, guint w, guint h)
{
  FixtureImage opt;
  fixture_image_init (&opt);
  opt.mode = mode;
  opt.width = w;
  opt.height = h;
  return g_strcmp0 (type, "jpeg") == 0 ? fixture_jpeg (&opt) : fixture_png (&opt);
}

static void
test_image_color (void)
{
  BcDocument doc = { .id = (char *) "licence" };
  const struct {
    const char *type;
    FixtureImageMode mode;
    const char *name;
    gboolean color;
  } cases[] = {
    { "jpeg", FIXTURE_IMAGE_COLOR, "colour card", TRUE },
    { "jpeg", FIXTURE_IMAGE_DOC_PHOTO, "licence photo on white paper", TRUE },
    { "jpeg", FIXTURE_IMAGE_GRAY1, "grey card, 1 channel", FALSE },
    { "jpeg", FIXTURE_IMAGE_GRAY3, "grey card, 3 channels", FALSE },
    { "jpeg", FIXTURE_IMAGE_DOC_GRAY3, "grey licence scan with a warm cast", FALSE },
    { "png", FIXTURE_IMAGE_COLOR, "colour card", TRUE },
    { "png", FIXTURE_IMAGE_DOC_PHOTO, "licence photo on white paper", TRUE },
    { "png", FIXTURE_IMAGE_GRAY1, "grey card, 1 channel", FALSE },
    { "png", FIXTURE_IMAGE_GRAY3, "grey card, 3 channels", FALSE },
  };

  doc.image.require_color = TRUE;
  doc.image.color_severity = BC_SEVERITY_ERROR;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) img = make_image (cases[i].type, cases[i].mode, 1200, 900);
      g_autoptr(BcInspection) insp = inspect (cases[i].type, img, &doc, BC_ISOLATION_CHILD);
      g_autoptr(GPtrArray) findings = findings_of (insp, &doc, BC_LANG_EN);
      g_test_message ("%s %s: colour=%d mean chroma %.2f", cases[i].type, cases[i].name,
                      insp->image_is_color, insp->image_chroma);
      g_assert_false (insp->failed);
      g_assert_true (insp->image_decoded);
      g_assert_cmpuint (insp->image_width, ==, 1200);
      g_assert_cmpuint (insp->image_height, ==, 900);
      g_assert_cmpint (insp->image_is_color, ==, cases[i].color);
      if (cases[i].color)
        g_assert_null (find_code (findings, "image-not-color"));
      else
        {
          const BcFinding *f = find_code (findings, "image-not-color");
          g_assert_nonnull (f);
          g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
        }
    }
}

static void
test_image_size (void)
{
  BcDocument doc = { .id = (char *) "licence" };
  const struct { guint w, h; gboolean small; } cases[] = {
    { 1500, 1100, FALSE }, /* exactly the minimum */
    { 1100, 1500, FALSE }, /* portrait */
    { 1499, 1100, TRUE },  /* just under on the long side */
    { 1500, 1099, TRUE },  /* just under on the short side */
    { 1099, 1500, TRUE },
    { 1100, 1499, TRUE },
    { 1501, 1101, FALSE }, /* just over */
  };

  doc.image.min_long_side = 1500;
  doc.image.min_short_side = 1100;
  doc.image.size_severity = BC_SEVERITY_WARNING;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FixtureImage opt;
      g_autoptr(GBytes) img = NULL;
      g_autoptr(BcInspection) insp = NULL;
      g_autoptr(GPtrArray) findings = NULL;
      const BcFinding *f;
      fixture_image_init (&opt);
      opt.width = cases[i].w;
      opt.height = cases[i].h;
      opt.quality = 50;
      img = fixture_jpeg (&opt);
      insp = inspect ("jpeg", img, &doc, BC_ISOLATION_IN_PROCESS);
      g_assert_cmpuint (insp->image_width, ==, cases[i].w);
      g_assert_cmpuint (insp->image_height, ==, cases[i].h);
      findings = findings_of (insp, &doc, BC_LANG_EN);
      f = find_code (findings, "image-too-small");
      if (!cases[i].small)
        {
          g_assert_null (f);
          continue;
        }
      g_assert_nonnull (f);
      g_assert_cmpint (f->severity, ==, BC_SEVERITY_WARNING);
      {
        g_autofree char *want = g_strdup_printf ("%u × %u pixels", cases[i].w, cases[i].h);
        g_assert_nonnull (strstr (f->message, want));
        g_assert_nonnull (strstr (f->message, "1500 × 1100"));
      }
    }
}

static void
test_image_truncated (void)
{
  FixtureImage opt;
  BcDocument doc = { .id = (char *) "licence" };

  doc.image.require_color = TRUE;
  for (int k = 0; k < 2; k++)
    {
      const char *type = k == 0 ? "jpeg" : "png";
      g_autoptr(GBytes) full = NULL;
      g_autoptr(GBytes) cut = NULL;
      g_autoptr(GBytes) header_only = NULL;
      fixture_image_init (&opt);
      opt.width = 800;
      opt.height = 600;
      full = k == 0 ? fixture_jpeg (&opt) : fixture_png (&opt);
      opt.truncate = g_bytes_get_size (full) / 2;
      cut = k == 0 ? fixture_jpeg (&opt) : fixture_png (&opt);
      opt.truncate = 20;
      header_only = k == 0 ? fixture_jpeg (&opt) : fixture_png (&opt);
      {
        g_autoptr(BcInspection) insp = inspect (type, cut, &doc, BC_ISOLATION_CHILD);
        g_autoptr(GPtrArray) findings = findings_of (insp, &doc, BC_LANG_EN);
        const BcFinding *f = find_code (findings, "image-unreadable");
        g_assert_false (insp->failed);
        g_assert_true (insp->image_truncated);
        g_assert_cmpuint (insp->image_width, ==, 800);
        g_assert_nonnull (f);
        g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
        /* half a picture says nothing about colour */
        g_assert_null (find_code (findings, "image-not-color"));
      }
      {
        g_autoptr(BcInspection) insp = inspect (type, header_only, &doc, BC_ISOLATION_CHILD);
        g_autoptr(GPtrArray) findings = findings_of (insp, &doc, BC_LANG_EN);
        g_assert_false (insp->image_decoded);
        g_assert_nonnull (find_code (findings, "image-unreadable"));
      }
    }
}

static void
test_supports (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) b = g_bytes_new_static ("GIF89a", 6);
  BcInspection *insp;
  g_assert_true (bc_inspect_supports ("pdf"));
  g_assert_true (bc_inspect_supports ("jpeg"));
  g_assert_true (bc_inspect_supports ("png"));
  g_assert_false (bc_inspect_supports ("gif"));
  g_assert_false (bc_inspect_supports ("webp"));
  g_assert_false (bc_inspect_supports ("bmp"));
  g_assert_false (bc_inspect_supports (NULL));
  insp = bc_inspect ("gif", b, NULL, &test_limits, BC_ISOLATION_CHILD, &error);
  g_assert_null (insp);
  g_assert_error (error, BC_ERROR, BC_ERROR_FAILED);
}

/* the child and the in-process inspector agree on every fact */
static void
test_child_matches_in_process (void)
{
  char *phrases[] = { "营业执照", NULL };
  BcTextRule rule = { .page = 0, .any_of = phrases, .severity = BC_SEVERITY_ERROR };
  g_autoptr(GPtrArray) rules = g_ptr_array_new ();
  BcDocument doc = { .id = (char *) "licence" };
  FixturePdf opt;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(BcInspection) a = NULL;
  g_autoptr(BcInspection) b = NULL;

  g_ptr_array_add (rules, &rule);
  doc.pdf.required_text = rules;
  doc.pdf.forbid_blank_pages = TRUE;
  fixture_pdf_init (&opt);
  opt.n_pages = 3;
  opt.phrases[2] = "营业执照";
  opt.kinds[1] = FIXTURE_PAGE_BLANK;
  pdf = fixture_pdf (&opt);
  a = inspect ("pdf", pdf, &doc, BC_ISOLATION_CHILD);
  b = inspect ("pdf", pdf, &doc, BC_ISOLATION_IN_PROCESS);
  g_assert_cmpint (a->pdf_opened, ==, b->pdf_opened);
  g_assert_cmpuint (a->pdf_n_pages, ==, b->pdf_n_pages);
  g_assert_cmpint (a->pdf_has_text, ==, b->pdf_has_text);
  g_assert_cmpstr (a->pdf_version, ==, b->pdf_version);
  g_assert_cmpuint (a->pdf_page_sizes->len, ==, 3);
  g_assert_cmpuint (b->pdf_page_sizes->len, ==, 3);
  g_assert_cmpuint (a->pdf_text_hits->len, ==, 1);
  g_assert_cmpint (g_array_index (a->pdf_text_hits, gint, 0), ==, 3);
  g_assert_cmpint (g_array_index (b->pdf_text_hits, gint, 0), ==, 3);
  g_assert_cmpuint (a->pdf_blank_pages->len, ==, 1);
  g_assert_cmpuint (g_array_index (a->pdf_blank_pages, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (b->pdf_blank_pages, guint, 0), ==, 2);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpfloat (g_array_index (a->pdf_page_sizes, BcPageSize, i).width_pt, ==,
                         g_array_index (b->pdf_page_sizes, BcPageSize, i).width_pt);
    }
}

/* ----------------------------------------------------------- isolation */

#ifdef BC_ENABLE_TEST_HOOKS
static void
check_fault (const char *marker, const char *want_prefix, double max_seconds)
{
  FixturePdf opt;
  g_autofree char *append = g_strdup_printf ("%%BC-TEST-FAULT:%s\n", marker);
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(GBytes) good = make_pdf (1, "A4");
  g_autoptr(BcInspection) insp = NULL;
  g_autoptr(BcInspection) next = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) findings_zh = NULL;
  const BcFinding *f;
  gint64 start;
  double took;

  fixture_pdf_init (&opt);
  opt.append = append;
  bad = fixture_pdf (&opt);

  start = g_get_monotonic_time ();
  insp = inspect ("pdf", bad, NULL, BC_ISOLATION_CHILD);
  took = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("fault %s: failure \"%s\" after %.2f s", marker, insp->failure, took);
  g_assert_true (insp->failed);
  g_assert_true (g_str_has_prefix (insp->failure, want_prefix));
  g_assert_cmpfloat (took, <, max_seconds);

  findings = findings_of (insp, NULL, BC_LANG_EN);
  g_assert_cmpuint (findings->len, ==, 1);
  f = find_code (findings, "inspection-failed");
  g_assert_nonnull (f);
  g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
  g_assert_nonnull (strstr (f->message, want_prefix));
  findings_zh = findings_of (insp, NULL, BC_LANG_ZH);
  g_assert_nonnull (strstr (((BcFinding *) g_ptr_array_index (findings_zh, 0))->message, "无法检查"));

  /* the tool is fine: the next file inspects normally */
  next = inspect ("pdf", good, NULL, BC_ISOLATION_CHILD);
  g_assert_false (next->failed);
  g_assert_true (next->pdf_opened);
  g_assert_cmpuint (next->pdf_n_pages, ==, 1);
}

static void
test_fault_crash (void)
{
  check_fault ("crash", "crashed (signal 11)", 2.0);
}

static void
test_fault_loop (void)
{
  check_fault ("loop", "used more than 1 s of CPU", 3.0);
}

static void
test_fault_hang (void)
{
  check_fault ("hang", "took longer than 2 s", 3.5);
}

static void
test_fault_alloc (void)
{
#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("RLIMIT_AS is not applied under AddressSanitizer");
  return;
#endif
  check_fault ("alloc", "ran out of memory (limit 256 MiB)", 3.0);
}

static void
test_fault_image (void)
{
  FixtureImage opt;
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(BcInspection) insp = NULL;
  fixture_image_init (&opt);
  opt.width = 64;
  opt.height = 64;
  opt.append = "BC-TEST-FAULT:crash";
  bad = fixture_jpeg (&opt);
  insp = inspect ("jpeg", bad, NULL, BC_ISOLATION_CHILD);
  g_assert_true (insp->failed);
  g_assert_cmpstr (insp->failure, ==, "crashed (signal 11)");
  g_assert_cmpstr (insp->kind, ==, "image");
}
#endif

/* a few hostile PDFs from qpdf's suite through the child: each must give
 * a clean answer (facts or a failure), never take the test down */
static void
test_corpus (void)
{
  const char *corpus = g_getenv ("SHARED_CORPUS");
  const char *files[] = {
    "encrypted-40-bit-R3.pdf", "bad-xref.pdf", "bad1.pdf", "append-xref-loop.pdf",
    "bad-encryption-length.pdf", "c-decrypt-with-owner.pdf",
  };
  guint n_done = 0;

  if (corpus == NULL)
    {
      g_test_skip ("SHARED_CORPUS not set");
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (corpus, "pdf-qpdf", files[i], NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;
      g_autoptr(GBytes) data = NULL;
      g_autoptr(BcInspection) insp = NULL;
      g_autoptr(GPtrArray) findings = NULL;
      if (!g_file_get_contents (path, &contents, &len, NULL))
        continue;
      data = g_bytes_new_take (g_steal_pointer (&contents), len);
      insp = inspect ("pdf", data, NULL, BC_ISOLATION_CHILD);
      findings = findings_of (insp, NULL, BC_LANG_EN);
      g_test_message ("%s: failed=%d opened=%d encrypted=%d restricted=%d repaired=%d pages=%u findings=%u",
                      files[i], insp->failed, insp->pdf_opened, insp->pdf_encrypted,
                      insp->pdf_restricted, insp->pdf_repaired, insp->pdf_n_pages, findings->len);
      g_assert_cmpstr (insp->kind, ==, "pdf");
      /* every PDF that did not open says why */
      if (!insp->failed && !insp->pdf_opened)
        g_assert_true (insp->pdf_encrypted || insp->pdf_error != NULL || insp->pdf_not_pdf);
      if (g_strcmp0 (files[i], "encrypted-40-bit-R3.pdf") == 0 && !insp->failed)
        g_assert_true (insp->pdf_encrypted || insp->pdf_restricted || insp->pdf_opened);
      n_done++;
    }
  if (n_done == 0)
    g_test_skip ("corpus files not found");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("BUNDLECHECK_TEST_FAULTS", "1", TRUE);

  /* small limits so the fault tests finish quickly */
  bc_limits_init (&test_limits);
  test_limits.inspect_cpu_seconds = 1;
  test_limits.inspect_wall_seconds = 2;
  test_limits.inspect_memory_bytes = 256 * 1024 * 1024;

  g_test_add_func ("/inspect/supports", test_supports);
  g_test_add_func ("/inspect/pdf/text", test_pdf_text);
  g_test_add_func ("/inspect/pdf/no-text-layer", test_pdf_no_text_layer);
  g_test_add_func ("/inspect/pdf/blank", test_pdf_blank);
  g_test_add_func ("/inspect/pdf/encrypted", test_pdf_encrypted);
  g_test_add_func ("/inspect/pdf/page-size", test_pdf_page_size);
  g_test_add_func ("/inspect/pdf/page-count", test_pdf_page_count);
  g_test_add_func ("/inspect/pdf/truncated", test_pdf_truncated);
  g_test_add_func ("/inspect/pdf/not-pdf", test_pdf_not_pdf);
  g_test_add_func ("/inspect/pdf/risk-scan", test_pdf_risk_scan);
  g_test_add_func ("/inspect/image/color", test_image_color);
  g_test_add_func ("/inspect/image/size", test_image_size);
  g_test_add_func ("/inspect/image/truncated", test_image_truncated);
  g_test_add_func ("/inspect/child-matches-in-process", test_child_matches_in_process);
#ifdef BC_ENABLE_TEST_HOOKS
  g_test_add_func ("/inspect/fault/crash", test_fault_crash);
  g_test_add_func ("/inspect/fault/loop", test_fault_loop);
  g_test_add_func ("/inspect/fault/hang", test_fault_hang);
  g_test_add_func ("/inspect/fault/alloc", test_fault_alloc);
  g_test_add_func ("/inspect/fault/image", test_fault_image);
#endif
  g_test_add_func ("/inspect/corpus", test_corpus);
  return g_test_run ();
}
