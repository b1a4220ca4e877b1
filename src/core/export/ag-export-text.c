/* ag-export-text.c — plain text
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "export/ag-export-private.h"

/* The text of @page as a user pastes it.  By default a paragraph (or
 * heading, list item) per line, its lines joined (Chinese without spaces,
 * Latin with one, a hyphenated word mended), a table a line per row with
 * its cells apart by tabs — what a word processor takes as paragraphs and
 * a spreadsheet as cells.  With AG_EXPORT_FLAGS_KEEP_LINES the lines as
 * recognised, blocks apart by an empty line, as before the layout. */
void
_ag_export_append_page_text (GString           *string,
                             AgRecognitionPage *page,
                             AgExportFlags      flags)
{
  gboolean keep = (flags & AG_EXPORT_FLAGS_KEEP_LINES) != 0;
  gboolean first = TRUE;

  for (guint b = 0; b < page->blocks->len; b++)
    {
      g_autofree char *text = ag_block_dup_text (g_ptr_array_index (page->blocks, b), !keep);

      if (*text == '\0')
        continue;
      if (!first)
        g_string_append (string, keep ? "\n\n" : "\n");
      g_string_append (string, text);
      first = FALSE;
    }
}

/* UTF-8; the pages' text (above), a form feed between pages, and a final
 * newline. */
GBytes *
_ag_export_text (AgRecognition *recognition,
                 AgExportFlags  flags)
{
  GString *string = g_string_new (NULL);
  guint n_pages = ag_recognition_get_n_pages (recognition);

  for (guint p = 0; p < n_pages; p++)
    {
      if (p > 0)
        g_string_append (string, "\n\f");
      _ag_export_append_page_text (string, ag_recognition_get_page (recognition, p), flags);
    }

  if (string->len > 0)
    g_string_append_c (string, '\n');

  return g_string_free_to_bytes (string);
}
