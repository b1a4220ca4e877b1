/* test-text.c — spacing rules for Chinese and Latin text
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "model/ag-recognition.h"
#include "model/ag-text.h"
#include "ag-test-util.h"

static const struct {
  const char *in;
  const char *out;
} spacing[] = {
  { "今 天 天 气 很 好", "今天天气很好" },
  { "今 天 ， 天 气 很 好 。", "今天，天气很好。" },
  { "the quick  brown fox", "the quick  brown fox" },
  { "使 用 Tesseract 识 别", "使用 Tesseract 识别" },
  { "「 你 好 」", "「你好」" },
  { "第 3 章", "第 3 章" },
  { "繁 體 中 文", "繁體中文" },
  { "line one\n第 二 行", "line one\n第二行" },
  { "中\n文", "中\n文" },
  { "", "" },
};

static void
test_remove_spaces (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (spacing); i++)
    {
      g_autofree char *out = ag_text_remove_cjk_spaces (spacing[i].in);

      g_assert_cmpstr (out, ==, spacing[i].out);
    }
}

static void
test_join (void)
{
  const char *words[] = { "Airgap", "读", "取", "照", "片", "，", "then", "copies", "it", "。" };
  g_autoptr(GString) string = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    ag_text_append_joined (string, words[i]);

  /* (full-width punctuation carries its own space) */
  g_assert_cmpstr (string->str, ==, "Airgap 读取照片，then copies it。");

  /* Chinese commas Tesseract gives in ASCII take no spaces in Chinese
   * text, and Latin text keeps its own spacing. */
  {
    const char *cjk[] = { "床", "前", "明月", "光", ",", "疑", "是", ".", NULL };
    const char *latin[] = { "Hello,", "世界", "and", "三", ",", "four", NULL };
    g_autoptr(GString) joined = g_string_new (NULL);

    for (guint i = 0; cjk[i] != NULL; i++)
      ag_text_append_joined (joined, cjk[i]);
    g_assert_cmpstr (joined->str, ==, "床前明月光,疑是.");

    g_string_truncate (joined, 0);
    for (guint i = 0; latin[i] != NULL; i++)
      ag_text_append_joined (joined, latin[i]);
    g_assert_cmpstr (joined->str, ==, "Hello, 世界 and 三, four");
  }
  g_assert_true (ag_text_is_cjk (0x4E2D));
  g_assert_true (ag_text_is_cjk (0x3002));
  g_assert_true (ag_text_is_cjk (0xFF0C));
  g_assert_false (ag_text_is_cjk ('a'));
  g_assert_false (ag_text_is_cjk (0xAC00)); /* Hangul is written with spaces */
}

/* Between Chinese and a Latin word or a number the page decides, where
 * it was measured; a line break shows no gap. */
static void
test_open_gap (void)
{
  AgRect box = { 0, 0, 0.1, 0.1 };
  g_autoptr(AgLine) line = ag_line_new ();
  const char *words[] = { "定", "于", "2024", "年", "Airgap", "版", "3,000", "人" };
  const AgWordGap gaps[] = { AG_WORD_GAP_UNKNOWN, AG_WORD_GAP_UNKNOWN, AG_WORD_GAP_NONE,
                             AG_WORD_GAP_NONE, AG_WORD_GAP_SPACE, AG_WORD_GAP_SPACE,
                             AG_WORD_GAP_UNKNOWN, AG_WORD_GAP_UNKNOWN };
  g_autofree char *text = NULL;

  g_assert_true (ag_text_is_open_gap ("定于", "2024"));
  g_assert_true (ag_text_is_open_gap ("2024", "年"));
  g_assert_true (ag_text_is_open_gap ("温度30℃", "常规"));
  g_assert_true (ag_text_is_open_gap ("使用", "Tesseract"));
  g_assert_false (ag_text_is_open_gap ("使用", "识别"));
  g_assert_false (ag_text_is_open_gap ("the", "quick"));
  g_assert_false (ag_text_is_open_gap ("年，", "2024"));
  g_assert_false (ag_text_is_open_gap ("He said “yes", "”"));

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      AgWord *word = ag_word_new (words[i], &box, 90);

      word->gap_before = gaps[i];
      g_ptr_array_add (line->words, word);
    }
  text = ag_line_dup_text (line);
  /* not measured (a text layer's words): as the recogniser split them */
  g_assert_cmpstr (text, ==, "定于2024年 Airgap 版 3,000 人");

  /* a line break: no space between Chinese and a number */
  g_assert_false (ag_text_wants_space_at_line_break ("会议定于", "2024年"));
  g_assert_true (ag_text_wants_space_at_line_break ("the quick", "brown"));
  g_assert_false (ag_text_wants_space_at_line_break ("会议", "定于"));

  g_assert_cmpuint (ag_text_full_width_punctuation (','), ==, 0xFF0C);
  g_assert_cmpuint (ag_text_full_width_punctuation ('.'), ==, 0);
  g_assert_true (ag_text_is_chinese (0x4E2D));
  g_assert_true (ag_text_is_chinese (0xFF0C));
  g_assert_false (ag_text_is_chinese (0x201C));
}

static void
test_cer (void)
{
  g_assert_cmpfloat (ag_test_cer ("hello world", "hello world", FALSE), ==, 0.0);
  g_assert_cmpfloat (ag_test_cer ("hello   world\n", "hello world", FALSE), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (ag_test_cer ("hallo world", "hello world", FALSE), 1.0 / 11, 1e-9);
  g_assert_cmpfloat (ag_test_cer ("今天 天气", "今天天气", TRUE), ==, 0.0);
  /* NFKC: full-width punctuation equals ASCII. */
  g_assert_cmpfloat (ag_test_cer ("好，", "好,", TRUE), ==, 0.0);
  g_assert_cmpfloat (ag_test_cer ("", "abcd", FALSE), ==, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/remove-spaces", test_remove_spaces);
  g_test_add_func ("/text/join", test_join);
  g_test_add_func ("/text/open-gap", test_open_gap);
  g_test_add_func ("/text/cer", test_cer);

  return g_test_run ();
}
