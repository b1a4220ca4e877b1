/* ag-test-util.c — helpers shared by the tests
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "ag-test-util.h"

static gunichar *
normalize (const char *text,
           gboolean    cjk,
           glong      *len)
{
  g_autofree char *nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  GString *out = g_string_new (NULL);
  gboolean in_space = FALSE;
  gunichar *chars;

  for (const char *p = nfkc; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          in_space = TRUE;
          continue;
        }
      if (in_space && !cjk && out->len > 0)
        g_string_append_c (out, ' ');
      in_space = FALSE;
      g_string_append_unichar (out, c);
    }

  chars = g_utf8_to_ucs4_fast (out->str, -1, len);
  g_string_free (out, TRUE);
  return chars;
}

double
ag_test_cer (const char *recognized,
             const char *truth,
             gboolean    cjk)
{
  glong n, m;
  g_autofree gunichar *a = normalize (recognized != NULL ? recognized : "", cjk, &n);
  g_autofree gunichar *b = normalize (truth, cjk, &m);
  g_autofree guint *row = g_new (guint, m + 1);

  if (m == 0)
    return n == 0 ? 0.0 : 1.0;

  for (glong j = 0; j <= m; j++)
    row[j] = j;

  for (glong i = 1; i <= n; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (glong j = 1; j <= m; j++)
        {
          guint up = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = up;
        }
    }

  return (double) row[m] / m;
}

cairo_surface_t *
ag_test_render_text (const char *text,
                     const char *font,
                     double      dpi)
{
  cairo_surface_t *measure_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (measure_surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  cairo_surface_t *surface;
  int width, height, margin;

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), dpi);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  margin = (int) (dpi / 3);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width + 2 * margin, height + 2 * margin);
  cairo_destroy (cr);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, margin, margin);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_surface_flush (surface);

  pango_font_description_free (desc);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (measure_surface);

  return surface;
}

static char *tmpdir;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
remove_tmpdir (void)
{
  if (tmpdir != NULL && g_getenv ("AIRGAP_TEST_KEEP") == NULL)
    remove_tree (tmpdir);
}

const char *
ag_test_get_tmpdir (void)
{
  if (tmpdir == NULL)
    {
      tmpdir = g_dir_make_tmp ("airgap-test-XXXXXX", NULL);
      g_assert_nonnull (tmpdir);
      atexit (remove_tmpdir);
    }
  return tmpdir;
}

char *
ag_test_render_text_png (const char *text,
                         const char *font,
                         double      dpi)
{
  static guint counter;
  cairo_surface_t *surface = ag_test_render_text (text, font, dpi);
  g_autofree char *name = g_strdup_printf ("render-%u.png", counter++);
  char *path = g_build_filename (ag_test_get_tmpdir (), name, NULL);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

const char *
ag_test_get_corpus (void)
{
  const char *corpus = g_getenv ("AIRGAP_CORPUS");

  if (corpus == NULL || !g_file_test (corpus, G_FILE_TEST_IS_DIR))
    return NULL;
  return corpus;
}

char *
ag_test_read_corpus_text (const char *relative)
{
  g_autofree char *path = g_build_filename (ag_test_get_corpus (), relative, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}
