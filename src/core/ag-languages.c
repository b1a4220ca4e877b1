/* ag-languages.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* STUB: to be implemented (recognition). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ag-languages.h"

G_DEFINE_BOXED_TYPE (AgLanguage, ag_language, ag_language_copy, ag_language_free)

AgLanguage *
ag_language_copy (const AgLanguage *self)
{
  AgLanguage *copy = g_new0 (AgLanguage, 1);

  copy->code = g_strdup (self->code);
  copy->name = g_strdup (self->name);
  copy->path = g_strdup (self->path);
  copy->user_added = self->user_added;

  return copy;
}

void
ag_language_free (AgLanguage *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->name);
  g_free (self->path);
  g_free (self);
}

GPtrArray *
ag_languages_list (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ag_language_free);
}

AgLanguage *
ag_languages_lookup (const char *code)
{
  return NULL;
}

char *
ag_languages_dup_display_name (const char *code)
{
  return g_strdup (code);
}

char *
ag_languages_dup_system_dir (void)
{
  return g_strdup ("/usr/share/tesseract-ocr/5/tessdata");
}

char *
ag_languages_dup_user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "airgap", "tessdata", NULL);
}

gboolean
ag_languages_check_available (const char  *languages,
                              GError     **error)
{
  return TRUE;
}

const char *
ag_languages_get_default (void)
{
  return "eng";
}

AgLanguage *
ag_languages_import (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Not implemented yet."));
  return NULL;
}

gboolean
ag_languages_remove (const char  *code,
                     GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Not implemented yet."));
  return FALSE;
}
