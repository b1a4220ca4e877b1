/* ag-page-private.h — how AgDocument makes its pages
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>

#include "document/ag-page.h"

G_BEGIN_DECLS

/*
 * One opened PDF, shared by all its pages.  Poppler is not thread-safe:
 * the engine renders several pages at once, of one document or of several
 * (airgap-ocr a.pdf b.pdf), and Poppler's documents share state (its
 * Cairo output keeps one FreeType library for the whole process).  So
 * every call into Poppler, for any document, holds one process-wide lock.
 * Rendering is a small part of a page's time next to recognition.
 */
typedef struct _AgPdfSource AgPdfSource;

void         _ag_poppler_lock           (void);
void         _ag_poppler_unlock         (void);

AgPdfSource *_ag_pdf_source_new         (PopplerDocument *document);
AgPdfSource *_ag_pdf_source_ref         (AgPdfSource     *source);
void         _ag_pdf_source_unref       (AgPdfSource     *source);

AgPage      *_ag_page_new_image         (AgBitmap        *rgba,
                                         double           dpi,
                                         guint            index,
                                         const char      *label);
AgPage      *_ag_page_new_tiff          (GBytes          *tiff,
                                         guint            index,
                                         int              width,
                                         int              height,
                                         double           dpi,
                                         const char      *label);
AgPage      *_ag_page_new_pdf           (AgPdfSource     *source,
                                         PopplerPage     *page,
                                         guint            index,
                                         const char      *label);

AgBitmap    *_ag_bitmap_new_from_pixbuf (GdkPixbuf       *pixbuf);

/* A page of a document opened in a sandboxed worker (ag-worker-pool.c). */
typedef struct _AgRemoteDoc AgRemoteDoc;

AgPage      *_ag_page_new_remote        (AgRemoteDoc     *remote,
                                         guint            index,
                                         guint            kind,
                                         double           width,
                                         double           height,
                                         double           dpi,
                                         const char      *label);
AgRemoteDoc *_ag_page_get_remote        (AgPage          *page);
AgBitmap    *_ag_page_render_fit        (AgPage          *self,
                                         int              max_width,
                                         int              max_height,
                                         GCancellable    *cancellable,
                                         GError         **error);
void         _ag_document_set_memory_limited (gboolean    limited);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgPdfSource, _ag_pdf_source_unref)

G_END_DECLS
