/* ag-page-view.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The page with the user's regions on it.  It shows one rendered page (a
 * texture the window gets from ag_page_render_async) and keeps the regions
 * of every page in the order they were drawn, in the page's own fractions
 * (see ag-region.h), so zooming never changes them. */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ag-page-view.h"

#define MARGIN        12.0
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

G_DEFINE_FINAL_TYPE (AgPageView, ag_page_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FIT,
  PROP_ZOOM,
  PROP_PAGE,
  PROP_N_REGIONS,
  N_PROPS
};

enum {
  REGIONS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_regions_changed (AgPageView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REGIONS]);
  g_signal_emit (self, signals[REGIONS_CHANGED], 0);
}

static double
get_scale (AgPageView *self)
{
  double tw, th, w, h;

  if (self->texture == NULL)
    return 1.0;

  if (!self->fit)
    return self->zoom;

  tw = gdk_texture_get_width (self->texture);
  th = gdk_texture_get_height (self->texture);
  w = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * MARGIN;
  h = gtk_widget_get_height (GTK_WIDGET (self)) - 2 * MARGIN;
  if (w <= 1 || h <= 1)
    return 1.0;

  return CLAMP (MIN (w / tw, h / th), MIN_ZOOM, 2.0);
}

static void
get_image_rect (AgPageView      *self,
                graphene_rect_t *rect)
{
  double scale = get_scale (self);
  double iw = 0, ih = 0;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->texture != NULL)
    {
      iw = gdk_texture_get_width (self->texture) * scale;
      ih = gdk_texture_get_height (self->texture) * scale;
    }

  graphene_rect_init (rect,
                      floor (MAX (MARGIN, (width - iw) / 2)),
                      floor (MAX (MARGIN, (height - ih) / 2)),
                      iw, ih);
}

void
ag_page_view_widget_to_page (AgPageView *self,
                             double      x,
                             double      y,
                             double     *px,
                             double     *py)
{
  graphene_rect_t r;

  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  get_image_rect (self, &r);
  *px = r.size.width > 0 ? (x - r.origin.x) / r.size.width : 0;
  *py = r.size.height > 0 ? (y - r.origin.y) / r.size.height : 0;
}

void
ag_page_view_page_to_widget (AgPageView *self,
                             double      px,
                             double      py,
                             double     *x,
                             double     *y)
{
  graphene_rect_t r;

  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  get_image_rect (self, &r);
  *x = r.origin.x + px * r.size.width;
  *y = r.origin.y + py * r.size.height;
}

static void
rect_to_widget (AgPageView      *self,
                const AgRect    *rect,
                graphene_rect_t *out)
{
  graphene_rect_t r;

  get_image_rect (self, &r);
  graphene_rect_init (out,
                      r.origin.x + rect->x * r.size.width,
                      r.origin.y + rect->y * r.size.height,
                      rect->width * r.size.width,
                      rect->height * r.size.height);
}

static AgRegion *
get_region (AgPageView *self,
            guint       index)
{
  return g_ptr_array_index (self->regions, index);
}

static void
lookup_color (AgPageView *self,
              const char *name,
              GdkRGBA    *color,
              const char *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

/* Hit testing, topmost (most recently drawn) region first. */
static int
hit_close (AgPageView *self,
           double      x,
           double      y)
{
  graphene_rect_t r;
  double cx, cy;

  if (self->selected < 0 || get_region (self, self->selected)->page != self->page)
    return -1;

  rect_to_widget (self, &get_region (self, self->selected)->rect, &r);
  cx = r.origin.x + r.size.width;
  cy = r.origin.y;
  if (hypot (x - cx, y - cy) <= CLOSE_RADIUS + 2)
    return self->selected;

  return -1;
}

static int
hit_region (AgPageView *self,
            double      x,
            double      y,
            Edges      *edges)
{
  *edges = 0;

  for (guint i = self->regions->len; i > 0; i--)
    {
      AgRegion *region = get_region (self, i - 1);
      graphene_rect_t r;
      double x1, y1, x2, y2;

      if (region->page != self->page)
        continue;

      rect_to_widget (self, &region->rect, &r);
      x1 = r.origin.x;
      y1 = r.origin.y;
      x2 = x1 + r.size.width;
      y2 = y1 + r.size.height;

      if (x < x1 - EDGE_SLOP || x > x2 + EDGE_SLOP || y < y1 - EDGE_SLOP || y > y2 + EDGE_SLOP)
        continue;

      if (fabs (x - x1) <= EDGE_SLOP)
        *edges |= EDGE_LEFT;
      else if (fabs (x - x2) <= EDGE_SLOP)
        *edges |= EDGE_RIGHT;
      if (fabs (y - y1) <= EDGE_SLOP)
        *edges |= EDGE_TOP;
      else if (fabs (y - y2) <= EDGE_SLOP)
        *edges |= EDGE_BOTTOM;

      if (*edges != 0 || (x >= x1 && x <= x2 && y >= y1 && y <= y2))
        return i - 1;
    }

  return -1;
}

static void
select_region (AgPageView *self,
               int         index)
{
  if (self->selected == index)
    return;

  self->selected = index;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.delete-selected", index >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.toggle-vertical", index >= 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Dragging: draw, move, resize, close. */

static void
drag_begin_cb (AgPageView     *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  Edges edges = 0;
  int index;

  self->drag_mode = DRAG_NONE;
  self->drag_changed = FALSE;
  self->drag_x = x;
  self->drag_y = y;

  if (self->texture == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if ((index = hit_close (self, x, y)) >= 0)
    {
      self->drag_mode = DRAG_CLOSE;
    }
  else if ((index = hit_region (self, x, y, &edges)) >= 0)
    {
      self->drag_mode = edges != 0 ? DRAG_RESIZE : DRAG_MOVE;
      self->drag_edges = edges;
      self->drag_rect = get_region (self, index)->rect;
      select_region (self, index);
    }
  else
    {
      double px, py;
      AgRegion *region;

      ag_page_view_widget_to_page (self, x, y, &px, &py);
      if (px < 0 || py < 0 || px > 1 || py > 1)
        {
          /* A drag that starts beside the page pans nothing and draws
           * nothing; a click there clears the selection. */
          select_region (self, -1);
          return;
        }

      region = ag_region_new (self->page, px, py, 0, 0);
      g_ptr_array_add (self->regions, region);
      self->drag_mode = DRAG_CREATE;
      self->drag_rect = region->rect;
      select_region (self, self->regions->len - 1);
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (AgPageView     *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  AgRegion *region;
  double px0, py0, px1, py1, dx, dy;
  AgRect r;

  if (self->drag_mode == DRAG_NONE || self->drag_mode == DRAG_CLOSE || self->selected < 0)
    return;

  if (!self->drag_changed && hypot (offset_x, offset_y) < 3)
    return;
  self->drag_changed = TRUE;

  region = get_region (self, self->selected);
  ag_page_view_widget_to_page (self, self->drag_x, self->drag_y, &px0, &py0);
  ag_page_view_widget_to_page (self, self->drag_x + offset_x, self->drag_y + offset_y, &px1, &py1);
  px1 = CLAMP (px1, 0, 1);
  py1 = CLAMP (py1, 0, 1);
  dx = px1 - CLAMP (px0, 0, 1);
  dy = py1 - CLAMP (py0, 0, 1);
  r = self->drag_rect;

  switch (self->drag_mode)
    {
    case DRAG_CREATE:
      r.x = MIN (px0, px1);
      r.y = MIN (py0, py1);
      r.width = fabs (px1 - px0);
      r.height = fabs (py1 - py0);
      break;

    case DRAG_MOVE:
      r.x = CLAMP (r.x + dx, 0, 1 - r.width);
      r.y = CLAMP (r.y + dy, 0, 1 - r.height);
      break;

    case DRAG_RESIZE:
      {
        double x1 = r.x, y1 = r.y, x2 = r.x + r.width, y2 = r.y + r.height;

        if (self->drag_edges & EDGE_LEFT)
          x1 += dx;
        if (self->drag_edges & EDGE_RIGHT)
          x2 += dx;
        if (self->drag_edges & EDGE_TOP)
          y1 += dy;
        if (self->drag_edges & EDGE_BOTTOM)
          y2 += dy;

        r.x = CLAMP (MIN (x1, x2), 0, 1);
        r.y = CLAMP (MIN (y1, y2), 0, 1);
        r.width = MIN (fabs (x2 - x1), 1 - r.x);
        r.height = MIN (fabs (y2 - y1), 1 - r.y);
      }
      break;

    case DRAG_NONE:
    case DRAG_CLOSE:
    default:
      break;
    }

  region->rect = r;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (AgPageView     *self,
             double          offset_x,
             double          offset_y,
             GtkGestureDrag *gesture)
{
  DragMode mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;

  if (mode == DRAG_NONE || self->selected < 0)
    return;

  if (mode == DRAG_CLOSE)
    {
      if (hypot (offset_x, offset_y) < MIN_DRAG)
        ag_page_view_remove_region (self, self->selected);
      return;
    }

  drag_update_cb (self, offset_x, offset_y, gesture);

  if (mode == DRAG_CREATE)
    {
      graphene_rect_t r;

      rect_to_widget (self, &get_region (self, self->selected)->rect, &r);
      if (r.size.width < MIN_DRAG || r.size.height < MIN_DRAG)
        {
          /* Just a click on the page: no region, and nothing selected. */
          g_ptr_array_remove_index (self->regions, self->selected);
          self->selected = -1;
          select_region (self, -1);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return;
        }
    }
  else if (!self->drag_changed)
    return;

  emit_regions_changed (self);
}

/* Pointer shape */

static void
update_cursor (AgPageView *self,
               double      x,
               double      y)
{
  const char *name = NULL;
  Edges edges = 0;

  if (self->texture == NULL)
    name = NULL;
  else if (hit_close (self, x, y) >= 0)
    name = "pointer";
  else if (hit_region (self, x, y, &edges) >= 0)
    {
      switch ((int) edges)
        {
        case EDGE_LEFT | EDGE_TOP:
        case EDGE_RIGHT | EDGE_BOTTOM:
          name = "nwse-resize";
          break;
        case EDGE_RIGHT | EDGE_TOP:
        case EDGE_LEFT | EDGE_BOTTOM:
          name = "nesw-resize";
          break;
        case EDGE_LEFT:
        case EDGE_RIGHT:
          name = "ew-resize";
          break;
        case EDGE_TOP:
        case EDGE_BOTTOM:
          name = "ns-resize";
          break;
        default:
          name = "move";
          break;
        }
    }
  else
    {
      double px, py;

      ag_page_view_widget_to_page (self, x, y, &px, &py);
      if (px >= 0 && py >= 0 && px <= 1 && py <= 1)
        name = "crosshair";
    }

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static void
motion_cb (AgPageView               *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->has_pointer = TRUE;
  if (self->drag_mode == DRAG_NONE)
    update_cursor (self, x, y);
}

static void
leave_cb (AgPageView               *self,
          GtkEventControllerMotion *motion)
{
  self->has_pointer = FALSE;
}

/* Zooming */

static GtkScrolledWindow *
get_scroller (AgPageView *self)
{
  return (GtkScrolledWindow *) gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
}

static gboolean
apply_anchor_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  AgPageView *self = AG_PAGE_VIEW (widget);
  GtkScrolledWindow *scroller = get_scroller (self);
  double x, y;

  self->anchor_tick = 0;
  if (!self->has_anchor || scroller == NULL)
    return G_SOURCE_REMOVE;

  self->has_anchor = FALSE;
  ag_page_view_page_to_widget (self, self->anchor_fx, self->anchor_fy, &x, &y);
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (scroller), x - self->anchor_vx);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), y - self->anchor_vy);

  return G_SOURCE_REMOVE;
}

static void
zoom_at (AgPageView *self,
         double      zoom,
         double      x,
         double      y)
{
  GtkScrolledWindow *scroller = get_scroller (self);

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (self->texture == NULL || (!self->fit && zoom == self->zoom))
    return;

  if (scroller != NULL)
    {
      ag_page_view_widget_to_page (self, x, y, &self->anchor_fx, &self->anchor_fy);
      self->anchor_vx = x - gtk_adjustment_get_value (gtk_scrolled_window_get_hadjustment (scroller));
      self->anchor_vy = y - gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (scroller));
      self->has_anchor = TRUE;
    }

  g_object_freeze_notify (G_OBJECT (self));
  ag_page_view_set_zoom (self, zoom);
  ag_page_view_set_fit (self, FALSE);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
get_visible_center (AgPageView *self,
                    double     *x,
                    double     *y)
{
  GtkScrolledWindow *scroller = get_scroller (self);

  if (scroller != NULL)
    {
      GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (scroller);
      GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (scroller);

      *x = gtk_adjustment_get_value (h) + gtk_adjustment_get_page_size (h) / 2;
      *y = gtk_adjustment_get_value (v) + gtk_adjustment_get_page_size (v) / 2;
    }
  else
    {
      *x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      *y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
}

void
ag_page_view_zoom_by (AgPageView *self,
                      double      factor)
{
  double x, y;

  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  get_visible_center (self, &x, &y);
  zoom_at (self, get_scale (self) * factor, x, y);
}

static gboolean
scroll_cb (AgPageView               *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *scroll)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));
  double x, y;

  if (!(state & GDK_CONTROL_MASK) || self->texture == NULL || dy == 0)
    return FALSE;

  if (self->has_pointer)
    {
      x = self->pointer_x;
      y = self->pointer_y;
    }
  else
    get_visible_center (self, &x, &y);

  zoom_at (self, get_scale (self) * pow (1.1, -CLAMP (dy, -5, 5)), x, y);
  return TRUE;
}

static void
zoom_begin_cb (AgPageView     *self,
               GdkEventSequence *sequence,
               GtkGestureZoom *gesture)
{
  self->gesture_zoom_start = get_scale (self);
}

static void
zoom_scale_changed_cb (AgPageView     *self,
                       double          scale,
                       GtkGestureZoom *gesture)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    get_visible_center (self, &x, &y);
  zoom_at (self, self->gesture_zoom_start * scale, x, y);
}

/* Drawing */

static void
append_rect_outline (GtkSnapshot           *snapshot,
                     const graphene_rect_t *rect,
                     float                  width,
                     const GdkRGBA         *color)
{
  GskRoundedRect outline;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&outline, rect, 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
append_circle (GtkSnapshot   *snapshot,
               double         cx,
               double         cy,
               double         radius,
               const GdkRGBA *color)
{
  GskRoundedRect circle;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (cx - radius, cy - radius, 2 * radius, 2 * radius);

  gsk_rounded_rect_init_from_rect (&circle, &bounds, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &circle);
  gtk_snapshot_append_color (snapshot, color, &bounds);
  gtk_snapshot_pop (snapshot);
}

static void
append_centered_text (AgPageView    *self,
                      GtkSnapshot   *snapshot,
                      const char    *markup,
                      double         cx,
                      double         cy,
                      const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  int w, h;

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (cx - w / 2.0), round (cy - h / 2.0)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
ag_page_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  AgPageView *self = AG_PAGE_VIEW (widget);
  graphene_rect_t image;
  GdkRGBA accent, accent_fg, halo, shade, highlight, highlight_line, close_bg, white;

  if (self->texture == NULL)
    return;

  get_image_rect (self, &image);

  {
    GskRoundedRect outline;
    GdkRGBA shadow = { 0, 0, 0, 0.25 };

    gsk_rounded_rect_init_from_rect (&outline, &image, 0);
    gtk_snapshot_append_outset_shadow (snapshot, &outline, &shadow, 0, 1, 0, 4);
  }
  gtk_snapshot_append_texture (snapshot, self->texture, &image);

  lookup_color (self, "accent_bg_color", &accent, "#3584e4");
  lookup_color (self, "accent_fg_color", &accent_fg, "#ffffff");
  gdk_rgba_parse (&halo, "rgba(255,255,255,0.9)");
  gdk_rgba_parse (&shade, "rgba(0,0,0,0.55)");
  gdk_rgba_parse (&highlight, "rgba(246,211,45,0.45)");
  gdk_rgba_parse (&highlight_line, "#e5a50a");
  gdk_rgba_parse (&close_bg, "rgba(36,36,36,0.9)");
  gdk_rgba_parse (&white, "#ffffff");

  for (guint i = 0; i < self->regions->len; i++)
    {
      AgRegion *region = get_region (self, i);
      gboolean selected = (int) i == self->selected;
      graphene_rect_t r, outer;
      GdkRGBA fill = accent;
      g_autofree char *number = NULL;
      double bx, by;

      if (region->page != self->page)
        continue;

      rect_to_widget (self, &region->rect, &r);
      fill.alpha = selected ? 0.22 : 0.12;
      gtk_snapshot_append_color (snapshot, &fill, &r);

      /* A dark and a light line around the accent line keep the outline
       * visible on white paper, dark photos and in either style. */
      graphene_rect_inset_r (&r, -3, -3, &outer);
      append_rect_outline (snapshot, &outer, 1, &shade);
      graphene_rect_inset_r (&r, -2, -2, &outer);
      append_rect_outline (snapshot, &outer, 1, &halo);
      append_rect_outline (snapshot, &r, selected ? 3 : 2, &accent);

      bx = r.origin.x;
      by = r.origin.y;
      append_circle (snapshot, bx, by, BADGE_RADIUS + 1.5, &halo);
      append_circle (snapshot, bx, by, BADGE_RADIUS, &accent);
      number = g_strdup_printf ("<b><small>%u</small></b>", i + 1);
      append_centered_text (self, snapshot, number, bx, by, &accent_fg);

      /* A region read as vertical text carries a downward arrow under its
       * number: its columns are read top to bottom, right to left. */
      if (region->vertical)
        {
          double vy = by + 2 * BADGE_RADIUS + 3;

          append_circle (snapshot, bx, vy, BADGE_RADIUS + 1.5, &halo);
          append_circle (snapshot, bx, vy, BADGE_RADIUS, &accent);
          append_centered_text (self, snapshot, "<b><small>↓</small></b>", bx, vy, &accent_fg);
        }

      if (selected)
        {
          double xs[3] = { r.origin.x, r.origin.x + r.size.width / 2, r.origin.x + r.size.width };
          double ys[3] = { r.origin.y, r.origin.y + r.size.height / 2, r.origin.y + r.size.height };

          for (guint hx = 0; hx < 3; hx++)
            for (guint hy = 0; hy < 3; hy++)
              {
                graphene_rect_t h;

                if (hx == 1 && hy == 1)
                  continue;
                /* the badge and the close button sit on two corners */
                if ((hx == 0 && hy == 0) || (hx == 2 && hy == 0))
                  continue;

                graphene_rect_init (&h, xs[hx] - HANDLE_SIZE / 2, ys[hy] - HANDLE_SIZE / 2,
                                    HANDLE_SIZE, HANDLE_SIZE);
                gtk_snapshot_append_color (snapshot, &accent, &h);
                graphene_rect_inset (&h, 2, 2);
                gtk_snapshot_append_color (snapshot, &white, &h);
              }

          append_circle (snapshot, r.origin.x + r.size.width, r.origin.y, CLOSE_RADIUS + 1.5, &halo);
          append_circle (snapshot, r.origin.x + r.size.width, r.origin.y, CLOSE_RADIUS, &close_bg);
          append_centered_text (self, snapshot, "<b>×</b>", r.origin.x + r.size.width, r.origin.y, &white);
        }
    }

  if (self->has_highlight)
    {
      graphene_rect_t r;

      rect_to_widget (self, &self->highlight, &r);
      graphene_rect_inset (&r, -2, -2);
      gtk_snapshot_append_color (snapshot, &highlight, &r);
      append_rect_outline (snapshot, &r, 2, &highlight_line);
    }
}

static void
ag_page_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  AgPageView *self = AG_PAGE_VIEW (widget);
  int size = 0;

  if (self->texture != NULL && !self->fit)
    {
      int pixels = orientation == GTK_ORIENTATION_HORIZONTAL
                   ? gdk_texture_get_width (self->texture)
                   : gdk_texture_get_height (self->texture);

      size = (int) ceil (pixels * self->zoom + 2 * MARGIN);
    }

  *minimum = *natural = size;
}

static gboolean
notify_zoom_cb (gpointer user_data)
{
  AgPageView *self = user_data;

  self->notify_zoom_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);

  return G_SOURCE_REMOVE;
}

static void
ag_page_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  AgPageView *self = AG_PAGE_VIEW (widget);
  double scale = get_scale (self);

  if (self->has_anchor && self->anchor_tick == 0)
    self->anchor_tick = gtk_widget_add_tick_callback (widget, apply_anchor_cb, NULL, NULL);

  /* In fit mode the scale follows the size; say so, but not from inside
   * the allocation. */
  if (scale != self->last_scale && self->notify_zoom_id == 0)
    self->notify_zoom_id = g_idle_add (notify_zoom_cb, self);
  self->last_scale = scale;
}

/* Actions */

static void
delete_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AgPageView *self = AG_PAGE_VIEW (widget);

  if (self->selected >= 0)
    ag_page_view_remove_region (self, self->selected);
}

/* regions.toggle-vertical: read the selected region as vertical text
 * (columns top to bottom, right to left), or as lines again. */
static void
toggle_vertical_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  AgPageView *self = AG_PAGE_VIEW (widget);
  AgRegion *region;

  if (self->selected < 0)
    return;

  region = get_region (self, self->selected);
  region->vertical = !region->vertical;
  gtk_widget_queue_draw (widget);
  emit_regions_changed (self);
}

static void
unselect_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  select_region (AG_PAGE_VIEW (widget), -1);
}

/* GObject */

static void
ag_page_view_dispose (GObject *object)
{
  AgPageView *self = AG_PAGE_VIEW (object);

  if (self->anchor_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->anchor_tick);
      self->anchor_tick = 0;
    }
  g_clear_handle_id (&self->notify_zoom_id, g_source_remove);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (ag_page_view_parent_class)->dispose (object);
}

static void
ag_page_view_finalize (GObject *object)
{
  AgPageView *self = AG_PAGE_VIEW (object);

  g_clear_pointer (&self->regions, g_ptr_array_unref);

  G_OBJECT_CLASS (ag_page_view_parent_class)->finalize (object);
}

static void
ag_page_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  AgPageView *self = AG_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIT:
      g_value_set_boolean (value, self->fit);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_N_REGIONS:
      g_value_set_uint (value, self->regions->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ag_page_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  AgPageView *self = AG_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIT:
      ag_page_view_set_fit (self, g_value_get_boolean (value));
      break;
    case PROP_ZOOM:
      ag_page_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_PAGE:
      ag_page_view_set_page (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ag_page_view_class_init (AgPageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ag_page_view_dispose;
  object_class->finalize = ag_page_view_finalize;
  object_class->get_property = ag_page_view_get_property;
  object_class->set_property = ag_page_view_set_property;

  widget_class->snapshot = ag_page_view_snapshot;
  widget_class->measure = ag_page_view_measure;
  widget_class->size_allocate = ag_page_view_size_allocate;

  properties[PROP_FIT] =
    g_param_spec_boolean ("fit", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAGE] =
    g_param_spec_uint ("page", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_REGIONS] =
    g_param_spec_uint ("n-regions", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AgPageView::regions-changed:
   *
   * A region was drawn, moved, resized or removed (emitted once the drag
   * ends, not on every step).
   */
  signals[REGIONS_CHANGED] =
    g_signal_new ("regions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "regions.delete-selected", NULL, delete_selected_action);
  gtk_widget_class_install_action (widget_class, "regions.toggle-vertical", NULL, toggle_vertical_action);
  gtk_widget_class_install_action (widget_class, "regions.unselect", NULL, unselect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "regions.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "regions.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "regions.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "regions.unselect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, 0, "regions.toggle-vertical", NULL);

  gtk_widget_class_set_css_name (widget_class, "pageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ag_page_view_init (AgPageView *self)
{
  GtkGesture *drag;
  GtkGesture *zoom;
  GtkEventController *scroll;
  GtkEventController *motion;

  self->regions = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_region_free);
  self->selected = -1;
  self->fit = TRUE;
  self->zoom = 1.0;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.delete-selected", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.toggle-vertical", FALSE);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect_swapped (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
ag_page_view_new (void)
{
  return g_object_new (AG_TYPE_PAGE_VIEW, NULL);
}

/**
 * ag_page_view_set_texture:
 * @texture: (nullable): the rendered page
 */
void
ag_page_view_set_texture (AgPageView *self,
                          GdkTexture *texture)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  if (g_set_object (&self->texture, texture))
    {
      gtk_widget_queue_resize (GTK_WIDGET (self));
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

GdkTexture *
ag_page_view_get_texture (AgPageView *self)
{
  g_return_val_if_fail (AG_IS_PAGE_VIEW (self), NULL);

  return self->texture;
}

void
ag_page_view_set_page (AgPageView *self,
                       guint       page)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  if (self->page == page)
    return;

  self->page = page;
  self->has_highlight = FALSE;
  if (self->selected >= 0 && get_region (self, self->selected)->page != page)
    select_region (self, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

guint
ag_page_view_get_page (AgPageView *self)
{
  g_return_val_if_fail (AG_IS_PAGE_VIEW (self), 0);

  return self->page;
}

/**
 * ag_page_view_get_regions:
 *
 * Returns: (transfer none) (element-type AgRegion): the regions of every
 *   page, in the order they were drawn
 */
GPtrArray *
ag_page_view_get_regions (AgPageView *self)
{
  g_return_val_if_fail (AG_IS_PAGE_VIEW (self), NULL);

  return self->regions;
}

void
ag_page_view_add_region (AgPageView     *self,
                         const AgRegion *region)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));
  g_return_if_fail (region != NULL);

  g_ptr_array_add (self->regions, ag_region_copy (region));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  emit_regions_changed (self);
}

void
ag_page_view_remove_region (AgPageView *self,
                            guint       index)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));
  g_return_if_fail (index < self->regions->len);

  g_ptr_array_remove_index (self->regions, index);
  if (self->selected == (int) index)
    select_region (self, -1);
  else if (self->selected > (int) index)
    self->selected--;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  emit_regions_changed (self);
}

void
ag_page_view_clear_regions (AgPageView *self)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  if (self->regions->len == 0)
    return;

  g_ptr_array_set_size (self->regions, 0);
  select_region (self, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  emit_regions_changed (self);
}

int
ag_page_view_get_selected (AgPageView *self)
{
  g_return_val_if_fail (AG_IS_PAGE_VIEW (self), -1);

  return self->selected;
}

/**
 * ag_page_view_set_highlight:
 * @rect: (nullable): a word's box on the shown page, or %NULL for none
 */
void
ag_page_view_set_highlight (AgPageView   *self,
                            const AgRect *rect)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  self->has_highlight = rect != NULL;
  if (rect != NULL)
    self->highlight = *rect;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  /* Bring the word into view when zoomed in. */
  if (rect != NULL && !self->fit)
    {
      GtkScrolledWindow *scroller = get_scroller (self);
      graphene_rect_t r;

      if (scroller == NULL)
        return;

      rect_to_widget (self, rect, &r);
      gtk_adjustment_clamp_page (gtk_scrolled_window_get_hadjustment (scroller),
                                 r.origin.x - 40, r.origin.x + r.size.width + 40);
      gtk_adjustment_clamp_page (gtk_scrolled_window_get_vadjustment (scroller),
                                 r.origin.y - 40, r.origin.y + r.size.height + 40);
    }
}

gboolean
ag_page_view_get_fit (AgPageView *self)
{
  g_return_val_if_fail (AG_IS_PAGE_VIEW (self), FALSE);

  return self->fit;
}

void
ag_page_view_set_fit (AgPageView *self,
                      gboolean    fit)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  fit = !!fit;
  if (self->fit == fit)
    return;

  self->fit = fit;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
}

/**
 * ag_page_view_get_zoom:
 *
 * Returns: the scale the page is shown at (in fit mode, the fitted one)
 */
double
ag_page_view_get_zoom (AgPageView *self)
{
  g_return_val_if_fail (AG_IS_PAGE_VIEW (self), 1.0);

  return get_scale (self);
}

void
ag_page_view_set_zoom (AgPageView *self,
                       double      zoom)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (self->zoom == zoom)
    return;

  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}
