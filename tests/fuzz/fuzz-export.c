/* fuzz-export.c — the writers: .txt, .hocr, .json, .odt (and .pdf)
 *
 * The fuzz input is read as a recognition: pages, blocks, lines and words
 * whose text is any bytes (invalid UTF-8 too) and whose boxes and numbers
 * are at odd values (negative, outside the page, infinite, not a number).
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "ag-core.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_common ();
  return 0;
}

static void
read_rect (FuzzReader *r,
           AgRect     *rect)
{
  rect->x = fuzz_double (r);
  rect->y = fuzz_double (r);
  rect->width = fuzz_double (r);
  rect->height = fuzz_double (r);
}

static AgRecognition *
read_recognition (FuzzReader *r)
{
  g_autofree char *languages = fuzz_string (r, 24);
  AgRecognition *recognition = ag_recognition_new (languages);
  guint n_pages = fuzz_byte (r) % 4;

  for (guint p = 0; p < n_pages; p++)
    {
      static const int sizes[] = { 0, 1, 7, 1000, 2480, -5, G_MAXINT, G_MININT };
      int width = sizes[fuzz_byte (r) % G_N_ELEMENTS (sizes)];
      int height = sizes[fuzz_byte (r) % G_N_ELEMENTS (sizes)];
      static const double dpis[] = { 0, 72, 300, -150, 1e12, 1.0 / 0.0, 0.0 / 0.0 };
      double dpi = dpis[fuzz_byte (r) % G_N_ELEMENTS (dpis)];
      AgRecognitionPage *page;
      guint n_blocks;

      page = ag_recognition_page_new (fuzz_byte (r) % 3 == 0 ? p : fuzz_byte (r) * 1000u,
                                      width, height, dpi,
                                      fuzz_byte (r) % 2 ? AG_RECOGNITION_SOURCE_OCR
                                                        : AG_RECOGNITION_SOURCE_TEXT_LAYER);
      if (fuzz_byte (r) % 2)
        {
          g_free (page->note);
          page->note = fuzz_string (r, 16);
        }

      n_blocks = fuzz_byte (r) % 4;
      for (guint b = 0; b < n_blocks; b++)
        {
          AgBlock *block = ag_block_new ((int) fuzz_byte (r) - 2);
          guint n_lines = fuzz_byte (r) % 4;

          block->vertical = fuzz_byte (r) % 2;
          read_rect (r, &block->box);
          for (guint l = 0; l < n_lines; l++)
            {
              AgLine *line = ag_line_new ();
              guint n_words = fuzz_byte (r) % 6;

              read_rect (r, &line->box);
              for (guint w = 0; w < n_words; w++)
                {
                  g_autofree char *text = fuzz_string (r, 24);
                  AgRect box;
                  float confidence = (float) fuzz_double (r) * 100.0f;

                  read_rect (r, &box);
                  g_ptr_array_add (line->words, ag_word_new (text, &box, confidence));
                }
              g_ptr_array_add (block->lines, line);
            }
          /* The layout's fields, and sometimes a table whose cells do
           * not cover its grid. */
          block->kind = fuzz_byte (r) % (AG_BLOCK_KIND_LAST + 1);
          block->level = fuzz_byte (r) % 8;
          block->align = fuzz_byte (r) % 3;
          block->indent = fuzz_double (r);
          if (block->kind == AG_BLOCK_KIND_TABLE)
            for (guint c = 0; c < block->lines->len; c++)
              ag_block_add_cell (block, c / 2, c % 2 + fuzz_byte (r) % 2, 1 + fuzz_byte (r) % 2,
                                 1, c, 1, NULL);
          g_ptr_array_add (page->blocks, block);
        }

      ag_recognition_take_page (recognition, page);
    }

  return recognition;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FuzzReader r = { data, size };
  g_autoptr(AgRecognition) recognition = NULL;
  AgExportFlags flags;
  static const AgExportFormat formats[] = {
    AG_EXPORT_FORMAT_TEXT, AG_EXPORT_FORMAT_HOCR, AG_EXPORT_FORMAT_JSON,
    AG_EXPORT_FORMAT_ODT, AG_EXPORT_FORMAT_PDF, AG_EXPORT_FORMAT_DOCX,
    AG_EXPORT_FORMAT_ODS,
  };
  static const AgExportFlags all_flags[] = {
    AG_EXPORT_FLAGS_NONE, AG_EXPORT_FLAGS_JOIN_LINES, AG_EXPORT_FLAGS_KEEP_LINES,
  };
  gboolean analyze;

  flags = all_flags[fuzz_byte (&r) % G_N_ELEMENTS (all_flags)];
  analyze = fuzz_byte (&r) % 2;
  recognition = read_recognition (&r);

  /* The layout on nonsense boxes (no pixels: no ruled tables). */
  if (analyze)
    for (guint p = 0; p < ag_recognition_get_n_pages (recognition); p++)
      ag_layout_analyze_lines (ag_recognition_get_page (recognition, p), NULL);
  g_free (ag_export_dup_html (recognition, flags));

  g_free (ag_recognition_dup_text (recognition));
  (void) ag_recognition_get_mean_confidence (recognition);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;

      bytes = ag_export_to_bytes (recognition, NULL, formats[i], flags, NULL, &error);
      if (bytes == NULL && error == NULL)
        abort ();

      /* Whatever the words, the text is UTF-8 and the JSON is JSON. */
      if (bytes != NULL && formats[i] == AG_EXPORT_FORMAT_TEXT &&
          !g_utf8_validate (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
        abort ();
      if (bytes != NULL && formats[i] == AG_EXPORT_FORMAT_JSON)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) parse_error = NULL;

          if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                           g_bytes_get_size (bytes), &parse_error))
            {
              fprintf (stderr, "invalid JSON: %s\n%.*s\n", parse_error->message,
                       (int) g_bytes_get_size (bytes), (const char *) g_bytes_get_data (bytes, NULL));
              abort ();
            }
        }
    }

  return 0;
}
