/* distributions-private.h — shared by the files of the "distributions" topic, no one else
 *
 * compute: draws `samples` values of the chosen distribution (GSL; normals by
 * the ziggurat), counts them into the drawn histogram, a fine counting grid
 * for the empirical CDF (a bar per integer for the discrete ones), and the
 * first four sample moments in one numerically stable pass (Terriberry's
 * extension of Welford's update). Samples are kept, radix-sorted, only up to
 * a million, for an exact empirical P(X ≤ x); beyond that the ECDF comes from
 * the counting grid. Everything that depends on the query point `x` is a view
 * parameter, evaluated in build/metrics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "lab-error.h"
#include "lab-rng.h"
#include "lab-distribution.h"
#include "lab-dist-fit.h"
#include "lab-conjugate.h"
#include "lab-columns.h"
#include "lab-moments.h"
#include "lab-sort.h"

#include "distributions.h"

G_BEGIN_DECLS

#define N_FINE        1024        /* counting grid of the continuous ECDF */
#define N_CURVE       401         /* points of the exact PDF/CDF curves */
#define BLOCK         65536       /* samples drawn between cancellation checks */
#define KEEP_MAX      1000000     /* keep (and sort) the samples up to this many */
#define TAIL          0.0005      /* the view shows the central 99.9 % */
#define CLT_MEANS     20000       /* the central-limit view histograms this many means */
#define CLT_BINS      60
#define FIT_MAX       20000       /* fit mode, source=sample: at most this many draws */
#define FIT_BINS_MAX  60
#define N_PROFILE     41
#define N_QQ          400
#define N_TRAJ        401         /* bayes: points of the posterior's path */
#define BIV_KEEP      5000        /* bivariate: points kept for the scatter */
#define BIV_BINS      60
#define BIV_GRID      120
#define SIMPLEX_GRID  160         /* dirichlet: density cells per side of the simplex */
#define SIMPLEX_KEEP  3000        /* dirichlet: sampled points drawn */

enum { TAG_PDF, TAG_CDF, TAG_CLT, TAG_INTEGRAND, TAG_QQ, TAG_PROFILE };

#define SLOT_SAMPLES 0
#define SLOT_EXACT   1

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  LabResult  parent;
  LabDist       dist;
  gboolean   discrete;
  gsize      n;
  LabMoments    moments;
  double     xlo, xhi;       /* the view */
  double     hlo, hhi;       /* the histogram's range */
  guint      n_bins;
  double    *heights;        /* n_bins densities (discrete: one bar per integer hlo…hhi) */
  /* ECDF: (ecdf_x[i], ecdf_y[i]) post-steps over the view */
  double    *ecdf_x;
  double    *ecdf_y;
  gsize      n_ecdf;
  /* continuous, n ≤ KEEP_MAX: the samples sorted (exact empirical CDF) */
  double    *sorted;
  /* discrete: counts of each integer 0…kcap (values above kcap: none in practice) */
  double    *cum;            /* cum[k] = #samples ≤ k */
  guint      kcap;

  LabDistributionsMode mode;
  double     entropy;        /* nats */

  /* explore, clt-n ≥ 2: means of clt_n draws, CLT_MEANS of them */
  guint      clt_n;
  gsize      n_means;
  double     clt_lo, clt_hi; /* their histogram's range */
  double     clt_heights[CLT_BINS];
  double     clt_sample_mean, clt_sample_sd;

  /* compare: P is dist, Q is qdist */
  LabDist    qdist;
  double     entropy_q;
  double     kl_pq, kl_qp, js;
  LabDivergenceMethod kl_pq_method, kl_qp_method, js_method;
  /* Q normal, P continuous: the normals that minimise KL(P‖Q) and KL(Q‖P) */
  gboolean   have_fits;
  double     fwd_mu, fwd_sigma, fwd_kl;   /* forward: NAN when no normal has a finite KL(P‖Q) */
  double     rev_mu, rev_sigma, rev_kl;

  /* fit */
  LabDistributionsSource source;
  char      *column;         /* source=data: the column's name and the file's */
  char      *file;
  double    *fit_x;          /* the fitted values, sorted */
  gsize      fit_n;
  LabDist    fitted;
  double     log_likelihood, aic, bic;
  guint      fit_k;          /* free parameters */
  double     profile_x[N_PROFILE], profile_ll[N_PROFILE];
  gboolean   have_profile;

  /* bayes: the observations in order, their running statistic, the path of the posterior */
  LabConjugatePrior prior;
  double    *obs;
  double    *cum_stat;       /* the statistic (successes, Σ counts, Σ x) of the first k observations, k = 0…n */
  gsize      n_obs;
  guint      n_traj;
  double     traj_k[N_TRAJ], traj_mean[N_TRAJ], traj_lo[N_TRAJ], traj_hi[N_TRAJ];

  /* bivariate */
  LabPairKind pair;
  double     biv_mean[2], biv_cov[4], biv_rho;          /* exact */
  double     biv_smean[2], biv_scov[4], biv_srho;       /* sample */
  double     biv_evals[2], biv_evecs[4];                /* of the exact covariance, columns */
  double    *biv_x, *biv_y;
  gsize      biv_kept;
  double     biv_xlo, biv_xhi, biv_ylo, biv_yhi;
  double     biv_hx[BIV_BINS], biv_hy[BIV_BINS];

  /* multinomial / dirichlet (explore mode): on the simplex, category 3 = the rest */
  LabDistribution multi;        /* LAB_DISTRIBUTION_MULTINOMIAL or _DIRICHLET, else 0 */
  double     mv_par[3];         /* normalised p, or α */
  unsigned int mv_n;
  double     mv_mean[3], mv_cov[9], mv_smean[3], mv_scov[9];
  double    *mv_exact, *mv_freq; /* multinomial: (n + 1)² PMF and frequencies at (k₁, k₂); dirichlet: the density grid */
  guint      mv_side;
  double    *mv_x, *mv_y;       /* dirichlet: sampled (x₁, x₂) */
  gsize      mv_kept;
} DistResult;

LabTopicCompute distributions_compute;
LabTopicBuild distributions_build;
LabTopicMetrics distributions_metrics;
LabTopicClick distributions_click;
LabTopicSuggestRange distributions_suggest_range;

LabDist dist_from_params (LabParams *params);
LabConjugatePrior bayes_posterior_at (const DistResult *self, gsize k, double *stat);
LabDist dist_from_params_prefixed (LabParams *params, const char *prefix);
const char *divergence_method_name (LabDivergenceMethod m);
char * dist_name (const LabDist *d);
double sample_cdf (const DistResult *self, double x);

G_END_DECLS
