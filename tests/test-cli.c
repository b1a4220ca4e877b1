/* test-cli.c — airgap-ocr end to end, as a script would run it
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "ag-test-pdf.h"
#include "recognize/codes/ag-codes.h"
#include "recognize/ag-languages.h"
#include "recognize/ppocr/ag-ppocr.h"
#include "ag-test-util.h"

#define DPI 200.0

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs airgap-ocr with @args (NULL-terminated), feeding @input on
 * standard input when given. */
static void
run_cli (Run          *run,
         GBytes       *input,
         const char   *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("AIRGAP_OCR");
  const char *arg;
  va_list args;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (char *) program);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  if (input == NULL)
    input = empty = g_bytes_new (NULL, 0);
  g_subprocess_communicate (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  run->status = g_subprocess_get_exit_status (process);
  run->out = g_bytes_get_size (out) > 0
    ? g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out)) : g_strdup ("");
  run->err = g_bytes_get_size (err) > 0
    ? g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err)) : g_strdup ("");
  g_test_message ("exit %d; stderr: %s", run->status, run->err);
}

static const char *first_text = "Keep the papers on this computer";
static const char *second_text = "Nothing leaves the machine";

static void
test_image (void)
{
  g_autofree char *png = ag_test_render_text_png (first_text, "DejaVu Sans 12", DPI);
  g_auto(Run) run = { 0 };

  run_cli (&run, NULL, "-l", "eng", png, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpfloat (ag_test_cer (run.out, first_text, FALSE), <, 0.05);
}

/* A paragraph's lines joined by default; --keep-lines keeps them, as
 * airgap-ocr wrote before; asking for both is a mistake. */
static void
test_keep_lines (void)
{
  const char *lines = "The lines of this paragraph are\njoined into one when Airgap\nreads the page as a document.";
  g_autofree char *png = ag_test_render_text_png (lines, "DejaVu Sans 12", DPI);
  g_auto(Run) joined = { 0 };
  g_auto(Run) kept = { 0 };
  g_auto(Run) both = { 0 };
  g_autofree char *flat = g_strdelimit (g_strdup (lines), "\n", ' ');
  g_auto(GStrv) joined_lines = NULL;

  run_cli (&joined, NULL, "-l", "eng", png, NULL);
  g_assert_cmpint (joined.status, ==, 0);
  joined_lines = g_strsplit (g_strstrip (joined.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (joined_lines), ==, 1);
  g_assert_cmpfloat (ag_test_cer (joined.out, flat, FALSE), <, 0.05);

  run_cli (&kept, NULL, "-l", "eng", "--keep-lines", png, NULL);
  g_assert_cmpint (kept.status, ==, 0);
  g_assert_cmpfloat (ag_test_cer (kept.out, lines, FALSE), <, 0.05);
  g_assert_nonnull (strstr (kept.out, "are\njoined"));

  run_cli (&both, NULL, "-l", "eng", "--keep-lines", "--join-lines", png, NULL);
  g_assert_cmpint (both.status, ==, 2);
  g_assert_nonnull (strstr (both.err, "--keep-lines"));
}

static void
test_stdin (void)
{
  g_autofree char *png = ag_test_render_text_png (second_text, "DejaVu Sans 12", DPI);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(Run) run = { 0 };
  gsize length;

  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  bytes = g_bytes_new (contents, length);

  run_cli (&run, bytes, "-l", "eng", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpfloat (ag_test_cer (run.out, second_text, FALSE), <, 0.05);
}

static void
test_several_files (void)
{
  g_autofree char *a = ag_test_render_text_png (first_text, "DejaVu Sans 12", DPI);
  g_autofree char *b = ag_test_render_text_png (second_text, "DejaVu Sans 12", DPI);
  g_auto(Run) run = { 0 };
  g_auto(GStrv) parts = NULL;

  run_cli (&run, NULL, "-l", "eng", b, a, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* In the order given, one form feed between them. */
  parts = g_strsplit (run.out, "\f", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_assert_cmpfloat (ag_test_cer (parts[0], second_text, FALSE), <, 0.05);
  g_assert_cmpfloat (ag_test_cer (parts[1], first_text, FALSE), <, 0.05);
}

static const char *pdf_texts[] = {
  "Page one speaks of harbours",
  "Page two speaks of lighthouses",
  "Page three speaks of tides",
};

static void
test_pages (void)
{
  g_autofree char *pdf = ag_test_make_pdf (pdf_texts, G_N_ELEMENTS (pdf_texts), FALSE);
  g_auto(Run) run = { 0 };
  g_auto(GStrv) parts = NULL;

  run_cli (&run, NULL, "-l", "eng", "--pages", "2", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpfloat (ag_test_cer (run.out, pdf_texts[1], FALSE), <, 0.05);
  run_clear (&run);

  run_cli (&run, NULL, "-l", "eng", "--pages", "1,3", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  parts = g_strsplit (run.out, "\f", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_assert_cmpfloat (ag_test_cer (parts[0], pdf_texts[0], FALSE), <, 0.05);
  g_assert_cmpfloat (ag_test_cer (parts[1], pdf_texts[2], FALSE), <, 0.05);
  run_clear (&run);

  /* A page the document does not have is a usage error. */
  run_cli (&run, NULL, "-l", "eng", "--pages", "9", pdf, NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_region (void)
{
  g_autofree char *png = ag_test_render_text_png ("Apples are red\n\n\n\n\n\nBananas are yellow",
                                                  "DejaVu Sans 12", DPI);
  g_auto(Run) run = { 0 };

  run_cli (&run, NULL, "-l", "eng", "--region", "1:0,0.6,1,0.4", png, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpfloat (ag_test_cer (run.out, "Bananas are yellow", FALSE), <, 0.05);
  run_clear (&run);

  run_cli (&run, NULL, "-l", "eng", "--region", "1:0,0,100%,40%", png, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpfloat (ag_test_cer (run.out, "Apples are red", FALSE), <, 0.05);
}

/* Every JSON object with "text" and "confidence": the words. */
static void
collect_words (JsonNode *node,
               GString  *words,
               guint    *n_boxes)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_words (json_array_get_element (array, i), words, n_boxes);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = NULL;

      if (json_object_has_member (object, "text") && json_object_has_member (object, "confidence"))
        {
          JsonObject *box = json_object_get_object_member (object, "box");

          if (words->len > 0)
            g_string_append_c (words, ' ');
          g_string_append (words, json_object_get_string_member (object, "text"));
          if (box != NULL &&
              json_object_get_double_member (box, "x") >= 0 &&
              json_object_get_double_member (box, "x") + json_object_get_double_member (box, "width") <= 1 &&
              json_object_get_double_member (box, "height") > 0)
            (*n_boxes)++;
          return;
        }

      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        collect_words (json_object_get_member (object, l->data), words, n_boxes);
    }
}

static void
test_json (void)
{
  g_autofree char *png = ag_test_render_text_png (first_text, "DejaVu Sans 12", DPI);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) words = g_string_new (NULL);
  guint n_boxes = 0;

  run_cli (&run, NULL, "-l", "eng", "--json", png, NULL);
  g_assert_cmpint (run.status, ==, 0);

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  collect_words (json_parser_get_root (parser), words, &n_boxes);
  g_test_message ("words: %s", words->str);
  g_assert_cmpfloat (ag_test_cer (words->str, first_text, FALSE), <, 0.05);
  g_assert_cmpuint (n_boxes, ==, 6);
}

static void
test_list_languages (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  gboolean english = FALSE;

  run_cli (&run, NULL, "--list-languages", NULL);
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_false (g_str_has_prefix (lines[i], "osd "));
      if (g_str_has_prefix (lines[i], "eng ") && strstr (lines[i], "English") != NULL)
        english = TRUE;
    }
  g_assert_true (english);
}

static void
test_version (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;
  gboolean lockdown_line = FALSE;

  run_cli (&run, NULL, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Tesseract 5."));
  g_assert_nonnull (strstr (run.out, "Leptonica 1."));

  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Network lockdown:"))
      lockdown_line = TRUE;
  g_assert_true (lockdown_line);
}

static void
test_exit_codes (void)
{
  g_autofree char *png = ag_test_render_text_png ("x", "DejaVu Sans 12", DPI);
  g_autofree char *missing = g_build_filename (ag_test_get_tmpdir (), "no-such-file.png", NULL);
  g_autofree char *junk = g_build_filename (ag_test_get_tmpdir (), "junk.png", NULL);
  g_auto(Run) run = { 0 };

  run_cli (&run, NULL, "-l", "eng", missing, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "no-such-file.png"));
  run_clear (&run);

  g_assert_true (g_file_set_contents (junk, "not a picture", -1, NULL));
  run_cli (&run, NULL, "-l", "eng", junk, NULL);
  g_assert_cmpint (run.status, ==, 3);
  run_clear (&run);

  run_cli (&run, NULL, "--no-such-option", png, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, NULL, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, NULL, "-l", "klingon", png, NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "klingon"));
  g_assert_nonnull (strstr (run.err, "--import-language"));
  run_clear (&run);

  run_cli (&run, NULL, "-l", "eng", "--region", "1:0,0,2", png, NULL);
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_text_layer (void)
{
  static const char *texts[] = { "Written, not scanned: the text layer is exact." };
  g_autofree char *pdf = ag_test_make_pdf (texts, 1, TRUE);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  run_cli (&run, NULL, "-l", "eng", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpfloat (ag_test_cer (run.out, texts[0], FALSE), ==, 0.0);
  run_clear (&run);

  run_cli (&run, NULL, "-l", "eng", "--force-ocr", "--json", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (root);
  g_assert_nonnull (strstr (run.out, "\"ocr\""));
  g_assert_null (strstr (run.out, "\"text-layer\""));
}

/* What airgap-ocr starts with, from its debug log: a worker forked, not
 * started as a program; the languages loaded ahead for an image, not for
 * a PDF with a text layer nor when PP-OCR is asked for; a page of plain
 * lines read in two parts at once; and no chatter. */
static void
test_what_is_loaded (void)
{
  static const char *texts[] = { "Written, not scanned: the text layer is exact." };
  g_autofree char *pdf = ag_test_make_pdf (texts, 1, TRUE);
  g_autofree char *image = ag_test_render_text_png ("The committee met on Tuesday morning\n"
                                                     "to review the budget for the coming\n"
                                                     "year. Most of their time went on the\n"
                                                     "new library building, which is now\n"
                                                     "three months behind its schedule.",
                                                     "DejaVu Sans Mono 11", 300);
  g_autofree char *models = NULL;
  g_auto(Run) run = { 0 };
  const char *ldd[] = { "ldd", g_getenv ("AIRGAP_OCR"), NULL };
  g_autofree char *linked = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  /* Tesseract is not linked: with its own sixty libraries it would slow
   * every start (ag-tess-api.c), and its OpenMP would read the thread
   * limit before main() could set it. */
  g_spawn_sync (NULL, (char **) ldd, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &linked, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (linked, "libglib"));
  g_assert_null (strstr (linked, "libtesseract"));
  g_assert_null (strstr (linked, "libgomp"));

  g_setenv ("G_MESSAGES_DEBUG", "Airgap", TRUE);

  /* Started without OMP_THREAD_LIMIT, as from a terminal: Tesseract's
   * OpenMP still takes one thread, since libtesseract is opened after
   * main() set it (ag-tess-api.c). */
  g_unsetenv ("OMP_THREAD_LIMIT");
  run_cli (&run, NULL, "-l", "eng", "--engine", "tesseract", image, NULL);
  g_setenv ("OMP_THREAD_LIMIT", "1", TRUE);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "OpenMP thread limit 1)"));
  g_assert_nonnull (strstr (run.out, "Forked worker"));
  g_assert_nonnull (strstr (run.out, "Loading Tesseract for eng"));
  if (g_get_num_processors () >= 2)
    g_assert_nonnull (strstr (run.out, "in two parts at once"));
  g_assert_nonnull (strstr (run.out, "library building"));
  /* Nothing of Tesseract's own on standard error ("Estimating resolution
   * as 300": the image says no resolution), though the worker that read
   * it may open nothing for writing. */
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);

  /* A text layer needs no Tesseract: the library is not even opened. */
  run_cli (&run, NULL, "-l", "eng", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "Opened libtesseract"));
  g_assert_null (strstr (run.out, "Loading Tesseract"));
  g_assert_nonnull (strstr (run.out, "Written, not scanned"));
  run_clear (&run);

  if (_ag_ppocr_find_models (&models))
    {
      run_cli (&run, NULL, "-l", "eng", "--engine", "ppocr", image, NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_null (strstr (run.out, "Loading Tesseract"));
      g_assert_nonnull (strstr (run.out, "library"));
    }

  g_unsetenv ("G_MESSAGES_DEBUG");
}

/* Tesseract is opened when a page needs it: where it cannot be, that page
 * gets a clear error, and what needs no Tesseract still works. */
static void
test_no_tesseract (void)
{
  static const char *texts[] = { "A text layer needs no Tesseract." };
  g_autofree char *pdf = ag_test_make_pdf (texts, 1, TRUE);
  g_autofree char *image = ag_test_render_text_png ("Pictures need it.", "DejaVu Sans 14", 150);
  g_auto(Run) run = { 0 };

  g_setenv ("AIRGAP_TESSERACT_LIBRARY", "/nonexistent/libtesseract.so.5", TRUE);

  run_cli (&run, NULL, "-l", "eng", "--engine", "tesseract", image, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "Tesseract could not be loaded"));
  g_assert_nonnull (strstr (run.err, "/nonexistent/libtesseract.so.5"));
  run_clear (&run);

  run_cli (&run, NULL, "-l", "eng", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "A text layer needs no Tesseract."));
  run_clear (&run);

  run_cli (&run, NULL, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Tesseract (not found)"));

  g_unsetenv ("AIRGAP_TESSERACT_LIBRARY");
}

/* libzip and OpenCC are opened when a package is written or Chinese
 * converted: where they cannot be, that gets a clear error, the file is
 * not left half made, and plain text still comes out. */
static void
test_no_zip_opencc (void)
{
  static const char *texts[] = { "A text layer, written as a package." };
  g_autofree char *pdf = ag_test_make_pdf (texts, 1, TRUE);
  g_autofree char *odt = g_build_filename (ag_test_get_tmpdir (), "no-zip.odt", NULL);
  g_auto(Run) run = { 0 };

  g_setenv ("AIRGAP_ZIP_LIBRARY", "/nonexistent/libzip.so", TRUE);
  g_setenv ("AIRGAP_OPENCC_LIBRARY", "/nonexistent/libopencc.so", TRUE);

  run_cli (&run, NULL, "-l", "eng", pdf, "-o", odt, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "libzip could not be loaded"));
  g_assert_nonnull (strstr (run.err, "/nonexistent/libzip.so"));
  g_assert_false (g_file_test (odt, G_FILE_TEST_EXISTS));
  run_clear (&run);

  run_cli (&run, NULL, "-l", "eng", "--convert", "s2t", pdf, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "OpenCC could not be loaded"));
  run_clear (&run);

  run_cli (&run, NULL, "-l", "eng", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "A text layer, written as a package."));

  g_unsetenv ("AIRGAP_ZIP_LIBRARY");
  g_unsetenv ("AIRGAP_OPENCC_LIBRARY");
}

static gint64 interrupted_at;

static gboolean
interrupt_cb (gpointer user_data)
{
  interrupted_at = g_get_monotonic_time ();
  g_subprocess_send_signal (G_SUBPROCESS (user_data), SIGINT);
  return G_SOURCE_REMOVE;
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

/* Ctrl+C in the middle of a long document: exit status 6, promptly, and
 * no crash on the way out while workers are inside Tesseract. */
static void
test_interrupt (void)
{
  g_autoptr(GString) page = g_string_new (NULL);
  const char *texts[30];
  g_autofree char *pdf = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  gint64 finished;

  for (guint i = 0; i < 25; i++)
    g_string_append (page, "Pack my box with five dozen liquor jugs, said the clerk.\n");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    texts[i] = page->str;
  pdf = ag_test_make_pdf (texts, G_N_ELEMENTS (texts), FALSE);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, g_getenv ("AIRGAP_OCR"), "-l", "eng", pdf, NULL);
  g_assert_no_error (error);

  /* Under AddressSanitizer (the second build of build-aux/dev.sh) the
   * program takes longer than 2 s to set up its Ctrl+C handler on a loaded
   * machine; thirty pages take far longer than 8 s even there. */
  g_timeout_add_seconds (g_getenv ("ASAN_OPTIONS") != NULL ? 8 : 2, interrupt_cb, process);
  g_subprocess_wait_async (process, NULL, wait_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  finished = g_get_monotonic_time ();

  if (interrupted_at == 0)
    g_test_message ("ended before Ctrl+C, %s %d",
                    g_subprocess_get_if_exited (process) ? "status" : "signal",
                    g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                          : g_subprocess_get_term_sig (process));
  g_assert_cmpint (interrupted_at, >, 0);
  g_test_message ("exited %.2f s after Ctrl+C", (finished - interrupted_at) / 1e6);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 6);
  /* The stage a worker is in when interrupted (rendering, preprocessing,
   * Tesseract's layout analysis) runs to its end; on a loaded two-core
   * machine that is a second or two. */
  g_assert_cmpint (finished - interrupted_at, <, 6 * G_USEC_PER_SEC);
}

/* Text on standard output comes page by page: the first page is there
 * while the others are still being read, and Ctrl+C then keeps it. */
static void
test_page_by_page (void)
{
  const char *texts[12];
  g_autofree char *pdf = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *rest = NULL;
  char *line;

  texts[0] = "The harbour master opened the first page";
  for (guint i = 1; i < G_N_ELEMENTS (texts); i++)
    texts[i] = "Pack my box with five dozen liquor jugs, said the clerk.\n"
               "Pack my box with five dozen liquor jugs, said the clerk.\n"
               "Pack my box with five dozen liquor jugs, said the clerk.\n"
               "Pack my box with five dozen liquor jugs, said the clerk.";
  pdf = ag_test_make_pdf (texts, G_N_ELEMENTS (texts), FALSE);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, g_getenv ("AIRGAP_OCR"), "-l", "eng", pdf, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  /* Reads until the first page's words have come. */
  while ((line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error)) != NULL)
    {
      g_string_append (seen, line);
      g_free (line);
      if (strstr (seen->str, "harbour") != NULL)
        break;
    }
  g_assert_no_error (error);
  g_assert_nonnull (strstr (seen->str, "harbour"));

  /* Eleven pages of text are not read yet: the program is still at work,
   * and Ctrl+C stops it (it would exit 0 had it read them all). */
  g_subprocess_send_signal (process, SIGINT);
  rest = g_data_input_stream_read_upto (out, "", 0, NULL, NULL, NULL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 6);
}

/* A screenshot of a QR code alone: the payload, exactly, through the
 * sandboxed worker; a URL in it is only printed. */
static void
test_qr_code (void)
{
  static const char *payload = "会议纪要 2024年5月18日 https://example.org/minutes?id=42";
  g_autofree char *png = g_build_filename (ag_test_get_tmpdir (), "qr.png", NULL);
  g_autofree char *qrencode = g_find_program_in_path ("qrencode");
  g_autofree char *expected = g_strconcat (payload, "\n", NULL);
  const char *argv[] = { "qrencode", "-s", "6", "-o", png, payload, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) json = { 0 };
  int status = 0;

  if (!ag_codes_available () || qrencode == NULL)
    {
      g_test_skip (qrencode == NULL ? "qrencode is not installed" : "built without zxing-cpp");
      return;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  run_cli (&run, NULL, "-l", "eng", png, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);

  run_cli (&json, NULL, "-l", "eng", "--json", png, NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "\"kind\": \"code\""));
  g_assert_nonnull (strstr (json.out, "\"symbology\": \"QRCode\""));
}

/* A PDF with a text layer and a QR code pasted into it as a picture:
 * the text from the text layer, then the code's payload, found by the
 * sandboxed worker. */
static void
test_qr_code_pdf (void)
{
  static const char *payload = "https://example.org/minutes?id=42&lang=zh";
  static const char *letter = "Please scan the code below to join the meeting.";
  g_autofree char *png = g_build_filename (ag_test_get_tmpdir (), "pdf-qr.png", NULL);
  g_autofree char *qrencode = g_find_program_in_path ("qrencode");
  g_autofree char *pdf = NULL;
  g_autofree char *expected = g_strconcat (letter, "\n", payload, "\n", NULL);
  const char *argv[] = { "qrencode", "-s", "6", "-o", png, payload, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) json = { 0 };
  int status = 0;

  if (!ag_codes_available () || qrencode == NULL)
    {
      g_test_skip (qrencode == NULL ? "qrencode is not installed" : "built without zxing-cpp");
      return;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  pdf = ag_test_make_pdf_with_picture (letter, png, 380, 560, 120);

  run_cli (&run, NULL, "-l", "eng", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);

  run_cli (&json, NULL, "-l", "eng", "--json", pdf, NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "\"source\": \"text-layer\""));
  g_assert_nonnull (strstr (json.out, "\"kind\": \"code\""));
  g_assert_nonnull (strstr (json.out, "\"symbology\": \"QRCode\""));
}

/* SANE's pnm driver "scans" a PNM file (see test-scanner.c): the pages of
 * --scan are read like a file's; --list-scanners says network scanners
 * cannot be used; a scanner's status is a sentence and exit status 3. */
static void
test_scan (void)
{
  g_autofree char *config = g_build_filename (ag_test_get_tmpdir (), "sane", NULL);
  g_autofree char *dll = g_build_filename (config, "dll.conf", NULL);
  g_autofree char *png = ag_test_render_text_png (first_text, "DejaVu Sans 12", 300);
  g_autofree char *ppm = g_build_filename (ag_test_get_tmpdir (), "page.ppm", NULL);
  g_autofree char *filename = g_strconcat ("filename=", ppm, NULL);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) list = { 0 };
  g_auto(Run) scan = { 0 };
  g_auto(Run) jammed = { 0 };
  g_auto(Run) usage = { 0 };
  GString *header;

  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_true (g_file_set_contents (dll, "pnm\n", -1, NULL));
  g_setenv ("SANE_CONFIG_DIR", config, TRUE);

  /* The rendered page as a PPM. */
  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GdkPixbuf) rgb = gdk_pixbuf_add_alpha (pixbuf, FALSE, 0, 0, 0);
    int width = gdk_pixbuf_get_width (rgb), height = gdk_pixbuf_get_height (rgb);
    int stride = gdk_pixbuf_get_rowstride (rgb);
    const guint8 *pixels = gdk_pixbuf_read_pixels (rgb);

    header = g_string_new (NULL);
    g_string_printf (header, "P6\n%d %d\n255\n", width, height);
    for (int y = 0; y < height; y++)
      for (int x = 0; x < width; x++)
        g_string_append_len (header, (const char *) pixels + (gsize) y * stride + 4 * x, 3);
    g_assert_true (g_file_set_contents (ppm, header->str, header->len, NULL));
    g_string_free (header, TRUE);
  }

  run_cli (&list, NULL, "--list-scanners", NULL);
  if (list.status != 0 || strstr (list.out, "pnm:0") == NULL)
    {
      g_test_skip ("SANE or its pnm driver is not installed");
      g_unsetenv ("SANE_CONFIG_DIR");
      return;
    }
  g_assert_nonnull (strstr (list.err, "USB"));

  run_cli (&scan, NULL, "-l", "eng", "--scan", "pnm:0", "--scanner-option", filename, "--mode", "gray", NULL);
  g_assert_cmpint (scan.status, ==, 0);
  g_assert_cmpfloat (ag_test_cer (scan.out, first_text, FALSE), <, 0.05);

  run_cli (&jammed, NULL, "-l", "eng", "--scan", "pnm:0", "--scanner-option", filename,
           "--scanner-option", "status-jammed=yes", NULL);
  g_assert_cmpint (jammed.status, ==, 3);
  g_assert_nonnull (strstr (jammed.err, "jammed"));

  run_cli (&usage, NULL, "--scan", "pnm:0", "--source", "drawer", NULL);
  g_assert_cmpint (usage.status, ==, 2);

  g_unsetenv ("SANE_CONFIG_DIR");
}

/* Chinese as Chinese is written, end to end: no space between Chinese
 * and a number where the page has none, one where it has one, and
 * full-width punctuation (ag-layout-chinese.c, which every output goes
 * through). */
static void
test_chinese_text (void)
{
  static const char *page =
    "本次会议定于2024年5月18日上午9点30分召开，共3,000人参加。\n"
    "请在 Settings 中选择 Automatic 作为默认语言。";
  g_autofree char *png = NULL;
  g_auto(Run) run = { 0 };
  g_autoptr(AgLanguage) sim = ag_languages_lookup ("chi_sim");
  g_autoptr(AgLanguage) eng = ag_languages_lookup ("eng");

  if (sim == NULL || eng == NULL)
    {
      g_test_skip ("chi_sim and eng are needed");
      return;
    }

  png = ag_test_render_text_png (page, "Noto Sans CJK SC 14", DPI);
  run_cli (&run, NULL, "-l", "chi_sim+eng", "--engine", "tesseract", png, NULL);
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "定于2024年5月18日上午9点30分召开，共3,000人参加。"));
  g_assert_nonnull (strstr (run.out, "在 Settings 中选择 Automatic 作为"));
}

/* Without -l, on an English desktop, a Chinese page is read as Chinese
 * (and as Traditional, where chi_sim would make Simplified forms of it). */
static void
test_automatic (void)
{
  static const char *traditional =
    "傳統的書法講究筆畫的輕重與節奏。\n"
    "每一個字都像是一幅小小的畫，許多老師認為練習書法能讓人心情平靜。\n"
    "週末的書法班裡，常常坐滿了來自不同年齡層的學員。";
  g_autofree char *png = NULL;
  g_autofree char *saved_lang = g_strdup (g_getenv ("LANG"));
  g_autofree char *saved_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *saved_all = g_strdup (g_getenv ("LC_ALL"));
  g_auto(Run) run = { 0 };
  g_auto(Run) help = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) english = { 0 };
  g_auto(Run) chinese = { 0 };
  g_autofree char *english_png = NULL;
  g_autofree char *english_txt = NULL;
  g_autofree char *chinese_txt = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *languages;
  g_autoptr(AgLanguage) tra = ag_languages_lookup ("chi_tra");
  g_autoptr(AgLanguage) eng = ag_languages_lookup ("eng");
  double cer;

  if (tra == NULL || eng == NULL)
    {
      g_test_skip ("chi_tra and eng are needed");
      return;
    }

  png = ag_test_render_text_png (traditional, "Noto Sans CJK TC 14", DPI);
  english_png = ag_test_render_text_png ("The committee met on Tuesday and agreed on the budget.\n"
                                         "Every department sends its figures by the end of May.",
                                         "DejaVu Serif 14", DPI);
  english_txt = g_build_filename (ag_test_get_tmpdir (), "automatic-english.txt", NULL);
  chinese_txt = g_build_filename (ag_test_get_tmpdir (), "automatic-chinese.txt", NULL);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  g_unsetenv ("LC_ALL");
  run_cli (&run, NULL, png, NULL);
  run_cli (&help, NULL, "--help", NULL);
  run_cli (&json, NULL, "--json", png, NULL);
  /* On this English desktop an English page is read as English at once,
   * without a sample; the Traditional page needed one. */
  g_setenv ("G_MESSAGES_DEBUG", "Airgap", TRUE);
  run_cli (&english, NULL, english_png, "-o", english_txt, NULL);
  run_cli (&chinese, NULL, png, "-o", chinese_txt, NULL);
  g_unsetenv ("G_MESSAGES_DEBUG");
  if (saved_lang != NULL)
    g_setenv ("LANG", saved_lang, TRUE);
  if (saved_language != NULL)
    g_setenv ("LANGUAGE", saved_language, TRUE);
  if (saved_all != NULL)
    g_setenv ("LC_ALL", saved_all, TRUE);

  g_assert_cmpint (run.status, ==, 0);
  cer = ag_test_cer (run.out, traditional, TRUE);
  g_test_message ("CER %.3f: %s", cer, run.out);
  g_assert_cmpfloat (cer, <=, 0.03);
  /* and --help says so */
  g_assert_nonnull (strstr (help.out, "by default (auto)"));

  g_assert_cmpint (english.status, ==, 0);
  g_assert_null (strstr (english.out, "Automatic languages: sample"));
  g_assert_cmpint (chinese.status, ==, 0);
  g_assert_nonnull (strstr (chinese.out, "Automatic languages: sample"));
  /* The page decided what was loaded: its lines look Chinese, and no
   * English handle was loaded first to hold its Chinese ones back (the
   * wait for the page counts from Tesseract's library being open). */
  g_assert_nonnull (strstr (chinese.out, "the lines look Chinese"));
  g_assert_null (strstr (chinese.out, "Loading Tesseract for eng"));

  /* The exports name the languages chosen, not "auto": the document's
   * and the page's. */
  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  languages = json_object_get_array_member (root, "languages");
  g_assert_cmpuint (json_array_get_length (languages), >=, 1);
  g_assert_cmpstr (json_array_get_string_element (languages, 0), ==, "chi_tra");
  languages = json_object_get_array_member (
    json_array_get_object_element (json_object_get_array_member (root, "pages"), 0), "languages");
  g_assert_cmpuint (json_array_get_length (languages), >=, 1);
  g_assert_cmpstr (json_array_get_string_element (languages, 0), ==, "chi_tra");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/image", test_image);
  g_test_add_func ("/cli/keep-lines", test_keep_lines);
  g_test_add_func ("/cli/stdin", test_stdin);
  g_test_add_func ("/cli/several-files", test_several_files);
  g_test_add_func ("/cli/pages", test_pages);
  g_test_add_func ("/cli/region", test_region);
  g_test_add_func ("/cli/json", test_json);
  g_test_add_func ("/cli/list-languages", test_list_languages);
  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/exit-codes", test_exit_codes);
  g_test_add_func ("/cli/text-layer", test_text_layer);
  g_test_add_func ("/cli/what-is-loaded", test_what_is_loaded);
  g_test_add_func ("/cli/interrupt", test_interrupt);
  g_test_add_func ("/cli/page-by-page", test_page_by_page);
  g_test_add_func ("/cli/no-tesseract", test_no_tesseract);
  g_test_add_func ("/cli/no-zip-opencc", test_no_zip_opencc);
  g_test_add_func ("/cli/qr-code", test_qr_code);
  g_test_add_func ("/cli/qr-code-pdf", test_qr_code_pdf);
  g_test_add_func ("/cli/scan", test_scan);
  g_test_add_func ("/cli/automatic", test_automatic);
  g_test_add_func ("/cli/chinese-text", test_chinese_text);

  return g_test_run ();
}
