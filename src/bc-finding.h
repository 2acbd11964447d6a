/* Building findings inside the library. */
#pragma once

#include "bundlecheck.h"

G_BEGIN_DECLS

/* append a new finding to FINDINGS (a GPtrArray of BcFinding* owning its
 * elements) and return it so the caller can set page or source */
BcFinding *bc_findings_add (GPtrArray *findings,
                            const char *code,
                            BcSeverity severity,
                            const char *document,
                            const char *file,
                            const char *hint,
                            const char *format,
                            ...) G_GNUC_PRINTF (7, 8);

GPtrArray *bc_findings_new (void);

/* "error" / "错误" … as a report shows a severity to a person */
const char *bc_severity_word (BcSeverity severity, BcLang lang);

/* human-readable byte size: "1.5 MiB", "200 KB" (decimal KB as filing
 * offices write them) */
char *bc_format_bytes (guint64 bytes);

G_END_DECLS
