/* The PDF inspector (poppler-glib), run in-process: call it only inside
 * the sandbox for untrusted input (bc-inspect.c does). */
#pragma once

#include "bc-inspect.h"

G_BEGIN_DECLS

/* pixels darker than the page's paper level by more than this count as ink */
#define BC_PDF_INK_DELTA 56
/* a page whose ink covers less than this share of its interior is blank */
#define BC_PDF_BLANK_INK_SHARE 0.0015
/* resolution of the blank-page render */
#define BC_PDF_BLANK_DPI 30.0

/* Inspect DATA as a PDF. Never fails: what went wrong is a fact in the
 * returned inspection (free with bc_inspection_free). */
BcInspection *bc_inspect_pdf (GBytes *data,
                              const BcDocument *document,
                              const BcLimits *limits);

/* the share (0..1) of a page's interior that is ink, see docs/inspection.md;
 * PAGE is a PopplerPage*; exported for tests and tuning */
double bc_inspect_pdf_page_ink (gpointer page);

/* the raw byte scan for risk signals, exported for tests */
void bc_inspect_pdf_scan_names (const guint8 *buf,
                                gsize len,
                                gboolean *javascript,
                                gboolean *launch,
                                gboolean *embedded);

G_END_DECLS
