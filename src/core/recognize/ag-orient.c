/* ag-orient.c — page orientation and writing direction
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "recognize/ag-orient.h"

#include "recognize/ag-columns.h"
#include "recognize/ag-leptonica-private.h"

/*
 * Two questions the engine asks before and after recognising a page:
 *
 * - Is the page on its side or upside down?  Tesseract's orientation
 *   detection (osd.traineddata) answers for Latin and Chinese alike, but
 *   costs about a third of a recognition, so the engine asks only when a
 *   first reading came out poor.  It is run on a grey copy scaled so that
 *   characters are about 30 pixels tall, and trusted only with enough
 *   confidence: on blurred pages it says "upside down" with little of it.
 *
 * - Is the text written in columns?  Text lines are long runs of ink
 *   once neighbouring characters are merged; we close the binarised page
 *   with a short horizontal and a short vertical brush and compare the
 *   length of the long, thin shapes each leaves.  A few milliseconds.
 */

#define OSD_TEXT_HEIGHT          30.0
#define MIN_CONFIDENCE_QUARTER   1.0f  /* 90° or 270° */
#define MIN_CONFIDENCE_HALF      3.0f  /* 180° */

static PIX *
binarize (PIX *pix)
{
  g_autoptr(PIX) grey = NULL;
  PIX *binary = NULL;

  if (pixGetDepth (pix) == 1)
    return pixClone (pix);

  grey = pixConvertTo8 (pix, FALSE);
  if (grey == NULL)
    return NULL;
  if (pixOtsuAdaptiveThreshold (grey, 2000, 2000, 0, 0, 0.0f, NULL, &binary) != 0)
    return NULL;

  return binary;
}

static int
median_component_height (PIX *binary)
{
  g_autoptr(BOXA) boxa = pixConnComp (binary, NULL, 8);
  g_autoptr(NUMA) heights = NULL;
  int page_height = pixGetHeight (binary);
  float median = 0;

  if (boxa == NULL)
    return 0;

  heights = numaCreate (boxaGetCount (boxa));
  for (int i = 0; i < boxaGetCount (boxa); i++)
    {
      l_int32 x, y, w, h;

      boxaGetBoxGeometry (boxa, i, &x, &y, &w, &h);
      /* Specks, rules and pictures are not characters. */
      if (h >= 6 && h < page_height / 4 && w >= 2)
        numaAddNumber (heights, h);
    }

  if (numaGetCount (heights) > 0)
    numaGetMedian (heights, &median);

  return (int) median;
}

/**
 * _ag_orient_estimate_text_height:
 *
 * Returns: the median height of the connected shapes of ink, a measure of
 *   the size of the text in pixels (a Chinese character is often a few
 *   shapes, so it is less than a character's height), or 0 if unknown
 */
int
_ag_orient_estimate_text_height (PIX *pix)
{
  g_autoptr(PIX) binary = binarize (pix);

  return binary != NULL ? median_component_height (binary) : 0;
}

static double
line_length (PIX     *binary,
             int      text_height,
             gboolean horizontal)
{
  g_autoptr(PIX) closed = NULL;
  g_autoptr(BOXA) boxa = NULL;
  double total = 0;

  closed = pixCloseBrick (NULL, binary,
                          horizontal ? text_height : 1,
                          horizontal ? 1 : text_height);
  if (closed == NULL)
    return 0;

  boxa = pixConnComp (closed, NULL, 8);
  for (int i = 0; boxa != NULL && i < boxaGetCount (boxa); i++)
    {
      l_int32 x, y, w, h, along, across;

      boxaGetBoxGeometry (boxa, i, &x, &y, &w, &h);
      along = horizontal ? w : h;
      across = horizontal ? h : w;
      if (along >= 4 * across && across <= 3 * text_height)
        total += along;
    }

  return total;
}

/* Columns set close together (a gap of half a character) merge with the
 * brush above into rows as much as into columns.  The column finder
 * tells them apart: it finds the columns of a vertical page, and no
 * rows on it turned a quarter, where the characters of each row stand
 * as close as in a column.  Horizontal text is the other way round. */
static gboolean
only_columns (PIX *pix)
{
  g_autoptr(GPtrArray) columns = _ag_columns_find (pix);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(PIX) turned = NULL;

  if (columns == NULL || columns->len < 2)
    return FALSE;

  turned = pixRotate90 (pix, 1);
  rows = turned != NULL ? _ag_columns_find (turned) : NULL;
  return rows == NULL;
}

/**
 * _ag_orient_looks_vertical:
 *
 * Returns: %TRUE if the text on @pix runs in columns
 */
gboolean
_ag_orient_looks_vertical (PIX *pix)
{
  g_autoptr(PIX) binary = binarize (pix);
  int text_height;
  double horizontal, vertical;

  if (binary == NULL)
    return FALSE;

  text_height = MAX (median_component_height (binary), 4);
  horizontal = line_length (binary, text_height, TRUE);
  vertical = line_length (binary, text_height, FALSE);

  if (vertical > 1.5 * horizontal && vertical > 0)
    return TRUE;

  return only_columns (pix);
}

/* How many times the detection ran in this process (for the tests: the
 * automatic choice of languages reuses the answer of the page's first
 * reading instead of asking again). */
static guint n_detections;

/**
 * _ag_orient_get_n_detections:
 *
 * Returns: how many times Tesseract's orientation and script detection
 *   ran in this process
 */
guint
_ag_orient_get_n_detections (void)
{
  return g_atomic_int_get (&n_detections);
}

/**
 * _ag_orient_detect_script:
 * @osd: a Tesseract handle initialised with the "osd" language
 * @pix: the page
 * @turn_cw: (out): degrees to turn the page clockwise to make it upright,
 *   as Tesseract says, trusted or not
 * @confidence: (out) (optional): Tesseract's confidence in @turn_cw
 * @script: (out) (optional) (transfer none): the script Tesseract sees,
 *   such as "Han" or "Latin", or %NULL
 * @script_confidence: (out) (optional): its confidence in @script
 *
 * One run of Tesseract's orientation and script detection.
 *
 * Returns: %FALSE if Tesseract found too little to say anything
 */
gboolean
_ag_orient_detect_script (TessBaseAPI  *osd,
                          PIX          *pix,
                          int          *turn_cw,
                          float        *confidence,
                          const char  **script,
                          float        *script_confidence)
{
  g_autoptr(PIX) grey = NULL;
  g_autoptr(PIX) scaled = NULL;
  int text_height = _ag_orient_estimate_text_height (pix);
  double scale = text_height > 0 ? OSD_TEXT_HEIGHT / text_height : 1.0;
  int orientation = 0;
  float orientation_confidence = 0, found_confidence = 0;
  const char *found = NULL;

  *turn_cw = 0;
  if (confidence != NULL)
    *confidence = 0;
  if (script != NULL)
    *script = NULL;
  if (script_confidence != NULL)
    *script_confidence = 0;

  grey = pixConvertTo8 (pix, FALSE);
  if (grey == NULL)
    return FALSE;

  /* Keep the copy small: OSD needs a few lines, not megapixels. */
  scale = CLAMP (scale, 0.1, 4.0);
  if (scale * MAX (pixGetWidth (grey), pixGetHeight (grey)) > 4000)
    scale = 4000.0 / MAX (pixGetWidth (grey), pixGetHeight (grey));
  scaled = scale > 0.9 && scale < 1.1 ? pixClone (grey) : pixScale (grey, scale, scale);
  if (scaled == NULL)
    return FALSE;

  g_debug ("Orientation: text %d px high, the page at %.2f (%dx%d)", text_height, scale,
           pixGetWidth (scaled), pixGetHeight (scaled));
  g_atomic_int_inc (&n_detections);
  _ag_tess_api->BaseAPISetPageSegMode (osd, PSM_OSD_ONLY);
  _ag_tess_api->BaseAPISetImage2 (osd, scaled);
  if (!_ag_tess_api->BaseAPIDetectOrientationScript (osd, &orientation, &orientation_confidence,
                                           &found, &found_confidence))
    {
      _ag_tess_api->BaseAPIClear (osd);
      return FALSE;
    }
  _ag_tess_api->BaseAPIClear (osd);

  /* Tesseract gives the page's orientation counter-clockwise. */
  *turn_cw = (360 - orientation) % 360;
  if (confidence != NULL)
    *confidence = orientation_confidence;
  /* The name is one of Tesseract's own static strings. */
  if (script != NULL)
    *script = found;
  if (script_confidence != NULL)
    *script_confidence = found_confidence;

  return TRUE;
}

/**
 * _ag_orient_detect:
 * @osd: a Tesseract handle initialised with the "osd" language
 * @pix: the page
 * @rotate_cw: (out): degrees to turn the page clockwise to make it upright
 * @confidence: (out) (optional): Tesseract's confidence
 *
 * Returns: %TRUE if the page should be turned (@rotate_cw is 90, 180 or
 *   270), %FALSE if it is upright or the answer is not trusted
 */
gboolean
_ag_orient_detect (TessBaseAPI *osd,
                  PIX         *pix,
                  int         *rotate_cw,
                  float       *confidence)
{
  float orientation_confidence = 0;
  int turn = 0;

  *rotate_cw = 0;
  if (confidence != NULL)
    *confidence = 0;

  if (!_ag_orient_detect_script (osd, pix, &turn, &orientation_confidence, NULL, NULL))
    return FALSE;

  if (confidence != NULL)
    *confidence = orientation_confidence;

  if (!_ag_orient_turn_trusted (turn, orientation_confidence))
    return FALSE;

  *rotate_cw = turn;
  return TRUE;
}

/**
 * _ag_orient_turn_trusted:
 *
 * Whether a turn _ag_orient_detect_script() found is sure enough to act
 * on: on blurred pages Tesseract says "upside down" with little
 * confidence.
 */
gboolean
_ag_orient_turn_trusted (int   turn_cw,
                         float confidence)
{
  if (turn_cw == 0)
    return FALSE;
  if (turn_cw == 180)
    return confidence >= MIN_CONFIDENCE_HALF;
  return confidence >= MIN_CONFIDENCE_QUARTER;
}

/**
 * _ag_orient_rotate:
 * @rotate_cw: 0, 90, 180 or 270
 *
 * Returns: (transfer full): @pix turned clockwise
 */
PIX *
_ag_orient_rotate (PIX *pix,
                  int  rotate_cw)
{
  switch (rotate_cw)
    {
    case 90:
      return pixRotateOrth (pix, 1);
    case 180:
      return pixRotateOrth (pix, 2);
    case 270:
      return pixRotateOrth (pix, 3);
    default:
      return pixClone (pix);
    }
}

/**
 * _ag_orient_unrotate_rect:
 * @rect: a box in fractions of the page turned by @rotate_cw
 *
 * Moves @rect back to the page as it was before it was turned, so that
 * word boxes match the page the window shows.
 */
void
_ag_orient_unrotate_rect (AgRect *rect,
                         int     rotate_cw)
{
  ag_rect_turn (rect, 360 - rotate_cw);
}
