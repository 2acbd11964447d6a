/* Identification by content, and what the extension claims. */
#include <string.h>

#include "bc-identify.h"

static const char *
identify (BcIdentifier *id, const void *data, gsize len)
{
  return bc_identify_data (id, data, len, NULL);
}

static void
test_content (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (BcIdentifier) id = bc_identifier_new (&error);
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde };
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };
  static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  static const char text[] = "just some notes about the filing\n";
  g_autofree char *mime = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (identify (id, png, sizeof (png)), ==, "png");
  g_assert_cmpstr (identify (id, jpeg, sizeof (jpeg)), ==, "jpeg");
  g_assert_cmpstr (identify (id, pdf, strlen (pdf)), ==, "pdf");
  g_assert_cmpstr (identify (id, text, strlen (text)), ==, "text");
  g_assert_cmpstr (identify (id, "", 0), ==, "unknown");
  g_assert_cmpstr (bc_identify_data (id, (const guint8 *) pdf, strlen (pdf), &mime), ==, "pdf");
  g_assert_cmpstr (mime, ==, "application/pdf");
  /* junk before %PDF-: libmagic says text, but a reader that finds the
   * trailer opens it as a PDF, so it is judged as one (and the inspector
   * reports the junk); without a trailer it stays text */
  {
    g_autofree char *junk = g_strnfill (5000, 'J');
    g_autofree char *no_trailer = g_strconcat (junk, pdf, NULL);
    g_autofree char *with_trailer = g_strconcat (junk, pdf, "startxref\n9\n%%EOF\n", NULL);
    g_assert_cmpstr (identify (id, no_trailer, strlen (no_trailer)), ==, "text");
    g_assert_cmpstr (identify (id, with_trailer, strlen (with_trailer)), ==, "pdf");
  }
}

static void
test_extension (void)
{
  g_assert_cmpstr (bc_identify_extension ("a/营业执照.JPG"), ==, "jpeg");
  g_assert_cmpstr (bc_identify_extension ("x.jpeg"), ==, "jpeg");
  g_assert_cmpstr (bc_identify_extension ("授权书.pdf"), ==, "pdf");
  g_assert_cmpstr (bc_identify_extension ("video.MP4"), ==, "mp4");
  g_assert_null (bc_identify_extension ("README"));
  g_assert_null (bc_identify_extension (".hidden"));
  g_assert_null (bc_identify_extension ("dir.d/file"));
  g_assert_null (bc_identify_extension ("x.unknownext"));
}

static void
test_type_sets (void)
{
  g_assert_true (bc_type_is_known ("jpeg"));
  g_assert_false (bc_type_is_known ("jpg"));
  g_assert_true (bc_type_is_archive ("zip"));
  g_assert_true (bc_type_is_archive ("rar"));
  g_assert_false (bc_type_is_archive ("docx"));
  g_assert_true (bc_type_is_image ("png"));
  g_assert_false (bc_type_is_image ("pdf"));
  for (const char *const *t = bc_type_names (); *t != NULL; t++)
    g_assert_true (bc_type_is_known (*t));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/identify/content", test_content);
  g_test_add_func ("/identify/extension", test_extension);
  g_test_add_func ("/identify/type-sets", test_type_sets);
  return g_test_run ();
}
