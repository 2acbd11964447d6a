/* Fuzz the image inspectors in-process: JPEG when the input starts like
 * one, PNG otherwise, with size and colour rules switched on. */
#include "bc-finding.h"
#include "bc-inspect.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GPtrArray) findings = bc_findings_new ();
  g_autoptr (BcInspection) inspection = NULL;
  const char *type = size > 0 && data[0] == 0xFF ? "jpeg" : "png";
  BcDocument doc = { 0 };
  BcLimits limits;

  doc.id = "photo";
  doc.source = "fuzz";
  doc.image.min_long_side = 1280;
  doc.image.min_short_side = 720;
  doc.image.require_color = TRUE;
  bc_limits_init (&limits);
  inspection = bc_inspect (type, bytes, &doc, &limits, BC_ISOLATION_IN_PROCESS, NULL);
  if (inspection != NULL)
    bc_inspection_add_findings (inspection, &doc, "fuzz", BC_LANG_EN, &limits, findings);
  return 0;
}
