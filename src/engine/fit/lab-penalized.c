/* lab-penalized.c — ridge and lasso regression (see lab-penalized.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "lab-error.h"
#include "lab-penalized.h"

/* Column means of row-major @z (n × p) into @mean, and the mean of @y. */
static double
centre (const double *z,
        const double *y,
        gsize         n,
        guint         p,
        double       *mean)
{
  double ybar = 0.0;

  memset (mean, 0, p * sizeof (double));
  for (gsize i = 0; i < n; i++)
    {
      ybar += y[i];
      for (guint j = 0; j < p; j++)
        mean[j] += z[i * p + j];
    }
  for (guint j = 0; j < p; j++)
    mean[j] /= (double) n;
  return ybar / (double) n;
}

/* ------------------------------------------------------------------ */
/* ridge */

struct _LabRidge
{
  gsize   n;
  guint   p;
  guint   rank;     /* min (n, p) */
  double *v;        /* p × rank, row-major */
  double *s;        /* rank singular values */
  double *uty;      /* rank: Uᵀ (y − ȳ) */
  double *zbar;     /* p */
  double  ybar;
};

LabRidge *
lab_ridge_new (const double  *z,
               const double  *y,
               gsize          n,
               guint          p,
               GError       **error)
{
  g_autoptr(LabRidge) ridge = g_new0 (LabRidge, 1);
  gboolean tall = n >= p;
  gsize rows = tall ? n : p, cols = tall ? p : n;
  gsl_matrix *a, *vv;
  gsl_vector *s, *work;
  int status;

  g_return_val_if_fail (n >= 1 && p >= 1, NULL);

  ridge->n = n;
  ridge->p = p;
  ridge->rank = (guint) cols;
  ridge->zbar = g_new (double, p);
  ridge->ybar = centre (z, y, n, p, ridge->zbar);

  /* A = Zc (n ≥ p) or Zcᵀ (n < p), rows × cols with rows ≥ cols */
  a = gsl_matrix_alloc (rows, cols);
  vv = gsl_matrix_alloc (cols, cols);
  s = gsl_vector_alloc (cols);
  work = gsl_vector_alloc (cols);
  for (gsize i = 0; i < n; i++)
    for (guint j = 0; j < p; j++)
      {
        double v = z[i * p + j] - ridge->zbar[j];

        if (tall)
          gsl_matrix_set (a, i, j, v);
        else
          gsl_matrix_set (a, j, i, v);
      }
  status = gsl_linalg_SV_decomp (a, vv, s, work);
  gsl_vector_free (work);
  if (status != GSL_SUCCESS)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC, _("ridge regression: the SVD failed (%s)"),
                   gsl_strerror (status));
      gsl_matrix_free (a);
      gsl_matrix_free (vv);
      gsl_vector_free (s);
      return NULL;
    }

  /* Zc = U S Vᵀ: tall → U = a (n × r), V = vv (p × r); wide → U = vv (n × r), V = a (p × r) */
  ridge->v = g_new (double, (gsize) p * ridge->rank);
  ridge->s = g_new (double, ridge->rank);
  ridge->uty = g_new0 (double, ridge->rank);
  for (guint r = 0; r < ridge->rank; r++)
    {
      ridge->s[r] = gsl_vector_get (s, r);
      for (guint j = 0; j < p; j++)
        ridge->v[j * ridge->rank + r] = tall ? gsl_matrix_get (vv, j, r) : gsl_matrix_get (a, j, r);
      for (gsize i = 0; i < n; i++)
        ridge->uty[r] += (tall ? gsl_matrix_get (a, i, r) : gsl_matrix_get (vv, i, r)) * (y[i] - ridge->ybar);
    }
  gsl_matrix_free (a);
  gsl_matrix_free (vv);
  gsl_vector_free (s);
  return g_steal_pointer (&ridge);
}

void
lab_ridge_free (LabRidge *ridge)
{
  if (ridge == NULL)
    return;
  g_free (ridge->v);
  g_free (ridge->s);
  g_free (ridge->uty);
  g_free (ridge->zbar);
  g_free (ridge);
}

void
lab_ridge_solve (const LabRidge *ridge,
                 double          lambda,
                 double         *w,
                 double         *intercept)
{
  guint p = ridge->p, r = ridge->rank;
  double smax = 0.0, nl = (double) ridge->n * MAX (lambda, 0.0);
  double *beta = g_newa (double, MAX (r, 1));

  for (guint k = 0; k < r; k++)
    smax = MAX (smax, ridge->s[k]);
  for (guint k = 0; k < r; k++)
    {
      double sk = ridge->s[k];

      if (nl > 0.0)
        beta[k] = sk / (sk * sk + nl) * ridge->uty[k];
      else
        beta[k] = sk > 1e-12 * smax ? ridge->uty[k] / sk : 0.0;
    }
  *intercept = ridge->ybar;
  for (guint j = 0; j < p; j++)
    {
      double s = 0.0;

      for (guint k = 0; k < r; k++)
        s += ridge->v[j * r + k] * beta[k];
      w[j] = s;
      *intercept -= s * ridge->zbar[j];
    }
}

/* ------------------------------------------------------------------ */
/* lasso */

struct _LabLasso
{
  guint   p;
  double *gram;    /* p × p: ZcᵀZc / n */
  double *g;       /* p: Zcᵀyc / n */
  double *gw;      /* p: G w, kept current during a pass */
  double *zbar;
  double  ybar;
  double  yy;      /* ‖yc‖²/n */
  guint  *active;
};

LabLasso *
lab_lasso_new (const double *z,
               const double *y,
               gsize         n,
               guint         p)
{
  LabLasso *lasso = g_new0 (LabLasso, 1);

  lasso->p = p;
  lasso->gram = g_new0 (double, (gsize) p * p);
  lasso->g = g_new0 (double, p);
  lasso->gw = g_new0 (double, p);
  lasso->zbar = g_new (double, p);
  lasso->active = g_new (guint, p);
  lasso->ybar = centre (z, y, n, p, lasso->zbar);
  for (gsize i = 0; i < n; i++)
    {
      const double *zi = z + i * p;
      double yi = y[i] - lasso->ybar;

      for (guint j = 0; j < p; j++)
        {
          double a = zi[j] - lasso->zbar[j];

          if (j == 0)
            lasso->yy += yi * yi;
          lasso->g[j] += a * yi;
          for (guint k = j; k < p; k++)
            lasso->gram[j * p + k] += a * (zi[k] - lasso->zbar[k]);
        }
    }
  if (p == 0)
    for (gsize i = 0; i < n; i++)
      lasso->yy += (y[i] - lasso->ybar) * (y[i] - lasso->ybar);
  lasso->yy /= (double) n;
  for (guint j = 0; j < p; j++)
    {
      lasso->g[j] /= (double) n;
      for (guint k = j; k < p; k++)
        lasso->gram[k * p + j] = lasso->gram[j * p + k] /= (double) n;
    }
  return lasso;
}

void
lab_lasso_free (LabLasso *lasso)
{
  if (lasso == NULL)
    return;
  g_free (lasso->gram);
  g_free (lasso->g);
  g_free (lasso->gw);
  g_free (lasso->zbar);
  g_free (lasso->active);
  g_free (lasso);
}

double
lab_lasso_lambda_max (const LabLasso *lasso)
{
  double m = 0.0;

  for (guint j = 0; j < lasso->p; j++)
    m = MAX (m, fabs (lasso->g[j]));
  return m;
}

static inline double
soft_threshold (double rho,
                double lambda)
{
  if (rho > lambda)
    return rho - lambda;
  if (rho < -lambda)
    return rho + lambda;
  return 0.0;
}

double
lab_lasso_iterate (LabLasso    *lasso,
                   double       lambda,
                   double      *w,
                   const guint *active,
                   guint        n_active)
{
  guint p = lasso->p;
  const double *G = lasso->gram;
  double *gw = lasso->gw, max_change = 0.0;

  /* G w for the weights as given */
  for (guint j = 0; j < p; j++)
    {
      double s = 0.0;

      for (guint k = 0; k < p; k++)
        if (w[k] != 0.0)
          s += G[j * p + k] * w[k];
      gw[j] = s;
    }
  if (active == NULL)
    n_active = p;
  for (guint a = 0; a < n_active; a++)
    {
      guint j = active ? active[a] : a;
      double gjj = G[j * p + j], old = w[j], new;

      if (!(gjj > 0.0))
        {
          new = 0.0;
        }
      else
        new = soft_threshold (lasso->g[j] - gw[j] + gjj * old, lambda) / gjj;
      if (new != old)
        {
          double d = new - old;

          w[j] = new;
          for (guint k = 0; k < p; k++)
            gw[k] += d * G[k * p + j];
          max_change = MAX (max_change, fabs (d) * sqrt (MAX (gjj, 0.0)));
        }
    }
  return max_change;
}

/* The gap, with gw = G w current. */
static double
gap_of (LabLasso     *lasso,
        double        lambda,
        const double *w)
{
  guint p = lasso->p;
  double gtw = 0.0, wgw = 0.0, l1 = 0.0, dual_norm = 0.0, rr, ry, scale, gap;

  for (guint j = 0; j < p; j++)
    {
      double c = lasso->g[j] - lasso->gw[j];   /* Zᵀr/n */

      gtw += lasso->g[j] * w[j];
      wgw += w[j] * lasso->gw[j];
      l1 += fabs (w[j]);
      dual_norm = MAX (dual_norm, fabs (c));
    }
  rr = MAX (lasso->yy - 2.0 * gtw + wgw, 0.0);   /* ‖r‖²/n */
  ry = lasso->yy - gtw;                           /* rᵀyc/n */
  scale = dual_norm > lambda ? lambda / dual_norm : 1.0;
  gap = 0.5 * rr * (1.0 + scale * scale) + lambda * l1 - scale * ry;
  return gap;
}

double
lab_lasso_duality_gap (LabLasso     *lasso,
                       double        lambda,
                       const double *w)
{
  guint p = lasso->p;

  for (guint j = 0; j < p; j++)
    {
      double s = 0.0;

      for (guint k = 0; k < p; k++)
        s += lasso->gram[j * p + k] * w[k];
      lasso->gw[j] = s;
    }
  return gap_of (lasso, lambda, w);
}

typedef long double real;

/* ½wᵀGw − gᵀw + λ‖w‖₁: the objective less the constant ½‖yc‖²/n */
static real
objective (const LabLasso *lasso,
           double          lambda,
           const real     *w)
{
  guint p = lasso->p;
  real f = 0.0L;

  for (guint j = 0; j < p; j++)
    {
      real gw = 0.0L;

      if (w[j] == 0.0L)
        continue;
      for (guint k = 0; k < p; k++)
        gw += lasso->gram[j * p + k] * w[k];
      f += 0.5L * w[j] * gw - lasso->g[j] * w[j] + lambda * fabsl (w[j]);
    }
  return f;
}

/* Solves G_AA v = r_A by Cholesky in long double; FALSE when G_AA is numerically singular. */
static gboolean
solve_active (const LabLasso *lasso,
              const guint    *a,
              guint           m,
              const real     *r,
              real           *v)
{
  guint p = lasso->p;
  real *l = g_newa (real, (gsize) m * m);

  for (guint i = 0; i < m; i++)
    for (guint j = 0; j <= i; j++)
      {
        real sum = lasso->gram[a[i] * p + a[j]];

        for (guint k = 0; k < j; k++)
          sum -= l[i * m + k] * l[j * m + k];
        if (i == j)
          {
            if (!(sum > 1e-16L * lasso->gram[a[i] * p + a[i]]))
              return FALSE;
            l[i * m + i] = sqrtl (sum);
          }
        else
          l[i * m + j] = sum / l[j * m + j];
      }
  for (guint i = 0; i < m; i++)
    {
      real sum = r[i];

      for (guint k = 0; k < i; k++)
        sum -= l[i * m + k] * v[k];
      v[i] = sum / l[i * m + i];
    }
  for (guint i = m; i-- > 0;)
    {
      real sum = v[i];

      for (guint k = i + 1; k < m; k++)
        sum -= l[k * m + i] * v[k];
      v[i] = sum / l[i * m + i];
    }
  return TRUE;
}

/* Feature-sign search (Lee, Battle, Raina & Ng, NIPS 2006) from the warm start in
 * @w: on the current support A with signs θ the objective is a quadratic, whose
 * minimiser G_AA v = g_A − λθ_A is found exactly; a discrete line search from w_A
 * towards v stops at sign changes, which leave the support; then the zero weight
 * violating |∇_j| ≤ λ most joins. Every step lowers the objective and there are
 * finitely many (support, sign) pairs, so it ends at the exact solution — in a
 * handful of steps from a nearby λ. FALSE when a support's Gram matrix is
 * numerically singular or the step budget runs out (w is then still a descent
 * from the start). */
static gboolean
feature_sign (LabLasso *lasso,
              double    lambda,
              double   *w,
              guint     max_steps)
{
  guint p = lasso->p;
  real *x = g_newa (real, p), *grad = g_newa (real, p), *cand = g_newa (real, p);
  real *r = g_newa (real, p), *v = g_newa (real, p), *ts = g_newa (real, p + 1);
  guint *a = lasso->active;
  real gmax = 0.0L, tol;

  for (guint j = 0; j < p; j++)
    {
      x[j] = w[j];
      gmax = MAX (gmax, fabsl ((real) lasso->g[j]));
    }
  tol = 1e-12L * (gmax + lambda);

  for (guint step = 0; step < max_steps; step++)
    {
      gboolean nonzero_optimal = TRUE;
      guint m = 0, n_ts = 0, worst = G_MAXUINT;
      real worst_v = 0.0L, best_f;

      for (guint j = 0; j < p; j++)
        {
          real s = -(real) lasso->g[j];

          for (guint k = 0; k < p; k++)
            if (x[k] != 0.0L)
              s += lasso->gram[j * p + k] * x[k];
          grad[j] = s;
          if (x[j] != 0.0L && fabsl (s + lambda * (x[j] > 0 ? 1 : -1)) > tol)
            nonzero_optimal = FALSE;
        }
      if (nonzero_optimal)
        {
          /* the zero weight that most violates optimality joins the support */
          for (guint j = 0; j < p; j++)
            if (x[j] == 0.0L && fabsl (grad[j]) > worst_v)
              {
                worst_v = fabsl (grad[j]);
                worst = j;
              }
          if (worst == G_MAXUINT || worst_v <= lambda + tol)
            {
              for (guint j = 0; j < p; j++)
                w[j] = (double) x[j];
              return TRUE;
            }
        }

      /* the support and signs: the non-zero weights, plus the newcomer */
      for (guint j = 0; j < p; j++)
        if (x[j] != 0.0L || j == worst)
          {
            real theta = x[j] != 0.0L ? (x[j] > 0 ? 1 : -1) : (grad[j] > 0 ? -1 : 1);

            a[m] = j;
            r[m] = lasso->g[j] - lambda * theta;
            m++;
          }
      if (!solve_active (lasso, a, m, r, v))
        {
          for (guint j = 0; j < p; j++)
            w[j] = (double) x[j];
          return FALSE;
        }

      /* the line search: v itself and every sign change on the way from x_A */
      ts[n_ts++] = 1.0L;
      for (guint i = 0; i < m; i++)
        {
          real x0 = x[a[i]], x1 = v[i];

          if (x0 != 0.0L && (x0 > 0) != (x1 > 0))
            ts[n_ts++] = x0 / (x0 - x1);
        }
      best_f = INFINITY;
      for (guint c = 0; c < n_ts; c++)
        {
          real f;

          memset (cand, 0, p * sizeof (real));
          for (guint i = 0; i < m; i++)
            {
              real x0 = x[a[i]];

              cand[a[i]] = x0 + ts[c] * (v[i] - x0);
              /* the coordinate whose crossing this is lands on exactly 0 */
              if (c > 0 && x0 != 0.0L && fabsl (ts[c] - x0 / (x0 - v[i])) <= 1e-18L)
                cand[a[i]] = 0.0L;
            }
          f = objective (lasso, lambda, cand);
          if (f < best_f)
            {
              best_f = f;
              memcpy (r, cand, p * sizeof (real));   /* r: the best candidate so far */
            }
        }
      /* keep the newcomer's sign consistent: a weight that would start with the wrong
       * sign stays 0 */
      for (guint j = 0; j < p; j++)
        x[j] = r[j];
    }
  for (guint j = 0; j < p; j++)
    w[j] = (double) x[j];
  return FALSE;
}

gboolean
lab_lasso_solve (LabLasso *lasso,
                 double    lambda,
                 double   *w,
                 double    gap_tol,
                 guint     max_passes,
                 guint    *n_passes)
{
  guint passes = 0;
  gboolean converged;
  double gap_limit = gap_tol * lasso->yy, still = 1e-15 * sqrt (lasso->yy);

  converged = feature_sign (lasso, lambda, w, 8 * lasso->p + 16);
  /* coordinate descent takes over where the support is too ill-conditioned */
  while (!converged && passes < max_passes)
    {
      double change = lab_lasso_iterate (lasso, lambda, w, NULL, 0);
      guint n_active = 0;

      passes++;
      if (change <= still || gap_of (lasso, lambda, w) <= gap_limit)
        {
          converged = TRUE;
          break;
        }
      for (guint j = 0; j < lasso->p; j++)
        if (w[j] != 0.0)
          lasso->active[n_active++] = j;
      /* settle the non-zero weights, then check every coordinate again */
      for (guint inner = 0; inner < 64 && passes < max_passes && n_active > 0; inner++)
        {
          change = lab_lasso_iterate (lasso, lambda, w, lasso->active, n_active);
          passes++;
          if (gap_of (lasso, lambda, w) <= gap_limit)
            {
              converged = TRUE;
              break;
            }
          if (change <= still)
            break;
        }
    }
  if (n_passes != NULL)
    *n_passes = passes;
  return converged;
}

double
lab_lasso_intercept (const LabLasso *lasso,
                     const double   *w)
{
  double b = lasso->ybar;

  for (guint j = 0; j < lasso->p; j++)
    b -= w[j] * lasso->zbar[j];
  return b;
}
