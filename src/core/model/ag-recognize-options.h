/* ag-recognize-options.h — what to read of a document, and how
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "model/ag-recognition.h"
#include "model/ag-region.h"

G_BEGIN_DECLS

#define AG_TYPE_RECOGNIZE_OPTIONS  (ag_recognize_options_get_type ())

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

/**
 * AgPageReadyFunc:
 * @page: (transfer none): the page as read; it stays valid until the job
 *   returns, and is the page the final #AgRecognition holds
 * @position: its place among the pages of the job, from 0
 * @n_pages: how many pages the job reads
 *
 * Called on the main context of the thread that started the job, for
 * every page in order, as soon as it and every page before it are read —
 * also when the job is cancelled later, for the pages read until then.
 */
typedef void (*AgPageReadyFunc) (AgRecognitionPage *page,
                                 guint              position,
                                 guint              n_pages,
                                 gpointer           user_data);

typedef struct _AgRecognizeOptions AgRecognizeOptions;

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
void                ag_recognize_options_set_page_ready  (AgRecognizeOptions *self,
                                                          AgPageReadyFunc     func,
                                                          gpointer            user_data,
                                                          GDestroyNotify      destroy);

/* For the engine and the worker protocol. */
GArray             *_ag_recognize_options_get_pages      (AgRecognizeOptions *self);
gboolean            _ag_recognize_options_has_progress   (AgRecognizeOptions *self);
void                _ag_recognize_options_report         (AgRecognizeOptions *self,
                                                          double              fraction,
                                                          const char         *message);
gboolean            _ag_recognize_options_has_page_ready (AgRecognizeOptions *self);
void                _ag_recognize_options_page_ready     (AgRecognizeOptions *self,
                                                          AgRecognitionPage  *page,
                                                          guint               position,
                                                          guint               n_pages);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgRecognizeOptions, ag_recognize_options_unref)

G_END_DECLS
