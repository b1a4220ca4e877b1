/* ag-preferences-window.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ag-accessible.h"
#include "ag-preferences-window.h"

struct _AgPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkSwitch            *preprocess_switch;
  GtkSwitch            *recent_switch;
  GtkSwitch            *screenshot_copy_switch;
  AdwComboRow          *engine_row;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (AgPreferencesWindow, ag_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The combo row's positions follow the schema's EngineKind values. */
static gboolean
engine_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);
  guint position = 0;

  if (g_strcmp0 (nick, "tesseract") == 0)
    position = 1;
  else if (g_strcmp0 (nick, "ppocr") == 0)
    position = 2;

  g_value_set_uint (value, position);
  return TRUE;
}

static GVariant *
engine_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  static const char * const nicks[] = { "automatic", "tesseract", "ppocr" };
  guint position = g_value_get_uint (value);

  return g_variant_new_string (nicks[MIN (position, G_N_ELEMENTS (nicks) - 1)]);
}

static void
ag_preferences_window_dispose (GObject *object)
{
  AgPreferencesWindow *self = AG_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AG_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ag_preferences_window_parent_class)->dispose (object);
}

static void
ag_preferences_window_class_init (AgPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ag_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ag-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AgPreferencesWindow, preprocess_switch);
  gtk_widget_class_bind_template_child (widget_class, AgPreferencesWindow, recent_switch);
  gtk_widget_class_bind_template_child (widget_class, AgPreferencesWindow, screenshot_copy_switch);
  gtk_widget_class_bind_template_child (widget_class, AgPreferencesWindow, engine_row);
}

static void
ag_preferences_window_init (AgPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ag_accessible_fix_mnemonic_names (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "preprocess", self->preprocess_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "remember-recent", self->recent_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "copy-after-screenshot", self->screenshot_copy_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "engine", self->engine_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, engine_get_mapping, engine_set_mapping,
                                NULL, NULL);
}

GtkWindow *
ag_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (AG_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
