/* roc-compute.c — the ROC topic on the worker: scores → curves, AUC, AP, DeLong, goals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "roc-private.h"

void
roc_model_clear (RocModel *m)
{
  g_clear_pointer (&m->name, g_free);
  g_clear_pointer (&m->curve, lab_roc_curve_free);
  g_clear_pointer (&m->roc_keep, g_array_unref);
  g_clear_pointer (&m->pr_keep, g_array_unref);
  g_clear_pointer (&m->hull, g_array_unref);
}

static void
roc_result_finalize (LabResult *result)
{
  RocResult *self = (RocResult *) result;

  for (guint i = 0; i < self->n_models; i++)
    roc_model_clear (&self->models[i]);
  g_free (self->models);
  if (self->micro != NULL)
    roc_model_clear (self->micro);
  g_free (self->micro);
  g_free (self->pair_p);
  g_strfreev (self->score_names);
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

/* The histograms of the two classes' scores over [lo, hi], from the curve: its point k
 * holds the tp[k] − tp[k−1] positives and fp[k] − fp[k−1] negatives scoring exactly
 * thresholds[k], so the counts are those of a pass over the samples (whole numbers,
 * exact in doubles) from a pass over the distinct scores, in order, without the labels. */
static void
histogram (const LabRocCurve *c,
           double             lo,
           double             hi,
           double            *neg,
           double            *pos)
{
  double scale = N_BINS / (hi - lo);

  memset (neg, 0, N_BINS * sizeof (double));
  memset (pos, 0, N_BINS * sizeof (double));
  for (gsize k = 1; k < c->n_points; k++)
    {
      long b = (long) ((c->thresholds[k] - lo) * scale);

      b = CLAMP (b, 0, N_BINS - 1);
      pos[b] += c->tp[k] - c->tp[k - 1];
      neg[b] += c->fp[k] - c->fp[k - 1];
    }
}

/* The points the goals choose among, found once per curve in one pass. A linear cost
 * c_FP·FP + c_FN·FN is least at a vertex (or along an edge) of the ROC's upper
 * convex hull, so min-cost later scans the hull only; counts are exact in doubles,
 * so the cross products are exact and collinear points are kept for the tie rule
 * "the first point in threshold order wins". The hull is built on a plain array
 * (a GArray's calls per point were most of the time at 10M scores). */
static void
prepare_goals (RocModel *m)
{
  const LabRocCurve *c = m->curve;
  const double *tp = c->tp, *fp = c->fp;
  double P = (double) c->n_positive, N = (double) c->n_negative;
  double best_f1 = -1, best_j = -2;
  gsize best_f1_k = 0, best_j_k = 0, len = 0, capacity = 1024;
  g_autofree gsize *hull = g_new (gsize, capacity);

  for (gsize k = 0; k < c->n_points; k++)
    {
      double tk = tp[k], fk = fp[k];
      double j = tk / P - fk / N;

      if (k >= 1)
        {
          double f1 = f1_of (tk, fk, P - tk);

          if (f1 > best_f1)
            best_f1 = f1, best_f1_k = k;
        }
      if (j > best_j)
        best_j = j, best_j_k = k;

      while (len >= 2)
        {
          gsize a = hull[len - 2], b = hull[len - 1];
          double cross = (fp[b] - fp[a]) * (tk - tp[a]) - (tp[b] - tp[a]) * (fk - fp[a]);

          /* b lies strictly below the segment a–k: not on the upper hull */
          if (cross > 0)
            len--;
          else
            break;
        }
      if (G_UNLIKELY (len == capacity))
        hull = g_renew (gsize, hull, capacity *= 2);
      hull[len++] = k;
    }
  m->best_f1 = best_f1_k;
  m->best_youden = best_j_k;
  m->hull = g_array_sized_new (FALSE, FALSE, sizeof (gsize), (guint) len);
  g_array_append_vals (m->hull, hull, (guint) len);
}

static gpointer
prepare_goals_thread (gpointer model)
{
  prepare_goals (model);
  return NULL;
}

/* AUC, AP, the curves reduced for drawing and the goals of @m, whose curve is made. From
 * GOALS_THREAD_MIN points on the goals (the hull's pass, a third of this) run on a second
 * thread meanwhile: they write only best_f1, best_youden and hull. */
#define GOALS_THREAD_MIN  ((gsize) 1 << 18)

static void
finish_model (RocModel *m)
{
  GThread *goals = NULL;

  if (m->curve->n_points >= GOALS_THREAD_MIN && g_get_num_processors () > 1)
    goals = g_thread_try_new ("roc-goals", prepare_goals_thread, m, NULL);
  m->auc = lab_roc_curve_auc (m->curve);
  m->ap = lab_roc_curve_average_precision (m->curve);
  m->score_max = m->curve->thresholds[1];
  m->score_min = m->curve->thresholds[m->curve->n_points - 1];
  reduce_curve (m);
  if (goals != NULL)
    g_thread_join (goals);
  else
    prepare_goals (m);
}

/* One score column per class (predict_proba's output), a label with 3 to 20 classes:
 * each class against the rest, as sklearn's label_binarize + roc_auc_score(average=None);
 * macro and weighted averages of the per-class AUC and AP (weights: class sizes), and the
 * micro-average, the one curve over all n·K (sample, class) pairs. */
static gboolean
compute_multiclass (RocResult      *self,
                    LabParams      *params,
                    double        **scores,
                    char          **score_names,
                    const guint8   *classes,
                    char          **class_names,
                    guint           n_classes,
                    gsize           n,
                    LabProgress    *progress,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autofree guint8 *labels = g_new (guint8, n);
  g_autofree double *flat = NULL;
  g_autofree guint8 *flat_labels = NULL;
  const char *positive = lab_params_get_string (params, "positive-label");
  double sum_auc = 0, sum_ap = 0, w_auc = 0, w_ap = 0;

  self->multiclass = TRUE;
  self->n_models = n_classes;
  self->models = g_new0 (RocModel, n_classes);
  self->score_names = g_new0 (char *, n_classes + 1);
  self->primary = 0;
  for (guint c = 0; c < n_classes; c++)
    if (g_strcmp0 (class_names[c], positive) == 0)
      self->primary = c;

  for (guint c = 0; c < n_classes; c++)
    {
      RocModel *model = &self->models[c];
      gsize n_pos = 0;

      for (gsize i = 0; i < n; i++)
        n_pos += labels[i] = classes[i] == c;
      model->name = g_strdup (class_names[c]);
      self->score_names[c] = g_strdup (score_names[c]);
      model->curve = lab_roc_curve_new (scores[c], labels, n, cancellable, error);
      if (model->curve == NULL)
        return FALSE;
      finish_model (model);
      if (n_pos >= 2 && n - n_pos >= 2)
        {
          if (!lab_roc_curve_delong (model->curve, &model->delong, error))
            return FALSE;
        }
      else
        {
          model->delong.auc = model->auc;
          model->delong.variance = model->delong.ci_low = model->delong.ci_high = NAN;
        }
      sum_auc += model->auc;
      sum_ap += model->ap;
      w_auc += (double) n_pos * model->auc;
      w_ap += (double) n_pos * model->ap;
      lab_progress_set (progress, 0.2 + 0.5 * (c + 1) / n_classes);
    }
  self->avg_auc[0] = sum_auc / n_classes;
  self->avg_ap[0] = sum_ap / n_classes;
  self->avg_auc[1] = w_auc / (double) n;
  self->avg_ap[1] = w_ap / (double) n;

  /* micro: row-major flattening, as sklearn's ravel of the binarised labels and the scores */
  flat = g_new (double, n * n_classes);
  flat_labels = g_new (guint8, n * n_classes);
  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < n_classes; c++)
      {
        flat[i * n_classes + c] = scores[c][i];
        flat_labels[i * n_classes + c] = classes[i] == c;
      }
  self->micro = g_new0 (RocModel, 1);
  self->micro->name = g_strdup (_("micro-average"));
  self->micro->curve = lab_roc_curve_new (flat, flat_labels, n * n_classes, cancellable, error);
  if (self->micro->curve == NULL)
    return FALSE;
  self->micro->auc = self->avg_auc[2] = lab_roc_curve_auc (self->micro->curve);
  self->micro->ap = self->avg_ap[2] = lab_roc_curve_average_precision (self->micro->curve);
  reduce_curve (self->micro);
  lab_progress_set (progress, 0.8);

  {
    const RocModel *p = &self->models[self->primary];

    self->hist_lo = p->score_min;
    self->hist_hi = p->score_max;
    if (!(self->hist_hi > self->hist_lo))
      self->hist_lo -= 0.5, self->hist_hi += 0.5;
  }
  for (guint c = 0; c < n_classes; c++)
    {
      histogram (self->models[c].curve, self->hist_lo, self->hist_hi,
                 self->models[c].neg_counts, self->models[c].pos_counts);
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
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
      if (n_models == 0 || n_models > MAX_CLASSES)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("score-column: name between 1 and %u columns, separated by commas (models to "
                         "compare, or one per class), found %u"), MAX_CLASSES, n_models);
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
      if (n_models >= 2)
        {
          /* several score columns and a label of 3 or more classes: one column per class */
          g_auto(GStrv) class_names = NULL;
          guint n_classes = 0;
          g_autofree guint8 *classes = lab_columns_get_classes_kept (data, cols[n_models], keep, MAX_CLASSES,
                                                                     &n_classes, &class_names, error);

          if (classes == NULL && (error == NULL || *error == NULL))
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("label-column: “%s” holds %u distinct values; ROC takes 2 classes, or 3 to %u "
                             "with one score column per class"),
                           lab_dataset_get_column_name (data, cols[n_models]), n_classes, MAX_CLASSES);
              return NULL;
            }
          if (classes == NULL)
            return NULL;
          if (n_classes >= 3)
            {
              if (n_classes != n_models)
                {
                  g_autofree char *list = g_strjoinv (", ", class_names);

                  g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                               _("score-column: label column “%s” has %u classes (%s): name %u score columns, "
                                 "one per class in that order, found %u (to compare models of one class "
                                 "against the rest, use a 0/1 label column)"),
                               lab_dataset_get_column_name (data, cols[n_models]), n_classes, list,
                               n_classes, n_models);
                  return NULL;
                }
              if (!compute_multiclass (self, params, scores, names, classes, class_names, n_classes, n,
                                       progress, cancellable, error))
                return NULL;
              lab_progress_set (progress, 1.0);
              return g_steal_pointer (&result);
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
      /* one model: nothing below reads the labels, which the curve frees once read (the
       * 10M-row job's peak of memory is the curve's end) */
      if (n_models == 1)
        model->curve = lab_roc_curve_new_take_labels (scores[m], g_steal_pointer (&labels), n,
                                                      cancellable, error);
      else
        model->curve = lab_roc_curve_new (scores[m], labels, n, cancellable, error);
      if (model->curve == NULL)
        return NULL;
      finish_model (model);
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
  else
    {
      self->pair_p = g_new (double, (gsize) n_models * (n_models - 1) / 2);
      if (!lab_roc_delong_pairs ((const double * const *) scores, n_models, labels, n, delong,
                                 self->pair_p, cancellable, error))
        return NULL;
      self->delong_p = self->pair_p[0];
    }
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
    histogram (self->models[m].curve, self->hist_lo, self->hist_hi,
               self->models[m].neg_counts, self->models[m].pos_counts);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}
