/* ag-engine.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "document/ag-document.h"
#include "recognize/ag-engine-error.h"
#include "model/ag-recognition.h"
#include "model/ag-recognize-options.h"
#include "model/ag-region.h"

G_BEGIN_DECLS

#define AG_TYPE_ENGINE             (ag_engine_get_type ())


G_DECLARE_FINAL_TYPE (AgEngine, ag_engine, AG, ENGINE, GObject)


const char         *ag_engine_get_version_string         (void);
AgEngine           *ag_engine_new                        (void);
AgEngine           *ag_engine_get_default                (void);
guint               ag_engine_get_n_workers              (AgEngine           *self);
void                ag_engine_preload                    (AgEngine           *self,
                                                          const char         *languages);
void                ag_engine_preload_full               (AgEngine           *self,
                                                          const char         *languages,
                                                          AgEngineKind        kind);
AgRecognition      *ag_engine_recognize                  (AgEngine           *self,
                                                          AgDocument         *document,
                                                          AgRecognizeOptions *options,
                                                          GCancellable       *cancellable,
                                                          GError            **error);
void                ag_engine_recognize_async            (AgEngine           *self,
                                                          AgDocument         *document,
                                                          AgRecognizeOptions *options,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
AgRecognition      *ag_engine_recognize_finish           (AgEngine           *self,
                                                          GAsyncResult       *result,
                                                          GError            **error);

G_END_DECLS
