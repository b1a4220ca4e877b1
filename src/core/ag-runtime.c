/* ag-runtime.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#include "ag-runtime.h"

/**
 * ag_runtime_ensure_environment:
 * @argv: the program's arguments, as main() got them
 *
 * Tesseract is built with OpenMP, and OpenMP reads its thread limit once,
 * when libgomp is loaded.  Without OMP_THREAD_LIMIT=1 each page is 4–5
 * times slower on two cores because OpenMP's threads fight Airgap's own
 * pool of one worker per core.  Tesseract, and libgomp with it, is opened
 * only when a page is first read (ag-tess-api.c), so setting the variable
 * here is in time.  Should libgomp already be in the process (a library
 * linked at start that uses it), the program starts itself again with
 * the variable set, once; if that fails it goes on, slower but working.
 * It also keeps glibc to two malloc arenas and maps large blocks (see
 * below).
 */
void
ag_runtime_ensure_environment (char **argv)
{
  const char *limit = g_getenv ("OMP_THREAD_LIMIT");
  void *gomp;

#ifdef M_ARENA_MAX
  /* glibc gives each thread that mallocs at once an arena of its own, up
   * to eight per core, and keeps what each grew to: the reading threads
   * (Tesseract's two halves, PP-OCR's lines, the page pool) made a
   * sandboxed worker on a 60-page PDF peak at 569 MB, 458 MB with two
   * arenas (tests/bench/long-pdf.py), for no measurable time. */
  mallopt (M_ARENA_MAX, 2);
#endif
#ifdef M_MMAP_THRESHOLD
  /* glibc raises its mmap threshold to the largest block freed, up to
   * 32 MB: after the first page, every page's pixels (35 MB at 300 dpi in
   * RGBA, and their grey and binary copies) come from the heap, which
   * fragments and keeps growing.  Blocks of 1 MB or more are mapped and
   * given back when freed: a 40-page PDF read in the worker at 422 MB
   * instead of 499. */
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
#endif

  if (g_strcmp0 (limit, "1") == 0)
    return;

  g_setenv ("OMP_THREAD_LIMIT", "1", TRUE);

  gomp = dlopen (AG_GOMP_LIBRARY, RTLD_LAZY | RTLD_NOLOAD);
  if (gomp == NULL)
    return;
  dlclose (gomp);
  execv ("/proc/self/exe", argv);
  /* Still here: /proc is not mounted.  Carry on. */
}

/**
 * ag_runtime_init_i18n:
 *
 * Sets up the locale and the message catalogue.  AIRGAP_LOCALEDIR lets
 * the test suite use the catalogues of the build tree.
 */
void
ag_runtime_init_i18n (void)
{
  const char *localedir = g_getenv ("AIRGAP_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
