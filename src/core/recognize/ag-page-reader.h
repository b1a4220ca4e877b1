/* ag-page-reader.h — the policy for one page read in this process
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "document/ag-page.h"
#include "model/ag-recognition.h"
#include "model/ag-recognize-options.h"
#include "recognize/ag-handle-cache.h"

G_BEGIN_DECLS

/* A second Tesseract handle for a page read alone (on two cores), or
 * %NULL; given back to the cache like the first. */
typedef AgTess *(*AgTwinFunc) (gpointer    data,
                               const char *languages);

/*
 * AgPageReader:
 * @handles: the warm Tesseract handles
 * @checkout_twin: (nullable): a second handle, when the page may be read
 *   in two parts
 */
typedef struct
{
  AgHandleCache *handles;
  AgTwinFunc     checkout_twin;
  gpointer       twin_data;
} AgPageReader;

AgRecognitionPage *_ag_page_reader_read (const AgPageReader  *self,
                                         AgPage              *page,
                                         AgBitmap            *given,
                                         guint                index,
                                         const char          *languages,
                                         AgRecognizeOptions  *options,
                                         GArray              *regions,
                                         AgTessProgressFunc   progress_func,
                                         gpointer             progress_data,
                                         GCancellable        *cancellable,
                                         GError             **error);

G_END_DECLS
