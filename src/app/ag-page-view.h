/* ag-page-view.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ag-core.h"

G_BEGIN_DECLS

#define AG_TYPE_PAGE_VIEW (ag_page_view_get_type ())

G_DECLARE_FINAL_TYPE (AgPageView, ag_page_view, AG, PAGE_VIEW, GtkWidget)

GtkWidget      *ag_page_view_new              (void);
void            ag_page_view_set_texture      (AgPageView     *self,
                                               GdkTexture     *texture);
GdkTexture     *ag_page_view_get_texture      (AgPageView     *self);
void            ag_page_view_set_page         (AgPageView     *self,
                                               guint           page);
guint           ag_page_view_get_page         (AgPageView     *self);
GPtrArray      *ag_page_view_get_regions      (AgPageView     *self);
void            ag_page_view_add_region       (AgPageView     *self,
                                               const AgRegion *region);
void            ag_page_view_remove_region    (AgPageView     *self,
                                               guint           index);
void            ag_page_view_clear_regions    (AgPageView     *self);
int             ag_page_view_get_selected     (AgPageView     *self);
void            ag_page_view_set_highlight    (AgPageView     *self,
                                               const AgRect   *rect);
gboolean        ag_page_view_get_fit          (AgPageView     *self);
void            ag_page_view_set_fit          (AgPageView     *self,
                                               gboolean        fit);
double          ag_page_view_get_zoom         (AgPageView     *self);
void            ag_page_view_set_zoom         (AgPageView     *self,
                                               double          zoom);
void            ag_page_view_zoom_by          (AgPageView     *self,
                                               double          factor);
void            ag_page_view_set_bottom_room  (AgPageView     *self,
                                               double          room);
void            ag_page_view_widget_to_page   (AgPageView     *self,
                                               double          x,
                                               double          y,
                                               double         *px,
                                               double         *py);
void            ag_page_view_page_to_widget   (AgPageView     *self,
                                               double          px,
                                               double          py,
                                               double         *x,
                                               double         *y);

G_END_DECLS
