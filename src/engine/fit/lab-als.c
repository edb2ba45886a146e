/* lab-als.c — alternating least squares, explicit (weighted-λ) and implicit (Hu–Koren–Volinsky)
 *
 * The sweep is the lesson, so it is written out: for each row, gather the fixed side's vectors
 * of its observed entries, form the normal equations with dsyrk/dgemv and solve them by
 * Cholesky (GSL over CBLAS). Rows are independent; two threads share them by halves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "lab-als.h"
#include "lab-error.h"

typedef struct
{
  const LabSparse *R;
  const double    *y;
  const double    *yty;       /* implicit: YᵀY (f × f, full) */
  guint            f;
  double           lambda, alpha;
  gboolean         implicit;
  double          *x;
  guint            lo, hi;
  GCancellable    *cancellable;
  gint            *failed;    /* atomic: 1 cancelled, 2 not positive definite */
  guint           *bad_row;   /* written by the job that set failed to 2 */
} HalfJob;

static gpointer
half_run (gpointer data)
{
  HalfJob *job = data;
  const LabSparse *R = job->R;
  guint f = job->f;
  gsize max_n = 0;
  g_autofree double *g = NULL, *a = g_new (double, (gsize) f * f), *b = g_new (double, f);
  g_autofree double *c = NULL;
  gsl_matrix_view A = gsl_matrix_view_array (a, f, f);
  gsl_vector_view B = gsl_vector_view_array (b, f);

  for (guint r = job->lo; r < job->hi; r++)
    max_n = MAX (max_n, R->ptr[r + 1] - R->ptr[r]);
  g = g_new (double, MAX (max_n, 1) * f);
  c = g_new (double, MAX (max_n, 1));

  for (guint r = job->lo; r < job->hi; r++)
    {
      gsize start = R->ptr[r], n = R->ptr[r + 1] - start;
      double *xr = job->x + (gsize) r * f;
      gsl_vector_view X = gsl_vector_view_array (xr, f);

      if (((r - job->lo) & 255) == 0 && (g_atomic_int_get (job->failed) != 0
                                          || g_cancellable_is_cancelled (job->cancellable)))
        {
          g_atomic_int_compare_and_exchange (job->failed, 0, 1);
          return NULL;
        }
      if (n == 0 && !job->implicit)
        {
          memset (xr, 0, f * sizeof (double));
          continue;
        }
      /* G: the fixed vectors of the observed entries, one a row */
      for (gsize t = 0; t < n; t++)
        memcpy (g + t * f, job->y + (gsize) R->idx[start + t] * f, f * sizeof (double));

      if (!job->implicit)
        {
          /* (GᵀG + λ n I) x = Gᵀ r */
          if (n > 0)
            {
              gsl_matrix_view G = gsl_matrix_view_array (g, n, f);
              gsl_vector_const_view Rv = gsl_vector_const_view_array (R->val + start, n);

              gsl_blas_dsyrk (CblasLower, CblasTrans, 1.0, &G.matrix, 0.0, &A.matrix);
              gsl_blas_dgemv (CblasTrans, 1.0, &G.matrix, &Rv.vector, 0.0, &B.vector);
            }
          for (guint k = 0; k < f; k++)
            a[k * f + k] += job->lambda * (double) n;
        }
      else
        {
          /* (YᵀY + Gᵀ(C − I)G + λ I) x = Gᵀ C p, with p = 1 on the observed entries */
          for (guint k = 0; k < f; k++)
            memcpy (a + k * f, job->yty + k * f, f * sizeof (double));
          memset (b, 0, f * sizeof (double));
          if (n > 0)
            {
              gsl_matrix_view G = gsl_matrix_view_array (g, n, f);
              gsl_vector_view Cv = gsl_vector_view_array (c, n);

              for (gsize t = 0; t < n; t++)
                c[t] = 1.0 + job->alpha * R->val[start + t];
              gsl_blas_dgemv (CblasTrans, 1.0, &G.matrix, &Cv.vector, 0.0, &B.vector);
              for (gsize t = 0; t < n; t++)
                {
                  double s = sqrt (c[t] - 1.0);

                  for (guint k = 0; k < f; k++)
                    g[t * f + k] *= s;
                }
              gsl_blas_dsyrk (CblasLower, CblasTrans, 1.0, &G.matrix, 1.0, &A.matrix);
            }
          for (guint k = 0; k < f; k++)
            a[k * f + k] += job->lambda;
        }
      if (gsl_linalg_cholesky_decomp1 (&A.matrix) != GSL_SUCCESS)
        {
          if (g_atomic_int_compare_and_exchange (job->failed, 0, 2))
            *job->bad_row = r;
          return NULL;
        }
      gsl_linalg_cholesky_solve (&A.matrix, &B.vector, &X.vector);
    }
  return NULL;
}

static gboolean
run_half (const LabSparse *R,
          const double    *y,
          guint            f,
          double           lambda,
          double           alpha,
          gboolean         implicit,
          double          *x,
          guint            n_threads,
          GCancellable    *cancellable,
          GError         **error)
{
  g_autofree double *yty = NULL;
  HalfJob jobs[8];
  GThread *threads[8] = { NULL };
  gint failed = 0;
  guint bad_row = 0;

  g_return_val_if_fail (R != NULL && y != NULL && x != NULL && f >= 1, FALSE);
  n_threads = CLAMP (n_threads, 1, G_N_ELEMENTS (jobs));
  n_threads = MIN (n_threads, MAX (R->n_rows, 1));

  if (implicit)
    {
      gsl_matrix_const_view Y = gsl_matrix_const_view_array (y, R->n_cols, f);
      gsl_matrix_view M;

      yty = g_new (double, (gsize) f * f);
      M = gsl_matrix_view_array (yty, f, f);
      gsl_blas_dsyrk (CblasLower, CblasTrans, 1.0, &Y.matrix, 0.0, &M.matrix);
    }

  for (guint t = 0; t < n_threads; t++)
    {
      /* split by entries, not rows, so both halves cost alike */
      jobs[t] = (HalfJob) { R, y, yty, f, lambda, alpha, implicit, x, 0, 0, cancellable, &failed, &bad_row };
    }
  {
    guint row = 0;

    for (guint t = 0; t < n_threads; t++)
      {
        gsize target = R->nnz * (t + 1) / n_threads;

        jobs[t].lo = row;
        if (t + 1 == n_threads)
          row = R->n_rows;
        else
          while (row < R->n_rows && R->ptr[row + 1] <= target)
            row++;
        jobs[t].hi = row;
      }
  }
  for (guint t = 1; t < n_threads; t++)
    threads[t] = g_thread_new ("als", half_run, &jobs[t]);
  half_run (&jobs[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);

  if (failed == 1)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return FALSE;
    }
  if (failed == 2)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_NUMERIC,
                   _("the least-squares system of row %u (%zu entries, %u factors) is not positive definite: "
                     "raise lambda above 0 or use fewer factors"),
                   bad_row, (size_t) (R->ptr[bad_row + 1] - R->ptr[bad_row]), f);
      return FALSE;
    }
  return TRUE;
}

gboolean
lab_als_explicit_half (const LabSparse *R, const double *y, guint f, double lambda, double *x,
                       guint n_threads, GCancellable *cancellable, GError **error)
{
  return run_half (R, y, f, lambda, 0.0, FALSE, x, n_threads, cancellable, error);
}

gboolean
lab_als_implicit_half (const LabSparse *R, const double *y, guint f, double lambda, double alpha,
                       double *x, guint n_threads, GCancellable *cancellable, GError **error)
{
  return run_half (R, y, f, lambda, alpha, TRUE, x, n_threads, cancellable, error);
}

/* ------------------------------------------------------------------ */
/* errors and objectives */

static inline double
dot (const double *a, const double *b, guint f)
{
  double s = 0;

  for (guint k = 0; k < f; k++)
    s += a[k] * b[k];
  return s;
}

double
lab_als_sse (const LabSparse *R, const double *x, const double *y, guint f)
{
  double s = 0;

  for (guint r = 0; r < R->n_rows; r++)
    for (gsize e = R->ptr[r]; e < R->ptr[r + 1]; e++)
      {
        double d = R->val[e] - dot (x + (gsize) r * f, y + (gsize) R->idx[e] * f, f);

        s += d * d;
      }
  return s;
}

double
lab_als_rmse (const LabSparse *R, const double *x, const double *y, guint f)
{
  return R->nnz == 0 ? NAN : sqrt (lab_als_sse (R, x, y, f) / (double) R->nnz);
}

double
lab_als_mae (const LabSparse *R, const double *x, const double *y, guint f)
{
  double s = 0;

  if (R->nnz == 0)
    return NAN;
  for (guint r = 0; r < R->n_rows; r++)
    for (gsize e = R->ptr[r]; e < R->ptr[r + 1]; e++)
      s += fabs (R->val[e] - dot (x + (gsize) r * f, y + (gsize) R->idx[e] * f, f));
  return s / (double) R->nnz;
}

double
lab_als_explicit_objective (const LabSparse *R, const double *x, guint n_x, const double *y,
                            guint n_y, guint f, double lambda)
{
  g_autofree guint *count = g_new0 (guint, MAX (n_y, 1));
  double reg = 0;

  g_return_val_if_fail (R->n_rows == n_x && R->n_cols == n_y, NAN);
  for (guint r = 0; r < n_x; r++)
    {
      reg += (double) (R->ptr[r + 1] - R->ptr[r]) * dot (x + (gsize) r * f, x + (gsize) r * f, f);
      for (gsize e = R->ptr[r]; e < R->ptr[r + 1]; e++)
        count[R->idx[e]]++;
    }
  for (guint i = 0; i < n_y; i++)
    reg += (double) count[i] * dot (y + (gsize) i * f, y + (gsize) i * f, f);
  return lab_als_sse (R, x, y, f) + lambda * reg;
}

static void
gram (const double *m, guint n, guint f, double *out)
{
  gsl_matrix_const_view M = gsl_matrix_const_view_array (m, n, f);
  gsl_matrix_view O = gsl_matrix_view_array (out, f, f);

  gsl_blas_dsyrk (CblasLower, CblasTrans, 1.0, &M.matrix, 0.0, &O.matrix);
  for (guint i = 0; i < f; i++)
    for (guint j = i + 1; j < f; j++)
      out[i * f + j] = out[j * f + i];
}

double
lab_als_implicit_objective (const LabSparse *R, const double *x, guint n_x, const double *y,
                            guint n_y, guint f, double lambda, double alpha)
{
  g_autofree double *xtx = g_new (double, (gsize) f * f), *yty = g_new (double, (gsize) f * f);
  double all = 0, reg = 0;

  g_return_val_if_fail (R->n_rows == n_x && R->n_cols == n_y, NAN);
  gram (x, n_x, f, xtx);
  gram (y, n_y, f, yty);
  for (gsize k = 0; k < (gsize) f * f; k++)
    all += xtx[k] * yty[k];   /* tr(XᵀX YᵀY), both symmetric */
  for (guint r = 0; r < n_x; r++)
    for (gsize e = R->ptr[r]; e < R->ptr[r + 1]; e++)
      {
        double s = dot (x + (gsize) r * f, y + (gsize) R->idx[e] * f, f);
        double c = 1.0 + alpha * R->val[e];

        all += c * (1.0 - s) * (1.0 - s) - s * s;
      }
  for (gsize k = 0; k < (gsize) n_x * f; k++)
    reg += x[k] * x[k];
  for (gsize k = 0; k < (gsize) n_y * f; k++)
    reg += y[k] * y[k];
  return all + lambda * reg;
}
