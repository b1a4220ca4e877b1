/* ag-window.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ag-offline-indicator.h"
#include "ag-window.h"

struct _AgWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (AgWindow, ag_window, ADW_TYPE_APPLICATION_WINDOW)

static void
ag_window_class_init (AgWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (AG_TYPE_OFFLINE_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ag-window.ui");
}

static void
ag_window_init (AgWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

AgWindow *
ag_window_new (AgApplication *application)
{
  return g_object_new (AG_TYPE_WINDOW, "application", application, NULL);
}
