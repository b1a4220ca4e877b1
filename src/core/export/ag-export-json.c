/* ag-export-json.c — the recognition as JSON
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The layout is documented, as a JSON Schema, in
 * docs/airgap-json.schema.json; change both together and raise
 * AG_EXPORT_JSON_VERSION when a change is not only an addition. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "export/ag-export-util-private.h"
#include "export/ag-export-writers-private.h"

#define AG_EXPORT_JSON_VERSION 1

/* Boxes in fractions keep six decimals: far below a pixel. */
static double
round_fraction (double value)
{
  /* JSON has no NaN or infinity: json-glib would write "nan", which no
   * reader accepts (tests/fuzz/fuzz-export checks the output parses). */
  if (!isfinite (value))
    return 0;
  return floor (value * 1e6 + 0.5) / 1e6;
}

static double
round_confidence (float confidence)
{
  if (isnan (confidence))
    return 0;
  return floor (CLAMP (confidence, 0.f, 100.f) * 100 + 0.5) / 100;
}

static void
add_box (JsonBuilder  *builder,
         const AgRect *rect,
         int           width,
         int           height)
{
  int bbox[4];

  json_builder_set_member_name (builder, "box");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "x");
  json_builder_add_double_value (builder, round_fraction (rect->x));
  json_builder_set_member_name (builder, "y");
  json_builder_add_double_value (builder, round_fraction (rect->y));
  json_builder_set_member_name (builder, "width");
  json_builder_add_double_value (builder, round_fraction (rect->width));
  json_builder_set_member_name (builder, "height");
  json_builder_add_double_value (builder, round_fraction (rect->height));
  json_builder_end_object (builder);

  _ag_export_rect_to_bbox (rect, width, height, bbox);
  json_builder_set_member_name (builder, "bbox");
  json_builder_begin_array (builder);
  for (guint i = 0; i < 4; i++)
    json_builder_add_int_value (builder, bbox[i]);
  json_builder_end_array (builder);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_word (JsonBuilder *builder,
          AgWord      *word,
          int          width,
          int          height)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, word->text != NULL ? word->text : "");
  add_box (builder, &word->box, width, height);
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, round_confidence (word->confidence));
  json_builder_end_object (builder);
}

static void
add_line (JsonBuilder *builder,
          AgLine      *line,
          int          width,
          int          height)
{
  g_autofree char *text = ag_line_dup_text (line);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  add_box (builder, &line->box, width, height);
  json_builder_set_member_name (builder, "words");
  json_builder_begin_array (builder);
  for (guint w = 0; w < line->words->len; w++)
    add_word (builder, g_ptr_array_index (line->words, w), width, height);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static const char *
kind_name (AgBlockKind kind)
{
  switch (kind)
    {
    case AG_BLOCK_KIND_HEADING:
      return "heading";
    case AG_BLOCK_KIND_LIST_ITEM:
      return "list-item";
    case AG_BLOCK_KIND_TABLE:
      return "table";
    case AG_BLOCK_KIND_OTHER:
      return "other";
    case AG_BLOCK_KIND_CODE:
      return "code";
    case AG_BLOCK_KIND_PARAGRAPH:
    default:
      return "paragraph";
    }
}

static void
add_cells (JsonBuilder *builder,
           AgBlock     *block,
           gboolean     join,
           int          width,
           int          height)
{
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, block->n_rows);
  json_builder_set_member_name (builder, "columns");
  json_builder_add_int_value (builder, block->n_columns);
  json_builder_set_member_name (builder, "cells");
  json_builder_begin_array (builder);
  for (guint c = 0; c < block->cells->len; c++)
    {
      const AgCell *cell = &g_array_index (block->cells, AgCell, c);
      g_autofree char *text = ag_block_dup_cell_text (block, cell, join);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, cell->row);
      json_builder_set_member_name (builder, "column");
      json_builder_add_int_value (builder, cell->column);
      json_builder_set_member_name (builder, "row_span");
      json_builder_add_int_value (builder, cell->row_span);
      json_builder_set_member_name (builder, "column_span");
      json_builder_add_int_value (builder, cell->column_span);
      json_builder_set_member_name (builder, "lines");
      json_builder_begin_array (builder);
      for (guint l = 0; l < cell->n_lines; l++)
        json_builder_add_int_value (builder, cell->first_line + l);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
      add_box (builder, &cell->box, width, height);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_block (JsonBuilder *builder,
           AgBlock     *block,
           gboolean     join,
           int          width,
           int          height)
{
  static const char * const aligns[] = { "left", "center", "right" };
  g_autofree char *text = ag_block_dup_text (block, join);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "region");
  json_builder_add_int_value (builder, block->region);
  json_builder_set_member_name (builder, "vertical");
  json_builder_add_boolean_value (builder, block->vertical);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_name (block->kind));
  if (block->kind == AG_BLOCK_KIND_HEADING)
    {
      json_builder_set_member_name (builder, "level");
      json_builder_add_int_value (builder, MAX (block->level, 1));
    }
  json_builder_set_member_name (builder, "align");
  json_builder_add_string_value (builder, aligns[MIN (block->align, AG_BLOCK_ALIGN_END)]);
  json_builder_set_member_name (builder, "indent");
  json_builder_add_double_value (builder, round_fraction (CLAMP (block->indent, -1, 1)));
  if (block->kind == AG_BLOCK_KIND_CODE)
    {
      json_builder_set_member_name (builder, "symbology");
      json_builder_add_string_value (builder, block->symbology != NULL ? block->symbology : "");
    }
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  add_box (builder, &block->box, width, height);
  if (block->kind == AG_BLOCK_KIND_TABLE && block->cells != NULL)
    add_cells (builder, block, join, width, height);
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint l = 0; l < block->lines->len; l++)
    add_line (builder, g_ptr_array_index (block->lines, l), width, height);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* A region of the page: its blocks, and the box around them. */
static void
add_regions (JsonBuilder       *builder,
             AgRecognitionPage *page,
             int                width,
             int                height)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (int));

  json_builder_set_member_name (builder, "regions");
  json_builder_begin_array (builder);

  for (guint b = 0; b < page->blocks->len; b++)
    {
      AgBlock *block = g_ptr_array_index (page->blocks, b);
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
      gboolean known = FALSE;
      AgRect box;

      for (guint i = 0; i < seen->len; i++)
        if (g_array_index (seen, int, i) == block->region)
          known = TRUE;
      if (known)
        continue;
      g_array_append_val (seen, block->region);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, block->region);
      json_builder_set_member_name (builder, "blocks");
      json_builder_begin_array (builder);
      for (guint o = b; o < page->blocks->len; o++)
        {
          AgBlock *other = g_ptr_array_index (page->blocks, o);

          if (other->region != block->region)
            continue;
          json_builder_add_int_value (builder, o);
          x0 = MIN (x0, other->box.x);
          y0 = MIN (y0, other->box.y);
          x1 = MAX (x1, other->box.x + other->box.width);
          y1 = MAX (y1, other->box.y + other->box.height);
        }
      json_builder_end_array (builder);

      box.x = x0;
      box.y = y0;
      box.width = x1 - x0;
      box.height = y1 - y0;
      add_box (builder, &box, width, height);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
}

static void
add_page (JsonBuilder       *builder,
          AgRecognitionPage *page,
          gboolean           join)
{
  GString *text = g_string_new (NULL);
  int width, height;

  _ag_export_page_pixel_size (page, &width, &height);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, page->index);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, height);
  json_builder_set_member_name (builder, "dpi");
  if (page->dpi > 0 && isfinite (page->dpi))
    json_builder_add_double_value (builder, page->dpi);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, page->source == AG_RECOGNITION_SOURCE_TEXT_LAYER ? "text-layer" : "ocr");
  add_string_or_null (builder, "engine", page->engine);
  add_string_or_null (builder, "note", page->note);
  json_builder_set_member_name (builder, "languages");
  json_builder_begin_array (builder);
  if (page->languages != NULL)
    {
      g_auto(GStrv) codes = g_strsplit (page->languages, "+", -1);

      for (guint i = 0; codes[i] != NULL; i++)
        if (*codes[i] != '\0')
          json_builder_add_string_value (builder, codes[i]);
    }
  json_builder_end_array (builder);

  _ag_export_append_page_text (text, page, join ? AG_EXPORT_FLAGS_NONE : AG_EXPORT_FLAGS_KEEP_LINES);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text->str);
  g_string_free (text, TRUE);

  add_regions (builder, page, width, height);

  json_builder_set_member_name (builder, "blocks");
  json_builder_begin_array (builder);
  for (guint b = 0; b < page->blocks->len; b++)
    add_block (builder, g_ptr_array_index (page->blocks, b), join, width, height);
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

/* json-glib's generator writes every double with 17 digits
 * (0.10000000000000001); this one writes what the values mean: boxes to
 * six decimals, whole numbers without a fraction.  Members stay in the
 * order they were added. */
static void
write_string (GString    *out,
              const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
write_double (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }

  g_ascii_formatd (buffer, sizeof buffer, "%.6f", value);
  end = buffer + strlen (buffer) - 1;
  while (end > buffer && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  if (strcmp (buffer, "-0") == 0)
    strcpy (buffer, "0");
  g_string_append (out, buffer);
}

static void
write_indent (GString *out,
              guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
write_node (GString  *out,
            JsonNode *node,
            guint     depth)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            write_indent (out, depth + 1);
            write_string (out, name);
            g_string_append (out, ": ");
            write_node (out, member, depth + 1);
            first = FALSE;
          }
        if (!first)
          write_indent (out, depth);
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);
        gboolean flat = TRUE;

        /* Arrays of numbers (a bbox) stay on one line. */
        for (guint i = 0; i < length; i++)
          if (json_node_get_node_type (json_array_get_element (array, i)) != JSON_NODE_VALUE ||
              json_node_get_value_type (json_array_get_element (array, i)) == G_TYPE_STRING)
            flat = FALSE;

        g_string_append_c (out, '[');
        for (guint i = 0; i < length; i++)
          {
            if (i > 0)
              g_string_append (out, flat ? ", " : ",");
            if (!flat)
              write_indent (out, depth + 1);
            write_node (out, json_array_get_element (array, i), depth + 1);
          }
        if (!flat && length > 0)
          write_indent (out, depth);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          write_string (out, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          write_double (out, json_node_get_double (node));
          break;
        default:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

GBytes *
_ag_export_json (AgRecognition  *recognition,
                 AgDocument     *document,
                 AgExportFlags   flags,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) text = _ag_export_text (recognition, NULL, flags, NULL, NULL);
  g_autoptr(GPtrArray) engines = g_ptr_array_new ();
  gboolean join = (flags & AG_EXPORT_FLAGS_KEEP_LINES) == 0;
  g_autofree char *languages = ag_recognition_dup_languages_read (recognition);
  guint n_pages = ag_recognition_get_n_pages (recognition);
  double confidence = ag_recognition_get_mean_confidence (recognition);
  GString *out;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "airgap-recognition");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, AG_EXPORT_JSON_VERSION);
  json_builder_set_member_name (builder, "generator");
  json_builder_add_string_value (builder, "Airgap/" PACKAGE_VERSION);

  json_builder_set_member_name (builder, "languages");
  json_builder_begin_array (builder);
  if (languages != NULL)
    {
      g_auto(GStrv) codes = g_strsplit (languages, "+", -1);

      for (guint i = 0; codes[i] != NULL; i++)
        if (*codes[i] != '\0')
          json_builder_add_string_value (builder, codes[i]);
    }
  json_builder_end_array (builder);

  for (guint p = 0; p < n_pages; p++)
    {
      AgRecognitionPage *page = ag_recognition_get_page (recognition, p);

      if (page->engine != NULL &&
          !g_ptr_array_find_with_equal_func (engines, page->engine, g_str_equal, NULL))
        g_ptr_array_add (engines, page->engine);
    }
  json_builder_set_member_name (builder, "engines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < engines->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (engines, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "mean_confidence");
  if (confidence >= 0 && isfinite (confidence))
    json_builder_add_double_value (builder, round_confidence (confidence));
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, g_bytes_get_data (text, NULL) != NULL ?
                                 g_bytes_get_data (text, NULL) : "");

  json_builder_set_member_name (builder, "pages");
  json_builder_begin_array (builder);
  for (guint p = 0; p < n_pages; p++)
    add_page (builder, ag_recognition_get_page (recognition, p), join);
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  out = g_string_new (NULL);
  write_node (out, root, 0);
  g_string_append_c (out, '\n');

  return g_string_free_to_bytes (out);
}
