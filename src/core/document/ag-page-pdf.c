/* ag-page-pdf.c — a PDF page read by Poppler in this process
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "document/ag-document-error.h"
#include "document/ag-page-private.h"
#include "document/ag-poppler-api.h"
#include "model/ag-text.h"

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


typedef struct
{
  AgPdfSource *source;
  PopplerPage *poppler_page;  /* every use holds the Poppler lock */
} PdfPage;

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

static AgBitmap *
render_pdf (AgPage          *page,
            PdfPage         *self,
            double           dpi,
            AgBitmapFormat   format,
            GCancellable    *cancellable,
            GError         **error)
{
  double page_width, page_height;
  double scale = dpi / 72.0;
  double max_side;
  double pixels;
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height, cairo_stride;
  const guint8 *src;
  gsize stride;
  guint8 *dest;
  g_autoptr(GBytes) bytes = NULL;
  AgBitmap *bitmap;

  ag_page_get_size (page, &page_width, &page_height);
  max_side = MAX (page_width, page_height) * scale;

  /* Keep absurd page sizes within the pixel limit and what cairo can do. */
  if (max_side > MAX_SURFACE_SIDE)
    scale *= MAX_SURFACE_SIDE / max_side;
  pixels = page_width * scale * page_height * scale;
  if (pixels > AG_DOCUMENT_MAX_PIXELS)
    scale *= sqrt (AG_DOCUMENT_MAX_PIXELS / pixels);

  width = MAX (1, (int) ceil (page_width * scale - 0.01));
  height = MAX (1, (int) ceil (page_height * scale - 0.01));

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  surface = _ag_poppler_api->cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (_ag_poppler_api->cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      _ag_poppler_api->cairo_surface_destroy (surface);
      _ag_page_set_out_of_memory (page, error);
      return NULL;
    }

  cr = _ag_poppler_api->cairo_create (surface);
  _ag_poppler_api->cairo_set_source_rgb (cr, 1, 1, 1);
  _ag_poppler_api->cairo_paint (cr);
  _ag_poppler_api->cairo_scale (cr, scale, scale);

  _ag_poppler_lock ();
  _ag_poppler_api->page_render (self->poppler_page, cr);
  _ag_poppler_unlock ();

  _ag_poppler_api->cairo_destroy (cr);
  _ag_poppler_api->cairo_surface_flush (surface);

  src = _ag_poppler_api->cairo_image_surface_get_data (surface);
  cairo_stride = _ag_poppler_api->cairo_image_surface_get_stride (surface);
  stride = format == AG_BITMAP_FORMAT_RGBA8 ? (gsize) width * 4 : (((gsize) width + 3) & ~(gsize) 3);
  dest = g_try_malloc0 (stride * height);
  if (dest == NULL)
    {
      _ag_poppler_api->cairo_surface_destroy (surface);
      _ag_page_set_out_of_memory (page, error);
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
  _ag_poppler_api->cairo_surface_destroy (surface);

  bytes = g_bytes_new_take (dest, stride * height);
  bitmap = ag_bitmap_new (format, width, height, stride, bytes);
  ag_bitmap_set_dpi (bitmap, scale * 72.0);

  return bitmap;
}


/* The text layer ---------------------------------------------------------- */

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

/* The words of the page (those centred in @rect), a block per paragraph. */
static AgRecognitionPage *
pdf_extract_text (AgPage        *owner,
                  gpointer       data,
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
  PdfPage *self = data;
  double width, height;

  ag_page_get_size (owner, &width, &height);

  _ag_poppler_lock ();
  text = _ag_poppler_api->page_get_text (self->poppler_page);
  if (!_ag_poppler_api->page_get_text_layout (self->poppler_page, &rects, &n_rects))
    n_rects = 0;
  _ag_poppler_unlock ();

  lines = split_lines (text, rects, n_rects);
  g_free (rects);
  line_height = median_line_height (lines);

  page = ag_recognition_page_new (ag_page_get_index (owner),
                                  (int) round (width * AG_PAGE_PDF_DPI / 72.0),
                                  (int) round (height * AG_PAGE_PDF_DPI / 72.0),
                                  AG_PAGE_PDF_DPI,
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

          to_fractions (&word->box, width, height);
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

/* Poppler lists the pictures without decoding them: its image output
 * device runs the page's content but draws neither text nor images. */
static GArray *
pdf_image_areas (AgPage   *owner,
                 gpointer  data)
{
  PdfPage *self = data;
  GArray *areas = g_array_new (FALSE, FALSE, sizeof (AgRect));
  GList *mapping;
  double width, height;

  ag_page_get_size (owner, &width, &height);

  _ag_poppler_lock ();
  mapping = _ag_poppler_api->page_get_image_mapping (self->poppler_page);
  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerImageMapping *image = l->data;
      AgRect area;

      area.x = MIN (image->area.x1, image->area.x2);
      area.y = MIN (image->area.y1, image->area.y2);
      area.width = fabs (image->area.x2 - image->area.x1);
      area.height = fabs (image->area.y2 - image->area.y1);
      to_fractions (&area, width, height);
      if (ag_rect_is_valid (&area))
        g_array_append_val (areas, area);
    }
  _ag_poppler_api->page_free_image_mapping (mapping);
  _ag_poppler_unlock ();

  return areas;
}

static AgBitmap *
pdf_render (AgPage          *page,
            gpointer         data,
            double           dpi,
            AgBitmapFormat   format,
            GCancellable    *cancellable,
            GError         **error)
{
  return render_pdf (page, data, dpi > 0 ? dpi : AG_PAGE_PDF_DPI, format, cancellable, error);
}

static AgBitmap *
pdf_render_fit (AgPage        *page,
                gpointer       data,
                int            max_width,
                int            max_height,
                GCancellable  *cancellable,
                GError       **error)
{
  double width, height, scale, dpi;

  ag_page_get_size (page, &width, &height);
  scale = _ag_fit_scale (width, height, max_width, max_height);
  dpi = scale == G_MAXDOUBLE ? 150.0 : scale * 72.0;

  /* Round down so the result fits the box. */
  dpi = MAX (dpi * 0.9999, 1.0);
  return render_pdf (page, data, dpi, AG_BITMAP_FORMAT_RGBA8, cancellable, error);
}

static gboolean
pdf_has_text_layer (AgPage   *page,
                    gpointer  data)
{
  PdfPage *self = data;
  g_autofree char *text = NULL;

  _ag_poppler_lock ();
  text = _ag_poppler_api->page_get_text (self->poppler_page);
  _ag_poppler_unlock ();

  return text_has_content (text);
}

static void
pdf_page_free (gpointer data)
{
  PdfPage *self = data;

  _ag_poppler_lock ();
  g_clear_object (&self->poppler_page);
  _ag_poppler_unlock ();
  g_clear_pointer (&self->source, _ag_pdf_source_unref);
  g_free (self);
}

static const AgPageBackend pdf_backend = {
  .render = pdf_render,
  .render_fit = pdf_render_fit,
  .has_text_layer = pdf_has_text_layer,
  .extract_text = pdf_extract_text,
  .image_areas = pdf_image_areas,
  .free = pdf_page_free,
};

AgPage *
_ag_page_new_pdf (AgPdfSource *source,
                  PopplerPage *poppler_page,
                  guint        index,
                  const char  *label)
{
  PdfPage *self = g_new0 (PdfPage, 1);
  double width, height;

  self->source = _ag_pdf_source_ref (source);
  self->poppler_page = g_object_ref (poppler_page);
  _ag_poppler_api->page_get_size (poppler_page, &width, &height);

  return _ag_page_new (&pdf_backend, self, AG_PAGE_KIND_PDF, index,
                       MAX (width, 1.0), MAX (height, 1.0), 72.0, label);
}
