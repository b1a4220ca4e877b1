/* ag-engine-private.h — what the engine, the languages and Tesseract share
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
#include "model/ag-recognition.h"
#include "model/ag-region.h"

G_BEGIN_DECLS

/* One warm Tesseract handle for one set of languages ("chi_sim+eng").
 * A handle belongs to one thread at a time. */
typedef struct _AgTess AgTess;

/* Called from the worker with how far the current recognition is (0..1). */
typedef void (*AgTessProgressFunc) (double   fraction,
                                    gpointer user_data);

AgTess    *_ag_tess_new                  (const char          *languages,
                                          GError             **error);
void       _ag_tess_free                 (AgTess              *tess);
void       _ag_tess_set_stderr_quiet     (void);
const char *_ag_tess_get_languages       (AgTess              *tess);
gboolean   _ag_tess_recognize            (AgTess              *tess,
                                          AgTess              *twin,
                                          PIX                 *page_pix,
                                          double               dpi,
                                          const AgRect        *rect,
                                          int                  region,
                                          gboolean             vertical,
                                          gboolean             preprocess,
                                          AgRecognitionPage   *page,
                                          AgTessProgressFunc   progress,
                                          gpointer             progress_data,
                                          GCancellable        *cancellable,
                                          GError             **error);
gboolean   _ag_tess_check_file           (const char          *datapath,
                                          const char          *code,
                                          GError             **error);
PIX       *_ag_bitmap_to_pix             (AgBitmap            *bitmap);

/* The one folder Tesseract is to load @languages from: the system or the
 * user folder, or a private folder of links when they span both. */
char      *_ag_languages_dup_datapath    (const char          *languages,
                                          GError             **error);
char      *_ag_languages_dup_link_dir    (GError             **error);

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
