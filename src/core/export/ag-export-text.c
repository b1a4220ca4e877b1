/* ag-export-text.c — plain text
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "export/ag-export-util-private.h"
#include "export/ag-export-writers-private.h"

/* UTF-8; the pages' text (above), a form feed between pages, and a final
 * newline. */
GBytes *
_ag_export_text (AgRecognition  *recognition,
                 AgDocument     *document,
                 AgExportFlags   flags,
                 GCancellable   *cancellable,
                 GError        **error)
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
