/* Entry names: from raw central-directory bytes to NFC Unicode, and the
 * safety judgement on the result.
 *
 * We never take a name from zip_get_name(): libzip 1.7.3 turns NUL into a
 * space, guesses CP437 for GBK names and lets a 0x7075 extra field replace
 * the stored name (docs/archive.md). */

#include "bc-names.h"

#include <string.h>

/* a NUL byte cannot live in a C string; we show it as U+2400 SYMBOL FOR
 * NULL so the user sees where it was, and bc_name_unsafe_reason() treats
 * U+2400 as the control character it stands for */
#define BC_NAME_NUL_SYMBOL "\xe2\x90\x80"

const char *
bc_name_encoding_to_string (BcNameEncoding encoding)
{
  switch (encoding) {
  case BC_NAME_ASCII:
    return "ascii";
  case BC_NAME_UTF8_FLAG:
    return "utf8-flagged";
  case BC_NAME_UNICODE_EXTRA:
    return "unicode-path-extra";
  case BC_NAME_UTF8_GUESSED:
    return "utf8-guessed";
  case BC_NAME_GB18030:
    return "gb18030";
  case BC_NAME_UNDECODABLE:
    return "undecodable";
  default:
    return "unknown";
  }
}

/* split RAW at NUL bytes: each segment is decoded on its own and the
 * segments are joined with the NUL symbol */
static GPtrArray *
bc_name_split_nul (const guint8 *raw, gsize len)
{
  GPtrArray *segs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize start = 0;
  for (gsize i = 0; i <= len; i++) {
    if (i == len || raw[i] == '\0') {
      g_ptr_array_add (segs, g_bytes_new (raw + start, i - start));
      start = i + 1;
    }
  }
  return segs;
}

static gboolean
bc_name_segs_valid_utf8 (GPtrArray *segs, gboolean *ascii_only)
{
  *ascii_only = TRUE;
  for (guint i = 0; i < segs->len; i++) {
    gsize sz = 0;
    const guint8 *d = g_bytes_get_data (g_ptr_array_index (segs, i), &sz);
    if (sz > 0 && !g_utf8_validate_len ((const char *) d, sz, NULL))
      return FALSE;
    for (gsize j = 0; j < sz; j++) {
      if (d[j] >= 0x80)
        *ascii_only = FALSE;
    }
  }
  return TRUE;
}

/* code points an archiving tool used by our users plausibly wrote as
 * UTF-8: CJK, kana, Hangul, Latin-1 letters, combining marks (macOS NFD),
 * punctuation, fullwidth forms and emoji */
static gboolean
bc_name_unichar_plausible (gunichar c)
{
  return c < 0x80 || (c >= 0xA0 && c <= 0xFF) || (c >= 0x300 && c <= 0x36F) ||
         (c >= 0x2000 && c <= 0x206F) || (c >= 0x2100 && c <= 0x21FF) ||
         (c >= 0x2460 && c <= 0x24FF) || (c >= 0x3000 && c <= 0x30FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || c >= 0x1F000;
}

static gboolean
bc_name_unichar_cjk (gunichar c)
{
  return c < 0x80 || (c >= 0x3000 && c <= 0x303F) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFFEF);
}

static gboolean
bc_name_all_chars (const char *str, gboolean (*pred) (gunichar))
{
  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p)) {
    if (!pred (g_utf8_get_char (p)))
      return FALSE;
  }
  return TRUE;
}

/* decode every segment with FROM (NULL = the bytes are already UTF-8) or
 * repair invalid sequences with U+FFFD when MAKE_VALID */
static char *
bc_name_join (GPtrArray *segs, const char *from, gboolean make_valid)
{
  g_autoptr(GString) out = g_string_new (NULL);
  for (guint i = 0; i < segs->len; i++) {
    gsize sz = 0;
    const char *d = g_bytes_get_data (g_ptr_array_index (segs, i), &sz);
    if (i > 0)
      g_string_append (out, BC_NAME_NUL_SYMBOL);
    if (sz == 0)
      continue;
    if (make_valid) {
      g_autofree char *valid = g_utf8_make_valid (d, (gssize) sz);
      g_string_append (out, valid);
    } else if (from != NULL) {
      gsize written = 0;
      g_autofree char *conv = g_convert (d, (gssize) sz, "UTF-8", from, NULL, &written, NULL);
      if (conv == NULL || !g_utf8_validate_len (conv, written, NULL))
        return NULL;
      g_string_append_len (out, conv, (gssize) written);
    } else {
      g_string_append_len (out, d, (gssize) sz);
    }
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
bc_name_nfc (char *str)
{
  g_autofree char *tmp = str;
  char *nfc = g_utf8_normalize (tmp, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return g_steal_pointer (&tmp);
  return nfc;
}

char *
bc_name_decode (const guint8 *raw,
                gsize len,
                gboolean utf8_flag,
                const char *unicode_path,
                BcNameEncoding *encoding)
{
  g_autoptr(GPtrArray) segs = bc_name_split_nul (raw, len);
  gboolean ascii_only = TRUE;
  gboolean valid_utf8 = bc_name_segs_valid_utf8 (segs, &ascii_only);
  BcNameEncoding enc_dummy;
  g_autofree char *utf8 = NULL;
  g_autofree char *gb = NULL;

  if (encoding == NULL)
    encoding = &enc_dummy;

  /* bit 11 is a promise; a broken promise is undecodable, not a reason to
   * guess another charset */
  if (utf8_flag) {
    if (valid_utf8) {
      *encoding = ascii_only ? BC_NAME_ASCII : BC_NAME_UTF8_FLAG;
      return bc_name_nfc (bc_name_join (segs, NULL, FALSE));
    }
    *encoding = BC_NAME_UNDECODABLE;
    return bc_name_nfc (bc_name_join (segs, NULL, TRUE));
  }

  /* the caller checked the extra field's CRC against RAW */
  if (unicode_path != NULL && g_utf8_validate (unicode_path, -1, NULL)) {
    *encoding = BC_NAME_UNICODE_EXTRA;
    return bc_name_nfc (g_strdup (unicode_path));
  }

  if (valid_utf8 && ascii_only) {
    *encoding = BC_NAME_ASCII;
    return bc_name_join (segs, NULL, FALSE);
  }

  /* short GBK names are often valid UTF-8 by accident (营业 = d3aa d2b5 =
   * "Ӫҵ"): when the UTF-8 reading holds characters nobody in our user base
   * types, and the GB18030 reading is plain Chinese, believe GB18030 */
  if (valid_utf8) {
    utf8 = bc_name_join (segs, NULL, FALSE);
    if (!bc_name_all_chars (utf8, bc_name_unichar_plausible)) {
      gb = bc_name_join (segs, "GB18030", FALSE);
      if (gb != NULL && bc_name_all_chars (gb, bc_name_unichar_cjk)) {
        *encoding = BC_NAME_GB18030;
        return bc_name_nfc (g_steal_pointer (&gb));
      }
    }
    *encoding = BC_NAME_UTF8_GUESSED;
    return bc_name_nfc (g_steal_pointer (&utf8));
  }

  gb = bc_name_join (segs, "GB18030", FALSE);
  if (gb != NULL) {
    *encoding = BC_NAME_GB18030;
    return bc_name_nfc (g_steal_pointer (&gb));
  }

  *encoding = BC_NAME_UNDECODABLE;
  return bc_name_nfc (bc_name_join (segs, NULL, TRUE));
}

static gboolean
bc_name_is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
         c == 0x200F || c == 0x061C;
}

const char *
bc_name_unsafe_reason (const char *name)
{
  g_autofree char *slashed = NULL;
  g_auto(GStrv) segs = NULL;

  if (name == NULL || name[0] == '\0')
    return "empty name";

  /* characters first: they make the name lie about itself when shown */
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2400)
      return "control character";
  }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p)) {
    if (bc_name_is_bidi_control (g_utf8_get_char (p)))
      return "bidirectional control character";
  }

  /* Windows tools treat '\' as a separator, so judge the name as they would */
  if (name[0] == '/' || name[0] == '\\')
    return "absolute path";
  if (g_ascii_isalpha (name[0]) && name[1] == ':')
    return "drive letter";

  slashed = g_strdup (name);
  g_strdelimit (slashed, "\\", '/');
  segs = g_strsplit (slashed, "/", -1);
  for (guint i = 0; segs[i] != NULL; i++) {
    if (g_strcmp0 (segs[i], "..") == 0)
      return "parent directory (..)";
  }
  if (strchr (name, '\\') != NULL)
    return "backslash";
  for (guint i = 0; segs[i] != NULL; i++) {
    /* a trailing '/' marks a directory and is fine */
    if (segs[i][0] == '\0' && segs[i + 1] != NULL)
      return "empty path segment";
  }
  return NULL;
}

gboolean
bc_name_is_system_file (const char *path)
{
  g_auto(GStrv) segs = NULL;
  const char *base = NULL;

  if (path == NULL)
    return FALSE;
  segs = g_strsplit (path, "/", -1);
  for (guint i = 0; segs[i] != NULL; i++) {
    if (g_ascii_strcasecmp (segs[i], "__MACOSX") == 0)
      return TRUE;
    if (segs[i][0] != '\0')
      base = segs[i];
  }
  if (base == NULL)
    return FALSE;
  return g_str_has_prefix (base, "._") || g_ascii_strcasecmp (base, ".DS_Store") == 0 ||
         g_ascii_strcasecmp (base, "Thumbs.db") == 0 ||
         g_ascii_strcasecmp (base, "desktop.ini") == 0;
}
