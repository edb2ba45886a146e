/* lab-gmm.h — Gaussian mixtures fitted by EM, one step at a time
 *
 * The workspace holds the points (borrowed), the parameters (weights, means,
 * covariances, their Cholesky factors) and the responsibilities, so a caller
 * can alternate lab_gmm_e_step() and lab_gmm_m_step() and record each step.
 * The covariance types and the M-step follow scikit-learn's GaussianMixture
 * (reg_covar added to every variance; weights nₖ/Σnₖ with nₖ = Σᵢ rᵢₖ + 10ε).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_GMM_FULL,        /* one full covariance matrix per component */
  LAB_GMM_TIED,        /* one full covariance matrix shared by all components */
  LAB_GMM_DIAG,        /* one diagonal covariance matrix per component */
  LAB_GMM_SPHERICAL,   /* one variance per component: σₖ²·I */
} LabGmmCovariance;

typedef struct _LabGmm LabGmm;

/* @x: @n × @d row-major, borrowed while the workspace lives; 1 ≤ @k ≤ @n; @reg_covar ≥ 0. */
LabGmm       *lab_gmm_new              (const double     *x,
                                        gsize             n,
                                        guint             d,
                                        guint             k,
                                        LabGmmCovariance  type,
                                        double            reg_covar);
void          lab_gmm_free             (LabGmm           *self);

/* Sets the parameters: @weights (k, summing to 1), @means (k × d) and @covariances (k full
 * d × d matrices; for LAB_GMM_TIED only the first is read, for DIAG and SPHERICAL only the
 * diagonals, SPHERICAL averaging them). LAB_ERROR_NUMERIC when a matrix is not positive
 * definite. */
gboolean      lab_gmm_set_parameters   (LabGmm           *self,
                                        const double     *weights,
                                        const double     *means,
                                        const double     *covariances,
                                        GError          **error);
/* Parameters from a hard assignment (an M-step with 0/1 responsibilities): how
 * scikit-learn starts EM from k-means labels. */
gboolean      lab_gmm_init_from_labels (LabGmm           *self,
                                        const guint      *labels,
                                        GError          **error);
/* E-step: responsibilities rᵢₖ = πₖ N(xᵢ | μₖ, Σₖ) / Σⱼ πⱼ N(xᵢ | μⱼ, Σⱼ) under the current
 * parameters. Returns the mean log-likelihood (1/n) Σᵢ log Σₖ πₖ N(xᵢ | μₖ, Σₖ). */
double        lab_gmm_e_step           (LabGmm           *self);
/* M-step: weights, means and covariances from the responsibilities. LAB_ERROR_NUMERIC when
 * a covariance is not positive definite (a component collapsed onto too few points). */
gboolean      lab_gmm_m_step           (LabGmm           *self,
                                        GError          **error);

guint         lab_gmm_get_k            (LabGmm           *self);
const double *lab_gmm_get_weights      (LabGmm           *self);
const double *lab_gmm_get_means        (LabGmm           *self);
/* k full d × d matrices, whatever the type (tied: k equal copies). */
const double *lab_gmm_get_covariances  (LabGmm           *self);
/* n × k, from the last E-step. */
const double *lab_gmm_get_resp         (LabGmm           *self);
/* The most responsible component of each point (ties: the lowest index). */
void          lab_gmm_get_labels       (LabGmm           *self,
                                        guint            *labels);

/* Free parameters: k·d means, k − 1 weights and the covariances' (full: k·d(d+1)/2,
 * tied: d(d+1)/2, diag: k·d, spherical: k). */
guint         lab_gmm_n_parameters     (LabGmmCovariance  type,
                                        guint             k,
                                        guint             d);

const char   *lab_gmm_covariance_to_string (LabGmmCovariance type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabGmm, lab_gmm_free)

G_END_DECLS
