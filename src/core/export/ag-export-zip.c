/* ag-export-zip.c — the zip packages of OpenDocument and Office Open XML
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include "export/ag-export-zip-private.h"
#include "export/ag-zip-api.h"

static gboolean
add_entry (zip_t       *zip,
           const char  *name,
           const char  *data,
           gboolean     stored,
           time_t       mtime)
{
  zip_source_t *source = _ag_zip_api->source_buffer (zip, data, strlen (data), 0);
  zip_int64_t index;

  if (source == NULL)
    return FALSE;

  index = _ag_zip_api->file_add (zip, name, source, ZIP_FL_ENC_UTF_8);
  if (index < 0)
    {
      _ag_zip_api->source_free (source);
      return FALSE;
    }

  _ag_zip_api->file_set_mtime (zip, index, mtime, 0);
  return _ag_zip_api->set_file_compression (zip, index, stored ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) == 0;
}

/* A zip archive in memory of @entries, name and text after name and text
 * up to a %NULL name, in that order; the first stored, not compressed,
 * if @first_stored (OpenDocument's `mimetype`).  On failure %NULL, and
 * libzip's reason in @reason. */
GBytes *
_ag_export_zip (const char * const  *entries,
                gboolean             first_stored,
                char               **reason)
{
  zip_error_t zip_error;
  zip_source_t *buffer;
  zip_stat_t st;
  zip_t *zip;
  guint8 *data = NULL;
  time_t now = time (NULL);
  const char *failure = NULL;

  if (!_ag_zip_api_load (&failure))
    {
      *reason = g_strdup_printf ("libzip could not be loaded: %s", failure);
      return NULL;
    }

  _ag_zip_api->error_init (&zip_error);
  buffer = _ag_zip_api->source_buffer_create (NULL, 0, 0, &zip_error);
  if (buffer == NULL)
    goto failed;

  zip = _ag_zip_api->open_from_source (buffer, ZIP_TRUNCATE, &zip_error);
  if (zip == NULL)
    {
      _ag_zip_api->source_free (buffer);
      goto failed;
    }

  /* The buffer outlives the archive: it holds the result. */
  _ag_zip_api->source_keep (buffer);

  for (guint i = 0; entries[i] != NULL; i += 2)
    if (!add_entry (zip, entries[i], entries[i + 1], first_stored && i == 0, now))
      {
        _ag_zip_api->error_set (&zip_error, _ag_zip_api->error_code_zip (_ag_zip_api->get_error (zip)), 0);
        _ag_zip_api->discard (zip);
        _ag_zip_api->source_free (buffer);
        goto failed;
      }

  if (_ag_zip_api->close (zip) != 0)
    {
      _ag_zip_api->error_set (&zip_error, _ag_zip_api->error_code_zip (_ag_zip_api->get_error (zip)), 0);
      _ag_zip_api->discard (zip);
      _ag_zip_api->source_free (buffer);
      goto failed;
    }

  if (_ag_zip_api->source_stat (buffer, &st) != 0 || _ag_zip_api->source_open (buffer) != 0)
    {
      _ag_zip_api->source_free (buffer);
      goto failed;
    }
  data = g_malloc (st.size);
  if (_ag_zip_api->source_read (buffer, data, st.size) != (zip_int64_t) st.size)
    {
      g_free (data);
      _ag_zip_api->source_close (buffer);
      _ag_zip_api->source_free (buffer);
      goto failed;
    }
  _ag_zip_api->source_close (buffer);
  _ag_zip_api->source_free (buffer);

  return g_bytes_new_take (data, st.size);

failed:
  *reason = g_strdup (_ag_zip_api->error_strerror (&zip_error));
  _ag_zip_api->error_fini (&zip_error);
  return NULL;
}
