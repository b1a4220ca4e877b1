/* ag-ppocr-module.cpp — PaddleOCR's PP-OCRv4 models through OpenCV's DNN module
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The only C++ in Airgap: a C interface (ag-ppocr.h) over OpenCV, built as
 * a loadable module (libairgap-ppocr.so) that ag-ppocr-loader.c opens the
 * first time a page is read with PP-OCR (see ag-ppocr-module.h).
 *
 * A page goes through three networks (models converted for OpenCV 4.6 by
 * tools/ppocr/convert-models.py):
 *
 *   detector (DB) ─► line quadrilaterals ─► each warped upright, 48 px high
 *     ─► classifier (0°/180°) ─► recogniser (CTC over ppocr-keys.txt)
 *
 * Orientation: a page whose lines come out mostly tall is turned by 90°
 * and detected again; a line the classifier calls upside down is read
 * both ways and flipped only if the recogniser is more confident that way;
 * when most of the text had to be flipped the whole page is turned by 180°
 * and read again, so the reading order is right too.
 *
 * All coordinates are tracked with 3×3 matrices from the image the networks
 * saw back to the bitmap, so boxes land in fractions of the page.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "recognize/ag-engine-error.h"
#include "recognize/ppocr/ag-ppocr-allocator-private.h"
#include "recognize/ppocr/ag-ppocr-module.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <cmath>
#include <cstring>
#include <ctime>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#define DET_LIMIT_SIDE     960
#define DET_MIN_SHORT_SIDE 64
#define DET_THRESHOLD      0.3f
#define DET_BOX_THRESHOLD  0.6f
#define DET_UNCLIP_RATIO   2.0
#define DET_MAX_CANDIDATES 1000
#define DET_MIN_SIZE       3.0f
#define DET_TEXT_HEIGHT    36.0  /* a line's box (grown), detector pixels */
#define DET_MIN_FACTOR     0.75  /* of DET_LIMIT_SIDE, where text is large */
#define DET_MIN_LINE       10.0  /* a box less across is a speck, detector pixels */
#define REC_HEIGHT         48
#define CUT_MAX_HEIGHT     96.0  /* twice REC_HEIGHT */
#define REC_MIN_WIDTH      320
/* … but a second opinion's place (an unsure word and its neighbours,
 * about 200 px at 48 high) at its own width: on the 40 Chinese pages of
 * the corpus every reading is the same as at 320 px, and the second
 * opinions take 975 ms in all instead of 1176 (zh_dev2_clean300's one
 * run: 37–42 → 21–30 ms). */
#define SPOT_MIN_WIDTH     160
#define REC_STRIDE         8
#define REC_DROP_SCORE     0.5
#define REC_WORD_GAP       5     /* steps between two letters: a space */
#define REC_DROP_SCORE_TURNED 0.8
#define CLS_WIDTH          192
#define CLS_FLIP_THRESHOLD 0.9f
/* Above this confidence a line is not classified.  The corpus's chinese-photo,
 * real-public and vertical images, upright and turned 180° (657 lines): no
 * line read the wrong way up reached 0.93 where the classifier and the
 * recogniser then turned it over. */
#define CLS_SKIP_CONFIDENCE 0.95

/* looks_sideways(): the copy's long side, the ink's contrast, and the
 * ratio under which a page is turned before it is detected. */
#define SIDEWAYS_SIDE  256
#define SIDEWAYS_INK   30
#define SIDEWAYS_RATIO 0.9

static const char *model_files[] = AG_PPOCR_MODEL_FILES;

/* One copy of the networks, used by one thread at a time; the time they
 * took on the last page, for g_debug. */
struct NetSet
{
  std::string              model_dir;
  cv::dnn::Net             nets[3];   /* the recogniser loaded first, the others when first run */
  double                   net_ms[3];
  int                      net_runs[3];
  /* the first set's recogniser, being loaded (load_in_background()) */
  std::thread              loading;
  std::exception_ptr       load_failure;
  /* the detector is loaded or running: a photo is read */
  std::atomic<bool>        photo { false };

  ~NetSet ()
  {
    if (loading.joinable ())
      loading.join ();
  }
};

/* A network that would not load (set_read_error() says so). */
class LoadError : public cv::Exception
{
public:
  explicit LoadError (const cv::Exception &e) : cv::Exception (e) {}
};

struct _AgPpocr
{
  GMutex                   lock;
  std::string              model_dir;
  /* the first is the one under @lock; the others, loaded when lines are
   * read on several threads, one a line thread (each loads a network
   * when it first runs it) */
  std::vector<std::unique_ptr<NetSet>> sets;
  std::vector<std::string> keys;  /* 0 is the blank, then the list, then " " */
  double                   boxes_ms;
  double                   cut_ms;
};

/* One recognised line, in the coordinates of the image it was cut from. */
struct Line
{
  cv::Matx33d               to_page;   /* crop pixels → bitmap pixels */
  cv::Matx33d               to_image;  /* crop pixels → upright image pixels */
  cv::Mat                   crop;
  int                       crop_width;
  int                       crop_height;
  int                       input_width;  /* the crop scaled to 48 px high */
  int                       n_steps;
  int                       net_width;
  std::vector<AgPpocrChar>  chars;
  double                    confidence;   /* mean over chars, 0..1 */
  bool                      flipped;
  bool                      turned;       /* a tall box, read turned by 90° */
  cv::Rect2d                bounds;       /* in upright image pixels, deskewed */
};

/* ------------------------------------------------------------------------ */
/* Models                                                                   */

static void
load_net (NetSet     &set,
          AgPpocrNet  which)
{
  g_autofree char *path = g_build_filename (set.model_dir.c_str (), model_files[which], NULL);
  gint64 start = g_get_monotonic_time ();

  try
    {
      set.nets[which] = cv::dnn::readNetFromONNX (path);
    }
  catch (const cv::Exception &e)
    {
      throw LoadError (e);
    }
  set.nets[which].setPreferableBackend (cv::dnn::DNN_BACKEND_OPENCV);
  set.nets[which].setPreferableTarget (cv::dnn::DNN_TARGET_CPU);
  g_debug ("ppocr: loaded net %d in %.0f ms", which, (g_get_monotonic_time () - start) / 1000.0);
}

/* What a network that would not load says. */
static void
set_load_error (const char           *model_dir,
                const cv::Exception  &e,
                GError              **error)
{
  g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
               _("The PP-OCR models in “%s” could not be loaded (%s). Set them up again with build-aux/ppocr-models.sh."),
               model_dir, e.what ());
}

/* The width of the blank line run_once() reads: a few characters, as
 * most of the second opinion's places are. */
#define WARM_WIDTH 160

/* Runs @set's recogniser once on a blank line, where it was just loaded
 * on a thread of its own: its first run sets up its layers and their
 * memory, which took 33–50 ms of a second opinion's 42–50 on a clean
 * Chinese page (19 ms a run after it).  The thread runs while Tesseract
 * reads, on the other core.  Not for a photo: its detector has both
 * cores, and its lines are wider. */
static void
run_once (NetSet &set)
{
  int size[4] = { 1, 3, REC_HEIGHT, WARM_WIDTH };
  cv::Mat blank (4, size, CV_32F, cv::Scalar (0));
  gint64 start = g_get_monotonic_time ();

  if (set.photo)
    return;

  set.nets[AG_PPOCR_NET_RECOGNIZER].setInput (blank);
  set.nets[AG_PPOCR_NET_RECOGNIZER].forward ();
  g_debug ("ppocr: the recogniser's first run, on a blank line, in %.0f ms",
           (g_get_monotonic_time () - start) / 1000.0);
}

/* Starts loading @set's recogniser on a thread of its own, and runs it
 * once (run_once()): a photo's detector runs meanwhile (the recogniser's
 * load, 100–140 ms, came before it), and a second opinion waits for it
 * in forward().  Where no thread can be made, loads it now. */
static void
load_in_background (NetSet &set)
{
  NetSet *target = &set;

  try
    {
      set.loading = std::thread ([target] {
        try
          {
            load_net (*target, AG_PPOCR_NET_RECOGNIZER);
            run_once (*target);
          }
        catch (...)
          {
            target->load_failure = std::current_exception ();
          }
      });
    }
  catch (const std::system_error &)
    {
      load_net (set, AG_PPOCR_NET_RECOGNIZER);
    }
}

/* A set of the networks with the recogniser loaded, which every use
 * needs; the detector and the classifier are loaded when first run
 * (forward()): Tesseract's unsure words read again need neither (about
 * 25 ms saved), and a line thread seldom runs the classifier. */
static std::unique_ptr<NetSet>
load_nets (const char *model_dir)
{
  std::unique_ptr<NetSet> set (new NetSet ());

  set->model_dir = model_dir;
  load_net (*set, AG_PPOCR_NET_RECOGNIZER);

  return set;
}

/**
 * _ag_ppocr_new:
 * @model_dir: a folder with the converted models and the key list
 *
 * Starts loading the recogniser on a thread of its own (100–140 ms; its
 * first use waits for it); the detector and the classifier are loaded
 * when first run.  Models that do not load say so when first used.
 *
 * Returns: (transfer full) (nullable): the recogniser, or %NULL with @error
 */
AgPpocr *
_ag_ppocr_new (const char  *model_dir,
              GError     **error)
{
  g_autofree char *keys_path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  AgPpocr *self;
  guint n_lines;

  g_return_val_if_fail (model_dir != NULL, NULL);

  /* ag-ppocr-loader.c checked the folder holds every model. */
  keys_path = g_build_filename (model_dir, model_files[3], NULL);
  if (!g_file_get_contents (keys_path, &contents, NULL, error))
    return NULL;

  self = new AgPpocr ();
  g_mutex_init (&self->lock);

  lines = g_strsplit (contents, "\n", -1);
  n_lines = g_strv_length (lines);
  /* a final newline leaves one empty string behind */
  if (n_lines > 0 && lines[n_lines - 1][0] == '\0')
    n_lines--;
  self->keys.reserve (n_lines + 2);
  self->keys.push_back ("");
  for (guint i = 0; i < n_lines; i++)
    {
      std::string key (lines[i]);

      if (!key.empty () && key.back () == '\r')
        key.pop_back ();
      self->keys.push_back (key);
    }
  self->keys.push_back (" ");

  self->model_dir = model_dir;
  _ag_ppocr_use_huge_pages ();
  try
    {
      std::unique_ptr<NetSet> set (new NetSet ());

      set->model_dir = model_dir;
      load_in_background (*set);
      self->sets.push_back (std::move (set));
    }
  catch (const cv::Exception &e)
    {
      set_load_error (model_dir, e, error);
      _ag_ppocr_free (self);
      return NULL;
    }

  return self;
}

void
_ag_ppocr_free (AgPpocr *self)
{
  if (self == NULL)
    return;

  g_mutex_clear (&self->lock);
  delete self;
}

/**
 * _ag_ppocr_load_detector:
 *
 * Loads the detector now, where it would be loaded when first run: for a
 * thread with nothing else to do while a photo is decoded.  A model that
 * does not load says so when the detector is run.
 */
void
_ag_ppocr_load_detector (AgPpocr *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  NetSet &set = *self->sets[0];

  set.photo = true;
  if (!set.nets[AG_PPOCR_NET_DETECTOR].empty ())
    return;
  try
    {
      load_net (set, AG_PPOCR_NET_DETECTOR);
    }
  catch (const cv::Exception &e)
    {
      g_debug ("ppocr: the detector not loaded ahead: %s", e.what ());
    }
}

/**
 * _ag_ppocr_get_key:
 * @index: a class of the recogniser
 *
 * Returns: (transfer none): the text of class @index ("" for the blank)
 */
const char *
_ag_ppocr_get_key (AgPpocr *self,
                  int      index)
{
  g_return_val_if_fail (self != NULL, "");

  if (index < 0 || (gsize) index >= self->keys.size ())
    return "";
  return self->keys[index].c_str ();
}

/* ------------------------------------------------------------------------ */
/* Pure steps                                                               */

static double
distance (const cv::Point2f &a,
          const cv::Point2f &b)
{
  return std::hypot ((double) a.x - b.x, (double) a.y - b.y);
}

/* A box's width (its first side, corner 0 to 1) and height (corner 0 to
 * 3). */
static void
box_size (const AgPpocrBox &box,
          double           *width,
          double           *height)
{
  cv::Point2f p0 (box.x[0], box.y[0]), p1 (box.x[1], box.y[1]), p3 (box.x[3], box.y[3]);

  *width = distance (p0, p1);
  *height = distance (p0, p3);
}

/* Corners of @rect clockwise from the top-left one, as PaddleOCR's
 * get_mini_boxes orders them. */
static void
ordered_corners (const cv::RotatedRect &rect,
                 cv::Point2f            out[4])
{
  cv::Point2f p[4];

  rect.points (p);
  std::sort (p, p + 4, [] (const cv::Point2f &a, const cv::Point2f &b) {
    return a.x < b.x;
  });

  /* left pair, right pair: the upper of each comes first */
  if (p[0].y <= p[1].y)
    out[0] = p[0], out[3] = p[1];
  else
    out[0] = p[1], out[3] = p[0];
  if (p[2].y <= p[3].y)
    out[1] = p[2], out[2] = p[3];
  else
    out[1] = p[3], out[2] = p[2];
}

static float
box_score (const cv::Mat     &prob,
           const cv::Point2f  corners[4])
{
  float xmin = corners[0].x, xmax = corners[0].x;
  float ymin = corners[0].y, ymax = corners[0].y;
  std::vector<cv::Point> poly;
  cv::Mat mask;
  int x0, x1, y0, y1;

  for (int i = 1; i < 4; i++)
    {
      xmin = std::min (xmin, corners[i].x);
      xmax = std::max (xmax, corners[i].x);
      ymin = std::min (ymin, corners[i].y);
      ymax = std::max (ymax, corners[i].y);
    }
  x0 = std::clamp ((int) std::floor (xmin), 0, prob.cols - 1);
  x1 = std::clamp ((int) std::ceil (xmax), 0, prob.cols - 1);
  y0 = std::clamp ((int) std::floor (ymin), 0, prob.rows - 1);
  y1 = std::clamp ((int) std::ceil (ymax), 0, prob.rows - 1);

  mask = cv::Mat::zeros (y1 - y0 + 1, x1 - x0 + 1, CV_8UC1);
  for (int i = 0; i < 4; i++)
    poly.emplace_back ((int) std::lround (corners[i].x - x0),
                       (int) std::lround (corners[i].y - y0));
  cv::fillPoly (mask, std::vector<std::vector<cv::Point>> { poly }, cv::Scalar (1));

  return (float) cv::mean (prob (cv::Rect (x0, y0, x1 - x0 + 1, y1 - y0 + 1)), mask)[0];
}

/**
 * _ag_ppocr_boxes_from_map:
 * @map: the detector's probability map, @width × @height, row by row
 * @scale_x: image pixels per map pixel, horizontally
 * @scale_y: the same, vertically
 *
 * DB post-processing: the map is cut at 0.3, each connected shape gets its
 * smallest rotated rectangle, rectangles whose mean probability is below
 * 0.6 are dropped, and the rest grow by d = area × 2 / perimeter on every
 * side (the detector's shapes are shrunk text lines).
 *
 * Returns: (transfer full) (element-type AgPpocrBox): the boxes, in image
 *   pixels, in no particular order
 */
GArray *
_ag_ppocr_boxes_from_map (const float *map,
                         int          width,
                         int          height,
                         double       scale_x,
                         double       scale_y)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (AgPpocrBox));
  std::vector<std::vector<cv::Point>> contours;
  cv::Mat prob (height, width, CV_32FC1, (void *) map);
  cv::Mat binary = prob > DET_THRESHOLD;

  g_return_val_if_fail (map != NULL, boxes);

  cv::findContours (binary, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);

  for (size_t i = 0; i < contours.size () && i < DET_MAX_CANDIDATES; i++)
    {
      cv::RotatedRect rect = cv::minAreaRect (contours[i]);
      cv::Point2f corners[4];
      AgPpocrBox box;
      double area, perimeter, d;
      float score;

      if (std::min (rect.size.width, rect.size.height) < DET_MIN_SIZE)
        continue;

      ordered_corners (rect, corners);
      score = box_score (prob, corners);
      if (score < DET_BOX_THRESHOLD)
        continue;

      area = (double) rect.size.width * rect.size.height;
      perimeter = 2.0 * ((double) rect.size.width + rect.size.height);
      d = area * DET_UNCLIP_RATIO / perimeter;
      rect.size.width += 2 * d;
      rect.size.height += 2 * d;
      if (std::min (rect.size.width, rect.size.height) < DET_MIN_SIZE + 2)
        continue;

      ordered_corners (rect, corners);
      for (int k = 0; k < 4; k++)
        {
          box.x[k] = (float) std::clamp (corners[k].x * scale_x, 0.0, width * scale_x);
          box.y[k] = (float) std::clamp (corners[k].y * scale_y, 0.0, height * scale_y);
        }
      box.score = score;
      g_array_append_val (boxes, box);
    }

  return boxes;
}

/**
 * _ag_ppocr_ctc_decode:
 * @probs: @n_steps rows of @n_classes probabilities
 *
 * Greedy CTC: the best class of every step, repeats merged, blanks
 * (class 0) dropped.
 *
 * Returns: (transfer full) (element-type AgPpocrChar): the characters
 */
GArray *
_ag_ppocr_ctc_decode (const float *probs,
                     int          n_steps,
                     int          n_classes)
{
  GArray *chars = g_array_new (FALSE, FALSE, sizeof (AgPpocrChar));
  int previous = 0;

  g_return_val_if_fail (probs != NULL || n_steps == 0, chars);

  for (int t = 0; t < n_steps; t++)
    {
      const float *row = probs + (gsize) t * n_classes;
      int best = (int) (std::max_element (row, row + n_classes) - row);

      if (best != 0 && best == previous && chars->len > 0)
        {
          AgPpocrChar *last = &g_array_index (chars, AgPpocrChar, chars->len - 1);

          last->last_step = t;
          last->confidence = std::max (last->confidence, row[best]);
        }
      else if (best != 0)
        {
          AgPpocrChar c = { best, t, t, row[best] };

          g_array_append_val (chars, c);
        }
      previous = best;
    }

  return chars;
}

/* ------------------------------------------------------------------------ */
/* Images                                                                   */

/* The bitmap (or @crop of it) as 8-bit BGR, transparent pixels on white. */
static cv::Mat
bitmap_to_bgr (AgBitmap   *bitmap,
               cv::Rect   *area)
{
  GBytes *bytes = ag_bitmap_get_pixels (bitmap);
  gsize size;
  const guint8 *data = (const guint8 *) g_bytes_get_data (bytes, &size);
  int width = ag_bitmap_get_width (bitmap);
  int height = ag_bitmap_get_height (bitmap);
  gsize stride = ag_bitmap_get_stride (bitmap);
  cv::Mat out;

  if (ag_bitmap_get_format (bitmap) == AG_BITMAP_FORMAT_GRAY8)
    {
      cv::Mat gray (height, width, CV_8UC1, (void *) data, stride);

      cv::cvtColor (gray (*area), out, cv::COLOR_GRAY2BGR);
      return out;
    }

  out.create (area->height, area->width, CV_8UC3);
  for (int y = 0; y < area->height; y++)
    {
      const guint8 *src = data + (gsize) (y + area->y) * stride + (gsize) area->x * 4;
      guint8 *dst = out.ptr<guint8> (y);

      for (int x = 0; x < area->width; x++, src += 4, dst += 3)
        {
          int a = src[3];

          if (a == 255)
            {
              dst[0] = src[2];
              dst[1] = src[1];
              dst[2] = src[0];
            }
          else
            {
              dst[0] = (guint8) ((src[2] * a + 255 * (255 - a)) / 255);
              dst[1] = (guint8) ((src[1] * a + 255 * (255 - a)) / 255);
              dst[2] = (guint8) ((src[0] * a + 255 * (255 - a)) / 255);
            }
        }
    }

  return out;
}

/* 1×3×H×W blob of @bgr with PaddleOCR's per-channel normalisation
 * (applied in the image's own B, G, R order, as PaddleOCR does), the part
 * beyond @bgr's width left at 0. */
static cv::Mat
make_blob (const cv::Mat &bgr,
           int            blob_width,
           const float    mean[3],
           const float    stdev[3])
{
  int sizes[4] = { 1, 3, bgr.rows, blob_width };
  cv::Mat blob (4, sizes, CV_32F, cv::Scalar (0));
  gsize plane = (gsize) bgr.rows * blob_width;
  float *data = blob.ptr<float> ();

  for (int y = 0; y < bgr.rows; y++)
    {
      const guint8 *src = bgr.ptr<guint8> (y);

      for (int x = 0; x < bgr.cols && x < blob_width; x++)
        for (int c = 0; c < 3; c++)
          data[c * plane + (gsize) y * blob_width + x] =
            (src[x * 3 + c] / 255.0f - mean[c]) / stdev[c];
    }

  return blob;
}

static const float det_mean[3] = { 0.485f, 0.456f, 0.406f };
static const float det_std[3] = { 0.229f, 0.224f, 0.225f };
static const float rec_mean[3] = { 0.5f, 0.5f, 0.5f };
static const float rec_std[3] = { 0.5f, 0.5f, 0.5f };

/* Matrix of a 90° turn clockwise of a w×h image: new pixel → old pixel. */
static cv::Matx33d
turn_back_matrix (int turns,
                  int old_width,
                  int old_height)
{
  switch (turns & 3)
    {
    case 1:   /* clockwise: old x = new y, old y = h - new x */
      return cv::Matx33d (0, 1, 0, -1, 0, old_height, 0, 0, 1);
    case 2:
      return cv::Matx33d (-1, 0, old_width, 0, -1, old_height, 0, 0, 1);
    case 3:   /* counter-clockwise: old x = w - new y, old y = new x */
      return cv::Matx33d (0, -1, old_width, 1, 0, 0, 0, 0, 1);
    default:
      return cv::Matx33d::eye ();
    }
}

static cv::Mat
turn (const cv::Mat &image,
      int            turns)
{
  cv::Mat out;

  switch (turns & 3)
    {
    case 1:
      cv::rotate (image, out, cv::ROTATE_90_CLOCKWISE);
      return out;
    case 2:
      cv::rotate (image, out, cv::ROTATE_180);
      return out;
    case 3:
      cv::rotate (image, out, cv::ROTATE_90_COUNTERCLOCKWISE);
      return out;
    default:
      return image;
    }
}

static cv::Point2d
apply (const cv::Matx33d &m,
       double             x,
       double             y)
{
  cv::Vec3d v = m * cv::Vec3d (x, y, 1.0);

  return cv::Point2d (v[0] / v[2], v[1] / v[2]);
}

/* ------------------------------------------------------------------------ */
/* Networks (called with the lock held)                                     */

static cv::Mat
forward (NetSet        &set,
         AgPpocrNet     which,
         const cv::Mat &blob)
{
  cv::dnn::Net &net = set.nets[which];
  gint64 start;
  clock_t cpu;
  cv::Mat out;

  if (which == AG_PPOCR_NET_RECOGNIZER && set.loading.joinable ())
    {
      std::exception_ptr failure;

      set.loading.join ();
      std::swap (failure, set.load_failure);
      if (failure)
        std::rethrow_exception (failure);
    }
  if (which == AG_PPOCR_NET_DETECTOR)
    set.photo = true;
  if (net.empty ())
    load_net (set, which);
  start = g_get_monotonic_time ();
  cpu = clock ();

  net.setInput (blob);
  out = net.forward ().clone ();
  set.net_ms[which] += (g_get_monotonic_time () - start) / 1000.0;
  set.net_runs[which]++;
  g_debug ("ppocr: net %d on %dx%d: %.0f ms, %.0f ms CPU", which, blob.size[3], blob.size[2],
           (g_get_monotonic_time () - start) / 1000.0,
           (clock () - cpu) * 1000.0 / CLOCKS_PER_SEC);
  return out;
}

/* Runs the detector on @bgr with its long side at most @limit pixels
 * (DET_LIMIT_SIDE, or less where the text is known to be large). */
static std::vector<AgPpocrBox>
detect_locked (AgPpocr       *self,
               const cv::Mat &bgr,
               int            limit)
{
  double ratio = 1.0;
  int long_side = std::max (bgr.cols, bgr.rows);
  int width, height;
  cv::Mat resized, blob, out;
  g_autoptr(GArray) boxes = NULL;
  std::vector<AgPpocrBox> result;
  gint64 start;

  int short_side = std::min (bgr.cols, bgr.rows);
  int scaled_width, scaled_height;

  /* PaddleOCR's limit on the long side; a banner is enlarged instead, or
   * its text would be too small to find.  The sides are padded (with the
   * mean colour, 0 after normalisation) to multiples of 32, not stretched
   * to them. */
  if (long_side > limit)
    ratio = (double) limit / long_side;
  if (short_side * ratio < DET_MIN_SHORT_SIDE)
    ratio = (double) DET_MIN_SHORT_SIDE / short_side;
  scaled_width = std::max (1, (int) std::lround (bgr.cols * ratio));
  scaled_height = std::max (1, (int) std::lround (bgr.rows * ratio));
  width = (scaled_width + 31) / 32 * 32;
  height = (scaled_height + 31) / 32 * 32;

  cv::resize (bgr, resized, cv::Size (scaled_width, scaled_height));
  cv::copyMakeBorder (resized, resized, 0, height - scaled_height, 0, width - scaled_width,
                      cv::BORDER_CONSTANT,
                      cv::Scalar (255 * det_mean[0], 255 * det_mean[1], 255 * det_mean[2]));
  blob = make_blob (resized, width, det_mean, det_std);
  out = forward (*self->sets[0], AG_PPOCR_NET_DETECTOR, blob);

  start = g_get_monotonic_time ();
  boxes = _ag_ppocr_boxes_from_map (out.ptr<float> (), width, height,
                                   (double) bgr.cols / scaled_width,
                                   (double) bgr.rows / scaled_height);
  for (guint i = 0; i < boxes->len; i++)
    {
      AgPpocrBox *b = &g_array_index (boxes, AgPpocrBox, i);

      for (int k = 0; k < 4; k++)
        {
          b->x[k] = std::min (b->x[k], (float) bgr.cols);
          b->y[k] = std::min (b->y[k], (float) bgr.rows);
        }
    }
  self->boxes_ms += (g_get_monotonic_time () - start) / 1000.0;
  for (guint i = 0; i < boxes->len; i++)
    result.push_back (g_array_index (boxes, AgPpocrBox, i));

  return result;
}

/* Probability that @crop (48 px high) is upside down. */
static float
classify_locked (NetSet        &set,
                 const cv::Mat &crop)
{
  int width = std::min (CLS_WIDTH, (int) std::ceil (REC_HEIGHT * (double) crop.cols / crop.rows));
  cv::Mat resized, blob, out;

  cv::resize (crop, resized, cv::Size (std::max (width, 1), REC_HEIGHT));
  blob = make_blob (resized, CLS_WIDTH, rec_mean, rec_std);
  out = forward (set, AG_PPOCR_NET_CLASSIFIER, blob);

  return out.ptr<float> ()[1];
}

/* The width @crop is scaled to, 48 px high, and the recogniser's input
 * width for it: at least PaddleOCR's 320 for a page's lines, a multiple
 * of 32.  (Narrower inputs for a photo's lines were tried twice:
 * gut_cn02 reads worse, 0.028 → 0.042, and they are not even faster,
 * since every new width sets the network up again.  The second
 * opinion's few places are narrower: SPOT_MIN_WIDTH.) */
static int
input_width (const cv::Mat &crop)
{
  return std::max (1, (int) std::ceil (REC_HEIGHT * (double) crop.cols / crop.rows));
}

static int
net_width_for (const cv::Mat &crop,
               int            min_width)
{
  return std::max (min_width, (input_width (crop) + 31) / 32 * 32);
}

static void
recognize_crop_locked (NetSet        &set,
                       const cv::Mat &crop,
                       Line          *line,
                       int            min_width = REC_MIN_WIDTH)
{
  int width = input_width (crop);
  int net_width = net_width_for (crop, min_width);
  cv::Mat resized, blob, out;
  g_autoptr(GArray) chars = NULL;
  int n_classes;
  double sum = 0;

  cv::resize (crop, resized, cv::Size (width, REC_HEIGHT), 0, 0, cv::INTER_LINEAR);
  blob = make_blob (resized, net_width, rec_mean, rec_std);
  out = forward (set, AG_PPOCR_NET_RECOGNIZER, blob);

  /* [1, steps, classes] */
  line->n_steps = out.size[1];
  n_classes = out.size[2];
  chars = _ag_ppocr_ctc_decode (out.ptr<float> (), line->n_steps, n_classes);

  line->crop_width = crop.cols;
  line->crop_height = crop.rows;
  line->input_width = width;
  line->net_width = net_width;
  line->chars.assign ((AgPpocrChar *) chars->data, (AgPpocrChar *) chars->data + chars->len);
  for (const AgPpocrChar &c : line->chars)
    sum += c.confidence;
  line->confidence = line->chars.empty () ? 0.0 : sum / line->chars.size ();
}

/* Cuts @box out of @image upright: width along its first edge, turned by a
 * quarter when it is much taller than wide (a vertical line of text).
 * A line thicker than CUT_MAX_HEIGHT is cut smaller, in proportion: the
 * networks see it 48 px high anyway, and a line of a 12-megapixel photo
 * is otherwise a warp of about a megapixel, cut, then turned and shrunk
 * again for the classifier and the recogniser. */
static cv::Mat
cut_line (const cv::Mat     &image,
          const AgPpocrBox  &box,
          cv::Matx33d       *crop_to_image,
          bool              *turned)
{
  cv::Point2f src[4], dst[4];
  double width, height, scale;
  cv::Mat crop, m;

  for (int i = 0; i < 4; i++)
    src[i] = cv::Point2f (box.x[i], box.y[i]);
  width = std::max (distance (src[0], src[1]), distance (src[2], src[3]));
  height = std::max (distance (src[0], src[3]), distance (src[1], src[2]));
  scale = std::min (1.0, CUT_MAX_HEIGHT / std::max (1.0, std::min (width, height)));
  width = std::max (1.0, std::round (width * scale));
  height = std::max (1.0, std::round (height * scale));

  dst[0] = cv::Point2f (0, 0);
  dst[1] = cv::Point2f ((float) width, 0);
  dst[2] = cv::Point2f ((float) width, (float) height);
  dst[3] = cv::Point2f (0, (float) height);
  m = cv::getPerspectiveTransform (src, dst);
  cv::warpPerspective (image, crop, m, cv::Size ((int) width, (int) height),
                       cv::INTER_CUBIC, cv::BORDER_REPLICATE);
  *crop_to_image = cv::Matx33d ((cv::Mat) m.inv ());

  *turned = height >= 1.5 * width;
  if (*turned)
    {
      *crop_to_image = *crop_to_image * turn_back_matrix (3, crop.cols, crop.rows);
      crop = turn (crop, 3);
    }

  return crop;
}

/* ------------------------------------------------------------------------ */
/* Pages                                                                    */

/* Whether @bgr's ink lies in columns rather than rows: a page on its side
 * (or of vertical text).  On a 256-pixel copy, the ink (darker than
 * its 7 × 7 neighbourhood by 30) summed per row and per column; lines
 * of text make the row sums vary more than the column sums.  The ratio
 * of their relative spreads on the corpus: 1.19–3.3 for every upright
 * page (photos, scans, screenshots, turned 3°), 0.32–0.84 turned by a
 * quarter, 0.43–0.57 for vertical text.  2 ms. */
static bool
looks_sideways (const cv::Mat &bgr)
{
  cv::Mat gray, small, background, ink;
  double scale = SIDEWAYS_SIDE / (double) std::max (bgr.cols, bgr.rows);
  cv::Mat rows, cols;
  cv::Scalar row_mean, row_dev, col_mean, col_dev;
  double ratio;

  if (bgr.empty ())
    return false;
  cv::cvtColor (bgr, gray, cv::COLOR_BGR2GRAY);
  if (scale < 1)
    cv::resize (gray, small, cv::Size (), scale, scale, cv::INTER_AREA);
  else
    small = gray;
  cv::dilate (small, background, cv::Mat::ones (7, 7, CV_8U));
  cv::subtract (background, small, ink);
  cv::threshold (ink, ink, SIDEWAYS_INK, 1, cv::THRESH_BINARY);
  ink.convertTo (ink, CV_32F);
  cv::reduce (ink, rows, 1, cv::REDUCE_SUM);
  cv::reduce (ink, cols, 0, cv::REDUCE_SUM);
  cv::meanStdDev (rows, row_mean, row_dev);
  cv::meanStdDev (cols, col_mean, col_dev);
  /* (too little ink to say) */
  if (row_mean[0] * rows.rows < 0.005 * ink.total () || col_dev[0] <= 0 || row_mean[0] <= 0)
    return false;
  ratio = (row_dev[0] / row_mean[0]) / (col_dev[0] / col_mean[0]);
  g_debug ("ppocr: ink in rows against columns %.2f", ratio);

  return ratio < SIDEWAYS_RATIO;
}

static bool
mostly_tall (const std::vector<AgPpocrBox> &boxes)
{
  double tall = 0, wide = 0;

  for (const AgPpocrBox &b : boxes)
    {
      double w, h;

      box_size (b, &w, &h);
      if (h > 1.5 * w)
        tall += h;
      else if (w > 1.5 * h)
        wide += w;
    }

  return tall > wide && tall > 0;
}

/* The detector's limit for @image (the page turned a quarter) when a first
 * run on the page unturned found @boxes: the text is as large either way,
 * so where the first run's lines were large (the 10th percentile of their
 * short sides above DET_TEXT_HEIGHT at that run's scale) the second run
 * can be smaller, down to DET_MIN_FACTOR of the usual limit.  The short
 * side of a box of Latin text on its side can be two lines merged, so it
 * says the text is larger than it is; the floor keeps such a page's
 * lines, at worst half as high as measured, above what the detector
 * finds (on the corpus the detector still finds 12 px lines). */
static int
limit_from_boxes (const std::vector<AgPpocrBox> &boxes,
                  int                            image_long_side)
{
  double first_ratio = std::min (1.0, (double) DET_LIMIT_SIDE / image_long_side);
  std::vector<double> sides;
  double ratio, side;

  for (const AgPpocrBox &b : boxes)
    {
      double w, h;

      box_size (b, &w, &h);
      sides.push_back (std::min (w, h));
    }
  if (sides.size () < 3 || image_long_side <= DET_LIMIT_SIDE * DET_MIN_FACTOR)
    return DET_LIMIT_SIDE;
  std::nth_element (sides.begin (), sides.begin () + sides.size () / 10, sides.end ());
  side = sides[sides.size () / 10];
  ratio = std::clamp (DET_TEXT_HEIGHT / side, first_ratio * DET_MIN_FACTOR, first_ratio);

  /* a multiple of 32, or the input is padded to the next one */
  return std::max ((int) std::lround (DET_LIMIT_SIDE * DET_MIN_FACTOR),
                   (int) (ratio * image_long_side)) / 32 * 32;
}

/* Whether every box of @first (found on the page before it was turned by
 * @turn_back's inverse) has its middle inside one of @second: a line the
 * smaller second run lost is one of small text among large.  Only
 * boxes shaped like lines count (twice as long as wide, at least
 * @min_side pixels across): specks and pictures of a photo come and go
 * from one size to the next (gut_cn02_rot90 has a speck of 20 × 8 px
 * and a washing symbol of 65 × 73 px). */
static bool
covers (const std::vector<AgPpocrBox> &first,
        const std::vector<AgPpocrBox> &second,
        const cv::Matx33d             &turn_back,
        double                         min_side)
{
  cv::Matx33d to_turned = turn_back.inv ();

  for (const AgPpocrBox &a : first)
    {
      cv::Point2d middle = apply (to_turned,
                                  (a.x[0] + a.x[1] + a.x[2] + a.x[3]) / 4.0,
                                  (a.y[0] + a.y[1] + a.y[2] + a.y[3]) / 4.0);
      double w, h, across, along;
      bool inside = false;

      box_size (a, &w, &h);
      across = std::min (w, h);
      along = std::max (w, h);
      if (across < min_side || along < 2 * across)
        continue;
      for (const AgPpocrBox &b : second)
        {
          std::vector<cv::Point2f> poly;

          for (int k = 0; k < 4; k++)
            poly.emplace_back (b.x[k], b.y[k]);
          if (cv::pointPolygonTest (poly, cv::Point2f ((float) middle.x, (float) middle.y), false) >= 0)
            {
              inside = true;
              break;
            }
        }
      if (!inside)
        return false;
    }

  return true;
}

/* Reads @line's crop turned over as well, and keeps that reading if the
 * recogniser is more sure of it by @margin. */
static void
try_flipped_locked (NetSet &set,
                    Line   *line,
                    double  margin)
{
  cv::Mat upside_down = turn (line->crop, 2);
  cv::Matx33d back = turn_back_matrix (2, line->crop.cols, line->crop.rows);
  Line other;

  other.to_image = line->to_image * back;
  other.to_page = line->to_page * back;
  other.crop = upside_down;
  other.flipped = !line->flipped;
  other.turned = line->turned;
  recognize_crop_locked (set, upside_down, &other);
  if (other.confidence > line->confidence + margin &&
      other.chars.size () * 2 >= line->chars.size ())
    *line = std::move (other);
}

/* How many threads read lines at once: OpenCV's own count (the cores),
 * each with its own copy of the classifier and the recogniser, loaded the
 * first time (80–110 ms and 20 MB each), at most four.  A copy is loaded
 * here only for COPY_MIN_LINES lines or more: fewer are read sooner on
 * the copies there are (the second opinion's two places on a scan, 20–40
 * ms each, waited 84 ms for a second copy).  A photo's copy is loaded
 * beside its detector (SpareLoader). */
#define COPY_MIN_LINES 6

static size_t
line_workers_locked (AgPpocr *self,
                     size_t   n_lines)
{
  size_t wanted = std::min<size_t> ({ (size_t) std::max (1, cv::getNumThreads ()), n_lines, 4 });

  if (n_lines < COPY_MIN_LINES)
    wanted = std::min (wanted, std::max<size_t> (1, self->sets.size ()));

  while (self->sets.size () < wanted)
    {
      try
        {
          self->sets.push_back (load_nets (self->model_dir.c_str ()));
        }
      catch (const cv::Exception &e)
        {
          g_debug ("ppocr: no second copy of the networks: %s", e.what ());
          break;
        }
    }

  return std::max<size_t> (1, std::min (wanted, self->sets.size ()));
}

/* A second copy of the networks for the second line thread, loaded on a
 * thread of its own while the detector runs on the page.  The detector
 * gains little from the second core (on gut_cn02 240 ms on two threads,
 * 270 ms on one), and the copy's load (80–110 ms, mostly the recogniser)
 * came after it, before any line was read.  The copy is taken into
 * AgPpocr.sets once the thread is joined, never by the thread. */
class SpareLoader
{
public:
  SpareLoader (AgPpocr *self)
  {
    size_t wanted = std::min<size_t> ((size_t) std::max (1, cv::getNumThreads ()), 2);

    if (self->sets.size () >= wanted)
      return;
    model_dir = self->model_dir;
    try
      {
        thread = std::thread ([this] {
          try
            {
              spare = load_nets (model_dir.c_str ());
            }
          catch (const cv::Exception &e)
            {
              g_debug ("ppocr: no second copy of the networks: %s", e.what ());
            }
        });
      }
    catch (const std::system_error &)
      {
        /* (no thread: line_workers_locked() loads the copy itself) */
      }
  }

  /* (joined on every way out, an exception's too) */
  ~SpareLoader ()
  {
    if (thread.joinable ())
      thread.join ();
  }

  /* Waits for the copy and adds it to @self's sets. */
  void
  take (AgPpocr *self)
  {
    if (thread.joinable ())
      thread.join ();
    if (spare)
      self->sets.push_back (std::move (spare));
  }

private:
  std::string             model_dir;
  std::unique_ptr<NetSet> spare;
  std::thread             thread;
};

/* Calls @read on each line of @lines whose index is in @which, on several
 * threads: a line is one network run of 20–600 ms, too small for OpenCV
 * to spread well over the cores, so whole lines are spread instead (the
 * networks inside run on one thread each: OpenCV does not nest).
 *
 * The widest lines go first, so that a long one does not end the page on
 * one core alone, and lines of the same input width follow each other:
 * every change of width makes OpenCV set the network up again (about
 * 15 ms of a 55 ms run at 320 px). */
template <typename Read>
static void
for_each_line_locked (AgPpocr                   *self,
                      std::vector<Line>         &lines,
                      const std::vector<size_t> &unsorted,
                      GCancellable              *cancellable,
                      Read                       read)
{
  std::vector<size_t> which (unsorted);
  size_t n_workers;

  std::stable_sort (which.begin (), which.end (), [&lines] (size_t a, size_t b) {
    return (gint64) lines[a].crop.cols * lines[b].crop.rows >
           (gint64) lines[b].crop.cols * lines[a].crop.rows;
  });
  n_workers = line_workers_locked (self, which.size ());
  std::atomic<size_t> next (0);
  std::exception_ptr failure;
  GMutex failure_lock;

  /* One line thread: the lines in this thread, where the network's own
   * layers may spread over the cores (inside parallel_for_() OpenCV
   * would run them on one, as nested). */
  if (n_workers == 1)
    {
      for (size_t i = 0; i < which.size () && !g_cancellable_is_cancelled (cancellable); i++)
        read (*self->sets[0], lines[which[i]]);
      return;
    }

  g_mutex_init (&failure_lock);
  cv::parallel_for_ (cv::Range (0, (int) n_workers), [&] (const cv::Range &range) {
    for (int w = range.start; w < range.end; w++)
      {
        NetSet &set = *self->sets[w];

        for (size_t i = next++; i < which.size (); i = next++)
          {
            if (g_cancellable_is_cancelled (cancellable))
              break;
            try
              {
                read (set, lines[which[i]]);
              }
            catch (...)
              {
                g_mutex_lock (&failure_lock);
                if (!failure)
                  failure = std::current_exception ();
                g_mutex_unlock (&failure_lock);
                next = which.size ();
              }
          }
      }
  }, (double) n_workers);
  g_mutex_clear (&failure_lock);

  if (failure)
    std::rethrow_exception (failure);
}

/* Reads every line of @image (the bitmap's pixels turned upright as far as
 * known).  A page found upside down is re-framed so that the reading order
 * is that of the upright page. */
static void
read_lines_locked (AgPpocr                       *self,
                   const cv::Mat                 &image,
                   const std::vector<AgPpocrBox> &boxes,
                   const cv::Matx33d             &image_to_page,
                   GCancellable                  *cancellable,
                   std::vector<Line>             *lines)
{
  double flipped = 0, total = 0;
  std::vector<size_t> all, upright;

  gint64 start = g_get_monotonic_time ();

  for (const AgPpocrBox &box : boxes)
    {
      cv::Matx33d crop_to_image;
      Line line;

      line.crop = cut_line (image, box, &crop_to_image, &line.turned);
      line.to_image = crop_to_image;
      line.to_page = image_to_page * crop_to_image;
      line.flipped = false;
      all.push_back (lines->size ());
      lines->push_back (std::move (line));
    }
  self->cut_ms += (g_get_monotonic_time () - start) / 1000.0;

  for_each_line_locked (self, *lines, all, cancellable, [] (NetSet &set, Line &line) {
    recognize_crop_locked (set, line.crop, &line);

    /* The classifier alone turns correct lines over now and then; the
     * recogniser's confidence has the last word.  A line the recogniser
     * reads surely is not asked at all: no line read upside down came
     * out that sure. */
    if (line.confidence < CLS_SKIP_CONFIDENCE &&
        classify_locked (set, line.crop) > CLS_FLIP_THRESHOLD)
      try_flipped_locked (set, &line, 0.02);
  });
  if (g_cancellable_is_cancelled (cancellable))
    return;

  for (size_t i = 0; i < lines->size (); i++)
    {
      const Line &line = (*lines)[i];

      /* never the text itself: logs must not copy the document */
      g_debug ("ppocr: line of %zu characters, confidence %.3f%s, box score %.2f",
               line.chars.size (), line.confidence,
               line.flipped ? " (upside down)" : "", boxes[i].score);
      total += line.chars.size ();
      if (line.flipped)
        flipped += line.chars.size ();
      else
        upright.push_back (i);
    }

  if (total > 0 && flipped / total > 0.5)
    {
      /* Upside down: the lines the classifier let through get a second
       * chance, and the order is that of the page turned over. */
      cv::Matx33d over = turn_back_matrix (2, image.cols, image.rows);

      for_each_line_locked (self, *lines, upright, cancellable, [] (NetSet &set, Line &line) {
        try_flipped_locked (set, &line, 0.0);
      });
      if (g_cancellable_is_cancelled (cancellable))
        return;
      for (Line &line : *lines)
        line.to_image = over * line.to_image;
    }

  /* as PaddleOCR: what the recogniser is unsure of is mostly not text
   * (icons, textures, the edges of the photo); a tall box on a page of
   * horizontal lines is more often a picture than a vertical word, so it
   * must be read with more confidence */
  lines->erase (std::remove_if (lines->begin (), lines->end (), [] (const Line &l) {
    return l.chars.empty () || l.confidence < REC_DROP_SCORE ||
           (l.turned && l.confidence < REC_DROP_SCORE_TURNED);
  }), lines->end ());
}

/* Bitmap-pixel corners of the part of @line between steps @first and @last. */
static cv::Rect2d
span_bounds (const Line &line,
             int         first,
             int         last)
{
  /* a step covers net_width / n_steps columns of the 48-px-high input */
  double step = (double) line.net_width / std::max (1, line.n_steps);
  double to_crop = (double) line.crop_width / std::max (1, line.input_width);
  double x0 = std::clamp ((first - 0.5) * step * to_crop, 0.0, (double) line.crop_width);
  double x1 = std::clamp ((last + 1.5) * step * to_crop, 0.0, (double) line.crop_width);
  cv::Point2d p[4] = {
    apply (line.to_page, x0, 0),
    apply (line.to_page, x1, 0),
    apply (line.to_page, x1, line.crop_height),
    apply (line.to_page, x0, line.crop_height),
  };
  double xmin = p[0].x, xmax = p[0].x, ymin = p[0].y, ymax = p[0].y;

  for (int i = 1; i < 4; i++)
    {
      xmin = std::min (xmin, p[i].x);
      xmax = std::max (xmax, p[i].x);
      ymin = std::min (ymin, p[i].y);
      ymax = std::max (ymax, p[i].y);
    }

  return cv::Rect2d (xmin, ymin, xmax - xmin, ymax - ymin);
}

static AgRect
to_fraction (const cv::Rect2d &r,
             int               width,
             int               height)
{
  AgRect rect;

  ag_rect_from_pixels (&rect, width, height, r.x, r.y, r.width, r.height);
  ag_rect_clamp (&rect);
  return rect;
}

static gboolean
is_cjk (const std::string &key)
{
  gunichar c = g_utf8_get_char_validated (key.c_str (), -1);

  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0x20000 && c <= 0x3FFFF);
}

static gboolean
is_ascii_alnum (const std::string &key)
{
  return key.size () == 1 && g_ascii_isalnum (key[0]);
}

/* Whether a space is missing before character @j of @line: the
 * recogniser reads whole lines and now and then runs two English words
 * together ("itwas").  Measured on the corpus's English lines, the steps
 * between two letters of a word are 1–4 apart and those of two words 4–6;
 * from 5 on, 14 of 16 run-together pairs were two words.  A comma or a
 * semicolon followed by a letter ends a word too. */
static gboolean
space_missing (AgPpocr    *self,
               const Line &line,
               size_t      j)
{
  const std::string &before = self->keys[line.chars[j - 1].index];
  const std::string &after = self->keys[line.chars[j].index];

  if (!is_ascii_alnum (after))
    return FALSE;
  if (is_ascii_alnum (before))
    return line.chars[j].first_step - line.chars[j - 1].last_step >= REC_WORD_GAP;
  return (before == "," || before == ";") && g_ascii_isalpha (after[0]);
}

/* Words of a line: split at spaces, and between two CJK characters, so
 * that joining them again (ag_text_append_joined) gives the same text and
 * every Chinese character gets its own box. */
static void
add_words (AgPpocr    *self,
           const Line &line,
           AgLine     *out,
           int         page_width,
           int         page_height)
{
  size_t i = 0;

  while (i < line.chars.size ())
    {
      std::string text;
      size_t j = i;
      double confidence = 0;
      cv::Rect2d bounds;
      AgRect rect;

      if (self->keys[line.chars[i].index] == " ")
        {
          i++;
          continue;
        }

      while (j < line.chars.size ())
        {
          const std::string &key = self->keys[line.chars[j].index];

          if (key == " ")
            break;
          if (j > i && is_cjk (key) && is_cjk (self->keys[line.chars[j - 1].index]))
            break;
          if (j > i && space_missing (self, line, j))
            break;
          text += key;
          confidence += line.chars[j].confidence;
          j++;
        }

      bounds = span_bounds (line, line.chars[i].first_step, line.chars[j - 1].last_step);
      rect = to_fraction (bounds, page_width, page_height);
      g_ptr_array_add (out->words, ag_word_new (text.c_str (), &rect,
                                                (float) (100.0 * confidence / (j - i))));
      i = j;
    }
}

static AgRect
union_of_words (GPtrArray *words)
{
  AgRect r = { 0, 0, 0, 0 };
  double x1 = 0, y1 = 0;

  for (guint i = 0; i < words->len; i++)
    {
      AgWord *w = (AgWord *) g_ptr_array_index (words, i);

      if (i == 0)
        {
          r.x = w->box.x;
          r.y = w->box.y;
          x1 = w->box.x + w->box.width;
          y1 = w->box.y + w->box.height;
          continue;
        }
      r.x = std::min (r.x, w->box.x);
      r.y = std::min (r.y, w->box.y);
      x1 = std::max (x1, w->box.x + w->box.width);
      y1 = std::max (y1, w->box.y + w->box.height);
    }
  r.width = x1 - r.x;
  r.height = y1 - r.y;

  return r;
}

/* Reading order: lines sorted top to bottom; lines side by side (their
 * middles within each other's height) make one row, read left to right,
 * all in the page turned straight; each row becomes one AgLine; a new
 * block (paragraph) starts after a gap taller
 * than a line or where a row does not overlap the previous one sideways. */
static void
build_blocks (AgPpocr           *self,
              std::vector<Line> &lines,
              AgRecognitionPage *page)
{
  std::vector<std::vector<Line *>> rows;
  AgBlock *block = NULL;
  cv::Rect2d previous;

  std::vector<double> angles;
  double skew = 0, c, s;

  /* The page's skew: the median slope of the lines' top edges.  Lines are
   * ordered in the page turned straight, or on a skewed page the boxes of
   * neighbouring lines would overlap and weave together. */
  for (Line &line : lines)
    if (!line.turned)
      {
        cv::Point2d a = apply (line.to_image, 0, 0);
        cv::Point2d b = apply (line.to_image, line.crop_width, 0);

        angles.push_back (std::atan2 (b.y - a.y, b.x - a.x));
      }
  if (!angles.empty ())
    {
      std::nth_element (angles.begin (), angles.begin () + angles.size () / 2, angles.end ());
      skew = angles[angles.size () / 2];
      if (std::fabs (skew) > M_PI / 6)
        skew = 0;
    }
  c = std::cos (skew);
  s = std::sin (skew);

  /* where each line's crop lies in the upright image turned straight */
  for (Line &line : lines)
    {
      cv::Point2d p[4] = {
        apply (line.to_image, 0, 0),
        apply (line.to_image, line.crop_width, 0),
        apply (line.to_image, line.crop_width, line.crop_height),
        apply (line.to_image, 0, line.crop_height),
      };
      double xmin, xmax, ymin, ymax;

      for (int i = 0; i < 4; i++)
        p[i] = cv::Point2d (p[i].x * c + p[i].y * s, -p[i].x * s + p[i].y * c);
      xmin = xmax = p[0].x;
      ymin = ymax = p[0].y;
      for (int i = 1; i < 4; i++)
        {
          xmin = std::min (xmin, p[i].x);
          xmax = std::max (xmax, p[i].x);
          ymin = std::min (ymin, p[i].y);
          ymax = std::max (ymax, p[i].y);
        }
      line.bounds = cv::Rect2d (xmin, ymin, xmax - xmin, ymax - ymin);
    }

  std::sort (lines.begin (), lines.end (), [] (const Line &a, const Line &b) {
    return a.bounds.y + a.bounds.height / 2 < b.bounds.y + b.bounds.height / 2;
  });

  for (Line &line : lines)
    {
      double middle = line.bounds.y + line.bounds.height / 2;
      bool joined = false;

      if (!rows.empty ())
        {
          std::vector<Line *> &row = rows.back ();
          double top = 1e300, bottom = -1e300, row_middle;

          for (Line *l : row)
            {
              top = std::min (top, l->bounds.y);
              bottom = std::max (bottom, l->bounds.y + l->bounds.height);
            }
          row_middle = (top + bottom) / 2;
          if (middle > top && middle < bottom &&
              row_middle > line.bounds.y && row_middle < line.bounds.y + line.bounds.height)
            {
              row.push_back (&line);
              joined = true;
            }
        }
      if (!joined)
        rows.push_back ({ &line });
    }

  for (std::vector<Line *> &row : rows)
    {
      AgLine *ag_line = ag_line_new ();
      cv::Rect2d bounds;
      double gap;

      std::sort (row.begin (), row.end (), [] (const Line *a, const Line *b) {
        return a->bounds.x < b->bounds.x;
      });

      bounds = row[0]->bounds;
      for (Line *l : row)
        {
          bounds |= l->bounds;
          add_words (self, *l, ag_line, page->width, page->height);
        }
      if (ag_line->words->len == 0)
        {
          ag_line_free (ag_line);
          continue;
        }
      ag_line->box = union_of_words (ag_line->words);

      gap = bounds.y - (previous.y + previous.height);
      if (block == NULL ||
          gap > std::max (bounds.height, previous.height) ||
          bounds.x > previous.x + previous.width ||
          previous.x > bounds.x + bounds.width)
        {
          block = ag_block_new (-1);
          g_ptr_array_add (page->blocks, block);
        }
      g_ptr_array_add (block->lines, ag_line);
      previous = bounds;
    }

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *blk = (AgBlock *) g_ptr_array_index (page->blocks, b);
      AgRect r = { 0, 0, 0, 0 };
      double x1 = 0, y1 = 0;

      for (guint l = 0; l < blk->lines->len; l++)
        {
          AgLine *ln = (AgLine *) g_ptr_array_index (blk->lines, l);

          if (l == 0)
            {
              r = ln->box;
              x1 = r.x + r.width;
              y1 = r.y + r.height;
              continue;
            }
          r.x = std::min (r.x, ln->box.x);
          r.y = std::min (r.y, ln->box.y);
          x1 = std::max (x1, ln->box.x + ln->box.width);
          y1 = std::max (y1, ln->box.y + ln->box.height);
        }
      r.width = x1 - r.x;
      r.height = y1 - r.y;
      blk->box = r;
    }
}

/* What any step of reading says when OpenCV throws. */
static void
set_read_error (AgPpocr              *self,
                const cv::Exception  &e,
                GError              **error)
{
  if (dynamic_cast<const LoadError *> (&e) != nullptr)
    set_load_error (self->model_dir.c_str (), e, error);
  else
    g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_FAILED,
                 _("PP-OCR could not read this image (%s)."), e.what ());
}

static gboolean
crop_area (AgBitmap     *bitmap,
           const AgRect *crop,
           cv::Rect     *area,
           GError      **error)
{
  int width = ag_bitmap_get_width (bitmap);
  int height = ag_bitmap_get_height (bitmap);

  *area = cv::Rect (0, 0, width, height);
  if (crop != NULL)
    {
      AgRect r = *crop;
      int x, y, w, h;

      ag_rect_clamp (&r);
      ag_rect_to_pixels (&r, width, height, &x, &y, &w, &h);
      *area = cv::Rect (x, y, w, h) & cv::Rect (0, 0, width, height);
    }
  if (area->width < 4 || area->height < 4)
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_FAILED,
                   _("The area to read is too small. Draw a larger region."));
      return FALSE;
    }

  return TRUE;
}

/**
 * _ag_ppocr_recognize:
 * @bitmap: the page (RGBA8 or GRAY8)
 * @crop: (nullable): the part to read, in fractions of the page
 *
 * Reads the text of @bitmap (or of @crop of it).  Boxes are in fractions
 * of the whole bitmap; blocks have region -1 (the caller sets it).
 *
 * Returns: (transfer full) (nullable): the page with engine "ppocr", or
 *   %NULL with @error (also when cancelled)
 */
AgRecognitionPage *
_ag_ppocr_recognize (AgPpocr       *self,
                    AgBitmap      *bitmap,
                    const AgRect  *crop,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(AgRecognitionPage) page = NULL;
  std::vector<Line> lines;
  cv::Rect area;
  cv::Mat image;
  cv::Matx33d offset;
  int turns = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (bitmap != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !crop_area (bitmap, crop, &area, error))
    return NULL;

  page = ag_recognition_page_new (0, ag_bitmap_get_width (bitmap),
                                  ag_bitmap_get_height (bitmap),
                                  ag_bitmap_get_dpi (bitmap),
                                  AG_RECOGNITION_SOURCE_OCR);
  page->engine = g_strdup ("ppocr");
  offset = cv::Matx33d (1, 0, area.x, 0, 1, area.y, 0, 0, 1);

  try
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
      gint64 start = g_get_monotonic_time ();
      cv::Mat upright = bitmap_to_bgr (bitmap, &area);
      double decode_ms = (g_get_monotonic_time () - start) / 1000.0;

      double net_ms[3] = { 0, 0, 0 };
      int net_runs[3] = { 0, 0, 0 };

      for (std::unique_ptr<NetSet> &set : self->sets)
        for (int i = 0; i < 3; i++)
          set->net_ms[i] = 0, set->net_runs[i] = 0;
      self->boxes_ms = 0;
      self->cut_ms = 0;

      SpareLoader spare (self);
      std::vector<AgPpocrBox> boxes;

      /* A page whose ink lies in columns is turned by a quarter before
       * it is detected: one run where a page on its side took two (the
       * first only to learn that its lines stand up).  Where that was
       * wrong (the turned page's lines stand up), the page as it was. */
      image = upright;
      if (looks_sideways (upright))
        {
          cv::Mat turned = turn (upright, 1);

          boxes = detect_locked (self, turned, DET_LIMIT_SIDE);
          if (!mostly_tall (boxes))
            {
              turns = 1;
              image = turned;
            }
          else
            boxes = detect_locked (self, upright, DET_LIMIT_SIDE);
        }
      else
        boxes = detect_locked (self, upright, DET_LIMIT_SIDE);

      /* A page turned by a quarter: its lines come out as tall boxes (of
       * Latin text, often two neighbouring lines merged), so it is turned
       * and detected again, smaller where the text is large; and at the
       * full size if that lost a line the first run found. */
      if (turns == 0 && mostly_tall (boxes))
        {
          int long_side = std::max (upright.cols, upright.rows);
          int limit = limit_from_boxes (boxes, long_side);
          std::vector<AgPpocrBox> first = std::move (boxes);

          turns = 1;
          image = turn (upright, turns);
          g_debug ("ppocr: page on its side, detected again at %d px", limit);
          boxes = detect_locked (self, image, limit);
          if (limit < DET_LIMIT_SIDE &&
              !covers (first, boxes, turn_back_matrix (turns, upright.cols, upright.rows),
                       DET_MIN_LINE * std::max (1.0, (double) long_side / DET_LIMIT_SIDE)))
            {
              g_debug ("ppocr: a line was lost at %d px, detected again at %d px", limit, DET_LIMIT_SIDE);
              boxes = detect_locked (self, image, DET_LIMIT_SIDE);
            }
        }

      spare.take (self);
      read_lines_locked (self, image, boxes,
                         offset * turn_back_matrix (turns, upright.cols, upright.rows),
                         cancellable, &lines);

      for (std::unique_ptr<NetSet> &set : self->sets)
        for (int i = 0; i < 3; i++)
          net_ms[i] += set->net_ms[i], net_runs[i] += set->net_runs[i];
      g_debug ("ppocr: %dx%d page in %.0f ms: to BGR %.0f ms, detector %.0f ms (%d run), "
               "boxes %.0f ms, lines cut %.0f ms, classifier %.0f ms (%d lines), recogniser %.0f ms (%d runs), "
               "%zu threads", area.width, area.height,
               (g_get_monotonic_time () - start) / 1000.0, decode_ms,
               net_ms[AG_PPOCR_NET_DETECTOR], net_runs[AG_PPOCR_NET_DETECTOR], self->boxes_ms, self->cut_ms,
               net_ms[AG_PPOCR_NET_CLASSIFIER], net_runs[AG_PPOCR_NET_CLASSIFIER],
               net_ms[AG_PPOCR_NET_RECOGNIZER], net_runs[AG_PPOCR_NET_RECOGNIZER],
               self->sets.size ());
    }
  catch (const cv::Exception &e)
    {
      set_read_error (self, e, error);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  build_blocks (self, lines, page);

  return (AgRecognitionPage *) g_steal_pointer (&page);
}

/**
 * _ag_ppocr_read_boxes:
 * @bitmap: the page (RGBA8 or GRAY8)
 * @boxes: (array length=n_boxes): upright lines of text, in fractions of
 *   @bitmap
 *
 * Reads each box as one line, with the recogniser alone: no detector, no
 * classifier.  For a second opinion on lines another recogniser found.
 *
 * Returns: (transfer full) (element-type AgLine): one line per box, in
 *   order, with one word per character (no spaces), none where nothing
 *   was read; %NULL with @error
 */
GPtrArray *
_ag_ppocr_read_boxes (AgPpocr       *self,
                     AgBitmap      *bitmap,
                     const AgRect  *boxes,
                     guint          n_boxes,
                     GCancellable  *cancellable,
                     GError       **error)
{
  int width = ag_bitmap_get_width (bitmap);
  int height = ag_bitmap_get_height (bitmap);
  GPtrArray *out;
  std::vector<Line> lines;
  std::vector<size_t> all;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (bitmap != NULL, NULL);

  try
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
      cv::Rect whole (0, 0, width, height);
      cv::Mat image = bitmap_to_bgr (bitmap, &whole);

      for (guint i = 0; i < n_boxes; i++)
        {
          AgRect r = boxes[i];
          AgPpocrBox box;
          cv::Matx33d crop_to_image;
          Line line;
          int x, y, w, h, pad;

          ag_rect_clamp (&r);
          ag_rect_to_pixels (&r, width, height, &x, &y, &w, &h);
          w = MAX (w, 1);
          h = MAX (h, 1);
          box.x[0] = box.x[3] = (float) x;
          box.x[1] = box.x[2] = (float) (x + w);
          box.y[0] = box.y[1] = (float) y;
          box.y[2] = box.y[3] = (float) (y + h);
          box.score = 1.0f;
          line.crop = cut_line (image, box, &crop_to_image, &line.turned);
          /* The box ends halfway to the next character: pad it with its
           * own edges, as the detector's looser boxes would have it. */
          pad = line.crop.rows / 2;
          cv::copyMakeBorder (line.crop, line.crop, 0, 0, pad, pad, cv::BORDER_REPLICATE);
          crop_to_image = crop_to_image * cv::Matx33d (1, 0, -pad, 0, 1, 0, 0, 0, 1);
          line.to_image = crop_to_image;
          line.to_page = crop_to_image;
          line.flipped = false;
          all.push_back (lines.size ());
          lines.push_back (std::move (line));
        }

      for_each_line_locked (self, lines, all, cancellable, [] (NetSet &set, Line &line) {
        recognize_crop_locked (set, line.crop, &line, SPOT_MIN_WIDTH);
      });
    }
  catch (const cv::Exception &e)
    {
      set_read_error (self, e, error);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* One word per character, with its own confidence: what the caller
   * compares, character by character. */
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_line_free);
  for (const Line &line : lines)
    {
      AgLine *l = ag_line_new ();

      for (size_t j = 0; !line.turned && j < line.chars.size (); j++)
        {
          const AgPpocrChar &c = line.chars[j];
          const std::string &key = self->keys[c.index];
          AgRect rect;

          if (key == " ")
            continue;
          rect = to_fraction (span_bounds (line, c.first_step, c.last_step), width, height);
          g_ptr_array_add (l->words, ag_word_new (key.c_str (), &rect, 100.0f * c.confidence));
        }
      g_ptr_array_add (out, l);
    }

  return out;
}

/**
 * _ag_ppocr_detect:
 *
 * Runs the detector alone on the whole of @bitmap.
 *
 * Returns: (transfer full) (element-type AgPpocrBox): the boxes, in
 *   bitmap pixels
 */
GArray *
_ag_ppocr_detect (AgPpocr   *self,
                 AgBitmap  *bitmap,
                 GError   **error)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (AgPpocrBox));
  cv::Rect area;

  g_return_val_if_fail (self != NULL, boxes);

  if (!crop_area (bitmap, NULL, &area, error))
    {
      g_array_unref (boxes);
      return NULL;
    }

  try
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
      cv::Mat image = bitmap_to_bgr (bitmap, &area);

      for (const AgPpocrBox &b : detect_locked (self, image, DET_LIMIT_SIDE))
        g_array_append_val (boxes, b);
    }
  catch (const cv::Exception &e)
    {
      set_read_error (self, e, error);
      g_array_unref (boxes);
      return NULL;
    }

  return boxes;
}

/**
 * _ag_ppocr_run_net:
 * @input: a 1×3×@height×@width tensor
 * @n_values: (out): how many floats come back
 *
 * Runs one network on a prepared tensor (for the golden-output tests).
 *
 * Returns: (transfer full) (nullable): the output, g_free() it
 */
float *
_ag_ppocr_run_net (AgPpocr      *self,
                  AgPpocrNet    which,
                  const float  *input,
                  int           height,
                  int           width,
                  gsize        *n_values,
                  GError      **error)
{
  int sizes[4] = { 1, 3, height, width };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (input != NULL, NULL);

  try
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
      cv::Mat blob (4, sizes, CV_32F, (void *) input);
      cv::Mat out = forward (*self->sets[0], which, blob);

      *n_values = out.total ();
      return (float *) g_memdup2 (out.ptr<float> (), out.total () * sizeof (float));
    }
  catch (const cv::Exception &e)
    {
      set_read_error (self, e, error);
      return NULL;
    }
}

/* ------------------------------------------------------------------------ */
/* The module's entry point                                                 */

static const AgPpocrModule module_functions = {
  AG_PPOCR_MODULE_ABI,
  _ag_ppocr_new,
  _ag_ppocr_free,
  _ag_ppocr_recognize,
  _ag_ppocr_detect,
  _ag_ppocr_ctc_decode,
  _ag_ppocr_boxes_from_map,
  _ag_ppocr_get_key,
  _ag_ppocr_run_net,
  _ag_ppocr_read_boxes,
  _ag_ppocr_load_detector,
};

/**
 * ag_ppocr_module_init:
 * @core: the program's core functions
 *
 * Called once by ag-ppocr-loader.c after it opened the module.
 *
 * Returns: (transfer none) (nullable): the module's functions, or %NULL
 *   when @core is from another version of Airgap
 */
const AgPpocrModule *
ag_ppocr_module_init (const AgPpocrCore *core)
{
  if (core == NULL || core->abi != AG_PPOCR_MODULE_ABI)
    return NULL;

  _ag_ppocr_core = core;
  return &module_functions;
}
