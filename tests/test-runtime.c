/* test-runtime.c — what ag_runtime_ensure_environment() sets up
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <leptonica/allheaders.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ag-runtime.h"

/* How many of the pages wholly inside [data, data + size) are resident. */
static void
count_resident (const void *data,
                gsize       size,
                gsize      *resident,
                gsize      *total)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  guintptr start = ((guintptr) data + page - 1) & ~(guintptr) (page - 1);
  guintptr end = ((guintptr) data + size) & ~(guintptr) (page - 1);
  g_autofree unsigned char *vec = NULL;

  g_assert_cmpuint (end, >, start);
  *total = (end - start) / page;
  vec = g_new0 (unsigned char, *total);
  g_assert_cmpint (mincore ((void *) start, end - start, vec), ==, 0);
  *resident = 0;
  for (gsize i = 0; i < *total; i++)
    *resident += vec[i] & 1;
}

/* A large pixel buffer comes with all its pages writable, not mapped to
 * the zero page one by one as pixCreateNoInit() reads each row's end.
 * Without the allocator none of a fresh 4 MB buffer is resident yet. */
static void
test_pix_populated (void)
{
  PIX *pix = pixCreateNoInit (16384, 64, 32);
  gsize resident, total;

  g_assert_nonnull (pix);
  count_resident (pixGetData (pix), 4 * (gsize) pixGetWpl (pix) * pixGetHeight (pix),
                  &resident, &total);
  g_test_message ("%zu of %zu pages resident", resident, total);
  g_assert_cmpuint (resident, ==, total);
  pixDestroy (&pix);

  /* Small buffers are left to malloc() alone. */
  pix = pixCreate (64, 64, 8);
  g_assert_nonnull (pix);
  g_assert_cmpuint (GET_DATA_BYTE (pixGetData (pix), 0), ==, 0);
  pixDestroy (&pix);
}

int
main (int   argc,
      char *argv[])
{
  ag_runtime_ensure_environment (argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runtime/pix-populated", test_pix_populated);

  return g_test_run ();
}
