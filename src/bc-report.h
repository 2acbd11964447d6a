/* The report of one bundle: built by bc-check.c, rendered by
 * bc-report-json.c and bc-report-text.c. */
#pragma once

#include "bc-archive.h"
#include "bc-inspect.h"
#include "bc-ruleset.h"

G_BEGIN_DECLS

typedef enum {
  BC_DOC_STATUS_PRESENT,        /* required or optional, has valid files */
  BC_DOC_STATUS_MISSING,        /* required, no file (or too few) */
  BC_DOC_STATUS_INVALID,        /* has files, but one has an error finding */
  BC_DOC_STATUS_OPTIONAL,       /* optional, no file */
  BC_DOC_STATUS_NOT_APPLICABLE, /* not asked for in this context */
} BcDocStatus;

const char *bc_doc_status_to_string (BcDocStatus status);

typedef struct {
  char *path;               /* in the bundle, decoded, wrapper removed */
  char *archive_path;       /* as stored */
  BcNameEncoding encoding;
  char *type;               /* detected by content, bc-identify.h name; NULL if unread */
  char *mime;               /* libmagic MIME type, or NULL */
  char *extension_type;     /* type implied by the extension, or NULL */
  guint64 size;             /* bytes actually read (declared size if unread) */
  guint64 compressed_size;
  char *sha256;             /* of the content, or NULL if unread */
  gboolean skipped;         /* system file, not judged */
  GPtrArray *documents;     /* char* document ids this file was assigned to */
  BcInspection *inspection; /* NULL when not inspected */
} BcFileRecord;

typedef struct {
  const BcDocument *document;  /* owned by the ruleset */
  BcDocApplicability applicability;
  BcDocStatus status;
  GPtrArray *files;            /* char* paths */
} BcDocRecord;

struct _BcReport {
  char *tool_version;
  char *ruleset_name;
  char *ruleset_version;
  char *ruleset_updated;
  const BcRuleset *ruleset;    /* borrowed: must outlive the report's rendering */
  GPtrArray *context;          /* char* "var=value[,value]" in ruleset order */
  GHashTable *context_values;  /* var id -> GPtrArray of value ids (copy) */
  char *bundle_path;
  guint64 bundle_size;
  char *bundle_sha256;
  guint64 entry_count;
  BcLimits limits;             /* in force for this bundle */
  GPtrArray *documents;        /* BcDocRecord*, ruleset order */
  GPtrArray *files;            /* BcFileRecord*, archive order */
  GPtrArray *findings;         /* BcFinding*, in the order found */
};

/* bc-report-json.c */
char *bc_report_render_json (const BcReport *report, const BcRenderOptions *options);
/* bc-report-text.c */
char *bc_report_render_text (const BcReport *report, const BcRenderOptions *options);

G_END_DECLS
