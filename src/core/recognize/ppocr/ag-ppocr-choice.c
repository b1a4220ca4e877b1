/* ag-ppocr-choice.c — Tesseract or PP-OCR: the automatic choice
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * AgEngine's hook: whether a page is read with PP-OCR, and the page read
 * with it.  Plain C, answered without the module: a file test for the
 * module and the models, and a cheap look at the page.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "document/ag-document-error.h"
#include "document/ag-image-leptonica.h"
#include "recognize/ag-engine.h"
#include "recognize/ppocr/ag-ppocr-loader-private.h"

/* Separable 9×9 maximum (a dilation by a square; pixels beyond the edge
 * do not count, as OpenCV's default border for dilate). */
static void
dilate9 (const guint8 *src,
         guint8       *dst,
         int           width,
         int           height)
{
  g_autofree guint8 *tmp = g_malloc ((gsize) width * height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 m = 0;

        for (int k = MAX (0, x - 4); k <= MIN (width - 1, x + 4); k++)
          m = MAX (m, src[(gsize) y * width + k]);
        tmp[(gsize) y * width + x] = m;
      }
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 m = 0;

        for (int k = MAX (0, y - 4); k <= MIN (height - 1, y + 4); k++)
          m = MAX (m, tmp[(gsize) k * width + x]);
        dst[(gsize) y * width + x] = m;
      }
}

typedef struct
{
  int      to[2];       /* the small image's pixels this one falls into */
  double   weight[2];   /* and how much of it, as a share of that pixel */
  gboolean whole;       /* wholly inside to[0]: its weight is that pixel's 1 / cell */
} AreaTab;

/* Area averaging from @n_src pixels to @n_dst (as OpenCV's INTER_AREA
 * when shrinking): each source pixel gives its covered share to at most
 * two destination pixels. */
static AreaTab *
area_table (int n_src,
            int n_dst)
{
  AreaTab *tab = g_new0 (AreaTab, n_src);
  double scale = (double) n_src / n_dst;

  for (int s = 0; s < n_src; s++)
    tab[s].to[0] = tab[s].to[1] = -1;
  for (int d = 0; d < n_dst; d++)
    {
      double f0 = d * scale, f1 = f0 + scale;
      double cell = MIN (scale, n_src - f0);

      for (int s = (int) f0; s < n_src && s < f1; s++)
        {
          double covered = MIN (f1, s + 1.0) - MAX (f0, (double) s);
          int slot = tab[s].to[0] < 0 ? 0 : 1;

          if (covered <= 1e-3)
            continue;
          tab[s].to[slot] = d;
          tab[s].weight[slot] = covered / cell;
        }
    }
  for (int s = 0; s < n_src; s++)
    tab[s].whole = tab[s].to[0] >= 0 && tab[s].to[1] < 0 && tab[s].weight[0] > 0 &&
                   fabs (tab[s].weight[0] * MIN (scale, n_src - tab[s].to[0] * scale) - 1.0) < 1e-9;

  return tab;
}

/* The bitmap shrunk to @width × @height grey pixels: colour blended on
 * white, area-averaged per channel, then grey as OpenCV's BGR2GRAY. */
static guint8 *
small_gray (AgBitmap *bitmap,
            int       width,
            int       height)
{
  GBytes *bytes = ag_bitmap_get_pixels (bitmap);
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  int src_width = ag_bitmap_get_width (bitmap);
  int src_height = ag_bitmap_get_height (bitmap);
  gsize stride = ag_bitmap_get_stride (bitmap);
  gboolean gray = ag_bitmap_get_format (bitmap) == AG_BITMAP_FORMAT_GRAY8;
  g_autofree AreaTab *xtab = area_table (src_width, width);
  g_autofree AreaTab *ytab = area_table (src_height, height);
  g_autofree double *row = g_new (double, (gsize) width * 3);
  g_autofree guint *whole = g_new (guint, (gsize) width * 3);
  g_autofree double *inv_cell = g_new (double, width);
  g_autofree double *sum = g_new0 (double, (gsize) width * height * 3);
  guint8 *out = g_malloc ((gsize) width * height);

  /* (a pixel wholly inside one small pixel adds 1 / cell of itself: its
   * values are summed as integers and weighed once a row, a 12-megapixel
   * photo's 36 million products in doubles were most of this) */
  for (int x = 0; x < src_width; x++)
    if (xtab[x].whole)
      inv_cell[xtab[x].to[0]] = xtab[x].weight[0];

  for (int y = 0; y < src_height; y++)
    {
      const guint8 *src = data + (gsize) y * stride;

      /* (a run of whole pixels of one small pixel is summed in
       * registers: adding each to memory stalled on the store) */
      int run = -1;
      guint run_b = 0, run_g = 0, run_r = 0;

      memset (row, 0, sizeof (double) * width * 3);
      memset (whole, 0, sizeof (guint) * width * 3);
      for (int x = 0; x < src_width; x++)
        {
          int b, g, r;

          if (gray)
            b = g = r = src[x];
          else
            {
              const guint8 *p = src + (gsize) x * 4;
              int a = p[3];

              if (a == 255)
                b = p[2], g = p[1], r = p[0];
              else
                {
                  b = (p[2] * a + 255 * (255 - a)) / 255;
                  g = (p[1] * a + 255 * (255 - a)) / 255;
                  r = (p[0] * a + 255 * (255 - a)) / 255;
                }
            }
          if (xtab[x].whole)
            {
              if (xtab[x].to[0] != run)
                {
                  if (run >= 0)
                    {
                      whole[run * 3] += run_b;
                      whole[run * 3 + 1] += run_g;
                      whole[run * 3 + 2] += run_r;
                    }
                  run = xtab[x].to[0];
                  run_b = run_g = run_r = 0;
                }
              run_b += b;
              run_g += g;
              run_r += r;
              continue;
            }
          for (int k = 0; k < 2; k++)
            if (xtab[x].to[k] >= 0)
              {
                double *dst = row + xtab[x].to[k] * 3;

                dst[0] += xtab[x].weight[k] * b;
                dst[1] += xtab[x].weight[k] * g;
                dst[2] += xtab[x].weight[k] * r;
              }
        }
      if (run >= 0)
        {
          whole[run * 3] += run_b;
          whole[run * 3 + 1] += run_g;
          whole[run * 3 + 2] += run_r;
        }
      for (int i = 0; i < width * 3; i++)
        if (whole[i] > 0)
          row[i] += whole[i] * inv_cell[i / 3];
      for (int k = 0; k < 2; k++)
        if (ytab[y].to[k] >= 0)
          {
            double *dst = sum + (gsize) ytab[y].to[k] * width * 3;

            for (int i = 0; i < width * 3; i++)
              dst[i] += ytab[y].weight[k] * row[i];
          }
    }

  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      int b = (int) CLAMP (nearbyint (sum[i * 3]), 0, 255);
      int g = (int) CLAMP (nearbyint (sum[i * 3 + 1]), 0, 255);
      int r = (int) CLAMP (nearbyint (sum[i * 3 + 2]), 0, 255);

      out[i] = (guint8) ((b * 1868 + g * 9617 + r * 4899 + (1 << 13)) >> 14);
    }

  return out;
}

/**
 * _ag_ppocr_looks_like_photo:
 *
 * A cheap guess (a few milliseconds on a 256-pixel copy) whether @bitmap
 * is a camera photo rather than a scan, a screenshot or a rendered page.
 * A scan or a rendered page has a flat background: most of its pixels sit
 * within two grey levels of the commonest one.  A photo has sensor noise,
 * texture and uneven light, so few pixels do; its background (the page
 * with the text dilated away) also varies across the picture.  Plain C,
 * so the automatic choice never loads the module.
 *
 * Returns: %TRUE for a photo
 */
gboolean
_ag_ppocr_looks_like_photo (AgBitmap *bitmap)
{
  int width, height, total;
  double scale;
  g_autofree guint8 *gray = NULL;
  g_autofree guint8 *background = NULL;
  int hist[256] = { 0 }, bg_hist[256] = { 0 };
  int mode = 0, near = 0, low = -1, high = 0, seen = 0;
  double flat, spread;

  g_return_val_if_fail (bitmap != NULL, FALSE);

  width = ag_bitmap_get_width (bitmap);
  height = ag_bitmap_get_height (bitmap);
  if (width < 1 || height < 1)
    return FALSE;
  scale = 256.0 / MAX (width, height);
  if (scale < 1.0)
    {
      width = MAX (1, (int) (width * scale));
      height = MAX (1, (int) (height * scale));
    }
  gray = small_gray (bitmap, width, height);
  background = g_malloc ((gsize) width * height);
  dilate9 (gray, background, width, height);

  total = width * height;
  for (int i = 0; i < total; i++)
    {
      hist[gray[i]]++;
      bg_hist[background[i]]++;
    }
  for (int v = 1; v < 256; v++)
    if (hist[v] > hist[mode])
      mode = v;
  for (int v = MAX (0, mode - 2); v <= MIN (255, mode + 2); v++)
    near += hist[v];
  flat = (double) near / total;

  /* 5th to 95th percentile of the background */
  for (int v = 0; v < 256; v++)
    {
      seen += bg_hist[v];
      if (low < 0 && seen >= total * 0.05)
        low = v;
      if (seen <= total * 0.95)
        high = v;
    }
  spread = high - MAX (low, 0);

  g_debug ("ppocr: %.2f of the pixels near the commonest grey, background spread %.0f",
           flat, spread);

  return flat < 0.25 || (flat < 0.4 && spread > 60);
}
/**
 * _ag_ppocr_image_looks_like_photo:
 * @encoded: the contents of an image file
 *
 * _ag_ppocr_looks_like_photo() on a JPEG decoded small
 * (_ag_leptonica_decode_small(): 2–16 ms where the whole picture takes
 * 5–400), before the file is decoded: phones save their photos as JPEG.
 * The guess reads a 256-pixel copy, and the small decode gives it the
 * same answer as the whole picture on every JPEG of the corpus.
 *
 * Returns: %TRUE for a JPEG that looks like a photo; %FALSE for anything
 *   else
 */
gboolean
_ag_ppocr_image_looks_like_photo (GBytes *encoded)
{
  g_autoptr(AgBitmap) small = NULL;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (encoded != NULL, FALSE);

  data = g_bytes_get_data (encoded, &size);
  small = _ag_leptonica_decode_small (data, size, 256, AG_DOCUMENT_MAX_PIXELS);
  return small != NULL && _ag_ppocr_looks_like_photo (small);
}

/**
 * _ag_ppocr_warm_for_photo:
 *
 * Loads the process's recogniser and its detector, for a thread with
 * nothing else to do while a photo PP-OCR will read is decoded.
 */
void
_ag_ppocr_warm_for_photo (void)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  AgPpocr *ppocr = _ag_ppocr_get_default (&error);

  if (ppocr == NULL)
    {
      g_debug ("ppocr: not loaded ahead: %s", error->message);
      return;
    }
  _ag_ppocr_load_detector (ppocr);
  g_debug ("ppocr: loaded ahead for a photo in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
}

/**
 * _ag_ppocr_page_has_columns:
 *
 * Whether @page has several columns side by side: in many of its lines two
 * neighbouring words stand further apart than three line heights.  PP-OCR
 * has no layout analysis, so its reading order would weave the columns
 * together; Tesseract reads such pages instead.
 *
 * Returns: %TRUE for a page in columns
 */
gboolean
_ag_ppocr_page_has_columns (AgRecognitionPage *page)
{
  guint n_lines = 0, n_split = 0;

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);
          double height = line->box.height * page->height;

          n_lines++;
          for (guint w = 1; w < line->words->len; w++)
            {
              AgWord *a = g_ptr_array_index (line->words, w - 1);
              AgWord *c = g_ptr_array_index (line->words, w);
              double gap = (c->box.x - (a->box.x + a->box.width)) * page->width;

              if (gap > 3 * height)
                {
                  n_split++;
                  break;
                }
            }
        }
    }

  return n_split >= 3 && n_split * 10 >= n_lines * 4;
}

gboolean
_ag_ppocr_languages_supported (const char *languages)
{
  g_auto(GStrv) codes = g_strsplit (languages != NULL ? languages : "", "+", -1);
  gboolean any = FALSE;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (codes[i][0] == '\0')
        continue;
      if (!g_str_equal (codes[i], "eng") && !g_str_equal (codes[i], "chi_sim"))
        return FALSE;
      any = TRUE;
    }

  return any;
}

/**
 * _ag_ppocr_may_choose:
 * @languages: Tesseract's language codes, joined by "+"
 *
 * Whether the automatic choice may send a page in @languages to PP-OCR
 * (a photo), answered without a page: file tests only.
 *
 * Returns: %TRUE when PP-OCR may read some pages in @languages
 */
gboolean
_ag_ppocr_may_choose (const char *languages)
{
  return languages != NULL && strstr (languages, "chi_sim") != NULL &&
         _ag_ppocr_languages_supported (languages) &&
         _ag_ppocr_module_present () && _ag_ppocr_find_models (NULL);
}

/**
 * _ag_ppocr_choose:
 * @kind: what the user asked for
 * @languages: Tesseract's language codes, joined by "+"
 * @pdf_page: @bitmap is a rendered PDF page
 * @vertical: a region asks for vertical text
 * @note: (out) (transfer full): why, translated, for the page's note
 *
 * The automatic choice: PP-OCR for photos of Simplified Chinese (with or
 * without English) when its models are installed; Tesseract for clean
 * scans, screenshots and PDF pages, English alone, Traditional Chinese,
 * other languages and vertical text.
 *
 * Returns: %TRUE to read with PP-OCR
 */
gboolean
_ag_ppocr_choose (AgEngineKind  kind,
                 const char   *languages,
                 AgBitmap     *bitmap,
                 gboolean      pdf_page,
                 gboolean      vertical,
                 char        **note)
{
  const char *why;
  g_autofree char *failed = NULL;
  gboolean ppocr = FALSE;

  if (kind == AG_ENGINE_KIND_TESSERACT)
    why = _("Read with Tesseract, as chosen.");
  else if (!_ag_ppocr_module_present ())
    {
      const char *failure = NULL;

      /* a module that was there but would not load says why */
      _ag_ppocr_load_module (&failure);
      if (failure != NULL && g_file_test (_ag_ppocr_module_path (), G_FILE_TEST_EXISTS))
        why = failed = g_strdup_printf (_("Read with Tesseract: PP-OCR could not be loaded (%s)."),
                                        failure);
      else
        why = _("Read with Tesseract: this build of Airgap has no PP-OCR.");
    }
  else if (!_ag_ppocr_find_models (NULL))
    why = _("Read with Tesseract: PP-OCR’s models are not installed.");
  else if (kind == AG_ENGINE_KIND_PPOCR)
    {
      why = _("Read with PP-OCR, as chosen.");
      ppocr = TRUE;
    }
  else if (vertical)
    why = _("Read with Tesseract: PP-OCR does not read vertical text.");
  else if (!_ag_ppocr_languages_supported (languages))
    why = _("Read with Tesseract: PP-OCR reads only Simplified Chinese and English.");
  else if (strstr (languages, "chi_sim") == NULL)
    /* measured on the corpus: English, photographed or not, comes out
     * better from Tesseract after Airgap's clean-up (no CER above 0.00
     * on the synthetic photos, where PP-OCR drops spaces after commas) */
    why = _("Read with Tesseract: it reads English best; PP-OCR is for Chinese.");
  else if (pdf_page)
    why = _("Read with Tesseract: this is a document page, not a photo.");
  else if (!_ag_ppocr_looks_like_photo (bitmap))
    why = _("Read with Tesseract: this looks like a clean scan or screenshot.");
  else
    {
      why = _("Read with PP-OCR: this looks like a photo.");
      ppocr = TRUE;
    }

  if (note != NULL)
    *note = g_strdup (why);
  return ppocr;
}

/**
 * _ag_ppocr_try_page:
 * @options: the job's options (engine kind, regions)
 * @languages: the job's languages
 * @index: the page's index in its document
 * @pdf_page: @bitmap is a rendered PDF page
 * @regions: (element-type guint): indices of @options' regions on this
 *   page, empty for the whole page
 * @note: (out) (transfer full): why Tesseract reads the page, when it does
 *
 * AgEngine's hook: reads the page with PP-OCR when that is the better (or
 * the chosen) recogniser.
 *
 * Returns: (transfer full) (nullable): the page read by PP-OCR; %NULL with
 *   @error unset when Tesseract should read it (and @note says why); %NULL
 *   with @error when cancelled
 */
AgRecognitionPage *
_ag_ppocr_try_page (AgRecognizeOptions  *options,
                   const char          *languages,
                   AgBitmap            *bitmap,
                   guint                index,
                   gboolean             pdf_page,
                   GArray              *regions,
                   GCancellable        *cancellable,
                   char               **note,
                   GError             **error)
{
  g_autoptr(AgRecognitionPage) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *why = NULL;
  gboolean vertical = FALSE;
  AgPpocr *ppocr;
  guint n_parts;

  *note = NULL;

  for (guint k = 0; regions != NULL && k < regions->len; k++)
    if (ag_recognize_options_get_region (options, g_array_index (regions, guint, k))->vertical)
      vertical = TRUE;

  if (!_ag_ppocr_choose (ag_recognize_options_get_engine_kind (options), languages,
                        bitmap, pdf_page, vertical, &why))
    {
      *note = g_steal_pointer (&why);
      return NULL;
    }

  ppocr = _ag_ppocr_get_default (&local_error);

  n_parts = regions != NULL && regions->len > 0 ? regions->len : 1;
  for (guint k = 0; ppocr != NULL && k < n_parts; k++)
    {
      g_autoptr(AgRecognitionPage) one = NULL;
      const AgRegion *region = NULL;
      int r = -1;

      if (regions != NULL && regions->len > 0)
        {
          r = (int) g_array_index (regions, guint, k);
          region = ag_recognize_options_get_region (options, r);
        }

      one = _ag_ppocr_recognize (ppocr, bitmap, region != NULL ? &region->rect : NULL,
                                cancellable, &local_error);
      if (one == NULL)
        break;

      for (guint b = 0; b < one->blocks->len; b++)
        ((AgBlock *) g_ptr_array_index (one->blocks, b))->region = r;
      if (result == NULL)
        {
          result = g_steal_pointer (&one);
          continue;
        }
      while (one->blocks->len > 0)
        g_ptr_array_add (result->blocks, g_ptr_array_steal_index (one->blocks, 0));
    }

  if (local_error != NULL)
    {
      g_autofree char *again = NULL;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      /* Tesseract is still there: read with it and say why (the module
       * would not load: the same note as for every later page) */
      if (ppocr == NULL && _ag_ppocr_load_module (NULL) == NULL &&
          !_ag_ppocr_choose (AG_ENGINE_KIND_PPOCR, languages, bitmap, pdf_page, vertical, &again))
        *note = g_steal_pointer (&again);
      else
        *note = g_strdup_printf (_("Read with Tesseract: PP-OCR failed (%s)."), local_error->message);
      return NULL;
    }

  if (ag_recognize_options_get_engine_kind (options) == AG_ENGINE_KIND_AUTO &&
      _ag_ppocr_page_has_columns (result))
    {
      *note = g_strdup (_("Read with Tesseract: this page has several columns."));
      return NULL;
    }

  result->index = index;
  result->note = g_steal_pointer (&why);
  return g_steal_pointer (&result);
}
