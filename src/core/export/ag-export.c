/* ag-export.c — formats, safe saving, and what the writers share
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/ag-export-private.h"

G_DEFINE_QUARK (ag-export-error-quark, ag_export_error)

static const struct
{
  const char     *extension;
  AgExportFormat  format;
} extensions[] = {
  { "txt",  AG_EXPORT_FORMAT_TEXT },
  { "text", AG_EXPORT_FORMAT_TEXT },
  { "odt",  AG_EXPORT_FORMAT_ODT },
  { "hocr", AG_EXPORT_FORMAT_HOCR },
  { "html", AG_EXPORT_FORMAT_HOCR },
  { "htm",  AG_EXPORT_FORMAT_HOCR },
  { "pdf",  AG_EXPORT_FORMAT_PDF },
  { "json", AG_EXPORT_FORMAT_JSON },
};

/**
 * ag_export_format_from_name:
 * @filename: a file name or path
 * @format: (out): where to put the format
 *
 * Finds the format from the extension of @filename, in any case: .txt
 * and .text are plain text, .odt OpenDocument, .hocr (and .html) hOCR,
 * .pdf a searchable PDF and .json the JSON of ag-export.h.
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

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_ascii_strcasecmp (dot + 1, extensions[i].extension) == 0)
      {
        if (format != NULL)
          *format = extensions[i].format;
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
  switch (format)
    {
    case AG_EXPORT_FORMAT_TEXT:
      return "txt";
    case AG_EXPORT_FORMAT_ODT:
      return "odt";
    case AG_EXPORT_FORMAT_HOCR:
      return "hocr";
    case AG_EXPORT_FORMAT_PDF:
      return "pdf";
    case AG_EXPORT_FORMAT_JSON:
      return "json";
    default:
      g_return_val_if_reached ("txt");
    }
}

/**
 * ag_export_format_get_mime_type:
 *
 * Returns: the MIME type of files in @format
 */
const char *
ag_export_format_get_mime_type (AgExportFormat format)
{
  switch (format)
    {
    case AG_EXPORT_FORMAT_TEXT:
      return "text/plain";
    case AG_EXPORT_FORMAT_ODT:
      return "application/vnd.oasis.opendocument.text";
    case AG_EXPORT_FORMAT_HOCR:
      return "text/vnd.hocr+html";
    case AG_EXPORT_FORMAT_PDF:
      return "application/pdf";
    case AG_EXPORT_FORMAT_JSON:
      return "application/json";
    default:
      g_return_val_if_reached ("application/octet-stream");
    }
}

/* Languages, from Tesseract's codes to what documents declare. */
static const AgExportLanguage languages[] = {
  { "eng", "en", "US", "latin" },
  { "deu", "de", "DE", "latin" },
  { "fra", "fr", "FR", "latin" },
  { "spa", "es", "ES", "latin" },
  { "ita", "it", "IT", "latin" },
  { "por", "pt", "PT", "latin" },
  { "nld", "nl", "NL", "latin" },
  { "pol", "pl", "PL", "latin" },
  { "ces", "cs", "CZ", "latin" },
  { "swe", "sv", "SE", "latin" },
  { "dan", "da", "DK", "latin" },
  { "nor", "nb", "NO", "latin" },
  { "fin", "fi", "FI", "latin" },
  { "tur", "tr", "TR", "latin" },
  { "vie", "vi", "VN", "latin" },
  { "ind", "id", "ID", "latin" },
  { "rus", "ru", "RU", "latin" },
  { "ukr", "uk", "UA", "latin" },
  { "ell", "el", "GR", "latin" },
  { "chi_sim", "zh", "CN", "asian" },
  { "chi_sim_vert", "zh", "CN", "asian" },
  { "chi_tra", "zh", "TW", "asian" },
  { "chi_tra_vert", "zh", "TW", "asian" },
  { "jpn", "ja", "JP", "asian" },
  { "jpn_vert", "ja", "JP", "asian" },
  { "kor", "ko", "KR", "asian" },
  { "kor_vert", "ko", "KR", "asian" },
  { "ara", "ar", "EG", "complex" },
  { "heb", "he", "IL", "complex" },
  { "fas", "fa", "IR", "complex" },
  { "hin", "hi", "IN", "complex" },
  { "tha", "th", "TH", "complex" },
};

const AgExportLanguage *
_ag_export_language_lookup (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_strcmp0 (code, languages[i].code) == 0)
      return &languages[i];

  return NULL;
}

/* The first of the recognition's languages written in @script (or in any
 * script if @script is NULL), or NULL. */
const AgExportLanguage *
_ag_export_language_first (AgRecognition *recognition,
                           const char    *script)
{
  g_auto(GStrv) codes = NULL;

  if (ag_recognition_get_languages (recognition) == NULL)
    return NULL;

  codes = g_strsplit (ag_recognition_get_languages (recognition), "+", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      const AgExportLanguage *language = _ag_export_language_lookup (codes[i]);

      if (language != NULL && (script == NULL || strcmp (language->script, script) == 0))
        return language;
    }

  return NULL;
}

/* Escapes @text for XML element content and attribute values (both
 * quotes), dropping what XML 1.0 cannot hold at all: control characters
 * such as the form feed, and invalid UTF-8. */
void
_ag_export_append_xml_escaped (GString    *string,
                               const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&':
          g_string_append (string, "&amp;");
          break;
        case '<':
          g_string_append (string, "&lt;");
          break;
        case '>':
          g_string_append (string, "&gt;");
          break;
        case '"':
          g_string_append (string, "&quot;");
          break;
        case '\'':
          g_string_append (string, "&apos;");
          break;
        default:
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
              (c >= 0x7f && c < 0xa0) || c == 0xfffe || c == 0xffff)
            break;
          g_string_append_unichar (string, c);
        }
    }
}

/* The pixel size a page was recognised at; a page without one (a PDF
 * text layer may have none) counts as US Letter at 300 dpi. */
void
_ag_export_page_pixel_size (AgRecognitionPage *page,
                            int               *width,
                            int               *height)
{
  *width = page->width > 0 ? page->width : 2550;
  *height = page->height > 0 ? page->height : 3300;
}

/* @value rounded to the nearest whole number in @low..@high; clamped
 * before the conversion, which is undefined for a double outside int's
 * range (tests/fuzz/fuzz-export found boxes far outside the page), and
 * @low for NaN. */
static int
round_within (double value,
              int    low,
              int    high)
{
  value = floor (value + 0.5);
  if (!(value >= low))
    return low;
  if (value > high)
    return high;
  return (int) value;
}

/* @rect in fractions to "x0 y0 x1 y1" in pixels, inside the page. */
void
_ag_export_rect_to_bbox (const AgRect *rect,
                         int           width,
                         int           height,
                         int           bbox[4])
{
  bbox[0] = round_within (rect->x * width, 0, width);
  bbox[1] = round_within (rect->y * height, 0, height);
  bbox[2] = round_within ((rect->x + rect->width) * width, bbox[0], width);
  bbox[3] = round_within ((rect->y + rect->height) * height, bbox[1], height);
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
  g_return_val_if_fail (recognition != NULL, NULL);
  g_return_val_if_fail (document == NULL || AG_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  switch (format)
    {
    case AG_EXPORT_FORMAT_TEXT:
      return _ag_export_text (recognition, flags);
    case AG_EXPORT_FORMAT_JSON:
      return _ag_export_json (recognition, document, flags);
    case AG_EXPORT_FORMAT_HOCR:
      return _ag_export_hocr (recognition, document);
    case AG_EXPORT_FORMAT_ODT:
      return _ag_export_odt (recognition, flags, error);
    case AG_EXPORT_FORMAT_PDF:
      return _ag_export_pdf (recognition, document, cancellable, error);
    default:
      g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _("Airgap cannot write this format: use .txt, .odt, .hocr, .pdf or .json."));
      return NULL;
    }
}

/* Saving.  The bytes go to a new file in the target's folder, which is
 * flushed to disk and then renamed over the target: until the rename,
 * an existing file is untouched, so a full disk, a lost permission or a
 * cancel leave it as it was.  The new file gets the old one's mode and
 * (where allowed) owner.  A symbolic link is followed and stays a link.
 * Hard links to the old file keep the old content. */

static void
set_write_error (GError     **error,
                 int          saved_errno,
                 const char  *path,
                 const char  *folder)
{
  g_autofree char *name = g_filename_display_name (path);
  g_autofree char *folder_name = folder != NULL ? g_filename_display_name (folder) : NULL;

  switch (saved_errno)
    {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
      g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_NO_SPACE,
                   _("The disk is full, so “%s” could not be saved. Free some space or "
                     "save it somewhere else; nothing was changed."), name);
      break;
    case EACCES:
    case EPERM:
    case EROFS:
      g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_PERMISSION,
                   _("You cannot write to “%s”. Save it in a folder of your own, such as "
                     "Documents, or ask the owner for access."),
                   folder != NULL ? folder_name : name);
      break;
    case ENOENT:
    case ENOTDIR:
      g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
                   _("The folder “%s” does not exist. Choose another place to save."),
                   folder != NULL ? folder_name : name);
      break;
    case EISDIR:
      g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
                   _("“%s” is a folder. Choose a file name."), name);
      break;
    default:
      g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
                   _("Could not save “%s”: %s."), name, g_strerror (saved_errno));
    }
}

/* The process's umask, without changing it (umask(2) is not thread-safe). */
static mode_t
get_umask (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "\nUmask:")) != NULL)
    return (mode_t) strtoul (line + strlen ("\nUmask:"), NULL, 8) & 0777;

  return 022;
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          size,
           GCancellable  *cancellable,
           int           *saved_errno)
{
  while (size > 0)
    {
      gssize written;

      if (g_cancellable_is_cancelled (cancellable))
        {
          *saved_errno = ECANCELED;
          return FALSE;
        }

      written = write (fd, data, MIN (size, 1024 * 1024));
      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          *saved_errno = errno;
          return FALSE;
        }
      data += written;
      size -= written;
    }

  return TRUE;
}

static gboolean
replace_local_file (const char    *target,
                    GBytes        *bytes,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp = NULL;
  struct stat st;
  gboolean exists;
  mode_t mode;
  int saved_errno = 0;
  int fd;

  /* Write through a symbolic link to the file it points to. */
  path = g_strdup (target);
  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    {
      char *real = realpath (target, NULL);

      if (real != NULL)
        {
          g_free (path);
          path = g_strdup (real);
          free (real);
        }
    }

  folder = g_path_get_dirname (path);
  base = g_path_get_basename (path);

  exists = g_stat (path, &st) == 0;
  if (exists)
    {
      if (S_ISDIR (st.st_mode))
        {
          set_write_error (error, EISDIR, path, NULL);
          return FALSE;
        }
      if (!S_ISREG (st.st_mode))
        {
          g_autofree char *name = g_filename_display_name (path);

          g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
                       _("“%s” is not a regular file. Choose another file name."), name);
          return FALSE;
        }
      /* Like every editor: a read-only file is not replaced behind the
       * user's back, even though its folder would allow it. */
      if (access (path, W_OK) != 0)
        {
          set_write_error (error, errno, path, NULL);
          return FALSE;
        }
      mode = st.st_mode & 07777;
    }
  else if (errno != ENOENT)
    {
      set_write_error (error, errno, path, NULL);
      return FALSE;
    }
  else
    mode = 0666 & ~get_umask ();

  temp = g_strdup_printf ("%s/.%s.XXXXXX", folder, base);
  fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_write_error (error, errno, path, folder);
      return FALSE;
    }

  if (exists && (st.st_uid != getuid () || st.st_gid != getgid ()))
    {
      /* Only root or a member of the group may do this; otherwise the
       * new file is the user's own, as with every editor. */
      if (fchown (fd, st.st_uid, st.st_gid) != 0)
        (void) !fchown (fd, -1, st.st_gid);
    }

  /* A file system that cannot set modes (some FUSE ones) leaves the new
   * file at 0600: stricter than asked, never looser, so that is fine. */
  if (fchmod (fd, mode) != 0)
    g_debug ("Could not give %s the mode %o: %s", temp, mode, g_strerror (errno));

  if (!write_all (fd, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                  cancellable, &saved_errno))
    goto failed;

  /* On disk before it replaces anything; a file system without fsync
   * (EINVAL, ENOSYS) is not an error, a full or failing disk is. */
  if (fsync (fd) != 0 && errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
    {
      saved_errno = errno;
      goto failed;
    }

  if (close (fd) != 0)
    {
      fd = -1;
      saved_errno = errno;
      goto failed;
    }
  fd = -1;

  if (g_cancellable_is_cancelled (cancellable))
    {
      saved_errno = ECANCELED;
      goto failed;
    }

  if (g_rename (temp, path) != 0)
    {
      saved_errno = errno;
      goto failed;
    }

  return TRUE;

failed:
  if (fd >= 0)
    close (fd);
  g_unlink (temp);
  if (saved_errno == ECANCELED)
    g_cancellable_set_error_if_cancelled (cancellable, error);
  else
    set_write_error (error, saved_errno, path, NULL);
  return FALSE;
}

/* Files that are not on a local disk go through GIO, which writes a
 * temporary file where the backend can. */
static gboolean
replace_gio_file (GFile         *file,
                  GBytes        *bytes,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;

  if (g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                               NULL, FALSE, G_FILE_CREATE_NONE, NULL, cancellable, &local_error))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  name = g_file_get_parse_name (file);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    set_write_error (error, ENOSPC, name, NULL);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
           g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    set_write_error (error, EACCES, name, NULL);
  else
    g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
                 _("Could not save “%s”: %s"), name, local_error->message);
  return FALSE;
}

/**
 * ag_export_replace_file:
 * @file: where to save
 * @bytes: the whole new content
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Replaces @file with @bytes safely: an existing file keeps its content
 * if the save fails part-way (full disk, no permission, cancelled) and
 * keeps its permissions if it succeeds.  Errors are in %AG_EXPORT_ERROR
 * (or %G_IO_ERROR_CANCELLED).
 *
 * Returns: %TRUE if @file now holds @bytes
 */
gboolean
ag_export_replace_file (GFile         *file,
                        GBytes        *bytes,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  path = g_file_get_path (file);
  if (path != NULL)
    return replace_local_file (path, bytes, cancellable, error);
  else
    return replace_gio_file (file, bytes, cancellable, error);
}

static void
replace_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;

  if (ag_export_replace_file (G_FILE (source_object), task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * ag_export_replace_file_async:
 * @file: where to save
 * @bytes: the whole new content
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: for @callback
 *
 * ag_export_replace_file() in a worker thread: for saving text the user
 * edited, with the same safety and the same errors as the exports.
 */
void
ag_export_replace_file_async (GFile               *file,
                              GBytes              *bytes,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (bytes != NULL);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, ag_export_replace_file_async);
  g_task_set_name (task, "[airgap] save");
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, replace_thread);
}

/**
 * ag_export_replace_file_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file now holds the bytes
 */
gboolean
ag_export_replace_file_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ag_export_replace_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
