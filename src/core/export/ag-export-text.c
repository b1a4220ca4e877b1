/* ag-export-text.c — plain text
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "export/ag-export-writers-private.h"

/* UTF-8; one paragraph per block with an empty line between blocks; the
 * line breaks of a paragraph as recognised, or joined with
 * AG_EXPORT_FLAGS_JOIN_LINES (Chinese without spaces); a form feed
 * between pages, and a final newline. */
GBytes *
_ag_export_text (AgRecognition  *recognition,
                 AgDocument     *document,
                 AgExportFlags   flags,
                 GCancellable   *cancellable,
                 GError        **error)
{
  GString *string = g_string_new (NULL);
  gboolean join = (flags & AG_EXPORT_FLAGS_JOIN_LINES) != 0;
  guint n_pages = ag_recognition_get_n_pages (recognition);

  for (guint p = 0; p < n_pages; p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);
      gboolean first = TRUE;

      if (p > 0)
        g_string_append (string, "\n\f");

      for (guint b = 0; b < page->blocks->len; b++)
        {
          g_autofree char *text = ag_block_dup_text (g_ptr_array_index (page->blocks, b), join);

          if (*text == '\0')
            continue;
          if (!first)
            g_string_append (string, "\n\n");
          g_string_append (string, text);
          first = FALSE;
        }
    }

  if (string->len > 0)
    g_string_append_c (string, '\n');

  return g_string_free_to_bytes (string);
}
