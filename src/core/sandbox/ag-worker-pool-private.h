/* ag-worker-pool-private.h — the pool's workers, for the remote documents
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <gio/gunixfdlist.h>

G_BEGIN_DECLS

/* One airgap-worker process and its connection (ag-worker-pool.c). */
typedef struct _AgWorker AgWorker;

typedef void     (*AgRemoteProgressFunc) (double     fraction,
                                          gpointer   user_data);
typedef gpointer (*AgWorkerRequestFunc)  (gpointer   data,
                                          GError   **error);

AgWorker *_ag_worker_ref                 (AgWorker              *worker);
void      _ag_worker_unref               (AgWorker              *worker);
gboolean  _ag_worker_is_dead             (AgWorker              *worker);
AgWorker *_ag_worker_pool_get_worker     (GError               **error);
guint     _ag_worker_pool_new_request_id (void);
gpointer  _ag_worker_pool_retry          (AgWorkerRequestFunc    request,
                                          gpointer               data,
                                          GError               **error);
GVariant *_ag_worker_call                (AgWorker              *worker,
                                          const char            *method,
                                          GVariant              *parameters,
                                          const GVariantType    *reply_type,
                                          GUnixFDList           *fds_in,
                                          GUnixFDList          **fds_out,
                                          guint                  request_id,
                                          AgRemoteProgressFunc   progress,
                                          gpointer               progress_data,
                                          GCancellable          *cancellable,
                                          GError               **error);
void      _ag_worker_send                (AgWorker              *worker,
                                          const char            *method,
                                          GVariant              *parameters);
void      _ag_worker_reject              (AgWorker              *worker,
                                          GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgWorker, _ag_worker_unref)

G_END_DECLS
