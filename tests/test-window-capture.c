/* test-window-capture.c — screenshots through the desktop portal
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The tests run on a private session bus (dbus-run-session).  There
 * portal-stub.py stands in for xdg-desktop-portal: it owns
 * org.freedesktop.portal.Desktop and answers Screenshot the way the real
 * one does, so the window goes through real libportal. */

#include "config.h"

#include <glib/gstdio.h>

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "ag-core.h"
#include "ag-resources.h"
#include "ag-test-util.h"
#include "ag-test-window.h"

#define FONT "DejaVu Sans 16"
#define DPI  200

/* Helpers */

static gboolean
shows_label (gpointer data)
{
  const char **args = data;

  return ag_test_find_label (GTK_WIDGET (args[0]), args[1]) != NULL;
}

static gboolean
wait_for_label (AgWindow   *window,
                const char *needle,
                double      seconds)
{
  const char *args[] = { (const char *) window, needle };

  return ag_test_wait_until (shows_label, args, seconds);
}

#ifdef AG_HAVE_PORTAL

static gboolean
has_session_bus (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  if (bus == NULL)
    {
      g_test_skip ("No session bus (run the tests under dbus-run-session)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

/* Starts the stand-in, answering @response ("0", "1", "2") with @uri. */
static GSubprocess *
start_portal_stub (const char *response,
                   const char *uri)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *ready = NULL;
  GSubprocess *stub;

  script = g_test_build_filename (G_TEST_DIST, "portal-stub.py", NULL);
  ready = g_build_filename (ag_test_get_tmpdir (), "portal-stub-ready", NULL);
  g_unlink (ready);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "AG_PORTAL_STUB_RESPONSE", response, TRUE);
  g_subprocess_launcher_setenv (launcher, "AG_PORTAL_STUB_URI", uri != NULL ? uri : "", TRUE);
  g_subprocess_launcher_setenv (launcher, "AG_PORTAL_STUB_READY", ready, TRUE);
  /* its #! names the distribution's python3, the one with python3-gi */
  stub = g_subprocess_launcher_spawn (launcher, &error, script, NULL);
  g_assert_no_error (error);
  g_assert_true (ag_test_wait_until (file_exists, ready, 20));

  return stub;
}

static void
stop_portal_stub (GSubprocess *stub)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_close (g_subprocess_get_stdin_pipe (stub), NULL, NULL);
  g_subprocess_wait (stub, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (stub);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ReadText;

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ReadText *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ReadText *) data)->done;
}

static char *
dup_clipboard_text (AgWindow *window)
{
  ReadText read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL, read_text_cb, &read);
  g_assert_true (ag_test_wait_until (read_done, &read, 10));

  return read.text;
}

/* Tests */

/* The header bar has the button, and the portal's picture is read at
 * once and its text copied. */
static void
test_capture_screenshot (void)
{
  const char *shot = "Taken with the desktop tool";
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;
  GSubprocess *stub;
  AgWindow *window;

  if (!has_session_bus () || !ag_test_can_recognize ())
    return;

  path = ag_test_render_text_png (shot, FONT, DPI);
  uri = g_filename_to_uri (path, NULL, NULL);
  stub = start_portal_stub ("0", uri);

  window = ag_test_new_mapped_window (1100, 700);
  g_assert_nonnull (ag_test_find_action_button (GTK_WIDGET (window), "win.screenshot"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.screenshot", NULL));
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 60));

  text = ag_test_window_dup_text (window);
  g_test_message ("screenshot text: %s", text);
  g_assert_cmpfloat (ag_test_cer (text, shot, FALSE), <, 0.1);
  g_assert_null (ag_document_get_file (ag_window_test_get_document (window)));

  /* copy-after-screenshot is on by default */
  g_assert_true (wait_for_label (window, "Text copied", 5));
  copied = dup_clipboard_text (window);
  g_assert_cmpstr (copied, ==, text);
  /* the portal's file is the person's: it stays */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  ag_test_close_window (window, 20);
  stop_portal_stub (stub);
}

/* Cancelled in the desktop's tool, or failed: the document shown stays,
 * and a toast says why nothing changed. */
static void
check_unchanged_after (const char *response,
                       const char *toast)
{
  const char *before = "Already open";
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  AgDocument *document;
  GSubprocess *stub;
  AgWindow *window;

  path = ag_test_render_text_png (before, FONT, DPI);
  window = ag_test_new_mapped_window (1100, 700);
  ag_test_window_open_path (window, path);
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 30));
  document = ag_window_test_get_document (window);
  text = ag_test_window_dup_text (window);

  stub = start_portal_stub (response, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.screenshot", NULL));
  g_assert_true (wait_for_label (window, toast, 10));

  g_assert_true (ag_window_test_get_document (window) == document);
  g_assert_true (ag_window_test_is_idle (window));
  after = ag_test_window_dup_text (window);
  g_assert_cmpstr (after, ==, text);
  /* and another try is possible */
  g_assert_true (gtk_widget_is_sensitive (ag_test_find_action_button (GTK_WIDGET (window), "win.screenshot")));

  ag_test_close_window (window, 20);
  stop_portal_stub (stub);
}

static void
test_capture_cancelled (void)
{
  if (!has_session_bus () || !ag_test_can_recognize ())
    return;
  check_unchanged_after ("1", "No screenshot was taken");
}

static void
test_capture_failed (void)
{
  if (!has_session_bus () || !ag_test_can_recognize ())
    return;
  check_unchanged_after ("2", "Could not take a screenshot.");
}

/* A session with no portal at all (a bare X session): told at once. */
static void
test_capture_no_portal (void)
{
  AgWindow *window;
  gint64 start;

  if (!has_session_bus ())
    return;

  window = ag_test_new_mapped_window (800, 600);
  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.screenshot", NULL));
  g_assert_true (wait_for_label (window, "no screenshot service", 10));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpstr (ag_window_test_get_visible_page_name (window), ==, "empty");

  ag_test_close_window (window, 20);
}

#else /* !AG_HAVE_PORTAL */

/* Built without libportal: the button says so. */
static void
test_capture_no_libportal (void)
{
  AgWindow *window = ag_test_new_mapped_window (800, 600);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.screenshot", NULL));
  g_assert_true (wait_for_label (window, "without screenshots", 5));
  ag_test_close_window (window, 20);
}

#endif

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_true (ag_sandbox_init (2, NULL, AG_SANDBOX_NONE, NULL));

  if (!g_resources_get_info (RESOURCE_PREFIX "/ag-window.ui", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    g_resources_register (ag_get_resource ());

#ifdef AG_HAVE_PORTAL
  g_test_add_func ("/capture/no-portal", test_capture_no_portal);
  g_test_add_func ("/capture/screenshot", test_capture_screenshot);
  g_test_add_func ("/capture/cancelled", test_capture_cancelled);
  g_test_add_func ("/capture/failed", test_capture_failed);
#else
  g_test_add_func ("/capture/no-libportal", test_capture_no_libportal);
#endif

  return g_test_run ();
}
