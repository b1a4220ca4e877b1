/* ag-window-capture.c — a screenshot through the desktop portal, a scan
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* win.screenshot asks org.freedesktop.portal.Screenshot, through
 * libportal, for an interactive screenshot: the desktop's own tool lets
 * the person pick an area, a window or the screen.  The portal is reached
 * over the session bus, a local (AF_UNIX) socket the lockdown allows;
 * nothing leaves the computer.  The portal saves the picture as a file and
 * answers with its URI; the file is read like a pasted image and left
 * where the portal put it — it is the person's screenshot, kept as the
 * desktop keeps every other one.
 *
 * The window stays as it is during the capture: the portal's interactive
 * mode freezes the screen and lets the person choose what to take, a
 * window other than Airgap's included.  Hiding our own window first
 * would lose the parent handle the portal needs to place its dialog on
 * Wayland.
 *
 * Two guards keep the window from waiting for nothing: with no portal on
 * the session bus (a bare X session) the person is told at once, and a
 * portal that never answers is given up after SCREENSHOT_TIMEOUT_S.
 *
 * win.scan opens the Scan dialog (ag-scan-dialog.c), one at a time; the
 * pages it scans take the way of an opened file
 * (_ag_window_open_document()). */

#include "config.h"

#include <glib/gi18n.h>
#ifdef AG_HAVE_PORTAL
#include <libportal/portal.h>
#include <libportal-gtk4/portal-gtk4.h>
#endif

#include "ag-scan-dialog.h"
#include "ag-window-private.h"

#define PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define SCREENSHOT_TIMEOUT_S 60
/* Starting the portal service (D-Bus activation) may take a moment. */
#define PORTAL_START_TIMEOUT_MS 10000

#ifdef AG_HAVE_PORTAL

typedef struct
{
  AgWindow     *self;
  GCancellable *cancellable;
  XdpPortal    *portal;
  guint         timeout_id;
  gboolean      timed_out;
} ScreenshotJob;

static void
screenshot_job_free (ScreenshotJob *job)
{
  g_clear_handle_id (&job->timeout_id, g_source_remove);
  if (job->self->capture_cancellable == job->cancellable)
    {
      g_clear_object (&job->self->capture_cancellable);
      gtk_widget_action_set_enabled (GTK_WIDGET (job->self), "win.screenshot", TRUE);
    }
  g_clear_object (&job->cancellable);
  g_clear_object (&job->portal);
  g_clear_object (&job->self);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScreenshotJob, screenshot_job_free)

static void
screenshot_failed (ScreenshotJob *job,
                   const GError  *error)
{
  if (job->timed_out)
    {
      _ag_window_show_toast (job->self, _("The desktop did not answer the screenshot request. Nothing was taken."));
      return;
    }
  /* Closing the window cancels quietly. */
  if (g_cancellable_is_cancelled (job->cancellable))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _ag_window_show_toast (job->self, _("No screenshot was taken"));
      return;
    }
  _ag_window_show_error (job->self, _("Could not take a screenshot."), error);
}

static void
load_screenshot_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ScreenshotJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      screenshot_failed (job, error);
      return;
    }

  name = g_file_get_basename (G_FILE (object));
  _ag_window_open_bytes (job->self, bytes, name);
  job->self->copy_when_read = g_settings_get_boolean (job->self->settings, "copy-after-screenshot");
}

static void
take_screenshot_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ScreenshotJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  GCancellable *cancellable;

  uri = xdp_portal_take_screenshot_finish (XDP_PORTAL (object), result, &error);
  g_debug ("Screenshot portal: %s", uri != NULL ? uri : error->message);
  if (uri == NULL)
    {
      screenshot_failed (job, error);
      return;
    }

  /* The portal answers with a file: URI; a document portal path under
   * /run/user is a file too. */
  file = g_file_new_for_uri (uri);
  if (!g_file_is_native (file))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The desktop gave no file for the screenshot."));
      screenshot_failed (job, error);
      return;
    }

  g_clear_handle_id (&job->timeout_id, g_source_remove);
  cancellable = job->cancellable;
  g_file_load_bytes_async (file, cancellable, load_screenshot_cb, g_steal_pointer (&job));
}

static gboolean
screenshot_timeout_cb (gpointer user_data)
{
  ScreenshotJob *job = user_data;

  job->timeout_id = 0;
  job->timed_out = TRUE;
  g_cancellable_cancel (job->cancellable);

  return G_SOURCE_REMOVE;
}

static void
take_screenshot (ScreenshotJob *job)
{
  XdpParent *parent = NULL;

  job->portal = xdp_portal_new ();
  /* The portal places its dialog over the window it belongs to; a window
   * not on screen has no handle to give. */
  if (gtk_widget_get_mapped (GTK_WIDGET (job->self)))
    parent = xdp_parent_new_gtk (GTK_WINDOW (job->self));

  job->timeout_id = g_timeout_add_seconds (SCREENSHOT_TIMEOUT_S, screenshot_timeout_cb, job);
  xdp_portal_take_screenshot (job->portal, parent, XDP_SCREENSHOT_FLAG_INTERACTIVE,
                              job->cancellable, take_screenshot_cb, job);
  g_clear_pointer (&parent, xdp_parent_free);
}

static void
no_portal (ScreenshotJob *job,
           GError        *error)
{
  g_autoptr(GError) missing = NULL;

  g_dbus_error_strip_remote_error (error);
  g_debug ("No screenshot portal: %s", error->message);
  missing = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 _("This desktop offers no screenshot service (xdg-desktop-portal)."));
  screenshot_failed (job, missing);
}

static void
start_portal_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ScreenshotJob) job = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_cancellable_is_cancelled (job->cancellable))
    return;
  if (reply == NULL)
    {
      no_portal (job, error);
      return;
    }

  take_screenshot (g_steal_pointer (&job));
}

/* Running now, or to be started by D-Bus activation (which knows nothing
 * of a name owned by a process it did not start); an error at once when
 * the session has no portal at all. */
static void
has_portal_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ScreenshotJob) job = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (g_cancellable_is_cancelled (job->cancellable))
    return;
  if (reply == NULL)
    {
      no_portal (job, error);
      return;
    }

  g_variant_get (reply, "(b)", &has_owner);
  if (has_owner)
    {
      take_screenshot (g_steal_pointer (&job));
      return;
    }

  g_dbus_connection_call (G_DBUS_CONNECTION (object), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "StartServiceByName",
                          g_variant_new ("(su)", PORTAL_BUS_NAME, 0), G_VARIANT_TYPE ("(u)"),
                          G_DBUS_CALL_FLAGS_NONE, PORTAL_START_TIMEOUT_MS,
                          job->cancellable, start_portal_cb, job);
  job = NULL;
}

static void
screenshot_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AgWindow *self = AG_WINDOW (widget);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  ScreenshotJob *job;

  if (self->capture_cancellable != NULL)
    return;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_autoptr(GError) missing = NULL;

      g_debug ("No session bus: %s", error->message);
      missing = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                     _("This desktop offers no screenshot service (xdg-desktop-portal)."));
      _ag_window_show_error (self, _("Could not take a screenshot."), missing);
      return;
    }

  job = g_new0 (ScreenshotJob, 1);
  job->self = g_object_ref (self);
  job->cancellable = g_cancellable_new ();
  self->capture_cancellable = g_object_ref (job->cancellable);
  gtk_widget_action_set_enabled (widget, "win.screenshot", FALSE);

  g_dbus_connection_call (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          g_variant_new ("(s)", PORTAL_BUS_NAME), G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NONE, PORTAL_START_TIMEOUT_MS,
                          job->cancellable, has_portal_cb, job);
}

#else /* !AG_HAVE_PORTAL */

static void
screenshot_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _ag_window_show_toast (AG_WINDOW (widget), _("This copy of Airgap was built without screenshots (libportal)."));
}

#endif

/* Scanning */

static void
scanned_cb (AgWindow   *self,
            AgDocument *document)
{
  _ag_window_open_document (self, document);
}

/* Closed: forgotten at once.  A list of scanners still on its way keeps
 * the dialog alive until SANE returns, and a new one may be opened
 * meanwhile. */
static void
scan_dialog_unrealize_cb (AgWindow  *self,
                          GtkWidget *dialog)
{
  if (self->scan_dialog == GTK_WINDOW (dialog))
    self->scan_dialog = NULL;
}

static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AgWindow *self = AG_WINDOW (widget);

  if (self->scan_dialog == NULL)
    {
      self->scan_dialog = ag_scan_dialog_new (GTK_WINDOW (self));
      g_signal_connect_object (self->scan_dialog, "unrealize", G_CALLBACK (scan_dialog_unrealize_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->scan_dialog, "scanned", G_CALLBACK (scanned_cb), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (self->scan_dialog);
}

void
_ag_window_class_init_capture (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.screenshot", NULL, screenshot_action);
  gtk_widget_class_install_action (widget_class, "win.scan", NULL, scan_action);
  /* Ctrl+Shift+S is Save As in GNOME: O, as in Open from the scanner. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.scan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_O, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.scan", NULL);
  /* Ctrl+Shift+S is Save As in GNOME; Print is the desktop's own. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.screenshot", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_T, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.screenshot", NULL);
}

/* Closing the window gives up a screenshot or a scan on its way. */
void
_ag_window_cancel_capture (AgWindow *self)
{
  if (self->capture_cancellable != NULL)
    g_cancellable_cancel (self->capture_cancellable);
  if (self->scan_dialog != NULL)
    gtk_window_destroy (g_steal_pointer (&self->scan_dialog));
}
