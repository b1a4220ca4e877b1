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
#include <zip.h>

#include "export/ag-export-util-private.h"
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

static char *
make_content (AgRecognition *recognition,
              AgExportFlags  flags)
{
  GString *xml = g_string_new (NULL);
  const AgExportLanguage *asian = _ag_export_language_first (recognition, "asian");
  gboolean join = (flags & AG_EXPORT_FLAGS_KEEP_LINES) == 0;
  guint n_pages = ag_recognition_get_n_pages (recognition);

  g_string_append (xml,
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<office:document-content" OFFICE_NAMESPACES ">\n");
  append_font_faces (xml, asian_font (asian));
  g_string_append (xml,
                   " <office:automatic-styles>\n"
                   "  <style:style style:name=\"P1\" style:family=\"paragraph\""
                   " style:parent-style-name=\"Text_20_body\">\n"
                   "   <style:paragraph-properties fo:break-before=\"page\"/>\n"
                   "  </style:style>\n"
                   " </office:automatic-styles>\n"
                   " <office:body>\n"
                   "  <office:text>\n");

  for (guint p = 0; p < n_pages; p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);
      gboolean first = TRUE;

      for (guint b = 0; b < page->blocks->len; b++)
        {
          g_autofree char *text = ag_block_dup_text (g_ptr_array_index (page->blocks, b), join);

          if (*text == '\0')
            continue;

          g_string_append_printf (xml, "   <text:p text:style-name=\"%s\">",
                                  first && p > 0 ? "P1" : "Text_20_body");
          append_paragraph_text (xml, text);
          g_string_append (xml, "</text:p>\n");
          first = FALSE;
        }

      /* A page without text still gets its page. */
      if (first)
        g_string_append_printf (xml, "   <text:p text:style-name=\"%s\"/>\n",
                                p > 0 ? "P1" : "Text_20_body");
    }

  g_string_append (xml,
                   "  </office:text>\n"
                   " </office:body>\n"
                   "</office:document-content>\n");

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

static gboolean
add_entry (zip_t       *zip,
           const char  *name,
           const char  *data,
           gboolean     stored,
           time_t       mtime)
{
  zip_source_t *source = zip_source_buffer (zip, data, strlen (data), 0);
  zip_int64_t index;

  if (source == NULL)
    return FALSE;

  index = zip_file_add (zip, name, source, ZIP_FL_ENC_UTF_8);
  if (index < 0)
    {
      zip_source_free (source);
      return FALSE;
    }

  zip_file_set_mtime (zip, index, mtime, 0);
  return zip_set_file_compression (zip, index, stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) == 0;
}

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
  zip_error_t zip_error;
  zip_source_t *buffer;
  zip_stat_t st;
  zip_t *zip;
  guint8 *data = NULL;
  time_t now = time (NULL);

  zip_error_init (&zip_error);
  buffer = zip_source_buffer_create (NULL, 0, 0, &zip_error);
  if (buffer == NULL)
    goto failed;

  zip = zip_open_from_source (buffer, ZIP_TRUNCATE, &zip_error);
  if (zip == NULL)
    {
      zip_source_free (buffer);
      goto failed;
    }

  /* The buffer outlives the archive: it holds the result. */
  zip_source_keep (buffer);

  if (!add_entry (zip, "mimetype", ODT_MIME_TYPE, TRUE, now) ||
      !add_entry (zip, "META-INF/manifest.xml", manifest, FALSE, now) ||
      !add_entry (zip, "content.xml", content, FALSE, now) ||
      !add_entry (zip, "styles.xml", styles, FALSE, now) ||
      !add_entry (zip, "meta.xml", meta, FALSE, now))
    {
      zip_error_set (&zip_error, zip_error_code_zip (zip_get_error (zip)), 0);
      zip_discard (zip);
      zip_source_free (buffer);
      goto failed;
    }

  if (zip_close (zip) != 0)
    {
      zip_error_set (&zip_error, zip_error_code_zip (zip_get_error (zip)), 0);
      zip_discard (zip);
      zip_source_free (buffer);
      goto failed;
    }

  if (zip_source_stat (buffer, &st) != 0 || zip_source_open (buffer) != 0)
    {
      zip_source_free (buffer);
      goto failed;
    }
  data = g_malloc (st.size);
  if (zip_source_read (buffer, data, st.size) != (zip_int64_t) st.size)
    {
      g_free (data);
      zip_source_close (buffer);
      zip_source_free (buffer);
      goto failed;
    }
  zip_source_close (buffer);
  zip_source_free (buffer);

  return g_bytes_new_take (data, st.size);

failed:
  g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
               _("The OpenDocument file could not be made: %s."), zip_error_strerror (&zip_error));
  zip_error_fini (&zip_error);
  return NULL;
}
