/* ag-page.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* STUB: to be implemented (documents in). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ag-document.h"
#include "ag-page.h"

struct _AgPage
{
  GObject parent_instance;
};

G_DEFINE_TYPE (AgPage, ag_page, G_TYPE_OBJECT)

static void
ag_page_class_init (AgPageClass *klass)
{
}

static void
ag_page_init (AgPage *self)
{
}

AgPageKind
ag_page_get_kind (AgPage *self)
{
  return AG_PAGE_KIND_IMAGE;
}

guint
ag_page_get_index (AgPage *self)
{
  return 0;
}

void
ag_page_get_size (AgPage *self,
                  double *width,
                  double *height)
{
  *width = *height = 1;
}

double
ag_page_get_native_dpi (AgPage *self)
{
  return 0;
}

gboolean
ag_page_has_text_layer (AgPage *self)
{
  return FALSE;
}

const char *
ag_page_get_label (AgPage *self)
{
  return NULL;
}

AgBitmap *
ag_page_render (AgPage          *self,
                double           dpi,
                AgBitmapFormat   format,
                GCancellable    *cancellable,
                GError         **error)
{
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED, _("Not implemented yet."));
  return NULL;
}

void
ag_page_render_async (AgPage              *self,
                      int                  max_width,
                      int                  max_height,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, ag_page_render_async,
                           AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED, "%s", _("Not implemented yet."));
}

AgBitmap *
ag_page_render_finish (AgPage        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
