/* lab-dist-fit.h — maximum-likelihood fits of the distribution families to data
 *
 * Closed forms where they exist (normal with σ of divisor n, exponential, Poisson, geometric,
 * binomial with n fixed, lognormal, Laplace, uniform); gamma and chi-squared by a root of the
 * score equation (GSL Brent); beta and Student-t by GSL's Nelder–Mead on log parameters. The
 * location of gamma, beta and chi-squared is fixed at 0 (beta's scale at 1) and Student-t's at
 * d->mu, as scipy.stats.<family>.fit(…, floc=…) does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-distribution.h"

G_BEGIN_DECLS

/* The free parameters of @family's fit, their names ("mu", "sigma", …) and count (≤ 3). */
guint        lab_dist_fit_n_params   (LabFamily      family);
const char  *lab_dist_fit_param_name (LabFamily      family,
                                      guint          i);
double       lab_dist_fit_get_param  (const LabDist *d,
                                      guint          i);
void         lab_dist_fit_set_param  (LabDist       *d,
                                      guint          i,
                                      double         value);

/* The index of the first value outside @d's support for fitting (a count that is not a whole
 * number, a log of 0 for the lognormal/gamma/beta), or -1; *@why says what is wrong. */
gssize       lab_dist_fit_first_outside (const LabDist *d,
                                         const double  *x,
                                         gsize          n,
                                         const char   **why);

/* Σ log f(xᵢ) */
double       lab_dist_log_likelihood (const LabDist *d,
                                      const double  *x,
                                      gsize          n);

/* Fits @d's free parameters to @x (n ≥ 2, not constant, inside the support: check first);
 * FALSE for the mixture, which has no fit here. */
gboolean     lab_dist_fit            (LabDist       *d,
                                      const double  *x,
                                      gsize          n);

G_END_DECLS
