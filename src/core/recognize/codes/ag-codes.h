/* ag-codes.h — QR codes and barcodes on a page
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "model/ag-bitmap.h"
#include "model/ag-recognition.h"
#include "model/ag-recognize-options.h"
#include "model/ag-region.h"

G_BEGIN_DECLS

/*
 * Internal to the core.  Every page recognised from pixels is also
 * searched for codes (zxing-cpp, ag-codes-zxing.cpp): each code found
 * becomes a block of its own (AG_BLOCK_KIND_CODE) with its exact payload.
 * A payload is text and nothing else: a URL in a code is never opened.
 * A page read from its text layer is searched only where it draws
 * pictures (ag_codes_read_areas()).
 */

gboolean           ag_codes_available  (void);
const char        *ag_codes_get_version (void);
GPtrArray         *ag_codes_read       (AgBitmap            *bitmap,
                                        const AgRect        *crop,
                                        int                  region);
AgRecognitionPage *ag_codes_read_page  (AgRecognitionPage   *page,
                                        AgBitmap            *bitmap,
                                        AgRecognizeOptions  *options,
                                        GArray              *regions,
                                        GCancellable        *cancellable);
void               ag_codes_search_ahead (AgBitmap          *bitmap,
                                          AgRecognizeOptions *options,
                                          GArray             *regions);
void               ag_codes_forget_ahead (void);
guint              _ag_codes_get_n_searches (guint          *n_taken_ahead);
AgRecognitionPage *ag_codes_read_areas (AgRecognitionPage   *page,
                                        AgBitmap            *bitmap,
                                        GArray              *areas,
                                        AgRecognizeOptions  *options,
                                        GArray              *regions,
                                        GCancellable        *cancellable);

G_END_DECLS
