/* fuzz-document.c — the document loader, from bytes: images and PDFs
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-core.h"
#include "fuzz-common.h"

/* Enough to reach every code path, few enough to stay fast. */
#define MAX_PAGES 4

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init_common ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;
  guint n_pages;

  document = ag_document_new_from_bytes (bytes, "fuzz", NULL, NULL, &error);
  if (document == NULL)
    {
      /* Bad input is an error in the document's domain, never NULL
       * without a reason. */
      if (error == NULL || error->domain != AG_DOCUMENT_ERROR)
        abort ();
      return 0;
    }

  n_pages = ag_document_get_n_pages (document);
  if (n_pages == 0)
    abort ();

  for (guint i = 0; i < MIN (n_pages, MAX_PAGES); i++)
    {
      AgPage *page = ag_document_get_page (document, i);
      g_autoptr(AgBitmap) bitmap = NULL;
      g_autoptr(AgRecognitionPage) text = NULL;
      g_autoptr(GError) page_error = NULL;
      AgRect whole = { 0, 0, 1, 1 };
      AgRect part = { 0.25, 0.25, 0.5, 0.5 };
      double width, height;

      ag_page_get_size (page, &width, &height);
      (void) ag_page_get_label (page);

      /* A small resolution: the decoding paths, not the pixel count. */
      bitmap = ag_page_render (page, 8, AG_BITMAP_FORMAT_GRAY8, NULL, &page_error);
      if (bitmap == NULL && page_error == NULL)
        abort ();
      g_clear_error (&page_error);

      if (ag_page_has_text_layer (page))
        {
          text = ag_page_extract_text (page, &whole, -1, &page_error);
          g_clear_error (&page_error);
          g_clear_pointer (&text, ag_recognition_page_free);
          text = ag_page_extract_text (page, &part, 0, &page_error);
          g_clear_error (&page_error);
        }
    }

  return 0;
}
