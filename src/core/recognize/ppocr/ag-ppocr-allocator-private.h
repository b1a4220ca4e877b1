/* ag-ppocr-allocator-private.h — OpenCV's matrices in huge pages
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* Inside the PP-OCR module only (C++). */
void _ag_ppocr_use_huge_pages (void);
