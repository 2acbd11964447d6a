/* The image inspector (libjpeg-turbo, libpng), run in-process: call it
 * only inside the sandbox for untrusted input (bc-inspect.c does). */
#pragma once

#include "bc-inspect.h"

G_BEGIN_DECLS

/* a pixel is coloured when max(R,G,B) - min(R,G,B) exceeds this */
#define BC_IMAGE_CHROMA_THRESHOLD 24
/* an image is colour when more than this share of its pixels is coloured */
#define BC_IMAGE_COLOR_SHARE 0.002
/* JPEGs are decoded at 1/2, 1/4 or 1/8 scale down to about this many pixels */
#define BC_IMAGE_TARGET_PIXELS (256u * 1024u)
/* headers declaring more pixels than this are not decoded at all */
#define BC_IMAGE_MAX_JPEG_PIXELS (400ull * 1000ull * 1000ull)
/* PNGs are decoded whole (3 bytes a pixel): cap before the allocation */
#define BC_IMAGE_MAX_PNG_PIXELS (64ull * 1024ull * 1024ull)

/* Inspect DATA of TYPE ("jpeg" or "png"). Never fails: what went wrong is
 * a fact in the returned inspection (free with bc_inspection_free). */
BcInspection *bc_inspect_image (const char *type, GBytes *data, const BcLimits *limits);

G_END_DECLS
