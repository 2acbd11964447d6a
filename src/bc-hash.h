/* SHA-256 for the report (the bundle and every file). libcrypto's
 * implementation uses the CPU's SHA extensions: ten times faster than
 * GLib's portable one, which cost as much as inflating the whole bundle. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BcSha256 BcSha256;

BcSha256 *bc_sha256_new (void);
void bc_sha256_update (BcSha256 *sha, const guint8 *data, gsize len);
/* lower-case hex digest; the object cannot be updated afterwards */
char *bc_sha256_finish (BcSha256 *sha);
void bc_sha256_free (BcSha256 *sha);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcSha256, bc_sha256_free)

char *bc_sha256_bytes (GBytes *bytes);

G_END_DECLS
