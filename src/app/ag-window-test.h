/* ag-window-test.h — what the window's tests may ask it, and nothing more
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ag-core.h"
#include "ag-window.h"

G_BEGIN_DECLS

/* The tests drive the window through its actions and widgets; these few
 * questions are about state no widget shows exactly.  They keep the tests
 * off struct _AgWindow, so the window can be rearranged freely. */

const char    *ag_window_test_get_visible_page_name (AgWindow    *self);
gboolean       ag_window_test_is_busy               (AgWindow    *self);
gboolean       ag_window_test_is_idle               (AgWindow    *self);
gboolean       ag_window_test_has_progress          (AgWindow    *self);
gboolean       ag_window_test_is_progress_shown     (AgWindow    *self);
gboolean       ag_window_test_is_text_dirty         (AgWindow    *self);
AgDocument    *ag_window_test_get_document          (AgWindow    *self);
AgRecognition *ag_window_test_get_recognition       (AgWindow    *self);
const char    *ag_window_test_get_status            (AgWindow    *self);
const char    *ag_window_test_get_error_message     (AgWindow    *self);
GtkWindow     *ag_window_test_get_scan_dialog       (AgWindow    *self);
GtkWidget     *ag_window_test_get_page_controls     (AgWindow    *self);
guint          ag_window_test_get_n_words           (AgWindow    *self);
void           ag_window_test_get_word_bounds       (AgWindow    *self,
                                                     guint        index,
                                                     GtkTextIter *start,
                                                     GtkTextIter *end);
void           ag_window_test_recognize             (AgWindow    *self);
void           ag_window_test_save_to_file          (AgWindow       *self,
                                                     GFile          *file,
                                                     AgExportFormat  format);

G_END_DECLS
