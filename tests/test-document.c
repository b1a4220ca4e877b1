/* test-document.c — opening images and PDFs, rendering their pages
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <allheaders.h>
#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "ag-core.h"
#include "model/ag-text.h"
#include "ag-test-util.h"

/* Fixtures --------------------------------------------------------------- */

/* White, with a black square over the top-left quarter: where the square
 * ends up tells whether an image came out upright. */
static cairo_surface_t *
make_corner_surface (int width,
                     int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, 0, 0, width / 4, height / 4);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static GdkPixbuf *
pixbuf_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *src = cairo_image_surface_get_data (surface);
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  guint8 *dest = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 v = ((const guint32 *) (src + y * stride))[x];
        guint8 *d = dest + y * rowstride + x * 3;

        d[0] = v >> 16;
        d[1] = v >> 8;
        d[2] = v;
      }

  return pixbuf;
}

static GBytes *
save_pixbuf (GdkPixbuf  *pixbuf,
             const char *type)
{
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static gboolean
can_write (const char *type)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *name = gdk_pixbuf_format_get_name (l->data);

      if (g_strcmp0 (name, type) == 0)
        return gdk_pixbuf_format_is_writable (l->data);
    }
  return FALSE;
}

/* Reading pixels --------------------------------------------------------- */

static int
gray_at (AgBitmap *bitmap,
         int       x,
         int       y)
{
  const guint8 *data = g_bytes_get_data (ag_bitmap_get_pixels (bitmap), NULL);
  const guint8 *p;

  g_assert_cmpint (x, <, ag_bitmap_get_width (bitmap));
  g_assert_cmpint (y, <, ag_bitmap_get_height (bitmap));

  p = data + y * ag_bitmap_get_stride (bitmap);
  if (ag_bitmap_get_format (bitmap) == AG_BITMAP_FORMAT_GRAY8)
    return p[x];
  p += 4 * x;
  g_assert_cmpint (p[3], ==, 255);
  return (p[0] + p[1] + p[2]) / 3;
}

/* Mean darkness (0 white .. 255 black) of a part of the bitmap, in
 * fractions of its size. */
static double
darkness (AgBitmap *bitmap,
          double    fx,
          double    fy,
          double    fw,
          double    fh)
{
  int w = ag_bitmap_get_width (bitmap), h = ag_bitmap_get_height (bitmap);
  int x0 = fx * w, y0 = fy * h, x1 = (fx + fw) * w, y1 = (fy + fh) * h;
  double sum = 0;
  int n = 0;

  for (int y = y0; y < MIN (y1, h); y++)
    for (int x = x0; x < MIN (x1, w); x++, n++)
      sum += 255 - gray_at (bitmap, x, y);

  g_assert_cmpint (n, >, 0);
  return sum / n;
}

/* The square is in the top-left quarter; the rest of the page is white. */
static void
assert_corner (AgBitmap *bitmap,
               gboolean  top_right)
{
  double inside = darkness (bitmap, top_right ? 0.80 : 0.05, 0.05, 0.15, 0.15);
  double outside = darkness (bitmap, top_right ? 0.05 : 0.80, 0.05, 0.15, 0.15);

  g_assert_cmpfloat (inside, >, 200);
  g_assert_cmpfloat (outside, <, 30);
  g_assert_cmpfloat (darkness (bitmap, 0.4, 0.6, 0.5, 0.35), <, 30);
}

static AgBitmap *
render (AgPage         *page,
        double          dpi,
        AgBitmapFormat  format)
{
  g_autoptr(GError) error = NULL;
  AgBitmap *bitmap = ag_page_render (page, dpi, format, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bitmap);
  g_assert_cmpint (ag_bitmap_get_format (bitmap), ==, format);
  return bitmap;
}

/* Images ----------------------------------------------------------------- */

static void
test_png_file (void)
{
  cairo_surface_t *surface = make_corner_surface (240, 160);
  g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), "corner.png", NULL);
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgBitmap) gray = NULL;
  g_autoptr(AgBitmap) rgba = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AgPage *page;
  double width, height;

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  document = ag_test_open_path (path);
  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 1);
  g_assert_cmpstr (ag_document_get_title (document), ==, "corner.png");
  g_assert_true (g_file_equal (ag_document_get_file (document), file));

  page = ag_document_get_page (document, 0);
  g_assert_cmpint (ag_page_get_kind (page), ==, AG_PAGE_KIND_IMAGE);
  g_assert_cmpuint (ag_page_get_index (page), ==, 0);
  g_assert_cmpstr (ag_page_get_label (page), ==, "corner.png");
  g_assert_false (ag_page_has_text_layer (page));
  ag_page_get_size (page, &width, &height);
  g_assert_cmpfloat (width, ==, 240);
  g_assert_cmpfloat (height, ==, 160);
  g_assert_cmpfloat (ag_page_get_native_dpi (page), ==, 0);

  /* the dpi argument does not change an image */
  gray = render (page, 600, AG_BITMAP_FORMAT_GRAY8);
  g_assert_cmpint (ag_bitmap_get_width (gray), ==, 240);
  g_assert_cmpint (ag_bitmap_get_height (gray), ==, 160);
  g_assert_cmpfloat (ag_bitmap_get_dpi (gray), ==, 0);
  assert_corner (gray, FALSE);

  rgba = render (page, 0, AG_BITMAP_FORMAT_RGBA8);
  g_assert_cmpint (ag_bitmap_get_width (rgba), ==, 240);
  g_assert_cmpuint (ag_bitmap_get_stride (rgba), >=, 240 * 4);
  assert_corner (rgba, FALSE);
}

static void
test_png_bytes (void)
{
  cairo_surface_t *surface = make_corner_surface (120, 90);
  g_autoptr(GdkPixbuf) pixbuf = pixbuf_from_surface (surface);
  g_autoptr(GBytes) bytes = save_pixbuf (pixbuf, "png");
  g_autoptr(AgDocument) named = ag_test_open_bytes (bytes, "clipboard.png");
  g_autoptr(AgDocument) unnamed = ag_test_open_bytes (bytes, NULL);
  g_autoptr(AgBitmap) bitmap = NULL;

  cairo_surface_destroy (surface);

  g_assert_cmpstr (ag_document_get_title (named), ==, "clipboard.png");
  g_assert_null (ag_document_get_file (named));
  g_assert_cmpstr (ag_page_get_label (ag_document_get_page (named, 0)), ==, "clipboard.png");
  /* a pasted image still has a name to show */
  g_assert_nonnull (ag_document_get_title (unnamed));
  g_assert_cmpstr (ag_document_get_title (unnamed), !=, "");

  bitmap = render (ag_document_get_page (named, 0), 0, AG_BITMAP_FORMAT_GRAY8);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, 120);
  assert_corner (bitmap, FALSE);
}

static void
test_png_dpi (void)
{
  cairo_surface_t *surface = make_corner_surface (100, 100);
  g_autoptr(GdkPixbuf) pixbuf = pixbuf_from_surface (surface);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  char *buffer = NULL;
  gsize size;
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_destroy (surface);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error,
                                            "x-dpi", "200", "y-dpi", "200", NULL));
  bytes = g_bytes_new_take (buffer, size);

  document = ag_test_open_bytes (bytes, "scan.png");
  g_assert_cmpfloat_with_epsilon (ag_page_get_native_dpi (ag_document_get_page (document, 0)), 200, 1);
  bitmap = render (ag_document_get_page (document, 0), 0, AG_BITMAP_FORMAT_GRAY8);
  g_assert_cmpfloat_with_epsilon (ag_bitmap_get_dpi (bitmap), 200, 1);
}

typedef struct
{
  GMainLoop *loop;
  GObject   *object;
  GError    *error;
} Wait;

static void
document_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Wait *wait = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == ag_document_load_file_async)
    wait->object = (GObject *) ag_document_load_file_finish (result, &wait->error);
  else
    wait->object = (GObject *) ag_document_load_bytes_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
rendered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;
  AgBitmap *bitmap = ag_page_render_finish (AG_PAGE (source), result, &wait->error);

  /* a bitmap is not an object; keep it in the pointer */
  wait->object = (GObject *) bitmap;
  g_main_loop_quit (wait->loop);
}

static void
test_async_load (void)
{
  g_autofree char *path = ag_test_render_text_png ("Async", "DejaVu Sans 12", 100);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/airgap/missing.png");
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autofree char *contents = NULL;
  gsize size;
  g_autoptr(GBytes) bytes = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  ag_document_load_file_async (file, NULL, NULL, document_loaded_cb, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_true (AG_IS_DOCUMENT (wait.object));
  g_assert_cmpuint (ag_document_get_n_pages (AG_DOCUMENT (wait.object)), ==, 1);
  g_clear_object (&wait.object);

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  bytes = g_bytes_new (contents, size);
  ag_document_load_bytes_async (bytes, "pasted", NULL, NULL, document_loaded_cb, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_cmpstr (ag_document_get_title (AG_DOCUMENT (wait.object)), ==, "pasted");
  g_clear_object (&wait.object);

  ag_document_load_file_async (missing, NULL, NULL, document_loaded_cb, &wait);
  g_main_loop_run (wait.loop);
  g_assert_error (wait.error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_IO);
  g_assert_nonnull (strstr (wait.error->message, "missing.png"));
  g_assert_null (wait.object);
  g_clear_error (&wait.error);

  g_cancellable_cancel (cancelled);
  ag_document_load_file_async (file, NULL, cancelled, document_loaded_cb, &wait);
  g_main_loop_run (wait.loop);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);

  g_main_loop_unref (wait.loop);
}

static AgBitmap *
render_async (AgPage       *page,
              int           max_width,
              int           max_height,
              GCancellable *cancellable,
              GError      **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  ag_page_render_async (page, max_width, max_height, cancellable, rendered_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return (AgBitmap *) wait.object;
}

static void
test_render_async (void)
{
  cairo_surface_t *surface = make_corner_surface (1000, 500);
  g_autoptr(GdkPixbuf) pixbuf = pixbuf_from_surface (surface);
  g_autoptr(GBytes) bytes = save_pixbuf (pixbuf, "png");
  g_autoptr(AgDocument) document = ag_test_open_bytes (bytes, "wide.png");
  AgPage *page = ag_document_get_page (document, 0);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AgBitmap *bitmap;

  cairo_surface_destroy (surface);

  /* shrunk to fit, proportions kept */
  bitmap = render_async (page, 200, 200, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ag_bitmap_get_format (bitmap), ==, AG_BITMAP_FORMAT_RGBA8);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, 200);
  g_assert_cmpint (ag_bitmap_get_height (bitmap), ==, 100);
  assert_corner (bitmap, FALSE);
  ag_bitmap_unref (bitmap);

  /* the height limits */
  bitmap = render_async (page, 800, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, 100);
  g_assert_cmpint (ag_bitmap_get_height (bitmap), ==, 50);
  ag_bitmap_unref (bitmap);

  /* never larger than the image itself */
  bitmap = render_async (page, 4000, 4000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, 1000);
  g_assert_cmpint (ag_bitmap_get_height (bitmap), ==, 500);
  ag_bitmap_unref (bitmap);

  g_cancellable_cancel (cancelled);
  bitmap = render_async (page, 200, 200, cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (bitmap);
}

static void
test_jpeg_orientation (void)
{
  /* Stored landscape with the square top-left; orientation 6 says "turn
   * 90° clockwise to view", as a phone held upright writes it. */
  cairo_surface_t *surface = make_corner_surface (320, 200);
  g_autoptr(GdkPixbuf) pixbuf = pixbuf_from_surface (surface);
  g_autoptr(GBytes) plain = save_pixbuf (pixbuf, "jpeg");
  g_autoptr(GBytes) rotated = ag_test_jpeg_with_orientation (plain, 6);
  g_autofree char *path = ag_test_write_file ("phone.jpg", rotated);
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgDocument) upright = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(AgBitmap) upright_bitmap = NULL;
  double width, height;

  cairo_surface_destroy (surface);

  upright = ag_test_open_bytes (plain, "plain.jpg");
  upright_bitmap = render (ag_document_get_page (upright, 0), 0, AG_BITMAP_FORMAT_GRAY8);
  g_assert_cmpint (ag_bitmap_get_width (upright_bitmap), ==, 320);
  assert_corner (upright_bitmap, FALSE);

  document = ag_test_open_path (path);
  ag_page_get_size (ag_document_get_page (document, 0), &width, &height);
  g_assert_cmpfloat (width, ==, 200);
  g_assert_cmpfloat (height, ==, 320);
  bitmap = render (ag_document_get_page (document, 0), 0, AG_BITMAP_FORMAT_GRAY8);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, 200);
  g_assert_cmpint (ag_bitmap_get_height (bitmap), ==, 320);
  assert_corner (bitmap, TRUE);
}

static void
check_corner_format (GBytes     *bytes,
                     const char *name,
                     int         width,
                     int         height)
{
  g_autoptr(AgDocument) document = ag_test_open_bytes (bytes, name);
  g_autoptr(AgBitmap) bitmap = NULL;

  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 1);
  bitmap = render (ag_document_get_page (document, 0), 0, AG_BITMAP_FORMAT_RGBA8);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, width);
  g_assert_cmpint (ag_bitmap_get_height (bitmap), ==, height);
  assert_corner (bitmap, FALSE);
}

static void
test_formats (void)
{
  cairo_surface_t *surface = make_corner_surface (160, 120);
  g_autoptr(GdkPixbuf) pixbuf = pixbuf_from_surface (surface);
  g_autoptr(GBytes) bmp = save_pixbuf (pixbuf, "bmp");
  g_autoptr(GBytes) tiff = save_pixbuf (pixbuf, "tiff");
  g_autofree guint8 *indices = g_new0 (guint8, 160 * 120);
  g_autoptr(GBytes) gif = NULL;

  cairo_surface_destroy (surface);

  check_corner_format (bmp, "picture.bmp", 160, 120);
  check_corner_format (tiff, "scan.tif", 160, 120);

  for (int y = 0; y < 30; y++)
    memset (indices + y * 160, 1, 40);
  gif = ag_test_make_gif (160, 120, indices);
  check_corner_format (gif, "anim.gif", 160, 120);

  if (can_write ("webp"))
    {
      g_autoptr(GBytes) webp = save_pixbuf (pixbuf, "webp");

      check_corner_format (webp, "web.webp", 160, 120);
    }
  else
    g_test_message ("no WebP writer; WebP not checked");
}

static void
test_heif (void)
{
  g_autofree char *convert = g_find_program_in_path ("convert");
  cairo_surface_t *surface = make_corner_surface (160, 120);
  g_autofree char *png = g_build_filename (ag_test_get_tmpdir (), "heif-source.png", NULL);
  g_autofree char *avif = g_build_filename (ag_test_get_tmpdir (), "photo.avif", NULL);
  g_autofree char *contents = NULL;
  gsize size;
  int status = -1;
  g_autoptr(GBytes) bytes = NULL;
  const char *argv[] = { NULL, png, avif, NULL };

  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  argv[0] = convert;
  if (convert == NULL ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL) ||
      !g_file_get_contents (avif, &contents, &size, NULL) || size < 12 ||
      memcmp (contents + 4, "ftyp", 4) != 0)
    {
      g_test_skip ("ImageMagick cannot write AVIF here");
      return;
    }

  bytes = g_bytes_new (contents, size);
  check_corner_format (bytes, "photo.avif", 160, 120);
}

static void
test_transparent_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 80, 80);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), "logo.png", NULL);
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  const guint8 *p;

  /* fully transparent, a black square, and a half-transparent black band */
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, 0, 0, 20, 20);
  cairo_fill (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
  cairo_rectangle (cr, 0, 60, 80, 20);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  document = ag_test_open_path (path);
  bitmap = render (ag_document_get_page (document, 0), 0, AG_BITMAP_FORMAT_RGBA8);
  p = g_bytes_get_data (ag_bitmap_get_pixels (bitmap), NULL);
  /* transparent became white, not black */
  g_assert_cmpint (gray_at (bitmap, 50, 30), ==, 255);
  g_assert_cmpint (p[30 * ag_bitmap_get_stride (bitmap) + 50 * 4 + 3], ==, 255);
  g_assert_cmpint (gray_at (bitmap, 5, 5), ==, 0);
  g_assert_cmpint (gray_at (bitmap, 40, 70), >, 110);
  g_assert_cmpint (gray_at (bitmap, 40, 70), <, 145);
}

static void
test_bit_depths (void)
{
  /* 1 bit grey: 16 × 4, the left half black (0) */
  const guint8 one_bit[] = { 0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff };
  /* 16 bits per channel RGB: 2 × 1, pure red then mid grey */
  const guint8 sixteen[] = { 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,  0x80, 0x00, 0x80, 0x00, 0x80, 0x00 };
  g_autoptr(GBytes) png1 = ag_test_make_png (16, 4, 1, 0, one_bit, 2);
  g_autoptr(GBytes) png16 = ag_test_make_png (2, 1, 16, 2, sixteen, 12);
  g_autoptr(AgDocument) document1 = ag_test_open_bytes (png1, "bilevel.png");
  g_autoptr(AgDocument) document16 = ag_test_open_bytes (png16, "deep.png");
  g_autoptr(AgBitmap) bitmap1 = render (ag_document_get_page (document1, 0), 0, AG_BITMAP_FORMAT_GRAY8);
  g_autoptr(AgBitmap) bitmap16 = render (ag_document_get_page (document16, 0), 0, AG_BITMAP_FORMAT_RGBA8);
  const guint8 *p;

  g_assert_cmpint (ag_bitmap_get_width (bitmap1), ==, 16);
  g_assert_cmpint (ag_bitmap_get_height (bitmap1), ==, 4);
  g_assert_cmpint (gray_at (bitmap1, 3, 2), ==, 0);
  g_assert_cmpint (gray_at (bitmap1, 12, 2), ==, 255);

  p = g_bytes_get_data (ag_bitmap_get_pixels (bitmap16), NULL);
  g_assert_cmpint (p[0], ==, 255);
  g_assert_cmpint (p[1], ==, 0);
  g_assert_cmpint (p[2], ==, 0);
  g_assert_cmpint (p[4], ==, 128);
  g_assert_cmpint (p[7], ==, 255);
}

static void
test_multipage_tiff (void)
{
  g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), "stack.tif", NULL);
  g_autoptr(AgDocument) document = NULL;

  /* Three pages of different sizes, the square on a different corner. */
  for (int i = 0; i < 3; i++)
    {
      int width = 200 + 40 * i, height = 150;
      PIX *pix = pixCreate (width, height, 1);   /* 1 bpp: 0 is white */

      pixSetResolution (pix, 300, 300);
      if (i == 1)
        pixRasterop (pix, width * 3 / 4, 0, width / 4, height / 4, PIX_SET, NULL, 0, 0);
      else
        pixRasterop (pix, 0, 0, width / 4, height / 4, PIX_SET, NULL, 0, 0);
      g_assert_cmpint (pixWriteTiff (path, pix, IFF_TIFF_G4, i == 0 ? "w" : "a"), ==, 0);
      pixDestroy (&pix);
    }

  document = ag_test_open_path (path);
  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      AgPage *page = ag_document_get_page (document, i);
      g_autoptr(AgBitmap) bitmap = render (page, 0, AG_BITMAP_FORMAT_GRAY8);
      g_autofree char *label = g_strdup_printf ("stack.tif — page %u", i + 1);
      double width, height;

      g_assert_cmpuint (ag_page_get_index (page), ==, i);
      g_assert_cmpstr (ag_page_get_label (page), ==, label);
      ag_page_get_size (page, &width, &height);
      g_assert_cmpfloat (width, ==, 200 + 40 * i);
      g_assert_cmpfloat (height, ==, 150);
      g_assert_cmpfloat (ag_page_get_native_dpi (page), ==, 300);
      g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, 200 + 40 * i);
      g_assert_cmpfloat (ag_bitmap_get_dpi (bitmap), ==, 300);
      assert_corner (bitmap, i == 1);
    }
}

/* PDF -------------------------------------------------------------------- */

static const char * const text_pages[] = {
  "Hello airgap world\nsecond line here\n\nAnother paragraph",
  "Page two",
  NULL
};

static AgWord *
find_word (AgRecognitionPage *page,
           const char        *text)
{
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);

              if (g_strcmp0 (word->text, text) == 0)
                return word;
            }
        }
    }
  return NULL;
}

static void
test_pdf_text_layer (void)
{
  g_autofree char *path = ag_test_write_text_pdf ("report.pdf", text_pages, "DejaVu Sans 20");
  g_autoptr(AgDocument) document = ag_test_open_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgRecognitionPage) text = NULL;
  g_autoptr(AgRecognitionPage) part = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autofree char *all = NULL;
  AgPage *page;
  AgWord *hello;
  AgBlock *block;
  AgRect second_line;
  double width, height;

  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 2);
  page = ag_document_get_page (document, 0);
  g_assert_cmpint (ag_page_get_kind (page), ==, AG_PAGE_KIND_PDF);
  g_assert_cmpstr (ag_page_get_label (page), ==, "report.pdf — page 1");
  g_assert_cmpstr (ag_page_get_label (ag_document_get_page (document, 1)), ==, "report.pdf — page 2");
  g_assert_cmpuint (ag_page_get_index (ag_document_get_page (document, 1)), ==, 1);
  ag_page_get_size (page, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 420, 0.5);
  g_assert_cmpfloat_with_epsilon (height, 595, 0.5);
  g_assert_cmpfloat (ag_page_get_native_dpi (page), ==, 72);
  g_assert_true (ag_page_has_text_layer (page));

  /* rendered at the resolution asked for, 300 by default */
  bitmap = render (page, 144, AG_BITMAP_FORMAT_GRAY8);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, 840);
  g_assert_cmpint (ag_bitmap_get_height (bitmap), ==, 1190);
  g_assert_cmpfloat_with_epsilon (ag_bitmap_get_dpi (bitmap), 144, 0.01);
  /* ink where the text was drawn (72 pt from the top-left), none below */
  g_assert_cmpfloat (darkness (bitmap, 0.15, 0.11, 0.4, 0.06), >, 10);
  g_assert_cmpfloat (darkness (bitmap, 0.0, 0.5, 1.0, 0.5), ==, 0);
  g_clear_pointer (&bitmap, ag_bitmap_unref);
  bitmap = render (page, 0, AG_BITMAP_FORMAT_RGBA8);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, 1750);
  g_assert_cmpfloat_with_epsilon (ag_bitmap_get_dpi (bitmap), 300, 0.01);

  text = ag_page_extract_text (page, NULL, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (text->source, ==, AG_RECOGNITION_SOURCE_TEXT_LAYER);
  g_assert_cmpstr (text->engine, ==, "text-layer");
  g_assert_cmpint (text->width, ==, 1750);
  g_assert_cmpint (text->height, ==, 2479);
  g_assert_cmpfloat (text->dpi, ==, 300);
  all = ag_recognition_page_dup_text (text);
  g_test_message ("text layer: %s", all);
  g_assert_cmpfloat (ag_test_cer (all, "Hello airgap world second line here Another paragraph", FALSE), ==, 0);

  /* two paragraphs: the empty line splits them */
  g_assert_cmpuint (text->blocks->len, ==, 2);
  block = g_ptr_array_index (text->blocks, 0);
  g_assert_cmpint (block->region, ==, -1);
  g_assert_cmpuint (block->lines->len, ==, 2);

  hello = find_word (text, "Hello");
  g_assert_nonnull (hello);
  g_assert_cmpfloat (hello->confidence, ==, 100);
  g_assert_cmpfloat_with_epsilon (hello->box.x, 72.0 / 420, 0.01);
  g_assert_cmpfloat_with_epsilon (hello->box.y, 72.0 / 595, 0.02);
  g_assert_cmpfloat (hello->box.width, >, 0.1);
  g_assert_cmpfloat (hello->box.width, <, 0.25);
  g_assert_cmpfloat (hello->box.height, >, 0.02);
  g_assert_cmpfloat (hello->box.height, <, 0.08);
  g_assert_true (find_word (text, "world")->box.x > hello->box.x + hello->box.width);

  /* only the words of a region, tagged with it */
  second_line = find_word (text, "second")->box;
  second_line.x = 0;
  second_line.width = 1;
  part = ag_page_extract_text (page, &second_line, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (part->blocks->len, ==, 1);
  block = g_ptr_array_index (part->blocks, 0);
  g_assert_cmpint (block->region, ==, 2);
  g_clear_pointer (&all, g_free);
  all = ag_recognition_page_dup_text (part);
  g_assert_cmpfloat (ag_test_cer (all, "second line here", FALSE), ==, 0);
}

/* The text layer's boxes lie on the ink of the rendered page. */
static void
assert_word_on_ink (AgPage     *page,
                    const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgRecognitionPage) layer = ag_page_extract_text (page, NULL, -1, &error);
  g_autoptr(AgBitmap) bitmap = render (page, 100, AG_BITMAP_FORMAT_GRAY8);
  AgWord *word;

  g_assert_no_error (error);
  word = find_word (layer, text);
  g_assert_nonnull (word);
  g_test_message ("%s at %.3f,%.3f %.3f×%.3f", text, word->box.x, word->box.y, word->box.width, word->box.height);
  g_assert_cmpfloat (darkness (bitmap, word->box.x, word->box.y, word->box.width, word->box.height), >, 25);
  /* and beside the line it is blank: the box is not just anywhere */
  if (word->box.width > 0.8 * word->box.height)
    g_assert_cmpfloat (darkness (bitmap, word->box.x, word->box.y + (word->box.y > 0.6 ? -0.25 : 0.25),
                                 word->box.width, word->box.height), <, 1);
  else
    g_assert_cmpfloat (darkness (bitmap, word->box.x + (word->box.x > 0.6 ? -0.25 : 0.25), word->box.y,
                                 word->box.width, word->box.height), <, 1);
}

static void
test_pdf_rotated (void)
{
  static const char * const pages[] = { "Rotated words", NULL };
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_autofree char *plain = ag_test_write_text_pdf ("upright.pdf", pages, "DejaVu Sans 20");
  g_autofree char *rotated = g_build_filename (ag_test_get_tmpdir (), "rotated.pdf", NULL);
  const char *argv[] = { NULL, "--rotate=+90:1", plain, rotated, NULL };
  g_autoptr(AgDocument) document = NULL;
  AgPage *page;
  double width, height;
  int status;

  document = ag_test_open_path (plain);
  assert_word_on_ink (ag_document_get_page (document, 0), "Rotated");
  assert_word_on_ink (ag_document_get_page (document, 0), "words");
  g_clear_object (&document);

  if (qpdf == NULL)
    {
      g_test_skip ("qpdf is not installed");
      return;
    }
  argv[0] = qpdf;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* a page turned with /Rotate is landscape, and its words still sit on
   * their ink */
  document = ag_test_open_path (rotated);
  page = ag_document_get_page (document, 0);
  ag_page_get_size (page, &width, &height);
  g_assert_cmpfloat_with_epsilon (width, 595, 0.5);
  g_assert_cmpfloat_with_epsilon (height, 420, 0.5);
  assert_word_on_ink (page, "Rotated");
  assert_word_on_ink (page, "words");
}

static void
test_pdf_cjk (void)
{
  static const char * const pages[] = { "中文测试 Airgap\n繁體中文", NULL };
  g_autofree char *path = ag_test_write_text_pdf ("cjk.pdf", pages, "Noto Sans CJK SC 20");
  g_autoptr(AgDocument) document = ag_test_open_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgRecognitionPage) layer = NULL;
  g_autofree char *text = NULL;
  AgBlock *block;
  AgLine *line;

  layer = ag_page_extract_text (ag_document_get_page (document, 0), NULL, -1, &error);
  g_assert_no_error (error);
  text = ag_recognition_page_dup_text (layer);
  g_test_message ("CJK text layer: %s", text);
  g_assert_cmpfloat (ag_test_cer (text, "中文测试Airgap繁體中文", TRUE), ==, 0);

  /* every Chinese character is a word with its own box, in order */
  block = g_ptr_array_index (layer->blocks, 0);
  line = g_ptr_array_index (block->lines, 0);
  g_assert_cmpuint (line->words->len, ==, 5);
  g_assert_cmpstr (((AgWord *) g_ptr_array_index (line->words, 1))->text, ==, "文");
  g_assert_cmpfloat (((AgWord *) g_ptr_array_index (line->words, 1))->box.x, >,
                     ((AgWord *) g_ptr_array_index (line->words, 0))->box.x);
  assert_word_on_ink (ag_document_get_page (document, 0), "测");
}

static void
test_pdf_image_only (void)
{
  g_autofree char *path = g_build_filename (ag_test_get_tmpdir (), "scanned.pdf", NULL);
  cairo_surface_t *pdf = cairo_pdf_surface_create (path, 400, 300);
  cairo_surface_t *image = make_corner_surface (400, 300);
  cairo_t *cr = cairo_create (pdf);
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(AgRecognitionPage) text = NULL;
  g_autoptr(GError) error = NULL;
  AgPage *page;

  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_finish (pdf);
  cairo_surface_destroy (pdf);
  cairo_surface_destroy (image);

  document = ag_test_open_path (path);
  page = ag_document_get_page (document, 0);
  g_assert_false (ag_page_has_text_layer (page));
  bitmap = render (page, 72, AG_BITMAP_FORMAT_GRAY8);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, 400);
  g_assert_cmpint (ag_bitmap_get_height (bitmap), ==, 300);
  assert_corner (bitmap, FALSE);

  /* no text, but no failure either */
  text = ag_page_extract_text (page, NULL, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (text->blocks->len, ==, 0);
}

static void
test_pdf_password (void)
{
  static const char * const pages[] = { "Secret text", NULL };
  g_autofree char *plain = ag_test_write_text_pdf ("plain.pdf", pages, "DejaVu Sans 20");
  g_autofree char *locked = ag_test_encrypt_pdf (plain, "locked.pdf", "letmein", "owner-secret");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognitionPage) text = NULL;
  g_autofree char *all = NULL;

  if (locked == NULL)
    {
      g_test_skip ("qpdf is not installed");
      return;
    }
  file = g_file_new_for_path (locked);

  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_NEEDS_PASSWORD);
  g_assert_nonnull (strstr (error->message, "locked.pdf"));
  g_assert_null (document);
  g_clear_error (&error);

  document = ag_document_new_from_file (file, "guess", NULL, &error);
  g_assert_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WRONG_PASSWORD);
  g_assert_null (document);
  g_clear_error (&error);

  document = ag_document_new_from_file (file, "letmein", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ag_document_get_n_pages (document), ==, 1);
  text = ag_page_extract_text (ag_document_get_page (document, 0), NULL, -1, &error);
  g_assert_no_error (error);
  all = ag_recognition_page_dup_text (text);
  g_assert_cmpfloat (ag_test_cer (all, "Secret text", FALSE), ==, 0);
}

static void
test_pdf_render_async (void)
{
  g_autofree char *path = ag_test_write_text_pdf ("view.pdf", text_pages, "DejaVu Sans 20");
  g_autoptr(AgDocument) document = ag_test_open_path (path);
  g_autoptr(GError) error = NULL;
  AgBitmap *bitmap;

  /* A5 is 420 × 595 pt: a 300 × 300 box is filled in height */
  bitmap = render_async (ag_document_get_page (document, 0), 300, 300, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ag_bitmap_get_format (bitmap), ==, AG_BITMAP_FORMAT_RGBA8);
  g_assert_cmpint (ag_bitmap_get_height (bitmap), <=, 300);
  g_assert_cmpint (ag_bitmap_get_height (bitmap), >=, 299);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), <=, 212);
  g_assert_cmpint (ag_bitmap_get_width (bitmap), >=, 210);
  ag_bitmap_unref (bitmap);
}

static void
test_append (void)
{
  g_autofree char *png = ag_test_render_text_png ("First", "DejaVu Sans 12", 100);
  g_autofree char *pdf = ag_test_write_text_pdf ("second.pdf", text_pages, "DejaVu Sans 20");
  g_autoptr(AgDocument) first = ag_test_open_path (png);
  g_autoptr(AgDocument) second = ag_test_open_path (pdf);
  g_autoptr(AgDocument) all = ag_document_new ();
  g_autofree char *png_name = g_path_get_basename (png);

  g_assert_cmpuint (ag_document_get_n_pages (all), ==, 0);
  ag_document_append (all, first);
  ag_document_append (all, second);

  g_assert_cmpuint (ag_document_get_n_pages (all), ==, 3);
  g_assert_cmpstr (ag_document_get_title (all), ==, png_name);
  g_assert_true (ag_document_get_page (all, 0) == ag_document_get_page (first, 0));
  g_assert_true (ag_document_get_page (all, 2) == ag_document_get_page (second, 1));
  g_assert_cmpint (ag_page_get_kind (ag_document_get_page (all, 1)), ==, AG_PAGE_KIND_PDF);
  g_assert_cmpuint (ag_page_get_index (ag_document_get_page (all, 2)), ==, 1);
  g_assert_cmpstr (ag_page_get_label (ag_document_get_page (all, 2)), ==, "second.pdf — page 2");

  /* the pages outlive the documents they came from */
  g_clear_object (&second);
  g_assert_true (ag_page_has_text_layer (ag_document_get_page (all, 1)));
}

/* The shared corpus ------------------------------------------------------ */

static void
test_corpus_images (void)
{
  const char *corpus = ag_test_get_corpus ();
  g_autofree char *manifest = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_opened = 0;

  if (corpus == NULL)
    {
      g_test_skip ("no corpus");
      return;
    }

  manifest = ag_test_read_corpus_text ("manifest.tsv");
  lines = g_strsplit (manifest, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      g_autofree char *path = NULL;
      g_autoptr(AgDocument) document = NULL;
      g_autoptr(AgBitmap) bitmap = NULL;
      double width, height;

      if (g_strv_length (fields) < 4)
        continue;
      path = g_build_filename (corpus, fields[3], NULL);
      document = ag_test_open_path (path);
      g_assert_cmpuint (ag_document_get_n_pages (document), >=, 1);
      ag_page_get_size (ag_document_get_page (document, 0), &width, &height);
      bitmap = render (ag_document_get_page (document, 0), 0, AG_BITMAP_FORMAT_GRAY8);
      g_assert_cmpint (ag_bitmap_get_width (bitmap), ==, (int) width);
      g_assert_cmpint (ag_bitmap_get_height (bitmap), ==, (int) height);
      n_opened++;
    }
  g_assert_cmpuint (n_opened, >=, 50);
}

static void
test_corpus_pdfs (void)
{
  const char *corpus = ag_test_get_corpus ();
  g_autofree char *born_path = NULL;
  g_autofree char *image_path = NULL;
  g_autoptr(AgDocument) born = NULL;
  g_autoptr(AgDocument) image = NULL;

  if (corpus == NULL)
    {
      g_test_skip ("no corpus");
      return;
    }

  born_path = g_build_filename (corpus, "pdf", "born_digital.pdf", NULL);
  image_path = g_build_filename (corpus, "pdf", "image_only.pdf", NULL);
  born = ag_test_open_path (born_path);
  image = ag_test_open_path (image_path);
  g_assert_cmpuint (ag_document_get_n_pages (born), ==, 10);
  g_assert_cmpuint (ag_document_get_n_pages (image), ==, 10);

  for (guint i = 0; i < 10; i++)
    {
      AgPage *page = ag_document_get_page (born, i);
      g_autofree char *gt_name = g_strdup_printf ("pdf/page-%02u.gt.txt", i + 1);
      g_autofree char *truth = ag_test_read_corpus_text (gt_name);
      g_autoptr(GError) error = NULL;
      g_autoptr(AgRecognitionPage) layer = NULL;
      g_autofree char *text = NULL;
      gboolean cjk = FALSE;
      double cer;

      for (const char *p = truth; *p != '\0'; p = g_utf8_next_char (p))
        cjk |= ag_text_is_cjk (g_utf8_get_char (p));

      g_assert_true (ag_page_has_text_layer (page));
      g_assert_false (ag_page_has_text_layer (ag_document_get_page (image, i)));
      layer = ag_page_extract_text (page, NULL, -1, &error);
      g_assert_no_error (error);
      text = ag_recognition_page_dup_text (layer);
      cer = ag_test_cer (text, truth, cjk);
      g_test_message ("born_digital.pdf page %u: CER %.4f", i + 1, cer);
      g_assert_cmpfloat (cer, <, 0.02);

      /* every word's box is on its ink */
      {
        g_autoptr(AgBitmap) bitmap = render (page, 100, AG_BITMAP_FORMAT_GRAY8);
        guint n_words = 0, n_on_ink = 0;

        for (guint b = 0; b < layer->blocks->len; b++)
          {
            AgBlock *block = g_ptr_array_index (layer->blocks, b);

            for (guint l = 0; l < block->lines->len; l++)
              {
                AgLine *line = g_ptr_array_index (block->lines, l);

                for (guint w = 0; w < line->words->len; w++)
                  {
                    AgWord *word = g_ptr_array_index (line->words, w);
                    gboolean has_letter = FALSE;

                    /* punctuation such as “，” fills little of its box */
                    for (const char *c = word->text; *c != '\0'; c = g_utf8_next_char (c))
                      has_letter |= g_unichar_isalnum (g_utf8_get_char (c));
                    if (!has_letter)
                      continue;

                    n_words++;
                    if (darkness (bitmap, word->box.x, word->box.y, word->box.width, word->box.height) > 5)
                      n_on_ink++;
                    else
                      g_test_message ("  off ink: %s at %.3f,%.3f %.3f×%.3f", word->text,
                                      word->box.x, word->box.y, word->box.width, word->box.height);
                  }
              }
          }
        g_test_message ("  %u of %u words on ink", n_on_ink, n_words);
        g_assert_cmpuint (n_words, >, 0);
        g_assert_cmpuint (n_on_ink, >=, n_words * 97 / 100);
      }
    }
}

/* Parallel rendering ----------------------------------------------------- */

#define N_PARALLEL_PAGES 6
#define N_THREADS 4

typedef struct
{
  AgDocument *document;
  guint32     checksums[N_PARALLEL_PAGES];
  guint       n_words[N_PARALLEL_PAGES];
} ParallelData;

static guint32
checksum (AgBitmap *bitmap)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (ag_bitmap_get_pixels (bitmap), &size);

  return ag_test_crc32 (data, size);
}

static gpointer
parallel_thread (gpointer user_data)
{
  ParallelData *data = user_data;

  for (guint i = 0; i < N_PARALLEL_PAGES; i++)
    {
      AgPage *page = ag_document_get_page (data->document, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(AgBitmap) bitmap = ag_page_render (page, 60, AG_BITMAP_FORMAT_GRAY8, NULL, &error);
      g_autoptr(AgRecognitionPage) text = ag_page_extract_text (page, NULL, -1, &error);
      guint n = 0;

      g_assert_no_error (error);
      data->checksums[i] = checksum (bitmap);
      for (guint b = 0; b < text->blocks->len; b++)
        {
          AgBlock *block = g_ptr_array_index (text->blocks, b);

          for (guint l = 0; l < block->lines->len; l++)
            n += ((AgLine *) g_ptr_array_index (block->lines, l))->words->len;
        }
      data->n_words[i] = n;
    }

  return NULL;
}

static void
test_parallel_render (void)
{
  const char *pages[N_PARALLEL_PAGES + 1] = {
    "One page of text", "The second page here", "Third page with more words in it",
    "Four", "Fifth page", "Sixth and last page of the test", NULL,
  };
  g_autofree char *path = ag_test_write_text_pdf ("parallel.pdf", pages, "DejaVu Serif 14");
  g_autoptr(AgDocument) document = ag_test_open_path (path);
  ParallelData reference = { document };
  ParallelData threaded[N_THREADS];
  GThread *threads[N_THREADS];

  parallel_thread (&reference);
  for (guint i = 0; i < N_PARALLEL_PAGES; i++)
    {
      g_auto(GStrv) words = g_strsplit (pages[i], " ", -1);

      g_assert_cmpuint (reference.n_words[i], ==, g_strv_length (words));
    }

  for (guint t = 0; t < N_THREADS; t++)
    {
      threaded[t] = (ParallelData) { document };
      threads[t] = g_thread_new ("render", parallel_thread, &threaded[t]);
    }
  for (guint t = 0; t < N_THREADS; t++)
    {
      g_thread_join (threads[t]);
      for (guint i = 0; i < N_PARALLEL_PAGES; i++)
        {
          g_assert_cmpuint (threaded[t].checksums[i], ==, reference.checksums[i]);
          g_assert_cmpuint (threaded[t].n_words[i], ==, reference.n_words[i]);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/png/file", test_png_file);
  g_test_add_func ("/document/png/bytes", test_png_bytes);
  g_test_add_func ("/document/png/dpi", test_png_dpi);
  g_test_add_func ("/document/png/transparent", test_transparent_png);
  g_test_add_func ("/document/png/bit-depths", test_bit_depths);
  g_test_add_func ("/document/async-load", test_async_load);
  g_test_add_func ("/document/render-async", test_render_async);
  g_test_add_func ("/document/jpeg/orientation", test_jpeg_orientation);
  g_test_add_func ("/document/formats", test_formats);
  g_test_add_func ("/document/heif", test_heif);
  g_test_add_func ("/document/tiff/multipage", test_multipage_tiff);
  g_test_add_func ("/document/pdf/text-layer", test_pdf_text_layer);
  g_test_add_func ("/document/pdf/image-only", test_pdf_image_only);
  g_test_add_func ("/document/pdf/rotated", test_pdf_rotated);
  g_test_add_func ("/document/pdf/cjk", test_pdf_cjk);
  g_test_add_func ("/document/pdf/password", test_pdf_password);
  g_test_add_func ("/document/pdf/render-async", test_pdf_render_async);
  g_test_add_func ("/document/append", test_append);
  g_test_add_func ("/document/pdf/parallel", test_parallel_render);
  g_test_add_func ("/document/corpus/images", test_corpus_images);
  g_test_add_func ("/document/corpus/pdfs", test_corpus_pdfs);

  return g_test_run ();
}
