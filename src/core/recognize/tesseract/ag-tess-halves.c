/* ag-tess-halves.c — a page read in two parts at once
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "recognize/ag-split.h"
#include "recognize/tesseract/ag-tess-private.h"

/* Reading a page in two parts at once ----------------------------------
 *
 * A page of plain lines is cut in two through white space (ag-split.c);
 * this thread reads the upper part and another thread the lower one with
 * a second handle of the same languages, each in the coordinates of the
 * image seen, so that the two can be put together again as one reading:
 * a paragraph the cut went through is joined, and the boxes are mapped
 * to the page as if it had been read whole.
 */

/* Whichever part is read first tells of the core it leaves free. */
typedef struct
{
  AgTessIdleFunc func;
  gpointer       data;
  gint           told;
} Idle;

static void
tell_idle (Idle              *idle,
           AgRecognitionPage *part)
{
  if (idle->func != NULL && g_atomic_int_compare_and_exchange (&idle->told, 0, 1))
    idle->func (part, idle->data);
}

typedef struct
{
  TessBaseAPI       *api;
  PIX               *image;
  double             dpi;
  AgTessMapping      mapping;
  int                region;
  AgRecognitionPage *page;
  AgTessMonitor      monitor;
  Idle              *idle;
  GError            *error;
  gboolean           ok;
} Part;

static gpointer
read_part_thread (gpointer data)
{
  Part *part = data;
  gint64 started = g_get_monotonic_time ();

  part->ok = _ag_tess_read_image (part->api, part->image, part->dpi, PSM_AUTO, &part->mapping,
                                  part->region, FALSE, part->page, &part->monitor,
                                  part->monitor.cancellable, &part->error);
  g_debug ("Read the lower part in %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
  if (part->ok)
    tell_idle (part->idle, part->page);
  return NULL;
}

typedef struct
{
  int x, y, width, height;
} Pixels;

static Pixels
to_pixels (const AgRect *rect,
           int           width,
           int           height)
{
  Pixels p;

  ag_rect_to_pixels (rect, width, height, &p.x, &p.y, &p.width, &p.height);
  return p;
}

static void
join_blocks (AgBlock *into,
             AgBlock *from)
{
  _ag_tess_steal_all (from->lines, into->lines);
  ag_rect_union (&into->box, &from->box);
}

/* Tesseract, given a part of a few lines, now and then makes two blocks of
 * one line ("本" and "次会议…"): a block whose first line carries on the
 * row of the last line of the block before, close behind it, joins it. */
static void
join_broken_lines (AgRecognitionPage *part,
                   int                width,
                   int                height,
                   int                line_height)
{
  for (guint b = 1; b < part->blocks->len;)
    {
      AgBlock *before = g_ptr_array_index (part->blocks, b - 1);
      AgBlock *block = g_ptr_array_index (part->blocks, b);
      AgLine *last, *first;
      Pixels l, f;
      int overlap;

      if (before->lines->len == 0 || block->lines->len == 0)
        {
          b++;
          continue;
        }
      last = g_ptr_array_index (before->lines, before->lines->len - 1);
      first = g_ptr_array_index (block->lines, 0);
      l = to_pixels (&last->box, width, height);
      f = to_pixels (&first->box, width, height);
      overlap = MIN (l.y + l.height, f.y + f.height) - MAX (l.y, f.y);

      if (overlap < MIN (l.height, f.height) / 2 ||
          f.x < l.x + l.width - line_height / 2 ||
          f.x > l.x + l.width + 2 * line_height)
        {
          b++;
          continue;
        }

      g_debug ("Joining a line broken in two blocks");
      _ag_tess_steal_all (first->words, last->words);
      ag_rect_union (&last->box, &first->box);
      g_ptr_array_remove_index (block->lines, 0);
      join_blocks (before, block);
      g_ptr_array_remove_index (part->blocks, b);
    }
}

/* Whether @next, the first block below a cut inside a paragraph, goes on
 * with the paragraph of @before: not if its first line is indented, nor
 * if the line before ended well short of the block's right edge, with
 * room left for the next line's first word. */
static gboolean
continues_paragraph (AgBlock *before,
                     AgBlock *next,
                     int      width,
                     int      height,
                     int      line_height)
{
  AgLine *last, *first;
  AgWord *word;
  Pixels block, l, f, w;

  if (before->lines->len == 0 || next->lines->len == 0)
    return FALSE;

  last = g_ptr_array_index (before->lines, before->lines->len - 1);
  first = g_ptr_array_index (next->lines, 0);
  if (first->words->len == 0)
    return FALSE;
  word = g_ptr_array_index (first->words, 0);
  block = to_pixels (&before->box, width, height);
  l = to_pixels (&last->box, width, height);
  f = to_pixels (&first->box, width, height);
  w = to_pixels (&word->box, width, height);

  if (f.x - block.x >= line_height)
    return FALSE;

  {
    int room = block.x + block.width - (l.x + l.width);

    if (room > w.width + line_height / 2 && room > block.width / 3)
      return FALSE;
  }

  return TRUE;
}

/* From fractions of the image seen to fractions of the page. */
static void
map_rect (const AgTessMapping *mapping,
          int                  width,
          int                  height,
          AgRect              *rect)
{
  Pixels p = to_pixels (rect, width, height);

  _ag_tess_map_box (mapping, p.x, p.y, p.x + p.width, p.y + p.height, rect);
}

static void
map_blocks (AgRecognitionPage   *part,
            const AgTessMapping *mapping,
            int                  width,
            int                  height)
{
  for (guint b = 0; b < part->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (part->blocks, b);

      map_rect (mapping, width, height, &block->box);
      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          map_rect (mapping, width, height, &line->box);
          for (guint w = 0; w < line->words->len; w++)
            map_rect (mapping, width, height, &((AgWord *) g_ptr_array_index (line->words, w))->box);
        }
    }
}

gboolean
_ag_tess_read_image_halves (TessBaseAPI         *api,
                            TessBaseAPI         *twin,
                            PIX                 *image,
                            double               dpi,
                            const AgSplit       *split,
                            const AgTessMapping *mapping,
                            int                  region,
                            AgRecognitionPage   *page,
                            AgTessMonitor       *monitor,
                            AgTessIdleFunc       idle_func,
                            gpointer             idle_data,
                            GCancellable        *cancellable,
                            GError             **error)
{
  Idle idle = { idle_func, idle_data, 0 };
  int width = pixGetWidth (image), height = pixGetHeight (image);
  g_autoptr(AgRecognitionPage) upper = NULL;
  g_autoptr(AgRecognitionPage) lower_page = NULL;
  AgTessMapping seen = { 0 };
  Part lower = { 0 };
  PIX *top;
  GThread *thread;
  gboolean ok;

  g_debug ("Reading %dx%d in two parts at once, cut at row %d", width, height, split->y);

  /* Both parts in the coordinates of @image. */
  seen.report.scale = 1.0;
  seen.seen_width = width;
  seen.seen_height = height;
  seen.page_width = width;
  seen.page_height = height;

  upper = ag_recognition_page_new (page->index, width, height, dpi, page->source);
  lower_page = ag_recognition_page_new (page->index, width, height, dpi, page->source);

  lower.image = _ag_tess_clip_pix (image, 0, split->y, width, height - split->y);
  top = _ag_tess_clip_pix (image, 0, 0, width, split->y);
  if (lower.image == NULL || top == NULL)
    {
      pixDestroy (&lower.image);
      pixDestroy (&top);
      return _ag_tess_read_image (api, image, dpi, PSM_AUTO, mapping, region, FALSE, page, monitor,
                                  cancellable, error);
    }
  pixCopyResolution (lower.image, image);
  pixCopyResolution (top, image);

  lower.api = twin;
  lower.dpi = dpi;
  lower.mapping = seen;
  lower.mapping.offset_y = split->y;
  lower.region = region;
  lower.page = lower_page;
  lower.monitor.cancellable = cancellable;
  lower.idle = &idle;
  thread = g_thread_new ("airgap-lower", read_part_thread, &lower);

  ok = _ag_tess_read_image (api, top, dpi, PSM_AUTO, &seen, region, FALSE, upper, monitor, cancellable,
                            error);
  if (ok)
    tell_idle (&idle, upper);
  g_thread_join (thread);
  pixDestroy (&top);
  pixDestroy (&lower.image);

  if (!ok)
    {
      g_clear_error (&lower.error);
      return FALSE;
    }
  if (!lower.ok)
    {
      g_propagate_error (error, lower.error);
      return FALSE;
    }

  join_broken_lines (upper, width, height, split->line_height);
  join_broken_lines (lower_page, width, height, split->line_height);

  if (split->in_paragraph && upper->blocks->len > 0 && lower_page->blocks->len > 0)
    {
      AgBlock *before = g_ptr_array_index (upper->blocks, upper->blocks->len - 1);
      AgBlock *next = g_ptr_array_index (lower_page->blocks, 0);

      if (continues_paragraph (before, next, width, height, split->line_height))
        {
          join_blocks (before, next);
          g_ptr_array_remove_index (lower_page->blocks, 0);
        }
    }

  map_blocks (upper, mapping, width, height);
  map_blocks (lower_page, mapping, width, height);
  _ag_tess_move_blocks (upper, page);
  _ag_tess_move_blocks (lower_page, page);

  return TRUE;
}
