/* distributions-figure.c — the distributions topic on the main thread: PDF/PMF and CDF views, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_sort.h>

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

/* P(a ≤ X ≤ b): both ends included (a discrete family counts the bar at a) */
static double
interval_probability (const LabDist *d,
                      double         a,
                      double         b)
{
  if (!(a <= b))
    return NAN;
  if (lab_dist_is_discrete (d))
    return lab_dist_cdf (d, floor (b)) - lab_dist_cdf (d, ceil (a) - 1);
  return lab_dist_cdf (d, b) - lab_dist_cdf (d, a);
}

/* The binomial's approximation: P̃(k) of the normal N(np, npq) read with the continuity
 * correction (the mass of [k − ½, k + ½]) or of Poisson(np). */
static double
approx_mass (const LabDist   *d,
             LabApproximation kind,
             double           k)
{
  double m = d->n * d->p, sd = sqrt (d->n * d->p * (1 - d->p));

  if (kind == LAB_APPROXIMATION_NORMAL)
    return gsl_cdf_gaussian_P (k + 0.5 - m, sd) - gsl_cdf_gaussian_P (k - 0.5 - m, sd);
  return gsl_ran_poisson_pdf ((unsigned int) k, m);
}

/* Total variation ½ Σ |P(k) − P̃(k)| over every integer: the binomial's support 0…n, plus the
 * approximation's mass outside it (the normal's below −½ and above n + ½, Poisson's above n). */
static double
tv_distance (const LabDist   *d,
             LabApproximation kind)
{
  double m = d->n * d->p, sd = sqrt (d->n * d->p * (1 - d->p));
  double tv = 0, inside = 0;

  for (unsigned int k = 0; k <= d->n; k++)
    {
      double a = approx_mass (d, kind, k);

      tv += fabs (lab_dist_pdf (d, k) - a);
      inside += a;
    }
  if (kind == LAB_APPROXIMATION_NORMAL)
    tv += gsl_cdf_gaussian_P (-0.5 - m, sd) + gsl_cdf_gaussian_Q (d->n + 0.5 - m, sd);
  else
    tv += gsl_cdf_poisson_Q (d->n, m);
  (void) inside;
  return 0.5 * tv;
}

static LabApproximation
approximation (const DistResult *self,
               LabParams        *params)
{
  if (self->dist.family != LAB_FAMILY_BINOMIAL)
    return LAB_APPROXIMATION_NONE;
  return lab_params_get_enum (params, "approximation");
}

static LabFigure *
build_explore (const LabResult *result,
               LabParams       *params)
{
  const DistResult *self = (const DistResult *) result;
  const LabDist *d = &self->dist;
  LabFigure *figure;
  LabAxes *pdf_ax, *cdf_ax;
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
  double ia = lab_params_get_double (params, "interval-a"), ib = lab_params_get_double (params, "interval-b");
  LabApproximation approx = approximation (self, params);

  figure = lab_figure_new (self->clt_n >= 2 ? 3 : 2, 1);
  pdf_ax = lab_figure_get_axes (figure, 0);
  cdf_ax = lab_figure_get_axes (figure, 1);
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
  lab_figure_set_row_weights (figure, (const double[]) { 1.25, 1.0, 1.0 });

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

  /* the interval P(a ≤ X ≤ b), shaded: the bars inside it, or the area under the density */
  if (isfinite (ia) && isfinite (ib) && ia <= ib)
    {
      LabStyle shade = lab_style_default (0);
      double prob = interval_probability (d, ia, ib);
      g_autofree char *text = g_strdup_printf (_("P(%.4g ≤ X ≤ %.4g) = %.4f"), ia, ib, prob);

      shade.fill = lab_color_semantic (LAB_COLOR_ACCENT, 0.28);
      shade.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.0);
      if (self->discrete)
        {
          double k0 = MAX (ceil (ia), self->hlo), k1 = MIN (floor (ib), self->hhi);

          if (k1 >= k0)
            {
              gsize nk = (gsize) (k1 - k0) + 1;
              g_autofree double *e = g_new (double, nk + 1);
              g_autofree double *h = g_new (double, nk);

              for (gsize i = 0; i <= nk; i++)
                e[i] = k0 + i - 0.5;
              for (gsize i = 0; i < nk; i++)
                h[i] = MIN (lab_dist_pdf (d, k0 + i), ytop);
              lab_layer_set_dynamic (lab_axes_add_bars (pdf_ax, NULL, e, h, nk, &shade), TRUE);
            }
        }
      else
        {
          double lo = MAX (ia, self->xlo), hi = MIN (ib, self->xhi);
          double sx[N_CURVE], slo[N_CURVE], shi[N_CURVE];

          if (hi > lo)
            {
              for (guint i = 0; i < N_CURVE; i++)
                {
                  double t = (double) i / (N_CURVE - 1);
                  double v;

                  sx[i] = lo + t * (hi - lo);
                  v = lab_dist_pdf (d, sx[i]);
                  slo[i] = 0;
                  shi[i] = isfinite (v) ? MIN (v, ytop) : ytop;
                }
              lab_layer_set_dynamic (lab_axes_add_band (pdf_ax, NULL, sx, slo, shi, N_CURVE, &shade), TRUE);
            }
        }
      lab_layer_set_dynamic (lab_axes_add_text (pdf_ax, 0.02, 0.96, text, LAB_ANCHOR_NORTH_WEST, TRUE, &label), TRUE);
    }

  /* Binomial ≈ Normal (continuity-corrected) or ≈ Poisson(np) */
  if (approx != LAB_APPROXIMATION_NONE && self->n_bins > 0)
    {
      g_autofree double *k = g_new (double, self->n_bins);
      g_autofree double *a = g_new (double, self->n_bins);
      LabStyle ap = lab_style_default (2);
      double tv = tv_distance (d, approx);
      g_autofree char *lbl = approx == LAB_APPROXIMATION_NORMAL
        ? g_strdup_printf (_("normal N(np, npq), ±½: TV = %.4f"), tv)
        : g_strdup_printf (_("Poisson(np): TV = %.4f"), tv);

      for (guint b = 0; b < self->n_bins; b++)
        {
          k[b] = self->hlo + b;
          a[b] = approx_mass (d, approx, k[b]);
        }
      ap.line_width = 1.6;
      ap.marker = LAB_MARKER_CIRCLE;
      ap.marker_size = self->n_bins > 60 ? 3 : 5;
      ap.fill = lab_color_palette (2);
      lab_layer_set_dynamic (lab_axes_add_line (pdf_ax, lbl, k, a, self->n_bins, &ap), TRUE);
    }
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
  {
    const double qs[3] = { 0.05, 0.5, 0.95 };
    double qx[3], qy[3];
    LabStyle qm = lab_style_marker (lab_color_palette (SLOT_EXACT), 7);

    for (int i = 0; i < 3; i++)
      qx[i] = lab_dist_quantile (d, qs[i]), qy[i] = qs[i];
    qm.marker = LAB_MARKER_DIAMOND;
    lab_axes_add_scatter (cdf_ax, _("quantiles 5 %, 50 %, 95 %"), qx, qy, NULL, 3, &qm);
  }

  /* ---- the central limit: means of n draws against N(μ, σ²/n) ---- */
  if (self->clt_n >= 2)
    {
      LabAxes *clt_ax = lab_figure_get_axes (figure, 2);
      double edges[CLT_BINS + 1], cx[N_CURVE], cy[N_CURVE], top = 0;
      double w = (self->clt_hi - self->clt_lo) / CLT_BINS;
      g_autofree char *theory = isfinite (var) ? g_strdup_printf ("%.4g", sqrt (var / self->clt_n)) : g_strdup ("∞");
      g_autofree char *title = g_strdup_printf (_("Means of %u draws (%s of them): sd %.4g, theory σ/√n = %s"),
                                                self->clt_n, "20,000", self->clt_sample_sd, theory);

      lab_axes_set_tag (clt_ax, TAG_CLT);
      lab_axes_set_title (clt_ax, title);
      lab_axes_set_xlabel (clt_ax, _("mean of n draws"));
      lab_axes_set_ylabel (clt_ax, _("density"));
      lab_axes_set_grid (clt_ax, TRUE);
      lab_axes_set_legend (clt_ax, TRUE);
      lab_axes_set_xlim (clt_ax, self->clt_lo, self->clt_hi);
      for (guint b = 0; b <= CLT_BINS; b++)
        edges[b] = self->clt_lo + b * w;
      for (guint b = 0; b < CLT_BINS; b++)
        top = MAX (top, self->clt_heights[b]);
      lab_axes_add_bars (clt_ax, _("means of n draws"), edges, self->clt_heights, CLT_BINS, &bars);
      if (isfinite (var) && isfinite (mean))
        {
          double sd = sqrt (var / self->clt_n);

          for (guint i = 0; i < N_CURVE; i++)
            {
              cx[i] = self->clt_lo + (self->clt_hi - self->clt_lo) * i / (N_CURVE - 1);
              cy[i] = gsl_ran_gaussian_pdf (cx[i] - mean, sd);
              top = MAX (top, cy[i]);
            }
          lab_axes_add_line (clt_ax, _("normal limit N(μ, σ²/n)"), cx, cy, N_CURVE, &exact);
        }
      else
        lab_axes_add_text (clt_ax, 0.02, 0.95, _("σ² is not finite: no normal limit (the CLT needs a finite variance)"),
                           LAB_ANCHOR_NORTH_WEST, TRUE, &label);
      lab_axes_set_ylim (clt_ax, 0, 1.12 * MAX (top, 1e-300));
    }

  return figure;
}

/* ------------------------------------------------------------------ */
/* compare: P and Q, the KL integrand */

static void
density_curve (const LabDist *d,
               double         lo,
               double         hi,
               double        *x,
               double        *y,
               guint          n)
{
  for (guint i = 0; i < n; i++)
    {
      x[i] = lo + (hi - lo) * i / (n - 1);
      y[i] = lab_dist_pdf (d, x[i]);
    }
}

static LabFigure *
build_compare (const DistResult *self,
               LabParams        *params)
{
  const LabDist *p = &self->dist, *q = &self->qdist;
  LabFigure *figure = lab_figure_new (2, 1);
  LabAxes *ax = lab_figure_get_axes (figure, 0);
  LabAxes *iax = lab_figure_get_axes (figure, 1);
  g_autofree char *pname = dist_name (p);
  g_autofree char *qname = dist_name (q);
  LabStyle ps = lab_style_default (0), qs = lab_style_default (1), label = lab_style_text ();
  gboolean disc = lab_dist_is_discrete (p), qdisc = lab_dist_is_discrete (q);
  double top = 0, itop = 0, ibot = 0;

  {
    g_autofree char *title = g_strdup_printf (_("P = %s  ·  Q = %s"), pname, qname);

    lab_figure_set_title (figure, title);
  }
  lab_figure_set_row_weights (figure, (const double[]) { 1.0, 1.0 });
  ps.line_width = qs.line_width = 2.2;
  lab_axes_set_tag (ax, TAG_PDF);
  lab_axes_set_title (ax, _("P (the truth) and Q (the model)"));
  lab_axes_set_ylabel (ax, disc ? _("P(X = k)") : _("density"));
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_xlim (ax, self->xlo, self->xhi);

  for (int which = 0; which < 2; which++)
    {
      const LabDist *d = which ? q : p;
      LabStyle st = which ? qs : ps;
      const char *name = which ? _("Q") : _("P");

      if (lab_dist_is_discrete (d))
        {
          double lo = MAX (ceil (self->xlo), 0), hi = floor (self->xhi);
          gsize nk = hi >= lo ? (gsize) (hi - lo) + 1 : 0;
          g_autofree double *k = g_new (double, nk + 1);
          g_autofree double *m = g_new (double, nk + 1);

          for (gsize i = 0; i < nk; i++)
            k[i] = lo + i, m[i] = lab_dist_pdf (d, k[i]), top = MAX (top, m[i]);
          st.marker = LAB_MARKER_CIRCLE;
          st.marker_size = nk > 60 ? 4 : 7;
          st.fill = lab_color_palette (which);
          lab_axes_add_scatter (ax, name, k, m, NULL, nk, &st);
        }
      else
        {
          double x[N_CURVE], y[N_CURVE];

          density_curve (d, self->xlo, self->xhi, x, y, N_CURVE);
          for (guint i = 0; i < N_CURVE; i++)
            if (isfinite (y[i]))
              top = MAX (top, y[i]);
          st.fill = lab_color_palette_alpha (which, 0.0);
          lab_axes_add_line (ax, name, x, y, N_CURVE, &st);
        }
    }
  if (self->have_fits)
    {
      double x[N_CURVE], y[N_CURVE];
      LabStyle f = lab_style_default (2), r = lab_style_default (3);

      f.dash = r.dash = LAB_DASH_DASHED;
      f.line_width = r.line_width = 1.8;
      if (isfinite (self->fwd_mu))
        {
          LabDist n = { .family = LAB_FAMILY_NORMAL, .mu = self->fwd_mu, .sigma = self->fwd_sigma };
          g_autofree char *lbl = g_strdup_printf (_("argmin KL(P‖Q): N(%.3g, %.3g²)"), self->fwd_mu, self->fwd_sigma);

          density_curve (&n, self->xlo, self->xhi, x, y, N_CURVE);
          lab_axes_add_line (ax, lbl, x, y, N_CURVE, &f);
        }
      {
        LabDist n = { .family = LAB_FAMILY_NORMAL, .mu = self->rev_mu, .sigma = self->rev_sigma };
        /* a centre that is 0 up to the optimiser's tolerance prints as 0, not 2e-07 */
        double mu = fabs (self->rev_mu) < 1e-5 * self->rev_sigma ? 0 : self->rev_mu;
        g_autofree char *lbl = g_strdup_printf (_("argmin KL(Q‖P): N(%.3g, %.3g²)"), mu, self->rev_sigma);

        density_curve (&n, self->xlo, self->xhi, x, y, N_CURVE);
        for (guint i = 0; i < N_CURVE; i++)
          top = MAX (top, y[i]);
        lab_axes_add_line (ax, lbl, x, y, N_CURVE, &r);
      }
    }
  lab_axes_set_ylim (ax, 0, 1.15 * MAX (MIN (top, 50), 1e-300));

  /* the integrand p·log(p/q): its area is KL(P‖Q); q·log(q/p) integrates to KL(Q‖P) */
  lab_axes_set_tag (iax, TAG_INTEGRAND);
  lab_axes_set_xlabel (iax, "x");
  lab_axes_set_ylabel (iax, _("nats per unit x"));
  lab_axes_set_grid (iax, TRUE);
  lab_axes_set_legend (iax, TRUE);
  lab_axes_set_xlim (iax, self->xlo, self->xhi);
  if (disc != qdisc)
    {
      lab_axes_set_title (iax, _("One is discrete, the other continuous: no common density"));
      lab_axes_add_text (iax, 0.5, 0.5, _("KL = ∞ both ways; JS = log 2, its maximum"),
                         LAB_ANCHOR_CENTER, TRUE, &label);
      lab_axes_set_ylim (iax, -1, 1);
      return figure;
    }
  lab_axes_set_title (iax, _("Integrands: p·log(p/q) (shaded, area KL(P‖Q)) and q·log(q/p) (area KL(Q‖P))"));
  if (disc)
    {
      double lo = MAX (ceil (self->xlo), 0), hi = floor (self->xhi);
      gsize nk = hi >= lo ? (gsize) (hi - lo) + 1 : 0;
      g_autofree double *e = g_new (double, nk + 1);
      g_autofree double *h = g_new (double, nk + 1);
      g_autofree double *k = g_new (double, nk + 1);
      g_autofree double *r = g_new (double, nk + 1);
      LabStyle b = lab_style_default (0), rs = lab_style_default (1);

      for (gsize i = 0; i < nk; i++)
        {
          double pk = lab_dist_pdf (p, lo + i), qk = lab_dist_pdf (q, lo + i);

          e[i] = lo + i - 0.5;
          k[i] = lo + i;
          h[i] = pk > 0 ? (qk > 0 ? pk * log (pk / qk) : NAN) : 0;
          r[i] = qk > 0 ? (pk > 0 ? qk * log (qk / pk) : NAN) : 0;
        }
      e[nk] = hi + 0.5;
      for (gsize i = 0; i < nk; i++)
        {
          if (isfinite (h[i]))
            itop = MAX (itop, h[i]), ibot = MIN (ibot, h[i]);
          if (isfinite (r[i]))
            itop = MAX (itop, r[i]), ibot = MIN (ibot, r[i]);
        }
      b.fill = lab_color_palette_alpha (0, 0.45);
      lab_axes_add_bars (iax, _("p·log(p/q)"), e, h, nk, &b);
      rs.marker = LAB_MARKER_CIRCLE;
      rs.marker_size = nk > 60 ? 3 : 5;
      rs.fill = lab_color_palette (1);
      lab_axes_add_line (iax, _("q·log(q/p)"), k, r, nk, &rs);
    }
  else
    {
      double x[N_CURVE], y0[N_CURVE], y[N_CURVE], yr[N_CURVE];
      LabStyle b = lab_style_default (0), rs = lab_style_default (1);

      for (guint i = 0; i < N_CURVE; i++)
        {
          double pv, qv;

          x[i] = self->xlo + (self->xhi - self->xlo) * i / (N_CURVE - 1);
          pv = lab_dist_pdf (p, x[i]), qv = lab_dist_pdf (q, x[i]);
          y0[i] = 0;
          /* where one density is 0 and the other not, that integrand is infinite: a gap */
          y[i] = pv > 0 ? (qv > 0 ? pv * log (pv / qv) : NAN) : 0;
          yr[i] = qv > 0 ? (pv > 0 ? qv * log (qv / pv) : NAN) : 0;
          if (isfinite (y[i]))
            itop = MAX (itop, y[i]), ibot = MIN (ibot, y[i]);
          if (isfinite (yr[i]))
            itop = MAX (itop, yr[i]), ibot = MIN (ibot, yr[i]);
        }
      b.fill = lab_color_palette_alpha (0, 0.35);
      lab_axes_add_band (iax, _("p·log(p/q)"), x, y0, y, N_CURVE, &b);
      rs.line_width = 1.8;
      lab_axes_add_line (iax, _("q·log(q/p)"), x, yr, N_CURVE, &rs);
    }
  lab_axes_add_hline (iax, NULL, 0, NULL);
  {
    double h = self->entropy, kl = self->kl_pq;
    g_autofree char *rev = isfinite (self->kl_qp) ? g_strdup_printf ("%.4f", self->kl_qp) : g_strdup ("∞");
    g_autofree char *text = isfinite (kl)
      ? g_strdup_printf (_("H(P, Q) = H(P) + KL(P‖Q) = %.4f + %.4f = %.4f nats\nKL(Q‖P) = %s   JS = %.4f"),
                         h, kl, h + kl, rev, self->js)
      : g_strdup_printf (_("KL(P‖Q) = ∞: P puts mass where Q has none\nKL(Q‖P) = %s   JS = %.4f"), rev, self->js);

    lab_axes_add_text (iax, 0.98, 0.95, text, LAB_ANCHOR_NORTH_EAST, TRUE, &label);
  }
  if (!(itop > ibot))
    itop = 1;
  lab_axes_set_ylim (iax, ibot - 0.05 * (itop - ibot), itop + 0.35 * (itop - ibot));
  return figure;
}


/* ------------------------------------------------------------------ */
/* fit: the fitted density over the data, the Q–Q plot, the profile log-likelihood */

static LabFigure *
build_fit (const DistResult *self,
           LabParams        *params)
{
  const LabDist *d = &self->fitted;
  LabFigure *figure = lab_figure_new (2, 2);
  LabAxes *ax = lab_figure_get_axes_at (figure, 0, 0);
  LabAxes *qq = lab_figure_get_axes_at (figure, 1, 0);
  LabAxes *pr = lab_figure_get_axes_at (figure, 1, 1);
  gboolean disc = lab_dist_is_discrete (d);
  g_autofree char *name = dist_name (d);
  g_autofree char *n_text = lab_format_count ((gint64) self->fit_n);
  double lo = self->fit_x[0], hi = self->fit_x[self->fit_n - 1], top = 0;
  LabStyle bars = lab_style_default (SLOT_SAMPLES), exact = lab_style_default (SLOT_EXACT);
  LabStyle label = lab_style_text ();

  lab_figure_set_span (figure, 0, 0, 1, 2);
  {
    g_autofree char *title = self->column != NULL
      ? g_strdup_printf (_("Maximum likelihood: %s fitted to “%s” (%s values)"), name, self->column, n_text)
      : g_strdup_printf (_("Maximum likelihood: %s fitted to %s drawn values"), name, n_text);

    lab_figure_set_title (figure, title);
  }
  bars.fill = lab_color_palette_alpha (SLOT_SAMPLES, 0.4);
  bars.color = lab_color_palette_alpha (SLOT_SAMPLES, 0.0);
  exact.line_width = 2.2;

  lab_axes_set_tag (ax, TAG_PDF);
  lab_axes_set_title (ax, disc ? _("Data frequencies and the fitted PMF") : _("Data histogram (density) and the fitted PDF"));
  lab_axes_set_ylabel (ax, disc ? _("frequency") : _("density"));
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  if (disc)
    {
      guint nb = (guint) MIN (hi - lo + 1, 400);
      g_autofree double *e = g_new0 (double, nb + 1), *h = g_new0 (double, nb), *k = g_new (double, nb), *m = g_new (double, nb);
      LabStyle marks = exact;

      for (guint b = 0; b <= nb; b++)
        e[b] = lo + b - 0.5;
      for (gsize i = 0; i < self->fit_n; i++)
        {
          double b = self->fit_x[i] - lo;

          if (b < nb)
            h[(gsize) b] += 1.0 / self->fit_n;
        }
      for (guint b = 0; b < nb; b++)
        {
          k[b] = lo + b, m[b] = lab_dist_pdf (d, k[b]);
          top = MAX (top, MAX (m[b], h[b]));
        }
      lab_axes_add_bars (ax, _("data"), e, h, nb, &bars);
      marks.marker = LAB_MARKER_CIRCLE;
      marks.marker_size = nb > 60 ? 4 : 7;
      marks.fill = lab_color_palette (SLOT_EXACT);
      lab_axes_add_scatter (ax, _("fitted PMF"), k, m, NULL, nb, &marks);
      lab_axes_set_xlim (ax, lo - 0.8, lo + nb - 0.2);
    }
  else
    {
      guint nb = (guint) CLAMP (ceil (2 * cbrt ((double) self->fit_n)), 8, FIT_BINS_MAX);
      double e[FIT_BINS_MAX + 1], h[FIT_BINS_MAX] = { 0 }, cx[N_CURVE], cy[N_CURVE];
      double w, vlo, vhi;

      /* heavy tails would squeeze the bulk into a few bins: the fit's central 99 % at most */
      lo = MAX (lo, lab_dist_quantile (d, 0.005));
      hi = MIN (hi, lab_dist_quantile (d, 0.995));
      if (!(hi > lo))
        lo = self->fit_x[0], hi = self->fit_x[self->fit_n - 1];
      w = (hi - lo) / nb, vlo = lo - 0.05 * (hi - lo), vhi = hi + 0.05 * (hi - lo);
      for (guint b = 0; b <= nb; b++)
        e[b] = lo + b * w;
      for (gsize i = 0; i < self->fit_n; i++)
        {
          double b = (self->fit_x[i] - lo) / w;

          if (b >= 0 && b <= nb)
            h[MIN ((gsize) b, nb - 1)] += 1.0 / (self->fit_n * w);
        }
      for (guint b = 0; b < nb; b++)
        top = MAX (top, h[b]);
      lab_axes_add_bars (ax, _("data"), e, h, nb, &bars);
      for (guint i = 0; i < N_CURVE; i++)
        {
          cx[i] = vlo + (vhi - vlo) * i / (N_CURVE - 1);
          cy[i] = lab_dist_pdf (d, cx[i]);
          if (!(cy[i] <= 3 * top))
            cy[i] = 3 * top;
        }
      lab_axes_add_line (ax, _("fitted PDF"), cx, cy, N_CURVE, &exact);
      for (guint i = 0; i < N_CURVE; i++)
        top = MAX (top, cy[i]);
      lab_axes_set_xlim (ax, vlo, vhi);
    }
  lab_axes_set_ylim (ax, 0, 1.12 * MAX (top, 1e-300));
  {
    g_autofree char *text = g_strdup_printf (_("log-likelihood %.4f\nAIC %.2f   BIC %.2f"),
                                             self->log_likelihood, self->aic, self->bic);

    lab_axes_add_text (ax, 0.98, 0.75, text, LAB_ANCHOR_NORTH_EAST, TRUE, &label);
  }

  /* Q–Q: sorted data against the fitted quantiles at (i − ½)/n */
  {
    guint m = (guint) MIN (self->fit_n, N_QQ);
    g_autofree double *tq = g_new (double, m), *dq = g_new (double, m);
    LabStyle pts = lab_style_default (SLOT_SAMPLES);
    double a = INFINITY, b = -INFINITY;

    for (guint j = 0; j < m; j++)
      {
        gsize i = (gsize) ((j + 0.5) * self->fit_n / m);

        tq[j] = lab_dist_quantile (d, (i + 0.5) / self->fit_n);
        dq[j] = self->fit_x[i];
        if (isfinite (tq[j]))
          a = MIN (a, MIN (tq[j], dq[j])), b = MAX (b, MAX (tq[j], dq[j]));
      }
    pts.marker = LAB_MARKER_CIRCLE;
    pts.marker_size = 4;
    pts.line_width = 0;
    lab_axes_set_tag (qq, TAG_QQ);
    lab_axes_set_title (qq, _("Q–Q: data quantiles against the fit’s"));
    lab_axes_set_xlabel (qq, _("fitted quantile"));
    lab_axes_set_ylabel (qq, _("data quantile"));
    lab_axes_set_grid (qq, TRUE);
    lab_axes_add_abline (qq, NULL, 0, 0, 1, NULL);
    lab_axes_add_scatter (qq, _("quantiles"), tq, dq, NULL, m, &pts);
    if (b > a)
      {
        lab_axes_set_xlim (qq, a - 0.03 * (b - a), b + 0.03 * (b - a));
        lab_axes_set_ylim (qq, a - 0.03 * (b - a), b + 0.03 * (b - a));
      }
  }

  /* the profile log-likelihood of the first parameter, its maximum and the 95 % LR interval */
  if (self->have_profile)
    {
      const char *pname = lab_dist_fit_param_name (d->family, 0);
      double th = lab_dist_fit_get_param (d, 0), lmax = self->log_likelihood, ymin = INFINITY;
      LabStyle line = lab_style_default (SLOT_EXACT), cut = lab_style_reference ();
      LabStyle mark = lab_style_marker (lab_color_semantic (LAB_COLOR_ACCENT, 1.0), 9);
      g_autofree char *title = g_strdup_printf (_("Profile log-likelihood of %s"), pname);
      g_autofree char *mlabel = g_strdup_printf (_("MLE %s = %.4g"), pname, th);

      for (guint i = 0; i < N_PROFILE; i++)
        if (isfinite (self->profile_ll[i]))
          ymin = MIN (ymin, self->profile_ll[i]);
      lab_axes_set_tag (pr, TAG_PROFILE);
      lab_axes_set_title (pr, title);
      lab_axes_set_xlabel (pr, pname);
      lab_axes_set_ylabel (pr, _("log-likelihood"));
      lab_axes_set_grid (pr, TRUE);
      lab_axes_set_legend (pr, TRUE);
      line.line_width = 2;
      lab_axes_add_line (pr, NULL, self->profile_x, self->profile_ll, N_PROFILE, &line);
      lab_axes_add_hline (pr, _("max − 1.92 (95 % LR interval)"), lmax - 1.920729, &cut);
      lab_axes_add_marker (pr, mlabel, th, lmax, &mark);
      if (isfinite (ymin) && lmax > ymin)
        lab_axes_set_ylim (pr, ymin - 0.05 * (lmax - ymin), lmax + 0.25 * (lmax - ymin));
    }
  return figure;
}

/* ------------------------------------------------------------------ */
/* bayes: prior, likelihood, posterior; the posterior's path */

static gsize
bayes_step (const DistResult *self,
            LabParams        *params)
{
  int step = lab_params_get_int (params, "step");

  return step < 0 || (gsize) step > self->n_obs ? self->n_obs : (gsize) step;
}

static const char *
bayes_param_name (LabConjugate kind)
{
  return kind == LAB_CONJUGATE_BETA_BINOMIAL ? "p" : kind == LAB_CONJUGATE_GAMMA_POISSON ? "λ" : "μ";
}

/* the likelihood of the first k observations, normalised as a density in θ (it is one:
 * Beta(s + 1, k − s + 1), Gamma(S + 1, rate k), N(x̄, σ²/k)) */
static LabConjugatePrior
likelihood_density (const DistResult *self,
                    gsize             k,
                    double            stat)
{
  LabConjugatePrior flat = self->prior;

  switch (self->prior.kind)
    {
    case LAB_CONJUGATE_BETA_BINOMIAL:
      flat.a = stat + 1, flat.b = k - stat + 1;
      break;
    case LAB_CONJUGATE_GAMMA_POISSON:
      flat.a = stat + 1, flat.b = k;
      break;
    case LAB_CONJUGATE_NORMAL_NORMAL:
    default:
      flat.a = stat, flat.b = self->prior.known_sigma / sqrt (k);
      break;
    }
  return flat;
}

static LabFigure *
build_bayes (const DistResult *self,
             LabParams        *params)
{
  LabFigure *figure = lab_figure_new (2, 1);
  LabAxes *ax = lab_figure_get_axes (figure, 0);
  LabAxes *tr = lab_figure_get_axes (figure, 1);
  gsize k = bayes_step (self, params);
  double stat, lo, hi, top = 0;
  LabConjugatePrior post = bayes_posterior_at (self, k, &stat);
  LabConjugatePrior like = likelihood_density (self, k, stat);
  const char *th = bayes_param_name (self->prior.kind);
  double cx[N_CURVE], prior_y[N_CURVE], post_y[N_CURVE], like_y[N_CURVE];
  double clo = lab_conjugate_quantile (&post, 0.025), chi = lab_conjugate_quantile (&post, 0.975);
  LabStyle ps = lab_style_reference (), qs = lab_style_default (SLOT_EXACT), ls = lab_style_default (2);
  LabStyle band = lab_style_default (SLOT_EXACT);

  {
    static const char *names[] = { N_("Beta–Binomial"), N_("Gamma–Poisson"), N_("Normal–Normal (σ known)") };
    g_autofree char *title = g_strdup_printf (_("%s: prior → posterior after %lu of %lu observations"),
                                              _(names[self->prior.kind]), (unsigned long) k, (unsigned long) self->n_obs);

    lab_figure_set_title (figure, title);
  }
  /* the view: where the prior and the posterior both live */
  lo = MIN (lab_conjugate_quantile (&self->prior, 0.001), lab_conjugate_quantile (&post, 0.0005));
  hi = MAX (lab_conjugate_quantile (&self->prior, 0.999), lab_conjugate_quantile (&post, 0.9995));
  if (self->prior.kind == LAB_CONJUGATE_BETA_BINOMIAL)
    lo = MAX (lo, 0), hi = MIN (hi, 1);
  if (self->prior.kind == LAB_CONJUGATE_GAMMA_POISSON)
    lo = MAX (lo, 0);
  if (!(hi > lo))
    hi = lo + 1;
  for (guint i = 0; i < N_CURVE; i++)
    {
      cx[i] = lo + (hi - lo) * (i + 0.5) / N_CURVE;
      prior_y[i] = lab_conjugate_pdf (&self->prior, cx[i]);
      post_y[i] = lab_conjugate_pdf (&post, cx[i]);
      like_y[i] = k > 0 ? lab_conjugate_pdf (&like, cx[i]) : NAN;
      if (isfinite (post_y[i]))
        top = MAX (top, post_y[i]);
    }
  for (guint i = 0; i < N_CURVE; i++)
    {
      prior_y[i] = MIN (prior_y[i], 1.5 * top);
      like_y[i] = MIN (like_y[i], 1.5 * top);
    }
  lab_axes_set_tag (ax, TAG_PDF);
  lab_axes_set_title (ax, _("Prior (dashed), likelihood as a density (dotted), posterior with its 95 % credible interval"));
  lab_axes_set_xlabel (ax, th);
  lab_axes_set_ylabel (ax, _("density"));
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_xlim (ax, lo, hi);
  ps.line_width = 1.8;
  qs.line_width = 2.4;
  ls.dash = LAB_DASH_DOTTED;
  ls.line_width = 1.8;
  band.fill = lab_color_palette_alpha (SLOT_EXACT, 0.3);
  band.color = lab_color_palette_alpha (SLOT_EXACT, 0.0);
  {
    double bx[N_CURVE], b0[N_CURVE], b1[N_CURVE];

    for (guint i = 0; i < N_CURVE; i++)
      {
        bx[i] = clo + (chi - clo) * i / (N_CURVE - 1);
        b0[i] = 0;
        b1[i] = MIN (lab_conjugate_pdf (&post, bx[i]), 1.5 * top);
      }
    g_autofree char *lbl = g_strdup_printf (_("95 %% credible interval [%.4g, %.4g]"), clo, chi);

    lab_axes_add_band (ax, lbl, bx, b0, b1, N_CURVE, &band);
  }
  lab_axes_add_line (ax, _("prior"), cx, prior_y, N_CURVE, &ps);
  if (k > 0)
    lab_axes_add_line (ax, _("likelihood"), cx, like_y, N_CURVE, &ls);
  {
    g_autofree char *lbl = g_strdup_printf (_("posterior (mean %.4g)"), lab_conjugate_mean (&post));

    lab_axes_add_line (ax, lbl, cx, post_y, N_CURVE, &qs);
  }
  if (k > 0)
    {
      double flo, fhi, y = 1.08 * top;
      double segx[2], segy[2];
      LabStyle seg = lab_style_default (3);
      g_autofree char *lbl = NULL;

      lab_conjugate_confidence (self->prior.kind, stat, k, self->prior.known_sigma, 0.05, &flo, &fhi);
      segx[0] = flo, segx[1] = fhi, segy[0] = segy[1] = y;
      seg.line_width = 3;
      seg.marker = LAB_MARKER_DIAMOND;
      seg.marker_size = 8;
      seg.fill = lab_color_palette (3);
      lbl = g_strdup_printf (_("95 %% confidence interval [%.4g, %.4g]"), flo, fhi);
      lab_axes_add_line (ax, lbl, segx, segy, 2, &seg);
    }
  lab_axes_set_ylim (ax, 0, 1.25 * MAX (top, 1e-300));

  /* the path: each posterior is the next prior */
  lab_axes_set_tag (tr, TAG_CLT);
  lab_axes_set_title (tr, _("Updating one observation at a time: posterior mean and 95 % credible band"));
  lab_axes_set_xlabel (tr, _("observations used"));
  lab_axes_set_ylabel (tr, th);
  lab_axes_set_grid (tr, TRUE);
  lab_axes_set_legend (tr, TRUE);
  if (self->n_traj >= 2)
    {
      LabStyle pb = lab_style_default (SLOT_EXACT), pm = lab_style_default (SLOT_EXACT);

      pb.fill = lab_color_palette_alpha (SLOT_EXACT, 0.25);
      pb.color = lab_color_palette_alpha (SLOT_EXACT, 0.0);
      lab_axes_add_band (tr, _("95 % credible band"), self->traj_k, self->traj_lo, self->traj_hi, self->n_traj, &pb);
      lab_axes_add_line (tr, _("posterior mean"), self->traj_k, self->traj_mean, self->n_traj, &pm);
      lab_axes_set_xlim (tr, 0, self->traj_k[self->n_traj - 1]);
    }
  lab_layer_set_dynamic (lab_axes_add_vline (tr, NULL, k, NULL), TRUE);
  return figure;
}

static void
bayes_metrics (const DistResult *self,
               LabParams        *params,
               LabMetrics       *out)
{
  gsize k = bayes_step (self, params);
  double stat, v[2];
  LabConjugatePrior post = bayes_posterior_at (self, k, &stat);
  const char *reason;
  double map = lab_conjugate_map (&post, &reason);
  static const char *keys[3][2] = { { "alpha", "beta" }, { "shape", "rate" }, { "mu", "sigma" } };
  static const char *nicks[] = { "beta-binomial", "gamma-poisson", "normal-normal" };

  lab_metrics_add_string (out, "mode", NULL, "bayes");
  lab_metrics_add_string (out, "conjugate", NULL, nicks[self->prior.kind]);
  if (self->column != NULL)
    lab_metrics_add_string (out, "column", _("Column"), self->column);
  lab_metrics_add_int (out, "observations_used", _("Observations used"), (gint64) k);
  lab_metrics_add_int (out, "observations_total", NULL, (gint64) self->n_obs);
  lab_metrics_add_double (out, "statistic", self->prior.kind == LAB_CONJUGATE_BETA_BINOMIAL ? _("Successes")
                          : self->prior.kind == LAB_CONJUGATE_GAMMA_POISSON ? _("Sum of counts") : _("Sample mean"), stat);
  lab_metrics_begin_object (out, "prior");
  lab_metrics_add_double (out, keys[self->prior.kind][0], NULL, self->prior.a);
  lab_metrics_add_double (out, keys[self->prior.kind][1], NULL, self->prior.b);
  lab_metrics_end (out);
  lab_metrics_begin_object (out, "posterior");
  lab_metrics_add_double (out, keys[self->prior.kind][0], NULL, post.a);
  lab_metrics_add_double (out, keys[self->prior.kind][1], NULL, post.b);
  lab_metrics_end (out);
  v[0] = lab_conjugate_quantile (&post, 0.025), v[1] = lab_conjugate_quantile (&post, 0.975);
  lab_metrics_add_doubles (out, "credible_interval", v, 2);
  if (k > 0)
    {
      lab_conjugate_confidence (self->prior.kind, stat, k, self->prior.known_sigma, 0.05, &v[0], &v[1]);
      lab_metrics_add_doubles (out, "confidence_interval", v, 2);
    }
  else
    {
      lab_metrics_add_null (out, "confidence_interval", NULL);
      lab_metrics_add_string (out, "confidence_interval_reason", NULL, "no observations: a frequentist has no interval");
    }
  if (isfinite (map))
    lab_metrics_add_double (out, "map", _("MAP (posterior mode)"), map);
  else
    {
      lab_metrics_add_null (out, "map", _("MAP (posterior mode)"));
      lab_metrics_add_string (out, "map_reason", NULL, reason);
    }
  lab_metrics_add_double (out, "posterior_mean", _("Posterior mean"), lab_conjugate_mean (&post));
}

/* ------------------------------------------------------------------ */
/* bivariate: contours, the covariance ellipse and its axes, the scatter, the marginals */

static double
biv_density (const DistResult *self,
             double            x,
             double            y)
{
  double sx = sqrt (self->biv_cov[0]), sy = sqrt (self->biv_cov[3]);

  if (self->pair == LAB_PAIR_SQUARE)
    {
      /* X ~ N(μ, σ²) and Y = Z² − 1 lie on a curve: no density in the plane */
      return NAN;
    }
  return gsl_ran_bivariate_gaussian_pdf (x - self->biv_mean[0], y - self->biv_mean[1], sx, sy, self->biv_rho);
}

static LabFigure *
build_bivariate (const DistResult *self,
                 LabParams        *params)
{
  LabFigure *figure = lab_figure_new (2, 2);
  LabAxes *top = lab_figure_get_axes_at (figure, 0, 0);
  LabAxes *info = lab_figure_get_axes_at (figure, 0, 1);
  LabAxes *ax = lab_figure_get_axes_at (figure, 1, 0);
  LabAxes *right = lab_figure_get_axes_at (figure, 1, 1);
  gboolean sq = self->pair == LAB_PAIR_SQUARE;
  LabStyle pts = lab_style_default (SLOT_SAMPLES), txt = lab_style_text ();
  LabStyle bars = lab_style_default (SLOT_SAMPLES), exact = lab_style_default (SLOT_EXACT);
  double sx = sqrt (self->biv_cov[0]), sy = sqrt (self->biv_cov[3]);
  g_autofree char *n_text = lab_format_count (lab_params_get_int (params, "samples"));

  {
    g_autofree char *title = sq
      ? g_strdup_printf (_("X ~ N(%g, %g²) and Y = ((X − μ)/σ)² − 1: correlation 0, yet Y is a function of X · %s samples"),
                         self->biv_mean[0], sx, n_text)
      : g_strdup_printf (_("Bivariate normal: μ = (%g, %g), σ = (%g, %g), ρ = %g · %s samples"),
                         self->biv_mean[0], self->biv_mean[1], sx, sy, self->biv_rho, n_text);

    lab_figure_set_title (figure, title);
  }
  lab_figure_set_row_weights (figure, (const double[]) { 1, 3.2 });
  lab_figure_set_col_weights (figure, (const double[]) { 3.2, 1 });
  bars.fill = lab_color_palette_alpha (SLOT_SAMPLES, 0.4);
  bars.color = lab_color_palette_alpha (SLOT_SAMPLES, 0.0);
  exact.line_width = 2;

  /* the joint view */
  lab_axes_set_tag (ax, TAG_PDF);
  lab_axes_set_xlabel (ax, "x");
  lab_axes_set_ylabel (ax, "y");
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_xlim (ax, self->biv_xlo, self->biv_xhi);
  lab_axes_set_ylim (ax, self->biv_ylo, self->biv_yhi);
  pts.marker = LAB_MARKER_CIRCLE;
  pts.marker_size = 3;
  pts.line_width = 0;
  pts.alpha = 0.45;
  lab_axes_add_scatter (ax, _("samples"), self->biv_x, self->biv_y, NULL, self->biv_kept, &pts);
  if (!sq)
    {
      g_autofree double *grid = g_new (double, BIV_GRID * BIV_GRID);
      double levels[6], peak = biv_density (self, self->biv_mean[0], self->biv_mean[1]);
      LabStyle cs = lab_style_default (SLOT_EXACT);

      for (guint j = 0; j < BIV_GRID; j++)
        for (guint i = 0; i < BIV_GRID; i++)
          {
            double x = self->biv_xlo + (self->biv_xhi - self->biv_xlo) * (i + 0.5) / BIV_GRID;
            double y = self->biv_ylo + (self->biv_yhi - self->biv_ylo) * (j + 0.5) / BIV_GRID;

            grid[j * BIV_GRID + i] = biv_density (self, x, y);
          }
      /* contours at the density of the 1σ … 3σ Mahalanobis ellipses: f = peak·e^(−r²/2) */
      for (int l = 0; l < 6; l++)
        levels[l] = peak * exp (-0.5 * (3.0 - 0.5 * l) * (3.0 - 0.5 * l));
      cs.color = lab_color_palette (SLOT_EXACT);
      lab_axes_add_contour (ax, grid, BIV_GRID, BIV_GRID, self->biv_xlo, self->biv_xhi, self->biv_ylo, self->biv_yhi,
                            levels, 6, FALSE, LAB_COLORMAP_VIRIDIS, &cs);
      /* the 2σ ellipse: μ + 2(√λ₁ cos t·v₁ + √λ₂ sin t·v₂), and its axes */
      {
        double ex[181], ey[181];
        LabStyle el = lab_style_default (3);

        el.line_width = 2.2;
        for (int i = 0; i <= 180; i++)
          {
            double t = 2 * M_PI * i / 180;
            double a = 2 * sqrt (self->biv_evals[0]) * cos (t), b = 2 * sqrt (MAX (self->biv_evals[1], 0)) * sin (t);

            ex[i] = self->biv_mean[0] + a * self->biv_evecs[0] + b * self->biv_evecs[1];
            ey[i] = self->biv_mean[1] + a * self->biv_evecs[2] + b * self->biv_evecs[3];
          }
        lab_axes_add_line (ax, _("2σ covariance ellipse"), ex, ey, 181, &el);
        for (int k = 0; k < 2; k++)
          {
            double len = 2 * sqrt (MAX (self->biv_evals[k], 0));
            LabStyle ar = lab_style_default (3);

            ar.line_width = 2;
            lab_axes_add_arrow (ax, self->biv_mean[0], self->biv_mean[1],
                                self->biv_mean[0] + len * self->biv_evecs[k], self->biv_mean[1] + len * self->biv_evecs[2 + k], &ar);
          }
      }
    }
  else
    {
      double cx[N_CURVE], cy[N_CURVE];

      for (guint i = 0; i < N_CURVE; i++)
        {
          double z;

          cx[i] = self->biv_xlo + (self->biv_xhi - self->biv_xlo) * i / (N_CURVE - 1);
          z = (cx[i] - self->biv_mean[0]) / sx;
          cy[i] = z * z - 1;
        }
      lab_axes_add_line (ax, _("y = ((x − μ)/σ)² − 1"), cx, cy, N_CURVE, &exact);
      lab_axes_add_hline (ax, _("E[Y] = 0: Cov(X, Y) = σ·E[Z³] = 0"), 0, NULL);
    }

  /* the marginals: x on top, y on the right (drawn sideways) */
  {
    double e[BIV_BINS + 1], cx[N_CURVE], cy[N_CURVE], mtop = 0;
    double w = (self->biv_xhi - self->biv_xlo) / BIV_BINS;

    for (guint b = 0; b <= BIV_BINS; b++)
      e[b] = self->biv_xlo + b * w;
    for (guint b = 0; b < BIV_BINS; b++)
      mtop = MAX (mtop, self->biv_hx[b]);
    lab_axes_add_bars (top, NULL, e, self->biv_hx, BIV_BINS, &bars);
    for (guint i = 0; i < N_CURVE; i++)
      {
        cx[i] = self->biv_xlo + (self->biv_xhi - self->biv_xlo) * i / (N_CURVE - 1);
        cy[i] = gsl_ran_gaussian_pdf (cx[i] - self->biv_mean[0], sx);
        mtop = MAX (mtop, cy[i]);
      }
    lab_axes_add_line (top, NULL, cx, cy, N_CURVE, &exact);
    lab_axes_set_title (top, _("marginal of x"));
    lab_axes_set_xlim (top, self->biv_xlo, self->biv_xhi);
    lab_axes_set_ylim (top, 0, 1.1 * mtop);
  }
  {
    double hx[2 * BIV_BINS + 2], hy[2 * BIV_BINS + 2], cx[N_CURVE], cy[N_CURVE], mtop = 0;
    double w = (self->biv_yhi - self->biv_ylo) / BIV_BINS;
    LabStyle outline = lab_style_default (SLOT_SAMPLES);

    /* the histogram's outline, density along x, value along y */
    for (guint b = 0; b < BIV_BINS; b++)
      {
        hy[2 * b] = self->biv_ylo + b * w, hy[2 * b + 1] = self->biv_ylo + (b + 1) * w;
        hx[2 * b] = hx[2 * b + 1] = self->biv_hy[b];
        mtop = MAX (mtop, self->biv_hy[b]);
      }
    outline.line_width = 1.4;
    lab_axes_add_line (right, NULL, hx, hy, 2 * BIV_BINS, &outline);
    for (guint i = 0; i < N_CURVE; i++)
      {
        cy[i] = self->biv_ylo + (self->biv_yhi - self->biv_ylo) * i / (N_CURVE - 1);
        if (sq)
          {
            /* Y + 1 = Z² ~ χ²₁ */
            LabDist c1 = { .family = LAB_FAMILY_CHI_SQUARED, .df = 1 };

            cx[i] = cy[i] + 1 > 0 ? lab_dist_pdf (&c1, cy[i] + 1) : 0;
          }
        else
          cx[i] = gsl_ran_gaussian_pdf (cy[i] - self->biv_mean[1], sy);
      }
    lab_axes_add_line (right, NULL, cx, cy, N_CURVE, &exact);
    lab_axes_set_title (right, _("marginal of y"));
    lab_axes_set_ylim (right, self->biv_ylo, self->biv_yhi);
    lab_axes_set_xlim (right, 0, 1.1 * mtop);
  }
  {
    g_autofree char *t = g_strdup_printf (_("covariance\n[%.3g  %.3g]\n[%.3g  %.3g]\ncorrelation %.3f\nsample %.4f"),
                                          self->biv_cov[0], self->biv_cov[1], self->biv_cov[2], self->biv_cov[3],
                                          self->biv_rho, self->biv_srho);

    lab_axes_set_frame (info, FALSE);
    lab_axes_set_grid (info, FALSE);
    lab_axes_add_text (info, 0.05, 0.5, t, LAB_ANCHOR_WEST, TRUE, &txt);
  }
  return figure;
}

/* ------------------------------------------------------------------ */
/* multinomial and dirichlet: the simplex as the triangle x₁ + x₂ ≤ 1 (category 3 the rest) */

static LabFigure *
build_multivariate (const DistResult *self,
                    LabParams        *params)
{
  gboolean multi = self->multi == LAB_DISTRIBUTION_MULTINOMIAL;
  LabFigure *figure = lab_figure_new (1, 2);
  LabAxes *ax = lab_figure_get_axes (figure, 0);
  LabAxes *sx = lab_figure_get_axes (figure, 1);
  g_autofree char *n_text = lab_format_count ((gint64) self->n);
  double vmax = 0, lo, hi;
  gsize cells = (gsize) self->mv_side * self->mv_side;

  {
    g_autofree char *title = multi
      ? g_strdup_printf (_("Multinomial(n = %u; p = %.3g, %.3g, %.3g) · %s samples"), self->mv_n,
                         self->mv_par[0], self->mv_par[1], self->mv_par[2], n_text)
      : g_strdup_printf (_("Dirichlet(α = %g, %g, %g) · %s samples"), self->mv_par[0], self->mv_par[1],
                         self->mv_par[2], n_text);

    lab_figure_set_title (figure, title);
  }
  for (gsize i = 0; i < cells; i++)
    if (isfinite (self->mv_exact[i]))
      vmax = MAX (vmax, self->mv_exact[i]);
  if (multi)
    {
      lo = -0.5, hi = self->mv_n + 0.5;
      lab_axes_add_heatmap (ax, self->mv_exact, self->mv_side, self->mv_side, lo, hi, lo, hi,
                            LAB_COLORMAP_VIRIDIS, 0, vmax, _("P(k₁, k₂, n − k₁ − k₂)"));
      lab_axes_set_title (ax, _("Exact PMF over the simplex k₁ + k₂ ≤ n"));
      lab_axes_set_xlabel (ax, _("k₁"));
      lab_axes_set_ylabel (ax, _("k₂"));
      {
        /* the sample frequencies, with the cells no sample reached left empty */
        g_autofree double *f = g_new (double, cells);

        for (gsize i = 0; i < cells; i++)
          f[i] = isfinite (self->mv_exact[i]) ? self->mv_freq[i] : NAN;
        lab_axes_add_heatmap (sx, f, self->mv_side, self->mv_side, lo, hi, lo, hi,
                              LAB_COLORMAP_VIRIDIS, 0, vmax, _("frequency"));
      }
      lab_axes_set_title (sx, _("Sample frequencies"));
      lab_axes_set_xlabel (sx, _("k₁"));
      lab_axes_set_ylabel (sx, _("k₂"));
    }
  else
    {
      double cap = vmax;
      g_autofree double *g = g_memdup2 (self->mv_exact, cells * sizeof (double));
      LabStyle pts = lab_style_default (3);

      /* α < 1 sends the density to ∞ at the edges: colour up to the 99th percentile */
      if (self->mv_par[0] < 1 || self->mv_par[1] < 1 || self->mv_par[2] < 1)
        {
          g_autofree double *v = g_new (double, cells);
          gsize m = 0;

          for (gsize i = 0; i < cells; i++)
            if (isfinite (g[i]))
              v[m++] = g[i];
          gsl_sort (v, 1, m);
          cap = m > 0 ? v[(gsize) (0.99 * (m - 1))] : vmax;
          for (gsize i = 0; i < cells; i++)
            if (isfinite (g[i]))
              g[i] = MIN (g[i], cap);
        }
      lo = 0, hi = 1;
      lab_axes_add_heatmap (ax, g, self->mv_side, self->mv_side, 0, 1, 0, 1, LAB_COLORMAP_VIRIDIS, 0, cap,
                            _("density"));
      lab_axes_set_title (ax, _("Density on the simplex x₁ + x₂ + x₃ = 1"));
      lab_axes_set_xlabel (ax, _("x₁"));
      lab_axes_set_ylabel (ax, _("x₂"));
      lab_axes_add_heatmap (sx, g, self->mv_side, self->mv_side, 0, 1, 0, 1, LAB_COLORMAP_VIRIDIS, 0, cap, NULL);
      pts.marker = LAB_MARKER_CIRCLE;
      pts.marker_size = 3;
      pts.line_width = 0;
      pts.fill = lab_color_rgba (1, 1, 1, 0.75);
      pts.color = lab_color_rgba (0, 0, 0, 0.5);
      lab_axes_add_scatter (sx, _("samples"), self->mv_x, self->mv_y, NULL, self->mv_kept, &pts);
      lab_axes_set_title (sx, _("Samples over the density"));
      lab_axes_set_xlabel (sx, _("x₁"));
      lab_axes_set_ylabel (sx, _("x₂"));
    }
  for (int a = 0; a < 2; a++)
    {
      LabAxes *x = a ? sx : ax;
      LabStyle mk = lab_style_marker (lab_color_semantic (LAB_COLOR_ACCENT, 1.0), 10);

      lab_axes_set_xlim (x, lo, hi);
      lab_axes_set_ylim (x, lo, hi);
      lab_axes_set_equal_aspect (x, TRUE);
      lab_axes_set_grid (x, FALSE);
      lab_axes_add_marker (x, a ? _("sample mean") : _("mean"), a ? self->mv_smean[0] : self->mv_mean[0],
                           a ? self->mv_smean[1] : self->mv_mean[1], &mk);
    }
  return figure;
}

static void
multivariate_metrics (const DistResult *self,
                      LabMetrics       *out)
{
  lab_metrics_add_int (out, "samples", _("Samples"), (gint64) self->n);
  if (self->multi == LAB_DISTRIBUTION_MULTINOMIAL)
    {
      lab_metrics_add_int (out, "n", NULL, self->mv_n);
      lab_metrics_add_doubles (out, "probabilities", self->mv_par, 3);
    }
  else
    lab_metrics_add_doubles (out, "alpha", self->mv_par, 3);
  lab_metrics_add_doubles (out, "mean", self->mv_mean, 3);
  lab_metrics_add_matrix (out, "covariance", self->mv_cov, 3, 3);
  lab_metrics_add_doubles (out, "sample_mean", self->mv_smean, 3);
  lab_metrics_add_matrix (out, "sample_covariance", self->mv_scov, 3, 3);
}

LabFigure *
distributions_build (const LabResult *result,
                     LabParams       *params)
{
  const DistResult *self = (const DistResult *) result;

  if (self->multi != 0)
    return build_multivariate (self, params);
  if (self->mode == LAB_DISTRIBUTIONS_MODE_BIVARIATE)
    return build_bivariate (self, params);
  if (self->mode == LAB_DISTRIBUTIONS_MODE_BAYES)
    return build_bayes (self, params);
  if (self->mode == LAB_DISTRIBUTIONS_MODE_FIT)
    return build_fit (self, params);
  if (self->mode == LAB_DISTRIBUTIONS_MODE_COMPARE)
    return build_compare (self, params);
  return build_explore (result, params);
}

/* ------------------------------------------------------------------ */
/* metrics */

/* a moment that may not exist: null plus "<key>_reason" saying why */
static void
add_moment (LabMetrics    *out,
            const LabDist *d,
            int            which,
            const char    *key,
            const char    *label,
            double         value)
{
  const char *reason = lab_dist_moment_reason (d, which);

  if (reason == NULL && isfinite (value))
    {
      lab_metrics_add_double (out, key, label, value);
      return;
    }
  {
    g_autofree char *rkey = g_strconcat (key, "_reason", NULL);

    lab_metrics_add_null (out, key, label);
    lab_metrics_add_string (out, rkey, NULL, reason != NULL ? reason : "not finite");
  }
}

/* a divergence: a number, "inf" when the supports do not nest, null when quadrature failed */
static void
add_divergence (LabMetrics         *out,
                const char         *key,
                const char         *label,
                double              value,
                LabDivergenceMethod method)
{
  g_autofree char *mkey = g_strconcat (key, "_method", NULL);

  if (method == LAB_DIVERGENCE_INFINITE || value == INFINITY)
    lab_metrics_add_string (out, key, label, "inf");
  else if (isfinite (value))
    lab_metrics_add_double (out, key, label, value);
  else
    lab_metrics_add_null (out, key, label);
  lab_metrics_add_string (out, mkey, NULL, divergence_method_name (method));
}

static void
compare_metrics (const DistResult *self,
                 LabMetrics       *out)
{
  double ce = self->entropy + self->kl_pq;

  lab_metrics_add_string (out, "mode", NULL, "compare");
  lab_metrics_add_double (out, "entropy_p", _("Entropy H(P) (nats)"), self->entropy);
  lab_metrics_add_double (out, "entropy_q", _("Entropy H(Q) (nats)"), self->entropy_q);
  add_divergence (out, "kl_pq", _("KL(P‖Q) (nats)"), self->kl_pq, self->kl_pq_method);
  add_divergence (out, "kl_qp", _("KL(Q‖P) (nats)"), self->kl_qp, self->kl_qp_method);
  add_divergence (out, "cross_entropy", _("Cross-entropy H(P, Q) = H(P) + KL(P‖Q)"), ce, self->kl_pq_method);
  add_divergence (out, "js_divergence", _("Jensen–Shannon divergence (nats)"), self->js, self->js_method);
  if (self->have_fits)
    {
      lab_metrics_begin_object (out, "forward_fit");
      if (isfinite (self->fwd_mu))
        {
          lab_metrics_add_double (out, "mu", NULL, self->fwd_mu);
          lab_metrics_add_double (out, "sigma", NULL, self->fwd_sigma);
          lab_metrics_add_double (out, "kl", NULL, self->fwd_kl);
        }
      else
        lab_metrics_add_string (out, "reason", NULL, "E_P[X²] is infinite: KL(P‖Q) = ∞ for every normal Q");
      lab_metrics_end (out);
      lab_metrics_begin_object (out, "reverse_fit");
      lab_metrics_add_double (out, "mu", NULL, self->rev_mu);
      lab_metrics_add_double (out, "sigma", NULL, self->rev_sigma);
      lab_metrics_add_double (out, "kl", NULL, self->rev_kl);
      lab_metrics_end (out);
    }
}

void
distributions_metrics (const LabResult *result,
                       LabParams       *params,
                       LabMetrics      *out)
{
  const DistResult *self = (const DistResult *) result;
  const LabDist *d = &self->dist;
  double mean, var, skew, exkurt;
  double x = query_x (self, params);
  double ia = lab_params_get_double (params, "interval-a"), ib = lab_params_get_double (params, "interval-b");
  LabApproximation approx = approximation (self, params);

  if (self->mode == LAB_DISTRIBUTIONS_MODE_COMPARE)
    {
      compare_metrics (self, out);
      return;
    }
  if (self->multi != 0)
    {
      multivariate_metrics (self, out);
      return;
    }
  if (self->mode == LAB_DISTRIBUTIONS_MODE_BAYES)
    {
      bayes_metrics (self, params, out);
      return;
    }
  if (self->mode == LAB_DISTRIBUTIONS_MODE_BIVARIATE)
    {
      lab_metrics_add_string (out, "mode", NULL, "bivariate");
      lab_metrics_add_string (out, "pair", NULL, self->pair == LAB_PAIR_SQUARE ? "square" : "normal");
      lab_metrics_add_doubles (out, "mean", self->biv_mean, 2);
      lab_metrics_add_matrix (out, "covariance", self->biv_cov, 2, 2);
      lab_metrics_add_double (out, "correlation", _("Correlation ρ"), self->biv_rho);
      lab_metrics_add_doubles (out, "sample_mean", self->biv_smean, 2);
      lab_metrics_add_matrix (out, "sample_covariance", self->biv_scov, 2, 2);
      lab_metrics_add_double (out, "sample_correlation", _("Sample correlation"), self->biv_srho);
      lab_metrics_add_doubles (out, "eigenvalues", self->biv_evals, 2);
      lab_metrics_add_matrix (out, "eigenvectors", self->biv_evecs, 2, 2);
      return;
    }
  if (self->mode == LAB_DISTRIBUTIONS_MODE_FIT)
    {
      lab_metrics_add_string (out, "mode", NULL, "fit");
      lab_metrics_add_string (out, "source", NULL, self->source == LAB_DISTRIBUTIONS_SOURCE_DATA ? "data" : "sample");
      if (self->column != NULL)
        lab_metrics_add_string (out, "column", _("Column"), self->column);
      lab_metrics_add_int (out, "n", _("Values fitted"), (gint64) self->fit_n);
      lab_metrics_begin_object (out, "fit");
      for (guint i = 0; i < self->fit_k; i++)
        lab_metrics_add_double (out, lab_dist_fit_param_name (self->fitted.family, i), NULL,
                                lab_dist_fit_get_param (&self->fitted, i));
      lab_metrics_end (out);
      lab_metrics_add_double (out, "log_likelihood", _("Log-likelihood"), self->log_likelihood);
      lab_metrics_add_double (out, "aic", _("AIC = 2k − 2ℓ"), self->aic);
      lab_metrics_add_double (out, "bic", _("BIC = k ln n − 2ℓ"), self->bic);
      return;
    }
  lab_dist_moments (d, &mean, &var, &skew, &exkurt);
  lab_metrics_add_int (out, "samples", _("Samples"), (gint64) self->n);
  add_moment (out, d, 1, "mean", _("Mean E[X]"), mean);
  lab_metrics_add_double (out, "sample_mean", _("Sample mean"), self->moments.mean);
  add_moment (out, d, 2, "variance", _("Variance"), var);
  lab_metrics_add_double (out, "sample_variance", _("Sample variance (unbiased)"), lab_moments_variance (&self->moments));
  add_moment (out, d, 3, "skewness", _("Skewness μ₃/σ³"), skew);
  lab_metrics_add_double (out, "sample_skewness", _("Sample skewness g₁"), lab_moments_skewness (&self->moments));
  add_moment (out, d, 4, "excess_kurtosis", _("Excess kurtosis μ₄/σ⁴ − 3"), exkurt);
  lab_metrics_add_double (out, "sample_excess_kurtosis", _("Sample excess kurtosis g₂"),
                          lab_moments_excess_kurtosis (&self->moments));
  lab_metrics_add_double (out, "x", _("Query point x"), x);
  lab_metrics_add_double (out, "cdf_at_x", _("P(X ≤ x)"), lab_dist_cdf (d, x));
  lab_metrics_add_double (out, "sample_cdf_at_x", _("Sample fraction ≤ x"), sample_cdf (self, x));
  lab_metrics_add_double (out, "pdf_at_x", self->discrete ? _("P(X = x)") : _("Density f(x)"),
                          lab_dist_pdf (d, x));
  lab_metrics_add_double (out, "quantile_05", _("5 % quantile"), lab_dist_quantile (d, 0.05));
  lab_metrics_add_double (out, "quantile_50", _("Median"), lab_dist_quantile (d, 0.5));
  lab_metrics_add_double (out, "quantile_95", _("95 % quantile"), lab_dist_quantile (d, 0.95));
  lab_metrics_add_double (out, "entropy", self->discrete ? _("Entropy (nats)") : _("Differential entropy (nats)"),
                          self->entropy);
  lab_metrics_add_double (out, "interval_a", NULL, ia);
  lab_metrics_add_double (out, "interval_b", NULL, ib);
  if (isfinite (ia) && isfinite (ib) && ia <= ib)
    lab_metrics_add_double (out, "interval_probability", _("P(a ≤ X ≤ b)"), interval_probability (d, ia, ib));
  else
    lab_metrics_add_null (out, "interval_probability", _("P(a ≤ X ≤ b)"));
  if (self->clt_n >= 2)
    {
      lab_metrics_add_int (out, "clt_n", _("CLT: draws per mean"), self->clt_n);
      lab_metrics_add_int (out, "clt_means", NULL, (gint64) self->n_means);
      lab_metrics_add_double (out, "clt_sample_mean", NULL, self->clt_sample_mean);
      lab_metrics_add_double (out, "clt_sample_sd", _("SD of the sample means"), self->clt_sample_sd);
      if (isfinite (var))
        lab_metrics_add_double (out, "clt_theory_sd", _("σ/√n"), sqrt (var / self->clt_n));
      else
        {
          lab_metrics_add_null (out, "clt_theory_sd", _("σ/√n"));
          lab_metrics_add_string (out, "clt_theory_sd_reason", NULL,
                                  "the variance is not finite: no normal limit");
        }
    }
  if (approx != LAB_APPROXIMATION_NONE)
    {
      lab_metrics_add_string (out, "approximation", NULL,
                              approx == LAB_APPROXIMATION_NORMAL ? "normal" : "poisson");
      lab_metrics_add_double (out, "tv_distance", _("Total variation to the approximation"), tv_distance (d, approx));
    }
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

  if (self->mode != LAB_DISTRIBUTIONS_MODE_EXPLORE || self->multi != 0)
    return FALSE;
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

  /* the step slider spans the observations there are (−1, "all", stays accepted) */
  if (self->mode == LAB_DISTRIBUTIONS_MODE_BAYES && g_str_equal (pspec->name, "step"))
    {
      *lo = 0;
      *hi = MAX (self->n_obs, 1);
      return TRUE;
    }
  if (self->mode != LAB_DISTRIBUTIONS_MODE_EXPLORE || self->multi != 0)
    return FALSE;
  if (!g_str_equal (pspec->name, "x") && !g_str_has_prefix (pspec->name, "interval-"))
    return FALSE;
  *lo = self->xlo;
  *hi = self->xhi;
  return TRUE;
}
