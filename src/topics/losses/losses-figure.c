/* losses-figure.c — the losses topic on the main thread: curves, shares, boundaries, metrics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "losses-private.h"

/* one colour per loss in every view */
static const guint curve_slots[N_CURVES] = { 0, 1, 2, 3, 3, 6, 7 };
static const LabLoss share_losses[] = {
  LAB_LOSS_CE, LAB_LOSS_WEIGHTED_CE, LAB_LOSS_FOCAL, LAB_LOSS_ASL, LAB_LOSS_BALANCED,
  LAB_LOSS_SQUARED, LAB_LOSS_HINGE,
};
#define N_SHARE G_N_ELEMENTS (share_losses)

const char *
losses_curve_title (Curve curve)
{
  switch (curve)
    {
    case CURVE_CE: return _("CE");
    case CURVE_WEIGHTED_CE: return _("weighted CE");
    case CURVE_FOCAL: return _("focal");
    case CURVE_ASL_POS: return _("ASL +");
    case CURVE_ASL_NEG: return _("ASL −");
    case CURVE_SQUARED: return _("squared");
    case CURVE_HINGE: return _("hinge");
    case N_CURVES:
    default:
      g_assert_not_reached ();
    }
}

const char *
losses_trained_title (LabLoss loss)
{
  switch (loss)
    {
    case LAB_LOSS_CE: return _("CE");
    case LAB_LOSS_WEIGHTED_CE: return _("weighted CE");
    case LAB_LOSS_FOCAL: return _("focal");
    case LAB_LOSS_ASL: return _("ASL");
    case LAB_LOSS_BALANCED: return _("balanced softmax");
    case LAB_LOSS_SQUARED: return _("squared");
    case LAB_LOSS_HINGE: return _("hinge");
    case LAB_N_LOSSES:
    default:
      g_assert_not_reached ();
    }
}

static guint
loss_slot (LabLoss loss)
{
  switch (loss)
    {
    case LAB_LOSS_CE: return 0;
    case LAB_LOSS_WEIGHTED_CE: return 1;
    case LAB_LOSS_FOCAL: return 2;
    case LAB_LOSS_ASL: return 3;
    case LAB_LOSS_BALANCED: return 4;
    case LAB_LOSS_SQUARED: return 6;
    case LAB_LOSS_HINGE: return 7;
    case LAB_N_LOSSES:
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* the view-only computations, shared by build and metrics */

typedef struct
{
  double loss_share;   /* of the total loss, from the negatives */
  double grad_share;   /* of the total |∂ℓ/∂z|, from the negatives */
} Share;

/* @negatives easy negatives at positive-class probability easy-p, @positives hard positives
 * at hard-p; balanced softmax with the prior of these counts. */
static Share
negative_share (const LossesResult *self,
                LabParams          *params,
                LabLoss             loss)
{
  LabLossParams lp = self->lp;
  double n_neg = lab_params_get_int (params, "negatives");
  double n_pos = lab_params_get_int (params, "positives");
  double z_neg = lab_logit (lab_params_get_double (params, "easy-p"));
  double z_pos = lab_logit (lab_params_get_double (params, "hard-p"));
  double g_neg, g_pos, l_neg, l_pos;
  Share s;

  lp.log_prior_ratio = log (n_pos / n_neg);
  l_neg = n_neg * lab_loss_binary (loss, &lp, z_neg, FALSE, &g_neg);
  l_pos = n_pos * lab_loss_binary (loss, &lp, z_pos, TRUE, &g_pos);
  g_neg = n_neg * fabs (g_neg);
  g_pos = n_pos * fabs (g_pos);
  s.loss_share = l_neg + l_pos > 0 ? l_neg / (l_neg + l_pos) : NAN;
  s.grad_share = g_neg + g_pos > 0 ? g_neg / (g_neg + g_pos) : NAN;
  return s;
}

/* Balanced softmax on K long-tail classes: n_c ∝ imbalance^(−c/(K−1)), prior π_c; a
 * balanced-softmax model predicts c over the head class 0 when p_c/(p_c + p_0) > π_c/(π_c + π_0)
 * of the training (imbalanced) posterior. */
static void
long_tail (LabParams *params,
           guint     *k_out,
           double    *prior,
           double    *threshold)
{
  guint k = (guint) lab_params_get_int (params, "classes");
  double rho = lab_params_get_double (params, "imbalance"), total = 0;

  for (guint c = 0; c < k; c++)
    total += prior[c] = pow (rho, -(double) c / (k - 1));
  for (guint c = 0; c < k; c++)
    prior[c] /= total;
  for (guint c = 0; c < k; c++)
    threshold[c] = prior[c] / (prior[c] + prior[0]);
  *k_out = k;
}

static double
entropy_bits (double p)
{
  double h = 0;

  if (p > 0)
    h -= p * log2 (p);
  if (p < 1)
    h -= (1 - p) * log2 (1 - p);
  return h;
}

/* H(p, q) = −p log₂ q − (1 − p) log₂(1 − q) */
static double
cross_entropy_bits (double p, double q)
{
  return -(p > 0 ? p * log2 (q) : 0) - (p < 1 ? (1 - p) * log2 (1 - q) : 0);
}

/* ------------------------------------------------------------------ */
/* figure */

static void
add_p_markers (LabAxes            *ax,
               const LossesResult *self,
               double              p,
               gboolean            gradient)
{
  LabStyle vl = lab_style_default (0);

  vl.color = lab_color_semantic (LAB_COLOR_MUTED, 1);
  vl.dash = LAB_DASH_DASHED;
  vl.line_width = 1;
  lab_layer_set_dynamic (lab_axes_add_vline (ax, NULL, p, &vl), TRUE);
  for (guint c = 0; c < N_CURVES; c++)
    {
      LabStyle st = lab_style_default (curve_slots[c]);
      double dz, v = losses_curve_eval (c, &self->lp, p, &dz);

      st.marker = LAB_MARKER_CIRCLE;
      st.marker_size = 7;
      st.fill = st.color;
      lab_layer_set_dynamic (lab_axes_add_marker (ax, NULL, p, gradient ? fabs (dz) : v, &st), TRUE);
    }
}

static void
build_curves (LabAxes            *ax,
              const LossesResult *self,
              LabParams          *params,
              gboolean            gradient)
{
  double p = lab_params_get_double (params, "p");

  lab_axes_set_title (ax, gradient ? _("Gradient |∂ℓ/∂z|") : _("Loss ℓ"));
  lab_axes_set_xlabel (ax, _("p, the probability given to the true class"));
  lab_axes_set_ylabel (ax, gradient ? _("|∂ℓ/∂z| (z the logit)") : _("loss ℓ"));
  lab_axes_set_xlim (ax, 0, 1);
  if (gradient)
    {
      /* |∂ℓ/∂z| ≤ 1 for CE; focal and ASL can exceed it a little (γ p log p adds on) */
      double top = 1.0;
      for (guint c = 0; c < N_CURVES; c++)
        for (guint i = 0; i < N_CURVE_POINTS; i++)
          top = MAX (top, self->grad[c][i]);
      lab_axes_set_ylim (ax, 0, 1.05 * top);
    }
  else
    lab_axes_set_ylim (ax, 0, 3.0);
  for (guint c = 0; c < N_CURVES; c++)
    {
      LabStyle st = lab_style_default (curve_slots[c]);

      if (c == CURVE_ASL_NEG)
        st.dash = LAB_DASH_DASHED;
      if (c == CURVE_SQUARED || c == CURVE_HINGE)
        {
          st.dash = LAB_DASH_DOTTED;
          st.line_width = 1.5;
        }
      lab_axes_add_line (ax, gradient ? NULL : losses_curve_title (c), self->p,
                         gradient ? self->grad[c] : self->loss[c], N_CURVE_POINTS, &st);
    }
  if (!gradient)
    lab_axes_set_legend (ax, TRUE);
  add_p_markers (ax, self, p, gradient);
}

/* grouped bars: @n_groups categories, @n_series bars each */
static void
add_grouped_bar (LabAxes     *ax,
                 const char  *label,
                 guint        series,
                 guint        n_series,
                 const double *values,
                 guint        n_groups,
                 guint        slot)
{
  g_autofree double *edges = g_new (double, 2 * n_groups + 1);
  g_autofree double *heights = g_new (double, 2 * n_groups);
  double width = 0.8 / n_series;
  LabStyle st = lab_style_default (slot);

  /* bins alternate: an empty gap (NaN, not drawn), then the bar */
  st.fill = lab_color_palette_alpha (slot, 0.85);
  edges[0] = -0.5;
  for (guint g = 0; g < n_groups; g++)
    {
      double x0 = g - 0.4 + series * width;

      edges[2 * g + 1] = x0;
      edges[2 * g + 2] = x0 + 0.9 * width;
      heights[2 * g] = NAN;
      heights[2 * g + 1] = values[g];
    }
  lab_axes_add_bars (ax, label, edges, heights, 2 * n_groups, &st);
}

static void
build_shares (LabAxes            *ax,
              const LossesResult *self,
              LabParams          *params)
{
  double loss_share[N_SHARE], grad_share[N_SHARE];
  const char *labels[N_SHARE + 1];
  g_autofree char *title = NULL;

  for (guint i = 0; i < N_SHARE; i++)
    {
      Share s = negative_share (self, params, share_losses[i]);
      loss_share[i] = s.loss_share;
      grad_share[i] = s.grad_share;
      labels[i] = losses_trained_title (share_losses[i]);
    }
  labels[N_SHARE] = NULL;
  title = g_strdup_printf (_("%d negatives at p = %g, %d positives at %g"),
                           lab_params_get_int (params, "negatives"), lab_params_get_double (params, "easy-p"),
                           lab_params_get_int (params, "positives"), lab_params_get_double (params, "hard-p"));
  lab_axes_set_title (ax, _("Who carries the loss"));
  lab_axes_set_xlabel (ax, title);
  lab_axes_set_ylabel (ax, _("share from the negatives"));
  lab_axes_set_xcategories (ax, labels);
  lab_axes_set_xlim (ax, -0.5, N_SHARE - 0.5);
  lab_axes_set_ylim (ax, 0, 1.3);
  lab_layer_set_dynamic (lab_axes_add_hline (ax, NULL, 0.5, NULL), TRUE);
  add_grouped_bar (ax, _("of the loss"), 0, 2, loss_share, N_SHARE, 5);
  add_grouped_bar (ax, _("of the gradient"), 1, 2, grad_share, N_SHARE, 0);
  lab_axes_set_legend (ax, TRUE);
}

static void
build_boundaries (LabAxes            *ax,
                  const LossesResult *self)
{
  const LabPoints *pts = self->points;
  g_autoptr(GArray) mx = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) my = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ox = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) oy = g_array_new (FALSE, FALSE, sizeof (double));
  LabStyle other = lab_style_default (0), minority = lab_style_default (0);
  g_autofree char *title = NULL, *min_label = NULL;

  for (guint i = 0; i < pts->n; i++)
    {
      gboolean m = pts->y[i] == self->minority;
      g_array_append_val (m ? mx : ox, pts->x[2 * i]);
      g_array_append_val (m ? my : oy, pts->x[2 * i + 1]);
    }
  title = g_strdup_printf (_("Minority region per loss (%s)"), self->source_name);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, pts->feature_names[0]);
  lab_axes_set_ylabel (ax, pts->feature_names[1]);
  lab_axes_set_xlim (ax, self->box[0], self->box[1]);
  lab_axes_set_ylim (ax, self->box[2], self->box[3]);

  other.color = lab_color_semantic (LAB_COLOR_MUTED, 0.5);
  other.fill = other.color;
  other.marker = LAB_MARKER_CIRCLE;
  other.marker_size = 4;
  minority.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.9);
  minority.fill = minority.color;
  minority.marker = LAB_MARKER_DIAMOND;
  minority.marker_size = 6;
  lab_axes_add_scatter (ax, pts->n_classes == 2 ? _("majority class") : _("other classes"),
                        (double *) ox->data, (double *) oy->data, NULL, ox->len, &other);
  min_label = g_strdup_printf (_("minority class “%s”"), pts->class_names[self->minority]);
  lab_axes_add_scatter (ax, min_label, (double *) mx->data, (double *) my->data, NULL, mx->len, &minority);
  for (guint m = 0; m < N_TRAINED; m++)
    {
      const Trained *t = &self->models[m];
      LabStyle st = lab_style_default (loss_slot (t->loss));

      st.line_width = 2.5;
      if (t->nb > 0)
        lab_axes_add_line (ax, losses_trained_title (t->loss), t->bx, t->by, t->nb, &st);
    }
  lab_axes_set_legend (ax, TRUE);
}

static void
build_scores (LabAxes            *ax,
              const LossesResult *self)
{
  const char *labels[N_TRAINED + 1];
  double v[4][N_TRAINED];
  const char *names[4] = { _("minority recall"), _("minority precision"), _("minority F₁"), _("balanced accuracy") };
  const guint slots[4] = { 5, 6, 7, 4 };
  g_autofree char *title = NULL;

  for (guint m = 0; m < N_TRAINED; m++)
    {
      const Trained *t = &self->models[m];
      labels[m] = losses_trained_title (t->loss);
      v[0][m] = t->minority_recall;
      v[1][m] = t->minority_precision;
      v[2][m] = t->f1;
      v[3][m] = t->balanced_accuracy;
    }
  labels[N_TRAINED] = NULL;
  title = g_strdup_printf (self->n_test > 0 ? _("Scores on %u test points") : _("Scores on the %u training points"),
                           self->n_test > 0 ? self->n_test : self->n_train);
  lab_axes_set_title (ax, title);
  lab_axes_set_xcategories (ax, labels);
  lab_axes_set_xlim (ax, -0.5, N_TRAINED - 0.5);
  lab_axes_set_ylim (ax, 0, 1.8);   /* room for the legend above the bars */
  for (guint s = 0; s < 4; s++)
    add_grouped_bar (ax, names[s], s, 4, v[s], N_TRAINED, slots[s]);
  lab_axes_set_legend (ax, TRUE);
}

static void
build_balanced (LabAxes   *ax,
                LabParams *params)
{
  double prior[LAB_POINTS_MAX_CLASSES], threshold[LAB_POINTS_MAX_CLASSES], x[LAB_POINTS_MAX_CLASSES];
  g_autofree char *title = NULL;
  char *labels[LAB_POINTS_MAX_CLASSES + 1];
  LabStyle line = lab_style_default (0);
  guint k;

  long_tail (params, &k, prior, threshold);
  for (guint c = 0; c < k; c++)
    {
      x[c] = c;
      labels[c] = g_strdup_printf ("%u", c);
    }
  labels[k] = NULL;
  title = g_strdup_printf (_("class (0 = head; head : tail = %g)"), lab_params_get_double (params, "imbalance"));
  lab_axes_set_title (ax, _("Balanced softmax"));
  lab_axes_set_xlabel (ax, title);
  lab_axes_set_ylabel (ax, _("share"));
  lab_axes_set_xcategories (ax, (const char * const *) labels);
  lab_axes_set_xlim (ax, -0.5, k - 0.5);
  lab_axes_set_ylim (ax, 0, 1.6);
  add_grouped_bar (ax, _("threshold vs the head"), 0, 1, threshold, k, 4);
  line.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1);
  line.fill = line.color;
  line.marker = LAB_MARKER_CIRCLE;
  lab_layer_set_dynamic (lab_axes_add_line (ax, _("prior π<sub>c</sub>"), x, prior, k, &line), TRUE);
  lab_layer_set_dynamic (lab_axes_add_hline (ax, _("plain softmax: 0.5"), 0.5, NULL), TRUE);
  lab_axes_set_legend (ax, TRUE);
  for (guint c = 0; c < k; c++)
    g_free (labels[c]);
}

#define N_IMP 201

static void
build_impurity (LabAxes   *ax,
                LabParams *params,
                gboolean   cross)
{
  double p = lab_params_get_double (params, "p");
  double x[N_IMP], a[N_IMP], b[N_IMP], c[N_IMP];

  for (guint i = 0; i < N_IMP; i++)
    {
      x[i] = (double) i / (N_IMP - 1);
      if (cross)
        {
          double q = CLAMP (x[i], 1e-4, 1 - 1e-4);
          x[i] = q;
          a[i] = cross_entropy_bits (p, q);
        }
      else
        {
          a[i] = entropy_bits (x[i]) / 2;
          b[i] = 2 * x[i] * (1 - x[i]);
          c[i] = 1 - MAX (x[i], 1 - x[i]);
        }
    }
  lab_axes_set_xlim (ax, 0, 1);
  if (cross)
    {
      g_autofree char *title = g_strdup_printf (_("Cross-entropy H(p = %g, q)"), p);
      LabStyle st = lab_style_default (0), mk = lab_style_default (0);

      lab_axes_set_title (ax, title);
      lab_axes_set_xlabel (ax, _("q, the predicted probability"));
      lab_axes_set_ylabel (ax, _("bits"));
      lab_axes_set_ylim (ax, 0, 4);
      lab_layer_set_dynamic (lab_axes_add_line (ax, _("H(p, q) = H(p) + KL(p ‖ q)"), x, a, N_IMP, &st), TRUE);
      lab_layer_set_dynamic (lab_axes_add_hline (ax, _("H(p), its minimum at q = p"), entropy_bits (p), NULL), TRUE);
      mk.marker = LAB_MARKER_CIRCLE;
      mk.marker_size = 7;
      lab_layer_set_dynamic (lab_axes_add_marker (ax, NULL, p, entropy_bits (p), &mk), TRUE);
    }
  else
    {
      LabStyle vl = lab_style_default (0);

      lab_axes_set_title (ax, _("Impurity of a two-class node"));
      lab_axes_set_xlabel (ax, _("p, the share of one class in the node"));
      lab_axes_set_ylim (ax, 0, 0.55);
      lab_axes_add_line (ax, _("entropy / 2 (bits)"), x, a, N_IMP, NULL);
      lab_axes_add_line (ax, _("Gini 2p(1 − p)"), x, b, N_IMP, NULL);
      lab_axes_add_line (ax, _("misclassification"), x, c, N_IMP, NULL);
      vl.color = lab_color_semantic (LAB_COLOR_MUTED, 1);
      vl.dash = LAB_DASH_DASHED;
      vl.line_width = 1;
      lab_layer_set_dynamic (lab_axes_add_vline (ax, NULL, p, &vl), TRUE);
    }
  lab_axes_set_legend (ax, TRUE);
}

LabFigure *
losses_build (const LabResult *result,
              LabParams       *params)
{
  const LossesResult *self = (const LossesResult *) result;
  LabFigure *fig = lab_figure_new (3, 3);
  const double col_weights[3] = { 1.25, 1, 1 };
  const double row_weights[3] = { 1.3, 1, 1 };

  lab_figure_set_col_weights (fig, col_weights);
  lab_figure_set_row_weights (fig, row_weights);
  lab_figure_set_span (fig, 1, 0, 2, 1);
  build_curves (lab_figure_get_axes_at (fig, 0, 0), self, params, FALSE);
  build_curves (lab_figure_get_axes_at (fig, 0, 1), self, params, TRUE);
  build_shares (lab_figure_get_axes_at (fig, 0, 2), self, params);
  build_boundaries (lab_figure_get_axes_at (fig, 1, 0), self);
  build_scores (lab_figure_get_axes_at (fig, 1, 1), self);
  build_balanced (lab_figure_get_axes_at (fig, 1, 2), params);
  build_impurity (lab_figure_get_axes_at (fig, 2, 1), params, FALSE);
  build_impurity (lab_figure_get_axes_at (fig, 2, 2), params, TRUE);
  return fig;
}

/* ------------------------------------------------------------------ */
/* metrics */

void
losses_metrics (const LabResult *result,
                LabParams       *params,
                LabMetrics      *out)
{
  const LossesResult *self = (const LossesResult *) result;
  double p = lab_params_get_double (params, "p");
  double prior[LAB_POINTS_MAX_CLASSES], threshold[LAB_POINTS_MAX_CLASSES];
  double z = lab_logit (p);
  guint k, best = 0;
  Share ce = negative_share (self, params, LAB_LOSS_CE);
  Share focal = negative_share (self, params, LAB_LOSS_FOCAL);
  Share asl = negative_share (self, params, LAB_LOSS_ASL);

  for (guint m = 1; m < N_TRAINED; m++)
    if (self->models[m].f1 > self->models[best].f1 || isnan (self->models[best].f1))
      best = m;

  lab_metrics_add_string (out, "source", _("Data"), self->source_name);
  lab_metrics_add_int (out, "n_train", _("Training points"), self->n_train);
  lab_metrics_add_int (out, "n_test", _("Test points"), self->n_test);
  lab_metrics_add_string (out, "minority_class", _("Minority class"), self->points->class_names[self->minority]);
  lab_metrics_add_int (out, "minority_train", _("Minority training points"), self->counts[self->minority]);
  lab_metrics_add_string (out, "best_f1_loss", _("Best minority F₁"), lab_loss_to_string (self->models[best].loss));
  for (guint m = 0; m < N_TRAINED; m++)
    {
      g_autofree char *key = g_strdup_printf ("minority_f1_%s", lab_loss_to_string (self->models[m].loss));
      g_autofree char *label = g_strdup_printf (_("Minority F₁, %s"), losses_trained_title (self->models[m].loss));

      g_strdelimit (key, "-", '_');
      lab_metrics_add_double (out, key, label, self->models[m].f1);
    }
  lab_metrics_add_double (out, "ce_negative_loss_share", _("CE: share of negatives"), ce.loss_share);
  lab_metrics_add_double (out, "focal_negative_loss_share", _("Focal: share of negatives"), focal.loss_share);
  lab_metrics_add_double (out, "asl_negative_loss_share", _("ASL: share of negatives"), asl.loss_share);

  lab_metrics_add_double (out, "p", NULL, p);
  lab_metrics_begin_array (out, "losses");
  for (guint i = 0; i < N_SHARE; i++)
    {
      LabLoss loss = share_losses[i];
      LabLossParams lp = self->lp;
      Share s = negative_share (self, params, loss);
      double dz, v;

      lp.log_prior_ratio = log ((double) lab_params_get_int (params, "positives")
                                / lab_params_get_int (params, "negatives"));
      v = lab_loss_binary (loss, &lp, z, TRUE, &dz);
      lab_metrics_begin_object (out, NULL);
      lab_metrics_add_string (out, "name", NULL, lab_loss_to_string (loss));
      lab_metrics_add_double (out, "loss_at_p", NULL, v);
      lab_metrics_add_double (out, "grad_at_p", NULL, dz);
      if (loss == LAB_LOSS_ASL)
        {
          /* a negative whose true class (negative) has probability p */
          v = lab_loss_binary (loss, &lp, -z, FALSE, &dz);
          lab_metrics_add_double (out, "loss_at_p_negative", NULL, v);
          lab_metrics_add_double (out, "grad_at_p_negative", NULL, dz);
        }
      lab_metrics_add_double (out, "negative_loss_share", NULL, s.loss_share);
      lab_metrics_add_double (out, "negative_grad_share", NULL, s.grad_share);
      lab_metrics_end (out);
    }
  lab_metrics_end (out);

  lab_metrics_begin_array (out, "models");
  for (guint m = 0; m < N_TRAINED; m++)
    {
      const Trained *t = &self->models[m];

      lab_metrics_begin_object (out, NULL);
      lab_metrics_add_string (out, "loss", NULL, lab_loss_to_string (t->loss));
      lab_metrics_add_double (out, "minority_recall", NULL, t->minority_recall);
      lab_metrics_add_double (out, "minority_precision", NULL, t->minority_precision);
      lab_metrics_add_double (out, "f1", NULL, t->f1);
      lab_metrics_add_double (out, "balanced_accuracy", NULL, t->balanced_accuracy);
      lab_metrics_add_double (out, "accuracy", NULL, t->accuracy);
      lab_metrics_add_int (out, "tp", NULL, t->tp);
      lab_metrics_add_int (out, "fp", NULL, t->fp);
      lab_metrics_add_int (out, "fn", NULL, t->fn);
      lab_metrics_add_double (out, "final_train_loss", NULL, t->final_loss);
      lab_metrics_begin_array (out, "weights");
      for (guint o = 0; o < t->n_outputs; o++)
        {
          lab_metrics_begin_array (out, NULL);
          for (guint j = 0; j < 3; j++)
            lab_metrics_add_double (out, NULL, NULL, t->w[o][j]);
          lab_metrics_end (out);
        }
      lab_metrics_end (out);
      lab_metrics_end (out);
    }
  lab_metrics_end (out);

  long_tail (params, &k, prior, threshold);
  lab_metrics_begin_array (out, "balanced_softmax");
  for (guint c = 0; c < k; c++)
    {
      lab_metrics_begin_object (out, NULL);
      lab_metrics_add_int (out, "class", NULL, c);
      lab_metrics_add_double (out, "prior", NULL, prior[c]);
      lab_metrics_add_double (out, "log_prior", NULL, log (prior[c]));
      lab_metrics_add_double (out, "threshold", NULL, threshold[c]);
      lab_metrics_end (out);
    }
  lab_metrics_end (out);

  lab_metrics_begin_object (out, "impurity");
  lab_metrics_add_double (out, "entropy_bits", NULL, entropy_bits (p));
  lab_metrics_add_double (out, "gini", NULL, 2 * p * (1 - p));
  lab_metrics_add_double (out, "misclassification", NULL, 1 - MAX (p, 1 - p));
  lab_metrics_end (out);
}
