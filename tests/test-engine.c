/* test-engine.c — recognition through the worker pool
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <malloc.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <string.h>

#include "ag-core.h"
#include "recognize/ag-engine-private.h"
#include "recognize/ag-handle-cache.h"
#include "recognize/tesseract/ag-tess.h"
#include "ag-test-pdf.h"
#include "ag-test-util.h"

#define DPI 200.0

static const char *english =
  "The quick brown fox jumps over the lazy dog.\n"
  "Pack my box with five dozen liquor jugs.\n"
  "Offline recognition keeps confidential papers private.";

static const char *chinese =
  "离线文字识别不会上传任何文件。\n"
  "机密文件只在自己的电脑上处理。";

static AgBitmap *
render_bitmap (const char *text,
               const char *font)
{
  cairo_surface_t *surface = ag_test_render_text (text, font, DPI);
  AgBitmap *bitmap = ag_test_bitmap_from_surface (surface, DPI);

  cairo_surface_destroy (surface);
  return bitmap;
}

/* A white page of @width × @height with @text drawn at (@x, @y). */
static cairo_surface_t *
page_surface (int width,
              int height)
{
  cairo_surface_t *page = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (page);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  return page;
}

static void
paste_text (cairo_surface_t *page,
            const char      *text,
            double           x,
            double           y,
            int             *text_width,
            int             *text_height)
{
  cairo_surface_t *surface = ag_test_render_text (text, "DejaVu Sans 12", DPI);
  cairo_t *cr = cairo_create (page);

  cairo_set_source_surface (cr, surface, x, y);
  cairo_paint (cr);
  cairo_destroy (cr);
  if (text_width != NULL)
    *text_width = cairo_image_surface_get_width (surface);
  if (text_height != NULL)
    *text_height = cairo_image_surface_get_height (surface);
  cairo_surface_destroy (surface);
}

static GPtrArray *
one_bitmap (AgBitmap *bitmap)
{
  GPtrArray *bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);

  g_ptr_array_add (bitmaps, bitmap);
  return bitmaps;
}

static AgRecognition *
recognize_bitmaps (GPtrArray          *bitmaps,
                   AgRecognizeOptions *options,
                   GError            **error)
{
  return _ag_engine_recognize_bitmaps (ag_engine_get_default (), bitmaps, options, NULL, error);
}

static void
test_english (void)
{
  g_autoptr(GPtrArray) bitmaps = one_bitmap (render_bitmap (english, "DejaVu Serif 11"));
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AgRecognitionPage *page;
  double cer;

  ag_recognize_options_set_languages (options, "eng");
  recognition = recognize_bitmaps (bitmaps, options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_recognition_get_n_pages (recognition), ==, 1);

  page = ag_recognition_get_page (recognition, 0);
  g_assert_cmpstr (page->engine, ==, "tesseract");
  g_assert_cmpint (page->source, ==, AG_RECOGNITION_SOURCE_OCR);
  g_assert_cmpfloat (page->dpi, ==, DPI);
  g_assert_cmpuint (page->blocks->len, >=, 1);

  text = ag_recognition_dup_text (recognition);
  cer = ag_test_cer (text, english, FALSE);
  g_test_message ("English CER %.3f: %s", cer, text);
  g_assert_cmpfloat (cer, <, 0.05);
  g_assert_cmpfloat (ag_recognition_get_mean_confidence (recognition), >, 70);
}

static void
test_chinese (void)
{
  g_autoptr(GPtrArray) bitmaps = one_bitmap (render_bitmap (chinese, "Noto Sans CJK SC 14"));
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  double cer;

  ag_recognize_options_set_languages (options, "chi_sim");
  recognition = recognize_bitmaps (bitmaps, options, &error);
  g_assert_no_error (error);

  text = ag_recognition_dup_text (recognition);
  cer = ag_test_cer (text, chinese, TRUE);
  g_test_message ("chi_sim CER %.3f: %s", cer, text);
  g_assert_cmpfloat (cer, <, 0.10);
}

static AgWord *
find_word (AgRecognition *recognition,
           const char    *needle)
{
  for (guint p = 0; p < ag_recognition_get_n_pages (recognition); p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);

      for (guint b = 0; b < page->blocks->len; b++)
        {
          AgBlock *block = g_ptr_array_index (page->blocks, b);

          for (guint l = 0; l < block->lines->len; l++)
            {
              AgLine *line = g_ptr_array_index (block->lines, l);

              for (guint w = 0; w < line->words->len; w++)
                {
                  AgWord *word = g_ptr_array_index (line->words, w);

                  if (strstr (word->text, needle) != NULL)
                    return word;
                }
            }
        }
    }

  return NULL;
}

static void
test_boxes (void)
{
  cairo_surface_t *page = page_surface (1600, 1200);
  g_autoptr(GPtrArray) bitmaps = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  int tw, th;
  AgWord *word;
  double margin = DPI / 3;
  double x0, y0, x1, y1;

  /* "Lighthouse" alone, its ink starting one margin into the pasted
   * image, which goes at (900, 700). */
  paste_text (page, "Lighthouse", 900, 700, &tw, &th);
  bitmaps = one_bitmap (ag_test_bitmap_from_surface (page, DPI));
  cairo_surface_destroy (page);

  ag_recognize_options_set_languages (options, "eng");
  recognition = recognize_bitmaps (bitmaps, options, &error);
  g_assert_no_error (error);

  word = find_word (recognition, "Lighthouse");
  g_assert_nonnull (word);
  g_assert_cmpfloat (word->confidence, >, 50);

  x0 = (900 + margin) / 1600;
  y0 = (700 + margin) / 1200;
  x1 = (900 + tw - margin) / 1600;
  y1 = (700 + th - margin) / 1200;
  g_test_message ("box %.3f,%.3f %.3fx%.3f expected about %.3f,%.3f %.3fx%.3f",
                  word->box.x, word->box.y, word->box.width, word->box.height,
                  x0, y0, x1 - x0, y1 - y0);
  /* Within 1% of the page of where the ink is. */
  g_assert_cmpfloat (fabs (word->box.x - x0), <, 0.01);
  g_assert_cmpfloat (fabs (word->box.y + word->box.height - y1), <, 0.015);
  g_assert_cmpfloat (fabs (word->box.x + word->box.width - x1), <, 0.01);
  g_assert_cmpfloat (word->box.y, >, y0 - 0.01);
  g_assert_cmpfloat (word->box.y, <, y1);
}

static void
test_regions (void)
{
  cairo_surface_t *page = page_surface (1600, 1600);
  g_autoptr(GPtrArray) bitmaps = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AgRegion) top = ag_region_new (0, 0.0, 0.0, 1.0, 0.45);
  g_autoptr(AgRegion) bottom = ag_region_new (0, 0.0, 0.5, 1.0, 0.5);
  AgRecognitionPage *result;
  AgBlock *block;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  paste_text (page, "Apples are red", 100, 150, NULL, NULL);
  paste_text (page, "Bananas are yellow", 100, 1100, NULL, NULL);
  bitmaps = one_bitmap (ag_test_bitmap_from_surface (page, DPI));
  cairo_surface_destroy (page);

  /* Drawn bottom first: their text comes in that order. */
  ag_recognize_options_set_languages (options, "eng");
  ag_recognize_options_add_region (options, bottom);
  ag_recognize_options_add_region (options, top);
  recognition = recognize_bitmaps (bitmaps, options, &error);
  g_assert_no_error (error);

  result = ag_recognition_get_page (recognition, 0);
  g_assert_cmpuint (result->blocks->len, ==, 2);

  block = g_ptr_array_index (result->blocks, 0);
  g_assert_cmpint (block->region, ==, 0);
  first = ag_block_dup_text (block, TRUE);
  g_assert_cmpfloat (block->box.y, >, 0.5);

  block = g_ptr_array_index (result->blocks, 1);
  g_assert_cmpint (block->region, ==, 1);
  second = ag_block_dup_text (block, TRUE);
  g_assert_cmpfloat (block->box.y, <, 0.45);

  g_assert_cmpfloat (ag_test_cer (first, "Bananas are yellow", FALSE), <, 0.05);
  g_assert_cmpfloat (ag_test_cer (second, "Apples are red", FALSE), <, 0.05);
}

static const char *page_texts[] = {
  "First page about rivers",
  "Second page about mountains",
  "Third page about forests",
  "Fourth page about deserts",
};

static void
test_pages_in_order (void)
{
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (page_texts); i++)
    g_ptr_array_add (bitmaps, render_bitmap (page_texts[i], "DejaVu Sans 12"));

  ag_recognize_options_set_languages (options, "eng");
  recognition = recognize_bitmaps (bitmaps, options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_recognition_get_n_pages (recognition), ==, G_N_ELEMENTS (page_texts));

  for (guint i = 0; i < G_N_ELEMENTS (page_texts); i++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, i);
      g_autofree char *text = ag_recognition_page_dup_text (page);

      g_assert_cmpuint (page->index, ==, i);
      g_assert_cmpfloat (ag_test_cer (text, page_texts[i], FALSE), <, 0.05);
    }
}

static void
test_page_selection (void)
{
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AgRegion) region = ag_region_new (3, 0, 0, 1, 1);

  for (guint i = 0; i < G_N_ELEMENTS (page_texts); i++)
    g_ptr_array_add (bitmaps, render_bitmap (page_texts[i], "DejaVu Sans 12"));

  /* Page 2 by the list, page 4 through a region on it. */
  ag_recognize_options_set_languages (options, "eng");
  ag_recognize_options_add_page (options, 1);
  ag_recognize_options_add_region (options, region);
  recognition = recognize_bitmaps (bitmaps, options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_recognition_get_n_pages (recognition), ==, 2);
  g_assert_cmpuint (ag_recognition_get_page (recognition, 0)->index, ==, 1);
  g_assert_cmpuint (ag_recognition_get_page (recognition, 1)->index, ==, 3);

  /* A page that does not exist is an error, not silence. */
  g_clear_pointer (&recognition, ag_recognition_unref);
  g_clear_pointer (&options, ag_recognize_options_unref);
  options = ag_recognize_options_new ();
  ag_recognize_options_add_page (options, 7);
  recognition = recognize_bitmaps (bitmaps, options, &error);
  g_assert_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_PAGE);
  g_assert_null (recognition);
}

typedef struct
{
  GMainLoop     *loop;
  GThread       *main_thread;
  AgRecognition *recognition;
  GError        *error;
  GCancellable  *cancellable;
  double         last_fraction;
  guint          n_progress;
  gboolean       wrong_thread;
  gboolean       backwards;
  char          *last_message;
  gint64         cancelled_at;
  gint64         finished_at;
} AsyncData;

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  AsyncData *data = user_data;

  if (g_thread_self () != data->main_thread)
    data->wrong_thread = TRUE;
  if (fraction < data->last_fraction)
    data->backwards = TRUE;
  data->last_fraction = fraction;
  data->n_progress++;
  g_free (data->last_message);
  data->last_message = g_strdup (message);

  /* Cancel once Tesseract is well into the first pages. */
  if (data->cancellable != NULL && data->cancelled_at == 0 && fraction > 0.03)
    {
      data->cancelled_at = g_get_monotonic_time ();
      g_cancellable_cancel (data->cancellable);
    }
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncData *data = user_data;

  data->recognition = ag_engine_recognize_finish (AG_ENGINE (object), result, &data->error);
  data->finished_at = g_get_monotonic_time ();
  g_main_loop_quit (data->loop);
}

static void
test_progress (void)
{
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  AsyncData data = { 0 };

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (bitmaps, render_bitmap (english, "DejaVu Serif 11"));

  data.loop = g_main_loop_new (NULL, FALSE);
  data.main_thread = g_thread_self ();
  data.last_fraction = -1;
  ag_recognize_options_set_languages (options, "eng");
  ag_recognize_options_set_progress (options, progress_cb, &data, NULL);
  _ag_engine_recognize_bitmaps_async (ag_engine_get_default (), bitmaps, options, NULL, done_cb, &data);
  g_main_loop_run (data.loop);

  g_assert_no_error (data.error);
  g_assert_nonnull (data.recognition);
  g_assert_cmpuint (data.n_progress, >=, 2);
  g_assert_false (data.wrong_thread);
  g_assert_false (data.backwards);
  g_assert_cmpfloat (data.last_fraction, ==, 1.0);
  g_assert_nonnull (data.last_message);

  g_clear_pointer (&data.recognition, ag_recognition_unref);
  g_free (data.last_message);
  g_main_loop_unref (data.loop);
}

static void
test_cancel (void)
{
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(GString) long_text = g_string_new (NULL);
  AsyncData data = { 0 };
  gint64 start;

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (long_text, "%u. %s\n", i, "Pack my box with five dozen liquor jugs, said the clerk.");
  for (guint i = 0; i < 8; i++)
    g_ptr_array_add (bitmaps, render_bitmap (long_text->str, "DejaVu Serif 10"));

  data.loop = g_main_loop_new (NULL, FALSE);
  data.main_thread = g_thread_self ();
  data.last_fraction = -1;
  data.cancellable = g_cancellable_new ();
  ag_recognize_options_set_languages (options, "eng");
  ag_recognize_options_set_progress (options, progress_cb, &data, NULL);

  start = g_get_monotonic_time ();
  _ag_engine_recognize_bitmaps_async (ag_engine_get_default (), bitmaps, options,
                                      data.cancellable, done_cb, &data);
  g_main_loop_run (data.loop);

  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&data.error);
  g_assert_null (data.recognition);
  g_assert_cmpint (data.cancelled_at, >, 0);
  g_test_message ("cancelled after %.2f s, returned %.3f s later",
                  (data.cancelled_at - start) / 1e6, (data.finished_at - data.cancelled_at) / 1e6);
  g_assert_cmpint (data.finished_at - data.cancelled_at, <, G_USEC_PER_SEC / 2);
  g_assert_cmpfloat (data.last_fraction, <, 1.0);

  /* The workers stop too: the next job is not stuck behind the old one. */
  {
    g_autoptr(GPtrArray) one = one_bitmap (render_bitmap ("After the cancel", "DejaVu Sans 12"));
    g_autoptr(AgRecognizeOptions) again = ag_recognize_options_new ();
    g_autoptr(AgRecognition) recognition = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    gint64 t0 = g_get_monotonic_time ();

    ag_recognize_options_set_languages (again, "eng");
    recognition = recognize_bitmaps (one, again, &error);
    g_assert_no_error (error);
    text = ag_recognition_dup_text (recognition);
    g_assert_cmpfloat (ag_test_cer (text, "After the cancel", FALSE), <, 0.1);
    g_test_message ("next job took %.2f s", (g_get_monotonic_time () - t0) / 1e6);
    g_assert_cmpint (g_get_monotonic_time () - t0, <, 3 * G_USEC_PER_SEC);
  }

  g_free (data.last_message);
  g_object_unref (data.cancellable);
  g_main_loop_unref (data.loop);
}

static void
test_missing_language (void)
{
  g_autoptr(GPtrArray) bitmaps = one_bitmap (render_bitmap ("x", "DejaVu Sans 12"));
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;

  ag_recognize_options_set_languages (options, "eng+klingon");
  recognition = recognize_bitmaps (bitmaps, options, &error);
  g_assert_null (recognition);
  g_assert_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_MISSING_LANGUAGE);
  g_assert_nonnull (strstr (error->message, "klingon"));
  g_assert_nonnull (strstr (error->message, "tesseract-ocr-klingon"));
}

static void
test_version (void)
{
  const char *version = ag_engine_get_version_string ();

  g_assert_true (g_str_has_prefix (version, "Tesseract 5."));
  g_assert_nonnull (strstr (version, ", Leptonica 1."));
  g_assert_cmpuint (ag_engine_get_n_workers (ag_engine_get_default ()), ==, g_get_num_processors ());
}

/* @surface turned a quarter clockwise, as a phone held sideways sees it. */
static cairo_surface_t *
turn_clockwise (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  cairo_surface_t *turned = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, height, width);
  cairo_t *cr = cairo_create (turned);

  cairo_translate (cr, height, 0);
  cairo_rotate (cr, G_PI / 2);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  return turned;
}

static void
test_sideways (void)
{
  g_autofree char *osd = NULL;
  g_autofree char *system_dir = ag_languages_dup_system_dir ();
  cairo_surface_t *upright;
  cairo_surface_t *turned;
  g_autoptr(GPtrArray) bitmaps = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AgWord *word;

  osd = g_build_filename (system_dir, "osd.traineddata", NULL);
  if (!g_file_test (osd, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("osd.traineddata is not installed");
      return;
    }

  upright = ag_test_render_text (english, "DejaVu Serif 11", DPI);
  turned = turn_clockwise (upright);
  bitmaps = one_bitmap (ag_test_bitmap_from_surface (turned, DPI));
  cairo_surface_destroy (upright);
  cairo_surface_destroy (turned);

  ag_recognize_options_set_languages (options, "eng");
  ag_recognize_options_set_preprocess (options, FALSE);
  recognition = recognize_bitmaps (bitmaps, options, &error);
  g_assert_no_error (error);
  text = ag_recognition_dup_text (recognition);
  g_test_message ("sideways: %s", text);
  g_assert_cmpfloat (ag_test_cer (text, english, FALSE), <, 0.05);

  /* Boxes are on the page as it is shown, not as it was read: a word of
   * a line running downwards is tall and narrow. */
  word = find_word (recognition, "Offline");
  g_assert_nonnull (word);
  g_assert_cmpfloat (word->box.height * ag_bitmap_get_height (g_ptr_array_index (bitmaps, 0)), >,
                     2 * word->box.width * ag_bitmap_get_width (g_ptr_array_index (bitmaps, 0)));
  /* The last line of the text is the leftmost column once turned. */
  g_assert_cmpfloat (word->box.x, <, 0.5);
}

static void
test_vertical_columns (void)
{
  const char *poem = "床前明月光，疑是地上霜。举头望明月，低头思故乡。"
                     "这首诗写于一千多年前，至今仍被无数人传诵。";
  const int width = 700, height = 1000, margin = 60;
  cairo_surface_t *page = page_surface (width, height);
  cairo_t *cr = cairo_create (page);
  PangoLayout *layout;
  PangoFontDescription *desc = pango_font_description_from_string ("Noto Serif CJK SC 14");
  g_autoptr(GPtrArray) bitmaps = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *system_dir = ag_languages_dup_system_dir ();
  g_autofree char *vert = g_build_filename (system_dir, "chi_sim_vert.traineddata", NULL);
  double cer;

  if (!g_file_test (vert, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("chi_sim_vert.traineddata is not installed");
      cairo_destroy (cr);
      cairo_surface_destroy (page);
      pango_font_description_free (desc);
      return;
    }

  /* Columns from right to left, characters from top to bottom. */
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
  pango_layout_set_text (layout, poem, -1);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  pango_font_description_free (desc);
  cairo_destroy (cr);

  bitmaps = one_bitmap (ag_test_bitmap_from_surface (page, DPI));
  cairo_surface_destroy (page);

  ag_recognize_options_set_languages (options, "chi_sim_vert");
  recognition = recognize_bitmaps (bitmaps, options, &error);
  g_assert_no_error (error);
  text = ag_recognition_dup_text (recognition);
  cer = ag_test_cer (text, poem, TRUE);
  g_test_message ("vertical CER %.3f", cer);
  g_assert_cmpfloat (cer, <, 0.05);
  g_assert_true (((AgBlock *) g_ptr_array_index (ag_recognition_get_page (recognition, 0)->blocks, 0))->vertical);
}

static void
test_document_image (void)
{
  g_autofree char *png = ag_test_render_text_png (english, "DejaVu Serif 11", DPI);
  g_autoptr(AgDocument) document = ag_test_open_path (png);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ag_recognize_options_set_languages (options, "eng");
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  text = ag_recognition_dup_text (recognition);
  g_assert_cmpfloat (ag_test_cer (text, english, FALSE), <, 0.05);
  g_assert_cmpstr (ag_recognition_get_page (recognition, 0)->engine, ==, "tesseract");
}

static const char *pdf_texts[] = {
  "The first page tells of the harbour",
  "The second page tells of the lighthouse",
  "The third page tells of the tides",
  "The fourth page tells of the storm",
};

static void
test_pdf_parallel (void)
{
  g_autofree char *pdf = ag_test_make_pdf (pdf_texts, G_N_ELEMENTS (pdf_texts), FALSE);
  g_autoptr(AgDocument) document = ag_test_open_path (pdf);
  g_autoptr(AgEngine) engine = ag_engine_new ();
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;

  ag_recognize_options_set_languages (options, "eng");
  recognition = ag_engine_recognize (engine, document, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_recognition_get_n_pages (recognition), ==, G_N_ELEMENTS (pdf_texts));

  for (guint i = 0; i < G_N_ELEMENTS (pdf_texts); i++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, i);
      g_autofree char *text = ag_recognition_page_dup_text (page);

      g_assert_cmpuint (page->index, ==, i);
      g_assert_cmpint (page->source, ==, AG_RECOGNITION_SOURCE_OCR);
      g_assert_cmpfloat (page->dpi, ==, AG_ENGINE_PDF_DPI);
      g_assert_cmpfloat (ag_test_cer (text, pdf_texts[i], FALSE), <, 0.05);
    }

  /* Pages really were read side by side, one per worker. */
  g_test_message ("%u workers, at most %u pages at once",
                  ag_engine_get_n_workers (engine), _ag_engine_get_peak_parallel (engine));
  g_assert_cmpuint (_ag_engine_get_peak_parallel (engine), ==,
                    MIN (ag_engine_get_n_workers (engine), G_N_ELEMENTS (pdf_texts)));
}

typedef struct
{
  GPtrArray    *pages;       /* AgRecognitionPage, borrowed: valid until the job returns */
  GArray       *positions;
  guint         n_pages;
  GCancellable *cancel_after_first;
  char         *first_text;  /* the first page's, kept past the job */
} ReadyData;

static void
page_ready_cb (AgRecognitionPage *page,
               guint              position,
               guint              n_pages,
               gpointer           user_data)
{
  ReadyData *data = user_data;

  g_ptr_array_add (data->pages, page);
  g_array_append_val (data->positions, position);
  data->n_pages = n_pages;
  if (data->first_text == NULL)
    data->first_text = ag_recognition_page_dup_text (page);
  if (data->cancel_after_first != NULL)
    g_cancellable_cancel (data->cancel_after_first);
}

/* Every page is handed over in order, as the same page the result holds. */
static void
test_page_ready (void)
{
  g_autofree char *pdf = ag_test_make_pdf (pdf_texts, G_N_ELEMENTS (pdf_texts), FALSE);
  g_autoptr(AgDocument) document = ag_test_open_path (pdf);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  ReadyData data = { pages, positions, 0, NULL, NULL };

  ag_recognize_options_set_languages (options, "eng");
  ag_recognize_options_set_page_ready (options, page_ready_cb, &data, NULL);
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (pages->len, ==, G_N_ELEMENTS (pdf_texts));
  g_assert_cmpuint (data.n_pages, ==, G_N_ELEMENTS (pdf_texts));
  for (guint i = 0; i < pages->len; i++)
    {
      g_assert_cmpuint (g_array_index (positions, guint, i), ==, i);
      g_assert_true (g_ptr_array_index (pages, i) == ag_recognition_get_page (recognition, i));
    }
  g_free (data.first_text);
}

/* The first page arrives while the others are read, and a cancel keeps
 * what was handed over. */
static void
test_page_ready_cancel (void)
{
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  ReadyData data = { pages, positions, 0, cancellable, NULL };
  g_autofree char *first = NULL;

  g_ptr_array_add (bitmaps, render_bitmap ("The first page arrives early", "DejaVu Sans 14"));
  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *text = g_strdup_printf ("Page %u: Pack my box with five dozen liquor jugs.\n"
                                               "Sphinx of black quartz, judge my vow.", i + 2);

      g_ptr_array_add (bitmaps, render_bitmap (text, "DejaVu Serif 10"));
    }

  ag_recognize_options_set_languages (options, "eng");
  ag_recognize_options_set_page_ready (options, page_ready_cb, &data, NULL);
  recognition = _ag_engine_recognize_bitmaps (ag_engine_get_default (), bitmaps, options,
                                              cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (recognition);

  g_test_message ("%u of 8 pages handed over before the cancel returned", pages->len);
  g_assert_cmpuint (pages->len, >=, 1);
  g_assert_cmpuint (pages->len, <, 8);
  g_assert_cmpuint (g_array_index (positions, guint, 0), ==, 0);
  /* (The pages handed over went with the job: only what was kept of
   * them is looked at now.) */
  first = g_steal_pointer (&data.first_text);
  g_assert_cmpfloat (ag_test_cer (first, "The first page arrives early", FALSE), <, 0.1);
}

static void
test_text_layer (void)
{
  g_autofree char *pdf = ag_test_make_pdf (pdf_texts, 2, TRUE);
  g_autoptr(AgDocument) document = ag_test_open_path (pdf);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AgRegion) region = ag_region_new (1, 0, 0, 1, 0.5);
  AgRecognitionPage *page;
  g_autofree char *text = NULL;
  gint64 start = g_get_monotonic_time ();

  ag_recognize_options_set_languages (options, "eng");
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("text layer read in %.3f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (ag_recognition_get_n_pages (recognition), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *page_text = NULL;

      page = ag_recognition_get_page (recognition, i);
      page_text = ag_recognition_page_dup_text (page);
      g_assert_cmpint (page->source, ==, AG_RECOGNITION_SOURCE_TEXT_LAYER);
      g_assert_cmpstr (page->engine, ==, "text-layer");
      g_assert_cmpfloat (ag_test_cer (page_text, pdf_texts[i], FALSE), ==, 0.0);
    }
  g_clear_pointer (&recognition, ag_recognition_unref);

  /* A region on a text page: its words only, from the layer. */
  ag_recognize_options_add_region (options, region);
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_recognition_get_n_pages (recognition), ==, 1);
  page = ag_recognition_get_page (recognition, 0);
  g_assert_cmpuint (page->index, ==, 1);
  g_assert_cmpint (page->source, ==, AG_RECOGNITION_SOURCE_TEXT_LAYER);
  g_assert_cmpuint (page->blocks->len, >=, 1);
  g_assert_cmpint (((AgBlock *) g_ptr_array_index (page->blocks, 0))->region, ==, 0);
  text = ag_recognition_page_dup_text (page);
  g_assert_cmpfloat (ag_test_cer (text, pdf_texts[1], FALSE), ==, 0.0);
  g_clear_pointer (&recognition, ag_recognition_unref);
  g_clear_pointer (&options, ag_recognize_options_unref);

  /* Asked to, Tesseract reads the same page from its pixels. */
  options = ag_recognize_options_new ();
  ag_recognize_options_set_languages (options, "eng");
  ag_recognize_options_set_force_ocr (options, TRUE);
  ag_recognize_options_add_page (options, 0);
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  page = ag_recognition_get_page (recognition, 0);
  g_assert_cmpint (page->source, ==, AG_RECOGNITION_SOURCE_OCR);
  g_assert_cmpstr (page->engine, ==, "tesseract");
  g_clear_pointer (&text, g_free);
  text = ag_recognition_page_dup_text (page);
  g_assert_cmpfloat (ag_test_cer (text, pdf_texts[0], FALSE), <, 0.05);
}

/* The program may end while a worker is still loading a language set:
 * Tesseract's dictionary cache, made on the first load, must outlive it
 * (under AddressSanitizer a use after free otherwise). */
static void
test_exit_while_loading (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GPtrArray) bitmaps = one_bitmap (render_bitmap (english, "DejaVu Serif 11"));
      g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
      g_autoptr(AgRecognition) recognition = NULL;
      g_autoptr(GError) error = NULL;

      ag_recognize_options_set_languages (options, "eng");
      recognition = recognize_bitmaps (bitmaps, options, &error);
      g_assert_no_error (error);
      /* Two more sets loading as main() returns. */
      ag_engine_preload (ag_engine_get_default (), "chi_sim");
      ag_engine_preload (ag_engine_get_default (), "chi_tra");
      return;
    }

  for (int i = 0; i < 3; i++)
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
}

/* A handle loaded ahead is one more, never an idle one taken (whose
 * taker, the pool, would not give it back: a handle leaked each time
 * the automatic choice loaded chi_sim ahead twice). */
static void
test_handle_preload (void)
{
  AgHandleCache *cache = _ag_handle_cache_new (2, NULL);
  g_autoptr(AgLanguage) eng = ag_languages_lookup ("eng");
  g_autoptr(GError) error = NULL;
  AgTess *first, *second, *third;
  gboolean load_more = FALSE;

  if (eng == NULL)
    {
      g_test_skip ("eng is not installed");
      _ag_handle_cache_free (cache);
      return;
    }

  first = _ag_handle_cache_checkout (cache, "eng", FALSE, &error);
  g_assert_no_error (error);
  _ag_handle_cache_return (cache, first);

  /* one idle: the preload loads a second beside it */
  g_assert_null (_ag_handle_cache_checkout (cache, "eng", TRUE, NULL));
  /* two now: warm, the next preload loads nothing */
  g_assert_null (_ag_handle_cache_checkout (cache, "eng", TRUE, NULL));

  second = _ag_handle_cache_checkout_idle (cache, "eng", &load_more);
  third = _ag_handle_cache_checkout_idle (cache, "eng", &load_more);
  g_assert_nonnull (second);
  g_assert_nonnull (third);
  g_assert_true (second != third);
  g_assert_false (load_more);
  _ag_handle_cache_return (cache, second);
  _ag_handle_cache_return (cache, third);
  _ag_handle_cache_free (cache);
}

static gpointer
preload_thread (gpointer data)
{
  _ag_handle_cache_checkout (data, "eng", TRUE, NULL);
  return NULL;
}

/* A page too small to be read in two parts waits for the handle being
 * loaded ahead; a larger one loads a second beside it, for its second
 * part. */
static void
test_handle_waiting (void)
{
  g_autoptr(AgLanguage) eng = ag_languages_lookup ("eng");

  if (eng == NULL)
    {
      g_test_skip ("eng is not installed");
      return;
    }

  for (int waiting = 1; waiting >= 0; waiting--)
    {
      AgHandleCache *cache = _ag_handle_cache_new (2, NULL);
      g_autoptr(GError) error = NULL;
      GThread *thread = g_thread_new ("preload", preload_thread, cache);
      AgTess *tess;

      /* (the load ahead has begun) */
      while (_ag_handle_cache_get_n_loaded (cache, "eng") == 0)
        g_usleep (1000);
      tess = waiting ? _ag_handle_cache_checkout_waiting (cache, "eng", &error)
                     : _ag_handle_cache_checkout (cache, "eng", FALSE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (tess);
      g_assert_cmpuint (_ag_handle_cache_get_n_loaded (cache, "eng"), ==, waiting ? 1 : 2);
      g_thread_join (thread);
      _ag_handle_cache_return (cache, tess);
      _ag_handle_cache_free (cache);
    }
}


static char *
read_text (AgTess *tess,
           PIX    *pix)
{
  g_autoptr(AgRecognitionPage) page = ag_recognition_page_new (0, pixGetWidth (pix), pixGetHeight (pix),
                                                               DPI, AG_RECOGNITION_SOURCE_OCR);
  g_autoptr(GError) error = NULL;

  g_assert_true (_ag_tess_recognize (tess, NULL, pix, DPI, NULL, -1, FALSE, TRUE, page, NULL, NULL,
                                     NULL, &error));
  g_assert_no_error (error);
  return ag_recognition_page_dup_text (page);
}

/* A page preprocessed before its handle is there (_ag_tess_prepare())
 * is read as it would have been, without being preprocessed again; not
 * another page, nor the same one prepared for Chinese.  The page reader
 * prepares a page while its handle loads. */
static void
test_prepared_page (void)
{
  cairo_surface_t *surface = ag_test_render_text (english, "DejaVu Serif 11", DPI);
  PIX *pix = ag_test_pix_from_surface (surface);
  PIX *other = pixCopy (NULL, pix);
  g_autoptr(GError) error = NULL;
  AgTess *tess = _ag_tess_new ("eng", &error);
  g_autoptr(AgTessPrepared) prepared = NULL;
  g_autoptr(AgTessPrepared) as_chinese = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *again = NULL;
  g_autofree char *letters = NULL;

  g_assert_no_error (error);
  pixSetResolution (pix, (int) DPI, (int) DPI);
  pixSetResolution (other, (int) DPI, (int) DPI);
  g_free (ag_test_take_log_record ());

  plain = read_text (tess, pix);
  prepared = _ag_tess_prepare (pix, "eng");
  _ag_tess_set_prepared (tess, prepared);
  again = read_text (tess, pix);
  g_assert_cmpstr (again, ==, plain);
  letters = ag_test_take_log_record ();
  g_assert_cmpstr (letters, ==, "AA");

  g_free (read_text (tess, other));
  as_chinese = _ag_tess_prepare (pix, "chi_sim+eng");
  _ag_tess_set_prepared (tess, as_chinese);
  g_free (read_text (tess, pix));
  _ag_tess_set_prepared (tess, NULL);
  g_free (letters);
  letters = ag_test_take_log_record ();
  g_assert_cmpstr (letters, ==, "AAA");

  _ag_tess_free (tess);
  pixDestroy (&other);
  pixDestroy (&pix);
  cairo_surface_destroy (surface);

  /* (a new engine: the page is preprocessed, once, before the handle's
   * load begins, where it used to follow it) */
  {
    g_autoptr(AgEngine) engine = ag_engine_new ();
    g_autoptr(GPtrArray) bitmaps = one_bitmap (render_bitmap (english, "DejaVu Serif 11"));
    g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
    g_autoptr(AgRecognition) recognition = NULL;
    g_autofree char *text = NULL;

    ag_recognize_options_set_languages (options, "eng");
    ag_recognize_options_set_engine_kind (options, AG_ENGINE_KIND_TESSERACT);
    g_free (ag_test_take_log_record ());
    recognition = _ag_engine_recognize_bitmaps (engine, bitmaps, options, NULL, &error);
    g_assert_no_error (error);
    text = ag_recognition_dup_text (recognition);
    g_assert_cmpfloat (ag_test_cer (text, english, FALSE), <, 0.05);
    g_free (letters);
    letters = ag_test_take_log_record ();
    /* (a load another test left behind may come before: B…AB) */
    g_assert_nonnull (strstr (letters, "AB"));
    g_assert_true (strchr (letters, 'A') == strrchr (letters, 'A'));
  }
}

/* (AddressSanitizer replaces glibc's malloc: GCC says so with
 * __SANITIZE_ADDRESS__, clang with __has_feature()) */
#if defined(__SANITIZE_ADDRESS__)
#define AG_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AG_TEST_ASAN 1
#endif
#endif

/* Whether a block of @mb megabytes comes mapped on its own (not from
 * the heap). */
static gboolean
block_mapped (guint mb)
{
  struct mallinfo2 before, after;
  void *block;

  before = mallinfo2 ();
  /* (GLib's allocation, which the compiler cannot leave out) */
  block = g_malloc ((gsize) mb << 20);
  after = mallinfo2 ();
  g_free (block);

  return after.hblks > before.hblks;
}

/* A process reading its first page keeps glibc's own threshold for
 * mapping large blocks (Tesseract's load and reading reuse the heap's);
 * from its second page on, blocks of 1 MB or more are mapped and given
 * back when freed, so that a long document does not grow the heap
 * (ag_runtime_note_page()).  In a fresh process: glibc maps a first
 * block of 24 MB, and once it is freed takes blocks up to that size from
 * the heap (12 MB, then 18 beyond the 12 the heap has) — unless the
 * threshold was set to 1 MB. */
static void
test_large_blocks (void)
{
#ifdef AG_TEST_ASAN
  g_test_skip ("AddressSanitizer's malloc, not glibc's");
  return;
#endif

  if (g_test_subprocess ())
    {
      g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();

      g_assert_true (block_mapped (24));

      ag_recognize_options_set_languages (options, "eng");
      for (guint page = 0; page < 2; page++)
        {
          g_autoptr(GPtrArray) bitmaps = one_bitmap (render_bitmap (english, "DejaVu Serif 11"));
          g_autoptr(AgRecognition) recognition = NULL;
          g_autoptr(GError) error = NULL;

          if (page == 0)
            g_assert_false (block_mapped (12));
          recognition = recognize_bitmaps (bitmaps, options, &error);
          g_assert_no_error (error);
          if (page == 0)
            g_assert_false (block_mapped (12));
        }
      g_assert_true (block_mapped (18));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  /* (A: a page preprocessed, B: a handle's load begun) */
  ag_test_record_log_messages ((const char *[]) { "Preprocessed ", "Loading Tesseract for ", NULL });
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/version", test_version);
  g_test_add_func ("/engine/english", test_english);
  g_test_add_func ("/engine/large-blocks", test_large_blocks);
  g_test_add_func ("/engine/chinese", test_chinese);
  g_test_add_func ("/engine/boxes", test_boxes);
  g_test_add_func ("/engine/regions", test_regions);
  g_test_add_func ("/engine/pages-in-order", test_pages_in_order);
  g_test_add_func ("/engine/page-selection", test_page_selection);
  g_test_add_func ("/engine/progress", test_progress);
  g_test_add_func ("/engine/cancel", test_cancel);
  g_test_add_func ("/engine/missing-language", test_missing_language);
  g_test_add_func ("/engine/sideways", test_sideways);
  g_test_add_func ("/engine/vertical-columns", test_vertical_columns);
  g_test_add_func ("/engine/document-image", test_document_image);
  g_test_add_func ("/engine/pdf-parallel", test_pdf_parallel);
  g_test_add_func ("/engine/text-layer", test_text_layer);
  g_test_add_func ("/engine/page-ready", test_page_ready);
  g_test_add_func ("/engine/page-ready-cancel", test_page_ready_cancel);
  g_test_add_func ("/engine/exit-while-loading", test_exit_while_loading);
  g_test_add_func ("/engine/handle-preload", test_handle_preload);
  g_test_add_func ("/engine/handle-waiting", test_handle_waiting);
  g_test_add_func ("/engine/prepared-page", test_prepared_page);

  return g_test_run ();
}
