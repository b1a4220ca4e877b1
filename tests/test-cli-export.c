/* test-cli-export.c — airgap-ocr writing files: -o, --output-dir, batches
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <zip.h>

#include "ag-core.h"
#include "ag-test-util.h"

typedef struct
{
  char *dir;       /* inputs and outputs of one test */
  char *first;     /* a.png: "Alpha first input" */
  char *second;    /* b.png: "Bravo second input" */
  char *pdf;       /* c.pdf: two pages with a text layer */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *name = g_strdup_printf ("cli-%u", counter++);
  cairo_surface_t *surface;
  cairo_t *cr;

  fixture->dir = g_build_filename (ag_test_get_tmpdir (), name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0755), ==, 0);

  first = ag_test_render_text_png ("Alpha first input", "DejaVu Sans 16", 300);
  second = ag_test_render_text_png ("Bravo second input", "DejaVu Sans 16", 300);
  fixture->first = g_build_filename (fixture->dir, "a.png", NULL);
  fixture->second = g_build_filename (fixture->dir, "b.png", NULL);
  g_assert_cmpint (g_rename (first, fixture->first), ==, 0);
  g_assert_cmpint (g_rename (second, fixture->second), ==, 0);

  /* An A4 PDF with real text on two pages. */
  fixture->pdf = g_build_filename (fixture->dir, "c.pdf", NULL);
  surface = cairo_pdf_surface_create (fixture->pdf, 595, 842);
  cr = cairo_create (surface);
  for (guint page = 0; page < 2; page++)
    {
      PangoLayout *layout = pango_cairo_create_layout (cr);
      PangoFontDescription *font = pango_font_description_from_string ("DejaVu Sans 14");

      pango_layout_set_font_description (layout, font);
      pango_layout_set_text (layout, page == 0 ? "Charlie page one" : "Delta page two", -1);
      cairo_move_to (cr, 72, 72);
      pango_cairo_show_layout (cr, layout);
      cairo_show_page (cr);
      pango_font_description_free (font);
      g_object_unref (layout);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->dir);
  g_free (fixture->first);
  g_free (fixture->second);
  g_free (fixture->pdf);
}

/* Runs airgap-ocr with @args (NULL-terminated); returns its exit status. */
static int
run_cli (char       **out,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("AIRGAP_OCR");
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (char *) program);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  if (err != NULL)
    g_test_message ("airgap-ocr said: %s", *err);

  if (WIFEXITED (wait_status))
    return WEXITSTATUS (wait_status);
  if (WIFSIGNALED (wait_status))
    g_test_message ("airgap-ocr was killed by signal %d (%s)",
                    WTERMSIG (wait_status), g_strsignal (WTERMSIG (wait_status)));
  return -1;
}

static gboolean
mark_cb (const GMatchInfo *info,
         GString          *result,
         gpointer          user_data)
{
  g_autofree char *match = g_match_info_fetch (info, 0);
  g_autofree char *breaking = g_match_info_fetch (info, 1);

  if (breaking != NULL && *breaking != '\0')
    g_string_append_c (result, '\f');
  else if (strcmp (match, "<text:line-break/>") == 0 || strcmp (match, "</text:p>") == 0 ||
           strcmp (match, "</text:h>") == 0)
    g_string_append_c (result, '\n');
  return FALSE;
}

/* The text of an ODT: paragraphs and line breaks as new lines, a form
 * feed where a paragraph starts a new page. */
static char *
odt_text (const char *path)
{
  zip_t *zip = zip_open (path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GRegex) tags = NULL;
  g_autofree char *marked = NULL;
  zip_stat_t st;
  zip_file_t *entry;

  g_assert_nonnull (zip);
  g_assert_cmpint (zip_stat (zip, "content.xml", 0, &st), ==, 0);
  xml = g_malloc0 (st.size + 1);
  entry = zip_fopen (zip, "content.xml", 0);
  g_assert_cmpint (zip_fread (entry, xml, st.size), ==, (zip_int64_t) st.size);
  zip_fclose (entry);
  zip_close (zip);

  /* The paragraph styles that break the page. */
  {
    g_autoptr(GRegex) styles = g_regex_new ("<style:style style:name=\"(P[0-9]+)\"[^>]*>\\s*"
                                            "<style:paragraph-properties[^>]*fo:break-before=\"page\"",
                                            0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    g_autoptr(GString) names = g_string_new (NULL);
    g_autofree char *pattern = NULL;

    g_regex_match (styles, xml, 0, &match);
    while (g_match_info_matches (match))
      {
        g_autofree char *name = g_match_info_fetch (match, 1);

        g_string_append_printf (names, "%s%s", names->len > 0 ? "|" : "", name);
        g_match_info_next (match, NULL);
      }
    pattern = g_strdup_printf ("(<text:[ph] text:style-name=\"(?:%s)\")|<text:line-break/>|</text:p>|</text:h>|<[^>]*>",
                               names->len > 0 ? names->str : "-");
    tags = g_regex_new (pattern, 0, 0, NULL);
  }
  marked = g_regex_replace_eval (tags, strstr (xml, "<office:text>"), -1, 0, 0,
                                 mark_cb, NULL, NULL);
  return g_steal_pointer (&marked);
}

/* @needles appear in @haystack in this order. */
static void
assert_in_order (const char *haystack,
                 const char *first,
                 ...)
{
  const char *at = haystack;
  va_list args;

  va_start (args, first);
  for (const char *needle = first; needle != NULL; needle = va_arg (args, const char *))
    {
      const char *found = strstr (at, needle);

      if (found == NULL)
        g_error ("“%s” is not after position %d in: %s", needle, (int) (at - haystack), haystack);
      at = found + strlen (needle);
    }
  va_end (args);
}

static guint
count_char (const char *text,
            char        c)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == c;
  return n;
}

static char *
output_path (Fixture    *fixture,
             const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* -o all.odt: every page of every input, in order, one document. */
static void
test_all_in_one_odt (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *target = output_path (fixture, "All.ODT");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (run_cli (&out, &err, "-l", "eng", fixture->first, fixture->pdf, fixture->second,
                            "-o", target, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");

  text = odt_text (target);
  g_test_message ("%s", text);
  assert_in_order (text, "Alpha first input", "\f", "Charlie page one", "\f", "Delta page two",
                   "\f", "Bravo second input", NULL);
  g_assert_cmpuint (count_char (text, '\f'), ==, 3);
}

/* -o all.pdf: one page per page of the inputs, each its own size. */
static void
test_all_in_one_pdf (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *target = output_path (fixture, "all.pdf");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  const char *pdftotext[] = { "pdftotext", "-enc", "UTF-8", target, "-", NULL };
  const char *pdfinfo[] = { "pdfinfo", "-f", "1", "-l", "3", target, NULL };

  g_assert_cmpint (run_cli (&out, &err, "-l", "eng", fixture->pdf, fixture->first,
                            "-o", target, NULL), ==, 0);

  if (!g_spawn_sync (NULL, (char **) pdftotext, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &text, NULL, NULL, NULL) ||
      !g_spawn_sync (NULL, (char **) pdfinfo, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &info, NULL, NULL, NULL))
    {
      g_test_skip ("poppler-utils is not installed");
      return;
    }

  assert_in_order (text, "Charlie page one", "\f", "Delta page two", "\f", "Alpha first input", NULL);
  g_assert_nonnull (strstr (info, "Pages:           3"));
  /* The PDF's pages keep their A4, the image has its own size. */
  g_assert_true (g_regex_match_simple ("Page +1 size: +595 x 842 pts", info, 0, 0));
  g_assert_true (g_regex_match_simple ("Page +2 size: +595 x 842 pts", info, 0, 0));
  g_assert_false (g_regex_match_simple ("Page +3 size: +595 x 842 pts", info, 0, 0));
}

/* --output-dir: one file per input, named after it. */
static void
test_output_dir (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *dir = output_path (fixture, "texts");
  g_autofree char *sub = output_path (fixture, "sub");
  g_autofree char *other = g_build_filename (sub, "a.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *a_path = g_build_filename (dir, "a.txt", NULL);
  g_autofree char *b_path = g_build_filename (dir, "b.txt", NULL);
  g_autofree char *c_path = g_build_filename (dir, "c.txt", NULL);
  g_autofree char *a2_path = g_build_filename (dir, "a.png.txt", NULL);
  g_autofree char *contents = NULL;

  /* Another a.png, in another folder: it must not overwrite the first. */
  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  {
    gsize length;

    g_assert_true (g_file_get_contents (fixture->second, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (other, contents, length, NULL));
  }

  g_assert_cmpint (run_cli (&out, &err, "-l", "eng", fixture->first, fixture->pdf, other,
                            "--output-dir", dir, "-f", "txt", NULL), ==, 0);

  g_assert_true (g_file_get_contents (a_path, &a, NULL, NULL));
  g_assert_true (g_file_get_contents (c_path, &c, NULL, NULL));
  g_assert_true (g_file_get_contents (a2_path, &a2, NULL, NULL));
  g_assert_false (g_file_get_contents (b_path, &b, NULL, NULL));
  g_assert_nonnull (strstr (a, "Alpha first input"));
  g_assert_null (strstr (a, "Bravo"));
  assert_in_order (c, "Charlie page one", "\f", "Delta page two", NULL);
  g_assert_nonnull (strstr (a2, "Bravo second input"));
}

/* A batch with inputs that cannot be read: those are reported and
 * skipped, the rest is written, and the exit status says so. */
static void
test_failed_input (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = output_path (fixture, "json");
  g_autofree char *bad = output_path (fixture, "bad.png");
  g_autofree char *missing = output_path (fixture, "missing.png");
  g_autofree char *all = output_path (fixture, "all.txt");
  g_autofree char *a_path = g_build_filename (dir, "a.json", NULL);
  g_autofree char *b_path = g_build_filename (dir, "b.json", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_true (g_file_set_contents (bad, "this is not a picture", -1, NULL));

  g_assert_cmpint (run_cli (&out, &err, "-l", "eng", fixture->first, bad, missing, fixture->second,
                            "--output-dir", dir, "-f", "json", NULL), ==, 3);
  g_assert_nonnull (strstr (err, "bad.png"));
  g_assert_nonnull (strstr (err, "missing.png"));
  g_assert_true (g_file_test (a_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (b_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));

  g_assert_true (json_parser_load_from_mapped_file (parser, b_path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "text"), "Bravo second input"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "-l", "eng", bad, fixture->first, fixture->second,
                            "-o", all, NULL), ==, 3);
  g_assert_nonnull (strstr (err, "bad.png"));
  g_assert_true (g_file_get_contents (all, &text, NULL, NULL));
  assert_in_order (text, "Alpha first input", "\f", "Bravo second input", NULL);
}

/* A file that cannot be written: status 5 and a sentence, and an
 * existing file is left as it was. */
static void
test_write_failed (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *nowhere = output_path (fixture, "no-such-folder/x.odt");
  g_autofree char *unknown = output_path (fixture, "x.wps");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "-l", "eng", fixture->first, "-o", nowhere, NULL), ==, 5);
  g_assert_nonnull (strstr (err, "does not exist"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (&out, &err, "-l", "eng", fixture->first, "-o", unknown, NULL), ==, 2);
  g_assert_false (g_file_test (unknown, G_FILE_TEST_EXISTS));
}

/* --json on standard output, as the schema documents it. */
static void
test_json_stdout (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = output_path (fixture, "stdout.json");
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "..", "docs", "airgap-json.schema.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *verdict = NULL;
  JsonObject *root;
  JsonArray *pages;
  const char *argv[] = {
    "/usr/bin/python3", "-c",
    "import json, sys\n"
    "try:\n"
    "    import jsonschema\n"
    "except ImportError:\n"
    "    print('no-jsonschema'); sys.exit(0)\n"
    "jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2], encoding='utf-8')))\n"
    "print('valid')\n",
    schema, path, NULL
  };

  g_assert_cmpint (run_cli (&out, &err, "-l", "eng", "--json", fixture->first, fixture->pdf, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  pages = json_object_get_array_member (root, "pages");
  g_assert_cmpuint (json_array_get_length (pages), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (pages, 1), "source"),
                   ==, "text-layer");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (pages, 0), "source"),
                   ==, "ocr");

  g_assert_true (g_file_set_contents (path, out, -1, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &verdict, NULL, NULL, NULL));

  /* -f without -o: that format on standard output. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "-l", "eng", "-f", "hocr", fixture->first, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "<?xml"));
  g_assert_nonnull (strstr (out, "class='ocrx_word'"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "-l", "eng", "-f", "PDF", fixture->first, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "%PDF-1."));
  if (g_str_has_prefix (verdict, "no-jsonschema"))
    g_test_skip ("python3-jsonschema is not installed");
  else
    g_assert_cmpstr (verdict, ==, "valid\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("AIRGAP_OCR") == NULL)
    {
      g_test_skip ("AIRGAP_OCR is not set: run through meson test");
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add ("/cli-export/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("all-in-one-odt", test_all_in_one_odt);
  ADD ("all-in-one-pdf", test_all_in_one_pdf);
  ADD ("output-dir", test_output_dir);
  ADD ("failed-input", test_failed_input);
  ADD ("write-failed", test_write_failed);
  ADD ("json-stdout", test_json_stdout);

  return g_test_run ();
}
