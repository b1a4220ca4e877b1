/* ag-codes-private.h — the C face of zxing-cpp, with no GLib in it
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A code found: its payload (UTF-8, NUL-terminated), its symbology as
 * zxing-cpp names it, and its corners in pixels of the image given,
 * clockwise from its own top-left (a code on its side has that corner
 * anywhere). */
typedef struct
{
  char   *text;
  char   *symbology;
  int     x[4];
  int     y[4];
} AgCodeFound;

/* Pixel layouts the reader takes, as AgBitmapFormat has them. */
typedef enum
{
  AG_CODES_PIXELS_GRAY8,
  AG_CODES_PIXELS_RGBA8,
} AgCodesPixels;

/* Every code in @width × @height pixels of @layout, rows @stride bytes
 * apart.  Returns how many were found and stores them in *@found (NULL
 * for none), to be freed with _ag_codes_found_free(); -1 if zxing-cpp
 * failed (it threw), with nothing stored. */
int           _ag_codes_zxing_read   (const unsigned char  *pixels,
                                      int                   width,
                                      int                   height,
                                      size_t                stride,
                                      AgCodesPixels         layout,
                                      AgCodeFound         **found);
void          _ag_codes_found_free   (AgCodeFound          *found,
                                      int                   n_found);
const char   *_ag_codes_zxing_version (void);

#ifdef __cplusplus
}
#endif
