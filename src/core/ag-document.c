/* ag-document.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* STUB: to be implemented (documents in). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ag-document.h"

struct _AgDocument
{
  GObject    parent_instance;
  GPtrArray *pages;
};

G_DEFINE_TYPE (AgDocument, ag_document, G_TYPE_OBJECT)
G_DEFINE_QUARK (ag-document-error-quark, ag_document_error)

static void
ag_document_finalize (GObject *object)
{
  AgDocument *self = AG_DOCUMENT (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  G_OBJECT_CLASS (ag_document_parent_class)->finalize (object);
}

static void
ag_document_class_init (AgDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ag_document_finalize;
}

static void
ag_document_init (AgDocument *self)
{
  self->pages = g_ptr_array_new_with_free_func (g_object_unref);
}

AgDocument *
ag_document_new (void)
{
  return g_object_new (AG_TYPE_DOCUMENT, NULL);
}

AgDocument *
ag_document_new_from_file (GFile         *file,
                           const char    *password,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED, _("Not implemented yet."));
  return NULL;
}

AgDocument *
ag_document_new_from_bytes (GBytes        *bytes,
                            const char    *name,
                            const char    *password,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED, _("Not implemented yet."));
  return NULL;
}

void
ag_document_load_file_async (GFile               *file,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_task_report_new_error (NULL, callback, user_data, ag_document_load_file_async,
                           AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED, "%s", _("Not implemented yet."));
}

AgDocument *
ag_document_load_file_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ag_document_load_bytes_async (GBytes              *bytes,
                              const char          *name,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_task_report_new_error (NULL, callback, user_data, ag_document_load_bytes_async,
                           AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED, "%s", _("Not implemented yet."));
}

AgDocument *
ag_document_load_bytes_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ag_document_append (AgDocument *self,
                    AgDocument *other)
{
}

guint
ag_document_get_n_pages (AgDocument *self)
{
  return self->pages->len;
}

AgPage *
ag_document_get_page (AgDocument *self,
                      guint       index)
{
  g_return_val_if_fail (index < self->pages->len, NULL);
  return g_ptr_array_index (self->pages, index);
}

const char *
ag_document_get_title (AgDocument *self)
{
  return NULL;
}

GFile *
ag_document_get_file (AgDocument *self)
{
  return NULL;
}
