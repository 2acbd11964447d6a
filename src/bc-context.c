/* The context: which values the ruleset's variables take for one filing
 * (subject type, filing type, ...), and the conditions evaluated in it.
 *
 * Values come from the command line, typed by people who think in the
 * filing form's words: "企业", "4" (the numeric id the API uses) or
 * "Enterprise" must all mean the value id `enterprise`. */

#include <string.h>

#include "bc-ruleset.h"

/* the comparison key: NFKC (full-width digits and letters become ASCII,
 * "，" becomes ","), case-folded, surrounding white space dropped; NULL for
 * invalid UTF-8 */
static char *
bc_context_fold (const char *str)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  if (str == NULL || !g_utf8_validate (str, -1, NULL))
    return NULL;
  nfkc = g_utf8_normalize (str, -1, G_NORMALIZE_NFKC);
  if (nfkc == NULL)
    return NULL;
  folded = g_utf8_casefold (nfkc, -1);
  return g_strdup (g_strstrip (folded));
}

static gboolean
bc_context_spelling_matches (const char *spelling, const char *folded)
{
  g_autofree char *key = bc_context_fold (spelling);
  return key != NULL && g_strcmp0 (key, folded) == 0;
}

static const BcVarValue *
bc_context_find_value (const BcVariable *variable, const char *folded)
{
  for (guint i = 0; i < variable->values->len; i++) {
    const BcVarValue *value = g_ptr_array_index (variable->values, i);
    if (bc_context_spelling_matches (value->id, folded) ||
        bc_context_spelling_matches (value->name.zh, folded) ||
        bc_context_spelling_matches (value->name.en, folded))
      return value;
    for (guint j = 0; value->aliases != NULL && value->aliases[j] != NULL; j++) {
      if (bc_context_spelling_matches (value->aliases[j], folded))
        return value;
    }
  }
  return NULL;
}

static const BcVariable *
bc_context_find_variable (const BcRuleset *ruleset, const char *folded)
{
  for (guint i = 0; i < ruleset->variables->len; i++) {
    const BcVariable *variable = g_ptr_array_index (ruleset->variables, i);
    if (bc_context_spelling_matches (variable->id, folded))
      return variable;
  }
  return NULL;
}

static GPtrArray *
bc_context_values_new (const char *const *ids)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_ptr_array_add (values, g_strdup (ids[i]));
  return values;
}

BcContext *
bc_context_new (const BcRuleset *ruleset)
{
  BcContext *context;

  g_return_val_if_fail (ruleset != NULL, NULL);
  context = g_new0 (BcContext, 1);
  context->ruleset = ruleset;
  context->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  /* an optional variable without a default stays unset (absent here) */
  for (guint i = 0; i < ruleset->variables->len; i++) {
    const BcVariable *variable = g_ptr_array_index (ruleset->variables, i);
    if (variable->defaults == NULL)
      continue;
    g_hash_table_replace (context->values, g_strdup (variable->id),
                          bc_context_values_new ((const char *const *) variable->defaults));
  }
  return context;
}

void
bc_context_free (BcContext *context)
{
  if (context == NULL)
    return;
  g_hash_table_unref (context->values);
  g_free (context);
}

GPtrArray *
bc_context_get (const BcContext *context, const char *variable)
{
  g_return_val_if_fail (context != NULL, NULL);
  if (variable == NULL)
    return NULL;
  return g_hash_table_lookup (context->values, variable);
}

/* "enterprise (企业, 4), individual (个人, 5)": every value with the other
 * spellings a person might type, skipping ones that only differ in case */
static char *
bc_context_describe_values (const BcVariable *variable)
{
  GString *str = g_string_new (NULL);
  for (guint i = 0; i < variable->values->len; i++) {
    const BcVarValue *value = g_ptr_array_index (variable->values, i);
    g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) shown = g_ptr_array_new ();
    const char *candidates[3] = { value->name.zh, value->name.en, NULL };

    if (str->len > 0)
      g_string_append (str, ", ");
    g_string_append (str, value->id);
    g_ptr_array_add (seen, bc_context_fold (value->id));
    for (guint j = 0; j < 2; j++) {
      g_autofree char *key = bc_context_fold (candidates[j]);
      if (key == NULL || g_ptr_array_find_with_equal_func (seen, key, g_str_equal, NULL))
        continue;
      g_ptr_array_add (shown, (gpointer) candidates[j]);
      g_ptr_array_add (seen, g_steal_pointer (&key));
    }
    for (guint j = 0; value->aliases != NULL && value->aliases[j] != NULL; j++) {
      g_autofree char *key = bc_context_fold (value->aliases[j]);
      if (key == NULL || g_ptr_array_find_with_equal_func (seen, key, g_str_equal, NULL))
        continue;
      g_ptr_array_add (shown, value->aliases[j]);
      g_ptr_array_add (seen, g_steal_pointer (&key));
    }
    if (shown->len > 0) {
      g_string_append (str, " (");
      for (guint j = 0; j < shown->len; j++)
        g_string_append_printf (str, "%s%s", j > 0 ? ", " : "", (const char *) g_ptr_array_index (shown, j));
      g_string_append (str, ")");
    }
  }
  return g_string_free (str, FALSE);
}

static char *
bc_context_describe_variables (const BcRuleset *ruleset)
{
  GString *str = g_string_new (NULL);
  for (guint i = 0; i < ruleset->variables->len; i++) {
    const BcVariable *variable = g_ptr_array_index (ruleset->variables, i);
    g_string_append_printf (str, "%s%s", str->len > 0 ? ", " : "", variable->id);
  }
  if (str->len == 0)
    g_string_append (str, "(none)");
  return g_string_free (str, FALSE);
}

static gboolean
bc_context_is_separator (gunichar c)
{
  /* NFKC already made "，" a ","; the enumeration comma 、 has no
   * compatibility mapping but is what a Chinese keyboard types in a list */
  return c == ',' || c == 0x3001;
}

/* split a folded list value into its items; empty items are dropped */
static GPtrArray *
bc_context_split (const char *folded)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  const char *start = folded;
  for (const char *p = folded;; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (c == 0 || bc_context_is_separator (c)) {
      g_autofree char *item = g_strndup (start, p - start);
      g_strstrip (item);
      if (item[0] != '\0')
        g_ptr_array_add (items, g_steal_pointer (&item));
      if (c == 0)
        break;
      start = g_utf8_next_char (p);
    }
  }
  return items;
}

gboolean
bc_context_set (BcContext *context, const char *assignment, GError **error)
{
  const char *eq;
  const BcVariable *variable;
  g_autofree char *name = NULL;
  g_autofree char *name_folded = NULL;
  g_autofree char *value_folded = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (context != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);

  if (!g_utf8_validate (assignment, -1, NULL)) {
    g_set_error_literal (error, BC_ERROR, BC_ERROR_USAGE, "context assignment is not valid UTF-8");
    return FALSE;
  }
  /* "＝" typed on a Chinese keyboard is accepted via NFKC below, so look
   * for the separator after folding */
  {
    g_autofree char *folded = bc_context_fold (assignment);
    if (folded == NULL || (eq = strchr (folded, '=')) == NULL) {
      g_autofree char *vars = bc_context_describe_variables (context->ruleset);
      g_set_error (error, BC_ERROR, BC_ERROR_USAGE,
                   "expected VARIABLE=VALUE, not '%s'; variables: %s", assignment, vars);
      return FALSE;
    }
    name = g_strndup (folded, eq - folded);
    g_strstrip (name);
    value_folded = g_strdup (eq + 1);
    g_strstrip (value_folded);
  }
  name_folded = bc_context_fold (name);
  variable = bc_context_find_variable (context->ruleset, name_folded);
  if (variable == NULL) {
    g_autofree char *vars = bc_context_describe_variables (context->ruleset);
    g_set_error (error, BC_ERROR, BC_ERROR_USAGE, "unknown variable '%s'; variables: %s", name, vars);
    return FALSE;
  }

  if (variable->is_list) {
    /* "none" or nothing at all is the empty set */
    if (value_folded[0] == '\0' || g_strcmp0 (value_folded, "none") == 0) {
      g_hash_table_replace (context->values, g_strdup (variable->id), g_steal_pointer (&ids));
      return TRUE;
    }
    items = bc_context_split (value_folded);
  } else {
    /* an optional variable can be returned to "unset" with an empty value */
    if (value_folded[0] == '\0' && variable->optional) {
      g_hash_table_remove (context->values, variable->id);
      return TRUE;
    }
    items = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (items, g_strdup (value_folded));
  }

  for (guint i = 0; i < items->len; i++) {
    const char *item = g_ptr_array_index (items, i);
    const BcVarValue *value = bc_context_find_value (variable, item);
    if (value == NULL) {
      g_autofree char *allowed = bc_context_describe_values (variable);
      g_set_error (error, BC_ERROR, BC_ERROR_USAGE, "unknown value '%s' for %s; allowed: %s",
                   item, variable->id, allowed);
      return FALSE;
    }
    if (!g_ptr_array_find_with_equal_func (ids, value->id, g_str_equal, NULL))
      g_ptr_array_add (ids, g_strdup (value->id));
  }
  /* setting a variable again replaces it, list or not */
  g_hash_table_replace (context->values, g_strdup (variable->id), g_steal_pointer (&ids));
  return TRUE;
}

static gboolean
bc_term_eval (const BcTerm *term, const BcContext *context)
{
  GPtrArray *values = bc_context_get (context, term->variable);
  gboolean hit = FALSE;

  /* an unset optional variable satisfies no value: the term fails, and
   * its negation holds */
  if (values == NULL)
    return term->negate;
  for (guint i = 0; !hit && term->values != NULL && term->values[i] != NULL; i++)
    hit = g_ptr_array_find_with_equal_func (values, term->values[i], g_str_equal, NULL);
  return hit != term->negate;
}

gboolean
bc_condition_eval (const BcCondition *condition, const BcContext *context)
{
  g_return_val_if_fail (context != NULL, FALSE);
  if (condition == NULL)
    return FALSE;
  for (guint i = 0; i < condition->clauses->len; i++) {
    const BcClause *clause = g_ptr_array_index (condition->clauses, i);
    gboolean holds = TRUE;
    for (guint j = 0; holds && j < clause->terms->len; j++)
      holds = bc_term_eval (g_ptr_array_index (clause->terms, j), context);
    if (holds)
      return TRUE;
  }
  return FALSE;
}
