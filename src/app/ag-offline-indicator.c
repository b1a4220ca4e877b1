/* ag-offline-indicator.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* STUB: shows the pill only; the lockdown state and popover are to come. */

#include "config.h"

#include <glib/gi18n.h>

#include "ag-offline-indicator.h"

struct _AgOfflineIndicator
{
  GtkWidget  parent_instance;
  GtkWidget *button;
};

G_DEFINE_FINAL_TYPE (AgOfflineIndicator, ag_offline_indicator, GTK_TYPE_WIDGET)

static void
ag_offline_indicator_dispose (GObject *object)
{
  AgOfflineIndicator *self = AG_OFFLINE_INDICATOR (object);

  g_clear_pointer (&self->button, gtk_widget_unparent);
  G_OBJECT_CLASS (ag_offline_indicator_parent_class)->dispose (object);
}

static void
ag_offline_indicator_class_init (AgOfflineIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ag_offline_indicator_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "offlineindicator");
}

static void
ag_offline_indicator_init (AgOfflineIndicator *self)
{
  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->button), _("Offline"));
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
}

GtkWidget *
ag_offline_indicator_new (void)
{
  return g_object_new (AG_TYPE_OFFLINE_INDICATOR, NULL);
}
