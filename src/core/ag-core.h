/* ag-core.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#define AG_CORE_INSIDE

#include "model/ag-bitmap.h"
#include "model/ag-convert.h"
#include "document/ag-document.h"
#include "recognize/ag-engine.h"
#include "export/ag-export.h"
#include "layout/ag-layout.h"
#include "recognize/ag-languages.h"
#include "sandbox/ag-lockdown.h"
#include "document/ag-page.h"
#include "model/ag-page-list.h"
#include "model/ag-recognition.h"
#include "model/ag-region.h"
#include "model/ag-text.h"
#include "ag-runtime.h"
#include "capture/ag-scanner.h"
#include "sandbox/ag-worker-pool.h"

#undef AG_CORE_INSIDE
