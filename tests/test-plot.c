/* test-plot.c — the figure toolkit: ticks, scales, decimation, contours,
 * colour maps, every layer type rendered to pixels, layout, hit tests and
 * exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "lab-colormap.h"
#include "lab-contour.h"
#include "lab-decimate.h"
#include "lab-plot-private.h"
#include "lab-figure.h"
#include "lab-theme.h"
#include "lab-ticks.h"

/* ---------------------------------------------------------------------- */
/* helpers                                                                */

static cairo_surface_t *
render (LabFigure      *fig,
        int             w,
        int             h,
        const LabTheme *theme)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cairo_t *cr = cairo_create (s);

  lab_figure_render (fig, cr, w, h, theme != NULL ? theme : lab_theme_light ());
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

static LabRGBA
pixel (cairo_surface_t *s,
       double           x,
       double           y)
{
  int ix = (int) floor (x), iy = (int) floor (y);
  guint32 p;
  LabRGBA c;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (s));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (s));
  p = ((guint32 *) (cairo_image_surface_get_data (s) + iy * cairo_image_surface_get_stride (s)))[ix];
  c.a = (p >> 24) / 255.0;
  c.r = c.a > 0 ? ((p >> 16) & 0xff) / 255.0 / c.a : 0;
  c.g = c.a > 0 ? ((p >> 8) & 0xff) / 255.0 / c.a : 0;
  c.b = c.a > 0 ? (p & 0xff) / 255.0 / c.a : 0;
  return c;
}

static gboolean
color_near (LabRGBA a,
            LabRGBA b,
            double  tol)
{
  return fabs (a.r - b.r) <= tol && fabs (a.g - b.g) <= tol && fabs (a.b - b.b) <= tol;
}

#define assert_color(got, want, tol) G_STMT_START {                                        \
    LabRGBA g_ = (got), w_ = (want);                                                        \
    if (!color_near (g_, w_, (tol)))                                                        \
      g_error ("%s:%d: colour (%.3f, %.3f, %.3f) differs from (%.3f, %.3f, %.3f)",          \
               __FILE__, __LINE__, g_.r, g_.g, g_.b, w_.r, w_.g, w_.b);                     \
  } G_STMT_END

static LabRGBA
rgba (double r,
      double g,
      double b)
{
  LabRGBA c = { r, g, b, 1.0 };

  return c;
}

/* A 1×1 figure with limits [0, 1]² and no grid, ready for pixel checks. */
static LabFigure *
unit_figure (LabAxes **ax)
{
  LabFigure *fig = lab_figure_new (1, 1);

  *ax = lab_figure_get_axes (fig, 0);
  lab_axes_set_xlim (*ax, 0, 1);
  lab_axes_set_ylim (*ax, 0, 1);
  lab_axes_set_grid (*ax, FALSE);
  return fig;
}

static LabStyle
solid (double r,
       double g,
       double b,
       double lw)
{
  LabStyle s = lab_style_default (0);

  s.color = lab_color_rgba (r, g, b, 1.0);
  s.fill = lab_color_rgba (r, g, b, 1.0);
  s.line_width = lw;
  return s;
}

static LabRGBA
at (cairo_surface_t *s,
    LabAxes         *ax,
    double           x,
    double           y)
{
  double px, py;

  lab_axes_data_to_pixel (ax, x, y, &px, &py);
  return pixel (s, px, py);
}

static char *
tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-plot-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        rm_rf (p);
      else
        g_unlink (p);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

/* ---------------------------------------------------------------------- */
/* ticks                                                                  */

static void
check_nice (const double *t,
            guint         n,
            double        lo,
            double        hi,
            double        step)
{
  double m = step / pow (10.0, floor (log10 (step) + 1e-9));

  g_assert_true (fabs (m - 1) < 1e-9 || fabs (m - 2) < 1e-9 || fabs (m - 5) < 1e-9);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (t[i], >=, lo - 1e-9 * fabs (step));
      g_assert_cmpfloat (t[i], <=, hi + 1e-9 * fabs (step));
      /* a multiple of the step */
      g_assert_cmpfloat (fabs (t[i] / step - round (t[i] / step)), <, 1e-6 + 1e-12 * fabs (t[i] / step));
      if (i > 0)
        g_assert_cmpfloat (fabs (t[i] - t[i - 1] - step), <, 1e-9 * MAX (fabs (t[i]), step));
    }
}

static void
test_ticks_linear (void)
{
  static const struct
  {
    double lo, hi;
    guint  target;
    double first, step;
    guint  count;
  } table[] = {
    { 0, 1, 6, 0, 0.2, 6 },
    { 0.0013, 0.0091, 5, 0.002, 0.002, 4 },
    { -3, 7, 6, -2, 2, 5 },
    { 1e6, 5e6, 5, 1e6, 1e6, 5 },
    { 0, 100, 11, 0, 10, 11 },
    { -1, 1, 5, -1, 0.5, 5 },
    { 7, 3, 5, 3, 1, 5 },                 /* reversed limits */
    { 1e6, 1e6 + 1e-3, 5, 1e6, 2e-4, 6 },  /* a tiny span around a large offset */
  };
  double t[64], step;

  for (guint k = 0; k < G_N_ELEMENTS (table); k++)
    {
      guint n = lab_ticks_linear (table[k].lo, table[k].hi, table[k].target, t, 64, &step);

      g_test_message ("[%g, %g] → %u ticks from %g by %g", table[k].lo, table[k].hi, n, t[0], step);
      g_assert_cmpuint (n, ==, table[k].count);
      g_assert_cmpfloat_with_epsilon (step, table[k].step, table[k].step * 1e-9);
      g_assert_cmpfloat_with_epsilon (t[0], table[k].first, fabs (table[k].step) * 1e-6);
      check_nice (t, n, MIN (table[k].lo, table[k].hi), MAX (table[k].lo, table[k].hi), step);
    }

  /* Decimal ticks are the nearest doubles: 0.6, not 0.6000000000000001. */
  lab_ticks_linear (0, 1, 6, t, 64, &step);
  g_assert_true (t[3] == 0.6);
  g_assert_true (t[1] == 0.2);

  /* Many random ranges: always nice, inside, near the target. */
  {
    GRand *rand = g_rand_new_with_seed (42);

    for (int k = 0; k < 2000; k++)
      {
        double c = g_rand_double_range (rand, -1e6, 1e6);
        double w = pow (10.0, g_rand_double_range (rand, -6, 8));
        guint target = g_rand_int_range (rand, 2, 12);
        guint n = lab_ticks_linear (c, c + w, target, t, 64, &step);

        g_assert_cmpuint (n, >=, 2);
        g_assert_cmpuint (n, <=, 2 * target + 2);
        check_nice (t, n, c, c + w, step);
      }
    g_rand_free (rand);
  }

  /* Degenerate and invalid ranges. */
  g_assert_cmpuint (lab_ticks_linear (3, 3, 5, t, 64, &step), ==, 1);
  g_assert_cmpfloat (t[0], ==, 3);
  g_assert_cmpuint (lab_ticks_linear (NAN, 3, 5, t, 64, &step), ==, 0);
  g_assert_cmpuint (lab_ticks_linear (0, INFINITY, 5, t, 64, &step), ==, 0);
  /* max_ticks is respected */
  g_assert_cmpuint (lab_ticks_linear (0, 1, 50, t, 4, &step), <=, 4);
}

static void
test_ticks_log (void)
{
  double t[64];
  guint n;

  n = lab_ticks_log (1, 1e6, 7, t, 64);
  g_assert_cmpuint (n, ==, 7);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (t[i], pow (10.0, i), pow (10.0, i) * 1e-12);

  /* Many decades: every k-th decade. */
  n = lab_ticks_log (1e-12, 1e12, 6, t, 64);
  g_assert_cmpuint (n, >=, 4);
  g_assert_cmpuint (n, <=, 9);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat (fabs (log10 (t[i]) - round (log10 (t[i]))), <, 1e-9);

  /* Short ranges: 1, 2, 5 within the decades. */
  n = lab_ticks_log (1, 100, 8, t, 64);
  g_assert_cmpuint (n, ==, 7);
  g_assert_cmpfloat_with_epsilon (t[1], 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (t[2], 5.0, 1e-12);

  /* Less than a decade: ordinary nice ticks, all inside. */
  n = lab_ticks_log (2, 8, 5, t, 64);
  g_assert_cmpuint (n, >=, 2);
  for (guint i = 0; i < n; i++)
    g_assert_true (t[i] >= 2 && t[i] <= 8);

  g_assert_cmpuint (lab_ticks_log (0, 10, 5, t, 64), ==, 0);
  g_assert_cmpuint (lab_ticks_log (-1, 10, 5, t, 64), ==, 0);
}

static void
test_ticks_format (void)
{
  static const struct { double v, step; const char *want; } table[] = {
    { 0.25, 0.05, "0.25" },
    { 0.2, 0.2, "0.2" },
    { 1.0, 0.2, "1.0" },
    { -1.5, 0.5, "−1.5" },
    { 0.0, 0.2, "0" },
    { 1e-17, 0.2, "0" },
    { -0.0, 1, "0" },
    { 42, 1, "42" },
    { 0.002, 0.002, "0.002" },
    { 1.5e-7, 5e-8, "1.5×10⁻⁷" },
    { 1e-5, 1e-5, "10⁻⁵" },
    { -2e-6, 1e-6, "−2×10⁻⁶" },
    { 2e6, 1e6, "2M" },
    { 2.5e6, 5e5, "2.5M" },
    { 150000, 50000, "150k" },
    { 3e9, 1e9, "3G" },
    { 1e20, 1e20, "10²⁰" },
    { 20000, 5000, "20000" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (table); k++)
    {
      g_autofree char *s = lab_ticks_format (table[k].v, table[k].step);

      g_test_message ("%g (step %g) → %s", table[k].v, table[k].step, s);
      g_assert_cmpstr (s, ==, table[k].want);
      g_assert_true (g_utf8_validate (s, -1, NULL));
    }

  /* One axis agrees on its unit: 0.8M next to 1.0M, never 800k next to 1M. */
  {
    g_autofree char *a = _lab_ticks_format_axis (8e5, 1e5, 1e6, FALSE);
    g_autofree char *b = _lab_ticks_format_axis (1e6, 1e5, 1e6, FALSE);

    g_assert_cmpstr (a, ==, "0.8M");
    g_assert_cmpstr (b, ==, "1.0M");
  }
  {
    g_autofree char *nan = lab_ticks_format (NAN, 1);
    g_autofree char *inf = lab_ticks_format (-INFINITY, 1);

    g_assert_cmpstr (nan, ==, "NaN");
    g_assert_cmpstr (inf, ==, "−∞");
  }
}

/* ---------------------------------------------------------------------- */
/* scales                                                                 */

static void
check_roundtrip (LabAxes *ax,
                 double   rel_tol)
{
  double rx, ry, rw, rh;
  GRand *rand = g_rand_new_with_seed (7);

  lab_axes_get_rect (ax, &rx, &ry, &rw, &rh);
  g_assert_cmpfloat (rw, >, 50);
  g_assert_cmpfloat (rh, >, 50);
  for (int k = 0; k < 1000; k++)
    {
      double px = g_rand_double_range (rand, rx, rx + rw), py = g_rand_double_range (rand, ry, ry + rh);
      double x, y, qx, qy, x2, y2;

      lab_axes_pixel_to_data (ax, px, py, &x, &y);
      lab_axes_data_to_pixel (ax, x, y, &qx, &qy);
      g_assert_cmpfloat_with_epsilon (qx, px, 1e-9 * (1 + fabs (px)));
      g_assert_cmpfloat_with_epsilon (qy, py, 1e-9 * (1 + fabs (py)));
      lab_axes_pixel_to_data (ax, qx, qy, &x2, &y2);
      g_assert_cmpfloat (fabs (x2 - x), <=, rel_tol * (1 + fabs (x)));
      g_assert_cmpfloat (fabs (y2 - y), <=, rel_tol * (1 + fabs (y)));
    }
  g_rand_free (rand);
}

static void
test_scale_linear (void)
{
  g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  cairo_surface_t *s;
  double px, py, rx, ry, rw, rh;

  lab_axes_set_xlim (ax, -3, 7);
  lab_axes_set_ylim (ax, 100, 200);
  s = render (fig, 640, 480, NULL);
  check_roundtrip (ax, 1e-12);

  /* The limits sit on the rectangle's edges, y upwards. */
  lab_axes_get_rect (ax, &rx, &ry, &rw, &rh);
  lab_axes_data_to_pixel (ax, -3, 100, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, rx, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, ry + rh, 1e-9);
  lab_axes_data_to_pixel (ax, 7, 200, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, rx + rw, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, ry, 1e-9);
  cairo_surface_destroy (s);

  /* Inverted limits flip the direction. */
  lab_axes_set_ylim (ax, 200, 100);
  s = render (fig, 640, 480, NULL);
  lab_axes_data_to_pixel (ax, 0, 200, &px, &py);
  g_assert_cmpfloat_with_epsilon (py, ry + rh, 1e-6);
  check_roundtrip (ax, 1e-12);
  cairo_surface_destroy (s);
}

static void
test_scale_log (void)
{
  g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  cairo_surface_t *s;
  double p1, p10, p100, py, x, y;

  lab_axes_set_xscale (ax, LAB_SCALE_LOG);
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  lab_axes_set_xlim (ax, 1e-3, 1e3);
  lab_axes_set_ylim (ax, 1, 1e6);
  s = render (fig, 640, 480, NULL);
  check_roundtrip (ax, 1e-9);

  /* Decades are equally spaced. */
  lab_axes_data_to_pixel (ax, 1, 1, &p1, &py);
  lab_axes_data_to_pixel (ax, 10, 1, &p10, &py);
  lab_axes_data_to_pixel (ax, 100, 1, &p100, &py);
  g_assert_cmpfloat_with_epsilon (p10 - p1, p100 - p10, 1e-9);

  lab_axes_data_to_pixel (ax, 31.6, 4.2e4, &p1, &py);
  lab_axes_pixel_to_data (ax, p1, py, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 31.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 4.2e4, 1e-6);
  cairo_surface_destroy (s);
}

static void
test_limits_auto (void)
{
  g_autoptr(LabFigure) fig = lab_figure_new (1, 3);
  LabAxes *a = lab_figure_get_axes (fig, 0), *b = lab_figure_get_axes (fig, 1), *c = lab_figure_get_axes (fig, 2);
  double x[3] = { 0, 5, 10 }, y[3] = { 0, 5, 10 }, edges[3] = { 0, 1, 2 }, h[2] = { 4, 10 };
  double lo, hi;
  double ly[3] = { -5, 10, 1000 }, lx[3] = { 1, 10, 100 };
  double grid[4] = { 1, 2, 3, 4 };

  /* Lines: 5 % margins. */
  lab_axes_add_line (a, NULL, x, y, 3, NULL);
  lab_axes_get_xlim (a, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, -0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (hi, 10.5, 1e-12);

  /* Bars stick to 0; heatmaps to their extent. */
  lab_axes_add_bars (b, NULL, edges, h, 2, NULL);
  lab_axes_get_ylim (b, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (hi, 10.5, 1e-12);
  lab_axes_get_xlim (b, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.0);
  g_assert_cmpfloat (hi, ==, 2.0);

  lab_axes_add_heatmap (c, grid, 2, 2, -1, 1, 5, 6, LAB_COLORMAP_VIRIDIS, NAN, NAN, NULL);
  lab_axes_get_xlim (c, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -1.0);
  g_assert_cmpfloat (hi, ==, 1.0);

  /* One fixed end. */
  lab_axes_set_ylim (a, 0, NAN);
  lab_axes_get_ylim (a, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (hi, 10.5, 1e-12);

  /* Log axes autoscale over positive data only. */
  {
    g_autoptr(LabFigure) f2 = lab_figure_new (1, 1);
    LabAxes *l = lab_figure_get_axes (f2, 0);

    lab_axes_add_line (l, NULL, lx, ly, 3, NULL);
    lab_axes_set_yscale (l, LAB_SCALE_LOG);
    lab_axes_get_ylim (l, &lo, &hi);
    g_assert_cmpfloat (lo, >, 0);
    g_assert_cmpfloat (lo, <, 10);
    g_assert_cmpfloat (hi, >, 1000);
    g_assert_cmpfloat (hi, <, 2000);
  }

  /* No data: [0, 1]. */
  {
    g_autoptr(LabFigure) f3 = lab_figure_new (1, 1);

    lab_axes_get_xlim (lab_figure_get_axes (f3, 0), &lo, &hi);
    g_assert_cmpfloat (lo, <=, 0);
    g_assert_cmpfloat (hi, >=, 1);
  }
}

static void
test_view (void)
{
  g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  double x[2] = { 0, 10 }, y[2] = { 0, 10 }, lo, hi;
  cairo_surface_t *s;

  lab_axes_add_line (ax, NULL, x, y, 2, NULL);
  g_assert_false (lab_axes_has_view (ax));
  lab_axes_set_view (ax, 2, 4, 1, 3);
  g_assert_true (lab_axes_has_view (ax));
  s = render (fig, 400, 300, NULL);
  lab_axes_get_xlim (ax, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 2);
  g_assert_cmpfloat (hi, ==, 4);
  lab_axes_get_ylim (ax, &lo, &hi);
  g_assert_cmpfloat (lo, ==, 1);
  g_assert_cmpfloat (hi, ==, 3);
  cairo_surface_destroy (s);

  lab_axes_set_view (ax, NAN, NAN, NAN, NAN);
  g_assert_false (lab_axes_has_view (ax));
  s = render (fig, 400, 300, NULL);
  lab_axes_get_xlim (ax, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo, -0.5, 1e-12);
  cairo_surface_destroy (s);
}

/* ---------------------------------------------------------------------- */
/* decimation                                                             */

static void
test_decimate_extremes (void)
{
  gsize n = 1000000;
  g_autofree double *px = g_new (double, n);
  g_autofree double *py = g_new (double, n);
  g_autofree double *ox = g_new (double, 4 * n + 1);
  g_autofree double *oy = g_new (double, 4 * n + 1);
  g_autofree double *cmin = g_new (double, 1001);
  g_autofree double *cmax = g_new (double, 1001);
  g_autofree gboolean *seen_min = g_new0 (gboolean, 1001);
  g_autofree gboolean *seen_max = g_new0 (gboolean, 1001);
  GRand *rand = g_rand_new_with_seed (3);
  gsize m;

  for (int c = 0; c <= 1000; c++)
    {
      cmin[c] = HUGE_VAL;
      cmax[c] = -HUGE_VAL;
    }
  for (gsize i = 0; i < n; i++)
    {
      px[i] = i * 1000.0 / n;
      py[i] = 400 + 100 * sin (i * 1e-5) + g_rand_double_range (rand, -20, 20);
      if (i % 99991 == 17)
        py[i] = g_rand_boolean (rand) ? -5000 : 5000;   /* spikes */
    }
  for (gsize i = 0; i < n; i++)
    {
      int c = (int) floor (px[i]);

      cmin[c] = MIN (cmin[c], py[i]);
      cmax[c] = MAX (cmax[c], py[i]);
    }

  m = _lab_decimate (px, py, n, 1.0, ox, oy);
  g_test_message ("1e6 points → %" G_GSIZE_FORMAT, m);
  g_assert_cmpuint (m, <=, 4 * 1001);
  g_assert_cmpuint (m, >=, 2 * 1000);

  for (gsize k = 0; k < m; k++)
    {
      int c = (int) floor (ox[k]);

      g_assert_cmpint (c, >=, 0);
      g_assert_cmpint (c, <=, 1000);
      g_assert_cmpfloat (oy[k], >=, cmin[c]);
      g_assert_cmpfloat (oy[k], <=, cmax[c]);
      if (oy[k] == cmin[c])
        seen_min[c] = TRUE;
      if (oy[k] == cmax[c])
        seen_max[c] = TRUE;
      /* order is kept: x never goes back */
      if (k > 0)
        g_assert_cmpfloat (ox[k], >=, ox[k - 1]);
    }
  for (int c = 0; c < 1000; c++)
    {
      g_assert_true (seen_min[c]);
      g_assert_true (seen_max[c]);
    }
  /* The first and last points survive. */
  g_assert_cmpfloat (ox[0], ==, px[0]);
  g_assert_cmpfloat (oy[m - 1], ==, py[n - 1]);

  /* NaN breaks the line. */
  {
    double x[5] = { 0, 1, NAN, 3, 4 }, y[5] = { 0, 1, 2, 3, 4 };

    m = _lab_decimate (x, y, 5, 0.5, ox, oy);
    g_assert_cmpuint (m, ==, 5);
    g_assert_true (isnan (ox[2]));
  }
  g_rand_free (rand);
}

static void
test_decimate_render_spike (void)
{
  gsize n = 1000000, spike = 500000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  LabAxes *ax;
  g_autoptr(LabFigure) fig = unit_figure (&ax);
  LabStyle st = solid (1, 0, 0, 1.0);
  cairo_surface_t *s;
  double px, py, py0;
  gboolean hit = FALSE;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = i / (double) n;
      y[i] = 0.1;
    }
  y[spike] = 0.9;
  lab_axes_add_line (ax, "flat", x, y, n, &st);
  s = render (fig, 800, 600, NULL);

  /* The one-sample spike still reaches 0.9: a red pixel near its tip. */
  lab_axes_data_to_pixel (ax, x[spike], 0.85, &px, &py);
  lab_axes_data_to_pixel (ax, x[spike], 0.1, &px, &py0);
  for (int dx = -2; dx <= 2; dx++)
    if (color_near (pixel (s, px + dx, py), rgba (1, 0, 0), 0.35))
      hit = TRUE;
  g_assert_true (hit);
  /* …and the flat part is drawn. */
  assert_color (at (s, ax, 0.25, 0.1), rgba (1, 0, 0), 0.3);
  cairo_surface_destroy (s);
}

/* ---------------------------------------------------------------------- */
/* contours                                                               */

static double *
radial_grid (gsize   n,
             double  lo,
             double  hi)
{
  double *v = g_new (double, n * n);
  double d = (hi - lo) / n;

  for (gsize j = 0; j < n; j++)
    for (gsize i = 0; i < n; i++)
      {
        double x = lo + (i + 0.5) * d, y = lo + (j + 0.5) * d;

        v[j * n + i] = x * x + y * y;
      }
  return v;
}

static void
test_contour_circle (void)
{
  gsize n = 101;
  g_autofree double *v = radial_grid (n, -2, 2);
  double h = 4.0 / n;

  for (double r = 0.5; r <= 1.6; r += 0.55)
    {
      g_autoptr(GPtrArray) lines = lab_contour_lines (v, n, n, -2, 2, -2, 2, r * r);
      GArray *line;
      double len = 0;

      g_assert_cmpuint (lines->len, ==, 1);
      line = lines->pdata[0];
      g_assert_cmpuint (line->len, >=, 40);
      for (guint k = 0; k + 1 < line->len; k += 2)
        {
          double x = g_array_index (line, double, k), y = g_array_index (line, double, k + 1);

          /* linear interpolation of x² + y² along an edge errs by ≤ h²/4 in r² */
          g_assert_cmpfloat (fabs (hypot (x, y) - r), <, h * h / (2 * r) + 1e-9);
          if (k >= 2)
            len += hypot (x - g_array_index (line, double, k - 2), y - g_array_index (line, double, k - 1));
        }
      /* closed: the first point is repeated */
      g_assert_cmpfloat (g_array_index (line, double, 0), ==, g_array_index (line, double, line->len - 2));
      g_assert_cmpfloat (g_array_index (line, double, 1), ==, g_array_index (line, double, line->len - 1));
      g_assert_cmpfloat (fabs (len - 2 * G_PI * r), <, 0.01 * 2 * G_PI * r);
    }

  /* A level outside the data gives nothing. */
  {
    g_autoptr(GPtrArray) none = lab_contour_lines (v, n, n, -2, 2, -2, 2, 100.0);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
sum_area (const double *xy,
          guint         n,
          gpointer      user_data)
{
  double *area = user_data;
  double a = 0;

  for (guint k = 0; k < n; k++)
    {
      guint k2 = (k + 1) % n;

      a += xy[2 * k] * xy[2 * k2 + 1] - xy[2 * k2] * xy[2 * k + 1];
    }
  /* counter-clockwise: positive */
  g_assert_cmpfloat (a, >=, -1e-12);
  *area += a / 2;
}

static void
test_contour_fill_area (void)
{
  gsize n = 201;
  g_autofree double *v = radial_grid (n, -2, 2);
  double h = 4.0 / n, side = 4.0 - h;   /* grid points span centre to centre */
  double area = 0;

  lab_contour_fill (v, n, n, -2, 2, -2, 2, 1.0, sum_area, &area);
  g_assert_cmpfloat (fabs (area - (side * side - G_PI)), <, 2e-3);

  area = 0;
  lab_contour_fill (v, n, n, -2, 2, -2, 2, -1.0, sum_area, &area);
  g_assert_cmpfloat_with_epsilon (area, side * side, 1e-9);
}

static void
test_contour_saddle (void)
{
  /* 1 0
   * 0 1 (row 0 at the bottom: bl = 0? no — values[0] is bottom-left) */
  double high_centre[4] = { 1, 0, 0, 1 };   /* bl=1 br=0 tl=0 tr=1, mean 0.5 ≥ 0.5 */
  double low_centre[4] = { 1, 0, 0, 1 };
  double area_joined = 0, area_split = 0;

  {
    g_autoptr(GPtrArray) lines = lab_contour_lines (high_centre, 2, 2, 0, 2, 0, 2, 0.5);

    /* two separate segments cutting off the low corners br and tl */
    g_assert_cmpuint (lines->len, ==, 2);
    for (guint k = 0; k < lines->len; k++)
      {
        GArray *line = lines->pdata[k];
        double mx = (g_array_index (line, double, 0) + g_array_index (line, double, 2)) / 2;
        double my = (g_array_index (line, double, 1) + g_array_index (line, double, 3)) / 2;

        /* midpoints towards br (1.5, 0.5) or tl (0.5, 1.5) */
        g_assert_true ((mx > 1 && my < 1) || (mx < 1 && my > 1));
      }
  }
  lab_contour_fill (high_centre, 2, 2, 0, 2, 0, 2, 0.5, sum_area, &area_joined);
  /* slightly above the centre value: the high corners separate */
  lab_contour_fill (low_centre, 2, 2, 0, 2, 0, 2, 0.55, sum_area, &area_split);
  g_assert_cmpfloat (area_joined, >, 0.5);      /* hexagon: 1 − 2·(½·½·½) = 0.75 */
  g_assert_cmpfloat_with_epsilon (area_joined, 0.75, 1e-9);
  g_assert_cmpfloat (area_split, <, 0.5);       /* two corner triangles */
  {
    g_autoptr(GPtrArray) lines = lab_contour_lines (low_centre, 2, 2, 0, 2, 0, 2, 0.55);

    g_assert_cmpuint (lines->len, ==, 2);
    for (guint k = 0; k < lines->len; k++)
      {
        GArray *line = lines->pdata[k];
        double mx = (g_array_index (line, double, 0) + g_array_index (line, double, 2)) / 2;
        double my = (g_array_index (line, double, 1) + g_array_index (line, double, 3)) / 2;

        /* midpoints towards bl (0.5, 0.5) or tr (1.5, 1.5) */
        g_assert_true ((mx < 1 && my < 1) || (mx > 1 && my > 1));
      }
  }
}

/* ---------------------------------------------------------------------- */
/* colour maps and themes                                                 */

static LabRGBA
hex (guint32 h)
{
  return rgba ((h >> 16 & 0xff) / 255.0, (h >> 8 & 0xff) / 255.0, (h & 0xff) / 255.0);
}

static double
luma (LabRGBA c)
{
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

static void
test_colormap_endpoints (void)
{
  double tol = 2.5 / 255;

  assert_color (lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 0), hex (0x440154), tol);
  assert_color (lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 1), hex (0xfde725), tol);
  assert_color (lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 0.5), hex (0x21918c), tol);
  assert_color (lab_colormap_eval (LAB_COLORMAP_MAGMA, 0), hex (0x000004), tol);
  assert_color (lab_colormap_eval (LAB_COLORMAP_MAGMA, 1), hex (0xfcfdbf), tol);
  assert_color (lab_colormap_eval (LAB_COLORMAP_MAGMA, 0.5), hex (0xb73779), tol);

  /* Clamped outside [0, 1]; NaN is transparent. */
  assert_color (lab_colormap_eval (LAB_COLORMAP_VIRIDIS, -3), hex (0x440154), tol);
  assert_color (lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 7), hex (0xfde725), tol);
  g_assert_cmpfloat (lab_colormap_eval (LAB_COLORMAP_VIRIDIS, NAN).a, ==, 0.0);
  g_assert_cmpfloat (lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 0.3).a, ==, 1.0);

  /* Sequential maps get lighter monotonically; the diverging one is
   * lightest in the middle, blue below and red above. */
  for (int id = 0; id < 4; id++)
    {
      double prev = -1;

      for (int k = 0; k <= 100; k++)
        {
          LabRGBA c = lab_colormap_eval (id, k / 100.0);
          double y = luma (c);

          g_assert_true (c.r >= 0 && c.r <= 1 && c.g >= 0 && c.g <= 1 && c.b >= 0 && c.b <= 1);
          if (id == LAB_COLORMAP_VIRIDIS || id == LAB_COLORMAP_MAGMA)
            g_assert_cmpfloat (y, >=, prev - 1e-3);
          else if (id == LAB_COLORMAP_BLUES)
            g_assert_cmpfloat (y, <=, prev < 0 ? 1 : prev + 1e-3);
          prev = y;
        }
    }
  {
    LabRGBA lo = lab_colormap_eval (LAB_COLORMAP_DIVERGING, 0);
    LabRGBA mid = lab_colormap_eval (LAB_COLORMAP_DIVERGING, 0.5);
    LabRGBA hi = lab_colormap_eval (LAB_COLORMAP_DIVERGING, 1);

    g_assert_cmpfloat (lo.b, >, lo.r);
    g_assert_cmpfloat (hi.r, >, hi.b);
    g_assert_cmpfloat (luma (mid), >, 0.85);
    g_assert_cmpfloat (fabs (mid.r - mid.b), <, 0.03);
    g_assert_cmpfloat (fabs (luma (lo) - luma (hi)), <, 0.12);
  }
}

static void
test_theme_resolve (void)
{
  const LabTheme *light = lab_theme_light (), *dark = lab_theme_dark ();
  LabColor c = lab_color_palette (9);
  LabRGBA out;
  LabRGBA accent = { 1, 0, 0.5, 1 };
  LabTheme *custom;

  /* Slots wrap around the palette. */
  out = lab_theme_resolve (light, &c);
  assert_color (out, light->palette[1], 1e-12);
  g_assert_cmpfloat (out.a, ==, 1.0);

  c = lab_color_palette_alpha (2, 0.25);
  out = lab_theme_resolve (dark, &c);
  assert_color (out, dark->palette[2], 1e-12);
  g_assert_cmpfloat (out.a, ==, 0.25);

  c = lab_color_semantic (LAB_COLOR_MUTED, 1);
  out = lab_theme_resolve (light, &c);
  assert_color (out, light->muted, 1e-12);
  g_assert_cmpfloat (out.a, ==, 1.0);

  c = lab_color_rgba (0.1, 0.2, 0.3, 0.4);
  out = lab_theme_resolve (dark, &c);
  assert_color (out, rgba (0.1, 0.2, 0.3), 1e-12);
  g_assert_cmpfloat (out.a, ==, 0.4);

  c = lab_color_semantic (LAB_COLOR_NONE, 1);
  g_assert_cmpfloat (lab_theme_resolve (light, &c).a, ==, 0.0);

  /* A zeroed LabColor is opaque palette slot 0; an alpha of 0 given to a
   * constructor is transparent (an invisible outline). */
  {
    LabColor zero = { 0 };

    out = lab_theme_resolve (light, &zero);
    assert_color (out, light->palette[0], 1e-12);
    g_assert_cmpfloat (out.a, ==, 1.0);
  }
  c = lab_color_palette_alpha (3, 0.0);
  g_assert_cmpfloat (lab_theme_resolve (light, &c).a, ==, 0.0);
  c = lab_color_semantic (LAB_COLOR_ACCENT, 0.0);
  g_assert_cmpfloat (lab_theme_resolve (light, &c).a, ==, 0.0);
  c = lab_color_rgba (1, 1, 1, 0.0);
  g_assert_cmpfloat (lab_theme_resolve (light, &c).a, ==, 0.0);

  custom = lab_theme_copy_with_accent (dark, &accent);
  c = lab_color_semantic (LAB_COLOR_ACCENT, 1);
  assert_color (lab_theme_resolve (custom, &c), rgba (1, 0, 0.5), 1e-12);
  g_assert_true (custom->dark);
  lab_theme_free (custom);

  /* The dark palette reads on the dark background: every colour is well
   * lighter than it. */
  for (int k = 0; k < LAB_PALETTE_SIZE; k++)
    g_assert_cmpfloat (luma (dark->palette[k]), >, luma (dark->background) + 0.25);
  g_assert_true (luma (light->foreground) < 0.2 && luma (dark->foreground) > 0.8);
}

/* ---------------------------------------------------------------------- */
/* rendering every layer type                                             */

static void
test_render_hline_vline_abline (void)
{
  LabAxes *ax;
  g_autoptr(LabFigure) fig = unit_figure (&ax);
  LabStyle red = solid (1, 0, 0, 3), green = solid (0, 0.8, 0, 3), blue = solid (0, 0, 1, 3);
  cairo_surface_t *s;
  double rx, ry, rw, rh, px, py;

  lab_axes_add_hline (ax, NULL, 0.5, &red);
  lab_axes_add_vline (ax, NULL, 0.25, &green);
  lab_axes_add_abline (ax, NULL, 0, 0.8, -1, &blue);   /* y = 0.8 − x */
  s = render (fig, 400, 300, NULL);
  lab_axes_get_rect (ax, &rx, &ry, &rw, &rh);

  assert_color (at (s, ax, 0.75, 0.5), rgba (1, 0, 0), 0.05);
  assert_color (at (s, ax, 0.95, 0.5), rgba (1, 0, 0), 0.05);
  assert_color (at (s, ax, 0.25, 0.9), rgba (0, 0.8, 0), 0.05);
  assert_color (at (s, ax, 0.6, 0.2), rgba (0, 0, 1), 0.1);
  assert_color (at (s, ax, 0.75, 0.75), rgba (1, 1, 1), 0.02);

  /* Clipped to the axes: nothing beyond the right edge of the plot. */
  lab_axes_data_to_pixel (ax, 1, 0.5, &px, &py);
  assert_color (pixel (s, px + 6, py), rgba (1, 1, 1), 0.02);
  /* the abline leaves the plot at x = 0.8 (y = 0); below the plot is no blue */
  lab_axes_data_to_pixel (ax, 0.85, -0.05, &px, &py);
  g_assert_false (color_near (pixel (s, px, py + 4), rgba (0, 0, 1), 0.3));
  cairo_surface_destroy (s);
}

static void
test_render_line_step_band (void)
{
  LabAxes *ax;
  g_autoptr(LabFigure) fig = unit_figure (&ax);
  double lx[2] = { 0, 1 }, ly[2] = { 0, 1 };
  double sx[3] = { 0, 0.5, 1 }, sy[3] = { 0.1, 0.3, 0.3 };
  double bx[2] = { 0, 1 }, blo[2] = { 0.6, 0.6 }, bhi[2] = { 0.9, 0.9 };
  LabStyle red = solid (1, 0, 0, 3), blue = solid (0, 0, 1, 3), grey = solid (0.5, 0.5, 0.5, 1);
  cairo_surface_t *s;

  lab_axes_add_band (ax, "band", bx, blo, bhi, 2, &grey);
  lab_axes_add_line (ax, "line", lx, ly, 2, &red);
  lab_axes_add_step (ax, "step", sx, sy, 3, &blue);
  s = render (fig, 400, 300, NULL);

  assert_color (at (s, ax, 0.3, 0.3), rgba (1, 0, 0), 0.1);          /* on the diagonal */
  assert_color (at (s, ax, 0.25, 0.1), rgba (0, 0, 1), 0.05);        /* step holds 0.1 up to 0.5 */
  assert_color (at (s, ax, 0.75, 0.3), rgba (0, 0, 1), 0.05);        /* then 0.3 */
  assert_color (at (s, ax, 0.25, 0.3), rgba (1, 1, 1), 0.02);        /* not before */
  assert_color (at (s, ax, 0.2, 0.75), rgba (0.5, 0.5, 0.5), 0.02);  /* inside the band */
  assert_color (at (s, ax, 0.2, 0.95), rgba (1, 1, 1), 0.02);        /* above it */
  cairo_surface_destroy (s);
}

static void
test_render_scatter (void)
{
  LabAxes *ax;
  g_autoptr(LabFigure) fig = unit_figure (&ax);
  double x[3] = { 0.2, 0.5, 0.8 }, y[3] = { 0.2, 0.5, 0.8 };
  LabColor colors[3];
  LabStyle st = lab_style_default (0);
  cairo_surface_t *s;

  colors[0] = lab_color_rgba (1, 0, 0, 1);
  colors[1] = lab_color_rgba (0, 0, 1, 1);
  colors[2] = lab_color_palette (2);
  st.fill = lab_color_palette (0);   /* opaque marker fill */
  st.marker_size = 12;
  lab_axes_add_scatter (ax, "points", x, y, colors, 3, &st);
  s = render (fig, 400, 300, NULL);

  assert_color (at (s, ax, 0.2, 0.2), rgba (1, 0, 0), 0.05);
  assert_color (at (s, ax, 0.5, 0.5), rgba (0, 0, 1), 0.05);
  assert_color (at (s, ax, 0.8, 0.8), lab_theme_light ()->palette[2], 0.05);
  assert_color (at (s, ax, 0.35, 0.35), rgba (1, 1, 1), 0.02);
  cairo_surface_destroy (s);
}

/* Hundreds of markers are copied from sprites: the same colours at the same places as
 * marker-by-marker drawing, at device scales 1 and 2 */
static void
test_render_scatter_sprites (void)
{
  gsize n = 2 * LAB_SCATTER_BATCH_THRESHOLD;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n);
  g_autofree LabColor *colors = g_new (LabColor, n);
  LabStyle st = lab_style_default (0);

  for (gsize i = 0; i < n; i++)
    {
      /* a row of red markers at y = 0.25, blue ones at y = 0.75; the last one green */
      x[i] = 0.05 + 0.9 * (i / 2) / (n / 2.0);
      y[i] = i % 2 ? 0.75 : 0.25;
      colors[i] = i % 2 ? lab_color_rgba (0, 0, 1, 1) : lab_color_rgba (1, 0, 0, 1);
    }
  x[n - 1] = 0.5;
  y[n - 1] = 0.5;
  colors[n - 1] = lab_color_rgba (0, 0.6, 0, 1);
  st.fill = lab_color_palette (0);
  st.marker_size = 10;
  for (int scale = 1; scale <= 2; scale++)
    {
      LabAxes *ax;
      g_autoptr(LabFigure) fig = unit_figure (&ax);
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400 * scale, 300 * scale);
      cairo_t *cr = cairo_create (s);
      double px, py;

      lab_axes_add_scatter (ax, "points", x, y, colors, n, &st);
      cairo_scale (cr, scale, scale);
      lab_figure_render (fig, cr, 400, 300, lab_theme_light ());
      cairo_destroy (cr);
      cairo_surface_flush (s);
      lab_axes_data_to_pixel (ax, 0.5, 0.5, &px, &py);
      assert_color (pixel (s, px * scale, py * scale), rgba (0, 0.6, 0), 0.05);
      lab_axes_data_to_pixel (ax, x[n / 2], 0.25, &px, &py);
      assert_color (pixel (s, px * scale, py * scale), rgba (1, 0, 0), 0.05);
      lab_axes_data_to_pixel (ax, x[n / 2 + 1], 0.75, &px, &py);
      assert_color (pixel (s, px * scale, py * scale), rgba (0, 0, 1), 0.05);
      lab_axes_data_to_pixel (ax, 0.5, 0.4, &px, &py);
      assert_color (pixel (s, px * scale, py * scale), rgba (1, 1, 1), 0.02);
      cairo_surface_destroy (s);
    }
}

static void
test_render_scatter_density (void)
{
  LabAxes *ax;
  g_autoptr(LabFigure) fig = unit_figure (&ax);
  gsize n = 200000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  LabStyle red = solid (1, 0, 0, 1);
  GRand *rand = g_rand_new_with_seed (5);
  cairo_surface_t *s;

  g_assert_cmpuint (n, >, LAB_SCATTER_RASTER_THRESHOLD);
  /* Half the points in one spot, the rest spread over the left half. */
  for (gsize i = 0; i < n; i++)
    {
      x[i] = i % 2 ? 0.25 : g_rand_double_range (rand, 0.05, 0.45);
      y[i] = i % 2 ? 0.5 : g_rand_double_range (rand, 0.05, 0.95);
    }
  lab_axes_add_scatter (ax, "many", x, y, NULL, n, &red);
  s = render (fig, 400, 300, NULL);

  assert_color (at (s, ax, 0.25, 0.5), rgba (1, 0, 0), 0.02);   /* saturated */
  assert_color (at (s, ax, 0.75, 0.5), rgba (1, 1, 1), 0.001);  /* empty half */
  /* the spread half is tinted but lighter than the spot */
  {
    LabRGBA c = at (s, ax, 0.3, 0.8);

    g_assert_cmpfloat (c.r, >, 0.9);
    g_assert_cmpfloat (c.g, <, 0.95);
  }
  cairo_surface_destroy (s);

  /* Per-point colours average. */
  {
    g_autofree LabColor *cols = g_new (LabColor, n);
    g_autoptr(LabFigure) f2 = unit_figure (&ax);

    for (gsize i = 0; i < n; i++)
      {
        x[i] = i % 2 ? 0.25 : 0.75;
        y[i] = 0.5;
        cols[i] = i % 2 ? lab_color_rgba (0, 0, 1, 1) : lab_color_rgba (0, 0.5, 0, 1);
      }
    lab_axes_add_scatter (ax, "many", x, y, cols, n, &red);
    s = render (f2, 400, 300, NULL);
    assert_color (at (s, ax, 0.25, 0.5), rgba (0, 0, 1), 0.02);
    assert_color (at (s, ax, 0.75, 0.5), rgba (0, 0.5, 0), 0.02);
    cairo_surface_destroy (s);
  }
  g_rand_free (rand);
}

static void
test_render_bars (void)
{
  LabAxes *ax;
  g_autoptr(LabFigure) fig = unit_figure (&ax);
  double edges[3] = { 0, 0.5, 1 }, h[2] = { 0.4, 0.8 };
  LabStyle st = solid (0, 0.6, 0.3, 1);
  cairo_surface_t *s;

  lab_axes_add_bars (ax, "bars", edges, h, 2, &st);
  s = render (fig, 400, 300, NULL);
  assert_color (at (s, ax, 0.25, 0.2), rgba (0, 0.6, 0.3), 0.02);
  assert_color (at (s, ax, 0.75, 0.7), rgba (0, 0.6, 0.3), 0.02);
  assert_color (at (s, ax, 0.25, 0.6), rgba (1, 1, 1), 0.02);
  assert_color (at (s, ax, 0.75, 0.9), rgba (1, 1, 1), 0.02);
  cairo_surface_destroy (s);
}

static void
test_render_heatmap (void)
{
  LabAxes *ax;
  g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
  /* row 0 at y0 */
  double v[6] = { 0, 1, NAN, 2, 3, 1.5 };
  cairo_surface_t *s;

  ax = lab_figure_get_axes (fig, 0);
  lab_axes_add_heatmap (ax, v, 3, 2, 0, 3, 0, 2, LAB_COLORMAP_VIRIDIS, 0, 3, "value");
  s = render (fig, 500, 300, NULL);
  assert_color (at (s, ax, 0.5, 0.5), lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 0), 0.01);
  assert_color (at (s, ax, 1.5, 0.5), lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 1 / 3.0), 0.01);
  assert_color (at (s, ax, 1.5, 1.5), lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 1.0), 0.01);
  assert_color (at (s, ax, 2.5, 1.5), lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 0.5), 0.01);
  assert_color (at (s, ax, 2.3, 0.3), rgba (1, 1, 1), 0.01);   /* NaN: transparent */
  {
    /* The colour bar right of the axes shows the top colour near its top. */
    double rx, ry, rw, rh;

    lab_axes_get_rect (ax, &rx, &ry, &rw, &rh);
    assert_color (pixel (s, rx + rw + 20, ry + 2), lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 1.0), 0.03);
    assert_color (pixel (s, rx + rw + 20, ry + rh - 2), lab_colormap_eval (LAB_COLORMAP_VIRIDIS, 0.0), 0.03);
    g_assert_cmpfloat (rx + rw + 20, <, 500);
  }
  cairo_surface_destroy (s);
}

/* A class map: each cell in its class's palette colour at its opacity over the background,
 * resolved through the theme (the cached image follows a change of theme). */
static void
test_render_class_map (void)
{
  LabAxes *ax;
  g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
  guint8 cls[4] = { 0, 1, LAB_CLASS_MAP_NONE, 2 };
  double op[4] = { 1.0, 0.5, 1.0, 0.0 };
  const LabTheme *themes[2] = { lab_theme_light (), lab_theme_dark () };

  ax = lab_figure_get_axes (fig, 0);
  lab_axes_add_class_map (ax, cls, op, 2, 2, 0, 2, 0, 2);
  for (guint t = 0; t < 2; t++)
    {
      const LabTheme *th = themes[t];
      cairo_surface_t *s = render (fig, 400, 300, th);
      LabRGBA bg = at (s, ax, 0.5, 1.5), half = th->palette[1];

      /* row 0 at y0: cells (0, 0) and (1, 0) are classes 0 and 1; (0, 1) empty; (1, 1) transparent */
      assert_color (at (s, ax, 0.5, 0.5), th->palette[0], 0.01);
      half.r = 0.5 * half.r + 0.5 * bg.r;
      half.g = 0.5 * half.g + 0.5 * bg.g;
      half.b = 0.5 * half.b + 0.5 * bg.b;
      assert_color (at (s, ax, 1.5, 0.5), half, 0.02);
      assert_color (at (s, ax, 1.5, 1.5), bg, 0.01);
      cairo_surface_destroy (s);
    }
}

static void
test_render_contour (void)
{
  LabAxes *ax;
  g_autoptr(LabFigure) fig = unit_figure (&ax);
  gsize n = 40;
  g_autofree double *v = g_new (double, n * n);
  double levels[2] = { 0.25, 0.75 };
  LabRGBA lo, hi;
  cairo_surface_t *s;

  for (gsize j = 0; j < n; j++)
    for (gsize i = 0; i < n; i++)
      v[j * n + i] = (i + 0.5) / n;   /* f(x, y) = x */
  lab_axes_add_contour (ax, v, n, n, 0, 1, 0, 1, levels, 2, TRUE, LAB_COLORMAP_MAGMA, NULL);
  s = render (fig, 400, 300, NULL);
  lo = lab_colormap_eval (LAB_COLORMAP_MAGMA, 0);
  hi = lab_colormap_eval (LAB_COLORMAP_MAGMA, 1);
  assert_color (at (s, ax, 0.1, 0.5), rgba (1, 1, 1), 0.02);   /* below the first level */
  assert_color (at (s, ax, 0.5, 0.5), lo, 0.02);
  assert_color (at (s, ax, 0.9, 0.5), hi, 0.02);
  cairo_surface_destroy (s);

  /* Unfilled: lines in the style's colour at x = 0.25 and 0.75. */
  {
    g_autoptr(LabFigure) f2 = unit_figure (&ax);
    LabStyle red = solid (1, 0, 0, 3);

    lab_axes_add_contour (ax, v, n, n, 0, 1, 0, 1, levels, 2, FALSE, LAB_COLORMAP_MAGMA, &red);
    s = render (f2, 400, 300, NULL);
    assert_color (at (s, ax, 0.25, 0.5), rgba (1, 0, 0), 0.05);
    assert_color (at (s, ax, 0.75, 0.5), rgba (1, 0, 0), 0.05);
    assert_color (at (s, ax, 0.5, 0.5), rgba (1, 1, 1), 0.02);
    cairo_surface_destroy (s);
  }
}

static void
test_render_arrow_text_marker (void)
{
  LabAxes *ax;
  g_autoptr(LabFigure) fig = unit_figure (&ax);
  LabStyle red = solid (1, 0, 0, 3), blue = solid (0, 0, 1, 1), green = solid (0, 0.7, 0, 1);
  cairo_surface_t *s;
  double px, py;
  int inked = 0;

  lab_axes_add_arrow (ax, 0.1, 0.2, 0.9, 0.2, &red);
  green.marker_size = 14;
  lab_axes_add_marker (ax, "op", 0.5, 0.8, &green);
  lab_axes_add_text (ax, 0.5, 0.5, "<b>MMMM</b>", LAB_ANCHOR_CENTER, TRUE, &blue);
  s = render (fig, 400, 300, NULL);

  assert_color (at (s, ax, 0.5, 0.2), rgba (1, 0, 0), 0.05);
  assert_color (at (s, ax, 0.88, 0.2), rgba (1, 0, 0), 0.05);    /* the head */
  assert_color (at (s, ax, 0.5, 0.8), rgba (0, 0.7, 0), 0.05);

  /* The text is centred on the axes' middle. */
  lab_axes_data_to_pixel (ax, 0.5, 0.5, &px, &py);
  for (int dy = -5; dy <= 5; dy++)
    for (int dx = -20; dx <= 20; dx++)
      if (color_near (pixel (s, px + dx, py + dy), rgba (0, 0, 1), 0.2))
        inked++;
  g_assert_cmpint (inked, >, 20);
  cairo_surface_destroy (s);
}

/* A HiDPI surface: device scale 2, the figure in user units. */
static void
test_render_device_scale (void)
{
  LabAxes *ax;
  g_autoptr(LabFigure) fig = unit_figure (&ax);
  gsize n = 50000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  LabStyle red = solid (1, 0, 0, 1), blue = solid (0, 0, 1, 2);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  cairo_t *cr;
  double px, py;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = 0.25;
      y[i] = 0.25;
    }
  lab_axes_add_scatter (ax, "spot", x, y, NULL, n, &red);
  lab_axes_add_hline (ax, NULL, 0.75, &blue);
  cairo_surface_set_device_scale (s, 2, 2);
  cr = cairo_create (s);
  lab_figure_render (fig, cr, 400, 300, NULL);
  cairo_destroy (cr);
  cairo_surface_flush (s);

  lab_axes_data_to_pixel (ax, 0.25, 0.25, &px, &py);
  assert_color (pixel (s, 2 * px, 2 * py), rgba (1, 0, 0), 0.02);
  assert_color (pixel (s, 2 * px + 30, 2 * py), rgba (1, 1, 1), 0.02);
  lab_axes_data_to_pixel (ax, 0.5, 0.75, &px, &py);
  assert_color (pixel (s, 2 * px, 2 * py), rgba (0, 0, 1), 0.02);
  cairo_surface_destroy (s);

  /* A GTK cairo node records and replays: the same pixels at 2×. */
  {
    cairo_rectangle_t extents = { 0, 0, 400, 300 };
    cairo_surface_t *rec = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);

    cr = cairo_create (rec);
    lab_figure_render (fig, cr, 400, 300, NULL);
    cairo_destroy (cr);
    s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
    cr = cairo_create (s);
    cairo_scale (cr, 2, 2);
    cairo_set_source_surface (cr, rec, 0, 0);
    cairo_paint (cr);
    cairo_destroy (cr);
    cairo_surface_flush (s);
    assert_color (pixel (s, 2 * px, 2 * py), rgba (0, 0, 1), 0.02);
    lab_axes_data_to_pixel (ax, 0.25, 0.25, &px, &py);
    assert_color (pixel (s, 2 * px, 2 * py), rgba (1, 0, 0), 0.05);
    cairo_surface_destroy (s);
    cairo_surface_destroy (rec);
  }
}

/* Pango 1.50 draws <sup>/<sub> at full size under a scaled cairo_t; the
 * figure rewrites them, so a 2× export has 4× the ink of a 1× one. */
static void
test_render_scripts_scaled (void)
{
  g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  double ink[2] = { 0, 0 };

  lab_axes_set_ylabel (ax, "σ<sup>2</sup> w<sub>1</sub> e<sup>−x</sup>");
  for (int k = 0; k < 2; k++)
    {
      int sc = k + 1;
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400 * sc, 300 * sc);
      cairo_t *cr = cairo_create (s);

      cairo_scale (cr, sc, sc);
      lab_figure_render (fig, cr, 400, 300, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (s);
      /* the rotated y label sits in the leftmost strip */
      for (int y = 0; y < 300 * sc; y++)
        for (int x = 4 * sc; x < 28 * sc; x++)
          ink[k] += 1.0 - pixel (s, x, y).r;
      cairo_surface_destroy (s);
    }
  /* Without the rewrite the ratio is about 4.8: the scripts come out too big. */
  g_test_message ("ink 1×: %.0f, 2×: %.0f", ink[0], ink[1]);
  g_assert_cmpfloat (ink[0], >, 50);
  g_assert_cmpfloat (ink[1] / ink[0], >, 3.6);
  g_assert_cmpfloat (ink[1] / ink[0], <, 4.4);
}

static LabFigure *
every_layer_figure (void)
{
  LabFigure *fig = lab_figure_new (2, 3);
  double x[50], y[50], lo[50], hi[50], edges[11], h[10], grid[100], levels[3] = { 0.2, 0.5, 0.8 };
  const char *cats[] = { "alpha", "beta", "gamma", NULL };
  LabAxes *ax;

  for (int i = 0; i < 50; i++)
    {
      x[i] = i / 49.0;
      y[i] = sin (6 * x[i]);
      lo[i] = y[i] - 0.2;
      hi[i] = y[i] + 0.2;
    }
  for (int i = 0; i <= 10; i++)
    edges[i] = i;
  for (int i = 0; i < 10; i++)
    h[i] = 10 - i;
  for (int i = 0; i < 100; i++)
    grid[i] = (i % 10) / 10.0 * (i / 10) / 10.0;

  lab_figure_set_title (fig, "All <i>layers</i>");
  ax = lab_figure_get_axes (fig, 0);
  lab_axes_add_band (ax, "band", x, lo, hi, 50, NULL);
  lab_axes_add_line (ax, "line", x, y, 50, NULL);
  lab_axes_add_step (ax, "step", x, lo, 50, NULL);
  lab_axes_add_hline (ax, "zero", 0, NULL);
  lab_axes_add_marker (ax, "peak", x[13], y[13], NULL);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_title (ax, "Lines");
  lab_axes_set_xlabel (ax, "θ");
  lab_axes_set_ylabel (ax, "σ<sup>2</sup>");
  ax = lab_figure_get_axes (fig, 1);
  lab_axes_add_scatter (ax, "scatter", x, y, NULL, 50, NULL);
  lab_axes_add_abline (ax, "diag", 0, 0, 1, NULL);
  lab_axes_add_vline (ax, "v", 0.5, NULL);
  lab_axes_add_arrow (ax, 0.1, 0.9, 0.4, 0.4, NULL);
  lab_axes_add_text (ax, 0.05, 0.95, "note &amp; text", LAB_ANCHOR_NORTH_WEST, TRUE, NULL);
  ax = lab_figure_get_axes (fig, 2);
  lab_axes_add_bars (ax, "bars", edges, h, 10, NULL);
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  ax = lab_figure_get_axes (fig, 3);
  lab_axes_add_heatmap (ax, grid, 10, 10, 0, 1, 0, 1, LAB_COLORMAP_DIVERGING, NAN, NAN, "z");
  ax = lab_figure_get_axes (fig, 4);
  lab_axes_add_contour (ax, grid, 10, 10, 0, 1, 0, 1, levels, 3, TRUE, LAB_COLORMAP_BLUES, NULL);
  lab_axes_add_contour (ax, grid, 10, 10, 0, 1, 0, 1, levels, 3, FALSE, LAB_COLORMAP_VIRIDIS, NULL);
  ax = lab_figure_get_axes (fig, 5);
  lab_axes_add_bars (ax, "counts", (double[]) { -0.5, 0.5, 1.5, 2.5 }, (double[]) { 3, 5, 2 }, 3, NULL);
  lab_axes_set_xcategories (ax, cats);
  return fig;
}

static void
test_render_every_layer_themes (void)
{
  g_autoptr(LabFigure) fig = every_layer_figure ();
  const LabTheme *themes[2] = { lab_theme_light (), lab_theme_dark () };

  for (int t = 0; t < 2; t++)
    {
      cairo_surface_t *s = render (fig, 1280, 800, themes[t]);
      LabRGBA bg = themes[t]->background;
      int differing = 0;

      /* The corner is background; the figure is not empty. */
      assert_color (pixel (s, 1, 1), bg, 0.01);
      for (int y = 0; y < 800; y += 7)
        for (int x = 0; x < 1280; x += 7)
          if (!color_near (pixel (s, x, y), bg, 0.02))
            differing++;
      g_assert_cmpint (differing, >, 2000);
      cairo_surface_destroy (s);
    }
}

/* ---------------------------------------------------------------------- */
/* layout                                                                 */

static void
test_layout_sizes (void)
{
  static const int sizes[][2] = {
    { 320, 240 }, { 480, 320 }, { 640, 480 }, { 1280, 800 }, { 1920, 1080 }, { 3840, 2160 },
  };
  g_autoptr(LabFigure) fig = every_layer_figure ();

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      int w = sizes[k][0], h = sizes[k][1];
      cairo_surface_t *s = render (fig, w, h, NULL);

      for (guint i = 0; i < lab_figure_get_n_axes (fig); i++)
        {
          LabAxes *a = lab_figure_get_axes (fig, i);
          double ax0 = a->rx - a->dec_left, ay0 = a->ry - a->dec_top;
          double ax1 = a->rx + a->rw + a->dec_right, ay1 = a->ry + a->rh + a->dec_bottom;

          g_test_message ("%d×%d axes %u: plot %.0f×%.0f at %.0f,%.0f", w, h, i, a->rw, a->rh, a->rx, a->ry);
          g_assert_cmpfloat (a->rw, >=, 20);
          g_assert_cmpfloat (a->rh, >=, 20);
          /* decorations (tick labels, axis labels, title, colour bar) inside the figure */
          g_assert_cmpfloat (ax0, >=, -0.5);
          g_assert_cmpfloat (ay0, >=, -0.5);
          g_assert_cmpfloat (ax1, <=, w + 0.5);
          g_assert_cmpfloat (ay1, <=, h + 0.5);

          /* …and never over another axes' decorated box */
          for (guint j = i + 1; j < lab_figure_get_n_axes (fig); j++)
            {
              LabAxes *b = lab_figure_get_axes (fig, j);
              double bx0 = b->rx - b->dec_left, by0 = b->ry - b->dec_top;
              double bx1 = b->rx + b->rw + b->dec_right, by1 = b->ry + b->rh + b->dec_bottom;
              gboolean overlap = ax0 < bx1 - 0.5 && bx0 < ax1 - 0.5 && ay0 < by1 - 0.5 && by0 < ay1 - 0.5;

              g_assert_false (overlap);
            }
        }
      cairo_surface_destroy (s);
    }
}

static void
test_layout_span_weights (void)
{
  g_autoptr(LabFigure) fig = lab_figure_new (2, 2);
  double w[2] = { 3, 1 };
  LabAxes *big, *right;
  cairo_surface_t *s;
  double bx, by, bw, bh, rx, ry, rw, rh;

  lab_figure_set_span (fig, 0, 0, 2, 1);
  lab_figure_set_col_weights (fig, w);
  s = render (fig, 800, 600, NULL);
  big = lab_figure_get_axes_at (fig, 0, 0);
  right = lab_figure_get_axes_at (fig, 0, 1);
  lab_axes_get_rect (big, &bx, &by, &bw, &bh);
  lab_axes_get_rect (right, &rx, &ry, &rw, &rh);
  g_assert_cmpfloat (bh, >, 1.8 * rh);
  g_assert_cmpfloat (bw, >, 2.5 * rw);
  /* the covered cell is not drawn or picked */
  g_assert_true (lab_figure_pick_axes (fig, bx + bw / 2, by + bh * 0.9) == big);
  cairo_surface_destroy (s);
}

static void
test_layout_equal_aspect (void)
{
  g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  cairo_surface_t *s;
  double x, y, w, h;

  lab_axes_set_xlim (ax, 0, 2);
  lab_axes_set_ylim (ax, 0, 1);
  lab_axes_set_equal_aspect (ax, TRUE);
  s = render (fig, 1000, 1000, NULL);
  lab_axes_get_rect (ax, &x, &y, &w, &h);
  g_assert_cmpfloat_with_epsilon (w / h, 2.0, 1e-9);
  cairo_surface_destroy (s);
}

/* ---------------------------------------------------------------------- */
/* hit tests and legend                                                   */

static void
test_hit_pick_nearest (void)
{
  g_autoptr(LabFigure) fig = lab_figure_new (1, 2);
  LabAxes *a = lab_figure_get_axes (fig, 0), *b = lab_figure_get_axes (fig, 1);
  double x[3] = { 0.1, 0.5, 0.9 }, y[3] = { 0.1, 0.5, 0.9 };
  double ux[1] = { 0.52 }, uy[1] = { 0.5 };
  cairo_surface_t *s;
  LabLayer *labelled, *layer = NULL;
  double px, py, rx, ry, rw, rh, dx, dy;
  gsize idx = 99;

  lab_axes_set_xlim (a, 0, 1);
  lab_axes_set_ylim (a, 0, 1);
  lab_axes_set_tag (b, 42);
  labelled = lab_axes_add_line (a, "curve", x, y, 3, NULL);
  lab_axes_add_scatter (a, NULL, ux, uy, NULL, 1, NULL);   /* no label: ignored */
  s = render (fig, 800, 400, NULL);

  lab_axes_get_rect (b, &rx, &ry, &rw, &rh);
  g_assert_true (lab_figure_pick_axes (fig, rx + rw / 2, ry + rh / 2) == b);
  g_assert_cmpint (lab_axes_get_tag (b), ==, 42);
  g_assert_cmpint (lab_axes_get_tag (a), ==, 0);
  g_assert_null (lab_figure_pick_axes (fig, 1, 1));

  lab_axes_data_to_pixel (a, 0.5, 0.5, &px, &py);
  g_assert_true (lab_axes_nearest_point (a, px + 3, py - 2, 10, &layer, &idx, &dx, &dy));
  g_assert_true (layer == labelled);
  g_assert_cmpuint (idx, ==, 1);
  g_assert_cmpfloat (dx, ==, 0.5);
  g_assert_cmpfloat (dy, ==, 0.5);
  g_assert_cmpstr (lab_layer_get_label (layer), ==, "curve");
  g_assert_false (lab_axes_nearest_point (a, px + 30, py, 10, NULL, NULL, NULL, NULL));

  /* Hidden layers are not found. */
  lab_layer_set_visible (labelled, FALSE);
  g_assert_false (lab_axes_nearest_point (a, px, py, 10, NULL, NULL, NULL, NULL));
  cairo_surface_destroy (s);
}

static void
test_legend_placement (void)
{
  static const double corners[4][2] = { { 0.05, 0.95 }, { 0.95, 0.95 }, { 0.05, 0.05 }, { 0.95, 0.05 } };

  for (int c = 0; c < 4; c++)
    {
      g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
      LabAxes *ax = lab_figure_get_axes (fig, 0);
      g_autofree double *x = g_new (double, 400);
      g_autofree double *y = g_new (double, 400);
      cairo_surface_t *s;
      double lx, ly, cx, cy, rx, ry, rw, rh;

      /* A cloud of points near one corner… everywhere else is empty. */
      for (int i = 0; i < 400; i++)
        {
          x[i] = corners[c][0] + 0.1 * sin (i) * (corners[c][0] > 0.5 ? -1 : 1) * fabs (sin (i * 0.37));
          y[i] = corners[c][1] + 0.1 * cos (i) * (corners[c][1] > 0.5 ? -1 : 1) * fabs (cos (i * 0.37));
        }
      lab_axes_set_xlim (ax, 0, 1);
      lab_axes_set_ylim (ax, 0, 1);
      lab_axes_add_scatter (ax, "cloud", x, y, NULL, 400, NULL);
      lab_axes_add_line (ax, "unlabelled-ok", (double[]) { 0.5 }, (double[]) { 0.5 }, 1, NULL);
      lab_axes_set_legend (ax, TRUE);
      s = render (fig, 600, 400, NULL);

      g_assert_cmpfloat (ax->legend_rect[2], >, 0);
      lab_axes_get_rect (ax, &rx, &ry, &rw, &rh);
      lx = ax->legend_rect[0] + ax->legend_rect[2] / 2;
      ly = ax->legend_rect[1] + ax->legend_rect[3] / 2;
      lab_axes_data_to_pixel (ax, corners[c][0], corners[c][1], &cx, &cy);
      /* the legend is not in the crowded corner */
      g_assert_cmpfloat (hypot (lx - cx, ly - cy), >, 0.3 * MIN (rw, rh));
      /* it lies inside the plot */
      g_assert_cmpfloat (ax->legend_rect[0], >=, rx);
      g_assert_cmpfloat (ax->legend_rect[1] + ax->legend_rect[3], <=, ry + rh);
      cairo_surface_destroy (s);
    }

  /* Only labelled layers: none → no legend. */
  {
    g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
    LabAxes *ax = lab_figure_get_axes (fig, 0);
    cairo_surface_t *s;

    lab_axes_add_line (ax, NULL, (double[]) { 0, 1 }, (double[]) { 0, 1 }, 2, NULL);
    lab_axes_set_legend (ax, TRUE);
    s = render (fig, 600, 400, NULL);
    g_assert_cmpfloat (ax->legend_rect[2], ==, 0);
    cairo_surface_destroy (s);
  }

  /* A small plot keeps its legend (issue 10.4): compact when the full one would bury the
   * data, over the axes when even that does not fit; it used to be left out. */
  for (int size = 0; size < 2; size++)
    {
      g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
      LabAxes *ax = lab_figure_get_axes (fig, 0);
      cairo_surface_t *s;
      double rx, ry, rw, rh, full_w;

      lab_axes_add_line (ax, "AUC 0.864 model A", (double[]) { 0, 1 }, (double[]) { 0, 1 }, 2, NULL);
      lab_axes_add_line (ax, "AUC 0.783 model B", (double[]) { 0, 1 }, (double[]) { 1, 0 }, 2, NULL);
      lab_axes_set_legend (ax, TRUE);
      s = render (fig, 600, 400, NULL);
      full_w = ax->legend_rect[2];
      cairo_surface_destroy (s);
      s = render (fig, size == 0 ? 260 : 150, size == 0 ? 200 : 120, NULL);
      lab_axes_get_rect (ax, &rx, &ry, &rw, &rh);
      g_assert_cmpfloat (ax->legend_rect[2], >, 0);
      g_assert_cmpfloat (ax->legend_rect[2], <, full_w);   /* the compact form */
      g_assert_cmpfloat (ax->legend_rect[0], >=, rx - 0.5);
      cairo_surface_destroy (s);
    }
}

/* ---------------------------------------------------------------------- */
/* figure object                                                          */

static void
test_figure_boxed_metadata (void)
{
  LabFigure *fig = lab_figure_new (2, 2);
  LabFigure *copy;
  g_autoptr(GPtrArray) keys = NULL;

  g_assert_cmpuint (lab_figure_get_n_axes (fig), ==, 4);
  g_assert_true (lab_figure_get_axes_at (fig, 1, 0) == lab_figure_get_axes (fig, 2));

  copy = g_boxed_copy (LAB_TYPE_FIGURE, fig);
  g_assert_true (copy == fig);
  g_boxed_free (LAB_TYPE_FIGURE, copy);

  lab_figure_set_metadata (fig, "topic", "roc");
  lab_figure_set_metadata (fig, "seed", "42");
  lab_figure_set_metadata (fig, "topic", "pr");
  g_assert_cmpstr (lab_figure_get_metadata (fig, "topic"), ==, "pr");
  g_assert_null (lab_figure_get_metadata (fig, "missing"));
  keys = lab_figure_dup_metadata_keys (fig);
  g_assert_cmpuint (keys->len, ==, 2);
  g_assert_cmpstr (keys->pdata[0], ==, "topic");   /* order of first setting */
  g_assert_cmpstr (keys->pdata[1], ==, "seed");
  lab_figure_set_metadata (fig, "seed", NULL);
  g_assert_null (lab_figure_get_metadata (fig, "seed"));

  lab_figure_unref (fig);
}

/* ---------------------------------------------------------------------- */
/* exports                                                                */

static LabFigure *
export_figure (void)
{
  LabFigure *fig = every_layer_figure ();

  lab_figure_set_metadata (fig, "topic", "roc");
  lab_figure_set_metadata (fig, "params", "n=1000; noise=0.3");
  lab_figure_set_metadata (fig, "note", "θ <σ> & \"quoted\"");
  return fig;
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint32
crc32_ref (const guint8 *buf,
           gsize         len)
{
  guint32 c = 0xffffffffu;

  for (gsize i = 0; i < len; i++)
    {
      c ^= buf[i];
      for (int k = 0; k < 8; k++)
        c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
  return c ^ 0xffffffffu;
}

/* Walks the chunks, checks every CRC, returns the text chunks as "key=value". */
static GPtrArray *
png_texts (const guint8 *d,
           gsize         len)
{
  static const guint8 sig[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  gsize pos = 8;
  gboolean iend = FALSE;

  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (d, 8, sig, 8);
  while (pos + 12 <= len)
    {
      guint32 n = be32 (d + pos);
      const guint8 *type = d + pos + 4, *body = d + pos + 8;

      g_assert_cmpuint (pos + 12 + n, <=, len);
      g_assert_cmpuint (be32 (body + n), ==, crc32_ref (type, n + 4));
      if (memcmp (type, "tEXt", 4) == 0)
        {
          const char *k = (const char *) body;
          gsize kl = strnlen (k, n);

          g_ptr_array_add (texts, g_strdup_printf ("%s=%.*s", k, (int) (n - kl - 1), k + kl + 1));
        }
      else if (memcmp (type, "iTXt", 4) == 0)
        {
          const char *k = (const char *) body;
          gsize kl = strnlen (k, n);
          /* keyword \0 flag method lang \0 translated \0 text */
          const char *lang = k + kl + 3;
          const char *trans = lang + strlen (lang) + 1;
          const char *text = trans + strlen (trans) + 1;

          g_assert_cmpint (k[kl + 1], ==, 0);   /* not compressed */
          g_ptr_array_add (texts, g_strdup_printf ("%s=%.*s", k, (int) (n - (text - k)), text));
        }
      else if (memcmp (type, "IEND", 4) == 0)
        {
          iend = TRUE;
          g_assert_cmpuint (pos + 12, ==, len);
        }
      pos += 12 + n;
    }
  g_assert_true (iend);
  return texts;
}

static gboolean
has_string (GPtrArray  *a,
            const char *s)
{
  for (guint i = 0; i < a->len; i++)
    if (g_str_equal (a->pdata[i], s))
      return TRUE;
  return FALSE;
}

static void
test_export_png (void)
{
  g_autoptr(LabFigure) fig = export_figure ();
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "figure.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  gsize len;
  cairo_surface_t *img;

  g_assert_true (lab_figure_export (fig, path, LAB_EXPORT_PNG, 300, 200, 2.0, lab_theme_dark (), &error));
  g_assert_no_error (error);

  img = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (img), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 600);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 400);
  cairo_surface_destroy (img);

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  texts = png_texts ((const guint8 *) data, len);
  g_assert_true (has_string (texts, "topic=roc"));
  g_assert_true (has_string (texts, "params=n=1000; noise=0.3"));
  g_assert_true (has_string (texts, "note=θ <σ> & \"quoted\""));   /* UTF-8 → iTXt */

  /* 1280 × 800 at scale 1 is exactly that. */
  g_assert_true (lab_figure_export (fig, path, LAB_EXPORT_PNG, 1280, 800, 1.0, NULL, &error));
  img = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (img), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (img), ==, 800);
  cairo_surface_destroy (img);

  /* In memory, for the clipboard. */
  {
    g_autoptr(GBytes) bytes = lab_figure_to_png_bytes (fig, 200, 100, 1.5, NULL, &error);
    g_autoptr(GPtrArray) t2 = NULL;
    const guint8 *d;
    gsize n;

    g_assert_no_error (error);
    d = g_bytes_get_data (bytes, &n);
    t2 = png_texts (d, n);
    g_assert_cmpuint (be32 (d + 16), ==, 300);   /* IHDR width */
    g_assert_cmpuint (be32 (d + 20), ==, 150);
    g_assert_true (has_string (t2, "topic=roc"));
  }
  rm_rf (dir);
}

typedef struct
{
  GQueue   stack;
  gboolean saw_svg, metadata_first;
  guint    n_children_of_svg;
  GHashTable *meta;
  char    *cur_key;
} SvgCheck;

static void
svg_start (GMarkupParseContext  *ctx,
           const char           *name,
           const char          **attr_names,
           const char          **attr_values,
           gpointer              user_data,
           GError              **error)
{
  SvgCheck *c = user_data;

  if (g_str_equal (name, "svg"))
    c->saw_svg = TRUE;
  if (g_queue_get_length (&c->stack) == 1 && g_str_equal (g_queue_peek_head (&c->stack), "svg"))
    {
      if (c->n_children_of_svg == 0 && g_str_equal (name, "metadata"))
        c->metadata_first = TRUE;
      c->n_children_of_svg++;
    }
  if (g_str_equal (name, "metadata"))
    {
      gboolean ns = FALSE;

      for (int i = 0; attr_names[i] != NULL; i++)
        if (g_str_equal (attr_names[i], "xmlns:mllab"))
          ns = TRUE;
      g_assert_true (ns);
    }
  if (g_str_equal (name, "mllab:meta"))
    for (int i = 0; attr_names[i] != NULL; i++)
      if (g_str_equal (attr_names[i], "key"))
        c->cur_key = g_strdup (attr_values[i]);
  g_queue_push_head (&c->stack, g_strdup (name));
}

static void
svg_end (GMarkupParseContext  *ctx,
         const char           *name,
         gpointer              user_data,
         GError              **error)
{
  SvgCheck *c = user_data;

  g_free (g_queue_pop_head (&c->stack));
  g_clear_pointer (&c->cur_key, g_free);
}

static void
svg_text (GMarkupParseContext  *ctx,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  SvgCheck *c = user_data;

  if (c->cur_key != NULL)
    g_hash_table_insert (c->meta, g_strdup (c->cur_key), g_strndup (text, len));
}

typedef struct
{
  gboolean done, ok;
  GError  *error;
} AsyncWait;

static void
async_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncWait *w = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));   /* told on the caller's context */
  w->ok = lab_figure_export_finish (result, &w->error);
  w->done = TRUE;
}

/* On the export thread: the very bytes of lab_figure_export (PNG and SVG), a missing folder an
 * error, and the main loop turning while it writes. */
static void
test_export_async (void)
{
  g_autoptr(LabFigure) fig = export_figure ();
  g_autofree char *dir = tmp_dir ();
  static const LabExportFormat formats[] = { LAB_EXPORT_PNG, LAB_EXPORT_SVG };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *sync_path = g_build_filename (dir, i == 0 ? "sync.png" : "sync.svg", NULL);
      g_autofree char *async_path = g_build_filename (dir, i == 0 ? "async.png" : "async.svg", NULL);
      g_autofree char *a = NULL, *b = NULL;
      gsize la, lb;
      AsyncWait w = { FALSE, FALSE, NULL };
      guint turns = 0;

      g_assert_true (lab_figure_export (fig, sync_path, formats[i], 300, 200, 1.0, lab_theme_light (), NULL));
      lab_figure_export_async (fig, async_path, formats[i], 300, 200, 1.0, lab_theme_light (), async_done, &w);
      while (!w.done)
        {
          g_main_context_iteration (NULL, TRUE);
          turns++;
        }
      g_assert_no_error (w.error);
      g_assert_true (w.ok);
      g_assert_cmpuint (turns, >=, 1);
      g_assert_true (g_file_get_contents (sync_path, &a, &la, NULL));
      g_assert_true (g_file_get_contents (async_path, &b, &lb, NULL));
      if (formats[i] == LAB_EXPORT_PNG)
        g_assert_cmpmem (a, la, b, lb);
      else
        g_assert_cmpuint (la, ==, lb);   /* cairo names SVG glyph ids per surface: same size */
    }
  {
    AsyncWait w = { FALSE, FALSE, NULL };

    lab_figure_export_async (fig, "/nonexistent-dir/figure.png", LAB_EXPORT_PNG, 300, 200, 1.0,
                             lab_theme_dark (), async_done, &w);
    while (!w.done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (w.ok);
    g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&w.error);
  }
}

static void
test_export_svg (void)
{
  g_autoptr(LabFigure) fig = export_figure ();
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "figure.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  SvgCheck check = { G_QUEUE_INIT, FALSE, FALSE, 0, NULL, NULL };
  GMarkupParseContext *ctx;
  const char *body;

  g_assert_true (lab_figure_export (fig, path, LAB_EXPORT_SVG, 640, 400, 1.0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_true (g_str_has_prefix (data, "<?xml"));
  g_assert_nonnull (strstr (data, "width=\"640pt\""));
  g_assert_nonnull (strstr (data, "height=\"400pt\""));

  /* GMarkup does not take the XML declaration: parse from <svg on. */
  body = strstr (data, "<svg");
  g_assert_nonnull (body);
  check.meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &check, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, body, len - (body - data), &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (ctx);

  g_assert_true (check.saw_svg);
  g_assert_true (check.metadata_first);
  g_assert_cmpstr (g_hash_table_lookup (check.meta, "topic"), ==, "roc");
  g_assert_cmpstr (g_hash_table_lookup (check.meta, "note"), ==, "θ <σ> & \"quoted\"");
  g_assert_cmpstr (g_hash_table_lookup (check.meta, "params"), ==, "n=1000; noise=0.3");
  g_hash_table_unref (check.meta);
  rm_rf (dir);
}

/* Binary-safe search (a PDF holds NUL bytes in its streams). */
static const char *
find_bytes (const char *hay,
            gsize       len,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (hay[i] == needle[0] && memcmp (hay + i, needle, n) == 0)
      return hay + i;
  return NULL;
}

static void
test_export_pdf (void)
{
  g_autoptr(LabFigure) fig = export_figure ();
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "figure.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  guint pages = 0;
  const char *p;

  lab_figure_set_metadata (fig, "note", NULL);   /* plain ASCII strings in the info dictionary */
  g_assert_true (lab_figure_export (fig, path, LAB_EXPORT_PDF, 500, 300, 1.0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_true (g_str_has_prefix (data, "%PDF-"));

  for (p = data; (p = find_bytes (p, len - (p - data), "/Type /Page")) != NULL; p++)
    if (p[11] != 's')
      pages++;
  g_assert_cmpuint (pages, ==, 1);
  g_assert_nonnull (find_bytes (data, len, "/Creator (ML Lab)"));
  g_assert_nonnull (find_bytes (data, len, "/Keywords (topic=roc; params=n=1000; noise=0.3)"));
  g_assert_nonnull (find_bytes (data, len, "/Subject (topic=roc"));
  g_assert_nonnull (find_bytes (data, len, "/Title (All layers)"));
  g_assert_nonnull (find_bytes (data, len, "/MediaBox [ 0 0 500 300 ]"));
  rm_rf (dir);
}

static void
test_export_errors (void)
{
  g_autoptr(LabFigure) fig = export_figure ();
  g_autofree char *dir = tmp_dir ();
  g_autofree char *existing = g_build_filename (dir, "keep.png", NULL);
  g_autofree char *file_as_dir = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (file_as_dir, "x.png", NULL);
  g_autofree char *sibling = g_build_filename (dir, "sibling.txt", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  GError *error = NULL;

  g_assert_true (g_file_set_contents (sibling, "untouched", -1, NULL));
  g_assert_true (g_file_set_contents (file_as_dir, "a file, not a folder", -1, NULL));
  g_assert_true (lab_figure_export (fig, existing, LAB_EXPORT_PNG, 200, 100, 1.0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (existing, &before, &before_len, NULL));

  /* No such folder. */
  g_assert_false (lab_figure_export (fig, "/nonexistent-dir/x.png", LAB_EXPORT_PNG, 200, 100, 1.0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/x.png"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (g_file_test ("/nonexistent-dir", G_FILE_TEST_EXISTS));

  /* The parent is a regular file; the sibling is left alone. */
  g_assert_false (lab_figure_export (fig, under_file, LAB_EXPORT_SVG, 200, 100, 1.0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (error->message, under_file));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  {
    g_autofree char *s = NULL;

    g_assert_true (g_file_get_contents (sibling, &s, NULL, NULL));
    g_assert_cmpstr (s, ==, "untouched");
  }

  /* Invalid sizes fail before touching the existing file. */
  {
    static const int bad[][2] = { { 0, 100 }, { 100, 0 }, { -5, 100 }, { 20001, 100 }, { 100, 30000 } };

    for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
      {
        g_assert_false (lab_figure_export (fig, existing, LAB_EXPORT_PNG, bad[k][0], bad[k][1], 1.0, NULL, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (strstr (error->message, existing));
        g_clear_error (&error);
      }
    g_assert_false (lab_figure_export (fig, existing, LAB_EXPORT_PNG, 100, 100, 0.0, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (lab_figure_export (fig, existing, LAB_EXPORT_PNG, 100, 100, NAN, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    /* 15000 × 15000 at scale 2 is too many pixels */
    g_assert_false (lab_figure_export (fig, existing, LAB_EXPORT_PNG, 15000, 15000, 2.0, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }
  g_assert_true (g_file_get_contents (existing, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_clear_pointer (&after, g_free);

  /* A successful export replaces the file whole, leaving no temporary behind. */
  g_assert_true (lab_figure_export (fig, existing, LAB_EXPORT_PNG, 300, 100, 1.0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (existing, &after, &after_len, NULL));
  g_assert_true (after_len != before_len || memcmp (before, after, after_len) != 0);
  {
    GDir *d = g_dir_open (dir, 0, NULL);
    guint count = 0;

    while (g_dir_read_name (d) != NULL)
      count++;
    g_dir_close (d);
    g_assert_cmpuint (count, ==, 3);   /* keep.png, plain-file, sibling.txt */
  }

  /* A folder as the target. */
  g_assert_false (lab_figure_export (fig, dir, LAB_EXPORT_PDF, 100, 100, 1.0, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Empty path. */
  g_assert_false (lab_figure_export (fig, "", LAB_EXPORT_PNG, 100, 100, 1.0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_clear_error (&error);
  rm_rf (dir);
}

static void
test_export_format_from_path (void)
{
  LabExportFormat f = 99;

  g_assert_true (lab_export_format_from_path ("a/b/figure.PNG", &f));
  g_assert_cmpint (f, ==, LAB_EXPORT_PNG);
  g_assert_true (lab_export_format_from_path ("x.svg", &f));
  g_assert_cmpint (f, ==, LAB_EXPORT_SVG);
  g_assert_true (lab_export_format_from_path ("/tmp/y.Pdf", &f));
  g_assert_cmpint (f, ==, LAB_EXPORT_PDF);
  g_assert_false (lab_export_format_from_path ("x.jpeg", &f));
  g_assert_false (lab_export_format_from_path ("dir.png/file", &f));
  g_assert_false (lab_export_format_from_path ("noext", &f));
  g_assert_false (lab_export_format_from_path (NULL, &f));
}

static void
test_csv (void)
{
  g_autoptr(LabFigure) fig = lab_figure_new (1, 2);
  LabAxes *a = lab_figure_get_axes (fig, 0), *b = lab_figure_get_axes (fig, 1);
  double x[3] = { 0.1, 1e-20, 3 }, y[3] = { 1.0 / 3.0, NAN, -2.5e300 };
  double lo[2] = { 0, 1 }, hi[2] = { 2, 3 }, bx[2] = { 5, 6 };
  double edges[3] = { 0, 1, 3 }, h[2] = { 7, 8 };
  g_autofree char *csv = NULL;
  g_autofree char *dir = tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "data.csv", NULL);
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  lab_axes_set_title (a, "ROC <i>curve</i>");
  lab_axes_add_line (a, "model \"A\", tuned", x, y, 3, NULL);
  lab_axes_add_line (a, NULL, x, y, 3, NULL);             /* unlabelled: left out */
  lab_axes_add_hline (a, "chance", 0.5, NULL);           /* not point data */
  lab_axes_add_band (b, "±1σ", bx, lo, hi, 2, NULL);
  lab_axes_add_bars (b, "hist", edges, h, 2, NULL);

  csv = lab_figure_to_csv (fig);
  lines = g_strsplit (csv, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "axes,layer,x,y,y2");
  g_assert_cmpstr (lines[1], ==, "ROC curve,\"model \"\"A\"\", tuned\",0.1,0.3333333333333333,");
  g_assert_cmpstr (lines[2], ==, "ROC curve,\"model \"\"A\"\", tuned\",1e-20,,");
  g_assert_cmpstr (lines[3], ==, "ROC curve,\"model \"\"A\"\", tuned\",3,-2.5e+300,");
  g_assert_cmpstr (lines[4], ==, "2,±1σ,5,0,2");
  g_assert_cmpstr (lines[5], ==, "2,±1σ,6,1,3");
  g_assert_cmpstr (lines[6], ==, "2,hist,0.5,7,");
  g_assert_cmpstr (lines[7], ==, "2,hist,2,8,");
  g_assert_cmpstr (lines[8], ==, "");
  g_assert_null (lines[9]);

  /* Every number reads back exactly. */
  g_assert_cmpfloat (g_ascii_strtod ("0.3333333333333333", NULL), ==, 1.0 / 3.0);

  g_assert_true (lab_figure_export_csv (fig, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &file, NULL, NULL));
  g_assert_cmpstr (file, ==, csv);
  g_assert_false (lab_figure_export_csv (fig, "/nonexistent-dir/data.csv", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  rm_rf (dir);
}

/* A figure with a static curve and a dynamic marker at @mx; @curve_shift moves the curve. */
static LabFigure *
cache_figure (double mx, double curve_shift)
{
  LabFigure *fig = lab_figure_new (1, 2);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  LabAxes *bx = lab_figure_get_axes (fig, 1);
  double x[200], y[200];
  LabStyle st = lab_style_default (0), mk = lab_style_default (1);

  for (int i = 0; i < 200; i++)
    {
      x[i] = i / 199.0;
      y[i] = x[i] * x[i] + curve_shift;
    }
  mk.marker = LAB_MARKER_CIRCLE;
  mk.marker_size = 12;
  lab_axes_set_xlim (ax, 0, 1);
  lab_axes_set_ylim (ax, 0, 1.5);
  lab_axes_set_title (ax, "cached");
  lab_axes_add_line (ax, "curve", x, y, 200, &st);
  lab_layer_set_dynamic (lab_axes_add_marker (ax, NULL, mx, mx * mx, &mk), TRUE);
  lab_axes_set_xlim (bx, 0, 1);
  lab_axes_set_ylim (bx, 0, 1);
  lab_layer_set_dynamic (lab_axes_add_vline (bx, NULL, mx, &st), TRUE);
  return fig;
}

/* Pixels differing by more than @tol in any channel. A cached render draws the dynamic layers
 * after the frame (a full render draws the frame last), so the few pixels where a dynamic line
 * crosses a spine may differ. */
static guint
count_diff (cairo_surface_t *a, cairo_surface_t *b, int tol)
{
  const guchar *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);
  guint n = 0;

  for (int yy = 0; yy < h; yy++)
    for (int xx = 0; xx < w; xx++)
      for (int c = 0; c < 4; c++)
        if (ABS (pa[yy * stride + xx * 4 + c] - pb[yy * stride + xx * 4 + c]) > tol)
          {
            n++;
            break;
          }
  return n;
}

static cairo_surface_t *
render_to (LabFigure *fig, LabRenderCache *cache, gboolean *hit)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 400);
  cairo_t *cr = cairo_create (s);
  gboolean h;

  if (cache != NULL)
    h = lab_figure_render_cached (fig, cr, 640, 400, lab_theme_light (), cache);
  else
    {
      lab_figure_render (fig, cr, 640, 400, lab_theme_light ());
      h = FALSE;
    }
  if (hit)
    *hit = h;
  cairo_destroy (cr);
  cairo_surface_flush (s);
  return s;
}

static void
test_render_cache (void)
{
  LabRenderCache *cache = lab_render_cache_new ();
  g_autoptr(LabFigure) f1 = cache_figure (0.3, 0);
  g_autoptr(LabFigure) f2 = cache_figure (0.7, 0);
  g_autoptr(LabFigure) f3 = cache_figure (0.7, 0.2);
  cairo_surface_t *full, *cached;
  gboolean hit;

  /* first render: a miss, the same pixels as a full render */
  full = render_to (f1, NULL, NULL);
  cached = render_to (f1, cache, &hit);
  g_assert_false (hit);
  g_assert_cmpuint (count_diff (full, cached, 2), <=, 8);
  cairo_surface_destroy (full);
  cairo_surface_destroy (cached);

  /* only the dynamic layers moved (a new figure object): the static part is reused, and
   * the picture equals a full render of the new figure */
  full = render_to (f2, NULL, NULL);
  cached = render_to (f2, cache, &hit);
  g_assert_true (hit);
  g_assert_cmpuint (count_diff (full, cached, 2), <=, 8);
  cairo_surface_destroy (full);
  cairo_surface_destroy (cached);

  /* the static curve changed: a miss */
  full = render_to (f3, NULL, NULL);
  cached = render_to (f3, cache, &hit);
  g_assert_false (hit);
  g_assert_cmpuint (count_diff (full, cached, 2), <=, 8);
  cairo_surface_destroy (full);
  cairo_surface_destroy (cached);

  /* a zoomed view is a different static picture */
  lab_axes_set_view (lab_figure_get_axes (f3, 0), 0, 0.5, 0, 0.5);
  cached = render_to (f3, cache, &hit);
  g_assert_false (hit);
  cairo_surface_destroy (cached);

  lab_render_cache_free (cache);
}


/* The hover readout names a category axis' category (issue 10). */
static void
test_category_at (void)
{
  g_autoptr(LabFigure) fig = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  const char *cats[] = { "A", "B", "<i>C</i>", NULL };

  g_assert_null (lab_axes_get_xcategory (ax, 1.0));
  lab_axes_set_xcategories (ax, cats);
  g_assert_cmpstr (lab_axes_get_xcategory (ax, 0.2), ==, "A");
  g_assert_cmpstr (lab_axes_get_xcategory (ax, 1.49), ==, "B");
  g_assert_cmpstr (lab_axes_get_xcategory (ax, 2.4), ==, "<i>C</i>");
  g_assert_null (lab_axes_get_xcategory (ax, 2.6));
  g_assert_null (lab_axes_get_xcategory (ax, -0.6));
  g_assert_null (lab_axes_get_xcategory (ax, NAN));
  g_assert_null (lab_axes_get_ycategory (ax, 0));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/ticks/linear", test_ticks_linear);
  g_test_add_func ("/plot/ticks/log", test_ticks_log);
  g_test_add_func ("/plot/ticks/format", test_ticks_format);
  g_test_add_func ("/plot/scale/linear", test_scale_linear);
  g_test_add_func ("/plot/scale/log", test_scale_log);
  g_test_add_func ("/plot/limits/auto", test_limits_auto);
  g_test_add_func ("/plot/limits/view", test_view);
  g_test_add_func ("/plot/decimate/extremes", test_decimate_extremes);
  g_test_add_func ("/plot/decimate/render-spike", test_decimate_render_spike);
  g_test_add_func ("/plot/contour/circle", test_contour_circle);
  g_test_add_func ("/plot/contour/fill-area", test_contour_fill_area);
  g_test_add_func ("/plot/contour/saddle", test_contour_saddle);
  g_test_add_func ("/plot/colormap/endpoints", test_colormap_endpoints);
  g_test_add_func ("/plot/theme/resolve", test_theme_resolve);
  g_test_add_func ("/plot/render/reference-lines", test_render_hline_vline_abline);
  g_test_add_func ("/plot/render/line-step-band", test_render_line_step_band);
  g_test_add_func ("/plot/render/scatter", test_render_scatter);
  g_test_add_func ("/plot/render/scatter-sprites", test_render_scatter_sprites);
  g_test_add_func ("/plot/render/scatter-density", test_render_scatter_density);
  g_test_add_func ("/plot/render/bars", test_render_bars);
  g_test_add_func ("/plot/render/heatmap", test_render_heatmap);
  g_test_add_func ("/plot/render/class-map", test_render_class_map);
  g_test_add_func ("/plot/render/contour", test_render_contour);
  g_test_add_func ("/plot/render/arrow-text-marker", test_render_arrow_text_marker);
  g_test_add_func ("/plot/render/every-layer-themes", test_render_every_layer_themes);
  g_test_add_func ("/plot/render/device-scale", test_render_device_scale);
  g_test_add_func ("/plot/render/scripts-scaled", test_render_scripts_scaled);
  g_test_add_func ("/plot/layout/sizes", test_layout_sizes);
  g_test_add_func ("/plot/layout/span-weights", test_layout_span_weights);
  g_test_add_func ("/plot/layout/equal-aspect", test_layout_equal_aspect);
  g_test_add_func ("/plot/hit/pick-nearest", test_hit_pick_nearest);
  g_test_add_func ("/plot/legend/placement", test_legend_placement);
  g_test_add_func ("/plot/figure/boxed-metadata", test_figure_boxed_metadata);
  g_test_add_func ("/plot/export/png", test_export_png);
  g_test_add_func ("/plot/export/async", test_export_async);
  g_test_add_func ("/plot/export/svg", test_export_svg);
  g_test_add_func ("/plot/export/pdf", test_export_pdf);
  g_test_add_func ("/plot/export/errors", test_export_errors);
  g_test_add_func ("/plot/export/format-from-path", test_export_format_from_path);
  g_test_add_func ("/plot/export/csv", test_csv);
  g_test_add_func ("/plot/render/cache", test_render_cache);
  g_test_add_func ("/plot/axes/category-at", test_category_at);

  return g_test_run ();
}
