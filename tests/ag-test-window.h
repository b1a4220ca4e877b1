/* ag-test-window.h — helpers shared by the window's tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ag-language-button.h"
#include "ag-page-view.h"
#include "ag-window.h"
#include "ag-window-test.h"

G_BEGIN_DECLS

typedef gboolean (*AgTestCondition) (gpointer data);

/* Runs the main context until @condition holds or @seconds pass. */
gboolean       ag_test_wait_until            (AgTestCondition  condition,
                                              gpointer         data,
                                              double           seconds);

/* A real window of that size, mapped on the test's display. */
AgWindow      *ag_test_new_mapped_window     (int              width,
                                              int              height);

/* Closes @window and checks, within @seconds, that nothing keeps it
 * alive: every callback of work still running must let go of it. */
void           ag_test_close_window          (AgWindow        *window,
                                              double           seconds);

/* Documents open and English text can be read (else: skipped). */
gboolean       ag_test_can_recognize         (void);
void           ag_test_window_open_path      (AgWindow        *window,
                                              const char      *path);

/* Widgets found as a person (or a screen reader) finds them: walking
 * the widget tree, depth first, from @root. */
GtkWidget     *ag_test_find_widget           (GtkWidget       *root,
                                              GType            type);
GtkLabel      *ag_test_find_label            (GtkWidget       *root,
                                              const char      *needle);
GtkWidget     *ag_test_find_action_button    (GtkWidget       *root,
                                              const char      *action_name);
AgPageView    *ag_test_window_get_page_view  (AgWindow        *window);
GtkTextView   *ag_test_window_get_text_view  (AgWindow        *window);
GtkTextBuffer *ag_test_window_get_buffer     (AgWindow        *window);
char          *ag_test_window_dup_text       (AgWindow        *window);

/* Real key presses and pointer moves, through the X server (see the
 * .c file). */
gboolean       ag_test_send_keys             (AgWindow        *window,
                                              const char      *keys);
gboolean       ag_test_point_at              (AgWindow        *window,
                                              GtkWidget       *widget);

gboolean       ag_test_never                 (gpointer         data);
gboolean       ag_test_widget_is_mapped      (gpointer         widget);
gboolean       ag_test_window_has_texture    (gpointer         window);
gboolean       ag_test_window_shows_error    (gpointer         window);
/* Recognising now. */
gboolean       ag_test_window_is_busy        (gpointer         window);
/* Neither recognising nor about to. */
gboolean       ag_test_window_is_idle        (gpointer         window);
/* Idle, with a document and text in the text view. */
gboolean       ag_test_window_has_result     (gpointer         window);

G_END_DECLS
