/* ag-tess-import.c — a language added, once Tesseract has loaded it
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The part of ag-languages.h that asks Tesseract: a .traineddata file is
 * added to the user's folder only once Tesseract itself has loaded it.
 * It lives with Tesseract so that ag-languages.c, which only lists
 * files, never calls Tesseract: the arrow goes from here to it.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "recognize/ag-engine-error.h"
#include "recognize/ag-languages.h"
#include "recognize/ag-languages-private.h"
#include "recognize/tesseract/ag-tess-private.h"

/* A quick look at the table at the start of a .traineddata file, so that
 * a random file never reaches Tesseract, which trusts the offsets in it
 * and may try to allocate gigabytes. */
static gboolean
looks_like_traineddata (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  const guint8 *data;
  gsize size;
  gint32 n_entries;
  gint64 last = 0;

  if (mapped == NULL)
    return FALSE;

  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  if (size < 4)
    return FALSE;

  n_entries = GINT32_FROM_LE (*(const gint32 *) data);
  if (n_entries < 1 || n_entries > 64 || size < 4 + 8 * (gsize) n_entries)
    return FALSE;

  for (gint32 i = 0; i < n_entries; i++)
    {
      gint64 offset;

      memcpy (&offset, data + 4 + 8 * i, sizeof offset);
      offset = GINT64_FROM_LE (offset);
      if (offset == -1)
        continue;
      if (offset < 4 + 8 * (gint64) n_entries || offset > (gint64) size || offset < last)
        return FALSE;
      last = offset;
    }

  return last > 0;
}

static gboolean
check_file (const char  *datapath,
            const char  *code,
            GError     **error)
{
  g_autofree char *filename = g_strconcat (code, ".traineddata", NULL);
  g_autofree char *path = g_build_filename (datapath, filename, NULL);
  TessBaseAPI *api;
  int rc;

  if (!looks_like_traineddata (path))
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                   _("“%s” is not Tesseract language data. Use a .traineddata file made for "
                     "Tesseract 4 or 5, for example from the tessdata_fast collection."),
                   filename);
      return FALSE;
    }

  if (!_ag_tess_api_load (error))
    return FALSE;
  _ag_tess_ensure_quiet ();
  api = _ag_tess_api->BaseAPICreate ();
  rc = _ag_tess_api->BaseAPIInit3 (api, datapath, code);
  _ag_tess_api->BaseAPIEnd (api);
  _ag_tess_api->BaseAPIDelete (api);

  if (rc != 0)
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                   _("Tesseract cannot load “%s”. Use a .traineddata file made for "
                     "Tesseract 4 or 5, for example from the tessdata_fast collection."),
                   filename);
      return FALSE;
    }

  return TRUE;
}

/**
 * ag_languages_import:
 * @file: a .traineddata file, for example from a USB stick
 *
 * Checks that Tesseract can load @file and copies it into the user's
 * folder (atomically: a failed copy leaves nothing behind).  The code of
 * the language is the file's name without ".traineddata".
 *
 * Returns: (transfer full): the language added
 */
AgLanguage *
ag_languages_import (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *code = NULL;
  g_autofree char *source = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *tmplink = NULL;
  g_autofree char *user_dir = NULL;
  g_autofree char *target_path = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean loaded;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  basename = g_file_get_basename (file);
  if (basename == NULL || !g_str_has_suffix (basename, TRAINEDDATA))
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                   _("“%s” is not Tesseract language data: its name must end in .traineddata."),
                   basename != NULL ? basename : "?");
      return NULL;
    }

  code = g_strndup (basename, strlen (basename) - strlen (TRAINEDDATA));
  if (!_ag_languages_is_valid_code (code) || strcmp (code, "osd") == 0)
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                   _("“%s” is not a language Airgap can add: name the file after its language "
                     "code, for example fra.traineddata."), basename);
      return NULL;
    }

  source = g_file_get_path (file);
  if (source == NULL || !g_file_test (source, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Cannot read “%s”: it is not a file on this computer."), basename);
      return NULL;
    }

  /* Let Tesseract itself try the file, under its own name, in a folder of
   * its own. */
  tmpdir = g_dir_make_tmp ("airgap-import-XXXXXX", error);
  if (tmpdir == NULL)
    return NULL;
  tmplink = g_build_filename (tmpdir, basename, NULL);
  if (symlink (source, tmplink) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot check “%s”: %s."), basename, g_strerror (saved_errno));
      g_rmdir (tmpdir);
      return NULL;
    }
  loaded = check_file (tmpdir, code, &local_error);
  g_unlink (tmplink);
  g_rmdir (tmpdir);
  if (!loaded)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  user_dir = ag_languages_dup_user_dir ();
  if (g_mkdir_with_parents (user_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder “%s”: %s."), user_dir, g_strerror (saved_errno));
      return NULL;
    }

  /* g_file_replace() writes a temporary file and renames it over the
   * target when closed, so a half-copied language never appears. */
  target_path = g_build_filename (user_dir, basename, NULL);
  target = g_file_new_for_path (target_path);
  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return NULL;
  out = g_file_replace (target, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error);
  if (out == NULL)
    return NULL;
  if (g_output_stream_splice (G_OUTPUT_STREAM (out), G_INPUT_STREAM (in),
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                              cancellable, &local_error) < 0)
    {
      /* Closing a replace stream after an error would still rename the
       * partial file into place: cancel it instead. */
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (out), abort, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    return NULL;

  return ag_languages_lookup (code);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  AgLanguage *language = ag_languages_import (task_data, cancellable, &error);

  if (language == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, language, (GDestroyNotify) ag_language_free);
}

/**
 * ag_languages_import_async:
 * @file: a .traineddata file
 *
 * ag_languages_import() in a thread: checking a file with Tesseract and
 * copying tens of megabytes should not stop the window.
 */
void
ag_languages_import_async (GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ag_languages_import_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, import_thread);
}

/**
 * ag_languages_import_finish:
 *
 * Returns: (transfer full): the language added, or %NULL with @error set
 */
AgLanguage *
ag_languages_import_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
