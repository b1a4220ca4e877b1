/* test-layout.c — a page's lines grouped into headings, paragraphs and tables
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "ag-core.h"
#include "ag-test-util.h"
#include "layout/ag-layout-private.h"
#include "recognize/ag-engine-private.h"

/* A page of A4 at 150 dpi, as a recogniser gives it. */
#define PAGE_W 1240
#define PAGE_H 1754

static AgRecognitionPage *
make_page (void)
{
  return ag_recognition_page_new (0, PAGE_W, PAGE_H, 150, AG_RECOGNITION_SOURCE_OCR);
}

/* A line of @text at (@x, @y) in pixels, characters @size high: Chinese
 * a word per character, other text a word per space, each word as wide
 * as its characters. */
static AgLine *
make_line (const char *text,
           double      x,
           double      y,
           double      size)
{
  AgLine *line = ag_line_new ();
  const char *p = text;
  double left = x;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *end;
      g_autofree char *word = NULL;
      double width;
      AgRect box;

      if (c == ' ')
        {
          x += 0.3 * size;
          p++;
          continue;
        }
      /* Chinese and its punctuation are full width. */
      if (c >= 0x2E80)
        {
          end = g_utf8_next_char (p);
          width = size;
        }
      else
        {
          end = p;
          while (*end != '\0' && *end != ' ' && g_utf8_get_char (end) < 0x2E80)
            end = g_utf8_next_char (end);
          width = 0.5 * size * g_utf8_strlen (p, end - p);
        }
      word = g_strndup (p, end - p);
      box.x = x / PAGE_W;
      box.y = y / PAGE_H;
      box.width = width / PAGE_W;
      box.height = size / PAGE_H;
      g_ptr_array_add (line->words, ag_word_new (word, &box, 90));
      x += width;
      p = end;
    }

  line->box.x = left / PAGE_W;
  line->box.y = y / PAGE_H;
  line->box.width = (x - left) / PAGE_W;
  line->box.height = size / PAGE_H;
  return line;
}

/* One block of lines, as Tesseract might glue them. */
static AgBlock *
add_block (AgRecognitionPage *page)
{
  AgBlock *block = ag_block_new (-1);

  g_ptr_array_add (page->blocks, block);
  return block;
}

static void
add_line (AgBlock    *block,
          const char *text,
          double      x,
          double      y,
          double      size)
{
  g_ptr_array_add (block->lines, make_line (text, x, y, size));
}

/* A Chinese paragraph of lines of @n characters, the first indented by
 * two. */
static void
add_paragraph (AgBlock    *block,
               const char *text,
               double      left,
               double      y,
               double      size,
               double      pitch,
               guint       n)
{
  glong length = g_utf8_strlen (text, -1);
  glong at = 0;

  for (guint line = 0; at < length; line++)
    {
      glong take = MIN (length - at, line == 0 ? n - 2 : n);
      const char *start = g_utf8_offset_to_pointer (text, at);
      g_autofree char *part = g_strndup (start, g_utf8_offset_to_pointer (text, at + take) - start);

      add_line (block, part, line == 0 ? left + 2 * size : left, y + line * pitch, size);
      at += take;
    }
}

static AgBlock *
block_at (AgRecognitionPage *page,
          guint              index)
{
  g_assert_cmpuint (index, <, page->blocks->len);
  return g_ptr_array_index (page->blocks, index);
}

static char *
block_text (AgRecognitionPage *page,
            guint              index)
{
  return ag_block_dup_text (block_at (page, index), TRUE);
}

/* What the layout made, for the log. */
static void
dump (AgRecognitionPage *page)
{
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);
      g_autofree char *text = ag_block_dup_text (block, TRUE);

      g_test_message ("block %u: kind %d level %u align %d lines %u: %s", b, block->kind, block->level,
                      block->align, block->lines->len, text);
    }
}

static guint
count_words (AgRecognitionPage *page)
{
  guint n = 0;

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        n += ((AgLine *) g_ptr_array_index (block->lines, l))->words->len;
    }
  return n;
}

/* A notice: a salutation, two Chinese paragraphs with their first lines
 * indented by two characters, an English paragraph with a word broken
 * at a line end, a signature and a date at the right.  Tesseract glued
 * them into two blocks. */
static void
test_paragraphs (void)
{
  g_autoptr(AgRecognitionPage) page = make_page ();
  AgBlock *block = add_block (page);
  const double s = 30, pitch = 50, left = 150;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *english = NULL;
  guint words;

  add_line (block, "各部门、各车间：", left, 200, s);
  add_paragraph (block, "入冬以来，气温持续下降，雨雪天气增多，安全生产形势较为严峻。"
                        "为切实做好冬季安全生产工作，保障职工生命财产安全，现将有关事项通知如下。",
                 left, 200 + pitch, s, pitch, 28);
  add_paragraph (block, "节假日期间实行领导带班和二十四小时值班制度，值班人员不得擅离岗位。",
                 left, 200 + 4 * pitch, s, pitch, 28);
  block = add_block (page);
  add_line (block, "The lines of a paragraph are joined and a word that was hyph-", left, 600, 24);
  add_line (block, "enated at the end of a line is mended, as a reader expects.", left, 600 + 40, 24);
  /* At the right margin, that of the paragraphs' full lines. */
  add_line (block, "安全生产办公室", left + 28 * s - 7 * s, 800, s);
  add_line (block, "2026年12月1日", left + 28 * s - 6.5 * s, 800 + 1.5 * pitch, s);
  words = count_words (page);

  ag_layout_analyze_lines (page, NULL);
  dump (page);

  /* Every word is still there, once. */
  g_assert_cmpuint (count_words (page), ==, words);
  g_assert_cmpuint (page->blocks->len, ==, 6);

  g_assert_cmpuint (block_at (page, 0)->lines->len, ==, 1);
  g_assert_cmpint (block_at (page, 0)->kind, ==, AG_BLOCK_KIND_PARAGRAPH);

  first = block_text (page, 1);
  g_assert_cmpstr (first, ==, "入冬以来，气温持续下降，雨雪天气增多，安全生产形势较为严峻。"
                              "为切实做好冬季安全生产工作，保障职工生命财产安全，现将有关事项通知如下。");
  g_assert_cmpint (block_at (page, 1)->kind, ==, AG_BLOCK_KIND_PARAGRAPH);
  /* Two characters of indent, in fractions of the page's width. */
  g_assert_cmpfloat_with_epsilon (block_at (page, 1)->indent, 2 * s / PAGE_W, 0.005);

  second = block_text (page, 2);
  g_assert_cmpstr (second, ==, "节假日期间实行领导带班和二十四小时值班制度，值班人员不得擅离岗位。");

  english = block_text (page, 3);
  g_assert_cmpstr (english, ==, "The lines of a paragraph are joined and a word that was hyphenated "
                                "at the end of a line is mended, as a reader expects.");

  /* The signature and the date stay lines of their own, at the right. */
  g_assert_cmpuint (block_at (page, 4)->lines->len, ==, 1);
  g_assert_cmpint (block_at (page, 4)->align, ==, AG_BLOCK_ALIGN_END);
  g_assert_cmpuint (block_at (page, 5)->lines->len, ==, 1);
  g_assert_cmpint (block_at (page, 5)->align, ==, AG_BLOCK_ALIGN_END);
}

/* A title larger and centred, numbered sections of two levels, a list. */
static void
test_headings (void)
{
  g_autoptr(AgRecognitionPage) page = make_page ();
  AgBlock *block = add_block (page);
  const double s = 30, left = 150;
  const char *body = "各部门要组织力量对办公楼、仓库、配电房等重点部位开展全面检查，";

  add_line (block, "关于做好冬季安全生产工作的通知", (PAGE_W - 15 * 48) / 2.0, 100, 48);
  add_line (block, body, left, 200, s);
  add_line (block, "做到发现一处、整改一处。", left, 250, s);
  add_line (block, "一、加强隐患排查", left, 330, s);
  add_line (block, body, left + 2 * s, 400, s);
  add_line (block, "做到发现一处、整改一处。", left, 450, s);
  add_line (block, "1.1 Scope of the checks", left, 530, s);
  add_line (block, body, left + 2 * s, 600, s);
  add_line (block, "（1）配电房由设备科负责检查。", left, 680, s);
  add_line (block, "（2）成品仓库由物流部负责检查。", left, 730, s);

  ag_layout_analyze_lines (page, NULL);
  dump (page);

  g_assert_cmpuint (page->blocks->len, ==, 8);
  g_assert_cmpint (block_at (page, 0)->kind, ==, AG_BLOCK_KIND_HEADING);
  g_assert_cmpuint (block_at (page, 0)->level, ==, 1);
  g_assert_cmpint (block_at (page, 0)->align, ==, AG_BLOCK_ALIGN_CENTER);
  g_assert_cmpint (block_at (page, 1)->kind, ==, AG_BLOCK_KIND_PARAGRAPH);
  g_assert_cmpint (block_at (page, 2)->kind, ==, AG_BLOCK_KIND_HEADING);
  g_assert_cmpuint (block_at (page, 2)->level, ==, 2);
  g_assert_cmpint (block_at (page, 3)->kind, ==, AG_BLOCK_KIND_PARAGRAPH);
  g_assert_cmpint (block_at (page, 4)->kind, ==, AG_BLOCK_KIND_HEADING);
  g_assert_cmpuint (block_at (page, 4)->level, ==, 3);
  g_assert_cmpint (block_at (page, 6)->kind, ==, AG_BLOCK_KIND_LIST_ITEM);
  g_assert_cmpint (block_at (page, 7)->kind, ==, AG_BLOCK_KIND_LIST_ITEM);
}

/* A running header with the page's number is no heading, in whichever
 * script the page is. */
static void
test_page_number (void)
{
  g_autoptr(AgRecognitionPage) page = make_page ();
  AgBlock *block = add_block (page);

  add_line (block, "Page 2 of 10", 150, 100, 36);
  add_paragraph (block, "清晨六点，城市还没有完全醒来。街角的早餐店已经亮起了灯，蒸笼里冒出白色的热气。",
                 150, 200, 30, 50, 28);

  ag_layout_analyze_lines (page, NULL);
  dump (page);

  g_assert_cmpuint (page->blocks->len, ==, 2);
  g_assert_cmpint (block_at (page, 0)->kind, ==, AG_BLOCK_KIND_OTHER);
  g_assert_cmpint (block_at (page, 1)->kind, ==, AG_BLOCK_KIND_PARAGRAPH);
}

/* Two columns, as Tesseract gives them: the left one's lines, then the
 * right one's.  Each column's paragraphs stay whole and in order; no
 * paragraph takes lines of both. */
static void
test_two_columns (void)
{
  g_autoptr(AgRecognitionPage) page = make_page ();
  AgBlock *block = add_block (page);
  const double s = 24, pitch = 40;
  const char *full = "A full line of the column, long enough";
  const char *names[] = { "Left one ends.", "Left two ends.", "Right one ends.", "Right two ends." };

  for (guint column = 0; column < 2; column++)
    {
      double x = column == 0 ? 100 : 660;

      for (guint paragraph = 0; paragraph < 2; paragraph++)
        {
          double y = 200 + paragraph * 4 * pitch;

          add_line (block, full, x + 2 * s, y, s);
          add_line (block, full, x, y + pitch, s);
          add_line (block, names[2 * column + paragraph], x, y + 2 * pitch, s);
        }
    }

  ag_layout_analyze_lines (page, NULL);
  dump (page);

  g_assert_cmpuint (page->blocks->len, ==, 4);
  for (guint b = 0; b < 4; b++)
    {
      g_autofree char *text = block_text (page, b);

      g_assert_cmpuint (block_at (page, b)->lines->len, ==, 3);
      g_assert_true (g_str_has_suffix (text, names[b]));
    }
}

/* A statement without rules: columns apart by wide gaps. */
static void
test_unruled_table (void)
{
  g_autoptr(AgRecognitionPage) page = make_page ();
  AgBlock *block = add_block (page);
  const double s = 24;
  const char *rows[][3] = {
    { "Date", "Payee", "Amount" },
    { "01.11", "Stationery shop", "120.00" },
    { "03.11", "Water and power", "86.50" },
    { "07.11", "Rent", "1500.00" },
  };
  AgBlock *table;
  g_autofree char *text = NULL;

  add_line (block, "The account in November, as the bank keeps it, line by line and", 100, 100, s);
  add_line (block, "nothing else.", 100, 140, s);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      AgLine *line = make_line (rows[r][0], 100, 220 + 40 * r, s);
      AgLine *middle = make_line (rows[r][1], 400, 220 + 40 * r, s);
      AgLine *right = make_line (rows[r][2], 900, 220 + 40 * r, s);

      /* One line across the row, as the recogniser reads it. */
      for (guint w = 0; w < middle->words->len; w++)
        g_ptr_array_add (line->words, ag_word_new (((AgWord *) g_ptr_array_index (middle->words, w))->text,
                                                   &((AgWord *) g_ptr_array_index (middle->words, w))->box, 90));
      for (guint w = 0; w < right->words->len; w++)
        g_ptr_array_add (line->words, ag_word_new (((AgWord *) g_ptr_array_index (right->words, w))->text,
                                                   &((AgWord *) g_ptr_array_index (right->words, w))->box, 90));
      line->box.width = (right->box.x + right->box.width) - line->box.x;
      g_ptr_array_add (block->lines, line);
      ag_line_free (middle);
      ag_line_free (right);
    }

  ag_layout_analyze_lines (page, NULL);
  dump (page);

  g_assert_cmpuint (page->blocks->len, ==, 2);
  g_assert_cmpint (block_at (page, 0)->kind, ==, AG_BLOCK_KIND_PARAGRAPH);
  table = block_at (page, 1);
  g_assert_cmpint (table->kind, ==, AG_BLOCK_KIND_TABLE);
  g_assert_cmpuint (table->n_rows, ==, 4);
  g_assert_cmpuint (table->n_columns, ==, 3);
  text = ag_block_dup_text (table, TRUE);
  g_assert_cmpstr (text, ==, "Date\tPayee\tAmount\n01.11\tStationery shop\t120.00\n"
                             "03.11\tWater and power\t86.50\n07.11\tRent\t1500.00");
}

/* A page's pixels: white, with the rules of a grid drawn in black.
 * @rows + 1 horizontal rules at @ys, @columns + 1 vertical at @xs; a
 * vertical rule @skip_column (> 0) stops short of the first row, which
 * merges the cells on either side there. */
static AgBitmap *
draw_grid (const double *xs,
           guint         n_xs,
           const double *ys,
           guint         n_ys,
           guint         skip_column)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, PAGE_W, PAGE_H);
  cairo_t *cr = cairo_create (surface);
  AgBitmap *bitmap;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < n_ys; i++)
    {
      cairo_move_to (cr, xs[0], ys[i]);
      cairo_line_to (cr, xs[n_xs - 1], ys[i]);
    }
  for (guint i = 0; i < n_xs; i++)
    {
      cairo_move_to (cr, xs[i], i == skip_column ? ys[1] : ys[0]);
      cairo_line_to (cr, xs[i], ys[n_ys - 1]);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bitmap = ag_test_bitmap_from_surface (surface, 150);
  cairo_surface_destroy (surface);
  return bitmap;
}

/* The words of a table's row in one line, as a recogniser reads across
 * the rules. */
static void
add_row (AgBlock     *block,
         const char **cells,
         guint        n,
         const double *xs,
         double       y)
{
  AgLine *line = NULL;

  for (guint c = 0; c < n; c++)
    {
      AgLine *cell;

      if (cells[c] == NULL)
        continue;
      cell = make_line (cells[c], xs[c] + 10, y, 24);
      if (line == NULL)
        {
          line = cell;
          continue;
        }
      for (guint w = 0; w < cell->words->len; w++)
        {
          AgWord *word = g_ptr_array_index (cell->words, w);

          g_ptr_array_add (line->words, ag_word_new (word->text, &word->box, 90));
        }
      line->box.width = cell->box.x + cell->box.width - line->box.x;
      ag_line_free (cell);
    }
  g_ptr_array_add (block->lines, line);
}

/* A ruled table of four rows and three columns; the Chinese of a row
 * is read as one line (序号检查部位责任部门 glued), the cells part it. */
static void
test_ruled_table (void)
{
  g_autoptr(AgRecognitionPage) page = make_page ();
  const double xs[] = { 150, 450, 750, 1090 };
  const double ys[] = { 300, 350, 400, 450, 500 };
  const char *cells[4][3] = {
    { "序号", "检查部位", "责任部门" },
    { "1", "配电房", "设备科" },
    { "2", "成品仓库", "物流部" },
    { "3", "职工食堂", "后勤处" },
  };
  g_autoptr(AgBitmap) bitmap = draw_grid (xs, G_N_ELEMENTS (xs), ys, G_N_ELEMENTS (ys), 0);
  AgBlock *block = add_block (page);
  AgBlock *table;

  add_line (block, "各部门要组织力量对重点部位开展全面检查，对发现的问题建立台账。", 150, 200, 24);
  for (guint r = 0; r < 4; r++)
    add_row (block, cells[r], 3, xs, ys[r] + 13);
  add_line (block, "检查完成后报安全生产办公室。", 150, 560, 24);

  ag_layout_analyze_lines (page, bitmap);
  dump (page);

  g_assert_cmpuint (page->blocks->len, ==, 3);
  table = block_at (page, 1);
  g_assert_cmpint (table->kind, ==, AG_BLOCK_KIND_TABLE);
  g_assert_cmpuint (table->n_rows, ==, 4);
  g_assert_cmpuint (table->n_columns, ==, 3);
  g_assert_cmpuint (table->cells->len, ==, 12);
  for (guint r = 0; r < 4; r++)
    for (guint c = 0; c < 3; c++)
      {
        const AgCell *cell = ag_block_get_cell (table, r, c);
        g_autofree char *text = ag_block_dup_cell_text (table, cell, TRUE);

        g_assert_cmpuint (cell->row, ==, r);
        g_assert_cmpuint (cell->column, ==, c);
        g_assert_cmpstr (text, ==, cells[r][c]);
        /* The cell's box is the grid's. */
        g_assert_cmpfloat_with_epsilon (cell->box.x, xs[c] / PAGE_W, 0.005);
        g_assert_cmpfloat_with_epsilon (cell->box.y, ys[r] / PAGE_H, 0.005);
      }
  g_assert_cmpint (block_at (page, 2)->kind, ==, AG_BLOCK_KIND_PARAGRAPH);
}

/* The page binarised for rules and gaps: an A4 scan's at most 2000
 * pixels wide; a 12-megapixel photo of large print (body text 150
 * pixels) only as large as its text needs, its rules still there. */
static void
test_binarize_size (void)
{
  const int widths[] = { 1240, 2480, 3000 };
  const double bodies[] = { 24, 48, 150 };
  const int expected[] = { 1240, 2000, 1280 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      int w = widths[i], h = w * 4 / 3;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cairo_t *cr = cairo_create (surface);
      g_autoptr(AgBitmap) bitmap = NULL;
      PIX *binary;
      double scale = 0;
      int row, ink = 0;

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      /* a rule as thick as a photo's (a pixel in 500 of the page) */
      cairo_rectangle (cr, w / 10.0, h / 2.0, w * 0.8, MAX (2, w / 500));
      cairo_fill (cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      bitmap = ag_test_bitmap_from_surface (surface, 300);
      cairo_surface_destroy (surface);

      /* the recognised image as large as the bitmap */
      binary = _ag_layout_binarize (bitmap, w, bodies[i], &scale);
      g_assert_nonnull (binary);
      g_assert_cmpint (abs (pixGetWidth (binary) - expected[i]), <=, 2);
      g_assert_cmpfloat_with_epsilon (scale, (double) w / pixGetWidth (binary), 1e-9);
      /* the rule, across the middle of the binary page */
      row = (int) (h / 2.0 / scale + 0.5);
      for (int y = MAX (0, row - 2); y <= row + 2; y++)
        {
          l_uint32 value = 0;

          pixGetPixel (binary, pixGetWidth (binary) / 2, y, &value);
          ink += value != 0;
        }
      g_assert_cmpint (ink, >, 0);
      pixDestroy (&binary);
    }
}

/* The page is binarised once for the search for table cells and the
 * layout after it (130 ms for a 300 dpi scan): the second gets a copy of
 * the first's pixels, until the page is done. */
static void
test_binarize_once (void)
{
  g_autoptr(AgRecognitionPage) page = make_page ();
  const double xs[] = { 150, 450, 750, 1090 };
  const double ys[] = { 300, 350, 400, 450, 500 };
  const char *cells[4][3] = {
    { "Item", "Place", "Who" },
    { "1", "Boiler room", "Facilities" },
    { "2", "Warehouse", "Logistics" },
    { "3", "Canteen", "Services" },
  };
  g_autoptr(AgBitmap) bitmap = draw_grid (xs, G_N_ELEMENTS (xs), ys, G_N_ELEMENTS (ys), 0);
  g_autoptr(GArray) found = NULL;
  AgBlock *block = add_block (page);
  guint before = _ag_layout_get_n_binarised ();
  double scale = 0, again_scale = 0;
  PIX *first, *again;

  for (guint r = 0; r < 4; r++)
    add_row (block, cells[r], 3, xs, ys[r] + 13);

  found = ag_layout_find_ruled_cells (page, bitmap);
  g_assert_cmpuint (found->len, ==, 12);
  g_assert_cmpuint (_ag_layout_get_n_binarised (), ==, before + 1);
  ag_layout_analyze_lines (page, bitmap);
  g_assert_cmpuint (_ag_layout_get_n_binarised (), ==, before + 1);
  g_assert_cmpint (block_at (page, 0)->kind, ==, AG_BLOCK_KIND_TABLE);

  /* a copy each time: what one caller does to it, the next does not see */
  first = _ag_layout_binarize (bitmap, PAGE_W, 24, &scale);
  pixSetAll (first);
  again = _ag_layout_binarize (bitmap, PAGE_W, 24, &again_scale);
  g_assert_cmpuint (_ag_layout_get_n_binarised (), ==, before + 1);
  g_assert_cmpfloat (scale, ==, again_scale);
  {
    l_int32 n_ink = 0;

    pixCountPixels (again, &n_ink, NULL);
    g_assert_cmpint (n_ink, >, 0);
    g_assert_cmpint (n_ink, <, pixGetWidth (again) * pixGetHeight (again) / 4);
  }
  pixDestroy (&first);
  pixDestroy (&again);

  /* another page, or the page done: binarised anew */
  ag_layout_forget_page ();
  again = _ag_layout_binarize (bitmap, PAGE_W, 24, &again_scale);
  g_assert_cmpuint (_ag_layout_get_n_binarised (), ==, before + 2);
  pixDestroy (&again);
  ag_layout_forget_page ();
}

/* A table whose first row is one cell over the first two columns. */
static void
test_merged_cell (void)
{
  g_autoptr(AgRecognitionPage) page = make_page ();
  const double xs[] = { 150, 450, 750, 1090 };
  const double ys[] = { 300, 350, 400, 450 };
  const char *cells[3][3] = {
    { "Stock at the northern warehouse", NULL, "Count" },
    { "Copy paper", "box", "86" },
    { "Toner", "piece", "31" },
  };
  g_autoptr(AgBitmap) bitmap = draw_grid (xs, G_N_ELEMENTS (xs), ys, G_N_ELEMENTS (ys), 1);
  AgBlock *block = add_block (page);
  AgBlock *table;
  const AgCell *merged;
  g_autofree char *text = NULL;

  for (guint r = 0; r < 3; r++)
    add_row (block, cells[r], 3, xs, ys[r] + 13);

  ag_layout_analyze_lines (page, bitmap);
  dump (page);

  g_assert_cmpuint (page->blocks->len, ==, 1);
  table = block_at (page, 0);
  g_assert_cmpint (table->kind, ==, AG_BLOCK_KIND_TABLE);
  g_assert_cmpuint (table->n_rows, ==, 3);
  g_assert_cmpuint (table->n_columns, ==, 3);
  g_assert_cmpuint (table->cells->len, ==, 8);
  merged = ag_block_get_cell (table, 0, 1);
  g_assert_cmpuint (merged->column, ==, 0);
  g_assert_cmpuint (merged->column_span, ==, 2);
  g_assert_cmpuint (merged->row_span, ==, 1);
  text = ag_block_dup_text (table, TRUE);
  g_assert_cmpstr (text, ==, "Stock at the northern warehouse\t\tCount\nCopy paper\tbox\t86\nToner\tpiece\t31");
}

/* A column of vertical text, @n characters from @y down. */
static AgLine *
make_column (double x,
             double y,
             guint  n)
{
  AgLine *line = ag_line_new ();

  for (guint i = 0; i < n; i++)
    {
      AgRect box = { x / PAGE_W, (y + 30 * i) / PAGE_H, 30.0 / PAGE_W, 30.0 / PAGE_H };

      g_ptr_array_add (line->words, ag_word_new ("字", &box, 90));
    }
  line->box.x = x / PAGE_W;
  line->box.y = y / PAGE_H;
  line->box.width = 30.0 / PAGE_W;
  line->box.height = 30.0 * n / PAGE_H;
  return line;
}

/* Vertical text keeps its columns in reading order; its paragraphs are
 * the columns from one indented by two characters to one that stops
 * short, as horizontal Chinese's lines are. */
static void
test_vertical (void)
{
  g_autoptr(AgRecognitionPage) page = make_page ();
  AgBlock *block = add_block (page);
  AgBlock *vertical;

  add_line (block, "横排的一段文字，排在竖排的前面。", 150, 100, 30);
  vertical = add_block (page);
  vertical->vertical = TRUE;
  /* Right to left: a paragraph of three columns, one of two. */
  g_ptr_array_add (vertical->lines, make_column (1000, 360, 18));
  g_ptr_array_add (vertical->lines, make_column (950, 300, 20));
  g_ptr_array_add (vertical->lines, make_column (900, 300, 7));
  g_ptr_array_add (vertical->lines, make_column (850, 360, 18));
  g_ptr_array_add (vertical->lines, make_column (800, 300, 12));

  ag_layout_analyze_lines (page, NULL);
  dump (page);

  g_assert_cmpuint (page->blocks->len, ==, 3);
  g_assert_true (block_at (page, 1)->vertical);
  g_assert_cmpuint (block_at (page, 1)->lines->len, ==, 3);
  g_assert_cmpfloat (((AgLine *) g_ptr_array_index (block_at (page, 1)->lines, 0))->box.x, ==, 1000.0 / PAGE_W);
  g_assert_true (block_at (page, 2)->vertical);
  g_assert_cmpuint (block_at (page, 2)->lines->len, ==, 2);
  g_assert_cmpuint (count_words (page), ==, 16 + 18 + 20 + 7 + 18 + 12);
}

/* Pixels to structure, through the engine and Tesseract: a page made
 * with cairo and Pango, a title, a paragraph and a ruled table. */
static void
draw_text (cairo_t    *cr,
           const char *text,
           const char *font,
           double      x,
           double      y)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 150);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (desc);
  g_object_unref (layout);
}

static void
test_rendered_page (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, PAGE_W, PAGE_H);
  cairo_t *cr = cairo_create (surface);
  const double xs[] = { 150, 450, 750, 1090 };
  const char *cells[4][3] = {
    { "Item", "Unit", "Closing" },
    { "Copy paper", "box", "86" },
    { "Toner", "piece", "31" },
    { "Envelope", "pack", "52" },
  };
  g_autoptr(GPtrArray) bitmaps = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_bitmap_unref);
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  AgRecognitionPage *page;
  AgBlock *table = NULL;
  gboolean heading = FALSE;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (cr, "Quarterly Report", "DejaVu Serif Bold 20", 380, 120);
  draw_text (cr, "This report gives the stock held at the warehouse at the end of the", "DejaVu Serif 11", 150, 230);
  draw_text (cr, "quarter, counted by hand on the last working day of it.", "DejaVu Serif 11", 150, 262);
  cairo_set_line_width (cr, 2);
  for (guint r = 0; r <= 4; r++)
    {
      cairo_move_to (cr, xs[0], 340 + 50 * r);
      cairo_line_to (cr, xs[3], 340 + 50 * r);
    }
  for (guint c = 0; c < 4; c++)
    {
      cairo_move_to (cr, xs[c], 340);
      cairo_line_to (cr, xs[c], 540);
    }
  cairo_stroke (cr);
  for (guint r = 0; r < 4; r++)
    for (guint c = 0; c < 3; c++)
      draw_text (cr, cells[r][c], "DejaVu Serif 11", xs[c] + 12, 340 + 50 * r + 10);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  g_ptr_array_add (bitmaps, ag_test_bitmap_from_surface (surface, 150));
  cairo_surface_destroy (surface);

  ag_recognize_options_set_languages (options, "eng");
  recognition = _ag_engine_recognize_bitmaps (ag_engine_get_default (), bitmaps, options, NULL, &error);
  g_assert_no_error (error);
  page = ag_recognition_get_page (recognition, 0);
  dump (page);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      if (block->kind == AG_BLOCK_KIND_HEADING && block->level == 1)
        heading = TRUE;
      if (block->kind == AG_BLOCK_KIND_TABLE)
        table = block;
    }
  g_assert_true (heading);
  g_assert_nonnull (table);
  g_assert_cmpuint (table->n_rows, ==, 4);
  g_assert_cmpuint (table->n_columns, ==, 3);
  for (guint r = 0; r < 4; r++)
    for (guint c = 0; c < 3; c++)
      {
        g_autofree char *text = ag_block_dup_cell_text (table, ag_block_get_cell (table, r, c), TRUE);

        g_test_message ("cell %u %u: %s", r, c, text);
        g_assert_cmpfloat (ag_test_cer (text, cells[r][c], FALSE), <=, 0.2);
      }
}

/* A PDF's text layer goes through the same layout: its lines joined. */
static void
test_text_layer (void)
{
  const char *pages[] = {
    "Notes of the meeting\n"
    "The lines of this paragraph come from\n"
    "the text layer of a PDF and they are\n"
    "joined as one.",
    NULL
  };
  g_autofree char *path = ag_test_write_text_pdf ("layout.pdf", pages, "DejaVu Sans 11");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  AgRecognitionPage *page;
  g_autofree char *text = NULL;

  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  ag_recognize_options_set_languages (options, "eng");
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  page = ag_recognition_get_page (recognition, 0);
  dump (page);

  g_assert_cmpint (page->source, ==, AG_RECOGNITION_SOURCE_TEXT_LAYER);
  g_assert_cmpuint (page->blocks->len, ==, 2);
  text = block_text (page, 1);
  g_assert_cmpstr (text, ==, "The lines of this paragraph come from the text layer of a PDF and they are joined as one.");
}

/* Chinese as Chinese is written -------------------------------------------- */

/* The words of a page, one after the other, without spaces, a line of
 * the page a line. */
static char *
words_text (AgRecognitionPage *page)
{
  GString *string = g_string_new (NULL);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = 0; w < line->words->len; w++)
            g_string_append (string, ((AgWord *) g_ptr_array_index (line->words, w))->text);
          g_string_append_c (string, '\n');
        }
    }
  return g_string_free (string, FALSE);
}

/* Tesseract's ASCII `, : ; ( ) ? !` beside Chinese become full-width; in
 * a number, a time, a URL or English they stay. */
static void
test_chinese_punctuation (void)
{
  const struct { const char *in; const char *out; } lines[] = {
    { "会议(Meeting)于10:30开始,请准时!", "会议（Meeting）于10:30开始，请准时！" },
    { "网址:http://a.b/c?d", "网址：http://a.b/c?d" },
    { "共3,000人;为什么?", "共3,000人；为什么？" },
    { "A::取决于", "A：：取决于" },
    { "Hello, world: (x) ok?", "Hello,world:(x)ok?" },
  };
  g_autoptr(AgRecognitionPage) page = make_page ();
  g_autoptr(AgRecognitionPage) layer = ag_recognition_page_new (0, PAGE_W, PAGE_H, 150,
                                                                AG_RECOGNITION_SOURCE_TEXT_LAYER);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autofree char *layer_text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      /* (far apart: paragraphs of their own) */
      add_line (add_block (page), lines[i].in, 100, 100 + 200 * i, 30);
      add_line (add_block (layer), lines[i].in, 100, 100 + 200 * i, 30);
      g_string_append_printf (expected, "%s\n", lines[i].out);
    }
  ag_layout_analyze_lines (page, NULL);
  dump (page);
  text = words_text (page);
  g_assert_cmpstr (text, ==, expected->str);

  /* A PDF's text layer is the PDF's own. */
  ag_layout_analyze_lines (layer, NULL);
  layer_text = words_text (layer);
  g_assert_nonnull (strstr (layer_text, "会议(Meeting)于10:30开始,请准时!"));
}

/* A page drawn from the words of its lines: each Chinese character a
 * square of ink 0.9 of its size in the middle of its box, each other
 * character a bar 0.4 of its size wide in its half-width box. */
static AgBitmap *
draw_words (AgRecognitionPage *page)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, PAGE_W, PAGE_H);
  cairo_t *cr = cairo_create (surface);
  AgBitmap *bitmap;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);

      for (guint l = 0; l < block->lines->len; l++)
        {
          AgLine *line = g_ptr_array_index (block->lines, l);

          for (guint w = 0; w < line->words->len; w++)
            {
              AgWord *word = g_ptr_array_index (line->words, w);
              double x = word->box.x * PAGE_W, y = word->box.y * PAGE_H;
              double size = word->box.height * PAGE_H;

              for (const char *p = word->text; *p != '\0'; p = g_utf8_next_char (p))
                if (g_utf8_get_char (p) >= 0x2E80)
                  {
                    cairo_rectangle (cr, x + 0.05 * size, y + 0.05 * size, 0.9 * size, 0.9 * size);
                    x += size;
                  }
                else
                  {
                    cairo_rectangle (cr, x + 0.05 * size, y + 0.2 * size, 0.4 * size, 0.75 * size);
                    x += 0.5 * size;
                  }
            }
        }
    }
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  bitmap = ag_test_bitmap_from_surface (surface, 150);
  cairo_surface_destroy (surface);
  return bitmap;
}

/* No space between Chinese and a number or a Latin word unless the page
 * shows a gap there.  The boxes may be off (Tesseract's overlap the
 * next character at a change of script): the page's pixels decide. */
static void
test_chinese_spacing (void)
{
  const char *lines[] = {
    "会议定于2024年5月18日召开",
    "会议定于 2024 年 5 月 18 日召开",
    "请在Settings中选择",
    "请在 Settings 中选择",
    "共3,000人于10:30到",
  };
  g_autoptr(AgRecognitionPage) page = make_page ();
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      add_line (add_block (page), lines[i], 100, 100 + 150 * i, 40);
      g_string_append_printf (expected, "%s%s", i > 0 ? "\n\n" : "", lines[i]);
    }
  bitmap = draw_words (page);

  /* Tesseract's boxes: a number's reaches half into the next
   * character. */
  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgLine *line = g_ptr_array_index (block_at (page, b)->lines, 0);

      for (guint w = 0; w + 1 < line->words->len; w++)
        {
          AgWord *word = g_ptr_array_index (line->words, w);
          AgWord *next = g_ptr_array_index (line->words, w + 1);

          if (g_ascii_isdigit (word->text[0]) && g_utf8_get_char (next->text) >= 0x2E80)
            word->box.width += 20.0 / PAGE_W;
        }
    }

  ag_layout_analyze_lines (page, bitmap);
  dump (page);
  text = ag_recognition_page_dup_text (page);
  g_assert_cmpstr (text, ==, expected->str);
}

/* A page set by a word processor that puts a quarter em between Chinese
 * and Latin by itself (LibreOffice's and Word's Asian/Western spacing):
 * every change of script is set apart, and none is a typed space — but
 * one twice as wide is. */
static void
test_chinese_autospace (void)
{
  const struct { const char *drawn, *read; } lines[] = {
    { "会议定于 2024 年 5 月 18 日召开", "会议定于2024年5月18日召开" },
    { "请在 Settings 中选择", "请在Settings中选择" },
    { "请在  Settings 中选择", "请在 Settings中选择" },
  };
  g_autoptr(AgRecognitionPage) page = make_page ();
  g_autoptr(AgBitmap) bitmap = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      add_line (add_block (page), lines[i].drawn, 100, 100 + 150 * i, 40);
      g_string_append_printf (expected, "%s%s", i > 0 ? "\n\n" : "", lines[i].read);
    }
  bitmap = draw_words (page);

  ag_layout_analyze_lines (page, bitmap);
  text = ag_recognition_page_dup_text (page);
  g_assert_cmpstr (text, ==, expected->str);
}

/* The corpus's structured pages, as the issue measured them: the
 * scans' tables of the right shape, their headings found. */
static void
test_corpus_documents (void)
{
  const struct { const char *file; const char *languages; guint rows, columns; guint headings; } pages[] = {
    { "zh_dev_notice_scan.png", "chi_sim", 4, 4, 3 },
    { "en_dev_report_scan.png", "eng", 5, 4, 2 },
    { "zh_dev_notice_phone.jpg", "chi_sim", 4, 4, 0 },
    { "en_dev_report_phone.jpg", "eng", 5, 4, 0 },
  };

  if (ag_test_get_corpus () == NULL)
    {
      g_test_skip ("the corpus is not there (AIRGAP_CORPUS)");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *path = g_build_filename (ag_test_get_corpus (), "documents", pages[i].file, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(AgDocument) document = NULL;
      g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
      g_autoptr(AgRecognition) recognition = NULL;
      g_autoptr(GError) error = NULL;
      AgRecognitionPage *page;
      guint tables = 0, headings = 0;

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      document = ag_document_new_from_file (file, NULL, NULL, &error);
      g_assert_no_error (error);
      ag_recognize_options_set_languages (options, pages[i].languages);
      recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
      g_assert_no_error (error);
      page = ag_recognition_get_page (recognition, 0);

      for (guint b = 0; b < page->blocks->len; b++)
        {
          AgBlock *block = g_ptr_array_index (page->blocks, b);

          if (block->kind == AG_BLOCK_KIND_TABLE)
            {
              tables++;
              g_assert_cmpuint (block->n_rows, ==, pages[i].rows);
              g_assert_cmpuint (block->n_columns, ==, pages[i].columns);
            }
          if (block->kind == AG_BLOCK_KIND_HEADING)
            headings++;
        }
      g_test_message ("%s: %u tables, %u headings", pages[i].file, tables, headings);
      g_assert_cmpuint (tables, ==, 1);
      g_assert_cmpuint (headings, >=, pages[i].headings);
    }
}

/* A ruled table's cells read each alone: on the Chinese notice read as
 * Chinese and English, the whole page's reading took two short cells
 * ("检查部位", "职工食堂") for Latin ("oT BA,", "HAT at"); read alone
 * they are right. */
static void
test_cells_read_alone (void)
{
  const struct { guint row, column; const char *text; } cells[] = {
    { 0, 0, "序号" }, { 0, 1, "检查部位" }, { 0, 2, "责任部门" }, { 0, 3, "完成时间" },
    { 3, 1, "职工食堂" }, { 3, 2, "后勤处" },
  };
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(AgDocument) document = NULL;
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  g_autoptr(AgRecognition) recognition = NULL;
  g_autoptr(GError) error = NULL;
  AgRecognitionPage *page;
  AgBlock *table = NULL;

  if (ag_test_get_corpus () == NULL)
    {
      g_test_skip ("the corpus is not there (AIRGAP_CORPUS)");
      return;
    }
  path = g_build_filename (ag_test_get_corpus (), "documents", "zh_dev_notice_scan.png", NULL);
  file = g_file_new_for_path (path);
  document = ag_document_new_from_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  ag_recognize_options_set_languages (options, "chi_sim+eng");
  recognition = ag_engine_recognize (ag_engine_get_default (), document, options, NULL, &error);
  g_assert_no_error (error);
  page = ag_recognition_get_page (recognition, 0);

  for (guint b = 0; b < page->blocks->len; b++)
    if (((AgBlock *) g_ptr_array_index (page->blocks, b))->kind == AG_BLOCK_KIND_TABLE)
      table = g_ptr_array_index (page->blocks, b);
  g_assert_nonnull (table);

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_autofree char *text = ag_block_dup_cell_text (table, ag_block_get_cell (table, cells[i].row,
                                                                               cells[i].column), TRUE);

      g_test_message ("cell %u,%u: %s", cells[i].row, cells[i].column, text);
      g_assert_cmpstr (text, ==, cells[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layout/paragraphs", test_paragraphs);
  g_test_add_func ("/layout/headings", test_headings);
  g_test_add_func ("/layout/page-number", test_page_number);
  g_test_add_func ("/layout/two-columns", test_two_columns);
  g_test_add_func ("/layout/unruled-table", test_unruled_table);
  g_test_add_func ("/layout/ruled-table", test_ruled_table);
  g_test_add_func ("/layout/merged-cell", test_merged_cell);
  g_test_add_func ("/layout/binarize-size", test_binarize_size);
  g_test_add_func ("/layout/binarize-once", test_binarize_once);
  g_test_add_func ("/layout/vertical", test_vertical);
  g_test_add_func ("/layout/rendered-page", test_rendered_page);
  g_test_add_func ("/layout/text-layer", test_text_layer);
  g_test_add_func ("/layout/corpus-documents", test_corpus_documents);
  g_test_add_func ("/layout/cells-read-alone", test_cells_read_alone);
  g_test_add_func ("/layout/chinese-punctuation", test_chinese_punctuation);
  g_test_add_func ("/layout/chinese-spacing", test_chinese_spacing);
  g_test_add_func ("/layout/chinese-autospace", test_chinese_autospace);

  return g_test_run ();
}
