/* bench-plot.c — render timings of the figure toolkit
 *
 * Prints the median of repeated renders into a 1280×800 image surface:
 *   roc-figure     4 axes: three ~2000-point lines, bars, text, legends (budget ≤ 8 ms)
 *   scatter-1e6    1,000,000-point scatter, one colour (budget ≤ 50 ms)
 *   scatter-1e6-c  the same with per-point colours
 *   line-1e6       1,000,000-point noisy line (budget ≤ 50 ms)
 *   png-export     the ROC figure encoded as PNG in memory (zlib dominates)
 *
 * Usage: bench-plot [repeats]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "lab-figure.h"

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_render_ms (LabFigure *fig,
                  int        repeats)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 800);
  double *t = g_new (double, repeats), med;

  for (int i = 0; i < repeats; i++)
    {
      cairo_t *cr = cairo_create (s);
      gint64 t0 = g_get_monotonic_time ();

      lab_figure_render (fig, cr, 1280, 800, lab_theme_light ());
      cairo_surface_flush (s);
      t[i] = (g_get_monotonic_time () - t0) / 1000.0;
      cairo_destroy (cr);
    }
  qsort (t, repeats, sizeof (double), cmp_double);
  med = t[repeats / 2];
  g_free (t);
  cairo_surface_destroy (s);
  return med;
}

static guint32 rng_state = 12345;

static double
uniform (void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return (rng_state >> 8) / 16777216.0;
}

static double
normal (void)
{
  double u = uniform () + 1e-12, v = uniform ();

  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

static LabFigure *
roc_figure (void)
{
  LabFigure *fig = lab_figure_new (2, 2);
  gsize n = 2000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y1 = g_new (double, n);
  g_autofree double *y2 = g_new (double, n);
  g_autofree double *y3 = g_new (double, n);
  double edges[41], h0[40], h1[40];
  LabAxes *ax;

  for (gsize i = 0; i < n; i++)
    {
      x[i] = i / (double) (n - 1);
      y1[i] = pow (x[i], 0.25);
      y2[i] = pow (x[i], 0.5);
      y3[i] = pow (x[i], 0.8);
    }
  ax = lab_figure_get_axes (fig, 0);
  lab_axes_add_line (ax, "model A", x, y1, n, NULL);
  lab_axes_add_line (ax, "model B", x, y2, n, NULL);
  lab_axes_add_line (ax, "model C", x, y3, n, NULL);
  lab_axes_add_abline (ax, "chance", 0, 0, 1, NULL);
  lab_axes_add_marker (ax, "operating point", 0.1, pow (0.1, 0.25), NULL);
  lab_axes_set_xlim (ax, 0, 1);
  lab_axes_set_ylim (ax, 0, 1);
  lab_axes_set_equal_aspect (ax, TRUE);
  lab_axes_set_title (ax, "ROC");
  lab_axes_set_xlabel (ax, "False positive rate");
  lab_axes_set_ylabel (ax, "True positive rate");
  lab_axes_set_legend (ax, TRUE);

  ax = lab_figure_get_axes (fig, 1);
  lab_axes_add_line (ax, "model A", x, y2, n, NULL);
  lab_axes_set_title (ax, "Precision–recall");
  lab_axes_set_xlabel (ax, "Recall");
  lab_axes_set_ylabel (ax, "Precision");

  for (int i = 0; i <= 40; i++)
    edges[i] = i / 40.0;
  for (int i = 0; i < 40; i++)
    {
      double c = (i + 0.5) / 40.0;

      h0[i] = 500 * exp (-pow (c - 0.3, 2) / 0.02);
      h1[i] = 300 * exp (-pow (c - 0.7, 2) / 0.03);
    }
  ax = lab_figure_get_axes (fig, 2);
  lab_axes_add_bars (ax, "negatives", edges, h0, 40, NULL);
  lab_axes_add_bars (ax, "positives", edges, h1, 40, NULL);
  lab_axes_add_vline (ax, "threshold", 0.5, NULL);
  lab_axes_set_title (ax, "Scores");
  lab_axes_set_xlabel (ax, "Score");
  lab_axes_set_ylabel (ax, "Count");
  lab_axes_set_legend (ax, TRUE);

  ax = lab_figure_get_axes (fig, 3);
  lab_axes_add_line (ax, "cost", x, y3, n, NULL);
  lab_axes_add_text (ax, 0.95, 0.05, "AUC = 0.912\nAP = 0.874", LAB_ANCHOR_SOUTH_EAST, TRUE, NULL);
  lab_axes_set_title (ax, "Cost");
  lab_axes_set_xlabel (ax, "Threshold");
  lab_axes_set_ylabel (ax, "Expected cost");
  return fig;
}

int
main (int    argc,
      char **argv)
{
  int repeats = argc > 1 ? atoi (argv[1]) : 30;
  gsize n = 1000000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree LabColor *colors = g_new (LabColor, n);
  g_autoptr(LabFigure) roc = roc_figure ();
  g_autoptr(LabFigure) scatter = lab_figure_new (1, 1);
  g_autoptr(LabFigure) scatter_c = lab_figure_new (1, 1);
  g_autoptr(LabFigure) line = lab_figure_new (1, 1);
  g_autoptr(GError) error = NULL;
  double t;

  if (repeats < 1)
    repeats = 1;

  for (gsize i = 0; i < n; i++)
    {
      int c = i % 3;

      x[i] = normal () + 2.0 * c;
      y[i] = normal () + (c == 1 ? 2.0 : 0.0);
      colors[i] = lab_color_palette (c);
    }
  lab_axes_add_scatter (lab_figure_get_axes (scatter, 0), "points", x, y, NULL, n, NULL);
  lab_axes_add_scatter (lab_figure_get_axes (scatter_c, 0), "points", x, y, colors, n, NULL);

  for (gsize i = 0; i < n; i++)
    {
      x[i] = i;
      y[i] = sin (i * 1e-4) + 0.3 * normal ();
    }
  lab_axes_add_line (lab_figure_get_axes (line, 0), "signal", x, y, n, NULL);

  /* Warm up fonts and caches once. */
  median_render_ms (roc, 1);

  printf ("roc-figure     %8.2f ms  (1280×800, median of %d; budget 8 ms)\n",
          median_render_ms (roc, repeats), repeats);
  printf ("scatter-1e6    %8.2f ms  (budget 50 ms)\n", median_render_ms (scatter, MAX (3, repeats / 3)));
  printf ("scatter-1e6-c  %8.2f ms  (per-point colours)\n", median_render_ms (scatter_c, MAX (3, repeats / 3)));
  printf ("line-1e6       %8.2f ms  (budget 50 ms)\n", median_render_ms (line, MAX (3, repeats / 3)));

  {
    double *ts = g_new (double, 5);

    for (int i = 0; i < 5; i++)
      {
        gint64 t0 = g_get_monotonic_time ();
        g_autoptr(GBytes) png = lab_figure_to_png_bytes (roc, 1280, 800, 1.0, lab_theme_light (), &error);

        if (png == NULL)
          {
            fprintf (stderr, "%s\n", error->message);
            return 1;
          }
        ts[i] = (g_get_monotonic_time () - t0) / 1000.0;
      }
    qsort (ts, 5, sizeof (double), cmp_double);
    t = ts[2];
    g_free (ts);
    printf ("png-export     %8.2f ms  (render + PNG encoding in memory)\n", t);
  }
  return 0;
}
