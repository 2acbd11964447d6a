/* The ZIP reader: opens a bundle in memory or from a file descriptor with
 * libzip, never extracts to disk, decodes entry names the way real users'
 * tools wrote them, and reads each entry with our own byte counting.
 * Everything wrong with the archive is a finding; a GError only means the
 * tool could not read its input. */
#pragma once

#include "bundlecheck.h"

G_BEGIN_DECLS

typedef enum {
  BC_NAME_ASCII,
  BC_NAME_UTF8_FLAG,      /* general-purpose bit 11 set */
  BC_NAME_UNICODE_EXTRA,  /* Info-ZIP Unicode Path extra field (0x7075) with matching CRC */
  BC_NAME_UTF8_GUESSED,   /* no flag, but valid UTF-8 (macOS, Linux) */
  BC_NAME_GB18030,        /* no flag, decoded as GB18030/GBK (Windows zh-CN) */
  BC_NAME_UNDECODABLE,    /* none of the above; shown with U+FFFD */
} BcNameEncoding;

const char *bc_name_encoding_to_string (BcNameEncoding encoding);

typedef struct {
  guint64 index;           /* libzip index */
  char *path;              /* decoded, NFC, '/'-separated, wrapping folder removed */
  char *archive_path;      /* decoded, NFC, as stored (before removing the wrapper) */
  BcNameEncoding encoding;
  gboolean is_system_file; /* __MACOSX/, ._*, .DS_Store, Thumbs.db, desktop.ini: skipped */
  gboolean is_unsafe;      /* unsafe path: reported, still judged by content */
  gboolean is_encrypted;
  gboolean is_symlink;
  guint64 declared_size;   /* from the central directory; never trusted */
  guint64 compressed_size;
  guint32 crc;
} BcEntry;

typedef struct _BcArchive BcArchive;

/* Open a bundle. Findings about the archive as a whole and about every
 * entry's name and header (unreadable, limit, unsafe path, duplicate name,
 * encrypted entry, overlap, system files …) are appended to FINDINGS. An
 * unreadable archive still returns a BcArchive, with no entries. */
G_GNUC_WARN_UNUSED_RESULT
BcArchive *bc_archive_open_bytes (GBytes *bundle,
                                  const BcLimits *limits,
                                  BcLang lang,
                                  GPtrArray *findings,
                                  GError **error);
G_GNUC_WARN_UNUSED_RESULT
BcArchive *bc_archive_open_fd (int fd,
                               const BcLimits *limits,
                               BcLang lang,
                               GPtrArray *findings,
                               GError **error);
void bc_archive_free (BcArchive *archive);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BcArchive, bc_archive_free)

gboolean bc_archive_is_readable (const BcArchive *archive);
guint64 bc_archive_get_size (const BcArchive *archive);
const char *bc_archive_get_sha256 (const BcArchive *archive);
/* entries in the central directory (directories included) */
guint64 bc_archive_get_entry_count (const BcArchive *archive);
/* file entries (no directories), system files flagged: BcEntry* owned by the archive */
GPtrArray *bc_archive_get_entries (const BcArchive *archive);

/* Read one entry completely. Bytes are counted by us: reading stops at
 * min(declared size, max_entry_bytes) + 1, and the total and ratio budgets
 * are charged. When the entry cannot be read (encrypted, CRC error,
 * unsupported method, size mismatch, limit hit) a finding is appended and
 * *DATA is set to NULL; the function still returns TRUE. FALSE with ERROR
 * only for an I/O failure of the bundle itself. */
G_GNUC_WARN_UNUSED_RESULT
gboolean bc_archive_read_entry (BcArchive *archive,
                                const BcEntry *entry,
                                GBytes **data,
                                GPtrArray *findings,
                                GError **error);

G_END_DECLS
