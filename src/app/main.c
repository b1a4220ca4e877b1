/* main.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-application.h"
#include "ag-core.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AgApplication) app = NULL;

  ag_runtime_ensure_environment (argv);
  ag_runtime_init_i18n ();

  app = ag_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
