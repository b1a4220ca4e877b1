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
 * @AG_SANDBOX_TESSERACT: pages are read with Tesseract whatever they are
 *   (%AG_ENGINE_KIND_TESSERACT): the workers load its languages at once,
 *   not after a look at the first image (ag_engine_preload_full())
 */
typedef enum
{
  AG_SANDBOX_NONE      = 0,
  AG_SANDBOX_FORK      = 1 << 0,
  AG_SANDBOX_TESSERACT = 1 << 1,
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
