/* test-polyfit.c — least-squares polynomials against NIST certified values and numpy
 *
 * The NIST StRD linear-regression files in tests/data/nist/ carry their own
 * certified values (computed by NIST in 500-digit arithmetic); the test reads
 * both the data and the certified values from each file. Other reference values
 * come from tests/reference/bias_variance_reference.py (numpy) via
 * tests/bias-variance-reference.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bias-variance-reference.h"
#include "lab-engine.h"
#include "lab-error.h"
#include "lab-polyfit.h"

typedef struct
{
  GArray *x, *y;
  GArray *coef, *sd;
  double  residual_sd;
  double  r2;
} NistData;

static void
nist_data_free (NistData *d)
{
  g_array_unref (d->x);
  g_array_unref (d->y);
  g_array_unref (d->coef);
  g_array_unref (d->sd);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NistData, nist_data_free)

/* Reads a NIST StRD .dat file: "Bk estimate sd" lines, "Standard Deviation v",
 * "R-Squared v", then the data after the "Data: y x" line. */
static NistData *
nist_load (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".dat", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "nist", file, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  NistData *d = g_new0 (NistData, 1);
  gboolean in_data = FALSE;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  d->x = g_array_new (FALSE, FALSE, sizeof (double));
  d->y = g_array_new (FALSE, FALSE, sizeof (double));
  d->coef = g_array_new (FALSE, FALSE, sizeof (double));
  d->sd = g_array_new (FALSE, FALSE, sizeof (double));
  d->residual_sd = d->r2 = NAN;

  lines = g_strsplit (text, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_auto(GStrv) tok = g_strsplit_set (g_strstrip (lines[l]), " \t\r", -1);
      g_autoptr(GPtrArray) t = g_ptr_array_new ();

      for (guint i = 0; tok[i] != NULL; i++)
        if (tok[i][0] != '\0')
          g_ptr_array_add (t, tok[i]);
      if (t->len == 0)
        continue;
      if (in_data && t->len == 2)
        {
          double y = g_ascii_strtod (t->pdata[0], NULL), x = g_ascii_strtod (t->pdata[1], NULL);

          g_array_append_val (d->y, y);
          g_array_append_val (d->x, x);
        }
      else if (t->len == 3 && g_str_equal (t->pdata[0], "Data:") && g_str_equal (t->pdata[1], "y")
               && g_str_equal (t->pdata[2], "x"))
        in_data = TRUE;
      else if (t->len == 3 && ((char *) t->pdata[0])[0] == 'B' && g_ascii_isdigit (((char *) t->pdata[0])[1]))
        {
          double c = g_ascii_strtod (t->pdata[1], NULL), s = g_ascii_strtod (t->pdata[2], NULL);

          g_assert_cmpint (atoi ((char *) t->pdata[0] + 1), ==, (int) d->coef->len);
          g_array_append_val (d->coef, c);
          g_array_append_val (d->sd, s);
        }
      else if (t->len == 3 && g_str_equal (t->pdata[0], "Standard") && g_str_equal (t->pdata[1], "Deviation"))
        d->residual_sd = g_ascii_strtod (t->pdata[2], NULL);
      else if (t->len == 2 && g_str_equal (t->pdata[0], "R-Squared"))
        d->r2 = g_ascii_strtod (t->pdata[1], NULL);
    }
  g_assert_cmpuint (d->x->len, >, 0);
  g_assert_cmpuint (d->coef->len, >, 0);
  g_assert_false (isnan (d->residual_sd));
  g_assert_false (isnan (d->r2));
  return d;
}

/* Significant digits in agreement (the log relative error of McCullough 1998),
 * capped at 15; when the certified value is 0, digits relative to @scale. */
static double
lre (double got, double want, double scale)
{
  double err = want != 0.0 ? fabs (got - want) / fabs (want) : fabs (got) / scale;

  if (err == 0.0)
    return 15.0;
  return MIN (15.0, -log10 (err));
}

/* The issue asks for 7. With x86-64's 80-bit long double every file gets 11.5 or
 * more (reported by g_test_message); where long double is no wider than double
 * (or under valgrind, which computes it in double) the Wampler files drop to about
 * 9: 8 keeps a margin everywhere. */
#define MIN_DIGITS 8.0

static void
check_digits (const char *name, const char *what, double got, double want, double scale, double *worst)
{
  double digits = lre (got, want, scale);

  if (!(digits >= MIN_DIGITS))
    g_error ("%s: %s = %.17g, certified %.17g: %.1f digits", name, what, got, want, digits);
  *worst = MIN (*worst, digits);
}

static void
test_nist (gconstpointer data)
{
  const char *name = data;
  g_autoptr(NistData) d = nist_load (name);
  g_autoptr(LabPolyfit) fit = NULL;
  g_autoptr(GError) error = NULL;
  guint degree = d->coef->len - 1;
  double worst = 15.0, ysd = 0.0, ymean = 0.0;

  for (guint i = 0; i < d->y->len; i++)
    ymean += g_array_index (d->y, double, i) / d->y->len;
  for (guint i = 0; i < d->y->len; i++)
    ysd += pow (g_array_index (d->y, double, i) - ymean, 2) / d->y->len;
  ysd = sqrt (ysd);

  fit = lab_polyfit_new ((double *) d->x->data, (double *) d->y->data, d->x->len, degree, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fit->degree, ==, degree);
  for (guint k = 0; k <= degree; k++)
    {
      double c = g_array_index (d->coef, double, k), s = g_array_index (d->sd, double, k);
      char what[32];

      g_snprintf (what, sizeof what, "B%u", k);
      check_digits (name, what, fit->coefficients[k], c, 1.0, &worst);
      g_snprintf (what, sizeof what, "sd(B%u)", k);
      check_digits (name, what, fit->std_errors[k], s, fabs (c), &worst);
    }
  check_digits (name, "residual sd", fit->residual_sd, d->residual_sd, ysd, &worst);
  check_digits (name, "R²", fit->r2, d->r2, 1.0, &worst);
  g_test_message ("%s: degree %u, at least %.1f significant digits in every certified value", name, degree, worst);

  /* the fitted values reproduce the residual sum of squares */
  {
    double rss = 0.0;

    for (guint i = 0; i < d->x->len; i++)
      rss += pow (g_array_index (d->y, double, i) - lab_polyfit_eval (fit, g_array_index (d->x, double, i)), 2);
    g_assert_cmpfloat (fabs (rss - fit->rss), <=, 1e-9 * fit->tss + 1e-300);
  }
}

static void
test_errors (void)
{
  const double x[] = { 1, 2, 2, 3, 1 }, y[] = { 0, 1, 2, 3, 4 };
  const double bad[] = { 1, NAN, 3 };
  g_autoptr(GError) error = NULL;
  LabPolyfit *fit;

  fit = lab_polyfit_new (x, y, 5, 3, &error);
  g_assert_null (fit);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "degree 3 needs at least 4 distinct x values, found 3");
  g_clear_error (&error);

  fit = lab_polyfit_new (bad, y, 3, 1, &error);
  g_assert_null (fit);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "x[1] is not finite");
  g_clear_error (&error);

  fit = lab_polyfit_new (x, bad, 3, 1, &error);
  g_assert_null (fit);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, "y[1] is not finite");
  g_clear_error (&error);

  /* exactly determined: a fit, but no residual degrees of freedom */
  fit = lab_polyfit_new ((const double[]) { 1, 2, 3 }, (const double[]) { 0, 1, 5 }, 3, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (fit->rss), <, 1e-24);
  g_assert_cmpfloat_with_epsilon (fit->coefficients[2], 1.5, 1e-15);
  g_assert_true (isnan (fit->residual_sd));
  g_assert_true (isnan (fit->adjusted_r2));
  g_assert_true (isnan (fit->std_errors[0]));
  lab_polyfit_free (fit);

  g_assert_cmpuint (lab_count_distinct (x, 5), ==, 3);
  g_assert_cmpuint (lab_count_distinct (x, 0), ==, 0);
}

/* R², adjusted R², coefficients and standard errors against numpy/statsmodels-style
 * formulas on a small ordinary data set (reference script). */
static void
test_against_numpy (void)
{
  for (guint d = 0; d < G_N_ELEMENTS (ref_polyfit); d++)
    {
      const RefPolyfit *r = &ref_polyfit[d];
      g_autoptr(GError) error = NULL;
      g_autoptr(LabPolyfit) fit = lab_polyfit_new (ref_poly_x, ref_poly_y, G_N_ELEMENTS (ref_poly_x),
                                                   r->degree, &error);

      g_assert_no_error (error);
      for (guint k = 0; k <= r->degree; k++)
        {
          g_assert_cmpfloat_with_epsilon (fit->coefficients[k], r->coefficients[k], 1e-9 * MAX (1.0, fabs (r->coefficients[k])));
          g_assert_cmpfloat_with_epsilon (fit->std_errors[k], r->std_errors[k], 1e-9 * MAX (1.0, fabs (r->std_errors[k])));
        }
      g_assert_cmpfloat_with_epsilon (fit->r2, r->r2, 1e-12);
      g_assert_cmpfloat_with_epsilon (fit->adjusted_r2, r->adjusted_r2, 1e-12);
      g_assert_cmpfloat_with_epsilon (fit->rss, r->rss, 1e-10 * r->rss);
    }
}

/* Every degree at once (Arnoldi) agrees with separate accurate fits. */
static void
test_basis_nested (void)
{
  gsize n = G_N_ELEMENTS (ref_poly_x);
  guint D = 12;
  g_autoptr(LabPolyBasis) basis = lab_poly_basis_new (n, D);
  g_autofree double *c = g_new (double, D + 1);
  g_autofree double *rss = g_new (double, D + 1);
  g_autofree double *w = NULL;
  const double at[] = { -0.93, -0.2, 0.0, 0.41, 0.99 };
  guint got;

  got = lab_poly_basis_set_points (basis, ref_poly_x, n);
  g_assert_cmpuint (got, ==, D);
  lab_poly_basis_project (basis, ref_poly_y, c, rss);
  w = g_new (double, G_N_ELEMENTS (at) * (D + 1));
  lab_poly_basis_eval (basis, at, G_N_ELEMENTS (at), w);
  for (guint d = 0; d <= D; d++)
    {
      g_autoptr(LabPolyfit) fit = lab_polyfit_new (ref_poly_x, ref_poly_y, n, d, NULL);

      g_assert_cmpfloat_with_epsilon (rss[d], fit->rss, 1e-10 * fit->tss);
      for (guint i = 0; i < G_N_ELEMENTS (at); i++)
        {
          double s = 0.0;

          for (guint k = 0; k <= d; k++)
            s += c[k] * w[i * (D + 1) + k];
          g_assert_cmpfloat_with_epsilon (s, lab_polyfit_eval (fit, at[i]), 1e-9);
        }
    }

  /* fewer distinct points than degrees: the basis stops at #distinct − 1 */
  {
    const double x[] = { 0, 1, 1, 2, 0, 2 };

    g_assert_cmpuint (lab_poly_basis_set_points (basis, x, 6), ==, 2);
    g_assert_cmpuint (lab_poly_basis_get_degree (basis), ==, 2);
  }
}

/* Filip of degree 10 by the fast path too: the RSS to 6 digits. */
static void
test_basis_filip (void)
{
  g_autoptr(NistData) d = nist_load ("Filip");
  g_autoptr(LabPolyBasis) basis = lab_poly_basis_new (d->x->len, 10);
  double c[11], rss[11];
  double certified = pow (0.334801051324544E-02, 2) * (d->x->len - 11);

  g_assert_cmpuint (lab_poly_basis_set_points (basis, (double *) d->x->data, d->x->len), ==, 10);
  lab_poly_basis_project (basis, (double *) d->y->data, c, rss);
  g_assert_cmpfloat (fabs (rss[10] - certified) / certified, <, 1e-6);
}

/* Minimum-norm interpolation past the threshold against numpy's pseudo-inverse. */
static void
test_min_norm (void)
{
  enum { NP = 8, D = 12 };
  g_autoptr(LabMinNorm) mn = lab_min_norm_new (NP);
  double phi[D + 1], col[NP], z[NP], pred[G_N_ELEMENTS (ref_query)] = { 0 };
  double fx[NP][D + 1];

  for (guint i = 0; i < NP; i++)
    lab_legendre_features (ref_poly_x[i], D, fx[i]);
  for (guint k = 0; k <= D; k++)
    {
      for (guint i = 0; i < NP; i++)
        col[i] = fx[i][k];
      lab_min_norm_add_feature (mn, col);
      /* fewer features than points: no interpolant yet */
      if (k + 1 < NP)
        g_assert_false (lab_min_norm_solve (mn, ref_poly_y, z));
    }
  g_assert_true (lab_min_norm_solve (mn, ref_poly_y, z));
  /* f(q) = Σ_j K(q, x_j) z_j with K(q, x) = Σ_k φ_k(q) φ_k(x) */
  for (guint q = 0; q < G_N_ELEMENTS (ref_query); q++)
    {
      lab_legendre_features (ref_query[q], D, phi);
      for (guint j = 0; j < NP; j++)
        {
          double kqx = 0.0;

          for (guint k = 0; k <= D; k++)
            kqx += phi[k] * fx[j][k];
          pred[q] += kqx * z[j];
        }
      g_assert_cmpfloat_with_epsilon (pred[q], ref_min_norm_pred[q], 1e-9 * MAX (1.0, fabs (ref_min_norm_pred[q])));
    }
  /* and it interpolates */
  for (guint i = 0; i < NP; i++)
    {
      double f = 0.0;

      for (guint j = 0; j < NP; j++)
        {
          double k = 0.0;

          for (guint m = 0; m <= D; m++)
            k += fx[i][m] * fx[j][m];
          f += k * z[j];
        }
      g_assert_cmpfloat_with_epsilon (f, ref_poly_y[i], 1e-10);
    }

  /* P₀ … P₃ orthonormal for x uniform on [−1, 1]: ½∫ φ_j φ_k = δ_jk (Gauss–Legendre, 4 nodes) */
  {
    const double node[4] = { -0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526 };
    const double weight[4] = { 0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538 };
    double f4[4][4];

    for (guint i = 0; i < 4; i++)
      lab_legendre_features (node[i], 3, f4[i]);
    for (guint j = 0; j < 4; j++)
      for (guint k = 0; k < 4; k++)
        {
          double ip = 0.0;

          for (guint i = 0; i < 4; i++)
            ip += 0.5 * weight[i] * f4[i][j] * f4[i][k];
          g_assert_cmpfloat_with_epsilon (ip, j == k ? 1.0 : 0.0, 1e-14);
        }
  }
}

static void
test_scaler (void)
{
  const double x[] = { -1, -0.5, 0, 0.5, 1, 1 };
  g_autoptr(LabPolyScaler) s = lab_poly_scaler_new (x, 6, 3);
  double z[18];

  lab_poly_scaler_transform (s, x, 6, z);
  for (guint k = 0; k < 3; k++)
    {
      double m = 0, v = 0;

      for (guint i = 0; i < 6; i++)
        m += z[i * 3 + k] / 6;
      for (guint i = 0; i < 6; i++)
        v += z[i * 3 + k] * z[i * 3 + k] / 6;
      g_assert_cmpfloat_with_epsilon (m, 0.0, 1e-15);
      g_assert_cmpfloat_with_epsilon (v, 1.0, 1e-14);
    }
}

int
main (int argc, char **argv)
{
  static const char *nist[] = { "Norris", "Pontius", "Filip", "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5" };

  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (nist); i++)
    {
      g_autofree char *path = g_strconcat ("/engine/polyfit/nist/", nist[i], NULL);

      g_test_add_data_func (path, nist[i], test_nist);
    }
  g_test_add_func ("/engine/polyfit/errors", test_errors);
  g_test_add_func ("/engine/polyfit/numpy", test_against_numpy);
  g_test_add_func ("/engine/polyfit/basis-nested", test_basis_nested);
  g_test_add_func ("/engine/polyfit/basis-filip", test_basis_filip);
  g_test_add_func ("/engine/polyfit/min-norm", test_min_norm);
  g_test_add_func ("/engine/polyfit/scaler", test_scaler);
  return g_test_run ();
}
