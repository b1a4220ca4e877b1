/* ag-page-image.c — an image page decoded in this process
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <allheaders.h>
#include <math.h>

#include "document/ag-document-error.h"
#include "document/ag-image-leptonica.h"
#include "document/ag-page-private.h"

/* An image: decoded, upright, flattened on white, or one page of a
 * multi-page TIFF, decoded when asked. */
typedef struct
{
  AgBitmap *rgba;
  GBytes   *tiff;
} ImagePage;

/* Pixels of a decoded image, made opaque by putting white behind them. */
AgBitmap *
_ag_bitmap_new_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean has_alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  gsize stride = (gsize) width * 4;
  guint8 *dest;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8, NULL);
  g_return_val_if_fail (n_channels == 3 || n_channels == 4, NULL);

  dest = g_try_malloc (stride * height);
  if (dest == NULL)
    return NULL;

  for (int y = 0; y < height; y++)
    {
      const guint8 *s = src + (gsize) y * rowstride;
      guint8 *d = dest + (gsize) y * stride;

      for (int x = 0; x < width; x++, s += n_channels, d += 4)
        {
          if (has_alpha && s[3] != 255)
            {
              guint a = s[3];

              d[0] = (s[0] * a + 255 * (255 - a) + 127) / 255;
              d[1] = (s[1] * a + 255 * (255 - a) + 127) / 255;
              d[2] = (s[2] * a + 255 * (255 - a) + 127) / 255;
            }
          else
            {
              d[0] = s[0];
              d[1] = s[1];
              d[2] = s[2];
            }
          d[3] = 255;
        }
    }

  bytes = g_bytes_new_take (dest, stride * height);
  return ag_bitmap_new (AG_BITMAP_FORMAT_RGBA8, width, height, stride, bytes);
}

static AgBitmap *
gray_from_rgba (const AgBitmap *rgba)
{
  int width = ag_bitmap_get_width (rgba);
  int height = ag_bitmap_get_height (rgba);
  gsize src_stride = ag_bitmap_get_stride (rgba);
  const guint8 *src = g_bytes_get_data (ag_bitmap_get_pixels (rgba), NULL);
  gsize stride = ((gsize) width + 3) & ~(gsize) 3;
  guint8 *dest = g_try_malloc0 (stride * height);
  g_autoptr(GBytes) bytes = NULL;

  if (dest == NULL)
    return NULL;

  for (int y = 0; y < height; y++)
    {
      const guint8 *s = src + (gsize) y * src_stride;
      guint8 *d = dest + (gsize) y * stride;

      for (int x = 0; x < width; x++, s += 4)
        d[x] = (s[0] * 77 + s[1] * 150 + s[2] * 29 + 128) >> 8;
    }

  bytes = g_bytes_new_take (dest, stride * height);
  return ag_bitmap_new (AG_BITMAP_FORMAT_GRAY8, width, height, stride, bytes);
}

/* A new bitmap over the same pixels, so the caller may set its dpi. */
static AgBitmap *
share_bitmap (const AgBitmap *bitmap)
{
  return ag_bitmap_new (ag_bitmap_get_format (bitmap),
                        ag_bitmap_get_width (bitmap),
                        ag_bitmap_get_height (bitmap),
                        ag_bitmap_get_stride (bitmap),
                        ag_bitmap_get_pixels (bitmap));
}

static AgBitmap *
decode_tiff_page (AgPage    *page,
                  ImagePage *self,
                  GError   **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (self->tiff, &size);
  PIX *pix = pixReadMemTiff (data, size, ag_page_get_index (page));
  gboolean out_of_memory = FALSE;
  AgBitmap *bitmap = NULL;

  if (pix != NULL)
    bitmap = _ag_bitmap_new_from_pix (pix, &out_of_memory);
  pixDestroy (&pix);

  if (bitmap == NULL && out_of_memory)
    _ag_page_set_out_of_memory (page, error);
  else if (bitmap == NULL)
    g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_CORRUPT,
                 _("“%s” is damaged and cannot be shown. Try to scan or copy the document again."),
                 ag_page_get_label (page));
  return bitmap;
}

/* The image's own pixels, RGBA8. */
static AgBitmap *
image_pixels (AgPage    *page,
              ImagePage *self,
              GError   **error)
{
  if (self->rgba != NULL)
    return share_bitmap (self->rgba);
  return decode_tiff_page (page, self, error);
}

static AgBitmap *
scale_rgba (AgBitmap *rgba,
            int       width,
            int       height)
{
  g_autoptr(GdkPixbuf) source = NULL;
  g_autoptr(GdkPixbuf) scaled = NULL;
  g_autoptr(GBytes) bytes = NULL;

  source = gdk_pixbuf_new_from_bytes (ag_bitmap_get_pixels (rgba), GDK_COLORSPACE_RGB, TRUE, 8,
                                      ag_bitmap_get_width (rgba), ag_bitmap_get_height (rgba),
                                      ag_bitmap_get_stride (rgba));
  scaled = gdk_pixbuf_scale_simple (source, width, height, GDK_INTERP_BILINEAR);
  if (scaled == NULL)
    return NULL;

  bytes = gdk_pixbuf_read_pixel_bytes (scaled);
  return ag_bitmap_new (AG_BITMAP_FORMAT_RGBA8, width, height,
                        gdk_pixbuf_get_rowstride (scaled), bytes);
}


static AgBitmap *
image_render (AgPage          *page,
              gpointer         data,
              double           dpi,
              AgBitmapFormat   format,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autoptr(AgBitmap) rgba = NULL;
  AgBitmap *result;

  rgba = image_pixels (page, data, error);
  if (rgba == NULL)
    return NULL;

  if (format == AG_BITMAP_FORMAT_RGBA8)
    result = g_steal_pointer (&rgba);
  else
    result = gray_from_rgba (rgba);

  if (result == NULL)
    {
      _ag_page_set_out_of_memory (page, error);
      return NULL;
    }

  ag_bitmap_set_dpi (result, ag_page_get_native_dpi (page));
  return result;
}

static AgBitmap *
image_render_fit (AgPage        *page,
                  gpointer       data,
                  int            max_width,
                  int            max_height,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(AgBitmap) rgba = image_pixels (page, data, error);
  AgBitmap *bitmap;
  double page_width, page_height, scale;

  if (rgba == NULL)
    return NULL;

  ag_page_get_size (page, &page_width, &page_height);
  scale = _ag_fit_scale (page_width, page_height, max_width, max_height);
  if (scale >= 1.0)
    bitmap = g_steal_pointer (&rgba);
  else
    {
      int width = MAX (1, (int) floor (page_width * scale + 0.0001));
      int height = MAX (1, (int) floor (page_height * scale + 0.0001));

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      bitmap = scale_rgba (rgba, width, height);
      if (bitmap == NULL)
        {
          _ag_page_set_out_of_memory (page, error);
          return NULL;
        }
    }

  ag_bitmap_set_dpi (bitmap, ag_page_get_native_dpi (page) * ag_bitmap_get_width (bitmap) / page_width);
  return bitmap;
}

static void
image_page_free (gpointer data)
{
  ImagePage *self = data;

  g_clear_pointer (&self->rgba, ag_bitmap_unref);
  g_clear_pointer (&self->tiff, g_bytes_unref);
  g_free (self);
}

/* An image has no text layer: it is always recognised. */
static const AgPageBackend image_backend = {
  .render = image_render,
  .render_fit = image_render_fit,
  .free = image_page_free,
};

AgPage *
_ag_page_new_image (AgBitmap   *rgba,
                    double      dpi,
                    guint       index,
                    const char *label)
{
  ImagePage *self = g_new0 (ImagePage, 1);

  self->rgba = ag_bitmap_ref (rgba);
  return _ag_page_new (&image_backend, self, AG_PAGE_KIND_IMAGE, index,
                       ag_bitmap_get_width (rgba), ag_bitmap_get_height (rgba),
                       MAX (dpi, 0.0), label);
}

AgPage *
_ag_page_new_tiff (GBytes     *tiff,
                   guint       index,
                   int         width,
                   int         height,
                   double      dpi,
                   const char *label)
{
  ImagePage *self = g_new0 (ImagePage, 1);

  self->tiff = g_bytes_ref (tiff);
  return _ag_page_new (&image_backend, self, AG_PAGE_KIND_IMAGE, index,
                       width, height, MAX (dpi, 0.0), label);
}
