/* ag-lockdown.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * AgLockdownState:
 * @AG_LOCKDOWN_NOT_APPLIED: ag_lockdown_apply() was not called yet
 * @AG_LOCKDOWN_ACTIVE: the filter is installed and a test socket was refused
 * @AG_LOCKDOWN_UNVERIFIED: the filter could not be installed or verified
 */
typedef enum
{
  AG_LOCKDOWN_NOT_APPLIED,
  AG_LOCKDOWN_ACTIVE,
  AG_LOCKDOWN_UNVERIFIED,
} AgLockdownState;

#define AG_TYPE_LOCKDOWN_STATE (ag_lockdown_state_get_type ())

GType            ag_lockdown_state_get_type (void) G_GNUC_CONST;

AgLockdownState  ag_lockdown_apply          (void);
AgLockdownState  ag_lockdown_get_state      (void);
const char      *ag_lockdown_get_details    (void);

/* The stricter sandbox of airgap-worker (see ag-lockdown.c). */
int              ag_lockdown_restrict_files (const char * const *read_paths,
                                             GError            **error);
gboolean         ag_lockdown_apply_worker   (GError            **error);
GVariant        *ag_lockdown_try            (const char         *path);

G_END_DECLS
