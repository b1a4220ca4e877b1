/* ag-accessible.c — what screen readers are told, where GTK 4.8 falls short
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ag-accessible.h"

/**
 * ag_accessible_fix_mnemonic_names:
 * @root: a window or dialog, once its buttons are made
 *
 * GTK 4.8 names a button with a mnemonic after its accessible label, the
 * raw "_Copy", and its label child, "Copy": a screen reader says "_Copy
 * Copy".  Without the raw one the name is the child's, "Copy".  Newer
 * GTKs name it from the child alone; there this changes nothing.  Called
 * on the window, the Preferences and Scan windows and every question.
 */
void
ag_accessible_fix_mnemonic_names (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root))
      && gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ag_accessible_fix_mnemonic_names (child);
}
