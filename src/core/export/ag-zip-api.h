/* ag-zip-api.h — libzip, opened the first time a package is written
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <zip.h>

G_BEGIN_DECLS

/*
 * libzip is not linked: it and the libcrypto it links cost every start of
 * the command line (and of each sandboxed worker) 3 ms in the dynamic
 * loader, and only an .odt, .docx or .ods needs it.  ag-zip-api.c opens
 * it the first time one is written (AG_ZIP_LIBRARY, the soname built
 * against) and fills this table; zip.h gives the types and prototypes.
 */

#define AG_ZIP_API_FUNCTION(name) __typeof__ (zip_##name) *name

typedef struct
{
  AG_ZIP_API_FUNCTION (close);
  AG_ZIP_API_FUNCTION (discard);
  AG_ZIP_API_FUNCTION (error_code_zip);
  AG_ZIP_API_FUNCTION (error_fini);
  AG_ZIP_API_FUNCTION (error_init);
  AG_ZIP_API_FUNCTION (error_set);
  AG_ZIP_API_FUNCTION (error_strerror);
  AG_ZIP_API_FUNCTION (file_add);
  AG_ZIP_API_FUNCTION (file_set_mtime);
  AG_ZIP_API_FUNCTION (get_error);
  AG_ZIP_API_FUNCTION (open_from_source);
  AG_ZIP_API_FUNCTION (set_file_compression);
  AG_ZIP_API_FUNCTION (source_buffer);
  AG_ZIP_API_FUNCTION (source_buffer_create);
  AG_ZIP_API_FUNCTION (source_close);
  AG_ZIP_API_FUNCTION (source_free);
  AG_ZIP_API_FUNCTION (source_keep);
  AG_ZIP_API_FUNCTION (source_open);
  AG_ZIP_API_FUNCTION (source_read);
  AG_ZIP_API_FUNCTION (source_stat);
} AgZipApi;

#undef AG_ZIP_API_FUNCTION

/* Usable once _ag_zip_api_load() has returned %TRUE. */
extern const AgZipApi *const _ag_zip_api;

gboolean _ag_zip_api_load (const char **failure);

G_END_DECLS
