/* ag-engine-error.h — what can go wrong reading a page
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AG_ENGINE_ERROR (ag_engine_error_quark ())

/* The resolution PDF pages are rendered at for recognition. */
#define AG_ENGINE_PDF_DPI 300.0

/**
 * AgEngineError:
 * @AG_ENGINE_ERROR_MISSING_LANGUAGE: a language's data is not installed
 * @AG_ENGINE_ERROR_BAD_LANGUAGE: the language data could not be loaded
 * @AG_ENGINE_ERROR_FAILED: recognition itself failed
 * @AG_ENGINE_ERROR_BAD_PAGE: a requested page does not exist
 */
typedef enum
{
  AG_ENGINE_ERROR_MISSING_LANGUAGE,
  AG_ENGINE_ERROR_BAD_LANGUAGE,
  AG_ENGINE_ERROR_FAILED,
  AG_ENGINE_ERROR_BAD_PAGE,
} AgEngineError;

GQuark ag_engine_error_quark (void);

G_END_DECLS
