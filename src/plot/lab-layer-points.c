/* lab-layer-points.c — layer kinds scatter and marker
 *
 * Scatters above LAB_SCATTER_RASTER_THRESHOLD points become a density raster
 * written straight into an image surface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <string.h>

#include "lab-draw.h"
#include "lab-layer.h"
#include "lab-scale.h"

LabLayer *
lab_axes_add_scatter (LabAxes        *ax,
                      const char     *label,
                      const double   *x,
                      const double   *y,
                      const LabColor *colors,
                      gsize           n,
                      const LabStyle *style)
{
  LabLayer *l;

  g_return_val_if_fail (ax != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);
  l = _lab_layer_new (ax, LAB_LAYER_SCATTER, label, style, NULL);
  _lab_layer_set_xy (l, x, y, n);
  if (colors != NULL && n > 0)
    l->colors = g_memdup2 (colors, n * sizeof (LabColor));
  if (l->style.marker == LAB_MARKER_NONE)
    l->style.marker = LAB_MARKER_CIRCLE;
  return l;
}

LabLayer *
lab_axes_add_marker (LabAxes        *ax,
                     const char     *label,
                     double          x,
                     double          y,
                     const LabStyle *style)
{
  LabStyle fallback = lab_style_default (0);
  LabLayer *l;

  fallback.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  fallback.fill = fallback.color;
  fallback.marker = LAB_MARKER_CIRCLE;
  fallback.marker_size = 10;
  g_return_val_if_fail (ax != NULL, NULL);
  l = _lab_layer_new (ax, LAB_LAYER_MARKER, label, style, &fallback);
  _lab_layer_set_xy (l, &x, &y, 1);
  if (l->style.marker == LAB_MARKER_NONE)
    l->style.marker = LAB_MARKER_CIRCLE;
  return l;
}

static inline LabRGBA
point_color (LabLayer       *l,
             LabRender      *r,
             gsize           i,
             const LabColor *fallback)
{
  if (l->colors != NULL)
    return _lab_style_rgba (r, &l->style, &l->colors[i]);
  return _lab_style_rgba (r, &l->style, fallback);
}

/* Sums over a (2·rad + 1)² box of a W × H image of @nch interleaved float
 * channels, in place; @scratch holds W·nch floats and @acc W·nch doubles. */
static void
box_sum (float  *buf,
         int     W,
         int     H,
         int     nch,
         int     rad,
         float  *scratch,
         double *acc)
{
  gsize rowlen = (gsize) W * nch;
  g_autofree float *out = g_new (float, rowlen * (rad + 1));

  /* Rows: a running sum along each row. */
  for (int y = 0; y < H; y++)
    {
      float *row = buf + (gsize) y * rowlen;

      memcpy (scratch, row, rowlen * sizeof (float));
      for (int c = 0; c < nch; c++)
        {
          double a = 0;

          for (int x = 0; x < MIN (rad, W); x++)
            a += scratch[x * nch + c];
          for (int x = 0; x < W; x++)
            {
              if (x + rad < W)
                a += scratch[(x + rad) * nch + c];
              if (x - rad - 1 >= 0)
                a -= scratch[(x - rad - 1) * nch + c];
              row[x * nch + c] = (float) a;
            }
        }
    }

  /* Columns: a running sum of whole rows, written back with a delay of
   * rad + 1 rows (a ring of pending rows) so the input rows it still needs
   * are untouched. */
  memset (acc, 0, rowlen * sizeof (double));
  for (int y = 0; y < MIN (rad, H); y++)
    for (gsize i = 0; i < rowlen; i++)
      acc[i] += buf[(gsize) y * rowlen + i];
  for (int y = 0; y < H; y++)
    {
      float *slot = out + (gsize) (y % (rad + 1)) * rowlen;

      if (y + rad < H)
        {
          const float *add = buf + (gsize) (y + rad) * rowlen;

          for (gsize i = 0; i < rowlen; i++)
            acc[i] += add[i];
        }
      if (y - rad - 1 >= 0)
        {
          const float *sub = buf + (gsize) (y - rad - 1) * rowlen;

          for (gsize i = 0; i < rowlen; i++)
            acc[i] -= sub[i];
        }
      /* Row y − rad − 1 is no longer needed as input: flush its result, which
       * sits in the slot we are about to reuse. */
      if (y - rad - 1 >= 0)
        memcpy (buf + (gsize) (y - rad - 1) * rowlen, slot, rowlen * sizeof (float));
      for (gsize i = 0; i < rowlen; i++)
        slot[i] = (float) acc[i];
    }
  for (int y = MAX (0, H - rad - 1); y < H; y++)
    memcpy (buf + (gsize) y * rowlen, out + (gsize) (y % (rad + 1)) * rowlen, rowlen * sizeof (float));
}

/* A scatter too large for markers: counts per device pixel, summed over a
 * marker-sized box, mapped to alpha; colours are the mean of the points'. */
static void
draw_density (LabLayer  *l,
              LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  cairo_matrix_t m;
  double rs, ox, oy, dsx = 1.0, dsy = 1.0;
  int W, H, rad, stride, nch;
  gboolean aligned;
  g_autofree float *buf = NULL;
  cairo_surface_t *img;
  guint32 *pix;
  LabRGBA base = _lab_style_rgba (r, &l->style, &l->style.color);
  LabRGBA pal[LAB_PALETTE_SIZE];
  gboolean lin = ax->xscale == LAB_SCALE_LINEAR && ax->yscale == LAB_SCALE_LINEAR;

  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_scale (cairo_get_target (cr), &dsx, &dsy);
  /* The whole user → device pixel transform, device scale included. */
  m.xx *= dsx;
  m.x0 *= dsx;
  m.yy *= dsy;
  m.y0 *= dsy;
  aligned = !r->vector && m.xy == 0 && m.yx == 0 && m.xx > 0 && m.yy > 0;
  rs = aligned ? m.xx : 2.0 * r->dev_scale;
  if (aligned)
    {
      /* Device pixels: the raster lands exactly on the pixel grid. */
      ox = floor (ax->rx * m.xx + m.x0);
      oy = floor (ax->ry * m.yy + m.y0);
      W = (int) ceil ((ax->rx + ax->rw) * m.xx + m.x0) - (int) ox;
      H = (int) ceil ((ax->ry + ax->rh) * m.yy + m.y0) - (int) oy;
    }
  else
    {
      ox = ax->rx * rs;
      oy = ax->ry * rs;
      W = (int) ceil (ax->rw * rs);
      H = (int) ceil (ax->rh * rs);
    }
  W = CLAMP (W, 1, 8192);
  H = CLAMP (H, 1, 8192);
  nch = l->colors != NULL ? 4 : 1;   /* count[, r, g, b] interleaved */
  buf = g_new0 (float, (gsize) W * H * nch);
  for (int k = 0; k < LAB_PALETTE_SIZE; k++)
    pal[k] = r->theme->palette[k];

  {
    /* user → raster pixel */
    double sx = aligned ? m.xx : rs, sy = aligned ? m.yy : rs;
    double offx = aligned ? m.x0 - ox : -ox, offy = aligned ? m.y0 - oy : -oy;
    double xa = ax->tx_a * sx + offx, xb = ax->tx_b * sx;
    double ya = ax->ty_a * sy + offy, yb = ax->ty_b * sy;

    for (gsize i = 0; i < l->n; i++)
      {
        double px, py;
        float *p;

        if (lin)
          {
            px = xa + xb * l->x[i];
            py = ya + yb * l->y[i];
          }
        else
          {
            px = _lab_axes_tx (ax, l->x[i]) * sx + offx;
            py = _lab_axes_ty (ax, l->y[i]) * sy + offy;
          }
        if (!(px >= 0 && px < W && py >= 0 && py < H))
          continue;
        p = buf + ((gsize) (int) py * W + (int) px) * nch;
        p[0] += 1.0f;
        if (nch == 4)
          {
            const LabColor *c = &l->colors[i];
            LabRGBA rgba;

            if (c->kind == LAB_COLOR_PALETTE)
              rgba = pal[c->slot % LAB_PALETTE_SIZE];
            else if (c->kind == LAB_COLOR_EXPLICIT)
              rgba = c->rgba;
            else
              rgba = lab_theme_resolve (r->theme, c);
            p[1] += rgba.r;
            p[2] += rgba.g;
            p[3] += rgba.b;
          }
      }
  }

  /* Box sums of (2·rad + 1)² pixels: each point covers a marker-sized square. */
  rad = (int) floor (l->style.marker_size * 0.5 * rs * 0.5);
  rad = CLAMP (rad, 0, 6);
  if (rad > 0)
    {
      g_autofree float *scratch = g_new (float, (gsize) W * nch);
      g_autofree double *acc = g_new (double, (gsize) W * nch);

      box_sum (buf, W, H, nch, rad, scratch, acc);
    }

  img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, W, H);
  cairo_surface_flush (img);
  pix = (guint32 *) cairo_image_surface_get_data (img);
  stride = cairo_image_surface_get_stride (img) / 4;
  {
    /* Alpha grows with the logarithm of the count, from a faint single
     * point to opaque at the 99th percentile of the occupied pixels, so
     * both outliers and the structure of dense cores stay visible. */
    guint hist[1024] = { 0 };
    guint64 occupied = 0, seen = 0;
    double c_hi = 1, inv_log, amin = 0.22 * base.a;
    float lut[256];

    for (gsize i = 0; i < (gsize) W * H; i++)
      {
        float c = buf[i * nch];

        if (c >= 0.5f)
          {
            hist[MIN ((guint) c, 1023u)]++;
            occupied++;
          }
      }
    for (guint k = 0; k < 1024; k++)
      {
        seen += hist[k];
        if (seen >= occupied * 0.99)
          {
            c_hi = MAX (k, 1);
            break;
          }
      }
    inv_log = 1.0 / log1p (MAX (c_hi, 2.0));
    for (int k = 0; k < 256; k++)
      lut[k] = (float) MIN (base.a, amin + (base.a - amin) * log1p (k) * inv_log);

    for (int y = 0; y < H; y++)
      for (int x = 0; x < W; x++)
        {
          const float *p = buf + ((gsize) y * W + x) * nch;
          float c = p[0];
          double a, cr_, cg, cb;

          if (c < 0.5f)
            {
              pix[y * stride + x] = 0;
              continue;
            }
          a = c < 255.5f ? lut[(int) (c + 0.5f)] : MIN (base.a, amin + (base.a - amin) * log1p (c) * inv_log);
          if (nch == 4)
            {
              cr_ = p[1] / c;
              cg = p[2] / c;
              cb = p[3] / c;
            }
          else
            {
              cr_ = base.r;
              cg = base.g;
              cb = base.b;
            }
          pix[y * stride + x] = (guint32) (a * 255.0 + 0.5) << 24
                                | (guint32) (CLAMP (cr_, 0, 1) * a * 255.0 + 0.5) << 16
                                | (guint32) (CLAMP (cg, 0, 1) * a * 255.0 + 0.5) << 8
                                | (guint32) (CLAMP (cb, 0, 1) * a * 255.0 + 0.5);
        }
  }
  cairo_surface_mark_dirty (img);

  cairo_save (cr);
  _lab_layer_clip (l, r, 0);
  if (aligned)
    {
      cairo_identity_matrix (cr);
      cairo_scale (cr, 1.0 / dsx, 1.0 / dsy);
      cairo_set_source_surface (cr, img, ox, oy);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
    }
  else
    {
      cairo_matrix_t pm;

      cairo_set_source_surface (cr, img, 0, 0);
      cairo_matrix_init_scale (&pm, rs, rs);
      cairo_matrix_translate (&pm, -ox / rs, -oy / rs);
      cairo_pattern_set_matrix (cairo_get_source (cr), &pm);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
    }
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (img);
}

/* Many markers on a pixel target: each distinct colour's marker is drawn once into a small
 * image (a sprite) and composited at every point, at whole device pixels. Cairo's cost is
 * per fill and stroke call, so this draws thousands of points in a few milliseconds instead
 * of tens, and looks the same (each marker over the ones before it). FALSE (nothing drawn)
 * on a vector target or with more than 16 distinct colours. */
static gboolean
draw_scatter_sprites (LabLayer  *l,
                      LabRender *r,
                      double     x0,
                      double     x1,
                      double     y0,
                      double     y1,
                      double     fill_alpha)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  LabColor keys[16];
  cairo_surface_t *sprites[16] = { NULL };
  guint n_keys = 1;
  g_autofree guint8 *group = NULL;
  double scale = r->dev_scale > 0 ? r->dev_scale : 1.0;
  double lw = cairo_get_line_width (cr);
  /* the sprite's side in device pixels: the largest marker (a diamond, 1.2 × size) and its line */
  int side = (int) ceil ((1.25 * l->style.marker_size + lw + 2) * scale);
  double half = side / (2 * scale);
  cairo_matrix_t m;

  cairo_get_matrix (cr, &m);
  if (r->vector || m.xy != 0 || m.yx != 0 || fabs (m.xx - scale) > 1e-9 || fabs (m.yy - scale) > 1e-9)
    return FALSE;
  if (l->colors != NULL)
    {
      group = g_new (guint8, l->n);
      n_keys = 0;
      for (gsize i = 0; i < l->n; i++)
        {
          guint g;

          for (g = 0; g < n_keys; g++)
            if (memcmp (&keys[g], &l->colors[i], sizeof (LabColor)) == 0)
              break;
          if (g == n_keys)
            {
              if (n_keys == G_N_ELEMENTS (keys))
                return FALSE;
              keys[n_keys++] = l->colors[i];
            }
          group[i] = (guint8) g;
        }
    }
  for (guint g = 0; g < n_keys; g++)
    {
      LabRGBA stroke = _lab_style_rgba (r, &l->style, group != NULL ? &keys[g] : &l->style.color);
      LabRGBA fill = group != NULL ? stroke : _lab_style_rgba (r, &l->style, &l->style.fill);
      LabRender sr = *r;
      cairo_t *sc;

      if (group != NULL)
        fill.a *= fill_alpha;
      sprites[g] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, side, side);
      cairo_surface_set_device_scale (sprites[g], scale, scale);
      sc = cairo_create (sprites[g]);
      cairo_set_line_width (sc, lw);
      sr.cr = sc;
      _lab_draw_marker (&sr, &l->style, half, half, stroke, fill);
      cairo_destroy (sc);
    }
  /* Composite the sprites into one image over the plot rectangle (premultiplied OVER, whole
   * device pixels), then paint it once: a cairo call per point would cost a microsecond each. */
  {
    int cox = (int) floor (x0 * scale + m.x0), coy = (int) floor (y0 * scale + m.y0);
    int cw = (int) ceil (x1 * scale + m.x0) - cox + 1, ch = (int) ceil (y1 * scale + m.y0) - coy + 1;
    cairo_surface_t *canvas;
    guint32 *dst;
    int ds;

    if (cw <= 0 || ch <= 0 || (gint64) cw * ch > 64 * 1024 * 1024)
      {
        for (guint g = 0; g < n_keys; g++)
          cairo_surface_destroy (sprites[g]);
        return FALSE;
      }
    canvas = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cw, ch);
    cairo_surface_flush (canvas);
    dst = (guint32 *) cairo_image_surface_get_data (canvas);
    ds = cairo_image_surface_get_stride (canvas) / 4;
    for (guint g = 0; g < n_keys; g++)
      cairo_surface_flush (sprites[g]);
    for (gsize i = 0; i < l->n; i++)
      {
        double px = _lab_axes_tx (ax, l->x[i]), py = _lab_axes_ty (ax, l->y[i]);
        cairo_surface_t *sp;
        const guint32 *src;
        int ss, sx, sy;

        if (!(px >= x0 && px <= x1 && py >= y0 && py <= y1))
          continue;
        sp = sprites[group != NULL ? group[i] : 0];
        src = (const guint32 *) cairo_image_surface_get_data (sp);
        ss = cairo_image_surface_get_stride (sp) / 4;
        sx = (int) lround (px * scale + m.x0 - side / 2.0) - cox;
        sy = (int) lround (py * scale + m.y0 - side / 2.0) - coy;
        for (int v = MAX (0, -sy); v < side && sy + v < ch; v++)
          for (int u = MAX (0, -sx); u < side && sx + u < cw; u++)
            {
              guint32 a = src[v * ss + u], b, ia, out = 0;

              if (a == 0)
                continue;
              ia = 255 - (a >> 24);
              b = dst[(sy + v) * ds + sx + u];
              if (ia == 0 || b == 0)
                out = a;
              else
                for (int sh = 0; sh < 32; sh += 8)
                  {
                    /* src + dst·(255 − α)/255, the division rounded exactly */
                    guint32 t = ((b >> sh) & 0xff) * ia + 128;

                    out |= (((a >> sh) & 0xff) + ((t + (t >> 8)) >> 8)) << sh;
                  }
              dst[(sy + v) * ds + sx + u] = out;
            }
      }
    cairo_surface_mark_dirty (canvas);
    cairo_surface_set_device_scale (canvas, scale, scale);
    cairo_set_source_surface (cr, canvas, (cox - m.x0) / scale, (coy - m.y0) / scale);
    cairo_paint (cr);
    cairo_surface_destroy (canvas);
  }
  for (guint g = 0; g < n_keys; g++)
    cairo_surface_destroy (sprites[g]);
  return TRUE;
}

static void
draw_scatter (LabLayer  *l,
              LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  LabRGBA stroke = _lab_style_rgba (r, &l->style, &l->style.color);
  LabRGBA fill = _lab_style_rgba (r, &l->style, &l->style.fill);
  /* With per-point colours the fill keeps only its alpha. */
  double fill_alpha = lab_theme_resolve (r->theme, &l->style.fill).a;
  double x0 = ax->rx - l->style.marker_size, x1 = ax->rx + ax->rw + l->style.marker_size;
  double y0 = ax->ry - l->style.marker_size, y1 = ax->ry + ax->rh + l->style.marker_size;

  if (l->n == 0)
    return;
  if (l->n > LAB_SCATTER_RASTER_THRESHOLD)
    {
      draw_density (l, r);
      return;
    }

  cairo_save (cr);
  _lab_layer_clip (l, r, l->style.marker_size / 2.0 + 1.0);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, MAX (0.75, MIN (l->style.line_width * 0.6, 1.5)));
  if (l->n >= LAB_SCATTER_BATCH_THRESHOLD && draw_scatter_sprites (l, r, x0, x1, y0, y1, fill_alpha))
    {
      cairo_restore (cr);
      return;
    }
  for (gsize i = 0; i < l->n; i++)
    {
      double px = _lab_axes_tx (ax, l->x[i]), py = _lab_axes_ty (ax, l->y[i]);

      if (!(px >= x0 && px <= x1 && py >= y0 && py <= y1))
        continue;
      if (l->colors != NULL)
        {
          LabRGBA c = point_color (l, r, i, &l->style.color);

          stroke = c;
          fill = c;
          fill.a *= fill_alpha;
        }
      _lab_draw_marker (r, &l->style, px, py, stroke, fill);
    }
  cairo_restore (cr);
}

static void
draw_marker_layer (LabLayer  *l,
                   LabRender *r)
{
  LabAxes *ax = l->axes;
  cairo_t *cr = r->cr;
  double x = _lab_axes_tx (ax, l->x[0]), y = _lab_axes_ty (ax, l->y[0]);
  LabRGBA c = _lab_style_rgba (r, &l->style, &l->style.color);
  LabRGBA f = _lab_style_rgba (r, &l->style, &l->style.fill);

  if (!isfinite (x) || !isfinite (y))
    return;
  cairo_save (cr);
  _lab_layer_clip (l, r, l->style.marker_size);
  cairo_set_dash (cr, NULL, 0, 0);
  /* A halo in the background colour lifts the marker off the lines under it. */
  _lab_marker_path (cr, l->style.marker, x, y, l->style.marker_size);
  cairo_set_line_width (cr, 4.0);
  _lab_set_source (cr, _lab_rgba_alpha (r->theme->background, 0.9));
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1.5);
  _lab_draw_marker (r, &l->style, x, y, c, f);
  cairo_restore (cr);
}

static void
swatch_points (LabLayer  *l,
               LabRender *r,
               double     x,
               double     y,
               double     w,
               double     h)
{
  cairo_t *cr = r->cr;
  LabRGBA c = _lab_style_rgba (r, &l->style, &l->style.color);
  LabRGBA f = _lab_style_rgba (r, &l->style, &l->style.fill);
  LabStyle s = l->style;

  cairo_set_line_width (cr, l->kind == LAB_LAYER_MARKER ? 1.5 : MAX (0.75, MIN (l->style.line_width * 0.6, 1.5)));
  s.marker_size = MIN (s.marker_size, h * 1.2);
  if (l->kind == LAB_LAYER_SCATTER && l->colors != NULL)
    {
      c = _lab_rgba_alpha (r->theme->foreground, 0.6);
      f = _lab_rgba_alpha (r->theme->foreground, 0.2);
    }
  _lab_draw_marker (r, &s, x + w / 2.0, y + h / 2.0, c, f);
}

const LabLayerClass _lab_layer_scatter_class =
{
  .draw          = draw_scatter,
  .draw_swatch   = swatch_points,
  .sample_pixels = _lab_layer_sample_points,
  .nearest       = _lab_layer_nearest_xy,
};

const LabLayerClass _lab_layer_marker_class =
{
  .draw          = draw_marker_layer,
  .draw_swatch   = swatch_points,
  .sample_pixels = _lab_layer_sample_path,
  .nearest       = _lab_layer_nearest_xy,
};
