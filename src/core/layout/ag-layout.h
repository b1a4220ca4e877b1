/* ag-layout.h — a page's lines grouped into headings, paragraphs and tables
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "model/ag-bitmap.h"
#include "model/ag-recognition.h"

G_BEGIN_DECLS

void      ag_layout_analyze_lines  (AgRecognitionPage *page,
                                    AgBitmap          *bitmap);
GArray   *ag_layout_find_ruled_cells (AgRecognitionPage *page,
                                      AgBitmap          *bitmap);
void      ag_layout_forget_page    (void);

G_END_DECLS
