/* ag-document.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "document/ag-document-error.h"
#include "document/ag-page.h"

G_BEGIN_DECLS

#define AG_TYPE_DOCUMENT  (ag_document_get_type ())
G_DECLARE_FINAL_TYPE (AgDocument, ag_document, AG, DOCUMENT, GObject)


AgDocument *ag_document_new                 (void);
AgDocument *ag_document_new_from_file       (GFile                *file,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GError              **error);
AgDocument *ag_document_new_from_bytes      (GBytes               *bytes,
                                             const char           *name,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GError              **error);
void        ag_document_load_file_async     (GFile                *file,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
AgDocument *ag_document_load_file_finish    (GAsyncResult         *result,
                                             GError              **error);
void        ag_document_load_bytes_async    (GBytes               *bytes,
                                             const char           *name,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
AgDocument *ag_document_load_bytes_finish   (GAsyncResult         *result,
                                             GError              **error);

void        ag_document_append              (AgDocument           *self,
                                             AgDocument           *other);
guint       ag_document_get_n_pages         (AgDocument           *self);
AgPage     *ag_document_get_page            (AgDocument           *self,
                                             guint                 index);
const char *ag_document_get_title           (AgDocument           *self);
void        ag_document_set_title           (AgDocument           *self,
                                             const char           *title);
GFile      *ag_document_get_file            (AgDocument           *self);

G_END_DECLS
