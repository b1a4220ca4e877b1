/* test-codes.c — QR codes and barcodes on a page
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "ag-core.h"
#include "ag-test-pdf.h"
#include "ag-test-util.h"
#include "recognize/codes/ag-codes.h"

#define DPI 200.0

static const char *chinese_payload = "会议纪要 2024年5月18日 https://example.org/minutes?id=42&lang=zh";
static const char *url_payload = "https://example.org/photo?code=7";

/* Whether the build reads codes and @program (the maker of a fixture)
 * is installed; otherwise the test is skipped. */
static gboolean
can_make (const char *program)
{
  g_autofree char *path = NULL;

  if (!ag_codes_available ())
    {
      g_test_skip ("built without zxing-cpp");
      return FALSE;
    }

  path = g_find_program_in_path (program);
  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed", program);

      g_test_skip (message);
      return FALSE;
    }

  return TRUE;
}

/* Runs @argv (a fixture maker) and returns the path it wrote, @name in
 * the test folder, which the arguments name as {}. */
static char *
make (const char  *name,
      const char  *first,
      ...)
{
  g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), name, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strcmp0 (arg, "{}") == 0 ? g_strdup (path) : g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (ag_test_get_tmpdir (), (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", (char *) argv->pdata[0], err);

  return g_steal_pointer (&path);
}

static AgRecognition *
recognize_with (const char         *path,
                AgRecognizeOptions *options)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = ag_document_new_from_file (file, NULL, NULL, &error);
  AgRecognition *recognition;

  g_assert_no_error (error);
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  return recognition;
}

static AgRecognition *
recognize (const char *path)
{
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();

  ag_recognize_options_set_languages (options, "eng");
  return recognize_with (path, options);
}

/* The first code block of the first page, checked to be @symbology and
 * to hold exactly @payload. */
static AgBlock *
assert_code (AgRecognition *recognition,
             const char    *symbology,
             const char    *payload)
{
  AgRecognitionPage *page = ag_recognition_get_page (recognition, 0);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);
      g_autofree char *text = NULL;

      if (block->kind != AG_BLOCK_KIND_CODE)
        continue;

      text = ag_block_dup_text (block, TRUE);
      g_assert_cmpstr (block->symbology, ==, symbology);
      g_assert_cmpstr (text, ==, payload);
      g_assert_true (ag_rect_is_valid (&block->box));
      return block;
    }

  g_error ("no %s on the page", symbology);
  return NULL;
}

static char *
make_qr (const char *name,
         const char *payload)
{
  return make (name, "qrencode", "-s", "6", "-o", "{}", payload, NULL);
}

/* A QR code alone (a screenshot of one): the page's text is its
 * payload, Chinese, spaces and URL exactly. */
static void
test_qr_chinese (void)
{
  g_autofree char *png = NULL;
  g_autoptr(AgRecognition) recognition = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  if (!can_make ("qrencode"))
    return;

  png = make_qr ("qr.png", chinese_payload);
  recognition = recognize (png);
  assert_code (recognition, "QRCode", chinese_payload);

  text = ag_recognition_dup_text (recognition);
  expected = g_strconcat (chinese_payload, "\n", NULL);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_code128 (void)
{
  g_autofree char *png = NULL;
  g_autoptr(AgRecognition) recognition = NULL;
  g_autofree char *text = NULL;

  if (!can_make ("zint"))
    return;

  png = make ("code128.png", "zint", "-b", "20", "-o", "{}", "-d", "AIRGAP-128-xyz", NULL);
  recognition = recognize (png);
  assert_code (recognition, "Code128", "AIRGAP-128-xyz");

  /* The text printed under the bars is the same payload, not read twice. */
  text = ag_recognition_dup_text (recognition);
  g_assert_cmpstr (text, ==, "AIRGAP-128-xyz\n");
}

static void
test_ean13 (void)
{
  g_autofree char *png = NULL;
  g_autoptr(AgRecognition) recognition = NULL;

  if (!can_make ("zint"))
    return;

  /* zint adds the check digit. */
  png = make ("ean13.png", "zint", "-b", "13", "-o", "{}", "-d", "590123412345", NULL);
  recognition = recognize (png);
  assert_code (recognition, "EAN-13", "5901234123457");
}

static void
test_rotated (void)
{
  g_autofree char *qr = NULL;
  g_autofree char *png = NULL;
  g_autoptr(AgRecognition) recognition = NULL;

  if (!can_make ("qrencode") || !can_make ("convert"))
    return;

  qr = make_qr ("straight.png", chinese_payload);
  png = make ("rotated.png", "convert", qr, "-background", "white", "-rotate", "33", "{}", NULL);
  recognition = recognize (png);
  assert_code (recognition, "QRCode", chinese_payload);
}

/* A code on a grainy, shaded background, slightly turned in perspective,
 * blurred and saved as a JPEG: a photo of a poster. */
static void
test_photo (void)
{
  g_autofree char *qr = NULL;
  g_autofree char *jpeg = NULL;
  g_autoptr(AgRecognition) recognition = NULL;

  if (!can_make ("qrencode") || !can_make ("convert"))
    return;

  qr = make ("small.png", "qrencode", "-s", "8", "-o", "{}", url_payload, NULL);
  jpeg = make ("photo.jpg", "convert",
               "-size", "900x700", "gradient:#c9b08a-#6b5a40",
               "-seed", "7",
               "(", "-size", "900x700", "xc:", "+noise", "Random", "-channel", "G", "-separate",
               "-blur", "0x1", ")", "-compose", "overlay", "-composite",
               "(", qr, "-virtual-pixel", "white", "+distort", "Perspective",
               "0,0 10,20  297,0 280,5  0,297 0,290  297,297 290,280", ")",
               "-geometry", "+300+200", "-compose", "over", "-composite",
               "-attenuate", "0.4", "+noise", "Gaussian", "-blur", "0x1", "-quality", "85",
               "{}", NULL);
  recognition = recognize (jpeg);
  assert_code (recognition, "QRCode", url_payload);
}

/* A 12-megapixel photo is searched reduced (ag-codes.c): a code of
 * 6 pixels a module is found on it all the same, where it is, on the
 * whole page and in a part of it. */
static void
test_huge_page (void)
{
  const double x = 3100, y = 2200, width = 4000, height = 3000;
  g_autofree char *qr = NULL;
  g_autofree char *png = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) part = NULL;
  g_autoptr(GError) error = NULL;
  const AgRect lower_right = { 0.25, 0.25, 0.75, 0.75 };
  int side;

  if (!can_make ("qrencode") || !can_make ("convert"))
    return;

  qr = make_qr ("huge-qr.png", url_payload);
  png = make ("huge.png", "convert", "-size", "4000x3000", "xc:white", qr,
              "-geometry", "+3100+2200", "-composite", "{}", NULL);
  document = ag_test_open_path (png);
  bitmap = ag_page_render (ag_document_get_page (document, 0), 0, AG_BITMAP_FORMAT_RGBA8, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, (int) width);
  {
    g_autoptr(AgDocument) code = ag_test_open_path (qr);
    double code_width, code_height;

    ag_page_get_size (ag_document_get_page (code, 0), &code_width, &code_height);
    side = (int) code_width;
  }

  whole = ag_codes_read (bitmap, NULL, -1);
  part = ag_codes_read (bitmap, &lower_right, 3);
  for (guint i = 0; i < 2; i++)
    {
      GPtrArray *found = i == 0 ? whole : part;
      AgBlock *code;
      g_autofree char *text = NULL;

      g_assert_cmpuint (found->len, ==, 1);
      code = g_ptr_array_index (found, 0);
      text = ag_block_dup_text (code, TRUE);
      g_assert_cmpstr (text, ==, url_payload);
      g_assert_cmpint (code->region, ==, i == 0 ? -1 : 3);
      /* The symbol, inside the picture's quiet zone, to a reduced pixel
       * or two. */
      g_assert_cmpfloat (code->box.x, >=, (x - 2) / width);
      g_assert_cmpfloat (code->box.y, >=, (y - 2) / height);
      g_assert_cmpfloat (code->box.x + code->box.width, <=, (x + side + 2) / width);
      g_assert_cmpfloat (code->box.y + code->box.height, <=, (y + side + 2) / height);
      g_assert_cmpfloat (code->box.width, >, 0.7 * side / width);
      g_assert_cmpfloat (code->box.height, >, 0.7 * side / height);
    }
}

static const char *letter =
  "Please scan the code below to join the meeting.\n"
  "The minutes are kept on this computer only.";

/* A page of text with a code on it: the text is read as before, the
 * code is a block after it, and nothing is read from its modules. */
static char *
make_page_with_code (const char *body,
                     const char *font,
                     const char *name)
{
  g_autofree char *qr_name = g_strconcat (name, "-qr.png", NULL);
  g_autofree char *qr = make_qr (qr_name, chinese_payload);
  cairo_surface_t *text = ag_test_render_text (body, font, DPI);
  cairo_surface_t *code = cairo_image_surface_create_from_png (qr);
  int width = cairo_image_surface_get_width (text);
  int height = cairo_image_surface_get_height (text);
  int code_side = cairo_image_surface_get_width (code);
  cairo_surface_t *page = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (width, code_side + 200),
                                                      height + code_side + 100);
  cairo_t *cr = cairo_create (page);
  g_autofree char *file_name = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (ag_test_get_tmpdir (), file_name, NULL);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, text, 0, 0);
  cairo_paint (cr);
  cairo_set_source_surface (cr, code, 100, height + 50);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (page, path), ==, CAIRO_STATUS_SUCCESS);

  cairo_surface_destroy (page);
  cairo_surface_destroy (code);
  cairo_surface_destroy (text);
  return path;
}

static char *
make_letter (void)
{
  return make_page_with_code (letter, "DejaVu Sans 12", "letter");
}

static void
test_text_and_code (void)
{
  g_autofree char *png = NULL;
  g_autoptr(AgRecognition) recognition = NULL;
  AgRecognitionPage *page;
  AgBlock *code;
  g_autoptr(GString) text = g_string_new (NULL);
  guint searches, taken, taken_now;

  if (!can_make ("qrencode"))
    return;

  png = make_letter ();
  searches = _ag_codes_get_n_searches (&taken);
  recognition = recognize (png);
  page = ag_recognition_get_page (recognition, 0);
  code = assert_code (recognition, "QRCode", chinese_payload);
  g_assert_true (g_ptr_array_index (page->blocks, page->blocks->len - 1) == code);
  /* The page was searched once, while it was read, and what was found
   * then is what the page has. */
  g_assert_cmpuint (_ag_codes_get_n_searches (&taken_now), ==, searches + 1);
  g_assert_cmpuint (taken_now, ==, taken + 1);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);
      g_autofree char *one = NULL;

      if (block->kind == AG_BLOCK_KIND_CODE)
        continue;
      /* No text block reaches into the code. */
      g_assert_cmpfloat (block->box.y + block->box.height, <, code->box.y);
      one = ag_block_dup_text (block, FALSE);
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", one);
    }
  g_assert_cmpfloat (ag_test_cer (text->str, letter, FALSE), <, 0.05);
}

/* The exporters mark a code and keep its payload exactly; Chinese
 * conversion leaves it alone. */
/* Exactly one code block on the first page. */
static void
assert_one_code (AgRecognition *recognition)
{
  AgRecognitionPage *page = ag_recognition_get_page (recognition, 0);
  guint n_codes = 0;

  assert_code (recognition, "QRCode", chinese_payload);
  for (guint b = 0; b < page->blocks->len; b++)
    if (((AgBlock *) g_ptr_array_index (page->blocks, b))->kind == AG_BLOCK_KIND_CODE)
      n_codes++;
  g_assert_cmpuint (n_codes, ==, 1);
}

/* The automatic languages on an English desktop read a page with
 * English first and keep that reading for an English page, or read a
 * Chinese page again in Chinese: either way its code is found once, on
 * the reading kept. */
static void
test_automatic_chinese (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *png = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autofree char *english_png = NULL;
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(AgRecognition) english = NULL;
  AgRecognitionPage *page;

  if (!can_make ("qrencode"))
    return;

  png = make_page_with_code ("各部门要组织力量对重点部位开展全面检查，对发现的问题建立台账。\n"
                             "检查完成后报安全生产办公室，并抄送后勤处。",
                             "Noto Sans CJK SC 12", "chinese-letter");
  g_setenv ("LANGUAGE", "en", TRUE);
  ag_recognize_options_set_languages (options, AG_LANGUAGES_AUTO);
  recognition = recognize_with (png, options);
  english_png = make_letter ();
  english = recognize_with (english_png, options);
  g_setenv ("LANGUAGE", saved != NULL ? saved : "", TRUE);

  page = ag_recognition_get_page (recognition, 0);
  g_test_message ("note: %s", page->note);
  g_assert_true (g_str_has_prefix (page->note, "Read as Simplified Chinese."));
  assert_one_code (recognition);

  page = ag_recognition_get_page (english, 0);
  g_test_message ("note: %s", page->note);
  g_assert_true (g_str_has_prefix (page->note, "Read as English."));
  assert_one_code (english);
}

static void
test_export (void)
{
  g_autofree char *png = NULL;
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) hocr = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *hocr_text = NULL;
  g_autofree char *escaped = NULL;
  JsonArray *blocks;
  JsonObject *block = NULL;

  if (!can_make ("qrencode"))
    return;

  png = make_letter ();
  recognition = recognize (png);
  g_assert_true (ag_convert_recognition (recognition, AG_CONVERSION_S2T, &error));
  g_assert_no_error (error);

  json = ag_export_to_bytes (recognition, NULL, AG_EXPORT_FORMAT_JSON, AG_EXPORT_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error));
  g_assert_no_error (error);
  blocks = json_object_get_array_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "pages"), 0),
    "blocks");
  for (guint b = 0; b < json_array_get_length (blocks); b++)
    {
      JsonObject *one = json_array_get_object_element (blocks, b);

      if (g_strcmp0 (json_object_get_string_member (one, "kind"), "code") == 0)
        block = one;
      else
        {
          g_assert_cmpstr (json_object_get_string_member (one, "kind"), !=, "code");
          g_assert_false (json_object_has_member (one, "symbology"));
        }
    }
  g_assert_nonnull (block);
  g_assert_cmpstr (json_object_get_string_member (block, "symbology"), ==, "QRCode");
  g_assert_cmpstr (json_object_get_string_member (block, "text"), ==, chinese_payload);

  hocr = ag_export_to_bytes (recognition, NULL, AG_EXPORT_FORMAT_HOCR, AG_EXPORT_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  hocr_text = g_strndup (g_bytes_get_data (hocr, NULL), g_bytes_get_size (hocr));
  g_assert_nonnull (strstr (hocr_text, "class='ocrx_block'"));
  g_assert_nonnull (strstr (hocr_text, "; x_code QRCode\""));
  escaped = g_markup_escape_text (chinese_payload, -1);
  g_assert_nonnull (strstr (hocr_text, escaped));
}

/* With regions, only the codes inside them, as blocks of their region. */
static void
test_regions (void)
{
  g_autofree char *png = NULL;
  g_autoptr(AgRecognition) outside = NULL;
  g_autoptr(AgRecognition) inside = NULL;
  g_autoptr(AgRecognizeOptions) text_only = ag_recognize_options_new ();
  g_autoptr(AgRecognizeOptions) with_code = ag_recognize_options_new ();
  g_autoptr(AgRegion) top = ag_region_new (0, 0, 0, 1, 0.3);
  g_autoptr(AgRegion) bottom = ag_region_new (0, 0, 0.3, 1, 0.7);
  AgRecognitionPage *page;

  if (!can_make ("qrencode"))
    return;

  png = make_letter ();
  ag_recognize_options_set_languages (text_only, "eng");
  ag_recognize_options_add_region (text_only, top);
  outside = recognize_with (png, text_only);
  page = ag_recognition_get_page (outside, 0);
  for (guint b = 0; b < page->blocks->len; b++)
    g_assert_cmpint (((AgBlock *) g_ptr_array_index (page->blocks, b))->kind, !=, AG_BLOCK_KIND_CODE);

  ag_recognize_options_set_languages (with_code, "eng");
  ag_recognize_options_add_region (with_code, top);
  ag_recognize_options_add_region (with_code, bottom);
  inside = recognize_with (png, with_code);
  g_assert_cmpint (assert_code (inside, "QRCode", chinese_payload)->region, ==, 1);
}

/* Where a picture of @side points at @x, @y points lies on an A4 page,
 * in fractions of it. */
static void
assert_near_area (const AgRect *box,
                  double        x,
                  double        y,
                  double        side,
                  double        tolerance)
{
  g_assert_cmpfloat_with_epsilon (box->x, x / 595, tolerance);
  g_assert_cmpfloat_with_epsilon (box->y, y / 842, tolerance);
  g_assert_cmpfloat_with_epsilon (box->width, side / 595, 2 * tolerance);
  g_assert_cmpfloat_with_epsilon (box->height, side / 842, 2 * tolerance);
}

/* A PDF page with a text layer is read from its text, without rendering
 * it; a QR code pasted into it as a picture is found all the same, where
 * it is, and a page without pictures gets no code. */
static void
test_pdf_text_layer (void)
{
  const double x = 380, y = 560, side = 150;
  g_autofree char *qr = NULL;
  g_autofree char *with_code = NULL;
  g_autofree char *plain = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(GArray) areas = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(AgRecognition) text_only = NULL;
  g_autofree char *text = NULL;
  AgRecognitionPage *page;
  AgBlock *code;

  if (!can_make ("qrencode"))
    return;

  qr = make_qr ("pdf-qr.png", chinese_payload);
  with_code = ag_test_make_pdf_with_picture (letter, qr, x, y, side);
  plain = ag_test_make_pdf_with_picture (letter, NULL, 0, 0, 0);

  /* Poppler says where the picture is without drawing the page. */
  file = g_file_new_for_path (with_code);
  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ag_page_has_text_layer (ag_document_get_page (document, 0)));
  areas = ag_page_dup_image_areas (ag_document_get_page (document, 0));
  g_assert_cmpuint (areas->len, ==, 1);
  assert_near_area (&g_array_index (areas, AgRect, 0), x, y, side, 0.002);

  recognition = recognize (with_code);
  page = ag_recognition_get_page (recognition, 0);
  g_assert_cmpint (page->source, ==, AG_RECOGNITION_SOURCE_TEXT_LAYER);
  code = assert_code (recognition, "QRCode", chinese_payload);
  g_assert_true (g_ptr_array_index (page->blocks, page->blocks->len - 1) == code);
  /* The code's box is the symbol inside the picture's white margin. */
  g_assert_cmpfloat (code->box.x, >=, x / 595);
  g_assert_cmpfloat (code->box.y, >=, y / 842);
  g_assert_cmpfloat (code->box.x + code->box.width, <=, (x + side) / 595);
  g_assert_cmpfloat (code->box.y + code->box.height, <=, (y + side) / 842);
  g_assert_cmpfloat (code->box.width, >, 0.7 * side / 595);
  text = ag_recognition_dup_text (recognition);
  g_assert_true (g_str_has_prefix (text, "Please scan the code below"));

  /* The same letter without the code: its text, and nothing else. */
  text_only = recognize (plain);
  page = ag_recognition_get_page (text_only, 0);
  g_assert_cmpint (page->source, ==, AG_RECOGNITION_SOURCE_TEXT_LAYER);
  for (guint b = 0; b < page->blocks->len; b++)
    g_assert_cmpint (((AgBlock *) g_ptr_array_index (page->blocks, b))->kind, !=, AG_BLOCK_KIND_CODE);
  g_clear_object (&file);
  g_clear_object (&document);
  g_clear_pointer (&areas, g_array_unref);
  file = g_file_new_for_path (plain);
  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  areas = ag_page_dup_image_areas (ag_document_get_page (document, 0));
  g_assert_cmpuint (areas->len, ==, 0);
}

/* With regions on a text-layer page: the code only in a region that
 * holds its picture, as a block of that region. */
static void
test_pdf_text_layer_regions (void)
{
  g_autofree char *qr = NULL;
  g_autofree char *pdf = NULL;
  g_autoptr(AgRecognition) outside = NULL;
  g_autoptr(AgRecognition) inside = NULL;
  g_autoptr(AgRecognizeOptions) text_only = ag_recognize_options_new ();
  g_autoptr(AgRecognizeOptions) with_code = ag_recognize_options_new ();
  g_autoptr(AgRegion) top = ag_region_new (0, 0, 0, 1, 0.3);
  g_autoptr(AgRegion) bottom = ag_region_new (0, 0, 0.5, 1, 0.5);
  AgRecognitionPage *page;

  if (!can_make ("qrencode"))
    return;

  qr = make_qr ("pdf-region-qr.png", url_payload);
  pdf = ag_test_make_pdf_with_picture (letter, qr, 380, 560, 150);

  ag_recognize_options_set_languages (text_only, "eng");
  ag_recognize_options_add_region (text_only, top);
  outside = recognize_with (pdf, text_only);
  page = ag_recognition_get_page (outside, 0);
  g_assert_cmpuint (page->blocks->len, >, 0);
  for (guint b = 0; b < page->blocks->len; b++)
    g_assert_cmpint (((AgBlock *) g_ptr_array_index (page->blocks, b))->kind, !=, AG_BLOCK_KIND_CODE);

  ag_recognize_options_set_languages (with_code, "eng");
  ag_recognize_options_add_region (with_code, top);
  ag_recognize_options_add_region (with_code, bottom);
  inside = recognize_with (pdf, with_code);
  g_assert_cmpint (assert_code (inside, "QRCode", url_payload)->region, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/codes/qr-chinese", test_qr_chinese);
  g_test_add_func ("/codes/code128", test_code128);
  g_test_add_func ("/codes/ean13", test_ean13);
  g_test_add_func ("/codes/rotated", test_rotated);
  g_test_add_func ("/codes/photo", test_photo);
  g_test_add_func ("/codes/huge-page", test_huge_page);
  g_test_add_func ("/codes/text-and-code", test_text_and_code);
  g_test_add_func ("/codes/automatic-chinese", test_automatic_chinese);
  g_test_add_func ("/codes/export", test_export);
  g_test_add_func ("/codes/regions", test_regions);
  g_test_add_func ("/codes/pdf-text-layer", test_pdf_text_layer);
  g_test_add_func ("/codes/pdf-text-layer-regions", test_pdf_text_layer_regions);

  return g_test_run ();
}
