/* ag-tooltip.c — tooltips that do not break Chinese one character a line
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* GTK 4.8 limits a tooltip's label to as many average character widths
 * as the text has characters (gtktooltipwindow.c, update_label_width()).
 * A Chinese character is about twice as wide as an average Latin one, so
 * 主菜单 got room for one and a half characters and stood one character
 * a line.  These tooltips show the same text in a label of our own,
 * wrapped at 50 average characters as GTK does for long text, and never
 * narrower than the text needs. */

#include "config.h"

#include "ag-tooltip.h"

#define MAX_WIDTH_CHARS 50

/**
 * ag_tooltip_set_text:
 *
 * gtk_tooltip_set_text(), with a label that fits Chinese text.
 */
void
ag_tooltip_set_text (GtkTooltip *tooltip,
                     const char *text)
{
  GtkWidget *label;

  g_return_if_fail (GTK_IS_TOOLTIP (tooltip));

  if (text == NULL || *text == '\0')
    {
      gtk_tooltip_set_custom (tooltip, NULL);
      return;
    }

  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), MAX_WIDTH_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_tooltip_set_custom (tooltip, label);
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = gtk_widget_get_tooltip_text (widget);

  /* No text of its own (the text view's words): the widget's own
   * handler decides. */
  if (text == NULL)
    return FALSE;

  ag_tooltip_set_text (tooltip, text);
  return TRUE;
}

/**
 * ag_tooltip_fix_widget:
 *
 * Shows @widget's tooltip text, now and as it changes later, with
 * ag_tooltip_set_text().
 */
void
ag_tooltip_fix_widget (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), "ag-tooltip-fixed") != NULL)
    return;

  g_object_set_data (G_OBJECT (widget), "ag-tooltip-fixed", GINT_TO_POINTER (TRUE));
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

/**
 * ag_tooltip_fix_tree:
 *
 * ag_tooltip_fix_widget() on @root and every widget inside it.
 */
void
ag_tooltip_fix_tree (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  ag_tooltip_fix_widget (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    ag_tooltip_fix_tree (child);
}
