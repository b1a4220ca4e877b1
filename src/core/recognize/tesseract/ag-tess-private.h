/* ag-tess-private.h — what the files of one Tesseract reading share
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <leptonica/allheaders.h>

#include "recognize/ag-preprocess.h"
#include "recognize/ag-split.h"
#include "recognize/tesseract/ag-tess-api.h"
#include "recognize/tesseract/ag-tess.h"

G_BEGIN_DECLS

/* Tesseract's progress and cancel callback for one recognition. */
typedef struct
{
  ETEXT_DESC         *monitor;
  GCancellable       *cancellable;
  AgTessProgressFunc  progress;
  gpointer            progress_data;
  int                 last_progress;
} AgTessMonitor;

/* Where a box of the image Tesseract read lies on the page: undo the turn
 * made for orientation, then the preprocessing, then the crop. */
typedef struct
{
  int                crop_x, crop_y;
  double             seen_width, seen_height;
  AgPreprocessReport report;
  int                page_width, page_height;
  int                rotate_cw;                 /* the image read was turned so */
  double             turned_width, turned_height;
  double             column_skew;               /* columns straightened by so many degrees */
  int                offset_x, offset_y;        /* the image read was cut from there */
} AgTessMapping;

/* ag-tess.c: the handle and one reading */
void       _ag_tess_ensure_quiet         (void);
bool       _ag_tess_monitor_cancel_cb    (void                *cancel_this,
                                          int                  words);
gboolean   _ag_tess_read_image           (TessBaseAPI         *api,
                                          PIX                 *image,
                                          double               dpi,
                                          TessPageSegMode      mode,
                                          const AgTessMapping *mapping,
                                          int                  region,
                                          gboolean             vertical,
                                          AgRecognitionPage   *page,
                                          AgTessMonitor       *monitor,
                                          GCancellable        *cancellable,
                                          GError             **error);

TessBaseAPI *_ag_tess_get_horizontal_api (AgTess             *tess);

/* ag-tess-pix.c */
PIX       *_ag_tess_clip_pix             (PIX                 *pix,
                                          int                  x,
                                          int                  y,
                                          int                  w,
                                          int                  h);

/* ag-tess-collect.c */
void       _ag_tess_map_box              (const AgTessMapping *m,
                                          int                  left,
                                          int                  top,
                                          int                  right,
                                          int                  bottom,
                                          AgRect              *rect);
void       _ag_tess_collect_results      (TessBaseAPI         *api,
                                          const AgTessMapping *mapping,
                                          int                  region,
                                          gboolean             vertical,
                                          AgRecognitionPage   *page);
void       _ag_tess_steal_all            (GPtrArray           *from,
                                          GPtrArray           *to);
void       _ag_tess_move_blocks          (AgRecognitionPage   *from,
                                          AgRecognitionPage   *to);

/* ag-tess-vertical.c */
gboolean   _ag_tess_read_columns         (TessBaseAPI         *api,
                                          TessBaseAPI         *vertical,
                                          PIX                 *image,
                                          GPtrArray           *columns,
                                          const AgTessMapping *mapping,
                                          int                  region,
                                          AgRecognitionPage   *page,
                                          AgTessMonitor       *monitor,
                                          GCancellable        *cancellable,
                                          GError             **error);

/* ag-tess-halves.c */
gboolean   _ag_tess_read_image_halves    (TessBaseAPI         *api,
                                          TessBaseAPI         *twin,
                                          PIX                 *image,
                                          double               dpi,
                                          const AgSplit       *split,
                                          const AgTessMapping *mapping,
                                          int                  region,
                                          AgRecognitionPage   *page,
                                          AgTessMonitor       *monitor,
                                          AgTessIdleFunc       idle_func,
                                          gpointer             idle_data,
                                          GCancellable        *cancellable,
                                          GError             **error);

G_END_DECLS
