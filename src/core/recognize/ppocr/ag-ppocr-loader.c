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
 * a module, libairgap-ppocr.so (ag-ppocr-module.cpp), opened here the first time
 * a page is really read with it.  Everything the automatic choice needs
 * (are the models there, does the page look like a photo, does it have
 * columns) is answered without the module: the models here, the rest in
 * ag-ppocr-choice.c.  The second opinion on Tesseract's unsure words is
 * in ag-ppocr-check.c.
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

#include "recognize/ag-engine-error.h"
#include "recognize/ppocr/ag-ppocr-loader-private.h"

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
const char *
_ag_ppocr_module_path (void)
{
  const char *env = g_getenv ("AIRGAP_PPOCR_MODULE");

  return env != NULL && env[0] != '\0' ? env : AG_PPOCR_MODULE_PATH;
}

/* Whether there is a module to load: a file test, so that the automatic
 * choice costs nothing when it picks Tesseract. */
gboolean
_ag_ppocr_module_present (void)
{
  gboolean present;

  g_mutex_lock (&module_lock);
  if (module_tried)
    present = module_functions != NULL;
  else
    present = g_file_test (_ag_ppocr_module_path (), G_FILE_TEST_IS_REGULAR);
  g_mutex_unlock (&module_lock);

  return present;
}

/* The module's functions, loading it the first time; %NULL when it is
 * missing or broken (and @failure says why, untranslated). */
const AgPpocrModule *
_ag_ppocr_load_module (const char **failure)
{
  const AgPpocrModule *functions;

  g_mutex_lock (&module_lock);
  if (!module_tried)
    {
      const char *path = _ag_ppocr_module_path ();
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
  if (failure != NULL && g_file_test (_ag_ppocr_module_path (), G_FILE_TEST_EXISTS))
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
 * _ag_ppocr_find_models:
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
_ag_ppocr_find_models (char **dir)
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
 * _ag_ppocr_new:
 * @model_dir: a folder with the converted models and the key list
 *
 * Loads the module if need be, then the three networks (about 0.1 s).
 *
 * Returns: (transfer full) (nullable): the recogniser, or %NULL with @error
 */
AgPpocr *
_ag_ppocr_new (const char  *model_dir,
              GError     **error)
{
  const char *failure = NULL;
  const AgPpocrModule *module = _ag_ppocr_load_module (&failure);

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
_ag_ppocr_free (AgPpocr *self)
{
  const AgPpocrModule *module;

  if (self == NULL)
    return;

  /* an AgPpocr comes from the module, so it is loaded */
  module = _ag_ppocr_load_module (NULL);
  g_return_if_fail (module != NULL);
  module->free (self);
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
  const AgPpocrModule *module = _ag_ppocr_load_module (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (module != NULL, NULL);

  return module->recognize (self, bitmap, crop, cancellable, error);
}

/**
 * _ag_ppocr_read_boxes:
 * @boxes: (array length=n_boxes): upright lines, in fractions of @bitmap
 *
 * Reads each box as one line with the recogniser alone.
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
  const AgPpocrModule *module = _ag_ppocr_load_module (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (module != NULL, NULL);

  return module->read_boxes (self, bitmap, boxes, n_boxes, cancellable, error);
}

void
_ag_ppocr_load_detector (AgPpocr *self)
{
  const AgPpocrModule *module = _ag_ppocr_load_module (NULL);

  g_return_if_fail (self != NULL);
  g_return_if_fail (module != NULL);

  module->load_detector (self);
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
  const AgPpocrModule *module = _ag_ppocr_load_module (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (module != NULL, NULL);

  return module->detect (self, bitmap, error);
}

/**
 * _ag_ppocr_boxes_from_map:
 *
 * DB post-processing of the detector's probability map (see
 * ag-ppocr-module.cpp).  Without the module: no boxes.
 *
 * Returns: (transfer full) (element-type AgPpocrBox): the boxes
 */
GArray *
_ag_ppocr_boxes_from_map (const float *map,
                         int          width,
                         int          height,
                         double       scale_x,
                         double       scale_y)
{
  const AgPpocrModule *module = _ag_ppocr_load_module (NULL);

  if (module == NULL)
    return g_array_new (FALSE, FALSE, sizeof (AgPpocrBox));
  return module->boxes_from_map (map, width, height, scale_x, scale_y);
}

/**
 * _ag_ppocr_ctc_decode:
 *
 * Greedy CTC decoding (see ag-ppocr-module.cpp).  Without the module: nothing.
 *
 * Returns: (transfer full) (element-type AgPpocrChar): the characters
 */
GArray *
_ag_ppocr_ctc_decode (const float *probs,
                     int          n_steps,
                     int          n_classes)
{
  const AgPpocrModule *module = _ag_ppocr_load_module (NULL);

  if (module == NULL)
    return g_array_new (FALSE, FALSE, sizeof (AgPpocrChar));
  return module->ctc_decode (probs, n_steps, n_classes);
}

const char *
_ag_ppocr_get_key (AgPpocr *self,
                  int      index)
{
  const AgPpocrModule *module = _ag_ppocr_load_module (NULL);

  g_return_val_if_fail (self != NULL, "");
  g_return_val_if_fail (module != NULL, "");

  return module->get_key (self, index);
}

float *
_ag_ppocr_run_net (AgPpocr      *self,
                  AgPpocrNet    which,
                  const float  *input,
                  int           height,
                  int           width,
                  gsize        *n_values,
                  GError      **error)
{
  const AgPpocrModule *module = _ag_ppocr_load_module (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (module != NULL, NULL);

  return module->run_net (self, which, input, height, width, n_values, error);
}

/* ------------------------------------------------------------------------ */
/* The process's recogniser                                                */

static GMutex default_lock;
static AgPpocr *default_ppocr;

/**
 * _ag_ppocr_get_default:
 *
 * The process's shared recogniser, loaded on first use from the models
 * _ag_ppocr_find_models() finds.  A failure is not remembered: models set
 * up while Airgap runs are found next time.
 *
 * Returns: (transfer none) (nullable): the recogniser, or %NULL with @error
 */
AgPpocr *
_ag_ppocr_get_default (GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&default_lock);
  g_autofree char *dir = NULL;

  if (default_ppocr != NULL)
    return default_ppocr;

  if (!_ag_ppocr_find_models (&dir))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("PP-OCR’s models are not installed."));
      return NULL;
    }

  default_ppocr = _ag_ppocr_new (dir, error);
  return default_ppocr;
}
