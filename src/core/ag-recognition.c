/* ag-recognition.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-recognition.h"
#include "ag-text.h"

struct _AgRecognition
{
  gatomicrefcount  ref_count;
  char            *languages;
  GPtrArray       *pages;      /* AgRecognitionPage, sorted by index */
};

G_DEFINE_BOXED_TYPE (AgRecognition, ag_recognition, ag_recognition_ref, ag_recognition_unref)

/**
 * ag_recognition_new:
 * @languages: (nullable): the languages used, as "chi_sim+eng"
 *
 * Returns: (transfer full): an empty result
 */
AgRecognition *
ag_recognition_new (const char *languages)
{
  AgRecognition *self = g_new0 (AgRecognition, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->languages = g_strdup (languages);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_recognition_page_free);

  return self;
}

AgRecognition *
ag_recognition_ref (AgRecognition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ag_recognition_unref (AgRecognition *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_ptr_array_unref (self->pages);
      g_free (self->languages);
      g_free (self);
    }
}

const char *
ag_recognition_get_languages (AgRecognition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->languages;
}

guint
ag_recognition_get_n_pages (AgRecognition *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pages->len;
}

/**
 * ag_recognition_get_page:
 * @index: position in the result (not the page number in the document)
 *
 * Returns: (transfer none): the page
 */
AgRecognitionPage *
ag_recognition_get_page (AgRecognition *self,
                         guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->pages->len, NULL);

  return g_ptr_array_index (self->pages, index);
}

/**
 * ag_recognition_take_page:
 * @page: (transfer full): a recognised page
 *
 * Adds @page, keeping the pages in document order.
 */
void
ag_recognition_take_page (AgRecognition     *self,
                          AgRecognitionPage *page)
{
  guint pos;

  g_return_if_fail (self != NULL);
  g_return_if_fail (page != NULL);

  for (pos = self->pages->len; pos > 0; pos--)
    {
      AgRecognitionPage *other = g_ptr_array_index (self->pages, pos - 1);

      if (other->index <= page->index)
        break;
    }

  g_ptr_array_insert (self->pages, pos, page);
}

/**
 * ag_line_dup_text:
 *
 * Returns: (transfer full): the words of @line, spaced for their script
 */
char *
ag_line_dup_text (AgLine *line)
{
  GString *string = g_string_new (NULL);

  for (guint i = 0; i < line->words->len; i++)
    {
      AgWord *word = g_ptr_array_index (line->words, i);

      ag_text_append_joined (string, word->text);
    }

  return g_string_free (string, FALSE);
}

/**
 * ag_block_dup_text:
 * @join_lines: join the lines into one paragraph instead of keeping the
 *   line breaks as recognised
 *
 * Returns: (transfer full): the text of @block
 */
char *
ag_block_dup_text (AgBlock  *block,
                   gboolean  join_lines)
{
  GString *string = g_string_new (NULL);

  for (guint i = 0; i < block->lines->len; i++)
    {
      g_autofree char *text = ag_line_dup_text (g_ptr_array_index (block->lines, i));

      if (*text == '\0')
        continue;

      if (string->len == 0)
        g_string_append (string, text);
      else if (join_lines)
        {
          /* A word broken with a hyphen at the end of a line is mended. */
          if (string->str[string->len - 1] == '-' && string->len > 1 &&
              g_ascii_isalpha (string->str[string->len - 2]) &&
              g_ascii_islower (text[0]))
            {
              g_string_truncate (string, string->len - 1);
              g_string_append (string, text);
            }
          else
            ag_text_append_joined (string, text);
        }
      else
        {
          g_string_append_c (string, '\n');
          g_string_append (string, text);
        }
    }

  return g_string_free (string, FALSE);
}

/**
 * ag_recognition_page_dup_text:
 *
 * Returns: (transfer full): the blocks of @page, one paragraph each,
 *   separated by an empty line
 */
char *
ag_recognition_page_dup_text (AgRecognitionPage *page)
{
  GString *string = g_string_new (NULL);

  for (guint i = 0; i < page->blocks->len; i++)
    {
      g_autofree char *text = ag_block_dup_text (g_ptr_array_index (page->blocks, i), FALSE);

      if (*text == '\0')
        continue;
      if (string->len > 0)
        g_string_append (string, "\n\n");
      g_string_append (string, text);
    }

  return g_string_free (string, FALSE);
}

/**
 * ag_recognition_dup_text:
 *
 * Returns: (transfer full): the text of every page in reading order, pages
 *   separated by a form feed
 */
char *
ag_recognition_dup_text (AgRecognition *self)
{
  GString *string;

  g_return_val_if_fail (self != NULL, NULL);

  string = g_string_new (NULL);
  for (guint i = 0; i < self->pages->len; i++)
    {
      g_autofree char *text = ag_recognition_page_dup_text (g_ptr_array_index (self->pages, i));

      if (i > 0)
        g_string_append (string, "\n\f");
      g_string_append (string, text);
    }
  if (string->len > 0)
    g_string_append_c (string, '\n');

  return g_string_free (string, FALSE);
}

/**
 * ag_recognition_page_get_mean_confidence:
 * @n_words: (out) (optional): how many words the page has
 *
 * Returns: the mean confidence (0..100) of the words of @page, or -1
 *   without words
 */
double
ag_recognition_page_get_mean_confidence (AgRecognitionPage *page,
                                         guint             *n_words)
{
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (page != NULL, -1);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = 0; w < line->words->len; w++)
            sum += ((AgWord *) g_ptr_array_index (line->words, w))->confidence;
          n += line->words->len;
        }
    }

  if (n_words != NULL)
    *n_words = n;
  return n > 0 ? sum / n : -1;
}

/**
 * ag_recognition_get_mean_confidence:
 *
 * Returns: the mean word confidence (0..100) over all pages, or -1
 *   without words
 */
double
ag_recognition_get_mean_confidence (AgRecognition *self)
{
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (self != NULL, -1);

  for (guint p = 0; p < self->pages->len; p++)
    {
      guint n_page;
      double mean = ag_recognition_page_get_mean_confidence (g_ptr_array_index (self->pages, p), &n_page);

      if (n_page > 0)
        {
          sum += mean * n_page;
          n += n_page;
        }
    }

  return n > 0 ? sum / n : -1;
}

AgRecognitionPage *
ag_recognition_page_new (guint                index,
                         int                  width,
                         int                  height,
                         double               dpi,
                         AgRecognitionSource  source)
{
  AgRecognitionPage *page = g_new0 (AgRecognitionPage, 1);

  page->index = index;
  page->width = width;
  page->height = height;
  page->dpi = dpi;
  page->source = source;
  page->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_block_free);

  return page;
}

void
ag_recognition_page_free (AgRecognitionPage *page)
{
  if (page == NULL)
    return;

  g_ptr_array_unref (page->blocks);
  g_free (page->engine);
  g_free (page->note);
  g_free (page);
}

AgBlock *
ag_block_new (int region)
{
  AgBlock *block = g_new0 (AgBlock, 1);

  block->region = region;
  block->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_line_free);

  return block;
}

void
ag_block_free (AgBlock *block)
{
  if (block == NULL)
    return;

  g_ptr_array_unref (block->lines);
  g_free (block);
}

AgLine *
ag_line_new (void)
{
  AgLine *line = g_new0 (AgLine, 1);

  line->words = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_word_free);

  return line;
}

void
ag_line_free (AgLine *line)
{
  if (line == NULL)
    return;

  g_ptr_array_unref (line->words);
  g_free (line);
}

AgWord *
ag_word_new (const char   *text,
             const AgRect *box,
             float         confidence)
{
  AgWord *word = g_new0 (AgWord, 1);

  /* Every word is valid UTF-8, whatever a recogniser or a damaged PDF
   * hands over, so every writer can rely on it (tests/fuzz/fuzz-export
   * found invalid bytes passing through to a .txt). */
  word->text = text != NULL ? g_utf8_make_valid (text, -1) : NULL;
  if (box != NULL)
    word->box = *box;
  word->confidence = confidence;

  return word;
}

void
ag_word_free (AgWord *word)
{
  if (word == NULL)
    return;

  g_free (word->text);
  g_free (word);
}
