/* ag-leptonica-private.h — g_autoptr() for Leptonica's types (internal)
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

#include "model/ag-region.h"

G_BEGIN_DECLS

/* Leptonica's destructors take the address of the pointer. */
static inline void _ag_pix_free (PIX *pix) { pixDestroy (&pix); }
static inline void _ag_pixa_free (PIXA *pixa) { pixaDestroy (&pixa); }
static inline void _ag_box_free (BOX *box) { boxDestroy (&box); }
static inline void _ag_boxa_free (BOXA *boxa) { boxaDestroy (&boxa); }
static inline void _ag_numa_free (NUMA *numa) { numaDestroy (&numa); }

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PIX, _ag_pix_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PIXA, _ag_pixa_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BOX, _ag_box_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BOXA, _ag_boxa_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NUMA, _ag_numa_free)

/* The part of @pix in @rect (fractions of it, clamped to it); @pix itself
 * (a clone) where @rect is %NULL or holds no pixel. */
static inline PIX *
_ag_pix_clip_rect (PIX          *pix,
                   const AgRect *rect)
{
  PIX *part = NULL;

  if (rect != NULL)
    {
      AgRect clamped = *rect;
      int x, y, w, h;

      ag_rect_clamp (&clamped);
      ag_rect_to_pixels (&clamped, pixGetWidth (pix), pixGetHeight (pix), &x, &y, &w, &h);
      if (w >= 1 && h >= 1)
        {
          BOX *box = boxCreate (x, y, w, h);

          part = pixClipRectangle (pix, box, NULL);
          boxDestroy (&box);
        }
    }

  return part != NULL ? part : pixClone (pix);
}

G_END_DECLS
