/* ag-ppocr.h — the second recogniser: PaddleOCR's PP-OCRv4 through OpenCV
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "model/ag-bitmap.h"
#include "model/ag-recognize-options.h"
#include "recognize/ag-engine-error.h"
#include "model/ag-recognition.h"
#include "model/ag-region.h"

G_BEGIN_DECLS

/*
 * Internal to the core: AgEngine decides when to use it.  The models are
 * found on disk only (see _ag_ppocr_find_models()); build-aux/ppocr-models.sh
 * sets them up.  One AgPpocr may be shared by several threads: its
 * networks are used under a lock.
 */

typedef struct _AgPpocr AgPpocr;

/**
 * AgPpocrBox:
 * @x: the corners' x in pixels, clockwise from the top-left one
 * @y: the corners' y in pixels
 * @score: the detector's mean probability inside the box, 0..1
 *
 * A text line found by the detector.
 */
typedef struct
{
  float x[4];
  float y[4];
  float score;
} AgPpocrBox;

/**
 * AgPpocrChar:
 * @index: class in the key list (never 0, the CTC blank)
 * @first_step: the first time step of its run
 * @last_step: the last time step of its run
 * @confidence: the highest probability of its run, 0..1
 *
 * A character from greedy CTC decoding.
 */
typedef struct
{
  int   index;
  int   first_step;
  int   last_step;
  float confidence;
} AgPpocrChar;

/**
 * AgPpocrNet:
 * @AG_PPOCR_NET_DETECTOR: text detection (DB), input 1×3×H×W, H and W
 *   multiples of 32
 * @AG_PPOCR_NET_CLASSIFIER: 0°/180° line classifier, input 1×3×48×192
 * @AG_PPOCR_NET_RECOGNIZER: CTC line recogniser, input 1×3×48×W
 */
typedef enum
{
  AG_PPOCR_NET_DETECTOR,
  AG_PPOCR_NET_CLASSIFIER,
  AG_PPOCR_NET_RECOGNIZER,
} AgPpocrNet;

gboolean            _ag_ppocr_find_models      (char              **dir);
AgPpocr            *_ag_ppocr_new              (const char         *model_dir,
                                               GError            **error);
void                _ag_ppocr_free             (AgPpocr            *self);
AgRecognitionPage  *_ag_ppocr_recognize        (AgPpocr            *self,
                                               AgBitmap           *bitmap,
                                               const AgRect       *crop,
                                               GCancellable       *cancellable,
                                               GError            **error);
GPtrArray          *_ag_ppocr_read_boxes       (AgPpocr            *self,
                                               AgBitmap           *bitmap,
                                               const AgRect       *boxes,
                                               guint               n_boxes,
                                               GCancellable       *cancellable,
                                               GError            **error);

void                _ag_ppocr_load_detector    (AgPpocr            *self);

/* AgEngine's hook: the automatic choice and the page read with PP-OCR. */
AgPpocr            *_ag_ppocr_get_default      (GError            **error);
gboolean            _ag_ppocr_looks_like_photo (AgBitmap           *bitmap);
gboolean            _ag_ppocr_image_looks_like_photo (GBytes       *encoded);
void                _ag_ppocr_warm_for_photo   (void);
gboolean            _ag_ppocr_page_has_columns (AgRecognitionPage  *page);
gboolean            _ag_ppocr_may_choose       (const char         *languages);
gboolean            _ag_ppocr_choose           (AgEngineKind        kind,
                                               const char         *languages,
                                               AgBitmap           *bitmap,
                                               gboolean            pdf_page,
                                               gboolean            vertical,
                                               char              **note);
AgRecognitionPage  *_ag_ppocr_try_page         (AgRecognizeOptions *options,
                                               const char         *languages,
                                               AgBitmap           *bitmap,
                                               guint               index,
                                               gboolean            pdf_page,
                                               GArray             *regions,
                                               GCancellable       *cancellable,
                                               char              **note,
                                               GError            **error);
gboolean            _ag_ppocr_check_may_run    (AgRecognizeOptions *options,
                                               const char         *languages);
gboolean            _ag_ppocr_check_has_unsure (AgRecognitionPage  *page,
                                               const char         *languages);
void                _ag_ppocr_check_assume_sure (AgRecognitionPage *page,
                                                const char        *languages);
void                _ag_ppocr_warm             (void);
guint               _ag_ppocr_check_words      (AgRecognizeOptions *options,
                                               const char         *languages,
                                               AgBitmap           *bitmap,
                                               AgRecognitionPage  *page,
                                               GCancellable       *cancellable);

/* The steps of recognition, for the tests. */
GArray             *_ag_ppocr_detect           (AgPpocr            *self,
                                               AgBitmap           *bitmap,
                                               GError            **error);
GArray             *_ag_ppocr_boxes_from_map   (const float        *map,
                                               int                 width,
                                               int                 height,
                                               double              scale_x,
                                               double              scale_y);
GArray             *_ag_ppocr_ctc_decode       (const float        *probs,
                                               int                 n_steps,
                                               int                 n_classes);
const char         *_ag_ppocr_get_key          (AgPpocr            *self,
                                               int                 index);
float              *_ag_ppocr_run_net          (AgPpocr            *self,
                                               AgPpocrNet          net,
                                               const float        *input,
                                               int                 height,
                                               int                 width,
                                               gsize              *n_values,
                                               GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgPpocr, _ag_ppocr_free)

G_END_DECLS
