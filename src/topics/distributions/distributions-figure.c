/* distributions-figure.c — the distributions topic on the main thread: PDF/PMF and CDF views, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "distributions-private.h"

/* ------------------------------------------------------------------ */
/* figure */

static double
query_x (const DistResult *self,
         LabParams        *params)
{
  double x = lab_params_get_double (params, "x");

  return self->discrete ? floor (x) : x;
}

/* a label beside the query point: on the side with more room, below it when high */
static LabAnchor
label_anchor (gboolean left_of_point,
              gboolean below)
{
  if (below)
    return left_of_point ? LAB_ANCHOR_NORTH_EAST : LAB_ANCHOR_NORTH_WEST;
  return left_of_point ? LAB_ANCHOR_SOUTH_EAST : LAB_ANCHOR_SOUTH_WEST;
}

LabFigure *
distributions_build (const LabResult *result,
                     LabParams       *params)
{
  const DistResult *self = (const DistResult *) result;
  const LabDist *d = &self->dist;
  LabFigure *figure = lab_figure_new (2, 1);
  LabAxes *pdf_ax = lab_figure_get_axes (figure, 0);
  LabAxes *cdf_ax = lab_figure_get_axes (figure, 1);
  double x = query_x (self, params);
  double fx = lab_dist_pdf (d, x), Fx = lab_dist_cdf (d, x), Sx = sample_cdf (self, x);
  double mean, var, skew, exkurt;
  double hist_max = 0, pdf_max = 0, ytop;
  g_autofree char *name = dist_name (d);
  g_autofree char *n_text = lab_format_count (self->n);
  LabStyle bars = lab_style_default (SLOT_SAMPLES);
  LabStyle exact = lab_style_default (SLOT_EXACT);
  LabStyle ecdf = lab_style_default (SLOT_SAMPLES);
  LabStyle exact_cdf = lab_style_default (SLOT_EXACT);
  LabStyle muted = lab_style_reference ();
  LabStyle qline = lab_style_default (0);
  LabStyle point = lab_style_default (0);
  LabStyle label = lab_style_default (0);
  gboolean right = x > 0.5 * (self->xlo + self->xhi);
  double tx = x + (right ? -0.012 : 0.012) * (self->xhi - self->xlo);   /* labels clear of the line */

  lab_dist_moments (d, &mean, &var, &skew, &exkurt);

  bars.fill = lab_color_palette_alpha (SLOT_SAMPLES, 0.4);
  bars.color = lab_color_palette_alpha (SLOT_SAMPLES, 0.0);
  exact.line_width = 2.2;
  ecdf.line_width = 1.5;
  exact_cdf.line_width = 4.0;
  exact_cdf.color = lab_color_palette_alpha (SLOT_EXACT, 0.55);
  qline.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  qline.line_width = 1.6;
  point.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
  point.fill = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  point.marker = LAB_MARKER_CIRCLE;
  point.marker_size = 10;
  point.line_width = 1.5;
  label.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);

  {
    g_autofree char *title = g_strdup_printf (_("%s · %s samples"), name, n_text);

    lab_figure_set_title (figure, title);
  }
  lab_figure_set_row_weights (figure, (const double[]) { 1.25, 1.0 });

  /* ---- histogram and the exact PDF / PMF ---- */
  lab_axes_set_tag (pdf_ax, TAG_PDF);
  lab_axes_set_title (pdf_ax, self->discrete ? _("Sample frequencies and the exact PMF")
                                             : _("Sample histogram (density) and the exact PDF"));
  lab_axes_set_ylabel (pdf_ax, self->discrete ? _("P(X = k)") : _("density"));
  lab_axes_set_grid (pdf_ax, TRUE);
  lab_axes_set_legend (pdf_ax, TRUE);
  lab_axes_set_xlim (pdf_ax, self->xlo, self->xhi);
  for (guint b = 0; b < self->n_bins; b++)
    hist_max = MAX (hist_max, self->heights[b]);

  if (self->discrete)
    {
      g_autofree double *edges = g_new (double, self->n_bins + 1);
      g_autofree double *k = g_new (double, self->n_bins);
      g_autofree double *pmf = g_new (double, self->n_bins);
      LabStyle marks = exact;

      for (guint b = 0; b <= self->n_bins; b++)
        edges[b] = self->hlo + b - 0.5;
      for (guint b = 0; b < self->n_bins; b++)
        {
          k[b] = self->hlo + b;
          pmf[b] = lab_dist_pdf (d, k[b]);
          pdf_max = MAX (pdf_max, pmf[b]);
        }
      lab_axes_add_bars (pdf_ax, _("sample frequency"), edges, self->heights, self->n_bins, &bars);
      marks.marker = LAB_MARKER_CIRCLE;
      marks.marker_size = self->n_bins > 60 ? 4 : 7;
      marks.fill = lab_color_palette (SLOT_EXACT);
      lab_axes_add_scatter (pdf_ax, _("exact PMF"), k, pmf, NULL, self->n_bins, &marks);
      ytop = 1.12 * MAX (hist_max, pdf_max);
    }
  else
    {
      double edges[101];
      double px[N_CURVE + 4], py[N_CURVE + 4];
      double slo = self->xlo, shi = self->xhi;
      gsize np = 0;
      double w = self->hhi - self->hlo;

      for (guint b = 0; b <= self->n_bins; b++)
        edges[b] = self->hlo + b * w / self->n_bins;
      lab_axes_add_bars (pdf_ax, _("sample histogram"), edges, self->heights, self->n_bins, &bars);

      /* bounded supports: draw the jump to 0 at the ends, evaluate just inside them */
      if (d->family == LAB_FAMILY_BETA || d->family == LAB_FAMILY_EXPONENTIAL
          || d->family == LAB_FAMILY_GAMMA || d->family == LAB_FAMILY_UNIFORM)
        {
          slo = d->family == LAB_FAMILY_UNIFORM ? d->a : 0.0;
          if (slo > self->xlo)
            {
              px[np] = self->xlo, py[np++] = 0;
              px[np] = slo, py[np++] = 0;
            }
        }
      if (d->family == LAB_FAMILY_BETA)
        shi = 1.0;
      else if (d->family == LAB_FAMILY_UNIFORM)
        shi = d->b;
      for (guint i = 0; i < N_CURVE; i++)
        {
          double t = (double) i / (N_CURVE - 1);
          double xi = slo + t * (shi - slo);

          /* at a bounded end the density may be infinite (shape < 1) or jump: step in by a hair */
          if (i == 0 && slo > self->xlo)
            xi = slo + 1e-4 * (shi - slo);
          else if (i == N_CURVE - 1 && shi < self->xhi)
            xi = shi - 1e-4 * (shi - slo);
          px[np] = xi;
          py[np] = lab_dist_pdf (d, xi);
          if (isfinite (py[np]) && xi >= self->hlo && xi <= self->hhi)
            pdf_max = MAX (pdf_max, py[np]);
          np++;
        }
      if (shi < self->xhi)
        {
          px[np] = shi, py[np++] = 0;
          px[np] = self->xhi, py[np++] = 0;
        }
      /* a density that runs off to infinity would flatten the rest: clip the view */
      ytop = 1.12 * MAX (hist_max, MIN (pdf_max, 2.5 * MAX (hist_max, 1e-300)));
      if (hist_max == 0)
        ytop = 1.12 * pdf_max;
      for (gsize i = 0; i < np; i++)
        if (!(py[i] <= 4 * ytop))
          py[i] = 4 * ytop;
      lab_axes_add_line (pdf_ax, _("exact PDF"), px, py, np, &exact);
    }
  if (!(ytop > 0))
    ytop = 1;
  lab_axes_set_ylim (pdf_ax, 0, ytop);
  {
    g_autofree char *mlabel = g_strdup_printf (_("mean E[X] = %.4g"), mean);

    lab_axes_add_vline (pdf_ax, mlabel, mean, &muted);
  }
  if (isfinite (x))
    {
      g_autofree char *text = self->discrete ? g_strdup_printf (_("P(X = %g) = %.4g"), x, fx)
                                             : g_strdup_printf (_("f(%.4g) = %.4g"), x, fx);

      lab_layer_set_dynamic (lab_axes_add_vline (pdf_ax, NULL, x, &qline), TRUE);
      lab_layer_set_dynamic (lab_axes_add_marker (pdf_ax, NULL, x, MIN (fx, ytop), &point), TRUE);
      lab_layer_set_dynamic (lab_axes_add_text (pdf_ax, tx, MIN (fx, ytop * 0.92), text,
                                                label_anchor (right, fx > 0.7 * ytop),
                                                FALSE, &label), TRUE);
    }

  /* ---- exact CDF and the empirical CDF ---- */
  lab_axes_set_tag (cdf_ax, TAG_CDF);
  lab_axes_set_title (cdf_ax, _("Cumulative distribution: exact and empirical"));
  lab_axes_set_xlabel (cdf_ax, "x");
  lab_axes_set_ylabel (cdf_ax, _("P(X ≤ x)"));
  lab_axes_set_grid (cdf_ax, TRUE);
  lab_axes_set_legend (cdf_ax, TRUE);
  lab_axes_set_xlim (cdf_ax, self->xlo, self->xhi);
  lab_axes_set_ylim (cdf_ax, -0.02, 1.02);
  if (self->discrete)
    {
      g_autofree double *cx = g_new (double, self->n_ecdf);
      g_autofree double *cy = g_new (double, self->n_ecdf);

      for (gsize i = 0; i < self->n_ecdf; i++)
        {
          cx[i] = self->ecdf_x[i];
          cy[i] = lab_dist_cdf (d, cx[i]);
        }
      lab_axes_add_step (cdf_ax, _("exact CDF"), cx, cy, self->n_ecdf, &exact_cdf);
    }
  else
    {
      double cx[N_CURVE], cy[N_CURVE];

      for (guint i = 0; i < N_CURVE; i++)
        {
          cx[i] = self->xlo + (self->xhi - self->xlo) * i / (N_CURVE - 1);
          cy[i] = lab_dist_cdf (d, cx[i]);
        }
      lab_axes_add_line (cdf_ax, _("exact CDF"), cx, cy, N_CURVE, &exact_cdf);
    }
  /* on top: the exact curve is the wider one beneath */
  lab_axes_add_step (cdf_ax, _("empirical CDF"), self->ecdf_x, self->ecdf_y, self->n_ecdf, &ecdf);
  if (isfinite (x))
    {
      g_autofree char *text = g_strdup_printf (_("P(X ≤ %.4g) = %.4f\nsample: %.4f"), x, Fx, Sx);

      lab_layer_set_dynamic (lab_axes_add_vline (cdf_ax, NULL, x, &qline), TRUE);
      lab_layer_set_dynamic (lab_axes_add_marker (cdf_ax, NULL, x, Fx, &point), TRUE);
      lab_layer_set_dynamic (lab_axes_add_text (cdf_ax, tx, Fx,
                                                text, label_anchor (right, Fx > 0.5),
                                                FALSE, &label), TRUE);
    }

  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

void
distributions_metrics (const LabResult *result,
                       LabParams       *params,
                       LabMetrics      *out)
{
  const DistResult *self = (const DistResult *) result;
  double mean, var, skew, exkurt;
  double x = query_x (self, params);

  lab_dist_moments (&self->dist, &mean, &var, &skew, &exkurt);
  lab_metrics_add_int (out, "samples", _("Samples"), (gint64) self->n);
  lab_metrics_add_double (out, "mean", _("Mean E[X]"), mean);
  lab_metrics_add_double (out, "sample_mean", _("Sample mean"), self->moments.mean);
  lab_metrics_add_double (out, "variance", _("Variance"), var);
  lab_metrics_add_double (out, "sample_variance", _("Sample variance (unbiased)"), lab_moments_variance (&self->moments));
  lab_metrics_add_double (out, "skewness", _("Skewness μ₃/σ³"), skew);
  lab_metrics_add_double (out, "sample_skewness", _("Sample skewness g₁"), lab_moments_skewness (&self->moments));
  lab_metrics_add_double (out, "excess_kurtosis", _("Excess kurtosis μ₄/σ⁴ − 3"), exkurt);
  lab_metrics_add_double (out, "sample_excess_kurtosis", _("Sample excess kurtosis g₂"),
                          lab_moments_excess_kurtosis (&self->moments));
  lab_metrics_add_double (out, "x", _("Query point x"), x);
  lab_metrics_add_double (out, "cdf_at_x", _("P(X ≤ x)"), lab_dist_cdf (&self->dist, x));
  lab_metrics_add_double (out, "sample_cdf_at_x", _("Sample fraction ≤ x"), sample_cdf (self, x));
  lab_metrics_add_double (out, "pdf_at_x", self->discrete ? _("P(X = x)") : _("Density f(x)"),
                          lab_dist_pdf (&self->dist, x));
}

/* ------------------------------------------------------------------ */
/* interaction */

gboolean
distributions_click (const LabResult *result,
                     LabParams       *params,
                     int              axes_tag,
                     double           x,
                     double           y)
{
  const DistResult *self = (const DistResult *) result;

  if (axes_tag != TAG_PDF && axes_tag != TAG_CDF)
    return FALSE;
  if (!isfinite (x))
    return FALSE;
  lab_params_set_double (params, "x", self->discrete ? round (x) : x);
  return TRUE;
}

gboolean
distributions_suggest_range (const LabResult *result,
                             GParamSpec      *pspec,
                             double          *lo,
                             double          *hi)
{
  const DistResult *self = (const DistResult *) result;

  if (!g_str_equal (pspec->name, "x"))
    return FALSE;
  *lo = self->xlo;
  *hi = self->xhi;
  return TRUE;
}
