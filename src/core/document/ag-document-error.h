/* ag-document-error.h — what can go wrong opening a document, and its limits
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AG_DOCUMENT_ERROR (ag_document_error_quark ())

/**
 * AgDocumentError:
 * @AG_DOCUMENT_ERROR_EMPTY: the file has no content at all
 * @AG_DOCUMENT_ERROR_UNSUPPORTED: not an image or PDF Airgap can read
 * @AG_DOCUMENT_ERROR_CORRUPT: the file is damaged or truncated
 * @AG_DOCUMENT_ERROR_TOO_LARGE: the image has more pixels than the limit
 * @AG_DOCUMENT_ERROR_NEEDS_PASSWORD: the PDF is encrypted, a password is needed
 * @AG_DOCUMENT_ERROR_WRONG_PASSWORD: the password given does not open the PDF
 * @AG_DOCUMENT_ERROR_NO_PAGES: the document has no pages
 * @AG_DOCUMENT_ERROR_IO: the file could not be read from disk
 * @AG_DOCUMENT_ERROR_WORKER_FAILED: the sandboxed reader (airgap-worker)
 *   crashed, hung or ran out of memory on this file
 *
 * Every code comes with a message a person can act on.
 */
typedef enum
{
  AG_DOCUMENT_ERROR_EMPTY,
  AG_DOCUMENT_ERROR_UNSUPPORTED,
  AG_DOCUMENT_ERROR_CORRUPT,
  AG_DOCUMENT_ERROR_TOO_LARGE,
  AG_DOCUMENT_ERROR_NEEDS_PASSWORD,
  AG_DOCUMENT_ERROR_WRONG_PASSWORD,
  AG_DOCUMENT_ERROR_NO_PAGES,
  AG_DOCUMENT_ERROR_IO,
  AG_DOCUMENT_ERROR_WORKER_FAILED,
} AgDocumentError;

/* The largest image Airgap decodes, in pixels (200 megapixels). */
#define AG_DOCUMENT_MAX_PIXELS ((gint64) 200 * 1000 * 1000)

GQuark ag_document_error_quark (void);

G_END_DECLS
