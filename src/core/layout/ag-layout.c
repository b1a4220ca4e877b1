/* ag-layout.c — a page's lines grouped into headings, paragraphs and tables
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * After recognition a page is lines in reading order, in the blocks the
 * recogniser made (Tesseract's blocks glue a heading to the paragraph
 * above it; PP-OCR gives one block).  This file makes the blocks a
 * document has, from what any recogniser and a PDF's text layer give:
 *
 * 1. Ruled tables, from the page's pixels: horizontal and vertical rules
 *    are opened out of the binarised page with long thin bricks
 *    (Leptonica), each kept as a straight segment with its two ends, so a
 *    photographed page a few degrees askew still gives straight rules;
 *    rules that touch make a grid; a rule that stops short of a row or a
 *    column leaves those cells merged.  Every word goes to the cell its
 *    centre is in (the cells are not read again on their own).
 * 2. Unruled tables: three lines or more that share white gaps between
 *    their words, wider than a character and a half, straight down.
 * 3. The other lines, in the recogniser's order (which keeps columns in
 *    reading order), are joined into a paragraph while the next line
 *    follows at the page's line pitch, is of the same size, is not
 *    indented (a Chinese paragraph's first line is, by two characters),
 *    does not start with a number or mark, and the line before reached
 *    the margin (or the next line's first word would not have fit after
 *    it).  A short line (a salutation, a signature, a date) stays alone.
 * 4. A block of one or two lines is a heading when it is larger than the
 *    body text, or bolder (a longer mean run of ink), or numbered as a
 *    section (一、 第一章 1. 1.1 （一）), and short, and does not end
 *    like a sentence.  Its level comes from the numbering or the size.
 *    Centred and right-aligned lines are marked so.
 *
 * A block of vertical text is cut into paragraphs the same way, turned:
 * a column two characters down starts one, a column that stops short ends
 * it.  Blocks another step already gave a kind (a QR code) are kept as
 * they are.
 */

#include "config.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <string.h>

#include "layout/ag-layout.h"
#include "layout/ag-layout-private.h"
#include "model/ag-text.h"



static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* Pixels ----------------------------------------------------------------- */




/* Mean horizontal run of ink in a box (pixels of the recognised image):
 * bold type has longer runs than regular type of its size. */
static double
mean_run (PIX    *binary,
          double  scale,
          double  x0,
          double  y0,
          double  x1,
          double  y1)
{
  int left = MAX (0, (int) (x0 / scale)), right = MIN (pixGetWidth (binary), (int) (x1 / scale));
  int top = MAX (0, (int) (y0 / scale)), bottom = MIN (pixGetHeight (binary), (int) (y1 / scale));
  l_uint32 *data = pixGetData (binary);
  int wpl = pixGetWpl (binary);
  guint64 ink = 0, runs = 0;

  for (int y = top; y < bottom; y++)
    {
      l_uint32 *row = data + y * wpl;
      gboolean in = FALSE;

      for (int x = left; x < right; x++)
        {
          gboolean black = GET_DATA_BIT (row, x) != 0;

          if (black)
            {
              ink++;
              if (!in)
                runs++;
            }
          in = black;
        }
    }

  return runs > 0 ? (double) ink / runs : 0;
}

/* Ruled tables ------------------------------------------------------------ */









/* Unruled tables ---------------------------------------------------------- */






/* Text -------------------------------------------------------------------- */

static GRegex *
section_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter (&regex))
    {
      GRegex *made = g_regex_new ("^\\s*(?:"
                                  "(第[一二三四五六七八九十百零〇0-9]+[章编部篇])|"      /* 1 */
                                  "(第[一二三四五六七八九十百零〇0-9]+节)|"            /* 2 */
                                  "([一二三四五六七八九十]+[、.．])|"                  /* 3 */
                                  "([(（][一二三四五六七八九十]+[)）])|"               /* 4 */
                                  "([0-9]+(?:[.．][0-9]+)+)(?=[\\s\\p{Han}A-Za-z])|"   /* 5 */
                                  "([0-9]+[.．、])(?=\\s*[\\p{Han}A-Za-z])|"          /* 6 */
                                  "((?:Chapter|CHAPTER|Section|SECTION|Part|PART)\\s*[0-9IVXivx]+)"  /* 7 */
                                  ")", G_REGEX_OPTIMIZE, 0, NULL);

      g_once_init_leave (&regex, made);
    }

  return regex;
}

/* The level numbering at the start of @text gives a heading, 0 if none;
 * @numbered says whether it is a number a list item could have. */
/* The start of @text without its spaces: a recogniser reads "（1）" and
 * "一、" as words of their own, spaced. */
static char *
squeeze_start (const char *text)
{
  GString *string = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (n >= 12)
        {
          g_string_append (string, p);
          break;
        }
      if (*p != ' ')
        g_string_append_unichar (string, g_utf8_get_char (p));
      n++;
    }
  return g_string_free (string, FALSE);
}

static guint
section_level (const char *spaced,
               gboolean   *list_like)
{
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *text = squeeze_start (spaced);
  guint level = 0;

  *list_like = FALSE;
  if (!g_regex_match (section_regex (), text, 0, &match))
    return 0;

  for (int group = 1; group <= 7; group++)
    {
      int start = -1, end = -1;

      if (!g_match_info_fetch_pos (match, group, &start, &end) || start < 0 || end <= start)
        continue;
      switch (group)
        {
        case 1:
        case 7:
          level = 1;
          break;
        case 2:
        case 3:
          level = 2;
          break;
        case 4:
          level = 3;
          break;
        case 5:
          {
            g_autofree char *number = g_match_info_fetch (match, group);
            guint dots = 0;

            for (const char *p = number; *p != '\0'; p++)
              if (*p == '.')
                dots++;
            level = MIN (2 + dots, 6);
          }
          break;
        case 6:
          level = 2;
          *list_like = TRUE;
          break;
        default:
          break;
        }
      break;
    }

  return level;
}

/* A list item's mark: a bullet, or (1), 1), ①. */
static gboolean
starts_with_bullet (const char *spaced)
{
  static const char * const marks[] = { "•", "·", "●", "○", "■", "□", "▪", "◆", "- ", "– ", "* ", "√" };
  g_autofree char *text = NULL;
  gunichar c;

  while (*spaced == ' ')
    spaced++;
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (g_str_has_prefix (spaced, marks[i]))
      return TRUE;
  text = squeeze_start (spaced);
  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    if (g_str_has_prefix (text, marks[i]))
      return TRUE;

  c = g_utf8_get_char_validated (text, -1);
  if (c >= 0x2460 && c <= 0x2473)   /* ① … ⑳ */
    return TRUE;
  if ((text[0] == '(' || g_str_has_prefix (text, "（")) )
    {
      const char *p = text[0] == '(' ? text + 1 : text + strlen ("（");

      if (g_ascii_isdigit (*p))
        {
          while (g_ascii_isdigit (*p))
            p++;
          return *p == ')' || g_str_has_prefix (p, "）");
        }
    }
  if (g_ascii_isdigit (text[0]))
    {
      const char *p = text;

      while (g_ascii_isdigit (*p))
        p++;
      return *p == ')';
    }
  return FALSE;
}

/* Does @text end as a sentence or a clause does? */
static gboolean
ends_like_sentence (const char *text)
{
  static const char * const ends[] = { "。", "．", "；", "：", "，", "！", "？", ".", ";", ":", ",", "!", "?" };
  gsize len = strlen (text);

  while (len > 0 && text[len - 1] == ' ')
    len--;
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      gsize n = strlen (ends[i]);

      if (len >= n && memcmp (text + len - n, ends[i], n) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A page's number or running header: "Page 2 of 10", "第 3 页", "- 4 -". */
static gboolean
is_page_number (const char *spaced)
{
  static GRegex *regex;
  g_autofree char *text = squeeze_start (spaced);

  if (g_once_init_enter (&regex))
    {
      GRegex *made = g_regex_new ("^(?:(?:Page|page|PAGE|p\\.)\\s*[0-9]+(?:\\s*(?:of|/)\\s*[0-9]+)?"
                                  "|第\\s*[0-9一二三四五六七八九十]+\\s*页(?:\\s*[,，]?\\s*共\\s*[0-9]+\\s*页)?"
                                  "|[-–—]?\\s*[0-9]+\\s*[-–—]?|[0-9]+\\s*/\\s*[0-9]+)\\s*$",
                                  G_REGEX_OPTIMIZE, 0, NULL);

      g_once_init_leave (&regex, made);
    }

  return g_regex_match (regex, text, 0, NULL);
}

static gboolean
is_caption (const char *text)
{
  static const char * const starts[] = { "表", "图", "Table ", "Figure ", "Fig. " };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    if (g_str_has_prefix (text, starts[i]))
      {
        const char *p = text + strlen (starts[i]);

        while (*p == ' ')
          p++;
        return g_ascii_isdigit (*p) || g_str_has_prefix (p, "一") || g_str_has_prefix (p, "二");
      }
  return FALSE;
}

/* A character's size: for Chinese, the line's width over its characters
 * (a photographed line's word boxes are as tall as the line is askew);
 * for other scripts, the median height of its words. */
static double
line_size (Line   *line,
           double  page_w,
           double  page_h)
{
  guint n_cjk = 0, n_other = 0;
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));

  for (const char *p = line->text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (ag_text_is_cjk (c))
        n_cjk++;
      else if (!g_unichar_isspace (c))
        n_other++;
    }

  if (n_cjk > 0 && 2 * n_cjk >= n_other)
    return (line->x1 - line->x0) / (n_cjk + 0.55 * n_other);

  for (guint w = 0; w < line->line->words->len; w++)
    {
      AgWord *word = g_ptr_array_index (line->line->words, w);
      double height = word->box.height * page_h;

      g_array_append_val (heights, height);
    }
  /* A Latin word's box runs from its ascenders to its descenders, some
   * 1.2 ems; a Chinese character's pitch is an em: "Page 2 of 10" over
   * Chinese text is no larger than it. */
  return (heights->len > 0 ? median (heights) : line->y1 - line->y0) / 1.2;
}

static gboolean
overlap_x (const Line *a,
           const Line *b)
{
  return MIN (a->x1, b->x1) - MAX (a->x0, b->x0) > 0;
}

static void
measure (Layout *layout)
{
  GArray *lines = layout->lines;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pitches = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);

      /* The body: lines of some length. */
      if (g_utf8_strlen (line->text, -1) >= 12)
        g_array_append_val (sizes, line->size);
    }
  if (sizes->len == 0)
    for (guint i = 0; i < lines->len; i++)
      g_array_append_val (sizes, g_array_index (lines, Line, i).size);
  layout->body = MAX (median (sizes), 4);

  for (guint i = 1; i < lines->len; i++)
    {
      Line *a = &g_array_index (lines, Line, i - 1), *b = &g_array_index (lines, Line, i);
      double pitch = b->cy - a->cy;

      if (a->region == b->region && overlap_x (a, b) && pitch > 0.8 * layout->body &&
          pitch < 3 * layout->body && fabs (a->size - b->size) < 0.2 * layout->body)
        g_array_append_val (pitches, pitch);
    }
  layout->pitch = pitches->len > 0 ? median (pitches) : 1.7 * layout->body;
}

/* The margins of the column each line is in: the lines near it above
 * and below that overlap it. */
static void
find_margins (Layout *layout)
{
  GArray *lines = layout->lines;

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);

      line->left = line->x0;
      line->right = line->x1;
      for (guint j = 0; j < lines->len; j++)
        {
          Line *other = &g_array_index (lines, Line, j);

          if (other->region != line->region || !overlap_x (line, other) ||
              fabs (other->cy - line->cy) > 15 * layout->body || other->table >= 0)
            continue;
          line->left = MIN (line->left, other->x0);
          line->right = MAX (line->right, other->x1);
        }
    }
}

/* Does line @b go on the paragraph line @a is in? */
static gboolean
continues (Layout *layout,
           Line   *a,
           Line   *b)
{
  double size = MAX (a->size, b->size);
  double pitch = b->cy - a->cy;
  gboolean list_like;
  gsize len = strlen (a->text);

  if (a->region != b->region || a->table >= 0 || b->table >= 0 || !overlap_x (a, b))
    return FALSE;
  if (pitch < 0.5 * size || pitch > 1.4 * MAX (layout->pitch, 1.2 * layout->body))
    return FALSE;
  if (fabs (a->size - b->size) > 0.28 * size)
    return FALSE;
  /* A line that starts far from the margin (a signature, a date at the
   * right) is a line of its own, unless both lines are centred (a title
   * of two lines). */
  if ((a->x0 - a->left > 4 * layout->body || b->x0 - b->left > 4 * layout->body) &&
      !(fabs ((a->x0 - a->left) - (a->right - a->x1)) < 2 * layout->body &&
        fabs ((b->x0 - b->left) - (b->right - b->x1)) < 2 * layout->body))
    return FALSE;
  /* The next line indented: a paragraph's first line. */
  if (b->x0 - a->x0 > 0.9 * layout->body)
    return FALSE;
  if (section_level (b->text, &list_like) > 0 || starts_with_bullet (b->text))
    return FALSE;
  /* The line ended short: its paragraph ended, unless a word was broken. */
  if (a->right - a->x1 > b->first_word + 1.2 * layout->body &&
      !(len > 0 && a->text[len - 1] == '-'))
    return FALSE;
  return TRUE;
}

void
_ag_layout_add_line_box (AgRect       *box,
                         const AgRect *line)
{
  if (box->width <= 0 && box->height <= 0)
    {
      *box = *line;
      return;
    }
  {
    double x1 = MAX (box->x + box->width, line->x + line->width);
    double y1 = MAX (box->y + box->height, line->y + line->height);

    box->x = MIN (box->x, line->x);
    box->y = MIN (box->y, line->y);
    box->width = x1 - box->x;
    box->height = y1 - box->y;
  }
}

/* A paragraph, heading, list item or caption of lines @first … @last. */
static AgBlock *
make_text_block (Layout *layout,
                 guint   first,
                 guint   last,
                 guint   n_headings_before)
{
  Line *head = &g_array_index (layout->lines, Line, first);
  AgBlock *block = ag_block_new (head->region);
  guint n = last - first + 1;
  double left_gap = head->x0 - head->left, right_gap = head->right - head->x1;
  double width = head->right - head->left;
  double size = 0, ink = 0, rest_left = G_MAXDOUBLE;
  gboolean list_like = FALSE;
  guint level = section_level (head->text, &list_like);
  gboolean short_line;

  for (guint i = first; i <= last; i++)
    {
      Line *line = &g_array_index (layout->lines, Line, i);

      g_ptr_array_add (block->lines, line->line);
      _ag_layout_add_line_box (&block->box, &line->line->box);
      line->used = TRUE;
      size = MAX (size, line->size);
      ink = MAX (ink, line->ink);
      if (i > first)
        rest_left = MIN (rest_left, line->x0);
    }

  /* Alignment, of a line alone or of every line. */
  if (n == 1)
    {
      if (left_gap > 1.5 * layout->body && fabs (left_gap - right_gap) < MAX (1.5 * layout->body, 0.08 * width))
        block->align = AG_BLOCK_ALIGN_CENTER;
      else if (left_gap > 3 * layout->body && right_gap < 1.2 * layout->body)
        block->align = AG_BLOCK_ALIGN_END;
    }

  /* The first line's indent. */
  if (n > 1 && head->x0 - rest_left > 0.9 * layout->body)
    block->indent = (head->x0 - rest_left) / layout->page_w;
  else if (n == 1 && block->align == AG_BLOCK_ALIGN_START && left_gap > 0.9 * layout->body &&
           left_gap < 4 * layout->body)
    block->indent = left_gap / layout->page_w;
  /* What the serialisation takes: a page's fraction, never NaN. */
  block->indent = isfinite (block->indent) ? CLAMP (block->indent, 0, 1) : 0;

  short_line = n <= 2 && head->x1 - head->x0 < 0.75 * width && g_utf8_strlen (head->text, -1) <= 40 &&
               !ends_like_sentence (g_array_index (layout->lines, Line, last).text);

  if (short_line && block->align != AG_BLOCK_ALIGN_END)
    {
      gboolean larger = size >= 1.18 * layout->body;
      gboolean bolder = layout->ink > 0 && ink >= 1.3 * layout->ink;

      /* "1. Scope" is a heading, unless an item 2. follows it. */
      gboolean next_is_item = FALSE;

      if (last + 1 < layout->lines->len)
        {
          Line *next = &g_array_index (layout->lines, Line, last + 1);
          gboolean next_list_like;

          next_is_item = (section_level (next->text, &next_list_like) > 0 && next_list_like) ||
                         starts_with_bullet (next->text);
        }

      if (level > 0 && !list_like)
        block->kind = AG_BLOCK_KIND_HEADING;
      else if (level > 0 && (larger || bolder || !next_is_item))
        block->kind = AG_BLOCK_KIND_HEADING;
      else if (larger || bolder)
        {
          block->kind = AG_BLOCK_KIND_HEADING;
          level = size >= 1.4 * layout->body ||
                  (block->align == AG_BLOCK_ALIGN_CENTER && n_headings_before == 0 && larger) ? 1 : 2;
        }
      if (block->kind == AG_BLOCK_KIND_HEADING)
        block->level = MAX (level, 1);
    }

  /* A page number, the page's first or last line, is no heading. */
  if (n == 1 && (first == 0 || last + 1 == layout->lines->len) && is_page_number (head->text))
    {
      block->kind = AG_BLOCK_KIND_OTHER;
      block->level = 0;
    }

  if (block->kind == AG_BLOCK_KIND_PARAGRAPH)
    {
      if (starts_with_bullet (head->text) || (level > 0 && list_like))
        block->kind = AG_BLOCK_KIND_LIST_ITEM;
      else if (is_caption (head->text) && n <= 2)
        block->kind = AG_BLOCK_KIND_OTHER;
    }

  return block;
}



/* Vertical text, a block of columns read right to left: a paragraph
 * starts at a column that starts two characters down (its indent), and
 * ends at a column that stops short of the block's foot.  Returns the
 * paragraphs, the block's lines moved into them, or %NULL for one. */
static GPtrArray *
split_vertical (AgBlock *block,
                double   page_w,
                double   page_h)
{
  GPtrArray *parts;
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (double));
  double top = G_MAXDOUBLE, bottom = -G_MAXDOUBLE, size;
  AgBlock *part = NULL;

  if (block->lines->len < 2)
    return NULL;

  for (guint l = 0; l < block->lines->len; l++)
    {
      AgLine *line = g_ptr_array_index (block->lines, l);
      double width = line->box.width * page_w;

      top = MIN (top, line->box.y * page_h);
      bottom = MAX (bottom, (line->box.y + line->box.height) * page_h);
      g_array_append_val (widths, width);
    }
  size = median (widths);
  if (!(size > 0))
    return NULL;

  parts = g_ptr_array_new ();
  for (guint l = 0; l < block->lines->len; l++)
    {
      AgLine *line = g_ptr_array_index (block->lines, l);
      double y0 = line->box.y * page_h;

      if (part == NULL || y0 - top > 1.5 * size)
        {
          part = ag_block_new (block->region);
          part->vertical = TRUE;
          g_ptr_array_add (parts, part);
        }
      g_ptr_array_add (part->lines, line);
      _ag_layout_add_line_box (&part->box, &line->box);
      g_ptr_array_index (block->lines, l) = NULL;

      /* Stopped short: the paragraph ends here. */
      if (bottom - (line->box.y + line->box.height) * page_h > 2 * size)
        part = NULL;
    }

  return parts;
}

static gboolean
is_blank (AgLine *line)
{
  for (guint w = 0; w < line->words->len; w++)
    {
      AgWord *word = g_ptr_array_index (line->words, w);

      if (word->text != NULL && *word->text != '\0')
        return FALSE;
    }
  return TRUE;
}

/* @agline as the layout measures it, in pixels of the page. */
static Line
make_line (Layout *layout,
           AgLine *agline,
           int     region)
{
  Line line = { 0 };

  line.line = agline;
  line.text = ag_line_dup_text (agline);
  line.region = region;
  line.x0 = agline->box.x * layout->page_w;
  line.x1 = (agline->box.x + agline->box.width) * layout->page_w;
  line.y0 = agline->box.y * layout->page_h;
  line.y1 = (agline->box.y + agline->box.height) * layout->page_h;
  line.cy = (line.y0 + line.y1) / 2;
  line.table = -1;
  line.size = line_size (&line, layout->page_w, layout->page_h);

  return line;
}

/**
 * ag_layout_analyze_lines:
 * @page: a recognised page, its blocks as the recogniser made them
 * @bitmap: (nullable): the page's pixels, for ruled tables and bold type
 *
 * Replaces the blocks of @page by the headings, paragraphs, list items
 * and tables its lines make (see the top of ag-layout.c).  Every word
 * stays in a line of a block, in reading order.
 */
void
ag_layout_analyze_lines (AgRecognitionPage *page,
                         AgBitmap          *bitmap)
{
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();   /* blocks kept, at their line's place */
  g_autoptr(GArray) kept_at = g_array_new (FALSE, FALSE, sizeof (guint));
  Layout layout = { 0 };
  PIX *binary = NULL;
  double scale = 1;
  guint n_headings = 0;
  int turn;

  g_return_if_fail (page != NULL);

  if (page->blocks->len == 0)
    return;

  /* A page read turned upright (its lines run down, up or right to left
   * on the page as it is) is laid out upright, then turned back. */
  turn = ag_recognition_page_guess_turn (page);
  ag_recognition_page_turn (page, turn);

  layout.page_w = page->width > 0 ? page->width : 1000;
  layout.page_h = page->height > 0 ? page->height : 1414;
  layout.lines = g_array_new (FALSE, TRUE, sizeof (Line));
  layout.tables = g_ptr_array_new_with_free_func ((GDestroyNotify) _ag_layout_table_free);

  /* Chinese punctuation as the page shows it (ag-layout-chinese.c);
   * a text layer's text is the PDF's own. */
  if (page->source == AG_RECOGNITION_SOURCE_OCR)
    for (guint b = 0; b < page->blocks->len; b++)
      {
        AgBlock *block = g_ptr_array_index (page->blocks, b);

        if (block->kind != AG_BLOCK_KIND_CODE)
          _ag_layout_chinese_punctuation (block);
      }

  old = g_steal_pointer (&page->blocks);
  page->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_block_free);

  /* Lines out of their blocks; vertical blocks and blocks of a kind are
   * kept whole. */
  for (guint b = 0; b < old->len; b++)
    {
      AgBlock *block = g_ptr_array_index (old, b);

      if (block->vertical || block->kind != AG_BLOCK_KIND_PARAGRAPH)
        {
          guint at = layout.lines->len;
          g_autoptr(GPtrArray) parts = NULL;

          g_ptr_array_index (old, b) = NULL;
          parts = block->vertical && block->kind == AG_BLOCK_KIND_PARAGRAPH
                  ? split_vertical (block, layout.page_w, layout.page_h) : NULL;
          if (parts == NULL)
            {
              g_ptr_array_add (kept, block);
              g_array_append_val (kept_at, at);
              continue;
            }
          for (guint i = 0; i < parts->len; i++)
            {
              g_ptr_array_add (kept, g_ptr_array_index (parts, i));
              g_array_append_val (kept_at, at);
            }
          ag_block_free (block);
          continue;
        }

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *agline = g_ptr_array_index (block->lines, l);
          Line line;

          if (is_blank (agline))
            continue;
          line = make_line (&layout, agline, block->region);
          if (agline->words->len > 0)
            {
              AgWord *first = g_ptr_array_index (agline->words, 0);

              line.first_word = first->box.width * layout.page_w;
            }
          g_ptr_array_index (block->lines, l) = NULL;
          g_array_append_val (layout.lines, line);
        }
    }

  measure (&layout);

  if (bitmap != NULL)
    binary = _ag_layout_binarize (bitmap, turn == 0 || turn == 180 ? layout.page_w : layout.page_h,
                                  layout.body, &scale);
  if (binary != NULL && turn != 0)
    {
      PIX *turned = pixRotateOrth (binary, turn / 90);

      pixDestroy (&binary);
      binary = turned;
    }
  if (binary != NULL)
    {
      g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (AgLayoutGap));

      _ag_layout_find_tables (&layout, binary, scale);
      for (guint i = 0; i < layout.lines->len; i++)
        {
          Line *line = &g_array_index (layout.lines, Line, i);

          /* A space between Chinese and a Latin word or a number where
           * the page shows one (ag-layout-chinese.c). */
          if (page->source == AG_RECOGNITION_SOURCE_OCR)
            _ag_layout_measure_gaps (line->line, binary, scale, layout.page_w, layout.page_h, gaps);

          line->ink = mean_run (binary, scale, line->x0, line->y0, line->x1, line->y1);
          if (g_utf8_strlen (line->text, -1) >= 12 && line->ink > 0)
            g_array_append_val (runs, line->ink);
        }
      _ag_layout_set_gaps (gaps);
      layout.ink = median (runs);
      pixDestroy (&binary);
    }

  /* Lines in a ruled table: their centre inside it. */
  for (guint t = 0; t < layout.tables->len; t++)
    {
      Table *table = g_ptr_array_index (layout.tables, t);

      for (guint i = 0; i < layout.lines->len; i++)
        {
          Line *line = &g_array_index (layout.lines, Line, i);
          double cx = (line->x0 + line->x1) / 2;

          if (line->table < 0 && cx > table->x0 && cx < table->x1 &&
              line->cy > table->y0 && line->cy < table->y1 &&
              (table->first < 0 || line->region == g_array_index (layout.lines, Line, table->first).region))
            {
              line->table = t;
              if (table->first < 0)
                table->first = i;
            }
        }
    }
  /* A ruled table no line is in (a drawing, a form left blank) has no
   * first line, so no block is made of it. */
  _ag_layout_find_unruled_tables (&layout);
  find_margins (&layout);

  /* The blocks, in reading order. */
  {
    guint k = 0;

    for (guint i = 0; i < layout.lines->len; )
      {
        Line *line = &g_array_index (layout.lines, Line, i);
        guint last = i;

        for (; k < kept->len && g_array_index (kept_at, guint, k) <= i; k++)
          g_ptr_array_add (page->blocks, g_ptr_array_index (kept, k));

        if (line->table >= 0)
          {
            Table *table = g_ptr_array_index (layout.tables, line->table);

            if (table->first == (int) i)
              g_ptr_array_add (page->blocks, _ag_layout_make_table_block (&layout, table, line->table));
            i++;
            continue;
          }

        while (last + 1 < layout.lines->len &&
               continues (&layout, &g_array_index (layout.lines, Line, last),
                          &g_array_index (layout.lines, Line, last + 1)))
          last++;

        {
          AgBlock *block = make_text_block (&layout, i, last, n_headings);

          if (block->kind == AG_BLOCK_KIND_HEADING)
            n_headings++;
          g_ptr_array_add (page->blocks, block);
        }
        i = last + 1;
      }

    for (; k < kept->len; k++)
      g_ptr_array_add (page->blocks, g_ptr_array_index (kept, k));
  }

  /* Lines that went into table cells as copies of their words. */
  for (guint i = 0; i < layout.lines->len; i++)
    {
      Line *line = &g_array_index (layout.lines, Line, i);

      if (!line->used)
        ag_line_free (line->line);
      g_free (line->text);
    }
  g_array_unref (layout.lines);
  g_ptr_array_unref (layout.tables);

  ag_recognition_page_turn (page, 360 - turn);

  /* The old blocks go with the blank lines left in them. */
}

/**
 * ag_layout_find_ruled_cells:
 * @page: a page as read, its blocks still as the recogniser gave them
 * @bitmap: the page's pixels
 *
 * The cells of the ruled tables on @page, for reading each cell alone
 * (the recogniser cuts a table's lines across the cells and glues short
 * cells together): the grid of ag_layout_analyze_lines(), merged cells
 * included, each cell's inside (its rules left out).  Only tables whose
 * rules are straight: on a skewed or bent photo a cell is no rectangle.
 *
 * Returns: (transfer full) (element-type AgRect): the cells, boxes in
 *   fractions of the page; empty without ruled tables
 */
GArray *
ag_layout_find_ruled_cells (AgRecognitionPage *page,
                            AgBitmap          *bitmap)
{
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (AgRect));
  Layout layout = { 0 };
  PIX *binary;
  double scale = 1;
  guint n_gapped = 0;

  g_return_val_if_fail (page != NULL, cells);
  g_return_val_if_fail (bitmap != NULL, cells);

  layout.page_w = page->width > 0 ? page->width : ag_bitmap_get_width (bitmap);
  layout.page_h = page->height > 0 ? page->height : ag_bitmap_get_height (bitmap);
  layout.lines = g_array_new (FALSE, TRUE, sizeof (Line));
  layout.tables = g_ptr_array_new_with_free_func ((GDestroyNotify) _ag_layout_table_free);

  /* The lines, only to measure the body text's size. */
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; !block->vertical && l < block->lines->len; l++)
        {
          AgLine *agline = g_ptr_array_index (block->lines, l);
          Line line;

          if (is_blank (agline))
            continue;
          line = make_line (&layout, agline, block->region);
          g_array_append_val (layout.lines, line);
        }
    }

  if (layout.lines->len > 0)
    measure (&layout);

  /* A table's rows have wide gaps between their cells; without two such
   * lines the page is not binarised at all (some 35 ms a page). */
  for (guint i = 0; i < layout.lines->len && n_gapped < 2; i++)
    {
      AgLine *agline = g_array_index (layout.lines, Line, i).line;

      for (guint w = 1; w < agline->words->len; w++)
        {
          AgWord *a = g_ptr_array_index (agline->words, w - 1), *b = g_ptr_array_index (agline->words, w);

          if ((b->box.x - (a->box.x + a->box.width)) * layout.page_w > 2 * layout.body)
            {
              n_gapped++;
              break;
            }
        }
    }

  if (n_gapped >= 2)
    {
      binary = _ag_layout_binarize (bitmap, layout.page_w, layout.body, &scale);
      if (binary != NULL)
        {
          _ag_layout_find_tables (&layout, binary, scale);
          pixDestroy (&binary);
        }
    }

  for (guint t = 0; t < layout.tables->len; t++)
    {
      Table *table = g_ptr_array_index (layout.tables, t);
      double lean = 0.25 * layout.body;
      double inset = 0.15 * layout.body;
      gboolean straight = TRUE;

      for (guint i = 0; straight && i < table->h->len; i++)
        straight = fabs (g_array_index (table->h, Rule, i).b1 - g_array_index (table->h, Rule, i).b0) < lean;
      for (guint i = 0; straight && i < table->v->len; i++)
        straight = fabs (g_array_index (table->v, Rule, i).b1 - g_array_index (table->v, Rule, i).b0) < lean;
      if (!straight)
        continue;

      for (guint c = 0; c < table->cells->len; c++)
        {
          const AgCell *cell = &g_array_index (table->cells, AgCell, c);
          const Rule *left = &g_array_index (table->v, Rule, cell->column);
          const Rule *right = &g_array_index (table->v, Rule, cell->column + cell->column_span);
          const Rule *top = &g_array_index (table->h, Rule, cell->row);
          const Rule *bottom = &g_array_index (table->h, Rule, cell->row + cell->row_span);
          double x0 = MAX (left->b0, left->b1) + inset, x1 = MIN (right->b0, right->b1) - inset;
          double y0 = MAX (top->b0, top->b1) + inset, y1 = MIN (bottom->b0, bottom->b1) - inset;
          AgRect box;

          if (x1 - x0 < layout.body || y1 - y0 < 0.5 * layout.body)
            continue;
          box.x = x0 / layout.page_w;
          box.y = y0 / layout.page_h;
          box.width = (x1 - x0) / layout.page_w;
          box.height = (y1 - y0) / layout.page_h;
          g_array_append_val (cells, box);
        }
    }

  for (guint i = 0; i < layout.lines->len; i++)
    g_free (g_array_index (layout.lines, Line, i).text);
  g_array_unref (layout.lines);
  g_ptr_array_unref (layout.tables);

  return cells;
}
