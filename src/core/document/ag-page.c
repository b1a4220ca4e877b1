/* ag-page.c — one page of a document: an image or a PDF page
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <allheaders.h>
#include <math.h>
#include <string.h>

#include "document/ag-document.h"
#include "document/ag-page-private.h"
#include "model/ag-text.h"
#include "sandbox/ag-worker-private.h"

/* PDF pages are rendered at this resolution when no other is asked for,
 * and the text layer is reported at it. */
#define DEFAULT_PDF_DPI 300.0

/* Cairo cannot make image surfaces wider or taller than this. */
#define MAX_SURFACE_SIDE 32767

struct _AgPdfSource
{
  gatomicrefcount  ref_count;
  PopplerDocument *document;
};

/* Recursive: when loading a PDF fails half-way, the pages and the source
 * made so far are released while load_pdf() still holds the lock, and
 * releasing them takes it too (tests/bad-input/page-tree-loop.pdf hung
 * airgap-ocr and the window with a plain mutex). */
static GRecMutex poppler_mutex;

void
_ag_poppler_lock (void)
{
  g_rec_mutex_lock (&poppler_mutex);
}

void
_ag_poppler_unlock (void)
{
  g_rec_mutex_unlock (&poppler_mutex);
}

struct _AgPage
{
  GObject      parent_instance;

  AgPageKind   kind;
  guint        index;
  char        *label;
  double       width;       /* pixels for images, points for PDF pages */
  double       height;
  double       native_dpi;

  /* An image: decoded, upright, flattened on white... */
  AgBitmap    *rgba;
  /* ...or one page of a multi-page TIFF, decoded when asked. */
  GBytes      *tiff;

  /* A PDF page; every use of @poppler_page holds the Poppler lock. */
  AgPdfSource *pdf;
  PopplerPage *poppler_page;
  int          text_layer;  /* -1 not known yet, under the Poppler lock */

  /* Or a page of a document that lives in an airgap-worker. */
  AgRemoteDoc *remote;
};

G_DEFINE_TYPE (AgPage, ag_page, G_TYPE_OBJECT)

AgPdfSource *
_ag_pdf_source_new (PopplerDocument *document)
{
  AgPdfSource *source = g_new0 (AgPdfSource, 1);

  g_atomic_ref_count_init (&source->ref_count);
  source->document = g_object_ref (document);

  return source;
}

AgPdfSource *
_ag_pdf_source_ref (AgPdfSource *source)
{
  g_atomic_ref_count_inc (&source->ref_count);
  return source;
}

void
_ag_pdf_source_unref (AgPdfSource *source)
{
  if (g_atomic_ref_count_dec (&source->ref_count))
    {
      _ag_poppler_lock ();
      g_clear_object (&source->document);
      _ag_poppler_unlock ();
      g_free (source);
    }
}

static void
ag_page_finalize (GObject *object)
{
  AgPage *self = AG_PAGE (object);

  if (self->poppler_page != NULL)
    {
      _ag_poppler_lock ();
      g_clear_object (&self->poppler_page);
      _ag_poppler_unlock ();
    }
  g_clear_pointer (&self->pdf, _ag_pdf_source_unref);
  g_clear_pointer (&self->remote, _ag_remote_doc_unref);
  g_clear_pointer (&self->rgba, ag_bitmap_unref);
  g_clear_pointer (&self->tiff, g_bytes_unref);
  g_free (self->label);

  G_OBJECT_CLASS (ag_page_parent_class)->finalize (object);
}

static void
ag_page_class_init (AgPageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ag_page_finalize;
}

static void
ag_page_init (AgPage *self)
{
  self->text_layer = -1;
}

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

AgPage *
_ag_page_new_image (AgBitmap   *rgba,
                    double      dpi,
                    guint       index,
                    const char *label)
{
  AgPage *self = g_object_new (AG_TYPE_PAGE, NULL);

  self->kind = AG_PAGE_KIND_IMAGE;
  self->index = index;
  self->label = g_strdup (label);
  self->rgba = ag_bitmap_ref (rgba);
  self->width = ag_bitmap_get_width (rgba);
  self->height = ag_bitmap_get_height (rgba);
  self->native_dpi = MAX (dpi, 0.0);

  return self;
}

AgPage *
_ag_page_new_tiff (GBytes     *tiff,
                   guint       index,
                   int         width,
                   int         height,
                   double      dpi,
                   const char *label)
{
  AgPage *self = g_object_new (AG_TYPE_PAGE, NULL);

  self->kind = AG_PAGE_KIND_IMAGE;
  self->index = index;
  self->label = g_strdup (label);
  self->tiff = g_bytes_ref (tiff);
  self->width = width;
  self->height = height;
  self->native_dpi = MAX (dpi, 0.0);

  return self;
}

AgPage *
_ag_page_new_pdf (AgPdfSource *source,
                  PopplerPage *page,
                  guint        index,
                  const char  *label)
{
  AgPage *self = g_object_new (AG_TYPE_PAGE, NULL);

  self->kind = AG_PAGE_KIND_PDF;
  self->index = index;
  self->label = g_strdup (label);
  self->pdf = _ag_pdf_source_ref (source);
  self->poppler_page = g_object_ref (page);
  poppler_page_get_size (page, &self->width, &self->height);
  self->width = MAX (self->width, 1.0);
  self->height = MAX (self->height, 1.0);
  self->native_dpi = 72.0;

  return self;
}

AgPage *
_ag_page_new_remote (AgRemoteDoc *remote,
                     guint        index,
                     guint        kind,
                     double       width,
                     double       height,
                     double       dpi,
                     const char  *label)
{
  AgPage *self = g_object_new (AG_TYPE_PAGE, NULL);

  self->kind = kind == AG_PAGE_KIND_PDF ? AG_PAGE_KIND_PDF : AG_PAGE_KIND_IMAGE;
  self->index = index;
  self->label = g_strdup (label);
  self->remote = _ag_remote_doc_ref (remote);
  self->width = isfinite (width) ? CLAMP (width, 1.0, 1e6) : 1.0;
  self->height = isfinite (height) ? CLAMP (height, 1.0, 1e6) : 1.0;
  self->native_dpi = isfinite (dpi) ? CLAMP (dpi, 0.0, 1e5) : 0.0;
  if (self->kind == AG_PAGE_KIND_IMAGE)
    self->text_layer = 0;

  return self;
}

/* The worker's document, %NULL for a page read in this process. */
AgRemoteDoc *
_ag_page_get_remote (AgPage *page)
{
  return page->remote;
}

AgPageKind
ag_page_get_kind (AgPage *self)
{
  g_return_val_if_fail (AG_IS_PAGE (self), AG_PAGE_KIND_IMAGE);

  return self->kind;
}

/**
 * ag_page_get_index:
 *
 * Returns: the page's index within the file it came from, from 0
 */
guint
ag_page_get_index (AgPage *self)
{
  g_return_val_if_fail (AG_IS_PAGE (self), 0);

  return self->index;
}

/**
 * ag_page_get_size:
 * @width: (out) (optional): the width
 * @height: (out) (optional): the height
 *
 * The size of the upright page: pixels for an image, points (1/72 inch)
 * for a PDF page.
 */
void
ag_page_get_size (AgPage *self,
                  double *width,
                  double *height)
{
  g_return_if_fail (AG_IS_PAGE (self));

  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
}

/**
 * ag_page_get_native_dpi:
 *
 * Returns: the resolution an image declares (0 when it declares none), or
 *   72 for a PDF page, whose size is in points
 */
double
ag_page_get_native_dpi (AgPage *self)
{
  g_return_val_if_fail (AG_IS_PAGE (self), 0);

  return self->native_dpi;
}

static gboolean
text_has_content (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return TRUE;
    }
  return FALSE;
}

/**
 * ag_page_has_text_layer:
 *
 * Returns: %TRUE if the page is a PDF page that carries text of its own,
 *   which ag_page_extract_text() can read without recognition
 */
gboolean
ag_page_has_text_layer (AgPage *self)
{
  gboolean result;

  g_return_val_if_fail (AG_IS_PAGE (self), FALSE);

  if (self->kind != AG_PAGE_KIND_PDF)
    return FALSE;

  if (self->remote != NULL)
    {
      int known = g_atomic_int_get (&self->text_layer);

      if (known < 0)
        {
          known = _ag_remote_doc_has_text_layer (self->remote, self->index) ? 1 : 0;
          g_atomic_int_set (&self->text_layer, known);
        }
      return known == 1;
    }

  _ag_poppler_lock ();
  if (self->text_layer < 0)
    {
      g_autofree char *text = poppler_page_get_text (self->poppler_page);

      self->text_layer = text_has_content (text) ? 1 : 0;
    }
  result = self->text_layer == 1;
  _ag_poppler_unlock ();

  return result;
}

/**
 * ag_page_get_label:
 *
 * Returns: a short name for the page a person recognises, such as
 *   "photo.jpg" or "report.pdf — page 3"
 */
const char *
ag_page_get_label (AgPage *self)
{
  g_return_val_if_fail (AG_IS_PAGE (self), NULL);

  return self->label;
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

static void
set_out_of_memory (GError     **error,
                   const char  *label)
{
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_TOO_LARGE,
               _("There is not enough memory to show “%s”. Close other documents or programs and try again."),
               label);
}

static AgBitmap *
decode_tiff_page (AgPage  *self,
                  GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (self->tiff, &size);
  PIX *pix = pixReadMemTiff (data, size, self->index);
  PIX *opaque = NULL;
  PIX *rgb = NULL;
  AgBitmap *bitmap = NULL;
  guint8 *dest;
  int width, height, wpl;
  l_uint32 *line_data;

  if (pix == NULL)
    goto corrupt;

  opaque = pixGetSpp (pix) == 4 ? pixRemoveAlpha (pix) : pixClone (pix);
  if (opaque != NULL && pixGetDepth (opaque) == 16)
    {
      PIX *eight = pixConvert16To8 (opaque, L_MS_BYTE);

      pixDestroy (&opaque);
      opaque = eight;
    }
  if (opaque != NULL)
    rgb = pixConvertTo32 (opaque);
  if (rgb == NULL)
    goto corrupt;

  width = pixGetWidth (rgb);
  height = pixGetHeight (rgb);
  wpl = pixGetWpl (rgb);
  line_data = pixGetData (rgb);
  dest = g_try_malloc ((gsize) width * height * 4);
  if (dest == NULL)
    {
      set_out_of_memory (error, self->label);
      goto out;
    }

  for (int y = 0; y < height; y++)
    {
      const l_uint32 *line = line_data + (gsize) y * wpl;
      guint8 *d = dest + (gsize) y * width * 4;

      for (int x = 0; x < width; x++, d += 4)
        {
          l_uint32 v = line[x];

          d[0] = v >> L_RED_SHIFT;
          d[1] = v >> L_GREEN_SHIFT;
          d[2] = v >> L_BLUE_SHIFT;
          d[3] = 255;
        }
    }

  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (dest, (gsize) width * height * 4);

    bitmap = ag_bitmap_new (AG_BITMAP_FORMAT_RGBA8, width, height, (gsize) width * 4, bytes);
  }
  goto out;

corrupt:
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_CORRUPT,
               _("“%s” is damaged and cannot be shown. Try to scan or copy the document again."),
               self->label);
out:
  pixDestroy (&rgb);
  pixDestroy (&opaque);
  pixDestroy (&pix);
  return bitmap;
}

/* The image's own pixels, RGBA8. */
static AgBitmap *
image_pixels (AgPage  *self,
              GError **error)
{
  if (self->rgba != NULL)
    return share_bitmap (self->rgba);
  return decode_tiff_page (self, error);
}

static AgBitmap *
render_pdf (AgPage          *self,
            double           dpi,
            AgBitmapFormat   format,
            GCancellable    *cancellable,
            GError         **error)
{
  double scale = dpi / 72.0;
  double max_side = MAX (self->width, self->height) * scale;
  double pixels;
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height, cairo_stride;
  const guint8 *src;
  gsize stride;
  guint8 *dest;
  g_autoptr(GBytes) bytes = NULL;
  AgBitmap *bitmap;

  /* Keep absurd page sizes within the pixel limit and what cairo can do. */
  if (max_side > MAX_SURFACE_SIDE)
    scale *= MAX_SURFACE_SIDE / max_side;
  pixels = self->width * scale * self->height * scale;
  if (pixels > AG_DOCUMENT_MAX_PIXELS)
    scale *= sqrt (AG_DOCUMENT_MAX_PIXELS / pixels);

  width = MAX (1, (int) ceil (self->width * scale - 0.01));
  height = MAX (1, (int) ceil (self->height * scale - 0.01));

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      set_out_of_memory (error, self->label);
      return NULL;
    }

  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);

  _ag_poppler_lock ();
  poppler_page_render (self->poppler_page, cr);
  _ag_poppler_unlock ();

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  src = cairo_image_surface_get_data (surface);
  cairo_stride = cairo_image_surface_get_stride (surface);
  stride = format == AG_BITMAP_FORMAT_RGBA8 ? (gsize) width * 4 : (((gsize) width + 3) & ~(gsize) 3);
  dest = g_try_malloc0 (stride * height);
  if (dest == NULL)
    {
      cairo_surface_destroy (surface);
      set_out_of_memory (error, self->label);
      return NULL;
    }

  for (int y = 0; y < height; y++)
    {
      const guint32 *s = (const guint32 *) (src + (gsize) y * cairo_stride);
      guint8 *d = dest + (gsize) y * stride;

      for (int x = 0; x < width; x++)
        {
          guint32 v = s[x];
          guint8 r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, b = v & 0xff;

          if (format == AG_BITMAP_FORMAT_RGBA8)
            {
              d[4 * x] = r;
              d[4 * x + 1] = g;
              d[4 * x + 2] = b;
              d[4 * x + 3] = 255;
            }
          else
            d[x] = (r * 77 + g * 150 + b * 29 + 128) >> 8;
        }
    }
  cairo_surface_destroy (surface);

  bytes = g_bytes_new_take (dest, stride * height);
  bitmap = ag_bitmap_new (format, width, height, stride, bytes);
  ag_bitmap_set_dpi (bitmap, scale * 72.0);

  return bitmap;
}

/**
 * ag_page_render:
 * @dpi: the resolution for a PDF page, 300 when 0 or less; an image always
 *   comes at its own size
 * @format: the pixel layout wanted
 *
 * Renders the page for recognition.  May be called from any thread, for
 * several pages of one document at once.
 *
 * Returns: (transfer full): the page's pixels, with their dpi set when
 *   known, or %NULL with @error set
 */
AgBitmap *
ag_page_render (AgPage          *self,
                double           dpi,
                AgBitmapFormat   format,
                GCancellable    *cancellable,
                GError         **error)
{
  g_autoptr(AgBitmap) rgba = NULL;
  AgBitmap *result;

  g_return_val_if_fail (AG_IS_PAGE (self), NULL);
  g_return_val_if_fail (format == AG_BITMAP_FORMAT_GRAY8 || format == AG_BITMAP_FORMAT_RGBA8, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (self->remote != NULL)
    return _ag_remote_doc_render (self->remote, self->index, AG_WORKER_RENDER_DPI, dpi, format,
                                  0, 0, cancellable, error);

  if (self->kind == AG_PAGE_KIND_PDF)
    return render_pdf (self, dpi > 0 ? dpi : DEFAULT_PDF_DPI, format, cancellable, error);

  rgba = image_pixels (self, error);
  if (rgba == NULL)
    return NULL;

  if (format == AG_BITMAP_FORMAT_RGBA8)
    result = g_steal_pointer (&rgba);
  else
    result = gray_from_rgba (rgba);

  if (result == NULL)
    {
      set_out_of_memory (error, self->label);
      return NULL;
    }

  ag_bitmap_set_dpi (result, self->native_dpi);
  return result;
}

typedef struct
{
  int max_width;
  int max_height;
} RenderData;

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

/* The factor that fits @width × @height into the box; <= 0 is no limit. */
static double
fit_scale (double width,
           double height,
           int    max_width,
           int    max_height)
{
  double scale = G_MAXDOUBLE;

  if (max_width > 0)
    scale = MIN (scale, max_width / width);
  if (max_height > 0)
    scale = MIN (scale, max_height / height);

  return scale;
}

/* The display render: RGBA8 that fits @max_width × @max_height. */
AgBitmap *
_ag_page_render_fit (AgPage        *self,
                     int            max_width,
                     int            max_height,
                     GCancellable  *cancellable,
                     GError       **error)
{
  AgBitmap *bitmap;

  if (self->remote != NULL)
    return _ag_remote_doc_render (self->remote, self->index, AG_WORKER_RENDER_FIT, 0,
                                  AG_BITMAP_FORMAT_RGBA8, max_width, max_height, cancellable, error);

  if (self->kind == AG_PAGE_KIND_PDF)
    {
      double scale = fit_scale (self->width, self->height, max_width, max_height);
      double dpi = scale == G_MAXDOUBLE ? 150.0 : scale * 72.0;

      /* Round down so the result fits the box. */
      dpi = MAX (dpi * 0.9999, 1.0);
      return render_pdf (self, dpi, AG_BITMAP_FORMAT_RGBA8, cancellable, error);
    }
  else
    {
      g_autoptr(AgBitmap) rgba = image_pixels (self, error);
      double scale;

      if (rgba == NULL)
        return NULL;

      scale = fit_scale (self->width, self->height, max_width, max_height);
      if (scale >= 1.0)
        bitmap = g_steal_pointer (&rgba);
      else
        {
          int width = MAX (1, (int) floor (self->width * scale + 0.0001));
          int height = MAX (1, (int) floor (self->height * scale + 0.0001));

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;

          bitmap = scale_rgba (rgba, width, height);
          if (bitmap == NULL)
            {
              set_out_of_memory (error, self->label);
              return NULL;
            }
        }

      ag_bitmap_set_dpi (bitmap, self->native_dpi * ag_bitmap_get_width (bitmap) / self->width);
      return bitmap;
    }
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AgPage *self = source_object;
  RenderData *data = task_data;
  GError *error = NULL;
  AgBitmap *bitmap;

  bitmap = _ag_page_render_fit (self, data->max_width, data->max_height, cancellable, &error);

  if (bitmap == NULL)
    g_task_return_error (task, error);
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, bitmap, (GDestroyNotify) ag_bitmap_unref);
  else
    ag_bitmap_unref (bitmap);
}

/**
 * ag_page_render_async:
 * @max_width: the widest the result may be, 0 for no limit
 * @max_height: the tallest the result may be, 0 for no limit
 *
 * Renders the page for display, in a worker thread: an RGBA8 bitmap that
 * fits into @max_width × @max_height with the page's proportions.  An
 * image is never made larger than its own size.
 */
void
ag_page_render_async (AgPage              *self,
                      int                  max_width,
                      int                  max_height,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_return_if_fail (AG_IS_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ag_page_render_async);
  data = g_new0 (RenderData, 1);
  data->max_width = max_width;
  data->max_height = max_height;
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, render_thread);
}

/**
 * ag_page_render_finish:
 *
 * Returns: (transfer full): the RGBA8 bitmap, or %NULL with @error set
 */
AgBitmap *
ag_page_render_finish (AgPage        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Text layer ------------------------------------------------------------ */

typedef struct
{
  AgRect     box;     /* points */
  gboolean   empty;
  GPtrArray *words;   /* AgWord, boxes in points until the end */
} TextLine;

static void
text_line_free (TextLine *line)
{
  g_ptr_array_unref (line->words);
  g_free (line);
}

static void
rect_union (AgRect       *into,
            gboolean     *empty,
            const AgRect *other)
{
  if (*empty)
    {
      *into = *other;
      *empty = FALSE;
      return;
    }

  ag_rect_union (into, other);
}

static void
to_fractions (AgRect *rect,
              double  width,
              double  height)
{
  rect->x /= width;
  rect->y /= height;
  rect->width /= width;
  rect->height /= height;
  ag_rect_clamp (rect);
}

static gboolean
centre_inside (const AgRect *box,
               const AgRect *rect)
{
  double cx = box->x + box->width / 2;
  double cy = box->y + box->height / 2;

  return cx >= rect->x && cx <= rect->x + rect->width &&
         cy >= rect->y && cy <= rect->y + rect->height;
}

static double
median_line_height (GPtrArray *lines)
{
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < lines->len; i++)
    {
      TextLine *line = g_ptr_array_index (lines, i);

      if (!line->empty)
        g_array_append_val (heights, line->box.height);
    }
  if (heights->len == 0)
    return 0;

  /* a small insertion sort: pages have at most a few hundred lines */
  for (guint i = 1; i < heights->len; i++)
    for (guint j = i; j > 0 && g_array_index (heights, double, j - 1) > g_array_index (heights, double, j); j--)
      {
        double t = g_array_index (heights, double, j);

        g_array_index (heights, double, j) = g_array_index (heights, double, j - 1);
        g_array_index (heights, double, j - 1) = t;
      }

  return g_array_index (heights, double, heights->len / 2);
}

static void
append_char_box (AgRect           *word_box,
                 gboolean         *word_empty,
                 PopplerRectangle *rects,
                 guint             n_rects,
                 guint             i)
{
  PopplerRectangle *r;
  AgRect box;

  if (i >= n_rects)
    return;

  r = &rects[i];
  box.x = MIN (r->x1, r->x2);
  box.y = MIN (r->y1, r->y2);
  box.width = fabs (r->x2 - r->x1);
  box.height = fabs (r->y2 - r->y1);
  rect_union (word_box, word_empty, &box);
}

/* Cuts poppler's text into lines of words, boxes still in points. */
static GPtrArray *
split_lines (const char       *text,
             PopplerRectangle *rects,
             guint             n_rects)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) text_line_free);
  TextLine *line = NULL;
  GString *word = g_string_new (NULL);
  AgRect word_box = { 0 };
  gboolean word_empty = TRUE;
  guint i = 0;
  const char *p = text;

  for (;; i++)
    {
      gunichar c = p != NULL && *p != '\0' ? g_utf8_get_char (p) : 0;

      if (line == NULL)
        {
          line = g_new0 (TextLine, 1);
          line->empty = TRUE;
          line->words = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_word_free);
        }

      /* Chinese and Japanese have no spaces between words: each character
       * is a word of its own, as the recognisers report them. */
      if (c == 0 || g_unichar_isspace (c) || ag_text_is_cjk (c))
        {
          if (word->len > 0)
            {
              if (!word_empty)
                {
                  g_ptr_array_add (line->words, ag_word_new (word->str, &word_box, 100));
                  rect_union (&line->box, &line->empty, &word_box);
                }
              g_string_truncate (word, 0);
              word_empty = TRUE;
            }
          if (c == 0 || c == '\n')
            {
              g_ptr_array_add (lines, line);
              line = NULL;
            }
          if (c == 0)
            break;
          if (ag_text_is_cjk (c))
            {
              g_string_append_unichar (word, c);
              append_char_box (&word_box, &word_empty, rects, n_rects, i);
              if (!word_empty)
                {
                  g_ptr_array_add (line->words, ag_word_new (word->str, &word_box, 100));
                  rect_union (&line->box, &line->empty, &word_box);
                }
              g_string_truncate (word, 0);
              word_empty = TRUE;
            }
        }
      else
        {
          g_string_append_unichar (word, c);
          append_char_box (&word_box, &word_empty, rects, n_rects, i);
        }

      p = g_utf8_next_char (p);
    }

  g_string_free (word, TRUE);
  return lines;
}

/**
 * ag_page_extract_text:
 * @rect: (nullable): only the words whose centre lies in this part of the
 *   page, or %NULL for all
 * @region: the region index recorded in the blocks, -1 for the whole page
 *
 * Reads the text a PDF page carries, with word boxes, as if it had been
 * recognised.  May be called from any thread.
 *
 * Returns: (transfer full): the page's text, or %NULL with @error set
 */
AgRecognitionPage *
ag_page_extract_text (AgPage        *self,
                      const AgRect  *rect,
                      int            region,
                      GError       **error)
{
  g_autofree char *text = NULL;
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  g_autoptr(GPtrArray) lines = NULL;
  AgRecognitionPage *page;
  AgBlock *block = NULL;
  TextLine *previous = NULL;
  double line_height;

  g_return_val_if_fail (AG_IS_PAGE (self), NULL);

  if (self->kind != AG_PAGE_KIND_PDF)
    {
      g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED,
                   _("“%s” is an image and carries no text of its own. Recognise it instead."),
                   self->label);
      return NULL;
    }

  if (self->remote != NULL)
    return _ag_remote_doc_extract_text (self->remote, self->index, rect, region, error);

  _ag_poppler_lock ();
  text = poppler_page_get_text (self->poppler_page);
  if (!poppler_page_get_text_layout (self->poppler_page, &rects, &n_rects))
    n_rects = 0;
  _ag_poppler_unlock ();

  lines = split_lines (text, rects, n_rects);
  g_free (rects);
  line_height = median_line_height (lines);

  page = ag_recognition_page_new (self->index,
                                  (int) round (self->width * DEFAULT_PDF_DPI / 72.0),
                                  (int) round (self->height * DEFAULT_PDF_DPI / 72.0),
                                  DEFAULT_PDF_DPI,
                                  AG_RECOGNITION_SOURCE_TEXT_LAYER);
  page->engine = g_strdup ("text-layer");

  for (guint i = 0; i < lines->len; i++)
    {
      TextLine *line = g_ptr_array_index (lines, i);
      AgLine *out = NULL;
      gboolean box_empty = TRUE;

      if (line->empty)
        {
          /* an empty line ends the paragraph */
          block = NULL;
          previous = NULL;
          continue;
        }

      /* A clearly larger gap than between lines, or a jump back up (the
       * next column), starts a new paragraph. */
      if (previous != NULL &&
          (line->box.y - (previous->box.y + previous->box.height) > 0.8 * line_height ||
           line->box.y + line->box.height < previous->box.y))
        block = NULL;
      previous = line;

      for (guint j = 0; j < line->words->len; j++)
        {
          AgWord *word = g_ptr_array_index (line->words, j);

          to_fractions (&word->box, self->width, self->height);
          if (rect != NULL && !centre_inside (&word->box, rect))
            continue;

          if (out == NULL)
            out = ag_line_new ();
          g_ptr_array_add (out->words, ag_word_new (word->text, &word->box, word->confidence));
          rect_union (&out->box, &box_empty, &word->box);
        }

      if (out == NULL)
        continue;

      if (block == NULL)
        {
          block = ag_block_new (region);
          block->box = out->box;
          g_ptr_array_add (page->blocks, block);
        }
      else
        {
          gboolean block_empty = FALSE;

          rect_union (&block->box, &block_empty, &out->box);
        }
      g_ptr_array_add (block->lines, out);
    }

  return page;
}
