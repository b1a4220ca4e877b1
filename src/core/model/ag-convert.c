/* ag-convert.c — Simplified and Traditional Chinese conversion with OpenCC
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "model/ag-convert.h"
#include "model/ag-opencc-api.h"

G_DEFINE_QUARK (ag-convert-error-quark, ag_convert_error)

static const struct {
  const char *name;
  const char *config;
} conversions[] = {
  [AG_CONVERSION_S2T]  = { "s2t",  "s2t.json" },
  [AG_CONVERSION_T2S]  = { "t2s",  "t2s.json" },
  [AG_CONVERSION_S2TW] = { "s2tw", "s2tw.json" },
  [AG_CONVERSION_TW2S] = { "tw2s", "tw2s.json" },
};

/* Opening a converter reads its dictionaries; keep each one once opened.
 * OpenCC's converters are safe to share between threads for conversion,
 * the lock only guards opening. */
static opencc_t converters[G_N_ELEMENTS (conversions)];
static guint n_asked[G_N_ELEMENTS (conversions)];
static GMutex converters_lock;

/**
 * ag_conversion_from_string:
 * @name: "s2t", "t2s", "s2tw" or "tw2s"
 *
 * Returns: %TRUE if @name is a conversion Airgap knows
 */
gboolean
ag_conversion_from_string (const char   *name,
                           AgConversion *conversion)
{
  for (guint i = 0; i < G_N_ELEMENTS (conversions); i++)
    if (g_strcmp0 (name, conversions[i].name) == 0)
      {
        *conversion = i;
        return TRUE;
      }

  return FALSE;
}

static opencc_t
get_converter (AgConversion   conversion,
               GError       **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&converters_lock);

  n_asked[conversion]++;
  if (converters[conversion] == NULL)
    {
      const char *failure = NULL;
      opencc_t od;

      if (!_ag_opencc_api_load (&failure))
        {
          g_set_error (error, AG_CONVERT_ERROR, AG_CONVERT_ERROR_UNAVAILABLE,
                       _("Chinese conversion is not available: OpenCC could not be loaded (%s). "
                         "Reinstall Airgap."),
                       failure);
          return NULL;
        }
      od = _ag_opencc_api->open (conversions[conversion].config);

      if (od == (opencc_t) -1)
        {
          g_set_error (error, AG_CONVERT_ERROR, AG_CONVERT_ERROR_UNAVAILABLE,
                       _("Chinese conversion is not available: OpenCC’s data is missing (%s). "
                         "Install the libopencc-data package."),
                       _ag_opencc_api->error ());
          return NULL;
        }
      converters[conversion] = od;
    }

  return converters[conversion];
}

/**
 * ag_convert_prepare:
 * @conversion: a conversion
 *
 * Opens the converter for @conversion now (it reads its dictionaries,
 * 10–20 ms), so that the first text converted does not wait for it: for
 * a thread with nothing else to do.
 *
 * Returns: %TRUE if the converter is there
 */
gboolean
ag_convert_prepare (AgConversion conversion)
{
  g_return_val_if_fail (conversion < G_N_ELEMENTS (conversions), FALSE);

  return get_converter (conversion, NULL) != NULL;
}

/**
 * _ag_convert_get_n_asked:
 * @conversion: a conversion
 *
 * Returns: how many times @conversion's converter was asked for (to
 *   convert, or to be made ready), in this process: whether a page's
 *   reading needed it
 */
guint
_ag_convert_get_n_asked (AgConversion conversion)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&converters_lock);

  g_return_val_if_fail (conversion < G_N_ELEMENTS (conversions), 0);

  return n_asked[conversion];
}

/**
 * ag_convert_text:
 * @text: UTF-8 text
 * @conversion: what to convert to
 *
 * Returns: (transfer full) (nullable): the converted text, or %NULL with
 *   @error set
 */
char *
ag_convert_text (const char    *text,
                 AgConversion   conversion,
                 GError       **error)
{
  opencc_t od;
  char *converted;
  char *result;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (conversion < G_N_ELEMENTS (conversions), NULL);

  od = get_converter (conversion, error);
  if (od == NULL)
    return NULL;

  converted = _ag_opencc_api->convert_utf8 (od, text, strlen (text));
  if (converted == NULL)
    {
      g_set_error (error, AG_CONVERT_ERROR, AG_CONVERT_ERROR_UNKNOWN,
                   _("The text could not be converted: %s"), _ag_opencc_api->error ());
      return NULL;
    }

  result = g_strdup (converted);
  _ag_opencc_api->convert_utf8_free (converted);
  return result;
}

/* Converts the words of @line together, so that OpenCC sees whole phrases
 * (发 is 發 in 发展 but 髮 in 头发), then hands each word its share back.
 * These conversions map character to character; should a line come back
 * with another length, its words are converted one by one instead. */
static gboolean
convert_line (AgLine        *line,
              AgConversion   conversion,
              GError       **error)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autofree char *converted = NULL;
  const char *p;

  for (guint i = 0; i < line->words->len; i++)
    g_string_append (joined, ((AgWord *) g_ptr_array_index (line->words, i))->text);

  converted = ag_convert_text (joined->str, conversion, error);
  if (converted == NULL)
    return FALSE;

  if (g_utf8_strlen (converted, -1) != g_utf8_strlen (joined->str, -1))
    {
      for (guint i = 0; i < line->words->len; i++)
        {
          AgWord *word = g_ptr_array_index (line->words, i);
          char *text = ag_convert_text (word->text, conversion, error);

          if (text == NULL)
            return FALSE;
          g_free (word->text);
          word->text = text;
        }
      return TRUE;
    }

  p = converted;
  for (guint i = 0; i < line->words->len; i++)
    {
      AgWord *word = g_ptr_array_index (line->words, i);
      glong n_chars = g_utf8_strlen (word->text, -1);
      const char *end = g_utf8_offset_to_pointer (p, n_chars);

      g_free (word->text);
      word->text = g_strndup (p, end - p);
      p = end;
    }

  return TRUE;
}

/**
 * ag_convert_recognition:
 *
 * Converts the text of every word of @recognition in place, so that every
 * output made from it (text, documents, JSON) is converted.
 *
 * Returns: %TRUE on success
 */
gboolean
ag_convert_recognition (AgRecognition  *recognition,
                        AgConversion    conversion,
                        GError        **error)
{
  g_return_val_if_fail (recognition != NULL, FALSE);

  for (guint p = 0; p < ag_recognition_get_n_pages (recognition); p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);

      for (guint b = 0; b < page->blocks->len; b++)
        {
          AgBlock *block = g_ptr_array_index (page->blocks, b);

          /* A code's payload is what it encodes, not text to convert. */
          if (block->kind == AG_BLOCK_KIND_CODE)
            continue;

          for (guint l = 0; l < block->lines->len; l++)
            if (!convert_line (g_ptr_array_index (block->lines, l), conversion, error))
              return FALSE;
        }
    }

  return TRUE;
}
