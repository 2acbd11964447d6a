/* Entry-name decoding and judgement (src/bc-names.c). */

#include <string.h>

#include "bc-names.h"

static char *
gbk (const char *utf8, gsize *len)
{
  g_autoptr(GError) error = NULL;
  char *out = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, len, &error);
  g_assert_no_error (error);
  return out;
}

static void
test_names_gbk_noflag (void)
{
  gsize len = 0;
  g_autofree char *raw = gbk ("营业执照副本.pdf", &len);
  BcNameEncoding enc = BC_NAME_ASCII;
  g_autofree char *name = bc_name_decode ((const guint8 *) raw, len, FALSE, NULL, &enc);
  g_assert_cmpstr (name, ==, "营业执照副本.pdf");
  g_assert_cmpint (enc, ==, BC_NAME_GB18030);
  g_assert_cmpstr (bc_name_encoding_to_string (enc), ==, "gb18030");
}

static void
test_names_gbk_valid_utf8 (void)
{
  /* 营业 in GBK is d3aa d2b5, which is also valid UTF-8 ("Ӫҵ") */
  const guint8 raw[] = { 0xd3, 0xaa, 0xd2, 0xb5, '.', 'p', 'd', 'f' };
  BcNameEncoding enc = BC_NAME_ASCII;
  g_autofree char *name = bc_name_decode (raw, sizeof raw, FALSE, NULL, &enc);
  g_assert_cmpstr (name, ==, "营业.pdf");
  g_assert_cmpint (enc, ==, BC_NAME_GB18030);
}

static void
test_names_utf8 (void)
{
  const char *n = "营业执照.pdf";
  /* NFD e + combining acute, no flag: macOS */
  const char *nfd = "caf\x65\xcc\x81.pdf";
  BcNameEncoding enc = BC_NAME_ASCII;
  g_autofree char *a = bc_name_decode ((const guint8 *) n, strlen (n), TRUE, NULL, &enc);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_assert_cmpstr (a, ==, n);
  g_assert_cmpint (enc, ==, BC_NAME_UTF8_FLAG);
  b = bc_name_decode ((const guint8 *) n, strlen (n), FALSE, NULL, &enc);
  g_assert_cmpstr (b, ==, n);
  g_assert_cmpint (enc, ==, BC_NAME_UTF8_GUESSED);
  c = bc_name_decode ((const guint8 *) nfd, strlen (nfd), FALSE, NULL, &enc);
  g_assert_cmpstr (c, ==, "caf\xc3\xa9.pdf"); /* NFC */
  g_assert_cmpint (enc, ==, BC_NAME_UTF8_GUESSED);
  d = bc_name_decode ((const guint8 *) "a.pdf", 5, FALSE, NULL, &enc);
  g_assert_cmpstr (d, ==, "a.pdf");
  g_assert_cmpint (enc, ==, BC_NAME_ASCII);
}

static void
test_names_flag_invalid (void)
{
  const guint8 raw[] = { 0xff, 0xfe, '.', 'p', 'd', 'f' };
  BcNameEncoding enc = BC_NAME_ASCII;
  g_autofree char *name = bc_name_decode (raw, sizeof raw, TRUE, NULL, &enc);
  g_assert_cmpint (enc, ==, BC_NAME_UNDECODABLE);
  g_assert_nonnull (strstr (name, "\xef\xbf\xbd")); /* U+FFFD */
  g_assert_true (g_str_has_suffix (name, ".pdf"));
}

static void
test_names_unicode_extra (void)
{
  gsize len = 0;
  g_autofree char *raw = gbk ("营业执照.pdf", &len);
  BcNameEncoding enc = BC_NAME_ASCII;
  g_autofree char *name = bc_name_decode ((const guint8 *) raw, len, FALSE, "营业执照.pdf", &enc);
  g_assert_cmpstr (name, ==, "营业执照.pdf");
  g_assert_cmpint (enc, ==, BC_NAME_UNICODE_EXTRA);
}

static void
test_names_nul (void)
{
  const guint8 raw[] = "good.pdf\0evil.exe";
  BcNameEncoding enc = BC_NAME_GB18030;
  g_autofree char *name = bc_name_decode (raw, sizeof raw - 1, FALSE, NULL, &enc);
  /* the NUL is kept visible, not turned into a space as libzip does */
  g_assert_cmpstr (name, ==, "good.pdf\xe2\x90\x80" "evil.exe");
  g_assert_cmpstr (bc_name_unsafe_reason (name), ==, "control character");
}

static void
test_names_unsafe (void)
{
  struct {
    const char *name;
    const char *reason;
  } cases[] = {
    { "", "empty name" },
    { "/etc/cron.d/evil", "absolute path" },
    { "\\\\server\\share\\x.pdf", "absolute path" },
    { "../../../../tmp/evil.pdf", "parent directory (..)" },
    { "a/../../b.pdf", "parent directory (..)" },
    { "..\\..\\Windows\\evil.pdf", "parent directory (..)" },
    { "C:\\Users\\Public\\evil.pdf", "drive letter" },
    { "C:evil.pdf", "drive letter" },
    { "dir\\file.pdf", "backslash" },
    { "line\nbreak.pdf", "control character" },
    { "ansi\x1b[2J\x07" "bell.pdf", "control character" },
    { "rtl\xe2\x80\xae" "fdp.exe", "bidirectional control character" },
    { "iso\xe2\x81\xa6x.pdf", "bidirectional control character" },
    { "a//b.pdf", "empty path segment" },
    { "材料/营业执照.pdf", NULL },
    { "材料/", NULL },
    { "..foo.pdf", NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (bc_name_unsafe_reason (cases[i].name), ==, cases[i].reason);
}

static void
test_names_system (void)
{
  g_assert_true (bc_name_is_system_file ("__MACOSX/材料/._营业执照.pdf"));
  g_assert_true (bc_name_is_system_file ("__macosx/x"));
  g_assert_true (bc_name_is_system_file ("a/._x.pdf"));
  g_assert_true (bc_name_is_system_file ("a/.DS_Store"));
  g_assert_true (bc_name_is_system_file ("THUMBS.DB"));
  g_assert_true (bc_name_is_system_file ("x/Desktop.ini"));
  g_assert_false (bc_name_is_system_file ("a/x.pdf"));
  g_assert_false (bc_name_is_system_file ("a_.pdf"));
  g_assert_false (bc_name_is_system_file ("MACOSX.pdf"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/names/gbk-noflag", test_names_gbk_noflag);
  g_test_add_func ("/names/gbk-valid-utf8", test_names_gbk_valid_utf8);
  g_test_add_func ("/names/utf8", test_names_utf8);
  g_test_add_func ("/names/flag-invalid", test_names_flag_invalid);
  g_test_add_func ("/names/unicode-extra", test_names_unicode_extra);
  g_test_add_func ("/names/nul", test_names_nul);
  g_test_add_func ("/names/unsafe", test_names_unsafe);
  g_test_add_func ("/names/system", test_names_system);
  return g_test_run ();
}
