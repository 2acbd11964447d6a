/* bundlecheck — judge a ZIP of filing attachments against a ruleset.
 *
 * This is the one public header of libbundlecheck. Everything a pipeline
 * embeds (open a ruleset, set its context, check a bundle, render a report)
 * is here; the CLI in src/cli/ uses nothing else.
 *
 * Two channels, never mixed: an operational failure (cannot read the bundle
 * file, out of memory, bad ruleset, bad usage) is a GError in BC_ERROR; a
 * problem with the user's bundle is a BcFinding in the report.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BC_ERROR (bc_error_quark ())
GQuark bc_error_quark (void);

typedef enum {
  BC_ERROR_FAILED,  /* anything else */
  BC_ERROR_IO,      /* a path or stream the tool could not read */
  BC_ERROR_RULESET, /* ruleset syntax or semantics; message names file:line:column */
  BC_ERROR_USAGE,   /* unknown context variable or value, bad limit name */
} BcError;

typedef enum {
  BC_LANG_EN,
  BC_LANG_ZH,
} BcLang;

/* pick the message for the report language; both arguments are literals so
 * the compiler still checks them as printf formats */
#define BC_TR(lang, en, zh) ((lang) == BC_LANG_ZH ? (zh) : (en))

typedef enum {
  BC_SEVERITY_INFO,
  BC_SEVERITY_WARNING,
  BC_SEVERITY_ERROR,
} BcSeverity;

const char *bc_severity_to_string (BcSeverity severity);
gboolean bc_severity_from_string (const char *str, BcSeverity *out);

/* ------------------------------------------------------------------------ */
/* Limits: every bound on work the tool does for untrusted input, in one
 * place. Defaults and their reasons are in docs/security.md and in
 * bc_limits_describe(). A limit that is hit is a finding, never a crash. */

typedef struct {
  guint64 max_bundle_bytes;      /* size of the ZIP itself */
  guint64 max_entries;           /* from the EOCD record, before libzip loads the directory */
  guint64 max_entry_bytes;       /* uncompressed bytes of one entry, counted while reading */
  guint64 max_total_bytes;       /* uncompressed bytes of all entries together */
  guint64 max_ratio;             /* uncompressed / compressed size of one entry */
  guint64 max_name_bytes;        /* raw length of one entry name */
  guint64 max_pdf_pages;         /* pages inspected in one PDF */
  guint64 inspect_cpu_seconds;   /* CPU time of one inspection child */
  guint64 inspect_wall_seconds;  /* wall-clock time of one inspection child */
  guint64 inspect_memory_bytes;  /* address space of one inspection child */
} BcLimits;

typedef struct {
  const char *name;        /* kebab-case, as accepted by bc_limits_set() */
  gsize offset;            /* into BcLimits */
  guint64 default_value;
  const char *unit;        /* "bytes", "entries", "seconds", "pages", "ratio" */
  const char *reason;      /* why this default */
} BcLimitInfo;

void bc_limits_init (BcLimits *limits);
const BcLimitInfo *bc_limits_describe (guint *n_limits);
guint64 bc_limits_get (const BcLimits *limits, const char *name);
/* "NAME=VALUE" with K/M/G suffixes for byte limits */
G_GNUC_WARN_UNUSED_RESULT
gboolean bc_limits_set (BcLimits *limits, const char *assignment, GError **error);

/* ------------------------------------------------------------------------ */
/* Findings */

typedef struct {
  char *code;          /* stable kebab-case code, see docs/findings.md */
  BcSeverity severity;
  char *document;      /* document id or NULL */
  char *file;          /* path in the bundle or NULL */
  gint page;           /* 1-based page or 0 for none */
  char *message;       /* what is wrong, in the report language */
  char *hint;          /* what to do about it, or NULL */
  char *source;        /* citation of the rule behind the finding, or NULL */
} BcFinding;

BcFinding *bc_finding_new (const char *code,
                           BcSeverity severity,
                           const char *document,
                           const char *file,
                           gint page,
                           const char *message,
                           const char *hint);
void bc_finding_free (BcFinding *finding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcFinding, bc_finding_free)

/* ------------------------------------------------------------------------ */
/* Rulesets and context */

typedef struct _BcRuleset BcRuleset;
typedef struct _BcContext BcContext;

/* NAME is a shipped ruleset's name or a path to a .yaml file. Shipped
 * rulesets are looked up in $BUNDLECHECK_RULESET_PATH, the installed data
 * dir and the source tree. */
G_GNUC_WARN_UNUSED_RESULT
BcRuleset *bc_ruleset_open (const char *name_or_path, GError **error);
G_GNUC_WARN_UNUSED_RESULT
BcRuleset *bc_ruleset_load_file (const char *path, GError **error);
G_GNUC_WARN_UNUSED_RESULT
BcRuleset *bc_ruleset_load_data (const char *data, gsize len, const char *display_name, GError **error);
void bc_ruleset_free (BcRuleset *ruleset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcRuleset, bc_ruleset_free)

/* names of the shipped rulesets found on the search path; free with g_strfreev */
char **bc_ruleset_list_shipped (void);

/* a person's summary of the ruleset: identity, context variables with
 * their values, aliases and defaults, and every document with the
 * conditions under which it is required */
char *bc_ruleset_describe (const BcRuleset *ruleset, BcLang lang);

/* every problem in the file, one "file:line:column: message" per line;
 * returns TRUE when there are none. Fails only when the file cannot be read. */
G_GNUC_WARN_UNUSED_RESULT
gboolean bc_ruleset_lint (const char *path, GPtrArray **problems, GError **error);

BcContext *bc_context_new (const BcRuleset *ruleset);
void bc_context_free (BcContext *context);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcContext, bc_context_free)
/* set "VAR=VALUE" (list values comma-separated); values may be ids, aliases,
 * zh/en display names or numeric ids the ruleset declares. An unknown
 * variable or value is a BC_ERROR_USAGE listing the allowed ones. */
G_GNUC_WARN_UNUSED_RESULT
gboolean bc_context_set (BcContext *context, const char *assignment, GError **error);

/* ------------------------------------------------------------------------ */
/* Checking */

typedef enum {
  BC_ISOLATION_CHILD,      /* inspect untrusted files in a resource-limited child (default) */
  BC_ISOLATION_IN_PROCESS, /* no isolation: faster, unsafe for untrusted input */
} BcIsolation;

typedef struct {
  BcLimits limits;
  BcLang lang;
  BcIsolation isolation;
  /* inspection children running at once while the next entries are read
   * (1 = one at a time, as before; 0 counts as 1; in-process inspection
   * is always one at a time). Findings keep archive order whatever it is. */
  guint max_parallel;
} BcCheckOptions;

/* defaults: built-in limits, English, child isolation, max_parallel =
 * online CPUs, at most 4 */
void bc_check_options_init (BcCheckOptions *options);
/* apply the ruleset's own limit overrides; call before any caller's own
 * bc_limits_set() so an operator's explicit limit wins */
void bc_check_options_apply_ruleset (BcCheckOptions *options, const BcRuleset *ruleset);

typedef struct _BcReport BcReport;

/* Judge one bundle. BUNDLE holds the whole ZIP (used for stdin); FD is a
 * readable, seekable file descriptor (not closed). DISPLAY_PATH is what the
 * report calls the bundle. Returns NULL with ERROR only when the tool could
 * not judge (I/O); a file that is not a ZIP gets a report with an
 * archive-unreadable finding. */
G_GNUC_WARN_UNUSED_RESULT
BcReport *bc_check_bytes (const BcRuleset *ruleset,
                          const BcContext *context,
                          const BcCheckOptions *options,
                          GBytes *bundle,
                          const char *display_path,
                          GError **error);
G_GNUC_WARN_UNUSED_RESULT
BcReport *bc_check_fd (const BcRuleset *ruleset,
                       const BcContext *context,
                       const BcCheckOptions *options,
                       int fd,
                       const char *display_path,
                       GError **error);
void bc_report_free (BcReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcReport, bc_report_free)

gboolean bc_report_passed (const BcReport *report, BcSeverity fail_on);
guint bc_report_count (const BcReport *report, BcSeverity severity);
/* GPtrArray of BcFinding*, owned by the report */
GPtrArray *bc_report_get_findings (const BcReport *report);

typedef enum {
  BC_FORMAT_TEXT,
  BC_FORMAT_JSON,
  BC_FORMAT_MARKDOWN, /* checklist only */
} BcFormat;

typedef struct {
  BcLang lang;
  gboolean color;      /* ANSI colour in text output */
  BcSeverity fail_on;  /* what makes the verdict "fail" */
} BcRenderOptions;

/* JSON: one object without a trailing newline (the CLI writes JSON Lines) */
char *bc_report_render (const BcReport *report, BcFormat format, const BcRenderOptions *options);

/* the documents required and allowed in CONTEXT: text, JSON or Markdown */
char *bc_checklist_render (const BcRuleset *ruleset,
                           const BcContext *context,
                           BcFormat format,
                           const BcRenderOptions *options);

const char *bc_version (void);

G_END_DECLS
