/* test-cli-bad-input.c — airgap-ocr, end to end, on hostile files
 *
 * Every file of tests/bad-input/ (written by tests/make-untrusted-input.py)
 * is given to airgap-ocr.  Each run must end by itself within a time limit,
 * with a documented exit status (never a signal) and, when it fails, one
 * line that names the file and says what is wrong.
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "ag-core.h"

/* Seconds one file may take, on a loaded machine and under ASan. */
#define TIME_LIMIT 20

/* The exit status airgap-ocr documents for a file it cannot read. */
#define EXIT_UNREADABLE 3

typedef struct
{
  const char *name;
  int         status;   /* the expected exit status */
  const char *message;  /* a part of the expected error message or, when
                         * the status is 0, of the text; NULL for none */
  int         seconds;  /* the time limit, if not TIME_LIMIT */
} BadFile;

static const BadFile bad_files[] = {
  { "zero-length.png", EXIT_UNREADABLE, "is empty" },
  { "truncated.png", EXIT_UNREADABLE, "damaged or incomplete" },
  { "bit-flipped.png", EXIT_UNREADABLE, "damaged or incomplete" },
  { "truncated.pdf", EXIT_UNREADABLE, "damaged or incomplete" },
  { "header-only.pdf", EXIT_UNREADABLE, "damaged or incomplete" },
  /* a linearised PDF cut off: Poppler finds no page in what is left */
  { "cut-off.pdf", EXIT_UNREADABLE, "damaged or incomplete" },
  { "enormous-dimensions.png", EXIT_UNREADABLE, "too large" },
  { "enormous-dimensions.tif", EXIT_UNREADABLE, NULL },
  { "page-tree-loop.pdf", EXIT_UNREADABLE, "damaged or incomplete" },
  { "page-tree-cycle.pdf", EXIT_UNREADABLE, "damaged or incomplete" },
  { "xref-loop.pdf", EXIT_UNREADABLE, "no pages" },
  { "encrypted.pdf", EXIT_UNREADABLE, "needs a password" },
  { "text-named.jpg", EXIT_UNREADABLE, "not an image or PDF" },
  { "random-bytes.tif", EXIT_UNREADABLE, "not an image or PDF" },
  /* Found by the fuzzer: gdk-pixbuf failed an assertion on it. */
  { "gif-empty-frame.gif", EXIT_UNREADABLE, "damaged or incomplete" },
  /* Found by the fuzzer: gdk-pixbuf asked for 4 GB for its header. */
  { "bmp-header-size.bmp", EXIT_UNREADABLE, "damaged or incomplete" },
  /* Found by the fuzzer: gdk-pixbuf asked for 3.5 GB to reach its pixels. */
  { "bmp-data-offset.bmp", EXIT_UNREADABLE, "damaged or incomplete" },
  /* Strange but readable: what can be read is read. */
  { "deep-page-tree.pdf", 0, "Deep" },
  { "deeply-nested.pdf", 0, "Nested" },
  { "self-reference.pdf", 0, "Itself" },
  /* A blank page of the largest size PDF allows (200 × 200 inches): it
   * is rendered within the pixel limit and found empty. */
  { "enormous-page.pdf", 0, NULL, 120 },
  /* Read by its content, not its name: a PDF is a PDF even called .png. */
  { "pdf-named.png", 0, "Hello" },
};

typedef struct
{
  GMainLoop *loop;
  gboolean   timed_out;
} Wait;

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  g_main_loop_quit (wait->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  g_main_loop_quit (wait->loop);
  return G_SOURCE_REMOVE;
}

static char *
read_all (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* Runs airgap-ocr on @path; returns its stderr and sets @status to its
 * exit status.  Fails the test if it is killed by a signal or takes longer
 * than @seconds. */
static char *
run_cli (const char *path,
         int         seconds,
         int        *status,
         char      **out)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *tmpdir = g_dir_make_tmp ("airgap-bad-XXXXXX", NULL);
  g_autofree char *out_path = g_build_filename (tmpdir, "out", NULL);
  g_autofree char *err_path = g_build_filename (tmpdir, "err", NULL);
  const char *program = g_getenv ("AIRGAP_OCR");
  Wait wait = { loop, FALSE };
  gint64 start = g_get_monotonic_time ();
  guint timeout;
  char *err;

  g_assert_nonnull (program);
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  process = g_subprocess_launcher_spawn (launcher, &error, program, "-l", "eng", path, NULL);
  g_assert_no_error (error);

  timeout = g_timeout_add_seconds (seconds, timeout_cb, &wait);
  g_subprocess_wait_async (process, NULL, exited_cb, &wait);
  g_main_loop_run (loop);
  if (wait.timed_out)
    {
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
    }
  else
    g_source_remove (timeout);

  err = read_all (err_path);
  *out = read_all (out_path);
  g_unlink (out_path);
  g_unlink (err_path);
  g_rmdir (tmpdir);

  g_test_message ("%s: %.1f s; stderr: %s", path,
                  (g_get_monotonic_time () - start) / 1e6, err);
  if (wait.timed_out)
    g_error ("%s: airgap-ocr was still running after %d s", path, seconds);
  if (g_subprocess_get_if_signaled (process))
    g_error ("%s: airgap-ocr was killed by signal %d (%s)", path,
             g_subprocess_get_term_sig (process),
             g_strsignal (g_subprocess_get_term_sig (process)));
  g_assert_true (g_subprocess_get_if_exited (process));
  *status = g_subprocess_get_exit_status (process);
  return err;
}

static void
test_bad_file (gconstpointer data)
{
  const BadFile *bad = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "bad-input", bad->name, NULL);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected_start = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean found = FALSE;
  int status = -1;

  err = run_cli (path, bad->seconds > 0 ? bad->seconds : TIME_LIMIT, &status, &out);

  g_assert_cmpint (status, ==, bad->status);
  g_assert_null (strstr (err, "CRITICAL"));
  g_assert_null (strstr (err, "runtime error"));
  g_assert_null (strstr (err, "Sanitizer"));
  if (status == 0)
    {
      /* The text, or nothing at all for a blank page. */
      if (bad->message != NULL)
        g_assert_nonnull (strstr (out, bad->message));
      else
        g_assert_cmpstr (g_strstrip (out), ==, "");
      return;
    }

  /* Nothing that looks like text was printed; a sentence naming the
   * file; no library noise (every line is airgap-ocr's own). */
  g_assert_cmpstr (g_strstrip (out), ==, "");
  expected_start = g_strdup_printf ("airgap-ocr: %s: ", path);
  lines = g_strsplit (g_strstrip (err), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], "airgap-ocr: "));
      if (g_str_has_prefix (lines[i], expected_start) &&
          strlen (lines[i]) > strlen (expected_start) + 20)
        found = TRUE;
    }
  g_assert_true (found);
  if (bad->message != NULL)
    g_assert_nonnull (strstr (err, bad->message));
}

/* Every file of the folder is in the table, so a file added to the
 * corpus is not silently left out. */
static void
test_every_file_listed (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "bad-input", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
        listed |= g_str_equal (bad_files[i].name, name);
      if (!listed)
        g_error ("tests/bad-input/%s is not in test-cli-bad-input.c", name);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-bad-input/every-file-listed", test_every_file_listed);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/cli-bad-input/%s", bad_files[i].name);

      g_test_add_data_func (test_path, &bad_files[i], test_bad_file);
    }

  return g_test_run ();
}
