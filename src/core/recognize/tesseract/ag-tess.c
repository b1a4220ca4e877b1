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

#include "recognize/ag-columns.h"
#include "recognize/ag-engine-private.h"
#include "recognize/ag-languages.h"
#include "recognize/ag-orient.h"
#include "recognize/ag-preprocess.h"
#include "recognize/ag-split.h"
#include "recognize/tesseract/ag-tess-api.h"
#include "recognize/tesseract/ag-tess.h"
#include "model/ag-text.h"

struct _AgTess
{
  TessBaseAPI *api;
  char        *languages;
  gboolean     has_vertical;  /* a *_vert model is among the languages */
  TessBaseAPI *osd;           /* orientation detection, loaded when needed */
  gboolean     osd_tried;
  TessBaseAPI *columns;       /* the horizontal models of the vertical ones */
  gboolean     columns_tried;
  TessBaseAPI *horizontal;    /* those and the other languages, may be @columns */
  gboolean     horizontal_tried;
};

typedef struct
{
  ETEXT_DESC         *monitor;
  GCancellable       *cancellable;
  AgTessProgressFunc  progress;
  gpointer            progress_data;
  int                 last_progress;
} Monitor;

/* Set by _ag_tess_set_stderr_quiet(): standard error goes nowhere. */
static gboolean stderr_quiet;

/* Tesseract writes its chatter ("Estimating resolution as 300") through a
 * process-wide parameter; send it nowhere, once, before any thread uses
 * Tesseract.  Airgap reports what matters as GErrors. */
static void
ensure_quiet (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      TessBaseAPI *api;

      /* Not there: _ag_tess_new() says so.  Nothing to do where standard
       * error is quiet already. */
      if (stderr_quiet || !_ag_tess_api_load (NULL) ||
          g_getenv ("AIRGAP_TESSERACT_DEBUG") != NULL)
        {
          g_once_init_leave (&done, 1);
          return;
        }

      /* Opened the first time Tesseract has something to say: this
       * process may open files for writing (the worker may not, and
       * sends its standard error nowhere instead). */
      api = _ag_tess_api->BaseAPICreate ();
      _ag_tess_api->BaseAPISetVariable (api, "debug_file", "/dev/null");
      _ag_tess_api->BaseAPIDelete (api);
      g_once_init_leave (&done, 1);
    }
}

/**
 * _ag_tess_set_stderr_quiet:
 *
 * Says that the process's standard error goes nowhere already, as the
 * worker's does (ag-worker-serve.c): Tesseract then needs no debug file,
 * which the worker's sandbox would not let it open.  Call it before any
 * thread uses Tesseract.
 */
void
_ag_tess_set_stderr_quiet (void)
{
  stderr_quiet = TRUE;
}

static TessBaseAPI *get_columns_api (AgTess *tess);

AgTess *
_ag_tess_new (const char  *languages,
              GError     **error)
{
  g_autofree char *datapath = NULL;
  AgTess *tess;

  if (!_ag_tess_api_load (error))
    return NULL;
  datapath = _ag_languages_dup_datapath (languages, error);
  if (datapath == NULL)
    return NULL;

  ensure_quiet ();

  g_debug ("Loading Tesseract for %s from %s", languages, datapath);
  tess = g_new0 (AgTess, 1);
  tess->api = _ag_tess_api->BaseAPICreate ();
  tess->languages = g_strdup (languages);
  tess->has_vertical = strstr (languages, "_vert") != NULL;

  if (_ag_tess_api->BaseAPIInit3 (tess->api, datapath, languages) != 0)
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                   _("Tesseract could not load the languages %s from %s. The files may be "
                     "damaged or made for another version of Tesseract; install them again."),
                   languages, datapath);
      _ag_tess_free (tess);
      return NULL;
    }

  /* With a vertical model, the horizontal one reads the columns: load it
   * with the handle, so that ag_engine_preload() warms both. */
  if (tess->has_vertical)
    get_columns_api (tess);

  return tess;
}

void
_ag_tess_free (AgTess *tess)
{
  if (tess == NULL)
    return;

  if (tess->api != NULL)
    {
      _ag_tess_api->BaseAPIEnd (tess->api);
      _ag_tess_api->BaseAPIDelete (tess->api);
    }
  if (tess->osd != NULL)
    {
      _ag_tess_api->BaseAPIEnd (tess->osd);
      _ag_tess_api->BaseAPIDelete (tess->osd);
    }
  if (tess->horizontal != NULL && tess->horizontal != tess->columns)
    {
      _ag_tess_api->BaseAPIEnd (tess->horizontal);
      _ag_tess_api->BaseAPIDelete (tess->horizontal);
    }
  if (tess->columns != NULL)
    {
      _ag_tess_api->BaseAPIEnd (tess->columns);
      _ag_tess_api->BaseAPIDelete (tess->columns);
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

  if (!_ag_tess_api_load (error))
    return FALSE;
  ensure_quiet ();
  api = _ag_tess_api->BaseAPICreate ();
  rc = _ag_tess_api->BaseAPIInit3 (api, datapath, code);
  _ag_tess_api->BaseAPIEnd (api);
  _ag_tess_api->BaseAPIDelete (api);

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

/* A copy of the rectangle of @pix at (@x, @y), @w × @h, clipped to it;
 * %NULL if nothing of it is on @pix. */
static PIX *
clip_pix (PIX *pix,
          int  x,
          int  y,
          int  w,
          int  h)
{
  BOX *box = boxCreate (x, y, w, h);
  PIX *clipped = pixClipRectangle (pix, box, NULL);

  boxDestroy (&box);
  return clipped;
}

static bool
monitor_cancel_cb (void *cancel_this,
                   int   words)
{
  Monitor *monitor = cancel_this;

  if (monitor->progress != NULL)
    {
      int progress = _ag_tess_api->MonitorGetProgress (monitor->monitor);

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
  double             column_skew;               /* columns straightened by so many degrees */
  int                offset_x, offset_y;        /* the image read was cut from there */
} Mapping;

static void
map_box (const Mapping *m,
         int            left,
         int            top,
         int            right,
         int            bottom,
         AgRect        *rect)
{
  int x, y, w, h;

  left += m->offset_x, right += m->offset_x;
  top += m->offset_y, bottom += m->offset_y;
  x = left, y = top, w = right - left, h = bottom - top;

  if (m->column_skew != 0)
    {
      /* pixRotate() turned the image clockwise about its centre. */
      double a = m->column_skew * G_PI / 180.0;
      double cx = m->seen_width / 2.0, cy = m->seen_height / 2.0;
      double xs[2] = { left, right }, ys[2] = { top, bottom };
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
          {
            double u = (xs[i] - cx) * cos (a) + (ys[j] - cy) * sin (a) + cx;
            double v = -(xs[i] - cx) * sin (a) + (ys[j] - cy) * cos (a) + cy;

            x0 = MIN (x0, u), x1 = MAX (x1, u);
            y0 = MIN (y0, v), y1 = MAX (y1, v);
          }
      x = (int) floor (x0);
      y = (int) floor (y0);
      w = (int) ceil (x1) - x;
      h = (int) ceil (y1) - y;
    }
  else if (m->rotate_cw != 0)
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

  if (!_ag_tess_api->PageIteratorBoundingBox (iter, level, &left, &top, &right, &bottom))
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
  TessResultIterator *it = _ag_tess_api->BaseAPIGetIterator (api);
  TessPageIterator *pit;
  AgBlock *block = NULL;
  AgLine *line = NULL;

  if (it == NULL)
    return;

  pit = _ag_tess_api->ResultIteratorGetPageIterator (it);
  _ag_tess_api->PageIteratorBegin (pit);

  do
    {
      char *text;
      AgRect box;

      if (block == NULL || _ag_tess_api->PageIteratorIsAtBeginningOf (pit, RIL_PARA))
        {
          TessOrientation orientation;
          TessWritingDirection direction;
          TessTextlineOrder order;
          float deskew;

          block = ag_block_new (region);
          iterator_box (pit, RIL_PARA, mapping, &block->box);
          _ag_tess_api->PageIteratorOrientation (pit, &orientation, &direction, &order, &deskew);
          block->vertical = vertical || direction == WRITING_DIRECTION_TOP_TO_BOTTOM;
          g_ptr_array_add (page->blocks, block);
          line = NULL;
        }

      if (line == NULL || _ag_tess_api->PageIteratorIsAtBeginningOf (pit, RIL_TEXTLINE))
        {
          line = ag_line_new ();
          iterator_box (pit, RIL_TEXTLINE, mapping, &line->box);
          g_ptr_array_add (block->lines, line);
        }

      text = _ag_tess_api->ResultIteratorGetUTF8Text (it, RIL_WORD);
      if (text != NULL && *g_strstrip (text) != '\0' &&
          iterator_box (pit, RIL_WORD, mapping, &box))
        g_ptr_array_add (line->words,
                         ag_word_new (text, &box, _ag_tess_api->ResultIteratorConfidence (it, RIL_WORD)));
      _ag_tess_api->DeleteText (text);
    }
  while (_ag_tess_api->ResultIteratorNext (it, RIL_WORD));

  _ag_tess_api->ResultIteratorDelete (it);

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

      osd = _ag_tess_api->BaseAPICreate ();
      if (_ag_tess_api->BaseAPIInit3 (osd, dirs[i], "osd") == 0)
        {
          tess->osd = osd;
          break;
        }
      _ag_tess_api->BaseAPIDelete (osd);
    }

  return tess->osd;
}

static gboolean
read_image (TessBaseAPI       *api,
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

  _ag_tess_api->BaseAPISetPageSegMode (api, mode);
  _ag_tess_api->BaseAPISetImage2 (api, image);
  if (dpi > 0)
    _ag_tess_api->BaseAPISetSourceResolution (api, (int) lround (dpi));

  monitor->monitor = _ag_tess_api->MonitorCreate ();
  monitor->last_progress = -1;
  _ag_tess_api->MonitorSetCancelFunc (monitor->monitor, monitor_cancel_cb);
  _ag_tess_api->MonitorSetCancelThis (monitor->monitor, monitor);

  rc = _ag_tess_api->BaseAPIRecognize (api, monitor->monitor);
  _ag_tess_api->MonitorDelete (monitor->monitor);
  monitor->monitor = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      _ag_tess_api->BaseAPIClear (api);
      return FALSE;
    }

  if (rc != 0)
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_FAILED,
                   _("Tesseract could not read this page. Try another language or a "
                     "clearer image."));
      _ag_tess_api->BaseAPIClear (api);
      return FALSE;
    }

  collect_results (api, mapping, region, vertical, page);
  _ag_tess_api->BaseAPIClear (api);
  return TRUE;
}

/* "chi_tra_vert+eng" → "chi_tra+eng", or with @only_vertical "chi_tra";
 * NULL without a vertical model. */
static char *
dup_horizontal_languages (const char *languages,
                          gboolean    only_vertical)
{
  g_auto(GStrv) codes = g_strsplit (languages, "+", -1);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  gboolean changed = FALSE;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      char *code = codes[i];
      gboolean seen = FALSE;

      if (g_str_has_suffix (code, "_vert"))
        {
          code[strlen (code) - strlen ("_vert")] = '\0';
          changed = TRUE;
        }
      else if (only_vertical)
        continue;
      for (guint j = 0; j < wanted->len; j++)
        seen |= g_strcmp0 (g_ptr_array_index (wanted, j), code) == 0;
      if (!seen && *code != '\0')
        g_ptr_array_add (wanted, g_strdup (code));
    }

  if (!changed || wanted->len == 0)
    return NULL;

  g_ptr_array_add (wanted, NULL);
  return g_strjoinv ("+", (char **) wanted->pdata);
}

static TessBaseAPI *
load_api (const char *languages)
{
  g_autofree char *datapath = NULL;
  TessBaseAPI *api;
  gint64 started;

  datapath = _ag_languages_dup_datapath (languages, NULL);
  if (datapath == NULL)
    {
      g_debug ("No %s to read vertical text with", languages);
      return NULL;
    }

  started = g_get_monotonic_time ();
  api = _ag_tess_api->BaseAPICreate ();
  if (_ag_tess_api->BaseAPIInit3 (api, datapath, languages) != 0)
    {
      _ag_tess_api->BaseAPIDelete (api);
      return NULL;
    }
  g_debug ("Loaded %s for vertical text in %.1f ms", languages,
           (g_get_monotonic_time () - started) / 1000.0);

  return api;
}

/* The horizontal models that match the vertical ones among the
 * languages (chi_sim for chi_sim_vert), alone: they read the columns set
 * as lines.  With another language beside them (chi_sim+eng) the LSTM
 * took whole runs of Chinese for English.  Loaded once; NULL if they are
 * not installed. */
static TessBaseAPI *
get_columns_api (AgTess *tess)
{
  g_autofree char *languages = NULL;

  if (tess->columns_tried)
    return tess->columns;
  tess->columns_tried = TRUE;

  languages = dup_horizontal_languages (tess->languages, TRUE);
  if (languages != NULL)
    tess->columns = load_api (languages);
  return tess->columns;
}

/* The same with the other languages chosen: for pages of horizontal
 * text.  The same handle when there are none. */
static TessBaseAPI *
get_horizontal (AgTess *tess)
{
  g_autofree char *languages = NULL;
  g_autofree char *columns_languages = NULL;

  if (tess->horizontal_tried)
    return tess->horizontal;
  tess->horizontal_tried = TRUE;

  languages = dup_horizontal_languages (tess->languages, FALSE);
  columns_languages = dup_horizontal_languages (tess->languages, TRUE);
  if (languages == NULL)
    return NULL;
  if (g_strcmp0 (languages, columns_languages) == 0)
    tess->horizontal = get_columns_api (tess);
  else
    tess->horizontal = load_api (languages);
  return tess->horizontal;
}

/* Tesseract's horizontal models read characters of about this height
 * best (measured on the corpus's vertical pages). */
#define COLUMN_CHAR_HEIGHT 30.0
/* Words read from a column below this confidence may be Latin set on its
 * side; read again upright, they are kept if they score at least the
 * second and more than before by the third.  (The Chinese models are
 * not sure of Latin: "2024" and "Tesseract" read right at 47 and 51,
 * where the nonsense read before scored 14-17.) */
#define SIDEWAYS_CONFIDENCE      55.0
#define SIDEWAYS_MIN_CONFIDENCE  40.0
#define SIDEWAYS_BETTER_BY       20.0
/* Column readings score 85-92 on the corpus's vertical pages, one
 * vertical block 70-87; below this a column reading is doubted. */
#define COLUMNS_POOR_CONFIDENCE 70.0
/* One column reading below this is checked against the column read as a
 * vertical block. */
#define COLUMN_POOR_CONFIDENCE 60.0

static void
union_pixels (int *x,
              int *y,
              int *w,
              int *h,
              int  x2,
              int  y2,
              int  w2,
              int  h2)
{
  int right, bottom;

  if (*w <= 0 || *h <= 0)
    {
      *x = x2, *y = y2, *w = w2, *h = h2;
      return;
    }

  right = MAX (*x + *w, x2 + w2);
  bottom = MAX (*y + *h, y2 + h2);
  *x = MIN (*x, x2);
  *y = MIN (*y, y2);
  *w = right - *x;
  *h = bottom - *y;
}

typedef struct
{
  char  *text;
  int    left, right;          /* on the line that was read */
  float  confidence;
  int    x, y, width, height;  /* its characters on the page; no width if none */
} LineWord;

static void
clear_line_word (gpointer data)
{
  g_free (((LineWord *) data)->text);
}

static GArray *
collect_line_words (TessBaseAPI *api)
{
  GArray *words = g_array_new (FALSE, TRUE, sizeof (LineWord));
  TessResultIterator *it = _ag_tess_api->BaseAPIGetIterator (api);
  TessPageIterator *pit;

  g_array_set_clear_func (words, clear_line_word);
  if (it == NULL)
    return words;

  pit = _ag_tess_api->ResultIteratorGetPageIterator (it);
  _ag_tess_api->PageIteratorBegin (pit);
  do
    {
      char *text = _ag_tess_api->ResultIteratorGetUTF8Text (it, RIL_WORD);
      int top, bottom;
      LineWord word = { 0 };

      if (text != NULL && *g_strstrip (text) != '\0' &&
          _ag_tess_api->PageIteratorBoundingBox (pit, RIL_WORD, &word.left, &top, &word.right, &bottom))
        {
          word.text = g_strdup (text);
          word.confidence = _ag_tess_api->ResultIteratorConfidence (it, RIL_WORD);
          g_array_append_val (words, word);
        }
      _ag_tess_api->DeleteText (text);
    }
  while (_ag_tess_api->ResultIteratorNext (it, RIL_WORD));

  _ag_tess_api->ResultIteratorDelete (it);
  return words;
}

static double
mean_confidence (GArray *words,
                 guint   start,
                 guint   end)
{
  double sum = 0;

  for (guint i = start; i < end; i++)
    sum += g_array_index (words, LineWord, i).confidence;
  return end > start ? sum / (end - start) : 0;
}

/* Gives the words read from a column's line the boxes of the characters
 * they were read from. */
static void
place_words (GArray   *words,
             AgColumn *column)
{
  guint n_characters = 0;

  for (guint i = 0; i < words->len; i++)
    n_characters += g_utf8_strlen (g_array_index (words, LineWord, i).text, -1);

  for (guint i = 0, next_cell = 0; i < words->len; i++)
    {
      LineWord *word = &g_array_index (words, LineWord, i);
      int left = word->left, right = word->right;

      /* As many characters read as there are in the column: one a
       * character, in order. */
      if (n_characters == column->cells->len)
        {
          glong n = g_utf8_strlen (word->text, -1);

          for (glong c = 0; c < n; c++, next_cell++)
            {
              AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, next_cell);

              union_pixels (&word->x, &word->y, &word->width, &word->height,
                            cell->x, cell->y, cell->width, cell->height);
            }
          continue;
        }

      /* Otherwise by place.  The model's word boxes are loose and
       * overlap: each word ends where the next begins.  Its characters
       * are those whose slot's middle it covers, at least the nearest
       * one. */
      if (i + 1 < words->len)
        right = MIN (right, g_array_index (words, LineWord, i + 1).left);
      if (i > 0)
        left = MAX (left, MIN (g_array_index (words, LineWord, i - 1).right,
                               word->left + (word->right - word->left) / 2));

      for (guint k = 0; k < column->cells->len; k++)
        {
          AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, k);
          int middle = cell->slot_x + cell->slot_width / 2;

          if (middle >= left && middle < right)
            union_pixels (&word->x, &word->y, &word->width, &word->height,
                          cell->x, cell->y, cell->width, cell->height);
        }
      if (word->width == 0)
        {
          int k = ag_columns_find_cell (column, (word->left + word->right) / 2);

          if (k >= 0)
            union_pixels (&word->x, &word->y, &word->width, &word->height,
                          g_array_index (column->cells, AgColumnCell, k).x,
                          g_array_index (column->cells, AgColumnCell, k).y,
                          g_array_index (column->cells, AgColumnCell, k).width,
                          g_array_index (column->cells, AgColumnCell, k).height);
        }
    }
}

/* Reads words @start to @end of @column again from the page, turned a
 * quarter counter-clockwise; returns what was read, with boxes on the
 * page, and its mean confidence. */
static GArray *
read_turned (TessBaseAPI *api,
             PIX         *image,
             AgColumn    *column,
             GArray      *words,
             guint        start,
             guint        end,
             double      *confidence)
{
  GArray *again = NULL;
  PIX *strip, *turned;
  BOX *box, *clipped = NULL;
  int top = G_MAXINT, bottom = 0, pad = (int) (column->char_size / 4);
  int above = G_MININT, below = G_MAXINT;
  l_int32 bx, by, bw, bh;

  *confidence = 0;
  for (guint k = start; k < end; k++)
    {
      LineWord *word = &g_array_index (words, LineWord, k);

      top = MIN (top, word->y);
      bottom = MAX (bottom, word->y + word->height);
    }

  /* A margin, but nothing of the characters before and after. */
  for (guint k = 0; k < column->cells->len; k++)
    {
      AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, k);

      if (cell->y + cell->height <= top)
        above = MAX (above, cell->y + cell->height);
      else if (cell->y >= bottom)
        below = MIN (below, cell->y);
    }
  top = MAX (top - pad, above + 1);
  bottom = MIN (bottom + pad, below - 1);
  if (bottom <= top)
    return NULL;

  box = boxCreate (column->x - pad, top, column->width + 2 * pad, bottom - top);
  strip = pixClipRectangle (image, box, &clipped);
  boxDestroy (&box);
  if (strip == NULL || clipped == NULL)
    {
      pixDestroy (&strip);
      boxDestroy (&clipped);
      return NULL;
    }
  boxGetGeometry (clipped, &bx, &by, &bw, &bh);
  boxDestroy (&clipped);

  turned = pixRotate90 (strip, -1);
  pixDestroy (&strip);
  pixSetResolution (turned, 300, 300);
  _ag_tess_api->BaseAPISetImage2 (api, turned);
  _ag_tess_api->BaseAPISetSourceResolution (api, 300);
  if (_ag_tess_api->BaseAPIRecognize (api, NULL) == 0)
    again = collect_line_words (api);
  _ag_tess_api->BaseAPIClear (api);
  pixDestroy (&turned);
  if (again == NULL)
    return NULL;

  /* Turned back: along the line is down the column. */
  for (guint k = 0; k < again->len; k++)
    {
      LineWord *word = &g_array_index (again, LineWord, k);

      word->x = bx;
      word->width = bw;
      word->y = by + CLAMP (word->left, 0, bh);
      word->height = MAX (1, MIN (word->right, bh) - CLAMP (word->left, 0, bh));
    }

  *confidence = mean_confidence (again, 0, again->len);
  return again;
}

/* Only Latin letters and digits are set on their side in vertical text:
 * a reading with Chinese in it, or a letter alone (a full stop read as
 * "o"), is no such word. */
static gboolean
looks_latin (GArray *words)
{
  guint n_alnum = 0;

  for (guint i = 0; i < words->len; i++)
    for (const char *p = g_array_index (words, LineWord, i).text; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (ag_text_is_cjk (c))
          return FALSE;
        n_alnum += c < 128 && g_ascii_isalnum (c);
      }

  return n_alnum >= 2;
}

/* Latin words and numbers in vertical text are set on their side, turned
 * a quarter clockwise, and cut into characters they come out as nonsense
 * with a poor confidence.  Such a run of words is read again from the
 * page, turned upright, and kept if that reads much better.  (Trying the
 * run with a neighbouring word too, in case a piece of the Latin word
 * went with it, read the Latin better and the neighbour worse.) */
static void
read_sideways (TessBaseAPI *api,
               PIX         *image,
               AgColumn    *column,
               GArray      *words)
{
  for (guint i = 0; i < words->len;)
    {
      g_autoptr(GArray) again = NULL;
      guint end = i;
      double before, after = 0;

      while (end < words->len &&
             g_array_index (words, LineWord, end).confidence < SIDEWAYS_CONFIDENCE &&
             g_array_index (words, LineWord, end).width > 0)
        end++;
      if (end == i)
        {
          i++;
          continue;
        }

      before = mean_confidence (words, i, end);
      again = read_turned (api, image, column, words, i, end, &after);
      g_debug ("Read %u words on their side again: confidence %.1f instead of %.1f",
               end - i, after, before);
      if (again == NULL || !looks_latin (again) ||
          after < SIDEWAYS_MIN_CONFIDENCE || after < before + SIDEWAYS_BETTER_BY)
        {
          i = end;
          continue;
        }

      g_array_remove_range (words, i, end - i);
      g_array_insert_vals (words, i, again->data, again->len);
      i += again->len;
      /* The texts now belong to @words. */
      g_array_set_clear_func (again, NULL);
    }
}

/* Corner brackets, the quotation marks of vertical text (「」『』), and
 * the other brackets are set turned a quarter; upright in a line, they
 * are read as 一.  A 一 too tall for one is read again turned back. */
static void
read_brackets (TessBaseAPI *api,
               PIX         *image,
               AgColumn    *column,
               GArray      *words)
{
  /* What a bracket reads as, turned back, and what it is. */
  static const char *brackets[][2] = {
    { "「", "「" }, { "」", "」" }, { "『", "『" }, { "』", "』" }, { "[", "「" }, { "]", "」" },
    { "（", "（" }, { "）", "）" }, { "(", "（" }, { ")", "）" }, { "《", "《" }, { "》", "》" },
    { "〈", "〈" }, { "〉", "〉" }, { "【", "【" }, { "】", "】" }, { "〔", "〔" }, { "〕", "〕" },
  };

  for (guint i = 0; i < words->len; i++)
    {
      LineWord *word = &g_array_index (words, LineWord, i);
      g_autoptr(GArray) again = NULL;
      double confidence;

      if ((g_strcmp0 (word->text, "一") != 0 && g_strcmp0 (word->text, "-") != 0 &&
           g_strcmp0 (word->text, "—") != 0) ||
          word->width == 0 || word->height < 0.25 * column->char_size)
        continue;

      again = read_turned (api, image, column, words, i, i + 1, &confidence);
      if (again == NULL || again->len != 1)
        continue;
      g_debug ("A tall %s read again turned: %s", word->text, g_array_index (again, LineWord, 0).text);
      for (guint b = 0; b < G_N_ELEMENTS (brackets); b++)
        if (g_strcmp0 (g_array_index (again, LineWord, 0).text, brackets[b][0]) == 0)
          {
            g_free (word->text);
            word->text = g_strdup (brackets[b][1]);
            break;
          }
    }
}

/* Reads the line one column became on @lines; its words get the boxes of
 * the characters they were read from. */
static AgLine *
read_column (TessBaseAPI   *api,
             PIX           *image,
             AgColumn      *column,
             const Mapping *mapping)
{
  g_autoptr(GArray) words = collect_line_words (api);
  AgLine *line = ag_line_new ();
  int lx = 0, ly = 0, lw = 0, lh = 0;

  for (guint k = 0; k < column->cells->len; k++)
    {
      AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, k);

      union_pixels (&lx, &ly, &lw, &lh, cell->x, cell->y, cell->width, cell->height);
    }
  map_box (mapping, lx, ly, lx + lw, ly + lh, &line->box);

  place_words (words, column);
  read_sideways (api, image, column, words);
  read_brackets (api, image, column, words);

  for (guint i = 0; i < words->len; i++)
    {
      LineWord *word = &g_array_index (words, LineWord, i);
      AgRect box;

      if (word->width == 0)
        continue;
      map_box (mapping, word->x, word->y, word->x + word->width, word->y + word->height, &box);
      g_ptr_array_add (line->words, ag_word_new (word->text, &box, word->confidence));
    }

  return line;
}

static double
line_confidence (AgLine *line)
{
  double sum = 0;

  for (guint i = 0; i < line->words->len; i++)
    sum += ((AgWord *) g_ptr_array_index (line->words, i))->confidence;
  return line->words->len > 0 ? sum / line->words->len : -1;
}

/* Recognises @pix with @api in @mode, cancellable. */
static int
recognize_pix (TessBaseAPI     *api,
               PIX             *pix,
               TessPageSegMode  mode,
               GCancellable    *cancellable)
{
  Monitor monitor = { 0 };
  int rc;

  _ag_tess_api->BaseAPISetPageSegMode (api, mode);
  pixSetResolution (pix, 300, 300);
  _ag_tess_api->BaseAPISetImage2 (api, pix);
  _ag_tess_api->BaseAPISetSourceResolution (api, 300);

  /* Progress is counted in columns, not within each line. */
  monitor.cancellable = cancellable;
  monitor.monitor = _ag_tess_api->MonitorCreate ();
  _ag_tess_api->MonitorSetCancelFunc (monitor.monitor, monitor_cancel_cb);
  _ag_tess_api->MonitorSetCancelThis (monitor.monitor, &monitor);
  rc = _ag_tess_api->BaseAPIRecognize (api, monitor.monitor);
  _ag_tess_api->MonitorDelete (monitor.monitor);

  return rc;
}

/* One column read as Tesseract reads a vertical block, with the vertical
 * models: for a column whose line came out empty or poor. */
static AgLine *
read_column_vertically (TessBaseAPI   *api,
                        PIX           *image,
                        AgColumn      *column,
                        const Mapping *mapping,
                        int            region,
                        GCancellable  *cancellable)
{
  g_autoptr(AgRecognitionPage) page = ag_recognition_page_new (0, 1, 1, 0, AG_RECOGNITION_SOURCE_OCR);
  int pad = (int) (column->char_size / 2);
  Mapping strip_mapping = *mapping;
  AgLine *line = ag_line_new ();
  BOX *box, *clipped = NULL;
  PIX *strip;
  l_int32 x, y, w, h;

  map_box (mapping, column->x, column->y, column->x + column->width, column->y + column->height,
           &line->box);

  box = boxCreate (column->x - pad, column->y - pad, column->width + 2 * pad, column->height + 2 * pad);
  strip = pixClipRectangle (image, box, &clipped);
  boxDestroy (&box);
  if (strip == NULL || clipped == NULL)
    {
      pixDestroy (&strip);
      boxDestroy (&clipped);
      return line;
    }
  boxGetGeometry (clipped, &x, &y, &w, &h);
  boxDestroy (&clipped);
  strip_mapping.offset_x = x;
  strip_mapping.offset_y = y;

  if (recognize_pix (api, strip, PSM_SINGLE_BLOCK_VERT_TEXT, cancellable) == 0)
    collect_results (api, &strip_mapping, region, TRUE, page);
  _ag_tess_api->BaseAPIClear (api);
  pixDestroy (&strip);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *one = g_ptr_array_index (block->lines, l);

          while (one->words->len > 0)
            g_ptr_array_add (line->words, g_ptr_array_steal_index (one->words, 0));
        }
    }
  return line;
}

/* Vertical text taken apart into columns and characters and set again as
 * horizontal lines (see ag-columns.c), read with the horizontal models:
 * one line a column, right to left.  A column whose line comes out empty
 * is read again as a raw line; one that comes out poor, with @vertical
 * (the vertical models) as a block, and the surer reading kept. */
static gboolean
read_columns (TessBaseAPI       *api,
              TessBaseAPI       *vertical,
              PIX               *image,
              GPtrArray         *columns,
              const Mapping     *mapping,
              int                region,
              AgRecognitionPage *page,
              Monitor           *monitor,
              GCancellable      *cancellable,
              GError           **error)
{
  PIX *lines = ag_columns_compose (image, columns, COLUMN_CHAR_HEIGHT);
  AgBlock *block = NULL;
  int bx = 0, by = 0, bw = 0, bh = 0;

  if (lines == NULL)
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_FAILED,
                   _("Tesseract could not read this page. Try another language or a "
                     "clearer image."));
      return FALSE;
    }

  for (guint i = 0; i < columns->len; i++)
    {
      AgColumn *column = g_ptr_array_index (columns, i);
      AgLine *line = NULL;
      PIX *band;

      if (block == NULL || column->starts_paragraph)
        {
          if (block != NULL)
            map_box (mapping, bx, by, bx + bw, by + bh, &block->box);
          block = ag_block_new (region);
          block->vertical = TRUE;
          g_ptr_array_add (page->blocks, block);
          bw = bh = 0;
        }
      union_pixels (&bx, &by, &bw, &bh, column->x, column->y, column->width, column->height);

      /* Each line cut out and read alone: Tesseract 5.3 reads the wrong
       * line of a taller image given a rectangle in single-line mode. */
      band = clip_pix (lines, 0, column->band_y, column->line_width, column->band_height);
      if (band == NULL)
        continue;

      if (recognize_pix (api, band, PSM_SINGLE_LINE, cancellable) == 0)
        line = read_column (api, image, column, mapping);
      /* A short line (four characters, two of them brackets) can be
       * found empty in single-line mode and not as a raw line. */
      if (line == NULL || line->words->len == 0)
        {
          g_clear_pointer (&line, ag_line_free);
          if (recognize_pix (api, band, PSM_RAW_LINE, cancellable) == 0)
            line = read_column (api, image, column, mapping);
        }
      _ag_tess_api->BaseAPIClear (api);
      pixDestroy (&band);

      if (line == NULL)
        line = ag_line_new ();
      if (vertical != NULL && line_confidence (line) < COLUMN_POOR_CONFIDENCE &&
          !g_cancellable_is_cancelled (cancellable))
        {
          AgLine *other = read_column_vertically (vertical, image, column, mapping, region,
                                                  cancellable);

          g_debug ("Column %u read as a vertical block: confidence %.1f instead of %.1f",
                   i, line_confidence (other), line_confidence (line));
          if (line_confidence (other) > line_confidence (line))
            {
              ag_line_free (line);
              line = other;
            }
          else
            ag_line_free (other);
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_clear_pointer (&line, ag_line_free);
          pixDestroy (&lines);
          return FALSE;
        }

      if (line != NULL && line->words->len > 0)
        g_ptr_array_add (block->lines, line);
      else
        g_clear_pointer (&line, ag_line_free);

      if (monitor->progress != NULL)
        monitor->progress ((i + 1.0) / columns->len, monitor->progress_data);
    }
  if (block != NULL)
    map_box (mapping, bx, by, bx + bw, by + bh, &block->box);

  for (guint b = page->blocks->len; b > 0; b--)
    {
      AgBlock *candidate = g_ptr_array_index (page->blocks, b - 1);

      if (candidate->lines->len == 0)
        g_ptr_array_remove_index (page->blocks, b - 1);
    }

  pixDestroy (&lines);
  return TRUE;
}

/* Moves every element of @from, in order, to the end of @to. */
static void
steal_all (GPtrArray *from,
           GPtrArray *to)
{
  while (from->len > 0)
    g_ptr_array_add (to, g_ptr_array_steal_index (from, 0));
}

static void
move_blocks (AgRecognitionPage *from,
             AgRecognitionPage *to)
{
  steal_all (from->blocks, to->blocks);
}

/* Reading a page in two parts at once ----------------------------------
 *
 * A page of plain lines is cut in two through white space (ag-split.c);
 * this thread reads the upper part and another thread the lower one with
 * a second handle of the same languages, each in the coordinates of the
 * image seen, so that the two can be put together again as one reading:
 * a paragraph the cut went through is joined, and the boxes are mapped
 * to the page as if it had been read whole.
 */

typedef struct
{
  TessBaseAPI       *api;
  PIX               *image;
  double             dpi;
  Mapping            mapping;
  int                region;
  AgRecognitionPage *page;
  Monitor            monitor;
  GError            *error;
  gboolean           ok;
} Part;

static gpointer
read_part_thread (gpointer data)
{
  Part *part = data;
  gint64 started = g_get_monotonic_time ();

  part->ok = read_image (part->api, part->image, part->dpi, PSM_AUTO, &part->mapping,
                         part->region, FALSE, part->page, &part->monitor,
                         part->monitor.cancellable, &part->error);
  g_debug ("Read the lower part in %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
  return NULL;
}

typedef struct
{
  int x, y, width, height;
} Pixels;

static Pixels
to_pixels (const AgRect *rect,
           int           width,
           int           height)
{
  Pixels p;

  ag_rect_to_pixels (rect, width, height, &p.x, &p.y, &p.width, &p.height);
  return p;
}

static void
join_blocks (AgBlock *into,
             AgBlock *from)
{
  steal_all (from->lines, into->lines);
  ag_rect_union (&into->box, &from->box);
}

/* Tesseract, given a part of a few lines, now and then makes two blocks of
 * one line ("本" and "次会议…"): a block whose first line carries on the
 * row of the last line of the block before, close behind it, joins it. */
static void
join_broken_lines (AgRecognitionPage *part,
                   int                width,
                   int                height,
                   int                line_height)
{
  for (guint b = 1; b < part->blocks->len;)
    {
      AgBlock *before = g_ptr_array_index (part->blocks, b - 1);
      AgBlock *block = g_ptr_array_index (part->blocks, b);
      AgLine *last, *first;
      Pixels l, f;
      int overlap;

      if (before->lines->len == 0 || block->lines->len == 0)
        {
          b++;
          continue;
        }
      last = g_ptr_array_index (before->lines, before->lines->len - 1);
      first = g_ptr_array_index (block->lines, 0);
      l = to_pixels (&last->box, width, height);
      f = to_pixels (&first->box, width, height);
      overlap = MIN (l.y + l.height, f.y + f.height) - MAX (l.y, f.y);

      if (overlap < MIN (l.height, f.height) / 2 ||
          f.x < l.x + l.width - line_height / 2 ||
          f.x > l.x + l.width + 2 * line_height)
        {
          b++;
          continue;
        }

      g_debug ("Joining a line broken in two blocks");
      steal_all (first->words, last->words);
      ag_rect_union (&last->box, &first->box);
      g_ptr_array_remove_index (block->lines, 0);
      join_blocks (before, block);
      g_ptr_array_remove_index (part->blocks, b);
    }
}

/* Whether @next, the first block below a cut inside a paragraph, goes on
 * with the paragraph of @before: not if its first line is indented, nor
 * if the line before ended well short of the block's right edge, with
 * room left for the next line's first word. */
static gboolean
continues_paragraph (AgBlock *before,
                     AgBlock *next,
                     int      width,
                     int      height,
                     int      line_height)
{
  AgLine *last, *first;
  AgWord *word;
  Pixels block, l, f, w;

  if (before->lines->len == 0 || next->lines->len == 0)
    return FALSE;

  last = g_ptr_array_index (before->lines, before->lines->len - 1);
  first = g_ptr_array_index (next->lines, 0);
  if (first->words->len == 0)
    return FALSE;
  word = g_ptr_array_index (first->words, 0);
  block = to_pixels (&before->box, width, height);
  l = to_pixels (&last->box, width, height);
  f = to_pixels (&first->box, width, height);
  w = to_pixels (&word->box, width, height);

  if (f.x - block.x >= line_height)
    return FALSE;

  {
    int room = block.x + block.width - (l.x + l.width);

    if (room > w.width + line_height / 2 && room > block.width / 3)
      return FALSE;
  }

  return TRUE;
}

/* From fractions of the image seen to fractions of the page. */
static void
map_rect (const Mapping *mapping,
          int            width,
          int            height,
          AgRect        *rect)
{
  Pixels p = to_pixels (rect, width, height);

  map_box (mapping, p.x, p.y, p.x + p.width, p.y + p.height, rect);
}

static void
map_blocks (AgRecognitionPage *part,
            const Mapping     *mapping,
            int                width,
            int                height)
{
  for (guint b = 0; b < part->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (part->blocks, b);

      map_rect (mapping, width, height, &block->box);
      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          map_rect (mapping, width, height, &line->box);
          for (guint w = 0; w < line->words->len; w++)
            map_rect (mapping, width, height, &((AgWord *) g_ptr_array_index (line->words, w))->box);
        }
    }
}

static gboolean
read_image_halves (TessBaseAPI       *api,
                   TessBaseAPI       *twin,
                   PIX               *image,
                   double             dpi,
                   const AgSplit     *split,
                   const Mapping     *mapping,
                   int                region,
                   AgRecognitionPage *page,
                   Monitor           *monitor,
                   GCancellable      *cancellable,
                   GError           **error)
{
  int width = pixGetWidth (image), height = pixGetHeight (image);
  g_autoptr(AgRecognitionPage) upper = NULL;
  g_autoptr(AgRecognitionPage) lower_page = NULL;
  Mapping seen = { 0 };
  Part lower = { 0 };
  PIX *top;
  GThread *thread;
  gboolean ok;

  g_debug ("Reading %dx%d in two parts at once, cut at row %d", width, height, split->y);

  /* Both parts in the coordinates of @image. */
  seen.report.scale = 1.0;
  seen.seen_width = width;
  seen.seen_height = height;
  seen.page_width = width;
  seen.page_height = height;

  upper = ag_recognition_page_new (page->index, width, height, dpi, page->source);
  lower_page = ag_recognition_page_new (page->index, width, height, dpi, page->source);

  lower.image = clip_pix (image, 0, split->y, width, height - split->y);
  top = clip_pix (image, 0, 0, width, split->y);
  if (lower.image == NULL || top == NULL)
    {
      pixDestroy (&lower.image);
      pixDestroy (&top);
      return read_image (api, image, dpi, PSM_AUTO, mapping, region, FALSE, page, monitor,
                         cancellable, error);
    }
  pixCopyResolution (lower.image, image);
  pixCopyResolution (top, image);

  lower.api = twin;
  lower.dpi = dpi;
  lower.mapping = seen;
  lower.mapping.offset_y = split->y;
  lower.region = region;
  lower.page = lower_page;
  lower.monitor.cancellable = cancellable;
  thread = g_thread_new ("airgap-lower", read_part_thread, &lower);

  ok = read_image (api, top, dpi, PSM_AUTO, &seen, region, FALSE, upper, monitor, cancellable,
                   error);
  g_thread_join (thread);
  pixDestroy (&top);
  pixDestroy (&lower.image);

  if (!ok)
    {
      g_clear_error (&lower.error);
      return FALSE;
    }
  if (!lower.ok)
    {
      g_propagate_error (error, lower.error);
      return FALSE;
    }

  join_broken_lines (upper, width, height, split->line_height);
  join_broken_lines (lower_page, width, height, split->line_height);

  if (split->in_paragraph && upper->blocks->len > 0 && lower_page->blocks->len > 0)
    {
      AgBlock *before = g_ptr_array_index (upper->blocks, upper->blocks->len - 1);
      AgBlock *next = g_ptr_array_index (lower_page->blocks, 0);

      if (continues_paragraph (before, next, width, height, split->line_height))
        {
          join_blocks (before, next);
          g_ptr_array_remove_index (lower_page->blocks, 0);
        }
    }

  map_blocks (upper, mapping, width, height);
  map_blocks (lower_page, mapping, width, height);
  move_blocks (upper, page);
  move_blocks (lower_page, page);

  return TRUE;
}

/**
 * _ag_tess_recognize:
 * @twin: (nullable): a second handle of the same languages, free for this
 *   call: a page of plain lines is then read in two parts at once
 * @page_pix: the whole page
 * @dpi: its resolution, 0 if unknown
 * @rect: (nullable): the part of the page to read, %NULL for all of it
 * @region: the index of @rect among the user's regions, -1 for none
 * @vertical: read @rect as one block of vertical text
 * @page: where the blocks found are appended, boxes in fractions of
 *   @page_pix
 *
 * Reads one page or one region of it, as the tesseract command line
 * would (automatic page segmentation), with exceptions that only make a
 * reading better: text in columns, when a vertical model is among the
 * languages, is read as vertical text (taken apart into columns and set
 * as lines for the horizontal models, see ag-columns.c, or else in
 * Tesseract's vertical block mode), and other text then with the
 * horizontal models; and a poor reading makes Airgap ask Tesseract
 * whether the page is on its side, and read it again turned upright if
 * so.
 */
gboolean
_ag_tess_recognize (AgTess              *tess,
                    AgTess              *twin,
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
  g_autoptr(GPtrArray) columns = NULL;
  TessBaseAPI *horizontal = NULL;
  TessBaseAPI *reader = tess->api;
  PIX *straightened = NULL;
  Mapping straight = { 0 };
  PIX *crop = NULL;
  PIX *seen = NULL;
  TessPageSegMode mode = PSM_AUTO;
  AgSplit split = { 0 };
  double seen_dpi = 0;
  gint64 started;
  int x = 0, y = 0, w, h;
  gboolean ok;

  w = pixGetWidth (page_pix);
  h = pixGetHeight (page_pix);

  if (rect != NULL)
    {
      AgRect clamped = *rect;

      ag_rect_clamp (&clamped);
      ag_rect_to_pixels (&clamped, pixGetWidth (page_pix), pixGetHeight (page_pix), &x, &y, &w, &h);
      if (w < 1 || h < 1)
        return TRUE;

      crop = clip_pix (page_pix, x, y, w, h);
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
  if (vertical && (horizontal = get_columns_api (tess)) != NULL)
    {
      straight = mapping;
      columns = ag_columns_find (seen);
      /* Columns that lean run into each other; straightened, they may
       * be found. */
      if (columns == NULL &&
          (straightened = ag_columns_deskew (seen, &straight.column_skew)) != NULL)
        columns = ag_columns_find (straightened);
    }
  if (columns != NULL)
    {
      guint n_words;
      double confidence;

      ok = read_columns (horizontal, tess->api, straightened != NULL ? straightened : seen, columns,
                         &straight, region, first, &monitor, cancellable, error);
      confidence = ag_recognition_page_get_mean_confidence (first, &n_words);
      g_debug ("Read %u columns as lines (straightened by %.2f°): confidence %.1f",
               columns->len, straight.column_skew, confidence);

      /* Something that looked like columns and was not: read it as one
       * vertical block as well and keep the surer reading. */
      if (ok && (n_words == 0 || confidence < COLUMNS_POOR_CONFIDENCE))
        {
          g_autoptr(AgRecognitionPage) block = NULL;
          g_autoptr(GError) block_error = NULL;
          double block_confidence;
          gboolean block_ok;
          guint n_block;

          block = ag_recognition_page_new (page->index, page->width, page->height, page->dpi,
                                           page->source);
          block_ok = read_image (tess->api, seen, seen_dpi, mode, &mapping, region, vertical,
                                 block, &monitor, cancellable, &block_error);
          /* Only cancelling is an error here: the columns were read. */
          if (!block_ok && g_error_matches (block_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&block_error));
              ok = FALSE;
            }
          block_confidence = ag_recognition_page_get_mean_confidence (block, &n_block);
          g_debug ("Read as one vertical block: confidence %.1f", block_confidence);
          if (ok && block_ok && n_block > 0 && block_confidence > confidence)
            {
              g_clear_pointer (&first, ag_recognition_page_free);
              first = g_steal_pointer (&block);
            }
        }
    }
  else
    {
      /* Horizontal text is read with the horizontal models: the
       * vertical ones make nonsense of it. */
      if (!vertical && tess->has_vertical && (horizontal = get_horizontal (tess)) != NULL)
        reader = horizontal;
      /* Plain lines read with the languages as chosen: on two cores at
       * once when a second handle is free. */
      if (twin != NULL && reader == tess->api && !tess->has_vertical && !vertical &&
          mode == PSM_AUTO && ag_split_find (seen, &split))
        ok = read_image_halves (tess->api, twin->api, seen, seen_dpi, &split, &mapping, region,
                                first, &monitor, cancellable, error);
      else
        ok = read_image (reader, seen, seen_dpi, mode, &mapping, region, vertical, first,
                         &monitor, cancellable, error);

      /* Unless it was vertical text after all, which the columns test
       * missed (an unevenly lit photo read without preprocessing): a
       * poor reading is checked against the languages as chosen. */
      if (ok && reader != tess->api)
        {
          guint n_words;
          double confidence = ag_recognition_page_get_mean_confidence (first, &n_words);

          if (n_words == 0 || confidence < COLUMNS_POOR_CONFIDENCE)
            {
              g_autoptr(AgRecognitionPage) chosen = NULL;
              double chosen_confidence;
              guint n_chosen;

              chosen = ag_recognition_page_new (page->index, page->width, page->height, page->dpi,
                                                page->source);
              ok = read_image (tess->api, seen, seen_dpi, mode, &mapping, region, vertical,
                               chosen, &monitor, cancellable, error);
              chosen_confidence = ag_recognition_page_get_mean_confidence (chosen, &n_chosen);
              g_debug ("Read with %s: confidence %.1f instead of %.1f", tess->languages,
                       chosen_confidence, confidence);
              if (ok && n_chosen > 0 && chosen_confidence > confidence)
                {
                  g_clear_pointer (&first, ag_recognition_page_free);
                  first = g_steal_pointer (&chosen);
                  reader = tess->api;
                }
            }
        }
    }
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
          ok = read_image (reader, turned, seen_dpi, mode, &turned_mapping, region, vertical,
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

  pixDestroy (&straightened);
  pixDestroy (&seen);
  pixDestroy (&crop);

  return ok;
}
