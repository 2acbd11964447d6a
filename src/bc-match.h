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

/* A ruleset's keywords, normalised once: matching a bundle compares every
 * file with every keyword of every document. Borrows RULESET. */
typedef struct _BcMatcher BcMatcher;

BcMatcher *bc_matcher_new (const BcRuleset *ruleset);
void bc_matcher_free (BcMatcher *matcher);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcMatcher, bc_matcher_free)

/* Match PATH (decoded bundle path) against the documents in CONTEXT. TYPE
 * (content type, may be NULL) breaks ties between candidates of which only
 * some accept it. Free with bc_match_clear(). */
void bc_matcher_match (const BcMatcher *matcher,
                       const BcContext *context,
                       const char *path,
                       const char *type,
                       BcMatch *match);
void bc_match_clear (BcMatch *match);

G_END_DECLS
