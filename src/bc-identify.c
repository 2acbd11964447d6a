/* Types by content. libmagic sees only a bounded prefix of each file: the
 * type is in the first bytes for every format a filing uses, and a hostile
 * file must not make identification cost more than that prefix. */
#include <magic.h>
#include <string.h>

#include "bc-identify.h"

/* libmagic needs more than the 4-byte signature to tell a ZIP-based office
 * file or an MP4 apart; 1 MiB is far more than any rule we rely on reads */
#define BC_IDENTIFY_PREFIX (1024 * 1024)

struct _BcIdentifier {
  magic_t magic;
};

static const char *const type_names[] = {
  "jpeg", "png", "gif", "bmp", "tiff", "webp", "heic", "pdf", "ofd",
  "mp4", "mov", "avi", "zip", "rar", "7z", "gzip", "tar",
  "doc", "docx", "xls", "xlsx", "text", "html", "exe", "unknown", NULL,
};

typedef struct {
  const char *mime;
  const char *type;
} MimeMap;

static const MimeMap mime_map[] = {
  { "image/jpeg", "jpeg" },
  { "image/png", "png" },
  { "image/gif", "gif" },
  { "image/bmp", "bmp" },
  { "image/x-ms-bmp", "bmp" },
  { "image/tiff", "tiff" },
  { "image/webp", "webp" },
  { "image/heic", "heic" },
  { "image/heif", "heic" },
  { "image/avif", "heic" },
  { "application/pdf", "pdf" },
  { "application/ofd", "ofd" },
  { "video/mp4", "mp4" },
  { "video/quicktime", "mov" },
  { "video/x-msvideo", "avi" },
  { "application/zip", "zip" },
  { "application/x-zip-compressed", "zip" },
  { "application/x-rar", "rar" },
  { "application/vnd.rar", "rar" },
  { "application/x-7z-compressed", "7z" },
  { "application/gzip", "gzip" },
  { "application/x-gzip", "gzip" },
  { "application/x-tar", "tar" },
  { "application/msword", "doc" },
  { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx" },
  { "application/vnd.ms-excel", "xls" },
  { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx" },
  { "text/plain", "text" },
  { "text/html", "html" },
  { "application/x-dosexec", "exe" },
  { "application/x-executable", "exe" },
  { "application/x-sharedlib", "exe" },
  { "application/x-pie-executable", "exe" },
  { "application/x-mach-binary", "exe" },
};

typedef struct {
  const char *extension;
  const char *type;
} ExtensionMap;

static const ExtensionMap extension_map[] = {
  { "jpg", "jpeg" }, { "jpeg", "jpeg" }, { "jpe", "jpeg" }, { "jfif", "jpeg" },
  { "png", "png" }, { "gif", "gif" }, { "bmp", "bmp" }, { "tif", "tiff" },
  { "tiff", "tiff" }, { "webp", "webp" }, { "heic", "heic" }, { "heif", "heic" },
  { "pdf", "pdf" }, { "ofd", "ofd" }, { "mp4", "mp4" }, { "m4v", "mp4" },
  { "mov", "mov" }, { "avi", "avi" }, { "zip", "zip" }, { "rar", "rar" },
  { "7z", "7z" }, { "gz", "gzip" }, { "tgz", "gzip" }, { "tar", "tar" },
  { "doc", "doc" }, { "docx", "docx" }, { "xls", "xls" }, { "xlsx", "xlsx" },
  { "txt", "text" }, { "htm", "html" }, { "html", "html" }, { "exe", "exe" },
  { "dll", "exe" }, { "bat", "exe" }, { "scr", "exe" },
};

BcIdentifier *
bc_identifier_new (GError **error)
{
  g_autofree BcIdentifier *identifier = g_new0 (BcIdentifier, 1);
  size_t bytes_max = BC_IDENTIFY_PREFIX;

  /* MAGIC_NO_CHECK_COMPRESS: never decompress (libmagic may fork helpers) */
  identifier->magic = magic_open (MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR);
  if (identifier->magic == NULL) {
    g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "cannot initialise libmagic");
    return NULL;
  }
  if (magic_load (identifier->magic, NULL) != 0) {
    g_set_error (error, BC_ERROR, BC_ERROR_FAILED, "cannot load the libmagic database: %s",
                 magic_error (identifier->magic));
    magic_close (identifier->magic);
    return NULL;
  }
  magic_setparam (identifier->magic, MAGIC_PARAM_BYTES_MAX, &bytes_max);
  return g_steal_pointer (&identifier);
}

void
bc_identifier_free (BcIdentifier *identifier)
{
  if (identifier == NULL)
    return;
  magic_close (identifier->magic);
  g_free (identifier);
}

static const char *
type_from_mime (const char *mime)
{
  for (guint i = 0; i < G_N_ELEMENTS (mime_map); i++) {
    if (g_ascii_strcasecmp (mime_map[i].mime, mime) == 0)
      return mime_map[i].type;
  }
  if (g_str_has_prefix (mime, "text/"))
    return "text";
  return "unknown";
}

/* a PDF header somewhere near the start and a startxref near the end:
 * what a PDF reader needs to open the file */
static gboolean
looks_like_pdf (const guint8 *data, gsize len)
{
  gsize tail = MIN (len, (gsize) 1024);

  return memmem (data, MIN (len, (gsize) BC_IDENTIFY_PREFIX), "%PDF-", 5) != NULL &&
         memmem (data + len - tail, tail, "startxref", 9) != NULL;
}

const char *
bc_identify_data (BcIdentifier *identifier, const guint8 *data, gsize len, char **mime)
{
  const char *result;
  const char *type;

  if (mime != NULL)
    *mime = NULL;
  if (len == 0)
    return "unknown";
  result = magic_buffer (identifier->magic, data, MIN (len, (gsize) BC_IDENTIFY_PREFIX));
  if (result == NULL)
    return "unknown";
  if (mime != NULL)
    *mime = g_strdup (result);
  type = type_from_mime (result);
  /* poppler opens a PDF behind thousands of junk bytes ("May not be a PDF
   * file (continuing anyway)": it finds the cross-reference table from the
   * end), while libmagic calls such a file text or data. Judge it as the
   * PDF it will be shown as, so the PDF inspector reports the junk
   * (pdf-not-pdf) instead of a confusing "the file is TEXT". */
  if ((g_strcmp0 (type, "text") == 0 || g_strcmp0 (type, "unknown") == 0) && looks_like_pdf (data, len))
    return "pdf";
  return type;
}

const char *
bc_identify_extension (const char *path)
{
  const char *base = strrchr (path, '/');
  const char *dot;

  base = base != NULL ? base + 1 : path;
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base || dot[1] == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (extension_map); i++) {
    if (g_ascii_strcasecmp (extension_map[i].extension, dot + 1) == 0)
      return extension_map[i].type;
  }
  return NULL;
}

gboolean
bc_type_is_known (const char *type)
{
  return type != NULL && g_strv_contains (type_names, type);
}

gboolean
bc_type_is_archive (const char *type)
{
  static const char *const archives[] = { "zip", "rar", "7z", "gzip", "tar", NULL };
  return type != NULL && g_strv_contains (archives, type);
}

gboolean
bc_type_is_image (const char *type)
{
  static const char *const images[] = { "jpeg", "png", "gif", "bmp", "tiff", "webp", "heic", NULL };
  return type != NULL && g_strv_contains (images, type);
}

const char *const *
bc_type_names (void)
{
  return type_names;
}
