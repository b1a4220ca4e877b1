/* ag-zip-api.c — libzip, opened the first time a package is written
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-library.h"
#include "export/ag-zip-api.h"

static AgLibraryOnce api_once;
static AgZipApi api_table;

const AgZipApi *const _ag_zip_api = &api_table;

#define SYMBOL(member) AG_LIBRARY_SYMBOL (AgZipApi, "zip_", member)

static const AgLibrarySymbol api_symbols[] = {
  SYMBOL (close),
  SYMBOL (discard),
  SYMBOL (error_code_zip),
  SYMBOL (error_fini),
  SYMBOL (error_init),
  SYMBOL (error_set),
  SYMBOL (error_strerror),
  SYMBOL (file_add),
  SYMBOL (file_set_mtime),
  SYMBOL (get_error),
  SYMBOL (open_from_source),
  SYMBOL (set_file_compression),
  SYMBOL (source_buffer),
  SYMBOL (source_buffer_create),
  SYMBOL (source_close),
  SYMBOL (source_free),
  SYMBOL (source_keep),
  SYMBOL (source_open),
  SYMBOL (source_read),
  SYMBOL (source_stat),
};

#undef SYMBOL

/**
 * _ag_zip_api_load:
 * @failure: (out) (optional): why it could not be opened, untranslated
 *
 * Opens libzip the first time, from any thread, and fills _ag_zip_api;
 * later calls only say how the first one went.  $AIRGAP_ZIP_LIBRARY is
 * for tests.
 *
 * Returns: %TRUE if _ag_zip_api can be used
 */
gboolean
_ag_zip_api_load (const char **failure)
{
  return _ag_library_load_once (&api_once, "AIRGAP_ZIP_LIBRARY", AG_ZIP_LIBRARY,
                                api_symbols, G_N_ELEMENTS (api_symbols), &api_table, failure);
}
