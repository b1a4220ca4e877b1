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
#include "ag-window-private.h"

#define TIME_LIMIT 20

/* encrypted.pdf is left out: the window asks for its password (the
 * command line's test covers its error). */
static const char *bad_files[] = {
  "zero-length.png", "truncated.png", "bit-flipped.png", "truncated.pdf",
  "header-only.pdf", "enormous-dimensions.png", "enormous-dimensions.tif",
  "page-tree-loop.pdf", "page-tree-cycle.pdf", "xref-loop.pdf",
  "text-named.jpg", "random-bytes.tif", "gif-empty-frame.gif",
  "bmp-header-size.bmp",
};

/* Strange but readable (as airgap-ocr reads them): the page is shown. */
static const char *odd_files[] = {
  "deep-page-tree.pdf", "deeply-nested.pdf", "self-reference.pdf",
  "enormous-page.pdf",
};

/* A good PDF, even though it is called .png. */
static const char *good_file = "pdf-named.png";

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_until (Condition condition,
            gpointer  data,
            double    seconds)
{
  GMainContext *context = g_main_context_default ();
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (context, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
shows_error (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (AG_WINDOW (data)->stack), "error") == 0;
}

static gboolean
has_texture (gpointer data)
{
  return ag_page_view_get_texture (AG_WINDOW (data)->page_view) != NULL;
}

static gboolean
only_our_ref (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

static void
open_bad_input (AgWindow   *window,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "bad-input", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  ag_window_open (window, &file, 1);
}

static AgWindow *
new_mapped_window (void)
{
  AgWindow *window = ag_window_new (NULL);

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (is_mapped, window, 10));
  return window;
}

static void
close_window (AgWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (wait_until (only_our_ref, window, 60));
  g_assert_finalize_object (window);
}

static void
test_bad_file (gconstpointer data)
{
  const char *name = data;
  AgWindow *window = new_mapped_window ();
  gint64 start;

  start = g_get_monotonic_time ();
  open_bad_input (window, name);
  if (!wait_until (shows_error, window, TIME_LIMIT))
    g_error ("%s: no error shown after %d s (showing “%s”)", name, TIME_LIMIT,
             gtk_stack_get_visible_child_name (window->stack));
  g_test_message ("%s: %.1f s: %s", name, (g_get_monotonic_time () - start) / 1e6,
                  adw_status_page_get_description (window->error_page));
  /* A sentence that says what is wrong. */
  g_assert_cmpuint (strlen (adw_status_page_get_description (window->error_page)), >, 20);

  /* The window still works. */
  open_bad_input (window, good_file);
  g_assert_true (wait_until (has_texture, window, TIME_LIMIT));

  close_window (window);
}

static void
test_odd_file (gconstpointer data)
{
  const char *name = data;
  AgWindow *window = new_mapped_window ();

  open_bad_input (window, name);
  if (!wait_until (has_texture, window, TIME_LIMIT))
    g_error ("%s: no page shown after %d s (showing “%s”)", name, TIME_LIMIT,
             gtk_stack_get_visible_child_name (window->stack));

  /* Closing while it may still be recognising lets go of everything. */
  close_window (window);
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
