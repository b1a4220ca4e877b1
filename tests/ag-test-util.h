/* ag-test-util.h — helpers shared by the tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Character error rate as the corpus README defines it: NFKC, then for
 * Latin text every run of white space is one space, for Chinese
 * (@cjk) all white space is removed; edit distance over the truth's
 * length. */
double           ag_test_cer                  (const char  *recognized,
                                               const char  *truth,
                                               gboolean     cjk);

/* Renders @text (lines separated by \n) with Pango in @font at @dpi, black
 * on white, with a margin.  The surface is ARGB32 and opaque. */
cairo_surface_t *ag_test_render_text          (const char  *text,
                                               const char  *font,
                                               double       dpi);

/* The same, written to a temporary PNG file; returns its path. */
char            *ag_test_render_text_png      (const char  *text,
                                               const char  *font,
                                               double       dpi);

/* A fresh temporary folder, removed at the end of the test program. */
const char      *ag_test_get_tmpdir           (void);

/* The shared corpus folder, or NULL (and the test is skipped) if absent. */
const char      *ag_test_get_corpus           (void);

char            *ag_test_read_corpus_text     (const char  *relative);

G_END_DECLS
