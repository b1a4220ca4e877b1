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
 * Every box is an AgRect in fractions of its page (see ag-region.h).  A
 * block is a paragraph; blocks come in reading order, those of the user's
 * regions in the order the regions were drawn.  Confidence is 0..100.
 */

typedef struct
{
  char    *text;
  AgRect   box;
  float    confidence;
} AgWord;

typedef struct
{
  AgRect     box;
  GPtrArray *words;   /* AgWord */
} AgLine;

/**
 * AgBlockKind:
 * @AG_BLOCK_KIND_TEXT: a paragraph of text
 * @AG_BLOCK_KIND_CODE: a QR code or barcode: one line of one word, the
 *   code's payload exactly as encoded (never spaced, converted or
 *   corrected), with confidence 100
 */
typedef enum
{
  AG_BLOCK_KIND_TEXT,
  AG_BLOCK_KIND_CODE,
} AgBlockKind;

typedef struct
{
  AgRect       box;
  int          region;     /* index of the user's region, -1 for the whole page */
  gboolean     vertical;
  GPtrArray   *lines;      /* AgLine */
  AgBlockKind  kind;
  char        *symbology;  /* a code's, as zxing-cpp names it ("QRCode", "EAN-13"); NULL for text */
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
  GPtrArray           *blocks;      /* AgBlock */
} AgRecognitionPage;

typedef struct _AgRecognition AgRecognition;

GType               ag_recognition_get_type        (void) G_GNUC_CONST;
AgRecognition      *ag_recognition_new             (const char          *languages);
AgRecognition      *ag_recognition_ref             (AgRecognition       *self);
void                ag_recognition_unref           (AgRecognition       *self);
const char         *ag_recognition_get_languages   (AgRecognition       *self);
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
double              ag_recognition_get_mean_confidence (AgRecognition   *self);
double              ag_recognition_page_get_mean_confidence (AgRecognitionPage *page,
                                                             guint             *n_words);

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

#define AG_RECOGNITION_PAGE_VARIANT_TYPE "(uiidu(bs)(bs)adaiauayadauadadaya(us))"

GVariant           *ag_recognition_page_serialize  (AgRecognitionPage   *page);
AgRecognitionPage  *ag_recognition_page_deserialize (GVariant           *variant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgRecognition, ag_recognition_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgRecognitionPage, ag_recognition_page_free)

G_END_DECLS
