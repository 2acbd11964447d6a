/* Entry names: decoding raw bytes into Unicode the way the archiving tool
 * meant them, and judging whether a name is safe. No name is ever used as a
 * filesystem path; these checks exist to tell the user, and the filing
 * office, about names other tools would mishandle. */
#pragma once

#include "bc-archive.h"

G_BEGIN_DECLS

/* Decode RAW (LEN bytes, may contain NUL). UTF8_FLAG is general-purpose bit
 * 11; UNICODE_PATH is the UTF-8 name of a 0x7075 extra field whose CRC
 * matched RAW, or NULL. The result is NFC, never NULL; control characters
 * are kept (the caller reports them). */
char *bc_name_decode (const guint8 *raw,
                      gsize len,
                      gboolean utf8_flag,
                      const char *unicode_path,
                      BcNameEncoding *encoding);

/* NULL when NAME is safe; otherwise a short English reason ("absolute path",
 * "parent directory (..)", "drive letter", "backslash", "control character",
 * "empty name", "bidirectional control character") */
const char *bc_name_unsafe_reason (const char *name);

/* macOS and Windows metadata that users never meant to send */
gboolean bc_name_is_system_file (const char *path);

G_END_DECLS
