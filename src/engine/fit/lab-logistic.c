/* lab-logistic.c — multinomial logistic regression (see lab-logistic.h)
 *
 * The gradient and Hessian of the softmax loss are written out here because they are
 * the lesson (the residual pₖ − yₖ times x; the weights pₖ(δₖₗ − pₗ) that make the
 * Hessian IRLS's weighted least squares); the matrix products go through lab_gemm (GSL's
 * CBLAS, OpenBLAS where linked) and the linear solves through GSL's Cholesky.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "lab-error.h"
#include "lab-linalg.h"
#include "lab-logistic.h"

typedef struct
{
  gsize       m;        /* training rows */
  guint       d;
  guint       k;        /* classes */
  guint       r;        /* free rows: 1 (two classes) or k */
  guint       q;        /* parameters per row: d + 1 (the intercept last) */
  guint       p;        /* r · q */
  LabPenalty  penalty;
  double      lambda;   /* 1/C */
  double      s_null;   /* weight of ½ s ‖Σᵣ θᵣ‖² on the shift-invariant parameters (K > 2) */
  gsl_matrix *xa;       /* m × q: the rows with a trailing 1 */
  guint      *y;        /* m */
  gsl_matrix *z;        /* m × r logits */
  gsl_matrix *e;        /* m × r residuals, then scratch */
  gsl_matrix *b;        /* m × q scratch */
  double     *proba;    /* k */
} Work;

/* Whether parameter j of a row is shift-invariant (and so gets the null term) */
static gboolean
is_null_direction (const Work *w,
                   guint       j)
{
  if (w->r == 1)
    return FALSE;
  return j == w->d || w->penalty == LAB_PENALTY_NONE;
}

/* The class of free row @row */
static inline guint
row_class (const Work *w,
           guint       row)
{
  return w->r == 1 ? 1 : row;
}

/* log Σ exp of the k logits of row i of z (class 0 pinned at 0 for two classes); fills
 * w->proba. */
static double
softmax_row (const Work   *w,
             const double *zi,
             double       *proba)
{
  double mx = -INFINITY, sum = 0;

  for (guint c = 0; c < w->k; c++)
    {
      proba[c] = w->r == 1 ? (c == 0 ? 0.0 : zi[0]) : zi[c];
      mx = MAX (mx, proba[c]);
    }
  for (guint c = 0; c < w->k; c++)
    {
      proba[c] = exp (proba[c] - mx);
      sum += proba[c];
    }
  for (guint c = 0; c < w->k; c++)
    proba[c] /= sum;
  return mx + log (sum);
}

/* F (smooth part: loss + L2 + null term) at @theta; with @g the gradient, with @h the Hessian. */
static double
evaluate (Work         *w,
          const double *theta,
          double       *g,
          double       *h)
{
  double f = 0;

  /* logits Z = Xa Θᵀ */
  lab_gemm (FALSE, TRUE, (guint) w->m, w->r, w->q, 1.0, w->xa->data, w->xa->tda, theta, w->q, 0.0,
            w->z->data, w->z->tda);

  for (gsize i = 0; i < w->m; i++)
    {
      const double *zi = gsl_matrix_const_ptr (w->z, i, 0);
      double *pi = gsl_matrix_ptr (w->e, i, 0);
      double lse = softmax_row (w, zi, w->proba);
      guint yi = w->y[i];

      f += lse - (w->r == 1 ? (yi == 1 ? zi[0] : 0.0) : zi[yi]);
      for (guint row = 0; row < w->r; row++)
        pi[row] = w->proba[row_class (w, row)];
    }

  if (h != NULL)
    {
      /* H_rs = Xaᵀ diag(p_r (δ_rs − p_s)) Xa */
      for (guint r1 = 0; r1 < w->r; r1++)
        for (guint r2 = r1; r2 < w->r; r2++)
          {
            for (gsize i = 0; i < w->m; i++)
              {
                double pr = gsl_matrix_get (w->e, i, r1), ps = gsl_matrix_get (w->e, i, r2);
                double wt = pr * ((r1 == r2) - ps);
                const double *xi = gsl_matrix_const_ptr (w->xa, i, 0);
                double *bi = gsl_matrix_ptr (w->b, i, 0);

                for (guint j = 0; j < w->q; j++)
                  bi[j] = wt * xi[j];
              }
            lab_gemm (TRUE, FALSE, w->q, w->q, (guint) w->m, 1.0, w->xa->data, w->xa->tda, w->b->data, w->b->tda,
                      0.0, h + (gsize) r1 * w->q * w->p + (gsize) r2 * w->q, w->p);
            if (r2 != r1)
              for (guint a = 0; a < w->q; a++)
                for (guint c = 0; c < w->q; c++)
                  h[((gsize) r2 * w->q + c) * w->p + (gsize) r1 * w->q + a] =
                    h[((gsize) r1 * w->q + a) * w->p + (gsize) r2 * w->q + c];
          }
    }

  if (g != NULL)
    {
      /* residuals pₖ − [y = k]; G = Eᵀ Xa */
      for (gsize i = 0; i < w->m; i++)
        for (guint row = 0; row < w->r; row++)
          if (w->y[i] == row_class (w, row))
            *gsl_matrix_ptr (w->e, i, row) -= 1.0;
      lab_gemm (TRUE, FALSE, w->r, w->q, (guint) w->m, 1.0, w->e->data, w->e->tda, w->xa->data, w->xa->tda,
                0.0, g, w->q);
    }

  /* the penalties on the coefficients (not the intercepts) */
  if (w->penalty == LAB_PENALTY_L2)
    for (guint row = 0; row < w->r; row++)
      for (guint j = 0; j < w->d; j++)
        {
          gsize a = (gsize) row * w->q + j;

          f += 0.5 * w->lambda * theta[a] * theta[a];
          if (g != NULL)
            g[a] += w->lambda * theta[a];
          if (h != NULL)
            h[a * w->p + a] += w->lambda;
        }
  for (guint j = 0; j < w->q; j++)
    if (is_null_direction (w, j))
      {
        double s = 0;

        for (guint row = 0; row < w->r; row++)
          s += theta[row * w->q + j];
        f += 0.5 * w->s_null * s * s;
        for (guint r1 = 0; r1 < w->r; r1++)
          {
            if (g != NULL)
              g[r1 * w->q + j] += w->s_null * s;
            if (h != NULL)
              for (guint r2 = 0; r2 < w->r; r2++)
                h[((gsize) r1 * w->q + j) * w->p + (gsize) r2 * w->q + j] += w->s_null;
          }
      }
  return f;
}

static double
l1_norm (const Work   *w,
         const double *theta)
{
  double s = 0;

  for (guint row = 0; row < w->r; row++)
    for (guint j = 0; j < w->d; j++)
      s += fabs (theta[row * w->q + j]);
  return s;
}

/* The largest entry of the minimum-norm subgradient of F, over n */
static double
optimality (const Work   *w,
            const double *theta,
            const double *g)
{
  double worst = 0;

  for (guint a = 0; a < w->p; a++)
    {
      double v = fabs (g[a]);

      if (w->penalty == LAB_PENALTY_L1 && a % w->q != w->d)
        {
          if (theta[a] != 0)
            v = fabs (g[a] + copysign (w->lambda, theta[a]));
          else
            v = MAX (v - w->lambda, 0);
        }
      worst = MAX (worst, v);
    }
  return worst / (double) w->m;
}

/* Solves H Δ = −g by Cholesky, damping H by μI when it is not numerically positive definite
 * (the saturated directions of separable data). Returns FALSE when even heavy damping fails. */
static gboolean
newton_step (const Work   *w,
             const double *h,
             const double *g,
             double       *delta,
             gsl_matrix   *chol)
{
  double top = 0, mu = 0;

  for (guint a = 0; a < w->p; a++)
    top = MAX (top, h[(gsize) a * w->p + a]);
  if (top <= 0)
    top = 1;
  for (int attempt = 0; attempt < 16; attempt++)
    {
      gsl_vector_view dv = gsl_vector_view_array (delta, w->p);

      memcpy (chol->data, h, sizeof (double) * w->p * w->p);
      for (guint a = 0; a < w->p; a++)
        {
          double *haa = gsl_matrix_ptr (chol, a, a);

          /* a parameter nothing depends on (a constant column without a penalty): keep it */
          if (*haa == 0)
            *haa = 1;
          *haa += mu;
        }
      if (gsl_linalg_cholesky_decomp1 (chol) == GSL_SUCCESS)
        {
          gsl_vector_const_view gv = gsl_vector_const_view_array (g, w->p);

          gsl_vector_memcpy (&dv.vector, &gv.vector);
          gsl_vector_scale (&dv.vector, -1.0);
          if (gsl_linalg_cholesky_svx (chol, &dv.vector) == GSL_SUCCESS)
            {
              gboolean finite = TRUE;

              for (guint a = 0; a < w->p; a++)
                finite = finite && isfinite (delta[a]);
              if (finite)
                return TRUE;
            }
        }
      mu = mu == 0 ? 1e-12 * top : mu * 100;
    }
  return FALSE;
}

/* Proximal Newton's inner problem: minimises gᵀΔ + ½ ΔᵀHΔ + λ ‖W + Δ_W‖₁ by cyclic coordinate
 * descent with soft thresholding (the intercepts unthresholded). */
static void
l1_model_solve (const Work   *w,
                const double *theta,
                const double *g,
                const double *h,
                double       *delta,
                double       *hd)
{
  double scale = 1;

  memset (delta, 0, sizeof (double) * w->p);
  memset (hd, 0, sizeof (double) * w->p);
  for (guint a = 0; a < w->p; a++)
    scale = MAX (scale, fabs (theta[a]));
  for (guint pass = 0; pass < 500; pass++)
    {
      double biggest = 0;

      for (guint a = 0; a < w->p; a++)
        {
          double haa = h[(gsize) a * w->p + a], zstar, z, change;

          if (haa <= 0)
            continue;
          /* the model in θₐ + Δₐ alone: ½ haa (z − z*)² (+ λ|z|) */
          zstar = theta[a] + delta[a] - (g[a] + hd[a]) / haa;
          if (a % w->q != w->d)
            {
              double t = w->lambda / haa;

              z = zstar > t ? zstar - t : zstar < -t ? zstar + t : 0.0;
            }
          else
            z = zstar;
          change = z - theta[a] - delta[a];
          if (change != 0)
            {
              const double *col = h + (gsize) a * w->p;   /* H is symmetric: row a = column a */

              delta[a] += change;
              for (guint b = 0; b < w->p; b++)
                hd[b] += change * col[b];
              biggest = MAX (biggest, fabs (change) * sqrt (haa));
            }
        }
      if (biggest <= 1e-13 * scale * sqrt ((double) w->m))
        break;
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The exact minimisation along the flat directions of an L1 multinomial fit: subtracting the
 * median of each feature's coefficients over the classes leaves every probability as it was
 * and minimises the column's L1 norm (for an even number of classes, any point between the two
 * middle values does; the midpoint is taken). */
static void
l1_best_shift (const Work *w,
               double     *theta)
{
  double v[64];

  g_assert (w->r <= G_N_ELEMENTS (v));
  for (guint j = 0; j < w->d; j++)
    {
      double med;

      for (guint r = 0; r < w->r; r++)
        v[r] = theta[r * w->q + j];
      qsort (v, w->r, sizeof (double), compare_doubles);
      med = w->r % 2 ? v[w->r / 2] : 0.5 * (v[w->r / 2 - 1] + v[w->r / 2]);
      if (med != 0)
        for (guint r = 0; r < w->r; r++)
          {
            double t = theta[r * w->q + j] - med;

            /* the median row lands on exactly 0 */
            theta[r * w->q + j] = fabs (t) <= 1e-15 * fabs (med) ? 0.0 : t;
          }
    }
}

LabLogistic *
lab_logistic_fit (const double             *x,
                  const guint              *y,
                  gsize                     n,
                  guint                     d,
                  guint                     n_classes,
                  const guint              *rows,
                  gsize                     n_rows,
                  const LabLogisticOptions *options,
                  const LabLogistic        *warm,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  Work w = { 0 };
  g_autoptr(LabLogistic) model = NULL;
  g_autofree double *theta = NULL, *g = NULL, *h = NULL, *delta = NULL, *trial = NULL, *hd = NULL;
  gsl_matrix *chol = NULL;
  double tol, f;
  guint max_iter;
  gboolean step_large = FALSE, ok = TRUE;

  g_return_val_if_fail (x != NULL && y != NULL && options != NULL, NULL);
  g_return_val_if_fail (n_classes >= 2 && d >= 1, NULL);

  if (options->penalty != LAB_PENALTY_NONE && !(options->c > 0 && isfinite (options->c)))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("c must be a positive number, not %g"), options->c);
      return NULL;
    }

  w.m = rows != NULL ? n_rows : n;
  if (w.m == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("logistic regression needs at least one training row"));
      return NULL;
    }
  w.d = d;
  w.k = n_classes;
  w.r = n_classes == 2 ? 1 : n_classes;
  w.q = d + 1;
  w.p = w.r * w.q;
  w.penalty = options->penalty;
  w.lambda = options->penalty == LAB_PENALTY_NONE ? 0.0 : 1.0 / options->c;
  w.s_null = (double) w.m / w.k;
  tol = options->tol > 0 ? options->tol : 1e-10;
  max_iter = options->max_iter > 0 ? options->max_iter : 100;

  w.xa = gsl_matrix_alloc (w.m, w.q);
  w.y = g_new (guint, w.m);
  for (gsize i = 0; i < w.m; i++)
    {
      gsize row = rows != NULL ? rows[i] : i;

      memcpy (gsl_matrix_ptr (w.xa, i, 0), x + row * d, d * sizeof (double));
      gsl_matrix_set (w.xa, i, d, 1.0);
      w.y[i] = y[row];
      g_return_val_if_fail (w.y[i] < n_classes, NULL);
    }
  w.z = gsl_matrix_alloc (w.m, w.r);
  w.e = gsl_matrix_alloc (w.m, w.r);
  w.b = gsl_matrix_alloc (w.m, w.q);
  w.proba = g_new (double, w.k);
  chol = gsl_matrix_alloc (w.p, w.p);

  theta = g_new0 (double, w.p);
  g = g_new (double, w.p);
  h = g_new (double, (gsize) w.p * w.p);
  delta = g_new (double, w.p);
  trial = g_new (double, w.p);
  hd = g_new (double, w.p);
  if (warm != NULL && warm->d == d && warm->n_classes == n_classes)
    for (guint row = 0; row < w.r; row++)
      {
        for (guint j = 0; j < d; j++)
          theta[row * w.q + j] = warm->coef[row * d + j];
        theta[row * w.q + d] = warm->intercept[row];
      }

  model = g_new0 (LabLogistic, 1);
  model->n_classes = n_classes;
  model->d = d;
  model->n_rows = w.r;
  model->coef = g_new0 (double, (gsize) w.r * d);
  model->intercept = g_new0 (double, w.r);

  f = evaluate (&w, theta, g, h);
  if (w.penalty == LAB_PENALTY_L1)
    f += w.lambda * l1_norm (&w, theta);
  for (model->n_iter = 0;; model->n_iter++)
    {
      double decrease = 0, f_new = f, t = 1;
      gboolean accepted = FALSE;

      model->optimality = optimality (&w, theta, g);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (model->optimality <= tol && w.penalty != LAB_PENALTY_NONE)
        {
          model->converged = TRUE;
          break;
        }
      if (model->n_iter >= max_iter)
        break;

      if (w.penalty == LAB_PENALTY_L1)
        {
          l1_model_solve (&w, theta, g, h, delta, hd);
          for (guint a = 0; a < w.p; a++)
            {
              decrease += g[a] * delta[a];
              trial[a] = theta[a] + delta[a];
            }
          decrease += w.lambda * (l1_norm (&w, trial) - l1_norm (&w, theta));
        }
      else
        {
          if (!newton_step (&w, h, g, delta, chol))
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC,
                           _("logistic regression: the Newton system cannot be solved (features collinear?)"));
              ok = FALSE;
              break;
            }
          for (guint a = 0; a < w.p; a++)
            decrease += g[a] * delta[a];
        }

      if (w.penalty == LAB_PENALTY_NONE && model->optimality <= tol)
        {
          /* The gradient has vanished. At a true optimum Newton's next step is negligible;
           * where the MLE does not exist the loss keeps falling along a separating
           * direction, and the step stays as long as ever while the curvature fades. */
          double big = 0, size = 0;

          for (guint a = 0; a < w.p; a++)
            {
              big = MAX (big, fabs (theta[a]));
              size = MAX (size, fabs (delta[a]));
            }
          step_large = size > 1e-4 * MAX (1.0, big);
          model->converged = !step_large;
          break;
        }

      if (!(decrease < 0))
        break;   /* no descent direction left: rounding */
      /* backtracking (Armijo) line search on F — except where the predicted decrease is below
       * the rounding of F itself: there F cannot judge the step, and Newton's full step is the
       * one that removes the rest of the gradient */
      if (-decrease <= 64 * DBL_EPSILON * MAX (fabs (f), 1.0))
        {
          for (guint a = 0; a < w.p; a++)
            trial[a] = theta[a] + delta[a];
          accepted = TRUE;
          t = 0;
        }
      for (; !accepted && t > 1e-12; t *= 0.5)
        {
          for (guint a = 0; a < w.p; a++)
            trial[a] = theta[a] + t * delta[a];
          f_new = evaluate (&w, trial, NULL, NULL);
          if (w.penalty == LAB_PENALTY_L1)
            f_new += w.lambda * l1_norm (&w, trial);
          if (f_new <= f + 1e-4 * t * decrease)
            {
              accepted = TRUE;
              break;
            }
        }
      if (!accepted)
        break;
      memcpy (theta, trial, sizeof (double) * w.p);
      if (w.penalty == LAB_PENALTY_L1 && w.r > 1)
        l1_best_shift (&w, theta);
      f = evaluate (&w, theta, g, h);
      if (w.penalty == LAB_PENALTY_L1)
        f += w.lambda * l1_norm (&w, theta);
    }

  if (ok && w.penalty == LAB_PENALTY_NONE && !model->converged)
    {
      /* stopped without the gradient vanishing (the iteration limit): the loss still falling
       * with full-length steps also means no finite minimiser */
      model->separable = step_large || model->n_iter >= max_iter;
    }
  else if (ok && w.penalty == LAB_PENALTY_NONE)
    model->separable = step_large;
  model->objective = f;

  for (guint row = 0; row < w.r; row++)
    {
      for (guint j = 0; j < d; j++)
        model->coef[row * d + j] = theta[row * w.q + j];
      model->intercept[row] = theta[row * w.q + d];
    }

  gsl_matrix_free (w.xa);
  gsl_matrix_free (w.z);
  gsl_matrix_free (w.e);
  gsl_matrix_free (w.b);
  gsl_matrix_free (chol);
  g_free (w.y);
  g_free (w.proba);
  return ok ? g_steal_pointer (&model) : NULL;
}

void
lab_logistic_free (LabLogistic *model)
{
  if (model == NULL)
    return;
  g_free (model->coef);
  g_free (model->intercept);
  g_free (model);
}

void
lab_logistic_predict_proba (const LabLogistic *model,
                            const double      *x,
                            gsize              n,
                            double            *proba)
{
  guint k = model->n_classes, d = model->d;

  for (gsize i = 0; i < n; i++)
    {
      const double *xi = x + i * d;
      double *pi = proba + i * k, mx = -INFINITY, sum = 0;

      for (guint c = 0; c < k; c++)
        {
          guint row = model->n_rows == 1 ? 0 : c;
          double z = 0;

          if (model->n_rows == 1 && c == 0)
            {
              pi[c] = 0;
              continue;
            }
          z = model->intercept[row];
          for (guint j = 0; j < d; j++)
            z += model->coef[row * d + j] * xi[j];
          pi[c] = z;
        }
      for (guint c = 0; c < k; c++)
        mx = MAX (mx, pi[c]);
      for (guint c = 0; c < k; c++)
        {
          pi[c] = exp (pi[c] - mx);
          sum += pi[c];
        }
      for (guint c = 0; c < k; c++)
        pi[c] /= sum;
    }
}
