/* lab-layer-grid.c — layer kinds on a grid of values: heatmap (with its colour bar) and contour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-contour.h"
#include "lab-draw.h"
#include "lab-layer.h"
#include "lab-scale.h"
#include "lab-ticks.h"

static void
grid_bounds (LabLayer *l,
             double    x0,
             double    x1,
             double    y0,
             double    y1)
{
  l->gx0 = x0;
  l->gx1 = x1;
  l->gy0 = y0;
  l->gy1 = y1;
  l->bx[0] = MIN (x0, x1);
  l->bx[1] = MAX (x0, x1);
  l->by[0] = MIN (y0, y1);
  l->by[1] = MAX (y0, y1);
  l->minpos_x = l->bx[0] > 0 ? l->bx[0] : (l->bx[1] > 0 ? l->bx[1] * 1e-3 : HUGE_VAL);
  l->minpos_y = l->by[0] > 0 ? l->by[0] : (l->by[1] > 0 ? l->by[1] * 1e-3 : HUGE_VAL);
  l->has_bx = isfinite (x0) && isfinite (x1);
  l->has_by = isfinite (y0) && isfinite (y1);
}

LabLayer *
lab_axes_add_heatmap (LabAxes       *ax,
                      const double  *values,
                      gsize          nx,
                      gsize          ny,
                      double         x0,
                      double         x1,
                      double         y0,
                      double         y1,
                      LabColormapId  cmap,
                      double         vmin,
                      double         vmax,
                      const char    *cbar_label)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (nx * ny == 0 || values != NULL, NULL);
  l = _lab_layer_new (ax, LAB_LAYER_HEATMAP, NULL, NULL, NULL);
  l->values = _lab_doubles_dup (values, nx * ny);
  l->nx = nx;
  l->ny = ny;
  l->cmap = cmap;
  grid_bounds (l, x0, x1, y0, y1);
  if (!isfinite (vmin) || !isfinite (vmax))
    {
      double b[2] = { 0, 1 }, mp;
      gboolean has = FALSE;

      _lab_bounds_add (l->values, nx * ny, b, &mp, &has);
      if (!isfinite (vmin))
        vmin = b[0];
      if (!isfinite (vmax))
        vmax = b[1];
    }
  l->vmin = vmin;
  l->vmax = vmax;
  l->cbar_label = cbar_label != NULL ? g_strdup (cbar_label) : NULL;
  return l;
}

LabLayer *
lab_axes_add_class_map (LabAxes      *ax,
                        const guint8 *classes,
                        const double *opacity,
                        gsize         nx,
                        gsize         ny,
                        double        x0,
                        double        x1,
                        double        y0,
                        double        y1)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (nx * ny == 0 || (classes != NULL && opacity != NULL), NULL);
  /* the heatmap's grid and drawing, each cell coloured by its class (cell_color) */
  l = lab_axes_add_heatmap (ax, opacity, nx, ny, x0, x1, y0, y1, LAB_COLORMAP_VIRIDIS, 0.0, 1.0, NULL);
  l->cells = nx * ny > 0 ? g_memdup2 (classes, nx * ny) : NULL;
  return l;
}

LabLayer *
lab_axes_add_contour (LabAxes        *ax,
                      const double   *values,
                      gsize           nx,
                      gsize           ny,
                      double          x0,
                      double          x1,
                      double          y0,
                      double          y1,
                      const double   *levels,
                      gsize           n_levels,
                      gboolean        filled,
                      LabColormapId   cmap,
                      const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (nx * ny == 0 || values != NULL, NULL);
  g_return_val_if_fail (n_levels == 0 || levels != NULL, NULL);
  l = _lab_layer_new (ax, LAB_LAYER_CONTOUR, NULL, style, NULL);
  if (style == NULL)
    {
      /* Colours come from the map; the layer takes no palette slot. */
      ax->next_slot--;
      l->style.line_width = filled ? 0.6 : 1.5;
    }
  l->values = _lab_doubles_dup (values, nx * ny);
  l->nx = nx;
  l->ny = ny;
  l->cmap = cmap;
  l->filled = filled;
  l->levels = _lab_doubles_dup (levels, n_levels);
  l->n_levels = n_levels;
  grid_bounds (l, x0, x1, y0, y1);
  /* Grid points sit at cell centres: the contours span half a cell less. */
  if (nx > 0 && ny > 0)
    {
      double hx = (x1 - x0) / (2.0 * nx), hy = (y1 - y0) / (2.0 * ny);

      grid_bounds (l, x0 + hx, x1 - hx, y0 + hy, y1 - hy);
      l->gx0 = x0, l->gx1 = x1, l->gy0 = y0, l->gy1 = y1;
    }

  l->contour_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (gsize k = 0; k < n_levels; k++)
    g_ptr_array_add (l->contour_lines,
                     lab_contour_lines (l->values, nx, ny, x0, x1, y0, y1, levels[k]));
  return l;
}

static double
norm_value (LabLayer *l,
            double    v)
{
  if (l->vmax == l->vmin)
    return 0.5;
  return (v - l->vmin) / (l->vmax - l->vmin);
}

/* The colour of cell @i: the colour map's, or for a class map the class's palette colour
 * at the cell's opacity; FALSE for an empty cell. */
static gboolean
cell_color (LabLayer       *l,
            const LabTheme *theme,
            gsize           i,
            LabRGBA        *out)
{
  double v = l->values[i];

  if (isnan (v))
    return FALSE;
  if (l->cells != NULL)
    {
      LabColor c;

      if (l->cells[i] == LAB_CLASS_MAP_NONE)
        return FALSE;
      c = lab_color_palette (l->cells[i]);
      *out = lab_theme_resolve (theme, &c);
      out->a = CLAMP (v, 0.0, 1.0);
      return TRUE;
    }
  *out = lab_colormap_eval (l->cmap, norm_value (l, v));
  return TRUE;
}

static cairo_surface_t *
heat_image (LabLayer       *l,
            const LabTheme *theme)
{
  /* a class map's colours follow the theme: its image is remade when the theme changes */
  if (l->heat_image != NULL && l->cells != NULL && l->heat_theme != (const void *) theme)
    g_clear_pointer (&l->heat_image, cairo_surface_destroy);
  if (l->heat_image == NULL)
    {
      cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) l->nx, (int) l->ny);
      guint32 *pix;
      int stride;
      /* a class map's palette colours, resolved once per class instead of once per cell */
      LabRGBA palette[LAB_CLASS_MAP_NONE];
      guint8 resolved[LAB_CLASS_MAP_NONE] = { 0 };

      cairo_surface_flush (img);
      pix = (guint32 *) cairo_image_surface_get_data (img);
      stride = cairo_image_surface_get_stride (img) / 4;
      for (gsize j = 0; j < l->ny; j++)
        for (gsize i = 0; i < l->nx; i++)
          {
            /* data row 0 sits at y0, the bottom: image rows go top-down */
            guint32 *p = &pix[(l->ny - 1 - j) * stride + i];
            gsize at = j * l->nx + i;
            gboolean ok = TRUE;
            LabRGBA c;

            if (l->cells != NULL && l->cells[at] != LAB_CLASS_MAP_NONE && !isnan (l->values[at]))
              {
                guint8 k = l->cells[at];

                if (!resolved[k])
                  {
                    cell_color (l, theme, at, &palette[k]);
                    resolved[k] = 1;
                  }
                c = palette[k];
                c.a = CLAMP (l->values[at], 0.0, 1.0);
              }
            else
              ok = cell_color (l, theme, at, &c);
            if (!ok)
              *p = 0;
            else
              {
                double a = l->cells != NULL ? c.a : 1.0;

                /* ARGB32 is premultiplied */
                *p = (guint32) (a * 255 + 0.5) << 24 | (guint32) (c.r * a * 255 + 0.5) << 16
                     | (guint32) (c.g * a * 255 + 0.5) << 8 | (guint32) (c.b * a * 255 + 0.5);
              }
          }
      cairo_surface_mark_dirty (img);
      l->heat_image = img;
      l->heat_theme = theme;
    }
  return l->heat_image;
}

/* @img with every pixel repeated @f × @f times. */
static cairo_surface_t *
replicate (cairo_surface_t *img,
           int              f)
{
  int w = cairo_image_surface_get_width (img), h = cairo_image_surface_get_height (img);
  int ss = cairo_image_surface_get_stride (img) / 4;
  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w * f, h * f);
  const guint32 *src;
  guint32 *dst;
  int ds;

  cairo_surface_flush (img);
  cairo_surface_flush (out);
  src = (const guint32 *) cairo_image_surface_get_data (img);
  dst = (guint32 *) cairo_image_surface_get_data (out);
  ds = cairo_image_surface_get_stride (out) / 4;
  for (int y = 0; y < h * f; y++)
    for (int x = 0; x < w * f; x++)
      dst[y * ds + x] = src[(y / f) * ss + x / f];
  cairo_surface_mark_dirty (out);
  return out;
}

static void
draw_heatmap (LabLayer  *l,
              LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  double px0, px1, py0, py1;
  gboolean lin = ax->xscale == LAB_SCALE_LINEAR && ax->yscale == LAB_SCALE_LINEAR;

  if (l->nx == 0 || l->ny == 0 || l->nx > 32767 || l->ny > 32767)
    return;
  px0 = _lab_axes_tx (ax, l->gx0);
  px1 = _lab_axes_tx (ax, l->gx1);
  py0 = _lab_axes_ty (ax, l->gy0);
  py1 = _lab_axes_ty (ax, l->gy1);
  lin = lin && isfinite (px0) && isfinite (px1) && isfinite (py0) && isfinite (py1);

  cairo_save (cr);
  _lab_layer_clip (l, r, 0);
  /* On screen and in PNG: one image scaled with the nearest filter. SVG and
   * PDF viewers may smooth images whatever the filter says, so vector output
   * gets one rectangle per cell (or, for a large grid, an image with each
   * cell repeated over many pixels). */
  if (lin && (!r->vector || l->nx * l->ny > 40000))
    {
      cairo_matrix_t pm;
      cairo_surface_t *img = cairo_surface_reference (heat_image (l, r->theme));
      cairo_pattern_t *pat;
      int f = 1;
      double nx, ny;

      if (r->vector)
        {
          f = (int) CLAMP (4096 / MAX (l->nx, l->ny), 1, 16);
          while (f > 1 && (double) l->nx * l->ny * f * f > 16e6)
            f--;
          if (f > 1)
            {
              cairo_surface_t *big = replicate (img, f);

              cairo_surface_destroy (img);
              img = big;
            }
        }
      nx = (double) l->nx * f;
      ny = (double) l->ny * f;
      pat = cairo_pattern_create_for_surface (img);
      /* user → image: column = (u − px0)·nx/(px1 − px0), row = (v − py1)·ny/(py0 − py1) */
      cairo_matrix_init (&pm, nx / (px1 - px0), 0, 0, ny / (py0 - py1),
                         -px0 * nx / (px1 - px0), -py1 * ny / (py0 - py1));
      cairo_pattern_set_matrix (pat, &pm);
      cairo_pattern_set_filter (pat, CAIRO_FILTER_NEAREST);
      cairo_pattern_set_extend (pat, CAIRO_EXTEND_NONE);
      cairo_set_source (cr, pat);
      cairo_rectangle (cr, MIN (px0, px1), MIN (py0, py1), fabs (px1 - px0), fabs (py1 - py0));
      cairo_fill (cr);
      cairo_pattern_destroy (pat);
      cairo_surface_destroy (img);
    }
  else
    {
      double dx = (l->gx1 - l->gx0) / l->nx, dy = (l->gy1 - l->gy0) / l->ny;
      /* Neighbouring cells overlap a hair so viewers show no seams. */
      double o = r->vector ? 0.25 : 0.0;

      if (lin)
        {
          cairo_rectangle (cr, MIN (px0, px1), MIN (py0, py1), fabs (px1 - px0), fabs (py1 - py0));
          cairo_clip (cr);
        }
      for (gsize j = 0; j < l->ny; j++)
        for (gsize i = 0; i < l->nx; i++)
          {
            double a = _lab_axes_tx (ax, l->gx0 + i * dx), b = _lab_axes_tx (ax, l->gx0 + (i + 1) * dx);
            double c = _lab_axes_ty (ax, l->gy0 + j * dy), d = _lab_axes_ty (ax, l->gy0 + (j + 1) * dy);
            LabRGBA col;

            if (!cell_color (l, r->theme, j * l->nx + i, &col)
                || !isfinite (a) || !isfinite (b) || !isfinite (c) || !isfinite (d))
              continue;
            _lab_set_source (cr, col);
            cairo_rectangle (cr, MIN (a, b) - o, MIN (c, d) - o, fabs (b - a) + 2 * o, fabs (d - c) + 2 * o);
            cairo_fill (cr);
          }
    }
  cairo_restore (cr);
}

typedef struct
{
  cairo_t *cr;
  LabAxes *ax;
} FillCtx;

static void
fill_polygon_cb (const double *xy,
                 guint         n,
                 gpointer      user_data)
{
  FillCtx *f = user_data;

  cairo_move_to (f->cr, _lab_axes_tx (f->ax, xy[0]), _lab_axes_ty (f->ax, xy[1]));
  for (guint k = 1; k < n; k++)
    cairo_line_to (f->cr, _lab_axes_tx (f->ax, xy[2 * k]), _lab_axes_ty (f->ax, xy[2 * k + 1]));
  cairo_close_path (f->cr);
}

static LabRGBA
level_color (LabLayer *l,
             gsize     k)
{
  double t = l->n_levels > 1 ? (double) k / (l->n_levels - 1) : 0.5;

  return lab_colormap_eval (l->cmap, t);
}

/* Squared distance from (x, y) to the segment a–b. */
static double
segment_dist2 (double x,
               double y,
               double ax,
               double ay,
               double bx,
               double by)
{
  double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, t = 0;

  if (l2 > 0)
    t = CLAMP (((x - ax) * dx + (y - ay) * dy) / l2, 0.0, 1.0);
  dx = ax + t * dx - x;
  dy = ay + t * dy - y;
  return dx * dx + dy * dy;
}

/* The polyline @p (@n points, device pixels apart) as a path, leaving out the points that lie
 * within @tol of the chord that replaces them: marching squares put a point on every grid
 * edge crossed, a few pixels apart on a smooth curve, and Cairo's stroke costs per segment.
 * The path stays within @tol (a tenth of a pixel) of the line through every point. */
static void
simplified_path (cairo_t      *cr,
                 const double *p,
                 guint         n,
                 double        tol)
{
  guint a = 0;
  double tol2 = tol * tol;

  cairo_move_to (cr, p[0], p[1]);
  for (guint i = 2; i < n; i++)
    {
      gboolean fits = i - a <= 64;

      for (guint j = a + 1; fits && j < i; j++)
        fits = segment_dist2 (p[2 * j], p[2 * j + 1], p[2 * a], p[2 * a + 1], p[2 * i], p[2 * i + 1]) <= tol2;
      if (!fits)
        {
          a = i - 1;
          cairo_line_to (cr, p[2 * a], p[2 * a + 1]);
        }
    }
  cairo_line_to (cr, p[2 * (n - 1)], p[2 * (n - 1) + 1]);
}

static void
draw_contour (LabLayer  *l,
              LabRender *r)
{
  g_autoptr(GArray) px = NULL;
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  gboolean own_color = l->style.color.kind != LAB_COLOR_PALETTE;

  if (l->n_levels == 0 || l->nx < 2 || l->ny < 2)
    return;
  cairo_save (cr);
  _lab_layer_clip (l, r, 0);

  if (l->filled)
    {
      FillCtx f = { cr, ax };

      /* Cumulative fills of {f ≥ level}: each band paints over the last, so
       * there are no seams between bands. */
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      for (gsize k = 0; k < l->n_levels; k++)
        {
          LabRGBA c = level_color (l, k);

          c.a *= l->style.alpha;
          lab_contour_fill (l->values, l->nx, l->ny, l->gx0, l->gx1, l->gy0, l->gy1, l->levels[k],
                            fill_polygon_cb, &f);
          _lab_set_source (cr, c);
          cairo_fill (cr);
        }
    }

  /* Lines: the style's own colour if it has one, else the map's colours;
   * over filled bands a faint foreground line (LAB_COLOR_NONE: none). */
    {
      double lw = l->style.line_width;

      cairo_set_line_width (cr, lw);
      _lab_apply_dash (cr, l->style.dash, lw);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      px = g_array_new (FALSE, FALSE, sizeof (double));
      for (gsize k = 0; k < l->n_levels; k++)
        {
          GPtrArray *lines = l->contour_lines->pdata[k];
          LabRGBA c;

          if (own_color)
            c = _lab_style_rgba (r, &l->style, &l->style.color);
          else if (l->filled)
            c = _lab_rgba_alpha (r->theme->foreground, 0.28);
          else
            {
              c = level_color (l, k);
              c.a *= l->style.alpha;
            }
          if (c.a <= 0)
            continue;
          for (guint p = 0; p < lines->len; p++)
            {
              GArray *line = lines->pdata[p];
              guint m = line->len / 2;

              if (m == 0)
                continue;
              if (r->vector || m <= 2)
                for (guint q = 0; q < m; q++)
                  {
                    double x = _lab_axes_tx (ax, g_array_index (line, double, 2 * q));
                    double y = _lab_axes_ty (ax, g_array_index (line, double, 2 * q + 1));

                    if (q == 0)
                      cairo_move_to (cr, x, y);
                    else
                      cairo_line_to (cr, x, y);
                  }
              else
                {
                  if (px->len < 2 * m)
                    g_array_set_size (px, 2 * m);
                  for (guint q = 0; q < m; q++)
                    {
                      g_array_index (px, double, 2 * q) = _lab_axes_tx (ax, g_array_index (line, double, 2 * q));
                      g_array_index (px, double, 2 * q + 1) = _lab_axes_ty (ax, g_array_index (line, double, 2 * q + 1));
                    }
                  simplified_path (cr, (const double *) px->data, m, 0.1 / MAX (r->dev_scale, 1.0));
                }
            }
          _lab_set_source (cr, c);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

#define CBAR_GAP   14.0
#define CBAR_WIDTH 12.0

static guint
colorbar_ticks (LabLayer *l,
                double    length,
                double   *ticks,
                double   *step)
{
  guint target = (guint) CLAMP (floor (length / 50.0), 2, 10);

  return lab_ticks_linear (MIN (l->vmin, l->vmax), MAX (l->vmin, l->vmax), target, ticks, 32, step);
}

static double
colorbar_width (LabLayer  *l,
                LabRender *r)
{
  LabAxes *ax = l->axes;
  double ticks[32], step, maxw = 0, w, h;
  guint n;

  n = colorbar_ticks (l, MAX (ax->rh, 100), ticks, &step);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *s = lab_ticks_format (ticks[i], step);

      _lab_text_size (r, r->font_tick, s, FALSE, &w, &h);
      maxw = MAX (maxw, w);
    }
  w = CBAR_GAP + CBAR_WIDTH + 5.0 + maxw;
  if (*l->cbar_label != '\0')
    {
      double lw, lh;

      _lab_text_size (r, r->font_label, l->cbar_label, TRUE, &lw, &lh);
      w += 6.0 + lh;
    }
  return w;
}

static void
draw_colorbar (LabLayer  *l,
               LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  cairo_pattern_t *grad;
  double x, y0, y1, ticks[32], step, maxw = 0;
  LabRGBA tcol = _lab_rgba_alpha (r->theme->foreground, 0.72);
  guint n;

  x = round (ax->rx + ax->rw + CBAR_GAP);
  y0 = round (ax->ry);
  y1 = round (ax->ry + ax->rh);

  grad = cairo_pattern_create_linear (0, y1, 0, y0);
  for (int k = 0; k <= 32; k++)
    {
      LabRGBA c = lab_colormap_eval (l->cmap, k / 32.0);
      double t = k / 32.0;

      if (l->vmax < l->vmin)
        c = lab_colormap_eval (l->cmap, 1.0 - t);
      cairo_pattern_add_color_stop_rgb (grad, t, c.r, c.g, c.b);
    }
  cairo_save (cr);
  cairo_rectangle (cr, x, y0, CBAR_WIDTH, y1 - y0);
  cairo_set_source (cr, grad);
  cairo_fill (cr);
  cairo_pattern_destroy (grad);

  n = colorbar_ticks (l, ax->rh, ticks, &step);
  cairo_set_line_width (cr, 1.0);
  _lab_set_source (cr, _lab_rgba_alpha (r->theme->background, 0.9));
  for (guint i = 0; i < n; i++)
    {
      double t = norm_value (l, ticks[i]);
      double y = y1 - t * (y1 - y0);
      g_autofree char *s = lab_ticks_format (ticks[i], step);
      double w, h;

      if (t < -1e-9 || t > 1 + 1e-9)
        continue;
      _lab_text_size (r, r->font_tick, s, FALSE, &w, &h);
      maxw = MAX (maxw, w);
      /* Notches on both sides of the bar, none at its very ends. */
      y = floor (y) + 0.5;
      if (y < y0 + 2 || y > y1 - 2)
        continue;
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 3, y);
      cairo_move_to (cr, x + CBAR_WIDTH - 3, y);
      cairo_line_to (cr, x + CBAR_WIDTH, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      double t = norm_value (l, ticks[i]);
      g_autofree char *s = lab_ticks_format (ticks[i], step);

      if (t < -1e-9 || t > 1 + 1e-9)
        continue;
      _lab_text_draw (r, r->font_tick, s, FALSE, x + CBAR_WIDTH + 5.0, y1 - t * (y1 - y0), LAB_ANCHOR_WEST, 0, tcol);
    }
  if (*l->cbar_label != '\0')
    _lab_text_draw (r, r->font_label, l->cbar_label, TRUE, x + CBAR_WIDTH + 5.0 + maxw + 6.0, (y0 + y1) / 2.0,
                    LAB_ANCHOR_NORTH, -G_PI / 2.0, _lab_rgba_alpha (r->theme->foreground, 0.9));
  cairo_restore (cr);
}

static void
swatch_contour (LabLayer  *l,
                LabRender *r,
                double     x,
                double     y,
                double     w,
                double     h)
{
  cairo_t *cr = r->cr;
  LabRGBA c = _lab_style_rgba (r, &l->style, &l->style.color);
  LabRGBA lc = level_color (l, l->n_levels / 2);
  double cy = y + h / 2.0;

  if (l->filled)
    {
      cairo_rectangle (cr, x + 1, y + 1, w - 2, h - 2);
      _lab_set_source (cr, lc);
      cairo_fill (cr);
    }
  else
    {
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + w, cy);
      _lab_layer_stroke_style (l, r, l->style.color.kind != LAB_COLOR_PALETTE ? c : lc);
      cairo_stroke (cr);
    }
}

static void
sample_contour (LabLayer *l,
                GArray   *out,
                guint     max_points)
{
  LabAxes *ax = l->axes;

  for (guint k = 0; k < l->contour_lines->len; k++)
    {
      GPtrArray *lines = l->contour_lines->pdata[k];

      for (guint p = 0; p < lines->len; p++)
        {
          GArray *line = lines->pdata[p];

          for (guint q = 0; q + 1 < line->len; q += 8)
            _lab_push_px (out, _lab_axes_tx (ax, g_array_index (line, double, q)),
                          _lab_axes_ty (ax, g_array_index (line, double, q + 1)));
        }
    }
}

/* Not in legends; a colour bar when it has a cbar_label. */
const LabLayerClass _lab_layer_heatmap_class =
{
  .draw           = draw_heatmap,
  .colorbar_width = colorbar_width,
  .draw_colorbar  = draw_colorbar,
  .sticky_x       = LAB_STICKY_BOUNDS,
  .sticky_y       = LAB_STICKY_BOUNDS,
};

const LabLayerClass _lab_layer_contour_class =
{
  .draw           = draw_contour,
  .draw_swatch    = swatch_contour,
  .sample_pixels  = sample_contour,
  .sticky_x       = LAB_STICKY_BOUNDS,
  .sticky_y       = LAB_STICKY_BOUNDS,
};
