/* ag-window-actions.c — what the window's buttons, menus and keys do
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ag-accessible.h"
#include "ag-window-private.h"

/* Recent files.  GTK's own file chooser dialog (used when no portal is
 * running) adds every file it returns to the desktop's recent files, a
 * moment later (it first looks up the file's type); the recent manager
 * then writes its list to disk 250 ms after a change.  Unless the person
 * turned "Add opened files to Recent Files" on, Airgap watches the list
 * for a while after the chooser closed and takes such entries out again,
 * usually before they are written (when the main loop is busy at that
 * moment, the entry can reach the disk for a fraction of a second).
 * Entries other programs made earlier are left alone.  Turning GTK's
 * "gtk-recent-files-enabled" off instead is not an option: GTK then
 * rewrites the desktop's whole list as empty. */

#define FORGET_RECENT_SECONDS 15
#define FORGET_RECENT_POLL_MS 20

typedef struct
{
  GtkRecentManager *manager;
  GStrv             uris;
  gint64            since;
  gint64            until;
} ForgetRecent;

static void
forget_recent_now (ForgetRecent *forget)
{
  for (guint i = 0; forget->uris[i] != NULL; i++)
    {
      GtkRecentInfo *info = gtk_recent_manager_lookup_item (forget->manager, forget->uris[i], NULL);
      gboolean fresh;

      if (info == NULL)
        continue;

      fresh = g_date_time_to_unix (gtk_recent_info_get_modified (info)) >= forget->since;
      gtk_recent_info_unref (info);
      if (fresh)
        gtk_recent_manager_remove_item (forget->manager, forget->uris[i], NULL);
    }
}

static gboolean
forget_recent_poll_cb (gpointer user_data)
{
  ForgetRecent *forget = user_data;

  forget_recent_now (forget);
  if (g_get_monotonic_time () < forget->until)
    return G_SOURCE_CONTINUE;

  g_object_unref (forget->manager);
  g_strfreev (forget->uris);
  g_free (forget);

  return G_SOURCE_REMOVE;
}

void
_ag_window_forget_recent (AgWindow   *self,
                          GListModel *files,
                          gint64      since)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  ForgetRecent *forget;
  guint n;

  if (files == NULL || g_settings_get_boolean (self->settings, "remember-recent"))
    return;

  builder = g_strv_builder_new ();
  n = g_list_model_get_n_items (files);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *uri = g_file_get_uri (file);

      g_strv_builder_add (builder, uri);
    }

  forget = g_new0 (ForgetRecent, 1);
  forget->manager = g_object_ref (gtk_recent_manager_get_default ());
  forget->uris = g_strv_builder_end (builder);
  forget->since = since;
  forget->until = g_get_monotonic_time () + FORGET_RECENT_SECONDS * G_USEC_PER_SEC;
  g_timeout_add_full (G_PRIORITY_HIGH, FORGET_RECENT_POLL_MS, forget_recent_poll_cb, forget, NULL);
  forget_recent_now (forget);
}

GtkFileChooserNative *
_ag_window_new_open_chooser (GtkWindow  *parent,
                             const char *title)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) pdf = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (all, _("Images and PDF Documents"));
  gtk_file_filter_add_pixbuf_formats (all);
  gtk_file_filter_add_mime_type (all, "application/pdf");
  gtk_file_filter_add_suffix (all, "pdf");

  gtk_file_filter_set_name (images, _("Images"));
  gtk_file_filter_add_pixbuf_formats (images);

  gtk_file_filter_set_name (pdf, _("PDF Documents"));
  gtk_file_filter_add_mime_type (pdf, "application/pdf");
  gtk_file_filter_add_suffix (pdf, "pdf");

  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), images);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pdf);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), all);

  return chooser;
}

/* win.open */

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(AgWindow) self = user_data;
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) array = NULL;
  gint64 since = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (chooser), "shown-at"));
  guint n;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_object_unref (chooser);
      return;
    }

  files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  _ag_window_forget_recent (self, files, since);

  n = g_list_model_get_n_items (files);
  array = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));

  _ag_window_open_files (self, (GFile **) array->pdata, array->len);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkFileChooserNative *chooser;

  chooser = _ag_window_new_open_chooser (GTK_WINDOW (widget), _("Open a Photo, Scan or PDF"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "shown-at", GSIZE_TO_POINTER ((gsize) (g_get_real_time () / G_USEC_PER_SEC - 1)));
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* win.paste */

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _ag_window_read_clipboard (AG_WINDOW (widget), gtk_widget_get_clipboard (widget));
}

/* win.copy-all, win.copy-table */

static AgRecognition *recognition_from_text (const char *languages,
                                             const char *text,
                                             gboolean    keep_lines);

/* Puts @text and @html on the clipboard together: a word processor (WPS,
 * LibreOffice Writer) takes the HTML's headings, paragraphs and tables,
 * a spreadsheet the tab-separated cells of the text, anything else the
 * text.  The text is a string, not bytes: GDK's serializers then offer it
 * as every text target X11 and Wayland applications ask for. */
static void
set_clipboard (GtkWidget  *widget,
               const char *text,
               const char *html)
{
  g_autoptr(GBytes) html_bytes = g_bytes_new (html, strlen (html));
  GdkContentProvider *providers[2];
  g_autoptr(GdkContentProvider) provider = NULL;

  providers[0] = gdk_content_provider_new_typed (G_TYPE_STRING, text);
  providers[1] = gdk_content_provider_new_for_bytes ("text/html", html_bytes);
  provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
}

static void
append_html_escaped (GString    *html,
                     const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (html, escaped);
}

static void
copy_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  AgWindow *self = AG_WINDOW (widget);
  g_autofree char *text = _ag_window_dup_text (self);
  g_autofree char *html = NULL;
  gboolean keep_lines = _ag_window_get_keep_lines (self);

  if (text == NULL || *text == '\0')
    {
      _ag_window_show_toast (self, _("There is no text to copy yet"));
      return;
    }

  /* The text is what the person sees, edits included.  The HTML is the
   * layout's (headings, paragraphs, tables) while the text is as read;
   * once edited, the edited text's lines are all there is to go by, and
   * the HTML gives them as paragraphs only, no headings or tables. */
  if (!self->text_dirty && self->text_recognition != NULL)
    html = ag_export_dup_html (self->text_recognition,
                               keep_lines ? AG_EXPORT_FLAGS_KEEP_LINES : AG_EXPORT_FLAGS_NONE);
  else
    {
      g_autoptr(AgRecognition) edited = recognition_from_text (self->text_recognition != NULL
                                                               ? ag_recognition_get_languages (self->text_recognition)
                                                               : "", text, keep_lines);

      html = ag_export_dup_html (edited, keep_lines ? AG_EXPORT_FLAGS_KEEP_LINES : AG_EXPORT_FLAGS_NONE);
    }

  set_clipboard (widget, text, html);
  self->text_dirty = FALSE;
  _ag_window_show_toast (self, _("Text copied"));
}

/* The table the cursor is in, on its own: its rows as the text shows
 * them (edits included), cells separated by tabs, and as an HTML table. */
static void
copy_table_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AgWindow *self = AG_WINDOW (widget);
  AgBlockSpan *span = _ag_window_get_table_at_cursor (self);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;

  if (span == NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, span->start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, span->end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);

  if (!self->text_dirty)
    html = ag_export_dup_block_html (span->recognition_page, span->block, AG_EXPORT_FLAGS_NONE);
  else
    {
      /* edited: the grid is the text's rows and tabs */
      g_auto(GStrv) rows = g_strsplit (text, "\n", -1);
      GString *table = g_string_new ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n</head>\n<body>\n"
                                     "<table border=\"1\" style=\"border-collapse: collapse\">\n");

      for (guint r = 0; rows[r] != NULL; r++)
        {
          g_auto(GStrv) cells = g_strsplit (rows[r], "\t", -1);

          g_string_append (table, "<tr>");
          for (guint c = 0; cells[c] != NULL; c++)
            {
              g_string_append (table, "<td>");
              append_html_escaped (table, cells[c]);
              g_string_append (table, "</td>");
            }
          g_string_append (table, "</tr>\n");
        }
      g_string_append (table, "</table>\n</body>\n</html>\n");
      html = g_string_free (table, FALSE);
    }

  set_clipboard (widget, text, html);
  _ag_window_show_toast (self, _("Table copied"));
}

/* win.convert-text: Simplified ⇄ Traditional Chinese.
 *
 * The selection, or all the text, is converted with OpenCC.  The
 * conversions map character to character, so each character that changes
 * is replaced where it stands — inserted after the old one, then the old
 * one deleted — which keeps the word marks (tooltips, highlights on the
 * page) on their words.  Should OpenCC ever change the length, the range
 * is replaced as a whole.  It is an edit like any other: undo takes it
 * back, and Copy and Save use the converted text. */

static void
convert_text_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  AgWindow *self = AG_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *converted = NULL;
  AgConversion conversion;
  GtkTextIter start, end;
  GtkTextMark *start_mark;
  const char *p, *q;
  int offset;

  if (!ag_conversion_from_string (g_variant_get_string (parameter, NULL), &conversion))
    return;

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end))
    gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  if (gtk_text_iter_equal (&start, &end))
    return;

  original = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
  converted = ag_convert_text (original, conversion, &error);
  if (converted == NULL)
    {
      _ag_window_show_error (self, _("Could not convert the text."), error);
      return;
    }
  if (strcmp (original, converted) == 0)
    return;

  start_mark = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  gtk_text_buffer_begin_user_action (self->buffer);

  if (g_utf8_strlen (original, -1) != g_utf8_strlen (converted, -1))
    {
      gtk_text_buffer_delete (self->buffer, &start, &end);
      gtk_text_buffer_insert (self->buffer, &start, converted, -1);
    }
  else
    {
      for (p = original, q = converted, offset = 0; *p != '\0';
           p = g_utf8_next_char (p), q = g_utf8_next_char (q), offset++)
        {
          GtkTextIter at, next;
          gsize p_len = g_utf8_next_char (p) - p;
          gsize q_len = g_utf8_next_char (q) - q;

          if (p_len == q_len && memcmp (p, q, p_len) == 0)
            continue;

          gtk_text_buffer_get_iter_at_mark (self->buffer, &at, start_mark);
          gtk_text_iter_forward_chars (&at, offset + 1);
          gtk_text_buffer_insert (self->buffer, &at, q, q_len);

          gtk_text_buffer_get_iter_at_mark (self->buffer, &at, start_mark);
          gtk_text_iter_forward_chars (&at, offset);
          next = at;
          gtk_text_iter_forward_char (&next);
          gtk_text_buffer_delete (self->buffer, &at, &next);
        }
    }

  gtk_text_buffer_end_user_action (self->buffer);
  gtk_text_buffer_delete_mark (self->buffer, start_mark);
}

/* win.save */

typedef struct
{
  AgExportFormat  format;
  const char     *nick;       /* as in the GSettings enum */
  const char     *extension;
  const char     *mime_type;
  const char     *name;
} SaveFormat;

static const SaveFormat save_formats[] = {
  { AG_EXPORT_FORMAT_TEXT, "txt", "txt", "text/plain", N_("Plain Text") },
  { AG_EXPORT_FORMAT_ODT, "odt", "odt", "application/vnd.oasis.opendocument.text", N_("OpenDocument Text") },
  { AG_EXPORT_FORMAT_PDF, "pdf", "pdf", "application/pdf", N_("Searchable PDF") },
  { AG_EXPORT_FORMAT_HOCR, "hocr", "hocr", NULL, N_("hOCR (HTML with Word Positions)") },
  { AG_EXPORT_FORMAT_DOCX, "docx", "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", N_("Word Document") },
};

static const SaveFormat *
find_save_format (AgExportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (save_formats); i++)
    if (save_formats[i].format == format)
      return &save_formats[i];
  return &save_formats[0];
}

static const SaveFormat *
find_save_format_by_nick (const char *nick)
{
  for (guint i = 0; i < G_N_ELEMENTS (save_formats); i++)
    if (g_strcmp0 (save_formats[i].nick, nick) == 0)
      return &save_formats[i];
  return &save_formats[0];
}

/* The edited text as a recognition without positions: one page, a block
 * per line (the text is a paragraph per line), or, keeping the page's
 * lines, a block per run of lines between empty lines, a line per line.
 * Enough for formats that only carry text (ODT); formats that place
 * words on the page (PDF, hOCR) keep the recognised positions instead. */
static AgRecognition *
recognition_from_text (const char *languages,
                       const char *text,
                       gboolean    keep_lines)
{
  AgRecognition *recognition = ag_recognition_new (languages);
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);

  for (guint p = 0; pages[p] != NULL; p++)
    {
      AgRecognitionPage *page = ag_recognition_page_new (p, 0, 0, 0, AG_RECOGNITION_SOURCE_OCR);
      g_auto(GStrv) lines = g_strsplit (pages[p], "\n", -1);
      AgBlock *block = NULL;
      AgRect whole = { 0, 0, 1, 1 };

      for (guint l = 0; lines[l] != NULL; l++)
        {
          AgLine *line;

          if (*g_strstrip (lines[l]) == '\0')
            {
              block = NULL;
              continue;
            }

          if (block == NULL || !keep_lines)
            {
              block = ag_block_new (-1);
              block->box = whole;
              g_ptr_array_add (page->blocks, block);
            }

          line = ag_line_new ();
          line->box = whole;
          g_ptr_array_add (line->words, ag_word_new (lines[l], &whole, 100));
          g_ptr_array_add (block->lines, line);
        }

      ag_recognition_take_page (recognition, page);
    }

  return recognition;
}

typedef struct
{
  AgWindow       *self;
  AgExportFormat  format;
  GFile          *file;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->file);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveJob, save_job_free)

static void
saved (SaveJob      *job,
       gboolean      ok,
       const GError *error)
{
  AgWindow *self = job->self;
  g_autofree char *name = g_file_get_basename (job->file);

  if (!ok)
    {
      g_autofree char *prefix = g_strdup_printf (_("Could not save “%s”."), name);

      _ag_window_show_error (self, prefix, error);
      return;
    }

  self->text_dirty = FALSE;
  {
    /* Translators: %s is a file name */
    g_autofree char *message = g_strdup_printf (_("Saved “%s”"), name);

    _ag_window_show_toast (self, message);
  }
}

static void
replace_file_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SaveJob) job = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = ag_export_replace_file_finish (result, &error);
  saved (job, ok, error);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SaveJob) job = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = ag_export_write_finish (result, &error);
  saved (job, ok, error);
}

static void
write_file (SaveJob *job)
{
  AgWindow *self = job->self;
  g_autoptr(AgRecognition) recognition = NULL;

  /* By its name: the list's order is not the enumeration's. */
  g_settings_set_string (self->settings, "export-format", find_save_format (job->format)->nick);

  if (job->format == AG_EXPORT_FORMAT_TEXT)
    {
      /* Plain text is exactly what the person sees, edits included. */
      g_autofree char *content = _ag_window_dup_text (self);
      g_autoptr(GBytes) data = NULL;
      gsize len = strlen (content);

      if (len > 0 && content[len - 1] != '\n')
        {
          char *with_newline = g_strconcat (content, "\n", NULL);

          g_free (content);
          content = with_newline;
          len++;
        }
      data = g_bytes_new_take (g_steal_pointer (&content), len);
      /* The core's safe save: a temporary file renamed over the old one,
       * which keeps the old file's permissions (a private 0600 file stays
       * private) and reports a full disk or a read-only folder clearly. */
      ag_export_replace_file_async (job->file, data, NULL, replace_file_cb, job);
      return;
    }

  if (self->text_dirty && (job->format == AG_EXPORT_FORMAT_ODT || job->format == AG_EXPORT_FORMAT_DOCX))
    {
      g_autofree char *text = _ag_window_dup_text (self);

      recognition = recognition_from_text (self->recognition != NULL
                                           ? ag_recognition_get_languages (self->recognition)
                                           : "", text, _ag_window_get_keep_lines (self));
    }
  else if (self->recognition != NULL)
    {
      recognition = ag_recognition_ref (self->recognition);
      if (self->text_dirty)
        _ag_window_show_toast (self, _("This format places the recognized words on the page; your edits are not in it. Save as text or ODT to keep them."));
    }
  else
    {
      g_autoptr(GError) error = g_error_new_literal (AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
                                                     _("There is no recognized text to save yet."));

      saved (job, FALSE, error);
      save_job_free (job);
      return;
    }

  ag_export_write_async (recognition, self->document, job->format,
                         _ag_window_get_keep_lines (self) ? AG_EXPORT_FLAGS_KEEP_LINES : AG_EXPORT_FLAGS_NONE,
                         job->file, NULL, export_cb, job);
}

/**
 * _ag_window_save_to_file:
 *
 * Writes the text to @file in @format, without asking anything: the
 * caller (the file chooser, a test) has already confirmed the name.
 */
void
_ag_window_save_to_file (AgWindow       *self,
                         GFile          *file,
                         AgExportFormat  format)
{
  SaveJob *job = g_new0 (SaveJob, 1);

  job->self = g_object_ref (self);
  job->format = format;
  job->file = g_object_ref (file);
  write_file (job);
}

static void
overwrite_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  g_autoptr(SaveJob) job = user_data;

  if (g_strcmp0 (response, "replace") == 0)
    write_file (g_steal_pointer (&job));
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(AgWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;
  GtkFileFilter *filter;
  g_autoptr(GListStore) chosen = g_list_store_new (G_TYPE_FILE);
  SaveJob *job;
  AgExportFormat format;
  gboolean renamed = FALSE;
  gint64 since;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_object_unref (chooser);
      return;
    }

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  basename = g_file_get_basename (file);
  since = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (chooser), "shown-at"));

  if (!ag_export_format_from_name (basename, &format))
    {
      /* No known extension: the filter chosen says which format, and the
       * name gets its extension. */
      const SaveFormat *sf = filter != NULL ? g_object_get_data (G_OBJECT (filter), "format") : NULL;
      g_autofree char *name = NULL;
      g_autoptr(GFile) parent = g_file_get_parent (file);

      if (sf == NULL)
        sf = &save_formats[0];
      format = sf->format;
      name = g_strdup_printf ("%s.%s", basename, sf->extension);
      g_clear_object (&file);
      file = g_file_get_child (parent, name);
      renamed = TRUE;
    }

  g_object_unref (chooser);

  /* GTK's chooser adds what it saves to the recent files, as it does
   * with what it opens: out with it again, unless the person asked for
   * recent files.  Both names, the one typed and the one with the
   * extension added. */
  g_list_store_append (chosen, file);
  if (renamed)
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autoptr(GFile) typed = g_file_get_child (parent, basename);

      g_list_store_append (chosen, typed);
    }
  _ag_window_forget_recent (self, G_LIST_MODEL (chosen), since);

  job = g_new0 (SaveJob, 1);
  job->self = g_object_ref (self);
  job->format = format;
  job->file = g_object_ref (file);

  /* The chooser confirmed overwriting the name it showed; a name we
   * extended ourselves is confirmed here. */
  if (renamed && g_file_query_exists (file, NULL))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *body = g_strdup_printf (_("A file named “%s” already exists. Replacing it overwrites its contents."), name);
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Replace the File?"), body));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (overwrite_response_cb), job);
      ag_accessible_fix_mnemonic_names (GTK_WIDGET (dialog));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  write_file (job);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AgWindow *self = AG_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *nick = g_settings_get_string (self->settings, "export-format");
  const SaveFormat *last = find_save_format_by_nick (nick);
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Save the Text"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (save_formats); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(save_formats[i].name));
      gtk_file_filter_add_suffix (filter, save_formats[i].extension);
      g_object_set_data (G_OBJECT (filter), "format", (gpointer) &save_formats[i]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
      if (&save_formats[i] == last)
        gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
    }

  if (self->document != NULL && ag_document_get_title (self->document) != NULL)
    {
      const char *title = ag_document_get_title (self->document);
      const char *dot = strrchr (title, '.');

      stem = dot != NULL && dot != title ? g_strndup (title, dot - title) : g_strdup (title);
    }
  else
    stem = g_strdup (_("Text"));
  name = g_strdup_printf ("%s.%s", stem, last->extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  g_object_set_data (G_OBJECT (chooser), "shown-at", GSIZE_TO_POINTER ((gsize) (g_get_real_time () / G_USEC_PER_SEC - 1)));
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Zoom, pages, regions */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ag_page_view_zoom_by (AG_WINDOW (widget)->page_view, 1.25);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ag_page_view_zoom_by (AG_WINDOW (widget)->page_view, 1 / 1.25);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ag_page_view_set_fit (AG_WINDOW (widget)->page_view, TRUE);
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AgWindow *self = AG_WINDOW (widget);

  if (self->current_page > 0)
    _ag_window_set_page (self, self->current_page - 1);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AgWindow *self = AG_WINDOW (widget);

  _ag_window_set_page (self, self->current_page + 1);
}

static void
clear_regions_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ag_page_view_clear_regions (AG_WINDOW (widget)->page_view);
}

/* win.toggle-vertical: the page view's own action, for the main menu */
static void
toggle_vertical_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AgWindow *self = AG_WINDOW (widget);

  if (ag_page_view_get_selected (self->page_view) < 0)
    {
      _ag_window_show_toast (self, _("Click a region first, then choose vertical text for it"));
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self->page_view), "regions.toggle-vertical", NULL);
}

/* win.next-pane, win.previous-pane (F6, Shift+F6): the header bar, the
 * page and the text, in turn, as in other GNOME applications.  Tab moves
 * within a pane and on to the next. */

static guint
get_panes (AgWindow   *self,
           GtkWidget **panes)
{
  guint n = 0;

  panes[n++] = self->header_bar;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "document") == 0)
    {
      panes[n++] = GTK_WIDGET (self->page_view);
      panes[n++] = self->text_pane;
    }
  else
    panes[n++] = gtk_stack_get_visible_child (self->stack);

  return n;
}

static gboolean
focus_pane (AgWindow  *self,
            GtkWidget *pane)
{
  if (pane == NULL || !gtk_widget_get_mapped (pane))
    return FALSE;
  if (pane == self->text_pane && gtk_widget_get_mapped (GTK_WIDGET (self->text_view)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  if (gtk_widget_get_focusable (pane))
    return gtk_widget_grab_focus (pane);

  return gtk_widget_child_focus (pane, GTK_DIR_TAB_FORWARD);
}

static void
cycle_panes (AgWindow *self,
             int       step)
{
  GtkWidget *panes[3];
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  int n = get_panes (self, panes);
  int current = step > 0 ? -1 : n;

  for (int i = 0; i < n; i++)
    if (focus != NULL && (focus == panes[i] || gtk_widget_is_ancestor (focus, panes[i])))
      current = i;

  for (int tries = 0; tries < n; tries++)
    {
      current = (current + step + n) % n;
      if (focus_pane (self, panes[current]))
        return;
    }
}

static void
next_pane_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cycle_panes (AG_WINDOW (widget), 1);
}

static void
previous_pane_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cycle_panes (AG_WINDOW (widget), -1);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _ag_window_cancel (AG_WINDOW (widget));
}

static void
read_rest_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _ag_window_read_rest (AG_WINDOW (widget));
}

static void
undo_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AgWindow *self = AG_WINDOW (widget);

  if (gtk_text_buffer_get_can_undo (self->buffer))
    gtk_text_buffer_undo (self->buffer);
}

void
_ag_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "win.copy-all", NULL, copy_all_action);
  gtk_widget_class_install_action (widget_class, "win.copy-table", NULL, copy_table_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "win.previous-page", NULL, previous_page_action);
  gtk_widget_class_install_action (widget_class, "win.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "win.clear-regions", NULL, clear_regions_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-vertical", NULL, toggle_vertical_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.read-rest", NULL, read_rest_action);
  gtk_widget_class_install_action (widget_class, "win.next-pane", NULL, next_pane_action);
  gtk_widget_class_install_action (widget_class, "win.previous-pane", NULL, previous_pane_action);
  gtk_widget_class_install_action (widget_class, "win.undo-text", NULL, undo_text_action);
  gtk_widget_class_install_action (widget_class, "win.convert-text", "s", convert_text_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "win.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  /* The page view's own V acts first on a selected region; this one, for
   * the main menu, shows the key there and says to select a region. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, 0, "win.toggle-vertical", NULL);
  /* Only while reading: otherwise Escape goes on as it would. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
}
