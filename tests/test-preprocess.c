/* test-preprocess.c — photos made readable: skew, uneven light, resolution
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <tesseract/capi.h>

#include "ag-core.h"
#include "recognize/ag-preprocess.h"
#include "ag-test-util.h"

static const char *paragraph =
  "It was the best of times, it was the worst of times,\n"
  "it was the age of wisdom, it was the age of foolishness,\n"
  "it was the epoch of belief, it was the epoch of incredulity,\n"
  "it was the season of Light, it was the season of Darkness,\n"
  "it was the spring of hope, it was the winter of despair,\n"
  "we had everything before us, we had nothing before us.";

static TessBaseAPI *tess;

/* A page as a scanner would give it: grey, text at 11 pt. */
static PIX *
render_page (double dpi)
{
  g_autofree char *path = ag_test_render_text_png (paragraph, "DejaVu Serif 11", dpi);
  PIX *pix = pixRead (path);
  PIX *grey;

  g_assert_nonnull (pix);
  grey = pixConvertTo8 (pix, FALSE);
  pixDestroy (&pix);
  return grey;
}

/* Turned by @degrees clockwise, the corners brought in white. */
static PIX *
skew (PIX   *pix,
      double degrees)
{
  PIX *rotated = pixRotate (pix, degrees * G_PI / 180.0, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE,
                            pixGetWidth (pix), pixGetHeight (pix));

  pixDestroy (&pix);
  return rotated;
}

/* A lamp at the top left: the paper goes from white to a dim grey (about
 * a third of white), as in the corpus' "light" pages. */
static PIX *
shade (PIX *pix)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        l_uint32 value;
        double light = 1.0 - 0.65 * ((double) x / w + (double) y / h) / 2.0 - 0.3 * (double) y / h;

        pixGetPixel (pix, x, y, &value);
        pixSetPixel (pix, x, y, (l_uint32) (value * CLAMP (light, 0.0, 1.0)));
      }

  return pix;
}

static char *
recognize (PIX *pix)
{
  char *text, *copy;

  TessBaseAPISetPageSegMode (tess, PSM_AUTO);
  TessBaseAPISetImage2 (tess, pix);
  text = TessBaseAPIGetUTF8Text (tess);
  copy = g_strdup (text != NULL ? text : "");
  TessDeleteText (text);
  TessBaseAPIClear (tess);
  return copy;
}

/* CER of the page as it is and after preprocessing. */
static void
measure (PIX                *pix,
         double             *raw_cer,
         double             *processed_cer,
         AgPreprocessReport *report)
{
  g_autofree char *raw = recognize (pix);
  g_autofree char *processed = NULL;
  PIX *out = _ag_preprocess_run (pix, report);

  g_assert_nonnull (out);
  processed = recognize (out);
  pixDestroy (&out);

  *raw_cer = ag_test_cer (raw, paragraph, FALSE);
  *processed_cer = ag_test_cer (processed, paragraph, FALSE);
  g_test_message ("CER as it is %.3f, preprocessed %.3f (%.1f ms)",
                  *raw_cer, *processed_cer, report->usec / 1000.0);
}

static gboolean
have_tesseract (void)
{
  if (tess != NULL)
    return TRUE;

  g_test_skip ("Tesseract's English data is not installed");
  return FALSE;
}

static void
test_skew_found (void)
{
  const double angles[] = { 3.0, -2.0, 5.0, -4.5 };

  for (guint i = 0; i < G_N_ELEMENTS (angles); i++)
    {
      PIX *pix = skew (render_page (200), angles[i]);
      AgPreprocessReport report;
      PIX *out = _ag_preprocess_run (pix, &report);

      g_test_message ("turned %.1f°, found %.2f°", angles[i], report.skew_degrees);
      g_assert_true (report.steps & AG_PREPROCESS_DESKEWED);
      /* The correction turns back by as much as the page was turned. */
      g_assert_cmpfloat (fabs (report.skew_degrees + angles[i]), <, 0.5);

      pixDestroy (&out);
      pixDestroy (&pix);
    }
}

static void
test_skewed_page_read (void)
{
  PIX *pix;
  AgPreprocessReport report;
  double raw, processed;

  if (!have_tesseract ())
    return;

  /* Tesseract's column finder drops a page turned by 3° clockwise. */
  pix = skew (render_page (200), 3.0);
  measure (pix, &raw, &processed, &report);
  g_assert_cmpfloat (raw, >, 0.2);
  g_assert_cmpfloat (processed, <, 0.03);
  pixDestroy (&pix);
}

static void
test_uneven_light_read (void)
{
  PIX *pix;
  AgPreprocessReport report;
  double raw, processed;

  if (!have_tesseract ())
    return;

  pix = shade (render_page (200));
  measure (pix, &raw, &processed, &report);
  g_assert_true (report.steps & AG_PREPROCESS_BACKGROUND);
  g_assert_cmpfloat (raw, >, 0.1);
  g_assert_cmpfloat (processed, <, 0.03);
  pixDestroy (&pix);
}

static void
test_phone_photo_read (void)
{
  PIX *pix, *framed;
  AgPreprocessReport report;
  double raw, processed;

  if (!have_tesseract ())
    return;

  /* Skewed, unevenly lit, lying on a dark desk. */
  pix = shade (skew (render_page (200), 2.5));
  framed = pixAddBorderGeneral (pix, 120, 90, 80, 140, 35);
  measure (framed, &raw, &processed, &report);
  g_assert_false (report.steps & AG_PREPROCESS_INVERTED);
  g_assert_cmpfloat (raw, >, 0.1);
  g_assert_cmpfloat (processed, <, 0.05);
  pixDestroy (&framed);
  pixDestroy (&pix);
}

static void
test_low_resolution_read (void)
{
  PIX *page = render_page (200);
  PIX *pix = pixScale (page, 0.28, 0.28);
  AgPreprocessReport report;
  double raw, processed;

  pixDestroy (&page);
  if (!have_tesseract ())
    {
      pixDestroy (&pix);
      return;
    }

  measure (pix, &raw, &processed, &report);
  g_assert_true (report.steps & AG_PREPROCESS_SCALED);
  g_assert_cmpfloat (report.scale, >, 1.2);
  g_assert_cmpfloat (processed, <, 0.05);
  g_assert_cmpfloat (processed, <, raw);
  pixDestroy (&pix);
}

static void
test_dark_mode_read (void)
{
  PIX *pix = render_page (150);
  AgPreprocessReport report;
  double raw, processed;

  if (!have_tesseract ())
    {
      pixDestroy (&pix);
      return;
    }

  pixInvert (pix, pix);
  measure (pix, &raw, &processed, &report);
  g_assert_true (report.steps & AG_PREPROCESS_INVERTED);
  g_assert_cmpfloat (processed, <, 0.03);
  pixDestroy (&pix);
}

static void
test_clean_scan_kept (void)
{
  const double resolutions[] = { 300, 150 };

  if (!have_tesseract ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (resolutions); i++)
    {
      PIX *pix = render_page (resolutions[i]);
      AgPreprocessReport report;
      double raw, processed;

      measure (pix, &raw, &processed, &report);
      /* Nothing to correct, so nothing corrected. */
      g_assert_false (report.steps & (AG_PREPROCESS_BACKGROUND | AG_PREPROCESS_DESKEWED |
                                      AG_PREPROCESS_INVERTED | AG_PREPROCESS_TURNED));
      g_assert_cmpfloat (processed, <=, raw + 0.005);
      g_assert_cmpfloat (processed, <, 0.02);
      pixDestroy (&pix);
    }
}

/* The biggest blob of ink, as a box. */
static BOX *
biggest_blob (PIX *grey)
{
  PIX *binary = pixThresholdToBinary (grey, 128);
  BOXA *boxes = pixConnCompBB (binary, 8);
  BOX *best = NULL;
  int best_area = 0;

  for (int i = 0; i < boxaGetCount (boxes); i++)
    {
      l_int32 x, y, w, h;

      boxaGetBoxGeometry (boxes, i, &x, &y, &w, &h);
      if (w * h > best_area)
        {
          boxDestroy (&best);
          best = boxCreate (x, y, w, h);
          best_area = w * h;
        }
    }

  boxaDestroy (&boxes);
  pixDestroy (&binary);
  return best;
}

static void
test_boxes_map_back (void)
{
  /* As it is, shrunk (so scaled up again) and a big photo (measured on a
   * smaller copy, rotated by shearing). */
  const double angles[] = { 3.0, -2.5, 2.0 };
  const double zooms[] = { 1.0, 0.3, 2.5 };

  for (guint i = 0; i < G_N_ELEMENTS (angles); i++)
    {
      PIX *page = render_page (200);
      PIX *scaled, *pix, *out;
      BOX *in_box, *out_box;
      AgPreprocessReport report;
      l_int32 ix, iy, iw, ih;
      int x, y, w, h;

      /* A black bar beside the text: an unmistakable landmark. */
      pixRasterop (page, 20, 20, 160, 50, PIX_CLR, NULL, 0, 0);
      scaled = pixScale (page, zooms[i], zooms[i]);
      pix = skew (scaled, angles[i]);
      out = _ag_preprocess_run (pix, &report);
      g_assert_true (report.steps & AG_PREPROCESS_DESKEWED);

      in_box = biggest_blob (pix);
      out_box = biggest_blob (out);
      boxGetGeometry (in_box, &ix, &iy, &iw, &ih);
      boxGetGeometry (out_box, &x, &y, &w, &h);
      _ag_preprocess_report_map_box (&report, &x, &y, &w, &h);
      g_test_message ("input %d,%d %dx%d; mapped back %d,%d %dx%d", ix, iy, iw, ih, x, y, w, h);

      g_assert_cmpint (ABS ((x + w / 2) - (ix + iw / 2)), <=, 3);
      g_assert_cmpint (ABS ((y + h / 2) - (iy + ih / 2)), <=, 3);

      boxDestroy (&out_box);
      boxDestroy (&in_box);
      pixDestroy (&out);
      pixDestroy (&pix);
      pixDestroy (&page);
    }
}

static void
test_turned_page (void)
{
  PIX *page = render_page (200);
  PIX *pix = pixRotateOrth (page, 2);
  AgPreprocessReport report;
  PIX *out = _ag_preprocess_run (pix, &report);
  int x = 0, y = 0, w = 10, h = 10;

  g_assert_true (report.steps & AG_PREPROCESS_TURNED);
  g_assert_cmpint (report.quadrants, ==, 2);

  /* The top left of the output is the bottom right of the input. */
  x = report.border;
  y = report.border;
  _ag_preprocess_report_map_box (&report, &x, &y, &w, &h);
  g_assert_cmpint (x + w, >=, pixGetWidth (pix) - 2);
  g_assert_cmpint (y + h, >=, pixGetHeight (pix) - 2);

  pixDestroy (&out);
  pixDestroy (&pix);
  pixDestroy (&page);
}

static void
test_any_depth (void)
{
  PIX *page = render_page (100);
  PIX *inputs[4];

  inputs[0] = pixConvertTo1 (page, 128);
  inputs[1] = pixConvertTo32 (page);
  inputs[2] = pixConvertTo8 (inputs[0], TRUE);
  inputs[3] = pixCreate (3, 2, 8);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      AgPreprocessReport report;
      PIX *out = _ag_preprocess_run (inputs[i], &report);

      g_assert_nonnull (out);
      g_assert_cmpint (pixGetDepth (out), ==, 8);
      g_assert_cmpint (pixGetWidth (out), >=, pixGetWidth (inputs[i]));
      pixDestroy (&out);
      pixDestroy (&inputs[i]);
    }

  pixDestroy (&page);
}

/* Reads @path with AgEngine, optionally only inside @region. */
static AgRecognition *
engine_read (const char     *path,
             gboolean        preprocess,
             const AgRegion *region)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  AgRecognition *recognition;

  g_assert_no_error (error);
  ag_recognize_options_set_languages (options, "eng");
  ag_recognize_options_set_engine_kind (options, AG_ENGINE_KIND_TESSERACT);
  ag_recognize_options_set_preprocess (options, preprocess);
  if (region != NULL)
    ag_recognize_options_add_region (options, region);

  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  return recognition;
}

static void
test_engine_region (void)
{
  PIX *ink, *photo, *canvas, *covered;
  l_int32 n_ink = 0, n_covered = 0;
  g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), "photo-on-page.png", NULL);
  g_autoptr(AgRecognition) raw = NULL;
  g_autoptr(AgRecognition) processed = NULL;
  g_autoptr(AgRegion) region = NULL;
  g_autofree char *raw_text = NULL;
  g_autofree char *text = NULL;
  AgRecognitionPage *page;
  int cw, ch, px, py;
  guint n_words = 0;

  if (!have_tesseract ())
    return;

  /* A skewed, shaded photo pasted into the lower right of a white page; the
   * user draws a region around it. */
  ink = skew (render_page (200), 3.0);
  photo = shade (pixCopy (NULL, ink));
  px = 300;
  py = 200;
  cw = pixGetWidth (photo) + px + 100;
  ch = pixGetHeight (photo) + py + 100;
  canvas = pixCreate (cw, ch, 8);
  pixSetAll (canvas);
  pixRasterop (canvas, px, py, pixGetWidth (photo), pixGetHeight (photo), PIX_SRC, photo, 0, 0);
  g_assert_cmpint (pixWrite (path, canvas, IFF_PNG), ==, 0);

  region = ag_region_new (0, (double) (px - 20) / cw, (double) (py - 20) / ch,
                          (double) (pixGetWidth (photo) + 40) / cw,
                          (double) (pixGetHeight (photo) + 40) / ch);

  raw = engine_read (path, FALSE, region);
  processed = engine_read (path, TRUE, region);
  raw_text = ag_recognition_dup_text (raw);
  text = ag_recognition_dup_text (processed);
  g_test_message ("region: CER without preprocessing %.3f, with %.3f",
                  ag_test_cer (raw_text, paragraph, FALSE), ag_test_cer (text, paragraph, FALSE));
  g_assert_cmpfloat (ag_test_cer (text, paragraph, FALSE), <, 0.05);
  g_assert_cmpfloat (ag_test_cer (raw_text, paragraph, FALSE), >, 0.1);

  /* Every word lies on the page where the photo put it, inside the region,
   * and the words' boxes cover the ink. */
  covered = pixCreate (cw, ch, 1);
  page = ag_recognition_get_page (processed, 0);
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);

              g_assert_cmpfloat (word->box.x, >=, region->rect.x - 0.002);
              g_assert_cmpfloat (word->box.y, >=, region->rect.y - 0.002);
              g_assert_cmpfloat (word->box.x + word->box.width, <=, region->rect.x + region->rect.width + 0.002);
              g_assert_cmpfloat (word->box.y + word->box.height, <=, region->rect.y + region->rect.height + 0.002);
              g_assert_cmpfloat (word->box.width, >, 0);
              pixRasterop (covered, (int) (word->box.x * cw), (int) (word->box.y * ch),
                           (int) ceil (word->box.width * cw), (int) ceil (word->box.height * ch),
                           PIX_SET, NULL, 0, 0);
              n_words++;
            }
        }
    }
  g_assert_cmpuint (n_words, >, 50);

  {
    PIX *ink_mask = pixThresholdToBinary (ink, 128);
    PIX *on_page = pixCreate (cw, ch, 1);

    pixRasterop (on_page, px, py, pixGetWidth (ink), pixGetHeight (ink), PIX_SRC, ink_mask, 0, 0);
    pixCountPixels (on_page, &n_ink, NULL);
    pixAnd (on_page, on_page, covered);
    pixCountPixels (on_page, &n_covered, NULL);
    g_test_message ("word boxes cover %d of %d ink pixels", n_covered, n_ink);
    g_assert_cmpfloat ((double) n_covered / n_ink, >, 0.95);
    pixDestroy (&on_page);
    pixDestroy (&ink_mask);
  }

  pixDestroy (&covered);
  pixDestroy (&ink);
  pixDestroy (&canvas);
  pixDestroy (&photo);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  setMsgSeverity (L_SEVERITY_ERROR);

  tess = TessBaseAPICreate ();
  if (TessBaseAPIInit3 (tess, NULL, "eng") != 0)
    {
      TessBaseAPIDelete (tess);
      tess = NULL;
    }

  g_test_add_func ("/preprocess/skew-found", test_skew_found);
  g_test_add_func ("/preprocess/skewed-page-read", test_skewed_page_read);
  g_test_add_func ("/preprocess/uneven-light-read", test_uneven_light_read);
  g_test_add_func ("/preprocess/phone-photo-read", test_phone_photo_read);
  g_test_add_func ("/preprocess/low-resolution-read", test_low_resolution_read);
  g_test_add_func ("/preprocess/dark-mode-read", test_dark_mode_read);
  g_test_add_func ("/preprocess/clean-scan-kept", test_clean_scan_kept);
  g_test_add_func ("/preprocess/boxes-map-back", test_boxes_map_back);
  g_test_add_func ("/preprocess/turned-page", test_turned_page);
  g_test_add_func ("/preprocess/any-depth", test_any_depth);
  g_test_add_func ("/preprocess/engine-region", test_engine_region);

  status = g_test_run ();

  if (tess != NULL)
    TessBaseAPIDelete (tess);

  return status;
}
