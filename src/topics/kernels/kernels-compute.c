/* kernels-compute.c — the kernels topic's worker: data, LIBSVM fits, grids, sweeps, lift, Gram
 *
 * Worker thread only: everything here reads the parameter snapshot and writes a new result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_rng.h>

#include "lab-rng.h"

#include "kernels-private.h"

static void
krn_result_finalize (LabResult *result)
{
  KrnResult *self = (KrnResult *) result;

  lab_points_free (self->points);
  g_free (self->source_name);
  g_free (self->gamma_spec);
  g_free (self->train);
  g_free (self->test);
  lab_svm_free (self->svm);
  g_free (self->grid);
  g_free (self->gram);
  for (guint s = 0; s < self->n_sweep; s++)
    {
      lab_svm_free (self->sweep[s].svm);
      g_free (self->sweep[s].grid);
    }
  g_free (self->lift_z);
  g_free (self->krr_x);
  g_free (self->krr_y);
  g_free (self->krr_rows);
  g_free (self->krr_names[0]);
  g_free (self->krr_names[1]);
  lab_kernel_ridge_free (self->krr);
}

/* ------------------------------------------------------------------ */
/* the points */

static LabPoints *
make_points (LabParams   *params,
             LabDataset  *data,
             char       **source_name,
             GError     **error)
{
  if (lab_params_get_enum (params, "source") == KRN_SOURCE_DATA)
    {
      const char *label = lab_params_get_string (params, "label-column");
      LabPoints *pts;

      pts = lab_columns_get_points (params, data, 2, 2, error);
      if (pts == NULL)
        return NULL;
      if (pts->n_classes != 2)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                       _("%s: label-column “%s” holds %u classes; the SVM here separates two"),
                       lab_dataset_get_name (data), label, pts->n_classes);
          lab_points_free (pts);
          return NULL;
        }
      *source_name = g_strdup (lab_dataset_get_name (data));
      return pts;
    }
  else
    {
      LabSynthOptions o = {
        .kind = (LabSynthKind) lab_params_get_enum (params, "dataset"),
        .n = (guint) lab_params_get_int (params, "n"),
        .classes = 2,
        .noise = lab_params_get_double (params, "noise"),
        .ratio = 1.0,
        .seed = (guint64) lab_params_get_int (params, "seed"),
      };

      *source_name = g_strdup (lab_synth_kind_to_string (o.kind));
      return lab_points_synthesize (&o, error);
    }
}

/* ------------------------------------------------------------------ */

static double
accuracy (const LabSvm    *svm,
          const LabPoints *pts,
          const guint     *rows,
          guint            n_rows,
          const double    *x)   /* NULL: the points' own features */
{
  guint hits = 0;

  if (n_rows == 0)
    return NAN;
  for (guint r = 0; r < n_rows; r++)
    {
      guint i = rows[r];
      double f = lab_svm_decision (svm, x != NULL ? x + (gsize) i * svm->d : pts->x + (gsize) i * 2);

      hits += (f > 0) == (pts->y[i] == 1);
    }
  return (double) hits / n_rows;
}

/* The grid's side: @max, or fewer cells where every cell costs a kernel evaluation a support
 * vector (the sigmoid kernel; RBF and polynomial grids have shortcuts), to stay interactive */
static guint
grid_side (const LabSvm *svm,
           guint         max)
{
  if (svm->kernel.kind == LAB_KERNEL_SIGMOID && svm->n_support > 0)
    return (guint) CLAMP (sqrt (KRN_GRID_BUDGET / svm->n_support), 60.0, (double) max);
  return max;
}

static double *
grid_values (const KrnResult *self,
             const LabSvm    *svm,
             guint            side)
{
  double *out = g_new (double, (gsize) side * side);

  /* cell centres, as the class map and the contours place them */
  lab_svm_decision_grid (svm, self->box[0], self->box[1], self->box[2], self->box[3], side, side, out);
  return out;
}

/* The Gram matrix of up to KRN_GRAM_MAX training rows (evenly spaced), class 0's first, and
 * its smallest eigenvalue. By Cauchy's interlacing, a negative eigenvalue of this principal
 * submatrix means the whole training Gram matrix is not positive semi-definite either. */
static void
gram (KrnResult *self)
{
  guint m = MIN (self->n_train, KRN_GRAM_MAX), k = 0;
  g_autofree guint *pick = g_new (guint, MAX (m, 1));
  g_autofree double *xs = g_new (double, 2 * (gsize) MAX (m, 1));
  g_autofree double *work = NULL;
  gsl_matrix_view view;
  gsl_vector *eval;
  gsl_eigen_symm_workspace *w;

  for (guint cls = 0; cls < 2; cls++)
    for (guint t = 0; t < m; t++)
      {
        guint i = self->train[(guint) ((guint64) t * self->n_train / m)];

        if (self->points->y[i] == cls)
          {
            pick[k] = i;
            xs[2 * k] = self->points->x[2 * (gsize) i];
            xs[2 * k + 1] = self->points->x[2 * (gsize) i + 1];
            k++;
          }
        if (cls == 0 && t == m - 1)
          self->gram_n0 = k;
      }
  self->gram_n = m;
  self->gram = g_new (double, (gsize) m * m);
  lab_kernel_matrix (&self->svm->kernel, xs, m, xs, m, 2, self->gram);
  work = g_memdup2 (self->gram, sizeof (double) * m * m);
  view = gsl_matrix_view_array (work, m, m);
  eval = gsl_vector_alloc (m);
  w = gsl_eigen_symm_alloc (m);
  gsl_eigen_symm (&view.matrix, eval, w);
  self->gram_min_eigenvalue = gsl_vector_min (eval);
  gsl_eigen_symm_free (w);
  gsl_vector_free (eval);
}


/* ------------------------------------------------------------------ */
/* kernel ridge regression in one variable */

/* The 1-D points: y = sin(1.5 x) + 0.3 x + noise on x ~ U(−3, 3), or the first two
 * feature columns of the dataset as x and y (rows with a missing cell dropped). */
static gboolean
krr_points (KrnResult   *self,
            LabParams   *params,
            LabDataset  *data,
            GError     **error)
{
  if (lab_params_get_enum (params, "source") == KRN_SOURCE_DATA)
    {
      g_auto(GStrv) names = NULL;
      int col[2];
      guint k = 0;
      gsize rows;

      if (data == NULL)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
          return FALSE;
        }
      names = g_strsplit (lab_params_get_string (params, "feature-columns"), ",", -1);
      for (guint i = 0; names[i] != NULL && k < 3; i++)
        {
          g_strstrip (names[i]);
          if (names[i][0] == '\0')
            continue;
          if (k < 2)
            {
              col[k] = lab_topic_find_column (data, "feature-columns", names[i], error);
              if (col[k] < 0)
                return FALSE;
              if (lab_dataset_get_column_type (data, (guint) col[k]) == LAB_COLUMN_TEXT)
                {
                  g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: feature-columns: column “%s” holds text, not numbers"),
                               lab_dataset_get_name (data), names[i]);
                  return FALSE;
                }
              self->krr_names[k] = g_strdup (names[i]);
            }
          k++;
        }
      if (k != 2)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("feature-columns: kernel ridge needs exactly two numeric columns, x and y, separated by a comma"));
          return FALSE;
        }
      rows = lab_dataset_get_n_rows (data);
      self->krr_x = g_new (double, MAX (rows, 1));
      self->krr_y = g_new (double, MAX (rows, 1));
      self->krr_rows = g_new (gsize, MAX (rows, 1));
      for (gsize r = 0; r < rows; r++)
        {
          if (lab_dataset_is_missing (data, (guint) col[0], r) || lab_dataset_is_missing (data, (guint) col[1], r))
            continue;
          self->krr_x[self->krr_n] = lab_dataset_get_numbers (data, (guint) col[0])[r];
          self->krr_y[self->krr_n] = lab_dataset_get_numbers (data, (guint) col[1])[r];
          self->krr_rows[self->krr_n++] = r;
        }
      if (self->krr_n < 2)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: columns “%s” and “%s” have fewer than 2 complete rows"),
                       lab_dataset_get_name (data), self->krr_names[0], self->krr_names[1]);
          return FALSE;
        }
      self->source_name = g_strdup (lab_dataset_get_name (data));
    }
  else
    {
      g_autoptr(gsl_rng) rng = lab_rng_new ((guint64) lab_params_get_int (params, "seed"));
      double noise = lab_params_get_double (params, "noise");

      self->krr_n = (guint) lab_params_get_int (params, "n");
      self->krr_x = g_new (double, self->krr_n);
      self->krr_y = g_new (double, self->krr_n);
      for (guint i = 0; i < self->krr_n; i++)
        {
          double x = -3 + 6 * gsl_rng_uniform (rng);

          self->krr_x[i] = x;
          self->krr_y[i] = sin (1.5 * x) + 0.3 * x + noise * lab_rng_gaussian (rng);
        }
      self->krr_names[0] = g_strdup ("x");
      self->krr_names[1] = g_strdup ("y");
      self->source_name = g_strdup ("sin(1.5x) + 0.3x + noise");
    }
  return TRUE;
}

static double
mse (const KrnResult *self,
     const guint     *rows,
     guint            n_rows)
{
  double sum = 0;

  if (n_rows == 0)
    return NAN;
  for (guint r = 0; r < n_rows; r++)
    {
      double f, x = self->krr_x[rows[r]];

      lab_kernel_ridge_predict (self->krr, &x, 1, &f);
      sum += (f - self->krr_y[rows[r]]) * (f - self->krr_y[rows[r]]);
    }
  return sum / n_rows;
}

static LabResult *
krr_compute (LabResult     *result,
             LabParams     *params,
             LabDataset    *data,
             gboolean       scale,
             gboolean       autog,
             double         gvalue,
             GCancellable  *cancellable,
             GError       **error)
{
  KrnResult *self = (KrnResult *) result;
  LabPoints split = { 0 };
  LabKernel kernel;
  g_autofree double *xt = NULL, *yt = NULL;
  double lo = INFINITY, hi = -INFINITY;

  if (!krr_points (self, params, data, error))
    return NULL;
  split.n = self->krr_n;
  lab_points_split (&split, lab_params_get_double (params, "test-fraction"), (guint64) lab_params_get_int (params, "seed"),
                    &self->train, &self->n_train, &self->test, &self->n_test);
  if (self->n_train > KRN_KRR_MAX)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("n: kernel ridge solves an n × n system, so it takes at most %u training rows, not %u "
                     "(lower n, or raise test-fraction)"), KRN_KRR_MAX, self->n_train);
      return NULL;
    }
  xt = g_new (double, self->n_train);
  yt = g_new (double, self->n_train);
  for (guint r = 0; r < self->n_train; r++)
    {
      xt[r] = self->krr_x[self->train[r]];
      yt[r] = self->krr_y[self->train[r]];
    }
  kernel.kind = (LabKernelKind) lab_params_get_enum (params, "kernel");
  kernel.degree = lab_params_get_int (params, "degree");
  kernel.coef0 = lab_params_get_double (params, "coef0");
  self->gamma = kernel.gamma = scale ? lab_svm_gamma_scale (xt, self->n_train, 1, NULL, 0) : autog ? 1.0 : gvalue;
  self->lambda = lab_params_get_double (params, "lambda");
  self->krr = lab_kernel_ridge_fit (&kernel, xt, self->n_train, 1, yt, self->lambda, error);
  if (self->krr == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  self->train_mse = mse (self, self->train, self->n_train);
  self->test_mse = mse (self, self->test, self->n_test);

  for (guint i = 0; i < self->krr_n; i++)
    {
      lo = MIN (lo, self->krr_x[i]);
      hi = MAX (hi, self->krr_x[i]);
    }
  if (!(hi > lo))
    {
      lo -= 1;
      hi += 1;
    }
  for (guint g = 0; g < KRN_KRR_GRID; g++)
    self->krr_grid_x[g] = lo - 0.05 * (hi - lo) + 1.1 * (hi - lo) * g / (KRN_KRR_GRID - 1);
  lab_kernel_ridge_predict (self->krr, self->krr_grid_x, KRN_KRR_GRID, self->krr_fit);

  /* the primal: ridge on φ(x), where the kernel has a finite map */
  self->primal_max_difference = NAN;
  {
    g_autofree double *phi = g_new (double, (gsize) MAX (self->n_train, KRN_KRR_GRID) * 32);
    guint p = (kernel.kind == LAB_KERNEL_POLY && kernel.degree > 30) ? 0
            : lab_kernel_feature_map_1d (&kernel, xt, self->n_train, phi);

    if (p > 0 && lab_ridge_no_intercept (phi, self->n_train, p, yt, self->lambda, self->primal_w, NULL))
      {
        self->primal_width = p;
        self->primal_max_difference = 0;
        lab_kernel_feature_map_1d (&kernel, self->krr_grid_x, KRN_KRR_GRID, phi);
        for (guint g = 0; g < KRN_KRR_GRID; g++)
          {
            double f = 0;

            for (guint j = 0; j < p; j++)
              f += phi[(gsize) g * p + j] * self->primal_w[j];
            self->krr_primal[g] = f;
            self->primal_max_difference = MAX (self->primal_max_difference, fabs (f - self->krr_fit[g]));
          }
      }
  }
  return lab_result_ref (result);
}

LabResult *
krn_compute (LabParams     *params,
             LabDataset    *data,
             LabProgress   *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (KrnResult), krn_result_finalize);
  KrnResult *self = (KrnResult *) result;
  LabPoints *pts;
  LabSvmOptions o;
  gboolean scale, autog;
  double gvalue;
  guint count[2][2] = { { 0, 0 }, { 0, 0 } };

  self->view = (KrnView) lab_params_get_enum (params, "view");
  self->margin_width = NAN;
  self->gamma_spec = g_strdup (lab_params_get_string (params, "gamma"));
  if (!krn_parse_gamma (self->gamma_spec, &scale, &autog, &gvalue, error))
    return NULL;
  if (self->view == KRN_VIEW_KERNEL_RIDGE)
    return krr_compute (result, params, data, scale, autog, gvalue, cancellable, error);
  self->points = pts = make_points (params, data, &self->source_name, error);
  if (pts == NULL)
    return NULL;
  lab_points_split (pts, lab_params_get_double (params, "test-fraction"), (guint64) lab_params_get_int (params, "seed"),
                    &self->train, &self->n_train, &self->test, &self->n_test);
  /* the clicked points: appended to the points, always training rows */
  {
    g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) cls = g_array_new (FALSE, FALSE, sizeof (guint));

    if (!krn_parse_added (lab_params_get_string (params, "added-points"), xy, cls, error))
      return NULL;
    self->n_added = cls->len;
    if (self->n_added > 0)
      {
        guint n0 = pts->n, n = n0 + self->n_added;

        pts->x = g_renew (double, pts->x, 2 * (gsize) n);
        pts->y = g_renew (guint, pts->y, n);
        memcpy (pts->x + 2 * (gsize) n0, xy->data, sizeof (double) * xy->len);
        memcpy (pts->y + n0, cls->data, sizeof (guint) * cls->len);
        if (pts->rows != NULL)
          {
            /* after the file's rows */
            gsize after = data != NULL ? lab_dataset_get_n_rows (data) : n0;

            pts->rows = g_renew (gsize, pts->rows, n);
            for (guint j = 0; j < self->n_added; j++)
              pts->rows[n0 + j] = after + j;
          }
        pts->n = n;
        self->train = g_renew (guint, self->train, self->n_train + self->n_added);
        for (guint j = 0; j < self->n_added; j++)
          self->train[self->n_train++] = n0 + j;
      }
  }
  for (guint r = 0; r < self->n_train; r++)
    count[0][pts->y[self->train[r]]]++;
  if (count[0][0] < 2 || count[0][1] < 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: the training rows hold %u of class “%s” and %u of class “%s”; the SVM needs at least 2 "
                     "of each (more rows, or a smaller test-fraction)"),
                   self->source_name, count[0][0], pts->class_names[0], count[0][1], pts->class_names[1]);
      return NULL;
    }

  lab_svm_options_init (&o);
  o.kernel.kind = (LabKernelKind) lab_params_get_enum (params, "kernel");
  o.kernel.degree = lab_params_get_int (params, "degree");
  o.kernel.coef0 = lab_params_get_double (params, "coef0");
  o.c = lab_params_get_double (params, "c");
  self->gamma = scale ? lab_svm_gamma_scale (pts->x, pts->n, 2, self->train, self->n_train)
                      : autog ? 0.5 : gvalue;
  o.kernel.gamma = self->gamma;

  /* the box: the points' range and 8 % more each side */
  self->box[0] = self->box[2] = INFINITY;
  self->box[1] = self->box[3] = -INFINITY;
  for (guint i = 0; i < pts->n; i++)
    for (guint j = 0; j < 2; j++)
      {
        self->box[2 * j] = MIN (self->box[2 * j], pts->x[2 * (gsize) i + j]);
        self->box[2 * j + 1] = MAX (self->box[2 * j + 1], pts->x[2 * (gsize) i + j]);
      }
  for (guint j = 0; j < 2; j++)
    {
      double span = self->box[2 * j + 1] - self->box[2 * j];

      if (!(span > 0))
        span = MAX (1.0, fabs (self->box[2 * j]));
      self->box[2 * j] -= 0.08 * span;
      self->box[2 * j + 1] += 0.08 * span;
    }

  self->svm = lab_svm_fit (pts->x, pts->y, pts->n, 2, self->train, self->n_train, &o, cancellable, error);
  if (self->svm == NULL)
    return NULL;
  lab_progress_set (progress, 0.3);
  self->train_accuracy = accuracy (self->svm, pts, self->train, self->n_train, NULL);
  self->test_accuracy = accuracy (self->svm, pts, self->test, self->n_test, NULL);
  if (self->svm->w != NULL)
    self->margin_width = 2 / hypot (self->svm->w[0], self->svm->w[1]);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  self->grid_side = grid_side (self->svm, KRN_GRID_N);
  self->grid = grid_values (self, self->svm, self->grid_side);
  gram (self);
  lab_progress_set (progress, 0.5);

  if (self->view == KRN_VIEW_C_SWEEP || self->view == KRN_VIEW_GAMMA_SWEEP)
    {
      static const double cs[KRN_N_SWEEP] = { 1e-3, 1e-2, 0.1, 1, 10, 100 };
      static const double gs[KRN_N_SWEEP] = { 1e-2, 0.1, 1, 10, 100, 1000 };
      /* the polynomial and sigmoid kernels grow with (γ xᵀz)^degree or saturate: γ ≥ 10 only
       * slows LIBSVM down (to its iteration limit) without a new picture */
      static const double gs_dot[KRN_N_SWEEP] = { 1e-2, 0.03, 0.1, 0.3, 1, 3 };
      LabSvmOptions so = o;

      /* a gamma sweep needs a kernel with a gamma: the linear kernel sweeps the RBF's */
      if (self->view == KRN_VIEW_GAMMA_SWEEP && so.kernel.kind == LAB_KERNEL_LINEAR)
        so.kernel.kind = LAB_KERNEL_RBF;
      self->sweep_kernel = so.kernel.kind;
      for (guint s = 0; s < KRN_N_SWEEP; s++)
        {
          KrnSweep *sw = &self->sweep[s];

          sw->value = self->view == KRN_VIEW_C_SWEEP ? cs[s] : so.kernel.kind == LAB_KERNEL_RBF ? gs[s] : gs_dot[s];
          if (self->view == KRN_VIEW_C_SWEEP)
            so.c = sw->value;
          else
            so.kernel.gamma = sw->value;
          sw->svm = lab_svm_fit (pts->x, pts->y, pts->n, 2, self->train, self->n_train, &so, cancellable, error);
          if (sw->svm == NULL)
            return NULL;
          self->n_sweep = s + 1;
          sw->side = grid_side (sw->svm, KRN_SWEEP_GRID);
          sw->grid = grid_values (self, sw->svm, sw->side);
          sw->train_accuracy = accuracy (sw->svm, pts, self->train, self->n_train, NULL);
          sw->test_accuracy = accuracy (sw->svm, pts, self->test, self->n_test, NULL);
          lab_progress_set (progress, 0.5 + 0.5 * (s + 1) / KRN_N_SWEEP);
        }
    }

  if (self->view == KRN_VIEW_LIFT)
    {
      /* the explicit feature map φ(x) = (x₁, x₂, ‖x − m‖²), and a linear SVM on it */
      g_autofree double *x3 = g_new (double, 3 * (gsize) pts->n);
      g_autoptr(LabSvm) lin = NULL;
      LabSvmOptions lo;

      for (guint r = 0; r < self->n_train; r++)
        for (guint j = 0; j < 2; j++)
          self->lift_center[j] += pts->x[2 * (gsize) self->train[r] + j] / self->n_train;
      self->lift_z = g_new (double, pts->n);
      for (guint i = 0; i < pts->n; i++)
        {
          double a = pts->x[2 * (gsize) i] - self->lift_center[0], b = pts->x[2 * (gsize) i + 1] - self->lift_center[1];

          self->lift_z[i] = a * a + b * b;
          x3[3 * (gsize) i] = pts->x[2 * (gsize) i];
          x3[3 * (gsize) i + 1] = pts->x[2 * (gsize) i + 1];
          x3[3 * (gsize) i + 2] = self->lift_z[i];
        }
      lab_svm_options_init (&lo);
      lo.kernel.kind = LAB_KERNEL_LINEAR;
      lo.c = o.c;
      lin = lab_svm_fit (x3, pts->y, pts->n, 3, self->train, self->n_train, &lo, cancellable, error);
      if (lin == NULL)
        return NULL;
      memcpy (self->lift_w, lin->w, sizeof self->lift_w);
      self->lift_b = lin->intercept;
      self->lift_train_accuracy = accuracy (lin, pts, self->train, self->n_train, x3);
    }
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}
