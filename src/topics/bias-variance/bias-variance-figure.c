/* bias-variance-figure.c — the bias-variance topic on the main thread: the views, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bias-variance-private.h"

/* ------------------------------------------------------------------ */
/* figure: shared pieces */

static const char *
model_name (LabBvModel model)
{
  switch (model)
    {
    case LAB_BV_MODEL_POLY: return _("polynomial");
    case LAB_BV_MODEL_RIDGE: return _("ridge");
    case LAB_BV_MODEL_LASSO: return _("lasso");
    case LAB_BV_MODEL_KNN: return _("k nearest neighbours");
    case LAB_BV_MODEL_TREE: return _("regression tree");
    case LAB_BV_MODEL_BAGGING: return _("bagged trees");
    default: g_return_val_if_reached ("");
    }
}

/* "degree 3", "λ = 0.001", "k = 5", "depth 3" */
static char *
setting_text (const BvResult *self,
              guint           i)
{
  switch (self->model)
    {
    case LAB_BV_MODEL_POLY:
      return g_strdup_printf (_("degree %u"), i);
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO:
      return g_strdup_printf (_("degree %u, λ = %.3g"), self->degree, 1.0 / self->complexity[i]);
    case LAB_BV_MODEL_KNN:
      return g_strdup_printf (_("k = %.0f"), 1.0 / self->complexity[i]);
    case LAB_BV_MODEL_TREE:
      return g_strdup_printf (_("depth %u"), i);
    case LAB_BV_MODEL_BAGGING:
      return g_strdup_printf (_("depth %u"), i);
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}

static const char *
complexity_label (LabBvModel model)
{
  switch (model)
    {
    case LAB_BV_MODEL_POLY: return _("Degree   (model complexity →)");
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO: return _("1/λ   (less penalty, more complexity →)");
    case LAB_BV_MODEL_KNN: return _("1/k   (fewer neighbours, more complexity →)");
    case LAB_BV_MODEL_TREE:
    case LAB_BV_MODEL_BAGGING: return _("Tree depth   (model complexity →)");
    default: g_return_val_if_reached ("");
    }
}

static LabStyle
line_style (guint   slot,
            double  width,
            LabDash dash)
{
  LabStyle st = lab_style_default (slot);

  st.line_width = width;
  st.dash = dash;
  return st;
}

/* A log axis that shows the interesting range: from well below the smallest error
 * to a few times the error at the sweet spot, however large the overfitted ends. */
static void
error_ylim (LabAxes      *ax,
            const double *a,
            const double *b,
            guint         n,
            double        floor_hint,
            double        must_show)
{
  double lo = INFINITY, hi = 0.0, best = INFINITY;

  for (guint i = 0; i < n; i++)
    {
      best = MIN (best, b[i]);
      hi = MAX (hi, MAX (a[i], b[i]));
      if (a[i] > 0)
        lo = MIN (lo, a[i]);
      if (b[i] > 0)
        lo = MIN (lo, b[i]);
    }
  if (!isfinite (lo) || !(hi > 0))
    return;
  lo = MAX (lo * 0.6, MAX (best, floor_hint) * 1e-3);
  hi = MIN (hi * 1.6, MAX (MAX (best, floor_hint) * 60.0, must_show * 3.0));
  if (hi <= lo * 10)
    hi = lo * 10;
  lab_axes_set_ylim (ax, lo, hi);
}

/* ------------------------------------------------------------------ */
/* figure: synthetic */

static void
build_fits (const BvResult *self,
            LabParams      *params,
            LabAxes        *ax)
{
  double flo = INFINITY, fhi = -INFINITY, pad;
  g_autofree char *setting = setting_text (self, self->current);
  g_autofree char *title = g_strdup_printf (_("%s, %s: fits on %u training sets of %zu points"),
                                            model_name (self->model), setting, self->n_trials, self->n_train);

  lab_axes_set_tag (ax, TAG_FITS);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, "x");
  lab_axes_set_ylabel (ax, "y");
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  for (guint g = 0; g < N_GRID; g++)
    {
      flo = MIN (flo, self->truth[g]);
      fhi = MAX (fhi, self->truth[g]);
    }
  pad = MAX (0.45, 2.2 * self->noise);
  lab_axes_set_xlim (ax, -1.0, 1.0);
  lab_axes_set_ylim (ax, flo - pad, fhi + pad);

  if (lab_params_get_boolean (params, "show-band"))
    {
      double lo[N_GRID], hi[N_GRID];
      LabStyle band = lab_style_default (SLOT_FIT);

      band.fill = lab_color_palette_alpha (SLOT_FIT, 0.22);
      band.color = lab_color_palette_alpha (SLOT_FIT, 0.0);
      for (guint g = 0; g < N_GRID; g++)
        {
          lo[g] = self->mean[g] - self->sd[g];
          hi[g] = self->mean[g] + self->sd[g];
        }
      lab_axes_add_band (ax, _("mean ± 1 sd"), self->grid, lo, hi, N_GRID, &band);
    }
  {
    guint shown = MIN ((guint) lab_params_get_int (params, "fits-shown"), self->n_trials);
    /* translucent enough that overlapping fits still show where they crowd */
    double alpha = CLAMP (5.0 / MAX (shown, 1), 0.05, 0.5);
    LabStyle thin = line_style (SLOT_FIT, 0.8, LAB_DASH_SOLID);

    thin.color = lab_color_palette_alpha (SLOT_FIT, alpha);
    /* the faint fits are drawn on every other grid point (61 of 121, ~5 px apart at
     * 1280×800): the cost of a frame is per segment, and a smooth fit loses nothing */
    {
      double gx[N_GRID / 2 + 1], gy[N_GRID / 2 + 1];
      guint m = 0;

      for (guint g = 0; g < N_GRID; g += 2)
        gx[m++] = self->grid[g];
      for (guint t = 0; t < shown; t++)
        {
          const double *f = self->fits + (gsize) t * N_GRID;

          for (guint g = 0, k = 0; g < N_GRID; g += 2, k++)
            gy[k] = f[g];
          lab_axes_add_line (ax, NULL, gx, gy, m, &thin);
        }
    }
    if (shown > 0)
      {
        /* the legend's sample of a fit, drawn darker than one faint curve would be */
        const double nan2[2] = { NAN, NAN };
        g_autofree char *label = shown == self->n_trials
          ? g_strdup_printf (_("fits on all %u training sets"), shown)
          : g_strdup_printf (_("fits on %u of the %u training sets"), shown, self->n_trials);

        thin.color = lab_color_palette_alpha (SLOT_FIT, 0.6);
        lab_axes_add_line (ax, label, nan2, nan2, 2, &thin);
      }
  }
  {
    LabStyle truth = line_style (SLOT_TRUTH, 2.0, LAB_DASH_DASHED);
    LabStyle mean = line_style (SLOT_FIT, 2.8, LAB_DASH_SOLID);
    LabStyle pts = lab_style_default (SLOT_TRAIN);

    pts.marker = LAB_MARKER_CIRCLE;
    pts.marker_size = 5;
    pts.fill = lab_color_palette_alpha (SLOT_TRAIN, 0.7);
    lab_axes_add_scatter (ax, _("training set 1"), self->train_x, self->train_y, NULL, self->n_train, &pts);
    lab_axes_add_line (ax, _("mean fit f̄(x)"), self->grid, self->mean, N_GRID, &mean);
    lab_axes_add_line (ax, _("truth f(x)"), self->grid, self->truth, N_GRID, &truth);
  }
}

static void
build_sweep (const BvResult *self,
             LabAxes        *ax)
{
  guint S = self->n_settings, c = self->current;
  double sigma2 = self->noise * self->noise;
  LabStyle bias = line_style (SLOT_BIAS, 2.0, LAB_DASH_SOLID);
  LabStyle var = line_style (SLOT_VARIANCE, 2.0, LAB_DASH_SOLID);
  LabStyle test = line_style (SLOT_TEST, 2.8, LAB_DASH_SOLID);
  LabStyle train = line_style (SLOT_TRAIN, 2.0, LAB_DASH_DASHED);
  LabStyle noise = lab_style_reference ();
  LabStyle here = lab_style_default (0);

  lab_axes_set_tag (ax, TAG_SWEEP);
  lab_axes_set_title (ax, _("Expected test error = bias² + variance + noise"));
  lab_axes_set_xlabel (ax, complexity_label (self->model));
  lab_axes_set_ylabel (ax, _("Mean squared error (log scale)"));
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  if (self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO || self->model == LAB_BV_MODEL_KNN)
    lab_axes_set_xscale (ax, LAB_SCALE_LOG);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  error_ylim (ax, self->bias2, self->test_mse, S, sigma2, self->test_mse[c]);

  if (sigma2 > 0)
    {
      g_autofree char *label = g_strdup_printf (_("noise σ² = %.3g"), sigma2);

      lab_axes_add_hline (ax, label, sigma2, &noise);
    }
  lab_axes_add_line (ax, _("bias²"), self->complexity, self->bias2, S, &bias);
  lab_axes_add_line (ax, _("variance"), self->complexity, self->variance, S, &var);
  if (self->single_variance != NULL)
    {
      LabStyle single = line_style (SLOT_VARIANCE, 1.5, LAB_DASH_DOTTED);

      lab_axes_add_line (ax, _("variance of one tree"), self->complexity, self->single_variance, S, &single);
    }
  lab_axes_add_line (ax, _("training error"), self->complexity, self->train_mse, S, &train);
  lab_axes_add_line (ax, _("expected test error"), self->complexity, self->test_mse, S, &test);

  if (isfinite (self->threshold))
    {
      LabStyle interp = lab_style_reference ();
      g_autofree char *label = g_strdup_printf (_("interpolation threshold (degree %.0f = n − 1)"), self->threshold);

      interp.dash = LAB_DASH_DOTTED;
      interp.line_width = 1.8;
      interp.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.7);
      lab_axes_add_vline (ax, label, self->threshold, &interp);
    }
  here.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
  here.line_width = 1.5;
  lab_axes_add_vline (ax, NULL, self->complexity[c], &here);
  {
    LabStyle m = lab_style_marker (lab_color_semantic (LAB_COLOR_ACCENT, 1.0), 10);

    lab_axes_add_marker (ax, _("current setting"), self->complexity[c], self->test_mse[c], &m);
  }
}

/* bias² and variance along x at the current setting */
static void
build_pointwise (const BvResult *self,
                 LabAxes        *ax)
{
  LabStyle bias = line_style (SLOT_BIAS, 2.0, LAB_DASH_SOLID);
  LabStyle var = line_style (SLOT_VARIANCE, 2.0, LAB_DASH_SOLID);
  LabStyle noise = lab_style_reference ();
  double sigma2 = self->noise * self->noise;
  g_autofree char *setting = setting_text (self, self->current);
  g_autofree char *title = g_strdup_printf (_("Where the error comes from (%s)"), setting);

  lab_axes_set_tag (ax, TAG_DETAIL);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, "x");
  lab_axes_set_ylabel (ax, _("Squared error at x (log scale)"));
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  lab_axes_set_xlim (ax, -1.0, 1.0);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  {
    double hi = 0.0, lo = INFINITY;

    for (guint g = 0; g < N_GRID; g++)
      {
        hi = MAX (hi, MAX (self->bias2_x[g], self->var_x[g]));
        if (self->var_x[g] > 0)
          lo = MIN (lo, self->var_x[g]);
      }
    hi = MAX (hi, sigma2);
    if (isfinite (lo) && hi > 0)
      lab_axes_set_ylim (ax, MAX (lo * 0.3, hi * 1e-12), hi * 2.0);
  }
  if (sigma2 > 0)
    lab_axes_add_hline (ax, _("noise σ²"), sigma2, &noise);
  lab_axes_add_line (ax, _("bias²(x)"), self->grid, self->bias2_x, N_GRID, &bias);
  lab_axes_add_line (ax, _("variance(x)"), self->grid, self->var_x, N_GRID, &var);
}

/* the identity at the current setting, as bars */
static void
build_bars (const BvResult *self,
            LabAxes        *ax)
{
  guint c = self->current;
  double sigma2 = self->noise * self->noise;
  double parts[3] = { self->bias2[c], self->variance[c], sigma2 };
  guint slots[3] = { SLOT_BIAS, SLOT_VARIANCE, 0 };
  const char *names[3] = { _("bias²"), _("variance"), _("noise σ²") };
  static const char *cats[] = { N_("bias²"), N_("variance"), N_("noise σ²"), N_("sum"), N_("measured"), NULL };
  const char *labels[6];
  double base = 0.0, top;
  g_autofree char *setting = setting_text (self, c);
  g_autofree char *title = g_strdup_printf (_("The decomposition at %s"), setting);
  LabStyle ts = lab_style_text ();

  for (guint i = 0; i < 5; i++)
    labels[i] = _(cats[i]);
  labels[5] = NULL;
  lab_axes_set_tag (ax, TAG_SIDE);
  lab_axes_set_title (ax, title);
  lab_axes_set_ylabel (ax, _("Mean squared error"));
  lab_axes_set_xcategories (ax, labels);
  lab_axes_set_xlim (ax, -0.6, 4.6);
  lab_axes_set_grid (ax, TRUE);
  top = MAX (parts[0] + parts[1] + parts[2], self->test_mse[c] + 2 * self->mc_se[c]);
  lab_axes_set_ylim (ax, 0.0, top * 1.22);

  for (guint i = 0; i < 3; i++)
    {
      LabStyle st = lab_style_default (slots[i]);
      double e1[2] = { i - 0.35, i + 0.35 }, h1[1] = { parts[i] };
      double e2[2] = { 2.65, 3.35 }, h2[1] = { parts[i] };
      g_autofree char *value = g_strdup_printf ("%.3g", parts[i]);

      if (i == 2)
        {
          st.fill = lab_color_semantic (LAB_COLOR_MUTED, 0.55);
          st.color = lab_color_semantic (LAB_COLOR_MUTED, 0.0);
        }
      else
        {
          st.fill = lab_color_palette_alpha (slots[i], 0.75);
          st.color = lab_color_palette_alpha (slots[i], 0.0);
        }
      lab_axes_add_bars (ax, names[i], e1, h1, 1, &st);
      /* the sum: the same three stacked */
      {
        double lo_e[2] = { e2[0], e2[1] };
        double ylo[2] = { base, base }, yhi[2] = { base + h2[0], base + h2[0] };

        lab_axes_add_band (ax, NULL, lo_e, ylo, yhi, 2, &st);
      }
      base += parts[i];
      lab_axes_add_text (ax, i, parts[i], value, LAB_ANCHOR_SOUTH, FALSE, &ts);
    }
  {
    LabStyle st = lab_style_default (SLOT_TEST);
    double e[2] = { 3.65, 4.35 }, h[1] = { self->test_mse[c] };
    g_autofree char *sum = g_strdup_printf ("%.3g", base);
    g_autofree char *measured = g_strdup_printf ("%.3g\n<small>± %.2g (2 s.e.)</small>", self->test_mse[c],
                                                 2 * self->mc_se[c]);
    LabStyle err = line_style (0, 1.5, LAB_DASH_SOLID);

    st.fill = lab_color_palette_alpha (SLOT_TEST, 0.75);
    st.color = lab_color_palette_alpha (SLOT_TEST, 0.0);
    lab_axes_add_bars (ax, _("measured test error (fresh noisy targets)"), e, h, 1, &st);
    err.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.8);
    lab_axes_add_line (ax, NULL, (double[]) { 4.0, 4.0 },
                       (double[]) { self->test_mse[c] - 2 * self->mc_se[c], self->test_mse[c] + 2 * self->mc_se[c] },
                       2, &err);
    lab_axes_add_text (ax, 3.0, base, sum, LAB_ANCHOR_SOUTH, FALSE, &ts);
    lab_axes_add_text (ax, 4.0, self->test_mse[c] + 2 * self->mc_se[c], measured, LAB_ANCHOR_SOUTH, FALSE,
                       &ts);
  }
}

static const char * const superscripts[] = { "", "", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹", "¹⁰",
                                             "¹¹", "¹²", "¹³", "¹⁴", "¹⁵", "¹⁶", "¹⁷", "¹⁸", "¹⁹", "²⁰" };

static void
build_paths (const BvResult *self,
             LabParams      *params,
             LabAxes        *ax)
{
  guint p = self->degree;
  g_autofree double *inv = g_new (double, self->n_path);
  g_autofree double *wj = g_new (double, self->n_path);
  double lambda = lab_params_get_double (params, "lambda");
  LabStyle here = lab_style_default (0);
  g_autofree char *title = NULL;

  if (self->model == LAB_BV_MODEL_LASSO)
    title = g_strdup_printf (_("Lasso weights on training set 1: %u of %u exactly 0 at λ = %.2g"),
                             self->n_zero, p, lambda);
  else
    title = g_strdup_printf (_("Ridge weights on training set 1: shrunk, %u of %u exactly 0 at λ = %.2g"),
                             self->n_zero, p, lambda);
  lab_axes_set_tag (ax, TAG_DETAIL);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, _("1/λ   (less penalty →)"));
  lab_axes_set_ylabel (ax, _("Weight of the standardised feature"));
  lab_axes_set_xscale (ax, LAB_SCALE_LOG);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, p <= 8);
  for (guint i = 0; i < self->n_path; i++)
    inv[i] = 1.0 / self->path_lambda[i];
  {
    /* the weights can be huge at tiny λ: show the range where the paths separate */
    double big = 0.0;

    for (guint i = 0; i < self->n_path; i++)
      if (self->path_lambda[i] >= 1e-4)
        for (guint j = 0; j < p; j++)
          big = MAX (big, fabs (self->path_w[i * p + j]));
    for (guint j = 0; j < p; j++)
      big = MAX (big, fabs (self->current_w[j]));
    if (big > 0)
      lab_axes_set_ylim (ax, -1.15 * big, 1.15 * big);
  }
  for (guint j = 0; j < p; j++)
    {
      LabStyle st = line_style (j % LAB_PALETTE_SIZE, 1.8, j < LAB_PALETTE_SIZE ? LAB_DASH_SOLID : LAB_DASH_DASHED);
      g_autofree char *label = g_strdup_printf (_("w%u: x%s"), j + 1, j + 1 < G_N_ELEMENTS (superscripts) ? superscripts[j + 1] : "");

      for (guint i = 0; i < self->n_path; i++)
        wj[i] = self->path_w[i * p + j];
      lab_axes_add_line (ax, label, inv, wj, self->n_path, &st);
    }
  {
    LabStyle zero = lab_style_rule (LAB_COLOR_MUTED, 1.0);

    lab_axes_add_hline (ax, NULL, 0.0, &zero);
  }
  here.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
  here.line_width = 1.5;
  lab_axes_add_vline (ax, _("current λ"), 1.0 / lambda, &here);
}

/* §1.16: the penalised solution is where a loss ellipse first meets the constraint region */
static void
build_geometry (const BvResult *self,
                LabParams      *params,
                LabAxes        *ax)
{
  /* the Gram matrix of the standardised features x and x³ for x uniform on [−1, 1]:
   * correlation E[x⁴]/√(E[x²]E[x⁶]) = (1/5)/√(1/21) ≈ 0.9165 */
  const double rho = 0.2 / sqrt (1.0 / 21.0);
  /* the least-squares weights of the example, small enough that the interesting
   * range of λ (corners for 0.0084 ≤ λ ≤ 0.058) is where the lab's sweet spots are */
  const double ols[2] = { 0.15, -0.10 };
  double lambda = lab_params_get_double (params, "lambda");
  double wl[2], wr[2], t1, r2, ll, lr;
  double g[2] = { ols[0] + rho * ols[1], rho * ols[0] + ols[1] };   /* A·ŵ */
  const double x0 = -0.16, x1 = 0.25, y0 = -0.17, y1 = 0.12;
  enum { NX = 121, NY = 111 };
  g_autofree double *loss = g_new (double, NX * NY);
  LabStyle faint = lab_style_default (0);

  /* lasso on ½(w − ŵ)ᵀA(w − ŵ) + λ‖w‖₁: coordinate descent (2 × 2, converges at once) */
  wl[0] = wl[1] = 0.0;
  for (guint it = 0; it < 500; it++)
    for (guint j = 0; j < 2; j++)
      {
        double r = g[j] - rho * wl[1 - j];

        wl[j] = r > lambda ? r - lambda : r < -lambda ? r + lambda : 0.0;
      }
  /* ridge on ½(w − ŵ)ᵀA(w − ŵ) + (λ/2)‖w‖²: (A + λI) w = A ŵ */
  {
    double a = 1.0 + lambda, det = a * a - rho * rho;

    wr[0] = (a * g[0] - rho * g[1]) / det;
    wr[1] = (a * g[1] - rho * g[0]) / det;
  }
  t1 = fabs (wl[0]) + fabs (wl[1]);
  r2 = sqrt (wr[0] * wr[0] + wr[1] * wr[1]);

  for (guint j = 0; j < NY; j++)
    for (guint i = 0; i < NX; i++)
      {
        double u = x0 + (x1 - x0) * i / (NX - 1) - ols[0], v = y0 + (y1 - y0) * j / (NY - 1) - ols[1];

        loss[j * NX + i] = 0.5 * (u * u + 2 * rho * u * v + v * v);
      }
  {
    double u = wl[0] - ols[0], v = wl[1] - ols[1];

    ll = 0.5 * (u * u + 2 * rho * u * v + v * v);
    u = wr[0] - ols[0], v = wr[1] - ols[1];
    lr = 0.5 * (u * u + 2 * rho * u * v + v * v);
  }

  lab_axes_set_tag (ax, TAG_SIDE);
  lab_axes_set_title (ax, _("Why the lasso gives exact zeros (two weights, same λ)"));
  lab_axes_set_xlabel (ax, _("w₁ (feature x)"));
  lab_axes_set_ylabel (ax, _("w₂ (feature x³)"));
  lab_axes_set_xlim (ax, x0, x1);
  lab_axes_set_ylim (ax, y0, y1);
  lab_axes_set_equal_aspect (ax, TRUE);

  /* the constraint regions that the two solutions sit on */
  if (r2 > 1e-9)
    {
      enum { NC = 121 };
      double cx[NC], clo[NC], chi[NC];
      LabStyle circle = lab_style_default (SLOT_VARIANCE);

      circle.fill = lab_color_palette_alpha (SLOT_VARIANCE, 0.18);
      circle.color = lab_color_palette_alpha (SLOT_VARIANCE, 0.9);
      circle.line_width = 1.5;
      for (guint i = 0; i < NC; i++)
        {
          double a = G_PI * i / (NC - 1);

          cx[i] = -r2 * cos (a);
          chi[i] = r2 * sin (a);
          clo[i] = -chi[i];
        }
      lab_axes_add_band (ax, _("L2 region ‖w‖₂ ≤ t (ridge)"), cx, clo, chi, NC, &circle);
    }
  if (t1 > 1e-9)
    {
      double dx[3] = { -t1, 0.0, t1 }, dlo[3] = { 0.0, -t1, 0.0 }, dhi[3] = { 0.0, t1, 0.0 };
      LabStyle diamond = lab_style_default (SLOT_BIAS);

      diamond.fill = lab_color_palette_alpha (SLOT_BIAS, 0.22);
      diamond.color = lab_color_palette_alpha (SLOT_BIAS, 0.9);
      diamond.line_width = 1.5;
      lab_axes_add_band (ax, _("L1 region ‖w‖₁ ≤ t (lasso)"), dx, dlo, dhi, 3, &diamond);
    }
  faint.color = lab_color_semantic (LAB_COLOR_MUTED, 0.6);
  faint.line_width = 0.8;
  {
    const double levels[] = { 0.0002, 0.0008, 0.002, 0.004, 0.007, 0.011, 0.016, 0.022 };

    lab_axes_add_contour (ax, loss, NX, NY, x0, x1, y0, y1, levels, G_N_ELEMENTS (levels), FALSE,
                          LAB_COLORMAP_VIRIDIS, &faint);
  }
  {
    LabStyle axis_rule = lab_style_rule (LAB_COLOR_FOREGROUND, 0.5);

    lab_axes_add_hline (ax, NULL, 0.0, &axis_rule);
    lab_axes_add_vline (ax, NULL, 0.0, &axis_rule);
  }

  /* the loss contour through each solution: the ellipse ½(w − ŵ)ᵀA(w − ŵ) = L, with
   * A's eigenvectors (1, ±1)/√2 and eigenvalues 1 ± ρ */
  for (guint which = 0; which < 2; which++)
    {
      double level = which == 0 ? ll : lr;
      enum { NE = 181 };
      double ex[NE], ey[NE];
      LabStyle st = line_style (which == 0 ? SLOT_BIAS : SLOT_VARIANCE, 1.8, LAB_DASH_SOLID);

      if (!(level > 1e-14))
        continue;
      for (guint i = 0; i < NE; i++)
        {
          double th = 2 * G_PI * i / (NE - 1);
          double a = sqrt (2 * level / (1 + rho)) * cos (th), b = sqrt (2 * level / (1 - rho)) * sin (th);

          ex[i] = ols[0] + (a + b) / G_SQRT2;
          ey[i] = ols[1] + (a - b) / G_SQRT2;
        }
      lab_axes_add_line (ax, which == 0 ? _("loss contour touching the diamond") : _("loss contour touching the circle"),
                         ex, ey, NE, &st);
    }
  {
    LabStyle o = lab_style_marker (lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0), 9);
    LabStyle ml = lab_style_marker (lab_color_palette (SLOT_BIAS), 10);
    LabStyle mr = lab_style_marker (lab_color_palette (SLOT_VARIANCE), 10);
    LabStyle ts = lab_style_text ();
    g_autofree char *lasso_label = NULL;

    o.marker = LAB_MARKER_CROSS;
    o.line_width = 2.0;
    ml.marker = LAB_MARKER_DIAMOND;
    lab_axes_add_marker (ax, _("least squares"), ols[0], ols[1], &o);
    lab_axes_add_text (ax, ols[0] + 0.006, ols[1] - 0.006, _("least squares,\nthe ellipses’ centre"),
                       LAB_ANCHOR_NORTH_WEST, FALSE, &ts);
    lab_axes_add_marker (ax, _("ridge solution"), wr[0], wr[1], &mr);
    lab_axes_add_text (ax, wr[0] - 0.008, wr[1], _("ridge: both ≠ 0"), LAB_ANCHOR_EAST, FALSE, &ts);
    if (wl[0] == 0.0 && wl[1] == 0.0)
      lasso_label = g_strdup (_("lasso: w = 0"));
    else if (wl[0] == 0.0 || wl[1] == 0.0)
      lasso_label = g_strdup_printf (_("lasso: a corner, w%s = 0"), wl[0] == 0.0 ? "₁" : "₂");
    else
      lasso_label = g_strdup (_("lasso: an edge, both ≠ 0"));
    lab_axes_add_marker (ax, _("lasso solution"), wl[0], wl[1], &ml);
    lab_axes_add_text (ax, wl[0] + 0.006, wl[1] + 0.006, lasso_label, LAB_ANCHOR_SOUTH_WEST, FALSE, &ts);
    if (t1 > 1e-9)
      lab_axes_add_text (ax, 0.0, t1 + 0.004, "‖w‖₁ ≤ t", LAB_ANCHOR_SOUTH, FALSE, &ts);
    if (r2 > 1e-9 && r2 < y1 - 0.02)
      lab_axes_add_text (ax, 0.0, r2 + 0.004, "‖w‖₂ ≤ t", LAB_ANCHOR_SOUTH, FALSE, &ts);
  }
}

static LabFigure *
build_synthetic (const BvResult *self,
                 LabParams      *params)
{
  LabFigure *figure = lab_figure_new (2, 2);

  lab_figure_set_row_weights (figure, (const double[]) { 1.15, 1.0 });
  build_fits (self, params, lab_figure_get_axes (figure, 0));
  build_sweep (self, lab_figure_get_axes (figure, 1));
  if (self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO)
    {
      build_paths (self, params, lab_figure_get_axes (figure, 2));
      build_geometry (self, params, lab_figure_get_axes (figure, 3));
    }
  else
    {
      build_pointwise (self, lab_figure_get_axes (figure, 2));
      build_bars (self, lab_figure_get_axes (figure, 3));
    }
  return figure;
}

/* ------------------------------------------------------------------ */
/* figure: data */

static LabFigure *
build_data (const BvResult *self)
{
  LabFigure *figure = lab_figure_new (2, 2);
  LabAxes *fit = lab_figure_get_axes (figure, 0);
  LabAxes *res = lab_figure_get_axes (figure, 1);
  LabAxes *cv = lab_figure_get_axes (figure, 2);
  LabAxes *table = lab_figure_get_axes (figure, 3);
  guint d = self->fit->degree;
  LabStyle pts = lab_style_default (SLOT_FIT);
  LabStyle curve = line_style (SLOT_TEST, 2.4, LAB_DASH_SOLID);

  pts.marker = LAB_MARKER_CIRCLE;
  pts.marker_size = 5;
  pts.fill = lab_color_palette_alpha (SLOT_FIT, 0.55);
  lab_figure_set_row_weights (figure, (const double[]) { 1.15, 1.0 });

  {
    g_autofree char *title = g_strdup_printf (_("Degree %u fit to %s: R² = %.6g, adjusted R² = %.6g"),
                                              d, self->source_name, self->fit->r2, self->fit->adjusted_r2);
    g_autofree char *label = g_strdup_printf (_("least-squares polynomial, degree %u"), d);

    lab_axes_set_tag (fit, TAG_FITS);
    lab_axes_set_title (fit, title);
    lab_axes_set_xlabel (fit, self->x_name);
    lab_axes_set_ylabel (fit, self->y_name);
    lab_axes_set_grid (fit, TRUE);
    lab_axes_set_legend (fit, TRUE);
    lab_axes_add_scatter (fit, _("data"), self->x, self->y, NULL, self->n, &pts);
    lab_axes_add_line (fit, label, self->curve_x, self->curve_y, N_CURVE, &curve);
  }
  {
    lab_axes_set_tag (res, TAG_DETAIL);
    lab_axes_set_title (res, _("Residuals: curvature or a funnel means trouble"));
    lab_axes_set_xlabel (res, self->x_name);
    lab_axes_set_ylabel (res, _("y − fitted"));
    lab_axes_set_grid (res, TRUE);
    LabStyle zero_rule = lab_style_rule (LAB_COLOR_MUTED, 1.0);

    lab_axes_add_hline (res, NULL, 0.0, &zero_rule);
    lab_axes_add_scatter (res, _("residual"), self->x, self->residuals, NULL, self->n, &pts);
  }
  {
    guint D = self->cv_max;
    g_autofree double *deg = g_new (double, D + 1);
    g_autofree char *title = g_strdup_printf (_("%u-fold cross-validation: lowest at degree %u"), self->folds, self->cv_best);
    LabStyle cvs = line_style (SLOT_TEST, 2.4, LAB_DASH_SOLID);
    LabStyle trs = line_style (SLOT_TRAIN, 2.0, LAB_DASH_DASHED);
    LabStyle here = lab_style_default (0);
    LabStyle best = lab_style_marker (lab_color_palette (SLOT_TEST), 10);

    cvs.marker = LAB_MARKER_CIRCLE;
    cvs.marker_size = 5;
    for (guint i = 0; i <= D; i++)
      deg[i] = i;
    lab_axes_set_tag (cv, TAG_SWEEP);
    lab_axes_set_title (cv, title);
    lab_axes_set_xlabel (cv, _("Degree"));
    lab_axes_set_ylabel (cv, _("Mean squared error (log scale)"));
    lab_axes_set_yscale (cv, LAB_SCALE_LOG);
    lab_axes_set_grid (cv, TRUE);
    lab_axes_set_legend (cv, TRUE);
    error_ylim (cv, self->fit_mse, self->cv_mse, D + 1, 0.0,
                d <= D && isfinite (self->cv_mse[d]) ? self->cv_mse[d] : 0.0);
    lab_axes_add_line (cv, _("training error (all data)"), deg, self->fit_mse, D + 1, &trs);
    lab_axes_add_line (cv, _("cross-validated error"), deg, self->cv_mse, D + 1, &cvs);
    here.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
    here.line_width = 1.5;
    lab_axes_add_vline (cv, _("current degree"), d, &here);
    lab_axes_add_marker (cv, _("best by cross-validation"), self->cv_best, self->cv_mse[self->cv_best], &best);
  }
  {
    g_autoptr(GString) s = g_string_new (NULL);
    LabStyle ts = lab_style_text ();

    lab_axes_set_tag (table, TAG_SIDE);
    lab_axes_set_frame (table, FALSE);
    lab_axes_set_xlim (table, 0, 1);
    lab_axes_set_ylim (table, 0, 1);
    g_string_append_printf (s, _("<b>y = c₀ + c₁·x + c₂·x² + …, degree %u</b>   (n = %zu)\n"), d, self->n);
    for (guint k = 0; k <= d; k++)
      g_string_append_printf (s, "<tt>c%-2u = % .10g  ± %.4g</tt>\n", k, self->fit->coefficients[k], self->fit->std_errors[k]);
    g_string_append_printf (s, _("\nR² = %.10g   adjusted R² = %.10g\nresidual sd = %.6g on %zu degrees of freedom"),
                            self->fit->r2, self->fit->adjusted_r2, self->fit->residual_sd,
                            self->n > d + 1 ? self->n - d - 1 : 0);
    lab_axes_add_text (table, 0.02, 0.98, s->str, LAB_ANCHOR_NORTH_WEST, TRUE, &ts);
  }
  return figure;
}

/* data mode: the current setting, which for ridge and lasso may lie off the sweep's grid */
static char *
current_setting_text (const BvResult *self)
{
  if (self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO)
    return g_strdup_printf (_("degree %u, λ = %.3g"), self->degree, self->setting_value);
  return setting_text (self, self->current);
}

static double
current_complexity (const BvResult *self)
{
  if (self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO)
    return 1.0 / self->setting_value;
  return self->complexity[self->current];
}

/* data mode, models other than the polynomial: the fit at the current setting, its
 * residuals, the cross-validated sweep, and a summary */
static LabFigure *
build_data_model (const BvResult *self)
{
  LabFigure *figure = lab_figure_new (2, 2);
  LabAxes *fit = lab_figure_get_axes (figure, 0);
  LabAxes *res = lab_figure_get_axes (figure, 1);
  LabAxes *cv = lab_figure_get_axes (figure, 2);
  LabAxes *table = lab_figure_get_axes (figure, 3);
  LabStyle pts = lab_style_default (SLOT_FIT);
  LabStyle curve = line_style (SLOT_TEST, 2.4, LAB_DASH_SOLID);
  g_autofree char *setting = current_setting_text (self);
  g_autofree char *best = setting_text (self, self->cv_best);
  gboolean log_x = self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO
                   || self->model == LAB_BV_MODEL_KNN;

  pts.marker = LAB_MARKER_CIRCLE;
  pts.marker_size = 5;
  pts.fill = lab_color_palette_alpha (SLOT_FIT, 0.55);
  lab_figure_set_row_weights (figure, (const double[]) { 1.15, 1.0 });

  {
    g_autofree char *title = g_strdup_printf (_("%s, %s, fitted to %s: R² = %.6g"),
                                              model_name (self->model), setting, self->source_name, self->r2);

    lab_axes_set_tag (fit, TAG_FITS);
    lab_axes_set_title (fit, title);
    lab_axes_set_xlabel (fit, self->x_name);
    lab_axes_set_ylabel (fit, self->y_name);
    lab_axes_set_grid (fit, TRUE);
    lab_axes_set_legend (fit, TRUE);
    lab_axes_add_scatter (fit, _("data"), self->x, self->y, NULL, self->n, &pts);
    lab_axes_add_line (fit, model_name (self->model), self->curve_x, self->curve_y, N_CURVE, &curve);
  }
  {
    LabStyle zero_rule = lab_style_rule (LAB_COLOR_MUTED, 1.0);

    lab_axes_set_tag (res, TAG_DETAIL);
    lab_axes_set_title (res, _("Residuals: curvature or a funnel means trouble"));
    lab_axes_set_xlabel (res, self->x_name);
    lab_axes_set_ylabel (res, _("y − fitted"));
    lab_axes_set_grid (res, TRUE);
    lab_axes_add_hline (res, NULL, 0.0, &zero_rule);
    lab_axes_add_scatter (res, _("residual"), self->x, self->residuals, NULL, self->n, &pts);
  }
  {
    guint S = self->n_settings;
    g_autofree char *title = g_strdup_printf (_("%u-fold cross-validation (%s): lowest at %s"), self->folds,
                                              self->cv_combine == LAB_BV_CV_MEAN ? _("mean of folds") : _("pooled"),
                                              best);
    LabStyle cvs = line_style (SLOT_TEST, 2.4, LAB_DASH_SOLID);
    LabStyle trs = line_style (SLOT_TRAIN, 2.0, LAB_DASH_DASHED);
    LabStyle here = lab_style_default (0);
    LabStyle mark = lab_style_marker (lab_color_palette (SLOT_TEST), 10);

    cvs.marker = LAB_MARKER_CIRCLE;
    cvs.marker_size = 4;
    lab_axes_set_tag (cv, TAG_SWEEP);
    lab_axes_set_title (cv, title);
    lab_axes_set_xlabel (cv, complexity_label (self->model));
    lab_axes_set_ylabel (cv, _("Mean squared error (log scale)"));
    lab_axes_set_yscale (cv, LAB_SCALE_LOG);
    if (log_x)
      lab_axes_set_xscale (cv, LAB_SCALE_LOG);
    lab_axes_set_grid (cv, TRUE);
    lab_axes_set_legend (cv, TRUE);
    error_ylim (cv, self->fit_mse, self->cv_mse, S, 0.0, self->cv_at_setting);
    lab_axes_add_line (cv, _("training error (all data)"), self->complexity, self->fit_mse, S, &trs);
    lab_axes_add_line (cv, _("cross-validated error"), self->complexity, self->cv_mse, S, &cvs);
    here.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
    here.line_width = 1.5;
    lab_axes_add_vline (cv, _("current setting"), current_complexity (self), &here);
    lab_axes_add_marker (cv, _("best by cross-validation"), self->complexity[self->cv_best],
                         self->cv_mse[self->cv_best], &mark);
  }
  {
    g_autoptr(GString) s = g_string_new (NULL);
    LabStyle ts = lab_style_text ();

    lab_axes_set_tag (table, TAG_SIDE);
    lab_axes_set_frame (table, FALSE);
    lab_axes_set_xlim (table, 0, 1);
    lab_axes_set_ylim (table, 0, 1);
    g_string_append_printf (s, _("<b>%s, %s</b>   (n = %zu)\n\n"), model_name (self->model), setting, self->n);
    g_string_append_printf (s, _("R² = %.10g   (adjusted R² is defined for least squares only)\n"), self->r2);
    g_string_append_printf (s, _("training MSE = %.6g\n"), self->train_mse_now);
    g_string_append_printf (s, _("cross-validated MSE = %.6g   (%u folds, %s)\n"), self->cv_at_setting, self->folds,
                            self->cv_combine == LAB_BV_CV_MEAN ? _("mean of the folds’ MSE") : _("pooled over all rows"));
    g_string_append_printf (s, _("lowest cross-validated MSE = %.6g at %s"), self->cv_mse[self->cv_best], best);
    lab_axes_add_text (table, 0.02, 0.98, s->str, LAB_ANCHOR_NORTH_WEST, TRUE, &ts);
  }
  return figure;
}

LabFigure *
bv_build (const LabResult *result,
          LabParams       *params)
{
  const BvResult *self = (const BvResult *) result;

  if (self->data_mode && self->model != LAB_BV_MODEL_POLY)
    return build_data_model (self);
  if (self->data_mode)
    return build_data (self);
  return build_synthetic (self, params);
}

/* ------------------------------------------------------------------ */
/* metrics */

/* JSON keys.
 * Synthetic, at the current setting: bias2, variance (both averaged over the test
 * grid), noise (σ², the irreducible term), expected_test_mse (measured against
 * fresh noisy targets), decomposition_sum (= bias2 + variance + noise),
 * mc_standard_error (of expected_test_mse − decomposition_sum), train_mse; model,
 * setting, best_setting (lowest expected_test_mse of the sweep), n_train, trials;
 * ridge/lasso: zero_weights and weights (training set 1, standardised features);
 * lasso: unconverged_solves; bagging: single_tree_variance; and "sweep": arrays
 * complexity (degree, 1/λ, 1/k or depth), bias2, variance, expected_test_mse,
 * train_mse over every setting.
 * Data: n, degree, r2, adjusted_r2, residual_sd, rss, train_mse, coefficients
 * (c0, c1, … of the raw powers of x), std_errors, cv_mse (an array indexed by degree
 * 0 … min(20, distinct x − 1); null where a training fold has too few distinct x),
 * cv_mse_at_degree (the current degree's), cv_best_degree, folds. */
void
bv_metrics (const LabResult *result,
            LabParams       *params,
            LabMetrics      *out)
{
  const BvResult *self = (const BvResult *) result;

  if (self->data_mode && self->model != LAB_BV_MODEL_POLY)
    {
      g_autofree char *setting = current_setting_text (self);
      g_autofree char *best = setting_text (self, self->cv_best);
      g_autofree char *model = lab_params_dup_string (params, lab_params_find (params, "model"));

      lab_metrics_add_int (out, "n", _("Points"), (gint64) self->n);
      if (self->skip_missing)
        lab_metrics_add_int (out, "rows_skipped", _("Rows skipped (missing values)"), (gint64) self->rows_skipped);
      lab_metrics_add_string (out, "model", _("Model"), model);
      lab_metrics_add_string (out, "setting", _("Setting"), setting);
      lab_metrics_add_double (out, "r2", _("R²"), self->r2);
      /* defined for least squares with p predictors only: null here */
      lab_metrics_add_double (out, "adjusted_r2", NULL, NAN);
      lab_metrics_add_double (out, "train_mse", _("Training MSE"), self->train_mse_now);
      lab_metrics_add_double (out, "cv_mse_at_setting", _("Cross-validated MSE"), self->cv_at_setting);
      lab_metrics_add_string (out, "cv_best_setting", _("Best by cross-validation"), best);
      lab_metrics_add_int (out, "folds", NULL, self->folds);
      lab_metrics_add_string (out, "cv_combine", _("Folds combined"),
                              self->cv_combine == LAB_BV_CV_MEAN ? "mean" : "pooled");
      if (self->model == LAB_BV_MODEL_LASSO)
        lab_metrics_add_int (out, "unconverged_solves", NULL, self->unconverged);
      lab_metrics_begin_object (out, "sweep");
      lab_metrics_add_doubles (out, "complexity", self->complexity, self->n_settings);
      lab_metrics_add_doubles (out, "cv_mse", self->cv_mse, self->n_settings);
      lab_metrics_add_doubles (out, "train_mse", self->fit_mse, self->n_settings);
      lab_metrics_end (out);
      return;
    }
  if (self->data_mode)
    {
      const LabPolyfit *fit = self->fit;

      lab_metrics_add_int (out, "n", _("Points"), (gint64) self->n);
      if (self->skip_missing)
        lab_metrics_add_int (out, "rows_skipped", _("Rows skipped (missing values)"), (gint64) self->rows_skipped);
      lab_metrics_add_int (out, "degree", _("Degree"), fit->degree);
      lab_metrics_add_double (out, "r2", _("R²"), fit->r2);
      lab_metrics_add_double (out, "adjusted_r2", _("Adjusted R²"), fit->adjusted_r2);
      lab_metrics_add_double (out, "residual_sd", _("Residual standard deviation"), fit->residual_sd);
      lab_metrics_add_double (out, "rss", NULL, fit->rss);
      lab_metrics_add_double (out, "train_mse", _("Training MSE"), fit->rss / (double) self->n);
      lab_metrics_add_double (out, "cv_mse_at_degree", _("Cross-validated MSE"),
                              fit->degree <= self->cv_max ? self->cv_mse[fit->degree] : NAN);
      lab_metrics_add_int (out, "cv_best_degree", _("Best degree by cross-validation"), self->cv_best);
      lab_metrics_add_int (out, "folds", NULL, self->folds);
      lab_metrics_add_string (out, "cv_combine", _("Folds combined"),
                              self->cv_combine == LAB_BV_CV_MEAN ? "mean" : "pooled");
      lab_metrics_add_doubles (out, "coefficients", fit->coefficients, fit->degree + 1);
      lab_metrics_add_doubles (out, "std_errors", fit->std_errors, fit->degree + 1);
      /* index = degree 0 … cv_max; null where a training fold has too few distinct x */
      lab_metrics_add_doubles (out, "cv_mse", self->cv_mse, self->cv_max + 1);
      return;
    }

  {
    guint c = self->current;
    double sigma2 = self->noise * self->noise;
    guint best = 0;
    g_autofree char *setting = setting_text (self, c);

    for (guint i = 1; i < self->n_settings; i++)
      if (self->test_mse[i] < self->test_mse[best])
        best = i;
    {
      g_autofree char *model = lab_params_dup_string (params, lab_params_find (params, "model"));

      lab_metrics_add_string (out, "model", _("Model"), model);
    }
    lab_metrics_add_string (out, "setting", _("Setting"), setting);
    lab_metrics_add_double (out, "bias2", _("Bias²"), self->bias2[c]);
    lab_metrics_add_double (out, "bias2_raw", _("(f̄ − f)², uncorrected"), self->bias2_raw[c]);
    lab_metrics_add_double (out, "variance", _("Variance"), self->variance[c]);
    lab_metrics_add_double (out, "noise", _("Noise σ²"), sigma2);
    lab_metrics_add_double (out, "expected_test_mse", _("Expected test MSE (measured)"), self->test_mse[c]);
    lab_metrics_add_double (out, "decomposition_sum", _("Bias² + variance + σ²"), self->bias2[c] + self->variance[c] + sigma2);
    lab_metrics_add_double (out, "mc_standard_error", _("Monte Carlo standard error"), self->mc_se[c]);
    lab_metrics_add_double (out, "train_mse", _("Training MSE"), self->train_mse[c]);
    if (self->single_variance != NULL)
      lab_metrics_add_double (out, "single_tree_variance", _("Variance of one tree"), self->single_variance[c]);
    if (self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO)
      {
        lab_metrics_add_int (out, "zero_weights", _("Weights exactly 0 (training set 1)"), self->n_zero);
        lab_metrics_add_doubles (out, "weights", self->current_w, self->degree);
      }
    if (self->model == LAB_BV_MODEL_LASSO)
      lab_metrics_add_int (out, "unconverged_solves", NULL, self->unconverged);
    {
      g_autofree char *best_text = setting_text (self, best);

      lab_metrics_add_string (out, "best_setting", _("Lowest test error at"), best_text);
    }
    lab_metrics_add_int (out, "n_train", NULL, (gint64) self->n_train);
    lab_metrics_add_int (out, "trials", NULL, self->n_trials);
    lab_metrics_begin_object (out, "sweep");
    lab_metrics_add_doubles (out, "complexity", self->complexity, self->n_settings);
    lab_metrics_add_doubles (out, "bias2", self->bias2, self->n_settings);
    lab_metrics_add_doubles (out, "bias2_raw", self->bias2_raw, self->n_settings);
    lab_metrics_add_doubles (out, "variance", self->variance, self->n_settings);
    lab_metrics_add_doubles (out, "expected_test_mse", self->test_mse, self->n_settings);
    lab_metrics_add_doubles (out, "train_mse", self->train_mse, self->n_settings);
    lab_metrics_end (out);
  }
}

/* ------------------------------------------------------------------ */
/* interaction */

gboolean
bv_click (const LabResult *result,
          LabParams       *params,
          int              axes_tag,
          double           x,
          double           y)
{
  const BvResult *self = (const BvResult *) result;
  guint best = 0;

  if (axes_tag != TAG_SWEEP)
    return FALSE;
  if (self->data_mode && self->model == LAB_BV_MODEL_POLY)
    {
      lab_params_set_int (params, "degree", (int) CLAMP (lround (x), 0, (long) self->cv_max));
      return TRUE;
    }
  /* the nearest setting of the sweep (in log distance where the axis is logarithmic) */
  for (guint i = 1; i < self->n_settings; i++)
    {
      gboolean log_axis = self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO
                          || self->model == LAB_BV_MODEL_KNN;
      double di = log_axis ? fabs (log (self->complexity[i] / x)) : fabs (self->complexity[i] - x);
      double db = log_axis ? fabs (log (self->complexity[best] / x)) : fabs (self->complexity[best] - x);

      if (x > 0 || !log_axis)
        if (di < db)
          best = i;
    }
  switch (self->model)
    {
    case LAB_BV_MODEL_POLY:
      lab_params_set_int (params, "degree", (int) best);
      break;
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO:
      lab_params_set_double (params, "lambda", 1.0 / self->complexity[best]);
      break;
    case LAB_BV_MODEL_KNN:
      lab_params_set_int (params, "k", (int) lround (1.0 / self->complexity[best]));
      break;
    case LAB_BV_MODEL_TREE:
    case LAB_BV_MODEL_BAGGING:
      lab_params_set_int (params, "depth", (int) best);
      break;
    default:
      return FALSE;
    }
  return TRUE;
}

gboolean
bv_suggest_range (const LabResult *result,
                  GParamSpec      *pspec,
                  double          *lo,
                  double          *hi)
{
  const BvResult *self = (const BvResult *) result;

  if (self->data_mode && self->model != LAB_BV_MODEL_POLY)
    {
      if (!g_str_equal (pspec->name, "k") || self->model != LAB_BV_MODEL_KNN)
        return FALSE;
      *lo = 1;
      *hi = 1.0 / self->complexity[0];
      return TRUE;
    }
  if (self->data_mode)
    {
      if (!g_str_equal (pspec->name, "degree"))
        return FALSE;
      *lo = 0;
      *hi = self->cv_max;
      return TRUE;
    }
  if (g_str_equal (pspec->name, "k"))
    {
      *lo = 1;
      *hi = (double) self->n_train;
      return TRUE;
    }
  if (g_str_equal (pspec->name, "degree") && self->model == LAB_BV_MODEL_POLY)
    {
      *lo = 0;
      *hi = isfinite (self->threshold) ? MAX_DEGREE : (double) MIN ((gsize) MAX_DEGREE, self->n_train - 1);
      return TRUE;
    }
  return FALSE;
}
