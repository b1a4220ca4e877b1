/* ag-export-pdf.c — a searchable PDF
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every recognised page becomes one PDF page: the page's image, and over
 * it the recognised words as invisible text (render mode 3) in a font
 * without glyphs, each word stretched (Tz) over its box — the way
 * Tesseract's own PDF renderer does it, but without needing the engine.
 * Viewers find, select and copy the words where they are on the image;
 * `pdftotext` returns them.
 *
 * The page size: a page from a PDF keeps its size.  An image is as large
 * as its resolution says (pixels / dpi × 72 points); when it has no
 * resolution, or one below 70 dpi that cannot be true of a scan, it is
 * taken as 300 dpi, as Tesseract does.  Without the document (or if a
 * page cannot be rendered) the page has only its text.
 *
 * The PDF is written by hand: a few objects, the image (lossless grey
 * for pages of black text on white, JPEG for anything else), content
 * streams compressed with zlib. */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gprintf.h>
#include <math.h>
#include <string.h>
#include <zlib.h>

#include "export/ag-export-glyphless-font.h"
#include "export/ag-export-util-private.h"
#include "export/ag-export-writers-private.h"
#include "model/ag-text.h"

#define DEFAULT_IMAGE_DPI 300.0
#define MIN_IMAGE_DPI      70.0
#define MAX_PAGE_POINTS 14400.0 /* the largest page PDF allows: 200 inches */
#define JPEG_QUALITY     "85"

/* The objects every file has, in this order. */
enum {
  OBJ_CATALOG = 1,
  OBJ_PAGES,
  OBJ_FONT,
  OBJ_CID_FONT,
  OBJ_TO_UNICODE,
  OBJ_CID_TO_GID,
  OBJ_FONT_DESCRIPTOR,
  OBJ_FONT_FILE,
  OBJ_INFO,
  N_FIXED_OBJECTS = OBJ_INFO,
};

typedef struct
{
  GByteArray *out;
  GArray     *offsets;   /* gsize, of object n at n - 1 */
} PdfWriter;

static void
pdf_append (PdfWriter  *pdf,
            const void *data,
            gsize       length)
{
  g_byte_array_append (pdf->out, data, length);
}

G_GNUC_PRINTF (2, 3)
static void
pdf_printf (PdfWriter  *pdf,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;
  int length;

  va_start (args, format);
  length = g_vasprintf (&text, format, args);
  va_end (args);

  pdf_append (pdf, text, length);
}

static guint
pdf_new_object (PdfWriter *pdf)
{
  gsize zero = 0;

  g_array_append_val (pdf->offsets, zero);
  return pdf->offsets->len;
}

static void
pdf_begin_object (PdfWriter *pdf,
                  guint      number)
{
  g_assert (number >= 1 && number <= pdf->offsets->len);

  g_array_index (pdf->offsets, gsize, number - 1) = pdf->out->len;
  pdf_printf (pdf, "%u 0 obj\n", number);
}

static void
pdf_end_object (PdfWriter *pdf)
{
  pdf_append (pdf, "endobj\n", 7);
}

/* A stream object; @dictionary is the rest of its dictionary. */
static void
pdf_stream (PdfWriter  *pdf,
            guint       number,
            const char *dictionary,
            const void *data,
            gsize       length)
{
  pdf_begin_object (pdf, number);
  pdf_printf (pdf, "<< /Length %" G_GSIZE_FORMAT " %s >>\nstream\n", length, dictionary);
  pdf_append (pdf, data, length);
  pdf_append (pdf, "\nendstream\n", 11);
  pdf_end_object (pdf);
}

static gboolean
pdf_deflated_stream (PdfWriter  *pdf,
                     guint       number,
                     const char *dictionary,
                     const void *data,
                     gsize       length)
{
  uLongf size = compressBound (length);
  g_autofree Bytef *deflated = g_malloc (size);
  g_autofree char *full = NULL;

  if (compress2 (deflated, &size, data, length, 6) != Z_OK)
    return FALSE;

  full = g_strconcat ("/Filter /FlateDecode ", dictionary, NULL);
  pdf_stream (pdf, number, full, deflated, size);
  return TRUE;
}

/* A real number for a content stream: short, and never "1e-05". */
static void
append_number (GString *string,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  if (fabs (value) < 0.0005)
    value = 0;
  g_ascii_formatd (buffer, sizeof buffer, "%.3f", value);

  /* Trailing zeros and a trailing point go. */
  end = buffer + strlen (buffer) - 1;
  while (end > buffer && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';

  g_string_append (string, buffer);
  g_string_append_c (string, ' ');
}

/* @text as the glyph-less font's character codes: UTF-16BE in hex, which
 * the ToUnicode map turns back into the same text. */
static guint
append_utf16_hex (GString    *string,
                  const char *text,
                  gboolean    trailing_space)
{
  g_autofree gunichar2 *utf16 = NULL;
  glong n = 0;

  utf16 = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);
  g_string_append_c (string, '<');
  for (glong i = 0; utf16 != NULL && i < n; i++)
    g_string_append_printf (string, "%04X", utf16[i]);
  if (trailing_space)
    {
      g_string_append (string, "0020");
      n++;
    }
  g_string_append (string, "> Tj\n");

  return utf16 != NULL ? n : 0;
}

static guint
count_utf16 (const char *text)
{
  g_autofree gunichar2 *utf16 = NULL;
  glong n = 0;

  utf16 = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);
  return utf16 != NULL ? n : 0;
}

/* One run of invisible text from (@x, @y) along the text direction
 * (@dx, @dy), @length points long and @size high. */
static void
append_run (GString    *content,
            const char *text,
            gboolean    trailing_space,
            double      x,
            double      y,
            double      dx,
            double      dy,
            double      length,
            double      size)
{
  guint n = count_utf16 (text) + (trailing_space ? 1 : 0);
  double scale;

  if (n == 0 || size <= 0.1)
    return;

  /* Each glyph is half an em wide: stretch the run over @length. */
  scale = CLAMP (100.0 * length / (n * 0.5 * size), 1.0, 10000.0);

  g_string_append (content, "/F1 ");
  append_number (content, size);
  g_string_append (content, "Tf ");
  append_number (content, scale);
  g_string_append (content, "Tz ");
  append_number (content, dx);
  append_number (content, dy);
  append_number (content, -dy);
  append_number (content, dx);
  append_number (content, x);
  append_number (content, y);
  g_string_append (content, "Tm ");
  append_utf16_hex (content, text, trailing_space);
}

static void
append_text_layer (GString           *content,
                   AgRecognitionPage *page,
                   double             width,
                   double             height)
{
  g_string_append (content, "BT\n3 Tr\n");

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);
          AgRect box = line->box;

          if (line->words->len == 0)
            continue;

          /* A line without a box: the one around its words. */
          if (box.width <= 0 || box.height <= 0)
            {
              double x0 = 1, y0 = 1, x1 = 0, y1 = 0;

              for (guint w = 0; w < line->words->len; w++)
                {
                  AgWord *word = g_ptr_array_index (line->words, w);

                  x0 = MIN (x0, word->box.x);
                  y0 = MIN (y0, word->box.y);
                  x1 = MAX (x1, word->box.x + word->box.width);
                  y1 = MAX (y1, word->box.y + word->box.height);
                }
              box.x = x0;
              box.y = y0;
              box.width = MAX (x1 - x0, 0);
              box.height = MAX (y1 - y0, 0);
            }

          if (block->vertical)
            {
              /* A column, read downwards: one run from its top, the
               * glyphs' tops to the right. */
              g_autofree char *text = ag_line_dup_text (line);

              append_run (content, text, FALSE,
                          box.x * width, (1 - box.y) * height, 0, -1,
                          box.height * height, box.width * width);
              continue;
            }

          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);
              AgWord *next = w + 1 < line->words->len ? g_ptr_array_index (line->words, w + 1) : NULL;
              gboolean space;
              double x0 = word->box.x * width;
              double x1 = (word->box.x + word->box.width) * width;

              if (word->text == NULL || *word->text == '\0')
                continue;

              /* The word, and the space after it, reach the next word,
               * so that readers join them as the text has them. */
              space = next != NULL && next->text != NULL &&
                      ag_word_wants_space (word->text, next);
              if (next != NULL && next->box.x * width > x0)
                x1 = next->box.x * width;
              if (x1 - x0 < 0.5)
                x1 = x0 + 0.5;

              append_run (content, word->text, space,
                          x0, (1 - box.y - box.height) * height, 1, 0,
                          x1 - x0, box.height * height);
            }
        }
    }

  g_string_append (content, "ET\n");
}

/* A grey page of text (a scan, a screenshot of a document): almost every
 * pixel near black or white.  Those are kept losslessly, where JPEG
 * would blur the letters; photos go to JPEG. */
static gboolean
is_grey_text (GdkPixbuf *rgb)
{
  const guint8 *pixels = gdk_pixbuf_read_pixels (rgb);
  int width = gdk_pixbuf_get_width (rgb);
  int height = gdk_pixbuf_get_height (rgb);
  int stride = gdk_pixbuf_get_rowstride (rgb);
  guint64 extreme = 0;

  for (int y = 0; y < height; y++)
    {
      const guint8 *p = pixels + (gsize) y * stride;

      for (int x = 0; x < width; x++, p += 3)
        {
          if (p[0] != p[1] || p[1] != p[2])
            return FALSE;
          extreme += p[0] < 48 || p[0] > 207;
        }
    }

  return extreme >= (guint64) width * height * 9 / 10;
}

static GBytes *
encode_grey_flate (GdkPixbuf *rgb)
{
  const guint8 *pixels = gdk_pixbuf_read_pixels (rgb);
  int width = gdk_pixbuf_get_width (rgb);
  int height = gdk_pixbuf_get_height (rgb);
  int stride = gdk_pixbuf_get_rowstride (rgb);
  gsize n = (gsize) width * height;
  g_autofree guint8 *grey = g_try_malloc (n);
  g_autofree Bytef *deflated = NULL;
  uLongf size = compressBound (n);

  if (grey == NULL || (deflated = g_try_malloc (size)) == NULL)
    return NULL;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      grey[(gsize) y * width + x] = pixels[(gsize) y * stride + 3 * x];

  if (compress2 (deflated, &size, grey, n, 6) != Z_OK)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&deflated), size);
}

/* The image XObject's data, and what its dictionary must say about it. */
static GBytes *
encode_image (AgBitmap  *bitmap,
              char     **dictionary,
              GError   **error)
{
  g_autoptr(GdkPixbuf) rgba = NULL;
  g_autoptr(GdkPixbuf) rgb = NULL;
  g_autofree char *buffer = NULL;
  gsize size;
  int width = ag_bitmap_get_width (bitmap);
  int height = ag_bitmap_get_height (bitmap);

  if (ag_bitmap_get_format (bitmap) != AG_BITMAP_FORMAT_RGBA8)
    return NULL;

  rgba = gdk_pixbuf_new_from_bytes (ag_bitmap_get_pixels (bitmap), GDK_COLORSPACE_RGB, TRUE, 8,
                                    width, height, ag_bitmap_get_stride (bitmap));
  /* On white, like paper, where anything is transparent. */
  rgb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  if (rgb == NULL)
    return NULL;
  gdk_pixbuf_fill (rgb, 0xffffffff);
  gdk_pixbuf_composite (rgba, rgb, 0, 0, width, height, 0, 0, 1, 1, GDK_INTERP_NEAREST, 255);

  if (is_grey_text (rgb))
    {
      GBytes *grey = encode_grey_flate (rgb);

      if (grey != NULL)
        {
          *dictionary = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d /Height %d"
                                         " /ColorSpace /DeviceGray /BitsPerComponent 8"
                                         " /Filter /FlateDecode", width, height);
          return grey;
        }
    }

  if (!gdk_pixbuf_save_to_buffer (rgb, &buffer, &size, "jpeg", error, "quality", JPEG_QUALITY, NULL))
    return NULL;

  *dictionary = g_strdup_printf ("/Type /XObject /Subtype /Image /Width %d /Height %d"
                                 " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
                                 width, height);
  return g_bytes_new_take (g_steal_pointer (&buffer), size);
}

/* The page's image as a JPEG and the page's size in points, from the
 * document; without one, only the size. */
static GBytes *
page_image (AgRecognitionPage  *page,
            AgDocument         *document,
            char              **dictionary,
            double             *width,
            double             *height,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autoptr(AgBitmap) bitmap = NULL;
  AgPage *source = NULL;
  double dpi;
  int pixel_width, pixel_height;

  _ag_export_page_pixel_size (page, &pixel_width, &pixel_height);
  dpi = page->dpi >= MIN_IMAGE_DPI ? page->dpi : DEFAULT_IMAGE_DPI;
  *width = pixel_width / dpi * 72;
  *height = pixel_height / dpi * 72;

  if (document != NULL && page->index < ag_document_get_n_pages (document))
    source = ag_document_get_page (document, page->index);
  if (source == NULL)
    return NULL;

  if (ag_page_get_kind (source) == AG_PAGE_KIND_PDF)
    {
      double render_dpi = CLAMP (page->dpi > 0 ? page->dpi : 200, 150, 300);

      ag_page_get_size (source, width, height);
      bitmap = ag_page_render (source, render_dpi, AG_BITMAP_FORMAT_RGBA8, cancellable, error);
      if (bitmap == NULL)
        return NULL;
    }
  else
    {
      bitmap = ag_page_render (source, 0, AG_BITMAP_FORMAT_RGBA8, cancellable, error);
      if (bitmap == NULL)
        return NULL;

      dpi = ag_bitmap_get_dpi (bitmap);
      if (dpi < MIN_IMAGE_DPI)
        dpi = ag_page_get_native_dpi (source);
      if (dpi < MIN_IMAGE_DPI && page->dpi >= MIN_IMAGE_DPI && page->width > 0)
        {
          /* The resolution recognition assumed, for the pixels it had. */
          dpi = page->dpi * ag_bitmap_get_width (bitmap) / page->width;
        }
      if (dpi < MIN_IMAGE_DPI)
        dpi = DEFAULT_IMAGE_DPI;
      *width = ag_bitmap_get_width (bitmap) / dpi * 72;
      *height = ag_bitmap_get_height (bitmap) / dpi * 72;
    }

  return encode_image (bitmap, dictionary, error);
}

static const char to_unicode[] =
  "/CIDInit /ProcSet findresource begin\n"
  "12 dict begin\n"
  "begincmap\n"
  "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
  "/CMapName /Adobe-Identity-UCS def\n"
  "/CMapType 2 def\n"
  "1 begincodespacerange\n"
  "<0000> <FFFF>\n"
  "endcodespacerange\n"
  "1 beginbfrange\n"
  "<0000> <FFFF> <0000>\n"
  "endbfrange\n"
  "endcmap\n"
  "CMapName currentdict /CMap defineresource pop\n"
  "end\n"
  "end\n";

static gboolean
write_font (PdfWriter *pdf)
{
  g_autofree guint8 *cid_to_gid = NULL;

  pdf_begin_object (pdf, OBJ_FONT);
  pdf_printf (pdf, "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H"
                   " /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>\n",
              OBJ_CID_FONT, OBJ_TO_UNICODE);
  pdf_end_object (pdf);

  pdf_begin_object (pdf, OBJ_CID_FONT);
  pdf_printf (pdf, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont"
                   " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
                   " /FontDescriptor %d 0 R /CIDToGIDMap %d 0 R /DW 500 >>\n",
              OBJ_FONT_DESCRIPTOR, OBJ_CID_TO_GID);
  pdf_end_object (pdf);

  if (!pdf_deflated_stream (pdf, OBJ_TO_UNICODE, "", to_unicode, strlen (to_unicode)))
    return FALSE;

  /* Every character code shows glyph 1, the empty one. */
  cid_to_gid = g_malloc (2 * 65536);
  for (guint i = 0; i < 65536; i++)
    {
      cid_to_gid[2 * i] = 0;
      cid_to_gid[2 * i + 1] = 1;
    }
  if (!pdf_deflated_stream (pdf, OBJ_CID_TO_GID, "", cid_to_gid, 2 * 65536))
    return FALSE;

  pdf_begin_object (pdf, OBJ_FONT_DESCRIPTOR);
  pdf_printf (pdf, "<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5"
                   " /FontBBox [0 0 500 1000] /ItalicAngle 0 /Ascent 1000 /Descent -1"
                   " /CapHeight 1000 /StemV 80 /FontFile2 %d 0 R >>\n",
              OBJ_FONT_FILE);
  pdf_end_object (pdf);

  {
    g_autofree char *dictionary = g_strdup_printf ("/Length1 %" G_GSIZE_FORMAT,
                                                   sizeof ag_export_glyphless_font);

    pdf_stream (pdf, OBJ_FONT_FILE, dictionary,
                ag_export_glyphless_font, sizeof ag_export_glyphless_font);
  }

  return TRUE;
}

static void
write_info (PdfWriter *pdf)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y%m%d%H%M%SZ");

  pdf_begin_object (pdf, OBJ_INFO);
  pdf_printf (pdf, "<< /Producer (Airgap " PACKAGE_VERSION ") /Creator (Airgap) /CreationDate (D:%s) >>\n",
              date);
  pdf_end_object (pdf);
}

GBytes *
_ag_export_pdf (AgRecognition  *recognition,
                AgDocument     *document,
                AgExportFlags   flags,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GArray) page_objects = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  PdfWriter pdf = { out, offsets };
  guint n_pages = ag_recognition_get_n_pages (recognition);
  gsize xref;

  for (guint i = 0; i < N_FIXED_OBJECTS; i++)
    pdf_new_object (&pdf);

  /* The binary comment tells tools the file is not text. */
  pdf_printf (&pdf, "%%PDF-1.5\n%%\xe2\xe3\xcf\xd3\n");

  if (!write_font (&pdf))
    goto failed;
  write_info (&pdf);

  for (guint p = 0; p < n_pages; p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);
      g_autoptr(GString) content = g_string_new (NULL);
      g_autoptr(GBytes) image = NULL;
      g_autofree char *dictionary = NULL;
      g_autoptr(GError) local_error = NULL;
      guint page_object = pdf_new_object (&pdf);
      guint content_object = pdf_new_object (&pdf);
      guint image_object = 0;
      double width, height, shrink;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      image = page_image (page, document, &dictionary, &width, &height, cancellable, &local_error);
      if (local_error != NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          /* The text is worth saving even without the picture. */
          g_debug ("Page %u of the PDF has no image: %s", page->index + 1, local_error->message);
        }

      /* Pages larger than PDF allows are shrunk, keeping their shape. */
      shrink = MIN (1.0, MAX_PAGE_POINTS / MAX (width, height));
      width = MAX (width * shrink, 3);
      height = MAX (height * shrink, 3);

      if (image != NULL)
        {
          image_object = pdf_new_object (&pdf);
          pdf_stream (&pdf, image_object, dictionary,
                      g_bytes_get_data (image, NULL), g_bytes_get_size (image));

          g_string_append (content, "q ");
          append_number (content, width);
          g_string_append (content, "0 0 ");
          append_number (content, height);
          g_string_append (content, "0 0 cm /Im1 Do Q\n");
        }

      append_text_layer (content, page, width, height);
      if (!pdf_deflated_stream (&pdf, content_object, "", content->str, content->len))
        goto failed;

      pdf_begin_object (&pdf, page_object);
      {
        g_autoptr(GString) box = g_string_new (NULL);

        append_number (box, width);
        append_number (box, height);
        pdf_printf (&pdf, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s]"
                          " /Contents %u 0 R /Resources << /Font << /F1 %d 0 R >>",
                    OBJ_PAGES, box->str, content_object, OBJ_FONT);
      }
      if (image_object != 0)
        pdf_printf (&pdf, " /XObject << /Im1 %u 0 R >>", image_object);
      pdf_printf (&pdf, " >> >>\n");
      pdf_end_object (&pdf);

      g_array_append_val (page_objects, page_object);
    }

  pdf_begin_object (&pdf, OBJ_PAGES);
  pdf_printf (&pdf, "<< /Type /Pages /Count %u /Kids [", page_objects->len);
  for (guint i = 0; i < page_objects->len; i++)
    pdf_printf (&pdf, " %u 0 R", g_array_index (page_objects, guint, i));
  pdf_printf (&pdf, " ] >>\n");
  pdf_end_object (&pdf);

  pdf_begin_object (&pdf, OBJ_CATALOG);
  pdf_printf (&pdf, "<< /Type /Catalog /Pages %d 0 R >>\n", OBJ_PAGES);
  pdf_end_object (&pdf);

  xref = out->len;
  pdf_printf (&pdf, "xref\n0 %u\n0000000000 65535 f \n", offsets->len + 1);
  for (guint i = 0; i < offsets->len; i++)
    pdf_printf (&pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", g_array_index (offsets, gsize, i));
  pdf_printf (&pdf, "trailer\n<< /Size %u /Root %d 0 R /Info %d 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
              offsets->len + 1, OBJ_CATALOG, OBJ_INFO, xref);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));

failed:
  g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_FAILED,
               _("The PDF could not be made: out of memory."));
  return NULL;
}
