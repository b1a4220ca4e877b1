/* ag-window-test.c — what the window's tests may ask it
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-window-private.h"
#include "ag-window-test.h"

const char *
ag_window_test_get_visible_page_name (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* Recognising now. */
gboolean
ag_window_test_is_busy (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), FALSE);

  return self->recognizing;
}

/* Neither recognising nor about to. */
gboolean
ag_window_test_is_idle (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), FALSE);

  return !self->recognizing && self->recognize_timeout_id == 0;
}

/* Recognising, and the engine has said how far it is. */
gboolean
ag_window_test_has_progress (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), FALSE);

  return self->recognizing && self->progress_known;
}

gboolean
ag_window_test_is_progress_shown (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), FALSE);

  return gtk_revealer_get_reveal_child (self->progress_revealer);
}

/* Edited since it was last recognised, copied or saved. */
gboolean
ag_window_test_is_text_dirty (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), FALSE);

  return self->text_dirty;
}

AgDocument *
ag_window_test_get_document (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), NULL);

  return self->document;
}

AgRecognition *
ag_window_test_get_recognition (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), NULL);

  return self->recognition;
}

/* The status line under the text. */
const char *
ag_window_test_get_status (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), NULL);

  return gtk_label_get_label (self->status_label);
}

/* The sentence on the error page. */
const char *
ag_window_test_get_error_message (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), NULL);

  return adw_status_page_get_description (self->error_page);
}

/* The recognised words the text knows the place of on the page. */
guint
ag_window_test_get_n_words (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), 0);

  return self->words->len;
}

void
ag_window_test_get_word_bounds (AgWindow    *self,
                                guint        index,
                                GtkTextIter *start,
                                GtkTextIter *end)
{
  AgWordSpan *span;

  g_return_if_fail (AG_IS_WINDOW (self));
  g_return_if_fail (index < self->words->len);

  span = &g_array_index (self->words, AgWordSpan, index);
  gtk_text_buffer_get_iter_at_mark (self->buffer, start, span->start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, end, span->end);
}

/* Reads the document again now. */
void
ag_window_test_recognize (AgWindow *self)
{
  g_return_if_fail (AG_IS_WINDOW (self));

  _ag_window_recognize (self, 0);
}

/* What the save dialog does once a name is chosen. */
void
ag_window_test_save_to_file (AgWindow       *self,
                             GFile          *file,
                             AgExportFormat  format)
{
  g_return_if_fail (AG_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  _ag_window_save_to_file (self, file, format);
}

/* The Scan dialog, while it is open. */
GtkWindow *
ag_window_test_get_scan_dialog (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), NULL);

  return self->scan_dialog;
}

/* The page and zoom buttons that float over the page's bottom edge. */
GtkWidget *
ag_window_test_get_page_controls (AgWindow *self)
{
  g_return_val_if_fail (AG_IS_WINDOW (self), NULL);

  return self->page_controls;
}
