/* ag-export-writers-private.h — the writers, one a format, as the dispatcher lists them
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

/* Writes @recognition in one format into memory; @document, @cancellable
 * and @error as ag_export_to_bytes() takes them. */
typedef GBytes *(*AgExportWriteFunc) (AgRecognition  *recognition,
                                      AgDocument     *document,
                                      AgExportFlags   flags,
                                      GCancellable   *cancellable,
                                      GError        **error);

/* A format in ag-export.c's table of writers. */
typedef struct
{
  AgExportFormat     format;
  const char        *extensions[4];  /* the usual one first; %NULL after the last */
  const char        *mime_type;
  AgExportWriteFunc  write;
} AgExportWriter;

GBytes                 *_ag_export_text                (AgRecognition       *recognition,
                                                        AgDocument          *document,
                                                        AgExportFlags        flags,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
GBytes                 *_ag_export_json                (AgRecognition       *recognition,
                                                        AgDocument          *document,
                                                        AgExportFlags        flags,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
GBytes                 *_ag_export_hocr                (AgRecognition       *recognition,
                                                        AgDocument          *document,
                                                        AgExportFlags        flags,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
GBytes                 *_ag_export_odt                 (AgRecognition       *recognition,
                                                        AgDocument          *document,
                                                        AgExportFlags        flags,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
GBytes                 *_ag_export_docx                (AgRecognition       *recognition,
                                                        AgDocument          *document,
                                                        AgExportFlags        flags,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
GBytes                 *_ag_export_ods                 (AgRecognition       *recognition,
                                                        AgDocument          *document,
                                                        AgExportFlags        flags,
                                                        GCancellable        *cancellable,
                                                        GError             **error);
GBytes                 *_ag_export_pdf                 (AgRecognition       *recognition,
                                                        AgDocument          *document,
                                                        AgExportFlags        flags,
                                                        GCancellable        *cancellable,
                                                        GError             **error);

G_END_DECLS
