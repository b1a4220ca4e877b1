/* test-export.c — every writer, read back by a real reader; safe saving
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "ag-core.h"
#include "ag-test-util.h"

/* Tests that mount a small tmpfs do it in a mount namespace of their own,
 * made before any thread starts; elsewhere they are skipped. */
static gboolean can_mount;

/* Words laid out on a 1000 × 1400 pixel page, from the top-left corner,
 * one line of text per line, 20 pixels per character. */
static AgLine *
make_line (const char *text,
           int         top,
           gboolean    cjk)
{
  g_auto(GStrv) words = cjk ? NULL : g_strsplit (text, " ", -1);
  AgLine *line = ag_line_new ();
  double x = 100;

  if (cjk)
    {
      GPtrArray *chars = g_ptr_array_new ();

      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        g_ptr_array_add (chars, g_strndup (p, g_utf8_next_char (p) - p));
      g_ptr_array_add (chars, NULL);
      words = (GStrv) g_ptr_array_free (chars, FALSE);
    }

  for (guint i = 0; words[i] != NULL; i++)
    {
      double w = 20.0 * g_utf8_strlen (words[i], -1) * (cjk ? 2 : 1);
      AgRect box = { x / 1000, top / 1400.0, w / 1000, 40 / 1400.0 };

      g_ptr_array_add (line->words, ag_word_new (words[i], &box, 95.0f - i));
      x += w + (cjk ? 2 : 20);
    }

  line->box.x = 100 / 1000.0;
  line->box.y = top / 1400.0;
  line->box.width = (x - 100) / 1000;
  line->box.height = 40 / 1400.0;

  return line;
}

static AgBlock *
make_block (int          region,
            int          top,
            gboolean     cjk,
            const char  *first,
            ...)
{
  AgBlock *block = ag_block_new (region);
  va_list args;
  double right = 0;

  va_start (args, first);
  for (const char *text = first; text != NULL; text = va_arg (args, const char *))
    {
      AgLine *line = make_line (text, top + 50 * block->lines->len, cjk);

      right = MAX (right, line->box.x + line->box.width);
      g_ptr_array_add (block->lines, line);
    }
  va_end (args);

  block->box.x = 0.1;
  block->box.y = top / 1400.0;
  block->box.width = right - 0.1;
  block->box.height = (50.0 * block->lines->len - 10) / 1400;

  return block;
}

static AgRecognitionPage *
make_page (guint index)
{
  AgRecognitionPage *page = ag_recognition_page_new (index, 1000, 1400, 200, AG_RECOGNITION_SOURCE_OCR);

  page->engine = g_strdup ("tesseract");
  return page;
}

/* Two pages of English, with a hyphen broken across lines, characters
 * XML and ODF must escape, and runs of spaces. */
static AgRecognition *
make_english (void)
{
  AgRecognition *recognition = ag_recognition_new ("eng");
  AgRecognitionPage *page;

  page = make_page (0);
  g_ptr_array_add (page->blocks, make_block (-1, 100, FALSE,
                                             "Quarterly report of the hyph-",
                                             "enated north office", NULL));
  g_ptr_array_add (page->blocks, make_block (-1, 300, FALSE,
                                             "Fish & <chips> \"cost\" 5'", NULL));
  ag_recognition_take_page (recognition, page);

  page = make_page (1);
  g_ptr_array_add (page->blocks, make_block (-1, 100, FALSE,
                                             "Second page starts here", NULL));
  ag_recognition_take_page (recognition, page);

  return recognition;
}

/* A document as the layout gives it: a centred title, an indented
 * paragraph, a table of three rows whose first row is one merged cell, a
 * heading of level 2, and a second page. */
static AgRecognition *
make_structured (void)
{
  AgRecognition *recognition = ag_recognition_new ("chi_sim+eng");
  AgRecognitionPage *page = make_page (0);
  AgBlock *block;
  const char *cells[] = { "物品清单", "序号", "名称", "1", "Copy paper" };

  block = make_block (-1, 100, TRUE, "关于做好冬季安全生产工作的通知", NULL);
  block->kind = AG_BLOCK_KIND_HEADING;
  block->level = 1;
  block->align = AG_BLOCK_ALIGN_CENTER;
  g_ptr_array_add (page->blocks, block);

  block = make_block (-1, 200, TRUE, "入冬以来，气温持续下降，", "安全生产形势较为严峻。", NULL);
  block->indent = 0.04;
  g_ptr_array_add (page->blocks, block);

  block = make_block (-1, 400, FALSE, cells[0], NULL);
  for (guint i = 1; i < G_N_ELEMENTS (cells); i++)
    g_ptr_array_add (block->lines, make_line (cells[i], 400 + 50 * ((i + 1) / 2), FALSE));
  ag_block_add_cell (block, 0, 0, 1, 2, 0, 1, NULL);
  for (guint i = 1; i < G_N_ELEMENTS (cells); i++)
    ag_block_add_cell (block, 1 + (i - 1) / 2, (i - 1) % 2, 1, 1, i, 1, NULL);
  g_ptr_array_add (page->blocks, block);

  block = make_block (-1, 600, TRUE, "一、加强隐患排查", NULL);
  block->kind = AG_BLOCK_KIND_HEADING;
  block->level = 2;
  g_ptr_array_add (page->blocks, block);
  ag_recognition_take_page (recognition, page);

  page = make_page (1);
  g_ptr_array_add (page->blocks, make_block (-1, 100, TRUE, "第二页", NULL));
  ag_recognition_take_page (recognition, page);

  return recognition;
}

static AgRecognition *
make_chinese (void)
{
  AgRecognition *recognition = ag_recognition_new ("chi_sim+eng");
  AgRecognitionPage *page;

  page = make_page (0);
  g_ptr_array_add (page->blocks, make_block (0, 100, TRUE, "离线文字识别", "保护你的文件。", NULL));
  g_ptr_array_add (page->blocks, make_block (1, 400, TRUE, "第二段落在这里", NULL));
  ag_recognition_take_page (recognition, page);

  return recognition;
}

static char *
export_string (AgRecognition  *recognition,
               AgExportFormat  format,
               AgExportFlags   flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ag_export_to_bytes (recognition, NULL, format, flags, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static char *
write_file (AgRecognition  *recognition,
            AgExportFormat  format,
            AgExportFlags   flags,
            const char     *name)
{
  g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (ag_export_write (recognition, NULL, format, flags, file, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Runs @argv; returns its standard output, or NULL (test skipped) when
 * the program is not installed. */
static char *
run (const char * const *argv,
     int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &wait_status, &error))
    {
      g_test_skip_printf ("%s is not installed: %s", argv[0], error->message);
      return NULL;
    }

  *status = g_spawn_check_wait_status (wait_status, NULL) ? 0 : 1;
  if (*status != 0 || (err != NULL && *err != '\0'))
    g_test_message ("%s (status %d) said: %s", argv[0], *status, err);
  return out;
}

/* For comparing text across readers: no white space at all. */
static char *
squeeze (const char *text)
{
  GString *string = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0xfeff)
        g_string_append_unichar (string, c);
    }

  return g_string_free (string, FALSE);
}

static void
test_format_names (void)
{
  static const struct { const char *name; gboolean known; AgExportFormat format; } cases[] = {
    { "a.txt", TRUE, AG_EXPORT_FORMAT_TEXT },
    { "/home/u/Report.TXT", TRUE, AG_EXPORT_FORMAT_TEXT },
    { "notes.text", TRUE, AG_EXPORT_FORMAT_TEXT },
    { "x.odt", TRUE, AG_EXPORT_FORMAT_ODT },
    { "X.Odt", TRUE, AG_EXPORT_FORMAT_ODT },
    { "scan.hocr", TRUE, AG_EXPORT_FORMAT_HOCR },
    { "scan.html", TRUE, AG_EXPORT_FORMAT_HOCR },
    { "scan.PDF", TRUE, AG_EXPORT_FORMAT_PDF },
    { "words.json", TRUE, AG_EXPORT_FORMAT_JSON },
    { "a.doc", FALSE, 0 },
    { "txt", FALSE, 0 },
    { "a.txt/b", FALSE, 0 },
    { "a.odt.bak", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AgExportFormat format = -1;

      g_assert_cmpint (ag_export_format_from_name (cases[i].name, &format), ==, cases[i].known);
      if (cases[i].known)
        {
          g_autofree char *again = NULL;

          g_assert_cmpint (format, ==, cases[i].format);
          /* The usual extension names the same format. */
          again = g_strconcat ("x.", ag_export_format_get_extension (format), NULL);
          g_assert_true (ag_export_format_from_name (again, &format));
          g_assert_cmpint (format, ==, cases[i].format);
        }
    }

  g_assert_cmpstr (ag_export_format_get_extension (AG_EXPORT_FORMAT_HOCR), ==, "hocr");
  g_assert_cmpstr (ag_export_format_get_mime_type (AG_EXPORT_FORMAT_ODT), ==,
                   "application/vnd.oasis.opendocument.text");
}

static void
test_text (void)
{
  g_autoptr(AgRecognition) english = make_english ();
  g_autoptr(AgRecognition) chinese = make_chinese ();
  g_autofree char *kept = export_string (english, AG_EXPORT_FORMAT_TEXT, AG_EXPORT_FLAGS_KEEP_LINES);
  g_autofree char *joined = export_string (english, AG_EXPORT_FORMAT_TEXT, AG_EXPORT_FLAGS_NONE);
  g_autofree char *joined_too = export_string (english, AG_EXPORT_FORMAT_TEXT, AG_EXPORT_FLAGS_JOIN_LINES);
  g_autofree char *cjk = export_string (chinese, AG_EXPORT_FORMAT_TEXT, AG_EXPORT_FLAGS_KEEP_LINES);
  g_autofree char *cjk_joined = export_string (chinese, AG_EXPORT_FORMAT_TEXT, AG_EXPORT_FLAGS_NONE);
  g_autoptr(AgRecognition) empty = ag_recognition_new ("eng");
  g_autofree char *nothing = export_string (empty, AG_EXPORT_FORMAT_TEXT, AG_EXPORT_FLAGS_NONE);

  g_assert_cmpstr (kept, ==,
                   "Quarterly report of the hyph-\nenated north office\n\n"
                   "Fish & <chips> \"cost\" 5'\n\fSecond page starts here\n");
  /* By default a paragraph per line, as a word processor pastes it. */
  g_assert_cmpstr (joined, ==,
                   "Quarterly report of the hyphenated north office\n"
                   "Fish & <chips> \"cost\" 5'\n\fSecond page starts here\n");
  g_assert_cmpstr (joined_too, ==, joined);
  g_assert_cmpstr (cjk, ==, "离线文字识别\n保护你的文件。\n\n第二段落在这里\n");
  g_assert_cmpstr (cjk_joined, ==, "离线文字识别保护你的文件。\n第二段落在这里\n");
  g_assert_cmpstr (nothing, ==, "");
}

static void
check_box_member (JsonObject *object,
                  int         width,
                  int         height)
{
  JsonObject *box = json_object_get_object_member (object, "box");
  JsonArray *bbox = json_object_get_array_member (object, "bbox");
  double x = json_object_get_double_member (box, "x");
  double w = json_object_get_double_member (box, "width");

  g_assert_cmpuint (json_array_get_length (bbox), ==, 4);
  g_assert_cmpint (json_array_get_int_element (bbox, 0), ==, (int) (x * width + 0.5));
  g_assert_cmpint (json_array_get_int_element (bbox, 2), ==, (int) ((x + w) * width + 0.5));
  g_assert_cmpint (json_array_get_int_element (bbox, 3), <=, height);
}

static void
validate_json (const char *path)
{
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "..", "docs", "airgap-json.schema.json", NULL);
  const char *argv[] = {
    "/usr/bin/python3", "-c",
    "import json, sys\n"
    "try:\n"
    "    import jsonschema\n"
    "except ImportError:\n"
    "    print('no-jsonschema'); sys.exit(0)\n"
    "schema = json.load(open(sys.argv[1]))\n"
    "jsonschema.Draft202012Validator.check_schema(schema)\n"
    "jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2], encoding='utf-8')))\n"
    "print('valid')\n",
    schema, path, NULL
  };
  g_autofree char *out = NULL;
  int status = -1;

  out = run (argv, &status);
  if (out == NULL)
    return;
  if (g_str_has_prefix (out, "no-jsonschema"))
    {
      g_test_skip ("python3-jsonschema is not installed: the output is not checked against the schema");
      return;
    }
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "valid\n");
}

static void
test_json (void)
{
  g_autoptr(AgRecognition) chinese = make_chinese ();
  g_autoptr(AgRecognition) english = make_english ();
  g_autofree char *json = export_string (chinese, AG_EXPORT_FORMAT_JSON, AG_EXPORT_FLAGS_KEEP_LINES);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path_cjk = NULL;
  g_autofree char *path_eng = NULL;
  JsonObject *root, *page, *block, *line, *word, *region;
  JsonArray *pages, *blocks, *regions, *languages;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "airgap-recognition");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  languages = json_object_get_array_member (root, "languages");
  g_assert_cmpuint (json_array_get_length (languages), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (languages, 0), ==, "chi_sim");
  g_assert_cmpstr (json_object_get_string_member (root, "text"), ==,
                   "离线文字识别\n保护你的文件。\n\n第二段落在这里\n");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "engines"), 0),
                   ==, "tesseract");

  pages = json_object_get_array_member (root, "pages");
  g_assert_cmpuint (json_array_get_length (pages), ==, 1);
  page = json_array_get_object_element (pages, 0);
  g_assert_cmpint (json_object_get_int_member (page, "width"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (page, "height"), ==, 1400);
  g_assert_cmpfloat (json_object_get_double_member (page, "dpi"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (page, "source"), ==, "ocr");

  blocks = json_object_get_array_member (page, "blocks");
  g_assert_cmpuint (json_array_get_length (blocks), ==, 2);
  block = json_array_get_object_element (blocks, 1);
  g_assert_cmpint (json_object_get_int_member (block, "region"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (block, "text"), ==, "第二段落在这里");
  check_box_member (block, 1000, 1400);
  line = json_array_get_object_element (json_object_get_array_member (block, "lines"), 0);
  g_assert_cmpstr (json_object_get_string_member (line, "text"), ==, "第二段落在这里");
  word = json_array_get_object_element (json_object_get_array_member (line, "words"), 1);
  g_assert_cmpstr (json_object_get_string_member (word, "text"), ==, "二");
  g_assert_cmpfloat (json_object_get_double_member (word, "confidence"), ==, 94);
  check_box_member (word, 1000, 1400);
  /* The second character starts 42 pixels after the first, at 100. */
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (word, "bbox"), 0), ==, 142);

  regions = json_object_get_array_member (page, "regions");
  g_assert_cmpuint (json_array_get_length (regions), ==, 2);
  region = json_array_get_object_element (regions, 1);
  g_assert_cmpint (json_object_get_int_member (region, "index"), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (region, "blocks"), 0), ==, 1);

  /* Quotes, a form feed and joined lines survive the trip. */
  {
    g_autofree char *english_json = export_string (english, AG_EXPORT_FORMAT_JSON, AG_EXPORT_FLAGS_NONE);
    g_autoptr(JsonParser) english_parser = json_parser_new ();
    JsonObject *english_root;

    g_assert_true (json_parser_load_from_data (english_parser, english_json, -1, &error));
    g_assert_no_error (error);
    english_root = json_node_get_object (json_parser_get_root (english_parser));
    g_assert_cmpstr (json_object_get_string_member (english_root, "text"), ==,
                     "Quarterly report of the hyphenated north office\n"
                     "Fish & <chips> \"cost\" 5'\n\fSecond page starts here\n");
    /* Numbers as they are meant: no 0.10000000000000001. */
    g_assert_null (strstr (english_json, "0000000"));
    g_assert_nonnull (strstr (english_json, "\"x\": 0.1,"));
  }

  path_cjk = write_file (chinese, AG_EXPORT_FORMAT_JSON, AG_EXPORT_FLAGS_NONE, "chinese.json");
  validate_json (path_cjk);
  path_eng = write_file (english, AG_EXPORT_FORMAT_JSON, AG_EXPORT_FLAGS_JOIN_LINES, "english.json");
  validate_json (path_eng);
}

/* The layout in JSON and hOCR: kinds, levels, alignment, a table's grid
 * and cells, each cell's lines. */
static void
test_structure_json_hocr (void)
{
  g_autoptr(AgRecognition) structured = make_structured ();
  g_autofree char *json = export_string (structured, AG_EXPORT_FORMAT_JSON, AG_EXPORT_FLAGS_NONE);
  g_autofree char *hocr = export_string (structured, AG_EXPORT_FORMAT_HOCR, AG_EXPORT_FLAGS_NONE);
  g_autofree char *path = write_file (structured, AG_EXPORT_FORMAT_JSON, AG_EXPORT_FLAGS_NONE, "structured.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *page, *block, *cell;
  JsonArray *blocks, *cells, *lines;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  page = json_array_get_object_element (json_object_get_array_member (root, "pages"), 0);
  g_assert_cmpstr (json_object_get_string_member (page, "text"), ==,
                   "关于做好冬季安全生产工作的通知\n"
                   "入冬以来，气温持续下降，安全生产形势较为严峻。\n"
                   "物品清单\t\n序号\t名称\n1\tCopy paper\n"
                   "一、加强隐患排查");
  blocks = json_object_get_array_member (page, "blocks");
  block = json_array_get_object_element (blocks, 0);
  g_assert_cmpstr (json_object_get_string_member (block, "kind"), ==, "heading");
  g_assert_cmpint (json_object_get_int_member (block, "level"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (block, "align"), ==, "center");
  block = json_array_get_object_element (blocks, 1);
  g_assert_cmpstr (json_object_get_string_member (block, "kind"), ==, "paragraph");
  g_assert_false (json_object_has_member (block, "level"));
  g_assert_cmpfloat (json_object_get_double_member (block, "indent"), ==, 0.04);
  block = json_array_get_object_element (blocks, 2);
  g_assert_cmpstr (json_object_get_string_member (block, "kind"), ==, "table");
  g_assert_cmpint (json_object_get_int_member (block, "rows"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (block, "columns"), ==, 2);
  cells = json_object_get_array_member (block, "cells");
  g_assert_cmpuint (json_array_get_length (cells), ==, 5);
  cell = json_array_get_object_element (cells, 0);
  g_assert_cmpint (json_object_get_int_member (cell, "column_span"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (cell, "text"), ==, "物品清单");
  cell = json_array_get_object_element (cells, 4);
  g_assert_cmpint (json_object_get_int_member (cell, "row"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (cell, "column"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (cell, "text"), ==, "Copy paper");
  lines = json_object_get_array_member (cell, "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 1);
  g_assert_cmpint (json_array_get_int_element (lines, 0), ==, 4);
  check_box_member (cell, 1000, 1400);
  validate_json (path);

  /* hOCR: the heading's kind and level, a table of cells. */
  g_assert_nonnull (strstr (hocr, "x_kind heading 1; x_align center"));
  g_assert_nonnull (strstr (hocr, "<div class='ocr_table' id='block_1_3'"));
  g_assert_nonnull (strstr (hocr, "x_table 3 2"));
  g_assert_nonnull (strstr (hocr, "<div class='ocrx_block' id='cell_1_3_1'"));
  g_assert_nonnull (strstr (hocr, "; x_cell 0 0 1 2\">"));
  g_assert_nonnull (strstr (hocr, "; x_cell 2 1 1 1\">"));
  g_assert_nonnull (strstr (hocr, "<p class='ocr_par' id='par_1_3_5'"));
}

static void
test_hocr (void)
{
  g_autoptr(AgRecognition) english = make_english ();
  g_autoptr(AgRecognition) chinese = make_chinese ();
  g_autofree char *path_eng = write_file (english, AG_EXPORT_FORMAT_HOCR, AG_EXPORT_FLAGS_NONE, "english.hocr");
  g_autofree char *path_cjk = write_file (chinese, AG_EXPORT_FORMAT_HOCR, AG_EXPORT_FLAGS_NONE, "chinese.hocr");
  /* Read with a real XML parser, as an hOCR tool would: every page's
   * box, then every word with its title. */
  const char *argv[] = {
    "/usr/bin/python3", "-c",
    "import sys, xml.dom.minidom\n"
    "for path in sys.argv[1:]:\n"
    "    doc = xml.dom.minidom.parse(path)\n"
    "    for el in doc.getElementsByTagName('div') + doc.getElementsByTagName('span'):\n"
    "        cls = el.getAttribute('class')\n"
    "        if cls == 'ocr_page':\n"
    "            print('page', el.getAttribute('title'))\n"
    "        elif cls == 'ocrx_word':\n"
    "            print('word', el.firstChild.data if el.firstChild else '', '|', el.getAttribute('title'))\n",
    path_eng, path_cjk, NULL
  };
  g_autofree char *out = NULL;
  int status = -1;

  out = run (argv, &status);
  if (out == NULL)
    return;
  g_assert_cmpint (status, ==, 0);

  g_assert_nonnull (strstr (out, "page bbox 0 0 1000 1400; ppageno 0; scan_res 200 200\n"));
  g_assert_nonnull (strstr (out, "page bbox 0 0 1000 1400; ppageno 1; scan_res 200 200\n"));
  /* "Quarterly" is 9 characters of 20 pixels at (100, 100). */
  g_assert_nonnull (strstr (out, "word Quarterly | bbox 100 100 280 140; x_wconf 95\n"));
  g_assert_nonnull (strstr (out, "word & | bbox"));
  g_assert_nonnull (strstr (out, "word <chips> | bbox"));
  g_assert_nonnull (strstr (out, "word \"cost\" | bbox"));
  g_assert_nonnull (strstr (out, "word 5' | bbox"));
  g_assert_nonnull (strstr (out, "word 离 | bbox 100 100 140 140; x_wconf 95\n"));
  g_assert_nonnull (strstr (out, "word 这 | bbox"));
}

/* The ODT zip: `mimetype` first, stored, without an extra field, so that
 * its content is at byte 38 where `file` and other tools look. */
static char *
check_odt_package (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;
  zip_t *zip;
  zip_stat_t st;
  zip_file_t *entry;
  char *content;
  int error = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 100);
  g_assert_cmpmem (data, 4, "PK\003\004", 4);
  g_assert_cmpmem (data + 30, 8, "mimetype", 8);
  g_assert_cmpmem (data + 38, 39, "application/vnd.oasis.opendocument.text", 39);

  zip = zip_open (path, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  g_assert_nonnull (zip);
  g_assert_cmpstr (zip_get_name (zip, 0, 0), ==, "mimetype");
  g_assert_cmpint (zip_stat_index (zip, 0, 0, &st), ==, 0);
  g_assert_cmpint (st.comp_method, ==, ZIP_CM_STORE);
  for (guint i = 0; i < 4; i++)
    {
      const char *names[] = { "META-INF/manifest.xml", "content.xml", "styles.xml", "meta.xml" };

      g_assert_cmpint (zip_name_locate (zip, names[i], 0), >, 0);
    }

  g_assert_cmpint (zip_stat (zip, "content.xml", 0, &st), ==, 0);
  content = g_malloc0 (st.size + 1);
  entry = zip_fopen (zip, "content.xml", 0);
  g_assert_nonnull (entry);
  g_assert_cmpint (zip_fread (entry, content, st.size), ==, (zip_int64_t) st.size);
  zip_fclose (entry);

  g_assert_cmpint (zip_stat (zip, "meta.xml", 0, &st), ==, 0);
  entry = zip_fopen (zip, "meta.xml", 0);
  {
    g_autofree char *meta = g_malloc0 (st.size + 1);

    g_assert_cmpint (zip_fread (entry, meta, st.size), ==, (zip_int64_t) st.size);
    g_assert_nonnull (strstr (meta, "<meta:generator>Airgap/" PACKAGE_VERSION "</meta:generator>"));
  }
  zip_fclose (entry);
  zip_close (zip);

  return content;
}

static char *
read_zip_entry (const char *path,
                const char *name)
{
  zip_t *zip = zip_open (path, ZIP_RDONLY, NULL);
  zip_stat_t st;
  zip_file_t *entry;
  char *data;

  g_assert_nonnull (zip);
  g_assert_cmpint (zip_stat (zip, name, 0, &st), ==, 0);
  data = g_malloc0 (st.size + 1);
  entry = zip_fopen (zip, name, 0);
  g_assert_cmpint (zip_fread (entry, data, st.size), ==, (zip_int64_t) st.size);
  zip_fclose (entry);
  zip_close (zip);

  return data;
}

static void
test_odt (void)
{
  g_autoptr(AgRecognition) english = make_english ();
  g_autoptr(AgRecognition) chinese = make_chinese ();
  g_autofree char *dir = g_build_filename (ag_test_get_tmpdir (), "odt", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autofree char *profile_arg = NULL;
  g_autofree char *path_eng = write_file (english, AG_EXPORT_FORMAT_ODT, AG_EXPORT_FLAGS_KEEP_LINES, "english.odt");
  g_autofree char *path_joined = write_file (english, AG_EXPORT_FORMAT_ODT, AG_EXPORT_FLAGS_JOIN_LINES, "joined.odt");
  g_autofree char *path_cjk = write_file (chinese, AG_EXPORT_FORMAT_ODT, AG_EXPORT_FLAGS_KEEP_LINES, "chinese.odt");
  g_autofree char *content_eng = check_odt_package (path_eng);
  g_autofree char *content_joined = check_odt_package (path_joined);
  g_autofree char *content_cjk = check_odt_package (path_cjk);
  g_autofree char *styles_cjk = read_zip_entry (path_cjk, "styles.xml");
  g_autofree char *styles_eng = read_zip_entry (path_eng, "styles.xml");
  g_autofree char *out = NULL;
  int status = -1;

  /* What is written: escaped text, kept lines, a page break. */
  g_assert_nonnull (strstr (content_eng, "hyph-<text:line-break/>enated"));
  g_assert_nonnull (strstr (content_eng, "Fish &amp; &lt;chips&gt; &quot;cost&quot; 5&apos;"));
  g_assert_nonnull (strstr (content_eng, "fo:break-before=\"page\""));
  /* The second page's first paragraph has a style that breaks the page. */
  {
    g_autoptr(GRegex) regex = g_regex_new ("<text:p text:style-name=\"(P[0-9]+)\">Second page", 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    g_autofree char *name = NULL;
    g_autofree char *style = NULL;

    g_assert_true (g_regex_match (regex, content_eng, 0, &match));
    name = g_match_info_fetch (match, 1);
    style = g_strdup_printf ("<style:style style:name=\"%s\" style:family=\"paragraph\""
                             " style:parent-style-name=\"Text_20_body\">\n"
                             "   <style:paragraph-properties fo:break-before=\"page\"/>", name);
    g_assert_nonnull (strstr (content_eng, style));
  }
  g_assert_nonnull (strstr (content_joined, "hyphenated north office"));
  g_assert_null (strstr (content_joined, "text:line-break"));
  g_assert_nonnull (strstr (content_cjk, "离线文字识别<text:line-break/>保护你的文件。"));
  /* Chinese gets a CJK font and its language. */
  g_assert_nonnull (strstr (styles_cjk, "style:font-name-asian=\"Noto Sans CJK SC\""));
  g_assert_nonnull (strstr (styles_cjk, "style:language-asian=\"zh\" style:country-asian=\"CN\""));
  g_assert_nonnull (strstr (styles_cjk, "fo:language=\"en\" fo:country=\"US\""));
  g_assert_nonnull (strstr (styles_eng, "fo:language=\"en\" fo:country=\"US\""));
  g_assert_nonnull (strstr (styles_eng, "style:font-name-complex="));

  /* LibreOffice opens them with the same text: one conversion for all
   * three, as it takes seconds to start. */
  if (!g_file_test ("/usr/bin/soffice", G_FILE_TEST_IS_EXECUTABLE) &&
      g_find_program_in_path ("soffice") == NULL)
    {
      g_test_skip ("LibreOffice is not installed");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  profile_arg = g_strconcat ("-env:UserInstallation=file://", profile, NULL);
  {
    const char *argv[] = {
      "soffice", profile_arg, "--headless", "--norestore",
      "--convert-to", "txt:Text (encoded):UTF8", "--outdir", out_dir,
      path_eng, path_joined, path_cjk, NULL
    };

    g_autofree char *first = g_build_filename (out_dir, "english.txt", NULL);

    /* On its first start with a new profile LibreOffice may restart
     * itself and drop the conversion: then once more. */
    for (guint attempt = 0; attempt < 2 && !g_file_test (first, G_FILE_TEST_EXISTS); attempt++)
      {
        g_free (out);
        out = run (argv, &status);
        if (out == NULL)
          return;
      }
  }

  {
    const char *names[] = { "english.txt", "joined.txt", "chinese.txt" };
    const char *expected[] = {
      "Quarterly report of the hyph-\nenated north office\nFish & <chips> \"cost\" 5'\nSecond page starts here",
      "Quarterly report of the hyphenated north office\nFish & <chips> \"cost\" 5'\nSecond page starts here",
      "离线文字识别\n保护你的文件。\n第二段落在这里",
    };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *txt_path = g_build_filename (out_dir, names[i], NULL);
        g_autofree char *text = NULL;
        g_autofree char *got = NULL;
        g_autofree char *want = NULL;

        if (!g_file_get_contents (txt_path, &text, NULL, NULL))
          g_error ("LibreOffice did not convert %s: %s", names[i], out);
        got = squeeze (text);
        want = squeeze (expected[i]);
        g_assert_cmpstr (got, ==, want);
        g_test_message ("LibreOffice read %s as: %s", names[i], text);
      }
  }

  /* As LibreOffice lays them out: the page break makes a second page,
   * and Chinese is set in a CJK font. */
  {
    const char *argv[] = {
      "soffice", profile_arg, "--headless", "--norestore",
      "--convert-to", "pdf", "--outdir", out_dir, path_eng, path_cjk, NULL
    };
    g_autofree char *pdf_eng = g_build_filename (out_dir, "english.pdf", NULL);
    g_autofree char *pdf_cjk = g_build_filename (out_dir, "chinese.pdf", NULL);
    const char *info[] = { "pdfinfo", pdf_eng, NULL };
    const char *fonts[] = { "pdffonts", pdf_cjk, NULL };
    g_autofree char *info_out = NULL;
    g_autofree char *fonts_out = NULL;

    g_clear_pointer (&out, g_free);
    out = run (argv, &status);
    if (out == NULL)
      return;
    info_out = run (info, &status);
    if (info_out == NULL)
      return;
    g_assert_true (g_regex_match_simple ("^Pages: +2$", info_out, G_REGEX_MULTILINE, 0));
    fonts_out = run (fonts, &status);
    g_test_message ("%s", fonts_out);
    g_assert_nonnull (strstr (fonts_out, "NotoSansCJK"));
  }
}

/* Searchable PDF */

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  int status = -1;
  char *out = run (argv, &status);

  if (out != NULL)
    g_assert_cmpint (status, ==, 0);
  return out;
}

/* "W x H" in points of page @page, as pdfinfo says. */
static char *
pdf_page_size (const char *path,
               guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdfinfo", "-f", number, "-l", number, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *key = g_strdup_printf ("Page %4u size:", page);
  const char *line;
  int status = -1;

  out = run (argv, &status);
  if (out == NULL)
    return NULL;
  g_assert_cmpint (status, ==, 0);

  line = strstr (out, key);
  g_assert_nonnull (line);
  line += strlen (key);
  while (*line == ' ')
    line++;
  return g_strndup (line, strstr (line, " pts") - line);
}

static char *
pdf_images (const char *path)
{
  const char *argv[] = { "pdfimages", "-list", path, NULL };
  int status = -1;
  char *out = run (argv, &status);

  if (out != NULL)
    g_assert_cmpint (status, ==, 0);
  return out;
}

/* The file's structure, as qpdf checks it: objects, cross-reference
 * table, streams. */
static void
check_pdf_structure (const char *path)
{
  const char *argv[] = { "qpdf", "--check", path, NULL };
  g_autofree char *out = NULL;
  int status = -1;

  out = run (argv, &status);
  if (out == NULL)
    return;
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "No syntax or stream encoding errors found"));
}

static void
test_pdf_text_only (void)
{
  g_autoptr(AgRecognition) english = make_english ();
  g_autoptr(AgRecognition) chinese = make_chinese ();
  g_autofree char *path_eng = write_file (english, AG_EXPORT_FORMAT_PDF, 0, "english.pdf");
  g_autofree char *path_cjk = write_file (chinese, AG_EXPORT_FORMAT_PDF, 0, "chinese.pdf");
  g_autofree char *text_eng = pdf_text (path_eng);
  g_autofree char *text_cjk = NULL;
  g_autofree char *size = NULL;
  g_autofree char *got = NULL;

  if (text_eng == NULL)
    return;
  g_test_message ("pdftotext: %s", text_eng);

  /* Words and their spaces as recognised, pages apart (pdftotext mends
   * the hyphen itself). */
  g_assert_nonnull (strstr (text_eng, "Quarterly report of the hyphenated north office\n"));
  g_assert_nonnull (strstr (text_eng, "Fish & <chips> \"cost\" 5'\n"));
  g_assert_nonnull (strstr (text_eng, "\fSecond page starts here\n"));

  text_cjk = pdf_text (path_cjk);
  g_test_message ("pdftotext: %s", text_cjk);
  got = squeeze (text_cjk);
  g_assert_cmpstr (got, ==, "离线文字识别保护你的文件。第二段落在这里");
  /* No spaces inside Chinese lines. */
  g_assert_nonnull (strstr (text_cjk, "离线文字识别\n"));

  check_pdf_structure (path_eng);
  check_pdf_structure (path_cjk);

  /* 1000 × 1400 pixels at 200 dpi. */
  size = pdf_page_size (path_eng, 2);
  g_assert_cmpstr (size, ==, "360 x 504");
}

/* An image page: the picture is in the PDF, at the size its resolution
 * gives, with the text over it. */
static void
test_pdf_image (void)
{
  g_autofree char *png = ag_test_render_text_png ("Invisible words here", "DejaVu Sans 20", 150);
  g_autoptr(GFile) file = g_file_new_for_path (png);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_autoptr(AgRecognition) recognition = ag_recognition_new ("eng");
  g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), "image.pdf", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *size = NULL;
  g_autofree char *images = NULL;
  g_autofree char *expected_size = NULL;
  g_autofree char *expected_image = NULL;
  AgRecognitionPage *page;
  AgBlock *block;
  int width, height;

  if (document == NULL)
    {
      g_test_skip_printf ("Images cannot be opened yet: %s", error->message);
      return;
    }

  {
    g_autoptr(AgBitmap) bitmap = ag_page_render (ag_document_get_page (document, 0), 0,
                                                 AG_BITMAP_FORMAT_RGBA8, NULL, &error);

    g_assert_no_error (error);
    width = ag_bitmap_get_width (bitmap);
    height = ag_bitmap_get_height (bitmap);
  }

  /* Recognised without knowing the resolution: 300 dpi is assumed. */
  page = ag_recognition_page_new (0, width, height, 0, AG_RECOGNITION_SOURCE_OCR);
  block = ag_block_new (-1);
  {
    /* The words where the picture has them: inside the margin of a
     * third of an inch, the three side by side. */
    AgLine *line = ag_line_new ();
    const char *words[] = { "Invisible", "words", "here" };
    double margin = 50, x = margin, step = (width - 2 * margin) / 20.0;

    ag_rect_from_pixels (&line->box, width, height, margin, margin, width - 2 * margin, height - 2 * margin);
    for (guint i = 0; i < 3; i++)
      {
        AgRect box;
        double w = step * strlen (words[i]);

        ag_rect_from_pixels (&box, width, height, x, margin, w, height - 2 * margin);
        g_ptr_array_add (line->words, ag_word_new (words[i], &box, 90));
        x += w + step;
      }
    block->box = line->box;
    g_ptr_array_add (block->lines, line);
  }
  g_ptr_array_add (page->blocks, block);
  ag_recognition_take_page (recognition, page);

  g_assert_true (ag_export_write (recognition, document, AG_EXPORT_FORMAT_PDF, 0, out, NULL, &error));
  g_assert_no_error (error);

  text = pdf_text (path);
  if (text == NULL)
    return;
  g_assert_true (g_str_has_prefix (text, "Invisible words here\n"));

  size = pdf_page_size (path, 1);
  expected_size = g_strdup_printf ("%g x %g", width * 72 / 300.0, height * 72 / 300.0);
  g_assert_cmpstr (size, ==, expected_size);

  /* Black text on white is kept without loss, in grey. */
  images = pdf_images (path);
  expected_image = g_strdup_printf ("   1     0 image    %4d  %4d  gray    1   8  image", width, height);
  g_test_message ("%s", images);
  g_assert_nonnull (strstr (images, expected_image));

  /* A photo is a JPEG in colour. */
  {
    g_autofree char *photo = g_build_filename (ag_test_get_tmpdir (), "photo.png", NULL);
    g_autofree char *photo_pdf = g_build_filename (ag_test_get_tmpdir (), "photo.pdf", NULL);
    g_autoptr(GFile) photo_file = g_file_new_for_path (photo);
    g_autoptr(GFile) photo_out = g_file_new_for_path (photo_pdf);
    g_autoptr(AgDocument) photo_document = NULL;
    g_autoptr(AgRecognition) photo_recognition = ag_recognition_new ("eng");
    g_autofree char *photo_images = NULL;
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 200);
    cairo_t *cr = cairo_create (surface);
    cairo_pattern_t *gradient = cairo_pattern_create_linear (0, 0, 300, 200);

    cairo_pattern_add_color_stop_rgb (gradient, 0, 0.9, 0.3, 0.1);
    cairo_pattern_add_color_stop_rgb (gradient, 1, 0.1, 0.4, 0.8);
    cairo_set_source (cr, gradient);
    cairo_paint (cr);
    cairo_pattern_destroy (gradient);
    cairo_destroy (cr);
    g_assert_cmpint (cairo_surface_write_to_png (surface, photo), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (surface);

    photo_document = ag_document_new_from_file (photo_file, NULL, NULL, &error);
    g_assert_no_error (error);
    ag_recognition_take_page (photo_recognition,
                              ag_recognition_page_new (0, 300, 200, 0, AG_RECOGNITION_SOURCE_OCR));
    g_assert_true (ag_export_write (photo_recognition, photo_document, AG_EXPORT_FORMAT_PDF, 0,
                                    photo_out, NULL, &error));
    g_assert_no_error (error);
    photo_images = pdf_images (photo_pdf);
    g_assert_nonnull (strstr (photo_images, "   1     0 image     300   200  rgb     3   8  jpeg"));
    check_pdf_structure (photo_pdf);
  }
}

/* A PDF page keeps its size whatever the resolution it was read at. */
static void
test_pdf_from_pdf (void)
{
  g_autofree char *input = g_build_filename (ag_test_get_tmpdir (), "input.pdf", NULL);
  g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), "output.pdf", NULL);
  g_autoptr(GFile) input_file = g_file_new_for_path (input);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognition) recognition = ag_recognition_new ("chi_sim");
  g_autofree char *text = NULL;
  g_autofree char *size1 = NULL;
  g_autofree char *size2 = NULL;
  g_autofree char *got = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  /* A4 then US Letter landscape, with some ink. */
  surface = cairo_pdf_surface_create (input, 595, 842);
  cr = cairo_create (surface);
  cairo_rectangle (cr, 100, 100, 200, 50);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_pdf_surface_set_size (surface, 792, 612);
  cairo_rectangle (cr, 100, 100, 200, 50);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  document = ag_document_new_from_file (input_file, NULL, NULL, &error);
  if (document == NULL)
    {
      g_test_skip_printf ("PDFs cannot be opened yet: %s", error->message);
      return;
    }
  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      /* Recognised at 300 dpi. */
      AgRecognitionPage *page = ag_recognition_page_new (i, i == 0 ? 2479 : 3300, i == 0 ? 3508 : 2550,
                                                         300, AG_RECOGNITION_SOURCE_OCR);

      g_ptr_array_add (page->blocks, make_block (-1, 100, TRUE, i == 0 ? "第一页" : "第二页", NULL));
      ag_recognition_take_page (recognition, page);
    }

  g_assert_true (ag_export_write (recognition, document, AG_EXPORT_FORMAT_PDF, 0, out, NULL, &error));
  g_assert_no_error (error);

  text = pdf_text (path);
  if (text == NULL)
    return;
  got = squeeze (text);
  g_assert_cmpstr (got, ==, "第一页第二页");

  size1 = pdf_page_size (path, 1);
  size2 = pdf_page_size (path, 2);
  check_pdf_structure (path);
  g_assert_cmpstr (size1, ==, "595 x 842");
  g_assert_cmpstr (size2, ==, "792 x 612");
}

/* Saving */

static char *
make_dir (const char *name)
{
  char *dir = g_build_filename (ag_test_get_tmpdir (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
assert_file_contents (const char *path,
                      const char *expected)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
}

static void
test_save_keeps_mode (void)
{
  g_autoptr(AgRecognition) english = make_english ();
  g_autofree char *dir = make_dir ("mode");
  g_autofree char *path = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *link = g_build_filename (dir, "link.txt", NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh.txt", NULL);
  g_autofree char *expected = export_string (english, AG_EXPORT_FORMAT_TEXT, AG_EXPORT_FLAGS_NONE);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) link_file = g_file_new_for_path (link);
  g_autoptr(GFile) fresh_file = g_file_new_for_path (fresh);
  g_autoptr(GError) error = NULL;
  struct stat st;
  mode_t mask;

  g_assert_true (g_file_set_contents (path, "old content", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);

  g_assert_true (ag_export_write (english, NULL, AG_EXPORT_FORMAT_TEXT, 0, file, NULL, &error));
  g_assert_no_error (error);
  assert_file_contents (path, expected);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  /* No temporary file is left behind. */
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* Through a symbolic link: the link stays, its target changes. */
  g_assert_cmpint (symlink ("secret.txt", link), ==, 0);
  g_assert_true (g_file_set_contents (path, "old content", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (ag_export_write (english, NULL, AG_EXPORT_FORMAT_TEXT, 0, link_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  assert_file_contents (path, expected);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* A new file gets the usual mode. */
  mask = umask (022);
  umask (mask);
  g_assert_true (ag_export_write (english, NULL, AG_EXPORT_FORMAT_TEXT, 0, fresh_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fresh, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0666 & ~mask);
}

/* A recognition whose text is about @size bytes. */
static AgRecognition *
make_big (gsize size)
{
  AgRecognition *recognition = ag_recognition_new ("eng");
  AgRecognitionPage *page = make_page (0);
  AgBlock *block = ag_block_new (-1);

  for (gsize n = 0; n < size; n += 60)
    {
      AgLine *line = make_line ("a line of text that is written over and over again", 100, FALSE);

      g_ptr_array_add (block->lines, line);
    }
  g_ptr_array_add (page->blocks, block);
  ag_recognition_take_page (recognition, page);

  return recognition;
}

static char *
mount_tmpfs (const char *name,
             const char *options)
{
  g_autofree char *dir = make_dir (name);

  if (!can_mount)
    {
      g_test_skip ("No mount namespace of its own: cannot make a small disk for the test");
      return NULL;
    }
  if (mount ("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
    {
      g_test_skip_printf ("Cannot mount a tmpfs: %s", g_strerror (errno));
      return NULL;
    }

  return g_steal_pointer (&dir);
}

static void
test_save_disk_full (void)
{
  g_autoptr(AgRecognition) big = make_big (1024 * 1024);
  g_autofree char *dir = mount_tmpfs ("full", "size=64k,mode=0755");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  if (dir == NULL)
    return;

  path = g_build_filename (dir, "report.odt", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  g_assert_false (ag_export_write (big, NULL, AG_EXPORT_FORMAT_TEXT, 0, file, NULL, &error));
  g_assert_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_NO_SPACE);
  g_assert_true (g_str_has_prefix (error->message, "The disk is full"));
  g_assert_nonnull (strstr (error->message, "report.odt"));
  g_test_message ("%s", error->message);

  /* The old file is whole, with its mode, and nothing else is left. */
  assert_file_contents (path, "the old report");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
}

static void
test_save_read_only (void)
{
  g_autoptr(AgRecognition) english = make_english ();
  g_autofree char *dir = mount_tmpfs ("readonly", "size=64k,mode=0755");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = NULL;

  if (dir == NULL)
    return;

  path = g_build_filename (dir, "notes.txt", NULL);
  other_path = g_build_filename (dir, "new.odt", NULL);
  file = g_file_new_for_path (path);
  other = g_file_new_for_path (other_path);
  g_assert_true (g_file_set_contents (path, "old notes", -1, NULL));
  g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL), ==, 0);

  g_assert_false (ag_export_write (english, NULL, AG_EXPORT_FORMAT_TEXT, 0, file, NULL, &error));
  g_assert_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_PERMISSION);
  g_assert_true (g_str_has_prefix (error->message, "You cannot write to “"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  assert_file_contents (path, "old notes");

  g_assert_false (ag_export_write (english, NULL, AG_EXPORT_FORMAT_ODT, 0, other, NULL, &error));
  g_assert_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_PERMISSION);
  g_assert_false (g_file_test (other_path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
}

static void
test_save_errors (void)
{
  g_autoptr(AgRecognition) english = make_english ();
  g_autofree char *dir = make_dir ("errors");
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "a.txt", NULL);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GFile) dir_file = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;

  g_assert_false (ag_export_write (english, NULL, AG_EXPORT_FORMAT_TEXT, 0, missing_file, NULL, &error));
  g_assert_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_clear_error (&error);

  g_assert_false (ag_export_write (english, NULL, AG_EXPORT_FORMAT_TEXT, 0, dir_file, NULL, &error));
  g_assert_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "is a folder"));
  g_clear_error (&error);

  /* Without root, a file the user may not write is refused and kept. */
  if (getuid () != 0)
    {
      g_autofree char *locked = g_build_filename (dir, "locked.txt", NULL);
      g_autoptr(GFile) locked_file = g_file_new_for_path (locked);

      g_assert_true (g_file_set_contents (locked, "keep me", -1, NULL));
      g_assert_cmpint (g_chmod (locked, 0444), ==, 0);
      g_assert_false (ag_export_write (english, NULL, AG_EXPORT_FORMAT_TEXT, 0, locked_file, NULL, &error));
      g_assert_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_PERMISSION);
      assert_file_contents (locked, "keep me");
    }
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} AsyncResult;

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *async = user_data;

  async->ok = ag_export_write_finish (result, &async->error);
  g_main_loop_quit (async->loop);
}

static void
replaced_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncResult *async = user_data;

  async->ok = ag_export_replace_file_finish (result, &async->error);
  g_main_loop_quit (async->loop);
}

static void
test_save_async (void)
{
  g_autoptr(AgRecognition) chinese = make_chinese ();
  g_autofree char *dir = make_dir ("async");
  g_autofree char *path = g_build_filename (dir, "chinese.odt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult async = { loop, FALSE, NULL };
  g_autofree char *content = NULL;

  ag_export_write_async (chinese, NULL, AG_EXPORT_FORMAT_ODT, 0, file, NULL, written_cb, &async);
  g_main_loop_run (loop);
  g_assert_no_error (async.error);
  g_assert_true (async.ok);
  content = check_odt_package (path);
  g_assert_nonnull (strstr (content, "第二段落在这里"));

  /* Cancelled: an error, and the file that was there stays. */
  g_assert_true (g_file_set_contents (path, "kept", -1, NULL));
  g_cancellable_cancel (cancellable);
  ag_export_write_async (chinese, NULL, AG_EXPORT_FORMAT_ODT, 0, file, cancellable, written_cb, &async);
  g_main_loop_run (loop);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (async.ok);
  g_clear_error (&async.error);
  assert_file_contents (path, "kept");
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* Text the user edited, saved the same safe way: the mode stays. */
  {
    g_autoptr(GBytes) edited = g_bytes_new_static ("edited text\n", 12);
    struct stat st;

    g_assert_cmpint (g_chmod (path, 0600), ==, 0);
    ag_export_replace_file_async (file, edited, NULL, replaced_cb, &async);
    g_main_loop_run (loop);
    g_assert_no_error (async.error);
    g_assert_true (async.ok);
    assert_file_contents (path, "edited text\n");
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  }
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The structure in ODT and DOCX as written, as LibreOffice reads it back
 * (through HTML), and the DOCX as python-docx reads it. */
static void
test_structure_documents (void)
{
  g_autoptr(AgRecognition) structured = make_structured ();
  g_autofree char *dir = g_build_filename (ag_test_get_tmpdir (), "structure", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "out", NULL);
  g_autofree char *profile = g_build_filename (dir, "profile", NULL);
  g_autofree char *profile_arg = NULL;
  g_autofree char *odt = write_file (structured, AG_EXPORT_FORMAT_ODT, AG_EXPORT_FLAGS_NONE, "structured.odt");
  g_autofree char *docx = write_file (structured, AG_EXPORT_FORMAT_DOCX, AG_EXPORT_FLAGS_NONE, "structured-docx.docx");
  g_autofree char *content = check_odt_package (odt);
  g_autofree char *document = read_zip_entry (docx, "word/document.xml");
  g_autofree char *styles = read_zip_entry (docx, "word/styles.xml");
  g_autofree char *types = read_zip_entry (docx, "[Content_Types].xml");
  g_autofree char *out = NULL;
  int status = -1;

  /* ODT: headings with outline levels, the indent, a table with borders
   * whose first row is one cell over two columns, a page break. */
  g_assert_nonnull (strstr (content, "text:outline-level=\"1\">关于做好冬季安全生产工作的通知</text:h>"));
  g_assert_nonnull (strstr (content, "text:outline-level=\"2\">一、加强隐患排查</text:h>"));
  g_assert_nonnull (strstr (content, "fo:text-align=\"center\""));
  g_assert_nonnull (strstr (content, "fo:text-indent=\""));
  g_assert_nonnull (strstr (content, "<table:table table:name=\"Table1\""));
  g_assert_nonnull (strstr (content, "table:number-columns-spanned=\"2\""));
  g_assert_cmpuint (count (content, "<table:covered-table-cell/>"), ==, 1);
  g_assert_cmpuint (count (content, "<table:table-row>"), ==, 3);
  g_assert_nonnull (strstr (content, "fo:border=\"0.5pt solid #000000\""));
  g_assert_nonnull (strstr (content, "fo:break-before=\"page\""));

  /* DOCX: the same, in Word's terms. */
  g_assert_nonnull (strstr (types, "wordprocessingml.document.main+xml"));
  g_assert_nonnull (strstr (document, "<w:pStyle w:val=\"Heading1\"/>"));
  g_assert_nonnull (strstr (document, "<w:pStyle w:val=\"Heading2\"/>"));
  g_assert_nonnull (strstr (document, "<w:jc w:val=\"center\"/>"));
  g_assert_nonnull (strstr (document, "w:firstLineChars=\""));
  g_assert_nonnull (strstr (document, "<w:gridSpan w:val=\"2\"/>"));
  g_assert_nonnull (strstr (document, "<w:insideV w:val=\"single\""));
  g_assert_nonnull (strstr (document, "<w:pageBreakBefore/>"));
  g_assert_nonnull (strstr (styles, "w:eastAsia=\"SimSun\""));
  g_assert_nonnull (strstr (styles, "w:eastAsia=\"zh-CN\""));
  g_assert_nonnull (strstr (styles, "<w:name w:val=\"heading 1\"/>"));

  /* python-docx reads the headings, the paragraphs and the table. */
  {
    const char *argv[] = {
      "/usr/bin/python3", "-c",
      "import sys\n"
      "try:\n"
      "    import docx\n"
      "except ImportError:\n"
      "    print('no python3-docx'); sys.exit(0)\n"
      "d = docx.Document(sys.argv[1])\n"
      "for p in d.paragraphs:\n"
      "    if p.text.strip(): print('P', p.style.name, p.text, sep='|')\n"
      "for t in d.tables:\n"
      "    for r in t.rows: print('R', *[c.text for c in r.cells], sep='|')\n",
      docx, NULL
    };

    out = run (argv, &status);
    g_assert_cmpint (status, ==, 0);
    g_test_message ("python-docx read: %s", out);
    if (g_str_has_prefix (out, "no python3-docx"))
      g_test_message ("python3-docx is not installed: not read back");
    else
      {
        g_assert_nonnull (strstr (out, "P|Heading 1|关于做好冬季安全生产工作的通知\n"));
        g_assert_nonnull (strstr (out, "P|Normal|入冬以来，气温持续下降，安全生产形势较为严峻。\n"));
        g_assert_nonnull (strstr (out, "P|Heading 2|一、加强隐患排查\n"));
        g_assert_nonnull (strstr (out, "R|物品清单|物品清单\nR|序号|名称\nR|1|Copy paper\n"));
      }
  }

  if (!g_file_test ("/usr/bin/soffice", G_FILE_TEST_IS_EXECUTABLE) &&
      g_find_program_in_path ("soffice") == NULL)
    {
      g_test_skip ("LibreOffice is not installed");
      return;
    }

  /* LibreOffice opens both: as HTML, headings, paragraphs and a table of
   * three rows, its first cell over two columns. */
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0700), ==, 0);
  profile_arg = g_strconcat ("-env:UserInstallation=file://", profile, NULL);
  {
    const char *argv[] = {
      "soffice", profile_arg, "--headless", "--norestore",
      "--convert-to", "html", "--outdir", out_dir, odt, docx, NULL
    };
    g_autofree char *first = g_build_filename (out_dir, "structured.html", NULL);

    for (guint attempt = 0; attempt < 2 && !g_file_test (first, G_FILE_TEST_EXISTS); attempt++)
      {
        g_free (out);
        out = run (argv, &status);
        if (out == NULL)
          return;
      }
  }

  {
    const char *names[] = { "structured.html", "structured-docx.html" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (out_dir, names[i], NULL);
        g_autofree char *html = NULL;
        g_autofree char *flat = NULL;

        if (!g_file_get_contents (path, &html, NULL, NULL))
          g_error ("LibreOffice did not convert %s: %s", names[i], out);
        flat = squeeze (html);
        g_test_message ("LibreOffice made %s", names[i]);
        g_assert_cmpuint (count (html, "<h1"), ==, 1);
        g_assert_cmpuint (count (html, "<h2"), ==, 1);
        g_assert_cmpuint (count (html, "<table"), ==, 1);
        g_assert_cmpuint (count (html, "<tr"), ==, 3);
        g_assert_cmpuint (count (html, "colspan=\"2\""), ==, 1);
        g_assert_nonnull (strstr (flat, "入冬以来，气温持续下降，安全生产形势较为严峻。"));
        g_assert_nonnull (strstr (flat, "物品清单"));
        g_assert_nonnull (strstr (flat, "Copypaper"));
      }
  }
}

/* The clipboard's text/html: headings, paragraphs, a table; a table on
 * its own for "Copy Table". */
static void
test_html (void)
{
  g_autoptr(AgRecognition) structured = make_structured ();
  g_autofree char *html = ag_export_dup_html (structured, AG_EXPORT_FLAGS_NONE);
  g_autofree char *kept = ag_export_dup_html (structured, AG_EXPORT_FLAGS_KEEP_LINES);
  AgRecognitionPage *page = ag_recognition_get_page (structured, 0);
  g_autofree char *table = ag_export_dup_block_html (page, g_ptr_array_index (page->blocks, 2), AG_EXPORT_FLAGS_NONE);

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (html, "<h1 style=\"text-align:center;\">关于做好冬季安全生产工作的通知</h1>"));
  g_assert_nonnull (strstr (html, "<h2>一、加强隐患排查</h2>"));
  g_assert_nonnull (strstr (html, "<p style=\"text-indent:"));
  g_assert_nonnull (strstr (html, "em;\">入冬以来，气温持续下降，安全生产形势较为严峻。</p>"));
  g_assert_nonnull (strstr (html, "<tr><td colspan=\"2\">物品清单</td></tr>\n<tr><td>序号</td><td>名称</td></tr>"));
  g_assert_nonnull (strstr (html, "<p style=\"page-break-before:always;\">第二页</p>"));
  g_assert_nonnull (strstr (kept, "入冬以来，气温持续下降，<br>安全生产形势较为严峻。"));

  g_assert_nonnull (strstr (table, "<table border=\"1\""));
  g_assert_null (strstr (table, "<h1"));
  g_assert_cmpuint (count (table, "<tr>"), ==, 3);
}

/* The tables as a spreadsheet: a sheet each, numbers as numbers, merged
 * cells merged; pages without a table say so. */
static void
test_ods (void)
{
  g_autoptr(AgRecognition) structured = make_structured ();
  g_autoptr(AgRecognition) english = make_english ();
  g_autofree char *path = write_file (structured, AG_EXPORT_FORMAT_ODS, AG_EXPORT_FLAGS_NONE, "tables.ods");
  g_autofree char *content = read_zip_entry (path, "content.xml");
  g_autofree char *mimetype = read_zip_entry (path, "mimetype");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) none = NULL;
  AgExportFormat format;

  g_assert_true (ag_export_format_from_name ("x.ODS", &format));
  g_assert_cmpint (format, ==, AG_EXPORT_FORMAT_ODS);
  g_assert_true (ag_export_format_from_name ("x.docx", &format));
  g_assert_cmpint (format, ==, AG_EXPORT_FORMAT_DOCX);

  g_assert_cmpstr (mimetype, ==, "application/vnd.oasis.opendocument.spreadsheet");
  g_assert_cmpuint (count (content, "<table:table "), ==, 1);
  g_assert_nonnull (strstr (content, "table:name=\"Page 1, table 1\""));
  g_assert_nonnull (strstr (content, "table:number-columns-spanned=\"2\" office:value-type=\"string\"><text:p>物品清单"));
  g_assert_nonnull (strstr (content, "office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p>"));
  g_assert_nonnull (strstr (content, "office:value-type=\"string\"><text:p>Copy paper</text:p>"));
  g_assert_nonnull (strstr (content, "<table:covered-table-cell/>"));
  /* Not a word of the text around the table. */
  g_assert_null (strstr (content, "入冬以来"));

  none = ag_export_to_bytes (english, NULL, AG_EXPORT_FORMAT_ODS, AG_EXPORT_FLAGS_NONE, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_NO_TABLE);

  /* LibreOffice Calc reads the sheet: its cells as CSV. */
  if (!g_file_test ("/usr/lib/libreoffice/program/libsclo.so", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("LibreOffice Calc is not installed");
      return;
    }
  {
    g_autofree char *dir = g_build_filename (ag_test_get_tmpdir (), "ods", NULL);
    g_autofree char *profile_arg = g_strconcat ("-env:UserInstallation=file://", dir, "/profile", NULL);
    g_autofree char *csv_path = g_build_filename (dir, "tables.csv", NULL);
    g_autofree char *csv = NULL;
    g_autofree char *out = NULL;
    int status = -1;
    const char *argv[] = {
      "soffice", profile_arg, "--headless", "--norestore",
      "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, path, NULL
    };

    for (guint attempt = 0; attempt < 2 && !g_file_test (csv_path, G_FILE_TEST_EXISTS); attempt++)
      {
        g_free (out);
        out = run (argv, &status);
        if (out == NULL)
          return;
      }
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_nonnull (strstr (csv, "物品清单,\n序号,名称\n1,Copy paper"));
  }
}

int
main (int   argc,
      char *argv[])
{
  /* Before any thread exists: a mount namespace for this process only,
   * so the tmpfs of the tests disappear with it whatever happens. */
  can_mount = getuid () == 0 && unshare (CLONE_NEWNS) == 0 &&
              mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/format-names", test_format_names);
  g_test_add_func ("/export/text", test_text);
  g_test_add_func ("/export/json", test_json);
  g_test_add_func ("/export/hocr", test_hocr);
  g_test_add_func ("/export/structure/json-hocr", test_structure_json_hocr);
  g_test_add_func ("/export/structure/odt-docx", test_structure_documents);
  g_test_add_func ("/export/ods", test_ods);
  g_test_add_func ("/export/html", test_html);
  g_test_add_func ("/export/odt", test_odt);
  g_test_add_func ("/export/pdf/text-only", test_pdf_text_only);
  g_test_add_func ("/export/pdf/image", test_pdf_image);
  g_test_add_func ("/export/pdf/from-pdf", test_pdf_from_pdf);
  g_test_add_func ("/export/save/keeps-mode", test_save_keeps_mode);
  g_test_add_func ("/export/save/disk-full", test_save_disk_full);
  g_test_add_func ("/export/save/read-only", test_save_read_only);
  g_test_add_func ("/export/save/errors", test_save_errors);
  g_test_add_func ("/export/save/async", test_save_async);

  return g_test_run ();
}
