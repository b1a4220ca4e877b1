/* ag-sniff.h — what a file is, from its first bytes, and whether it is whole
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean _ag_sniff_is_pdf              (const guint8 *data,
                                        gsize         size);
gboolean _ag_sniff_is_tiff             (const guint8 *data,
                                        gsize         size);
gboolean _ag_sniff_looks_like_image    (const guint8 *data,
                                        gsize         size);
gboolean _ag_sniff_gif_has_empty_frame (const guint8 *data,
                                        gsize         size);
gboolean _ag_sniff_bmp_has_bad_header  (const guint8 *data,
                                        gsize         size);
gboolean _ag_sniff_image_is_complete   (const guint8 *data,
                                        gsize         size);
gboolean _ag_sniff_pdf_is_complete     (const guint8 *data,
                                        gsize         size);
guint    _ag_sniff_jpeg_orientation    (const guint8 *data,
                                        gsize         size);

G_END_DECLS
