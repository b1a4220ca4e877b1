/* ag-export-docx.c — a Word document (Office Open XML)
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The smallest package Word, WPS and LibreOffice open as a document:
 * [Content_Types].xml, the package's relationships, word/document.xml,
 * word/styles.xml and their relationships, and docProps/core.xml.
 * Headings use the built-in styles "heading 1" … "heading 3" (Word shows
 * them in its navigation pane, python-docx reads them as "Heading 1"),
 * paragraphs Normal with their alignment and first-line indent (in
 * characters, as Chinese documents set it, w:firstLineChars), tables have
 * single borders, a merged cell spans (w:gridSpan, w:vMerge), and the
 * first block of every page after the first starts a new page.  The
 * fonts and languages come from the recognition: the East Asian font is
 * the one Chinese Windows and WPS have (SimSun, PMingLiU…), which
 * LibreOffice replaces with the CJK font it has. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "export/ag-export-util-private.h"
#include "export/ag-export-writers-private.h"
#include "export/ag-export-zip-private.h"

#define W_NAMESPACE "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static const char content_types[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\n"
  " <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\n"
  " <Default Extension=\"xml\" ContentType=\"application/xml\"/>\n"
  " <Override PartName=\"/word/document.xml\""
  " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\n"
  " <Override PartName=\"/word/styles.xml\""
  " ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\n"
  " <Override PartName=\"/docProps/core.xml\""
  " ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\n"
  "</Types>\n";

static const char package_rels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n"
  " <Relationship Id=\"rId1\""
  " Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\""
  " Target=\"word/document.xml\"/>\n"
  " <Relationship Id=\"rId2\""
  " Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\""
  " Target=\"docProps/core.xml\"/>\n"
  "</Relationships>\n";

static const char document_rels[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n"
  " <Relationship Id=\"rId1\""
  " Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\""
  " Target=\"styles.xml\"/>\n"
  "</Relationships>\n";

/* The East Asian font a Chinese (Japanese, Korean) Word has. */
static const char *
asian_font (const AgExportLanguage *asian)
{
  if (asian == NULL)
    return "SimSun";
  if (g_strcmp0 (asian->country, "TW") == 0)
    return "PMingLiU";
  if (g_strcmp0 (asian->language, "ja") == 0)
    return "MS Mincho";
  if (g_strcmp0 (asian->language, "ko") == 0)
    return "Batang";
  return "SimSun";
}

static char *
language_tag (const AgExportLanguage *language,
              const char             *fallback)
{
  if (language == NULL)
    return g_strdup (fallback);
  if (language->country == NULL)
    return g_strdup (language->language);
  return g_strdup_printf ("%s-%s", language->language, language->country);
}

static char *
make_styles (AgRecognition *recognition)
{
  GString *xml = g_string_new (NULL);
  const AgExportLanguage *asian = _ag_export_language_first (recognition, "asian");
  g_autofree char *latin = language_tag (_ag_export_language_first (recognition, "latin"), "en-US");
  g_autofree char *east_asia = language_tag (asian, "zh-CN");
  g_autofree char *bidi = language_tag (_ag_export_language_first (recognition, "complex"), "ar-EG");
  static const struct { guint level; const char *size; } headings[] = {
    { 1, "36" }, { 2, "30" }, { 3, "26" },
  };

  g_string_append_printf (xml,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                          "<w:styles xmlns:w=\"" W_NAMESPACE "\">\n"
                          " <w:docDefaults>\n"
                          "  <w:rPrDefault><w:rPr>"
                          "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\""
                          " w:eastAsia=\"%s\" w:cs=\"Arial\"/>"
                          "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>"
                          "<w:lang w:val=\"%s\" w:eastAsia=\"%s\" w:bidi=\"%s\"/>"
                          "</w:rPr></w:rPrDefault>\n"
                          "  <w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/>"
                          "</w:pPr></w:pPrDefault>\n"
                          " </w:docDefaults>\n"
                          " <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
                          "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>\n",
                          asian_font (asian), latin, east_asia, bidi);
  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    g_string_append_printf (xml,
                            " <w:style w:type=\"paragraph\" w:styleId=\"Heading%u\">"
                            "<w:name w:val=\"heading %u\"/><w:basedOn w:val=\"Normal\"/>"
                            "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>"
                            "<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/>"
                            "<w:outlineLvl w:val=\"%u\"/></w:pPr>"
                            "<w:rPr><w:b/><w:bCs/><w:sz w:val=\"%s\"/><w:szCs w:val=\"%s\"/></w:rPr></w:style>\n",
                            headings[i].level, headings[i].level, headings[i].level - 1,
                            headings[i].size, headings[i].size);
  g_string_append (xml,
                   " <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
                   "<w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/>"
                   "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
                   "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
                   "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
                   "</w:tblCellMar></w:tblPr></w:style>\n"
                   "</w:styles>\n");

  return g_string_free (xml, FALSE);
}

/* A run of text: new lines as w:br, tabs as w:tab, spaces kept. */
static void
append_runs (GString    *xml,
             const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_string_append (xml, "<w:r>");
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], "\t", -1);

      if (i > 0)
        g_string_append (xml, "<w:br/>");
      for (guint j = 0; parts[j] != NULL; j++)
        {
          if (j > 0)
            g_string_append (xml, "<w:tab/>");
          if (*parts[j] == '\0')
            continue;
          g_string_append (xml, "<w:t xml:space=\"preserve\">");
          _ag_export_append_xml_escaped (xml, parts[j]);
          g_string_append (xml, "</w:t>");
        }
    }
  g_string_append (xml, "</w:r>");
}

static const char *
jc_value (AgBlockAlign align)
{
  switch (align)
    {
    case AG_BLOCK_ALIGN_CENTER:
      return "center";
    case AG_BLOCK_ALIGN_END:
      return "right";
    case AG_BLOCK_ALIGN_START:
    default:
      return NULL;
    }
}

static void
append_paragraph (GString    *xml,
                  const char *style,
                  AgBlock    *block,
                  double      indent_em,
                  gboolean    page_break,
                  const char *text)
{
  const char *jc = block != NULL ? jc_value (block->align) : NULL;

  g_string_append (xml, "  <w:p>");
  if (style != NULL || jc != NULL || indent_em > 0 || page_break)
    {
      g_string_append (xml, "<w:pPr>");
      if (style != NULL)
        g_string_append_printf (xml, "<w:pStyle w:val=\"%s\"/>", style);
      if (page_break)
        g_string_append (xml, "<w:pageBreakBefore/>");
      /* Characters for Word and WPS, twips (of 12 points) for the rest. */
      if (indent_em > 0)
        g_string_append_printf (xml, "<w:ind w:firstLineChars=\"%d\" w:firstLine=\"%d\"/>",
                                (int) (indent_em * 100 + 0.5), (int) (indent_em * 240 + 0.5));
      if (jc != NULL)
        g_string_append_printf (xml, "<w:jc w:val=\"%s\"/>", jc);
      g_string_append (xml, "</w:pPr>");
    }
  if (text != NULL && *text != '\0')
    append_runs (xml, text);
  g_string_append (xml, "</w:p>\n");
}

static void
append_table (GString *xml,
              AgBlock *block)
{
  /* The page's text width, 9026 twips on A4 with 2.54 cm margins. */
  guint width = 9026 / MAX (block->n_columns, 1);

  g_string_append (xml,
                   "  <w:tbl>\n"
                   "   <w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
                   "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
                   "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
                   "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
                   "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
                   "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
                   "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
                   "</w:tblBorders><w:tblLook w:val=\"0000\"/></w:tblPr>\n"
                   "   <w:tblGrid>");
  for (guint c = 0; c < block->n_columns; c++)
    g_string_append_printf (xml, "<w:gridCol w:w=\"%u\"/>", width);
  g_string_append (xml, "</w:tblGrid>\n");

  for (guint r = 0; r < block->n_rows; r++)
    {
      g_string_append (xml, "   <w:tr>\n");
      for (guint c = 0; c < block->n_columns; )
        {
          const AgCell *cell = ag_block_get_cell (block, r, c);
          guint span = cell != NULL ? cell->column_span - (c - cell->column) : 1;
          g_autofree char *text = NULL;

          g_string_append_printf (xml, "    <w:tc><w:tcPr><w:tcW w:w=\"%u\" w:type=\"dxa\"/>", width * span);
          if (span > 1)
            g_string_append_printf (xml, "<w:gridSpan w:val=\"%u\"/>", span);
          /* A cell merged down: restarted in its first row, continued
           * (empty) in the rows below. */
          if (cell != NULL && cell->row_span > 1)
            g_string_append (xml, cell->row == r ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>");
          g_string_append (xml, "</w:tcPr>");
          if (cell != NULL && cell->row == r)
            text = ag_block_dup_cell_text (block, cell, TRUE);
          g_string_append (xml, "<w:p>");
          if (text != NULL && *text != '\0')
            append_runs (xml, text);
          g_string_append (xml, "</w:p></w:tc>\n");
          c += MAX (span, 1);
        }
      g_string_append (xml, "   </w:tr>\n");
    }
  g_string_append (xml, "  </w:tbl>\n");
}

static void
document_table (gpointer           data,
                AgRecognitionPage *page,
                AgBlock           *block,
                gboolean           page_break)
{
  GString *xml = data;

  /* A table cannot break the page itself. */
  if (page_break)
    append_paragraph (xml, NULL, NULL, 0, TRUE, NULL);
  append_table (xml, block);
}

static void
document_text (gpointer           data,
               AgRecognitionPage *page,
               AgBlock           *block,
               const char        *text,
               gboolean           page_break)
{
  GString *xml = data;

  if (block->kind == AG_BLOCK_KIND_HEADING)
    {
      g_autofree char *style = g_strdup_printf ("Heading%u", CLAMP (block->level, 1, 3));

      append_paragraph (xml, style, block, 0, page_break, text);
    }
  else
    append_paragraph (xml, NULL, block, _ag_export_block_indent_em (page, block), page_break, text);
}

static void
document_empty_page (gpointer data,
                     gboolean page_break)
{
  append_paragraph (data, NULL, NULL, 0, page_break, NULL);
}

static char *
make_document (AgRecognition *recognition,
               AgExportFlags  flags)
{
  static const AgExportBlockWalk walk = { document_table, document_text, document_empty_page };
  GString *xml = g_string_new (NULL);

  g_string_append (xml,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                   "<w:document xmlns:w=\"" W_NAMESPACE "\">\n"
                   " <w:body>\n");
  _ag_export_walk_blocks (recognition, flags, &walk, xml);

  /* A4, margins of 2.54 cm. */
  g_string_append (xml,
                   "  <w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
                   "<w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\""
                   " w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr>\n"
                   " </w:body>\n"
                   "</w:document>\n");

  return g_string_free (xml, FALSE);
}

static char *
make_core (AgRecognition *recognition)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *language = language_tag (_ag_export_language_first (recognition, NULL), "en-US");

  return g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                          "<cp:coreProperties"
                          " xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
                          " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                          " xmlns:dcterms=\"http://purl.org/dc/terms/\""
                          " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                          " <dc:creator>Airgap/" PACKAGE_VERSION "</dc:creator>\n"
                          " <dc:language>%s</dc:language>\n"
                          " <dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>\n"
                          "</cp:coreProperties>\n",
                          language, date);
}

GBytes *
_ag_export_docx (AgRecognition  *recognition,
                 AgDocument     *document,
                 AgExportFlags   flags,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autofree char *body = make_document (recognition, flags);
  g_autofree char *styles = make_styles (recognition);
  g_autofree char *core = make_core (recognition);
  g_autofree char *reason = NULL;
  const char *entries[] = {
    "[Content_Types].xml", content_types,
    "_rels/.rels", package_rels,
    "word/document.xml", body,
    "word/styles.xml", styles,
    "word/_rels/document.xml.rels", document_rels,
    "docProps/core.xml", core,
    NULL,
  };
  GBytes *bytes = _ag_export_zip (entries, FALSE, &reason);

  if (bytes == NULL)
    g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
                 _("The Word document could not be made: %s."), reason);
  return bytes;
}
