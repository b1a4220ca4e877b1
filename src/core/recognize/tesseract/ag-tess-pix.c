/* ag-tess-pix.c — bitmaps as Tesseract is given them
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "recognize/tesseract/ag-tess-private.h"

typedef enum
{
  DEPTH_BINARY,
  DEPTH_GRAY,
  DEPTH_COLOR,
} Depth;

/* What the pixels really are.  A grey or black-and-white picture is given
 * to Tesseract as such, as the tesseract command line gets it from the
 * file: thresholding three equal channels costs three times as much and
 * finds the same. */
static Depth
find_depth (AgBitmap *bitmap)
{
  int width = ag_bitmap_get_width (bitmap);
  int height = ag_bitmap_get_height (bitmap);
  gsize stride = ag_bitmap_get_stride (bitmap);
  const guint8 *pixels = g_bytes_get_data (ag_bitmap_get_pixels (bitmap), NULL);
  gboolean gray8 = ag_bitmap_get_format (bitmap) == AG_BITMAP_FORMAT_GRAY8;
  Depth depth = DEPTH_BINARY;

  for (int y = 0; y < height; y++)
    {
      const guint8 *src = pixels + y * stride;

      for (int x = 0; x < width; x++)
        {
          guint8 v;

          if (gray8)
            v = src[x];
          else
            {
              const guint8 *p = src + 4 * x;

              if (p[3] != 255 || p[0] != p[1] || p[1] != p[2])
                return DEPTH_COLOR;
              v = p[0];
            }

          if (v != 0 && v != 255)
            {
              if (gray8)
                return DEPTH_GRAY;
              depth = DEPTH_GRAY;
            }
        }
    }

  return depth;
}

/**
 * _ag_bitmap_to_pix:
 *
 * Copies @bitmap into a Leptonica image of the depth its pixels need:
 * 1 bpp for black and white, 8 bpp for grey, else 32 bpp RGB with any
 * transparency put on white (as the tesseract command line does with a
 * PNG that has an alpha channel).  The resolution is set when the bitmap
 * knows it.
 */
PIX *
_ag_bitmap_to_pix (AgBitmap *bitmap)
{
  int width = ag_bitmap_get_width (bitmap);
  int height = ag_bitmap_get_height (bitmap);
  gsize stride = ag_bitmap_get_stride (bitmap);
  const guint8 *pixels = g_bytes_get_data (ag_bitmap_get_pixels (bitmap), NULL);
  guint bpp = ag_bitmap_get_format (bitmap) == AG_BITMAP_FORMAT_GRAY8 ? 1 : 4;
  double dpi = ag_bitmap_get_dpi (bitmap);
  Depth depth = find_depth (bitmap);
  PIX *pix;
  l_uint32 *data;
  int wpl;

  if (depth == DEPTH_BINARY)
    {
      pix = pixCreate (width, height, 1);
      data = pixGetData (pix);
      wpl = pixGetWpl (pix);
      for (int y = 0; y < height; y++)
        {
          const guint8 *src = pixels + y * stride;
          l_uint32 *line = data + y * wpl;

          /* In Leptonica's 1 bpp, 1 is ink. */
          for (int x = 0; x < width; x++)
            if (src[bpp * x] == 0)
              SET_DATA_BIT (line, x);
        }
    }
  else if (depth == DEPTH_GRAY)
    {
      pix = pixCreate (width, height, 8);
      data = pixGetData (pix);
      wpl = pixGetWpl (pix);
      for (int y = 0; y < height; y++)
        {
          const guint8 *src = pixels + y * stride;
          l_uint32 *line = data + y * wpl;

          for (int x = 0; x < width; x++)
            SET_DATA_BYTE (line, x, src[bpp * x]);
        }
    }
  else
    {
      pix = pixCreate (width, height, 32);
      pixSetSpp (pix, 3);
      data = pixGetData (pix);
      wpl = pixGetWpl (pix);
      for (int y = 0; y < height; y++)
        {
          const guint8 *src = pixels + y * stride;
          l_uint32 *line = data + y * wpl;

          for (int x = 0; x < width; x++, src += 4)
            {
              guint r = src[0], g = src[1], b = src[2], a = src[3];

              if (a != 255)
                {
                  r = (r * a + 255 * (255 - a) + 127) / 255;
                  g = (g * a + 255 * (255 - a) + 127) / 255;
                  b = (b * a + 255 * (255 - a) + 127) / 255;
                }
              line[x] = ((l_uint32) r << L_RED_SHIFT) |
                        ((l_uint32) g << L_GREEN_SHIFT) |
                        ((l_uint32) b << L_BLUE_SHIFT) |
                        (0xffu << L_ALPHA_SHIFT);
            }
        }
    }

  if (dpi > 0)
    pixSetResolution (pix, (l_int32) lround (dpi), (l_int32) lround (dpi));

  return pix;
}

/* A copy of the rectangle of @pix at (@x, @y), @w × @h, clipped to it;
 * %NULL if nothing of it is on @pix. */
PIX *
_ag_tess_clip_pix (PIX *pix,
                   int  x,
                   int  y,
                   int  w,
                   int  h)
{
  BOX *box = boxCreate (x, y, w, h);
  PIX *clipped = pixClipRectangle (pix, box, NULL);

  boxDestroy (&box);
  return clipped;
}
