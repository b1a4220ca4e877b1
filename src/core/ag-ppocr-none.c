/* ag-ppocr-none.c — ag-ppocr.h for builds without OpenCV
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Built instead of ag-ppocr.cpp where there is no C++ compiler or no
 * OpenCV DNN module: Airgap then reads everything with Tesseract and every
 * page's note says why.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ag-ppocr.h"

static void
set_missing (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("This build of Airgap has no PP-OCR."));
}

gboolean
ag_ppocr_find_models (char **dir)
{
  if (dir != NULL)
    *dir = NULL;
  return FALSE;
}

AgPpocr *
ag_ppocr_new (const char  *model_dir,
              GError     **error)
{
  set_missing (error);
  return NULL;
}

void
ag_ppocr_free (AgPpocr *self)
{
}

AgRecognitionPage *
ag_ppocr_recognize (AgPpocr       *self,
                    AgBitmap      *bitmap,
                    const AgRect  *crop,
                    GCancellable  *cancellable,
                    GError       **error)
{
  set_missing (error);
  return NULL;
}

AgPpocr *
ag_ppocr_get_default (GError **error)
{
  set_missing (error);
  return NULL;
}

gboolean
ag_ppocr_looks_like_photo (AgBitmap *bitmap)
{
  return FALSE;
}

gboolean
ag_ppocr_page_has_columns (AgRecognitionPage *page)
{
  return FALSE;
}

gboolean
ag_ppocr_choose (AgEngineKind   kind,
                 const char    *languages,
                 AgBitmap      *bitmap,
                 gboolean       pdf_page,
                 gboolean       vertical,
                 char         **note)
{
  if (note != NULL)
    *note = g_strdup (kind == AG_ENGINE_KIND_TESSERACT
                        ? _("Read with Tesseract, as chosen.")
                        : _("Read with Tesseract: this build of Airgap has no PP-OCR."));
  return FALSE;
}

AgRecognitionPage *
ag_ppocr_try_page (AgRecognizeOptions  *options,
                   const char          *languages,
                   AgBitmap            *bitmap,
                   guint                index,
                   gboolean             pdf_page,
                   GArray              *regions,
                   GCancellable        *cancellable,
                   char               **note,
                   GError             **error)
{
  ag_ppocr_choose (ag_recognize_options_get_engine_kind (options), languages, bitmap,
                   pdf_page, FALSE, note);
  return NULL;
}

GArray *
ag_ppocr_detect (AgPpocr   *self,
                 AgBitmap  *bitmap,
                 GError   **error)
{
  set_missing (error);
  return NULL;
}

GArray *
ag_ppocr_boxes_from_map (const float *map,
                         int          width,
                         int          height,
                         double       scale_x,
                         double       scale_y)
{
  return g_array_new (FALSE, FALSE, sizeof (AgPpocrBox));
}

GArray *
ag_ppocr_ctc_decode (const float *probs,
                     int          n_steps,
                     int          n_classes)
{
  return g_array_new (FALSE, FALSE, sizeof (AgPpocrChar));
}

const char *
ag_ppocr_get_key (AgPpocr *self,
                  int      index)
{
  return "";
}

float *
ag_ppocr_run_net (AgPpocr      *self,
                  AgPpocrNet    which,
                  const float  *input,
                  int           height,
                  int           width,
                  gsize        *n_values,
                  GError      **error)
{
  set_missing (error);
  return NULL;
}
