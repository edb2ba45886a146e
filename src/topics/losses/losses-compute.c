/* losses-compute.c — the losses topic on the worker: curves, data, one trained model per loss
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "losses-private.h"

static void
losses_result_finalize (LabResult *result)
{
  LossesResult *self = (LossesResult *) result;

  for (guint m = 0; m < N_TRAINED; m++)
    {
      g_free (self->models[m].bx);
      g_free (self->models[m].by);
    }
  g_clear_pointer (&self->points, lab_points_free);
  g_free (self->train);
  g_free (self->test);
  g_free (self->source_name);
}

void
losses_read_loss_params (LabParams     *params,
                         LabLossParams *lp)
{
  lab_loss_params_init (lp);
  lp->alpha = lab_params_get_double (params, "alpha");
  lp->gamma = lab_params_get_double (params, "gamma");
  lp->gamma_pos = lab_params_get_double (params, "gamma-pos");
  lp->gamma_neg = lab_params_get_double (params, "gamma-neg");
  lp->clip = lab_params_get_double (params, "clip");
}

double
losses_curve_eval (Curve                curve,
                   const LabLossParams *lp,
                   double               p,
                   double              *dz)
{
  static const LabLoss kinds[N_CURVES] = {
    LAB_LOSS_CE, LAB_LOSS_WEIGHTED_CE, LAB_LOSS_FOCAL, LAB_LOSS_ASL, LAB_LOSS_ASL,
    LAB_LOSS_SQUARED, LAB_LOSS_HINGE,
  };
  /* the logit of the true class, exact at both ends: logit(1 − p) = −logit(p) */
  double z = lab_logit (p);

  if (curve == CURVE_ASL_NEG)
    return lab_loss_binary (LAB_LOSS_ASL, lp, -z, FALSE, dz);
  return lab_loss_binary (kinds[curve], lp, z, TRUE, dz);
}

/* ------------------------------------------------------------------ */
/* data */

static LabPoints *
load_points (LabParams    *params,
             LabDataset   *data,
             char        **source_name,
             GError      **error)
{
  if (lab_params_get_enum (params, "source") == LAB_LOSSES_SOURCE_SYNTHETIC)
    {
      LabSynthOptions o = {
        .kind = lab_params_get_enum (params, "dataset"),
        .n = (guint) lab_params_get_int (params, "n"),
        .classes = (guint) lab_params_get_int (params, "classes"),
        .noise = lab_params_get_double (params, "noise"),
        .ratio = lab_params_get_double (params, "ratio"),
        .seed = (guint64) lab_params_get_int (params, "seed"),
      };

      *source_name = g_strdup (lab_synth_kind_to_string (o.kind));
      return lab_points_synthesize (&o, error);
    }
  else
    {
      LabPoints *points = lab_columns_get_points (params, data, 2, 2, error);

      if (points != NULL)
        *source_name = g_strdup (lab_dataset_get_name (data));
      return points;
    }
}

/* ------------------------------------------------------------------ */
/* the region a linear model predicts as the minority class */

typedef struct { double x, y; } Pt;

/* Keeps the part of @poly where a + b·x + c·y ≥ 0 (Sutherland–Hodgman, one edge). */
static GArray *
clip_halfplane (GArray *poly,
                double  a,
                double  b,
                double  c)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Pt));

  for (guint i = 0; i < poly->len; i++)
    {
      Pt p = g_array_index (poly, Pt, i);
      Pt q = g_array_index (poly, Pt, (i + 1) % poly->len);
      double fp = a + b * p.x + c * p.y, fq = a + b * q.x + c * q.y;

      if (fp >= 0)
        g_array_append_val (out, p);
      if ((fp >= 0) != (fq >= 0))
        {
          double t = fp / (fp - fq);
          Pt r = { p.x + t * (q.x - p.x), p.y + t * (q.y - p.y) };
          g_array_append_val (out, r);
        }
    }
  g_array_unref (poly);
  return out;
}

static gboolean
on_box_side (const double *box, Pt p, Pt q)
{
  double tol = 1e-9 * (box[1] - box[0] + box[3] - box[2]);

  return (fabs (p.x - box[0]) < tol && fabs (q.x - box[0]) < tol)
         || (fabs (p.x - box[1]) < tol && fabs (q.x - box[1]) < tol)
         || (fabs (p.y - box[2]) < tol && fabs (q.y - box[2]) < tol)
         || (fabs (p.y - box[3]) < tol && fabs (q.y - box[3]) < tol);
}

/* The outline of {x in box : the minority's logit is the largest} without the box's own
 * edges: NaN-separated polylines. */
static void
minority_outline (Trained      *t,
                  guint         minority,
                  const double *box)
{
  GArray *poly = g_array_new (FALSE, FALSE, sizeof (Pt));
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  const Pt corners[4] = { { box[0], box[2] }, { box[1], box[2] }, { box[1], box[3] }, { box[0], box[3] } };
  gboolean open = FALSE;

  g_array_append_vals (poly, corners, 4);
  if (t->n_outputs == 1)
    poly = clip_halfplane (poly, t->w[0][0], t->w[0][1], t->w[0][2]);
  else
    for (guint c = 0; c < t->n_outputs && poly->len > 0; c++)
      if (c != minority)
        poly = clip_halfplane (poly, t->w[minority][0] - t->w[c][0], t->w[minority][1] - t->w[c][1],
                               t->w[minority][2] - t->w[c][2]);

  for (guint i = 0; i < poly->len && poly->len >= 3; i++)
    {
      Pt p = g_array_index (poly, Pt, i);
      Pt q = g_array_index (poly, Pt, (i + 1) % poly->len);
      const double nan = NAN;

      if (on_box_side (box, p, q))
        {
          if (open)
            {
              g_array_append_val (xs, nan);
              g_array_append_val (ys, nan);
            }
          open = FALSE;
          continue;
        }
      if (!open)
        {
          g_array_append_val (xs, p.x);
          g_array_append_val (ys, p.y);
        }
      g_array_append_val (xs, q.x);
      g_array_append_val (ys, q.y);
      open = TRUE;
    }
  g_array_unref (poly);
  t->nb = xs->len;
  t->bx = (double *) g_array_free (g_steal_pointer (&xs), FALSE);
  t->by = (double *) g_array_free (g_steal_pointer (&ys), FALSE);
}

/* ------------------------------------------------------------------ */
/* compute */

LabResult *
losses_compute (LabParams     *params,
                LabDataset    *data,
                LabProgress   *progress,
                GCancellable  *cancellable,
                GError       **error)
{
  static const LabLoss trained[N_TRAINED] = {
    LAB_LOSS_CE, LAB_LOSS_WEIGHTED_CE, LAB_LOSS_FOCAL, LAB_LOSS_ASL, LAB_LOSS_BALANCED,
  };
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (LossesResult), losses_result_finalize);
  LossesResult *self = (LossesResult *) result;
  const LabPoints *pts;
  guint k, n_out, *eval_rows, n_eval;
  double mean[2] = { 0, 0 }, sd[2] = { 0, 0 };
  double class_weight[LAB_POINTS_MAX_CLASSES], log_prior[LAB_POINTS_MAX_CLASSES];
  g_autofree double *xs = NULL;
  g_autofree guint *ys = NULL;
  g_autofree double *xe = NULL;
  double lr = lab_params_get_double (params, "learning-rate");
  guint steps = (guint) lab_params_get_int (params, "steps");

  /* the curves */
  losses_read_loss_params (params, &self->lp);
  for (guint i = 0; i < N_CURVE_POINTS; i++)
    {
      /* p from 1e-3 to 1 − 1e-3, denser towards both ends where the losses bend */
      double u = (double) i / (N_CURVE_POINTS - 1);
      self->p[i] = 1e-3 + (1 - 2e-3) * (0.5 - 0.5 * cos (G_PI * u));
      for (guint c = 0; c < N_CURVES; c++)
        {
          double dz;
          self->loss[c][i] = losses_curve_eval (c, &self->lp, self->p[i], &dz);
          self->grad[c][i] = fabs (dz);
        }
    }

  /* the points, split, standardised */
  self->points = load_points (params, data, &self->source_name, error);
  if (self->points == NULL)
    return NULL;
  pts = self->points;
  k = pts->n_classes;
  lab_points_split (pts, lab_params_get_double (params, "test-fraction"),
                    (guint64) lab_params_get_int (params, "seed"),
                    &self->train, &self->n_train, &self->test, &self->n_test);
  for (guint i = 0; i < self->n_train; i++)
    self->counts[pts->y[self->train[i]]]++;
  self->minority = 0;
  for (guint c = 0; c < k; c++)
    {
      if (self->counts[c] == 0)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                       _("%s: class “%s” has no training points (%u rows in all): "
                         "lower ratio or test-fraction, or raise n"),
                       self->source_name, pts->class_names[c], pts->n);
          return NULL;
        }
      if (self->counts[c] <= self->counts[self->minority])
        self->minority = c;
    }

  self->box[0] = self->box[2] = INFINITY;
  self->box[1] = self->box[3] = -INFINITY;
  for (guint i = 0; i < pts->n; i++)
    {
      self->box[0] = MIN (self->box[0], pts->x[2 * i]);
      self->box[1] = MAX (self->box[1], pts->x[2 * i]);
      self->box[2] = MIN (self->box[2], pts->x[2 * i + 1]);
      self->box[3] = MAX (self->box[3], pts->x[2 * i + 1]);
    }
  for (guint j = 0; j < 2; j++)
    {
      double span = self->box[2 * j + 1] - self->box[2 * j];
      double pad = span > 0 ? 0.06 * span : 1;
      self->box[2 * j] -= pad;
      self->box[2 * j + 1] += pad;
    }

  /* standardise with the training rows' mean and sd: one learning rate suits every data set */
  for (guint i = 0; i < self->n_train; i++)
    for (guint j = 0; j < 2; j++)
      mean[j] += pts->x[2 * self->train[i] + j] / self->n_train;
  for (guint i = 0; i < self->n_train; i++)
    for (guint j = 0; j < 2; j++)
      sd[j] += pow (pts->x[2 * self->train[i] + j] - mean[j], 2) / self->n_train;
  for (guint j = 0; j < 2; j++)
    sd[j] = sd[j] > 0 ? sqrt (sd[j]) : 1;

  xs = g_new (double, 2 * (gsize) self->n_train);
  ys = g_new (guint, self->n_train);
  for (guint i = 0; i < self->n_train; i++)
    {
      guint r = self->train[i];
      for (guint j = 0; j < 2; j++)
        xs[2 * i + j] = (pts->x[2 * r + j] - mean[j]) / sd[j];
      /* binary: the minority is the positive class, whatever its index */
      ys[i] = k == 2 ? pts->y[r] == self->minority : pts->y[r];
    }
  for (guint c = 0; c < k; c++)
    {
      class_weight[c] = (double) self->n_train / (k * self->counts[c]);
      log_prior[c] = log ((double) self->counts[c] / self->n_train);
    }

  eval_rows = self->n_test > 0 ? self->test : self->train;
  n_eval = self->n_test > 0 ? self->n_test : self->n_train;
  xe = g_new (double, 2 * (gsize) n_eval);
  for (guint i = 0; i < n_eval; i++)
    for (guint j = 0; j < 2; j++)
      xe[2 * i + j] = (pts->x[2 * eval_rows[i] + j] - mean[j]) / sd[j];

  for (guint m = 0; m < N_TRAINED; m++)
    {
      Trained *t = &self->models[m];
      g_autoptr(LabLinearModel) model = lab_linear_model_new (2, k);
      LabLossParams lp = self->lp;
      g_autofree double *trace = g_new (double, steps + 1);
      guint true_n[LAB_POINTS_MAX_CLASSES] = { 0 }, right[LAB_POINTS_MAX_CLASSES] = { 0 };
      double ba = 0;
      guint correct = 0;
      g_autoptr(GError) local = NULL;

      t->loss = trained[m];
      if (k == 2)
        lp.log_prior_ratio = log_prior[self->minority] - log_prior[1 - self->minority];
      lp.class_weight = class_weight;
      lp.log_prior = log_prior;
      if (!lab_linear_model_train (model, t->loss, &lp, xs, ys, self->n_train, lr, steps, trace,
                                   cancellable, &local))
        {
          if (g_error_matches (local, LAB_ERROR, LAB_ERROR_NUMERIC))
            g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC, _("%s: %s (learning-rate is %g)"),
                         lab_loss_to_string (t->loss), local->message, lr);
          else
            g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      t->final_loss = trace[steps];

      /* weights in the data's units: z = b + Σ w_j (x_j − μ_j)/σ_j */
      n_out = model->n_outputs;
      t->n_outputs = n_out;
      for (guint o = 0; o < n_out; o++)
        {
          const double *w = model->w + 3 * o;
          t->w[o][1] = w[1] / sd[0];
          t->w[o][2] = w[2] / sd[1];
          t->w[o][0] = w[0] - w[1] * mean[0] / sd[0] - w[2] * mean[1] / sd[1];
        }

      /* scores on the evaluation rows */
      for (guint i = 0; i < n_eval; i++)
        {
          guint truth = pts->y[eval_rows[i]];
          guint pred = lab_linear_model_predict (model, xe + 2 * i);

          if (k == 2)
            pred = pred == 1 ? self->minority : 1 - self->minority;
          true_n[truth]++;
          if (pred == truth)
            right[truth]++, correct++;
          if (truth == self->minority && pred == self->minority)
            t->tp++;
          else if (pred == self->minority)
            t->fp++;
          else if (truth == self->minority)
            t->fn++;
        }
      {
        guint present = 0;
        for (guint c = 0; c < k; c++)
          if (true_n[c] > 0)
            ba += (double) right[c] / true_n[c], present++;
        t->balanced_accuracy = present > 0 ? ba / present : NAN;
      }
      t->accuracy = (double) correct / n_eval;
      t->minority_recall = t->tp + t->fn > 0 ? (double) t->tp / (t->tp + t->fn) : NAN;
      t->minority_precision = t->tp + t->fp > 0 ? (double) t->tp / (t->tp + t->fp) : NAN;
      t->f1 = 2 * t->tp + t->fp + t->fn > 0 ? 2.0 * t->tp / (2 * t->tp + t->fp + t->fn) : NAN;

      minority_outline (t, k == 2 ? 0 : self->minority, self->box);
      lab_progress_set (progress, (m + 1.0) / N_TRAINED);
    }
  return g_steal_pointer (&result);
}
