/* lab-gaussian-classifiers.h — generative classifiers with Gaussian class conditionals
 *
 * Each models p(x | class k) as a Gaussian and classifies by Bayes' rule,
 * p(k | x) ∝ πₖ 𝒩(x; μₖ, Σₖ), with the class priors πₖ the class shares of the rows:
 *
 *   naive Bayes:  Σₖ diagonal (features independent given the class); the variances are the
 *                 per-class population variances plus ε = var_smoothing · the largest
 *                 variance of a feature over all rows (scikit-learn's GaussianNB)
 *   LDA:          one shared Σ, the pooled within-class covariance Σₖ Σ_{i∈k} (xᵢ − μₖ)(xᵢ − μₖ)ᵀ / (n − K)
 *                 (scikit-learn's LinearDiscriminantAnalysis, solver "svd"): linear boundaries
 *   QDA:          Σₖ = (1 − r) Sₖ + r I with Sₖ the class's sample covariance (denominator
 *                 nₖ − 1) and r = reg_param (scikit-learn's QuadraticDiscriminantAnalysis):
 *                 quadratic boundaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LAB_GAUSSIAN_MAX_CLASSES 64

typedef enum
{
  LAB_GAUSSIAN_NAIVE_BAYES,
  LAB_GAUSSIAN_LDA,
  LAB_GAUSSIAN_QDA,
} LabGaussianKind;

typedef struct
{
  LabGaussianKind kind;
  guint    n_classes;
  guint    d;
  double   smoothing;    /* naive Bayes: var_smoothing; QDA: reg_param */
  double   epsilon;      /* naive Bayes: the variance added to every variance */
  double  *priors;       /* K */
  double  *means;        /* K × d */
  double  *var;          /* naive Bayes: K × d variances (ε included); NULL otherwise */
  double  *cov;          /* LDA: d × d (shared); QDA: K × d × d; NULL for naive Bayes */
  /* LDA only, as scikit-learn's coef_ and intercept_: one row for two classes */
  guint    n_coef_rows;
  double  *coef;         /* n_coef_rows × d */
  double  *intercept;    /* n_coef_rows */
  /*< private >*/
  double  *chol;         /* LDA: d × d; QDA: K × d × d lower Cholesky factors */
  double  *log_det;      /* K: log det Σₖ (LDA: the shared one K times) */
} LabGaussianClassifier;

/* Fits on the rows @rows (NULL: all n) of row-major @x (n × d). @smoothing is var_smoothing
 * (naive Bayes, ≥ 0) or reg_param (QDA, 0 … 1); LDA ignores it. @feature_names and
 * @class_names (optional) are used in messages. Errors, LAB_ERROR_DATA: a class without
 * rows in the fit (or QDA without reg_param: fewer than d + 1), a singular covariance —
 * naming the constant feature column when there is one ("feature “x3” is constant within
 * every class") — or, for naive Bayes, every feature constant with var_smoothing 0. */
LabGaussianClassifier *lab_gaussian_fit           (LabGaussianKind      kind,
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
                                                   GError             **error);
void                   lab_gaussian_free          (LabGaussianClassifier *model);
/* The class probabilities of the n rows of @x: @proba is n × n_classes. */
void                   lab_gaussian_predict_proba (const LabGaussianClassifier *model,
                                                   const double                *x,
                                                   gsize                        n,
                                                   double                      *proba);
/* The per-class log joint densities log πₖ + log 𝒩(x; μₖ, Σₖ) (n × K) */
void                   lab_gaussian_log_joint     (const LabGaussianClassifier *model,
                                                   const double                *x,
                                                   gsize                        n,
                                                   double                      *out);
/* The covariance of class @k (d × d): the shared one for LDA, the diagonal for naive Bayes. */
void                   lab_gaussian_get_covariance (const LabGaussianClassifier *model,
                                                    guint                        k,
                                                    double                      *cov);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabGaussianClassifier, lab_gaussian_free)

G_END_DECLS
