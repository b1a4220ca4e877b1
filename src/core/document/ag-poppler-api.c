/* ag-poppler-api.c — poppler-glib, opened the first time a PDF is read
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ag-library.h"
#include "document/ag-document-error.h"
#include "document/ag-poppler-api.h"

static AgLibraryOnce api_once;
static AgPopplerApi api_table;

const AgPopplerApi *const _ag_poppler_api = &api_table;

#define SYMBOL(member) AG_LIBRARY_SYMBOL (AgPopplerApi, "poppler_", member)

static const AgLibrarySymbol api_symbols[] = {
  SYMBOL (error_quark),
  SYMBOL (document_new_from_stream),
  SYMBOL (document_get_n_pages),
  SYMBOL (document_get_page),
  SYMBOL (page_get_size),
  SYMBOL (page_render),
  SYMBOL (page_get_text),
  SYMBOL (page_get_text_layout),
  SYMBOL (page_get_image_mapping),
  SYMBOL (page_free_image_mapping),
#define CAIRO_SYMBOL(name) { "cairo_" #name, G_STRUCT_OFFSET (AgPopplerApi, cairo_##name) }
  CAIRO_SYMBOL (image_surface_create),
  CAIRO_SYMBOL (image_surface_get_data),
  CAIRO_SYMBOL (image_surface_get_stride),
  CAIRO_SYMBOL (surface_status),
  CAIRO_SYMBOL (surface_flush),
  CAIRO_SYMBOL (surface_destroy),
  CAIRO_SYMBOL (create),
  CAIRO_SYMBOL (destroy),
  CAIRO_SYMBOL (set_source_rgb),
  CAIRO_SYMBOL (paint),
  CAIRO_SYMBOL (scale),
#undef CAIRO_SYMBOL
};

#undef SYMBOL

/**
 * _ag_poppler_api_load:
 * @error: where to say why PDFs cannot be read
 *
 * Opens libpoppler-glib the first time, from any thread, and fills
 * _ag_poppler_api.  Later calls only say how the first one went.
 *
 * Returns: %TRUE if _ag_poppler_api can be used
 */
gboolean
_ag_poppler_api_load (GError **error)
{
  const char *failure;

  /* $AIRGAP_POPPLER_LIBRARY is for tests.  Never closed: Poppler
   * registers GTypes and keeps FreeType's library until the process ends. */
  if (!_ag_library_load_once (&api_once, "AIRGAP_POPPLER_LIBRARY", AG_POPPLER_LIBRARY,
                              api_symbols, G_N_ELEMENTS (api_symbols), &api_table,
                              &failure))
    {
      g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED,
                   _("Poppler could not be loaded (%s); without it Airgap cannot "
                     "read PDF files."),
                   failure);
      return FALSE;
    }

  return TRUE;
}
