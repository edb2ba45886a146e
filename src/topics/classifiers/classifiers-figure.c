/* classifiers-figure.c — the classifiers topic on the main thread: figures, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "classifiers-private.h"

static const LabDash model_dash[CLS_N_MODELS] = { LAB_DASH_SOLID, LAB_DASH_DASHED, LAB_DASH_DOTTED, LAB_DASH_SOLID };

/* "Logistic regression (L2, C = 1, degree 2)" */
static char *
fit_title (const ClsResult *self,
           const ClsFit    *fit,
           LabParams       *params)
{
  if (fit->kind == CLS_MODEL_LOGISTIC)
    {
      /* whole phrases, each a message: a translation may order its parts its own way */
      const char *model = cls_model_title (fit->kind);

      if (self->penalty == LAB_PENALTY_NONE)
        return self->degree > 1 ? g_strdup_printf (_("%s (no penalty, degree %u)"), model, self->degree)
                                : g_strdup_printf (_("%s (no penalty)"), model);
      if (self->degree > 1)
        return g_strdup_printf (self->penalty == LAB_PENALTY_L2 ? _("%s (L2, C = %.3g, degree %u)")
                                                                : _("%s (L1, C = %.3g, degree %u)"),
                                model, self->c, self->degree);
      return g_strdup_printf (self->penalty == LAB_PENALTY_L2 ? _("%s (L2, C = %.3g)") : _("%s (L1, C = %.3g)"),
                              model, self->c);
    }
  if (fit->kind == CLS_MODEL_QDA && lab_params_get_double (params, "reg-param") > 0)
    return g_strdup_printf (_("QDA (reg-param %.3g)"), lab_params_get_double (params, "reg-param"));
  return g_strdup (cls_model_title (fit->kind));
}

/* ------------------------------------------------------------------ */
/* the points and the regions */

static void
add_points (LabAxes         *ax,
            const ClsResult *self,
            gboolean         show_test)
{
  LabPoints *pts = self->points;
  guint n_max = MAX (self->n_train, self->n_test);
  g_autofree double *x = g_new (double, MAX (n_max, 1)), *y = g_new (double, MAX (n_max, 1));
  g_autofree LabColor *colors = g_new (LabColor, MAX (n_max, 1));
  double size = pts->n > 3000 ? 3.5 : pts->n > 800 ? 5 : 6.5;

  for (guint set = 0; set < 2; set++)
    {
      const guint *rows = set == 0 ? self->train : self->test;
      guint n = set == 0 ? self->n_train : self->n_test;
      LabStyle style = lab_style_default (0);

      if (n == 0 || (set == 1 && !show_test))
        continue;
      for (guint r = 0; r < n; r++)
        {
          x[r] = pts->x[(gsize) rows[r] * self->d];
          y[r] = pts->x[(gsize) rows[r] * self->d + 1];
          colors[r] = lab_color_palette (pts->y[rows[r]]);
        }
      style.marker = set == 0 ? LAB_MARKER_CIRCLE : LAB_MARKER_DIAMOND;
      style.marker_size = size;
      style.line_width = set == 0 ? 0.6 : 1.3;
      style.fill = set == 0 ? lab_color_palette_alpha (0, 0.85) : lab_color_palette_alpha (0, 0.0);
      lab_axes_add_scatter (ax, set == 0 ? _("training rows") : _("test rows"), x, y, colors, n, &style);
    }
}

/* The covariance ellipses (1σ, and 2σ fainter) of a generative model's classes, in the first two
 * features, and the class means. */
static void
add_ellipses (LabAxes         *ax,
              const ClsResult *self,
              const ClsFit    *fit)
{
  guint d = self->d;
  g_autofree double *cov = g_new (double, d * d);

  for (guint c = 0; c < self->k; c++)
    {
      double a, b, e, tr, det, disc, l1, l2, th;
      const double *mu = fit->gc->means + (gsize) c * d;
      LabStyle st = lab_style_default (c);

      lab_gaussian_get_covariance (fit->gc, c, cov);
      a = cov[0];
      b = cov[1];
      e = cov[d + 1];
      tr = a + e;
      det = a * e - b * b;
      disc = sqrt (MAX (tr * tr / 4 - det, 0));
      l1 = tr / 2 + disc;
      l2 = MAX (tr / 2 - disc, 0);
      th = 0.5 * atan2 (2 * b, a - e);
      for (guint r = 1; r <= 2; r++)
        {
          double ex[97], ey[97];

          for (guint i = 0; i < G_N_ELEMENTS (ex); i++)
            {
              double t = 2 * G_PI * i / (G_N_ELEMENTS (ex) - 1);
              double u = r * sqrt (l1) * cos (t), v = r * sqrt (l2) * sin (t);

              ex[i] = mu[0] + u * cos (th) - v * sin (th);
              ey[i] = mu[1] + u * sin (th) + v * cos (th);
            }
          /* 2σ fainter and thinner rather than dashed (dashing costs a few ms a figure); an
           * outline in the foreground colour keeps them visible over their own class's points */
          {
            LabStyle halo = st;

            halo.line_width = r == 1 ? 3.6 : 2.6;
            halo.color = lab_color_semantic (LAB_COLOR_FOREGROUND, r == 1 ? 0.85 : 0.45);
            lab_axes_add_line (ax, NULL, ex, ey, G_N_ELEMENTS (ex), &halo);
          }
          st.line_width = r == 1 ? 1.8 : 1.1;
          st.color = lab_color_palette_alpha (c, r == 1 ? 1.0 : 0.8);
          lab_axes_add_line (ax, NULL, ex, ey, G_N_ELEMENTS (ex), &st);
        }
      st.marker = LAB_MARKER_CROSS;
      st.marker_size = 11;
      st.line_width = 2.5;
      st.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
      lab_axes_add_marker (ax, NULL, mu[0], mu[1], &st);
    }
}

static void
add_regions (LabAxes         *ax,
             const ClsResult *self,
             const ClsFit    *fit,
             LabParams       *params)
{
  gsize ng = (gsize) GRID_N * GRID_N;
  guint k = self->k;
  g_autofree guint8 *cls = g_new (guint8, ng);
  g_autofree double *opacity = g_new (double, ng), *field = g_new (double, ng);
  g_autofree char *title = fit_title (self, fit, params);
  g_autofree char *acc = NULL;

  for (gsize i = 0; i < ng; i++)
    {
      const double *p = fit->grid + i * k;
      guint top = 0;

      for (guint c = 1; c < k; c++)
        if (p[c] > p[top])
          top = c;
      cls[i] = (guint8) top;
      /* confidence above chance, 0 … 1, shades the region */
      opacity[i] = 0.06 + 0.32 * (p[top] - 1.0 / k) / (1 - 1.0 / k);
    }
  lab_axes_add_class_map (ax, cls, opacity, GRID_N, GRID_N, self->box[0], self->box[1], self->box[2], self->box[3]);

  if (lab_params_get_boolean (params, "show-contours"))
    {
      if (k == 2)
        {
          static const double levels[] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };
          LabStyle st = lab_style_default (0);

          st.line_width = 1.2;
          for (gsize i = 0; i < ng; i++)
            field[i] = fit->grid[i * 2 + 1];
          lab_axes_add_contour (ax, field, GRID_N, GRID_N, self->box[0], self->box[1], self->box[2], self->box[3],
                                levels, G_N_ELEMENTS (levels), FALSE, LAB_COLORMAP_DIVERGING, &st);
        }
      else
        for (guint c = 0; c < k; c++)
          {
            static const double levels[] = { 0.5, 0.9 };
            LabStyle st = lab_style_default (c);

            st.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.55);
            st.line_width = 1.0;
            for (gsize i = 0; i < ng; i++)
              field[i] = fit->grid[i * k + c];
            lab_axes_add_contour (ax, field, GRID_N, GRID_N, self->box[0], self->box[1], self->box[2], self->box[3],
                                  levels, G_N_ELEMENTS (levels), FALSE, LAB_COLORMAP_VIRIDIS, &st);
          }
    }
  add_points (ax, self, lab_params_get_boolean (params, "show-test"));
  if (fit->gc != NULL && lab_params_get_boolean (params, "show-ellipses"))
    add_ellipses (ax, self, fit);

  if (self->n_test > 0)
    acc = g_strdup_printf (_("%s\ntest accuracy %.3f, log loss %.3f"), title, fit->test_accuracy, fit->test_log_loss);
  else
    acc = g_strdup_printf (_("%s\ntraining accuracy %.3f, log loss %.3f"), title, fit->train_accuracy, fit->log_loss);
  lab_axes_set_title (ax, acc);
  if (fit->lr != NULL && fit->lr->separable)
    lab_axes_add_text (ax, 0.02, 0.98,
                       _("<b>Separable: no maximum-likelihood estimate.</b>\nThe weights grow forever; shown\nwhere Newton stopped."),
                       LAB_ANCHOR_NORTH_WEST, TRUE, NULL);
}

static void
set_point_axes (LabAxes         *ax,
                const ClsResult *self)
{
  lab_axes_set_xlim (ax, self->box[0], self->box[1]);
  lab_axes_set_ylim (ax, self->box[2], self->box[3]);
  lab_axes_set_xlabel (ax, self->points->feature_names[0]);
  lab_axes_set_ylabel (ax, self->points->feature_names[1]);
  lab_axes_set_grid (ax, FALSE);
  lab_axes_set_tag (ax, TAG_REGIONS);
  /* generated features share a unit: circles look round */
  if (self->points->rows == NULL)
    lab_axes_set_equal_aspect (ax, TRUE);
}

/* With more than two features the plotted plane holds the others at their training means */
static void
set_plane_title (LabFigure       *fig,
                 const ClsResult *self)
{
  GString *s;

  if (self->d <= 2)
    return;
  s = g_string_new (NULL);
  for (guint j = 2; j < self->d; j++)
    g_string_append_printf (s, "%s%s = %.3g", j > 2 ? ", " : "", self->points->feature_names[j], self->fixed[j]);
  {
    /* one sentence with the held values as its last argument: a translation orders it freely */
    g_autofree char *title = g_strdup_printf (self->d == 3 ? _("Over %s and %s, with %s held at its training mean")
                                                           : _("Over %s and %s, with %s held at their training means"),
                                              self->points->feature_names[0], self->points->feature_names[1], s->str);

    lab_figure_set_title (fig, title);
  }
  g_string_free (s, TRUE);
}

static LabFigure *
build_regions (const ClsResult *self,
               LabParams       *params)
{
  guint n = self->n_fits;
  guint cols = n == 4 ? 2 : n, rows = n == 4 ? 2 : 1;
  LabFigure *fig = lab_figure_new (rows, cols);

  for (guint m = 0; m < n; m++)
    {
      LabAxes *ax = lab_figure_get_axes (fig, m);

      add_regions (ax, self, &self->fits[m], params);
      set_point_axes (ax, self);
    }
  set_plane_title (fig, self);
  return fig;
}

static LabFigure *
build_overlay (const ClsResult *self,
               LabParams       *params)
{
  LabFigure *fig = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  gsize ng = (gsize) GRID_N * GRID_N;
  guint k = self->k;
  g_autofree double *field = g_new (double, ng);
  static const double zero[] = { 0.0 };

  for (guint m = 0; m < self->n_fits; m++)
    {
      const ClsFit *fit = &self->fits[m];
      LabStyle st = lab_style_default (0);

      st.color = fit->kind == CLS_MODEL_QDA ? lab_color_semantic (LAB_COLOR_ACCENT, 1.0)
                                            : lab_color_semantic (LAB_COLOR_FOREGROUND, 0.85);
      st.dash = model_dash[fit->kind];
      st.line_width = 2.0;
      /* the boundaries: where a class's probability equals its strongest rival's */
      for (guint c = 0; c < (k == 2 ? 1 : k); c++)
        {
          g_autofree char *label = c == 0 ? fit_title (self, fit, params) : NULL;

          for (gsize i = 0; i < ng; i++)
            {
              const double *p = fit->grid + i * k;
              double rival = -INFINITY;

              for (guint j = 0; j < k; j++)
                if (j != c)
                  rival = MAX (rival, p[j]);
              field[i] = p[c] - rival;
            }
          {
            LabLayer *l = lab_axes_add_contour (ax, field, GRID_N, GRID_N, self->box[0], self->box[1], self->box[2],
                                                self->box[3], zero, 1, FALSE, LAB_COLORMAP_VIRIDIS, &st);
            (void) l;
          }
          if (label != NULL)
            {
              /* a legend entry in the same style (the contour itself is unlabelled) */
              double nan2[2] = { NAN, NAN };

              lab_axes_add_line (ax, label, nan2, nan2, 2, &st);
            }
        }
    }
  add_points (ax, self, lab_params_get_boolean (params, "show-test"));
  set_point_axes (ax, self);
  lab_axes_set_tag (ax, TAG_OVERLAY);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_title (ax, _("Decision boundaries"));
  set_plane_title (fig, self);
  return fig;
}

/* ------------------------------------------------------------------ */
/* calibration */

static LabFigure *
build_calibration (const ClsResult *self,
                   LabParams       *params)
{
  LabFigure *fig = lab_figure_new (2, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0), *hx = lab_figure_get_axes (fig, 1);
  const double weights[2] = { 3, 1.2 };
  double edges[N_BINS + 1];
  const char *on = self->n_test > 0 ? _("test rows") : _("training rows");
  g_autofree char *title = NULL;

  lab_figure_set_row_weights (fig, weights);
  for (guint b = 0; b <= N_BINS; b++)
    edges[b] = (double) b / N_BINS;
  lab_axes_add_abline (ax, _("perfectly calibrated"), 0, 0, 1, NULL);
  for (guint m = 0; m < self->n_fits; m++)
    {
      const ClsFit *fit = &self->fits[m];
      LabStyle st = lab_style_default (m + self->k);
      double cx[N_BINS], cy[N_BINS], counts[N_BINS];
      guint n = 0;
      g_autofree char *name = fit_title (self, fit, params);
      g_autofree char *label = g_strdup_printf (_("%s — Brier %.4f, ECE %.3f"), name,
                                                self->n_test > 0 ? fit->test_brier : fit->brier, fit->ece);

      for (guint b = 0; b < N_BINS; b++)
        {
          counts[b] = fit->bin_count[b];
          if (fit->bin_count[b] > 0)
            {
              cx[n] = fit->bin_confidence[b];
              cy[n] = fit->bin_frequency[b];
              n++;
            }
        }
      st.marker = LAB_MARKER_CIRCLE;
      st.dash = model_dash[fit->kind];
      lab_axes_add_line (ax, label, cx, cy, n, &st);
      st.marker = LAB_MARKER_NONE;
      st.dash = LAB_DASH_SOLID;
      st.line_width = 1.5;
      {
        double sx[N_BINS + 1], sy[N_BINS + 1];

        for (guint b = 0; b <= N_BINS; b++)
          {
            sx[b] = edges[b];
            sy[b] = counts[MIN (b, N_BINS - 1)];
          }
        lab_axes_add_step (hx, name, sx, sy, N_BINS + 1, &st);
      }
    }
  lab_axes_set_xlim (ax, 0, 1);
  lab_axes_set_ylim (ax, 0, 1);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_tag (ax, TAG_CALIBRATION);
  if (self->k == 2)
    {
      title = g_strdup_printf (_("Reliability diagram on the %s: predicted p(%s) against the share that is %s"),
                               on, self->points->class_names[1], self->points->class_names[1]);
      lab_axes_set_xlabel (ax, _("predicted probability (bin mean)"));
      lab_axes_set_ylabel (ax, _("observed frequency"));
    }
  else
    {
      title = g_strdup_printf (_("Reliability diagram on the %s: top-class confidence against accuracy"), on);
      lab_axes_set_xlabel (ax, _("confidence of the predicted class (bin mean)"));
      lab_axes_set_ylabel (ax, _("accuracy"));
      lab_axes_set_ylim (ax, NAN, 1.02);   /* an accuracy: no tick above 1 */
    }
  lab_axes_set_title (ax, title);
  lab_axes_set_xlim (hx, 0, 1);
  lab_axes_set_xlabel (hx, _("predicted probability"));
  lab_axes_set_ylabel (hx, _("rows"));
  return fig;
}

/* ------------------------------------------------------------------ */
/* coefficient paths */

static LabFigure *
build_paths (const ClsResult *self,
             LabParams       *params)
{
  LabFigure *fig = lab_figure_new (1, 2);
  guint m = self->n_design, rows = self->path_rows;
  static const LabDash dashes[] = { LAB_DASH_SOLID, LAB_DASH_DASHED, LAB_DASH_DOTTED };

  for (guint p = 0; p < 2; p++)
    {
      LabAxes *ax = lab_figure_get_axes (fig, p);
      double y[N_PATH];
      guint alive = 0;

      for (guint r = 0; r < rows; r++)
        for (guint j = 0; j < m; j++)
          {
            LabStyle st = lab_style_default (j);
            g_autofree char *label = NULL;

            for (guint i = 0; i < N_PATH; i++)
              y[i] = self->path_coef[p][((gsize) i * rows + r) * m + j];
            st.dash = dashes[r % G_N_ELEMENTS (dashes)];
            st.line_width = 1.8;
            if (r == 0)
              label = g_strdup (self->design_names[j]);
            lab_axes_add_line (ax, label, self->path_c, y, N_PATH, &st);
          }
      lab_axes_add_hline (ax, NULL, 0, NULL);
      lab_axes_add_vline (ax, NULL, self->c, NULL);
      lab_axes_set_xscale (ax, LAB_SCALE_LOG);
      lab_axes_set_xlabel (ax, _("C (inverse penalty strength)"));
      lab_axes_set_ylabel (ax, _("weight (standardised feature)"));
      lab_axes_set_tag (ax, p == 0 ? TAG_PATH_L1 : TAG_PATH_L2);
      /* how many weights the penalty keeps at the current C (nearest grid value) */
      {
        guint at = 0;

        for (guint i = 1; i < N_PATH; i++)
          if (fabs (log (self->path_c[i] / self->c)) < fabs (log (self->path_c[at] / self->c)))
            at = i;
        for (guint a = 0; a < rows * m; a++)
          alive += self->path_coef[p][(gsize) at * rows * m + a] != 0;
      }
      if (p == 0)
        {
          g_autofree char *t = g_strdup_printf (_("L1: weights reach exactly 0 (at C ≈ %.3g: %u of %u non-zero)"),
                                                self->c, alive, rows * m);

          lab_axes_set_title (ax, t);
          lab_axes_set_legend (ax, TRUE);
        }
      else
        {
          g_autofree char *t = g_strdup_printf (_("L2: weights shrink, none is 0 (at C ≈ %.3g: %u of %u non-zero)"),
                                                self->c, alive, rows * m);

          lab_axes_set_title (ax, t);
        }
    }
  if (rows > 1)
    lab_figure_set_title (fig, _("One line per feature and class (solid, dashed, dotted: classes 1, 2, 3, …); click to set C"));
  else
    lab_figure_set_title (fig, _("Logistic regression's weights against C; click a plot to set C"));
  return fig;
}

/* ------------------------------------------------------------------ */
/* learning curve */

static LabFigure *
build_learning_curve (const ClsResult *self,
                      LabParams       *params)
{
  LabFigure *fig = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  const char *names[2] = { _("Gaussian naive Bayes (generative)"), _("Logistic regression (discriminative)") };

  for (guint m = 0; m < 2; m++)
    {
      LabStyle st = lab_style_default (m + 4);
      double lo[N_SIZES], hi[N_SIZES];

      for (guint s = 0; s < self->n_sizes; s++)
        {
          double se = self->lc_sd[m][s] / sqrt ((double) N_REPEATS);

          lo[s] = self->lc_mean[m][s] - se;
          hi[s] = self->lc_mean[m][s] + se;
        }
      st.fill = lab_color_palette_alpha (m + 4, 0.2);
      lab_axes_add_band (ax, NULL, self->sizes, lo, hi, self->n_sizes, &st);
      st.marker = LAB_MARKER_CIRCLE;
      lab_axes_add_line (ax, names[m], self->sizes, self->lc_mean[m], self->n_sizes, &st);
    }
  lab_axes_set_xscale (ax, LAB_SCALE_LOG);
  lab_axes_set_xlabel (ax, _("training rows"));
  lab_axes_set_ylabel (ax, _("test error"));
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_tag (ax, TAG_LEARNING);
  {
    g_autofree char *t = g_strdup_printf (_("Test error on %u held-out rows, mean ± standard error over %u random training subsets"),
                                          self->n_test, N_REPEATS);

    lab_axes_set_title (ax, t);
  }
  return fig;
}

/* ------------------------------------------------------------------ */
/* the loss view */

static void
add_surface (LabAxes      *ax,
             const double *v,
             const double *min,
             const char   *title)
{
  double lo = INFINITY, hi = -INFINITY, levels[14];

  for (guint i = 0; i < LOSS_N * LOSS_N; i++)
    {
      lo = MIN (lo, v[i]);
      hi = MAX (hi, v[i]);
    }
  /* denser levels near the minimum */
  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      double t = (double) l / G_N_ELEMENTS (levels);

      levels[l] = lo + (hi - lo) * t * t;
    }
  levels[0] = lo - 1e-9 * (hi - lo);   /* the basin too is painted */
  lab_axes_add_contour (ax, v, LOSS_N, LOSS_N, -LOSS_W, LOSS_W, -LOSS_W, LOSS_W, levels, G_N_ELEMENTS (levels), TRUE,
                        LAB_COLORMAP_VIRIDIS, NULL);
  lab_axes_add_marker (ax, _("minimum on the grid"), min[0], min[1], NULL);
  lab_axes_set_xlim (ax, -LOSS_W, LOSS_W);
  lab_axes_set_ylim (ax, -LOSS_W, LOSS_W);
  lab_axes_set_equal_aspect (ax, TRUE);
  lab_axes_set_grid (ax, FALSE);
  lab_axes_set_xlabel (ax, "w<sub>1</sub>");
  lab_axes_set_ylabel (ax, "w<sub>2</sub>");
  lab_axes_set_title (ax, title);
}

static LabFigure *
build_loss (const ClsResult *self,
            LabParams       *params)
{
  LabFigure *fig = lab_figure_new (2, 2);
  LabAxes *ax = lab_figure_get_axes (fig, 0), *gx = lab_figure_get_axes (fig, 1);
  double z[LOSS_CURVE_N], ce[LOSS_CURVE_N], se[LOSS_CURVE_N], gce[LOSS_CURVE_N], gse[LOSS_CURVE_N];
  double blo[2] = { -8, -M_LN2 }, b0[2] = { 0, 0 }, b1[2] = { 5, 5 };
  LabStyle band = lab_style_default (7);

  for (guint i = 0; i < LOSS_CURVE_N; i++)
    {
      double s;

      z[i] = -8 + 16.0 * i / (LOSS_CURVE_N - 1);
      s = 1 / (1 + exp (-z[i]));
      ce[i] = z[i] > 0 ? log1p (exp (-z[i])) : -z[i] + log1p (exp (z[i]));
      se[i] = (1 - s) * (1 - s);
      gce[i] = 1 - s;                       /* |d CE / dz| */
      gse[i] = 2 * s * (1 - s) * (1 - s);   /* |d SE / dz| */
    }
  band.fill = lab_color_palette_alpha (7, 0.18);
  band.color = lab_color_semantic (LAB_COLOR_NONE, 1.0);
  lab_axes_add_band (ax, _("squared error concave (σ < 1/3)"), blo, b0, b1, 2, &band);
  lab_axes_add_line (ax, _("logistic loss −log σ(z)"), z, ce, LOSS_CURVE_N, NULL);
  lab_axes_add_line (ax, _("squared error (1 − σ(z))²"), z, se, LOSS_CURVE_N, NULL);
  lab_axes_set_ylim (ax, 0, 4);
  lab_axes_set_xlim (ax, -8, 8);
  lab_axes_set_xlabel (ax, _("logit z of the true class"));
  lab_axes_set_ylabel (ax, _("loss"));
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_title (ax, _("One example with label 1"));
  lab_axes_set_tag (ax, TAG_LOSS_CURVE);

  band.fill = lab_color_palette_alpha (7, 0.18);
  lab_axes_add_band (gx, NULL, blo, b0, b1, 2, &band);
  lab_axes_add_line (gx, _("logistic loss: 1 − σ(z)"), z, gce, LOSS_CURVE_N, NULL);
  lab_axes_add_line (gx, _("squared error: 2σ(1 − σ)²"), z, gse, LOSS_CURVE_N, NULL);
  lab_axes_set_ylim (gx, 0, 1.05);
  lab_axes_set_xlim (gx, -8, 8);
  lab_axes_set_xlabel (gx, _("logit z of the true class"));
  lab_axes_set_ylabel (gx, _("|gradient| in z"));
  lab_axes_set_legend (gx, TRUE);
  lab_axes_set_title (gx, _("Confidently wrong: the squared error's gradient vanishes"));

  {
    g_autofree char *t1 = g_strdup_printf (_("Mean logistic loss over (w₁, w₂): convex, one basin"));
    g_autofree char *t2 = g_strdup_printf (_("Mean squared error of σ(w·x): plateaus, not convex"));

    add_surface (lab_figure_get_axes (fig, 2), self->loss_ce, self->ce_min, t1);
    add_surface (lab_figure_get_axes (fig, 3), self->loss_mse, self->mse_min, t2);
    lab_axes_set_tag (lab_figure_get_axes (fig, 2), TAG_LOSS_CE);
    lab_axes_set_tag (lab_figure_get_axes (fig, 3), TAG_LOSS_MSE);
  }
  {
    g_autofree char *t = g_strdup_printf (_("Class “%s” against the rest, on the two standardised features, no intercept"),
                                          self->points->class_names[self->k - 1]);

    lab_figure_set_title (fig, t);
  }
  return fig;
}

LabFigure *
cls_build (const LabResult *result,
           LabParams       *params)
{
  const ClsResult *self = (const ClsResult *) result;

  switch (self->view)
    {
    case CLS_VIEW_OVERLAY:
      return build_overlay (self, params);
    case CLS_VIEW_CALIBRATION:
      return build_calibration (self, params);
    case CLS_VIEW_PATHS:
      return build_paths (self, params);
    case CLS_VIEW_LEARNING_CURVE:
      return build_learning_curve (self, params);
    case CLS_VIEW_LOSS:
      return build_loss (self, params);
    case CLS_VIEW_REGIONS:
    default:
      return build_regions (self, params);
    }
}

/* ------------------------------------------------------------------ */
/* metrics */

void
cls_metrics (const LabResult *result,
             LabParams       *params,
             LabMetrics      *out)
{
  const ClsResult *self = (const ClsResult *) result;
  LabPoints *pts = self->points;

  lab_metrics_add_string (out, "source", _("Data"), self->source_name);
  lab_metrics_add_int (out, "n_train", _("Training rows"), self->n_train);
  lab_metrics_add_int (out, "n_test", _("Test rows"), self->n_test);
  lab_metrics_add_int (out, "classes", _("Classes"), self->k);
  if (pts->n_dropped > 0)
    lab_metrics_add_int (out, "rows_dropped", _("Rows dropped (missing cells)"), (gint64) pts->n_dropped);

  for (guint m = 0; m < self->n_fits; m++)
    {
      const ClsFit *fit = &self->fits[m];
      g_autofree char *key = g_strdelimit (g_strdup_printf ("%s_test_accuracy", cls_model_nick (fit->kind)), "-", '_');
      g_autofree char *label = g_strdup_printf (_("%s: test accuracy"), cls_model_title (fit->kind));
      g_autofree char *key2 = g_strdelimit (g_strdup_printf ("%s_log_loss", cls_model_nick (fit->kind)), "-", '_');
      g_autofree char *label2 = g_strdup_printf (_("%s: training log loss"), cls_model_title (fit->kind));

      lab_metrics_add_double (out, key, label, fit->test_accuracy);
      lab_metrics_add_double (out, key2, label2, fit->log_loss);
      if (fit->lr != NULL)
        {
          lab_metrics_add_bool (out, "separable", _("Separable (no MLE)"), fit->lr->separable);
          if (fit->lr->separable)
            lab_metrics_add_string (out, "message", _("Note"),
                                    _("The training classes are separable: without a penalty the likelihood has no maximum "
                                      "(the weights grow without bound). The coefficients are those where Newton's method "
                                      "stopped; choose penalty=l2 or l1 for a finite solution."));
          else if (!fit->lr->converged)
            lab_metrics_add_string (out, "message", _("Note"),
                                    _("Logistic regression did not reach its tolerance within the iteration limit."));
        }
    }

  if (self->view == CLS_VIEW_LEARNING_CURVE)
    {
      lab_metrics_begin_object (out, "learning_curve");
      lab_metrics_add_doubles (out, "sizes", self->sizes, self->n_sizes);
      lab_metrics_add_doubles (out, "naive_bayes_error", self->lc_mean[0], self->n_sizes);
      lab_metrics_add_doubles (out, "logistic_error", self->lc_mean[1], self->n_sizes);
      lab_metrics_end (out);
    }
  if (self->view == CLS_VIEW_PATHS)
    {
      lab_metrics_begin_object (out, "coefficient_paths");
      lab_metrics_add_doubles (out, "c", self->path_c, N_PATH);
      lab_metrics_begin_array (out, "l1_nonzero");
      for (guint i = 0; i < N_PATH; i++)
        {
          guint nz = 0;

          for (guint a = 0; a < self->path_rows * self->n_design; a++)
            nz += self->path_coef[0][(gsize) i * self->path_rows * self->n_design + a] != 0;
          lab_metrics_add_int (out, NULL, NULL, nz);
        }
      lab_metrics_end (out);
      lab_metrics_end (out);
    }
  if (self->view == CLS_VIEW_LOSS)
    {
      lab_metrics_begin_object (out, "loss");
      lab_metrics_add_doubles (out, "logistic_minimum", self->ce_min, 2);
      lab_metrics_add_doubles (out, "squared_error_minimum", self->mse_min, 2);
      lab_metrics_end (out);
    }

  lab_metrics_begin_array (out, "models");
  for (guint m = 0; m < self->n_fits; m++)
    {
      const ClsFit *fit = &self->fits[m];

      lab_metrics_begin_object (out, NULL);
      lab_metrics_add_string (out, "name", NULL, cls_model_nick (fit->kind));
      if (fit->lr != NULL)
        {
          lab_metrics_add_string (out, "penalty", NULL,
                                  self->penalty == LAB_PENALTY_NONE ? "none" : self->penalty == LAB_PENALTY_L2 ? "l2" : "l1");
          lab_metrics_begin_array (out, "features");
          for (guint j = 0; j < self->n_design; j++)
            lab_metrics_add_string (out, NULL, NULL, self->design_names[j]);
          lab_metrics_end (out);
          lab_metrics_add_string (out, "feature_scaling", NULL, "standardized");
          lab_metrics_add_matrix (out, "coefficients", fit->lr->coef, fit->lr->n_rows, self->n_design);
          lab_metrics_add_doubles (out, "intercept", fit->lr->intercept, fit->lr->n_rows);
          lab_metrics_add_int (out, "iterations", NULL, fit->lr->n_iter);
          lab_metrics_add_bool (out, "converged", NULL, fit->lr->converged);
          lab_metrics_add_bool (out, "separable", NULL, fit->lr->separable);
        }
      else if (fit->gc->kind == LAB_GAUSSIAN_NAIVE_BAYES)
        {
          lab_metrics_add_doubles (out, "class_prior", fit->gc->priors, self->k);
          lab_metrics_add_matrix (out, "theta", fit->gc->means, self->k, self->d);
          lab_metrics_add_matrix (out, "var", fit->gc->var, self->k, self->d);
          lab_metrics_add_double (out, "epsilon", NULL, fit->gc->epsilon);
        }
      else
        {
          if (fit->gc->kind == LAB_GAUSSIAN_LDA)
            {
              lab_metrics_add_matrix (out, "coefficients", fit->gc->coef, fit->gc->n_coef_rows, self->d);
              lab_metrics_add_doubles (out, "intercept", fit->gc->intercept, fit->gc->n_coef_rows);
            }
          lab_metrics_add_matrix (out, "means", fit->gc->means, self->k, self->d);
          lab_metrics_add_doubles (out, "priors", fit->gc->priors, self->k);
        }
      lab_metrics_add_double (out, "train_accuracy", NULL, fit->train_accuracy);
      lab_metrics_add_double (out, "test_accuracy", NULL, fit->test_accuracy);
      lab_metrics_add_double (out, "log_loss", NULL, fit->log_loss);
      lab_metrics_add_double (out, "brier", NULL, fit->brier);
      lab_metrics_add_double (out, "test_log_loss", NULL, fit->test_log_loss);
      lab_metrics_add_double (out, "test_brier", NULL, fit->test_brier);
      lab_metrics_add_double (out, "ece", NULL, fit->ece);
      lab_metrics_end (out);
    }
  lab_metrics_end (out);
}

gboolean
cls_click (const LabResult *result,
           LabParams       *params,
           int              axes_tag,
           double           x,
           double           y)
{
  if ((axes_tag == TAG_PATH_L1 || axes_tag == TAG_PATH_L2) && x > 0 && isfinite (x))
    {
      lab_params_set_double (params, "c", x);
      return TRUE;
    }
  return FALSE;
}
