/* ag-poppler-api.c — poppler-glib, opened the first time a PDF is read
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "document/ag-document-error.h"
#include "document/ag-poppler-api.h"

const AgPopplerApi *_ag_poppler_api;

static GMutex api_lock;
static gboolean api_tried;
static AgPopplerApi api_table;
static char *api_failure;   /* why it could not be opened, untranslated */

/* $AIRGAP_POPPLER_LIBRARY (a test), else poppler-glib by its soname. */
static const char *
library_name (void)
{
  const char *env = g_getenv ("AIRGAP_POPPLER_LIBRARY");

  return env != NULL && env[0] != '\0' ? env : AG_POPPLER_LIBRARY;
}

static gboolean
find (GModule    *module,
      const char *name,
      gpointer   *function)
{
  g_autofree char *symbol = g_strconcat ("poppler_", name, NULL);

  if (g_module_symbol (module, symbol, function) && *function != NULL)
    return TRUE;

  api_failure = g_strdup_printf ("%s has no %s", g_module_name (module), symbol);
  return FALSE;
}

#define FIND(name) find (module, #name, (gpointer *) &api_table.name)

static gboolean
open_library (void)
{
  GModule *module;
  gint64 start = g_get_monotonic_time ();

  /* Local, and never closed: Poppler registers GTypes and keeps
   * process-wide state (FreeType's library) until the process ends. */
  module = g_module_open (library_name (), G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      api_failure = g_strdup (g_module_error ());
      return FALSE;
    }

  if (!(FIND (error_quark) &&
        FIND (document_new_from_stream) &&
        FIND (document_get_n_pages) &&
        FIND (document_get_page) &&
        FIND (page_get_size) &&
        FIND (page_render) &&
        FIND (page_get_text) &&
        FIND (page_get_text_layout)))
    {
      g_module_close (module);
      return FALSE;
    }

  g_module_make_resident (module);
  g_debug ("Opened %s in %.1f ms", library_name (),
           (g_get_monotonic_time () - start) / 1000.0);
  return TRUE;
}

#undef FIND

/**
 * _ag_poppler_api_load:
 * @error: where to say why PDFs cannot be read
 *
 * Opens libpoppler-glib the first time, from any thread, and sets
 * _ag_poppler_api.  Later calls only say how the first one went.
 *
 * Returns: %TRUE if _ag_poppler_api can be used
 */
gboolean
_ag_poppler_api_load (GError **error)
{
  gboolean loaded;

  g_mutex_lock (&api_lock);
  if (!api_tried)
    {
      api_tried = TRUE;
      if (open_library ())
        _ag_poppler_api = &api_table;
      else
        g_debug ("Cannot open Poppler: %s", api_failure);
    }
  loaded = _ag_poppler_api != NULL;
  g_mutex_unlock (&api_lock);

  if (!loaded)
    g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED,
                 _("Poppler could not be loaded (%s); without it Airgap cannot "
                   "read PDF files."),
                 api_failure);

  return loaded;
}
