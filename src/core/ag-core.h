/* ag-core.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#define AG_CORE_INSIDE

#include "ag-bitmap.h"
#include "ag-convert.h"
#include "ag-document.h"
#include "ag-engine.h"
#include "ag-export.h"
#include "ag-languages.h"
#include "ag-lockdown.h"
#include "ag-page.h"
#include "ag-page-list.h"
#include "ag-recognition.h"
#include "ag-region.h"
#include "ag-runtime.h"
#include "ag-worker-pool.h"

#undef AG_CORE_INSIDE
