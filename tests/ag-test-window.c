/* ag-test-window.c — helpers shared by the window's tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ag-test-util.h"
#include "ag-test-window.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

gboolean
ag_test_wait_until (AgTestCondition condition,
                    gpointer        data,
                    double          seconds)
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

gboolean
ag_test_widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
only_our_ref (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

AgWindow *
ag_test_new_mapped_window (int width,
                           int height)
{
  AgWindow *window = ag_window_new (NULL);

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ag_test_wait_until (ag_test_widget_is_mapped, window, 10));

  return window;
}

void
ag_test_close_window (AgWindow *window,
                      double    seconds)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (ag_test_wait_until (only_our_ref, window, seconds));
  g_assert_finalize_object (window);
}

GtkWidget *
ag_test_find_widget (GtkWidget *root,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ag_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A label that shows @needle and could be seen (it and its parents are
 * visible). */
GtkLabel *
ag_test_find_label (GtkWidget  *root,
                    const char *needle)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_visible (root) &&
      strstr (gtk_label_get_label (GTK_LABEL (root)), needle) != NULL)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = ag_test_find_label (child, needle);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The button that activates @action_name. */
GtkWidget *
ag_test_find_action_button (GtkWidget  *root,
                            const char *action_name)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ag_test_find_action_button (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether documents open and English text can be read here; marks the
 * test skipped when not. */
gboolean
ag_test_can_recognize (void)
{
  static int available = -1;

  if (available < 0)
    {
      g_autofree char *path = ag_test_render_text_png ("Probe", "DejaVu Sans 16", 200);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(AgDocument) document = ag_document_new_from_file (file, NULL, NULL, NULL);
      g_autoptr(AgLanguage) eng = ag_languages_lookup ("eng");

      available = document != NULL && eng != NULL;
    }

  if (!available)
    g_test_skip ("Documents or English language data are not available");

  return available;
}

void
ag_test_window_open_path (AgWindow   *window,
                          const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  ag_window_open (window, &file, 1);
}

AgPageView *
ag_test_window_get_page_view (AgWindow *window)
{
  GtkWidget *view = ag_test_find_widget (GTK_WIDGET (window), AG_TYPE_PAGE_VIEW);

  g_assert_nonnull (view);
  return AG_PAGE_VIEW (view);
}

GtkTextView *
ag_test_window_get_text_view (AgWindow *window)
{
  GtkWidget *view = ag_test_find_widget (GTK_WIDGET (window), GTK_TYPE_TEXT_VIEW);

  g_assert_nonnull (view);
  return GTK_TEXT_VIEW (view);
}

GtkTextBuffer *
ag_test_window_get_buffer (AgWindow *window)
{
  return gtk_text_view_get_buffer (ag_test_window_get_text_view (window));
}

char *
ag_test_window_dup_text (AgWindow *window)
{
  GtkTextBuffer *buffer = ag_test_window_get_buffer (window);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

#ifdef GDK_WINDOWING_X11
/* Runs xdotool with @args, "XID" in them standing for @window's X
 * window. */
static gboolean
run_xdotool (AgWindow    *window,
             const char **args)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *xid = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  int status;

  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return FALSE;
    }
  if (surface == NULL || !GDK_IS_X11_SURFACE (surface))
    {
      g_test_skip ("Not on an X11 display");
      return FALSE;
    }

  /* Let the window finish what it is drawing first. */
  ag_test_wait_until (ag_test_never, NULL, 0.1);

  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, xdotool);
  for (guint i = 0; args[i] != NULL; i++)
    g_strv_builder_add (builder, g_str_equal (args[i], "XID") ? xid : args[i]);
  argv = g_strv_builder_end (builder);

  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* The events reach GTK through the X server: a round trip to it puts
   * them in this connection's queue (xdotool's requests came first), then
   * the main loop hands them to the widgets. */
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (window)));
  ag_test_wait_until (ag_test_never, NULL, 0.3);
  return TRUE;
}
#endif

/* Presses @keys ("ctrl+v", "Tab", …, as xdotool names them) on the
 * keyboard of the test's X display, with @window focused: the events go
 * through GTK's own key handling, as a person's would.  Without X11 or
 * xdotool, marks the test skipped and returns FALSE. */
gboolean
ag_test_send_keys (AgWindow   *window,
                   const char *keys)
{
#ifdef GDK_WINDOWING_X11
  g_auto(GStrv) split = g_strsplit (keys, " ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;

  /* The windows of the suites that run at the same time share the
   * display: this one goes on top and gets the keyboard. */
  g_strv_builder_add_many (builder, "windowraise", "XID", "windowfocus", "--sync", "XID",
                           "key", "--delay", "20", NULL);
  g_strv_builder_addv (builder, (const char **) split);
  args = g_strv_builder_end (builder);

  return run_xdotool (window, (const char **) args);
#else
  g_test_skip ("Not built with X11 support");
  return FALSE;
#endif
}

/* Moves the mouse pointer over the middle of @widget, as a person would
 * (tooltips follow).  Skips as ag_test_send_keys() does. */
gboolean
ag_test_point_at (AgWindow  *window,
                  GtkWidget *widget)
{
#ifdef GDK_WINDOWING_X11
  graphene_point_t centre = GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.f,
                                                 gtk_widget_get_height (widget) / 2.f);
  graphene_point_t in_window;
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  double sx, sy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (window), &centre, &in_window));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &sx, &sy);
  x = g_strdup_printf ("%d", (int) (in_window.x + sx));
  y = g_strdup_printf ("%d", (int) (in_window.y + sy));

  {
    const char *args[] = { "windowraise", "XID", "mousemove", "--window", "XID", x, y, NULL };

    return run_xdotool (window, args);
  }
#else
  g_test_skip ("Not built with X11 support");
  return FALSE;
#endif
}

gboolean
ag_test_never (gpointer data)
{
  return FALSE;
}

gboolean
ag_test_window_has_texture (gpointer window)
{
  return ag_page_view_get_texture (ag_test_window_get_page_view (window)) != NULL;
}

gboolean
ag_test_window_shows_error (gpointer window)
{
  return g_strcmp0 (ag_window_test_get_visible_page_name (window), "error") == 0;
}

gboolean
ag_test_window_is_busy (gpointer window)
{
  return ag_window_test_is_busy (window);
}

gboolean
ag_test_window_is_idle (gpointer window)
{
  return ag_window_test_is_idle (window);
}

gboolean
ag_test_window_has_result (gpointer window)
{
  return ag_test_window_is_idle (window) && ag_window_test_get_document (window) != NULL &&
         gtk_text_buffer_get_char_count (ag_test_window_get_buffer (window)) > 0;
}
