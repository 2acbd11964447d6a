/* The image inspector: size and colour of a JPEG or PNG.
 *
 * Colour is judged from the decoded pixels, never from the channel count:
 * a greyscale scan saved as a 3-channel JPEG is still grey, and a phone
 * photo of a licence on white paper is still colour even though most of
 * it is paper. The measure and its tuning are in docs/inspection.md. */

#include "bc-config.h"

#include "bc-inspect-image.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

typedef struct {
  guint64 pixels;
  guint64 colored;
  guint64 chroma_sum;
} BcChromaStats;

static inline void
bc_image_count (BcChromaStats *stats, guint r, guint g, guint b)
{
  guint mx = MAX (r, MAX (g, b));
  guint mn = MIN (r, MIN (g, b));
  guint chroma = mx - mn;
  stats->pixels++;
  stats->chroma_sum += chroma;
  if (chroma > BC_IMAGE_CHROMA_THRESHOLD)
    stats->colored++;
}

static void
bc_image_judge (BcInspection *insp, const BcChromaStats *stats)
{
  if (stats->pixels == 0)
    return;
  insp->image_chroma = (double) stats->chroma_sum / (double) stats->pixels;
  insp->image_is_color =
    (double) stats->colored / (double) stats->pixels > BC_IMAGE_COLOR_SHARE;
}

/* ---------------------------------------------------------------- JPEG */

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jmp;
  char message[JMSG_LENGTH_MAX];
  gboolean truncated;
} BcJpegError;

G_GNUC_NORETURN static void
bc_jpeg_error_exit (j_common_ptr cinfo)
{
  BcJpegError *err = (BcJpegError *) (void *) cinfo->err;
  (*cinfo->err->format_message) (cinfo, err->message);
  longjmp (err->jmp, 1);
}

/* libjpeg prints warnings to stderr by default; record the one that
 * matters (the data ended early and the rest was filled with grey) */
static void
bc_jpeg_emit_message (j_common_ptr cinfo, int msg_level)
{
  BcJpegError *err = (BcJpegError *) (void *) cinfo->err;
  if (msg_level < 0)
    {
      cinfo->err->num_warnings++;
      if (cinfo->err->msg_code == JWRN_JPEG_EOF)
        err->truncated = TRUE;
    }
}

static void
bc_jpeg_output_message (j_common_ptr cinfo)
{
}

static void
bc_inspect_jpeg (BcInspection *insp, const guint8 *buf, gsize len)
{
  struct jpeg_decompress_struct cinfo;
  BcJpegError jerr;
  BcChromaStats stats = { 0 };
  /* modified between setjmp and longjmp: must be volatile */
  JSAMPLE *volatile row = NULL;

  memset (&cinfo, 0, sizeof cinfo);
  memset (&jerr, 0, sizeof jerr);
  cinfo.err = jpeg_std_error (&jerr.pub);
  jerr.pub.error_exit = bc_jpeg_error_exit;
  jerr.pub.emit_message = bc_jpeg_emit_message;
  jerr.pub.output_message = bc_jpeg_output_message;

  if (setjmp (jerr.jmp) != 0)
    {
      /* a header that parsed still gave us the dimensions */
      insp->image_decoded = FALSE;
      insp->image_error = g_strdup (jerr.message[0] != '\0' ? jerr.message : "cannot decode");
      insp->image_truncated = jerr.truncated;
      g_free (row);
      jpeg_destroy_decompress (&cinfo);
      return;
    }

  jpeg_create_decompress (&cinfo);
  if (len > G_MAXULONG)
    ERREXIT (&cinfo, JERR_INPUT_EMPTY);
  jpeg_mem_src (&cinfo, buf, (unsigned long) len);
  jpeg_read_header (&cinfo, TRUE);
  insp->image_width = cinfo.image_width;
  insp->image_height = cinfo.image_height;

  /* a 65500 × 65500 header is legal: refuse before the decoder allocates */
  if ((guint64) cinfo.image_width * cinfo.image_height > BC_IMAGE_MAX_JPEG_PIXELS)
    {
      insp->image_error = g_strdup_printf ("image too large to decode (%u × %u pixels)",
                                           cinfo.image_width, cinfo.image_height);
      jpeg_destroy_decompress (&cinfo);
      return;
    }

  /* colour needs a statistic, not every pixel: the DCT scaling in the
   * decoder is far cheaper than a full decode of a 12 MP phone photo */
  cinfo.scale_num = 1;
  cinfo.scale_denom = 1;
  while (cinfo.scale_denom < 8 &&
         ((guint64) cinfo.image_width / cinfo.scale_denom) *
         ((guint64) cinfo.image_height / cinfo.scale_denom) > BC_IMAGE_TARGET_PIXELS)
    cinfo.scale_denom *= 2;
  /* libjpeg-turbo converts grey and YCbCr to RGB, not CMYK/YCCK */
  if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK)
    cinfo.out_color_space = JCS_CMYK;
  else
    cinfo.out_color_space = JCS_RGB;
  cinfo.dct_method = JDCT_IFAST;
  jpeg_start_decompress (&cinfo);

  row = g_malloc ((gsize) cinfo.output_width * (gsize) cinfo.output_components);
  while (cinfo.output_scanline < cinfo.output_height)
    {
      JSAMPROW rows[1] = { row };
      if (jpeg_read_scanlines (&cinfo, rows, 1) != 1)
        break;
      for (guint x = 0; x < cinfo.output_width; x++)
        {
          const JSAMPLE *p = row + (gsize) x * (gsize) cinfo.output_components;
          if (cinfo.out_color_space == JCS_CMYK)
            {
              /* Adobe writes inverted CMYK; either way a neutral pixel has
               * C = M = Y, which is all the chroma measure looks at */
              guint k = p[3];
              bc_image_count (&stats, p[0] * k / 255, p[1] * k / 255, p[2] * k / 255);
            }
          else
            {
              bc_image_count (&stats, p[0], p[1], p[2]);
            }
        }
    }
  /* a truncated file is "decoded" by libjpeg with the missing part grey:
   * finishing would only complain again */
  if (!jerr.truncated)
    jpeg_finish_decompress (&cinfo);
  g_free (row);
  row = NULL;
  jpeg_destroy_decompress (&cinfo);

  insp->image_decoded = TRUE;
  insp->image_truncated = jerr.truncated;
  bc_image_judge (insp, &stats);
}

/* ----------------------------------------------------------------- PNG */

static void
bc_inspect_png (BcInspection *insp, const guint8 *buf, gsize len)
{
  png_image image;
  png_color white = { 255, 255, 255 };
  BcChromaStats stats = { 0 };
  g_autofree png_byte *pixels = NULL;
  gsize size = 0;

  memset (&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory (&image, buf, len))
    {
      insp->image_error = g_strdup (image.message[0] != '\0' ? image.message : "cannot decode");
      png_image_free (&image);
      return;
    }
  insp->image_width = image.width;
  insp->image_height = image.height;

  /* the simplified API decodes the whole image: bound it before allocating */
  if ((guint64) image.width * image.height > BC_IMAGE_MAX_PNG_PIXELS ||
      !g_size_checked_mul (&size, (gsize) image.width, (gsize) image.height) ||
      !g_size_checked_mul (&size, size, 3))
    {
      insp->image_error = g_strdup_printf ("image too large to decode (%u × %u pixels)",
                                           image.width, image.height);
      png_image_free (&image);
      return;
    }
  /* transparency is shown on white, as the filing site does */
  image.format = PNG_FORMAT_RGB;
  pixels = g_try_malloc (size);
  if (pixels == NULL)
    {
      insp->image_error = g_strdup ("not enough memory to decode");
      png_image_free (&image);
      return;
    }
  if (!png_image_finish_read (&image, &white, pixels, 0, NULL))
    {
      insp->image_error = g_strdup (image.message[0] != '\0' ? image.message : "cannot decode");
      /* libpng says "Not enough image data" / "unexpected end" when the
       * file was cut short */
      if (strstr (insp->image_error, "image data") != NULL ||
          strstr (insp->image_error, "end") != NULL ||
          strstr (insp->image_error, "Read Error") != NULL)
        insp->image_truncated = TRUE;
      png_image_free (&image);
      return;
    }
  for (gsize i = 0; i + 2 < size; i += 3)
    bc_image_count (&stats, pixels[i], pixels[i + 1], pixels[i + 2]);
  png_image_free (&image);
  insp->image_decoded = TRUE;
  bc_image_judge (insp, &stats);
}

BcInspection *
bc_inspect_image (const char *type, GBytes *data, const BcLimits *limits)
{
  BcInspection *insp = g_new0 (BcInspection, 1);
  gsize len = 0;
  const guint8 *buf = g_bytes_get_data (data, &len);

  insp->kind = g_strdup ("image");
  if (len == 0)
    {
      insp->image_error = g_strdup ("empty file");
      return insp;
    }
  if (g_strcmp0 (type, "jpeg") == 0)
    bc_inspect_jpeg (insp, buf, len);
  else if (g_strcmp0 (type, "png") == 0)
    bc_inspect_png (insp, buf, len);
  else
    insp->image_error = g_strdup_printf ("no inspector for %s", type);
  return insp;
}
