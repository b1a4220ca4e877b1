/* ag-engine.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "document/ag-document.h"
#include "model/ag-recognition.h"
#include "model/ag-region.h"

G_BEGIN_DECLS

#define AG_TYPE_ENGINE             (ag_engine_get_type ())
#define AG_TYPE_RECOGNIZE_OPTIONS  (ag_recognize_options_get_type ())
#define AG_ENGINE_ERROR            (ag_engine_error_quark ())

/**
 * AgEngineError:
 * @AG_ENGINE_ERROR_MISSING_LANGUAGE: a language's data is not installed
 * @AG_ENGINE_ERROR_BAD_LANGUAGE: the language data could not be loaded
 * @AG_ENGINE_ERROR_FAILED: recognition itself failed
 * @AG_ENGINE_ERROR_BAD_PAGE: a requested page does not exist
 */
typedef enum
{
  AG_ENGINE_ERROR_MISSING_LANGUAGE,
  AG_ENGINE_ERROR_BAD_LANGUAGE,
  AG_ENGINE_ERROR_FAILED,
  AG_ENGINE_ERROR_BAD_PAGE,
} AgEngineError;

/**
 * AgEngineKind:
 * @AG_ENGINE_KIND_AUTO: choose per page (see DESIGN.md)
 * @AG_ENGINE_KIND_TESSERACT: always Tesseract
 * @AG_ENGINE_KIND_PPOCR: PP-OCR where its models are installed
 */
typedef enum
{
  AG_ENGINE_KIND_AUTO,
  AG_ENGINE_KIND_TESSERACT,
  AG_ENGINE_KIND_PPOCR,
} AgEngineKind;

/* The resolution PDF pages are rendered at for recognition. */
#define AG_ENGINE_PDF_DPI 300.0

/**
 * AgProgressFunc:
 * @fraction: 0..1
 * @message: what is being done, translated
 *
 * Called on the main context of the thread that started the job.
 */
typedef void (*AgProgressFunc) (double      fraction,
                                const char *message,
                                gpointer    user_data);

typedef struct _AgRecognizeOptions AgRecognizeOptions;

G_DECLARE_FINAL_TYPE (AgEngine, ag_engine, AG, ENGINE, GObject)

GQuark              ag_engine_error_quark                (void);

AgRecognizeOptions *ag_recognize_options_new             (void);
GType               ag_recognize_options_get_type        (void) G_GNUC_CONST;
AgRecognizeOptions *ag_recognize_options_ref             (AgRecognizeOptions *self);
void                ag_recognize_options_unref           (AgRecognizeOptions *self);
void                ag_recognize_options_set_languages   (AgRecognizeOptions *self,
                                                          const char         *languages);
const char         *ag_recognize_options_get_languages   (AgRecognizeOptions *self);
void                ag_recognize_options_add_region      (AgRecognizeOptions *self,
                                                          const AgRegion     *region);
guint               ag_recognize_options_get_n_regions   (AgRecognizeOptions *self);
const AgRegion     *ag_recognize_options_get_region      (AgRecognizeOptions *self,
                                                          guint               index);
void                ag_recognize_options_add_page        (AgRecognizeOptions *self,
                                                          guint               page);
void                ag_recognize_options_set_force_ocr   (AgRecognizeOptions *self,
                                                          gboolean            force_ocr);
gboolean            ag_recognize_options_get_force_ocr   (AgRecognizeOptions *self);
void                ag_recognize_options_set_preprocess  (AgRecognizeOptions *self,
                                                          gboolean            preprocess);
gboolean            ag_recognize_options_get_preprocess  (AgRecognizeOptions *self);
void                ag_recognize_options_set_engine_kind (AgRecognizeOptions *self,
                                                          AgEngineKind        kind);
AgEngineKind        ag_recognize_options_get_engine_kind (AgRecognizeOptions *self);
void                ag_recognize_options_set_progress    (AgRecognizeOptions *self,
                                                          AgProgressFunc      func,
                                                          gpointer            user_data,
                                                          GDestroyNotify      destroy);

const char         *ag_engine_get_version_string         (void);
AgEngine           *ag_engine_new                        (void);
AgEngine           *ag_engine_get_default                (void);
guint               ag_engine_get_n_workers              (AgEngine           *self);
void                ag_engine_preload                    (AgEngine           *self,
                                                          const char         *languages);
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgRecognizeOptions, ag_recognize_options_unref)

G_END_DECLS
