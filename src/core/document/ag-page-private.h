/* ag-page-private.h — how a page is read: the backend table, and the
 * backends of this process
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>

#include "document/ag-page.h"
#include "model/ag-recognize-options.h"

G_BEGIN_DECLS

/* PDF pages are rendered at this resolution when no other is asked for,
 * and the text layer is reported at it. */
#define AG_PAGE_PDF_DPI 300.0

typedef void (*AgPageProgressFunc) (double   fraction,
                                    gpointer user_data);

/*
 * AgPageBackend:
 * @render: the page's pixels for recognition: a PDF page at @dpi (> 0),
 *   an image at its own size
 * @render_fit: the display render, RGBA8 inside @max_width × @max_height
 *   (<= 0: no limit), never larger than an image's own size
 * @has_text_layer: (nullable): whether a PDF page carries text; %NULL for
 *   a backend whose pages never do
 * @extract_text: (nullable): that text, with word boxes in fractions of
 *   the page
 * @image_areas: (nullable): where the page draws pictures, an #AgRect in
 *   fractions of the page for each, without decoding them; %NULL for a
 *   backend whose pages are pictures themselves
 * @recognize: (nullable): reads the page itself — the sandboxed worker
 *   does; %NULL lets the engine of this process read the pixels @render
 *   gives
 * @free: frees the backend's data
 *
 * What a page is read through.  Every function may be called from any
 * thread, for several pages of a document at once; @data is what the
 * backend gave _ag_page_new().
 */
typedef struct
{
  AgBitmap          *(*render)         (AgPage              *page,
                                        gpointer             data,
                                        double               dpi,
                                        AgBitmapFormat       format,
                                        GCancellable        *cancellable,
                                        GError             **error);
  AgBitmap          *(*render_fit)     (AgPage              *page,
                                        gpointer             data,
                                        int                  max_width,
                                        int                  max_height,
                                        GCancellable        *cancellable,
                                        GError             **error);
  gboolean           (*has_text_layer) (AgPage              *page,
                                        gpointer             data);
  AgRecognitionPage *(*extract_text)   (AgPage              *page,
                                        gpointer             data,
                                        const AgRect        *rect,
                                        int                  region,
                                        GError             **error);
  GArray            *(*image_areas)    (AgPage              *page,
                                        gpointer             data);
  AgRecognitionPage *(*recognize)      (AgPage              *page,
                                        gpointer             data,
                                        const char          *languages,
                                        AgRecognizeOptions  *options,
                                        GArray              *regions,
                                        AgPageProgressFunc   progress,
                                        gpointer             progress_data,
                                        GCancellable        *cancellable,
                                        GError             **error);
  void               (*free)           (gpointer             data);
} AgPageBackend;

AgPage            *_ag_page_new               (const AgPageBackend *backend,
                                               gpointer             data,
                                               AgPageKind           kind,
                                               guint                index,
                                               double               width,
                                               double               height,
                                               double               native_dpi,
                                               const char          *label);
AgBitmap          *_ag_page_render_fit        (AgPage              *self,
                                               int                  max_width,
                                               int                  max_height,
                                               GCancellable        *cancellable,
                                               GError             **error);
gboolean           _ag_page_recognizes_itself (AgPage              *self);
AgRecognitionPage *_ag_page_recognize         (AgPage              *self,
                                               const char          *languages,
                                               AgRecognizeOptions  *options,
                                               GArray              *regions,
                                               AgPageProgressFunc   progress,
                                               gpointer             progress_data,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* For the backends. */
void               _ag_page_set_out_of_memory (AgPage              *self,
                                               GError             **error);
double             _ag_fit_scale              (double               width,
                                               double               height,
                                               int                  max_width,
                                               int                  max_height);

/* Images in this process (ag-page-image.c). */
AgPage            *_ag_page_new_image         (AgBitmap            *rgba,
                                               double               dpi,
                                               guint                index,
                                               const char          *label);
AgPage            *_ag_page_new_tiff          (GBytes              *tiff,
                                               guint                index,
                                               int                  width,
                                               int                  height,
                                               double               dpi,
                                               const char          *label);
AgBitmap          *_ag_bitmap_new_from_pixbuf (GdkPixbuf           *pixbuf);

/*
 * PDF pages in this process (ag-page-pdf.c).  One opened PDF is shared by
 * all its pages.  Poppler is not thread-safe: the engine renders several
 * pages at once, of one document or of several (airgap-ocr a.pdf b.pdf),
 * and Poppler's documents share state (its Cairo output keeps one
 * FreeType library for the whole process).  So every call into Poppler,
 * for any document, holds one process-wide lock.  Rendering is a small
 * part of a page's time next to recognition.
 */
typedef struct _AgPdfSource AgPdfSource;

void               _ag_poppler_lock           (void);
void               _ag_poppler_unlock         (void);

AgPdfSource       *_ag_pdf_source_new         (PopplerDocument     *document);
AgPdfSource       *_ag_pdf_source_ref         (AgPdfSource         *source);
void               _ag_pdf_source_unref       (AgPdfSource         *source);
AgPage            *_ag_page_new_pdf           (AgPdfSource         *source,
                                               PopplerPage         *page,
                                               guint                index,
                                               const char          *label);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgPdfSource, _ag_pdf_source_unref)

G_END_DECLS
