/* ag-runtime.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <glib/gi18n-lib.h>
#include <leptonica/allheaders.h>
#include <locale.h>
#include <malloc.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ag-runtime.h"

/* Leptonica's pixel buffers from this size up are made writable at once. */
#define PIX_POPULATE_MIN (1024 * 1024)

/* Leptonica makes every pixel buffer with pixCreateNoInit(), which reads
 * the last word of each row before it writes it.  A buffer of 1 MB or
 * more is fresh memory (M_MMAP_THRESHOLD below), so each of its pages is
 * first mapped to the kernel's shared page of zeros and then copied on
 * the first write; while another thread of the process runs on the
 * other core, every such copy interrupts that core to flush its TLB,
 * which in a virtual machine is dearer than the copy.  On a 10-page
 * scanned PDF that was 11 % of the whole run's CPU.  Asking the kernel
 * for the buffer's pages writable, all at once, avoids both faults and
 * the interrupts.  The buffer still comes from malloc(), so Leptonica
 * and Tesseract free it as before. */
static void *
pix_data_alloc (size_t size)
{
  void *data = malloc (size);

  if (data != NULL && size >= PIX_POPULATE_MIN)
    {
      gsize page = (gsize) sysconf (_SC_PAGESIZE);
      guintptr start = ((guintptr) data + page - 1) & ~(guintptr) (page - 1);
      guintptr end = ((guintptr) data + size) & ~(guintptr) (page - 1);

      if (end > start)
        madvise ((void *) start, end - start, MADV_HUGEPAGE);
      if (end > start && madvise ((void *) start, end - start, MADV_POPULATE_WRITE) != 0)
        {
          /* An older kernel: a write first to each page at least
           * spares the copy and the interrupt. */
          for (guintptr p = start; p < end; p += page)
            *(volatile char *) p = 0;
        }
    }

  return data;
}

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
 * It also bounds glibc's malloc arenas and has Leptonica's large pixel
 * buffers mapped writable at once (see below).
 */
void
ag_runtime_ensure_environment (char **argv)
{
  const char *limit = g_getenv ("OMP_THREAD_LIMIT");
  void *gomp;

#ifdef M_ARENA_MAX
  /* glibc gives each thread that mallocs at once an arena of its own, up
   * to eight per core.  Bounded to what can read at once: the page pool
   * (one thread a core), a page's second part, PP-OCR's two line threads,
   * the main and D-Bus threads.  Two arenas, as before, made the two
   * threads that load Tesseract side by side share one now and then, and
   * its lock made that load half as slow again (130 ms → 170–250 ms for
   * chi_sim); large blocks are mapped (below), so more arenas cost no
   * measurable memory (tests/bench/long-pdf.py: 369 MB with two, 374 MB
   * with eight, over 60 pages). */
  mallopt (M_ARENA_MAX, 2 * (int) g_get_num_processors () + 4);
#endif
  /* (large blocks mapped from the second page read on:
   * ag_runtime_note_page()) */
  setPixMemoryManager (pix_data_alloc, free);

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

/**
 * ag_runtime_note_page:
 *
 * Says that a page is about to be read in this process.  glibc raises
 * its mmap threshold to the largest block freed, up to 32 MB: after the
 * first page, every page's pixels (35 MB at 300 dpi in RGBA, and their
 * grey and binary copies) come from the heap, which fragments and keeps
 * growing over a long document.  From the second page on, blocks of
 * 1 MB or more are mapped and given back when freed (a 40-page PDF read
 * in the worker at 422 MB instead of 499).  Not for the first: there
 * Tesseract's load and reading reuse the heap's blocks where mapped ones
 * were each faulted in afresh and unmapped, which interrupted the other
 * core for every unmapping (the command line's one page 5 % faster,
 * docs/speed.md).
 */
void
ag_runtime_note_page (void)
{
  static gint n_pages;

  if (g_atomic_int_add (&n_pages, 1) == 1)
    {
#ifdef M_MMAP_THRESHOLD
      mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
#endif
    }
}
