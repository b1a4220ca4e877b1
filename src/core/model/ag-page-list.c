/* ag-page-list.c — "1-3,7": the pages the user asked for
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "model/ag-page-list.h"

/**
 * ag_page_list_parse:
 * @text: page numbers and ranges counted from 1, separated by commas,
 *   for example "1-3,7"
 *
 * Every page is named once in the result however often @text repeats it,
 * so the list is never longer than %AG_PAGE_LIST_MAX whatever @text is.
 *
 * Returns: (transfer full) (nullable): the page indices (from 0, as #guint)
 *   in increasing order, or %NULL with @error set
 */
GArray *
ag_page_list_parse (const char  *text,
                    GError     **error)
{
  g_autoptr(GArray) pages = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *wanted = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  wanted = g_malloc0 (AG_PAGE_LIST_MAX);
  parts = g_strsplit (text, ",", -1);
  if (parts[0] == NULL)
    goto invalid;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) range = g_strsplit (g_strstrip (parts[i]), "-", 2);
      guint64 first, last;

      if (range[0] == NULL ||
          !g_ascii_string_to_unsigned (range[0], 10, 1, AG_PAGE_LIST_MAX, &first, NULL))
        goto invalid;
      last = first;
      if (range[1] != NULL &&
          !g_ascii_string_to_unsigned (range[1], 10, first, AG_PAGE_LIST_MAX, &last, NULL))
        goto invalid;

      memset (wanted + first - 1, 1, last - first + 1);
    }

  pages = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint index = 0; index < AG_PAGE_LIST_MAX; index++)
    if (wanted[index])
      g_array_append_val (pages, index);

  return g_steal_pointer (&pages);

invalid:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("Cannot read the pages “%s”: give page numbers and ranges from 1, for example 1-3,7."),
               text);
  return NULL;
}
