/* ag-export.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "document/ag-document.h"
#include "export/ag-export-format.h"
#include "model/ag-recognition.h"

G_BEGIN_DECLS

gboolean        ag_export_format_from_name   (const char      *filename,
                                              AgExportFormat  *format);
const char     *ag_export_format_get_extension (AgExportFormat format);
const char     *ag_export_format_get_mime_type (AgExportFormat format);
GBytes         *ag_export_to_bytes           (AgRecognition   *recognition,
                                              AgDocument      *document,
                                              AgExportFormat   format,
                                              AgExportFlags    flags,
                                              GCancellable    *cancellable,
                                              GError         **error);
gboolean        ag_export_write              (AgRecognition   *recognition,
                                              AgDocument      *document,
                                              AgExportFormat   format,
                                              AgExportFlags    flags,
                                              GFile           *file,
                                              GCancellable    *cancellable,
                                              GError         **error);
void            ag_export_write_async        (AgRecognition   *recognition,
                                              AgDocument      *document,
                                              AgExportFormat   format,
                                              AgExportFlags    flags,
                                              GFile           *file,
                                              GCancellable    *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer         user_data);
gboolean        ag_export_write_finish       (GAsyncResult    *result,
                                              GError         **error);
gboolean        ag_export_replace_file       (GFile           *file,
                                              GBytes          *bytes,
                                              GCancellable    *cancellable,
                                              GError         **error);
void            ag_export_replace_file_async (GFile           *file,
                                              GBytes          *bytes,
                                              GCancellable    *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer         user_data);
gboolean        ag_export_replace_file_finish (GAsyncResult   *result,
                                              GError         **error);

char           *ag_export_dup_html           (AgRecognition   *recognition,
                                              AgExportFlags    flags);
char           *ag_export_dup_block_html     (AgRecognitionPage *page,
                                              AgBlock         *block,
                                              AgExportFlags    flags);

G_END_DECLS
