/* ag-ppocr-loader.c — ag-ppocr.h, with PP-OCR itself loaded on first use
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * PP-OCR needs OpenCV: eleven shared libraries, libstdc++ and libquadmath
 * (whose printf hooks slow down every printf of the process, Tesseract's
 * own included).  Most runs never read a page with PP-OCR, so it lives in
 * a module, libairgap-ppocr.so (ag-ppocr.cpp), opened here the first time
 * a page is really read with it.  Everything the automatic choice needs
 * (are the models there, does the page look like a photo, does it have
 * columns) is answered here without the module.
 *
 * Where the module is missing — a build without OpenCV, or an
 * installation without it — Airgap reads everything with Tesseract and
 * says why, as a build with -Dppocr=disabled does.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "recognize/ag-engine.h"
#include "recognize/ppocr/ag-ppocr-module.h"

static const char *model_files[] = AG_PPOCR_MODEL_FILES;

/* ------------------------------------------------------------------------ */
/* The module                                                               */

static const AgPpocrCore core_functions = {
  AG_PPOCR_MODULE_ABI,
  ag_bitmap_get_format,
  ag_bitmap_get_width,
  ag_bitmap_get_height,
  ag_bitmap_get_stride,
  ag_bitmap_get_pixels,
  ag_bitmap_get_dpi,
  ag_recognition_page_new,
  ag_recognition_page_free,
  ag_block_new,
  ag_line_new,
  ag_line_free,
  ag_word_new,
  ag_rect_clamp,
  ag_rect_to_pixels,
  ag_rect_from_pixels,
  ag_engine_error_quark,
};

static GMutex module_lock;
static gboolean module_tried;
static const AgPpocrModule *module_functions;
static char *module_failure;   /* why it could not be loaded, untranslated */

/* $AIRGAP_PPOCR_MODULE (the build tree and the tests), else the module
 * installed with Airgap. */
static const char *
module_path (void)
{
  const char *env = g_getenv ("AIRGAP_PPOCR_MODULE");

  return env != NULL && env[0] != '\0' ? env : AG_PPOCR_MODULE_PATH;
}

/* Whether there is a module to load: a file test, so that the automatic
 * choice costs nothing when it picks Tesseract. */
static gboolean
module_present (void)
{
  gboolean present;

  g_mutex_lock (&module_lock);
  if (module_tried)
    present = module_functions != NULL;
  else
    present = g_file_test (module_path (), G_FILE_TEST_IS_REGULAR);
  g_mutex_unlock (&module_lock);

  return present;
}

/* The module's functions, loading it the first time; %NULL when it is
 * missing or broken (and @failure says why, untranslated). */
static const AgPpocrModule *
load_module (const char **failure)
{
  const AgPpocrModule *functions;

  g_mutex_lock (&module_lock);
  if (!module_tried)
    {
      const char *path = module_path ();
      GModule *module;
      gpointer init = NULL;
      gint64 start = g_get_monotonic_time ();

      module_tried = TRUE;
      module = g_module_open (path, G_MODULE_BIND_LOCAL);
      if (module == NULL)
        module_failure = g_strdup (g_module_error ());
      else if (!g_module_symbol (module, AG_PPOCR_MODULE_SYMBOL, &init) || init == NULL)
        module_failure = g_strdup_printf ("%s has no %s", path, AG_PPOCR_MODULE_SYMBOL);
      else if ((module_functions = ((AgPpocrModuleInit) init) (&core_functions)) == NULL ||
               module_functions->abi != AG_PPOCR_MODULE_ABI)
        {
          module_functions = NULL;
          module_failure = g_strdup_printf ("%s is from another version of Airgap", path);
        }

      if (module_functions != NULL)
        {
          /* its functions are used until the end: never unloaded */
          g_module_make_resident (module);
          g_debug ("ppocr: loaded %s in %.0f ms", path,
                   (g_get_monotonic_time () - start) / 1000.0);
        }
      else
        {
          g_debug ("ppocr: no module: %s", module_failure);
          if (module != NULL)
            g_module_close (module);
        }
    }
  functions = module_functions;
  if (failure != NULL)
    *failure = module_failure;
  g_mutex_unlock (&module_lock);

  return functions;
}

static void
set_missing (const char  *failure,
             GError     **error)
{
  if (failure != NULL && g_file_test (module_path (), G_FILE_TEST_EXISTS))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("PP-OCR could not be loaded (%s)."), failure);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("This build of Airgap has no PP-OCR."));
}

/* ------------------------------------------------------------------------ */
/* Models                                                                   */

static gboolean
models_complete (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (model_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, model_files[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return FALSE;
    }

  return TRUE;
}

/**
 * ag_ppocr_find_models:
 * @dir: (out) (optional) (transfer full): where the models are
 *
 * Looks for the PP-OCR models, in this order: $AIRGAP_MODELS_DIR (the
 * build tree and the tests), $XDG_DATA_HOME/airgap/models, then the
 * models installed with Airgap.  Nothing is ever downloaded, and nothing
 * but files is looked at: the module is not loaded.
 *
 * Returns: %TRUE if a complete set was found
 */
gboolean
ag_ppocr_find_models (char **dir)
{
  const char *env = g_getenv ("AIRGAP_MODELS_DIR");
  g_autofree char *user = g_build_filename (g_get_user_data_dir (), "airgap", "models", NULL);
  g_autofree char *system = g_build_filename (PKGDATADIR, "models", NULL);
  const char *candidates[] = { env, user, system };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (candidates[i] == NULL || candidates[i][0] == '\0')
        continue;
      if (models_complete (candidates[i]))
        {
          if (dir != NULL)
            *dir = g_strdup (candidates[i]);
          return TRUE;
        }
    }

  if (dir != NULL)
    *dir = NULL;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* The recogniser, in the module                                            */

/**
 * ag_ppocr_new:
 * @model_dir: a folder with the converted models and the key list
 *
 * Loads the module if need be, then the three networks (about 0.1 s).
 *
 * Returns: (transfer full) (nullable): the recogniser, or %NULL with @error
 */
AgPpocr *
ag_ppocr_new (const char  *model_dir,
              GError     **error)
{
  const char *failure = NULL;
  const AgPpocrModule *module = load_module (&failure);

  g_return_val_if_fail (model_dir != NULL, NULL);

  if (module == NULL)
    {
      set_missing (failure, error);
      return NULL;
    }
  if (!models_complete (model_dir))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The PP-OCR models are not installed in “%s”."), model_dir);
      return NULL;
    }
  return module->new_ (model_dir, error);
}

void
ag_ppocr_free (AgPpocr *self)
{
  const AgPpocrModule *module;

  if (self == NULL)
    return;

  /* an AgPpocr comes from the module, so it is loaded */
  module = load_module (NULL);
  g_return_if_fail (module != NULL);
  module->free (self);
}

/**
 * ag_ppocr_recognize:
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
ag_ppocr_recognize (AgPpocr       *self,
                    AgBitmap      *bitmap,
                    const AgRect  *crop,
                    GCancellable  *cancellable,
                    GError       **error)
{
  const AgPpocrModule *module = load_module (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (module != NULL, NULL);

  return module->recognize (self, bitmap, crop, cancellable, error);
}

/**
 * ag_ppocr_read_boxes:
 * @boxes: (array length=n_boxes): upright lines, in fractions of @bitmap
 *
 * Reads each box as one line with the recogniser alone.
 *
 * Returns: (transfer full) (element-type AgLine): one line per box, in
 *   order, with one word per character (no spaces), none where nothing
 *   was read; %NULL with @error
 */
GPtrArray *
ag_ppocr_read_boxes (AgPpocr       *self,
                     AgBitmap      *bitmap,
                     const AgRect  *boxes,
                     guint          n_boxes,
                     GCancellable  *cancellable,
                     GError       **error)
{
  const AgPpocrModule *module = load_module (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (module != NULL, NULL);

  return module->read_boxes (self, bitmap, boxes, n_boxes, cancellable, error);
}

/**
 * ag_ppocr_detect:
 *
 * Runs the detector alone on the whole of @bitmap.
 *
 * Returns: (transfer full) (element-type AgPpocrBox): the boxes, in
 *   bitmap pixels
 */
GArray *
ag_ppocr_detect (AgPpocr   *self,
                 AgBitmap  *bitmap,
                 GError   **error)
{
  const AgPpocrModule *module = load_module (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (module != NULL, NULL);

  return module->detect (self, bitmap, error);
}

/**
 * ag_ppocr_boxes_from_map:
 *
 * DB post-processing of the detector's probability map (see
 * ag-ppocr.cpp).  Without the module: no boxes.
 *
 * Returns: (transfer full) (element-type AgPpocrBox): the boxes
 */
GArray *
ag_ppocr_boxes_from_map (const float *map,
                         int          width,
                         int          height,
                         double       scale_x,
                         double       scale_y)
{
  const AgPpocrModule *module = load_module (NULL);

  if (module == NULL)
    return g_array_new (FALSE, FALSE, sizeof (AgPpocrBox));
  return module->boxes_from_map (map, width, height, scale_x, scale_y);
}

/**
 * ag_ppocr_ctc_decode:
 *
 * Greedy CTC decoding (see ag-ppocr.cpp).  Without the module: nothing.
 *
 * Returns: (transfer full) (element-type AgPpocrChar): the characters
 */
GArray *
ag_ppocr_ctc_decode (const float *probs,
                     int          n_steps,
                     int          n_classes)
{
  const AgPpocrModule *module = load_module (NULL);

  if (module == NULL)
    return g_array_new (FALSE, FALSE, sizeof (AgPpocrChar));
  return module->ctc_decode (probs, n_steps, n_classes);
}

const char *
ag_ppocr_get_key (AgPpocr *self,
                  int      index)
{
  const AgPpocrModule *module = load_module (NULL);

  g_return_val_if_fail (self != NULL, "");
  g_return_val_if_fail (module != NULL, "");

  return module->get_key (self, index);
}

float *
ag_ppocr_run_net (AgPpocr      *self,
                  AgPpocrNet    which,
                  const float  *input,
                  int           height,
                  int           width,
                  gsize        *n_values,
                  GError      **error)
{
  const AgPpocrModule *module = load_module (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (module != NULL, NULL);

  return module->run_net (self, which, input, height, width, n_values, error);
}

/* ------------------------------------------------------------------------ */
/* The automatic choice (AgEngine's hook)                                   */

static GMutex default_lock;
static AgPpocr *default_ppocr;

/**
 * ag_ppocr_get_default:
 *
 * The process's shared recogniser, loaded on first use from the models
 * ag_ppocr_find_models() finds.  A failure is not remembered: models set
 * up while Airgap runs are found next time.
 *
 * Returns: (transfer none) (nullable): the recogniser, or %NULL with @error
 */
AgPpocr *
ag_ppocr_get_default (GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&default_lock);
  g_autofree char *dir = NULL;

  if (default_ppocr != NULL)
    return default_ppocr;

  if (!ag_ppocr_find_models (&dir))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("PP-OCR’s models are not installed."));
      return NULL;
    }

  default_ppocr = ag_ppocr_new (dir, error);
  return default_ppocr;
}

/* Separable 9×9 maximum (a dilation by a square; pixels beyond the edge
 * do not count, as OpenCV's default border for dilate). */
static void
dilate9 (const guint8 *src,
         guint8       *dst,
         int           width,
         int           height)
{
  g_autofree guint8 *tmp = g_malloc ((gsize) width * height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 m = 0;

        for (int k = MAX (0, x - 4); k <= MIN (width - 1, x + 4); k++)
          m = MAX (m, src[(gsize) y * width + k]);
        tmp[(gsize) y * width + x] = m;
      }
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 m = 0;

        for (int k = MAX (0, y - 4); k <= MIN (height - 1, y + 4); k++)
          m = MAX (m, tmp[(gsize) k * width + x]);
        dst[(gsize) y * width + x] = m;
      }
}

typedef struct
{
  int    to[2];       /* the small image's pixels this one falls into */
  double weight[2];   /* and how much of it, as a share of that pixel */
} AreaTab;

/* Area averaging from @n_src pixels to @n_dst (as OpenCV's INTER_AREA
 * when shrinking): each source pixel gives its covered share to at most
 * two destination pixels. */
static AreaTab *
area_table (int n_src,
            int n_dst)
{
  AreaTab *tab = g_new0 (AreaTab, n_src);
  double scale = (double) n_src / n_dst;

  for (int s = 0; s < n_src; s++)
    tab[s].to[0] = tab[s].to[1] = -1;
  for (int d = 0; d < n_dst; d++)
    {
      double f0 = d * scale, f1 = f0 + scale;
      double cell = MIN (scale, n_src - f0);

      for (int s = (int) f0; s < n_src && s < f1; s++)
        {
          double covered = MIN (f1, s + 1.0) - MAX (f0, (double) s);
          int slot = tab[s].to[0] < 0 ? 0 : 1;

          if (covered <= 1e-3)
            continue;
          tab[s].to[slot] = d;
          tab[s].weight[slot] = covered / cell;
        }
    }

  return tab;
}

/* The bitmap shrunk to @width × @height grey pixels: colour blended on
 * white, area-averaged per channel, then grey as OpenCV's BGR2GRAY. */
static guint8 *
small_gray (AgBitmap *bitmap,
            int       width,
            int       height)
{
  GBytes *bytes = ag_bitmap_get_pixels (bitmap);
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  int src_width = ag_bitmap_get_width (bitmap);
  int src_height = ag_bitmap_get_height (bitmap);
  gsize stride = ag_bitmap_get_stride (bitmap);
  gboolean gray = ag_bitmap_get_format (bitmap) == AG_BITMAP_FORMAT_GRAY8;
  g_autofree AreaTab *xtab = area_table (src_width, width);
  g_autofree AreaTab *ytab = area_table (src_height, height);
  g_autofree double *row = g_new (double, (gsize) width * 3);
  g_autofree double *sum = g_new0 (double, (gsize) width * height * 3);
  guint8 *out = g_malloc ((gsize) width * height);

  for (int y = 0; y < src_height; y++)
    {
      const guint8 *src = data + (gsize) y * stride;

      memset (row, 0, sizeof (double) * width * 3);
      for (int x = 0; x < src_width; x++)
        {
          double bgr[3];

          if (gray)
            bgr[0] = bgr[1] = bgr[2] = src[x];
          else
            {
              const guint8 *p = src + (gsize) x * 4;
              int a = p[3];

              for (int c = 0; c < 3; c++)
                bgr[c] = a == 255 ? p[2 - c] : (p[2 - c] * a + 255 * (255 - a)) / 255;
            }
          for (int k = 0; k < 2; k++)
            if (xtab[x].to[k] >= 0)
              for (int c = 0; c < 3; c++)
                row[xtab[x].to[k] * 3 + c] += xtab[x].weight[k] * bgr[c];
        }
      for (int k = 0; k < 2; k++)
        if (ytab[y].to[k] >= 0)
          {
            double *dst = sum + (gsize) ytab[y].to[k] * width * 3;

            for (int i = 0; i < width * 3; i++)
              dst[i] += ytab[y].weight[k] * row[i];
          }
    }

  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      int b = (int) CLAMP (nearbyint (sum[i * 3]), 0, 255);
      int g = (int) CLAMP (nearbyint (sum[i * 3 + 1]), 0, 255);
      int r = (int) CLAMP (nearbyint (sum[i * 3 + 2]), 0, 255);

      out[i] = (guint8) ((b * 1868 + g * 9617 + r * 4899 + (1 << 13)) >> 14);
    }

  return out;
}

/**
 * ag_ppocr_looks_like_photo:
 *
 * A cheap guess (a few milliseconds on a 256-pixel copy) whether @bitmap
 * is a camera photo rather than a scan, a screenshot or a rendered page.
 * A scan or a rendered page has a flat background: most of its pixels sit
 * within two grey levels of the commonest one.  A photo has sensor noise,
 * texture and uneven light, so few pixels do; its background (the page
 * with the text dilated away) also varies across the picture.  Plain C,
 * so the automatic choice never loads the module.
 *
 * Returns: %TRUE for a photo
 */
gboolean
ag_ppocr_looks_like_photo (AgBitmap *bitmap)
{
  int width, height, total;
  double scale;
  g_autofree guint8 *gray = NULL;
  g_autofree guint8 *background = NULL;
  int hist[256] = { 0 }, bg_hist[256] = { 0 };
  int mode = 0, near = 0, low = -1, high = 0, seen = 0;
  double flat, spread;

  g_return_val_if_fail (bitmap != NULL, FALSE);

  width = ag_bitmap_get_width (bitmap);
  height = ag_bitmap_get_height (bitmap);
  if (width < 1 || height < 1)
    return FALSE;
  scale = 256.0 / MAX (width, height);
  if (scale < 1.0)
    {
      width = MAX (1, (int) (width * scale));
      height = MAX (1, (int) (height * scale));
    }
  gray = small_gray (bitmap, width, height);
  background = g_malloc ((gsize) width * height);
  dilate9 (gray, background, width, height);

  total = width * height;
  for (int i = 0; i < total; i++)
    {
      hist[gray[i]]++;
      bg_hist[background[i]]++;
    }
  for (int v = 1; v < 256; v++)
    if (hist[v] > hist[mode])
      mode = v;
  for (int v = MAX (0, mode - 2); v <= MIN (255, mode + 2); v++)
    near += hist[v];
  flat = (double) near / total;

  /* 5th to 95th percentile of the background */
  for (int v = 0; v < 256; v++)
    {
      seen += bg_hist[v];
      if (low < 0 && seen >= total * 0.05)
        low = v;
      if (seen <= total * 0.95)
        high = v;
    }
  spread = high - MAX (low, 0);

  g_debug ("ppocr: %.2f of the pixels near the commonest grey, background spread %.0f",
           flat, spread);

  return flat < 0.25 || (flat < 0.4 && spread > 60);
}
/**
 * ag_ppocr_page_has_columns:
 *
 * Whether @page has several columns side by side: in many of its lines two
 * neighbouring words stand further apart than three line heights.  PP-OCR
 * has no layout analysis, so its reading order would weave the columns
 * together; Tesseract reads such pages instead.
 *
 * Returns: %TRUE for a page in columns
 */
gboolean
ag_ppocr_page_has_columns (AgRecognitionPage *page)
{
  guint n_lines = 0, n_split = 0;

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);
          double height = line->box.height * page->height;

          n_lines++;
          for (guint w = 1; w < line->words->len; w++)
            {
              AgWord *a = g_ptr_array_index (line->words, w - 1);
              AgWord *c = g_ptr_array_index (line->words, w);
              double gap = (c->box.x - (a->box.x + a->box.width)) * page->width;

              if (gap > 3 * height)
                {
                  n_split++;
                  break;
                }
            }
        }
    }

  return n_split >= 3 && n_split * 10 >= n_lines * 4;
}

static gboolean
languages_supported (const char *languages)
{
  g_auto(GStrv) codes = g_strsplit (languages != NULL ? languages : "", "+", -1);
  gboolean any = FALSE;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (codes[i][0] == '\0')
        continue;
      if (!g_str_equal (codes[i], "eng") && !g_str_equal (codes[i], "chi_sim"))
        return FALSE;
      any = TRUE;
    }

  return any;
}

/**
 * ag_ppocr_choose:
 * @kind: what the user asked for
 * @languages: Tesseract's language codes, joined by "+"
 * @pdf_page: @bitmap is a rendered PDF page
 * @vertical: a region asks for vertical text
 * @note: (out) (transfer full): why, translated, for the page's note
 *
 * The automatic choice: PP-OCR for photos of Simplified Chinese (with or
 * without English) when its models are installed; Tesseract for clean
 * scans, screenshots and PDF pages, English alone, Traditional Chinese,
 * other languages and vertical text.
 *
 * Returns: %TRUE to read with PP-OCR
 */
gboolean
ag_ppocr_choose (AgEngineKind  kind,
                 const char   *languages,
                 AgBitmap     *bitmap,
                 gboolean      pdf_page,
                 gboolean      vertical,
                 char        **note)
{
  const char *why;
  g_autofree char *failed = NULL;
  gboolean ppocr = FALSE;

  if (kind == AG_ENGINE_KIND_TESSERACT)
    why = _("Read with Tesseract, as chosen.");
  else if (!module_present ())
    {
      const char *failure = NULL;

      /* a module that was there but would not load says why */
      load_module (&failure);
      if (failure != NULL && g_file_test (module_path (), G_FILE_TEST_EXISTS))
        why = failed = g_strdup_printf (_("Read with Tesseract: PP-OCR could not be loaded (%s)."),
                                        failure);
      else
        why = _("Read with Tesseract: this build of Airgap has no PP-OCR.");
    }
  else if (!ag_ppocr_find_models (NULL))
    why = _("Read with Tesseract: PP-OCR’s models are not installed.");
  else if (kind == AG_ENGINE_KIND_PPOCR)
    {
      why = _("Read with PP-OCR, as chosen.");
      ppocr = TRUE;
    }
  else if (vertical)
    why = _("Read with Tesseract: PP-OCR does not read vertical text.");
  else if (!languages_supported (languages))
    why = _("Read with Tesseract: PP-OCR reads only Simplified Chinese and English.");
  else if (strstr (languages, "chi_sim") == NULL)
    /* measured on the corpus: English photos come out better from
     * Tesseract after Airgap's clean-up (no CER above 0.00 on the
     * synthetic photos, where PP-OCR drops spaces after commas) */
    why = _("Read with Tesseract: it reads English photos well; PP-OCR is for Chinese ones.");
  else if (pdf_page)
    why = _("Read with Tesseract: this is a document page, not a photo.");
  else if (!ag_ppocr_looks_like_photo (bitmap))
    why = _("Read with Tesseract: this looks like a clean scan or screenshot.");
  else
    {
      why = _("Read with PP-OCR: this looks like a photo.");
      ppocr = TRUE;
    }

  if (note != NULL)
    *note = g_strdup (why);
  return ppocr;
}

/**
 * ag_ppocr_try_page:
 * @options: the job's options (engine kind, regions)
 * @languages: the job's languages
 * @index: the page's index in its document
 * @pdf_page: @bitmap is a rendered PDF page
 * @regions: (element-type guint): indices of @options' regions on this
 *   page, empty for the whole page
 * @note: (out) (transfer full): why Tesseract reads the page, when it does
 *
 * AgEngine's hook: reads the page with PP-OCR when that is the better (or
 * the chosen) recogniser.
 *
 * Returns: (transfer full) (nullable): the page read by PP-OCR; %NULL with
 *   @error unset when Tesseract should read it (and @note says why); %NULL
 *   with @error when cancelled
 */
AgRecognitionPage *
ag_ppocr_try_page (AgRecognizeOptions  *options,
                   const char          *languages,
                   AgBitmap            *bitmap,
                   guint                index,
                   gboolean             pdf_page,
                   GArray              *regions,
                   GCancellable        *cancellable,
                   char               **note,
                   GError             **error)
{
  g_autoptr(AgRecognitionPage) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *why = NULL;
  gboolean vertical = FALSE;
  AgPpocr *ppocr;
  guint n_parts;

  *note = NULL;

  for (guint k = 0; regions != NULL && k < regions->len; k++)
    if (ag_recognize_options_get_region (options, g_array_index (regions, guint, k))->vertical)
      vertical = TRUE;

  if (!ag_ppocr_choose (ag_recognize_options_get_engine_kind (options), languages,
                        bitmap, pdf_page, vertical, &why))
    {
      *note = g_steal_pointer (&why);
      return NULL;
    }

  ppocr = ag_ppocr_get_default (&local_error);

  n_parts = regions != NULL && regions->len > 0 ? regions->len : 1;
  for (guint k = 0; ppocr != NULL && k < n_parts; k++)
    {
      g_autoptr(AgRecognitionPage) one = NULL;
      const AgRegion *region = NULL;
      int r = -1;

      if (regions != NULL && regions->len > 0)
        {
          r = (int) g_array_index (regions, guint, k);
          region = ag_recognize_options_get_region (options, r);
        }

      one = ag_ppocr_recognize (ppocr, bitmap, region != NULL ? &region->rect : NULL,
                                cancellable, &local_error);
      if (one == NULL)
        break;

      for (guint b = 0; b < one->blocks->len; b++)
        ((AgBlock *) g_ptr_array_index (one->blocks, b))->region = r;
      if (result == NULL)
        {
          result = g_steal_pointer (&one);
          continue;
        }
      while (one->blocks->len > 0)
        g_ptr_array_add (result->blocks, g_ptr_array_steal_index (one->blocks, 0));
    }

  if (local_error != NULL)
    {
      g_autofree char *again = NULL;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      /* Tesseract is still there: read with it and say why (the module
       * would not load: the same note as for every later page) */
      if (ppocr == NULL && load_module (NULL) == NULL &&
          !ag_ppocr_choose (AG_ENGINE_KIND_PPOCR, languages, bitmap, pdf_page, vertical, &again))
        *note = g_steal_pointer (&again);
      else
        *note = g_strdup_printf (_("Read with Tesseract: PP-OCR failed (%s)."), local_error->message);
      return NULL;
    }

  if (ag_recognize_options_get_engine_kind (options) == AG_ENGINE_KIND_AUTO &&
      ag_ppocr_page_has_columns (result))
    {
      *note = g_strdup (_("Read with Tesseract: this page has several columns."));
      return NULL;
    }

  result->index = index;
  result->note = g_steal_pointer (&why);
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------------ */
/* A second opinion on Tesseract's unsure words                             */

/* A word is unsure below this (0..100): on clean Chinese pages
 * Tesseract's misread characters come out at 0–30, the right ones mostly
 * at 80–97 and a few at 35–60. */
#define UNSURE_WORD_CONFIDENCE 30.0f
/* PP-OCR's reading replaces Tesseract's only this sure of itself. */
#define SURE_CONFIDENCE        90.0

typedef struct
{
  AgLine *line;
  guint   first;    /* words first..last of @line */
  guint   last;
} Spot;

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

static gboolean
is_unsure (AgWord *word)
{
  return word->confidence < UNSURE_WORD_CONFIDENCE && has_han (word->text);
}

/* The unsure words of @line, each with a neighbour on either side for
 * the recogniser to read it in context, overlapping spans merged. */
static void
find_spots (AgLine *line,
            GArray *spots)
{
  Spot spot = { line, 0, 0 };
  gboolean open = FALSE;

  for (guint w = 0; w < line->words->len; w++)
    {
      guint first, last;

      if (!is_unsure (g_ptr_array_index (line->words, w)))
        continue;
      first = w > 0 ? w - 1 : 0;
      last = MIN (w + 1, line->words->len - 1);
      if (open && first <= spot.last + 1)
        {
          spot.last = last;
          continue;
        }
      if (open)
        g_array_append_val (spots, spot);
      spot.first = first;
      spot.last = last;
      open = TRUE;
    }
  if (open)
    g_array_append_val (spots, spot);
}

/* The box to read @spot in: its words with a margin that stops halfway
 * to the next word, and half the line's height above and below, about
 * as PP-OCR's detector would have boxed it. */
static AgRect
spot_box (const Spot *spot)
{
  GPtrArray *words = spot->line->words;
  AgWord *first = g_ptr_array_index (words, spot->first);
  AgWord *last = g_ptr_array_index (words, spot->last);
  double x0 = first->box.x, x1 = last->box.x + last->box.width;
  double y0 = spot->line->box.y, y1 = spot->line->box.y + spot->line->box.height;
  double h = spot->line->box.height;
  AgRect box;

  for (guint w = spot->first; w <= spot->last; w++)
    {
      AgWord *word = g_ptr_array_index (words, w);

      y0 = MIN (y0, word->box.y);
      y1 = MAX (y1, word->box.y + word->box.height);
    }

  /* Tesseract's boxes of neighbouring words may overlap (a word's box
   * now and then runs over the next ones): then the spot's own edge. */
  if (spot->first > 0)
    {
      AgWord *before = g_ptr_array_index (words, spot->first - 1);
      double right = before->box.x + before->box.width;

      if (right < x0)
        x0 = (right + x0) / 2;
    }
  else
    x0 -= 0.5 * (x1 - x0) / MAX (1, spot->last - spot->first + 1);
  if (spot->last + 1 < words->len)
    {
      AgWord *after = g_ptr_array_index (words, spot->last + 1);

      if (after->box.x > x1)
        x1 = (x1 + after->box.x) / 2;
    }
  else
    x1 += 0.5 * (x1 - x0) / MAX (1, spot->last - spot->first + 1);

  box.x = x0;
  box.width = x1 - x0;
  box.y = y0 - h / 2;
  box.height = y1 - y0 + h;
  ag_rect_clamp (&box);

  return box;
}

typedef struct
{
  gunichar c;
  float    confidence;
  guint    word;         /* Tesseract's characters: the word they are in */
} Char;

/* Costs of the alignment: a character read differently costs more than
 * one missing on one side, so that an edge PP-OCR missed or made up
 * shifts nothing (的塔训 against 培训。: 塔 is 培, 训 is 训). */
#define COST_CHANGE 10
#define COST_GAP    6

static void
append_chars (GArray     *chars,
              const char *text,
              float       confidence,
              guint       word)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      Char one = { g_utf8_get_char (p), confidence, word };

      if (!g_unichar_isspace (one.c))
        g_array_append_val (chars, one);
    }
}

/* For each of Tesseract's characters @ours, the index of PP-OCR's
 * character @theirs it lines up with (edit-distance alignment), or -1. */
static int *
align (GArray *ours,
       GArray *theirs)
{
  guint n = ours->len, m = theirs->len;
  g_autofree guint *cost = g_new (guint, (n + 1) * (m + 1));
  int *pairs = g_new (int, MAX (n, 1));
  guint i, j;

#define COST(a, b) cost[(a) * (m + 1) + (b)]
  for (i = 0; i <= n; i++)
    COST (i, 0) = i * COST_GAP;
  for (j = 0; j <= m; j++)
    COST (0, j) = j * COST_GAP;
  for (i = 1; i <= n; i++)
    for (j = 1; j <= m; j++)
      {
        guint same = g_array_index (ours, Char, i - 1).c == g_array_index (theirs, Char, j - 1).c;

        COST (i, j) = MIN (COST (i - 1, j - 1) + (same ? 0 : COST_CHANGE),
                           MIN (COST (i - 1, j), COST (i, j - 1)) + COST_GAP);
      }

  for (i = 0; i < n; i++)
    pairs[i] = -1;
  i = n;
  j = m;
  while (i > 0 && j > 0)
    {
      guint same = g_array_index (ours, Char, i - 1).c == g_array_index (theirs, Char, j - 1).c;

      if (COST (i, j) == COST (i - 1, j - 1) + (same ? 0 : COST_CHANGE))
        {
          pairs[i - 1] = (int) (j - 1);
          i--;
          j--;
        }
      else if (COST (i, j) == COST (i - 1, j) + COST_GAP)
        i--;
      else
        j--;
    }
#undef COST

  return pairs;
}

/* Puts PP-OCR's @reading of @spot in place of Tesseract's words where it
 * is better.  PP-OCR's boxes of characters are too rough to match by
 * place, so the two readings are aligned character by character; a word
 * takes PP-OCR's characters when every one of its characters lines up
 * with one of PP-OCR's, each at least SURE_CONFIDENCE and, on average,
 * surer than Tesseract was (and PP-OCR's confidence where they read the
 * same).  Returns how many words changed their text. */
static guint
take_better (const Spot *spot,
             GPtrArray  *reading)
{
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (Char));
  g_autoptr(GArray) theirs = g_array_new (FALSE, FALSE, sizeof (Char));
  g_autofree int *pairs = NULL;
  guint n_changed = 0, at = 0;

  for (guint w = spot->first; w <= spot->last; w++)
    {
      AgWord *word = g_ptr_array_index (spot->line->words, w);

      append_chars (ours, word->text, word->confidence, w);
    }
  for (guint r = 0; r < reading->len; r++)
    {
      AgWord *word = g_ptr_array_index (reading, r);

      append_chars (theirs, word->text, word->confidence, r);
    }
  if (ours->len == 0 || theirs->len == 0)
    return 0;
  pairs = align (ours, theirs);

  for (guint w = spot->first; w <= spot->last; w++)
    {
      AgWord *word = g_ptr_array_index (spot->line->words, w);
      g_autoptr(GString) text = g_string_new (NULL);
      gboolean complete = TRUE;
      double sum = 0, lowest = 100;
      guint k = 0;

      for (; at < ours->len && g_array_index (ours, Char, at).word == w; at++, k++)
        {
          const Char *one;

          if (pairs[at] < 0)
            {
              complete = FALSE;
              continue;
            }
          one = &g_array_index (theirs, Char, pairs[at]);
          g_string_append_unichar (text, one->c);
          sum += one->confidence;
          lowest = MIN (lowest, one->confidence);
        }

      if (k == 0 || !complete || lowest < SURE_CONFIDENCE || sum / k <= word->confidence)
        continue;
      /* Both read the same: no longer unsure (the window stops
       * underlining it). */
      if (g_str_equal (text->str, word->text))
        {
          word->confidence = (float) (sum / k);
          continue;
        }
      g_free (word->text);
      word->text = g_string_free (g_steal_pointer (&text), FALSE);
      word->confidence = (float) (sum / k);
      n_changed++;
    }

  return n_changed;
}

/**
 * ag_ppocr_check_words:
 * @options: the job's options (engine kind)
 * @languages: the job's languages
 * @bitmap: the page Tesseract read
 * @page: what it read, changed in place
 * @cancellable: (nullable): a #GCancellable
 *
 * Tesseract's Simplified Chinese model misreads a few characters even on
 * clean pages (蒸笼 as 荣党, 降温 as 降瘟), and says so: their confidence
 * is near 0.  With the automatic choice, each such word of a horizontal
 * line is read again with a neighbour on either side by PP-OCR's
 * recogniser alone (no detector: Tesseract's boxes say where), all at
 * once on the line threads, and take_better() keeps PP-OCR's reading of
 * a word where it is sure of it.  A page without an unsure word does not
 * even load PP-OCR.
 *
 * Returns: how many words took PP-OCR's reading
 */
guint
ag_ppocr_check_words (AgRecognizeOptions *options,
                      const char         *languages,
                      AgBitmap           *bitmap,
                      AgRecognitionPage  *page,
                      GCancellable       *cancellable)
{
  g_autoptr(GArray) spots = g_array_new (FALSE, FALSE, sizeof (Spot));
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (AgRect));
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(GError) error = NULL;
  AgPpocr *ppocr;
  guint n_replaced = 0;
  gint64 start = g_get_monotonic_time ();

  if (ag_recognize_options_get_engine_kind (options) != AG_ENGINE_KIND_AUTO ||
      strstr (languages, "chi_sim") == NULL || !languages_supported (languages))
    return 0;

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      if (!block->vertical)
        for (guint l = 0; l < block->lines->len; l++)
          find_spots (g_ptr_array_index (block->lines, l), spots);
    }
  if (spots->len == 0 || !module_present () || !ag_ppocr_find_models (NULL))
    return 0;

  ppocr = ag_ppocr_get_default (&error);
  if (ppocr == NULL)
    {
      g_debug ("ppocr: no second opinion: %s", error->message);
      return 0;
    }

  for (guint i = 0; i < spots->len; i++)
    {
      AgRect box = spot_box (&g_array_index (spots, Spot, i));

      g_array_append_val (boxes, box);
    }
  readings = ag_ppocr_read_boxes (ppocr, bitmap, (AgRect *) boxes->data, boxes->len,
                                  cancellable, &error);
  if (readings == NULL)
    {
      g_debug ("ppocr: no second opinion: %s", error->message);
      return 0;
    }

  for (guint i = 0; i < spots->len; i++)
    {
      Spot *spot = &g_array_index (spots, Spot, i);
      AgLine *reading = g_ptr_array_index (readings, i);

      n_replaced += take_better (spot, reading->words);
    }

  g_debug ("ppocr: second opinion on %u places, %u replaced, in %.0f ms",
           spots->len, n_replaced, (g_get_monotonic_time () - start) / 1000.0);

  return n_replaced;
}
