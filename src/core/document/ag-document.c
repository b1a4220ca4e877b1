/* ag-document.c — pages opened from a file or from bytes
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <allheaders.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "document/ag-document.h"
#include "document/ag-document-private.h"
#include "document/ag-image-leptonica.h"
#include "document/ag-page-private.h"
#include "document/ag-poppler-api.h"
#include "document/ag-sniff.h"

/* No file Airgap can read sensibly is this large; refusing it early keeps
 * a mistaken drop (a disk image, a video) from filling the memory. */
#define MAX_FILE_SIZE ((goffset) 1 << 30)

/* Bytes fed to the image decoder at a time, so that a header declaring too
 * many pixels stops it before it allocates them. */
#define DECODE_CHUNK 16384

struct _AgDocument
{
  GObject    parent_instance;
  GPtrArray *pages;
  GFile     *file;
  char      *title;
};

G_DEFINE_FINAL_TYPE (AgDocument, ag_document, G_TYPE_OBJECT)
G_DEFINE_QUARK (ag-document-error-quark, ag_document_error)

static void
ag_document_finalize (GObject *object)
{
  AgDocument *self = AG_DOCUMENT (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_object (&self->file);
  g_free (self->title);

  G_OBJECT_CLASS (ag_document_parent_class)->finalize (object);
}

/* Leptonica writes its complaints about a damaged file straight to stderr
 * ("Error in tiffGetCount: …"), in front of Airgap's own sentence.  They
 * are for developers: send them to the debug log. */
static void
leptonica_message (const char *message)
{
  g_debug ("Leptonica: %s", message);
}

static void
ag_document_class_init (AgDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ag_document_finalize;

  leptSetStderrHandler (leptonica_message);
}

static void
ag_document_init (AgDocument *self)
{
  self->pages = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * ag_document_new:
 *
 * Returns: (transfer full): an empty document, to ag_document_append() to
 */
AgDocument *
ag_document_new (void)
{
  return g_object_new (AG_TYPE_DOCUMENT, NULL);
}

/* Errors ------------------------------------------------------------------ */

static void
set_too_large_pixels (GError     **error,
                      const char  *name,
                      gint64       width,
                      gint64       height)
{
  /* The sizes are written out first: gettext cannot see through a
   * format macro such as G_GINT64_FORMAT inside a translatable string. */
  g_autofree char *w = g_strdup_printf ("%" G_GINT64_FORMAT, width);
  g_autofree char *h = g_strdup_printf ("%" G_GINT64_FORMAT, height);

  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_TOO_LARGE,
               _("“%s” is too large: %s × %s pixels is more than the %d megapixels Airgap can open. Make the image smaller in an image editor and open it again."),
               name, w, h, (int) (AG_DOCUMENT_MAX_PIXELS / 1000000));
}

static void
set_too_large_file (GError     **error,
                    const char  *name)
{
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_TOO_LARGE,
               _("“%s” is too large to open: Airgap opens files up to 1 GB. Split the document or make its images smaller."),
               name);
}

/* Set in airgap-worker, which runs under a memory limit. */
static gboolean memory_limited;

void
_ag_document_set_memory_limited (gboolean limited)
{
  memory_limited = limited;
}

static void
set_no_memory (GError     **error,
               const char  *name)
{
  if (memory_limited)
    g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WORKER_FAILED,
                 _("This file could not be read: %s."), _("it needs more memory than Airgap allows"));
  else
    g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_TOO_LARGE,
                 _("There is not enough memory to open “%s”. Close other documents or programs and try again."),
                 name);
}

static void
set_unsupported (GError     **error,
                 const char  *name)
{
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_UNSUPPORTED,
               _("“%s” is not an image or PDF Airgap can read. Open a photo, a scan, a screenshot (PNG, JPEG, TIFF, WebP, HEIC) or a PDF."),
               name);
}

static void
set_corrupt (GError     **error,
             const char  *name)
{
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_CORRUPT,
               _("“%s” is damaged or incomplete. Copy or download it again and open the new copy."),
               name);
}

static void
set_empty (GError     **error,
           const char  *name)
{
  g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_EMPTY,
               _("“%s” is empty. Check that it was saved or copied completely."),
               name);
}

/* Images through gdk-pixbuf ---------------------------------------------- */

typedef struct
{
  int      width;
  int      height;
  gboolean too_large;
} SizeCheck;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  SizeCheck *check = user_data;

  check->width = width;
  check->height = height;

  /* A size of 0 × 0 tells the loader to stop before it allocates. */
  if ((gint64) width * height > AG_DOCUMENT_MAX_PIXELS)
    {
      check->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

static double
pixbuf_dpi (GdkPixbuf *pixbuf)
{
  const char *option = gdk_pixbuf_get_option (pixbuf, "x-dpi");
  double dpi;

  if (option == NULL)
    return 0;
  dpi = g_ascii_strtod (option, NULL);
  /* A resolution of 1 (a bare aspect ratio) says nothing; 72 is kept, as
   * the tesseract command line keeps it. */
  return dpi > 1 ? dpi : 0;
}

/* Images through Leptonica ------------------------------------------------ */

static gboolean
load_image_leptonica (AgDocument    *self,
                      const guint8  *data,
                      gsize          size,
                      gboolean       complete,
                      const char    *name,
                      GError       **error)
{
  g_autoptr(AgBitmap) rgba = NULL;
  double dpi;
  int width, height;

  switch (_ag_leptonica_decode (data, size, complete, AG_DOCUMENT_MAX_PIXELS, &rgba, &dpi, &width, &height))
    {
    case AG_LEPTONICA_DECODED:
      break;
    case AG_LEPTONICA_TOO_LARGE:
      set_too_large_pixels (error, name, width, height);
      return FALSE;
    case AG_LEPTONICA_NO_MEMORY:
      set_no_memory (error, name);
      return FALSE;
    case AG_LEPTONICA_UNKNOWN_FORMAT:
      set_unsupported (error, name);
      return FALSE;
    case AG_LEPTONICA_CORRUPT:
    default:
      set_corrupt (error, name);
      return FALSE;
    }

  g_debug ("Decoded %s with Leptonica", name);
  g_ptr_array_add (self->pages, _ag_page_new_image (rgba, dpi, 0, name));
  return TRUE;
}

/* AIRGAP_IMAGE_DECODER=leptonica skips gdk-pixbuf: for the tests, which
 * cannot take Debian's gdk-pixbuf its built-in PNG and JPEG loaders, and
 * for comparing the two decoders. */
static gboolean
leptonica_only (void)
{
  return g_strcmp0 (g_getenv ("AIRGAP_IMAGE_DECODER"), "leptonica") == 0;
}

/* Images: gdk-pixbuf, else Leptonica ------------------------------------- */

static gboolean
load_image (AgDocument    *self,
            GBytes        *bytes,
            const char    *name,
            GCancellable  *cancellable,
            GError       **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(AgBitmap) rgba = NULL;
  g_autoptr(AgPage) page = NULL;
  SizeCheck check = { 0 };
  gboolean failed = FALSE;
  gboolean complete;
  GdkPixbuf *pixbuf;
  double dpi;

  if (_ag_sniff_gif_has_empty_frame (data, size) || _ag_sniff_bmp_has_bad_header (data, size))
    {
      set_corrupt (error, name);
      return FALSE;
    }

  /* A cut-off file whose header declares too many pixels is still too
   * large: let the decoder read the header before judging the rest. */
  complete = _ag_sniff_image_is_complete (data, size);

  if (leptonica_only ())
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      return load_image_leptonica (self, data, size, complete, name, error);
    }

  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &check);

  for (gsize offset = 0; offset < size; offset += DECODE_CHUNK)
    {
      if (g_cancellable_is_cancelled (cancellable) || check.too_large)
        break;
      if (!gdk_pixbuf_loader_write (loader, data + offset, MIN (DECODE_CHUNK, size - offset), &local_error))
        {
          failed = TRUE;
          break;
        }
    }
  /* Always close: a loader must not be finalised open. */
  if (!gdk_pixbuf_loader_close (loader, failed ? NULL : &local_error))
    failed = TRUE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (check.too_large)
    {
      set_too_large_pixels (error, name, check.width, check.height);
      return FALSE;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!failed && pixbuf != NULL && !complete)
    {
      set_corrupt (error, name);
      return FALSE;
    }
  if (g_error_matches (local_error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY))
    {
      set_no_memory (error, name);
      return FALSE;
    }
  if (failed || pixbuf == NULL)
    {
      g_debug ("gdk-pixbuf could not decode %s: %s", name, local_error != NULL ? local_error->message : "no image");

      /* No loader for the format (UNKNOWN_TYPE), or one that could not
       * run: glycin's, in the GNOME runtime, fails to make its temporary
       * file or to start its loader program in the worker, and reports
       * the latter as a corrupt image.  Leptonica decides then; a file
       * that is really damaged fails there too. */
      if (_ag_leptonica_knows_format (data, size))
        return load_image_leptonica (self, data, size, complete, name, error);

      /* Too short for either decoder to tell its format, but cut off. */
      if (_ag_sniff_looks_like_image (data, size) &&
          (!complete || !g_error_matches (local_error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE)))
        set_corrupt (error, name);
      else
        set_unsupported (error, name);
      return FALSE;
    }

  dpi = pixbuf_dpi (pixbuf);
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  if (oriented == NULL || gdk_pixbuf_get_bits_per_sample (oriented) != 8 ||
      gdk_pixbuf_get_n_channels (oriented) < 3)
    {
      set_unsupported (error, name);
      return FALSE;
    }

  rgba = _ag_bitmap_new_from_pixbuf (oriented);
  if (rgba == NULL)
    {
      set_no_memory (error, name);
      return FALSE;
    }

  g_debug ("Decoded %s with gdk-pixbuf", name);
  page = _ag_page_new_image (rgba, dpi, 0, name);
  g_ptr_array_add (self->pages, g_steal_pointer (&page));
  return TRUE;
}

/* Multi-page TIFF through Leptonica --------------------------------------- */

static int
tiff_count_pages (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  FILE *fp = fopenReadFromMemory (data, size);
  l_int32 n = 0;

  if (fp == NULL)
    return 0;
  if (tiffGetCount (fp, &n) != 0)
    n = 0;
  fclose (fp);

  return n;
}

static gboolean
load_tiff_pages (AgDocument    *self,
                 GBytes        *bytes,
                 int            n_pages,
                 const char    *name,
                 GCancellable  *cancellable,
                 GError       **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (int i = 0; i < n_pages; i++)
    {
      l_int32 width, height, bps, spp, res, cmap, format;
      g_autofree char *label = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (readHeaderMemTiff (data, size, i, &width, &height, &bps, &spp, &res, &cmap, &format) != 0 ||
          width <= 0 || height <= 0)
        {
          set_corrupt (error, name);
          return FALSE;
        }
      if ((gint64) width * height > AG_DOCUMENT_MAX_PIXELS)
        {
          set_too_large_pixels (error, name, width, height);
          return FALSE;
        }

      /* Translators: a page of a file, as in “scan.tif — page 3” */
      label = g_strdup_printf (_("%s — page %d"), name, i + 1);
      g_ptr_array_add (self->pages, _ag_page_new_tiff (bytes, i, width, height, res > 1 ? res : 0, label));
    }

  return TRUE;
}

/* PDF through Poppler ----------------------------------------------------- */

static gboolean
load_pdf_locked (AgDocument    *self,
                 GBytes        *bytes,
                 const char    *name,
                 const char    *password,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GObject) pdf_object = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(AgPdfSource) source = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  PopplerDocument *pdf;
  int n_pages;

  /* Poppler 22.12 declares no g_autoptr() cleanup for its types.  Its
   * poppler_document_new_from_bytes() crashes on a wrong password (it
   * retries on a stream it has already freed); from a stream it does not. */
  stream = g_memory_input_stream_new_from_bytes (bytes);
  pdf_object = (GObject *) (pdf = _ag_poppler_api->document_new_from_stream (stream, g_bytes_get_size (bytes),
                                                                               password, cancellable,
                                                                               &local_error));
  if (pdf == NULL)
    {
      if (g_error_matches (local_error, _ag_poppler_api->error_quark (), POPPLER_ERROR_ENCRYPTED))
        {
          if (password != NULL && *password != '\0')
            g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_WRONG_PASSWORD,
                         _("The password does not open “%s”. Check the password and try again."),
                         name);
          else
            g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_NEEDS_PASSWORD,
                         _("“%s” needs a password. Enter the password to open it."),
                         name);
        }
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      else
        set_corrupt (error, name);
      g_debug ("Poppler could not open %s: %s", name, local_error->message);
      return FALSE;
    }

  n_pages = _ag_poppler_api->document_get_n_pages (pdf);
  if (n_pages <= 0 && !_ag_sniff_pdf_is_complete (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)))
    {
      /* Cut off: Poppler rebuilds what it can and finds no page. */
      set_corrupt (error, name);
      return FALSE;
    }
  if (n_pages <= 0)
    {
      g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_NO_PAGES,
                   _("“%s” has no pages, so there is nothing to read in it. Check that it is the document you meant."),
                   name);
      return FALSE;
    }

  source = _ag_pdf_source_new (pdf);
  pages = g_ptr_array_new_with_free_func (g_object_unref);
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(GObject) page_object = NULL;
      PopplerPage *poppler_page;
      g_autofree char *label = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      page_object = (GObject *) (poppler_page = _ag_poppler_api->document_get_page (pdf, i));
      if (poppler_page == NULL)
        {
          set_corrupt (error, name);
          return FALSE;
        }

      /* Translators: a page of a file, as in “report.pdf — page 3” */
      label = g_strdup_printf (_("%s — page %d"), name, i + 1);
      g_ptr_array_add (pages, _ag_page_new_pdf (source, poppler_page, i, label));
    }

  g_ptr_array_extend_and_steal (self->pages, g_steal_pointer (&pages));
  return TRUE;
}

/* Poppler shares state between documents (FreeType's library among it),
 * so opening a PDF takes the same process-wide lock as rendering one; the
 * objects opened here are also released under it, on return from
 * load_pdf_locked(). */
static gboolean
load_pdf (AgDocument    *self,
          GBytes        *bytes,
          const char    *name,
          const char    *password,
          GCancellable  *cancellable,
          GError       **error)
{
  gboolean ok;

  /* Opened here, on first use (ag-poppler-api.h says why). */
  if (!_ag_poppler_api_load (error))
    return FALSE;

  _ag_poppler_lock ();
  ok = load_pdf_locked (self, bytes, name, password, cancellable, error);
  _ag_poppler_unlock ();

  return ok;
}

/* Loading ----------------------------------------------------------------- */

/* Set by ag_sandbox_init(): documents are opened in a sandboxed worker. */
static AgDocumentOpener opener;

void
_ag_document_set_opener (AgDocumentOpener func)
{
  g_atomic_pointer_set (&opener, func);
}

/* Set by the engine (ag_engine_preload()). */
static AgDocumentOpenHook open_hook;

void
_ag_document_set_open_hook (AgDocumentOpenHook hook)
{
  g_atomic_pointer_set (&open_hook, hook);
}

/* The document opened elsewhere, its pages read through the opener's
 * backend. */
static gboolean
load_elsewhere (AgDocument        *self,
                AgDocumentOpener   open_pages,
                GFile             *file,
                int                fd,
                GBytes            *bytes,
                const char        *name,
                const char        *password,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(GPtrArray) pages = NULL;

  pages = open_pages (file, fd, bytes, name, password, cancellable, error);
  if (pages == NULL)
    return FALSE;

  if (pages->len == 0)
    {
      set_corrupt (error, name);
      return FALSE;
    }

  g_ptr_array_extend_and_steal (self->pages, g_steal_pointer (&pages));
  return TRUE;
}

static AgDocument *
load_bytes (GBytes        *bytes,
            GFile         *file,
            const char    *name,
            const char    *password,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(AgDocument) self = ag_document_new ();
  AgDocumentOpener open_elsewhere = g_atomic_pointer_get (&opener);
  AgDocumentOpenHook hook = g_atomic_pointer_get (&open_hook);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gboolean ok;

  self->file = file != NULL ? g_object_ref (file) : NULL;
  self->title = g_strdup (name);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (size == 0)
    {
      set_empty (error, name);
      return NULL;
    }
  if ((goffset) size > MAX_FILE_SIZE)
    {
      set_too_large_file (error, name);
      return NULL;
    }

  /* (where the document is opened elsewhere, that process calls its own) */
  if (hook != NULL && open_elsewhere == NULL)
    hook (bytes);

  if (open_elsewhere != NULL)
    ok = load_elsewhere (self, open_elsewhere, file, -1, bytes, name, password, cancellable, error);
  else if (_ag_sniff_is_pdf (data, size))
    ok = load_pdf (self, bytes, name, password, cancellable, error);
  else if (_ag_sniff_is_tiff (data, size))
    {
      int n_pages = tiff_count_pages (bytes);

      if (n_pages > 1)
        ok = load_tiff_pages (self, bytes, n_pages, name, cancellable, error);
      else
        ok = load_image (self, bytes, name, cancellable, error);
    }
  else
    ok = load_image (self, bytes, name, cancellable, error);

  if (!ok)
    return NULL;

  g_assert (self->pages->len > 0);
  return g_steal_pointer (&self);
}

static char *
file_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  char *name = g_filename_display_name (basename != NULL ? basename : "");

  if (*name == '\0')
    {
      g_free (name);
      name = g_file_get_parse_name (file);
    }
  return name;
}

static GBytes *
read_file (GFile         *file,
           const char    *name,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  guint8 buffer[65536];

  stream = g_file_read (file, cancellable, &local_error);
  if (stream != NULL)
    {
      info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
      if (info != NULL && g_file_info_get_size (info) > MAX_FILE_SIZE)
        {
          set_too_large_file (error, name);
          return NULL;
        }

      for (;;)
        {
          gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, cancellable, &local_error);

          if (n < 0)
            break;
          if (n == 0)
            return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
          if ((goffset) contents->len + n > MAX_FILE_SIZE)
            {
              set_too_large_file (error, name);
              return NULL;
            }
          g_byte_array_append (contents, buffer, n);
        }
    }

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, AG_DOCUMENT_ERROR, AG_DOCUMENT_ERROR_IO,
                 _("Could not read “%s”: %s. Check that the file exists and that you may read it."),
                 name, local_error->message);
  return NULL;
}

/**
 * ag_document_new_from_file:
 * @file: the file to open
 * @password: (nullable): the password of an encrypted PDF
 * @cancellable: (nullable): a #GCancellable
 *
 * Opens an image or a PDF, looking at its content rather than its name.
 *
 * Returns: (transfer full): the document, or %NULL with @error set in
 *   %AG_DOCUMENT_ERROR (or %G_IO_ERROR_CANCELLED)
 */
AgDocument *
ag_document_new_from_file (GFile         *file,
                           const char    *password,
                           GCancellable  *cancellable,
                           GError       **error)
{
  AgDocumentOpener open_elsewhere = g_atomic_pointer_get (&opener);
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = file_display_name (file);

  /* The worker reads a file through a descriptor opened here: it may not
   * open the user's files itself.  Anything but a plain file is read into
   * memory first, as without the worker. */
  if (open_elsewhere != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      int fd = path != NULL ? open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) : -1;
      struct stat st;

      if (fd >= 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
        {
          g_autoptr(AgDocument) self = ag_document_new ();
          gboolean ok = FALSE;

          self->file = g_object_ref (file);
          self->title = g_strdup (name);
          if (st.st_size == 0)
            set_empty (error, name);
          else if (st.st_size > MAX_FILE_SIZE)
            set_too_large_file (error, name);
          else
            ok = load_elsewhere (self, open_elsewhere, file, fd, NULL, name, password, cancellable, error);
          close (fd);
          return ok ? g_steal_pointer (&self) : NULL;
        }
      if (fd >= 0)
        close (fd);
    }

  bytes = read_file (file, name, cancellable, error);
  if (bytes == NULL)
    return NULL;

  return load_bytes (bytes, file, name, password, cancellable, error);
}

/**
 * ag_document_new_from_bytes:
 * @bytes: the content of an image or PDF file (from the clipboard, a pipe)
 * @name: (nullable): what to call it in the window and in messages
 * @password: (nullable): the password of an encrypted PDF
 * @cancellable: (nullable): a #GCancellable
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
AgDocument *
ag_document_new_from_bytes (GBytes        *bytes,
                            const char    *name,
                            const char    *password,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL || *name == '\0')
    /* Translators: the name of a document that came from the clipboard */
    name = _("Pasted image");

  return load_bytes (bytes, NULL, name, password, cancellable, error);
}

typedef struct
{
  GFile  *file;
  GBytes *bytes;
  char   *name;
  char   *password;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data->name);
  if (data->password != NULL)
    {
      memset (data->password, 0, strlen (data->password));
      g_free (data->password);
    }
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  AgDocument *document;

  if (data->file != NULL)
    document = ag_document_new_from_file (data->file, data->password, cancellable, &error);
  else
    document = ag_document_new_from_bytes (data->bytes, data->name, data->password, cancellable, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

/**
 * ag_document_load_file_async:
 *
 * Opens @file in a worker thread; see ag_document_new_from_file().
 */
void
ag_document_load_file_async (GFile               *file,
                             const char          *password,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ag_document_load_file_async);
  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ag_document_load_file_finish:
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
AgDocument *
ag_document_load_file_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ag_document_load_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ag_document_load_bytes_async:
 *
 * Opens @bytes in a worker thread; see ag_document_new_from_bytes().
 */
void
ag_document_load_bytes_async (GBytes              *bytes,
                              const char          *name,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (bytes != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ag_document_load_bytes_async);
  data = g_new0 (LoadData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->name = g_strdup (name);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ag_document_load_bytes_finish:
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
AgDocument *
ag_document_load_bytes_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ag_document_load_bytes_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The document ------------------------------------------------------------ */

/**
 * ag_document_append:
 * @other: the document whose pages come after those of @self
 *
 * Adds the pages of @other, in order, to @self.  The pages are shared, not
 * copied.  An empty @self takes the title and file of the first document
 * appended to it.
 */
void
ag_document_append (AgDocument *self,
                    AgDocument *other)
{
  g_return_if_fail (AG_IS_DOCUMENT (self));
  g_return_if_fail (AG_IS_DOCUMENT (other));
  g_return_if_fail (self != other);

  if (self->pages->len == 0 && self->title == NULL)
    {
      self->title = g_strdup (other->title);
      g_set_object (&self->file, other->file);
    }

  for (guint i = 0; i < other->pages->len; i++)
    g_ptr_array_add (self->pages, g_object_ref (g_ptr_array_index (other->pages, i)));
}

guint
ag_document_get_n_pages (AgDocument *self)
{
  g_return_val_if_fail (AG_IS_DOCUMENT (self), 0);

  return self->pages->len;
}

/**
 * ag_document_get_page:
 *
 * Returns: (transfer none): the page at @index
 */
AgPage *
ag_document_get_page (AgDocument *self,
                      guint       index)
{
  g_return_val_if_fail (AG_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->pages->len, NULL);

  return g_ptr_array_index (self->pages, index);
}

/**
 * ag_document_set_title:
 * @title: (nullable): what the document is called
 *
 * Names a document made of others (ag_document_append() gave it the
 * first one's name).
 */
void
ag_document_set_title (AgDocument *self,
                       const char *title)
{
  g_return_if_fail (AG_IS_DOCUMENT (self));

  g_free (self->title);
  self->title = g_strdup (title);
}

/**
 * ag_document_get_title:
 *
 * Returns: (nullable): the file's name, or the name given with the bytes
 */
const char *
ag_document_get_title (AgDocument *self)
{
  g_return_val_if_fail (AG_IS_DOCUMENT (self), NULL);

  return self->title;
}

/**
 * ag_document_get_file:
 *
 * Returns: (transfer none) (nullable): the file the document was opened
 *   from, %NULL for bytes
 */
GFile *
ag_document_get_file (AgDocument *self)
{
  g_return_val_if_fail (AG_IS_DOCUMENT (self), NULL);

  return self->file;
}
