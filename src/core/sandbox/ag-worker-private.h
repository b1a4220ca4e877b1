/* ag-worker-private.h — the sandbox inside the core: remote documents, the worker's service
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "model/ag-bitmap.h"
#include "recognize/ag-engine.h"
#include "model/ag-recognition.h"
#include "model/ag-region.h"
#include "sandbox/ag-worker-protocol.h"

G_BEGIN_DECLS

GPtrArray         *_ag_remote_document_open_pages (GFile         *file,
                                                   int            fd,
                                                   GBytes        *bytes,
                                                   const char    *name,
                                                   const char    *password,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
void               _ag_worker_pool_preload    (const char            *languages);

int                _ag_worker_serve           (int                    fd,
                                               const char            *languages,
                                               AgEngineKind           kind);

G_END_DECLS
