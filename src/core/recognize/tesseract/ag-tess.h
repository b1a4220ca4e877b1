/* ag-tess.h — one warm Tesseract handle, as the rest of the core uses it
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <leptonica/allheaders.h>

#include "model/ag-bitmap.h"
#include "model/ag-recognition.h"
#include "model/ag-region.h"

G_BEGIN_DECLS

/* One warm Tesseract handle for one set of languages ("chi_sim+eng").
 * A handle belongs to one thread at a time. */
typedef struct _AgTess AgTess;

/* What the orientation check of the last _ag_tess_recognize() found (the
 * automatic choice of languages reuses it instead of asking again). */
typedef struct
{
  gboolean    asked;              /* the detection ran on the page (it was doubtful) */
  gboolean    detected;           /* and said something */
  int         turn_cw;            /* to turn the page upright, trusted or not */
  float       confidence;         /* in @turn_cw */
  const char *script;             /* Tesseract's static name ("Han"), or NULL */
  float       script_confidence;
  int         kept_turn;          /* the turn of the reading kept, 0 for upright as given */
} AgTessOrientation;

/*
 * AgTessTwin:
 * @checkout: a second handle of @languages, free for this page (it may
 *   wait for one being loaded), or %NULL
 * @data: for @checkout
 * @tess: the second handle, once the page is cut in two (or given from
 *   the start, with no @checkout); the caller gives it back
 *
 * A second handle for a page read alone on a machine with a core free:
 * that core reads half of a page of plain lines, or checks the page's
 * orientation meanwhile.  The handle is asked for only when a page is
 * cut: a picture of one line does not wait for a second handle loaded
 * beside its own (rapid_letterbox_like.jpg 377 → 274 ms).
 */
typedef struct
{
  AgTess   *(*checkout) (gpointer    data,
                         const char *languages);
  gpointer    data;
  AgTess     *tess;
} AgTessTwin;

/* Called from the worker with how far the current recognition is (0..1). */
typedef void (*AgTessProgressFunc) (double   fraction,
                                    gpointer user_data);

/* Called when a page's reading is doubtful, before its orientation
 * check, with the reading's mean confidence; returns %TRUE when the
 * caller reads the page with other languages next, whose reading will
 * say itself how the page is turned: then there is no check. */
typedef gboolean (*AgTessDoubtFunc) (double   confidence,
                                     gpointer user_data);

/* Called, once, when Tesseract leaves a core free while it still reads,
 * with what it has read so far (in the coordinates of the image read),
 * %NULL when it reads a large page in one part and the other core is
 * free from the start: must not block (it may hand work to another
 * thread). */
typedef void (*AgTessIdleFunc) (AgRecognitionPage *read_so_far,
                                gpointer           user_data);

AgTess    *_ag_tess_new                  (const char          *languages,
                                          GError             **error);
void       _ag_tess_free                 (AgTess              *tess);
void       _ag_tess_set_stderr_quiet     (void);
const char *_ag_tess_get_languages       (AgTess              *tess);
gboolean   _ag_tess_recognize            (AgTess              *tess,
                                          AgTessTwin          *twin,
                                          PIX                 *page_pix,
                                          double               dpi,
                                          const AgRect        *rect,
                                          int                  region,
                                          gboolean             vertical,
                                          gboolean             preprocess,
                                          AgRecognitionPage   *page,
                                          AgTessProgressFunc   progress,
                                          gpointer             progress_data,
                                          GCancellable        *cancellable,
                                          GError             **error);
void       _ag_tess_get_orientation      (AgTess              *tess,
                                          AgTessOrientation   *orientation);
void       _ag_tess_set_doubt_func       (AgTess              *tess,
                                          AgTessDoubtFunc      func,
                                          gpointer             user_data);
void       _ag_tess_set_idle_func        (AgTess              *tess,
                                          AgTessIdleFunc       func,
                                          gpointer             user_data);
PIX       *_ag_bitmap_to_pix             (AgBitmap            *bitmap);

/* A whole page preprocessed before its handle is there (see
 * _ag_tess_prepare()). */
typedef struct _AgTessPrepared AgTessPrepared;

AgTessPrepared *_ag_tess_prepare         (PIX                 *page_pix,
                                          const char          *languages);
void       _ag_tess_prepared_free        (AgTessPrepared      *prepared);
void       _ag_tess_set_prepared         (AgTess              *tess,
                                          AgTessPrepared      *prepared);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgTessPrepared, _ag_tess_prepared_free)
gboolean   _ag_tess_read_cells           (AgTess              *tess,
                                          PIX                 *page_pix,
                                          double               dpi,
                                          GArray              *cells,
                                          AgRecognitionPage   *page,
                                          guint               *n_read,
                                          GCancellable        *cancellable,
                                          GError             **error);
gboolean   _ag_tess_detect_script        (AgTess              *tess,
                                          PIX                 *pix,
                                          int                 *turn_cw,
                                          const char         **script,
                                          float               *script_confidence);
guint      _ag_tess_get_n_orientation_ahead (void);
double     _ag_tess_count_scripts        (AgRecognitionPage   *page,
                                          guint               *n_words,
                                          guint               *n_han,
                                          guint               *n_latin,
                                          guint               *n_latin_words);
double     _ag_tess_read_sample          (AgTess              *tess,
                                          PIX                 *pix,
                                          double               dpi,
                                          gboolean             vertical,
                                          guint               *n_words,
                                          guint               *n_han,
                                          guint               *n_latin,
                                          guint               *n_latin_words,
                                          GCancellable        *cancellable,
                                          GError             **error);

G_END_DECLS
