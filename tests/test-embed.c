/* What a pipeline embedding libbundlecheck does, linked against the
 * installed shared library with nothing but bundlecheck.h: the exported
 * ABI (src/bundlecheck.map) must be enough. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "bundlecheck.h"

static void
test_embed_check (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BcRuleset) ruleset = bc_ruleset_open ("example-generic", &error);
  g_autoptr (BcContext) context = NULL;
  g_autoptr (BcReport) report = NULL;
  g_autofree char *path = g_build_filename (BC_TEST_DATA, "..", "samples", "example", "fail.zip", NULL);
  g_autofree char *json = NULL;
  BcRenderOptions render = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
  BcCheckOptions options;
  int fd;

  g_assert_no_error (error);
  context = bc_context_new (ruleset);
  g_assert_true (bc_context_set (context, "applicant=person", &error));
  bc_check_options_init (&options);
  bc_check_options_apply_ruleset (&options, ruleset);
  g_assert_true (bc_limits_set (&options.limits, "max-entries=50", &error));
  fd = open (path, O_RDONLY);
  g_assert_cmpint (fd, >=, 0);
  report = bc_check_fd (ruleset, context, &options, fd, "fail.zip", &error);
  close (fd);
  g_assert_no_error (error);
  g_assert_false (bc_report_passed (report, BC_SEVERITY_ERROR));
  g_assert_cmpuint (bc_report_count (report, BC_SEVERITY_ERROR), ==, 2);
  g_assert_cmpuint (bc_report_get_findings (report)->len, >=, 3);
  json = bc_report_render (report, BC_FORMAT_JSON, &render);
  g_assert_nonnull (strstr (json, "\"verdict\":\"fail\""));
  g_assert_nonnull (strstr (json, "\"max-entries\":50"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/embed/check", test_embed_check);
  return g_test_run ();
}
