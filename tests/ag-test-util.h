/* ag-test-util.h — helpers shared by the tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "document/ag-document.h"
#include "model/ag-bitmap.h"

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

/* CRC-32 as PNG and zlib use it. */
guint32          ag_test_crc32                (const guint8 *data,
                                               gsize         size);

/* A PNG file's bytes, written by hand so any bit depth and colour type can
 * be made: @rows holds @height rows of @row_bytes bytes each, unfiltered.
 * The header declares @width × @height; the data is stored uncompressed. */
GBytes          *ag_test_make_png             (int           width,
                                               int           height,
                                               int           bit_depth,
                                               int           color_type,
                                               const guint8 *rows,
                                               gsize         row_bytes);

/* Writes @bytes to a file called @name in the test folder; returns its
 * path. */
char            *ag_test_write_file           (const char   *name,
                                               GBytes       *bytes);

/* Renders @text as ag_test_render_text() does, to a binary PPM file
 * (P6) in the test folder, as a scanner (SANE's pnm driver) would see
 * the page; returns its path. */
char            *ag_test_write_ppm            (const char   *name,
                                               const char   *text,
                                               const char   *font,
                                               double        dpi);

/* Writes a PDF with real text (a text layer): one page per string of
 * @pages, 72 pt from the top-left corner, in @font (a Pango description
 * such as "DejaVu Sans 24"), A5 pages.  Returns its path. */
char            *ag_test_write_text_pdf       (const char   *name,
                                               const char * const *pages,
                                               const char   *font);

/* Encrypts @path with qpdf (AES-256) into @name in the test folder;
 * returns its path, or NULL when qpdf is missing. */
char            *ag_test_encrypt_pdf          (const char   *path,
                                               const char   *name,
                                               const char   *user_password,
                                               const char   *owner_password);

/* The same JPEG with an EXIF APP1 segment carrying @orientation (1..8)
 * right after the start marker. */
GBytes          *ag_test_jpeg_with_orientation (GBytes      *jpeg,
                                                int          orientation);

/* A GIF of @width × @height pixels, each 0 (white) or 1 (black). */
GBytes          *ag_test_make_gif             (int           width,
                                               int           height,
                                               const guint8 *indices);

/* A Leptonica 8-bit grey image of an ARGB32 @surface (the mean of red,
 * green and blue). */
struct Pix      *ag_test_pix_from_surface     (cairo_surface_t *surface);

AgBitmap        *ag_test_bitmap_from_surface  (cairo_surface_t *surface,
                                               double           dpi);

/* A document opened from @path, or from @bytes named @name; the test
 * fails if it cannot be opened. */
AgDocument      *ag_test_open_path            (const char      *path);
AgDocument      *ag_test_open_bytes           (GBytes          *bytes,
                                               const char      *name);

/* Counts the log messages (debug ones included) that contain @needle,
 * from now on, passing each on to GLib's own writer: call it in main()
 * before g_test_init(), once. */
void             ag_test_count_log_messages   (const char      *needle);
guint            ag_test_get_n_log_messages   (void);
void             ag_test_reset_n_log_messages (void);
/* … or records the order of the messages that contain any of up to four
 * needles (%NULL-terminated), a letter each, 'A' for the first (which is
 * also counted); ag_test_take_log_record() returns the letters so far
 * and starts again.  Instead of ag_test_count_log_messages(). */
void             ag_test_record_log_messages  (const char * const *needles);
char            *ag_test_take_log_record      (void);

G_END_DECLS
