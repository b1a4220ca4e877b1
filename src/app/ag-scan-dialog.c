/* ag-scan-dialog.c — the Scan dialog: a scanner, its settings, a scan
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The dialog lists the scanners (ag_scanner_list_devices_async(), which
 * asks every SANE driver and may take seconds), offers the settings
 * airgap-ocr --scan has, and scans off the main thread with a pulsing
 * bar and Cancel: SANE says nothing of how far a page is.  The pages
 * scanned are handed over with the "scanned" signal; the window opens
 * them like any other document, and the dialog closes.  Errors stay in
 * the dialog, under the settings, so the person can fix the scanner
 * (the jam, the cover) and press Scan again.
 *
 * Both calls hold a reference on the dialog until they return: SANE
 * cannot be interrupted while it lists, and a scan ends shortly after
 * its cancellable is cancelled.  Closing the dialog, or destroying it
 * with the window, cancels both (stop()); their callbacks then only
 * let go. */

#include "config.h"

#include <glib/gi18n.h>

#include "ag-accessible.h"
#include "ag-core.h"
#include "ag-scan-dialog.h"

#define PULSE_INTERVAL_MS 120

static const int resolutions[] = { 150, 200, 300, 600 };

struct _AgScanDialog
{
  AdwWindow       parent_instance;

  /* template children */
  GtkStack       *stack;
  GtkSpinner     *looking_spinner;
  AdwStatusPage  *empty_page;
  GtkWidget      *settings_group;
  AdwComboRow    *device_row;
  AdwComboRow    *source_row;
  AdwComboRow    *resolution_row;
  AdwComboRow    *mode_row;
  GtkWidget      *message_box;
  GtkLabel       *message_label;
  GtkWidget      *progress_box;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkStack       *button_stack;
  GtkWidget      *scan_button;

  GSettings      *settings;
  GPtrArray      *devices;            /* AgScannerDevice, as in device_row */
  GCancellable   *list_cancellable;
  GCancellable   *scan_cancellable;
  guint           pulse_id;
  gboolean        closed;
};

G_DEFINE_FINAL_TYPE (AgScanDialog, ag_scan_dialog, ADW_TYPE_WINDOW)

enum {
  SCANNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_actions (AgScanDialog *self)
{
  gboolean scanning = self->scan_cancellable != NULL;
  gboolean listing = self->list_cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.refresh", !scanning && !listing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.start",
                                 !scanning && !listing && self->devices != NULL && self->devices->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.cancel", scanning);
}

static void
show_message (AgScanDialog *self,
              const char   *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->message_box, message != NULL);
}

static AgScannerDevice *
get_selected_device (AgScanDialog *self)
{
  guint position = adw_combo_row_get_selected (self->device_row);

  if (self->devices == NULL || position >= self->devices->len)
    return NULL;
  return g_ptr_array_index (self->devices, position);
}

static char *
dup_device_label (const AgScannerDevice *device)
{
  g_autofree char *label = g_strstrip (g_strdup_printf ("%s %s", device->vendor, device->model));

  return label[0] != '\0' ? g_steal_pointer (&label) : g_strdup (device->name);
}

/* A choice of source only for a scanner that has both. */
static void
device_changed_cb (AgScanDialog *self)
{
  AgScannerDevice *device = get_selected_device (self);
  AgScanSourceFlags both = AG_SCAN_SOURCE_FLAG_FLATBED | AG_SCAN_SOURCE_FLAG_ADF;

  gtk_widget_set_visible (GTK_WIDGET (self->source_row),
                          device != NULL && (device->sources & both) == both);
  if (device != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->device_row), device->name);
  show_message (self, NULL);
}

/* Listing */

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(AgScanDialog) self = user_data;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) labels = NULL;
  g_autofree char *last = NULL;
  guint n_network = 0;
  guint selected = 0;

  devices = ag_scanner_list_devices_finish (result, &n_network, &error);
  if (self->closed)
    return;

  g_clear_object (&self->list_cancellable);
  gtk_spinner_set_spinning (self->looking_spinner, FALSE);

  if (devices == NULL || devices->len == 0)
    {
      g_autoptr(GString) description = g_string_new (NULL);

      g_clear_pointer (&self->devices, g_ptr_array_unref);
      if (devices == NULL)
        {
          g_string_append (description, error->message);
        }
      else
        {
          g_string_append (description, _("Connect a scanner by USB, switch it on and press Refresh."));
          g_string_append (description, "\n");
          if (n_network > 0)
            g_string_append_printf (description,
                                    ngettext ("One network scanner was found, but Airgap blocks its own network access and cannot use it.",
                                              "%u network scanners were found, but Airgap blocks its own network access and cannot use them.",
                                              n_network),
                                    n_network);
          else
            g_string_append (description, _("Network scanners cannot be used: Airgap blocks its own network access."));
        }
      adw_status_page_set_description (self->empty_page, description->str);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }

  last = g_settings_get_string (self->settings, "scan-device");
  labels = gtk_string_list_new (NULL);
  for (guint i = 0; i < devices->len; i++)
    {
      AgScannerDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *label = dup_device_label (device);

      gtk_string_list_append (labels, label);
      if (g_strcmp0 (device->name, last) == 0)
        selected = i;
    }

  g_clear_pointer (&self->devices, g_ptr_array_unref);
  self->devices = g_steal_pointer (&devices);
  g_signal_handlers_block_by_func (self->device_row, device_changed_cb, self);
  adw_combo_row_set_model (self->device_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->device_row, selected);
  g_signal_handlers_unblock_by_func (self->device_row, device_changed_cb, self);
  device_changed_cb (self);

  gtk_stack_set_visible_child_name (self->stack, "ready");
  update_actions (self);
  gtk_widget_grab_focus (self->scan_button);
}

static void
refresh (AgScanDialog *self)
{
  if (self->list_cancellable != NULL || self->scan_cancellable != NULL)
    return;

  self->list_cancellable = g_cancellable_new ();
  show_message (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "looking");
  gtk_spinner_set_spinning (self->looking_spinner, TRUE);
  update_actions (self);
  ag_scanner_list_devices_async (self->list_cancellable, list_cb, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (AG_SCAN_DIALOG (widget));
}

/* Scanning */

static gboolean
pulse_cb (gpointer user_data)
{
  AgScanDialog *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
set_scanning (AgScanDialog *self,
              gboolean      scanning)
{
  gtk_widget_set_sensitive (self->settings_group, !scanning);
  gtk_widget_set_visible (self->progress_box, scanning);
  gtk_stack_set_visible_child_name (self->button_stack, scanning ? "cancel" : "scan");
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (scanning)
    self->pulse_id = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
  update_actions (self);
  /* The button with the focus was just hidden. */
  gtk_widget_grab_focus (gtk_stack_get_visible_child (self->button_stack));
}

static void
scan_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(AgScanDialog) self = user_data;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = ag_scanner_scan_finish (result, &error);
  if (self->closed)
    return;

  g_clear_object (&self->scan_cancellable);
  set_scanning (self, FALSE);

  if (document == NULL)
    {
      g_debug ("Scan failed: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, _("Scanning was cancelled. Nothing was scanned."));
      else
        show_message (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SCANNED], 0, document);
  gtk_window_close (GTK_WINDOW (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  AgScanDialog *self = AG_SCAN_DIALOG (widget);
  AgScannerDevice *device = get_selected_device (self);
  g_auto(GStrv) device_options = NULL;
  g_autofree char *label = NULL;
  g_autofree char *message = NULL;
  AgScanSettings settings = { 0 };
  guint position;

  if (device == NULL || self->scan_cancellable != NULL)
    return;

  position = MIN (adw_combo_row_get_selected (self->resolution_row), G_N_ELEMENTS (resolutions) - 1);
  settings.resolution = resolutions[position];
  settings.mode = adw_combo_row_get_selected (self->mode_row) == 1 ? AG_SCAN_MODE_GRAY : AG_SCAN_MODE_COLOR;
  settings.source = AG_SCAN_SOURCE_DEFAULT;
  if (gtk_widget_get_visible (GTK_WIDGET (self->source_row)))
    settings.source = adw_combo_row_get_selected (self->source_row) == 1 ? AG_SCAN_SOURCE_ADF : AG_SCAN_SOURCE_FLATBED;
  device_options = g_settings_get_strv (self->settings, "scanner-options");
  settings.device_options = (const char * const *) device_options;

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "scan-device", device->name);
  g_settings_set_int (self->settings, "scan-resolution", settings.resolution);
  g_settings_set_enum (self->settings, "scan-mode", settings.mode);
  if (settings.source != AG_SCAN_SOURCE_DEFAULT)
    g_settings_set_enum (self->settings, "scan-source", settings.source);
  g_settings_apply (self->settings);

  label = dup_device_label (device);
  if (settings.source == AG_SCAN_SOURCE_ADF)
    message = g_strdup_printf (_("Scanning every page in the feeder of “%s”…"), label);
  else
    message = g_strdup_printf (_("Scanning with “%s”…"), label);
  gtk_label_set_text (self->progress_label, message);
  show_message (self, NULL);

  self->scan_cancellable = g_cancellable_new ();
  set_scanning (self, TRUE);
  ag_scanner_scan_async (device->name, &settings, self->scan_cancellable, scan_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AgScanDialog *self = AG_SCAN_DIALOG (widget);

  if (self->scan_cancellable == NULL)
    return;

  gtk_label_set_text (self->progress_label, _("Cancelling…"));
  gtk_widget_action_set_enabled (widget, "scan.cancel", FALSE);
  g_cancellable_cancel (self->scan_cancellable);
}

/* Escape stops a scan first, and closes the dialog after. */
static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AgScanDialog *self = AG_SCAN_DIALOG (widget);

  if (self->scan_cancellable != NULL)
    cancel_action (widget, NULL, NULL);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Settings */

static void
restore_settings (AgScanDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  int resolution = g_settings_get_int (self->settings, "scan-resolution");
  guint nearest = 0;

  for (guint i = 0; i < G_N_ELEMENTS (resolutions); i++)
    {
      /* Translators: a scan resolution, in dots per inch */
      g_autofree char *label = g_strdup_printf (_("%d dpi"), resolutions[i]);

      gtk_string_list_append (labels, label);
      if (ABS (resolutions[i] - resolution) < ABS (resolutions[nearest] - resolution))
        nearest = i;
    }
  adw_combo_row_set_model (self->resolution_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->resolution_row, nearest);

  adw_combo_row_set_selected (self->mode_row,
                              g_settings_get_enum (self->settings, "scan-mode") == AG_SCAN_MODE_GRAY ? 1 : 0);
  adw_combo_row_set_selected (self->source_row,
                              g_settings_get_enum (self->settings, "scan-source") == AG_SCAN_SOURCE_ADF ? 1 : 0);
}

/* GObject */

/* Closed or destroyed (with its window): what runs is given up.  The
 * calls on their way keep the dialog alive until they return, so this
 * cannot wait for dispose. */
static void
stop (AgScanDialog *self)
{
  self->closed = TRUE;
  g_cancellable_cancel (self->list_cancellable);
  g_cancellable_cancel (self->scan_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static gboolean
ag_scan_dialog_close_request (GtkWindow *window)
{
  stop (AG_SCAN_DIALOG (window));

  return GTK_WINDOW_CLASS (ag_scan_dialog_parent_class)->close_request (window);
}

static void
ag_scan_dialog_unrealize (GtkWidget *widget)
{
  stop (AG_SCAN_DIALOG (widget));

  GTK_WIDGET_CLASS (ag_scan_dialog_parent_class)->unrealize (widget);
}

static void
ag_scan_dialog_dispose (GObject *object)
{
  AgScanDialog *self = AG_SCAN_DIALOG (object);

  stop (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), AG_TYPE_SCAN_DIALOG);

  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->scan_cancellable);
  g_clear_pointer (&self->devices, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ag_scan_dialog_parent_class)->dispose (object);
}

static void
ag_scan_dialog_class_init (AgScanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ag_scan_dialog_dispose;
  widget_class->unrealize = ag_scan_dialog_unrealize;
  window_class->close_request = ag_scan_dialog_close_request;

  /**
   * AgScanDialog::scanned:
   * @document: the pages scanned
   *
   * A scan succeeded; the dialog closes after.
   */
  signals[SCANNED] = g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, AG_TYPE_DOCUMENT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ag-scan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, looking_spinner);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, settings_group);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, device_row);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, resolution_row);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, message_box);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, button_stack);
  gtk_widget_class_bind_template_child (widget_class, AgScanDialog, scan_button);

  gtk_widget_class_install_action (widget_class, "scan.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "scan.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "scan.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "scan.escape", NULL, escape_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "scan.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "scan.refresh", NULL);
}

static void
ag_scan_dialog_init (AgScanDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ag_accessible_fix_mnemonic_names (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  restore_settings (self);
  g_signal_connect_object (self->device_row, "notify::selected", G_CALLBACK (device_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);
  refresh (self);
}

/**
 * ag_scan_dialog_new:
 * @parent: (nullable): the window the pages go to
 *
 * Returns: (transfer none): a new dialog, looking for scanners already
 */
GtkWindow *
ag_scan_dialog_new (GtkWindow *parent)
{
  return g_object_new (AG_TYPE_SCAN_DIALOG, "transient-for", parent, NULL);
}

const char *
ag_scan_dialog_get_state (AgScanDialog *self)
{
  const char *page;

  g_return_val_if_fail (AG_IS_SCAN_DIALOG (self), NULL);

  page = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (page, "ready") == 0 && self->scan_cancellable != NULL)
    return "scanning";
  return page;
}
