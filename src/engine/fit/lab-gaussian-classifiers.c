/* lab-gaussian-classifiers.c — naive Bayes, LDA and QDA (see lab-gaussian-classifiers.h)
 *
 * The estimates (class means, variances, pooled and per-class covariances) are written out
 * here because they are the lesson; the factorisations and triangular solves are GSL's.
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
#include "lab-gaussian-classifiers.h"

static const char * const kind_names[] = { "naive Bayes", "LDA", "QDA" };

static char *
feature_name (const char * const *names,
              guint               j)
{
  return names != NULL ? g_strdup (names[j]) : g_strdup_printf ("x%u", j + 1);
}

static char *
class_name (const char * const *names,
            guint               k)
{
  return names != NULL ? g_strdup (names[k]) : g_strdup_printf ("%u", k);
}

void
lab_gaussian_free (LabGaussianClassifier *model)
{
  if (model == NULL)
    return;
  g_free (model->priors);
  g_free (model->means);
  g_free (model->var);
  g_free (model->cov);
  g_free (model->coef);
  g_free (model->intercept);
  g_free (model->chol);
  g_free (model->log_det);
  g_free (model);
}

/* Cholesky of the d × d matrix @a into @l (lower); log det into @log_det. FALSE when it is not
 * numerically positive definite (a pivot ≤ 1e-12 · the largest diagonal entry). */
static gboolean
factorise (const double *a,
           guint         d,
           double       *l,
           double       *log_det)
{
  gsl_matrix_view lv = gsl_matrix_view_array (l, d, d);
  double top = 0, ld = 0;

  memcpy (l, a, sizeof (double) * d * d);
  for (guint j = 0; j < d; j++)
    top = MAX (top, a[j * d + j]);
  if (!(top > 0) || gsl_linalg_cholesky_decomp1 (&lv.matrix) != GSL_SUCCESS)
    return FALSE;
  for (guint j = 0; j < d; j++)
    {
      double ljj = l[j * d + j];

      if (!(ljj * ljj > 1e-12 * top))
        return FALSE;
      ld += 2 * log (ljj);
    }
  *log_det = ld;
  return TRUE;
}

/* A message for a singular covariance: the constant column if there is one. @within: the
 * class whose covariance it is, or -1 for the pooled one. */
static void
set_singular_error (GError            **error,
                    LabGaussianKind     kind,
                    const double       *cov,
                    guint               d,
                    int                 within,
                    const char * const *feature_names,
                    const char * const *class_names)
{
  for (guint j = 0; j < d; j++)
    if (cov[j * d + j] <= 0)
      {
        g_autofree char *fname = feature_name (feature_names, j);

        if (within < 0)
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                       _("%s: feature “%s” is constant within every class, so the shared covariance is "
                         "singular; drop the column"), kind_names[kind], fname);
        else
          {
            g_autofree char *cname = class_name (class_names, (guint) within);

            g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                         _("%s: feature “%s” is constant within class “%s”, so its covariance is singular; "
                           "set reg-param above 0 or drop the column"), kind_names[kind], fname, cname);
          }
        return;
      }
  if (within < 0)
    g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                 _("%s: the features are collinear within the classes, so the shared covariance is singular; "
                   "drop a column"), kind_names[kind]);
  else
    {
      g_autofree char *cname = class_name (class_names, (guint) within);

      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: the features are collinear within class “%s”, so its covariance is singular; "
                     "set reg-param above 0 or drop a column"), kind_names[kind], cname);
    }
}

LabGaussianClassifier *
lab_gaussian_fit (LabGaussianKind      kind,
                  const double        *x,
                  const guint         *y,
                  gsize                n,
                  guint                d,
                  guint                n_classes,
                  const guint         *rows,
                  gsize                n_rows,
                  double               smoothing,
                  const char * const  *feature_names,
                  const char * const  *class_names,
                  GError             **error)
{
  g_autoptr(LabGaussianClassifier) m = NULL;
  gsize nr = rows != NULL ? n_rows : n;
  guint K = n_classes;
  g_autofree gsize *count = g_new0 (gsize, K);
  g_autofree double *scatter = NULL;   /* K × d × d within-class scatter */

  g_return_val_if_fail (x != NULL && y != NULL, NULL);
  g_return_val_if_fail (K >= 2 && K <= LAB_GAUSSIAN_MAX_CLASSES && d >= 1, NULL);
  g_return_val_if_fail (kind <= LAB_GAUSSIAN_QDA, NULL);

  m = g_new0 (LabGaussianClassifier, 1);
  m->kind = kind;
  m->n_classes = K;
  m->d = d;
  m->smoothing = smoothing;
  m->priors = g_new0 (double, K);
  m->means = g_new0 (double, (gsize) K * d);
  m->log_det = g_new0 (double, K);

  /* class counts and means */
  for (gsize r = 0; r < nr; r++)
    {
      gsize i = rows != NULL ? rows[r] : r;
      guint c = y[i];

      g_return_val_if_fail (c < K, NULL);
      count[c]++;
      for (guint j = 0; j < d; j++)
        m->means[c * d + j] += x[i * d + j];
    }
  for (guint c = 0; c < K; c++)
    {
      gsize need = kind == LAB_GAUSSIAN_QDA && smoothing == 0 ? d + 1 : kind == LAB_GAUSSIAN_QDA ? 2 : 1;

      if (count[c] < need)
        {
          g_autofree char *cname = class_name (class_names, c);

          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                       g_dngettext (GETTEXT_PACKAGE, "%s: class “%s” has %zu training row; it needs at least %zu",
                                    "%s: class “%s” has %zu training rows; it needs at least %zu", count[c]),
                       kind_names[kind], cname, count[c], need);
          return NULL;
        }
      m->priors[c] = (double) count[c] / (double) nr;
      for (guint j = 0; j < d; j++)
        m->means[c * d + j] /= (double) count[c];
    }

  /* within-class scatter Σ_{i∈c} (xᵢ − μc)(xᵢ − μc)ᵀ (only the diagonal for naive Bayes) */
  scatter = g_new0 (double, (gsize) K * d * d);
  for (gsize r = 0; r < nr; r++)
    {
      gsize i = rows != NULL ? rows[r] : r;
      guint c = y[i];
      double *s = scatter + (gsize) c * d * d;
      double e[64];
      g_autofree double *heap = d > G_N_ELEMENTS (e) ? g_new (double, d) : NULL;
      double *ev = heap != NULL ? heap : e;

      for (guint j = 0; j < d; j++)
        ev[j] = x[i * d + j] - m->means[c * d + j];
      for (guint a = 0; a < d; a++)
        {
          if (kind == LAB_GAUSSIAN_NAIVE_BAYES)
            s[a * d + a] += ev[a] * ev[a];
          else
            for (guint b = 0; b <= a; b++)
              s[a * d + b] += ev[a] * ev[b];
        }
    }
  for (guint c = 0; c < K; c++)
    for (guint a = 0; a < d; a++)
      for (guint b = 0; b < a; b++)
        scatter[(gsize) c * d * d + b * d + a] = scatter[(gsize) c * d * d + a * d + b];

  switch (kind)
    {
    case LAB_GAUSSIAN_NAIVE_BAYES:
      {
        /* ε = var_smoothing × the largest variance of a feature over all rows */
        double top = 0;

        for (guint j = 0; j < d; j++)
          {
            double mean = 0, v = 0;

            for (gsize r = 0; r < nr; r++)
              mean += x[(rows != NULL ? rows[r] : r) * d + j];
            mean /= (double) nr;
            for (gsize r = 0; r < nr; r++)
              {
                double e = x[(rows != NULL ? rows[r] : r) * d + j] - mean;

                v += e * e;
              }
            top = MAX (top, v / (double) nr);
          }
        m->epsilon = smoothing * top;
        m->var = g_new (double, (gsize) K * d);
        for (guint c = 0; c < K; c++)
          for (guint j = 0; j < d; j++)
            {
              double v = scatter[(gsize) c * d * d + j * d + j] / (double) count[c] + m->epsilon;

              if (!(v > 0))
                {
                  g_autofree char *fname = feature_name (feature_names, j);
                  g_autofree char *cname = class_name (class_names, c);

                  g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                               _("naive Bayes: feature “%s” has zero variance within class “%s”; "
                                 "set var-smoothing above 0"), fname, cname);
                  return NULL;
                }
              m->var[c * d + j] = v;
              m->log_det[c] += log (v);
            }
      }
      break;

    case LAB_GAUSSIAN_LDA:
      {
        gsl_matrix_view lv;
        g_autofree double *inv_mu = g_new (double, (gsize) K * d);
        g_autofree double *xbar = g_new0 (double, d);

        if (nr <= K)
          {
            g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                         _("LDA: %zu training rows for %u classes; the pooled covariance needs more rows than classes"),
                         nr, K);
            return NULL;
          }
        m->cov = g_new0 (double, (gsize) d * d);
        for (guint c = 0; c < K; c++)
          for (guint a = 0; a < d * d; a++)
            m->cov[a] += scatter[(gsize) c * d * d + a];
        for (guint a = 0; a < d * d; a++)
          m->cov[a] /= (double) (nr - K);
        m->chol = g_new (double, (gsize) d * d);
        if (!factorise (m->cov, d, m->chol, &m->log_det[0]))
          {
            set_singular_error (error, kind, m->cov, d, -1, feature_names, class_names);
            return NULL;
          }
        for (guint c = 1; c < K; c++)
          m->log_det[c] = m->log_det[0];

        /* scikit-learn's coef_ and intercept_: Σ⁻¹(μₖ − x̄) and −½(μₖ − x̄)ᵀΣ⁻¹(μₖ − x̄) + log πₖ
         * − x̄ᵀ coefₖ with x̄ = Σ πₖ μₖ (the discriminants up to terms common to every class) */
        for (guint c = 0; c < K; c++)
          for (guint j = 0; j < d; j++)
            xbar[j] += m->priors[c] * m->means[c * d + j];
        lv = gsl_matrix_view_array (m->chol, d, d);
        for (guint c = 0; c < K; c++)
          {
            gsl_vector_view v = gsl_vector_view_array (inv_mu + c * d, d);

            for (guint j = 0; j < d; j++)
              inv_mu[c * d + j] = m->means[c * d + j] - xbar[j];
            gsl_linalg_cholesky_svx (&lv.matrix, &v.vector);
          }
        m->n_coef_rows = K == 2 ? 1 : K;
        m->coef = g_new (double, (gsize) m->n_coef_rows * d);
        m->intercept = g_new (double, m->n_coef_rows);
        {
          g_autofree double *b = g_new (double, K);

          for (guint c = 0; c < K; c++)
            {
              double q = 0, s = 0;

              for (guint j = 0; j < d; j++)
                {
                  q += (m->means[c * d + j] - xbar[j]) * inv_mu[c * d + j];
                  s += xbar[j] * inv_mu[c * d + j];
                }
              b[c] = -0.5 * q + log (m->priors[c]) - s;
            }
          if (K == 2)
            {
              for (guint j = 0; j < d; j++)
                m->coef[j] = inv_mu[d + j] - inv_mu[j];
              m->intercept[0] = b[1] - b[0];
            }
          else
            {
              memcpy (m->coef, inv_mu, sizeof (double) * K * d);
              memcpy (m->intercept, b, sizeof (double) * K);
            }
        }
      }
      break;

    case LAB_GAUSSIAN_QDA:
      m->cov = g_new0 (double, (gsize) K * d * d);
      m->chol = g_new (double, (gsize) K * d * d);
      for (guint c = 0; c < K; c++)
        {
          double *cv = m->cov + (gsize) c * d * d;

          for (guint a = 0; a < d * d; a++)
            cv[a] = (1 - smoothing) * scatter[(gsize) c * d * d + a] / (double) (count[c] - 1);
          for (guint j = 0; j < d; j++)
            cv[j * d + j] += smoothing;
          if (!factorise (cv, d, m->chol + (gsize) c * d * d, &m->log_det[c]))
            {
              set_singular_error (error, kind, cv, d, (int) c, feature_names, class_names);
              return NULL;
            }
        }
      break;

    default:
      g_assert_not_reached ();
    }
  return g_steal_pointer (&m);
}

void
lab_gaussian_log_joint (const LabGaussianClassifier *m,
                        const double                *x,
                        gsize                        n,
                        double                      *out)
{
  guint K = m->n_classes, d = m->d;
  double e[64];
  g_autofree double *heap = d > G_N_ELEMENTS (e) ? g_new (double, d) : NULL;
  double *ev = heap != NULL ? heap : e;
  const double log_2pi = log (2 * G_PI);
  double constant[LAB_GAUSSIAN_MAX_CLASSES];

  /* log πₖ − ½ (d log 2π + log det Σₖ), once per class */
  g_return_if_fail (K <= LAB_GAUSSIAN_MAX_CLASSES);
  for (guint c = 0; c < K; c++)
    constant[c] = log (m->priors[c]) - 0.5 * (d * log_2pi + m->log_det[c]);
  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < K; c++)
      {
        const double *xi = x + i * d, *mu = m->means + (gsize) c * d;
        double q = 0;

        if (m->kind == LAB_GAUSSIAN_NAIVE_BAYES)
          for (guint j = 0; j < d; j++)
            {
              double t = xi[j] - mu[j];

              q += t * t / m->var[c * d + j];
            }
        else
          {
            /* Mahalanobis distance ‖L⁻¹(x − μ)‖² by forward substitution */
            const double *l = m->chol + (m->kind == LAB_GAUSSIAN_QDA ? (gsize) c * d * d : 0);

            for (guint a = 0; a < d; a++)
              {
                double s = xi[a] - mu[a];

                for (guint b = 0; b < a; b++)
                  s -= l[a * d + b] * ev[b];
                ev[a] = s / l[a * d + a];
                q += ev[a] * ev[a];
              }
          }
        out[i * K + c] = constant[c] - 0.5 * q;
      }
}

void
lab_gaussian_predict_proba (const LabGaussianClassifier *m,
                            const double                *x,
                            gsize                        n,
                            double                      *proba)
{
  guint K = m->n_classes;

  lab_gaussian_log_joint (m, x, n, proba);
  for (gsize i = 0; i < n; i++)
    {
      double *pi = proba + i * K, mx = -INFINITY, sum = 0;

      for (guint c = 0; c < K; c++)
        mx = MAX (mx, pi[c]);
      for (guint c = 0; c < K; c++)
        {
          pi[c] = exp (pi[c] - mx);
          sum += pi[c];
        }
      for (guint c = 0; c < K; c++)
        pi[c] /= sum;
    }
}

void
lab_gaussian_get_covariance (const LabGaussianClassifier *m,
                             guint                        k,
                             double                      *cov)
{
  guint d = m->d;

  g_return_if_fail (k < m->n_classes);
  switch (m->kind)
    {
    case LAB_GAUSSIAN_NAIVE_BAYES:
      memset (cov, 0, sizeof (double) * d * d);
      for (guint j = 0; j < d; j++)
        cov[j * d + j] = m->var[k * d + j];
      break;
    case LAB_GAUSSIAN_LDA:
      memcpy (cov, m->cov, sizeof (double) * d * d);
      break;
    case LAB_GAUSSIAN_QDA:
      memcpy (cov, m->cov + (gsize) k * d * d, sizeof (double) * d * d);
      break;
    default:
      g_assert_not_reached ();
    }
}
