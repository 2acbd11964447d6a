/* Small helpers over json-glib shared by the report and the checklist
 * writers: strings are always valid UTF-8 (or null), numbers never wrap. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* a string value, null for NULL; invalid UTF-8 is repaired (U+FFFD) so one
 * bad producer cannot make a whole report unparsable */
void bc_json_add_string (JsonBuilder *builder, const char *value);
/* NaN and infinities are not JSON: null */
void bc_json_add_double (JsonBuilder *builder, double value);
void bc_json_member_string (JsonBuilder *builder, const char *name, const char *value);
/* json-glib reads numbers as int64 and many consumers as doubles: a
 * guint64 above G_MAXINT64 ("no limit") is clamped, not wrapped */
void bc_json_member_uint (JsonBuilder *builder, const char *name, guint64 value);
void bc_json_member_bool (JsonBuilder *builder, const char *name, gboolean value);
/* an array of strings; a NULL STRV is [] or, with NULL_IF_NULL, null */
void bc_json_member_strv (JsonBuilder *builder, const char *name, char *const *strv, gboolean null_if_null);
/* the builder's root, compact, without a trailing newline */
char *bc_json_to_string (JsonBuilder *builder);

G_END_DECLS
