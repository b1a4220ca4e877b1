/* test-worker.c — documents read in the sandboxed airgap-worker
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <zlib.h>

#include "ag-core.h"
#include "ag-test-pdf.h"
#include "ag-test-util.h"
#include "sandbox/ag-worker-protocol.h"

#define MEMORY_LIMIT_MB "1024"
#define HUGE_SIDE 14000

/* A page with every field set, some of them oddly. */
static AgRecognitionPage *
make_page (void)
{
  AgRecognitionPage *page = ag_recognition_page_new (7, 2480, 3508, 300.0, AG_RECOGNITION_SOURCE_TEXT_LAYER);
  AgRect box = { 0.125, 0.25, 0.5, 0.0625 };
  AgBlock *block = ag_block_new (3);
  AgLine *line = ag_line_new ();

  page->engine = g_strdup ("ppocr");
  page->note = g_strdup ("照片：PP-OCR “reads” it better");
  page->languages = g_strdup ("chi_sim+eng");
  block->vertical = TRUE;
  block->box = box;
  line->box = box;
  g_ptr_array_add (line->words, ag_word_new ("離線", &box, 96.5f));
  g_ptr_array_add (line->words, ag_word_new ("", &box, 0.0f));
  g_ptr_array_add (line->words, ag_word_new ("tab\there", &box, 100.0f));
  ((AgWord *) g_ptr_array_index (line->words, 2))->gap_before = AG_WORD_GAP_SPACE;
  ((AgWord *) g_ptr_array_index (line->words, 1))->gap_before = AG_WORD_GAP_NONE;
  g_ptr_array_add (block->lines, line);
  g_ptr_array_add (block->lines, ag_line_new ());
  g_ptr_array_add (block->lines, ag_line_new ());
  g_ptr_array_add (page->blocks, block);
  /* A table of two rows, its first row one merged cell, the last cell
   * empty; a heading. */
  ag_block_add_cell (block, 0, 0, 1, 2, 0, 1, NULL);
  ag_block_add_cell (block, 1, 0, 1, 1, 1, 2, &box);
  ag_block_add_cell (block, 1, 1, 1, 1, 3, 0, NULL);
  block->align = AG_BLOCK_ALIGN_END;
  block = ag_block_new (-1);
  block->kind = AG_BLOCK_KIND_HEADING;
  block->level = 2;
  block->align = AG_BLOCK_ALIGN_CENTER;
  block->indent = 0.0625;
  g_ptr_array_add (page->blocks, block);
  g_ptr_array_add (page->blocks, ag_block_new (-1));
  g_ptr_array_add (page->blocks, ag_block_new_code (-1, "QRCode", "会议纪要\nhttps://example.org/?a=1&b=2", &box));

  return page;
}

static void
assert_rect_equal (const AgRect *a,
                   const AgRect *b)
{
  g_assert_cmpfloat (a->x, ==, b->x);
  g_assert_cmpfloat (a->y, ==, b->y);
  g_assert_cmpfloat (a->width, ==, b->width);
  g_assert_cmpfloat (a->height, ==, b->height);
}

static void
test_serialize_round_trip (void)
{
  g_autoptr(AgRecognitionPage) page = make_page ();
  g_autoptr(AgRecognitionPage) copy = NULL;
  g_autoptr(AgRecognitionPage) plain = ag_recognition_page_new (0, 1, 1, 0, AG_RECOGNITION_SOURCE_OCR);
  g_autoptr(AgRecognitionPage) plain_copy = NULL;
  g_autoptr(GVariant) variant = g_variant_ref_sink (ag_recognition_page_serialize (page));
  g_autoptr(GVariant) plain_variant = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) from_bytes = NULL;

  /* Through bytes, as D-Bus carries it. */
  bytes = g_variant_get_data_as_bytes (variant);
  from_bytes = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (AG_RECOGNITION_PAGE_VARIANT_TYPE),
                                                             bytes, FALSE));
  copy = ag_recognition_page_deserialize (from_bytes);
  g_assert_nonnull (copy);

  g_assert_cmpuint (copy->index, ==, 7);
  g_assert_cmpint (copy->width, ==, 2480);
  g_assert_cmpint (copy->height, ==, 3508);
  g_assert_cmpfloat (copy->dpi, ==, 300.0);
  g_assert_cmpint (copy->source, ==, AG_RECOGNITION_SOURCE_TEXT_LAYER);
  g_assert_cmpstr (copy->engine, ==, "ppocr");
  g_assert_cmpstr (copy->note, ==, page->note);
  g_assert_cmpstr (copy->languages, ==, "chi_sim+eng");
  g_assert_cmpuint (copy->blocks->len, ==, 4);
  g_assert_cmpint (((AgBlock *) g_ptr_array_index (copy->blocks, 0))->kind, ==, AG_BLOCK_KIND_TABLE);
  g_assert_cmpuint (((AgBlock *) g_ptr_array_index (copy->blocks, 0))->n_rows, ==, 2);
  g_assert_cmpuint (((AgBlock *) g_ptr_array_index (copy->blocks, 0))->n_columns, ==, 2);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *x = g_ptr_array_index (page->blocks, b);
      AgBlock *y = g_ptr_array_index (copy->blocks, b);

      g_assert_cmpint (x->region, ==, y->region);
      g_assert_cmpint (x->vertical, ==, y->vertical);
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpuint (x->level, ==, y->level);
      g_assert_cmpint (x->align, ==, y->align);
      g_assert_cmpfloat (x->indent, ==, y->indent);
      g_assert_cmpuint (x->n_rows, ==, y->n_rows);
      g_assert_cmpuint (x->n_columns, ==, y->n_columns);
      g_assert_true ((x->cells == NULL) == (y->cells == NULL));
      if (x->cells != NULL)
        {
          g_assert_cmpuint (x->cells->len, ==, y->cells->len);
          g_assert_cmpmem (x->cells->data, x->cells->len * sizeof (AgCell),
                           y->cells->data, y->cells->len * sizeof (AgCell));
        }
      g_assert_cmpstr (x->symbology, ==, y->symbology);
      assert_rect_equal (&x->box, &y->box);
      g_assert_cmpuint (x->lines->len, ==, y->lines->len);
      for (guint l = 0; l < x->lines->len; l++)
        {
          AgLine *xl = g_ptr_array_index (x->lines, l);
          AgLine *yl = g_ptr_array_index (y->lines, l);

          assert_rect_equal (&xl->box, &yl->box);
          g_assert_cmpuint (xl->words->len, ==, yl->words->len);
          for (guint w = 0; w < xl->words->len; w++)
            {
              AgWord *xw = g_ptr_array_index (xl->words, w);
              AgWord *yw = g_ptr_array_index (yl->words, w);

              g_assert_cmpstr (xw->text, ==, yw->text);
              g_assert_cmpfloat (xw->confidence, ==, yw->confidence);
              g_assert_cmpint (xw->gap_before, ==, yw->gap_before);
              assert_rect_equal (&xw->box, &yw->box);
            }
        }
    }

  /* No engine and no note stay NULL, not "". */
  plain_variant = g_variant_ref_sink (ag_recognition_page_serialize (plain));
  plain_copy = ag_recognition_page_deserialize (plain_variant);
  g_assert_null (plain_copy->engine);
  g_assert_null (plain_copy->note);
  g_assert_null (plain_copy->languages);
  g_assert_cmpuint (plain_copy->blocks->len, ==, 0);
}

static void
test_serialize_garbage (void)
{
  g_autoptr(GVariant) wrong = g_variant_ref_sink (g_variant_new ("(us)", 3, "page"));
  g_autoptr(GVariant) empty = g_variant_ref_sink (g_variant_new ("()"));
  g_autoptr(GBytes) junk = g_bytes_new_static ("\xff\x01garbage that is no page at all", 31);
  g_autoptr(GVariant) junk_page = NULL;
  g_autoptr(AgRecognitionPage) page = NULL;
  g_autoptr(GArray) regions = NULL;

  g_assert_null (ag_recognition_page_deserialize (wrong));
  g_assert_null (ag_recognition_page_deserialize (empty));
  g_assert_null (_ag_worker_options_deserialize (wrong, &regions));

  /* Bytes that do not hold the type read as an all-default value: it
   * must come out as some page, never a crash. */
  junk_page = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (AG_RECOGNITION_PAGE_VARIANT_TYPE),
                                                            junk, FALSE));
  page = ag_recognition_page_deserialize (junk_page);
  g_assert_nonnull (page);

  /* Well typed, but the counts do not add up, or a text is not UTF-8. */
  {
    const double box[4] = { 0.1, 0.1, 0.5, 0.1 };
    const gint32 region = -1;
    const guint32 one = 1, two = 2;
    const guint8 flat = 0;
    const double confidence = 90;
    struct { guint32 n_words; const char *texts; gsize texts_size; guint8 gap; } cases[] = {
      { 2, "word", 5, 0 },          /* two words said, one given */
      { 1, "word\0more", 10, 0 },  /* text after the last word */
      { 1, "word", 4, 0 },          /* no NUL at the end */
      { 1, "\xff\xfe", 3, 0 },    /* not UTF-8 */
      { 1, "word", 5, 9 },          /* a gap before it that does not exist */
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GVariant) bad = NULL;

        bad = g_variant_ref_sink (g_variant_new (
          "(uiidu(bs)(bs)@ad@ai@au@ay@ad@au@ad@ad@ay@ay@ay@ay@ad@au@au@ad@ay@a(us)(bs))", 0, 10, 10, 0.0, 0, FALSE, "", FALSE, "",
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 4, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, &region, 1, sizeof (gint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, &one, 1, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 4, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, i == 0 ? &two : &cases[i].n_words, 1,
                                     sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 4, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, &confidence, 1, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, cases[i].texts, cases[i].texts_size, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, &confidence, 0, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, box, 0, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, box, 0, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 0, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &cases[i].gap, 1, 1),
          g_variant_new_array (G_VARIANT_TYPE ("(us)"), NULL, 0), FALSE, ""));
        g_assert_true (g_variant_is_of_type (bad, G_VARIANT_TYPE (AG_RECOGNITION_PAGE_VARIANT_TYPE)));
        g_assert_null (ag_recognition_page_deserialize (bad));
      }
  }

  /* Well typed and counted, but a table whose cell is outside its grid,
   * or holds lines its block has not, or a kind that does not exist. */
  {
    const double box[4] = { 0.1, 0.1, 0.5, 0.1 };
    const gint32 region = -1;
    const guint32 one = 1, none = 0;
    const guint8 flat = 0, table = AG_BLOCK_KIND_TABLE, unknown = 200;
    const double indent = 0;
    struct { const guint8 *kind; guint32 grid[3]; guint32 cell[6]; } cases[] = {
      { &table, { 1, 1, 1 }, { 0, 1, 1, 1, 0, 0 } },      /* column 1 of 1 */
      { &table, { 1, 1, 1 }, { 0, 0, 1, 1, 0, 2 } },      /* two lines of one */
      { &table, { 1, 1, 1 }, { 0, 0, 0, 1, 0, 1 } },      /* no row at all */
      { &table, { 2, 1, 1 }, { 0, 0, 1, 1, 0, 1 } },      /* a row without a cell */
      { &flat, { 1, 1, 1 }, { 0, 0, 1, 1, 0, 1 } },       /* cells, but no table */
      { &unknown, { 0, 0, 0 }, { 0, 0, 0, 0, 0, 0 } },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GVariant) bad = NULL;

        bad = g_variant_ref_sink (g_variant_new (
          "(uiidu(bs)(bs)@ad@ai@au@ay@ad@au@ad@ad@ay@ay@ay@ay@ad@au@au@ad@ay@a(us)(bs))", 0, 10, 10, 0.0, 0, FALSE, "", FALSE, "",
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 4, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, &region, 1, sizeof (gint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, &one, 1, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 4, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, &none, 1, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 0, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 0, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, cases[i].kind, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, &indent, 1, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, cases[i].grid, 3, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, cases[i].cell,
                                     cases[i].grid[2] * 6, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, cases[i].grid[2] * 4, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
          g_variant_new_array (G_VARIANT_TYPE ("(us)"), NULL, 0), FALSE, ""));
        g_assert_null (ag_recognition_page_deserialize (bad));
      }
  }

  /* A code must name a block of the code kind there is, of one line of
   * one word, once; and a block of that kind must be named. */
  {
    const double box[4] = { 0.1, 0.1, 0.5, 0.1 };
    const gint32 region = -1;
    const guint32 one = 1, none[3] = { 0, 0, 0 };
    const guint8 code = AG_BLOCK_KIND_CODE, flat = 0;
    const double confidence = 100, indent = 0;
    struct { guint32 block; const char *symbology; guint n_marks; gboolean good; } cases[] = {
      { 0, "QRCode", 1, TRUE },
      { 1, "QRCode", 1, FALSE },  /* no such block */
      { 0, "", 1, FALSE },        /* no symbology */
      { 0, "QRCode", 2, FALSE },  /* marked twice */
      { 0, "QRCode", 0, FALSE },  /* a code without its symbology */
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GVariant) variant = NULL;
        g_autoptr(AgRecognitionPage) read = NULL;
        GVariantBuilder codes;

        g_variant_builder_init (&codes, G_VARIANT_TYPE ("a(us)"));
        for (guint k = 0; k < cases[i].n_marks; k++)
          g_variant_builder_add (&codes, "(us)", cases[i].block, cases[i].symbology);
        variant = g_variant_ref_sink (g_variant_new (
          "(uiidu(bs)(bs)@ad@ai@au@ay@ad@au@ad@ad@ay@ay@ay@ay@ad@au@au@ad@aya(us)(bs))", 0, 10, 10, 0.0, 0,
          FALSE, "", FALSE, "",
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 4, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, &region, 1, sizeof (gint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, &one, 1, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 4, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, &one, 1, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 4, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, &confidence, 1, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "https://example.org", 20, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &code, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, &indent, 1, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, none, 3, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, none, 0, sizeof (guint32)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, box, 0, sizeof (double)),
          g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, &flat, 1, 1),
          &codes, FALSE, ""));
        read = ag_recognition_page_deserialize (variant);
        if (cases[i].good)
          {
            g_assert_nonnull (read);
            g_assert_cmpint (((AgBlock *) g_ptr_array_index (read->blocks, 0))->kind, ==, AG_BLOCK_KIND_CODE);
            g_assert_cmpstr (((AgBlock *) g_ptr_array_index (read->blocks, 0))->symbology, ==, "QRCode");
          }
        else
          g_assert_null (read);
      }
  }
}

/* A worker that talks nonsense, through airgap-ocr: it fails the file
 * with the "could not be read" message and ends normally. */
static void
test_garbage_worker (void)
{
  g_autofree char *script = g_build_filename (ag_test_get_tmpdir (), "fake-worker", NULL);
  g_autofree char *image = ag_test_render_text_png ("Hello", "DejaVu Sans 24", 150);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (script,
                                      "#!/bin/sh\n"
                                      "printf '\\000AUTH EXTERNAL 30\\r\\nDATA\\r\\nBEGIN\\r\\n"
                                      "l\\001\\000\\001\\377\\377\\377\\377garbage' >&3\n"
                                      "sleep 1\n", -1, &error));
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);

  g_subprocess_launcher_setenv (launcher, "AIRGAP_WORKER", script, TRUE);
  /* The program, not a worker forked from airgap-ocr. */
  g_subprocess_launcher_setenv (launcher, "AIRGAP_WORKER_FORK", "0", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("AIRGAP_OCR"), "-l", "eng", image, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);

  g_test_message ("airgap-ocr said: %s", err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 3);
  g_assert_nonnull (strstr (err, "could not be read"));
}

/* The sandbox ------------------------------------------------------------ */

static int
errno_of (GVariant   *tries,
          const char *what)
{
  int value = -1;

  g_assert_true (g_variant_lookup (tries, what, "i", &value));
  return value;
}

static char *
recognize_file (const char  *path,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;

  document = ag_document_new_from_file (file, NULL, NULL, error);
  if (document == NULL)
    return NULL;
  ag_recognize_options_set_languages (options, "eng");
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, error);
  if (recognition == NULL)
    return NULL;
  return ag_recognition_dup_text (recognition);
}

/* The worker reads documents and is walled in: no socket, nothing
 * written, no file of the user's read. */
static void
check_sandbox (void)
{
  g_autofree char *secret = g_build_filename (ag_test_get_tmpdir (), "secret.txt", NULL);
  g_autofree char *image = ag_test_render_text_png ("The quick brown fox", "DejaVu Sans 24", 150);
  g_autoptr(GVariant) probe = NULL;
  g_autoptr(GVariant) tries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *printed = NULL;
  gboolean seccomp = FALSE;
  int landlock = 0;
  GPid before;

  g_assert_true (g_file_set_contents (secret, "not for the worker", -1, NULL));

  /* A recognition, so the worker is up and has read something. */
  text = recognize_file (image, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (ag_test_cer (text, "The quick brown fox", FALSE), <, 0.1);
  g_clear_pointer (&text, g_free);
  before = ag_sandbox_get_worker_pid ();
  g_assert_cmpint (before, >, 0);

  probe = ag_sandbox_probe (&error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (probe, "seccomp", "b", &seccomp));
  g_assert_true (g_variant_lookup (probe, "landlock", "i", &landlock));
  g_assert_true (seccomp);

  tries = ag_sandbox_try (secret, &error);
  g_assert_no_error (error);
  printed = g_variant_print (tries, FALSE);
  g_test_message ("worker sandbox: seccomp %d, Landlock ABI %d; %s", seccomp, landlock, printed);

  g_assert_cmpint (errno_of (tries, "socket-unix"), ==, EACCES);
  g_assert_cmpint (errno_of (tries, "socket-inet"), ==, EACCES);
  g_assert_cmpint (errno_of (tries, "socket-inet6"), ==, EACCES);
  g_assert_cmpint (errno_of (tries, "socket-netlink"), ==, EACCES);
  g_assert_cmpint (errno_of (tries, "socketpair"), ==, EACCES);
  g_assert_cmpint (errno_of (tries, "write-tmp"), ==, EACCES);
  {
    g_autofree char *written = g_build_filename (g_get_tmp_dir (), "airgap-worker-was-here", NULL);

    g_assert_false (g_file_test (written, G_FILE_TEST_EXISTS));
  }

  /* The same worker still reads documents. */
  text = recognize_file (image, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (ag_test_cer (text, "The quick brown fox", FALSE), <, 0.1);
  g_assert_cmpint (ag_sandbox_get_worker_pid (), ==, before);

  if (landlock == 0)
    {
      g_test_skip ("This kernel has no Landlock: the worker may still read files it is not given");
      return;
    }
  g_assert_cmpint (errno_of (tries, "read"), ==, EACCES);
}

static void
test_sandbox (void)
{
  check_sandbox ();
}

/* airgap-ocr forks its first worker (AG_SANDBOX_FORK): the same sandbox,
 * the same service, without starting airgap-worker. */
static void
test_forked (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *exe = NULL;
      g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *comm = NULL;
      GPid pid;

      g_assert_true (ag_sandbox_init (1, "eng", AG_SANDBOX_FORK, &error));
      g_assert_no_error (error);
      check_sandbox ();

      pid = ag_sandbox_get_worker_pid ();
      path = g_strdup_printf ("/proc/%d/exe", (int) pid);
      exe = g_file_read_link (path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (exe, ==, self);
      g_free (path);
      path = g_strdup_printf ("/proc/%d/comm", (int) pid);
      g_assert_true (g_file_get_contents (path, &comm, NULL, NULL));
      g_assert_cmpstr (g_strstrip (comm), ==, "airgap-worker");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Whether process @pid has mapped a file whose path contains @name. */
static gboolean
pid_maps_contain (GPid        pid,
                  const char *name)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/maps", (int) pid);
  g_autofree char *maps = NULL;

  return g_file_get_contents (path, &maps, NULL, NULL) && strstr (maps, name) != NULL;
}

/* A child of this process other than @not, or 0. */
static GPid
other_child (GPid not)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *end;
      int ppid = 0;
      GPid pid = (GPid) g_ascii_strtoll (name, NULL, 10);

      if (pid <= 0 || pid == not || !g_file_get_contents (path, &stat, NULL, NULL) ||
          (end = strrchr (stat, ')')) == NULL || sscanf (end + 1, " %*c %d", &ppid) != 1)
        continue;
      if (ppid == getpid ())
        return pid;
    }
  return 0;
}

/* The window keeps a spare worker for a crash: only the worker that
 * takes documents loads languages ahead, the spare nothing (its loads
 * took the cores from the first's as the window opened a file). */
static void
test_spare_loads_nothing (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      GPid first = 0, spare = 0;

      g_assert_true (ag_sandbox_init (2, "eng", AG_SANDBOX_NONE, &error));
      g_assert_no_error (error);

      /* (the first loads eng as it starts; the spare has started by then) */
      while (g_get_monotonic_time () < deadline &&
             ((first = ag_sandbox_get_worker_pid ()) <= 0 || !pid_maps_contain (first, "libtesseract") ||
              (spare = other_child (first)) == 0 || !pid_maps_contain (spare, "libglib")))
        g_usleep (20000);
      g_assert_cmpint (first, >, 0);
      g_assert_true (pid_maps_contain (first, "libtesseract"));
      g_assert_cmpint (spare, >, 0);
      /* (were it told to, it would have begun: the first took 0.1–0.5 s) */
      g_usleep (G_USEC_PER_SEC);
      g_assert_false (pid_maps_contain (spare, "libtesseract"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Where a PDF page draws pictures, asked of the worker that opened it:
 * the one picture of a letter where it was drawn, none on a page of
 * text alone. */
static void
test_image_areas (void)
{
  g_autofree char *picture = ag_test_render_text_png ("Picture", "DejaVu Sans 24", 150);
  g_autofree char *with_picture = ag_test_make_pdf_with_picture ("A letter", picture, 300, 500, 200);
  g_autofree char *plain = ag_test_make_pdf_with_picture ("A letter", NULL, 0, 0, 0);
  const char *paths[] = { with_picture, plain };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(AgDocument) document = ag_document_new_from_file (file, NULL, NULL, &error);
      g_autoptr(GArray) areas = NULL;

      g_assert_no_error (error);
      areas = ag_page_dup_image_areas (ag_document_get_page (document, 0));
      g_assert_cmpint (ag_sandbox_get_worker_pid (), >, 0);
      if (paths[i] == plain)
        {
          g_assert_cmpuint (areas->len, ==, 0);
          continue;
        }
      g_assert_cmpuint (areas->len, ==, 1);
      g_assert_cmpfloat_with_epsilon (g_array_index (areas, AgRect, 0).x, 300.0 / 595, 0.002);
      g_assert_cmpfloat_with_epsilon (g_array_index (areas, AgRect, 0).y, 500.0 / 842, 0.002);
      g_assert_cmpfloat_with_epsilon (g_array_index (areas, AgRect, 0).width, 200.0 / 595, 0.004);
    }
}

/* Memory ------------------------------------------------------------------ */

/* A PNG of @size × @size grey pixels, one colour: a few hundred
 * kilobytes that decode to @size² × 3 bytes. */
static char *
write_huge_png (int size)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) idat = g_byte_array_new ();
  g_autofree guint8 *row = g_malloc0 ((gsize) size + 1);
  guint8 out[65536];
  guint8 ihdr[13] = { size >> 24, size >> 16, size >> 8, size, size >> 24, size >> 16, size >> 8, size, 8, 0, 0, 0, 0 };
  guint8 length[4], crc[4];
  z_stream z = { 0 };
  g_autoptr(GBytes) bytes = NULL;

  memset (row + 1, 0xc0, size);
  g_assert_cmpint (deflateInit (&z, 9), ==, Z_OK);
  for (int y = 0; y <= size; y++)
    {
      z.next_in = row;
      z.avail_in = y < size ? (uInt) size + 1 : 0;
      do
        {
          z.next_out = out;
          z.avail_out = sizeof out;
          deflate (&z, y < size ? Z_NO_FLUSH : Z_FINISH);
          g_byte_array_append (idat, out, sizeof out - z.avail_out);
        }
      while (z.avail_out == 0);
    }
  deflateEnd (&z);

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  {
    struct { const char *type; const guint8 *data; gsize size; } chunks[] = {
      { "IHDR", ihdr, sizeof ihdr }, { "IDAT", idat->data, idat->len }, { "IEND", NULL, 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
      {
        uLong c = crc32 (0, (const Bytef *) chunks[i].type, 4);

        if (chunks[i].size > 0)
          c = crc32 (c, chunks[i].data, chunks[i].size);
        length[0] = chunks[i].size >> 24; length[1] = chunks[i].size >> 16;
        length[2] = chunks[i].size >> 8; length[3] = chunks[i].size;
        crc[0] = c >> 24; crc[1] = c >> 16; crc[2] = c >> 8; crc[3] = c;
        g_byte_array_append (png, length, 4);
        g_byte_array_append (png, (const guint8 *) chunks[i].type, 4);
        if (chunks[i].size > 0)
          g_byte_array_append (png, chunks[i].data, chunks[i].size);
        g_byte_array_append (png, crc, 4);
      }
  }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&png));
  return ag_test_write_file ("huge-grey.png", bytes);
}

/* Ends the worker and waits for its successor, which starts with the
 * environment of now. */
static void
restart_worker (void)
{
  GPid pid = ag_sandbox_get_worker_pid ();
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  if (pid > 0)
    g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  while (ag_sandbox_get_worker_pid () == pid || ag_sandbox_get_worker_pid () == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
}

/* 0 under AddressSanitizer, which reserves terabytes of address space. */
static guint32
worker_memory_limit (void)
{
  g_autoptr(GVariant) probe = ag_sandbox_probe (NULL);
  guint32 limit = 0;

  if (probe != NULL)
    g_variant_lookup (probe, "memory-limit-mb", "u", &limit);
  return limit;
}

static gboolean
memory_limited (void)
{
  if (worker_memory_limit () == 0)
    {
      g_test_skip ("The worker runs without a memory limit here (AddressSanitizer)");
      return FALSE;
    }
  return TRUE;
}

static void
test_memory_limit (void)
{
  g_autofree char *huge = NULL;
  g_autofree char *image = ag_test_render_text_png ("Still here", "DejaVu Sans 24", 150);
  g_autoptr(GFile) file = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_setenv ("AIRGAP_WORKER_MEMORY_MB", MEMORY_LIMIT_MB, TRUE);
  restart_worker ();
  g_unsetenv ("AIRGAP_WORKER_MEMORY_MB");
  if (!memory_limited ())
    return;

  /* 14 000² is under the 200-megapixel limit, and its 588 MB of pixels
   * (784 MB as RGBA) too much for a worker limited to 1 GB of address
   * space, of which the libraries and Tesseract take about half. */
  huge = write_huge_png (HUGE_SIDE);
  file = g_file_new_for_path (huge);
  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_null (document);
  g_assert_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WORKER_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "could not be read"));
  g_assert_nonnull (strstr (error->message, "more memory"));
  g_clear_error (&error);

  /* And the next file is read. */
  text = recognize_file (image, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (ag_test_cer (text, "Still here", FALSE), <, 0.1);

  restart_worker ();
}

static void
test_memory_limit_cli (void)
{
  g_autofree char *huge = NULL;
  g_autofree char *image = ag_test_render_text_png ("Next one", "DejaVu Sans 24", 150);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (!memory_limited ())
    return;

  huge = write_huge_png (HUGE_SIDE);
  g_subprocess_launcher_setenv (launcher, "AIRGAP_WORKER_MEMORY_MB", MEMORY_LIMIT_MB, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("AIRGAP_OCR"), "-l", "eng", huge, image, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);

  g_test_message ("airgap-ocr said: %s", err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 3);
  g_assert_nonnull (strstr (err, "more memory"));
  /* The good file after it was read. */
  g_assert_cmpfloat (ag_test_cer (out, "Next one", FALSE), <, 0.1);
}

/* A worker killed in the middle of a recognition fails that recognition
 * only: the next one, by a fresh worker, works. */
typedef struct
{
  GPid           pid;
  int            signal;
  gboolean       killed;
  gboolean       done;
  AgRecognition *recognition;
  GError        *error;
} Crash;

static void
kill_on_progress_cb (double      fraction,
                     const char *message,
                     gpointer    user_data)
{
  Crash *crash = user_data;

  /* SIGSEGV, as a decoder bug would, while Tesseract is at work (or
   * SIGSTOP, as a decoder caught in a loop). */
  if (!crash->killed && fraction > 0 && fraction < 1)
    {
      crash->killed = TRUE;
      g_assert_cmpint (kill (crash->pid, crash->signal), ==, 0);
    }
}

static void
crash_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Crash *crash = user_data;

  crash->recognition = ag_engine_recognize_finish (AG_ENGINE (object), result, &crash->error);
  crash->done = TRUE;
}

static void
check_crash_recovers (int         signal,
                      const char *reason)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *image = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Crash crash = { 0 };

  for (int i = 0; i < 30; i++)
    g_string_append_printf (lines, "Line %d of a page that takes a while to read\n", i + 1);
  image = ag_test_render_text_png (lines->str, "DejaVu Sans 12", 300);
  file = g_file_new_for_path (image);
  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  ag_recognize_options_set_languages (options, "eng");
  ag_recognize_options_set_progress (options, kill_on_progress_cb, &crash, NULL);

  crash.pid = ag_sandbox_get_worker_pid ();
  crash.signal = signal;
  g_assert_cmpint (crash.pid, >, 0);
  ag_engine_recognize_async (ag_engine_get_default (), document, options, NULL, crash_done_cb, &crash);
  while (!crash.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (crash.killed);
  g_assert_null (crash.recognition);
  g_assert_error (crash.error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WORKER_FAILED);
  g_test_message ("%s", crash.error->message);
  g_assert_nonnull (strstr (crash.error->message, "could not be read"));
  /* (AddressSanitizer reports a SIGSEGV and aborts instead.) */
  if (signal != SIGSEGV || worker_memory_limit () > 0)
    g_assert_nonnull (strstr (crash.error->message, reason));
  else
    g_assert_nonnull (strstr (crash.error->message, "stopped unexpectedly"));
  g_clear_error (&crash.error);

  /* The same document, sent to a fresh worker. */
  ag_recognize_options_set_progress (options, NULL, NULL, NULL);
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  text = ag_recognition_dup_text (recognition);
  g_assert_nonnull (strstr (text, "Line 30"));
  g_assert_cmpint (ag_sandbox_get_worker_pid (), !=, crash.pid);
}

static void
test_crash_recovers (void)
{
  check_crash_recovers (SIGSEGV, "segmentation fault");
}

/* A worker that stops answering in the middle of a page is ended after
 * AIRGAP_WORKER_TIMEOUT seconds without a word. */
static void
test_hang_recovers (void)
{
  check_crash_recovers (SIGSTOP, "took too long");
}

/* The worker sends its standard error nowhere (Tesseract's and Poppler's
 * chatter), but its own messages still reach the person who started it:
 * here, by hand, without the channel on fd 3. */
static void
test_by_hand (void)
{
  const char *argv[] = { g_getenv ("AIRGAP_WORKER"), NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_nonnull (strstr (err, "started by Airgap, not by hand"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  /* A worker silent for this long is ended (test_hang_recovers). */
  g_setenv ("AIRGAP_WORKER_TIMEOUT", "15", TRUE);
  ag_runtime_init_i18n ();
  g_test_init (&argc, &argv, NULL);

  /* /worker/forked starts its own, forked, in a process of its own. */
  if (!g_test_subprocess () && !ag_sandbox_init (1, "eng", AG_SANDBOX_NONE, &error))
    g_error ("%s", error->message);

  g_test_add_func ("/worker/serialize", test_serialize_round_trip);
  g_test_add_func ("/worker/serialize-garbage", test_serialize_garbage);
  g_test_add_func ("/worker/garbage-worker", test_garbage_worker);
  g_test_add_func ("/worker/sandbox", test_sandbox);
  g_test_add_func ("/worker/forked", test_forked);
  g_test_add_func ("/worker/spare-loads-nothing", test_spare_loads_nothing);
  g_test_add_func ("/worker/image-areas", test_image_areas);
  g_test_add_func ("/worker/memory-limit", test_memory_limit);
  g_test_add_func ("/worker/memory-limit-cli", test_memory_limit_cli);
  g_test_add_func ("/worker/crash-recovers", test_crash_recovers);
  g_test_add_func ("/worker/hang-recovers", test_hang_recovers);
  g_test_add_func ("/worker/by-hand", test_by_hand);

  return g_test_run ();
}
