/* ag-library.c — a shared library opened on first use, into a table
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-library.h"

/**
 * _ag_library_open:
 * @name: a soname or a path
 * @symbols: (array length=n_symbols): the functions to find
 * @n_symbols: how many
 * @table: where their pointers go, at each symbol's offset
 * @failure: (out): why it could not be opened, untranslated
 *
 * Opens @name with its symbols local (they are for @table only) and fills
 * @table.  The caller makes the module resident once it is sure of it.
 *
 * Returns: (nullable): the module, or %NULL with @failure set
 */
GModule *
_ag_library_open (const char             *name,
                  const AgLibrarySymbol  *symbols,
                  gsize                   n_symbols,
                  gpointer                table,
                  char                  **failure)
{
  GModule *module;

  module = g_module_open (name, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      *failure = g_strdup (g_module_error ());
      return NULL;
    }

  for (gsize i = 0; i < n_symbols; i++)
    {
      gpointer *slot = G_STRUCT_MEMBER_P (table, symbols[i].offset);

      if (!g_module_symbol (module, symbols[i].name, slot) || *slot == NULL)
        {
          *failure = g_strdup_printf ("%s has no %s", name, symbols[i].name);
          g_module_close (module);
          return NULL;
        }
    }

  return module;
}

/**
 * _ag_library_load_once:
 * @once: this library's state, zero-initialised and static
 * @env: (nullable): an environment variable that may name another file
 *   (tests, or a library of one's own)
 * @soname: the library Airgap was built against
 * @symbols: (array length=n_symbols): the functions to find
 * @n_symbols: how many
 * @table: where their pointers go
 * @failure: (out) (optional): why it could not be opened, untranslated
 *
 * The first call opens the library and keeps it for the life of the
 * process (the libraries keep process-wide state); later calls, from any
 * thread, only say how the first one went.
 *
 * Returns: %TRUE if @table can be used
 */
gboolean
_ag_library_load_once (AgLibraryOnce          *once,
                       const char             *env,
                       const char             *soname,
                       const AgLibrarySymbol  *symbols,
                       gsize                   n_symbols,
                       gpointer                table,
                       const char            **failure)
{
  gboolean loaded;

  g_mutex_lock (&once->lock);
  if (!once->tried)
    {
      const char *name = env != NULL ? g_getenv (env) : NULL;
      gint64 start = g_get_monotonic_time ();
      GModule *module;

      if (name == NULL || name[0] == '\0')
        name = soname;

      once->tried = TRUE;
      module = _ag_library_open (name, symbols, n_symbols, table, &once->failure);
      if (module != NULL)
        {
          g_module_make_resident (module);
          once->loaded = TRUE;
          g_debug ("Opened %s in %.1f ms", name,
                   (g_get_monotonic_time () - start) / 1000.0);
        }
      else
        g_debug ("Cannot open %s: %s", name, once->failure);
    }
  loaded = once->loaded;
  g_mutex_unlock (&once->lock);

  if (failure != NULL)
    *failure = once->failure;

  return loaded;
}
