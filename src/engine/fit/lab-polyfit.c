/* lab-polyfit.c — least-squares polynomials (see lab-polyfit.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-error.h"
#include "lab-polyfit.h"
#include "lab-sort.h"

/* Rows of data folded into the triangular factor at a time. */
#define BLOCK_ROWS 64

gsize
lab_count_distinct (const double *x,
                    gsize         n)
{
  g_autofree guint64 *keys = NULL;
  g_autofree guint64 *scratch = NULL;
  gsize count = 0;

  if (n == 0)
    return 0;
  keys = g_new (guint64, n);
  scratch = g_new (guint64, n);
  for (gsize i = 0; i < n; i++)
    keys[i] = _lab_sort_key_from_double (x[i]);
  lab_sort_radix_u64 (keys, NULL, n, scratch, NULL);
  for (gsize i = 0; i < n; i++)
    if (i == 0 || keys[i] != keys[i - 1])
      count++;
  return count;
}

/* ------------------------------------------------------------------ */
/* one accurate fit */

typedef long double real;

/* T_0(u) … T_d(u) into t[0 … d] */
static inline void
chebyshev_row (real  u,
               guint d,
               real *t)
{
  t[0] = 1.0L;
  if (d >= 1)
    t[1] = u;
  for (guint k = 2; k <= d; k++)
    t[k] = 2.0L * u * t[k - 1] - t[k - 2];
}

/* Σ a_k T_k(u) by Clenshaw's recurrence */
static real
clenshaw (const real *a,
          guint       d,
          real        u)
{
  real b1 = 0.0L, b2 = 0.0L;

  for (guint k = d; k >= 1; k--)
    {
      real b0 = 2.0L * u * b1 - b2 + a[k];

      b2 = b1;
      b1 = b0;
    }
  return u * b1 - b2 + a[0];
}

/* Folds @rows rows of the augmented matrix [T(u) | y] (row-major in @block,
 * p + 1 columns) into the upper-triangular @r (row-major p × (p + 1), last
 * column Qᵀy) with Householder reflections; the block is overwritten. */
static void
fold_block (real  *r,
            real  *block,
            guint  rows,
            guint  p)
{
  guint w = p + 1;

  for (guint k = 0; k < p; k++)
    {
      real norm2 = r[k * w + k] * r[k * w + k], norm, alpha, v0, vtv;

      for (guint i = 0; i < rows; i++)
        norm2 += block[i * w + k] * block[i * w + k];
      if (norm2 == 0.0L)
        continue;
      norm = sqrtl (norm2);
      alpha = r[k * w + k] > 0 ? -norm : norm;
      v0 = r[k * w + k] - alpha;
      vtv = norm2 - alpha * r[k * w + k] * 2.0L + alpha * alpha;   /* = ‖v‖² with v = x − α e₀ */
      if (vtv <= 0.0L)
        continue;
      for (guint j = k + 1; j < w; j++)
        {
          real s = v0 * r[k * w + j], f;

          for (guint i = 0; i < rows; i++)
            s += block[i * w + k] * block[i * w + j];
          f = 2.0L * s / vtv;
          r[k * w + j] -= f * v0;
          for (guint i = 0; i < rows; i++)
            block[i * w + j] -= f * block[i * w + k];
        }
      r[k * w + k] = alpha;
      for (guint i = 0; i < rows; i++)
        block[i * w + k] = 0.0L;
    }
}

LabPolyfit *
lab_polyfit_new (const double  *x,
                 const double  *y,
                 gsize          n,
                 guint          degree,
                 GError       **error)
{
  guint p = degree + 1, w = p + 1;
  g_autoptr(LabPolyfit) fit = NULL;
  g_autofree real *r = NULL;
  g_autofree real *block = NULL;
  g_autofree real *a = NULL;
  g_autofree real *rinv = NULL;
  g_autofree real *tcoef = NULL;
  g_autofree real *m = NULL;
  real lo, hi, center, scale, mean = 0.0L, tss = 0.0L, rss = 0.0L, rmax = 0.0L;
  gsize distinct;

  g_return_val_if_fail (x != NULL && y != NULL, NULL);
  g_return_val_if_fail (degree <= 100, NULL);

  if (n == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("no data to fit"));
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (x[i]))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("x[%zu] is not finite"), i);
          return NULL;
        }
      if (!isfinite (y[i]))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("y[%zu] is not finite"), i);
          return NULL;
        }
    }
  distinct = lab_count_distinct (x, n);
  if (distinct < p)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("degree %u needs at least %u distinct x values, found %zu"),
                   degree, p, distinct);
      return NULL;
    }

  lo = hi = x[0];
  for (gsize i = 1; i < n; i++)
    {
      lo = MIN (lo, (real) x[i]);
      hi = MAX (hi, (real) x[i]);
    }
  center = (lo + hi) / 2.0L;
  scale = (hi - lo) / 2.0L;
  if (scale == 0.0L)
    scale = 1.0L;     /* one distinct x: degree 0 */

  /* QR of the Chebyshev design, streamed in blocks of rows */
  r = g_new0 (real, p * w);
  block = g_new (real, BLOCK_ROWS * w);
  for (gsize i0 = 0; i0 < n; i0 += BLOCK_ROWS)
    {
      guint rows = (guint) MIN ((gsize) BLOCK_ROWS, n - i0);

      for (guint i = 0; i < rows; i++)
        {
          chebyshev_row (((real) x[i0 + i] - center) / scale, degree, block + i * w);
          block[i * w + p] = y[i0 + i];
        }
      fold_block (r, block, rows, p);
    }

  for (guint k = 0; k < p; k++)
    rmax = MAX (rmax, fabsl (r[k * w + k]));
  for (guint k = 0; k < p; k++)
    if (!(fabsl (r[k * w + k]) > 1e-15L * rmax))
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC,
                     _("the design of degree %u is numerically rank deficient: "
                       "the x values are too close together for this degree"), degree);
        return NULL;
      }

  /* back substitution: R a = Qᵀy; and R⁻¹ for the covariance */
  a = g_new (real, p);
  for (guint k = p; k-- > 0;)
    {
      real s = r[k * w + p];

      for (guint j = k + 1; j < p; j++)
        s -= r[k * w + j] * a[j];
      a[k] = s / r[k * w + k];
    }
  rinv = g_new0 (real, p * p);
  for (guint c = 0; c < p; c++)
    for (guint k = c + 1; k-- > 0;)
      {
        real s = k == c ? 1.0L : 0.0L;

        for (guint j = k + 1; j <= c; j++)
          s -= r[k * w + j] * rinv[j * p + c];
        rinv[k * p + c] = s / r[k * w + k];
      }

  /* residuals of the fitted polynomial itself, and the spread of y */
  for (gsize i = 0; i < n; i++)
    mean += y[i];
  mean /= (real) n;
  for (gsize i = 0; i < n; i++)
    {
      real e = (real) y[i] - clenshaw (a, degree, ((real) x[i] - center) / scale);
      real d = (real) y[i] - mean;

      rss += e * e;
      tss += d * d;
    }

  /* Chebyshev in u → powers of u → powers of x: m[i·p + k] is the coefficient of
   * x^i in T_k((x − center)/scale) */
  tcoef = g_new0 (real, p * p);   /* tcoef[k·p + j]: coefficient of u^j in T_k */
  tcoef[0] = 1.0L;
  if (p > 1)
    tcoef[1 * p + 1] = 1.0L;
  for (guint k = 2; k < p; k++)
    for (guint j = 0; j <= k; j++)
      tcoef[k * p + j] = (j > 0 ? 2.0L * tcoef[(k - 1) * p + j - 1] : 0.0L) - tcoef[(k - 2) * p + j];
  m = g_new0 (real, p * p);
  {
    /* u^j = s^−j Σ_i C(j, i) x^i (−c)^(j−i) */
    g_autofree real *binom = g_new0 (real, p * p);
    g_autofree real *negc = g_new (real, p);
    g_autofree real *sinv = g_new (real, p);

    for (guint j = 0; j < p; j++)
      {
        binom[j * p + 0] = 1.0L;
        for (guint i = 1; i <= j; i++)
          binom[j * p + i] = binom[(j - 1) * p + i - 1] + (i < j ? binom[(j - 1) * p + i] : 0.0L);
        negc[j] = j == 0 ? 1.0L : negc[j - 1] * -center;
        sinv[j] = j == 0 ? 1.0L : sinv[j - 1] / scale;
      }
    for (guint k = 0; k < p; k++)
      for (guint j = 0; j <= k; j++)
        {
          real t = tcoef[k * p + j] * sinv[j];

          if (t == 0.0L)
            continue;
          for (guint i = 0; i <= j; i++)
            m[i * p + k] += t * binom[j * p + i] * negc[j - i];
        }
  }

  fit = g_new0 (LabPolyfit, 1);
  fit->degree = degree;
  fit->n = n;
  fit->coefficients = g_new (double, p);
  fit->std_errors = g_new (double, p);
  fit->chebyshev = g_new (double, p);
  fit->center = (double) center;
  fit->scale = (double) scale;
  fit->rss = (double) rss;
  fit->tss = (double) tss;
  fit->r2 = tss > 0 ? (double) (1.0L - rss / tss) : NAN;
  fit->residual_sd = n > p ? (double) sqrtl (rss / (real) (n - p)) : NAN;
  fit->adjusted_r2 = n > p && tss > 0
    ? (double) (1.0L - (rss / tss) * (real) (n - 1) / (real) (n - p))
    : NAN;
  for (guint i = 0; i < p; i++)
    {
      real b = 0.0L, v = 0.0L;

      for (guint k = 0; k < p; k++)
        b += m[i * p + k] * a[k];
      /* Cov(b) = s² (M R⁻¹)(M R⁻¹)ᵀ */
      for (guint c = 0; c < p; c++)
        {
          real e = 0.0L;

          for (guint k = 0; k <= c; k++)
            e += m[i * p + k] * rinv[k * p + c];
          v += e * e;
        }
      fit->coefficients[i] = (double) b;
      fit->std_errors[i] = n > p ? (double) (sqrtl (v) * sqrtl (rss / (real) (n - p))) : NAN;
      fit->chebyshev[i] = (double) a[i];
    }
  return g_steal_pointer (&fit);
}

void
lab_polyfit_free (LabPolyfit *fit)
{
  if (fit == NULL)
    return;
  g_free (fit->coefficients);
  g_free (fit->std_errors);
  g_free (fit->chebyshev);
  g_free (fit);
}

double
lab_polyfit_eval (const LabPolyfit *fit,
                  double            x)
{
  real b1 = 0.0L, b2 = 0.0L, u;

  g_return_val_if_fail (fit != NULL, NAN);

  u = ((real) x - fit->center) / fit->scale;
  for (guint k = fit->degree; k >= 1; k--)
    {
      real b0 = 2.0L * u * b1 - b2 + fit->chebyshev[k];

      b2 = b1;
      b1 = b0;
    }
  return (double) (u * b1 - b2 + fit->chebyshev[0]);
}

/* ------------------------------------------------------------------ */
/* nested fits: Vandermonde with Arnoldi */

struct _LabPolyBasis
{
  gsize   max_n;
  guint   max_degree;
  gsize   n;
  guint   degree;
  double  center;
  double  scale;
  double *q;       /* column-major n × (max_degree + 1); ‖q_k‖² = n */
  double *h;       /* h[k · (max_degree + 1) + j] = H_{j, k}: q_{k+1} = (u q_k − Σ_j H_{j,k} q_j) / H_{k+1,k} */
  double *work;    /* max_n */
};

LabPolyBasis *
lab_poly_basis_new (gsize max_n,
                    guint max_degree)
{
  LabPolyBasis *basis = g_new0 (LabPolyBasis, 1);

  basis->max_n = MAX (max_n, 1);
  basis->max_degree = max_degree;
  basis->q = g_new (double, basis->max_n * (max_degree + 1));
  basis->h = g_new (double, (gsize) (max_degree + 1) * (max_degree + 1));
  basis->work = g_new (double, basis->max_n);
  return basis;
}

void
lab_poly_basis_free (LabPolyBasis *basis)
{
  if (basis == NULL)
    return;
  g_free (basis->q);
  g_free (basis->h);
  g_free (basis->work);
  g_free (basis);
}

guint
lab_poly_basis_set_points (LabPolyBasis *basis,
                           const double *x,
                           gsize         n)
{
  gsize D1 = basis->max_degree + 1;
  double lo, hi;
  double *q = basis->q, *v = basis->work;

  g_return_val_if_fail (n >= 1 && n <= basis->max_n, 0);

  lo = hi = x[0];
  for (gsize i = 1; i < n; i++)
    {
      lo = MIN (lo, x[i]);
      hi = MAX (hi, x[i]);
    }
  basis->n = n;
  basis->center = (lo + hi) / 2.0;
  basis->scale = hi > lo ? (hi - lo) / 2.0 : 1.0;
  memset (basis->h, 0, D1 * D1 * sizeof (double));

  for (gsize i = 0; i < n; i++)
    q[i] = 1.0;
  basis->degree = 0;
  for (guint k = 1; k <= basis->max_degree && k < n; k++)
    {
      const double *qp = q + (k - 1) * n;
      double *hk = basis->h + (k - 1) * D1;
      double before = 0.0, after = 0.0;

      for (gsize i = 0; i < n; i++)
        {
          v[i] = (x[i] - basis->center) / basis->scale * qp[i];
          before += v[i] * v[i];
        }
      /* modified Gram–Schmidt, twice ("twice is enough") */
      for (guint pass = 0; pass < 2; pass++)
        for (guint j = 0; j < k; j++)
          {
            const double *qj = q + j * n;
            double s = 0.0;

            for (gsize i = 0; i < n; i++)
              s += qj[i] * v[i];
            s /= (double) n;
            for (gsize i = 0; i < n; i++)
              v[i] -= s * qj[i];
            hk[j] += s;
          }
      for (gsize i = 0; i < n; i++)
        after += v[i] * v[i];
      /* the Krylov space is exhausted: no more distinct points to separate */
      if (!(after > 1e-22 * before) || !(after > 0.0))
        break;
      hk[k] = sqrt (after / (double) n);
      {
        double *qk = q + k * n;

        for (gsize i = 0; i < n; i++)
          qk[i] = v[i] / hk[k];
      }
      basis->degree = k;
    }
  return basis->degree;
}

guint
lab_poly_basis_get_degree (LabPolyBasis *basis)
{
  return basis->degree;
}

const double *
lab_poly_basis_get_q (LabPolyBasis *basis,
                      gsize        *n)
{
  if (n != NULL)
    *n = basis->n;
  return basis->q;
}

void
lab_poly_project (const double *q,
                  gsize         n,
                  guint         degree,
                  const double *y,
                  double       *c,
                  double       *rss,
                  double       *work)
{
  double *r = work;

  memcpy (r, y, n * sizeof (double));
  for (guint k = 0; k <= degree; k++)
    {
      const double *qk = q + k * n;
      double s = 0.0, ss = 0.0;

      for (gsize i = 0; i < n; i++)
        s += qk[i] * r[i];
      s /= (double) n;
      for (gsize i = 0; i < n; i++)
        {
          r[i] -= s * qk[i];
          ss += r[i] * r[i];
        }
      c[k] = s;
      if (rss != NULL)
        rss[k] = ss;
    }
}

void
lab_poly_basis_project (LabPolyBasis *basis,
                        const double *y,
                        double       *c,
                        double       *rss)
{
  lab_poly_project (basis->q, basis->n, basis->degree, y, c, rss, basis->work);
}

void
lab_poly_basis_eval (LabPolyBasis *basis,
                     const double *x,
                     gsize         m,
                     double       *out)
{
  guint D = basis->degree;
  gsize D1 = basis->max_degree + 1;
  const double *h = basis->h;

  for (gsize i = 0; i < m; i++)
    {
      double u = (x[i] - basis->center) / basis->scale;
      double *w = out + i * (D + 1);

      w[0] = 1.0;
      for (guint k = 1; k <= D; k++)
        {
          const double *hk = h + (k - 1) * D1;
          double s = u * w[k - 1];

          for (guint j = 0; j < k; j++)
            s -= hk[j] * w[j];
          w[k] = s / hk[k];
        }
    }
}

/* ------------------------------------------------------------------ */
/* minimum-norm interpolation */

struct _LabMinNorm
{
  gsize  n;
  guint  n_features;
  real  *r;      /* n × n upper triangular, row-major */
  real  *v;      /* n: the row being rotated in */
};

LabMinNorm *
lab_min_norm_new (gsize n)
{
  LabMinNorm *mn = g_new0 (LabMinNorm, 1);

  mn->n = MAX (n, 1);
  mn->r = g_new0 (real, mn->n * mn->n);
  mn->v = g_new (real, mn->n);
  return mn;
}

void
lab_min_norm_free (LabMinNorm *mn)
{
  if (mn == NULL)
    return;
  g_free (mn->r);
  g_free (mn->v);
  g_free (mn);
}

void
lab_min_norm_reset (LabMinNorm *mn)
{
  memset (mn->r, 0, mn->n * mn->n * sizeof (real));
  mn->n_features = 0;
}

void
lab_min_norm_add_feature (LabMinNorm   *mn,
                          const double *phi)
{
  gsize n = mn->n;
  real *r = mn->r, *v = mn->v;

  /* the feature is a new row of Aᵀ: rotate it into R, one column at a time */
  for (gsize j = 0; j < n; j++)
    v[j] = phi[j];
  for (gsize j = 0; j < n; j++)
    {
      real a = r[j * n + j], b = v[j], h, c, s;

      if (b == 0.0L)
        continue;
      h = hypotl (a, b);
      c = a / h;
      s = b / h;
      r[j * n + j] = h;
      for (gsize k = j + 1; k < n; k++)
        {
          real rk = r[j * n + k], vk = v[k];

          r[j * n + k] = c * rk + s * vk;
          v[k] = -s * rk + c * vk;
        }
    }
  mn->n_features++;
}

gboolean
lab_min_norm_solve (LabMinNorm   *mn,
                    const double *y,
                    double       *z)
{
  gsize n = mn->n;
  const real *r = mn->r;
  real *u = mn->v, rmax = 0.0L;

  for (gsize j = 0; j < n; j++)
    rmax = MAX (rmax, fabsl (r[j * n + j]));
  for (gsize j = 0; j < n; j++)
    if (!(fabsl (r[j * n + j]) > 1e-17L * rmax))
      return FALSE;
  /* Rᵀ u = y, then R z = u */
  for (gsize i = 0; i < n; i++)
    {
      real s = y[i];

      for (gsize k = 0; k < i; k++)
        s -= r[k * n + i] * u[k];
      u[i] = s / r[i * n + i];
    }
  for (gsize i = n; i-- > 0;)
    {
      real s = u[i];

      for (gsize k = i + 1; k < n; k++)
        s -= r[i * n + k] * u[k];
      u[i] = s / r[i * n + i];
    }
  for (gsize i = 0; i < n; i++)
    z[i] = (double) u[i];
  return TRUE;
}

void
lab_legendre_features (double  x,
                       guint   degree,
                       double *out)
{
  double p0 = 1.0, p1 = x;

  out[0] = 1.0;
  if (degree >= 1)
    out[1] = sqrt (3.0) * x;
  for (guint k = 1; k < degree; k++)
    {
      double p2 = ((2.0 * k + 1.0) * x * p1 - k * p0) / (k + 1.0);

      out[k + 1] = sqrt (2.0 * (k + 1) + 1.0) * p2;
      p0 = p1;
      p1 = p2;
    }
}

/* ------------------------------------------------------------------ */
/* standardised features */

LabPolyScaler *
lab_poly_scaler_new (const double *x,
                     gsize         n,
                     guint         degree)
{
  LabPolyScaler *scaler = g_new0 (LabPolyScaler, 1);

  g_return_val_if_fail (n >= 1, scaler);

  scaler->degree = degree;
  scaler->mean = g_new0 (double, MAX (degree, 1));
  scaler->sd = g_new0 (double, MAX (degree, 1));
  if (degree > 0)
    {
      /* the powers exactly as lab_poly_scaler_transform() makes them */
      g_autofree double *z = g_new (double, n * degree);

      for (gsize i = 0; i < n; i++)
        {
          double xk = 1.0;

          for (guint k = 0; k < degree; k++)
            z[i * degree + k] = xk *= x[i];
        }
      for (guint k = 0; k < degree; k++)
        {
          double mean = 0.0, var = 0.0;

          for (gsize i = 0; i < n; i++)
            mean += z[i * degree + k];
          mean /= (double) n;
          for (gsize i = 0; i < n; i++)
            {
              double d = z[i * degree + k] - mean;

              var += d * d;
            }
          var /= (double) n;
          scaler->mean[k] = mean;
          scaler->sd[k] = var > 0 ? sqrt (var) : 1.0;
        }
    }
  return scaler;
}

void
lab_poly_scaler_free (LabPolyScaler *scaler)
{
  if (scaler == NULL)
    return;
  g_free (scaler->mean);
  g_free (scaler->sd);
  g_free (scaler);
}

void
lab_poly_scaler_transform (const LabPolyScaler *scaler,
                           const double        *x,
                           gsize                n,
                           double              *z)
{
  guint d = scaler->degree;

  for (gsize i = 0; i < n; i++)
    {
      double xk = 1.0;

      for (guint k = 1; k <= d; k++)
        {
          xk *= x[i];
          z[i * d + k - 1] = (xk - scaler->mean[k - 1]) / scaler->sd[k - 1];
        }
    }
}
