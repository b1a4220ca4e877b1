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
  AG_EXPORT_FORMAT_DOCX,
  AG_EXPORT_FORMAT_ODS,
} AgExportFormat;

/**
 * AgExportFlags:
 * @AG_EXPORT_FLAGS_NONE: the document as read: a paragraph's lines
 *   joined, headings, tables
 * @AG_EXPORT_FLAGS_JOIN_LINES: what the default does now; kept so that
 *   callers that asked for it still build
 * @AG_EXPORT_FLAGS_KEEP_LINES: the lines exactly as on the page, a block
 *   a paragraph with its line breaks (what every format wrote before the
 *   layout was found)
 */
typedef enum
{
  AG_EXPORT_FLAGS_NONE       = 0,
  AG_EXPORT_FLAGS_JOIN_LINES = 1 << 0,
  AG_EXPORT_FLAGS_KEEP_LINES = 1 << 1,
} AgExportFlags;

/**
 * AgExportError:
 * @AG_EXPORT_ERROR_UNKNOWN_FORMAT: the file name's extension is not a format Airgap writes
 * @AG_EXPORT_ERROR_FAILED: the file could not be written
 * @AG_EXPORT_ERROR_NO_SPACE: the disk is full
 * @AG_EXPORT_ERROR_PERMISSION: the folder or file is not writable
 * @AG_EXPORT_ERROR_NO_TABLE: a spreadsheet was asked for, and no page has a table
 */
typedef enum
{
  AG_EXPORT_ERROR_UNKNOWN_FORMAT,
  AG_EXPORT_ERROR_FAILED,
  AG_EXPORT_ERROR_NO_SPACE,
  AG_EXPORT_ERROR_PERMISSION,
  AG_EXPORT_ERROR_NO_TABLE,
} AgExportError;

GQuark ag_export_error_quark (void);

G_END_DECLS
