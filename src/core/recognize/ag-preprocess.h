/* ag-preprocess.h — making photos readable before recognition (internal)
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

G_BEGIN_DECLS

/**
 * AgPreprocessSteps:
 * @AG_PREPROCESS_INVERTED: light text on a dark ground was inverted
 * @AG_PREPROCESS_BACKGROUND: uneven light was divided out
 * @AG_PREPROCESS_DESKEWED: the image was rotated by @skew_degrees
 * @AG_PREPROCESS_SCALED: the image was scaled by @scale
 * @AG_PREPROCESS_TURNED: the page was turned by @quadrants × 90° clockwise
 */
typedef enum
{
  AG_PREPROCESS_INVERTED   = 1 << 0,
  AG_PREPROCESS_BACKGROUND = 1 << 1,
  AG_PREPROCESS_DESKEWED   = 1 << 2,
  AG_PREPROCESS_SCALED     = 1 << 3,
  AG_PREPROCESS_TURNED     = 1 << 4,
} AgPreprocessSteps;

/**
 * AgPreprocessReport:
 * @skew_degrees: the skew found and corrected (clockwise), 0 if none
 * @scale: the factor the image was scaled by, 1 if not
 * @usec: time spent
 * @steps: the #AgPreprocessSteps that were applied
 * @text_height: height of the taller characters before scaling, in pixels (0: unknown)
 * @input_width: width of the input
 * @input_height: height of the input
 * @quadrants: 0..3, how often the page was turned by 90° clockwise
 * @turned_width: width after turning
 * @turned_height: height after turning
 * @rotated_width: width after deskewing (before scaling and border)
 * @rotated_height: height after deskewing
 * @border: the white border added on each side, in output pixels
 *
 * Boxes found on the output map back to the input with
 * _ag_preprocess_report_map_box(), not by dividing by @scale alone.
 */
typedef struct
{
  double skew_degrees;
  double scale;
  gint64 usec;
  guint  steps;
  double text_height;
  int    input_width;
  int    input_height;
  int    quadrants;
  int    turned_width;
  int    turned_height;
  int    rotated_width;
  int    rotated_height;
  int    border;
} AgPreprocessReport;

PIX  *_ag_preprocess_run            (PIX                      *pix,
                                    AgPreprocessReport       *report);
PIX  *_ag_preprocess_run_for        (PIX                      *pix,
                                    gboolean                  cjk,
                                    AgPreprocessReport       *report);
void  _ag_preprocess_report_map_box (const AgPreprocessReport *report,
                                    int                      *x,
                                    int                      *y,
                                    int                      *width,
                                    int                      *height);
double _ag_preprocess_report_dpi    (const AgPreprocessReport *report,
                                    double                    dpi);

G_END_DECLS
