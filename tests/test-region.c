/* test-region.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-core.h"

static void
test_parse (void)
{
  g_autoptr(AgRegion) region = NULL;
  g_autoptr(GError) error = NULL;

  region = ag_region_parse ("2:0.1,0.2,0.5,0.25", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (region->page, ==, 1);
  g_assert_cmpfloat_with_epsilon (region->rect.x, 0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (region->rect.y, 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (region->rect.width, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (region->rect.height, 0.25, 1e-9);
  g_clear_pointer (&region, ag_region_free);

  region = ag_region_parse ("1:10%,20%,50%,30%", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (region->page, ==, 0);
  g_assert_cmpfloat_with_epsilon (region->rect.height, 0.3, 1e-9);
  g_assert_false (region->vertical);
  g_clear_pointer (&region, ag_region_free);

  /* Text in columns. */
  region = ag_region_parse ("3:0,0,0.5,1:vertical", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (region->page, ==, 2);
  g_assert_true (region->vertical);
  g_clear_pointer (&region, ag_region_free);
  region = ag_region_parse ("1:0,0,1,1:v", &error);
  g_assert_no_error (error);
  g_assert_true (region->vertical);
}

static void
test_parse_invalid (void)
{
  const char *bad[] = {
    "", "1", "0:0,0,1,1", "1:0,0,1", "1:0,0,1,1,1", "x:0,0,1,1",
    "1:0.5,0,0.6,1", "1:0,0,0,1", "1:-0.1,0,0.5,0.5", "1:nan,0,1,1",
    "1:a,b,c,d", "-1:0,0,1,1", "1:0,0,1,1:", "1:0,0,1,1:sideways", "1:0,0,1,1:v:v",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AgRegion) region = ag_region_parse (bad[i], &error);

      g_assert_null (region);
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    }
}

static void
test_pixels (void)
{
  AgRect rect = { 0.25, 0.5, 0.5, 0.25 };
  AgRect back;
  int x, y, w, h;

  ag_rect_to_pixels (&rect, 400, 200, &x, &y, &w, &h);
  g_assert_cmpint (x, ==, 100);
  g_assert_cmpint (y, ==, 100);
  g_assert_cmpint (w, ==, 200);
  g_assert_cmpint (h, ==, 50);

  ag_rect_from_pixels (&back, 400, 200, x, y, w, h);
  g_assert_cmpfloat_with_epsilon (back.x, rect.x, 1e-9);
  g_assert_cmpfloat_with_epsilon (back.height, rect.height, 1e-9);

  /* A sliver still covers a pixel and never leaves the image. */
  rect = (AgRect) { 0.999, 0.999, 0.0001, 0.0001 };
  ag_rect_to_pixels (&rect, 100, 100, &x, &y, &w, &h);
  g_assert_cmpint (x, ==, 99);
  g_assert_cmpint (w, ==, 1);
  g_assert_cmpint (h, ==, 1);
}

static void
test_clamp (void)
{
  AgRect rect = { 0.8, -0.2, 0.5, 0.5 };

  ag_rect_clamp (&rect);
  g_assert_true (ag_rect_is_valid (&rect));
  g_assert_cmpfloat_with_epsilon (rect.x, 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.width, 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.y, 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.height, 0.3, 1e-9);

  /* Dragged up and to the left. */
  rect = (AgRect) { 0.5, 0.5, -0.25, -0.25 };
  ag_rect_clamp (&rect);
  g_assert_cmpfloat_with_epsilon (rect.x, 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.height, 0.25, 1e-9);
}

static void
test_union (void)
{
  AgRect rect = { 0.1, 0.2, 0.3, 0.1 };
  const AgRect other = { 0.3, 0.05, 0.5, 0.2 };

  ag_rect_union (&rect, &other);
  g_assert_cmpfloat_with_epsilon (rect.x, 0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.y, 0.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.width, 0.7, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.height, 0.25, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/region/parse", test_parse);
  g_test_add_func ("/region/parse-invalid", test_parse_invalid);
  g_test_add_func ("/region/pixels", test_pixels);
  g_test_add_func ("/region/clamp", test_clamp);
  g_test_add_func ("/region/union", test_union);

  return g_test_run ();
}
