/* ag-tess-api.c — Tesseract's C API, opened the first time it is needed
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <glib/gi18n-lib.h>

#include "ag-library.h"
#include "ag-runtime.h"
#include "recognize/ag-engine-error.h"
#include "recognize/tesseract/ag-tess-api.h"

static AgLibraryOnce api_once;
static AgTessApi api_table;

const AgTessApi *const _ag_tess_api = &api_table;

#define SYMBOL(member) AG_LIBRARY_SYMBOL (AgTessApi, "Tess", member)

static const AgLibrarySymbol api_symbols[] = {
  SYMBOL (Version),
  SYMBOL (DeleteText),
  SYMBOL (BaseAPICreate),
  SYMBOL (BaseAPIDelete),
  SYMBOL (BaseAPIInit3),
  SYMBOL (BaseAPIEnd),
  SYMBOL (BaseAPIClear),
  SYMBOL (BaseAPISetVariable),
  SYMBOL (BaseAPISetPageSegMode),
  SYMBOL (BaseAPISetImage2),
  SYMBOL (BaseAPISetSourceResolution),
  SYMBOL (BaseAPIRecognize),
  SYMBOL (BaseAPIGetIterator),
  SYMBOL (BaseAPIDetectOrientationScript),
  SYMBOL (MonitorCreate),
  SYMBOL (MonitorDelete),
  SYMBOL (MonitorGetProgress),
  SYMBOL (MonitorSetCancelFunc),
  SYMBOL (MonitorSetCancelThis),
  SYMBOL (PageIteratorBegin),
  SYMBOL (PageIteratorBoundingBox),
  SYMBOL (PageIteratorIsAtBeginningOf),
  SYMBOL (PageIteratorOrientation),
  SYMBOL (ResultIteratorConfidence),
  SYMBOL (ResultIteratorDelete),
  SYMBOL (ResultIteratorGetPageIterator),
  SYMBOL (ResultIteratorGetUTF8Text),
  SYMBOL (ResultIteratorNext),
};

#undef SYMBOL

/* OpenMP's thread limit as libgomp read it when Tesseract brought it in
 * (ag_runtime_ensure_environment()), or 0 where Tesseract has no OpenMP:
 * reported with the library, since a wrong one makes every page slow. */
static int
get_thread_limit (void)
{
  void *gomp = dlopen (AG_GOMP_LIBRARY, RTLD_LAZY | RTLD_NOLOAD);
  void *function;
  int limit = 0;

  if (gomp == NULL)
    return 0;
  function = dlsym (gomp, "omp_get_thread_limit");
  if (function != NULL)
    limit = ((int (*) (void)) function) ();
  dlclose (gomp);

  return limit;
}

/**
 * _ag_tess_api_load:
 * @error: where to say why Tesseract cannot be used
 *
 * Opens libtesseract the first time, from any thread, and fills
 * _ag_tess_api.  Later calls only say how the first one went.
 *
 * Returns: %TRUE if _ag_tess_api can be used
 */
gboolean
_ag_tess_api_load (GError **error)
{
  static gsize reported;
  const char *failure;

  /* $AIRGAP_TESSERACT_LIBRARY: a test, or a Tesseract of one's own.
   * Never closed: handles and Tesseract's own statics live until the
   * process ends. */
  if (!_ag_library_load_once (&api_once, "AIRGAP_TESSERACT_LIBRARY", AG_TESSERACT_LIBRARY,
                              api_symbols, G_N_ELEMENTS (api_symbols), &api_table,
                              &failure))
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_FAILED,
                   _("Tesseract could not be loaded (%s); without it Airgap cannot "
                     "read pictures."),
                   failure);
      return FALSE;
    }

  if (g_once_init_enter (&reported))
    {
      g_debug ("Tesseract %s (OpenMP thread limit %d)",
               api_table.Version (), get_thread_limit ());
      g_once_init_leave (&reported, 1);
    }

  return TRUE;
}
