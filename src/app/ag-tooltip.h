/* ag-tooltip.h — tooltips that do not break Chinese one character a line
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ag_tooltip_set_text   (GtkTooltip *tooltip,
                            const char *text);
void ag_tooltip_fix_widget (GtkWidget  *widget);
void ag_tooltip_fix_tree   (GtkWidget  *root);

G_END_DECLS
