/* ag-remote-document.c — documents opened in a sandboxed airgap-worker
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * After ag_sandbox_init() the core opens documents through
 * _ag_remote_document_open_pages(): the document is opened in a worker of
 * the pool (ag-worker-pool.c), and its pages are AgPages whose backend
 * (remote_backend below) makes every rendering, text-layer and
 * recognition a request to that worker.  An AgRemoteDoc remembers what
 * the document was opened from (the GFile, or the bytes), so that when
 * its worker died the next request opens it again in a fresh one.  Every
 * request goes through _ag_worker_pool_retry().
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "document/ag-document.h"
#include "document/ag-page-private.h"
#include "recognize/ag-engine-private.h"
#include "recognize/ag-languages.h"
#include "sandbox/ag-worker-pool-private.h"
#include "sandbox/ag-worker-private.h"

typedef struct _AgRemoteDoc AgRemoteDoc;

struct _AgRemoteDoc
{
  gatomicrefcount  ref_count;
  GMutex           mutex;
  GFile           *file;
  GBytes          *bytes;
  char            *name;
  char            *password;
  AgWorker        *worker;       /* under @mutex */
  guint            id;
};

/* A page as the worker describes it when it opens the document. */
typedef struct
{
  guint   kind;
  double  width;
  double  height;
  double  dpi;
  char   *label;
} PageInfo;

static void
page_info_clear (PageInfo *info)
{
  g_clear_pointer (&info->label, g_free);
}

static AgRemoteDoc *
remote_doc_ref (AgRemoteDoc *doc)
{
  g_atomic_ref_count_inc (&doc->ref_count);
  return doc;
}

static void
remote_doc_unref (AgRemoteDoc *doc)
{
  if (!g_atomic_ref_count_dec (&doc->ref_count))
    return;

  if (doc->worker != NULL)
    {
      _ag_worker_send (doc->worker, AG_WORKER_METHOD_CLOSE, g_variant_new ("(u)", doc->id));
      _ag_worker_unref (doc->worker);
    }
  g_clear_object (&doc->file);
  g_clear_pointer (&doc->bytes, g_bytes_unref);
  g_free (doc->name);
  if (doc->password != NULL)
    {
      memset (doc->password, 0, strlen (doc->password));
      g_free (doc->password);
    }
  g_mutex_clear (&doc->mutex);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgRemoteDoc, remote_doc_unref)

/* Opening ------------------------------------------------------------------ */

static int
open_source_fd (AgRemoteDoc  *doc,
                int           given_fd,
                GError      **error)
{
  if (given_fd >= 0)
    return dup (given_fd);

  if (doc->file != NULL && doc->bytes == NULL)
    {
      g_autofree char *path = g_file_get_path (doc->file);
      int fd = path != NULL ? open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY) : -1;

      if (fd < 0)
        {
          int saved_errno = errno;

          g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_IO,
                       _("Could not read “%s”: %s. Check that the file exists and that you may read it."),
                       doc->name, g_strerror (saved_errno));
        }
      return fd;
    }

  {
    gsize size;
    const void *data = g_bytes_get_data (doc->bytes, &size);

    return _ag_memfd_new_from_data (data, size, "airgap-document", error);
  }
}

typedef struct
{
  AgRemoteDoc *doc;
  int          fd;
  AgWorker    *worker;   /* out */
} OpenRequest;

/* A fresh worker, and the document opened in it: the "(ua(uddds))" reply. */
static gpointer
open_once (gpointer   data,
           GError   **error)
{
  OpenRequest *open = data;
  g_autoptr(AgWorker) worker = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  GVariant *reply;
  int source_fd;

  worker = _ag_worker_pool_get_worker (error);
  if (worker == NULL)
    return NULL;

  source_fd = open_source_fd (open->doc, open->fd, error);
  if (source_fd < 0)
    return NULL;
  fds = g_unix_fd_list_new_from_array (&source_fd, 1);

  reply = _ag_worker_call (worker, AG_WORKER_METHOD_OPEN,
                           g_variant_new ("(hss)", 0, open->doc->name,
                                          open->doc->password != NULL ? open->doc->password : ""),
                           G_VARIANT_TYPE ("(ua(uddds))"), fds, NULL, 0, NULL, NULL, NULL, error);
  if (reply != NULL)
    {
      g_clear_pointer (&open->worker, _ag_worker_unref);
      open->worker = g_steal_pointer (&worker);
    }
  return reply;
}

/* With the document's mutex held: its worker, the document opened in it
 * (again, when its worker died). */
static AgWorker *
ensure_open_locked (AgRemoteDoc  *doc,
                    int           fd,
                    GArray      **pages,
                    GError      **error)
{
  OpenRequest open = { doc, fd, NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  guint id;

  if (doc->worker != NULL)
    {
      if (!_ag_worker_is_dead (doc->worker))
        return _ag_worker_ref (doc->worker);
      g_clear_pointer (&doc->worker, _ag_worker_unref);
    }

  reply = _ag_worker_pool_retry (open_once, &open, error);
  if (reply == NULL)
    return NULL;

  g_variant_get (reply, "(ua(uddds))", &id, &iter);
  if (pages != NULL)
    {
      PageInfo info;
      const char *label;

      *pages = g_array_new (FALSE, TRUE, sizeof (PageInfo));
      g_array_set_clear_func (*pages, (GDestroyNotify) page_info_clear);
      while (g_variant_iter_next (iter, "(uddd&s)", &info.kind, &info.width, &info.height, &info.dpi, &label))
        {
          info.label = g_strdup (label);
          g_array_append_val (*pages, info);
        }
    }

  doc->worker = _ag_worker_ref (open.worker);
  doc->id = id;
  return open.worker;
}

/* The worker holding @doc, opening it again in a fresh one if need be. */
static AgWorker *
doc_worker (AgRemoteDoc  *doc,
            guint        *id,
            GError      **error)
{
  AgWorker *worker;

  g_mutex_lock (&doc->mutex);
  worker = ensure_open_locked (doc, -1, NULL, error);
  *id = doc->id;
  g_mutex_unlock (&doc->mutex);

  return worker;
}

/* The recognised page in a "(v)" reply, or %NULL (and @worker ended). */
static AgRecognitionPage *
page_from_reply (AgWorker  *worker,
                 GVariant  *reply,
                 GError   **error)
{
  g_autoptr(GVariant) result = NULL;
  AgRecognitionPage *page;

  g_variant_get (reply, "(v)", &result);
  page = ag_recognition_page_deserialize (result);
  if (page == NULL)
    _ag_worker_reject (worker, error);
  return page;
}

/* The page backend ----------------------------------------------------------- */

typedef struct _PageRequest
{
  AgRemoteDoc        *doc;
  guint               page;
  /* Render */
  AgWorkerRenderMode  mode;
  double              dpi;
  AgBitmapFormat      format;
  int                 max_width;
  int                 max_height;
  /* ExtractText */
  const AgRect       *rect;
  int                 region;
  /* Recognize */
  const char         *languages;
  AgRecognizeOptions *options;
  GArray             *regions;
  AgPageProgressFunc  progress;
  gpointer            progress_data;
  GCancellable       *cancellable;
  /* What is asked of the worker holding the document */
  gpointer          (*call) (struct _PageRequest *request,
                             AgWorker            *worker,
                             guint                id,
                             GError             **error);
} PageRequest;

/* One try: the worker holding the document (opening it again in a fresh
 * one after a crash), then the request's call. */
static gpointer
page_request_once (gpointer   data,
                   GError   **error)
{
  PageRequest *request = data;
  g_autoptr(AgWorker) worker = NULL;
  guint id;

  worker = doc_worker (request->doc, &id, error);
  if (worker == NULL)
    return NULL;

  return request->call (request, worker, id, error);
}

/* Every request on a page goes through the pool's one retry. */
static gpointer
page_request_run (PageRequest  *request,
                   GError      **error)
{
  return _ag_worker_pool_retry (page_request_once, request, error);
}

static gpointer
text_layer_once (PageRequest  *request,
                 AgWorker     *worker,
                 guint         id,
                 GError      **error)
{
  return _ag_worker_call (worker, AG_WORKER_METHOD_TEXT_LAYER, g_variant_new ("(uu)", id, request->page),
                          G_VARIANT_TYPE ("(b)"), NULL, NULL, 0, NULL, NULL, NULL, error);
}

static gboolean
remote_has_text_layer (AgPage   *page,
                       gpointer  data)
{
  PageRequest request = {
    .doc = data, .page = ag_page_get_index (page), .call = text_layer_once,
  };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_text = FALSE;

  reply = page_request_run (&request, &error);
  if (reply == NULL)
    {
      /* Recognition then says what is wrong. */
      g_debug ("No text layer: %s", error->message);
      return FALSE;
    }

  g_variant_get (reply, "(b)", &has_text);
  return has_text;
}

static gpointer
render_once (PageRequest  *request,
             AgWorker     *worker,
             guint         id,
             GError      **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GError) local_error = NULL;
  AgBitmap *bitmap;
  int handle, fd, width, height, seals;
  guint64 stride;
  guint out_format;
  double out_dpi;
  gsize bpp;

  reply = _ag_worker_call (worker, AG_WORKER_METHOD_RENDER,
                           g_variant_new ("(uuuduii)", id, request->page, (guint) request->mode,
                                          request->dpi, (guint) request->format,
                                          request->max_width, request->max_height),
                           G_VARIANT_TYPE ("(hiitud)"), NULL, &fds, 0, NULL, NULL, NULL, error);
  if (reply == NULL)
    return NULL;

  if (g_cancellable_set_error_if_cancelled (request->cancellable, error))
    return NULL;

  g_variant_get (reply, "(hiitud)", &handle, &width, &height, &stride, &out_format, &out_dpi);
  fd = fds != NULL ? g_unix_fd_list_get (fds, handle, NULL) : -1;
  bpp = out_format == AG_BITMAP_FORMAT_RGBA8 ? 4 : 1;

  /* Only a sealed memfd of the right size: the worker must not be able
   * to change or shrink the pixels under the window (a SIGBUS). */
  seals = fd >= 0 ? fcntl (fd, F_GET_SEALS) : -1;
  if (seals < 0 || (seals & (F_SEAL_SHRINK | F_SEAL_WRITE)) != (F_SEAL_SHRINK | F_SEAL_WRITE) ||
      out_format != (guint) request->format || width <= 0 || height <= 0 ||
      stride < (guint64) width * bpp || stride > G_MAXSIZE / (guint64) height ||
      (pixels = _ag_bytes_new_from_fd (fd, &local_error)) == NULL ||
      g_bytes_get_size (pixels) < stride * (guint64) height)
    {
      if (fd >= 0)
        close (fd);
      _ag_worker_reject (worker, error);
      return NULL;
    }
  close (fd);

  bitmap = ag_bitmap_new (request->format, width, height, (gsize) stride, pixels);
  ag_bitmap_set_dpi (bitmap, out_dpi);
  return bitmap;
}

static AgBitmap *
remote_render (AgPage          *page,
               gpointer         data,
               double           dpi,
               AgBitmapFormat   format,
               GCancellable    *cancellable,
               GError         **error)
{
  PageRequest request = {
    .doc = data, .page = ag_page_get_index (page), .mode = AG_WORKER_RENDER_DPI,
    .dpi = dpi, .format = format, .cancellable = cancellable, .call = render_once,
  };

  return page_request_run (&request, error);
}

static AgBitmap *
remote_render_fit (AgPage        *page,
                   gpointer       data,
                   int            max_width,
                   int            max_height,
                   GCancellable  *cancellable,
                   GError       **error)
{
  PageRequest request = {
    .doc = data, .page = ag_page_get_index (page), .mode = AG_WORKER_RENDER_FIT,
    .format = AG_BITMAP_FORMAT_RGBA8, .max_width = max_width, .max_height = max_height,
    .cancellable = cancellable, .call = render_once,
  };

  return page_request_run (&request, error);
}

static gpointer
extract_text_once (PageRequest  *request,
                   AgWorker     *worker,
                   guint         id,
                   GError      **error)
{
  g_autoptr(GVariant) reply = NULL;
  AgRect none = { 0, 0, 1, 1 };
  const AgRect *rect = request->rect != NULL ? request->rect : &none;

  reply = _ag_worker_call (worker, AG_WORKER_METHOD_EXTRACT_TEXT,
                           g_variant_new ("(uub(dddd)i)", id, request->page, rect != &none,
                                          rect->x, rect->y, rect->width, rect->height,
                                          request->region),
                           G_VARIANT_TYPE ("(v)"), NULL, NULL, 0, NULL, NULL, NULL, error);
  if (reply == NULL)
    return NULL;

  return page_from_reply (worker, reply, error);
}

static AgRecognitionPage *
remote_extract_text (AgPage        *page,
                     gpointer       data,
                     const AgRect  *rect,
                     int            region,
                     GError       **error)
{
  PageRequest request = {
    .doc = data, .page = ag_page_get_index (page), .rect = rect, .region = region,
    .call = extract_text_once,
  };

  return page_request_run (&request, error);
}

static gpointer
image_areas_once (PageRequest  *request,
                  AgWorker     *worker,
                  guint         id,
                  GError      **error)
{
  return _ag_worker_call (worker, AG_WORKER_METHOD_IMAGE_AREAS, g_variant_new ("(uu)", id, request->page),
                          G_VARIANT_TYPE ("(a(dddd))"), NULL, NULL, 0, NULL, NULL, NULL, error);
}

static GArray *
remote_image_areas (AgPage   *page,
                    gpointer  data)
{
  PageRequest request = {
    .doc = data, .page = ag_page_get_index (page), .call = image_areas_once,
  };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  g_autoptr(GError) error = NULL;
  GArray *areas = g_array_new (FALSE, FALSE, sizeof (AgRect));
  AgRect area;

  reply = page_request_run (&request, &error);
  if (reply == NULL)
    {
      /* Like a page without pictures; recognition says what is wrong. */
      g_debug ("No picture areas: %s", error->message);
      return areas;
    }

  /* What the worker says is checked like everything it says. */
  g_variant_get (reply, "(a(dddd))", &iter);
  while (g_variant_iter_next (iter, "(dddd)", &area.x, &area.y, &area.width, &area.height))
    if (ag_rect_is_valid (&area))
      g_array_append_val (areas, area);

  return areas;
}

static gpointer
recognize_once (PageRequest  *request,
                AgWorker     *worker,
                guint         id,
                GError      **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *datapath = NULL;
  guint request_id;

  /* Languages from both the system's and the user's folder are linked
   * into one folder here; the worker may not make links. */
  datapath = _ag_languages_dup_datapath (request->languages, error);
  if (datapath == NULL)
    return NULL;

  request_id = _ag_worker_pool_new_request_id ();
  reply = _ag_worker_call (worker, AG_WORKER_METHOD_RECOGNIZE,
                           g_variant_new ("(uuusv)", request_id, id, request->page, request->languages,
                                          _ag_worker_options_serialize (request->options,
                                                                        request->regions)),
                           G_VARIANT_TYPE ("(v)"), NULL, NULL, request_id,
                           request->progress, request->progress_data, request->cancellable, error);
  if (reply == NULL)
    return NULL;

  return page_from_reply (worker, reply, error);
}

/* The worker reads the page the same way the engine would here, with its
 * own Tesseract handles. */
static AgRecognitionPage *
remote_recognize (AgPage              *page,
                  gpointer             data,
                  const char          *languages,
                  AgRecognizeOptions  *options,
                  GArray              *regions,
                  AgPageProgressFunc   progress,
                  gpointer             progress_data,
                  GCancellable        *cancellable,
                  GError             **error)
{
  PageRequest request = {
    .doc = data, .page = ag_page_get_index (page), .languages = languages,
    .options = options, .regions = regions, .progress = progress,
    .progress_data = progress_data, .cancellable = cancellable,
    .call = recognize_once,
  };

  return page_request_run (&request, error);
}

static const AgPageBackend remote_backend = {
  .render = remote_render,
  .render_fit = remote_render_fit,
  .has_text_layer = remote_has_text_layer,
  .extract_text = remote_extract_text,
  .image_areas = remote_image_areas,
  .recognize = remote_recognize,
  .free = (GDestroyNotify) remote_doc_unref,
};

/**
 * _ag_remote_document_open_pages:
 * @file: (nullable): what the document is opened from, read again by a
 *   new worker when its worker died...
 * @fd: ...through this descriptor the first time (not taken), or -1
 * @bytes: (nullable): ...or these bytes
 *
 * The document opener that ag_sandbox_init() gives AgDocument.
 *
 * Returns: (transfer full) (element-type AgPage): the pages of the
 *   document opened in a worker, or %NULL with @error set
 */
GPtrArray *
_ag_remote_document_open_pages (GFile         *file,
                                int            fd,
                                GBytes        *bytes,
                                const char    *name,
                                const char    *password,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(AgRemoteDoc) doc = g_new0 (AgRemoteDoc, 1);
  g_autoptr(AgWorker) worker = NULL;
  g_autoptr(GArray) infos = NULL;
  GPtrArray *pages;

  g_atomic_ref_count_init (&doc->ref_count);
  g_mutex_init (&doc->mutex);
  doc->file = file != NULL ? g_object_ref (file) : NULL;
  doc->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  doc->name = g_strdup (name);
  doc->password = g_strdup (password);

  g_mutex_lock (&doc->mutex);
  worker = ensure_open_locked (doc, fd, &infos, error);
  g_mutex_unlock (&doc->mutex);
  if (worker == NULL)
    return NULL;

  /* Decoding is not interrupted; a cancelled load lets the result go. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  pages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < infos->len; i++)
    {
      PageInfo *info = &g_array_index (infos, PageInfo, i);

      /* What the worker says is checked like everything it says. */
      g_ptr_array_add (pages, _ag_page_new (&remote_backend, remote_doc_ref (doc),
                                            info->kind == AG_PAGE_KIND_PDF ? AG_PAGE_KIND_PDF
                                                                           : AG_PAGE_KIND_IMAGE,
                                            i,
                                            isfinite (info->width) ? CLAMP (info->width, 1.0, 1e6) : 1.0,
                                            isfinite (info->height) ? CLAMP (info->height, 1.0, 1e6) : 1.0,
                                            isfinite (info->dpi) ? CLAMP (info->dpi, 0.0, 1e5) : 0.0,
                                            info->label));
    }

  return pages;
}
