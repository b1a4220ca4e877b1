/* ag-test-window.c — helpers shared by the window's tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ag-test-window.h"

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
