/* ag-page.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "model/ag-bitmap.h"
#include "model/ag-recognition.h"
#include "model/ag-region.h"

G_BEGIN_DECLS

#define AG_TYPE_PAGE (ag_page_get_type ())

/**
 * AgPageKind:
 * @AG_PAGE_KIND_IMAGE: a decoded raster image (photo, scan, screenshot)
 * @AG_PAGE_KIND_PDF: a PDF page, rendered on demand
 */
typedef enum
{
  AG_PAGE_KIND_IMAGE,
  AG_PAGE_KIND_PDF,
} AgPageKind;

G_DECLARE_FINAL_TYPE (AgPage, ag_page, AG, PAGE, GObject)

AgPageKind  ag_page_get_kind              (AgPage               *self);
guint       ag_page_get_index             (AgPage               *self);
void        ag_page_get_size              (AgPage               *self,
                                           double               *width,
                                           double               *height);
double      ag_page_get_native_dpi        (AgPage               *self);
gboolean    ag_page_has_text_layer        (AgPage               *self);
const char *ag_page_get_label             (AgPage               *self);

AgBitmap   *ag_page_render                (AgPage               *self,
                                           double                dpi,
                                           AgBitmapFormat        format,
                                           GCancellable         *cancellable,
                                           GError              **error);
void        ag_page_render_async          (AgPage               *self,
                                           int                   max_width,
                                           int                   max_height,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
AgBitmap   *ag_page_render_finish         (AgPage               *self,
                                           GAsyncResult         *result,
                                           GError              **error);

AgRecognitionPage *ag_page_extract_text    (AgPage              *self,
                                            const AgRect        *rect,
                                            int                  region,
                                            GError             **error);
GArray            *ag_page_dup_image_areas (AgPage              *self);

G_END_DECLS
