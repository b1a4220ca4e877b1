/* ag-split.c — where a page of lines can be cut in two
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "recognize/ag-split.h"

#include "recognize/ag-leptonica-private.h"

/*
 * Tesseract reads a page in one thread.  A page of plain lines of text
 * (a letter, a contract, a screenshot of an article) can be read in two
 * parts at once, on two cores, and give the same text, if the cut runs
 * through white space between two lines and nothing on the page spans
 * it.  This finds such a cut, or says there is none:
 *
 * - the page is binarised; the lines are the runs of rows with ink;
 * - the page must be lines and nothing else: at least MIN_LINES, most of
 *   them of the usual height, none much taller (a picture, a table's
 *   frame, text on its side or in columns that lean all fail this), and
 *   not Chinese characters on their side, which pass for lines;
 * - no white band runs down the middle of the lines (a gutter between
 *   columns, which Tesseract reads column by column: a cut across them
 *   would change the order of the text);
 * - the cut goes in a gap with 30–70 % of the ink above it, between two
 *   paragraphs where there is one near the middle, else between two lines
 *   of one paragraph (the engine joins the paragraph again).
 *
 * Anything unusual (a dark page, little contrast, a small image) is not
 * cut: it is read whole, as before.
 */

/* Fewer pixels than this: quick enough to read whole. */
#define MIN_PIXELS      (400 * 400)
#define MIN_LINES       4
/* This share of the lines must be within REGULAR_LOW..REGULAR_HIGH of the
 * usual height, and none above TALL. */
#define REGULAR_SHARE   0.75
#define REGULAR_LOW     0.6
#define REGULAR_HIGH    1.5
#define TALL            2.5
/* A white band this many line heights wide inside half of the lines (and
 * at least three) is a gutter between columns.  (A Chinese comma leaves
 * most of a character's width white after it, a word space a third of a
 * line height.) */
#define GUTTER_WIDTH    1.2
/* A gap this many line heights wider than the usual one is between
 * paragraphs.  (Descenders and ascenders make the gaps between the lines
 * of one paragraph differ by a quarter of a line.) */
#define PARAGRAPH_GAP   0.4
/* Runs of columns with gaps this many times their width between them are
 * lines on their side. */
#define SIDEWAYS_GAP    0.25
/* The share of the ink above the cut. */
#define SHARE_LOW       0.3
#define SHARE_HIGH      0.7
/* How much further from the middle a cut between paragraphs may be than
 * one inside a paragraph, and still be preferred. */
#define PARAGRAPH_BONUS 0.1
/* The paper must be this much lighter than the darkest ink (0..255). */
#define MIN_CONTRAST    64
/* More ink than this share of the page is no page of text. */
#define MAX_INK         0.35

typedef struct
{
  int     start, end;   /* rows [start, end) */
  double  ink;          /* ink pixels */
} Run;

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

static int
median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_ints);
  return g_array_index (values, int, values->len / 2);
}

static PIX *
binarize (PIX *pix)
{
  g_autoptr(PIX) grey = pixConvertTo8 (pix, FALSE);
  l_uint32 dark = 0, paper = 0;
  l_int32 ink = 0;
  PIX *binary = NULL;

  if (grey == NULL ||
      pixGetRankValue (grey, 4, 0.01f, &dark) != 0 ||
      pixGetRankValue (grey, 4, 0.5f, &paper) != 0 ||
      (int) paper - (int) dark < MIN_CONTRAST)
    return NULL;

  if (pixOtsuAdaptiveThreshold (grey, 2000, 2000, 0, 0, 0.0f, NULL, &binary) != 0)
    return NULL;

  if (pixCountPixels (binary, &ink, NULL) != 0 || ink == 0 ||
      ink > MAX_INK * pixGetWidth (binary) * pixGetHeight (binary))
    {
      pixDestroy (&binary);
      return NULL;
    }

  return binary;
}

/* The runs of rows with ink: a few pixels, so that specks do not count,
 * and not broken by a single white row. */
static GArray *
find_runs (PIX *binary)
{
  g_autoptr(NUMA) rows = pixCountPixelsByRow (binary, NULL);
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (Run));
  int min_ink = MAX (2, pixGetWidth (binary) / 400);
  Run run = { -1, -1, 0 };

  for (int y = 0; rows != NULL && y < numaGetCount (rows); y++)
    {
      l_int32 count = 0;

      numaGetIValue (rows, y, &count);
      if (count < min_ink)
        continue;

      if (run.start >= 0 && y - run.end >= 2)
        {
          g_array_append_val (runs, run);
          run.start = -1;
        }
      if (run.start < 0)
        run.start = y, run.ink = 0;
      run.ink += count;
      run.end = y + 1;
    }
  if (run.start >= 0)
    g_array_append_val (runs, run);

  return runs;
}

/* Whether a white band at least @min_width wide runs down the inside of
 * half of the lines (at least three), at the same place. */
static gboolean
has_gutter (PIX    *binary,
            GArray *runs,
            int     min_width)
{
  int width = pixGetWidth (binary);
  g_autofree int *hits = g_new0 (int, width);
  int n_lines = 0;

  for (guint i = 0; i < runs->len; i++)
    {
      const Run *run = &g_array_index (runs, Run, i);
      g_autoptr(PIX) band = NULL;
      g_autoptr(NUMA) columns = NULL;
      BOX *box;
      int first = -1, last = -1;

      box = boxCreate (0, run->start, width, run->end - run->start);
      band = pixClipRectangle (binary, box, NULL);
      boxDestroy (&box);
      if (band == NULL || (columns = pixCountPixelsByColumn (band)) == NULL)
        continue;
      n_lines++;

      for (int x = 0; x < width; x++)
        {
          l_float32 count = 0;

          numaGetFValue (columns, x, &count);
          if (count <= 0)
            continue;
          if (first < 0)
            first = x;
          else if (x - last - 1 >= min_width)
            for (int k = last + 1; k < x; k++)
              hits[k]++;
          last = x;
        }
    }

  for (int x = 0; x < width; x++)
    if (hits[x] >= MAX (3, (n_lines + 1) / 2))
      return TRUE;

  return FALSE;
}

/* Whether @runs are lines: at least @min_lines, most of the usual height
 * and none far taller; and if so, that height and the usual gap. */
static gboolean
measure (GArray *runs,
         guint   min_lines,
         int    *line_height,
         int    *usual_gap)
{
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (int));
  guint n_regular = 0;

  if (runs->len < min_lines)
    return FALSE;

  for (guint i = 0; i < runs->len; i++)
    {
      const Run *run = &g_array_index (runs, Run, i);
      int height = run->end - run->start;

      if (height >= 3)
        g_array_append_val (heights, height);
      if (i + 1 < runs->len)
        {
          int gap = g_array_index (runs, Run, i + 1).start - run->end;

          g_array_append_val (gaps, gap);
        }
    }
  *line_height = median (heights);
  *usual_gap = median (gaps);
  if (*line_height < 3)
    return FALSE;

  for (guint i = 0; i < runs->len; i++)
    {
      const Run *run = &g_array_index (runs, Run, i);
      int height = run->end - run->start;

      if (height > TALL * *line_height)
        return FALSE;
      if (height >= REGULAR_LOW * *line_height && height <= REGULAR_HIGH * *line_height)
        n_regular++;
    }

  return n_regular >= min_lines && n_regular >= REGULAR_SHARE * runs->len;
}

/* Chinese text on its side (a page turned a quarter, which Tesseract
 * turns upright only after a poor reading) passes for lines across the
 * page, one per character; but its real lines then run down the page as
 * runs of columns with ink, spaced like lines.  Upright text has few such
 * runs, or in a grid of Chinese characters, narrow gaps between them. */
static gboolean
looks_sideways (PIX *binary)
{
  g_autoptr(PIX) turned = pixRotate90 (binary, 1);
  g_autoptr(GArray) columns = NULL;
  int width = 0, gap = 0;

  if (turned == NULL)
    return TRUE;
  columns = find_runs (turned);

  return measure (columns, 2, &width, &gap) && gap >= SIDEWAYS_GAP * width;
}

/**
 * _ag_split_find:
 * @pix: a page, upright, of any depth
 * @split: (out): where to cut it
 *
 * Returns: %TRUE if @pix is lines of text that can be read in two parts,
 *   above and below @split->y, with the same result as whole
 */
gboolean
_ag_split_find (PIX     *pix,
               AgSplit *split)
{
  g_autoptr(PIX) binary = NULL;
  g_autoptr(GArray) runs = NULL;
  double total = 0, above = 0, best_score = G_MAXDOUBLE;
  int line_height = 0, usual_gap = 0;

  g_return_val_if_fail (pix != NULL, FALSE);
  g_return_val_if_fail (split != NULL, FALSE);

  if (pixGetWidth (pix) * pixGetHeight (pix) < MIN_PIXELS)
    return FALSE;
  if ((binary = binarize (pix)) == NULL)
    return FALSE;

  runs = find_runs (binary);

  if (!measure (runs, MIN_LINES, &line_height, &usual_gap))
    return FALSE;
  for (guint i = 0; i < runs->len; i++)
    total += g_array_index (runs, Run, i).ink;

  if (looks_sideways (binary))
    {
      split->sideways = TRUE;
      return FALSE;
    }

  if (has_gutter (binary, runs, (int) (GUTTER_WIDTH * line_height + 0.5)))
    return FALSE;

  /* The cut nearest the middle of the ink, between paragraphs if one is
   * about as near; at least two lines either side. */
  for (guint i = 0; i + 1 < runs->len; i++)
    {
      const Run *run = &g_array_index (runs, Run, i);
      const Run *next = &g_array_index (runs, Run, i + 1);
      gboolean in_paragraph = next->start - run->end < usual_gap + PARAGRAPH_GAP * line_height;
      double share, score;

      above += run->ink;
      share = above / total;
      if (i < 1 || i + 3 > runs->len || share < SHARE_LOW || share > SHARE_HIGH)
        continue;

      score = ABS (share - 0.5) + (in_paragraph ? PARAGRAPH_BONUS : 0);
      if (score < best_score)
        {
          best_score = score;
          split->y = (run->end + next->start) / 2;
          split->in_paragraph = in_paragraph;
        }
    }
  if (best_score == G_MAXDOUBLE)
    return FALSE;

  split->line_height = line_height;
  return TRUE;
}

/* Han characters fill their square from top to bottom; Latin letters
 * sit in a band of x-height between ascenders above and descenders
 * below, which few letters have.  So across a line of text, the rows of
 * its top and bottom quarters hold about as much ink as its middle half
 * in Chinese (0.7–1.0 of it on the corpus's clean, scanned and noisy
 * pages, Simplified and Traditional, at 100 and 300 dpi, and turned a
 * quarter, where the rows run across the columns), and a fraction of it
 * in English (at most 0.48 above, 0.27 below, upside down included). */
#define HAN_MIN_LINES  2
#define HAN_MIN_HEIGHT 8
#define HAN_TOP        0.6
#define HAN_BOTTOM     0.45
#define HAN_HALVED_WIDTH 1600

static double
mean_ink (NUMA *rows,
          int   start,
          int   end)
{
  l_float32 sum = 0;

  if (end <= start || numaGetSumOnInterval (rows, start, end - 1, &sum) != 0)
    return 0;
  return sum / (end - start);
}

/* Runs of rows a small fraction of the tallest: the commas and full stops
 * of a Ming typeface, which hang below the line. */
static void
drop_slivers (GArray *runs)
{
  int tallest = 0;

  for (guint i = 0; i < runs->len; i++)
    tallest = MAX (tallest, g_array_index (runs, Run, i).end - g_array_index (runs, Run, i).start);
  for (guint i = runs->len; i > 0; i--)
    {
      const Run *run = &g_array_index (runs, Run, i - 1);

      if (3 * (run->end - run->start) < tallest)
        g_array_remove_index (runs, i - 1);
    }
}

/**
 * _ag_split_lines_look_han:
 * @pix: a page, of any depth
 *
 * Whether @pix is lines of text (found as for _ag_split_find()) in Han
 * characters, by how their ink fills the height of each line.  %FALSE
 * where it cannot tell: a photo, a picture, a page of one line.
 *
 * Returns: %TRUE if the lines look like Chinese
 */
gboolean
_ag_split_lines_look_han (PIX *pix)
{
  g_autoptr(PIX) grey = NULL;
  g_autoptr(PIX) small = NULL;
  g_autoptr(PIX) binary = NULL;
  g_autoptr(NUMA) rows = NULL;
  g_autoptr(GArray) runs = NULL;
  g_autoptr(GArray) tops = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) bottoms = g_array_new (FALSE, FALSE, sizeof (int));
  int line_height = 0, usual_gap = 0;
  int top, bottom;

  g_return_val_if_fail (pix != NULL, FALSE);

  /* (a wide page at half size: its text is large enough, and the check
   * a quarter of the work) */
  if (pixGetWidth (pix) >= HAN_HALVED_WIDTH && pixGetHeight (pix) >= 2 * HAN_MIN_HEIGHT &&
      (grey = pixConvertTo8 (pix, FALSE)) != NULL)
    small = pixScaleAreaMap2 (grey);
  if ((binary = binarize (small != NULL ? small : pix)) == NULL)
    return FALSE;
  runs = find_runs (binary);
  drop_slivers (runs);
  if (!measure (runs, HAN_MIN_LINES, &line_height, &usual_gap) ||
      (rows = pixCountPixelsByRow (binary, NULL)) == NULL)
    return FALSE;

  for (guint i = 0; i < runs->len; i++)
    {
      const Run *run = &g_array_index (runs, Run, i);
      int height = run->end - run->start;
      int quarter = height / 4;
      double middle;

      if (height < HAN_MIN_HEIGHT || height < REGULAR_LOW * line_height ||
          height > REGULAR_HIGH * line_height)
        continue;
      middle = mean_ink (rows, run->start + quarter, run->end - quarter);
      if (middle <= 0)
        continue;
      /* (in hundredths, to take the median of ints) */
      top = (int) (100 * mean_ink (rows, run->start, run->start + quarter) / middle);
      bottom = (int) (100 * mean_ink (rows, run->end - quarter, run->end) / middle);
      g_array_append_val (tops, top);
      g_array_append_val (bottoms, bottom);
    }

  if (tops->len < HAN_MIN_LINES)
    return FALSE;
  top = median (tops);
  bottom = median (bottoms);
  g_debug ("Lines of %d pixels, %u of them: ink above and below their middle %.2f and %.2f of it",
           line_height, tops->len, top / 100.0, bottom / 100.0);
  return top >= 100 * HAN_TOP && bottom >= 100 * HAN_BOTTOM;
}
