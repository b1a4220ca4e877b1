/* ag-ppocr-module-core.c — the core functions the PP-OCR module calls
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Built into libairgap-ppocr.so only.  The module does not link
 * libagcore (a second copy of the core in one process would register its
 * types twice); these give the core functions ag-ppocr-module.cpp uses their
 * usual names and call the program's own copies through the table the
 * loader passed to ag_ppocr_module_init().  The module is built with
 * hidden visibility, so none of these leave it.
 */

#include "config.h"

#include "recognize/ag-engine-error.h"
#include "recognize/ppocr/ag-ppocr-module.h"

const AgPpocrCore *_ag_ppocr_core;

AgBitmapFormat
ag_bitmap_get_format (const AgBitmap *self)
{
  return _ag_ppocr_core->bitmap_get_format (self);
}

int
ag_bitmap_get_width (const AgBitmap *self)
{
  return _ag_ppocr_core->bitmap_get_width (self);
}

int
ag_bitmap_get_height (const AgBitmap *self)
{
  return _ag_ppocr_core->bitmap_get_height (self);
}

gsize
ag_bitmap_get_stride (const AgBitmap *self)
{
  return _ag_ppocr_core->bitmap_get_stride (self);
}

GBytes *
ag_bitmap_get_pixels (const AgBitmap *self)
{
  return _ag_ppocr_core->bitmap_get_pixels (self);
}

double
ag_bitmap_get_dpi (const AgBitmap *self)
{
  return _ag_ppocr_core->bitmap_get_dpi (self);
}

AgRecognitionPage *
ag_recognition_page_new (guint                index,
                         int                  width,
                         int                  height,
                         double               dpi,
                         AgRecognitionSource  source)
{
  return _ag_ppocr_core->recognition_page_new (index, width, height, dpi, source);
}

void
ag_recognition_page_free (AgRecognitionPage *page)
{
  _ag_ppocr_core->recognition_page_free (page);
}

AgBlock *
ag_block_new (int region)
{
  return _ag_ppocr_core->block_new (region);
}

AgLine *
ag_line_new (void)
{
  return _ag_ppocr_core->line_new ();
}

void
ag_line_free (AgLine *line)
{
  _ag_ppocr_core->line_free (line);
}

AgWord *
ag_word_new (const char   *text,
             const AgRect *box,
             float         confidence)
{
  return _ag_ppocr_core->word_new (text, box, confidence);
}

void
ag_rect_clamp (AgRect *self)
{
  _ag_ppocr_core->rect_clamp (self);
}

void
ag_rect_to_pixels (const AgRect *self,
                   int           width,
                   int           height,
                   int          *x,
                   int          *y,
                   int          *w,
                   int          *h)
{
  _ag_ppocr_core->rect_to_pixels (self, width, height, x, y, w, h);
}

void
ag_rect_from_pixels (AgRect *self,
                     int     width,
                     int     height,
                     double  x,
                     double  y,
                     double  w,
                     double  h)
{
  _ag_ppocr_core->rect_from_pixels (self, width, height, x, y, w, h);
}

GQuark
ag_engine_error_quark (void)
{
  return _ag_ppocr_core->engine_error_quark ();
}
