/* ag-preprocess.c — making photos readable before recognition
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "recognize/ag-preprocess.h"

/* Every step below was measured on the shared corpus (tests/bench/accuracy.py)
 * and kept only because it helped there; see the "Photos" section of the
 * README for the figures. */

/* Background estimate: a grey closing on a 4× reduced copy, 15 reduced
 * pixels wide, so any stroke thinner than 60 pixels disappears. */
#define BG_REDUCTION 4
#define BG_SIZE      15
/* The background the normalisation brings every part of the page to. */
#define BG_VALUE     220
/* Below this spread of the background (5 % .. 95 % rank), or when the page
 * is already this bright, the light is even and the page stays untouched. */
#define BG_EVEN_SPREAD 24
#define BG_BRIGHT      200
/* Background darker than this fraction of the paper is not paper. */
#define DARK_FRACTION  0.25

/* Skew: only a finding with Leptonica's usual confidence, and only above
 * a size Tesseract does not already cope with. */
#define SKEW_MIN_CONFIDENCE 3.0
#define SKEW_MIN_DEGREES    0.25

#define ORIENT_MIN_CONFIDENCE 10.0
#define ORIENT_MIN_RATIO       2.5

#define WHITE_BORDER 20

/* Smaller images (a word or two) are too small to judge skew or
 * orientation from. */
#define MIN_MEASURABLE 64
#define MEASURE_MAX_PIXELS 3.0e6

/* Character heights (see text_height()) outside which the image is
 * scaled.  Scans at 100 dpi measure 12-17 pixels, at 200 dpi 22-31;
 * scaling up Latin 100 dpi pages brought nothing on the corpus and cost
 * a character here and there, so only smaller Latin text (a shrunken
 * screenshot, a far-away photo) is scaled up, and huge text down for
 * speed.  Chinese characters have more strokes in the same height:
 * at 100 dpi (15 pixels) the corpus's pages shrunk from 300 dpi read at
 * 0.034 unscaled and 0.000-0.008 scaled to 24 pixels
 * (tests/bench/resolution.py). */
#define TEXT_SMALL        12.0
#define TEXT_SMALL_CJK    18.0
#define TEXT_UP_TARGET    24.0
/* Text measured smaller than this at the stated resolution (the taller
 * characters of 6-point print measure 5 points) says the resolution is
 * wrong. */
#define MIN_TEXT_POINTS    4.5
/* How tall the taller characters of body text measure, in points: the
 * resolution then assumed (11 and 12-point type measure 9-11). */
#define BODY_TEXT_POINTS  10.0
#define TEXT_MAX_UP        3.0
#define TEXT_LARGE       120.0
#define TEXT_DOWN_TARGET  60.0

/* Any depth, colormap or alpha → 8 bpp grey, white paper high. */
static PIX *
to_grey (PIX *pix)
{
  PIX *tmp = NULL;
  PIX *grey;

  if (pixGetDepth (pix) == 32 && pixGetSpp (pix) == 4)
    pix = tmp = pixRemoveAlpha (pix);

  if (pixGetDepth (pix) == 8 && pixGetColormap (pix) == NULL)
    grey = pixCopy (NULL, pix);
  else
    grey = pixConvertTo8 (pix, FALSE);

  pixDestroy (&tmp);
  return grey;
}

static guint
rank_value (PIX   *pix,
            double rank)
{
  l_uint32 value = 0;
  int factor = MAX (1, (int) sqrt ((double) pixGetWidth (pix) * pixGetHeight (pix) / 250000.0));

  pixGetRankValue (pix, factor, rank, &value);
  return value;
}

/* A dark image is either light text on a dark ground or a sheet on a dark
 * desk.  Light text is many small light shapes; a sheet is one big one. */
static gboolean
looks_inverted (PIX *grey)
{
  PIX *small, *light, *shapes;
  l_int32 all = 0, in_shapes = 0;
  double factor;
  int limit;

  if (rank_value (grey, 0.5) >= 128)
    return FALSE;

  factor = MIN (1.0, 1000.0 / MAX (pixGetWidth (grey), pixGetHeight (grey)));
  small = factor < 1.0 ? pixScaleAreaMap (grey, factor, factor) : pixClone (grey);
  limit = MAX (16, MIN (pixGetWidth (small), pixGetHeight (small)) / 4);
  light = pixThresholdToBinary (small, (rank_value (small, 0.05) + rank_value (small, 0.95)) / 2);
  if (light != NULL)
    pixInvert (light, light);
  shapes = light != NULL ? pixSelectBySize (light, limit, limit, 8, L_SELECT_IF_BOTH, L_SELECT_IF_LT, NULL) : NULL;
  if (shapes != NULL)
    {
      pixCountPixels (light, &all, NULL);
      pixCountPixels (shapes, &in_shapes, NULL);
    }

  pixDestroy (&shapes);
  pixDestroy (&light);
  pixDestroy (&small);
  return all > 0 && in_shapes > 0.6 * all;
}

/* Divides out uneven light.  Returns NULL when the light is even, so a
 * clean scan is handed on untouched. */
static PIX *
normalize_background (PIX *grey)
{
  PIX *map = NULL;
  PIX *inverse;
  PIX *normalized;
  guint low, high, floor_value;

  if (pixGetWidth (grey) < 8 * BG_REDUCTION || pixGetHeight (grey) < 8 * BG_REDUCTION)
    return NULL;

  if (pixGetBackgroundGrayMapMorph (grey, NULL, BG_REDUCTION, BG_SIZE, &map) != 0)
    return NULL;

  low = rank_value (map, 0.05);
  high = rank_value (map, 0.95);
  if (high - low < BG_EVEN_SPREAD && low >= BG_BRIGHT)
    {
      pixDestroy (&map);
      return NULL;
    }

  /* Far darker than the paper and wider than any stroke: the desk or the
   * cloth around the sheet.  Mapping it to white removes it. */
  floor_value = (guint) (high * DARK_FRACTION);
  for (int y = 0; y < pixGetHeight (map); y++)
    for (int x = 0; x < pixGetWidth (map); x++)
      {
        l_uint32 value;

        pixGetPixel (map, x, y, &value);
        if (value < floor_value)
          pixSetPixel (map, x, y, 1);
      }

  inverse = pixGetInvBackgroundMap (map, BG_VALUE, 0, 0);
  normalized = inverse != NULL ? pixApplyInvBackgroundGrayMap (grey, inverse, BG_REDUCTION, BG_REDUCTION) : NULL;

  pixDestroy (&inverse);
  pixDestroy (&map);
  return normalized;
}

/* A binary copy for measuring: ink black, specks and big blobs (pictures,
 * the dark desk around a sheet, rules) removed. */
static PIX *
binary_for_measuring (PIX *grey)
{
  PIX *binary, *no_specks, *clean;
  guint paper = rank_value (grey, 0.9);
  int limit = MAX (64, MIN (pixGetWidth (grey), pixGetHeight (grey)) / 4);

  binary = pixThresholdToBinary (grey, (int) (paper * 0.6));
  no_specks = pixSelectBySize (binary, 3, 3, 8, L_SELECT_IF_BOTH, L_SELECT_IF_GTE, NULL);
  clean = pixSelectBySize (no_specks, limit, limit, 8, L_SELECT_IF_BOTH, L_SELECT_IF_LT, NULL);

  pixDestroy (&no_specks);
  pixDestroy (&binary);
  return clean;
}

/* The height of the taller character-like components (the 90th
 * percentile: capitals and ascenders of Latin text, whole Chinese
 * characters, whose strokes often fall apart into smaller pieces), 0 if
 * there are too few to tell. */
static double
text_height (PIX *binary)
{
  BOXA *boxes = pixConnCompBB (binary, 8);
  NUMA *heights = numaCreate (0);
  l_float32 height = 0;
  int n = boxaGetCount (boxes);

  for (int i = 0; i < n; i++)
    {
      l_int32 x, y, w, h;

      boxaGetBoxGeometry (boxes, i, &x, &y, &w, &h);
      if (h >= 4 && w <= 3 * h)
        numaAddNumber (heights, h);
    }

  if (numaGetCount (heights) >= 5)
    numaGetRankValue (heights, 0.9, NULL, 0, &height);

  numaDestroy (&heights);
  boxaDestroy (&boxes);
  return height;
}

/**
 * _ag_preprocess_run:
 * @pix: the page or region as cropped from the original, any depth
 * @report: (out) (optional): what was done
 *
 * _ag_preprocess_run_for() for Latin text.
 *
 * Returns: (transfer full): a new image to hand to Tesseract
 */
PIX *
_ag_preprocess_run (PIX                *pix,
                   AgPreprocessReport *report)
{
  return _ag_preprocess_run_for (pix, FALSE, report);
}

/**
 * _ag_preprocess_run_for:
 * @pix: the page or region as cropped from the original, any depth
 * @cjk: the text is read as Chinese, which needs larger characters
 * @report: (out) (optional): what was done
 *
 * Returns: (transfer full): a new image to hand to Tesseract
 */
PIX *
_ag_preprocess_run_for (PIX                *pix,
                        gboolean            cjk,
                        AgPreprocessReport *report)
{
  gint64 start = g_get_monotonic_time ();
  AgPreprocessReport r = { 0.0, 1.0, 0 };
  PIX *grey, *normalized, *binary, *result;
  l_float32 angle = 0, confidence = 0;
  guint paper;
  gboolean measurable;
  double pixels, measure_scale = 1.0;
  int border = WHITE_BORDER;

  g_return_val_if_fail (pix != NULL, NULL);

  r.input_width = pixGetWidth (pix);
  r.input_height = pixGetHeight (pix);

  grey = to_grey (pix);
  if (grey == NULL)
    return pixClone (pix);

  /* Light text on a dark ground (a dark-mode screenshot): make it dark on
   * light, which Tesseract reads far better. */
  if (looks_inverted (grey))
    {
      pixInvert (grey, grey);
      r.steps |= AG_PREPROCESS_INVERTED;
    }

  if ((normalized = normalize_background (grey)) != NULL)
    {
      pixDestroy (&grey);
      grey = normalized;
      r.steps |= AG_PREPROCESS_BACKGROUND;

      /* Noise makes the closing overestimate the paper; stretch so the
       * paper's median is white again. */
      paper = rank_value (grey, 0.5);
      if (paper > 64)
        pixGammaTRC (grey, grey, 1.0, 0, paper);
    }

  /* Skew, orientation and text height are measured on a copy of at most
   * a few megapixels: as exact, and several times faster on a 12 MP photo. */
  pixels = (double) pixGetWidth (grey) * pixGetHeight (grey);
  if (pixels > MEASURE_MAX_PIXELS)
    {
      PIX *small;

      measure_scale = sqrt (MEASURE_MAX_PIXELS / pixels);
      small = pixScaleAreaMap (grey, measure_scale, measure_scale);
      binary = small != NULL ? binary_for_measuring (small) : NULL;
      pixDestroy (&small);
    }
  else
    binary = binary_for_measuring (grey);
  r.text_height = binary != NULL ? text_height (binary) / measure_scale : 0;
  measurable = binary != NULL && MIN (pixGetWidth (binary), pixGetHeight (binary)) >= MIN_MEASURABLE;

  /* Pages turned by 90° or 180°.  Leptonica's detector reads ascenders and
   * descenders, so it only speaks up for Latin text; on the corpus Chinese
   * pages never passed 7.6 while turned Latin pages all scored above 10. */
  if (measurable)
    {
      l_float32 upconf = 0, leftconf = 0;
      l_int32 orient = L_TEXT_ORIENT_UNKNOWN;

      if (pixOrientDetect (binary, &upconf, &leftconf, 0, 0) == 0 &&
          makeOrientDecision (upconf, leftconf, ORIENT_MIN_CONFIDENCE, ORIENT_MIN_RATIO, &orient, 0) == 0 &&
          orient != L_TEXT_ORIENT_UNKNOWN && orient != L_TEXT_ORIENT_UP)
        {
          int quads = orient == L_TEXT_ORIENT_LEFT ? 1 : orient == L_TEXT_ORIENT_DOWN ? 2 : 3;
          PIX *turned = pixRotateOrth (grey, quads);
          PIX *turned_binary = pixRotateOrth (binary, quads);

          if (turned != NULL && turned_binary != NULL)
            {
              pixDestroy (&grey);
              pixDestroy (&binary);
              grey = turned;
              binary = turned_binary;
              r.quadrants = quads;
              r.steps |= AG_PREPROCESS_TURNED;
              if (quads != 2)
                r.text_height = text_height (binary) / measure_scale;
            }
          else
            {
              pixDestroy (&turned);
              pixDestroy (&turned_binary);
            }
        }
    }

  r.turned_width = r.rotated_width = pixGetWidth (grey);
  r.turned_height = r.rotated_height = pixGetHeight (grey);

  if (measurable &&
      pixFindSkew (binary, &angle, &confidence) == 0 &&
      confidence >= SKEW_MIN_CONFIDENCE &&
      fabs (angle) >= SKEW_MIN_DEGREES)
    {
      /* Area mapping keeps small text smooth; on a big photo, where
       * characters are large, shearing is as good and three times faster. */
      int method = pixels > MEASURE_MAX_PIXELS ? L_ROTATE_SHEAR : L_ROTATE_AREA_MAP;
      PIX *rotated = pixRotate (grey, angle * G_PI / 180.0, method,
                                L_BRING_IN_WHITE, pixGetWidth (grey), pixGetHeight (grey));
      if (rotated != NULL)
        {
          r.skew_degrees = angle;
          r.rotated_width = pixGetWidth (rotated);
          r.rotated_height = pixGetHeight (rotated);
          r.steps |= AG_PREPROCESS_DESKEWED;
          pixDestroy (&grey);
          grey = rotated;
        }
    }
  pixDestroy (&binary);

  /* Resolution: characters far too small for Tesseract (a low-resolution
   * screenshot) are scaled up, huge ones (a close-up photo) down. */
  if (r.text_height > 0)
    {
      double scale = 1.0;

      double small = cjk ? TEXT_SMALL_CJK : TEXT_SMALL;

      if (r.text_height < small)
        scale = MIN (TEXT_UP_TARGET / r.text_height, TEXT_MAX_UP);
      else if (r.text_height > TEXT_LARGE)
        scale = TEXT_DOWN_TARGET / r.text_height;

      if (scale != 1.0)
        {
          PIX *scaled = pixScale (grey, scale, scale);

          if (scaled != NULL)
            {
              pixDestroy (&grey);
              grey = scaled;
              r.scale = scale;
              r.steps |= AG_PREPROCESS_SCALED;
            }
        }
    }

  r.border = border;
  result = pixAddBorderGeneral (grey, border, border, border, border, 255);
  pixDestroy (&grey);
  pixCopyResolution (result, pix);
  if (r.scale != 1.0)
    pixScaleResolution (result, r.scale, r.scale);

  r.usec = g_get_monotonic_time () - start;
  if (report != NULL)
    *report = r;

  return result;
}

/* One point of the output back into the input, as _ag_preprocess_run()
 * moved it: turned, then rotated about the centre of an image embedded
 * in a larger one, then scaled, then framed by the border. */
static void
map_point (const AgPreprocessReport *r,
           double                    x,
           double                    y,
           double                   *out_x,
           double                   *out_y)
{
  double scale = r->scale > 0 ? r->scale : 1.0;
  double u, v;

  x = (x - r->border) / scale;
  y = (y - r->border) / scale;

  if (r->steps & AG_PREPROCESS_DESKEWED)
    {
      double a = r->skew_degrees * G_PI / 180.0;
      double cx = r->rotated_width / 2.0, cy = r->rotated_height / 2.0;

      /* pixRotate() turns clockwise by a positive angle about the centre;
       * undo that, then the embedding's offset. */
      u = (x - cx) * cos (a) + (y - cy) * sin (a) + cx;
      v = -(x - cx) * sin (a) + (y - cy) * cos (a) + cy;
      x = u - (r->rotated_width - r->turned_width) / 2;
      y = v - (r->rotated_height - r->turned_height) / 2;
    }

  switch (r->quadrants)
    {
    case 1: /* turned clockwise: the input's left edge is now the top */
      u = y;
      v = r->turned_width - x;
      x = u;
      y = v;
      break;
    case 2:
      x = r->turned_width - x;
      y = r->turned_height - y;
      break;
    case 3:
      u = r->turned_height - y;
      v = x;
      x = u;
      y = v;
      break;
    default:
      break;
    }

  *out_x = x;
  *out_y = y;
}

/**
 * _ag_preprocess_report_map_box:
 * @report: what _ag_preprocess_run() reported
 * @x: (inout): left edge, in the output image
 * @y: (inout): top edge, in the output image
 * @width: (inout): width, in the output image
 * @height: (inout): height, in the output image
 *
 * Maps a box found on the preprocessed image back to the image that went
 * in: the smallest upright box holding the mapped corners, clipped to the
 * input.  A box that falls entirely outside (in the white border) comes
 * back with zero size.
 */
void
_ag_preprocess_report_map_box (const AgPreprocessReport *report,
                              int                      *x,
                              int                      *y,
                              int                      *width,
                              int                      *height)
{
  double xs[4], ys[4];
  double left = G_MAXDOUBLE, top = G_MAXDOUBLE, right = -G_MAXDOUBLE, bottom = -G_MAXDOUBLE;

  g_return_if_fail (report != NULL);
  g_return_if_fail (x != NULL && y != NULL && width != NULL && height != NULL);

  map_point (report, *x, *y, &xs[0], &ys[0]);
  map_point (report, *x + *width, *y, &xs[1], &ys[1]);
  map_point (report, *x, *y + *height, &xs[2], &ys[2]);
  map_point (report, *x + *width, *y + *height, &xs[3], &ys[3]);

  for (int i = 0; i < 4; i++)
    {
      left = MIN (left, xs[i]);
      right = MAX (right, xs[i]);
      top = MIN (top, ys[i]);
      bottom = MAX (bottom, ys[i]);
    }

  if (report->input_width > 0 && report->input_height > 0)
    {
      left = CLAMP (left, 0, report->input_width);
      right = CLAMP (right, 0, report->input_width);
      top = CLAMP (top, 0, report->input_height);
      bottom = CLAMP (bottom, 0, report->input_height);
    }

  *x = (int) floor (left);
  *y = (int) floor (top);
  *width = MAX (0, (int) ceil (right) - *x);
  *height = MAX (0, (int) ceil (bottom) - *y);
}

/**
 * _ag_preprocess_report_dpi:
 * @report: what _ag_preprocess_run() reported
 * @dpi: the resolution the image states, 0 if none
 *
 * The resolution to tell the recogniser about the output: the stated
 * one, scaled as the image was, unless the text measured says it is
 * wrong.  A screenshot or a shrunken scan often states 300 dpi or more
 * for text a third of that size; told so, Tesseract takes 12-pixel
 * characters for 3-point print and misreads whole lines (a Traditional
 * page at 100 dpi stating 300: CER 0.090 against 0 at 100 dpi).  Then
 * the resolution is taken from the text, as if it were body text.
 *
 * Returns: the resolution, 0 if unknown
 */
double
_ag_preprocess_report_dpi (const AgPreprocessReport *report,
                           double                    dpi)
{
  double scale;

  g_return_val_if_fail (report != NULL, 0);

  scale = report->scale > 0 ? report->scale : 1.0;
  if (dpi <= 0)
    return 0;
  if (report->text_height > 0 && report->text_height * 72.0 / dpi < MIN_TEXT_POINTS)
    {
      g_debug ("Text %.0f px high cannot be %.0f dpi: taken as %.0f dpi", report->text_height,
               dpi, report->text_height * 72.0 / BODY_TEXT_POINTS);
      return report->text_height * 72.0 / BODY_TEXT_POINTS * scale;
    }
  return dpi * scale;
}
