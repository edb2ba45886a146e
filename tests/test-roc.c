/* test-roc.c — ROC/PR curves, AUC, AP and DeLong against scikit-learn and
 * independent computations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reference values: tests/roc-reference.h, written by tests/reference/roc_reference.py.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-roc.h"
#include "roc-reference.h"

/* ------------------------------------------------------------------ */
/* helpers */

#define assert_close(a, b, rel)                                              \
  G_STMT_START {                                                             \
    double a_ = (a), b_ = (b);                                               \
    if (!(fabs (a_ - b_) <= (rel) * fabs (b_)))                              \
      g_error ("%s:%d: %s = %.17g, expected %.17g (relative error %.3g > %g)", \
               __FILE__, __LINE__, #a, a_, b_, fabs (a_ - b_) / fabs (b_),   \
               (double) (rel));                                              \
  } G_STMT_END

static LabRocCurve *
curve_new_or_die (const double *scores,
                  const guint8 *labels,
                  gsize         n)
{
  g_autoptr(GError) error = NULL;
  LabRocCurve *curve = lab_roc_curve_new (scores, labels, n, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (curve);
  return curve;
}

/* the invariants every curve has */
static void
check_curve_shape (const LabRocCurve *c)
{
  g_assert_cmpuint (c->n_points, >=, 2);
  g_assert_true (isinf (c->thresholds[0]) && c->thresholds[0] > 0);
  g_assert_cmpfloat (c->tp[0], ==, 0);
  g_assert_cmpfloat (c->fp[0], ==, 0);
  for (gsize k = 1; k < c->n_points; k++)
    {
      g_assert_cmpfloat (c->thresholds[k], <, c->thresholds[k - 1]);
      g_assert_cmpfloat (c->tp[k], >=, c->tp[k - 1]);
      g_assert_cmpfloat (c->fp[k], >=, c->fp[k - 1]);
      g_assert_cmpfloat (c->tp[k] + c->fp[k], >, c->tp[k - 1] + c->fp[k - 1]);
    }
  g_assert_cmpfloat (c->tp[c->n_points - 1], ==, (double) c->n_positive);
  g_assert_cmpfloat (c->fp[c->n_points - 1], ==, (double) c->n_negative);
}

static void
expect_curve_error (const double *scores,
                    const guint8 *labels,
                    gsize         n,
                    const char   *message)
{
  g_autoptr(GError) error = NULL;
  LabRocCurve *curve = lab_roc_curve_new (scores, labels, n, NULL, &error);

  g_assert_null (curve);
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, message);
}

static void
expect_delong_error (const double *const *scores,
                     guint                n_models,
                     const guint8        *labels,
                     gsize                n,
                     const char          *message)
{
  g_autoptr(GError) error = NULL;
  LabRocDelong out[2];
  double p = -1;

  g_assert_false (lab_roc_delong (scores, n_models, labels, n, out, &p, NULL, &error));
  g_assert_error (error, LAB_ERROR, LAB_ERROR_DATA);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpfloat (p, ==, -1);
}

static const RocReferenceCase *
reference_case (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (roc_reference_cases); i++)
    if (g_str_equal (roc_reference_cases[i].name, name))
      return &roc_reference_cases[i];
  g_assert_not_reached ();
}

/* ------------------------------------------------------------------ */
/* against scikit-learn */

static void
test_reference (void)
{
  for (gsize r = 0; r < G_N_ELEMENTS (roc_reference_cases); r++)
    {
      const RocReferenceCase *ref = &roc_reference_cases[r];
      LabRocCurve *c = curve_new_or_die (ref->scores, ref->labels, ref->n);
      double n_pos = (double) c->n_positive, n_neg = (double) c->n_negative;

      g_test_message ("case %s", ref->name);
      check_curve_shape (c);
      assert_close (lab_roc_curve_auc (c), ref->auc, 1e-12);
      assert_close (lab_roc_curve_average_precision (c), ref->average_precision, 1e-12);

      /* roc_curve (drop_intermediate=False): the same points; the rates are the same
       * IEEE divisions of the same counts, so they agree exactly */
      g_assert_cmpuint (c->n_points, ==, ref->n_points);
      for (gsize k = 0; k < c->n_points; k++)
        {
          g_assert_cmpfloat (c->fp[k] / n_neg, ==, ref->fpr[k]);
          g_assert_cmpfloat (c->tp[k] / n_pos, ==, ref->tpr[k]);
          if (k > 0)
            g_assert_cmpfloat (c->thresholds[k], ==, ref->thresholds[k]);
        }

      if (!isnan (ref->delong_variance))
        {
          g_autoptr(GError) error = NULL;
          const double *scores[1] = { ref->scores };
          LabRocDelong d;
          double p = -1;

          g_assert_true (lab_roc_delong (scores, 1, ref->labels, ref->n, &d, &p, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpfloat (p, ==, -1);       /* one model: untouched */
          g_assert_cmpfloat (d.auc, ==, lab_roc_curve_auc (c));
          if (ref->delong_variance == 0)
            g_assert_cmpfloat (fabs (d.variance), <=, 1e-18);
          else
            assert_close (d.variance, ref->delong_variance, 1e-10);
          assert_close (d.ci_low, MAX (0.0, d.auc - 1.959963984540054 * sqrt (d.variance)), 1e-15);
          assert_close (d.ci_high, MIN (1.0, d.auc + 1.959963984540054 * sqrt (d.variance)), 1e-15);

          /* from the curve alone (issue 12): the same variance, no second sort */
          {
            LabRocDelong e;

            g_assert_true (lab_roc_curve_delong (c, &e, &error));
            g_assert_no_error (error);
            g_assert_cmpfloat (e.auc, ==, d.auc);
            if (ref->delong_variance == 0)
              g_assert_cmpfloat (fabs (e.variance), <=, 1e-18);
            else
              assert_close (e.variance, ref->delong_variance, 1e-10);
            assert_close (e.ci_low, d.ci_low, 1e-12);
            assert_close (e.ci_high, d.ci_high, 1e-12);
          }
        }
      lab_roc_curve_free (c);
    }
}

static void
test_delong_paired (void)
{
  const RocReferenceCase *a = reference_case ("binormal_a");
  const RocReferenceCase *b = reference_case ("binormal_b");
  const double *scores[2] = { a->scores, b->scores };
  g_autoptr(GError) error = NULL;
  LabRocDelong d[2];
  double p = -1;

  g_assert_true (lab_roc_delong (scores, 2, a->labels, a->n, d, &p, NULL, &error));
  g_assert_no_error (error);
  assert_close (d[0].auc, a->auc, 1e-12);
  assert_close (d[1].auc, b->auc, 1e-12);
  assert_close (d[0].variance, a->delong_variance, 1e-10);
  assert_close (d[1].variance, b->delong_variance, 1e-10);
  assert_close (p, roc_reference_paired_p, 1e-9);

  /* the same p from the reference's variance of the difference */
  assert_close (p, erfc (fabs (d[0].auc - d[1].auc) / sqrt (roc_reference_paired_variance)
                         / G_SQRT2), 1e-9);

  /* swapping the models changes nothing */
  {
    const double *swapped[2] = { b->scores, a->scores };
    double q = -1;

    g_assert_true (lab_roc_delong (swapped, 2, a->labels, a->n, d, &q, NULL, &error));
    assert_close (q, p, 1e-12);
  }
}

/* every pair: the p of (i, j) among three models is the two-model test of i and j, and a
 * rank-equivalent copy gives NaN against its original */
static void
test_delong_pairs (void)
{
  const RocReferenceCase *a = reference_case ("binormal_a");
  const RocReferenceCase *b = reference_case ("binormal_b");
  g_autofree double *scaled = g_new (double, a->n);
  const double *scores[3] = { a->scores, b->scores, scaled };
  g_autoptr(GError) error = NULL;
  LabRocDelong d[3], d2[2];
  double pairs[3], p;
  static const guint ij[3][2] = { { 0, 1 }, { 0, 2 }, { 1, 2 } };

  for (gsize i = 0; i < a->n; i++)
    scaled[i] = 3 * a->scores[i] - 1;
  g_assert_true (lab_roc_delong_pairs (scores, 3, a->labels, a->n, d, pairs, NULL, &error));
  g_assert_no_error (error);
  assert_close (pairs[0], roc_reference_paired_p, 1e-9);
  g_assert_true (isnan (pairs[1]));
  for (guint k = 0; k < 3; k++)
    {
      const double *two[2] = { scores[ij[k][0]], scores[ij[k][1]] };

      p = -1;
      g_assert_true (lab_roc_delong (two, 2, a->labels, a->n, d2, &p, NULL, &error));
      if (isnan (pairs[k]))
        g_assert_true (isnan (p));
      else
        assert_close (pairs[k], p, 1e-14);
      assert_close (d2[0].variance, d[ij[k][0]].variance, 1e-14);
    }
  /* NULL pairs: only the per-model results */
  g_assert_true (lab_roc_delong_pairs (scores, 3, a->labels, a->n, d, NULL, NULL, &error));
}

static void
test_delong_identical (void)
{
  /* two rank-equivalent models: the difference has no variance, p is NaN */
  const RocReferenceCase *a = reference_case ("binormal_a");
  g_autofree double *scaled = g_new (double, a->n);
  const double *scores[2] = { a->scores, scaled };
  g_autoptr(GError) error = NULL;
  LabRocDelong d[2];
  double p = 0;

  for (gsize i = 0; i < a->n; i++)
    scaled[i] = 2 * a->scores[i] + 1;
  g_assert_true (lab_roc_delong (scores, 2, a->labels, a->n, d, &p, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (d[0].auc, ==, d[1].auc);
  g_assert_cmpfloat (d[0].variance, ==, d[1].variance);
  g_assert_true (isnan (p));
}

/* ------------------------------------------------------------------ */
/* properties */

static void
test_scale_invariance (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  gsize n = 5000;
  g_autofree double *s = g_new (double, n);
  g_autofree double *t = g_new (double, n);
  g_autofree guint8 *y = g_new (guint8, n);
  LabRocCurve *base, *c;
  double auc, ap;

  /* scores on a grid of 1/64: every transform below is exact or keeps them apart */
  for (gsize i = 0; i < n; i++)
    {
      y[i] = g_rand_double (rand) < 0.4;
      s[i] = g_rand_int_range (rand, -256, 256) / 64.0 + y[i];
    }
  base = curve_new_or_die (s, y, n);
  auc = lab_roc_curve_auc (base);
  ap = lab_roc_curve_average_precision (base);
  g_assert_cmpfloat (auc, >, 0.5);

  for (gsize i = 0; i < n; i++)
    t[i] = 3 * s[i] - 7;
  c = curve_new_or_die (t, y, n);
  g_assert_cmpuint (c->n_points, ==, base->n_points);
  g_assert_cmpfloat (lab_roc_curve_auc (c), ==, auc);
  g_assert_cmpfloat (lab_roc_curve_average_precision (c), ==, ap);
  for (gsize k = 0; k < c->n_points; k++)
    {
      g_assert_cmpfloat (c->tp[k], ==, base->tp[k]);
      g_assert_cmpfloat (c->fp[k], ==, base->fp[k]);
    }
  lab_roc_curve_free (c);

  for (gsize i = 0; i < n; i++)
    t[i] = exp (s[i]);
  c = curve_new_or_die (t, y, n);
  g_assert_cmpuint (c->n_points, ==, base->n_points);
  g_assert_cmpfloat (lab_roc_curve_auc (c), ==, auc);
  g_assert_cmpfloat (lab_roc_curve_average_precision (c), ==, ap);
  lab_roc_curve_free (c);

  /* a decreasing transform mirrors the AUC (up to the rounding of 1 − auc) */
  for (gsize i = 0; i < n; i++)
    t[i] = -0.5 * s[i];
  c = curve_new_or_die (t, y, n);
  assert_close (lab_roc_curve_auc (c), 1 - auc, 1e-15);
  lab_roc_curve_free (c);

  lab_roc_curve_free (base);
}

static void
test_ties (void)
{
  /* scores   0.9  0.8  0.8  0.5  0.5  0.5  0.5  0.2  0.2  0.1
   * labels   1    1    0    1    0    1    0    0    0    0     */
  const RocReferenceCase *ref = reference_case ("ties");
  static const double thresholds[] = { INFINITY, 0.9, 0.8, 0.5, 0.2, 0.1 };
  static const double tp[] = { 0, 1, 2, 4, 4, 4 };
  static const double fp[] = { 0, 0, 1, 3, 5, 6 };
  LabRocCurve *c = curve_new_or_die (ref->scores, ref->labels, ref->n);

  g_assert_cmpuint (c->n_points, ==, G_N_ELEMENTS (thresholds));
  g_assert_cmpuint (c->n_positive, ==, 4);
  g_assert_cmpuint (c->n_negative, ==, 6);
  for (gsize k = 0; k < c->n_points; k++)
    {
      g_assert_cmpfloat (c->thresholds[k], ==, thresholds[k]);
      g_assert_cmpfloat (c->tp[k], ==, tp[k]);
      g_assert_cmpfloat (c->fp[k], ==, fp[k]);
    }
  /* Mann–Whitney with ties ½: pairs won 6 + (5 + ½) + 2·(3 + ½·2) = 19.5 of 24 */
  g_assert_cmpfloat (lab_roc_curve_auc (c), ==, 19.5 / 24);
  /* AP = ¼·1 + ¼·⅔ + ½·4/7 */
  assert_close (lab_roc_curve_average_precision (c), 0.25 + 0.25 * 2 / 3.0 + 0.5 * 4 / 7.0, 1e-15);
  lab_roc_curve_free (c);

  /* signed zeros tie: -0.0 and 0.0 form one point, whose threshold is +0 */
  {
    static const double s[] = { -0.0, 0.0, 1.0, -0.0 };
    static const guint8 y[] = { 1, 0, 1, 0 };
    LabRocCurve *z = curve_new_or_die (s, y, 4);

    g_assert_cmpuint (z->n_points, ==, 3);
    g_assert_cmpfloat (z->thresholds[2], ==, 0.0);
    g_assert_cmpfloat (z->tp[2], ==, 2);
    g_assert_cmpfloat (z->fp[2], ==, 2);
    g_assert_cmpfloat (lab_roc_curve_auc (z), ==, 0.75);
    lab_roc_curve_free (z);
  }
}

static void
test_constant (void)
{
  static const double s[] = { 4, 4, 4, 4, 4 };
  static const guint8 y[] = { 0, 1, 0, 0, 1 };
  LabRocCurve *c = curve_new_or_die (s, y, 5);

  g_assert_cmpuint (c->n_points, ==, 2);
  g_assert_cmpfloat (c->thresholds[1], ==, 4);
  g_assert_cmpfloat (lab_roc_curve_auc (c), ==, 0.5);
  g_assert_cmpfloat (lab_roc_curve_average_precision (c), ==, 0.4);
  lab_roc_curve_free (c);
}

static void
test_point_for_threshold (void)
{
  const RocReferenceCase *ref = reference_case ("ties");
  LabRocCurve *c = curve_new_or_die (ref->scores, ref->labels, ref->n);

  /* thresholds: +inf 0.9 0.8 0.5 0.2 0.1 */
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, INFINITY), ==, 0);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, 1e300), ==, 0);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, 0.95), ==, 0);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, 0.9), ==, 1);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, 0.85), ==, 1);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, 0.8), ==, 2);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, nextafter (0.5, 1)), ==, 2);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, 0.5), ==, 3);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, nextafter (0.5, 0)), ==, 3);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, 0.2), ==, 4);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, 0.1), ==, 5);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, 0.0), ==, 5);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, -1e300), ==, 5);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, -INFINITY), ==, 5);
  g_assert_cmpuint (lab_roc_curve_point_for_threshold (c, NAN), ==, 0);

  /* every threshold of a long curve finds its own point */
  {
    const RocReferenceCase *big = reference_case ("binormal_a");
    LabRocCurve *b = curve_new_or_die (big->scores, big->labels, big->n);

    for (gsize k = 0; k < b->n_points; k++)
      g_assert_cmpuint (lab_roc_curve_point_for_threshold (b, b->thresholds[k]), ==, k);
    lab_roc_curve_free (b);
  }
  lab_roc_curve_free (c);
}

/* ------------------------------------------------------------------ */
/* a million samples against a plain qsort computation */

typedef struct
{
  double score;
  guint8 label;
} Sample;

static int
compare_samples (const void *a,
                 const void *b)
{
  double x = ((const Sample *) a)->score, y = ((const Sample *) b)->score;

  return (x > y) - (x < y);
}

static void
test_large (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  gsize n = 1200000;   /* past 2^20: the curve's sort runs in buckets, on two threads */
  g_autofree double *s = g_new (double, n);
  g_autofree guint8 *y = g_new (guint8, n);
  g_autofree Sample *sorted = g_new (Sample, n);
  g_autofree double *ref_t = g_new (double, n + 1);
  g_autofree double *ref_tp = g_new (double, n + 1);
  g_autofree double *ref_fp = g_new (double, n + 1);
  double rank_sum = 0, n_pos = 0, n_neg, auc_mw, ap = 0;
  LabRocCurve *c;
  gsize n_groups = 0;

  /* scores on a grid of 1/1000 in [-3, 4]: about 7000 values, many ties */
  for (gsize i = 0; i < n; i++)
    {
      y[i] = g_rand_double (rand) < 0.3;
      s[i] = g_rand_int_range (rand, -3000, 3001) / 1000.0 + y[i];
      sorted[i].score = s[i];
      sorted[i].label = y[i];
      n_pos += y[i];
    }
  n_neg = n - n_pos;

  /* the Mann–Whitney U from midranks; AP over the descending tie groups */
  qsort (sorted, n, sizeof *sorted, compare_samples);
  {
    double tp_above = 0, fp_above = 0;

    for (gsize end = n; end > 0;)
      {
        gsize start = end;
        double tp_group = 0;

        while (start > 0 && sorted[start - 1].score == sorted[end - 1].score)
          tp_group += sorted[--start].label;
        /* ranks start + 1 … end share their mean */
        rank_sum += tp_group * (start + 1 + end) / 2.0;
        tp_above += tp_group;
        fp_above += (end - start) - tp_group;
        ap += tp_group / n_pos * tp_above / (tp_above + fp_above);
        n_groups++;
        ref_t[n_groups] = sorted[start].score;
        ref_tp[n_groups] = tp_above;
        ref_fp[n_groups] = fp_above;
        end = start;
      }
  }
  auc_mw = (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg);

  c = curve_new_or_die (s, y, n);
  check_curve_shape (c);
  g_assert_cmpuint (c->n_points, ==, n_groups + 1);
  /* every point, exactly: one per distinct score, descending, with its counts */
  for (gsize k = 1; k <= n_groups; k++)
    {
      g_assert_cmpfloat (c->thresholds[k], ==, ref_t[k]);
      g_assert_cmpfloat (c->tp[k], ==, ref_tp[k]);
      g_assert_cmpfloat (c->fp[k], ==, ref_fp[k]);
    }
  assert_close (lab_roc_curve_auc (c), auc_mw, 1e-12);
  assert_close (lab_roc_curve_average_precision (c), ap, 1e-12);

  /* DeLong's AUC is the same count */
  {
    g_autoptr(GError) error = NULL;
    const double *scores[1] = { s };
    LabRocDelong d;

    g_assert_true (lab_roc_delong (scores, 1, y, n, &d, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (d.auc, ==, lab_roc_curve_auc (c));
    g_assert_cmpfloat (d.variance, >, 0);
    g_assert_cmpfloat (d.ci_low, <, d.auc);
    g_assert_cmpfloat (d.ci_high, >, d.auc);
  }
  lab_roc_curve_free (c);
}

/* Past 2^20 samples with four distinct scores, nearly all of one: the buckets' bounds
 * (quantiles of a sample) coincide, most buckets are empty and one holds most keys. */
static void
test_large_few_values (void)
{
  static const double values[4] = { 2.5, 0.5, -0.0, -1.0 };   /* descending */
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261205);
  gsize n = 1100000;
  g_autofree double *s = g_new (double, n);
  g_autofree guint8 *y = g_new (guint8, n);
  double pos[4] = { 0 }, neg[4] = { 0 }, tp = 0, fp = 0;
  LabRocCurve *c;

  for (gsize i = 0; i < n; i++)
    {
      double u = g_rand_double (rand);
      guint v = u < 0.9 ? 1 : u < 0.95 ? 0 : u < 0.99 ? 2 : 3;

      y[i] = g_rand_double (rand) < (v == 0 ? 0.8 : 0.3);
      s[i] = values[v] == 0 && i % 2 ? 0.0 : values[v];   /* -0 and +0: one score */
      (y[i] ? pos : neg)[v] += 1;
    }
  c = curve_new_or_die (s, y, n);
  check_curve_shape (c);
  g_assert_cmpuint (c->n_points, ==, 5);
  for (guint v = 0; v < 4; v++)
    {
      tp += pos[v];
      fp += neg[v];
      g_assert_cmpfloat (c->thresholds[v + 1], ==, values[v]);
      g_assert_cmpfloat (c->tp[v + 1], ==, tp);
      g_assert_cmpfloat (c->fp[v + 1], ==, fp);
    }
  lab_roc_curve_free (c);
}

/* ------------------------------------------------------------------ */
/* errors */

static void
test_error_one_class (void)
{
  static const double s[] = { 0.1, 0.2, 0.3 };
  static const guint8 ones[] = { 1, 1, 1 };
  static const guint8 zeros[] = { 0, 0, 0 };
  const double *scores[1] = { s };

  expect_curve_error (s, ones, 3, "only one class present: all 3 samples are positive");
  expect_curve_error (s, zeros, 3, "only one class present: all 3 samples are negative");
  expect_curve_error (NULL, NULL, 0, "only one class present: there are no samples");
  expect_delong_error (scores, 1, ones, 3, "only one class present: all 3 samples are positive");
  expect_delong_error (scores, 1, zeros, 0, "only one class present: there are no samples");
}

static void
test_error_non_finite (void)
{
  static const double s[] = { 0.1, 0.2, 0.3, NAN, INFINITY };
  static const double t[] = { 0.1, -INFINITY, 0.3, 0.4, 0.5 };
  static const guint8 y[] = { 0, 1, 0, 1, 0 };
  const double *scores[2] = { t, s };

  expect_curve_error (s, y, 5, "score at index 3 is not finite");
  expect_curve_error (t, y, 5, "score at index 1 is not finite");
  expect_delong_error (scores, 1, y, 5, "score at index 1 is not finite");
  expect_delong_error (scores + 1, 1, y, 5, "score at index 3 is not finite");
  {
    const double *two[2] = { s, t };

    expect_delong_error (two, 2, y, 5, "model 0: score at index 3 is not finite");
  }

  /* far into a large input, past the first block of a million */
  {
    gsize n = 1500000;
    g_autofree double *big = g_new (double, n);
    g_autofree guint8 *labels = g_new (guint8, n);

    for (gsize i = 0; i < n; i++)
      {
        big[i] = (double) (i % 1000);
        labels[i] = i % 3 == 0;
      }
    big[1234567] = NAN;
    expect_curve_error (big, labels, n, "score at index 1234567 is not finite");
  }
}

static void
test_error_bad_label (void)
{
  static const double s[] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 };
  static const guint8 y[] = { 0, 1, 0, 1, 2, 255 };
  static const guint8 y2[] = { 0, 1, 0, 1, 1, 255 };
  const double *scores[1] = { s };

  expect_curve_error (s, y, 6, "label at index 4 is 2, expected 0 or 1");
  expect_curve_error (s, y2, 6, "label at index 5 is 255, expected 0 or 1");
  expect_delong_error (scores, 1, y, 6, "label at index 4 is 2, expected 0 or 1");

  /* a label error before a score error is the one reported */
  {
    static const double t[] = { 0.1, 0.2, 0.3, 0.4, 0.5, NAN };

    expect_curve_error (t, y, 6, "label at index 4 is 2, expected 0 or 1");
  }

  /* many bad labels in a large input: nothing is written out of bounds */
  {
    gsize n = 1100000;
    g_autofree double *big = g_new (double, n);
    g_autofree guint8 *labels = g_new (guint8, n);

    for (gsize i = 0; i < n; i++)
      {
        big[i] = (double) i;
        labels[i] = i < 1050000 ? i % 2 : 255;
      }
    expect_curve_error (big, labels, n, "label at index 1050000 is 255, expected 0 or 1");
  }
}

static void
test_error_delong_too_few (void)
{
  static const double s[] = { 0.1, 0.2, 0.3, 0.4 };
  static const guint8 y[] = { 0, 1, 0, 0 };
  const double *scores[1] = { s };

  expect_delong_error (scores, 1, y, 4,
                       "DeLong's variance needs at least two samples of each class, "
                       "found 1 positive and 3 negative");
}

static void
test_cancel (void)
{
  const RocReferenceCase *a = reference_case ("binormal_a");
  const RocReferenceCase *b = reference_case ("binormal_b");
  const double *scores[2] = { a->scores, b->scores };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  LabRocCurve *c;
  LabRocDelong d[2];
  double p = -1;

  /* not cancelled yet: works */
  c = lab_roc_curve_new (a->scores, a->labels, a->n, cancellable, &error);
  g_assert_no_error (error);
  g_assert_nonnull (c);
  lab_roc_curve_free (c);

  g_cancellable_cancel (cancellable);
  c = lab_roc_curve_new (a->scores, a->labels, a->n, cancellable, &error);
  g_assert_null (c);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_false (lab_roc_delong (scores, 2, a->labels, a->n, d, &p, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (p, ==, -1);
}

typedef struct
{
  GCancellable *cancellable;
  guint         delay_ms;
} CancelLater;

static gpointer
cancel_later (gpointer data)
{
  CancelLater *later = data;

  g_usleep (later->delay_ms * 1000);
  g_cancellable_cancel (later->cancellable);
  return NULL;
}

static void
test_cancel_midway (void)
{
  /* a cancel from another thread while a large curve is computed: either the
   * computation finished first, or it stops with G_IO_ERROR_CANCELLED */
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gsize n = 4000000;
  g_autofree double *s = g_new (double, n);
  g_autofree guint8 *y = g_new (guint8, n);
  CancelLater later = { cancellable, 20 };
  GThread *thread;
  LabRocCurve *c;

  for (gsize i = 0; i < n; i++)
    {
      y[i] = g_rand_boolean (rand);
      s[i] = g_rand_double (rand);
    }
  thread = g_thread_new ("cancel", cancel_later, &later);
  c = lab_roc_curve_new (s, y, n, cancellable, &error);
  g_thread_join (thread);
  if (c == NULL)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  else
    {
      g_test_message ("finished before the cancel arrived");
      g_assert_no_error (error);
      lab_roc_curve_free (c);
    }
}

int
main (int    argc,
      char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/roc/reference", test_reference);
  g_test_add_func ("/engine/roc/delong/paired", test_delong_paired);
  g_test_add_func ("/engine/roc/delong/identical", test_delong_identical);
  g_test_add_func ("/engine/roc/scale-invariance", test_scale_invariance);
  g_test_add_func ("/engine/roc/ties", test_ties);
  g_test_add_func ("/engine/roc/constant", test_constant);
  g_test_add_func ("/engine/roc/point-for-threshold", test_point_for_threshold);
  g_test_add_func ("/engine/roc/large", test_large);
  g_test_add_func ("/engine/roc/large-few-values", test_large_few_values);
  g_test_add_func ("/engine/roc/error/one-class", test_error_one_class);
  g_test_add_func ("/engine/roc/error/non-finite", test_error_non_finite);
  g_test_add_func ("/engine/roc/error/bad-label", test_error_bad_label);
  g_test_add_func ("/engine/roc/error/delong-too-few", test_error_delong_too_few);
  g_test_add_func ("/engine/roc/delong-pairs", test_delong_pairs);
  g_test_add_func ("/engine/roc/cancel", test_cancel);
  g_test_add_func ("/engine/roc/cancel-midway", test_cancel_midway);

  return g_test_run ();
}
