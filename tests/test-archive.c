/* The ZIP reader (src/bc-archive.c) against small archives built in
 * memory by the writer below, each holding one defect. */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "bc-archive.h"
#include "bc-finding.h"

/* ------------------------------------------------------------------------ */
/* a tiny ZIP writer that can lie */

typedef struct {
  const char *name;       /* raw bytes */
  gssize name_len;        /* -1: strlen */
  const char *data;
  gsize len;
  guint16 flags;
  gboolean deflate;
  const guint8 *extra;    /* in both headers */
  gsize extra_len;
  gboolean symlink;
  gint64 declared;        /* >= 0: lie about the uncompressed size */
  gboolean bad_crc;
  gint share_lfh_of;      /* > 0: CD record points at entry (n-1)'s local header */
} TestEntry;

static guint32
test_crc32 (const guint8 *buf, gsize len)
{
  guint32 crc = 0xFFFFFFFFu;
  for (gsize i = 0; i < len; i++) {
    crc ^= buf[i];
    for (guint k = 0; k < 8; k++)
      crc = (crc & 1) ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
  }
  return crc ^ 0xFFFFFFFFu;
}

static GBytes *
test_deflate (const char *data, gsize len)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 9);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize in_done = 0;
  for (;;) {
    guint8 buf[4096];
    gsize r = 0, w = 0;
    g_autoptr(GError) error = NULL;
    GConverterResult res = g_converter_convert (G_CONVERTER (z), data + in_done, len - in_done, buf, sizeof buf,
                                                G_CONVERTER_INPUT_AT_END, &r, &w, &error);
    g_assert_no_error (error);
    in_done += r;
    g_byte_array_append (out, buf, (guint) w);
    if (res == G_CONVERTER_FINISHED)
      break;
  }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
put16 (GByteArray *b, guint16 v)
{
  guint8 x[2] = { v & 0xff, v >> 8 };
  g_byte_array_append (b, x, 2);
}

static void
put32 (GByteArray *b, guint32 v)
{
  put16 (b, v & 0xffff);
  put16 (b, v >> 16);
}

static GBytes *
test_zip (const TestEntry *e, guint n)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GByteArray) cd = g_byte_array_new ();
  g_autofree guint32 *offsets = g_new0 (guint32, n);
  g_autofree guint32 *csizes = g_new0 (guint32, n);
  guint32 cd_off;

  for (guint i = 0; i < n; i++) {
    gsize nlen = e[i].name_len >= 0 ? (gsize) e[i].name_len : strlen (e[i].name);
    g_autoptr(GBytes) comp = e[i].deflate ? test_deflate (e[i].data, e[i].len) : g_bytes_new (e[i].data, e[i].len);
    guint32 crc = test_crc32 ((const guint8 *) e[i].data, e[i].len) ^ (e[i].bad_crc ? 1 : 0);
    guint32 usize = e[i].declared >= 0 ? (guint32) e[i].declared : (guint32) e[i].len;
    guint32 off = (guint32) out->len;

    if (e[i].share_lfh_of > 0) {
      off = offsets[e[i].share_lfh_of - 1];
      csizes[i] = csizes[e[i].share_lfh_of - 1];
    } else {
      csizes[i] = (guint32) g_bytes_get_size (comp);
      put32 (out, 0x04034b50);
      put16 (out, 20);
      put16 (out, e[i].flags);
      put16 (out, e[i].deflate ? 8 : 0);
      put32 (out, 0);
      put32 (out, crc);
      put32 (out, csizes[i]);
      put32 (out, usize);
      put16 (out, (guint16) nlen);
      put16 (out, (guint16) e[i].extra_len);
      g_byte_array_append (out, (const guint8 *) e[i].name, (guint) nlen);
      if (e[i].extra_len > 0)
        g_byte_array_append (out, e[i].extra, (guint) e[i].extra_len);
      g_byte_array_append (out, g_bytes_get_data (comp, NULL), (guint) g_bytes_get_size (comp));
    }
    offsets[i] = off;

    put32 (cd, 0x02014b50);
    put16 (cd, e[i].symlink ? (3 << 8) | 20 : 20);
    put16 (cd, 20);
    put16 (cd, e[i].flags);
    put16 (cd, e[i].deflate ? 8 : 0);
    put32 (cd, 0);
    put32 (cd, crc);
    put32 (cd, csizes[i]);
    put32 (cd, usize);
    put16 (cd, (guint16) nlen);
    put16 (cd, (guint16) e[i].extra_len);
    put16 (cd, 0);
    put16 (cd, 0);
    put16 (cd, 0);
    put32 (cd, e[i].symlink ? (guint32) 0120777 << 16 : 0);
    put32 (cd, off);
    g_byte_array_append (cd, (const guint8 *) e[i].name, (guint) nlen);
    if (e[i].extra_len > 0)
      g_byte_array_append (cd, e[i].extra, (guint) e[i].extra_len);
  }
  cd_off = out->len;
  g_byte_array_append (out, cd->data, cd->len);
  put32 (out, 0x06054b50);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, (guint16) n);
  put16 (out, (guint16) n);
  put32 (out, cd->len);
  put32 (out, cd_off);
  put16 (out, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

#define E(n, d) { .name = (n), .name_len = -1, .data = (d), .len = sizeof (d) - 1, .declared = -1 }

/* ------------------------------------------------------------------------ */

typedef struct {
  BcArchive *archive;
  GPtrArray *findings;
} Opened;

static Opened
open_zip (GBytes *zip, const BcLimits *limits_in)
{
  BcLimits limits;
  g_autoptr(GError) error = NULL;
  Opened o;
  if (limits_in != NULL) {
    limits = *limits_in;
  } else {
    bc_limits_init (&limits);
  }
  o.findings = bc_findings_new ();
  o.archive = bc_archive_open_bytes (zip, &limits, BC_LANG_EN, o.findings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (o.archive);
  return o;
}

static void
opened_clear (Opened *o)
{
  bc_archive_free (o->archive);
  g_ptr_array_unref (o->findings);
}

static guint
count_code (GPtrArray *findings, const char *code)
{
  guint n = 0;
  for (guint i = 0; i < findings->len; i++) {
    BcFinding *f = g_ptr_array_index (findings, i);
    if (g_strcmp0 (f->code, code) == 0)
      n++;
  }
  return n;
}

static BcFinding *
find_code (GPtrArray *findings, const char *code)
{
  for (guint i = 0; i < findings->len; i++) {
    BcFinding *f = g_ptr_array_index (findings, i);
    if (g_strcmp0 (f->code, code) == 0)
      return f;
  }
  return NULL;
}

static BcEntry *
entry_by_path (BcArchive *a, const char *path)
{
  GPtrArray *entries = bc_archive_get_entries (a);
  for (guint i = 0; i < entries->len; i++) {
    BcEntry *e = g_ptr_array_index (entries, i);
    if (g_strcmp0 (e->path, path) == 0)
      return e;
  }
  return NULL;
}

static GBytes *
read_one (Opened *o, const char *path)
{
  GBytes *data = NULL;
  g_autoptr(GError) error = NULL;
  BcEntry *e = entry_by_path (o->archive, path);
  g_assert_nonnull (e);
  g_assert_true (bc_archive_read_entry (o->archive, e, &data, o->findings, &error));
  g_assert_no_error (error);
  return data;
}

static char *
to_gbk (const char *utf8, gsize *len)
{
  char *out = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, len, NULL);
  g_assert_nonnull (out);
  return out;
}

/* ------------------------------------------------------------------------ */

static void
test_archive_gbk_noflag (void)
{
  gsize len = 0;
  g_autofree char *raw = to_gbk ("营业执照副本.pdf", &len);
  TestEntry e[] = { E ("x", "%PDF-1.4\n") };
  g_autoptr(GBytes) zip = NULL;
  Opened o;
  BcEntry *ent;
  e[0].name = raw;
  e[0].name_len = (gssize) len;
  zip = test_zip (e, 1);
  o = open_zip (zip, NULL);
  g_assert_true (bc_archive_is_readable (o.archive));
  ent = entry_by_path (o.archive, "营业执照副本.pdf");
  g_assert_nonnull (ent);
  g_assert_cmpint (ent->encoding, ==, BC_NAME_GB18030);
  g_assert_cmpuint (o.findings->len, ==, 0);
  opened_clear (&o);
}

static void
test_archive_utf8_flag (void)
{
  TestEntry e[] = { E ("营业执照.pdf", "%PDF-1.4\n") };
  g_autoptr(GBytes) zip = NULL;
  Opened o;
  BcEntry *ent;
  e[0].flags = 0x800;
  zip = test_zip (e, 1);
  o = open_zip (zip, NULL);
  ent = entry_by_path (o.archive, "营业执照.pdf");
  g_assert_nonnull (ent);
  g_assert_cmpint (ent->encoding, ==, BC_NAME_UTF8_FLAG);
  opened_clear (&o);
}

static GBytes *
upath_extra (const char *raw, gsize raw_len, const char *utf8)
{
  g_autoptr(GByteArray) b = g_byte_array_new ();
  guint8 ver = 1;
  put16 (b, 0x7075);
  put16 (b, (guint16) (5 + strlen (utf8)));
  g_byte_array_append (b, &ver, 1);
  put32 (b, test_crc32 ((const guint8 *) raw, raw_len));
  g_byte_array_append (b, (const guint8 *) utf8, (guint) strlen (utf8));
  return g_byte_array_free_to_bytes (g_steal_pointer (&b));
}

static void
test_archive_unicode_extra (void)
{
  gsize len = 0;
  g_autofree char *raw = to_gbk ("营业执照.pdf", &len);
  g_autoptr(GBytes) good = upath_extra (raw, len, "营业执照.pdf");
  g_autoptr(GBytes) evil = upath_extra (raw, len, "../../../../tmp/x.pdf");
  TestEntry e[] = { E ("x", "%PDF-1.4\n") };
  g_autoptr(GBytes) zip1 = NULL;
  g_autoptr(GBytes) zip2 = NULL;
  Opened o;
  BcEntry *ent;

  e[0].name = raw;
  e[0].name_len = (gssize) len;
  e[0].extra = g_bytes_get_data (good, &e[0].extra_len);
  zip1 = test_zip (e, 1);
  o = open_zip (zip1, NULL);
  ent = entry_by_path (o.archive, "营业执照.pdf");
  g_assert_nonnull (ent);
  g_assert_cmpint (ent->encoding, ==, BC_NAME_UNICODE_EXTRA);
  g_assert_cmpuint (count_code (o.findings, "archive-name-mismatch"), ==, 0);
  opened_clear (&o);

  /* a CRC-matching field that moves the file: libzip would silently use it */
  e[0].extra = g_bytes_get_data (evil, &e[0].extra_len);
  zip2 = test_zip (e, 1);
  o = open_zip (zip2, NULL);
  g_assert_cmpuint (count_code (o.findings, "archive-name-mismatch"), ==, 1);
  g_assert_cmpuint (count_code (o.findings, "archive-unsafe-path"), ==, 1);
  opened_clear (&o);
}

static void
test_archive_wrapper_dirs_macosx (void)
{
  TestEntry e[] = {
    E ("材料/", ""),
    E ("材料/营业执照.pdf", "%PDF-1.4\n"),
    E ("材料/sub/授权书.pdf", "%PDF-1.4\n"),
    E ("__MACOSX/材料/._营业执照.pdf", "\x00\x05\x16\x07"),
    E ("__MACOSX/材料/._授权书.pdf", "\x00\x05\x16\x07"),
    E ("材料/.DS_Store", "x"),
  };
  g_autoptr(GBytes) zip = NULL;
  Opened o;
  BcEntry *ent;
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    e[i].flags = 0x800;
  zip = test_zip (e, G_N_ELEMENTS (e));
  o = open_zip (zip, NULL);
  g_assert_cmpuint (bc_archive_get_entry_count (o.archive), ==, 6);
  /* the directory is not a file */
  g_assert_cmpuint (bc_archive_get_entries (o.archive)->len, ==, 5);
  ent = entry_by_path (o.archive, "营业执照.pdf");
  g_assert_nonnull (ent);
  g_assert_cmpstr (ent->archive_path, ==, "材料/营业执照.pdf");
  g_assert_false (ent->is_system_file);
  g_assert_nonnull (entry_by_path (o.archive, "sub/授权书.pdf"));
  ent = entry_by_path (o.archive, "__MACOSX/材料/._营业执照.pdf");
  g_assert_nonnull (ent);
  g_assert_true (ent->is_system_file);
  g_assert_true (entry_by_path (o.archive, ".DS_Store")->is_system_file);
  /* one finding for the __MACOSX tree, one for .DS_Store */
  g_assert_cmpuint (count_code (o.findings, "archive-system-file"), ==, 2);
  g_assert_cmpint (find_code (o.findings, "archive-system-file")->severity, ==, BC_SEVERITY_INFO);
  g_assert_cmpuint (o.findings->len, ==, 2);
  opened_clear (&o);
}

static void
test_archive_unsafe_paths (void)
{
  TestEntry e[] = {
    E ("../../../../tmp/evil.pdf", "a"), E ("/etc/cron.d/evil", "a"),
    E ("..\\..\\Windows\\evil.pdf", "a"), E ("C:\\Users\\Public\\evil.pdf", "a"),
    E ("C:evil.pdf", "a"), E ("a/../../b.pdf", "a"),
    E ("line\nbreak.pdf", "a"), E ("rtl\xe2\x80\xae" "fdp.exe", "a"),
    E ("good.pdf\0evil.exe", "a"), E ("", "a"),
    E ("ok.pdf", "a"),
  };
  g_autoptr(GBytes) zip = NULL;
  Opened o;
  e[8].name_len = 17;
  zip = test_zip (e, G_N_ELEMENTS (e));
  o = open_zip (zip, NULL);
  g_assert_cmpuint (count_code (o.findings, "archive-unsafe-path"), ==, 10);
  for (guint i = 0; i < o.findings->len; i++) {
    BcFinding *f = g_ptr_array_index (o.findings, i);
    g_assert_cmpstr (f->code, ==, "archive-unsafe-path");
    g_assert_cmpint (f->severity, ==, BC_SEVERITY_ERROR);
    g_assert_cmpstr (f->file, !=, "ok.pdf");
  }
  /* still judged: the safe one is listed and readable */
  g_assert_nonnull (entry_by_path (o.archive, "ok.pdf"));
  g_assert_true (entry_by_path (o.archive, "C:evil.pdf")->is_unsafe);
  opened_clear (&o);
}

static void
test_archive_duplicates (void)
{
  TestEntry e[] = { E ("营业执照.PDF", "a"), E ("营业执照.pdf", "b"), E ("other.pdf", "c") };
  g_autoptr(GBytes) zip = NULL;
  Opened o;
  for (guint i = 0; i < G_N_ELEMENTS (e); i++)
    e[i].flags = 0x800;
  zip = test_zip (e, G_N_ELEMENTS (e));
  o = open_zip (zip, NULL);
  g_assert_cmpuint (count_code (o.findings, "archive-duplicate-name"), ==, 1);
  g_assert_cmpstr (find_code (o.findings, "archive-duplicate-name")->file, ==, "营业执照.pdf");
  opened_clear (&o);
}

static void
test_archive_encrypted_symlink (void)
{
  TestEntry e[] = { E ("secret.pdf", "xxxxxxxxxxxxxxxxxxxx"), E ("link.pdf", "/etc/passwd"), E ("ok.pdf", "ok") };
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GBytes) d1 = NULL;
  g_autoptr(GBytes) d2 = NULL;
  g_autoptr(GBytes) d3 = NULL;
  Opened o;
  e[0].flags = 1;
  e[1].symlink = TRUE;
  zip = test_zip (e, G_N_ELEMENTS (e));
  o = open_zip (zip, NULL);
  g_assert_cmpuint (count_code (o.findings, "archive-encrypted-entry"), ==, 1);
  g_assert_cmpuint (count_code (o.findings, "archive-symlink"), ==, 1);
  g_assert_nonnull (find_code (o.findings, "archive-encrypted-entry")->hint);
  d1 = read_one (&o, "secret.pdf");
  d2 = read_one (&o, "link.pdf");
  d3 = read_one (&o, "ok.pdf");
  g_assert_null (d1);
  g_assert_null (d2);
  g_assert_nonnull (d3);
  g_assert_cmpmem (g_bytes_get_data (d3, NULL), g_bytes_get_size (d3), "ok", 2);
  opened_clear (&o);
}

static void
test_archive_crc (void)
{
  TestEntry e[] = { E ("a.pdf", "hello world, hello world"), E ("b.pdf", "fine") };
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GBytes) d1 = NULL;
  g_autoptr(GBytes) d2 = NULL;
  Opened o;
  e[0].bad_crc = TRUE;
  e[0].deflate = TRUE;
  zip = test_zip (e, 2);
  o = open_zip (zip, NULL);
  g_assert_cmpuint (o.findings->len, ==, 0);
  d1 = read_one (&o, "a.pdf");
  g_assert_null (d1);
  g_assert_cmpuint (count_code (o.findings, "archive-corrupt-entry"), ==, 1);
  g_assert_nonnull (strstr (find_code (o.findings, "archive-corrupt-entry")->message, "CRC"));
  d2 = read_one (&o, "b.pdf");
  g_assert_nonnull (d2);
  opened_clear (&o);
}

static void
test_archive_size_mismatch (void)
{
  g_autofree char *big = g_strnfill (100000, 'A');
  TestEntry e[] = { E ("small.pdf", ""), E ("huge.pdf", "12345") };
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GBytes) d1 = NULL;
  g_autoptr(GBytes) d2 = NULL;
  Opened o;
  e[0].data = big;
  e[0].len = 100000;
  e[0].deflate = TRUE;
  e[0].declared = 10;
  e[1].declared = 0xFFFFFFFE;
  e[1].deflate = TRUE;
  zip = test_zip (e, 2);
  o = open_zip (zip, NULL);
  d1 = read_one (&o, "small.pdf");
  g_assert_null (d1);
  g_assert_cmpuint (count_code (o.findings, "archive-corrupt-entry"), ==, 1);
  g_assert_nonnull (strstr (find_code (o.findings, "archive-corrupt-entry")->message, "declared 10 bytes, produced at least 11"));
  d2 = read_one (&o, "huge.pdf");
  g_assert_null (d2);
  g_assert_cmpuint (count_code (o.findings, "archive-corrupt-entry"), ==, 2);
  g_assert_nonnull (strstr (((BcFinding *) g_ptr_array_index (o.findings, 1))->message, "declared 4294967294 bytes, produced 5"));
  opened_clear (&o);
}

static void
test_archive_entry_limit (void)
{
  g_autofree char *buf = g_strnfill (1000, 'x');
  TestEntry e[] = { E ("a.pdf", "") };
  g_autoptr(GBytes) zip = NULL;
  BcLimits limits;
  Opened o;
  e[0].data = buf;
  e[0].len = 1000;
  e[0].deflate = TRUE;
  zip = test_zip (e, 1);
  bc_limits_init (&limits);
  limits.max_ratio = 1000000;

  /* just under: 1000 bytes with a limit of 1000 */
  limits.max_entry_bytes = 1000;
  o = open_zip (zip, &limits);
  {
    g_autoptr(GBytes) d = read_one (&o, "a.pdf");
    g_assert_nonnull (d);
    g_assert_cmpuint (g_bytes_get_size (d), ==, 1000);
  }
  g_assert_cmpuint (o.findings->len, ==, 0);
  opened_clear (&o);

  /* just over */
  limits.max_entry_bytes = 999;
  o = open_zip (zip, &limits);
  {
    g_autoptr(GBytes) d = read_one (&o, "a.pdf");
    g_assert_null (d);
  }
  g_assert_cmpuint (count_code (o.findings, "archive-limit-exceeded"), ==, 1);
  g_assert_nonnull (strstr (find_code (o.findings, "archive-limit-exceeded")->message, "max-entry-bytes = 999"));
  opened_clear (&o);
}

static void
test_archive_total_and_ratio (void)
{
  g_autofree char *zeros = g_malloc0 (200000);
  TestEntry e[] = { E ("a.pdf", ""), E ("b.pdf", ""), E ("c.pdf", "") };
  g_autoptr(GBytes) zip = NULL;
  BcLimits limits;
  Opened o;
  for (guint i = 0; i < 3; i++) {
    e[i].data = zeros;
    e[i].len = 600;
  }
  zip = test_zip (e, 3);
  bc_limits_init (&limits);
  limits.max_total_bytes = 1200;
  o = open_zip (zip, &limits);
  {
    g_autoptr(GBytes) a = read_one (&o, "a.pdf");
    g_autoptr(GBytes) b = read_one (&o, "b.pdf");
    g_autoptr(GBytes) c = read_one (&o, "c.pdf");
    g_assert_nonnull (a);
    g_assert_nonnull (b); /* exactly at the budget */
    g_assert_null (c);
  }
  g_assert_cmpuint (count_code (o.findings, "archive-limit-exceeded"), ==, 1);
  g_assert_nonnull (strstr (find_code (o.findings, "archive-limit-exceeded")->message, "max-total-bytes = 1200"));
  opened_clear (&o);

  /* ratio: 200,000 zeros deflate to a few hundred bytes */
  {
    TestEntry r[] = { E ("zeros.pdf", "") };
    g_autoptr(GBytes) rzip = NULL;
    r[0].data = zeros;
    r[0].len = 200000;
    r[0].deflate = TRUE;
    rzip = test_zip (r, 1);
    bc_limits_init (&limits);
    limits.max_ratio = 100;
    o = open_zip (rzip, &limits);
    {
      g_autoptr(GBytes) d = read_one (&o, "zeros.pdf");
      g_assert_null (d);
    }
    g_assert_nonnull (strstr (find_code (o.findings, "archive-limit-exceeded")->message, "max-ratio = 100"));
    opened_clear (&o);
    limits.max_ratio = 10000;
    o = open_zip (rzip, &limits);
    {
      g_autoptr(GBytes) d = read_one (&o, "zeros.pdf");
      g_assert_nonnull (d);
    }
    g_assert_cmpuint (o.findings->len, ==, 0);
    opened_clear (&o);
  }
}

static void
test_archive_max_entries (void)
{
  TestEntry e[] = { E ("a.pdf", "a"), E ("b.pdf", "b"), E ("c.pdf", "c") };
  g_autoptr(GBytes) zip = test_zip (e, 3);
  g_autoptr(GByteArray) lie = g_byte_array_new ();
  g_autoptr(GBytes) liezip = NULL;
  BcLimits limits;
  Opened o;
  bc_limits_init (&limits);
  limits.max_entries = 3;
  o = open_zip (zip, &limits);
  g_assert_cmpuint (bc_archive_get_entries (o.archive)->len, ==, 3);
  g_assert_cmpuint (o.findings->len, ==, 0);
  opened_clear (&o);

  limits.max_entries = 2;
  o = open_zip (zip, &limits);
  g_assert_false (bc_archive_is_readable (o.archive));
  g_assert_cmpuint (bc_archive_get_entries (o.archive)->len, ==, 0);
  g_assert_cmpuint (o.findings->len, ==, 1);
  g_assert_nonnull (strstr (find_code (o.findings, "archive-limit-exceeded")->message, "max-entries = 2"));
  opened_clear (&o);

  /* an EOCD claiming 60,000 entries over an empty directory: the count is
   * refused from the EOCD alone, nothing else is looked at (a libzip or
   * directory walk would have said "unreadable") */
  put32 (lie, 0x06054b50);
  put16 (lie, 0);
  put16 (lie, 0);
  put16 (lie, 60000);
  put16 (lie, 60000);
  put32 (lie, 0);
  put32 (lie, 0);
  put16 (lie, 0);
  liezip = g_byte_array_free_to_bytes (g_steal_pointer (&lie));
  bc_limits_init (&limits);
  o = open_zip (liezip, &limits);
  g_assert_cmpuint (o.findings->len, ==, 1);
  g_assert_cmpstr (((BcFinding *) g_ptr_array_index (o.findings, 0))->code, ==, "archive-limit-exceeded");
  g_assert_cmpuint (bc_archive_get_entry_count (o.archive), ==, 60000);
  opened_clear (&o);
}

static void
test_archive_overlap (void)
{
  g_autofree char *zeros = g_malloc0 (50000);
  TestEntry e[] = { E ("a.pdf", ""), E ("b.pdf", ""), E ("c.pdf", ""), E ("ok.pdf", "ok") };
  g_autoptr(GBytes) zip = NULL;
  Opened o;
  e[0].data = zeros;
  e[0].len = 50000;
  e[0].deflate = TRUE;
  e[1] = e[0];
  e[1].name = "b.pdf";
  e[1].share_lfh_of = 1;
  e[2] = e[0];
  e[2].name = "c.pdf";
  e[2].share_lfh_of = 1;
  zip = test_zip (e, 4);
  o = open_zip (zip, NULL);
  g_assert_cmpuint (count_code (o.findings, "archive-overlapping-entries"), ==, 1);
  g_assert_nonnull (strstr (find_code (o.findings, "archive-overlapping-entries")->message, "3 entries"));
  {
    g_autoptr(GBytes) a = read_one (&o, "a.pdf");
    g_autoptr(GBytes) b = read_one (&o, "b.pdf");
    g_autoptr(GBytes) ok = read_one (&o, "ok.pdf");
    g_assert_null (a);
    g_assert_null (b);
    g_assert_nonnull (ok);
  }
  opened_clear (&o);
}

static void
test_archive_not_a_zip (void)
{
  const char *cases[] = { "", "%PDF-1.4 not a zip at all", "PK\x03\x04truncated" };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr(GBytes) b = g_bytes_new_static (cases[i], strlen (cases[i]));
    Opened o = open_zip (b, NULL);
    g_assert_false (bc_archive_is_readable (o.archive));
    g_assert_cmpuint (bc_archive_get_entries (o.archive)->len, ==, 0);
    g_assert_cmpuint (count_code (o.findings, "archive-unreadable"), ==, 1);
    g_assert_nonnull (find_code (o.findings, "archive-unreadable")->hint);
    opened_clear (&o);
  }
}

static void
test_archive_fd_same_as_bytes (void)
{
  TestEntry e[] = { E ("dir/a.pdf", "%PDF-1.4 a"), E ("dir/../b.pdf", "b"), E ("dir/a.PDF", "c") };
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GPtrArray) f_fd = bc_findings_new ();
  g_autoptr(BcArchive) a_fd = NULL;
  BcLimits limits;
  Opened o;
  int fd;

  e[0].deflate = TRUE;
  zip = test_zip (e, 3);
  fd = g_file_open_tmp ("bc-archive-XXXXXX.zip", &tmp, &error);
  g_assert_no_error (error);
  /* write through the fd: g_file_set_contents() would replace the file */
  g_assert_cmpint (write (fd, g_bytes_get_data (zip, NULL), g_bytes_get_size (zip)), ==, (gssize) g_bytes_get_size (zip));

  bc_limits_init (&limits);
  o = open_zip (zip, NULL);
  a_fd = bc_archive_open_fd (fd, &limits, BC_LANG_EN, f_fd, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bc_archive_get_sha256 (o.archive), ==, bc_archive_get_sha256 (a_fd));
  g_assert_cmpuint (bc_archive_get_size (o.archive), ==, bc_archive_get_size (a_fd));
  g_assert_cmpuint (o.findings->len, ==, f_fd->len);
  g_assert_cmpuint (o.findings->len, ==, 2); /* unsafe path + duplicate */
  for (guint i = 0; i < f_fd->len; i++) {
    BcFinding *x = g_ptr_array_index (o.findings, i);
    BcFinding *y = g_ptr_array_index (f_fd, i);
    g_assert_cmpstr (x->code, ==, y->code);
    g_assert_cmpstr (x->file, ==, y->file);
    g_assert_cmpstr (x->message, ==, y->message);
  }
  g_assert_cmpuint (bc_archive_get_entries (o.archive)->len, ==, bc_archive_get_entries (a_fd)->len);
  for (guint i = 0; i < bc_archive_get_entries (a_fd)->len; i++) {
    BcEntry *x = g_ptr_array_index (bc_archive_get_entries (o.archive), i);
    BcEntry *y = g_ptr_array_index (bc_archive_get_entries (a_fd), i);
    g_autoptr(GBytes) dx = NULL;
    g_autoptr(GBytes) dy = NULL;
    g_assert_cmpstr (x->path, ==, y->path);
    g_assert_true (bc_archive_read_entry (o.archive, x, &dx, o.findings, &error));
    g_assert_true (bc_archive_read_entry (a_fd, y, &dy, f_fd, &error));
    g_assert_no_error (error);
    g_assert_nonnull (dx);
    g_assert_true (g_bytes_equal (dx, dy));
  }
  opened_clear (&o);
  close (fd);
  g_unlink (tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/archive/gbk-noflag", test_archive_gbk_noflag);
  g_test_add_func ("/archive/utf8-flag", test_archive_utf8_flag);
  g_test_add_func ("/archive/unicode-extra", test_archive_unicode_extra);
  g_test_add_func ("/archive/wrapper-dirs-macosx", test_archive_wrapper_dirs_macosx);
  g_test_add_func ("/archive/unsafe-paths", test_archive_unsafe_paths);
  g_test_add_func ("/archive/duplicates", test_archive_duplicates);
  g_test_add_func ("/archive/encrypted-symlink", test_archive_encrypted_symlink);
  g_test_add_func ("/archive/crc", test_archive_crc);
  g_test_add_func ("/archive/size-mismatch", test_archive_size_mismatch);
  g_test_add_func ("/archive/entry-limit", test_archive_entry_limit);
  g_test_add_func ("/archive/total-and-ratio", test_archive_total_and_ratio);
  g_test_add_func ("/archive/max-entries", test_archive_max_entries);
  g_test_add_func ("/archive/overlap", test_archive_overlap);
  g_test_add_func ("/archive/not-a-zip", test_archive_not_a_zip);
  g_test_add_func ("/archive/fd-same-as-bytes", test_archive_fd_same_as_bytes);
  return g_test_run ();
}
