/* classifiers-compute.c — the classifiers topic's worker: data, fits, grids, paths, curves
 *
 * Worker thread only: everything here reads the parameter snapshot and writes a new result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-rng.h"

#include "classifiers-private.h"

static void
cls_result_finalize (LabResult *result)
{
  ClsResult *self = (ClsResult *) result;

  lab_points_free (self->points);
  g_free (self->source_name);
  g_free (self->train);
  g_free (self->test);
  g_free (self->fixed);
  g_strfreev (self->design_names);
  lab_scaler_free (self->scaler);
  for (guint m = 0; m < self->n_fits; m++)
    {
      lab_logistic_free (self->fits[m].lr);
      lab_gaussian_free (self->fits[m].gc);
      g_free (self->fits[m].proba);
      g_free (self->fits[m].grid);
    }
  g_free (self->path_coef[0]);
  g_free (self->path_coef[1]);
  g_free (self->loss_ce);
  g_free (self->loss_mse);
}

/* ------------------------------------------------------------------ */
/* the points */

static LabPoints *
make_points (LabParams   *params,
             LabDataset  *data,
             char       **source_name,
             GError     **error)
{
  if (lab_params_get_enum (params, "source") == CLS_SOURCE_DATA)
    {
      LabPoints *points = lab_columns_get_points (params, data, 2, G_MAXUINT, error);

      if (points != NULL)
        *source_name = g_strdup (lab_dataset_get_name (data));
      return points;
    }
  else
    {
      int dataset = lab_params_get_enum (params, "dataset");
      LabSynthOptions o = {
        .kind = dataset == CLS_DATASET_IMBALANCED ? LAB_SYNTH_BLOBS : (LabSynthKind) dataset,
        .n = (guint) lab_params_get_int (params, "n"),
        .classes = dataset == CLS_DATASET_IMBALANCED ? 2 : (guint) lab_params_get_int (params, "classes"),
        .noise = lab_params_get_double (params, "noise"),
        .ratio = dataset == CLS_DATASET_IMBALANCED ? lab_params_get_double (params, "ratio") : 1.0,
        .seed = (guint64) lab_params_get_int (params, "seed"),
      };

      *source_name = g_strdup (dataset == CLS_DATASET_IMBALANCED ? "imbalanced" : lab_synth_kind_to_string (o.kind));
      return lab_points_synthesize (&o, error);
    }
}

void
cls_design (const ClsResult *self,
            const double    *x,
            gsize            n,
            double          *out)
{
  lab_design_polynomial (x, n, self->d, self->degree, out, NULL, NULL);
  lab_scaler_transform (self->scaler, out, n);
}

/* ------------------------------------------------------------------ */
/* scores */

static guint
argmax (const double *p,
        guint         k)
{
  guint best = 0;

  for (guint c = 1; c < k; c++)
    if (p[c] > p[best])
      best = c;
  return best;
}

/* Accuracy, log loss (probabilities clipped to [1e-15, 1 − 1e-15] and renormalised, as
 * scikit-learn 1.2's log_loss) and Brier score of @rows; NaN for no rows. The Brier score is
 * scikit-learn's brier_score_loss (mean (p₁ − y)²) for two classes and Brier's original
 * Σₖ (pₖ − yₖ)², averaged over the rows, for more. */
static void
score_rows (const ClsResult *self,
            const double    *proba,
            const guint     *rows,
            guint            n_rows,
            double          *accuracy,
            double          *log_loss,
            double          *brier)
{
  guint k = self->k;
  double hits = 0, ll = 0, b = 0;

  if (n_rows == 0)
    {
      *accuracy = *log_loss = *brier = NAN;
      return;
    }
  for (guint r = 0; r < n_rows; r++)
    {
      guint i = rows[r], y = self->points->y[i];
      const double *p = proba + (gsize) i * k;
      double sum = 0;

      hits += argmax (p, k) == y;
      for (guint c = 0; c < k; c++)
        sum += CLAMP (p[c], 1e-15, 1 - 1e-15);
      ll -= log (CLAMP (p[y], 1e-15, 1 - 1e-15) / sum);
      if (k == 2)
        b += (p[1] - (y == 1)) * (p[1] - (y == 1));
      else
        for (guint c = 0; c < k; c++)
          b += (p[c] - (y == c)) * (p[c] - (y == c));
    }
  *accuracy = hits / n_rows;
  *log_loss = ll / n_rows;
  *brier = b / n_rows;
}

/* The reliability diagram: for two classes p(class 1) against the share of class 1, for more the
 * top-label confidence against the accuracy, in N_BINS equal-width bins. */
static void
reliability (const ClsResult *self,
             ClsFit          *fit,
             const guint     *rows,
             guint            n_rows)
{
  guint k = self->k;
  double conf[N_BINS] = { 0 }, freq[N_BINS] = { 0 };

  memset (fit->bin_count, 0, sizeof fit->bin_count);
  for (guint r = 0; r < n_rows; r++)
    {
      guint i = rows[r], y = self->points->y[i];
      const double *p = fit->proba + (gsize) i * k;
      double c;
      gboolean hit;
      guint b;

      if (k == 2)
        {
          c = p[1];
          hit = y == 1;
        }
      else
        {
          guint top = argmax (p, k);

          c = p[top];
          hit = top == y;
        }
      b = MIN ((guint) (c * N_BINS), N_BINS - 1);
      conf[b] += c;
      freq[b] += hit;
      fit->bin_count[b]++;
    }
  fit->ece = 0;
  for (guint b = 0; b < N_BINS; b++)
    {
      fit->bin_confidence[b] = fit->bin_count[b] > 0 ? conf[b] / fit->bin_count[b] : NAN;
      fit->bin_frequency[b] = fit->bin_count[b] > 0 ? freq[b] / fit->bin_count[b] : NAN;
      if (fit->bin_count[b] > 0)
        fit->ece += (double) fit->bin_count[b] / n_rows * fabs (fit->bin_frequency[b] - fit->bin_confidence[b]);
    }
}

/* ------------------------------------------------------------------ */
/* fitting */

static gboolean
fit_model (ClsResult    *self,
           ClsFit       *fit,
           LabParams    *params,
           const double *z,
           GCancellable *cancellable,
           GError      **error)
{
  LabPoints *pts = self->points;
  const char * const *fnames = (const char * const *) pts->feature_names;
  const char * const *cnames = (const char * const *) pts->class_names;

  switch (fit->kind)
    {
    case CLS_MODEL_LOGISTIC:
      {
        LabLogisticOptions o = { self->penalty, self->c, 0, 0 };

        fit->lr = lab_logistic_fit (z, pts->y, pts->n, self->n_design, self->k, self->train, self->n_train,
                                    &o, NULL, cancellable, error);
        return fit->lr != NULL;
      }
    case CLS_MODEL_NAIVE_BAYES:
      fit->gc = lab_gaussian_fit (LAB_GAUSSIAN_NAIVE_BAYES, pts->x, pts->y, pts->n, self->d, self->k,
                                  self->train, self->n_train, lab_params_get_double (params, "var-smoothing"),
                                  fnames, cnames, error);
      return fit->gc != NULL;
    case CLS_MODEL_LDA:
      fit->gc = lab_gaussian_fit (LAB_GAUSSIAN_LDA, pts->x, pts->y, pts->n, self->d, self->k,
                                  self->train, self->n_train, 0, fnames, cnames, error);
      return fit->gc != NULL;
    case CLS_MODEL_QDA:
      fit->gc = lab_gaussian_fit (LAB_GAUSSIAN_QDA, pts->x, pts->y, pts->n, self->d, self->k,
                                  self->train, self->n_train, lab_params_get_double (params, "reg-param"),
                                  fnames, cnames, error);
      return fit->gc != NULL;
    case CLS_N_MODELS:
    default:
      g_assert_not_reached ();
    }
}

/* Probabilities of @n rows of features @x (n × d), with @z their logistic design (or NULL
 * when the model is not logistic). */
static void
predict (const ClsResult *self,
         const ClsFit    *fit,
         const double    *x,
         const double    *z,
         gsize            n,
         double          *proba)
{
  if (fit->lr != NULL)
    lab_logistic_predict_proba (fit->lr, z, n, proba);
  else
    lab_gaussian_predict_proba (fit->gc, x, n, proba);
}

/* ------------------------------------------------------------------ */
/* coefficient paths */

static gboolean
compute_paths (ClsResult    *self,
               const double *z,
               LabProgress  *progress,
               GCancellable *cancellable,
               GError      **error)
{
  const LabPenalty penalties[2] = { LAB_PENALTY_L1, LAB_PENALTY_L2 };
  guint rows = self->k == 2 ? 1 : self->k, m = self->n_design;

  self->path_rows = rows;
  for (guint i = 0; i < N_PATH; i++)
    self->path_c[i] = pow (10.0, -3.0 + 6.0 * i / (N_PATH - 1));
  for (guint p = 0; p < 2; p++)
    {
      g_autoptr(LabLogistic) prev = NULL;

      self->path_coef[p] = g_new (double, (gsize) N_PATH * rows * m);
      for (guint i = 0; i < N_PATH; i++)
        {
          LabLogisticOptions o = { penalties[p], self->path_c[i], 0, 0 };
          LabLogistic *fit = lab_logistic_fit (z, self->points->y, self->points->n, m, self->k, self->train,
                                               self->n_train, &o, prev, cancellable, error);

          if (fit == NULL)
            return FALSE;
          memcpy (self->path_coef[p] + (gsize) i * rows * m, fit->coef, sizeof (double) * rows * m);
          lab_logistic_free (prev);
          prev = fit;
          lab_progress_set (progress, 0.5 + 0.45 * (p * N_PATH + i + 1) / (2.0 * N_PATH));
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* learning curve: naive Bayes vs logistic regression (Ng & Jordan, 2002) */

static gboolean
compute_learning_curve (ClsResult    *self,
                        LabParams    *params,
                        const double *z,
                        LabProgress  *progress,
                        GCancellable *cancellable,
                        GError      **error)
{
  LabPoints *pts = self->points;
  guint k = self->k, lo = MAX (2 * k, 4), n_sizes = 0;
  g_autoptr(gsl_rng) rng = lab_rng_new ((guint64) lab_params_get_int (params, "seed") ^ 0x5eed);
  g_autofree guint *order = g_new (guint, self->n_train);
  g_autofree guint *subset = g_new (guint, self->n_train);
  g_autofree double *proba = g_new (double, (gsize) pts->n * k);
  double err[2][N_REPEATS];

  if (self->n_test == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("view=learning-curve measures the error on held-out rows: set test-fraction above 0"));
      return FALSE;
    }
  if (self->n_train <= lo)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("view=learning-curve needs more than %u training rows, not %u"), lo, self->n_train);
      return FALSE;
    }
  /* sizes log-spaced from 2 per class to every training row */
  for (guint s = 0; s < N_SIZES; s++)
    {
      double v = round (exp (log ((double) lo) + (log ((double) self->n_train) - log ((double) lo)) * s / (N_SIZES - 1)));

      if (n_sizes == 0 || v > self->sizes[n_sizes - 1])
        self->sizes[n_sizes++] = v;
    }
  self->n_sizes = n_sizes;

  for (guint s = 0; s < n_sizes; s++)
    {
      guint size = (guint) self->sizes[s];
      guint repeats = size == self->n_train ? 1 : N_REPEATS;

      for (guint r = 0; r < repeats; r++)
        {
          guint taken = 0, have[LAB_POINTS_MAX_CLASSES] = { 0 };
          g_autofree gboolean *used = g_new0 (gboolean, self->n_train);

          /* a random subset with at least two rows of each class (where there are two) */
          memcpy (order, self->train, sizeof (guint) * self->n_train);
          for (guint i = self->n_train - 1; i > 0; i--)
            {
              guint j = (guint) gsl_rng_uniform_int (rng, i + 1), t = order[i];

              order[i] = order[j];
              order[j] = t;
            }
          for (guint i = 0; i < self->n_train && taken < size; i++)
            if (have[pts->y[order[i]]] < 2)
              {
                have[pts->y[order[i]]]++;
                used[i] = TRUE;
                subset[taken++] = order[i];
              }
          for (guint i = 0; i < self->n_train && taken < size; i++)
            if (!used[i])
              subset[taken++] = order[i];

          for (guint m = 0; m < 2; m++)
            {
              double acc, ll, b;

              if (m == 0)
                {
                  g_autoptr(LabGaussianClassifier) nb =
                    lab_gaussian_fit (LAB_GAUSSIAN_NAIVE_BAYES, pts->x, pts->y, pts->n, self->d, k, subset, taken,
                                      lab_params_get_double (params, "var-smoothing"), NULL, NULL, error);

                  if (nb == NULL)
                    return FALSE;
                  lab_gaussian_predict_proba (nb, pts->x, pts->n, proba);
                }
              else
                {
                  LabLogisticOptions o = { self->penalty, self->c, 0, 0 };
                  g_autoptr(LabLogistic) lr = lab_logistic_fit (z, pts->y, pts->n, self->n_design, k, subset, taken,
                                                                &o, NULL, cancellable, error);

                  if (lr == NULL)
                    return FALSE;
                  lab_logistic_predict_proba (lr, z, pts->n, proba);
                }
              score_rows (self, proba, self->test, self->n_test, &acc, &ll, &b);
              err[m][r] = 1 - acc;
            }
        }
      for (guint m = 0; m < 2; m++)
        {
          double mean = 0, var = 0;

          for (guint r = 0; r < repeats; r++)
            mean += err[m][r];
          mean /= repeats;
          for (guint r = 0; r < repeats; r++)
            var += (err[m][r] - mean) * (err[m][r] - mean);
          self->lc_mean[m][s] = mean;
          self->lc_sd[m][s] = repeats > 1 ? sqrt (var / (repeats - 1)) : 0;
        }
      lab_progress_set (progress, 0.5 + 0.45 * (s + 1) / n_sizes);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the loss view */

static gboolean
compute_loss (ClsResult    *self,
              GCancellable *cancellable,
              GError      **error)
{
  LabPoints *pts = self->points;
  guint m = MIN (self->n_train, LOSS_ROWS), step = MAX (self->n_train / MAX (m, 1), 1);
  g_autofree double *u = g_new (double, m), *v = g_new (double, m), *t = g_new (double, m);
  double mean[2] = { 0 }, sd[2] = { 0 }, best_ce = INFINITY, best_mse = INFINITY;

  /* the first two features standardised on the training rows; the last class is positive */
  for (guint j = 0; j < 2; j++)
    {
      for (guint r = 0; r < self->n_train; r++)
        mean[j] += pts->x[(gsize) self->train[r] * pts->d + j];
      mean[j] /= self->n_train;
      for (guint r = 0; r < self->n_train; r++)
        {
          double e = pts->x[(gsize) self->train[r] * pts->d + j] - mean[j];

          sd[j] += e * e;
        }
      sd[j] = sqrt (sd[j] / self->n_train);
      if (!(sd[j] > 0))
        sd[j] = 1;
    }
  for (guint i = 0; i < m; i++)
    {
      guint row = self->train[(gsize) i * step];

      u[i] = (pts->x[(gsize) row * pts->d] - mean[0]) / sd[0];
      v[i] = (pts->x[(gsize) row * pts->d + 1] - mean[1]) / sd[1];
      t[i] = pts->y[row] == self->k - 1;
    }

  self->loss_ce = g_new (double, LOSS_N * LOSS_N);
  self->loss_mse = g_new (double, LOSS_N * LOSS_N);
  for (guint a = 0; a < LOSS_N; a++)
    {
      double w2 = -LOSS_W + 2 * LOSS_W * a / (LOSS_N - 1);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (guint b = 0; b < LOSS_N; b++)
        {
          double w1 = -LOSS_W + 2 * LOSS_W * b / (LOSS_N - 1), ce = 0, se = 0;

          for (guint i = 0; i < m; i++)
            {
              double zi = w1 * u[i] + w2 * v[i];
              double sz = t[i] > 0 ? zi : -zi;                /* the margin */
              double ea = exp (-fabs (zi));                   /* one exponential serves both */
              double s = zi >= 0 ? 1 / (1 + ea) : ea / (1 + ea);

              /* −log σ(margin) = log(1 + e^(−|z|)) + max(−margin, 0), stable for either sign */
              ce += log1p (ea) + (sz < 0 ? -sz : 0);
              se += (s - t[i]) * (s - t[i]);
            }
          self->loss_ce[a * LOSS_N + b] = ce / m;
          self->loss_mse[a * LOSS_N + b] = se / m;
          if (ce / m < best_ce)
            {
              best_ce = ce / m;
              self->ce_min[0] = w1;
              self->ce_min[1] = w2;
            }
          if (se / m < best_mse)
            {
              best_mse = se / m;
              self->mse_min[0] = w1;
              self->mse_min[1] = w2;
            }
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */

LabResult *
cls_compute (LabParams     *params,
             LabDataset    *data,
             LabProgress   *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (ClsResult), cls_result_finalize);
  ClsResult *self = (ClsResult *) result;
  LabPoints *pts;
  guint set;
  g_autofree double *z = NULL, *gx = NULL, *gz = NULL;
  guint counts[LAB_POINTS_MAX_CLASSES] = { 0 };
  gsize ng = (gsize) GRID_N * GRID_N;

  set = cls_parse_models (lab_params_get_string (params, "models"), error);
  if (set == 0)
    return NULL;
  self->view = lab_params_get_enum (params, "view");
  self->points = pts = make_points (params, data, &self->source_name, error);
  if (pts == NULL)
    return NULL;
  if (pts->d < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("feature-columns: name at least two numeric columns, separated by commas (the first two are plotted)"));
      return NULL;
    }
  self->k = pts->n_classes;
  self->d = pts->d;
  lab_points_split (pts, lab_params_get_double (params, "test-fraction"), (guint64) lab_params_get_int (params, "seed"),
                    &self->train, &self->n_train, &self->test, &self->n_test);
  for (guint r = 0; r < self->n_train; r++)
    counts[pts->y[self->train[r]]]++;
  for (guint c = 0; c < self->k; c++)
    if (counts[c] == 0)
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                     _("%s: class “%s” has no training rows; lower test-fraction or add rows of that class"),
                     self->source_name, pts->class_names[c]);
        return NULL;
      }
  lab_progress_set (progress, 0.05);

  /* the grid: the first two features' range with a margin, the others at their training means */
  self->fixed = g_new0 (double, self->d);
  self->box[0] = self->box[2] = INFINITY;
  self->box[1] = self->box[3] = -INFINITY;
  for (guint i = 0; i < pts->n; i++)
    for (guint j = 0; j < 2; j++)
      {
        self->box[2 * j] = MIN (self->box[2 * j], pts->x[(gsize) i * self->d + j]);
        self->box[2 * j + 1] = MAX (self->box[2 * j + 1], pts->x[(gsize) i * self->d + j]);
      }
  for (guint j = 0; j < 2; j++)
    {
      double span = self->box[2 * j + 1] - self->box[2 * j];

      if (!(span > 0))
        span = MAX (1.0, fabs (self->box[2 * j]));
      self->box[2 * j] -= 0.08 * span;
      self->box[2 * j + 1] += 0.08 * span;
    }
  if (pts->rows == NULL)
    {
      /* generated points are drawn with equal axes: keep the box from becoming a thin strip */
      double sx = self->box[1] - self->box[0], sy = self->box[3] - self->box[2];

      for (guint j = 0; j < 2; j++)
        {
          double mine = j == 0 ? sx : sy, other = j == 0 ? sy : sx;

          if (mine < 0.6 * other)
            {
              self->box[2 * j] -= (0.6 * other - mine) / 2;
              self->box[2 * j + 1] += (0.6 * other - mine) / 2;
            }
        }
    }
  for (guint r = 0; r < self->n_train; r++)
    for (guint j = 0; j < self->d; j++)
      self->fixed[j] += pts->x[(gsize) self->train[r] * self->d + j] / self->n_train;
  gx = g_new (double, ng * self->d);
  for (guint a = 0; a < GRID_N; a++)
    for (guint b = 0; b < GRID_N; b++)
      {
        double *row = gx + ((gsize) a * GRID_N + b) * self->d;

        memcpy (row, self->fixed, sizeof (double) * self->d);
        row[0] = self->box[0] + (self->box[1] - self->box[0]) * (b + 0.5) / GRID_N;
        row[1] = self->box[2] + (self->box[3] - self->box[2]) * (a + 0.5) / GRID_N;
      }

  /* logistic regression's design, standardised on the training rows */
  self->penalty = lab_params_get_enum (params, "penalty");
  self->c = lab_params_get_double (params, "c");
  self->degree = (guint) lab_params_get_int (params, "degree");
  self->n_design = lab_design_polynomial_size (self->d, self->degree);
  z = g_new (double, (gsize) pts->n * self->n_design);
  lab_design_polynomial (pts->x, pts->n, self->d, self->degree, z, (const char * const *) pts->feature_names,
                         &self->design_names);
  self->scaler = lab_scaler_new (z, pts->n, self->n_design, self->train, self->n_train);
  lab_scaler_transform (self->scaler, z, pts->n);
  if (set & (1u << CLS_MODEL_LOGISTIC))
    {
      gz = g_new (double, ng * self->n_design);
      cls_design (self, gx, ng, gz);
    }

  for (guint kind = 0; kind < CLS_N_MODELS; kind++)
    {
      ClsFit *fit;

      if (!(set & (1u << kind)))
        continue;
      fit = &self->fits[self->n_fits++];
      fit->kind = kind;
      if (!fit_model (self, fit, params, z, cancellable, error))
        {
          if (error != NULL && *error != NULL && (*error)->domain == LAB_ERROR)
            g_prefix_error (error, "%s: ", self->source_name);
          return NULL;
        }
      fit->proba = g_new (double, (gsize) pts->n * self->k);
      fit->grid = g_new (double, ng * self->k);
      predict (self, fit, pts->x, z, pts->n, fit->proba);
      predict (self, fit, gx, gz, ng, fit->grid);
      score_rows (self, fit->proba, self->train, self->n_train, &fit->train_accuracy, &fit->log_loss, &fit->brier);
      score_rows (self, fit->proba, self->test, self->n_test, &fit->test_accuracy, &fit->test_log_loss, &fit->test_brier);
      if (self->n_test > 0)
        reliability (self, fit, self->test, self->n_test);
      else
        reliability (self, fit, self->train, self->n_train);
      lab_progress_set (progress, 0.05 + 0.45 * self->n_fits / g_bit_storage (set));
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
    }

  switch (self->view)
    {
    case CLS_VIEW_PATHS:
      if (!compute_paths (self, z, progress, cancellable, error))
        return NULL;
      break;
    case CLS_VIEW_LEARNING_CURVE:
      if (!compute_learning_curve (self, params, z, progress, cancellable, error))
        return NULL;
      break;
    case CLS_VIEW_LOSS:
      if (!compute_loss (self, cancellable, error))
        return NULL;
      break;
    case CLS_VIEW_REGIONS:
    case CLS_VIEW_OVERLAY:
    case CLS_VIEW_CALIBRATION:
    default:
      break;
    }
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}
