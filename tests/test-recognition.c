/* test-recognition.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-core.h"

static AgLine *
make_line (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  AgLine *line = ag_line_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      AgRect box = { 0.1 * i, 0.1, 0.05, 0.05 };

      g_ptr_array_add (line->words, ag_word_new (words[i], &box, 90.0f - i));
    }

  return line;
}

static AgRecognition *
make_recognition (void)
{
  AgRecognition *recognition = ag_recognition_new ("chi_sim+eng");
  AgRecognitionPage *page;
  AgBlock *block;

  /* Added out of order on purpose: pages end up in document order. */
  page = ag_recognition_page_new (1, 100, 100, 300, AG_RECOGNITION_SOURCE_OCR);
  block = ag_block_new (-1);
  g_ptr_array_add (block->lines, make_line ("第 二 页"));
  g_ptr_array_add (page->blocks, block);
  ag_recognition_take_page (recognition, page);

  page = ag_recognition_page_new (0, 100, 100, 300, AG_RECOGNITION_SOURCE_OCR);
  block = ag_block_new (-1);
  g_ptr_array_add (block->lines, make_line ("A line that is hyph-"));
  g_ptr_array_add (block->lines, make_line ("enated here."));
  g_ptr_array_add (page->blocks, block);
  block = ag_block_new (0);
  g_ptr_array_add (block->lines, make_line ("中 文 段 落"));
  g_ptr_array_add (block->lines, make_line ("继 续 。"));
  g_ptr_array_add (page->blocks, block);
  ag_recognition_take_page (recognition, page);

  return recognition;
}

static void
test_text (void)
{
  g_autoptr(AgRecognition) recognition = make_recognition ();
  g_autofree char *text = ag_recognition_dup_text (recognition);
  AgRecognitionPage *page;
  g_autofree char *joined = NULL;
  g_autofree char *joined_cjk = NULL;

  g_assert_cmpuint (ag_recognition_get_n_pages (recognition), ==, 2);
  g_assert_cmpstr (ag_recognition_get_languages (recognition), ==, "chi_sim+eng");
  g_assert_cmpstr (text, ==,
                   "A line that is hyph-\nenated here.\n\n中文段落\n继续。\n\f第二页\n");

  page = ag_recognition_get_page (recognition, 0);
  joined = ag_block_dup_text (g_ptr_array_index (page->blocks, 0), TRUE);
  g_assert_cmpstr (joined, ==, "A line that is hyphenated here.");
  joined_cjk = ag_block_dup_text (g_ptr_array_index (page->blocks, 1), TRUE);
  g_assert_cmpstr (joined_cjk, ==, "中文段落继续。");
}

/* A table reads a row per line, cells apart by tabs, each cell's lines
 * joined; a merged cell's text is in its first column, the columns it
 * covers stay empty, so a spreadsheet keeps the grid. */
static void
test_table_text (void)
{
  g_autoptr(AgBlock) block = ag_block_new (-1);
  g_autofree char *text = NULL;
  g_autofree char *cell_text = NULL;
  const AgCell *cell;

  g_ptr_array_add (block->lines, make_line ("序 号"));
  g_ptr_array_add (block->lines, make_line ("Item"));
  g_ptr_array_add (block->lines, make_line ("1"));
  g_ptr_array_add (block->lines, make_line ("Copy"));
  g_ptr_array_add (block->lines, make_line ("paper"));
  ag_block_add_cell (block, 0, 0, 1, 1, 0, 1, NULL);
  ag_block_add_cell (block, 0, 1, 1, 2, 1, 1, NULL);
  ag_block_add_cell (block, 1, 0, 1, 1, 2, 1, NULL);
  ag_block_add_cell (block, 1, 1, 1, 1, 3, 2, NULL);
  ag_block_add_cell (block, 1, 2, 1, 1, 5, 0, NULL);

  g_assert_cmpint (block->kind, ==, AG_BLOCK_KIND_TABLE);
  g_assert_cmpuint (block->n_rows, ==, 2);
  g_assert_cmpuint (block->n_columns, ==, 3);

  text = ag_block_dup_text (block, FALSE);
  g_assert_cmpstr (text, ==, "序号\tItem\t\n1\tCopy paper\t");

  cell = ag_block_get_cell (block, 0, 2);
  g_assert_nonnull (cell);
  g_assert_cmpuint (cell->column, ==, 1);
  g_assert_cmpuint (cell->column_span, ==, 2);
  g_assert_null (ag_block_get_cell (block, 2, 0));

  cell_text = ag_block_dup_cell_text (block, ag_block_get_cell (block, 1, 1), FALSE);
  g_assert_cmpstr (cell_text, ==, "Copy\npaper");
}

static void
test_confidence (void)
{
  g_autoptr(AgRecognition) recognition = make_recognition ();
  g_autoptr(AgRecognition) empty = ag_recognition_new ("eng");
  double mean = ag_recognition_get_mean_confidence (recognition);

  g_assert_cmpfloat (mean, >, 80.0);
  g_assert_cmpfloat (mean, <=, 90.0);
  g_assert_cmpfloat (ag_recognition_get_mean_confidence (empty), ==, -1);

  /* Per page: the second page's three words have 90, 89 and 88. */
  {
    guint n_words = 0;
    AgRecognitionPage *page = ag_recognition_get_page (recognition, 1);
    AgRecognitionPage *blank = ag_recognition_page_new (2, 10, 10, 0, AG_RECOGNITION_SOURCE_OCR);

    g_assert_cmpfloat_with_epsilon (ag_recognition_page_get_mean_confidence (page, &n_words), 89.0, 1e-4);
    g_assert_cmpuint (n_words, ==, 3);
    g_assert_cmpfloat (ag_recognition_page_get_mean_confidence (blank, &n_words), ==, -1);
    g_assert_cmpuint (n_words, ==, 0);
    ag_recognition_page_free (blank);
  }
}

static void
test_boxed (void)
{
  g_autoptr(AgRecognition) recognition = make_recognition ();
  AgRecognition *copy = g_boxed_copy (AG_TYPE_RECOGNITION, recognition);

  g_assert_true (copy == recognition);
  g_boxed_free (AG_TYPE_RECOGNITION, copy);
}

/* A page of two lines of three words, each word 0.2 wide, turned by
 * @turn_cw as a page read turned upright keeps its boxes. */
static AgRecognitionPage *
make_turned_page (int turn_cw)
{
  AgRecognitionPage *page = ag_recognition_page_new (0, 400, 200, 0, AG_RECOGNITION_SOURCE_OCR);
  AgBlock *block = ag_block_new (-1);

  for (int l = 0; l < 2; l++)
    {
      AgLine *line = ag_line_new ();

      line->box = (AgRect) { 0.1, 0.2 + 0.3 * l, 0.7, 0.1 };
      for (int w = 0; w < 3; w++)
        {
          AgRect box = { 0.1 + 0.25 * w, 0.2 + 0.3 * l, 0.2, 0.1 };

          g_ptr_array_add (line->words, ag_word_new ("word", &box, 90));
        }
      g_ptr_array_add (block->lines, line);
    }
  block->box = (AgRect) { 0.1, 0.2, 0.7, 0.4 };
  g_ptr_array_add (page->blocks, block);

  ag_recognition_page_turn (page, turn_cw);
  return page;
}

static void
test_turn (void)
{
  AgRect rect = { 0.1, 0.2, 0.3, 0.4 };

  /* Four quarter turns, or a turn and its complement, bring a box back. */
  for (int turn = 0; turn < 360; turn += 90)
    {
      AgRect r = rect;

      ag_rect_turn (&r, turn);
      ag_rect_turn (&r, 360 - turn);
      g_assert_cmpfloat_with_epsilon (r.x, rect.x, 1e-9);
      g_assert_cmpfloat_with_epsilon (r.y, rect.y, 1e-9);
      g_assert_cmpfloat_with_epsilon (r.width, rect.width, 1e-9);
      g_assert_cmpfloat_with_epsilon (r.height, rect.height, 1e-9);
    }
  /* Turned clockwise, the top-left corner goes to the top right. */
  ag_rect_turn (&rect, 90);
  g_assert_cmpfloat_with_epsilon (rect.x, 0.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.y, 0.1, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.width, 0.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (rect.height, 0.3, 1e-9);

  /* A page whose lines run down, left or up says how to turn it back. */
  for (int turn = 0; turn < 360; turn += 90)
    {
      AgRecognitionPage *page = make_turned_page (turn);
      AgBlock *block = g_ptr_array_index (page->blocks, 0);
      AgLine *line = g_ptr_array_index (block->lines, 0);
      AgWord *word = g_ptr_array_index (line->words, 0);
      int back = ag_recognition_page_guess_turn (page);

      g_assert_cmpint ((turn + back) % 360, ==, 0);
      g_assert_cmpint (page->width, ==, turn % 180 == 0 ? 400 : 200);
      ag_recognition_page_turn (page, back);
      g_assert_cmpint (page->width, ==, 400);
      g_assert_cmpfloat_with_epsilon (word->box.x, 0.1, 1e-9);
      g_assert_cmpfloat_with_epsilon (word->box.y, 0.2, 1e-9);
      g_assert_cmpfloat_with_epsilon (block->box.height, 0.4, 1e-9);
      ag_recognition_page_free (page);
    }
}

/* A bitmap turned a quarter and back is the same bitmap. */
static void
test_bitmap_turn (void)
{
  guint8 pixels[3 * 2] = { 1, 2, 3, 4, 5, 6 };
  g_autoptr(GBytes) bytes = g_bytes_new (pixels, sizeof pixels);
  g_autoptr(AgBitmap) bitmap = ag_bitmap_new (AG_BITMAP_FORMAT_GRAY8, 3, 2, 3, bytes);
  g_autoptr(AgBitmap) turned = ag_bitmap_new_turned (bitmap, 90);
  g_autoptr(AgBitmap) back = ag_bitmap_new_turned (turned, 270);
  const guint8 *data = g_bytes_get_data (ag_bitmap_get_pixels (turned), NULL);

  g_assert_cmpint (ag_bitmap_get_width (turned), ==, 2);
  g_assert_cmpint (ag_bitmap_get_height (turned), ==, 3);
  /* 1 2 3 / 4 5 6 turned clockwise: 4 1 / 5 2 / 6 3 */
  g_assert_cmpint (data[0], ==, 4);
  g_assert_cmpint (data[1], ==, 1);
  g_assert_cmpint (data[4], ==, 6);
  g_assert_cmpint (data[5], ==, 3);
  g_assert_cmpmem (g_bytes_get_data (ag_bitmap_get_pixels (back), NULL), 6, pixels, 6);
}

/* A part of a bitmap reduced: each block its mean grey, transparent as
 * white, the ragged right column left out. */
static void
test_bitmap_reduce (void)
{
  /* 5 × 2 RGBA: black, white, grey 100, transparent black, red */
  guint8 pixels[5 * 4 * 2] = {
    0, 0, 0, 255,   255, 255, 255, 255,   100, 100, 100, 255,   0, 0, 0, 0,     255, 0, 0, 255,
    0, 0, 0, 255,   255, 255, 255, 255,   100, 100, 100, 255,   0, 0, 0, 0,     255, 0, 0, 255,
  };
  g_autoptr(GBytes) bytes = g_bytes_new (pixels, sizeof pixels);
  g_autoptr(AgBitmap) bitmap = ag_bitmap_new (AG_BITMAP_FORMAT_RGBA8, 5, 2, 20, bytes);
  g_autoptr(AgBitmap) halved = NULL;
  g_autoptr(AgBitmap) part = NULL;
  const guint8 *data;

  ag_bitmap_set_dpi (bitmap, 300);
  halved = ag_bitmap_new_gray_reduced (bitmap, 0, 0, 5, 2, 2);
  g_assert_cmpint (ag_bitmap_get_format (halved), ==, AG_BITMAP_FORMAT_GRAY8);
  g_assert_cmpint (ag_bitmap_get_width (halved), ==, 2);
  g_assert_cmpint (ag_bitmap_get_height (halved), ==, 1);
  g_assert_cmpfloat (ag_bitmap_get_dpi (halved), ==, 150);
  data = g_bytes_get_data (ag_bitmap_get_pixels (halved), NULL);
  g_assert_cmpint (data[0], ==, 127);            /* black and white */
  g_assert_cmpint (data[1], ==, (100 + 255) / 2);  /* grey and paper */

  /* the red column alone: 3 × 255 / 10 */
  part = ag_bitmap_new_gray_reduced (bitmap, 4, 0, 1, 2, 1);
  g_assert_cmpint (ag_bitmap_get_width (part), ==, 1);
  g_assert_cmpint (ag_bitmap_get_height (part), ==, 2);
  data = g_bytes_get_data (ag_bitmap_get_pixels (part), NULL);
  g_assert_cmpint (data[0], ==, 76);
  g_assert_cmpint (data[ag_bitmap_get_stride (part)], ==, 76);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recognition/text", test_text);
  g_test_add_func ("/recognition/confidence", test_confidence);
  g_test_add_func ("/recognition/table-text", test_table_text);
  g_test_add_func ("/recognition/boxed", test_boxed);
  g_test_add_func ("/recognition/turn", test_turn);
  g_test_add_func ("/recognition/bitmap-turn", test_bitmap_turn);
  g_test_add_func ("/recognition/bitmap-reduce", test_bitmap_reduce);

  return g_test_run ();
}
