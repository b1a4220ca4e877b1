/* ag-bitmap.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define AG_TYPE_BITMAP (ag_bitmap_get_type ())

/**
 * AgBitmapFormat:
 * @AG_BITMAP_FORMAT_GRAY8: one byte per pixel, 0 is black
 * @AG_BITMAP_FORMAT_RGBA8: four bytes per pixel, red first, not premultiplied
 *
 * The pixel layouts the core hands out.  The window turns an RGBA8 bitmap
 * into a texture without decoding anything itself.
 */
typedef enum
{
  AG_BITMAP_FORMAT_GRAY8,
  AG_BITMAP_FORMAT_RGBA8,
} AgBitmapFormat;

/**
 * AgBitmap:
 *
 * An immutable, reference-counted block of pixels with its size.  It is
 * plain memory (a #GBytes): a page rendered by airgap-worker arrives as a
 * sealed memfd mapped into this process, wrapped the same way.
 */
typedef struct _AgBitmap AgBitmap;

GType           ag_bitmap_get_type       (void) G_GNUC_CONST;
AgBitmap       *ag_bitmap_new            (AgBitmapFormat  format,
                                          int             width,
                                          int             height,
                                          gsize           stride,
                                          GBytes         *pixels);
AgBitmap       *ag_bitmap_ref            (AgBitmap       *self);
void            ag_bitmap_unref          (AgBitmap       *self);
AgBitmapFormat  ag_bitmap_get_format     (const AgBitmap *self);
int             ag_bitmap_get_width      (const AgBitmap *self);
int             ag_bitmap_get_height     (const AgBitmap *self);
gsize           ag_bitmap_get_stride     (const AgBitmap *self);
GBytes         *ag_bitmap_get_pixels     (const AgBitmap *self);
double          ag_bitmap_get_dpi        (const AgBitmap *self);
void            ag_bitmap_set_dpi        (AgBitmap       *self,
                                          double          dpi);
AgBitmap       *ag_bitmap_new_turned     (AgBitmap       *self,
                                          int             turn_cw);
AgBitmap       *ag_bitmap_new_gray_reduced (const AgBitmap *self,
                                          int             x,
                                          int             y,
                                          int             width,
                                          int             height,
                                          int             factor);

/* The grey of one RGBA8 pixel @p, on white where it is transparent (as
 * paper): what ag_bitmap_new_gray_reduced() averages. */
static inline guint8
ag_bitmap_gray_of_rgba (const guint8 *p)
{
  int value = (p[0] * 3 + p[1] * 6 + p[2]) / 10;

  return p[3] == 255 ? value : (value * p[3] + 255 * (255 - p[3])) / 255;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgBitmap, ag_bitmap_unref)

G_END_DECLS
