/* ag-bitmap.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "model/ag-bitmap.h"

struct _AgBitmap
{
  gatomicrefcount  ref_count;
  AgBitmapFormat   format;
  int              width;
  int              height;
  gsize            stride;
  double           dpi;
  GBytes          *pixels;
};

G_DEFINE_BOXED_TYPE (AgBitmap, ag_bitmap, ag_bitmap_ref, ag_bitmap_unref)

/**
 * ag_bitmap_new:
 * @format: the pixel layout
 * @width: width in pixels, at least 1
 * @height: height in pixels, at least 1
 * @stride: bytes from one row to the next
 * @pixels: (transfer none): at least @stride × @height bytes
 *
 * Returns: (transfer full): a new bitmap
 */
AgBitmap *
ag_bitmap_new (AgBitmapFormat  format,
               int             width,
               int             height,
               gsize           stride,
               GBytes         *pixels)
{
  AgBitmap *self;
  gsize bpp = format == AG_BITMAP_FORMAT_RGBA8 ? 4 : 1;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (stride >= (gsize) width * bpp, NULL);
  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (pixels) >= stride * (gsize) (height - 1) + (gsize) width * bpp, NULL);

  self = g_new0 (AgBitmap, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->format = format;
  self->width = width;
  self->height = height;
  self->stride = stride;
  self->pixels = g_bytes_ref (pixels);

  return self;
}

AgBitmap *
ag_bitmap_ref (AgBitmap *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ag_bitmap_unref (AgBitmap *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_bytes_unref (self->pixels);
      g_free (self);
    }
}

AgBitmapFormat
ag_bitmap_get_format (const AgBitmap *self)
{
  return self->format;
}

int
ag_bitmap_get_width (const AgBitmap *self)
{
  return self->width;
}

int
ag_bitmap_get_height (const AgBitmap *self)
{
  return self->height;
}

gsize
ag_bitmap_get_stride (const AgBitmap *self)
{
  return self->stride;
}

/**
 * ag_bitmap_get_pixels:
 *
 * Returns: (transfer none): the pixel memory
 */
GBytes *
ag_bitmap_get_pixels (const AgBitmap *self)
{
  return self->pixels;
}

/**
 * ag_bitmap_get_dpi:
 *
 * Returns: the resolution the pixels stand for, or 0 when unknown
 */
double
ag_bitmap_get_dpi (const AgBitmap *self)
{
  return self->dpi;
}

void
ag_bitmap_set_dpi (AgBitmap *self,
                   double    dpi)
{
  g_return_if_fail (self != NULL);

  self->dpi = MAX (dpi, 0.0);
}

/**
 * ag_bitmap_new_turned:
 * @turn_cw: 0, 90, 180 or 270
 *
 * Returns: (transfer full): @self turned clockwise by @turn_cw degrees
 *   (a new reference to @self for 0), at the same resolution
 */
AgBitmap *
ag_bitmap_new_turned (AgBitmap *self,
                      int       turn_cw)
{
  gsize bpp, stride;
  int width, height;
  const guint8 *in;
  guint8 *out;
  AgBitmap *turned;
  GBytes *bytes;

  g_return_val_if_fail (self != NULL, NULL);

  turn_cw = ((turn_cw % 360) + 360) % 360;
  if (turn_cw != 90 && turn_cw != 180 && turn_cw != 270)
    return ag_bitmap_ref (self);

  bpp = self->format == AG_BITMAP_FORMAT_RGBA8 ? 4 : 1;
  width = turn_cw == 180 ? self->width : self->height;
  height = turn_cw == 180 ? self->height : self->width;
  stride = (gsize) width * bpp;
  in = g_bytes_get_data (self->pixels, NULL);
  out = g_malloc (stride * height);

  for (int y = 0; y < self->height; y++)
    {
      const guint8 *row = in + (gsize) y * self->stride;

      for (int x = 0; x < self->width; x++)
        {
          int tx, ty;

          /* (x, y) goes to (H − 1 − y, x) turned by 90°, and so on. */
          if (turn_cw == 90)
            tx = self->height - 1 - y, ty = x;
          else if (turn_cw == 180)
            tx = self->width - 1 - x, ty = self->height - 1 - y;
          else
            tx = y, ty = self->width - 1 - x;
          memcpy (out + (gsize) ty * stride + (gsize) tx * bpp, row + (gsize) x * bpp, bpp);
        }
    }

  bytes = g_bytes_new_take (out, stride * height);
  turned = ag_bitmap_new (self->format, width, height, stride, bytes);
  g_bytes_unref (bytes);
  turned->dpi = self->dpi;
  return turned;
}

/**
 * ag_bitmap_new_gray_reduced:
 * @x: left of the part to reduce, in pixels
 * @y: top
 * @width: its width
 * @height: its height
 * @factor: 1 or more: each @factor × @factor block of pixels becomes one
 *
 * A grey copy of a part of @self, smaller by @factor, each pixel the mean
 * of its block (a part of a block at the right or bottom edge is left
 * out); transparent pixels count as white, as paper.  The cheap way to a
 * page small enough for a search that needs no more: one pass over the
 * pixels, no full-size copy.
 *
 * Returns: (transfer full): a bitmap in %AG_BITMAP_FORMAT_GRAY8, at
 *   @self's resolution divided by @factor
 */
AgBitmap *
ag_bitmap_new_gray_reduced (const AgBitmap *self,
                            int             x,
                            int             y,
                            int             width,
                            int             height,
                            int             factor)
{
  gboolean rgba;
  const guint8 *in;
  g_autofree guint *sums = NULL;
  int out_w, out_h;
  gsize stride;
  guint8 *out;
  AgBitmap *reduced;
  GBytes *bytes;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (factor >= 1, NULL);
  g_return_val_if_fail (x >= 0 && y >= 0 && width >= 0 && height >= 0, NULL);
  g_return_val_if_fail (x + width <= self->width && y + height <= self->height, NULL);

  rgba = self->format == AG_BITMAP_FORMAT_RGBA8;
  in = g_bytes_get_data (self->pixels, NULL);
  factor = MIN (factor, MAX (1, MIN (width, height)));
  out_w = MAX (1, width / factor);
  out_h = MAX (1, height / factor);
  stride = ((gsize) out_w + 3) & ~(gsize) 3;
  out = g_malloc0 (stride * out_h);
  sums = g_new (guint, out_w);

  for (int oy = 0; oy < out_h; oy++)
    {
      memset (sums, 0, out_w * sizeof *sums);
      for (int row = y + oy * factor; row < y + (oy + 1) * factor && row < y + height; row++)
        {
          const guint8 *p = in + (gsize) row * self->stride + (gsize) x * (rgba ? 4 : 1);

          for (int ox = 0; ox < out_w; ox++)
            for (int k = 0; k < factor && ox * factor + k < width; k++)
              {
                if (rgba)
                  {
                    sums[ox] += ag_bitmap_gray_of_rgba (p);
                    p += 4;
                  }
                else
                  sums[ox] += *p++;
              }
        }
      for (int ox = 0; ox < out_w; ox++)
        out[(gsize) oy * stride + ox] = sums[ox] / (guint) (factor * factor);
    }

  bytes = g_bytes_new_take (out, stride * out_h);
  reduced = ag_bitmap_new (AG_BITMAP_FORMAT_GRAY8, out_w, out_h, stride, bytes);
  g_bytes_unref (bytes);
  reduced->dpi = self->dpi / factor;
  return reduced;
}
