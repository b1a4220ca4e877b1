/* ag-preprocess.c — making photos readable before recognition
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* STUB: returns a copy of the image; the pipeline is to be implemented. */

#include "config.h"

#include "ag-preprocess.h"

/**
 * ag_preprocess_run:
 * @pix: the page or region as cropped from the original, any depth
 * @report: (out) (optional): what was done
 *
 * Returns: (transfer full): a new image to hand to Tesseract
 */
PIX *
ag_preprocess_run (PIX                *pix,
                   AgPreprocessReport *report)
{
  if (report != NULL)
    *report = (AgPreprocessReport) { 0.0, 1.0, 0 };

  return pixClone (pix);
}
