/* pca-figure.c — the PCA topic's figure and metrics (main thread)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "pca-private.h"

#define ELLIPSE_N    97
#define MAX_ARROWS   3       /* principal axes drawn on the scatter */
#define MAX_ANNOTATE 6       /* matrices up to this size get their values written in */

static void
shown_features (const PcaResult *self,
                LabParams       *params,
                guint           *i,
                guint           *j)
{
  *i = MIN ((guint) lab_params_get_int (params, "x-feature"), self->d) - 1;
  *j = MIN ((guint) lab_params_get_int (params, "y-feature"), self->d) - 1;
  if (*i == *j)
    *j = (*i + 1) % self->d;
}

/* The value of row @r, column @c in the analysed units (z-scores when standardized). */
static inline double
cell (const PcaResult *self,
      gsize            r,
      guint            c)
{
  return (self->x[r * self->d + c] - (self->pca->standardized ? self->pca->mean[c] : 0)) / self->pca->scale[c];
}

static const double *
analysed_matrix (const PcaResult *self)
{
  return self->pca->standardized ? self->pca->correlation : self->pca->covariance;
}

static void
build_scatter (LabAxes         *ax,
               const PcaResult *self,
               LabParams       *params)
{
  const guint d = self->d;
  const double *A = analysed_matrix (self);
  guint fi, fj, step = MIN ((guint) lab_params_get_int (params, "power-step"), PCA_POWER_STEPS);
  g_autofree double *px = g_new (double, MAX (self->n_drawn, 1));
  g_autofree double *py = g_new (double, MAX (self->n_drawn, 1));
  double cx, cy, sx, sy;
  LabStyle pts = lab_style_default (0);
  g_autofree char *xl = NULL, *yl = NULL;

  shown_features (self, params, &fi, &fj);
  for (gsize r = 0; r < self->n_drawn; r++)
    {
      px[r] = cell (self, self->drawn[r], fi);
      py[r] = cell (self, self->drawn[r], fj);
    }
  cx = self->pca->standardized ? 0 : self->pca->mean[fi];
  cy = self->pca->standardized ? 0 : self->pca->mean[fj];
  sx = sqrt (MAX (A[fi * d + fi], 0));
  sy = sqrt (MAX (A[fj * d + fj], 0));

  lab_axes_set_tag (ax, TAG_SCATTER);
  lab_axes_set_title (ax, _("Data with the principal axes (arrows: √λ × eigenvector) and the covariance ellipse"));
  xl = g_strdup_printf ("%s%s", self->names[fi], self->pca->standardized ? _(" (standardized)") : "");
  yl = g_strdup_printf ("%s%s", self->names[fj], self->pca->standardized ? _(" (standardized)") : "");
  lab_axes_set_xlabel (ax, xl);
  lab_axes_set_ylabel (ax, yl);
  lab_axes_set_grid (ax, FALSE);
  /* equal scales when the two columns are comparable, so perpendicular axes look perpendicular */
  if (sx > 0 && sy > 0 && MAX (sx, sy) / MIN (sx, sy) < 10)
    lab_axes_set_equal_aspect (ax, TRUE);
  pts.marker = LAB_MARKER_CIRCLE;
  pts.marker_size = self->n_drawn > 800 ? 3.5 : 5;
  pts.line_width = 0;
  pts.fill = lab_color_palette_alpha (0, 0.45);
  pts.color = lab_color_palette_alpha (0, 0.45);
  lab_axes_add_scatter (ax, NULL, px, py, NULL, self->n_drawn, &pts);

  /* the covariance ellipse of the two columns at 1σ and 2σ */
  {
    double a = A[fi * d + fi], b = A[fi * d + fj], c = A[fj * d + fj];
    double l11 = sqrt (MAX (a, 0)), l21 = l11 > 0 ? b / l11 : 0, l22 = sqrt (MAX (c - l21 * l21, 0));
    double ex[ELLIPSE_N], ey[ELLIPSE_N];

    for (guint r = 1; r <= 2; r++)
      {
        LabStyle s = lab_style_default (0);

        for (guint t = 0; t < ELLIPSE_N; t++)
          {
            double th = 2 * G_PI * t / (ELLIPSE_N - 1), u = r * cos (th), v = r * sin (th);

            ex[t] = cx + l11 * u;
            ey[t] = cy + l21 * u + l22 * v;
          }
        s.color = lab_color_semantic (LAB_COLOR_FOREGROUND, r == 1 ? 0.7 : 0.45);
        s.dash = r == 1 ? LAB_DASH_SOLID : LAB_DASH_DASHED;
        s.line_width = 1.3;
        lab_axes_add_line (ax, r == 1 ? _("1σ, 2σ ellipse") : NULL, ex, ey, ELLIPSE_N, &s);
      }
  }
  for (guint m = 0; m < MIN (d, MAX_ARROWS); m++)
    {
      double len = sqrt (MAX (self->pca->eigenvalues[m], 0));
      const double *v = self->pca->components + (gsize) m * d;
      LabStyle s = lab_style_default (1 + m);
      LabStyle ts = lab_style_default (1 + m);
      g_autofree char *label = g_strdup_printf ("<b>PC%u</b>", m + 1);
      double tx = cx + len * v[fi], ty = cy + len * v[fj];

      s.line_width = 3 - 0.6 * m;
      lab_axes_add_arrow (ax, cx, cy, tx, ty, &s);
      lab_axes_add_text (ax, tx, ty, label, LAB_ANCHOR_SOUTH_WEST, FALSE, &ts);
    }
  /* the power iteration's vector at the step shown */
  {
    const double *v = self->power_vectors + (gsize) step * d;
    double len = sqrt (MAX (self->pca->eigenvalues[0], 0)) * 1.25;
    double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY }, dir[2] = { v[fi], v[fj] };
    double at[2] = { cx, cy };

    /* keep the tip inside the data's box: with columns in different units a direction that is
     * not yet PC1 would otherwise stretch the axes by orders of magnitude */
    for (gsize r = 0; r < self->n_drawn; r++)
      {
        lo[0] = MIN (lo[0], px[r]);
        hi[0] = MAX (hi[0], px[r]);
        lo[1] = MIN (lo[1], py[r]);
        hi[1] = MAX (hi[1], py[r]);
      }
    for (guint a = 0; a < 2; a++)
      if (dir[a] * len > hi[a] - at[a])
        len = (hi[a] - at[a]) / dir[a];
      else if (dir[a] * len < lo[a] - at[a])
        len = (lo[a] - at[a]) / dir[a];
    LabStyle s = lab_style_default (0);
    LabStyle ts = lab_style_default (0);
    g_autofree char *label = g_strdup_printf (_("v<sub>%u</sub> (power iteration)"), step);

    s.color = lab_color_semantic (LAB_COLOR_ACCENT, 1);
    s.dash = LAB_DASH_DASHED;
    s.line_width = 2;
    ts.color = lab_color_semantic (LAB_COLOR_ACCENT, 1);
    lab_layer_set_dynamic (lab_axes_add_arrow (ax, cx, cy, cx + len * v[fi], cy + len * v[fj], &s), TRUE);
    lab_layer_set_dynamic (lab_axes_add_text (ax, cx + len * v[fi], cy + len * v[fj], label, LAB_ANCHOR_NORTH_EAST,
                                              FALSE, &ts), TRUE);
  }
  lab_axes_set_legend (ax, TRUE);
}

static void
build_scree (LabAxes         *ax,
             const PcaResult *self)
{
  const guint d = self->d;
  g_autofree double *edges = g_new (double, d + 1);
  g_autofree double *xs = g_new (double, d);
  g_autofree double *cum = g_new (double, d);
  LabStyle bars = lab_style_default (1);
  LabStyle line = lab_style_default (3);
  double acc = 0;

  for (guint m = 0; m <= d; m++)
    edges[m] = m + 0.5;
  for (guint m = 0; m < d; m++)
    {
      xs[m] = m + 1;
      acc += self->pca->explained_variance_ratio[m];
      cum[m] = acc;
    }
  lab_axes_set_tag (ax, TAG_SCREE);
  lab_axes_set_title (ax, _("Scree: share of variance per component"));
  lab_axes_set_xlabel (ax, _("Component"));
  lab_axes_set_ylim (ax, 0, 1.05);
  lab_axes_set_xlim (ax, 0.5, d + 0.5);
  bars.fill = lab_color_palette_alpha (1, 0.6);
  lab_axes_add_bars (ax, _("explained"), edges, self->pca->explained_variance_ratio, d, &bars);
  line.marker = LAB_MARKER_CIRCLE;
  line.marker_size = 6;
  lab_axes_add_line (ax, _("cumulative"), xs, cum, d, &line);
  lab_axes_set_legend (ax, TRUE);
}

static void
build_reconstruction (LabAxes         *ax,
                      const PcaResult *self)
{
  const guint d = self->d;
  g_autofree double *xs = g_new (double, d + 1);
  g_autofree double *err = g_new (double, d + 1);
  LabStyle s = lab_style_default (2);

  for (guint m = 0; m <= d; m++)
    {
      xs[m] = m;
      err[m] = lab_pca_reconstruction_error (self->pca, m);
    }
  lab_axes_set_tag (ax, TAG_RECON);
  lab_axes_set_title (ax, self->pca->standardized ? _("Reconstruction error (standardized units)")
                                                  : _("Reconstruction error (mean squared)"));
  lab_axes_set_xlabel (ax, _("Components kept"));
  s.marker = LAB_MARKER_CIRCLE;
  s.marker_size = 6;
  lab_axes_add_line (ax, NULL, xs, err, d + 1, &s);
  lab_axes_set_xlim (ax, -0.3, d + 0.3);
}

static void
build_biplot (LabAxes         *ax,
              const PcaResult *self)
{
  const guint d = self->d;
  g_autofree double *px = g_new (double, MAX (self->n_drawn, 1));
  g_autofree double *py = g_new (double, MAX (self->n_drawn, 1));
  LabStyle pts = lab_style_default (0);
  /* each loading scaled by its component's standard deviation (×2): the arrows live in the
   * scores' units on both axes, however different λ₁ and λ₂ are */
  double f1 = 2 * sqrt (MAX (self->pca->eigenvalues[0], 0));
  double f2 = d > 1 ? 2 * sqrt (MAX (self->pca->eigenvalues[1], 0)) : 0;

  for (gsize r = 0; r < self->n_drawn; r++)
    {
      px[r] = self->scores[2 * r];
      py[r] = self->scores[2 * r + 1];
    }

  lab_axes_set_tag (ax, TAG_BIPLOT);
  lab_axes_set_title (ax, _("Biplot: scores, loadings × 2√λ"));
  lab_axes_set_xlabel (ax, "PC1");
  lab_axes_set_ylabel (ax, "PC2");
  lab_axes_set_grid (ax, FALSE);
  pts.marker = LAB_MARKER_CIRCLE;
  pts.marker_size = self->n_drawn > 800 ? 3 : 4.5;
  pts.line_width = 0;
  pts.fill = lab_color_semantic (LAB_COLOR_MUTED, 0.5);
  pts.color = lab_color_semantic (LAB_COLOR_MUTED, 0.5);
  lab_axes_add_scatter (ax, NULL, px, py, NULL, self->n_drawn, &pts);
  for (guint j = 0; j < d && j < 24; j++)
    {
      double lx = f1 * self->pca->components[j], ly = f2 * self->pca->components[d + j];
      LabStyle s = lab_style_default (3);
      LabStyle ts = lab_style_default (3);

      s.line_width = 1.8;
      lab_axes_add_arrow (ax, 0, 0, lx, ly, &s);
      if (d <= 12)
        lab_axes_add_text (ax, lx, ly, self->names[j], lx >= 0 ? LAB_ANCHOR_WEST : LAB_ANCHOR_EAST, FALSE, &ts);
    }
}

static void
build_power (LabAxes         *ax,
             const PcaResult *self,
             LabParams       *params)
{
  double l1 = self->pca->eigenvalues[0];
  double xs[PCA_POWER_STEPS + 1], gap[PCA_POWER_STEPS + 1];
  guint step = MIN ((guint) lab_params_get_int (params, "power-step"), PCA_POWER_STEPS);
  LabStyle s = lab_style_default (0);
  LabStyle mark = lab_style_default (0);
  g_autofree char *title = NULL;
  /* below ≈ 10⁻¹⁴ λ₁ the gap is rounding noise */
  double floor_ = MAX (fabs (l1), DBL_MIN) * 1e-14;

  for (guint t = 0; t <= PCA_POWER_STEPS; t++)
    {
      xs[t] = t;
      gap[t] = MAX (l1 - self->power_rayleigh[t], floor_);
    }
  if (self->d > 1 && l1 > 0)
    title = g_strdup_printf (_("Power iteration: λ₁ − vᵀAv (λ₂/λ₁ = %.3g)"),
                             self->pca->eigenvalues[1] / l1);
  else
    title = g_strdup (_("Power iteration: λ₁ − vᵀAv"));
  lab_axes_set_tag (ax, TAG_POWER);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, _("Step t"));
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  s.line_width = 1.8;
  lab_axes_add_line (ax, NULL, xs, gap, PCA_POWER_STEPS + 1, &s);
  mark.marker = LAB_MARKER_CIRCLE;
  mark.marker_size = 10;
  mark.color = lab_color_semantic (LAB_COLOR_ACCENT, 1);
  mark.fill = lab_color_semantic (LAB_COLOR_ACCENT, 1);
  {
    g_autofree char *label = g_strdup_printf (_("step %u: vᵀAv = %.6g (λ₁ = %.6g)"), step, self->power_rayleigh[step], l1);

    lab_layer_set_dynamic (lab_axes_add_marker (ax, label, step, gap[step], &mark), TRUE);
  }
  lab_axes_set_legend (ax, TRUE);
}

static void
build_matrix (LabAxes         *ax,
              const PcaResult *self,
              gboolean         correlation)
{
  const guint d = self->d;
  const double *M = correlation ? self->pca->correlation : self->pca->covariance;
  g_autofree double *flipped = g_new (double, (gsize) d * d);
  g_autofree char **xl = g_new0 (char *, d + 1);
  g_autofree char **yl = g_new0 (char *, d + 1);
  double vmax = 0;

  for (guint r = 0; r < d; r++)
    for (guint c = 0; c < d; c++)
      {
        flipped[(gsize) (d - 1 - r) * d + c] = M[r * d + c];
        if (isfinite (M[r * d + c]))
          vmax = MAX (vmax, fabs (M[r * d + c]));
      }
  if (correlation)
    vmax = 1;
  for (guint c = 0; c < d; c++)
    {
      xl[c] = self->names[c];
      yl[c] = self->names[d - 1 - c];
    }
  lab_axes_set_tag (ax, correlation ? TAG_CORR : TAG_COV);
  lab_axes_set_title (ax, correlation ? _("Correlation: covariance / (σᵢσⱼ)") : _("Covariance matrix"));
  lab_axes_set_grid (ax, FALSE);
  lab_axes_set_xlim (ax, -0.5, d - 0.5);
  lab_axes_set_ylim (ax, -0.5, d - 0.5);
  if (d <= 12)
    {
      lab_axes_set_xcategories (ax, (const char * const *) xl);
      lab_axes_set_ycategories (ax, (const char * const *) yl);
    }
  lab_axes_add_heatmap (ax, flipped, d, d, -0.5, d - 0.5, -0.5, d - 0.5, LAB_COLORMAP_DIVERGING,
                        -MAX (vmax, DBL_MIN), MAX (vmax, DBL_MIN), NULL);
  if (d <= MAX_ANNOTATE)
    for (guint r = 0; r < d; r++)
      for (guint c = 0; c < d; c++)
        {
          double v = M[r * d + c];
          double t = vmax > 0 ? 0.5 + 0.5 * v / vmax : 0.5;
          LabRGBA tc = lab_colormap_text_color (LAB_COLORMAP_DIVERGING, t);
          LabStyle ts = lab_style_default (0);
          g_autofree char *text = isfinite (v) ? g_strdup_printf ("<small>%.3g</small>", v) : g_strdup ("<small>—</small>");

          ts.color = lab_color_rgba (tc.r, tc.g, tc.b, 1);
          lab_axes_add_text (ax, c, d - 1 - r, text, LAB_ANCHOR_CENTER, FALSE, &ts);
        }
}

LabFigure *
pca_build (const LabResult *result,
           LabParams       *params)
{
  const PcaResult *self = (const PcaResult *) result;
  LabFigure *figure = lab_figure_new (2, 4);
  static const double rows[] = { 1.5, 1.0 };

  lab_figure_set_row_weights (figure, rows);
  lab_figure_set_span (figure, 0, 0, 1, 2);
  build_scatter (lab_figure_get_axes_at (figure, 0, 0), self, params);
  build_scree (lab_figure_get_axes_at (figure, 0, 2), self);
  build_reconstruction (lab_figure_get_axes_at (figure, 0, 3), self);
  build_biplot (lab_figure_get_axes_at (figure, 1, 0), self);
  build_power (lab_figure_get_axes_at (figure, 1, 1), self, params);
  build_matrix (lab_figure_get_axes_at (figure, 1, 2), self, FALSE);
  build_matrix (lab_figure_get_axes_at (figure, 1, 3), self, TRUE);
  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

void
pca_metrics (const LabResult *result,
             LabParams       *params,
             LabMetrics      *out)
{
  const PcaResult *self = (const PcaResult *) result;
  const LabPca *p = self->pca;
  guint step = MIN ((guint) lab_params_get_int (params, "power-step"), PCA_POWER_STEPS);
  double two = 0;
  g_autofree char *rank = NULL, *pc1 = NULL, *power = NULL;

  for (guint m = 0; m < MIN (2, self->d); m++)
    two += p->explained_variance_ratio[m];
  lab_metrics_add_string (out, "source", _("Data"), self->source_name);
  lab_metrics_add_int (out, "n", _("Rows"), (gint64) self->n);
  lab_metrics_add_int (out, "d", _("Columns"), self->d);
  if (self->n_dropped > 0)
    lab_metrics_add_int (out, "dropped_rows", _("Rows left out (empty cells)"), (gint64) self->n_dropped);
  else
    lab_metrics_add_int (out, "dropped_rows", NULL, 0);
  lab_metrics_add_bool (out, "standardized", _("Correlation matrix"), p->standardized);
  pc1 = g_strdup_printf (_("λ₁ = %.6g, %.1f %% of the variance (PC1 + PC2: %.1f %%)"), p->eigenvalues[0],
                         100 * p->explained_variance_ratio[0], 100 * two);
  lab_metrics_add_string (out, "pc1_summary", _("First component"), pc1);
  rank = g_strdup_printf (_("%u of %u (eigenvalues above %.3g)"), p->rank, self->d, p->rank_tol);
  lab_metrics_add_string (out, "rank_summary", _("Numerical rank"), rank);
  power = g_strdup_printf (_("vᵀAv = %.10g after %u steps"), self->power_rayleigh[step], step);
  lab_metrics_add_string (out, "power_summary", _("Power iteration"), power);

  lab_metrics_add_doubles (out, "eigenvalues", p->eigenvalues, self->d);
  lab_metrics_add_doubles (out, "explained_variance_ratio", p->explained_variance_ratio, self->d);
  lab_metrics_add_matrix (out, "components", p->components, self->d, self->d);
  lab_metrics_add_doubles (out, "mean", p->mean, self->d);
  lab_metrics_add_matrix (out, "covariance", p->covariance, self->d, self->d);
  lab_metrics_add_matrix (out, "correlation", p->correlation, self->d, self->d);
  lab_metrics_add_int (out, "rank", NULL, p->rank);
  lab_metrics_add_double (out, "rank_tolerance", NULL, p->rank_tol);
  lab_metrics_begin_array (out, "columns");
  for (guint j = 0; j < self->d; j++)
    lab_metrics_add_string (out, NULL, NULL, self->names[j]);
  lab_metrics_end (out);
  lab_metrics_add_int (out, "power_step", NULL, step);
  lab_metrics_add_double (out, "power_rayleigh", NULL, self->power_rayleigh[step]);
}

gboolean
pca_suggest_range (const LabResult *result,
                   GParamSpec      *pspec,
                   double          *lo,
                   double          *hi)
{
  const PcaResult *self = (const PcaResult *) result;

  if (g_str_equal (pspec->name, "x-feature") || g_str_equal (pspec->name, "y-feature"))
    {
      *lo = 1;
      *hi = MAX (self->d, 2);
      return TRUE;
    }
  return FALSE;
}
