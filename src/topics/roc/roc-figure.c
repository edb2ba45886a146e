/* roc-figure.c — the ROC topic on the main thread: the operating point, the four views, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "roc-private.h"

/* ------------------------------------------------------------------ */
/* the operating point */

typedef struct
{
  gsize  k;            /* curve point */
  double threshold;
  double tp, fp, tn, fn;
} Operating;


static Operating
operating_point (const RocModel *m,
                 LabParams      *params)
{
  const LabRocCurve *c = m->curve;
  double P = (double) c->n_positive, N = (double) c->n_negative;
  LabRocGoal goal = lab_params_get_enum (params, "goal");
  Operating op = { 0 };
  gsize best = 0;

  switch (goal)
    {
    case LAB_ROC_GOAL_MANUAL:
      best = lab_roc_curve_point_for_threshold (c, lab_params_get_double (params, "threshold"));
      break;
    case LAB_ROC_GOAL_RECALL:
      {
        /* the highest threshold whose recall reaches the target: the first such point;
         * tp never decreases along the curve, so a binary search finds it */
        double target = lab_params_get_double (params, "target-recall");
        gsize lo = 0, hi = c->n_points - 1;

        while (lo < hi)
          {
            gsize mid = lo + (hi - lo) / 2;

            if (c->tp[mid] / P >= target)
              hi = mid;
            else
              lo = mid + 1;
          }
        best = lo;
      }
      break;
    case LAB_ROC_GOAL_MAX_F1:
      best = m->best_f1;
      break;
    case LAB_ROC_GOAL_MAX_YOUDEN:
      best = m->best_youden;
      break;
    case LAB_ROC_GOAL_MIN_COST:
      {
        double cfp = lab_params_get_double (params, "cost-fp");
        double cfn = lab_params_get_double (params, "cost-fn");
        double best_cost = INFINITY;

        for (guint h = 0; h < m->hull->len; h++)
          {
            gsize k = g_array_index (m->hull, gsize, h);
            double cost = cfp * c->fp[k] + cfn * (P - c->tp[k]);

            if (cost < best_cost)
              best_cost = cost, best = k;
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }

  op.k = best;
  op.threshold = goal == LAB_ROC_GOAL_MANUAL ? lab_params_get_double (params, "threshold") : c->thresholds[best];
  op.tp = c->tp[best];
  op.fp = c->fp[best];
  op.fn = P - op.tp;
  op.tn = N - op.fp;
  return op;
}

/* ------------------------------------------------------------------ */
/* curves */

static void
add_roc_curve (LabAxes        *ax,
               const RocModel *m,
               const char     *label,
               const LabStyle *style)
{
  gsize nk = m->roc_keep->len;
  g_autofree double *x = g_new (double, nk);
  g_autofree double *y = g_new (double, nk);
  for (gsize j = 0; j < nk; j++)
    {
      gsize k = g_array_index (m->roc_keep, gsize, j);

      x[j] = m->curve->fp[k] / (double) m->curve->n_negative;
      y[j] = m->curve->tp[k] / (double) m->curve->n_positive;
    }
  lab_axes_add_line (ax, label, x, y, nk, style);
}

static void
add_pr_curve (LabAxes        *ax,
              const RocModel *m,
              const char     *label,
              const LabStyle *style)
{
  gsize nk = m->pr_keep->len;
  g_autofree double *x = g_new (double, 2 * nk);
  g_autofree double *y = g_new (double, 2 * nk);
  double last_r = 0;

  /* the step function whose area is AP: precision P_k held over (R_{k−1}, R_k] */
  for (gsize j = 0; j < nk; j++)
    {
      gsize k = g_array_index (m->pr_keep, gsize, j);
      double r = m->curve->tp[k] / (double) m->curve->n_positive;
      double p = m->curve->tp[k] / (m->curve->tp[k] + m->curve->fp[k]);

      x[2 * j] = last_r, y[2 * j] = p;
      x[2 * j + 1] = r, y[2 * j + 1] = p;
      last_r = r;
    }
  lab_axes_add_line (ax, label, x, y, 2 * nk, style);
}

/* TPR at FPR x on the curve's linear interpolation, the upper value on a vertical step */
static double
tpr_at (const LabRocCurve *c,
        double             x)
{
  double N = (double) c->n_negative, P = (double) c->n_positive;
  gsize lo = 0, hi = c->n_points;   /* first k with fp[k]/N > x */

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (c->fp[mid] / N > x)
        hi = mid;
      else
        lo = mid + 1;
    }
  if (lo == 0)
    return 0;
  if (lo == c->n_points)
    return c->tp[c->n_points - 1] / P;
  {
    double x0 = c->fp[lo - 1] / N, x1 = c->fp[lo] / N, y0 = c->tp[lo - 1] / P, y1 = c->tp[lo] / P;

    return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
  }
}

/* precision of the AP step function at recall r: P_k of the first point with R_k ≥ r */
static double
precision_at (const LabRocCurve *c,
              double             r)
{
  double P = (double) c->n_positive;
  gsize lo = 1, hi = c->n_points - 1;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (c->tp[mid] / P >= r)
        hi = mid;
      else
        lo = mid + 1;
    }
  return c->tp[lo] / (c->tp[lo] + c->fp[lo]);
}

#define AVG_GRID 400

/* Multi-class: each class against the rest (the headline class drawn wider), and the
 * average chosen: the micro curve, or for macro/weighted the vertical average of the
 * classes' curves (TPR at each FPR; precision at each recall), whose area is that average
 * of the classes' AUCs (APs) up to the grid's resolution. */
static void
add_multiclass_curves (const RocResult *self,
                       LabParams       *params,
                       LabAxes         *ax,
                       gboolean         pr)
{
  LabRocAverage average = lab_params_get_enum (params, "average");
  static const char *avg_names[] = { NULL, N_("macro-average"), N_("weighted average"), N_("micro-average") };

  for (guint c = 0; c < self->n_models; c++)
    {
      const RocModel *m = &self->models[c];
      g_autofree char *label = g_strdup_printf (pr ? "%s: AP %.3f" : "%s: AUC %.3f", m->name, pr ? m->ap : m->auc);
      LabStyle style = lab_style_default (SLOT_MODEL (c));

      style.line_width = c == self->primary ? 2.6 : 1.4;
      /* past the palette's colours, the classes differ by dash too */
      style.dash = SLOT_MODEL (c) < LAB_PALETTE_SIZE ? LAB_DASH_SOLID
                   : SLOT_MODEL (c) < 2 * LAB_PALETTE_SIZE ? LAB_DASH_DOTTED : LAB_DASH_DASHED;
      if (pr)
        add_pr_curve (ax, m, label, &style);
      else
        add_roc_curve (ax, m, label, &style);
    }
  if (average == LAB_ROC_AVERAGE_NONE)
    return;

  {
    g_autofree char *label = g_strdup_printf (pr ? "%s: AP %.3f" : "%s: AUC %.3f", _(avg_names[average]),
                                              pr ? self->avg_ap[average - 1] : self->avg_auc[average - 1]);
    LabStyle style = lab_style_default (0);

    style.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
    style.line_width = 3.0;
    style.dash = LAB_DASH_DASHED;
    if (average == LAB_ROC_AVERAGE_MICRO)
      {
        if (pr)
          add_pr_curve (ax, self->micro, label, &style);
        else
          add_roc_curve (ax, self->micro, label, &style);
      }
    else
      {
        double x[AVG_GRID + 2], y[AVG_GRID + 2], total = 0;
        gsize k = 0;

        for (guint c = 0; c < self->n_models; c++)
          total += average == LAB_ROC_AVERAGE_WEIGHTED ? (double) self->models[c].curve->n_positive : 1.0;
        if (!pr)
          x[k] = 0, y[k] = 0, k++;
        for (guint g = 0; g <= AVG_GRID; g++)
          {
            double t = (double) g / AVG_GRID, v = 0;

            if (pr && g == 0)
              continue;
            for (guint c = 0; c < self->n_models; c++)
              {
                const LabRocCurve *cv = self->models[c].curve;
                double w = average == LAB_ROC_AVERAGE_WEIGHTED ? (double) cv->n_positive : 1.0;

                v += w * (pr ? precision_at (cv, t) : tpr_at (cv, t));
              }
            x[k] = t, y[k] = v / total, k++;
          }
        lab_axes_add_line (ax, label, x, y, k, &style);
      }
  }
}

/* ------------------------------------------------------------------ */
/* figure */

static void
add_class_bars (LabAxes      *ax,
                const char   *label_below,
                const char   *label_above,
                const double *counts,
                double        total,
                double        lo,
                double        hi,
                double        threshold,
                guint         slot)
{
  double width = (hi - lo) / N_BINS;
  double edges[N_BINS + 2], heights[N_BINS + 1];
  LabStyle faint = lab_style_default (slot), strong = lab_style_default (slot);
  gsize n_below = 0, n_above = 0;
  double t = CLAMP (threshold, lo, hi);

  /* translucent, so the overlap of the two classes stays visible */
  faint.fill = lab_color_palette_alpha (slot, 0.32);
  faint.color = lab_color_palette_alpha (slot, 0.0);
  strong.fill = lab_color_palette_alpha (slot, 0.6);
  strong.color = lab_color_palette_alpha (slot, 0.0);

  /* below the threshold: bins left of t, the last one cut at t */
  edges[0] = lo;
  for (guint b = 0; b < N_BINS && lo + b * width < t; b++)
    {
      heights[n_below] = counts[b] / (total * width);
      edges[++n_below] = MIN (lo + (b + 1) * width, t);
    }
  /* the bars move with the threshold: redrawn each frame, the rest of the figure is cached */
  if (n_below > 0)
    lab_layer_set_dynamic (lab_axes_add_bars (ax, label_below, edges, heights, n_below, &faint), TRUE);

  /* at or above: from t on */
  {
    guint b0 = (guint) MIN (floor ((t - lo) / width), N_BINS - 1);

    edges[0] = t;
    for (guint b = b0; b < N_BINS; b++)
      {
        if (lo + (b + 1) * width <= t)
          continue;
        heights[n_above] = counts[b] / (total * width);
        edges[++n_above] = lo + (b + 1) * width;
      }
    if (n_above > 0)
      lab_layer_set_dynamic (lab_axes_add_bars (ax, label_above, edges, heights, n_above, &strong), TRUE);
  }
}

LabFigure *
roc_build (const LabResult *result,
           LabParams       *params)
{
  const RocResult *self = (const RocResult *) result;
  const RocModel *m0 = &self->models[self->primary];
  LabFigure *figure = lab_figure_new (2, 2);
  LabAxes *roc = lab_figure_get_axes (figure, 0);
  LabAxes *pr = lab_figure_get_axes (figure, 1);
  LabAxes *dist = lab_figure_get_axes (figure, 2);
  LabAxes *conf = lab_figure_get_axes (figure, 3);
  double P = (double) m0->curve->n_positive, N = (double) m0->curve->n_negative;
  Operating op = operating_point (m0, params);
  LabStyle muted = lab_style_reference ();
  LabStyle point = lab_style_default (0);

  point.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
  point.fill = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  point.marker = LAB_MARKER_CIRCLE;
  point.marker_size = 11;
  point.line_width = 1.5;

  lab_figure_set_col_weights (figure, (const double[]) { 1.0, 1.0 });
  lab_figure_set_row_weights (figure, (const double[]) { 1.15, 1.0 });

  /* ROC */
  lab_axes_set_tag (roc, TAG_ROC);
  lab_axes_set_title (roc, _("ROC curve"));
  lab_axes_set_xlabel (roc, _("False positive rate (1 − specificity)"));
  lab_axes_set_ylabel (roc, _("True positive rate (recall)"));
  lab_axes_set_xlim (roc, 0, 1);
  lab_axes_set_ylim (roc, 0, 1);
  lab_axes_set_grid (roc, TRUE);
  lab_axes_set_legend (roc, TRUE);
  lab_axes_add_abline (roc, _("chance"), 0, 0, 1, &muted);
  if (self->multiclass)
    add_multiclass_curves (self, params, roc, FALSE);
  else
    for (guint i = 0; i < self->n_models; i++)
      {
        const RocModel *m = &self->models[i];
        g_autofree char *label = self->n_models > 1 ? g_strdup_printf ("%s: AUC %.3f", m->name, m->auc)
                                                    : g_strdup_printf ("AUC %.3f", m->auc);

        LabStyle style = lab_style_default (SLOT_MODEL (i));

        style.line_width = 2.2;
        add_roc_curve (roc, m, label, &style);
      }
  if (lab_params_get_enum (params, "goal") == LAB_ROC_GOAL_MIN_COST)
    {
      /* points of equal cost lie on a line of slope (c_FP·N)/(c_FN·P) */
      double slope = lab_params_get_double (params, "cost-fp") * N / (lab_params_get_double (params, "cost-fn") * P);
      LabStyle iso = muted;

      iso.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
      lab_layer_set_dynamic (lab_axes_add_abline (roc, _("iso-cost line"), op.fp / N, op.tp / P, slope, &iso), TRUE);
    }
  lab_layer_set_dynamic (lab_axes_add_marker (roc, _("threshold"), op.fp / N, op.tp / P, &point), TRUE);

  /* precision–recall */
  lab_axes_set_tag (pr, TAG_PR);
  lab_axes_set_title (pr, _("Precision–recall"));
  lab_axes_set_xlabel (pr, _("Recall (true positive rate)"));
  lab_axes_set_ylabel (pr, _("Precision"));
  lab_axes_set_xlim (pr, 0, 1);
  lab_axes_set_ylim (pr, 0, 1.02);
  lab_axes_set_grid (pr, TRUE);
  lab_axes_set_legend (pr, TRUE);
  {
    g_autofree char *label = g_strdup_printf (_("no skill (%.2g)"), P / (P + N));

    lab_axes_add_hline (pr, label, P / (P + N), &muted);
  }
  if (self->multiclass)
    add_multiclass_curves (self, params, pr, TRUE);
  else
    for (guint i = 0; i < self->n_models; i++)
      {
        const RocModel *m = &self->models[i];
        g_autofree char *label = self->n_models > 1 ? g_strdup_printf ("%s: AP %.3f", m->name, m->ap)
                                                    : g_strdup_printf ("AP %.3f", m->ap);

        LabStyle style = lab_style_default (SLOT_MODEL (i));

        style.line_width = 2.2;
        add_pr_curve (pr, m, label, &style);
      }
  if (op.tp + op.fp > 0)
    lab_layer_set_dynamic (lab_axes_add_marker (pr, _("threshold"), op.tp / P, op.tp / (op.tp + op.fp), &point), TRUE);

  /* score distributions of the first model */
  lab_axes_set_tag (dist, TAG_DIST);
  if (self->multiclass)
    {
      g_autofree char *title = g_strdup_printf (_("Scores %s: %s against the rest"),
                                                self->score_names[self->primary], m0->name);

      lab_axes_set_title (dist, title);
    }
  else if (self->n_models > 1)
    {
      g_autofree char *title = g_strdup_printf (_("Scores of %s by true class"), m0->name);

      lab_axes_set_title (dist, title);
    }
  else
    lab_axes_set_title (dist, _("Scores by true class"));
  lab_axes_set_xlabel (dist, _("Score"));
  lab_axes_set_ylabel (dist, _("Density within each class"));
  lab_axes_set_grid (dist, TRUE);
  lab_axes_set_legend (dist, TRUE);
  add_class_bars (dist, _("negatives: TN"), _("negatives: FP"), m0->neg_counts, N,
                  self->hist_lo, self->hist_hi, op.threshold, SLOT_NEGATIVE);
  add_class_bars (dist, _("positives: FN"), _("positives: TP"), m0->pos_counts, P,
                  self->hist_lo, self->hist_hi, op.threshold, SLOT_POSITIVE);
  if (isfinite (op.threshold))
    {
      LabStyle tline = lab_style_default (0);

      tline.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
      tline.line_width = 2.0;
      lab_layer_set_dynamic (lab_axes_add_vline (dist, _("threshold"), op.threshold, &tline), TRUE);
    }

  /* confusion matrix: rows actual (− on top), columns predicted */
  lab_axes_set_tag (conf, TAG_CONFUSION);
  if (self->multiclass)
    {
      g_autofree char *title = g_strdup_printf (_("Confusion matrix: %s against the rest"), m0->name);

      lab_axes_set_title (conf, title);
    }
  else
    lab_axes_set_title (conf, _("Confusion matrix"));
  {
    static const char *xcats[] = { N_("predicted −"), N_("predicted +"), NULL };
    static const char *ycats[] = { N_("actual +"), N_("actual −"), NULL };
    const char *xl[] = { _(xcats[0]), _(xcats[1]), NULL };
    const char *yl[] = { _(ycats[0]), _(ycats[1]), NULL };
    /* row 0 (bottom) = actual +: FN, TP; row 1 (top) = actual −: TN, FP; shaded by row rate */
    double rates[4] = { op.fn / P, op.tp / P, op.tn / N, op.fp / N };
    double counts[4] = { op.fn, op.tp, op.tn, op.fp };
    const char *names[4] = { "FN", "TP", "TN", "FP" };

    lab_axes_set_xcategories (conf, xl);
    lab_axes_set_ycategories (conf, yl);
    lab_axes_set_xlim (conf, -0.5, 1.5);
    lab_axes_set_ylim (conf, -0.5, 1.5);
    lab_layer_set_dynamic (lab_axes_add_heatmap (conf, rates, 2, 2, -0.5, 1.5, -0.5, 1.5, LAB_COLORMAP_BLUES, 0, 1,
                                                 _("rate within the actual class")), TRUE);
    for (guint c = 0; c < 4; c++)
      {
        LabStyle ts = lab_style_default (0);
        g_autofree char *markup = g_strdup_printf ("<b>%s</b>\n%.0f\n<small>%.1f %%</small>",
                                                   names[c], counts[c], 100 * rates[c]);

        {
          LabRGBA tc = lab_colormap_text_color (LAB_COLORMAP_BLUES, rates[c]);

          ts.color = lab_color_rgba (tc.r, tc.g, tc.b, 1);
        }
        lab_layer_set_dynamic (lab_axes_add_text (conf, c % 2, c / 2, markup, LAB_ANCHOR_CENTER, FALSE, &ts), TRUE);
      }
  }

  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

/* The operating point's counts and rates: at the top level for the headline model and in
 * each models[] / classes[] entry (labels only at the top level, for the panel). */
static void
add_operating (LabMetrics     *out,
               const RocModel *m,
               LabParams      *params,
               gboolean        labelled)
{
  double P = (double) m->curve->n_positive, N = (double) m->curve->n_negative;
  Operating op = operating_point (m, params);
  double tpr = op.tp / P, fpr = op.fp / N, tnr = op.tn / N;
  double precision = ratio (op.tp, op.tp + op.fp);
  double mcc_den = sqrt ((op.tp + op.fp) * (op.tp + op.fn) * (op.tn + op.fp) * (op.tn + op.fn));

#define L(text) (labelled ? (text) : NULL)
  lab_metrics_add_int (out, "n_positive", L (_("Positives")), (gint64) P);
  lab_metrics_add_int (out, "n_negative", L (_("Negatives")), (gint64) N);
  lab_metrics_add_double (out, "threshold", L (_("Threshold")), op.threshold);
  lab_metrics_add_int (out, "tp", L (_("True positives")), (gint64) op.tp);
  lab_metrics_add_int (out, "fp", L (_("False positives")), (gint64) op.fp);
  lab_metrics_add_int (out, "tn", L (_("True negatives")), (gint64) op.tn);
  lab_metrics_add_int (out, "fn", L (_("False negatives")), (gint64) op.fn);
  lab_metrics_add_double (out, "tpr", NULL, tpr);
  lab_metrics_add_double (out, "recall", L (_("Recall (sensitivity, TPR)")), tpr);
  lab_metrics_add_double (out, "fpr", L (_("False positive rate")), fpr);
  lab_metrics_add_double (out, "specificity", L (_("Specificity")), tnr);
  lab_metrics_add_double (out, "precision", L (_("Precision")), precision);
  lab_metrics_add_double (out, "f1", L (_("F₁")), f1_of (op.tp, op.fp, op.fn));
  lab_metrics_add_double (out, "accuracy", L (_("Accuracy")), (op.tp + op.tn) / (P + N));
  lab_metrics_add_double (out, "balanced_accuracy", L (_("Balanced accuracy")), (tpr + tnr) / 2);
  lab_metrics_add_double (out, "mcc", L (_("Matthews correlation")),
                          mcc_den > 0 ? (op.tp * op.tn - op.fp * op.fn) / mcc_den : NAN);
  lab_metrics_add_double (out, "youden_j", L (_("Youden's J")), tpr - fpr);
  lab_metrics_add_double (out, "prevalence", NULL, P / (P + N));
#undef L
}

static void
add_model_entries (LabMetrics      *out,
                   const RocResult *self,
                   LabParams       *params,
                   const char      *key)
{
  lab_metrics_begin_array (out, key);
  for (guint i = 0; i < self->n_models; i++)
    {
      const RocModel *m = &self->models[i];

      lab_metrics_begin_object (out, NULL);
      lab_metrics_add_string (out, "name", NULL, m->name);
      if (self->multiclass)
        lab_metrics_add_string (out, "score_column", NULL, self->score_names[i]);
      lab_metrics_add_double (out, "auc", NULL, m->auc);
      lab_metrics_add_double (out, "auc_ci_low", NULL, m->delong.ci_low);
      lab_metrics_add_double (out, "auc_ci_high", NULL, m->delong.ci_high);
      lab_metrics_add_double (out, "average_precision", NULL, m->ap);
      add_operating (out, m, params, FALSE);
      lab_metrics_end (out);
    }
  lab_metrics_end (out);
}

void
roc_metrics (const LabResult *result,
             LabParams       *params,
             LabMetrics      *out)
{
  const RocResult *self = (const RocResult *) result;
  const RocModel *m0 = &self->models[self->primary];

  if (self->multiclass)
    {
      /* the headline: the average chosen, or with average=none positive-label's class */
      static const char *avg_keys[] = { "none", "ovr-macro", "ovr-weighted", "micro" };
      LabRocAverage average = lab_params_get_enum (params, "average");
      g_autofree char *auc_label = average == LAB_ROC_AVERAGE_NONE
        ? g_strdup_printf (_("AUC of %s against the rest"), m0->name)
        : g_strdup_printf (_("AUC, %s"), avg_keys[average]);
      g_autofree char *ap_label = average == LAB_ROC_AVERAGE_NONE
        ? g_strdup_printf (_("Average precision of %s against the rest"), m0->name)
        : g_strdup_printf (_("Average precision, %s"), avg_keys[average]);

      lab_metrics_add_double (out, "auc", auc_label,
                              average == LAB_ROC_AVERAGE_NONE ? m0->auc : self->avg_auc[average - 1]);
      if (average == LAB_ROC_AVERAGE_NONE)
        {
          lab_metrics_add_double (out, "auc_ci_low", _("AUC 95 % CI low (DeLong)"), m0->delong.ci_low);
          lab_metrics_add_double (out, "auc_ci_high", _("AUC 95 % CI high (DeLong)"), m0->delong.ci_high);
        }
      lab_metrics_add_double (out, "average_precision", ap_label,
                              average == LAB_ROC_AVERAGE_NONE ? m0->ap : self->avg_ap[average - 1]);
      lab_metrics_add_string (out, "average", _("Average"), avg_keys[average]);
      lab_metrics_add_int (out, "n_classes", _("Classes"), self->n_models);
      lab_metrics_add_string (out, "selected_class", _("Class shown (positive-label)"), m0->name);
      lab_metrics_add_double (out, "auc_macro", _("AUC, macro-average"), self->avg_auc[0]);
      lab_metrics_add_double (out, "auc_weighted", _("AUC, weighted average"), self->avg_auc[1]);
      lab_metrics_add_double (out, "auc_micro", _("AUC, micro-average"), self->avg_auc[2]);
      lab_metrics_add_double (out, "ap_macro", _("AP, macro-average"), self->avg_ap[0]);
      lab_metrics_add_double (out, "ap_weighted", _("AP, weighted average"), self->avg_ap[1]);
      lab_metrics_add_double (out, "ap_micro", _("AP, micro-average"), self->avg_ap[2]);
      if (self->skip_missing)
        lab_metrics_add_int (out, "rows_skipped", _("Rows skipped (missing values)"), (gint64) self->rows_skipped);
      add_operating (out, m0, params, TRUE);
      for (guint i = 0; i < self->n_models; i++)
        {
          const RocModel *m = &self->models[i];
          g_autofree char *key = g_strdup_printf ("classes.%u", i);
          g_autofree char *label = g_strdup_printf (_("%s against the rest: AUC · AP"), m->name);
          g_autofree char *text = g_strdup_printf ("%.4f · %.4f", m->auc, m->ap);

          lab_metrics_add_display (out, key, label, text);
        }
      add_model_entries (out, self, params, "classes");
      return;
    }

  lab_metrics_add_double (out, "auc", _("AUC"), m0->auc);
  lab_metrics_add_double (out, "auc_ci_low", _("AUC 95 % CI low (DeLong)"), m0->delong.ci_low);
  lab_metrics_add_double (out, "auc_ci_high", _("AUC 95 % CI high (DeLong)"), m0->delong.ci_high);
  if (self->ci_note != NULL)
    lab_metrics_add_string (out, "auc_ci_note", _("AUC 95 % CI"), self->ci_note);
  if (lab_params_get_enum (params, "source") == LAB_ROC_SOURCE_SYNTHETIC
      && lab_params_get_enum (params, "distribution") == LAB_ROC_DISTRIBUTION_BINORMAL)
    {
      double sep = lab_params_get_double (params, "separation"), sdr = lab_params_get_double (params, "sd-ratio");

      /* P(S₊ > S₋) for S₋ ~ N(0, 1), S₊ ~ N(sep, sd²): S₊ − S₋ ~ N(sep, 1 + sd²) */
      lab_metrics_add_double (out, "auc_binormal", _("AUC in theory, Φ(sep / √(1 + sd²))"),
                              gsl_cdf_ugaussian_P (sep / sqrt (1 + sdr * sdr)));
    }
  lab_metrics_add_double (out, "average_precision", _("Average precision"), m0->ap);
  if (self->skip_missing)
    lab_metrics_add_int (out, "rows_skipped", _("Rows skipped (missing values)"), (gint64) self->rows_skipped);
  add_operating (out, m0, params, TRUE);

  if (self->n_models > 1)
    {
      /* every model's AUC and AP in the list, not only in the legend (issue 10.4) */
      for (guint i = 0; i < self->n_models; i++)
        {
          const RocModel *m = &self->models[i];
          g_autofree char *key = g_strdup_printf ("models.%u", i);
          g_autofree char *label = g_strdup_printf (_("%s: AUC · AP"), m->name);
          g_autofree char *text = isnan (m->delong.ci_low)
            ? g_strdup_printf ("%.4f · %.4f", m->auc, m->ap)
            : g_strdup_printf ("%.4f [%.3f, %.3f] · %.4f", m->auc, m->delong.ci_low, m->delong.ci_high, m->ap);

          lab_metrics_add_display (out, key, label, text);
        }
      lab_metrics_add_double (out, "delong_p", _("DeLong p (first two models)"), self->delong_p);
      lab_metrics_add_double (out, "negatives_score_correlation", _("Score correlation A–B (negatives)"),
                              self->negatives_correlation);
      add_model_entries (out, self, params, "models");
      /* DeLong's paired test for every pair of models, from one covariance matrix (Sun & Xu 2014) */
      lab_metrics_begin_array (out, "delong_pairs");
      {
        gsize k = 0;

        for (guint a = 0; a < self->n_models; a++)
          for (guint b = a + 1; b < self->n_models; b++, k++)
            {
              lab_metrics_begin_object (out, NULL);
              lab_metrics_add_string (out, "a", NULL, self->models[a].name);
              lab_metrics_add_string (out, "b", NULL, self->models[b].name);
              lab_metrics_add_double (out, "p", NULL, self->pair_p != NULL ? self->pair_p[k] : NAN);
              lab_metrics_end (out);
            }
      }
      lab_metrics_end (out);
      if (self->n_models > 2)
        {
          gsize k = 0;

          for (guint a = 0; a < self->n_models; a++)
            for (guint b = a + 1; b < self->n_models; b++, k++)
              {
                g_autofree char *key = g_strdup_printf ("delong_pairs.%u", (guint) k);
                g_autofree char *label = g_strdup_printf (_("DeLong p, %s vs %s"), self->models[a].name,
                                                          self->models[b].name);
                g_autofree char *text = g_strdup_printf ("%.4g", self->pair_p != NULL ? self->pair_p[k] : NAN);

                lab_metrics_add_display (out, key, label, text);
              }
        }
    }
}

/* ------------------------------------------------------------------ */
/* interaction */

static gsize
nearest_kept (const RocModel *m,
              GArray         *keep,
              gboolean        pr,
              double          x,
              double          y)
{
  const LabRocCurve *c = m->curve;
  double best_d = INFINITY;
  gsize best = 0;

  for (guint j = 0; j < keep->len; j++)
    {
      gsize k = g_array_index (keep, gsize, j);
      double px, py, d;

      if (pr)
        px = c->tp[k] / (double) c->n_positive, py = c->tp[k] / (c->tp[k] + c->fp[k]);
      else
        px = c->fp[k] / (double) c->n_negative, py = c->tp[k] / (double) c->n_positive;
      d = (px - x) * (px - x) + (py - y) * (py - y);
      if (d < best_d)
        best_d = d, best = k;
    }
  return best;
}

/* Newly opened scores: the threshold kept from the previous data can sit outside
 * the new score range (everything predicted positive); move it to the first
 * model's best-F₁ cut, the goal stays manual so the slider is the user's again. */
gboolean
roc_fit_view (const LabResult *result,
              LabParams       *params)
{
  const RocResult *self = (const RocResult *) result;
  const RocModel *m0 = &self->models[self->primary];
  double threshold;

  if (self->n_models == 0 || m0->curve == NULL || m0->curve->n_points < 2)
    return FALSE;
  threshold = m0->curve->thresholds[m0->best_f1];
  if (!isfinite (threshold))
    return FALSE;
  g_object_freeze_notify (G_OBJECT (params));
  lab_params_set_enum (params, "goal", LAB_ROC_GOAL_MANUAL);
  lab_params_set_double (params, "threshold", threshold);
  g_object_thaw_notify (G_OBJECT (params));
  return TRUE;
}

gboolean
roc_click (const LabResult *result,
           LabParams       *params,
           int              axes_tag,
           double           x,
           double           y)
{
  const RocResult *self = (const RocResult *) result;
  const RocModel *m0 = &self->models[self->primary];
  double threshold;

  switch (axes_tag)
    {
    case TAG_ROC:
      threshold = m0->curve->thresholds[nearest_kept (m0, m0->roc_keep, FALSE, x, y)];
      break;
    case TAG_PR:
      threshold = m0->curve->thresholds[nearest_kept (m0, m0->pr_keep, TRUE, x, y)];
      break;
    case TAG_DIST:
      threshold = x;
      break;
    default:
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (params));
  lab_params_set_enum (params, "goal", LAB_ROC_GOAL_MANUAL);
  lab_params_set_double (params, "threshold", threshold);
  g_object_thaw_notify (G_OBJECT (params));
  return TRUE;
}

gboolean
roc_suggest_range (const LabResult *result,
                   GParamSpec      *pspec,
                   double          *lo,
                   double          *hi)
{
  const RocResult *self = (const RocResult *) result;

  if (!g_str_equal (pspec->name, "threshold"))
    return FALSE;
  *lo = self->hist_lo;
  *hi = self->hist_hi;
  return TRUE;
}
