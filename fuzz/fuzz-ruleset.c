/* Fuzz the ruleset loader: YAML parsing, validation and error locations. */
#include "bundlecheck.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BcRuleset) ruleset = bc_ruleset_load_data ((const char *) data, size, "fuzz.yaml", &error);

  if (ruleset != NULL) {
    g_autoptr (BcContext) context = bc_context_new (ruleset);
    g_autofree char *described = bc_ruleset_describe (ruleset, BC_LANG_ZH);
    BcRenderOptions render = { BC_LANG_EN, FALSE, BC_SEVERITY_ERROR };
    g_autofree char *checklist = bc_checklist_render (ruleset, context, BC_FORMAT_JSON, &render);
    g_assert_nonnull (described);
    g_assert_nonnull (checklist);
  } else {
    g_assert_nonnull (error);
  }
  return 0;
}
