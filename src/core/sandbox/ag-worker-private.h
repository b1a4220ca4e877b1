/* ag-worker-private.h — a document that lives in an airgap-worker
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

/* The client's handle on a document opened in a worker.  It keeps what
 * the document was opened from, so that when its worker dies the next
 * request opens it again in a fresh one. */
typedef struct _AgRemoteDoc AgRemoteDoc;

typedef struct
{
  guint   kind;
  double  width;
  double  height;
  double  dpi;
  char   *label;
} AgRemotePageInfo;

typedef void (*AgRemoteProgressFunc) (double   fraction,
                                      gpointer user_data);

AgRemoteDoc       *_ag_remote_doc_open        (GFile                 *file,
                                               int                    fd,
                                               GBytes                *bytes,
                                               const char            *name,
                                               const char            *password,
                                               GArray               **pages,
                                               GCancellable          *cancellable,
                                               GError               **error);
AgRemoteDoc       *_ag_remote_doc_ref         (AgRemoteDoc           *doc);
void               _ag_remote_doc_unref       (AgRemoteDoc           *doc);
gboolean           _ag_remote_doc_has_text_layer (AgRemoteDoc        *doc,
                                               guint                  page);
AgBitmap          *_ag_remote_doc_render      (AgRemoteDoc           *doc,
                                               guint                  page,
                                               AgWorkerRenderMode     mode,
                                               double                 dpi,
                                               AgBitmapFormat         format,
                                               int                    max_width,
                                               int                    max_height,
                                               GCancellable          *cancellable,
                                               GError               **error);
AgRecognitionPage *_ag_remote_doc_extract_text (AgRemoteDoc          *doc,
                                               guint                  page,
                                               const AgRect          *rect,
                                               int                    region,
                                               GError               **error);
AgRecognitionPage *_ag_remote_doc_recognize   (AgRemoteDoc           *doc,
                                               guint                  page,
                                               const char            *languages,
                                               AgRecognizeOptions    *options,
                                               GArray                *regions,
                                               AgRemoteProgressFunc   progress,
                                               gpointer               progress_data,
                                               GCancellable          *cancellable,
                                               GError               **error);
void               _ag_worker_pool_preload    (const char            *languages);

int                _ag_worker_serve           (int                    fd,
                                               const char            *languages);

void               _ag_remote_page_info_clear (AgRemotePageInfo      *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgRemoteDoc, _ag_remote_doc_unref)

G_END_DECLS
