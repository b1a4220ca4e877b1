/* ag-test-window.c — helpers shared by the window's tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

gboolean
ag_test_window_has_texture (gpointer window)
{
  return ag_page_view_get_texture (AG_WINDOW (window)->page_view) != NULL;
}

gboolean
ag_test_window_shows_error (gpointer window)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (AG_WINDOW (window)->stack), "error") == 0;
}

gboolean
ag_test_window_is_idle (gpointer window)
{
  AgWindow *self = window;

  return !self->recognizing && self->recognize_timeout_id == 0;
}

gboolean
ag_test_window_has_result (gpointer window)
{
  AgWindow *self = window;

  return ag_test_window_is_idle (self) && self->document != NULL &&
         gtk_text_buffer_get_char_count (self->buffer) > 0;
}
