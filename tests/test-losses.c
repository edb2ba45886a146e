/* test-losses.c — loss values, logit gradients and trained linear models against PyTorch
 * autograd, and the losses' limits at p = 0 and 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reference values: tests/losses-reference.h, written by tests/reference/losses_reference.py.
 */
#include "config.h"

#include <math.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-losses.h"
#include "losses-reference.h"

/* |a − b| ≤ rel · max(|a|, |b|); two zeros agree */
#define assert_close(a, b, rel, what)                                              \
  G_STMT_START {                                                                   \
    double a_ = (a), b_ = (b);                                                     \
    if (!(fabs (a_ - b_) <= (rel) * MAX (fabs (a_), fabs (b_))))                   \
      g_error ("%s:%d: %s: %.17g, expected %.17g (relative error %.3g > %g)",      \
               __FILE__, __LINE__, (what), a_, b_,                                 \
               fabs (a_ - b_) / MAX (fabs (a_), fabs (b_)), (double) (rel));      \
  } G_STMT_END

static LabLoss
loss_from_name (const char *name)
{
  for (int l = 0; l < LAB_N_LOSSES; l++)
    if (g_str_equal (lab_loss_to_string (l), name))
      return l;
  g_error ("unknown loss %s", name);
}

static void
params_from_hyper (LabLossParams *params, const RefHyper *h)
{
  lab_loss_params_init (params);
  params->alpha = h->alpha;
  params->gamma = h->gamma;
  params->gamma_pos = h->gamma_pos;
  params->gamma_neg = h->gamma_neg;
  params->clip = h->clip;
  params->log_prior_ratio = h->log_prior_ratio;
}

static void
test_binary_reference (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ref_binary); i++)
    {
      const RefBinary *r = &ref_binary[i];
      LabLossParams params;
      double dz, value;
      g_autofree char *what = NULL;

      params_from_hyper (&params, &ref_hyper[r->hyper]);
      value = lab_loss_binary (loss_from_name (r->loss), &params, r->z, r->positive, &dz);
      what = g_strdup_printf ("%s (set %d) at z = %g, y = %d", r->loss, r->hyper, r->z, r->positive);
      assert_close (value, r->value, 1e-12, what);
      assert_close (dz, r->dz, 1e-12, what);
      /* the gradient is optional */
      g_assert_cmpfloat (lab_loss_binary (loss_from_name (r->loss), &params, r->z, r->positive, NULL),
                         ==, value);
    }
}

static void
test_softmax_reference (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (ref_softmax); i++)
    {
      const RefSoftmax *r = &ref_softmax[i];
      LabLossParams params;
      double dz[REF_SOFTMAX_MAX_K], value;
      g_autofree char *what = g_strdup_printf ("softmax %s (set %d), case %" G_GSIZE_FORMAT,
                                               r->loss, r->hyper, i);

      params_from_hyper (&params, &ref_hyper[r->hyper]);
      params.class_weight = r->class_weight;
      params.log_prior = r->log_prior;
      value = lab_loss_softmax (loss_from_name (r->loss), &params, r->k, r->z, r->y, dz);
      assert_close (value, r->value, 1e-12, what);
      for (int c = 0; c < r->k; c++)
        {
          /* a gradient entry that cancels to ~1e-17 is compared absolutely */
          if (fabs (r->dz[c]) < 1e-15)
            g_assert_cmpfloat (fabs (dz[c] - r->dz[c]), <=, 1e-15);
          else
            assert_close (dz[c], r->dz[c], 1e-12, what);
        }
    }
}

/* With two classes the softmax forms are the binary ones on z₁ − z₀. */
static void
test_softmax_two_classes (void)
{
  LabLossParams params;
  const double log_prior[2] = { log (0.8), log (0.2) };
  const LabLoss losses[] = { LAB_LOSS_CE, LAB_LOSS_FOCAL, LAB_LOSS_BALANCED };

  lab_loss_params_init (&params);
  params.alpha = -1;   /* the softmax focal loss has no α */
  params.log_prior = log_prior;
  params.log_prior_ratio = log_prior[1] - log_prior[0];
  for (gsize l = 0; l < G_N_ELEMENTS (losses); l++)
    for (double z = -9; z <= 9; z += 1.5)
      for (guint y = 0; y < 2; y++)
        {
          double zz[2] = { 0, z }, dzz[2], dz;
          double a = lab_loss_softmax (losses[l], &params, 2, zz, y, dzz);
          double b = lab_loss_binary (losses[l], &params, z, y == 1, &dz);

          assert_close (a, b, 1e-12, lab_loss_to_string (losses[l]));
          assert_close (dzz[1], dz, 1e-12, lab_loss_to_string (losses[l]));
          g_assert_cmpfloat (fabs (dzz[0] + dzz[1]), <=, 1e-15);
        }
}

/* p = 0 and 1 (z = ±∞) and beyond double's exp range: limits, never NaN. */
static void
test_extremes (void)
{
  LabLossParams params;
  const double zs[] = { -INFINITY, -1e308, -800, 800, 1e308, INFINITY };

  lab_loss_params_init (&params);
  for (int l = 0; l < LAB_N_LOSSES; l++)
    for (gsize i = 0; i < G_N_ELEMENTS (zs); i++)
      for (int y = 0; y < 2; y++)
        {
          double dz = NAN;
          double v = lab_loss_binary (l, &params, zs[i], y, &dz);
          gboolean confident_right = (y == 1) == (zs[i] > 0);

          g_assert_false (isnan (v));
          g_assert_true (isfinite (dz));
          g_assert_cmpfloat (v, >=, 0);
          if (confident_right)
            {
              /* the true class has p = 1: nothing to learn (the ASL negative keeps its clamp
               * value only for a wrong-side logit) */
              g_assert_cmpfloat (fabs (dz), <=, 1e-300);
              g_assert_cmpfloat (v, <=, 1e-300);
            }
          else if (l == LAB_LOSS_ASL)
            /* the paper's clamp: at most −log(1e-8) for a positive; a negative at p = 1
             * keeps p_m = 1 − m and 1 − p_m = m */
            g_assert_cmpfloat (v, <=, -log (1e-8) + 1e-12);
          else if (l == LAB_LOSS_SQUARED)
            g_assert_cmpfloat (v, ==, 1);
          else if (isinf (zs[i]) || fabs (zs[i]) > 1e300)
            g_assert_cmpfloat (v, >, 1e300);   /* −log 0 */
        }

  /* CE near p = 1: log1p, not log(1 + tiny) */
  {
    /* z = logit(1 − 1e-12) = log(1e12 − 1); CE = −log(1 − 1e-12) = 1e-12 + 5e-25 + … */
    double z = log (999999999999.0), dz;
    double v = lab_loss_binary (LAB_LOSS_CE, &params, z, TRUE, &dz);

    assert_close (v, 1.0000000000005e-12, 1e-12, "CE at p = 1 − 1e-12");
    assert_close (dz, -1e-12, 1e-12, "its gradient −(1 − p)");
    assert_close (lab_logit (1e-12), -z, 1e-12, "logit(1e-12)");
  }
  g_assert_cmpfloat (lab_logit (0), ==, -INFINITY);
  g_assert_cmpfloat (lab_logit (1), ==, INFINITY);
  g_assert_cmpfloat (lab_logit (0.5), ==, 0);
  /* exp at −690 amplifies the rounding of z by |z|: ≈ 1e-13 relative */
  assert_close (lab_sigmoid (lab_logit (1e-300)), 1e-300, 2e-13, "σ(logit(1e-300))");
  g_assert_cmpfloat (lab_softplus (-1e308), ==, 0);
  g_assert_cmpfloat (lab_softplus (1e308), ==, 1e308);

  /* softmax with logits far apart */
  {
    const double z[3] = { 1e300, -1e300, 0 };
    double dz[3];

    for (int l = 0; l <= LAB_LOSS_BALANCED; l++)
      {
        double v = lab_loss_softmax (l, &params, 3, z, 0, dz);
        g_assert_true (isfinite (v));
        for (int c = 0; c < 3; c++)
          g_assert_true (isfinite (dz[c]));
      }
  }
}

static void
test_train_reference (void)
{
  LabLossParams params;

  params_from_hyper (&params, &ref_train_hyper);
  params.class_weight = ref_multi_class_weight;
  params.log_prior = ref_multi_log_prior;
  for (gsize i = 0; i < G_N_ELEMENTS (ref_train); i++)
    {
      const RefTrain *r = &ref_train[i];
      gboolean binary = r->k == 2;
      g_autoptr(LabLinearModel) model = lab_linear_model_new (2, r->k);
      g_autoptr(GError) error = NULL;
      double trace[REF_TRAIN_STEPS + 1];
      g_autofree char *what = g_strdup_printf ("%s, %d classes", r->loss, r->k);

      g_assert_true (lab_linear_model_train (model, loss_from_name (r->loss), &params,
                                             binary ? ref_bin_x : ref_multi_x,
                                             binary ? ref_bin_y : ref_multi_y,
                                             binary ? REF_BIN_N : REF_MULTI_N,
                                             REF_TRAIN_ETA, REF_TRAIN_STEPS, trace, NULL, &error));
      g_assert_no_error (error);
      for (guint j = 0; j < model->n_outputs * 3; j++)
        g_assert_cmpfloat_with_epsilon (model->w[j], r->w[j], 1e-8 * MAX (1, fabs (r->w[j])));
      assert_close (trace[0], r->loss_first, 1e-12, what);
      assert_close (trace[REF_TRAIN_STEPS], r->loss_last, 1e-8, what);
      g_assert_cmpfloat (trace[REF_TRAIN_STEPS], <, trace[0]);
    }
}

static void
test_train_errors (void)
{
  const double x[4] = { 0, 1, 2, 3 };
  const guint y[4] = { 0, 1, 0, 1 };
  const guint y_bad[4] = { 0, 1, 2, 1 };
  LabLossParams params;

  lab_loss_params_init (&params);

  {
    g_autoptr(LabLinearModel) model = lab_linear_model_new (1, 2);
    g_autoptr(GError) error = NULL;

    g_assert_false (lab_linear_model_train (model, LAB_LOSS_HINGE, &params, x, y, 4, 0.1, 5, NULL, NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_nonnull (strstr (error->message, "loss hinge cannot train"));
  }
  {
    g_autoptr(LabLinearModel) model = lab_linear_model_new (1, 2);
    g_autoptr(GError) error = NULL;

    g_assert_false (lab_linear_model_train (model, LAB_LOSS_CE, &params, x, y_bad, 4, 0.1, 5, NULL, NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
    g_assert_cmpstr (error->message, ==, "class 2 of point 2 is out of range: the model has 2 classes");
  }
  {
    /* a learning rate far too large on separable data diverges */
    const double xs[4] = { -1e150, -1e150, 1e150, 1e150 };
    g_autoptr(LabLinearModel) model = lab_linear_model_new (1, 3);
    g_autoptr(GError) error = NULL;
    guint y3[4] = { 0, 1, 2, 1 };

    g_assert_false (lab_linear_model_train (model, LAB_LOSS_CE, &params, xs, y3, 4, 1e200, 3, NULL, NULL, &error));
    g_assert_error (error, LAB_ERROR, LAB_ERROR_NUMERIC);
    g_assert_nonnull (strstr (error->message, "lower the learning rate"));
  }
  {
    g_autoptr(LabLinearModel) model = lab_linear_model_new (1, 2);
    g_autoptr(GError) error = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    g_assert_false (lab_linear_model_train (model, LAB_LOSS_CE, &params, x, y, 4, 0.1, 5, NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
  g_assert_cmpstr (lab_loss_to_string (LAB_LOSS_BALANCED), ==, "balanced-softmax");
}

int
main (int    argc,
      char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/engine/losses/binary/reference", test_binary_reference);
  g_test_add_func ("/engine/losses/softmax/reference", test_softmax_reference);
  g_test_add_func ("/engine/losses/softmax/two-classes", test_softmax_two_classes);
  g_test_add_func ("/engine/losses/extremes", test_extremes);
  g_test_add_func ("/engine/losses/train/reference", test_train_reference);
  g_test_add_func ("/engine/losses/train/errors", test_train_errors);
  return g_test_run ();
}
