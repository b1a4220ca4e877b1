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

#include "ag-page-view-private.h"

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

void
_ag_page_view_emit_regions_changed (AgPageView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REGIONS]);
  g_signal_emit (self, signals[REGIONS_CHANGED], 0);
}

double
_ag_page_view_get_scale (AgPageView *self)
{
  double tw, th, w, h;

  if (self->texture == NULL)
    return 1.0;

  if (!self->fit)
    return self->zoom;

  tw = gdk_texture_get_width (self->texture);
  th = gdk_texture_get_height (self->texture);
  w = gtk_widget_get_width (GTK_WIDGET (self)) - 2 * MARGIN;
  h = gtk_widget_get_height (GTK_WIDGET (self)) - 2 * MARGIN - self->bottom_room;
  if (w <= 1 || h <= 1)
    return 1.0;

  return CLAMP (MIN (w / tw, h / th), MIN_ZOOM, 2.0);
}

void
_ag_page_view_get_image_rect (AgPageView      *self,
                              graphene_rect_t *rect)
{
  double scale = _ag_page_view_get_scale (self);
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
                      floor (MAX (MARGIN, (height - self->bottom_room - ih) / 2)),
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

  _ag_page_view_get_image_rect (self, &r);
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

  _ag_page_view_get_image_rect (self, &r);
  *x = r.origin.x + px * r.size.width;
  *y = r.origin.y + py * r.size.height;
}

void
_ag_page_view_rect_to_widget (AgPageView      *self,
                              const AgRect    *rect,
                              graphene_rect_t *out)
{
  graphene_rect_t r;

  _ag_page_view_get_image_rect (self, &r);
  graphene_rect_init (out,
                      r.origin.x + rect->x * r.size.width,
                      r.origin.y + rect->y * r.size.height,
                      rect->width * r.size.width,
                      rect->height * r.size.height);
}

AgRegion *
_ag_page_view_get_region (AgPageView *self,
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
    _ag_page_view_update_cursor (self, x, y);
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
  zoom_at (self, _ag_page_view_get_scale (self) * factor, x, y);
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

  zoom_at (self, _ag_page_view_get_scale (self) * pow (1.1, -CLAMP (dy, -5, 5)), x, y);
  return TRUE;
}

static void
zoom_begin_cb (AgPageView     *self,
               GdkEventSequence *sequence,
               GtkGestureZoom *gesture)
{
  self->gesture_zoom_start = _ag_page_view_get_scale (self);
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

  _ag_page_view_get_image_rect (self, &image);

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
      AgRegion *region = _ag_page_view_get_region (self, i);
      gboolean selected = (int) i == self->selected;
      graphene_rect_t r, outer;
      GdkRGBA fill = accent;
      g_autofree char *number = NULL;
      double bx, by;

      if (region->page != self->page)
        continue;

      _ag_page_view_rect_to_widget (self, &region->rect, &r);
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

      _ag_page_view_rect_to_widget (self, &self->highlight, &r);
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
      if (orientation == GTK_ORIENTATION_VERTICAL)
        size += (int) ceil (self->bottom_room);
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
  double scale = _ag_page_view_get_scale (self);

  if (self->has_anchor && self->anchor_tick == 0)
    self->anchor_tick = gtk_widget_add_tick_callback (widget, apply_anchor_cb, NULL, NULL);

  /* In fit mode the scale follows the size; say so, but not from inside
   * the allocation. */
  if (scale != self->last_scale && self->notify_zoom_id == 0)
    self->notify_zoom_id = g_idle_add (notify_zoom_cb, self);
  self->last_scale = scale;
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

  _ag_page_view_class_init_regions (widget_class);

  gtk_widget_class_set_css_name (widget_class, "pageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ag_page_view_init (AgPageView *self)
{
  GtkGesture *zoom;
  GtkEventController *scroll;
  GtkEventController *motion;

  self->regions = g_ptr_array_new_with_free_func ((GDestroyNotify) ag_region_free);
  self->selected = -1;
  self->fit = TRUE;
  self->zoom = 1.0;
  self->bottom_room = CONTROLS_ROOM;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  _ag_page_view_init_regions (self);

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
  if (self->selected >= 0 && _ag_page_view_get_region (self, self->selected)->page != page)
    _ag_page_view_select_region (self, -1);
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

      _ag_page_view_rect_to_widget (self, rect, &r);
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

  return _ag_page_view_get_scale (self);
}

/* Keeps @room pixels under the page free, fitted or scrolled to its end,
 * for what floats over the view's bottom edge. */
void
ag_page_view_set_bottom_room (AgPageView *self,
                              double      room)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  room = MAX (room, 0);
  if (self->bottom_room == room)
    return;

  self->bottom_room = room;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
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
