/* ag-export-pdf.c — a searchable PDF
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ag-export-private.h"

GBytes *
_ag_export_pdf (AgRecognition  *recognition,
                AgDocument     *document,
                GCancellable   *cancellable,
                GError        **error)
{
  g_set_error (error, AG_EXPORT_ERROR, AG_EXPORT_ERROR_UNKNOWN_FORMAT,
               _("Airgap cannot write searchable PDFs yet."));
  return NULL;
}
