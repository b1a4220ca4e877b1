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

/* Serialisation ------------------------------------------------------------ */

static GVariant *
rect_to_variant (const AgRect *rect)
{
  return g_variant_new ("(dddd)", rect->x, rect->y, rect->width, rect->height);
}

static void
rect_from_variant (GVariant *variant,
                   AgRect   *rect)
{
  g_variant_get (variant, "(dddd)", &rect->x, &rect->y, &rect->width, &rect->height);
}

/**
 * ag_recognition_page_serialize:
 *
 * Every field of @page as a #GVariant of type
 * %AG_RECOGNITION_PAGE_VARIANT_TYPE, for the sandboxed reader to send its
 * result back (see ag-worker-protocol.c).
 *
 * Returns: (transfer floating): the page
 */
GVariant *
ag_recognition_page_serialize (AgRecognitionPage *page)
{
  GVariantBuilder blocks;

  g_return_val_if_fail (page != NULL, NULL);

  g_variant_builder_init (&blocks, G_VARIANT_TYPE ("a((dddd)iba((dddd)a(s(dddd)d)))"));
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);
      GVariantBuilder lines;

      g_variant_builder_init (&lines, G_VARIANT_TYPE ("a((dddd)a(s(dddd)d))"));
      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);
          GVariantBuilder words;

          g_variant_builder_init (&words, G_VARIANT_TYPE ("a(s(dddd)d)"));
          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);

              g_variant_builder_add (&words, "(s@(dddd)d)", word->text != NULL ? word->text : "",
                                     rect_to_variant (&word->box), (double) word->confidence);
            }
          g_variant_builder_add (&lines, "(@(dddd)a(s(dddd)d))", rect_to_variant (&line->box), &words);
        }
      g_variant_builder_add (&blocks, "(@(dddd)iba((dddd)a(s(dddd)d)))", rect_to_variant (&block->box),
                             block->region, block->vertical, &lines);
    }

  return g_variant_new ("(uiidu(bs)(bs)a((dddd)iba((dddd)a(s(dddd)d))))",
                        page->index, page->width, page->height, page->dpi, (guint) page->source,
                        page->engine != NULL, page->engine != NULL ? page->engine : "",
                        page->note != NULL, page->note != NULL ? page->note : "",
                        &blocks);
}

/**
 * ag_recognition_page_deserialize:
 * @variant: what ag_recognition_page_serialize() made
 *
 * Returns: (transfer full) (nullable): the page, or %NULL if @variant is
 *   not of the right type
 */
AgRecognitionPage *
ag_recognition_page_deserialize (GVariant *variant)
{
  g_autoptr(GVariantIter) blocks = NULL;
  g_autofree char *engine = NULL;
  g_autofree char *note = NULL;
  AgRecognitionPage *page;
  gboolean has_engine, has_note;
  guint index, source;
  int width, height;
  double dpi;
  GVariant *block_v;

  g_return_val_if_fail (variant != NULL, NULL);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE (AG_RECOGNITION_PAGE_VARIANT_TYPE)))
    return NULL;

  g_variant_get (variant, "(uiidu(bs)(bs)a((dddd)iba((dddd)a(s(dddd)d))))",
                 &index, &width, &height, &dpi, &source,
                 &has_engine, &engine, &has_note, &note, &blocks);

  page = ag_recognition_page_new (index, width, height, dpi,
                                  source == AG_RECOGNITION_SOURCE_TEXT_LAYER
                                    ? AG_RECOGNITION_SOURCE_TEXT_LAYER : AG_RECOGNITION_SOURCE_OCR);
  if (has_engine)
    page->engine = g_steal_pointer (&engine);
  if (has_note)
    page->note = g_steal_pointer (&note);

  while ((block_v = g_variant_iter_next_value (blocks)) != NULL)
    {
      g_autoptr(GVariant) box_v = g_variant_get_child_value (block_v, 0);
      g_autoptr(GVariant) lines_v = g_variant_get_child_value (block_v, 3);
      AgBlock *block;
      int region;
      gboolean vertical;

      g_variant_get_child (block_v, 1, "i", &region);
      g_variant_get_child (block_v, 2, "b", &vertical);
      block = ag_block_new (region);
      block->vertical = vertical;
      rect_from_variant (box_v, &block->box);

      for (gsize l = 0; l < g_variant_n_children (lines_v); l++)
        {
          g_autoptr(GVariant) line_v = g_variant_get_child_value (lines_v, l);
          g_autoptr(GVariant) line_box = g_variant_get_child_value (line_v, 0);
          g_autoptr(GVariant) words_v = g_variant_get_child_value (line_v, 1);
          AgLine *line = ag_line_new ();

          rect_from_variant (line_box, &line->box);
          for (gsize w = 0; w < g_variant_n_children (words_v); w++)
            {
              g_autoptr(GVariant) word_v = g_variant_get_child_value (words_v, w);
              g_autoptr(GVariant) word_box = g_variant_get_child_value (word_v, 1);
              const char *text;
              double confidence;
              AgRect box;

              g_variant_get_child (word_v, 0, "&s", &text);
              g_variant_get_child (word_v, 2, "d", &confidence);
              rect_from_variant (word_box, &box);
              g_ptr_array_add (line->words, ag_word_new (text, &box, (float) confidence));
            }
          g_ptr_array_add (block->lines, line);
        }
      g_ptr_array_add (page->blocks, block);
      g_variant_unref (block_v);
    }

  return page;
}
