/* ag-export-util.c — what the writers share: languages, XML text, boxes
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "export/ag-export-util-private.h"

/* The error domain of the writers and of saving. */
G_DEFINE_QUARK (ag-export-error-quark, ag_export_error)

/* Languages, from Tesseract's codes to what documents declare. */
static const AgExportLanguage languages[] = {
  { "eng", "en", "US", "latin" },
  { "deu", "de", "DE", "latin" },
  { "fra", "fr", "FR", "latin" },
  { "spa", "es", "ES", "latin" },
  { "ita", "it", "IT", "latin" },
  { "por", "pt", "PT", "latin" },
  { "nld", "nl", "NL", "latin" },
  { "pol", "pl", "PL", "latin" },
  { "ces", "cs", "CZ", "latin" },
  { "swe", "sv", "SE", "latin" },
  { "dan", "da", "DK", "latin" },
  { "nor", "nb", "NO", "latin" },
  { "fin", "fi", "FI", "latin" },
  { "tur", "tr", "TR", "latin" },
  { "vie", "vi", "VN", "latin" },
  { "ind", "id", "ID", "latin" },
  { "rus", "ru", "RU", "latin" },
  { "ukr", "uk", "UA", "latin" },
  { "ell", "el", "GR", "latin" },
  { "chi_sim", "zh", "CN", "asian" },
  { "chi_sim_vert", "zh", "CN", "asian" },
  { "chi_tra", "zh", "TW", "asian" },
  { "chi_tra_vert", "zh", "TW", "asian" },
  { "jpn", "ja", "JP", "asian" },
  { "jpn_vert", "ja", "JP", "asian" },
  { "kor", "ko", "KR", "asian" },
  { "kor_vert", "ko", "KR", "asian" },
  { "ara", "ar", "EG", "complex" },
  { "heb", "he", "IL", "complex" },
  { "fas", "fa", "IR", "complex" },
  { "hin", "hi", "IN", "complex" },
  { "tha", "th", "TH", "complex" },
};

const AgExportLanguage *
_ag_export_language_lookup (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_strcmp0 (code, languages[i].code) == 0)
      return &languages[i];

  return NULL;
}

/* The first of the recognition's languages written in @script (or in any
 * script if @script is NULL), or NULL. */
const AgExportLanguage *
_ag_export_language_first (AgRecognition *recognition,
                           const char    *script)
{
  g_autofree char *read = ag_recognition_dup_languages_read (recognition);
  g_auto(GStrv) codes = NULL;

  if (read == NULL)
    return NULL;

  codes = g_strsplit (read, "+", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      const AgExportLanguage *language = _ag_export_language_lookup (codes[i]);

      if (language != NULL && (script == NULL || strcmp (language->script, script) == 0))
        return language;
    }

  return NULL;
}

/* Escapes @text for XML element content and attribute values (both
 * quotes), dropping what XML 1.0 cannot hold at all: control characters
 * such as the form feed, and invalid UTF-8. */
void
_ag_export_append_xml_escaped (GString    *string,
                               const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&':
          g_string_append (string, "&amp;");
          break;
        case '<':
          g_string_append (string, "&lt;");
          break;
        case '>':
          g_string_append (string, "&gt;");
          break;
        case '"':
          g_string_append (string, "&quot;");
          break;
        case '\'':
          g_string_append (string, "&apos;");
          break;
        default:
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
              (c >= 0x7f && c < 0xa0) || c == 0xfffe || c == 0xffff)
            break;
          g_string_append_unichar (string, c);
        }
    }
}

/* The pixel size a page was recognised at; a page without one (a PDF
 * text layer may have none) counts as US Letter at 300 dpi. */
void
_ag_export_page_pixel_size (AgRecognitionPage *page,
                            int               *width,
                            int               *height)
{
  *width = page->width > 0 ? page->width : 2550;
  *height = page->height > 0 ? page->height : 3300;
}

/* @value rounded to the nearest whole number in @low..@high; clamped
 * before the conversion, which is undefined for a double outside int's
 * range (tests/fuzz/fuzz-export found boxes far outside the page), and
 * @low for NaN. */
static int
round_within (double value,
              int    low,
              int    high)
{
  value = floor (value + 0.5);
  if (!(value >= low))
    return low;
  if (value > high)
    return high;
  return (int) value;
}

/* @rect in fractions to "x0 y0 x1 y1" in pixels, inside the page. */
void
_ag_export_rect_to_bbox (const AgRect *rect,
                         int           width,
                         int           height,
                         int           bbox[4])
{
  bbox[0] = round_within (rect->x * width, 0, width);
  bbox[1] = round_within (rect->y * height, 0, height);
  bbox[2] = round_within ((rect->x + rect->width) * width, bbox[0], width);
  bbox[3] = round_within ((rect->y + rect->height) * height, bbox[1], height);
}

/* The text of @page as a user pastes it.  By default a paragraph (or
 * heading, list item) per line, its lines joined (Chinese without spaces,
 * Latin with one, a hyphenated word mended), a table a line per row with
 * its cells apart by tabs — what a word processor takes as paragraphs and
 * a spreadsheet as cells.  With AG_EXPORT_FLAGS_KEEP_LINES the lines as
 * recognised, blocks apart by an empty line, as before the layout. */
void
_ag_export_append_page_text (GString           *string,
                             AgRecognitionPage *page,
                             AgExportFlags      flags)
{
  gboolean keep = (flags & AG_EXPORT_FLAGS_KEEP_LINES) != 0;
  gboolean first = TRUE;

  for (guint b = 0; b < page->blocks->len; b++)
    {
      g_autofree char *text = ag_block_dup_text (g_ptr_array_index (page->blocks, b), !keep);

      if (*text == '\0')
        continue;
      if (!first)
        g_string_append (string, keep ? "\n\n" : "\n");
      g_string_append (string, text);
      first = FALSE;
    }
}

/* The first-line indent of @block in characters (ems) of its first line,
 * to the half: what a word processor's indent is set in. */
double
_ag_export_block_indent_em (AgRecognitionPage *page,
                            AgBlock           *block)
{
  double size = 0;
  AgLine *line;
  guint n = 0;

  if (block->indent <= 0 || block->lines->len == 0 || page->width <= 0 || page->height <= 0)
    return 0;

  /* A character's size: the first line's words, each about as wide as
   * high in Chinese; their height otherwise, which a photographed line's
   * slant makes larger than the line's box is not. */
  line = g_ptr_array_index (block->lines, 0);
  for (guint w = 0; w < line->words->len; w++)
    {
      AgWord *word = g_ptr_array_index (line->words, w);

      size += MIN (word->box.height * page->height, line->box.height * page->height);
      n++;
    }
  if (n == 0 || size <= 0)
    return 0;
  size /= n;

  /* At most a line of 100 characters: a page that claims words of a
   * fraction of a pixel (a damaged JSON, the fuzzer's) gave billions of
   * ems, which no int of the .docx could hold. */
  return MIN (floor (block->indent * page->width / size * 2 + 0.5) / 2, 100.0);
}

/**
 * _ag_export_walk_blocks:
 * @recognition: what was read
 * @flags: %AG_EXPORT_FLAGS_KEEP_LINES for the lines as on the page
 * @walk: what to do with each kind of thing
 * @data: for @walk's functions
 *
 * Goes through every page's blocks in reading order: a table with cells
 * goes to @walk->table, any other block with text to @walk->text (its
 * lines joined into a paragraph unless lines are kept; blocks without
 * text are left out), and a page that had neither to @walk->empty_page,
 * so that it still gets its page.
 */
void
_ag_export_walk_blocks (AgRecognition           *recognition,
                        AgExportFlags            flags,
                        const AgExportBlockWalk *walk,
                        gpointer                 data)
{
  gboolean join = (flags & AG_EXPORT_FLAGS_KEEP_LINES) == 0;
  guint n_pages = ag_recognition_get_n_pages (recognition);

  for (guint p = 0; p < n_pages; p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);
      gboolean first = TRUE;

      for (guint b = 0; b < page->blocks->len; b++)
        {
          AgBlock *block = g_ptr_array_index (page->blocks, b);
          g_autofree char *text = NULL;

          if (block->kind == AG_BLOCK_KIND_TABLE && block->cells != NULL)
            {
              walk->table (data, page, block, first && p > 0);
              first = FALSE;
              continue;
            }

          text = ag_block_dup_text (block, join);
          if (*text == '\0')
            continue;

          walk->text (data, page, block, text, first && p > 0);
          first = FALSE;
        }

      if (first)
        walk->empty_page (data, p > 0);
    }
}
