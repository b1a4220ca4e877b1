/* ag-ppocr-check.c — PP-OCR's second opinion on Tesseract's unsure words
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "model/ag-convert.h"
#include "recognize/ag-engine.h"
#include "recognize/ppocr/ag-ppocr-loader-private.h"

/* A word is unsure below this (0..100): on clean Chinese pages
 * Tesseract's misread characters come out at 0–30, the right ones mostly
 * at 80–97 and a few at 35–60. */
#define UNSURE_WORD_CONFIDENCE   30.0f
/* …and on a Traditional page doubtful below this: chi_tra also misreads
 * some at 50–70 (耐 read 而 at 67 on the corpus's page at 100 dpi; on
 * 24 Traditional pages made at 96 and 300 dpi, five read better and none
 * worse).  Not on Simplified pages: there the corpus's doubtful words
 * were all right, and reading them again only loaded PP-OCR for seven
 * more pages. */
#define DOUBTFUL_WORD_CONFIDENCE 70.0f
/* PP-OCR's reading replaces Tesseract's only this sure of itself. */
#define SURE_CONFIDENCE          90.0

/* Spot.only for a spot all of whose words may take PP-OCR's reading */
#define ALL_WORDS G_MAXUINT

typedef struct
{
  AgLine *line;
  guint   first;    /* words first..last of @line */
  guint   last;
  guint   only;     /* the one word that may change, or ALL_WORDS */
} Spot;

/* Which Chinese the second opinion is for: Simplified, Traditional (with
 * English beside it or not), or none (another language among them). */
typedef enum
{
  CHECK_NONE,
  CHECK_SIMPLIFIED,
  CHECK_TRADITIONAL,
} CheckKind;

static CheckKind
check_kind (const char *languages)
{
  g_auto(GStrv) codes = g_strsplit (languages != NULL ? languages : "", "+", -1);
  gboolean sim = FALSE, tra = FALSE;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (g_str_equal (codes[i], "chi_sim"))
        sim = TRUE;
      else if (g_str_equal (codes[i], "chi_tra"))
        tra = TRUE;
      else if (!g_str_equal (codes[i], "eng") && codes[i][0] != '\0')
        return CHECK_NONE;
    }

  if (sim)
    return CHECK_SIMPLIFIED;
  return tra ? CHECK_TRADITIONAL : CHECK_NONE;
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

static gboolean
is_unsure (AgWord *word)
{
  return word->confidence < UNSURE_WORD_CONFIDENCE && has_han (word->text);
}

static gboolean
is_doubtful (AgWord   *word,
             CheckKind kind)
{
  return kind == CHECK_TRADITIONAL && word->confidence >= UNSURE_WORD_CONFIDENCE &&
         word->confidence < DOUBTFUL_WORD_CONFIDENCE && has_han (word->text);
}

/* The unsure words of @line, each with a neighbour on either side for
 * the recogniser to read it in context, overlapping spans merged; all
 * the words of such a spot may change (蒸笼 read 荣党, 荣 at 0 and 党 at
 * 77).  Then each doubtful word outside them, with its neighbours, of
 * which only it may change: PP-OCR now and then misreads a character at
 * the edge of a small box (识 as 只, where 识 was at 91), and a neighbour
 * Tesseract is sure of is more often right than that. */
static void
find_spots (AgLine   *line,
            CheckKind kind,
            GArray   *spots)
{
  Spot spot = { line, 0, 0, ALL_WORDS };
  guint first_spot = spots->len;
  gboolean open = FALSE;

  for (guint w = 0; w < line->words->len; w++)
    {
      guint first, last;

      if (!is_unsure (g_ptr_array_index (line->words, w)))
        continue;
      first = w > 0 ? w - 1 : 0;
      last = MIN (w + 1, line->words->len - 1);
      if (open && first <= spot.last + 1)
        {
          spot.last = last;
          continue;
        }
      if (open)
        g_array_append_val (spots, spot);
      spot.first = first;
      spot.last = last;
      open = TRUE;
    }
  if (open)
    g_array_append_val (spots, spot);

  for (guint w = 0; w < line->words->len; w++)
    {
      gboolean covered = FALSE;

      if (!is_doubtful (g_ptr_array_index (line->words, w), kind))
        continue;
      for (guint i = first_spot; i < spots->len && !covered; i++)
        {
          Spot *other = &g_array_index (spots, Spot, i);

          covered = other->only == ALL_WORDS && other->first <= w && w <= other->last;
        }
      if (covered)
        continue;
      spot.first = w > 0 ? w - 1 : 0;
      spot.last = MIN (w + 1, line->words->len - 1);
      spot.only = w;
      g_array_append_val (spots, spot);
    }
}

/* The spots of every horizontal line of @page (find_spots()). */
static void
find_page_spots (AgRecognitionPage *page,
                 CheckKind          kind,
                 GArray            *spots)
{
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      if (!block->vertical)
        for (guint l = 0; l < block->lines->len; l++)
          find_spots (g_ptr_array_index (block->lines, l), kind, spots);
    }
}

/* The box to read @spot in: its words with a margin that stops halfway
 * to the next word, and half the line's height above and below, about
 * as PP-OCR's detector would have boxed it. */
static AgRect
spot_box (const Spot *spot)
{
  GPtrArray *words = spot->line->words;
  AgWord *first = g_ptr_array_index (words, spot->first);
  AgWord *last = g_ptr_array_index (words, spot->last);
  double x0 = first->box.x, x1 = last->box.x + last->box.width;
  double y0 = spot->line->box.y, y1 = spot->line->box.y + spot->line->box.height;
  double h = spot->line->box.height;
  AgRect box;

  for (guint w = spot->first; w <= spot->last; w++)
    {
      AgWord *word = g_ptr_array_index (words, w);

      y0 = MIN (y0, word->box.y);
      y1 = MAX (y1, word->box.y + word->box.height);
    }

  /* Tesseract's boxes of neighbouring words may overlap (a word's box
   * now and then runs over the next ones): then the spot's own edge. */
  if (spot->first > 0)
    {
      AgWord *before = g_ptr_array_index (words, spot->first - 1);
      double right = before->box.x + before->box.width;

      if (right < x0)
        x0 = (right + x0) / 2;
    }
  else
    x0 -= 0.5 * (x1 - x0) / MAX (1, spot->last - spot->first + 1);
  if (spot->last + 1 < words->len)
    {
      AgWord *after = g_ptr_array_index (words, spot->last + 1);

      if (after->box.x > x1)
        x1 = (x1 + after->box.x) / 2;
    }
  else
    x1 += 0.5 * (x1 - x0) / MAX (1, spot->last - spot->first + 1);

  box.x = x0;
  box.width = x1 - x0;
  box.y = y0 - h / 2;
  box.height = y1 - y0 + h;
  ag_rect_clamp (&box);

  return box;
}

typedef struct
{
  gunichar c;
  float    confidence;
  guint    word;         /* Tesseract's characters: the word they are in */
} Char;

/* Costs of the alignment: a character read differently costs more than
 * one missing on one side, so that an edge PP-OCR missed or made up
 * shifts nothing (的塔训 against 培训。: 塔 is 培, 训 is 训). */
#define COST_CHANGE 10
#define COST_GAP    6

static void
append_chars (GArray     *chars,
              const char *text,
              float       confidence,
              guint       word)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      Char one = { g_utf8_get_char (p), confidence, word };

      if (!g_unichar_isspace (one.c))
        g_array_append_val (chars, one);
    }
}

/* For each of Tesseract's characters @ours, the index of PP-OCR's
 * character @theirs it lines up with (edit-distance alignment), or -1. */
static int *
align (GArray *ours,
       GArray *theirs)
{
  guint n = ours->len, m = theirs->len;
  g_autofree guint *cost = g_new (guint, (n + 1) * (m + 1));
  int *pairs = g_new (int, MAX (n, 1));
  guint i, j;

#define COST(a, b) cost[(a) * (m + 1) + (b)]
  for (i = 0; i <= n; i++)
    COST (i, 0) = i * COST_GAP;
  for (j = 0; j <= m; j++)
    COST (0, j) = j * COST_GAP;
  for (i = 1; i <= n; i++)
    for (j = 1; j <= m; j++)
      {
        guint same = g_array_index (ours, Char, i - 1).c == g_array_index (theirs, Char, j - 1).c;

        COST (i, j) = MIN (COST (i - 1, j - 1) + (same ? 0 : COST_CHANGE),
                           MIN (COST (i - 1, j), COST (i, j - 1)) + COST_GAP);
      }

  for (i = 0; i < n; i++)
    pairs[i] = -1;
  i = n;
  j = m;
  while (i > 0 && j > 0)
    {
      guint same = g_array_index (ours, Char, i - 1).c == g_array_index (theirs, Char, j - 1).c;

      if (COST (i, j) == COST (i - 1, j - 1) + (same ? 0 : COST_CHANGE))
        {
          pairs[i - 1] = (int) (j - 1);
          i--;
          j--;
        }
      else if (COST (i, j) == COST (i - 1, j) + COST_GAP)
        i--;
      else
        j--;
    }
#undef COST

  return pairs;
}

/* Puts PP-OCR's @reading of @spot in place of Tesseract's words where it
 * is better.  PP-OCR's boxes of characters are too rough to match by
 * place, so the two readings are aligned character by character; a word
 * takes PP-OCR's characters when every one of its characters lines up
 * with one of PP-OCR's, each at least SURE_CONFIDENCE and, on average,
 * surer than Tesseract was (and PP-OCR's confidence where they read the
 * same).  Returns how many words changed their text. */
static guint
take_better (const Spot *spot,
             GPtrArray  *reading)
{
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (Char));
  g_autoptr(GArray) theirs = g_array_new (FALSE, FALSE, sizeof (Char));
  g_autofree int *pairs = NULL;
  guint n_changed = 0, at = 0;

  for (guint w = spot->first; w <= spot->last; w++)
    {
      AgWord *word = g_ptr_array_index (spot->line->words, w);

      append_chars (ours, word->text, word->confidence, w);
    }
  for (guint r = 0; r < reading->len; r++)
    {
      AgWord *word = g_ptr_array_index (reading, r);

      append_chars (theirs, word->text, word->confidence, r);
    }
  if (ours->len == 0 || theirs->len == 0)
    return 0;
  pairs = align (ours, theirs);

  for (guint w = spot->first; w <= spot->last; w++)
    {
      AgWord *word = g_ptr_array_index (spot->line->words, w);
      g_autoptr(GString) text = g_string_new (NULL);
      gboolean complete = TRUE;
      double sum = 0, lowest = 100;
      guint k = 0;

      for (; at < ours->len && g_array_index (ours, Char, at).word == w; at++, k++)
        {
          const Char *one;

          if (pairs[at] < 0)
            {
              complete = FALSE;
              continue;
            }
          one = &g_array_index (theirs, Char, pairs[at]);
          g_string_append_unichar (text, one->c);
          sum += one->confidence;
          lowest = MIN (lowest, one->confidence);
        }

      if (spot->only != ALL_WORDS && w != spot->only)
        continue;
      if (k == 0 || !complete || lowest < SURE_CONFIDENCE || sum / k <= word->confidence)
        continue;
      /* Both read the same: no longer unsure (the window stops
       * underlining it). */
      if (g_str_equal (text->str, word->text))
        {
          word->confidence = (float) (sum / k);
          continue;
        }
      g_debug ("ppocr: %s (%.0f) read as %s (%.1f)", word->text, word->confidence, text->str, sum / k);
      g_free (word->text);
      word->text = g_string_free (g_steal_pointer (&text), FALSE);
      word->confidence = (float) (sum / k);
      n_changed++;
    }

  return n_changed;
}

/* PP-OCR's keys are Simplified characters and many Traditional ones; of
 * the others (認 練 讓 週 …) it reads the Simplified forms.  For a
 * Traditional page its reading is turned into Traditional characters
 * (OpenCC, phrase by phrase within a word), where that keeps the number
 * of characters, so that the alignment still holds.  FALSE when OpenCC
 * is not there: then no second opinion at all, rather than Simplified
 * forms on a Traditional page. */
static gboolean
to_traditional (GPtrArray *readings)
{
  for (guint i = 0; i < readings->len; i++)
    {
      AgLine *line = g_ptr_array_index (readings, i);

      for (guint w = 0; w < line->words->len; w++)
        {
          AgWord *word = g_ptr_array_index (line->words, w);
          g_autoptr(GError) error = NULL;
          g_autofree char *converted = ag_convert_text (word->text, AG_CONVERSION_S2T, &error);

          if (converted == NULL)
            {
              g_debug ("ppocr: no second opinion on Traditional Chinese: %s", error->message);
              return FALSE;
            }
          if (g_utf8_strlen (converted, -1) == g_utf8_strlen (word->text, -1))
            {
              g_free (word->text);
              word->text = g_steal_pointer (&converted);
            }
        }
    }

  return TRUE;
}

/* @spots read again by PP-OCR on @bitmap; returns how many took its
 * reading. */
static guint
read_spots (AgBitmap     *bitmap,
            GArray       *spots,
            CheckKind     kind,
            GCancellable *cancellable)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (AgRect));
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(GError) error = NULL;
  AgPpocr *ppocr;
  guint n_replaced = 0;

  ppocr = _ag_ppocr_get_default (&error);
  if (ppocr == NULL)
    {
      g_debug ("ppocr: no second opinion: %s", error->message);
      return 0;
    }

  for (guint i = 0; i < spots->len; i++)
    {
      AgRect box = spot_box (&g_array_index (spots, Spot, i));

      g_array_append_val (boxes, box);
    }
  readings = _ag_ppocr_read_boxes (ppocr, bitmap, (AgRect *) boxes->data, boxes->len,
                                  cancellable, &error);
  if (readings == NULL)
    {
      g_debug ("ppocr: no second opinion: %s", error->message);
      return 0;
    }

  if (kind == CHECK_TRADITIONAL && !to_traditional (readings))
    return 0;

  for (guint i = 0; i < spots->len; i++)
    {
      Spot *spot = &g_array_index (spots, Spot, i);
      AgLine *reading = g_ptr_array_index (readings, i);

      n_replaced += take_better (spot, reading->words);
    }

  return n_replaced;
}

/**
 * _ag_ppocr_check_may_run:
 * @options: the job's options (engine kind)
 * @languages: the languages a page is read with
 *
 * Returns: whether _ag_ppocr_check_words() may read some of the page's
 *   words again, so that PP-OCR is worth loading ahead (_ag_ppocr_warm())
 */
gboolean
_ag_ppocr_check_may_run (AgRecognizeOptions *options,
                         const char         *languages)
{
  return ag_recognize_options_get_engine_kind (options) == AG_ENGINE_KIND_AUTO &&
         check_kind (languages) != CHECK_NONE &&
         _ag_ppocr_module_present () && _ag_ppocr_find_models (NULL);
}

/**
 * _ag_ppocr_check_has_unsure:
 * @page: a page, or part of one, as Tesseract read it
 * @languages: the languages it was read with
 *
 * Returns: whether _ag_ppocr_check_words() would read some of its words
 *   again (if the languages call for it: _ag_ppocr_check_may_run())
 */
gboolean
_ag_ppocr_check_has_unsure (AgRecognitionPage *page,
                            const char        *languages)
{
  CheckKind kind = check_kind (languages);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; !block->vertical && l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);

              if (is_unsure (word) || is_doubtful (word, kind))
                return TRUE;
            }
        }
    }

  return FALSE;
}

/**
 * _ag_ppocr_check_assume_sure:
 * @page: a page, or part of one, as Tesseract read it
 * @languages: the languages it was read with
 *
 * Gives every word _ag_ppocr_check_words() may change or lift a
 * confidence of 100: the best its second opinion could make of @page,
 * to judge a reading by before paying for that opinion.
 */
void
_ag_ppocr_check_assume_sure (AgRecognitionPage *page,
                             const char        *languages)
{
  g_autoptr(GArray) spots = g_array_new (FALSE, FALSE, sizeof (Spot));
  CheckKind kind = check_kind (languages);

  if (kind == CHECK_NONE)
    return;
  find_page_spots (page, kind, spots);
  for (guint i = 0; i < spots->len; i++)
    {
      Spot *spot = &g_array_index (spots, Spot, i);

      for (guint w = spot->first; w <= spot->last; w++)
        if (spot->only == ALL_WORDS || w == spot->only)
          ((AgWord *) g_ptr_array_index (spot->line->words, w))->confidence = 100;
    }
}

/**
 * _ag_ppocr_warm:
 *
 * Loads the process's recogniser (_ag_ppocr_get_default()) if it is not
 * loaded yet: for a thread with nothing else to do, while Tesseract reads
 * a page whose unsure words it may read again.  (The module and its key
 * list are loaded here; the recogniser's network on a thread of its own,
 * which its first run waits for.)
 */
void
_ag_ppocr_warm (void)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (_ag_ppocr_get_default (&error) == NULL)
    g_debug ("ppocr: not loaded ahead: %s", error->message);
  else
    g_debug ("ppocr: ready in %.1f ms, the recogniser loading", (g_get_monotonic_time () - start) / 1000.0);
}

/**
 * _ag_ppocr_check_words:
 * @options: the job's options (engine kind)
 * @languages: the job's languages
 * @bitmap: the page Tesseract read
 * @page: what it read, changed in place
 * @cancellable: (nullable): a #GCancellable
 *
 * Tesseract's Chinese models misread a few characters even on clean
 * pages (蒸笼 as 荣党, 降温 as 降瘟, 平靜 as 平稻), and say so: their
 * confidence is near 0.  With the automatic choice, each such word of a horizontal
 * line is read again with a neighbour on either side by PP-OCR's
 * recogniser alone (no detector: Tesseract's boxes say where), all at
 * once on the line threads, and take_better() keeps PP-OCR's reading of
 * a word where it is sure of it.  A page without an unsure word does not
 * even load PP-OCR.  Simplified or Traditional Chinese, with English or
 * not; for Traditional, PP-OCR's reading is made Traditional first
 * (to_traditional()), and doubtful words are read again too, each alone
 * (find_spots()).
 *
 * Returns: how many words took PP-OCR's reading
 */
guint
_ag_ppocr_check_words (AgRecognizeOptions *options,
                      const char         *languages,
                      AgBitmap           *bitmap,
                      AgRecognitionPage  *page,
                      GCancellable       *cancellable)
{
  g_autoptr(GArray) spots = g_array_new (FALSE, FALSE, sizeof (Spot));
  g_autoptr(AgBitmap) upright = NULL;
  CheckKind kind;
  guint n_replaced = 0;
  int turn;
  gint64 start = g_get_monotonic_time ();

  kind = check_kind (languages);
  if (ag_recognize_options_get_engine_kind (options) != AG_ENGINE_KIND_AUTO || kind == CHECK_NONE)
    return 0;

  find_page_spots (page, kind, spots);
  if (spots->len == 0 || !_ag_ppocr_module_present () || !_ag_ppocr_find_models (NULL))
    return 0;

  /* A page read turned upright: its words are looked at upright too. */
  turn = ag_recognition_page_guess_turn (page);
  if (turn != 0)
    {
      ag_recognition_page_turn (page, turn);
      upright = ag_bitmap_new_turned (bitmap, turn);
      n_replaced = read_spots (upright, spots, kind, cancellable);
      ag_recognition_page_turn (page, 360 - turn);
    }
  else
    n_replaced = read_spots (bitmap, spots, kind, cancellable);

  g_debug ("ppocr: second opinion on %u places%s, %u replaced, in %.0f ms",
           spots->len, turn != 0 ? " (page turned upright)" : "", n_replaced,
           (g_get_monotonic_time () - start) / 1000.0);

  return n_replaced;
}
