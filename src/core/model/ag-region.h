/* ag-region.h
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * The one coordinate convention of Airgap: a rectangle on a page is given
 * in fractions of the upright page (after EXIF orientation), origin at the
 * top-left corner, x to the right, y downwards, every value in 0..1.  It
 * does not depend on the resolution a page was decoded or rendered at, so
 * the window, the engine, the exporters and the command line all use it.
 */

#define AG_TYPE_RECT   (ag_rect_get_type ())
#define AG_TYPE_REGION (ag_region_get_type ())

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} AgRect;

/**
 * AgRegion:
 * @page: index of the page, from 0
 * @rect: the area, in fractions of the page
 * @vertical: recognise the area as vertical text (columns right to left)
 *
 * A part of a page the user selected.
 */
typedef struct
{
  guint    page;
  AgRect   rect;
  gboolean vertical;
} AgRegion;

GType     ag_rect_get_type     (void) G_GNUC_CONST;
AgRect   *ag_rect_copy         (const AgRect   *self);
void      ag_rect_free         (AgRect         *self);
gboolean  ag_rect_is_valid     (const AgRect   *self);
void      ag_rect_clamp        (AgRect         *self);
void      ag_rect_union        (AgRect         *self,
                                const AgRect   *other);
void      ag_rect_turn         (AgRect         *self,
                                int             turn_cw);
void      ag_rect_to_pixels    (const AgRect   *self,
                                int             width,
                                int             height,
                                int            *x,
                                int            *y,
                                int            *w,
                                int            *h);
void      ag_rect_from_pixels  (AgRect         *self,
                                int             width,
                                int             height,
                                double          x,
                                double          y,
                                double          w,
                                double          h);

GType     ag_region_get_type   (void) G_GNUC_CONST;
AgRegion *ag_region_new        (guint           page,
                                double          x,
                                double          y,
                                double          width,
                                double          height);
AgRegion *ag_region_copy       (const AgRegion *self);
void      ag_region_free       (AgRegion       *self);
AgRegion *ag_region_parse      (const char     *text,
                                GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgRect, ag_rect_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AgRegion, ag_region_free)

G_END_DECLS
