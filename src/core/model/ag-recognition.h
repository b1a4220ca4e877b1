/* ag-recognition.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "model/ag-region.h"

G_BEGIN_DECLS

#define AG_TYPE_RECOGNITION (ag_recognition_get_type ())

/*
 * The result of recognition as a plain tree of data:
 *
 *   AgRecognition ─► AgRecognitionPage[] ─► AgBlock[] ─► AgLine[] ─► AgWord[]
 *
 * Every box is an AgRect in fractions of its page (see ag-region.h).
 * Blocks come in reading order, those of the user's regions in the order
 * the regions were drawn.  Confidence is 0..100.
 *
 * A block has a kind (ag-layout.c decides it after recognition; before,
 * every block is a paragraph).  A table block keeps its lines too: its
 * cells, row by row, each refer to a run of the block's lines, so whoever
 * walks blocks → lines → words (word boxes, confidences) sees every word
 * of a table once, in cell order.
 */

/**
 * AgBlockKind:
 * @AG_BLOCK_KIND_PARAGRAPH: a paragraph, its lines to be joined
 * @AG_BLOCK_KIND_HEADING: a heading, of #AgBlock.level 1 or more
 * @AG_BLOCK_KIND_LIST_ITEM: an item of a list (its mark is in its text)
 * @AG_BLOCK_KIND_TABLE: a table, of #AgBlock.cells
 * @AG_BLOCK_KIND_OTHER: a caption, or another short line kept as it is
 *   (a salutation, a signature, a date)
 * @AG_BLOCK_KIND_CODE: a QR code or barcode: one line of one word, the
 *   code's payload exactly as encoded (never spaced, converted or
 *   corrected), with confidence 100, and its #AgBlock.symbology
 */
typedef enum
{
  AG_BLOCK_KIND_PARAGRAPH,
  AG_BLOCK_KIND_HEADING,
  AG_BLOCK_KIND_LIST_ITEM,
  AG_BLOCK_KIND_TABLE,
  AG_BLOCK_KIND_OTHER,
  AG_BLOCK_KIND_CODE,
} AgBlockKind;

#define AG_BLOCK_KIND_LAST AG_BLOCK_KIND_CODE

/**
 * AgBlockAlign:
 * @AG_BLOCK_ALIGN_START: at the left (the start of a line)
 * @AG_BLOCK_ALIGN_CENTER: centred
 * @AG_BLOCK_ALIGN_END: at the right
 */
typedef enum
{
  AG_BLOCK_ALIGN_START,
  AG_BLOCK_ALIGN_CENTER,
  AG_BLOCK_ALIGN_END,
} AgBlockAlign;

/* A cell of a table: its place in the grid (from 0), how many rows and
 * columns it spans (1 or more), the run of the block's lines it holds
 * (n_lines may be 0: an empty cell), and its box on the page. */
typedef struct
{
  AgRect box;
  guint  row;
  guint  column;
  guint  row_span;
  guint  column_span;
  guint  first_line;
  guint  n_lines;
} AgCell;

/**
 * AgWordGap:
 * @AG_WORD_GAP_UNKNOWN: not measured: the script decides (a space
 *   between a Chinese character and a Latin word or a number)
 * @AG_WORD_GAP_NONE: the page shows no gap before the word
 * @AG_WORD_GAP_SPACE: the page shows a space before the word
 *
 * What the page shows between a word and the one before it where the
 * script leaves it open: between a Chinese character and a Latin word
 * or a number (ag-layout-chinese.c measures it on the page's pixels).
 */
typedef enum
{
  AG_WORD_GAP_UNKNOWN,
  AG_WORD_GAP_NONE,
  AG_WORD_GAP_SPACE,
} AgWordGap;

#define AG_WORD_GAP_LAST AG_WORD_GAP_SPACE

typedef struct
{
  char      *text;
  AgRect     box;
  float      confidence;
  AgWordGap  gap_before;
} AgWord;

typedef struct
{
  AgRect     box;
  GPtrArray *words;   /* AgWord */
} AgLine;

typedef struct
{
  AgRect        box;
  int           region;     /* index of the user's region, -1 for the whole page */
  gboolean      vertical;
  GPtrArray    *lines;      /* AgLine */
  AgBlockKind   kind;
  guint         level;      /* of a heading: 1, 2, …; 0 otherwise */
  AgBlockAlign  align;
  double        indent;     /* of the first line, in fractions of the page's width */
  guint         n_rows;     /* of a table; 0 otherwise */
  guint         n_columns;
  GArray       *cells;      /* AgCell, row by row; NULL unless a table */
  char         *symbology;  /* a code's, as zxing-cpp names it ("QRCode", "EAN-13"); NULL otherwise */
} AgBlock;

/**
 * AgRecognitionSource:
 * @AG_RECOGNITION_SOURCE_OCR: recognised from pixels
 * @AG_RECOGNITION_SOURCE_TEXT_LAYER: read from the PDF's own text
 */
typedef enum
{
  AG_RECOGNITION_SOURCE_OCR,
  AG_RECOGNITION_SOURCE_TEXT_LAYER,
} AgRecognitionSource;

typedef struct
{
  guint                index;       /* page index in the document, from 0 */
  int                  width;       /* pixels of the image recognised */
  int                  height;
  double               dpi;         /* its resolution, 0 if unknown */
  AgRecognitionSource  source;
  char                *engine;      /* "tesseract", "ppocr" or "text-layer" */
  char                *note;        /* why that engine, translated; may be NULL */
  char                *languages;   /* the languages it was read in ("chi_sim+eng"); NULL if none (a text layer) */
  GPtrArray           *blocks;      /* AgBlock */
} AgRecognitionPage;

typedef struct _AgRecognition AgRecognition;

GType               ag_recognition_get_type        (void) G_GNUC_CONST;
AgRecognition      *ag_recognition_new             (const char          *languages);
AgRecognition      *ag_recognition_ref             (AgRecognition       *self);
void                ag_recognition_unref           (AgRecognition       *self);
const char         *ag_recognition_get_languages   (AgRecognition       *self);
char               *ag_recognition_dup_languages_read (AgRecognition    *self);
guint               ag_recognition_get_n_pages     (AgRecognition       *self);
AgRecognitionPage  *ag_recognition_get_page        (AgRecognition       *self,
                                                    guint                index);
void                ag_recognition_take_page       (AgRecognition       *self,
                                                    AgRecognitionPage   *page);
char               *ag_recognition_dup_text        (AgRecognition       *self);
char               *ag_recognition_page_dup_text   (AgRecognitionPage   *page);
char               *ag_block_dup_text              (AgBlock             *block,
                                                    gboolean             join_lines);
char               *ag_line_dup_text               (AgLine              *line);
gboolean            ag_word_wants_space            (const char          *before,
                                                    const AgWord        *word);
char               *ag_block_dup_cell_text         (AgBlock             *block,
                                                    const AgCell        *cell,
                                                    gboolean             join_lines);
const AgCell       *ag_block_get_cell              (AgBlock             *block,
                                                    guint                row,
                                                    guint                column);
void                ag_block_add_cell              (AgBlock             *block,
                                                    guint                row,
                                                    guint                column,
                                                    guint                row_span,
                                                    guint                column_span,
                                                    guint                first_line,
                                                    guint                n_lines,
                                                    const AgRect        *box);
double              ag_recognition_get_mean_confidence (AgRecognition   *self);
double              ag_recognition_page_get_mean_confidence (AgRecognitionPage *page,
                                                             guint             *n_words);
int                 ag_recognition_page_guess_turn (const AgRecognitionPage *page);
void                ag_recognition_page_turn       (AgRecognitionPage   *page,
                                                    int                  turn_cw);

AgRecognitionPage  *ag_recognition_page_new        (guint                index,
                                                    int                  width,
                                                    int                  height,
                                                    double               dpi,
                                                    AgRecognitionSource  source);
void                ag_recognition_page_free       (AgRecognitionPage   *page);
AgBlock            *ag_block_new                   (int                  region);
AgBlock            *ag_block_new_code              (int                  region,
                                                    const char          *symbology,
                                                    const char          *payload,
                                                    const AgRect        *box);
void                ag_block_free                  (AgBlock             *block);
AgLine             *ag_line_new                    (void);
void                ag_line_free                   (AgLine              *line);
AgWord             *ag_word_new                    (const char          *text,
                                                    const AgRect        *box,
                                                    float                confidence);
void                ag_word_free                   (AgWord              *word);

#define AG_RECOGNITION_PAGE_VARIANT_TYPE "(uiidu(bs)(bs)adaiauayadauadadayayayayadauauadaya(us)(bs))"

GVariant           *ag_recognition_page_serialize  (AgRecognitionPage   *page);
AgRecognitionPage  *ag_recognition_page_deserialize (GVariant           *variant);
AgRecognitionPage  *ag_recognition_page_copy        (AgRecognitionPage  *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgRecognition, ag_recognition_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgRecognitionPage, ag_recognition_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgBlock, ag_block_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgLine, ag_line_free)

G_END_DECLS
