/* ag-orient.h — page orientation and writing direction (internal)
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>
#include "recognize/tesseract/ag-tess-api.h"

#include "model/ag-region.h"

G_BEGIN_DECLS

int       _ag_orient_estimate_text_height (PIX          *pix);
gboolean  _ag_orient_looks_vertical       (PIX          *pix);
gboolean  _ag_orient_detect               (TessBaseAPI  *osd,
                                          PIX          *pix,
                                          int          *rotate_cw,
                                          float        *confidence);
gboolean  _ag_orient_detect_script        (TessBaseAPI  *osd,
                                          PIX          *pix,
                                          int          *turn_cw,
                                          float        *confidence,
                                          const char  **script,
                                          float        *script_confidence);
guint     _ag_orient_get_n_detections     (void);
gboolean  _ag_orient_turn_trusted         (int           turn_cw,
                                          float         confidence);
PIX      *_ag_orient_rotate               (PIX          *pix,
                                          int           rotate_cw);
void      _ag_orient_unrotate_rect        (AgRect       *rect,
                                          int           rotate_cw);

G_END_DECLS
