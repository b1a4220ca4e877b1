/* ag-runtime.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tesseract's OpenMP runtime, whose thread limit is read when it loads. */
#define AG_GOMP_LIBRARY "libgomp.so.1"

void ag_runtime_ensure_environment (char **argv);
void ag_runtime_init_i18n          (void);
void ag_runtime_note_page          (void);

G_END_DECLS
