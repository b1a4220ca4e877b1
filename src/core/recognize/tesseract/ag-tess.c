/* ag-tess.c — one Tesseract handle, driven through its C API
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Everything that reads with Tesseract is in this folder.  An AgTess is
 * a handle initialised for one set of languages; the engine keeps one per
 * worker thread and language set, warm, and never shares one between
 * threads.
 *
 * The settings are those of the `tesseract` command line, so that Airgap
 * is as fast and as accurate as it on the same image: the default engine
 * mode (LSTM), automatic page segmentation, and the image's own resolution
 * when it is known (otherwise Tesseract estimates it, as the command line
 * lets it do).
 *
 * This file holds the handle and one reading of a page; the rest of a
 * reading is in files of its own, around ag-tess-private.h:
 * ag-tess-pix.c (bitmaps to Leptonica images), ag-tess-collect.c (what
 * Tesseract found, to blocks, lines and words), ag-tess-vertical.c
 * (vertical text read column by column) and ag-tess-halves.c (a page read
 * in two parts at once).  ag-tess-import.c has Tesseract try a language
 * file before ag_languages_import() adds it.
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "recognize/ag-columns.h"
#include "recognize/ag-engine-error.h"
#include "recognize/ag-languages.h"
#include "recognize/ag-languages-private.h"
#include "recognize/ag-orient.h"
#include "recognize/ag-preprocess.h"
#include "recognize/ag-split.h"
#include "recognize/tesseract/ag-tess-private.h"

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
  AgTessOrientation orientation;  /* of the last page read */
  AgTessDoubtFunc doubt_func;     /* told of a doubtful reading */
  gpointer     doubt_data;
  AgTessIdleFunc idle_func;       /* told of a core left free */
  gpointer     idle_data;
  GThread     *ahead;             /* the orientation check, run ahead on a free core */
  AgTessPrepared *prepared;       /* the page preprocessed already, or NULL */
};

struct _AgTessPrepared
{
  PIX                *page;       /* the page it was made of (a reference) */
  gboolean            cjk;
  PIX                *seen;
  AgPreprocessReport  report;
};

/* Set by _ag_tess_set_stderr_quiet(): standard error goes nowhere. */
static gboolean stderr_quiet;

/* Tesseract writes its chatter ("Estimating resolution as 300") through a
 * process-wide parameter; send it nowhere, once, before any thread uses
 * Tesseract.  Airgap reports what matters as GErrors. */
void
_ag_tess_ensure_quiet (void)
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
  gint64 start;

  if (!_ag_tess_api_load (error))
    return NULL;
  datapath = _ag_languages_dup_datapath (languages, error);
  if (datapath == NULL)
    return NULL;

  _ag_tess_ensure_quiet ();

  g_debug ("Loading Tesseract for %s from %s", languages, datapath);
  start = g_get_monotonic_time ();
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

  g_debug ("Loaded Tesseract for %s in %.0f ms", languages, (g_get_monotonic_time () - start) / 1000.0);
  return tess;
}

/* The orientation check run ahead ------------------------------------
 *
 * A page read in one part while a second handle lies idle leaves a core
 * free.  The check of a doubtful reading (Tesseract's orientation and
 * script detection, with its own handle: 50–80 ms to load, 50–200 ms to
 * run) then starts on it at once, beside the reading, on a copy of the
 * page: when the reading turns out doubtful its result is there, or
 * nearly.  When it is not, nobody waits for it; the thread is joined the
 * next time the handle's detection is wanted, or when it is freed. */

static guint n_ahead_used;

/* Checks still running, which the process waits for as it exits: its
 * exit destroys Tesseract's global cache of dictionaries, which a check
 * loading its model may be using (AddressSanitizer saw the double free
 * after a test's last page). */
static GMutex ahead_lock;
static GCond ahead_ended;
static guint n_ahead_running;

static void
wait_for_ahead (void)
{
  g_mutex_lock (&ahead_lock);
  while (n_ahead_running > 0)
    g_cond_wait (&ahead_ended, &ahead_lock);
  g_mutex_unlock (&ahead_lock);
}

static TessBaseAPI *get_osd (AgTess *tess);

typedef struct
{
  AgTess            *tess;
  PIX               *page;
  AgTessOrientation  found;  /* (asked, detected, the turn and the script) */
} Ahead;

static gpointer
detect_ahead_thread (gpointer data)
{
  Ahead *ahead = data;
  TessBaseAPI *osd = get_osd (ahead->tess);
  gint64 start = g_get_monotonic_time ();

  ahead->found.asked = osd != NULL;
  if (osd != NULL)
    ahead->found.detected = _ag_orient_detect_script (osd, ahead->page, &ahead->found.turn_cw,
                                                      &ahead->found.confidence, &ahead->found.script,
                                                      &ahead->found.script_confidence);
  g_debug ("Orientation checked ahead in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  pixDestroy (&ahead->page);

  g_mutex_lock (&ahead_lock);
  n_ahead_running--;
  g_cond_broadcast (&ahead_ended);
  g_mutex_unlock (&ahead_lock);

  return ahead;
}

/* Starts the check of @seen on a thread of its own, unless one runs
 * still (for a page read before). */
static gboolean
start_ahead (AgTess *tess,
             PIX    *seen)
{
  Ahead *ahead;

  if (tess->ahead != NULL)
    return FALSE;

  ahead = g_new0 (Ahead, 1);
  ahead->tess = tess;
  /* (a copy: Leptonica's reference counts are not atomic) */
  ahead->page = pixCopy (NULL, seen);
  if (ahead->page == NULL)
    {
      g_free (ahead);
      return FALSE;
    }
  {
    static gsize registered = 0;

    if (g_once_init_enter (&registered))
      {
        atexit (wait_for_ahead);
        g_once_init_leave (&registered, 1);
      }
  }
  g_mutex_lock (&ahead_lock);
  n_ahead_running++;
  g_mutex_unlock (&ahead_lock);
  tess->ahead = g_thread_new ("airgap-orient", detect_ahead_thread, ahead);
  return TRUE;
}

/* Waits for the check run ahead, if any: its result, or %NULL. */
static Ahead *
settle_ahead (AgTess *tess)
{
  if (tess->ahead == NULL)
    return NULL;

  return g_thread_join (g_steal_pointer (&tess->ahead));
}

/* A page too small to tell from its size that its reading will be long
 * (a one-line strip of Chinese, a screenshot of a chat message) may still
 * take a third of a second or more; a watch tells the idle function once
 * the reading has gone on this long, so that what comes after it is
 * loaded beside the rest.  (Tesseract's own callback cannot: it is called
 * once a line, and a strip is one line.)  A 1,167 × 54 strip read at 1.6
 * times its size takes 350 ms; the test's clean two-line page, 70.  For
 * Simplified only: of the corpus's small Simplified pages read that
 * slowly, five of seven then had words read again, of the Traditional
 * ones one of four, and the others paid the load beside their reading
 * (zht_dev1_clean100.png 572 → 621 ms). */
#define SLOW_READING_MS 150

typedef struct
{
  GMutex          lock;
  GCond           cond;
  gboolean        done;
  AgTessIdleFunc  func;
  gpointer        data;
  GThread        *thread;
} SlowWatch;

static gpointer
slow_watch_thread (gpointer data)
{
  SlowWatch *watch = data;
  gint64 end = g_get_monotonic_time () + SLOW_READING_MS * G_TIME_SPAN_MILLISECOND;
  gboolean slow = FALSE;

  g_mutex_lock (&watch->lock);
  while (!watch->done && !slow)
    slow = !g_cond_wait_until (&watch->cond, &watch->lock, end) && !watch->done;
  g_mutex_unlock (&watch->lock);

  /* (the reader joins this thread before it lets go of @data) */
  if (slow)
    {
      g_debug ("Still reading after %d ms", SLOW_READING_MS);
      watch->func (NULL, watch->data);
    }
  return NULL;
}

static void
slow_watch_start (SlowWatch      *watch,
                  AgTessIdleFunc  func,
                  gpointer        data)
{
  g_mutex_init (&watch->lock);
  g_cond_init (&watch->cond);
  watch->done = FALSE;
  watch->func = func;
  watch->data = data;
  watch->thread = g_thread_new ("airgap-watch", slow_watch_thread, watch);
}

/* (nothing when it was not started) */
static void
slow_watch_stop (SlowWatch *watch)
{
  if (watch->thread == NULL)
    return;

  g_mutex_lock (&watch->lock);
  watch->done = TRUE;
  g_cond_signal (&watch->cond);
  g_mutex_unlock (&watch->lock);
  g_thread_join (g_steal_pointer (&watch->thread));
  g_cond_clear (&watch->cond);
  g_mutex_clear (&watch->lock);
}

/**
 * _ag_tess_get_n_orientation_ahead:
 *
 * Returns: how many doubtful readings found their orientation check
 *   already started, in this process (tests)
 */
guint
_ag_tess_get_n_orientation_ahead (void)
{
  return g_atomic_int_get (&n_ahead_used);
}

void
_ag_tess_free (AgTess *tess)
{
  if (tess == NULL)
    return;

  g_free (settle_ahead (tess));
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

static TessBaseAPI *get_horizontal (AgTess *tess);

/* The handle that reads horizontal text: the one of the languages chosen,
 * or without their vertical models; %NULL if those cannot be loaded. */
TessBaseAPI *
_ag_tess_get_horizontal_api (AgTess *tess)
{
  return tess->has_vertical ? get_horizontal (tess) : tess->api;
}

bool
_ag_tess_monitor_cancel_cb (void *cancel_this,
                            int   words)
{
  AgTessMonitor *monitor = cancel_this;

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

/* The answers below this (0..100) count as a doubtful reading, worth
 * asking whether the page is on its side or upside down.  Chinese pages
 * turned by a quarter or a half read at 15–40; Latin ones upside down
 * are read as letters all the same ("SEM oy} JO"), at 39–52 on the
 * corpus's clean pages, where upright they read at 92–96.  Asking costs
 * a third of a recognition, and only doubtful readings pay it. */
#define POOR_CONFIDENCE 70.0

/* A reading this poor, of a page the orientation detection can say
 * nothing of, is tried turned every way its shape allows (a Traditional
 * strip of two lines on its side read at 16). */
#define NONSENSE_CONFIDENCE 35.0

/* Points of confidence within which a page read upright beats the same
 * page read as columns of characters on their side. */
#define SIDEWAYS_TIE 2.0

/* Column readings score 85-92 on the corpus's vertical pages, one
 * vertical block 70-87; below this a column reading is doubted. */
#define COLUMNS_POOR_CONFIDENCE 70.0

/* A page read in one part at least this large (a few lines of a 300 dpi
 * page) tells the idle function at once that the other core is free:
 * the reading takes long enough to hide a load beside it. */
#define IDLE_MIN_PIXELS (400 * 1000)

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

gboolean
_ag_tess_read_image (TessBaseAPI         *api,
                     PIX                 *image,
                     double               dpi,
                     TessPageSegMode      mode,
                     const AgTessMapping *mapping,
                     int                  region,
                     gboolean             vertical,
                     AgRecognitionPage   *page,
                     AgTessMonitor       *monitor,
                     GCancellable        *cancellable,
                     GError             **error)
{
  int rc;

  _ag_tess_api->BaseAPISetPageSegMode (api, mode);
  _ag_tess_api->BaseAPISetImage2 (api, image);
  if (dpi > 0)
    _ag_tess_api->BaseAPISetSourceResolution (api, (int) lround (dpi));

  monitor->monitor = _ag_tess_api->MonitorCreate ();
  monitor->last_progress = -1;
  _ag_tess_api->MonitorSetCancelFunc (monitor->monitor, _ag_tess_monitor_cancel_cb);
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

  _ag_tess_collect_results (api, mapping, region, vertical, page);
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

static gboolean
has_vertical_blocks (AgRecognitionPage *page)
{
  for (guint b = 0; b < page->blocks->len; b++)
    if (((AgBlock *) g_ptr_array_index (page->blocks, b))->vertical)
      return TRUE;
  return FALSE;
}

/* Whether @twin has its second handle, checked out now if need be. */
static gboolean
checkout_twin (AgTess     *tess,
               AgTessTwin *twin)
{
  if (twin->tess == NULL && twin->checkout != NULL)
    twin->tess = twin->checkout (twin->data, tess->languages);
  return twin->tess != NULL;
}

/* Horizontal Chinese needs larger characters than Latin; vertical pages
 * are set at a character height of their own by ag-columns.c (and scaled
 * first, one read a character worse). */
static gboolean
preprocess_as_chinese (const char *languages)
{
  return strstr (languages, "chi_") != NULL && strstr (languages, "_vert") == NULL;
}

static PIX *
preprocess_page (PIX                *pix,
                 gboolean            cjk,
                 AgPreprocessReport *report)
{
  PIX *seen = _ag_preprocess_run_for (pix, cjk, report);

  /* tests/bench/accuracy.py reads this to weigh preprocessing against
   * recognition. */
  g_debug ("Preprocessed %dx%d in %.1f ms: steps 0x%x, skew %.2f°, scale %.2f",
           pixGetWidth (pix), pixGetHeight (pix), report->usec / 1000.0, report->steps,
           report->skew_degrees, report->scale);
  return seen;
}

/**
 * _ag_tess_prepare:
 * @page_pix: a whole page, to be read with @languages
 *
 * Preprocesses @page_pix as _ag_tess_recognize() would, without a
 * handle: the page reader does it while the handle it waits for is
 * loaded (a first page: the 20–40 ms of a full page are then hidden).
 * Handed to the handle with _ag_tess_set_prepared().
 *
 * Returns: (transfer full): the page as it will be read
 */
AgTessPrepared *
_ag_tess_prepare (PIX        *page_pix,
                  const char *languages)
{
  AgTessPrepared *prepared = g_new0 (AgTessPrepared, 1);

  prepared->page = pixClone (page_pix);
  prepared->cjk = preprocess_as_chinese (languages);
  prepared->report = (AgPreprocessReport) { 0.0, 1.0, 0 };
  prepared->seen = preprocess_page (page_pix, prepared->cjk, &prepared->report);
  return prepared;
}

void
_ag_tess_prepared_free (AgTessPrepared *prepared)
{
  if (prepared == NULL)
    return;

  pixDestroy (&prepared->page);
  pixDestroy (&prepared->seen);
  g_free (prepared);
}

/**
 * _ag_tess_set_prepared:
 * @prepared: (nullable) (transfer none): what _ag_tess_prepare() made,
 *   kept by the caller until it is set to %NULL again
 *
 * The next reading of the whole page @prepared was made of takes it
 * instead of preprocessing the page again (a later one preprocesses).
 */
void
_ag_tess_set_prepared (AgTess         *tess,
                       AgTessPrepared *prepared)
{
  tess->prepared = prepared;
}

/**
 * _ag_tess_recognize:
 * @twin: (nullable): a core free for this call, and a second handle of the
 *   same languages for it: a page of plain lines is then read in two
 *   parts at once
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
                    AgTessTwin          *twin,
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
  AgTessMapping mapping = { 0 };
  AgTessMonitor monitor = { 0 };
  g_autoptr(AgRecognitionPage) first = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  TessBaseAPI *horizontal = NULL;
  TessBaseAPI *reader = tess->api;
  PIX *straightened = NULL;
  AgTessMapping straight = { 0 };
  PIX *crop = NULL;
  PIX *seen = NULL;
  TessPageSegMode mode = PSM_AUTO;
  AgSplit split = { 0 };
  gboolean checking_ahead = FALSE;
  SlowWatch watch = { 0 };
  double seen_dpi = 0;
  gint64 started;
  int x = 0, y = 0, w, h;
  gboolean ok;

  memset (&tess->orientation, 0, sizeof tess->orientation);
  w = pixGetWidth (page_pix);
  h = pixGetHeight (page_pix);

  if (rect != NULL)
    {
      AgRect clamped = *rect;

      ag_rect_clamp (&clamped);
      ag_rect_to_pixels (&clamped, pixGetWidth (page_pix), pixGetHeight (page_pix), &x, &y, &w, &h);
      if (w < 1 || h < 1)
        return TRUE;

      crop = _ag_tess_clip_pix (page_pix, x, y, w, h);
      if (crop == NULL)
        return TRUE;
    }
  else
    crop = pixClone (page_pix);

  /* (the page preprocessed ahead, taken: it is read once) */
  if (preprocess && rect == NULL && tess->prepared != NULL && tess->prepared->page == page_pix &&
      tess->prepared->seen != NULL && tess->prepared->cjk == preprocess_as_chinese (tess->languages))
    {
      seen = g_steal_pointer (&tess->prepared->seen);
      report = tess->prepared->report;
    }
  else if (preprocess)
    seen = preprocess_page (crop, preprocess_as_chinese (tess->languages), &report);
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

  seen_dpi = _ag_preprocess_report_dpi (&report, dpi);
  if (seen_dpi > 0)
    {
      l_int32 res = (l_int32) lround (seen_dpi);

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

  if (!vertical && tess->has_vertical && _ag_orient_looks_vertical (seen))
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
      columns = _ag_columns_find (seen);
      /* Columns that lean run into each other; straightened, they may
       * be found. */
      if (columns == NULL &&
          (straightened = _ag_columns_deskew (seen, &straight.column_skew)) != NULL)
        columns = _ag_columns_find (straightened);
    }
  if (columns != NULL)
    {
      guint n_words;
      double confidence;

      ok = _ag_tess_read_columns (horizontal, tess->api,
                                  straightened != NULL ? straightened : seen, columns,
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
          block_ok = _ag_tess_read_image (tess->api, seen, seen_dpi, mode, &mapping, region, vertical,
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
          mode == PSM_AUTO && _ag_split_find (seen, &split) && checkout_twin (tess, twin))
        ok = _ag_tess_read_image_halves (tess->api, twin->tess->api, seen, seen_dpi, &split, &mapping, region,
                                         first, &monitor, tess->idle_func, tess->idle_data,
                                         cancellable, error);
      else
        {
          /* The other core meanwhile: the check of a reading likely to be
           * doubtful, of a page on its side or an unevenly lit one (a
           * photo).  (Not of any page: on a small clean one, where it is
           * rarely needed, the check's load slows the reading beside it
           * by a tenth.) */
          if (twin != NULL && reader == tess->api && !tess->has_vertical && !vertical &&
              (split.sideways || (report.steps & AG_PREPROCESS_BACKGROUND) != 0))
            checking_ahead = start_ahead (tess, seen);
          /* … or else what may come after the reading, where it is long
           * enough to hide it: a page of a few lines (250 ms or more) at
           * once, a smaller one once its reading proves slow */
          else if (twin != NULL && tess->idle_func != NULL &&
                   (gint64) pixGetWidth (seen) * pixGetHeight (seen) >= IDLE_MIN_PIXELS)
            tess->idle_func (NULL, tess->idle_data);
          else if (twin != NULL && tess->idle_func != NULL && strstr (tess->languages, "chi_sim") != NULL)
            slow_watch_start (&watch, tess->idle_func, tess->idle_data);
          ok = _ag_tess_read_image (reader, seen, seen_dpi, mode, &mapping, region, vertical, first,
                                    &monitor, cancellable, error);
          slow_watch_stop (&watch);
        }

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
              ok = _ag_tess_read_image (tess->api, seen, seen_dpi, mode, &mapping, region, vertical,
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
      float osd_confidence = 0;
      int rotate_cw = 0;

      /* Chinese lines on their side are read by Tesseract as vertical
       * text, rightly but without the second opinion and the layout of
       * lines: such a page is turned upright when the detection is sure
       * the characters are on their side (upright ones are columns). */
      gboolean sideways = has_vertical_blocks (first);

      gboolean detected = FALSE;
      int tries[2] = { 0, 0 };
      const char *script = NULL;
      float script_confidence = 0;
      /* (Nothing read at all is a page without text, or with so little
       * that the detection finds nothing either: it is not asked, which
       * on a huge bare page saved seconds.  A caller that reads the page
       * with other languages next may leave the check to that reading.) */
      gboolean doubtful = n_words > 0 && (confidence < POOR_CONFIDENCE || sideways);

      if (doubtful && tess->doubt_func != NULL && tess->doubt_func (confidence, tess->doubt_data))
        doubtful = FALSE;
      if (doubtful && checking_ahead)
        {
          gint64 asked = g_get_monotonic_time ();
          g_autofree Ahead *ahead = settle_ahead (tess);

          g_atomic_int_inc (&n_ahead_used);
          g_debug ("Waited %.1f ms for the orientation check run ahead",
                   (g_get_monotonic_time () - asked) / 1000.0);
          osd = tess->osd;
          detected = ahead->found.detected;
          rotate_cw = ahead->found.turn_cw;
          osd_confidence = ahead->found.confidence;
          script = ahead->found.script;
          script_confidence = ahead->found.script_confidence;
        }
      else if (doubtful)
        {
          /* (one still running for a page read before is of no use) */
          g_free (settle_ahead (tess));
          if ((osd = get_osd (tess)) != NULL)
            detected = _ag_orient_detect_script (osd, seen, &rotate_cw, &osd_confidence,
                                                 &script, &script_confidence);
        }
      if (doubtful && osd != NULL)
        {
          g_debug ("Doubtful reading (confidence %.1f, %u words%s): orientation %s, turn %d°, "
                   "confidence %.2f, script %s (%.2f)", confidence, n_words,
                   sideways ? ", on its side" : "", detected ? "detected" : "not detected",
                   rotate_cw, osd_confidence, script != NULL ? script : "none", script_confidence);
          /* (the same call gives the script: the automatic choice of
           * languages asks for both, and takes them from here) */
          tess->orientation.asked = TRUE;
          tess->orientation.detected = detected;
          tess->orientation.turn_cw = rotate_cw;
          tess->orientation.confidence = osd_confidence;
          tess->orientation.script = script;
          tess->orientation.script_confidence = script_confidence;
        }

      /* Tesseract's orientation detection, sure or not, says which way
       * to try; the page is read both ways and the surer reading is
       * kept. */
      if (detected && rotate_cw != 0 &&
          (!sideways || confidence < POOR_CONFIDENCE ||
           (rotate_cw != 180 && _ag_orient_turn_trusted (rotate_cw, osd_confidence))))
        tries[0] = rotate_cw;
      /* Too little for the detection (a strip of two lines on its side)
       * and a reading of nonsense: the turns the shape allows.  Not for a
       * page where nothing was read at all: an empty page (or one huge
       * and bare) read again turned is only time lost, seconds for a
       * 14000-pixel one, and a window closed meanwhile waits for it. */
      else if (osd != NULL && n_words > 0 && confidence < NONSENSE_CONFIDENCE &&
               (!detected || !_ag_orient_turn_trusted (90, osd_confidence)))
        {
          if (pixGetHeight (seen) > pixGetWidth (seen))
            tries[0] = 90, tries[1] = 270;
          else
            tries[0] = 180;
        }

      for (guint t = 0; ok && t < G_N_ELEMENTS (tries) && tries[t] != 0; t++)
        {
          g_autoptr(AgRecognitionPage) second = NULL;
          PIX *turned = _ag_orient_rotate (seen, tries[t]);
          AgTessMapping turned_mapping = mapping;
          guint n_second;
          double second_confidence;

          turned_mapping.rotate_cw = tries[t];
          turned_mapping.turned_width = pixGetWidth (turned);
          turned_mapping.turned_height = pixGetHeight (turned);
          pixCopyResolution (turned, seen);

          second = ag_recognition_page_new (page->index, page->width, page->height, page->dpi,
                                            page->source);
          ok = _ag_tess_read_image (reader, turned, seen_dpi, mode, &turned_mapping, region, vertical,
                                    second, &monitor, cancellable, error);
          pixDestroy (&turned);

          second_confidence = ag_recognition_page_get_mean_confidence (second, &n_second);
          g_debug ("Page turned %d° (orientation %s, confidence %.2f): confidence %.1f (%u words) "
                   "instead of %.1f (%u words)", tries[t], detected ? "detected" : "not detected",
                   osd_confidence, second_confidence, n_second, confidence, n_words);
          /* Lines on their side read as columns are as sure as the
           * page upright: the upright reading wins a tie. */
          if (ok && n_second > 0 &&
              (second_confidence > confidence ||
               (sideways && second_confidence >= confidence - SIDEWAYS_TIE)))
            {
              g_clear_pointer (&first, ag_recognition_page_free);
              first = g_steal_pointer (&second);
              confidence = second_confidence;
              n_words = n_second;
              tess->orientation.kept_turn = tries[t];
            }
        }
    }

  if (ok)
    _ag_tess_move_blocks (first, page);

  pixDestroy (&straightened);
  pixDestroy (&seen);
  pixDestroy (&crop);

  return ok;
}

/**
 * _ag_tess_get_orientation:
 * @orientation: (out): what the orientation check of the last
 *   _ag_tess_recognize() with @tess found (all 0 when the reading was
 *   not doubtful and it was not asked)
 */
void
_ag_tess_get_orientation (AgTess            *tess,
                          AgTessOrientation *orientation)
{
  *orientation = tess->orientation;
}

/**
 * _ag_tess_set_doubt_func:
 * @func: (nullable): called from the next _ag_tess_recognize() calls when
 *   the reading is doubtful, before the orientation check (which takes a
 *   third of a reading: the caller may load what it will likely need
 *   next meanwhile, or say it reads the page otherwise next and skip it)
 */
void
_ag_tess_set_doubt_func (AgTess          *tess,
                         AgTessDoubtFunc  func,
                         gpointer         user_data)
{
  tess->doubt_func = func;
  tess->doubt_data = user_data;
}

/**
 * _ag_tess_set_idle_func:
 * @func: (nullable): called, once in each of the next _ag_tess_recognize()
 *   calls that reads a page in two parts at once, when the first part is
 *   read, with that part, while the other is still read
 */
void
_ag_tess_set_idle_func (AgTess         *tess,
                        AgTessIdleFunc  func,
                        gpointer        user_data)
{
  tess->idle_func = func;
  tess->idle_data = user_data;
}

/**
 * _ag_tess_detect_script:
 * @pix: the page, preprocessed
 * @turn_cw: (out): degrees to turn it clockwise to make it upright, 0
 *   when that is not sure enough to act on
 * @script: (out) (transfer none): the script Tesseract's orientation
 *   and script detection sees ("Han", "Latin", …), %NULL if it found
 *   too little
 * @script_confidence: (out): its confidence in @script
 *
 * For the automatic choice of languages (ag-auto-language.c), with the
 * orientation model of @tess.
 *
 * Returns: %FALSE without an orientation model, or when Tesseract found
 *   nothing to say
 */
gboolean
_ag_tess_detect_script (AgTess      *tess,
                        PIX         *pix,
                        int         *turn_cw,
                        const char **script,
                        float       *script_confidence)
{
  TessBaseAPI *osd;
  float confidence = 0;

  g_free (settle_ahead (tess));
  osd = get_osd (tess);
  *turn_cw = 0;
  *script = NULL;
  *script_confidence = 0;
  if (osd == NULL)
    return FALSE;

  if (!_ag_orient_detect_script (osd, pix, turn_cw, &confidence, script, script_confidence))
    return FALSE;
  if (!_ag_orient_turn_trusted (*turn_cw, confidence))
    *turn_cw = 0;

  return TRUE;
}

/* Words read with less confidence do not count for the script. */
#define SAMPLE_SURE_WORD 50.0
/* A Latin word of a sample: three letters or more, no Chinese, read
 * this surely.  On the corpus's Chinese pages the specks and rules read
 * as letters made words of two or three letters read at 50–83 ("An",
 * "trl"); the English words of mixed pages read at 87–97. */
#define SAMPLE_LATIN_WORD 85.0

/**
 * _ag_tess_count_scripts:
 * @page: a page or a sample, read by Tesseract or PP-OCR
 * @n_words: (out): how many words were read
 * @n_han: (out) (optional): how many characters of the words read with
 *   some confidence are Chinese
 * @n_latin: (out) (optional): how many are Latin letters or digits
 * @n_latin_words: (out) (optional): how many words are surely Latin
 *   words: three Latin letters or more, no Chinese, read with a
 *   confidence of 85 or more
 *
 * Returns: the mean word confidence (0..100), -1 without words
 */
double
_ag_tess_count_scripts (AgRecognitionPage *page,
                        guint             *n_words,
                        guint             *n_han,
                        guint             *n_latin,
                        guint             *n_latin_words)
{
  guint han = 0, latin = 0, latin_words = 0;
  double confidence;

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint k = 0; k < line->words->len; k++)
            {
              AgWord *word = g_ptr_array_index (line->words, k);

              /* Noise read as a character or two is not a script. */
              guint word_han = 0, word_letters = 0;

              if (word->confidence < SAMPLE_SURE_WORD)
                continue;
              for (const char *p = word->text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
                {
                  gunichar c = g_utf8_get_char (p);

                  if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN)
                    word_han++;
                  else if (c < 0x80 && g_ascii_isalnum (c))
                    {
                      latin++;
                      word_letters += g_ascii_isalpha (c) ? 1 : 0;
                    }
                }
              han += word_han;
              if (word_han == 0 && word_letters >= 3 && word->confidence >= SAMPLE_LATIN_WORD)
                latin_words++;
            }
        }
    }

  confidence = ag_recognition_page_get_mean_confidence (page, n_words);
  if (n_han != NULL)
    *n_han = han;
  if (n_latin != NULL)
    *n_latin = latin;
  if (n_latin_words != NULL)
    *n_latin_words = latin_words;
  return confidence;
}

/**
 * _ag_tess_read_sample:
 * @pix: a part of a page, upright and preprocessed
 * @dpi: its resolution, 0 if unknown
 * @vertical: read it as one block of vertical text
 * @n_words: (out): how many words were read
 * @n_han: (out) (optional): how many characters of the words read with
 *   some confidence are Chinese
 * @n_latin: (out) (optional): how many are Latin letters or digits
 * @n_latin_words: (out) (optional): how many words are surely Latin
 *   words: three Latin letters or more, no Chinese, read with a
 *   confidence of 85 or more
 *
 * Reads @pix with the languages of @tess alone, as a sample: for the
 * automatic choice of languages, which compares the confidences of
 * several.
 *
 * Returns: the mean word confidence (0..100), -1 without words or on
 *   error (cancelled: @error is set)
 */
double
_ag_tess_read_sample (AgTess        *tess,
                      PIX           *pix,
                      double         dpi,
                      gboolean       vertical,
                      guint         *n_words,
                      guint         *n_han,
                      guint         *n_latin,
                      guint         *n_latin_words,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(AgRecognitionPage) page = NULL;
  AgTessMapping mapping = { 0 };
  AgTessMonitor monitor = { 0 };
  int w = pixGetWidth (pix), h = pixGetHeight (pix);

  *n_words = 0;
  mapping.report.scale = 1.0;
  mapping.seen_width = mapping.page_width = w;
  mapping.seen_height = mapping.page_height = h;
  monitor.cancellable = cancellable;

  page = ag_recognition_page_new (0, w, h, dpi, AG_RECOGNITION_SOURCE_OCR);
  if (!_ag_tess_read_image (tess->api, pix, dpi,
                            vertical ? PSM_SINGLE_BLOCK_VERT_TEXT : PSM_AUTO,
                            &mapping, -1, vertical, page, &monitor, cancellable, error))
    return -1;

  return _ag_tess_count_scripts (page, n_words, n_han, n_latin, n_latin_words);
}
