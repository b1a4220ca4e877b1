/* test-orient.c — page orientation and writing direction
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <pango/pangocairo.h>

#include "recognize/ag-orient.h"
#include "ag-test-util.h"

static const char *english =
  "It was the best of times, it was the worst of times,\n"
  "it was the age of wisdom, it was the age of foolishness,\n"
  "it was the epoch of belief, it was the epoch of incredulity,\n"
  "it was the season of Light, it was the season of Darkness.";

static const char *chinese =
  "床前明月光，疑是地上霜。举头望明月，\n"
  "低头思故乡。这首诗写于一千多年前，\n"
  "至今仍被无数人传诵。每当夜深人静，\n"
  "抬头看见月亮，人们总会想起远方的家。";

static PIX *
render (const char *text,
        const char *font)
{
  cairo_surface_t *surface = ag_test_render_text (text, font, 200);
  PIX *pix = ag_test_pix_from_surface (surface);

  cairo_surface_destroy (surface);
  return pix;
}

/* Columns of Chinese, read top to bottom and right to left, typeset as
 * vertical text is: Pango with east gravity, turned a quarter clockwise. */
static PIX *
render_vertical (void)
{
  const int width = 700, height = 1000, margin = 60;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout;
  PangoFontDescription *desc = pango_font_description_from_string ("Noto Serif CJK SC 14");
  PIX *pix;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_translate (cr, width - margin, margin);
  cairo_rotate (cr, G_PI / 2);

  layout = pango_cairo_create_layout (cr);
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 200);
  pango_context_set_base_gravity (pango_layout_get_context (layout), PANGO_GRAVITY_EAST);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (height - 2 * margin) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
  pango_layout_set_text (layout, chinese, -1);
  pango_cairo_show_layout (cr, layout);
  cairo_surface_flush (surface);

  pix = ag_test_pix_from_surface (surface);

  pango_font_description_free (desc);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return pix;
}

static void
test_vertical (void)
{
  PIX *pix;

  pix = render (english, "DejaVu Serif 11");
  g_assert_false (_ag_orient_looks_vertical (pix));
  pixDestroy (&pix);

  pix = render (chinese, "Noto Serif CJK SC 12");
  g_assert_false (_ag_orient_looks_vertical (pix));
  pixDestroy (&pix);

  pix = render_vertical ();
  g_assert_true (_ag_orient_looks_vertical (pix));
  pixDestroy (&pix);
}

static void
test_text_height (void)
{
  PIX *small = render (english, "DejaVu Serif 8");
  PIX *large = render (english, "DejaVu Serif 16");
  int h_small = _ag_orient_estimate_text_height (small);
  int h_large = _ag_orient_estimate_text_height (large);

  g_assert_cmpint (h_small, >, 0);
  /* Twice the font size, about twice the height. */
  g_assert_cmpfloat ((double) h_large / h_small, >, 1.6);
  g_assert_cmpfloat ((double) h_large / h_small, <, 2.4);

  pixDestroy (&small);
  pixDestroy (&large);
}

static void
check_detect (TessBaseAPI *osd,
              PIX         *upright,
              int          turned_cw)
{
  PIX *turned = _ag_orient_rotate (upright, turned_cw);
  int rotate_cw = -1;
  float confidence = 0;
  gboolean detected = _ag_orient_detect (osd, turned, &rotate_cw, &confidence);

  if (turned_cw == 0)
    {
      g_assert_false (detected);
      g_assert_cmpint (rotate_cw, ==, 0);
    }
  else
    {
      g_assert_true (detected);
      g_assert_cmpint ((rotate_cw + turned_cw) % 360, ==, 0);
    }

  pixDestroy (&turned);
}

static void
test_detect (void)
{
  TessBaseAPI *osd;
  PIX *en, *zh;

  g_assert_true (_ag_tess_api_load (NULL));
  osd = _ag_tess_api->BaseAPICreate ();
  if (_ag_tess_api->BaseAPIInit3 (osd, NULL, "osd") != 0)
    {
      _ag_tess_api->BaseAPIDelete (osd);
      g_test_skip ("osd.traineddata is not installed");
      return;
    }

  en = render (english, "DejaVu Serif 11");
  zh = render (chinese, "Noto Serif CJK SC 12");

  for (int turn = 0; turn < 360; turn += 90)
    {
      check_detect (osd, en, turn);
      check_detect (osd, zh, turn);
    }

  pixDestroy (&en);
  pixDestroy (&zh);
  _ag_tess_api->BaseAPIEnd (osd);
  _ag_tess_api->BaseAPIDelete (osd);
}

static void
test_unrotate (void)
{
  /* A box near the top-left of a 200 × 100 page... */
  const int width = 200, height = 100;
  PIX *page = pixCreate (width, height, 1);
  AgRect original = { 0.1, 0.2, 0.25, 0.3 };
  int x, y, w, h;

  ag_rect_to_pixels (&original, width, height, &x, &y, &w, &h);
  pixRasterop (page, x, y, w, h, PIX_SET, NULL, 0, 0);

  for (int turn = 0; turn < 360; turn += 90)
    {
      PIX *turned = _ag_orient_rotate (page, turn);
      BOX *found = NULL;
      AgRect rect;
      l_int32 bx, by, bw, bh;

      /* ...found on the turned page, then moved back, is where it was. */
      pixClipBoxToForeground (turned, NULL, NULL, &found);
      g_assert_nonnull (found);
      boxGetGeometry (found, &bx, &by, &bw, &bh);
      ag_rect_from_pixels (&rect, pixGetWidth (turned), pixGetHeight (turned), bx, by, bw, bh);
      _ag_orient_unrotate_rect (&rect, turn);

      g_assert_cmpfloat_with_epsilon (rect.x, original.x, 0.01);
      g_assert_cmpfloat_with_epsilon (rect.y, original.y, 0.01);
      g_assert_cmpfloat_with_epsilon (rect.width, original.width, 0.01);
      g_assert_cmpfloat_with_epsilon (rect.height, original.height, 0.01);

      boxDestroy (&found);
      pixDestroy (&turned);
    }

  pixDestroy (&page);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/orient/vertical", test_vertical);
  g_test_add_func ("/orient/text-height", test_text_height);
  g_test_add_func ("/orient/detect", test_detect);
  g_test_add_func ("/orient/unrotate", test_unrotate);

  return g_test_run ();
}
