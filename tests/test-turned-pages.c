/* test-turned-pages.c — pages in every orientation come out upright
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * English, Simplified and Traditional Chinese made pages, each turned by
 * 0, 90, 180 and 270°, read by the engine with the right language chosen
 * (and, turned a quarter anticlockwise, with the automatic choice): the
 * text must come out upright, in its order.  An upside-down reading of
 * Latin text is letters all the same ("SEM oy} JO"), so the character
 * error rate against the made text is the test.
 */

#include "config.h"

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "ag-core.h"
#include "recognize/ag-engine-private.h"
#include "recognize/ag-orient.h"
#include "ag-test-util.h"

/* English at 100 dpi: small print, which Leptonica's orientation
 * detector (in the preprocessing) cannot judge. */
/* Upright readings of these pages score 0–0.02; upside-down or
 * sideways ones 0.3–1. */
#define MAX_CER 0.05

typedef struct
{
  const char *code;
  double      dpi;
  const char *font;
  gboolean    cjk;
  const char *text;
} Page;

static const Page pages[] = {
  { "eng", 100, "DejaVu Serif 11", FALSE,
    "It was the best of times, it was the worst of times,\n"
    "it was the age of wisdom, it was the age of foolishness,\n"
    "it was the epoch of belief, it was the epoch of incredulity,\n"
    "it was the season of Light, it was the season of Darkness." },
  { "chi_sim", 200, "Noto Sans CJK SC 12", TRUE,
    "清晨六点，城市还没有完全醒来。\n"
    "街角的早餐店已经亮起了灯，蒸笼里冒出白色的热气。\n"
    "骑着电动车的快递员从门口经过，顺手买了两个包子。\n"
    "离线文字识别不会上传任何文件。" },
  { "chi_tra", 200, "Noto Serif CJK TC 12", TRUE,
    "傳統的書法講究筆畫的輕重與節奏。\n"
    "每一個字都像是一幅小小的畫，許多老師認為練習書法能讓人心情平靜。\n"
    "週末的書法班裡，常常坐滿了來自不同年齡層的學員。\n"
    "離線文字辨識不會上傳任何檔案。" },
};

static gboolean
have_all (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(AgLanguage) language = ag_languages_lookup (pages[i].code);

      if (language == NULL)
        {
          g_test_skip ("eng, chi_sim and chi_tra are needed");
          return FALSE;
        }
    }
  return TRUE;
}

/* @surface turned clockwise by @turn degrees. */
static cairo_surface_t *
turn_surface (cairo_surface_t *surface,
              int              turn)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  gboolean quarter = turn == 90 || turn == 270;
  cairo_surface_t *turned = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                        quarter ? h : w, quarter ? w : h);
  cairo_t *cr = cairo_create (turned);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  switch (turn)
    {
    case 90:
      cairo_translate (cr, h, 0);
      break;
    case 180:
      cairo_translate (cr, w, h);
      break;
    case 270:
      cairo_translate (cr, 0, w);
      break;
    default:
      break;
    }
  cairo_rotate (cr, turn * G_PI / 180.0);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (turned);

  return turned;
}

static void
check (const Page *page,
       int         turn,
       gboolean    automatic)
{
  cairo_surface_t *upright = ag_test_render_text (page->text, page->font, page->dpi);
  cairo_surface_t *turned = turn_surface (upright, turn);
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *read = NULL;
  gint64 started = g_get_monotonic_time ();
  double cer;

  ag_recognize_options_set_languages (options, automatic ? AG_LANGUAGES_AUTO : page->code);
  /* Tesseract: the pages PP-OCR reads are turned by its own detector. */
  ag_recognize_options_set_engine_kind (options, AG_ENGINE_KIND_TESSERACT);
  g_ptr_array_add (bitmaps, ag_test_bitmap_from_surface (turned, page->dpi));
  recognition = _ag_engine_recognize_bitmaps (ag_engine_get_default (), bitmaps, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (recognition);

  read = ag_recognition_dup_text (recognition);
  cer = ag_test_cer (read, page->text, page->cjk);
  g_test_message ("%s turned %d°%s: CER %.3f in %.0f ms: %s", page->code, turn,
                  automatic ? " (automatic)" : "", cer,
                  (g_get_monotonic_time () - started) / 1000.0, read);
  g_assert_cmpfloat (cer, <=, MAX_CER);
  /* Laid out as lines: the words of lines on their side, stacked, once
   * made a table (its cells are set apart by tabs). */
  g_assert_null (strchr (read, '\t'));
  /* Lines on their side are not columns: the automatic choice does not
   * take them for vertical text. */
  if (automatic)
    {
      AgRecognitionPage *result = ag_recognition_get_page (recognition, 0);

      g_test_message ("note: %s", result->note);
      g_assert_nonnull (result->note);
      g_assert_null (strstr (result->note, "vertical"));
    }

  cairo_surface_destroy (turned);
  cairo_surface_destroy (upright);
}

static void
test_turned (gconstpointer data)
{
  const Page *page = data;

  if (!have_all ())
    return;
  for (int turn = 0; turn < 360; turn += 90)
    check (page, turn, FALSE);
}

static void
test_automatic (void)
{
  if (!have_all ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    check (&pages[i], 270, TRUE);
}

/* On an English desktop a Chinese page on its side is read with eng
 * first, whose orientation check (Tesseract's detection) finds it turned
 * and its script Han: the automatic choice reuses that answer and turns
 * the page as that reading did, instead of asking again (it cost 0.3 s a
 * page, and a whole page read turned every way when the sample was taken
 * from the page on its side).  The detection runs for that reading and
 * for the reading with the languages chosen (which checks its own
 * orientation), never for the choice: twice a page, three times before. */
static void
test_automatic_asks_once (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  if (!have_all ())
    return;
  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpstr (ag_languages_get_default (), ==, "eng");
  for (guint i = 1; i < G_N_ELEMENTS (pages); i++)
    {
      guint before = _ag_orient_get_n_detections ();

      check (&pages[i], 90, TRUE);
      g_test_message ("%s turned 90° (automatic): the detection ran %u times", pages[i].code,
                      _ag_orient_get_n_detections () - before);
      g_assert_cmpuint (_ag_orient_get_n_detections () - before, <=, 2);
    }
  g_setenv ("LANGUAGE", saved != NULL ? saved : "", TRUE);
}

/* Two short lines at 100 dpi, on their side: too little for Tesseract's
 * orientation detection, which says "upright" with next to no
 * confidence; the reading (as columns, at 15-30) is nonsense, so the
 * page is tried turned both ways a strip allows. */
static void
test_strip (void)
{
  static const Page strip = {
    "chi_tra", 100, "Noto Serif CJK TC 12", TRUE,
    "傳統的書法講究筆畫的輕重與節奏，\n"
    "每一個字都像是一幅小小的畫。",
  };

  if (!have_all ())
    return;
  check (&strip, 270, FALSE);
}

/* EXIF is honoured first: a phone's photo stored on its side, with
 * orientation 6 ("turn 90° clockwise to view"), is turned by it when
 * loaded, and read upright without the orientation check's help. */
static void
test_exif_first (void)
{
  const Page *page = &pages[0];
  g_autofree char *png = ag_test_render_text_png (page->text, page->font, 200);
  g_autoptr(GdkPixbuf) upright = NULL;
  g_autoptr(GdkPixbuf) stored = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) tagged = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *read = NULL;
  AgRecognitionPage *result;
  char *buffer = NULL;
  gsize size = 0;
  double cer;

  if (!have_all ())
    return;

  upright = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  stored = gdk_pixbuf_rotate_simple (upright, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
  g_assert_true (gdk_pixbuf_save_to_buffer (stored, &buffer, &size, "jpeg", &error, "quality", "95", NULL));
  g_assert_no_error (error);
  jpeg = g_bytes_new_take (buffer, size);
  tagged = ag_test_jpeg_with_orientation (jpeg, 6);
  path = ag_test_write_file ("phone-on-its-side.jpg", tagged);

  file = g_file_new_for_path (path);
  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  ag_recognize_options_set_languages (options, page->code);
  ag_recognize_options_set_engine_kind (options, AG_ENGINE_KIND_TESSERACT);
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);

  result = ag_recognition_get_page (recognition, 0);
  read = ag_recognition_dup_text (recognition);
  cer = ag_test_cer (read, page->text, FALSE);
  g_test_message ("EXIF orientation 6: %d×%d, CER %.3f", result->width, result->height, cer);
  /* The page as shown: upright, wider than tall. */
  g_assert_cmpint (result->width, >, result->height);
  g_assert_cmpint (ag_recognition_page_guess_turn (result), ==, 0);
  g_assert_cmpfloat (cer, <=, MAX_CER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/turned-pages/%s", pages[i].code);

      g_test_add_data_func (path, &pages[i], test_turned);
    }
  g_test_add_func ("/turned-pages/automatic", test_automatic);
  g_test_add_func ("/turned-pages/automatic-asks-once", test_automatic_asks_once);
  g_test_add_func ("/turned-pages/strip", test_strip);
  g_test_add_func ("/turned-pages/exif-first", test_exif_first);

  return g_test_run ();
}
