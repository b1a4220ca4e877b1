/* ag-export.c — the formats Airgap writes, and writing one to a file
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The dispatcher: a table of the writers (ag-export-<format>.c), one a
 * format, with the extensions and the MIME type of its files.  The
 * writers use the helpers of ag-export-util.c and know nothing of this
 * table; files are saved by ag-export-save.c.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "export/ag-export.h"
#include "export/ag-export-writers-private.h"

/* One a format; the first extension is the usual one. */
static const AgExportWriter writers[] = {
  { AG_EXPORT_FORMAT_TEXT, { "txt", "text" }, "text/plain", _ag_export_text },
  { AG_EXPORT_FORMAT_ODT, { "odt" }, "application/vnd.oasis.opendocument.text", _ag_export_odt },
  { AG_EXPORT_FORMAT_HOCR, { "hocr", "html", "htm" }, "text/vnd.hocr+html", _ag_export_hocr },
  { AG_EXPORT_FORMAT_PDF, { "pdf" }, "application/pdf", _ag_export_pdf },
  { AG_EXPORT_FORMAT_JSON, { "json" }, "application/json", _ag_export_json },
  { AG_EXPORT_FORMAT_DOCX, { "docx" }, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    _ag_export_docx },
  { AG_EXPORT_FORMAT_ODS, { "ods" }, "application/vnd.oasis.opendocument.spreadsheet", _ag_export_ods },
};

static const AgExportWriter *
find_writer (AgExportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    if (writers[i].format == format)
      return &writers[i];

  return NULL;
}

/**
 * ag_export_format_from_name:
 * @filename: a file name or path
 * @format: (out): where to put the format
 *
 * Finds the format from the extension of @filename, in any case: .txt
 * and .text are plain text, .odt OpenDocument, .hocr (and .html) hOCR,
 * .pdf a searchable PDF, .json the JSON of ag-export.h, .docx a Word
 * document and .ods a spreadsheet of the tables.
 *
 * Returns: %TRUE if Airgap writes that format
 */
gboolean
ag_export_format_from_name (const char     *filename,
                            AgExportFormat *format)
{
  const char *dot;

  g_return_val_if_fail (filename != NULL, FALSE);

  dot = strrchr (filename, '.');
  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    for (const char * const *extension = writers[i].extensions; *extension != NULL; extension++)
      if (g_ascii_strcasecmp (dot + 1, *extension) == 0)
        {
          if (format != NULL)
            *format = writers[i].format;
          return TRUE;
        }

  return FALSE;
}

/**
 * ag_export_format_get_extension:
 *
 * Returns: the usual extension of @format, without the dot
 */
const char *
ag_export_format_get_extension (AgExportFormat format)
{
  const AgExportWriter *writer = find_writer (format);

  if (writer == NULL)
    g_return_val_if_reached ("txt");

  return writer->extensions[0];
}

/**
 * ag_export_format_get_mime_type:
 *
 * Returns: the MIME type of files in @format
 */
const char *
ag_export_format_get_mime_type (AgExportFormat format)
{
  const AgExportWriter *writer = find_writer (format);

  if (writer == NULL)
    g_return_val_if_reached ("application/octet-stream");

  return writer->mime_type;
}

/**
 * ag_export_to_bytes:
 * @recognition: what was recognised
 * @document: (nullable): the document it was recognised from; the
 *   searchable PDF takes its page images and sizes from it
 * @format: the format to write
 * @flags: options
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @recognition in @format into memory.
 *
 * Returns: (transfer full): the bytes of the file, or %NULL on error
 */
GBytes *
ag_export_to_bytes (AgRecognition  *recognition,
                    AgDocument     *document,
                    AgExportFormat  format,
                    AgExportFlags   flags,
                    GCancellable   *cancellable,
                    GError        **error)
{
  const AgExportWriter *writer;

  g_return_val_if_fail (recognition != NULL, NULL);
  g_return_val_if_fail (document == NULL || AG_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  writer = find_writer (format);
  if (writer == NULL)
    {
      g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _("Airgap cannot write this format: use .txt, .odt, .hocr, .pdf or .json."));
      return NULL;
    }

  return writer->write (recognition, document, flags, cancellable, error);
}

/**
 * ag_export_write:
 * @recognition: what was recognised
 * @document: (nullable): the document it was recognised from
 * @format: the format to write
 * @flags: options
 * @file: where to save
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @recognition to @file in @format, safely (see
 * ag_export_replace_file()).  Blocks: use ag_export_write_async() from
 * the main thread.
 *
 * Returns: %TRUE on success
 */
gboolean
ag_export_write (AgRecognition  *recognition,
                 AgDocument     *document,
                 AgExportFormat  format,
                 AgExportFlags   flags,
                 GFile          *file,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (recognition != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = ag_export_to_bytes (recognition, document, format, flags, cancellable, error);
  if (bytes == NULL)
    return FALSE;

  return ag_export_replace_file (file, bytes, cancellable, error);
}

typedef struct
{
  AgRecognition  *recognition;
  AgDocument     *document;
  AgExportFormat  format;
  AgExportFlags   flags;
  GFile          *file;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_pointer (&data->recognition, ag_recognition_unref);
  g_clear_object (&data->document);
  g_clear_object (&data->file);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  if (ag_export_write (data->recognition, data->document, data->format, data->flags,
                       data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ag_export_write_async:
 * @recognition: what was recognised
 * @document: (nullable): the document it was recognised from
 * @format: the format to write
 * @flags: options
 * @file: where to save
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: for @callback
 *
 * Writes @recognition to @file in a worker thread; see ag_export_write().
 * @recognition and @document must not change until @callback runs.
 */
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
  g_autoptr(GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (recognition != NULL);
  g_return_if_fail (document == NULL || AG_IS_DOCUMENT (document));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (WriteData, 1);
  data->recognition = ag_recognition_ref (recognition);
  data->document = document != NULL ? g_object_ref (document) : NULL;
  data->format = format;
  data->flags = flags;
  data->file = g_object_ref (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ag_export_write_async);
  g_task_set_name (task, "[airgap] export");
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, write_thread);
}

/**
 * ag_export_write_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file was written
 */
gboolean
ag_export_write_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ag_export_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
