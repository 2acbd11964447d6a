/* File types by content (libmagic) and by extension, as the type names
 * rulesets use: jpeg, png, gif, bmp, tiff, webp, heic, pdf, ofd, mp4, mov,
 * avi, zip, rar, 7z, gzip, tar, doc, docx, xls, xlsx, text, html, exe, unknown. */
#pragma once

#include "bundlecheck.h"

G_BEGIN_DECLS

typedef struct _BcIdentifier BcIdentifier;

G_GNUC_WARN_UNUSED_RESULT
BcIdentifier *bc_identifier_new (GError **error);
void bc_identifier_free (BcIdentifier *identifier);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcIdentifier, bc_identifier_free)

/* type name of DATA (only a bounded prefix is given to libmagic); *MIME, if
 * not NULL, gets libmagic's MIME type (free it) */
const char *bc_identify_data (BcIdentifier *identifier, const guint8 *data, gsize len, char **mime);
/* type name implied by PATH's extension, or NULL when it has none we know */
const char *bc_identify_extension (const char *path);
gboolean bc_type_is_known (const char *type);
gboolean bc_type_is_archive (const char *type);
gboolean bc_type_is_image (const char *type);
/* every known type name, NULL-terminated, static */
const char *const *bc_type_names (void);

G_END_DECLS
