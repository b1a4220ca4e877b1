/* test-window-bad-input.c — the window, given the files of tests/bad-input/
 *
 * Every hostile file ends, within a time limit, on the error page with a
 * sentence about it, and the window then opens a good file as if nothing
 * had happened.
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "ag-core.h"
#include "ag-resources.h"
#include "ag-test-window.h"

#define TIME_LIMIT 20

/* encrypted.pdf is left out: the window asks for its password (the
 * command line's test covers its error). */
static const char *bad_files[] = {
  "zero-length.png", "truncated.png", "bit-flipped.png", "truncated.pdf",
  "header-only.pdf", "enormous-dimensions.png", "enormous-dimensions.tif",
  "page-tree-loop.pdf", "page-tree-cycle.pdf", "xref-loop.pdf",
  "text-named.jpg", "random-bytes.tif", "gif-empty-frame.gif",
  "bmp-header-size.bmp", "bmp-data-offset.bmp",
};

/* Strange but readable (as airgap-ocr reads them): the page is shown. */
static const char *odd_files[] = {
  "deep-page-tree.pdf", "deeply-nested.pdf", "self-reference.pdf",
  "enormous-page.pdf",
};

/* A good PDF, even though it is called .png. */
static const char *good_file = "pdf-named.png";

static void
open_bad_input (AgWindow   *window,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "bad-input", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  ag_window_open (window, &file, 1);
}

static void
test_bad_file (gconstpointer data)
{
  const char *name = data;
  AgWindow *window = ag_test_new_mapped_window (900, 600);
  gint64 start;

  start = g_get_monotonic_time ();
  open_bad_input (window, name);
  if (!ag_test_wait_until (ag_test_window_shows_error, window, TIME_LIMIT))
    g_error ("%s: no error shown after %d s (showing “%s”)", name, TIME_LIMIT,
             ag_window_test_get_visible_page_name (window));
  g_test_message ("%s: %.1f s: %s", name, (g_get_monotonic_time () - start) / 1e6,
                  ag_window_test_get_error_message (window));
  /* A sentence that says what is wrong. */
  g_assert_cmpuint (strlen (ag_window_test_get_error_message (window)), >, 20);

  /* The window still works. */
  open_bad_input (window, good_file);
  g_assert_true (ag_test_wait_until (ag_test_window_has_texture, window, TIME_LIMIT));

  ag_test_close_window (window, 60);
}

static void
test_odd_file (gconstpointer data)
{
  const char *name = data;
  AgWindow *window = ag_test_new_mapped_window (900, 600);

  open_bad_input (window, name);
  if (!ag_test_wait_until (ag_test_window_has_texture, window, TIME_LIMIT))
    g_error ("%s: no page shown after %d s (showing “%s”)", name, TIME_LIMIT,
             ag_window_test_get_visible_page_name (window));

  /* Closing while it may still be recognising lets go of everything, at
   * once: the reading is cancelled (enormous-page.pdf's takes 20–25 s to
   * the end, which the window once waited for). */
  ag_test_close_window (window, 15);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;

  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  data_home = g_dir_make_tmp ("airgap-test-window-bad-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* As AgApplication does: documents are read in airgap-worker. */
  g_assert_true (ag_sandbox_init (2, NULL, AG_SANDBOX_NONE, NULL));

  if (!g_resources_get_info (RESOURCE_PREFIX "/ag-window.ui", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    g_resources_register (ag_get_resource ());

  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/window-bad-input/%s", bad_files[i]);

      g_test_add_data_func (test_path, bad_files[i], test_bad_file);
    }

  for (guint i = 0; i < G_N_ELEMENTS (odd_files); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/window-bad-input/%s", odd_files[i]);

      g_test_add_data_func (test_path, odd_files[i], test_odd_file);
    }

  return g_test_run ();
}
