/* test-bad-input.c — every file Airgap cannot read gives a clear error
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "ag-core.h"
#include "ag-test-util.h"

/* Opens @bytes both ways, as a file called @name and as bytes with that
 * name, and checks that each fails with @code and a message naming it. */
static void
assert_refused (GBytes     *bytes,
                const char *name,
                const char *password,
                int         code)
{
  g_autofree char *path = ag_test_write_file (name, bytes);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) from_file = NULL;
  g_autoptr(AgDocument) from_bytes = NULL;

  from_file = ag_document_new_from_file (file, password, NULL, &error);
  g_assert_null (from_file);
  g_assert_error (error, AG_DOCUMENT_ERROR, code);
  g_test_message ("%s: %s", name, error->message);
  g_assert_nonnull (strstr (error->message, name));
  g_clear_error (&error);

  from_bytes = ag_document_new_from_bytes (bytes, name, password, NULL, &error);
  g_assert_null (from_bytes);
  g_assert_error (error, AG_DOCUMENT_ERROR, code);
  g_assert_nonnull (strstr (error->message, name));
}

static GBytes *
read_bytes (const char *path)
{
  char *contents = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  return g_bytes_new_take (contents, size);
}

static GBytes *
truncated (GBytes *bytes,
           double  fraction)
{
  return g_bytes_new_from_bytes (bytes, 0, (gsize) (g_bytes_get_size (bytes) * fraction));
}

static GBytes *
random_bytes (gsize size)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  return g_bytes_new_take (data, size);
}

static GBytes *
photo_bytes (const char *type)
{
  g_autofree char *path = ag_test_render_text_png ("Broken file\nsecond line of text", "DejaVu Sans 14", 150);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size;

  if (g_str_equal (type, "png"))
    return read_bytes (path);

  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL));
  return g_bytes_new_take (buffer, size);
}

static void
test_empty (void)
{
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);

  assert_refused (empty, "nothing.png", NULL, AG_DOCUMENT_ERROR_EMPTY);
  assert_refused (empty, "nothing.pdf", NULL, AG_DOCUMENT_ERROR_EMPTY);
}

static void
test_missing (void)
{
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/airgap/scan.png");
  g_autoptr(GFile) folder = g_file_new_for_path (ag_test_get_tmpdir ());
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;

  document = ag_document_new_from_file (missing, NULL, NULL, &error);
  g_assert_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "scan.png"));
  g_clear_error (&error);

  document = ag_document_new_from_file (folder, NULL, NULL, &error);
  g_assert_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_IO);
}

static void
test_truncated_png (void)
{
  g_autoptr(GBytes) png = photo_bytes ("png");
  g_autoptr(GBytes) half = truncated (png, 0.5);
  g_autoptr(GBytes) header_only = g_bytes_new_from_bytes (png, 0, 40);

  assert_refused (half, "half.png", NULL, AG_DOCUMENT_ERROR_CORRUPT);
  assert_refused (header_only, "header.png", NULL, AG_DOCUMENT_ERROR_CORRUPT);
}

static void
test_truncated_jpeg (void)
{
  g_autoptr(GBytes) jpeg = photo_bytes ("jpeg");
  g_autoptr(GBytes) half = truncated (jpeg, 0.5);
  g_autoptr(GBytes) header_only = g_bytes_new_from_bytes (jpeg, 0, 100);

  assert_refused (half, "half.jpg", NULL, AG_DOCUMENT_ERROR_CORRUPT);
  assert_refused (header_only, "header.jpg", NULL, AG_DOCUMENT_ERROR_CORRUPT);
}

static void
test_truncated_other (void)
{
  const char *types[] = { "tiff", "bmp", "webp" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GBytes) whole = photo_bytes (types[i]);
      g_autoptr(GBytes) half = truncated (whole, 0.5);
      g_autofree char *name = g_strdup_printf ("half.%s", types[i]);

      assert_refused (half, name, NULL, AG_DOCUMENT_ERROR_CORRUPT);
    }

  /* a GIF cut before its trailer */
  {
    g_autofree guint8 *indices = g_new0 (guint8, 64 * 64);
    g_autoptr(GBytes) gif = ag_test_make_gif (64, 64, indices);
    g_autoptr(GBytes) half = truncated (gif, 0.6);
    g_autoptr(GError) error = NULL;
    g_autoptr(AgDocument) whole = ag_document_new_from_bytes (gif, "whole.gif", NULL, NULL, &error);

    g_assert_no_error (error);
    assert_refused (half, "half.gif", NULL, AG_DOCUMENT_ERROR_CORRUPT);
  }
}

static void
test_truncated_pdf (void)
{
  static const char * const pages[] = { "A page that gets cut off", "And a second one", NULL };
  g_autofree char *path = ag_test_write_text_pdf ("whole.pdf", pages, "DejaVu Sans 18");
  g_autoptr(GBytes) pdf = read_bytes (path);
  g_autoptr(GBytes) head = g_bytes_new_from_bytes (pdf, 0, 200);
  g_autoptr(GBytes) half = truncated (pdf, 0.5);

  assert_refused (head, "head.pdf", NULL, AG_DOCUMENT_ERROR_CORRUPT);
  assert_refused (half, "half.pdf", NULL, AG_DOCUMENT_ERROR_CORRUPT);
}

static void
test_random (void)
{
  g_autoptr(GBytes) noise = random_bytes (5000);

  assert_refused (noise, "noise.png", NULL, AG_DOCUMENT_ERROR_UNSUPPORTED);
  assert_refused (noise, "noise.pdf", NULL, AG_DOCUMENT_ERROR_UNSUPPORTED);
  assert_refused (noise, "noise", NULL, AG_DOCUMENT_ERROR_UNSUPPORTED);
}

static void
test_text_named_png (void)
{
  const char *text = "These are the minutes of the meeting.\nNothing to see here.\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GBytes) html = g_bytes_new_static ("<html><body>hi</body></html>\n", 29);

  assert_refused (bytes, "minutes.png", NULL, AG_DOCUMENT_ERROR_UNSUPPORTED);
  assert_refused (html, "page.jpg", NULL, AG_DOCUMENT_ERROR_UNSUPPORTED);
}

static void
test_video (void)
{
  /* the start of an MP4 file: the same box structure as HEIF, another brand */
  static const guint8 mp4[] = {
    0x00, 0x00, 0x00, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0x00, 0x00, 0x02, 0x00,
    'i', 's', 'o', 'm', 'm', 'p', '4', '1', 0x00, 0x00, 0x00, 0x08, 'f', 'r', 'e', 'e',
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (mp4, sizeof mp4);

  assert_refused (bytes, "holiday.mp4", NULL, AG_DOCUMENT_ERROR_UNSUPPORTED);
}

static void
test_pixel_bomb (void)
{
  /* A valid PNG header declaring 100000 × 100000 RGBA (40 GB decoded)
   * with a few bytes of data: refused from the header, before decoding. */
  const guint8 row[16] = { 0 };
  g_autoptr(GBytes) bomb = ag_test_make_png (100000, 100000, 8, 6, NULL, 0);
  g_autoptr(GBytes) wide = ag_test_make_png (200000, 1001, 8, 0, NULL, 0);
  g_autoptr(GBytes) fine = ag_test_make_png (4, 1, 8, 6, row, 16);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_cmpuint (g_bytes_get_size (bomb), <, 200);
  assert_refused (bomb, "bomb.png", NULL, AG_DOCUMENT_ERROR_TOO_LARGE);
  assert_refused (wide, "wide.png", NULL, AG_DOCUMENT_ERROR_TOO_LARGE);
  /* refused at once, not after trying */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);

  /* the same writer makes a small image that opens */
  document = ag_document_new_from_bytes (fine, "fine.png", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 1);
}

static void
test_huge_file (void)
{
  /* A sparse file of 1.5 GiB: refused from its size, without reading it. */
  g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), "disk.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;
  FILE *fp = fopen (path, "wb");

  g_assert_nonnull (fp);
  g_assert_cmpint (fwrite ("\x89PNG\r\n\x1a\n", 1, 8, fp), ==, 8);
  g_assert_cmpint (fseeko (fp, (off_t) 3 << 29, SEEK_SET), ==, 0);
  g_assert_cmpint (fwrite ("x", 1, 1, fp), ==, 1);
  fclose (fp);

  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "disk.png"));
  g_unlink (path);
}

static void
test_pdf_without_pages (void)
{
  /* A well-formed PDF whose page tree is empty. */
  GString *pdf = g_string_new ("%PDF-1.4\n");
  gsize offsets[3];
  gsize xref;
  g_autoptr(GBytes) bytes = NULL;

  offsets[1] = pdf->len;
  g_string_append (pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[2] = pdf->len;
  g_string_append (pdf, "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 3\n0000000000 65535 f \n");
  for (int i = 1; i < 3; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", xref);

  bytes = g_string_free_to_bytes (pdf);
  assert_refused (bytes, "blank.pdf", NULL, AG_DOCUMENT_ERROR_NO_PAGES);
}

static void
test_wrong_password (void)
{
  static const char * const pages[] = { "Private", NULL };
  g_autofree char *plain = ag_test_write_text_pdf ("open.pdf", pages, "DejaVu Sans 18");
  g_autofree char *locked = ag_test_encrypt_pdf (plain, "locked-source.pdf", "right", "owner");
  g_autoptr(GBytes) bytes = NULL;

  if (locked == NULL)
    {
      g_test_skip ("qpdf is not installed");
      return;
    }

  bytes = read_bytes (locked);
  assert_refused (bytes, "locked.pdf", NULL, AG_DOCUMENT_ERROR_NEEDS_PASSWORD);
  assert_refused (bytes, "locked.pdf", "", AG_DOCUMENT_ERROR_NEEDS_PASSWORD);
  assert_refused (bytes, "locked.pdf", "wrong", AG_DOCUMENT_ERROR_WRONG_PASSWORD);
  assert_refused (bytes, "locked.pdf", "right ", AG_DOCUMENT_ERROR_WRONG_PASSWORD);
}

static void
test_cancelled (void)
{
  g_autoptr(GBytes) png = photo_bytes ("png");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;

  g_cancellable_cancel (cancellable);
  document = ag_document_new_from_bytes (png, "photo.png", NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (document);
}

/* Every prefix of small valid files (PDF, PNG, JPEG, TIFF, BMP, WebP,
 * GIF): whatever the cut, an error or a
 * document, never a crash or a warning. */
static void
test_every_cut (void)
{
  static const char * const pages[] = { "Cut", NULL };
  g_autofree char *path = ag_test_write_text_pdf ("cut.pdf", pages, "DejaVu Sans 18");
  g_autoptr(GBytes) pdf = read_bytes (path);
  g_autoptr(GBytes) png = photo_bytes ("png");
  g_autoptr(GBytes) jpeg = photo_bytes ("jpeg");
  g_autoptr(GBytes) tiff = photo_bytes ("tiff");
  g_autoptr(GBytes) bmp = photo_bytes ("bmp");
  g_autoptr(GBytes) webp = photo_bytes ("webp");
  g_autofree guint8 *indices = g_new0 (guint8, 40 * 40);
  g_autoptr(GBytes) gif = ag_test_make_gif (40, 40, indices);
  GBytes *files[] = { pdf, png, jpeg, tiff, bmp, webp, gif };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      gsize size = g_bytes_get_size (files[f]);
      gsize step = MAX (1, size / 60);

      for (gsize cut = 0; cut < size; cut += step)
        {
          g_autoptr(GBytes) part = g_bytes_new_from_bytes (files[f], 0, cut);
          g_autoptr(GError) error = NULL;
          g_autoptr(AgDocument) document = ag_document_new_from_bytes (part, "cut", NULL, NULL, &error);

          if (document == NULL)
            {
              g_assert_nonnull (error);
              g_assert_true (error->domain == AG_DOCUMENT_ERROR);
              continue;
            }
          /* what opened also renders, or says why not */
          for (guint i = 0; i < ag_document_get_n_pages (document); i++)
            {
              g_autoptr(AgBitmap) bitmap = ag_page_render (ag_document_get_page (document, i), 36,
                                                           AG_BITMAP_FORMAT_GRAY8, NULL, &error);

              g_assert_true (bitmap != NULL || error != NULL);
              g_clear_error (&error);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bad-input/empty", test_empty);
  g_test_add_func ("/bad-input/missing", test_missing);
  g_test_add_func ("/bad-input/truncated/png", test_truncated_png);
  g_test_add_func ("/bad-input/truncated/jpeg", test_truncated_jpeg);
  g_test_add_func ("/bad-input/truncated/pdf", test_truncated_pdf);
  g_test_add_func ("/bad-input/truncated/other", test_truncated_other);
  g_test_add_func ("/bad-input/random", test_random);
  g_test_add_func ("/bad-input/text-named-png", test_text_named_png);
  g_test_add_func ("/bad-input/video", test_video);
  g_test_add_func ("/bad-input/pixel-bomb", test_pixel_bomb);
  g_test_add_func ("/bad-input/huge-file", test_huge_file);
  g_test_add_func ("/bad-input/pdf-without-pages", test_pdf_without_pages);
  g_test_add_func ("/bad-input/wrong-password", test_wrong_password);
  g_test_add_func ("/bad-input/cancelled", test_cancelled);
  g_test_add_func ("/bad-input/every-cut", test_every_cut);

  return g_test_run ();
}
