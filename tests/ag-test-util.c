/* ag-test-util.c — helpers shared by the tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "ag-test-util.h"

static gunichar *
normalize (const char *text,
           gboolean    cjk,
           glong      *len)
{
  g_autofree char *nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  GString *out = g_string_new (NULL);
  gboolean in_space = FALSE;
  gunichar *chars;

  for (const char *p = nfkc; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          in_space = TRUE;
          continue;
        }
      if (in_space && !cjk && out->len > 0)
        g_string_append_c (out, ' ');
      in_space = FALSE;
      g_string_append_unichar (out, c);
    }

  chars = g_utf8_to_ucs4_fast (out->str, -1, len);
  g_string_free (out, TRUE);
  return chars;
}

double
ag_test_cer (const char *recognized,
             const char *truth,
             gboolean    cjk)
{
  glong n, m;
  g_autofree gunichar *a = normalize (recognized != NULL ? recognized : "", cjk, &n);
  g_autofree gunichar *b = normalize (truth, cjk, &m);
  g_autofree guint *row = g_new (guint, m + 1);

  if (m == 0)
    return n == 0 ? 0.0 : 1.0;

  for (glong j = 0; j <= m; j++)
    row[j] = j;

  for (glong i = 1; i <= n; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (glong j = 1; j <= m; j++)
        {
          guint up = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = up;
        }
    }

  return (double) row[m] / m;
}

cairo_surface_t *
ag_test_render_text (const char *text,
                     const char *font,
                     double      dpi)
{
  cairo_surface_t *measure_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (measure_surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  cairo_surface_t *surface;
  int width, height, margin;

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), dpi);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  margin = (int) (dpi / 3);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width + 2 * margin, height + 2 * margin);
  cairo_destroy (cr);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, margin, margin);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_surface_flush (surface);

  pango_font_description_free (desc);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (measure_surface);

  return surface;
}

static char *tmpdir;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
remove_tmpdir (void)
{
  if (tmpdir != NULL && g_getenv ("AIRGAP_TEST_KEEP") == NULL)
    remove_tree (tmpdir);
}

const char *
ag_test_get_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      tmpdir = g_dir_make_tmp ("airgap-test-XXXXXX", NULL);
      g_assert_nonnull (tmpdir);
      atexit (remove_tmpdir);
    }
  return tmpdir;
}

char *
ag_test_render_text_png (const char *text,
                         const char *font,
                         double      dpi)
{
  static guint counter;
  cairo_surface_t *surface = ag_test_render_text (text, font, dpi);
  g_autofree char *name = g_strdup_printf ("render-%u.png", counter++);
  char *path = g_build_filename (ag_test_get_tmpdir (), name, NULL);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

const char *
ag_test_get_corpus (void)
{
  const char *corpus = g_getenv ("AIRGAP_CORPUS");

  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    return NULL;
  return corpus;
}

char *
ag_test_read_corpus_text (const char *relative)
{
  g_autofree char *path = g_build_filename (ag_test_get_corpus (), relative, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

guint32
ag_test_crc32 (const guint8 *data,
               gsize         size)
{
  static guint32 table[256];
  guint32 crc = 0xffffffff;

  if (table[1] == 0)
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320 ^ (c >> 1) : c >> 1;
          table[n] = c;
        }
    }

  for (gsize i = 0; i < size; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);

  return crc ^ 0xffffffff;
}

static void
append_be32 (GByteArray *array,
             guint32     value)
{
  guint8 b[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (array, b, 4);
}

static void
append_chunk (GByteArray   *png,
              const char   *type,
              const guint8 *data,
              gsize         size)
{
  g_autoptr(GByteArray) crc_input = g_byte_array_new ();

  append_be32 (png, size);
  g_byte_array_append (crc_input, (const guint8 *) type, 4);
  if (size > 0)
    g_byte_array_append (crc_input, data, size);
  g_byte_array_append (png, crc_input->data, crc_input->len);
  append_be32 (png, ag_test_crc32 (crc_input->data, crc_input->len));
}

GBytes *
ag_test_make_png (int           width,
                  int           height,
                  int           bit_depth,
                  int           color_type,
                  const guint8 *rows,
                  gsize         row_bytes)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GByteArray) zlib = g_byte_array_new ();
  guint8 ihdr[13];
  guint32 a = 1, b = 0;
  gsize offset = 0;

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);

  ihdr[0] = width >> 24; ihdr[1] = width >> 16; ihdr[2] = width >> 8; ihdr[3] = width;
  ihdr[4] = height >> 24; ihdr[5] = height >> 16; ihdr[6] = height >> 8; ihdr[7] = height;
  ihdr[8] = bit_depth;
  ihdr[9] = color_type;
  ihdr[10] = ihdr[11] = ihdr[12] = 0;
  append_chunk (png, "IHDR", ihdr, sizeof ihdr);

  /* Scan lines with filter type 0; @rows may hold fewer than declared. */
  for (int y = 0; rows != NULL && y < height; y++)
    {
      guint8 filter = 0;

      g_byte_array_append (raw, &filter, 1);
      g_byte_array_append (raw, rows + (gsize) y * row_bytes, row_bytes);
    }

  /* zlib stream of stored deflate blocks */
  g_byte_array_append (zlib, (const guint8 *) "\x78\x01", 2);
  do
    {
      gsize n = MIN (raw->len - offset, 65535);
      guint8 header[5] = { offset + n == raw->len, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff };

      g_byte_array_append (zlib, header, 5);
      if (n > 0)
        g_byte_array_append (zlib, raw->data + offset, n);
      offset += n;
    }
  while (offset < raw->len);
  for (guint i = 0; i < raw->len; i++)
    {
      a = (a + raw->data[i]) % 65521;
      b = (b + a) % 65521;
    }
  append_be32 (zlib, (b << 16) | a);

  append_chunk (png, "IDAT", zlib->data, zlib->len);
  append_chunk (png, "IEND", NULL, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

char *
ag_test_write_file (const char *name,
                    GBytes     *bytes)
{
  char *path = g_build_filename (ag_test_get_tmpdir (), name, NULL);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_true (g_file_set_contents (path, data != NULL ? data : "", size, NULL));
  return path;
}

char *
ag_test_write_ppm (const char *name,
                   const char *text,
                   const char *font,
                   double      dpi)
{
  cairo_surface_t *surface = ag_test_render_text (text, font, dpi);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  g_autoptr(GByteArray) ppm = g_byte_array_new ();
  g_autofree char *header = g_strdup_printf ("P6\n%d %d\n255\n", width, height);
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  g_byte_array_append (ppm, (const guint8 *) header, strlen (header));
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel;
        guint8 rgb[3];

        memcpy (&pixel, data + (gsize) y * stride + 4 * x, 4);
        rgb[0] = (pixel >> 16) & 0xff;
        rgb[1] = (pixel >> 8) & 0xff;
        rgb[2] = pixel & 0xff;
        g_byte_array_append (ppm, rgb, 3);
      }
  cairo_surface_destroy (surface);

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&ppm));
  return ag_test_write_file (name, bytes);
}

char *
ag_test_write_text_pdf (const char         *name,
                        const char * const *pages,
                        const char         *font)
{
  char *path = g_build_filename (ag_test_get_tmpdir (), name, NULL);
  /* A5 in points */
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 420, 595);
  cairo_t *cr = cairo_create (surface);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  for (guint i = 0; pages[i] != NULL; i++)
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);

      pango_layout_set_font_description (layout, desc);
      pango_layout_set_text (layout, pages[i], -1);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, 72, 72);
      pango_cairo_show_layout (cr, layout);
      cairo_show_page (cr);
      g_object_unref (layout);
    }

  pango_font_description_free (desc);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return path;
}

char *
ag_test_encrypt_pdf (const char *path,
                     const char *name,
                     const char *user_password,
                     const char *owner_password)
{
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  char *out = g_build_filename (ag_test_get_tmpdir (), name, NULL);
  const char *argv[] = { NULL, "--encrypt", user_password, owner_password, "256", "--", path, out, NULL };
  int status = -1;

  if (qpdf == NULL)
    {
      g_free (out);
      return NULL;
    }
  argv[0] = qpdf;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

GBytes *
ag_test_jpeg_with_orientation (GBytes *jpeg,
                               int     orientation)
{
  /* "Exif\0\0", then a big-endian TIFF header and one IFD entry:
   * tag 0x0112 (Orientation), type SHORT, count 1. */
  const guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22,
    'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01,
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (guint8) orientation, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  };
  gsize size;
  const guint8 *data = g_bytes_get_data (jpeg, &size);
  GByteArray *out = g_byte_array_new ();

  g_assert_cmpuint (size, >, 2);
  g_assert_cmpint (data[0], ==, 0xff);
  g_assert_cmpint (data[1], ==, 0xd8);
  g_assert_cmpuint (sizeof app1, ==, 0x22 + 2);

  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, app1, sizeof app1);
  g_byte_array_append (out, data + 2, size - 2);

  return g_byte_array_free_to_bytes (out);
}

/* A GIF of a two-colour picture (0 white, 1 black), LZW-coded with a clear
 * code often enough that every code stays 9 bits wide. */
GBytes *
ag_test_make_gif (int           width,
                  int           height,
                  const guint8 *indices)
{
  GByteArray *gif = g_byte_array_new ();
  g_autoptr(GByteArray) codes = g_byte_array_new ();
  guint32 bits = 0;
  int n_bits = 0, since_clear = 0;
  const guint8 header[] = {
    'G', 'I', 'F', '8', '9', 'a',
    width & 0xff, width >> 8, height & 0xff, height >> 8,
    0xf7, 0, 0,   /* global colour table of 256 entries */
  };
  const guint8 image[] = {
    0x2c, 0, 0, 0, 0, width & 0xff, width >> 8, height & 0xff, height >> 8, 0,
    8,   /* LZW minimum code size */
  };

#define EMIT(code) G_STMT_START { \
    bits |= (guint32) (code) << n_bits; n_bits += 9; \
    while (n_bits >= 8) { guint8 b = bits & 0xff; g_byte_array_append (codes, &b, 1); bits >>= 8; n_bits -= 8; } \
  } G_STMT_END

  g_byte_array_append (gif, header, sizeof header);
  for (int i = 0; i < 256; i++)
    {
      guint8 rgb[3];

      memset (rgb, i == 1 ? 0 : 255, 3);
      g_byte_array_append (gif, rgb, 3);
    }
  g_byte_array_append (gif, image, sizeof image);

  EMIT (256);
  for (int i = 0; i < width * height; i++)
    {
      if (since_clear == 250)
        {
          EMIT (256);
          since_clear = 0;
        }
      EMIT (indices[i]);
      since_clear++;
    }
  EMIT (257);
  if (n_bits > 0)
    {
      guint8 b = bits & 0xff;

      g_byte_array_append (codes, &b, 1);
    }
#undef EMIT

  for (guint offset = 0; offset < codes->len; offset += 255)
    {
      guint8 n = MIN (255, codes->len - offset);

      g_byte_array_append (gif, &n, 1);
      g_byte_array_append (gif, codes->data + offset, n);
    }
  g_byte_array_append (gif, (const guint8 *) "\0;", 2);

  return g_byte_array_free_to_bytes (gif);
}

PIX *
ag_test_pix_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  PIX *pix = pixCreate (width, height, 8);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 argb = *(const guint32 *) (data + y * stride + 4 * x);

        pixSetPixel (pix, x, y, (((argb >> 16) & 0xff) + ((argb >> 8) & 0xff) + (argb & 0xff)) / 3);
      }

  return pix;
}

/* An RGBA bitmap of @surface at @dpi. */
AgBitmap *
ag_test_bitmap_from_surface (cairo_surface_t *surface,
                             double           dpi)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  guint8 *rgba = g_malloc ((gsize) width * height * 4);
  g_autoptr(GBytes) bytes = NULL;
  AgBitmap *bitmap;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);
        guint8 *out = rgba + ((gsize) y * width + x) * 4;

        out[0] = (pixel >> 16) & 0xff;
        out[1] = (pixel >> 8) & 0xff;
        out[2] = pixel & 0xff;
        out[3] = 0xff;
      }

  bytes = g_bytes_new_take (rgba, (gsize) width * height * 4);
  bitmap = ag_bitmap_new (AG_BITMAP_FORMAT_RGBA8, width, height, (gsize) width * 4, bytes);
  ag_bitmap_set_dpi (bitmap, dpi);
  return bitmap;
}

AgDocument *
ag_test_open_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AgDocument *document = ag_document_new_from_file (file, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

AgDocument *
ag_test_open_bytes (GBytes     *bytes,
                    const char *name)
{
  g_autoptr(GError) error = NULL;
  AgDocument *document = ag_document_new_from_bytes (bytes, name, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

/* The needles looked for in log messages: the first counted, each
 * recorded as a letter ('A' for the first) in the order seen. */
#define MAX_NEEDLES 4
static const char *needles[MAX_NEEDLES];
static guint n_counted;
static GMutex record_lock;
static GString *record;

static GLogWriterOutput
needle_log_writer (GLogLevelFlags   level,
                   const GLogField *fields,
                   gsize            n_fields,
                   gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
      for (guint n = 0; n < MAX_NEEDLES && needles[n] != NULL; n++)
        if (strstr (fields[i].value, needles[n]) != NULL)
          {
            if (n == 0)
              g_atomic_int_inc (&n_counted);
            g_mutex_lock (&record_lock);
            g_string_append_c (record, (char) ('A' + n));
            g_mutex_unlock (&record_lock);
          }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
ag_test_count_log_messages (const char *needle)
{
  const char *one[] = { needle, NULL };

  ag_test_record_log_messages (one);
}

void
ag_test_record_log_messages (const char * const *looked_for)
{
  g_assert_cmpuint (g_strv_length ((char **) looked_for), <=, MAX_NEEDLES);
  for (guint n = 0; looked_for[n] != NULL; n++)
    needles[n] = looked_for[n];
  record = g_string_new (NULL);
  g_log_set_writer_func (needle_log_writer, NULL, NULL);
}

char *
ag_test_take_log_record (void)
{
  char *letters;

  g_mutex_lock (&record_lock);
  letters = g_strdup (record->str);
  g_string_truncate (record, 0);
  g_mutex_unlock (&record_lock);
  return letters;
}

guint
ag_test_get_n_log_messages (void)
{
  return g_atomic_int_get (&n_counted);
}

void
ag_test_reset_n_log_messages (void)
{
  g_atomic_int_set (&n_counted, 0);
}
