/* ag-bitmap.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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
