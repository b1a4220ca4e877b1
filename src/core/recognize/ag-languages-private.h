/* ag-languages-private.h — what Tesseract and the sandbox ask of the languages
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The ending of a language file's name; the code is the rest. */
#define TRAINEDDATA ".traineddata"

/* The one folder Tesseract is to load @languages from: the system or the
 * user folder, or a private folder of links when they span both. */
char      *_ag_languages_dup_datapath    (const char          *languages,
                                          GError             **error);
char      *_ag_languages_dup_link_dir    (GError             **error);
gboolean   _ag_languages_is_valid_code   (const char          *code);
char      *_ag_languages_dup_missing_message (const char      *code);

/* The vertical model for the Chinese among @languages, if installed. */
const char *_ag_languages_get_vertical   (const char          *languages);

G_END_DECLS
