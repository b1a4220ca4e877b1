/* ag-worker-pool.c — documents are read in sandboxed airgap-worker processes
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The client side of the sandbox: the airgap-worker processes.  After
 * ag_sandbox_init() every document the core opens lives in a worker
 * (src/worker): the client hands it the file (a read-only descriptor) or
 * the bytes (a sealed memfd) and gets back the list of pages; rendering,
 * the text layer and recognition of a page are requests to that worker
 * (ag-remote-document.c, the pages' backend).  The window and the command
 * line see the same AgDocument, AgPage and AgEngine as before.
 *
 * Threads: the pool has one thread of its own, with its own main context,
 * that starts the workers, sets up their connections, receives their
 * progress signals, notices their death and runs a watchdog.  Requests
 * are synchronous D-Bus calls made from whatever thread asks (the
 * engine's workers, GTask threads); they wait without a timeout of their
 * own, and the watchdog ends a worker that has said nothing about a
 * request for too long, which fails the call.
 *
 * Failure: when a worker dies (a signal, its memory limit, the watchdog),
 * the request that was running fails with AG_DOCUMENT_ERROR_WORKER_FAILED
 * and a sentence that says why; the pool starts a fresh worker, and a
 * document whose worker died is opened again in the fresh one on its next
 * request, from the file or bytes it was opened from.
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "document/ag-document.h"
#include "document/ag-document-private.h"
#include "recognize/ag-engine-private.h"
#include "recognize/ag-languages.h"
#include "sandbox/ag-worker-pool.h"
#include "sandbox/ag-worker-pool-private.h"
#include "sandbox/ag-worker-private.h"

/* How long a request may go without a word from its worker. */
#define DEFAULT_TIMEOUT_SECONDS 120
/* How long a worker has to give up a cancelled recognition. */
#define CANCEL_GRACE_USEC (2 * G_USEC_PER_SEC)
/* How long a new worker has to answer. */
#define START_TIMEOUT_USEC (30 * G_USEC_PER_SEC)
/* The worker's CPU time limit (RLIMIT_CPU, set by the worker); the pool
 * retires a worker that has used half of it. */
#define RETIRE_CPU_SECONDS (15 * 60)

typedef enum
{
  KILL_NONE,
  KILL_HANG,
  KILL_CANCEL,
  KILL_RETIRED,
  KILL_BROKEN,
} KillReason;

typedef struct
{
  guint                 id;
  gint64                last_heard;
  gint64                cancelled_at;
  gboolean              finished;
  AgRemoteProgressFunc  progress;
  gpointer              progress_data;
} Request;

struct _AgWorker
{
  gatomicrefcount  ref_count;
  guint            serial;
  GSubprocess     *process;
  GPid             pid;
  GDBusConnection *connection;
  gboolean         ready;
  gboolean         dead;
  gboolean         exited;
  int              status;
  KillReason       kill_reason;
  gboolean         retired;
  GHashTable      *requests;     /* id → Request, under the pool mutex */
  char            *languages;    /* what it was told to load ahead ("" for nothing) */
};

static struct
{
  GMutex        mutex;
  GCond         cond;
  gboolean      enabled;
  GMainContext *context;
  GThread      *thread;
  GPtrArray    *workers;         /* live workers; the first takes new documents */
  guint         n_warm;
  guint         serial;
  char         *languages;
  AgEngineKind  kind;            /* what the workers' pages are read with */
  char         *worker_path;
  char         *link_dir;
  guint         next_request;
  gint64        timeout_usec;
  guint         n_failed_starts;
  GError       *spawn_error;
  GArray       *forked;          /* Forked: workers forked at start, not yet taken */
} pool;

/* A worker forked by ag_sandbox_init(), and this end of its channel. */
typedef struct
{
  GPid pid;
  int  fd;
} Forked;


static void spawn_worker_locked (void);

/* Workers --------------------------------------------------------------- */

AgWorker *
_ag_worker_ref (AgWorker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

void
_ag_worker_unref (AgWorker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;

  g_clear_object (&worker->connection);
  g_clear_object (&worker->process);
  g_clear_pointer (&worker->requests, g_hash_table_unref);
  g_free (worker->languages);
  g_free (worker);
}


/* Under the pool mutex. */
/* With the pool's mutex held: a message that wants no answer. */
static void
send_locked (AgWorker   *worker,
             const char *method,
             GVariant   *parameters)
{
  if (worker->connection != NULL && !worker->dead)
    g_dbus_connection_call (worker->connection, NULL, AG_WORKER_OBJECT_PATH, AG_WORKER_INTERFACE,
                            method, parameters, NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                            NULL, NULL, NULL);
  else
    g_variant_unref (g_variant_ref_sink (parameters));
}

/* Under the pool mutex: the worker new documents go to
 * (_ag_worker_pool_get_worker()), ready or starting, or NULL. */
static AgWorker *
first_live_locked (void)
{
  for (guint i = 0; pool.workers != NULL && i < pool.workers->len; i++)
    {
      AgWorker *worker = g_ptr_array_index (pool.workers, i);

      if (!worker->dead && !worker->retired)
        return worker;
    }
  return NULL;
}

/* Under the pool mutex: @worker, which is to take documents, loads the
 * pool's languages ahead if it was not told to.  Only that worker loads
 * ahead: the window's spare (kept for a crash) loading too took the two
 * cores from the first one's loads as the window opened a file. */
static void
preload_locked (AgWorker *worker)
{
  /* (one not connected yet is told when it is taken) */
  if (pool.languages == NULL || *pool.languages == '\0' ||
      g_strcmp0 (worker->languages, pool.languages) == 0 ||
      worker->connection == NULL || worker->dead)
    return;
  g_free (worker->languages);
  worker->languages = g_strdup (pool.languages);
  send_locked (worker, AG_WORKER_METHOD_PRELOAD, g_variant_new ("(s)", pool.languages));
}

void
_ag_worker_send (AgWorker   *worker,
                 const char *method,
                 GVariant   *parameters)
{
  g_mutex_lock (&pool.mutex);
  send_locked (worker, method, parameters);
  g_mutex_unlock (&pool.mutex);
}

gboolean
_ag_worker_is_dead (AgWorker *worker)
{
  gboolean dead;

  g_mutex_lock (&pool.mutex);
  dead = worker->dead;
  g_mutex_unlock (&pool.mutex);

  return dead;
}

/* A recognition's id, which its progress signals carry: never 0, and
 * never with the top bit, which the other requests' ids have. */
guint
_ag_worker_pool_new_request_id (void)
{
  guint request;

  g_mutex_lock (&pool.mutex);
  request = ++pool.next_request & 0x7fffffffu;
  if (request == 0)
    request = ++pool.next_request & 0x7fffffffu;
  g_mutex_unlock (&pool.mutex);

  return request;
}

static void
kill_worker_locked (AgWorker     *worker,
                    KillReason  reason)
{
  if (worker->exited)
    return;
  if (worker->kill_reason == KILL_NONE)
    worker->kill_reason = reason;
  g_debug ("Stopping worker %d (reason %d)", (int) worker->pid, reason);
  if (worker->pid > 0)
    kill (worker->pid, SIGKILL);
}

/* Under the pool mutex: no new documents go to @worker. */
static void
forget_worker_locked (AgWorker *worker)
{
  worker->dead = TRUE;
  if (g_ptr_array_remove (pool.workers, worker))
    _ag_worker_unref (worker);
}

static gboolean
keep_warm_cb (gpointer user_data)
{
  g_mutex_lock (&pool.mutex);
  while (pool.enabled && pool.workers->len < pool.n_warm && pool.spawn_error == NULL)
    spawn_worker_locked ();
  g_cond_broadcast (&pool.cond);
  g_mutex_unlock (&pool.mutex);

  return G_SOURCE_REMOVE;
}

static void
worker_ended (AgWorker *worker,
              int     status)
{
  g_mutex_lock (&pool.mutex);
  worker->exited = TRUE;
  worker->status = status;
  g_debug ("Worker %d ended, status %d", (int) worker->pid, worker->status);
  /* Not again and again: a worker that cannot start will not. */
  if (worker->connection == NULL && ++pool.n_failed_starts >= 3 && pool.spawn_error == NULL)
    g_set_error (&pool.spawn_error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WORKER_FAILED,
                 _("Airgap’s document reader stops as soon as it starts. Reinstall Airgap."));
  forget_worker_locked (worker);
  g_hash_table_remove_all (worker->requests);
  g_cond_broadcast (&pool.cond);
  g_mutex_unlock (&pool.mutex);

  if (worker->connection != NULL && !g_dbus_connection_is_closed (worker->connection))
    g_dbus_connection_close (worker->connection, NULL, NULL, NULL);

  keep_warm_cb (NULL);
}

static void
worker_exited_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AgWorker) worker = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  worker_ended (worker, g_subprocess_get_status (G_SUBPROCESS (object)));
}

static void
forked_exited_cb (GPid     pid,
                  int      status,
                  gpointer user_data)
{
  worker_ended (user_data, status);
}

static gboolean
end_silent_worker_cb (gpointer user_data)
{
  AgWorker *worker = user_data;

  g_mutex_lock (&pool.mutex);
  kill_worker_locked (worker, KILL_BROKEN);
  g_mutex_unlock (&pool.mutex);

  return G_SOURCE_REMOVE;
}

static void
connection_closed_cb (GDBusConnection *connection,
                      gboolean         remote_peer_vanished,
                      GError          *error,
                      gpointer         user_data)
{
  AgWorker *worker = user_data;
  GSource *source;

  /* The worker ends when its channel does; one that is still running a
   * second later (it sent something that broke the connection) is ended. */
  g_mutex_lock (&pool.mutex);
  forget_worker_locked (worker);
  g_cond_broadcast (&pool.cond);
  g_mutex_unlock (&pool.mutex);

  source = g_timeout_source_new (1000);
  g_source_set_callback (source, end_silent_worker_cb, _ag_worker_ref (worker), (GDestroyNotify) _ag_worker_unref);
  g_source_attach (source, pool.context);
  g_source_unref (source);
}

static void
progress_signal_cb (GDBusConnection *connection,
                    const char      *sender_name,
                    const char      *object_path,
                    const char      *interface_name,
                    const char      *signal_name,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  AgWorker *worker = user_data;
  Request *request;
  guint id;
  double fraction = 0;

  if (g_str_equal (signal_name, AG_WORKER_SIGNAL_PROGRESS) && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ud)")))
    g_variant_get (parameters, "(ud)", &id, &fraction);
  else if (g_str_equal (signal_name, AG_WORKER_SIGNAL_FINISHED) && g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(u)")))
    g_variant_get (parameters, "(u)", &id);
  else
    return;

  /* The progress function is called under the mutex: the request is
   * taken out under it too, so it is never called after its caller
   * returned. */
  g_mutex_lock (&pool.mutex);
  request = g_hash_table_lookup (worker->requests, GUINT_TO_POINTER (id));
  if (request != NULL)
    {
      request->last_heard = g_get_monotonic_time ();
      if (g_str_equal (signal_name, AG_WORKER_SIGNAL_FINISHED))
        {
          if (request->cancelled_at != 0)
            g_hash_table_remove (worker->requests, GUINT_TO_POINTER (id));
          else
            request->finished = TRUE;
        }
      else if (request->progress != NULL && isfinite (fraction))
        request->progress (CLAMP (fraction, 0.0, 1.0), request->progress_data);
    }
  g_mutex_unlock (&pool.mutex);
}

static void
connection_ready_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(AgWorker) worker = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection = g_dbus_connection_new_finish (result, &error);

  g_mutex_lock (&pool.mutex);
  if (connection == NULL)
    {
      g_debug ("Worker %d did not connect: %s", (int) worker->pid, error->message);
      forget_worker_locked (worker);
      kill_worker_locked (worker, KILL_BROKEN);
    }
  else
    {
      worker->connection = connection;
      pool.n_failed_starts = 0;
      g_dbus_connection_set_exit_on_close (connection, FALSE);
      g_signal_connect (connection, "closed", G_CALLBACK (connection_closed_cb), worker);
      g_dbus_connection_signal_subscribe (connection, NULL, AG_WORKER_INTERFACE, NULL,
                                          AG_WORKER_OBJECT_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                          progress_signal_cb, _ag_worker_ref (worker),
                                          (GDestroyNotify) _ag_worker_unref);
    }
  worker->ready = TRUE;
  g_cond_broadcast (&pool.cond);
  g_mutex_unlock (&pool.mutex);
}

/* Under the pool mutex: the D-Bus connection over this end of the
 * worker's channel. */
static void
connect_worker_locked (AgWorker *worker,
                       int     fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autofree char *guid = NULL;

  socket = g_socket_new_from_fd (fd, &error);
  if (socket == NULL)
    {
      close (fd);
      forget_worker_locked (worker);
      kill_worker_locked (worker, KILL_BROKEN);
      return;
    }
  stream = g_socket_connection_factory_create_connection (socket);
  guid = g_dbus_generate_guid ();
  g_dbus_connection_new (G_IO_STREAM (stream), guid,
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_SERVER |
                         G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_REQUIRE_SAME_USER,
                         NULL, NULL, connection_ready_cb, _ag_worker_ref (worker));
}

/* Under the pool mutex, on the pool's thread. */
static void
spawn_worker_locked (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  AgWorker *worker;
  int fds[2];

  worker = g_new0 (AgWorker, 1);
  g_atomic_ref_count_init (&worker->ref_count);
  worker->serial = ++pool.serial;
  worker->requests = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  /* One forked at start: ready, and watched like a program started. */
  if (pool.forked != NULL && pool.forked->len > 0)
    {
      Forked forked = g_array_index (pool.forked, Forked, 0);
      g_autoptr(GSource) watch = g_child_watch_source_new (forked.pid);

      g_array_remove_index (pool.forked, 0);
      worker->pid = forked.pid;
      worker->languages = g_strdup (pool.languages);
      g_debug ("Took forked worker %d", (int) worker->pid);
      g_ptr_array_add (pool.workers, worker);
      g_source_set_callback (watch, G_SOURCE_FUNC (forked_exited_cb), _ag_worker_ref (worker),
                             (GDestroyNotify) _ag_worker_unref);
      g_source_attach (watch, pool.context);
      connect_worker_locked (worker, forked.fd);
      return;
    }

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved_errno = errno;

      _ag_worker_unref (worker);
      g_set_error (&pool.spawn_error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "socketpair: %s", g_strerror (saved_errno));
      return;
    }

  /* (a spare loads nothing until it takes documents: preload_locked()) */
  worker->languages = g_strdup (first_live_locked () == NULL ? pool.languages : "");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "OMP_THREAD_LIMIT", "1", TRUE);
  if (pool.link_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "AIRGAP_TESSDATA_LINKS", pool.link_dir, TRUE);
  g_subprocess_launcher_take_fd (launcher, fds[1], AG_WORKER_CHANNEL_FD);

  worker->process = g_subprocess_launcher_spawn (launcher, &error, pool.worker_path,
                                                 "--languages", worker->languages,
                                                 pool.kind == AG_ENGINE_KIND_TESSERACT ? "--tesseract" : NULL,
                                                 NULL);
  if (worker->process == NULL)
    {
      close (fds[0]);
      _ag_worker_unref (worker);
      g_set_error (&pool.spawn_error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WORKER_FAILED,
                   _("Airgap’s document reader could not be started: %s. Reinstall Airgap."),
                   error->message);
      return;
    }
  worker->pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (worker->process), NULL, 10);
  g_debug ("Started worker %d: %s", (int) worker->pid, pool.worker_path);

  g_ptr_array_add (pool.workers, worker);
  g_subprocess_wait_async (worker->process, NULL, worker_exited_cb, _ag_worker_ref (worker));

  connect_worker_locked (worker, fds[0]);
}

static guint64
worker_cpu_seconds (AgWorker *worker)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) worker->pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;
  long ticks = sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  /* The fields after the command name, which may hold spaces. */
  end = strrchr (contents, ')');
  if (end == NULL)
    return 0;
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 13 || ticks <= 0)
    return 0;
  /* utime and stime are fields 14 and 15, 12 and 13 after the name */
  return (g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10)) / (guint64) ticks;
}

static gboolean
watchdog_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  static guint tick;

  g_mutex_lock (&pool.mutex);
  for (guint i = 0; i < pool.workers->len; i++)
    {
      AgWorker *worker = g_ptr_array_index (pool.workers, i);
      GHashTableIter iter;
      Request *request;

      g_hash_table_iter_init (&iter, worker->requests);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &request))
        {
          if (request->cancelled_at != 0 && now - request->cancelled_at > CANCEL_GRACE_USEC)
            kill_worker_locked (worker, KILL_CANCEL);
          else if (request->cancelled_at == 0 && now - request->last_heard > pool.timeout_usec)
            kill_worker_locked (worker, KILL_HANG);
        }

      /* Every ten seconds: a worker that used half its CPU time takes no
       * new documents, and goes when it is idle. */
      if (tick % 20 == 0 && !worker->retired && worker_cpu_seconds (worker) > RETIRE_CPU_SECONDS)
        worker->retired = TRUE;
      if (worker->retired && g_hash_table_size (worker->requests) == 0)
        kill_worker_locked (worker, KILL_RETIRED);
    }
  tick++;
  g_mutex_unlock (&pool.mutex);

  return G_SOURCE_CONTINUE;
}

static gpointer
pool_thread (gpointer data)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (pool.context, FALSE);
  g_autoptr(GSource) watchdog = g_timeout_source_new (500);

  g_main_context_push_thread_default (pool.context);
  g_source_set_callback (watchdog, watchdog_cb, NULL, NULL);
  g_source_set_static_name (watchdog, "[airgap] worker watchdog");
  g_source_attach (watchdog, pool.context);
  keep_warm_cb (NULL);
  g_main_loop_run (loop);

  return NULL;
}

/* A worker ready for a new document, started if need be. */
AgWorker *
_ag_worker_pool_get_worker (GError **error)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_USEC;
  AgWorker *result = NULL;

  g_mutex_lock (&pool.mutex);
  for (;;)
    {
      AgWorker *starting = NULL;

      for (guint i = 0; i < pool.workers->len && result == NULL; i++)
        {
          AgWorker *worker = g_ptr_array_index (pool.workers, i);

          if (worker->dead || worker->retired)
            continue;
          if (worker->ready && worker->connection != NULL)
            {
              result = _ag_worker_ref (worker);
              preload_locked (worker);
            }
          else if (starting == NULL)
            starting = worker;
        }
      if (result != NULL)
        break;

      if (pool.spawn_error != NULL)
        {
          g_propagate_error (error, g_error_copy (pool.spawn_error));
          break;
        }
      if (starting == NULL)
        g_main_context_invoke (pool.context, keep_warm_cb, NULL);

      if (!g_cond_wait_until (&pool.cond, &pool.mutex, deadline))
        {
          g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WORKER_FAILED,
                       _("Airgap’s document reader did not start in time. Close other programs and try again."));
          break;
        }
    }
  g_mutex_unlock (&pool.mutex);

  return result;
}

/* Why a worker died, as the end of a sentence. */
static char *
dup_failure_reason (AgWorker *worker)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  KillReason reason;
  gboolean exited;
  int status;

  /* The call failed because the channel closed: the process is ending,
   * or it sent something that broke the connection and is ended now. */
  g_mutex_lock (&pool.mutex);
  forget_worker_locked (worker);
  while (!worker->exited)
    {
      if (g_get_monotonic_time () > deadline - 2 * G_USEC_PER_SEC)
        kill_worker_locked (worker, KILL_BROKEN);
      if (!g_cond_wait_until (&pool.cond, &pool.mutex, MIN (deadline, g_get_monotonic_time () + G_USEC_PER_SEC)) &&
          g_get_monotonic_time () >= deadline)
        break;
    }
  reason = worker->kill_reason;
  exited = worker->exited;
  status = worker->status;
  g_mutex_unlock (&pool.mutex);

  if (reason == KILL_HANG)
    return g_strdup (_("it took too long"));
  if (!exited)
    return g_strdup (_("the reader stopped answering"));
  if (reason == KILL_BROKEN && WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL)
    return g_strdup (_("the reader sent something Airgap does not understand"));

  if (WIFEXITED (status))
    {
      if (WEXITSTATUS (status) == AG_WORKER_EXIT_NO_MEMORY)
        return g_strdup (_("it needs more memory than Airgap allows"));
      return g_strdup_printf (_("the reader stopped unexpectedly (exit status %d)"), WEXITSTATUS (status));
    }
  if (WIFSIGNALED (status))
    {
      switch (WTERMSIG (status))
        {
        case SIGSEGV:
          return g_strdup (_("the reader stopped unexpectedly (segmentation fault)"));
        case SIGBUS:
          return g_strdup (_("the reader stopped unexpectedly (bus error)"));
        case SIGABRT:
          return g_strdup (_("the reader stopped unexpectedly (it gave up)"));
        case SIGXCPU:
          return g_strdup (_("it took too long"));
        case SIGKILL:
          /* Not by Airgap: the system's out-of-memory killer. */
          return g_strdup (_("it needs more memory than Airgap allows"));
        default:
          return g_strdup_printf (_("the reader stopped unexpectedly (signal %d)"), WTERMSIG (status));
        }
    }
  return g_strdup (_("the reader stopped unexpectedly"));
}

/* A request whose worker was ended for another request's sake (one that
 * would not give up after a cancel) or retired is tried once more, on a
 * fresh worker: the person did nothing wrong and neither did the file. */
static GQuark retry_quark (void);
G_DEFINE_QUARK (ag-worker-retry, retry)

static gboolean
should_retry (GError   **error,
              guint      attempt)
{
  if (!g_error_matches (*error, retry_quark (), 0))
    return FALSE;
  g_clear_error (error);
  if (attempt == 0)
    return TRUE;
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WORKER_FAILED,
               _("This file could not be read: %s."), _("the reader stopped answering"));
  return FALSE;
}

/**
 * _ag_worker_pool_retry:
 * @request: makes one request, from getting a worker to reading its
 *   answer; returns %NULL with an error when it fails
 *
 * Makes a request, and makes it once more when its worker was ended for
 * another request's sake or retired.  Every request to a worker goes
 * through here.
 *
 * Returns: what @request returned, or %NULL with @error set
 */
gpointer
_ag_worker_pool_retry (AgWorkerRequestFunc   request,
                       gpointer              data,
                       GError              **error)
{
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      gpointer result = request (data, &local_error);

      if (result != NULL)
        return result;
      if (!should_retry (&local_error, attempt))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
}

static void
set_worker_failed (GError  **error,
                   AgWorker *worker)
{
  g_autofree char *reason = NULL;
  KillReason kill_reason;

  reason = dup_failure_reason (worker);
  g_mutex_lock (&pool.mutex);
  kill_reason = worker->kill_reason;
  g_mutex_unlock (&pool.mutex);
  if (kill_reason == KILL_CANCEL || kill_reason == KILL_RETIRED)
    {
      g_set_error_literal (error, retry_quark (), 0, "worker ended, try again");
      return;
    }

  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WORKER_FAILED,
               _("This file could not be read: %s."), reason);
}

/* @worker answered something that does not hold together: end it as
 * broken and fail the request with what became of it. */
void
_ag_worker_reject (AgWorker  *worker,
                   GError   **error)
{
  g_mutex_lock (&pool.mutex);
  kill_worker_locked (worker, KILL_BROKEN);
  g_mutex_unlock (&pool.mutex);
  set_worker_failed (error, worker);
}

/* One call to @worker.  Only recognitions are cancellable: the worker
 * gives up a cancelled one (or is ended after CANCEL_GRACE_USEC); every
 * other request is short and runs to its end. */
GVariant *
_ag_worker_call (AgWorker              *worker,
                 const char            *method,
                 GVariant              *parameters,
                 const GVariantType    *reply_type,
                 GUnixFDList           *fds_in,
                 GUnixFDList          **fds_out,
                 guint                  request_id,
                 AgRemoteProgressFunc   progress,
                 gpointer               progress_data,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GVariant) params = g_variant_ref_sink (parameters);
  GVariant *reply;
  Request *request = g_new0 (Request, 1);
  guint key;

  g_mutex_lock (&pool.mutex);
  key = request_id != 0 ? request_id : ++pool.next_request | 0x80000000u;
  request->id = key;
  request->last_heard = g_get_monotonic_time ();
  request->progress = progress;
  request->progress_data = progress_data;
  g_hash_table_replace (worker->requests, GUINT_TO_POINTER (key), request);
  g_mutex_unlock (&pool.mutex);

  reply = g_dbus_connection_call_with_unix_fd_list_sync (worker->connection, NULL, AG_WORKER_OBJECT_PATH,
                                                         AG_WORKER_INTERFACE, method, params, reply_type,
                                                         G_DBUS_CALL_FLAGS_NO_AUTO_START, G_MAXINT,
                                                         fds_in, fds_out,
                                                         request_id != 0 ? cancellable : NULL,
                                                         &local_error);

  g_mutex_lock (&pool.mutex);
  request = g_hash_table_lookup (worker->requests, GUINT_TO_POINTER (key));
  if (request != NULL)
    {
      if (reply == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          request_id != 0 && !request->finished)
        {
          /* Wait for the worker's "Finished" for a short while. */
          request->cancelled_at = g_get_monotonic_time ();
          request->progress = NULL;
          request->progress_data = NULL;
        }
      else
        g_hash_table_remove (worker->requests, GUINT_TO_POINTER (key));
    }
  g_mutex_unlock (&pool.mutex);

  if (reply != NULL)
    return reply;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _ag_worker_send (worker, AG_WORKER_METHOD_CANCEL, g_variant_new ("(u)", key));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (g_dbus_error_is_remote_error (local_error) &&
      (local_error->domain == AG_DOCUMENT_ERROR || local_error->domain == AG_ENGINE_ERROR ||
       local_error->domain == G_IO_ERROR))
    {
      /* The worker's own error, domain, code and message intact. */
      g_dbus_error_strip_remote_error (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_debug ("Worker %d failed a request: %s", (int) worker->pid, local_error->message);
  set_worker_failed (error, worker);
  return NULL;
}

/* Setting up -------------------------------------------------------------- */

static char *
find_worker_path (void)
{
  const char *env = g_getenv ("AIRGAP_WORKER");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (LIBEXECDIR, "airgap-worker", NULL);
}

/* At exit: the workers go with the program, and are waited for, so that
 * their CPU time counts as the program's (time, getrusage()). */
static void
shutdown_pool (void)
{
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  g_autoptr(GPtrArray) workers = NULL;

  g_mutex_lock (&pool.mutex);
  pool.enabled = FALSE;
  /* Forked workers never taken end when their channel closes. */
  for (guint i = 0; pool.forked != NULL && i < pool.forked->len; i++)
    close (g_array_index (pool.forked, Forked, i).fd);
  g_clear_pointer (&pool.forked, g_array_unref);
  workers = g_ptr_array_new_with_free_func ((GDestroyNotify) _ag_worker_unref);
  for (guint i = 0; i < pool.workers->len; i++)
    {
      AgWorker *worker = g_ptr_array_index (pool.workers, i);

      g_ptr_array_add (workers, _ag_worker_ref (worker));
      kill_worker_locked (worker, KILL_RETIRED);
    }
  for (guint i = 0; i < workers->len; i++)
    while (!((AgWorker *) g_ptr_array_index (workers, i))->exited &&
           g_cond_wait_until (&pool.cond, &pool.mutex, deadline))
      ;
  g_mutex_unlock (&pool.mutex);
}

/* Whether this process has one thread: it may fork and go on in the child. */
static gboolean
is_single_threaded (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return FALSE;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n == 1;
}

/* Forks @n workers, before this process has any other thread: each goes
 * straight into _ag_worker_serve(), with what airgap-worker's start would
 * give it (fd 3, the environment, no other descriptor), and spares the
 * command line starting a program that loads the same libraries again.
 * AIRGAP_WORKER_FORK=0 turns this off. */
static void
fork_workers (guint         n,
              const char   *languages,
              AgEngineKind  kind,
              const char   *link_dir)
{
  if (g_strcmp0 (g_getenv ("AIRGAP_WORKER_FORK"), "0") == 0 || !is_single_threaded ())
    return;

  pool.forked = g_array_new (FALSE, FALSE, sizeof (Forked));
  for (guint i = 0; i < n; i++)
    {
      Forked forked;
      int fds[2];

      if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return;

      forked.pid = fork ();
      if (forked.pid < 0)
        {
          close (fds[0]);
          close (fds[1]);
          return;
        }

      if (forked.pid == 0)
        {
          if (dup2 (fds[1], AG_WORKER_CHANNEL_FD) < 0)
            _exit (2);
          close_range (AG_WORKER_CHANNEL_FD + 1, ~0U, 0);
          prctl (PR_SET_NAME, "airgap-worker", 0, 0, 0);
          g_setenv ("OMP_THREAD_LIMIT", "1", TRUE);
          if (link_dir != NULL)
            g_setenv ("AIRGAP_TESSDATA_LINKS", link_dir, TRUE);
          /* Not exit(): the exit handlers are the parent's. */
          _exit (_ag_worker_serve (AG_WORKER_CHANNEL_FD, languages, kind));
        }

      close (fds[1]);
      forked.fd = fds[0];
      g_debug ("Forked worker %d", (int) forked.pid);
      g_array_append_val (pool.forked, forked);
    }
}

/**
 * ag_sandbox_init:
 * @n_warm: how many workers to keep running: 1 for the command line, 2
 *   for the window (one spare, so a crash is replaced at once)
 * @languages: (nullable): the languages a worker loads as it starts, %NULL
 *   for the default ones, "" for none (ag_engine_preload() loads more)
 * @flags: %AG_SANDBOX_FORK to fork the first workers here and now, when
 *   this process has no other thread yet (a program that loaded Airgap's
 *   libraries already, and has nothing in memory the worker should not
 *   see: the command line)
 *
 * From now on every document is read in a sandboxed airgap-worker
 * process (see the top of ag-worker-pool.c).  Starts the first worker in
 * the background and returns at once.  Call it early, once.
 *
 * Returns: %TRUE, or %FALSE with @error set if the worker program is
 *   missing (documents are then read in this process)
 */
gboolean
ag_sandbox_init (guint           n_warm,
                 const char     *languages,
                 AgSandboxFlags  flags,
                 GError        **error)
{
  g_autofree char *path = find_worker_path ();
  g_autofree char *user_tessdata = NULL;
  g_autofree char *link_dir = NULL;
  const char *timeout = g_getenv ("AIRGAP_WORKER_TIMEOUT");
  guint64 seconds = DEFAULT_TIMEOUT_SECONDS;
  AgEngineKind kind = flags & AG_SANDBOX_TESSERACT ? AG_ENGINE_KIND_TESSERACT : AG_ENGINE_KIND_AUTO;

  g_return_val_if_fail (n_warm > 0, FALSE);

  if (g_once_init_enter (&pool.context))
    {
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("Airgap’s document reader %s is missing. Reinstall Airgap."), path);
          g_once_init_leave (&pool.context, g_main_context_new ());
          return FALSE;
        }

      _ag_worker_ensure_error_domains ();
      if (timeout != NULL)
        g_ascii_string_to_unsigned (timeout, 10, 1, 24 * 3600, &seconds, NULL);

      /* The worker may read only folders that exist when it starts: the
       * user's language folder and the folder of language links. */
      user_tessdata = ag_languages_dup_user_dir ();
      g_mkdir_with_parents (user_tessdata, 0700);

      link_dir = _ag_languages_dup_link_dir (NULL);
      if (languages == NULL)
        languages = ag_languages_get_default ();
      /* Before the pool's thread, or any other, exists. */
      if (flags & AG_SANDBOX_FORK)
        fork_workers (n_warm, languages, kind, link_dir);

      g_mutex_lock (&pool.mutex);
      pool.workers = g_ptr_array_new ();
      pool.n_warm = n_warm;
      pool.worker_path = g_steal_pointer (&path);
      pool.languages = g_strdup (languages);
      pool.kind = kind;
      pool.link_dir = g_steal_pointer (&link_dir);
      pool.timeout_usec = (gint64) seconds * G_USEC_PER_SEC;
      pool.enabled = TRUE;
      g_mutex_unlock (&pool.mutex);

      /* From now on documents are opened, and languages loaded ahead of
       * time, in the workers. */
      _ag_document_set_opener (_ag_remote_document_open_pages);
      _ag_engine_set_preloader (_ag_worker_pool_preload);

      g_once_init_leave (&pool.context, g_main_context_new ());
      pool.thread = g_thread_new ("airgap-workers", pool_thread, NULL);
      atexit (shutdown_pool);
    }

  return pool.enabled;
}

/**
 * ag_sandbox_is_enabled:
 *
 * Returns: whether documents are read in airgap-worker processes
 */
gboolean
ag_sandbox_is_enabled (void)
{
  gboolean enabled;

  g_mutex_lock (&pool.mutex);
  enabled = pool.enabled;
  g_mutex_unlock (&pool.mutex);

  return enabled;
}

void
_ag_worker_pool_preload (const char *languages)
{
  AgWorker *first;

  g_mutex_lock (&pool.mutex);
  /* The workers load these as they start: once is enough. */
  if (g_strcmp0 (pool.languages, languages) == 0)
    {
      g_mutex_unlock (&pool.mutex);
      return;
    }
  g_free (pool.languages);
  pool.languages = g_strdup (languages);
  /* (the others when they take documents) */
  first = first_live_locked ();
  if (first != NULL)
    preload_locked (first);
  g_mutex_unlock (&pool.mutex);
}

/**
 * ag_sandbox_probe:
 *
 * Asks a worker what its sandbox enforces: "seccomp" (b), "landlock"
 * (i, the Landlock ABI in force, 0 for none), "memory-limit-mb" (u),
 * "pid" (i).
 *
 * Returns: (transfer full): an a{sv}, or %NULL with @error set
 */
GVariant *
ag_sandbox_probe (GError **error)
{
  g_autoptr(AgWorker) worker = NULL;
  g_autoptr(GVariant) reply = NULL;

  g_return_val_if_fail (ag_sandbox_is_enabled (), NULL);

  worker = _ag_worker_pool_get_worker (error);
  if (worker == NULL)
    return NULL;
  reply = _ag_worker_call (worker, AG_WORKER_METHOD_PROBE, g_variant_new ("()"), G_VARIANT_TYPE ("(a{sv})"),
                           NULL, NULL, 0, NULL, NULL, NULL, error);
  if (reply == NULL)
    return NULL;
  return g_variant_get_child_value (reply, 0);
}

/**
 * ag_sandbox_try:
 * @path: a file the worker should not be able to read
 *
 * Has a worker try what its sandbox forbids (sockets of several families,
 * writing a file, reading @path), for the tests.
 *
 * Returns: (transfer full): an a{si}: what was tried → the errno it
 *   failed with, 0 if it worked; or %NULL with @error set
 */
GVariant *
ag_sandbox_try (const char  *path,
                GError     **error)
{
  g_autoptr(AgWorker) worker = NULL;
  g_autoptr(GVariant) reply = NULL;

  g_return_val_if_fail (ag_sandbox_is_enabled (), NULL);

  worker = _ag_worker_pool_get_worker (error);
  if (worker == NULL)
    return NULL;
  reply = _ag_worker_call (worker, AG_WORKER_METHOD_TRY_SANDBOX, g_variant_new ("(s)", path), G_VARIANT_TYPE ("(a{si})"),
                           NULL, NULL, 0, NULL, NULL, NULL, error);
  if (reply == NULL)
    return NULL;
  return g_variant_get_child_value (reply, 0);
}

/**
 * ag_sandbox_get_worker_pid:
 *
 * Returns: the process id of the worker that takes new documents, 0 if
 *   none is running, for the tests
 */
GPid
ag_sandbox_get_worker_pid (void)
{
  GPid pid = 0;

  g_mutex_lock (&pool.mutex);
  for (guint i = 0; pool.workers != NULL && i < pool.workers->len && pid == 0; i++)
    {
      AgWorker *worker = g_ptr_array_index (pool.workers, i);

      if (!worker->dead && worker->ready)
        pid = worker->pid;
    }
  g_mutex_unlock (&pool.mutex);

  return pid;
}

/* Documents --------------------------------------------------------------- */
