/* ag-layout-chinese.c — Chinese as Chinese is written
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Two things a recogniser gets wrong in Chinese text, mended once, on the
 * words of a page read from pixels, so that the window, the clipboard,
 * every export and airgap-ocr all give the same text (the word boxes are
 * left as they are):
 *
 * - Tesseract reads the full-width `，：；（）？！` of Chinese text as
 *   ASCII.  A `, : ; ( ) ? !` next to a Chinese character (or a
 *   full-width punctuation mark) becomes full-width; one between Latin
 *   letters or digits (`3,000`, `10:30`, `http://a.b/c?d`) stays, and a
 *   pair of brackets is turned together.
 * - Between a Chinese character and a Latin word or a number the script
 *   says nothing: `定于2024年` and `定于 2024 年` are both written.  The
 *   page says which: the widest run of blank columns where the two words
 *   meet, against the height of the line's Chinese characters.  Tesseract's
 *   word and character boxes cannot tell: they overlap their neighbours
 *   by up to two characters at a change of script (see docs/recognition.md).
 */

#include "config.h"

#include <string.h>

#include "layout/ag-layout-private.h"
#include "model/ag-text.h"

/* A space: a gap wider than so many em between the Latin word's ink and
 * the Chinese character's square (see docs/recognition.md). */
#define SPACE_GAP 0.17
/* Word processors set Chinese and Latin apart by themselves (LibreOffice's
 * and Word's Asian/Western spacing, on by default for Chinese): every
 * change of script then measures 0.17–0.36 em, as wide as a typed space.
 * A page where none measures under TIGHT_GAP was set so, and only a gap
 * over AUTOSPACE_GAP (a typed space on top) is a space there. */
#define TIGHT_GAP 0.12
#define AUTOSPACE_GAP 0.45
/* How far into each word, in em, the gap is looked for beyond where the
 * boxes put it (Tesseract's boxes are that far off at a change of
 * script). */
#define SEARCH 0.6

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gunichar
last_char_of (const char *text)
{
  const char *end = text + strlen (text);

  return end > text ? g_utf8_get_char (g_utf8_find_prev_char (text, end)) : 0;
}

static gboolean
all_chinese (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!ag_text_is_chinese (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/**
 * _ag_layout_chinese_punctuation:
 * @block: a block read from pixels
 *
 * Turns the ASCII `, : ; ( ) ? !` of @block that stand next to a Chinese
 * character into their full-width forms, and says no space between
 * Chinese and a Latin word or a number (until the gaps are measured).
 * Returns whether any punctuation was turned.
 */
gboolean
_ag_layout_chinese_punctuation (AgBlock *block)
{
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GPtrArray) owners = g_ptr_array_new ();
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gboolean *turn = NULL;
  gboolean any = FALSE;
  guint n, i;

  for (guint l = 0; l < block->lines->len; l++)
    {
      AgLine *line = g_ptr_array_index (block->lines, l);

      for (guint w = 0; w < line->words->len; w++)
        {
          AgWord *word = g_ptr_array_index (line->words, w);

          if (word->text == NULL)
            continue;
          for (const char *p = word->text; *p != '\0'; p = g_utf8_next_char (p))
            {
              gunichar c = g_utf8_get_char (p);

              g_array_append_val (chars, c);
              g_ptr_array_add (owners, word);
            }
        }
    }

  n = chars->len;
  turn = g_new0 (gboolean, MAX (n, 1));
  /* Again while something turns: `A::取` turns its second colon first. */
  for (gboolean again = TRUE; again;)
    {
      again = FALSE;
      g_array_set_size (open, 0);
      for (i = 0; i < n; i++)
        {
          gunichar c = g_array_index (chars, gunichar, i);
          gunichar prev = i > 0 ? g_array_index (chars, gunichar, i - 1) : 0;
          gunichar next = i + 1 < n ? g_array_index (chars, gunichar, i + 1) : 0;
          gunichar ascii = c;

          if (turn[i])
            ascii = c == ag_text_full_width_punctuation ('(') ? '(' : c == ag_text_full_width_punctuation (')') ? ')' : 0;
          else if (ag_text_full_width_punctuation (c) == 0)
            continue;
          else if ((prev != 0 && ag_text_is_chinese (prev)) || (next != 0 && ag_text_is_chinese (next)))
            {
              turn[i] = again = TRUE;
              g_array_index (chars, gunichar, i) = ag_text_full_width_punctuation (c);
            }

          /* Brackets go in pairs: one turned turns the other. */
          if (ascii == '(')
            g_array_append_val (open, i);
          else if (ascii == ')' && open->len > 0)
            {
              guint j = g_array_index (open, guint, open->len - 1);

              g_array_set_size (open, open->len - 1);
              if (turn[i] != turn[j])
                {
                  turn[i] = turn[j] = again = TRUE;
                  g_array_index (chars, gunichar, i) = ag_text_full_width_punctuation (')');
                  g_array_index (chars, gunichar, j) = ag_text_full_width_punctuation ('(');
                }
            }
        }
    }

  /* The words again, from their characters. */
  for (i = 0; i < n;)
    {
      AgWord *word = g_ptr_array_index (owners, i);
      gboolean changed = FALSE;
      GString *text = g_string_new (NULL);

      for (; i < n && g_ptr_array_index (owners, i) == word; i++)
        {
          changed |= turn[i];
          g_string_append_unichar (text, g_array_index (chars, gunichar, i));
        }
      if (changed)
        {
          g_free (word->text);
          word->text = g_string_free (text, FALSE);
          any = TRUE;
        }
      else
        g_string_free (text, TRUE);
    }

  /* Between Chinese and a Latin word or a number, no space until the
   * page shows one (_ag_layout_measure_gaps(), where the pixels and the
   * line's direction allow). */
  for (guint l = 0; l < block->lines->len; l++)
    {
      AgLine *line = g_ptr_array_index (block->lines, l);

      for (guint w = 1; w < line->words->len; w++)
        {
          AgWord *before = g_ptr_array_index (line->words, w - 1);
          AgWord *word = g_ptr_array_index (line->words, w);

          if (before->text != NULL && word->text != NULL && ag_text_is_open_gap (before->text, word->text))
            word->gap_before = AG_WORD_GAP_NONE;
        }
    }

  return any;
}

static gboolean
column_has_ink (PIX *binary,
                int  x,
                int  y0,
                int  y1)
{
  l_uint32 *data = pixGetData (binary);
  int wpl = pixGetWpl (binary);

  if (x < 0 || x >= pixGetWidth (binary))
    return FALSE;
  for (int y = MAX (0, y0); y < MIN (pixGetHeight (binary), y1); y++)
    if (GET_DATA_BIT (data + y * wpl, x) != 0)
      return TRUE;
  return FALSE;
}

/* The other edge of the ink of a Chinese character whose ink begins
 * (@step 1) or ends (@step -1) at @x: the first blank run of @min_blank
 * columns from @skip columns on, at most @limit columns away. */
static int
glyph_far_edge (PIX *binary,
                int  x,
                int  step,
                int  skip,
                int  limit,
                int  min_blank,
                int  y0,
                int  y1)
{
  int last_ink = x, run = 0;

  for (int d = 0; d <= limit; d++)
    {
      int at = x + step * d;

      if (column_has_ink (binary, at, y0, y1))
        {
          last_ink = at;
          run = 0;
        }
      else if (d >= skip && ++run >= min_blank)
        break;
    }

  return last_ink;
}

/* The gap, in pixels of the page, between a Latin word or a number and
 * a Chinese character on the side @chinese_first says, met somewhere
 * between @x0 and @x1 (pixels of @binary), or -1 if none is seen.
 *
 * Every run of blank columns there is a candidate; the one wanted has a
 * Chinese character on its Chinese side (ink at least 0.55 em wide: a
 * digit or a letter is narrower), the widest such.  A Chinese
 * character's ink sits in the middle of a square of one em, whatever its
 * shape (月 has a wide blank on its left, 一 none), so the gap counts
 * from that square, found from the character's ink centre. */
static double
measure_gap (PIX      *binary,
             double    scale,
             double    em,
             gboolean  chinese_first,
             int       x0,
             int       x1,
             int       top,
             int       bottom)
{
  int skip = (int) (0.45 * em / scale), limit = (int) (1.1 * em / scale);
  int min_blank = MAX (1, (int) (0.04 * em / scale + 0.5));
  double best = -1, best_blank = -1, fallback = -1, fallback_blank = -1;
  int run = 0;

  x0 = MAX (1, x0), x1 = MIN (pixGetWidth (binary) - 1, x1);
  for (int x = x0; x <= x1; x++)
    {
      gboolean ink = x == x1 || column_has_ink (binary, x, top, bottom);
      int at, ink_start, ink_end;
      double gap;

      if (!ink)
        {
          run++;
          continue;
        }
      if (run == 0)
        continue;

      /* a blank run from @at, @run columns wide, ink on both sides */
      at = x - run;
      if (!column_has_ink (binary, at - 1, top, bottom) || !ink)
        {
          run = 0;
          continue;
        }
      if (chinese_first)
        {
          ink_end = at - 1;
          ink_start = glyph_far_edge (binary, ink_end, -1, skip, limit, min_blank, top, bottom);
          gap = x * scale - ((ink_start + ink_end + 1) / 2.0 * scale + em / 2);
        }
      else
        {
          ink_start = x;
          ink_end = glyph_far_edge (binary, ink_start, 1, skip, limit, min_blank, top, bottom);
          gap = ((ink_start + ink_end + 1) / 2.0 * scale - em / 2) - at * scale;
        }
      if ((ink_end - ink_start + 1) * scale >= 0.55 * em)
        {
          if (run > best_blank)
            best = gap, best_blank = run;
        }
      else if (run > fallback_blank)
        fallback = gap, fallback_blank = run;
      run = 0;
    }

  return best_blank >= 0 ? best : fallback;
}

/**
 * _ag_layout_measure_gaps:
 * @line: a horizontal line read from pixels
 * @binary: the page binarised (ink is 1)
 * @scale: page pixels per pixel of @binary
 *
 * Measures the gap before each word of @line that follows a Chinese
 * character with a Latin word or a number, or the other way round, and
 * appends it to @gaps (#AgLayoutGap) for _ag_layout_set_gaps().
 */
void
_ag_layout_measure_gaps (AgLine *line,
                         PIX    *binary,
                         double  scale,
                         double  page_w,
                         double  page_h,
                         GArray *gaps)
{
  g_autoptr(GArray) heights = NULL;
  double height, em, y0, y1;
  int top, bottom;

  if (line->words->len < 2)
    return;

  heights = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint w = 0; w < line->words->len; w++)
    {
      AgWord *word = g_ptr_array_index (line->words, w);
      double h = word->box.height * page_h;

      if (all_chinese (word->text))
        g_array_append_val (heights, h);
    }
  /* The line's height, or its Chinese characters' where they are lower
   * (a Latin descender); Tesseract's boxes of Chinese characters may be
   * taller than the line, never right when they are. */
  height = line->box.height * page_h;
  if (heights->len > 0)
    {
      g_array_sort (heights, compare_doubles);
      height = MIN (height, g_array_index (heights, double, heights->len / 2));
    }
  if (height <= 0)
    return;

  /* Chinese characters' ink is some 0.92 of their em high. */
  em = height / 0.92;
  y0 = line->box.y * page_h;
  y1 = (line->box.y + line->box.height) * page_h;
  top = (int) (y0 / scale);
  bottom = (int) (y1 / scale + 0.5);

  for (guint w = 1; w < line->words->len; w++)
    {
      AgWord *before = g_ptr_array_index (line->words, w - 1);
      AgWord *word = g_ptr_array_index (line->words, w);
      double end = (before->box.x + before->box.width) * page_w;
      double start = word->box.x * page_w;
      double x0, x1, gap;

      if (!ag_text_is_open_gap (before->text, word->text))
        continue;

      x0 = MIN (end, start) - SEARCH * em;
      x1 = MAX (end, start) + SEARCH * em;
      gap = measure_gap (binary, scale, em, ag_text_is_chinese (last_char_of (before->text)),
                         (int) (x0 / scale), (int) (x1 / scale + 0.5), top, bottom);
      g_array_append_vals (gaps, &(AgLayoutGap) { word, gap < 0 ? -1 : gap / em, before->text }, 1);
    }
}

/**
 * _ag_layout_set_gaps:
 * @gaps: the page's gaps (#AgLayoutGap), from _ag_layout_measure_gaps()
 *
 * Sets #AgWord.gap_before of each word measured: a space where the page
 * shows one.  The page decides how wide that is: where every change of
 * script is set apart, a word processor did it, not the writer.
 */
void
_ag_layout_set_gaps (GArray *gaps)
{
  double threshold = SPACE_GAP;
  guint measured = 0, tight = 0;

  for (guint i = 0; i < gaps->len; i++)
    {
      const AgLayoutGap *gap = &g_array_index (gaps, AgLayoutGap, i);

      if (gap->em >= 0)
        measured++, tight += gap->em < TIGHT_GAP;
    }
  if (measured >= 2 && tight == 0)
    threshold = AUTOSPACE_GAP;

  for (guint i = 0; i < gaps->len; i++)
    {
      const AgLayoutGap *gap = &g_array_index (gaps, AgLayoutGap, i);

      gap->word->gap_before = gap->em > threshold ? AG_WORD_GAP_SPACE : AG_WORD_GAP_NONE;
      g_debug ("Gap between “%s” and “%s”: %.2f em%s%s", gap->before, gap->word->text, gap->em,
               gap->em < 0 ? " (not seen)" : "",
               gap->word->gap_before == AG_WORD_GAP_SPACE ? ", a space" : "");
    }
  if (threshold != SPACE_GAP)
    g_debug ("Every change of script set apart (%u gaps): spaces from %.2f em", measured, threshold);
}
