/* ag-layout-tables.c — tables: ruled ones from the page's rules, unruled
 * ones from the gaps between words
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Steps 1 and 2 of ag-layout.c: see the comment at its top. */

#include "config.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <string.h>

#include "layout/ag-layout.h"
#include "layout/ag-layout-private.h"
#include "model/ag-text.h"

static double
rule_at (const Rule *rule,
         double      a)
{
  if (rule->a1 - rule->a0 < 1)
    return (rule->b0 + rule->b1) / 2;
  return rule->b0 + (rule->b1 - rule->b0) * (a - rule->a0) / (rule->a1 - rule->a0);
}
/* The binary page is at most so wide, and its body text (when known)
 * no larger than so many pixels: a 12-megapixel photo of a page of large
 * print needs no more to show its rules and gaps, and the search for
 * rules took half a second at 2000 pixels.  An A4 page scanned at
 * 300 dpi (body text 30–60 pixels) is binarised as before. */
#define BINARY_MAX_WIDTH 2000
#define BINARY_BODY 64.0

/* The page last binarised on this thread: the cells of a ruled table are
 * looked for before the page is read again (ag-page-reader.c), and the
 * page laid out after, from the same pixels (a 300 dpi scan's binary
 * copy takes 130 ms).  Let go of by ag_layout_forget_page(). */
typedef struct
{
  AgBitmap *bitmap;   /* a reference: the pointer is not reused meanwhile */
  double    page_w;
  double    factor;
  double    scale;
  PIX      *binary;
} Binarised;

static void
binarised_free (gpointer data)
{
  Binarised *last = data;

  if (last == NULL)
    return;
  g_clear_pointer (&last->bitmap, ag_bitmap_unref);
  pixDestroy (&last->binary);
  g_free (last);
}

static GPrivate last_binarised = G_PRIVATE_INIT (binarised_free);
static guint n_binarised;

/* How many pages were binarised in this process, for the tests. */
guint
_ag_layout_get_n_binarised (void)
{
  return g_atomic_int_get (&n_binarised);
}

/**
 * ag_layout_forget_page:
 *
 * Lets go of the binary copy of the page this thread last laid out or
 * looked for table cells in: call it when the page is done.
 */
void
ag_layout_forget_page (void)
{
  g_private_replace (&last_binarised, NULL);
}

/* @bitmap in grey, each @k × @k block of pixels one: straight into a
 * PIX when @k is 1 (a 300 dpi scan's 35 MB are read once). */
static PIX *
grey_pix (AgBitmap *bitmap,
          int       k)
{
  int w = ag_bitmap_get_width (bitmap), h = ag_bitmap_get_height (bitmap);
  g_autoptr(AgBitmap) reduced = NULL;
  const guint8 *data;
  gsize stride;
  PIX *grey;

  if (k > 1 || ag_bitmap_get_format (bitmap) != AG_BITMAP_FORMAT_RGBA8)
    bitmap = reduced = ag_bitmap_new_gray_reduced (bitmap, 0, 0, w, h, k);
  data = g_bytes_get_data (ag_bitmap_get_pixels (bitmap), NULL);
  stride = ag_bitmap_get_stride (bitmap);
  grey = pixCreateNoInit (ag_bitmap_get_width (bitmap), ag_bitmap_get_height (bitmap), 8);
  if (grey == NULL)
    return NULL;

  for (int y = 0; y < pixGetHeight (grey); y++)
    {
      l_uint32 *line = pixGetData (grey) + y * pixGetWpl (grey);
      const guint8 *p = data + y * stride;

      if (reduced != NULL)
        for (int x = 0; x < pixGetWidth (grey); x++)
          SET_DATA_BYTE (line, x, p[x]);
      else
        for (int x = 0; x < pixGetWidth (grey); x++, p += 4)
          SET_DATA_BYTE (line, x, ag_bitmap_gray_of_rgba (p));
    }

  return grey;
}

/* The page as a binary image, at most about BINARY_MAX_WIDTH pixels
 * wide and its @body text (in the recognised image's pixels, 0 if not
 * known) about BINARY_BODY pixels at most; @scale is what its
 * coordinates are multiplied by to be the recognised image's. */
PIX *
_ag_layout_binarize (AgBitmap *bitmap,
                     double    page_w,
                     double    body,
                     double   *scale)
{
  int w = ag_bitmap_get_width (bitmap), h = ag_bitmap_get_height (bitmap);
  gsize stride = ag_bitmap_get_stride (bitmap);
  gsize size;
  const guint8 *data = g_bytes_get_data (ag_bitmap_get_pixels (bitmap), &size);
  Binarised *last = g_private_get (&last_binarised);
  PIX *grey, *small, *normal, *binary;
  double factor = 1;
  gint64 start = g_get_monotonic_time ();
  int k;

  if (w < 16 || h < 16 || data == NULL || size < stride * (gsize) h || page_w <= 0)
    return NULL;

  if (w > BINARY_MAX_WIDTH)
    factor = (double) BINARY_MAX_WIDTH / w;
  if (body > 0 && body * w / page_w * factor > BINARY_BODY)
    factor = BINARY_BODY / (body * w / page_w);
  /* Whole blocks averaged while the grey is made, the rest scaled;
   * never below 16 pixels a side. */
  factor = MAX (factor, 16.0 / MIN (w, h));
  k = CLAMP ((int) (1.0 / factor), 1, MIN (w, h) / 16);

  if (last != NULL && last->bitmap == bitmap && last->page_w == page_w && last->factor == factor)
    {
      *scale = last->scale;
      return pixCopy (NULL, last->binary);
    }

  grey = grey_pix (bitmap, k);
  if (grey == NULL)
    return NULL;
  /* (without pixScale()'s sharpening, which took 90 of a 300 dpi
   * scan's 215 ms here: the threshold below needs no crisper edges) */
  small = factor * k < 0.98 ? pixScaleGeneral (grey, (float) (factor * k), (float) (factor * k), 0, 0)
                            : pixClone (grey);
  pixDestroy (&grey);
  if (small == NULL)
    return NULL;

  /* A photo's light falls off to the corners: level the background. */
  normal = pixBackgroundNormSimple (small, NULL, NULL);
  binary = pixThresholdToBinary (normal != NULL ? normal : small, 150);
  pixDestroy (&normal);
  *scale = page_w / pixGetWidth (small);
  pixDestroy (&small);
  if (binary == NULL)
    return NULL;

  last = g_new0 (Binarised, 1);
  last->bitmap = ag_bitmap_ref (bitmap);
  last->page_w = page_w;
  last->factor = factor;
  last->scale = *scale;
  last->binary = pixCopy (NULL, binary);
  g_private_replace (&last_binarised, last);
  g_atomic_int_inc (&n_binarised);
  g_debug ("Binarised %d × %d at %.2f for the layout in %.1f ms", w, h, factor,
           (g_get_monotonic_time () - start) / 1000.0);

  return binary;
}
/* The mean row (or column) of the ink in the first or last few columns
 * (rows) of a component. */
static double
end_position (PIX      *component,
              gboolean  horizontal,
              gboolean  last)
{
  int w = pixGetWidth (component), h = pixGetHeight (component);
  int n = horizontal ? w : h;
  int span = MIN (n, 8);
  double sum = 0;
  int count = 0;

  for (int k = 0; k < span; k++)
    {
      int along = last ? n - 1 - k : k;
      int across = horizontal ? h : w;

      for (int c = 0; c < across; c++)
        {
          l_uint32 value = 0;

          pixGetPixel (component, horizontal ? along : c, horizontal ? c : along, &value);
          if (value)
            {
              sum += c;
              count++;
            }
        }
    }

  return count > 0 ? sum / count : (horizontal ? h : w) / 2.0;
}
/* Rules of at least @length pixels, horizontal or vertical, in pixels of
 * the recognised image. */
static GArray *
find_rules (PIX      *binary,
            gboolean  horizontal,
            int       length,
            double    scale)
{
  GArray *rules = g_array_new (FALSE, FALSE, sizeof (Rule));
  PIX *thick, *open;
  PIXA *components = NULL;
  BOXA *boxes;

  /* A rule a degree or two askew is a staircase: thickened across, it
   * is one run along its length again. */
  thick = horizontal ? pixDilateBrick (NULL, binary, 1, 7) : pixDilateBrick (NULL, binary, 7, 1);
  open = horizontal ? pixOpenCompBrickDwa (NULL, thick, length, 1) : pixOpenCompBrickDwa (NULL, thick, 1, length);
  pixDestroy (&thick);
  if (open == NULL)
    return rules;

  boxes = pixConnComp (open, &components, 8);
  for (int i = 0; boxes != NULL && i < boxaGetCount (boxes); i++)
    {
      l_int32 x, y, w, h;
      PIX *component;
      Rule rule;

      boxaGetBoxGeometry (boxes, i, &x, &y, &w, &h);
      if ((horizontal ? w : h) < length || (horizontal ? h : w) > length)
        continue;
      component = pixaGetPix (components, i, L_CLONE);
      if (horizontal)
        {
          rule.a0 = x;
          rule.a1 = x + w;
          rule.b0 = y + end_position (component, TRUE, FALSE);
          rule.b1 = y + end_position (component, TRUE, TRUE);
        }
      else
        {
          rule.a0 = y;
          rule.a1 = y + h;
          rule.b0 = x + end_position (component, FALSE, FALSE);
          rule.b1 = x + end_position (component, FALSE, TRUE);
        }
      pixDestroy (&component);
      rule.a0 *= scale;
      rule.a1 *= scale;
      rule.b0 *= scale;
      rule.b1 *= scale;
      g_array_append_val (rules, rule);
    }

  boxaDestroy (&boxes);
  pixaDestroy (&components);
  pixDestroy (&open);
  return rules;
}
static int
find_set (int *parent,
          int  i)
{
  while (parent[i] != i)
    i = parent[i] = parent[parent[i]];
  return i;
}
static void
join_sets (int *parent,
           int  a,
           int  b)
{
  a = find_set (parent, a);
  b = find_set (parent, b);
  if (a != b)
    parent[MAX (a, b)] = MIN (a, b);
}
static int
compare_rules (gconstpointer a,
               gconstpointer b)
{
  const Rule *x = a, *y = b;
  double mx = (x->b0 + x->b1) / 2, my = (y->b0 + y->b1) / 2;

  return mx < my ? -1 : mx > my;
}
/* Pieces of one rule are one: a rule across a photographed page breaks
 * where it is askew, a double rule or a thick border is two.  Two rules
 * are one where each, drawn on, runs within @gap of the other. */
static void
merge_close_rules (GArray *rules,
                   double  gap)
{
  gboolean merged = TRUE;

  while (merged && rules->len < 400)
    {
      merged = FALSE;
      for (guint i = 0; i < rules->len && !merged; i++)
        for (guint j = i + 1; j < rules->len && !merged; j++)
          {
            Rule *a = &g_array_index (rules, Rule, i), *b = &g_array_index (rules, Rule, j);
            double from = MAX (a->a0, b->a0), to = MIN (a->a1, b->a1);
            double at = from <= to ? (from + to) / 2 : (from + to) / 2;
            Rule one;

            /* Apart along their length by more than a few characters:
             * two rules (of two tables, or a gap in a form). */
            if (from - to > 4 * gap)
              continue;
            if (fabs (rule_at (a, at) - rule_at (b, at)) > gap)
              continue;

            one.a0 = MIN (a->a0, b->a0);
            one.a1 = MAX (a->a1, b->a1);
            one.b0 = a->a0 <= b->a0 ? a->b0 : b->b0;
            one.b1 = a->a1 >= b->a1 ? a->b1 : b->b1;
            /* A piece inside the other keeps the longer one's line. */
            if (a->a1 - a->a0 >= 0.9 * (one.a1 - one.a0))
              {
                one.b0 = rule_at (a, one.a0);
                one.b1 = rule_at (a, one.a1);
              }
            else if (b->a1 - b->a0 >= 0.9 * (one.a1 - one.a0))
              {
                one.b0 = rule_at (b, one.a0);
                one.b1 = rule_at (b, one.a1);
              }
            *a = one;
            g_array_remove_index (rules, j);
            merged = TRUE;
          }
    }
  g_array_sort (rules, compare_rules);
}

void
_ag_layout_table_free (Table *table)
{
  g_array_unref (table->h);
  g_array_unref (table->v);
  g_free (table->cell_of);
  if (table->cells != NULL)
    g_array_unref (table->cells);
  g_free (table);
}
/* The merged cells of a table's grid: a rule that does not cross a
 * row's (column's) middle leaves the cells on either side one. */
static void
make_cells (Table  *table,
            double  tolerance)
{
  int rows = table->n_rows, columns = table->n_columns;
  int *parent = g_new (int, rows * columns);
  int *seen = g_new (int, rows * columns);

  for (int i = 0; i < rows * columns; i++)
    {
      parent[i] = i;
      seen[i] = -1;
    }

  for (int r = 0; r < rows; r++)
    for (int c = 0; c < columns; c++)
      {
        Rule *left = &g_array_index (table->v, Rule, c), *right = &g_array_index (table->v, Rule, c + 1);
        Rule *top = &g_array_index (table->h, Rule, r), *bottom = &g_array_index (table->h, Rule, r + 1);
        double xm = (rule_at (left, (top->b0 + bottom->b0) / 2) + rule_at (right, (top->b0 + bottom->b0) / 2)) / 2;
        double ym = (rule_at (top, xm) + rule_at (bottom, xm)) / 2;

        if (c + 1 < columns && (right->a0 > ym + tolerance || right->a1 < ym - tolerance))
          join_sets (parent, r * columns + c, r * columns + c + 1);
        if (r + 1 < rows && (bottom->a0 > xm + tolerance || bottom->a1 < xm - tolerance))
          join_sets (parent, r * columns + c, (r + 1) * columns + c);
      }

  table->cell_of = g_new (int, rows * columns);
  table->cells = g_array_new (FALSE, FALSE, sizeof (AgCell));
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < columns; c++)
      {
        int set = find_set (parent, r * columns + c);

        if (seen[set] < 0)
          {
            AgCell cell = { { 0, 0, 0, 0 }, r, c, 1, 1, 0, 0 };
            int r1 = r, c1 = c;

            /* The bounding rectangle of the grid cells in the set. */
            for (int rr = r; rr < rows; rr++)
              for (int cc = 0; cc < columns; cc++)
                if (find_set (parent, rr * columns + cc) == set)
                  {
                    r1 = MAX (r1, rr);
                    c1 = MAX (c1, cc);
                    cell.column = MIN (cell.column, (guint) cc);
                  }
            cell.row_span = r1 - r + 1;
            cell.column_span = c1 - cell.column + 1;
            seen[set] = table->cells->len;
            g_array_append_val (table->cells, cell);
          }
        table->cell_of[r * columns + c] = seen[set];
      }

  g_free (parent);
  g_free (seen);
}
/* Grids of rules that touch, of two rows and columns at least. */
void
_ag_layout_find_tables (Layout *layout,
                        PIX    *binary,
                        double  scale)
{
  double size = layout->body > 0 ? layout->body : layout->page_w / 60;
  int h_length = MAX (20, (int) (5 * size / scale));
  int v_length = MAX (12, (int) (1.5 * size / scale));
  g_autoptr(GArray) h = find_rules (binary, TRUE, h_length, scale);
  g_autoptr(GArray) v = find_rules (binary, FALSE, v_length, scale);
  double tolerance = 0.6 * size;
  int n = h->len + v->len;
  int *parent;

  merge_close_rules (h, 0.4 * size);
  merge_close_rules (v, 0.4 * size);
  n = h->len + v->len;
  if (h->len < 2 || v->len < 2 || n > 2000)
    return;

  parent = g_new (int, n);
  for (int i = 0; i < n; i++)
    parent[i] = i;

  for (guint i = 0; i < h->len; i++)
    for (guint j = 0; j < v->len; j++)
      {
        Rule *a = &g_array_index (h, Rule, i), *b = &g_array_index (v, Rule, j);
        double x = rule_at (b, (a->b0 + a->b1) / 2);
        double y = rule_at (a, x);

        if (x > a->a0 - tolerance && x < a->a1 + tolerance &&
            y > b->a0 - tolerance && y < b->a1 + tolerance)
          join_sets (parent, i, h->len + j);
      }

  for (int s = 0; s < n; s++)
    {
      Table *table;

      if (find_set (parent, s) != s)
        continue;

      table = g_new0 (Table, 1);
      table->h = g_array_new (FALSE, FALSE, sizeof (Rule));
      table->v = g_array_new (FALSE, FALSE, sizeof (Rule));
      table->first = -1;
      for (int i = 0; i < n; i++)
        if (find_set (parent, i) == s)
          {
            if ((guint) i < h->len)
              g_array_append_val (table->h, g_array_index (h, Rule, i));
            else
              g_array_append_val (table->v, g_array_index (v, Rule, i - h->len));
          }
      g_array_sort (table->h, compare_rules);
      g_array_sort (table->v, compare_rules);

      table->n_rows = table->h->len - 1;
      table->n_columns = table->v->len - 1;
      if (table->h->len < 2 || table->v->len < 2 || table->n_rows * table->n_columns > 4096)
        {
          _ag_layout_table_free (table);
          continue;
        }

      table->x0 = table->y0 = G_MAXDOUBLE;
      table->x1 = table->y1 = -G_MAXDOUBLE;
      for (guint i = 0; i < table->h->len; i++)
        {
          Rule *rule = &g_array_index (table->h, Rule, i);

          table->x0 = MIN (table->x0, rule->a0);
          table->x1 = MAX (table->x1, rule->a1);
          table->y0 = MIN (table->y0, MIN (rule->b0, rule->b1));
          table->y1 = MAX (table->y1, MAX (rule->b0, rule->b1));
        }
      for (guint i = 0; i < table->v->len; i++)
        {
          Rule *rule = &g_array_index (table->v, Rule, i);

          table->y0 = MIN (table->y0, rule->a0);
          table->y1 = MAX (table->y1, rule->a1);
          table->x0 = MIN (table->x0, MIN (rule->b0, rule->b1));
          table->x1 = MAX (table->x1, MAX (rule->b0, rule->b1));
        }
      /* A box (a frame round a page or a paragraph) is no table. */
      make_cells (table, tolerance);
      if (table->cells->len < 2)
        {
          _ag_layout_table_free (table);
          continue;
        }
      g_ptr_array_add (layout->tables, table);
    }

  g_free (parent);
}
/* The grid cell of a point of a table. */
static void
grid_cell (Table  *table,
           double  x,
           double  y,
           int    *row,
           int    *column)
{
  int r = 0, c = 0;

  for (guint i = 1; i + 1 < table->h->len; i++)
    if (rule_at (&g_array_index (table->h, Rule, i), x) < y)
      r = i;
  for (guint i = 1; i + 1 < table->v->len; i++)
    if (rule_at (&g_array_index (table->v, Rule, i), y) < x)
      c = i;
  *row = r;
  *column = c;
}
/* The x ranges, in a run of lines, where none has a word, wider than
 * @gap and inside the run: the gutters of a table. */
static GArray *
find_gutters (Layout *layout,
              guint   first,
              guint   n,
              double  gap)
{
  GArray *gutters = g_array_new (FALSE, FALSE, sizeof (double));
  double left = G_MAXDOUBLE, right = -G_MAXDOUBLE;
  double reach;

  for (guint i = first; i < first + n; i++)
    {
      Line *line = &g_array_index (layout->lines, Line, i);

      left = MIN (left, line->x0);
      right = MAX (right, line->x1);
    }

  reach = left;
  {
    guint n_words = 0;
    g_autofree double *pairs = NULL;

    for (guint i = first; i < first + n; i++)
      n_words += g_array_index (layout->lines, Line, i).line->words->len;
    pairs = g_new (double, 2 * MAX (n_words, 1));
    n_words = 0;
    for (guint i = first; i < first + n; i++)
      {
        Line *line = &g_array_index (layout->lines, Line, i);

        for (guint w = 0; w < line->line->words->len; w++)
          {
            AgWord *word = g_ptr_array_index (line->line->words, w);

            pairs[2 * n_words] = word->box.x * layout->page_w;
            pairs[2 * n_words + 1] = (word->box.x + word->box.width) * layout->page_w;
            n_words++;
          }
      }
    /* Sort the pairs by start (insertion: a table has few words). */
    for (guint i = 1; i < n_words; i++)
      for (guint j = i; j > 0 && pairs[2 * j] < pairs[2 * (j - 1)]; j--)
        {
          double a = pairs[2 * j], b = pairs[2 * j + 1];

          pairs[2 * j] = pairs[2 * (j - 1)];
          pairs[2 * j + 1] = pairs[2 * (j - 1) + 1];
          pairs[2 * (j - 1)] = a;
          pairs[2 * (j - 1) + 1] = b;
        }
    for (guint i = 0; i < n_words; i++)
      {
        if (pairs[2 * i] - reach > gap && reach > left)
          {
            double gutter = (reach + pairs[2 * i]) / 2;

            g_array_append_val (gutters, gutter);
          }
        reach = MAX (reach, pairs[2 * i + 1]);
      }
  }

  return gutters;
}
static int
column_of (GArray *gutters,
           double  x)
{
  int c = 0;

  for (guint i = 0; i < gutters->len; i++)
    if (x > g_array_index (gutters, double, i))
      c = i + 1;
  return c;
}
/* Does every line of the run have words in two columns at least, and the
 * run no line that reads as running text (a paragraph's line has no
 * gap as wide as a gutter)? */
static gboolean
is_unruled_table (Layout *layout,
                  guint   first,
                  guint   n,
                  GArray *gutters)
{
  if (n < 3 || gutters->len == 0)
    return FALSE;

  for (guint i = first; i < first + n; i++)
    {
      Line *line = &g_array_index (layout->lines, Line, i);
      int columns_used = 0, last = -1;

      for (guint w = 0; w < line->line->words->len; w++)
        {
          AgWord *word = g_ptr_array_index (line->line->words, w);
          int c = column_of (gutters, (word->box.x + word->box.width / 2) * layout->page_w);

          if (c != last)
            columns_used++;
          last = c;
        }
      if (columns_used < 2)
        return FALSE;
    }

  return TRUE;
}
static gboolean
has_gap (Line   *line,
         double  page_w,
         double  gap)
{
  for (guint w = 1; w < line->line->words->len; w++)
    {
      AgWord *a = g_ptr_array_index (line->line->words, w - 1);
      AgWord *b = g_ptr_array_index (line->line->words, w);

      if ((b->box.x - (a->box.x + a->box.width)) * page_w > gap)
        return TRUE;
    }
  return FALSE;
}
/* Runs of three lines or more with gaps, in the same region, one under
 * the other, that share gutters, become tables of a row per line. */
void
_ag_layout_find_unruled_tables (Layout *layout)
{
  GArray *lines = layout->lines;
  double gap = 1.5 * layout->body;

  for (guint i = 0; i < lines->len; )
    {
      guint j = i;

      while (j < lines->len)
        {
          Line *line = &g_array_index (lines, Line, j);

          if (line->table >= 0 || !has_gap (line, layout->page_w, gap))
            break;
          if (j > i)
            {
              Line *before = &g_array_index (lines, Line, j - 1);

              if (line->region != before->region || line->cy <= before->cy ||
                  line->cy - before->cy > 2.5 * layout->pitch)
                break;
            }
          j++;
        }

      if (j - i >= 3)
        {
          g_autoptr(GArray) gutters = find_gutters (layout, i, j - i, gap);

          if (is_unruled_table (layout, i, j - i, gutters))
            {
              Table *table = g_new0 (Table, 1);

              table->h = g_array_new (FALSE, FALSE, sizeof (Rule));
              table->v = g_array_new (FALSE, FALSE, sizeof (Rule));
              table->n_rows = j - i;
              table->n_columns = gutters->len + 1;
              table->first = i;
              table->x0 = table->y0 = G_MAXDOUBLE;
              table->x1 = table->y1 = -G_MAXDOUBLE;
              table->cell_of = g_new (int, table->n_rows * table->n_columns);
              table->cells = g_array_new (FALSE, FALSE, sizeof (AgCell));
              for (int r = 0; r < table->n_rows; r++)
                for (int c = 0; c < table->n_columns; c++)
                  {
                    AgCell cell = { { 0, 0, 0, 0 }, r, c, 1, 1, 0, 0 };

                    table->cell_of[r * table->n_columns + c] = table->cells->len;
                    g_array_append_val (table->cells, cell);
                  }
              /* Gutters as vertical rules, rows by the lines. */
              for (guint k = 0; k < gutters->len; k++)
                {
                  Rule rule = { 0, layout->page_h, g_array_index (gutters, double, k),
                                g_array_index (gutters, double, k) };

                  g_array_append_val (table->v, rule);
                }
              for (guint k = i; k < j; k++)
                {
                  Line *line = &g_array_index (lines, Line, k);

                  line->table = layout->tables->len;
                  table->x0 = MIN (table->x0, line->x0);
                  table->x1 = MAX (table->x1, line->x1);
                  table->y0 = MIN (table->y0, line->y0);
                  table->y1 = MAX (table->y1, line->y1);
                }
              g_ptr_array_add (layout->tables, table);
              i = j;
              continue;
            }
        }
      i = MAX (j, i + 1);
    }
}
static gboolean
is_rule_glyph (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (strchr ("|_[]", *p) == NULL || (*p & 0x80) != 0)
      {
        gunichar c = g_utf8_get_char (p);

        if (c != 0xFF5C && c != 0x4E28 && c != 0x2016 && c != 0x00A6)   /* ｜ 丨 ‖ ¦ */
          return FALSE;
      }
  return TRUE;
}
/* A table's block: its cells, row by row, each a run of lines made of
 * the words whose centres are in it, line by line. */
AgBlock *
_ag_layout_make_table_block (Layout *layout,
                             Table  *table,
                             int     index)
{
  AgBlock *block;
  int n_cells = table->cells->len;
  GPtrArray **cell_lines = g_new0 (GPtrArray *, n_cells);
  gboolean ruled = table->h->len > 0;

  for (guint i = 0; i < layout->lines->len; i++)
    {
      Line *line = &g_array_index (layout->lines, Line, i);
      int row_of_line = -1;

      if (line->table != index)
        continue;
      if (!ruled)
        {
          row_of_line = 0;
          for (guint k = 0; k < i; k++)
            if (g_array_index (layout->lines, Line, k).table == index)
              row_of_line++;
        }

      for (guint w = 0; w < line->line->words->len; w++)
        {
          AgWord *word = g_ptr_array_index (line->line->words, w);
          double x = (word->box.x + word->box.width / 2) * layout->page_w;
          double y = (word->box.y + word->box.height / 2) * layout->page_h;
          int row, column, cell;
          GPtrArray *lines;
          AgLine *last;

          /* A rule read as a character. */
          if (ruled && is_rule_glyph (word->text))
            continue;

          if (ruled)
            grid_cell (table, x, y, &row, &column);
          else
            {
              GArray *gutters = g_array_new (FALSE, FALSE, sizeof (double));

              for (guint k = 0; k < table->v->len; k++)
                g_array_append_val (gutters, g_array_index (table->v, Rule, k).b0);
              row = row_of_line;
              column = column_of (gutters, x);
              g_array_unref (gutters);
            }
          cell = table->cell_of[row * table->n_columns + column];

          if (cell_lines[cell] == NULL)
            cell_lines[cell] = g_ptr_array_new ();
          lines = cell_lines[cell];
          last = lines->len > 0 ? g_ptr_array_index (lines, lines->len - 1) : NULL;

          /* A new line in the cell for each line of the page. */
          if (last == NULL ||
              last->box.y + last->box.height < word->box.y + word->box.height / 4 ||
              last->box.y > word->box.y + word->box.height * 3 / 4)
            {
              last = ag_line_new ();
              last->box = word->box;
              g_ptr_array_add (lines, last);
            }
          {
            AgWord *copy = ag_word_new (word->text, &word->box, word->confidence);

            copy->gap_before = word->gap_before;
            g_ptr_array_add (last->words, copy);
          }
          _ag_layout_add_line_box (&last->box, &word->box);
        }
    }

  /* In the user's region its first line is in. */
  block = ag_block_new (table->first >= 0 ? g_array_index (layout->lines, Line, table->first).region : -1);
  for (int c = 0; c < n_cells; c++)
    {
      AgCell *cell = &g_array_index (table->cells, AgCell, c);
      guint first_line = block->lines->len;
      guint n_lines = cell_lines[c] != NULL ? cell_lines[c]->len : 0;
      AgRect box;

      for (guint l = 0; l < n_lines; l++)
        {
          AgLine *line = g_ptr_array_index (cell_lines[c], l);

          g_ptr_array_add (block->lines, line);
          _ag_layout_add_line_box (&block->box, &line->box);
        }
      if (cell_lines[c] != NULL)
        g_ptr_array_unref (cell_lines[c]);

      /* The cell's box from the rules around it, or its lines'. */
      if (ruled)
        {
          Rule *left = &g_array_index (table->v, Rule, cell->column);
          Rule *right = &g_array_index (table->v, Rule, cell->column + cell->column_span);
          Rule *top = &g_array_index (table->h, Rule, cell->row);
          Rule *bottom = &g_array_index (table->h, Rule, cell->row + cell->row_span);
          double x0 = rule_at (left, (top->b0 + bottom->b0) / 2), x1 = rule_at (right, (top->b0 + bottom->b0) / 2);
          double y0 = rule_at (top, (x0 + x1) / 2), y1 = rule_at (bottom, (x0 + x1) / 2);

          box.x = CLAMP (x0 / layout->page_w, 0, 1);
          box.y = CLAMP (y0 / layout->page_h, 0, 1);
          box.width = CLAMP ((x1 - x0) / layout->page_w, 0, 1 - box.x);
          box.height = CLAMP ((y1 - y0) / layout->page_h, 0, 1 - box.y);
          ag_block_add_cell (block, cell->row, cell->column, cell->row_span, cell->column_span,
                             first_line, n_lines, &box);
        }
      else
        ag_block_add_cell (block, cell->row, cell->column, cell->row_span, cell->column_span,
                           first_line, n_lines, NULL);
    }
  g_free (cell_lines);

  block->box.x = CLAMP (table->x0 / layout->page_w, 0, 1);
  block->box.y = CLAMP (table->y0 / layout->page_h, 0, 1);
  block->box.width = CLAMP ((table->x1 - table->x0) / layout->page_w, 0, 1 - block->box.x);
  block->box.height = CLAMP ((table->y1 - table->y0) / layout->page_h, 0, 1 - block->box.y);

  return block;
}
