/* ag-engine.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The engine is a pool of worker threads, one per core.  Tesseract
 * handles are kept warm per set of languages, at most one per worker; a
 * worker checks one out for a page and puts it back after, so a handle is
 * never used by two threads at once and the second page costs no
 * loading.  A job is the pages of one document (each with its regions);
 * every page is one work item, so the pages of a document are read in
 * parallel, and the result is put back in document order.
 *
 * Threads: the caller's thread owns the GTask and sees progress and the
 * result on its thread-default main context.  Workers only touch the job
 * under its mutex and hand results over through idle sources on that
 * context.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "recognize/ag-auto-language.h"
#include "recognize/ag-engine-private.h"
#include "recognize/ag-engine.h"
#include "recognize/ag-handle-cache.h"
#include "recognize/ag-page-reader.h"
#include "recognize/ag-languages.h"
#include "document/ag-document-private.h"
#include "document/ag-page-private.h"
#include "recognize/ppocr/ag-ppocr.h"
#include "recognize/tesseract/ag-tess-api.h"

struct _AgEngine
{
  GObject      parent_instance;

  GThreadPool *pool;
  guint        n_workers;


  int          n_running;    /* pages being read now, atomic */
  int          peak_running;
  AgHandleCache *handles;
};

G_DEFINE_FINAL_TYPE (AgEngine, ag_engine, G_TYPE_OBJECT)
G_DEFINE_QUARK (ag-engine-error-quark, ag_engine_error)

/* ---- jobs ------------------------------------------------------------ */

typedef struct
{
  guint               index;      /* page index in the document */
  AgPage             *page;       /* one of these two */
  AgBitmap           *bitmap;
  GArray             *regions;    /* guint: indices into the options' regions */
  double              fraction;
  AgRecognitionPage  *result;
  GError             *error;
} JobPage;

typedef struct
{
  gatomicrefcount     ref_count;
  GMutex              mutex;

  /* Set once, then read-only. */
  AgRecognizeOptions *options;
  char               *languages;
  GCancellable       *cancellable;
  GMainContext       *context;
  JobPage            *pages;
  guint               n_pages;

  /* Under the mutex. */
  guint               n_started;
  guint               n_done;
  gboolean            finished;
  GSource            *progress_source;

  /* Only on the caller's context. */
  GTask              *task;
  gulong              cancelled_id;
  gboolean            returned;
  double              last_fraction;
  gboolean            registered;
  guint               n_delivered;  /* pages handed to the page-ready callback */
} Job;

/* How long the automatic languages' first load waits for a page to
 * choose them once Tesseract's library is open, and how often it looks.
 * The command line's page comes within 10–20 ms of that (a wait ends as
 * soon as a page comes); the margin is for a busy or slower machine (a
 * build with AddressSanitizer, tests run side by side), where an English
 * handle loaded first holds a Chinese page back.  With no page coming
 * (the window, at start) the English handles are loaded after it. */
#define PAGE_DECIDES      (250 * G_TIME_SPAN_MILLISECOND)
#define PAGE_DECIDES_POLL (2 * G_TIME_SPAN_MILLISECOND)

/* How long the load ahead of languages PP-OCR may read waits for the
 * image the command line opens meanwhile (it comes within a few
 * milliseconds of the worker's start; see ag_engine_preload_full()). */
#define IMAGE_DECIDES     (100 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  Job   *job;          /* NULL for a warm-up */
  guint  position;
  char  *languages;    /* for a warm-up of Tesseract handles */
  gboolean then_more;  /* … and one more after it, if no page came meanwhile */
  gint64   page_decides;  /* … unless a page comes within this (µs, from the library's opening) */
  gint64   image_decides; /* … unless a photo is opened before this (monotonic µs) */
  void (*aside) (void);  /* for any other warm-up */
} WorkItem;

/* The cancellables of the jobs alive, so that the program can stop them
 * when it exits (see shutdown_default_engine()). */
G_LOCK_DEFINE_STATIC (live_jobs);
static GPtrArray *live_cancellables;
/* Set at exit: queued work is let go of, not done (see shutdown_default_engine). */
static gint shutting_down;

/* Taken to push work from a worker thread, and to take the pool down: a
 * page or a preload pushed as the program exits finds the pool, or none. */
static GMutex pool_lock;

static void
register_job (Job *job)
{
  G_LOCK (live_jobs);
  if (live_cancellables == NULL)
    live_cancellables = g_ptr_array_new ();
  g_ptr_array_add (live_cancellables, job->cancellable);
  G_UNLOCK (live_jobs);
}

static void
unregister_job (Job *job)
{
  G_LOCK (live_jobs);
  if (live_cancellables != NULL)
    g_ptr_array_remove_fast (live_cancellables, job->cancellable);
  G_UNLOCK (live_jobs);
}

static Job *
job_ref (Job *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
job_unref (Job *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;

  if (job->registered)
    unregister_job (job);

  for (guint i = 0; i < job->n_pages; i++)
    {
      JobPage *jp = &job->pages[i];

      g_clear_object (&jp->page);
      g_clear_pointer (&jp->bitmap, ag_bitmap_unref);
      g_clear_pointer (&jp->regions, g_array_unref);
      g_clear_pointer (&jp->result, ag_recognition_page_free);
      g_clear_error (&jp->error);
    }
  g_free (job->pages);
  g_assert (job->progress_source == NULL);
  g_assert (job->task == NULL);
  g_clear_pointer (&job->options, ag_recognize_options_unref);
  g_free (job->languages);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_mutex_clear (&job->mutex);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_unref)

/* ---- progress -------------------------------------------------------- */

static char *
dup_progress_message (Job *job)
{
  if (job->n_pages <= 1)
    return g_strdup (_("Recognizing…"));

  return g_strdup_printf (_("Recognizing page %u of %u…"),
                          MAX (1, MIN (job->n_started, job->n_pages)), job->n_pages);
}

static double
job_fraction_locked (Job *job)
{
  double sum = 0;

  for (guint i = 0; i < job->n_pages; i++)
    sum += job->pages[i].fraction;

  return job->n_pages > 0 ? sum / job->n_pages : 1.0;
}

/* On the caller's context: hands the pages read since the last call to
 * the options' page-ready callback, in order, up to the first page not
 * read yet (or failed). */
static void
deliver_pages (Job *job)
{
  g_autoptr(GPtrArray) ready = NULL;
  guint first;

  if (job->returned || !_ag_recognize_options_has_page_ready (job->options))
    return;

  ready = g_ptr_array_new ();
  g_mutex_lock (&job->mutex);
  first = job->n_delivered;
  while (job->n_delivered < job->n_pages && job->pages[job->n_delivered].result != NULL)
    g_ptr_array_add (ready, job->pages[job->n_delivered++].result);
  g_mutex_unlock (&job->mutex);

  /* A page's result is not touched again until the job returns. */
  for (guint i = 0; i < ready->len; i++)
    _ag_recognize_options_page_ready (job->options, g_ptr_array_index (ready, i),
                                      first + i, job->n_pages);
}

static gboolean
progress_idle_cb (gpointer user_data)
{
  Job *job = user_data;
  g_autofree char *message = NULL;
  double fraction;

  deliver_pages (job);

  g_mutex_lock (&job->mutex);
  g_clear_pointer (&job->progress_source, g_source_unref);
  fraction = job_fraction_locked (job);
  message = dup_progress_message (job);
  g_mutex_unlock (&job->mutex);

  /* Never after the result: the caller may have freed what the
   * callback uses.  And never backwards. */
  if (!job->returned && fraction > job->last_fraction && _ag_recognize_options_has_progress (job->options))
    {
      job->last_fraction = fraction;
      _ag_recognize_options_report (job->options, MIN (fraction, 0.99), message);
    }

  return G_SOURCE_REMOVE;
}

/* With the mutex held.  Coalesces: one pending idle at a time. */
static void
queue_progress_locked (Job *job)
{
  GSource *source;

  if (job->progress_source != NULL || job->finished ||
      (!_ag_recognize_options_has_progress (job->options) &&
       !_ag_recognize_options_has_page_ready (job->options)))
    return;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_idle_cb, job_ref (job), (GDestroyNotify) job_unref);
  g_source_set_static_name (source, "[airgap] recognition progress");
  job->progress_source = g_source_ref (source);
  g_source_attach (source, job->context);
  g_source_unref (source);
}

typedef struct
{
  Job   *job;
  guint  position;
} JobProgress;

static void
job_progress_cb (double   fraction,
                 gpointer user_data)
{
  JobProgress *progress = user_data;
  Job *job = progress->job;

  g_mutex_lock (&job->mutex);
  job->pages[progress->position].fraction = fraction;
  queue_progress_locked (job);
  g_mutex_unlock (&job->mutex);
}

/* ---- finishing ------------------------------------------------------- */

static gboolean
complete_idle_cb (gpointer user_data)
{
  Job *job = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&job->task);
  g_autoptr(AgRecognition) recognition = NULL;
  GError *error = NULL;

  g_assert (task != NULL);

  if (job->cancelled_id != 0)
    {
      g_cancellable_disconnect (job->cancellable, job->cancelled_id);
      job->cancelled_id = 0;
    }

  /* The pages read so far, also when the job was cancelled or failed. */
  deliver_pages (job);

  g_mutex_lock (&job->mutex);

  if (g_cancellable_set_error_if_cancelled (job->cancellable, &error))
    ;
  else
    {
      for (guint i = 0; i < job->n_pages && error == NULL; i++)
        if (job->pages[i].error != NULL)
          error = g_error_copy (job->pages[i].error);
    }

  if (error == NULL)
    {
      recognition = ag_recognition_new (job->languages);
      for (guint i = 0; i < job->n_pages; i++)
        {
          g_assert (job->pages[i].result != NULL);
          ag_recognition_take_page (recognition, g_steal_pointer (&job->pages[i].result));
        }
    }

  g_mutex_unlock (&job->mutex);

  if (error == NULL)
    _ag_recognize_options_report (job->options, 1.0, _("Done"));
  job->returned = TRUE;

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&recognition), (GDestroyNotify) ag_recognition_unref);

  return G_SOURCE_REMOVE;
}

/* With the mutex held. */
static void
finish_locked (Job *job)
{
  GSource *source;

  if (job->finished)
    return;
  job->finished = TRUE;

  if (job->progress_source != NULL)
    {
      g_source_destroy (job->progress_source);
      g_clear_pointer (&job->progress_source, g_source_unref);
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, complete_idle_cb, job_ref (job), (GDestroyNotify) job_unref);
  g_source_set_static_name (source, "[airgap] recognition done");
  g_source_attach (source, job->context);
  g_source_unref (source);
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  Job *job = user_data;

  /* Return at once; the workers notice through Tesseract's monitor and
   * drop what they were doing. */
  g_mutex_lock (&job->mutex);
  finish_locked (job);
  g_mutex_unlock (&job->mutex);
}

/* ---- the workers ----------------------------------------------------- */

static void shutdown_default_engine (void);

/* Tesseract's dictionary cache is a static made on the first load, and
 * its destructor joins the exit handlers then — after the engine's
 * shutdown, registered when the engine was made, so it would run first
 * and free the cache under a handle still loading in a worker (a
 * preload at exit: AddressSanitizer saw it).  Registered again once a
 * handle exists, the shutdown runs before it. */
static void
shutdown_before_tesseract (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      atexit (shutdown_default_engine);
      g_once_init_leave (&done, 1);
    }
}

/* The same for Poppler, opened with the first PDF (ag-poppler-api.c):
 * its static destructors join the exit handlers then, and the last
 * document a worker lets go of at exit would be freed after them (a
 * crash in ~GlobalParams at the end of test-codes).  A page of a PDF in
 * this process means Poppler is loaded. */
static void
shutdown_before_poppler (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      atexit (shutdown_default_engine);
      g_once_init_leave (&done, 1);
    }
}

/* The first document opened in this process, for the loads ahead that
 * wait to see whether it is a photo (push_warm_up()'s @image_decides). */
static struct
{
  GMutex   lock;
  GCond    cond;
  gboolean any;        /* a document has been opened: no load waits */
  guint    n_waiting;  /* loads waiting for one */
  GBytes  *image;      /* its contents, while they wait */
} opened;

/* AgDocumentOpenHook, for every document opened in this process. */
static void
document_opened_cb (GBytes *bytes)
{
  g_mutex_lock (&opened.lock);
  opened.any = TRUE;
  if (opened.n_waiting > 0 && opened.image == NULL)
    {
      opened.image = g_bytes_ref (bytes);
      g_cond_broadcast (&opened.cond);
    }
  g_mutex_unlock (&opened.lock);
}

static gboolean
document_opened_yet (void)
{
  gboolean any;

  g_mutex_lock (&opened.lock);
  any = opened.any;
  g_mutex_unlock (&opened.lock);

  return any;
}

/* Whether the document opened by @until (monotonic µs) is a photo, by a
 * look at a small copy (_ag_ppocr_image_looks_like_photo()). */
static gboolean
photo_comes (gint64 until)
{
  g_autoptr(GBytes) image = NULL;

  g_mutex_lock (&opened.lock);
  while (opened.image == NULL && g_get_monotonic_time () < until)
    g_cond_wait_until (&opened.cond, &opened.lock, until);
  if (opened.image != NULL)
    image = g_bytes_ref (opened.image);
  if (--opened.n_waiting == 0)
    g_clear_pointer (&opened.image, g_bytes_unref);
  g_mutex_unlock (&opened.lock);

  return image != NULL && _ag_ppocr_image_looks_like_photo (image);
}

/* Queues a warm-up on the pool (a WorkItem without a job): the loading
 * of one more handle of @languages (@then_more: and of another after it,
 * unless a page is being read by then; @page_decides: not at all if a
 * page is being read within that time (µs) of Tesseract's library being
 * open, 0 for none; @image_decides: not
 * at all if the image opened before that time is a photo PP-OCR will
 * read, whose detector is loaded instead, 0 for none), or @aside. */
static void
push_warm_up (AgEngine   *self,
              const char *languages,
              gboolean    then_more,
              gint64      page_decides,
              gint64      image_decides,
              void      (*aside) (void))
{
  WorkItem *item;

  g_mutex_lock (&pool_lock);
  if (self->pool != NULL)
    {
      item = g_new0 (WorkItem, 1);
      item->languages = g_strdup (languages);
      item->then_more = then_more;
      item->page_decides = page_decides;
      item->image_decides = image_decides;
      item->aside = aside;
      if (image_decides > 0)
        {
          g_mutex_lock (&opened.lock);
          opened.n_waiting++;
          g_mutex_unlock (&opened.lock);
        }
      g_thread_pool_push (self->pool, item, NULL);
    }
  g_mutex_unlock (&pool_lock);
}

/* Queues the loading of one more handle of @languages in this process. */
static void
preload_local (AgEngine   *self,
               const char *languages)
{
  push_warm_up (self, languages, FALSE, 0, 0, NULL);
}

/* A handle loaded on the pool while the page's thread reads with another
 * (the automatic choice's samples: ag-auto-language.c), only when no
 * other page is being read. */
static void
load_ahead (gpointer    data,
            const char *languages)
{
  AgEngine *self = data;

  if (self->n_workers < 2 || g_atomic_int_get (&self->n_running) > 1 ||
      g_atomic_int_get (&shutting_down))
    return;
  preload_local (self, languages);
}

/* @func on the pool, now, where a page's reading has left a core free
 * (AgPageReader's run_aside). */
static void
run_aside (gpointer   data,
           void     (*func) (void))
{
  AgEngine *self = data;

  if (self->n_workers < 2 || g_atomic_int_get (&shutting_down))
    return;
  push_warm_up (self, NULL, FALSE, 0, 0, func);
}

/* Whether a page may be read on two cores (_ag_tess_recognize()): only
 * when no other page is being read. */
static gboolean
has_free_core (gpointer data)
{
  AgEngine *self = data;

  return self->n_workers >= 2 && g_atomic_int_get (&self->n_running) <= 1;
}

/* A second handle for a page read alone and cut in two: only an idle
 * handle or one nearly loaded; otherwise one is loaded for next time and
 * the page is read in one thread. */
static AgTess *
checkout_twin (gpointer    data,
               const char *languages,
               gboolean    load_ahead)
{
  AgEngine *self = data;
  AgTess *twin;
  gboolean load = FALSE;

  if (!has_free_core (self))
    return NULL;

  twin = _ag_handle_cache_checkout_idle (self->handles, languages, &load);

  /* Not while the program exits: the pool is being taken down. */
  if (load && load_ahead && !g_atomic_int_get (&shutting_down))
    preload_local (self, languages);

  return twin;
}


/* One page in this process, through the engine's handles. */
static AgRecognitionPage *
read_one (AgEngine            *self,
          AgPage              *page,
          AgBitmap            *given,
          guint                index,
          const char          *languages,
          AgRecognizeOptions  *options,
          GArray              *regions,
          AgTessProgressFunc   progress_func,
          gpointer             progress_data,
          GCancellable        *cancellable,
          GError             **error)
{
  AgPageReader reader = {
    .handles = self->handles,
    .checkout_twin = checkout_twin,
    .has_free_core = has_free_core,
    .data = self,
    .run_aside = run_aside,
  };

  if (page != NULL && ag_page_get_kind (page) == AG_PAGE_KIND_PDF)
    shutdown_before_poppler ();

  return _ag_page_reader_read (&reader, page, given, index, languages, options, regions,
                               progress_func, progress_data, cancellable, error);
}

/**
 * _ag_engine_recognize_page:
 *
 * Recognises one page in this process, in the calling thread: what
 * airgap-worker does for each request of its client.
 */
AgRecognitionPage *
_ag_engine_recognize_page (AgEngine            *self,
                           AgPage              *page,
                           guint                index,
                           const char          *languages,
                           AgRecognizeOptions  *options,
                           GArray              *regions,
                           AgTessProgressFunc   progress,
                           gpointer             progress_data,
                           GCancellable        *cancellable,
                           GError             **error)
{
  AgRecognitionPage *result;

  g_return_val_if_fail (AG_IS_ENGINE (self), NULL);
  g_return_val_if_fail (AG_IS_PAGE (page), NULL);

  if (languages == NULL || *languages == '\0')
    languages = ag_languages_get_default ();
  if (!ag_languages_check_available (languages, error))
    return NULL;

  /* Requests come one page at a time: count them as the pool's workers
   * do, so that a page is only cut in two while it is read alone. */
  g_atomic_int_inc (&self->n_running);
  result = read_one (self, page, NULL, index, languages, options, regions,
                     progress, progress_data, cancellable, error);
  g_atomic_int_add (&self->n_running, -1);

  return result;
}

static AgRecognitionPage *
recognize_page (AgEngine  *self,
                Job       *job,
                guint      position,
                GError   **error)
{
  JobPage *jp = &job->pages[position];
  JobProgress progress = { job, position };
  AgRecognitionPage *result;

  if (jp->page == NULL || !_ag_page_recognizes_itself (jp->page))
    return read_one (self, jp->page, jp->bitmap, jp->index, job->languages, job->options,
                     jp->regions, job_progress_cb, &progress, job->cancellable, error);

  /* The page's document lives in a sandboxed worker: it reads the page
   * there, the same way, with its own Tesseract handles. */
  result = _ag_page_recognize (jp->page, job->languages, job->options, jp->regions,
                               job_progress_cb, &progress, job->cancellable, error);
  if (result != NULL)
    result->index = jp->index;
  return result;
}

/* Hands pages @from to @to (not included) of @job to the pool; none once
 * it is being taken down. */
static void
push_pages (AgEngine *self,
            Job      *job,
            guint     from,
            guint     to)
{
  g_mutex_lock (&pool_lock);
  for (guint i = from; self->pool != NULL && i < MIN (to, job->n_pages); i++)
    {
      WorkItem *item = g_new0 (WorkItem, 1);

      item->job = job_ref (job);
      item->position = i;
      g_thread_pool_push (self->pool, item, NULL);
    }
  g_mutex_unlock (&pool_lock);
}

/* Waits for the work queued and ends the pool's threads. */
static void
free_pool (AgEngine *self)
{
  GThreadPool *pool;

  g_mutex_lock (&pool_lock);
  pool = g_steal_pointer (&self->pool);
  g_mutex_unlock (&pool_lock);

  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
}

/* Whether a page is being read within @wait (µs) of Tesseract's library
 * being open.  The library, which any page it reads needs, is opened
 * first, while the page is decoded: the wait counts from then, since the
 * opening alone (30–40 ms) took most of a wait counted from the worker's
 * start, and the command line's Chinese page came just after it, behind
 * an English load it could not stop. */
static gboolean
page_comes (AgEngine *self,
            gint64    wait)
{
  gint64 until;

  _ag_tess_api_load (NULL);
  until = g_get_monotonic_time () + wait;
  while (g_get_monotonic_time () < until && g_atomic_int_get (&self->n_running) == 0)
    g_usleep (PAGE_DECIDES_POLL);

  return g_atomic_int_get (&self->n_running) > 0;
}

static void
worker_cb (gpointer data,
           gpointer user_data)
{
  AgEngine *self = user_data;
  g_autofree WorkItem *item = data;
  g_autoptr(Job) job = item->job;
  JobPage *jp;
  AgRecognitionPage *result = NULL;
  GError *error = NULL;
  gboolean skip;

  if (job == NULL)
    {
      g_autofree char *languages = item->languages;

      if (g_atomic_int_get (&shutting_down))
        return;
      /* (a page that comes meanwhile loads what its lines ask for) */
      if (item->page_decides > 0 && page_comes (self, item->page_decides))
        return;
      /* (a photo is read by PP-OCR: its networks, not Tesseract) */
      if (item->image_decides > 0 && photo_comes (item->image_decides))
        {
          _ag_ppocr_warm_for_photo ();
          return;
        }
      if (item->aside != NULL)
        item->aside ();
      /* Errors are reported when the languages are really used. */
      else
        _ag_handle_cache_checkout (self->handles, languages, TRUE, NULL);
      /* (a page read meanwhile has loaded what it needed) */
      if (item->then_more && g_atomic_int_get (&self->n_running) == 0)
        preload_local (self, languages);
      return;
    }

  jp = &job->pages[item->position];

  g_mutex_lock (&job->mutex);
  skip = job->finished;
  if (!skip)
    {
      job->n_started++;
      queue_progress_locked (job);
    }
  g_mutex_unlock (&job->mutex);

  if (!skip)
    {
      int running = g_atomic_int_add (&self->n_running, 1) + 1;
      int peak;

      while ((peak = g_atomic_int_get (&self->peak_running)) < running &&
             !g_atomic_int_compare_and_exchange (&self->peak_running, peak, running))
        ;
      result = recognize_page (self, job, item->position, &error);
      g_atomic_int_add (&self->n_running, -1);
    }

  g_mutex_lock (&job->mutex);
  jp->result = result;
  jp->error = error;
  jp->fraction = 1.0;
  job->n_done++;
  if (error != NULL || job->n_done == job->n_pages)
    finish_locked (job);
  else
    queue_progress_locked (job);
  skip = job->finished;
  g_mutex_unlock (&job->mutex);

  /* The first page is read: now the rest, side by side. */
  if (item->position == 0 && !skip)
    push_pages (self, job, 1, job->n_pages);
}

/* ---- the engine ------------------------------------------------------ */

static void
ag_engine_finalize (GObject *object)
{
  AgEngine *self = (AgEngine *) object;

  /* Waits for the work queued, so every handle is back. */
  free_pool (self);
  g_clear_pointer (&self->handles, _ag_handle_cache_free);

  G_OBJECT_CLASS (ag_engine_parent_class)->finalize (object);
}

static void
ag_engine_class_init (AgEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ag_engine_finalize;
}

static void
ag_engine_init (AgEngine *self)
{
  const char *env = g_getenv ("AIRGAP_WORKERS");
  guint64 n = 0;

  if (env == NULL || !g_ascii_string_to_unsigned (env, 10, 1, 256, &n, NULL))
    n = g_get_num_processors ();
  self->n_workers = MAX (1, (guint) n);
  /* One handle per page read at once, two for a page read alone in two
   * parts, loaded ahead of time. */
  self->handles = _ag_handle_cache_new (MIN (self->n_workers, 2), shutdown_before_tesseract);
  _ag_handle_cache_set_load_ahead (self->handles, load_ahead, self);
  self->pool = g_thread_pool_new (worker_cb, self, (int) self->n_workers, TRUE, NULL);
  _ag_document_set_open_hook (document_opened_cb);
}

/**
 * ag_engine_get_version_string:
 *
 * Returns: the versions of the libraries that recognise, for example
 *   "Tesseract 5.3.0, Leptonica 1.82.0"
 */
const char *
ag_engine_get_version_string (void)
{
  static char *version;

  if (g_once_init_enter (&version))
    {
      char *lept = getLeptonicaVersion ();
      const char *number = lept;
      char *text;

      if (g_str_has_prefix (number, "leptonica-"))
        number += strlen ("leptonica-");
      /* Opens Tesseract: only --version and the About window ask. */
      if (_ag_tess_api_load (NULL))
        text = g_strdup_printf ("Tesseract %s, Leptonica %s", _ag_tess_api->Version (), number);
      else
        text = g_strdup_printf ("Tesseract (not found), Leptonica %s", number);
      lept_free (lept);
      g_once_init_leave (&version, text);
    }

  return version;
}

AgEngine *
ag_engine_new (void)
{
  return g_object_new (AG_TYPE_ENGINE, NULL);
}

/**
 * ag_engine_get_default:
 *
 * Returns: (transfer none): the engine of the process
 */
static AgEngine *default_engine;

/* At exit, Tesseract's own static data is destroyed after this runs (it
 * was set up first), so no worker may still be inside Tesseract: cancel
 * what is running, drop what is queued and wait for the workers, which
 * the progress monitor stops within a word or so. */
static void
shutdown_default_engine (void)
{
  g_autoptr(GPtrArray) cancellables = g_ptr_array_new_with_free_func (g_object_unref);

  G_LOCK (live_jobs);
  for (guint i = 0; live_cancellables != NULL && i < live_cancellables->len; i++)
    g_ptr_array_add (cancellables, g_object_ref (g_ptr_array_index (live_cancellables, i)));
  G_UNLOCK (live_jobs);

  for (guint i = 0; i < cancellables->len; i++)
    g_cancellable_cancel (g_ptr_array_index (cancellables, i));

  /* Not immediately: the queued items of the cancelled jobs are each
   * skipped (and freed) in no time, where dropping them leaked them with
   * their jobs and documents (LeakSanitizer, test-cli's Ctrl+C test). */
  g_atomic_int_set (&shutting_down, TRUE);
  if (default_engine != NULL)
    free_pool (default_engine);
}

AgEngine *
ag_engine_get_default (void)
{
  if (g_once_init_enter (&default_engine))
    {
      AgEngine *engine = ag_engine_new ();

      atexit (shutdown_default_engine);
      g_once_init_leave (&default_engine, engine);
    }
  return default_engine;
}

/**
 * ag_engine_get_n_workers:
 *
 * Returns: how many pages are read at the same time (one per core)
 */
guint
ag_engine_get_n_workers (AgEngine *self)
{
  g_return_val_if_fail (AG_IS_ENGINE (self), 1);

  return self->n_workers;
}

/* Which pages to read and which regions on each.  An empty page list
 * means every page, unless there are regions: then the pages that have
 * them.  A region always brings its page in, listed or not.  A page
 * with regions is read only in them. */
static gboolean
plan_job (Job                 *job,
          AgDocument          *document,
          GPtrArray           *bitmaps,
          AgRecognizeOptions  *options,
          GError             **error)
{
  guint n_doc = document != NULL ? ag_document_get_n_pages (document) : bitmaps->len;
  g_autofree gboolean *wanted = g_new0 (gboolean, MAX (1, n_doc));
  GArray *pages = _ag_recognize_options_get_pages (options);
  guint n_regions = ag_recognize_options_get_n_regions (options);
  guint n = 0;

  for (guint i = 0; i < pages->len; i++)
    {
      guint p = g_array_index (pages, guint, i);

      if (p >= n_doc)
        {
          g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_PAGE,
                       ngettext ("There is no page %u: the document has %u page.",
                                 "There is no page %u: the document has %u pages.", n_doc),
                       p + 1, n_doc);
          return FALSE;
        }
      wanted[p] = TRUE;
    }

  for (guint r = 0; r < n_regions; r++)
    {
      const AgRegion *region = ag_recognize_options_get_region (options, r);

      if (region->page >= n_doc)
        {
          g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_PAGE,
                       ngettext ("A region is on page %u, but the document has %u page.",
                                 "A region is on page %u, but the document has %u pages.", n_doc),
                       region->page + 1, n_doc);
          return FALSE;
        }
      wanted[region->page] = TRUE;
    }

  if (pages->len == 0 && n_regions == 0)
    for (guint p = 0; p < n_doc; p++)
      wanted[p] = TRUE;

  for (guint p = 0; p < n_doc; p++)
    n += wanted[p] ? 1 : 0;

  job->pages = g_new0 (JobPage, MAX (1, n));
  job->n_pages = 0;

  for (guint p = 0; p < n_doc; p++)
    {
      JobPage *jp;

      if (!wanted[p])
        continue;

      jp = &job->pages[job->n_pages++];
      jp->index = p;
      if (document != NULL)
        jp->page = g_object_ref (ag_document_get_page (document, p));
      else
        jp->bitmap = ag_bitmap_ref (g_ptr_array_index (bitmaps, p));
      jp->regions = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint r = 0; r < n_regions; r++)
        if (ag_recognize_options_get_region (options, r)->page == p)
          g_array_append_val (jp->regions, r);
    }

  return TRUE;
}

static void
start_job (AgEngine            *self,
           AgDocument          *document,
           GPtrArray           *bitmaps,
           AgRecognizeOptions  *options,
           GCancellable        *cancellable,
           gpointer             source_tag,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Job) job = NULL;
  g_autoptr(AgRecognizeOptions) defaults = NULL;
  GError *error = NULL;
  const char *languages;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[airgap] recognize");

  if (options == NULL)
    options = defaults = ag_recognize_options_new ();

  job = g_new0 (Job, 1);
  g_atomic_ref_count_init (&job->ref_count);
  g_mutex_init (&job->mutex);
  job->options = ag_recognize_options_ref (options);
  languages = ag_recognize_options_get_languages (options);
  job->languages = g_strdup (languages != NULL && *languages != '\0'
                               ? languages : ag_languages_get_default ());
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  job->context = g_main_context_ref_thread_default ();
  job->last_fraction = -1;

  if (self->pool == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Airgap is closing."));
      return;
    }

  if (!ag_languages_check_available (job->languages, &error) ||
      !plan_job (job, document, bitmaps, options, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->n_pages == 0)
    {
      g_task_return_error (task, g_error_new (AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_PAGE,
                                              _("The document has no pages to recognize.")));
      return;
    }

  g_task_set_task_data (task, job_ref (job), (GDestroyNotify) job_unref);
  job->task = g_steal_pointer (&task);
  register_job (job);
  job->registered = TRUE;

  /* The first page alone, on every core (checkout_twin()), so that its
   * text is there as soon as one page takes; the others follow side by
   * side once it is read (worker_cb()). */
  push_pages (self, job, 0, 1);

  job->cancelled_id = g_cancellable_connect (job->cancellable, G_CALLBACK (cancelled_cb),
                                             job_ref (job), (GDestroyNotify) job_unref);
}

/* Set by ag_sandbox_init(): the workers load the languages. */
static AgEnginePreloadFunc preloader;

void
_ag_engine_set_preloader (AgEnginePreloadFunc func)
{
  g_atomic_pointer_set (&preloader, func);
}

/**
 * ag_engine_preload:
 * @languages: (nullable): codes joined with "+", %NULL for the default;
 *   for %AG_LANGUAGES_AUTO the desktop's languages, the likeliest choice
 *
 * ag_engine_preload_full() for pages read by the automatic choice of
 * recogniser.
 */
void
ag_engine_preload (AgEngine   *self,
                   const char *languages)
{
  ag_engine_preload_full (self, languages, AG_ENGINE_KIND_AUTO);
}

/**
 * ag_engine_preload_full:
 * @languages: (nullable): codes joined with "+", %NULL for the default;
 *   for %AG_LANGUAGES_AUTO the desktop's languages, the likeliest choice
 * @kind: the recogniser the pages will be read with
 *
 * Loads @languages into Tesseract handles in the background, so that the
 * next recognition with them starts at once: the command line does this
 * while it decodes the file, the window when the language choice
 * changes.  Two handles with two cores or more: a page read alone is
 * read in two parts at once, and two pages side by side.  (Further
 * workers load theirs when a third page comes.)
 * Languages that are not installed are ignored here; recognition reports
 * them.
 */
void
ag_engine_preload_full (AgEngine     *self,
                        const char   *languages,
                        AgEngineKind  kind)
{
  AgEnginePreloadFunc preload;
  gboolean automatic = ag_languages_is_auto (languages);
  guint n;

  g_return_if_fail (AG_IS_ENGINE (self));

  if (self->pool == NULL)
    return;

  /* Documents are read in the sandboxed workers: they load the languages
   * (and know the recogniser from ag_sandbox_init()). */
  preload = g_atomic_pointer_get (&preloader);
  if (preload != NULL && automatic)
    {
      preload (AG_LANGUAGES_AUTO);
      return;
    }

  /* Automatic: the languages of the desktop are the likeliest; on a
   * Chinese desktop its Chinese alone, which a page is read with first. */
  if (automatic && _ag_auto_language_get_desktop_chinese () != NULL)
    languages = _ag_auto_language_get_desktop_chinese ();
  else if (languages == NULL || *languages == '\0' || automatic)
    languages = ag_languages_get_default ();
  if (!ag_languages_check_available (languages, NULL))
    return;

  if (preload != NULL)
    {
      preload (languages);
      return;
    }

  /* Languages whose photos PP-OCR reads: one handle only.  On such a
   * photo the second would take a core from PP-OCR (with the first, 0.37 s
   * of CPU on gut_cn02.jpg, 2.06 s against 1.69 s) and hold the page back
   * behind it in the queue; a page Tesseract reads loads its second handle
   * itself, beside the first (_ag_handle_cache_checkout()). */
  n = MIN (self->n_workers, 2);
  if (_ag_ppocr_may_choose (languages))
    {
      /* … and that one only once the command line's image, opened in a
       * few milliseconds, is seen not to be a photo (a JPEG decoded
       * small).  A photo needs no Tesseract handle, whose load would
       * take a core from PP-OCR (gut_cn02.jpg 1157 → 950 ms), and
       * PP-OCR's detector is loaded instead while it is decoded.  Any
       * other file is decoded beside the handle's load, as before (a
       * full-page PNG scan takes 250 ms).  Not when a document is open
       * already: the window's next page may be anything; nor for
       * Tesseract alone. */
      if (kind != AG_ENGINE_KIND_TESSERACT && !document_opened_yet ())
        {
          push_warm_up (self, languages, FALSE, 0, g_get_monotonic_time () + IMAGE_DECIDES, NULL);
          return;
        }
      n = 1;
    }
  /* Automatic on a desktop that is not Chinese: its languages are a
   * guess until the page is seen.  A page that comes at once (the
   * command line's) loads what its lines ask for (ag-page-reader.c),
   * English or Chinese, on both cores: a Chinese page does not wait
   * behind English loads, which cannot be stopped.  Otherwise (the
   * window, ready before its first page) one handle is loaded after
   * PAGE_DECIDES, the second after it.  (On a Chinese desktop the page
   * reader asks for no more handles: they are loaded here.) */
  if (n > 1 && automatic && _ag_auto_language_get_desktop_chinese () == NULL)
    {
      push_warm_up (self, languages, TRUE, PAGE_DECIDES, 0, NULL);
      return;
    }
  for (guint i = 0; i < n; i++)
    preload_local (self, languages);
}

/**
 * ag_engine_recognize_async:
 * @document: the pages
 * @options: (nullable): languages, pages, regions, progress
 *
 * Recognises the pages of @document chosen by @options, several at a
 * time.  Progress is reported on the thread-default main context of the
 * caller; cancelling @cancellable ends the job promptly with
 * %G_IO_ERROR_CANCELLED.
 */
void
ag_engine_recognize_async (AgEngine            *self,
                           AgDocument          *document,
                           AgRecognizeOptions  *options,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (AG_IS_ENGINE (self));
  g_return_if_fail (AG_IS_DOCUMENT (document));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_job (self, document, NULL, options, cancellable, ag_engine_recognize_async,
             callback, user_data);
}

/**
 * ag_engine_recognize_finish:
 *
 * Returns: (transfer full): the text found, pages in document order
 */
AgRecognition *
ag_engine_recognize_finish (AgEngine      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (AG_IS_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_ag_engine_recognize_bitmaps_async (AgEngine            *self,
                                    GPtrArray           *bitmaps,
                                    AgRecognizeOptions  *options,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (AG_IS_ENGINE (self));
  g_return_if_fail (bitmaps != NULL);

  start_job (self, NULL, bitmaps, options, cancellable, ag_engine_recognize_async,
             callback, user_data);
}

typedef struct
{
  AgRecognition *recognition;
  GError        *error;
  gboolean       done;
} SyncWait;

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->recognition = ag_engine_recognize_finish (AG_ENGINE (object), result, &wait->error);
  wait->done = TRUE;
}

static AgRecognition *
run_sync (AgEngine            *self,
          AgDocument          *document,
          GPtrArray           *bitmaps,
          AgRecognizeOptions  *options,
          GCancellable        *cancellable,
          GError             **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncWait wait = { NULL, NULL, FALSE };

  /* Progress arrives on this thread, through a context of its own. */
  g_main_context_push_thread_default (context);
  start_job (self, document, bitmaps, options, cancellable, ag_engine_recognize_async,
             sync_done_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return NULL;
    }

  return wait.recognition;
}

/**
 * ag_engine_recognize:
 *
 * The synchronous ag_engine_recognize_async(), for the command line and
 * the tests.  Progress is reported on the calling thread while it waits.
 *
 * Returns: (transfer full): the text found, pages in document order
 */
AgRecognition *
ag_engine_recognize (AgEngine            *self,
                     AgDocument          *document,
                     AgRecognizeOptions  *options,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_return_val_if_fail (AG_IS_ENGINE (self), NULL);
  g_return_val_if_fail (AG_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return run_sync (self, document, NULL, options, cancellable, error);
}

/* The most pages this engine has read at the same time. */
guint
_ag_engine_get_peak_parallel (AgEngine *self)
{
  return (guint) g_atomic_int_get (&self->peak_running);
}

/* How many Tesseract handles of @languages this engine has, loading or
 * loaded. */
guint
_ag_engine_get_n_handles (AgEngine   *self,
                          const char *languages)
{
  return _ag_handle_cache_get_n_loaded (self->handles, languages);
}

AgRecognition *
_ag_engine_recognize_bitmaps (AgEngine            *self,
                              GPtrArray           *bitmaps,
                              AgRecognizeOptions  *options,
                              GCancellable        *cancellable,
                              GError             **error)
{
  g_return_val_if_fail (AG_IS_ENGINE (self), NULL);
  g_return_val_if_fail (bitmaps != NULL, NULL);

  return run_sync (self, NULL, bitmaps, options, cancellable, error);
}
