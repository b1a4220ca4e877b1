/* test-columns.c — vertical text: columns, characters, reading order
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "recognize/ag-columns.h"
#include "ag-core.h"
#include "recognize/ag-engine-private.h"
#include "recognize/ag-languages-private.h"
#include "recognize/ag-orient.h"
#include "ag-test-util.h"

#define DPI 200.0

/* Two paragraphs each, written for this test; the first is long enough
 * for several columns and ends part-way down one. */
static const char *simplified =
  "春天来了，河边的柳树长出了嫩绿的新芽。孩子们在草地上放风筝，老人们坐在长椅上晒太阳。"
  "远处的山上开满了桃花，像一片粉红色的云。\n"
  "傍晚，炊烟从村子里升起来，母亲站在门口叫孩子们回家吃饭。";

/* From the Analects. */
static const char *traditional =
  "學而時習之，不亦說乎。有朋自遠方來，不亦樂乎。人不知而不慍，不亦君子乎。"
  "溫故而知新，可以為師矣。\n"
  "知之為知之，不知為不知，是知也。";

typedef struct
{
  cairo_surface_t *surface;
  int              n_columns;
  int              second_paragraph;   /* the column it starts in */
} Page;

/* Columns from right to left, characters from top to bottom, as vertical
 * text is typeset: Pango with east gravity, turned a quarter clockwise. */
static Page
render_vertical (const char *text,
                 const char *font)
{
  const int width = 560, height = 1000, margin = 60;
  Page page = { 0 };
  cairo_t *cr;
  PangoLayout *layout;
  PangoFontDescription *desc = pango_font_description_from_string (font);
  const char *paragraph = strchr (text, '\n');

  page.surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (page.surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_translate (cr, width - margin, margin);
  cairo_rotate (cr, G_PI / 2);

  layout = pango_cairo_create_layout (cr);
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), DPI);
  pango_context_set_base_gravity (pango_layout_get_context (layout), PANGO_GRAVITY_EAST);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (height - 2 * margin) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_cairo_show_layout (cr, layout);
  cairo_surface_flush (page.surface);

  page.n_columns = pango_layout_get_line_count (layout);
  for (int i = 0; i < page.n_columns; i++)
    if (paragraph != NULL &&
        pango_layout_get_line_readonly (layout, i)->start_index == paragraph + 1 - text)
      page.second_paragraph = i;
  /* The page must be wide enough for every column. */
  {
    int layout_height;

    pango_layout_get_pixel_size (layout, NULL, &layout_height);
    g_assert_cmpint (layout_height, <, width - 2 * margin);
  }

  pango_font_description_free (desc);
  g_object_unref (layout);
  cairo_destroy (cr);
  return page;
}

static AgBitmap *
bitmap_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint8 *grey = g_malloc ((gsize) width * height);
  g_autoptr(GBytes) bytes = NULL;
  AgBitmap *bitmap;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 argb = *(const guint32 *) (data + y * stride + 4 * x);

        grey[(gsize) y * width + x] = (((argb >> 16) & 0xff) + ((argb >> 8) & 0xff) + (argb & 0xff)) / 3;
      }

  bytes = g_bytes_new_take (grey, (gsize) width * height);
  bitmap = ag_bitmap_new (AG_BITMAP_FORMAT_GRAY8, width, height, width, bytes);
  ag_bitmap_set_dpi (bitmap, DPI);
  return bitmap;
}

static gboolean
have_languages (const char *languages)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *datapath = _ag_languages_dup_datapath (languages, &error);

  if (datapath == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s not installed", languages);

      g_test_skip (message);
      return FALSE;
    }
  return TRUE;
}

static int
count_characters (const char *text)
{
  int n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    n += *p != '\n';
  return n;
}

static void
check_columns (GPtrArray  *columns,
               const Page *page,
               const char *text)
{
  int cells = 0;

  g_assert_nonnull (columns);
  g_assert_cmpint (columns->len, ==, page->n_columns);

  for (guint i = 0; i < columns->len; i++)
    {
      AgColumn *column = g_ptr_array_index (columns, i);

      /* Right to left, and each column's characters top to bottom. */
      if (i > 0)
        g_assert_cmpint (column->x + column->width, <=,
                         ((AgColumn *) g_ptr_array_index (columns, i - 1))->x);
      for (guint k = 1; k < column->cells->len; k++)
        g_assert_cmpint (g_array_index (column->cells, AgColumnCell, k).y, >=,
                         g_array_index (column->cells, AgColumnCell, k - 1).y +
                         g_array_index (column->cells, AgColumnCell, k - 1).height);
      cells += column->cells->len;

      /* Paragraphs start where they start. */
      g_assert_cmpint (column->starts_paragraph, ==, i == 0 || (int) i == page->second_paragraph);
    }

  /* One cell a character: neither glued together nor broken apart. */
  g_assert_cmpint (ABS (cells - count_characters (text)), <=, 1);
}

static void
test_find (void)
{
  const struct { const char *text, *font; } cases[] = {
    { simplified, "Noto Serif CJK SC 14" },
    { traditional, "Noto Serif CJK TC 14" },
    { simplified, "Noto Sans CJK SC 11" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      Page page = render_vertical (cases[c].text, cases[c].font);
      PIX *pix = ag_test_pix_from_surface (page.surface);
      g_autoptr(GPtrArray) columns = _ag_columns_find (pix);
      double degrees = 1;
      PIX *straight = _ag_columns_deskew (pix, &degrees);

      g_test_message ("%s: %d columns", cases[c].font, page.n_columns);
      g_assert_cmpint (page.n_columns, >=, 4);
      check_columns (columns, &page, cases[c].text);

      /* Found to be vertical, however close the columns stand (half a
       * character apart for the first). */
      g_assert_true (_ag_orient_looks_vertical (pix));

      /* Straight columns stay as they are. */
      g_assert_null (straight);
      g_assert_cmpfloat (degrees, ==, 0);

      pixDestroy (&pix);
      cairo_surface_destroy (page.surface);
    }
}

static void
test_not_columns (void)
{
  cairo_surface_t *surface = ag_test_render_text ("离线文字识别不会上传任何文件。\n"
                                                  "机密文件只在自己的电脑上处理。\n"
                                                  "横排的文字不是竖排的列。",
                                                  "Noto Sans CJK SC 14", DPI);
  PIX *pix = ag_test_pix_from_surface (surface);
  g_autoptr(GPtrArray) columns = _ag_columns_find (pix);

  /* Lines of horizontal text are not columns: the engine reads such a
   * page as one block. */
  g_assert_null (columns);
  g_assert_false (_ag_orient_looks_vertical (pix));

  pixDestroy (&pix);
  cairo_surface_destroy (surface);
}

static void
test_leaning (void)
{
  Page page = render_vertical (traditional, "Noto Serif CJK TC 14");
  PIX *pix = ag_test_pix_from_surface (page.surface);
  PIX *leaning = pixRotate (pix, 3.0 * G_PI / 180.0, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
  g_autoptr(GPtrArray) columns = NULL;
  double degrees = 0;
  PIX *straight;

  /* Leaning 3°, the columns run into each other... */
  g_assert_null (_ag_columns_find (leaning));

  /* ...straightened, they are found again. */
  straight = _ag_columns_deskew (leaning, &degrees);
  g_assert_nonnull (straight);
  g_test_message ("straightened by %.2f°", degrees);
  g_assert_cmpfloat (fabs (degrees + 3.0), <, 0.5);
  g_assert_cmpint (pixGetWidth (straight), ==, pixGetWidth (leaning));
  columns = _ag_columns_find (straight);
  g_assert_nonnull (columns);
  g_assert_cmpint (columns->len, ==, page.n_columns);

  pixDestroy (&straight);
  pixDestroy (&leaning);
  pixDestroy (&pix);
  cairo_surface_destroy (page.surface);
}

static AgRecognition *
recognize (cairo_surface_t *surface,
           const char      *languages)
{
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(GError) error = NULL;
  AgRecognition *recognition;

  g_ptr_array_add (bitmaps, bitmap_from_surface (surface));
  ag_recognize_options_set_languages (options, languages);
  recognition = _ag_engine_recognize_bitmaps (ag_engine_get_default (), bitmaps, options, NULL, &error);
  g_assert_no_error (error);
  return recognition;
}

static void
check_reading (const char *text,
               const char *font,
               const char *languages,
               const char *first,
               const char *last)
{
  Page page = render_vertical (text, font);
  g_autoptr(AgRecognition) recognition = recognize (page.surface, languages);
  AgRecognitionPage *result = ag_recognition_get_page (recognition, 0);
  g_autofree char *read = ag_recognition_dup_text (recognition);
  double cer = ag_test_cer (read, text, TRUE);
  AgBlock *block;
  AgLine *line;
  AgWord *word;

  g_test_message ("%s CER %.3f: %s", languages, cer, read);
  g_assert_cmpfloat (cer, <, 0.05);

  /* Two paragraphs, as written: the columns right to left, one line
   * each. */
  g_assert_cmpuint (result->blocks->len, ==, 2);
  for (guint b = 0; b < result->blocks->len; b++)
    {
      block = g_ptr_array_index (result->blocks, b);
      g_assert_true (block->vertical);
      for (guint l = 1; l < block->lines->len; l++)
        {
          AgLine *right = g_ptr_array_index (block->lines, l - 1);
          AgLine *left = g_ptr_array_index (block->lines, l);

          g_assert_cmpfloat (left->box.x + left->box.width, <=, right->box.x);
          /* A column, not a line. */
          g_assert_cmpfloat (right->box.height * cairo_image_surface_get_height (page.surface), >,
                             3 * right->box.width * cairo_image_surface_get_width (page.surface));
        }
    }
  block = g_ptr_array_index (result->blocks, 0);
  g_assert_cmpuint (block->lines->len, ==, page.second_paragraph);

  /* The first word is at the top of the rightmost column, the last at
   * the bottom of the leftmost one; a word's box is that of its
   * characters (a character is 40 pixels here, Tesseract gives one or
   * two a word). */
  line = g_ptr_array_index (block->lines, 0);
  word = g_ptr_array_index (line->words, 0);
  g_assert_true (g_str_has_prefix (word->text, first));
  g_assert_cmpfloat (word->box.x, >, 0.75);
  g_assert_cmpfloat (word->box.y, <, 0.12);
  g_assert_cmpfloat (word->box.width * cairo_image_surface_get_width (page.surface), <, 45);
  g_assert_cmpfloat (word->box.height * cairo_image_surface_get_height (page.surface), <,
                     45 * g_utf8_strlen (word->text, -1));

  block = g_ptr_array_index (result->blocks, result->blocks->len - 1);
  line = g_ptr_array_index (block->lines, block->lines->len - 1);
  word = g_ptr_array_index (line->words, line->words->len - 1);
  g_assert_true (g_str_has_suffix (word->text, last) || g_str_has_suffix (word->text, "。"));
  g_assert_cmpfloat (word->box.x + word->box.width, <,
                     ((AgLine *) g_ptr_array_index (((AgBlock *) g_ptr_array_index (result->blocks, 0))->lines, 0))->box.x);

  cairo_surface_destroy (page.surface);
}

static void
test_read_simplified (void)
{
  if (!have_languages ("chi_sim_vert+chi_sim"))
    return;
  check_reading (simplified, "Noto Serif CJK SC 14", "chi_sim_vert", "春", "饭");
}

static void
test_read_traditional (void)
{
  if (!have_languages ("chi_tra_vert+chi_tra"))
    return;
  check_reading (traditional, "Noto Serif CJK TC 14", "chi_tra_vert", "學", "也");

  /* With English chosen too, the columns are still read as Chinese (the
   * LSTM with both took whole runs of them for English: 0.2). */
  if (have_languages ("eng"))
    check_reading (traditional, "Noto Serif CJK TC 14", "chi_tra_vert+eng", "學", "也");
}

/* Digits in vertical text are set on their side, and so are corner
 * brackets; cut into characters and set upright they were nonsense
 * ("六所六上" for 2024, 一 for 「 and 」).  (The Latin word is not always
 * read yet, so only the number and the brackets are checked.) */
static void
test_sideways_number (void)
{
  const char *text = "他在2024年用Tesseract识别了三百页竖排的古书，错误很少。"
                     "后来又用同样的方法整理了家谱，前后花了十二个星期。"
                     "「这本书」是祖父留下的。";
  Page page;
  g_autoptr(AgRecognition) recognition = NULL;
  g_autofree char *read = NULL;

  if (!have_languages ("chi_sim_vert+chi_sim"))
    return;

  page = render_vertical (text, "Noto Serif CJK SC 14");
  recognition = recognize (page.surface, "chi_sim_vert");
  read = ag_recognition_dup_text (recognition);
  g_test_message ("sideways number: %s", read);
  g_assert_nonnull (strstr (read, "2024"));
  g_assert_nonnull (strstr (read, "「这本书」"));

  cairo_surface_destroy (page.surface);
}

/* A region marked vertical reads as vertical whatever languages were
 * chosen: with 简体中文 + English, the vertical model reads it, not the
 * horizontal one (which gave "SEI See AK RO E ke"). */
static void
test_vertical_region_forced (void)
{
  const char *text = "离线文字识别不会上传任何文件，机密文件只在自己的电脑上处理。"
                     "竖排的古书也能识别，从右到左一列一列地读。";
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  AgRegion region = { .page = 0, .rect = { 0, 0, 1, 1 }, .vertical = TRUE };
  g_autofree char *read = NULL;
  Page page;
  double cer;

  if (!have_languages ("chi_sim_vert+chi_sim+eng"))
    return;

  page = render_vertical (text, "Noto Serif CJK SC 14");
  g_ptr_array_add (bitmaps, bitmap_from_surface (page.surface));
  ag_recognize_options_set_languages (options, "chi_sim+eng");
  ag_recognize_options_add_region (options, &region);
  recognition = _ag_engine_recognize_bitmaps (ag_engine_get_default (), bitmaps, options, NULL, &error);
  g_assert_no_error (error);

  read = ag_recognition_dup_text (recognition);
  cer = ag_test_cer (read, text, TRUE);
  g_test_message ("vertical region under chi_sim+eng: CER %.3f: %s", cer, read);
  g_assert_cmpfloat (cer, <, 0.05);

  cairo_surface_destroy (page.surface);
}

/* With only a vertical model chosen, a page of horizontal text is still
 * read as such, with the matching horizontal model. */
static void
test_horizontal_page (void)
{
  const char *text = "离线文字识别不会上传任何文件。\n"
                     "机密文件只在自己的电脑上处理。";
  cairo_surface_t *surface;
  g_autoptr(AgRecognition) recognition = NULL;
  g_autofree char *read = NULL;
  AgRecognitionPage *page;
  double cer;

  if (!have_languages ("chi_sim_vert+chi_sim"))
    return;

  surface = ag_test_render_text (text, "Noto Sans CJK SC 14", DPI);
  recognition = recognize (surface, "chi_sim_vert");
  read = ag_recognition_dup_text (recognition);
  cer = ag_test_cer (read, text, TRUE);
  g_test_message ("horizontal page, chi_sim_vert: CER %.3f: %s", cer, read);
  g_assert_cmpfloat (cer, <, 0.05);

  page = ag_recognition_get_page (recognition, 0);
  for (guint b = 0; b < page->blocks->len; b++)
    g_assert_false (((AgBlock *) g_ptr_array_index (page->blocks, b))->vertical);

  cairo_surface_destroy (surface);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The corpus's vertical pages, opened and read as the window does. */
static void
test_corpus (void)
{
  const char *corpus = ag_test_get_corpus ();
  g_autofree char *manifest_path = NULL;
  g_autofree char *manifest = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  double median;

  if (corpus == NULL)
    {
      g_test_skip ("no corpus ($AIRGAP_CORPUS)");
      return;
    }
  if (!have_languages ("chi_sim_vert+chi_sim+chi_tra_vert+chi_tra"))
    return;

  manifest_path = g_build_filename (corpus, "manifest.tsv", NULL);
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, NULL));
  rows = g_strsplit (manifest, "\n", -1);

  for (guint i = 1; rows[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[i], "\t", -1);
      g_autofree char *image = NULL;
      g_autofree char *truth = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(AgDocument) document = NULL;
      g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
      g_autoptr(AgRecognition) recognition = NULL;
      g_autoptr(GError) error = NULL;
      double cer;

      if (g_strv_length (fields) < 5 || g_strcmp0 (fields[1], "vertical") != 0)
        continue;

      image = g_build_filename (corpus, fields[3], NULL);
      truth = ag_test_read_corpus_text (fields[4]);
      file = g_file_new_for_path (image);
      document = ag_document_new_from_file (file, NULL, NULL, &error);
      g_assert_no_error (error);

      ag_recognize_options_set_languages (options, fields[2]);
      recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
      g_assert_no_error (error);
      text = ag_recognition_dup_text (recognition);
      cer = ag_test_cer (text, truth, TRUE);
      g_test_message ("%s: CER %.3f", fields[0], cer);
      g_array_append_val (rates, cer);

      /* No page is lost: columns out of order or missing cost far more. */
      g_assert_cmpfloat (cer, <, 0.10);
    }

  g_assert_cmpuint (rates->len, >=, 1);
  g_array_sort (rates, compare_doubles);
  median = rates->len % 2 == 1 ? g_array_index (rates, double, rates->len / 2)
                               : (g_array_index (rates, double, rates->len / 2 - 1) +
                                  g_array_index (rates, double, rates->len / 2)) / 2;
  g_test_message ("median CER %.3f over %u vertical pages", median, rates->len);
  g_assert_cmpfloat (median, <=, 0.05);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/columns/find", test_find);
  g_test_add_func ("/columns/not-columns", test_not_columns);
  g_test_add_func ("/columns/leaning", test_leaning);
  g_test_add_func ("/columns/read-simplified", test_read_simplified);
  g_test_add_func ("/columns/read-traditional", test_read_traditional);
  g_test_add_func ("/columns/sideways-number", test_sideways_number);
  g_test_add_func ("/columns/vertical-region-forced", test_vertical_region_forced);
  g_test_add_func ("/columns/horizontal-page", test_horizontal_page);
  g_test_add_func ("/columns/corpus", test_corpus);

  return g_test_run ();
}
