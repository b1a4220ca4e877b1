/* test-window-structure.c — the text laid out as the page is, and copied so
 * that a word processor and a spreadsheet take it whole
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "ag-core.h"
#include "ag-resources.h"
#include "ag-test-util.h"
#include "ag-test-window.h"

typedef struct
{
  char     *text;
  gboolean  done;
} Read;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Read *read = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &read->text, NULL, NULL);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((Read *) data)->done;
}

/* What another application gets from the clipboard in @mime_type: xclip
 * asks the X server, which asks the window, so the main loop runs
 * meanwhile. */
static char *
read_clipboard (const char *mime_type)
{
  g_autoptr(GSubprocess) xclip = NULL;
  g_autoptr(GError) error = NULL;
  Read read = { NULL, FALSE };

  xclip = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                            "xclip", "-selection", "clipboard", "-o", "-t", mime_type, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (xclip, NULL, NULL, communicate_cb, &read);
  g_assert_true (ag_test_wait_until (read_done, &read, 10));
  g_assert_nonnull (read.text);

  return read.text;
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static char *
dup_text (AgWindow *window)
{
  GtkTextBuffer *buffer = ag_test_window_get_buffer (window);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* A report with a heading, paragraphs of several lines and a ruled table
 * of five rows and four columns (the corpus's; its truth in the .json). */
static AgWindow *
open_report (void)
{
  g_autofree char *path = NULL;
  AgWindow *window;

  if (!ag_test_can_recognize ())
    return NULL;
  if (ag_test_get_corpus () == NULL)
    {
      g_test_skip ("no corpus (AIRGAP_CORPUS)");
      return NULL;
    }

  path = g_build_filename (ag_test_get_corpus (), "documents", "en_dev_report_scan.png", NULL);
  window = ag_test_new_mapped_window (1200, 760);
  ag_test_window_open_path (window, path);
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 60));

  return window;
}

/* The table's rows: lines with three tabs (four cells), the item in the
 * first. */
static guint
count_table_rows (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (count (lines[i], "\t") == 3)
      n++;

  return n;
}

/* The plain-text export of what the window read, without its final new
 * line: what the text view must show, as the CLI and Save give it. */
static char *
dup_exported_text (AgWindow      *window,
                   AgExportFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ag_export_to_bytes (ag_window_test_get_recognition (window),
                                                ag_window_test_get_document (window),
                                                AG_EXPORT_FORMAT_TEXT, flags, NULL, &error);
  gsize size;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  if (size > 0 && data[size - 1] == '\n')
    size--;

  return g_strndup (data, size);
}

static void
test_window_structure_text (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *text = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *exported = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  guint n_words;
  AgWindow *window;

  if ((window = open_report ()) == NULL)
    return;

  /* A paragraph is one line of the text, which wraps; a table a row per
   * line, its cells apart by tabs; the heading larger. */
  text = dup_text (window);
  exported = dup_exported_text (window, AG_EXPORT_FLAGS_NONE);
  g_assert_cmpstr (text, ==, exported);
  g_assert_nonnull (strstr (text, "Quarterly Inventory Report\n"));
  g_assert_nonnull (strstr (text, "the end of the third quarter. Figures were counted"));
  g_assert_cmpuint (count_table_rows (text), ==, 5);
  buffer = ag_test_window_get_buffer (window);
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_has_tag (&start, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "heading-1")));
  /* centred on the page, centred in the pane */
  g_assert_true (gtk_text_iter_has_tag (&start, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "align-center")));
  n_words = ag_window_test_get_n_words (window);
  g_assert_cmpuint (n_words, >, 80);

  /* The toggle keeps the page's lines: the same words, laid out again
   * (not read again), more lines; remembered. */
  g_assert_false (g_settings_get_boolean (settings, "keep-lines"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.keep-lines", NULL));
  g_assert_true (g_settings_get_boolean (settings, "keep-lines"));
  g_assert_false (ag_window_test_is_busy (window));
  kept = dup_text (window);
  g_free (exported);
  exported = dup_exported_text (window, AG_EXPORT_FLAGS_KEEP_LINES);
  g_assert_cmpstr (kept, ==, exported);
  g_assert_cmpuint (ag_window_test_get_n_words (window), ==, n_words);
  g_assert_null (strstr (kept, "the end of the third quarter. Figures were counted"));
  g_assert_cmpuint (count (kept, "\n"), >, count (text, "\n") + 4);
  g_assert_cmpuint (count_table_rows (kept), ==, 5);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.keep-lines", NULL));
  g_assert_false (g_settings_get_boolean (settings, "keep-lines"));
  g_free (kept);
  kept = dup_text (window);
  g_assert_cmpstr (kept, ==, text);

  /* An edit gives way to the toggle, and Undo brings it back. */
  gtk_text_buffer_get_end_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, "\nChecked.", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.keep-lines", NULL));
  g_free (kept);
  kept = dup_text (window);
  g_assert_null (strstr (kept, "Checked."));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-text", NULL));
  g_free (kept);
  kept = dup_text (window);
  g_assert_true (g_str_has_suffix (kept, "\nChecked."));
  g_settings_reset (settings, "keep-lines");

  ag_test_close_window (window, 20);
}

/* The <tr>s of the first <table> in @html. */
static guint
count_html_rows (const char *html)
{
  const char *table = strstr (html, "<table");
  const char *table_end = table != NULL ? strstr (table, "</table>") : NULL;
  g_autofree char *inside = NULL;

  if (table_end == NULL)
    return 0;
  inside = g_strndup (table, table_end - table);
  return count (inside, "<tr");
}

static gboolean
has_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_test_skip ("xclip is not installed");
  return path != NULL;
}

/* A region around the table gives the table: its rows, tab-separated,
 * and nothing of the page around it. */
static void
test_window_structure_region (void)
{
  g_autofree char *text = NULL;
  AgRegion *region;
  AgWindow *window;

  if ((window = open_report ()) == NULL)
    return;

  /* the table, by the page's fractions: below the first paragraph, above
   * "Remarks" */
  region = ag_region_new (0, 0.07, 0.196, 0.86, 0.104);
  ag_page_view_add_region (ag_test_window_get_page_view (window), region);
  ag_region_free (region);
  g_assert_true (ag_test_wait_until (ag_test_window_is_busy, window, 5));
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 60));

  text = dup_text (window);
  g_test_message ("region text: %s", text);
  g_assert_cmpuint (count_table_rows (text), ==, 5);
  g_assert_true (g_str_has_prefix (text, "Item\tUnit\tOpening\tClosing"));
  g_assert_null (strstr (text, "Quarterly"));
  g_assert_null (strstr (text, "Remarks"));

  ag_test_close_window (window, 20);
}

/* Copy puts the text and its HTML on the clipboard: another application
 * (xclip here, WPS or LibreOffice in life) reads headings, paragraphs and
 * a table of the right size from the HTML, tab-separated cells from the
 * text. */
static void
test_window_structure_copy (void)
{
  g_autofree char *html = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter end;
  AgWindow *window;

  if (!has_program ("xclip") || (window = open_report ()) == NULL)
    return;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-all", NULL));
  html = read_clipboard ("text/html");
  plain = read_clipboard ("text/plain");
  text = dup_text (window);

  g_assert_true (strstr (html, "<h1") != NULL || strstr (html, "<h2") != NULL);
  g_assert_nonnull (strstr (html, "<p"));
  g_assert_cmpuint (count (html, "<table"), ==, 1);
  g_assert_cmpuint (count_html_rows (html), ==, 5);
  g_assert_nonnull (strstr (html, "Quarterly Inventory Report"));

  g_assert_cmpstr (plain, ==, text);
  g_assert_cmpuint (count_table_rows (plain), ==, 5);
  g_assert_nonnull (strstr (plain, "Item\tUnit\tOpening\tClosing"));

  /* Edited, the text is the edited text and the HTML its paragraphs. */
  buffer = ag_test_window_get_buffer (window);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\nSigned, the stores office", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-all", NULL));
  g_free (html);
  g_free (plain);
  html = read_clipboard ("text/html");
  plain = read_clipboard ("text/plain");
  g_assert_true (g_str_has_suffix (plain, "\nSigned, the stores office"));
  g_assert_nonnull (strstr (html, "<p"));
  g_assert_nonnull (strstr (html, "Signed, the stores office"));
  g_assert_null (strstr (html, "<table"));

  ag_test_close_window (window, 20);
}

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      GMenuModel *section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      gboolean found = FALSE;

      if (section != NULL)
        {
          found = menu_has_action (section, action);
          g_object_unref (section);
        }
      else if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name))
        found = g_strcmp0 (name, action) == 0;
      if (found)
        return TRUE;
    }

  return FALSE;
}

/* "Copy Table" is in the text's context menu only with the cursor in a
 * table, and copies that table alone. */
static void
test_window_structure_copy_table (void)
{
  g_autofree char *html = NULL;
  g_autofree char *plain = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, match;
  AgWindow *window;

  if (!has_program ("xclip") || (window = open_report ()) == NULL)
    return;

  buffer = ag_test_window_get_buffer (window);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  /* in the heading: nothing to copy */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), "before");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-table", NULL);
  plain = read_clipboard ("text/plain");
  g_assert_cmpstr (plain, ==, "before");
  g_clear_pointer (&plain, g_free);

  g_assert_true (gtk_text_iter_forward_search (&start, "Toner", 0, &match, NULL, NULL));
  gtk_text_buffer_place_cursor (buffer, &match);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-table", NULL));
  g_assert_true (menu_has_action (gtk_text_view_get_extra_menu (ag_test_window_get_text_view (window)),
                                  "win.copy-table"));

  html = read_clipboard ("text/html");
  plain = read_clipboard ("text/plain");
  g_assert_cmpuint (count_html_rows (html), ==, 5);
  g_assert_null (strstr (html, "<h1"));
  g_assert_null (strstr (html, "Quarterly"));
  g_assert_cmpuint (count_table_rows (plain), ==, 5);
  g_assert_true (g_str_has_prefix (plain, "Item\t"));
  g_assert_null (strstr (plain, "Remarks"));

  ag_test_close_window (window, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_true (ag_sandbox_init (2, NULL, AG_SANDBOX_NONE, NULL));

  if (!g_resources_get_info (RESOURCE_PREFIX "/ag-window.ui", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    g_resources_register (ag_get_resource ());

  g_test_add_func ("/window-structure/text", test_window_structure_text);
  g_test_add_func ("/window-structure/region", test_window_structure_region);
  g_test_add_func ("/window-structure/copy", test_window_structure_copy);
  g_test_add_func ("/window-structure/copy-table", test_window_structure_copy_table);

  return g_test_run ();
}
