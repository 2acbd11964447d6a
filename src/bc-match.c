#include <string.h>

#include "bc-match.h"

/* separators people put between words of a file name, in both widths
 * (after NFKC most full-width forms are already ASCII) */
static gboolean
is_separator (gunichar c)
{
  switch (c) {
  case ' ': case '_': case '-': case '.': case '(': case ')': case '[': case ']':
  case '{': case '}': case '+': case ',': case '&': case '#': case '~': case '\'':
  case 0x3000: /* ideographic space */
  case 0x3001: /* 、 */
  case 0x3002: /* 。 */
  case 0x00B7: /* · */
  case 0x30FB: /* ・ */
  case 0x3010: case 0x3011: /* 【 】 */
  case 0x300A: case 0x300B: /* 《 》 */
  case 0x2014: case 0x2013: /* dashes */
    return TRUE;
  default:
    return g_unichar_isspace (c);
  }
}

/* Windows Explorer: "x - 副本", "x - Copy (2)"; browsers and phones:
 * "x(1)", "x (2)", "x（3）"; macOS: "x copy". The copy is the same
 * document, so the suffix must not decide matching. */
static char *
strip_copy_suffix (const char *base)
{
  static GRegex *copy_re = NULL;

  if (g_once_init_enter (&copy_re)) {
    GRegex *re = g_regex_new ("(\\s*-\\s*(副本|复制|拷贝|copy)(\\s*\\(\\d+\\))?"
                              "|\\s+copy(\\s+\\d+)?"
                              "|\\s*\\(\\d{1,3}\\))+$",
                              G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
    g_assert (re != NULL);
    g_once_init_leave (&copy_re, re);
  }
  return g_regex_replace_literal (copy_re, base, -1, 0, "", 0, NULL);
}

char *
bc_match_key (const char *text, gboolean strip_extension)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *work = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;
  GString *key;

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  /* NFKC first: full-width letters and brackets become ASCII, so "（1）"
   * is a copy suffix and "ＩＤ" matches "id" */
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return g_strdup ("");
  work = g_strdup (nfkc);
  if (strip_extension) {
    char *slash = strrchr (work, '/');
    char *dot = strrchr (slash != NULL ? slash + 1 : work, '.');
    if (dot != NULL && dot != (slash != NULL ? slash + 1 : work) && strlen (dot) <= 6)
      *dot = '\0';
  }
  stripped = strip_copy_suffix (work);
  folded = g_utf8_casefold (stripped != NULL ? stripped : work, -1);
  key = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (c == '/' || is_separator (c))
      continue;
    g_string_append_unichar (key, c);
  }
  return g_string_free (key, FALSE);
}

/* one keyword group, normalised, with each keyword's length in characters */
typedef struct {
  GPtrArray *keys;   /* char* */
  GArray *lengths;   /* guint */
} KeyGroup;

typedef struct {
  const BcDocument *document;
  GPtrArray *all_of; /* KeyGroup* */
  KeyGroup *none_of; /* NULL when the document has none */
} DocKeys;

struct _BcMatcher {
  const BcRuleset *ruleset;
  GPtrArray *docs;   /* DocKeys*, ruleset order */
};

static KeyGroup *
key_group_new (char *const *keywords)
{
  KeyGroup *group = g_new0 (KeyGroup, 1);

  group->keys = g_ptr_array_new_with_free_func (g_free);
  group->lengths = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++) {
    char *key = bc_match_key (keywords[i], FALSE);
    guint len = (guint) g_utf8_strlen (key, -1);
    if (len == 0) {
      g_free (key);
      continue; /* a keyword of separators only would match everything */
    }
    g_ptr_array_add (group->keys, key);
    g_array_append_val (group->lengths, len);
  }
  return group;
}

static void
key_group_free (KeyGroup *group)
{
  if (group == NULL)
    return;
  g_ptr_array_unref (group->keys);
  g_array_unref (group->lengths);
  g_free (group);
}

static void
doc_keys_free (DocKeys *dk)
{
  g_ptr_array_unref (dk->all_of);
  key_group_free (dk->none_of);
  g_free (dk);
}

BcMatcher *
bc_matcher_new (const BcRuleset *ruleset)
{
  BcMatcher *matcher = g_new0 (BcMatcher, 1);

  matcher->ruleset = ruleset;
  matcher->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) doc_keys_free);
  for (guint i = 0; i < ruleset->documents->len; i++) {
    const BcDocument *doc = g_ptr_array_index (ruleset->documents, i);
    DocKeys *dk = g_new0 (DocKeys, 1);

    dk->document = doc;
    dk->all_of = g_ptr_array_new_with_free_func ((GDestroyNotify) key_group_free);
    for (guint g = 0; doc->match_all_of != NULL && g < doc->match_all_of->len; g++)
      g_ptr_array_add (dk->all_of, key_group_new (g_ptr_array_index (doc->match_all_of, g)));
    if (doc->match_none_of != NULL)
      dk->none_of = key_group_new (doc->match_none_of);
    g_ptr_array_add (matcher->docs, dk);
  }
  return matcher;
}

void
bc_matcher_free (BcMatcher *matcher)
{
  if (matcher == NULL)
    return;
  g_ptr_array_unref (matcher->docs);
  g_free (matcher);
}

/* length, in characters, of the longest keyword of GROUP found in KEY; 0
 * when none is */
static guint
group_score (const char *key, const KeyGroup *group)
{
  guint best = 0;

  for (guint i = 0; i < group->keys->len; i++) {
    if (strstr (key, g_ptr_array_index (group->keys, i)) != NULL)
      best = MAX (best, g_array_index (group->lengths, guint, i));
  }
  return best;
}

/* 0 when the document does not recognise the name, else its score */
static guint
document_score (const DocKeys *dk, const char *key)
{
  guint score = 0;

  if (dk->all_of->len == 0)
    return 0;
  for (guint g = 0; g < dk->all_of->len; g++) {
    guint s = group_score (key, g_ptr_array_index (dk->all_of, g));
    if (s == 0)
      return 0;
    score += s;
  }
  if (dk->none_of != NULL && group_score (key, dk->none_of) > 0)
    return 0;
  return score;
}

static gboolean
document_accepts (const BcDocument *doc, const char *type)
{
  return type == NULL || doc->types == NULL || g_strv_contains ((const char *const *) doc->types, type);
}

/* among tied candidates, keep those that accept the content type, if that
 * leaves any */
static void
prefer_accepting (GPtrArray *candidates, const char *type)
{
  guint accepting = 0;

  for (guint i = 0; i < candidates->len; i++)
    accepting += document_accepts (g_ptr_array_index (candidates, i), type) ? 1 : 0;
  if (accepting == 0 || accepting == candidates->len)
    return;
  for (guint i = candidates->len; i > 0; i--) {
    if (!document_accepts (g_ptr_array_index (candidates, i - 1), type))
      g_ptr_array_remove_index (candidates, i - 1);
  }
}

static gboolean
same_share_group (GPtrArray *candidates)
{
  const BcDocument *first = g_ptr_array_index (candidates, 0);

  if (first->share_group == NULL)
    return FALSE;
  for (guint i = 1; i < candidates->len; i++) {
    const BcDocument *doc = g_ptr_array_index (candidates, i);
    if (g_strcmp0 (doc->share_group, first->share_group) != 0)
      return FALSE;
  }
  return TRUE;
}

/* the best-scoring documents among the applicable ones (APPLICABLE) or
 * among the not-applicable ones */
static guint
best_candidates (const BcMatcher *matcher,
                 const BcContext *context,
                 const char *key,
                 gboolean applicable,
                 GPtrArray *out)
{
  guint best = 0;

  for (guint i = 0; i < matcher->docs->len; i++) {
    const DocKeys *dk = g_ptr_array_index (matcher->docs, i);
    guint score = document_score (dk, key);

    if (score == 0 || score < best)
      continue;
    if ((bc_document_applicability (dk->document, context) != BC_DOC_NOT_APPLICABLE) != applicable)
      continue;
    if (score > best) {
      g_ptr_array_set_size (out, 0);
      best = score;
    }
    g_ptr_array_add (out, (gpointer) dk->document);
  }
  return best;
}

void
bc_matcher_match (const BcMatcher *matcher,
                  const BcContext *context,
                  const char *path,
                  const char *type,
                  BcMatch *match)
{
  g_autofree char *key = bc_match_key (path, TRUE);

  memset (match, 0, sizeof (*match));
  match->documents = g_ptr_array_new ();
  match->score = best_candidates (matcher, context, key, TRUE, match->documents);
  if (match->documents->len == 0) {
    match->score = best_candidates (matcher, context, key, FALSE, match->documents);
    match->kind = match->documents->len > 0 ? BC_MATCH_NOT_NEEDED : BC_MATCH_NONE;
    return;
  }
  if (match->documents->len > 1)
    prefer_accepting (match->documents, type);
  if (match->documents->len == 1 || same_share_group (match->documents))
    match->kind = BC_MATCH_ASSIGNED;
  else
    match->kind = BC_MATCH_AMBIGUOUS;
}

void
bc_match_clear (BcMatch *match)
{
  g_clear_pointer (&match->documents, g_ptr_array_unref);
}
