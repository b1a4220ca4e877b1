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
#include "ag-preferences-window.h"
#include "ag-window.h"

struct _AgApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (AgApplication, ag_application, ADW_TYPE_APPLICATION)

static AgWindow *
get_window (AgApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!AG_IS_WINDOW (window))
    window = GTK_WINDOW (ag_window_new (self));

  return AG_WINDOW (window);
}

static void
ag_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (AG_APPLICATION (app))));
}

static void
ag_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  AgWindow *window = get_window (AG_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  ag_window_open (window, files, n_files);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *preferences = ag_preferences_window_new (gtk_application_get_active_window (app));

  gtk_window_present (preferences);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Airgap developers"), NULL };
  g_autofree char *debug_info = NULL;
  GtkWidget *about;

  debug_info = g_strdup_printf ("Airgap %s\n%s\nGTK %u.%u.%u\nlibadwaita %u.%u.%u\n",
                                PACKAGE_VERSION, ag_engine_get_version_string (),
                                gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                                adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version ());

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Airgap"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Turns photos, screenshots, scans and PDFs into text on your own computer. Nothing you open ever leaves it."),
                        "developer-name", _("The Airgap developers"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/airgapocr/airgap",
                        "issue-url", "https://github.com/airgapocr/airgap/issues",
                        "debug-info", debug_info,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* close-request saves the window size */
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_close (window);
    }
}

/* app.screenshot: `airgap --screenshot`, from a first start or to the
 * running instance, so that a desktop shortcut can start a capture. */
static void
screenshot_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  AgWindow *window = get_window (AG_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.screenshot", NULL);
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "screenshot", screenshot_action },
  { "about", about_action },
  { "quit", quit_action },
};

/* The display connection is up now and no document has been read yet:
 * block the network (see ag-lockdown.c). */
static void
ag_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (ag_application_parent_class)->startup (app);

  ag_lockdown_apply ();
  /* Documents are read in sandboxed airgap-worker processes; one more is
   * kept warm so that a crashed one is replaced at once. */
  if (!ag_sandbox_init (2, NULL, AG_SANDBOX_NONE, &error))
    g_warning ("Documents are read without the sandbox: %s", error->message);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", preferences_accels);
}

static int
ag_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_contains (options, "screenshot"))
    return -1;

  /* The primary instance runs the action itself, another one sends it
   * there over the session bus. */
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_action_group_activate_action (G_ACTION_GROUP (app), "screenshot", NULL);
  if (g_application_get_is_remote (app))
    return 0;

  return -1;
}

static void
ag_application_class_init (AgApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = ag_application_handle_local_options;
  app_class->startup = ag_application_startup;
  app_class->activate = ag_application_activate;
  app_class->open = ag_application_open;
}

static void
ag_application_init (AgApplication *self)
{
  const GOptionEntry entries[] = {
    { "screenshot", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Take a screenshot with the desktop’s tool and read its text"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
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
