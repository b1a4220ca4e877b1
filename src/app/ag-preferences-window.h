/* ag-preferences-window.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AG_TYPE_PREFERENCES_WINDOW (ag_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (AgPreferencesWindow, ag_preferences_window, AG, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWindow *ag_preferences_window_new (GtkWindow *parent);

G_END_DECLS
