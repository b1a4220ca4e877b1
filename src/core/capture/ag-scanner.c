/* ag-scanner.c — pages from a scanner, through SANE
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * SANE runs in this process (the window's or airgap-ocr's), never in the
 * sandboxed worker, which may open no device.  libsane is opened the
 * first time a scanner is asked for (like Tesseract, ag-tess-api.c):
 * its dll backend loads some eighty drivers, which no program start
 * should pay for.  SANE is not thread-safe, so everything it does runs
 * under one lock, in a GTask thread for the async calls; only
 * sane_cancel() comes from elsewhere, which SANE allows at any time.
 *
 * Network scanners cannot work: the lockdown (ag-lockdown.c) refuses
 * every socket that could reach one.  SANE is given a configuration of
 * its own without the drivers that only reach scanners on the network
 * (_ag_scanner_make_config_dir()), so they are not even loaded.  Devices
 * are listed local only (sane_get_devices (…, SANE_TRUE)), and a name
 * that still looks like a network device is left out of the list and
 * refused with its own message.
 *
 * Each page scanned is encoded as a PNG carrying its resolution and
 * opened like any picture, so with the sandbox on it is decoded and
 * recognised in airgap-worker like a file would be.
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <gmodule.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ag-library.h"
#include "capture/ag-scanner.h"
#include "capture/ag-scanner-private.h"

#ifdef AG_HAVE_SANE
#include <sane/sane.h>
#include <sane/saneopts.h>
#endif

G_DEFINE_QUARK (ag-scanner-error-quark, ag_scanner_error)
G_DEFINE_BOXED_TYPE (AgScannerDevice, ag_scanner_device, ag_scanner_device_copy, ag_scanner_device_free)

AgScannerDevice *
ag_scanner_device_copy (const AgScannerDevice *device)
{
  AgScannerDevice *copy;

  g_return_val_if_fail (device != NULL, NULL);

  copy = g_new0 (AgScannerDevice, 1);
  copy->name = g_strdup (device->name);
  copy->vendor = g_strdup (device->vendor);
  copy->model = g_strdup (device->model);
  copy->type = g_strdup (device->type);
  copy->sources = device->sources;
  return copy;
}

void
ag_scanner_device_free (AgScannerDevice *device)
{
  if (device == NULL)
    return;

  g_free (device->name);
  g_free (device->vendor);
  g_free (device->model);
  g_free (device->type);
  g_free (device);
}

/**
 * ag_scanner_is_network_device:
 * @name: a SANE device name
 *
 * Whether @name is a scanner on the network (SANE's net backend, eSCL,
 * AirScan, a driver's network address), which Airgap cannot reach.
 *
 * Returns: %TRUE for a network scanner
 */
gboolean
ag_scanner_is_network_device (const char *name)
{
  /* magicolor drives USB scanners too: its network ones are "magicolor:net:…". */
  static const char * const backends[] = { "net:", "escl:", "airscan:", "dell1600n_net:" };
  static const char * const markers[] = { ":net:", "://", "bjnp", "tcp", "_ip" };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  lower = g_ascii_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (backends); i++)
    if (g_str_has_prefix (lower, backends[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (strstr (lower, markers[i]) != NULL)
      return TRUE;

  /* A driver's address as numbers: "epson2:net:192.168.1.5", "pixma:MX920_10.0.0.7". */
  return g_regex_match_simple ("[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", lower, 0, 0);
}

/* SANE's drivers that reach scanners only over the network: its own
 * network client (net, for saned), eSCL (AirPrint scanners, and USB ones
 * through ipp-usb's local HTTP server), sane-airscan (its own package,
 * listed in dll.d) and Dell's 1600n.  Drivers that drive USB scanners too
 * (pixma, epson2, epsonds, xerox_mfp, magicolor, kodakaio, HPLIP's hpaio)
 * stay: the lockdown stops their network half. */
static const char * const network_backends[] = { "net", "escl", "airscan", "dell1600n_net" };

/**
 * _ag_scanner_is_network_backend:
 * @backend: a SANE driver's name, as dll.conf lists it
 *
 * Returns: %TRUE for a driver that can only reach network scanners
 */
gboolean
_ag_scanner_is_network_backend (const char *backend)
{
  for (guint i = 0; i < G_N_ELEMENTS (network_backends); i++)
    if (g_ascii_strcasecmp (backend, network_backends[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The drivers a dll.conf (or a file of dll.d) lists, in @text, each but
 * the network ones appended to @out, a line each. */
static void
append_local_backends (GString    *out,
                       const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *end;

      /* As SANE reads them: a name first on its line, '#' to the end of
       * the line a comment. */
      end = strchr (line, '#');
      if (end != NULL)
        *end = '\0';
      end = line + strcspn (line, " \t\r");
      *end = '\0';
      if (*line == '\0')
        continue;

      if (_ag_scanner_is_network_backend (line))
        g_string_append_printf (out, "# %s: left out, it reaches only network scanners\n", line);
      else
        g_string_append_printf (out, "%s\n", line);
    }
}

/**
 * _ag_scanner_make_config_dir:
 * @system_dir: SANE's own configuration folder (/etc/sane.d)
 * @error: where to say why it could not be made
 *
 * Makes a configuration folder for SANE (SANE_CONFIG_DIR) in the user's
 * runtime folder (or the temporary folder): a dll.conf that lists the
 * drivers of @system_dir's dll.conf and of its dll.d/ files but those
 * that only reach network scanners (_ag_scanner_is_network_backend()),
 * no dll.d/, and a symbolic link to every other file of @system_dir (the
 * drivers' own configurations).  SANE then loads no network driver.
 *
 * Returns: (transfer full): the folder, to be removed with
 *   _ag_scanner_remove_config_dir(), or %NULL with @error set
 */
char *
_ag_scanner_make_config_dir (const char  *system_dir,
                             GError     **error)
{
  g_autofree char *dll_path = g_build_filename (system_dir, "dll.conf", NULL);
  g_autofree char *dll_text = NULL;
  g_autofree char *dlld_path = g_build_filename (system_dir, "dll.d", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *new_dll = NULL;
  g_autoptr(GString) conf = g_string_new (NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_return_val_if_fail (system_dir != NULL, NULL);

  if (!g_file_get_contents (dll_path, &dll_text, NULL, error))
    return NULL;

  g_string_append_printf (conf, "# SANE's drivers for Airgap: those of %s but the network ones.\n", dll_path);
  append_local_backends (conf, dll_text);

  /* Packages add drivers in dll.d (sane-airscan, HPLIP); SANE reads only
   * the first dll.d it finds, so theirs go into this dll.conf. */
  listing = g_dir_open (dlld_path, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;

      /* SANE skips these too: hidden files and editors' backups. */
      if (name[0] == '.' || g_str_has_suffix (name, "~"))
        continue;
      path = g_build_filename (dlld_path, name, NULL);
      if (g_file_get_contents (path, &text, NULL, NULL))
        append_local_backends (conf, text);
    }
  g_clear_pointer (&listing, g_dir_close);

  {
    const char *parent = g_get_user_runtime_dir ();
    g_autofree char *template = g_build_filename (parent, "airgap-sane-XXXXXX", NULL);

    dir = g_mkdtemp_full (template, 0700) != NULL ? g_steal_pointer (&template) : NULL;
    if (dir == NULL)
      dir = g_dir_make_tmp ("airgap-sane-XXXXXX", error);
    if (dir == NULL)
      return NULL;
  }

  new_dll = g_build_filename (dir, "dll.conf", NULL);
  if (!g_file_set_contents (new_dll, conf->str, conf->len, error))
    {
      _ag_scanner_remove_config_dir (dir);
      return NULL;
    }

  listing = g_dir_open (system_dir, 0, error);
  if (listing == NULL)
    {
      _ag_scanner_remove_config_dir (dir);
      return NULL;
    }
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *target = NULL;
      g_autofree char *link = NULL;

      if (g_str_equal (name, "dll.conf") || g_str_equal (name, "dll.d"))
        continue;
      target = g_build_filename (system_dir, name, NULL);
      link = g_build_filename (dir, name, NULL);
      if (symlink (target, link) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       "%s: %s", link, g_strerror (saved_errno));
          _ag_scanner_remove_config_dir (dir);
          return NULL;
        }
    }

  return g_steal_pointer (&dir);
}

/**
 * _ag_scanner_remove_config_dir:
 * @dir: a folder made by _ag_scanner_make_config_dir()
 *
 * Removes it, its files and links (never what they point at).
 */
void
_ag_scanner_remove_config_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
set_unavailable (GError **error)
{
  g_set_error_literal (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_UNAVAILABLE,
                       _("Scanning needs SANE, which is not installed (the package libsane1)."));
}

#ifdef AG_HAVE_SANE

/* How drivers name the entries of their "source" option. */
static const char * const flatbed[] = { "flatbed", "glass", "platen", "document table", "normal", NULL };
static const char * const adf[] = { "adf", "feeder", "automatic document", NULL };
static const char * const duplex[] = { "duplex", "back", NULL };

/* libsane, opened on first use ------------------------------------------- */

typedef struct
{
  SANE_Status (*init) (SANE_Int *, SANE_Auth_Callback);
  SANE_Status (*get_devices) (const SANE_Device ***, SANE_Bool);
  SANE_Status (*open) (SANE_String_Const, SANE_Handle *);
  void (*close) (SANE_Handle);
  const SANE_Option_Descriptor *(*get_option_descriptor) (SANE_Handle, SANE_Int);
  SANE_Status (*control_option) (SANE_Handle, SANE_Int, SANE_Action, void *, SANE_Int *);
  SANE_Status (*get_parameters) (SANE_Handle, SANE_Parameters *);
  SANE_Status (*start) (SANE_Handle);
  SANE_Status (*read) (SANE_Handle, SANE_Byte *, SANE_Int, SANE_Int *);
  void (*cancel) (SANE_Handle);
  SANE_String_Const (*strstatus) (SANE_Status);
} SaneApi;

static GMutex sane_lock;
static SaneApi sane;
static gboolean sane_ready;

static char *private_config;

static void
remove_private_config (void)
{
  _ag_scanner_remove_config_dir (private_config);
}

/* SANE without its network drivers (_ag_scanner_make_config_dir()),
 * unless SANE_CONFIG_DIR says which configuration to use (the tests give
 * theirs).  SANE reads the variable in sane_init() and its drivers read
 * their files when they start, so the folder stays until the program
 * ends.  Setting a variable while other threads may read the environment
 * is not safe in general; this happens once, before SANE starts, and
 * Airgap's other threads do not read the environment then. */
static void
use_private_config (void)
{
  g_autoptr(GError) error = NULL;

  if (g_getenv ("SANE_CONFIG_DIR") != NULL)
    return;

  private_config = _ag_scanner_make_config_dir (AG_SANE_CONFIG_DIR, &error);
  if (private_config == NULL)
    {
      g_debug ("SANE reads %s, network drivers included: %s", AG_SANE_CONFIG_DIR, error->message);
      return;
    }

  g_setenv ("SANE_CONFIG_DIR", private_config, TRUE);
  atexit (remove_private_config);
  g_debug ("SANE's configuration without network drivers: %s", private_config);
}

/* Called with sane_lock held. */
static gboolean
ensure_sane (GError **error)
{
#define SYMBOL(member) AG_LIBRARY_SYMBOL (SaneApi, "sane_", member)
  static const AgLibrarySymbol symbols[] = {
    SYMBOL (init),
    SYMBOL (get_devices),
    SYMBOL (open),
    SYMBOL (close),
    SYMBOL (get_option_descriptor),
    SYMBOL (control_option),
    SYMBOL (get_parameters),
    SYMBOL (start),
    SYMBOL (read),
    SYMBOL (cancel),
    SYMBOL (strstatus),
  };
#undef SYMBOL
  g_autofree char *failure = NULL;
  GModule *module;
  SANE_Int version = 0;
  SANE_Status status;

  if (sane_ready)
    return TRUE;

  /* Kept for the life of the process, like the drivers it loads. */
  module = _ag_library_open (AG_SANE_LIBRARY, symbols, G_N_ELEMENTS (symbols), &sane, &failure);
  if (module == NULL)
    {
      g_debug ("Cannot open SANE: %s", failure);
      set_unavailable (error);
      return FALSE;
    }

  use_private_config ();
  status = sane.init (&version, NULL);
  if (status != SANE_STATUS_GOOD)
    {
      g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_FAILED,
                   _("SANE could not start: %s."), sane.strstatus (status));
      g_module_close (module);
      return FALSE;
    }

  g_module_make_resident (module);
  g_debug ("Opened %s (SANE %d.%d.%d)", AG_SANE_LIBRARY, SANE_VERSION_MAJOR (version),
           SANE_VERSION_MINOR (version), SANE_VERSION_BUILD (version));
  sane_ready = TRUE;
  return TRUE;
}

/* A sentence for each status a scanner can report. */
static void
set_status_error (GError      **error,
                  SANE_Status   status,
                  const char   *device)
{
  switch ((int) status)
    {
    case SANE_STATUS_CANCELLED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Scanning was cancelled."));
      break;
    case SANE_STATUS_DEVICE_BUSY:
      g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_BUSY,
                   _("The scanner “%s” is busy. Wait until it has finished, or close the other program that uses it, and try again."),
                   device);
      break;
    case SANE_STATUS_JAMMED:
      g_set_error_literal (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_JAMMED,
                           _("Paper is jammed in the scanner. Take it out and try again."));
      break;
    case SANE_STATUS_NO_DOCS:
      g_set_error_literal (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_NO_DOCUMENTS,
                           _("The document feeder is empty. Put the pages in and try again."));
      break;
    case SANE_STATUS_COVER_OPEN:
      g_set_error_literal (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_COVER_OPEN,
                           _("The scanner’s cover is open. Close it and try again."));
      break;
    case SANE_STATUS_ACCESS_DENIED:
      g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_ACCESS_DENIED,
                   _("This user may not use the scanner “%s”. On most systems, membership of the group “scanner” allows it."),
                   device);
      break;
    case SANE_STATUS_INVAL:
      if (ag_scanner_is_network_device (device))
        g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_NETWORK,
                     _("“%s” is a network scanner, and Airgap cannot reach the network. Connect the scanner by USB."),
                     device);
      else
        g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_NOT_FOUND,
                     _("There is no scanner “%s”. See which ones are connected with --list-scanners."),
                     device);
      break;
    case 12: /* SANE_STATUS_WARMING_UP (SANE 1.1) */
      g_set_error_literal (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_BUSY,
                           _("The scanner’s lamp is warming up. Try again in a moment."));
      break;
    case 13: /* SANE_STATUS_HW_LOCKED */
      g_set_error_literal (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_FAILED,
                           _("The scanner is locked for transport. Unlock it (see its manual) and try again."));
      break;
    default:
      g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_FAILED,
                   _("The scanner reported an error: %s."), sane.strstatus (status));
      break;
    }
}

static AgScanSourceFlags query_sources (const char *device);

static GPtrArray *
list_devices (guint   *n_network,
              GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&sane_lock);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_scanner_device_free);
  const SANE_Device **list = NULL;
  SANE_Status status;
  guint network = 0;

  if (!ensure_sane (error))
    return NULL;

  /* Local only: SANE's net backend is not even asked. */
  status = sane.get_devices (&list, SANE_TRUE);
  if (status != SANE_STATUS_GOOD)
    {
      set_status_error (error, status, "");
      return NULL;
    }

  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      AgScannerDevice *device;

      if (list[i]->name == NULL)
        continue;
      if (ag_scanner_is_network_device (list[i]->name))
        {
          network++;
          continue;
        }

      device = g_new0 (AgScannerDevice, 1);
      device->name = g_utf8_make_valid (list[i]->name, -1);
      device->vendor = g_utf8_make_valid (list[i]->vendor != NULL ? list[i]->vendor : "", -1);
      device->model = g_utf8_make_valid (list[i]->model != NULL ? list[i]->model : "", -1);
      device->type = g_utf8_make_valid (list[i]->type != NULL ? list[i]->type : "", -1);
      g_ptr_array_add (devices, device);
    }

  /* After the list: opening a device may change what SANE lists. */
  for (guint i = 0; i < devices->len; i++)
    {
      AgScannerDevice *device = g_ptr_array_index (devices, i);

      device->sources = query_sources (device->name);
    }

  if (n_network != NULL)
    *n_network = network;
  return g_steal_pointer (&devices);
}

/* Options ------------------------------------------------------------------ */

static SANE_Int
find_option (SANE_Handle                    handle,
             const char                    *name,
             const SANE_Option_Descriptor **descriptor)
{
  SANE_Int count = 0;

  if (sane.control_option (handle, 0, SANE_ACTION_GET_VALUE, &count, NULL) != SANE_STATUS_GOOD)
    return -1;

  for (SANE_Int i = 1; i < count; i++)
    {
      const SANE_Option_Descriptor *option = sane.get_option_descriptor (handle, i);

      if (option != NULL && option->name != NULL && strcmp (option->name, name) == 0 &&
          SANE_OPTION_IS_ACTIVE (option->cap) && SANE_OPTION_IS_SETTABLE (option->cap))
        {
          *descriptor = option;
          return i;
        }
    }

  return -1;
}

static gboolean
set_value (SANE_Handle   handle,
           SANE_Int      index,
           void         *value,
           const char   *device,
           GError      **error)
{
  SANE_Status status = sane.control_option (handle, index, SANE_ACTION_SET_VALUE, value, NULL);

  if (status == SANE_STATUS_INVAL || status == SANE_STATUS_UNSUPPORTED)
    {
      const SANE_Option_Descriptor *option = sane.get_option_descriptor (handle, index);

      g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_UNSUPPORTED,
                   _("The scanner “%s” does not accept this value of its option “%s”."),
                   device, option != NULL && option->name != NULL ? option->name : "?");
      return FALSE;
    }
  if (status != SANE_STATUS_GOOD)
    {
      set_status_error (error, status, device);
      return FALSE;
    }
  return TRUE;
}

/* The nearest resolution the scanner has to @dpi. */
static gboolean
set_resolution (SANE_Handle   handle,
                int           dpi,
                double       *actual,
                const char   *device,
                GError      **error)
{
  const SANE_Option_Descriptor *option = NULL;
  SANE_Int index = find_option (handle, SANE_NAME_SCAN_RESOLUTION, &option);
  gboolean fixed;
  double best = dpi;
  SANE_Word word;

  *actual = dpi;
  if (index < 0 || (option->type != SANE_TYPE_INT && option->type != SANE_TYPE_FIXED) || option->size != sizeof (SANE_Word))
    return TRUE;  /* a scanner of one resolution; it is read back below */

  fixed = option->type == SANE_TYPE_FIXED;
  if (option->constraint_type == SANE_CONSTRAINT_RANGE)
    {
      const SANE_Range *range = option->constraint.range;
      double min = fixed ? SANE_UNFIX (range->min) : range->min;
      double max = fixed ? SANE_UNFIX (range->max) : range->max;
      double quant = fixed ? SANE_UNFIX (range->quant) : range->quant;

      best = CLAMP (best, min, max);
      if (quant > 0)
        best = min + (int) ((best - min) / quant + 0.5) * quant;
    }
  else if (option->constraint_type == SANE_CONSTRAINT_WORD_LIST)
    {
      const SANE_Word *list = option->constraint.word_list;

      for (SANE_Word i = 1; i <= list[0]; i++)
        {
          double value = fixed ? SANE_UNFIX (list[i]) : list[i];

          if (i == 1 || ABS (value - dpi) < ABS (best - dpi))
            best = value;
        }
    }

  word = fixed ? SANE_FIX (best) : (SANE_Word) (best + 0.5);
  if (!set_value (handle, index, &word, device, error))
    return FALSE;

  if (sane.control_option (handle, index, SANE_ACTION_GET_VALUE, &word, NULL) == SANE_STATUS_GOOD)
    *actual = fixed ? SANE_UNFIX (word) : word;
  return TRUE;
}

static gboolean
contains_any (const char          *text,
              const char * const  *words)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The sources @device offers, from its "source" option: opened and
 * closed again, with sane_lock held.  A device that cannot be opened now
 * (busy) offers none, and is scanned from wherever it is set to. */
static AgScanSourceFlags
query_sources (const char *device)
{
  const SANE_Option_Descriptor *option = NULL;
  SANE_Handle handle = NULL;
  AgScanSourceFlags sources = 0;
  SANE_Status status;
  SANE_Int index;

  status = sane.open (device, &handle);
  if (status != SANE_STATUS_GOOD)
    {
      g_debug ("Cannot open %s to ask for its sources: %s", device, sane.strstatus (status));
      return 0;
    }

  index = find_option (handle, SANE_NAME_SCAN_SOURCE, &option);
  if (index >= 0 && option->type == SANE_TYPE_STRING &&
      option->constraint_type == SANE_CONSTRAINT_STRING_LIST)
    for (guint i = 0; option->constraint.string_list[i] != NULL; i++)
      {
        const char *entry = option->constraint.string_list[i];

        if (contains_any (entry, adf))
          sources |= AG_SCAN_SOURCE_FLAG_ADF;
        else if (contains_any (entry, flatbed))
          sources |= AG_SCAN_SOURCE_FLAG_FLATBED;
      }

  sane.close (handle);
  return sources;
}

/* Chooses the first entry of a string option's list that has one of
 * @words and none of @not; FALSE when there is none. */
static gboolean
set_string_choice (SANE_Handle          handle,
                   const char          *name,
                   const char * const  *words,
                   const char * const  *not,
                   gboolean            *has_option,
                   const char          *device,
                   GError             **error)
{
  const SANE_Option_Descriptor *option = NULL;
  SANE_Int index = find_option (handle, name, &option);
  g_autofree char *value = NULL;

  *has_option = index >= 0 && option->type == SANE_TYPE_STRING &&
                option->constraint_type == SANE_CONSTRAINT_STRING_LIST;
  if (!*has_option)
    return FALSE;

  for (guint i = 0; option->constraint.string_list[i] != NULL; i++)
    {
      const char *entry = option->constraint.string_list[i];

      if (contains_any (entry, words) && (not == NULL || !contains_any (entry, not)))
        {
          value = g_malloc0 (MAX ((gsize) option->size, strlen (entry) + 1));
          strcpy (value, entry);
          break;
        }
    }

  if (value == NULL)
    return FALSE;
  return set_value (handle, index, value, device, error);
}

/* "name=value" for any option of the device. */
static gboolean
set_device_option (SANE_Handle   handle,
                   const char   *assignment,
                   const char   *device,
                   GError      **error)
{
  const char *equals = strchr (assignment, '=');
  g_autofree char *name = equals != NULL ? g_strndup (assignment, equals - assignment) : NULL;
  const char *text = equals != NULL ? equals + 1 : NULL;
  const SANE_Option_Descriptor *option = NULL;
  SANE_Int index = name != NULL ? find_option (handle, name, &option) : -1;
  g_autofree char *string = NULL;
  SANE_Word word;
  char *end = NULL;

  if (index < 0)
    {
      g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_UNSUPPORTED,
                   _("The scanner “%s” has no option “%s” that can be set (give NAME=VALUE)."),
                   device, name != NULL ? name : assignment);
      return FALSE;
    }

  switch (option->type)
    {
    case SANE_TYPE_BOOL:
      word = g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "true") == 0 ||
             strcmp (text, "1") == 0;
      return set_value (handle, index, &word, device, error);
    case SANE_TYPE_INT:
    case SANE_TYPE_FIXED:
      {
        double number = g_ascii_strtod (text, &end);

        if (end == text || *end != '\0' || option->size != sizeof (SANE_Word))
          break;
        word = option->type == SANE_TYPE_FIXED ? SANE_FIX (number) : (SANE_Word) number;
        return set_value (handle, index, &word, device, error);
      }
    case SANE_TYPE_STRING:
      if (strlen (text) >= (gsize) option->size)
        break;
      string = g_malloc0 (option->size);
      strcpy (string, text);
      return set_value (handle, index, string, device, error);
    default:
      break;
    }

  g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_UNSUPPORTED,
               _("The scanner “%s” does not accept this value of its option “%s”."), device, name);
  return FALSE;
}

static gboolean
apply_settings (SANE_Handle            handle,
                const AgScanSettings  *settings,
                const char            *device,
                gboolean              *feeder,
                double                *dpi,
                GError               **error)
{
  static const char * const color[] = { "color", "colour", NULL };
  static const char * const gray[] = { "gray", "grey", NULL };
  static const char * const not_gray[] = { "lineart", "halftone", "binary", NULL };
  static const char * const not_color[] = { "lineart", "halftone", "binary", "gray", "grey", NULL };
  gboolean has_option = FALSE;
  gboolean ok;

  /* Device options first: the source, the mode and the resolution
   * (which may depend on them) are the ones asked for. */
  for (guint i = 0; settings->device_options != NULL && settings->device_options[i] != NULL; i++)
    if (!set_device_option (handle, settings->device_options[i], device, error))
      return FALSE;

  *feeder = FALSE;
  if (settings->source != AG_SCAN_SOURCE_DEFAULT)
    {
      gboolean want_adf = settings->source == AG_SCAN_SOURCE_ADF;
      GError *local = NULL;

      ok = set_string_choice (handle, SANE_NAME_SCAN_SOURCE, want_adf ? adf : flatbed,
                              want_adf ? duplex : adf, &has_option, device, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return FALSE;
        }
      if (!ok && want_adf)
        {
          g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_UNSUPPORTED,
                       _("The scanner “%s” has no document feeder."), device);
          return FALSE;
        }
      if (!ok && has_option)
        {
          g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_UNSUPPORTED,
                       _("The scanner “%s” has no flatbed; use its document feeder (--source adf)."), device);
          return FALSE;
        }
      *feeder = want_adf;
    }
  else
    {
      const SANE_Option_Descriptor *option = NULL;
      SANE_Int index = find_option (handle, SANE_NAME_SCAN_SOURCE, &option);

      /* Set to its feeder already (or by a device option): every page. */
      if (index >= 0 && option->type == SANE_TYPE_STRING && option->size > 0)
        {
          g_autofree char *value = g_malloc0 (option->size);

          if (sane.control_option (handle, index, SANE_ACTION_GET_VALUE, value, NULL) == SANE_STATUS_GOOD)
            *feeder = contains_any (value, adf);
        }
    }

  {
    GError *local = NULL;

    if (settings->mode == AG_SCAN_MODE_GRAY)
      ok = set_string_choice (handle, SANE_NAME_SCAN_MODE, gray, not_gray, &has_option, device, &local);
    else
      ok = set_string_choice (handle, SANE_NAME_SCAN_MODE, color, not_color, &has_option, device, &local);
    if (local != NULL)
      {
        g_propagate_error (error, local);
        return FALSE;
      }
    /* A scanner without the mode keeps its own (a grey-only one scans grey). */
    if (!ok && has_option && settings->mode == AG_SCAN_MODE_COLOR)
      g_debug ("%s has no colour mode; scanning in its own", device);
  }

  return set_resolution (handle, settings->resolution > 0 ? settings->resolution : AG_SCAN_DEFAULT_RESOLUTION,
                         dpi, device, error);
}

/* Frames to pixels --------------------------------------------------------- */

typedef struct
{
  GMutex       mutex;
  SANE_Handle  handle;
} CancelData;

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  CancelData *data = user_data;

  g_mutex_lock (&data->mutex);
  if (data->handle != NULL)
    sane.cancel (data->handle);
  g_mutex_unlock (&data->mutex);
}

/* One frame's bytes, as the scanner sends them. */
static GByteArray *
read_frame (SANE_Handle   handle,
            const char   *device,
            GError      **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 buffer[64 * 1024];

  for (;;)
    {
      SANE_Int length = 0;
      SANE_Status status = sane.read (handle, buffer, sizeof buffer, &length);

      if (status == SANE_STATUS_EOF)
        break;
      if (status != SANE_STATUS_GOOD)
        {
          set_status_error (error, status, device);
          return NULL;
        }
      if (length > 0)
        g_byte_array_append (bytes, buffer, length);
    }

  return g_steal_pointer (&bytes);
}

static guint8
sample (const guint8 *row,
        int           x,
        int           channel,
        int           channels,
        int           depth)
{
  switch (depth)
    {
    case 1:
      /* Lineart: a set bit is black. */
      return (row[x / 8] & (0x80 >> (x % 8))) ? 0 : 255;
    case 16:
      {
        guint16 value;

        memcpy (&value, row + 2 * (x * channels + channel), 2);
        return value >> 8;
      }
    default:
      return row[x * channels + channel];
    }
}

/* Puts a frame into @pixbuf (RGB, 8 bits): all three channels of a grey
 * or RGB frame, or one of a three-pass scanner's. */
static void
store_frame (GdkPixbuf             *pixbuf,
             const SANE_Parameters *parameters,
             GByteArray            *bytes)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int channels = parameters->format == SANE_FRAME_RGB ? 3 : 1;
  int target = parameters->format == SANE_FRAME_GREEN ? 1 : parameters->format == SANE_FRAME_BLUE ? 2 : 0;

  for (int y = 0; y < height; y++)
    {
      const guint8 *row = bytes->data + (gsize) y * parameters->bytes_per_line;
      guint8 *out = pixels + (gsize) y * stride;

      for (int x = 0; x < width; x++)
        switch (parameters->format)
          {
          case SANE_FRAME_GRAY:
            out[3 * x] = out[3 * x + 1] = out[3 * x + 2] = sample (row, x, 0, 1, parameters->depth);
            break;
          case SANE_FRAME_RGB:
            for (int c = 0; c < 3; c++)
              out[3 * x + c] = sample (row, x, c, channels, parameters->depth);
            break;
          default:
            out[3 * x + target] = sample (row, x, 0, 1, parameters->depth);
            break;
          }
    }
}

/* Scans one page: every frame until the last.  NULL with @error set;
 * *@start_status is SANE_STATUS_NO_DOCS when the feeder was empty. */
static GdkPixbuf *
scan_page (SANE_Handle    handle,
           const char    *device,
           SANE_Status   *start_status,
           GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  SANE_Parameters parameters;

  for (;;)
    {
      g_autoptr(GByteArray) bytes = NULL;
      SANE_Status status = sane.start (handle);
      int lines;

      *start_status = status;
      if (status != SANE_STATUS_GOOD)
        {
          set_status_error (error, status, device);
          return NULL;
        }

      status = sane.get_parameters (handle, &parameters);
      if (status != SANE_STATUS_GOOD)
        {
          set_status_error (error, status, device);
          return NULL;
        }
      if ((parameters.depth != 1 && parameters.depth != 8 && parameters.depth != 16) ||
          (parameters.depth == 1 && parameters.format != SANE_FRAME_GRAY) ||
          parameters.format > SANE_FRAME_BLUE || parameters.pixels_per_line <= 0 ||
          parameters.bytes_per_line <= 0 ||
          (gint64) parameters.bytes_per_line * 8 <
            (gint64) parameters.pixels_per_line * parameters.depth * (parameters.format == SANE_FRAME_RGB ? 3 : 1))
        {
          g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_UNSUPPORTED,
                       _("The scanner “%s” sends pictures in a form Airgap does not read (%d bits, frame %d)."),
                       device, parameters.depth, parameters.format);
          return NULL;
        }

      bytes = read_frame (handle, device, error);
      if (bytes == NULL)
        return NULL;

      /* A hand scanner does not know its height until the end. */
      lines = bytes->len / parameters.bytes_per_line;
      if (parameters.lines > 0)
        lines = MIN (lines, parameters.lines);
      if (lines <= 0)
        {
          g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_FAILED,
                       _("The scanner “%s” sent an empty page."), device);
          return NULL;
        }

      if (pixbuf == NULL)
        {
          pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, parameters.pixels_per_line, lines);
          if (pixbuf == NULL)
            {
              g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_FAILED,
                           _("A page of %d × %d pixels does not fit in memory."),
                           parameters.pixels_per_line, lines);
              return NULL;
            }
          gdk_pixbuf_fill (pixbuf, 0);
        }
      else if (gdk_pixbuf_get_width (pixbuf) != parameters.pixels_per_line ||
               gdk_pixbuf_get_height (pixbuf) > lines)
        {
          g_set_error (error, AG_SCANNER_ERROR, AG_SCANNER_ERROR_FAILED,
                       _("The scanner “%s” sent the colours of a page in different sizes."), device);
          return NULL;
        }

      store_frame (pixbuf, &parameters, bytes);
      if (parameters.last_frame)
        break;
    }

  return g_steal_pointer (&pixbuf);
}

static AgDocument *
page_document (GdkPixbuf     *pixbuf,
               double         dpi,
               guint          number,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *buffer = NULL;
  g_autofree char *dpi_text = g_strdup_printf ("%d", (int) (dpi + 0.5));
  g_autofree char *name = g_strdup_printf (_("Scanned page %u"), number);
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;

  /* Little compression: the PNG only carries the page to the reader. */
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", error,
                                  "compression", "1", "x-dpi", dpi_text, "y-dpi", dpi_text, NULL))
    return NULL;

  bytes = g_bytes_new_take (g_steal_pointer (&buffer), size);
  return ag_document_new_from_bytes (bytes, name, NULL, cancellable, error);
}

static AgDocument *
scan (const char            *device,
      const AgScanSettings  *settings,
      GCancellable          *cancellable,
      GError               **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&sane_lock);
  g_autoptr(AgDocument) document = NULL;
  SANE_Handle handle = NULL;
  CancelData cancel = { { 0 }, NULL };
  gulong handler = 0;
  gboolean feeder = FALSE;
  double dpi = 0;
  SANE_Status status;
  guint pages = 0;
  gboolean ok = FALSE;

  if (!ensure_sane (error))
    return NULL;

  if (ag_scanner_is_network_device (device))
    {
      set_status_error (error, SANE_STATUS_INVAL, device);
      return NULL;
    }

  status = sane.open (device, &handle);
  if (status != SANE_STATUS_GOOD)
    {
      set_status_error (error, status, device);
      return NULL;
    }

  g_mutex_init (&cancel.mutex);
  cancel.handle = handle;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), &cancel, NULL);

  if (!apply_settings (handle, settings, device, &feeder, &dpi, error))
    goto out;

  document = ag_document_new ();
  do
    {
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autoptr(AgDocument) page = NULL;
      g_autoptr(GError) local = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        {
          set_status_error (error, SANE_STATUS_CANCELLED, device);
          goto out;
        }

      pixbuf = scan_page (handle, device, &status, &local);
      if (pixbuf == NULL)
        {
          /* An empty feeder ends a batch; before the first page it is an
           * error.  So is a cancel that reached SANE before its read. */
          if (status == SANE_STATUS_NO_DOCS && pages > 0)
            break;
          if (g_cancellable_is_cancelled (cancellable))
            set_status_error (error, SANE_STATUS_CANCELLED, device);
          else
            g_propagate_error (error, g_steal_pointer (&local));
          goto out;
        }

      page = page_document (pixbuf, dpi, ++pages, cancellable, error);
      if (page == NULL)
        goto out;
      ag_document_append (document, page);
      g_debug ("Scanned page %u of %s: %d × %d at %g dpi", pages, device,
               gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf), dpi);
    }
  while (feeder);

  /* A batch from the feeder is named for all its pages, not its first. */
  if (pages > 1)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u scanned page",
                                                             "%u scanned pages", pages), pages);

      ag_document_set_title (document, title);
    }
  ok = TRUE;

out:
  g_cancellable_disconnect (cancellable, handler);
  g_mutex_lock (&cancel.mutex);
  cancel.handle = NULL;
  g_mutex_unlock (&cancel.mutex);
  g_mutex_clear (&cancel.mutex);

  /* sane_cancel() ends a batch (and is harmless after a single page). */
  sane.cancel (handle);
  sane.close (handle);

  return ok ? g_steal_pointer (&document) : NULL;
}

#endif /* AG_HAVE_SANE */

/**
 * ag_scanner_list_devices:
 * @n_network: (out) (optional): how many network scanners were left out
 * @error: return location for a #GError
 *
 * Lists the scanners connected to this computer.  Network scanners are
 * left out: Airgap cannot reach them.  Each scanner is opened once to
 * see whether it has a flatbed, a feeder or both (#AgScannerDevice.sources).
 * Blocks (SANE asks every driver); see ag_scanner_list_devices_async().
 *
 * Returns: (transfer container) (element-type AgScannerDevice): the
 *   scanners, maybe none; %NULL with @error set when SANE is missing
 */
GPtrArray *
ag_scanner_list_devices (guint   *n_network,
                         GError **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_network != NULL)
    *n_network = 0;
#ifdef AG_HAVE_SANE
  return list_devices (n_network, error);
#else
  set_unavailable (error);
  return NULL;
#endif
}

static void
list_thread_cb (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  guint *n_network = task_data;
  GPtrArray *devices = ag_scanner_list_devices (n_network, &error);

  if (devices == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, devices, (GDestroyNotify) g_ptr_array_unref);
}

void
ag_scanner_list_devices_async (GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ag_scanner_list_devices_async);
  g_task_set_task_data (task, g_new0 (guint, 1), g_free);
  g_task_run_in_thread (task, list_thread_cb);
}

/**
 * ag_scanner_list_devices_finish:
 * @n_network: (out) (optional): how many network scanners were left out
 *
 * Returns: (transfer container) (element-type AgScannerDevice): the
 *   scanners, as ag_scanner_list_devices()
 */
GPtrArray *
ag_scanner_list_devices_finish (GAsyncResult  *result,
                                guint         *n_network,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ag_scanner_list_devices_async, NULL);

  if (n_network != NULL)
    *n_network = *(guint *) g_task_get_task_data (G_TASK (result));
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ag_scanner_scan:
 * @device: the scanner's SANE name (see ag_scanner_list_devices())
 * @settings: resolution, mode, source and device options
 * @cancellable: (nullable): cancels the scan (through sane_cancel())
 * @error: return location for a #GError
 *
 * Scans one page from the flatbed, or every page in the feeder, and
 * opens them as a document (in airgap-worker when the sandbox is on).
 * Blocks; see ag_scanner_scan_async().
 *
 * Returns: (transfer full): the pages, or %NULL with @error set: an
 *   %AG_SCANNER_ERROR, or %G_IO_ERROR_CANCELLED
 */
AgDocument *
ag_scanner_scan (const char            *device,
                 const AgScanSettings  *settings,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_return_val_if_fail (device != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

#ifdef AG_HAVE_SANE
  return scan (device, settings, cancellable, error);
#else
  set_unavailable (error);
  return NULL;
#endif
}

typedef struct
{
  char            *device;
  AgScanSettings   settings;
  char           **device_options;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  g_free (data->device);
  g_strfreev (data->device_options);
  g_free (data);
}

static void
scan_thread_cb (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ScanData *data = task_data;
  GError *error = NULL;
  AgDocument *document = ag_scanner_scan (data->device, &data->settings, cancellable, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

void
ag_scanner_scan_async (const char            *device,
                       const AgScanSettings  *settings,
                       GCancellable          *cancellable,
                       GAsyncReadyCallback    callback,
                       gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ScanData *data;

  g_return_if_fail (device != NULL);
  g_return_if_fail (settings != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ag_scanner_scan_async);
  /* The result comes from the scan itself, cancelled or not. */
  g_task_set_return_on_cancel (task, FALSE);

  data = g_new0 (ScanData, 1);
  data->device = g_strdup (device);
  data->settings = *settings;
  data->device_options = g_strdupv ((char **) settings->device_options);
  data->settings.device_options = (const char * const *) data->device_options;
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);
  g_task_run_in_thread (task, scan_thread_cb);
}

/**
 * ag_scanner_scan_finish:
 *
 * Returns: (transfer full): the pages, as ag_scanner_scan()
 */
AgDocument *
ag_scanner_scan_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ag_scanner_scan_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
