/* test-image-fallback.c — images opened where gdk-pixbuf has no loader
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The GNOME 50 runtime's gdk-pixbuf decodes through glycin, which the
 * sandboxed worker cannot start; Leptonica decodes instead
 * (src/core/document/ag-image-leptonica.c).  This program runs with
 * GDK_PIXBUF_MODULE_FILE pointing at an empty loader cache, so gdk-pixbuf
 * has no loader for TIFF, WebP, BMP or GIF and those go through the
 * fallback for real.  Debian builds gdk-pixbuf's PNG and JPEG loaders
 * into the library, where no cache can take them away; for those two the
 * tests also set AIRGAP_IMAGE_DECODER=leptonica, which skips gdk-pixbuf.
 * Fixtures are written with Leptonica, so that they need no gdk-pixbuf
 * loader either.
 */

#include "config.h"

#include <allheaders.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include "ag-core.h"
#include "ag-test-util.h"

#define DPI 300

/* Fixtures --------------------------------------------------------------- */

/* Upright: white, a black block in the top-left corner and a grey one in
 * the top-right corner, so that each of the eight ways to turn or mirror
 * the picture looks different. */
static int
upright_value (int x,
               int y,
               int width,
               int height)
{
  if (y < height / 4 && x < width / 4)
    return 0;
  if (y < height / 4 && x >= width - width / 4)
    return 128;
  return 255;
}

/* The picture as a camera stores it when it writes @orientation (Exif's
 * numbers): each stored pixel (x, y) is the upright pixel given by Exif's
 * definition of that orientation. */
static PIX *
make_stored (int orientation,
             int width,
             int height)
{
  gboolean swapped = orientation >= 5;
  int sw = swapped ? height : width, sh = swapped ? width : height;
  PIX *pix = pixCreate (sw, sh, 8);

  for (int y = 0; y < sh; y++)
    for (int x = 0; x < sw; x++)
      {
        int ux, uy;

        switch (orientation)
          {
          case 2: ux = sw - 1 - x; uy = y; break;
          case 3: ux = sw - 1 - x; uy = sh - 1 - y; break;
          case 4: ux = x; uy = sh - 1 - y; break;
          case 5: ux = y; uy = x; break;
          case 6: ux = sh - 1 - y; uy = x; break;
          case 7: ux = sh - 1 - y; uy = sw - 1 - x; break;
          case 8: ux = y; uy = sw - 1 - x; break;
          default: ux = x; uy = y; break;
          }
        pixSetPixel (pix, x, y, upright_value (ux, uy, width, height));
      }

  return pix;
}

static GBytes *
encode (PIX *pix,
        int  format)
{
  l_uint8 *data = NULL;
  size_t size = 0;
  GBytes *bytes;

  if (format == IFF_JFIF_JPEG)
    g_assert_cmpint (pixWriteMemJpeg (&data, &size, pix, 95, 0), ==, 0);
  else
    g_assert_cmpint (pixWriteMem (&data, &size, pix, format), ==, 0);
  g_assert_nonnull (data);
  bytes = g_bytes_new (data, size);
  lept_free (data);
  return bytes;
}

/* @jpeg with an Exif APP1 segment saying @orientation, in either byte
 * order, right after the start marker. */
static GBytes *
with_exif (GBytes   *jpeg,
           int       orientation,
           gboolean  big_endian)
{
  const guint8 be[] = {
    0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (guint8) orientation, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  };
  const guint8 le[] = {
    0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00,
    0x01, 0x00,
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, (guint8) orientation, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  };
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  GByteArray *out = g_byte_array_new ();

  g_assert_cmpint (data[0], ==, 0xff);
  g_assert_cmpint (data[1], ==, 0xd8);
  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, big_endian ? be : le, sizeof be);
  g_byte_array_append (out, data + 2, size - 2);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
truncated (GBytes *bytes)
{
  return g_bytes_new_from_bytes (bytes, 0, g_bytes_get_size (bytes) / 2);
}

/* Reading pixels --------------------------------------------------------- */

static int
gray_at (AgBitmap *bitmap,
         int       x,
         int       y)
{
  const guint8 *p = (const guint8 *) g_bytes_get_data (ag_bitmap_get_pixels (bitmap), NULL)
                    + (gsize) y * ag_bitmap_get_stride (bitmap) + (gsize) x * 4;

  g_assert_cmpint (ag_bitmap_get_format (bitmap), ==, AG_BITMAP_FORMAT_RGBA8);
  g_assert_cmpint (p[3], ==, 255);
  return (p[0] + p[1] + p[2]) / 3;
}

static AgBitmap *
render_first (AgDocument *document)
{
  g_autoptr(GError) error = NULL;
  AgBitmap *bitmap;

  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 1);
  bitmap = ag_page_render (ag_document_get_page (document, 0), 0, AG_BITMAP_FORMAT_RGBA8, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bitmap);
  return bitmap;
}

/* Upright and @width × @height, the black block top left, the grey one
 * top right. */
static void
assert_upright (AgBitmap *bitmap,
                int       width,
                int       height)
{
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, width);
  g_assert_cmpint (ag_bitmap_get_height (bitmap), ==, height);
  g_assert_cmpint (gray_at (bitmap, width / 8, height / 8), <, 40);
  g_assert_cmpint (gray_at (bitmap, width - width / 8, height / 8), >, 90);
  g_assert_cmpint (gray_at (bitmap, width - width / 8, height / 8), <, 170);
  g_assert_cmpint (gray_at (bitmap, width / 8, height - height / 8), >, 215);
  g_assert_cmpint (gray_at (bitmap, width - width / 8, height - height / 8), >, 215);
  g_assert_cmpint (gray_at (bitmap, width / 2, height / 2), >, 215);
}

static void
assert_fails (GBytes     *bytes,
              const char *name,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = ag_document_new_from_bytes (bytes, name, NULL, NULL, &error);

  g_assert_null (document);
  g_assert_error (error, AG_DOCUMENT_ERROR, code);
  g_test_message ("%s: %s", name, error->message);
}

/* gdk-pixbuf skipped altogether, for PNG and JPEG. */
static void
leptonica_only (gboolean only)
{
  if (only)
    g_setenv ("AIRGAP_IMAGE_DECODER", "leptonica", TRUE);
  else
    g_unsetenv ("AIRGAP_IMAGE_DECODER");
}

/* Tests ------------------------------------------------------------------ */

static gboolean
pixbuf_has_format (const char *name)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *format = gdk_pixbuf_format_get_name (l->data);

      if (g_strcmp0 (format, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* What the other tests rely on: with the empty cache, gdk-pixbuf cannot
 * decode TIFF, WebP, BMP or GIF at all. */
static void
test_no_loaders (void)
{
  const char * const missing[] = { "tiff", "webp", "bmp", "gif" };
  PIX *pix = make_stored (1, 64, 48);
  g_autoptr(GBytes) tiff = encode (pix, IFF_TIFF);
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  pixDestroy (&pix);

  for (guint i = 0; i < G_N_ELEMENTS (missing); i++)
    g_assert_false (pixbuf_has_format (missing[i]));
  g_test_message ("built into gdk-pixbuf: png %s, jpeg %s",
                  pixbuf_has_format ("png") ? "yes" : "no",
                  pixbuf_has_format ("jpeg") ? "yes" : "no");

  /* The loader keeps the first 4 KB before it picks a module. */
  if (gdk_pixbuf_loader_write (loader, g_bytes_get_data (tiff, NULL), g_bytes_get_size (tiff), &error))
    g_assert_false (gdk_pixbuf_loader_close (loader, &error));
  else
    gdk_pixbuf_loader_close (loader, NULL);
  g_assert_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE);
}

static void
check_format (int         format,
              const char *name,
              gboolean    only)
{
  PIX *pix = make_stored (1, 160, 100);
  g_autoptr(GBytes) bytes = encode (pix, format);
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;

  pixDestroy (&pix);
  leptonica_only (only);
  document = ag_test_open_bytes (bytes, name);
  bitmap = render_first (document);
  leptonica_only (FALSE);
  assert_upright (bitmap, 160, 100);
}

static void
test_formats (void)
{
  const struct { int format; const char *name; } formats[] = {
    { IFF_PNG, "page.png" },
    { IFF_JFIF_JPEG, "photo.jpg" },
    { IFF_TIFF, "scan.tif" },
    { IFF_TIFF_LZW, "scan-lzw.tif" },
    { IFF_BMP, "picture.bmp" },
    { IFF_GIF, "picture.gif" },
    { IFF_WEBP, "web.webp" },
    { IFF_PNM, "scan.pgm" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_test_message ("%s", formats[i].name);
      /* TIFF, BMP, GIF, WebP and PNM through the fallback for real; PNG
       * and JPEG through Debian's built-in loaders... */
      check_format (formats[i].format, formats[i].name, FALSE);
      /* ...and all of them through Leptonica alone. */
      check_format (formats[i].format, formats[i].name, TRUE);
    }
}

/* 1, 2, 4 and 8 bits, grey or with a colour map, and colour with alpha. */
static void
test_depths (void)
{
  PIX *one = pixCreate (16, 4, 1);               /* 1 is black */
  PIX *two = pixCreate (16, 4, 2);
  PIX *four = pixCreate (16, 4, 4);
  PIX *rgba = pixCreate (16, 4, 32);
  PIXCMAP *cmap = pixcmapCreate (4);
  const struct { PIX *pix; int format; const char *name; } cases[] = {
    { one, IFF_TIFF_G4, "bilevel.tif" },
    { one, IFF_PNG, "bilevel.png" },
    { two, IFF_PNG, "grey2.png" },
    { four, IFF_PNG, "palette.png" },
    { four, IFF_BMP, "palette.bmp" },
    { rgba, IFF_PNG, "alpha.png" },
  };

  /* the left half dark, the right half white or transparent */
  pixRasterop (one, 0, 0, 8, 4, PIX_SET, NULL, 0, 0);
  pixSetAllArbitrary (two, 3);
  pixRasterop (two, 0, 0, 8, 4, PIX_CLR, NULL, 0, 0);
  pixcmapAddColor (cmap, 255, 255, 255);
  pixcmapAddColor (cmap, 0, 0, 0);
  pixSetColormap (four, cmap);
  pixSetAllArbitrary (four, 0);
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 8; x++)
      pixSetPixel (four, x, y, 1);
  pixSetSpp (rgba, 4);
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 16; x++)
      /* opaque black on the left, fully transparent black on the right */
      pixSetPixel (rgba, x, y, x < 8 ? 0x000000ff : 0x00000000);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = encode (cases[i].pix, cases[i].format);
      g_autoptr(AgDocument) document = NULL;
      g_autoptr(AgBitmap) bitmap = NULL;

      g_test_message ("%s", cases[i].name);
      leptonica_only (TRUE);
      document = ag_test_open_bytes (bytes, cases[i].name);
      leptonica_only (FALSE);
      bitmap = render_first (document);
      g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, 16);
      g_assert_cmpint (ag_bitmap_get_height (bitmap), ==, 4);
      g_assert_cmpint (gray_at (bitmap, 2, 1), ==, 0);
      g_assert_cmpint (gray_at (bitmap, 12, 2), ==, 255);
    }

  pixDestroy (&one);
  pixDestroy (&two);
  pixDestroy (&four);
  pixDestroy (&rgba);
}

/* All eight Exif orientations, in both byte orders, come out upright —
 * as gdk-pixbuf turns them too. */
static void
test_jpeg_orientation (void)
{
  for (int orientation = 1; orientation <= 8; orientation++)
    for (int big_endian = 0; big_endian <= 1; big_endian++)
      {
        PIX *pix = make_stored (orientation, 160, 100);
        g_autoptr(GBytes) plain = encode (pix, IFF_JFIF_JPEG);
        g_autoptr(GBytes) jpeg = with_exif (plain, orientation, big_endian);
        g_autoptr(AgDocument) by_leptonica = NULL;
        g_autoptr(AgDocument) by_pixbuf = NULL;
        g_autoptr(AgBitmap) bitmap = NULL;
        g_autoptr(AgBitmap) reference = NULL;

        pixDestroy (&pix);
        g_test_message ("orientation %d, %s-endian", orientation, big_endian ? "big" : "little");

        leptonica_only (TRUE);
        by_leptonica = ag_test_open_bytes (jpeg, "phone.jpg");
        leptonica_only (FALSE);
        bitmap = render_first (by_leptonica);
        assert_upright (bitmap, 160, 100);

        if (pixbuf_has_format ("jpeg"))
          {
            by_pixbuf = ag_test_open_bytes (jpeg, "phone.jpg");
            reference = render_first (by_pixbuf);
            assert_upright (reference, 160, 100);
          }
      }
}

/* A TIFF's own orientation tag, which Leptonica's reader applies. */
static void
test_tiff_orientation (void)
{
  g_autofree char *convert = g_find_program_in_path ("convert");
  PIX *pix = make_stored (6, 160, 100);
  g_autoptr(GBytes) stored = encode (pix, IFF_PNG);
  g_autofree char *png = ag_test_write_file ("stored.png", stored);
  g_autofree char *tif = g_build_filename (ag_test_get_tmpdir (), "turned.tif", NULL);
  const char *argv[] = { convert, png, "-orient", "RightTop", tif, NULL };
  g_autofree char *contents = NULL;
  gsize size;
  int status = -1;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;

  pixDestroy (&pix);
  if (convert == NULL ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL) ||
      !g_file_get_contents (tif, &contents, &size, NULL))
    {
      g_test_skip ("ImageMagick cannot write a TIFF with an orientation here");
      return;
    }

  bytes = g_bytes_new (contents, size);
  document = ag_test_open_bytes (bytes, "turned.tif");
  bitmap = render_first (document);
  assert_upright (bitmap, 160, 100);
}

static void
test_dpi (void)
{
  /* Leptonica writes a TIFF without a resolution as 300 dpi. */
  const struct { int format; const char *name; gboolean can_omit; } formats[] = {
    { IFF_PNG, "page.png", TRUE },
    { IFF_JFIF_JPEG, "photo.jpg", TRUE },
    { IFF_TIFF, "scan.tif", FALSE },
    { IFF_BMP, "picture.bmp", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (int with_dpi = formats[i].can_omit ? 0 : 1; with_dpi <= 1; with_dpi++)
      {
        PIX *pix = make_stored (1, 160, 100);
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(AgDocument) document = NULL;
        double dpi;

        pixSetResolution (pix, with_dpi ? DPI : 0, with_dpi ? DPI : 0);
        bytes = encode (pix, formats[i].format);
        pixDestroy (&pix);

        leptonica_only (TRUE);
        document = ag_test_open_bytes (bytes, formats[i].name);
        leptonica_only (FALSE);
        dpi = ag_page_get_native_dpi (ag_document_get_page (document, 0));
        g_test_message ("%s: %g dpi", formats[i].name, dpi);
        if (with_dpi)
          g_assert_cmpfloat (fabs (dpi - DPI), <, 1);
        else
          g_assert_cmpfloat (dpi, ==, 0);
      }
}

/* Cut off: "damaged or incomplete", never half a page. */
static void
test_truncated (void)
{
  const struct { int format; const char *name; } formats[] = {
    { IFF_PNG, "page.png" },
    { IFF_JFIF_JPEG, "photo.jpg" },
    { IFF_TIFF, "scan.tif" },
    { IFF_BMP, "picture.bmp" },
    { IFF_GIF, "picture.gif" },
    { IFF_WEBP, "web.webp" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (int only = 0; only <= 1; only++)
      {
        PIX *pix = make_stored (1, 400, 300);
        g_autoptr(GBytes) bytes = encode (pix, formats[i].format);
        g_autoptr(GBytes) cut = truncated (bytes);

        pixDestroy (&pix);
        leptonica_only (only);
        assert_fails (cut, formats[i].name, AG_DOCUMENT_ERROR_CORRUPT);
        leptonica_only (FALSE);
      }
}

/* Every prefix of small files: an error in Airgap's domain, or a page
 * that renders; never a crash or a warning.  For the formats whose
 * structure ag-sniff.c walks, every cut is "damaged". */
static void
test_every_cut (void)
{
  const struct { int format; gboolean walked; } formats[] = {
    { IFF_PNG, TRUE },
    { IFF_JFIF_JPEG, TRUE },
    { IFF_BMP, TRUE },
    { IFF_GIF, TRUE },
    { IFF_WEBP, TRUE },
    { IFF_TIFF, FALSE },
    { IFF_TIFF_G4, FALSE },
    { IFF_PNM, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    for (int only = 0; only <= 1; only++)
      {
        PIX *pix = make_stored (1, 64, 40);
        PIX *one = pixConvertTo1 (pix, 128);
        g_autoptr(GBytes) whole = encode (formats[i].format == IFF_TIFF_G4 ? one : pix, formats[i].format);
        gsize size = g_bytes_get_size (whole);
        gsize step = MAX (1, size / 80);

        pixDestroy (&pix);
        pixDestroy (&one);
        leptonica_only (only);
        for (gsize cut = 0; cut < size; cut += step)
          {
            g_autoptr(GBytes) part = g_bytes_new_from_bytes (whole, 0, cut);
            g_autoptr(GError) error = NULL;
            g_autoptr(AgDocument) document = ag_document_new_from_bytes (part, "cut", NULL, NULL, &error);
            g_autoptr(AgBitmap) bitmap = NULL;

            if (document == NULL)
              {
                g_assert_nonnull (error);
                g_assert_true (error->domain == AG_DOCUMENT_ERROR);
                /* from the 12 bytes a WebP's signature takes on */
                if (formats[i].walked && cut >= 12)
                  g_assert_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_CORRUPT);
                continue;
              }
            g_assert_false (formats[i].walked);
            bitmap = ag_page_render (ag_document_get_page (document, 0), 36, AG_BITMAP_FORMAT_GRAY8, NULL, &error);
            g_assert_true (bitmap != NULL || error != NULL);
          }
        leptonica_only (FALSE);
      }
}

/* The damaged files of tests/bad-input, through Leptonica alone: refused
 * with the same error as through gdk-pixbuf. */
static void
test_bad_input (void)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "bad-input", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) first = NULL;
      g_autoptr(GError) second = NULL;
      g_autoptr(AgDocument) by_default = NULL;
      g_autoptr(AgDocument) by_leptonica = NULL;

      /* PDFs, whatever their name, are Poppler's */
      if (g_str_has_suffix (name, ".pdf") || strcmp (name, "pdf-named.png") == 0)
        continue;

      by_default = ag_document_new_from_file (file, NULL, NULL, &first);
      leptonica_only (TRUE);
      by_leptonica = ag_document_new_from_file (file, NULL, NULL, &second);
      leptonica_only (FALSE);

      g_test_message ("%s: %s / %s", name,
                      first != NULL ? first->message : "opened",
                      second != NULL ? second->message : "opened");
      g_assert_null (by_default);
      g_assert_null (by_leptonica);
      g_assert_true (first->domain == AG_DOCUMENT_ERROR);
      g_assert_error (second, AG_DOCUMENT_ERROR, first->code);
    }
}

/* A JPEG whose coded data is garbage in the middle, whole in length. */
static void
test_damaged_jpeg (void)
{
  PIX *pix = make_stored (1, 400, 300);
  g_autoptr(GBytes) bytes = encode (pix, IFF_JFIF_JPEG);
  gsize size;
  guint8 *data = g_bytes_unref_to_data (g_bytes_ref (bytes), &size);
  g_autoptr(GBytes) damaged = NULL;

  pixDestroy (&pix);
  /* 0xff 0xd0..: a restart marker where none belongs */
  for (gsize i = size / 2; i < size / 2 + 64; i += 2)
    {
      data[i] = 0xff;
      data[i + 1] = 0xd3;
    }
  damaged = g_bytes_new_take (data, size);

  leptonica_only (TRUE);
  assert_fails (damaged, "damaged.jpg", AG_DOCUMENT_ERROR_CORRUPT);
  leptonica_only (FALSE);
}

static GBytes *
bmp_header (guint32 width,
            guint32 height)
{
  guint8 header[54] = { 'B', 'M' };

  header[10] = 54;                               /* pixels at 54 */
  header[14] = 40;                               /* BITMAPINFOHEADER */
  for (int i = 0; i < 4; i++)
    {
      header[18 + i] = width >> (8 * i);
      header[22 + i] = height >> (8 * i);
    }
  header[26] = 1;                                /* planes */
  header[28] = 24;                               /* bits per pixel */
  return g_bytes_new (header, sizeof header);
}

static GBytes *
gif_header (guint width,
            guint height)
{
  const guint8 gif[] = {
    'G', 'I', 'F', '8', '9', 'a', width & 0xff, width >> 8, height & 0xff, height >> 8,
    0x80, 0, 0,  0, 0, 0,  0xff, 0xff, 0xff,      /* two colours */
    0x2c, 0, 0, 0, 0, width & 0xff, width >> 8, height & 0xff, height >> 8, 0,
    0x02, 0x02, 0x4c, 0x01, 0x00,                 /* one pixel's worth of LZW */
    0x3b,
  };

  return g_bytes_new (gif, sizeof gif);
}

/* A PNG of a header and an end: IHDR says @width × @height, 8-bit grey. */
static GBytes *
png_header (guint32 width,
            guint32 height)
{
  guint8 png[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *ihdr = png + 8, *iend = png + 33;
  guint32 crc;

  ihdr[3] = 13;
  memcpy (ihdr + 4, "IHDR", 4);
  for (int i = 0; i < 4; i++)
    {
      ihdr[8 + i] = width >> (24 - 8 * i);
      ihdr[12 + i] = height >> (24 - 8 * i);
    }
  ihdr[16] = 8;                                  /* bit depth; grey, no interlace */
  crc = ag_test_crc32 (ihdr + 4, 17);
  for (int i = 0; i < 4; i++)
    ihdr[21 + i] = crc >> (24 - 8 * i);
  memcpy (iend + 4, "IEND", 4);
  crc = ag_test_crc32 (iend + 4, 4);
  for (int i = 0; i < 4; i++)
    iend[8 + i] = crc >> (24 - 8 * i);
  return g_bytes_new (png, sizeof png);
}

static void
too_large_child (void)
{
  g_autoptr(GBytes) png = png_header (30000, 30000);
  g_autoptr(GBytes) bmp = bmp_header (20000, 20000);
  g_autoptr(GBytes) gif = gif_header (65535, 65535);
  struct rlimit limit = { (rlim_t) 1 << 30, (rlim_t) 1 << 30 };

  /* Not under AddressSanitizer, which reserves terabytes of address
   * space; elsewhere the decoders may not even try to allocate. */
  if (g_getenv ("ASAN_OPTIONS") == NULL)
    g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);

  leptonica_only (TRUE);
  assert_fails (png, "huge.png", AG_DOCUMENT_ERROR_TOO_LARGE);
  leptonica_only (FALSE);
  assert_fails (bmp, "huge.bmp", AG_DOCUMENT_ERROR_TOO_LARGE);
  assert_fails (gif, "huge.gif", AG_DOCUMENT_ERROR_TOO_LARGE);
}

/* A header that declares 900 or 4000 megapixels: "too large", before
 * anything is allocated (the child has 1 GB of address space). */
static void
test_too_large (void)
{
  if (g_test_subprocess ())
    {
      too_large_child ();
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* airgap-ocr, through its sandboxed worker, with no gdk-pixbuf loader. */
static char *
run_ocr (const char *path,
         gboolean    only)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (g_getenv ("AIRGAP_OCR"));
  if (only)
    g_subprocess_launcher_setenv (launcher, "AIRGAP_IMAGE_DECODER", "leptonica", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("AIRGAP_OCR"), "-l", "eng", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s: exit %d; stderr: %s", path, g_subprocess_get_exit_status (process), err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return out;
}

static void
test_ocr_worker (void)
{
  const char *text = "Nothing leaves this computer";
  cairo_surface_t *surface = ag_test_render_text (text, "DejaVu Sans 12", DPI);
  PIX *pix = ag_test_pix_from_surface (surface);
  const struct { int format; const char *name; gboolean only; } cases[] = {
    { IFF_TIFF_LZW, "page.tif", FALSE },
    { IFF_WEBP, "page.webp", FALSE },
    { IFF_PNG, "page.png", TRUE },
  };

  cairo_surface_destroy (surface);
  pixSetResolution (pix, DPI, DPI);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = encode (pix, cases[i].format);
      g_autofree char *path = ag_test_write_file (cases[i].name, bytes);
      g_autofree char *out = run_ocr (path, cases[i].only);
      double cer = ag_test_cer (out, text, FALSE);

      g_test_message ("%s: “%s”, CER %.3f", cases[i].name, g_strstrip (out), cer);
      g_assert_cmpfloat (cer, <, 0.05);
    }

  pixDestroy (&pix);
}

/* With tests/broken-pixbuf-loader.c in the loader cache: gdk-pixbuf has
 * a loader for TIFF, BMP, GIF, WebP (and PNG and JPEG, where it ranks
 * before the built-in ones), but it fails as glycin's does in the worker.
 * The decoder is never forced here. */
static void
broken_loader_child (void)
{
  const char *mode = g_getenv ("AIRGAP_TEST_BROKEN_LOADER");
  const struct { int format; const char *name; } formats[] = {
    { IFF_TIFF, "scan.tif" },
    { IFF_BMP, "picture.bmp" },
    { IFF_GIF, "picture.gif" },
    { IFF_WEBP, "web.webp" },
    { IFF_PNG, "page.png" },
    { IFF_JFIF_JPEG, "photo.jpg" },
  };

  g_assert_nonnull (mode);
  g_assert_null (g_getenv ("AIRGAP_IMAGE_DECODER"));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      PIX *pix = make_stored (1, 400, 300);
      g_autoptr(GBytes) bytes = encode (pix, formats[i].format);
      g_autoptr(GBytes) cut = truncated (bytes);
      g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(AgDocument) document = NULL;
      g_autoptr(AgBitmap) bitmap = NULL;
      gboolean written;

      pixDestroy (&pix);

      /* The premise: gdk-pixbuf picks the broken loader and fails as
       * glycin would. */
      g_test_message ("%s", formats[i].name);
      written = gdk_pixbuf_loader_write (loader, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
      if (written)
        g_assert_false (gdk_pixbuf_loader_close (loader, &error));
      else
        gdk_pixbuf_loader_close (loader, NULL);
      g_test_message ("%s: gdk-pixbuf says “%s”", formats[i].name, error->message);
      if (strcmp (mode, "write") == 0)
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      else
        g_assert_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE);

      document = ag_test_open_bytes (bytes, formats[i].name);
      bitmap = render_first (document);
      assert_upright (bitmap, 400, 300);

      assert_fails (cut, formats[i].name, AG_DOCUMENT_ERROR_CORRUPT);
    }

  /* ...and in airgap-ocr's worker, which inherits the cache. */
  {
    const char *text = "Nothing leaves this computer";
    cairo_surface_t *surface = ag_test_render_text (text, "DejaVu Sans 12", DPI);
    PIX *pix = ag_test_pix_from_surface (surface);
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;

    cairo_surface_destroy (surface);
    pixSetResolution (pix, DPI, DPI);
    bytes = encode (pix, IFF_PNG);
    pixDestroy (&pix);
    path = ag_test_write_file ("broken-loader.png", bytes);
    out = run_ocr (path, FALSE);
    g_assert_cmpfloat (ag_test_cer (out, text, FALSE), <, 0.05);
  }
}

static void
test_broken_loader (gconstpointer data)
{
  const char *mode = data;
  const char *module = g_getenv ("AIRGAP_TEST_BROKEN_LOADER_MODULE");
  g_autofree char *cache = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *empty = g_strdup (g_getenv ("GDK_PIXBUF_MODULE_FILE"));

  if (g_test_subprocess ())
    {
      broken_loader_child ();
      return;
    }
  g_assert_nonnull (module);

  /* One format, with the MIME types and signatures of all six (Debian's
   * gdk-pixbuf picks a loader by the MIME type GIO guesses, others by the
   * signature); the 4 is GDK_PIXBUF_FORMAT_THREADSAFE. */
  contents = g_strdup_printf ("\"%s\"\n"
                              "\"broken\" 4 \"gdk-pixbuf\" \"A loader that cannot run\" \"GPL\"\n"
                              "\"image/tiff\" \"image/bmp\" \"image/gif\" \"image/webp\""
                              " \"image/png\" \"image/jpeg\" \"\"\n"
                              "\"tif\" \"bmp\" \"gif\" \"webp\" \"png\" \"jpg\" \"\"\n"
                              "\"MM *\" \"  z \" 100\n"
                              "\"II* \" \"   z\" 100\n"
                              "\"BM\" \"\" 100\n"
                              "\"GIF8\" \"\" 100\n"
                              "\"RIFF    WEBP\" \"    xxxx    \" 100\n"
                              "\"\\211PNG\\r\\n\\032\\n\" \"\" 100\n"
                              "\"\\377\\330\\377\" \"\" 100\n"
                              "\n", module);
  cache = g_build_filename (ag_test_get_tmpdir (), "broken-loaders.cache", NULL);
  g_assert_true (g_file_set_contents (cache, contents, -1, NULL));

  g_setenv ("GDK_PIXBUF_MODULE_FILE", cache, TRUE);
  g_setenv ("AIRGAP_TEST_BROKEN_LOADER", mode, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_setenv ("GDK_PIXBUF_MODULE_FILE", empty, TRUE);
  g_unsetenv ("AIRGAP_TEST_BROKEN_LOADER");
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;

  g_test_init (&argc, &argv, NULL);

  /* Before gdk-pixbuf reads its loader cache, here and in airgap-ocr;
   * a /image-fallback/broken-loader child keeps the cache it was given. */
  if (g_getenv ("AIRGAP_TEST_BROKEN_LOADER") == NULL)
    {
      cache = g_build_filename (ag_test_get_tmpdir (), "loaders.cache", NULL);
      g_assert_true (g_file_set_contents (cache, "", 0, NULL));
      g_setenv ("GDK_PIXBUF_MODULE_FILE", cache, TRUE);
    }
  g_unsetenv ("AIRGAP_IMAGE_DECODER");

  g_test_add_func ("/image-fallback/no-loaders", test_no_loaders);
  g_test_add_func ("/image-fallback/formats", test_formats);
  g_test_add_func ("/image-fallback/depths", test_depths);
  g_test_add_func ("/image-fallback/jpeg-orientation", test_jpeg_orientation);
  g_test_add_func ("/image-fallback/tiff-orientation", test_tiff_orientation);
  g_test_add_func ("/image-fallback/dpi", test_dpi);
  g_test_add_func ("/image-fallback/truncated", test_truncated);
  g_test_add_func ("/image-fallback/damaged-jpeg", test_damaged_jpeg);
  g_test_add_func ("/image-fallback/every-cut", test_every_cut);
  g_test_add_func ("/image-fallback/bad-input", test_bad_input);
  g_test_add_func ("/image-fallback/too-large", test_too_large);
  g_test_add_func ("/image-fallback/ocr-worker", test_ocr_worker);
  g_test_add_data_func ("/image-fallback/broken-loader/write", "write", test_broken_loader);
  g_test_add_data_func ("/image-fallback/broken-loader/close", "close", test_broken_loader);

  return g_test_run ();
}
