/* ag-ppocr-module.h — between the core and the PP-OCR module
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gmodule.h>

#include "recognize/ppocr/ag-ppocr.h"

G_BEGIN_DECLS

/*
 * PP-OCR (ag-ppocr-module.cpp) and OpenCV live in a loadable module,
 * libairgap-ppocr.so, opened by ag-ppocr-loader.c the first time a page
 * is really read with PP-OCR: a program that never uses it never maps
 * OpenCV, libstdc++ or libquadmath (README, "Speed").
 *
 * The module does not link libagcore.  The loader hands it the few core
 * functions it calls (AgPpocrCore); ag-ppocr-module-core.c gives them
 * their usual names inside the module.  The module answers with its own
 * functions (AgPpocrModule).  Both sides check the ABI number, so a module
 * left over from another build is refused instead of crashing.
 */

#define AG_PPOCR_MODULE_ABI    3
#define AG_PPOCR_MODULE_SYMBOL "ag_ppocr_module_init"

/* The files of a complete set of models, detector, classifier and
 * recogniser first (AgPpocrNet order), then the key list.  The loader
 * checks they are there before it hands the folder to the module. */
#define AG_PPOCR_MODEL_FILES \
  { "ppocr-det.onnx", "ppocr-cls.onnx", "ppocr-rec.onnx", "ppocr-keys.txt" }

typedef struct
{
  guint               abi;

  AgBitmapFormat    (*bitmap_get_format)        (const AgBitmap     *self);
  int               (*bitmap_get_width)         (const AgBitmap     *self);
  int               (*bitmap_get_height)        (const AgBitmap     *self);
  gsize             (*bitmap_get_stride)        (const AgBitmap     *self);
  GBytes           *(*bitmap_get_pixels)        (const AgBitmap     *self);
  double            (*bitmap_get_dpi)           (const AgBitmap     *self);
  AgRecognitionPage*(*recognition_page_new)     (guint               index,
                                                 int                 width,
                                                 int                 height,
                                                 double              dpi,
                                                 AgRecognitionSource source);
  void              (*recognition_page_free)    (AgRecognitionPage  *page);
  AgBlock          *(*block_new)                (int                 region);
  AgLine           *(*line_new)                 (void);
  void              (*line_free)                (AgLine             *line);
  AgWord           *(*word_new)                 (const char         *text,
                                                 const AgRect       *box,
                                                 float               confidence);
  void              (*rect_clamp)               (AgRect             *self);
  void              (*rect_to_pixels)           (const AgRect       *self,
                                                 int                 width,
                                                 int                 height,
                                                 int                *x,
                                                 int                *y,
                                                 int                *w,
                                                 int                *h);
  void              (*rect_from_pixels)         (AgRect             *self,
                                                 int                 width,
                                                 int                 height,
                                                 double              x,
                                                 double              y,
                                                 double              w,
                                                 double              h);
  GQuark            (*engine_error_quark)       (void);
} AgPpocrCore;

typedef struct
{
  guint               abi;

  AgPpocr          *(*new_)                     (const char         *model_dir,
                                                 GError            **error);
  void              (*free)                     (AgPpocr            *self);
  AgRecognitionPage*(*recognize)                (AgPpocr            *self,
                                                 AgBitmap           *bitmap,
                                                 const AgRect       *crop,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
  GArray           *(*detect)                   (AgPpocr            *self,
                                                 AgBitmap           *bitmap,
                                                 GError            **error);
  GArray           *(*ctc_decode)               (const float        *probs,
                                                 int                 n_steps,
                                                 int                 n_classes);
  GArray           *(*boxes_from_map)           (const float        *map,
                                                 int                 width,
                                                 int                 height,
                                                 double              scale_x,
                                                 double              scale_y);
  const char       *(*get_key)                  (AgPpocr            *self,
                                                 int                 index);
  float            *(*run_net)                  (AgPpocr            *self,
                                                 AgPpocrNet          net,
                                                 const float        *input,
                                                 int                 height,
                                                 int                 width,
                                                 gsize              *n_values,
                                                 GError            **error);
  GPtrArray        *(*read_boxes)               (AgPpocr            *self,
                                                 AgBitmap           *bitmap,
                                                 const AgRect       *boxes,
                                                 guint               n_boxes,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
  void              (*load_detector)            (AgPpocr            *self);
} AgPpocrModule;

typedef const AgPpocrModule *(*AgPpocrModuleInit) (const AgPpocrCore *core);

/* inside the module: the table ag_ppocr_module_init() was given */
extern const AgPpocrCore *_ag_ppocr_core;

/* the module's one exported symbol */
G_MODULE_EXPORT const AgPpocrModule *ag_ppocr_module_init (const AgPpocrCore *core);

G_END_DECLS
