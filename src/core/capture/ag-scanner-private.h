/* ag-scanner-private.h — SANE's configuration without its network drivers
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  _ag_scanner_is_network_backend (const char  *backend);
char     *_ag_scanner_make_config_dir    (const char  *system_dir,
                                          GError     **error);
void      _ag_scanner_remove_config_dir  (const char  *dir);

G_END_DECLS
