/* ag-page-view-private.h — shared by ag-page-view.c and ag-page-view-regions.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ag-page-view.h"

G_BEGIN_DECLS

#define MARGIN        12.0
/* Below the page, room for the page and zoom controls that float over
 * the view's bottom edge, so that they never hide the page's footer: the
 * window measures them (ag_page_view_set_bottom_room()); this until it
 * has. */
#define CONTROLS_ROOM 56.0
#define HANDLE_SIZE   9.0
#define EDGE_SLOP     7.0
#define CLOSE_RADIUS  11.0
#define BADGE_RADIUS  11.0
#define MIN_ZOOM      0.05
#define MAX_ZOOM      8.0
#define MIN_DRAG      6.0

typedef enum
{
  DRAG_NONE,
  DRAG_CREATE,
  DRAG_MOVE,
  DRAG_RESIZE,
  DRAG_CLOSE,
} DragMode;

typedef enum
{
  EDGE_LEFT   = 1 << 0,
  EDGE_RIGHT  = 1 << 1,
  EDGE_TOP    = 1 << 2,
  EDGE_BOTTOM = 1 << 3,
} Edges;

struct _AgPageView
{
  GtkWidget   parent_instance;

  GdkTexture *texture;
  guint       page;
  GPtrArray  *regions;          /* AgRegion, in the order drawn */
  int         selected;         /* index into regions, or -1 */

  gboolean    has_highlight;
  AgRect      highlight;

  gboolean    fit;
  double      zoom;
  double      bottom_room;

  /* dragging */
  DragMode    drag_mode;
  Edges       drag_edges;
  double      drag_x;
  double      drag_y;
  AgRect      drag_rect;
  gboolean    drag_changed;

  /* zooming around a point */
  double      gesture_zoom_start;
  gboolean    has_anchor;
  double      anchor_fx;
  double      anchor_fy;
  double      anchor_vx;
  double      anchor_vy;
  guint       anchor_tick;
  double      pointer_x;
  double      pointer_y;
  gboolean    has_pointer;

  double      last_scale;
  guint       notify_zoom_id;
};

/* ag-page-view.c */
void      _ag_page_view_emit_regions_changed (AgPageView      *self);
double    _ag_page_view_get_scale            (AgPageView      *self);
void      _ag_page_view_get_image_rect       (AgPageView      *self,
                                              graphene_rect_t *rect);
void      _ag_page_view_rect_to_widget       (AgPageView      *self,
                                              const AgRect    *rect,
                                              graphene_rect_t *out);
AgRegion *_ag_page_view_get_region           (AgPageView      *self,
                                              guint            index);

/* ag-page-view-regions.c */
void      _ag_page_view_class_init_regions   (GtkWidgetClass  *widget_class);
void      _ag_page_view_init_regions         (AgPageView      *self);
void      _ag_page_view_select_region        (AgPageView      *self,
                                              int              index);
void      _ag_page_view_update_cursor        (AgPageView      *self,
                                              double           x,
                                              double           y);

G_END_DECLS
