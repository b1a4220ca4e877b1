/* ag-export-save.c — files saved safely
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
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/ag-export.h"

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
