/* ag-worker-protocol.c — what the window and its airgap-worker say to each other
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The channel is D-Bus, peer to peer, over one AF_UNIX socketpair made by
 * the client (the window or airgap-ocr) before it starts the worker; no
 * bus, no address, nothing anyone else could connect to.  GDBus checks
 * every message it receives (a malformed one closes the connection, which
 * the client treats as a failed worker), passes file descriptors (the
 * document going in, the pixels coming back, both sealed memfds or a
 * read-only file) and carries a GError's domain, code and message across
 * intact.
 *
 * Methods of io.github.airgapocr.Airgap.Worker1
 * (io.github.airgapocr.Airgap.Worker1.xml, compiled in by gdbus-codegen):
 *
 *   Open (h document, s name, s password) → (u id, a(uddds) pages)
 *     each page: kind, width, height, native dpi, label
 *   TextLayer (u id, u page) → (b has_text)
 *   Close (u id)
 *   Render (u id, u page, u mode, d dpi, u format, i max_width, i max_height)
 *     → (h pixels, i width, i height, t stride, u format, d dpi)
 *   ExtractText (u id, u page, b has_rect, (dddd) rect, i region) → (v page)
 *   ImageAreas (u id, u page) → (a(dddd) areas)   where it draws pictures
 *   Recognize (u request, u id, u page, s languages, v options) → (v page)
 *   Cancel (u request)
 *   Preload (s languages)
 *   Probe () → (a{sv} sandbox)
 *   TrySandbox (s path) → (a{si} errnos)   what the sandbox refuses
 *
 * and one signal, Progress (u request, d fraction), for recognitions.
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "document/ag-document.h"
#include "sandbox/ag-worker-protocol.h"
#include "ag-worker1-interface.h"

/**
 * _ag_worker_get_interface_info:
 *
 * The interface of io.github.airgapocr.Airgap.Worker1.xml, compiled in.
 * The first call checks that every AG_WORKER_METHOD_* and
 * AG_WORKER_SIGNAL_* is in it.
 *
 * Returns: (transfer none): the worker's interface
 */
GDBusInterfaceInfo *
_ag_worker_get_interface_info (void)
{
  static gsize checked;
  GDBusInterfaceInfo *info = (GDBusInterfaceInfo *) &_ag_worker1_interface;

  if (g_once_init_enter (&checked))
    {
      static const char * const methods[] = {
        AG_WORKER_METHOD_OPEN, AG_WORKER_METHOD_TEXT_LAYER, AG_WORKER_METHOD_CLOSE,
        AG_WORKER_METHOD_RENDER, AG_WORKER_METHOD_EXTRACT_TEXT, AG_WORKER_METHOD_IMAGE_AREAS,
        AG_WORKER_METHOD_RECOGNIZE, AG_WORKER_METHOD_CANCEL, AG_WORKER_METHOD_PRELOAD,
        AG_WORKER_METHOD_PROBE, AG_WORKER_METHOD_TRY_SANDBOX,
      };
      static const char * const signals[] = {
        AG_WORKER_SIGNAL_PROGRESS, AG_WORKER_SIGNAL_FINISHED,
      };

      g_assert (g_str_equal (info->name, AG_WORKER_INTERFACE));
      for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
        g_assert (g_dbus_interface_info_lookup_method (info, methods[i]) != NULL);
      for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
        g_assert (g_dbus_interface_info_lookup_signal (info, signals[i]) != NULL);
      g_once_init_leave (&checked, 1);
    }

  return info;
}

/* GDBus sends an error of a domain it has no name for as the domain's
 * quark string and code, and turns it back into the same GError at the
 * other end when that quark exists there: make sure it does. */
void
_ag_worker_ensure_error_domains (void)
{
  (void) ag_document_error_quark ();
  (void) ag_engine_error_quark ();
  (void) G_IO_ERROR;
}

/**
 * _ag_worker_options_serialize:
 * @regions: (element-type guint): the indices of the options' regions that
 *   lie on the page to recognise
 */
GVariant *
_ag_worker_options_serialize (AgRecognizeOptions *options,
                              GArray             *regions)
{
  GVariantBuilder all, mine;

  g_variant_builder_init (&all, G_VARIANT_TYPE ("a(u(dddd)b)"));
  for (guint i = 0; i < ag_recognize_options_get_n_regions (options); i++)
    {
      const AgRegion *region = ag_recognize_options_get_region (options, i);

      g_variant_builder_add (&all, "(u(dddd)b)", region->page,
                             region->rect.x, region->rect.y, region->rect.width, region->rect.height,
                             region->vertical);
    }

  g_variant_builder_init (&mine, G_VARIANT_TYPE ("au"));
  for (guint i = 0; regions != NULL && i < regions->len; i++)
    g_variant_builder_add (&mine, "u", g_array_index (regions, guint, i));

  return g_variant_new ("(bbua(u(dddd)b)au)",
                        ag_recognize_options_get_force_ocr (options),
                        ag_recognize_options_get_preprocess (options),
                        (guint) ag_recognize_options_get_engine_kind (options),
                        &all, &mine);
}

/**
 * _ag_worker_options_deserialize:
 * @regions: (out) (transfer full): the region indices of the page
 *
 * Returns: (transfer full) (nullable): the options, %NULL if @variant is
 *   not what _ag_worker_options_serialize() makes
 */
AgRecognizeOptions *
_ag_worker_options_deserialize (GVariant  *variant,
                                GArray   **regions)
{
  g_autoptr(AgRecognizeOptions) options = NULL;
  g_autoptr(GVariantIter) all = NULL;
  g_autoptr(GVariantIter) mine = NULL;
  g_autoptr(GArray) indices = NULL;
  gboolean force_ocr, preprocess, vertical;
  guint kind, page, index;
  AgRect rect;

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE ("(bbua(u(dddd)b)au)")))
    return NULL;

  g_variant_get (variant, "(bbua(u(dddd)b)au)", &force_ocr, &preprocess, &kind, &all, &mine);
  if (kind > AG_ENGINE_KIND_PPOCR)
    return NULL;

  options = ag_recognize_options_new ();
  ag_recognize_options_set_force_ocr (options, force_ocr);
  ag_recognize_options_set_preprocess (options, preprocess);
  ag_recognize_options_set_engine_kind (options, (AgEngineKind) kind);
  while (g_variant_iter_next (all, "(u(dddd)b)", &page, &rect.x, &rect.y, &rect.width, &rect.height, &vertical))
    {
      AgRegion region = { page, rect, vertical };

      ag_rect_clamp (&region.rect);
      ag_recognize_options_add_region (options, &region);
    }

  indices = g_array_new (FALSE, FALSE, sizeof (guint));
  while (g_variant_iter_next (mine, "u", &index))
    {
      if (index >= ag_recognize_options_get_n_regions (options))
        return NULL;
      g_array_append_val (indices, index);
    }

  *regions = g_steal_pointer (&indices);
  return g_steal_pointer (&options);
}

/**
 * _ag_memfd_new_from_data:
 *
 * Copies @data into an anonymous memory file and seals it, so the other
 * side can map it and be sure it never changes under it.
 *
 * Returns: a file descriptor (the caller closes it), or -1 with @error set
 */
int
_ag_memfd_new_from_data (const void  *data,
                         gsize        size,
                         const char  *name,
                         GError     **error)
{
  int fd = memfd_create (name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
  int saved_errno;

  if (fd < 0)
    goto failed;
  if (size > 0)
    {
      void *map;

      if (ftruncate (fd, (off_t) size) != 0)
        goto failed;
      map = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (map == MAP_FAILED)
        goto failed;
      memcpy (map, data, size);
      munmap (map, size);
    }
  if (fcntl (fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0)
    goto failed;

  return fd;

failed:
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "memfd: %s", g_strerror (saved_errno));
  return -1;
}

typedef struct
{
  void  *map;
  gsize  size;
} Mapping;

static void
mapping_free (gpointer data)
{
  Mapping *mapping = data;

  if (mapping->size > 0)
    munmap (mapping->map, mapping->size);
  g_free (mapping);
}

/**
 * _ag_bytes_new_from_fd:
 * @fd: a file or memfd, read from its start; not closed
 *
 * Maps @fd read-only, so nothing is copied.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 */
GBytes *
_ag_bytes_new_from_fd (int      fd,
                       GError **error)
{
  struct stat st;
  Mapping *mapping;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "not a file: %s", g_strerror (saved_errno));
      return NULL;
    }
  if (st.st_size == 0)
    return g_bytes_new (NULL, 0);

  mapping = g_new0 (Mapping, 1);
  mapping->size = (gsize) st.st_size;
  mapping->map = mmap (NULL, mapping->size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (mapping->map == MAP_FAILED)
    {
      int saved_errno = errno;

      g_free (mapping);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "mmap: %s", g_strerror (saved_errno));
      return NULL;
    }

  return g_bytes_new_with_free_func (mapping->map, mapping->size, mapping_free, mapping);
}
