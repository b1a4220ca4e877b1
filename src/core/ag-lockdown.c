/* ag-lockdown.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* STUB: to be implemented (offline by construction). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ag-lockdown.h"

static AgLockdownState state = AG_LOCKDOWN_NOT_APPLIED;

AgLockdownState
ag_lockdown_apply (void)
{
  state = AG_LOCKDOWN_UNVERIFIED;
  return state;
}

AgLockdownState
ag_lockdown_get_state (void)
{
  return state;
}

const char *
ag_lockdown_get_details (void)
{
  return _("The network lockdown is not implemented yet.");
}
