/* ag-scan-dialog.h — the Scan dialog: a scanner, its settings, a scan
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AG_TYPE_SCAN_DIALOG (ag_scan_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AgScanDialog, ag_scan_dialog, AG, SCAN_DIALOG, AdwWindow)

GtkWindow  *ag_scan_dialog_new            (GtkWindow    *parent);

/* What it shows: "looking", "empty", "ready" or "scanning" (for tests). */
const char *ag_scan_dialog_get_state      (AgScanDialog *self);

G_END_DECLS
