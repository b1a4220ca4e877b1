/* test-window-access.c — the window by keyboard, by screen reader, and in
 * Chinese
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Keys are pressed and the mouse moved through the test's X display
 * (xdotool), so they go through GTK's own event handling as a person's
 * would. */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ag-core.h"
#include "ag-offline-indicator.h"
#include "ag-resources.h"
#include "ag-test-util.h"
#include "ag-test-window.h"

#define FONT "DejaVu Sans 16"
#define DPI  200

static const char *two_lines = "The quick brown fox jumps\nLazy dogs sleep all afternoon";

static GdkContentProvider *
new_image_provider (const char *text)
{
  g_autofree char *path = ag_test_render_text_png (text, FONT, DPI);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return gdk_content_provider_new_for_bytes ("image/png", bytes);
}

/* Ctrl+V, pressed on the keyboard, works on the start page and on the
 * error page, where no widget of the document is shown to take it. */
static void
test_window_paste_keys (void)
{
  const char *pasted = "Pasted with the keyboard";
  g_autoptr(GdkContentProvider) provider = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("this is not an image", 20);
  g_autofree char *junk_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = NULL;
  AgWindow *window;

  if (!ag_test_can_recognize ())
    return;

  provider = new_image_provider (pasted);

  window = ag_test_new_mapped_window (1100, 700);
  g_assert_cmpstr (ag_window_test_get_visible_page_name (window), ==, "empty");
  g_assert_true (gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (window)), provider));
  if (!ag_test_send_keys (window, "ctrl+v"))
    {
      ag_test_close_window (window, 20);
      return;
    }
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 30));
  text = ag_test_window_dup_text (window);
  g_test_message ("pasted on the start page: %s", text);
  g_assert_cmpfloat (ag_test_cer (text, pasted, FALSE), <, 0.1);
  ag_test_close_window (window, 20);
  g_clear_pointer (&text, g_free);

  /* The error page. */
  junk_path = ag_test_write_file ("keys-junk.png", junk);
  file = g_file_new_for_path (junk_path);
  window = ag_test_new_mapped_window (1100, 700);
  ag_window_open (window, &file, 1);
  g_assert_true (ag_test_wait_until (ag_test_window_shows_error, window, 10));
  g_assert_true (gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (window)), provider));
  g_assert_true (ag_test_send_keys (window, "ctrl+v"));
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 30));
  text = ag_test_window_dup_text (window);
  g_test_message ("pasted on the error page: %s", text);
  g_assert_cmpfloat (ag_test_cer (text, pasted, FALSE), <, 0.1);
  ag_test_close_window (window, 20);
}

static GtkWidget *
get_focus (AgWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static gboolean
focus_is_in (AgWindow  *window,
             GtkWidget *widget)
{
  GtkWidget *focus = get_focus (window);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Tab moves the focus, also out of the text: twenty presses from the
 * text never change it, and reach the header bar, Save and Copy on the
 * way.  F6 goes from pane to pane: text, header bar, page, text. */
static void
test_window_tab (void)
{
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *open_button, *save_button, *copy_button, *text_view, *page_view;
  gboolean reached_open = FALSE, reached_save = FALSE, reached_copy = FALSE;
  AgWindow *window;

  if (!ag_test_can_recognize ())
    return;

  path = ag_test_render_text_png (two_lines, FONT, DPI);
  window = ag_test_new_mapped_window (1100, 700);
  ag_test_window_open_path (window, path);
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 30));
  before = ag_test_window_dup_text (window);

  open_button = ag_test_find_action_button (GTK_WIDGET (window), "win.open");
  save_button = ag_test_find_action_button (GTK_WIDGET (window), "win.save");
  copy_button = ag_test_find_action_button (GTK_WIDGET (window), "win.copy-all");
  text_view = GTK_WIDGET (ag_test_window_get_text_view (window));
  page_view = GTK_WIDGET (ag_test_window_get_page_view (window));
  g_assert_nonnull (open_button);
  g_assert_nonnull (save_button);
  g_assert_nonnull (copy_button);

  /* The person clicked into the text. */
  g_assert_true (gtk_widget_grab_focus (text_view));
  for (int i = 0; i < 20; i++)
    {
      if (!ag_test_send_keys (window, "Tab"))
        {
          ag_test_close_window (window, 20);
          return;
        }
      reached_open |= get_focus (window) == open_button;
      reached_save |= get_focus (window) == save_button;
      reached_copy |= get_focus (window) == copy_button;
    }
  after = ag_test_window_dup_text (window);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (reached_open);
  g_assert_true (reached_save);
  g_assert_true (reached_copy);

  /* F6: text → header bar → page → text. */
  g_assert_true (gtk_widget_grab_focus (text_view));
  g_assert_true (ag_test_send_keys (window, "F6"));
  g_assert_true (focus_is_in (window, ag_test_find_widget (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR)));
  g_assert_true (ag_test_send_keys (window, "F6"));
  g_assert_true (get_focus (window) == page_view);
  g_assert_true (ag_test_send_keys (window, "F6"));
  g_assert_true (get_focus (window) == text_view);
  g_assert_true (ag_test_send_keys (window, "shift+F6"));
  g_assert_true (get_focus (window) == page_view);

  g_free (after);
  after = ag_test_window_dup_text (window);
  g_assert_cmpstr (after, ==, before);

  ag_test_close_window (window, 20);
}

/* Escape stops a reading as the Cancel button does, wherever the focus
 * is in the document. */
static void
test_window_escape (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  AgWindow *window;

  if (!ag_test_can_recognize ())
    return;

  path = ag_test_render_text_png ("Page after page of text\nto keep the engine busy for a while\n"
                                  "so that there is time to press Escape", FONT, DPI);
  for (guint i = 0; i < 12; i++)
    g_ptr_array_add (files, g_file_new_for_path (path));

  window = ag_test_new_mapped_window (1100, 700);
  ag_window_open (window, (GFile **) files->pdata, files->len);
  g_assert_true (ag_test_wait_until (ag_test_window_is_busy, window, 30));

  if (!ag_test_send_keys (window, "Escape"))
    {
      ag_test_close_window (window, 20);
      return;
    }
  g_assert_true (ag_test_wait_until (ag_test_window_is_idle, window, 10));
  g_assert_nonnull (strstr (ag_window_test_get_status (window), "Stopped"));
  /* The pages read before the stop stay (see /window/page-by-page); the
   * others were not read. */
  g_assert_true (ag_window_test_get_recognition (window) == NULL ||
                 ag_recognition_get_n_pages (ag_window_test_get_recognition (window)) < 12);

  ag_test_close_window (window, 20);
}

/* Switches the messages to @language (as LANGUAGE= would at start), with
 * the catalogues of the build tree.  The locale is @language's own where
 * it is installed (build-aux/dev.sh generates zh_CN.UTF-8 and
 * zh_TW.UTF-8): glibc 2.39 (Debian 13's 2.41; Debian's 2.37-9 already)
 * ignores LANGUAGE under C.UTF-8 as it always did under C, and only
 * glibc 2.36 and older (Debian 12) read it there. */
static void
use_messages_in (const char *language)
{
  g_autofree char *locale = g_strconcat (language, ".UTF-8", NULL);

  g_setenv ("LANGUAGE", language, TRUE);
  /* a new locale makes gettext forget the messages it looked up */
  if (strcmp (language, "C") == 0 || setlocale (LC_ALL, locale) == NULL)
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("AIRGAP_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* On a Chinese desktop the languages are listed with "、", not with an
 * English comma: in the language button's tooltip and the status line. */
static void
test_window_languages_zh (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(AgLanguage) chi_sim = ag_languages_lookup ("chi_sim");
  const char *both[] = { "eng", "chi_sim", NULL };
  g_autofree char *path = NULL;
  const char *tooltip;
  GtkWidget *language_button;
  const char *status;
  AgWindow *window;

  if (!ag_test_can_recognize ())
    return;
  if (chi_sim == NULL)
    {
      g_test_skip ("Simplified Chinese language data is not installed");
      return;
    }
  if (g_getenv ("AIRGAP_LOCALEDIR") == NULL)
    {
      g_test_skip ("AIRGAP_LOCALEDIR does not name the build's catalogues");
      return;
    }

  use_messages_in ("zh_CN");
  g_assert_cmpstr (_("Reading…"), ==, "正在识别…");

  g_settings_set_strv (settings, "languages", both);
  path = ag_test_render_text_png (two_lines, FONT, DPI);
  window = ag_test_new_mapped_window (1100, 700);

  language_button = ag_test_find_widget (ag_test_find_widget (GTK_WIDGET (window), AG_TYPE_LANGUAGE_BUTTON),
                                         GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (language_button);
  tooltip = gtk_widget_get_tooltip_text (language_button);
  g_test_message ("tooltip: %s", tooltip);
  g_assert_nonnull (strstr (tooltip, "、"));
  g_assert_null (strstr (tooltip, ", "));

  ag_test_window_open_path (window, path);
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 60));
  status = ag_window_test_get_status (window);
  g_test_message ("status: %s", status);
  g_assert_nonnull (strstr (status, "、"));
  g_assert_null (strstr (status, ", "));

  ag_test_close_window (window, 20);
  g_settings_reset (settings, "languages");
  use_messages_in ("C");
}

static GtkWidget *
find_tooltip_owner (GtkWidget  *root,
                    const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip_owner (child, tooltip);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  AgWindow   *window;
  const char *text;
} TooltipWait;

/* A tooltip's label showing @text on the screen (GTK parents the tooltip
 * to the window). */
static GtkLabel *
find_shown_tooltip_label (GtkWidget  *root,
                          const char *text,
                          gboolean    in_tooltip)
{
  in_tooltip |= g_strcmp0 (gtk_widget_get_css_name (root), "tooltip") == 0;
  /* mapped and laid out at its width */
  if (in_tooltip && GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) && gtk_widget_get_width (root) > 0 &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_shown_tooltip_label (child, text, in_tooltip);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
shows_tooltip (gpointer data)
{
  TooltipWait *wait = data;

  return find_shown_tooltip_label (GTK_WIDGET (wait->window), wait->text, FALSE) != NULL;
}

/* Chinese tooltips stand on one line, not one character a line as GTK
 * 4.8 sets them (its label gets as many average character widths as the
 * text has characters, and a Chinese character is twice as wide). */
static void
test_window_tooltips_zh (void)
{
  const char *tooltips[] = { "Main Menu", "Open a Photo, Scan or PDF (Ctrl+O)" };
  GtkWidget *elsewhere;
  AgWindow *window;

  if (g_getenv ("AIRGAP_LOCALEDIR") == NULL)
    {
      g_test_skip ("AIRGAP_LOCALEDIR does not name the build's catalogues");
      return;
    }

  use_messages_in ("zh_CN");
  window = ag_test_new_mapped_window (1100, 700);
  elsewhere = ag_test_find_widget (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE);

  for (guint i = 0; i < G_N_ELEMENTS (tooltips); i++)
    {
      TooltipWait wait = { window, _(tooltips[i]) };
      GtkWidget *owner;
      GtkLabel *label;
      int lines;

      g_assert_cmpstr (wait.text, !=, tooltips[i]);
      owner = find_tooltip_owner (GTK_WIDGET (window), wait.text);
      g_assert_nonnull (owner);

      if (!ag_test_point_at (window, elsewhere) || !ag_test_point_at (window, owner))
        break;
      /* (once more if the first move came while GTK was still busy) */
      if (!ag_test_wait_until (shows_tooltip, &wait, 3))
        {
          g_assert_true (ag_test_point_at (window, elsewhere));
          g_assert_true (ag_test_point_at (window, owner));
          g_assert_true (ag_test_wait_until (shows_tooltip, &wait, 10));
        }
      label = find_shown_tooltip_label (GTK_WIDGET (window), wait.text, FALSE);
      lines = pango_layout_get_line_count (gtk_label_get_layout (label));
      g_test_message ("“%s”: %d lines, %d px wide", wait.text, lines, gtk_widget_get_width (GTK_WIDGET (label)));
      g_assert_cmpint (lines, ==, 1);
    }

  ag_test_close_window (window, 20);
  use_messages_in ("C");
}

/* Adds the mnemonic keys of @model's items (sections included) to @keys,
 * failing on one that is there already. */
static void
collect_mnemonics (GMenuModel *model,
                   GString    *keys)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      GMenuModel *section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      const char *underscore;

      if (section != NULL)
        {
          collect_mnemonics (section, keys);
          g_object_unref (section);
        }
      if (!g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        continue;

      underscore = strchr (label, '_');
      g_assert_nonnull (underscore);
      g_test_message ("%s", label);
      g_assert_null (strchr (keys->str, g_ascii_tolower (underscore[1])));
      g_string_append_c (keys, g_ascii_tolower (underscore[1]));
    }
}

static GtkWidget *
find_primary_menu_button (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (root)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Every item of a menu has a key of its own (Alt+letter): in English and
 * in Chinese, and in the text's menu also against GTK's own items there
 * (Cu_t, _Copy, _Paste, _Delete, Select _All, Insert _Emoji). */
static void
test_window_mnemonics (void)
{
  const char *languages[] = { "C", "zh_CN", "zh_TW" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autoptr(GString) keys = g_string_new (NULL);
      AgWindow *window;
      GtkWidget *menu_button;

      if (l > 0 && g_getenv ("AIRGAP_LOCALEDIR") == NULL)
        break;
      use_messages_in (languages[l]);
      window = ag_test_new_mapped_window (1100, 700);

      menu_button = find_primary_menu_button (GTK_WIDGET (window));
      g_assert_nonnull (menu_button);
      collect_mnemonics (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)), keys);

      g_string_assign (keys, "tcpdae");
      collect_mnemonics (gtk_text_view_get_extra_menu (ag_test_window_get_text_view (window)), keys);

      ag_test_close_window (window, 20);
    }
  use_messages_in ("C");
}

static gboolean
find_label_exactly (GtkWidget  *root,
                    const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_visible (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_label_exactly (child, text))
      return TRUE;

  return FALSE;
}

/* The label of an item in the popover menu, and the key shown beside it. */
static gboolean
menu_item_shows (GtkWidget  *root,
                 const char *label,
                 const char *accel)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), label) == 0)
    {
      GtkWidget *item = root;

      while (item != NULL && g_strcmp0 (gtk_widget_get_css_name (item), "modelbutton") != 0)
        item = gtk_widget_get_parent (item);
      g_assert_nonnull (item);
      return find_label_exactly (item, accel);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (menu_item_shows (child, label, accel))
      return TRUE;

  return FALSE;
}

/* The main menu shows the keys of its items, V for "Read Region as
 * Vertical Text" too. */
static void
test_window_menu_accels (void)
{
  AgWindow *window = ag_test_new_mapped_window (1100, 700);
  GtkWidget *menu_button = find_primary_menu_button (GTK_WIDGET (window));
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));

  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  g_assert_true (ag_test_wait_until (ag_test_widget_is_mapped, popover, 10));
  ag_test_wait_until (ag_test_never, NULL, 0.2);
  g_assert_true (menu_item_shows (GTK_WIDGET (popover), "Open…", "Ctrl+O"));
  g_assert_true (menu_item_shows (GTK_WIDGET (popover), "Read Region as Vertical Text", "V"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  ag_test_close_window (window, 20);
}

/* Every label inside @root has at least the height it needs for the
 * width it was given, and lies inside @root: no line is cut off. */
static void
assert_labels_fit (GtkWidget *root,
                   GtkWidget *label)
{
  if (GTK_IS_LABEL (label) && gtk_widget_get_mapped (label))
    {
      graphene_rect_t bounds;
      int needed;

      gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (label), &needed, NULL, NULL, NULL);
      g_assert_true (gtk_widget_compute_bounds (label, root, &bounds));
      g_autofree char *start = g_utf8_substring (gtk_label_get_text (GTK_LABEL (label)), 0, 12);

      g_test_message ("“%s…”: %d×%d, needs %d, ends at %.0f of %d", start,
                      gtk_widget_get_width (label), gtk_widget_get_height (label), needed,
                      bounds.origin.y + bounds.size.height, gtk_widget_get_height (root));
      g_assert_cmpint (gtk_widget_get_height (label), >=, needed);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (root));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (label); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_labels_fit (root, child);
}

/* The offline popover shows all its lines, in English and in Chinese. */
static void
test_window_offline_popover (void)
{
  const char *languages[] = { "C", "zh_CN" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      AgWindow *window;
      GtkWidget *indicator;
      GtkPopover *popover;

      if (l > 0 && g_getenv ("AIRGAP_LOCALEDIR") == NULL)
        break;
      use_messages_in (languages[l]);
      window = ag_test_new_mapped_window (1100, 700);
      indicator = ag_test_find_widget (GTK_WIDGET (window), AG_TYPE_OFFLINE_INDICATOR);
      g_assert_nonnull (indicator);
      indicator = ag_test_find_widget (indicator, GTK_TYPE_MENU_BUTTON);
      popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (indicator));

      gtk_menu_button_popup (GTK_MENU_BUTTON (indicator));
      g_assert_true (ag_test_wait_until (ag_test_widget_is_mapped, popover, 10));
      ag_test_wait_until (ag_test_never, NULL, 0.3);
      assert_labels_fit (gtk_popover_get_child (popover), gtk_popover_get_child (popover));
      gtk_menu_button_popdown (GTK_MENU_BUTTON (indicator));

      ag_test_close_window (window, 20);
    }
  use_messages_in ("C");
}

static gboolean
has_visible_text (GtkWidget *widget)
{
  /* a menu button's popover is not its name */
  if (GTK_IS_NATIVE (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_visible_text (child))
      return TRUE;

  return FALSE;
}

/* Adds to @unnamed a line for every button under @widget that a screen
 * reader could not name: no accessible label and no text of its own. */
static void
collect_unnamed_buttons (GtkWidget *widget,
                         GString   *unnamed)
{
  /* A menu button's own button is named by the menu button. */
  gboolean is_button = (GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget))) ||
                       GTK_IS_MENU_BUTTON (widget);

  if (is_button && !has_visible_text (widget))
    {
      char *error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "");

      /* NULL: the label is set, and empty */
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) || error == NULL)
        g_string_append_printf (unnamed, "%s (%s, tooltip “%s”)\n",
                                G_OBJECT_TYPE_NAME (widget),
                                gtk_widget_get_css_name (gtk_widget_get_parent (widget)),
                                gtk_widget_get_tooltip_text (widget));
      g_free (error);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed_buttons (child, unnamed);
}

/* Every button has a name a screen reader can say, also the buttons with
 * only an icon: on the start page and with a document open (the page
 * controls, Save), the popovers included. */
static void
test_window_button_names (void)
{
  g_autoptr(GString) unnamed = g_string_new (NULL);
  g_autofree char *path = NULL;
  AgWindow *window;

  window = ag_test_new_mapped_window (1100, 700);
  collect_unnamed_buttons (GTK_WIDGET (window), unnamed);

  if (ag_test_can_recognize ())
    {
      path = ag_test_render_text_png (two_lines, FONT, DPI);
      ag_test_window_open_path (window, path);
      g_assert_true (ag_test_wait_until (ag_test_window_has_texture, window, 30));
      g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 30));
      collect_unnamed_buttons (GTK_WIDGET (window), unnamed);
    }

  if (unnamed->len > 0)
    g_test_message ("buttons without a name:\n%s", unnamed->str);
  g_assert_cmpuint (unnamed->len, ==, 0);

  ag_test_close_window (window, 20);
}

typedef struct
{
  GPtrArray *regions;
  AgRect     expected;
} RegionWait;

static gboolean
region_is_at (gpointer data)
{
  RegionWait *wait = data;
  const AgRect *rect = &((AgRegion *) g_ptr_array_index (wait->regions, 0))->rect;

  return fabs (rect->x - wait->expected.x) < 1e-6 && fabs (rect->y - wait->expected.y) < 1e-6 &&
         fabs (rect->width - wait->expected.width) < 1e-6 &&
         fabs (rect->height - wait->expected.height) < 1e-6;
}

/* A region by keyboard: Insert draws one, the arrow keys move it, Shift
 * and the arrow keys resize it, Ctrl takes bigger steps; the page is read
 * again for it.  Unselected (Escape), the arrow keys leave it alone. */
static void
test_window_region_keys (void)
{
  g_autofree char *path = NULL;
  AgPageView *view;
  GPtrArray *regions;
  AgRect before, after;
  AgWindow *window;

  if (!ag_test_can_recognize ())
    return;

  path = ag_test_render_text_png (two_lines, FONT, DPI);
  window = ag_test_new_mapped_window (1100, 700);
  ag_test_window_open_path (window, path);
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 30));
  g_assert_true (ag_test_wait_until (ag_test_window_has_texture, window, 10));

  /* A document just opened leaves the focus on the page. */
  view = ag_test_window_get_page_view (window);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (view));
  regions = ag_page_view_get_regions (view);

  if (!ag_test_send_keys (window, "Insert"))
    {
      ag_test_close_window (window, 20);
      return;
    }
  g_assert_cmpuint (regions->len, ==, 1);
  g_assert_cmpint (ag_page_view_get_selected (view), ==, 0);
  before = ((AgRegion *) g_ptr_array_index (regions, 0))->rect;
  g_assert_cmpfloat (before.width, >, 0.1);
  g_assert_cmpfloat (before.height, >, 0.1);

  g_assert_true (ag_test_send_keys (window, "Right Right shift+Down ctrl+Up"));
  /* The X server may hand the last key over a moment later. */
  {
    RegionWait wait = { regions, before };

    wait.expected.x = before.x + 0.02;
    wait.expected.height = before.height + 0.01;
    wait.expected.y = before.y - 0.05;
    ag_test_wait_until (region_is_at, &wait, 5);
  }
  after = ((AgRegion *) g_ptr_array_index (regions, 0))->rect;
  g_assert_cmpfloat_with_epsilon (after.x, before.x + 0.02, 1e-6);
  g_assert_cmpfloat_with_epsilon (after.width, before.width, 1e-6);
  g_assert_cmpfloat_with_epsilon (after.height, before.height + 0.01, 1e-6);
  g_assert_cmpfloat_with_epsilon (after.y, before.y - 0.05, 1e-6);

  /* Read again for the region. */
  g_assert_true (ag_test_wait_until (ag_test_window_is_busy, window, 5));
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 30));

  /* Unselected, the keys leave it where it is. */
  g_assert_true (ag_test_send_keys (window, "Escape Left"));
  g_assert_cmpint (ag_page_view_get_selected (view), ==, -1);
  g_assert_cmpfloat (((AgRegion *) g_ptr_array_index (regions, 0))->rect.x, ==, after.x);

  ag_test_close_window (window, 20);
}

/* A page of @width × @height pixels with a footer line at its bottom. */
static char *
write_page_png (const char *name,
                int         width,
                int         height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  char *path = g_build_filename (ag_test_get_tmpdir (), name, NULL);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, width * 0.1, height * 0.95, width * 0.8, height * 0.01);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return path;
}

typedef struct
{
  AgWindow        *window;
  graphene_rect_t  strip;
  graphene_rect_t  controls;
} FooterData;

/* The page fitted and laid out: where its bottom strip (the last tenth
 * of the page, where a footer is) and the floating controls are, in the
 * window. */
static gboolean
page_is_fitted (gpointer user_data)
{
  FooterData *data = user_data;
  AgPageView *view = ag_test_window_get_page_view (data->window);
  GtkWidget *controls = ag_window_test_get_page_controls (data->window);
  GdkTexture *texture = ag_page_view_get_texture (view);
  graphene_point_t top_left, bottom_right, in_window_tl, in_window_br;
  double x0, y0, x1, y1;

  if (texture == NULL || !ag_page_view_get_fit (view) || !gtk_widget_get_mapped (controls)
      || gtk_widget_get_width (GTK_WIDGET (view)) <= 1)
    return FALSE;

  /* Page coordinates are fractions of the page (src/core/DESIGN.md). */
  ag_page_view_page_to_widget (view, 0, 0.9, &x0, &y0);
  ag_page_view_page_to_widget (view, 1, 1, &x1, &y1);
  top_left = GRAPHENE_POINT_INIT (x0, y0);
  bottom_right = GRAPHENE_POINT_INIT (x1, y1);
  if (!gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (data->window), &top_left, &in_window_tl)
      || !gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (data->window), &bottom_right, &in_window_br)
      || !gtk_widget_compute_bounds (controls, GTK_WIDGET (data->window), &data->controls))
    return FALSE;
  graphene_rect_init (&data->strip, in_window_tl.x, in_window_tl.y,
                      in_window_br.x - in_window_tl.x, in_window_br.y - in_window_tl.y);

  return TRUE;
}

static void
assert_footer_clear (FooterData *data,
                     const char *what)
{
  g_assert_true (ag_test_wait_until (page_is_fitted, data, 10));
  /* One more frame, and the places read again after the layout. */
  ag_test_wait_until (ag_test_never, NULL, 0.2);
  g_assert_true (page_is_fitted (data));

  g_test_message ("%s: footer strip %.0f,%.0f %.0f×%.0f; controls %.0f,%.0f %.0f×%.0f", what,
                  data->strip.origin.x, data->strip.origin.y, data->strip.size.width, data->strip.size.height,
                  data->controls.origin.x, data->controls.origin.y,
                  data->controls.size.width, data->controls.size.height);
  g_assert_cmpfloat (data->strip.size.height, >, 10);
  g_assert_false (graphene_rect_intersection (&data->strip, &data->controls, NULL));
  /* And the page's foot is above them, not beside them. */
  g_assert_cmpfloat (data->strip.origin.y + data->strip.size.height, <=, data->controls.origin.y);
}

typedef struct
{
  FooterData *data;
  float       height;
} GrowData;

static gboolean
controls_grew (gpointer user_data)
{
  GrowData *grow = user_data;

  return page_is_fitted (grow->data) && grow->data->controls.size.height > grow->height + 4;
}

/* With the page fitted to the view (Ctrl+0), the page and zoom controls
 * that float over the view's bottom edge leave the page's footer clear:
 * a tall page, whose height decides the fit, and a wide one; and the tall
 * one again with larger text, which makes the controls taller. */
static void
test_window_controls_clear_footer (void)
{
  static const struct { const char *name; int width, height; } pages[] = {
    { "footer-tall.png", 600, 1400 },
    { "footer-wide.png", 1100, 500 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *path = write_page_png (pages[i].name, pages[i].width, pages[i].height);
      FooterData data = { NULL, };
      AgPageView *view;

      data.window = ag_test_new_mapped_window (1100, 700);
      ag_test_window_open_path (data.window, path);
      g_assert_true (ag_test_wait_until (ag_test_window_has_texture, data.window, 30));
      view = ag_test_window_get_page_view (data.window);

      /* Zoomed in first, then fitted again with the key. */
      ag_page_view_set_fit (view, FALSE);
      ag_page_view_set_zoom (view, 2.0);
      if (!ag_test_send_keys (data.window, "ctrl+0"))
        {
          ag_test_close_window (data.window, 20);
          return;
        }
      assert_footer_clear (&data, pages[i].name);

      if (i == 0)
        {
          GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (data.window));
          GrowData grow = { &data, data.controls.size.height };
          int dpi;

          /* Larger text, as the desktop's text scaling gives it: three
           * times, so that the controls grow past the air left above them
           * and only a room measured again keeps them off the footer. */
          g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
          if (dpi <= 0)
            dpi = 96 * 1024;
          g_object_set (settings, "gtk-xft-dpi", dpi * 3, NULL);
          g_assert_true (ag_test_wait_until (controls_grew, &grow, 10));
          assert_footer_clear (&data, "footer-tall.png, text three times as large");
          gtk_settings_reset_property (settings, "gtk-xft-dpi");
        }

      ag_test_wait_until (ag_test_window_is_idle, data.window, 30);
      ag_test_close_window (data.window, 20);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;

  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  data_home = g_build_filename (ag_test_get_tmpdir (), "data-home", NULL);
  g_assert_cmpint (g_mkdir_with_parents (data_home, 0700), ==, 0);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* As AgApplication does: documents are read in airgap-worker. */
  g_assert_true (ag_sandbox_init (2, NULL, AG_SANDBOX_NONE, NULL));

  if (!g_resources_get_info (RESOURCE_PREFIX "/ag-window.ui", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    g_resources_register (ag_get_resource ());

  g_test_add_func ("/window-access/paste-keys", test_window_paste_keys);
  g_test_add_func ("/window-access/tab", test_window_tab);
  g_test_add_func ("/window-access/escape", test_window_escape);
  g_test_add_func ("/window-access/languages-zh", test_window_languages_zh);
  g_test_add_func ("/window-access/tooltips-zh", test_window_tooltips_zh);
  g_test_add_func ("/window-access/mnemonics", test_window_mnemonics);
  g_test_add_func ("/window-access/menu-accels", test_window_menu_accels);
  g_test_add_func ("/window-access/offline-popover", test_window_offline_popover);
  g_test_add_func ("/window-access/button-names", test_window_button_names);
  g_test_add_func ("/window-access/region-keys", test_window_region_keys);
  g_test_add_func ("/window-access/controls-clear-footer", test_window_controls_clear_footer);

  return g_test_run ();
}
