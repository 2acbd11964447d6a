/* Matching file names to documents, as people really write them. */
#include "bc-match.h"

static void
assert_key (const char *path, const char *expected)
{
  g_autofree char *key = bc_match_key (path, TRUE);
  g_assert_cmpstr (key, ==, expected);
}

static void
test_key_normalisation (void)
{
  /* copies made by phones, browsers and Windows Explorer */
  assert_key ("身份证正面(1).jpg", "身份证正面");
  assert_key ("身份证正面 (2).jpg", "身份证正面");
  assert_key ("身份证正面（3）.jpg", "身份证正面");
  assert_key ("营业执照 - 副本.jpg", "营业执照");
  assert_key ("营业执照 - 副本 (2).jpg", "营业执照");
  assert_key ("ID-Card_Front - Copy.png", "idcardfront");
  assert_key ("photo copy 2.jpg", "photo");
  /* 副本 inside a name is part of it: 营业执照副本 is the licence's duplicate original */
  assert_key ("营业执照副本.jpg", "营业执照副本");
  /* full-width letters, brackets and spaces fold to their ASCII forms */
  assert_key ("ＢＵＳＩＮＥＳＳ　ＬＩＣＥＮＳＥ.png", "businesslicense");
  assert_key ("身份证（正面）.JPG", "身份证正面");
  assert_key ("【法人】身份证·国徽面.jpeg", "法人身份证国徽面");
  /* folders are part of the match */
  assert_key ("主体负责人/身份证人像面.jpg", "主体负责人身份证人像面");
  /* only the last extension goes */
  assert_key ("letter.final.pdf", "letterfinal");
  /* a keyword is normalised the same way, extension kept */
  {
    g_autofree char *kw = bc_match_key ("Business Licence", FALSE);
    g_assert_cmpstr (kw, ==, "businesslicence");
  }
  /* invalid UTF-8 never reaches here from the archive reader, but must not crash */
  {
    g_autofree char *key = bc_match_key ("\xff\xfe.jpg", TRUE);
    g_assert_cmpstr (key, ==, "");
  }
}

static BcRuleset *
open_example (void)
{
  g_autoptr (GError) error = NULL;
  BcRuleset *ruleset = bc_ruleset_open ("example-generic", &error);

  g_assert_no_error (error);
  g_assert_nonnull (ruleset);
  return ruleset;
}

static BcMatchKind
match_one (const BcRuleset *ruleset, const BcContext *context, const char *path, const char *type, char **doc_id)
{
  g_autoptr (BcMatcher) matcher = bc_matcher_new (ruleset);
  BcMatch match;
  BcMatchKind kind;

  bc_matcher_match (matcher, context, path, type, &match);
  kind = match.kind;
  if (doc_id != NULL) {
    *doc_id = NULL;
    if (match.documents->len > 0)
      *doc_id = g_strdup (((const BcDocument *) g_ptr_array_index (match.documents, 0))->id);
  }
  bc_match_clear (&match);
  return kind;
}

static void
assert_assigned (const BcRuleset *ruleset, const BcContext *context, const char *path, const char *expected)
{
  g_autofree char *doc = NULL;
  BcMatchKind kind = match_one (ruleset, context, path, NULL, &doc);

  if (kind != BC_MATCH_ASSIGNED)
    g_error ("%s: expected to be assigned to %s, got kind %d (%s)", path, expected, kind, doc);
  g_assert_cmpstr (doc, ==, expected);
}

static void
test_match_example (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (BcContext) context = bc_context_new (ruleset);
  g_autoptr (GError) error = NULL;
  g_autofree char *doc = NULL;

  assert_assigned (ruleset, context, "申请表.pdf", "application-form");
  assert_assigned (ruleset, context, "材料/申请表(1).pdf", "application-form");
  assert_assigned (ruleset, context, "身份证正面.jpg", "id-card-front");
  assert_assigned (ruleset, context, "身份证（人像面）.png", "id-card-front");
  assert_assigned (ruleset, context, "ID_Card_Back.png", "id-card-back");
  assert_assigned (ruleset, context, "IMG_20241103_身份证反面 - 副本.jpg", "id-card-back");
  /* an optional document is still recognised */
  assert_assigned (ruleset, context, "授权书.pdf", "letter");

  /* a side is needed to tell front from back */
  g_assert_cmpint (match_one (ruleset, context, "身份证.jpg", NULL, NULL), ==, BC_MATCH_NONE);
  g_assert_cmpint (match_one (ruleset, context, "random.txt", NULL, NULL), ==, BC_MATCH_NONE);

  /* a person's filing does not ask for a company certificate */
  g_assert_cmpint (match_one (ruleset, context, "营业执照.jpg", NULL, &doc), ==, BC_MATCH_NOT_NEEDED);
  g_assert_cmpstr (doc, ==, "company-certificate");
  g_clear_pointer (&doc, g_free);
  g_assert_true (bc_context_set (context, "applicant=company", &error));
  g_assert_no_error (error);
  assert_assigned (ruleset, context, "营业执照.jpg", "company-certificate");

  /* "other photo": two documents score the same → ambiguous, never a guess */
  g_assert_cmpint (match_one (ruleset, context, "other photo.jpg", NULL, &doc), ==, BC_MATCH_AMBIGUOUS);
  g_clear_pointer (&doc, g_free);
  /* the longer keyword wins: "id card front photo" is an ID card, not a photo */
  assert_assigned (ruleset, context, "id card front photo.jpg", "id-card-front");
}

static void
test_match_type_breaks_ties (void)
{
  g_autoptr (BcRuleset) ruleset = open_example ();
  g_autoptr (BcContext) context = bc_context_new (ruleset);
  g_autofree char *doc = NULL;

  /* "photos" takes only JPEG/PNG and "other" takes anything, so a PDF
   * named "other photo" can only be "other" */
  g_assert_cmpint (match_one (ruleset, context, "other photo.pdf", "pdf", &doc), ==, BC_MATCH_ASSIGNED);
  g_assert_cmpstr (doc, ==, "other");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/match/key", test_key_normalisation);
  g_test_add_func ("/match/example", test_match_example);
  g_test_add_func ("/match/type-breaks-ties", test_match_type_breaks_ties);
  return g_test_run ();
}
