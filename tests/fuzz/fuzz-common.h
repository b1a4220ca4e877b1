/* fuzz-common.h — what every libFuzzer harness of Airgap shares
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A critical is a programming error (a g_return_if_fail that failed):
 * abort() so that libFuzzer reports it with a stack and keeps the input
 * (GLib's own fatal criticals stop with SIGTRAP, which libFuzzer does not
 * catch).  Warnings of the libraries about bad input are expected. */
static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    {
      g_log_writer_standard_streams (log_level, fields, n_fields, user_data);
      abort ();
    }
  if ((log_level & G_LOG_LEVEL_DEBUG) && g_getenv ("AIRGAP_FUZZ_VERBOSE") == NULL)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static inline void
fuzz_init_common (void)
{
  g_setenv ("OMP_THREAD_LIMIT", "1", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  /* G_DEBUG=fatal-warnings of the test environment would stop on the
   * libraries' warnings about damaged input. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}

/* Reads the fuzz input as a stream of small numbers and strings. */
typedef struct
{
  const uint8_t *data;
  size_t         size;
} FuzzReader;

static inline guint
fuzz_byte (FuzzReader *r)
{
  guint value;

  if (r->size == 0)
    return 0;
  value = r->data[0];
  r->data++;
  r->size--;
  return value;
}

/* A double made of one byte, mostly in 0..1 but sometimes just outside,
 * negative, huge, infinite or not a number. */
static inline double
fuzz_double (FuzzReader *r)
{
  guint b = fuzz_byte (r);

  switch (b)
    {
    case 250: return -0.0;
    case 251: return -1.5;
    case 252: return 1e300;
    case 253: return -1e300;
    case 254: return 1.0 / 0.0;
    case 255: return 0.0 / 0.0;
    default:  return (b - 10) / 230.0;
    }
}

/* Up to @max bytes, as they are (not necessarily UTF-8), NUL-terminated. */
static inline char *
fuzz_string (FuzzReader *r,
             guint       max)
{
  guint want = fuzz_byte (r) % (max + 1);
  guint len = MIN (want, r->size);
  char *text = g_strndup ((const char *) r->data, len);

  r->data += len;
  r->size -= len;
  return text;
}
