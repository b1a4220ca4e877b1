/* ag-languages.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AG_TYPE_LANGUAGE (ag_language_get_type ())

/**
 * AG_LANGUAGES_AUTO:
 *
 * The languages "auto": the engine chooses them for each page (or each
 * region) from what it sees, among the languages installed.  See
 * ag-auto-language.c.
 */
#define AG_LANGUAGES_AUTO "auto"

/**
 * AgLanguage:
 * @code: Tesseract's code, for example "chi_sim"
 * @name: the language's name in its own script, for example "简体中文"
 * @path: the .traineddata file
 * @user_added: the file is in the user's own folder and may be removed
 */
typedef struct
{
  char     *code;
  char     *name;
  char     *path;
  gboolean  user_added;
} AgLanguage;

GType        ag_language_get_type             (void) G_GNUC_CONST;
AgLanguage  *ag_language_copy                 (const AgLanguage  *self);
void         ag_language_free                 (AgLanguage        *self);

GPtrArray   *ag_languages_list                (void);
AgLanguage  *ag_languages_lookup              (const char        *code);
char        *ag_languages_dup_display_name    (const char        *code);
char        *ag_languages_dup_system_dir      (void);
char        *ag_languages_dup_user_dir        (void);
gboolean     ag_languages_check_available     (const char        *languages,
                                               GError           **error);
gboolean     ag_languages_is_auto             (const char        *languages);
const char  *ag_languages_get_default         (void);
const char  *ag_languages_get_default_for_locale (const char *locale);
AgLanguage  *ag_languages_import              (GFile             *file,
                                               GCancellable      *cancellable,
                                               GError           **error);
void         ag_languages_import_async        (GFile             *file,
                                               GCancellable      *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer           user_data);
AgLanguage  *ag_languages_import_finish       (GAsyncResult      *result,
                                               GError           **error);
gboolean     ag_languages_remove              (const char        *code,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgLanguage, ag_language_free)

G_END_DECLS
