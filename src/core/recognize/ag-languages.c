/* ag-languages.c — the Tesseract languages on this computer
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Languages come from two folders: the system's tessdata folder and the
 * user's own ($XDG_DATA_HOME/airgap/tessdata), where imported files go.  A
 * code in the user's folder wins over the same code in the system's.  The
 * list is read from disk every time it is asked for: it is a directory
 * listing, and files come and go while the program runs.
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "recognize/ag-engine-error.h"
#include "recognize/ag-languages.h"
#include "recognize/ag-languages-private.h"

G_DEFINE_BOXED_TYPE (AgLanguage, ag_language, ag_language_copy, ag_language_free)

/* Names in the language's own script.  The CJK variants come first
 * because they are why Airgap exists. */
static const struct
{
  const char *code;
  const char *name;
} names[] = {
  { "eng", "English" },
  { "chi_sim", "简体中文" },
  { "chi_tra", "繁體中文" },
  { "chi_sim_vert", "简体中文（竖排）" },
  { "chi_tra_vert", "繁體中文（直排）" },
  { "jpn", "日本語" },
  { "jpn_vert", "日本語（縦書き）" },
  { "kor", "한국어" },
  { "kor_vert", "한국어（세로쓰기）" },
  { "afr", "Afrikaans" },
  { "amh", "አማርኛ" },
  { "ara", "العربية" },
  { "aze", "Azərbaycan" },
  { "bel", "Беларуская" },
  { "ben", "বাংলা" },
  { "bod", "བོད་ཡིག" },
  { "bos", "Bosanski" },
  { "bul", "Български" },
  { "cat", "Català" },
  { "ces", "Čeština" },
  { "cym", "Cymraeg" },
  { "dan", "Dansk" },
  { "deu", "Deutsch" },
  { "ell", "Ελληνικά" },
  { "enm", "Middle English" },
  { "epo", "Esperanto" },
  { "est", "Eesti" },
  { "eus", "Euskara" },
  { "fas", "فارسی" },
  { "fil", "Filipino" },
  { "fin", "Suomi" },
  { "fra", "Français" },
  { "gle", "Gaeilge" },
  { "glg", "Galego" },
  { "guj", "ગુજરાતી" },
  { "heb", "עברית" },
  { "hin", "हिन्दी" },
  { "hrv", "Hrvatski" },
  { "hun", "Magyar" },
  { "hye", "Հայերեն" },
  { "ind", "Bahasa Indonesia" },
  { "isl", "Íslenska" },
  { "ita", "Italiano" },
  { "kat", "ქართული" },
  { "kaz", "Қазақ" },
  { "khm", "ខ្មែរ" },
  { "kan", "ಕನ್ನಡ" },
  { "lao", "ລາວ" },
  { "lat", "Latina" },
  { "lav", "Latviešu" },
  { "lit", "Lietuvių" },
  { "mal", "മലയാളം" },
  { "mar", "मराठी" },
  { "mkd", "Македонски" },
  { "mon", "Монгол" },
  { "msa", "Bahasa Melayu" },
  { "mya", "မြန်မာ" },
  { "nep", "नेपाली" },
  { "nld", "Nederlands" },
  { "nor", "Norsk" },
  { "pan", "ਪੰਜਾਬੀ" },
  { "pol", "Polski" },
  { "por", "Português" },
  { "ron", "Română" },
  { "rus", "Русский" },
  { "sin", "සිංහල" },
  { "slk", "Slovenčina" },
  { "slv", "Slovenščina" },
  { "spa", "Español" },
  { "sqi", "Shqip" },
  { "srp", "Српски" },
  { "srp_latn", "Srpski" },
  { "swa", "Kiswahili" },
  { "swe", "Svenska" },
  { "tam", "தமிழ்" },
  { "tel", "తెలుగు" },
  { "tgk", "Тоҷикӣ" },
  { "tha", "ไทย" },
  { "tur", "Türkçe" },
  { "uig", "ئۇيغۇرچە" },
  { "ukr", "Українська" },
  { "urd", "اردو" },
  { "uzb", "Oʻzbek" },
  { "vie", "Tiếng Việt" },
  { "yid", "ייִדיש" },
};

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

gboolean
_ag_languages_is_valid_code (const char *code)
{
  if (code == NULL || *code == '\0' || strlen (code) > 64)
    return FALSE;

  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;

  return TRUE;
}

/**
 * ag_languages_dup_display_name:
 * @code: a Tesseract language code
 *
 * Returns: (transfer full): the language's name in its own script, or
 *   @code itself for a language Airgap does not know by name;
 *   "Automatic", translated, for %AG_LANGUAGES_AUTO
 */
char *
ag_languages_dup_display_name (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  /* In the user's language: it is no language of the text. */
  if (ag_languages_is_auto (code))
    return g_strdup (_("Automatic"));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (names[i].code, code) == 0)
      return g_strdup (names[i].name);

  return g_strdup (code);
}

/**
 * ag_languages_dup_system_dir:
 *
 * Returns: (transfer full): the system's tessdata folder: TESSDATA_PREFIX
 *   if set, else the first of the usual places that exists
 */
char *
ag_languages_dup_system_dir (void)
{
  static const char *candidates[] = {
    "/usr/share/tesseract-ocr/5/tessdata",
    "/app/share/tessdata",
    "/usr/share/tessdata",
  };
  const char *prefix = g_getenv ("TESSDATA_PREFIX");

  if (prefix != NULL && *prefix != '\0')
    return g_strdup (prefix);

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_DIR))
      return g_strdup (candidates[i]);

  return g_strdup (candidates[0]);
}

/**
 * ag_languages_dup_user_dir:
 *
 * Returns: (transfer full): the folder for the user's own languages
 */
char *
ag_languages_dup_user_dir (void)
{
  /* Not g_get_user_data_dir(): it is cached for the life of the process,
   * and the tests point XDG_DATA_HOME somewhere else. */
  const char *data_home = g_getenv ("XDG_DATA_HOME");

  if (data_home != NULL && g_path_is_absolute (data_home))
    return g_build_filename (data_home, "airgap", "tessdata", NULL);

  return g_build_filename (g_get_home_dir (), ".local", "share", "airgap", "tessdata", NULL);
}

static void
scan_dir (GHashTable *found,
          const char *dirname,
          gboolean    user_added)
{
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *code = NULL;
      AgLanguage *language;

      if (!g_str_has_suffix (name, TRAINEDDATA))
        continue;
      code = g_strndup (name, strlen (name) - strlen (TRAINEDDATA));
      /* osd finds the orientation of a page; it is not a language. */
      if (!_ag_languages_is_valid_code (code) || strcmp (code, "osd") == 0)
        continue;
      if (g_hash_table_contains (found, code))
        continue;

      language = g_new0 (AgLanguage, 1);
      language->code = g_strdup (code);
      language->name = ag_languages_dup_display_name (code);
      language->path = g_build_filename (dirname, name, NULL);
      language->user_added = user_added;
      if (!g_file_test (language->path, G_FILE_TEST_IS_REGULAR))
        {
          ag_language_free (language);
          continue;
        }
      g_hash_table_insert (found, language->code, language);
    }
}

static int
compare_languages (gconstpointer a,
                   gconstpointer b)
{
  const AgLanguage *la = *(const AgLanguage **) a;
  const AgLanguage *lb = *(const AgLanguage **) b;

  return strcmp (la->code, lb->code);
}

/**
 * ag_languages_list:
 *
 * Returns: (transfer full) (element-type AgLanguage): the installed
 *   languages, sorted by code, the user's own first where both have one
 */
GPtrArray *
ag_languages_list (void)
{
  g_autoptr(GHashTable) found = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *user_dir = ag_languages_dup_user_dir ();
  g_autofree char *system_dir = ag_languages_dup_system_dir ();
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_language_free);
  GHashTableIter iter;
  gpointer value;

  scan_dir (found, user_dir, TRUE);
  scan_dir (found, system_dir, FALSE);

  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, value);
  g_ptr_array_sort (list, compare_languages);

  return list;
}

/**
 * ag_languages_lookup:
 * @code: a Tesseract language code
 *
 * Returns: (transfer full) (nullable): the language, or %NULL if it is
 *   not installed
 */
AgLanguage *
ag_languages_lookup (const char *code)
{
  g_autofree char *user_dir = NULL;
  g_autofree char *system_dir = NULL;
  g_autofree char *filename = NULL;
  const char *dirs[2];

  g_return_val_if_fail (code != NULL, NULL);

  if (!_ag_languages_is_valid_code (code) || strcmp (code, "osd") == 0)
    return NULL;

  dirs[0] = user_dir = ag_languages_dup_user_dir ();
  dirs[1] = system_dir = ag_languages_dup_system_dir ();
  filename = g_strconcat (code, TRAINEDDATA, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], filename, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          AgLanguage *language = g_new0 (AgLanguage, 1);

          language->code = g_strdup (code);
          language->name = ag_languages_dup_display_name (code);
          language->path = g_steal_pointer (&path);
          language->user_added = (i == 0);
          return language;
        }
    }

  return NULL;
}

static void
set_missing_error (GError     **error,
                   const char  *code)
{
  g_autofree char *name = ag_languages_dup_display_name (code);
  g_autofree char *package = g_strdelimit (g_ascii_strdown (code, -1), "_", '-');

  if (strcmp (name, code) != 0)
    g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_MISSING_LANGUAGE,
                 _("The language %s (%s) is not installed. Install the package "
                   "tesseract-ocr-%s, or add its %s.traineddata file with "
                   "“Add Language…” or airgap-ocr --import-language FILE."),
                 name, code, package, code);
  else
    g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_MISSING_LANGUAGE,
                 _("The language “%s” is not installed. Install the package "
                   "tesseract-ocr-%s, or add its %s.traineddata file with "
                   "“Add Language…” or airgap-ocr --import-language FILE."),
                 code, package, code);
}

static gboolean is_installed (const char *code);

/* The sentence of a missing language's error: which one, and how to add
 * it (for the note of a page read automatically). */
char *
_ag_languages_dup_missing_message (const char *code)
{
  g_autoptr(GError) error = NULL;

  set_missing_error (&error, code);
  return g_strdup (error->message);
}

/**
 * ag_languages_is_auto:
 * @languages: (nullable): codes joined with "+"
 *
 * Returns: whether @languages is %AG_LANGUAGES_AUTO, the automatic choice
 */
gboolean
ag_languages_is_auto (const char *languages)
{
  return g_strcmp0 (languages, AG_LANGUAGES_AUTO) == 0;
}

static char **
split_languages (const char  *languages,
                 GError     **error)
{
  g_auto(GStrv) codes = NULL;

  if (languages == NULL || *languages == '\0')
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                   _("No language was chosen. Choose at least one, for example eng or chi_sim+eng."));
      return NULL;
    }

  codes = g_strsplit (languages, "+", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    if (!_ag_languages_is_valid_code (codes[i]))
      {
        g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                     _("“%s” is not a language code. Give codes joined with +, for example chi_sim+eng."),
                     languages);
        return NULL;
      }

  return g_steal_pointer (&codes);
}

/**
 * ag_languages_check_available:
 * @languages: codes joined with "+", for example "chi_sim+eng"
 *
 * Returns: %TRUE if every language is installed (for
 *   %AG_LANGUAGES_AUTO: English or a Chinese); otherwise an
 *   %AG_ENGINE_ERROR_MISSING_LANGUAGE error names the first one missing
 *   and says how to add it
 */
gboolean
ag_languages_check_available (const char  *languages,
                              GError     **error)
{
  g_auto(GStrv) codes = NULL;

  /* Automatic needs English or a Chinese; the error names English. */
  if (ag_languages_is_auto (languages))
    {
      if (is_installed ("eng") || is_installed ("chi_sim") || is_installed ("chi_tra"))
        return TRUE;
      set_missing_error (error, "eng");
      return FALSE;
    }

  codes = split_languages (languages, error);
  if (codes == NULL)
    return FALSE;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autoptr(AgLanguage) language = ag_languages_lookup (codes[i]);

      if (language == NULL)
        {
          set_missing_error (error, codes[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/* ---- one folder for Tesseract ---------------------------------------- */

G_LOCK_DEFINE_STATIC (link_dir);
static char *link_dir;

static void
remove_link_dir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (link_dir == NULL)
    return;

  dir = g_dir_open (link_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (link_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (link_dir);
  g_clear_pointer (&link_dir, g_free);
}

/* The sandboxed reader (airgap-worker) may neither make folders nor
 * links: it uses the folder of the program that started it, named in
 * AIRGAP_TESSDATA_LINKS, where that program makes the links before it
 * asks for a recognition (_ag_languages_dup_datapath() on both sides). */
static gboolean
ensure_link_dir_locked (GError **error)
{
  const char *given = g_getenv ("AIRGAP_TESSDATA_LINKS");
  g_autofree char *path = NULL;

  if (link_dir != NULL)
    return TRUE;

  if (given != NULL && *given != '\0')
    {
      link_dir = g_strdup (given);
      return TRUE;
    }

  path = g_strdup_printf ("%s/airgap-tessdata-%d", g_get_user_runtime_dir (), (int) getpid ());
  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), g_strerror (saved_errno));
      return FALSE;
    }
  link_dir = g_steal_pointer (&path);
  atexit (remove_link_dir);
  return TRUE;
}

/* The folder of links, made now: the worker's sandbox lets it read only
 * folders that exist when it starts. */
char *
_ag_languages_dup_link_dir (GError **error)
{
  char *result = NULL;

  G_LOCK (link_dir);
  if (ensure_link_dir_locked (error))
    result = g_strdup (link_dir);
  G_UNLOCK (link_dir);

  return result;
}

char *
_ag_languages_dup_datapath (const char  *languages,
                            GError     **error)
{
  g_auto(GStrv) codes = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_language_free);
  g_autofree char *first_dir = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean same_dir = TRUE;
  char *result = NULL;

  /* Automatic: every installed language it may choose (the sandboxed
   * reader finds them all linked in one folder). */
  if (ag_languages_is_auto (languages))
    {
      static const char *candidates[] = { "eng", "chi_sim", "chi_tra", "chi_sim_vert", "chi_tra_vert" };
      g_autoptr(GPtrArray) installed = g_ptr_array_new ();
      g_autofree char *joined = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        if (is_installed (candidates[i]))
          g_ptr_array_add (installed, (gpointer) candidates[i]);
      if (installed->len == 0)
        {
          set_missing_error (error, "eng");
          return NULL;
        }
      g_ptr_array_add (installed, NULL);
      joined = g_strjoinv ("+", (char **) installed->pdata);
      return _ag_languages_dup_datapath (joined, error);
    }

  codes = split_languages (languages, error);
  if (codes == NULL)
    return NULL;

  for (guint i = 0; codes[i] != NULL; i++)
    {
      AgLanguage *language = ag_languages_lookup (codes[i]);
      g_autofree char *dir = NULL;

      if (language == NULL)
        {
          set_missing_error (error, codes[i]);
          return NULL;
        }
      g_ptr_array_add (found, language);

      dir = g_path_get_dirname (language->path);
      if (first_dir == NULL)
        first_dir = g_steal_pointer (&dir);
      else if (strcmp (first_dir, dir) != 0)
        same_dir = FALSE;
    }

  if (same_dir)
    return g_steal_pointer (&first_dir);

  /* Tesseract loads from one folder only: link the files from both
   * folders into a private one, removed when the program exits. */
  G_LOCK (link_dir);

  if (!ensure_link_dir_locked (&local_error))
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                   _("Cannot prepare the languages %s: %s."), languages, local_error->message);
      G_UNLOCK (link_dir);
      return NULL;
    }

  for (guint i = 0; i < found->len; i++)
    {
      AgLanguage *language = g_ptr_array_index (found, i);
      g_autofree char *filename = g_strconcat (language->code, TRAINEDDATA, NULL);
      g_autofree char *link = g_build_filename (link_dir, filename, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (g_strcmp0 (target, language->path) == 0)
        continue;
      g_unlink (link);
      if (symlink (language->path, link) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE,
                       _("Cannot prepare the languages %s: %s."), languages, g_strerror (saved_errno));
          G_UNLOCK (link_dir);
          return NULL;
        }
    }

  result = g_strdup (link_dir);
  G_UNLOCK (link_dir);

  return result;
}

/* ---- the default ----------------------------------------------------- */

static gboolean
is_installed (const char *code)
{
  g_autoptr(AgLanguage) language = ag_languages_lookup (code);

  return language != NULL;
}

/**
 * _ag_languages_get_vertical:
 * @languages: codes joined with "+", for example "chi_sim+eng"
 *
 * A region marked vertical is read with a vertical model, whatever
 * languages were chosen: the horizontal ones read columns as nonsense.
 *
 * Returns: (nullable): "chi_sim_vert" or "chi_tra_vert" for the first
 *   Chinese among @languages, if it is installed; %NULL where @languages
 *   has a vertical model already, no Chinese, or its vertical model is
 *   missing
 */
const char *
_ag_languages_get_vertical (const char *languages)
{
  g_auto(GStrv) codes = NULL;

  if (languages == NULL || strstr (languages, "_vert") != NULL)
    return NULL;

  codes = g_strsplit (languages, "+", -1);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      const char *vertical = NULL;

      if (g_str_equal (codes[i], "chi_sim"))
        vertical = "chi_sim_vert";
      else if (g_str_equal (codes[i], "chi_tra"))
        vertical = "chi_tra_vert";
      if (vertical != NULL)
        return is_installed (vertical) ? vertical : NULL;
    }

  return NULL;
}

/**
 * ag_languages_get_default_for_locale:
 * @locale: a locale name such as "zh_CN.UTF-8"
 *
 * Returns: the languages to recognise for a person using @locale:
 *   "chi_sim+eng" for mainland China and Singapore, "chi_tra+eng" for
 *   Taiwan, Hong Kong and Macau, else "eng" — only what is installed
 */
const char *
ag_languages_get_default_for_locale (const char *locale)
{
  const char *chinese = NULL;
  gboolean have_eng = is_installed ("eng");

  if (locale != NULL && g_str_has_prefix (locale, "zh"))
    {
      if (g_str_has_prefix (locale, "zh_TW") || g_str_has_prefix (locale, "zh_HK") ||
          g_str_has_prefix (locale, "zh_MO") || strstr (locale, "Hant") != NULL)
        chinese = "chi_tra";
      else
        chinese = "chi_sim";
    }

  if (chinese != NULL && is_installed (chinese))
    {
      g_autofree char *both = have_eng ? g_strconcat (chinese, "+eng", NULL) : g_strdup (chinese);

      return g_intern_string (both);
    }

  if (have_eng)
    return "eng";

  /* Nothing sensible is installed: still name English, so that the error
   * the person then sees says how to add it. */
  if (chinese != NULL)
    return chinese;
  return "eng";
}

/**
 * ag_languages_get_default:
 *
 * Returns: the languages for the user's own locale, see
 *   ag_languages_get_default_for_locale()
 */
const char *
ag_languages_get_default (void)
{
  const char * const *locales = g_get_language_names ();

  return ag_languages_get_default_for_locale (locales[0]);
}

/* ---- remove (import: tesseract/ag-tess-import.c) ---------------------- */

/**
 * ag_languages_remove:
 * @code: a language the user added
 *
 * Removes a language from the user's folder.  Languages that came with
 * the system are not Airgap's to remove.
 */
gboolean
ag_languages_remove (const char  *code,
                     GError     **error)
{
  g_autoptr(AgLanguage) language = NULL;

  g_return_val_if_fail (code != NULL, FALSE);

  language = ag_languages_lookup (code);
  if (language == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The language “%s” is not installed."), code);
      return FALSE;
    }

  if (!language->user_added)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("%s came with the system and cannot be removed here; "
                     "use the system's package manager."), language->name);
      return FALSE;
    }

  if (g_unlink (language->path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot remove %s: %s."), language->name, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
