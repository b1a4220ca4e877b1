/* ag-worker-main.c — airgap-worker, where documents are decoded and read
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Started by the window or airgap-ocr (src/core/sandbox/ag-worker-pool.c) with
 * one end of a socketpair as fd 3; what it does, and the sandbox it does
 * it in, is in src/core/sandbox/ag-worker-serve.c.
 */

#include "config.h"

#include <glib.h>

#include "ag-core.h"
#include "sandbox/ag-worker-private.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *languages = NULL;
  gboolean tesseract = FALSE;
  GOptionEntry entries[] = {
    { "languages", 0, 0, G_OPTION_ARG_STRING, &languages, "Languages to load at start", "LANGS" },
    { "tesseract", 0, 0, G_OPTION_ARG_NONE, &tesseract, "Pages are read with Tesseract alone", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  ag_runtime_ensure_environment (argv);
  ag_runtime_init_i18n ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("airgap-worker: %s\n", error->message);
      return 2;
    }

  return _ag_worker_serve (AG_WORKER_CHANNEL_FD, languages,
                           tesseract ? AG_ENGINE_KIND_TESSERACT : AG_ENGINE_KIND_AUTO);
}
