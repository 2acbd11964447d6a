/* `bundlecheck ruleset show`: a ruleset summarised for the person who
 * has to choose the -s settings or review the rules. */
#include "bc-ruleset.h"

static void
append_condition (GString *out, const BcCondition *condition, const char *if_null)
{
  if (condition == NULL) {
    g_string_append (out, if_null);
    return;
  }
  if (condition->clauses->len == 0) {
    g_string_append (out, "never");
    return;
  }
  for (guint c = 0; c < condition->clauses->len; c++) {
    const BcClause *clause = g_ptr_array_index (condition->clauses, c);
    if (c > 0)
      g_string_append (out, " OR ");
    if (clause->terms->len == 0)
      g_string_append (out, "always");
    for (guint t = 0; t < clause->terms->len; t++) {
      const BcTerm *term = g_ptr_array_index (clause->terms, t);
      g_autofree char *values = g_strjoinv ("|", term->values);
      g_string_append_printf (out, "%s%s%s%s", t > 0 ? " AND " : "", term->variable,
                              term->negate ? "!=" : "=", values);
    }
  }
}

static void
append_text (GString *out, const BcText *text)
{
  if (text->zh != NULL && text->en != NULL)
    g_string_append_printf (out, "%s / %s", text->zh, text->en);
  else
    g_string_append (out, text->zh != NULL ? text->zh : (text->en != NULL ? text->en : ""));
}

char *
bc_ruleset_describe (const BcRuleset *ruleset, BcLang lang)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s %s (%s %s)\n", ruleset->name, ruleset->version,
                          BC_TR (lang, "updated", "更新于"), ruleset->updated);
  append_text (out, &ruleset->title);
  g_string_append_printf (out, "\n%s: %s\n\n", BC_TR (lang, "source", "来源"),
                          ruleset->source != NULL ? ruleset->source : "-");

  g_string_append (out, BC_TR (lang, "Context variables (-s VAR=VALUE):\n", "备案情形变量（-s 变量=值）：\n"));
  for (guint i = 0; i < ruleset->variables->len; i++) {
    const BcVariable *var = g_ptr_array_index (ruleset->variables, i);
    g_autofree char *defaults = var->defaults != NULL ? g_strjoinv (",", var->defaults) : g_strdup ("");

    g_string_append_printf (out, "  %s  ", var->id);
    append_text (out, &var->name);
    g_string_append_printf (out, "  [%s%s: %s]\n", var->is_list ? BC_TR (lang, "list, ", "可多选，") : "",
                            BC_TR (lang, "default", "默认"),
                            var->optional && *defaults == '\0' ? BC_TR (lang, "unset", "不设置")
                            : *defaults == '\0'               ? BC_TR (lang, "none", "无")
                                                              : defaults);
    for (guint j = 0; j < var->values->len; j++) {
      const BcVarValue *value = g_ptr_array_index (var->values, j);
      g_string_append_printf (out, "      %-22s ", value->id);
      append_text (out, &value->name);
      if (value->aliases != NULL && value->aliases[0] != NULL) {
        g_autofree char *aliases = g_strjoinv (", ", value->aliases);
        g_string_append_printf (out, "  (%s)", aliases);
      }
      g_string_append_c (out, '\n');
    }
  }

  g_string_append (out, BC_TR (lang, "\nDocuments:\n", "\n材料：\n"));
  for (guint i = 0; i < ruleset->documents->len; i++) {
    const BcDocument *doc = g_ptr_array_index (ruleset->documents, i);
    g_autofree char *types = doc->types != NULL ? g_strjoinv (", ", doc->types) : g_strdup ("*");

    g_string_append_printf (out, "  %s  ", doc->id);
    append_text (out, &doc->name);
    g_string_append_printf (out, "\n      %s ", BC_TR (lang, "required when:", "必需条件："));
    append_condition (out, doc->required_when, "never");
    g_string_append_printf (out, "\n      %s ", BC_TR (lang, "allowed when:", "允许条件："));
    append_condition (out, doc->allowed_when, doc->required_when != NULL ? "never" : "always");
    if (doc->max_files > 0)
      g_string_append_printf (out, "\n      %s %u..%u; ", BC_TR (lang, "files:", "文件数："), doc->min_files, doc->max_files);
    else
      g_string_append_printf (out, "\n      %s %u..; ", BC_TR (lang, "files:", "文件数："), doc->min_files);
    g_string_append_printf (out, "%s %s\n", BC_TR (lang, "types:", "类型："), types);
    g_string_append_printf (out, "      %s %s\n", BC_TR (lang, "source:", "来源："), doc->source);
  }
  return g_string_free (out, FALSE);
}
