/* The ZIP reader.
 *
 * libzip 1.7.3 is used to inflate entries and to cross-check headers, but
 * everything it is known to get wrong for hostile input we do ourselves
 * first, with one bounds-checked reader over the raw bytes:
 *  - the end-of-central-directory record is parsed before zip_open(), so a
 *    million-entry directory is refused before libzip allocates for it;
 *  - the central directory is walked to get raw names (with NUL bytes),
 *    bit 11, the 0x7075 field and the local header offsets, because 1.7.3
 *    rewrites names and exposes no local header offset;
 *  - overlapping entries (Fifield's bomb) are found by sorting the byte
 *    intervals [local header, end of data), which libzip never checks;
 *  - bytes are counted while reading, because 1.7.3 does not enforce the
 *    declared uncompressed size.
 * See docs/archive.md for the findings and the libzip behaviours. */

#include "bc-archive.h"
#include "bc-hash.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "bc-finding.h"
#include "bc-names.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (zip_t, zip_discard)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (zip_source_t, zip_source_free)

#define BC_ZIP_LFH_SIG       0x04034b50u
#define BC_ZIP_CD_SIG        0x02014b50u
#define BC_ZIP_EOCD_SIG      0x06054b50u
#define BC_ZIP_Z64_LOC_SIG   0x07064b50u
#define BC_ZIP_Z64_EOCD_SIG  0x06064b50u
#define BC_ZIP_EOCD_LEN      22
#define BC_ZIP_Z64_LOC_LEN   20
#define BC_ZIP_Z64_EOCD_LEN  56
#define BC_ZIP_CD_LEN        46
#define BC_ZIP_LFH_LEN       30
#define BC_ZIP_TAIL_MAX      (BC_ZIP_EOCD_LEN + 0xFFFF)
#define BC_ZIP_FLAG_ENCRYPTED 0x0001
#define BC_ZIP_FLAG_UTF8      0x0800
#define BC_ZIP_EXTRA_ZIP64    0x0001
#define BC_ZIP_EXTRA_UPATH    0x7075

#define BC_READ_CHUNK        (64 * 1024)
/* the ratio limit only applies once an entry has produced this much:
 * tiny text files legitimately compress 100:1 */
#define BC_RATIO_FLOOR       (64 * 1024)
#define BC_INITIAL_CAPACITY  (1024 * 1024)

typedef enum {
  BC_HDR_OK,
  BC_HDR_LFH_MISSING,
  BC_HDR_NAME_DIFFERS,
  BC_HDR_METHOD_DIFFERS,
  BC_HDR_FLAGS_DIFFER,
  BC_HDR_PAST_END,
} BcHeaderProblem;

typedef struct {
  BcEntry pub; /* first member: bc_archive_get_entries() hands out &pub */
  guint16 version_made_by;
  guint16 flags;
  guint16 method;
  guint32 external_attr;
  guint64 raw_name_len;
  guint64 lfh_offset;
  guint64 data_end;
  gboolean is_dir;
  gboolean has_lfh;
  gboolean overlapping;
  gboolean name_mismatch;   /* 0x7075 changes the path structure */
  gboolean upath_cd_only;   /* 0x7075 in the directory, not in the local header */
  BcHeaderProblem header_problem;
  char *raw_decoded;        /* the raw name decoded without 0x7075, for messages */
} BcEntryPriv;

struct _BcArchive {
  GBytes *bytes; /* bytes mode */
  int fd;        /* fd mode: borrowed from the caller, never closed */
  guint64 size;
  char *sha256;
  gboolean readable;
  zip_t *za;
  BcLimits limits;
  BcLang lang;
  guint64 entry_count;
  guint64 cd_offset;
  guint64 cd_size;
  guint64 eocd_offset;   /* first byte of the end records (Zip64 record if any) */
  GPtrArray *all;        /* BcEntryPriv*, central directory order, owning */
  GPtrArray *entries;    /* BcEntry*, files only, borrowed from ALL */
  guint64 total_read;
  gboolean total_exhausted;
};

/* ------------------------------------------------------------------------ */
/* bounds-checked little-endian reader */

typedef struct {
  const guint8 *data;
  gsize len;
} BcSpan;

static gboolean
bc_span_has (const BcSpan *s, gsize off, gsize len)
{
  return off <= s->len && s->len - off >= len;
}

static gboolean
bc_span_u16 (const BcSpan *s, gsize off, guint16 *v)
{
  if (!bc_span_has (s, off, 2))
    return FALSE;
  *v = (guint16) (s->data[off] | (s->data[off + 1] << 8));
  return TRUE;
}

static gboolean
bc_span_u32 (const BcSpan *s, gsize off, guint32 *v)
{
  if (!bc_span_has (s, off, 4))
    return FALSE;
  *v = (guint32) s->data[off] | ((guint32) s->data[off + 1] << 8) |
       ((guint32) s->data[off + 2] << 16) | ((guint32) s->data[off + 3] << 24);
  return TRUE;
}

static gboolean
bc_span_u64 (const BcSpan *s, gsize off, guint64 *v)
{
  guint32 lo = 0, hi = 0;
  if (!bc_span_u32 (s, off, &lo) || !bc_span_u32 (s, off + 4, &hi))
    return FALSE;
  *v = (guint64) lo | ((guint64) hi << 32);
  return TRUE;
}

static gboolean
bc_span_sub (const BcSpan *s, gsize off, gsize len, BcSpan *out)
{
  if (!bc_span_has (s, off, len))
    return FALSE;
  out->data = s->data + off;
  out->len = len;
  return TRUE;
}

static guint32
bc_crc32 (const guint8 *buf, gsize len)
{
  static guint32 table[256];
  static gsize init = 0;
  guint32 crc = 0xFFFFFFFFu;
  if (g_once_init_enter (&init)) {
    for (guint32 i = 0; i < 256; i++) {
      guint32 c = i;
      for (guint k = 0; k < 8; k++)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    g_once_init_leave (&init, 1);
  }
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ buf[i]) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

/* ------------------------------------------------------------------------ */

const char *
bc_archive_get_sha256 (const BcArchive *archive)
{
  return archive->sha256;
}

gboolean
bc_archive_is_readable (const BcArchive *archive)
{
  return archive->readable;
}

guint64
bc_archive_get_size (const BcArchive *archive)
{
  return archive->size;
}

guint64
bc_archive_get_entry_count (const BcArchive *archive)
{
  return archive->entry_count;
}

GPtrArray *
bc_archive_get_entries (const BcArchive *archive)
{
  return archive->entries;
}

static void
bc_entry_priv_free (BcEntryPriv *priv)
{
  g_free (priv->pub.path);
  g_free (priv->pub.archive_path);
  g_free (priv->raw_decoded);
  g_free (priv);
}

void
bc_archive_free (BcArchive *archive)
{
  if (archive == NULL)
    return;
  if (archive->za != NULL)
    zip_discard (archive->za);
  if (archive->bytes != NULL)
    g_bytes_unref (archive->bytes);
  g_ptr_array_unref (archive->entries);
  g_ptr_array_unref (archive->all);
  g_free (archive->sha256);
  g_free (archive);
}

static BcArchive *
bc_archive_new (const BcLimits *limits, BcLang lang)
{
  BcArchive *self = g_new0 (BcArchive, 1);
  self->fd = -1;
  self->limits = *limits;
  self->lang = lang;
  self->readable = TRUE;
  self->all = g_ptr_array_new_with_free_func ((GDestroyNotify) bc_entry_priv_free);
  self->entries = g_ptr_array_new ();
  return self;
}

/* read LEN bytes at OFF of the bundle. Out of range is not an error: it is
 * a broken archive, so *OUT is NULL and TRUE is returned. FALSE only for
 * an I/O failure of the fd. */
static gboolean
bc_archive_read_at (BcArchive *self, guint64 off, guint64 len, GBytes **out, GError **error)
{
  guint64 end = 0;
  g_autofree guint8 *buf = NULL;
  gsize done = 0;

  *out = NULL;
  if (!g_uint64_checked_add (&end, off, len) || end > self->size || len > G_MAXSIZE)
    return TRUE;
  if (self->bytes != NULL) {
    *out = g_bytes_new_from_bytes (self->bytes, (gsize) off, (gsize) len);
    return TRUE;
  }
  buf = g_malloc (len > 0 ? (gsize) len : 1);
  while (done < len) {
    ssize_t n = pread (self->fd, buf + done, (gsize) len - done, (off_t) (off + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      g_set_error (error, BC_ERROR, BC_ERROR_IO, "cannot read bundle: %s", g_strerror (errno));
      return FALSE;
    }
    if (n == 0) {
      g_set_error (error, BC_ERROR, BC_ERROR_IO, "bundle changed while being read");
      return FALSE;
    }
    done += (gsize) n;
  }
  *out = g_bytes_new_take (g_steal_pointer (&buf), (gsize) len);
  return TRUE;
}

static const char *
bc_archive_recreate_hint (BcLang lang)
{
  return BC_TR (lang,
                "Re-create the ZIP with your archiving tool (for example right-click the folder, "
                "\"Send to > Compressed folder\") and upload the new file.",
                "请用压缩软件重新压缩（例如右键文件夹选择“发送到 > 压缩(zipped)文件夹”），再上传新的文件。");
}

static void
bc_archive_set_unreadable (BcArchive *self, GPtrArray *findings, const char *reason)
{
  self->readable = FALSE;
  g_ptr_array_set_size (self->entries, 0);
  bc_findings_add (findings, "archive-unreadable", BC_SEVERITY_ERROR, NULL, NULL,
                   bc_archive_recreate_hint (self->lang),
                   BC_TR (self->lang, "The bundle cannot be read as a ZIP archive: %s",
                          "无法作为 ZIP 压缩包读取：%s"),
                   reason);
}

static void
bc_archive_limit (BcArchive *self,
                  GPtrArray *findings,
                  const char *file,
                  const char *what,
                  const char *limit_name,
                  guint64 value)
{
  bc_findings_add (findings, "archive-limit-exceeded", BC_SEVERITY_ERROR, NULL, file,
                   BC_TR (self->lang,
                          "Split the material into smaller files or reduce scan resolution; "
                          "filing attachments are usually a few MB each.",
                          "请缩小文件（降低扫描分辨率）或拆分材料；备案附件通常每个只有几 MB。"),
                   BC_TR (self->lang, "%s: exceeds the limit %s = %" G_GUINT64_FORMAT,
                          "%s：超过限制 %s = %" G_GUINT64_FORMAT),
                   what, limit_name, value);
}

/* ------------------------------------------------------------------------ */
/* end of central directory */

typedef enum {
  BC_PARSE_OK,
  BC_PARSE_STOP, /* a finding was added; do not go on */
  BC_PARSE_IO,   /* GError set */
} BcParse;

static BcParse
bc_archive_parse_eocd (BcArchive *self, GPtrArray *findings, GError **error)
{
  g_autoptr(GBytes) tail = NULL;
  guint64 tail_len = MIN (self->size, (guint64) BC_ZIP_TAIL_MAX);
  guint64 tail_off = self->size - tail_len;
  BcSpan s = { NULL, 0 };
  gssize chosen = -1;
  guint n_sigs = 0, n_bad_comment = 0;
  guint16 disk = 0, disk_cd = 0, n_disk = 0, n_total16 = 0, comment_len = 0;
  guint32 cd_size32 = 0, cd_off32 = 0;
  guint64 n_total = 0, end = 0;
  gboolean zip64 = FALSE;

  if (self->size == 0) {
    bc_archive_set_unreadable (self, findings, BC_TR (self->lang, "the file is empty (0 bytes)", "文件为空（0 字节）"));
    return BC_PARSE_STOP;
  }
  if (!bc_archive_read_at (self, tail_off, tail_len, &tail, error))
    return BC_PARSE_IO;
  s.data = g_bytes_get_data (tail, &s.len);

  /* every EOCD signature whose comment fits inside the file is a
   * candidate. A stored ZIP inside the bundle (users do zip a zip) brings
   * its own EOCD, and a crafted comment can hide a fake one, so the first
   * or last signature is not enough: the real record is the last one whose
   * central directory ends right where the record starts (absolute
   * offsets), as libzip checks too. Signatures elsewhere before it are
   * entry data; another self-consistent one, or one inside the chosen
   * record's comment, is a parser differential. */
  {
    gssize first = -1, consistent = -1;
    guint n_consistent = 0;
    for (gsize i = 0; s.len >= BC_ZIP_EOCD_LEN && i <= s.len - BC_ZIP_EOCD_LEN; i++) {
      guint32 sig = 0, cd_sz = 0, cd_off = 0;
      guint16 clen = 0;
      guint64 pos = tail_off + (guint64) i;
      if (s.data[i] != 'P' || !bc_span_u32 (&s, i, &sig) || sig != BC_ZIP_EOCD_SIG)
        continue;
      if (!bc_span_u16 (&s, i + 20, &clen) || (guint64) i + BC_ZIP_EOCD_LEN + clen > s.len) {
        n_bad_comment++;
        continue;
      }
      n_sigs++;
      if (first < 0)
        first = (gssize) i;
      (void) bc_span_u32 (&s, i + 12, &cd_sz);
      (void) bc_span_u32 (&s, i + 16, &cd_off);
      if ((cd_sz == 0xFFFFFFFFu || cd_off == 0xFFFFFFFFu) ||
          (guint64) cd_off + (guint64) cd_sz == pos) {
        consistent = (gssize) i;
        n_consistent++;
      }
    }
    chosen = consistent >= 0 ? consistent : first;
    /* what counts as "more than one record" is what another tool could
     * pick: self-consistent records, and any inside the chosen comment */
    if (chosen >= 0) {
      guint16 chosen_clen = 0;
      guint in_comment = 0;
      (void) bc_span_u16 (&s, (gsize) chosen + 20, &chosen_clen);
      for (gsize i = (gsize) chosen + 1; i + 4 <= (gsize) chosen + BC_ZIP_EOCD_LEN + chosen_clen && i + 4 <= s.len; i++) {
        guint32 sig = 0;
        if (s.data[i] == 'P' && bc_span_u32 (&s, i, &sig) && sig == BC_ZIP_EOCD_SIG)
          in_comment++;
      }
      n_sigs = MAX (n_consistent, 1) + in_comment;
    }
  }
  if (chosen < 0 && n_bad_comment > 0) {
    bc_archive_set_unreadable (self, findings,
                               BC_TR (self->lang,
                                      "the end-of-archive record is damaged (its comment length points past the end of the file)",
                                      "压缩包结尾记录已损坏（注释长度超出文件末尾）"));
    return BC_PARSE_STOP;
  }
  if (chosen < 0) {
    bc_archive_set_unreadable (self, findings,
                               BC_TR (self->lang,
                                      "no end-of-archive record: this is not a ZIP file, or the file is cut off (truncated)",
                                      "找不到压缩包结尾记录：这不是 ZIP 文件，或文件不完整（被截断）"));
    return BC_PARSE_STOP;
  }
  if (n_sigs > 1) {
    bc_findings_add (findings, "archive-ambiguous-eocd", BC_SEVERITY_ERROR, NULL, NULL,
                     bc_archive_recreate_hint (self->lang),
                     BC_TR (self->lang,
                            "The archive has %u end-of-archive records; different tools will see different files in it",
                            "压缩包有 %u 个结尾记录，不同软件看到的文件可能不同"),
                     n_sigs);
  }

  (void) bc_span_u16 (&s, chosen + 4, &disk);
  (void) bc_span_u16 (&s, chosen + 6, &disk_cd);
  (void) bc_span_u16 (&s, chosen + 8, &n_disk);
  (void) bc_span_u16 (&s, chosen + 10, &n_total16);
  (void) bc_span_u32 (&s, chosen + 12, &cd_size32);
  (void) bc_span_u32 (&s, chosen + 16, &cd_off32);
  (void) bc_span_u16 (&s, chosen + 20, &comment_len);
  self->eocd_offset = tail_off + (guint64) chosen;
  n_total = n_total16;
  self->cd_size = cd_size32;
  self->cd_offset = cd_off32;

  end = self->eocd_offset + BC_ZIP_EOCD_LEN + comment_len;
  if (end < self->size) {
    bc_findings_add (findings, "archive-trailing-data", BC_SEVERITY_WARNING, NULL, NULL,
                     bc_archive_recreate_hint (self->lang),
                     BC_TR (self->lang,
                            "%" G_GUINT64_FORMAT " bytes of other data follow the end of the ZIP archive",
                            "ZIP 压缩包结尾之后还有 %" G_GUINT64_FORMAT " 字节的其他数据"),
                     self->size - end);
  }

  /* Zip64: a locator right before the EOCD points at the real counts */
  if (self->eocd_offset >= BC_ZIP_Z64_LOC_LEN) {
    g_autoptr(GBytes) loc = NULL;
    BcSpan ls = { NULL, 0 };
    guint32 sig = 0;
    if (!bc_archive_read_at (self, self->eocd_offset - BC_ZIP_Z64_LOC_LEN, BC_ZIP_Z64_LOC_LEN, &loc, error))
      return BC_PARSE_IO;
    ls.data = g_bytes_get_data (loc, &ls.len);
    if (bc_span_u32 (&ls, 0, &sig) && sig == BC_ZIP_Z64_LOC_SIG) {
      g_autoptr(GBytes) rec = NULL;
      BcSpan rs = { NULL, 0 };
      guint32 z_disk = 0, z_disk_cd = 0, loc_disks = 0;
      guint64 z_off = 0, z_n_disk = 0;
      (void) bc_span_u64 (&ls, 8, &z_off);
      (void) bc_span_u32 (&ls, 16, &loc_disks);
      if (!bc_archive_read_at (self, z_off, BC_ZIP_Z64_EOCD_LEN, &rec, error))
        return BC_PARSE_IO;
      if (rec != NULL)
        rs.data = g_bytes_get_data (rec, &rs.len);
      if (rec == NULL || !bc_span_u32 (&rs, 0, &sig) || sig != BC_ZIP_Z64_EOCD_SIG ||
          z_off + BC_ZIP_Z64_EOCD_LEN > self->eocd_offset) {
        bc_archive_set_unreadable (self, findings,
                                   BC_TR (self->lang, "the Zip64 end record is missing or damaged",
                                          "Zip64 结尾记录缺失或损坏"));
        return BC_PARSE_STOP;
      }
      (void) bc_span_u32 (&rs, 16, &z_disk);
      (void) bc_span_u32 (&rs, 20, &z_disk_cd);
      (void) bc_span_u64 (&rs, 24, &z_n_disk);
      (void) bc_span_u64 (&rs, 32, &n_total);
      (void) bc_span_u64 (&rs, 40, &self->cd_size);
      (void) bc_span_u64 (&rs, 48, &self->cd_offset);
      if (z_disk != 0 || z_disk_cd != 0 || loc_disks > 1 || z_n_disk != n_total)
        disk = 1;
      self->eocd_offset = z_off;
      zip64 = TRUE;
    }
  }
  if (!zip64 && n_disk != n_total16)
    disk = 1;

  self->entry_count = n_total;

  /* split archives (.z01, .z02 …) cannot be judged from one part */
  if (disk != 0 || disk_cd != 0) {
    bc_archive_set_unreadable (self, findings,
                               BC_TR (self->lang, "it is one part of a split (multi-part) archive",
                                      "这是分卷压缩包的其中一卷"));
    return BC_PARSE_STOP;
  }

  /* the entry count is checked before libzip allocates the directory */
  if (n_total > self->limits.max_entries) {
    self->readable = FALSE;
    bc_archive_limit (self, findings, NULL,
                      BC_TR (self->lang, "The archive declares too many entries", "压缩包声明的条目过多"),
                      "max-entries", self->limits.max_entries);
    return BC_PARSE_STOP;
  }

  if (!g_uint64_checked_add (&end, self->cd_offset, self->cd_size) || end > self->eocd_offset) {
    bc_archive_set_unreadable (self, findings,
                               BC_TR (self->lang,
                                      "the central directory lies outside the file (the file is cut off or damaged)",
                                      "中央目录超出文件范围（文件不完整或已损坏）"));
    return BC_PARSE_STOP;
  }
  if (n_total > 0) {
    g_autoptr(GBytes) sigb = NULL;
    g_autoptr(GBytes) moved = NULL;
    BcSpan ss = { NULL, 0 };
    guint32 sig = 0;
    if (!bc_archive_read_at (self, self->cd_offset, 4, &sigb, error))
      return BC_PARSE_IO;
    if (sigb != NULL)
      ss.data = g_bytes_get_data (sigb, &ss.len);
    if (sigb == NULL || !bc_span_u32 (&ss, 0, &sig) || sig != BC_ZIP_CD_SIG) {
      /* data prepended to a ZIP shifts every offset; libzip does not
       * relocate, and a tool that does would show different bytes */
      if (self->eocd_offset >= self->cd_size) {
        if (!bc_archive_read_at (self, self->eocd_offset - self->cd_size, 4, &moved, error))
          return BC_PARSE_IO;
        if (moved != NULL)
          ss.data = g_bytes_get_data (moved, &ss.len);
      }
      if (moved != NULL && bc_span_u32 (&ss, 0, &sig) && sig == BC_ZIP_CD_SIG) {
        g_autofree char *msg = g_strdup_printf (
            BC_TR (self->lang, "%" G_GUINT64_FORMAT " bytes of other data come before the ZIP archive",
                   "ZIP 压缩包之前有 %" G_GUINT64_FORMAT " 字节的其他数据"),
            self->eocd_offset - self->cd_size - self->cd_offset);
        bc_archive_set_unreadable (self, findings, msg);
      } else {
        bc_archive_set_unreadable (self, findings,
                                   BC_TR (self->lang, "the central directory is missing or damaged",
                                          "中央目录缺失或损坏"));
      }
      return BC_PARSE_STOP;
    }
  }
  return BC_PARSE_OK;
}

/* ------------------------------------------------------------------------ */
/* central directory and local headers */

static void
bc_archive_parse_extra (const BcSpan *extra,
                        const BcSpan *raw_name,
                        guint32 size32,
                        guint32 csize32,
                        guint32 off32,
                        BcEntryPriv *priv,
                        char **unicode_path)
{
  gsize pos = 0;
  while (bc_span_has (extra, pos, 4)) {
    guint16 id = 0, len = 0;
    BcSpan body = { NULL, 0 };
    (void) bc_span_u16 (extra, pos, &id);
    (void) bc_span_u16 (extra, pos + 2, &len);
    if (!bc_span_sub (extra, pos + 4, len, &body))
      break; /* malformed: stop, libzip (with CHECKCONS) reports it */
    if (id == BC_ZIP_EXTRA_ZIP64) {
      /* only the fields whose 32-bit value is 0xFFFFFFFF are present */
      gsize f = 0;
      if (size32 == 0xFFFFFFFFu && bc_span_u64 (&body, f, &priv->pub.declared_size))
        f += 8;
      if (csize32 == 0xFFFFFFFFu && bc_span_u64 (&body, f, &priv->pub.compressed_size))
        f += 8;
      if (off32 == 0xFFFFFFFFu && bc_span_u64 (&body, f, &priv->lfh_offset))
        f += 8;
    } else if (id == BC_ZIP_EXTRA_UPATH && unicode_path != NULL && *unicode_path == NULL) {
      guint32 crc = 0;
      /* version 1, CRC-32 of the raw name; a stale field must be ignored */
      if (body.len >= 5 && body.data[0] == 1 && bc_span_u32 (&body, 1, &crc) &&
          crc == bc_crc32 (raw_name->data, raw_name->len) &&
          memchr (body.data + 5, '\0', body.len - 5) == NULL &&
          g_utf8_validate_len ((const char *) body.data + 5, body.len - 5, NULL))
        *unicode_path = g_strndup ((const char *) body.data + 5, body.len - 5);
    }
    pos += 4 + (gsize) len;
  }
}

static gboolean
bc_span_has_extra (const BcSpan *extra, guint16 want)
{
  gsize pos = 0;
  while (bc_span_has (extra, pos, 4)) {
    guint16 id = 0, len = 0;
    (void) bc_span_u16 (extra, pos, &id);
    (void) bc_span_u16 (extra, pos + 2, &len);
    if (id == want)
      return TRUE;
    pos += 4 + (gsize) len;
  }
  return FALSE;
}

/* the shape of a path: segment count and which segments are special. A
 * Unicode Path field may rename a file, but must not move it. */
static char *
bc_path_shape (const char *path)
{
  g_autofree char *slashed = g_strdup (path);
  g_auto(GStrv) segs = NULL;
  GString *shape = g_string_new (NULL);
  g_strdelimit (slashed, "\\", '/');
  if (g_ascii_isalpha (slashed[0]) && slashed[1] == ':')
    g_string_append_c (shape, 'D');
  segs = g_strsplit (slashed, "/", -1);
  for (guint i = 0; segs[i] != NULL; i++) {
    if (g_strcmp0 (segs[i], "..") == 0)
      g_string_append_c (shape, 'P');
    else if (g_strcmp0 (segs[i], ".") == 0)
      g_string_append_c (shape, 'C');
    else if (segs[i][0] == '\0')
      g_string_append_c (shape, 'E');
    else
      g_string_append_c (shape, 'n');
  }
  return g_string_free (shape, FALSE);
}

static BcParse
bc_archive_read_lfh (BcArchive *self, BcEntryPriv *priv, const BcSpan *raw_name, const BcSpan *cd_extra, GError **error)
{
  g_autoptr(GBytes) hdr = NULL;
  g_autoptr(GBytes) var = NULL;
  BcSpan h = { NULL, 0 }, v = { NULL, 0 }, lname = { NULL, 0 }, lextra = { NULL, 0 };
  guint32 sig = 0;
  guint16 lflags = 0, lmethod = 0, nlen = 0, elen = 0;
  guint64 data_start = 0;

  if (!bc_archive_read_at (self, priv->lfh_offset, BC_ZIP_LFH_LEN, &hdr, error))
    return BC_PARSE_IO;
  if (hdr != NULL)
    h.data = g_bytes_get_data (hdr, &h.len);
  if (hdr == NULL || !bc_span_u32 (&h, 0, &sig) || sig != BC_ZIP_LFH_SIG) {
    priv->header_problem = BC_HDR_LFH_MISSING;
    return BC_PARSE_OK;
  }
  (void) bc_span_u16 (&h, 6, &lflags);
  (void) bc_span_u16 (&h, 8, &lmethod);
  (void) bc_span_u16 (&h, 26, &nlen);
  (void) bc_span_u16 (&h, 28, &elen);
  if (!bc_archive_read_at (self, priv->lfh_offset + BC_ZIP_LFH_LEN, (guint64) nlen + elen, &var, error))
    return BC_PARSE_IO;
  if (var == NULL) {
    priv->header_problem = BC_HDR_PAST_END;
    return BC_PARSE_OK;
  }
  v.data = g_bytes_get_data (var, &v.len);
  (void) bc_span_sub (&v, 0, nlen, &lname);
  (void) bc_span_sub (&v, nlen, elen, &lextra);
  priv->has_lfh = TRUE;

  /* two tools, two files: streaming extractors use the local name */
  if (lname.len != raw_name->len || memcmp (lname.data, raw_name->data, lname.len) != 0)
    priv->header_problem = BC_HDR_NAME_DIFFERS;
  else if (lmethod != priv->method)
    priv->header_problem = BC_HDR_METHOD_DIFFERS;
  else if ((lflags & BC_ZIP_FLAG_ENCRYPTED) != (priv->flags & BC_ZIP_FLAG_ENCRYPTED))
    priv->header_problem = BC_HDR_FLAGS_DIFFER;
  priv->upath_cd_only = bc_span_has_extra (cd_extra, BC_ZIP_EXTRA_UPATH) &&
                        !bc_span_has_extra (&lextra, BC_ZIP_EXTRA_UPATH);

  data_start = priv->lfh_offset + BC_ZIP_LFH_LEN + nlen + elen;
  if (!g_uint64_checked_add (&priv->data_end, data_start, priv->pub.compressed_size) ||
      priv->data_end > self->size) {
    priv->data_end = self->size;
    if (priv->header_problem == BC_HDR_OK)
      priv->header_problem = BC_HDR_PAST_END;
  }
  return BC_PARSE_OK;
}

static BcParse
bc_archive_walk_cd (BcArchive *self, GPtrArray *findings, GError **error)
{
  g_autoptr(GBytes) cd = NULL;
  BcSpan s = { NULL, 0 };
  gsize pos = 0;

  if (!bc_archive_read_at (self, self->cd_offset, self->cd_size, &cd, error))
    return BC_PARSE_IO;
  g_assert (cd != NULL); /* bounds were checked against the EOCD */
  s.data = g_bytes_get_data (cd, &s.len);

  for (guint64 i = 0; i < self->entry_count; i++) {
    BcEntryPriv *priv = g_new0 (BcEntryPriv, 1);
    guint32 sig = 0, crc = 0, csize32 = 0, size32 = 0, off32 = 0;
    guint16 nlen = 0, elen = 0, clen = 0, disk = 0;
    BcSpan raw = { NULL, 0 }, extra = { NULL, 0 };
    g_autofree char *upath = NULL;
    BcParse rc;

    g_ptr_array_add (self->all, priv);
    priv->pub.index = i;
    if (!bc_span_u32 (&s, pos, &sig) || sig != BC_ZIP_CD_SIG || !bc_span_has (&s, pos, BC_ZIP_CD_LEN)) {
      g_autofree char *msg = g_strdup_printf (
          BC_TR (self->lang, "the central directory is damaged at entry %" G_GUINT64_FORMAT,
                 "中央目录在第 %" G_GUINT64_FORMAT " 个条目处损坏"),
          i + 1);
      bc_archive_set_unreadable (self, findings, msg);
      return BC_PARSE_STOP;
    }
    (void) bc_span_u16 (&s, pos + 4, &priv->version_made_by);
    (void) bc_span_u16 (&s, pos + 8, &priv->flags);
    (void) bc_span_u16 (&s, pos + 10, &priv->method);
    (void) bc_span_u32 (&s, pos + 16, &crc);
    (void) bc_span_u32 (&s, pos + 20, &csize32);
    (void) bc_span_u32 (&s, pos + 24, &size32);
    (void) bc_span_u16 (&s, pos + 28, &nlen);
    (void) bc_span_u16 (&s, pos + 30, &elen);
    (void) bc_span_u16 (&s, pos + 32, &clen);
    (void) bc_span_u16 (&s, pos + 34, &disk);
    (void) bc_span_u32 (&s, pos + 38, &priv->external_attr);
    (void) bc_span_u32 (&s, pos + 42, &off32);
    if (!bc_span_sub (&s, pos + BC_ZIP_CD_LEN, nlen, &raw) ||
        !bc_span_sub (&s, pos + BC_ZIP_CD_LEN + nlen, elen, &extra) ||
        !bc_span_has (&s, pos + BC_ZIP_CD_LEN + nlen + elen, clen)) {
      g_autofree char *msg = g_strdup_printf (
          BC_TR (self->lang, "the central directory is cut off at entry %" G_GUINT64_FORMAT,
                 "中央目录在第 %" G_GUINT64_FORMAT " 个条目处被截断"),
          i + 1);
      bc_archive_set_unreadable (self, findings, msg);
      return BC_PARSE_STOP;
    }
    pos += BC_ZIP_CD_LEN + (gsize) nlen + elen + clen;

    priv->pub.crc = crc;
    priv->pub.declared_size = size32;
    priv->pub.compressed_size = csize32;
    priv->lfh_offset = off32;
    priv->raw_name_len = nlen;
    bc_archive_parse_extra (&extra, &raw, size32, csize32, off32, priv, &upath);

    priv->pub.archive_path = bc_name_decode (raw.data, raw.len, (priv->flags & BC_ZIP_FLAG_UTF8) != 0,
                                             upath, &priv->pub.encoding);
    if (upath != NULL) {
      BcNameEncoding raw_enc;
      g_autofree char *shape_u = NULL;
      g_autofree char *shape_r = NULL;
      priv->raw_decoded = bc_name_decode (raw.data, raw.len, FALSE, NULL, &raw_enc);
      shape_u = bc_path_shape (priv->pub.archive_path);
      shape_r = bc_path_shape (priv->raw_decoded);
      priv->name_mismatch = g_strcmp0 (shape_u, shape_r) != 0;
    }
    priv->pub.path = g_strdup (priv->pub.archive_path);
    priv->is_dir = raw.len > 0 && raw.data[raw.len - 1] == '/';
    priv->pub.is_encrypted = (priv->flags & BC_ZIP_FLAG_ENCRYPTED) != 0;
    priv->pub.is_symlink = (priv->version_made_by >> 8) == 3 &&
                           ((priv->external_attr >> 16) & 0170000) == 0120000;
    priv->pub.is_system_file = bc_name_is_system_file (priv->pub.archive_path);
    priv->pub.is_unsafe = bc_name_unsafe_reason (priv->pub.archive_path) != NULL;
    if (disk != 0) {
      priv->header_problem = BC_HDR_LFH_MISSING;
      continue;
    }
    rc = bc_archive_read_lfh (self, priv, &raw, &extra, error);
    if (rc != BC_PARSE_OK)
      return rc;
  }
  return BC_PARSE_OK;
}

typedef struct {
  guint64 start;
  guint64 end;
  BcEntryPriv *priv;
} BcInterval;

static gint
bc_interval_cmp (gconstpointer a, gconstpointer b)
{
  const BcInterval *ia = a, *ib = b;
  if (ia->start != ib->start)
    return ia->start < ib->start ? -1 : 1;
  return 0;
}

/* Fifield's bomb points many directory records at one compressed kernel;
 * the exact test is that no two [local header, end of data) intervals
 * intersect and none reaches into the central directory */
static void
bc_archive_check_overlap (BcArchive *self, GPtrArray *findings)
{
  g_autoptr(GArray) iv = g_array_new (FALSE, FALSE, sizeof (BcInterval));
  guint64 max_end = 0;
  BcEntryPriv *max_owner = NULL;
  guint64 sum = 0;
  gboolean sum_overflow = FALSE;
  guint n_overlap = 0;
  g_autoptr(GString) names = g_string_new (NULL);
  const char *first = NULL;

  for (guint i = 0; i < self->all->len; i++) {
    BcEntryPriv *priv = g_ptr_array_index (self->all, i);
    BcInterval one = { priv->lfh_offset, priv->data_end, priv };
    if (!g_uint64_checked_add (&sum, sum, priv->pub.compressed_size))
      sum_overflow = TRUE;
    if (!priv->has_lfh)
      continue;
    if (one.end > self->cd_offset)
      priv->overlapping = TRUE;
    g_array_append_val (iv, one);
  }
  g_array_sort (iv, bc_interval_cmp);
  for (guint i = 0; i < iv->len; i++) {
    BcInterval *one = &g_array_index (iv, BcInterval, i);
    if (max_owner != NULL && one->start < max_end) {
      one->priv->overlapping = TRUE;
      max_owner->overlapping = TRUE;
    }
    if (max_owner == NULL || one->end > max_end) {
      max_end = one->end;
      max_owner = one->priv;
    }
  }
  for (guint i = 0; i < self->all->len; i++) {
    BcEntryPriv *priv = g_ptr_array_index (self->all, i);
    if (!priv->overlapping)
      continue;
    if (n_overlap < 5) {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, priv->pub.path);
    }
    if (first == NULL)
      first = priv->pub.path;
    n_overlap++;
  }
  if (n_overlap > 5)
    g_string_append (names, ", …");

  if (n_overlap > 0) {
    bc_findings_add (findings, "archive-overlapping-entries", BC_SEVERITY_ERROR, NULL, first,
                     bc_archive_recreate_hint (self->lang),
                     BC_TR (self->lang,
                            "%u entries share their compressed bytes with another entry or with the directory "
                            "(a zip bomb technique); they were not unpacked: %s",
                            "有 %u 个条目与其他条目或目录共用压缩数据（压缩炸弹手法），未解压：%s"),
                     n_overlap, names->str);
  } else if (sum_overflow || sum > self->size) {
    /* cannot happen without overlap, but costs nothing to state */
    for (guint i = 0; i < self->all->len; i++)
      ((BcEntryPriv *) g_ptr_array_index (self->all, i))->overlapping = TRUE;
    bc_findings_add (findings, "archive-overlapping-entries", BC_SEVERITY_ERROR, NULL, NULL,
                     bc_archive_recreate_hint (self->lang),
                     BC_TR (self->lang,
                            "The entries claim more compressed bytes than the archive holds (%" G_GUINT64_FORMAT
                            " bytes): they must overlap",
                            "条目声明的压缩数据比压缩包本身（%" G_GUINT64_FORMAT " 字节）还多：条目必然重叠"),
                     self->size);
  }
}

/* zipping a folder wraps everything in it; the folder name is not part of
 * any document's name */
static void
bc_archive_remove_wrapper (BcArchive *self)
{
  g_autofree char *prefix = NULL;
  guint n_files = 0;

  for (guint i = 0; i < self->all->len; i++) {
    BcEntryPriv *priv = g_ptr_array_index (self->all, i);
    const char *slash;
    if (priv->is_dir || priv->pub.is_system_file)
      continue;
    slash = strchr (priv->pub.archive_path, '/');
    if (slash == NULL)
      return;
    if (prefix == NULL) {
      prefix = g_strndup (priv->pub.archive_path, (gsize) (slash - priv->pub.archive_path) + 1);
      if (g_strcmp0 (prefix, "/") == 0 || g_strcmp0 (prefix, "./") == 0 || g_strcmp0 (prefix, "../") == 0)
        return;
    } else if (!g_str_has_prefix (priv->pub.archive_path, prefix)) {
      return;
    }
    n_files++;
  }
  if (n_files == 0 || prefix == NULL)
    return;
  for (guint i = 0; i < self->all->len; i++) {
    BcEntryPriv *priv = g_ptr_array_index (self->all, i);
    if (g_str_has_prefix (priv->pub.archive_path, prefix)) {
      g_free (priv->pub.path);
      priv->pub.path = g_strdup (priv->pub.archive_path + strlen (prefix));
    }
  }
}

static char *
bc_name_escape (const char *name)
{
  GString *out = g_string_new (NULL);
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2400 || (c >= 0x202A && c <= 0x202E) ||
        (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C)
      g_string_append_printf (out, "\\u%04X", c);
    else
      g_string_append_unichar (out, c);
  }
  return g_string_free (out, FALSE);
}

static void
bc_archive_entry_findings (BcArchive *self, GPtrArray *findings)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_macosx = 0;
  const char *first_macosx = NULL;
  BcLang lang = self->lang;

  for (guint i = 0; i < self->all->len; i++) {
    BcEntryPriv *priv = g_ptr_array_index (self->all, i);
    const char *file = priv->pub.path[0] != '\0' ? priv->pub.path : priv->pub.archive_path;
    const char *reason = bc_name_unsafe_reason (priv->pub.archive_path);

    if (priv->raw_name_len > self->limits.max_name_bytes)
      bc_archive_limit (self, findings, file,
                        BC_TR (lang, "The entry name is too long", "条目名称过长"),
                        "max-name-bytes", self->limits.max_name_bytes);
    if (priv->pub.encoding == BC_NAME_UNDECODABLE)
      bc_findings_add (findings, "archive-undecodable-name", BC_SEVERITY_ERROR, NULL, file,
                       BC_TR (lang, "Rename the file with plain Chinese or English characters and re-create the ZIP.",
                              "请用常规中英文字符重命名文件后重新压缩。"),
                       BC_TR (lang, "The name of \"%s\" is in an unknown character encoding",
                              "“%s”的名称使用了无法识别的字符编码"),
                       file);
    /* a directory ending in '/' has one empty last segment, which is fine */
    if (reason != NULL) {
      /* the reasons are fixed English strings from bc-names.c; the message
       * states them verbatim in both languages, and shows hidden characters
       * as \uXXXX so the message cannot lie the way the name does */
      g_autofree char *shown = bc_name_escape (file);
      bc_findings_add (findings, "archive-unsafe-path", BC_SEVERITY_ERROR, NULL, file,
                       BC_TR (lang, "Rename the file to a plain name inside the ZIP and re-create the ZIP.",
                              "请把文件改为普通名称后重新压缩。"),
                       BC_TR (lang, "The entry name \"%s\" is unsafe (%s); no file name may point outside the archive or hide characters",
                              "条目名称“%s”不安全（%s）：文件名不能指向压缩包之外，也不能含隐藏字符"),
                       shown, reason);
    }
    if (priv->name_mismatch)
      bc_findings_add (findings, "archive-name-mismatch", BC_SEVERITY_ERROR, NULL, file,
                       bc_archive_recreate_hint (lang),
                       BC_TR (lang, "The Unicode name \"%s\" stored for this entry does not match its plain name \"%s\"; tools disagree on where it goes",
                              "该条目的 Unicode 名称“%s”与普通名称“%s”不一致，不同软件会把它放到不同位置"),
                       priv->pub.archive_path, priv->raw_decoded);
    switch (priv->header_problem) {
    case BC_HDR_OK:
      break;
    case BC_HDR_NAME_DIFFERS:
      bc_findings_add (findings, "archive-header-mismatch", BC_SEVERITY_ERROR, NULL, file,
                       bc_archive_recreate_hint (lang),
                       BC_TR (lang, "The entry's local header names a different file than the directory; different tools would extract different files",
                              "该条目本地文件头中的文件名与目录不一致，不同软件会解出不同的文件"));
      break;
    case BC_HDR_METHOD_DIFFERS:
    case BC_HDR_FLAGS_DIFFER:
      bc_findings_add (findings, "archive-header-mismatch", BC_SEVERITY_ERROR, NULL, file,
                       bc_archive_recreate_hint (lang),
                       BC_TR (lang, "The entry's local header disagrees with the directory about how it is stored",
                              "该条目本地文件头与目录中的存储方式不一致"));
      break;
    case BC_HDR_LFH_MISSING:
    case BC_HDR_PAST_END:
      bc_findings_add (findings, "archive-corrupt-entry", BC_SEVERITY_ERROR, NULL, file,
                       bc_archive_recreate_hint (lang),
                       BC_TR (lang, "The entry's data is missing or runs past the end of the archive",
                              "该条目的数据缺失或超出压缩包末尾"));
      break;
    default:
      break;
    }
    if (priv->is_dir)
      continue;

    if (priv->pub.is_encrypted)
      bc_findings_add (findings, "archive-encrypted-entry", BC_SEVERITY_ERROR, NULL, file,
                       BC_TR (lang, "Remove the password: compress the files again without encryption.",
                              "请去掉密码：不加密重新压缩这些文件。"),
                       BC_TR (lang, "\"%s\" is password-protected and cannot be checked or read by the reviewer",
                              "“%s”设置了密码，无法检查，审核人员也无法打开"),
                       file);
    if (priv->pub.is_symlink)
      bc_findings_add (findings, "archive-symlink", BC_SEVERITY_ERROR, NULL, file,
                       BC_TR (lang, "Put the real file into the ZIP instead of a link.", "请放入真实文件而不是快捷方式/链接。"),
                       BC_TR (lang, "\"%s\" is a symbolic link, not a file", "“%s”是符号链接，不是文件"), file);
    if (priv->pub.is_system_file) {
      g_auto(GStrv) segs = g_strsplit (priv->pub.archive_path, "/", 2);
      if (g_ascii_strcasecmp (segs[0], "__MACOSX") == 0) {
        if (first_macosx == NULL)
          first_macosx = priv->pub.archive_path;
        n_macosx++;
      } else {
        bc_findings_add (findings, "archive-system-file", BC_SEVERITY_INFO, NULL, file,
                         BC_TR (lang, "Nothing to do; you may leave it out next time.", "无需处理，下次可以不放入。"),
                         BC_TR (lang, "\"%s\" is system metadata and was skipped", "“%s”是系统生成的附属文件，已跳过"),
                         file);
      }
      continue;
    }
    {
      g_autofree char *fold = g_utf8_casefold (priv->pub.path, -1);
      g_autofree char *key = g_utf8_normalize (fold, -1, G_NORMALIZE_NFC);
      if (key == NULL)
        key = g_strdup (fold);
      if (g_hash_table_contains (seen, key)) {
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key));
        /* one finding per name, however many copies (full-overlap bombs
         * repeat one name a thousand times) */
        if (n == 1)
          bc_findings_add (findings, "archive-duplicate-name", BC_SEVERITY_ERROR, NULL, file,
                           BC_TR (lang, "Keep only one file with this name and re-create the ZIP.",
                                  "同名文件只保留一个，然后重新压缩。"),
                           BC_TR (lang, "More than one entry is named \"%s\" (ignoring case); the reviewer cannot know which one is meant",
                                  "有多个条目名为“%s”（不区分大小写），审核人员无法判断以哪个为准"),
                           file);
        g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (n + 1));
      } else {
        g_hash_table_insert (seen, g_steal_pointer (&key), GUINT_TO_POINTER (1));
      }
    }
  }
  if (n_macosx > 0)
    bc_findings_add (findings, "archive-system-file", BC_SEVERITY_INFO, NULL, first_macosx,
                     BC_TR (lang, "Nothing to do; you may leave it out next time.", "无需处理，下次可以不放入。"),
                     n_macosx == 1
                       ? BC_TR (lang, "%u entry under __MACOSX/ is macOS metadata and was skipped",
                                "__MACOSX/ 下的 %u 个条目是 macOS 生成的附属文件，已跳过")
                       : BC_TR (lang, "%u entries under __MACOSX/ are macOS metadata and were skipped",
                                "__MACOSX/ 下的 %u 个条目是 macOS 生成的附属文件，已跳过"),
                     n_macosx);
}

/* ------------------------------------------------------------------------ */
/* libzip */

static zip_source_t *
bc_archive_new_source (BcArchive *self, zip_error_t *ze)
{
  int fd2;
  FILE *fp;
  zip_source_t *src;

  if (self->bytes != NULL) {
    gsize len = 0;
    const guint8 *data = g_bytes_get_data (self->bytes, &len);
    return zip_source_buffer_create (data, len, 0, ze);
  }
  /* libzip closes what it is given: hand it a private dup */
  fd2 = dup (self->fd);
  if (fd2 < 0) {
    zip_error_set (ze, ZIP_ER_OPEN, errno);
    return NULL;
  }
  fp = fdopen (fd2, "rb");
  if (fp == NULL) {
    zip_error_set (ze, ZIP_ER_OPEN, errno);
    close (fd2);
    return NULL;
  }
  src = zip_source_filep_create (fp, 0, (zip_int64_t) self->size, ze);
  if (src == NULL)
    fclose (fp);
  return src;
}

static zip_t *
bc_archive_try_open (BcArchive *self, int flags, int *code, char **reason, GError **error)
{
  zip_error_t ze;
  zip_t *za;
  g_autoptr(zip_source_t) src = NULL;

  zip_error_init (&ze);
  src = bc_archive_new_source (self, &ze);
  if (src == NULL) {
    g_set_error (error, BC_ERROR, BC_ERROR_IO, "cannot read bundle: %s", zip_error_strerror (&ze));
    zip_error_fini (&ze);
    return NULL;
  }
  za = zip_open_from_source (src, flags, &ze);
  if (za == NULL) {
    *code = zip_error_code_zip (&ze);
    *reason = g_strdup (zip_error_strerror (&ze));
    zip_error_fini (&ze);
    return NULL;
  }
  /* the archive owns the source now */
  g_steal_pointer (&src);
  zip_error_fini (&ze);
  return za;
}

/* ZIP_CHECKCONS compares every local header with its directory record;
 * its verdict is a signal, its false positive (0x7075 only in the
 * directory, as some Windows tools write) is softened to a warning */
static BcParse
bc_archive_open_libzip (BcArchive *self, GPtrArray *findings, GError **error)
{
  int code = 0;
  g_autofree char *reason = NULL;
  g_autoptr(GError) error_local = NULL;

  self->za = bc_archive_try_open (self, ZIP_RDONLY | ZIP_CHECKCONS, &code, &reason, &error_local);
  if (self->za == NULL && error_local != NULL) {
    g_propagate_error (error, g_steal_pointer (&error_local));
    return BC_PARSE_IO;
  }
  /* our own parse succeeded, so any refusal under CHECKCONS (1.7.3 says
   * INCONS, EXISTS, or even NOZIP when no directory passes its stricter
   * test) is a consistency signal: report it and look again leniently */
  if (self->za == NULL && code != ZIP_ER_MEMORY && code != ZIP_ER_MULTIDISK) {
    gboolean explained = FALSE, upath_only = FALSE;
    g_autofree char *reason2 = NULL;
    for (guint i = 0; i < self->all->len; i++) {
      BcEntryPriv *priv = g_ptr_array_index (self->all, i);
      if (priv->header_problem != BC_HDR_OK || priv->overlapping)
        explained = TRUE;
      if (priv->upath_cd_only)
        upath_only = TRUE;
    }
    bc_findings_add (findings, "archive-inconsistent",
                     (upath_only && !explained) ? BC_SEVERITY_WARNING : BC_SEVERITY_ERROR,
                     NULL, NULL, bc_archive_recreate_hint (self->lang),
                     BC_TR (self->lang, "The archive's headers are inconsistent (libzip: %s)",
                            "压缩包内部记录互相矛盾（libzip：%s）"),
                     reason);
    self->za = bc_archive_try_open (self, ZIP_RDONLY, &code, &reason2, error);
    if (self->za == NULL && reason2 != NULL) {
      g_free (reason);
      reason = g_steal_pointer (&reason2);
    }
  }
  if (self->za == NULL) {
    if (error != NULL && *error != NULL)
      return BC_PARSE_IO;
    bc_archive_set_unreadable (self, findings, reason != NULL ? reason : "libzip");
    return BC_PARSE_STOP;
  }
  /* both parsers must see the same directory, or index i means two things */
  if ((guint64) zip_get_num_entries (self->za, 0) != self->entry_count) {
    g_autofree char *msg = g_strdup_printf (
        BC_TR (self->lang, "libzip sees %" G_GINT64_FORMAT " entries, the directory declares %" G_GUINT64_FORMAT,
               "libzip 读到 %" G_GINT64_FORMAT " 个条目，目录声明 %" G_GUINT64_FORMAT " 个"),
        (gint64) zip_get_num_entries (self->za, 0), self->entry_count);
    zip_discard (self->za);
    self->za = NULL;
    bc_archive_set_unreadable (self, findings, msg);
    return BC_PARSE_STOP;
  }
  return BC_PARSE_OK;
}

static BcArchive *
bc_archive_open_common (BcArchive *self_in, GPtrArray *findings, GError **error)
{
  g_autoptr(BcArchive) self = self_in;
  BcParse rc;

  if (self->size > self->limits.max_bundle_bytes) {
    self->readable = FALSE;
    bc_archive_limit (self, findings, NULL,
                      BC_TR (self->lang, "The bundle is too large", "压缩包过大"),
                      "max-bundle-bytes", self->limits.max_bundle_bytes);
    return g_steal_pointer (&self);
  }

  rc = bc_archive_parse_eocd (self, findings, error);
  if (rc == BC_PARSE_IO)
    return NULL;
  if (rc == BC_PARSE_STOP)
    return g_steal_pointer (&self);

  rc = bc_archive_walk_cd (self, findings, error);
  if (rc == BC_PARSE_IO)
    return NULL;
  if (rc == BC_PARSE_STOP) {
    g_ptr_array_set_size (self->all, 0);
    return g_steal_pointer (&self);
  }
  bc_archive_check_overlap (self, findings);
  bc_archive_remove_wrapper (self);
  bc_archive_entry_findings (self, findings);

  rc = bc_archive_open_libzip (self, findings, error);
  if (rc == BC_PARSE_IO)
    return NULL;
  if (rc == BC_PARSE_STOP)
    return g_steal_pointer (&self);

  for (guint i = 0; i < self->all->len; i++) {
    BcEntryPriv *priv = g_ptr_array_index (self->all, i);
    if (!priv->is_dir)
      g_ptr_array_add (self->entries, &priv->pub);
  }
  /* info, not error: an empty bundle is right when the filing needs no
   * attachments (a cancellation); when documents are required, each gets
   * its own missing-document error */
  if (self->entries->len == 0)
    bc_findings_add (findings, "archive-empty", BC_SEVERITY_INFO, NULL, NULL, NULL,
                     BC_TR (self->lang, "The ZIP archive contains no files", "压缩包里没有任何文件"));
  return g_steal_pointer (&self);
}

BcArchive *
bc_archive_open_bytes (GBytes *bundle,
                       const BcLimits *limits,
                       BcLang lang,
                       GPtrArray *findings,
                       GError **error)
{
  BcArchive *self;

  g_return_val_if_fail (bundle != NULL, NULL);
  g_return_val_if_fail (limits != NULL, NULL);
  g_return_val_if_fail (findings != NULL, NULL);

  self = bc_archive_new (limits, lang);
  self->bytes = g_bytes_ref (bundle);
  self->size = g_bytes_get_size (bundle);
  if (self->size <= self->limits.max_bundle_bytes)
    self->sha256 = bc_sha256_bytes (bundle);
  return bc_archive_open_common (self, findings, error);
}

BcArchive *
bc_archive_open_fd (int fd,
                    const BcLimits *limits,
                    BcLang lang,
                    GPtrArray *findings,
                    GError **error)
{
  g_autoptr(BcArchive) self = NULL;
  struct stat st;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (limits != NULL, NULL);
  g_return_val_if_fail (findings != NULL, NULL);

  if (fstat (fd, &st) != 0) {
    g_set_error (error, BC_ERROR, BC_ERROR_IO, "cannot stat bundle: %s", g_strerror (errno));
    return NULL;
  }
  if (!S_ISREG (st.st_mode)) {
    g_set_error (error, BC_ERROR, BC_ERROR_IO, "bundle is not a regular file");
    return NULL;
  }
  self = bc_archive_new (limits, lang);
  self->fd = fd;
  self->size = (guint64) st.st_size;

  /* streamed: memory does not grow with the bundle */
  if (self->size <= self->limits.max_bundle_bytes) {
    g_autoptr(BcSha256) sum = bc_sha256_new ();
    g_autofree guint8 *buf = g_malloc (BC_READ_CHUNK);
    guint64 off = 0;
    while (off < self->size) {
      ssize_t n = pread (fd, buf, (gsize) MIN ((guint64) BC_READ_CHUNK, self->size - off), (off_t) off);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0) {
        g_set_error (error, BC_ERROR, BC_ERROR_IO, "cannot read bundle: %s", g_strerror (errno));
        return NULL;
      }
      if (n == 0) {
        g_set_error (error, BC_ERROR, BC_ERROR_IO, "bundle changed while being read");
        return NULL;
      }
      bc_sha256_update (sum, buf, (gsize) n);
      off += (guint64) n;
    }
    self->sha256 = bc_sha256_finish (sum);
  }
  return bc_archive_open_common (g_steal_pointer (&self), findings, error);
}

/* ------------------------------------------------------------------------ */
/* reading one entry */

static void
bc_archive_corrupt (BcArchive *self, GPtrArray *findings, const char *file, const char *what)
{
  bc_findings_add (findings, "archive-corrupt-entry", BC_SEVERITY_ERROR, NULL, file,
                   bc_archive_recreate_hint (self->lang),
                   BC_TR (self->lang, "\"%s\" cannot be unpacked: %s", "“%s”无法解压：%s"), file, what);
}

static void
bc_archive_zip_error (BcArchive *self, GPtrArray *findings, const char *file, zip_error_t *ze)
{
  int code = zip_error_code_zip (ze);
  if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP) {
    bc_findings_add (findings, "archive-encrypted-entry", BC_SEVERITY_ERROR, NULL, file,
                     BC_TR (self->lang, "Remove the password: compress the files again without encryption.",
                            "请去掉密码：不加密重新压缩这些文件。"),
                     BC_TR (self->lang, "\"%s\" is password-protected and cannot be checked or read by the reviewer",
                            "“%s”设置了密码，无法检查，审核人员也无法打开"),
                     file);
  } else if (code == ZIP_ER_CRC) {
    bc_archive_corrupt (self, findings, file,
                        BC_TR (self->lang, "CRC check failed (the data is damaged)", "CRC 校验失败（数据已损坏）"));
  } else if (code == ZIP_ER_COMPNOTSUPP) {
    bc_archive_corrupt (self, findings, file,
                        BC_TR (self->lang, "unsupported compression method", "不支持的压缩方式"));
  } else {
    bc_archive_corrupt (self, findings, file, zip_error_strerror (ze));
  }
}

gboolean
bc_archive_read_entry (BcArchive *archive,
                       const BcEntry *entry,
                       GBytes **data,
                       GPtrArray *findings,
                       GError **error)
{
  BcArchive *self = archive;
  BcEntryPriv *priv = (BcEntryPriv *) entry;
  const char *file = entry->path[0] != '\0' ? entry->path : entry->archive_path;
  g_autoptr(GByteArray) buf = NULL;
  zip_file_t *zf;
  guint64 cap, produced = 0, ratio_cap = G_MAXUINT64;
  gboolean eof = FALSE;
  BcLang lang = self->lang;

  g_return_val_if_fail (data != NULL, FALSE);
  *data = NULL;

  /* already reported when the archive was opened: one finding is enough */
  if (self->za == NULL || priv->overlapping || priv->header_problem != BC_HDR_OK ||
      entry->is_symlink || entry->is_encrypted)
    return TRUE;
  if (self->total_exhausted) {
    bc_archive_limit (self, findings, file,
                      BC_TR (lang, "Not unpacked: the budget for all files together is used up",
                             "未解压：所有文件的总解压量已用完"),
                      "max-total-bytes", self->limits.max_total_bytes);
    return TRUE;
  }

  zf = zip_fopen_index (self->za, entry->index, 0);
  if (zf == NULL) {
    bc_archive_zip_error (self, findings, file, zip_get_error (self->za));
    zip_error_clear (self->za);
    return TRUE;
  }

  /* never trust the declared size: read at most one byte more than the
   * smaller of it and the limit, so both a lie and a limit show */
  cap = MIN (entry->declared_size, self->limits.max_entry_bytes);
  if (cap < G_MAXUINT64)
    cap++;
  if (!g_uint64_checked_mul (&ratio_cap, MAX (entry->compressed_size, 1), self->limits.max_ratio))
    ratio_cap = G_MAXUINT64;
  buf = g_byte_array_sized_new ((guint) MIN (entry->declared_size, (guint64) BC_INITIAL_CAPACITY));

  while (produced < cap) {
    gsize want = (gsize) MIN ((guint64) BC_READ_CHUNK, cap - produced);
    guint old = buf->len;
    zip_int64_t n;
    guint64 total = 0;

    g_byte_array_set_size (buf, old + (guint) want);
    n = zip_fread (zf, buf->data + old, want);
    if (n < 0) {
      zip_error_t *ze = zip_file_get_error (zf);
      if (self->fd >= 0 && zip_error_code_system (ze) != 0 &&
          (zip_error_code_zip (ze) == ZIP_ER_READ || zip_error_code_zip (ze) == ZIP_ER_SEEK)) {
        g_set_error (error, BC_ERROR, BC_ERROR_IO, "cannot read bundle: %s", zip_error_strerror (ze));
        zip_fclose (zf);
        return FALSE;
      }
      bc_archive_zip_error (self, findings, file, ze);
      zip_fclose (zf);
      self->total_read += produced;
      return TRUE;
    }
    g_byte_array_set_size (buf, old + (guint) n);
    if (n == 0) {
      eof = TRUE;
      break;
    }
    produced += (guint64) n;

    if (produced > entry->declared_size)
      break;
    if (produced > self->limits.max_entry_bytes)
      break;
    if (!g_uint64_checked_add (&total, self->total_read, produced) || total > self->limits.max_total_bytes) {
      self->total_exhausted = TRUE;
      bc_archive_limit (self, findings, file,
                        BC_TR (lang, "Unpacking stopped: all files together are too large",
                               "停止解压：所有文件解压后的总量过大"),
                        "max-total-bytes", self->limits.max_total_bytes);
      zip_fclose (zf);
      self->total_read += produced;
      return TRUE;
    }
    if (produced > BC_RATIO_FLOOR && produced > ratio_cap) {
      bc_archive_limit (self, findings, file,
                        BC_TR (lang, "Unpacking stopped: the file expands far more than documents do",
                               "停止解压：该文件的压缩比远超正常文档"),
                        "max-ratio", self->limits.max_ratio);
      zip_fclose (zf);
      self->total_read += produced;
      return TRUE;
    }
  }
  zip_fclose (zf);
  self->total_read += produced;

  if (produced > entry->declared_size || (eof && produced < entry->declared_size)) {
    g_autofree char *what = g_strdup_printf (
        BC_TR (lang, "size mismatch: declared %" G_GUINT64_FORMAT " bytes, produced %s%" G_GUINT64_FORMAT,
               "大小不符：声明 %" G_GUINT64_FORMAT " 字节，实际%s %" G_GUINT64_FORMAT),
        entry->declared_size, produced > entry->declared_size ? BC_TR (lang, "at least ", "至少") : "",
        produced);
    bc_archive_corrupt (self, findings, file, what);
    return TRUE;
  }
  if (produced > self->limits.max_entry_bytes) {
    bc_archive_limit (self, findings, file,
                      BC_TR (lang, "The file is too large once unpacked", "该文件解压后过大"),
                      "max-entry-bytes", self->limits.max_entry_bytes);
    return TRUE;
  }
  *data = g_byte_array_free_to_bytes (g_steal_pointer (&buf));
  return TRUE;
}
