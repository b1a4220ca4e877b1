/* ag-engine-private.h — what the engine shares with the sandbox and the tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <leptonica/allheaders.h>

#include "model/ag-bitmap.h"
#include "recognize/ag-engine.h"
#include "recognize/ag-languages-private.h"
#include "model/ag-recognition.h"
#include "model/ag-region.h"
#include "recognize/tesseract/ag-tess.h"

G_BEGIN_DECLS

/* Recognises bitmaps as if they were the pages of a document: the same
 * pool, progress, cancellation and result as ag_engine_recognize_async().
 * Page indices are the positions in @bitmaps. */
void       _ag_engine_recognize_bitmaps_async (AgEngine            *self,
                                               GPtrArray           *bitmaps,
                                               AgRecognizeOptions  *options,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
AgRecognition *_ag_engine_recognize_bitmaps   (AgEngine            *self,
                                               GPtrArray           *bitmaps,
                                               AgRecognizeOptions  *options,
                                               GCancellable        *cancellable,
                                               GError             **error);
guint          _ag_engine_get_peak_parallel   (AgEngine            *self);
guint          _ag_engine_get_n_handles       (AgEngine            *self,
                                               const char          *languages);
AgRecognitionPage *_ag_engine_recognize_page  (AgEngine            *self,
                                               AgPage              *page,
                                               guint                index,
                                               const char          *languages,
                                               AgRecognizeOptions  *options,
                                               GArray              *regions,
                                               AgTessProgressFunc   progress,
                                               gpointer             progress_data,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* Where ag_engine_preload() sends the languages when documents are not
 * read in this process (set by ag_sandbox_init()). */
typedef void (*AgEnginePreloadFunc) (const char *languages);

void               _ag_engine_set_preloader   (AgEnginePreloadFunc  func);

G_END_DECLS
