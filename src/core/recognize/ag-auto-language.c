/* ag-auto-language.c — the languages of a page, chosen from what it shows
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The languages "auto" (AG_LANGUAGES_AUTO): before a page, or a region,
 * is read, the engine asks here which installed languages to read it
 * with.  Latin/English, Simplified or Traditional Chinese (with English
 * beside them when the sample shows Latin words: English read where
 * there are none takes a table's rules and specks for letters),
 * vertical Chinese.
 *
 * 1. The page is preprocessed as for reading, and a sample band is
 *    taken: a few lines from a third of the way down (past a title), the
 *    first two dozen characters of each (or a strip of the page where
 *    lines cannot be told apart).
 * 2. Chinese or not, the cheapest test that answers first
 *    (decide_chinese()): the sample read with the desktop's languages
 *    (loaded ahead of time) — plain English read surely is English;
 *    then, for something like Latin read less surely, Tesseract's
 *    orientation and script detection ("Latin": English); then the
 *    sample read with chi_sim, and unless it is sure of itself with
 *    chi_tra too (both at once, on two cores, when neither was read) —
 *    Chinese characters in the words read surely, and surer than
 *    English, are Chinese; and where none of that answers, the script
 *    detection says
 *    how the page is turned (the sample is then taken again, upright)
 *    and whether it is "Han" (on blurred photos it says "Fraktur",
 *    "Cyrillic" or nothing now and then, so it never decides alone).
 *    A sample that reads as nothing at all is tried turned by a quarter
 *    and a half (a photo of a label on its side).
 *    Simplified or Traditional: the characters cannot tell (each model
 *    reads the other's page in its own forms), the confidence can:
 *    Traditional pages read at 91–95 with chi_tra and 63–77 with
 *    chi_sim, Simplified pages at 87–92 with chi_sim and 81–90 with
 *    chi_tra.  Between the two margins below, the desktop's language
 *    decides (it is a hint, not the answer).
 * 3. Chinese in columns (the columns test of ag-orient.c, or a region
 *    marked vertical) is read with the vertical model; its sample is a
 *    few columns set as lines (ag-columns.c).
 *
 * 4. On an English desktop the page reader read the page with eng first
 *    (ag-page-reader.c); when that reading was doubtful, its orientation
 *    check answered the turn and the script in one call, and both are
 *    passed here (AgTessOrientation): the page is turned upright as it
 *    said, the detection is not asked again, Han skips the sample read
 *    with English, and that reading stands for the whole page read with
 *    eng.  A photo PP-OCR reads anyway does not come here at all unless
 *    PP-OCR's reading is not Chinese (_ag_auto_language_judge_reading()).
 *
 * Only installed languages are tried.  When a page looks like it needs
 * one that is not installed, the note says which and how to add it.  The
 * candidates' handles come from the engine's cache, and the chosen one
 * is the one the page is then read with: a choice costs the sample
 * readings, at times the detection, and on a Chinese page the loading of
 * the other Chinese.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "model/ag-convert.h"
#include "recognize/ag-auto-language.h"
#include "recognize/ag-columns.h"
#include "recognize/ag-languages.h"
#include "recognize/ag-languages-private.h"
#include "recognize/ag-leptonica-private.h"
#include "recognize/ag-orient.h"
#include "recognize/ag-preprocess.h"
#include "recognize/tesseract/ag-tess.h"

/* Lines in the sample band. */
#define SAMPLE_LINES 3
/* At most so many line heights of each line. */
#define SAMPLE_WIDTH 24
/* A page tried turned is read whole up to so many pixels; a trial with
 * so many characters read surely ends the trials. */
#define TRIAL_PIXELS (1500 * 1000)
#define GOOD_TRIAL 24
/* The widest sample where lines cannot be found, in pixels. */
#define FALLBACK_WIDTH 1600
/* Columns in the sample of a vertical page. */
#define SAMPLE_COLUMNS 4
/* The height columns are set at (as ag-tess-vertical.c reads them). */
#define COLUMN_CHAR_HEIGHT 30.0
/* A sample read with less mean confidence is checked against the other
 * script. */
#define POOR_CONFIDENCE 70.0
/* Latin read by eng with less is checked against Chinese (Chinese
 * photos the script detection takes for Latin read at 15–35 with eng). */
#define LATIN_CONFIDENCE 55.0
/* A sample read by the desktop's languages with no Chinese, so many
 * letters and so much confidence is English. */
#define ENGLISH_LETTERS 20
#define ENGLISH_CONFIDENCE 85.0
/* A sample with fewer words, or fewer characters read with some
 * confidence, read nothing. */
#define MIN_WORDS 3
#define MIN_SURE_CHARACTERS 5
/* Simplified or Traditional, by how much surer chi_tra is than chi_sim:
 * chi_tra reads a Simplified page nearly as surely as chi_sim (1 to 11
 * points less on the corpus), chi_sim a Traditional one far worse (14
 * to 30 points less).  Up to the first margin Simplified, from the
 * second Traditional, between them the desktop's Chinese. */
#define SIMPLIFIED_MARGIN 2.0
#define TRADITIONAL_MARGIN 6.0
/* chi_sim alone this sure of a sample is Simplified (it reads Simplified
 * pages at 87–92, Traditional ones at 63–77; chi_tra's confidences of
 * the two overlap, so it has no such test). */
#define SIMPLIFIED_SURE 85.0
/* A Chinese page is read with English beside only when its sample
 * read with Chinese and English shows so many Latin words (three
 * letters or more, read at 85 or more: _ag_tess_read_sample()).  English
 * beside Chinese costs a page without Latin text: Tesseract then reads
 * a table's rules and specks as letters (zh_dev_notice_scan: CER 0.044
 * with chi_sim+eng, 0.003 with chi_sim).  On the corpus no Chinese page
 * without Latin text shows one; the mixed pages show 1 to 4 (see
 * docs/recognition.md). */
#define LATIN_WORDS 1
/* One Chinese model alone read its sample worse than this: the page may
 * be in the other forms (Traditional read with chi_sim: 63–77). */
#define OTHER_FORMS_CONFIDENCE 80.0
/* A page first read with chi_sim (its lines looked Chinese) that shows
 * so many Chinese characters, this surely, is Chinese: its sample is not
 * read with the desktop's English to tell (an English page read with
 * chi_sim comes out in Latin letters).  Not surer: chi_sim reads a
 * Traditional page at 63–82 (zht_dev1_clean100 at 79, the English
 * sample then costing 0.5 s of its choice). */
#define HAN_READ_CHARACTERS 10
#define HAN_READ_CONFIDENCE 60.0

typedef struct
{
  double confidence;      /* -1 without words */
  guint  n_words;
  guint  n_han;
  guint  n_latin;
  guint  n_latin_words;   /* words of Latin letters only */
} Reading;

typedef struct
{
  AgHandleCache *handles;
  double         dpi;
  GCancellable  *cancellable;
  GHashTable    *readings;  /* languages (static or interned) → Reading, of @sample */
  PIX           *sample;
  gboolean       have_eng, have_sim, have_tra;
  gboolean       sample_eng;     /* the samples are read with English beside the Chinese */
  gboolean       vertical_region;  /* the region is marked vertical */
  gboolean       hint_chinese;   /* the desktop is Chinese */
  gboolean       hint_traditional;  /* and Traditional */
  const char    *first_chinese;  /* the desktop's, if installed; NULL without Chinese */
  const AgTessOrientation *known;  /* the orientation check of the page's first reading, or NULL */
  PIX           *known_pix;      /* the page it answers for (turned as that reading was kept) */
  gboolean       han_read;       /* the page's first reading, with chi_sim, is surely Chinese */
  gboolean       maybe_traditional;  /* …but not surely Simplified */
  gboolean       skip_empty;     /* a sample the first languages read nothing of is not read again */
  gboolean       load_ahead;     /* the samples' Chinese is the set the page would be read with */
} Chooser;

static gboolean
installed (const char *code)
{
  g_autoptr(AgLanguage) language = ag_languages_lookup (code);

  return language != NULL;
}

/* How many samples were read in this process (for the tests). */
static guint n_samples;

/**
 * _ag_auto_language_get_n_samples:
 *
 * Returns: how many sample readings the automatic choice made in this
 *   process (a photo PP-OCR's reading decides makes none)
 */
guint
_ag_auto_language_get_n_samples (void)
{
  return g_atomic_int_get (&n_samples);
}

/* Reads the sample with @languages; any thread. */
static gboolean
read_one (Chooser     *chooser,
          const char  *languages,
          Reading     *reading,
          GError     **error)
{
  gint64 started = g_get_monotonic_time ();
  AgTess *tess;

  g_atomic_int_inc (&n_samples);
  tess = _ag_handle_cache_checkout (chooser->handles, languages, FALSE, error);
  if (tess == NULL)
    return FALSE;

  reading->confidence = _ag_tess_read_sample (tess, chooser->sample, chooser->dpi, FALSE,
                                              &reading->n_words, &reading->n_han,
                                              &reading->n_latin, &reading->n_latin_words,
                                              chooser->cancellable, error);
  _ag_handle_cache_return (chooser->handles, tess);
  if (g_cancellable_is_cancelled (chooser->cancellable))
    {
      /* Cancelled: an error always, and only one. */
      if (error != NULL && *error == NULL)
        g_cancellable_set_error_if_cancelled (chooser->cancellable, error);
      return FALSE;
    }
  /* A failed sample reading is a poor one, not an error. */
  g_clear_error (error);

  g_debug ("Automatic languages: sample (%dx%d) read with %s in %.1f ms: confidence %.1f, "
           "%u words, %u Chinese and %u Latin characters, %u Latin words",
           pixGetWidth (chooser->sample), pixGetHeight (chooser->sample),
           languages, (g_get_monotonic_time () - started) / 1000.0, reading->confidence,
           reading->n_words, reading->n_han, reading->n_latin, reading->n_latin_words);
  return TRUE;
}

/* Reads the sample with @languages, once. */
static const Reading *
read_sample (Chooser     *chooser,
             const char  *languages,
             GError     **error)
{
  Reading *reading = g_hash_table_lookup (chooser->readings, languages);

  if (reading != NULL)
    return reading;

  reading = g_new0 (Reading, 1);
  if (!read_one (chooser, languages, reading, error))
    {
      g_free (reading);
      return NULL;
    }
  g_hash_table_insert (chooser->readings, (gpointer) languages, reading);
  return reading;
}

typedef struct
{
  Chooser    *chooser;
  const char *languages;
  Reading     reading;
  gboolean    ok;
  GError     *error;
} SampleThread;

static gpointer
read_one_thread (gpointer data)
{
  SampleThread *job = data;

  job->ok = read_one (job->chooser, job->languages, &job->reading, &job->error);
  return NULL;
}

/* Reads the sample with @a and @b, on two cores when neither was read. */
static gboolean
read_samples (Chooser     *chooser,
              const char  *a,
              const char  *b,
              GError     **error)
{
  Chooser other = *chooser;
  SampleThread job = { &other, b, { 0 }, FALSE, NULL };
  g_autoptr(PIX) copy = NULL;
  GThread *thread;

  if (g_hash_table_contains (chooser->readings, a) || g_hash_table_contains (chooser->readings, b) ||
      g_get_num_processors () < 2)
    return read_sample (chooser, a, error) != NULL && read_sample (chooser, b, error) != NULL;

  g_debug ("Automatic languages: the sample read with %s and %s side by side", a, b);
  /* A copy of its own: Tesseract clones the image it is given, and
   * Leptonica's reference counts are not atomic. */
  copy = pixCopy (NULL, chooser->sample);
  other.sample = copy;
  thread = g_thread_new ("[airgap] sample", read_one_thread, &job);
  if (read_sample (chooser, a, error) == NULL)
    {
      g_thread_join (thread);
      g_clear_error (&job.error);
      return FALSE;
    }
  g_thread_join (thread);
  if (!job.ok)
    {
      g_propagate_error (error, job.error);
      return FALSE;
    }
  g_hash_table_insert (chooser->readings, (gpointer) b, g_memdup2 (&job.reading, sizeof job.reading));
  return TRUE;
}

/* Whether a reading with a Chinese model found Chinese: some Chinese
 * characters in the words it is sure of, and not only a few among many
 * Latin letters (an English page read with chi_sim+eng). */
static gboolean
finds_chinese (const Reading *reading)
{
  return reading->n_han >= 2 && reading->n_han * 8 >= reading->n_latin;
}

/* The runs of rows with ink, for the sample band. */
static GArray *
find_lines (PIX *pix)
{
  g_autoptr(PIX) binary = pixConvertTo1 (pix, 128);
  g_autoptr(NUMA) rows = NULL;
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (int) * 2);
  int height, width, min_ink, start = -1;

  if (binary == NULL)
    return lines;
  rows = pixCountPixelsByRow (binary, NULL);
  if (rows == NULL)
    return lines;
  width = pixGetWidth (binary);
  height = numaGetCount (rows);
  /* Between the lines of a scan there are specks and the page's edge:
   * a line has more ink than an eighth of a well inked row. */
  {
    g_autoptr(NUMA) sorted = numaSort (NULL, rows, L_SORT_INCREASING);
    int inked = 0;

    if (sorted != NULL && height > 0)
      numaGetIValue (sorted, (int) (height * 0.9), &inked);
    min_ink = MAX (MAX (2, width / 200), inked / 8);
  }

  for (int y = 0; y <= height; y++)
    {
      int ink = 0;

      if (y < height)
        numaGetIValue (rows, y, &ink);
      if (ink >= min_ink && start < 0)
        start = y;
      else if (ink < min_ink && start >= 0)
        {
          int line[2] = { start, y };

          /* Specks and rules are not lines. */
          if (y - start >= 4)
            g_array_append_val (lines, line);
          start = -1;
        }
    }

  return lines;
}

/* Where the lines cannot be told apart (columns, a photo): a band from a
 * third of the way down, an eighth of the page high, at most so wide. */
static PIX *
middle_band (PIX *pix)
{
  int width = pixGetWidth (pix), height = pixGetHeight (pix);
  g_autoptr(BOX) box = NULL;

  if (height < 400 && width <= FALLBACK_WIDTH)
    return pixClone (pix);
  box = height < 400 ? boxCreate (0, 0, FALLBACK_WIDTH, height)
                     : boxCreate (0, height / 3, MIN (width, FALLBACK_WIDTH), MAX (height / 8, 100));
  return pixClipRectangle (pix, box, NULL);
}

/* A band of a few lines from a third of the way down (all the lines
 * when there are few), and of each line its start, some twenty
 * characters: the whole of @pix when the lines cannot be told apart. */
static PIX *
sample_band (PIX *pix)
{
  g_autoptr(GArray) lines = find_lines (pix);
  g_autoptr(PIX) binary = NULL;
  g_autoptr(NUMA) columns = NULL;
  g_autoptr(BOX) box = NULL;
  int height = pixGetHeight (pix), width = pixGetWidth (pix);
  int first, last, pad, top, bottom, left = 0, right, line_height;

  if (lines->len == 0)
    return middle_band (pix);

  first = MAX (0, MIN ((int) lines->len / 3, (int) lines->len - SAMPLE_LINES));
  last = MIN (first + SAMPLE_LINES, (int) lines->len) - 1;
  top = g_array_index (lines, int, first * 2);
  bottom = g_array_index (lines, int, last * 2 + 1);
  line_height = (bottom - top) / (last - first + 1);
  if (line_height > MAX (height / 8, 200))
    return middle_band (pix);

  pad = MAX (4, line_height / 2);
  top = MAX (0, top - pad);
  bottom = MIN (height, bottom + pad);

  /* From the first ink of the band on. */
  box = boxCreate (0, top, width, bottom - top);
  binary = pixConvertTo1 (pix, 128);
  if (binary != NULL)
    {
      g_autoptr(PIX) strip = pixClipRectangle (binary, box, NULL);

      columns = strip != NULL ? pixCountPixelsByColumn (strip) : NULL;
    }
  for (int x = 0; columns != NULL && x < numaGetCount (columns); x++)
    {
      int ink = 0;

      numaGetIValue (columns, x, &ink);
      if (ink > 0)
        {
          left = MAX (0, x - pad);
          break;
        }
    }
  right = MIN (width, left + SAMPLE_WIDTH * MAX (line_height, 8) + 2 * pad);
  /* Not through a word: back to a blank column, if there is one. */
  for (int x = right - 1; right < width && columns != NULL && x > (left + right) / 2; x--)
    {
      int ink = 0;

      numaGetIValue (columns, x, &ink);
      if (ink == 0)
        {
          right = x + 1;
          break;
        }
    }
  boxSetGeometry (box, left, top, right - left, bottom - top);

  return pixClipRectangle (pix, box, NULL);
}

/* A few columns of a vertical page set as lines, or NULL. */
static PIX *
sample_columns (PIX *pix)
{
  g_autoptr(GPtrArray) columns = _ag_columns_find (pix);
  g_autoptr(GPtrArray) some = NULL;
  g_autoptr(PIX) straightened = NULL;
  double degrees = 0;

  /* Columns that lean run into each other; straightened, they may be
   * found (as ag-tess.c reads them). */
  if (columns == NULL && (straightened = _ag_columns_deskew (pix, &degrees)) != NULL)
    {
      columns = _ag_columns_find (straightened);
      pix = straightened;
    }
  if (columns == NULL || columns->len == 0)
    return NULL;

  some = g_ptr_array_new ();
  for (guint i = 0; i < columns->len && i < SAMPLE_COLUMNS; i++)
    g_ptr_array_add (some, g_ptr_array_index (columns, i));
  return _ag_columns_compose (pix, some, COLUMN_CHAR_HEIGHT);
}

static const char *
chinese_set (const char *code,
             gboolean    with_english)
{
  g_autofree char *set = with_english ? g_strconcat (code, "+eng", NULL) : g_strdup (code);

  return g_intern_string (set);
}

static const char *
name_of (const char *languages)
{
  if (g_str_equal (languages, "chi_sim+eng"))
    return _("Simplified Chinese and English");
  if (g_str_equal (languages, "chi_tra+eng"))
    return _("Traditional Chinese and English");
  if (g_str_equal (languages, "chi_sim"))
    return _("Simplified Chinese");
  if (g_str_equal (languages, "chi_tra"))
    return _("Traditional Chinese");
  if (g_str_equal (languages, "chi_sim_vert"))
    return _("vertical Simplified Chinese");
  if (g_str_equal (languages, "chi_tra_vert"))
    return _("vertical Traditional Chinese");
  return _("English");
}

/* The sample was read with everything tried and gave next to nothing
 * read with some confidence. */
static gboolean
nothing_read (Chooser *chooser)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, chooser->readings);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Reading *reading = value;

      if (reading->n_words >= MIN_WORDS && reading->n_han + reading->n_latin >= MIN_SURE_CHARACTERS)
        return FALSE;
    }
  return TRUE;
}

/* The reading of the sample most sure of Chinese, or NULL. */
static const Reading *
best_chinese (Chooser *chooser)
{
  const char *sets[] = { chinese_set ("chi_sim", FALSE), chinese_set ("chi_tra", FALSE),
                         chinese_set ("chi_sim", TRUE), chinese_set ("chi_tra", TRUE) };
  const Reading *best = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      const Reading *reading = g_hash_table_lookup (chooser->readings, sets[i]);

      if (reading != NULL && finds_chinese (reading) &&
          (best == NULL || reading->confidence > best->confidence))
        best = reading;
    }

  return best;
}

/* Reads the sample with the Chinese installed, both at once; but where
 * Traditional is not the desktop's, chi_sim first: sure of itself, the
 * page is Simplified, and chi_tra need not even be loaded. */
static gboolean
read_chinese (Chooser  *chooser,
              GError  **error)
{
  if (chooser->have_sim && chooser->have_tra)
    {
      const char *sim_set = chinese_set ("chi_sim", chooser->sample_eng);

      /* (a page whose first reading, with chi_sim, was Chinese but not
       * surely Simplified has both samples read at once, chi_tra's
       * handle loading while chi_sim reads: on the corpus every such
       * page is Traditional, chi_sim reading them at 76–82) */
      if (!chooser->hint_traditional && !chooser->maybe_traditional)
        {
          const Reading *sim;

          /* The other core, idle meanwhile, loads a second handle: a
           * Simplified page is then read on both (Traditional ones, read
           * with both at once below, do not wait for it). */
          if (chooser->load_ahead && !g_hash_table_contains (chooser->readings, sim_set))
            _ag_handle_cache_load_ahead (chooser->handles, sim_set);
          sim = read_sample (chooser, sim_set, error);

          if (sim == NULL)
            return FALSE;
          if (finds_chinese (sim) && sim->confidence >= SIMPLIFIED_SURE)
            return TRUE;
        }
      return read_samples (chooser, sim_set, chinese_set ("chi_tra", chooser->sample_eng), error);
    }
  if (chooser->load_ahead &&
      !g_hash_table_contains (chooser->readings, chinese_set (chooser->first_chinese, chooser->sample_eng)))
    _ag_handle_cache_load_ahead (chooser->handles, chinese_set (chooser->first_chinese, chooser->sample_eng));
  return read_sample (chooser, chinese_set (chooser->first_chinese, chooser->sample_eng), error) != NULL;
}

/* Tesseract's orientation and script detection, with the orientation
 * model of the first handle. */
static const char *
detect_script (Chooser  *chooser,
               PIX      *seen,
               int      *turn,
               GError  **error)
{
  const char *languages = chooser->have_eng ? "eng" : chinese_set (chooser->first_chinese, FALSE);
  gint64 started = g_get_monotonic_time ();
  const char *script = NULL;
  float confidence = 0;
  AgTess *tess;

  *turn = 0;
  /* The page's first reading asked already (one call gives the
   * orientation and the script): its answer, for the page it asked of,
   * which _ag_auto_language_choose() turned upright. */
  if (chooser->known != NULL && chooser->known->asked && seen == chooser->known_pix)
    {
      const AgTessOrientation *known = chooser->known;

      /* (turned already when it was sure) */
      script = known->detected ? known->script : NULL;
      g_debug ("Automatic languages: script %s (%.2f), turned %d°, from the page's reading",
               script != NULL ? script : "none", known->script_confidence, *turn);
      return script != NULL ? script : "";
    }

  tess = _ag_handle_cache_checkout (chooser->handles, languages, FALSE, error);
  if (tess == NULL)
    return NULL;
  _ag_tess_detect_script (tess, seen, turn, &script, &confidence);
  _ag_handle_cache_return (chooser->handles, tess);
  g_debug ("Automatic languages: script %s (%.2f), turned %d°, in %.1f ms",
           script != NULL ? script : "none", confidence, *turn,
           (g_get_monotonic_time () - started) / 1000.0);

  return script != NULL ? script : "";
}

/* How many characters the best reading of the sample read surely, a
 * Chinese one counting for two letters. */
static guint
sure_characters (Chooser *chooser)
{
  GHashTableIter iter;
  gpointer value;
  guint best = 0;

  g_hash_table_iter_init (&iter, chooser->readings);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Reading *reading = value;

      best = MAX (best, 2 * reading->n_han + reading->n_latin);
    }
  return best;
}

/* Chinese or not: the cheapest test that answers first.
 *
 * 1. The sample read with the desktop's languages: plain English read
 *    surely is English.
 * 2. Something like Latin read less surely: English if Tesseract's
 *    script detection says Latin.
 * 3. The Chinese installed, both at once (they are needed to tell one
 *    from the other anyway): Chinese found, and surer than English.
 * 4. Neither: the script detection says how the page is turned (the
 *    sample is then taken from the page turned upright, and read
 *    again) and whether it is Han.
 *
 * @seen may be replaced by the page turned upright. */
static gboolean
decide_chinese (Chooser     *chooser,
                PIX        **seen,
                PIX        **band,
                gboolean    *chinese,
                GError     **error)
{
  const char *likely = chooser->hint_chinese && chooser->first_chinese != NULL
                         ? chinese_set (chooser->first_chinese, TRUE) : "eng";
  const char *script = NULL;
  const Reading *first, *eng, *chi;
  int turn = 0;
  /* The first reading's detection saw Han, or its reading with chi_sim
   * is surely Chinese: not English, no sample with the desktop's English
   * to read. */
  gboolean han_detected = chooser->known != NULL && chooser->known->asked && chooser->known->detected &&
                          g_strcmp0 (chooser->known->script, "Han") == 0 && *seen == chooser->known_pix;
  gboolean han_known = (han_detected || chooser->han_read) && g_str_equal (likely, "eng");

  *chinese = FALSE;
  if (chooser->first_chinese == NULL)
    return TRUE;
  if (!chooser->have_eng)
    {
      *chinese = TRUE;
      return TRUE;
    }

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      if (attempt > 0 || !han_known)
        {
          first = read_sample (chooser, likely, error);
          if (first == NULL)
            return FALSE;
          /* Not a word: the band missed the text (a photo of a label),
           * and the other languages read nothing there either; the whole
           * page is tried below. */
          if (chooser->skip_empty && first->n_words == 0)
            return TRUE;
          if (first->n_han == 0 && first->n_latin >= ENGLISH_LETTERS &&
              first->confidence >= ENGLISH_CONFIDENCE)
            return TRUE;
        }

      eng = g_hash_table_lookup (chooser->readings, "eng");
      if (script == NULL && eng != NULL && eng->n_han == 0 && eng->n_latin >= ENGLISH_LETTERS / 2 &&
          eng->confidence >= LATIN_CONFIDENCE)
        {
          script = detect_script (chooser, *seen, &turn, error);
          if (script == NULL)
            return FALSE;
          if (turn == 0 && g_str_equal (script, "Latin"))
            return TRUE;
        }

      if (turn == 0)
        {
          if (!read_chinese (chooser, error))
            return FALSE;
          chi = best_chinese (chooser);
          eng = g_hash_table_lookup (chooser->readings, "eng");
          if (chi != NULL && (eng == NULL || chi->confidence > eng->confidence))
            {
              *chinese = TRUE;
              return TRUE;
            }
          if (script == NULL)
            {
              script = detect_script (chooser, *seen, &turn, error);
              if (script == NULL)
                return FALSE;
            }
        }

      if (turn == 0 || attempt > 0)
        break;

      /* Turned: the sample again, from the page upright. */
      {
        PIX *upright = _ag_orient_rotate (*seen, turn);

        pixCopyResolution (upright, *seen);
        pixDestroy (seen);
        *seen = upright;
        pixDestroy (band);
        *band = sample_band (upright);
        pixCopyResolution (*band, upright);
        chooser->sample = *band;
        chooser->dpi = pixGetXRes (upright);
        g_hash_table_remove_all (chooser->readings);
        turn = 0;
      }
    }

  /* What the script detection says, where the readings do not: Han
   * read at least as surely as English. */
  if (g_strcmp0 (script, "Han") == 0)
    {
      if (!read_chinese (chooser, error))
        return FALSE;
      chi = read_sample (chooser, chinese_set (chooser->first_chinese, TRUE), error);
      if (chi == NULL)
        return FALSE;
      eng = read_sample (chooser, "eng", error);
      if (eng == NULL)
        return FALSE;
      *chinese = chi->n_words >= MIN_WORDS && chi->confidence >= eng->confidence;
    }

  return TRUE;
}

/**
 * _ag_auto_language_choose:
 * @handles: the engine's Tesseract handles
 * @page_pix: the page
 * @dpi: its resolution, 0 if unknown
 * @rect: (nullable): the region to choose for, %NULL for the whole page
 * @vertical: the region is marked as vertical text
 * @preprocess: the page is preprocessed before it is read
 * @orientation: (nullable): what the orientation check of the page's
 *   (or region's) first reading with eng found: the page is turned as
 *   that reading was kept and Tesseract's detection is not asked again
 * @english_reading: (nullable): that reading, which stands for the whole page
 *   read with eng
 * @chinese_reading: (nullable): without one, the page's first reading
 *   with chi_sim, which says as well whether Latin words go beside the
 *   Chinese
 * @note: (out) (transfer full): what was chosen, translated, for the
 *   page's note ("Read as Traditional Chinese and English."), and which
 *   language to install if one was missing
 *
 * Returns: (transfer full): installed languages to read the page or
 *   region with, such as "chi_tra+eng"; %NULL only when cancelled
 */
char *
_ag_auto_language_choose (AgHandleCache  *handles,
                          PIX            *page_pix,
                          double          dpi,
                          const AgRect   *rect,
                          gboolean        vertical,
                          gboolean        preprocess,
                          const AgTessOrientation *orientation,
                          AgRecognitionPage *english_reading,
                          AgRecognitionPage *chinese_reading,
                          GCancellable   *cancellable,
                          char          **note,
                          GError        **error)
{
  g_autoptr(GHashTable) readings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(PIX) crop = NULL;
  g_autoptr(PIX) seen = NULL;
  g_autoptr(PIX) band = NULL;
  g_autoptr(PIX) composed = NULL;
  g_autofree char *missing = NULL;
  AgPreprocessReport report = { 0.0, 1.0, 0 };
  Chooser chooser = { 0 };
  gboolean hint_tra = strstr (ag_languages_get_default (), "chi_tra") != NULL;
  const char *chosen = NULL;
  gboolean chinese = FALSE;
  gboolean traditional = FALSE;
  gint64 started = g_get_monotonic_time ();
  gboolean page_latin = FALSE;
  AgRecognitionPage *latin_reading = english_reading != NULL ? english_reading : chinese_reading;

  *note = NULL;

  chooser.handles = handles;
  chooser.vertical_region = vertical;
  chooser.cancellable = cancellable;
  chooser.readings = readings;
  chooser.have_eng = installed ("eng");
  /* With the page read with eng at hand, that reading says whether
   * English goes beside the Chinese (a Latin word: three letters or more
   * read at 85 or more), and the samples are read with the set the page
   * will be read with (no load of chi_sim+eng for a sample of a page
   * then read with chi_sim, and the other way round). */
  if (latin_reading != NULL && !vertical)
    {
      guint n_words, n_latin_words = 0;

      _ag_tess_count_scripts (latin_reading, &n_words, NULL, NULL, &n_latin_words);
      page_latin = n_latin_words >= LATIN_WORDS;
      g_debug ("Automatic languages: %u Latin words in the page read with %s", n_latin_words,
               latin_reading == english_reading ? "eng" : "chi_sim");
    }
  /* (and the page read with chi_sim may say it is Chinese) */
  if (chinese_reading != NULL && english_reading == NULL && !vertical)
    {
      guint n_han;
      double confidence = _ag_tess_count_scripts (chinese_reading, NULL, &n_han, NULL, NULL);

      chooser.han_read = n_han >= HAN_READ_CHARACTERS && confidence >= HAN_READ_CONFIDENCE;
      chooser.maybe_traditional = chooser.han_read && confidence < SIMPLIFIED_SURE;
    }
  chooser.sample_eng = chooser.have_eng && (latin_reading == NULL || vertical || page_latin);
  /* (then the samples are read with the set the page will be read with) */
  chooser.load_ahead = latin_reading != NULL && !vertical;
  chooser.have_sim = installed ("chi_sim");
  chooser.have_tra = installed ("chi_tra");
  chooser.hint_chinese = strstr (ag_languages_get_default (), "chi_") != NULL;
  chooser.hint_traditional = hint_tra;
  /* Try first the Chinese of the desktop, if installed. */
  if (chooser.have_sim || chooser.have_tra)
    chooser.first_chinese = (hint_tra && chooser.have_tra) || !chooser.have_sim ? "chi_tra" : "chi_sim";

  crop = _ag_pix_clip_rect (page_pix, rect);

  seen = preprocess ? _ag_preprocess_run (crop, &report) : pixClone (crop);
  if (report.scale <= 0)
    report.scale = 1.0;
  chooser.dpi = _ag_preprocess_report_dpi (&report, dpi);
  if (chooser.dpi > 0)
    pixSetResolution (seen, (l_int32) chooser.dpi, (l_int32) chooser.dpi);
  else
    pixSetResolution (seen, 0, 0);

  /* The page as the first reading found it upright: turned as that
   * reading was kept, when the detection said so, or as the detection
   * said surely (Chinese read with eng is nonsense either way up).  A
   * turn kept only for a reading less of nonsense is no guide. */
  if (orientation != NULL && !vertical &&
      (orientation->kept_turn == 0 || orientation->kept_turn == orientation->turn_cw))
    {
      int upright_turn = 0;

      if (orientation->detected &&
          (orientation->kept_turn != 0 || _ag_orient_turn_trusted (orientation->turn_cw,
                                                                   orientation->confidence)))
        upright_turn = orientation->turn_cw;
      if (upright_turn != 0)
        {
          PIX *upright = _ag_orient_rotate (seen, upright_turn);

          pixCopyResolution (upright, seen);
          pixDestroy (&seen);
          seen = upright;
        }
      chooser.known = orientation;
      chooser.known_pix = seen;
    }

  band = sample_band (seen);
  pixCopyResolution (band, seen);
  chooser.sample = band;

  /* A region marked vertical is Chinese. */
  if (vertical)
    chinese = chooser.first_chinese != NULL;
  else if (chooser.first_chinese != NULL && _ag_orient_looks_vertical (seen) &&
           (composed = sample_columns (seen)) != NULL)
    {
      /* Text in columns: vertical Chinese, or a page of lines on its
       * side.  The sample is a few columns set as lines. */
      int turn = 0;

      pixSetResolution (composed, 0, 0);
      chooser.sample = composed;
      chooser.dpi = 0;
      chooser.load_ahead = FALSE;
      if (!decide_chinese (&chooser, &seen, &band, &chinese, error))
        return NULL;
      if (chooser.sample == composed)
        {
          /* Upright characters are columns; characters on their side
           * are a page turned (Tesseract's detection says so). */
          if (chinese && detect_script (&chooser, seen, &turn, error) == NULL)
            return NULL;
          if (chinese && turn == 0)
            vertical = TRUE;
          else
            {
              PIX *upright = turn != 0 ? _ag_orient_rotate (seen, turn) : pixClone (seen);

              pixCopyResolution (upright, seen);
              pixDestroy (&seen);
              seen = upright;
              pixDestroy (&band);
              band = sample_band (seen);
              pixCopyResolution (band, seen);
              chooser.sample = band;
              chooser.dpi = pixGetXRes (seen);
              g_hash_table_remove_all (readings);
              if (!decide_chinese (&chooser, &seen, &band, &chinese, error))
                return NULL;
            }
        }
    }
  else
    {
      chooser.skip_empty = TRUE;
      if (!decide_chinese (&chooser, &seen, &band, &chinese, error))
        return NULL;
      chooser.skip_empty = FALSE;
    }

  /* Nothing read at all: the band missed the text (a photo of a label),
   * or the page is on its side where Tesseract's detection did not say
   * so.  The whole page, upright and turned, and the best reading. */
  if (!chinese && !vertical && chooser.first_chinese != NULL && nothing_read (&chooser))
    {
      static const int turns[] = { 0, 90, 270, 180 };
      g_autoptr(GHashTable) best_readings = NULL;
      g_autoptr(PIX) best_page = NULL;
      g_autoptr(PIX) best_band = NULL;
      guint best_score = 0;

      for (guint i = 0; i < G_N_ELEMENTS (turns) && best_score < GOOD_TRIAL; i++)
        {
          g_autoptr(PIX) turned = turns[i] != 0 ? _ag_orient_rotate (seen, turns[i]) : pixClone (seen);
          g_autoptr(PIX) whole = NULL;
          g_autoptr(GHashTable) trial = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
          guint score;

          pixCopyResolution (turned, seen);
          /* the whole of it, unless it is large: the lines of a page on
           * its side are no guide to a band */
          whole = (gsize) pixGetWidth (turned) * pixGetHeight (turned) <= TRIAL_PIXELS
                    ? pixClone (turned) : middle_band (turned);
          pixCopyResolution (whole, seen);
          chooser.sample = whole;
          chooser.readings = trial;
          /* The page upright as first read, whole: that reading is the
           * one with eng. */
          if (english_reading != NULL && turns[i] == 0 && seen == chooser.known_pix &&
              pixGetWidth (whole) == pixGetWidth (seen) && pixGetHeight (whole) == pixGetHeight (seen))
            {
              Reading *known = g_new0 (Reading, 1);

              known->confidence = _ag_tess_count_scripts (english_reading, &known->n_words, &known->n_han,
                                                          &known->n_latin, &known->n_latin_words);
              g_hash_table_insert (trial, (gpointer) "eng", known);
              g_debug ("Automatic languages: the page read with eng: confidence %.1f, %u words, "
                       "%u Chinese and %u Latin characters", known->confidence, known->n_words,
                       known->n_han, known->n_latin);
            }
          if (!read_sample (&chooser, "eng", error))
            return NULL;
          /* Both Chinese at once, on two cores: a whole page is slower
           * to read than a sample and seldom sure enough for one alone. */
          if (chooser.have_sim && chooser.have_tra
                ? !read_samples (&chooser, chinese_set ("chi_sim", chooser.sample_eng),
                                 chinese_set ("chi_tra", chooser.sample_eng), error)
                : !read_chinese (&chooser, error))
            return NULL;
          score = sure_characters (&chooser);
          g_debug ("Automatic languages: tried the page turned %d°: %u characters read surely",
                   turns[i], score);
          if (score > best_score)
            {
              best_score = score;
              g_clear_pointer (&best_readings, g_hash_table_unref);
              best_readings = g_steal_pointer (&trial);
              g_clear_pointer (&best_page, _ag_pix_free);
              best_page = g_steal_pointer (&turned);
              g_clear_pointer (&best_band, _ag_pix_free);
              best_band = g_steal_pointer (&whole);
            }
        }

      chooser.readings = readings;
      chooser.sample = band;
      if (best_score >= MIN_SURE_CHARACTERS)
        {
          GHashTableIter iter;
          gpointer key, value;
          const Reading *chi, *eng;

          /* The best trial's sample and readings, for Simplified or
           * Traditional below. */
          g_hash_table_remove_all (readings);
          g_hash_table_iter_init (&iter, best_readings);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              g_hash_table_iter_steal (&iter);
              g_hash_table_insert (readings, key, value);
            }
          g_clear_pointer (&seen, _ag_pix_free);
          g_clear_pointer (&band, _ag_pix_free);
          seen = g_steal_pointer (&best_page);
          band = g_steal_pointer (&best_band);
          chooser.sample = band;
          chi = best_chinese (&chooser);
          eng = g_hash_table_lookup (readings, "eng");
          chinese = chi != NULL && (eng == NULL || chi->confidence > eng->confidence);
        }
      else
        /* Still nothing: the desktop's languages, as good as any. */
        chinese = chooser.hint_chinese;
    }

  /* Chinese in columns is read with the vertical models; their sample
   * is a few columns set as lines (a region marked vertical: here). */
  if (chinese && vertical && chooser.sample != composed && composed == NULL &&
      (composed = sample_columns (seen)) != NULL)
    {
      g_hash_table_remove_all (readings);
      pixSetResolution (composed, 0, 0);
      chooser.sample = composed;
      chooser.dpi = 0;
    }

  /* Simplified or Traditional */
  if (chinese && chooser.have_sim && chooser.have_tra)
    {
      const char *sim_set = chinese_set ("chi_sim", chooser.sample_eng);
      const char *tra_set = chinese_set ("chi_tra", chooser.sample_eng);
      const Reading *sim, *tra;
      double difference;

      if (!read_chinese (&chooser, error))
        return NULL;
      sim = g_hash_table_lookup (readings, sim_set);
      tra = g_hash_table_lookup (readings, tra_set);
      /* (no chi_tra reading, or one not needed: chi_sim was sure of
       * itself, read_chinese()) */
      if (!hint_tra && sim != NULL && finds_chinese (sim) && sim->confidence >= SIMPLIFIED_SURE)
        tra = NULL;
      difference = tra != NULL ? tra->confidence - sim->confidence : 0;
      if (difference >= TRADITIONAL_MARGIN)
        traditional = TRUE;
      else if (difference > SIMPLIFIED_MARGIN)
        traditional = hint_tra;
    }
  else if (chinese)
    {
      const Reading *one = read_sample (&chooser, chinese_set (chooser.first_chinese, chooser.sample_eng),
                                        error);

      if (one == NULL)
        return NULL;
      traditional = g_str_equal (chooser.first_chinese, "chi_tra");
      if (one->n_words >= MIN_WORDS && one->confidence < OTHER_FORMS_CONFIDENCE)
        missing = _ag_languages_dup_missing_message (traditional ? "chi_sim" : "chi_tra");
    }
  else if (chooser.first_chinese == NULL)
    {
      int turn = 0;
      const char *script = vertical ? "Han" : detect_script (&chooser, seen, &turn, NULL);

      /* English is read; the note says which Chinese would be better. */
      if (g_strcmp0 (script, "Han") == 0)
        missing = _ag_languages_dup_missing_message (hint_tra ? "chi_tra" : "chi_sim");
    }

  if (chinese)
    {
      const char *code = traditional ? "chi_tra" : "chi_sim";
      const char *vert = traditional ? "chi_tra_vert" : "chi_sim_vert";

      if (vertical && installed (vert))
        chosen = vert;
      else
        {
          gboolean english = FALSE;

          if (chooser.have_eng && latin_reading != NULL && !chooser.vertical_region)
            english = page_latin;
          else if (chooser.have_eng)
            {
              const Reading *both = read_sample (&chooser, chinese_set (code, TRUE), error);

              if (both == NULL)
                return NULL;
              english = both->n_latin_words >= LATIN_WORDS;
            }
          chosen = chinese_set (code, english);
          if (vertical)
            missing = _ag_languages_dup_missing_message (vert);
        }
    }
  else
    chosen = chooser.have_eng ? "eng" : chinese_set (chooser.first_chinese, FALSE);

  g_debug ("Automatic languages: %s, chosen in %.1f ms", chosen,
           (g_get_monotonic_time () - started) / 1000.0);

  *note = _ag_auto_language_dup_note (chosen);
  if (missing != NULL)
    {
      char *both = g_strconcat (*note, " ", missing, NULL);

      g_free (*note);
      *note = both;
    }

  return g_strdup (chosen);
}

/* What a page's words say of its language: how many, how surely read,
 * their Latin letters and words, their Chinese characters. */
typedef struct
{
  guint    n_words;
  guint    n_unsure;       /* read under PAGE_UNSURE */
  guint    n_letters;      /* ASCII letters */
  guint    n_latin_words;  /* words of two ASCII letters or more */
  double   sum;            /* of the words' confidences */
  GString *han;            /* the Chinese characters, in order */
} Tally;

static void
tally_clear (Tally *tally)
{
  if (tally->han != NULL)
    g_string_free (tally->han, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tally, tally_clear)

/* A word read less surely than this is one Tesseract was unsure of (a
 * line in another script read is words of low confidence). */
#define PAGE_UNSURE 50.0

static void
tally_words (AgRecognitionPage *page,
             Tally             *tally)
{
  tally->han = g_string_new (NULL);
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      if (block->kind == AG_BLOCK_KIND_CODE)
        continue;
      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);
              guint letters = 0;

              tally->n_words++;
              tally->sum += word->confidence;
              if (word->confidence < PAGE_UNSURE)
                tally->n_unsure++;
              for (const char *p = word->text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
                {
                  gunichar c = g_utf8_get_char (p);

                  if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN)
                    g_string_append_unichar (tally->han, c);
                  else if (c < 0x80 && g_ascii_isalpha (c))
                    letters++;
                }
              tally->n_letters += letters;
              if (letters >= 2)
                tally->n_latin_words++;
            }
        }
    }
}

/* A reading that is English beyond doubt: enough letters, read surely,
 * and hardly a word Tesseract was unsure of (a Chinese line read with
 * eng is words of low confidence). */
#define ENGLISH_PAGE_LETTERS 20
#define ENGLISH_PAGE_CONFIDENCE 85.0

/**
 * _ag_auto_language_is_english:
 * @page: a page (or region) read with eng
 *
 * Whether @page, read with English, is English beyond doubt: then the
 * automatic choice needs no sample (the page reader reads a page with
 * the desktop's English first, and chooses only when this says no).
 *
 * Returns: %TRUE if the reading can be kept as the automatic one
 */
gboolean
_ag_auto_language_is_english (AgRecognitionPage *page)
{
  g_auto(Tally) tally = { 0 };

  tally_words (page, &tally);
  return tally.n_letters >= ENGLISH_PAGE_LETTERS &&
         tally.sum / MAX (tally.n_words, 1) >= ENGLISH_PAGE_CONFIDENCE &&
         tally.n_unsure * 20 <= tally.n_words;
}

/* A reading by PP-OCR (which reads Chinese, both forms, and Latin) is of
 * a Chinese page with so many Chinese characters read surely. */
#define JUDGED_CHINESE 8

/* The characters of @text that @conversion changes. */
static guint
count_changed (const char   *text,
               AgConversion  conversion)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *converted = ag_convert_text (text, conversion, &error);
  const char *a = text, *b = converted;
  guint n = 0;

  if (converted == NULL)
    return 0;
  /* (OpenCC changes Han characters one for one) */
  for (; *a != '\0' && *b != '\0'; a = g_utf8_next_char (a), b = g_utf8_next_char (b))
    if (g_utf8_get_char (a) != g_utf8_get_char (b))
      n++;
  return n;
}

/* A reading that is Chinese beyond doubt: enough Chinese characters, the
 * words read surely, hardly one Tesseract was unsure of, not two Latin
 * words (whether English goes beside is the choice's question; one is
 * noise as often as not: a speck read "Cc"), and the forms of the
 * desktop's Chinese. */
#define CHINESE_PAGE_HAN 20
#define CHINESE_PAGE_LATIN_WORDS 2
#define CHINESE_PAGE_CONFIDENCE 85.0
/* The same without the desktop's hint (a page whose English reading's
 * check saw Han): Traditional pages read with chi_sim at 79–86 (the
 * corpus's, and test-cli's), Simplified ones at 90–94. */
#define CHINESE_PAGE_CONFIDENCE_UNHINTED 88.0

/**
 * _ag_auto_language_get_desktop_chinese:
 *
 * Returns: (nullable): "chi_sim" or "chi_tra" on a Chinese desktop where it
 *   is installed (the page reader reads with it first), else %NULL
 */
const char *
_ag_auto_language_get_desktop_chinese (void)
{
  const char *languages = ag_languages_get_default ();

  if (g_str_has_prefix (languages, "chi_sim"))
    return "chi_sim";
  if (g_str_has_prefix (languages, "chi_tra"))
    return "chi_tra";
  return NULL;
}

/**
 * _ag_auto_language_is_chinese:
 * @page: a page (or region) read with @chinese alone
 * @chinese: "chi_sim" or "chi_tra": the desktop's, or chi_sim where the
 *   page's English reading's orientation check saw Han upright
 *
 * Whether @page, read with @chinese, is that Chinese beyond doubt, as
 * _ag_auto_language_is_english() for English: a plain Chinese page on a
 * Chinese desktop then costs what `-l` costs.  A page with Latin words,
 * read unsurely, or in the other Chinese's forms goes to the choice.
 * Without the desktop's hint the bar is higher: chi_sim reads a
 * Traditional page nearly as surely, in Simplified forms (and PP-OCR's
 * second opinion lifts it further).
 *
 * Returns: %TRUE if the reading can be kept as the automatic one
 */
gboolean
_ag_auto_language_is_chinese (AgRecognitionPage *page,
                              const char        *chinese)
{
  g_auto(Tally) tally = { 0 };
  guint n_simplified, n_traditional, n_han;
  gboolean traditional = g_str_equal (chinese, "chi_tra");
  gboolean hinted = g_strcmp0 (_ag_auto_language_get_desktop_chinese (), chinese) == 0;
  double mean;

  tally_words (page, &tally);
  mean = tally.sum / MAX (tally.n_words, 1);
  n_han = g_utf8_strlen (tally.han->str, -1);
  if (n_han < CHINESE_PAGE_HAN || tally.n_latin_words >= CHINESE_PAGE_LATIN_WORDS ||
      mean < (hinted ? CHINESE_PAGE_CONFIDENCE : CHINESE_PAGE_CONFIDENCE_UNHINTED) ||
      tally.n_unsure * 20 > tally.n_words)
    {
      g_debug ("Automatic languages: the page read with %s (%u Chinese characters, %u Latin words, "
               "confidence %.1f, %u of %u words unsure) is not plain %s", chinese, n_han,
               tally.n_latin_words, mean, tally.n_unsure, tally.n_words, chinese);
      return FALSE;
    }

  /* The forms: a Traditional page read with chi_sim, or a Simplified one
   * with chi_tra, shows some of the other's.  (The other's forms counted
   * first: where there are none, the page's own need no counting, and a
   * Simplified page needs no s2t, whose phrase table takes 40–60 ms to
   * load where t2s takes 2.) */
  if (traditional)
    {
      n_simplified = count_changed (tally.han->str, AG_CONVERSION_S2T);
      n_traditional = n_simplified > 0 ? count_changed (tally.han->str, AG_CONVERSION_T2S) : 0;
    }
  else
    {
      n_traditional = count_changed (tally.han->str, AG_CONVERSION_T2S);
      n_simplified = n_traditional > 0 ? count_changed (tally.han->str, AG_CONVERSION_S2T) : 0;
    }
  if (traditional ? n_simplified * 4 > n_traditional : n_traditional * 4 > n_simplified)
    {
      g_debug ("Automatic languages: the page read with %s has %u Simplified and %u Traditional forms",
               chinese, n_simplified, n_traditional);
      return FALSE;
    }

  g_debug ("Automatic languages: the page read with %s (%u Chinese characters, confidence %.1f, "
           "%u of %u words unsure) is plain %s", chinese, n_han, mean, tally.n_unsure, tally.n_words,
           chinese);
  return TRUE;
}

/**
 * _ag_auto_language_judge_reading:
 * @page: a page (or region) read by PP-OCR
 * @on_its_side: the page is turned a quarter (Tesseract's detection said
 *   so): its lines stand up, and are no columns
 * @traditional: (out): its Chinese is Traditional
 * @english: (out): it has Latin words (English goes beside the Chinese)
 *
 * Whether @page is Chinese, from what PP-OCR read: on a photo PP-OCR
 * reads anyway, its reading answers without Tesseract's samples.
 * Simplified or Traditional is told from the characters: PP-OCR reads
 * each in the forms printed, and OpenCC knows which forms are whose (on
 * the corpus's photos, of the characters read, 18–37 are Simplified
 * forms and none Traditional on a Simplified page; 21–24 Traditional
 * and 1–5 Simplified on a Traditional one).
 *
 * Returns: %TRUE if @page is Chinese, %FALSE if it is not or if it is
 *   vertical text (lines standing up: the choice has the vertical models)
 */
gboolean
_ag_auto_language_judge_reading (AgRecognitionPage *page,
                                 gboolean           on_its_side,
                                 gboolean          *traditional,
                                 gboolean          *english)
{
  g_autoptr(GString) han = g_string_new (NULL);
  guint n_words, n_han, n_latin, n_latin_words, n_simplified, n_traditional;
  guint n_in_columns = 0;

  *traditional = FALSE;
  *english = FALSE;
  _ag_tess_count_scripts (page, &n_words, &n_han, &n_latin, &n_latin_words);
  if (n_han < JUDGED_CHINESE || n_han * 8 < n_latin)
    {
      g_debug ("Automatic languages: the reading has %u Chinese and %u Latin characters: not Chinese",
               n_han, n_latin);
      return FALSE;
    }

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);
          gboolean column = line->box.height * page->height > 1.5 * line->box.width * page->width;

          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);

              for (const char *p = word->text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
                if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
                  {
                    g_string_append_unichar (han, g_utf8_get_char (p));
                    n_in_columns += column ? 1 : 0;
                  }
            }
        }
    }

  /* Vertical text (PP-OCR reads columns as lines standing up): the
   * choice, with its columns test and the vertical models, decides. */
  if (!on_its_side && n_in_columns * 2 >= g_utf8_strlen (han->str, -1))
    {
      g_debug ("Automatic languages: the reading is in columns (%u of its Chinese characters)",
               n_in_columns);
      return FALSE;
    }

  /* (no Traditional forms: Simplified, without s2t's load) */
  n_traditional = count_changed (han->str, AG_CONVERSION_T2S);
  n_simplified = n_traditional > 0 ? count_changed (han->str, AG_CONVERSION_S2T) : 0;
  *traditional = n_traditional > n_simplified;
  *english = n_latin_words >= LATIN_WORDS;
  g_debug ("Automatic languages: the reading has %u Chinese characters (%u Simplified forms, "
           "%u Traditional ones), %u Latin words: %s", n_han, n_simplified, n_traditional,
           n_latin_words, *traditional ? "Traditional" : "Simplified");
  return TRUE;
}

/**
 * _ag_auto_language_dup_note:
 * @languages: what the automatic choice chose
 *
 * Returns: (transfer full): "Read as English.", for the status line
 */
char *
_ag_auto_language_dup_note (const char *languages)
{
  /* Translators: %s is a language, such as "Traditional Chinese and English" */
  return g_strdup_printf (_("Read as %s."), name_of (languages));
}
