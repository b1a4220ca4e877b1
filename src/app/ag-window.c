/* ag-window.c — the window: documents in, pages shown, text out
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window never decodes or recognises anything itself: it hands files
 * and bytes to AgDocument, shows the pixels AgPage renders for it, and
 * shows the AgRecognition that AgEngine returns.  Actions live in
 * ag-window-actions.c, drag and drop and the clipboard in ag-window-dnd.c,
 * the text view and its words in ag-window-text.c. */

#include "config.h"

#include <glib/gi18n.h>

#include "ag-accessible.h"
#include "ag-offline-indicator.h"
#include "ag-resources.h"
#include "ag-tooltip.h"
#include "ag-window-private.h"

/* The largest size a page is rendered at for the screen. */
#define VIEW_MAX_SIZE     3000
/* Show the progress bar only for work that takes a while. */
#define PROGRESS_DELAY_MS 500

G_DEFINE_FINAL_TYPE (AgWindow, ag_window, ADW_TYPE_APPLICATION_WINDOW)

static void set_document (AgWindow   *self,
                          AgDocument *document);

/* Toasts and errors */

/* Tells a screen reader @message, news the window shows in its status
 * line or a toast, without moving the focus.  gtk_accessible_announce()
 * came with GTK 4.14 (Debian 13, the Flatpak's runtime); built against an
 * older GTK (Debian 12's 4.8) the window has no way to make a screen
 * reader speak unasked, and the news stays where a screen reader finds it:
 * the status line is a status bar (Orca reads it on request) and the progress
 * bar is named after what is being read (Orca speaks its updates).  See
 * docs/accessibility.md. */
void
_ag_window_announce (AgWindow   *self,
                     const char *message,
                     gboolean    important)
{
  g_return_if_fail (AG_IS_WINDOW (self));

  if (message == NULL || *message == '\0')
    return;

#if GTK_CHECK_VERSION (4, 14, 0)
  /* Newer than GDK_VERSION_MAX_ALLOWED (4.8), hence the pragma; the
   * check above keeps it out of builds against an older GTK. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_accessible_announce (GTK_ACCESSIBLE (self), message,
                           important ? GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_HIGH
                                     : GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
  G_GNUC_END_IGNORE_DEPRECATIONS
#endif
}

void
_ag_window_show_toast (AgWindow   *self,
                       const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  _ag_window_announce (self, message, FALSE);
}

void
_ag_window_show_error (AgWindow     *self,
                       const char   *prefix,
                       const GError *error)
{
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (prefix != NULL)
    message = g_strdup_printf ("%s %s", prefix, error->message);
  else
    message = g_strdup (error->message);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  _ag_window_announce (self, message, TRUE);
}

/* Recent files: only when the person asked for it. */

void
_ag_window_remember_recent (AgWindow *self,
                            GFile    *file)
{
  g_autofree char *uri = NULL;

  if (file == NULL || !g_settings_get_boolean (self->settings, "remember-recent"))
    return;

  uri = g_file_get_uri (file);
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

/* Actions that depend on state */

void
_ag_window_update_actions (AgWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint n_pages = self->document != NULL ? ag_document_get_n_pages (self->document) : 0;
  gboolean has_text = gtk_text_buffer_get_char_count (self->buffer) > 0;
  guint n_regions = ag_page_view_get_regions (self->page_view)->len;

  gtk_widget_action_set_enabled (widget, "win.copy-all", has_text);
  gtk_widget_action_set_enabled (widget, "win.copy-table", _ag_window_get_table_at_cursor (self) != NULL);
  gtk_widget_action_set_enabled (widget, "win.convert-text", has_text);
  gtk_widget_action_set_enabled (widget, "win.save", has_text || self->recognition != NULL);
  gtk_widget_action_set_enabled (widget, "win.previous-page", self->current_page > 0);
  gtk_widget_action_set_enabled (widget, "win.next-page", self->current_page + 1 < n_pages);
  gtk_widget_action_set_enabled (widget, "win.zoom-in", self->document != NULL);
  gtk_widget_action_set_enabled (widget, "win.zoom-out", self->document != NULL);
  gtk_widget_action_set_enabled (widget, "win.zoom-fit", self->document != NULL);
  gtk_widget_action_set_enabled (widget, "win.clear-regions", n_regions > 0);
  gtk_widget_action_set_enabled (widget, "win.toggle-vertical", n_regions > 0);
  gtk_widget_action_set_enabled (widget, "win.cancel", self->recognizing);
  gtk_widget_action_set_enabled (widget, "win.read-rest", _ag_window_can_read_rest (self));

  gtk_widget_set_visible (self->page_nav, n_pages > 1);
  if (n_pages > 0)
    {
      /* Translators: the page shown and how many pages the document has */
      g_autofree char *label = g_strdup_printf (_("Page %u of %u"), self->current_page + 1, n_pages);

      gtk_label_set_label (self->page_label, label);
    }
}

static void
update_zoom_label (AgWindow *self)
{
  g_autofree char *label = NULL;

  /* Translators: a zoom level; %% is a percent sign */
  label = g_strdup_printf (_("%.0f%%"), ag_page_view_get_zoom (self->page_view) * 100);
  gtk_label_set_label (self->zoom_label, label);
}

static void
zoom_changed_cb (AgWindow   *self,
                 GParamSpec *pspec,
                 AgPageView *view)
{
  update_zoom_label (self);
}

/* Rendering the page shown */

static void
render_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AgWindow) self = user_data;
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  bitmap = ag_page_render_finish (AG_PAGE (object), result, &error);
  if (bitmap == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_widget_set_visible (GTK_WIDGET (self->page_spinner), FALSE);
          _ag_window_show_error (self, _("Could not show the page."), error);
        }
      return;
    }

  if (ag_bitmap_get_format (bitmap) != AG_BITMAP_FORMAT_RGBA8)
    {
      g_warning ("Page rendered in an unexpected pixel format");
      return;
    }

  texture = gdk_memory_texture_new (ag_bitmap_get_width (bitmap),
                                    ag_bitmap_get_height (bitmap),
                                    GDK_MEMORY_R8G8B8A8,
                                    ag_bitmap_get_pixels (bitmap),
                                    ag_bitmap_get_stride (bitmap));
  ag_page_view_set_texture (self->page_view, texture);
  gtk_widget_set_visible (GTK_WIDGET (self->page_spinner), FALSE);
  gtk_spinner_set_spinning (self->page_spinner, FALSE);
  update_zoom_label (self);
}

static void
render_current_page (AgWindow *self)
{
  AgPage *page;

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);

  if (self->document == NULL)
    return;

  page = ag_document_get_page (self->document, self->current_page);
  if (page == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->page_spinner), TRUE);
  gtk_spinner_set_spinning (self->page_spinner, TRUE);
  self->render_cancellable = g_cancellable_new ();
  ag_page_render_async (page, VIEW_MAX_SIZE, VIEW_MAX_SIZE, self->render_cancellable,
                        render_cb, g_object_ref (self));
}

void
_ag_window_set_page (AgWindow *self,
                     guint     page)
{
  if (self->document == NULL || page >= ag_document_get_n_pages (self->document))
    return;

  if (page != self->current_page)
    {
      self->current_page = page;
      ag_page_view_set_texture (self->page_view, NULL);
      ag_page_view_set_page (self->page_view, page);
      render_current_page (self);
      _ag_window_text_show_page (self, page);
    }
  _ag_window_update_actions (self);
}

/* Recognition */

typedef struct
{
  GWeakRef window;
  guint    serial;
} ProgressData;

static void
progress_data_free (gpointer data)
{
  ProgressData *pd = data;

  g_weak_ref_clear (&pd->window);
  g_free (pd);
}

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  ProgressData *pd = user_data;
  g_autoptr(AgWindow) self = g_weak_ref_get (&pd->window);

  if (self == NULL || pd->serial != self->recognize_serial)
    return;

  if (fraction > 0)
    {
      self->progress_known = TRUE;
      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
    }
  if (message != NULL && *message != '\0')
    gtk_label_set_label (self->progress_label, message);
}

/* A page read: its text shows at once, while the next pages are read.
 * The pages are copies: a cancelled job frees its own. */
static void
page_ready_cb (AgRecognitionPage *page,
               guint              position,
               guint              n_pages,
               gpointer           user_data)
{
  ProgressData *pd = user_data;
  g_autoptr(AgWindow) self = g_weak_ref_get (&pd->window);

  if (self == NULL || pd->serial != self->recognize_serial)
    return;

  if (self->partial == NULL)
    self->partial = ag_recognition_new (NULL);
  ag_recognition_take_page (self->partial, ag_recognition_page_copy (page));
  self->partial_total = n_pages;

  /* The person's edits stay until the whole text is there (and then can
   * be had back with Undo). */
  if (!self->text_dirty)
    {
      g_clear_pointer (&self->recognition, ag_recognition_unref);
      self->recognition = ag_recognition_ref (self->partial);
      _ag_window_set_text_from_recognition (self, self->recognition);
    }
}

static gboolean
pulse_cb (gpointer user_data)
{
  AgWindow *self = user_data;

  /* Until the engine reports how far it is, show that it is busy. */
  if (self->recognizing && !self->progress_known)
    gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static gboolean
show_progress_cb (gpointer user_data)
{
  AgWindow *self = user_data;

  self->progress_timeout_id = 0;
  if (self->recognizing)
    {
      gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
      self->progress_timeout_id = g_timeout_add (120, pulse_cb, self);
    }

  return G_SOURCE_REMOVE;
}

static void
set_recognizing (AgWindow *self,
                 gboolean  recognizing)
{
  self->recognizing = recognizing;
  g_clear_handle_id (&self->progress_timeout_id, g_source_remove);

  if (recognizing)
    {
      self->progress_known = FALSE;
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_label_set_label (self->progress_label, _("Reading…"));
      self->progress_timeout_id = g_timeout_add (PROGRESS_DELAY_MS, show_progress_cb, self);
      gtk_label_set_label (self->status_label, _("Reading…"));
      if (gtk_text_buffer_get_char_count (self->buffer) == 0)
        gtk_stack_set_visible_child_name (self->text_stack, "busy");
    }
  else
    gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);

  gtk_spinner_set_spinning (self->text_spinner, recognizing);
  _ag_window_update_actions (self);
}

static char *
dup_languages_label (const char *languages)
{
  g_auto(GStrv) codes = g_strsplit (languages != NULL ? languages : "", "+", -1);
  GString *label = g_string_new (NULL);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *name = NULL;

      if (*codes[i] == '\0')
        continue;
      name = ag_languages_dup_display_name (codes[i]);
      if (label->len > 0)
        /* Translators: between the names in a list of languages; Chinese
         * uses "、" */
        g_string_append (label, C_("list separator", ", "));
      g_string_append (label, name != NULL ? name : codes[i]);
    }

  return g_string_free (label, FALSE);
}

static void
update_status (AgWindow *self,
               double    seconds)
{
  const char *note = NULL;
  gboolean text_layer = FALSE;
  g_autofree char *languages = NULL;
  g_autofree char *status = NULL;

  for (guint i = 0; i < ag_recognition_get_n_pages (self->recognition); i++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (self->recognition, i);

      if (note == NULL && page->note != NULL && *page->note != '\0')
        note = page->note;
      if (page->source == AG_RECOGNITION_SOURCE_TEXT_LAYER)
        text_layer = TRUE;
    }

  languages = dup_languages_label (ag_recognition_get_languages (self->recognition));
  if (text_layer)
    /* Translators: %.1f is seconds */
    status = g_strdup_printf (_("Read from the PDF’s own text in %.1f s"), seconds);
  else
    /* Translators: %.1f is seconds, %s the languages, e.g. "English, 简体中文"
     * (joined with the "list separator") */
    status = g_strdup_printf (_("Recognized in %.1f s · %s"), seconds, languages);

  if (note != NULL)
    {
      g_autofree char *with_note = g_strdup_printf ("%s · %s", status, note);

      gtk_label_set_label (self->status_label, with_note);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), with_note);
    }
  else
    {
      gtk_label_set_label (self->status_label, status);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), status);
    }
  /* The time and the languages; the note is there on request. */
  _ag_window_announce (self, status, FALSE);
}

typedef struct
{
  AgWindow *self;
  guint     serial;
} RecognizeData;

static void
recognize_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RecognizeData *data = user_data;
  g_autoptr(AgWindow) self = data->self;
  guint serial = data->serial;
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  gboolean copy;

  g_free (data);
  recognition = ag_engine_recognize_finish (AG_ENGINE (object), result, &error);

  /* A newer job took over; its own callback will update the window. */
  if (serial != self->recognize_serial)
    return;

  set_recognizing (self, FALSE);
  /* A screenshot's text is copied the first time it is read. */
  copy = self->copy_when_read;
  self->copy_when_read = FALSE;

  if (recognition == NULL)
    {
      guint n_read = self->partial != NULL ? ag_recognition_get_n_pages (self->partial) : 0;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && n_read > 0)
        {
          g_autofree char *status = NULL;

          /* What was read stays, and the rest can be read later. */
          status = g_strdup_printf (ngettext ("Stopped after %u of %u page.",
                                              "Stopped after %u of %u pages.", self->partial_total),
                                    n_read, self->partial_total);
          gtk_label_set_label (self->status_label, status);
          _ag_window_announce (self, status, FALSE);
          if (_ag_window_can_read_rest (self))
            {
              AdwToast *toast = adw_toast_new (status);

              adw_toast_set_button_label (toast, _("_Read the Rest"));
              adw_toast_set_action_name (toast, "win.read-rest");
              adw_toast_set_timeout (toast, 0);
              adw_toast_overlay_add_toast (self->toast_overlay, toast);
            }
          _ag_window_update_actions (self);
          return;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_label (self->status_label, _("Stopped. Change the regions or languages to read again."));
          _ag_window_announce (self, gtk_label_get_label (self->status_label), FALSE);
          if (gtk_text_buffer_get_char_count (self->buffer) == 0)
            gtk_stack_set_visible_child_name (self->text_stack, "none");
          return;
        }

      gtk_label_set_label (self->status_label, _("Could not read the text."));
      if (gtk_text_buffer_get_char_count (self->buffer) == 0)
        gtk_stack_set_visible_child_name (self->text_stack, "none");
      _ag_window_show_error (self, NULL, error);
      return;
    }

  /* Reading the rest after a stop: the pages read before and now. */
  if (self->reading_rest && self->partial != NULL)
    {
      g_clear_pointer (&recognition, ag_recognition_unref);
      recognition = ag_recognition_ref (self->partial);
    }
  g_clear_pointer (&self->partial, ag_recognition_unref);
  self->reading_rest = FALSE;

  g_clear_pointer (&self->recognition, ag_recognition_unref);
  self->recognition = g_steal_pointer (&recognition);
  ag_page_view_set_highlight (self->page_view, NULL);

  if (self->text_dirty)
    {
      AdwToast *toast = adw_toast_new (_("Your edits were replaced with the new text"));

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-text");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      _ag_window_announce (self, adw_toast_get_title (toast), FALSE);
    }

  _ag_window_set_text_from_recognition (self, self->recognition);
  update_status (self, (g_get_monotonic_time () - self->recognize_started) / (double) G_USEC_PER_SEC);
  if (copy)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.copy-all", NULL);
}

/* Reads the document, or with @first_page > 0 its pages from there on,
 * adding them to those read before a stop. */
static void
recognize_from (AgWindow *self,
                guint     first_page)
{
  g_autoptr(AgRecognizeOptions) options = NULL;
  g_autofree char *languages = NULL;
  GPtrArray *regions;
  ProgressData *pd;
  RecognizeData *data;

  g_clear_handle_id (&self->recognize_timeout_id, g_source_remove);
  g_cancellable_cancel (self->recognize_cancellable);
  g_clear_object (&self->recognize_cancellable);
  self->recognize_serial++;

  self->reading_rest = first_page > 0 && self->partial != NULL;
  if (!self->reading_rest)
    g_clear_pointer (&self->partial, ag_recognition_unref);

  if (self->document == NULL)
    return;

  languages = ag_language_button_dup_languages (self->language_button);
  options = ag_recognize_options_new ();
  ag_recognize_options_set_languages (options, languages);
  ag_recognize_options_set_preprocess (options, g_settings_get_boolean (self->settings, "preprocess"));
  ag_recognize_options_set_engine_kind (options, g_settings_get_enum (self->settings, "engine"));

  regions = ag_page_view_get_regions (self->page_view);
  for (guint i = 0; i < regions->len; i++)
    ag_recognize_options_add_region (options, g_ptr_array_index (regions, i));
  for (guint p = first_page; p > 0 && p < ag_document_get_n_pages (self->document); p++)
    ag_recognize_options_add_page (options, p);

  pd = g_new0 (ProgressData, 1);
  g_weak_ref_init (&pd->window, self);
  pd->serial = self->recognize_serial;
  ag_recognize_options_set_progress (options, progress_cb, pd, progress_data_free);

  pd = g_new0 (ProgressData, 1);
  g_weak_ref_init (&pd->window, self);
  pd->serial = self->recognize_serial;
  ag_recognize_options_set_page_ready (options, page_ready_cb, pd, progress_data_free);

  data = g_new0 (RecognizeData, 1);
  data->self = g_object_ref (self);
  data->serial = self->recognize_serial;

  self->recognize_cancellable = g_cancellable_new ();
  self->recognize_started = g_get_monotonic_time ();
  set_recognizing (self, TRUE);
  ag_engine_recognize_async (self->engine, self->document, options,
                             self->recognize_cancellable, recognize_cb, data);
}

static gboolean
recognize_now (AgWindow *self)
{
  self->recognize_timeout_id = 0;
  recognize_from (self, 0);

  return G_SOURCE_REMOVE;
}

/* After a stop, with no regions drawn: the pages not read yet follow
 * the last one read. */
gboolean
_ag_window_can_read_rest (AgWindow *self)
{
  guint n_read;

  if (self->recognizing || self->partial == NULL || self->document == NULL ||
      ag_page_view_get_regions (self->page_view)->len > 0)
    return FALSE;

  n_read = ag_recognition_get_n_pages (self->partial);
  return n_read > 0 && n_read < ag_document_get_n_pages (self->document) &&
         ag_recognition_get_page (self->partial, n_read - 1)->index + 1 < ag_document_get_n_pages (self->document);
}

void
_ag_window_read_rest (AgWindow *self)
{
  guint n_read;

  if (!_ag_window_can_read_rest (self))
    return;

  n_read = ag_recognition_get_n_pages (self->partial);
  recognize_from (self, ag_recognition_get_page (self->partial, n_read - 1)->index + 1);
}

static gboolean
recognize_timeout_cb (gpointer user_data)
{
  return recognize_now (user_data);
}

/**
 * _ag_window_recognize:
 * @delay_ms: wait this long first, so that a burst of changes (drawing
 *   several regions) starts one job, not many
 */
void
_ag_window_recognize (AgWindow *self,
                      guint     delay_ms)
{
  g_clear_handle_id (&self->recognize_timeout_id, g_source_remove);

  if (delay_ms == 0)
    recognize_now (self);
  else
    self->recognize_timeout_id = g_timeout_add (delay_ms, recognize_timeout_cb, self);
}

void
_ag_window_cancel (AgWindow *self)
{
  g_clear_handle_id (&self->recognize_timeout_id, g_source_remove);
  g_cancellable_cancel (self->recognize_cancellable);
  g_cancellable_cancel (self->load_cancellable);
}

static void
regions_changed_cb (AgWindow   *self,
                    AgPageView *view)
{
  _ag_window_update_actions (self);
  _ag_window_recognize (self, 350);
}

static void
settings_changed_cb (AgWindow   *self,
                     const char *key,
                     GSettings  *settings)
{
  if (g_strcmp0 (key, "languages") == 0 ||
      g_strcmp0 (key, "preprocess") == 0 ||
      g_strcmp0 (key, "engine") == 0)
    _ag_window_recognize (self, 150);
}

/* Opening */

static void
set_document (AgWindow   *self,
              AgDocument *document)
{
  g_cancellable_cancel (self->render_cancellable);
  g_cancellable_cancel (self->recognize_cancellable);
  g_clear_handle_id (&self->recognize_timeout_id, g_source_remove);

  g_set_object (&self->document, document);
  g_clear_pointer (&self->recognition, ag_recognition_unref);
  g_clear_pointer (&self->partial, ag_recognition_unref);
  self->current_page = 0;

  g_signal_handlers_block_by_func (self->page_view, regions_changed_cb, self);
  ag_page_view_clear_regions (self->page_view);
  g_signal_handlers_unblock_by_func (self->page_view, regions_changed_cb, self);
  ag_page_view_set_texture (self->page_view, NULL);
  ag_page_view_set_page (self->page_view, 0);
  ag_page_view_set_highlight (self->page_view, NULL);
  ag_page_view_set_fit (self->page_view, TRUE);
  _ag_window_clear_text (self);

  if (document == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      _ag_window_update_actions (self);
      return;
    }

  adw_window_title_set_subtitle (self->window_title, ag_document_get_title (document));
  gtk_stack_set_visible_child_name (self->stack, "document");
  gtk_stack_set_visible_child_name (self->text_stack, "busy");
  render_current_page (self);
  _ag_window_recognize (self, 0);
}

/* A load: one or more files (joined into one document), bytes, or a
 * document made already (a scan). */
typedef struct
{
  AgWindow   *self;
  GPtrArray  *files;       /* GFile */
  GBytes     *bytes;
  char       *name;
  guint       index;
  char       *password;
  AgDocument *document;
  GPtrArray  *skipped;     /* messages about files that could not be opened */
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_clear_object (&job->self);
  g_clear_pointer (&job->files, g_ptr_array_unref);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->name, g_free);
  g_clear_pointer (&job->password, g_free);
  g_clear_object (&job->document);
  g_clear_pointer (&job->skipped, g_ptr_array_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenJob, open_job_free)

static void load_next (OpenJob *job);

static char *
dup_job_item_name (OpenJob *job)
{
  if (job->files != NULL)
    {
      GFile *file = g_ptr_array_index (job->files, job->index);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

      if (info != NULL)
        return g_strdup (g_file_info_get_display_name (info));
      return g_file_get_basename (file);
    }

  return g_strdup (job->name != NULL ? job->name : _("Pasted image"));
}

static void
password_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  g_autoptr(OpenJob) job = user_data;
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (g_strcmp0 (response, "unlock") != 0)
    {
      if (job->self->document == NULL)
        gtk_stack_set_visible_child_name (job->self->stack, "empty");
      gtk_spinner_set_spinning (job->self->loading_spinner, FALSE);
      return;
    }

  g_free (job->password);
  job->password = g_strdup (gtk_editable_get_text (entry));
  load_next (g_steal_pointer (&job));
}

static void
ask_password (OpenJob  *job,
              gboolean  wrong)
{
  g_autofree char *name = dup_job_item_name (job);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (wrong)
    body = g_strdup_printf (_("That password does not open “%s”. Check it and try again."), name);
  else
    body = g_strdup_printf (_("“%s” is protected with a password. Enter it to open the document."), name);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (job->self), _("Password Required"), body));
  /* A plain entry with hidden text: GTK 4.8's GtkPasswordEntry warns when
   * its dialog is destroyed while it has the focus. */
  entry = gtk_entry_new ();
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "unlock", _("_Unlock"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "unlock", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "unlock");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (password_response_cb), job);
  ag_accessible_fix_mnemonic_names (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
show_load_error (AgWindow     *self,
                 const char   *name,
                 const GError *error)
{
  g_autofree char *title = NULL;

  if (self->document != NULL)
    {
      g_autofree char *prefix = g_strdup_printf (_("Could not open “%s”."), name);

      _ag_window_show_error (self, prefix, error);
      gtk_stack_set_visible_child_name (self->stack, "document");
      return;
    }

  title = g_strdup_printf (_("Could Not Open “%s”"), name);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* The files that opened become the document; those left out are said. */
static void
open_job_done (OpenJob *job)
{
  g_autoptr(OpenJob) owned = job;
  AgWindow *self = job->self;

  gtk_spinner_set_spinning (self->loading_spinner, FALSE);
  set_document (self, job->document);
  for (guint i = 0; job->skipped != NULL && i < job->skipped->len; i++)
    _ag_window_show_toast (self, g_ptr_array_index (job->skipped, i));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(OpenJob) job = user_data;
  AgWindow *self = job->self;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  if (job->files != NULL)
    document = ag_document_load_file_finish (result, &error);
  else
    document = ag_document_load_bytes_finish (result, &error);

  if (document == NULL)
    {
      g_autofree char *name = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_error_matches (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_NEEDS_PASSWORD) ||
          g_error_matches (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WRONG_PASSWORD))
        {
          gboolean wrong = job->password != NULL ||
                           g_error_matches (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WRONG_PASSWORD);

          ask_password (g_steal_pointer (&job), wrong);
          return;
        }

      name = dup_job_item_name (job);

      /* One of several files: skipped, as airgap-ocr does, and said once
       * the others are open; only when none opens is it an error page. */
      if (job->files != NULL && job->files->len > 1)
        {
          if (job->skipped == NULL)
            job->skipped = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (job->skipped, g_strdup_printf (_("“%s” was left out: %s"), name, error->message));
          job->index++;
          if (job->index < job->files->len)
            {
              load_next (g_steal_pointer (&job));
              return;
            }
          if (job->document != NULL)
            {
              open_job_done (g_steal_pointer (&job));
              return;
            }
        }

      gtk_spinner_set_spinning (self->loading_spinner, FALSE);
      show_load_error (self, name, error);
      if (self->document == NULL && gtk_stack_get_visible_child_name (self->stack) != NULL &&
          g_str_equal (gtk_stack_get_visible_child_name (self->stack), "loading"))
        gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (job->files != NULL)
    _ag_window_remember_recent (self, g_ptr_array_index (job->files, job->index));

  if (job->document == NULL)
    job->document = g_steal_pointer (&document);
  else
    ag_document_append (job->document, document);

  g_clear_pointer (&job->password, g_free);
  job->index++;

  if (job->files != NULL && job->index < job->files->len)
    {
      load_next (g_steal_pointer (&job));
      return;
    }

  open_job_done (g_steal_pointer (&job));
}

static void
load_next (OpenJob *job)
{
  AgWindow *self = job->self;

  if (job->files != NULL)
    ag_document_load_file_async (g_ptr_array_index (job->files, job->index), job->password,
                                 self->load_cancellable, load_cb, job);
  else
    ag_document_load_bytes_async (job->bytes, job->name, job->password,
                                  self->load_cancellable, load_cb, job);
}

static void
start_open_job (OpenJob *job)
{
  AgWindow *self = job->self;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  if (job->files == NULL && job->bytes == NULL)
    {
      open_job_done (job);
      return;
    }

  if (self->document == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_set_spinning (self->loading_spinner, TRUE);
    }

  load_next (job);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  g_autoptr(OpenJob) job = user_data;

  if (g_strcmp0 (response, "discard") == 0)
    start_open_job (g_steal_pointer (&job));
}

/* Opening another document replaces the text; edits not yet saved or
 * copied are only thrown away when the person says so. */
static void
confirm_and_open (OpenJob *job)
{
  AdwMessageDialog *dialog;

  if (!job->self->text_dirty)
    {
      start_open_job (job);
      return;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (job->self),
                                                       _("Discard the Edited Text?"),
                                                       _("You changed the text and have not copied or saved it. Opening another document replaces it.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard and Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (discard_response_cb), job);
  ag_accessible_fix_mnemonic_names (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_ag_window_open_files (AgWindow  *self,
                       GFile    **files,
                       guint      n_files)
{
  OpenJob *job;

  g_return_if_fail (AG_IS_WINDOW (self));

  if (n_files == 0)
    return;

  self->copy_when_read = FALSE;
  job = g_new0 (OpenJob, 1);
  job->self = g_object_ref (self);
  job->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (job->files, g_object_ref (files[i]));

  confirm_and_open (job);
}

void
_ag_window_open_bytes (AgWindow   *self,
                       GBytes     *bytes,
                       const char *name)
{
  OpenJob *job;

  g_return_if_fail (AG_IS_WINDOW (self));
  g_return_if_fail (bytes != NULL);

  self->copy_when_read = FALSE;
  job = g_new0 (OpenJob, 1);
  job->self = g_object_ref (self);
  job->bytes = g_bytes_ref (bytes);
  job->name = g_strdup (name);

  confirm_and_open (job);
}

/* Pages scanned (ag-window-capture.c): shown and read like a file. */
void
_ag_window_open_document (AgWindow   *self,
                          AgDocument *document)
{
  OpenJob *job;

  g_return_if_fail (AG_IS_WINDOW (self));
  g_return_if_fail (AG_IS_DOCUMENT (document));

  self->copy_when_read = FALSE;
  job = g_new0 (OpenJob, 1);
  job->self = g_object_ref (self);
  job->document = g_object_ref (document);

  confirm_and_open (job);
}

/**
 * ag_window_open:
 * @files: (array length=n_files): files to open as one document
 *
 * Opens @files, their pages one after the other, replacing the document
 * shown (after asking, if the text was edited).
 */
void
ag_window_open (AgWindow  *self,
                GFile    **files,
                guint      n_files)
{
  _ag_window_open_files (self, files, n_files);
}

/* Window state */

static void
restore_window_state (AgWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 360), MAX (height, 360));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
ag_window_close_request (GtkWindow *window)
{
  AgWindow *self = AG_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_apply (self->settings);

  _ag_window_cancel (self);

  return GTK_WINDOW_CLASS (ag_window_parent_class)->close_request (window);
}

/* Keyboard focus follows the page shown.  Left on a widget of a hidden
 * page, it would swallow every key: Ctrl+O and Ctrl+V did nothing on the
 * start and the error page.  Focus the person put in the header bar
 * stays there. */
static void
stack_page_changed_cb (AgWindow   *self,
                       GParamSpec *pspec,
                       GtkStack   *stack)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  GtkWidget *target = NULL;

  if (focus != NULL && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->stack)))
    return;

  if (g_strcmp0 (name, "empty") == 0)
    target = self->empty_open_button;
  else if (g_strcmp0 (name, "error") == 0)
    target = self->error_open_button;
  else if (g_strcmp0 (name, "document") == 0)
    target = GTK_WIDGET (self->page_view);

  if (target == NULL || !gtk_widget_grab_focus (target))
    gtk_root_set_focus (GTK_ROOT (self), NULL);
}

/* Everything the window has under way: loading, rendering, reading and
 * capture. */
static void
stop_work (AgWindow *self)
{
  _ag_window_cancel (self);
  g_cancellable_cancel (self->render_cancellable);
  _ag_window_cancel_capture (self);
}

/* A window destroyed without a close request (gtk_window_destroy(), as
 * the application's quit and the tests do) stops its work too: a reading
 * holds the window until it ends, which on an enormous page is 20 s. */
static void
ag_window_unrealize (GtkWidget *widget)
{
  stop_work (AG_WINDOW (widget));

  GTK_WIDGET_CLASS (ag_window_parent_class)->unrealize (widget);
}

/* GObject */

static void
ag_window_dispose (GObject *object)
{
  AgWindow *self = AG_WINDOW (object);

  stop_work (self);
  g_clear_handle_id (&self->progress_timeout_id, g_source_remove);

  if (self->buffer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      _ag_window_clear_words (self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), AG_TYPE_WINDOW);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->render_cancellable);
  g_clear_object (&self->recognize_cancellable);
  g_clear_object (&self->capture_cancellable);
  g_clear_object (&self->document);
  g_clear_pointer (&self->recognition, ag_recognition_unref);
  g_clear_pointer (&self->partial, ag_recognition_unref);
  g_clear_pointer (&self->text_recognition, ag_recognition_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->engine);
  self->buffer = NULL;

  G_OBJECT_CLASS (ag_window_parent_class)->dispose (object);
}

static void
ag_window_finalize (GObject *object)
{
  AgWindow *self = AG_WINDOW (object);

  g_clear_pointer (&self->words, g_array_unref);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->table_tags, g_ptr_array_unref);

  G_OBJECT_CLASS (ag_window_parent_class)->finalize (object);
}

static void
ag_window_class_init (AgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ag_window_dispose;
  object_class->finalize = ag_window_finalize;
  widget_class->unrealize = ag_window_unrealize;
  window_class->close_request = ag_window_close_request;

  /* The resources live in this static library: make sure they are linked. */
  g_assert (ag_get_resource () != NULL);

  g_type_ensure (AG_TYPE_OFFLINE_INDICATOR);
  g_type_ensure (AG_TYPE_LANGUAGE_BUTTON);
  g_type_ensure (AG_TYPE_PAGE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ag-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AgWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, empty_open_button);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, error_open_button);
  gtk_widget_class_bind_template_callback (widget_class, stack_page_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, page_scroller);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, page_view);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, page_spinner);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, page_nav);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, page_controls);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, page_label);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, text_stack);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, text_spinner);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, text_pane);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, text_view);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, AgWindow, copy_button);

  _ag_window_class_init_actions (widget_class);
  _ag_window_class_init_capture (widget_class);
}

/* The page and zoom controls float over the page view's bottom edge:
 * the page keeps their height free below it, measured rather than
 * guessed, since a larger text size makes them taller. */
static void
update_controls_room (AgWindow *self)
{
  int natural = 0;

  gtk_widget_measure (self->page_controls, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  /* From the view's bottom edge up to the controls' top, less the page
   * view's own margin of 12 under the page, and a little air. */
  ag_page_view_set_bottom_room (self->page_view,
                                natural + gtk_widget_get_margin_bottom (self->page_controls) - 12 + 8);
}

static void
ag_window_init (AgWindow *self)
{
  self->words = g_array_new (FALSE, FALSE, sizeof (AgWordSpan));
  self->blocks = g_array_new (FALSE, FALSE, sizeof (AgBlockSpan));
  self->table_tags = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->engine = g_object_ref (ag_engine_get_default ());

  _ag_window_init_text (self);

  g_signal_connect_object (self->page_view, "regions-changed", G_CALLBACK (regions_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->page_view, "notify::zoom", G_CALLBACK (zoom_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->page_view, "notify::fit", G_CALLBACK (zoom_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->page_controls, "map", G_CALLBACK (update_controls_room), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-xft-dpi",
                           G_CALLBACK (update_controls_room), self, G_CONNECT_SWAPPED);

  gtk_paned_set_position (self->paned, 620);
  restore_window_state (self);
  _ag_window_init_dnd (self);
  _ag_window_update_actions (self);
  stack_page_changed_cb (self, NULL, self->stack);
  ag_tooltip_fix_tree (GTK_WIDGET (self));
  ag_accessible_fix_mnemonic_names (GTK_WIDGET (self));
}

AgWindow *
ag_window_new (AgApplication *application)
{
  return g_object_new (AG_TYPE_WINDOW, "application", application, NULL);
}
