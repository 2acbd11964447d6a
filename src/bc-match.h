/* Assigning files to the documents a ruleset requires, by name. Users name
 * files in Chinese or English, in folders, with full-width characters and
 * "(1)" copies; matching folds all of that away before comparing keywords.
 * The algorithm is described in docs/ruleset-format.md. */
#pragma once

#include "bc-ruleset.h"

G_BEGIN_DECLS

/* the normalised form both paths and keywords are compared in: NFKC,
 * case-folded, separators and copy suffixes removed; the extension of a
 * path is dropped when STRIP_EXTENSION */
char *bc_match_key (const char *text, gboolean strip_extension);

typedef enum {
  BC_MATCH_NONE,        /* no applicable document recognises the name */
  BC_MATCH_ASSIGNED,    /* documents holds the one document (or one share group) */
  BC_MATCH_AMBIGUOUS,   /* documents holds the tied candidates */
  BC_MATCH_NOT_NEEDED,  /* only not-applicable documents recognise it; documents holds them */
} BcMatchKind;

typedef struct {
  BcMatchKind kind;
  GPtrArray *documents; /* const BcDocument*, borrowed from the ruleset */
  guint score;
} BcMatch;

/* Match PATH (decoded bundle path) against the documents of RULESET in
 * CONTEXT. TYPE (content type, may be NULL) breaks ties between candidates
 * of which only some accept it. Free with bc_match_clear(). */
void bc_match_file (const BcRuleset *ruleset,
                    const BcContext *context,
                    const char *path,
                    const char *type,
                    BcMatch *match);
void bc_match_clear (BcMatch *match);

G_END_DECLS
