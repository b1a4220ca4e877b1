/* ag-export.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* STUB: plain text only; the other formats are to be implemented. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ag-export.h"

G_DEFINE_QUARK (ag-export-error-quark, ag_export_error)

gboolean
ag_export_format_from_name (const char     *filename,
                            AgExportFormat *format)
{
  if (g_str_has_suffix (filename, ".txt"))
    {
      *format = AG_EXPORT_FORMAT_TEXT;
      return TRUE;
    }
  return FALSE;
}

const char *
ag_export_format_get_extension (AgExportFormat format)
{
  return "txt";
}

GBytes *
ag_export_to_bytes (AgRecognition  *recognition,
                    AgDocument     *document,
                    AgExportFormat  format,
                    AgExportFlags   flags,
                    GCancellable   *cancellable,
                    GError        **error)
{
  char *text = ag_recognition_dup_text (recognition);

  return g_bytes_new_take (text, strlen (text));
}

gboolean
ag_export_write (AgRecognition  *recognition,
                 AgDocument     *document,
                 AgExportFormat  format,
                 AgExportFlags   flags,
                 GFile          *file,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(GBytes) bytes = ag_export_to_bytes (recognition, document, format, flags, cancellable, error);

  if (bytes == NULL)
    return FALSE;
  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_NONE, NULL, cancellable, error);
}

void
ag_export_write_async (AgRecognition       *recognition,
                       AgDocument          *document,
                       AgExportFormat       format,
                       AgExportFlags        flags,
                       GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;

  if (ag_export_write (recognition, document, format, flags, file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

gboolean
ag_export_write_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
