/* lab-draw.c — styles, colours, dashes, markers and text: the primitives of every drawing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-draw.h"

LabStyle
lab_style_default (guint slot)
{
  LabStyle s = { 0 };

  s.color = lab_color_palette (slot);
  s.fill = lab_color_palette_alpha (slot, 0.25);
  s.line_width = 2.0;
  s.dash = LAB_DASH_SOLID;
  s.marker = LAB_MARKER_NONE;
  s.marker_size = 0.0;
  s.alpha = 1.0;
  return s;
}

LabStyle
lab_style_reference (void)
{
  LabStyle s = lab_style_default (0);

  s.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
  s.line_width = 1.2;
  s.dash = LAB_DASH_DASHED;
  return s;
}

LabStyle
lab_style_rule (LabColorKind kind,
                double       alpha)
{
  LabStyle s = lab_style_default (0);

  s.color = lab_color_semantic (kind, alpha);
  s.line_width = 1.0;
  return s;
}

LabStyle
lab_style_text (void)
{
  LabStyle s = lab_style_default (0);

  s.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
  return s;
}

LabStyle
lab_style_marker (LabColor fill,
                  double   size)
{
  LabStyle s = lab_style_default (0);

  s.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
  s.fill = fill;
  s.marker = LAB_MARKER_CIRCLE;
  s.marker_size = size;
  s.line_width = 1.3;
  return s;
}

LabRGBA
_lab_style_rgba (LabRender      *r,
                 const LabStyle *style,
                 const LabColor *color)
{
  LabRGBA c = lab_theme_resolve (r->theme, color);

  if (style != NULL && style->alpha > 0.0)
    c.a *= MIN (style->alpha, 1.0);
  return c;
}

void
_lab_set_source (cairo_t *cr,
                 LabRGBA  c)
{
  cairo_set_source_rgba (cr, c.r, c.g, c.b, c.a);
}

void
_lab_apply_dash (cairo_t *cr,
                 LabDash  dash,
                 double   lw)
{
  double d[2];

  switch (dash)
    {
    case LAB_DASH_DASHED:
      d[0] = 3.2 * lw + 2.0;
      d[1] = 2.0 * lw + 1.5;
      cairo_set_dash (cr, d, 2, 0);
      /* Butt caps keep the gaps open. */
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      break;
    case LAB_DASH_DOTTED:
      d[0] = 0.0;
      d[1] = 2.0 * lw + 0.5;
      cairo_set_dash (cr, d, 2, 0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      break;
    case LAB_DASH_SOLID:
    default:
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      break;
    }
}

void
_lab_marker_path (cairo_t   *cr,
                  LabMarker  marker,
                  double     x,
                  double     y,
                  double     size)
{
  double h = size / 2.0;

  switch (marker)
    {
    case LAB_MARKER_SQUARE:
      h *= 0.88;
      cairo_rectangle (cr, x - h, y - h, 2 * h, 2 * h);
      break;
    case LAB_MARKER_DIAMOND:
      h *= 1.2;
      cairo_move_to (cr, x, y - h);
      cairo_line_to (cr, x + h * 0.8, y);
      cairo_line_to (cr, x, y + h);
      cairo_line_to (cr, x - h * 0.8, y);
      cairo_close_path (cr);
      break;
    case LAB_MARKER_TRIANGLE:
      h *= 1.15;
      cairo_move_to (cr, x, y - h);
      cairo_line_to (cr, x + h * 0.866, y + h * 0.5);
      cairo_line_to (cr, x - h * 0.866, y + h * 0.5);
      cairo_close_path (cr);
      break;
    case LAB_MARKER_CROSS:
      h *= 0.8;
      cairo_move_to (cr, x - h, y - h);
      cairo_line_to (cr, x + h, y + h);
      cairo_move_to (cr, x + h, y - h);
      cairo_line_to (cr, x - h, y + h);
      break;
    case LAB_MARKER_CIRCLE:
    case LAB_MARKER_NONE:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, h, 0, 2 * G_PI);
      cairo_close_path (cr);
      break;
    }
}

void
_lab_draw_marker (LabRender      *r,
                  const LabStyle *style,
                  double          x,
                  double          y,
                  LabRGBA         stroke,
                  LabRGBA         fill)
{
  cairo_t *cr = r->cr;

  _lab_marker_path (cr, style->marker, x, y, style->marker_size);
  if (style->marker != LAB_MARKER_CROSS && fill.a > 0)
    {
      _lab_set_source (cr, fill);
      cairo_fill_preserve (cr);
    }
  _lab_set_source (cr, stroke);
  cairo_stroke (cr);
}

static gboolean
is_script_attr (PangoAttribute *attr,
                gpointer        user_data)
{
  return attr->klass->type == PANGO_ATTR_FONT_SCALE || attr->klass->type == PANGO_ATTR_BASELINE_SHIFT;
}

/* Pango 1.50 sizes <sup> and <sub> (font_scale, baseline_shift) wrongly
 * under a scaled cairo_t (a 2× PNG, a HiDPI window): the script comes out
 * at full size. Plain scale and rise attributes render right everywhere. */
static void
fix_scripts (PangoAttrList        *attrs,
             PangoFontDescription *font)
{
  PangoAttrList *scripts = pango_attr_list_filter (attrs, is_script_attr, NULL);
  double size = pango_font_description_get_size (font);
  GSList *list;

  if (scripts == NULL)
    return;
  list = pango_attr_list_get_attributes (scripts);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *a = l->data, *n;

      if (a->klass->type == PANGO_ATTR_FONT_SCALE)
        n = pango_attr_scale_new (0.7);
      else
        {
          int v = ((PangoAttrInt *) a)->value;

          if (v == PANGO_BASELINE_SHIFT_SUPERSCRIPT)
            v = (int) (0.42 * size);
          else if (v == PANGO_BASELINE_SHIFT_SUBSCRIPT)
            v = (int) (-0.2 * size);
          n = pango_attr_rise_new (v);
        }
      n->start_index = a->start_index;
      n->end_index = a->end_index;
      pango_attr_list_change (attrs, n);
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  pango_attr_list_unref (scripts);
}

static void
layout_set (LabRender            *r,
            PangoFontDescription *font,
            const char           *text,
            gboolean              markup)
{
  pango_layout_set_font_description (r->layout, font);
  pango_layout_set_alignment (r->layout, PANGO_ALIGN_LEFT);
  if (r->max_width > 0)
    {
      pango_layout_set_width (r->layout, (int) (r->max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (r->layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_layout_set_width (r->layout, -1);
      pango_layout_set_ellipsize (r->layout, PANGO_ELLIPSIZE_NONE);
    }
  if (markup && strpbrk (text, "<&") != NULL)
    {
      PangoAttrList *attrs = NULL;
      char *plain = NULL;

      /* Validate first: pango_layout_set_markup() warns on bad markup, and a
       * label such as "a < b" is better shown as typed than not at all. */
      if (pango_parse_markup (text, -1, 0, &attrs, &plain, NULL, NULL))
        {
          fix_scripts (attrs, font);
          pango_layout_set_text (r->layout, plain, -1);
          pango_layout_set_attributes (r->layout, attrs);
          pango_attr_list_unref (attrs);
          g_free (plain);
          return;
        }
    }
  pango_layout_set_attributes (r->layout, NULL);
  pango_layout_set_text (r->layout, text, -1);
}

void
_lab_text_size (LabRender            *r,
                PangoFontDescription *font,
                const char           *text,
                gboolean              markup,
                double               *w,
                double               *h)
{
  PangoRectangle logical;

  if (text == NULL || *text == '\0')
    {
      *w = *h = 0.0;
      return;
    }
  layout_set (r, font, text, markup);
  pango_layout_get_extents (r->layout, NULL, &logical);
  *w = logical.width / (double) PANGO_SCALE;
  *h = logical.height / (double) PANGO_SCALE;
}

static void
anchor_fractions (LabAnchor  anchor,
                  double    *fx,
                  double    *fy)
{
  *fx = *fy = 0.5;
  switch (anchor)
    {
    case LAB_ANCHOR_NORTH:      *fx = 0.5; *fy = 0.0; break;
    case LAB_ANCHOR_SOUTH:      *fx = 0.5; *fy = 1.0; break;
    case LAB_ANCHOR_EAST:       *fx = 1.0; *fy = 0.5; break;
    case LAB_ANCHOR_WEST:       *fx = 0.0; *fy = 0.5; break;
    case LAB_ANCHOR_NORTH_EAST: *fx = 1.0; *fy = 0.0; break;
    case LAB_ANCHOR_NORTH_WEST: *fx = 0.0; *fy = 0.0; break;
    case LAB_ANCHOR_SOUTH_EAST: *fx = 1.0; *fy = 1.0; break;
    case LAB_ANCHOR_SOUTH_WEST: *fx = 0.0; *fy = 1.0; break;
    case LAB_ANCHOR_CENTER:
    default:
      break;
    }
}

void
_lab_text_box (LabRender            *r,
               PangoFontDescription *font,
               const char           *text,
               gboolean              markup,
               double                x,
               double                y,
               LabAnchor             anchor,
               double                box[4])
{
  double w, h, fx, fy;

  _lab_text_size (r, font, text, markup, &w, &h);
  anchor_fractions (anchor, &fx, &fy);
  box[0] = x - fx * w;
  box[1] = y - fy * h;
  box[2] = w;
  box[3] = h;
}

void
_lab_text_draw (LabRender            *r,
                PangoFontDescription *font,
                const char           *text,
                gboolean              markup,
                double                x,
                double                y,
                LabAnchor             anchor,
                double                angle,
                LabRGBA               color)
{
  PangoRectangle logical;
  double w, h, fx = 0.5, fy = 0.5;

  if (text == NULL || *text == '\0')
    return;
  layout_set (r, font, text, markup);
  pango_layout_get_extents (r->layout, NULL, &logical);
  w = logical.width / (double) PANGO_SCALE;
  h = logical.height / (double) PANGO_SCALE;

  anchor_fractions (anchor, &fx, &fy);

  /* Lines of a multi-line text line up with the anchor's side. */
  if (pango_layout_get_line_count (r->layout) > 1)
    {
      pango_layout_set_alignment (r->layout, fx == 0.5 ? PANGO_ALIGN_CENTER
                                             : fx == 1.0 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      pango_layout_get_extents (r->layout, NULL, &logical);
    }

  cairo_save (r->cr);
  cairo_translate (r->cr, x, y);
  if (angle != 0.0)
    cairo_rotate (r->cr, angle);
  cairo_move_to (r->cr, -fx * w - logical.x / (double) PANGO_SCALE, -fy * h - logical.y / (double) PANGO_SCALE);
  _lab_set_source (r->cr, color);
  pango_cairo_show_layout (r->cr, r->layout);
  cairo_restore (r->cr);
}
