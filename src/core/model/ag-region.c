/* ag-region.c
 *
 * Copyright 2026 The Airgap developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/ag-region.h"

G_DEFINE_BOXED_TYPE (AgRect, ag_rect, ag_rect_copy, ag_rect_free)
G_DEFINE_BOXED_TYPE (AgRegion, ag_region, ag_region_copy, ag_region_free)

AgRect *
ag_rect_copy (const AgRect *self)
{
  return g_memdup2 (self, sizeof *self);
}

void
ag_rect_free (AgRect *self)
{
  g_free (self);
}

/**
 * ag_rect_is_valid:
 *
 * Returns: %TRUE if the rectangle has an area and lies on the page
 */
gboolean
ag_rect_is_valid (const AgRect *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return isfinite (self->x) && isfinite (self->y) &&
         isfinite (self->width) && isfinite (self->height) &&
         self->width > 0 && self->height > 0 &&
         self->x >= 0 && self->y >= 0 &&
         self->x + self->width <= 1.0 + 1e-9 &&
         self->y + self->height <= 1.0 + 1e-9;
}

/**
 * ag_rect_clamp:
 *
 * Cuts the rectangle to the page.
 */
void
ag_rect_clamp (AgRect *self)
{
  double x0, y0, x1, y1;

  g_return_if_fail (self != NULL);

  x0 = CLAMP (MIN (self->x, self->x + self->width), 0.0, 1.0);
  y0 = CLAMP (MIN (self->y, self->y + self->height), 0.0, 1.0);
  x1 = CLAMP (MAX (self->x, self->x + self->width), 0.0, 1.0);
  y1 = CLAMP (MAX (self->y, self->y + self->height), 0.0, 1.0);

  self->x = x0;
  self->y = y0;
  self->width = x1 - x0;
  self->height = y1 - y0;
}

/**
 * ag_rect_union:
 * @other: another rectangle
 *
 * Grows @self to the smallest rectangle that holds both.
 */
void
ag_rect_union (AgRect       *self,
               const AgRect *other)
{
  double x1, y1;

  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  x1 = MAX (self->x + self->width, other->x + other->width);
  y1 = MAX (self->y + self->height, other->y + other->height);
  self->x = MIN (self->x, other->x);
  self->y = MIN (self->y, other->y);
  self->width = x1 - self->x;
  self->height = y1 - self->y;
}

/**
 * ag_rect_turn:
 * @turn_cw: 0, 90, 180 or 270
 *
 * Moves @self to where it is once its page is turned clockwise by
 * @turn_cw degrees; turning by 360 − @turn_cw brings it back.
 */
void
ag_rect_turn (AgRect *self,
              int     turn_cw)
{
  AgRect r;

  g_return_if_fail (self != NULL);

  r = *self;
  switch (((turn_cw % 360) + 360) % 360)
    {
    case 90:
      /* (x, y) goes to (1 − y, x). */
      self->x = 1.0 - r.y - r.height;
      self->y = r.x;
      self->width = r.height;
      self->height = r.width;
      break;
    case 180:
      self->x = 1.0 - r.x - r.width;
      self->y = 1.0 - r.y - r.height;
      break;
    case 270:
      /* (x, y) goes to (y, 1 − x). */
      self->x = r.y;
      self->y = 1.0 - r.x - r.width;
      self->width = r.height;
      self->height = r.width;
      break;
    default:
      break;
    }
}

/**
 * ag_rect_to_pixels:
 *
 * Converts to whole pixels of an image of @width × @height, rounding
 * outwards and never leaving the image.  The result is at least 1 × 1.
 */
void
ag_rect_to_pixels (const AgRect *self,
                   int           width,
                   int           height,
                   int          *x,
                   int          *y,
                   int          *w,
                   int          *h)
{
  int x0, y0, x1, y1;

  x0 = CLAMP ((int) floor (self->x * width), 0, width - 1);
  y0 = CLAMP ((int) floor (self->y * height), 0, height - 1);
  x1 = CLAMP ((int) ceil ((self->x + self->width) * width), x0 + 1, width);
  y1 = CLAMP ((int) ceil ((self->y + self->height) * height), y0 + 1, height);

  *x = x0;
  *y = y0;
  *w = x1 - x0;
  *h = y1 - y0;
}

void
ag_rect_from_pixels (AgRect *self,
                     int     width,
                     int     height,
                     double  x,
                     double  y,
                     double  w,
                     double  h)
{
  g_return_if_fail (width > 0 && height > 0);

  self->x = x / width;
  self->y = y / height;
  self->width = w / width;
  self->height = h / height;
}

AgRegion *
ag_region_new (guint  page,
               double x,
               double y,
               double width,
               double height)
{
  AgRegion *self = g_new0 (AgRegion, 1);

  self->page = page;
  self->rect.x = x;
  self->rect.y = y;
  self->rect.width = width;
  self->rect.height = height;

  return self;
}

AgRegion *
ag_region_copy (const AgRegion *self)
{
  return g_memdup2 (self, sizeof *self);
}

void
ag_region_free (AgRegion *self)
{
  g_free (self);
}

static gboolean
parse_double (const char *text,
              double     *out)
{
  char *end = NULL;

  *out = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*out);
}

/**
 * ag_region_parse:
 * @text: "PAGE:X,Y,W,H", the page counted from 1, the rest in fractions
 *   of the page (0..1) or, each with a trailing "%", in per cent;
 *   ":vertical" (or ":v") at the end reads the region as vertical text
 *
 * Returns: (transfer full) (nullable): the region, or %NULL with @error set
 */
AgRegion *
ag_region_parse (const char  *text,
                 GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) numbers = NULL;
  g_autoptr(AgRegion) region = NULL;
  guint64 page = 0;
  double values[4];

  g_return_val_if_fail (text != NULL, NULL);

  parts = g_strsplit (text, ":", 3);
  if (g_strv_length (parts) < 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT, &page, NULL))
    goto invalid;
  if (parts[2] != NULL && g_strcmp0 (parts[2], "vertical") != 0 && g_strcmp0 (parts[2], "v") != 0)
    goto invalid;

  numbers = g_strsplit (parts[1], ",", -1);
  if (g_strv_length (numbers) != 4)
    goto invalid;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *number = g_strstrip (g_strdup (numbers[i]));
      gsize len = strlen (number);
      gboolean percent = len > 0 && number[len - 1] == '%';

      if (percent)
        number[len - 1] = '\0';
      if (!parse_double (number, &values[i]))
        goto invalid;
      if (percent)
        values[i] /= 100.0;
    }

  region = ag_region_new ((guint) page - 1, values[0], values[1], values[2], values[3]);
  region->vertical = parts[2] != NULL;
  if (!ag_rect_is_valid (&region->rect))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The region “%s” does not lie on the page: X, Y, width and height are fractions of the page between 0 and 1."),
                   text);
      return NULL;
    }

  return g_steal_pointer (&region);

invalid:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("Cannot read the region “%s”: write it as PAGE:X,Y,WIDTH,HEIGHT, for example 1:0.1,0.2,0.5,0.3, and add :vertical for text in columns."),
               text);
  return NULL;
}
