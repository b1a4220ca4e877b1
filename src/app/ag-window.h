/* ag-window.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ag-application.h"

G_BEGIN_DECLS

#define AG_TYPE_WINDOW (ag_window_get_type ())

G_DECLARE_FINAL_TYPE (AgWindow, ag_window, AG, WINDOW, AdwApplicationWindow)

AgWindow *ag_window_new  (AgApplication  *application);
void      ag_window_open (AgWindow       *self,
                          GFile         **files,
                          guint           n_files);

G_END_DECLS
