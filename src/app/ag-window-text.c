/* ag-window-text.c — the recognised text: laid out, edited, and tied to the page
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The text view holds the recognition as the person reads it; every word
 * keeps a pair of marks and its box on the page, so a click on a word
 * lights it on the page and an unsure word says so in a tooltip. */

#include "config.h"

#include <glib/gi18n.h>

#include "model/ag-text.h"
#include "ag-tooltip.h"
#include "ag-window-private.h"

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (ag_text_is_cjk (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

void
_ag_window_clear_words (AgWindow *self)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (self->buffer);

  self->text_scroll_target = NULL;

  for (guint i = 0; i < self->words->len; i++)
    {
      AgWordSpan *span = &g_array_index (self->words, AgWordSpan, i);

      gtk_text_buffer_delete_mark (self->buffer, span->start);
      gtk_text_buffer_delete_mark (self->buffer, span->end);
    }
  g_array_set_size (self->words, 0);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      AgBlockSpan *span = &g_array_index (self->blocks, AgBlockSpan, i);

      gtk_text_buffer_delete_mark (self->buffer, span->start);
      gtk_text_buffer_delete_mark (self->buffer, span->end);
    }
  g_array_set_size (self->blocks, 0);

  for (guint i = 0; i < self->table_tags->len; i++)
    gtk_text_tag_table_remove (table, g_ptr_array_index (self->table_tags, i));
  g_ptr_array_set_size (self->table_tags, 0);
}

typedef struct
{
  gsize  start;    /* byte offsets into the text */
  gsize  end;
  guint  page;
  AgWord *word;
} PendingWord;

typedef struct
{
  gsize    start;  /* byte offsets into the text */
  gsize              end;
  guint              page;
  AgRecognitionPage *recognition_page;
  AgBlock           *block;
} PendingBlock;

typedef struct
{
  GString *text;
  GArray  *words;   /* PendingWord */
  GArray  *blocks;  /* PendingBlock */
  guint              page;
  AgRecognitionPage *recognition_page;
} Layout;

static int
compare_blocks (gconstpointer a,
                gconstpointer b)
{
  const AgBlock *x = *(AgBlock **) a;
  const AgBlock *y = *(AgBlock **) b;
  int rx = x->region < 0 ? G_MAXINT : x->region;
  int ry = y->region < 0 ? G_MAXINT : y->region;

  return (rx > ry) - (rx < ry);
}

static const char *
first_word_text (AgLine *line)
{
  for (guint w = 0; w < line->words->len; w++)
    {
      AgWord *word = g_ptr_array_index (line->words, w);

      if (word->text != NULL && *word->text != '\0')
        return word->text;
    }

  return NULL;
}

/* A line's words as ag_line_dup_text() joins them, each word's place
 * remembered. */
static void
layout_line (Layout *layout,
             AgLine *line)
{
  GString *text = layout->text;
  gsize line_start = text->len;

  for (guint w = 0; w < line->words->len; w++)
    {
      AgWord *word = g_ptr_array_index (line->words, w);
      PendingWord pw;

      if (word->text == NULL || *word->text == '\0')
        continue;

      if (text->len > line_start && ag_word_wants_space (text->str + line_start, word))
        g_string_append_c (text, ' ');

      pw.start = text->len;
      g_string_append (text, word->text);
      pw.end = text->len;
      pw.page = layout->page;
      pw.word = word;
      g_array_append_val (layout->words, pw);
    }
}

/* @n lines of @block from @first, as append_lines() in ag-recognition.c
 * gives them to the exports (keep the two alike: the text the person
 * sees is the text they save): joined into one paragraph (Chinese
 * without a space, Latin with one, a word hyphenated at a line end
 * mended), or one line each. */
static void
layout_lines (Layout   *layout,
              AgBlock  *block,
              guint     first,
              guint     n,
              gboolean  join_lines)
{
  GString *text = layout->text;
  gsize start = text->len;

  for (guint i = first; i < first + n && i < block->lines->len; i++)
    {
      AgLine *line = g_ptr_array_index (block->lines, i);
      const char *head = first_word_text (line);

      if (head == NULL)
        continue;

      if (text->len > start && join_lines)
        {
          if (text->str[text->len - 1] == '-' && text->len - start > 1 &&
              g_ascii_isalpha (text->str[text->len - 2]) &&
              g_ascii_islower (head[0]))
            {
              PendingWord *last = &g_array_index (layout->words, PendingWord, layout->words->len - 1);

              g_string_truncate (text, text->len - 1);
              /* the hyphen was the end of the last word */
              last->end = MIN (last->end, text->len);
            }
          else if (ag_text_wants_space_at_line_break (text->str + start, head))
            g_string_append_c (text, ' ');
        }
      else if (text->len > start)
        g_string_append_c (text, '\n');

      layout_line (layout, line);
    }
}

/* A table as ag_block_dup_text() gives it: a line per row, its cells
 * separated by tabs, a merged cell's text in its first row and column. */
static void
layout_table (Layout  *layout,
              AgBlock *block)
{
  for (guint r = 0; r < block->n_rows; r++)
    {
      if (r > 0)
        g_string_append_c (layout->text, '\n');
      for (guint c = 0; c < block->n_columns; c++)
        {
          const AgCell *cell = ag_block_get_cell (block, r, c);

          if (c > 0)
            g_string_append_c (layout->text, '\t');
          if (cell != NULL && cell->row == r && cell->column == c)
            layout_lines (layout, block, cell->first_line, cell->n_lines, TRUE);
        }
    }
}

/* Lays the recognition out as the text the person sees, the same text
 * the plain-text export gives: regions in the order drawn; a block per
 * line, its lines joined (the view wraps it to the pane), a table a line
 * per row with its cells separated by tabs; or, keeping the lines, a
 * line per line and an empty line between blocks.  Pages are separated
 * by an empty line.  Remembers where every word and block went, so
 * they can be marked, styled and found on the page. */
static char *
layout_recognition (AgRecognition *recognition,
                    gboolean       keep_lines,
                    GArray        *words,
                    GArray        *blocks_out)
{
  Layout layout = { g_string_new (NULL), words, blocks_out, 0, NULL };

  for (guint p = 0; p < ag_recognition_get_n_pages (recognition); p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);
      g_autoptr(GPtrArray) blocks = g_ptr_array_new ();
      gsize page_start = layout.text->len;

      layout.page = page->index;
      layout.recognition_page = page;
      for (guint b = 0; b < page->blocks->len; b++)
        g_ptr_array_add (blocks, g_ptr_array_index (page->blocks, b));
      /* stable: g_ptr_array_sort is a merge sort in GLib */
      g_ptr_array_sort (blocks, compare_blocks);

      for (guint b = 0; b < blocks->len; b++)
        {
          AgBlock *block = g_ptr_array_index (blocks, b);
          gsize before = layout.text->len;
          guint n_words = layout.words->len;
          PendingBlock pb;

          if (layout.text->len > page_start)
            g_string_append (layout.text, keep_lines ? "\n\n" : "\n");
          else if (layout.text->len > 0)
            g_string_append (layout.text, "\n\n");

          pb.start = layout.text->len;
          if (block->kind == AG_BLOCK_KIND_TABLE && block->cells != NULL)
            layout_table (&layout, block);
          else
            layout_lines (&layout, block, 0, block->lines->len, !keep_lines);

          /* a block without words (tabs of empty cells are no text) */
          if (layout.words->len == n_words)
            {
              g_string_truncate (layout.text, before);
              continue;
            }
          pb.end = layout.text->len;
          pb.page = page->index;
          pb.recognition_page = page;
          pb.block = block;
          g_array_append_val (layout.blocks, pb);
        }
    }

  return g_string_free (layout.text, FALSE);
}

/* Tab stops for a table's tag: each column as wide as its widest cell in
 * the view's font, and a gap, so the columns line up as a grid. */
static GtkTextTag *
create_table_tag (AgWindow *self,
                  AgBlock  *block)
{
  g_autoptr(PangoLayout) measure = gtk_widget_create_pango_layout (GTK_WIDGET (self->text_view), NULL);
  PangoTabArray *tabs;
  GtkTextTag *tag;
  int x = 0;

  if (block->n_columns < 2)
    return NULL;

  tabs = pango_tab_array_new (block->n_columns - 1, TRUE);
  for (guint c = 0; c + 1 < block->n_columns; c++)
    {
      int widest = 0;

      for (guint r = 0; r < block->n_rows; r++)
        {
          const AgCell *cell = ag_block_get_cell (block, r, c);
          g_autofree char *text = NULL;
          int width;

          /* a cell spanning columns does not make any one of them wider */
          if (cell == NULL || cell->row != r || cell->column != c || cell->column_span > 1)
            continue;
          text = ag_block_dup_cell_text (block, cell, TRUE);
          pango_layout_set_text (measure, text, -1);
          pango_layout_get_pixel_size (measure, &width, NULL);
          widest = MAX (widest, width);
        }
      /* a very wide column would push the others off the pane: it wraps */
      x += MIN (widest, 320) + 24;
      pango_tab_array_set_tab (tabs, c, PANGO_TAB_LEFT, x);
    }

  tag = gtk_text_buffer_create_tag (self->buffer, NULL, "tabs", tabs, NULL);
  pango_tab_array_free (tabs);
  g_ptr_array_add (self->table_tags, g_object_ref (tag));
  return tag;
}

/* The blocks' look: a heading larger and bold, a table's columns lined
 * up, the page's alignment, and some space below each block (no empty line: the text is the
 * exported text). */
static void
style_blocks (AgWindow *self,
              gboolean  keep_lines)
{
  for (guint i = 0; i < self->blocks->len; i++)
    {
      AgBlockSpan *span = &g_array_index (self->blocks, AgBlockSpan, i);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &start, span->start);
      gtk_text_buffer_get_iter_at_mark (self->buffer, &end, span->end);

      if (!keep_lines)
        gtk_text_buffer_apply_tag (self->buffer, self->block_tag, &start, &end);

      /* a centred title, a signature and a date at the right, as on the
       * page (a table keeps its columns at the left) */
      if (span->block->kind != AG_BLOCK_KIND_TABLE && span->block->align != AG_BLOCK_ALIGN_START)
        gtk_text_buffer_apply_tag (self->buffer,
                                   self->align_tags[span->block->align == AG_BLOCK_ALIGN_CENTER ? 0 : 1],
                                   &start, &end);

      if (span->block->kind == AG_BLOCK_KIND_HEADING)
        gtk_text_buffer_apply_tag (self->buffer, self->heading_tags[span->block->level <= 1 ? 0 : 1], &start, &end);
      else if (span->block->kind == AG_BLOCK_KIND_TABLE)
        {
          GtkTextTag *tag = create_table_tag (self, span->block);

          if (tag != NULL)
            gtk_text_buffer_apply_tag (self->buffer, tag, &start, &end);
        }
    }
}

static glong
count_chars (const char *text,
             gsize       byte,
             gsize      *last_byte,
             glong      *last_char)
{
  /* byte offsets grow monotonically: count characters incrementally */
  *last_char += g_utf8_strlen (text + *last_byte, byte - *last_byte);
  *last_byte = byte;
  return *last_char;
}

void
_ag_window_set_text_from_recognition (AgWindow      *self,
                                      AgRecognition *recognition)
{
  g_autoptr(GArray) pending = g_array_new (FALSE, FALSE, sizeof (PendingWord));
  g_autoptr(GArray) pending_blocks = g_array_new (FALSE, FALSE, sizeof (PendingBlock));
  gboolean keep_lines = _ag_window_get_keep_lines (self);
  g_autofree char *text = layout_recognition (recognition, keep_lines, pending, pending_blocks);
  gboolean keep_undo = self->text_dirty;
  const char *p = text;
  gsize last_byte = 0;
  glong last_char = 0;

  self->setting_text = TRUE;
  _ag_window_clear_words (self);
  if (recognition != self->text_recognition)
    {
      g_clear_pointer (&self->text_recognition, ag_recognition_unref);
      self->text_recognition = ag_recognition_ref (recognition);
    }

  /* The person's own edits stay reachable with Undo; a fresh result of a
   * new document is not an edit to undo. */
  if (!keep_undo)
    {
      gtk_text_buffer_begin_irreversible_action (self->buffer);
      gtk_text_buffer_set_text (self->buffer, text, -1);
      gtk_text_buffer_end_irreversible_action (self->buffer);
    }
  else
    {
      GtkTextIter start, end;

      /* Not gtk_text_buffer_set_text(): GTK 4.8 makes that an
       * irreversible action, which cannot be part of an undoable one
       * (a critical warning, and the edits could not be undone). */
      gtk_text_buffer_begin_user_action (self->buffer);
      gtk_text_buffer_get_bounds (self->buffer, &start, &end);
      gtk_text_buffer_delete (self->buffer, &start, &end);
      gtk_text_buffer_insert (self->buffer, &start, text, -1);
      gtk_text_buffer_end_user_action (self->buffer);
    }

  for (guint i = 0; i < pending->len; i++)
    {
      PendingWord *pw = &g_array_index (pending, PendingWord, i);
      AgWordSpan span;
      GtkTextIter start, end;
      glong start_char, end_char;

      start_char = count_chars (p, pw->start, &last_byte, &last_char);
      end_char = count_chars (p, pw->end, &last_byte, &last_char);

      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, start_char);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, end_char);

      span.start = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
      span.end = gtk_text_buffer_create_mark (self->buffer, NULL, &end, FALSE);
      span.page = pw->page;
      span.box = pw->word->box;
      span.confidence = pw->word->confidence;
      g_array_append_val (self->words, span);

      if (pw->word->confidence < AG_WINDOW_LOW_CONFIDENCE)
        gtk_text_buffer_apply_tag (self->buffer, self->low_tag, &start, &end);
      /* A word without Chinese is shaped as Latin whatever the desktop's
       * language: under zh_CN Pango would draw its ’ full width. */
      if (!has_cjk (pw->word->text))
        gtk_text_buffer_apply_tag_by_name (self->buffer, "latin", &start, &end);
    }

  last_byte = 0;
  last_char = 0;
  for (guint i = 0; i < pending_blocks->len; i++)
    {
      PendingBlock *pb = &g_array_index (pending_blocks, PendingBlock, i);
      AgBlockSpan span;
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, count_chars (p, pb->start, &last_byte, &last_char));
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, count_chars (p, pb->end, &last_byte, &last_char));
      span.start = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
      span.end = gtk_text_buffer_create_mark (self->buffer, NULL, &end, FALSE);
      span.page = pb->page;
      span.recognition_page = pb->recognition_page;
      span.block = pb->block;
      g_array_append_val (self->blocks, span);
    }
  style_blocks (self, keep_lines);

  self->setting_text = FALSE;
  if (!keep_undo)
    self->text_dirty = FALSE;

  gtk_stack_set_visible_child_name (self->text_stack, *text != '\0' ? "text" : "none");
  _ag_window_update_actions (self);
}

void
_ag_window_clear_text (AgWindow *self)
{
  self->setting_text = TRUE;
  _ag_window_clear_words (self);
  g_clear_pointer (&self->text_recognition, ag_recognition_unref);
  gtk_text_buffer_begin_irreversible_action (self->buffer);
  gtk_text_buffer_set_text (self->buffer, "", 0);
  gtk_text_buffer_end_irreversible_action (self->buffer);
  self->setting_text = FALSE;
  self->text_dirty = FALSE;
  gtk_label_set_label (self->status_label, "");
}

static void
buffer_changed_cb (AgWindow      *self,
                   GtkTextBuffer *buffer)
{
  if (!self->setting_text)
    self->text_dirty = TRUE;
  _ag_window_update_actions (self);
}

char *
_ag_window_dup_text (AgWindow *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}

/* The text keeps the page's lines, not whole paragraphs (the main
 * menu's toggle, remembered). */
gboolean
_ag_window_get_keep_lines (AgWindow *self)
{
  return g_settings_get_boolean (self->settings, "keep-lines");
}

/* The toggle lays the text out again from what was read; the page is not
 * read again.  Edits are replaced, as by a new result, and the toast's
 * Undo (or Ctrl+Z) brings them back. */
static void
keep_lines_changed_cb (AgWindow   *self,
                       const char *key,
                       GSettings  *settings)
{
  if (self->text_recognition == NULL)
    return;

  if (self->text_dirty)
    {
      AdwToast *toast = adw_toast_new (_("Your edits were replaced with the new text"));

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-text");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      _ag_window_announce (self, adw_toast_get_title (toast), FALSE);
    }
  _ag_window_set_text_from_recognition (self, self->text_recognition);
}

static AgWordSpan *
find_word_at (AgWindow          *self,
              const GtkTextIter *iter)
{
  for (guint i = 0; i < self->words->len; i++)
    {
      AgWordSpan *span = &g_array_index (self->words, AgWordSpan, i);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &start, span->start);
      gtk_text_buffer_get_iter_at_mark (self->buffer, &end, span->end);
      if (gtk_text_iter_compare (iter, &start) >= 0 && gtk_text_iter_compare (iter, &end) < 0)
        return span;
    }

  return NULL;
}

/* The page of the text at @iter: the page of the last word that starts
 * at or before it, or -1 before the first word. */
static int
get_page_at (AgWindow          *self,
             const GtkTextIter *iter)
{
  int page = -1;

  for (guint i = 0; i < self->words->len; i++)
    {
      AgWordSpan *span = &g_array_index (self->words, AgWordSpan, i);
      GtkTextIter start;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &start, span->start);
      if (gtk_text_iter_compare (&start, iter) > 0)
        break;
      page = span->page;
    }

  return page;
}

/**
 * _ag_window_get_table_at_cursor:
 *
 * Returns: (nullable): the table the cursor is in, or %NULL
 */
AgBlockSpan *
_ag_window_get_table_at_cursor (AgWindow *self)
{
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  for (guint i = 0; i < self->blocks->len; i++)
    {
      AgBlockSpan *span = &g_array_index (self->blocks, AgBlockSpan, i);
      GtkTextIter start, end;

      if (span->block->kind != AG_BLOCK_KIND_TABLE)
        continue;
      gtk_text_buffer_get_iter_at_mark (self->buffer, &start, span->start);
      gtk_text_buffer_get_iter_at_mark (self->buffer, &end, span->end);
      if (gtk_text_iter_compare (&cursor, &start) >= 0 && gtk_text_iter_compare (&cursor, &end) <= 0)
        return span;
    }

  return NULL;
}

/* The page follows the text: the person moved the cursor, with the keys
 * or a click, into the text of another page. */
static void
cursor_moved_cb (AgWindow      *self,
                 GParamSpec    *pspec,
                 GtkTextBuffer *buffer)
{
  GtkTextIter cursor;
  int page;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-table",
                                 _ag_window_get_table_at_cursor (self) != NULL);
  if (self->setting_text || !gtk_widget_has_focus (GTK_WIDGET (self->text_view)))
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  page = get_page_at (self, &cursor);
  if (page < 0 || (guint) page == self->current_page)
    return;

  self->following_text = TRUE;
  _ag_window_set_page (self, page);
  self->following_text = FALSE;
}

/* Brings the text scroll target to the top of the text view.  The view
 * measures its lines in the background (GTK 4.8), and until it has, the
 * target may lie beyond what it can scroll to (and
 * gtk_text_view_scroll_to_mark() then never scrolls): this is tried again
 * as the view grows, until the target is at the top. */
static void
scroll_to_target (AgWindow *self)
{
  GtkAdjustment *adjustment;
  GtkTextIter target;
  GdkRectangle location;

  if (self->text_scroll_target == NULL || self->text_view == NULL)
    return;

  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));
  gtk_text_buffer_get_iter_at_mark (self->buffer, &target, self->text_scroll_target);
  gtk_text_view_get_iter_location (self->text_view, &target, &location);
  gtk_adjustment_set_value (adjustment, location.y);
  /* There, or given up (the last lines never reach the top). */
  if (gtk_adjustment_get_value (adjustment) >= location.y || g_get_monotonic_time () > self->text_scroll_until)
    self->text_scroll_target = NULL;
}

static void
adjustment_changed_cb (AgWindow      *self,
                       GtkAdjustment *adjustment)
{
  scroll_to_target (self);
}

/**
 * _ag_window_text_show_page:
 *
 * The text follows the page: scrolls the text of @page to the top of the
 * text view, unless the page changed because the cursor moved into that
 * text.
 */
void
_ag_window_text_show_page (AgWindow *self,
                           guint     page)
{
  if (self->following_text)
    return;

  for (guint i = 0; i < self->words->len; i++)
    {
      AgWordSpan *span = &g_array_index (self->words, AgWordSpan, i);

      if (span->page == page)
        {
          self->text_scroll_target = span->start;
          self->text_scroll_until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
          scroll_to_target (self);
          return;
        }
    }
}

static gboolean
get_iter_at_point (AgWindow    *self,
                   double       x,
                   double       y,
                   GtkTextIter *iter)
{
  int bx, by;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  return gtk_text_view_get_iter_at_location (self->text_view, iter, bx, by);
}

static gboolean
text_query_tooltip_cb (AgWindow   *self,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       GtkTextView *view)
{
  GtkTextIter iter;
  AgWordSpan *span;
  g_autofree char *text = NULL;

  if (keyboard_mode)
    {
      GtkTextMark *insert = gtk_text_buffer_get_insert (self->buffer);

      gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, insert);
    }
  else if (!get_iter_at_point (self, x, y, &iter))
    return FALSE;

  if (!gtk_text_iter_has_tag (&iter, self->low_tag) || (span = find_word_at (self, &iter)) == NULL)
    return FALSE;

  /* Translators: shown over a word the recogniser was unsure of; %% is a percent sign */
  text = g_strdup_printf (_("Airgap is unsure of this word (confidence %.0f%%). Check it against the page."),
                          span->confidence);
  ag_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
text_click_released_cb (AgWindow        *self,
                        int              n_press,
                        double           x,
                        double           y,
                        GtkGestureClick *gesture)
{
  GtkTextIter iter, start, end;
  AgWordSpan *span;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->word_tag, &start, &end);

  if (!get_iter_at_point (self, x, y, &iter) || (span = find_word_at (self, &iter)) == NULL)
    {
      ag_page_view_set_highlight (self->page_view, NULL);
      return;
    }

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, span->start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, span->end);
  gtk_text_buffer_apply_tag (self->buffer, self->word_tag, &start, &end);

  if (span->page != self->current_page)
    _ag_window_set_page (self, span->page);
  ag_page_view_set_highlight (self->page_view, &span->box);
}

/* Ctrl+V in the text pastes text as any editor would; when the clipboard
 * holds an image or files and no text, it opens them instead of doing
 * nothing. */
static void
text_paste_clipboard_cb (AgWindow    *self,
                         GtkTextView *view)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING) ||
      gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8") ||
      gdk_content_formats_contain_mime_type (formats, "text/plain") ||
      gdk_content_formats_contain_mime_type (formats, "UTF8_STRING"))
    return;

  g_signal_stop_emission_by_name (view, "paste-clipboard");
  _ag_window_read_clipboard (self, clipboard);
}

void
_ag_window_init_text (AgWindow *self)
{
  GtkGesture *click;

  self->buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_enable_undo (self->buffer, TRUE);
  gtk_text_buffer_create_tag (self->buffer, "latin", "language", "en", NULL);
  self->low_tag = gtk_text_buffer_create_tag (self->buffer, "low-confidence",
                                              "underline", PANGO_UNDERLINE_ERROR,
                                              NULL);
  {
    GdkRGBA amber;

    gdk_rgba_parse (&amber, "#e5a50a");
    g_object_set (self->low_tag, "underline-rgba", &amber, NULL);
  }
  self->heading_tags[0] = gtk_text_buffer_create_tag (self->buffer, "heading-1",
                                                      "weight", PANGO_WEIGHT_BOLD,
                                                      "scale", 1.44,
                                                      "pixels-above-lines", 6,
                                                      NULL);
  self->heading_tags[1] = gtk_text_buffer_create_tag (self->buffer, "heading-2",
                                                      "weight", PANGO_WEIGHT_BOLD,
                                                      "scale", 1.2,
                                                      "pixels-above-lines", 4,
                                                      NULL);
  self->align_tags[0] = gtk_text_buffer_create_tag (self->buffer, "align-center",
                                                    "justification", GTK_JUSTIFY_CENTER,
                                                    NULL);
  self->align_tags[1] = gtk_text_buffer_create_tag (self->buffer, "align-end",
                                                    "justification", GTK_JUSTIFY_RIGHT,
                                                    NULL);
  self->block_tag = gtk_text_buffer_create_tag (self->buffer, "block",
                                                "pixels-below-lines", 10,
                                                NULL);
  self->word_tag = gtk_text_buffer_create_tag (self->buffer, "word-on-page",
                                               "background", "rgba(246,211,45,0.45)",
                                               NULL);
  {
    g_autoptr(GAction) keep_lines = g_settings_create_action (self->settings, "keep-lines");

    g_action_map_add_action (G_ACTION_MAP (self), keep_lines);
  }
  g_signal_connect_object (self->settings, "changed::keep-lines", G_CALLBACK (keep_lines_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  g_signal_connect_swapped (self->buffer, "notify::cursor-position", G_CALLBACK (cursor_moved_cb), self);
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view)), "changed",
                           G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->text_view, "query-tooltip", G_CALLBACK (text_query_tooltip_cb), self);
  g_signal_connect_swapped (self->text_view, "paste-clipboard", G_CALLBACK (text_paste_clipboard_cb), self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (click, "released", G_CALLBACK (text_click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));
}
