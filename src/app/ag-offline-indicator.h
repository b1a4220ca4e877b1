/* ag-offline-indicator.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sandbox/ag-lockdown.h"

G_BEGIN_DECLS

#define AG_TYPE_OFFLINE_INDICATOR (ag_offline_indicator_get_type ())

G_DECLARE_FINAL_TYPE (AgOfflineIndicator, ag_offline_indicator, AG, OFFLINE_INDICATOR, GtkWidget)

GtkWidget       *ag_offline_indicator_new       (void);
AgLockdownState  ag_offline_indicator_get_state (AgOfflineIndicator *self);

G_END_DECLS
