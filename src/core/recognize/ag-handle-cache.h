/* ag-handle-cache.h — Tesseract handles kept warm, by language set
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "recognize/tesseract/ag-tess.h"

G_BEGIN_DECLS

/*
 * The engine's idle Tesseract handles.  A thread checks one out for a page
 * and puts it back after, so a handle is only ever used by one thread at
 * a time, stays loaded between pages and jobs, and one loaded ahead of
 * time (ag_engine_preload()) serves whichever thread takes the next page.
 * A few language sets stay warm; the least recently used is dropped.
 */
typedef struct _AgHandleCache AgHandleCache;

/* Queues the loading of one more handle of @languages on another thread. */
typedef void (*AgHandleLoadAheadFunc) (gpointer    data,
                                       const char *languages);

AgHandleCache *_ag_handle_cache_new           (guint           n_preloaded,
                                               void          (*loaded) (void));
void           _ag_handle_cache_free          (AgHandleCache  *self);
AgTess        *_ag_handle_cache_checkout      (AgHandleCache  *self,
                                               const char     *languages,
                                               gboolean        preload,
                                               GError        **error);
AgTess        *_ag_handle_cache_checkout_waiting (AgHandleCache *self,
                                               const char     *languages,
                                               GError        **error);
AgTess        *_ag_handle_cache_checkout_idle (AgHandleCache  *self,
                                               const char     *languages,
                                               gboolean       *load_more);
void           _ag_handle_cache_return        (AgHandleCache  *self,
                                               AgTess         *tess);
void           _ag_handle_cache_set_load_ahead (AgHandleCache *self,
                                               AgHandleLoadAheadFunc func,
                                               gpointer        data);
void           _ag_handle_cache_load_ahead    (AgHandleCache  *self,
                                               const char     *languages);
guint          _ag_handle_cache_get_n_loaded  (AgHandleCache  *self,
                                               const char     *languages);
guint          _ag_handle_cache_get_n_preloading (AgHandleCache *self);

G_END_DECLS
