/* ag-language-button.c — the language picker in the header bar
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Lists the languages installed on this computer by their own names,
 * several at once, and stores the choice in GSettings "languages";
 * first "Automatic" (["auto"]: the engine chooses for each page).  A
 * .traineddata file can be added from disk (a USB stick); there is no
 * download, ever. */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ag-accessible.h"
#include "ag-core.h"
#include "ag-language-button.h"
#include "ag-tooltip.h"

struct _AgLanguageButton
{
  GtkWidget      parent_instance;

  /* template children */
  GtkWidget     *menu_button;
  GtkWidget     *popover;
  GtkListBox    *list;

  GSettings     *settings;
  GPtrArray     *languages;    /* AgLanguage, as installed */
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (AgLanguageButton, ag_language_button, GTK_TYPE_WIDGET)

static gboolean
is_installed (AgLanguageButton *self,
              const char       *code)
{
  for (guint i = 0; i < self->languages->len; i++)
    {
      AgLanguage *language = g_ptr_array_index (self->languages, i);

      if (g_strcmp0 (language->code, code) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * ag_language_button_dup_languages:
 *
 * Returns: (transfer full): the languages to recognise, Tesseract style
 *   ("eng+chi_sim"): the chosen ones that are installed, "auto" for
 *   Automatic, or the default
 */
char *
ag_language_button_dup_languages (AgLanguageButton *self)
{
  g_auto(GStrv) chosen = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;

  g_return_val_if_fail (AG_IS_LANGUAGE_BUTTON (self), NULL);

  chosen = g_settings_get_strv (self->settings, "languages");
  if (g_strv_contains ((const char * const *) chosen, AG_LANGUAGES_AUTO))
    return g_strdup (AG_LANGUAGES_AUTO);
  for (guint i = 0; chosen[i] != NULL; i++)
    if (self->languages->len == 0 || is_installed (self, chosen[i]))
      g_strv_builder_add (builder, chosen[i]);
  codes = g_strv_builder_end (builder);

  if (codes[0] == NULL)
    return g_strdup (ag_languages_get_default ());

  return g_strjoinv ("+", codes);
}

static void
update_label (AgLanguageButton *self)
{
  g_autofree char *languages = ag_language_button_dup_languages (self);
  g_auto(GStrv) codes = g_strsplit (languages, "+", -1);
  g_autofree char *first = NULL;
  g_autofree char *label = NULL;
  GString *tooltip = g_string_new (_("Languages of the text: "));
  guint n = g_strv_length (codes);

  if (ag_languages_is_auto (languages))
    g_string_append (tooltip, _("chosen for each page"));

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = ag_languages_dup_display_name (codes[i]);

      if (i == 0)
        first = g_strdup (name != NULL ? name : codes[i]);
      if (ag_languages_is_auto (languages))
        break;
      if (i > 0)
        /* Translators: between the names in a list of languages; Chinese
         * uses "、" */
        g_string_append (tooltip, C_("list separator", ", "));
      g_string_append (tooltip, name != NULL ? name : codes[i]);
    }

  if (n > 1)
    /* Translators: the first language chosen and how many more, e.g. "English +1" */
    label = g_strdup_printf (_("%s +%u"), first, n - 1);
  else
    label = g_strdup (first != NULL ? first : languages);

  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->menu_button), label);
  gtk_widget_set_tooltip_text (self->menu_button, tooltip->str);
  /* A screen reader says what the button is for, not only "Automatic":
   * the toggle button inside the menu button is what takes the focus. */
  for (GtkWidget *widget = self->menu_button; widget != NULL; widget = gtk_widget_get_first_child (widget))
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip->str, -1);
      if (GTK_IS_BUTTON (widget))
        break;
    }
  g_string_free (tooltip, TRUE);
}

static void
check_toggled_cb (AgLanguageButton *self,
                  GtkCheckButton   *check)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) codes = NULL;
  GtkWidget *row;

  if (self->updating)
    return;

  /* Automatic is a choice of its own; a language ticked ends it. */
  if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "code"), AG_LANGUAGES_AUTO) == 0 &&
      gtk_check_button_get_active (check))
    {
      const char *automatic[] = { AG_LANGUAGES_AUTO, NULL };

      g_settings_set_strv (self->settings, "languages", automatic);
      return;
    }

  builder = g_strv_builder_new ();
  for (row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *other = g_object_get_data (G_OBJECT (row), "check");
      const char *code = g_object_get_data (G_OBJECT (row), "code");

      if (other != NULL && gtk_check_button_get_active (other) && g_strcmp0 (code, AG_LANGUAGES_AUTO) != 0)
        g_strv_builder_add (builder, code);
    }
  codes = g_strv_builder_end (builder);

  /* At least one language: unticking the last one is not a choice. */
  if (codes[0] == NULL)
    {
      self->updating = TRUE;
      gtk_check_button_set_active (check, TRUE);
      self->updating = FALSE;
      return;
    }

  g_settings_set_strv (self->settings, "languages", (const char * const *) codes);
}

static void remove_clicked_cb (AgLanguageButton *self,
                               GtkButton        *button);

static GtkWidget *
create_row (AgLanguageButton *self,
            AgLanguage       *language,
            gboolean          active)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (language->name != NULL ? language->name : language->code);
  GtkWidget *code = gtk_label_new (ag_languages_is_auto (language->code)
                                     ? _("Chosen for each page") : language->code);

  gtk_widget_set_halign (name, GTK_ALIGN_START);
  gtk_widget_set_halign (code, GTK_ALIGN_START);
  gtk_widget_add_css_class (code, "dim-label");
  gtk_widget_add_css_class (code, "caption");
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), code);
  gtk_widget_set_hexpand (labels, TRUE);

  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), labels);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_widget_set_hexpand (check, TRUE);
  g_object_set_data_full (G_OBJECT (check), "code", g_strdup (language->code), g_free);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  gtk_box_append (GTK_BOX (box), check);

  if (language->user_added)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *tooltip = g_strdup_printf (_("Remove %s from this computer"),
                                                  language->name != NULL ? language->name : language->code);

      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                      -1);
      ag_tooltip_fix_widget (remove);
      g_object_set_data_full (G_OBJECT (remove), "code", g_strdup (language->code), g_free);
      g_signal_connect_swapped (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      gtk_box_append (GTK_BOX (box), remove);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "check", check);
  g_object_set_data_full (G_OBJECT (row), "code", g_strdup (language->code), g_free);

  return row;
}

static void
rebuild_list (AgLanguageButton *self)
{
  g_autofree char *current = ag_language_button_dup_languages (self);
  g_auto(GStrv) codes = g_strsplit (current, "+", -1);
  GtkWidget *child;

  self->updating = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (self->languages->len > 0)
    {
      AgLanguage automatic = { (char *) AG_LANGUAGES_AUTO, _("Automatic"), NULL, FALSE };

      gtk_list_box_append (self->list, create_row (self, &automatic, ag_languages_is_auto (current)));
    }

  for (guint i = 0; i < self->languages->len; i++)
    {
      AgLanguage *language = g_ptr_array_index (self->languages, i);

      if (g_strcmp0 (language->code, "osd") == 0 || g_strcmp0 (language->code, "equ") == 0)
        continue;
      gtk_list_box_append (self->list, create_row (self, language, g_strv_contains ((const char * const *) codes, language->code)));
    }

  if (self->languages->len == 0)
    {
      GtkWidget *label = gtk_label_new (_("No languages are installed. Add a .traineddata file."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_append (self->list, label);
    }
  self->updating = FALSE;
}

void
ag_language_button_reload (AgLanguageButton *self)
{
  g_return_if_fail (AG_IS_LANGUAGE_BUTTON (self));

  g_clear_pointer (&self->languages, g_ptr_array_unref);
  self->languages = ag_languages_list ();
  rebuild_list (self);
  update_label (self);
}

static void
remove_clicked_cb (AgLanguageButton *self,
                   GtkButton        *button)
{
  const char *code = g_object_get_data (G_OBJECT (button), "code");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) chosen = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) remaining = NULL;
  g_autofree char *removed = g_strdup (code);

  if (!ag_languages_remove (removed, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                  _("Could Not Remove the Language"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      ag_accessible_fix_mnemonic_names (GTK_WIDGET (dialog));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  chosen = g_settings_get_strv (self->settings, "languages");
  for (guint i = 0; chosen[i] != NULL; i++)
    if (g_strcmp0 (chosen[i], removed) != 0)
      g_strv_builder_add (builder, chosen[i]);
  remaining = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "languages", (const char * const *) remaining);

  ag_language_button_reload (self);
}

static void
import_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(AgLanguageButton) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AgLanguage) language = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_object_unref (chooser);
      return;
    }

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  language = ag_languages_import (file, NULL, &error);
  if (language == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                  _("Could Not Add the Language"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      ag_accessible_fix_mnemonic_names (GTK_WIDGET (dialog));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  ag_language_button_reload (self);
  {
    g_auto(GStrv) chosen = g_settings_get_strv (self->settings, "languages");
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) codes = NULL;

    if (chosen[0] == NULL || g_strv_contains ((const char * const *) chosen, AG_LANGUAGES_AUTO))
      {
        g_auto(GStrv) defaults = g_strsplit (ag_languages_get_default (), "+", -1);

        g_strv_builder_addv (builder, (const char **) defaults);
      }
    else
      g_strv_builder_addv (builder, (const char **) chosen);
    /* (Automatic reads English and Chinese only: an added language is
     * chosen with those of the desktop.) */
    if (!g_strv_contains ((const char * const *) chosen, language->code))
      g_strv_builder_add (builder, language->code);
    codes = g_strv_builder_end (builder);
    g_settings_set_strv (self->settings, "languages", (const char * const *) codes);
  }
}

static void
add_clicked_cb (AgLanguageButton *self,
                GtkButton        *button)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_popover_popdown (GTK_POPOVER (self->popover));

  chooser = gtk_file_chooser_native_new (_("Add a Language"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Tesseract Language Data (.traineddata)"));
  gtk_file_filter_add_suffix (filter, "traineddata");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (import_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
popover_show_cb (AgLanguageButton *self,
                 GtkPopover       *popover)
{
  ag_language_button_reload (self);
}

static void
settings_changed_cb (AgLanguageButton *self,
                     const char       *key,
                     GSettings        *settings)
{
  update_label (self);
  if (!self->updating && gtk_widget_get_visible (self->popover))
    rebuild_list (self);
}

static void
ag_language_button_dispose (GObject *object)
{
  AgLanguageButton *self = AG_LANGUAGE_BUTTON (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AG_TYPE_LANGUAGE_BUTTON);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->languages, g_ptr_array_unref);

  G_OBJECT_CLASS (ag_language_button_parent_class)->dispose (object);
}

static void
ag_language_button_class_init (AgLanguageButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ag_language_button_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "languagebutton");

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ag-language-button.ui");
  gtk_widget_class_bind_template_child (widget_class, AgLanguageButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, AgLanguageButton, popover);
  gtk_widget_class_bind_template_child (widget_class, AgLanguageButton, list);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
ag_language_button_init (AgLanguageButton *self)
{
  self->settings = g_settings_new (APPLICATION_ID);
  self->languages = ag_languages_list ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->settings, "changed::languages", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  rebuild_list (self);
  update_label (self);
}

GtkWidget *
ag_language_button_new (void)
{
  return g_object_new (AG_TYPE_LANGUAGE_BUTTON, NULL);
}
