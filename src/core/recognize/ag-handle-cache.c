/* ag-handle-cache.c — Tesseract handles kept warm, by language set
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "recognize/ag-handle-cache.h"

/* Language sets kept loaded; others are loaded on demand.  Automatic
 * languages use up to six: eng, chi_sim+eng and chi_tra+eng (the
 * samples), chi_sim and chi_tra (a Chinese page without Latin words)
 * and a vertical model. */
#define MAX_WARM_SETS 6

/* The handles of one language set. */
typedef struct
{
  GQueue idle;          /* AgTess */
  guint  n_total;       /* idle and checked out */
  guint  n_preloading;  /* being loaded by ag_engine_preload() */
  guint  stamp;         /* last use, for dropping the oldest set */
} TessSet;

static void
tess_set_free (TessSet *set)
{
  g_queue_clear_full (&set->idle, (GDestroyNotify) _ag_tess_free);
  g_free (set);
}

struct _AgHandleCache
{
  GMutex      mutex;
  GCond       cond;
  GHashTable *sets;         /* languages → TessSet */
  guint       stamp;
  guint       n_preloaded;
  void      (*loaded) (void);
  AgHandleLoadAheadFunc load_ahead;
  gpointer    load_ahead_data;
};

/**
 * _ag_handle_cache_new:
 * @n_preloaded: how many handles of a language set are loaded ahead of time
 * @loaded: (nullable): called after each handle is loaded
 */
AgHandleCache *
_ag_handle_cache_new (guint   n_preloaded,
                      void  (*loaded) (void))
{
  AgHandleCache *self = g_new0 (AgHandleCache, 1);

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) tess_set_free);
  self->n_preloaded = MAX (1, n_preloaded);
  self->loaded = loaded;

  return self;
}

/* Every handle must be back. */
void
_ag_handle_cache_free (AgHandleCache *self)
{
  g_hash_table_unref (self->sets);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

static AgTess *
checkout (AgHandleCache  *self,
          const char     *languages,
          gboolean        preload,
          gboolean        wait,
          GError        **error);

/**
 * _ag_handle_cache_checkout:
 * @preload: load a handle into the idle ones (unless enough are loaded
 *   already) and return %NULL
 *
 * Returns: (transfer full): a handle of @languages for the calling
 *   thread alone, loaded now if none is idle; give it back with
 *   _ag_handle_cache_return()
 */
AgTess *
_ag_handle_cache_checkout (AgHandleCache  *self,
                           const char     *languages,
                           gboolean        preload,
                           GError        **error)
{
  return checkout (self, languages, preload, FALSE, error);
}

/**
 * _ag_handle_cache_checkout_waiting:
 *
 * _ag_handle_cache_checkout() for a page too small to be read in two
 * parts: a handle being loaded ahead is waited for, where another would
 * be loaded beside it (which only slowed the first's load, 253 against
 * 460 ms on a clean Chinese page, and the reading after it).
 *
 * Returns: (transfer full): a handle of @languages
 */
AgTess *
_ag_handle_cache_checkout_waiting (AgHandleCache  *self,
                                   const char     *languages,
                                   GError        **error)
{
  return checkout (self, languages, FALSE, TRUE, error);
}

static AgTess *
checkout (AgHandleCache  *self,
          const char     *languages,
          gboolean        preload,
          gboolean        wait,
          GError        **error)
{
  TessSet *set;
  AgTess *tess = NULL;

  g_mutex_lock (&self->mutex);
  set = g_hash_table_lookup (self->sets, languages);
  if (set == NULL)
    {
      /* Keep a few language sets warm, not every one ever used. */
      while (g_hash_table_size (self->sets) >= MAX_WARM_SETS)
        {
          GHashTableIter iter;
          gpointer key, value;
          const char *oldest = NULL;
          guint oldest_stamp = G_MAXUINT;

          g_hash_table_iter_init (&iter, self->sets);
          while (g_hash_table_iter_next (&iter, &key, &value))
            if (((TessSet *) value)->stamp < oldest_stamp)
              {
                oldest = key;
                oldest_stamp = ((TessSet *) value)->stamp;
              }
          /* Handles in use are freed when they come back. */
          g_hash_table_remove (self->sets, oldest);
        }
      set = g_new0 (TessSet, 1);
      g_queue_init (&set->idle);
      g_hash_table_insert (self->sets, g_strdup (languages), set);
    }
  set->stamp = ++self->stamp;

  /* A handle being loaded ahead of time is nearly there: wait for it
   * rather than load a second one, unless fewer than the handles kept
   * warm are there: then this one is loaded beside it (the second of
   * two, which ag_engine_preload() leaves to the first page that needs
   * it when PP-OCR may read the page instead). */
  while (!preload && set->n_preloading > 0 && g_queue_is_empty (&set->idle) &&
         (wait || set->n_total >= self->n_preloaded))
    {
      g_cond_wait (&self->cond, &self->mutex);
      set = g_hash_table_lookup (self->sets, languages);
      if (set == NULL)
        break;
    }

  if (set != NULL && preload && set->n_total >= self->n_preloaded)
    {
      /* Warm already. */
      g_mutex_unlock (&self->mutex);
      return NULL;
    }

  /* (a preload loads one more: it never takes an idle one, which its
   * caller would not give back) */
  if (set != NULL)
    {
      if (!preload)
        tess = g_queue_pop_head (&set->idle);
      if (tess == NULL)
        {
          set->n_total++;
          if (preload)
            set->n_preloading++;
        }
    }
  g_mutex_unlock (&self->mutex);

  if (tess != NULL)
    return tess;

  if (set == NULL)
    return checkout (self, languages, preload, wait, error);

  tess = _ag_tess_new (languages, error);
  if (tess != NULL && self->loaded != NULL)
    self->loaded ();

  g_mutex_lock (&self->mutex);
  set = g_hash_table_lookup (self->sets, languages);
  if (set != NULL)
    {
      if (tess == NULL && set->n_total > 0)
        set->n_total--;
      if (preload && set->n_preloading > 0)
        set->n_preloading--;
      /* A handle loaded ahead of time goes straight to the idle ones, in
       * the same breath as the count, so no waiting worker misses it. */
      if (preload && tess != NULL)
        {
          g_queue_push_head (&set->idle, g_steal_pointer (&tess));
        }
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  /* (A preloaded handle whose set was dropped meanwhile.) */
  if (preload)
    g_clear_pointer (&tess, _ag_tess_free);

  return tess;
}

/**
 * _ag_handle_cache_checkout_idle:
 * @load_more: (out): set when none was idle and fewer than enough are
 *   loaded: the caller may load one for next time
 *
 * An idle handle of @languages, or one nearly loaded, without loading one.
 *
 * Returns: (transfer full) (nullable): the handle
 */
AgTess *
_ag_handle_cache_checkout_idle (AgHandleCache *self,
                                const char    *languages,
                                gboolean      *load_more)
{
  TessSet *set;
  AgTess *tess = NULL;

  *load_more = FALSE;
  g_mutex_lock (&self->mutex);
  set = g_hash_table_lookup (self->sets, languages);
  while (set != NULL && set->n_preloading > 0 && g_queue_is_empty (&set->idle))
    {
      g_cond_wait (&self->cond, &self->mutex);
      set = g_hash_table_lookup (self->sets, languages);
    }
  if (set != NULL)
    {
      tess = g_queue_pop_head (&set->idle);
      *load_more = tess == NULL && set->n_total < self->n_preloaded;
    }
  g_mutex_unlock (&self->mutex);

  return tess;
}

void
_ag_handle_cache_return (AgHandleCache *self,
                         AgTess        *tess)
{
  TessSet *set;

  g_mutex_lock (&self->mutex);
  set = g_hash_table_lookup (self->sets, _ag_tess_get_languages (tess));
  if (set != NULL)
    {
      g_queue_push_head (&set->idle, tess);
      tess = NULL;
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  /* Its set was dropped meanwhile. */
  _ag_tess_free (tess);
}

/**
 * _ag_handle_cache_set_load_ahead:
 * @func: (nullable): queues the loading of a handle on another thread
 *   (the engine's pool), or declines when no core is free
 *
 * Set once, before the cache is used by more than one thread.
 */
void
_ag_handle_cache_set_load_ahead (AgHandleCache         *self,
                                 AgHandleLoadAheadFunc  func,
                                 gpointer               data)
{
  self->load_ahead = func;
  self->load_ahead_data = data;
}

/**
 * _ag_handle_cache_load_ahead:
 *
 * As many handles of @languages as are kept warm, the missing ones
 * loaded on other threads while this one works: a page that will be read
 * with them then waits for no load, and is read on two cores
 * (_ag_tess_recognize()).  A handle this thread checks out meanwhile
 * counts among them (the preloads that find the set warm load nothing).
 * Nothing happens when no thread was given.
 */
void
_ag_handle_cache_load_ahead (AgHandleCache *self,
                             const char    *languages)
{
  TessSet *set;
  guint n_missing;

  if (self->load_ahead == NULL)
    return;

  g_mutex_lock (&self->mutex);
  set = g_hash_table_lookup (self->sets, languages);
  n_missing = set == NULL ? self->n_preloaded : self->n_preloaded - MIN (set->n_total, self->n_preloaded);
  g_mutex_unlock (&self->mutex);

  for (guint i = 0; i < n_missing; i++)
    self->load_ahead (self->load_ahead_data, languages);
}

/**
 * _ag_handle_cache_get_n_loaded:
 *
 * Returns: how many handles of @languages there are, idle, in use or
 *   being loaded (tests)
 */
guint
_ag_handle_cache_get_n_loaded (AgHandleCache *self,
                               const char    *languages)
{
  TessSet *set;
  guint n;

  g_mutex_lock (&self->mutex);
  set = g_hash_table_lookup (self->sets, languages);
  n = set != NULL ? set->n_total : 0;
  g_mutex_unlock (&self->mutex);

  return n;
}

/**
 * _ag_handle_cache_get_n_preloading:
 *
 * Returns: how many handles, of any languages, are being loaded ahead now
 */
guint
_ag_handle_cache_get_n_preloading (AgHandleCache *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->sets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((TessSet *) value)->n_preloading;
  g_mutex_unlock (&self->mutex);

  return n;
}
