/* test-languages.c — listing, naming, importing and removing languages
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ag-core.h"
#include "recognize/ag-engine-private.h"
#include "ag-test-util.h"

static char *real_system_dir;
static char *fake_system_dir;
static char *user_dir;

static gboolean
have_real (const char *code)
{
  g_autofree char *name = g_strconcat (code, ".traineddata", NULL);
  g_autofree char *path = g_build_filename (real_system_dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static void
link_system (const char *code)
{
  g_autofree char *name = g_strconcat (code, ".traineddata", NULL);
  g_autofree char *target = g_build_filename (real_system_dir, name, NULL);
  g_autofree char *link = g_build_filename (fake_system_dir, name, NULL);

  g_unlink (link);
  g_assert_cmpint (symlink (target, link), ==, 0);
}

static void
unlink_system (const char *code)
{
  g_autofree char *name = g_strconcat (code, ".traineddata", NULL);
  g_autofree char *link = g_build_filename (fake_system_dir, name, NULL);

  g_unlink (link);
}

static AgLanguage *
find (GPtrArray  *list,
      const char *code)
{
  for (guint i = 0; i < list->len; i++)
    {
      AgLanguage *language = g_ptr_array_index (list, i);

      if (strcmp (language->code, code) == 0)
        return language;
    }
  return NULL;
}

static gboolean
skip_without (const char *code)
{
  if (!have_real (code))
    {
      g_autofree char *message = g_strdup_printf ("%s.traineddata is not installed", code);

      g_test_skip (message);
      return TRUE;
    }
  return FALSE;
}

static void
test_list (void)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *notes = g_build_filename (fake_system_dir, "notes.txt", NULL);
  AgLanguage *eng, *chi_sim;

  if (skip_without ("eng") || skip_without ("chi_sim") || skip_without ("osd"))
    return;

  link_system ("eng");
  link_system ("chi_sim");
  link_system ("osd");
  g_assert_true (g_file_set_contents (notes, "not a language", -1, NULL));

  list = ag_languages_list ();
  g_assert_cmpuint (list->len, ==, 2);

  eng = find (list, "eng");
  g_assert_nonnull (eng);
  g_assert_cmpstr (eng->name, ==, "English");
  g_assert_false (eng->user_added);
  g_assert_true (g_str_has_prefix (eng->path, fake_system_dir));

  chi_sim = find (list, "chi_sim");
  g_assert_nonnull (chi_sim);
  g_assert_cmpstr (chi_sim->name, ==, "简体中文");

  /* osd finds a page's orientation; it is not something to read. */
  g_assert_null (find (list, "osd"));
  g_assert_null (ag_languages_lookup ("osd"));

  g_assert_true (ag_languages_check_available ("chi_sim+eng", NULL));
  g_unlink (notes);
}

static void
test_display_names (void)
{
  static const struct { const char *code, *name; } cases[] = {
    { "eng", "English" },
    { "chi_sim", "简体中文" },
    { "chi_tra", "繁體中文" },
    { "chi_sim_vert", "简体中文（竖排）" },
    { "chi_tra_vert", "繁體中文（直排）" },
    { "deu", "Deutsch" },
    { "fra", "Français" },
    { "spa", "Español" },
    { "jpn", "日本語" },
    { "kor", "한국어" },
    { "rus", "Русский" },
    { "xyz_unknown", "xyz_unknown" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = ag_languages_dup_display_name (cases[i].code);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

static void
test_missing (void)
{
  g_autoptr(GError) error = NULL;

  if (skip_without ("eng"))
    return;
  link_system ("eng");
  unlink_system ("fra");

  g_assert_false (ag_languages_check_available ("eng+fra", &error));
  g_assert_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_MISSING_LANGUAGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Français"));
  g_assert_nonnull (strstr (error->message, "tesseract-ocr-fra"));
  g_assert_nonnull (strstr (error->message, "--import-language"));
  g_clear_error (&error);

  /* Debian's package names use hyphens. */
  g_assert_false (ag_languages_check_available ("chi_tra_vert_missing", &error));
  g_assert_nonnull (strstr (error->message, "tesseract-ocr-chi-tra-vert-missing"));
  g_clear_error (&error);

  g_assert_false (ag_languages_check_available ("eng; rm -rf", &error));
  g_assert_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE);
}

static void
test_default (void)
{
  if (skip_without ("eng") || skip_without ("chi_sim") || skip_without ("chi_tra"))
    return;

  link_system ("eng");
  link_system ("chi_sim");
  link_system ("chi_tra");

  g_assert_cmpstr (ag_languages_get_default_for_locale ("zh_CN.UTF-8"), ==, "chi_sim+eng");
  g_assert_cmpstr (ag_languages_get_default_for_locale ("zh_SG"), ==, "chi_sim+eng");
  g_assert_cmpstr (ag_languages_get_default_for_locale ("zh_TW.UTF-8"), ==, "chi_tra+eng");
  g_assert_cmpstr (ag_languages_get_default_for_locale ("zh_HK"), ==, "chi_tra+eng");
  g_assert_cmpstr (ag_languages_get_default_for_locale ("zh_MO.UTF-8"), ==, "chi_tra+eng");
  g_assert_cmpstr (ag_languages_get_default_for_locale ("en_US.UTF-8"), ==, "eng");
  g_assert_cmpstr (ag_languages_get_default_for_locale ("de_DE"), ==, "eng");
  g_assert_cmpstr (ag_languages_get_default_for_locale ("C"), ==, "eng");

  /* From the environment, as a person's session sets it. */
  g_setenv ("LANGUAGE", "zh_TW", TRUE);
  g_assert_cmpstr (ag_languages_get_default (), ==, "chi_tra+eng");
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_cmpstr (ag_languages_get_default (), ==, "chi_sim+eng");
  g_unsetenv ("LANGUAGE");

  /* Only what is installed. */
  unlink_system ("chi_tra");
  g_assert_cmpstr (ag_languages_get_default_for_locale ("zh_TW.UTF-8"), ==, "eng");
  link_system ("chi_tra");
}

static char *
copy_to_tmp (const char *code,
             const char *name)
{
  g_autofree char *filename = g_strconcat (code, ".traineddata", NULL);
  g_autofree char *source = g_build_filename (real_system_dir, filename, NULL);
  g_autofree char *contents = NULL;
  char *target = g_build_filename (ag_test_get_tmpdir (), name, NULL);
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (target, contents, length, NULL));
  return target;
}

static gboolean
user_dir_has (const char *name)
{
  g_autofree char *path = g_build_filename (user_dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static guint
count_user_files (void)
{
  g_autoptr(GDir) dir = g_dir_open (user_dir, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static AgBitmap *
render_bitmap (const char *text,
               const char *font)
{
  cairo_surface_t *surface = ag_test_render_text (text, font, 200);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *gray = g_malloc ((gsize) width * height);
  const guint8 *data = cairo_image_surface_get_data (surface);
  g_autoptr(GBytes) bytes = NULL;
  AgBitmap *bitmap;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      gray[(gsize) y * width + x] = (*(const guint32 *) (data + y * stride + x * 4) >> 8) & 0xff;

  bytes = g_bytes_new_take (gray, (gsize) width * height);
  bitmap = ag_bitmap_new (AG_BITMAP_FORMAT_GRAY8, width, height, width, bytes);
  ag_bitmap_set_dpi (bitmap, 200);
  cairo_surface_destroy (surface);
  return bitmap;
}

static void
test_import_and_remove (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(AgLanguage) added = NULL;
  g_autoptr(AgLanguage) eng = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autofree char *text = NULL;
  const char *truth = "Imported from a USB stick\n从U盘导入的语言";

  if (skip_without ("eng") || skip_without ("chi_sim"))
    return;
  link_system ("eng");
  link_system ("chi_sim");

  /* English under another name, as if brought on a USB stick. */
  path = copy_to_tmp ("eng", "myeng.traineddata");
  file = g_file_new_for_path (path);
  added = ag_languages_import (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (added);
  g_assert_cmpstr (added->code, ==, "myeng");
  g_assert_cmpstr (added->name, ==, "myeng");
  g_assert_true (added->user_added);
  g_assert_true (g_str_has_prefix (added->path, user_dir));
  g_assert_true (user_dir_has ("myeng.traineddata"));

  list = ag_languages_list ();
  g_assert_nonnull (find (list, "myeng"));
  g_assert_true (find (list, "myeng")->user_added);

  /* Languages from both folders at once: Tesseract still loads them. */
  g_ptr_array_add (bitmaps, render_bitmap (truth, "Noto Sans CJK SC 14"));
  ag_recognize_options_set_languages (options, "myeng+chi_sim");
  recognition = _ag_engine_recognize_bitmaps (ag_engine_get_default (), bitmaps, options, NULL, &error);
  g_assert_no_error (error);
  text = ag_recognition_dup_text (recognition);
  g_test_message ("myeng+chi_sim: %s", text);
  g_assert_nonnull (strstr (text, "USB"));
  g_assert_cmpfloat (ag_test_cer (text, truth, TRUE), <, 0.2);

  /* Only what the user added can be removed. */
  g_assert_false (ag_languages_remove ("eng", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  eng = ag_languages_lookup ("eng");
  g_assert_nonnull (eng);

  g_assert_true (ag_languages_remove ("myeng", &error));
  g_assert_no_error (error);
  g_assert_false (user_dir_has ("myeng.traineddata"));
  g_assert_null (ag_languages_lookup ("myeng"));

  g_assert_false (ag_languages_remove ("myeng", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_import_async (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(AgLanguage) added = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_without ("eng"))
    return;

  path = copy_to_tmp ("eng", "asynceng.traineddata");
  file = g_file_new_for_path (path);
  ag_languages_import_async (file, NULL, import_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  added = ag_languages_import_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (added->code, ==, "asynceng");
  g_assert_true (user_dir_has ("asynceng.traineddata"));
  g_assert_true (ag_languages_remove ("asynceng", &error));
}

static void
test_import_bogus (void)
{
  static const char *bad_names[] = { "bogus.traineddata", "truncated.traineddata", "notes.txt" };
  g_autofree char *bogus = g_build_filename (ag_test_get_tmpdir (), "bogus.traineddata", NULL);
  g_autofree char *notes = g_build_filename (ag_test_get_tmpdir (), "notes.txt", NULL);
  g_autofree char *truncated = g_build_filename (ag_test_get_tmpdir (), "truncated.traineddata", NULL);
  guint before;

  g_assert_true (g_file_set_contents (bogus, "This is a shopping list, not a language.\n", -1, NULL));
  g_assert_true (g_file_set_contents (notes, "hello", -1, NULL));

  if (have_real ("eng"))
    {
      g_autofree char *source = g_build_filename (real_system_dir, "eng.traineddata", NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (truncated, contents, length / 3, NULL));
    }
  else
    g_assert_true (g_file_set_contents (truncated, "\x05\0\0\0", 4, NULL));

  g_mkdir_with_parents (user_dir, 0700);
  before = count_user_files ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_names); i++)
    {
      g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), bad_names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(AgLanguage) added = ag_languages_import (file, NULL, &error);

      g_assert_null (added);
      g_assert_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE);
      g_test_message ("%s: %s", bad_names[i], error->message);
      g_assert_nonnull (strstr (error->message, bad_names[i]));
      g_assert_false (user_dir_has (bad_names[i]));
    }

  /* Nothing copied, not even a temporary file. */
  g_assert_cmpuint (count_user_files (), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;

  g_test_init (&argc, &argv, NULL);

  /* The real system folder, before it is replaced by a fake one the
   * tests fill with links. */
  real_system_dir = ag_languages_dup_system_dir ();
  fake_system_dir = g_build_filename (ag_test_get_tmpdir (), "system-tessdata", NULL);
  data_home = g_build_filename (ag_test_get_tmpdir (), "data-home", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fake_system_dir, 0700), ==, 0);
  g_setenv ("TESSDATA_PREFIX", fake_system_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  user_dir = ag_languages_dup_user_dir ();
  g_assert_true (g_str_has_prefix (user_dir, data_home));

  g_test_add_func ("/languages/list", test_list);
  g_test_add_func ("/languages/display-names", test_display_names);
  g_test_add_func ("/languages/missing", test_missing);
  g_test_add_func ("/languages/default", test_default);
  g_test_add_func ("/languages/import-and-remove", test_import_and_remove);
  g_test_add_func ("/languages/import-async", test_import_async);
  g_test_add_func ("/languages/import-bogus", test_import_bogus);

  return g_test_run ();
}
