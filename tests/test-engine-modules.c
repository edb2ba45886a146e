/* test-engine-modules.c — the shared engine modules that topics build on: folds, products,
 * update rules, labelled points, distribution families; and the framework's result cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-cache.h"
#include "lab-csv.h"
#include "lab-cv.h"
#include "lab-distribution.h"
#include "lab-engine.h"
#include "lab-error.h"
#include "lab-linalg.h"
#include "lab-optim.h"
#include "lab-points.h"
#include "lab-rng.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

/* ---- folds ---- */

static void
test_cv_schemes (void)
{
  g_autofree guint *inter = lab_cv_assign (10, 3, LAB_CV_INTERLEAVED, 0);
  g_autofree guint *block = lab_cv_assign (10, 3, LAB_CV_CONTIGUOUS, 0);
  g_autofree guint *shuf = lab_cv_assign (10, 3, LAB_CV_SHUFFLED, 7);
  g_autofree guint *shuf2 = lab_cv_assign (10, 3, LAB_CV_SHUFFLED, 7);
  /* scikit-learn KFold(3) on 10 rows: sizes 4, 3, 3 in order */
  const guint want_block[10] = { 0, 0, 0, 0, 1, 1, 1, 2, 2, 2 };
  guint sizes[3] = { 0 };
  gsize train[10], valid[10], nt, nv;

  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpuint (inter[i], ==, i % 3);
      g_assert_cmpuint (block[i], ==, want_block[i]);
      sizes[shuf[i]]++;
      g_assert_cmpuint (shuf[i], ==, shuf2[i]);   /* seeded */
    }
  g_assert_cmpuint (sizes[0], ==, 4);
  g_assert_cmpuint (sizes[1], ==, 3);
  g_assert_cmpuint (sizes[2], ==, 3);

  lab_cv_split (block, 10, 1, train, &nt, valid, &nv);
  g_assert_cmpuint (nt, ==, 7);
  g_assert_cmpuint (nv, ==, 3);
  g_assert_cmpuint (valid[0], ==, 4);
  g_assert_cmpuint (valid[2], ==, 6);
  g_assert_cmpuint (train[3], ==, 3);
  g_assert_cmpuint (train[4], ==, 7);
}

/* ---- products ---- */

static void
naive_gemm (gboolean ta, gboolean tb, guint m, guint n, guint k, double alpha, const double *A, gsize lda,
            const double *B, gsize ldb, double beta, double *C, gsize ldc)
{
  for (guint i = 0; i < m; i++)
    for (guint j = 0; j < n; j++)
      {
        double acc = 0;

        for (guint p = 0; p < k; p++)
          acc += (ta ? A[p * lda + i] : A[i * lda + p]) * (tb ? B[j * ldb + p] : B[p * ldb + j]);
        C[i * ldc + j] = alpha * acc + beta * C[i * ldc + j];
      }
}

static void
test_gemm (void)
{
  const guint m = 7, n = 5, k = 9;
  const gsize ld = 12;   /* leading dimensions larger than the rows */
  double A[12 * 12], B[12 * 12], C[12 * 12], D[12 * 12];

  for (guint i = 0; i < 144; i++)
    {
      A[i] = sin (i * 0.7) * 3;
      B[i] = cos (i * 1.3) - 0.2;
      C[i] = D[i] = 0.01 * i;
    }
  for (int ta = 0; ta < 2; ta++)
    for (int tb = 0; tb < 2; tb++)
      {
        memcpy (D, C, sizeof C);
        lab_gemm (ta, tb, m, n, k, 1.5, A, ld, B, ld, 0.5, C, ld);
        naive_gemm (ta, tb, m, n, k, 1.5, A, ld, B, ld, 0.5, D, ld);
        for (guint i = 0; i < m; i++)
          for (guint j = 0; j < n; j++)
            g_assert_cmpfloat_with_epsilon (C[i * ld + j], D[i * ld + j], 1e-12);
        /* the padding past n columns is never written */
        for (guint i = 0; i < m; i++)
          g_assert_cmpfloat (C[i * ld + n], ==, D[i * ld + n]);
        memcpy (C, D, sizeof C);
      }
  /* k = 0: C = beta·C */
  lab_gemm (FALSE, FALSE, 2, 2, 0, 1.0, A, ld, B, ld, 2.0, C, ld);
  g_assert_cmpfloat (C[1], ==, 2 * D[1]);
  g_assert_nonnull (lab_blas_name ());
}

/* ---- update rules ---- */

static void
test_optim_rules (void)
{
  LabOptimHyper h = { LAB_OPTIM_SGD, 0.1, 0.9, 0.9, 0.9, 0.999, 0.0, 1e-8 };
  double theta[2], g[2] = { 2.0, -4.0 }, at[2];

  /* SGD: θ − ηg */
  {
    g_autoptr(LabOptim) o = lab_optim_new (&h, 2);

    theta[0] = 1, theta[1] = 1;
    lab_optim_step (o, theta, g);
    g_assert_cmpfloat_with_epsilon (theta[0], 0.8, 1e-15);
    g_assert_cmpfloat_with_epsilon (theta[1], 1.4, 1e-15);
  }
  /* momentum: the second step moves by η(βg + g) */
  {
    g_autoptr(LabOptim) o = NULL;

    h.kind = LAB_OPTIM_MOMENTUM;
    o = lab_optim_new (&h, 2);
    theta[0] = 0, theta[1] = 0;
    lab_optim_step (o, theta, g);
    lab_optim_step (o, theta, g);
    g_assert_cmpfloat_with_epsilon (theta[0], -0.1 * 2 - 0.1 * (0.9 * 2 + 2), 1e-14);
  }
  /* Nesterov as torch's nesterov=True: b = βb + g, θ ← θ − η(g + βb); the gradient is
   * taken at θ itself */
  {
    g_autoptr(LabOptim) o = NULL;

    h.kind = LAB_OPTIM_NESTEROV;
    o = lab_optim_new (&h, 2);
    theta[0] = 0, theta[1] = 0;
    lab_optim_gradient_point (o, theta, at);
    g_assert_cmpfloat (at[0], ==, 0);
    lab_optim_step (o, theta, g);   /* b = g, θ = −η(g + βg) */
    g_assert_cmpfloat_with_epsilon (theta[0], -0.1 * (2 + 0.9 * 2), 1e-15);
    g_assert_cmpfloat_with_epsilon (lab_optim_get_velocity (o)[0], 2, 1e-15);
    lab_optim_step (o, theta, g);   /* b = βg + g */
    g_assert_cmpfloat_with_epsilon (theta[0], -0.1 * (2 + 0.9 * 2) - 0.1 * (2 + 0.9 * 3.8), 1e-14);
  }
  /* weight decay is an L2 term λθ added to the gradient (SGD: θ − η(g + λθ)) */
  {
    g_autoptr(LabOptim) o = NULL;

    h.kind = LAB_OPTIM_SGD;
    h.weight_decay = 0.5;
    o = lab_optim_new (&h, 2);
    theta[0] = 1, theta[1] = 1;
    lab_optim_step (o, theta, g);
    g_assert_cmpfloat_with_epsilon (theta[0], 1 - 0.1 * (2 + 0.5), 1e-15);
    /* a schedule changes η between steps */
    lab_optim_set_lr (o, 0.01);
    lab_optim_step (o, theta, g);
    g_assert_cmpfloat_with_epsilon (theta[0], 0.75 - 0.01 * (2 + 0.5 * 0.75), 1e-15);
    h.weight_decay = 0.01;
  }
  /* Adam's first step is η·sign(g) (m̂ = g, v̂ = g²), up to ε */
  {
    g_autoptr(LabOptim) o = NULL;

    h.kind = LAB_OPTIM_ADAM;
    o = lab_optim_new (&h, 2);
    theta[0] = 1, theta[1] = 1;
    lab_optim_step (o, theta, g);
    g_assert_cmpfloat_with_epsilon (theta[0], 0.9, 1e-8);
    g_assert_cmpfloat_with_epsilon (theta[1], 1.1, 1e-8);
  }
  /* AdamW decays θ(1 − ηλ), not rescaled; Adam's λθ joins the gradient, so its first step is
   * still η·sign(g + λθ) */
  {
    g_autoptr(LabOptim) o = NULL;
    g_autoptr(LabOptim) a = NULL;
    double t2[2] = { 1, 1 };

    h.kind = LAB_OPTIM_ADAMW;
    o = lab_optim_new (&h, 2);
    theta[0] = 1, theta[1] = 1;
    lab_optim_step (o, theta, g);
    g_assert_cmpfloat_with_epsilon (theta[0], 0.9 - 0.1 * 0.01, 1e-8);
    h.kind = LAB_OPTIM_ADAM;
    a = lab_optim_new (&h, 2);
    lab_optim_step (a, t2, g);
    g_assert_cmpfloat_with_epsilon (t2[0], 0.9, 1e-8);
    g_assert_cmpfloat_with_epsilon (lab_optim_get_direction (a)[1], -1, 1e-8);
    g_assert_null (lab_optim_get_velocity (a));
  }
  /* Newton: one step to the minimum of a positive definite quadratic; damped by the smallest
   * μ that lifts the lowest eigenvalue to 10⁻³·max(1, |λ|max) when indefinite */
  {
    double H[4] = { 4, 1, 1, 3 }, t3[2] = { 1, -2 }, gq[2], mu;
    double S[4] = { 2, 0, 0, -4 }, gs[2] = { 1, 1 }, t4[2] = { 0, 0 };
    double bad[4] = { NAN, 0, 0, 1 };

    gq[0] = H[0] * t3[0] + H[1] * t3[1];
    gq[1] = H[2] * t3[0] + H[3] * t3[1];
    g_assert_true (lab_optim_newton_step (t3, gq, H, 2, 1.0, &mu));
    g_assert_cmpfloat (fabs (t3[0]) + fabs (t3[1]), <, 1e-15);
    g_assert_cmpfloat (mu, ==, 0);
    g_assert_true (lab_optim_newton_step (t4, gs, S, 2, 1.0, &mu));
    g_assert_cmpfloat_with_epsilon (mu, 4 + 4e-3, 1e-15);
    g_assert_cmpfloat_with_epsilon (t4[0], -1 / (2 + mu), 1e-15);
    g_assert_cmpfloat_with_epsilon (t4[1], -1 / 4e-3, 1e-9);
    g_assert_false (lab_optim_newton_step (t4, gs, bad, 2, 1.0, &mu));
  }
  /* Adagrad and RMSProp: η g / (√s + ε) */
  {
    g_autoptr(LabOptim) o = NULL;

    h.kind = LAB_OPTIM_RMSPROP;
    o = lab_optim_new (&h, 1);
    theta[0] = 0;
    lab_optim_step (o, theta, g);
    g_assert_cmpfloat_with_epsilon (theta[0], -0.1 * 2 / (sqrt (0.1 * 4) + 1e-8), 1e-15);
  }
}

/* ---- labelled points ---- */

static void
test_points_synthetic (void)
{
  LabSynthOptions o = { LAB_SYNTH_MOONS, 100, 2, 0.0, 1.0, 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LabPoints) moons = lab_points_synthesize (&o, &error);
  g_autoptr(LabPoints) again = NULL;
  guint counts[LAB_POINTS_MAX_CLASSES];
  g_autofree guint *train = NULL, *test = NULL;
  guint nt, nv;

  g_assert_no_error (error);
  g_assert_cmpuint (moons->n, ==, 100);
  lab_points_count_classes (moons, counts);
  g_assert_cmpuint (counts[0], ==, 50);
  /* without noise every point lies on its half circle: the upper one |x − (0, 0)| = 1 */
  for (guint i = 0; i < moons->n; i++)
    {
      double x = moons->x[2 * i], y = moons->x[2 * i + 1];

      if (moons->y[i] == 0)
        g_assert_cmpfloat_with_epsilon (hypot (x, y), 1.0, 1e-12);
      else
        g_assert_cmpfloat_with_epsilon (hypot (x - 1, y - 0.5), 1.0, 1e-12);
    }
  again = lab_points_synthesize (&o, NULL);
  g_assert_cmpmem (moons->x, 200 * sizeof (double), again->x, 200 * sizeof (double));

  /* imbalance: 1:9, and a long tail over five blobs */
  o.kind = LAB_SYNTH_BLOBS, o.n = 1000, o.ratio = 9, o.classes = 2;
  {
    g_autoptr(LabPoints) p = lab_points_synthesize (&o, NULL);

    lab_points_count_classes (p, counts);
    g_assert_cmpuint (counts[0], ==, 900);
    g_assert_cmpuint (counts[1], ==, 100);
  }
  o.classes = 5, o.ratio = 100;
  {
    g_autoptr(LabPoints) p = lab_points_synthesize (&o, NULL);

    lab_points_count_classes (p, counts);
    for (guint c = 1; c < 5; c++)
      g_assert_cmpuint (counts[c], <, counts[c - 1]);
    g_assert_cmpuint (counts[4], >=, 1);
  }

  lab_points_split (moons, 0.3, 5, &train, &nt, &test, &nv);
  g_assert_cmpuint (nt, ==, 70);
  g_assert_cmpuint (nv, ==, 30);
  g_free (train), g_free (test);
  lab_points_split (moons, 0.0, 5, &train, &nt, &test, &nv);
  g_assert_cmpuint (nt, ==, 100);
  g_assert_cmpuint (nv, ==, 0);

  /* errors name the option and its range */
  o.kind = LAB_SYNTH_BLOBS, o.classes = 11;
  g_assert_null (lab_points_synthesize (&o, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "classes must be from 2 to 10"));
  g_clear_error (&error);
  o.classes = 3, o.n = 5;
  g_assert_null (lab_points_synthesize (&o, &error));
  g_assert_nonnull (strstr (error->message, "n must be from 6"));
}

static LabDataset *
load_text (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  LabDataset *d = lab_csv_load_bytes ("t.csv", bytes, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return d;
}

static void
test_points_dataset (void)
{
  const char *features[] = { "a", "b" };
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(LabDataset) d = load_text ("a,b,y\n1,2,cat\n3,,dog\n5,6,cat\n7,8,bird\n");
    g_autoptr(LabPoints) p = lab_points_from_dataset (d, features, 2, "y", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (p->n, ==, 3);           /* the row with a missing b is dropped */
    g_assert_cmpuint (p->n_dropped, ==, 1);
    g_assert_cmpuint (p->n_classes, ==, 2);   /* "dog" was only on the dropped row */
    /* sorted as scikit-learn's LabelEncoder sorts: bird before cat */
    g_assert_cmpstr (p->class_names[0], ==, "bird");
    g_assert_cmpstr (p->class_names[1], ==, "cat");
    g_assert_cmpuint (p->y[0], ==, 1);
    g_assert_cmpuint (p->y[2], ==, 0);
    g_assert_cmpuint (p->rows[2], ==, 3);
    g_assert_cmpfloat (p->x[2 * 2 + 1], ==, 8);
  }
  {
    g_autoptr(LabDataset) d = load_text ("a,b,y\n1,2,1\n3,4,1\n");
    g_assert_null (lab_points_from_dataset (d, features, 2, "y", &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
    g_assert_nonnull (strstr (error->message, "one class only"));
    g_clear_error (&error);
  }
  {
    g_autoptr(LabDataset) d = load_text ("a,b,y\nx,2,1\nz,4,0\n");
    g_assert_null (lab_points_from_dataset (d, features, 2, "y", &error));
    g_assert_nonnull (strstr (error->message, "feature column “a” holds text"));
    g_clear_error (&error);
  }
  {
    g_autoptr(GString) csv = g_string_new ("a,b,y\n");
    g_autoptr(LabDataset) d = NULL;

    for (int i = 0; i < 12; i++)
      g_string_append_printf (csv, "%d,%d,%d\n", i, i, i);
    d = load_text (csv->str);
    g_assert_null (lab_points_from_dataset (d, features, 2, "y", &error));
    g_assert_nonnull (strstr (error->message, "more than 10 classes"));
    g_clear_error (&error);
    g_assert_null (lab_points_from_dataset (d, features, 2, "nope", &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  }
}

/* ---- distribution families ---- */

static void
test_distributions (void)
{
  LabDist n01 = { .family = LAB_FAMILY_NORMAL, .mu = 0, .sigma = 1 };
  LabDist bin = { .family = LAB_FAMILY_BINOMIAL, .n = 10, .p = 0.5 };
  double mean, var, skew, kurt, lo, hi;

  g_assert_cmpfloat_with_epsilon (lab_dist_pdf (&n01, 0), 1 / sqrt (2 * M_PI), 1e-15);
  g_assert_cmpfloat_with_epsilon (lab_dist_cdf (&n01, 1.959963984540054), 0.975, 1e-12);
  g_assert_cmpfloat_with_epsilon (lab_dist_pdf (&bin, 5), 252.0 / 1024, 1e-15);
  g_assert_cmpfloat (lab_dist_pdf (&bin, 2.5), ==, 0);
  lab_dist_moments (&bin, &mean, &var, &skew, &kurt);
  g_assert_cmpfloat (mean, ==, 5);
  g_assert_cmpfloat (var, ==, 2.5);
  lab_dist_range (&n01, 0.025, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (hi, 1.959963984540054, 1e-9);
  g_assert_true (lab_dist_is_discrete (&bin));
}

/* ---- result cache ---- */

typedef struct { int value; } Boxed;

static int cleared;

static void
boxed_clear (gpointer data)
{
  cleared++;
}

static void
test_cache (void)
{
  Boxed *a = g_atomic_rc_box_new0 (Boxed), *b = g_atomic_rc_box_new0 (Boxed), *got;

  a->value = 1, b->value = 2;
  lab_cache_store ("t", "k1", a, boxed_clear);
  g_atomic_rc_box_release_full (a, boxed_clear);
  got = lab_cache_lookup ("t", "k1");
  g_assert_nonnull (got);
  g_assert_cmpint (got->value, ==, 1);
  g_assert_null (lab_cache_lookup ("t", "k2"));
  g_assert_null (lab_cache_lookup ("other", "k1"));
  /* a new value replaces the owner's old one; the old lives on while referenced */
  lab_cache_store ("t", "k2", b, boxed_clear);
  g_atomic_rc_box_release_full (b, boxed_clear);
  g_assert_null (lab_cache_lookup ("t", "k1"));
  g_assert_cmpint (cleared, ==, 0);
  g_assert_cmpint (got->value, ==, 1);
  g_atomic_rc_box_release_full (got, boxed_clear);
  g_assert_cmpint (cleared, ==, 1);
  lab_cache_clear ();
  g_assert_cmpint (cleared, ==, 2);
  g_assert_null (lab_cache_lookup ("t", "k2"));
}

/* ---- the fast generator: its normal draws are N(0, 1) (moments, the ziggurat's layers and
 * tail, a Kolmogorov–Smirnov distance), its integers uniform, its streams reproducible ---- */

static void
test_fast_rng (void)
{
  g_autoptr(gsl_rng) rng = lab_rng_new_fast (12345);
  LabFastRng *x = lab_rng_fast_state (rng);
  const guint n = 1000000;
  /* counts in 20 bins of equal N(0, 1) probability, and beyond ±3.6 (the ziggurat's tail) */
  guint bins[20] = { 0 }, tail = 0, counts[7] = { 0 };
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0, beta = 0;

  for (guint i = 0; i < n; i++)
    {
      double z = lab_fast_rng_gaussian (x);
      double p = gsl_cdf_ugaussian_P (z);

      m1 += z, m2 += z * z, m3 += z * z * z, m4 += z * z * z * z;
      bins[MIN ((guint) (p * 20), 19)]++;
      tail += fabs (z) > 3.6541528853610088;
    }
  m1 /= n, m2 /= n, m3 /= n, m4 /= n;
  /* standard errors over 10⁶ draws: 0.001, 0.0014, 0.0039, 0.0155 */
  g_assert_cmpfloat (fabs (m1), <, 0.005);
  g_assert_cmpfloat (fabs (m2 - 1), <, 0.007);
  g_assert_cmpfloat (fabs (m3), <, 0.02);
  g_assert_cmpfloat (fabs (m4 - 3), <, 0.08);
  for (guint b = 0; b < 20; b++)
    {
      g_assert_cmpfloat (fabs ((double) bins[b] - n / 20.0), <, 5 * sqrt (n / 20.0 * 0.95));
    }
  /* P(|Z| > R) = 2.58e-4: 258 expected, standard deviation 16 */
  g_assert_cmpuint (tail, >, 258 - 5 * 16);
  g_assert_cmpuint (tail, <, 258 + 5 * 16);

  for (guint i = 0; i < 700000; i++)
    counts[lab_fast_rng_below (x, 7)]++;
  for (guint k = 0; k < 7; k++)
    g_assert_cmpfloat (fabs (counts[k] - 100000.0), <, 5 * sqrt (100000.0 * 6 / 7));
  for (guint i = 0; i < 1000; i++)
    {
      double u = lab_fast_rng_uniform (x);

      g_assert_true (u >= 0 && u < 1);
    }
  /* GSL's samplers draw from it: Beta(2, 3) has mean 0.4, standard deviation 0.2 */
  for (guint i = 0; i < 100000; i++)
    beta += gsl_ran_beta (rng, 2, 3) / 100000;
  g_assert_cmpfloat (fabs (beta - 0.4), <, 5 * 0.2 / sqrt (100000));

  /* the same seed, the same stream; reseeding restarts it */
  {
    LabFastRng a, b;

    lab_fast_rng_seed (&a, 7);
    lab_fast_rng_seed (&b, 7);
    for (guint i = 0; i < 100; i++)
      g_assert_cmpfloat (lab_fast_rng_gaussian (&a), ==, lab_fast_rng_gaussian (&b));
    lab_fast_rng_seed (&b, 8);
    g_assert_true (lab_fast_rng_next (&a) != lab_fast_rng_next (&b));
  }
}

int
main (int    argc,
      char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/cv/schemes", test_cv_schemes);
  g_test_add_func ("/engine/linalg/gemm", test_gemm);
  g_test_add_func ("/engine/optim/rules", test_optim_rules);
  g_test_add_func ("/engine/points/synthetic", test_points_synthetic);
  g_test_add_func ("/engine/points/dataset", test_points_dataset);
  g_test_add_func ("/engine/prob/distributions", test_distributions);
  g_test_add_func ("/engine/rng/fast", test_fast_rng);
  g_test_add_func ("/framework/cache", test_cache);
  return g_test_run ();
}
