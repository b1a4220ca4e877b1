/* ag-tess-cells.c — a ruled table's cells, read each alone
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tesseract reads a ruled table as lines across the page: a short cell
 * next to another is glued to it into one word ("序号检查部位"), and a
 * cell's words are read with the context of the cells beside them.  Once
 * the layout has found the table's cells (ag_layout_find_ruled_cells()),
 * a cell whose words cross its rules, or that Tesseract was unsure of, is
 * read again alone, as one block, and its words replace the old ones
 * when Tesseract is at least as sure of them.
 */

#include "config.h"

#include <math.h>

#include "recognize/tesseract/ag-tess-private.h"

/* Below this a word is unsure (as the window underlines it). */
#define UNSURE_CONFIDENCE 60.0
/* A word may stick out of its cell by this much of its own size. */
#define STICKING_OUT 0.25

static gboolean
centre_in (const AgRect *box,
           const AgRect *cell)
{
  double cx = box->x + box->width / 2, cy = box->y + box->height / 2;

  return cx > cell->x && cx < cell->x + cell->width &&
         cy > cell->y && cy < cell->y + cell->height;
}

/* The words of @page in @cell (horizontal text only): their number,
 * their mean confidence, and whether one is unsure or crosses the
 * cell's rules. */
static guint
look_at_cell (AgRecognitionPage *page,
              const AgRect      *cell,
              double            *confidence,
              gboolean          *doubtful,
              gboolean          *one_line)
{
  guint n = 0;
  double sum = 0;
  double top = G_MAXDOUBLE, bottom = -G_MAXDOUBLE, tallest = 0;

  *doubtful = FALSE;
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      if (block->vertical || block->kind != AG_BLOCK_KIND_PARAGRAPH)
        continue;
      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);
              double slack = STICKING_OUT * MIN (word->box.height, word->box.width);

              if (!centre_in (&word->box, cell))
                continue;
              n++;
              sum += word->confidence;
              top = MIN (top, word->box.y + word->box.height / 2);
              bottom = MAX (bottom, word->box.y + word->box.height / 2);
              tallest = MAX (tallest, word->box.height);
              if (word->confidence < UNSURE_CONFIDENCE ||
                  word->box.x < cell->x - slack ||
                  word->box.x + word->box.width > cell->x + cell->width + slack)
                *doubtful = TRUE;
            }
        }
    }

  *confidence = n > 0 ? sum / n : 0;
  /* Every word's middle within half a word's height of the others'. */
  *one_line = n > 0 && bottom - top < 0.5 * tallest;
  return n;
}

static void
union_box (AgRect       *box,
           const AgRect *add,
           gboolean      first)
{
  double x1, y1;

  if (first)
    {
      *box = *add;
      return;
    }
  x1 = MAX (box->x + box->width, add->x + add->width);
  y1 = MAX (box->y + box->height, add->y + add->height);
  box->x = MIN (box->x, add->x);
  box->y = MIN (box->y, add->y);
  box->width = x1 - box->x;
  box->height = y1 - box->y;
}

/* Takes @cell's words out of @page (lines and blocks left empty go too,
 * the others get their boxes again); returns the region they were in. */
static int
remove_cell_words (AgRecognitionPage *page,
                   const AgRect      *cell)
{
  int region = -1;

  for (guint b = page->blocks->len; b-- > 0;)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);
      gboolean changed = FALSE;

      if (block->vertical || block->kind != AG_BLOCK_KIND_PARAGRAPH)
        continue;
      for (guint l = block->lines->len; l-- > 0;)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = line->words->len; w-- > 0;)
            if (centre_in (&((AgWord *) g_ptr_array_index (line->words, w))->box, cell))
              {
                g_ptr_array_remove_index (line->words, w);
                region = block->region;
                changed = TRUE;
              }
          if (line->words->len == 0)
            g_ptr_array_remove_index (block->lines, l);
          else if (changed)
            for (guint w = 0; w < line->words->len; w++)
              union_box (&line->box, &((AgWord *) g_ptr_array_index (line->words, w))->box, w == 0);
        }
      if (block->lines->len == 0)
        g_ptr_array_remove_index (page->blocks, b);
      else if (changed)
        for (guint l = 0; l < block->lines->len; l++)
          union_box (&block->box, &((AgLine *) g_ptr_array_index (block->lines, l))->box, l == 0);
    }

  return region;
}

/**
 * _ag_tess_read_cells:
 * @tess: the handle that read @page
 * @page_pix: the page's pixels
 * @dpi: their resolution, 0 if unknown
 * @cells: (element-type AgRect): the cells of the page's ruled tables
 * @page: the page as read, changed in place
 * @n_read: (out): how many cells were read again and taken
 *
 * Reads again, each alone, the cells of @cells whose words cross the
 * cell's rules or are unsure, and keeps the new reading of a cell when
 * Tesseract is at least as sure of it.
 *
 * Returns: %FALSE if cancelled or Tesseract failed (@page may then hold
 *   some cells read again)
 */
gboolean
_ag_tess_read_cells (AgTess             *tess,
                     PIX                *page_pix,
                     double              dpi,
                     GArray             *cells,
                     AgRecognitionPage  *page,
                     guint              *n_read,
                     GCancellable       *cancellable,
                     GError            **error)
{
  TessBaseAPI *api = _ag_tess_get_horizontal_api (tess);
  int width = pixGetWidth (page_pix), height = pixGetHeight (page_pix);

  *n_read = 0;
  if (api == NULL)
    return TRUE;

  for (guint c = 0; c < cells->len; c++)
    {
      const AgRect *cell = &g_array_index (cells, AgRect, c);
      g_autoptr(AgRecognitionPage) again = NULL;
      AgTessMonitor monitor = { .cancellable = cancellable };
      AgTessMapping mapping = { 0 };
      double old_confidence, new_confidence;
      gboolean doubtful, one_line;
      guint n_old, n_new;
      int x, y, w, h, region, margin;
      PIX *crop, *framed;
      gboolean ok;

      n_old = look_at_cell (page, cell, &old_confidence, &doubtful, &one_line);
      if (n_old == 0 || !doubtful)
        continue;

      ag_rect_to_pixels (cell, width, height, &x, &y, &w, &h);
      crop = w > 4 && h > 4 ? _ag_tess_clip_pix (page_pix, x, y, w, h) : NULL;
      if (crop == NULL)
        continue;

      /* Text that touches the image's edge reads worse ("检查音部位"
       * for 检查部位): a white margin round it, as on paper. */
      margin = MAX (8, h / 3);
      framed = pixAddBorder (crop, margin, pixGetDepth (crop) == 32 ? 0xffffff00 : (1u << pixGetDepth (crop)) - 1);
      pixDestroy (&crop);
      if (framed == NULL)
        continue;
      crop = framed;
      mapping.offset_x = -margin;
      mapping.offset_y = -margin;
      mapping.crop_x = x;
      mapping.crop_y = y;
      mapping.report.scale = 1.0;
      mapping.seen_width = w;
      mapping.seen_height = h;
      mapping.page_width = width;
      mapping.page_height = height;
      if (dpi > 0)
        pixSetResolution (crop, (l_int32) lround (dpi), (l_int32) lround (dpi));

      again = ag_recognition_page_new (page->index, page->width, page->height, page->dpi, page->source);
      /* A cell of one line as one line: as a block, Tesseract may cut it
       * in two and make up a character between the halves. */
      ok = _ag_tess_read_image (api, crop, dpi, one_line ? PSM_SINGLE_LINE : PSM_SINGLE_BLOCK, &mapping, -1, FALSE, again,
                                &monitor, cancellable, error);
      pixDestroy (&crop);
      if (!ok)
        return FALSE;

      new_confidence = ag_recognition_page_get_mean_confidence (again, &n_new);
      g_debug ("Cell %u read alone: %u words, confidence %.1f (%u words, %.1f before)",
               c, n_new, new_confidence, n_old, old_confidence);
      if (n_new == 0 || new_confidence < old_confidence)
        continue;

      region = remove_cell_words (page, cell);
      for (guint b = 0; b < again->blocks->len; b++)
        ((AgBlock *) g_ptr_array_index (again->blocks, b))->region = region;
      _ag_tess_move_blocks (again, page);
      (*n_read)++;
    }

  return TRUE;
}
