/* ag-page-view-regions.c — drawing, moving, resizing and removing regions
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The regions a person draws on the page: hit testing, the drag that
 * draws, moves, resizes or closes one, the pointer shape over them, the
 * keys that act on the selected one, and the list itself.  Drawing them
 * is part of the page view's snapshot (ag-page-view.c). */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ag-page-view-private.h"

/* Hit testing, topmost (most recently drawn) region first. */
static int
hit_close (AgPageView *self,
           double      x,
           double      y)
{
  graphene_rect_t r;
  double cx, cy;

  if (self->selected < 0 || _ag_page_view_get_region (self, self->selected)->page != self->page)
    return -1;

  _ag_page_view_rect_to_widget (self, &_ag_page_view_get_region (self, self->selected)->rect, &r);
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
      AgRegion *region = _ag_page_view_get_region (self, i - 1);
      graphene_rect_t r;
      double x1, y1, x2, y2;

      if (region->page != self->page)
        continue;

      _ag_page_view_rect_to_widget (self, &region->rect, &r);
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

void
_ag_page_view_select_region (AgPageView *self,
                             int         index)
{
  if (self->selected == index)
    return;

  self->selected = index;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.delete-selected", index >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.toggle-vertical", index >= 0);
  /* Escape with no region selected goes on to the window (it stops a
   * reading there). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.unselect", index >= 0);
  /* The arrow keys scroll the page unless they move a region. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.move", index >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.resize", index >= 0);
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
      self->drag_rect = _ag_page_view_get_region (self, index)->rect;
      _ag_page_view_select_region (self, index);
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
          _ag_page_view_select_region (self, -1);
          return;
        }

      region = ag_region_new (self->page, px, py, 0, 0);
      g_ptr_array_add (self->regions, region);
      self->drag_mode = DRAG_CREATE;
      self->drag_rect = region->rect;
      _ag_page_view_select_region (self, self->regions->len - 1);
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

  region = _ag_page_view_get_region (self, self->selected);
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

      _ag_page_view_rect_to_widget (self, &_ag_page_view_get_region (self, self->selected)->rect, &r);
      if (r.size.width < MIN_DRAG || r.size.height < MIN_DRAG)
        {
          /* Just a click on the page: no region, and nothing selected. */
          g_ptr_array_remove_index (self->regions, self->selected);
          self->selected = -1;
          _ag_page_view_select_region (self, -1);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return;
        }
    }
  else if (!self->drag_changed)
    return;

  _ag_page_view_emit_regions_changed (self);
}

/* Pointer shape */

void
_ag_page_view_update_cursor (AgPageView *self,
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

  region = _ag_page_view_get_region (self, self->selected);
  region->vertical = !region->vertical;
  gtk_widget_queue_draw (widget);
  _ag_page_view_emit_regions_changed (self);
}

/* Regions by keyboard: Insert draws one across the middle of the page
 * and selects it, the arrow keys move the selected one, with Shift they
 * move its right or bottom edge; with Ctrl in bigger steps. */

#define KEY_STEP      0.01
#define KEY_BIG_STEP  0.05
#define MIN_KEY_SIZE  0.02

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  AgPageView *self = AG_PAGE_VIEW (widget);
  g_autoptr(AgRegion) region = NULL;

  if (self->texture == NULL)
    return;

  region = ag_region_new (self->page, 0.1, 0.35, 0.8, 0.3);
  g_ptr_array_add (self->regions, g_steal_pointer (&region));
  _ag_page_view_select_region (self, self->regions->len - 1);
  gtk_widget_queue_draw (widget);
  _ag_page_view_emit_regions_changed (self);
}

static void
move_or_resize (AgPageView *self,
                GVariant   *parameter,
                gboolean    resize)
{
  AgRegion *region;
  double dx, dy;
  AgRect r;

  if (self->selected < 0)
    return;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  region = _ag_page_view_get_region (self, self->selected);
  r = region->rect;

  if (resize)
    {
      r.width = CLAMP (r.width + dx, MIN_KEY_SIZE, 1 - r.x);
      r.height = CLAMP (r.height + dy, MIN_KEY_SIZE, 1 - r.y);
    }
  else
    {
      r.x = CLAMP (r.x + dx, 0, 1 - r.width);
      r.y = CLAMP (r.y + dy, 0, 1 - r.height);
    }

  if (memcmp (&r, &region->rect, sizeof r) == 0)
    return;

  region->rect = r;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _ag_page_view_emit_regions_changed (self);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_or_resize (AG_PAGE_VIEW (widget), parameter, FALSE);
}

static void
resize_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  move_or_resize (AG_PAGE_VIEW (widget), parameter, TRUE);
}

static void
add_arrow_bindings (GtkWidgetClass  *widget_class,
                    GdkModifierType  modifiers,
                    const char      *action,
                    double           step)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, modifiers, action, "(dd)", -step, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, modifiers, action, "(dd)", step, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, modifiers, action, "(dd)", 0.0, -step);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, modifiers, action, "(dd)", 0.0, step);
}

static void
unselect_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _ag_page_view_select_region (AG_PAGE_VIEW (widget), -1);
}

void
_ag_page_view_class_init_regions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "regions.delete-selected", NULL, delete_selected_action);
  gtk_widget_class_install_action (widget_class, "regions.toggle-vertical", NULL, toggle_vertical_action);
  gtk_widget_class_install_action (widget_class, "regions.unselect", NULL, unselect_action);
  gtk_widget_class_install_action (widget_class, "regions.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "regions.move", "(dd)", move_action);
  gtk_widget_class_install_action (widget_class, "regions.resize", "(dd)", resize_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "regions.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "regions.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "regions.delete-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "regions.unselect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, 0, "regions.toggle-vertical", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, 0, "regions.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Insert, 0, "regions.add", NULL);
  add_arrow_bindings (widget_class, 0, "regions.move", KEY_STEP);
  add_arrow_bindings (widget_class, GDK_CONTROL_MASK, "regions.move", KEY_BIG_STEP);
  add_arrow_bindings (widget_class, GDK_SHIFT_MASK, "regions.resize", KEY_STEP);
  add_arrow_bindings (widget_class, GDK_SHIFT_MASK | GDK_CONTROL_MASK, "regions.resize", KEY_BIG_STEP);
}

void
_ag_page_view_init_regions (AgPageView *self)
{
  GtkGesture *drag;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.delete-selected", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.toggle-vertical", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.unselect", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.move", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "regions.resize", FALSE);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
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
  _ag_page_view_emit_regions_changed (self);
}

void
ag_page_view_remove_region (AgPageView *self,
                            guint       index)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));
  g_return_if_fail (index < self->regions->len);

  g_ptr_array_remove_index (self->regions, index);
  if (self->selected == (int) index)
    _ag_page_view_select_region (self, -1);
  else if (self->selected > (int) index)
    self->selected--;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _ag_page_view_emit_regions_changed (self);
}

void
ag_page_view_clear_regions (AgPageView *self)
{
  g_return_if_fail (AG_IS_PAGE_VIEW (self));

  if (self->regions->len == 0)
    return;

  g_ptr_array_set_size (self->regions, 0);
  _ag_page_view_select_region (self, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _ag_page_view_emit_regions_changed (self);
}

int
ag_page_view_get_selected (AgPageView *self)
{
  g_return_val_if_fail (AG_IS_PAGE_VIEW (self), -1);

  return self->selected;
}
