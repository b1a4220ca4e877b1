/* ag-split.h — where a page of lines can be cut in two (internal)
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
 * AgSplit:
 * @y: the first row of the lower part
 * @line_height: the usual height of a line of text, in pixels
 * @in_paragraph: the cut falls between two lines of one paragraph (the
 *   gap is no wider than the usual gap between lines)
 *
 * A cut across a page of text, through white space only.
 */
typedef struct
{
  int      y;
  int      line_height;
  gboolean in_paragraph;
  gboolean sideways;   /* no cut: the lines seem to run down the page */
} AgSplit;

gboolean  _ag_split_find             (PIX      *pix,
                                     AgSplit  *split);
gboolean  _ag_split_lines_look_han  (PIX      *pix);

G_END_DECLS
