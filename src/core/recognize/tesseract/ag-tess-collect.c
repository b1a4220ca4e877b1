/* ag-tess-collect.c — what Tesseract found, as blocks, lines and words
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "recognize/ag-orient.h"
#include "recognize/tesseract/ag-tess-private.h"

void
_ag_tess_map_box (const AgTessMapping *m,
                  int                  left,
                  int                  top,
                  int                  right,
                  int                  bottom,
                  AgRect              *rect)
{
  int x, y, w, h;

  left += m->offset_x, right += m->offset_x;
  top += m->offset_y, bottom += m->offset_y;
  x = left, y = top, w = right - left, h = bottom - top;

  if (m->column_skew != 0)
    {
      /* pixRotate() turned the image clockwise about its centre. */
      double a = m->column_skew * G_PI / 180.0;
      double cx = m->seen_width / 2.0, cy = m->seen_height / 2.0;
      double xs[2] = { left, right }, ys[2] = { top, bottom };
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

      for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
          {
            double u = (xs[i] - cx) * cos (a) + (ys[j] - cy) * sin (a) + cx;
            double v = -(xs[i] - cx) * sin (a) + (ys[j] - cy) * cos (a) + cy;

            x0 = MIN (x0, u), x1 = MAX (x1, u);
            y0 = MIN (y0, v), y1 = MAX (y1, v);
          }
      x = (int) floor (x0);
      y = (int) floor (y0);
      w = (int) ceil (x1) - x;
      h = (int) ceil (y1) - y;
    }
  else if (m->rotate_cw != 0)
    {
      AgRect turned;

      ag_rect_from_pixels (&turned, (int) m->turned_width, (int) m->turned_height,
                           left, top, right - left, bottom - top);
      _ag_orient_unrotate_rect (&turned, m->rotate_cw);
      x = (int) floor (turned.x * m->seen_width);
      y = (int) floor (turned.y * m->seen_height);
      w = (int) ceil ((turned.x + turned.width) * m->seen_width) - x;
      h = (int) ceil ((turned.y + turned.height) * m->seen_height) - y;
    }

  _ag_preprocess_report_map_box (&m->report, &x, &y, &w, &h);
  ag_rect_from_pixels (rect, m->page_width, m->page_height, x + m->crop_x, y + m->crop_y, w, h);
  ag_rect_clamp (rect);
}

static gboolean
iterator_box (TessPageIterator     *iter,
              TessPageIteratorLevel level,
              const AgTessMapping  *mapping,
              AgRect               *rect)
{
  int left, top, right, bottom;

  if (!_ag_tess_api->PageIteratorBoundingBox (iter, level, &left, &top, &right, &bottom))
    return FALSE;

  _ag_tess_map_box (mapping, left, top, right, bottom, rect);
  return TRUE;
}

void
_ag_tess_collect_results (TessBaseAPI         *api,
                          const AgTessMapping *mapping,
                          int                  region,
                          gboolean             vertical,
                          AgRecognitionPage   *page)
{
  TessResultIterator *it = _ag_tess_api->BaseAPIGetIterator (api);
  TessPageIterator *pit;
  AgBlock *block = NULL;
  AgLine *line = NULL;

  if (it == NULL)
    return;

  pit = _ag_tess_api->ResultIteratorGetPageIterator (it);
  _ag_tess_api->PageIteratorBegin (pit);

  do
    {
      char *text;
      AgRect box;

      if (block == NULL || _ag_tess_api->PageIteratorIsAtBeginningOf (pit, RIL_PARA))
        {
          TessOrientation orientation;
          TessWritingDirection direction;
          TessTextlineOrder order;
          float deskew;

          block = ag_block_new (region);
          iterator_box (pit, RIL_PARA, mapping, &block->box);
          _ag_tess_api->PageIteratorOrientation (pit, &orientation, &direction, &order, &deskew);
          block->vertical = vertical || direction == WRITING_DIRECTION_TOP_TO_BOTTOM;
          g_ptr_array_add (page->blocks, block);
          line = NULL;
        }

      if (line == NULL || _ag_tess_api->PageIteratorIsAtBeginningOf (pit, RIL_TEXTLINE))
        {
          line = ag_line_new ();
          iterator_box (pit, RIL_TEXTLINE, mapping, &line->box);
          g_ptr_array_add (block->lines, line);
        }

      text = _ag_tess_api->ResultIteratorGetUTF8Text (it, RIL_WORD);
      if (text != NULL && *g_strstrip (text) != '\0' &&
          iterator_box (pit, RIL_WORD, mapping, &box))
        g_ptr_array_add (line->words,
                         ag_word_new (text, &box, _ag_tess_api->ResultIteratorConfidence (it, RIL_WORD)));
      _ag_tess_api->DeleteText (text);
    }
  while (_ag_tess_api->ResultIteratorNext (it, RIL_WORD));

  _ag_tess_api->ResultIteratorDelete (it);

  /* Pictures and rules come back as paragraphs without words. */
  for (guint b = page->blocks->len; b > 0; b--)
    {
      AgBlock *candidate = g_ptr_array_index (page->blocks, b - 1);

      if (candidate->region != region)
        break;

      for (guint l = candidate->lines->len; l > 0; l--)
        {
          AgLine *one = g_ptr_array_index (candidate->lines, l - 1);

          if (one->words->len == 0)
            g_ptr_array_remove_index (candidate->lines, l - 1);
        }
      if (candidate->lines->len == 0)
        g_ptr_array_remove_index (page->blocks, b - 1);
    }
}

/* Moves every element of @from, in order, to the end of @to. */
void
_ag_tess_steal_all (GPtrArray *from,
                    GPtrArray *to)
{
  while (from->len > 0)
    g_ptr_array_add (to, g_ptr_array_steal_index (from, 0));
}

void
_ag_tess_move_blocks (AgRecognitionPage *from,
                      AgRecognitionPage *to)
{
  _ag_tess_steal_all (from->blocks, to->blocks);
}
