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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recognition/text", test_text);
  g_test_add_func ("/recognition/confidence", test_confidence);
  g_test_add_func ("/recognition/boxed", test_boxed);

  return g_test_run ();
}
