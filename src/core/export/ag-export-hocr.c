/* ag-export-hocr.c — hOCR, as Tesseract writes it
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* XHTML with the hOCR classes ocr_page, ocr_carea, ocr_par, ocr_line and
 * ocrx_word; every bbox in pixels of the image that was recognised.  A
 * block is an ocr_carea holding one ocr_par; the layout is in Airgap's own
 * properties (hOCR's x_ prefix): `x_kind heading 1`, `x_kind list-item`,
 * `x_align center`.  A table is an ocr_table holding an ocrx_block per
 * cell (`x_cell row column row_span column_span`), each with its ocr_par
 * of the cell's lines. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "export/ag-export-util-private.h"
#include "export/ag-export-writers-private.h"

static void
append_bbox (GString      *string,
             const AgRect *rect,
             int           width,
             int           height)
{
  int bbox[4];

  _ag_export_rect_to_bbox (rect, width, height, bbox);
  g_string_append_printf (string, "bbox %d %d %d %d", bbox[0], bbox[1], bbox[2], bbox[3]);
}

/* An ocr_par of @n lines of @block from @first, with their words. */
static void
append_par (GString      *string,
            AgBlock      *block,
            guint         first,
            guint         n,
            const AgRect *box,
            const char   *first_code,
            guint         page_number,
            guint         block_number,
            int           cell,
            int           width,
            int           height,
            guint        *n_lines,
            guint        *n_words)
{
  static const char * const kinds[] = { NULL, "heading", "list-item", NULL, "other", "code" };

  g_string_append_printf (string, "    <p class='ocr_par' id='par_%u_%u", page_number, block_number);
  if (cell >= 0)
    g_string_append_printf (string, "_%d", cell + 1);
  g_string_append_c (string, '\'');
  if (first_code != NULL)
    {
      g_string_append (string, " lang='");
      _ag_export_append_xml_escaped (string, first_code);
      g_string_append_c (string, '\'');
    }
  g_string_append (string, " title=\"");
  append_bbox (string, box, width, height);
  if (block->kind < G_N_ELEMENTS (kinds) && kinds[block->kind] != NULL)
    {
      g_string_append_printf (string, "; x_kind %s", kinds[block->kind]);
      if (block->kind == AG_BLOCK_KIND_HEADING)
        g_string_append_printf (string, " %u", MAX (block->level, 1));
    }
  if (block->align == AG_BLOCK_ALIGN_CENTER)
    g_string_append (string, "; x_align center");
  else if (block->align == AG_BLOCK_ALIGN_END)
    g_string_append (string, "; x_align right");
  g_string_append (string, "\">\n");

  for (guint l = first; l < first + n && l < block->lines->len; l++)
    {
      AgLine *line = g_ptr_array_index (block->lines, l);

      g_string_append_printf (string, "     <span class='ocr_line' id='line_%u_%u' title=\"",
                              page_number, ++*n_lines);
      append_bbox (string, &line->box, width, height);
      if (block->vertical)
        g_string_append (string, "; textangle 90");
      g_string_append (string, "\">");

      for (guint w = 0; w < line->words->len; w++)
        {
          AgWord *word = g_ptr_array_index (line->words, w);

          if (w > 0)
            g_string_append_c (string, ' ');
          g_string_append_printf (string, "\n      <span class='ocrx_word' id='word_%u_%u' title='",
                                  page_number, ++*n_words);
          append_bbox (string, &word->box, width, height);
          g_string_append_printf (string, "; x_wconf %d'>",
                                  isnan (word->confidence) ? 0
                                  : (int) floor (CLAMP (word->confidence, 0.f, 100.f) + 0.5));
          _ag_export_append_xml_escaped (string, word->text != NULL ? word->text : "");
          g_string_append (string, "</span>");
        }
      g_string_append (string, "\n     </span>\n");
    }

  g_string_append (string, "    </p>\n");
}

GBytes *
_ag_export_hocr (AgRecognition  *recognition,
                 AgDocument     *document,
                 AgExportFlags   flags,
                 GCancellable   *cancellable,
                 GError        **error)
{
  GString *string = g_string_new (NULL);
  const AgExportLanguage *language = _ag_export_language_first (recognition, NULL);
  g_autofree char *languages = ag_recognition_dup_languages_read (recognition);
  guint n_pages = ag_recognition_get_n_pages (recognition);
  g_autofree char *image = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *first_code = NULL;

  if (document != NULL && ag_document_get_file (document) != NULL)
    image = g_file_get_basename (ag_document_get_file (document));

  /* Tesseract names a paragraph's language by its own code ("chi_sim"). */
  if (languages != NULL && *languages != '\0')
    first_code = g_strndup (languages, strcspn (languages, "+"));

  if (language != NULL && language->country != NULL && g_strcmp0 (language->language, "zh") == 0)
    lang = g_strdup_printf ("%s-%s", language->language, language->country);
  else
    lang = g_strdup (language != NULL ? language->language : "und");

  g_string_append (string,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
                   "    \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n");
  g_string_append_printf (string,
                          "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"%s\" lang=\"%s\">\n"
                          " <head>\n"
                          "  <title></title>\n"
                          "  <meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n"
                          "  <meta name='ocr-system' content='Airgap %s'/>\n"
                          "  <meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_table ocrx_block ocr_par ocr_line ocrx_word ocrp_wconf'/>\n",
                          lang, lang, PACKAGE_VERSION);
  if (languages != NULL)
    {
      g_string_append (string, "  <meta name='ocr-langs' content='");
      _ag_export_append_xml_escaped (string, languages);
      g_string_append (string, "'/>\n");
    }
  g_string_append (string, " </head>\n <body>\n");

  for (guint p = 0; p < n_pages; p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);
      AgRect whole = { 0, 0, 1, 1 };
      int width, height;
      guint n_lines = 0, n_words = 0;

      _ag_export_page_pixel_size (page, &width, &height);

      g_string_append_printf (string, "  <div class='ocr_page' id='page_%u' title='", p + 1);
      if (image != NULL)
        {
          g_autoptr(GString) quoted = g_string_new (NULL);

          /* A quote or backslash in the name is escaped hOCR's way. */
          for (const char *c = image; *c != '\0'; c++)
            {
              if (*c == '"' || *c == '\\')
                g_string_append_c (quoted, '\\');
              g_string_append_c (quoted, *c);
            }
          g_string_append (string, "image \"");
          _ag_export_append_xml_escaped (string, quoted->str);
          g_string_append (string, "\"; ");
        }
      append_bbox (string, &whole, width, height);
      g_string_append_printf (string, "; ppageno %u", page->index);
      if (page->dpi > 0 && page->dpi < 1e6)
        g_string_append_printf (string, "; scan_res %d %d",
                                (int) floor (page->dpi + 0.5), (int) floor (page->dpi + 0.5));
      g_string_append (string, "'>\n");

      for (guint b = 0; b < page->blocks->len; b++)
        {
          AgBlock *block = g_ptr_array_index (page->blocks, b);
          gboolean table = block->kind == AG_BLOCK_KIND_TABLE && block->cells != NULL;

          /* A table holds its cells; a QR code or barcode is hOCR's block
           * of the engine's own, its symbology in a property of ours. */
          g_string_append_printf (string, "   <div class='%s' id='block_%u_%u' title=\"",
                                  table ? "ocr_table"
                                  : block->kind == AG_BLOCK_KIND_CODE ? "ocrx_block" : "ocr_carea",
                                  p + 1, b + 1);
          append_bbox (string, &block->box, width, height);
          if (table)
            g_string_append_printf (string, "; x_table %u %u", block->n_rows, block->n_columns);
          if (block->kind == AG_BLOCK_KIND_CODE)
            {
              g_string_append (string, "; x_code ");
              _ag_export_append_xml_escaped (string, block->symbology != NULL ? block->symbology : "");
            }
          g_string_append (string, "\">\n");

          if (!table)
            {
              append_par (string, block, 0, block->lines->len, &block->box,
                          block->kind == AG_BLOCK_KIND_CODE ? NULL : first_code,
                          p + 1, b + 1, -1, width, height, &n_lines, &n_words);
              g_string_append (string, "   </div>\n");
              continue;
            }

          for (guint c = 0; c < block->cells->len; c++)
            {
              const AgCell *cell = &g_array_index (block->cells, AgCell, c);

              g_string_append_printf (string, "    <div class='ocrx_block' id='cell_%u_%u_%u' title=\"",
                                      p + 1, b + 1, c + 1);
              append_bbox (string, &cell->box, width, height);
              g_string_append_printf (string, "; x_cell %u %u %u %u\">\n",
                                      cell->row, cell->column, cell->row_span, cell->column_span);
              append_par (string, block, cell->first_line, cell->n_lines, &cell->box, first_code,
                          p + 1, b + 1, (int) c, width, height, &n_lines, &n_words);
              g_string_append (string, "    </div>\n");
            }
          g_string_append (string, "   </div>\n");
        }

      g_string_append (string, "  </div>\n");
    }

  g_string_append (string, " </body>\n</html>\n");

  return g_string_free_to_bytes (string);
}
