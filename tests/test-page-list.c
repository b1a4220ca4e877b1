/* test-page-list.c — the --pages argument of airgap-ocr
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-core.h"

static void
assert_pages (const char  *text,
              const guint *expected,
              guint        n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = ag_page_list_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (pages);
  g_assert_cmpmem (pages->data, pages->len * sizeof (guint),
                   expected, n_expected * sizeof (guint));
}

static void
test_parse (void)
{
  assert_pages ("2", (guint[]) { 1 }, 1);
  assert_pages ("1-3,7", (guint[]) { 0, 1, 2, 6 }, 4);
  assert_pages (" 7 , 1-2 ", (guint[]) { 0, 1, 6 }, 3);
  /* Each page once, in order, however often it is named. */
  assert_pages ("3,1-3,2,3-3", (guint[]) { 0, 1, 2 }, 3);
}

static void
test_invalid (void)
{
  const char *bad[] = {
    "", ",", "0", "1,", "-1", "3-1", "1-2-3", "a", "1-", "100001", "1-100001",
    "18446744073709551617", "1 2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) pages = ag_page_list_parse (bad[i], &error);

      g_test_message ("“%s”", bad[i]);
      g_assert_null (pages);
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    }
}

/* Before, every range was expanded as often as it was named: a command
 * line of "1-100000" repeated took gigabytes. */
static void
test_repeated_ranges_stay_small (void)
{
  g_autoptr(GString) text = g_string_new ("1-100000");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append (text, ",1-100000");

  pages = ag_page_list_parse (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, AG_PAGE_LIST_MAX);
  g_assert_cmpuint (g_array_index (pages, guint, AG_PAGE_LIST_MAX - 1), ==, AG_PAGE_LIST_MAX - 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/page-list/parse", test_parse);
  g_test_add_func ("/page-list/invalid", test_invalid);
  g_test_add_func ("/page-list/repeated-ranges-stay-small", test_repeated_ranges_stay_small);

  return g_test_run ();
}
