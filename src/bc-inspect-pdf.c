/* The PDF inspector: facts about one PDF from poppler-glib 22.12.
 *
 * Everything here may crash or spin on a crafted file (poppler 22.12 has
 * known hangs and crashes fixed only upstream), so bc-inspect.c runs it in
 * the sandbox child; it is only called directly for BC_ISOLATION_IN_PROCESS.
 * What is checked and the thresholds are in docs/inspection.md. */

#include "bc-config.h"

#include "bc-inspect-pdf.h"

#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

/* poppler-glib 22.12 declares no autoptr cleanups of its own */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

/* the longest side of a blank-page render; a poster-sized page is scaled
 * down further so one page never costs more than ~0.4 MP */
#define BC_PDF_BLANK_MAX_SIDE 640

/* how far into the file we look for a misplaced %PDF- */
#define BC_PDF_JUNK_WINDOW 1024

static gint bc_pdf_log_count = 0;

/* poppler-glib reports every parser complaint (and every repair) through
 * g_log on the "Poppler" domain: count them, never print them — printing
 * turned a 0.5 s open into 4.5 s on a damaged file */
static void
bc_pdf_log_counter (const gchar *log_domain,
                    GLogLevelFlags log_level,
                    const gchar *message,
                    gpointer user_data)
{
  g_atomic_int_inc (&bc_pdf_log_count);
}

static gboolean
bc_pdf_is_name_char (guint8 c)
{
  /* PDF 32000 7.2.2: white-space and delimiter characters end a name */
  if (c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ')
    return FALSE;
  if (strchr ("()<>[]{}/%", c) != NULL)
    return FALSE;
  return TRUE;
}

static int
bc_pdf_hexval (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

void
bc_inspect_pdf_scan_names (const guint8 *buf,
                           gsize len,
                           gboolean *javascript,
                           gboolean *launch,
                           gboolean *embedded)
{
  gsize i = 0;

  *javascript = FALSE;
  *launch = FALSE;
  *embedded = FALSE;

  /* names in compressed object streams escape a byte scan; poppler's
   * has_javascript() covers some of those, see docs/inspection.md */
  while (i < len)
    {
      char name[32];
      gsize n = 0;
      gboolean overlong = FALSE;

      if (buf[i] != '/')
        {
          i++;
          continue;
        }
      i++;
      /* decode #xx escapes: /J#53 is /JS to every PDF reader */
      while (i < len && bc_pdf_is_name_char (buf[i]))
        {
          guint8 c = buf[i];
          if (c == '#' && i + 2 < len &&
              bc_pdf_hexval (buf[i + 1]) >= 0 && bc_pdf_hexval (buf[i + 2]) >= 0)
            {
              c = (guint8) (bc_pdf_hexval (buf[i + 1]) * 16 + bc_pdf_hexval (buf[i + 2]));
              i += 3;
            }
          else
            {
              i++;
            }
          if (n < sizeof name - 1)
            name[n++] = (char) c;
          else
            overlong = TRUE;
        }
      if (overlong)
        continue;
      name[n] = '\0';
      if (g_strcmp0 (name, "JS") == 0 || g_strcmp0 (name, "JavaScript") == 0)
        *javascript = TRUE;
      else if (g_strcmp0 (name, "Launch") == 0)
        *launch = TRUE;
      else if (g_strcmp0 (name, "EmbeddedFile") == 0 || g_strcmp0 (name, "EmbeddedFiles") == 0)
        *embedded = TRUE;
    }
}

/* how far from the end poppler looks for "startxref" (xrefSearchSize in
 * poppler/XRef.cc) */
#define BC_PDF_STARTXREF_WINDOW 1024

static gboolean
bc_pdf_is_white (guint8 c)
{
  /* PDF 32000 7.2.2 white-space */
  return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

/* skip white-space, then read a decimal number; FALSE when none */
static gboolean
bc_pdf_read_uint (const guint8 *buf, gsize len, gsize *pos, guint64 *value)
{
  gsize i = *pos;
  guint64 v = 0;

  while (i < len && bc_pdf_is_white (buf[i]))
    i++;
  if (i >= len || !g_ascii_isdigit (buf[i]))
    return FALSE;
  for (; i < len && g_ascii_isdigit (buf[i]); i++)
    {
      if (!g_uint64_checked_mul (&v, v, 10) || !g_uint64_checked_add (&v, v, (guint64) (buf[i] - '0')))
        return FALSE;
    }
  *pos = i;
  *value = v;
  return TRUE;
}

/* does the last "startxref" near the end point at a cross-reference
 * section ("xref" or an "N G obj" xref stream)? When it does not (a file
 * cut before its trailer, a wrong offset) poppler rebuilds the table by
 * scanning the whole file, usually without a log message, so the counted
 * complaints alone would call such a file intact */
static gboolean
bc_pdf_startxref_ok (const guint8 *buf, gsize len)
{
  static const char kw[] = "startxref";
  gsize kwlen = sizeof kw - 1;
  gsize from = len > BC_PDF_STARTXREF_WINDOW ? len - BC_PDF_STARTXREF_WINDOW : 0;
  gsize pos = G_MAXSIZE;
  guint64 off = 0, num = 0;

  for (gsize i = len >= kwlen ? len - kwlen + 1 : 0; i > from; i--)
    {
      if (memcmp (buf + i - 1, kw, kwlen) == 0)
        {
          pos = i - 1 + kwlen;
          break;
        }
    }
  if (pos == G_MAXSIZE || !bc_pdf_read_uint (buf, len, &pos, &off) || off >= len)
    return FALSE;
  pos = (gsize) off;
  while (pos < len && bc_pdf_is_white (buf[pos]))
    pos++;
  if (len - pos >= 4 && memcmp (buf + pos, "xref", 4) == 0)
    return TRUE;
  /* an xref stream: "N G obj" */
  if (!bc_pdf_read_uint (buf, len, &pos, &num) || !bc_pdf_read_uint (buf, len, &pos, &num))
    return FALSE;
  while (pos < len && bc_pdf_is_white (buf[pos]))
    pos++;
  return len - pos >= 3 && memcmp (buf + pos, "obj", 3) == 0;
}

/* NFKC, case-folded, without white-space: "授 权 书" and "授权书", full-width
 * and half-width, upper and lower case all compare equal */
static char *
bc_pdf_squash (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *nfkc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = g_utf8_casefold (nfkc != NULL ? nfkc : valid, -1);
  GString *out = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || c == 0x200B || c == 0xFEFF)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

double
bc_inspect_pdf_page_ink (gpointer page_ptr)
{
  PopplerPage *page = POPPLER_PAGE (page_ptr);
  double w_pt = 0, h_pt = 0;
  double scale = BC_PDF_BLANK_DPI / 72.0;
  int w, h, stride, bx, by;
  guint hist[256] = { 0 };
  guint64 total = 0, ink = 0, acc = 0;
  int paper = 255;
  const guint8 *data;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;

  poppler_page_get_size (page, &w_pt, &h_pt);
  if (!isfinite (w_pt) || !isfinite (h_pt) || w_pt < 1 || h_pt < 1)
    return 0.0;
  if (w_pt * scale > BC_PDF_BLANK_MAX_SIDE || h_pt * scale > BC_PDF_BLANK_MAX_SIDE)
    scale = BC_PDF_BLANK_MAX_SIDE / MAX (w_pt, h_pt);
  w = MAX (1, (int) ceil (w_pt * scale));
  h = MAX (1, (int) ceil (h_pt * scale));

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return 0.0;
  cr = cairo_create (surface);
  /* poppler draws the content only: paint the paper first */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* ignore a border of 4 % on each side: scanners leave dark edges and
   * shadows there that are not content */
  bx = w * 4 / 100;
  by = h * 4 / 100;
  if (w - 2 * bx <= 0 || h - 2 * by <= 0)
    return 0.0;

  for (int y = by; y < h - by; y++)
    {
      const guint32 *row = (const guint32 *) (const void *) (data + (gsize) y * (gsize) stride);
      for (int x = bx; x < w - bx; x++)
        {
          guint32 px = row[x];
          guint r = (px >> 16) & 0xff, g = (px >> 8) & 0xff, b = px & 0xff;
          /* Rec. 601 luma in integers */
          guint lum = (299 * r + 587 * g + 114 * b) / 1000;
          hist[MIN (lum, 255u)]++;
          total++;
        }
    }
  if (total == 0)
    return 0.0;

  /* the paper level is the 90th percentile of luminance: a scan's paper
   * is grey, not white, and any page is mostly paper */
  for (int v = 0; v < 256; v++)
    {
      acc += hist[v];
      if (acc * 10 >= total * 9)
        {
          paper = v;
          break;
        }
    }
  for (int v = 0; v < 256 && v < paper - BC_PDF_INK_DELTA; v++)
    ink += hist[v];
  return (double) ink / (double) total;
}

BcInspection *
bc_inspect_pdf (GBytes *data, const BcDocument *document, const BcLimits *limits)
{
  g_autoptr(BcInspection) insp = g_new0 (BcInspection, 1);
  g_autoptr(GError) error_local = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(GPtrArray) page_texts = NULL;
  const GPtrArray *text_rules = NULL;
  gboolean want_blank = FALSE;
  gboolean js = FALSE, launch = FALSE, embedded = FALSE;
  gsize len = 0;
  const guint8 *buf = g_bytes_get_data (data, &len);
  guint handler;
  guint n_inspect;
  gint log_count;

  insp->kind = g_strdup ("pdf");
  insp->pdf_page_sizes = g_array_new (FALSE, TRUE, sizeof (BcPageSize));
  insp->pdf_text_hits = g_array_new (FALSE, TRUE, sizeof (gint));
  insp->pdf_blank_pages = g_array_new (FALSE, TRUE, sizeof (guint));

  if (document != NULL)
    {
      text_rules = document->pdf.required_text;
      want_blank = document->pdf.forbid_blank_pages;
    }

  /* poppler opens a PDF behind 5,000 junk bytes ("May not be a PDF file
   * (continuing anyway)") and a ZIP with a PDF appended: a filing office's
   * checker may not, so the header must be at offset 0 */
  if (len < 5 || memcmp (buf, "%PDF-", 5) != 0)
    {
      insp->pdf_not_pdf = TRUE;
      for (gsize i = 1; i + 5 <= MIN (len, (gsize) BC_PDF_JUNK_WINDOW); i++)
        {
          if (memcmp (buf + i, "%PDF-", 5) == 0)
            {
              insp->pdf_leading_junk = (guint) i;
              break;
            }
        }
      return g_steal_pointer (&insp);
    }

  /* poppler_document_has_javascript() misses a JavaScript /OpenAction and
   * there is no API for /Launch: scan the raw names too */
  bc_inspect_pdf_scan_names (buf, len, &js, &launch, &embedded);
  insp->pdf_javascript = js;
  insp->pdf_launch = launch;

  g_atomic_int_set (&bc_pdf_log_count, 0);
  handler = g_log_set_handler ("Poppler", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                               bc_pdf_log_counter, NULL);

  /* ALWAYS a NULL password: poppler 22.12 segfaults in _new_from_bytes
   * when given one for an encrypted file (hostile-inputs.md finding 1) */
  doc = poppler_document_new_from_bytes (data, NULL, &error_local);
  if (doc == NULL)
    {
      g_log_remove_handler ("Poppler", handler);
      if (g_error_matches (error_local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        insp->pdf_encrypted = TRUE;
      else
        insp->pdf_error = g_strdup (error_local != NULL ? error_local->message : "unknown error");
      return g_steal_pointer (&insp);
    }
  insp->pdf_opened = TRUE;
  insp->pdf_version = poppler_document_get_pdf_version_string (doc);
  if ((poppler_document_get_permissions (doc) & POPPLER_PERMISSIONS_FULL) != POPPLER_PERMISSIONS_FULL)
    insp->pdf_restricted = TRUE;
  if (poppler_document_has_javascript (doc))
    insp->pdf_javascript = TRUE;
  insp->pdf_attachments = poppler_document_get_n_attachments (doc);
  if (insp->pdf_attachments == 0 && embedded)
    insp->pdf_attachments = 1;

  /* a lying /Count gives 0 pages; a real 20,000-page file opens in ms since
   * pages load lazily, so only the first max_pdf_pages are looked at */
  insp->pdf_n_pages = (guint) MAX (poppler_document_get_n_pages (doc), 0);
  n_inspect = insp->pdf_n_pages;
  if (limits->max_pdf_pages > 0 && n_inspect > limits->max_pdf_pages)
    {
      n_inspect = (guint) limits->max_pdf_pages;
      insp->pdf_pages_truncated = TRUE;
    }

  /* squashed text per inspected page; NULL = not extracted */
  page_texts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (page_texts, (gint) n_inspect);
  for (guint i = 0; i < n_inspect; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, (int) i);
      BcPageSize size = { 0, 0 };
      if (page == NULL)
        {
          /* a page that will not load (loop in the page tree) is damage */
          g_atomic_int_inc (&bc_pdf_log_count);
          g_array_append_val (insp->pdf_page_sizes, size);
          continue;
        }
      poppler_page_get_size (page, &size.width_pt, &size.height_pt);
      if (!isfinite (size.width_pt) || !isfinite (size.height_pt))
        size.width_pt = size.height_pt = 0;
      g_array_append_val (insp->pdf_page_sizes, size);
    }
  /* only complaints while opening and loading the page tree mean damage;
   * later ones (a missing font while rendering) do not */
  log_count = g_atomic_int_get (&bc_pdf_log_count);
  insp->pdf_repaired = log_count > 0 || !bc_pdf_startxref_ok (buf, len);

  /* text extraction is the expensive part (a Flate bomb costs seconds per
   * page): with no text rules stop at the first page that has text */
  for (guint i = 0; i < n_inspect; i++)
    {
      g_autoptr(PopplerPage) page = NULL;
      g_autofree char *text = NULL;
      char *squashed;

      if ((text_rules == NULL || text_rules->len == 0) && insp->pdf_has_text)
        break;
      page = poppler_document_get_page (doc, (int) i);
      if (page == NULL)
        continue;
      text = poppler_page_get_text (page);
      squashed = bc_pdf_squash (text != NULL ? text : "");
      if (squashed[0] != '\0')
        insp->pdf_has_text = TRUE;
      g_ptr_array_index (page_texts, i) = squashed;
    }
  if (text_rules != NULL)
    {
      for (guint r = 0; r < text_rules->len; r++)
        {
          const BcTextRule *rule = g_ptr_array_index (text_rules, r);
          gint hit = 0;
          for (guint i = 0; i < page_texts->len && hit == 0; i++)
            {
              const char *ptext = g_ptr_array_index (page_texts, i);
              if (ptext == NULL || (rule->page != 0 && rule->page != i + 1))
                continue;
              for (guint k = 0; rule->any_of != NULL && rule->any_of[k] != NULL; k++)
                {
                  g_autofree char *phrase = bc_pdf_squash (rule->any_of[k]);
                  if (phrase[0] != '\0' && strstr (ptext, phrase) != NULL)
                    {
                      hit = (gint) i + 1;
                      break;
                    }
                }
            }
          g_array_append_val (insp->pdf_text_hits, hit);
        }
    }

  if (want_blank)
    {
      for (guint i = 0; i < n_inspect; i++)
        {
          g_autoptr(PopplerPage) page = poppler_document_get_page (doc, (int) i);
          guint pageno = i + 1;
          if (page == NULL)
            continue;
          if (bc_inspect_pdf_page_ink (page) < BC_PDF_BLANK_INK_SHARE)
            g_array_append_val (insp->pdf_blank_pages, pageno);
        }
    }

  g_log_remove_handler ("Poppler", handler);
  return g_steal_pointer (&insp);
}
