/* ag-application.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ag-application.h"
#include "ag-core.h"
#include "ag-window.h"

struct _AgApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (AgApplication, ag_application, ADW_TYPE_APPLICATION)

static void
ag_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ag_window_new (AG_APPLICATION (app)));
  gtk_window_present (window);
}

/* The display connection is up now and no document has been read yet:
 * block the network (see ag-lockdown.c). */
static void
ag_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (ag_application_parent_class)->startup (app);

  ag_lockdown_apply ();
}

static void
ag_application_class_init (AgApplicationClass *klass)
{
  G_APPLICATION_CLASS (klass)->startup = ag_application_startup;
  G_APPLICATION_CLASS (klass)->activate = ag_application_activate;
}

static void
ag_application_init (AgApplication *self)
{
}

AgApplication *
ag_application_new (void)
{
  return g_object_new (AG_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
