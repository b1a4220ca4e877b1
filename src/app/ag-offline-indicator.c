/* ag-offline-indicator.c — the header bar's "Offline" pill
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Always visible: green "Offline" with a shield when the network lockdown
 * is active and verified, amber "Not verified" when it is not.  Its
 * popover says in plain words what that means.  It reads the state from
 * ag_lockdown_get_state(); the lockdown is applied in AgApplication's
 * startup, before any window exists, and the state is looked at again
 * when the pill is mapped in case a window was made earlier.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ag-core.h"
#include "ag-offline-indicator.h"

struct _AgOfflineIndicator
{
  GtkWidget        parent_instance;

  GtkWidget       *button;
  GtkImage        *icon;
  GtkLabel        *label;
  GtkLabel        *title;
  GtkLabel        *network;
  GtkLabel        *reason;
  GtkLabel        *sandbox;
  GtkWidget       *popover_content;

  AgLockdownState  state;
  gboolean         synced;
};

G_DEFINE_FINAL_TYPE (AgOfflineIndicator, ag_offline_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ag_offline_indicator_sync (AgOfflineIndicator *self)
{
  AgLockdownState state = ag_lockdown_get_state ();
  gboolean active = state == AG_LOCKDOWN_ACTIVE;
  g_autofree char *accessible = NULL;

  /* The second promise: what a document can do once it is opened. */
  if (ag_sandbox_is_enabled ())
    gtk_label_set_label (self->sandbox,
                         _("Documents are opened in a separate, sandboxed process that can "
                           "neither reach the network nor open your other files."));
  else
    gtk_label_set_label (self->sandbox,
                         _("Documents are opened inside this window: Airgap’s sandboxed "
                           "document reader could not be started."));

  if (self->synced && state == self->state)
    return;

  self->synced = TRUE;
  self->state = state;

  gtk_widget_remove_css_class (GTK_WIDGET (self), active ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self), active ? "success" : "warning");

  if (active)
    {
      gtk_image_set_from_icon_name (self->icon, "airgap-offline-symbolic");
      gtk_label_set_label (self->label, C_("network state", "Offline"));
      /* Starts with the pill's own word, so a screen reader user hears
       * what a sighted user reads.  Translators: %s is “Offline”. */
      accessible = g_strdup_printf (_("%s: this window cannot open network connections"),
                                    C_("network state", "Offline"));
      gtk_widget_set_tooltip_text (self->button, _("Nothing you open leaves this computer"));

      gtk_label_set_label (self->title, _("This window is offline"));
      gtk_label_set_label (self->network,
                           _("This window cannot open network connections. Airgap tried to open "
                             "an internet connection at start-up and the system refused it."));
      gtk_widget_set_visible (GTK_WIDGET (self->reason), FALSE);
    }
  else
    {
      gtk_image_set_from_icon_name (self->icon, "airgap-offline-unverified-symbolic");
      gtk_label_set_label (self->label, C_("network state", "Not verified"));
      /* Translators: %s is “Not verified”. */
      accessible = g_strdup_printf (_("%s: Airgap could not make sure this window cannot open "
                                      "network connections"),
                                    C_("network state", "Not verified"));
      gtk_widget_set_tooltip_text (self->button, _("The network block could not be verified"));

      gtk_label_set_label (self->title, _("Offline mode is not verified"));
      gtk_label_set_label (self->network,
                           _("Airgap itself never sends anything, but this time the system does "
                             "not enforce it: this window could open network connections. For "
                             "confidential documents, disconnect this computer from the network "
                             "first."));
      gtk_label_set_label (self->reason, ag_lockdown_get_details ());
      gtk_widget_set_visible (GTK_WIDGET (self->reason), TRUE);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, ag_lockdown_get_details (),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
ag_offline_indicator_map (GtkWidget *widget)
{
  ag_offline_indicator_sync (AG_OFFLINE_INDICATOR (widget));
  GTK_WIDGET_CLASS (ag_offline_indicator_parent_class)->map (widget);
}

static void
ag_offline_indicator_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), AG_TYPE_OFFLINE_INDICATOR);
  G_OBJECT_CLASS (ag_offline_indicator_parent_class)->dispose (object);
}

static void
ag_offline_indicator_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AgOfflineIndicator *self = AG_OFFLINE_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, ag_offline_indicator_get_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* GTK 4.8's popover asks its child how tall it is for a width that
 * includes the popover's own padding and shadow, then gives it less: the
 * wrapped text took more lines than it had room for and the last line
 * was cut off (most in Chinese).  The popover's content answers for the
 * width it will really get, its natural width. */
static void
content_measure_cb (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (child == NULL)
    return;

  if (orientation == GTK_ORIENTATION_VERTICAL && for_size >= 0)
    {
      int natural_width;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural_width, NULL, NULL);
      for_size = MIN (for_size, natural_width);
    }

  gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
content_allocate_cb (GtkWidget *widget,
                     int        width,
                     int        height,
                     int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
ag_offline_indicator_class_init (AgOfflineIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ag_offline_indicator_dispose;
  object_class->get_property = ag_offline_indicator_get_property;
  widget_class->map = ag_offline_indicator_map;

  /**
   * AgOfflineIndicator:state:
   *
   * The state of the network lockdown the indicator shows.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       AG_TYPE_LOCKDOWN_STATE, AG_LOCKDOWN_NOT_APPLIED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ag-offline-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, AgOfflineIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, AgOfflineIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, AgOfflineIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, AgOfflineIndicator, title);
  gtk_widget_class_bind_template_child (widget_class, AgOfflineIndicator, network);
  gtk_widget_class_bind_template_child (widget_class, AgOfflineIndicator, reason);
  gtk_widget_class_bind_template_child (widget_class, AgOfflineIndicator, sandbox);
  gtk_widget_class_bind_template_child (widget_class, AgOfflineIndicator, popover_content);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "offlineindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ag_offline_indicator_init (AgOfflineIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (self->popover_content,
                                 gtk_custom_layout_new (NULL, content_measure_cb, content_allocate_cb));
  ag_offline_indicator_sync (self);
}

/**
 * ag_offline_indicator_new:
 *
 * Returns: (transfer floating): a new indicator showing the lockdown's state
 */
GtkWidget *
ag_offline_indicator_new (void)
{
  return g_object_new (AG_TYPE_OFFLINE_INDICATOR, NULL);
}

/**
 * ag_offline_indicator_get_state:
 * @self: an #AgOfflineIndicator
 *
 * Returns: the lockdown state the indicator shows
 */
AgLockdownState
ag_offline_indicator_get_state (AgOfflineIndicator *self)
{
  g_return_val_if_fail (AG_IS_OFFLINE_INDICATOR (self), AG_LOCKDOWN_NOT_APPLIED);

  return self->state;
}
