/* ag-page-reader.c — the policy for one page read in this process
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * What reading one page (or bitmap) in this process means, whoever asks —
 * the engine's threads for a job, or airgap-worker for a request: the
 * text layer when the page has one; else the automatic choice of
 * languages, PP-OCR where it reads better, or Tesseract with a second
 * handle when one is free; then PP-OCR's second opinion on Tesseract's
 * unsure words, and the QR codes and barcodes (on a text-layer page,
 * those of its pictures).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ag-runtime.h"
#include "layout/ag-layout.h"
#include "model/ag-convert.h"
#include "recognize/ag-auto-language.h"
#include "recognize/ag-engine-error.h"
#include "recognize/ag-languages.h"
#include "recognize/ag-languages-private.h"
#include "recognize/ag-leptonica-private.h"
#include "recognize/ag-orient.h"
#include "recognize/ag-page-reader.h"
#include "recognize/ag-split.h"
#include "recognize/codes/ag-codes.h"
#include "recognize/ppocr/ag-ppocr.h"

/* How far one page is: the part (region) being read and its fraction,
 * handed to @func as one fraction of the page. */
typedef struct
{
  AgTessProgressFunc  func;
  gpointer            data;
  guint               part;
  guint               n_parts;
} PageProgress;

static void
page_progress_cb (double   fraction,
                  gpointer user_data)
{
  PageProgress *progress = user_data;

  if (progress->func != NULL)
    progress->func ((progress->part + fraction) / progress->n_parts, progress->data);
}

static AgRecognitionPage *
read_text_layer (AgPage              *page,
                 AgRecognizeOptions  *options,
                 GArray              *regions,
                 GError             **error)
{
  AgRecognitionPage *result = NULL;

  if (regions->len == 0)
    return ag_page_extract_text (page, NULL, -1, error);

  for (guint k = 0; k < regions->len; k++)
    {
      guint r = g_array_index (regions, guint, k);
      const AgRegion *region = ag_recognize_options_get_region (options, r);
      AgRecognitionPage *one = ag_page_extract_text (page, &region->rect, (int) r, error);

      if (one == NULL)
        {
          g_clear_pointer (&result, ag_recognition_page_free);
          return NULL;
        }

      if (result == NULL)
        {
          result = one;
          continue;
        }

      while (one->blocks->len > 0)
        g_ptr_array_add (result->blocks, g_ptr_array_steal_index (one->blocks, 0));
      ag_recognition_page_free (one);
    }

  return result;
}

/* The cells of a ruled table, read again each alone where Tesseract's
 * reading of the whole page ran across them (ag-tess-cells.c). */
static gboolean
read_cells_alone (AgTess             *tess,
                  PIX                *pix,
                  double              dpi,
                  AgBitmap           *bitmap,
                  AgRecognitionPage  *result,
                  GCancellable       *cancellable,
                  GError            **error)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GArray) cells = ag_layout_find_ruled_cells (result, bitmap);
  guint n_read = 0;

  g_debug ("Looked for table cells in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  if (cells->len == 0)
    return TRUE;
  if (!_ag_tess_read_cells (tess, pix, dpi, cells, result, &n_read, cancellable, error))
    return FALSE;
  g_debug ("%u of %u table cells read again alone", n_read, cells->len);
  return TRUE;
}

/* A text-layer page is read without rendering it, but a QR code or a
 * barcode on it is a picture (a code pasted into a letter).  A page that
 * draws a picture large enough to hold one, inside the regions read, is
 * rendered in grey at CODES_DPI, and zxing-cpp searches those pictures
 * (ag_codes_read_areas()); a page without pictures costs one pass of
 * Poppler over its content that draws nothing.  CODES_DPI gives a QR
 * code printed 2 cm wide four pixels a module or more up to version 5,
 * and an EAN-13 at its smallest two pixels a bar. */
#define CODES_DPI 200.0
/* The longer side, in points, of the smallest picture that may hold a
 * code: a QR code under 1 cm is not printed to be read. */
#define CODES_MIN_SIDE 28.0

/* The pictures of @page that may hold a code and lie in one of the
 * @regions (if any). */
static GArray *
code_areas (AgPage             *page,
            AgRecognizeOptions *options,
            GArray             *regions)
{
  g_autoptr(GArray) areas = ag_page_dup_image_areas (page);
  double width, height;

  ag_page_get_size (page, &width, &height);
  for (guint i = areas->len; i > 0; i--)
    {
      const AgRect *area = &g_array_index (areas, AgRect, i - 1);
      gboolean keep = regions->len == 0;

      for (guint k = 0; !keep && k < regions->len; k++)
        {
          const AgRect *rect = &ag_recognize_options_get_region (options, g_array_index (regions, guint, k))->rect;

          keep = area->x < rect->x + rect->width && rect->x < area->x + area->width &&
                 area->y < rect->y + rect->height && rect->y < area->y + area->height;
        }
      if (!keep || MAX (area->width * width, area->height * height) < CODES_MIN_SIDE)
        g_array_remove_index (areas, i - 1);
    }

  return g_steal_pointer (&areas);
}

static AgRecognitionPage *
read_codes_on_pictures (AgPage              *page,
                        AgRecognitionPage   *result,
                        AgRecognizeOptions  *options,
                        GArray              *regions,
                        GCancellable        *cancellable)
{
  g_autoptr(GArray) areas = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(GError) error = NULL;

  if (!ag_codes_available ())
    return result;

  areas = code_areas (page, options, regions);
  if (areas->len == 0)
    return result;

  bitmap = ag_page_render (page, CODES_DPI, AG_BITMAP_FORMAT_GRAY8, cancellable, &error);
  if (bitmap == NULL)
    {
      /* The text is read; only its codes are missing. */
      g_debug ("Codes not searched on %s: %s", ag_page_get_label (page), error->message);
      return result;
    }

  return ag_codes_read_areas (result, bitmap, areas, options, regions, cancellable);
}

/* A page read with eng (for the languages "auto", on an English desktop)
 * reads as nonsense: likely Chinese, read with chi_sim next
 * (chinese_next()).  Two chi_sim handles are loaded on the engine's pool
 * meanwhile; and a page PP-OCR would not read (a scan, a screenshot)
 * skips the English reading's orientation check: the chi_sim reading
 * makes its own when it is doubtful, and an upright Chinese page's is
 * not.  English photos read doubtfully read at 40 and more; Chinese pages
 * read with eng at 15–35. */
#define CHINESE_AS_ENGLISH_CONFIDENCE 40.0

typedef struct
{
  AgHandleCache *handles;
  gboolean       photo;    /* PP-OCR would read the page as Chinese */
  gboolean       skipped;  /* the check was left to the chi_sim reading */
} Doubt;

static gboolean
doubtful (double   confidence,
          gpointer user_data)
{
  Doubt *doubt = user_data;
  g_autoptr(AgLanguage) sim = NULL;

  if (confidence >= CHINESE_AS_ENGLISH_CONFIDENCE)
    return FALSE;
  sim = ag_languages_lookup ("chi_sim");
  if (sim == NULL)
    return FALSE;
  _ag_handle_cache_load_ahead (doubt->handles, "chi_sim");
  doubt->skipped = !doubt->photo;
  return doubt->skipped;
}

typedef struct
{
  const AgPageReader *reader;
  const char         *languages;
  gboolean            ppocr;   /* PP-OCR may read unsure words again */
  gboolean            opencc;  /* a Traditional page's reading may convert */
  gboolean            asked;   /* PP-OCR was asked to load */
} WarmAhead;

/* What a Chinese reading may need next, made ready on a free core:
 * OpenCC's Simplified to Traditional tables for a Traditional page (the
 * automatic choice's look at its forms, and PP-OCR's readings made
 * Traditional), and PP-OCR.  (Not t2s: it loads in 2 ms where it is
 * needed; s2t's phrase table takes 40–60.) */
static void
warm_opencc (void)
{
  gint64 start = g_get_monotonic_time ();

  ag_convert_prepare (AG_CONVERSION_S2T);
  g_debug ("OpenCC ready in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
}

/* (PP-OCR first: the second opinion comes straight after the reading,
 * the automatic choice's look at the forms after that) */
static void
warm_ppocr_and_opencc (void)
{
  _ag_ppocr_warm ();
  warm_opencc ();
}

static guint n_warmed;

/* PP-OCR for the second opinion (and OpenCC where the page may be
 * converted), loaded on the free core, once a page. */
static void
ask_for_ppocr (WarmAhead *warm)
{
  warm->asked = TRUE;
  g_atomic_int_inc (&n_warmed);
  warm->reader->run_aside (warm->reader->data,
                           warm->opencc ? warm_ppocr_and_opencc : _ag_ppocr_warm);
}

/* AgTessIdleFunc: a core is free while Tesseract reads the rest of a
 * Chinese page; if what it has read has words PP-OCR will read again,
 * PP-OCR is loaded meanwhile.  (Not otherwise: OpenCV is loaded only for
 * a page it reads, test-ppocr-engine.)  A large page read in one part
 * (@read_so_far %NULL) loads it from the start: on the corpus's clean
 * Chinese pages Tesseract is unsure of a word or more, and the load
 * (about 160 ms) is hidden by the reading. */
static void
warm_chinese (AgRecognitionPage *read_so_far,
              gpointer           data)
{
  WarmAhead *warm = data;

  if (warm->asked)
    return;
  if (warm->ppocr && (read_so_far == NULL || _ag_ppocr_check_has_unsure (read_so_far, warm->languages)))
    ask_for_ppocr (warm);
  else if (warm->opencc)
    warm->reader->run_aside (warm->reader->data, warm_opencc);
}

/**
 * _ag_page_reader_get_n_ppocr_ahead:
 *
 * Returns: how many times PP-OCR was asked to load while Tesseract read
 *   the rest of a page, in this process
 */
guint
_ag_page_reader_get_n_ppocr_ahead (void)
{
  return g_atomic_int_get (&n_warmed);
}

/* A page of fewer pixels (a screenshot, a few lines of a scan) is read
 * in one part: its handle is not loaded beside another (see
 * _ag_handle_cache_checkout_waiting()). */
#define SMALL_PAGE_PIXELS (1500 * 1000)

typedef struct
{
  const AgPageReader *reader;
  gboolean            small;
} TwinAsk;

/* AgTessTwin's checkout: the reader's second handle.  None is loaded for
 * the next page when this one is small: a screenshot or a photo of a few
 * lines is mostly the command line's only page, and the load would take
 * the core its reading, and PP-OCR's load for the second opinion, have
 * (zh_dev2_clean300: a reading of 270 ms took 370 beside it). */
static AgTess *
checkout_twin (gpointer    data,
               const char *languages)
{
  const TwinAsk *ask = data;

  return ask->reader->checkout_twin (ask->reader->data, languages, !ask->small);
}

/* Words Tesseract is unsure of in @page, read with @languages, read
 * again by PP-OCR (Chinese), and the note says so. */
static void
second_opinion (AgRecognizeOptions *options,
                const char         *languages,
                AgBitmap           *bitmap,
                AgRecognitionPage  *page,
                GCancellable       *cancellable)
{
  guint n_again = _ag_ppocr_check_words (options, languages, bitmap, page, cancellable);

  if (n_again > 0)
    {
      char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s One unsure place was read again with PP-OCR.",
                                                 "%s %u unsure places were read again with PP-OCR.",
                                                 n_again),
                                    page->note != NULL ? page->note : "", n_again);

      g_free (page->note);
      page->note = g_strstrip (more);
    }
}

/* The pixels of one page (or of its @regions, indices into the
 * options' regions) with @languages: PP-OCR or Tesseract; Tesseract's
 * reading with PP-OCR's second opinion if @check. */
static AgRecognitionPage *
read_bitmap (const AgPageReader  *self,
             AgBitmap            *bitmap,
             gboolean             pdf_page,
             guint                index,
             const char          *languages,
             AgRecognizeOptions  *options,
             GArray              *regions,
             AgTessProgressFunc   progress_func,
             gpointer             progress_data,
             AgTessOrientation   *orientation,
             Doubt               *doubt,
             gboolean             check,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr(AgRecognitionPage) result = NULL;
  PageProgress progress = { progress_func, progress_data, 0, MAX (1, regions->len) };
  g_autofree char *note = NULL;
  AgTess *tess;
  gboolean small = (gint64) ag_bitmap_get_width (bitmap) * ag_bitmap_get_height (bitmap) < SMALL_PAGE_PIXELS;
  TwinAsk ask = { self, small };
  AgTessTwin twin = { checkout_twin, &ask, NULL };
  gboolean free_core;
  PIX *pix;
  double dpi;
  gboolean ok = TRUE;
  WarmAhead warm;
  g_autoptr(AgTessPrepared) prepared = NULL;

  /* The second recogniser (ag-ppocr.h) reads the photos it reads better;
   * otherwise it says why Tesseract reads the page. */
  result = _ag_ppocr_try_page (options, languages, bitmap, index, pdf_page,
                              regions, cancellable, &note, error);
  if (result != NULL)
    {
      result->languages = g_strdup (languages);
      return ag_codes_read_page (g_steal_pointer (&result), bitmap, options, regions, cancellable);
    }
  if (note == NULL)
    return NULL;

  /* (the whole page preprocessed while its handle is still being loaded,
   * where that leaves a core free: a first page's 20–40 ms.  Not beside
   * a load on every core, which it would slow: English loads two handles
   * at once, and a page read in two parts waits for both; Automatic may
   * be loading eng and chi_sim.) */
  dpi = ag_bitmap_get_dpi (bitmap);
  pix = _ag_bitmap_to_pix (bitmap);
  if (regions->len == 0 && ag_recognize_options_get_preprocess (options) &&
      _ag_handle_cache_get_n_preloading (self->handles) < g_get_num_processors ())
    prepared = _ag_tess_prepare (pix, languages);

  /* (a page too small to be cut in two waits for a handle being loaded
   * ahead; a larger one loads another beside it, for its second part) */
  if (small)
    tess = _ag_handle_cache_checkout_waiting (self->handles, languages, error);
  else
    tess = _ag_handle_cache_checkout (self->handles, languages, FALSE, error);
  if (tess == NULL)
    {
      pixDestroy (&pix);
      return NULL;
    }
  _ag_tess_set_prepared (tess, prepared);
  /* (the second handle is asked for once the page is cut in two) */
  free_core = self->checkout_twin != NULL && self->has_free_core != NULL &&
              self->has_free_core (self->data);
  /* (the automatic choice's first reading, with eng: see doubtful()) */
  if (doubt != NULL)
    _ag_tess_set_doubt_func (tess, doubtful, doubt);
  /* (OpenCC, and PP-OCR's recogniser for the second opinion below,
   * loaded on the core the first part of a page read in two leaves free) */
  warm.reader = self;
  warm.languages = languages;
  warm.asked = FALSE;
  warm.ppocr = _ag_ppocr_check_may_run (options, languages);
  /* (not for a page read in Simplified: the second opinion's reading
   * then needs no conversion, the automatic choice's look at its forms
   * only t2s, and s2t's load would only take a core from the reading) */
  warm.opencc = strstr (languages, "chi_tra") != NULL;
  if (self->run_aside != NULL && strstr (languages, "chi_") != NULL)
    _ag_tess_set_idle_func (tess, warm_chinese, &warm);

  result = ag_recognition_page_new (index, ag_bitmap_get_width (bitmap),
                                    ag_bitmap_get_height (bitmap), dpi,
                                    AG_RECOGNITION_SOURCE_OCR);
  result->engine = g_strdup ("tesseract");
  result->note = g_steal_pointer (&note);
  result->languages = g_strdup (languages);

  if (regions->len == 0)
    ok = _ag_tess_recognize (tess, free_core ? &twin : NULL, pix, dpi, NULL, -1, FALSE, ag_recognize_options_get_preprocess (options), result,
                             page_progress_cb, &progress, cancellable, error);

  for (guint k = 0; ok && k < regions->len; k++)
    {
      guint r = g_array_index (regions, guint, k);
      const AgRegion *region = ag_recognize_options_get_region (options, r);

      progress.part = k;
      ok = _ag_tess_recognize (tess, free_core ? &twin : NULL, pix, dpi, &region->rect, (int) r, region->vertical,
                               ag_recognize_options_get_preprocess (options), result,
                               page_progress_cb, &progress, cancellable, error);
    }

  /* (what the orientation check found, for the automatic choice of
   * languages: of the page, or of its one region) */
  if (ok && orientation != NULL && regions->len <= 1)
    _ag_tess_get_orientation (tess, orientation);

  /* (PP-OCR for the second opinion below, loaded on the free core while
   * the cells of a table are read again, where the reading left no time
   * for it before: a page read in one part) */
  if (ok && warm.ppocr && self->run_aside != NULL && !warm.asked &&
      _ag_ppocr_check_has_unsure (result, languages))
    ask_for_ppocr (&warm);

  if (ok)
    ok = read_cells_alone (tess, pix, dpi, bitmap, result, cancellable, error);

  _ag_tess_set_doubt_func (tess, NULL, NULL);
  _ag_tess_set_idle_func (tess, NULL, NULL);
  _ag_tess_set_prepared (tess, NULL);
  pixDestroy (&pix);
  _ag_handle_cache_return (self->handles, tess);
  if (twin.tess != NULL)
    _ag_handle_cache_return (self->handles, twin.tess);

  if (!ok)
    return NULL;

  if (check)
    second_opinion (options, languages, bitmap, result, cancellable);

  /* (the automatic choice's English reading is searched for codes by
   * its caller, if it is kept) */
  if (doubt != NULL)
    return g_steal_pointer (&result);

  return ag_codes_read_page (g_steal_pointer (&result), bitmap, options, regions, cancellable);
}

/* @note in front of the page's own. */
static void
prepend_note (AgRecognitionPage *page,
              const char        *note)
{
  char *both = page->note != NULL && *page->note != '\0'
                 ? g_strconcat (note, " ", page->note, NULL) : g_strdup (note);

  g_free (page->note);
  page->note = both;
}

/* @languages added to @page's, each code once. */
static void
add_languages (AgRecognitionPage *page,
               const char        *languages)
{
  g_auto(GStrv) have = NULL;
  g_auto(GStrv) more = NULL;
  GString *joined;

  if (languages == NULL)
    return;
  if (page->languages == NULL)
    {
      page->languages = g_strdup (languages);
      return;
    }

  have = g_strsplit (page->languages, "+", -1);
  more = g_strsplit (languages, "+", -1);
  joined = g_string_new (page->languages);
  for (guint i = 0; more[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) have, more[i]))
      g_string_append_printf (joined, "+%s", more[i]);

  g_free (page->languages);
  page->languages = g_string_free (joined, FALSE);
}

/* Whether a region marked vertical needs another model than @languages
 * (chi_sim_vert for chi_sim+eng). */
static gboolean
needs_vertical_model (const char         *languages,
                      AgRecognizeOptions *options,
                      GArray             *regions)
{
  if (_ag_languages_get_vertical (languages) == NULL)
    return FALSE;

  for (guint k = 0; k < regions->len; k++)
    if (ag_recognize_options_get_region (options, g_array_index (regions, guint, k))->vertical)
      return TRUE;

  return FALSE;
}

/* Below this mean confidence a page read with eng may be a Chinese photo
 * (they read at 15–50), and PP-OCR is asked; English photos Airgap is
 * not sure are English read higher. */
#define PHOTO_CHINESE_CONFIDENCE 60.0

/* For the languages "auto", a page not English beyond doubt (@english,
 * read with eng): a photo PP-OCR would read as Simplified Chinese is read
 * with it, and its reading tells whether it is Chinese and which.
 * Returns the page when it is Simplified Chinese (@languages and @note
 * set); %NULL with @languages and @note set when it is Traditional
 * (Tesseract reads it); %NULL alone when it is not Chinese, or not a
 * photo for PP-OCR, or cancelled (@error set). */
static AgRecognitionPage *
read_photo_chinese (const AgPageReader  *self,
                    AgBitmap            *bitmap,
                    gboolean             pdf_page,
                    guint                index,
                    AgRecognizeOptions  *options,
                    GArray              *regions,
                    AgRecognitionPage   *english,
                    const AgTessOrientation *orientation,
                    char               **languages,
                    char               **note,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(AgRecognitionPage) page = NULL;
  g_autoptr(AgLanguage) sim = ag_languages_lookup ("chi_sim");
  g_autoptr(AgLanguage) tra = ag_languages_lookup ("chi_tra");
  g_autofree char *why = NULL;
  gboolean traditional, latin, on_its_side;
  guint n_words;
  double confidence = ag_recognition_page_get_mean_confidence (english, &n_words);
  const char *chosen;
  gint64 started = g_get_monotonic_time ();
  gint64 judged;

  if (sim == NULL || (n_words > 0 && confidence >= PHOTO_CHINESE_CONFIDENCE))
    return NULL;
  page = _ag_ppocr_try_page (options, "chi_sim", bitmap, index, pdf_page, regions, cancellable, &why,
                             error);
  /* A page on its side, as the English reading's detection said (a
   * vertical page is upright to it): PP-OCR's lines stand up, and are
   * lines all the same. */
  on_its_side = orientation->detected && (orientation->turn_cw == 90 || orientation->turn_cw == 270) &&
                (orientation->kept_turn == orientation->turn_cw ||
                 _ag_orient_turn_trusted (orientation->turn_cw, orientation->confidence));
  judged = g_get_monotonic_time ();
  if (page == NULL || !_ag_auto_language_judge_reading (page, on_its_side, &traditional, &latin))
    return NULL;

  if (traditional)
    {
      if (tra == NULL)
        return NULL;
      chosen = latin ? "chi_tra+eng" : "chi_tra";
      /* (PP-OCR's reading, for nothing but the choice, is its cost) */
      g_debug ("Automatic languages: %s, chosen in %.1f ms (from PP-OCR's reading)", chosen,
               (g_get_monotonic_time () - started) / 1000.0);
      *languages = g_strdup (chosen);
      *note = _ag_auto_language_dup_note (chosen);
      return NULL;
    }

  chosen = latin ? "chi_sim+eng" : "chi_sim";
  /* (PP-OCR's reading is the page's: the choice costs the judging) */
  g_debug ("Automatic languages: %s, chosen in %.1f ms (from PP-OCR's reading)", chosen,
           (g_get_monotonic_time () - judged) / 1000.0);
  *languages = g_strdup (chosen);
  *note = _ag_auto_language_dup_note (chosen);
  g_free (page->languages);
  page->languages = g_strdup (chosen);
  return ag_codes_read_page (g_steal_pointer (&page), bitmap, options, regions, cancellable);
}

/* Whether a page whose English reading (@english) was doubtful, without
 * Latin words, is read with chi_sim before anything else is tried: its
 * orientation check saw Han upright, or the check was @skipped (nonsense
 * on a scan: doubtful()). */
static gboolean
chinese_next (const AgTessOrientation *orientation,
              gboolean                 skipped,
              AgRecognitionPage       *english)
{
  g_autoptr(AgLanguage) sim = ag_languages_lookup ("chi_sim");
  guint n_words, n_latin_words = 0;

  if (sim == NULL)
    return FALSE;
  if (!skipped &&
      (!orientation->asked || !orientation->detected ||
       g_strcmp0 (orientation->script, "Han") != 0 || orientation->kept_turn != 0 ||
       (orientation->turn_cw != 0 && _ag_orient_turn_trusted (orientation->turn_cw, orientation->confidence))))
    return FALSE;

  _ag_tess_count_scripts (english, &n_words, NULL, NULL, &n_latin_words);
  return n_latin_words == 0;
}

/* Pages read in English first on an English desktop, for the tests. */
static guint n_english_first;

/**
 * _ag_page_reader_get_n_english_first:
 *
 * Returns: how many pages (or regions) with the automatic languages on an
 *   English desktop were read in English first, in this process
 */
guint
_ag_page_reader_get_n_english_first (void)
{
  return g_atomic_int_get (&n_english_first);
}

/* Whether the lines of @pix, or of @region of it, look like Han
 * characters (ag-split.c): a scan or a screenshot of a Chinese page on
 * an English desktop is then read in Chinese first. */
static gboolean
lines_look_han (PIX            *pix,
                const AgRegion *region)
{
  g_autoptr(PIX) part = _ag_pix_clip_rect (pix, region != NULL ? &region->rect : NULL);
  gint64 start = g_get_monotonic_time ();
  gboolean han = _ag_split_lines_look_han (part);

  g_debug ("Automatic languages: the lines %s in %.1f ms", han ? "look Chinese" : "may not be Chinese",
           (g_get_monotonic_time () - start) / 1000.0);

  return han;
}

/* The page (or region) read with @chinese first: kept as the page's, with
 * its note, when it is plainly that Chinese (@part), otherwise left for
 * the choice (@tried; @checked says whether PP-OCR's second opinion was
 * had on it).  @orientation: (nullable) the check it makes is the
 * choice's.  FALSE with @error set if the reading failed. */
static gboolean
read_chinese_first (const AgPageReader  *self,
                    AgBitmap            *bitmap,
                    gboolean             pdf_page,
                    guint                index,
                    const char          *chinese,
                    AgRecognizeOptions  *options,
                    GArray              *regions,
                    PageProgress        *progress,
                    AgTessOrientation   *orientation,
                    const char          *why,
                    AgRecognitionPage  **part,
                    AgRecognitionPage  **tried,
                    gboolean            *checked,
                    char               **note,
                    GCancellable        *cancellable,
                    GError             **error)
{
  gint64 start = g_get_monotonic_time ();
  AgRecognitionPage *reading;

  reading = read_bitmap (self, bitmap, pdf_page, index, chinese, options, regions,
                         page_progress_cb, progress, orientation, NULL, FALSE, cancellable, error);
  if (reading == NULL)
    return FALSE;

  /* (PP-OCR's second opinion lifts the confidence of the words it reads
   * again, and may make a page plainly Chinese; a page the choice gets
   * whatever it would lift, such as a Traditional page read with
   * chi_sim, has it only if the choice keeps this reading) */
  *checked = FALSE;
  if (_ag_ppocr_check_may_run (options, chinese))
    {
      g_autoptr(AgRecognitionPage) best = ag_recognition_page_copy (reading);

      _ag_ppocr_check_assume_sure (best, chinese);
      if (_ag_auto_language_is_chinese (best, chinese))
        {
          second_opinion (options, chinese, bitmap, reading, cancellable);
          *checked = TRUE;
        }
    }

  if (!_ag_auto_language_is_chinese (reading, chinese))
    {
      *tried = reading;
      return TRUE;
    }
  if (!*checked)
    second_opinion (options, chinese, bitmap, reading, cancellable);

  *part = reading;
  *note = _ag_auto_language_dup_note (chinese);
  g_debug ("Automatic languages: %s, chosen in %.1f ms (%s, the page read with it)", chinese,
           (g_get_monotonic_time () - start) / 1000.0, why);
  return TRUE;
}

/* The page, or each region, read in languages of its own: with
 * @forced %NULL (the languages "auto") chosen by ag-auto-language.c,
 * which says in the page's note what it chose; else @forced, but a region
 * marked vertical with the vertical model of its Chinese. */
static AgRecognitionPage *
read_bitmap_parts (const AgPageReader  *self,
                   AgBitmap            *bitmap,
                   gboolean             pdf_page,
                   guint                index,
                   const char          *forced,
                   AgRecognizeOptions  *options,
                   GArray              *regions,
                   AgTessProgressFunc   progress_func,
                   gpointer             progress_data,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(AgRecognitionPage) result = NULL;
  gboolean preprocess = ag_recognize_options_get_preprocess (options);
  double dpi = ag_bitmap_get_dpi (bitmap);
  PIX *pix = _ag_bitmap_to_pix (bitmap);
  guint n_parts = MAX (1, regions->len);
  g_autoptr(AgLanguage) sim = ag_languages_lookup ("chi_sim");

  for (guint k = 0; k < n_parts; k++)
    {
      g_autoptr(GArray) one_region = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(AgRecognitionPage) part = NULL;
      g_autoptr(AgRecognitionPage) english = NULL;
      g_autoptr(AgRecognitionPage) tried = NULL;  /* read with one Chinese, not kept */
      const char *tried_with = NULL;
      gboolean tried_checked = FALSE;  /* …with PP-OCR's second opinion */
      g_autofree char *languages = NULL;
      g_autofree char *note = NULL;
      const AgRegion *region = NULL;
      PageProgress progress = { progress_func, progress_data, k, n_parts };
      AgTessOrientation orientation = { 0 };
      gboolean known = FALSE;
      gboolean skipped = FALSE;  /* the English reading's check was left to chi_sim's */
      gboolean english_desktop, photo = FALSE, han_first = FALSE;

      if (regions->len > 0)
        {
          guint r = g_array_index (regions, guint, k);

          g_array_append_val (one_region, r);
          region = ag_recognize_options_get_region (options, r);
        }

      english_desktop = forced == NULL && (region == NULL || !region->vertical) &&
                        g_str_equal (ag_languages_get_default (), "eng");
      if (english_desktop)
        {
          g_autofree char *why = NULL;

          /* (PP-OCR's choice for chi_sim: a photo it would read, which
           * read_photo_chinese() reads; the check is cheap) */
          photo = _ag_ppocr_choose (ag_recognize_options_get_engine_kind (options), "chi_sim", bitmap,
                                    pdf_page, FALSE, &why);
          han_first = !photo && sim != NULL && lines_look_han (pix, region);
        }

      if (forced != NULL)
        {
          const char *vertical = region != NULL && region->vertical
                                   ? _ag_languages_get_vertical (forced) : NULL;

          languages = g_strdup (vertical != NULL ? vertical : forced);
        }
      else if (han_first)
        {
          /* A scan or screenshot whose lines look like Chinese, on an
           * English desktop: read as Simplified at once, on both cores,
           * and kept if it is that beyond doubt, as on a Chinese desktop;
           * otherwise that reading, and its orientation check, are the
           * choice's. */
          _ag_handle_cache_load_ahead (self->handles, "chi_sim");
          tried_with = "chi_sim";
          if (!read_chinese_first (self, bitmap, pdf_page, index, tried_with, options, one_region,
                                   &progress, &orientation, "the lines look Chinese",
                                   &part, &tried, &tried_checked, &note, cancellable, error))
            break;
          known = TRUE;
        }
      else if (english_desktop)
        {
          /* On an English desktop a page is most likely English: read
           * it so, and keep the reading if it is English beyond doubt —
           * no sample to read.  Otherwise it is chosen as below. */
          Doubt doubt = { self->handles, FALSE, FALSE };

          doubt.photo = photo;
          g_atomic_int_inc (&n_english_first);
          /* (the handles the page is read with on both cores, unless
           * loaded ahead: ag_engine_preload() leaves them to the page) */
          _ag_handle_cache_load_ahead (self->handles, "eng");
          part = read_bitmap (self, bitmap, pdf_page, index, "eng", options, one_region,
                              page_progress_cb, &progress, &orientation, &doubt, TRUE, cancellable, error);
          if (part == NULL)
            break;
          skipped = doubt.skipped;
          if (_ag_auto_language_is_english (part))
            {
              /* (kept: only now searched for codes, 62 ms on a
               * 12-megapixel photo, which a reading read again need not
               * pay twice) */
              note = _ag_auto_language_dup_note ("eng");
              part = ag_codes_read_page (g_steal_pointer (&part), bitmap, options, one_region, cancellable);
            }
          else
            {
              english = g_steal_pointer (&part);
              known = TRUE;
              /* A photo PP-OCR reads as Chinese: its reading says
               * whether it is, and which Chinese. */
              if (doubt.photo)
                part = read_photo_chinese (self, bitmap, pdf_page, index, options, one_region,
                                           english, &orientation, &languages, &note, cancellable, error);
              if (part == NULL && error != NULL && *error != NULL)
                break;
              /* Nonsense in English on a scan, or upright Han as the
               * English reading's orientation check said: read as
               * Simplified at once, on both cores, and kept if it is that
               * beyond doubt, as on a Chinese desktop; otherwise that
               * reading is the choice's. */
              if (part == NULL && languages == NULL && chinese_next (&orientation, doubt.skipped, english))
                {
                  _ag_handle_cache_load_ahead (self->handles, "chi_sim");
                  tried_with = "chi_sim";
                  /* (a check it makes, where the English reading's was
                   * skipped, is the one the choice takes) */
                  if (!read_chinese_first (self, bitmap, pdf_page, index, tried_with, options,
                                           one_region, &progress, doubt.skipped ? &orientation : NULL,
                                           doubt.skipped ? "nonsense in English" : "Han upright",
                                           &part, &tried, &tried_checked, &note, cancellable, error))
                    break;
                }
            }
        }

      else if ((region == NULL || !region->vertical) && _ag_auto_language_get_desktop_chinese () != NULL)
        {
          /* On a Chinese desktop a page is most likely plain Chinese of
           * the desktop's forms: read it so, and keep the reading if it
           * is that beyond doubt.  Otherwise it is chosen as below. */
          tried_with = _ag_auto_language_get_desktop_chinese ();
          if (!read_chinese_first (self, bitmap, pdf_page, index, tried_with, options, one_region,
                                   &progress, NULL, "the desktop's", &part, &tried, &tried_checked, &note,
                                   cancellable, error))
            break;
        }

      if (part == NULL && languages == NULL)
        {
          /* (the English reading stands for the page read with eng as
           * the check found it: not when the check was the chi_sim
           * reading's and found it turned; without one, the chi_sim
           * reading of a page whose lines look Chinese says whether
           * English goes beside it) */
          languages = _ag_auto_language_choose (self->handles, pix, dpi,
                                                region != NULL ? &region->rect : NULL,
                                                region != NULL && region->vertical, preprocess,
                                                known ? &orientation : NULL,
                                                skipped && orientation.turn_cw != 0 ? NULL : english,
                                                han_first ? tried : NULL,
                                                cancellable, &note, error);
          if (languages == NULL)
            break;
          /* (chosen as read already) */
          if (tried != NULL && g_str_equal (languages, tried_with))
            {
              part = g_steal_pointer (&tried);
              if (!tried_checked)
                second_opinion (options, languages, bitmap, part, cancellable);
            }
        }

      if (part == NULL)
        part = read_bitmap (self, bitmap, pdf_page, index, languages, options, one_region,
                            page_progress_cb, &progress, NULL, NULL, TRUE, cancellable, error);
      if (part == NULL)
        break;
      if (note != NULL)
        prepend_note (part, note);

      if (result == NULL)
        {
          result = g_steal_pointer (&part);
          continue;
        }
      /* The blocks of every region; each note and language once. */
      add_languages (result, part->languages);
      while (part->blocks->len > 0)
        g_ptr_array_add (result->blocks, g_ptr_array_steal_index (part->blocks, 0));
      if (part->note != NULL && (result->note == NULL || strstr (result->note, part->note) == NULL))
        {
          char *both = result->note != NULL ? g_strconcat (result->note, " ", part->note, NULL)
                                            : g_strdup (part->note);

          g_free (result->note);
          result->note = both;
        }
    }

  pixDestroy (&pix);
  /* A part that failed has set the error already; set it only once. */
  if (error != NULL && *error != NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&result);
}

/* One page (or bitmap) in this process: the text layer, or PP-OCR, or
 * Tesseract.  @regions are indices into the options' regions;
 * @pdf_page: @page is a PDF's.  The bitmap read is left in @bitmap (none
 * for a text layer). */
static AgRecognitionPage *
read_page (const AgPageReader *self,
           AgPage              *page,
           gboolean             pdf_page,
           AgBitmap            *given,
           guint                index,
           const char          *languages,
           AgRecognizeOptions  *options,
           GArray              *regions,
           AgTessProgressFunc   progress_func,
           gpointer             progress_data,
           AgBitmap           **bitmap,
           GCancellable        *cancellable,
           GError             **error)
{
  g_autoptr(AgRecognitionPage) result = NULL;

  if (page != NULL && !ag_recognize_options_get_force_ocr (options) && ag_page_has_text_layer (page))
    {
      result = read_text_layer (page, options, regions, error);
      if (result == NULL)
        return NULL;
      result->index = index;
      if (result->engine == NULL)
        result->engine = g_strdup ("text-layer");
      return read_codes_on_pictures (page, g_steal_pointer (&result), options, regions, cancellable);
    }

  if (given != NULL)
    *bitmap = ag_bitmap_ref (given);
  else
    *bitmap = ag_page_render (page,
                              pdf_page ? AG_ENGINE_PDF_DPI : ag_page_get_native_dpi (page),
                              AG_BITMAP_FORMAT_RGBA8, cancellable, error);
  if (*bitmap == NULL)
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* (searched for codes while it is read: ag_codes_read_page() takes
   * what was found) */
  ag_codes_search_ahead (*bitmap, options, regions);

  if (ag_languages_is_auto (languages))
    return read_bitmap_parts (self, *bitmap, pdf_page, index, NULL, options, regions,
                              progress_func, progress_data, cancellable, error);
  if (needs_vertical_model (languages, options, regions))
    return read_bitmap_parts (self, *bitmap, pdf_page, index, languages, options, regions,
                              progress_func, progress_data, cancellable, error);

  return read_bitmap (self, *bitmap, pdf_page, index, languages, options, regions,
                      progress_func, progress_data, NULL, NULL, TRUE, cancellable, error);
}

/* A PDF page is read at AG_ENGINE_PDF_DPI whatever its print's size,
 * and laid out from a copy at this resolution: enough for its rules and
 * gaps, and its layout takes a third of the time. */
#define PDF_LAYOUT_DPI 150.0

/* One page read and laid out (ag_layout_analyze_lines()), here where
 * its pixels are: a sandboxed worker's page goes back to the client with
 * its structure, and the client has nothing to render again for it.  A
 * text layer is laid out from its words alone. */
AgRecognitionPage *
_ag_page_reader_read (const AgPageReader *self,
                      AgPage              *page,
                      AgBitmap            *given,
                      guint                index,
                      const char          *languages,
                      AgRecognizeOptions  *options,
                      GArray              *regions,
                      AgTessProgressFunc   progress_func,
                      gpointer             progress_data,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(AgBitmap) bitmap = NULL;
  gboolean pdf_page = page != NULL && ag_page_get_kind (page) == AG_PAGE_KIND_PDF;
  AgRecognitionPage *result;
  gint64 start;

  ag_runtime_note_page ();
  result = read_page (self, page, pdf_page, given, index, languages, options, regions,
                      progress_func, progress_data, &bitmap, cancellable, error);
  ag_codes_forget_ahead ();
  if (result == NULL)
    {
      ag_layout_forget_page ();
      return NULL;
    }

  start = g_get_monotonic_time ();
  if (bitmap != NULL && pdf_page)
    {
      AgBitmap *reduced = ag_bitmap_new_gray_reduced (bitmap, 0, 0,
                                                      ag_bitmap_get_width (bitmap),
                                                      ag_bitmap_get_height (bitmap),
                                                      (int) (AG_ENGINE_PDF_DPI / PDF_LAYOUT_DPI));

      ag_bitmap_unref (bitmap);
      bitmap = reduced;
    }
  ag_layout_analyze_lines (result, bitmap);
  ag_layout_forget_page ();
  g_debug ("Laid out page %u in %.1f ms", index + 1, (g_get_monotonic_time () - start) / 1000.0);

  return result;
}
