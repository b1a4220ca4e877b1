/* ag-image-leptonica.h — images decoded by Leptonica, where gdk-pixbuf cannot
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "model/ag-bitmap.h"

G_BEGIN_DECLS

struct Pix;

typedef enum
{
  AG_LEPTONICA_DECODED,
  AG_LEPTONICA_UNKNOWN_FORMAT,
  AG_LEPTONICA_TOO_LARGE,
  AG_LEPTONICA_CORRUPT,
  AG_LEPTONICA_NO_MEMORY,
} AgLeptonicaResult;

gboolean          _ag_leptonica_knows_format (const guint8  *data,
                                              gsize          size);
AgLeptonicaResult _ag_leptonica_decode       (const guint8  *data,
                                              gsize          size,
                                              gboolean       complete,
                                              gint64         max_pixels,
                                              AgBitmap     **rgba,
                                              double        *dpi,
                                              int           *width,
                                              int           *height);
AgBitmap         *_ag_leptonica_decode_small (const guint8  *data,
                                              gsize          size,
                                              int            min_side,
                                              gint64         max_pixels);
AgBitmap         *_ag_bitmap_new_from_pix    (struct Pix    *pix,
                                              gboolean      *out_of_memory);

G_END_DECLS
