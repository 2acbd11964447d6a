#include <math.h>

#include "bc-json.h"

void
bc_json_add_string (JsonBuilder *builder, const char *value)
{
  if (value == NULL) {
    json_builder_add_null_value (builder);
  } else if (!g_utf8_validate (value, -1, NULL)) {
    g_autofree char *valid = g_utf8_make_valid (value, -1);
    json_builder_add_string_value (builder, valid);
  } else {
    json_builder_add_string_value (builder, value);
  }
}

void
bc_json_add_double (JsonBuilder *builder, double value)
{
  if (!isfinite (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

void
bc_json_member_string (JsonBuilder *builder, const char *name, const char *value)
{
  json_builder_set_member_name (builder, name);
  bc_json_add_string (builder, value);
}

void
bc_json_member_uint (JsonBuilder *builder, const char *name, guint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value > (guint64) G_MAXINT64 ? G_MAXINT64 : (gint64) value);
}

void
bc_json_member_bool (JsonBuilder *builder, const char *name, gboolean value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

void
bc_json_member_strv (JsonBuilder *builder, const char *name, char *const *strv, gboolean null_if_null)
{
  json_builder_set_member_name (builder, name);
  if (strv == NULL && null_if_null) {
    json_builder_add_null_value (builder);
    return;
  }
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    bc_json_add_string (builder, strv[i]);
  json_builder_end_array (builder);
}

char *
bc_json_to_string (JsonBuilder *builder)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, FALSE);
  return json_generator_to_data (generator, NULL);
}
