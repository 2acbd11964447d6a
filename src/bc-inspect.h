/* Looking inside files: the inspector interface. A PDF inspector
 * (bc-inspect-pdf.c, poppler-glib) and an image inspector
 * (bc-inspect-image.c, libjpeg-turbo/libpng) plug in here; bc-sandbox.c
 * runs either in a resource-limited child so a crash, hang or memory
 * blow-up in a large C/C++ parser becomes a failed inspection, not a dead
 * tool. What crosses back from the child is the small, validated
 * BcInspection below, serialised, never pointers. */
#pragma once

#include "bc-ruleset.h"

G_BEGIN_DECLS

typedef struct {
  double width_pt;
  double height_pt;
} BcPageSize;

typedef struct {
  /* set when the inspection itself failed: the child crashed, timed out,
   * ran out of memory, or the result was malformed. Nothing else is valid. */
  gboolean failed;
  char *failure;             /* e.g. "crashed (signal 11)", "timed out after 15 s" */

  char *kind;                /* "pdf" or "image" */

  /* PDF */
  gboolean pdf_opened;
  char *pdf_error;           /* poppler's reason when it did not open */
  gboolean pdf_encrypted;    /* needs a user password to open */
  gboolean pdf_restricted;   /* owner password only: opens, but with restrictions */
  gboolean pdf_not_pdf;      /* does not start with %PDF- */
  guint pdf_leading_junk;    /* bytes before %PDF- */
  gboolean pdf_repaired;     /* poppler reported and recovered structural damage */
  guint pdf_n_pages;
  GArray *pdf_page_sizes;    /* BcPageSize, one per inspected page */
  gboolean pdf_pages_truncated; /* more pages than max_pdf_pages: only the first were inspected */
  gboolean pdf_has_text;     /* some inspected page has a text layer */
  GArray *pdf_text_hits;     /* gint per document text rule: 1-based page found, 0 not found */
  GArray *pdf_blank_pages;   /* guint 1-based page numbers judged blank (only when asked) */
  gboolean pdf_javascript;   /* JavaScript, incl. /OpenAction JS */
  gboolean pdf_launch;       /* /Launch actions */
  guint pdf_attachments;     /* embedded files */
  char *pdf_version;

  /* images */
  gboolean image_decoded;
  char *image_error;         /* decoder's reason when it could not decode */
  gboolean image_truncated;  /* decoded, but data ended early */
  guint image_width;
  guint image_height;
  gboolean image_is_color;
  double image_chroma;       /* mean chroma measure, see docs/inspection.md */
} BcInspection;

void bc_inspection_free (BcInspection *inspection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcInspection, bc_inspection_free)

/* whether files of TYPE (bc-identify.h name) have an inspector */
gboolean bc_inspect_supports (const char *type);

/* Inspect DATA of TYPE and wait for the answer (bc_inspect_start() +
 * bc_inspect_finish()). DOCUMENT (may be NULL: only generic facts) says
 * which checks its rules need (text phrases, blank pages). ISOLATION picks
 * the child process (default) or in-process inspection. Returns NULL with
 * ERROR only when the tool itself failed (fork, pipe); a crash or hang of
 * the inspector gives an inspection with failed = TRUE. */
G_GNUC_WARN_UNUSED_RESULT
BcInspection *bc_inspect (const char *type,
                          GBytes *data,
                          const BcDocument *document,
                          const BcLimits *limits,
                          BcIsolation isolation,
                          GError **error);

/* An inspection under way: from bc_inspect_start(), to be passed exactly
 * once to bc_inspect_finish() (which frees it). Freeing an unfinished job
 * kills its child. */
typedef struct _BcInspectJob BcInspectJob;

void bc_inspect_job_free (BcInspectJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcInspectJob, bc_inspect_job_free)

/* Start inspecting DATA of TYPE (arguments as for bc_inspect()). With
 * child isolation this forks and returns at once; in-process it inspects
 * before returning. Either way the caller may drop DATA as soon as this
 * returns; DOCUMENT must live until the job is finished. Returns NULL
 * with ERROR only when the tool itself failed (no inspector for TYPE,
 * pipe, fork). */
G_GNUC_WARN_UNUSED_RESULT
BcInspectJob *bc_inspect_start (const char *type,
                                GBytes *data,
                                const BcDocument *document,
                                const BcLimits *limits,
                                BcIsolation isolation,
                                GError **error);

/* Wait for JOB and free it. Returns the inspection (failed = TRUE when the
 * child crashed, hung, ran out of memory or answered nonsense), or NULL
 * with ERROR only when the tool itself failed (wait4). */
G_GNUC_WARN_UNUSED_RESULT
BcInspection *bc_inspect_finish (BcInspectJob *job, GError **error);

/* bc_inspect_finish(), also reading the pipes of the N_OTHERS jobs in
 * OTHERS that are still running (NULL entries and JOB are skipped), so
 * none of them stalls on a full pipe while JOB is waited for */
G_GNUC_WARN_UNUSED_RESULT
BcInspection *bc_inspect_finish_draining (BcInspectJob *job,
                                          BcInspectJob *const *others,
                                          guint n_others,
                                          GError **error);

/* Turn the facts of INSPECTION into findings about FILE. DOCUMENT (may be
 * NULL) is the document the file was assigned to: its pdf/image rules
 * decide page-count, page-size, text, blank-page, size and colour
 * findings; without it only document-independent findings are made
 * (inspection-failed, pdf-unreadable, pdf-encrypted, risk signals …). */
void bc_inspection_add_findings (const BcInspection *inspection,
                                 const BcDocument *document,
                                 const char *file,
                                 BcLang lang,
                                 const BcLimits *limits,
                                 GPtrArray *findings);

G_END_DECLS
