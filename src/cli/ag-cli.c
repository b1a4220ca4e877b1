/* ag-cli.c — airgap-ocr, the command line
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ag-core.h"

/* Exit codes, documented in the README and in --help. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
  EXIT_UNREADABLE = 3,
  EXIT_MISSING_LANGUAGE = 4,
  EXIT_WRITE_FAILED = 5,
  EXIT_CANCELLED = 6,
};

typedef struct
{
  char         *languages;
  char         *pages;
  char        **regions;
  gboolean      force_ocr;
  gboolean      no_preprocess;
  gboolean      list_languages;
  gboolean      json;
  char         *password_file;
  gboolean      version;
  char         *output;
  char         *output_dir;
  char         *format;
  gboolean      join_lines;
  gboolean      keep_lines;
  char         *import_language;
  char         *convert;
  char         *engine;
  char        **files;
  gboolean      list_scanners;
  char         *scan;
  int           resolution;
  char         *mode;
  char         *source;
  char        **scanner_options;

  char         *password;
  GCancellable *cancellable;
  GMainLoop    *loop;
  gboolean      show_progress;
  int           last_percent;

  /* Text printed page by page as the pages are read. */
  gboolean      stream;
  AgExportFlags stream_flags;
  gboolean      first_page_empty;
  GError       *stream_error;
} AgCli;

static void
ag_cli_clear (AgCli *cli)
{
  g_clear_pointer (&cli->languages, g_free);
  g_clear_pointer (&cli->pages, g_free);
  g_clear_pointer (&cli->regions, g_strfreev);
  g_clear_pointer (&cli->password_file, g_free);
  g_clear_pointer (&cli->output, g_free);
  g_clear_pointer (&cli->output_dir, g_free);
  g_clear_pointer (&cli->format, g_free);
  g_clear_pointer (&cli->import_language, g_free);
  g_clear_pointer (&cli->convert, g_free);
  g_clear_pointer (&cli->engine, g_free);
  g_clear_pointer (&cli->files, g_strfreev);
  g_clear_pointer (&cli->scan, g_free);
  g_clear_pointer (&cli->mode, g_free);
  g_clear_pointer (&cli->source, g_free);
  g_clear_pointer (&cli->scanner_options, g_strfreev);
  g_clear_pointer (&cli->password, g_free);
  g_clear_object (&cli->cancellable);
  g_clear_error (&cli->stream_error);
  g_clear_pointer (&cli->loop, g_main_loop_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AgCli, ag_cli_clear)

static void
print_error (const char *what,
             const char *message)
{
  if (what != NULL)
    g_printerr ("airgap-ocr: %s: %s\n", what, message);
  else
    g_printerr ("airgap-ocr: %s\n", message);
}

static gboolean
sigint_cb (gpointer user_data)
{
  AgCli *cli = user_data;

  g_cancellable_cancel (cli->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  AgCli *cli = user_data;
  int percent = (int) (fraction * 100 + 0.5);

  if (!cli->show_progress || percent == cli->last_percent)
    return;

  cli->last_percent = percent;
  g_printerr ("\r\033[K[%3d%%] %s", percent, message != NULL ? message : "");
}

static void
end_progress (AgCli *cli)
{
  if (cli->show_progress && cli->last_percent >= 0)
    g_printerr ("\r\033[K");
  cli->last_percent = -1;
}

typedef struct
{
  GMainLoop  *loop;
  GObject    *result;
  GError     *error;
} Wait;

static void
document_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = (GObject *) ag_document_load_file_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
bytes_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = (GObject *) ag_document_load_bytes_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static GBytes *
read_stdin (GError **error)
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static AgDocument *
load_document (AgCli       *cli,
               const char  *path,
               GError     **error)
{
  Wait wait = { cli->loop, NULL, NULL };

  if (g_strcmp0 (path, "-") == 0)
    {
      g_autoptr(GBytes) bytes = read_stdin (error);

      if (bytes == NULL)
        return NULL;
      ag_document_load_bytes_async (bytes, "stdin", cli->password, cli->cancellable,
                                    bytes_loaded_cb, &wait);
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      ag_document_load_file_async (file, cli->password, cli->cancellable,
                                   document_loaded_cb, &wait);
    }

  g_main_loop_run (cli->loop);

  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return NULL;
    }

  return AG_DOCUMENT (wait.result);
}

/* A page, printed as soon as it and the pages before it are read: in
 * pieces, exactly the text of the whole document — the pages joined by a
 * line break and a form feed, a line break at the end. */
static void
print_page_cb (AgRecognitionPage *page,
               guint              position,
               guint              n_pages,
               gpointer           user_data)
{
  AgCli *cli = user_data;
  g_autoptr(AgRecognition) one = ag_recognition_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  const char *text;
  gsize length;

  if (cli->stream_error != NULL)
    return;

  /* The page stays the job's: print a copy. */
  ag_recognition_take_page (one, ag_recognition_page_copy (page));
  if (cli->convert != NULL)
    {
      AgConversion conversion = AG_CONVERSION_S2T;

      ag_conversion_from_string (cli->convert, &conversion);
      if (!ag_convert_recognition (one, conversion, &cli->stream_error))
        return;
    }

  bytes = ag_export_to_bytes (one, NULL, AG_EXPORT_FORMAT_TEXT, cli->stream_flags,
                              NULL, &cli->stream_error);
  if (bytes == NULL)
    return;

  text = g_bytes_get_data (bytes, &length);
  if (length > 0 && text[length - 1] == '\n')
    length--;

  /* Each page ends its line at once; a first page without text (which
   * the whole text would not end with a line break) only once another
   * page follows. */
  end_progress (cli);
  if (position > 0)
    {
      if (cli->first_page_empty)
        fputc ('\n', stdout);
      fputc ('\f', stdout);
    }
  if (position == 0 && length == 0)
    cli->first_page_empty = TRUE;
  else
    {
      fwrite (text, 1, length, stdout);
      fputc ('\n', stdout);
    }
  fflush (stdout);
}

static void
scanned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = (GObject *) ag_scanner_scan_finish (result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* The pages of --scan, scanned in a thread while the main loop waits
 * for them or for Ctrl+C. */
static AgDocument *
scan_document (AgCli   *cli,
               GError **error)
{
  Wait wait = { cli->loop, NULL, NULL };
  AgScanSettings settings = {
    .resolution = cli->resolution,
    .mode = g_strcmp0 (cli->mode, "gray") == 0 ? AG_SCAN_MODE_GRAY : AG_SCAN_MODE_COLOR,
    .source = g_strcmp0 (cli->source, "adf") == 0 ? AG_SCAN_SOURCE_ADF
            : g_strcmp0 (cli->source, "flatbed") == 0 ? AG_SCAN_SOURCE_FLATBED
            : AG_SCAN_SOURCE_DEFAULT,
    .device_options = (const char * const *) cli->scanner_options,
  };

  if (cli->show_progress)
    g_printerr (_("Scanning with %s…"), cli->scan);
  ag_scanner_scan_async (cli->scan, &settings, cli->cancellable, scanned_cb, &wait);
  g_main_loop_run (cli->loop);
  if (cli->show_progress)
    g_printerr ("\r\033[K");

  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return NULL;
    }

  return AG_DOCUMENT (wait.result);
}

static void
recognized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = (GObject *) ag_engine_recognize_finish (AG_ENGINE (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* --engine */
static AgEngineKind
engine_kind (AgCli *cli)
{
  if (g_strcmp0 (cli->engine, "tesseract") == 0)
    return AG_ENGINE_KIND_TESSERACT;
  if (g_strcmp0 (cli->engine, "ppocr") == 0)
    return AG_ENGINE_KIND_PPOCR;
  return AG_ENGINE_KIND_AUTO;
}

/* Recognizes @document, which is @inputs one after the other, with the
 * options of the command line.  --pages and --region count the pages of
 * each input, so they are moved to where that input starts. */
static AgRecognition *
recognize (AgCli       *cli,
           AgDocument  *document,
           GPtrArray   *inputs,
           GError     **error)
{
  g_autoptr(AgRecognizeOptions) options = ag_recognize_options_new ();
  Wait wait = { cli->loop, NULL, NULL };
  guint offset = 0;
  guint n_selected = 0;

  ag_recognize_options_set_languages (options, cli->languages);
  ag_recognize_options_set_force_ocr (options, cli->force_ocr);
  ag_recognize_options_set_preprocess (options, !cli->no_preprocess);
  ag_recognize_options_set_engine_kind (options, engine_kind (cli));
  ag_recognize_options_set_progress (options, progress_cb, cli, NULL);
  if (cli->stream)
    ag_recognize_options_set_page_ready (options, print_page_cb, cli, NULL);

  for (guint i = 0; i < inputs->len; i++)
    {
      AgDocument *input = g_ptr_array_index (inputs, i);
      guint n_pages = ag_document_get_n_pages (input);

      if (cli->pages != NULL)
        {
          g_autoptr(GArray) pages = ag_page_list_parse (cli->pages, error);

          if (pages == NULL)
            return NULL;
          for (guint p = 0; p < pages->len; p++)
            if (g_array_index (pages, guint, p) < n_pages)
              {
                ag_recognize_options_add_page (options, offset + g_array_index (pages, guint, p));
                n_selected++;
              }
        }

      for (guint r = 0; cli->regions != NULL && cli->regions[r] != NULL; r++)
        {
          g_autoptr(AgRegion) region = ag_region_parse (cli->regions[r], error);

          if (region == NULL)
            return NULL;
          if (region->page >= n_pages)
            continue;
          region->page += offset;
          ag_recognize_options_add_region (options, region);
        }

      offset += n_pages;
    }

  if (cli->pages != NULL && n_selected == 0)
    {
      g_set_error (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_PAGE,
                   _("None of the pages “%s” is in the document."), cli->pages);
      return NULL;
    }

  ag_engine_recognize_async (ag_engine_get_default (), document, options,
                             cli->cancellable, recognized_cb, &wait);
  g_main_loop_run (cli->loop);
  end_progress (cli);

  if (wait.error != NULL)
    {
      g_propagate_error (error, wait.error);
      return NULL;
    }

  if (cli->stream_error != NULL)
    {
      /* (the pages printed so far stand; the whole is let go of) */
      g_autoptr(AgRecognition) unused = (AgRecognition *) g_steal_pointer (&wait.result);

      g_propagate_error (error, g_steal_pointer (&cli->stream_error));
      return NULL;
    }

  if (cli->convert != NULL)
    {
      g_autoptr(AgRecognition) recognition = (AgRecognition *) wait.result;
      AgConversion conversion = AG_CONVERSION_S2T;

      /* The name was checked in main(). */
      ag_conversion_from_string (cli->convert, &conversion);
      if (!ag_convert_recognition (recognition, conversion, error))
        return NULL;
      return g_steal_pointer (&recognition);
    }

  return (AgRecognition *) wait.result;
}

static int
exit_code_for_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return EXIT_CANCELLED;
  if (g_error_matches (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_MISSING_LANGUAGE) ||
      g_error_matches (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_LANGUAGE))
    return EXIT_MISSING_LANGUAGE;
  if (error->domain == AG_DOCUMENT_ERROR ||
      error->domain == AG_SCANNER_ERROR ||
      error->domain == G_IO_ERROR)
    return EXIT_UNREADABLE;
  if (error->domain == AG_EXPORT_ERROR)
    return EXIT_WRITE_FAILED;
  if (error->domain == G_OPTION_ERROR ||
      g_error_matches (error, AG_ENGINE_ERROR, AG_ENGINE_ERROR_BAD_PAGE))
    return EXIT_USAGE;
  return EXIT_FAILED;
}

static int
list_languages (void)
{
  g_autoptr(GPtrArray) languages = ag_languages_list ();

  for (guint i = 0; i < languages->len; i++)
    {
      AgLanguage *language = g_ptr_array_index (languages, i);

      g_print ("%-14s %s%s\n", language->code, language->name,
               language->user_added ? _(" (added by you)") : "");
    }

  return EXIT_OK;
}

/* Scanners on this computer; network ones cannot be used (the lockdown
 * refuses their sockets), which the list says. */
static int
list_scanners (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  guint n_network = 0;

  devices = ag_scanner_list_devices (&n_network, &error);
  if (devices == NULL)
    {
      print_error (NULL, error->message);
      return EXIT_FAILED;
    }

  for (guint i = 0; i < devices->len; i++)
    {
      AgScannerDevice *device = g_ptr_array_index (devices, i);

      g_print ("%-30s %s %s (%s)\n", device->name, device->vendor, device->model, device->type);
    }

  if (devices->len == 0)
    g_printerr ("%s\n", _("No scanner is connected to this computer."));
  if (n_network > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "One network scanner is not listed: Airgap cannot reach the network. Connect it by USB.\n",
                             "%u network scanners are not listed: Airgap cannot reach the network. Connect them by USB.\n",
                             n_network),
                n_network);
  else
    g_printerr ("%s\n", _("Network scanners cannot be used, because Airgap blocks its own network access: "
                           "connect the scanner by USB."));

  return EXIT_OK;
}

static int
print_version (void)
{
  AgLockdownState state = ag_lockdown_get_state ();

  g_print ("airgap-ocr %s\n", PACKAGE_VERSION);
  g_print ("%s\n", ag_engine_get_version_string ());
  if (state == AG_LOCKDOWN_ACTIVE)
    g_print ("%s\n", _("Network lockdown: active (this process cannot open network connections)"));
  else
    g_print (_("Network lockdown: NOT active (%s)\n"), ag_lockdown_get_details ());

  return EXIT_OK;
}

static gboolean
write_output (AgRecognition  *recognition,
              AgDocument     *document,
              const char     *path,
              AgExportFormat  format,
              AgExportFlags   flags,
              GError        **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  return ag_export_write (recognition, document, format, flags, file, NULL, error);
}

/* Without -o, the text (or with -f, any format) goes to standard
 * output; an .odt or .pdf only where it is not a terminal. */
static gboolean
print_recognition (AgRecognition  *recognition,
                   AgDocument     *document,
                   AgCli          *cli,
                   AgExportFormat  format,
                   GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  AgExportFlags flags = cli->keep_lines ? AG_EXPORT_FLAGS_KEEP_LINES : AG_EXPORT_FLAGS_NONE;

  if ((format == AG_EXPORT_FORMAT_ODT || format == AG_EXPORT_FORMAT_PDF ||
       format == AG_EXPORT_FORMAT_DOCX || format == AG_EXPORT_FORMAT_ODS) && isatty (STDOUT_FILENO))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("A .%s file is not text for a terminal: save it with -o FILE, or redirect the output."),
                   ag_export_format_get_extension (format));
      return FALSE;
    }

  bytes = ag_export_to_bytes (recognition, document, format, flags, cli->cancellable, error);
  if (bytes == NULL)
    return FALSE;

  fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
  fflush (stdout);
  return TRUE;
}

static gboolean
resolve_output_format (AgCli          *cli,
                       AgExportFormat *format,
                       GError        **error)
{
  g_autofree char *probe = NULL;

  if (cli->format != NULL)
    probe = g_strconcat ("x.", cli->format, NULL);
  else if (cli->output != NULL)
    probe = g_strdup (cli->output);
  else
    probe = g_strdup (cli->json ? "x.json" : "x.txt");

  if (!ag_export_format_from_name (probe, format))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Airgap cannot write “%s”: use .txt, .odt, .hocr, .pdf or .json."),
                   cli->format != NULL ? cli->format : cli->output);
      return FALSE;
    }

  return TRUE;
}

/* Whether an input is (or may be) a PDF: standard input is not known in
 * advance. */
static gboolean
any_pdf_input (AgCli *cli)
{
  for (guint i = 0; cli->files != NULL && cli->files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFileInputStream) in = NULL;
      char head[5] = { 0 };

      if (strcmp (cli->files[i], "-") == 0)
        return TRUE;

      file = g_file_new_for_commandline_arg (cli->files[i]);
      in = g_file_read (file, NULL, NULL);
      if (in != NULL &&
          g_input_stream_read (G_INPUT_STREAM (in), head, sizeof head, NULL, NULL) == sizeof head &&
          memcmp (head, "%PDF-", sizeof head) == 0)
        return TRUE;
    }

  return FALSE;
}

/* --engine ppocr: Tesseract is not loaded ahead of time, where it would
 * take a core from PP-OCR for nothing (it is loaded if a page turns out
 * to need it after all). */
static gboolean
ppocr_forced (AgCli *cli)
{
  return engine_kind (cli) == AG_ENGINE_KIND_PPOCR;
}

/* Whether the first page of a document has to be recognised: then the
 * languages are loaded while it is rendered.  (Asking every page would
 * cost a PDF with a text layer a call to the worker per page; a later
 * page without one loads them when it comes.) */
static gboolean
needs_ocr (AgCli     *cli,
           GPtrArray *inputs)
{
  for (guint i = 0; i < inputs->len; i++)
    {
      AgDocument *document = g_ptr_array_index (inputs, i);

      if (ag_document_get_n_pages (document) == 0)
        continue;
      if (cli->force_ocr || !ag_page_has_text_layer (ag_document_get_page (document, 0)))
        return TRUE;
    }

  return FALSE;
}

static int
run (AgCli *cli)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  /* Paragraphs whole by default, the lines as on the page on request;
   * --join-lines asks for the default, as scripts of before did. */
  AgExportFlags flags = cli->keep_lines ? AG_EXPORT_FLAGS_KEEP_LINES : AG_EXPORT_FLAGS_NONE;
  AgExportFormat format = AG_EXPORT_FORMAT_TEXT;
  int status = EXIT_OK;

  if (!resolve_output_format (cli, &format, &error))
    {
      print_error (NULL, error->message);
      return EXIT_USAGE;
    }

  if (!ag_languages_check_available (cli->languages, &error))
    {
      print_error (NULL, error->message);
      return EXIT_MISSING_LANGUAGE;
    }

  /* Tesseract loads its models while images are decoded.  PDFs may not
   * need it at all (a text layer is read as it is): for them, only once
   * it is known that a page must be recognised. */
  if (!any_pdf_input (cli) && !ppocr_forced (cli))
    ag_engine_preload_full (ag_engine_get_default (), cli->languages, engine_kind (cli));

  /* Scanned pages come first, then the files. */
  if (cli->scan != NULL)
    {
      g_autoptr(AgDocument) document = scan_document (cli, &error);

      if (document == NULL)
        {
          print_error (cli->scan, error->message);
          return exit_code_for_error (error);
        }
      g_ptr_array_add (inputs, g_steal_pointer (&document));
      g_ptr_array_add (names, g_strdup ("scan"));
    }

  for (guint i = 0; cli->files != NULL && cli->files[i] != NULL; i++)
    {
      g_autoptr(AgDocument) document = load_document (cli, cli->files[i], &error);

      if (document == NULL)
        {
          print_error (cli->files[i], error->message);
          status = exit_code_for_error (error);
          if (status == EXIT_CANCELLED)
            return status;
          g_clear_error (&error);
          continue;
        }

      g_ptr_array_add (inputs, g_steal_pointer (&document));
      g_ptr_array_add (names, g_strdup (cli->files[i]));
    }

  if (inputs->len == 0)
    return status;

  if (any_pdf_input (cli) && !ppocr_forced (cli) && needs_ocr (cli, inputs))
    ag_engine_preload_full (ag_engine_get_default (), cli->languages, engine_kind (cli));

  if (cli->output_dir != NULL)
    {
      /* One output per input. */
      if (g_mkdir_with_parents (cli->output_dir, 0755) != 0)
        {
          print_error (cli->output_dir, g_strerror (errno));
          return EXIT_WRITE_FAILED;
        }

      g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; i < inputs->len; i++)
        {
          AgDocument *document = g_ptr_array_index (inputs, i);
          g_autoptr(GPtrArray) one = g_ptr_array_new ();
          g_autoptr(AgRecognition) recognition = NULL;
          g_autofree char *base = g_path_get_basename (g_ptr_array_index (names, i));
          g_autofree char *stem = NULL;
          g_autofree char *target = NULL;
          char *dot;

          g_ptr_array_add (one, document);
          recognition = recognize (cli, document, one, &error);
          if (recognition == NULL)
            {
              int code = exit_code_for_error (error);

              print_error (g_ptr_array_index (names, i), error->message);
              if (code == EXIT_CANCELLED || code == EXIT_USAGE || code == EXIT_MISSING_LANGUAGE)
                return code;
              if (status == EXIT_OK)
                status = code;
              g_clear_error (&error);
              continue;
            }

          /* photo.jpg → DIR/photo.txt; a second photo.png (or photo.jpg
           * from another folder) → DIR/photo.png.txt, then photo-2.txt… */
          stem = g_strdup (strcmp (base, "-") == 0 ? "stdin" : base);
          dot = strrchr (stem, '.');
          if (dot != NULL && dot != stem)
            *dot = '\0';
          target = g_strdup_printf ("%s/%s.%s", cli->output_dir, stem,
                                    ag_export_format_get_extension (format));
          for (guint n = 1; g_hash_table_contains (used, target); n++)
            {
              g_free (target);
              if (n == 1 && strcmp (stem, base) != 0)
                target = g_strdup_printf ("%s/%s.%s", cli->output_dir, base,
                                          ag_export_format_get_extension (format));
              else
                target = g_strdup_printf ("%s/%s-%u.%s", cli->output_dir, stem, n,
                                          ag_export_format_get_extension (format));
            }
          g_hash_table_add (used, g_strdup (target));

          if (!write_output (recognition, document, target, format, flags, &error))
            {
              print_error (target, error->message);
              if (status == EXIT_OK)
                status = EXIT_WRITE_FAILED;
              g_clear_error (&error);
            }
        }

      return status;
    }
  else
    {
      /* Every page of every input, in order, as one document. */
      g_autoptr(AgDocument) all = ag_document_new ();
      g_autoptr(AgRecognition) recognition = NULL;

      for (guint i = 0; i < inputs->len; i++)
        ag_document_append (all, g_ptr_array_index (inputs, i));

      /* Text on standard output comes page by page, as it is read. */
      cli->stream = cli->output == NULL && format == AG_EXPORT_FORMAT_TEXT;
      cli->stream_flags = flags;
      recognition = recognize (cli, all, inputs, &error);
      if (recognition == NULL)
        {
          print_error (NULL, error->message);
          return exit_code_for_error (error);
        }

      if (cli->output != NULL)
        {
          if (!write_output (recognition, all, cli->output, format, flags, &error))
            {
              print_error (cli->output, error->message);
              return EXIT_WRITE_FAILED;
            }
        }
      else if (!cli->stream && !print_recognition (recognition, all, cli, format, &error))
        {
          print_error (NULL, error->message);
          return error->domain == G_OPTION_ERROR ? EXIT_USAGE : EXIT_FAILED;
        }
    }

  return status;
}

static gboolean
read_password_file (AgCli   *cli,
                    GError **error)
{
  g_autofree char *contents = NULL;
  char *newline;

  if (!g_file_get_contents (cli->password_file, &contents, NULL, error))
    return FALSE;

  newline = strpbrk (contents, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  cli->password = g_steal_pointer (&contents);
  return TRUE;
}

static int
import_language (AgCli *cli)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (cli->import_language);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgLanguage) language = ag_languages_import (file, NULL, &error);

  if (language == NULL)
    {
      print_error (cli->import_language, error->message);
      return EXIT_FAILED;
    }

  g_print (_("Added %s (%s).\n"), language->name, language->code);
  return EXIT_OK;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(AgCli) cli = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  GOptionEntry entries[] = {
    { "languages", 'l', 0, G_OPTION_ARG_STRING, &cli.languages,
      N_("Languages to recognize, joined with +; by default (auto) they are chosen for each page among those installed"),
      N_("chi_sim+eng") },
    { "pages", 'p', 0, G_OPTION_ARG_STRING, &cli.pages,
      N_("Only these pages of each input, counted from 1"), N_("1-3,7") },
    { "region", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &cli.regions,
      N_("Only this part of a page, in fractions of the page; :vertical at the end for text in columns (repeatable)"), N_("PAGE:X,Y,W,H[:vertical]") },
    { "force-ocr", 0, 0, G_OPTION_ARG_NONE, &cli.force_ocr,
      N_("Recognize PDF pages even where they carry text"), NULL },
    { "no-preprocess", 0, 0, G_OPTION_ARG_NONE, &cli.no_preprocess,
      N_("Hand images to the recognizer as they are: no deskewing, no evening out of light"), NULL },
    { "engine", 'e', 0, G_OPTION_ARG_STRING, &cli.engine,
      N_("Recognizer: auto (PP-OCR for photos where its models are installed), tesseract or ppocr"),
      N_("auto|tesseract|ppocr") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &cli.output,
      N_("Write all inputs into this file; the format comes from its extension"), N_("FILE") },
    { "output-dir", 0, 0, G_OPTION_ARG_FILENAME, &cli.output_dir,
      N_("Write one file per input into this folder"), N_("DIR") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &cli.format,
      N_("Format for --output-dir: txt, odt, docx, ods, hocr, pdf or json"), N_("FORMAT") },
    { "keep-lines", 0, 0, G_OPTION_ARG_NONE, &cli.keep_lines,
      N_("Keep the lines as on the page, instead of whole paragraphs"), NULL },
    { "join-lines", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &cli.join_lines,
      N_("Join the lines of a paragraph"), NULL },
    { "convert", 0, 0, G_OPTION_ARG_STRING, &cli.convert,
      N_("Convert Chinese: s2t, t2s (Simplified ⇄ Traditional), s2tw or tw2s (Taiwan)"), N_("CONVERSION") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli.json,
      N_("Print words with boxes and confidence as JSON"), NULL },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &cli.password_file,
      N_("Read the password of an encrypted PDF from this file"), N_("FILE") },
    { "list-languages", 0, 0, G_OPTION_ARG_NONE, &cli.list_languages,
      N_("List the installed languages"), NULL },
    { "import-language", 0, 0, G_OPTION_ARG_FILENAME, &cli.import_language,
      N_("Add a .traineddata file from disk to your languages"), N_("FILE") },
    { "list-scanners", 0, 0, G_OPTION_ARG_NONE, &cli.list_scanners,
      N_("List the scanners connected to this computer"), NULL },
    { "scan", 0, 0, G_OPTION_ARG_STRING, &cli.scan,
      N_("Scan from this scanner (a name from --list-scanners) and read the pages"), N_("DEVICE") },
    { "resolution", 0, 0, G_OPTION_ARG_INT, &cli.resolution,
      N_("Scan at this resolution, in dots per inch (300 if not given)"), N_("DPI") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &cli.mode,
      N_("Scan in colour or grey"), N_("color|gray") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &cli.source,
      N_("Scan one page from the glass, or every page in the document feeder"), N_("flatbed|adf") },
    { "scanner-option", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cli.scanner_options,
      N_("Set one of the scanner’s own options, as SANE names it (repeatable)"), N_("NAME=VALUE") },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &cli.version,
      N_("Show the version and the state of the network lockdown"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli.files, NULL, N_("FILE…") },
    { NULL }
  };

  ag_runtime_ensure_environment (argv);
  ag_lockdown_apply ();
  ag_runtime_init_i18n ();

  context = g_option_context_new (_("— read the text of images and PDFs, offline"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  summary = g_strdup (_("Airgap reads text from photos, screenshots, scans and PDFs on this "
                        "computer. Nothing is sent anywhere: this program cannot open network "
                        "connections. Use - to read a file from standard input."));
  g_option_context_set_summary (context, summary);
  description = g_strdup (_("Exit status:\n"
                            "  0  the text was read\n"
                            "  1  recognition failed\n"
                            "  2  the command line is wrong\n"
                            "  3  an input could not be read (the others were still done)\n"
                            "  4  a language is not installed\n"
                            "  5  the output could not be written\n"
                            "  6  cancelled"));
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_error (NULL, error->message);
      return EXIT_USAGE;
    }

  if (cli.engine != NULL && !g_str_equal (cli.engine, "auto") &&
      !g_str_equal (cli.engine, "tesseract") && !g_str_equal (cli.engine, "ppocr"))
    {
      print_error (NULL, _("Unknown --engine: use auto, tesseract or ppocr."));
      return EXIT_USAGE;
    }

  if (cli.keep_lines && cli.join_lines)
    {
      print_error (NULL, _("--keep-lines and --join-lines ask for opposite things: give one of them."));
      return EXIT_USAGE;
    }

  if (cli.version)
    return print_version ();
  if (cli.list_scanners)
    return list_scanners ();
  if (cli.list_languages)
    return list_languages ();
  if (cli.import_language != NULL)
    return import_language (&cli);

  if (cli.mode != NULL && !g_str_equal (cli.mode, "color") && !g_str_equal (cli.mode, "gray"))
    {
      print_error (NULL, _("Unknown --mode: use color or gray."));
      return EXIT_USAGE;
    }
  if (cli.source != NULL && !g_str_equal (cli.source, "flatbed") && !g_str_equal (cli.source, "adf"))
    {
      print_error (NULL, _("Unknown --source: use flatbed or adf."));
      return EXIT_USAGE;
    }
  if (cli.resolution < 0 || cli.resolution > 9600)
    {
      print_error (NULL, _("--resolution must be between 1 and 9600 dots per inch."));
      return EXIT_USAGE;
    }
  if (cli.scan == NULL && (cli.resolution != 0 || cli.mode != NULL || cli.source != NULL ||
                           cli.scanner_options != NULL))
    {
      print_error (NULL, _("--resolution, --mode, --source and --scanner-option go with --scan DEVICE."));
      return EXIT_USAGE;
    }

  if (cli.scan == NULL && (cli.files == NULL || cli.files[0] == NULL))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      print_error (NULL, _("No file given. Give one or more images or PDFs, or - for standard input."));
      g_printerr ("\n%s", help);
      return EXIT_USAGE;
    }

  if (cli.output != NULL && cli.output_dir != NULL)
    {
      print_error (NULL, _("Use either --output or --output-dir, not both."));
      return EXIT_USAGE;
    }

  if (cli.convert != NULL)
    {
      AgConversion conversion;

      if (!ag_conversion_from_string (cli.convert, &conversion))
        {
          print_error (NULL, _("Unknown conversion: use s2t, t2s, s2tw or tw2s."));
          return EXIT_USAGE;
        }
    }

  if (cli.password_file != NULL && !read_password_file (&cli, &error))
    {
      print_error (cli.password_file, error->message);
      return EXIT_USAGE;
    }

  /* Nothing is ever sent anywhere; but when the system did not let that be
   * enforced, say so before reading any document. */
  if (ag_lockdown_get_state () != AG_LOCKDOWN_ACTIVE)
    g_printerr (_("airgap-ocr: warning: the network lockdown is not active: %s\n"),
                ag_lockdown_get_details ());

  /* Without -l each page is read in the languages it looks written in. */
  if (cli.languages == NULL)
    cli.languages = g_strdup (AG_LANGUAGES_AUTO);

  /* Documents are read in a sandboxed airgap-worker, started now so that
   * it loads Tesseract while the files are opened — unless a PDF may not
   * need it at all (its text layer is read as it is; see run()). */
  if (!ag_sandbox_init (1, any_pdf_input (&cli) || ppocr_forced (&cli) ? "" : cli.languages,
                        engine_kind (&cli) == AG_ENGINE_KIND_TESSERACT ?
                        AG_SANDBOX_FORK | AG_SANDBOX_TESSERACT : AG_SANDBOX_FORK, &error))
    {
      g_printerr (_("airgap-ocr: warning: %s Documents are read without the sandbox.\n"), error->message);
      g_clear_error (&error);
    }

  cli.cancellable = g_cancellable_new ();
  cli.loop = g_main_loop_new (NULL, FALSE);
  cli.show_progress = isatty (STDERR_FILENO);
  cli.last_percent = -1;
  g_unix_signal_add (SIGINT, sigint_cb, &cli);
  g_unix_signal_add (SIGTERM, sigint_cb, &cli);

  return run (&cli);
}
