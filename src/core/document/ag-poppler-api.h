/* ag-poppler-api.h — poppler-glib, opened the first time a PDF is read
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <poppler.h>

G_BEGIN_DECLS

/*
 * libpoppler-glib is not linked, for the reason libtesseract is not
 * (ag-tess-api.h): Debian 13's libpoppler 25.03 links libcurl (for PDFs
 * signed with a time stamp server), so a linked Poppler would map a
 * network client into every program at start, the window's and `--help`
 * included, before the seccomp filter is on.  ag-poppler-api.c opens it
 * the first time a PDF is opened (with the sandbox on, that is in the
 * worker, already locked down) and fills this table; the rest of the core
 * calls Poppler through _ag_poppler_api only.  poppler.h gives the types
 * and prototypes.  Airgap needs ten of its functions, and eleven of
 * cairo's.
 */

#define AG_POPPLER_API_FUNCTION(name) __typeof__ (poppler_##name) *name
#define AG_CAIRO_API_FUNCTION(name) __typeof__ (cairo_##name) *cairo_##name

typedef struct
{
  AG_POPPLER_API_FUNCTION (error_quark);
  AG_POPPLER_API_FUNCTION (document_new_from_stream);
  AG_POPPLER_API_FUNCTION (document_get_n_pages);
  AG_POPPLER_API_FUNCTION (document_get_page);
  AG_POPPLER_API_FUNCTION (page_get_size);
  AG_POPPLER_API_FUNCTION (page_render);
  AG_POPPLER_API_FUNCTION (page_get_text);
  AG_POPPLER_API_FUNCTION (page_get_text_layout);
  AG_POPPLER_API_FUNCTION (page_get_image_mapping);
  AG_POPPLER_API_FUNCTION (page_free_image_mapping);

  /* The cairo functions a page is rendered with: from the cairo
   * poppler-glib brought in, since nothing else in the core needs it
   * (not linked, libcairo and the X and font libraries it links cost every
   * start of the command line 1.6 ms) */
  AG_CAIRO_API_FUNCTION (image_surface_create);
  AG_CAIRO_API_FUNCTION (image_surface_get_data);
  AG_CAIRO_API_FUNCTION (image_surface_get_stride);
  AG_CAIRO_API_FUNCTION (surface_status);
  AG_CAIRO_API_FUNCTION (surface_flush);
  AG_CAIRO_API_FUNCTION (surface_destroy);
  AG_CAIRO_API_FUNCTION (create);
  AG_CAIRO_API_FUNCTION (destroy);
  AG_CAIRO_API_FUNCTION (set_source_rgb);
  AG_CAIRO_API_FUNCTION (paint);
  AG_CAIRO_API_FUNCTION (scale);
} AgPopplerApi;

#undef AG_POPPLER_API_FUNCTION
#undef AG_CAIRO_API_FUNCTION

/* Usable once _ag_poppler_api_load() has succeeded. */
extern const AgPopplerApi *const _ag_poppler_api;

gboolean _ag_poppler_api_load (GError **error);

G_END_DECLS
