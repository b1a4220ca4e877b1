/* test-convert.c — Simplified and Traditional Chinese conversion
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-core.h"

static void
test_names (void)
{
  AgConversion conversion;

  g_assert_true (ag_conversion_from_string ("s2t", &conversion));
  g_assert_cmpint (conversion, ==, AG_CONVERSION_S2T);
  g_assert_true (ag_conversion_from_string ("tw2s", &conversion));
  g_assert_cmpint (conversion, ==, AG_CONVERSION_TW2S);
  g_assert_false (ag_conversion_from_string ("x2y", &conversion));
  g_assert_false (ag_conversion_from_string (NULL, &conversion));
}

static void
test_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *t = ag_convert_text ("简体中文，汉字。Airgap 1.0", AG_CONVERSION_S2T, &error);
  g_autofree char *s = NULL;
  g_autofree char *tw = NULL;

  /* (opened ahead, as the page reader does on a free core) */
  g_assert_true (ag_convert_prepare (AG_CONVERSION_T2S));
  g_assert_no_error (error);
  g_assert_cmpstr (t, ==, "簡體中文，漢字。Airgap 1.0");

  s = ag_convert_text ("繁體中文與軟體", AG_CONVERSION_T2S, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s, ==, "繁体中文与软体");

  /* Taiwan's variants: 着 is written 著 there. */
  tw = ag_convert_text ("看着", AG_CONVERSION_S2TW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tw, ==, "看著");
}

static AgLine *
line_of (const char * const *words)
{
  AgLine *line = ag_line_new ();

  for (guint i = 0; words[i] != NULL; i++)
    g_ptr_array_add (line->words, ag_word_new (words[i], NULL, 90));
  return line;
}

static void
test_recognition (void)
{
  const char *words1[] = { "头", "发", "很", "长", NULL };
  const char *words2[] = { "经济", "发展", "OK", NULL };
  g_autoptr(AgRecognition) recognition = ag_recognition_new ("chi_sim");
  g_autoptr(GError) error = NULL;
  AgRecognitionPage *page = ag_recognition_page_new (0, 10, 10, 0, AG_RECOGNITION_SOURCE_OCR);
  AgBlock *block = ag_block_new (-1);
  g_autofree char *text = NULL;

  g_ptr_array_add (block->lines, line_of (words1));
  g_ptr_array_add (block->lines, line_of (words2));
  g_ptr_array_add (page->blocks, block);
  ag_recognition_take_page (recognition, page);

  g_assert_true (ag_convert_recognition (recognition, AG_CONVERSION_S2T, &error));
  g_assert_no_error (error);

  /* The phrase decides: 发 is 髮 in 头发 and 發 in 发展, although each
   * character is a word of its own. */
  text = ag_recognition_dup_text (recognition);
  g_assert_cmpstr (text, ==, "頭髮很長\n經濟發展 OK\n");
  g_assert_cmpstr (((AgWord *) g_ptr_array_index (((AgLine *) g_ptr_array_index (block->lines, 0))->words, 1))->text, ==, "髮");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/convert/names", test_names);
  g_test_add_func ("/convert/text", test_text);
  g_test_add_func ("/convert/recognition", test_recognition);

  return g_test_run ();
}
