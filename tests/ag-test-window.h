/* ag-test-window.h — helpers shared by the window's tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ag-window-private.h"

G_BEGIN_DECLS

typedef gboolean (*AgTestCondition) (gpointer data);

/* Runs the main context until @condition holds or @seconds pass. */
gboolean  ag_test_wait_until           (AgTestCondition  condition,
                                        gpointer         data,
                                        double           seconds);

/* A real window of that size, mapped on the test's display. */
AgWindow *ag_test_new_mapped_window    (int              width,
                                        int              height);

/* Closes @window and checks, within @seconds, that nothing keeps it
 * alive: every callback of work still running must let go of it. */
void      ag_test_close_window         (AgWindow        *window,
                                        double           seconds);

gboolean  ag_test_widget_is_mapped     (gpointer         widget);
gboolean  ag_test_window_has_texture   (gpointer         window);
gboolean  ag_test_window_shows_error   (gpointer         window);
/* Neither recognising nor about to. */
gboolean  ag_test_window_is_idle       (gpointer         window);
/* Idle, with a document and text in the text view. */
gboolean  ag_test_window_has_result    (gpointer         window);

G_END_DECLS
