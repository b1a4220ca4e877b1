/* ag-page.c — one page of a document, whatever reads it
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * An AgPage is the same object whoever holds its pixels: an image or a
 * PDF page decoded in this process (ag-page-image.c, ag-page-pdf.c), or a
 * page of a document opened in a sandboxed worker
 * (sandbox/ag-remote-page.c).  Each of them is an AgPageBackend, a small
 * table of functions (ag-page-private.h); this file checks the arguments,
 * keeps what every page has (its kind, size, label, whether it has a text
 * layer) and calls the table.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "document/ag-document-error.h"
#include "document/ag-page-private.h"

struct _AgPage
{
  GObject              parent_instance;

  AgPageKind           kind;
  guint                index;
  char                *label;
  double               width;       /* pixels for images, points for PDF pages */
  double               height;
  double               native_dpi;
  int                  text_layer;  /* -1 not known yet; atomic */

  const AgPageBackend *backend;
  gpointer             backend_data;
};

G_DEFINE_FINAL_TYPE (AgPage, ag_page, G_TYPE_OBJECT)

static void
ag_page_finalize (GObject *object)
{
  AgPage *self = AG_PAGE (object);

  if (self->backend_data != NULL)
    self->backend->free (self->backend_data);
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


/**
 * _ag_page_new:
 * @backend: the functions that read the page, static
 * @data: (transfer full): the backend's own data, freed with @backend->free
 * @kind: an image or a PDF page
 * @width: pixels of an image, points of a PDF page
 * @native_dpi: the resolution an image declares (0 for none), 72 for a PDF
 *
 * Returns: (transfer full): a page read through @backend
 */
AgPage *
_ag_page_new (const AgPageBackend *backend,
              gpointer             data,
              AgPageKind           kind,
              guint                index,
              double               width,
              double               height,
              double               native_dpi,
              const char          *label)
{
  AgPage *self = g_object_new (AG_TYPE_PAGE, NULL);

  self->backend = backend;
  self->backend_data = data;
  self->kind = kind == AG_PAGE_KIND_PDF ? AG_PAGE_KIND_PDF : AG_PAGE_KIND_IMAGE;
  self->index = index;
  self->label = g_strdup (label);
  self->width = width;
  self->height = height;
  self->native_dpi = native_dpi;
  if (self->kind != AG_PAGE_KIND_PDF || backend->has_text_layer == NULL)
    self->text_layer = 0;

  return self;
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

/**
 * ag_page_has_text_layer:
 *
 * Returns: %TRUE if the page is a PDF page that carries text of its own,
 *   which ag_page_extract_text() can read without recognition
 */
gboolean
ag_page_has_text_layer (AgPage *self)
{
  int known;

  g_return_val_if_fail (AG_IS_PAGE (self), FALSE);

  /* Two threads may both ask the first time; they get the same answer. */
  known = g_atomic_int_get (&self->text_layer);
  if (known < 0)
    {
      known = self->backend->has_text_layer (self, self->backend_data) ? 1 : 0;
      g_atomic_int_set (&self->text_layer, known);
    }

  return known == 1;
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


void
_ag_page_set_out_of_memory (AgPage  *self,
                            GError **error)
{
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_TOO_LARGE,
               _("There is not enough memory to show “%s”. Close other documents or programs and try again."),
               self->label);
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
  g_return_val_if_fail (AG_IS_PAGE (self), NULL);
  g_return_val_if_fail (format == AG_BITMAP_FORMAT_GRAY8 || format == AG_BITMAP_FORMAT_RGBA8, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return self->backend->render (self, self->backend_data, dpi, format, cancellable, error);
}

typedef struct
{
  int max_width;
  int max_height;
} RenderData;

/* The factor that fits @width × @height into the box; <= 0 is no limit. */
double
_ag_fit_scale (double width,
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
  return self->backend->render_fit (self, self->backend_data, max_width, max_height,
                                    cancellable, error);
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
  g_return_val_if_fail (AG_IS_PAGE (self), NULL);

  if (self->kind != AG_PAGE_KIND_PDF || self->backend->extract_text == NULL)
    {
      g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED,
                   _("“%s” is an image and carries no text of its own. Recognise it instead."),
                   self->label);
      return NULL;
    }

  return self->backend->extract_text (self, self->backend_data, rect, region, error);
}

/**
 * ag_page_dup_image_areas:
 *
 * Where a PDF page draws pictures (a photo, a logo, a scanned page under
 * its text, a QR code pasted into a letter), found without decoding or
 * rendering them.  May be called from any thread.
 *
 * Returns: (transfer full) (element-type AgRect): an #AgRect in fractions
 *   of the page for each picture drawn, in the order drawn; empty for an
 *   image page, or when they cannot be found
 */
GArray *
ag_page_dup_image_areas (AgPage *self)
{
  g_return_val_if_fail (AG_IS_PAGE (self), NULL);

  if (self->kind != AG_PAGE_KIND_PDF || self->backend->image_areas == NULL)
    return g_array_new (FALSE, FALSE, sizeof (AgRect));

  return self->backend->image_areas (self, self->backend_data);
}

/* Whether the page's backend reads it itself (in a sandboxed worker),
 * rather than handing its pixels to the engine of this process. */
gboolean
_ag_page_recognizes_itself (AgPage *self)
{
  return self->backend->recognize != NULL;
}

AgRecognitionPage *
_ag_page_recognize (AgPage              *self,
                    const char          *languages,
                    AgRecognizeOptions  *options,
                    GArray              *regions,
                    AgPageProgressFunc   progress,
                    gpointer             progress_data,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_return_val_if_fail (_ag_page_recognizes_itself (self), NULL);

  return self->backend->recognize (self, self->backend_data, languages, options, regions,
                                   progress, progress_data, cancellable, error);
}
