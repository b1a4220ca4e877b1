/* fuzz-region.c — the --region and --pages arguments of airgap-ocr
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "ag-core.h"
#include "fuzz-common.h"

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
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgRegion) region = NULL;
  g_autoptr(GArray) pages = NULL;

  region = ag_region_parse (text, &error);
  if (region != NULL)
    {
      int x, y, w, h;

      /* A region that parses lies on the page. */
      g_assert_no_error (error);
      if (!ag_rect_is_valid (&region->rect))
        abort ();
      ag_rect_to_pixels (&region->rect, 1000, 700, &x, &y, &w, &h);
      if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > 1000 || y + h > 700)
        abort ();
    }
  else if (error == NULL)
    abort ();
  g_clear_error (&error);

  pages = ag_page_list_parse (text, &error);
  if (pages != NULL)
    {
      if (pages->len == 0 || pages->len > AG_PAGE_LIST_MAX)
        abort ();
      for (guint i = 0; i < pages->len; i++)
        if (g_array_index (pages, guint, i) >= AG_PAGE_LIST_MAX ||
            (i > 0 && g_array_index (pages, guint, i) <= g_array_index (pages, guint, i - 1)))
          abort ();
    }
  else if (error == NULL)
    abort ();

  return 0;
}
