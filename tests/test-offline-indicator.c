/* test-offline-indicator.c — the header bar pill says what is true
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "ag-core.h"
#include "ag-offline-indicator.h"
#include "ag-resources.h"

static void
wait_for (gboolean *flag)
{
  GMainContext *context = g_main_context_default ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (context, FALSE);
}

static void
mapped_cb (GtkWidget *widget,
           gpointer   user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
flag_cb (GObject    *object,
         GParamSpec *pspec,
         gpointer    user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* The text of every label under @widget; those inside a popover go to
 * @popover_text, the others to @pill_text. */
static void
collect_labels (GtkWidget *widget,
                gboolean   in_popover,
                GString   *pill_text,
                GString   *popover_text)
{
  if (GTK_IS_POPOVER (widget))
    in_popover = TRUE;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      GString *text = in_popover ? popover_text : pill_text;

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, in_popover, pill_text, popover_text);
}

static GtkMenuButton *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    return GTK_MENU_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *button = find_menu_button (child);

      if (button != NULL)
        return button;
    }

  return NULL;
}

static void
test_offline_indicator_active (void)
{
  g_autoptr(GString) pill_text = g_string_new (NULL);
  g_autoptr(GString) popover_text = g_string_new (NULL);
  g_autofree char *accessible = NULL;
  g_autofree char *mismatch = NULL;
  g_autoptr(GError) error = NULL;
  AgLockdownState state = AG_LOCKDOWN_NOT_APPLIED;
  GtkWidget *window;
  GtkWidget *indicator;
  GtkMenuButton *button;
  GtkPopover *popover;
  gboolean mapped = FALSE;
  gboolean shown = FALSE;

  /* The window applies it in its startup; the test process does the same
   * before showing the pill. */
  g_assert_cmpint (ag_lockdown_apply (), ==, AG_LOCKDOWN_ACTIVE);
  /* ... and starts its sandboxed document reader (AIRGAP_WORKER, set by
   * the test set-up, names the one of the build tree). */
  g_assert_true (ag_sandbox_init (1, "eng", AG_SANDBOX_NONE, &error));
  g_assert_no_error (error);

  window = gtk_window_new ();
  indicator = ag_offline_indicator_new ();
  g_object_ref_sink (indicator);
  gtk_window_set_child (GTK_WINDOW (window), indicator);
  g_signal_connect (indicator, "map", G_CALLBACK (mapped_cb), &mapped);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (&mapped);
  g_assert_true (mapped);
  g_assert_true (gtk_widget_get_visible (indicator));

  g_object_get (indicator, "state", &state, NULL);
  g_assert_cmpint (state, ==, AG_LOCKDOWN_ACTIVE);
  g_assert_cmpint (ag_offline_indicator_get_state (AG_OFFLINE_INDICATOR (indicator)), ==,
                   AG_LOCKDOWN_ACTIVE);
  g_assert_true (gtk_widget_has_css_class (indicator, "success"));
  g_assert_false (gtk_widget_has_css_class (indicator, "warning"));

  button = find_menu_button (indicator);
  g_assert_nonnull (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_nonnull (popover);

  collect_labels (indicator, FALSE, pill_text, popover_text);
  g_assert_cmpstr (pill_text->str, ==, "Offline");

  /* A screen reader hears the same word first. */
  accessible = g_strdup ("Offline: this window cannot open network connections");
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, accessible);
  g_assert_null (mismatch);
  g_assert_true (g_str_has_prefix (accessible, pill_text->str));

  /* Clicking opens the popover, which says what was checked and how. */
  g_signal_connect (popover, "notify::visible", G_CALLBACK (flag_cb), &shown);
  gtk_widget_activate (GTK_WIDGET (button));
  wait_for (&shown);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_nonnull (strstr (popover_text->str, "Recognition runs on this computer"));
  g_assert_nonnull (strstr (popover_text->str, "cannot open network connections"));
  g_assert_nonnull (strstr (popover_text->str,
                            "Airgap tried to open an internet connection at start-up and "
                            "the system refused it."));
  g_assert_nonnull (strstr (popover_text->str, "files on this computer only"));
  g_assert_nonnull (strstr (popover_text->str, "Nothing is stored outside the files you save"));
  g_assert_nonnull (strstr (popover_text->str,
                            "Documents are opened in a separate, sandboxed process that can "
                            "neither reach the network nor open your other files."));
  g_assert_null (strstr (popover_text->str, "inside this window"));
  gtk_popover_popdown (popover);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (indicator);
}

/* The pill must not say "Offline" when the lockdown is not in place: a
 * fresh process that never applied it shows the amber pill. */
static void
test_offline_indicator_unverified (void)
{
  g_autoptr(GString) pill_text = g_string_new (NULL);
  g_autoptr(GString) popover_text = g_string_new (NULL);
  g_autofree char *mismatch = NULL;
  GtkWidget *indicator;
  GtkMenuButton *button;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_cmpint (ag_lockdown_get_state (), ==, AG_LOCKDOWN_NOT_APPLIED);

  indicator = g_object_ref_sink (ag_offline_indicator_new ());
  g_assert_cmpint (ag_offline_indicator_get_state (AG_OFFLINE_INDICATOR (indicator)), !=,
                   AG_LOCKDOWN_ACTIVE);
  g_assert_true (gtk_widget_has_css_class (indicator, "warning"));
  g_assert_false (gtk_widget_has_css_class (indicator, "success"));

  collect_labels (indicator, FALSE, pill_text, popover_text);
  g_assert_cmpstr (pill_text->str, ==, "Not verified");
  g_assert_null (strstr (popover_text->str, "refused it"));
  /* It says why. */
  g_assert_nonnull (strstr (popover_text->str, ag_lockdown_get_details ()));
  /* Without the worker it says documents are read in the window itself. */
  g_assert_false (ag_sandbox_is_enabled ());
  g_assert_nonnull (strstr (popover_text->str, "Documents are opened inside this window"));
  g_assert_null (strstr (popover_text->str, "sandboxed process"));

  button = find_menu_button (indicator);
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (button),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                 "Not verified: Airgap could not make sure this "
                                                 "window cannot open network connections");
  g_assert_null (mismatch);

  g_assert_finalize_object (indicator);
}

/* Seccomp_filters in /proc/PID/status: how many filters the process has. */
static int
count_filters (const char *pid)
{
  g_autofree char *path = g_build_filename ("/proc", pid, "status", NULL);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL))
    return -1;
  line = strstr (status, "Seccomp_filters:");
  if (line == NULL)
    return -1;

  return atoi (line + strlen ("Seccomp_filters:"));
}

/* The real window applies the lockdown when it starts: its process ends up
 * with one seccomp filter more than this one (which may have its own). */
static void
test_offline_indicator_window_process (void)
{
  const char *app = g_getenv ("AIRGAP_APP");
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) bus = NULL;
  g_autoptr(GSubprocess) window = NULL;
  g_autoptr(GDataInputStream) bus_out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  const char *pid;
  int own_filters, filters = -1;
  gint64 deadline;

  g_assert_nonnull (app);
  if (dbus_daemon == NULL)
    {
      g_test_skip ("dbus-daemon is not installed");
      return;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display (run the ui suite under xvfb-run)");
      return;
    }

  /* A session bus of its own, so no other instance of the application on
   * the test session can take the start-up over. */
  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                          dbus_daemon, "--session", "--nofork", "--print-address=1", NULL);
  g_assert_no_error (error);
  bus_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  address = g_data_input_stream_read_line (bus_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  /* Its accessibility bus would be announced on the shared X display and
   * outlive it; this test does not need one. */
  g_subprocess_launcher_setenv (launcher, "GTK_A11Y", "none", TRUE);
  window = g_subprocess_launcher_spawn (launcher, &error, app, NULL);
  g_assert_no_error (error);
  pid = g_subprocess_get_identifier (window);

  own_filters = count_filters ("self");
  g_assert_cmpint (own_filters, >=, 0);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      filters = count_filters (pid);
      if (filters > own_filters || filters < 0)
        break;
      g_usleep (G_USEC_PER_SEC / 20);
    }

  g_subprocess_send_signal (window, SIGTERM);
  g_subprocess_wait (window, NULL, NULL);
  g_subprocess_send_signal (bus, SIGTERM);
  g_subprocess_wait (bus, NULL, NULL);

  g_assert_cmpint (filters, ==, own_filters + 1);
}

int
main (int   argc,
      char *argv[])
{
  /* The test reads English text. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The widgets' templates live in the app's resources. */
  if (!g_resources_get_info (RESOURCE_PREFIX "/ag-offline-indicator.ui",
                             G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    g_resources_register (ag_get_resource ());

  /* The subprocess test first: the other applies the lockdown to this
   * process for good. */
  g_test_add_func ("/offline-indicator/unverified", test_offline_indicator_unverified);
  g_test_add_func ("/offline-indicator/window-process", test_offline_indicator_window_process);
  g_test_add_func ("/offline-indicator/active", test_offline_indicator_active);

  return g_test_run ();
}
