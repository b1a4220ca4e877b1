/* ag-tess-vertical.c — vertical text read column by column
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Vertical text taken apart into columns and characters (ag-columns.c)
 * and set again as horizontal lines, one a column, for the horizontal
 * models; Latin words set on their side and brackets turned a quarter
 * are read again turned back.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "recognize/ag-columns.h"
#include "recognize/ag-engine-error.h"
#include "recognize/tesseract/ag-tess-private.h"
#include "model/ag-text.h"

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
          int k = _ag_columns_find_cell (column, (word->left + word->right) / 2);

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

/* Whether the first word of @words is such a word. */
static gboolean
starts_latin (GArray *words)
{
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (LineWord));

  g_array_append_val (first, g_array_index (words, LineWord, 0));
  return looks_latin (first);
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

      again = read_turned (api, image, column, words, i, end, &after);
      /* The run may have taken in Chinese read poorly after the Latin
       * (年用 after 2024 with Tesseract 5.5), and is then read turned as
       * Latin followed by Chinese: read again without its last words
       * while that is so. */
      while (again != NULL && again->len > 1 && !looks_latin (again) &&
             starts_latin (again) && end - i > 1)
        {
          end--;
          g_clear_pointer (&again, g_array_unref);
          again = read_turned (api, image, column, words, i, end, &after);
        }
      before = mean_confidence (words, i, end);
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

/* A character only Chinese text has: a Han character, or Chinese
 * punctuation (not the curly quotes, which Latin text has too). */
static gboolean
is_surely_chinese (gunichar c)
{
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE10 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60);
}

/* Each cell of a column is one character.  A word of Chinese read from
 * fewer cells than it has characters has made some up, and what the
 * model makes up at the start of a column is Latin: "s。" for 。, "“為"
 * for 為 (chi_tra, Tesseract 5.5).  Those are dropped, the Chinese
 * kept.  (Latin words read on their side have no Chinese in them.) */
static void
drop_made_up (GArray   *words,
              AgColumn *column)
{
  for (guint i = 0; i < words->len; i++)
    {
      LineWord *word = &g_array_index (words, LineWord, i);
      guint n_cells = 0, n_chars = 0, n_chinese = 0;
      guint budget;
      GString *kept;

      if (word->width == 0)
        continue;
      for (guint k = 0; k < column->cells->len; k++)
        {
          AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, k);

          n_cells += cell->y >= word->y && cell->y + cell->height <= word->y + word->height;
        }
      for (const char *p = word->text; *p != '\0'; p = g_utf8_next_char (p))
        {
          n_chars++;
          n_chinese += is_surely_chinese (g_utf8_get_char (p));
        }
      if (n_cells == 0 || n_chars <= n_cells || n_chinese == 0 || n_chinese > n_cells)
        continue;

      /* the Chinese, and as many of the others as there are cells left */
      budget = n_cells - n_chinese;
      kept = g_string_new (NULL);
      for (const char *p = word->text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (is_surely_chinese (c))
            g_string_append_unichar (kept, c);
          else if (budget > 0)
            {
              g_string_append_unichar (kept, c);
              budget--;
            }
        }
      g_debug ("Column word %s over %u cells: %s", word->text, n_cells, kept->str);
      g_free (word->text);
      word->text = g_string_free (kept, FALSE);
    }
}

/* Reads the line one column became on @lines; its words get the boxes of
 * the characters they were read from. */
static AgLine *
read_column (TessBaseAPI         *api,
             PIX                 *image,
             AgColumn            *column,
             const AgTessMapping *mapping)
{
  g_autoptr(GArray) words = collect_line_words (api);
  AgLine *line = ag_line_new ();
  int lx = 0, ly = 0, lw = 0, lh = 0;

  for (guint k = 0; k < column->cells->len; k++)
    {
      AgColumnCell *cell = &g_array_index (column->cells, AgColumnCell, k);

      union_pixels (&lx, &ly, &lw, &lh, cell->x, cell->y, cell->width, cell->height);
    }
  _ag_tess_map_box (mapping, lx, ly, lx + lw, ly + lh, &line->box);

  place_words (words, column);
  read_sideways (api, image, column, words);
  read_brackets (api, image, column, words);
  drop_made_up (words, column);

  for (guint i = 0; i < words->len; i++)
    {
      LineWord *word = &g_array_index (words, LineWord, i);
      AgRect box;

      if (word->width == 0)
        continue;
      _ag_tess_map_box (mapping, word->x, word->y, word->x + word->width, word->y + word->height, &box);
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

/* The Chinese characters of @line. */
static guint
count_chinese (AgLine *line)
{
  guint n = 0;

  for (guint i = 0; i < line->words->len; i++)
    for (const char *p = ((AgWord *) g_ptr_array_index (line->words, i))->text; *p != '\0';
         p = g_utf8_next_char (p))
      n += ag_text_is_cjk (g_utf8_get_char (p));
  return n;
}

/* Recognises @pix with @api in @mode, cancellable. */
static int
recognize_pix (TessBaseAPI     *api,
               PIX             *pix,
               TessPageSegMode  mode,
               GCancellable    *cancellable)
{
  AgTessMonitor monitor = { 0 };
  int rc;

  _ag_tess_api->BaseAPISetPageSegMode (api, mode);
  pixSetResolution (pix, 300, 300);
  _ag_tess_api->BaseAPISetImage2 (api, pix);
  _ag_tess_api->BaseAPISetSourceResolution (api, 300);

  /* Progress is counted in columns, not within each line. */
  monitor.cancellable = cancellable;
  monitor.monitor = _ag_tess_api->MonitorCreate ();
  _ag_tess_api->MonitorSetCancelFunc (monitor.monitor, _ag_tess_monitor_cancel_cb);
  _ag_tess_api->MonitorSetCancelThis (monitor.monitor, &monitor);
  rc = _ag_tess_api->BaseAPIRecognize (api, monitor.monitor);
  _ag_tess_api->MonitorDelete (monitor.monitor);

  return rc;
}

/* One column read as Tesseract reads a vertical block, with the vertical
 * models: for a column whose line came out empty or poor. */
static AgLine *
read_column_vertically (TessBaseAPI         *api,
                        PIX                 *image,
                        AgColumn            *column,
                        const AgTessMapping *mapping,
                        int                  region,
                        GCancellable        *cancellable)
{
  g_autoptr(AgRecognitionPage) page = ag_recognition_page_new (0, 1, 1, 0, AG_RECOGNITION_SOURCE_OCR);
  int pad = (int) (column->char_size / 2);
  AgTessMapping strip_mapping = *mapping;
  AgLine *line = ag_line_new ();
  BOX *box, *clipped = NULL;
  PIX *strip;
  l_int32 x, y, w, h;

  _ag_tess_map_box (mapping, column->x, column->y, column->x + column->width, column->y + column->height,
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
    _ag_tess_collect_results (api, &strip_mapping, region, TRUE, page);
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
gboolean
_ag_tess_read_columns (TessBaseAPI         *api,
                       TessBaseAPI         *vertical,
                       PIX                 *image,
                       GPtrArray           *columns,
                       const AgTessMapping *mapping,
                       int                  region,
                       AgRecognitionPage   *page,
                       AgTessMonitor       *monitor,
                       GCancellable        *cancellable,
                       GError             **error)
{
  PIX *lines = _ag_columns_compose (image, columns, COLUMN_CHAR_HEIGHT);
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
            _ag_tess_map_box (mapping, bx, by, bx + bw, by + bh, &block->box);
          block = ag_block_new (region);
          block->vertical = TRUE;
          g_ptr_array_add (page->blocks, block);
          bw = bh = 0;
        }
      union_pixels (&bx, &by, &bw, &bh, column->x, column->y, column->width, column->height);

      /* Each line cut out and read alone: Tesseract 5.3 reads the wrong
       * line of a taller image given a rectangle in single-line mode. */
      band = _ag_tess_clip_pix (lines, 0, column->band_y, column->line_width, column->band_height);
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

          g_debug ("Column %u read as a vertical block: confidence %.1f instead of %.1f, "
                   "%u Chinese characters instead of %u", i, line_confidence (other),
                   line_confidence (line), count_chinese (other), count_chinese (line));
          /* Surer, and as Chinese: with English among the languages the
           * block may be read as English, surer than the Chinese model was
           * of the Chinese ("EK «" for 為師矣。 with Tesseract 5.5). */
          if (line_confidence (other) > line_confidence (line) &&
              count_chinese (other) >= count_chinese (line))
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
    _ag_tess_map_box (mapping, bx, by, bx + bw, by + bh, &block->box);

  for (guint b = page->blocks->len; b > 0; b--)
    {
      AgBlock *candidate = g_ptr_array_index (page->blocks, b - 1);

      if (candidate->lines->len == 0)
        g_ptr_array_remove_index (page->blocks, b - 1);
    }

  pixDestroy (&lines);
  return TRUE;
}
