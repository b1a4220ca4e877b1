/* ag-ppocr-loader-private.h — what the loader gives the choice and the second opinion
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "recognize/ppocr/ag-ppocr-module.h"

G_BEGIN_DECLS

/* ag-ppocr-loader.c */
const char          *_ag_ppocr_module_path          (void);
gboolean             _ag_ppocr_module_present       (void);
const AgPpocrModule *_ag_ppocr_load_module          (const char **failure);

/* ag-ppocr-choice.c */
gboolean             _ag_ppocr_languages_supported  (const char  *languages);

G_END_DECLS
