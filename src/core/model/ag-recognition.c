/* ag-recognition.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "model/ag-recognition.h"
#include "model/ag-text.h"

struct _AgRecognition
{
  gatomicrefcount  ref_count;
  char            *languages;
  GPtrArray       *pages;      /* AgRecognitionPage, sorted by index */
};

G_DEFINE_BOXED_TYPE (AgRecognition, ag_recognition, ag_recognition_ref, ag_recognition_unref)

/**
 * ag_recognition_new:
 * @languages: (nullable): the languages used, as "chi_sim+eng"
 *
 * Returns: (transfer full): an empty result
 */
AgRecognition *
ag_recognition_new (const char *languages)
{
  AgRecognition *self = g_new0 (AgRecognition, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->languages = g_strdup (languages);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_recognition_page_free);

  return self;
}

AgRecognition *
ag_recognition_ref (AgRecognition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ag_recognition_unref (AgRecognition *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_ptr_array_unref (self->pages);
      g_free (self->languages);
      g_free (self);
    }
}

const char *
ag_recognition_get_languages (AgRecognition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->languages;
}

static void
add_codes (GPtrArray  *codes,
           const char *languages)
{
  g_auto(GStrv) some = NULL;

  if (languages == NULL)
    return;

  some = g_strsplit (languages, "+", -1);
  for (guint i = 0; some[i] != NULL; i++)
    if (*some[i] != '\0' && !g_str_equal (some[i], "auto") &&
        !g_ptr_array_find_with_equal_func (codes, some[i], g_str_equal, NULL))
      g_ptr_array_add (codes, g_strdup (some[i]));
}

/**
 * ag_recognition_dup_languages_read:
 * @self: a recognition
 *
 * The languages the pages were actually read in, which the automatic
 * choice decides page by page: every page's languages, each code once,
 * in the order first used; where no page says (text layers only), the
 * languages asked for, unless those were "auto".
 *
 * Returns: (transfer full) (nullable): codes joined with "+", or %NULL
 */
char *
ag_recognition_dup_languages_read (AgRecognition *self)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint p = 0; p < self->pages->len; p++)
    add_codes (codes, ((AgRecognitionPage *) g_ptr_array_index (self->pages, p))->languages);
  if (codes->len == 0)
    add_codes (codes, self->languages);
  if (codes->len == 0)
    return NULL;

  g_ptr_array_add (codes, NULL);
  return g_strjoinv ("+", (char **) codes->pdata);
}

guint
ag_recognition_get_n_pages (AgRecognition *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pages->len;
}

/**
 * ag_recognition_get_page:
 * @index: position in the result (not the page number in the document)
 *
 * Returns: (transfer none): the page
 */
AgRecognitionPage *
ag_recognition_get_page (AgRecognition *self,
                         guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->pages->len, NULL);

  return g_ptr_array_index (self->pages, index);
}

/**
 * ag_recognition_take_page:
 * @page: (transfer full): a recognised page
 *
 * Adds @page, keeping the pages in document order.
 */
void
ag_recognition_take_page (AgRecognition     *self,
                          AgRecognitionPage *page)
{
  guint pos;

  g_return_if_fail (self != NULL);
  g_return_if_fail (page != NULL);

  for (pos = self->pages->len; pos > 0; pos--)
    {
      AgRecognitionPage *other = g_ptr_array_index (self->pages, pos - 1);

      if (other->index <= page->index)
        break;
    }

  g_ptr_array_insert (self->pages, pos, page);
}

/**
 * ag_word_wants_space:
 * @before: the text of the line so far
 * @word: the next word
 *
 * Whether a space goes before @word: where the script leaves it open
 * (a Chinese character and a Latin word or a number side by side), as
 * the page shows it if it was measured; otherwise as
 * ag_text_wants_space() says.  Every text made of a line's words (the
 * window, the clipboard, every export) is joined with this.
 *
 * Returns: %TRUE if a space belongs between @before and @word
 */
gboolean
ag_word_wants_space (const char   *before,
                     const AgWord *word)
{
  g_return_val_if_fail (word != NULL, FALSE);

  if (before == NULL || *before == '\0' || word->text == NULL || *word->text == '\0')
    return FALSE;
  if (word->gap_before != AG_WORD_GAP_UNKNOWN && ag_text_is_open_gap (before, word->text))
    return word->gap_before == AG_WORD_GAP_SPACE;
  return ag_text_wants_space (before, word->text);
}

/**
 * ag_line_dup_text:
 *
 * Returns: (transfer full): the words of @line, spaced for their script
 */
char *
ag_line_dup_text (AgLine *line)
{
  GString *string = g_string_new (NULL);

  for (guint i = 0; i < line->words->len; i++)
    {
      AgWord *word = g_ptr_array_index (line->words, i);

      if (word->text == NULL || *word->text == '\0')
        continue;
      if (ag_word_wants_space (string->str, word))
        g_string_append_c (string, ' ');
      g_string_append (string, word->text);
    }

  return g_string_free (string, FALSE);
}

/* The text of @n lines of @block from @first: joined into one paragraph
 * (Chinese without a space, Latin with one, a word hyphenated at a line
 * end mended), or one line each. */
static void
append_lines (GString  *string,
              AgBlock  *block,
              guint     first,
              guint     n,
              gboolean  join_lines)
{
  gsize start = string->len;

  for (guint i = first; i < first + n && i < block->lines->len; i++)
    {
      g_autofree char *text = ag_line_dup_text (g_ptr_array_index (block->lines, i));

      if (*text == '\0')
        continue;

      if (string->len == start)
        g_string_append (string, text);
      else if (join_lines)
        {
          /* A word broken with a hyphen at the end of a line is mended. */
          if (string->str[string->len - 1] == '-' && string->len - start > 1 &&
              g_ascii_isalpha (string->str[string->len - 2]) &&
              g_ascii_islower (text[0]))
            {
              g_string_truncate (string, string->len - 1);
              g_string_append (string, text);
            }
          else
            {
              if (ag_text_wants_space_at_line_break (string->str + start, text))
                g_string_append_c (string, ' ');
              g_string_append (string, text);
            }
        }
      else
        {
          g_string_append_c (string, '\n');
          g_string_append (string, text);
        }
    }
}

/**
 * ag_block_dup_cell_text:
 * @cell: one of @block's cells
 * @join_lines: join the cell's lines, or keep them apart with new lines
 *
 * Returns: (transfer full): the text of @cell
 */
char *
ag_block_dup_cell_text (AgBlock      *block,
                        const AgCell *cell,
                        gboolean      join_lines)
{
  GString *string;

  g_return_val_if_fail (block != NULL, NULL);
  g_return_val_if_fail (cell != NULL, NULL);

  string = g_string_new (NULL);
  append_lines (string, block, cell->first_line, cell->n_lines, join_lines);
  return g_string_free (string, FALSE);
}

/**
 * ag_block_get_cell:
 *
 * Returns: (transfer none) (nullable): the cell of a table @block that
 *   covers @row and @column (a merged cell covers several), or %NULL
 */
const AgCell *
ag_block_get_cell (AgBlock *block,
                   guint    row,
                   guint    column)
{
  g_return_val_if_fail (block != NULL, NULL);

  if (block->cells == NULL)
    return NULL;

  for (guint i = 0; i < block->cells->len; i++)
    {
      const AgCell *cell = &g_array_index (block->cells, AgCell, i);

      if (row >= cell->row && row < cell->row + cell->row_span &&
          column >= cell->column && column < cell->column + cell->column_span)
        return cell;
    }

  return NULL;
}

/**
 * ag_block_add_cell:
 *
 * Adds a cell to a table @block, making it one (the grid grows to hold
 * the cell).  Cells are added row by row, and their runs of lines follow
 * each other.  @box may be %NULL (the lines' boxes give it).
 */
void
ag_block_add_cell (AgBlock      *block,
                   guint         row,
                   guint         column,
                   guint         row_span,
                   guint         column_span,
                   guint         first_line,
                   guint         n_lines,
                   const AgRect *box)
{
  AgCell cell = { { 0, 0, 0, 0 }, row, column, MAX (row_span, 1), MAX (column_span, 1), first_line, n_lines };

  g_return_if_fail (block != NULL);

  if (box != NULL)
    cell.box = *box;
  else
    for (guint i = first_line; i < first_line + n_lines && i < block->lines->len; i++)
      {
        AgLine *line = g_ptr_array_index (block->lines, i);

        if (cell.box.width <= 0)
          cell.box = line->box;
        else
          {
            double x1 = MAX (cell.box.x + cell.box.width, line->box.x + line->box.width);
            double y1 = MAX (cell.box.y + cell.box.height, line->box.y + line->box.height);

            cell.box.x = MIN (cell.box.x, line->box.x);
            cell.box.y = MIN (cell.box.y, line->box.y);
            cell.box.width = x1 - cell.box.x;
            cell.box.height = y1 - cell.box.y;
          }
      }

  if (block->cells == NULL)
    block->cells = g_array_new (FALSE, FALSE, sizeof (AgCell));
  g_array_append_val (block->cells, cell);
  block->kind = AG_BLOCK_KIND_TABLE;
  block->n_rows = MAX (block->n_rows, cell.row + cell.row_span);
  block->n_columns = MAX (block->n_columns, cell.column + cell.column_span);
}

/**
 * ag_block_dup_text:
 * @join_lines: join the lines into one paragraph instead of keeping the
 *   line breaks as recognised
 *
 * A table gives a line per row, its cells separated by tabs (what a
 * spreadsheet takes as cells), each cell's lines joined.
 *
 * Returns: (transfer full): the text of @block
 */
char *
ag_block_dup_text (AgBlock  *block,
                   gboolean  join_lines)
{
  GString *string = g_string_new (NULL);

  if (block->kind == AG_BLOCK_KIND_TABLE && block->cells != NULL)
    {
      for (guint r = 0; r < block->n_rows; r++)
        {
          if (r > 0)
            g_string_append_c (string, '\n');
          for (guint c = 0; c < block->n_columns; c++)
            {
              const AgCell *cell = ag_block_get_cell (block, r, c);

              if (c > 0)
                g_string_append_c (string, '\t');
              /* A merged cell's text goes in its first row and column. */
              if (cell != NULL && cell->row == r && cell->column == c)
                append_lines (string, block, cell->first_line, cell->n_lines, TRUE);
            }
        }
      return g_string_free (string, FALSE);
    }

  append_lines (string, block, 0, block->lines->len, join_lines);
  return g_string_free (string, FALSE);
}

/**
 * ag_recognition_page_dup_text:
 *
 * Returns: (transfer full): the blocks of @page, one paragraph each,
 *   separated by an empty line
 */
char *
ag_recognition_page_dup_text (AgRecognitionPage *page)
{
  GString *string = g_string_new (NULL);

  for (guint i = 0; i < page->blocks->len; i++)
    {
      g_autofree char *text = ag_block_dup_text (g_ptr_array_index (page->blocks, i), FALSE);

      if (*text == '\0')
        continue;
      if (string->len > 0)
        g_string_append (string, "\n\n");
      g_string_append (string, text);
    }

  return g_string_free (string, FALSE);
}

/**
 * ag_recognition_dup_text:
 *
 * Returns: (transfer full): the text of every page in reading order, pages
 *   separated by a form feed
 */
char *
ag_recognition_dup_text (AgRecognition *self)
{
  GString *string;

  g_return_val_if_fail (self != NULL, NULL);

  string = g_string_new (NULL);
  for (guint i = 0; i < self->pages->len; i++)
    {
      g_autofree char *text = ag_recognition_page_dup_text (g_ptr_array_index (self->pages, i));

      if (i > 0)
        g_string_append (string, "\n\f");
      g_string_append (string, text);
    }
  if (string->len > 0)
    g_string_append_c (string, '\n');

  return g_string_free (string, FALSE);
}

/**
 * ag_recognition_page_get_mean_confidence:
 * @n_words: (out) (optional): how many words the page has
 *
 * Returns: the mean confidence (0..100) of the words of @page, or -1
 *   without words
 */
double
ag_recognition_page_get_mean_confidence (AgRecognitionPage *page,
                                         guint             *n_words)
{
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (page != NULL, -1);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = 0; w < line->words->len; w++)
            sum += ((AgWord *) g_ptr_array_index (line->words, w))->confidence;
          n += line->words->len;
        }
    }

  if (n_words != NULL)
    *n_words = n;
  return n > 0 ? sum / n : -1;
}

/**
 * ag_recognition_page_guess_turn:
 *
 * Which way the horizontal lines of @page run, from the first word of
 * each line to its last: a page read turned upright (ag-orient.c) keeps
 * its boxes on the page as it is, so its lines may run down, up or
 * right to left.  Blocks of vertical text do not count.
 *
 * Returns: the degrees (0, 90, 180 or 270) to turn @page clockwise so
 *   that its lines run from left to right; 0 when unsure
 */
int
ag_recognition_page_guess_turn (const AgRecognitionPage *page)
{
  /* Votes, weighed by line length, for lines running right, down, left
   * and up the page (which a clockwise turn of 0, 270, 180, 90 makes
   * run right). */
  double votes[4] = { 0, 0, 0, 0 };
  static const int turns[4] = { 0, 270, 180, 90 };
  double total = 0;
  int best = 0;

  g_return_val_if_fail (page != NULL, 0);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      if (block->vertical || block->kind == AG_BLOCK_KIND_CODE)
        continue;
      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);
          AgWord *first, *last;
          double dx, dy;

          if (line->words->len < 2)
            continue;
          first = g_ptr_array_index (line->words, 0);
          last = g_ptr_array_index (line->words, line->words->len - 1);
          /* In pixels: fractions of a long page are not comparable. */
          dx = (last->box.x + last->box.width / 2 - first->box.x - first->box.width / 2) * MAX (page->width, 1);
          dy = (last->box.y + last->box.height / 2 - first->box.y - first->box.height / 2) * MAX (page->height, 1);
          if (fabs (dx) >= fabs (dy))
            votes[dx >= 0 ? 0 : 2] += fabs (dx);
          else
            votes[dy >= 0 ? 1 : 3] += fabs (dy);
          total += MAX (fabs (dx), fabs (dy));
        }
    }

  for (int i = 1; i < 4; i++)
    if (votes[i] > votes[best])
      best = i;

  /* Most of the text one way, or it is no turned page. */
  if (total <= 0 || votes[best] < 0.75 * total)
    return 0;
  return turns[best];
}

/**
 * ag_recognition_page_turn:
 * @turn_cw: 0, 90, 180 or 270
 *
 * Moves every box of @page (words, lines, blocks, cells) to where it is
 * once the page is turned clockwise by @turn_cw, and swaps its width and
 * height for a quarter turn.  Turning by 360 − @turn_cw brings it back.
 */
void
ag_recognition_page_turn (AgRecognitionPage *page,
                          int                turn_cw)
{
  g_return_if_fail (page != NULL);

  turn_cw = ((turn_cw % 360) + 360) % 360;
  if (turn_cw == 0)
    return;

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      ag_rect_turn (&block->box, turn_cw);
      for (guint c = 0; block->cells != NULL && c < block->cells->len; c++)
        ag_rect_turn (&g_array_index (block->cells, AgCell, c).box, turn_cw);
      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          ag_rect_turn (&line->box, turn_cw);
          for (guint w = 0; w < line->words->len; w++)
            ag_rect_turn (&((AgWord *) g_ptr_array_index (line->words, w))->box, turn_cw);
        }
    }

  if (turn_cw != 180)
    {
      int width = page->width;

      page->width = page->height;
      page->height = width;
    }
}

/**
 * ag_recognition_get_mean_confidence:
 *
 * Returns: the mean word confidence (0..100) over all pages, or -1
 *   without words
 */
double
ag_recognition_get_mean_confidence (AgRecognition *self)
{
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (self != NULL, -1);

  for (guint p = 0; p < self->pages->len; p++)
    {
      guint n_page;
      double mean = ag_recognition_page_get_mean_confidence (g_ptr_array_index (self->pages, p), &n_page);

      if (n_page > 0)
        {
          sum += mean * n_page;
          n += n_page;
        }
    }

  return n > 0 ? sum / n : -1;
}

AgRecognitionPage *
ag_recognition_page_new (guint                index,
                         int                  width,
                         int                  height,
                         double               dpi,
                         AgRecognitionSource  source)
{
  AgRecognitionPage *page = g_new0 (AgRecognitionPage, 1);

  page->index = index;
  page->width = width;
  page->height = height;
  page->dpi = dpi;
  page->source = source;
  page->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_block_free);

  return page;
}

void
ag_recognition_page_free (AgRecognitionPage *page)
{
  if (page == NULL)
    return;

  g_ptr_array_unref (page->blocks);
  g_free (page->engine);
  g_free (page->note);
  g_free (page->languages);
  g_free (page);
}

AgBlock *
ag_block_new (int region)
{
  AgBlock *block = g_new0 (AgBlock, 1);

  block->region = region;
  block->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_line_free);

  return block;
}

/**
 * ag_block_new_code:
 * @region: index of the user's region, -1 for the whole page
 * @symbology: the code's kind, as "QRCode" or "EAN-13"
 * @payload: what it encodes
 * @box: where it is on the page
 *
 * Returns: (transfer full): a block of kind %AG_BLOCK_KIND_CODE: one
 *   line of one word, @payload, with confidence 100
 */
AgBlock *
ag_block_new_code (int           region,
                   const char   *symbology,
                   const char   *payload,
                   const AgRect *box)
{
  AgBlock *block;
  AgLine *line;

  g_return_val_if_fail (symbology != NULL && *symbology != '\0', NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (box != NULL, NULL);

  block = ag_block_new (region);
  block->kind = AG_BLOCK_KIND_CODE;
  block->symbology = g_strdup (symbology);
  block->box = *box;
  line = ag_line_new ();
  line->box = *box;
  g_ptr_array_add (line->words, ag_word_new (payload, box, 100.0f));
  g_ptr_array_add (block->lines, line);

  return block;
}

void
ag_block_free (AgBlock *block)
{
  if (block == NULL)
    return;

  g_ptr_array_unref (block->lines);
  if (block->cells != NULL)
    g_array_unref (block->cells);
  g_free (block->symbology);
  g_free (block);
}

AgLine *
ag_line_new (void)
{
  AgLine *line = g_new0 (AgLine, 1);

  line->words = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_word_free);

  return line;
}

void
ag_line_free (AgLine *line)
{
  if (line == NULL)
    return;

  g_ptr_array_unref (line->words);
  g_free (line);
}

AgWord *
ag_word_new (const char   *text,
             const AgRect *box,
             float         confidence)
{
  AgWord *word = g_new0 (AgWord, 1);

  /* Every word is valid UTF-8, whatever a recogniser or a damaged PDF
   * hands over, so every writer can rely on it (tests/fuzz/fuzz-export
   * found invalid bytes passing through to a .txt). */
  word->text = text != NULL ? g_utf8_make_valid (text, -1) : NULL;
  if (box != NULL)
    word->box = *box;
  word->confidence = confidence;

  return word;
}

void
ag_word_free (AgWord *word)
{
  if (word == NULL)
    return;

  g_free (word->text);
  g_free (word);
}

/* Serialisation ------------------------------------------------------------ */

/*
 * A page goes from the worker to its client as flat arrays of basic
 * types, which GVariant and D-Bus copy whole, not element by element
 * (a page of a text-layer PDF has thousands of words):
 *
 *   the page's fields, then
 *   ad  four numbers per block: its box        ai  its region
 *   au  its number of lines                    ay  vertical (0 or 1)
 *   ad  four per line: its box                 au  its number of words
 *   ad  four per word: its box                 ad  its confidence
 *   ay  the words' texts, each ended by a NUL
 *   ay  per block: its kind                    ay  its level
 *   ay  its alignment                          ad  its first-line indent
 *   au  three per block: rows, columns and number of cells (0 0 0
 *       unless a table)
 *   au  six per cell: row, column, row span, column span, first line,
 *       number of lines
 *   ad  four per cell: its box
 *   ay  per word: what the page shows before it (AgWordGap)
 *   a(us)  the codes: the position of each code block and its symbology
 *
 * A cell outside its table's grid, or whose lines are not its block's,
 * makes the variant no page either.
 * A variant whose counts do not add up, or whose texts are not UTF-8,
 * is no page.
 */

static void
append_rect (GArray       *numbers,
             const AgRect *rect)
{
  double four[4] = { rect->x, rect->y, rect->width, rect->height };

  g_array_append_vals (numbers, four, 4);
}

static GVariant *
fixed_array (const GVariantType *element,
             GArray             *array)
{
  return g_variant_new_fixed_array (element, array->data, array->len,
                                    g_array_get_element_size (array));
}

/**
 * ag_recognition_page_serialize:
 *
 * Every field of @page as a #GVariant of type
 * %AG_RECOGNITION_PAGE_VARIANT_TYPE, for the sandboxed reader to send its
 * result back (see ag-worker-protocol.c).
 *
 * Returns: (transfer floating): the page
 */
GVariant *
ag_recognition_page_serialize (AgRecognitionPage *page)
{
  g_autoptr(GArray) block_boxes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) regions = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr(GArray) n_lines = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GByteArray) vertical = g_byte_array_new ();
  g_autoptr(GArray) line_boxes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) n_words = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) word_boxes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) confidences = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GByteArray) texts = g_byte_array_new ();
  g_autoptr(GByteArray) kinds = g_byte_array_new ();
  g_autoptr(GByteArray) levels = g_byte_array_new ();
  g_autoptr(GByteArray) aligns = g_byte_array_new ();
  g_autoptr(GArray) indents = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tables = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) cell_boxes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GByteArray) gaps = g_byte_array_new ();
  GVariantBuilder codes;

  g_return_val_if_fail (page != NULL, NULL);

  g_variant_builder_init (&codes, G_VARIANT_TYPE ("a(us)"));

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);
      gint32 region = block->region;
      guint32 count = block->lines->len;
      guint8 is_vertical = block->vertical ? 1 : 0;

      append_rect (block_boxes, &block->box);
      g_array_append_val (regions, region);
      g_array_append_val (n_lines, count);
      guint8 kind = block->kind, level = MIN (block->level, 255), align = block->align;
      guint32 table[3] = { 0, 0, 0 };

      g_byte_array_append (vertical, &is_vertical, 1);
      g_byte_array_append (kinds, &kind, 1);
      g_byte_array_append (levels, &level, 1);
      g_byte_array_append (aligns, &align, 1);
      g_array_append_val (indents, block->indent);
      if (block->cells != NULL)
        {
          table[0] = block->n_rows;
          table[1] = block->n_columns;
          table[2] = block->cells->len;
          for (guint c = 0; c < block->cells->len; c++)
            {
              const AgCell *cell = &g_array_index (block->cells, AgCell, c);
              guint32 six[6] = { cell->row, cell->column, cell->row_span, cell->column_span,
                                 cell->first_line, cell->n_lines };

              g_array_append_vals (cells, six, 6);
              append_rect (cell_boxes, &cell->box);
            }
        }
      g_array_append_vals (tables, table, 3);
      if (block->kind == AG_BLOCK_KIND_CODE)
        g_variant_builder_add (&codes, "(us)", b, block->symbology != NULL ? block->symbology : "");

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);
          guint32 words = line->words->len;

          append_rect (line_boxes, &line->box);
          g_array_append_val (n_words, words);

          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);
              const char *text = word->text != NULL ? word->text : "";
              double confidence = word->confidence;
              guint8 gap = word->gap_before;

              append_rect (word_boxes, &word->box);
              g_byte_array_append (gaps, &gap, 1);
              g_array_append_val (confidences, confidence);
              g_byte_array_append (texts, (const guint8 *) text, strlen (text) + 1);
            }
        }
    }

  return g_variant_new ("(uiidu(bs)(bs)@ad@ai@au@ay@ad@au@ad@ad@ay@ay@ay@ay@ad@au@au@ad@aya(us)(bs))",
                        page->index, page->width, page->height, page->dpi, (guint) page->source,
                        page->engine != NULL, page->engine != NULL ? page->engine : "",
                        page->note != NULL, page->note != NULL ? page->note : "",
                        fixed_array (G_VARIANT_TYPE_DOUBLE, block_boxes),
                        fixed_array (G_VARIANT_TYPE_INT32, regions),
                        fixed_array (G_VARIANT_TYPE_UINT32, n_lines),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, vertical->data, vertical->len, 1),
                        fixed_array (G_VARIANT_TYPE_DOUBLE, line_boxes),
                        fixed_array (G_VARIANT_TYPE_UINT32, n_words),
                        fixed_array (G_VARIANT_TYPE_DOUBLE, word_boxes),
                        fixed_array (G_VARIANT_TYPE_DOUBLE, confidences),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, texts->data, texts->len, 1),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, kinds->data, kinds->len, 1),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, levels->data, levels->len, 1),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, aligns->data, aligns->len, 1),
                        fixed_array (G_VARIANT_TYPE_DOUBLE, indents),
                        fixed_array (G_VARIANT_TYPE_UINT32, tables),
                        fixed_array (G_VARIANT_TYPE_UINT32, cells),
                        fixed_array (G_VARIANT_TYPE_DOUBLE, cell_boxes),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, gaps->data, gaps->len, 1),
                        &codes,
                        page->languages != NULL, page->languages != NULL ? page->languages : "");
}

static const void *
child_array (GVariant *variant,
             gsize     index,
             gsize     element_size,
             gsize    *n)
{
  g_autoptr(GVariant) child = g_variant_get_child_value (variant, index);

  /* The data stays with @variant, which holds its children's. */
  return g_variant_get_fixed_array (child, n, element_size);
}

static void
rect_at (const double *numbers,
         gsize         index,
         AgRect       *rect)
{
  rect->x = numbers[4 * index];
  rect->y = numbers[4 * index + 1];
  rect->width = numbers[4 * index + 2];
  rect->height = numbers[4 * index + 3];
}

static gboolean
counts_add_up (const guint32 *counts,
               gsize          n_counts,
               gsize          total)
{
  guint64 sum = 0;

  for (gsize i = 0; i < n_counts; i++)
    sum += counts[i];
  return sum == total;
}

/**
 * ag_recognition_page_deserialize:
 * @variant: what ag_recognition_page_serialize() made
 *
 * Returns: (transfer full) (nullable): the page, or %NULL if @variant is
 *   not of the right type or does not hold a page
 */
AgRecognitionPage *
ag_recognition_page_deserialize (GVariant *variant)
{
  g_autoptr(AgRecognitionPage) page = NULL;
  g_autofree char *engine = NULL;
  g_autofree char *note = NULL;
  g_autofree char *languages = NULL;
  gboolean has_engine, has_note, has_languages;
  guint index, source;
  int width, height;
  double dpi;
  const double *block_boxes, *line_boxes, *word_boxes, *confidences;
  const gint32 *regions;
  const guint32 *n_lines, *n_words;
  const guint8 *vertical, *kinds, *levels, *aligns, *gaps;
  const double *indents, *cell_boxes;
  const guint32 *tables, *cells;
  const char *texts;
  gsize n_kinds, n_levels, n_aligns, n_indents, n_table_numbers, n_cell_numbers, n_cell_box_numbers, cell = 0;
  gsize n_block_numbers, n_blocks, n_counts, n_vertical, n_gaps;
  gsize n_line_numbers, n_lines_total, n_word_numbers, n_words_total, n_texts;
  gsize offset = 0, line = 0, word = 0;
  g_autoptr(GVariant) codes = NULL;
  GVariantIter iter;
  guint32 code_block;
  const char *symbology;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE (AG_RECOGNITION_PAGE_VARIANT_TYPE)))
    return NULL;

  g_variant_get (variant, "(uiidu(bs)(bs)@ad@ai@au@ay@ad@au@ad@ad@ay@ay@ay@ay@ad@au@au@ad@ay@a(us)(bs))",
                 &index, &width, &height, &dpi, &source,
                 &has_engine, &engine, &has_note, &note,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &codes,
                 &has_languages, &languages);

  block_boxes = child_array (variant, 7, sizeof (double), &n_block_numbers);
  regions = child_array (variant, 8, sizeof (gint32), &n_blocks);
  n_lines = child_array (variant, 9, sizeof (guint32), &n_counts);
  vertical = child_array (variant, 10, 1, &n_vertical);
  line_boxes = child_array (variant, 11, sizeof (double), &n_line_numbers);
  n_words = child_array (variant, 12, sizeof (guint32), &n_lines_total);
  word_boxes = child_array (variant, 13, sizeof (double), &n_word_numbers);
  confidences = child_array (variant, 14, sizeof (double), &n_words_total);
  texts = child_array (variant, 15, 1, &n_texts);
  kinds = child_array (variant, 16, 1, &n_kinds);
  levels = child_array (variant, 17, 1, &n_levels);
  aligns = child_array (variant, 18, 1, &n_aligns);
  indents = child_array (variant, 19, sizeof (double), &n_indents);
  tables = child_array (variant, 20, sizeof (guint32), &n_table_numbers);
  cells = child_array (variant, 21, sizeof (guint32), &n_cell_numbers);
  cell_boxes = child_array (variant, 22, sizeof (double), &n_cell_box_numbers);
  gaps = child_array (variant, 23, 1, &n_gaps);

  if (n_block_numbers != 4 * n_blocks || n_counts != n_blocks || n_vertical != n_blocks ||
      n_line_numbers != 4 * n_lines_total || n_word_numbers != 4 * n_words_total ||
      !counts_add_up (n_lines, n_blocks, n_lines_total) ||
      !counts_add_up (n_words, n_lines_total, n_words_total) ||
      n_kinds != n_blocks || n_levels != n_blocks || n_aligns != n_blocks ||
      n_indents != n_blocks || n_table_numbers != 3 * n_blocks || n_cell_numbers % 6 != 0 ||
      n_cell_box_numbers != 4 * (n_cell_numbers / 6) || n_gaps != n_words_total)
    return NULL;

  page = ag_recognition_page_new (index, width, height, dpi,
                                  source == AG_RECOGNITION_SOURCE_TEXT_LAYER
                                    ? AG_RECOGNITION_SOURCE_TEXT_LAYER : AG_RECOGNITION_SOURCE_OCR);
  if (has_engine)
    page->engine = g_steal_pointer (&engine);
  if (has_note)
    page->note = g_steal_pointer (&note);
  if (has_languages)
    page->languages = g_steal_pointer (&languages);

  for (gsize b = 0; b < n_blocks; b++)
    {
      AgBlock *block = ag_block_new (regions[b]);

      block->vertical = vertical[b] != 0;
      rect_at (block_boxes, b, &block->box);
      g_ptr_array_add (page->blocks, block);

      if (kinds[b] > AG_BLOCK_KIND_LAST || aligns[b] > AG_BLOCK_ALIGN_END ||
          !isfinite (indents[b]) || indents[b] < -1 || indents[b] > 1)
        return NULL;
      block->kind = kinds[b];
      block->level = levels[b];
      block->align = aligns[b];
      block->indent = indents[b];

      /* The cells: inside the grid, each of at least one row and column,
       * their lines the block's. */
      if ((tables[3 * b + 2] > 0) != (block->kind == AG_BLOCK_KIND_TABLE) ||
          tables[3 * b] > 4096 || tables[3 * b + 1] > 4096 ||
          tables[3 * b + 2] > n_cell_numbers / 6 - cell)
        return NULL;
      for (guint32 c = 0; c < tables[3 * b + 2]; c++, cell++)
        {
          const guint32 *six = cells + 6 * cell;
          AgRect box;

          if (six[2] == 0 || six[3] == 0 ||
              (guint64) six[0] + six[2] > tables[3 * b] ||
              (guint64) six[1] + six[3] > tables[3 * b + 1] ||
              (guint64) six[4] + six[5] > n_lines[b])
            return NULL;
          rect_at (cell_boxes, cell, &box);
          ag_block_add_cell (block, six[0], six[1], six[2], six[3], six[4], six[5], &box);
        }
      if (block->cells != NULL &&
          (block->n_rows != tables[3 * b] || block->n_columns != tables[3 * b + 1]))
        return NULL;

      for (guint32 l = 0; l < n_lines[b]; l++, line++)
        {
          AgLine *one = ag_line_new ();

          rect_at (line_boxes, line, &one->box);
          g_ptr_array_add (block->lines, one);

          for (guint32 w = 0; w < n_words[line]; w++, word++)
            {
              const char *end = offset < n_texts ? memchr (texts + offset, '\0', n_texts - offset) : NULL;
              AgRect box;
              AgWord *one_word;

              if (end == NULL || !g_utf8_validate (texts + offset, end - (texts + offset), NULL) ||
                  gaps[word] > AG_WORD_GAP_LAST)
                return NULL;
              rect_at (word_boxes, word, &box);
              one_word = ag_word_new (texts + offset, &box, (float) confidences[word]);
              one_word->gap_before = gaps[word];
              g_ptr_array_add (one->words, one_word);
              offset = end - texts + 1;
            }
        }
    }

  /* Every text and cell read, and nothing after them. */
  if (offset != n_texts || cell != n_cell_numbers / 6)
    return NULL;

  /* A code is a block of the code kind, of one line of one word, with
   * its symbology given once; and every block of that kind has one. */
  g_variant_iter_init (&iter, codes);
  while (g_variant_iter_next (&iter, "(u&s)", &code_block, &symbology))
    {
      AgBlock *block;

      if (code_block >= n_blocks || *symbology == '\0')
        return NULL;
      block = g_ptr_array_index (page->blocks, code_block);
      if (block->kind != AG_BLOCK_KIND_CODE || block->symbology != NULL || block->lines->len != 1 ||
          ((AgLine *) g_ptr_array_index (block->lines, 0))->words->len != 1)
        return NULL;
      block->symbology = g_strdup (symbology);
    }
  for (guint b = 0; b < page->blocks->len; b++)
    if (((AgBlock *) g_ptr_array_index (page->blocks, b))->kind == AG_BLOCK_KIND_CODE &&
        ((AgBlock *) g_ptr_array_index (page->blocks, b))->symbology == NULL)
      return NULL;

  return g_steal_pointer (&page);
}

/**
 * ag_recognition_page_copy:
 *
 * Returns: (transfer full): a deep copy of @page, made through the same
 *   serialisation that carries a page out of the sandboxed worker, so
 *   that a copy holds exactly what crosses that boundary
 */
AgRecognitionPage *
ag_recognition_page_copy (AgRecognitionPage *page)
{
  g_autoptr(GVariant) variant = g_variant_ref_sink (ag_recognition_page_serialize (page));
  AgRecognitionPage *copy = ag_recognition_page_deserialize (variant);

  g_assert (copy != NULL);
  return copy;
}
