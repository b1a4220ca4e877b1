/* ag-worker-pool.h — documents are read in sandboxed airgap-worker processes
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  ag_sandbox_init             (guint          n_warm,
                                       const char    *languages,
                                       GError       **error);
gboolean  ag_sandbox_is_enabled       (void);
GVariant *ag_sandbox_probe            (GError       **error);
GVariant *ag_sandbox_try              (const char    *path,
                                       GError       **error);
GPid      ag_sandbox_get_worker_pid   (void);

G_END_DECLS
