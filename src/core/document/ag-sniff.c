/* ag-sniff.c — what a file is, from its first bytes, and whether it is whole
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * A document is opened by its content, never its name.  The checks of
 * whether an image is complete and sane run before a decoder sees it: a
 * cut-off PNG or JPEG is reported as damaged instead of shown half
 * grey, and a few headers that upset gdk-pixbuf's loaders are refused.
 */

#include "config.h"

#include <string.h>

#include "document/ag-sniff.h"

static gboolean
has_prefix (const guint8 *data,
            gsize         size,
            const char   *magic,
            gsize         magic_len)
{
  return size >= magic_len && memcmp (data, magic, magic_len) == 0;
}

gboolean
_ag_sniff_is_pdf (const guint8 *data,
                  gsize         size)
{
  /* Readers accept some junk before the header; so does Poppler. */
  gsize limit = MIN (size, 1024);

  for (gsize i = 0; i + 5 <= limit; i++)
    if (memcmp (data + i, "%PDF-", 5) == 0)
      return TRUE;
  return FALSE;
}

gboolean
_ag_sniff_is_tiff (const guint8 *data,
                   gsize         size)
{
  return has_prefix (data, size, "II*\0", 4) || has_prefix (data, size, "MM\0*", 4);
}

/* HEIF and AVIF share their container with MP4 videos; the brand tells. */
static gboolean
is_heif (const guint8 *data,
         gsize         size)
{
  static const char brands[][5] = { "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis" };

  if (size < 12 || memcmp (data + 4, "ftyp", 4) != 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (brands); i++)
    if (memcmp (data + 8, brands[i], 4) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the bytes clearly claim to be an image format: then a failure to
 * decode them means damage, not a format we do not know. */
gboolean
_ag_sniff_looks_like_image (const guint8 *data,
                            gsize         size)
{
  return has_prefix (data, size, "\x89PNG\r\n\x1a\n", 8) ||
         has_prefix (data, size, "\xff\xd8\xff", 3) ||
         has_prefix (data, size, "GIF87a", 6) ||
         has_prefix (data, size, "GIF89a", 6) ||
         has_prefix (data, size, "BM", 2) ||
         _ag_sniff_is_tiff (data, size) ||
         (has_prefix (data, size, "RIFF", 4) && size >= 12 && memcmp (data + 8, "WEBP", 4) == 0) ||
         is_heif (data, size);
}

/* gdk-pixbuf hands out the decoded part of a cut-off PNG, JPEG, BMP or
 * GIF without a word, and recognising half a page would silently lose the rest; so
 * walk the file's structure and see that it ends where it says. */
static gboolean
png_is_complete (const guint8 *data,
                 gsize         size)
{
  gsize pos = 8;

  while (pos + 12 <= size)
    {
      guint32 length = ((guint32) data[pos] << 24) | (data[pos + 1] << 16) | (data[pos + 2] << 8) | data[pos + 3];

      if (length > size - pos - 12)
        return FALSE;
      if (memcmp (data + pos + 4, "IEND", 4) == 0)
        return TRUE;
      pos += 12 + (gsize) length;
    }
  return FALSE;
}

static gboolean
jpeg_is_complete (const guint8 *data,
                  gsize         size)
{
  gsize pos = 2;

  for (;;)
    {
      guint8 marker;
      gsize length;

      /* markers may be preceded by any number of 0xff fill bytes */
      while (pos < size && data[pos] == 0xff && pos + 1 < size && data[pos + 1] == 0xff)
        pos++;
      if (pos + 1 >= size || data[pos] != 0xff)
        return FALSE;

      marker = data[pos + 1];
      if (marker == 0xd9)                                    /* EOI */
        return TRUE;
      if ((marker >= 0xd0 && marker <= 0xd7) || marker == 0x01)
        {
          pos += 2;
          continue;
        }
      if (pos + 4 > size)
        return FALSE;
      length = ((gsize) data[pos + 2] << 8) | data[pos + 3];
      if (length < 2 || pos + 2 + length > size)
        return FALSE;
      pos += 2 + length;

      if (marker == 0xda)                                    /* SOS: coded data follows */
        {
          while (pos + 1 < size &&
                 !(data[pos] == 0xff && data[pos + 1] != 0x00 && data[pos + 1] != 0xff &&
                   !(data[pos + 1] >= 0xd0 && data[pos + 1] <= 0xd7)))
            pos++;
          if (pos + 1 >= size)
            return FALSE;
        }
    }
}

static guint32
read_le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static gboolean
bmp_is_complete (const guint8 *data,
                 gsize         size)
{
  guint32 offset, compression;
  gint32 width, height;
  guint bpp;
  guint64 row, needed;

  /* only the common uncompressed layout with a BITMAPINFOHEADER or later */
  if (size < 34 || read_le32 (data + 14) < 40)
    return TRUE;

  offset = read_le32 (data + 10);
  width = (gint32) read_le32 (data + 18);
  height = (gint32) read_le32 (data + 22);
  bpp = data[28] | (data[29] << 8);
  compression = read_le32 (data + 30);
  if ((compression != 0 && compression != 3) || width <= 0 || bpp == 0)
    return TRUE;

  row = (((guint64) width * bpp + 31) / 32) * 4;
  needed = (guint64) offset + row * (guint64) ABS ((gint64) height);
  return needed <= size;
}

static gboolean
webp_is_complete (const guint8 *data,
                  gsize         size)
{
  return (guint64) read_le32 (data + 4) + 8 <= size;
}

static gboolean
gif_skip_sub_blocks (const guint8 *data,
                     gsize         size,
                     gsize        *pos)
{
  while (*pos < size)
    {
      guint8 n = data[(*pos)++];

      if (n == 0)
        return TRUE;
      *pos += n;
    }
  return FALSE;
}

static gboolean
gif_walk (const guint8 *data,
          gsize         size,
          gboolean     *empty_frame)
{
  gsize pos = 13;

  if (size < 13)
    return FALSE;
  if (data[10] & 0x80)
    pos += 3 * ((gsize) 1 << ((data[10] & 0x07) + 1));

  while (pos < size)
    {
      switch (data[pos])
        {
        case 0x3b:                                    /* trailer */
          return TRUE;
        case 0x21:                                    /* extension */
          pos += 2;
          if (!gif_skip_sub_blocks (data, size, &pos))
            return FALSE;
          break;
        case 0x2c:                                    /* image */
          if (pos + 10 > size)
            return FALSE;
          /* width or height 0 (little-endian at 5 and 7) */
          if (empty_frame != NULL &&
              ((data[pos + 5] == 0 && data[pos + 6] == 0) ||
               (data[pos + 7] == 0 && data[pos + 8] == 0)))
            *empty_frame = TRUE;
          if (data[pos + 9] & 0x80)
            pos += 3 * ((gsize) 1 << ((data[pos + 9] & 0x07) + 1));
          pos += 10 + 1;                              /* descriptor, LZW code size */
          if (!gif_skip_sub_blocks (data, size, &pos))
            return FALSE;
          break;
        default:
          /* Something the walk does not know: let the decoder judge, or,
           * looking for empty frames, skip the byte as gdk-pixbuf does. */
          if (empty_frame == NULL)
            return TRUE;
          pos++;
          break;
        }
    }
  return FALSE;
}

static gboolean
gif_is_complete (const guint8 *data,
                 gsize         size)
{
  return gif_walk (data, size, NULL);
}

/* gdk-pixbuf's GIF loader (2.42) fails a g_return_if_fail() on a frame
 * of width or height 0 before it gives up; found by tests/fuzz. */
gboolean
_ag_sniff_gif_has_empty_frame (const guint8 *data,
                               gsize         size)
{
  gboolean empty_frame = FALSE;

  if (!has_prefix (data, size, "GIF87a", 6) && !has_prefix (data, size, "GIF89a", 6))
    return FALSE;
  gif_walk (data, size, &empty_frame);
  return empty_frame;
}

/* gdk-pixbuf's BMP loader (2.42) grows its buffer to whatever size the
 * header claims for itself, and to wherever it says the pixels start, up
 * to 4 GB, before it checks either; both found by tests/fuzz.  Only the
 * sizes the BMP versions define are real, and pixels that would start
 * beyond the end of the file are not there. */
gboolean
_ag_sniff_bmp_has_bad_header (const guint8 *data,
                              gsize         size)
{
  static const guint32 sizes[] = { 12, 16, 40, 52, 56, 64, 108, 124 };
  guint32 header_size;

  if (!has_prefix (data, size, "BM", 2) || size < 18)
    return FALSE;

  if (read_le32 (data + 10) > size)
    return TRUE;

  header_size = read_le32 (data + 14);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (header_size == sizes[i])
      return FALSE;
  return TRUE;
}

gboolean
_ag_sniff_image_is_complete (const guint8 *data,
                             gsize         size)
{
  if (has_prefix (data, size, "\x89PNG\r\n\x1a\n", 8))
    return png_is_complete (data, size);
  if (has_prefix (data, size, "\xff\xd8\xff", 3))
    return jpeg_is_complete (data, size);
  if (has_prefix (data, size, "BM", 2))
    return bmp_is_complete (data, size);
  if (has_prefix (data, size, "RIFF", 4) && size >= 12 && memcmp (data + 8, "WEBP", 4) == 0)
    return webp_is_complete (data, size);
  if (has_prefix (data, size, "GIF87a", 6) || has_prefix (data, size, "GIF89a", 6))
    return gif_is_complete (data, size);
  return TRUE;
}

/* A whole PDF ends with %%EOF (some writers add a little after it). */
gboolean
_ag_sniff_pdf_is_complete (const guint8 *data,
                           gsize         size)
{
  gsize from = size > 1024 ? size - 1024 : 0;

  for (gsize i = from; i + 5 <= size; i++)
    if (memcmp (data + i, "%%EOF", 5) == 0)
      return TRUE;
  return FALSE;
}

/* Orientation ------------------------------------------------------------- */

static guint
read_u16 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? (p[0] << 8) | p[1] : p[0] | (p[1] << 8);
}

static guint32
read_u32 (const guint8 *p,
          gboolean      big_endian)
{
  return big_endian ? ((guint32) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3] : read_le32 (p);
}

/* The Orientation tag (0x0112) of the first directory of a TIFF
 * structure: a TIFF file, or the Exif block of a JPEG. */
static guint
tiff_orientation (const guint8 *data,
                  gsize         size)
{
  gboolean big_endian;
  guint32 ifd;
  guint n_entries;

  if (size < 8)
    return 1;
  if (memcmp (data, "II*\0", 4) == 0)
    big_endian = FALSE;
  else if (memcmp (data, "MM\0*", 4) == 0)
    big_endian = TRUE;
  else
    return 1;

  ifd = read_u32 (data + 4, big_endian);
  if (ifd < 8 || (gsize) ifd + 2 > size)
    return 1;
  n_entries = read_u16 (data + ifd, big_endian);

  for (guint i = 0; i < n_entries; i++)
    {
      gsize entry = (gsize) ifd + 2 + (gsize) i * 12;
      guint value;

      if (entry + 12 > size)
        return 1;
      if (read_u16 (data + entry, big_endian) != 0x0112)
        continue;
      /* SHORT, one value, kept in the first two bytes of the value field */
      if (read_u16 (data + entry + 2, big_endian) != 3 || read_u32 (data + entry + 4, big_endian) != 1)
        return 1;
      value = read_u16 (data + entry + 8, big_endian);
      return value >= 1 && value <= 8 ? value : 1;
    }
  return 1;
}

static guint
jpeg_orientation (const guint8 *data,
                  gsize         size)
{
  gsize pos = 2;

  /* The Exif block is an APP1 segment among those before the image. */
  while (pos + 4 <= size && data[pos] == 0xff)
    {
      guint8 marker = data[pos + 1];
      gsize length = ((gsize) data[pos + 2] << 8) | data[pos + 3];

      if (marker == 0xff)
        {
          pos++;
          continue;
        }
      if (marker == 0xda || marker == 0xd9 || length < 2 || pos + 2 + length > size)
        break;
      if (marker == 0xe1 && length >= 8 && memcmp (data + pos + 4, "Exif\0\0", 6) == 0)
        return tiff_orientation (data + pos + 10, length - 8);
      pos += 2 + length;
    }
  return 1;
}

/* How a JPEG photo must be turned to stand upright, as Exif numbers it:
 * 1 (as stored) to 8; 1 for a file that says nothing or nonsense.
 * gdk-pixbuf applies it; Leptonica does not (its TIFF reader applies the
 * TIFF tag itself). */
guint
_ag_sniff_jpeg_orientation (const guint8 *data,
                            gsize         size)
{
  if (!has_prefix (data, size, "\xff\xd8\xff", 3))
    return 1;
  return jpeg_orientation (data, size);
}
