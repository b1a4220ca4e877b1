/* ag-auto-language.h — the languages of a page, chosen from what it shows
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <leptonica/allheaders.h>

#include "model/ag-recognition.h"
#include "model/ag-region.h"
#include "recognize/ag-handle-cache.h"
#include "recognize/tesseract/ag-tess.h"

G_BEGIN_DECLS

char      *_ag_auto_language_choose      (AgHandleCache       *handles,
                                          PIX                 *page_pix,
                                          double               dpi,
                                          const AgRect        *rect,
                                          gboolean             vertical,
                                          gboolean             preprocess,
                                          const AgTessOrientation *orientation,
                                          AgRecognitionPage   *english_reading,
                                          AgRecognitionPage   *chinese_reading,
                                          GCancellable        *cancellable,
                                          char               **note,
                                          GError             **error);
gboolean   _ag_auto_language_is_english  (AgRecognitionPage   *page);
const char *_ag_auto_language_get_desktop_chinese (void);
gboolean   _ag_auto_language_is_chinese  (AgRecognitionPage   *page,
                                          const char          *chinese);
gboolean   _ag_auto_language_judge_reading (AgRecognitionPage *page,
                                          gboolean             on_its_side,
                                          gboolean            *traditional,
                                          gboolean            *english);
guint      _ag_auto_language_get_n_samples (void);
char      *_ag_auto_language_dup_note    (const char          *languages);

G_END_DECLS
