/* ag-tess-api.h — Tesseract's C API, opened the first time it is needed
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <tesseract/capi.h>

G_BEGIN_DECLS

/*
 * libtesseract is not linked: it and its own dependencies (libcurl,
 * libarchive, GnuTLS, LDAP, … — some sixty libraries, all bound at load)
 * would cost every start of every program about ten milliseconds, though
 * a PDF with a text layer, the window's start or `--help` never read a
 * page with it.  ag-tess-api.c opens it the first time a handle is made
 * and fills this table; the rest of the core calls Tesseract through
 * _ag_tess_api only.  Its header gives the types and prototypes.
 *
 * Loading it late has a second use: OpenMP (libgomp, which libtesseract
 * pulls in) reads OMP_THREAD_LIMIT when it is loaded, so a program can
 * now set it in main() instead of starting itself again
 * (ag_runtime_ensure_environment()).
 */

#define AG_TESS_API_FUNCTION(name) __typeof__ (Tess##name) *name

typedef struct
{
  AG_TESS_API_FUNCTION (Version);
  AG_TESS_API_FUNCTION (DeleteText);
  AG_TESS_API_FUNCTION (BaseAPICreate);
  AG_TESS_API_FUNCTION (BaseAPIDelete);
  AG_TESS_API_FUNCTION (BaseAPIInit3);
  AG_TESS_API_FUNCTION (BaseAPIEnd);
  AG_TESS_API_FUNCTION (BaseAPIClear);
  AG_TESS_API_FUNCTION (BaseAPISetVariable);
  AG_TESS_API_FUNCTION (BaseAPISetPageSegMode);
  AG_TESS_API_FUNCTION (BaseAPISetImage2);
  AG_TESS_API_FUNCTION (BaseAPISetSourceResolution);
  AG_TESS_API_FUNCTION (BaseAPIRecognize);
  AG_TESS_API_FUNCTION (BaseAPIGetIterator);
  AG_TESS_API_FUNCTION (BaseAPIDetectOrientationScript);
  AG_TESS_API_FUNCTION (MonitorCreate);
  AG_TESS_API_FUNCTION (MonitorDelete);
  AG_TESS_API_FUNCTION (MonitorGetProgress);
  AG_TESS_API_FUNCTION (MonitorSetCancelFunc);
  AG_TESS_API_FUNCTION (MonitorSetCancelThis);
  AG_TESS_API_FUNCTION (PageIteratorBegin);
  AG_TESS_API_FUNCTION (PageIteratorBoundingBox);
  AG_TESS_API_FUNCTION (PageIteratorIsAtBeginningOf);
  AG_TESS_API_FUNCTION (PageIteratorOrientation);
  AG_TESS_API_FUNCTION (ResultIteratorConfidence);
  AG_TESS_API_FUNCTION (ResultIteratorDelete);
  AG_TESS_API_FUNCTION (ResultIteratorGetPageIterator);
  AG_TESS_API_FUNCTION (ResultIteratorGetUTF8Text);
  AG_TESS_API_FUNCTION (ResultIteratorNext);
} AgTessApi;

/* Usable once _ag_tess_api_load() has succeeded. */
extern const AgTessApi *const _ag_tess_api;

gboolean   _ag_tess_api_load             (GError             **error);

G_END_DECLS
