/* ag-tess-api.c — Tesseract's C API, opened the first time it is needed
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "recognize/ag-engine-error.h"
#include "ag-runtime.h"
#include "recognize/tesseract/ag-tess-api.h"

const AgTessApi *_ag_tess_api;

static GMutex api_lock;
static gboolean api_tried;
static AgTessApi api_table;
static char *api_failure;   /* why it could not be opened, untranslated */

/* $AIRGAP_TESSERACT_LIBRARY (a test, or a Tesseract of one's own), else
 * the library Airgap was built against, by its soname. */
static const char *
library_name (void)
{
  const char *env = g_getenv ("AIRGAP_TESSERACT_LIBRARY");

  return env != NULL && env[0] != '\0' ? env : AG_TESSERACT_LIBRARY;
}

static gboolean
find (GModule    *module,
      const char *name,
      gpointer   *function)
{
  g_autofree char *symbol = g_strconcat ("Tess", name, NULL);

  if (g_module_symbol (module, symbol, function) && *function != NULL)
    return TRUE;

  api_failure = g_strdup_printf ("%s has no %s", g_module_name (module), symbol);
  return FALSE;
}

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

#define FIND(name) find (module, #name, (gpointer *) &api_table.name)

static gboolean
open_library (void)
{
  GModule *module;
  gint64 start = g_get_monotonic_time ();

  /* Local: its symbols are for this table only.  Never closed: handles
   * and Tesseract's own statics live until the process ends. */
  module = g_module_open (library_name (), G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      api_failure = g_strdup (g_module_error ());
      return FALSE;
    }

  if (!(FIND (Version) &&
        FIND (DeleteText) &&
        FIND (BaseAPICreate) &&
        FIND (BaseAPIDelete) &&
        FIND (BaseAPIInit3) &&
        FIND (BaseAPIEnd) &&
        FIND (BaseAPIClear) &&
        FIND (BaseAPISetVariable) &&
        FIND (BaseAPISetPageSegMode) &&
        FIND (BaseAPISetImage2) &&
        FIND (BaseAPISetSourceResolution) &&
        FIND (BaseAPIRecognize) &&
        FIND (BaseAPIGetIterator) &&
        FIND (BaseAPIDetectOrientationScript) &&
        FIND (MonitorCreate) &&
        FIND (MonitorDelete) &&
        FIND (MonitorGetProgress) &&
        FIND (MonitorSetCancelFunc) &&
        FIND (MonitorSetCancelThis) &&
        FIND (PageIteratorBegin) &&
        FIND (PageIteratorBoundingBox) &&
        FIND (PageIteratorIsAtBeginningOf) &&
        FIND (PageIteratorOrientation) &&
        FIND (ResultIteratorConfidence) &&
        FIND (ResultIteratorDelete) &&
        FIND (ResultIteratorGetPageIterator) &&
        FIND (ResultIteratorGetUTF8Text) &&
        FIND (ResultIteratorNext)))
    {
      g_module_close (module);
      return FALSE;
    }

  g_module_make_resident (module);
  g_debug ("Opened %s (Tesseract %s, OpenMP thread limit %d) in %.1f ms", library_name (),
           api_table.Version (), get_thread_limit (),
           (g_get_monotonic_time () - start) / 1000.0);
  return TRUE;
}

#undef FIND

/**
 * _ag_tess_api_load:
 * @error: where to say why Tesseract cannot be used
 *
 * Opens libtesseract the first time, from any thread, and sets
 * _ag_tess_api.  Later calls only say how the first one went.
 *
 * Returns: %TRUE if _ag_tess_api can be used
 */
gboolean
_ag_tess_api_load (GError **error)
{
  gboolean loaded;

  g_mutex_lock (&api_lock);
  if (!api_tried)
    {
      api_tried = TRUE;
      if (open_library ())
        _ag_tess_api = &api_table;
      else
        g_debug ("Cannot open Tesseract: %s", api_failure);
    }
  loaded = _ag_tess_api != NULL;
  g_mutex_unlock (&api_lock);

  if (!loaded)
    g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_FAILED,
                 _("Tesseract could not be loaded (%s); without it Airgap cannot "
                   "read pictures."),
                 api_failure);

  return loaded;
}
