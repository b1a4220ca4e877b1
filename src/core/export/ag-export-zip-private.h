/* ag-export-zip-private.h — the zip packages of OpenDocument and Office Open XML
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes *_ag_export_zip (const char * const  *entries,
                        gboolean             first_stored,
                        char               **reason);

G_END_DECLS
