/* bias-variance-compute.c — the bias-variance topic on the worker: the Monte Carlo lab and data mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "bias-variance-private.h"

static void
bv_result_finalize (LabResult *result)
{
  BvResult *self = (BvResult *) result;

  g_free (self->fits);
  g_free (self->complexity);
  g_free (self->bias2);
  g_free (self->bias2_raw);
  g_free (self->variance);
  g_free (self->test_mse);
  g_free (self->train_mse);
  g_free (self->mc_se);
  g_free (self->single_variance);
  g_free (self->train_x);
  g_free (self->train_y);
  g_free (self->path_lambda);
  g_free (self->path_w);
  g_free (self->current_w);
  g_free (self->source_name);
  g_free (self->x_name);
  g_free (self->y_name);
  g_free (self->x);
  g_free (self->y);
  g_free (self->residuals);
  g_clear_pointer (&self->fit, lab_polyfit_free);
  g_free (self->cv_mse);
  g_free (self->fit_mse);
}

/* ------------------------------------------------------------------ */
/* the synthetic lab */

static double
truth_at (LabBvTruth truth,
          double     x)
{
  switch (truth)
    {
    case LAB_BV_TRUTH_SIN:
      return sin (G_PI * x);
    case LAB_BV_TRUTH_CUBIC:
      return 4.0 * x * x * x - 3.0 * x;
    case LAB_BV_TRUTH_STEP:
      return x < 0.0 ? -1.0 : 1.0;
    case LAB_BV_TRUTH_RUNGE:
      return 1.0 / (1.0 + 25.0 * x * x);
    default:
      g_return_val_if_reached (0.0);
    }
}

/* Everything one compute needs, allocated once. */
typedef struct
{
  LabBvModel    model;
  gsize         n;
  guint         n_settings;
  guint         degree;       /* poly: highest least-squares degree; ridge/lasso: features */
  guint         dd_max;       /* poly past the interpolation point: degrees degree + 1 … dd_max */
  LabMinNorm   *min_norm;
  double       *phi_grid;     /* N_GRID × (dd_max + 1) Legendre features */
  double       *phi_x;        /* (dd_max + 1) × n */
  double       *kernel;       /* N_GRID × n: Σ_k φ_k(grid) φ_k(x) */
  double       *zmn;          /* n: (AAᵀ)⁻¹y */
  double       *lambda;       /* ridge/lasso: per setting, decreasing */
  guint         k_max;        /* knn: settings are k = k_max … 1 */
  guint         n_models;     /* bagging */
  const double *grid;
  /* per trial outputs */
  double       *pred;         /* n_settings × N_GRID */
  double       *train;        /* n_settings */
  double       *single;       /* bagging: one tree on the full sample, n_settings × N_GRID */
  /* workspaces */
  LabPolyBasis *basis;
  double       *wgrid;        /* N_GRID × (degree + 1) */
  double       *work;         /* n */
  double       *coef;
  double       *rss;
  LabTree      *tree;
  double       *weights;      /* n */
  double       *knn_grid;     /* N_GRID × k_max */
  double       *knn_train;    /* n × k_max */
  double       *z;            /* n × degree */
  double       *zg;           /* N_GRID × degree */
  double       *w;            /* degree */
  gsl_rng      *boot;
  guint         unconverged;
} Sweep;

static void
sweep_clear (Sweep *s)
{
  g_free (s->lambda);
  g_free (s->pred);
  g_free (s->train);
  g_free (s->single);
  g_clear_pointer (&s->basis, lab_poly_basis_free);
  g_free (s->wgrid);
  g_free (s->work);
  g_clear_pointer (&s->min_norm, lab_min_norm_free);
  g_free (s->phi_grid);
  g_free (s->phi_x);
  g_free (s->kernel);
  g_free (s->zmn);
  g_free (s->coef);
  g_free (s->rss);
  g_clear_pointer (&s->tree, lab_tree_free);
  g_free (s->weights);
  g_free (s->knn_grid);
  g_free (s->knn_train);
  g_free (s->z);
  g_free (s->zg);
  g_free (s->w);
  g_clear_pointer (&s->boot, gsl_rng_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sweep, sweep_clear)

/* Fits of every degree from a basis on the training points (@q, achieved degree
 * @dt) and its values at the grid (@wgrid, N_GRID × (dt + 1)). */
static void
trial_poly (Sweep        *s,
            const double *q,
            guint         dt,
            const double *wgrid,
            const double *y)
{
  guint D = s->degree;

  lab_poly_project (q, s->n, dt, y, s->coef, s->rss, s->work);
  for (guint g = 0; g < N_GRID; g++)
    {
      const double *w = wgrid + g * (dt + 1);
      double acc = 0.0;

      for (guint d = 0; d <= D; d++)
        {
          if (d <= dt)
            acc += s->coef[d] * w[d];
          s->pred[d * N_GRID + g] = acc;
        }
    }
  for (guint d = 0; d <= D; d++)
    s->train[d] = s->rss[MIN (d, dt)] / (double) s->n;
}

/* Past the interpolation point: the minimum-norm interpolant in Legendre features of
 * every degree s->degree + 1 … s->dd_max (the training error is 0: it interpolates). */
static void
trial_min_norm (Sweep        *s,
                const double *x,
                const double *y)
{
  gsize n = s->n;
  guint D = s->dd_max, D1 = D + 1;
  double *phi = g_newa (double, D1);

  for (gsize i = 0; i < n; i++)
    {
      lab_legendre_features (x[i], D, phi);
      for (guint k = 0; k <= D; k++)
        s->phi_x[k * n + i] = phi[k];
    }
  lab_min_norm_reset (s->min_norm);
  memset (s->kernel, 0, N_GRID * n * sizeof (double));
  for (guint k = 0; k <= D; k++)
    {
      const double *pk = s->phi_x + k * n;

      lab_min_norm_add_feature (s->min_norm, pk);
      for (guint g = 0; g < N_GRID; g++)
        {
          double a = s->phi_grid[g * D1 + k];
          double *kg = s->kernel + g * n;

          for (gsize i = 0; i < n; i++)
            kg[i] += a * pk[i];
        }
      if (k <= s->degree)
        continue;
      if (lab_min_norm_solve (s->min_norm, y, s->zmn))
        for (guint g = 0; g < N_GRID; g++)
          {
            const double *kg = s->kernel + g * n;
            double f = 0.0;

            for (gsize i = 0; i < n; i++)
              f += kg[i] * s->zmn[i];
            s->pred[k * N_GRID + g] = f;
          }
      else
        memcpy (s->pred + k * N_GRID, s->pred + (k - 1) * N_GRID, N_GRID * sizeof (double));
      s->train[k] = 0.0;
    }
}

/* Standardised features of the training points and of the grid (training statistics). */
static void
features (Sweep        *s,
          const double *x)
{
  g_autoptr(LabPolyScaler) scaler = lab_poly_scaler_new (x, s->n, s->degree);

  lab_poly_scaler_transform (scaler, x, s->n, s->z);
  lab_poly_scaler_transform (scaler, s->grid, N_GRID, s->zg);
}

/* predictions at the grid and the training MSE of weights @w, intercept @b, into setting @i */
static void
penalized_predict (Sweep        *s,
                   guint         i,
                   const double *y,
                   const double *w,
                   double        b)
{
  guint p = s->degree;
  double mse = 0.0;

  for (guint g = 0; g < N_GRID; g++)
    {
      double f = b;

      for (guint j = 0; j < p; j++)
        f += s->zg[g * p + j] * w[j];
      s->pred[i * N_GRID + g] = f;
    }
  for (gsize r = 0; r < s->n; r++)
    {
      double f = b;

      for (guint j = 0; j < p; j++)
        f += s->z[r * p + j] * w[j];
      mse += (y[r] - f) * (y[r] - f);
    }
  s->train[i] = mse / (double) s->n;
}

static gboolean
trial_ridge (Sweep         *s,
             const double  *x,
             const double  *y,
             GError       **error)
{
  g_autoptr(LabRidge) ridge = NULL;

  features (s, x);
  ridge = lab_ridge_new (s->z, y, s->n, s->degree, error);
  if (ridge == NULL)
    return FALSE;
  for (guint i = 0; i < s->n_settings; i++)
    {
      double b;

      lab_ridge_solve (ridge, s->lambda[i], s->w, &b);
      penalized_predict (s, i, y, s->w, b);
    }
  return TRUE;
}

static void
trial_lasso (Sweep        *s,
             const double *x,
             const double *y)
{
  g_autoptr(LabLasso) lasso = NULL;

  features (s, x);
  lasso = lab_lasso_new (s->z, y, s->n, s->degree);
  memset (s->w, 0, s->degree * sizeof (double));
  /* settings run from the largest λ down: each solve starts from the last one */
  for (guint i = 0; i < s->n_settings; i++)
    {
      if (!lab_lasso_solve (lasso, s->lambda[i], s->w, LASSO_GAP, LASSO_PASSES, NULL))
        s->unconverged++;
      penalized_predict (s, i, y, s->w, lab_lasso_intercept (lasso, s->w));
    }
}

static void
trial_knn (Sweep        *s,
           const double *x,
           const double *y)
{
  guint K = s->k_max;

  lab_knn_predict_all (x, y, s->n, s->grid, N_GRID, K, s->knn_grid);
  lab_knn_predict_all (x, y, s->n, x, s->n, K, s->knn_train);
  for (guint i = 0; i < s->n_settings; i++)
    {
      guint k = K - i;
      double mse = 0.0;

      for (guint g = 0; g < N_GRID; g++)
        s->pred[i * N_GRID + g] = s->knn_grid[g * K + k - 1];
      for (gsize r = 0; r < s->n; r++)
        mse += (y[r] - s->knn_train[r * K + k - 1]) * (y[r] - s->knn_train[r * K + k - 1]);
      s->train[i] = mse / (double) s->n;
    }
}

/* Running sums of difference rows (lab_tree_accumulate) into @out[d·m + i]. */
static void
running_sums (const double *diff,
              gsize         m,
              double       *out)
{
  for (guint d = 0; d <= MAX_DEPTH; d++)
    {
      double acc = 0.0;

      for (gsize i = 0; i < m; i++)
        {
          acc += diff[d * (m + 1) + i];
          out[d * m + i] = acc;
        }
    }
}

static void
trial_trees (Sweep        *s,
             const double *x,
             const double *y)
{
  gsize n = s->n;
  g_autofree double *dgrid = g_new0 (double, (MAX_DEPTH + 1) * (N_GRID + 1));
  g_autofree double *dtrain = g_new0 (double, (MAX_DEPTH + 1) * (n + 1));
  g_autofree double *train_pred = g_new (double, (MAX_DEPTH + 1) * n);

  /* the tree on the training set itself */
  lab_tree_grow (s->tree, x, y, NULL, n);
  if (s->model == LAB_BV_MODEL_TREE)
    {
      lab_tree_accumulate (s->tree, s->grid, N_GRID, 1.0, dgrid);
      lab_tree_accumulate (s->tree, x, n, 1.0, dtrain);
    }
  else
    {
      g_autofree double *dsingle = g_new0 (double, (MAX_DEPTH + 1) * (N_GRID + 1));

      lab_tree_accumulate (s->tree, s->grid, N_GRID, 1.0, dsingle);
      running_sums (dsingle, N_GRID, s->single);
      /* the average of trees grown on bootstrap resamples (n draws with replacement) */
      for (guint b = 0; b < s->n_models; b++)
        {
          memset (s->weights, 0, n * sizeof (double));
          for (gsize r = 0; r < n; r++)
            s->weights[gsl_rng_uniform_int (s->boot, n)] += 1.0;
          lab_tree_grow (s->tree, x, y, s->weights, n);
          lab_tree_accumulate (s->tree, s->grid, N_GRID, 1.0 / s->n_models, dgrid);
          lab_tree_accumulate (s->tree, x, n, 1.0 / s->n_models, dtrain);
        }
    }
  running_sums (dgrid, N_GRID, s->pred);
  running_sums (dtrain, n, train_pred);
  for (guint d = 0; d <= MAX_DEPTH; d++)
    {
      double mse = 0.0;

      for (gsize r = 0; r < n; r++)
        mse += (y[r] - train_pred[d * n + r]) * (y[r] - train_pred[d * n + r]);
      s->train[d] = mse / (double) n;
    }
}

/* Coefficient paths of training set 1 (ridge or lasso) and the weights at the current λ. */
static gboolean
paths (BvResult      *self,
       Sweep         *s,
       const double  *x,
       const double  *y,
       double         lambda,
       GError       **error)
{
  guint p = s->degree;

  self->n_path = N_PATH;
  self->path_lambda = g_new (double, N_PATH);
  self->path_w = g_new (double, N_PATH * p);
  self->current_w = g_new0 (double, p);
  for (guint i = 0; i < N_PATH; i++)
    self->path_lambda[i] = LAMBDA_MAX * pow (LAMBDA_MIN / LAMBDA_MAX, i / (double) (N_PATH - 1));

  features (s, x);
  if (s->model == LAB_BV_MODEL_RIDGE)
    {
      g_autoptr(LabRidge) ridge = lab_ridge_new (s->z, y, s->n, p, error);
      double b;

      if (ridge == NULL)
        return FALSE;
      for (guint i = 0; i < N_PATH; i++)
        lab_ridge_solve (ridge, self->path_lambda[i], self->path_w + i * p, &b);
      lab_ridge_solve (ridge, lambda, self->current_w, &b);
    }
  else
    {
      g_autoptr(LabLasso) lasso = lab_lasso_new (s->z, y, s->n, p);
      g_autofree double *w = g_new0 (double, p);
      gboolean done = FALSE;

      for (guint i = 0; i < N_PATH; i++)
        {
          /* the current λ in its place along the path, warm-started like the rest */
          if (!done && lambda >= self->path_lambda[i])
            {
              memcpy (self->current_w, w, p * sizeof (double));
              lab_lasso_solve (lasso, lambda, self->current_w, LASSO_GAP * 1e-4, 20 * LASSO_PASSES, NULL);
              done = TRUE;
            }
          lab_lasso_solve (lasso, self->path_lambda[i], w, LASSO_GAP * 1e-4, 20 * LASSO_PASSES, NULL);
          memcpy (self->path_w + i * p, w, p * sizeof (double));
        }
      if (!done)
        {
          memcpy (self->current_w, w, p * sizeof (double));
          lab_lasso_solve (lasso, lambda, self->current_w, LASSO_GAP * 1e-4, 20 * LASSO_PASSES, NULL);
        }
    }
  self->n_zero = 0;
  for (guint j = 0; j < p; j++)
    self->n_zero += self->current_w[j] == 0.0;
  return TRUE;
}

/* The inputs of training set after training set: uniform on [−1, 1] and sorted, or
 * the same equally spaced points every time. */
static void
draw_inputs (gsl_rng     *rng,
             LabBvDesign  design,
             double      *x,
             gsize        n)
{
  for (gsize i = 0; i < n; i++)
    x[i] = design == LAB_BV_DESIGN_RANDOM ? 2.0 * gsl_rng_uniform (rng) - 1.0 : -1.0 + 2.0 * i / (double) (n - 1);
  if (design == LAB_BV_DESIGN_RANDOM)
    qsort (x, n, sizeof (double), lab_compare_doubles);
}

/* ---- the polynomial bases of every training set, kept between computes ----
 *
 * The inputs x of the training sets depend on (seed, n-train, design, trials) only,
 * and so do the orthogonal bases and their values on the grid — 60 % of a sweep's
 * work. Dragging the degree, the noise or the truth changes only y, so the last
 * set of bases is kept (immutable, refcounted, shared between workers) and a
 * compute that finds it does just the projections. The results are bit-identical
 * with and without it. */

#define BASES_MAX_BYTES (64 << 20)

typedef struct
{
  LabBvDesign     design;
  guint           n_sets;      /* trials, or 1 for the fixed design */
  double         *x;           /* n_sets × n */
  guint          *reached;     /* n_sets: the degree each set reaches (may be less than asked) */
  double         *q;           /* n_sets × n × (degree + 1) */
  double         *w;           /* n_sets × N_GRID × (degree + 1) */
} PolyBases;                   /* an rc box, shared through lab-cache */

static void
poly_bases_clear (gpointer data)
{
  PolyBases *b = data;

  g_free (b->x);
  g_free (b->reached);
  g_free (b->q);
  g_free (b->w);
}

static void
poly_bases_release (PolyBases *b)
{
  if (b != NULL)
    g_atomic_rc_box_release_full (b, poly_bases_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PolyBases, poly_bases_release)

static gsize
poly_bases_bytes (gsize n, guint sets, guint degree)
{
  return (gsize) sets * (n + (n + N_GRID) * (degree + 1)) * sizeof (double);
}

/* The bases for these inputs: from the cache, or made (and cached) now. NULL when
 * too large to keep (the caller works trial by trial) or when cancelled. */
static PolyBases *
poly_bases_get (guint64        seed,
                gsize          n,
                guint          trials,
                LabBvDesign    design,
                guint          degree,
                const double  *grid,
                GCancellable  *cancellable)
{
  guint sets = design == LAB_BV_DESIGN_FIXED ? 1 : trials;
  g_autoptr(PolyBases) b = NULL;
  g_autoptr(gsl_rng) rng = NULL;
  g_autoptr(LabPolyBasis) basis = NULL;
  g_autofree char *key = NULL;
  guint D1 = degree + 1;

  if (poly_bases_bytes (n, sets, degree) > BASES_MAX_BYTES)
    return NULL;

  key = g_strdup_printf ("seed=%" G_GUINT64_FORMAT " n=%" G_GSIZE_FORMAT " trials=%u design=%d degree=%u",
                         seed, n, trials, (int) design, degree);
  if ((b = lab_cache_lookup ("bias-variance/bases", key)) != NULL)
    return g_steal_pointer (&b);

  b = g_atomic_rc_box_new0 (PolyBases);
  b->design = design;
  b->n_sets = sets;
  b->x = g_new (double, (gsize) sets * n);
  b->reached = g_new (guint, sets);
  b->q = g_new (double, (gsize) sets * n * D1);
  b->w = g_new (double, (gsize) sets * N_GRID * D1);
  rng = lab_rng_new (4 * seed);
  basis = lab_poly_basis_new (n, degree);
  for (guint t = 0; t < sets; t++)
    {
      double *x = b->x + (gsize) t * n;
      guint dt;

      draw_inputs (rng, design, x, n);
      dt = b->reached[t] = lab_poly_basis_set_points (basis, x, n);
      memcpy (b->q + (gsize) t * n * D1, lab_poly_basis_get_q (basis, NULL), n * (dt + 1) * sizeof (double));
      lab_poly_basis_eval (basis, grid, N_GRID, b->w + (gsize) t * N_GRID * D1);
      if (t % 16 == 15 && g_cancellable_is_cancelled (cancellable))
        return NULL;
    }

  lab_cache_store ("bias-variance/bases", key, b, poly_bases_clear);
  return g_steal_pointer (&b);
}

static LabResult *
compute_synthetic (LabParams     *params,
                   LabProgress   *progress,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (BvResult), bv_result_finalize);
  BvResult *self = (BvResult *) result;
  g_auto(Sweep) s = { 0 };
  LabBvModel model = lab_params_get_enum (params, "model");
  LabBvDesign design = lab_params_get_enum (params, "design");
  gsize n = (gsize) lab_params_get_int (params, "n-train");
  guint T = (guint) lab_params_get_int (params, "trials");
  double unbias;
  double sigma = lab_params_get_double (params, "noise");
  int degree = lab_params_get_int (params, "degree");
  double lambda = lab_params_get_double (params, "lambda");
  int k = lab_params_get_int (params, "k");
  int depth = lab_params_get_int (params, "depth");
  guint64 seed = (guint64) lab_params_get_int (params, "seed");
  g_autoptr(gsl_rng) rng_x = lab_rng_new (4 * seed);
  g_autoptr(gsl_rng) rng_noise = lab_rng_new (4 * seed + 1);
  g_autoptr(gsl_rng) rng_test = lab_rng_new (4 * seed + 2);
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *eps_test = g_new (double, N_GRID);
  g_autofree double *sum1 = NULL;     /* Σ_t (f̂ − f) per setting and grid point */
  g_autofree double *sum2 = NULL;     /* Σ_t (f̂ − f)² */
  g_autofree double *single1 = NULL;
  g_autofree double *single2 = NULL;
  g_autofree double *test = NULL;     /* Σ_t Σ_g (y_test − f̂)² per setting */
  g_autofree double *train = NULL;
  g_autoptr(PolyBases) bases = NULL;
  guint S;

  self->model = model;
  self->truth_kind = lab_params_get_enum (params, "truth");
  self->n_trials = T;
  self->n_train = n;
  self->noise = sigma;
  self->threshold = NAN;
  self->source_name = g_strdup (_("simulated"));

  /* the settings of the sweep */
  s.model = model;
  s.n = n;
  s.grid = self->grid;
  switch (model)
    {
    case LAB_BV_MODEL_POLY:
      if (lab_params_get_boolean (params, "double-descent"))
        {
          /* least squares up to degree n − 1, minimum-norm interpolants beyond */
          s.dd_max = (guint) MIN ((gsize) 100, MAX ((gsize) MAX_DEGREE, 3 * n));
          s.degree = (guint) MIN ((gsize) s.dd_max, n - 1);
          if (s.dd_max <= s.degree)
            s.dd_max = 0;
          S = MAX (s.degree, s.dd_max) + 1;
          self->threshold = (double) (n - 1);
        }
      else
        {
          if ((gsize) degree >= n)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("degree %d needs at least %d training points: raise n-train, lower the degree, "
                             "or turn on double-descent for minimum-norm fits past the interpolation point"),
                           degree, degree + 1);
              return NULL;
            }
          s.degree = (guint) MIN ((gsize) MAX_DEGREE, n - 1);
          S = s.degree + 1;
          self->threshold = NAN;
        }
      self->current = (guint) degree;
      break;
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO:
      if (degree < 1)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("ridge and lasso penalise the weights of the features x, x², …, x^degree: set degree to 1 or more"));
          return NULL;
        }
      s.degree = (guint) degree;
      s.lambda = g_new (double, N_LAMBDA + 1);
      S = 0;
      self->current = G_MAXUINT;
      for (guint i = 0; i < N_LAMBDA; i++)
        {
          double l = LAMBDA_MAX * pow (LAMBDA_MIN / LAMBDA_MAX, i / (double) (N_LAMBDA - 1));

          if (self->current == G_MAXUINT && lambda >= l * (1 - 1e-9))
            {
              self->current = S;
              s.lambda[S++] = lambda;
              if (fabs (lambda - l) <= 1e-9 * l)
                continue;
            }
          s.lambda[S++] = l;
        }
      if (self->current == G_MAXUINT)
        {
          self->current = S;
          s.lambda[S++] = lambda;
        }
      break;
    case LAB_BV_MODEL_KNN:
      if ((gsize) k > n)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("k = %d exceeds the %zu points of a training set: lower k or raise n-train"), k, n);
          return NULL;
        }
      s.k_max = (guint) MIN (n, (gsize) MAX (KNN_SWEEP, k));
      S = s.k_max;
      self->current = s.k_max - (guint) k;
      break;
    case LAB_BV_MODEL_TREE:
    case LAB_BV_MODEL_BAGGING:
      S = MAX_DEPTH + 1;
      self->current = (guint) depth;
      s.n_models = (guint) lab_params_get_int (params, "models");
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  s.n_settings = S;
  self->n_settings = S;
  self->degree = s.degree;

  /* workspaces */
  s.pred = g_new (double, S * N_GRID);
  s.train = g_new (double, S);
  switch (model)
    {
    case LAB_BV_MODEL_POLY:
      s.wgrid = g_new (double, N_GRID * (s.degree + 1));
      s.work = g_new (double, n);
      if (s.dd_max > 0)
        {
          s.min_norm = lab_min_norm_new (n);
          s.phi_grid = g_new (double, N_GRID * (s.dd_max + 1));
          s.phi_x = g_new (double, (s.dd_max + 1) * n);
          s.kernel = g_new (double, N_GRID * n);
          s.zmn = g_new (double, n);
        }
      s.coef = g_new (double, s.degree + 1);
      s.rss = g_new (double, s.degree + 1);
      break;
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO:
      s.z = g_new (double, n * s.degree);
      s.zg = g_new (double, N_GRID * s.degree);
      s.w = g_new (double, s.degree);
      break;
    case LAB_BV_MODEL_KNN:
      s.knn_grid = g_new (double, N_GRID * s.k_max);
      s.knn_train = g_new (double, n * s.k_max);
      break;
    case LAB_BV_MODEL_TREE:
    case LAB_BV_MODEL_BAGGING:
      s.tree = lab_tree_new (n, MAX_DEPTH);
      s.weights = g_new (double, n);
      s.boot = lab_rng_new (4 * seed + 3);
      if (model == LAB_BV_MODEL_BAGGING)
        {
          s.single = g_new (double, S * N_GRID);
          single1 = g_new0 (double, S * N_GRID);
          single2 = g_new0 (double, S * N_GRID);
        }
      break;
    default:
      g_assert_not_reached ();
    }

  for (guint g = 0; g < N_GRID; g++)
    {
      self->grid[g] = -1.0 + 2.0 * g / (N_GRID - 1);
      self->truth[g] = truth_at (self->truth_kind, self->grid[g]);
    }
  if (s.dd_max > 0)
    for (guint g = 0; g < N_GRID; g++)
      lab_legendre_features (self->grid[g], s.dd_max, s.phi_grid + g * (s.dd_max + 1));
  if (model == LAB_BV_MODEL_POLY)
    {
      bases = poly_bases_get (seed, n, T, design, s.degree, self->grid, cancellable);
      if (bases == NULL)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          s.basis = lab_poly_basis_new (n, s.degree);
        }
    }
  sum1 = g_new0 (double, S * N_GRID);
  sum2 = g_new0 (double, S * N_GRID);
  test = g_new0 (double, S);
  train = g_new0 (double, S);
  self->fits = g_new (double, (gsize) T * N_GRID);
  self->train_x = g_new (double, n);
  self->train_y = g_new (double, n);

  for (guint t = 0; t < T; t++)
    {
      /* a training set, sorted by x */
      guint set = design == LAB_BV_DESIGN_FIXED ? 0 : t;

      if (bases != NULL)
        memcpy (x, bases->x + (gsize) set * n, n * sizeof (double));
      else
        draw_inputs (rng_x, design, x, n);
      for (gsize i = 0; i < n; i++)
        y[i] = truth_at (self->truth_kind, x[i]) + sigma * lab_rng_gaussian (rng_noise);
      for (guint g = 0; g < N_GRID; g++)
        eps_test[g] = lab_rng_gaussian (rng_test);
      if (t == 0)
        {
          memcpy (self->train_x, x, n * sizeof (double));
          memcpy (self->train_y, y, n * sizeof (double));
        }

      switch (model)
        {
        case LAB_BV_MODEL_POLY:
          if (bases != NULL)
            trial_poly (&s, bases->q + (gsize) set * n * (s.degree + 1), bases->reached[set],
                        bases->w + (gsize) set * N_GRID * (s.degree + 1), y);
          else
            {
              guint dt = lab_poly_basis_set_points (s.basis, x, n);

              lab_poly_basis_eval (s.basis, self->grid, N_GRID, s.wgrid);
              trial_poly (&s, lab_poly_basis_get_q (s.basis, NULL), dt, s.wgrid, y);
            }
          if (s.dd_max > 0)
            trial_min_norm (&s, x, y);
          break;
        case LAB_BV_MODEL_RIDGE:
          if (!trial_ridge (&s, x, y, error))
            return NULL;
          break;
        case LAB_BV_MODEL_LASSO:
          trial_lasso (&s, x, y);
          break;
        case LAB_BV_MODEL_KNN:
          trial_knn (&s, x, y);
          break;
        case LAB_BV_MODEL_TREE:
        case LAB_BV_MODEL_BAGGING:
          trial_trees (&s, x, y);
          break;
        default:
          g_assert_not_reached ();
        }

      for (guint i = 0; i < S; i++)
        {
          const double *p = s.pred + i * N_GRID;
          double *s1 = sum1 + i * N_GRID, *s2 = sum2 + i * N_GRID, e = 0.0;

          for (guint g = 0; g < N_GRID; g++)
            {
              double d = p[g] - self->truth[g], r = d - sigma * eps_test[g];

              s1[g] += d;
              s2[g] += d * d;
              e += r * r;
            }
          test[i] += e;
          train[i] += s.train[i];
        }
      if (single1 != NULL)
        for (guint j = 0; j < S * N_GRID; j++)
          {
            double d = s.single[j] - self->truth[j % N_GRID];

            single1[j] += d;
            single2[j] += d * d;
          }
      memcpy (self->fits + (gsize) t * N_GRID, s.pred + self->current * N_GRID, N_GRID * sizeof (double));

      if (t % 8 == 7 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      lab_progress_set (progress, 0.95 * (t + 1) / T);
    }

  /* the decomposition per setting, averaged over the grid (T/(T − 1): the unbiased variance) */
  unbias = T > 1 ? (double) T / (T - 1) : 1.0;
  self->complexity = g_new (double, S);
  self->bias2 = g_new (double, S);
  self->bias2_raw = g_new (double, S);
  self->variance = g_new (double, S);
  self->test_mse = g_new (double, S);
  self->train_mse = g_new (double, S);
  self->mc_se = g_new (double, S);
  if (single1 != NULL)
    self->single_variance = g_new (double, S);
  for (guint i = 0; i < S; i++)
    {
      double b2 = 0.0, v = 0.0, m2 = 0.0, sv = 0.0;

      for (guint g = 0; g < N_GRID; g++)
        {
          double m = sum1[i * N_GRID + g] / T, q = sum2[i * N_GRID + g] / T;

          b2 += m * m;
          v += MAX (q - m * m, 0.0);
          m2 += q;
          if (single1 != NULL)
            {
              double sm = single1[i * N_GRID + g] / T;

              sv += MAX (single2[i * N_GRID + g] / T - sm * sm, 0.0);
            }
        }
      /* f̄ averages T fits, so (f̄ − f)² over-estimates bias² by var/T: the unbiased estimates are
       * s² = v·T/(T − 1) and bias² = (f̄ − f)² − s²/T (clamped at 0 after averaging over the
       * grid); their sum is still (f̄ − f)² + v, so bias² + variance + σ² matches the test error */
      self->bias2_raw[i] = b2 / N_GRID;
      self->variance[i] = v / N_GRID * unbias;
      self->bias2[i] = MAX (self->bias2_raw[i] - self->variance[i] / T, 0.0);
      self->test_mse[i] = test[i] / ((double) T * N_GRID);
      self->train_mse[i] = train[i] / T;
      /* test − (bias² + variance + σ²) = mean of −2σ d ε' + σ²(ε'² − 1) over T·G independent test draws */
      self->mc_se[i] = sqrt ((4 * sigma * sigma * m2 / N_GRID + 2 * pow (sigma, 4)) / ((double) T * N_GRID));
      if (single1 != NULL)
        self->single_variance[i] = sv / N_GRID * unbias;
      switch (model)
        {
        case LAB_BV_MODEL_POLY:
        case LAB_BV_MODEL_TREE:
        case LAB_BV_MODEL_BAGGING:
          self->complexity[i] = i;
          break;
        case LAB_BV_MODEL_RIDGE:
        case LAB_BV_MODEL_LASSO:
          self->complexity[i] = 1.0 / s.lambda[i];
          break;
        case LAB_BV_MODEL_KNN:
          self->complexity[i] = 1.0 / (s.k_max - i);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  for (guint g = 0; g < N_GRID; g++)
    {
      double m = sum1[self->current * N_GRID + g] / T, q = sum2[self->current * N_GRID + g] / T;

      self->mean[g] = self->truth[g] + m;
      self->var_x[g] = MAX (q - m * m, 0.0) * unbias;
      self->bias2_x[g] = MAX (m * m - self->var_x[g] / T, 0.0);
      self->sd[g] = sqrt (self->var_x[g]);
    }
  self->unconverged = s.unconverged;

  if (model == LAB_BV_MODEL_RIDGE || model == LAB_BV_MODEL_LASSO)
    if (!paths (self, &s, self->train_x, self->train_y, lambda, error))
      return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------ */
/* data mode */

/* The folds' squared errors @sse[F] (over @n_valid[F] rows each) as one number: pooled,
 * Σ SSE_f / Σ n_f; or mean, (1/F) Σ SSE_f / n_f — scikit-learn's cross_val_score mean of
 * neg_mean_squared_error, negated. They differ when the folds differ in size. */
static double
combine_folds (const double   *sse,
               const gsize    *n_valid,
               guint           F,
               LabBvCvCombine  combine)
{
  double acc = 0.0;
  gsize n = 0;

  for (guint f = 0; f < F; f++)
    {
      if (combine == LAB_BV_CV_MEAN)
        acc += sse[f] / (double) n_valid[f];
      else
        acc += sse[f];
      n += n_valid[f];
    }
  return combine == LAB_BV_CV_MEAN ? acc / F : acc / (double) n;
}

/* k-fold cross-validation of every degree 0 … self->cv_max, one basis per fold. */
static void
cross_validate (BvResult *self)
{
  gsize n = self->n;
  guint D = self->cv_max, F = self->folds;
  g_autoptr(LabPolyBasis) basis = lab_poly_basis_new (n, D);
  g_autofree double *xt = g_new (double, n);
  g_autofree double *yt = g_new (double, n);
  g_autofree double *xv = g_new (double, n);
  g_autofree double *yv = g_new (double, n);
  g_autofree double *c = g_new (double, D + 1);
  g_autofree double *w = NULL;
  g_autofree double *sse = g_new0 (double, (D + 1) * F);   /* degree × fold */
  g_autofree gsize *n_valid = g_new0 (gsize, F);
  guint supported = D;
  /* the rows are sorted by x: interleaved folds each span the whole range */
  g_autofree guint *fold = lab_cv_assign (n, F, LAB_CV_INTERLEAVED, 0);
  g_autofree gsize *train = g_new (gsize, n);
  g_autofree gsize *valid = g_new (gsize, n);

  w = g_new (double, (n / F + 1) * (D + 1));
  for (guint f = 0; f < F; f++)
    {
      gsize nt, nv;
      guint Dt;

      lab_cv_split (fold, n, f, train, &nt, valid, &nv);
      for (gsize i = 0; i < nt; i++)
        xt[i] = self->x[train[i]], yt[i] = self->y[train[i]];
      for (gsize i = 0; i < nv; i++)
        xv[i] = self->x[valid[i]], yv[i] = self->y[valid[i]];
      Dt = lab_poly_basis_set_points (basis, xt, nt);
      supported = MIN (supported, Dt);
      lab_poly_basis_project (basis, yt, c, NULL);
      lab_poly_basis_eval (basis, xv, nv, w);
      n_valid[f] = nv;
      for (gsize i = 0; i < nv; i++)
        {
          double acc = 0.0;

          for (guint d = 0; d <= Dt; d++)
            {
              acc += c[d] * w[i * (Dt + 1) + d];
              sse[d * F + f] += (yv[i] - acc) * (yv[i] - acc);
            }
        }
    }
  self->cv_mse = g_new (double, D + 1);
  self->cv_best = 0;
  for (guint d = 0; d <= D; d++)
    {
      self->cv_mse[d] = d <= supported ? combine_folds (sse + d * F, n_valid, F, self->cv_combine) : NAN;
      if (d <= supported && self->cv_mse[d] < self->cv_mse[self->cv_best])
        self->cv_best = d;
    }

  /* the training error of each degree on all the data */
  {
    g_autoptr(LabPolyBasis) all = lab_poly_basis_new (n, D);
    g_autofree double *rss = g_new (double, D + 1);
    guint Da = lab_poly_basis_set_points (all, self->x, n);

    lab_poly_basis_project (all, self->y, c, rss);
    self->fit_mse = g_new (double, D + 1);
    for (guint d = 0; d <= D; d++)
      self->fit_mse[d] = d <= Da ? rss[d] / (double) n : NAN;
  }
}

/* ---- the cross-validation of a dataset, kept between computes ----
 *
 * It does not depend on the degree being shown: dragging the degree slider over a
 * large file refits one polynomial instead of redoing folds × degrees. */

typedef struct
{
  guint   cv_max;
  double *cv_mse;
  double *fit_mse;
  guint   cv_best;
} CvMemo;                      /* an rc box, shared through lab-cache */

static void
cv_memo_clear (gpointer data)
{
  CvMemo *m = data;

  g_free (m->cv_mse);
  g_free (m->fit_mse);
}

static char *
cv_key (const BvResult *self,
        LabDataset     *data)
{
  /* the same bytes read with other CSV options, or rows skipped, are other points */
  return g_strdup_printf ("%s delimiter=%d comment=%d header=%d n=%" G_GSIZE_FORMAT " skip=%d "
                          "x=%s y=%s folds=%u max=%u combine=%d", lab_dataset_get_sha256 (data),
                          lab_dataset_get_delimiter (data), lab_dataset_get_comment (data),
                          lab_dataset_has_header (data), self->n, self->skip_missing,
                          self->x_name, self->y_name, self->folds, self->cv_max, self->cv_combine);
}

static gboolean
cv_recall (BvResult   *self,
           LabDataset *data)
{
  g_autofree char *key = cv_key (self, data);
  CvMemo *m = lab_cache_lookup ("bias-variance/cv", key);

  if (m == NULL)
    return FALSE;
  self->cv_mse = g_memdup2 (m->cv_mse, (self->cv_max + 1) * sizeof (double));
  self->fit_mse = g_memdup2 (m->fit_mse, (self->cv_max + 1) * sizeof (double));
  self->cv_best = m->cv_best;
  g_atomic_rc_box_release_full (m, cv_memo_clear);
  return TRUE;
}

static void
cv_remember (const BvResult *self,
             LabDataset     *data)
{
  g_autofree char *key = cv_key (self, data);
  CvMemo *m = g_atomic_rc_box_new0 (CvMemo);

  m->cv_max = self->cv_max;
  m->cv_mse = g_memdup2 (self->cv_mse, (self->cv_max + 1) * sizeof (double));
  m->fit_mse = g_memdup2 (self->fit_mse, (self->cv_max + 1) * sizeof (double));
  m->cv_best = self->cv_best;
  lab_cache_store ("bias-variance/cv", key, m, cv_memo_clear);
  g_atomic_rc_box_release_full (m, cv_memo_clear);
}


/* ---- data mode: ridge, lasso, kNN, tree, bagging ---- */

#define DATA_LASSO_GAP    1e-24   /* stop on the weights' movement (10⁻¹⁵·sd(y)): the exact optimum */
#define DATA_LASSO_PASSES 100000

/* Predictions of @model at every setting (λ decreasing for ridge and lasso, k for kNN,
 * depth for trees) at the queries @q[m], trained on (@x, @y)[n] in any order, into
 * @pred[S × m]. The same engine as the synthetic lab: standardised polynomial features
 * (training statistics), one SVD for every λ, the warm-started lasso path, kNN of every
 * k from one window, the trees of every depth from one tree. */
static gboolean
data_predict (LabBvModel     model,
              guint          degree,
              guint          n_models,
              guint64        seed,
              const double  *settings,
              guint          S,
              const double  *x,
              const double  *y,
              gsize          n,
              const double  *q,
              gsize          m,
              double        *pred,
              guint         *unconverged,
              GError       **error)
{
  switch (model)
    {
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO:
      {
        g_autoptr(LabPolyScaler) scaler = lab_poly_scaler_new (x, n, degree);
        g_autofree double *z = g_new (double, n * degree);
        g_autofree double *zq = g_new (double, m * degree);
        g_autofree double *w = g_new0 (double, degree);
        g_autoptr(LabRidge) ridge = NULL;
        g_autoptr(LabLasso) lasso = NULL;

        lab_poly_scaler_transform (scaler, x, n, z);
        lab_poly_scaler_transform (scaler, q, m, zq);
        if (model == LAB_BV_MODEL_RIDGE)
          {
            ridge = lab_ridge_new (z, y, n, degree, error);
            if (ridge == NULL)
              return FALSE;
          }
        else
          lasso = lab_lasso_new (z, y, n, degree);
        for (guint i = 0; i < S; i++)
          {
            double b;

            if (ridge != NULL)
              lab_ridge_solve (ridge, settings[i], w, &b);
            else
              {
                if (!lab_lasso_solve (lasso, settings[i], w, DATA_LASSO_GAP, DATA_LASSO_PASSES, NULL))
                  (*unconverged)++;
                b = lab_lasso_intercept (lasso, w);
              }
            for (gsize j = 0; j < m; j++)
              {
                double f = b;

                for (guint k = 0; k < degree; k++)
                  f += zq[j * degree + k] * w[k];
                pred[i * m + j] = f;
              }
          }
      }
      return TRUE;
    case LAB_BV_MODEL_KNN:
    case LAB_BV_MODEL_TREE:
    case LAB_BV_MODEL_BAGGING:
      {
        g_autofree guint32 *order = g_new (guint32, n);
        g_autofree double *xs = g_new (double, n);
        g_autofree double *ys = g_new (double, n);

        lab_sort_index_doubles (x, n, order);
        for (gsize i = 0; i < n; i++)
          xs[i] = x[order[i]], ys[i] = y[order[i]];
        if (model == LAB_BV_MODEL_KNN)
          {
            guint k_max = 0;
            g_autofree double *out = NULL;

            for (guint i = 0; i < S; i++)
              k_max = MAX (k_max, (guint) settings[i]);
            out = g_new (double, m * k_max);
            lab_knn_predict_all (xs, ys, n, q, m, k_max, out);
            for (guint i = 0; i < S; i++)
              for (gsize j = 0; j < m; j++)
                pred[i * m + j] = out[j * k_max + (guint) settings[i] - 1];
          }
        else
          {
            g_autoptr(LabTree) tree = lab_tree_new (n, MAX_DEPTH);
            double out[MAX_DEPTH + 1];
            guint B = model == LAB_BV_MODEL_TREE ? 1 : n_models;
            g_autoptr(gsl_rng) rng = lab_rng_new (seed);
            g_autofree double *weights = g_new (double, n);

            memset (pred, 0, S * m * sizeof (double));
            for (guint b = 0; b < B; b++)
              {
                if (model == LAB_BV_MODEL_BAGGING)
                  {
                    /* a bootstrap resample: n draws with replacement, as multiplicities */
                    memset (weights, 0, n * sizeof (double));
                    for (gsize r = 0; r < n; r++)
                      weights[gsl_rng_uniform_int (rng, n)] += 1.0;
                  }
                lab_tree_grow (tree, xs, ys, model == LAB_BV_MODEL_BAGGING ? weights : NULL, n);
                for (gsize j = 0; j < m; j++)
                  {
                    lab_tree_predict_all (tree, q[j], out);
                    for (guint i = 0; i < S; i++)
                      pred[i * m + j] += out[(guint) settings[i]] / B;
                  }
              }
          }
      }
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* The sweep of settings for the data mode (the synthetic lab's: 25 λ from 10² down to
 * 10⁻⁶, k from k_max down to 1, depth 0 … 12) with the current one in its place. */
static gboolean
data_settings (BvResult   *self,
               LabParams  *params,
               gsize       n_train_min,
               double    **settings,
               GError    **error)
{
  guint S = 0;

  switch (self->model)
    {
    case LAB_BV_MODEL_RIDGE:
    case LAB_BV_MODEL_LASSO:
      {
        double lambda = lab_params_get_double (params, "lambda");

        if (self->degree == 0)
          {
            g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                         _("degree: %s needs at least one feature (degree from 1 to %d), found 0"),
                         self->model == LAB_BV_MODEL_RIDGE ? "ridge" : "lasso", MAX_DEGREE);
            return FALSE;
          }
        /* the grid alone, so that its cross-validation is remembered while λ moves;
         * a λ off the grid is cross-validated on its own (current = G_MAXUINT) */
        *settings = g_new (double, N_LAMBDA);
        self->current = G_MAXUINT;
        for (guint i = 0; i < N_LAMBDA; i++)
          {
            double l = LAMBDA_MAX * pow (LAMBDA_MIN / LAMBDA_MAX, i / (double) (N_LAMBDA - 1));

            if (fabs (lambda - l) <= 1e-9 * l)
              self->current = i, l = lambda;
            (*settings)[S++] = l;
          }
        self->complexity = g_new (double, S);
        for (guint i = 0; i < S; i++)
          self->complexity[i] = 1.0 / (*settings)[i];
        self->setting_value = lambda;
      }
      break;
    case LAB_BV_MODEL_KNN:
      {
        int k = lab_params_get_int (params, "k");
        guint k_max;

        if ((gsize) k > n_train_min)
          {
            g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                         _("k = %d exceeds the %zu rows of the smallest training fold: lower k (or folds)"),
                         k, n_train_min);
            return FALSE;
          }
        k_max = (guint) MIN (n_train_min, (gsize) MAX (KNN_SWEEP, k));
        S = k_max;
        *settings = g_new (double, S);
        self->complexity = g_new (double, S);
        for (guint i = 0; i < S; i++)
          {
            (*settings)[i] = k_max - i;
            self->complexity[i] = 1.0 / (k_max - i);
          }
        self->current = k_max - (guint) k;
        self->setting_value = k;
      }
      break;
    case LAB_BV_MODEL_TREE:
    case LAB_BV_MODEL_BAGGING:
      S = MAX_DEPTH + 1;
      *settings = g_new (double, S);
      self->complexity = g_new (double, S);
      for (guint i = 0; i < S; i++)
        (*settings)[i] = self->complexity[i] = i;
      self->current = (guint) lab_params_get_int (params, "depth");
      self->setting_value = self->current;
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  self->n_settings = S;
  return TRUE;
}

/* Every setting cross-validated (row i held out in fold i mod folds), the training error of
 * every setting on all the data, and the fit at the current setting: its R², residuals, curve. */
static gboolean
data_models (BvResult      *self,
             LabParams     *params,
             LabDataset    *data,
             LabProgress   *progress,
             GCancellable  *cancellable,
             GError       **error)
{
  gsize n = self->n;
  guint F = self->folds, S;
  guint n_models = (guint) lab_params_get_int (params, "models");
  guint64 seed = (guint64) lab_params_get_int (params, "seed");
  g_autofree guint *fold = lab_cv_assign (n, F, LAB_CV_INTERLEAVED, 0);
  g_autofree gsize *train = g_new (gsize, n);
  g_autofree gsize *valid = g_new (gsize, n);
  g_autofree double *xt = g_new (double, n);
  g_autofree double *yt = g_new (double, n);
  g_autofree double *xv = g_new (double, n);
  g_autofree double *yv = g_new (double, n);
  g_autofree double *settings = NULL;
  g_autofree double *pred = NULL;
  g_autofree double *sse = NULL;
  g_autofree gsize *n_valid = g_new0 (gsize, F);
  gsize n_train_min = n - (n + F - 1) / F;
  double tss = 0.0, mean = 0.0;
  guint unconverged = 0;

  g_autofree char *base = NULL;
  g_autofree char *key = NULL;
  g_autofree double *now = NULL;
  CvMemo *memo;
  double current;

  if (!data_settings (self, params, n_train_min, &settings, error))
    return FALSE;
  S = self->n_settings;
  current = self->current != G_MAXUINT ? settings[self->current] : lab_params_get_double (params, "lambda");
  pred = g_new (double, (gsize) S * n);
  sse = g_new0 (double, (gsize) S * F);

  /* the sweep does not depend on the current setting: remembered per dataset and model, so
   * that dragging λ, k or depth over a large file refits one model, not folds × settings */
  base = cv_key (self, data);
  key = g_strdup_printf ("%s model=%d degree=%u models=%u seed=%" G_GUINT64_FORMAT " S=%u first=%.17g", base,
                         self->model, self->model == LAB_BV_MODEL_RIDGE || self->model == LAB_BV_MODEL_LASSO ? self->degree : 0,
                         self->model == LAB_BV_MODEL_BAGGING ? n_models : 0,
                         self->model == LAB_BV_MODEL_BAGGING ? seed : 0, S, settings[0]);
  memo = lab_cache_lookup ("bias-variance/cv-models", key);
  if (memo != NULL)
    {
      self->cv_mse = g_memdup2 (memo->cv_mse, S * sizeof (double));
      self->fit_mse = g_memdup2 (memo->fit_mse, S * sizeof (double));
      self->cv_best = memo->cv_best;
      self->unconverged = 0;
      g_atomic_rc_box_release_full (memo, cv_memo_clear);
    }
  else
    {
      for (guint f = 0; f < F; f++)
        {
          gsize nt, nv;

          lab_cv_split (fold, n, f, train, &nt, valid, &nv);
          for (gsize i = 0; i < nt; i++)
            xt[i] = self->x[train[i]], yt[i] = self->y[train[i]];
          for (gsize i = 0; i < nv; i++)
            xv[i] = self->x[valid[i]], yv[i] = self->y[valid[i]];
          n_valid[f] = nv;
          if (!data_predict (self->model, self->degree, n_models, seed, settings, S, xt, yt, nt, xv, nv, pred,
                             &unconverged, error))
            return FALSE;
          for (guint s = 0; s < S; s++)
            for (gsize i = 0; i < nv; i++)
              sse[s * F + f] += (yv[i] - pred[s * nv + i]) * (yv[i] - pred[s * nv + i]);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          lab_progress_set (progress, 0.1 + 0.6 * (f + 1) / F);
        }
      self->cv_mse = g_new (double, S);
      self->cv_best = 0;
      for (guint s = 0; s < S; s++)
        {
          self->cv_mse[s] = combine_folds (sse + s * F, n_valid, F, self->cv_combine);
          if (self->cv_mse[s] < self->cv_mse[self->cv_best])
            self->cv_best = s;
        }
      /* on all the data: the training error of every setting */
      if (!data_predict (self->model, self->degree, n_models, seed, settings, S, self->x, self->y, n, self->x, n,
                         pred, &unconverged, error))
        return FALSE;
      self->fit_mse = g_new (double, S);
      for (guint s = 0; s < S; s++)
        {
          double acc = 0.0;

          for (gsize i = 0; i < n; i++)
            acc += (self->y[i] - pred[s * n + i]) * (self->y[i] - pred[s * n + i]);
          self->fit_mse[s] = acc / (double) n;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      memo = g_atomic_rc_box_new0 (CvMemo);
      memo->cv_max = S - 1;
      memo->cv_mse = g_memdup2 (self->cv_mse, S * sizeof (double));
      memo->fit_mse = g_memdup2 (self->fit_mse, S * sizeof (double));
      memo->cv_best = self->cv_best;
      lab_cache_store ("bias-variance/cv-models", key, memo, cv_memo_clear);
      g_atomic_rc_box_release_full (memo, cv_memo_clear);
    }
  lab_progress_set (progress, 0.8);

  /* the current setting: its cross-validated error (a λ off the grid is cross-validated
   * here, fold by fold), and its fit on all the data: R², residuals, the curve */
  if (self->current != G_MAXUINT)
    self->cv_at_setting = self->cv_mse[self->current];
  else
    {
      memset (sse, 0, F * sizeof (double));
      for (guint f = 0; f < F; f++)
        {
          gsize nt, nv;

          lab_cv_split (fold, n, f, train, &nt, valid, &nv);
          for (gsize i = 0; i < nt; i++)
            xt[i] = self->x[train[i]], yt[i] = self->y[train[i]];
          for (gsize i = 0; i < nv; i++)
            xv[i] = self->x[valid[i]], yv[i] = self->y[valid[i]];
          n_valid[f] = nv;
          if (!data_predict (self->model, self->degree, n_models, seed, &current, 1, xt, yt, nt, xv, nv, pred,
                             &unconverged, error))
            return FALSE;
          for (gsize i = 0; i < nv; i++)
            sse[f] += (yv[i] - pred[i]) * (yv[i] - pred[i]);
        }
      self->cv_at_setting = combine_folds (sse, n_valid, F, self->cv_combine);
    }
  now = g_new (double, n);
  if (!data_predict (self->model, self->degree, n_models, seed, &current, 1, self->x, self->y, n, self->x, n,
                     now, &unconverged, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    mean += (self->y[i] - mean) / (double) (i + 1);
  self->residuals = g_new (double, n);
  self->train_mse_now = 0.0;
  for (gsize i = 0; i < n; i++)
    {
      tss += (self->y[i] - mean) * (self->y[i] - mean);
      self->residuals[i] = self->y[i] - now[i];
      self->train_mse_now += self->residuals[i] * self->residuals[i];
    }
  self->r2 = tss > 0 ? 1.0 - self->train_mse_now / tss : NAN;
  self->train_mse_now /= (double) n;
  self->unconverged += unconverged;

  {
    double lo = self->x[0], hi = self->x[0];

    for (gsize i = 1; i < n; i++)
      {
        lo = MIN (lo, self->x[i]);
        hi = MAX (hi, self->x[i]);
      }
    for (guint i = 0; i < N_CURVE; i++)
      self->curve_x[i] = lo + (hi - lo) * i / (N_CURVE - 1);
    if (!data_predict (self->model, self->degree, n_models, seed, &current, 1,
                       self->x, self->y, n, self->curve_x, N_CURVE, self->curve_y, &unconverged, error))
      return FALSE;
  }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static LabResult *
compute_data (LabParams     *params,
              LabDataset    *data,
              LabProgress   *progress,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (BvResult), bv_result_finalize);
  BvResult *self = (BvResult *) result;
  const char *xname = lab_params_get_string (params, "x-column");
  const char *yname = lab_params_get_string (params, "y-column");
  guint degree = (guint) lab_params_get_int (params, "degree");
  g_autofree double *xv = NULL;
  g_autofree double *yv = NULL;
  g_autofree guint8 *keep = NULL;
  int xc, yc;
  gsize distinct;

  if (data == NULL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
      return NULL;
    }
  self->data_mode = TRUE;
  xc = lab_topic_find_column (data, "x-column", xname, error);
  if (xc < 0)
    return NULL;
  yc = lab_topic_find_column (data, "y-column", yname, error);
  if (yc < 0)
    return NULL;
  self->n = lab_dataset_get_n_rows (data);
  self->source_name = g_strdup (lab_dataset_get_name (data));
  /* skip-missing: the rows where both x and y are present, in order */
  if (lab_params_get_boolean (params, "skip-missing"))
    {
      const guint cols[] = { (guint) xc, (guint) yc };

      self->skip_missing = TRUE;
      keep = lab_columns_complete_rows (data, cols, G_N_ELEMENTS (cols), &self->rows_skipped);
      self->n -= self->rows_skipped;
    }
  xv = lab_columns_dup_finite (data, (guint) xc, keep, "x-column", error);
  if (xv == NULL)
    return NULL;
  yv = lab_columns_dup_finite (data, (guint) yc, keep, "y-column", error);
  if (yv == NULL)
    return NULL;

  self->folds = (guint) lab_params_get_int (params, "folds");
  self->x_name = g_strdup (xname);
  self->y_name = g_strdup (yname);
  self->cv_combine = lab_params_get_enum (params, "cv-combine");
  self->model = lab_params_get_enum (params, "model");
  self->degree = degree;
  if (self->n < self->folds)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: %zu rows are too few for %u-fold cross-validation: lower folds"),
                   self->source_name, self->n, self->folds);
      return NULL;
    }
  if (self->model != LAB_BV_MODEL_POLY)
    {
      self->x = g_steal_pointer (&xv);
      self->y = g_steal_pointer (&yv);
      if (!data_models (self, params, data, progress, cancellable, error))
        return NULL;
      lab_progress_set (progress, 1.0);
      return g_steal_pointer (&result);
    }
  distinct = lab_count_distinct (xv, self->n);
  if (distinct < degree + 1)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: a polynomial of degree %u needs at least %u distinct values of x, "
                     "but column “%s” has %zu: lower the degree"),
                   self->source_name, degree, degree + 1, xname, distinct);
      return NULL;
    }
  self->x = g_steal_pointer (&xv);
  self->y = g_steal_pointer (&yv);

  self->fit = lab_polyfit_new (self->x, self->y, self->n, degree, error);
  if (self->fit == NULL)
    return NULL;
  self->residuals = g_new (double, self->n);
  for (gsize i = 0; i < self->n; i++)
    self->residuals[i] = self->y[i] - lab_polyfit_eval (self->fit, self->x[i]);
  lab_progress_set (progress, 0.4);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self->cv_max = (guint) MIN ((gsize) MAX_DEGREE, distinct - 1);
  if (!cv_recall (self, data))
    {
      cross_validate (self);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      cv_remember (self, data);
    }

  {
    double lo = self->x[0], hi = self->x[0];

    for (gsize i = 1; i < self->n; i++)
      {
        lo = MIN (lo, self->x[i]);
        hi = MAX (hi, self->x[i]);
      }
    for (guint i = 0; i < N_CURVE; i++)
      {
        self->curve_x[i] = lo + (hi - lo) * i / (N_CURVE - 1);
        self->curve_y[i] = lab_polyfit_eval (self->fit, self->curve_x[i]);
      }
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  lab_progress_set (progress, 1.0);
  return g_steal_pointer (&result);
}

LabResult *
bv_compute (LabParams     *params,
            LabDataset    *data,
            LabProgress   *progress,
            GCancellable  *cancellable,
            GError       **error)
{
  if (lab_params_get_enum (params, "source") == LAB_BV_SOURCE_DATA)
    return compute_data (params, data, progress, cancellable, error);
  return compute_synthetic (params, progress, cancellable, error);
}
