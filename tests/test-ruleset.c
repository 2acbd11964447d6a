/* Tests for the ruleset loader (bc-ruleset.c) and the context (bc-context.c):
 * the worked example loads into the model it describes, every bad ruleset
 * in tests/ruleset-lint/ is refused at the right line and column, and the
 * context resolves the spellings people type. */

#include <string.h>

#include "bc-ruleset.h"

static char *
test_ruleset_dir (void)
{
  const char *env = g_getenv ("BUNDLECHECK_RULESET_PATH");
  if (env != NULL && env[0] != '\0') {
    g_auto(GStrv) parts = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, 2);
    return g_strdup (parts[0]);
  }
  return g_build_filename (BC_TEST_DATA, "..", "rulesets", NULL);
}

static BcRuleset *
test_load_example (void)
{
  g_autofree char *dir = test_ruleset_dir ();
  g_autofree char *path = g_build_filename (dir, "example-generic.yaml", NULL);
  g_autoptr(GError) error = NULL;
  BcRuleset *ruleset = bc_ruleset_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ruleset);
  return ruleset;
}

static const BcTerm *
test_single_term (const BcCondition *condition)
{
  const BcClause *clause;
  g_assert_nonnull (condition);
  g_assert_cmpuint (condition->clauses->len, ==, 1);
  clause = g_ptr_array_index (condition->clauses, 0);
  g_assert_cmpuint (clause->terms->len, ==, 1);
  return g_ptr_array_index (clause->terms, 0);
}

static void
test_assert_always (const BcCondition *condition)
{
  const BcClause *clause;
  g_assert_nonnull (condition);
  g_assert_cmpuint (condition->clauses->len, ==, 1);
  clause = g_ptr_array_index (condition->clauses, 0);
  g_assert_cmpuint (clause->terms->len, ==, 0);
}

static void
test_example_model (void)
{
  g_autoptr(BcRuleset) ruleset = test_load_example ();
  const BcVariable *applicant, *extras;
  const BcVarValue *value;
  const BcDocument *doc;
  const BcNotice *notice;
  const BcTerm *term;
  const BcTextRule *rule;
  const guint64 *limit;
  const char *const doc_ids[] = { "application-form", "id-card-front", "id-card-back",
                                  "company-certificate", "letter", "photos", "other" };

  g_assert_cmpstr (ruleset->name, ==, "example-generic");
  g_assert_cmpstr (ruleset->version, ==, "1.0.0");
  g_assert_cmpstr (ruleset->updated, ==, "2025-01-15");
  g_assert_cmpstr (ruleset->source, ==, "example, not a real filing");
  g_assert_cmpstr (bc_text_get (&ruleset->title, BC_LANG_EN), ==, "Generic example application bundle");
  g_assert_cmpstr (bc_text_get (&ruleset->title, BC_LANG_ZH), ==, "通用示例申请材料");
  g_assert_true (g_str_has_suffix (ruleset->path, "example-generic.yaml"));

  /* variables */
  g_assert_cmpuint (ruleset->variables->len, ==, 2);
  applicant = bc_ruleset_get_variable (ruleset, "applicant");
  g_assert_nonnull (applicant);
  g_assert_false (applicant->is_list);
  g_assert_false (applicant->optional);
  g_assert_cmpstrv (applicant->defaults, ((const char *const[]) { "person", NULL }));
  g_assert_cmpuint (applicant->values->len, ==, 2);
  value = g_ptr_array_index (applicant->values, 0);
  g_assert_cmpstr (value->id, ==, "person");
  g_assert_cmpstr (value->name.zh, ==, "个人");
  g_assert_true (g_strv_contains ((const char *const *) value->aliases, "1"));
  value = g_ptr_array_index (applicant->values, 1);
  g_assert_cmpstr (value->id, ==, "company");
  g_assert_cmpstr (value->name.zh, ==, "公司");
  g_assert_true (g_strv_contains ((const char *const *) value->aliases, "2"));
  extras = bc_ruleset_get_variable (ruleset, "extras");
  g_assert_nonnull (extras);
  g_assert_true (extras->is_list);
  g_assert_nonnull (extras->defaults);
  g_assert_null (extras->defaults[0]);
  g_assert_cmpuint (extras->values->len, ==, 2);
  g_assert_null (bc_ruleset_get_variable (ruleset, "nope"));

  /* documents, in file order, each with a source */
  g_assert_cmpuint (ruleset->documents->len, ==, G_N_ELEMENTS (doc_ids));
  for (guint i = 0; i < G_N_ELEMENTS (doc_ids); i++) {
    doc = g_ptr_array_index (ruleset->documents, i);
    g_assert_cmpstr (doc->id, ==, doc_ids[i]);
    g_assert_cmpstr (doc->source, ==, "example, not a real filing");
    g_assert_true (bc_ruleset_get_document (ruleset, doc_ids[i]) == doc);
  }

  doc = bc_ruleset_get_document (ruleset, "application-form");
  test_assert_always (doc->required_when);
  g_assert_null (doc->allowed_when);
  g_assert_cmpstrv (doc->types, ((const char *const[]) { "pdf", NULL }));
  g_assert_cmpuint (doc->min_files, ==, 1);
  g_assert_cmpuint (doc->max_files, ==, 1);
  g_assert_true (doc->pdf.min_pages.set);
  g_assert_cmpuint (doc->pdf.min_pages.value, ==, 1);
  g_assert_true (doc->pdf.max_pages.set);
  g_assert_cmpuint (doc->pdf.max_pages.value, ==, 3);
  g_assert_cmpint (doc->pdf.max_pages.severity, ==, BC_SEVERITY_ERROR);
  g_assert_cmpuint (doc->match_all_of->len, ==, 1);
  g_assert_cmpstrv (g_ptr_array_index (doc->match_all_of, 0),
                    ((const char *const[]) { "申请表", "application form", "application-form", "application", NULL }));
  g_assert_null (doc->match_none_of);
  g_assert_cmpstr (bc_text_get (&doc->hint, BC_LANG_EN), ==, "Print, sign and scan it to a PDF.");

  doc = bc_ruleset_get_document (ruleset, "id-card-front");
  g_assert_cmpstrv (doc->types, ((const char *const[]) { "jpeg", "png", NULL }));
  g_assert_cmpuint (doc->match_all_of->len, ==, 2);
  g_assert_cmpstrv (g_ptr_array_index (doc->match_all_of, 1),
                    ((const char *const[]) { "正面", "人像面", "front", NULL }));
  g_assert_cmpuint (doc->image.min_long_side, ==, 640);
  g_assert_cmpuint (doc->image.min_short_side, ==, 400);
  g_assert_cmpint (doc->image.size_severity, ==, BC_SEVERITY_ERROR);
  g_assert_true (doc->image.require_color);
  g_assert_cmpint (doc->image.color_severity, ==, BC_SEVERITY_WARNING);
  g_assert_cmpstr (bc_text_get (&doc->name, BC_LANG_EN), ==, "ID card, front");

  doc = bc_ruleset_get_document (ruleset, "id-card-back");
  g_assert_cmpstrv (g_ptr_array_index (doc->match_all_of, 1),
                    ((const char *const[]) { "反面", "国徽面", "back", NULL }));

  doc = bc_ruleset_get_document (ruleset, "company-certificate");
  term = test_single_term (doc->required_when);
  g_assert_cmpstr (term->variable, ==, "applicant");
  g_assert_cmpstrv (term->values, ((const char *const[]) { "company", NULL }));
  g_assert_false (term->negate);
  g_assert_null (doc->allowed_when);
  g_assert_true (doc->max_bytes.set);
  g_assert_cmpuint (doc->max_bytes.value, ==, 5 * 1024 * 1024);
  g_assert_cmpint (doc->max_bytes.severity, ==, BC_SEVERITY_ERROR);
  g_assert_true (doc->min_bytes.set);
  g_assert_cmpuint (doc->min_bytes.value, ==, 10 * 1024);
  g_assert_cmpint (doc->min_bytes.severity, ==, BC_SEVERITY_WARNING);

  doc = bc_ruleset_get_document (ruleset, "letter");
  term = test_single_term (doc->required_when);
  g_assert_cmpstr (term->variable, ==, "extras");
  test_assert_always (doc->allowed_when);
  g_assert_cmpuint (doc->pdf.required_text->len, ==, 1);
  rule = g_ptr_array_index (doc->pdf.required_text, 0);
  g_assert_cmpuint (rule->page, ==, 0);
  g_assert_cmpint (rule->severity, ==, BC_SEVERITY_ERROR);
  g_assert_cmpstrv (rule->any_of, ((const char *const[]) { "授权书", "授权委托书", "Authorization",
                                                            "Letter of authorization", NULL }));
  g_assert_true (doc->pdf.forbid_blank_pages);
  g_assert_cmpint (doc->pdf.blank_page_severity, ==, BC_SEVERITY_ERROR);
  g_assert_cmpstrv (doc->pdf.page_sizes, ((const char *const[]) { "A4", "Letter", NULL }));
  g_assert_cmpfloat (doc->pdf.page_size_tolerance_mm, ==, 10.0);
  g_assert_cmpint (doc->pdf.page_size_severity, ==, BC_SEVERITY_WARNING);
  g_assert_false (doc->pdf.min_pages.set);

  doc = bc_ruleset_get_document (ruleset, "photos");
  g_assert_cmpuint (doc->min_files, ==, 1);
  g_assert_cmpuint (doc->max_files, ==, 5);

  doc = bc_ruleset_get_document (ruleset, "other");
  g_assert_null (doc->required_when);
  test_assert_always (doc->allowed_when);
  g_assert_cmpuint (doc->min_files, ==, 1);
  g_assert_cmpuint (doc->max_files, ==, 10);
  g_assert_null (doc->types);
  g_assert_cmpuint (doc->match_all_of->len, ==, 1);
  g_assert_cmpstrv (g_ptr_array_index (doc->match_all_of, 0),
                    ((const char *const[]) { "其他", "其它", "other", "附件", NULL }));

  /* the notice */
  g_assert_cmpuint (ruleset->notices->len, ==, 1);
  notice = g_ptr_array_index (ruleset->notices, 0);
  g_assert_cmpstr (notice->code, ==, "example-notice");
  g_assert_cmpint (notice->severity, ==, BC_SEVERITY_INFO);
  g_assert_cmpstr (notice->source, ==, "example, not a real filing");
  term = test_single_term (notice->when);
  g_assert_cmpstr (term->variable, ==, "applicant");

  /* limits */
  g_assert_cmpuint (g_hash_table_size (ruleset->limits), ==, 2);
  limit = g_hash_table_lookup (ruleset->limits, "max-entries");
  g_assert_nonnull (limit);
  g_assert_cmpuint (*limit, ==, 100);
  limit = g_hash_table_lookup (ruleset->limits, "max-entry-bytes");
  g_assert_nonnull (limit);
  g_assert_cmpuint (*limit, ==, 20 * 1024 * 1024);
}

/* ------------------------------------------------------------------------ */
/* Bad rulesets: each file holds one defect, found at LINE:COLUMN */

typedef struct {
  const char *file;
  guint line;
  guint column;
  const char *fragment;
} LintCase;

static const LintCase lint_cases[] = {
  { "ambiguous-alias", 15, 9, "'4' names both value 'company' and value 'group'" },
  { "bad-condition-keyword", 20, 20, "must be always, never" },
  { "bad-date", 5, 10, "updated must be a real date written YYYY-MM-DD, not '2025-02-30'" },
  { "bad-severity", 20, 39, "severity must be error, warning or info, not 'fatal'" },
  { "default-undeclared", 11, 14, "'nobody' is not a value of variable 'subject'; values: company, person" },
  { "duplicate-document-id", 20, 9, "duplicate document id 'form'" },
  { "duplicate-key", 21, 5, "duplicate key 'types'" },
  { "duplicate-value-id", 15, 9, "duplicate value id 'person' in variable 'subject'" },
  { "duplicate-variable-id", 15, 9, "duplicate variable id 'subject'" },
  { "files-min-greater-than-max", 20, 12, "files: min 3 is greater than max 2" },
  { "files-zero", 20, 12, "files must be between 1 and" },
  { "format-version", 2, 9, "unsupported format '2'" },
  { "id-not-kebab", 16, 9, "document id 'Business_License' is not kebab-case" },
  { "missing-source", 16, 5, "a document needs 'source'" },
  { "name-mismatch", 3, 7, "ruleset name 'some-other-name' differs from the file name 'name-mismatch.yaml'" },
  { "nested-condition", 20, 36, "a condition on 'subject' takes a value id" },
  { "pdf-rules-without-pdf", 22, 7, "pdf checks on a document whose types do not include pdf" },
  { "size-bad-suffix", 20, 17, "must be a byte count such as 200K, 5M or 1G (1024-based), not '5MB'" },
  { "size-min-greater-than-max", 20, 11, "size: min 2097152 bytes is greater than max 1048576 bytes" },
  { "size-overflow", 20, 17, "size.max 99999999999999G does not fit in 64 bits" },
  { "text-not-a-map", 17, 11, "document name must be a mapping, not a string" },
  { "types-not-a-list", 20, 12, "types must be a list, not a string" },
  { "undeclared-value", 20, 40, "'goverment' is not a value of variable 'subject'" },
  { "undeclared-variable", 20, 21, "refers to undeclared variable 'subjct'; variables: subject" },
  { "unknown-key", 20, 5, "unknown key 'colour' in a document; expected one of: id, name" },
  { "unknown-limit", 9, 3, "unknown key 'max-files' in limits" },
  { "unknown-page-size", 22, 31, "unknown page size 'A6'" },
  { "unknown-type", 20, 13, "unknown type 'jpg'" },
  { "yaml-alias", 20, 16, "YAML anchors are not supported" },
  { "yaml-syntax-error", 21, 1, "YAML syntax error: flow sequence without a closing bracket" },
};

static void
test_lint_fixtures (void)
{
  g_autofree char *dir = g_build_filename (BC_TEST_DATA, "ruleset-lint", NULL);
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  const char *entry;
  guint n_files = 0;

  for (guint i = 0; i < G_N_ELEMENTS (lint_cases); i++) {
    const LintCase *c = &lint_cases[i];
    g_autofree char *file = g_strdup_printf ("%s.yaml", c->file);
    g_autofree char *path = g_build_filename (dir, file, NULL);
    g_autofree char *prefix = g_strdup_printf ("%s:%u:%u: ", path, c->line, c->column);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(BcRuleset) ruleset = NULL;
    g_autofree char *load_message = NULL;

    g_test_message ("%s", c->file);
    ruleset = bc_ruleset_load_file (path, &error);
    g_assert_null (ruleset);
    g_assert_error (error, BC_ERROR, BC_ERROR_RULESET);
    if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, c->fragment) == NULL)
      g_error ("%s: expected \"%s...%s\", got \"%s\"", c->file, prefix, c->fragment, error->message);
    load_message = g_strdup (error->message);

    /* lint finds the same problem and nothing else: one defect gives
     * exactly one message, without cascades */
    g_clear_error (&error);
    g_assert_false (bc_ruleset_lint (path, &problems, &error));
    g_assert_no_error (error);
    g_assert_nonnull (problems);
    g_assert_cmpuint (problems->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, load_message);
  }

  /* every file in the directory has an expectation: a new fixture cannot be
   * forgotten in the table */
  g_assert_nonnull (gdir);
  while ((entry = g_dir_read_name (gdir)) != NULL) {
    g_autofree char *stem = NULL;
    gboolean known = FALSE;
    if (!g_str_has_suffix (entry, ".yaml"))
      continue;
    n_files++;
    stem = g_strndup (entry, strlen (entry) - 5);
    if (g_strcmp0 (stem, "multiple-problems") == 0)
      continue;
    for (guint i = 0; i < G_N_ELEMENTS (lint_cases); i++)
      known |= g_strcmp0 (lint_cases[i].file, stem) == 0;
    if (!known)
      g_error ("tests/ruleset-lint/%s has no entry in lint_cases", entry);
  }
  g_assert_cmpuint (n_files, ==, G_N_ELEMENTS (lint_cases) + 1);
}

static void
test_lint_many (void)
{
  g_autofree char *path = g_build_filename (BC_TEST_DATA, "ruleset-lint", "multiple-problems.yaml", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BcRuleset) ruleset = NULL;
  /* sorted by position, every one of them, not just the first */
  const char *expected[][2] = {
    { ":11:14: ", "'nobody' is not a value of variable 'subject'" },
    { ":20:5: ", "unknown key 'colour'" },
    { ":21:13: ", "unknown type 'jpg'" },
    { ":22:12: ", "files: min 3 is greater than max 2" },
    { ":23:21: ", "undeclared variable 'subjct'" },
  };

  g_assert_false (bc_ruleset_lint (path, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
    const char *line = g_ptr_array_index (problems, i);
    g_autofree char *prefix = g_strconcat (path, expected[i][0], NULL);
    g_assert_true (g_str_has_prefix (line, prefix));
    g_assert_nonnull (strstr (line, expected[i][1]));
  }

  /* loading stops at the first of them */
  ruleset = bc_ruleset_load_file (path, &error);
  g_assert_null (ruleset);
  g_assert_error (error, BC_ERROR, BC_ERROR_RULESET);
  g_assert_cmpstr (error->message, ==, g_ptr_array_index (problems, 0));
}

static void
test_lint_clean_and_unreadable (void)
{
  g_autofree char *dir = test_ruleset_dir ();
  g_autofree char *path = g_build_filename (dir, "example-generic.yaml", NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bc_ruleset_lint (path, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  g_assert_false (bc_ruleset_lint ("/nonexistent/ruleset.yaml", &problems, &error));
  g_assert_error (error, BC_ERROR, BC_ERROR_IO);
  g_assert_null (problems);
}

static void
test_load_data (void)
{
  const char *bad = "format: 1\nname: x\n  bogus";
  g_autoptr(GError) error = NULL;
  g_autoptr(BcRuleset) ruleset = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = test_ruleset_dir ();
  g_autofree char *path = g_build_filename (dir, "example-generic.yaml", NULL);
  gsize len = 0;

  ruleset = bc_ruleset_load_data (bad, strlen (bad), "mem.yaml", &error);
  g_assert_null (ruleset);
  g_assert_error (error, BC_ERROR, BC_ERROR_RULESET);
  g_assert_true (g_str_has_prefix (error->message, "mem.yaml:"));
  g_clear_error (&error);

  /* in-memory data has no file name to compare `name` with */
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  ruleset = bc_ruleset_load_data (data, len, "anything", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ruleset);
  g_assert_cmpstr (ruleset->name, ==, "example-generic");
  g_assert_cmpstr (ruleset->path, ==, "anything");
}

/* ------------------------------------------------------------------------ */
/* Context */

static const char *
test_scalar (const BcContext *context, const char *variable)
{
  GPtrArray *values = bc_context_get (context, variable);
  g_assert_nonnull (values);
  g_assert_cmpuint (values->len, ==, 1);
  return g_ptr_array_index (values, 0);
}

static char *
test_joined (const BcContext *context, const char *variable)
{
  GPtrArray *values = bc_context_get (context, variable);
  GString *str = g_string_new (NULL);
  g_assert_nonnull (values);
  for (guint i = 0; i < values->len; i++)
    g_string_append_printf (str, "%s%s", i > 0 ? "," : "", (const char *) g_ptr_array_index (values, i));
  return g_string_free (str, FALSE);
}

static void
test_context_values (void)
{
  g_autoptr(BcRuleset) ruleset = test_load_example ();
  g_autoptr(BcContext) context = bc_context_new (ruleset);
  g_autoptr(GError) error = NULL;
  struct {
    const char *assignment;
    const char *expected;
  } scalars[] = {
    { "applicant=company", "company" },
    { "applicant=1", "person" },        /* numeric alias */
    { "applicant=公司", "company" },     /* zh name */
    { "applicant=个人", "person" },
    { "applicant=COMPANY", "company" }, /* case-insensitive */
    { "applicant = Person ", "person" }, /* en name, spaces */
    { "applicant=２", "company" },       /* full-width digit, NFKC */
    { "APPLICANT=企业", "company" },     /* alias; variable id case-insensitive */
  };

  /* defaults */
  g_assert_cmpstr (test_scalar (context, "applicant"), ==, "person");
  g_assert_nonnull (bc_context_get (context, "extras"));
  g_assert_cmpuint (bc_context_get (context, "extras")->len, ==, 0);
  g_assert_null (bc_context_get (context, "nope"));

  for (guint i = 0; i < G_N_ELEMENTS (scalars); i++) {
    g_assert_true (bc_context_set (context, scalars[i].assignment, &error));
    g_assert_no_error (error);
    /* setting a scalar again replaces it */
    g_assert_cmpstr (test_scalar (context, "applicant"), ==, scalars[i].expected);
  }

  /* list variables: comma-separated, full-width comma, 、, names */
  {
    struct {
      const char *assignment;
      const char *expected;
    } lists[] = {
      { "extras=photo,letter", "photo,letter" },
      { "extras=letter", "letter" },           /* replaces the set */
      { "extras=letter，photo", "letter,photo" },
      { "extras=照片、授权书", "photo,letter" },
      { "extras=photo, photo ,", "photo" },     /* duplicates, blanks */
      { "extras=none", "" },
      { "extras=photo", "photo" },
      { "extras=", "" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (lists); i++) {
      g_autofree char *joined = NULL;
      g_assert_true (bc_context_set (context, lists[i].assignment, &error));
      g_assert_no_error (error);
      joined = test_joined (context, "extras");
      g_assert_cmpstr (joined, ==, lists[i].expected);
    }
  }
}

static void
test_context_errors (void)
{
  g_autoptr(BcRuleset) ruleset = test_load_example ();
  g_autoptr(BcContext) context = bc_context_new (ruleset);
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;

  g_assert_false (bc_context_set (context, "nope=1", &error));
  g_assert_error (error, BC_ERROR, BC_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==, "unknown variable 'nope'; variables: applicant, extras");
  g_clear_error (&error);

  g_assert_false (bc_context_set (context, "applicant=robot", &error));
  g_assert_error (error, BC_ERROR, BC_ERROR_USAGE);
  g_assert_cmpstr (error->message, ==,
                   "unknown value 'robot' for applicant; allowed: person (个人, 1), company (公司, 2, 企业)");
  g_clear_error (&error);

  g_assert_false (bc_context_set (context, "applicant", &error));
  g_assert_error (error, BC_ERROR, BC_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "expected VARIABLE=VALUE"));
  g_clear_error (&error);

  /* a scalar takes one value; an empty one is not "unset" for a variable
   * that is not optional */
  g_assert_false (bc_context_set (context, "applicant=", &error));
  g_assert_error (error, BC_ERROR, BC_ERROR_USAGE);
  g_clear_error (&error);
  g_assert_false (bc_context_set (context, "applicant=person,company", &error));
  g_assert_error (error, BC_ERROR, BC_ERROR_USAGE);
  g_clear_error (&error);

  /* one bad item refuses the whole list and leaves the old set */
  g_assert_true (bc_context_set (context, "extras=letter", &error));
  g_assert_false (bc_context_set (context, "extras=photo,robot", &error));
  g_assert_error (error, BC_ERROR, BC_ERROR_USAGE);
  g_assert_true (g_str_has_prefix (error->message, "unknown value 'robot' for extras; allowed: photo (照片"));
  joined = test_joined (context, "extras");
  g_assert_cmpstr (joined, ==, "letter");
  g_clear_error (&error);

  g_assert_false (bc_context_set (context, "applicant=\xff", &error));
  g_assert_error (error, BC_ERROR, BC_ERROR_USAGE);
}

/* a ruleset whose documents exercise each shape of condition */
static const char conditions_yaml[] =
  "format: 1\n"
  "name: conditions\n"
  "version: '1'\n"
  "updated: 2025-01-01\n"
  "title: {en: Conditions}\n"
  "source: test\n"
  "variables:\n"
  "  - {id: kind, name: {en: Kind}, default: a,\n"
  "     values: [{id: a, name: {en: A}}, {id: b, name: {en: B}}, {id: c, name: {en: C}}]}\n"
  "  - {id: tags, name: {en: Tags}, list: true,\n"
  "     values: [{id: x, name: {en: X}}, {id: y, name: {en: Y}}]}\n"
  "  - {id: opt, name: {en: Opt}, optional: true,\n"
  "     values: [{id: on, name: {en: On}}, {id: off, name: {en: Off}}]}\n"
  "documents:\n"
  "  - {id: and, name: {en: And}, source: t, match: [k], required-when: {kind: a, tags: x}}\n"
  "  - {id: or, name: {en: Or}, source: t, match: [k], required-when: [{kind: b}, {tags: y}]}\n"
  "  - {id: any, name: {en: Any}, source: t, match: [k], required-when: {kind: [b, c]}}\n"
  "  - {id: not, name: {en: Not}, source: t, match: [k], required-when: {kind: {not: [a, b]}}}\n"
  "  - {id: list-not, name: {en: List not}, source: t, match: [k], required-when: {tags: {not: x}}}\n"
  "  - {id: opt-on, name: {en: Opt}, source: t, match: [k], required-when: {opt: on}}\n"
  "  - {id: opt-not, name: {en: Opt not}, source: t, match: [k], required-when: {opt: {not: on}}}\n"
  "  - {id: never, name: {en: Never}, source: t, match: [k], required-when: never, allowed-when: {kind: c}}\n"
  "  - {id: neither, name: {en: Neither}, source: t, match: [k]}\n";

static gboolean
test_required (const BcRuleset *ruleset, const BcContext *context, const char *id)
{
  const BcDocument *doc = bc_ruleset_get_document (ruleset, id);
  g_assert_nonnull (doc);
  return bc_condition_eval (doc->required_when, context);
}

static void
test_conditions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcRuleset) ruleset = bc_ruleset_load_data (conditions_yaml, sizeof (conditions_yaml) - 1,
                                                       "conditions.yaml", &error);
  g_autoptr(BcContext) context = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (ruleset);
  context = bc_context_new (ruleset);
  /* defaults: kind=a, tags={}, opt unset */
  g_assert_null (bc_context_get (context, "opt"));
  g_assert_false (test_required (ruleset, context, "and"));     /* tags lacks x */
  g_assert_false (test_required (ruleset, context, "or"));
  g_assert_false (test_required (ruleset, context, "any"));
  g_assert_false (test_required (ruleset, context, "not"));     /* a is in [a, b] */
  g_assert_true (test_required (ruleset, context, "list-not")); /* empty set lacks x */
  g_assert_false (test_required (ruleset, context, "opt-on"));  /* unset never equals */
  g_assert_true (test_required (ruleset, context, "opt-not"));  /* ...and so is "not on" */
  g_assert_false (test_required (ruleset, context, "never"));
  g_assert_false (test_required (ruleset, context, "neither"));

  g_assert_true (bc_context_set (context, "tags=x", &error));
  g_assert_true (test_required (ruleset, context, "and"));
  g_assert_false (test_required (ruleset, context, "list-not"));
  g_assert_true (bc_context_set (context, "tags=y,x", &error));
  g_assert_true (test_required (ruleset, context, "or"));       /* second alternative */
  g_assert_true (bc_context_set (context, "tags=none", &error));
  g_assert_true (bc_context_set (context, "kind=b", &error));
  g_assert_true (test_required (ruleset, context, "or"));       /* first alternative */
  g_assert_true (test_required (ruleset, context, "any"));
  g_assert_false (test_required (ruleset, context, "and"));     /* kind is not a */
  g_assert_false (test_required (ruleset, context, "not"));
  g_assert_true (bc_context_set (context, "kind=c", &error));
  g_assert_true (test_required (ruleset, context, "not"));
  g_assert_false (test_required (ruleset, context, "or"));

  g_assert_true (bc_context_set (context, "opt=on", &error));
  g_assert_true (test_required (ruleset, context, "opt-on"));
  g_assert_false (test_required (ruleset, context, "opt-not"));
  /* an optional variable can be unset again */
  g_assert_true (bc_context_set (context, "opt=", &error));
  g_assert_null (bc_context_get (context, "opt"));
  g_assert_no_error (error);

  /* applicability: never required, allowed by its own condition; a
   * document with neither condition is optional everywhere */
  g_assert_cmpint (bc_document_applicability (bc_ruleset_get_document (ruleset, "never"), context), ==,
                   BC_DOC_OPTIONAL); /* kind=c */
  g_assert_true (bc_context_set (context, "kind=a", &error));
  g_assert_cmpint (bc_document_applicability (bc_ruleset_get_document (ruleset, "never"), context), ==,
                   BC_DOC_NOT_APPLICABLE);
  g_assert_cmpint (bc_document_applicability (bc_ruleset_get_document (ruleset, "neither"), context), ==,
                   BC_DOC_OPTIONAL);
  /* required-when given, allowed-when omitted: only when required */
  g_assert_cmpint (bc_document_applicability (bc_ruleset_get_document (ruleset, "any"), context), ==,
                   BC_DOC_NOT_APPLICABLE);
  /* a missing condition (required-when omitted) never holds */
  g_assert_false (bc_condition_eval (NULL, context));
}

static void
test_applicability (void)
{
  g_autoptr(BcRuleset) ruleset = test_load_example ();
  g_autoptr(BcContext) context = bc_context_new (ruleset);
  g_autoptr(GError) error = NULL;
  struct {
    const char *id;
    BcDocApplicability by_default;
    BcDocApplicability company_letter;
  } cases[] = {
    { "application-form", BC_DOC_REQUIRED, BC_DOC_REQUIRED },
    { "id-card-front", BC_DOC_REQUIRED, BC_DOC_REQUIRED },
    { "company-certificate", BC_DOC_NOT_APPLICABLE, BC_DOC_REQUIRED },
    { "letter", BC_DOC_OPTIONAL, BC_DOC_REQUIRED },
    { "photos", BC_DOC_OPTIONAL, BC_DOC_OPTIONAL },
    { "other", BC_DOC_OPTIONAL, BC_DOC_OPTIONAL },
  };
  const BcNotice *notice = g_ptr_array_index (ruleset->notices, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (bc_document_applicability (bc_ruleset_get_document (ruleset, cases[i].id), context), ==,
                     cases[i].by_default);
  g_assert_false (bc_condition_eval (notice->when, context));

  g_assert_true (bc_context_set (context, "applicant=company", &error));
  g_assert_true (bc_context_set (context, "extras=letter", &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (bc_document_applicability (bc_ruleset_get_document (ruleset, cases[i].id), context), ==,
                     cases[i].company_letter);
  g_assert_true (bc_condition_eval (notice->when, context));
}

static void
test_limits_override (void)
{
  g_autoptr(BcRuleset) ruleset = test_load_example ();
  BcLimits defaults;
  BcLimits limits;

  bc_limits_init (&defaults);
  bc_limits_init (&limits);
  g_assert_cmpuint (defaults.max_entries, !=, 100);
  bc_ruleset_apply_limits (ruleset, &limits);
  g_assert_cmpuint (limits.max_entries, ==, 100);
  g_assert_cmpuint (limits.max_entry_bytes, ==, 20 * 1024 * 1024);
  /* the others keep their defaults */
  g_assert_cmpuint (limits.max_total_bytes, ==, defaults.max_total_bytes);
  g_assert_cmpuint (limits.max_pdf_pages, ==, defaults.max_pdf_pages);
  g_assert_cmpuint (limits.inspect_memory_bytes, ==, defaults.inspect_memory_bytes);
}

static void
test_open (void)
{
  g_autofree char *dir = test_ruleset_dir ();
  g_autofree char *path = g_build_filename (dir, "example-generic.yaml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BcRuleset) by_name = NULL;
  g_autoptr(BcRuleset) by_path = NULL;
  g_autoptr(BcRuleset) missing = NULL;
  g_auto(GStrv) shipped = bc_ruleset_list_shipped ();

  g_assert_true (g_strv_contains ((const char *const *) shipped, "example-generic"));
  for (guint i = 0; shipped[i] != NULL; i++)
    g_assert_false (g_str_has_suffix (shipped[i], ".yaml"));

  by_name = bc_ruleset_open ("example-generic", &error);
  g_assert_no_error (error);
  g_assert_nonnull (by_name);
  g_assert_true (g_str_has_suffix (by_name->path, "/example-generic.yaml"));

  by_path = bc_ruleset_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (by_path);
  g_assert_cmpstr (by_path->path, ==, path);

  missing = bc_ruleset_open ("no-such-ruleset", &error);
  g_assert_null (missing);
  g_assert_error (error, BC_ERROR, BC_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "unknown ruleset 'no-such-ruleset'"));
  g_assert_nonnull (strstr (error->message, "example-generic"));
  g_clear_error (&error);

  /* a name never climbs out of the search path: this is a path, and fails
   * as one */
  missing = bc_ruleset_open ("../example-generic", &error);
  g_assert_null (missing);
  g_assert_error (error, BC_ERROR, BC_ERROR_IO);
}

/* ------------------------------------------------------------------------ */
/* Hostile input: nothing may crash or leak (run under ASan in CI) */

static void
test_load_expect_fail (const char *data, gsize len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BcRuleset) ruleset = bc_ruleset_load_data (data, len, "hostile", &error);
  g_assert_null (ruleset);
  g_assert_error (error, BC_ERROR, BC_ERROR_RULESET);
  g_assert_true (g_str_has_prefix (error->message, "hostile:"));
}

static void
test_hostile (void)
{
  g_autofree char *dir = test_ruleset_dir ();
  g_autofree char *path = g_build_filename (dir, "example-generic.yaml", NULL);
  g_autofree char *example = NULL;
  gsize example_len = 0;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) wide = g_string_new ("format: 1\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20251128);
  const char *bomb =
    "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n";

  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, '[');
  test_load_expect_fail (deep->str, deep->len);
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 2000; i++)
    g_string_append (deep, "{a: ");
  test_load_expect_fail (deep->str, deep->len);
  test_load_expect_fail (bomb, strlen (bomb));
  test_load_expect_fail ("", 0);
  test_load_expect_fail ("\0\0\0", 3);
  test_load_expect_fail ("format: 1\x00name: x", 17);
  test_load_expect_fail ("- - - -", strlen ("- - - -"));
  /* libfyaml 0.7.12 leaks on runs of quotes; the loader refuses them first */
  test_load_expect_fail ("a: 'x''''''''''y'\n", strlen ("a: 'x''''''''''y'\n"));
  /* found by the fuzzer: separate runs inside one scalar leak too */
  test_load_expect_fail (": ''''';''o''''': ''''';''o''''';;''']\n']\n",
                         strlen (": ''''';''o''''': ''''';''o''''';;''']\n']\n"));
  test_load_expect_fail ("? [a]\n: b\n", strlen ("? [a]\n: b\n"));
  test_load_expect_fail ("!!binary a: b\n", strlen ("!!binary a: b\n"));
  test_load_expect_fail ("%YAML 1.2\n---\na: b\n...\n---\nc: d\n", strlen ("%YAML 1.2\n---\na: b\n...\n---\nc: d\n"));
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (wide, "k%u: v\n", i);
  test_load_expect_fail (wide->str, wide->len);

  /* every prefix of the example, and random byte changes to it */
  g_assert_true (g_file_get_contents (path, &example, &example_len, NULL));
  for (gsize cut = 0; cut < example_len; cut += 3) {
    g_autoptr(GError) error = NULL;
    g_autoptr(BcRuleset) ruleset = bc_ruleset_load_data (example, cut, "prefix", &error);
    g_assert_true (ruleset != NULL || error != NULL);
  }
  for (guint round = 0; round < 1500; round++) {
    g_autofree char *copy = g_memdup2 (example, example_len);
    g_autoptr(GError) error = NULL;
    g_autoptr(BcRuleset) ruleset = NULL;
    guint n_flips = g_rand_int_range (rand, 1, 8);
    for (guint i = 0; i < n_flips; i++)
      copy[g_rand_int_range (rand, 0, (gint32) example_len)] = (char) g_rand_int_range (rand, 0, 256);
    ruleset = bc_ruleset_load_data (copy, example_len, "mutant", &error);
    g_assert_true (ruleset != NULL || error != NULL);
    if (ruleset != NULL) {
      /* whatever survived loading must evaluate without trouble */
      g_autoptr(BcContext) context = bc_context_new (ruleset);
      for (guint i = 0; i < ruleset->documents->len; i++)
        (void) bc_document_applicability (g_ptr_array_index (ruleset->documents, i), context);
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ruleset/example-model", test_example_model);
  g_test_add_func ("/ruleset/lint-fixtures", test_lint_fixtures);
  g_test_add_func ("/ruleset/lint-many", test_lint_many);
  g_test_add_func ("/ruleset/lint-clean-and-unreadable", test_lint_clean_and_unreadable);
  g_test_add_func ("/ruleset/load-data", test_load_data);
  g_test_add_func ("/ruleset/context-values", test_context_values);
  g_test_add_func ("/ruleset/context-errors", test_context_errors);
  g_test_add_func ("/ruleset/conditions", test_conditions);
  g_test_add_func ("/ruleset/applicability", test_applicability);
  g_test_add_func ("/ruleset/limits-override", test_limits_override);
  g_test_add_func ("/ruleset/open", test_open);
  g_test_add_func ("/ruleset/hostile", test_hostile);
  return g_test_run ();
}
