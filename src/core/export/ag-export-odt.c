/* ag-export-odt.c — an OpenDocument text
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A real OpenDocument package (ODF 1.3), as LibreOffice expects it: the
 * `mimetype` entry first and stored, then META-INF/manifest.xml,
 * content.xml, styles.xml and meta.xml.  Each block is a text:p, the
 * lines of a paragraph are kept with text:line-break unless they are
 * joined, and every page after the first starts with a paragraph whose
 * style breaks the page.  Fonts are declared for Western, Asian and
 * complex text, and the languages come from the recognition, so Chinese
 * shows in a CJK font. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "export/ag-export-util-private.h"
#include "export/ag-export-zip-private.h"
#include "export/ag-export-writers-private.h"

#define ODT_MIME_TYPE "application/vnd.oasis.opendocument.text"

#define OFFICE_NAMESPACES \
  " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
  " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"" \
  " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"" \
  " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\"" \
  " xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"" \
  " xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\"" \
  " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"" \
  " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"" \
  " office:version=\"1.3\""

#define FONT_WESTERN "Liberation Serif"
#define FONT_COMPLEX "DejaVu Sans"

/* The CJK font for the recognition's Asian language. */
static const char *
asian_font (const AgExportLanguage *asian)
{
  if (asian == NULL)
    return "Noto Sans CJK SC";
  if (g_strcmp0 (asian->country, "TW") == 0)
    return "Noto Sans CJK TC";
  if (g_strcmp0 (asian->language, "ja") == 0)
    return "Noto Sans CJK JP";
  if (g_strcmp0 (asian->language, "ko") == 0)
    return "Noto Sans CJK KR";
  return "Noto Sans CJK SC";
}

static void
append_font_faces (GString    *xml,
                   const char *asian)
{
  g_string_append_printf (xml,
                          " <office:font-face-decls>\n"
                          "  <style:font-face style:name=\"%s\" svg:font-family=\"&apos;%s&apos;\""
                          " style:font-family-generic=\"roman\" style:font-pitch=\"variable\"/>\n"
                          "  <style:font-face style:name=\"%s\" svg:font-family=\"&apos;%s&apos;\""
                          " style:font-family-generic=\"system\" style:font-pitch=\"variable\"/>\n"
                          "  <style:font-face style:name=\"%s\" svg:font-family=\"&apos;%s&apos;\""
                          " style:font-family-generic=\"swiss\" style:font-pitch=\"variable\"/>\n"
                          " </office:font-face-decls>\n",
                          FONT_WESTERN, FONT_WESTERN, asian, asian, FONT_COMPLEX, FONT_COMPLEX);
}

static void
append_language (GString                *xml,
                 const char             *language_attribute,
                 const char             *country_attribute,
                 const AgExportLanguage *language)
{
  if (language == NULL)
    return;

  g_string_append_printf (xml, " %s=\"%s\" %s=\"%s\"",
                          language_attribute, language->language,
                          country_attribute, language->country != NULL ? language->country : "none");
}

static char *
make_styles (AgRecognition *recognition)
{
  GString *xml = g_string_new (NULL);
  const AgExportLanguage *latin = _ag_export_language_first (recognition, "latin");
  const AgExportLanguage *asian = _ag_export_language_first (recognition, "asian");
  const AgExportLanguage *complex = _ag_export_language_first (recognition, "complex");

  g_string_append (xml,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<office:document-styles" OFFICE_NAMESPACES ">\n");
  append_font_faces (xml, asian_font (asian));
  g_string_append (xml, " <office:styles>\n"
                        "  <style:default-style style:family=\"paragraph\">\n"
                        "   <style:paragraph-properties style:writing-mode=\"page\"/>\n"
                        "   <style:text-properties");
  g_string_append_printf (xml,
                          " style:font-name=\"%s\" fo:font-size=\"12pt\""
                          " style:font-name-asian=\"%s\" style:font-size-asian=\"12pt\""
                          " style:font-name-complex=\"%s\" style:font-size-complex=\"12pt\"",
                          FONT_WESTERN, asian_font (asian), FONT_COMPLEX);
  append_language (xml, "fo:language", "fo:country", latin);
  append_language (xml, "style:language-asian", "style:country-asian", asian);
  append_language (xml, "style:language-complex", "style:country-complex", complex);
  g_string_append (xml, "/>\n"
                        "  </style:default-style>\n"
                        "  <style:style style:name=\"Standard\" style:family=\"paragraph\" style:class=\"text\"/>\n"
                        "  <style:style style:name=\"Text_20_body\" style:display-name=\"Text body\""
                        " style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"text\">\n"
                        "   <style:paragraph-properties fo:margin-top=\"0cm\" fo:margin-bottom=\"0.25cm\""
                        " fo:line-height=\"115%\"/>\n"
                        "  </style:style>\n"
                        "  <style:style style:name=\"Heading\" style:family=\"paragraph\""
                        " style:parent-style-name=\"Standard\" style:next-style-name=\"Text_20_body\" style:class=\"text\">\n"
                        "   <style:paragraph-properties fo:margin-top=\"0.42cm\" fo:margin-bottom=\"0.21cm\""
                        " fo:keep-with-next=\"always\"/>\n"
                        "   <style:text-properties fo:font-weight=\"bold\" style:font-weight-asian=\"bold\""
                        " style:font-weight-complex=\"bold\"/>\n"
                        "  </style:style>\n"
                        "  <style:style style:name=\"Heading_20_1\" style:display-name=\"Heading 1\""
                        " style:family=\"paragraph\" style:parent-style-name=\"Heading\""
                        " style:default-outline-level=\"1\" style:class=\"text\">\n"
                        "   <style:text-properties fo:font-size=\"18pt\" style:font-size-asian=\"18pt\""
                        " style:font-size-complex=\"18pt\"/>\n"
                        "  </style:style>\n"
                        "  <style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\""
                        " style:family=\"paragraph\" style:parent-style-name=\"Heading\""
                        " style:default-outline-level=\"2\" style:class=\"text\">\n"
                        "   <style:text-properties fo:font-size=\"15pt\" style:font-size-asian=\"15pt\""
                        " style:font-size-complex=\"15pt\"/>\n"
                        "  </style:style>\n"
                        "  <style:style style:name=\"Heading_20_3\" style:display-name=\"Heading 3\""
                        " style:family=\"paragraph\" style:parent-style-name=\"Heading\""
                        " style:default-outline-level=\"3\" style:class=\"text\">\n"
                        "   <style:text-properties fo:font-size=\"13pt\" style:font-size-asian=\"13pt\""
                        " style:font-size-complex=\"13pt\"/>\n"
                        "  </style:style>\n"
                        "  <style:style style:name=\"Table_20_Contents\" style:display-name=\"Table Contents\""
                        " style:family=\"paragraph\" style:parent-style-name=\"Standard\" style:class=\"extra\"/>\n"
                        " </office:styles>\n"
                        " <office:automatic-styles>\n"
                        "  <style:page-layout style:name=\"pm1\">\n"
                        "   <style:page-layout-properties fo:margin-top=\"2cm\" fo:margin-bottom=\"2cm\""
                        " fo:margin-left=\"2cm\" fo:margin-right=\"2cm\"/>\n"
                        "  </style:page-layout>\n"
                        " </office:automatic-styles>\n"
                        " <office:master-styles>\n"
                        "  <style:master-page style:name=\"Standard\" style:page-layout-name=\"pm1\"/>\n"
                        " </office:master-styles>\n"
                        "</office:document-styles>\n");

  return g_string_free (xml, FALSE);
}

/* Paragraph text in ODF: runs of spaces as text:s (ODF collapses them),
 * tabs as text:tab, new lines as text:line-break. */
static void
append_paragraph_text (GString    *xml,
                       const char *text)
{
  g_autoptr(GString) run = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n')
        {
          guint spaces = 0;

          _ag_export_append_xml_escaped (xml, run->str);
          g_string_truncate (run, 0);

          if (*p == '\t')
            {
              g_string_append (xml, "<text:tab/>");
              continue;
            }
          if (*p == '\n')
            {
              g_string_append (xml, "<text:line-break/>");
              continue;
            }

          while (p[1] == ' ')
            {
              spaces++;
              p++;
            }
          g_string_append_c (xml, ' ');
          if (spaces == 1)
            g_string_append (xml, "<text:s/>");
          else if (spaces > 1)
            g_string_append_printf (xml, "<text:s text:c=\"%u\"/>", spaces);
        }
      else
        g_string_append_c (run, *p);
    }

  _ag_export_append_xml_escaped (xml, run->str);
}

/* The automatic styles of the content, made as the blocks need them:
 * each paragraph's alignment and indent, a page break before the first
 * block of a page. */
typedef struct
{
  GString    *styles;
  GHashTable *names;   /* what a style says → its name */
  guint       n;
} Styles;

static const char *
paragraph_style (Styles     *styles,
                 const char *parent,
                 const char *align,
                 double      indent_em,
                 gboolean    page_break)
{
  g_autofree char *key = g_strdup_printf ("%s|%s|%.1f|%d", parent, align != NULL ? align : "",
                                          indent_em, page_break);
  const char *name = g_hash_table_lookup (styles->names, key);

  if (name != NULL)
    return name;

  name = g_strdup_printf ("P%u", ++styles->n);
  g_hash_table_insert (styles->names, g_steal_pointer (&key), (char *) name);
  g_string_append_printf (styles->styles,
                          "  <style:style style:name=\"%s\" style:family=\"paragraph\""
                          " style:parent-style-name=\"%s\">\n"
                          "   <style:paragraph-properties", name, parent);
  if (align != NULL)
    g_string_append_printf (styles->styles, " fo:text-align=\"%s\"", align);
  if (indent_em > 0)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      /* An em of the body's 12 points. */
      g_ascii_formatd (number, sizeof number, "%.3f", indent_em * 12 * 2.54 / 72);
      g_string_append_printf (styles->styles, " fo:text-indent=\"%scm\"", number);
    }
  if (page_break)
    g_string_append (styles->styles, " fo:break-before=\"page\"");
  g_string_append (styles->styles, "/>\n  </style:style>\n");

  return name;
}

static const char *
align_value (AgBlockAlign align)
{
  switch (align)
    {
    case AG_BLOCK_ALIGN_CENTER:
      return "center";
    case AG_BLOCK_ALIGN_END:
      return "end";
    case AG_BLOCK_ALIGN_START:
    default:
      return NULL;
    }
}

static void
append_table (GString  *xml,
              Styles   *styles,
              AgBlock  *block,
              guint     number,
              gboolean  page_break)
{
  g_string_append_printf (xml, "   <table:table table:name=\"Table%u\" table:style-name=\"%s\">\n",
                          number, page_break ? "TableBreak" : "Table");
  g_string_append_printf (xml, "    <table:table-column table:number-columns-repeated=\"%u\"/>\n",
                          block->n_columns);
  for (guint r = 0; r < block->n_rows; r++)
    {
      g_string_append (xml, "    <table:table-row>\n");
      for (guint c = 0; c < block->n_columns; c++)
        {
          const AgCell *cell = ag_block_get_cell (block, r, c);
          g_autofree char *text = NULL;

          if (cell == NULL)
            {
              g_string_append (xml, "     <table:table-cell table:style-name=\"Cell\" office:value-type=\"string\">"
                                    "<text:p text:style-name=\"Table_20_Contents\"/></table:table-cell>\n");
              continue;
            }
          /* The cells a merged cell covers. */
          if (cell->row != r || cell->column != c)
            {
              g_string_append (xml, "     <table:covered-table-cell/>\n");
              continue;
            }

          text = ag_block_dup_cell_text (block, cell, TRUE);
          g_string_append (xml, "     <table:table-cell table:style-name=\"Cell\" office:value-type=\"string\"");
          if (cell->column_span > 1)
            g_string_append_printf (xml, " table:number-columns-spanned=\"%u\"", cell->column_span);
          if (cell->row_span > 1)
            g_string_append_printf (xml, " table:number-rows-spanned=\"%u\"", cell->row_span);
          g_string_append (xml, "><text:p text:style-name=\"Table_20_Contents\">");
          append_paragraph_text (xml, text);
          g_string_append (xml, "</text:p></table:table-cell>\n");
        }
      g_string_append (xml, "    </table:table-row>\n");
    }
  g_string_append (xml, "   </table:table>\n");
  (void) styles;
}

typedef struct
{
  GString *body;
  Styles  *styles;
  guint    n_tables;
} Content;

static void
content_table (gpointer           data,
               AgRecognitionPage *page,
               AgBlock           *block,
               gboolean           page_break)
{
  Content *content = data;

  append_table (content->body, content->styles, block, ++content->n_tables, page_break);
}

static void
content_text (gpointer           data,
              AgRecognitionPage *page,
              AgBlock           *block,
              const char        *text,
              gboolean           page_break)
{
  Content *content = data;
  const char *style;

  if (block->kind == AG_BLOCK_KIND_HEADING)
    {
      guint level = CLAMP (block->level, 1, 3);
      g_autofree char *parent = g_strdup_printf ("Heading_20_%u", level);

      style = paragraph_style (content->styles, parent, align_value (block->align), 0, page_break);
      g_string_append_printf (content->body, "   <text:h text:style-name=\"%s\" text:outline-level=\"%u\">",
                              style, MAX (block->level, 1));
      append_paragraph_text (content->body, text);
      g_string_append (content->body, "</text:h>\n");
    }
  else
    {
      style = paragraph_style (content->styles, "Text_20_body", align_value (block->align),
                               _ag_export_block_indent_em (page, block), page_break);
      g_string_append_printf (content->body, "   <text:p text:style-name=\"%s\">", style);
      append_paragraph_text (content->body, text);
      g_string_append (content->body, "</text:p>\n");
    }
}

/* A page without text still gets its page. */
static void
content_empty_page (gpointer data,
                    gboolean page_break)
{
  Content *content = data;

  g_string_append_printf (content->body, "   <text:p text:style-name=\"%s\"/>\n",
                          paragraph_style (content->styles, "Text_20_body", NULL, 0, page_break));
}

static char *
make_content (AgRecognition *recognition,
              AgExportFlags  flags)
{
  static const AgExportBlockWalk walk = { content_table, content_text, content_empty_page };
  GString *xml = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  const AgExportLanguage *asian = _ag_export_language_first (recognition, "asian");
  Styles styles = { g_string_new (NULL), g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free), 0 };
  Content content = { body, &styles, 0 };

  _ag_export_walk_blocks (recognition, flags, &walk, &content);

  g_string_append (xml,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<office:document-content" OFFICE_NAMESPACES ">\n");
  append_font_faces (xml, asian_font (asian));
  g_string_append (xml,
                   " <office:automatic-styles>\n"
                   "  <style:style style:name=\"Table\" style:family=\"table\">\n"
                   "   <style:table-properties table:align=\"margins\" fo:margin-top=\"0.1cm\" fo:margin-bottom=\"0.2cm\"/>\n"
                   "  </style:style>\n"
                   "  <style:style style:name=\"TableBreak\" style:family=\"table\">\n"
                   "   <style:table-properties table:align=\"margins\" fo:break-before=\"page\"/>\n"
                   "  </style:style>\n"
                   "  <style:style style:name=\"Cell\" style:family=\"table-cell\">\n"
                   "   <style:table-cell-properties fo:padding=\"0.1cm\" fo:border=\"0.5pt solid #000000\"/>\n"
                   "  </style:style>\n");
  g_string_append (xml, styles.styles->str);
  g_string_append (xml,
                   " </office:automatic-styles>\n"
                   " <office:body>\n"
                   "  <office:text>\n");
  g_string_append (xml, body->str);
  g_string_append (xml,
                   "  </office:text>\n"
                   " </office:body>\n"
                   "</office:document-content>\n");

  g_string_free (styles.styles, TRUE);
  g_hash_table_unref (styles.names);
  return g_string_free (xml, FALSE);
}

static char *
make_meta (AgRecognition *recognition)
{
  GString *xml = g_string_new (NULL);
  const AgExportLanguage *language = _ag_export_language_first (recognition, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  g_string_append (xml,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<office:document-meta" OFFICE_NAMESPACES ">\n"
                   " <office:meta>\n"
                   "  <meta:generator>Airgap/" PACKAGE_VERSION "</meta:generator>\n");
  g_string_append_printf (xml, "  <meta:creation-date>%s</meta:creation-date>\n", date);
  if (language != NULL)
    g_string_append_printf (xml, "  <dc:language>%s%s%s</dc:language>\n",
                            language->language,
                            language->country != NULL ? "-" : "",
                            language->country != NULL ? language->country : "");
  g_string_append (xml, " </office:meta>\n</office:document-meta>\n");

  return g_string_free (xml, FALSE);
}

static const char manifest[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""
  " manifest:version=\"1.3\">\n"
  " <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\""
  " manifest:media-type=\"" ODT_MIME_TYPE "\"/>\n"
  " <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n"
  " <manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>\n"
  " <manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>\n"
  "</manifest:manifest>\n";

GBytes *
_ag_export_odt (AgRecognition  *recognition,
                AgDocument     *document,
                AgExportFlags   flags,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autofree char *content = make_content (recognition, flags);
  g_autofree char *styles = make_styles (recognition);
  g_autofree char *meta = make_meta (recognition);
  g_autofree char *reason = NULL;
  const char *entries[] = {
    "mimetype", ODT_MIME_TYPE,
    "META-INF/manifest.xml", manifest,
    "content.xml", content,
    "styles.xml", styles,
    "meta.xml", meta,
    NULL,
  };
  GBytes *bytes = _ag_export_zip (entries, TRUE, &reason);

  if (bytes == NULL)
    g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
                 _("The OpenDocument file could not be made: %s."), reason);
  return bytes;
}
