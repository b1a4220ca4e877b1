/* ag-worker-serve.c — the worker's side of the channel: documents decoded and read
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The body of airgap-worker (src/worker), which the window or airgap-ocr
 * starts (src/core/sandbox/ag-worker-pool.c) with one end of a socketpair as fd
 * 3; airgap-ocr forks its first worker instead, straight into this, to
 * spare the program's start (ag_sandbox_init(), AG_SANDBOX_FORK).  In
 * this order:
 *
 *  1. Landlock: from here on it may read only language data, the PP-OCR
 *     models, the libraries, fonts and message catalogues — no file of
 *     the user's, and write nothing anywhere (before any thread exists:
 *     Landlock binds the calling thread and what it starts);
 *  2. limits: address space (AIRGAP_WORKER_MEMORY_MB, 3 GiB by default),
 *     CPU time, no core files, few descriptors;
 *  3. the D-Bus connection to the client over fd 3;
 *  4. the seccomp filter: no socket of any kind, no program started, no
 *     file opened for writing (ag_lockdown_apply_worker());
 *  5. the languages it was asked to load, in the background, and then
 *     requests, each in a thread of its own, with the local code of
 *     AgDocument, AgPage and AgEngine.
 *
 * It ends when the client closes the channel (or dies).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ag-core.h"
#include "recognize/ag-engine-private.h"
#include "document/ag-document-private.h"
#include "document/ag-page-private.h"
#include "recognize/ppocr/ag-ppocr.h"
#include "sandbox/ag-sanitizer-private.h"
#include "sandbox/ag-worker-private.h"
#include "sandbox/ag-worker-protocol.h"

#define DEFAULT_MEMORY_MB (3 * 1024)
#define CPU_LIMIT_SECONDS (30 * 60)
#define MAX_FILES 256

static GMutex state_mutex;
static GHashTable *documents;   /* id → AgDocument */
static GHashTable *requests;    /* request → GCancellable */
static guint next_document;
static GDBusConnection *connection;
static int landlock_abi;
static gboolean seccomp_active;
/* what the client reads pages with (_ag_worker_serve()) */
static AgEngineKind preload_kind;
static guint64 memory_limit_mb;

/* Where the worker's own messages go: the client's standard error, kept
 * apart from the worker's (see quiet_standard_error()). */
static int report_fd = STDERR_FILENO;

static void
write_report (const char *text)
{
  gsize left = strlen (text);

  while (left > 0)
    {
      gssize n = write (report_fd, text, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      text += n;
      left -= (gsize) n;
    }
}

/* An allocation GLib could not make ends the process with a status the
 * client reads as "needs more memory than Airgap allows". */
static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if (log_level & G_LOG_LEVEL_ERROR)
    for (gsize i = 0; i < n_fields; i++)
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
          strstr (fields[i].value, "failed to allocate") != NULL)
        _exit (AG_WORKER_EXIT_NO_MEMORY);

  /* What GLib would write to standard error. */
  if (report_fd != STDERR_FILENO &&
      (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL |
                    G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE)))
    {
      g_autofree char *line = g_log_writer_format_fields (log_level, fields, n_fields, FALSE);

      write_report (line);
      write_report ("\n");
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* The libraries the worker runs write to standard error whatever they
 * like: Tesseract ("Estimating resolution as 409", "Detected 12
 * diacritics", once for each part of a page), Poppler ("Syntax Error"
 * on damaged files), OpenCV.  What matters reaches the client as a
 * GError.  Tesseract's own switch, a debug file, cannot be used here:
 * Tesseract is opened only when a page needs it (ag-tess-api.c), and by
 * then the seccomp filter lets nothing be opened for writing.  So the
 * worker's standard error is /dev/null from the start, and its own
 * messages — GLib's warnings, g_printerr(), the sanitizers' reports in
 * the test builds — go to a copy of the real one.  AIRGAP_TESSERACT_DEBUG
 * (any value) keeps everything. */
static void
quiet_standard_error (void)
{
  int nowhere, copy;

  if (g_getenv ("AIRGAP_TESSERACT_DEBUG") != NULL)
    return;

  nowhere = open ("/dev/null", O_WRONLY | O_CLOEXEC);
  if (nowhere < 0)
    return;
  copy = fcntl (STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  if (copy < 0 || dup2 (nowhere, STDERR_FILENO) < 0)
    {
      if (copy >= 0)
        close (copy);
      close (nowhere);
      return;
    }
  close (nowhere);

  report_fd = copy;
  g_set_printerr_handler (write_report);
  if (__sanitizer_set_report_fd != NULL)
    __sanitizer_set_report_fd ((void *) (gintptr) report_fd);
  _ag_tess_set_stderr_quiet ();
}

static void
add_path (GPtrArray  *paths,
          const char *path)
{
  if (path != NULL && *path != '\0')
    g_ptr_array_add (paths, g_strdup (path));
}

static void
restrict_files (void)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *system_tessdata = ag_languages_dup_system_dir ();
  g_autofree char *user_tessdata = ag_languages_dup_user_dir ();
  g_autofree char *models = NULL;
  g_autofree char *fontconfig_cache = g_build_filename (g_get_user_cache_dir (), "fontconfig", NULL);

  add_path (paths, system_tessdata);
  add_path (paths, user_tessdata);
  add_path (paths, g_getenv ("AIRGAP_TESSDATA_LINKS"));
  if (_ag_ppocr_find_models (&models))
    add_path (paths, models);
  /* PP-OCR's module, loaded on first use (ag-ppocr-loader.c). */
  add_path (paths, g_getenv ("AIRGAP_PPOCR_MODULE"));
#ifdef AG_PPOCR_MODULE_PATH
  add_path (paths, AG_PPOCR_MODULE_PATH);
#endif
  add_path (paths, g_getenv ("AIRGAP_LOCALEDIR"));
  add_path (paths, LOCALEDIR);
  /* Libraries and their modules (gdk-pixbuf's loaders), fonts, Poppler's
   * data, shared MIME info; the dynamic linker's cache; fontconfig. */
  add_path (paths, "/usr");
  add_path (paths, "/lib");
  add_path (paths, "/lib64");
  add_path (paths, "/app");
  add_path (paths, "/etc/ld.so.cache");
  add_path (paths, "/etc/fonts");
  add_path (paths, "/var/cache/fontconfig");
  add_path (paths, fontconfig_cache);
  add_path (paths, "/proc/self");
  /* How many processors there are: the C library (sysconf), OpenMP and
   * OpenCV size their threads by it, and without it take one. */
  add_path (paths, "/sys/devices/system/cpu");
  add_path (paths, "/sys/fs/cgroup");
  add_path (paths, "/proc/stat");
  add_path (paths, "/proc/cpuinfo");
  add_path (paths, "/dev/null");
  add_path (paths, "/dev/urandom");
  g_ptr_array_add (paths, NULL);

  landlock_abi = ag_lockdown_restrict_files ((const char * const *) paths->pdata, &error);
  if (landlock_abi == 0)
    g_debug ("Landlock is not in force: %s", error->message);
}

static void
set_limits (void)
{
  const char *env = g_getenv ("AIRGAP_WORKER_MEMORY_MB");
  struct rlimit limit;

  memory_limit_mb = DEFAULT_MEMORY_MB;
  if (env != NULL)
    g_ascii_string_to_unsigned (env, 10, 16, G_MAXUINT32, &memory_limit_mb, NULL);

#ifndef AG_UNDER_ASAN
  /* AddressSanitizer reserves terabytes of address space up front. */
  limit.rlim_cur = limit.rlim_max = (rlim_t) memory_limit_mb * 1024 * 1024;
  if (setrlimit (RLIMIT_AS, &limit) != 0)
    g_debug ("RLIMIT_AS: %s", g_strerror (errno));
#else
  memory_limit_mb = 0;
#endif

  limit.rlim_cur = CPU_LIMIT_SECONDS;
  limit.rlim_max = CPU_LIMIT_SECONDS + 10;
  setrlimit (RLIMIT_CPU, &limit);
  limit.rlim_cur = limit.rlim_max = 0;
  setrlimit (RLIMIT_CORE, &limit);
  limit.rlim_cur = limit.rlim_max = MAX_FILES;
  setrlimit (RLIMIT_NOFILE, &limit);
}

/* Requests ------------------------------------------------------------- */

static AgDocument *
lookup_document (guint id)
{
  AgDocument *document;

  g_mutex_lock (&state_mutex);
  document = g_hash_table_lookup (documents, GUINT_TO_POINTER (id));
  if (document != NULL)
    g_object_ref (document);
  g_mutex_unlock (&state_mutex);

  return document;
}

static AgPage *
lookup_page (GDBusMethodInvocation  *invocation,
             guint                   id,
             guint                   index,
             AgDocument            **document)
{
  *document = lookup_document (id);
  if (*document == NULL || index >= ag_document_get_n_pages (*document))
    {
      g_clear_object (document);
      g_dbus_method_invocation_return_error (invocation, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                             "no such document or page");
      return NULL;
    }
  return ag_document_get_page (*document, index);
}

static void
handle_open (GDBusMethodInvocation *invocation)
{
  GVariant *parameters = g_dbus_method_invocation_get_parameters (invocation);
  GUnixFDList *fds = g_dbus_message_get_unix_fd_list (g_dbus_method_invocation_get_message (invocation));
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder pages;
  const char *name, *password;
  int handle, fd;
  guint id;

  g_variant_get (parameters, "(h&s&s)", &handle, &name, &password);
  fd = fds != NULL ? g_unix_fd_list_get (fds, handle, &error) : -1;
  if (fd < 0)
    {
      g_dbus_method_invocation_return_error (invocation, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                             "no document given");
      return;
    }
  bytes = _ag_bytes_new_from_fd (fd, &error);
  close (fd);
  if (bytes != NULL)
    document = ag_document_new_from_bytes (bytes, name, *password != '\0' ? password : NULL, NULL, &error);
  if (document == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }

  g_variant_builder_init (&pages, G_VARIANT_TYPE ("a(uddds)"));
  for (guint i = 0; i < ag_document_get_n_pages (document); i++)
    {
      AgPage *page = ag_document_get_page (document, i);
      double width, height;

      ag_page_get_size (page, &width, &height);
      g_variant_builder_add (&pages, "(uddds)", (guint) ag_page_get_kind (page), width, height,
                             ag_page_get_native_dpi (page), ag_page_get_label (page));
    }

  g_mutex_lock (&state_mutex);
  id = ++next_document;
  g_hash_table_insert (documents, GUINT_TO_POINTER (id), g_steal_pointer (&document));
  g_mutex_unlock (&state_mutex);

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ua(uddds))", id, &pages));
}

static void
handle_text_layer (GDBusMethodInvocation *invocation)
{
  g_autoptr(AgDocument) document = NULL;
  AgPage *page;
  guint id, index;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(uu)", &id, &index);
  page = lookup_page (invocation, id, index, &document);
  if (page != NULL)
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(b)", ag_page_has_text_layer (page)));
}

static void
handle_render (GDBusMethodInvocation *invocation)
{
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  GBytes *pixels;
  AgPage *page;
  guint id, index, mode, format;
  int max_width, max_height, fd;
  double dpi;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(uuuduii)",
                 &id, &index, &mode, &dpi, &format, &max_width, &max_height);
  page = lookup_page (invocation, id, index, &document);
  if (page == NULL)
    return;

  if (format != AG_BITMAP_FORMAT_GRAY8)
    format = AG_BITMAP_FORMAT_RGBA8;
  if (mode == AG_WORKER_RENDER_FIT)
    bitmap = _ag_page_render_fit (page, max_width, max_height, NULL, &error);
  else
    bitmap = ag_page_render (page, dpi, (AgBitmapFormat) format, NULL, &error);
  if (bitmap == NULL)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }

  pixels = ag_bitmap_get_pixels (bitmap);
  fd = _ag_memfd_new_from_data (g_bytes_get_data (pixels, NULL), g_bytes_get_size (pixels),
                                "airgap-pixels", &error);
  if (fd < 0)
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return;
    }
  fds = g_unix_fd_list_new_from_array (&fd, 1);
  g_dbus_method_invocation_return_value_with_unix_fd_list (
    invocation,
    g_variant_new ("(hiitud)", 0, ag_bitmap_get_width (bitmap), ag_bitmap_get_height (bitmap),
                   (guint64) ag_bitmap_get_stride (bitmap), (guint) ag_bitmap_get_format (bitmap),
                   ag_bitmap_get_dpi (bitmap)),
    fds);
}

static void
handle_extract_text (GDBusMethodInvocation *invocation)
{
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognitionPage) text = NULL;
  g_autoptr(GError) error = NULL;
  AgPage *page;
  guint id, index;
  gboolean has_rect;
  AgRect rect;
  int region;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(uub(dddd)i)",
                 &id, &index, &has_rect, &rect.x, &rect.y, &rect.width, &rect.height, &region);
  page = lookup_page (invocation, id, index, &document);
  if (page == NULL)
    return;

  text = ag_page_extract_text (page, has_rect ? &rect : NULL, region, &error);
  if (text == NULL)
    g_dbus_method_invocation_return_gerror (invocation, error);
  else
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(v)", ag_recognition_page_serialize (text)));
}

static void
handle_image_areas (GDBusMethodInvocation *invocation)
{
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(GArray) areas = NULL;
  GVariantBuilder builder;
  AgPage *page;
  guint id, index;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(uu)", &id, &index);
  page = lookup_page (invocation, id, index, &document);
  if (page == NULL)
    return;

  areas = ag_page_dup_image_areas (page);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(dddd)"));
  for (guint i = 0; i < areas->len; i++)
    {
      const AgRect *area = &g_array_index (areas, AgRect, i);

      g_variant_builder_add (&builder, "(dddd)", area->x, area->y, area->width, area->height);
    }
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a(dddd))", &builder));
}

typedef struct
{
  guint   request;
  gint64  last_sent;
  double  last_fraction;
} Progress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();

  /* Often enough for a smooth bar and the client's watchdog. */
  if (fraction - progress->last_fraction < 0.01 && now - progress->last_sent < G_USEC_PER_SEC)
    return;
  progress->last_fraction = fraction;
  progress->last_sent = now;
  g_dbus_connection_emit_signal (connection, NULL, AG_WORKER_OBJECT_PATH, AG_WORKER_INTERFACE,
                                 AG_WORKER_SIGNAL_PROGRESS, g_variant_new ("(ud)", progress->request, fraction), NULL);
}

static void
handle_recognize (GDBusMethodInvocation *invocation)
{
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognizeOptions) options = NULL;
  g_autoptr(AgRecognitionPage) result = NULL;
  g_autoptr(GArray) regions = NULL;
  g_autoptr(GVariant) options_v = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Progress progress = { 0, 0, -1 };
  const char *languages;
  AgPage *page;
  guint request, id, index;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(uuu&sv)",
                 &request, &id, &index, &languages, &options_v);
  progress.request = request;

  g_mutex_lock (&state_mutex);
  g_hash_table_insert (requests, GUINT_TO_POINTER (request), g_object_ref (cancellable));
  g_mutex_unlock (&state_mutex);

  options = _ag_worker_options_deserialize (options_v, &regions);
  page = lookup_page (invocation, id, index, &document);
  if (page != NULL && options == NULL)
    g_dbus_method_invocation_return_error (invocation, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                           "bad options");
  else if (page != NULL)
    {
      result = _ag_engine_recognize_page (ag_engine_get_default (), page, index, languages, options,
                                          regions, progress_cb, &progress, cancellable, &error);
      if (result == NULL)
        g_dbus_method_invocation_return_gerror (invocation, error);
      else
        g_dbus_method_invocation_return_value (invocation,
                                               g_variant_new ("(v)", ag_recognition_page_serialize (result)));
    }

  g_mutex_lock (&state_mutex);
  g_hash_table_remove (requests, GUINT_TO_POINTER (request));
  g_mutex_unlock (&state_mutex);

  g_dbus_connection_emit_signal (connection, NULL, AG_WORKER_OBJECT_PATH, AG_WORKER_INTERFACE,
                                 AG_WORKER_SIGNAL_FINISHED, g_variant_new ("(u)", request), NULL);
}

static void
request_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GDBusMethodInvocation *invocation = task_data;
  const char *method = g_dbus_method_invocation_get_method_name (invocation);

  if (g_str_equal (method, AG_WORKER_METHOD_OPEN))
    handle_open (invocation);
  else if (g_str_equal (method, AG_WORKER_METHOD_TEXT_LAYER))
    handle_text_layer (invocation);
  else if (g_str_equal (method, AG_WORKER_METHOD_RENDER))
    handle_render (invocation);
  else if (g_str_equal (method, AG_WORKER_METHOD_EXTRACT_TEXT))
    handle_extract_text (invocation);
  else if (g_str_equal (method, AG_WORKER_METHOD_IMAGE_AREAS))
    handle_image_areas (invocation);
  else if (g_str_equal (method, AG_WORKER_METHOD_RECOGNIZE))
    handle_recognize (invocation);
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "unknown method %s", method);
}

static void
method_call_cb (GDBusConnection       *conn,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  if (g_str_equal (method_name, AG_WORKER_METHOD_CANCEL))
    {
      GCancellable *cancellable;
      guint request;

      g_variant_get (parameters, "(u)", &request);
      g_mutex_lock (&state_mutex);
      cancellable = g_hash_table_lookup (requests, GUINT_TO_POINTER (request));
      g_debug ("Cancel request %u%s", request, cancellable != NULL ? "" : " (no longer running)");
      if (cancellable != NULL)
        g_cancellable_cancel (cancellable);
      g_mutex_unlock (&state_mutex);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, AG_WORKER_METHOD_CLOSE))
    {
      guint id;

      g_variant_get (parameters, "(u)", &id);
      g_mutex_lock (&state_mutex);
      g_hash_table_remove (documents, GUINT_TO_POINTER (id));
      g_mutex_unlock (&state_mutex);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, AG_WORKER_METHOD_PRELOAD))
    {
      const char *languages;

      g_variant_get (parameters, "(&s)", &languages);
      ag_engine_preload_full (ag_engine_get_default (), languages, preload_kind);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, AG_WORKER_METHOD_PROBE))
    {
      GVariantBuilder builder;

      g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", "seccomp", g_variant_new_boolean (seccomp_active));
      g_variant_builder_add (&builder, "{sv}", "landlock", g_variant_new_int32 (landlock_abi));
      g_variant_builder_add (&builder, "{sv}", "memory-limit-mb", g_variant_new_uint32 ((guint32) memory_limit_mb));
      g_variant_builder_add (&builder, "{sv}", "pid", g_variant_new_int32 ((gint32) getpid ()));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a{sv})", &builder));
    }
  else if (g_str_equal (method_name, AG_WORKER_METHOD_TRY_SANDBOX))
    {
      const char *path;

      g_variant_get (parameters, "(&s)", &path);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@a{si})", ag_lockdown_try (path)));
    }
  else
    {
      /* Everything else may take long: in a thread of its own. */
      g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

      g_task_set_task_data (task, g_object_ref (invocation), g_object_unref);
      g_task_run_in_thread (task, request_thread);
    }
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

static void
closed_cb (GDBusConnection *conn,
           gboolean         remote_peer_vanished,
           GError          *error,
           gpointer         user_data)
{
  /* The client is gone: nothing to hand results to.  Recognitions may be
   * running in other threads, so do not wait for them or run the exit
   * handlers (which take Tesseract's static data apart under them). */
  _exit (0);
}

/**
 * _ag_worker_serve:
 * @fd: this end of the channel to the client
 * @languages: (nullable): the languages to load at once
 * @kind: what the client reads pages with (ag_engine_preload_full())
 *
 * Sandboxes this process and serves the client's requests until it
 * closes the channel.  Call it in a process with a single thread and no
 * log writer of its own.
 *
 * Returns: the exit status, if the channel could not be opened
 */
int
_ag_worker_serve (int           fd,
                  const char   *languages,
                  AgEngineKind  kind)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GError) error = NULL;

  g_log_set_writer_func (log_writer, NULL, NULL);

  /* Before any thread exists, and while a file may still be opened for
   * writing. */
  quiet_standard_error ();
  restrict_files ();
  set_limits ();
  _ag_document_set_memory_limited (memory_limit_mb > 0);
  _ag_worker_ensure_error_domains ();

  /* A context of its own: a forked worker shares its parent's default
   * one, wake-up descriptor and all. */
  g_main_context_push_thread_default (context);

  /* (the languages loaded while the channel is set up below, 10–15 ms:
   * the command line's page waits for them; the system call filter
   * applied then binds the loading threads too, TSYNC) */
  preload_kind = kind;
  if (languages != NULL && *languages != '\0')
    ag_engine_preload_full (ag_engine_get_default (), languages, kind);

  socket = g_socket_new_from_fd (fd, &error);
  if (socket == NULL)
    {
      g_printerr ("airgap-worker: this program is started by Airgap, not by hand (%s)\n", error->message);
      return 2;
    }
  stream = g_socket_connection_factory_create_connection (socket);
  connection = g_dbus_connection_new_sync (G_IO_STREAM (stream), NULL,
                                           G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                           G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
                                           NULL, NULL, &error);
  if (connection == NULL)
    {
      /* The client is gone already (airgap-ocr on an empty file): quietly,
       * its standard error is the client's. */
      g_debug ("No connection to the client: %s", error->message);
      return 2;
    }
  g_dbus_connection_set_exit_on_close (connection, FALSE);

  seccomp_active = ag_lockdown_apply_worker (&error);
  if (!seccomp_active)
    g_debug ("The worker’s system call filter is not in force: %s", error->message);
  g_clear_error (&error);

  documents = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  requests = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), NULL);
  if (g_dbus_connection_register_object (connection, AG_WORKER_OBJECT_PATH,
                                         _ag_worker_get_interface_info (), &vtable,
                                         NULL, NULL, &error) == 0)
    {
      g_printerr ("airgap-worker: %s\n", error->message);
      return 2;
    }
  g_dbus_connection_start_message_processing (connection);

  loop = g_main_loop_new (context, FALSE);
  g_main_loop_run (loop);

  return 0;
}
