/* ag-worker-pool.h — documents are read in sandboxed airgap-worker processes
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * AgSandboxFlags:
 * @AG_SANDBOX_NONE: start every worker as a program
 * @AG_SANDBOX_FORK: fork the first workers in ag_sandbox_init()
 */
typedef enum
{
  AG_SANDBOX_NONE = 0,
  AG_SANDBOX_FORK = 1 << 0,
} AgSandboxFlags;

gboolean  ag_sandbox_init             (guint          n_warm,
                                       const char    *languages,
                                       AgSandboxFlags flags,
                                       GError       **error);
gboolean  ag_sandbox_is_enabled       (void);
GVariant *ag_sandbox_probe            (GError       **error);
GVariant *ag_sandbox_try              (const char    *path,
                                       GError       **error);
GPid      ag_sandbox_get_worker_pid   (void);

G_END_DECLS
