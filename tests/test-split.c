/* test-split.c — a page of lines read in two parts at once
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ag-core.h"
#include "recognize/ag-engine-private.h"
#include "recognize/tesseract/ag-tess.h"
#include "recognize/ag-orient.h"
#include "recognize/ag-leptonica-private.h"
#include "recognize/ag-split.h"
#include "ag-test-util.h"

#define DPI 300.0
#define FONT "DejaVu Sans Mono 11"

/* Written for this test. */
/* Written for this test: lines of about one length, which Tesseract
 * reads as one paragraph. */
static const char *first_paragraph =
  "The committee met on Tuesday morning to review\n"
  "the budget for the coming year. Most of their\n"
  "time went on the new library building, which\n"
  "is now three months behind its own schedule.";

static const char *second_paragraph =
  "The treasurer asked every department to send\n"
  "its final figures before the end of the month\n"
  "so that the full report can be printed in time\n"
  "for the general meeting of members in spring.";

static const char *chinese =
  "本次会议定于下周三上午九点在三楼会议室召开，\n"
  "请各部门负责人准时参加。会议主要内容包括总结\n"
  "第一季度的工作，讨论新产品的上线计划，并安排\n"
  "下半年的培训。如有疑问，请联系办公室。";

static PIX *
render (const char *text,
        const char *font)
{
  cairo_surface_t *surface = ag_test_render_text (text, font, DPI);
  PIX *pix = ag_test_pix_from_surface (surface);

  cairo_surface_destroy (surface);
  return pix;
}

static char *
two_paragraphs (void)
{
  return g_strconcat (first_paragraph, "\n\n", second_paragraph, NULL);
}

static char *
one_paragraph (void)
{
  return g_strconcat (first_paragraph, "\n", second_paragraph, NULL);
}

/* Every pixel of row @y is white. */
static gboolean
row_is_white (PIX *pix,
              int  y)
{
  for (int x = 0; x < pixGetWidth (pix); x++)
    {
      l_uint32 value = 0;

      pixGetPixel (pix, x, y, &value);
      if (value < 128)
        return FALSE;
    }
  return TRUE;
}

/* The rows with ink above and below @y, as a share of all rows with ink. */
static double
share_of_lines_above (PIX *pix,
                      int  y)
{
  int above = 0, total = 0;

  for (int row = 0; row < pixGetHeight (pix); row++)
    if (!row_is_white (pix, row))
      {
        total++;
        if (row < y)
          above++;
      }
  return total > 0 ? (double) above / total : 0;
}

static void
test_inside_paragraph (void)
{
  g_autofree char *text = one_paragraph ();
  PIX *pix = render (text, FONT);
  AgSplit split = { 0 };

  g_assert_true (_ag_split_find (pix, &split));
  g_assert_true (split.in_paragraph);
  g_assert_true (row_is_white (pix, split.y));
  g_assert_cmpfloat (share_of_lines_above (pix, split.y), >, 0.3);
  g_assert_cmpfloat (share_of_lines_above (pix, split.y), <, 0.7);
  g_assert_cmpint (split.line_height, >, 20);
  g_assert_cmpint (split.line_height, <, 80);
  pixDestroy (&pix);
}

static void
test_between_paragraphs (void)
{
  g_autofree char *text = two_paragraphs ();
  PIX *pix = render (text, FONT);
  AgSplit split = { 0 };
  int white_above = 0, white_below = 0;

  g_assert_true (_ag_split_find (pix, &split));
  g_assert_false (split.in_paragraph);
  /* In the empty line between the paragraphs: white for more than a
   * line's height around the cut. */
  while (row_is_white (pix, split.y - white_above - 1))
    white_above++;
  while (row_is_white (pix, split.y + white_below + 1))
    white_below++;
  g_assert_cmpint (white_above + white_below, >, split.line_height);
  pixDestroy (&pix);
}

static void
test_chinese (void)
{
  PIX *pix = render (chinese, "Noto Sans CJK SC 11");
  AgSplit split = { 0 };

  g_assert_true (_ag_split_find (pix, &split));
  g_assert_true (split.in_paragraph);
  g_assert_true (row_is_white (pix, split.y));
  pixDestroy (&pix);
}

/* Two columns of the paragraphs, a gutter of a few characters apart. */
static PIX *
render_columns (void)
{
  PIX *left = render (first_paragraph, FONT);
  PIX *right = render (second_paragraph, FONT);
  int width = pixGetWidth (left) + pixGetWidth (right);
  int height = MAX (pixGetHeight (left), pixGetHeight (right));
  PIX *page = pixCreate (width, height, 8);

  pixSetAll (page);
  pixRasterop (page, 0, 0, pixGetWidth (left), pixGetHeight (left), PIX_SRC, left, 0, 0);
  pixRasterop (page, pixGetWidth (left), 0, pixGetWidth (right), pixGetHeight (right), PIX_SRC,
               right, 0, 0);
  pixDestroy (&left);
  pixDestroy (&right);
  return page;
}

static void
test_not_cut (void)
{
  g_autofree char *text = two_paragraphs ();
  PIX *page = render (text, FONT);
  PIX *pix;
  AgSplit split = { 0 };

  /* Columns: read column by column, a cut across them would change the
   * order of the text. */
  pix = render_columns ();
  g_assert_false (_ag_split_find (pix, &split));
  pixDestroy (&pix);

  /* Chinese on its side: its characters pass for lines. */
  {
    PIX *upright = render (chinese, "Noto Sans CJK SC 11");

    pix = pixRotate90 (upright, 1);
    g_assert_false (_ag_split_find (pix, &split));
    pixDestroy (&pix);
    pixDestroy (&upright);
  }

  /* Too few lines. */
  pix = render ("One line of text,\nand another one.", FONT);
  g_assert_false (_ag_split_find (pix, &split));
  pixDestroy (&pix);

  /* Nothing on it. */
  pix = pixCreate (1000, 1000, 8);
  pixSetAll (pix);
  g_assert_false (_ag_split_find (pix, &split));
  pixDestroy (&pix);

  /* Light text on a dark ground. */
  pix = pixInvert (NULL, page);
  g_assert_false (_ag_split_find (pix, &split));
  pixDestroy (&pix);

  /* Small. */
  pix = pixScale (page, 0.15f, 0.15f);
  g_assert_false (_ag_split_find (pix, &split));
  pixDestroy (&pix);

  /* The same page is cut. */
  g_assert_true (_ag_split_find (page, &split));
  pixDestroy (&page);
}

/* @pix read whole and in two parts: returns the text of both. */
static void
read_both_ways (PIX         *pix,
                const char  *languages,
                char       **whole,
                char       **parts)
{
  g_autoptr(GError) error = NULL;
  AgTess *tess = _ag_tess_new (languages, &error);
  AgTess *twin = _ag_tess_new (languages, &error);
  g_autoptr(AgRecognitionPage) one = NULL;
  g_autoptr(AgRecognitionPage) two = NULL;

  g_assert_no_error (error);
  one = ag_recognition_page_new (0, pixGetWidth (pix), pixGetHeight (pix), DPI,
                                 AG_RECOGNITION_SOURCE_OCR);
  two = ag_recognition_page_new (0, pixGetWidth (pix), pixGetHeight (pix), DPI,
                                 AG_RECOGNITION_SOURCE_OCR);
  pixSetResolution (pix, (int) DPI, (int) DPI);

  g_assert_true (_ag_tess_recognize (tess, NULL, pix, DPI, NULL, -1, FALSE, TRUE, one,
                                     NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_ag_tess_recognize (tess, &(AgTessTwin) { NULL, NULL, twin }, pix, DPI, NULL, -1, FALSE, TRUE, two,
                                     NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The boxes are on the page, as if it had been read whole. */
  g_assert_cmpuint (two->blocks->len, >, 0);
  for (guint b = 0; b < two->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (two->blocks, b);

      g_assert_cmpfloat (block->box.y, >=, 0);
      g_assert_cmpfloat (block->box.y + block->box.height, <=, 1.0);
      g_assert_cmpfloat (block->box.height, >, 0);
    }
  {
    AgBlock *last = g_ptr_array_index (two->blocks, two->blocks->len - 1);

    g_assert_cmpfloat (last->box.y + last->box.height, >, 0.7);
  }

  *whole = ag_recognition_page_dup_text (one);
  *parts = ag_recognition_page_dup_text (two);
  _ag_tess_free (tess);
  _ag_tess_free (twin);
}

static void
test_read_english (void)
{
  g_autofree char *text = one_paragraph ();
  g_autofree char *whole = NULL;
  g_autofree char *parts = NULL;
  PIX *pix = render (text, FONT);

  read_both_ways (pix, "eng", &whole, &parts);
  g_assert_cmpstr (parts, ==, whole);
  g_assert_cmpfloat (ag_test_cer (parts, text, FALSE), <, 0.02);
  /* One paragraph: the cut went through it and it was joined again. */
  g_assert_null (strstr (g_strstrip (parts), "\n\n"));
  pixDestroy (&pix);
}

static void
test_read_paragraphs (void)
{
  g_autofree char *text = two_paragraphs ();
  g_autofree char *whole = NULL;
  g_autofree char *parts = NULL;
  PIX *pix = render (text, FONT);

  read_both_ways (pix, "eng", &whole, &parts);
  g_assert_cmpstr (parts, ==, whole);
  g_assert_nonnull (strstr (parts, "schedule.\n\nThe treasurer"));
  pixDestroy (&pix);
}

static void
test_read_chinese (void)
{
  g_autofree char *whole = NULL;
  g_autofree char *parts = NULL;
  PIX *pix = render (chinese, "Noto Sans CJK SC 11");
  double cer_whole, cer_parts;

  read_both_ways (pix, "chi_sim", &whole, &parts);
  cer_whole = ag_test_cer (whole, chinese, TRUE);
  cer_parts = ag_test_cer (parts, chinese, TRUE);
  g_test_message ("CER whole %.3f, in two parts %.3f", cer_whole, cer_parts);
  g_assert_cmpfloat (cer_parts, <=, cer_whole + 0.02);
  g_assert_cmpfloat (cer_parts, <=, 0.05);
  pixDestroy (&pix);
}

/* The engine reads a page alone in two parts once two handles are
 * loaded; the log says so. */
static void
test_engine (void)
{
  g_autofree char *text = two_paragraphs ();
  cairo_surface_t *surface = ag_test_render_text (text, FONT, DPI);
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;

  g_ptr_array_add (bitmaps, ag_test_bitmap_from_surface (surface, DPI));
  cairo_surface_destroy (surface);
  ag_recognize_options_set_languages (options, "eng");

  ag_test_reset_n_log_messages ();
  ag_engine_preload (ag_engine_get_default (), "eng");
  recognition = _ag_engine_recognize_bitmaps (ag_engine_get_default (), bitmaps, options, NULL,
                                              &error);
  g_assert_no_error (error);
  result = ag_recognition_dup_text (recognition);
  g_assert_cmpfloat (ag_test_cer (result, text, FALSE), <, 0.02);
  g_assert_cmpuint (ag_test_get_n_log_messages (), ==, 1);
}

static AgTess *
count_checkout (gpointer    data,
                const char *languages)
{
  guint *n = data;

  (*n)++;
  return _ag_tess_new (languages, NULL);
}

/* The second handle is asked for only when the page is cut: a line alone
 * (a banner, a screenshot of one sentence) is read without waiting for
 * one being loaded. */
static void
test_twin_when_cut (void)
{
  g_autofree char *text = two_paragraphs ();
  const char *pages[] = { "A single line, too few to cut.", text };
  g_autoptr(GError) error = NULL;
  AgTess *tess = _ag_tess_new ("eng", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      PIX *pix = render (pages[i], FONT);
      g_autoptr(AgRecognitionPage) page = ag_recognition_page_new (0, pixGetWidth (pix), pixGetHeight (pix),
                                                                   DPI, AG_RECOGNITION_SOURCE_OCR);
      guint n_checkouts = 0;
      AgTessTwin twin = { count_checkout, &n_checkouts, NULL };
      g_autofree char *read = NULL;

      pixSetResolution (pix, (int) DPI, (int) DPI);
      g_assert_true (_ag_tess_recognize (tess, &twin, pix, DPI, NULL, -1, FALSE, TRUE, page,
                                         NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      read = ag_recognition_page_dup_text (page);
      g_assert_cmpfloat (ag_test_cer (read, pages[i], FALSE), <, 0.02);
      g_assert_cmpuint (n_checkouts, ==, i);
      g_assert_true ((twin.tess != NULL) == (i == 1));
      g_clear_pointer (&twin.tess, _ag_tess_free);
      pixDestroy (&pix);
    }
  _ag_tess_free (tess);
}

static const char *traditional =
  "傳統的書法講究筆畫的輕重與節奏，每一個字都像是\n"
  "一幅小小的畫。許多老師認為練習書法能讓人心情平\n"
  "靜，週末的書法班裡常常坐滿了不同年齡的學員。";

/* Which pages' lines look like Han characters: made pages in Chinese
 * (both forms, at 300 and 100 dpi, and turned a quarter) and in English
 * (serif, sans, mono, upside down), and the corpus's clean pages and
 * scans, where it has them. */
static void
test_looks_han (void)
{
  g_autofree char *english = two_paragraphs ();
  const struct
  {
    const char *text;
    const char *font;
    double      dpi;
    int         quarters;
    gboolean    han;
  } made[] = {
    { chinese, "Noto Sans CJK SC 12", DPI, 0, TRUE },
    { chinese, "Noto Serif CJK SC 12", DPI, 0, TRUE },
    { chinese, "Noto Sans CJK SC 12", 100, 0, TRUE },
    { chinese, "Noto Sans CJK SC 12", DPI, 1, TRUE },
    { traditional, "Noto Sans CJK TC 12", DPI, 0, TRUE },
    { traditional, "Noto Sans CJK TC 12", 100, 0, TRUE },
    { english, "DejaVu Serif 11", DPI, 0, FALSE },
    { english, "DejaVu Sans 11", 100, 0, FALSE },
    { english, FONT, DPI, 0, FALSE },
    { english, "DejaVu Serif 11", DPI, 2, FALSE },
  };
  const struct
  {
    const char *path;
    gboolean    han;
  } corpus[] = {
    { "synthetic/zh_dev1_clean300.png", TRUE },
    { "synthetic/zh_dev2_clean100.png", TRUE },
    { "synthetic/zht_dev1_clean300.png", TRUE },
    { "synthetic/zh_dev3_noise.png", TRUE },
    { "synthetic/en_dev1_clean300.png", FALSE },
    { "synthetic/en_dev3_clean300.png", FALSE },
    { "synthetic/en_dev2_clean100.png", FALSE },
    { "real-public/tess_phototest.tif", FALSE },
    { "real-public/tess_phototest_rot180.png", FALSE },
    /* a photo: no lines to go by */
    { "real-public/gut_cn02.jpg", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    {
      cairo_surface_t *surface = ag_test_render_text (made[i].text, made[i].font, made[i].dpi);
      g_autoptr(PIX) upright = ag_test_pix_from_surface (surface);
      g_autoptr(PIX) pix = made[i].quarters == 0 ? pixClone (upright)
                                                 : pixRotateOrth (upright, made[i].quarters);

      cairo_surface_destroy (surface);
      g_test_message ("%s at %.0f dpi, turned %d°", made[i].font, made[i].dpi, 90 * made[i].quarters);
      g_assert_cmpint (_ag_split_lines_look_han (pix), ==, made[i].han);
    }

  if (ag_test_get_corpus () == NULL)
    {
      g_test_skip ("the corpus is not there (AIRGAP_CORPUS)");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_autofree char *path = g_build_filename (ag_test_get_corpus (), corpus[i].path, NULL);
      g_autoptr(PIX) pix = pixRead (path);

      g_assert_nonnull (pix);
      g_test_message ("%s", corpus[i].path);
      g_assert_cmpint (_ag_split_lines_look_han (pix), ==, corpus[i].han);
    }
}

/* A page read in one part while a second handle is idle, unevenly lit
 * (a photo): its orientation check starts beside the reading, on the
 * free core, and a doubtful reading (Chinese read as English) takes its
 * result, the same as the check run after the reading finds. */
static void
test_orientation_ahead (void)
{
  g_autoptr(AgLanguage) eng = ag_languages_lookup ("eng");
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_pattern_t *shade;
  cairo_t *cr;
  AgTess *tess, *twin;
  AgTessOrientation alone = { 0 }, beside = { 0 };
  g_autoptr(AgRecognitionPage) one = NULL;
  g_autoptr(AgRecognitionPage) two = NULL;
  g_autofree char *text_alone = NULL;
  g_autofree char *text_beside = NULL;
  guint before;
  PIX *pix;

  if (eng == NULL)
    {
      g_test_skip ("eng is not installed");
      return;
    }

  /* Two lines (too few to cut), the light falling off to one side. */
  surface = ag_test_render_text ("本次会议定于下周三上午九点在三楼会议室召开，\n"
                                 "请各部门负责人准时参加。", "Noto Sans CJK SC 14", DPI);
  cr = cairo_create (surface);
  shade = cairo_pattern_create_linear (0, 0, cairo_image_surface_get_width (surface), 0);
  cairo_pattern_add_color_stop_rgb (shade, 0, 1, 1, 1);
  cairo_pattern_add_color_stop_rgb (shade, 1, 0.45, 0.45, 0.45);
  cairo_set_operator (cr, CAIRO_OPERATOR_MULTIPLY);
  cairo_set_source (cr, shade);
  cairo_paint (cr);
  cairo_pattern_destroy (shade);
  cairo_destroy (cr);
  pix = ag_test_pix_from_surface (surface);
  cairo_surface_destroy (surface);
  pixSetResolution (pix, (int) DPI, (int) DPI);

  tess = _ag_tess_new ("eng", &error);
  g_assert_no_error (error);
  twin = _ag_tess_new ("eng", &error);
  g_assert_no_error (error);
  one = ag_recognition_page_new (0, pixGetWidth (pix), pixGetHeight (pix), DPI,
                                 AG_RECOGNITION_SOURCE_OCR);
  two = ag_recognition_page_new (0, pixGetWidth (pix), pixGetHeight (pix), DPI,
                                 AG_RECOGNITION_SOURCE_OCR);

  /* (no second handle: the check after the reading) */
  before = _ag_tess_get_n_orientation_ahead ();
  g_assert_true (_ag_tess_recognize (tess, NULL, pix, DPI, NULL, -1, FALSE, TRUE, one,
                                     NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  _ag_tess_get_orientation (tess, &alone);
  g_assert_cmpuint (_ag_tess_get_n_orientation_ahead (), ==, before);
  g_assert_true (alone.asked);

  g_assert_true (_ag_tess_recognize (tess, &(AgTessTwin) { NULL, NULL, twin }, pix, DPI, NULL, -1, FALSE, TRUE, two,
                                     NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  _ag_tess_get_orientation (tess, &beside);
  g_assert_cmpuint (_ag_tess_get_n_orientation_ahead (), ==, before + 1);
  g_assert_true (beside.asked);
  g_assert_cmpint (beside.detected, ==, alone.detected);
  g_assert_cmpint (beside.turn_cw, ==, alone.turn_cw);
  g_assert_cmpfloat_with_epsilon (beside.confidence, alone.confidence, 1e-4);
  g_assert_cmpstr (beside.script, ==, alone.script);

  text_alone = ag_recognition_page_dup_text (one);
  text_beside = ag_recognition_page_dup_text (two);
  g_assert_cmpstr (text_beside, ==, text_alone);

  _ag_tess_free (twin);
  _ag_tess_free (tess);
  pixDestroy (&pix);
}

int
main (int   argc,
      char *argv[])
{
  /* Two workers whatever the machine: a page is cut with two or more. */
  g_setenv ("AIRGAP_WORKERS", "2", TRUE);
  ag_test_count_log_messages ("in two parts at once");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/split/inside-paragraph", test_inside_paragraph);
  g_test_add_func ("/split/between-paragraphs", test_between_paragraphs);
  g_test_add_func ("/split/chinese", test_chinese);
  g_test_add_func ("/split/not-cut", test_not_cut);
  g_test_add_func ("/split/read-english", test_read_english);
  g_test_add_func ("/split/read-paragraphs", test_read_paragraphs);
  g_test_add_func ("/split/read-chinese", test_read_chinese);
  g_test_add_func ("/split/engine", test_engine);
  g_test_add_func ("/split/twin-when-cut", test_twin_when_cut);
  g_test_add_func ("/split/looks-han", test_looks_han);
  g_test_add_func ("/split/orientation-ahead", test_orientation_ahead);

  return g_test_run ();
}
