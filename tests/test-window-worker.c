/* test-window-worker.c — the window when its document reader crashes
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ag-core.h"
#include "ag-resources.h"
#include "ag-test-util.h"
#include "ag-test-window.h"

/* Recognising, and Tesseract has said how far it is: the worker is in
 * the middle of the page. */
static gboolean
is_under_way (gpointer data)
{
  return ag_window_test_has_progress (data);
}

/* The worker processes of this test: its children called airgap-worker. */
static GArray *
find_workers (void)
{
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (GPid));
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc", name, "comm", NULL);
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *comm = NULL;
      g_autofree char *stat = NULL;
      const char *after;
      int state_ppid = 0;
      char state;

      if (!g_ascii_isdigit (name[0]) ||
          !g_file_get_contents (comm_path, &comm, NULL, NULL) ||
          !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      g_strchomp (comm);
      after = strrchr (stat, ')');
      if (after == NULL || sscanf (after + 1, " %c %d", &state, &state_ppid) != 2)
        continue;
      if (g_str_equal (comm, "airgap-worker") && state_ppid == getpid () && state != 'Z')
        {
          GPid pid = (GPid) atoi (name);

          g_array_append_val (pids, pid);
        }
    }

  return pids;
}

static gboolean
label_contains (GtkWidget  *widget,
                const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, needle))
      return TRUE;
  return FALSE;
}

static gboolean
shows_crash (gpointer data)
{
  return label_contains (GTK_WIDGET (data), "could not be read");
}

static void
test_worker_crash (void)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GArray) workers = NULL;
  AgWindow *window;
  GtkTextIter end;
  GPid victim;
  gboolean found = FALSE;

  for (int i = 0; i < 30; i++)
    g_string_append_printf (lines, "Line %d of a page that takes a while to read\n", i + 1);
  path = ag_test_render_text_png (lines->str, "DejaVu Sans 12", 300);
  file = g_file_new_for_path (path);

  window = ag_test_new_mapped_window (1000, 700);
  ag_window_open (window, &file, 1);
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 60));

  /* What the person typed. */
  gtk_text_buffer_get_end_iter (ag_test_window_get_buffer (window), &end);
  gtk_text_buffer_insert (ag_test_window_get_buffer (window), &end, "\nMy own notes, not to be lost", -1);
  typed = ag_test_window_dup_text (window);
  g_assert_true (ag_window_test_is_text_dirty (window));

  /* Read again; kill the reader with SIGSEGV half-way. */
  ag_window_test_recognize (window);
  g_assert_true (ag_test_wait_until (is_under_way, window, 30));

  victim = ag_sandbox_get_worker_pid ();
  workers = find_workers ();
  g_test_message ("%u workers; the document's is %d", workers->len, (int) victim);
  for (guint i = 0; i < workers->len; i++)
    found |= g_array_index (workers, GPid, i) == victim;
  g_assert_true (found);
  g_assert_cmpint (kill (victim, SIGSEGV), ==, 0);

  /* The window says what happened and keeps the text. */
  g_assert_true (ag_test_wait_until (ag_test_window_is_idle, window, 30));
  g_assert_true (ag_test_wait_until (shows_crash, window, 10));
  g_assert_true (label_contains (GTK_WIDGET (window), "segmentation fault"));
  after = ag_test_window_dup_text (window);
  g_assert_cmpstr (after, ==, typed);
  g_assert_true (ag_window_test_is_text_dirty (window));
  g_clear_pointer (&after, g_free);

  /* And reads the page again, in a fresh worker.  (Whether it said how
   * far it was on the way is not the question here: that it read the
   * page is, below.) */
  ag_window_test_recognize (window);
  g_assert_true (ag_test_wait_until (ag_test_window_is_idle, window, 90));
  after = ag_test_window_dup_text (window);
  g_assert_nonnull (strstr (after, "Line 30"));
  g_assert_null (strstr (after, "My own notes"));
  g_assert_cmpint (ag_sandbox_get_worker_pid (), !=, victim);

  ag_test_close_window (window, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;

  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  data_home = g_build_filename (ag_test_get_tmpdir (), "data-home", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_true (ag_sandbox_init (2, NULL, AG_SANDBOX_NONE, NULL));

  if (!g_resources_get_info (RESOURCE_PREFIX "/ag-window.ui", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    g_resources_register (ag_get_resource ());

  g_test_add_func ("/window-worker/crash", test_worker_crash);

  return g_test_run ();
}
