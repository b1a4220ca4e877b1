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
 * %NULL; given back to the cache like the first.  @load_ahead: when there
 * is none, one is loaded for the next page. */
typedef AgTess *(*AgTwinFunc) (gpointer    data,
                               const char *languages,
                               gboolean    load_ahead);

/* Whether a page read now may use a second core. */
typedef gboolean (*AgFreeCoreFunc) (gpointer data);

/* Runs @func on another thread at once, if one is free; or not at all. */
typedef void (*AgAsideFunc) (gpointer   data,
                             void     (*func) (void));

/*
 * AgPageReader:
 * @handles: the warm Tesseract handles
 * @checkout_twin: (nullable): a second handle, when the page is read in
 *   two parts
 * @has_free_core: (nullable): whether a second core is free, without
 *   which no second handle is asked for
 * @data: for the hooks
 * @run_aside: (nullable): work that may run beside the reading (loading
 *   what comes next where the reading leaves a core free)
 */
typedef struct
{
  AgHandleCache *handles;
  AgTwinFunc     checkout_twin;
  AgFreeCoreFunc has_free_core;
  gpointer       data;
  AgAsideFunc    run_aside;
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

guint              _ag_page_reader_get_n_english_first (void);
guint              _ag_page_reader_get_n_ppocr_ahead   (void);

G_END_DECLS
