/* ag-recognize-options.c — what to read of a document, and how
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "model/ag-recognize-options.h"

struct _AgRecognizeOptions
{
  gatomicrefcount  ref_count;
  char            *languages;
  GArray          *regions;
  GArray          *pages;
  gboolean         force_ocr;
  gboolean         preprocess;
  AgEngineKind     engine_kind;
  AgProgressFunc   progress_func;
  gpointer         progress_data;
  GDestroyNotify   progress_destroy;
  AgPageReadyFunc  page_ready_func;
  gpointer         page_ready_data;
  GDestroyNotify   page_ready_destroy;
};

G_DEFINE_BOXED_TYPE (AgRecognizeOptions, ag_recognize_options, ag_recognize_options_ref, ag_recognize_options_unref)

AgRecognizeOptions *
ag_recognize_options_new (void)
{
  AgRecognizeOptions *self = g_new0 (AgRecognizeOptions, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->regions = g_array_new (FALSE, FALSE, sizeof (AgRegion));
  self->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  self->preprocess = TRUE;
  self->engine_kind = AG_ENGINE_KIND_AUTO;

  return self;
}

AgRecognizeOptions *
ag_recognize_options_ref (AgRecognizeOptions *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ag_recognize_options_unref (AgRecognizeOptions *self)
{
  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      if (self->progress_destroy)
        self->progress_destroy (self->progress_data);
      if (self->page_ready_destroy)
        self->page_ready_destroy (self->page_ready_data);
      g_array_unref (self->regions);
      g_array_unref (self->pages);
      g_free (self->languages);
      g_free (self);
    }
}

/**
 * ag_recognize_options_set_languages:
 * @languages: (nullable): Tesseract's codes joined with "+"
 *   ("chi_sim+eng"); "auto" to have the engine choose them for each page
 *   or region among the installed ones and say so in the page's note;
 *   %NULL or "" for the languages of the desktop's locale
 */
void
ag_recognize_options_set_languages (AgRecognizeOptions *self,
                                    const char         *languages)
{
  g_free (self->languages);
  self->languages = g_strdup (languages);
}

const char *
ag_recognize_options_get_languages (AgRecognizeOptions *self)
{
  return self->languages;
}

void
ag_recognize_options_add_region (AgRecognizeOptions *self,
                                 const AgRegion     *region)
{
  g_array_append_val (self->regions, *region);
}

guint
ag_recognize_options_get_n_regions (AgRecognizeOptions *self)
{
  return self->regions->len;
}

const AgRegion *
ag_recognize_options_get_region (AgRecognizeOptions *self,
                                 guint               index)
{
  return &g_array_index (self->regions, AgRegion, index);
}

void
ag_recognize_options_add_page (AgRecognizeOptions *self,
                               guint               page)
{
  g_array_append_val (self->pages, page);
}

void
ag_recognize_options_set_force_ocr (AgRecognizeOptions *self,
                                    gboolean            force_ocr)
{
  self->force_ocr = !!force_ocr;
}

gboolean
ag_recognize_options_get_force_ocr (AgRecognizeOptions *self)
{
  return self->force_ocr;
}

void
ag_recognize_options_set_preprocess (AgRecognizeOptions *self,
                                     gboolean            preprocess)
{
  self->preprocess = !!preprocess;
}

gboolean
ag_recognize_options_get_preprocess (AgRecognizeOptions *self)
{
  return self->preprocess;
}

void
ag_recognize_options_set_engine_kind (AgRecognizeOptions *self,
                                      AgEngineKind        kind)
{
  self->engine_kind = kind;
}

AgEngineKind
ag_recognize_options_get_engine_kind (AgRecognizeOptions *self)
{
  return self->engine_kind;
}

void
ag_recognize_options_set_progress (AgRecognizeOptions *self,
                                   AgProgressFunc      func,
                                   gpointer            user_data,
                                   GDestroyNotify      destroy)
{
  if (self->progress_destroy)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/**
 * ag_recognize_options_set_page_ready:
 *
 * Hands over every page of a job as soon as it is read, in order (see
 * #AgPageReadyFunc), so that a long document shows its first page while
 * the rest is read.
 */
void
ag_recognize_options_set_page_ready (AgRecognizeOptions *self,
                                     AgPageReadyFunc     func,
                                     gpointer            user_data,
                                     GDestroyNotify      destroy)
{
  if (self->page_ready_destroy)
    self->page_ready_destroy (self->page_ready_data);
  self->page_ready_func = func;
  self->page_ready_data = user_data;
  self->page_ready_destroy = destroy;
}

/* The pages asked for, in order; empty for every page. */
GArray *
_ag_recognize_options_get_pages (AgRecognizeOptions *self)
{
  return self->pages;
}

gboolean
_ag_recognize_options_has_progress (AgRecognizeOptions *self)
{
  return self->progress_func != NULL;
}

void
_ag_recognize_options_report (AgRecognizeOptions *self,
                              double              fraction,
                              const char         *message)
{
  if (self->progress_func != NULL)
    self->progress_func (fraction, message, self->progress_data);
}

gboolean
_ag_recognize_options_has_page_ready (AgRecognizeOptions *self)
{
  return self->page_ready_func != NULL;
}

void
_ag_recognize_options_page_ready (AgRecognizeOptions *self,
                                  AgRecognitionPage  *page,
                                  guint               position,
                                  guint               n_pages)
{
  if (self->page_ready_func != NULL)
    self->page_ready_func (page, position, n_pages, self->page_ready_data);
}
