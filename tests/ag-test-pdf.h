/* ag-test-pdf.h — PDF fixtures for the engine and command-line tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "ag-test-util.h"

/* A PDF with one page per text.  With @text_layer the text is real PDF
 * text (Pango on a PDF surface); without, each page is only a picture of
 * the text, as a scanner makes.  Returns the path of a temporary file. */
static inline char *
ag_test_make_pdf (const char * const *texts,
                  guint               n_texts,
                  gboolean            text_layer)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("fixture-%u-%s.pdf", counter++, text_layer ? "text" : "image");
  char *path = g_build_filename (ag_test_get_tmpdir (), name, NULL);
  /* A5 in points. */
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, 420, 595);
  cairo_t *cr = cairo_create (pdf);

  for (guint i = 0; i < n_texts; i++)
    {
      cairo_save (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);

      if (text_layer)
        {
          PangoLayout *layout = pango_cairo_create_layout (cr);
          PangoFontDescription *desc = pango_font_description_from_string ("DejaVu Sans 12");

          pango_layout_set_font_description (layout, desc);
          pango_layout_set_width (layout, 340 * PANGO_SCALE);
          pango_layout_set_text (layout, texts[i], -1);
          cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_move_to (cr, 40, 60);
          pango_cairo_show_layout (cr, layout);
          pango_font_description_free (desc);
          g_object_unref (layout);
        }
      else
        {
          const double dpi = 200;
          cairo_surface_t *picture = ag_test_render_text (texts[i], "DejaVu Sans 12", dpi);

          cairo_translate (cr, 20, 40);
          cairo_scale (cr, 72.0 / dpi, 72.0 / dpi);
          cairo_set_source_surface (cr, picture, 0, 0);
          cairo_paint (cr);
          cairo_surface_destroy (picture);
        }

      cairo_restore (cr);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  g_assert_cmpint (cairo_surface_status (pdf), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (pdf);

  return path;
}

/* A one-page A4 PDF with a text layer: @text at the top, and the PNG
 * @picture (a QR code, say) drawn @side points wide with its top-left
 * corner at @x, @y points, as in a letter with a code pasted in.  Without
 * @picture, the text alone.  Returns the path of a temporary file. */
static inline char *
ag_test_make_pdf_with_picture (const char *text,
                               const char *picture,
                               double      x,
                               double      y,
                               double      side)
{
  static guint counter;
  g_autofree char *name = g_strdup_printf ("fixture-%u-picture.pdf", counter++);
  char *path = g_build_filename (ag_test_get_tmpdir (), name, NULL);
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (pdf);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string ("DejaVu Sans 12");

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, 500 * PANGO_SCALE);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, 50, 60);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (desc);
  g_object_unref (layout);

  if (picture != NULL)
    {
      cairo_surface_t *image = cairo_image_surface_create_from_png (picture);

      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      cairo_save (cr);
      cairo_translate (cr, x, y);
      cairo_scale (cr, side / cairo_image_surface_get_width (image),
                   side / cairo_image_surface_get_width (image));
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (image);
    }

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  g_assert_cmpint (cairo_surface_status (pdf), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (pdf);

  return path;
}
