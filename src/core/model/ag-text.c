/* ag-text.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "model/ag-text.h"

/*
 * Spacing rules for text assembled from recognised words.  Tesseract gives
 * every Chinese character as a word of its own, and a plain join would put
 * a space between each; Chinese and Japanese are written without spaces,
 * Latin words with them.  A space goes between two pieces unless the
 * characters on both sides of it are CJK (ideographs, kana and the CJK and
 * full-width punctuation; Hangul is written with spaces, so it is left
 * out).  Between Chinese and a Latin word or a number the script leaves
 * it open: ag_word_wants_space() (ag-recognition.c) asks what the page
 * shows there where it was measured, and keeps the recogniser's space
 * otherwise; at a line break there is none.  Next to full-width
 * punctuation there is never one.
 */

/**
 * ag_text_is_cjk:
 *
 * Returns: %TRUE for characters that are written without spaces between
 *   them: CJK ideographs, kana, and CJK or full-width punctuation
 */
gboolean
ag_text_is_cjk (gunichar c)
{
  return (c >= 0x2E80 && c <= 0x2FDF) ||   /* radicals */
         (c >= 0x3000 && c <= 0x303F) ||   /* CJK symbols and punctuation */
         (c >= 0x3040 && c <= 0x30FF) ||   /* kana */
         (c >= 0x3100 && c <= 0x312F) ||   /* bopomofo */
         (c >= 0x31C0 && c <= 0x31FF) ||   /* strokes, katakana extension */
         (c >= 0x3200 && c <= 0x33FF) ||   /* enclosed, compatibility */
         (c >= 0x3400 && c <= 0x4DBF) ||   /* extension A */
         (c >= 0x4E00 && c <= 0x9FFF) ||   /* unified ideographs */
         (c >= 0xF900 && c <= 0xFAFF) ||   /* compatibility ideographs */
         (c >= 0xFE10 && c <= 0xFE1F) ||   /* vertical forms */
         (c >= 0xFE30 && c <= 0xFE4F) ||   /* CJK compatibility forms */
         (c >= 0xFF00 && c <= 0xFF60) ||   /* full-width forms */
         (c >= 0xFF61 && c <= 0xFF9F) ||   /* half-width kana and punctuation */
         (c >= 0x20000 && c <= 0x3FFFF) || /* extensions B and later */
         c == 0x2018 || c == 0x2019 ||     /* quotes as used in Chinese text */
         c == 0x201C || c == 0x201D ||
         c == 0x2014 || c == 0x2026 ||     /* em dash, ellipsis */
         c == 0x00B7;                      /* middle dot */
}

/**
 * ag_text_is_chinese:
 *
 * Returns: %TRUE for the characters that make a Chinese context: CJK
 *   ideographs, kana, bopomofo, and the CJK and full-width punctuation
 *   (not the quotes, dashes and dots that English shares)
 */
gboolean
ag_text_is_chinese (gunichar c)
{
  return ag_text_is_cjk (c) && !(c >= 0x2000 && c <= 0x206F) && c != 0x00B7;
}

/* CJK or full-width punctuation, which carries its own spacing. */
static gboolean
is_full_width_punctuation (gunichar c)
{
  return (c >= 0x3000 && c <= 0x303F) ||
         (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
         (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

/* Letters and digits of Latin words and numbers, and the signs that go
 * with numbers (30°C, 30℃, 5%, €). */
static gboolean
is_latin_or_digit (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return c != 0 && !ag_text_is_cjk (c) &&
         (g_unichar_isalnum (c) || c == '%' || type == G_UNICODE_OTHER_SYMBOL ||
          type == G_UNICODE_CURRENCY_SYMBOL || type == G_UNICODE_MATH_SYMBOL);
}

/**
 * ag_text_full_width_punctuation:
 *
 * Returns: the full-width form of the ASCII punctuation Tesseract gives
 *   for Chinese text (`, : ; ( ) ? !`), or 0 for any other character
 */
gunichar
ag_text_full_width_punctuation (gunichar c)
{
  switch (c)
    {
    case ',': return 0xFF0C;
    case ':': return 0xFF1A;
    case ';': return 0xFF1B;
    case '(': return 0xFF08;
    case ')': return 0xFF09;
    case '?': return 0xFF1F;
    case '!': return 0xFF01;
    default: return 0;
    }
}

static gunichar
last_char (const char *text)
{
  const char *end;

  if (text == NULL || *text == '\0')
    return 0;

  end = text + strlen (text);
  return g_utf8_get_char_validated (g_utf8_find_prev_char (text, end), -1);
}

static gunichar
char_before_last (const char *text)
{
  const char *end, *last;

  if (text == NULL || *text == '\0')
    return 0;

  end = text + strlen (text);
  last = g_utf8_find_prev_char (text, end);
  if (last == NULL || last == text)
    return 0;

  return g_utf8_get_char_validated (g_utf8_find_prev_char (text, last), -1);
}

/* Tesseract often gives Chinese commas and full stops as ASCII ones, each
 * a word of its own: "光 , 疑".  In Chinese text they take no space on
 * either side. */
static gboolean
is_ascii_closing_punctuation (gunichar c)
{
  return c != 0 && c < 128 && strchr (",.;:!?)]}%", (int) c) != NULL;
}

/**
 * ag_text_wants_space:
 * @before: the text so far
 * @after: the next piece
 *
 * Returns: %TRUE if a space belongs between @before and @after
 */
gboolean
ag_text_wants_space (const char *before,
                     const char *after)
{
  gunichar a = last_char (before);
  gunichar b;

  if (a == 0 || after == NULL || *after == '\0')
    return FALSE;

  b = g_utf8_get_char_validated (after, -1);
  if (g_unichar_isspace (a) || g_unichar_isspace (b))
    return FALSE;

  if (is_full_width_punctuation (a) || is_full_width_punctuation (b))
    return FALSE;
  if (ag_text_is_cjk (a) && is_ascii_closing_punctuation (b))
    return FALSE;
  if (is_ascii_closing_punctuation (a) && ag_text_is_cjk (b) &&
      ag_text_is_cjk (char_before_last (before)))
    return FALSE;

  return !(ag_text_is_cjk (a) && ag_text_is_cjk (b));
}

/**
 * ag_text_is_open_gap:
 * @before: the text so far
 * @after: the next piece
 *
 * Returns: %TRUE where the script leaves the space open: between a
 *   Chinese character and a Latin letter or a digit, either way round
 *   (`定于2024年` and `定于 2024 年` are both written; the page says which)
 */
gboolean
ag_text_is_open_gap (const char *before,
                     const char *after)
{
  gunichar a = last_char (before);
  gunichar b;

  if (a == 0 || after == NULL || *after == '\0')
    return FALSE;
  b = g_utf8_get_char_validated (after, -1);

  return (ag_text_is_chinese (a) && !is_full_width_punctuation (a) && is_latin_or_digit (b)) ||
         (is_latin_or_digit (a) && ag_text_is_chinese (b) && !is_full_width_punctuation (b));
}

/**
 * ag_text_wants_space_at_line_break:
 * @before: the text so far
 * @after: the next line
 *
 * Like ag_text_wants_space(), for two lines joined into a paragraph: a
 * line break shows no gap, and in a Chinese context there is none
 * between a Chinese character and a Latin word or a number.
 *
 * Returns: %TRUE if a space belongs between @before and @after
 */
gboolean
ag_text_wants_space_at_line_break (const char *before,
                                   const char *after)
{
  return ag_text_wants_space (before, after) && !ag_text_is_open_gap (before, after);
}

/**
 * ag_text_append_joined:
 *
 * Appends @piece to @string with a space between them where the rules
 * above want one.
 */
void
ag_text_append_joined (GString    *string,
                       const char *piece)
{
  if (piece == NULL || *piece == '\0')
    return;

  if (string->len > 0 && ag_text_wants_space (string->str, piece))
    g_string_append_c (string, ' ');
  g_string_append (string, piece);
}

/**
 * ag_text_remove_cjk_spaces:
 *
 * Removes runs of spaces (not line breaks) that stand between two CJK
 * characters, keeping all others.
 *
 * Returns: (transfer full): the new text
 */
char *
ag_text_remove_cjk_spaces (const char *text)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == 0x3000 || c == '\t')
        {
          const char *q = p;
          gunichar next;

          while (*q != '\0' && (g_utf8_get_char (q) == ' ' ||
                                g_utf8_get_char (q) == 0x3000 ||
                                g_utf8_get_char (q) == '\t'))
            q = g_utf8_next_char (q);

          next = *q != '\0' ? g_utf8_get_char (q) : 0;
          if (out->len > 0 && next != 0 &&
              ag_text_is_cjk (last_char (out->str)) && ag_text_is_cjk (next))
            {
              p = q;
              continue;
            }

          g_string_append_len (out, p, q - p);
          p = q;
          continue;
        }

      g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }

  return g_string_free (out, FALSE);
}
