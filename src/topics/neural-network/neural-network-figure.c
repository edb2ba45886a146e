/* neural-network-figure.c — the neural-network topic on the main thread: views and metrics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
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

  if (self->from_data)
    {
      /* the columns, standardized: z = (x − mean) / sd */
      g_autofree char *xl = g_strdup_printf (_("x1 = %s, standardized"), self->feature_names[0]);

      lab_axes_set_xlabel (ax, xl);
    }
  else
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

  if (self->from_data)
    {
      g_autofree char *yl = g_strdup_printf (_("x2 = %s, standardized"), self->feature_names[1]);

      lab_axes_set_ylabel (ax, yl);
    }
  else
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

/* ------------------------------------------------------------------ */
/* view=network */

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* One unit's output in a box centred at (cx, cy) of half-sizes hx, hy: a heatmap over the plane
 * (symmetric colour range of the unit's own largest |value|; the output's probability on
 * [0, 1]), or for the 1-D sine a small curve in a frame. */
static void
add_thumb (LabAxes        *ax,
           const NnResult *self,
           const double   *v,
           double          cx,
           double          cy,
           double          hx,
           double          hy,
           gboolean        probability)
{
  double m = 0;

  if (self->one_d)
    {
      double x[NN_THUMB], y[NN_THUMB], lo = INFINITY, hi = -INFINITY;
      double fx[5] = { cx - hx, cx + hx, cx + hx, cx - hx, cx - hx };
      double fy[5] = { cy - hy, cy - hy, cy + hy, cy + hy, cy - hy };
      LabStyle frame = lab_style_rule (LAB_COLOR_MUTED, 0.8), curve = lab_style_default (0);

      for (guint i = 0; i < NN_THUMB; i++)
        if (isfinite (v[i]))
          lo = MIN (lo, v[i]), hi = MAX (hi, v[i]);
      if (!(hi > lo))
        lo -= 1, hi += 1;
      for (guint i = 0; i < NN_THUMB; i++)
        {
          x[i] = cx - 0.85 * hx + 1.7 * hx * i / (NN_THUMB - 1);
          y[i] = cy - 0.8 * hy + 1.6 * hy * (v[i] - lo) / (hi - lo);
        }
      frame.line_width = 0.8;
      curve.line_width = 1.5;
      lab_axes_add_line (ax, NULL, fx, fy, 5, &frame);
      lab_axes_add_line (ax, NULL, x, y, NN_THUMB, &curve);
      return;
    }
  if (probability)
    {
      lab_axes_add_heatmap (ax, v, NN_THUMB, NN_THUMB, cx - hx, cx + hx, cy - hy, cy + hy,
                            LAB_COLORMAP_DIVERGING, 0, 1, NULL);
      return;
    }
  {
    /* the colour range: the 95th percentile of |value|, so a few large corner values (a gated
     * unit's product grows fast away from the data) do not wash the rest out */
    double mag[NN_THUMB * NN_THUMB];
    guint k = 0;

    for (guint i = 0; i < NN_THUMB * NN_THUMB; i++)
      if (isfinite (v[i]))
        mag[k++] = fabs (v[i]);
    if (k > 0)
      {
        qsort (mag, k, sizeof (double), cmp_double);
        m = mag[(guint) floor (0.95 * (k - 1))];
      }
  }
  if (!(m > 0))
    m = 1;
  lab_axes_add_heatmap (ax, v, NN_THUMB, NN_THUMB, cx - hx, cx + hx, cy - hy, cy + hy,
                        LAB_COLORMAP_DIVERGING, -m, m, NULL);
}

#define NN_DENSE_EDGES 128

/* The network as a diagram: a column per layer (inputs, hidden layers, output), each unit a
 * thumbnail of its output over the plot box when there is room (a dot otherwise), each weight an
 * edge whose width is |w| against its layer's largest and whose colour is its sign. */
static void
build_diagram (LabAxes        *ax,
               const NnResult *self)
{
  const NnNet *net = &self->net;
  guint L = net->n_layers, M = 0, gy = self->one_d ? 1 : NN_THUMB;
  /* the panel is about 700 px square at 1280 × 800: pixels per unit of x (a column) and y (a row) */
  double ppx, ppy, box, hx, hy;
  gboolean thumbs, pruned = FALSE;
  g_autofree double *feat_thumb = g_new (double, NN_THUMB * NN_THUMB);

  for (guint c = 0; c <= L; c++)
    M = MAX (M, net->sizes[c]);
  ppx = 700.0 / (L + 1.2);
  ppy = 660.0 / M;
  box = MIN (0.55 * ppx, 0.8 * ppy);   /* the thumbnail's side in pixels */
  thumbs = box >= 26;
  if (!thumbs)
    box = MIN (box, 14);
  hx = 0.5 * box / ppx;
  hy = 0.5 * box / ppy;

  for (guint l = 0; l < L; l++)
    pruned |= (gsize) net->sizes[l] * net->sizes[l + 1] > NN_DENSE_EDGES;
  /* the colour hint only where the thumbnails are coloured maps (not the 1-D curves) */
  lab_axes_set_title (ax, net->glu != NN_GLU_NONE
                          ? (pruned ? _("Each unit's output; edges: gate weights W, width |w| (dense layers: |w| ≥ ¼ max)")
                             : thumbs && !self->one_d ? _("Each unit's output (red high, blue low); edges: gate weights W, width |w|")
                             : _("Each unit's output; edges: gate weights W, width |w|, colour its sign"))
                          : (pruned ? _("Each unit's output; edges: weights, width |w| (dense layers: |w| ≥ ¼ max)")
                             : thumbs && !self->one_d ? _("Each unit's output (red high, blue low); edges: weights, width |w|")
                             : _("Each unit's output; edges: weights, width |w|, colour its sign")));
  lab_axes_set_frame (ax, FALSE);
  lab_axes_set_xlim (ax, -0.75, L + 0.6);
  lab_axes_set_ylim (ax, -0.5 * M - 0.5, 0.5 * M + 0.1);

  /* edges first, so the units sit on top */
  for (guint l = 0; l < L; l++)
    {
      guint in = net->sizes[l], out = net->sizes[l + 1];
      const double *w = self->theta + net->w_off[l];
      double wmax = 0;
      /* a dense layer (hundreds of edges) shows its stronger weights only, or it is a blur */
      double floor_r = (gsize) in * out > NN_DENSE_EDGES ? 0.25 : 0;

      for (gsize i = 0; i < (gsize) in * out; i++)
        if (isfinite (w[i]))
          wmax = MAX (wmax, fabs (w[i]));
      if (wmax == 0)
        continue;
      for (guint j = 0; j < out; j++)
        for (guint i = 0; i < in; i++)
          {
            double v = w[(gsize) j * in + i], r = fabs (v) / wmax;
            double ex[2] = { l + hx, l + 1 - hx };
            double ey[2] = { 0.5 * (in - 1) - i, 0.5 * (out - 1) - j };
            LabStyle st = lab_style_default (0);

            if (!isfinite (v) || r < floor_r)
              continue;
            st.color = lab_color_palette_alpha (v >= 0 ? 1 : 0, 0.25 + 0.75 * r);
            st.line_width = 0.3 + 3.7 * r;
            lab_axes_add_line (ax, NULL, ex, ey, 2, &st);
          }
    }
  /* the legend's two edge colours */
  {
    double nx[1] = { NAN }, ny[1] = { NAN };
    LabStyle pos = lab_style_default (1), neg = lab_style_default (0);

    /* the thumbnails' colours agree: warm for high and positive, blue for low and negative */
    pos.color = lab_color_palette (1);
    neg.color = lab_color_palette (0);
    lab_axes_add_line (ax, _("w > 0"), nx, ny, 1, &pos);
    lab_axes_add_line (ax, _("w < 0"), nx, ny, 1, &neg);
    lab_axes_set_legend (ax, TRUE);
  }

  /* the units */
  for (guint c = 0; c <= L; c++)
    {
      guint m = net->sizes[c];
      g_autofree char *head = c == 0 ? g_strdup (_("inputs"))
                              : c == L ? g_strdup (_("output"))
                              : g_strdup_printf (_("layer %u"), c);

      lab_axes_add_text (ax, c, -0.5 * M + 0.5 - hy - 0.08, head, LAB_ANCHOR_NORTH, FALSE, NULL);
      for (guint j = 0; j < m; j++)
        {
          double cy = 0.5 * (m - 1) - j;

          if (thumbs && c == 0)
            {
              /* an input: the feature itself over the plane */
              for (guint b = 0; b < gy; b++)
                for (guint a = 0; a < NN_THUMB; a++)
                  {
                    double x1 = -self->extent + 2 * self->extent * (a + 0.5) / NN_THUMB;
                    double x2 = self->one_d ? 0 : -self->extent + 2 * self->extent * (b + 0.5) / gy;
                    double f[NN_N_FEATURES];

                    nn_featurize (self->features, self->n_features, x1, x2, f);
                    feat_thumb[b * NN_THUMB + a] = f[j];
                  }
              add_thumb (ax, self, feat_thumb, c, cy, hx, hy, FALSE);
            }
          else if (thumbs)
            add_thumb (ax, self, self->thumbs + (self->thumb_off[c - 1] + j) * NN_THUMB * gy, c, cy, hx, hy,
                       c == L && self->problem == NN_CLASSIFICATION);
          else
            {
              LabStyle st = lab_style_marker (lab_color_semantic (LAB_COLOR_MUTED, 1), 1);
              st.marker_size = MAX (4, box);
              lab_axes_add_marker (ax, NULL, c, cy, &st);
            }
          if (c == 0)
            lab_axes_add_text (ax, c - hx - 0.04, cy, nn_feature_name (self->features[j]), LAB_ANCHOR_EAST, FALSE, NULL);
        }
    }
}

/* Each hidden layer's pre-activations on the training points (what enters f, after the norm),
 * with f′ scaled to the plot: mass where f′ is small is saturated. */
static void
build_pre_activations (LabAxes        *ax,
                       const NnResult *self)
{
  guint L = self->net.n_layers;
  double edge[NN_HIST_BINS + 1], h[NN_HIST_BINS + 1], ymax = 0;
  enum { N = 241 };
  double z[N], d[N], dmax = 0;
  g_autofree char *title = g_strdup_printf (_("Pre-activations per layer (f = %s)"), nn_activation_name (self->net.act));

  for (guint b = 0; b < NN_HIST_BINS; b++)
    edge[b] = -NN_HIST_Z + b * 2 * NN_HIST_Z / NN_HIST_BINS;
  edge[NN_HIST_BINS] = NN_HIST_Z;
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, _("u (pre-activation)"));
  lab_axes_set_ylabel (ax, _("share of values per bin"));
  for (guint l = 0; l + 1 < L; l++)
    {
      g_autofree char *label = g_strdup_printf (_("layer %u: f′ ≈ 0 for %.0f %%"), l + 1, 100 * self->pre_saturated[l]);
      LabRGBA c = lab_colormap_eval (LAB_COLORMAP_VIRIDIS, L > 2 ? 0.3 + 0.5 * l / (L - 2) : 0.3);
      LabStyle st = lab_style_default (0);

      for (guint b = 0; b < NN_HIST_BINS; b++)
        ymax = MAX (ymax, self->pre_hist[l][b]);
      st.color = lab_color_rgba (c.r, c.g, c.b, 1);
      /* post-steps over the bin edges: bin b holds from edge b to edge b + 1 */
      memcpy (h, self->pre_hist[l], NN_HIST_BINS * sizeof (double));
      h[NN_HIST_BINS] = h[NN_HIST_BINS - 1];
      lab_axes_add_step (ax, label, edge, h, NN_HIST_BINS + 1, &st);
    }
  for (guint i = 0; i < N; i++)
    {
      z[i] = -NN_HIST_Z + 2 * NN_HIST_Z * i / (N - 1);
      nn_activation (self->net.act, z[i], &d[i]);
      dmax = MAX (dmax, d[i]);
    }
  if (dmax > 0 && ymax > 0)
    {
      LabStyle st = lab_style_reference ();

      for (guint i = 0; i < N; i++)
        d[i] *= ymax / dmax;
      lab_axes_add_line (ax, _("f′(u), scaled"), z, d, N, &st);
    }
  lab_axes_set_xlim (ax, -NN_HIST_Z, NN_HIST_Z);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
}

/* ------------------------------------------------------------------ */
/* view=approximation */

static void
build_approximation (LabFigure      *fig,
                     const NnResult *self)
{
  gboolean test = self->ua_n_test > 0;
  LabAxes *ax = lab_figure_get_axes_at (fig, 0, 0);
  double w[NN_UA_N_WIDTHS], p[NN_UA_DEPTHS];

  /* error against width */
  for (guint k = 0; k < NN_UA_N_WIDTHS; k++)
    w[k] = self->ua_widths[k];
  lab_axes_set_title (ax, _("One hidden layer of width w on the sine"));
  lab_axes_set_xlabel (ax, _("width w"));
  lab_axes_set_ylabel (ax, _("mean squared error"));
  lab_axes_set_xscale (ax, LAB_SCALE_LOG);
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  {
    LabStyle a = lab_style_default (0), b = lab_style_default (1);

    a.marker = b.marker = LAB_MARKER_CIRCLE;
    lab_axes_add_line (ax, _("training"), w, self->ua_train, NN_UA_N_WIDTHS, &a);
    if (test)
      lab_axes_add_line (ax, _("test"), w, self->ua_test, NN_UA_N_WIDTHS, &b);
  }
  if (self->noise > 0)
    {
      LabStyle st = lab_style_reference ();
      lab_axes_add_hline (ax, _("noise variance σ²"), self->noise * self->noise, &st);
    }
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);

  /* equal parameter counts */
  ax = lab_figure_get_axes_at (fig, 0, 1);
  for (guint k = 0; k < NN_UA_DEPTHS; k++)
    p[k] = self->ua_params[k];
  lab_axes_set_title (ax, test ? _("Equal parameters: deep-narrow vs wide-shallow (test)")
                               : _("Equal parameters: deep-narrow vs wide-shallow (training)"));
  lab_axes_set_xlabel (ax, _("parameters"));
  lab_axes_set_ylabel (ax, _("mean squared error"));
  lab_axes_set_yscale (ax, LAB_SCALE_LOG);
  {
    LabStyle a = lab_style_default (2), b = lab_style_default (3);

    a.marker = LAB_MARKER_CIRCLE;
    b.marker = LAB_MARKER_SQUARE;
    lab_axes_add_line (ax, _("deep-narrow: k layers × 3"), p, test ? self->ua_deep_test : self->ua_deep_train, NN_UA_DEPTHS, &a);
    lab_axes_add_line (ax, _("wide-shallow: 1 layer × (4k − 1)"), p, test ? self->ua_wide_test : self->ua_wide_train,
                       NN_UA_DEPTHS, &b);
  }
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);

  /* the fits */
  ax = lab_figure_get_axes_at (fig, 1, 0);
  {
    g_autofree double *x = g_new (double, MAX (self->ua_n_train, 1)), *y = g_new (double, MAX (self->ua_n_train, 1));
    double gx[NN_GRID], target[NN_GRID];
    LabStyle pts = lab_style_default (0), t = lab_style_reference ();
    LabStyle narrow = lab_style_default (5), wide = lab_style_default (3), deep = lab_style_default (2);
    g_autofree char *wide_label = g_strdup_printf (_("1 × %u (%u parameters)"), 4 * NN_UA_DEPTHS - 1,
                                                   self->ua_params[NN_UA_DEPTHS - 1]);
    g_autofree char *deep_label = g_strdup_printf (_("%u × 3 (%u parameters)"), NN_UA_DEPTHS, self->ua_params[NN_UA_DEPTHS - 1]);

    for (guint r = 0; r < self->ua_n_train; r++)
      {
        x[r] = self->ua_px[2 * (gsize) self->ua_train_rows[r]];
        y[r] = self->ua_py[self->ua_train_rows[r]];
      }
    for (guint i = 0; i < NN_GRID; i++)
      {
        gx[i] = -self->extent + 2 * self->extent * (i + 0.5) / NN_GRID;
        target[i] = sin (1.5 * gx[i]);
      }
    lab_axes_set_title (ax, _("The fits: y = sin 1.5x"));
    lab_axes_set_xlabel (ax, "x");
    lab_axes_set_ylabel (ax, "y");
    pts.marker = LAB_MARKER_CIRCLE;
    pts.marker_size = 4;
    pts.color = lab_color_semantic (LAB_COLOR_MUTED, 0.9);
    pts.fill = lab_color_semantic (LAB_COLOR_MUTED, 0.4);
    lab_axes_add_scatter (ax, _("training points"), x, y, NULL, self->ua_n_train, &pts);
    lab_axes_add_line (ax, _("target"), gx, target, NN_GRID, &t);
    narrow.line_width = wide.line_width = deep.line_width = 2.2;
    lab_axes_add_line (ax, _("1 × 3"), gx, self->ua_fit_narrow, NN_GRID, &narrow);
    lab_axes_add_line (ax, wide_label, gx, self->ua_fit_wide, NN_GRID, &wide);
    lab_axes_add_line (ax, deep_label, gx, self->ua_fit_deep, NN_GRID, &deep);
    lab_axes_set_xlim (ax, -self->extent, self->extent);
    lab_axes_set_grid (ax, TRUE);
    lab_axes_set_legend (ax, TRUE);
  }
}

/* ------------------------------------------------------------------ */
/* view=activations */

static void
build_activations (LabFigure *fig)
{
  enum { N = 241, G = 81 };
  double z[N], f[N], d[N], max_diff = 0;
  LabAxes *fa = lab_figure_get_axes_at (fig, 0, 0), *da = lab_figure_get_axes_at (fig, 0, 1);

  for (guint i = 0; i < N; i++)
    z[i] = -4 + 8.0 * i / (N - 1);
  lab_axes_set_title (fa, _("Every activation f(z)"));
  lab_axes_set_title (da, _("Their derivatives f′(z)"));
  for (guint k = 0; k < 2; k++)
    {
      LabAxes *ax = k == 0 ? fa : da;

      lab_axes_set_xlabel (ax, "z");
      lab_axes_add_hline (ax, NULL, 0, NULL);
      lab_axes_set_grid (ax, TRUE);
      lab_axes_set_legend (ax, TRUE);
    }
  for (NnActivation a = 0; a < NN_N_ACT; a++)
    {
      LabStyle st = lab_style_default (a);

      /* gelu-tanh lies on gelu (within 5e-4): dashed, so both show */
      if (a == NN_ACT_GELU_TANH)
        st.dash = LAB_DASH_DASHED;
      for (guint i = 0; i < N; i++)
        {
          f[i] = nn_activation (a, z[i], &d[i]);
          if (a == NN_ACT_GELU_TANH)
            max_diff = MAX (max_diff, fabs (f[i] - nn_activation (NN_ACT_GELU, z[i], NULL)));
        }
      lab_axes_add_line (fa, nn_activation_name (a), z, f, N, &st);
      lab_axes_add_line (da, nn_activation_name (a), z, d, N, &st);
    }
  lab_axes_set_ylim (fa, -1.6, 4.2);
  lab_axes_set_ylim (da, -0.3, 1.3);
  {
    g_autofree char *note = g_strdup_printf (_("max |gelu − gelu-tanh| on [−4, 4] = %.1e"), max_diff);
    lab_axes_add_text (fa, 0.97, 0.04, note, LAB_ANCHOR_EAST, TRUE, NULL);
  }

  /* the gated units: h = f(u)·v over the gate's input u and the value v */
  for (guint k = 0; k < 2; k++)
    {
      LabAxes *ax = lab_figure_get_axes_at (fig, 1, k);
      g_autofree double *h = g_new (double, G * G);
      double levels[] = { -2, -1, -0.5, 0, 0.5, 1, 2 };
      LabStyle lines = lab_style_rule (LAB_COLOR_FOREGROUND, 0.5);

      for (guint j = 0; j < G; j++)
        for (guint i = 0; i < G; i++)
          {
            double u = -3 + 6.0 * (i + 0.5) / G, v = -3 + 6.0 * (j + 0.5) / G;
            h[j * G + i] = nn_activation (k == 0 ? NN_ACT_SIGMOID : NN_ACT_SILU, u, NULL) * v;
          }
      lab_axes_set_title (ax, k == 0 ? _("GLU unit: σ(u) · v") : _("SwiGLU unit: SiLU(u) · v"));
      lab_axes_set_xlabel (ax, _("gate input u = w·a + b"));
      lab_axes_set_ylabel (ax, _("value v = v·a + c"));
      lab_axes_add_heatmap (ax, h, G, G, -3, 3, -3, 3, LAB_COLORMAP_DIVERGING, -3, 3, k == 1 ? "h" : NULL);
      lab_axes_add_contour (ax, h, G, G, -3, 3, -3, 3, levels, G_N_ELEMENTS (levels), FALSE,
                            LAB_COLORMAP_DIVERGING, &lines);
      lab_axes_set_xlim (ax, -3, 3);
      lab_axes_set_ylim (ax, -3, 3);
    }
}

LabFigure *
neural_network_build (const LabResult *result,
                      LabParams       *params)
{
  const NnResult *self = (const NnResult *) result;
  LabFigure *fig;
  const double col_weights[3] = { 1.6, 1, 1 };
  NnView view = lab_params_get_enum (params, "view");

  if (view == NN_VIEW_NETWORK)
    {
      const double w[2] = { 1.7, 1 };

      fig = lab_figure_new (1, 2);
      lab_figure_set_col_weights (fig, w);
      build_diagram (lab_figure_get_axes_at (fig, 0, 0), self);
      build_pre_activations (lab_figure_get_axes_at (fig, 0, 1), self);
      return fig;
    }
  if (view == NN_VIEW_ACTIVATIONS)
    {
      fig = lab_figure_new (2, 2);
      build_activations (fig);
      return fig;
    }
  if (view == NN_VIEW_APPROXIMATION && self->approx)
    {
      fig = lab_figure_new (2, 2);
      lab_figure_set_span (fig, 1, 0, 1, 2);
      build_approximation (fig, self);
      return fig;
    }
  fig = lab_figure_new (2, 3);
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
  if (self->from_data)
    lab_metrics_add_int (out, "rows_skipped", _("Rows skipped (a missing cell)"), (gint64) self->rows_dropped);
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
  /* each hidden layer's share of saturated pre-activations on the training points (f′ < 0.1 max f′) */
  lab_metrics_add_doubles (out, "saturated_share", self->pre_saturated, L - 1);
  if (self->approx)
    {
      double w[NN_UA_N_WIDTHS], p[NN_UA_DEPTHS];

      for (guint k = 0; k < NN_UA_N_WIDTHS; k++)
        w[k] = self->ua_widths[k];
      for (guint k = 0; k < NN_UA_DEPTHS; k++)
        p[k] = self->ua_params[k];
      lab_metrics_add_doubles (out, "approximation_widths", w, NN_UA_N_WIDTHS);
      lab_metrics_add_doubles (out, "approximation_train_mse", self->ua_train, NN_UA_N_WIDTHS);
      lab_metrics_add_doubles (out, "approximation_test_mse", self->ua_test, NN_UA_N_WIDTHS);
      lab_metrics_add_doubles (out, "equal_parameters", p, NN_UA_DEPTHS);
      lab_metrics_add_doubles (out, "deep_narrow_train_mse", self->ua_deep_train, NN_UA_DEPTHS);
      lab_metrics_add_doubles (out, "deep_narrow_test_mse", self->ua_deep_test, NN_UA_DEPTHS);
      lab_metrics_add_doubles (out, "wide_shallow_train_mse", self->ua_wide_train, NN_UA_DEPTHS);
      lab_metrics_add_doubles (out, "wide_shallow_test_mse", self->ua_wide_test, NN_UA_DEPTHS);
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
