/* ag-window-dnd.c — files and images dropped on the window or pasted
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Images arrive as their encoded bytes (image/png and friends) and go to
 * AgDocument as they are: the window never decodes them, so a dropped or
 * pasted image goes through exactly the same checks as an opened file. */

#include "config.h"

#include <glib/gi18n.h>

#include "ag-window-private.h"

/* Preferred first: lossless formats, then the others gdk-pixbuf reads. */
static const char * const image_mime_types[] = {
  "image/png",
  "image/tiff",
  "image/bmp",
  "image/webp",
  "image/jpeg",
  "image/gif",
  "image/heif",
  "image/avif",
  "application/pdf",
  NULL
};

static gboolean
formats_have_files (GdkContentFormats *formats)
{
  g_autoptr(GdkContentFormats) with_gtypes = NULL;

  with_gtypes = gdk_content_formats_union_deserialize_gtypes (gdk_content_formats_ref (formats));
  return gdk_content_formats_contain_gtype (with_gtypes, GDK_TYPE_FILE_LIST) ||
         gdk_content_formats_contain_gtype (with_gtypes, G_TYPE_FILE);
}

static gboolean
formats_have_image (GdkContentFormats *formats)
{
  for (guint i = 0; image_mime_types[i] != NULL; i++)
    if (gdk_content_formats_contain_mime_type (formats, image_mime_types[i]))
      return TRUE;
  return FALSE;
}

static const char *
dup_name_for_mime_type (const char *mime_type)
{
  if (g_strcmp0 (mime_type, "application/pdf") == 0)
    return _("Pasted document");
  return _("Pasted image");
}

/* Reading a stream of bytes to its end, then opening them */

typedef struct
{
  AgWindow *self;
  GdkDrop  *drop;
  char     *name;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->drop);
  g_free (job->name);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadJob, read_job_free)

static void
splice_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ReadJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GOutputStream *out = G_OUTPUT_STREAM (object);

  if (g_output_stream_splice_finish (out, result, &error) < 0)
    {
      if (job->drop != NULL)
        gdk_drop_finish (job->drop, 0);
      _ag_window_show_error (job->self, _("Could not read the image."), error);
      return;
    }

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  if (job->drop != NULL)
    gdk_drop_finish (job->drop, GDK_ACTION_COPY);
  _ag_window_open_bytes (job->self, bytes, job->name);
}

static void
read_stream (ReadJob      *job,
             GInputStream *stream)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_output_stream_splice_async (out, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, splice_cb, job);
}

static void
open_file_value (AgWindow     *self,
                 const GValue *value)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  guint remote = 0;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE) && g_value_get_object (value) != NULL)
    g_ptr_array_add (files, g_value_get_object (value));

  /* Files on this computer only: a web address is never fetched. */
  for (guint i = files->len; i > 0; i--)
    if (!g_file_is_native (g_ptr_array_index (files, i - 1)))
      {
        g_ptr_array_remove_index (files, i - 1);
        remote++;
      }

  if (remote > 0)
    _ag_window_show_toast (self, _("Airgap opens only files on this computer, never web addresses. Save the file first, then open it."));

  if (files->len > 0)
    _ag_window_open_files (self, (GFile **) files->pdata, files->len);
}

/* The clipboard */

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ReadJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  const char *mime_type = NULL;

  stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (object), result, &mime_type, &error);
  if (stream == NULL)
    {
      _ag_window_show_error (job->self, _("Could not paste."), error);
      return;
    }

  job->name = g_strdup (dup_name_for_mime_type (mime_type));
  read_stream (g_steal_pointer (&job), stream);
}

static void
clipboard_files_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(AgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value;

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, &error);
  if (value == NULL)
    {
      _ag_window_show_error (self, _("Could not paste."), error);
      return;
    }

  open_file_value (self, value);
}

void
_ag_window_read_clipboard (AgWindow     *self,
                           GdkClipboard *clipboard)
{
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  /* The image itself first: a web browser offers an image together with
   * its web address, and Airgap opens nothing from the network. */
  if (formats_have_image (formats))
    {
      ReadJob *job = g_new0 (ReadJob, 1);

      job->self = g_object_ref (self);
      gdk_clipboard_read_async (clipboard, (const char **) image_mime_types, G_PRIORITY_DEFAULT,
                                NULL, clipboard_read_cb, job);
    }
  else if (formats_have_files (formats))
    {
      gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT, NULL,
                                      clipboard_files_cb, g_object_ref (self));
    }
  else
    _ag_window_show_toast (self, _("The clipboard holds no image or file. Copy an image or a file first."));
}

/* Drag and drop */

static gboolean
drop_accept_cb (AgWindow           *self,
                GdkDrop            *drop,
                GtkDropTargetAsync *target)
{
  GdkContentFormats *formats = gdk_drop_get_formats (drop);

  if (formats_have_files (formats) || formats_have_image (formats))
    return TRUE;

  return FALSE;
}

static GdkDragAction
drop_enter_cb (AgWindow           *self,
               GdkDrop            *drop,
               double              x,
               double              y,
               GtkDropTargetAsync *target)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "drop-target");
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (AgWindow           *self,
               GdkDrop            *drop,
               GtkDropTargetAsync *target)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-target");
}

static void
drop_files_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GdkDrop *drop = GDK_DROP (object);
  const GValue *value;

  value = gdk_drop_read_value_finish (drop, result, &error);
  if (value == NULL)
    {
      gdk_drop_finish (drop, 0);
      _ag_window_show_error (self, _("Could not open what was dropped."), error);
      return;
    }

  gdk_drop_finish (drop, GDK_ACTION_COPY);
  open_file_value (self, value);
}

static void
drop_bytes_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ReadJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  const char *mime_type = NULL;

  stream = gdk_drop_read_finish (GDK_DROP (object), result, &mime_type, &error);
  if (stream == NULL)
    {
      gdk_drop_finish (GDK_DROP (object), 0);
      _ag_window_show_error (job->self, _("Could not open what was dropped."), error);
      return;
    }

  job->name = g_strdup (g_strcmp0 (mime_type, "application/pdf") == 0 ? _("Dropped document") : _("Dropped image"));
  read_stream (g_steal_pointer (&job), stream);
}

static gboolean
drop_cb (AgWindow           *self,
         GdkDrop            *drop,
         double              x,
         double              y,
         GtkDropTargetAsync *target)
{
  GdkContentFormats *formats = gdk_drop_get_formats (drop);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-target");

  if (formats_have_image (formats))
    {
      ReadJob *job = g_new0 (ReadJob, 1);

      job->self = g_object_ref (self);
      job->drop = g_object_ref (drop);
      gdk_drop_read_async (drop, (const char **) image_mime_types, G_PRIORITY_DEFAULT, NULL,
                           drop_bytes_cb, job);
      return TRUE;
    }

  if (formats_have_files (formats))
    {
      GType type = GDK_TYPE_FILE_LIST;
      g_autoptr(GdkContentFormats) with_gtypes =
        gdk_content_formats_union_deserialize_gtypes (gdk_content_formats_ref (formats));

      if (!gdk_content_formats_contain_gtype (with_gtypes, GDK_TYPE_FILE_LIST))
        type = G_TYPE_FILE;
      gdk_drop_read_value_async (drop, type, G_PRIORITY_DEFAULT, NULL, drop_files_cb, g_object_ref (self));
      return TRUE;
    }

  return FALSE;
}

void
_ag_window_init_dnd (AgWindow *self)
{
  GtkDropTargetAsync *target;

  target = gtk_drop_target_async_new (NULL, GDK_ACTION_COPY);
  g_signal_connect_swapped (target, "accept", G_CALLBACK (drop_accept_cb), self);
  g_signal_connect_swapped (target, "drag-enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect_swapped (target, "drag-leave", G_CALLBACK (drop_leave_cb), self);
  g_signal_connect_swapped (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
