/* ag-image-leptonica.c — images decoded by Leptonica, where gdk-pixbuf cannot
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * gdk-pixbuf decodes images first.  Where it has no usable loader — the
 * GNOME 50 runtime's gdk-pixbuf decodes everything through glycin, whose
 * loaders are separate programs the sandboxed worker may not start
 * (docs/sandbox.md, "The Flatpak") — Leptonica, which Tesseract needs
 * anyway, reads PNG, JPEG, TIFF, BMP, PNM, GIF, WebP and JPEG 2000 in this
 * process.  The same rules hold as for gdk-pixbuf: the size is checked
 * from the header before any pixel is decoded, a damaged file is refused
 * rather than half read (a file that does not end where its structure
 * says is not decoded at all, and Leptonica's JPEG reader fails on
 * corrupt data by default),
 * and a JPEG photo is turned upright as its Exif orientation says.
 */

#include "config.h"

#include <allheaders.h>

#include "document/ag-image-leptonica.h"
#include "document/ag-sniff.h"

/* Leptonica guesses a format from the first 12 bytes. */
#define FORMAT_BYTES 12

static int
find_format (const guint8 *data,
             gsize         size)
{
  l_int32 format = IFF_UNKNOWN;

  if (size < FORMAT_BYTES || findFileFormatBuffer (data, &format) != 0)
    return IFF_UNKNOWN;
  return format;
}

/* Formats of pictures: not PostScript, PDF or Leptonica's own. */
gboolean
_ag_leptonica_knows_format (const guint8 *data,
                            gsize         size)
{
  int format = find_format (data, size);

  return format == IFF_BMP || format == IFF_JFIF_JPEG || format == IFF_PNG ||
         L_FORMAT_IS_TIFF (format) || format == IFF_PNM || format == IFF_GIF ||
         format == IFF_JP2 || format == IFF_WEBP;
}

static guint
read_le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

/* The size an image declares.  Leptonica's pixReadHeaderMem() decodes a
 * whole GIF or BMP to learn it, so those two headers are read here. */
static gboolean
read_size (const guint8 *data,
           gsize         size,
           int           format,
           gint64       *width,
           gint64       *height)
{
  l_int32 f, w, h, bps, spp, iscmap;

  if (format == IFF_GIF)
    {
      if (size < 10)
        return FALSE;
      *width = read_le16 (data + 6);
      *height = read_le16 (data + 8);
      return TRUE;
    }
  if (format == IFF_BMP)
    {
      gint32 h32;

      if (size < 26 || (data[14] | (data[15] << 8)) < 40)
        return FALSE;
      *width = (gint32) (data[18] | (data[19] << 8) | (data[20] << 16) | ((guint32) data[21] << 24));
      h32 = (gint32) (data[22] | (data[23] << 8) | (data[24] << 16) | ((guint32) data[25] << 24));
      *height = ABS ((gint64) h32);
      return TRUE;
    }

  if (pixReadHeaderMem (data, size, &f, &w, &h, &bps, &spp, &iscmap) != 0)
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

/* Turns @pix as Exif's orientation 1–8 says (as gdk-pixbuf's
 * gdk_pixbuf_apply_embedded_orientation() does).  Leptonica rotates
 * clockwise by quarter turns. */
static PIX *
pix_upright (PIX   *pix,
             guint  orientation)
{
  PIX *turned, *result;

  switch (orientation)
    {
    case 2:                                     /* mirrored */
      return pixFlipLR (NULL, pix);
    case 3:                                     /* upside down */
      return pixRotateOrth (pix, 2);
    case 4:                                     /* mirrored upside down */
      return pixFlipTB (NULL, pix);
    case 5:                                     /* transposed */
      turned = pixRotateOrth (pix, 1);
      result = turned != NULL ? pixFlipLR (NULL, turned) : NULL;
      pixDestroy (&turned);
      return result;
    case 6:                                     /* a quarter turn clockwise */
      return pixRotateOrth (pix, 1);
    case 7:                                     /* transversed */
      turned = pixRotateOrth (pix, 1);
      result = turned != NULL ? pixFlipTB (NULL, turned) : NULL;
      pixDestroy (&turned);
      return result;
    case 8:                                     /* a quarter turn anticlockwise */
      return pixRotateOrth (pix, 3);
    default:
      return pixClone (pix);
    }
}

/* Pixels of any depth Leptonica reads (1, 2, 4, 8 bits grey or with a
 * colour map, 16 bits grey, 24 or 32 bits colour, with or without alpha),
 * as opaque RGBA8 with white behind what was transparent.  NULL with
 * @out_of_memory set when the memory ran out, unset when Leptonica could
 * not convert the pixels. */
AgBitmap *
_ag_bitmap_new_from_pix (PIX      *pix,
                         gboolean *out_of_memory)
{
  PIX *flat = NULL;
  PIX *opaque = NULL;
  PIX *rgb = NULL;
  AgBitmap *bitmap = NULL;
  PIXCMAP *cmap = pixGetColormap (pix);
  l_int32 cmap_opaque = 1;
  guint8 *dest;
  int width, height, wpl;
  l_uint32 *line_data;

  *out_of_memory = FALSE;

  /* A colour map with transparent entries (a PNG palette with tRNS):
   * keep the alpha so that it can be put on white. */
  if (cmap != NULL && pixcmapIsOpaque (cmap, &cmap_opaque) == 0 && !cmap_opaque)
    flat = pixRemoveColormap (pix, REMOVE_CMAP_WITH_ALPHA);
  else
    flat = pixClone (pix);
  if (flat == NULL)
    goto out;

  opaque = pixGetSpp (flat) == 4 && pixGetDepth (flat) == 32 ? pixRemoveAlpha (flat) : pixClone (flat);
  if (opaque != NULL && pixGetDepth (opaque) == 16)
    {
      PIX *eight = pixConvert16To8 (opaque, L_MS_BYTE);

      pixDestroy (&opaque);
      opaque = eight;
    }
  /* pixConvertTo32() copies what is already 32 bits deep. */
  if (opaque != NULL)
    rgb = pixGetDepth (opaque) == 32 ? pixClone (opaque) : pixConvertTo32 (opaque);
  if (rgb == NULL)
    goto out;

  width = pixGetWidth (rgb);
  height = pixGetHeight (rgb);
  wpl = pixGetWpl (rgb);
  line_data = pixGetData (rgb);
  dest = g_try_malloc ((gsize) width * height * 4);
  if (dest == NULL)
    {
      *out_of_memory = TRUE;
      goto out;
    }

  for (int y = 0; y < height; y++)
    {
      const l_uint32 *line = line_data + (gsize) y * wpl;
      guint8 *d = dest + (gsize) y * width * 4;

      for (int x = 0; x < width; x++, d += 4)
        {
          l_uint32 v = line[x];

          d[0] = v >> L_RED_SHIFT;
          d[1] = v >> L_GREEN_SHIFT;
          d[2] = v >> L_BLUE_SHIFT;
          d[3] = 255;
        }
    }

  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (dest, (gsize) width * height * 4);

    bitmap = ag_bitmap_new (AG_BITMAP_FORMAT_RGBA8, width, height, (gsize) width * 4, bytes);
  }

out:
  pixDestroy (&rgb);
  pixDestroy (&opaque);
  pixDestroy (&flat);
  return bitmap;
}

/*
 * _ag_leptonica_decode:
 * @complete: whether the file ends where its structure says
 *   (_ag_sniff_image_is_complete()); a cut-off file is damaged, but too
 *   large first if its header says so
 * @max_pixels: the most pixels an image may have
 * @rgba: (out): the upright, opaque pixels
 * @dpi: (out): the resolution the file gives, 0 for none
 * @width, @height: (out): the size the header declares, for a message
 */
AgLeptonicaResult
_ag_leptonica_decode (const guint8  *data,
                      gsize          size,
                      gboolean       complete,
                      gint64         max_pixels,
                      AgBitmap     **rgba,
                      double        *dpi,
                      int           *width,
                      int           *height)
{
  int format = find_format (data, size);
  gint64 w = 0, h = 0;
  PIX *pix = NULL;
  PIX *upright = NULL;
  gboolean out_of_memory = FALSE;
  AgLeptonicaResult result;
  l_int32 res;

  *rgba = NULL;
  *dpi = 0;
  *width = *height = 0;

  if (!_ag_leptonica_knows_format (data, size))
    return AG_LEPTONICA_UNKNOWN_FORMAT;

  if (!read_size (data, size, format, &w, &h) || w <= 0 || h <= 0)
    return AG_LEPTONICA_CORRUPT;
  *width = CLAMP (w, 0, G_MAXINT);
  *height = CLAMP (h, 0, G_MAXINT);
  if (w * h > max_pixels)
    return AG_LEPTONICA_TOO_LARGE;
  if (!complete)
    return AG_LEPTONICA_CORRUPT;

  pix = pixReadMem (data, size);
  if (pix == NULL)
    return AG_LEPTONICA_CORRUPT;
  /* A GIF frame or a TIFF page may be larger than the header said. */
  if ((gint64) pixGetWidth (pix) * pixGetHeight (pix) > max_pixels)
    {
      *width = pixGetWidth (pix);
      *height = pixGetHeight (pix);
      result = AG_LEPTONICA_TOO_LARGE;
      goto out;
    }

  res = pixGetXRes (pix);
  /* As for gdk-pixbuf: a resolution of 1 (a bare aspect ratio) says nothing. */
  *dpi = res > 1 ? res : 0;

  /* Leptonica's TIFF reader turns the page as its tag says; the JPEG
   * reader leaves the Exif orientation to the caller. */
  upright = pix_upright (pix, format == IFF_JFIF_JPEG ? _ag_sniff_jpeg_orientation (data, size) : 1);
  if (upright != NULL)
    *rgba = _ag_bitmap_new_from_pix (upright, &out_of_memory);

  if (*rgba != NULL)
    result = AG_LEPTONICA_DECODED;
  else if (out_of_memory || upright == NULL)
    result = AG_LEPTONICA_NO_MEMORY;
  else
    result = AG_LEPTONICA_CORRUPT;

out:
  pixDestroy (&upright);
  pixDestroy (&pix);
  return result;
}

/*
 * _ag_leptonica_decode_small:
 * @min_side: the least the long side may be
 * @max_pixels: the most pixels the image may declare
 *
 * A JPEG decoded at a half, a quarter or an eighth of its size (libjpeg
 * scales in its inverse transform: a 12-megapixel photo in about 15 ms
 * instead of 150–400), its long side still @min_side or more where the
 * image has that many; as it is stored, not turned by its Exif
 * orientation.  For a look at the picture before it is decoded whole.
 *
 * Returns: (transfer full) (nullable): the opaque pixels, or %NULL when
 *   the data is not a complete JPEG that decodes
 */
AgBitmap *
_ag_leptonica_decode_small (const guint8 *data,
                            gsize         size,
                            int           min_side,
                            gint64        max_pixels)
{
  gint64 width = 0, height = 0;
  gboolean out_of_memory;
  AgBitmap *bitmap;
  int reduction = 1;
  PIX *pix;

  if (find_format (data, size) != IFF_JFIF_JPEG || !_ag_sniff_image_is_complete (data, size) ||
      !read_size (data, size, IFF_JFIF_JPEG, &width, &height) ||
      width <= 0 || height <= 0 || width * height > max_pixels)
    return NULL;

  while (reduction < 8 && MAX (width, height) / (reduction * 2) >= min_side)
    reduction *= 2;
  pix = pixReadMemJpeg (data, size, 0, reduction, NULL, 0);
  if (pix == NULL)
    return NULL;
  bitmap = _ag_bitmap_new_from_pix (pix, &out_of_memory);
  pixDestroy (&pix);

  return bitmap;
}
