/* ag-export-ods.c — the tables, as an OpenDocument spreadsheet
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every table of every page, a sheet each ("Page 1, table 1"), so
 * "tables to Excel" is one file whatever the number of tables.  A cell
 * that reads as a number (120, 1,500.00, -3.5) is a number, so sums
 * work; everything else is text, in UTF-8, which is why this is not CSV
 * (Excel on Chinese Windows reads a CSV as GBK).  Merged cells stay
 * merged.  No table at all is an error the user can act on. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "export/ag-export-util-private.h"
#include "export/ag-export-writers-private.h"
#include "export/ag-export-zip-private.h"

#define ODS_MIME_TYPE "application/vnd.oasis.opendocument.spreadsheet"

#define OFFICE_NAMESPACES \
  " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
  " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"" \
  " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"" \
  " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"" \
  " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\"" \
  " office:version=\"1.3\""

static const char manifest[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""
  " manifest:version=\"1.3\">\n"
  " <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\""
  " manifest:media-type=\"" ODS_MIME_TYPE "\"/>\n"
  " <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n"
  "</manifest:manifest>\n";

/* @text as a number of a spreadsheet, with thousands separators. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  char *end = NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ',' && g_ascii_isdigit (p[1]) && p > text && g_ascii_isdigit (p[-1]))
        continue;
      if (!g_ascii_isdigit (*p) && *p != '.' && *p != '-' && *p != '+')
        return FALSE;
      g_string_append_c (plain, *p);
    }
  if (plain->len == 0 || plain->len > 30)
    return FALSE;

  *value = g_ascii_strtod (plain->str, &end);
  return end != NULL && *end == '\0';
}

static void
append_table (GString *xml,
              AgBlock *block,
              guint    page,
              guint    number)
{
  /* TRANSLATORS: the name of a sheet of a spreadsheet: the page a table
   * was on, and which table of the page it is. */
  g_autofree char *name = g_strdup_printf (_("Page %u, table %u"), page, number);

  g_string_append (xml, "   <table:table table:name=\"");
  _ag_export_append_xml_escaped (xml, name);
  g_string_append_printf (xml, "\">\n    <table:table-column table:number-columns-repeated=\"%u\"/>\n",
                          block->n_columns);
  for (guint r = 0; r < block->n_rows; r++)
    {
      g_string_append (xml, "    <table:table-row>\n");
      for (guint c = 0; c < block->n_columns; c++)
        {
          const AgCell *cell = ag_block_get_cell (block, r, c);
          g_autofree char *text = NULL;
          double value;

          if (cell == NULL)
            {
              g_string_append (xml, "     <table:table-cell/>\n");
              continue;
            }
          if (cell->row != r || cell->column != c)
            {
              g_string_append (xml, "     <table:covered-table-cell/>\n");
              continue;
            }

          text = ag_block_dup_cell_text (block, cell, TRUE);
          g_string_append (xml, "     <table:table-cell");
          if (cell->column_span > 1)
            g_string_append_printf (xml, " table:number-columns-spanned=\"%u\"", cell->column_span);
          if (cell->row_span > 1)
            g_string_append_printf (xml, " table:number-rows-spanned=\"%u\"", cell->row_span);
          if (parse_number (text, &value))
            {
              char digits[G_ASCII_DTOSTR_BUF_SIZE];

              g_ascii_dtostr (digits, sizeof digits, value);
              g_string_append_printf (xml, " office:value-type=\"float\" office:value=\"%s\"", digits);
            }
          else
            g_string_append (xml, " office:value-type=\"string\"");
          g_string_append (xml, "><text:p>");
          _ag_export_append_xml_escaped (xml, text);
          g_string_append (xml, "</text:p></table:table-cell>\n");
        }
      g_string_append (xml, "    </table:table-row>\n");
    }
  g_string_append (xml, "   </table:table>\n");
}

GBytes *
_ag_export_ods (AgRecognition  *recognition,
                AgDocument     *document,
                AgExportFlags   flags,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *reason = NULL;
  guint n_tables = 0;
  const char *entries[] = {
    "mimetype", ODS_MIME_TYPE,
    "META-INF/manifest.xml", manifest,
    "content.xml", NULL,
    NULL,
  };
  GBytes *bytes;

  g_string_append (content,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<office:document-content" OFFICE_NAMESPACES ">\n"
                   " <office:body>\n"
                   "  <office:spreadsheet>\n");
  for (guint p = 0; p < ag_recognition_get_n_pages (recognition); p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);
      guint n_on_page = 0;

      for (guint b = 0; b < page->blocks->len; b++)
        {
          AgBlock *block = g_ptr_array_index (page->blocks, b);

          if (block->kind != AG_BLOCK_KIND_TABLE || block->cells == NULL)
            continue;
          append_table (content, block, page->index + 1, ++n_on_page);
          n_tables++;
        }
    }
  g_string_append (content,
                   "  </office:spreadsheet>\n"
                   " </office:body>\n"
                   "</office:document-content>\n");

  if (n_tables == 0)
    {
      g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_NO_TABLE,
                   _("No table was found on these pages. Save them as a document or as text instead."));
      return NULL;
    }

  entries[5] = content->str;
  bytes = _ag_export_zip (entries, TRUE, &reason);
  if (bytes == NULL)
    g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
                 _("The OpenDocument file could not be made: %s."), reason);
  return bytes;
}
