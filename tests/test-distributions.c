/* test-distributions.c — the engine's distribution families and divergences against scipy
 *
 * Reference: tests/reference/distributions_scipy_reference.py → tests/distributions-scipy-reference.h
 * (scipy.stats pdf/pmf, cdf, ppf, stats("mvsk"), entropy at typical and extreme parameters
 * including both ends of every support; KL both ways, cross-entropy and Jensen–Shannon by
 * scipy.integrate.quad or exact sums).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_randist.h>

#include <string.h>

#include "lab-distribution.h"
#include "lab-dist-fit.h"
#include "lab-conjugate.h"
#include "lab-moments.h"
#include "lab-rng.h"
#include "lab-engine.h"
#include "distributions-scipy-reference.h"

static void
assert_close (double got, double want, double rtol, double atol, const char *what, const char *where, double at)
{
  if (isnan (want) && isnan (got))
    return;
  if (isinf (want) && got == want)
    return;
  if (!(fabs (got - want) <= atol + rtol * fabs (want)))
    g_error ("%s: %s at %g: %.17g, scipy %.17g (rel %.3g)", where, what, at, got, want,
             fabs (got - want) / fabs (want));
}

/* densities, CDFs (including the support's ends: gamma k < 1 at 0 is +∞, uniform at b is 1/(b − a)) */
static void
test_pdf_cdf (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_families); i++)
    {
      const RefFamily *r = &ref_families[i];

      for (guint j = 0; j < r->n_points; j++)
        {
          assert_close (lab_dist_pdf (&r->d, r->x[j]), r->pdf[j], 1e-9, 1e-300, "pdf", r->name, r->x[j]);
          assert_close (lab_dist_cdf (&r->d, r->x[j]), r->cdf[j], 1e-9, 1e-300, "cdf", r->name, r->x[j]);
        }
    }
}

static void
test_quantiles (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_families); i++)
    {
      const RefFamily *r = &ref_families[i];

      /* relative to the value and to the distribution's spread (q95 − q05): scipy's own ppf is
       * not exact either (t(4.5).ppf(0.95) has F − q = −1e-10; ours gives 1e-16) */
      double spread = r->quantile[3] - r->quantile[1];

      for (guint j = 0; j < G_N_ELEMENTS (ref_quantile_q); j++)
        assert_close (lab_dist_quantile (&r->d, ref_quantile_q[j]), r->quantile[j], 1e-8, 1e-9 * spread,
                      "quantile", r->name, ref_quantile_q[j]);
      /* the discrete quantile is the smallest k with F(k) ≥ q */
      if (lab_dist_is_discrete (&r->d))
        for (guint j = 0; j < G_N_ELEMENTS (ref_quantile_q); j++)
          {
            double k = lab_dist_quantile (&r->d, ref_quantile_q[j]);
            double lo, hi;

            lab_dist_support (&r->d, &lo, &hi);
            g_assert_cmpfloat (lab_dist_cdf (&r->d, k), >=, ref_quantile_q[j]);
            if (k > lo)
              g_assert_cmpfloat (lab_dist_cdf (&r->d, k - 1), <, ref_quantile_q[j]);
          }
    }
}

/* moments; Student-t's that do not exist are NaN/∞ as scipy's, with a reason */
static void
test_moments (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_families); i++)
    {
      const RefFamily *r = &ref_families[i];
      double m[4];

      lab_dist_moments (&r->d, &m[0], &m[1], &m[2], &m[3]);
      for (int k = 0; k < 4; k++)
        {
          /* a moment that does not exist: scipy 1.10 says inf for the Cauchy's mean, we say NaN
           * (undefined, not infinite: ∫x f(x) dx has no value); both become JSON null + reason */
          if (!isfinite (r->moments[k]))
            {
              g_assert_false (isfinite (m[k]));
              g_assert_nonnull (lab_dist_moment_reason (&r->d, k + 1));
              continue;
            }
          assert_close (m[k], r->moments[k], 1e-9, 1e-12, (const char *[]) { "mean", "variance", "skewness", "excess kurtosis" }[k],
                        r->name, k + 1);
          if (isfinite (r->moments[k]))
            g_assert_null (lab_dist_moment_reason (&r->d, k + 1));
          else
            g_assert_nonnull (lab_dist_moment_reason (&r->d, k + 1));
        }
    }
}

static void
test_entropy (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_families); i++)
    {
      const RefFamily *r = &ref_families[i];

      assert_close (lab_dist_entropy (&r->d), r->entropy, 1e-9, 1e-12, "entropy", r->name, NAN);
    }
}

/* KL both ways (closed form where there is one), the same by quadrature/sums, cross-entropy, JS */
static void
test_divergences (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_pairs); i++)
    {
      const RefPair *r = &ref_pairs[i];
      LabDivergenceMethod m;
      char where[64];
      double kl;

      g_snprintf (where, sizeof where, "pair %u", i);
      kl = lab_dist_kl (&r->p, &r->q, &m);
      assert_close (kl, r->kl_pq, 1e-7, 1e-10, "KL(P‖Q)", where, NAN);
      g_assert_true ((m == LAB_DIVERGENCE_INFINITE) == isinf (r->kl_pq));
      assert_close (lab_dist_kl_numeric (&r->p, &r->q, &m), r->kl_pq, 1e-7, 1e-10, "KL(P‖Q) numeric", where, NAN);
      g_assert_true (m != LAB_DIVERGENCE_FAILED);
      assert_close (lab_dist_kl (&r->q, &r->p, &m), r->kl_qp, 1e-7, 1e-10, "KL(Q‖P)", where, NAN);
      assert_close (lab_dist_kl_numeric (&r->q, &r->p, &m), r->kl_qp, 1e-7, 1e-10, "KL(Q‖P) numeric", where, NAN);
      assert_close (lab_dist_entropy (&r->p) + kl, r->cross_entropy, 1e-7, 1e-10, "H(P, Q)", where, NAN);
      assert_close (lab_dist_js (&r->p, &r->q, &m), r->js, 1e-7, 1e-10, "JS", where, NAN);
      assert_close (lab_dist_js (&r->q, &r->p, &m), r->js, 1e-7, 1e-10, "JS symmetric", where, NAN);
    }
  {
    /* one discrete, one continuous: KL = ∞ both ways, JS = log 2 */
    LabDist p = { .family = LAB_FAMILY_POISSON, .lambda = 3 }, q = { .family = LAB_FAMILY_NORMAL, .mu = 3, .sigma = 2 };

    g_assert_cmpfloat (lab_dist_kl (&p, &q, NULL), ==, INFINITY);
    g_assert_cmpfloat (lab_dist_kl (&q, &p, NULL), ==, INFINITY);
    g_assert_cmpfloat_with_epsilon (lab_dist_js (&p, &q, NULL), M_LN2, 1e-15);
  }
}

/* the mixture: density integrates to 1, moments and entropy against sampling/quadrature */
static void
test_mixture (void)
{
  LabDist d = { .family = LAB_FAMILY_MIXTURE, .mu = -2, .sigma = 0.6, .mu2 = 2, .sigma2 = 1.2, .weight = 0.3 };
  double mean, var, skew, kurt;
  LabDist n1 = { .family = LAB_FAMILY_NORMAL, .mu = -2, .sigma = 0.6 };
  LabDist n2 = { .family = LAB_FAMILY_NORMAL, .mu = 2, .sigma = 1.2 };

  lab_dist_moments (&d, &mean, &var, &skew, &kurt);
  g_assert_cmpfloat_with_epsilon (mean, 0.3 * -2 + 0.7 * 2, 1e-14);
  /* law of total variance */
  g_assert_cmpfloat_with_epsilon (var, 0.3 * 0.36 + 0.7 * 1.44 + 0.3 * 0.7 * 16, 1e-12);
  g_assert_cmpfloat_with_epsilon (lab_dist_cdf (&d, 0.5), 0.3 * lab_dist_cdf (&n1, 0.5) + 0.7 * lab_dist_cdf (&n2, 0.5), 1e-15);
  for (double q = 0.01; q < 1; q += 0.07)
    g_assert_cmpfloat_with_epsilon (lab_dist_cdf (&d, lab_dist_quantile (&d, q)), q, 1e-12);
  /* H of a mixture lies between the weighted component entropies and that plus H(weights) */
  {
    double h = lab_dist_entropy (&d);
    double lo = 0.3 * lab_dist_entropy (&n1) + 0.7 * lab_dist_entropy (&n2);
    double hi = lo - 0.3 * log (0.3) - 0.7 * log (0.7);

    g_assert_cmpfloat (h, >, lo);
    g_assert_cmpfloat (h, <, hi);
  }
}

/* the block update and the merge give the one-pass moments (far from the origin too) */
static void
test_moments_block (void)
{
  g_autoptr(gsl_rng) rng = gsl_rng_alloc (gsl_rng_mt19937);
  double x[10007];
  LabMoments one = { 0 }, blocks = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    x[i] = 1e6 + gsl_ran_gamma (rng, 0.7, 2e-3);
  for (guint i = 0; i < G_N_ELEMENTS (x); i++)
    lab_moments_add (&one, x[i]);
  for (guint i = 0; i < G_N_ELEMENTS (x); i += 1000)
    lab_moments_add_block (&blocks, x + i, MIN (1000, G_N_ELEMENTS (x) - i));
  g_assert_cmpfloat (blocks.n, ==, one.n);
  /* against a two-pass sum in long double */
  {
    long double mean = 0, s2 = 0, s3 = 0, s4 = 0, n = G_N_ELEMENTS (x);
    double var, skew, kurt;

    for (guint i = 0; i < G_N_ELEMENTS (x); i++)
      mean += x[i];
    mean /= n;
    for (guint i = 0; i < G_N_ELEMENTS (x); i++)
      {
        long double d = x[i] - mean;

        s2 += d * d, s3 += d * d * d, s4 += d * d * d * d;
      }
    var = (double) (s2 / (n - 1));
    skew = (double) (sqrtl (n) * s3 / powl (s2, 1.5L));
    kurt = (double) (n * s4 / (s2 * s2) - 3);
    g_assert_cmpfloat (fabs (blocks.mean / (double) mean - 1), <, 1e-15);
    g_assert_cmpfloat (fabs (lab_moments_variance (&blocks) / var - 1), <, 1e-9);
    g_assert_cmpfloat (fabs (lab_moments_skewness (&blocks) - skew), <, 1e-8 * fabs (skew));
    g_assert_cmpfloat (fabs (lab_moments_excess_kurtosis (&blocks) - kurt), <, 1e-8 * fabs (kurt));
    g_test_message ("variance: block %.3g, one-by-one %.3g relative error",
                    fabs (lab_moments_variance (&blocks) / var - 1), fabs (lab_moments_variance (&one) / var - 1));
  }
}

/* MLE against scipy.stats.<family>.fit (same fixed location): the parameters agree, and our
 * log-likelihood is at least scipy's (scipy's Nelder–Mead stops at xtol 1e-4: chi2's df) */
static void
test_fits (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_fits); i++)
    {
      const RefFit *r = &ref_fits[i];
      LabDist d = r->d;
      guint k = lab_dist_fit_n_params (d.family);
      const char *why;
      double ll;
      char where[64];

      g_snprintf (where, sizeof where, "fit %u", i);
      g_assert_cmpint (lab_dist_fit_first_outside (&d, r->x, r->n, &why), ==, -1);
      g_assert_true (lab_dist_fit (&d, r->x, r->n));
      ll = lab_dist_log_likelihood (&d, r->x, r->n);
      g_test_message ("%s: log-likelihood %.12g, scipy %.12g", where, ll, r->log_likelihood);
      g_assert_cmpfloat (ll, >=, r->log_likelihood - 1e-9 * fabs (r->log_likelihood));
      g_assert_cmpfloat (ll, <=, r->log_likelihood + 1e-4 * fabs (r->log_likelihood));
      for (guint j = 0; j < k; j++)
        assert_close (lab_dist_fit_get_param (&d, j), r->params[j], 2e-3, 1e-12,
                      lab_dist_fit_param_name (d.family, j), where, j);
    }
  /* what does not fit */
  {
    LabDist g = { .family = LAB_FAMILY_GAMMA };
    LabDist b = { .family = LAB_FAMILY_BINOMIAL, .n = 5 };
    LabDist mix = { .family = LAB_FAMILY_MIXTURE };
    const double x[] = { 1, 2, 0, 3 }, y[] = { 1, 2, 2.5, 6 };
    const char *why;

    g_assert_cmpint (lab_dist_fit_first_outside (&g, x, 4, &why), ==, 2);
    g_assert_nonnull (strstr (why, "> 0"));
    g_assert_cmpint (lab_dist_fit_first_outside (&b, y, 4, &why), ==, 2);
    g_assert_cmpint (lab_dist_fit_first_outside (&b, x, 4, &why), ==, -1);
    g_assert_false (lab_dist_fit (&mix, y, 4));
  }
}

/* conjugate posteriors and both kinds of interval against scipy */
static void
test_conjugate (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (ref_bayes); i++)
    {
      const RefBayes *r = &ref_bayes[i];
      LabConjugatePrior post = lab_conjugate_update (&r->prior, r->stat, r->n);
      const char *reason;
      double lo, hi, map;
      char where[32];

      g_snprintf (where, sizeof where, "bayes %u", i);
      assert_close (post.a, r->post_a, 1e-13, 1e-15, "posterior a", where, NAN);
      assert_close (post.b, r->post_b, 1e-13, 1e-15, "posterior b", where, NAN);
      assert_close (lab_conjugate_quantile (&post, 0.025), r->cred_lo, 1e-9, 1e-14, "credible lo", where, NAN);
      assert_close (lab_conjugate_quantile (&post, 0.975), r->cred_hi, 1e-9, 1e-14, "credible hi", where, NAN);
      assert_close (lab_conjugate_mean (&post), r->mean, 1e-13, 1e-15, "mean", where, NAN);
      map = lab_conjugate_map (&post, &reason);
      assert_close (map, r->map, 1e-13, 1e-15, "map", where, NAN);
      g_assert_true (isnan (map) == (reason != NULL));
      lab_conjugate_confidence (r->prior.kind, r->stat, r->n, r->prior.known_sigma, 0.05, &lo, &hi);
      assert_close (lo, r->conf_lo, 1e-9, 1e-14, "confidence lo", where, NAN);
      assert_close (hi, r->conf_hi, 1e-9, 1e-14, "confidence hi", where, NAN);
      /* one at a time = all at once (beta-binomial: s successes then n − s failures) */
      if (r->prior.kind == LAB_CONJUGATE_BETA_BINOMIAL)
        {
          LabConjugatePrior seq = r->prior;

          for (double k = 0; k < r->n; k++)
            seq = lab_conjugate_update (&seq, k < r->stat ? 1 : 0, 1);
          assert_close (seq.a, post.a, 1e-13, 0, "sequential a", where, NAN);
          assert_close (seq.b, post.b, 1e-13, 0, "sequential b", where, NAN);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/distributions/pdf-cdf", test_pdf_cdf);
  g_test_add_func ("/distributions/quantiles", test_quantiles);
  g_test_add_func ("/distributions/moments", test_moments);
  g_test_add_func ("/distributions/entropy", test_entropy);
  g_test_add_func ("/distributions/divergences", test_divergences);
  g_test_add_func ("/distributions/mixture", test_mixture);
  g_test_add_func ("/distributions/moments-block", test_moments_block);
  g_test_add_func ("/distributions/fits", test_fits);
  g_test_add_func ("/distributions/conjugate", test_conjugate);
  return g_test_run ();
}
