/* ag-page-list.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The highest page number a page list may name. */
#define AG_PAGE_LIST_MAX 100000

GArray *ag_page_list_parse (const char  *text,
                            GError     **error);

G_END_DECLS
