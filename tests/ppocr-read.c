/* ppocr-read.c — reads image files with the PP-OCR recogniser alone
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A development tool for tests/bench/ppocr-bench.py (not installed):
 *
 *   ppocr-read IMAGE...    prints each image's text, pages separated by \f
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "recognize/ppocr/ag-ppocr.h"

static AgBitmap *
load_bitmap (const char  *path,
             GError     **error)
{
  g_autoptr(GdkPixbuf) loaded = gdk_pixbuf_new_from_file (path, error);
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) rgba = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (loaded == NULL)
    return NULL;
  upright = gdk_pixbuf_apply_embedded_orientation (loaded);
  rgba = gdk_pixbuf_get_has_alpha (upright) ? g_object_ref (upright)
                                             : gdk_pixbuf_add_alpha (upright, FALSE, 0, 0, 0);
  bytes = g_bytes_new (gdk_pixbuf_read_pixels (rgba),
                       (gsize) gdk_pixbuf_get_rowstride (rgba) * (gdk_pixbuf_get_height (rgba) - 1) +
                       (gsize) gdk_pixbuf_get_width (rgba) * 4);

  return ag_bitmap_new (AG_BITMAP_FORMAT_RGBA8,
                        gdk_pixbuf_get_width (rgba), gdk_pixbuf_get_height (rgba),
                        gdk_pixbuf_get_rowstride (rgba), bytes);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgPpocr) ppocr = NULL;
  g_autofree char *dir = NULL;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      g_printerr ("usage: %s IMAGE...\n", argv[0]);
      return 2;
    }
  if (!_ag_ppocr_find_models (&dir))
    {
      g_printerr ("The PP-OCR models are not installed; run build-aux/ppocr-models.sh.\n");
      return 1;
    }
  ppocr = _ag_ppocr_new (dir, &error);
  if (ppocr == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(AgBitmap) bitmap = load_bitmap (argv[i], &error);
      g_autoptr(AgRecognitionPage) page = NULL;
      g_autofree char *text = NULL;

      if (bitmap == NULL ||
          (page = _ag_ppocr_recognize (ppocr, bitmap, NULL, NULL, &error)) == NULL)
        {
          g_printerr ("%s: %s\n", argv[i], error->message);
          return 1;
        }
      text = ag_recognition_page_dup_text (page);
      /* the text as UTF-8 whatever the locale, for the benchmark */
      if (i > 1)
        fputc ('\f', stdout);
      fputs (text, stdout);
      fputc ('\n', stdout);
    }

  return 0;
}
