/* ag-opencc-api.h — OpenCC, opened the first time Chinese is converted
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <opencc.h>

G_BEGIN_DECLS

/*
 * OpenCC is not linked: it and the marisa library it links cost every
 * start of the command line 0.7 ms in the dynamic loader, and only a
 * Chinese page's automatic choice or a conversion needs it.
 * ag-opencc-api.c opens it the first time (AG_OPENCC_LIBRARY, the soname
 * built against) and fills this table; opencc.h gives the types and
 * prototypes.
 */

#define AG_OPENCC_API_FUNCTION(name) __typeof__ (opencc_##name) *name

typedef struct
{
  AG_OPENCC_API_FUNCTION (open);
  AG_OPENCC_API_FUNCTION (error);
  AG_OPENCC_API_FUNCTION (convert_utf8);
  AG_OPENCC_API_FUNCTION (convert_utf8_free);
} AgOpenccApi;

#undef AG_OPENCC_API_FUNCTION

/* Usable once _ag_opencc_api_load() has returned %TRUE. */
extern const AgOpenccApi *const _ag_opencc_api;

gboolean _ag_opencc_api_load (const char **failure);

G_END_DECLS
