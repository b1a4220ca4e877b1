/* ag-document-private.h — what the sandbox sets in AgDocument
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * AgDocumentOpener:
 * @file: (nullable): the file the document is opened from...
 * @fd: ...through this descriptor, opened here (not taken), or -1
 * @bytes: (nullable): ...or these bytes
 *
 * Opens a document somewhere else than in this process and returns its
 * pages, each with a backend of the opener's (ag-page-private.h), or
 * %NULL with @error set.  ag_sandbox_init() sets the one that opens
 * documents in a sandboxed worker.
 */
typedef GPtrArray *(*AgDocumentOpener) (GFile         *file,
                                        int            fd,
                                        GBytes        *bytes,
                                        const char    *name,
                                        const char    *password,
                                        GCancellable  *cancellable,
                                        GError       **error);

void _ag_document_set_opener         (AgDocumentOpener opener);

/*
 * AgDocumentOpenHook:
 * @bytes: the file's contents
 *
 * Called as a document is opened in this process, before it is decoded:
 * the engine takes a look at the picture while its languages load
 * (ag_engine_preload()).  It may keep a reference to @bytes.
 */
typedef void (*AgDocumentOpenHook) (GBytes *bytes);

void _ag_document_set_open_hook      (AgDocumentOpenHook hook);

/* Set in airgap-worker, which runs under a memory limit. */
void _ag_document_set_memory_limited (gboolean         limited);

G_END_DECLS
