/* ag-export-html.c — the text as HTML, for the clipboard
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a rich paste takes: LibreOffice Writer, WPS and Word make real
 * headings of <h1>…<h3>, paragraphs of <p> (their alignment and
 * first-line indent in a style attribute they read), and a table of
 * <table> with borders and merged cells (colspan, rowspan). */

#include "config.h"

#include "export/ag-export.h"
#include "export/ag-export-util-private.h"

static void
append_text (GString    *html,
             const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (html, "<br>");
      _ag_export_append_xml_escaped (html, lines[i]);
    }
}

static void
append_block (GString           *html,
              AgRecognitionPage *page,
              AgBlock           *block,
              AgExportFlags      flags,
              gboolean           page_break)
{
  gboolean join = (flags & AG_EXPORT_FLAGS_KEEP_LINES) == 0;
  g_autofree char *text = NULL;
  g_autoptr(GString) style = g_string_new (NULL);
  double indent;

  if (page_break)
    g_string_append (style, "page-break-before:always;");

  if (block->kind == AG_BLOCK_KIND_TABLE && block->cells != NULL)
    {
      g_string_append (html, "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\""
                             " style=\"border-collapse:collapse;");
      g_string_append (html, style->str);
      g_string_append (html, "\">\n");
      for (guint r = 0; r < block->n_rows; r++)
        {
          g_string_append (html, "<tr>");
          for (guint c = 0; c < block->n_columns; c++)
            {
              const AgCell *cell = ag_block_get_cell (block, r, c);
              g_autofree char *cell_text = NULL;

              if (cell != NULL && (cell->row != r || cell->column != c))
                continue;
              g_string_append (html, "<td");
              if (cell != NULL && cell->column_span > 1)
                g_string_append_printf (html, " colspan=\"%u\"", cell->column_span);
              if (cell != NULL && cell->row_span > 1)
                g_string_append_printf (html, " rowspan=\"%u\"", cell->row_span);
              g_string_append (html, ">");
              if (cell != NULL)
                {
                  cell_text = ag_block_dup_cell_text (block, cell, TRUE);
                  append_text (html, cell_text);
                }
              g_string_append (html, "</td>");
            }
          g_string_append (html, "</tr>\n");
        }
      g_string_append (html, "</table>\n");
      return;
    }

  text = ag_block_dup_text (block, join);
  if (*text == '\0')
    return;

  if (block->align == AG_BLOCK_ALIGN_CENTER)
    g_string_append (style, "text-align:center;");
  else if (block->align == AG_BLOCK_ALIGN_END)
    g_string_append (style, "text-align:right;");
  indent = block->kind == AG_BLOCK_KIND_HEADING ? 0 : _ag_export_block_indent_em (page, block);
  if (indent > 0)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (style, "text-indent:%sem;", g_ascii_formatd (number, sizeof number, "%.1f", indent));
    }

  if (block->kind == AG_BLOCK_KIND_HEADING)
    g_string_append_printf (html, "<h%u", CLAMP (block->level, 1, 6));
  else
    g_string_append (html, "<p");
  if (style->len > 0)
    g_string_append_printf (html, " style=\"%s\"", style->str);
  g_string_append (html, ">");
  append_text (html, text);
  if (block->kind == AG_BLOCK_KIND_HEADING)
    g_string_append_printf (html, "</h%u>\n", CLAMP (block->level, 1, 6));
  else
    g_string_append (html, "</p>\n");
}

static void
begin (GString *html)
{
  g_string_append (html,
                   "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"generator\" content=\"Airgap/" PACKAGE_VERSION "\">\n"
                   "</head>\n<body>\n");
}

static void
end (GString *html)
{
  g_string_append (html, "</body>\n</html>\n");
}

/**
 * ag_export_dup_html:
 * @recognition: what was read
 * @flags: %AG_EXPORT_FLAGS_KEEP_LINES for the lines as on the page
 *
 * The whole text as the HTML a rich paste takes (the clipboard's
 * `text/html`): headings, paragraphs with their alignment and indent,
 * tables with borders and merged cells, a page break between pages.
 *
 * Returns: (transfer full): a UTF-8 HTML document
 */
char *
ag_export_dup_html (AgRecognition *recognition,
                    AgExportFlags  flags)
{
  GString *html;

  g_return_val_if_fail (recognition != NULL, NULL);

  html = g_string_new (NULL);
  begin (html);
  for (guint p = 0; p < ag_recognition_get_n_pages (recognition); p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);

      for (guint b = 0; b < page->blocks->len; b++)
        append_block (html, page, g_ptr_array_index (page->blocks, b), flags, p > 0 && b == 0);
    }
  end (html);

  return g_string_free (html, FALSE);
}

/**
 * ag_export_dup_block_html:
 * @page: the page @block is on
 * @block: one block, a table for "Copy Table"
 * @flags: as ag_export_dup_html() takes them
 *
 * Returns: (transfer full): @block alone as an HTML document
 */
char *
ag_export_dup_block_html (AgRecognitionPage *page,
                          AgBlock           *block,
                          AgExportFlags      flags)
{
  GString *html;

  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (block != NULL, NULL);

  html = g_string_new (NULL);
  begin (html);
  append_block (html, page, block, flags, FALSE);
  end (html);

  return g_string_free (html, FALSE);
}
