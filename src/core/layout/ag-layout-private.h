/* ag-layout-private.h — what the layout's files share
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <leptonica/allheaders.h>

#include "model/ag-bitmap.h"
#include "model/ag-recognition.h"

G_BEGIN_DECLS

/* A line of the page, in pixels of the recognised image. */
typedef struct
{
  AgLine   *line;
  char     *text;
  int       region;
  double    x0, y0, x1, y1, cy;
  double    size;          /* a character's height */
  double    first_word;    /* the first word's width */
  double    ink;           /* mean horizontal run of ink; 0 unknown */
  double    left, right;   /* the margins of the column it is in */
  int       table;         /* index into tables, or -1 */
  gboolean  used;
} Line;

/* A straight rule: from (a0, b0) to (a1, b1) along its length; for a
 * horizontal rule a is x and b is y, for a vertical one the other way. */
typedef struct
{
  double a0, a1;
  double b0, b1;
} Rule;

typedef struct
{
  GArray *h;       /* Rule, by y */
  GArray *v;       /* Rule, by x */
  double  x0, y0, x1, y1;
  int     n_rows, n_columns;
  int    *cell_of; /* n_rows × n_columns: the merged cell each grid cell is in */
  GArray *cells;   /* AgCell (the grid's merged cells, row by row) */
  int     first;   /* the first line in it, in reading order; -1 none */
} Table;

typedef struct
{
  double    page_w, page_h;
  double    body;    /* the body text's character size */
  double    pitch;   /* the body text's line pitch */
  double    ink;     /* the body text's run of ink */
  GArray   *lines;   /* Line */
  GPtrArray *tables; /* Table */
} Layout;

/* ag-layout.c */
void     _ag_layout_add_line_box        (AgRect       *box,
                                         const AgRect *add);

/* ag-layout-tables.c: ruled tables from the page's rules, unruled ones
 * from the gaps between words */
guint    _ag_layout_get_n_binarised     (void);
PIX     *_ag_layout_binarize            (AgBitmap     *bitmap,
                                         double        page_w,
                                         double        body,
                                         double       *scale);
void     _ag_layout_find_tables         (Layout       *layout,
                                         PIX          *binary,
                                         double        scale);
void     _ag_layout_find_unruled_tables (Layout       *layout);
AgBlock *_ag_layout_make_table_block    (Layout       *layout,
                                         Table        *table,
                                         int           index);
void     _ag_layout_table_free          (Table        *table);

/* ag-layout-chinese.c */

/* A gap measured between Chinese and a Latin word or a number: @em is
 * negative where none was seen. */
typedef struct
{
  AgWord     *word;
  double      em;
  const char *before;
} AgLayoutGap;

gboolean  _ag_layout_chinese_punctuation (AgBlock *block);
void      _ag_layout_measure_gaps        (AgLine  *line,
                                          PIX     *binary,
                                          double   scale,
                                          double   page_w,
                                          double   page_h,
                                          GArray  *gaps);
void      _ag_layout_set_gaps            (GArray  *gaps);

G_END_DECLS
