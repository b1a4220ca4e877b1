/* test-scanner.c — pages from SANE's test drivers
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * SANE's `pnm` driver "scans" a PNM file (its option "filename"), and its
 * `test` driver makes pictures, empties a feeder after 10 pages and
 * reports any status on request (its option "read-return-value").  Both
 * come with libsane1; SANE_CONFIG_DIR points at a dll.conf that lists
 * only them, so no real driver is asked.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ag-core.h"
#include "ag-test-util.h"
#include "capture/ag-scanner-private.h"

#define DPI 300.0

static const char *english =
  "Scanned pages never leave this computer.\n"
  "The scanner is reached through SANE.";

static const char *chinese =
  "扫描的文件不会离开这台电脑。\n"
  "扫描仪通过本机连接。";

static gboolean have_sane;

static char *
write_ppm (const char *name,
           const char *text,
           const char *font)
{
  return ag_test_write_ppm (name, text, font, DPI);
}

/* Runs the test in a process of its own, without MALLOC_PERTURB_: see
 * main().  Returns TRUE in that process. */
static gboolean
in_subprocess (void)
{
  if (g_test_subprocess ())
    return TRUE;

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  return FALSE;
}

static gboolean
need_sane (void)
{
  if (!have_sane)
    g_test_skip ("no SANE, or no pnm and test drivers");
  return have_sane;
}

static char *
recognize_text (AgDocument *document,
                const char *languages)
{
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;

  ag_recognize_options_set_languages (options, languages);
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  return ag_recognition_dup_text (recognition);
}

static void
test_list (void)
{
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  gboolean pnm = FALSE, test = FALSE;
  guint n_network = 99;

  if (!need_sane ())
    return;

  devices = ag_scanner_list_devices (&n_network, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < devices->len; i++)
    {
      AgScannerDevice *device = g_ptr_array_index (devices, i);

      /* The pnm driver has no source to choose; the test driver has a
       * flatbed and a feeder. */
      if (g_str_equal (device->name, "pnm:0"))
        {
          pnm = TRUE;
          g_assert_cmpint (device->sources, ==, 0);
        }
      if (g_str_equal (device->name, "test:0"))
        {
          test = TRUE;
          g_assert_cmpint (device->sources, ==, AG_SCAN_SOURCE_FLAG_FLATBED | AG_SCAN_SOURCE_FLAG_ADF);
        }
      g_assert_false (ag_scanner_is_network_device (device->name));
    }
  g_assert_true (pnm);
  g_assert_true (test);
  g_assert_cmpuint (n_network, ==, 0);
}

static void
test_network_names (void)
{
  const char *network[] = { "net:192.168.1.20:genesys:libusb:001:004", "escl:https://10.0.0.5:443",
                            "airscan:e0:Canon MF743C", "epson2:net:192.168.0.3",
                            "pixma:MX920_10.0.0.7", "dell1600n_net:scanner", "magicolor:net:192.168.1.5" };
  const char *local[] = { "genesys:libusb:001:004", "pnm:0", "test:1", "hpaio:/usb/Deskjet_2540?serial=CN1",
                          "epsonds:libusb:002:003", "fujitsu:fi-7160:123", "magicolor:libusb:001:005" };

  for (guint i = 0; i < G_N_ELEMENTS (network); i++)
    g_assert_true (ag_scanner_is_network_device (network[i]));
  for (guint i = 0; i < G_N_ELEMENTS (local); i++)
    g_assert_false (ag_scanner_is_network_device (local[i]));
}

/* The drivers a dll.conf lists, comments left out. */
static GPtrArray *
listed_backends (const char *dll_conf)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (dll_conf, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0' && *line != '#')
        g_ptr_array_add (names, g_strdup (line));
    }
  return names;
}

static gboolean
has_name (GPtrArray  *names,
          const char *name)
{
  return g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL);
}

/* SANE's configuration for Airgap, made from a system's: the local
 * drivers of its dll.conf and dll.d, none of the network ones, the
 * drivers' own files linked, and nothing left once removed. */
static void
test_private_config (void)
{
  g_autofree char *system = g_build_filename (ag_test_get_tmpdir (), "sane.d", NULL);
  g_autofree char *dlld = g_build_filename (system, "dll.d", NULL);
  g_autofree char *dll = g_build_filename (system, "dll.conf", NULL);
  g_autofree char *pnm_conf = g_build_filename (system, "pnm.conf", NULL);
  g_autofree char *airscan = g_build_filename (dlld, "airscan", NULL);
  g_autofree char *hpaio = g_build_filename (dlld, "hpaio", NULL);
  g_autofree char *backup = g_build_filename (dlld, "hpaio~", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *made_dll = NULL;
  g_autofree char *made_pnm = NULL;
  g_autofree char *made_dlld = NULL;
  g_autofree char *link = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "abaton", "genesys", "pnm", "test", "pixma", "hpaio" };

  g_assert_cmpint (g_mkdir_with_parents (dlld, 0700), ==, 0);
  g_assert_true (g_file_set_contents (dll,
                                      "# The system's drivers\n"
                                      "net\n"
                                      "abaton\n"
                                      "genesys   # USB\n"
                                      "  escl\n"
                                      "dell1600n_net\n"
                                      "pnm\n"
                                      "test\n"
                                      "pixma\n", -1, NULL));
  g_assert_true (g_file_set_contents (pnm_conf, "# the pnm driver's own\n", -1, NULL));
  g_assert_true (g_file_set_contents (airscan, "# sane-airscan\nairscan\n", -1, NULL));
  g_assert_true (g_file_set_contents (hpaio, "hpaio\n", -1, NULL));
  g_assert_true (g_file_set_contents (backup, "net\n", -1, NULL));

  dir = _ag_scanner_make_config_dir (system, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dir);
  g_assert_true (g_str_has_prefix (dir, g_get_user_runtime_dir ()) || g_str_has_prefix (dir, g_get_tmp_dir ()));

  made_dll = g_build_filename (dir, "dll.conf", NULL);
  names = listed_backends (made_dll);
  g_assert_cmpuint (names->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (has_name (names, expected[i]));
  g_assert_false (has_name (names, "net"));
  g_assert_false (has_name (names, "escl"));
  g_assert_false (has_name (names, "airscan"));
  g_assert_false (has_name (names, "dell1600n_net"));

  /* SANE reads only the first dll.d it finds: none here. */
  made_dlld = g_build_filename (dir, "dll.d", NULL);
  g_assert_false (g_file_test (made_dlld, G_FILE_TEST_EXISTS));
  made_pnm = g_build_filename (dir, "pnm.conf", NULL);
  g_assert_true (g_file_test (made_pnm, G_FILE_TEST_IS_SYMLINK));
  link = g_file_read_link (made_pnm, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link, ==, pnm_conf);

  _ag_scanner_remove_config_dir (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (pnm_conf, G_FILE_TEST_IS_REGULAR));

  /* Without a dll.conf there is nothing to copy. */
  g_assert_true (g_unlink (dll) == 0);
  g_assert_null (_ag_scanner_make_config_dir (system, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* airgap-ocr without SANE_CONFIG_DIR: SANE reads the configuration made
 * from the system's (SANE's dll driver says what it loads), adds no
 * network driver although the system lists some, and the folder is gone
 * when the program ends. */
static void
test_private_config_used (void)
{
#ifdef AG_HAVE_SANE
  g_autofree char *system_dll = g_build_filename (AG_SANE_CONFIG_DIR, "dll.conf", NULL);
  g_autoptr(GPtrArray) system = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { g_getenv ("AIRGAP_OCR"), "--list-scanners", NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  const char *opened, *end;
  int status = 0;

  if (!g_file_test (system_dll, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("SANE has no dll.conf here");
      return;
    }
  system = listed_backends (system_dll);
  if (!has_name (system, "net") && !has_name (system, "escl"))
    {
      g_test_skip ("this system's SANE lists no network driver");
      return;
    }
  g_assert_nonnull (argv[0]);

  env = g_environ_unsetenv (env, "SANE_CONFIG_DIR");
  env = g_environ_setenv (env, "SANE_DEBUG_DLL", "4", TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  opened = strstr (err, "read_dlld: attempting to open directory `");
  g_assert_nonnull (opened);
  opened = strchr (opened, '`') + 1;
  end = strstr (opened, "/dll.d'");
  g_assert_nonnull (end);
  dir = g_strndup (opened, end - opened);
  g_assert_nonnull (strstr (dir, "airgap-sane-"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  g_assert_nonnull (strstr (err, "add_backend: adding backend `"));
  g_assert_null (strstr (err, "adding backend `net'"));
  g_assert_null (strstr (err, "adding backend `escl'"));
  g_assert_null (strstr (err, "adding backend `airscan'"));
#else
  g_test_skip ("built without SANE");
#endif
}

static AgDocument *
scan_pnm (const char *path,
          AgScanMode  mode)
{
  g_autofree char *filename = g_strconcat ("filename=", path, NULL);
  const char *device_options[] = { filename, NULL };
  AgScanSettings settings = { 0, mode, AG_SCAN_SOURCE_DEFAULT, device_options };
  g_autoptr(GError) error = NULL;
  AgDocument *document = ag_scanner_scan ("pnm:0", &settings, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 1);
  return document;
}

/* A page "scanned" from a file: its text, and its resolution kept. */
static void
test_pnm_english (void)
{
  g_autofree char *ppm = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autofree char *text = NULL;

  if (!need_sane ())
    return;

  ppm = write_ppm ("english.ppm", english, "DejaVu Serif 11");
  document = scan_pnm (ppm, AG_SCAN_MODE_COLOR);
  text = recognize_text (document, "eng");
  g_test_message ("%s", text);
  g_assert_cmpfloat (ag_test_cer (text, english, FALSE), <, 0.05);
}

static void
test_pnm_chinese (void)
{
  g_autofree char *ppm = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autofree char *text = NULL;

  if (!need_sane ())
    return;

  ppm = write_ppm ("chinese.ppm", chinese, "Noto Sans CJK SC 12");
  document = scan_pnm (ppm, AG_SCAN_MODE_GRAY);
  text = recognize_text (document, "chi_sim");
  g_test_message ("%s", text);
  g_assert_cmpfloat (ag_test_cer (text, chinese, TRUE), <, 0.05);
}

/* The feeder: every page until it is empty (the test driver's holds 10). */
static void
test_feeder (void)
{
  const char *device_options[] = { "test-picture=Solid white", NULL };
  AgScanSettings settings = { 50, AG_SCAN_MODE_GRAY, AG_SCAN_SOURCE_ADF, device_options };
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;

  if (!need_sane ())
    return;
  if (!in_subprocess ())
    return;

  document = ag_scanner_scan ("test:0", &settings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 10);
  g_assert_cmpstr (ag_document_get_title (document), ==, "10 scanned pages");
  g_assert_cmpfloat (ag_page_get_native_dpi (ag_document_get_page (document, 9)), ==, 50);
}

/* The flatbed gives one page, even from a scanner with a feeder; the pnm
 * driver has no feeder to ask for. */
static void
test_sources (void)
{
  AgScanSettings flatbed = { 50, AG_SCAN_MODE_COLOR, AG_SCAN_SOURCE_FLATBED, NULL };
  AgScanSettings adf = { 50, AG_SCAN_MODE_COLOR, AG_SCAN_SOURCE_ADF, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgDocument) none = NULL;

  if (!need_sane ())
    return;
  if (!in_subprocess ())
    return;

  document = ag_scanner_scan ("test:0", &flatbed, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 1);

  none = ag_scanner_scan ("pnm:0", &adf, NULL, &error);
  g_assert_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_UNSUPPORTED);
  g_assert_null (none);
}

/*
 * Every status a scanner can report is a sentence of its own.  The pnm
 * driver reports them on request (its options status-jammed, …) from
 * sane_read() itself.  (The test driver's read-return-value would too,
 * but its sane_cancel() then kills its reader thread with asynchronous
 * cancellation, often inside malloc(), and hangs joining it: a bug of
 * that driver; see main().)
 */
typedef struct
{
  const char *path;
  const char *device;
  const char *device_option;
  int         code;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "/scanner/error/jammed", "pnm:0", "status-jammed=yes", AG_SCANNER_ERROR_JAMMED },
  { "/scanner/error/cover-open", "pnm:0", "status-coveropen=yes", AG_SCANNER_ERROR_COVER_OPEN },
  { "/scanner/error/no-documents", "pnm:0", "status-nodocs=yes", AG_SCANNER_ERROR_NO_DOCUMENTS },
  { "/scanner/error/access-denied", "pnm:0", "status-accessdenied=yes", AG_SCANNER_ERROR_ACCESS_DENIED },
  { "/scanner/error/io", "pnm:0", "status-ioerror=yes", AG_SCANNER_ERROR_FAILED },
  { "/scanner/error/no-such-option", "pnm:0", "no-such-option=1", AG_SCANNER_ERROR_UNSUPPORTED },
  { "/scanner/error/no-such-scanner", "nosuch:0", NULL, AG_SCANNER_ERROR_NOT_FOUND },
  { "/scanner/error/network", "net:192.168.1.20:test:0", NULL, AG_SCANNER_ERROR_NETWORK },
};

static void
test_error (gconstpointer data)
{
  const ErrorCase *one = data;
  g_autofree char *ppm = NULL;
  g_autofree char *filename = NULL;
  const char *device_options[] = { NULL, one->device_option, NULL };
  AgScanSettings settings = { 0, AG_SCAN_MODE_GRAY, AG_SCAN_SOURCE_DEFAULT, device_options };
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;

  if (!need_sane ())
    return;

  ppm = write_ppm ("error.ppm", "Error", "DejaVu Sans 12");
  filename = g_strconcat ("filename=", ppm, NULL);
  device_options[0] = g_str_has_prefix (one->device, "pnm:") ? filename : one->device_option;
  if (device_options[0] == one->device_option)
    device_options[1] = NULL;

  document = ag_scanner_scan (one->device, &settings, NULL, &error);
  g_assert_null (document);
  g_assert_error (error, AG_SCANNER_ERROR, one->code);
  g_test_message ("%s: %s", one->path, error->message);
}

static void
scanned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(AgDocument) document = ag_scanner_scan_finish (result, error);

  g_assert_null (document);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* A slow scan, cancelled while the scanner sends its page, ends at once. */
static void
test_cancel (void)
{
  const char *device_options[] = { "read-limit=yes", "read-limit-size=1000",
                                   "read-delay=yes", "read-delay-duration=100000", NULL };
  AgScanSettings settings = { 300, AG_SCAN_MODE_COLOR, AG_SCAN_SOURCE_DEFAULT, device_options };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;
  gint64 start;

  if (!need_sane ())
    return;
  if (!in_subprocess ())
    return;

  start = g_get_monotonic_time ();
  ag_scanner_scan_async ("test:0", &settings, cancellable, scanned_cb, &error);
  g_timeout_add (300, cancel_cb, cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_error_free (error);
  /* The whole page takes minutes at this pace. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  /* Only SANE's two test drivers, before any thread starts. */
  config = g_build_filename (ag_test_get_tmpdir (), "sane", NULL);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  {
    g_autofree char *dll = g_build_filename (config, "dll.conf", NULL);

    g_assert_true (g_file_set_contents (dll, "pnm\ntest\n", -1, NULL));
  }
  g_setenv ("SANE_CONFIG_DIR", config, TRUE);

  {
    g_autoptr(GPtrArray) devices = ag_scanner_list_devices (NULL, &error);

    have_sane = devices != NULL && devices->len >= 2;
    if (error != NULL)
      g_test_message ("%s", error->message);
  }

  /* The test driver's sane_read() and sane_cancel() end its reader
   * thread with asynchronous cancellation; when that lands in malloc()
   * or free(), the thread's arena stays locked for good and the next
   * reader hangs.  MALLOC_PERTURB_ (which meson sets) slows every free()
   * enough for that to happen once in thirty runs, and other threads
   * (Tesseract's, OpenMP's) crowding the arenas more often: so the tests
   * of that driver run first, each in a process of its own without
   * MALLOC_PERTURB_ (glibc reads it when a process starts).  The pnm
   * driver reads in the caller's thread. */
  if (!g_test_subprocess ())
    g_setenv ("MALLOC_PERTURB_", "0", TRUE);

  g_test_add_func ("/scanner/list", test_list);
  g_test_add_func ("/scanner/network-names", test_network_names);
  g_test_add_func ("/scanner/private-config", test_private_config);
  g_test_add_func ("/scanner/private-config-used", test_private_config_used);
  g_test_add_func ("/scanner/feeder", test_feeder);
  g_test_add_func ("/scanner/sources", test_sources);
  g_test_add_func ("/scanner/cancel", test_cancel);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    g_test_add_data_func (error_cases[i].path, &error_cases[i], test_error);
  g_test_add_func ("/scanner/pnm-english", test_pnm_english);
  g_test_add_func ("/scanner/pnm-chinese", test_pnm_chinese);

  return g_test_run ();
}
