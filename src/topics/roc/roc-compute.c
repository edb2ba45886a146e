/* roc-compute.c — the ROC topic on the worker: scores → curves, AUC, AP, DeLong, goals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "roc-private.h"

static void
roc_result_finalize (LabResult *result)
{
  RocResult *self = (RocResult *) result;

  for (guint i = 0; i < self->n_models; i++)
    {
      g_free (self->models[i].name);
      g_clear_pointer (&self->models[i].curve, lab_roc_curve_free);
      g_clear_pointer (&self->models[i].roc_keep, g_array_unref);
      g_clear_pointer (&self->models[i].pr_keep, g_array_unref);
      g_clear_pointer (&self->models[i].hull, g_array_unref);
    }
  g_free (self->models);
  g_free (self->source_name);
  g_free (self->ci_note);
}

/* ------------------------------------------------------------------ */
/* compute */

static void
generate (LabParams  *params,
          double    **scores,
          guint       n_models,
          guint8     *labels,
          gsize       n)
{
  g_autoptr(gsl_rng) rng = lab_rng_new ((guint64) lab_params_get_int (params, "seed"));
  LabRocDistribution dist = lab_params_get_enum (params, "distribution");
  double sep = lab_params_get_double (params, "separation");
  double sep_b = lab_params_get_double (params, "separation-b");
  double sdr = lab_params_get_double (params, "sd-ratio");
  double frac = lab_params_get_double (params, "positive-fraction");
  gsize n_pos = (gsize) CLAMP (llround (frac * (double) n), 1, (long long) n - 1);
  const double rho = 0.5;

  /* the first n_pos samples are positive: a fixed prevalence, not a binomial draw */
  for (gsize i = 0; i < n; i++)
    labels[i] = i < n_pos;

  for (gsize i = 0; i < n; i++)
    {
      gboolean pos = labels[i];

      if (dist == LAB_ROC_DISTRIBUTION_BINORMAL)
        {
          double z = lab_rng_gaussian (rng);

          scores[0][i] = pos ? sep + sdr * z : z;
          if (n_models > 1)
            {
              double z2 = rho * z + sqrt (1.0 - rho * rho) * lab_rng_gaussian (rng);

              scores[1][i] = pos ? sep_b + sdr * z2 : z2;
            }
        }
      else if (n_models == 1)
        {
          double a = 2.0, b = 2.0 + 2.0 * sep;

          scores[0][i] = pos ? gsl_ran_beta (rng, b, a) : gsl_ran_beta (rng, a, b);
        }
      else
        {
          /* two models: Beta(a, b) = X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b) independent
           * (a positive's Beta(b, a) = 1 − X/(X + Y)). With a = 2 the models' X share one
           * Gamma(1) of their two: X_A = S + R_A, X_B = S + R_B, so corr(X_A, X_B) = 0.5 as on
           * the binormal's normal scale, and each model's scores keep their beta law exactly. */
          double a = 2.0, b = 2.0 + 2.0 * sep, b2 = 2.0 + 2.0 * sep_b;
          double shared = gsl_ran_gamma (rng, rho * a, 1.0);
          double xa = shared + gsl_ran_gamma (rng, (1 - rho) * a, 1.0);
          double xb = shared + gsl_ran_gamma (rng, (1 - rho) * a, 1.0);
          double ya = gsl_ran_gamma (rng, b, 1.0), yb = gsl_ran_gamma (rng, b2, 1.0);

          scores[0][i] = pos ? ya / (xa + ya) : xa / (xa + ya);
          scores[1][i] = pos ? yb / (xb + yb) : xb / (xb + yb);
        }
    }
}

/* Pearson's correlation of two models' scores over the negatives: how paired their errors
 * are, which is what DeLong's test of the difference accounts for. */
static double
negatives_correlation (const double *a,
                       const double *b,
                       const guint8 *labels,
                       gsize         n)
{
  double ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0, k = 0;

  for (gsize i = 0; i < n; i++)
    if (!labels[i])
      {
        double da, db;

        k += 1;
        da = a[i] - ma;
        db = b[i] - mb;
        ma += da / k;
        mb += db / k;
        saa += da * (a[i] - ma);
        sbb += db * (b[i] - mb);
        sab += da * (b[i] - mb);
      }
  return saa > 0 && sbb > 0 ? sab / sqrt (saa * sbb) : NAN;
}

static void
reduce_curve (RocModel *m)
{
  const LabRocCurve *c = m->curve;
  double P = (double) c->n_positive, N = (double) c->n_negative;
  double lx = -1, ly = -1;

  m->roc_keep = g_array_new (FALSE, FALSE, sizeof (gsize));
  m->pr_keep = g_array_new (FALSE, FALSE, sizeof (gsize));

  /* keep a point when it moves at least 1/4096 from the last one kept: the
   * drawing is exact to a fraction of a pixel, the metrics use the full curve */
  for (gsize k = 0; k < c->n_points; k++)
    {
      double x = c->fp[k] / N, y = c->tp[k] / P;

      if (k == 0 || k == c->n_points - 1 || fabs (x - lx) >= DRAW_EPS || fabs (y - ly) >= DRAW_EPS)
        {
          g_array_append_val (m->roc_keep, k);
          lx = x, ly = y;
        }
    }

  lx = -1, ly = -1;
  for (gsize k = 1; k < c->n_points; k++)
    {
      double r = c->tp[k] / P, p = c->tp[k] / (c->tp[k] + c->fp[k]);

      if (k == 1 || k == c->n_points - 1 || fabs (r - lx) >= DRAW_EPS || fabs (p - ly) >= DRAW_EPS)
        {
          g_array_append_val (m->pr_keep, k);
          lx = r, ly = p;
        }
    }
}

static void
histogram (const double *x,
           const guint8 *labels,
           gsize         n,
           double        lo,
           double        hi,
           double       *neg,
           double       *pos)
{
  double scale = N_BINS / (hi - lo);

  memset (neg, 0, N_BINS * sizeof (double));
  memset (pos, 0, N_BINS * sizeof (double));
  for (gsize i = 0; i < n; i++)
    {
      long b = (long) ((x[i] - lo) * scale);

      b = CLAMP (b, 0, N_BINS - 1);
      if (labels[i])
        pos[b] += 1;
      else
        neg[b] += 1;
    }
}

/* The points the goals choose among, found once per curve. A linear cost
 * c_FP·FP + c_FN·FN is least at a vertex (or along an edge) of the ROC's upper
 * convex hull, so min-cost later scans the hull only; counts are exact in doubles,
 * so the cross products are exact and collinear points are kept for the tie rule
 * "the first point in threshold order wins". */
static void
prepare_goals (RocModel *m)
{
  const LabRocCurve *c = m->curve;
  double P = (double) c->n_positive, N = (double) c->n_negative;
  double best_f1 = -1, best_j = -2;

  m->best_f1 = 0;
  m->best_youden = 0;
  for (gsize k = 0; k < c->n_points; k++)
    {
      double j = c->tp[k] / P - c->fp[k] / N;

      if (k >= 1)
        {
          double f1 = f1_of (c->tp[k], c->fp[k], P - c->tp[k]);

          if (f1 > best_f1)
            best_f1 = f1, m->best_f1 = k;
        }
      if (j > best_j)
        best_j = j, m->best_youden = k;
    }

  m->hull = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (gsize k = 0; k < c->n_points; k++)
    {
      while (m->hull->len >= 2)
        {
          gsize a = g_array_index (m->hull, gsize, m->hull->len - 2);
          gsize b = g_array_index (m->hull, gsize, m->hull->len - 1);
          double cross = (c->fp[b] - c->fp[a]) * (c->tp[k] - c->tp[a])
                         - (c->tp[b] - c->tp[a]) * (c->fp[k] - c->fp[a]);

          /* b lies strictly below the segment a–k: not on the upper hull */
          if (cross > 0)
            g_array_set_size (m->hull, m->hull->len - 1);
          else
            break;
        }
      g_array_append_val (m->hull, k);
    }
}

LabResult *
roc_compute (LabParams     *params,
             LabDataset    *data,
             LabProgress   *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (RocResult), roc_result_finalize);
  RocResult *self = (RocResult *) result;
  g_autofree guint8 *labels = NULL;
  g_autofree double **scores = NULL;
  g_autofree double *owned = NULL;   /* synthetic scores, or the rows skip-missing kept */
  g_autofree guint *cols = NULL;     /* data: the score columns, then the label column */
  g_autofree guint8 *keep = NULL;    /* skip-missing: the rows used */
  g_autofree LabRocDelong *delong = NULL;
  gsize n_pos_total = 0;
  g_auto(GStrv) names = NULL;
  gsize n;
  guint n_models;

  self->delong_p = NAN;
  self->negatives_correlation = NAN;

  if (lab_params_get_enum (params, "source") == LAB_ROC_SOURCE_DATA)
    {
      int label_col;

      if (data == NULL)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
          return NULL;
        }
      label_col = lab_topic_find_column (data, "label-column", lab_params_get_string (params, "label-column"), error);
      if (label_col < 0)
        return NULL;

      names = g_strsplit (lab_params_get_string (params, "score-column"), ",", -1);
      n_models = g_strv_length (names);
      if (n_models == 0 || n_models > 8)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("score-column: name between 1 and 8 columns, separated by commas"));
          return NULL;
        }
      scores = g_new0 (double *, n_models);
      cols = g_new (guint, n_models + 1);
      for (guint m = 0; m < n_models; m++)
        {
          int col;

          g_strstrip (names[m]);
          col = lab_topic_find_column (data, "score-column", names[m], error);
          if (col < 0)
            return NULL;
          cols[m] = (guint) col;
        }
      cols[n_models] = (guint) label_col;
      n = lab_dataset_get_n_rows (data);
      self->source_name = g_strdup (lab_dataset_get_name (data));
      /* skip-missing: the rows where the label and every score are present, in order */
      if (lab_params_get_boolean (params, "skip-missing"))
        {
          self->skip_missing = TRUE;
          keep = lab_columns_complete_rows (data, cols, n_models + 1, &self->rows_skipped);
          n -= self->rows_skipped;
          if (n == 0)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                           _("%s: skip-missing left no rows: each of the %zu rows misses the label or a score"),
                           self->source_name, self->rows_skipped);
              return NULL;
            }
          owned = g_new (double, n * n_models);
        }
      for (guint m = 0; m < n_models; m++)
        {
          if (keep != NULL)
            {
              g_autofree double *kept = lab_columns_dup_finite (data, cols[m], keep, "score column", error);

              if (kept == NULL)
                return NULL;
              scores[m] = owned + m * n;
              memcpy (scores[m], kept, n * sizeof (double));
            }
          else
            {
              if (lab_columns_get_finite (data, cols[m], "score column", error) == NULL)
                return NULL;
              scores[m] = (double *) lab_dataset_get_numbers (data, cols[m]);
            }
        }
      labels = lab_columns_get_binary_labels_kept (data, cols[n_models],
                                                   lab_params_get_string (params, "positive-label"), keep, error);
      if (labels == NULL)
        return NULL;
    }
  else
    {
      n = (gsize) lab_params_get_int (params, "n");
      n_models = lab_params_get_boolean (params, "compare") ? 2 : 1;
      names = g_new0 (char *, 3);
      names[0] = g_strdup (n_models > 1 ? _("model A") : _("model"));
      if (n_models > 1)
        names[1] = g_strdup (_("model B"));
      owned = g_new (double, n * n_models);
      scores = g_new0 (double *, n_models);
      for (guint m = 0; m < n_models; m++)
        scores[m] = owned + m * n;
      labels = g_new (guint8, n);
      generate (params, scores, n_models, labels, n);
      self->source_name = g_strdup (_("simulated"));
    }
  lab_progress_set (progress, 0.2);

  {
    gsize n_pos = 0;

    for (gsize i = 0; i < n; i++)
      n_pos += labels[i];
    n_pos_total = n_pos;
    if (n_pos == 0 || n_pos == n)
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                     _("%s: only one class present: all %lu samples are %s; "
                       "ROC and precision–recall need positives and negatives"),
                     self->source_name, (unsigned long) n, n_pos ? _("positive") : _("negative"));
        return NULL;
      }
  }

  self->n_models = n_models;
  self->models = g_new0 (RocModel, n_models);
  for (guint m = 0; m < n_models; m++)
    {
      RocModel *model = &self->models[m];

      model->name = g_strdup (names[m]);
      model->curve = lab_roc_curve_new (scores[m], labels, n, cancellable, error);
      if (model->curve == NULL)
        return NULL;
      model->auc = lab_roc_curve_auc (model->curve);
      model->ap = lab_roc_curve_average_precision (model->curve);
      model->score_max = model->curve->thresholds[1];
      model->score_min = model->curve->thresholds[model->curve->n_points - 1];
      reduce_curve (model);
      prepare_goals (model);
      lab_progress_set (progress, 0.2 + 0.4 * (m + 1) / n_models);
    }

  delong = g_new0 (LabRocDelong, n_models);
  if (n_pos_total < 2 || n - n_pos_total < 2)
    {
      /* a tiny data set still has its curves, AUC and AP; only DeLong's variance needs two
       * samples of each class: the interval (and the paired test) are undefined, and say why */
      self->ci_note = g_strdup_printf (_("undefined: DeLong’s variance needs at least two samples of each "
                                         "class, found %lu positive and %lu negative"),
                                       (unsigned long) n_pos_total, (unsigned long) (n - n_pos_total));
      for (guint m = 0; m < n_models; m++)
        {
          delong[m].auc = self->models[m].auc;
          delong[m].variance = delong[m].ci_low = delong[m].ci_high = NAN;
        }
    }
  else if (n_models == 1)
    {
      /* one model: from its curve, without sorting the scores again */
      if (!lab_roc_curve_delong (self->models[0].curve, &delong[0], error))
        return NULL;
    }
  else if (!lab_roc_delong ((const double * const *) scores, n_models, labels, n, delong,
                            &self->delong_p, cancellable, error))
    return NULL;
  for (guint m = 0; m < n_models; m++)
    self->models[m].delong = delong[m];
  if (n_models > 1)
    self->negatives_correlation = negatives_correlation (scores[0], scores[1], labels, n);
  lab_progress_set (progress, 0.9);

  self->hist_lo = self->models[0].score_min;
  self->hist_hi = self->models[0].score_max;
  if (!(self->hist_hi > self->hist_lo))
    self->hist_lo -= 0.5, self->hist_hi += 0.5;
  for (guint m = 0; m < n_models; m++)
    histogram (scores[m], labels, n, self->hist_lo, self->hist_hi,
               self->models[m].neg_counts, self->models[m].pos_counts);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}
