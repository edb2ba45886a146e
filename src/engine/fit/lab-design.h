/* lab-design.h — design matrices for the classifiers: polynomial features and standardisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The number of columns lab_design_polynomial() makes from @d ≥ 2 inputs at @degree ≥ 1:
 * every monomial of total degree 1 … @degree in the first two inputs, then the other
 * d − 2 inputs as they are. */
guint  lab_design_polynomial_size (guint          d,
                                   guint          degree);
/* Expands row-major @x (n × d) into @out (n × lab_design_polynomial_size()). The monomials
 * in the first two inputs come in scikit-learn's PolynomialFeatures(include_bias=False)
 * order: by total degree, then by falling power of the first input (x₁, x₂, x₁², x₁x₂,
 * x₂², x₁³, …). With d = 2 this is exactly PolynomialFeatures. @names (optional, @d
 * entries) gives the output names in @out_names (a NULL-terminated array, free with
 * g_strfreev): "x1", "x1²", "x1·x2", … */
void   lab_design_polynomial      (const double       *x,
                                   gsize               n,
                                   guint               d,
                                   guint               degree,
                                   double             *out,
                                   const char * const *names,
                                   char             ***out_names);

typedef struct
{
  guint   d;
  double *mean;    /* d */
  double *scale;   /* d: the population standard deviation, 1 where it is 0 (as StandardScaler) */
} LabScaler;

/* Column means and standard deviations of the rows @rows (NULL: all n) of @x (n × d). */
LabScaler *lab_scaler_new       (const double *x,
                                 gsize         n,
                                 guint         d,
                                 const guint  *rows,
                                 gsize         n_rows);
void       lab_scaler_free      (LabScaler    *scaler);
/* (x − mean) / scale in place, n × d. */
void       lab_scaler_transform (const LabScaler *scaler,
                                 double          *x,
                                 gsize            n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabScaler, lab_scaler_free)

G_END_DECLS
