/* ag-library.h — a shared library opened on first use, into a table
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gmodule.h>

G_BEGIN_DECLS

/*
 * Tesseract, Poppler and SANE are not linked but opened the first time
 * they are needed (ag-tess-api.h says why), each into a table of function
 * pointers.  These helpers are that opening, written once: the library by
 * name (or a name from the environment, for tests), every symbol into its
 * place in the table, and the reason in words when something is missing.
 */

typedef struct
{
  const char *name;     /* the symbol: "TessVersion" */
  gsize       offset;   /* where its pointer goes in the table */
} AgLibrarySymbol;

#define AG_LIBRARY_SYMBOL(Table, prefix, member) \
  { prefix #member, G_STRUCT_OFFSET (Table, member) }

/* Opened at most once per process, from any thread. */
typedef struct
{
  GMutex    lock;
  gboolean  tried;
  gboolean  loaded;
  char     *failure;    /* why not, untranslated */
} AgLibraryOnce;

GModule  *_ag_library_open      (const char             *name,
                                 const AgLibrarySymbol  *symbols,
                                 gsize                   n_symbols,
                                 gpointer                table,
                                 char                  **failure);
gboolean  _ag_library_load_once (AgLibraryOnce          *once,
                                 const char             *env,
                                 const char             *soname,
                                 const AgLibrarySymbol  *symbols,
                                 gsize                   n_symbols,
                                 gpointer                table,
                                 const char            **failure);

G_END_DECLS
