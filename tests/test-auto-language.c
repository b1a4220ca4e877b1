/* test-auto-language.c — the languages "auto", chosen for each page
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "ag-core.h"
#include "recognize/ag-auto-language.h"
#include "recognize/ag-engine-private.h"
#include "recognize/ag-orient.h"
#include "recognize/ag-page-reader.h"
#include "ag-test-util.h"

#define DPI 200.0

static const char *english =
  "The quick brown fox jumps over the lazy dog.\n"
  "Pack my box with five dozen liquor jugs.\n"
  "Offline recognition keeps confidential papers private.\n"
  "Nothing is uploaded and nothing leaves this computer.";

static const char *simplified =
  "清晨六点，城市还没有完全醒来。\n"
  "街角的早餐店已经亮起了灯，蒸笼里冒出白色的热气。\n"
  "骑着电动车的快递员从门口经过，顺手买了两个包子。\n"
  "离线文字识别不会上传任何文件。";

static const char *traditional =
  "傳統的書法講究筆畫的輕重與節奏。\n"
  "每一個字都像是一幅小小的畫，許多老師認為練習書法能讓人心情平靜。\n"
  "週末的書法班裡，常常坐滿了來自不同年齡層的學員。\n"
  "離線文字辨識不會上傳任何檔案。";

static const char *mixed =
  "本周发布的 Airgap 版本可以读取 PDF 和 PNG 文件。\n"
  "所有识别都在本机完成，不需要 Internet 连接。\n"
  "请在 Settings 中选择 Automatic 作为默认语言。\n"
  "下载地址见 README 文件的 Install 一节。";

static gboolean
have (const char *code)
{
  g_autoptr(AgLanguage) language = ag_languages_lookup (code);

  return language != NULL;
}

static gboolean
have_all (void)
{
  if (have ("eng") && have ("chi_sim") && have ("chi_tra"))
    return TRUE;
  g_test_skip ("eng, chi_sim and chi_tra are needed");
  return FALSE;
}

/* @bitmap (taken) read with the automatic languages. */
static AgRecognition *
recognize_bitmap_auto (AgBitmap           *bitmap,
                       AgRecognizeOptions *options)
{
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) defaults = NULL;
  g_autoptr(GError) error = NULL;
  AgRecognition *recognition;

  if (options == NULL)
    options = defaults = ag_recognize_options_new ();
  ag_recognize_options_set_languages (options, AG_LANGUAGES_AUTO);
  /* Tesseract alone: PP-OCR's choice is another test's. */
  ag_recognize_options_set_engine_kind (options, AG_ENGINE_KIND_TESSERACT);

  g_ptr_array_add (bitmaps, bitmap);
  recognition = _ag_engine_recognize_bitmaps (ag_engine_get_default (), bitmaps, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (recognition);
  return recognition;
}

static AgRecognition *
recognize_auto (cairo_surface_t  *surface,
                AgRecognizeOptions *options)
{
  return recognize_bitmap_auto (ag_test_bitmap_from_surface (surface, DPI), options);
}

/* Reads @text rendered in @font with the automatic choice: the note
 * says @expected and the text is read as well as @max_cer. */
static void
check_page (const char *text,
            const char *font,
            gboolean    cjk,
            const char *expected,
            double      max_cer)
{
  cairo_surface_t *surface = ag_test_render_text (text, font, DPI);
  g_autoptr(AgRecognition) recognition = recognize_auto (surface, NULL);
  AgRecognitionPage *page = ag_recognition_get_page (recognition, 0);
  g_autofree char *read = ag_recognition_dup_text (recognition);
  double cer = ag_test_cer (read, text, cjk);

  cairo_surface_destroy (surface);
  g_test_message ("%s: CER %.3f, note “%s”: %s", font, cer, page->note, read);
  g_assert_nonnull (page->note);
  g_assert_true (g_str_has_prefix (page->note, expected));
  g_assert_cmpfloat (cer, <=, max_cer);
}

static void
test_english (void)
{
  if (have_all ())
    check_page (english, "DejaVu Serif 11", FALSE, "Read as English.", 0.02);
}

static void
test_simplified (void)
{
  if (have_all ())
    check_page (simplified, "Noto Sans CJK SC 14", TRUE,
                "Read as Simplified Chinese.", 0.03);
}

static void
test_traditional (void)
{
  g_autofree char *letters = NULL;

  if (!have_all ())
    return;

  check_page (traditional, "Noto Sans CJK TC 14", TRUE,
              "Read as Traditional Chinese.", 0.03);

  /* A screenshot of it, at 100 dpi: its lines look Chinese, and its
   * first reading, with chi_sim, shows many Chinese characters and no
   * Latin ones, not surely (at 76) as a Traditional page read with
   * chi_sim does: no sample is read with eng to tell it is not English,
   * and the sample is read with chi_sim and chi_tra side by side, not
   * first with chi_sim alone to see whether it is surely Simplified */
  {
    cairo_surface_t *surface = ag_test_render_text (traditional, "Noto Sans CJK TC 10", 100.0);
    g_autoptr(AgRecognition) recognition = NULL;
    AgRecognitionPage *page;

    g_free (ag_test_take_log_record ());
    recognition = recognize_bitmap_auto (ag_test_bitmap_from_surface (surface, 100.0), NULL);
    page = ag_recognition_get_page (recognition, 0);
    letters = ag_test_take_log_record ();
    g_test_message ("at 100 dpi: %s (%s)", page->note, letters);
    g_assert_true (g_str_has_prefix (page->note, "Read as Traditional Chinese."));
    g_assert_nonnull (strchr (letters, 'C'));
    g_assert_null (strchr (letters, 'B'));
    g_assert_nonnull (strchr (letters, 'D'));
    cairo_surface_destroy (surface);
  }
}

static void
test_mixed (void)
{
  g_autofree char *letters = NULL;

  if (!have_all ())
    return;

  g_free (ag_test_take_log_record ());
  check_page (mixed, "Noto Sans CJK SC 14", TRUE,
              "Read as Simplified Chinese and English.", 0.05);
  /* (its lines look Chinese, and its first reading, with chi_sim, is
   * surely Chinese: no sample is read with eng to tell) */
  letters = ag_test_take_log_record ();
  g_assert_nonnull (strchr (letters, 'C'));
  g_assert_null (strchr (letters, 'B'));
}

/* Every text of a corpus document's truth (zh_dev_notice.json), a line
 * each. */
static char *
truth_text (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);
  JsonArray *blocks;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  blocks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "blocks");
  for (guint b = 0; b < json_array_get_length (blocks); b++)
    {
      JsonObject *block = json_array_get_object_element (blocks, b);

      if (json_object_has_member (block, "text"))
        g_string_append_printf (text, "%s\n", json_object_get_string_member (block, "text"));
      if (json_object_has_member (block, "cells"))
        {
          JsonArray *rows = json_object_get_array_member (block, "cells");

          for (guint r = 0; r < json_array_get_length (rows); r++)
            {
              JsonArray *row = json_array_get_array_element (rows, r);

              for (guint c = 0; c < json_array_get_length (row); c++)
                g_string_append_printf (text, "%s\n", json_array_get_string_element (row, c));
            }
        }
    }
  return g_string_free (text, FALSE);
}

/* A Chinese page without Latin words is read without English beside:
 * with it, Tesseract read the corpus's scanned notice's table rules and
 * specks as letters (CER 0.044, the table broken; 0.003 without). */
static void
test_no_latin (void)
{
  g_autofree char *path = NULL;
  g_autofree char *truth_path = NULL;
  g_autofree char *truth = NULL;
  g_autofree char *read = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  AgRecognitionPage *page;
  guint tables = 0;
  double cer;

  if (!have_all ())
    return;
  if (ag_test_get_corpus () == NULL)
    {
      g_test_skip ("the corpus is not there (AIRGAP_CORPUS)");
      return;
    }
  path = g_build_filename (ag_test_get_corpus (), "documents", "zh_dev_notice_scan.png", NULL);
  truth_path = g_build_filename (ag_test_get_corpus (), "documents", "zh_dev_notice.json", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS) || !g_file_test (truth_path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the corpus has no zh_dev_notice_scan.png");
      return;
    }

  file = g_file_new_for_path (path);
  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  ag_recognize_options_set_languages (options, AG_LANGUAGES_AUTO);
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  page = ag_recognition_get_page (recognition, 0);
  read = ag_recognition_dup_text (recognition);
  truth = truth_text (truth_path);
  cer = ag_test_cer (read, truth, TRUE);
  for (guint b = 0; b < page->blocks->len; b++)
    if (((AgBlock *) g_ptr_array_index (page->blocks, b))->kind == AG_BLOCK_KIND_TABLE)
      tables++;

  g_test_message ("note “%s”, CER %.3f, %u tables: %s", page->note, cer, tables, read);
  g_assert_true (g_str_has_prefix (page->note, "Read as Simplified Chinese."));
  g_assert_cmpfloat (cer, <=, 0.01);
  g_assert_cmpuint (tables, ==, 1);
}

/* The desktop's language is a hint, not the answer: a Simplified page
 * on a Taiwanese desktop, a Traditional or an English one on a mainland
 * one. */
static void
test_desktop_is_a_hint (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  if (!have_all ())
    return;

  g_setenv ("LANGUAGE", "zh_TW", TRUE);
  g_assert_cmpstr (ag_languages_get_default (), ==, "chi_tra+eng");
  check_page (simplified, "Noto Sans CJK SC 14", TRUE,
              "Read as Simplified Chinese.", 0.03);

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_cmpstr (ag_languages_get_default (), ==, "chi_sim+eng");
  check_page (traditional, "Noto Sans CJK TC 14", TRUE,
              "Read as Traditional Chinese.", 0.03);
  /* and English on a Chinese desktop is English alone */
  check_page (english, "DejaVu Serif 11", FALSE, "Read as English.", 0.02);

  /* (empty is unset, for GLib; unsetenv() is not for threaded programs) */
  g_setenv ("LANGUAGE", saved != NULL ? saved : "", TRUE);
}

/* On a Chinese desktop a plain page of its Chinese is read with it
 * first and kept: no sample is read.  A page with Latin words, or of the
 * other Chinese, still goes through the choice. */
static void
test_chinese_desktop_first (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  guint before;

  if (!have_all ())
    return;

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  before = _ag_auto_language_get_n_samples ();
  check_page (simplified, "Noto Sans CJK SC 14", TRUE, "Read as Simplified Chinese.", 0.03);
  g_assert_cmpuint (_ag_auto_language_get_n_samples (), ==, before);

  check_page (mixed, "Noto Sans CJK SC 14", TRUE, "Read as Simplified Chinese and English.", 0.05);
  g_assert_cmpuint (_ag_auto_language_get_n_samples (), >, before);

  g_setenv ("LANGUAGE", "zh_TW", TRUE);
  before = _ag_auto_language_get_n_samples ();
  check_page (traditional, "Noto Sans CJK TC 14", TRUE, "Read as Traditional Chinese.", 0.03);
  g_assert_cmpuint (_ag_auto_language_get_n_samples (), ==, before);

  g_setenv ("LANGUAGE", saved != NULL ? saved : "", TRUE);
}

/* On an English desktop a scanned page whose lines look like Chinese is
 * read with chi_sim at once, not in English, and kept when it is plainly
 * Simplified: no sample, and no orientation check (the chi_sim reading
 * is sure).  A Traditional page, which chi_sim also reads fairly surely,
 * still goes through the choice and is Traditional.  An English page is
 * read in English, and that is all. */
static void
test_han_upright_first (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  guint before, detections, english_first, s2t, t2s;

  if (!have_all ())
    return;

  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpstr (ag_languages_get_default (), ==, "eng");
  before = _ag_auto_language_get_n_samples ();
  detections = _ag_orient_get_n_detections ();
  english_first = _ag_page_reader_get_n_english_first ();
  s2t = _ag_convert_get_n_asked (AG_CONVERSION_S2T);
  t2s = _ag_convert_get_n_asked (AG_CONVERSION_T2S);
  check_page (simplified, "Noto Sans CJK SC 14", TRUE, "Read as Simplified Chinese.", 0.03);
  g_assert_cmpuint (_ag_auto_language_get_n_samples (), ==, before);
  g_assert_cmpuint (_ag_orient_get_n_detections (), ==, detections);
  /* (its forms looked at with t2s alone: no Traditional forms, so no
   * s2t, whose load is 40–60 ms) */
  g_assert_cmpuint (_ag_convert_get_n_asked (AG_CONVERSION_T2S), >, t2s);
  g_assert_cmpuint (_ag_convert_get_n_asked (AG_CONVERSION_S2T), ==, s2t);
  /* (its lines look Chinese: not read in English at all) */
  g_assert_cmpuint (_ag_page_reader_get_n_english_first (), ==, english_first);

  check_page (traditional, "Noto Sans CJK TC 14", TRUE, "Read as Traditional Chinese.", 0.03);
  g_assert_cmpuint (_ag_auto_language_get_n_samples (), >, before);
  g_assert_cmpuint (_ag_page_reader_get_n_english_first (), ==, english_first);

  /* An English page is read in English first, and only so. */
  before = _ag_auto_language_get_n_samples ();
  check_page (english, "DejaVu Serif 11", FALSE, "Read as English.", 0.02);
  g_assert_cmpuint (_ag_page_reader_get_n_english_first (), ==, english_first + 1);
  g_assert_cmpuint (_ag_auto_language_get_n_samples (), ==, before);

  g_setenv ("LANGUAGE", saved != NULL ? saved : "", TRUE);
}

/* Automatic on an English desktop: a page that comes at once (the
 * command line's) decides which handles are loaded; a Chinese one loads
 * its two Chinese handles without waiting behind English loads, and no
 * English one.  With no page coming (the window, at start), two English
 * handles are loaded, one after the other. */
static void
test_preload_page_decides (void)
{
  AgEngine *engine;

  if (!have_all () || ag_engine_get_n_workers (ag_engine_get_default ()) < 2)
    return;

  if (g_test_subprocess ())
    {
      g_autoptr(AgRecognition) recognition = NULL;
      cairo_surface_t *surface = ag_test_render_text (simplified, "Noto Sans CJK SC 14", DPI);
      AgBitmap *bitmap;

      g_setenv ("LANGUAGE", "en", TRUE);
      g_assert_cmpstr (ag_languages_get_default (), ==, "eng");
      engine = ag_engine_get_default ();
      /* (the page made first: it must come within the preload's wait, as
       * the command line's does, however slowly the fonts load) */
      bitmap = ag_test_bitmap_from_surface (surface, DPI);
      cairo_surface_destroy (surface);
      ag_engine_preload (engine, AG_LANGUAGES_AUTO);
      recognition = recognize_bitmap_auto (bitmap, NULL);
      g_assert_true (g_str_has_prefix (ag_recognition_get_page (recognition, 0)->note,
                                       "Read as Simplified Chinese."));
      /* (time for a second English load to start, were it queued) */
      g_usleep (G_USEC_PER_SEC);
      g_assert_cmpuint (_ag_engine_get_n_handles (engine, "eng"), ==, 0);
      g_assert_cmpuint (_ag_engine_get_n_handles (engine, "chi_sim"), ==, 2);
      /* An English page after it loads its two. */
      check_page (english, "DejaVu Serif 11", FALSE, "Read as English.", 0.02);
      g_assert_cmpuint (_ag_engine_get_n_handles (engine, "eng"), ==, 2);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_preload_no_page (void)
{
  AgEngine *engine;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  if (!have_all () || ag_engine_get_n_workers (ag_engine_get_default ()) < 2)
    return;

  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", "en", TRUE);
      engine = ag_engine_get_default ();
      ag_engine_preload (engine, AG_LANGUAGES_AUTO);
      while (_ag_engine_get_n_handles (engine, "eng") < 2 && g_get_monotonic_time () < deadline)
        g_usleep (G_USEC_PER_SEC / 20);
      g_assert_cmpuint (_ag_engine_get_n_handles (engine, "eng"), ==, 2);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* On a Chinese desktop the automatic preload loads the desktop's Chinese
 * at once, two handles where PP-OCR is missing (it would read photos
 * instead): the page reader asks for no more there, and a page that
 * comes at once is read on both cores, in two parts. */
static void
test_preload_chinese_desktop (void)
{
  if (!have_all () || ag_engine_get_n_workers (ag_engine_get_default ()) < 2)
    return;

  if (g_test_subprocess ())
    {
      g_autofree char *empty = g_build_filename (ag_test_get_tmpdir (), "no-models", NULL);

      g_mkdir_with_parents (empty, 0700);
      g_setenv ("AIRGAP_MODELS_DIR", empty, TRUE);
      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      g_assert_cmpstr (_ag_auto_language_get_desktop_chinese (), ==, "chi_sim");
      ag_engine_preload (ag_engine_get_default (), AG_LANGUAGES_AUTO);
      check_page (simplified, "Noto Sans CJK SC 14", TRUE, "Read as Simplified Chinese.", 0.03);
      g_assert_cmpuint (ag_test_get_n_log_messages (), >=, 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Each region chooses for itself. */
static void
test_regions (void)
{
  cairo_surface_t *page;
  cairo_surface_t *top_text, *bottom_text;
  cairo_t *cr;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(AgRegion) top = ag_region_new (0, 0.0, 0.0, 1.0, 0.48);
  g_autoptr(AgRegion) bottom = ag_region_new (0, 0.0, 0.52, 1.0, 0.48);
  AgRecognitionPage *result;
  g_autoptr(GString) top_read = g_string_new (NULL);
  g_autoptr(GString) bottom_read = g_string_new (NULL);
  int height;

  if (!have_all ())
    return;

  top_text = ag_test_render_text (english, "DejaVu Serif 11", DPI);
  bottom_text = ag_test_render_text (traditional, "Noto Sans CJK TC 14", DPI);
  height = MAX (cairo_image_surface_get_height (top_text), cairo_image_surface_get_height (bottom_text));
  page = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                     MAX (cairo_image_surface_get_width (top_text),
                                          cairo_image_surface_get_width (bottom_text)),
                                     2 * height + 40);
  cr = cairo_create (page);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, top_text, 0, 0);
  cairo_paint (cr);
  cairo_set_source_surface (cr, bottom_text, 0, height + 40);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (top_text);
  cairo_surface_destroy (bottom_text);

  ag_recognize_options_add_region (options, top);
  ag_recognize_options_add_region (options, bottom);
  recognition = recognize_auto (page, options);
  cairo_surface_destroy (page);

  result = ag_recognition_get_page (recognition, 0);
  for (guint b = 0; b < result->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (result->blocks, b);
      g_autofree char *text = ag_block_dup_text (block, FALSE);

      g_string_append_printf (block->region == 0 ? top_read : bottom_read, "%s\n", text);
    }

  g_test_message ("note “%s”; top: %s; bottom: %s", result->note, top_read->str, bottom_read->str);
  g_assert_nonnull (strstr (result->note, "Read as English."));
  g_assert_nonnull (strstr (result->note, "Read as Traditional Chinese."));
  g_assert_cmpfloat (ag_test_cer (top_read->str, english, FALSE), <=, 0.02);
  g_assert_cmpfloat (ag_test_cer (bottom_read->str, traditional, TRUE), <=, 0.03);
}

/* A Chinese page where only English is installed: read as English, and
 * the note says which language to add and how. */
static void
test_missing_chinese (void)
{
  g_autofree char *system_dir = ag_languages_dup_system_dir ();
  g_autofree char *saved_prefix = g_strdup (g_getenv ("TESSDATA_PREFIX"));
  g_autofree char *saved_home = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autofree char *dir = g_build_filename (ag_test_get_tmpdir (), "only-eng", NULL);
  g_autofree char *home = g_build_filename (ag_test_get_tmpdir (), "home", NULL);
  const char *files[] = { "eng.traineddata", "osd.traineddata" };
  cairo_surface_t *surface;
  g_autoptr(AgRecognition) recognition = NULL;
  AgRecognitionPage *page;

  if (!have_all ())
    return;

  g_mkdir_with_parents (dir, 0700);
  g_mkdir_with_parents (home, 0700);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (system_dir, files[i], NULL);
      g_autofree char *to = g_build_filename (dir, files[i], NULL);

      g_assert_cmpint (symlink (from, to), ==, 0);
    }
  g_setenv ("TESSDATA_PREFIX", dir, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_assert_false (have ("chi_sim"));

  surface = ag_test_render_text (simplified, "Noto Sans CJK SC 14", DPI);
  recognition = recognize_auto (surface, NULL);
  cairo_surface_destroy (surface);
  page = ag_recognition_get_page (recognition, 0);
  g_test_message ("note “%s”", page->note);
  g_assert_true (g_str_has_prefix (page->note, "Read as English. "));
  g_assert_nonnull (strstr (page->note, "(chi_sim) is not installed"));
  g_assert_nonnull (strstr (page->note, "tesseract-ocr-chi-sim"));

  /* Back to what was found at first (unsetenv() is not for threaded
   * programs; the user's folder, if it was the default, stays empty). */
  g_setenv ("TESSDATA_PREFIX", saved_prefix != NULL ? saved_prefix : system_dir, TRUE);
  if (saved_home != NULL)
    g_setenv ("XDG_DATA_HOME", saved_home, TRUE);
}

/* "auto" needs only English or a Chinese; Automatic is its name. */
/* A page of @text, a line a row of the text, a word a character (as
 * PP-OCR gives them) or a Latin word; in columns when @standing. */
static AgRecognitionPage *
page_of (const char *text,
         gboolean    standing)
{
  AgRecognitionPage *page = ag_recognition_page_new (0, 1000, 1000, 0, AG_RECOGNITION_SOURCE_OCR);
  AgBlock *block = ag_block_new (-1);
  g_auto(GStrv) rows = g_strsplit (text, "\n", -1);

  for (guint r = 0; rows[r] != NULL; r++)
    {
      AgLine *line = ag_line_new ();
      g_auto(GStrv) latin = g_strsplit (rows[r], " ", -1);

      line->box = standing ? (AgRect) { 0.9 - 0.06 * r, 0.05, 0.05, 0.8 }
                           : (AgRect) { 0.05, 0.05 + 0.06 * r, 0.8, 0.05 };
      for (guint k = 0; latin[k] != NULL; k++)
        {
          if (g_unichar_get_script (g_utf8_get_char (latin[k])) != G_UNICODE_SCRIPT_HAN)
            {
              g_ptr_array_add (line->words, ag_word_new (latin[k], NULL, 95));
              continue;
            }
          for (const char *c = latin[k]; *c != '\0'; c = g_utf8_next_char (c))
            {
              g_autofree char *one = g_strndup (c, g_utf8_next_char (c) - c);

              g_ptr_array_add (line->words, ag_word_new (one, NULL, 95));
            }
        }
      g_ptr_array_add (block->lines, line);
    }
  g_ptr_array_add (page->blocks, block);
  return page;
}

/* On a photo PP-OCR reads anyway, its reading decides: Chinese or not
 * from the characters, Simplified or Traditional from their forms
 * (OpenCC), English beside from a Latin word; lines standing up are
 * vertical text, which the sampler decides, unless the page is on its
 * side. */
static void
test_judge_reading (void)
{
  struct {
    const char *text;
    gboolean    standing, on_its_side;
    gboolean    chinese, traditional, english;
  } cases[] = {
    { NULL, FALSE, FALSE, TRUE, FALSE, FALSE },  /* simplified */
    { NULL, FALSE, FALSE, TRUE, TRUE, FALSE },   /* traditional */
    { NULL, FALSE, FALSE, TRUE, FALSE, TRUE },   /* mixed */
    { NULL, FALSE, FALSE, FALSE, FALSE, FALSE }, /* english */
    { NULL, TRUE, FALSE, FALSE, FALSE, FALSE },  /* traditional, in columns */
    { NULL, TRUE, TRUE, TRUE, TRUE, FALSE },     /* traditional, on its side */
  };

  cases[0].text = simplified;
  cases[1].text = traditional;
  cases[2].text = mixed;
  cases[3].text = english;
  cases[4].text = traditional;
  cases[5].text = traditional;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AgRecognitionPage) page = page_of (cases[i].text, cases[i].standing);
      gboolean traditional_read = FALSE, english_read = FALSE;
      guint s2t = _ag_convert_get_n_asked (AG_CONVERSION_S2T);

      g_assert_cmpint (_ag_auto_language_judge_reading (page, cases[i].on_its_side, &traditional_read,
                                                        &english_read), ==, cases[i].chinese);
      if (!cases[i].chinese)
        continue;
      g_assert_cmpint (traditional_read, ==, cases[i].traditional);
      g_assert_cmpint (english_read, ==, cases[i].english);
      /* (a reading with no Traditional forms is Simplified without s2t) */
      if (!cases[i].traditional)
        g_assert_cmpuint (_ag_convert_get_n_asked (AG_CONVERSION_S2T), ==, s2t);
    }
}

static void
test_available (void)
{
  g_autofree char *name = ag_languages_dup_display_name (AG_LANGUAGES_AUTO);

  g_assert_true (ag_languages_is_auto ("auto"));
  g_assert_false (ag_languages_is_auto ("eng"));
  g_assert_false (ag_languages_is_auto (NULL));
  g_assert_cmpstr (name, ==, "Automatic");
  if (have ("eng"))
    g_assert_true (ag_languages_check_available (AG_LANGUAGES_AUTO, NULL));
}

int
main (int   argc,
      char *argv[])
{
  /* (A counted; B, C and D for test_mixed() and test_traditional()) */
  ag_test_record_log_messages ((const char *[]) { "in two parts at once", "read with eng in ",
                                                  "the lines look Chinese", "side by side", NULL });
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/auto-language/available", test_available);
  g_test_add_func ("/auto-language/english", test_english);
  g_test_add_func ("/auto-language/judge-reading", test_judge_reading);
  g_test_add_func ("/auto-language/simplified", test_simplified);
  g_test_add_func ("/auto-language/traditional", test_traditional);
  g_test_add_func ("/auto-language/mixed", test_mixed);
  g_test_add_func ("/auto-language/no-latin", test_no_latin);
  g_test_add_func ("/auto-language/desktop-is-a-hint", test_desktop_is_a_hint);
  g_test_add_func ("/auto-language/chinese-desktop-first", test_chinese_desktop_first);
  g_test_add_func ("/auto-language/han-upright-first", test_han_upright_first);
  g_test_add_func ("/auto-language/preload-page-decides", test_preload_page_decides);
  g_test_add_func ("/auto-language/preload-no-page", test_preload_no_page);
  g_test_add_func ("/auto-language/preload-chinese-desktop", test_preload_chinese_desktop);
  g_test_add_func ("/auto-language/regions", test_regions);
  g_test_add_func ("/auto-language/missing-chinese", test_missing_chinese);

  return g_test_run ();
}
