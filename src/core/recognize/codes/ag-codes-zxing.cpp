/* ag-codes-zxing.cpp — QR codes and barcodes through zxing-cpp 1.4 or 2.x
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The only C++ of the core: ReadBarcodes() over a page's pixels, every
 * symbology zxing-cpp knows.  Nothing here throws past the C interface,
 * and nothing here knows GLib (the C side, ag-codes.c, does the rest).
 *
 * Debian 12 has zxing-cpp 1.4, Debian 13 2.3.  What 2.x renamed is
 * chosen by version below; the rest (ReadBarcodes(), text() as UTF-8,
 * position(), ToString() of a format, with the same names: "QRCode",
 * "EAN-13", "Code128") is the same in both.
 */

/* Result::text() as UTF-8 (std::string) in 1.4, as 2.x always has it. */
#define ZX_USE_UTF8 1

/* 2.x names its version header Version.h, and warns about the old one. */
#if __has_include (<ZXing/Version.h>)
#include <ZXing/Version.h>
#else
#include <ZXing/ZXVersion.h>
#endif
#include <ZXing/ReadBarcode.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "recognize/codes/ag-codes-private.h"

#define AG_STR(x) #x
#define AG_XSTR(x) AG_STR(x)

/* 2.3 renamed DecodeHints to ReaderOptions and ImageFormat::RGBX to RGBA,
 * keeping the old names as deprecated aliases (errors with -Werror); the
 * old names are what every version before has. */
#if ZXING_VERSION_MAJOR > 2 || (ZXING_VERSION_MAJOR == 2 && ZXING_VERSION_MINOR >= 3)
typedef ZXing::ReaderOptions AgReaderOptions;
#define AG_ZXING_FOUR_BYTES ZXing::ImageFormat::RGBA
#else
typedef ZXing::DecodeHints AgReaderOptions;
#define AG_ZXING_FOUR_BYTES ZXing::ImageFormat::RGBX
#endif

static char *
dup_string (const std::string &text)
{
  char *copy = static_cast<char *> (std::malloc (text.size () + 1));

  if (copy == nullptr)
    throw std::bad_alloc ();
  std::memcpy (copy, text.data (), text.size ());
  copy[text.size ()] = '\0';
  return copy;
}

extern "C" const char *
_ag_codes_zxing_version (void)
{
  return AG_XSTR (ZXING_VERSION_MAJOR) "." AG_XSTR (ZXING_VERSION_MINOR) "." AG_XSTR (ZXING_VERSION_PATCH);
}

extern "C" void
_ag_codes_found_free (AgCodeFound *found,
                      int          n_found)
{
  if (found == nullptr)
    return;
  for (int i = 0; i < n_found; i++)
    {
      std::free (found[i].text);
      std::free (found[i].symbology);
    }
  std::free (found);
}

extern "C" int
_ag_codes_zxing_read (const unsigned char  *pixels,
                      int                   width,
                      int                   height,
                      size_t                stride,
                      AgCodesPixels         layout,
                      AgCodeFound         **found)
{
  AgCodeFound *codes = nullptr;
  int n = 0;

  *found = nullptr;

  try
    {
      ZXing::ImageView image (pixels, width, height,
                              layout == AG_CODES_PIXELS_GRAY8 ? ZXing::ImageFormat::Lum
                                                               : AG_ZXING_FOUR_BYTES,
                              static_cast<int> (stride));
      /* Every symbology but GS1 DataBar (the short codes on loose
       * fruit and coupons, not on papers: zxing-cpp 2.x, trying hard,
       * now and then finds one in a photo's grain, which then stood
       * before the page's real QR code); harder and turned, for photos
       * and codes on their side; large pages are also read scaled down,
       * where the modules of a big code are clearer. */
      AgReaderOptions hints;
      hints.setFormats (ZXing::BarcodeFormat::MatrixCodes | ZXing::BarcodeFormat::Codabar |
                        ZXing::BarcodeFormat::Code39 | ZXing::BarcodeFormat::Code93 |
                        ZXing::BarcodeFormat::Code128 | ZXing::BarcodeFormat::EAN8 |
                        ZXing::BarcodeFormat::EAN13 | ZXing::BarcodeFormat::ITF |
                        ZXing::BarcodeFormat::UPCA | ZXing::BarcodeFormat::UPCE);
      hints.setTryHarder (true);
      hints.setTryRotate (true);
      hints.setTryDownscale (true);

      /* Results of Result in 1.4, Barcodes of Barcode in 2.x. */
      const auto results = ZXing::ReadBarcodes (image, hints);
      int n_valid = 0;

      for (const auto &result : results)
        if (result.isValid ())
          n_valid++;
      if (n_valid == 0)
        return 0;

      codes = static_cast<AgCodeFound *> (std::calloc (n_valid, sizeof (AgCodeFound)));
      if (codes == nullptr)
        throw std::bad_alloc ();

      for (const auto &result : results)
        {
          if (!result.isValid ())
            continue;

          AgCodeFound *code = &codes[n++];
          const ZXing::Position &position = result.position ();

          code->text = dup_string (result.text ());
          code->symbology = dup_string (ZXing::ToString (result.format ()));
          for (int i = 0; i < 4; i++)
            {
              code->x[i] = position[i].x;
              code->y[i] = position[i].y;
            }
        }
    }
  catch (...)
    {
      _ag_codes_found_free (codes, n);
      return -1;
    }

  *found = codes;
  return n;
}
