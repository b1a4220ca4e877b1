/* ag-accessible.h — what screen readers are told, where GTK 4.8 falls short
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ag_accessible_fix_mnemonic_names (GtkWidget *root);

G_END_DECLS
