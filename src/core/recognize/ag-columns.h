/* ag-columns.h — the columns and characters of vertical text (internal)
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

G_BEGIN_DECLS

/* One character of a column: where its ink is on the page, and where it
 * was put on the composed image. */
typedef struct
{
  int x, y, width, height;        /* the ink, on the page */
  int slot_x, slot_width;         /* its place on its line of the composed image */
} AgColumnCell;

/* One column: the box of its ink on the page, its characters top to
 * bottom, and the band of the composed image it became. */
typedef struct
{
  int     x, y, width, height;
  double  char_size;              /* the height of a character */
  GArray *cells;                  /* AgColumnCell */
  int     band_y, band_height;    /* on the composed image */
  int     line_width;
  gboolean starts_paragraph;
} AgColumn;

void       _ag_column_free           (AgColumn   *column);

PIX       *_ag_columns_deskew        (PIX        *pix,
                                     double     *degrees);
GPtrArray *_ag_columns_find          (PIX        *pix);
PIX       *_ag_columns_compose       (PIX        *pix,
                                     GPtrArray  *columns,
                                     double      char_height);
int        _ag_columns_find_cell     (AgColumn   *column,
                                     int         x);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgColumn, _ag_column_free)

G_END_DECLS
