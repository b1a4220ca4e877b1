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
 * AgPreprocessReport:
 * @skew_degrees: the skew found and corrected, 0 if none
 * @scale: the factor the image was scaled by, 1 if not
 * @usec: time spent
 */
typedef struct
{
  double skew_degrees;
  double scale;
  gint64 usec;
} AgPreprocessReport;

PIX *ag_preprocess_run (PIX                *pix,
                        AgPreprocessReport *report);

G_END_DECLS
