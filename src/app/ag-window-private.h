/* ag-window-private.h — shared by the ag-window*.c files
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ag-core.h"
#include "ag-language-button.h"
#include "ag-page-view.h"
#include "ag-window.h"

G_BEGIN_DECLS

/* Words below this confidence (0..100) are marked in the text. */
#define AG_WINDOW_LOW_CONFIDENCE 60.0

typedef struct
{
  GtkTextMark *start;
  GtkTextMark *end;
  guint        page;
  AgRect       box;
  float        confidence;
} AgWordSpan;

/* A block of the text as laid out: its marks and the block itself, of
 * the recognition the text was laid out from (AgWindow.text_recognition). */
typedef struct
{
  GtkTextMark *start;
  GtkTextMark *end;
  guint              page;
  AgRecognitionPage *recognition_page;
  AgBlock           *block;
} AgBlockSpan;

struct _AgWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *header_bar;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *primary_menu_button;
  AgLanguageButton     *language_button;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkStack             *stack;
  GtkWidget            *empty_open_button;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_page;
  GtkWidget            *error_open_button;
  GtkPaned             *paned;
  GtkScrolledWindow    *page_scroller;
  AgPageView           *page_view;
  GtkSpinner           *page_spinner;
  GtkWidget            *page_nav;
  GtkWidget            *page_controls;
  GtkLabel             *page_label;
  GtkLabel             *zoom_label;
  GtkStack             *text_stack;
  GtkSpinner           *text_spinner;
  GtkWidget            *text_pane;
  GtkTextView          *text_view;
  GtkLabel             *status_label;
  GtkWidget            *copy_button;

  GSettings            *settings;
  AgEngine             *engine;
  GtkTextBuffer        *buffer;
  GtkTextTag           *low_tag;
  GtkTextTag           *word_tag;
  GtkTextTag           *heading_tags[2];  /* level 1; level 2 and deeper */
  GtkTextTag           *block_tag;        /* space below a block */
  GtkTextTag           *align_tags[2];    /* centred; at the right */
  GPtrArray            *table_tags;       /* a tag per table, for its tab stops */

  /* the open document */
  AgDocument           *document;
  guint                 current_page;
  GCancellable         *load_cancellable;
  GCancellable         *render_cancellable;

  /* recognition */
  GCancellable         *recognize_cancellable;
  AgRecognition        *recognition;
  AgRecognition        *partial;          /* copies of the pages read so far */
  guint                 partial_total;    /* pages the job reads */
  gboolean              reading_rest;     /* the job adds to @partial */
  guint                 recognize_serial;
  guint                 recognize_timeout_id;
  guint                 progress_timeout_id;
  gint64                recognize_started;
  gboolean              recognizing;
  gboolean              progress_known;
  GArray               *words;            /* AgWordSpan */
  GArray               *blocks;           /* AgBlockSpan */
  AgRecognition        *text_recognition; /* what the text was laid out from */

  /* the text the person sees */
  gboolean              setting_text;
  gboolean              text_dirty;
  gboolean              following_text;   /* the page follows the cursor */
  GtkTextMark          *text_scroll_target;   /* a word's mark, not owned */
  gint64                text_scroll_until;

  /* screenshots and scans (ag-window-capture.c) */
  GCancellable         *capture_cancellable;
  gboolean              copy_when_read;   /* copy the text once read */
  GtkWindow            *scan_dialog;      /* not owned; NULL once destroyed */
};

/* ag-window.c */
void     _ag_window_open_files            (AgWindow       *self,
                                           GFile         **files,
                                           guint           n_files);
void     _ag_window_open_bytes            (AgWindow       *self,
                                           GBytes         *bytes,
                                           const char     *name);
void     _ag_window_open_document         (AgWindow       *self,
                                           AgDocument     *document);
void     _ag_window_announce              (AgWindow       *self,
                                           const char     *message,
                                           gboolean        important);
void     _ag_window_show_toast            (AgWindow       *self,
                                           const char     *message);
void     _ag_window_show_error            (AgWindow       *self,
                                           const char     *prefix,
                                           const GError   *error);
void     _ag_window_set_page              (AgWindow       *self,
                                           guint           page);
void     _ag_window_recognize             (AgWindow       *self,
                                           guint           delay_ms);
void     _ag_window_cancel                (AgWindow       *self);
void     _ag_window_read_rest             (AgWindow       *self);
gboolean _ag_window_can_read_rest         (AgWindow       *self);
void     _ag_window_update_actions        (AgWindow       *self);
void     _ag_window_remember_recent       (AgWindow       *self,
                                           GFile          *file);

/* ag-window-text.c */
void     _ag_window_init_text             (AgWindow       *self);
void     _ag_window_set_text_from_recognition
                                          (AgWindow       *self,
                                           AgRecognition  *recognition);
void     _ag_window_clear_text            (AgWindow       *self);
void     _ag_window_clear_words           (AgWindow       *self);
void     _ag_window_text_show_page        (AgWindow       *self,
                                           guint           page);
char    *_ag_window_dup_text              (AgWindow       *self);
gboolean _ag_window_get_keep_lines        (AgWindow       *self);
AgBlockSpan *
         _ag_window_get_table_at_cursor   (AgWindow       *self);

/* ag-window-actions.c */
void     _ag_window_class_init_actions    (GtkWidgetClass *widget_class);
GtkFileChooserNative *
         _ag_window_new_open_chooser      (GtkWindow      *parent,
                                           const char     *title);
void     _ag_window_save_to_file          (AgWindow       *self,
                                           GFile          *file,
                                           AgExportFormat  format);
void     _ag_window_forget_recent         (AgWindow       *self,
                                           GListModel     *files,
                                           gint64          since);

/* ag-window-capture.c */
void     _ag_window_class_init_capture    (GtkWidgetClass *widget_class);
void     _ag_window_cancel_capture        (AgWindow       *self);

/* ag-window-dnd.c */
void     _ag_window_init_dnd              (AgWindow       *self);
void     _ag_window_read_clipboard        (AgWindow       *self,
                                           GdkClipboard   *clipboard);

G_END_DECLS
