/* Fuzz the PDF inspector in-process (the fuzzer is the sandbox here),
 * with a document that asks for every check: text phrases, blank pages,
 * page sizes. */
#include "bc-finding.h"
#include "bc-inspect.h"
#include "fuzz-common.h"

static BcDocument *
letter_document (void)
{
  static BcDocument doc;
  static BcTextRule rule;
  static char *phrases[] = { "授权书", "Authorization", NULL };
  static char *sizes[] = { "A4", "Letter", NULL };

  if (doc.id != NULL)
    return &doc;
  doc.id = "letter";
  doc.name.en = "Letter";
  doc.source = "fuzz";
  rule.page = 1;
  rule.any_of = phrases;
  rule.severity = BC_SEVERITY_ERROR;
  doc.pdf.required_text = g_ptr_array_new ();
  g_ptr_array_add (doc.pdf.required_text, &rule);
  doc.pdf.forbid_blank_pages = TRUE;
  doc.pdf.blank_page_severity = BC_SEVERITY_ERROR;
  doc.pdf.page_sizes = sizes;
  doc.pdf.page_size_tolerance_mm = 10;
  doc.pdf.min_pages = (BcBound) { TRUE, 1, BC_SEVERITY_ERROR };
  doc.pdf.max_pages = (BcBound) { TRUE, 3, BC_SEVERITY_ERROR };
  return &doc;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GPtrArray) findings = bc_findings_new ();
  g_autoptr (BcInspection) inspection = NULL;
  BcLimits limits;

  bc_limits_init (&limits);
  limits.max_pdf_pages = 4;
  inspection = bc_inspect ("pdf", bytes, letter_document (), &limits, BC_ISOLATION_IN_PROCESS, NULL);
  if (inspection != NULL)
    bc_inspection_add_findings (inspection, letter_document (), "fuzz.pdf", BC_LANG_EN, &limits, findings);
  return 0;
}
