/* ag-columns.c — the columns and characters of vertical text
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "recognize/ag-columns.h"
#include "recognize/ag-leptonica-private.h"

/*
 * Tesseract's vertical models (chi_sim_vert, chi_tra_vert) misread one
 * character in fifteen on clean vertical pages, where the horizontal
 * models read the same characters set in lines almost without fault.  So
 * vertical text is taken apart here and set again as horizontal lines:
 *
 * - the page is binarised, specks, rules and frames are dropped, and the
 *   columns are the runs of ink in the vertical projection profile;
 * - each column is cut into characters by its horizontal profile (the
 *   parts of a character such as 二 are joined again while they fit in
 *   one character's height; characters that touch are cut at the
 *   character pitch);
 * - every character is copied, upright as it is, into a slot of one
 *   character pitch on a line of its own for each column, right to
 *   left.  Punctuation, which vertical typesetting puts at the top right
 *   of its square, is moved to the bottom left, where a horizontal
 *   reader expects a comma or a full stop.
 *
 * The engine reads each line with the horizontal model and maps every
 * character back to its place in the column.  A page that is not plain
 * columns (a heading across them, a picture, horizontal text) is not
 * taken apart: _ag_columns_find() returns NULL and the engine reads it
 * as one vertical block, as before.
 */

/* A character is cut into pieces by its horizontal profile (二, 三, 旦);
 * pieces are one character while together they are no taller than this
 * many column widths. */
#define MERGE_HEIGHT      1.05
/* A cell taller than this many pitches holds characters that touch. */
#define SPLIT_HEIGHT      1.3
/* Smaller than this fraction of the column width in both directions:
 * punctuation (，。、), placed as a horizontal line places it. */
#define PUNCTUATION_SIZE  0.5
/* Columns that lean are straightened when Leptonica finds them so with
 * some confidence.  A page has few columns, and Leptonica is less sure of
 * few lines, so the bar is lower than for lines (3.0); it is only asked
 * when no columns were found on the page as it is. */
#define SKEW_MIN_CONFIDENCE 1.5
#define SKEW_MIN_DEGREES    0.25
/* Smaller than this and in the middle of the column: a middle dot (·). */
#define MIDDLE_DOT_SIZE   0.2
/* Smaller still: a speck, not a character. */
#define SPECK_SIZE        0.1

typedef struct
{
  int start, end;     /* [start, end) */
} Run;

void
_ag_column_free (AgColumn *column)
{
  if (column == NULL)
    return;
  g_clear_pointer (&column->cells, g_array_unref);
  g_free (column);
}

static PIX *
binarize (PIX *grey)
{
  PIX *binary = NULL;

  if (pixOtsuAdaptiveThreshold (grey, 2000, 2000, 0, 0, 0.0f, NULL, &binary) != 0)
    return NULL;

  return binary;
}

/* The height of the taller character-like shapes: whole Chinese
 * characters, whose strokes often fall apart into smaller pieces. */
static double
estimate_char_size (BOXA *boxa)
{
  g_autoptr(NUMA) heights = numaCreate (0);
  l_float32 size = 0;

  for (int i = 0; i < boxaGetCount (boxa); i++)
    {
      l_int32 x, y, w, h;

      boxaGetBoxGeometry (boxa, i, &x, &y, &w, &h);
      if (h >= 4 && w >= 2 && w <= 3 * h && h <= 3 * w)
        numaAddNumber (heights, h);
    }

  if (numaGetCount (heights) < 5)
    return 0;

  numaGetRankValue (heights, 0.9, NULL, 0, &size);
  return size;
}

/* Removes rules, frames and pictures: shapes far larger than a character
 * in one direction or both. */
static void
remove_non_text (PIX    *binary,
                 double  char_size)
{
  g_autoptr(PIXA) pixa = NULL;
  g_autoptr(BOXA) boxa = pixConnComp (binary, &pixa, 8);

  for (int i = 0; boxa != NULL && i < boxaGetCount (boxa); i++)
    {
      l_int32 x, y, w, h;
      gboolean rule, big;

      boxaGetBoxGeometry (boxa, i, &x, &y, &w, &h);
      rule = (w <= 0.25 * char_size && h > 3 * char_size) ||
             (h <= 0.25 * char_size && w > 3 * char_size);
      big = w > 3 * char_size && h > 3 * char_size;
      if (rule || big)
        {
          g_autoptr(PIX) shape = pixaGetPix (pixa, i, L_CLONE);

          pixRasterop (binary, x, y, w, h, PIX_DST & PIX_NOT (PIX_SRC), shape, 0, 0);
        }
    }
}

/* Runs of non-zero values, joining runs separated by fewer than @join
 * zeros. */
static GArray *
find_runs (NUMA *profile,
           int   join)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (Run));
  int n = numaGetCount (profile);
  int start = -1;

  for (int i = 0; i <= n; i++)
    {
      l_int32 value = 0;

      if (i < n)
        numaGetIValue (profile, i, &value);

      if (value > 0 && start < 0)
        {
          if (runs->len > 0 && i - g_array_index (runs, Run, runs->len - 1).end < join)
            {
              start = g_array_index (runs, Run, runs->len - 1).start;
              g_array_set_size (runs, runs->len - 1);
            }
          else
            start = i;
        }
      else if (value <= 0 && start >= 0)
        {
          Run run = { start, i };

          g_array_append_val (runs, run);
          start = -1;
        }
    }

  return runs;
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

static int
median_int (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_ints);
  return g_array_index (values, int, values->len / 2);
}

/* Where a cell of @rows between @start and @end that holds @n characters
 * is best cut: at the emptiest row near each expected boundary. */
static void
split_run (NUMA   *rows,
           Run     run,
           int     n,
           GArray *out)
{
  double step = (double) (run.end - run.start) / n;
  int start = run.start;

  for (int k = 1; k < n; k++)
    {
      int expected = run.start + (int) lround (k * step);
      int reach = MAX (1, (int) (step / 4));
      int best = expected;
      l_int32 best_value = G_MAXINT32;
      Run piece;

      for (int y = MAX (start + 1, expected - reach); y <= MIN (run.end - 1, expected + reach); y++)
        {
          l_int32 value;

          numaGetIValue (rows, y, &value);
          if (value < best_value)
            {
              best_value = value;
              best = y;
            }
        }

      piece.start = start;
      piece.end = best;
      g_array_append_val (out, piece);
      start = best;
    }

  run.start = start;
  g_array_append_val (out, run);
}

/* The characters of one column, top to bottom, as rows of @strip (the
 * column cut from the binary page). */
static GArray *
find_cells (PIX    *strip,
            double  width,
            double *pitch)
{
  g_autoptr(NUMA) rows = pixCountPixelsByRow (strip, NULL);
  g_autoptr(GArray) pieces = find_runs (rows, 1);
  g_autoptr(GArray) merged = g_array_new (FALSE, FALSE, sizeof (Run));
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (Run));
  int step;

  for (guint i = 0; i < pieces->len; i++)
    {
      Run piece = g_array_index (pieces, Run, i);
      Run *last = merged->len > 0 ? &g_array_index (merged, Run, merged->len - 1) : NULL;

      if (last != NULL && piece.end - last->start <= MERGE_HEIGHT * width)
        last->end = piece.end;
      else
        g_array_append_val (merged, piece);
    }

  /* The pitch: the usual distance between the tops of two full-size
   * characters one after the other. */
  for (guint i = 1; i < merged->len; i++)
    {
      Run a = g_array_index (merged, Run, i - 1);
      Run b = g_array_index (merged, Run, i);
      int distance = b.start - a.start;

      if (a.end - a.start >= 0.6 * width && b.end - b.start >= 0.6 * width &&
          distance >= 0.8 * width && distance <= 1.6 * width)
        g_array_append_val (steps, distance);
    }
  step = median_int (steps);
  *pitch = step > 0 ? step : 1.1 * width;

  for (guint i = 0; i < merged->len; i++)
    {
      Run cell = g_array_index (merged, Run, i);
      int height = cell.end - cell.start;

      if (height > SPLIT_HEIGHT * *pitch)
        split_run (rows, cell, MAX (2, (int) lround (height / *pitch)), cells);
      else
        g_array_append_val (cells, cell);
    }

  return cells;
}

/**
 * _ag_columns_deskew:
 * @pix: a page or region of vertical text, any depth
 * @degrees: (out): how far @pix was turned, clockwise
 *
 * Straightens columns that lean.  The preprocessing straightens lines of
 * text; columns are found as lines on a copy turned a quarter.
 *
 * Returns: (transfer full) (nullable): @pix turned about its centre, the
 *   same size, or %NULL if the columns are straight
 */
PIX *
_ag_columns_deskew (PIX    *pix,
                   double *degrees)
{
  g_autoptr(PIX) grey = pixConvertTo8 (pix, FALSE);
  g_autoptr(PIX) binary = NULL;
  g_autoptr(PIX) clean = NULL;
  g_autoptr(PIX) turned = NULL;
  l_float32 angle = 0, confidence = 0;

  *degrees = 0;
  binary = grey != NULL ? binarize (grey) : NULL;
  if (binary == NULL)
    return NULL;
  clean = pixSelectBySize (binary, 3, 3, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
  turned = clean != NULL ? pixRotate90 (clean, 1) : NULL;
  if (turned == NULL ||
      pixFindSkew (turned, &angle, &confidence) != 0 ||
      confidence < SKEW_MIN_CONFIDENCE || fabs (angle) < SKEW_MIN_DEGREES)
    return NULL;

  *degrees = angle;
  return pixRotate (grey, angle * G_PI / 180.0, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
}

/**
 * _ag_columns_find:
 * @pix: a page or region of vertical text, any depth
 *
 * Returns: (transfer full) (nullable): the columns (#AgColumn) from right
 *   to left, each with its characters, or %NULL if @pix is not plain
 *   columns of text
 */
GPtrArray *
_ag_columns_find (PIX *pix)
{
  g_autoptr(PIX) grey = NULL;
  g_autoptr(PIX) binary = NULL;
  g_autoptr(PIX) clean = NULL;
  g_autoptr(BOXA) boxa = NULL;
  g_autoptr(NUMA) profile = NULL;
  g_autoptr(GArray) runs = NULL;
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) _ag_column_free);
  double char_size, pitch_sum = 0;
  int median_width, top = G_MAXINT, bottom = 0;

  grey = pixConvertTo8 (pix, FALSE);
  binary = grey != NULL ? binarize (grey) : NULL;
  if (binary == NULL)
    return NULL;

  clean = pixSelectBySize (binary, 3, 3, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
  if (clean == NULL)
    return NULL;
  boxa = pixConnCompBB (clean, 8);
  char_size = boxa != NULL ? estimate_char_size (boxa) : 0;
  if (char_size < 6)
    return NULL;
  remove_non_text (clean, char_size);

  profile = pixCountPixelsByColumn (clean);
  runs = find_runs (profile, MAX (2, (int) (0.2 * char_size)));

  /* Right to left. */
  for (guint i = runs->len; i > 0; i--)
    {
      Run run = g_array_index (runs, Run, i - 1);
      g_autoptr(BOX) box = boxCreate (run.start, 0, run.end - run.start, pixGetHeight (clean));
      g_autoptr(PIX) strip = NULL;
      g_autoptr(BOX) ink = NULL;
      AgColumn *column;
      l_int32 x, y, w, h;

      if (run.end - run.start < 0.25 * char_size)
        continue;

      strip = pixClipRectangle (clean, box, NULL);
      if (strip == NULL || pixClipBoxToForeground (strip, NULL, NULL, &ink) != 0 || ink == NULL)
        continue;
      boxGetGeometry (ink, &x, &y, &w, &h);

      column = g_new0 (AgColumn, 1);
      column->x = run.start;
      column->y = y;
      column->width = run.end - run.start;
      column->height = h;
      g_ptr_array_add (columns, column);
      g_array_append_val (widths, column->width);
    }

  if (columns->len == 0)
    return NULL;

  /* Columns as wide as several characters are not columns: horizontal
   * text, a heading across the columns, a picture. */
  median_width = median_int (widths);
  if (median_width < 0.6 * char_size || median_width > 1.6 * char_size)
    return NULL;
  for (guint i = 0; i < columns->len; i++)
    if (((AgColumn *) g_ptr_array_index (columns, i))->width > 1.5 * median_width)
      return NULL;

  for (guint i = 0; i < columns->len; i++)
    {
      AgColumn *column = g_ptr_array_index (columns, i);
      g_autoptr(BOX) box = boxCreate (column->x, column->y, column->width, column->height);
      g_autoptr(PIX) strip = pixClipRectangle (clean, box, NULL);
      g_autoptr(GArray) runs_in_column = NULL;
      double pitch;

      if (strip == NULL)
        return NULL;

      column->char_size = char_size;
      runs_in_column = find_cells (strip, MIN (column->width, char_size), &pitch);
      pitch_sum += pitch;
      g_debug ("column x %d w %d (median %d, char %.0f): %u cells, pitch %.1f", column->x, column->width, median_width, char_size, runs_in_column->len, pitch);
      column->cells = g_array_new (FALSE, FALSE, sizeof (AgColumnCell));

      for (guint k = 0; k < runs_in_column->len; k++)
        {
          Run run = g_array_index (runs_in_column, Run, k);
          g_autoptr(BOX) cell_box = boxCreate (0, run.start, column->width, run.end - run.start);
          g_autoptr(PIX) cell_pix = pixClipRectangle (strip, cell_box, NULL);
          g_autoptr(BOX) ink = NULL;
          AgColumnCell cell = { 0 };
          l_int32 x, y, w, h;

          if (cell_pix == NULL || pixClipBoxToForeground (cell_pix, NULL, NULL, &ink) != 0 ||
              ink == NULL)
            continue;
          boxGetGeometry (ink, &x, &y, &w, &h);
          if (w < SPECK_SIZE * char_size && h < SPECK_SIZE * char_size)
            continue;

          cell.x = column->x + x;
          cell.y = column->y + run.start + y;
          cell.width = w;
          cell.height = h;
          g_array_append_val (column->cells, cell);
        }

      top = MIN (top, column->y);
      bottom = MAX (bottom, column->y + column->height);
    }

  /* A column without one full-size character is a smudge or a speck. */
  for (guint i = columns->len; i > 0; i--)
    {
      AgColumn *column = g_ptr_array_index (columns, i - 1);
      gboolean has_character = FALSE;

      for (guint k = 0; k < column->cells->len; k++)
        {
          AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, k);

          has_character |= cell->width >= 0.5 * char_size && cell->height >= 0.5 * char_size;
        }
      if (!has_character)
        g_ptr_array_remove_index (columns, i - 1);
    }
  if (columns->len == 0)
    return NULL;

  /* A paragraph starts in a column that begins lower than the others (an
   * indent) or after one that ends early. */
  for (guint i = 0; i < columns->len; i++)
    {
      AgColumn *column = g_ptr_array_index (columns, i);
      AgColumn *before = i > 0 ? g_ptr_array_index (columns, i - 1) : NULL;
      double pitch = pitch_sum / columns->len;

      column->starts_paragraph = before == NULL ||
                                 column->y > top + 1.5 * pitch ||
                                 before->y + before->height < bottom - 1.5 * pitch;
    }

  return g_steal_pointer (&columns);
}

static gboolean
is_punctuation (const AgColumnCell *cell,
                int                 ref)
{
  return cell->width < PUNCTUATION_SIZE * ref && cell->height < PUNCTUATION_SIZE * ref;
}

/* The middle of the column around its @k-th character: the middle of the
 * nearest full characters before and after it, for a column that still
 * leans a little. */
static int
local_centre (AgColumn *column,
              guint     k,
              int       ref)
{
  int sum = 0, n = 0;

  for (guint j = k; j > 0; j--)
    {
      AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, j - 1);

      if (!is_punctuation (cell, ref))
        {
          sum += cell->x + cell->width / 2;
          n++;
          break;
        }
    }
  for (guint j = k + 1; j < column->cells->len; j++)
    {
      AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, j);

      if (!is_punctuation (cell, ref))
        {
          sum += cell->x + cell->width / 2;
          n++;
          break;
        }
    }

  return n > 0 ? sum / n : column->x + column->width / 2;
}

/**
 * _ag_columns_compose:
 * @pix: the page the columns were found on
 * @columns: what _ag_columns_find() found
 * @char_height: how tall, in pixels, to make the characters
 *
 * Sets every column of @pix as a horizontal line, one after the other
 * from the top, and records where each character went (the band, slot
 * and line fields of @columns).
 *
 * Returns: (transfer full): an 8 bpp image of the lines
 */
PIX *
_ag_columns_compose (PIX       *pix,
                    GPtrArray *columns,
                    double     char_height)
{
  g_autoptr(PIX) grey = pixConvertTo8 (pix, FALSE);
  g_autoptr(PIX) lines = NULL;
  l_uint32 paper = 255;
  int slot, width = 0, height, ref;
  double scale;
  PIX *scaled;

  g_return_val_if_fail (columns != NULL && columns->len > 0, NULL);
  if (grey == NULL)
    return NULL;

  ref = MAX (1, (int) lround (((AgColumn *) g_ptr_array_index (columns, 0))->char_size));
  /* The square each character is set in: a character and a little, as in
   * horizontal Chinese text. */
  slot = MAX (4, (int) lround (1.15 * ref));

  for (guint i = 0; i < columns->len; i++)
    {
      AgColumn *column = g_ptr_array_index (columns, i);
      int x = slot;

      for (guint k = 0; k < column->cells->len; k++)
        {
          AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, k);

          cell->slot_x = x;
          cell->slot_width = MAX (slot, cell->width + 2);
          x += cell->slot_width;
        }
      column->line_width = x + slot;
      column->band_y = (int) (i * 2 * slot);
      column->band_height = 2 * slot;
      width = MAX (width, column->line_width);
    }
  height = (int) (columns->len * 2 * slot);

  pixGetRankValue (grey, MAX (1, (int) sqrt ((double) pixGetWidth (grey) * pixGetHeight (grey) / 250000.0)),
                   0.9, &paper);
  lines = pixCreate (width, height, 8);
  pixSetAllArbitrary (lines, MIN (paper, 255));

  for (guint i = 0; i < columns->len; i++)
    {
      AgColumn *column = g_ptr_array_index (columns, i);
      int line_top = column->band_y + slot / 2;

      for (guint k = 0; k < column->cells->len; k++)
        {
          AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, k);
          int dx, dy;

          if (is_punctuation (cell, ref))
            {
              /* Vertical typesetting puts a comma or a full stop at the
               * top right of its square (Simplified) or in its middle
               * (Traditional); a horizontal line, where the models learnt
               * them, at the bottom left.  Only a dot as small as a
               * middle dot, in the middle of the column, stays in the
               * middle. */
              int offset = cell->x + cell->width / 2 - local_centre (column, k, ref);

              dx = cell->slot_x + slot / 8;
              if (cell->width < MIDDLE_DOT_SIZE * ref && cell->height < MIDDLE_DOT_SIZE * ref &&
                  ABS (offset) < MIDDLE_DOT_SIZE * ref)
                dy = line_top + (slot - cell->height) / 2;
              else
                dy = line_top + slot - cell->height - slot / 12;
            }
          else
            {
              dx = cell->slot_x + (cell->slot_width - cell->width) / 2;
              dy = line_top + (slot - cell->height) / 2;
            }

          pixRasterop (lines, dx - 1, MAX (0, dy - 1), cell->width + 2, cell->height + 2,
                       PIX_SRC, grey, cell->x - 1, cell->y - 1);
        }
    }

  scale = char_height > 0 ? char_height / slot : 1.0;
  if (fabs (scale - 1.0) < 0.1)
    return g_steal_pointer (&lines);

  scaled = pixScale (lines, scale, scale);
  if (scaled == NULL)
    return g_steal_pointer (&lines);

  for (guint i = 0; i < columns->len; i++)
    {
      AgColumn *column = g_ptr_array_index (columns, i);

      column->band_y = (int) lround (column->band_y * scale);
      column->band_height = (int) lround (column->band_height * scale);
      column->line_width = MIN ((int) lround (column->line_width * scale), pixGetWidth (scaled));
      for (guint k = 0; k < column->cells->len; k++)
        {
          AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, k);

          cell->slot_x = (int) lround (cell->slot_x * scale);
          cell->slot_width = (int) lround (cell->slot_width * scale);
        }
    }

  return scaled;
}

/**
 * _ag_columns_find_cell:
 * @x: a position on @column's line of the composed image
 *
 * Returns: the index of the character set at @x (the nearest one), or -1
 *   if the column has none
 */
int
_ag_columns_find_cell (AgColumn *column,
                      int       x)
{
  int best = -1, best_distance = G_MAXINT;

  for (guint k = 0; k < column->cells->len; k++)
    {
      AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, k);
      int distance;

      if (x >= cell->slot_x && x < cell->slot_x + cell->slot_width)
        return (int) k;

      distance = x < cell->slot_x ? cell->slot_x - x : x - (cell->slot_x + cell->slot_width) + 1;
      if (distance < best_distance)
        {
          best_distance = distance;
          best = (int) k;
        }
    }

  return best;
}
