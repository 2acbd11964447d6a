/* The ruleset model: what a filing requires, as loaded from YAML by
 * bc-ruleset.c. The format is described in docs/ruleset-format.md. Every
 * struct here is owned by its BcRuleset and read-only once loaded. */
#pragma once

#include "bundlecheck.h"

G_BEGIN_DECLS

/* a display string in both report languages; either may be NULL in the
 * file, bc_text_get() falls back to the other */
typedef struct {
  char *zh;
  char *en;
} BcText;

const char *bc_text_get (const BcText *text, BcLang lang);

typedef struct {
  char *id;        /* kebab-case, the canonical value */
  BcText name;
  char **aliases;  /* NULL-terminated; numeric ids and other spellings */
} BcVarValue;

typedef struct {
  char *id;             /* kebab-case */
  BcText name;
  BcText description;
  gboolean is_list;     /* a set of values (e.g. pre-approval categories) */
  gboolean optional;    /* may be left unset (no default, no value) */
  GPtrArray *values;    /* BcVarValue* */
  char **defaults;      /* NULL-terminated value ids; empty for a list means "none" */
} BcVariable;

/* A condition is an OR of clauses; a clause is an AND of terms. A term holds
 * when the variable's value is one of VALUES (for a list variable: when any
 * of VALUES is in the list), negated by NEGATE. A term on an optional
 * variable that is unset never holds (negated: always holds). */
typedef struct {
  char *variable;
  char **values;   /* NULL-terminated value ids */
  gboolean negate;
} BcTerm;

typedef struct {
  GPtrArray *terms;  /* BcTerm*; empty = true */
} BcClause;

typedef struct {
  GPtrArray *clauses; /* BcClause*; empty = false ("never") */
} BcCondition;

/* one bound with its own severity */
typedef struct {
  gboolean set;
  guint64 value;
  BcSeverity severity;
} BcBound;

typedef struct {
  guint page;          /* 1-based; 0 = anywhere in the document */
  char **any_of;       /* NULL-terminated phrases; one must appear */
  BcSeverity severity;
} BcTextRule;

typedef struct {
  BcBound min_pages;
  BcBound max_pages;
  char **page_sizes;           /* NULL or names: A4, A5, A3, Letter, Legal */
  double page_size_tolerance_mm;
  BcSeverity page_size_severity;
  GPtrArray *required_text;    /* BcTextRule* */
  gboolean forbid_blank_pages;
  BcSeverity blank_page_severity;
} BcPdfRules;

typedef struct {
  guint min_long_side;         /* pixels, either orientation; 0 = unset */
  guint min_short_side;
  BcSeverity size_severity;
  gboolean require_color;
  BcSeverity color_severity;
} BcImageRules;

/* a type that is accepted but gets a finding (e.g. a PDF that must be
 * converted to an image before upload) */
typedef struct {
  char *type;
  BcSeverity severity;
  BcText message;
} BcTypeNote;

typedef struct {
  char *id;               /* kebab-case, stable */
  BcText name;
  BcText description;     /* what it is for */
  BcText hint;            /* how to obtain or fix it */
  char *source;           /* citation: field path, page, reference section */
  char **fields;          /* official request fields this document feeds */
  BcCondition *required_when;  /* NULL = never required */
  BcCondition *allowed_when;   /* NULL = allowed whenever required, else always */
  guint min_files;        /* when required; >= 1 */
  guint max_files;        /* 0 = unbounded */
  char **types;           /* accepted type names (bc-identify.h); NULL = any */
  GPtrArray *type_notes;  /* BcTypeNote* */
  BcBound min_bytes;
  BcBound max_bytes;
  char *share_group;      /* documents with the same group may be fed by one file */
  GPtrArray *match_all_of; /* char** (NULL-terminated keyword groups); each group must hit */
  char **match_none_of;   /* no keyword here may appear */
  BcPdfRules pdf;
  BcImageRules image;
} BcDocument;

/* a context-level note: when WHEN holds, the report carries this finding */
typedef struct {
  char *code;
  BcCondition *when;
  BcSeverity severity;
  BcText message;
  char *source;
} BcNotice;

struct _BcRuleset {
  char *path;           /* file it came from (display) */
  char *name;
  char *version;
  char *updated;        /* YYYY-MM-DD */
  BcText title;
  char *source;
  GPtrArray *variables; /* BcVariable* */
  GPtrArray *documents; /* BcDocument* */
  GPtrArray *notices;   /* BcNotice* */
  GHashTable *limits;   /* limit name -> guint64* overriding the defaults */
};

const BcVariable *bc_ruleset_get_variable (const BcRuleset *ruleset, const char *id);
const BcDocument *bc_ruleset_get_document (const BcRuleset *ruleset, const char *id);
/* apply the ruleset's limit overrides on top of LIMITS */
void bc_ruleset_apply_limits (const BcRuleset *ruleset, BcLimits *limits);

struct _BcContext {
  const BcRuleset *ruleset;
  GHashTable *values;   /* variable id -> GPtrArray of value ids (char*); defaults applied */
};

/* the value ids of VARIABLE in CONTEXT (never NULL for a declared variable
 * with a default; NULL for an unset optional one) */
GPtrArray *bc_context_get (const BcContext *context, const char *variable);
gboolean bc_condition_eval (const BcCondition *condition, const BcContext *context);

typedef enum {
  BC_DOC_REQUIRED,
  BC_DOC_OPTIONAL,
  BC_DOC_NOT_APPLICABLE,
} BcDocApplicability;

BcDocApplicability bc_document_applicability (const BcDocument *document, const BcContext *context);

G_END_DECLS
