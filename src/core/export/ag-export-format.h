/* ag-export-format.h — the formats Airgap writes, and what can go wrong
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define AG_EXPORT_ERROR (ag_export_error_quark ())

typedef enum
{
  AG_EXPORT_FORMAT_TEXT,
  AG_EXPORT_FORMAT_ODT,
  AG_EXPORT_FORMAT_HOCR,
  AG_EXPORT_FORMAT_PDF,
  AG_EXPORT_FORMAT_JSON,
} AgExportFormat;

typedef enum
{
  AG_EXPORT_FLAGS_NONE       = 0,
  AG_EXPORT_FLAGS_JOIN_LINES = 1 << 0,
} AgExportFlags;

/**
 * AgExportError:
 * @AG_EXPORT_ERROR_UNKNOWN_FORMAT: the file name's extension is not a format Airgap writes
 * @AG_EXPORT_ERROR_FAILED: the file could not be written
 * @AG_EXPORT_ERROR_NO_SPACE: the disk is full
 * @AG_EXPORT_ERROR_PERMISSION: the folder or file is not writable
 */
typedef enum
{
  AG_EXPORT_ERROR_UNKNOWN_FORMAT,
  AG_EXPORT_ERROR_FAILED,
  AG_EXPORT_ERROR_NO_SPACE,
  AG_EXPORT_ERROR_PERMISSION,
} AgExportError;

GQuark ag_export_error_quark (void);

G_END_DECLS
