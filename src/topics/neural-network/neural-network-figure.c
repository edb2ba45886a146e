/* neural-network-figure.c — the neural-network topic on the main thread: views and metrics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "neural-network-private.h"

/* The output over the plane (probability of class 1, or the prediction) with the training
 * points (circles) and test points (open diamonds); for the 1-D sine, the curve over the points. */
static void
build_surface (LabAxes        *ax,
               const NnResult *self)
{
  double e = self->extent;
  guint n_max = MAX (MAX (self->n_train, self->n_test), 1);
  g_autofree double *x = g_new (double, n_max), *y = g_new (double, n_max);
  g_autofree LabColor *colors = g_new (LabColor, n_max);
  double lim = 0;

  lab_axes_set_xlabel (ax, "x1");
  if (self->problem == NN_REGRESSION)
    for (guint i = 0; i < self->n; i++)
      if (isfinite (self->py[i]))
        lim = MAX (lim, fabs (self->py[i]));
  if (lim == 0)
    lim = 1;

  if (self->one_d)
    {
      double gx[NN_GRID];

      lab_axes_set_title (ax, _("Regression: the network's output"));
      lab_axes_set_ylabel (ax, "y");
      for (guint i = 0; i < NN_GRID; i++)
        gx[i] = -e + 2 * e * (i + 0.5) / NN_GRID;
      for (guint set = 0; set < 2; set++)
        {
          const guint *rows = set == 0 ? self->train : self->test;
          guint n = set == 0 ? self->n_train : self->n_test;
          LabStyle st = lab_style_default (set == 0 ? 0 : 1);

          if (n == 0)
            continue;
          for (guint r = 0; r < n; r++)
            {
              x[r] = self->px[2 * (gsize) rows[r]];
              y[r] = self->py[rows[r]];
            }
          st.marker = set == 0 ? LAB_MARKER_CIRCLE : LAB_MARKER_DIAMOND;
          st.marker_size = 5;
          lab_axes_add_scatter (ax, set == 0 ? _("training points") : _("test points"), x, y, NULL, n, &st);
        }
      {
        LabStyle st = lab_style_default (2);
        st.line_width = 2.5;
        lab_axes_add_line (ax, _("network"), gx, self->grid, NN_GRID, &st);
      }
      lab_axes_set_xlim (ax, -e, e);
      lab_axes_set_legend (ax, TRUE);
      return;
    }

  lab_axes_set_ylabel (ax, "x2");
  lab_axes_set_equal_aspect (ax, TRUE);
  if (self->problem == NN_CLASSIFICATION)
    {
      gsize ng = (gsize) NN_GRID * NN_GRID;
      g_autofree guint8 *cls = g_new (guint8, ng);
      g_autofree double *opacity = g_new (double, ng);

      /* each cell in its predicted class's colour, stronger the surer the network is */
      lab_axes_set_title (ax, _("Decision boundary: P(class 1)"));
      for (gsize i = 0; i < ng; i++)
        {
          double p = self->grid[i];

          cls[i] = isnan (p) ? LAB_CLASS_MAP_NONE : p > 0.5 ? 1 : 0;
          opacity[i] = isnan (p) ? NAN : 0.06 + 0.4 * fabs (2 * p - 1);
        }
      lab_axes_add_class_map (ax, cls, opacity, NN_GRID, NN_GRID, -e, e, -e, e);
    }
  else
    {
      lab_axes_set_title (ax, _("Regression surface"));
      lab_axes_add_heatmap (ax, self->grid, NN_GRID, NN_GRID, -e, e, -e, e,
                            LAB_COLORMAP_DIVERGING, -lim, lim, _("prediction"));
    }
  for (guint set = 0; set < 2; set++)
    {
      const guint *rows = set == 0 ? self->train : self->test;
      guint n = set == 0 ? self->n_train : self->n_test;
      LabStyle st = lab_style_default (0);

      if (n == 0)
        continue;
      for (guint r = 0; r < n; r++)
        {
          double t = self->py[rows[r]];

          x[r] = self->px[2 * (gsize) rows[r]];
          y[r] = self->px[2 * (gsize) rows[r] + 1];
          colors[r] = lab_color_palette (t > 0.5 ? 1 : 0);
        }
      st.marker = set == 0 ? LAB_MARKER_CIRCLE : LAB_MARKER_DIAMOND;
      st.marker_size = self->n > 1500 ? 4 : 6;
      st.line_width = set == 0 ? 0.6 : 1.3;
      st.fill = set == 0 ? lab_color_palette_alpha (0, 0.85) : lab_color_palette_alpha (0, 0.0);
      if (self->problem == NN_REGRESSION)
        {
          /* the surface carries the values: the points mark where the data are, in the foreground */
          st.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.75);
          st.fill = set == 0 ? lab_color_semantic (LAB_COLOR_FOREGROUND, 0.35) : lab_color_semantic (LAB_COLOR_NONE, 0);
        }
      lab_axes_add_scatter (ax, set == 0 ? _("training points") : _("test points"), x, y,
                            self->problem == NN_CLASSIFICATION ? colors : NULL, n, &st);
    }
  lab_axes_set_xlim (ax, -e, e);
  lab_axes_set_ylim (ax, -e, e);
}

static void
build_losses (LabAxes        *ax,
              const NnResult *self)
{
  g_autofree double *ep = g_new (double, self->epochs);
  gboolean positive = TRUE;
  double lo = INFINITY, hi = 0;

  for (guint e = 0; e < self->epochs; e++)
    {
      ep[e] = e + 1;
      if (!(self->train_loss[e] > 0) && !isnan (self->train_loss[e]))
        positive = FALSE;
      if (self->n_test > 0 && !(self->test_loss[e] > 0) && !isnan (self->test_loss[e]))
        positive = FALSE;
      for (guint k = 0; k < 2; k++)
        {
          double v = k == 0 ? self->train_loss[e] : self->test_loss[e];
          if (v > 0)
            lo = MIN (lo, v), hi = MAX (hi, v);
        }
    }
  lab_axes_set_title (ax, self->problem == NN_CLASSIFICATION ? _("Loss (binary cross-entropy)")
                                                               : _("Loss (mean squared error)"));
  lab_axes_set_xlabel (ax, _("epoch"));
  /* a log axis when the loss falls by more than a decade */
  if (positive && hi > 10 * lo)
    lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  lab_axes_add_line (ax, _("training"), ep, self->train_loss, self->epochs, NULL);
  if (self->n_test > 0)
    lab_axes_add_line (ax, _("test"), ep, self->test_loss, self->epochs, NULL);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
}

static void
build_grad_norms (LabAxes        *ax,
                  const NnResult *self)
{
  g_autofree double *ep = g_new (double, self->epochs);
  g_autofree double *v = g_new (double, self->epochs);
  guint L = self->net.n_layers;

  for (guint e = 0; e < self->epochs; e++)
    ep[e] = e + 1;
  lab_axes_set_title (ax, _("Gradient norm ‖∂L/∂W‖ per layer"));
  lab_axes_set_xlabel (ax, _("epoch"));
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  for (guint l = 0; l < L; l++)
    {
      g_autofree char *label = l + 1 == L ? g_strdup (_("output layer")) : g_strdup_printf (_("layer %u"), l + 1);

      /* a log axis: a zero norm (dead units, zero init) is left out */
      for (guint e = 0; e < self->epochs; e++)
        {
          double g = self->grad_norms[(gsize) l * self->epochs + e];
          v[e] = g > 0 ? g : NAN;
        }
      /* first layer dark, output layer light: the depth reads as the colour */
      {
        LabRGBA c = lab_colormap_eval (LAB_COLORMAP_VIRIDIS, L > 1 ? 0.3 + 0.65 * l / (L - 1) : 0.3);
        LabStyle st = lab_style_default (0);

        st.color = lab_color_rgba (c.r, c.g, c.b, 1);
        lab_axes_add_line (ax, label, ep, v, self->epochs, &st);
      }
    }
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
}

/* The hidden layers' activation and its derivative on [−4, 4]. */
static void
build_activation (LabAxes        *ax,
                  const NnResult *self)
{
  enum { N = 161 };
  double z[N], f[N], df[N];
  g_autofree char *title = g_strdup_printf (_("Activation: %s"), nn_activation_name (self->net.act));
  LabStyle dashed = lab_style_default (1);

  for (guint i = 0; i < N; i++)
    {
      z[i] = -4 + 8.0 * i / (N - 1);
      f[i] = nn_activation (self->net.act, z[i], &df[i]);
    }
  dashed.dash = LAB_DASH_DASHED;
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, "z");
  lab_axes_add_hline (ax, NULL, 0, NULL);
  lab_axes_add_line (ax, "f(z)", z, f, N, NULL);
  lab_axes_add_line (ax, "f′(z)", z, df, N, &dashed);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
}

LabFigure *
neural_network_build (const LabResult *result,
                      LabParams       *params)
{
  const NnResult *self = (const NnResult *) result;
  LabFigure *fig = lab_figure_new (2, 3);
  const double col_weights[3] = { 1.6, 1, 1 };

  (void) params;
  lab_figure_set_col_weights (fig, col_weights);
  lab_figure_set_span (fig, 0, 0, 2, 1);
  build_surface (lab_figure_get_axes_at (fig, 0, 0), self);
  build_losses (lab_figure_get_axes_at (fig, 0, 1), self);
  build_grad_norms (lab_figure_get_axes_at (fig, 0, 2), self);
  build_activation (lab_figure_get_axes_at (fig, 1, 1), self);
  /* the accuracy (classification) or the loss on a linear axis (regression) */
  {
    LabAxes *ax = lab_figure_get_axes_at (fig, 1, 2);
    g_autofree double *ep = g_new (double, self->epochs);

    for (guint e = 0; e < self->epochs; e++)
      ep[e] = e + 1;
    lab_axes_set_xlabel (ax, _("epoch"));
    if (self->problem == NN_CLASSIFICATION)
      {
        lab_axes_set_title (ax, _("Accuracy"));
        lab_axes_add_line (ax, _("training"), ep, self->train_acc, self->epochs, NULL);
        if (self->n_test > 0)
          lab_axes_add_line (ax, _("test"), ep, self->test_acc, self->epochs, NULL);
        lab_axes_set_ylim (ax, 0, 1.02);
      }
    else
      {
        /* predicted against true target on the test points (training points when none are held out) */
        const guint *rows = self->n_test > 0 ? self->test : self->train;
        guint n = self->n_test > 0 ? self->n_test : self->n_train;
        g_autofree double *truth = g_new (double, n), *pred = g_new (double, n);
        double feat[NN_N_FEATURES], lo = INFINITY, hi = -INFINITY;
        LabStyle st = lab_style_default (0);

        for (guint k = 0; k < n; k++)
          {
            guint r = rows[k];

            nn_featurize (self->features, self->n_features, self->px[2 * r], self->px[2 * r + 1], feat);
            truth[k] = self->py[r];
            pred[k] = nn_net_output (&self->net, self->theta, feat);
            if (!isfinite (pred[k]))
              pred[k] = NAN;
            lo = MIN (lo, truth[k]);
            hi = MAX (hi, truth[k]);
          }
        lab_axes_set_title (ax, self->n_test > 0 ? _("Test points: prediction vs target")
                                                 : _("Training points: prediction vs target"));
        lab_axes_set_xlabel (ax, _("target y"));
        lab_axes_set_ylabel (ax, _("prediction ŷ"));
        if (hi > lo)
          lab_axes_add_abline (ax, _("ŷ = y"), lo, lo, 1, NULL);
        st.marker = LAB_MARKER_CIRCLE;
        st.marker_size = 5;
        lab_axes_add_scatter (ax, NULL, truth, pred, NULL, n, &st);
      }
    lab_axes_set_grid (ax, TRUE);
    lab_axes_set_legend (ax, TRUE);
  }
  return fig;
}

/* ------------------------------------------------------------------ */
/* metrics */

static double
last_finite (const double *v, guint n)
{
  for (guint i = n; i-- > 0;)
    if (!isnan (v[i]))
      return v[i];
  return NAN;
}

void
neural_network_metrics (const LabResult *result,
                        LabParams       *params,
                        LabMetrics      *out)
{
  const NnResult *self = (const NnResult *) result;
  const NnNet *net = &self->net;
  guint L = net->n_layers;
  GString *shape = g_string_new (NULL);

  (void) params;
  for (guint l = 0; l <= L; l++)
    g_string_append_printf (shape, l == 0 ? "%u" : "–%u", net->sizes[l]);
  lab_metrics_add_string (out, "shape", _("Network"), shape->str);
  g_string_free (shape, TRUE);
  lab_metrics_add_int (out, "parameters", _("Parameters"), (gint64) self->n_params);
  lab_metrics_add_int (out, "n_train", _("Training points"), self->n_train);
  lab_metrics_add_int (out, "n_test", _("Test points"), self->n_test);
  lab_metrics_add_int (out, "epochs_run", _("Epochs run"), self->epochs_run);
  lab_metrics_add_double (out, "final_train_loss", _("Training loss"), last_finite (self->train_loss, self->epochs));
  lab_metrics_add_double (out, "final_test_loss", _("Test loss"), last_finite (self->test_loss, self->epochs));
  if (self->problem == NN_CLASSIFICATION)
    {
      lab_metrics_add_double (out, "final_train_accuracy", _("Training accuracy"),
                              last_finite (self->train_acc, self->epochs));
      lab_metrics_add_double (out, "final_test_accuracy", _("Test accuracy"),
                              last_finite (self->test_acc, self->epochs));
    }
  {
    g_autoptr(GString) f = g_string_new (NULL);
    for (guint i = 0; i < self->n_features; i++)
      g_string_append_printf (f, i ? ",%s" : "%s", nn_feature_name (self->features[i]));
    lab_metrics_add_string (out, "features", NULL, f->str);
  }
  lab_metrics_add_doubles (out, "train_loss", self->train_loss, self->epochs);
  lab_metrics_add_doubles (out, "test_loss", self->test_loss, self->epochs);
  lab_metrics_add_doubles (out, "train_accuracy", self->train_acc, self->epochs);
  lab_metrics_add_doubles (out, "test_accuracy", self->test_acc, self->epochs);
  lab_metrics_add_matrix (out, "grad_norms", self->grad_norms, L, self->epochs);
  /* the trained parameters, one entry per layer: weights[l] is W_l as out × in nested rows
   * (PyTorch's nn.Linear layout), biases[l] its b; with a norm, each hidden layer's gain and
   * shift */
  lab_metrics_begin_array (out, "weights");
  for (guint l = 0; l < L; l++)
    lab_metrics_add_matrix (out, NULL, self->theta + net->w_off[l], net->sizes[l + 1], net->sizes[l]);
  lab_metrics_end (out);
  lab_metrics_begin_array (out, "biases");
  for (guint l = 0; l < L; l++)
    lab_metrics_add_doubles (out, NULL, self->theta + net->b_off[l], net->sizes[l + 1]);
  lab_metrics_end (out);
  if (net->norm != NN_NORM_NONE)
    {
      lab_metrics_begin_array (out, "norm_gains");
      for (guint l = 0; l + 1 < L; l++)
        lab_metrics_add_doubles (out, NULL, self->theta + net->g_off[l], net->sizes[l + 1]);
      lab_metrics_end (out);
    }
  if (net->norm == NN_NORM_LAYER || net->norm == NN_NORM_BATCH)
    {
      lab_metrics_begin_array (out, "norm_shifts");
      for (guint l = 0; l + 1 < L; l++)
        lab_metrics_add_doubles (out, NULL, self->theta + net->beta_off[l], net->sizes[l + 1]);
      lab_metrics_end (out);
    }
  if (net->norm == NN_NORM_BATCH)
    {
      /* the running statistics the evaluation uses (PyTorch's running_mean, running_var) */
      lab_metrics_begin_array (out, "running_mean");
      for (guint l = 0; l + 1 < L; l++)
        lab_metrics_add_doubles (out, NULL, self->running + 2 * (gsize) NN_MAX_UNITS * l, net->sizes[l + 1]);
      lab_metrics_end (out);
      lab_metrics_begin_array (out, "running_var");
      for (guint l = 0; l + 1 < L; l++)
        lab_metrics_add_doubles (out, NULL, self->running + 2 * (gsize) NN_MAX_UNITS * l + NN_MAX_UNITS, net->sizes[l + 1]);
      lab_metrics_end (out);
    }
}
