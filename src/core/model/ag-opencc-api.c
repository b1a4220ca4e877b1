/* ag-opencc-api.c — OpenCC, opened the first time Chinese is converted
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-library.h"
#include "model/ag-opencc-api.h"

static AgLibraryOnce api_once;
static AgOpenccApi api_table;

const AgOpenccApi *const _ag_opencc_api = &api_table;

#define SYMBOL(member) AG_LIBRARY_SYMBOL (AgOpenccApi, "opencc_", member)

static const AgLibrarySymbol api_symbols[] = {
  SYMBOL (open),
  SYMBOL (error),
  SYMBOL (convert_utf8),
  SYMBOL (convert_utf8_free),
};

#undef SYMBOL

/**
 * _ag_opencc_api_load:
 * @failure: (out) (optional): why it could not be opened, untranslated
 *
 * Opens OpenCC the first time, from any thread, and fills
 * _ag_opencc_api; later calls only say how the first one went.
 * $AIRGAP_OPENCC_LIBRARY is for tests.
 *
 * Returns: %TRUE if _ag_opencc_api can be used
 */
gboolean
_ag_opencc_api_load (const char **failure)
{
  return _ag_library_load_once (&api_once, "AIRGAP_OPENCC_LIBRARY", AG_OPENCC_LIBRARY,
                                api_symbols, G_N_ELEMENTS (api_symbols), &api_table, failure);
}
