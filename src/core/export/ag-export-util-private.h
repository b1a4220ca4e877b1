/* ag-export-util-private.h — what the writers share (ag-export-util.c)
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "export/ag-export-format.h"
#include "model/ag-recognition.h"
#include "model/ag-region.h"

G_BEGIN_DECLS

/* A language as the writers need it, from a Tesseract code. */
typedef struct
{
  const char *code;      /* Tesseract: "chi_sim" */
  const char *language;  /* ISO 639-1: "zh" */
  const char *country;   /* ISO 3166: "CN", or NULL */
  const char *script;    /* "latin", "asian" or "complex" (as OpenDocument counts) */
} AgExportLanguage;

const AgExportLanguage *_ag_export_language_lookup     (const char          *code);
const AgExportLanguage *_ag_export_language_first      (AgRecognition       *recognition,
                                                        const char          *script);

void                    _ag_export_append_xml_escaped  (GString             *string,
                                                        const char          *text);
void                    _ag_export_page_pixel_size     (AgRecognitionPage   *page,
                                                        int                 *width,
                                                        int                 *height);
void                    _ag_export_rect_to_bbox        (const AgRect        *rect,
                                                        int                  width,
                                                        int                  height,
                                                        int                  bbox[4]);
double                  _ag_export_block_indent_em     (AgRecognitionPage   *page,
                                                        AgBlock             *block);
void                    _ag_export_append_page_text    (GString             *string,
                                                        AgRecognitionPage   *page,
                                                        AgExportFlags        flags);

/* The word processors' walk through a document (.odt, .docx): what each
 * writer does with a table, a block of text and a page with nothing on
 * it.  @page_break: this is the first thing on a page after the first. */
typedef struct
{
  void (*table)      (gpointer           data,
                      AgRecognitionPage *page,
                      AgBlock           *block,
                      gboolean           page_break);
  void (*text)       (gpointer           data,
                      AgRecognitionPage *page,
                      AgBlock           *block,
                      const char        *text,
                      gboolean           page_break);
  void (*empty_page) (gpointer           data,
                      gboolean           page_break);
} AgExportBlockWalk;

void                    _ag_export_walk_blocks         (AgRecognition           *recognition,
                                                        AgExportFlags            flags,
                                                        const AgExportBlockWalk *walk,
                                                        gpointer                 data);

G_END_DECLS
