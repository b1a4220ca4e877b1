/* test-window-scan.c — the Scan dialog, with SANE's test drivers
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* As in test-scanner.c: SANE_CONFIG_DIR points at a dll.conf that lists
 * only SANE's `pnm` driver (it "scans" the PNM file its option "filename"
 * names) and its `test` driver (slow pages on request, a flatbed and a
 * feeder).  The window's "scanner-options" key gives the pnm driver its
 * file and its error statuses, the way --scanner-option does for
 * airgap-ocr. */

#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "ag-core.h"
#include "ag-resources.h"
#include "ag-scan-dialog.h"
#include "ag-test-util.h"
#include "ag-test-window.h"

#define DPI 300.0

static const char *page_text =
  "Scanned pages never leave this computer.\n"
  "The scanner is reached through SANE.";

static const char *chinese_text =
  "扫描的文件不会离开这台电脑。\n"
  "扫描仪通过本机连接。";

static gboolean have_sane;

/* Helpers */

static gboolean
need_sane (void)
{
  if (!have_sane)
    g_test_skip ("no SANE, or no pnm and test drivers");
  return have_sane;
}

/* The test driver's tests run in a process of their own, without
 * MALLOC_PERTURB_: see test-scanner.c.  So does the pnm driver's error:
 * it keeps its options set for as long as the process lives. */
static gboolean
in_subprocess (void)
{
  if (g_test_subprocess ())
    return TRUE;

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
set_scanner (const char         *device,
             const char * const *options)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_settings_set_string (settings, "scan-device", device);
  g_settings_set_strv (settings, "scanner-options", options);
}

typedef struct
{
  AgWindow   *window;
  const char *state;
} DialogState;

static gboolean
dialog_in_state (gpointer data)
{
  DialogState *wait = data;
  GtkWindow *dialog = ag_window_test_get_scan_dialog (wait->window);

  return dialog != NULL && g_strcmp0 (ag_scan_dialog_get_state (AG_SCAN_DIALOG (dialog)), wait->state) == 0;
}

static AgScanDialog *
wait_for_dialog (AgWindow   *window,
                 const char *state,
                 double      seconds)
{
  DialogState wait = { window, state };

  g_assert_true (ag_test_wait_until (dialog_in_state, &wait, seconds));
  return AG_SCAN_DIALOG (ag_window_test_get_scan_dialog (window));
}

static AgScanDialog *
open_dialog (AgWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scan", NULL));
  g_assert_nonnull (ag_window_test_get_scan_dialog (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (ag_window_test_get_scan_dialog (window))));

  return wait_for_dialog (window, "ready", 60);
}

static gboolean
dialog_closed (gpointer window)
{
  return ag_window_test_get_scan_dialog (window) == NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *needle;
} FindLabel;

static gboolean
shows_label (gpointer data)
{
  FindLabel *find = data;

  return ag_test_find_label (find->root, find->needle) != NULL;
}

static gboolean
wait_for_label (GtkWidget  *root,
                const char *needle,
                double      seconds)
{
  FindLabel find = { root, needle };

  return ag_test_wait_until (shows_label, &find, seconds);
}

static gboolean
action_enabled (GtkWidget  *widget,
                const char *action)
{
  GtkWidget *button = ag_test_find_action_button (widget, action);

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

/* Tests */

/* From the start page's button to the text: the scan is the document,
 * read at once, and the dialog closes; its settings are remembered. */
static void
test_scan_page (void)
{
  g_autofree char *ppm = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *text = NULL;
  g_autofree char *remembered = NULL;
  g_autoptr(GSettings) settings = NULL;
  AgScanDialog *dialog;
  AgDocument *document;
  AgWindow *window;

  if (!need_sane () || !ag_test_can_recognize ())
    return;

  ppm = ag_test_write_ppm ("page.ppm", page_text, "DejaVu Serif 11", DPI);
  filename = g_strconcat ("filename=", ppm, NULL);
  set_scanner ("pnm:0", (const char * const[]) { filename, NULL });

  window = ag_test_new_mapped_window (1100, 700);
  g_assert_cmpstr (ag_window_test_get_visible_page_name (window), ==, "empty");
  /* the start page offers it */
  g_assert_nonnull (ag_test_find_action_button (GTK_WIDGET (window), "win.scan"));

  dialog = open_dialog (window);
  /* both drivers listed, the last one used chosen; the pnm driver has
   * no flatbed or feeder to choose from */
  g_assert_nonnull (ag_test_find_label (GTK_WIDGET (dialog), "PNM"));
  g_assert_null (ag_test_find_label (GTK_WIDGET (dialog), "S_ource"));
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "scan.start"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.start", NULL));
  g_assert_true (ag_test_wait_until (dialog_closed, window, 60));
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 60));

  document = ag_window_test_get_document (window);
  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 1);
  g_assert_null (ag_document_get_file (document));
  text = ag_test_window_dup_text (window);
  g_test_message ("scanned text: %s", text);
  g_assert_cmpfloat (ag_test_cer (text, page_text, FALSE), <, 0.05);

  settings = g_settings_new (APPLICATION_ID);
  remembered = g_settings_get_string (settings, "scan-device");
  g_assert_cmpstr (remembered, ==, "pnm:0");
  g_assert_cmpint (g_settings_get_int (settings, "scan-resolution"), ==, 300);

  ag_test_close_window (window, 20);
}

/* Chinese, in grey: the automatic languages find it. */
static void
test_scan_chinese (void)
{
  g_autofree char *ppm = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GSettings) settings = NULL;
  AgScanDialog *dialog;
  AgWindow *window;

  if (!need_sane () || !ag_test_can_recognize ())
    return;

  ppm = ag_test_write_ppm ("chinese.ppm", chinese_text, "Noto Sans CJK SC 12", DPI);
  filename = g_strconcat ("filename=", ppm, NULL);
  set_scanner ("pnm:0", (const char * const[]) { filename, NULL });
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_enum (settings, "scan-mode", AG_SCAN_MODE_GRAY);

  window = ag_test_new_mapped_window (1100, 700);
  dialog = open_dialog (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.start", NULL));
  g_assert_true (ag_test_wait_until (dialog_closed, window, 60));
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 90));

  text = ag_test_window_dup_text (window);
  g_test_message ("scanned text: %s", text);
  g_assert_cmpfloat (ag_test_cer (text, chinese_text, TRUE), <, 0.1);
  g_assert_cmpint (g_settings_get_enum (settings, "scan-mode"), ==, AG_SCAN_MODE_GRAY);

  g_settings_reset (settings, "scan-mode");
  ag_test_close_window (window, 20);
}

/* The scanner's error is said in the dialog, which stays open for
 * another try; the window is as it was. */
static void
test_scan_jammed (void)
{
  g_autofree char *ppm = NULL;
  g_autofree char *filename = NULL;
  AgScanDialog *dialog;
  AgWindow *window;

  /* The pnm driver keeps its status options for the process's life. */
  if (!need_sane ())
    return;
  if (!in_subprocess ())
    return;

  ppm = ag_test_write_ppm ("jammed.ppm", "Jammed", "DejaVu Sans 12", DPI);
  filename = g_strconcat ("filename=", ppm, NULL);
  set_scanner ("pnm:0", (const char * const[]) { filename, "status-jammed=yes", NULL });

  window = ag_test_new_mapped_window (1100, 700);
  dialog = open_dialog (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.start", NULL));
  g_assert_true (wait_for_label (GTK_WIDGET (dialog), "Paper is jammed in the scanner", 30));

  g_assert_cmpstr (ag_scan_dialog_get_state (dialog), ==, "ready");
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "scan.start"));
  g_assert_cmpstr (ag_window_test_get_visible_page_name (window), ==, "empty");
  g_assert_null (ag_window_test_get_document (window));

  /* Escape closes it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.escape", NULL));
  g_assert_true (ag_test_wait_until (dialog_closed, window, 5));

  ag_test_close_window (window, 20);
}

/* A slow scan (the test driver, a page in minutes) cancelled: the scan
 * stops at once, the dialog says so and stays, and the document that
 * was open stays with its text. */
static void
test_scan_cancel (void)
{
  const char *options[] = { "read-limit=yes", "read-limit-size=1000",
                            "read-delay=yes", "read-delay-duration=100000", NULL };
  g_autofree char *path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  AgScanDialog *dialog;
  AgDocument *document;
  AgWindow *window;
  gint64 start;

  if (!need_sane () || !ag_test_can_recognize ())
    return;
  if (!in_subprocess ())
    return;

  path = ag_test_render_text_png ("Already open", "DejaVu Sans 16", 200);
  window = ag_test_new_mapped_window (1100, 700);
  ag_test_window_open_path (window, path);
  g_assert_true (ag_test_wait_until (ag_test_window_has_result, window, 30));
  document = ag_window_test_get_document (window);
  before = ag_test_window_dup_text (window);

  set_scanner ("test:0", options);
  dialog = open_dialog (window);
  /* the test driver has a flatbed and a feeder */
  g_assert_nonnull (ag_test_find_label (GTK_WIDGET (dialog), "S_ource"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.start", NULL));
  g_assert_cmpstr (ag_scan_dialog_get_state (dialog), ==, "scanning");
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "scan.cancel"));
  g_assert_false (action_enabled (GTK_WIDGET (dialog), "scan.refresh"));
  g_assert_false (ag_test_wait_until (ag_test_never, NULL, 0.5));
  g_assert_cmpstr (ag_scan_dialog_get_state (dialog), ==, "scanning");

  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.cancel", NULL));
  wait_for_dialog (window, "ready", 10);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_true (wait_for_label (GTK_WIDGET (dialog), "Scanning was cancelled", 5));
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "scan.start"));

  g_assert_true (ag_window_test_get_document (window) == document);
  g_assert_true (ag_window_test_is_idle (window));
  after = ag_test_window_dup_text (window);
  g_assert_cmpstr (after, ==, before);

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (ag_test_wait_until (dialog_closed, window, 5));
  ag_test_close_window (window, 20);
}

/* Closing the window while it scans: the scan is given up, and nothing
 * keeps the window alive. */
static void
test_scan_close_while_scanning (void)
{
  const char *options[] = { "read-limit=yes", "read-limit-size=1000",
                            "read-delay=yes", "read-delay-duration=100000", NULL };
  AgScanDialog *dialog;
  AgWindow *window;

  if (!need_sane ())
    return;
  if (!in_subprocess ())
    return;

  set_scanner ("test:0", options);
  window = ag_test_new_mapped_window (1100, 700);
  dialog = open_dialog (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.start", NULL));
  g_assert_cmpstr (ag_scan_dialog_get_state (dialog), ==, "scanning");

  ag_test_close_window (window, 20);
}

/* Closed while it still looks for scanners, and opened again at once:
 * a new dialog, which finds them (SANE keeps the first one alive until
 * its list returns). */
static void
test_scan_reopen (void)
{
  GtkWindow *first;
  AgWindow *window;

  if (!need_sane ())
    return;

  window = ag_test_new_mapped_window (1100, 700);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scan", NULL));
  first = ag_window_test_get_scan_dialog (window);
  g_assert_nonnull (first);
  g_assert_cmpstr (ag_scan_dialog_get_state (AG_SCAN_DIALOG (first)), ==, "looking");
  gtk_window_close (first);
  g_assert_null (ag_window_test_get_scan_dialog (window));

  open_dialog (window);
  g_assert_true (ag_window_test_get_scan_dialog (window) != first);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (ag_window_test_get_scan_dialog (window))));

  ag_test_close_window (window, 20);
}

/* No scanner: said plainly, with the reason network scanners are not
 * listed, and a way to look again. */
static void
test_scan_no_scanner (void)
{
  AgScanDialog *dialog;
  AgWindow *window;

  if (!g_test_subprocess ())
    {
      if (!need_sane ())
        return;
      g_setenv ("AG_TEST_NO_SCANNER", "1", TRUE);
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_unsetenv ("AG_TEST_NO_SCANNER");
      g_test_trap_assert_passed ();
      return;
    }

  window = ag_test_new_mapped_window (1100, 700);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.scan", NULL));
  dialog = wait_for_dialog (window, "empty", 60);
  g_assert_nonnull (ag_test_find_label (GTK_WIDGET (dialog), "No Scanner Found"));
  g_assert_nonnull (ag_test_find_label (GTK_WIDGET (dialog), "Network scanners cannot be used"));
  g_assert_false (action_enabled (GTK_WIDGET (dialog), "scan.start"));
  g_assert_true (action_enabled (GTK_WIDGET (dialog), "scan.refresh"));

  /* looking again finds none again */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.refresh", NULL));
  g_assert_cmpstr (ag_scan_dialog_get_state (dialog), ==, "looking");
  wait_for_dialog (window, "empty", 60);

  ag_test_close_window (window, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  g_autofree char *dll = NULL;
  gboolean no_scanner = g_getenv ("AG_TEST_NO_SCANNER") != NULL;

  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_true (ag_sandbox_init (2, NULL, AG_SANDBOX_NONE, NULL));

  if (!g_resources_get_info (RESOURCE_PREFIX "/ag-window.ui", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    g_resources_register (ag_get_resource ());

  /* Only SANE's two test drivers (or none), before any thread starts. */
  config = g_build_filename (ag_test_get_tmpdir (), "sane", NULL);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  dll = g_build_filename (config, "dll.conf", NULL);
  g_assert_true (g_file_set_contents (dll, no_scanner ? "" : "pnm\ntest\n", -1, NULL));
  g_setenv ("SANE_CONFIG_DIR", config, TRUE);

  if (!no_scanner)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) devices = ag_scanner_list_devices (NULL, &error);

      have_sane = devices != NULL && devices->len >= 2;
      if (error != NULL)
        g_test_message ("%s", error->message);
    }

  /* See test-scanner.c: the test driver and MALLOC_PERTURB_. */
  if (!g_test_subprocess ())
    g_setenv ("MALLOC_PERTURB_", "0", TRUE);

  g_test_add_func ("/window-scan/no-scanner", test_scan_no_scanner);
  g_test_add_func ("/window-scan/cancel", test_scan_cancel);
  g_test_add_func ("/window-scan/close-while-scanning", test_scan_close_while_scanning);
  g_test_add_func ("/window-scan/jammed", test_scan_jammed);
  g_test_add_func ("/window-scan/reopen", test_scan_reopen);
  g_test_add_func ("/window-scan/page", test_scan_page);
  g_test_add_func ("/window-scan/chinese", test_scan_chinese);

  return g_test_run ();
}
