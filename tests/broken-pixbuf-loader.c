/* broken-pixbuf-loader.c — a gdk-pixbuf loader that fails as glycin's does
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * In the GNOME 50 runtime gdk-pixbuf has a loader for every format, but
 * it is glycin's, and in Airgap's worker it cannot work
 * (docs/sandbox.md, "The Flatpak").  gdk-pixbuf 2.44's io-glycin-utils.c
 * fails in one of two ways there:
 *
 *  - "write": begin_load makes a temporary file (g_file_new_tmp()), which
 *    the worker may not create: gdk_pixbuf_loader_write() (or close, for
 *    a file shorter than gdk-pixbuf's 4 KB header buffer) fails with a
 *    G_IO_ERROR;
 *  - "close": the bytes are taken, and on close glycin cannot start its
 *    loader program; GLY_LOADER_ERROR_FAILED comes back as
 *    GDK_PIXBUF_ERROR_CORRUPT_IMAGE.
 *
 * AIRGAP_TEST_BROKEN_LOADER says which.  test-image-fallback lists this
 * module in a loader cache of its own (GDK_PIXBUF_MODULE_FILE).
 */

#include "config.h"

#define GDK_PIXBUF_ENABLE_BACKEND
#include <gdk-pixbuf/gdk-pixbuf-io.h>
#undef GDK_PIXBUF_ENABLE_BACKEND

typedef struct
{
  gsize received;
} Context;

static gboolean
fails_on_write (void)
{
  return g_strcmp0 (g_getenv ("AIRGAP_TEST_BROKEN_LOADER"), "write") == 0;
}

static gpointer
begin_load (GdkPixbufModuleSizeFunc      size_func,
            GdkPixbufModulePreparedFunc  prepared_func,
            GdkPixbufModuleUpdatedFunc   updated_func,
            gpointer                     user_data,
            GError                     **error)
{
  if (fails_on_write ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           "Error opening file /tmp/gdk-pixbuf-glycin-tmp.XXXXXX: Permission denied");
      return NULL;
    }
  return g_new0 (Context, 1);
}

static gboolean
load_increment (gpointer       data,
                const guchar  *buf,
                guint          size,
                GError       **error)
{
  Context *context = data;

  context->received += size;
  return TRUE;
}

static gboolean
stop_load (gpointer   data,
           GError   **error)
{
  g_free (data);
  g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                       "Failed to spawn loader: Operation not permitted");
  return FALSE;
}

G_MODULE_EXPORT void fill_vtable (GdkPixbufModule *module);
G_MODULE_EXPORT void fill_info   (GdkPixbufFormat *info);

void
fill_vtable (GdkPixbufModule *module)
{
  module->begin_load = begin_load;
  module->load_increment = load_increment;
  module->stop_load = stop_load;
}

void
fill_info (GdkPixbufFormat *info)
{
  static GdkPixbufModulePattern signature[] = {
    { (char *) "MM *", (char *) "  z ", 100 },
    { (char *) "II* ", (char *) "   z", 100 },
    { NULL, NULL, 0 }
  };
  static char *mime_types[] = { (char *) "image/tiff", NULL };
  static char *extensions[] = { (char *) "tif", NULL };

  info->name = (char *) "broken";
  info->signature = signature;
  info->description = (char *) "A loader that cannot run";
  info->mime_types = mime_types;
  info->extensions = extensions;
  info->flags = GDK_PIXBUF_FORMAT_THREADSAFE;
  info->license = (char *) "GPL";
}
