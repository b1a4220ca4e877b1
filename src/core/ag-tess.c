/* ag-tess.c — one Tesseract handle, driven through its C API
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Everything that talks to Tesseract is here.  An AgTess is a handle
 * initialised for one set of languages; the engine keeps one per worker
 * thread and language set, warm, and never shares one between threads.
 *
 * The settings are those of the `tesseract` command line, so that Airgap
 * is as fast and as accurate as it on the same image: the default engine
 * mode (LSTM), automatic page segmentation, and the image's own resolution
 * when it is known (otherwise Tesseract estimates it, as the command line
 * lets it do).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <tesseract/capi.h>

#include "ag-engine-private.h"
#include "ag-languages.h"
#include "ag-orient.h"
#include "ag-preprocess.h"

struct _AgTess
{
  TessBaseAPI *api;
  char        *languages;
  gboolean     has_vertical;  /* a *_vert model is among the languages */
  TessBaseAPI *osd;           /* orientation detection, loaded when needed */
  gboolean     osd_tried;
};

typedef struct
{
  ETEXT_DESC         *monitor;
  GCancellable       *cancellable;
  AgTessProgressFunc  progress;
  gpointer            progress_data;
  int                 last_progress;
} Monitor;

/* Tesseract writes its chatter ("Estimating resolution as 300") through a
 * process-wide parameter; send it nowhere, once, before any thread uses
 * Tesseract.  Airgap reports what matters as GErrors. */
static void
ensure_quiet (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      TessBaseAPI *api = TessBaseAPICreate ();

      if (g_getenv ("AIRGAP_TESSERACT_DEBUG") == NULL)
        TessBaseAPISetVariable (api, "debug_file", "/dev/null");
      TessBaseAPIDelete (api);
      g_once_init_leave (&done, 1);
    }
}

AgTess *
_ag_tess_new (const char  *languages,
              GError     **error)
{
  g_autofree char *datapath = NULL;
  AgTess *tess;

  datapath = _ag_languages_dup_datapath (languages, error);
  if (datapath == NULL)
    return NULL;

  ensure_quiet ();

  g_debug ("Loading Tesseract for %s from %s", languages, datapath);
  tess = g_new0 (AgTess, 1);
  tess->api = TessBaseAPICreate ();
  tess->languages = g_strdup (languages);
  tess->has_vertical = strstr (languages, "_vert") != NULL;

  if (TessBaseAPIInit3 (tess->api, datapath, languages) != 0)
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                   _("Tesseract could not load the languages %s from %s. The files may be "
                     "damaged or made for another version of Tesseract; install them again."),
                   languages, datapath);
      _ag_tess_free (tess);
      return NULL;
    }

  return tess;
}

void
_ag_tess_free (AgTess *tess)
{
  if (tess == NULL)
    return;

  if (tess->api != NULL)
    {
      TessBaseAPIEnd (tess->api);
      TessBaseAPIDelete (tess->api);
    }
  if (tess->osd != NULL)
    {
      TessBaseAPIEnd (tess->osd);
      TessBaseAPIDelete (tess->osd);
    }
  g_free (tess->languages);
  g_free (tess);
}

const char *
_ag_tess_get_languages (AgTess *tess)
{
  return tess->languages;
}

/* A quick look at the table at the start of a .traineddata file, so that
 * a random file never reaches Tesseract, which trusts the offsets in it
 * and may try to allocate gigabytes. */
static gboolean
looks_like_traineddata (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  const guint8 *data;
  gsize size;
  gint32 n_entries;
  gint64 last = 0;

  if (mapped == NULL)
    return FALSE;

  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  if (size < 4)
    return FALSE;

  n_entries = GINT32_FROM_LE (*(const gint32 *) data);
  if (n_entries < 1 || n_entries > 64 || size < 4 + 8 * (gsize) n_entries)
    return FALSE;

  for (gint32 i = 0; i < n_entries; i++)
    {
      gint64 offset;

      memcpy (&offset, data + 4 + 8 * i, sizeof offset);
      offset = GINT64_FROM_LE (offset);
      if (offset == -1)
        continue;
      if (offset < 4 + 8 * (gint64) n_entries || offset > (gint64) size || offset < last)
        return FALSE;
      last = offset;
    }

  return last > 0;
}

gboolean
_ag_tess_check_file (const char  *datapath,
                     const char  *code,
                     GError     **error)
{
  g_autofree char *filename = g_strconcat (code, ".traineddata", NULL);
  g_autofree char *path = g_build_filename (datapath, filename, NULL);
  TessBaseAPI *api;
  int rc;

  if (!looks_like_traineddata (path))
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                   _("“%s” is not Tesseract language data. Use a .traineddata file made for "
                     "Tesseract 4 or 5, for example from the tessdata_fast collection."),
                   filename);
      return FALSE;
    }

  ensure_quiet ();
  api = TessBaseAPICreate ();
  rc = TessBaseAPIInit3 (api, datapath, code);
  TessBaseAPIEnd (api);
  TessBaseAPIDelete (api);

  if (rc != 0)
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                   _("Tesseract cannot load “%s”. Use a .traineddata file made for "
                     "Tesseract 4 or 5, for example from the tessdata_fast collection."),
                   filename);
      return FALSE;
    }

  return TRUE;
}

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

static bool
monitor_cancel_cb (void *cancel_this,
                   int   words)
{
  Monitor *monitor = cancel_this;

  if (monitor->progress != NULL)
    {
      int progress = TessMonitorGetProgress (monitor->monitor);

      if (progress != monitor->last_progress)
        {
          monitor->last_progress = progress;
          monitor->progress (CLAMP (progress, 0, 100) / 100.0, monitor->progress_data);
        }
    }

  return g_cancellable_is_cancelled (monitor->cancellable);
}

/* Where a box of the image Tesseract read lies on the page: undo the turn
 * made for orientation, then the preprocessing, then the crop. */
typedef struct
{
  int                crop_x, crop_y;
  double             seen_width, seen_height;
  AgPreprocessReport report;
  int                page_width, page_height;
  int                rotate_cw;                 /* the image read was turned so */
  double             turned_width, turned_height;
} Mapping;

static void
map_box (const Mapping *m,
         int            left,
         int            top,
         int            right,
         int            bottom,
         AgRect        *rect)
{
  int x = left, y = top, w = right - left, h = bottom - top;

  if (m->rotate_cw != 0)
    {
      AgRect turned;

      ag_rect_from_pixels (&turned, (int) m->turned_width, (int) m->turned_height,
                           left, top, right - left, bottom - top);
      ag_orient_unrotate_rect (&turned, m->rotate_cw);
      x = (int) floor (turned.x * m->seen_width);
      y = (int) floor (turned.y * m->seen_height);
      w = (int) ceil ((turned.x + turned.width) * m->seen_width) - x;
      h = (int) ceil ((turned.y + turned.height) * m->seen_height) - y;
    }

  ag_preprocess_report_map_box (&m->report, &x, &y, &w, &h);
  ag_rect_from_pixels (rect, m->page_width, m->page_height, x + m->crop_x, y + m->crop_y, w, h);
  ag_rect_clamp (rect);
}

static gboolean
iterator_box (TessPageIterator      *iter,
              TessPageIteratorLevel  level,
              const Mapping         *mapping,
              AgRect                *rect)
{
  int left, top, right, bottom;

  if (!TessPageIteratorBoundingBox (iter, level, &left, &top, &right, &bottom))
    return FALSE;

  map_box (mapping, left, top, right, bottom, rect);
  return TRUE;
}

static void
collect_results (TessBaseAPI       *api,
                 const Mapping     *mapping,
                 int                region,
                 gboolean           vertical,
                 AgRecognitionPage *page)
{
  TessResultIterator *it = TessBaseAPIGetIterator (api);
  TessPageIterator *pit;
  AgBlock *block = NULL;
  AgLine *line = NULL;

  if (it == NULL)
    return;

  pit = TessResultIteratorGetPageIterator (it);
  TessPageIteratorBegin (pit);

  do
    {
      char *text;
      AgRect box;

      if (block == NULL || TessPageIteratorIsAtBeginningOf (pit, RIL_PARA))
        {
          TessOrientation orientation;
          TessWritingDirection direction;
          TessTextlineOrder order;
          float deskew;

          block = ag_block_new (region);
          iterator_box (pit, RIL_PARA, mapping, &block->box);
          TessPageIteratorOrientation (pit, &orientation, &direction, &order, &deskew);
          block->vertical = vertical || direction == WRITING_DIRECTION_TOP_TO_BOTTOM;
          g_ptr_array_add (page->blocks, block);
          line = NULL;
        }

      if (line == NULL || TessPageIteratorIsAtBeginningOf (pit, RIL_TEXTLINE))
        {
          line = ag_line_new ();
          iterator_box (pit, RIL_TEXTLINE, mapping, &line->box);
          g_ptr_array_add (block->lines, line);
        }

      text = TessResultIteratorGetUTF8Text (it, RIL_WORD);
      if (text != NULL && *g_strstrip (text) != '\0' &&
          iterator_box (pit, RIL_WORD, mapping, &box))
        g_ptr_array_add (line->words,
                         ag_word_new (text, &box, TessResultIteratorConfidence (it, RIL_WORD)));
      TessDeleteText (text);
    }
  while (TessResultIteratorNext (it, RIL_WORD));

  TessResultIteratorDelete (it);

  /* Pictures and rules come back as paragraphs without words. */
  for (guint b = page->blocks->len; b > 0; b--)
    {
      AgBlock *candidate = g_ptr_array_index (page->blocks, b - 1);

      if (candidate->region != region)
        break;

      for (guint l = candidate->lines->len; l > 0; l--)
        {
          AgLine *one = g_ptr_array_index (candidate->lines, l - 1);

          if (one->words->len == 0)
            g_ptr_array_remove_index (candidate->lines, l - 1);
        }
      if (candidate->lines->len == 0)
        g_ptr_array_remove_index (page->blocks, b - 1);
    }
}

/* The answers below this (0..100) count as a poor reading, worth asking
 * whether the page is on its side.  Pages turned by a quarter or a half
 * read at 25–40; an upright but poor phone photo at about 40, and asking
 * costs it a third of a recognition, so the line is drawn low.  (Latin
 * pages are mostly turned upright before this, by the preprocessing.) */
#define POOR_CONFIDENCE 35.0

static TessBaseAPI *
get_osd (AgTess *tess)
{
  g_autofree char *user_dir = NULL;
  g_autofree char *system_dir = NULL;
  const char *dirs[2];

  if (tess->osd_tried)
    return tess->osd;
  tess->osd_tried = TRUE;

  dirs[0] = user_dir = ag_languages_dup_user_dir ();
  dirs[1] = system_dir = ag_languages_dup_system_dir ();
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "osd.traineddata", NULL);
      TessBaseAPI *osd;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      osd = TessBaseAPICreate ();
      if (TessBaseAPIInit3 (osd, dirs[i], "osd") == 0)
        {
          tess->osd = osd;
          break;
        }
      TessBaseAPIDelete (osd);
    }

  return tess->osd;
}

static gboolean
read_image (AgTess            *tess,
            PIX               *image,
            double             dpi,
            TessPageSegMode    mode,
            const Mapping     *mapping,
            int                region,
            gboolean           vertical,
            AgRecognitionPage *page,
            Monitor           *monitor,
            GCancellable      *cancellable,
            GError           **error)
{
  int rc;

  TessBaseAPISetPageSegMode (tess->api, mode);
  TessBaseAPISetImage2 (tess->api, image);
  if (dpi > 0)
    TessBaseAPISetSourceResolution (tess->api, (int) lround (dpi));

  monitor->monitor = TessMonitorCreate ();
  monitor->last_progress = -1;
  TessMonitorSetCancelFunc (monitor->monitor, monitor_cancel_cb);
  TessMonitorSetCancelThis (monitor->monitor, monitor);

  rc = TessBaseAPIRecognize (tess->api, monitor->monitor);
  TessMonitorDelete (monitor->monitor);
  monitor->monitor = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      TessBaseAPIClear (tess->api);
      return FALSE;
    }

  if (rc != 0)
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_FAILED,
                   _("Tesseract could not read this page. Try another language or a "
                     "clearer image."));
      TessBaseAPIClear (tess->api);
      return FALSE;
    }

  collect_results (tess->api, mapping, region, vertical, page);
  TessBaseAPIClear (tess->api);
  return TRUE;
}

static void
move_blocks (AgRecognitionPage *from,
             AgRecognitionPage *to)
{
  while (from->blocks->len > 0)
    g_ptr_array_add (to->blocks, g_ptr_array_steal_index (from->blocks, 0));
}

/**
 * _ag_tess_recognize:
 * @page_pix: the whole page
 * @dpi: its resolution, 0 if unknown
 * @rect: (nullable): the part of the page to read, %NULL for all of it
 * @region: the index of @rect among the user's regions, -1 for none
 * @vertical: read @rect as one block of vertical text
 * @page: where the blocks found are appended, boxes in fractions of
 *   @page_pix
 *
 * Reads one page or one region of it, as the tesseract command line
 * would (automatic page segmentation), with two exceptions that only
 * make a reading better: text in columns, when a vertical model is among
 * the languages, is read as vertical text; and a poor reading makes
 * Airgap ask Tesseract whether the page is on its side, and read it
 * again turned upright if so.
 */
gboolean
_ag_tess_recognize (AgTess              *tess,
                    PIX                 *page_pix,
                    double               dpi,
                    const AgRect        *rect,
                    int                  region,
                    gboolean             vertical,
                    gboolean             preprocess,
                    AgRecognitionPage   *page,
                    AgTessProgressFunc   progress,
                    gpointer             progress_data,
                    GCancellable        *cancellable,
                    GError             **error)
{
  AgPreprocessReport report = { 0.0, 1.0, 0 };
  Mapping mapping = { 0 };
  Monitor monitor = { 0 };
  g_autoptr(AgRecognitionPage) first = NULL;
  PIX *crop = NULL;
  PIX *seen = NULL;
  TessPageSegMode mode = PSM_AUTO;
  double seen_dpi = 0;
  gint64 started;
  int x = 0, y = 0, w, h;
  gboolean ok;

  w = pixGetWidth (page_pix);
  h = pixGetHeight (page_pix);

  if (rect != NULL)
    {
      AgRect clamped = *rect;
      BOX *box;

      ag_rect_clamp (&clamped);
      ag_rect_to_pixels (&clamped, pixGetWidth (page_pix), pixGetHeight (page_pix), &x, &y, &w, &h);
      if (w < 1 || h < 1)
        return TRUE;

      box = boxCreate (x, y, w, h);
      crop = pixClipRectangle (page_pix, box, NULL);
      boxDestroy (&box);
      if (crop == NULL)
        return TRUE;
    }
  else
    crop = pixClone (page_pix);

  if (preprocess)
    {
      seen = ag_preprocess_run (crop, &report);
      /* tests/bench/accuracy.py reads this to weigh preprocessing against
       * recognition. */
      g_debug ("Preprocessed %dx%d in %.1f ms: steps 0x%x, skew %.2f°, scale %.2f",
               w, h, report.usec / 1000.0, report.steps, report.skew_degrees, report.scale);
    }
  else
    seen = pixClone (crop);
  if (report.scale <= 0)
    report.scale = 1.0;

  /* Preprocessing cannot be interrupted; what follows can. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      pixDestroy (&seen);
      pixDestroy (&crop);
      return FALSE;
    }

  if (dpi > 0)
    {
      l_int32 res = (l_int32) lround (dpi * report.scale);

      seen_dpi = dpi * report.scale;
      pixSetResolution (seen, res, res);
    }
  else
    pixSetResolution (seen, 0, 0);

  mapping.crop_x = x;
  mapping.crop_y = y;
  mapping.report = report;
  mapping.seen_width = pixGetWidth (seen);
  mapping.seen_height = pixGetHeight (seen);
  mapping.page_width = pixGetWidth (page_pix);
  mapping.page_height = pixGetHeight (page_pix);

  if (!vertical && tess->has_vertical && ag_orient_looks_vertical (seen))
    vertical = TRUE;
  if (vertical)
    mode = PSM_SINGLE_BLOCK_VERT_TEXT;

  monitor.cancellable = cancellable;
  monitor.progress = progress;
  monitor.progress_data = progress_data;

  first = ag_recognition_page_new (page->index, page->width, page->height, page->dpi, page->source);
  started = g_get_monotonic_time ();
  ok = read_image (tess, seen, seen_dpi, mode, &mapping, region, vertical, first,
                   &monitor, cancellable, error);
  g_debug ("Recognized in %.1f ms", (g_get_monotonic_time () - started) / 1000.0);

  if (ok && !vertical)
    {
      guint n_words;
      double confidence = ag_recognition_page_get_mean_confidence (first, &n_words);
      TessBaseAPI *osd = NULL;
      int rotate_cw = 0;

      if ((n_words == 0 || confidence < POOR_CONFIDENCE) &&
          (osd = get_osd (tess)) != NULL &&
          ag_orient_detect (osd, seen, &rotate_cw, NULL))
        {
          g_autoptr(AgRecognitionPage) second = NULL;
          PIX *turned = ag_orient_rotate (seen, rotate_cw);
          Mapping turned_mapping = mapping;
          guint n_second;
          double second_confidence;

          turned_mapping.rotate_cw = rotate_cw;
          turned_mapping.turned_width = pixGetWidth (turned);
          turned_mapping.turned_height = pixGetHeight (turned);
          pixCopyResolution (turned, seen);

          second = ag_recognition_page_new (page->index, page->width, page->height, page->dpi,
                                            page->source);
          ok = read_image (tess, turned, seen_dpi, mode, &turned_mapping, region, vertical,
                           second, &monitor, cancellable, error);
          pixDestroy (&turned);

          second_confidence = ag_recognition_page_get_mean_confidence (second, &n_second);

          g_debug ("Page turned %d°: confidence %.1f (%u words) instead of %.1f (%u words)",
                   rotate_cw, second_confidence, n_second, confidence, n_words);
          if (ok && second_confidence > confidence && n_second > 0)
            {
              g_clear_pointer (&first, ag_recognition_page_free);
              first = g_steal_pointer (&second);
            }
        }
    }

  if (ok)
    move_blocks (first, page);

  pixDestroy (&seen);
  pixDestroy (&crop);

  return ok;
}
