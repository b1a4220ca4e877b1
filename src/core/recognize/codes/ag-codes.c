/* ag-codes.c — QR codes and barcodes on a page
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The engine calls ag_codes_read_page() once a page's text is read
 * (Tesseract or PP-OCR): the page's pixels, or each of the user's
 * regions, go to zxing-cpp, every code found is added to the page as a
 * block of its own, and the words the recogniser made of a code's
 * modules (a QR code reads as "EE ll" or worse) are taken out.  In a
 * build without zxing-cpp nothing is found and pages stay as they were.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "recognize/codes/ag-codes.h"
#include "recognize/codes/ag-codes-private.h"

/**
 * ag_codes_available:
 *
 * Returns: whether this build reads codes (it was built with zxing-cpp)
 */
gboolean
ag_codes_available (void)
{
#ifdef AG_HAVE_ZXING
  return TRUE;
#else
  return FALSE;
#endif
}

/**
 * ag_codes_get_version:
 *
 * Returns: (nullable): zxing-cpp's version, or %NULL without it
 */
const char *
ag_codes_get_version (void)
{
#ifdef AG_HAVE_ZXING
  return _ag_codes_zxing_version ();
#else
  return NULL;
#endif
}

/* Pages larger than this are searched reduced (ag_bitmap_new_gray_reduced()). */
#define CODES_MAX_PIXELS (4.0 * 1000 * 1000)

/* (for the tests: _ag_codes_get_n_searches()) */
static guint n_searches;
static guint n_taken;

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  const AgBlock *x = *(AgBlock * const *) a;
  const AgBlock *y = *(AgBlock * const *) b;

  if (x->box.y != y->box.y)
    return x->box.y < y->box.y ? -1 : 1;
  if (x->box.x != y->box.x)
    return x->box.x < y->box.x ? -1 : 1;
  return 0;
}

/**
 * ag_codes_read:
 * @bitmap: the page
 * @crop: (nullable): the part of the page to search, in fractions of it
 * @region: the region index the blocks get, -1 for the whole page
 *
 * Returns: (transfer container) (element-type AgBlock): a block of kind
 *   %AG_BLOCK_KIND_CODE for each code found, boxes in fractions of the
 *   page, top to bottom; empty without zxing-cpp
 */
GPtrArray *
ag_codes_read (AgBitmap     *bitmap,
               const AgRect *crop,
               int           region)
{
  GPtrArray *blocks;

  g_return_val_if_fail (bitmap != NULL, NULL);

  blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_block_free);
  g_atomic_int_inc (&n_searches);

#ifdef AG_HAVE_ZXING
  {
    int width = ag_bitmap_get_width (bitmap);
    int height = ag_bitmap_get_height (bitmap);
    g_autoptr(AgBitmap) reduced = NULL;
    const AgBitmap *searched = bitmap;
    AgBitmapFormat format;
    const guint8 *pixels;
    gsize stride;
    int x0 = 0, y0 = 0, w = width, h = height, factor = 1;
    AgCodeFound *found = NULL;
    gint64 started = g_get_monotonic_time ();
    int n;

    if (crop != NULL)
      ag_rect_to_pixels (crop, width, height, &x0, &y0, &w, &h);

    /* A huge photo is searched at a few megapixels: a code on it is
     * large enough still, and zxing-cpp's passes over 12 megapixels
     * took 150 ms. */
    if ((double) w * h > CODES_MAX_PIXELS)
      {
        factor = (int) ceil (sqrt ((double) w * h / CODES_MAX_PIXELS));
        reduced = ag_bitmap_new_gray_reduced (bitmap, x0, y0, w, h, factor);
        searched = reduced;
      }
    format = ag_bitmap_get_format (searched);
    stride = ag_bitmap_get_stride (searched);
    pixels = g_bytes_get_data (ag_bitmap_get_pixels (searched), NULL);
    if (reduced == NULL)
      pixels += (gsize) y0 * stride + (gsize) x0 * (format == AG_BITMAP_FORMAT_GRAY8 ? 1 : 4);

    n = _ag_codes_zxing_read (pixels,
                              reduced != NULL ? ag_bitmap_get_width (reduced) : w,
                              reduced != NULL ? ag_bitmap_get_height (reduced) : h,
                              stride,
                              format == AG_BITMAP_FORMAT_GRAY8 ? AG_CODES_PIXELS_GRAY8
                                                               : AG_CODES_PIXELS_RGBA8,
                              &found);
    if (n < 0)
      g_debug ("zxing-cpp failed on a page of %d × %d pixels", w, h);
    else
      g_debug ("Searched %d × %d pixels%s for codes in %.1f ms: %d found", w, h,
               factor > 1 ? " (reduced)" : "", (g_get_monotonic_time () - started) / 1000.0, n);

    for (int i = 0; i < n; i++)
      {
        int left = G_MAXINT, top = G_MAXINT, right = G_MININT, bottom = G_MININT;
        AgRect box;

        for (int c = 0; c < 4; c++)
          {
            left = MIN (left, found[i].x[c]);
            right = MAX (right, found[i].x[c]);
            top = MIN (top, found[i].y[c]);
            bottom = MAX (bottom, found[i].y[c]);
          }
        /* Corners are pixels, so the last row and column are in; a
         * barcode read along one row is still a row high.  (A reduced
         * pixel is a block of the page's.) */
        left *= factor;
        top *= factor;
        right = (right + 1) * factor;
        bottom = (bottom + 1) * factor;
        left = CLAMP (left, 0, w - 1);
        top = CLAMP (top, 0, h - 1);
        right = CLAMP (right, left + 1, w);
        bottom = CLAMP (bottom, top + 1, h);
        ag_rect_from_pixels (&box, width, height, x0 + left, y0 + top, right - left, bottom - top);

        g_ptr_array_add (blocks, ag_block_new_code (region, found[i].symbology, found[i].text, &box));
      }

    _ag_codes_found_free (found, MAX (n, 0));
  }
#endif

  g_ptr_array_sort (blocks, compare_codes);
  return blocks;
}

static gboolean
inside (const AgRect *box,
        const AgRect *outer)
{
  double cx = box->x + box->width / 2;
  double cy = box->y + box->height / 2;

  return cx >= outer->x && cx <= outer->x + outer->width &&
         cy >= outer->y && cy <= outer->y + outer->height;
}

/* Whether @word is something a recogniser made of @code: its middle is
 * on the code's modules, or it is part of the code's payload printed
 * beside it (the digits under an EAN-13, the text under a Code 128). */
static gboolean
from_code (const AgWord  *word,
           const AgBlock *code)
{
  const AgRect *box = &code->box;
  const char *payload;
  AgRect around;
  g_autoptr(GString) compact = NULL;

  if (inside (&word->box, box))
    return TRUE;

  around.x = box->x - box->width / 6;
  around.width = box->width * 4 / 3;
  around.y = box->y - box->height / 2;
  around.height = box->height * 2;
  if (word->text == NULL || !inside (&word->box, &around))
    return FALSE;

  compact = g_string_new (NULL);
  for (const char *c = word->text; *c != '\0'; c++)
    if (!g_ascii_isspace (*c))
      g_string_append_c (compact, *c);
  payload = ((AgWord *) g_ptr_array_index (((AgLine *) g_ptr_array_index (code->lines, 0))->words, 0))->text;

  return compact->len > 0 && payload != NULL && strstr (payload, compact->str) != NULL;
}

/* Takes out the words of @page in @region that were read from one of
 * @codes (from_code()).  Lines and blocks left empty go; the others get
 * the box of what is left. */
static void
drop_words_on_codes (AgRecognitionPage *page,
                     GPtrArray         *codes,
                     int                region)
{
  for (guint b = page->blocks->len; b > 0; b--)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b - 1);
      gboolean changed = FALSE;

      if (block->kind != AG_BLOCK_KIND_PARAGRAPH || block->region != region)
        continue;

      for (guint l = block->lines->len; l > 0; l--)
        {
          AgLine *line = g_ptr_array_index (block->lines, l - 1);
          gboolean line_changed = FALSE;

          for (guint w = line->words->len; w > 0; w--)
            {
              AgWord *word = g_ptr_array_index (line->words, w - 1);

              for (guint c = 0; c < codes->len; c++)
                if (from_code (word, g_ptr_array_index (codes, c)))
                  {
                    g_ptr_array_remove_index (line->words, w - 1);
                    line_changed = TRUE;
                    break;
                  }
            }

          if (!line_changed)
            continue;
          changed = TRUE;
          if (line->words->len == 0)
            {
              g_ptr_array_remove_index (block->lines, l - 1);
              continue;
            }
          line->box = ((AgWord *) g_ptr_array_index (line->words, 0))->box;
          for (guint w = 1; w < line->words->len; w++)
            ag_rect_union (&line->box, &((AgWord *) g_ptr_array_index (line->words, w))->box);
        }

      if (!changed)
        continue;
      if (block->lines->len == 0)
        {
          g_ptr_array_remove_index (page->blocks, b - 1);
          continue;
        }
      block->box = ((AgLine *) g_ptr_array_index (block->lines, 0))->box;
      for (guint l = 1; l < block->lines->len; l++)
        ag_rect_union (&block->box, &((AgLine *) g_ptr_array_index (block->lines, l))->box);
    }
}

static void
add_codes (AgRecognitionPage *page,
           GPtrArray         *codes,
           int                region)
{
  if (codes->len == 0)
    return;

  drop_words_on_codes (page, codes, region);
  while (codes->len > 0)
    g_ptr_array_add (page->blocks, g_ptr_array_steal_index (codes, 0));
}

/* A search started while the page is read (ag_codes_search_ahead()):
 * the codes of the whole page (region -1) or of each of its regions,
 * found on a thread of its own, each taken once by ag_codes_read_page(). */
typedef struct
{
  AgBitmap  *bitmap;
  GArray    *regions;  /* int: the region's index, -1 for the whole page */
  GArray    *crops;    /* AgRect: each region's rectangle */
  GPtrArray *found;    /* (element-type GPtrArray): each region's codes, NULL once taken */
  GThread   *thread;   /* until joined */
} Ahead;

/* (a region's codes, or NULL once taken) */
static void
codes_free (gpointer codes)
{
  if (codes != NULL)
    g_ptr_array_unref (codes);
}

static void
ahead_join (Ahead *ahead)
{
  if (ahead->thread != NULL)
    g_thread_join (g_steal_pointer (&ahead->thread));
}

static void
ahead_free (gpointer data)
{
  Ahead *ahead = data;

  if (ahead == NULL)
    return;
  ahead_join (ahead);
  ag_bitmap_unref (ahead->bitmap);
  g_array_unref (ahead->regions);
  g_array_unref (ahead->crops);
  g_ptr_array_unref (ahead->found);
  g_free (ahead);
}

/* The search started ahead in this thread, for its page. */
static GPrivate ahead_key = G_PRIVATE_INIT (ahead_free);

static gpointer
search_ahead_thread (gpointer data)
{
  Ahead *ahead = data;

  for (guint i = 0; i < ahead->regions->len; i++)
    {
      int region = g_array_index (ahead->regions, int, i);

      g_ptr_array_add (ahead->found,
                       ag_codes_read (ahead->bitmap, region < 0 ? NULL : &g_array_index (ahead->crops, AgRect, i),
                                      region));
    }

  return NULL;
}

/**
 * ag_codes_search_ahead:
 * @bitmap: a page about to be read
 * @options: the options it is read with
 * @regions: the indices of @options' regions on it (none: the whole page)
 *
 * Starts searching @bitmap for codes on a thread of its own, while the
 * page is read: ag_codes_read_page() in this thread then takes what it
 * found instead of searching once the reading is done (10–15 ms on a
 * scan or a screenshot, 60–90 on a 12-megapixel photo, which then came
 * after the reading).  ag_codes_forget_ahead() lets go of it.
 */
void
ag_codes_search_ahead (AgBitmap           *bitmap,
                       AgRecognizeOptions *options,
                       GArray             *regions)
{
  Ahead *ahead;

  g_return_if_fail (bitmap != NULL);

  g_private_replace (&ahead_key, NULL);
  if (!ag_codes_available ())
    return;

  ahead = g_new0 (Ahead, 1);
  ahead->bitmap = ag_bitmap_ref (bitmap);
  ahead->regions = g_array_new (FALSE, FALSE, sizeof (int));
  ahead->crops = g_array_new (FALSE, TRUE, sizeof (AgRect));
  ahead->found = g_ptr_array_new_with_free_func (codes_free);
  if (regions == NULL || regions->len == 0)
    {
      int whole = -1;
      AgRect none = { 0 };

      g_array_append_val (ahead->regions, whole);
      g_array_append_val (ahead->crops, none);
    }
  for (guint k = 0; regions != NULL && k < regions->len; k++)
    {
      int r = (int) g_array_index (regions, guint, k);

      g_array_append_val (ahead->regions, r);
      g_array_append_val (ahead->crops, ag_recognize_options_get_region (options, r)->rect);
    }

  ahead->thread = g_thread_try_new ("airgap-codes", search_ahead_thread, ahead, NULL);
  if (ahead->thread == NULL)
    {
      /* (searched after the reading, as without) */
      ahead_free (ahead);
      return;
    }
  g_private_set (&ahead_key, ahead);
}

/**
 * ag_codes_forget_ahead:
 *
 * Lets go of the search ag_codes_search_ahead() started in this thread
 * (waiting for it if it still runs): the page is done.
 */
void
ag_codes_forget_ahead (void)
{
  g_private_replace (&ahead_key, NULL);
}

/* The codes the search ahead found on @bitmap in @region, or NULL if it
 * did not search there (or they were taken already). */
static GPtrArray *
take_ahead (AgBitmap *bitmap,
            int       region)
{
  Ahead *ahead = g_private_get (&ahead_key);

  if (ahead == NULL || ahead->bitmap != bitmap)
    return NULL;
  ahead_join (ahead);
  for (guint i = 0; i < ahead->regions->len && i < ahead->found->len; i++)
    if (g_array_index (ahead->regions, int, i) == region && g_ptr_array_index (ahead->found, i) != NULL)
      {
        GPtrArray *codes = g_ptr_array_index (ahead->found, i);

        g_ptr_array_index (ahead->found, i) = NULL;
        g_atomic_int_inc (&n_taken);
        return codes;
      }

  return NULL;
}

/* What ag_codes_read_page() adds in @region (-1: the whole page). */
static GPtrArray *
find_codes (AgBitmap     *bitmap,
            const AgRect *crop,
            int           region)
{
  GPtrArray *codes = take_ahead (bitmap, region);

  return codes != NULL ? codes : ag_codes_read (bitmap, crop, region);
}

/**
 * _ag_codes_get_n_searches:
 * @n_taken_ahead: (out) (optional): how many of them were searches ahead
 *   whose codes were taken
 *
 * Returns: how many times a page or region was searched for codes, in
 *   this process
 */
guint
_ag_codes_get_n_searches (guint *n_taken_ahead)
{
  if (n_taken_ahead != NULL)
    *n_taken_ahead = g_atomic_int_get (&n_taken);
  return g_atomic_int_get (&n_searches);
}

/**
 * ag_codes_read_page:
 * @page: (transfer full): the page as the recogniser read it
 * @bitmap: its pixels
 * @options: the options it was read with
 * @regions: the indices of @options' regions on this page (none: the
 *   whole page)
 * @cancellable: (nullable): a #GCancellable
 *
 * Adds a block for every QR code or barcode on @page (in each of its
 * regions, if it has any), after its text blocks, and takes out the
 * words read from those codes' modules.
 *
 * Returns: (transfer full): @page
 */
AgRecognitionPage *
ag_codes_read_page (AgRecognitionPage   *page,
                    AgBitmap            *bitmap,
                    AgRecognizeOptions  *options,
                    GArray              *regions,
                    GCancellable        *cancellable)
{
  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (bitmap != NULL, page);

  if (!ag_codes_available () || g_cancellable_is_cancelled (cancellable))
    return page;

  if (regions == NULL || regions->len == 0)
    {
      g_autoptr(GPtrArray) codes = find_codes (bitmap, NULL, -1);

      add_codes (page, codes, -1);
      return page;
    }

  for (guint k = 0; k < regions->len; k++)
    {
      guint r = g_array_index (regions, guint, k);
      const AgRegion *region = ag_recognize_options_get_region (options, r);
      g_autoptr(GPtrArray) codes = find_codes (bitmap, &region->rect, (int) r);

      add_codes (page, codes, (int) r);
    }

  return page;
}

/* @area with a margin of an eighth of its longer side (a code cut
 * tightly still gets the quiet zone around it from the page), cut to
 * @within, in pixels of a @width × @height bitmap then back in fractions.
 * FALSE if nothing is left. */
static gboolean
area_crop (const AgRect *area,
           const AgRect *within,
           int           width,
           int           height,
           AgRect       *crop)
{
  int x, y, w, h, margin, x1, y1;

  ag_rect_to_pixels (area, width, height, &x, &y, &w, &h);
  margin = MAX (w, h) / 8 + 2;
  x1 = MIN (x + w + margin, width);
  y1 = MIN (y + h + margin, height);
  x = MAX (x - margin, 0);
  y = MAX (y - margin, 0);
  ag_rect_from_pixels (crop, width, height, x, y, x1 - x, y1 - y);

  if (within != NULL)
    {
      double left = MAX (crop->x, within->x);
      double top = MAX (crop->y, within->y);
      double right = MIN (crop->x + crop->width, within->x + within->width);
      double bottom = MIN (crop->y + crop->height, within->y + within->height);

      if (right <= left || bottom <= top)
        return FALSE;
      crop->x = left;
      crop->y = top;
      crop->width = right - left;
      crop->height = bottom - top;
    }

  return ag_rect_is_valid (crop);
}

/* Whether @code was found already, through another area over it. */
static gboolean
found_already (GPtrArray     *found,
               const AgBlock *code)
{
  g_autofree char *text = ag_block_dup_text ((AgBlock *) code, TRUE);

  for (guint i = 0; i < found->len; i++)
    {
      const AgBlock *other = g_ptr_array_index (found, i);
      g_autofree char *other_text = NULL;

      if (other->region != code->region || !inside (&code->box, &other->box))
        continue;
      other_text = ag_block_dup_text ((AgBlock *) other, TRUE);
      if (g_strcmp0 (text, other_text) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * ag_codes_read_areas:
 * @page: (transfer full): the page, read from its text layer
 * @bitmap: its pixels
 * @areas: (element-type AgRect): the parts of the page that may hold a
 *   code (the pictures it draws), in fractions of the page
 * @options: the options it was read with
 * @regions: the indices of @options' regions on this page (none: the
 *   whole page)
 * @cancellable: (nullable): a #GCancellable
 *
 * Like ag_codes_read_page(), but searches only @areas, each with a
 * margin, and only where they lie in the regions: a page of text with a
 * code pasted into it costs zxing-cpp the picture, not the page.
 *
 * Returns: (transfer full): @page
 */
AgRecognitionPage *
ag_codes_read_areas (AgRecognitionPage   *page,
                     AgBitmap            *bitmap,
                     GArray              *areas,
                     AgRecognizeOptions  *options,
                     GArray              *regions,
                     GCancellable        *cancellable)
{
  int width, height;
  guint n_parts;

  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (bitmap != NULL, page);
  g_return_val_if_fail (areas != NULL, page);

  if (!ag_codes_available ())
    return page;

  width = ag_bitmap_get_width (bitmap);
  height = ag_bitmap_get_height (bitmap);
  n_parts = regions != NULL && regions->len > 0 ? regions->len : 1;

  for (guint k = 0; k < n_parts; k++)
    {
      g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_block_free);
      const AgRect *within = NULL;
      int region = -1;

      if (regions != NULL && regions->len > 0)
        {
          region = (int) g_array_index (regions, guint, k);
          within = &ag_recognize_options_get_region (options, (guint) region)->rect;
        }

      for (guint i = 0; i < areas->len; i++)
        {
          g_autoptr(GPtrArray) found = NULL;
          AgRect crop;

          if (g_cancellable_is_cancelled (cancellable))
            return page;
          if (!area_crop (&g_array_index (areas, AgRect, i), within, width, height, &crop))
            continue;

          found = ag_codes_read (bitmap, &crop, region);
          while (found->len > 0)
            {
              AgBlock *code = g_ptr_array_steal_index (found, 0);

              if (found_already (codes, code))
                ag_block_free (code);
              else
                g_ptr_array_add (codes, code);
            }
        }

      g_ptr_array_sort (codes, compare_codes);
      add_codes (page, codes, region);
    }

  return page;
}
