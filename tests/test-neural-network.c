/* test-neural-network.c — the neural-network topic: backpropagation against finite differences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every activation's derivative and the network's gradient with respect to every weight and
 * bias (both losses, with and without a penalty, deep and wide) against central finite
 * differences; the metrics' contract (keys, shapes, train_loss as the full-training-set loss);
 * determinism for a seed; the errors of bad layers, features and data sets.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gsl/gsl_rng.h>
#include <json-glib/json-glib.h>
#include <unistd.h>

#include "lab-engine.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "lab-rng.h"
#include "lab-runner.h"
#include "topic-test.h"
#include "neural-network/neural-network-private.h"
#include "neural-network-reference.h"

static const LabTopic *topic;

static void
test_activation_derivatives (void)
{
  for (NnActivation a = 0; a < NN_N_ACT; a++)
    for (int k = -80; k <= 80; k++)
      {
        /* 0.0137 off the grid keeps the kinks of relu and leaky-relu away from z ± h */
        double z = k * 0.05 + 0.0137, h = 1e-5, dz;
        double fd = (nn_activation (a, z + h, NULL) - nn_activation (a, z - h, NULL)) / (2 * h);

        nn_activation (a, z, &dz);
        topic_test_assert_close (dz, fd, 1e-6, 1e-9, "%s′(%g)", nn_activation_name (a), z);
      }
}

/* GELU: the values the formulas give, and the tanh form within 1e-3 of the exact one. */
static void
test_gelu_values (void)
{
  double max_diff = 0;

  /* Φ(1) = 0.841344746068543, so GELU(1) = 0.841344746068543; SiLU(1) = σ(1) = 0.731058578630005 */
  topic_test_assert_close (nn_activation (NN_ACT_GELU, 1, NULL), 0.841344746068543, 1e-12, 0, "gelu(1)");
  topic_test_assert_close (nn_activation (NN_ACT_SILU, 1, NULL), 0.731058578630005, 1e-12, 0, "silu(1)");
  topic_test_assert_close (nn_activation (NN_ACT_GELU, -1, NULL), -0.158655253931457, 1e-12, 0, "gelu(−1)");
  for (int k = -600; k <= 600; k++)
    {
      double z = k * 0.01;
      max_diff = MAX (max_diff, fabs (nn_activation (NN_ACT_GELU, z, NULL) - nn_activation (NN_ACT_GELU_TANH, z, NULL)));
    }
  g_assert_cmpfloat (max_diff, <, 1e-3);
  g_assert_cmpfloat (max_diff, >, 0);
}

/* tanh is the topic's own (two lanes at a time, no branch): within 3 ulp of glibc's over the
 * range where it is not ±1, with tanh's sign, zeros, limits and NaN. */
static void
test_tanh_accuracy (void)
{
  double worst = 0, at = 0;

  for (int k = -2200000; k <= 2200000; k++)
    {
      double z = k * 1e-5 + 3.3e-7, t = nn_activation (NN_ACT_TANH, z, NULL), ref = tanh (z);
      double ulp = nextafter (fabs (ref), INFINITY) - fabs (ref), err = fabs (t - ref) / ulp;

      if (err > worst)
        worst = err, at = z;
    }
  for (double z = 1e-300; z < 1; z *= 1.01)
    for (int sgn = -1; sgn <= 1; sgn += 2)
      {
        double t = nn_activation (NN_ACT_TANH, sgn * z, NULL), ref = tanh (sgn * z);
        double ulp = nextafter (fabs (ref), INFINITY) - fabs (ref), err = fabs (t - ref) / ulp;

        if (err > worst)
          worst = err, at = sgn * z;
      }
  g_test_message ("tanh: at most %.2f ulp from glibc's (z = %.17g)", worst, at);
  g_assert_cmpfloat (worst, <=, 3);
  g_assert_true (signbit (nn_activation (NN_ACT_TANH, -0.0, NULL)));
  g_assert_false (signbit (nn_activation (NN_ACT_TANH, 0.0, NULL)));
  g_assert_cmpfloat (nn_activation (NN_ACT_TANH, 5e-324, NULL), ==, 5e-324);
  g_assert_cmpfloat (nn_activation (NN_ACT_TANH, INFINITY, NULL), ==, 1);
  g_assert_cmpfloat (nn_activation (NN_ACT_TANH, -INFINITY, NULL), ==, -1);
  g_assert_cmpfloat (nn_activation (NN_ACT_TANH, 25, NULL), ==, 1);
  g_assert_true (isnan (nn_activation (NN_ACT_TANH, NAN, NULL)));
}

/* nn_net_loss takes two rows at a time (four with AVX2) through networks without norms or
 * gates: the loss and every partial derivative are those of the row-at-a-time pass to the last
 * bit, in both widths, for every activation, both problems, row counts that leave spare lanes,
 * rows in any order, and a row whose pre-activations overflow. */
static void check_lanes_same_bits (void);

static void
test_lanes_same_bits (void)
{
  guint widths = 0;

  for (guint width = 2; width <= 4; width += 2)
    {
      if (!nn_lanes_set_width (width))
        {
          g_test_message ("no AVX2 here: four lanes not tested");
          continue;
        }
      check_lanes_same_bits ();
      widths++;
    }
  nn_lanes_set_width (0);
  g_assert_cmpuint (widths, >=, 1);
}

static void
check_lanes_same_bits (void)
{
  static const guint one[] = { 5 }, two[] = { 8, 8 }, deep[] = { 3, 4, 2, 3, 2 };
  static const struct { const guint *hidden; guint n_hidden; } shapes[] = { { one, 1 }, { two, 2 }, { deep, 5 } };
  g_autoptr(gsl_rng) rng = lab_rng_new (2024);
  guint checked = 0;

  for (NnActivation a = 0; a < NN_N_ACT; a++)
    for (NnProblem p = 0; p <= NN_REGRESSION; p++)
      for (guint sh = 0; sh < G_N_ELEMENTS (shapes); sh++)
        for (guint n = 1; n <= 9; n++)
          {
            NnNet net;
            guint d = 2 + n % 2;
            NnRegularization reg = n % 3;
            g_autofree double *theta = NULL, *g1 = NULL, *g2 = NULL;
            g_autofree double *x = g_new (double, 12 * d), *y = g_new (double, 12);
            guint rows[9];
            double l1, l2;

            nn_net_init (&net, d, shapes[sh].hidden, shapes[sh].n_hidden, a, NN_GLU_NONE, NN_NORM_NONE, p);
            theta = g_new (double, net.n_params);
            g1 = g_new (double, net.n_params);
            g2 = g_new (double, net.n_params);
            for (gsize i = 0; i < net.n_params; i++)
              theta[i] = 1.2 * lab_rng_gaussian (rng);
            for (guint i = 0; i < 12 * d; i++)
              x[i] = 3 * lab_rng_gaussian (rng);
            if (n == 7)
              x[5] = 1e300;   /* overflows: inf and NaN go through both passes alike */
            for (guint i = 0; i < 12; i++)
              y[i] = p == NN_CLASSIFICATION ? (double) (i % 2) : lab_rng_gaussian (rng);
            for (guint i = 0; i < n; i++)
              rows[i] = (7 * i + n) % 12;

            for (guint k = 0; k < 2; k++)
              {
                const guint *r = k == 0 ? rows : NULL;

                l1 = nn_net_loss (&net, theta, x, y, r, n, reg, 0.01, g1);
                l2 = nn_net_loss_by_row (&net, theta, x, y, r, n, reg, 0.01, g2);
                g_assert_cmpmem (&l1, sizeof l1, &l2, sizeof l2);
                g_assert_cmpmem (g1, net.n_params * sizeof (double), g2, net.n_params * sizeof (double));
                l1 = nn_net_loss (&net, theta, x, y, r, n, reg, 0.01, NULL);
                g_assert_cmpmem (&l1, sizeof l1, &l2, sizeof l2);
                checked++;
              }
          }
  g_assert_cmpuint (checked, ==, NN_N_ACT * 2 * 3 * 9 * 2);
}

typedef struct
{
  NnActivation     act;
  NnProblem        problem;
  const guint     *hidden;
  guint            n_hidden;
  guint            n_inputs;
  NnRegularization reg;
  NnNorm           norm;
  NnGlu            glu;
} GradCase;

static void
check_gradient (const GradCase *c)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (7 + c->act * 11 + c->n_hidden + 101 * c->glu);
  NnNet net;
  guint n = 13;
  g_autofree double *theta = NULL, *grad = NULL, *x = g_new (double, n * c->n_inputs), *y = g_new (double, n);
  g_autofree double *running = NULL;
  double reg_rate = c->reg == NN_REG_NONE ? 0 : 0.03;

  nn_net_init (&net, c->n_inputs, c->hidden, c->n_hidden, c->act, c->glu, c->norm, c->problem);
  theta = g_new (double, net.n_params);
  grad = g_new (double, net.n_params);
  for (gsize i = 0; i < net.n_params; i++)
    {
      /* away from 0, where |w| has its kink; gated layers multiply two linear paths, so a
       * deep gated net's output grows like a power of the weights: smaller ones keep the
       * function (and its finite differences) in a sane range */
      double w = (c->glu != NN_GLU_NONE ? 0.5 : 0.8) * lab_rng_gaussian (rng);
      theta[i] = w + (w >= 0 ? 0.05 : -0.05);
    }
  for (guint i = 0; i < n * c->n_inputs; i++)
    x[i] = 2 * gsl_rng_uniform (rng) - 1;
  for (guint i = 0; i < n; i++)
    y[i] = c->problem == NN_CLASSIFICATION ? (double) (i % 2) : lab_rng_gaussian (rng);

  if (c->norm == NN_NORM_BATCH)
    {
      /* running statistics away from the initial ones, for the mode outside training */
      running = g_new (double, nn_net_running_size ());
      nn_net_init_running (running);
      for (gsize i = 0; i < nn_net_running_size () / 2; i++)
        running[i] = (i / NN_MAX_UNITS) % 2 == 0 ? 0.3 * lab_rng_gaussian (rng) : 0.5 + 1.5 * gsl_rng_uniform (rng);
      net.running = running;
    }
  /* batch norm: both the training mode (the rows' statistics) and the running statistics */
  for (guint mode = 0; mode < (c->norm == NN_NORM_BATCH ? 2u : 1u); mode++)
    {
#define LOSS(g) (mode == 1 ? nn_net_loss_batch (&net, theta, x, y, NULL, n, c->reg, reg_rate, (g), FALSE) \
                           : nn_net_loss (&net, theta, x, y, NULL, n, c->reg, reg_rate, (g)))
      LOSS (grad);
      for (gsize i = 0; i < net.n_params; i++)
        {
          double keep = theta[i], h = 1e-5 * MAX (1, fabs (keep)), lp, lm, fd;

          theta[i] = keep + h;
          lp = LOSS (NULL);
          theta[i] = keep - h;
          lm = LOSS (NULL);
          theta[i] = keep;
          fd = (lp - lm) / (2 * h);
          topic_test_assert_close (grad[i], fd, 1e-6, 1e-9, "%s %s, %u hidden, reg %d, norm %d, glu %d, mode %u: ∂L/∂θ[%" G_GSIZE_FORMAT "]",
                                   nn_activation_name (c->act),
                                   c->problem == NN_CLASSIFICATION ? "BCE" : "MSE", c->n_hidden, c->reg, c->norm, c->glu, mode, i);
        }
#undef LOSS
    }
}

static void
test_network_gradient (void)
{
  static const guint small[] = { 5 }, two[] = { 4, 3 }, deep[] = { 3, 4, 2, 3, 2 };
  /* a norm over 2 units maps nearly every z to ±1 (a flat, badly conditioned function whose
   * finite differences are noise): the deep normed net has wider layers */
  static const guint deep_norm[] = { 3, 4, 5, 3, 4 };

  for (NnActivation a = 0; a < NN_N_ACT; a++)
    {
      GradCase cases[] = {
        { a, NN_CLASSIFICATION, small, 1, 2, NN_REG_NONE, NN_NORM_NONE },
        { a, NN_REGRESSION, two, 2, 3, NN_REG_NONE, NN_NORM_NONE },
        { a, NN_CLASSIFICATION, deep, 5, 4, NN_REG_L2, NN_NORM_NONE },
        { a, NN_REGRESSION, two, 2, 7, NN_REG_L1, NN_NORM_NONE },
        { a, NN_CLASSIFICATION, two, 2, 3, NN_REG_NONE, NN_NORM_LAYER },
        { a, NN_REGRESSION, deep_norm, 5, 2, NN_REG_L2, NN_NORM_LAYER },
        { a, NN_CLASSIFICATION, deep_norm, 5, 3, NN_REG_NONE, NN_NORM_RMS },
        { a, NN_REGRESSION, small, 1, 4, NN_REG_L1, NN_NORM_RMS },
        { a, NN_CLASSIFICATION, two, 2, 3, NN_REG_L2, NN_NORM_BATCH },
        { a, NN_REGRESSION, deep_norm, 5, 2, NN_REG_NONE, NN_NORM_BATCH },
      };

      for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
        check_gradient (&cases[k]);
    }

  /* gated layers (glu, swiglu: the activation is the gate's), with every norm and both losses */
  for (NnGlu g = NN_GLU_GLU; g <= NN_GLU_SWIGLU; g++)
    {
      GradCase cases[] = {
        { NN_ACT_TANH, NN_CLASSIFICATION, small, 1, 2, NN_REG_NONE, NN_NORM_NONE, g },
        { NN_ACT_TANH, NN_REGRESSION, deep, 5, 4, NN_REG_L2, NN_NORM_NONE, g },
        { NN_ACT_TANH, NN_CLASSIFICATION, two, 2, 3, NN_REG_L1, NN_NORM_LAYER, g },
        { NN_ACT_TANH, NN_REGRESSION, deep_norm, 5, 3, NN_REG_NONE, NN_NORM_RMS, g },
        { NN_ACT_TANH, NN_CLASSIFICATION, two, 2, 3, NN_REG_L2, NN_NORM_BATCH, g },
        { NN_ACT_TANH, NN_REGRESSION, deep_norm, 5, 2, NN_REG_NONE, NN_NORM_BATCH, g },
      };

      for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
        check_gradient (&cases[k]);
    }
}

/* The JSON's contract: keys and shapes; train_loss[last] is the loss of the trained weights on
 * every training point, recomputed here from the result. */
static void
test_metrics_contract (void)
{
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = topic_test_compute_ok (topic, "layers=8,4 epochs=30 n=300", &params);
  g_autoptr(LabFigure) figure = topic_test_render_ok (topic, result, params, 1280, 800);
  g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, result, params);
  const NnResult *r = (const NnResult *) result;
  g_autofree char *json = lab_metrics_to_json (m);
  g_autofree double *x = g_new (double, (gsize) r->n * r->n_features);
  double loss;

  for (const char * const *k = (const char * const[]) { "\"train_loss\"", "\"test_loss\"", "\"train_accuracy\"",
                                                        "\"test_accuracy\"", "\"grad_norms\"", "\"parameters\"",
                                                        "\"weights\"", "\"biases\"", NULL }; *k != NULL; k++)
    g_assert_nonnull (strstr (json, *k));
  /* 2·8 + 8 + 8·4 + 4 + 4 + 1 */
  g_assert_cmpfloat (lab_metrics_get_double (m, "parameters"), ==, 65);
  g_assert_cmpuint (r->net.n_layers, ==, 3);
  g_assert_cmpuint (r->epochs, ==, 30);
  g_assert_cmpuint (r->n_train + r->n_test, ==, 300);
  for (guint i = 0; i < r->n; i++)
    nn_featurize (r->features, r->n_features, r->px[2 * i], r->px[2 * i + 1], x + (gsize) i * r->n_features);
  loss = nn_net_loss (&r->net, r->theta, x, r->py, r->train, r->n_train, NN_REG_NONE, 0, NULL);
  topic_test_assert_close (r->train_loss[r->epochs - 1], loss, 1e-12, 0, "train_loss after the last epoch");
  for (guint e = 0; e < r->epochs; e++)
    {
      g_assert_cmpfloat (r->train_acc[e], >=, 0);
      g_assert_cmpfloat (r->train_acc[e], <=, 1);
    }
  /* the default view learns the circle */
  g_assert_cmpfloat (r->train_loss[r->epochs - 1], <, r->train_loss[0]);
}

static void
test_deterministic (void)
{
  const char *a = "dataset=spiral layers=6,6 epochs=20 optimizer=momentum batch-size=7";
  g_autoptr(LabParams) p1 = NULL, p2 = NULL, p3 = NULL;
  g_autoptr(LabResult) r1 = topic_test_compute_ok (topic, a, &p1);
  g_autoptr(LabResult) r2 = topic_test_compute_ok (topic, a, &p2);
  g_autoptr(LabResult) r3 = topic_test_compute_ok (topic, "dataset=spiral layers=6,6 epochs=20 optimizer=momentum batch-size=7 seed=43", &p3);
  g_autoptr(LabMetrics) m1 = lab_topic_get_metrics (topic, r1, p1);
  g_autoptr(LabMetrics) m2 = lab_topic_get_metrics (topic, r2, p2);
  g_autoptr(LabMetrics) m3 = lab_topic_get_metrics (topic, r3, p3);
  g_autofree char *j1 = lab_metrics_to_json (m1), *j2 = lab_metrics_to_json (m2), *j3 = lab_metrics_to_json (m3);

  g_assert_cmpstr (j1, ==, j2);
  g_assert_cmpstr (j1, !=, j3);
}

/* Every activation, init, optimizer, penalty and data set computes and renders. */
static void
test_every_choice (void)
{
  const char *runs[] = {
    "activation=relu init=he", "activation=leaky-relu", "activation=sigmoid optimizer=sgd learning-rate=0.5",
    "activation=linear", "activation=gelu", "activation=gelu-tanh", "activation=silu regularization=l1 reg-rate=0.01",
    "init=zeros", "norm=layer layers=8,8,8", "norm=batch", "norm=batch batch-size=1 n=21", "norm=rms activation=relu", "init=normal init-scale=0.1 regularization=l2 reg-rate=0.01", "dataset=gauss",
    "problem=regression dataset=plane", "problem=regression dataset=gauss-bumps layers=8,8", "test-fraction=0",
    "features=x1^2,x2^2 layers=2", "batch-size=5000", "init=normal init-scale=100 optimizer=sgd learning-rate=10",
    "glu=glu", "glu=swiglu norm=batch", "glu=swiglu norm=layer problem=regression dataset=sine features=x1",
    "view=network", "view=network layers=32,32,32,32,32,32,32,32", "view=network problem=regression dataset=sine features=x1",
    "view=network glu=glu norm=rms features=x1,x2,x1x2", "view=approximation", "view=approximation test-fraction=0 noise=0",
    "view=network init=normal init-scale=100 optimizer=sgd learning-rate=10",
    "view=activations",
  };

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *a = g_strdup_printf ("epochs=15 %s", runs[i]);
      g_autoptr(LabParams) params = NULL;
      g_autoptr(LabResult) result = topic_test_compute_ok (topic, a, &params);
      g_autoptr(LabFigure) figure = topic_test_render_ok (topic, result, params, 900, 600);
      g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, result, params);
      g_autofree char *json = lab_metrics_to_json (m);

      g_assert_null (strstr (json, "inf"));
    }
}

/* The loss, its gradient and 25 full-batch optimizer steps against PyTorch (autograd and
 * torch.optim) from the same explicit initial weights (tests/neural-network-reference.h). */
static void
test_against_torch (void)
{
  for (guint c = 0; c < G_N_ELEMENTS (nn_ref_cases); c++)
    {
      const NnRefCase *r = &nn_ref_cases[c];
      GEnumClass *klass = g_type_class_ref (nn_activation_get_type ());
      GEnumValue *act = g_enum_get_value_by_nick (klass, r->activation);
      const double *y = r->problem == 0 ? nn_ref_y_class : nn_ref_y_reg;
      NnNet net;
      LabOptimHyper hyper;
      g_autoptr(LabOptim) optim = NULL;
      double theta[NN_REF_P_MAX], grad[NN_REF_P_MAX], loss;
      g_autofree double *running = g_new (double, nn_net_running_size ());
      gboolean batch = r->norm == NN_NORM_BATCH;

      g_assert_nonnull (act);
      nn_net_init (&net, NN_REF_D, nn_ref_hidden, G_N_ELEMENTS (nn_ref_hidden), act->value, NN_GLU_NONE, r->norm,
                   r->problem == 0 ? NN_CLASSIFICATION : NN_REGRESSION);
      g_type_class_unref (klass);
      g_assert_cmpuint (net.n_params, ==, NN_REF_P + (r->norm == 0 ? 0 : r->norm == 2 ? 9 : 18));
      nn_net_init_running (running);
      net.running = running;
      /* the reference's W and b, then the norm's γ = 1, β = 0 after each hidden layer's b */
      nn_net_init_norm (&net, theta);
      {
        gsize k = 0;
        for (guint l = 0; l < net.n_layers; l++)
          {
            gsize m = (gsize) net.sizes[l + 1] * (net.sizes[l] + 1);
            memcpy (theta + net.w_off[l], nn_ref_theta0 + k, m * sizeof (double));
            k += m;
          }
      }

      loss = batch ? nn_net_loss_batch (&net, theta, nn_ref_x, y, NULL, NN_REF_N, r->reg, r->reg_rate, grad, FALSE)
                   : nn_net_loss (&net, theta, nn_ref_x, y, NULL, NN_REF_N, r->reg, r->reg_rate, grad);
      topic_test_assert_close (loss, r->loss0, 1e-12, 0, "case %u (%s): initial loss", c, r->activation);
      g_assert_cmpuint (net.n_params, ==, r->n_params);
      for (guint i = 0; i < net.n_params; i++)
        topic_test_assert_close (grad[i], r->grad0[i], 1e-10, 1e-14, "case %u (%s): initial ∂L/∂θ[%u]", c, r->activation, i);

      nn_optim_hyper (r->optimizer, r->lr, &hyper);
      optim = lab_optim_new (&hyper, (guint) net.n_params);
      for (guint s = 0; s < NN_REF_STEPS; s++)
        {
          if (batch)
            nn_net_loss_batch (&net, theta, nn_ref_x, y, NULL, NN_REF_N, r->reg, r->reg_rate, grad, TRUE);
          else
            nn_net_loss (&net, theta, nn_ref_x, y, NULL, NN_REF_N, r->reg, r->reg_rate, grad);
          lab_optim_step (optim, theta, grad);
        }
      loss = nn_net_loss (&net, theta, nn_ref_x, y, NULL, NN_REF_N, r->reg, r->reg_rate, NULL);
      topic_test_assert_close (loss, r->loss_end, 1e-9, 1e-13, "case %u (%s): loss after %d steps", c, r->activation, NN_REF_STEPS);
      for (guint i = 0; i < net.n_params; i++)
        topic_test_assert_close (theta[i], r->theta_end[i], 1e-8, 1e-11, "case %u (%s): θ[%u] after %d steps",
                                 c, r->activation, i, NN_REF_STEPS);
      if (batch)
        {
          guint k = 0;

          /* the final loss above used the running statistics; they themselves */
          for (guint l = 0; l < G_N_ELEMENTS (nn_ref_hidden); l++)
            for (guint j = 0; j < nn_ref_hidden[l]; j++, k++)
              {
                topic_test_assert_close (running[2 * NN_MAX_UNITS * l + j], r->running_mean[k], 1e-9, 1e-12,
                                         "case %u (%s): running mean [%u][%u]", c, r->activation, l, j);
                topic_test_assert_close (running[2 * NN_MAX_UNITS * l + NN_MAX_UNITS + j], r->running_var[k], 1e-9, 1e-12,
                                         "case %u (%s): running variance [%u][%u]", c, r->activation, l, j);
              }
        }
    }
}

static int
nick_value (GType type, const char *nick)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value_by_nick (klass, nick);
  int value;

  g_assert_nonnull (v);
  value = v->value;
  g_type_class_unref (klass);
  return value;
}

/* The training rows of a weights file (its "train" x and y), read with json-glib. */
static void
read_train_rows (const char *path, double *x, double *y, guint n, guint d)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *train;
  JsonArray *xs, *ys;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  train = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "train");
  xs = json_object_get_array_member (train, "x");
  ys = json_object_get_array_member (train, "y");
  g_assert_cmpuint (json_array_get_length (xs), ==, n);
  g_assert_cmpuint (json_array_get_length (ys), ==, n);
  for (guint r = 0; r < n; r++)
    {
      JsonArray *row = json_array_get_array_element (xs, r);

      g_assert_cmpuint (json_array_get_length (row), ==, d);
      for (guint c = 0; c < d; c++)
        x[r * d + c] = json_array_get_double_element (row, c);
      y[r] = json_array_get_double_element (ys, r);
    }
}

/* Against PyTorch from ml-lab's own weights files: each file (written by --dump-weights, with
 * norm=batch so it holds every part) read by nn_weights_load; each case's net takes its W, b (and
 * V, c) and starts its gains at 1 and shifts at 0, as the file has them; 100 minibatch steps in
 * the reference's order; the loss on all the training rows after 1, 10 and 100 steps to 1e-6
 * relative (batch norm: with the running statistics and with the rows' statistics). */
static void
test_steps_against_torch (void)
{
  static const guint hidden[] = { 5, 4 };
  double x[NN_REF_STEP_ROWS * 3], y_class[NN_REF_STEP_ROWS], y_reg[NN_REF_STEP_ROWS];
  guint checked = 0;

  for (guint c = 0; c < G_N_ELEMENTS (nn_ref_step_cases); c++)
    {
      const NnRefStepCase *r = &nn_ref_step_cases[c];
      NnGlu glu = nick_value (nn_glu_get_type (), r->glu);
      NnNorm norm = nick_value (nn_norm_get_type (), r->norm);
      NnProblem problem = nick_value (nn_problem_get_type (), r->problem);
      NnRegularization reg = nick_value (nn_regularization_get_type (), r->reg);
      g_autofree char *name = g_strdup_printf ("weights-glu-%s.json", r->glu);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "neural-network", name, NULL);
      g_autofree double *file_theta = NULL, *theta = NULL, *grad = NULL;
      g_autofree double *running = g_new (double, nn_net_running_size ());
      g_autoptr(GError) error = NULL;
      g_autoptr(LabOptim) optim = NULL;
      LabOptimHyper hyper;
      const double *y;
      NnNet file_net, net;
      guint k = 0;

      /* the file as written: norm=batch (gains, shifts), the file's gate */
      nn_net_init (&file_net, 3, hidden, 2, NN_ACT_TANH, glu, NN_NORM_BATCH, NN_CLASSIFICATION);
      file_theta = g_new (double, file_net.n_params);
      g_assert_true (nn_weights_load (&file_net, path, file_theta, &error));
      g_assert_no_error (error);
      read_train_rows (path, x, y_class, NN_REF_STEP_ROWS, 3);
      for (guint i = 0; i < NN_REF_STEP_ROWS; i++)
        y_reg[i] = sin (x[3 * i]) + 0.25 * x[3 * i + 1];
      y = problem == NN_CLASSIFICATION ? y_class : y_reg;

      nn_net_init (&net, 3, hidden, 2, nick_value (nn_activation_get_type (), r->activation), glu, norm, problem);
      theta = g_new0 (double, net.n_params);
      grad = g_new (double, net.n_params);
      nn_net_init_norm (&net, theta);
      for (guint l = 0; l < net.n_layers; l++)
        {
          gsize m = (gsize) net.sizes[l + 1] * net.sizes[l];

          memcpy (theta + net.w_off[l], file_theta + file_net.w_off[l], m * sizeof (double));
          memcpy (theta + net.b_off[l], file_theta + file_net.b_off[l], net.sizes[l + 1] * sizeof (double));
          if (glu != NN_GLU_NONE && l + 1 < net.n_layers)
            {
              memcpy (theta + net.v_off[l], file_theta + file_net.v_off[l], m * sizeof (double));
              memcpy (theta + net.c_off[l], file_theta + file_net.c_off[l], net.sizes[l + 1] * sizeof (double));
            }
        }
      nn_net_init_running (running);
      net.running = running;
      nn_optim_hyper (nick_value (nn_optimizer_get_type (), r->optimizer), r->lr, &hyper);
      optim = lab_optim_new (&hyper, (guint) net.n_params);
      for (guint s = 1; s <= NN_REF_STEP_MAX; s++)
        {
          const guint *rows = nn_ref_step_rows[s - 1];
          guint m = nn_ref_step_len[s - 1];

          if (norm == NN_NORM_BATCH)
            nn_net_loss_batch (&net, theta, x, y, rows, m, reg, r->reg_rate, grad, TRUE);
          else
            nn_net_loss (&net, theta, x, y, rows, m, reg, r->reg_rate, grad);
          lab_optim_step (optim, theta, grad);
          if (k < G_N_ELEMENTS (nn_ref_step_checks) && s == nn_ref_step_checks[k])
            {
              double eval = nn_net_loss (&net, theta, x, y, NULL, NN_REF_STEP_ROWS, NN_REG_NONE, 0, NULL);
              double train = norm == NN_NORM_BATCH
                             ? nn_net_loss_batch (&net, theta, x, y, NULL, NN_REF_STEP_ROWS, NN_REG_NONE, 0, NULL, FALSE)
                             : eval;

              topic_test_assert_close (eval, r->loss[k], 1e-6, 0, "case %u (glu %s, %s, norm %s, %s, %s): loss after %u steps",
                                       c, r->glu, r->activation, r->norm, r->optimizer, r->problem, s);
              topic_test_assert_close (train, r->loss_train[k], 1e-6, 0,
                                       "case %u (glu %s, %s, norm %s, %s): training-mode loss after %u steps",
                                       c, r->glu, r->activation, r->norm, r->optimizer, s);
              k++;
              checked++;
            }
        }
    }
  g_test_message ("%u losses checked against PyTorch", checked);
}

/* --dump-weights writes the initial weights exactly: read back, they are the result's theta0
 * bit for bit, and a run started from them is the same run. */
static void
test_weights_round_trip (void)
{
  const char *configs[] = { "", "glu=swiglu norm=layer layers=6,3", "norm=batch glu=glu", "norm=rms" };

  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(LabResult) first = NULL, second = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree double *theta = NULL;
      const NnResult *a, *b;
      NnNet net;
      int fd;

      g_assert_true (lab_params_apply_assignments (params, configs[i], &error));
      lab_params_set_int (params, "epochs", 5);
      first = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      a = (const NnResult *) first;
      fd = g_file_open_tmp ("nn-weights-XXXXXX.json", &path, &error);
      g_assert_no_error (error);
      close (fd);
      g_assert_true (neural_network_dump_weights (first, params, path, &error));
      g_assert_no_error (error);

      g_assert_true (nn_net_from_params (params, &net, &error));
      theta = g_new (double, net.n_params);
      g_assert_true (nn_weights_load (&net, path, theta, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (theta, net.n_params * sizeof (double), a->theta0, a->n_params * sizeof (double));

      g_assert_true (neural_network_read_initial_weights (params, path, &error));
      second = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      b = (const NnResult *) second;
      g_assert_cmpmem (b->theta, b->n_params * sizeof (double), a->theta, a->n_params * sizeof (double));
      g_assert_cmpmem (b->train_loss, b->epochs * sizeof (double), a->train_loss, a->epochs * sizeof (double));
      g_unlink (path);
    }
}

/* A run whose weights overflow stops at the first epoch whose training loss is not finite (or
 * whose minibatch loss overflowed), with that epoch's weights: the same as a run told to stop there (the evaluation runs one epoch behind
 * the training, on its own thread, and the training returns to the snapshot). */
static void
test_overflow_stop (void)
{
  const char *runs[] = {
    "problem=regression dataset=sine features=x1 activation=linear optimizer=momentum learning-rate=0.1 batch-size=400",
    "problem=regression dataset=sine features=x1 activation=linear optimizer=momentum learning-rate=0.2 glu=swiglu batch-size=400",
    "problem=regression dataset=sine features=x1 activation=linear optimizer=momentum learning-rate=0.3 batch-size=400",
  };

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *a = g_strdup_printf ("%s epochs=40", runs[i]);
      g_autoptr(LabResult) full = topic_test_compute_ok (topic, a, NULL);
      const NnResult *f = (const NnResult *) full;
      g_autofree char *b = NULL;
      g_autoptr(LabResult) cut = NULL;
      const NnResult *c;

      g_assert_cmpuint (f->epochs_run, >, 1);
      g_assert_cmpuint (f->epochs_run, <, 40);
      g_assert_true (isnan (f->train_loss[f->epochs_run]));
      b = g_strdup_printf ("%s epochs=%u", runs[i], f->epochs_run);
      cut = topic_test_compute_ok (topic, b, NULL);
      c = (const NnResult *) cut;
      g_assert_cmpuint (c->epochs_run, ==, f->epochs_run);
      g_assert_cmpmem (c->theta, c->n_params * sizeof (double), f->theta, f->n_params * sizeof (double));
      g_assert_cmpmem (c->train_loss, c->epochs * sizeof (double), f->train_loss, c->epochs * sizeof (double));
      g_assert_cmpmem (c->test_loss, c->epochs * sizeof (double), f->test_loss, c->epochs * sizeof (double));
    }
}

/* Streaming: a long run publishes its progress as complete partial results — the curves of the
 * epochs run so far, equal to the final run's, NaN after; a figure and metrics of their own. */
static void
test_partials (void)
{
  const char *runs[] = { "epochs=1500", "epochs=1500 norm=batch view=network", "epochs=1500 problem=regression dataset=sine features=x1" };

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(GError) error = NULL;
      LabProgress progress = { 0 };
      g_autoptr(LabResult) final = NULL, partial = NULL;
      g_autoptr(LabFigure) figure = NULL;
      g_autoptr(LabMetrics) m = NULL;
      g_autofree char *json = NULL;
      const NnResult *f, *p;

      g_assert_true (lab_params_apply_assignments (params, runs[i], &error));
      final = lab_topic_compute (topic, params, NULL, &progress, NULL, &error);
      g_assert_no_error (error);
      partial = lab_progress_take_partial (&progress);
      g_assert_nonnull (partial);   /* 1500 epochs take far more than the 16 ms between two */
      f = (const NnResult *) final;
      p = (const NnResult *) partial;
      g_assert_cmpuint (p->epochs_run, >, 0);
      g_assert_cmpuint (p->epochs_run, <, f->epochs);
      g_assert_cmpmem (p->train_loss, p->epochs_run * sizeof (double), f->train_loss, p->epochs_run * sizeof (double));
      g_assert_cmpmem (p->test_loss, p->epochs_run * sizeof (double), f->test_loss, p->epochs_run * sizeof (double));
      g_assert_cmpmem (p->grad_norms, p->epochs_run * sizeof (double), f->grad_norms, p->epochs_run * sizeof (double));
      g_assert_true (isnan (p->train_loss[p->epochs_run]));
      g_assert_true (isnan (p->test_loss[f->epochs - 1]));
      figure = topic_test_render_ok (topic, partial, params, 900, 600);
      m = lab_topic_get_metrics (topic, partial, params);
      json = lab_metrics_to_json (m);
      g_assert_null (strstr (json, "inf"));
      g_assert_null (lab_progress_take_partial (&progress));
    }
}

/* A bad weights file is a data error naming the file and what is wrong. */
static void
test_weights_errors (void)
{
  struct { const char *text, *expect; } bad[] = {
    { "{ \"layers\": [ }", ":1:" },                                 /* not JSON: line and column */
    { "[1, 2]", "expected a JSON object" },
    { "{ \"weights\": [] }", "no \"layers\" array" },
    { "{ \"format\": \"something else\", \"layers\": [] }", "\"format\"" },
    { "{ \"version\": 2, \"layers\": [] }", "\"version\" 2" },
    { "{ \"layers\": [ {}, {} ] }", "the network has 3 weight layers (2 hidden and the output), the file 2" },
    { "{ \"layers\": [ 1, 2, 3 ] }", "layer 1: expected an object" },
    { "{ \"layers\": [ { \"weight\": [[1, 2]], \"bias\": [0] }, {}, {} ] }",
      "layer 1 \"weight\": shape mismatch: expected 8 × 2, found 1 × 2" },
    { "{ \"layers\": [ { \"bias\": [0] }, {}, {} ] }", "layer 1 \"weight\": missing" },
  };
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;
  g_autofree char *good = NULL, *path = NULL;
  g_autofree double *theta = NULL;
  NnNet net;
  int fd;

  fd = g_file_open_tmp ("nn-bad-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (nn_net_from_params (params, &net, &error));
  theta = g_new (double, net.n_params);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;

      g_assert_true (g_file_set_contents (path, bad[i].text, -1, NULL));
      g_assert_false (nn_weights_load (&net, path, theta, &e));
      g_assert_error (e, LAB_ERROR, LAB_ERROR_DATA);
      if (strstr (e->message, bad[i].expect) == NULL || strstr (e->message, path) == NULL)
        g_error ("%s: the message does not name the file and “%s”: %s", bad[i].text, bad[i].expect, e->message);
    }

  /* a good file for another network: the layer and both shapes named; a key of another norm */
  lab_params_set_int (params, "epochs", 1);
  result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (neural_network_dump_weights (result, params, path, &error));
  g_assert_no_error (error);
  {
    struct { const char *assignments, *expect; } other[] = {
      { "layers=8,5", "layer 2 \"weight\": shape mismatch: expected 5 × 8, found 8 × 8" },
      { "features=x1,x2,x1x2", "layer 1 \"weight\": shape mismatch: expected 8 × 3, found 8 × 2" },
      { "layers=8", "the network has 2 weight layers (1 hidden and the output), the file 3" },
      { "norm=layer", "layer 1 \"norm_gain\": missing" },
      { "glu=glu", "layer 1 \"value_weight\": missing" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (other); i++)
      {
        g_autoptr(LabParams) p = lab_topic_new_params (topic);
        g_autoptr(GError) e = NULL;

        g_assert_true (lab_params_apply_assignments (p, other[i].assignments, &e));
        g_assert_false (neural_network_read_initial_weights (p, path, &e));
        g_assert_error (e, LAB_ERROR, LAB_ERROR_DATA);
        if (strstr (e->message, other[i].expect) == NULL || strstr (e->message, path) == NULL)
          g_error ("%s: the message does not name the file and “%s”: %s", other[i].assignments, other[i].expect, e->message);
      }
  }
  /* a file of a normed network read for a plain one: the key that does not belong */
  {
    g_autoptr(LabParams) p = lab_topic_new_params (topic);
    g_autoptr(LabResult) normed = NULL;
    g_autoptr(GError) e = NULL;

    g_assert_true (lab_params_apply_assignments (p, "norm=layer epochs=1", &e));
    normed = lab_topic_compute (topic, p, NULL, NULL, NULL, &e);
    g_assert_no_error (e);
    g_assert_true (neural_network_dump_weights (normed, p, path, &e));
    g_assert_false (nn_weights_load (&net, path, theta, &e));
    g_assert_error (e, LAB_ERROR, LAB_ERROR_DATA);
    g_assert_nonnull (strstr (e->message, "layer 1: \"norm_gain\" does not belong to this network (glu=none, norm=none)"));
  }
  /* a missing file is an I/O error naming it */
  {
    g_autoptr(GError) e = NULL;

    g_unlink (path);
    g_assert_false (nn_weights_load (&net, path, theta, &e));
    g_assert_error (e, LAB_ERROR, LAB_ERROR_IO);
    g_assert_nonnull (strstr (e->message, path));
  }
}

static const LabPreset *
find_preset (const char *name)
{
  for (guint i = 0; i < topic->n_presets; i++)
    if (g_str_equal (topic->presets[i].name, name))
      return &topic->presets[i];
  g_error ("no preset “%s”", name);
  return NULL;
}

/* What the presets' lessons promise, measured (the assignments are the presets' own). */
static void
test_lessons (void)
{
  g_autoptr(LabResult) linear = NULL, hidden = NULL, spiral = NULL, deep = NULL, big = NULL;
  const NnResult *r;
  char *a;

  g_assert_cmpuint (topic->n_presets, >=, 5);
  /* XOR: linear units stay far from solving it; a tanh hidden layer of 4 solves it */
  linear = topic_test_compute_ok (topic, topic->presets[0].assignments, NULL);
  r = (const NnResult *) linear;
  g_assert_cmpfloat (r->test_acc[r->epochs - 1], <, 0.75);
  a = g_strdup_printf ("%s activation=tanh layers=4", topic->presets[0].assignments);
  hidden = topic_test_compute_ok (topic, a, NULL);
  g_free (a);
  r = (const NnResult *) hidden;
  g_assert_cmpfloat (r->test_acc[r->epochs - 1], >, 0.9);

  /* the spiral with the extra features is separated */
  spiral = topic_test_compute_ok (topic, topic->presets[1].assignments, NULL);
  r = (const NnResult *) spiral;
  g_assert_cmpfloat (r->test_acc[r->epochs - 1], >, 0.95);

  /* deep sigmoid: the first layer's gradient is orders of magnitude below the last's, and
   * shrinks from each layer to the one before it */
  deep = topic_test_compute_ok (topic, topic->presets[2].assignments, NULL);
  r = (const NnResult *) deep;
  g_assert_cmpfloat (r->grad_norms[0], <, 1e-3 * r->grad_norms[(gsize) (r->net.n_layers - 1) * r->epochs]);
  for (guint l = 1; l < r->net.n_layers; l++)
    g_assert_cmpfloat (r->grad_norms[(gsize) (l - 1) * r->epochs], <, r->grad_norms[(gsize) l * r->epochs]);

  /* batch norm: the same deep sigmoid learns the circle, its first layer's gradient ~100 times larger */
  {
    g_autoptr(LabResult) bn = topic_test_compute_ok (topic, topic->presets[3].assignments, NULL);
    const NnResult *b = (const NnResult *) bn;

    g_assert_nonnull (strstr (topic->presets[3].assignments, "norm=batch"));
    g_assert_cmpfloat (b->train_loss[b->epochs - 1], <, 0.3);
    g_assert_cmpfloat (b->test_acc[b->epochs - 1], >, 0.9);
    g_assert_cmpfloat (b->grad_norms[0], >, 30 * r->grad_norms[0]);
  }

  /* large init: the first loss is far above log 2 and the gradient norms large; the loss jumps up
   * at least once */
  big = topic_test_compute_ok (topic, topic->presets[4].assignments, NULL);
  r = (const NnResult *) big;
  g_assert_cmpfloat (r->train_loss[0], >, 5 * G_LN2);
  {
    double top = 0;
    gboolean up = FALSE;

    for (guint l = 0; l < r->net.n_layers; l++)
      top = MAX (top, r->grad_norms[(gsize) l * r->epochs]);
    g_assert_cmpfloat (top, >, 10);
    for (guint e = 1; e < r->epochs; e++)
      up |= r->train_loss[e] > 2 * r->train_loss[e - 1];
    g_assert_true (up);
  }

  /* ReLU vs GELU: the narrow deep ReLU net dies (its last layer all f′ = 0, loss log 2, chance
   * accuracy); the same with GELU is solved */
  {
    const LabPreset *p = find_preset ("ReLU vs GELU");
    g_autofree char *gelu = g_strconcat (p->assignments, " activation=gelu", NULL);
    g_autoptr(LabResult) relu_run = topic_test_compute_ok (topic, p->assignments, NULL);
    g_autoptr(LabResult) gelu_run = topic_test_compute_ok (topic, gelu, NULL);
    const NnResult *rl = (const NnResult *) relu_run, *gl = (const NnResult *) gelu_run;

    g_assert_cmpfloat (rl->pre_saturated[rl->net.n_layers - 2], >, 0.999);
    g_assert_cmpfloat (fabs (rl->train_loss[rl->epochs - 1] - G_LN2), <, 1e-3);
    g_assert_cmpfloat (rl->test_acc[rl->epochs - 1], <, 0.55);
    g_assert_cmpfloat (gl->test_acc[gl->epochs - 1], >, 0.98);
  }

  /* width vs depth: widths 1–3 fail, 7 on fit; at equal parameter counts the wide layer always
   * fits and the deep-narrow ReLU net collapses at several depths */
  {
    const LabPreset *p = find_preset ("Width vs depth at equal parameters");
    g_autoptr(LabResult) run = topic_test_compute_ok (topic, p->assignments, NULL);
    const NnResult *u = (const NnResult *) run;
    guint collapsed = 0;

    g_assert_true (u->approx);
    for (guint k = 0; k < 3; k++)
      g_assert_cmpfloat (u->ua_test[k], >, 0.3);
    for (guint k = 4; k < NN_UA_N_WIDTHS; k++)
      g_assert_cmpfloat (u->ua_test[k], <, 0.003);
    for (guint k = 0; k < NN_UA_DEPTHS; k++)
      {
        g_assert_cmpuint (u->ua_params[k], ==, 12 * (k + 1) - 2);
        g_assert_cmpfloat (u->ua_wide_test[k], <, 0.006);
        collapsed += u->ua_deep_test[k] > 0.4;
      }
    g_assert_cmpuint (collapsed, >=, 3);
  }
}

static void
test_cancel (void)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = NULL;

  g_cancellable_cancel (cancellable);
  result = lab_topic_compute (topic, params, NULL, NULL, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_errors (void)
{
  struct { const char *assignments, *name; } bad[] = {
    { "layers=0", "layers" },
    { "layers=8,8,8,8,8,8,8,8,8", "layers" },
    { "layers=33", "layers" },
    { "layers=8,,8", "layers" },
    { "layers=8,x", "layers" },
    { "layers=", "layers" },
    { "features=", "features" },
    { "features=x3", "features" },
    { "features=x1,x1", "features" },
    { "problem=regression dataset=xor", "dataset" },
    { "dataset=sine", "dataset" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LabResult) result = topic_test_compute (topic, bad[i].assignments, NULL, &error);

      g_assert_null (result);
      g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
      if (!g_str_has_prefix (error->message, bad[i].name))
        g_error ("%s: the message does not name %s: %s", bad[i].assignments, bad[i].name, error->message);
    }
}

/* source=data: two numeric columns, standardized, and a two-valued label or a numeric target;
 * rows missing a cell left out and counted; every error names the column (issue 21). */
static LabResult *
compute_on (const char  *csv,
            const char  *assignments,
            GError     **error)
{
  g_autoptr(LabDataset) data = topic_test_load_text (csv);
  g_autoptr(LabParams) params = lab_topic_new_params (topic);

  if (!lab_params_apply_assignments (params, "source=data epochs=20", error)
      || !lab_params_apply_assignments (params, assignments, error))
    return NULL;
  return lab_topic_compute (topic, params, data, NULL, NULL, error);
}

static void
test_csv_data (void)
{
  g_autoptr(GString) csv = g_string_new ("a,b,cls,three,target,word\n");
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 60; i++)
    {
      double u = 10 * sin (i * 1.3), v = 100 + 50 * cos (i * 0.7);

      g_string_append_printf (csv, "%.4f,%.4f,%s,%d,%.4f,%s\n", u, v, u * (v - 100) > 0 ? "yes" : "no", i % 3,
                              0.1 * u + 0.01 * v, i % 2 ? "x" : "y");
    }
  g_string_append (csv, "1,,yes,0,1,x\n");   /* a missing feature: left out */
  {
    g_autoptr(LabResult) r = compute_on (csv->str, "feature-columns=a,b label-column=cls", &error);
    const NnResult *nn = (const NnResult *) r;

    g_assert_no_error (error);
    g_assert_cmpuint (nn->n, ==, 60);
    g_assert_cmpuint (nn->rows_dropped, ==, 1);
    /* standardized: mean 0, sd 1 (population) */
    for (guint j = 0; j < 2; j++)
      {
        double m = 0, ss = 0;

        for (guint i = 0; i < nn->n; i++)
          m += nn->px[2 * i + j];
        m /= nn->n;
        for (guint i = 0; i < nn->n; i++)
          ss += (nn->px[2 * i + j] - m) * (nn->px[2 * i + j] - m);
        g_assert_cmpfloat (fabs (m), <, 1e-12);
        g_assert_cmpfloat (fabs (sqrt (ss / nn->n) - 1), <, 1e-12);
      }
    for (guint i = 0; i < nn->n; i++)
      g_assert_true (nn->py[i] == 0 || nn->py[i] == 1);
  }
  {
    g_autoptr(LabResult) r = compute_on (csv->str, "problem=regression feature-columns=a,b label-column=target", &error);

    g_assert_no_error (error);
    g_assert_nonnull (r);
  }
  {
    struct { const char *assignments; GQuark domain; int code; const char *needle; } bad[] = {
      { "feature-columns=a,b label-column=three", LAB_ERROR, LAB_ERROR_DATA, "label-column “three” holds 3 classes" },
      { "feature-columns=a label-column=cls", LAB_ERROR, LAB_ERROR_USAGE, "feature-columns: name exactly two columns" },
      { "feature-columns=a,nope label-column=cls", LAB_ERROR, LAB_ERROR_USAGE, "nope" },
      { "feature-columns=a,word label-column=cls", LAB_ERROR, LAB_ERROR_DATA, "word" },
      { "problem=regression feature-columns=a,b label-column=word", LAB_ERROR, LAB_ERROR_DATA, "column “word” holds text" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) e = NULL;
        g_autoptr(LabResult) r = compute_on (csv->str, bad[i].assignments, &e);

        g_assert_null (r);
        g_assert_error (e, bad[i].domain, bad[i].code);
        if (strstr (e->message, bad[i].needle) == NULL)
          g_error ("%s: “%s” lacks “%s”", bad[i].assignments, e->message, bad[i].needle);
      }
  }
  /* source=data without a dataset: the usage error, not a crash */
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(LabResult) r = topic_test_compute (topic, "source=data", NULL, &e);

    g_assert_null (r);
    g_assert_error (e, LAB_ERROR, LAB_ERROR_USAGE);
  }
}

/* ------------------------------------------------------------------ */
/* play / pause / step / reset: a run stopped at any epoch and taken on from there */

static void
assert_same_run (const NnResult *a,
                 const NnResult *b,
                 LabParams      *params)
{
  guint L = a->net.n_layers;
  gsize grid = a->one_d ? NN_GRID : NN_GRID * NN_GRID;
  g_autoptr(LabMetrics) ma = lab_topic_get_metrics (topic, &a->parent, params);
  g_autoptr(LabMetrics) mb = lab_topic_get_metrics (topic, &b->parent, params);
  g_autofree char *ja = lab_metrics_to_json (ma), *jb = lab_metrics_to_json (mb);

  g_assert_cmpuint (a->epochs, ==, b->epochs);
  g_assert_cmpuint (a->epochs_run, ==, b->epochs_run);
  g_assert_cmpmem (a->theta, a->n_params * sizeof (double), b->theta, b->n_params * sizeof (double));
  if (a->running != NULL)
    g_assert_cmpmem (a->running, nn_net_running_size () * sizeof (double), b->running, nn_net_running_size () * sizeof (double));
  g_assert_cmpmem (a->train_loss, a->epochs * sizeof (double), b->train_loss, b->epochs * sizeof (double));
  g_assert_cmpmem (a->test_loss, a->epochs * sizeof (double), b->test_loss, b->epochs * sizeof (double));
  g_assert_cmpmem (a->train_acc, a->epochs * sizeof (double), b->train_acc, b->epochs * sizeof (double));
  g_assert_cmpmem (a->test_acc, a->epochs * sizeof (double), b->test_acc, b->epochs * sizeof (double));
  g_assert_cmpmem (a->grad_norms, L * a->epochs * sizeof (double), b->grad_norms, L * b->epochs * sizeof (double));
  g_assert_cmpmem (a->grid, grid * sizeof (double), b->grid, grid * sizeof (double));
  g_assert_cmpstr (ja, ==, jb);
}

static LabResult *
advance_ok (const LabResult *from,
            guint            until,
            LabParams       *params)
{
  g_autoptr(GError) error = NULL;
  LabResult *r = topic->advance (from, until, params, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

/* The advance hook: from the start to k epochs, then on to the end; a step at a time; from a
 * run with fewer epochs asked for; from a published partial — every way ends bit for bit where
 * the uninterrupted run does (the checkpoint holds the weights, the optimizer's moments, batch
 * norm's running statistics and the generator of the shuffles). */
static void
test_advance (void)
{
  const char *runs[] = {
    "epochs=24 optimizer=adam",
    "epochs=24 optimizer=momentum layers=6,6 norm=batch dataset=xor batch-size=7",
    "epochs=24 optimizer=sgd glu=swiglu regularization=l2 reg-rate=0.01",
    "epochs=24 problem=regression dataset=sine features=x1 layers=8 activation=tanh",
  };

  g_assert_nonnull (topic->advance);
  g_assert_cmpstr (topic->steps_param, ==, "epochs");
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(LabParams) params = NULL;
      g_autoptr(LabResult) full = topic_test_compute_ok (topic, runs[i], &params);
      g_autoptr(LabResult) chain = NULL;
      gboolean go_on = FALSE;

      g_assert_cmpuint (topic->steps_done (full, &go_on), ==, 24);
      g_assert_true (go_on);
      for (guint k = 0; k <= 24; k += 12)
        {
          g_autoptr(LabResult) part = advance_ok (NULL, k, params);
          g_autoptr(LabResult) rest = NULL;
          const NnResult *p = (const NnResult *) part;

          g_assert_cmpuint (topic->steps_done (part, &go_on), ==, k);
          g_assert_true (go_on);
          g_assert_cmpuint (p->epochs, ==, 24);
          if (k < 24)
            g_assert_true (isnan (p->train_loss[k]));
          if (k == 0)   /* the untrained start: the weights drawn */
            g_assert_cmpmem (p->theta, p->n_params * sizeof (double), p->theta0, p->n_params * sizeof (double));
          rest = advance_ok (part, G_MAXUINT, params);
          assert_same_run ((const NnResult *) rest, (const NnResult *) full, params);
        }
      chain = advance_ok (NULL, 0, params);
      for (guint e = 1; e <= 24; e++)
        {
          LabResult *next = advance_ok (chain, e, params);

          g_assert_cmpuint (topic->steps_done (next, &go_on), ==, e);
          lab_result_unref (chain);
          chain = next;
        }
      assert_same_run ((const NnResult *) chain, (const NnResult *) full, params);

      /* a run of 10 epochs taken on to 24, and 24 taken on to 24 (only the arrays) */
      {
        g_autoptr(LabParams) p10 = lab_params_copy (params);
        g_autoptr(LabResult) r10 = NULL, on = NULL, same = NULL;

        g_object_set (p10, "epochs", 10, NULL);
        r10 = lab_topic_compute (topic, p10, NULL, NULL, NULL, NULL);
        on = advance_ok (r10, G_MAXUINT, params);
        assert_same_run ((const NnResult *) on, (const NnResult *) full, params);
        same = advance_ok (full, G_MAXUINT, params);
        assert_same_run ((const NnResult *) same, (const NnResult *) full, params);
        /* fewer epochs than the run holds: a usage error naming epochs */
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(LabResult) back = topic->advance (full, G_MAXUINT, p10, NULL, NULL, NULL, &error);

          g_assert_null (back);
          g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
          g_assert_nonnull (strstr (error->message, "epochs"));
        }
      }
    }

  /* another view (LAB_PARAM_RESUMES): a run paused in the training view and gone on from in the
   * network view, or the approximation view, equals the uninterrupted run in that view */
  for (guint v = 0; v < 2; v++)
    {
      const char *other = v == 0 ? "epochs=30 view=network layers=5,5"
                                 : "epochs=30 view=approximation problem=regression dataset=sine features=x1 batch-size=50";
      g_autoptr(LabParams) pother = NULL;
      g_autoptr(LabResult) full = topic_test_compute_ok (topic, other, &pother);
      g_autoptr(LabParams) ptrain = lab_params_copy (pother);
      g_autoptr(LabResult) part = NULL, rest = NULL;

      g_object_set (ptrain, "view", NN_VIEW_TRAINING, NULL);
      g_assert_false (lab_params_equal_for_compute (ptrain, pother));
      g_assert_true (lab_params_equal_for_steps (ptrain, pother, "epochs"));
      part = advance_ok (NULL, 11, ptrain);
      rest = advance_ok (part, G_MAXUINT, pother);
      assert_same_run ((const NnResult *) rest, (const NnResult *) full, pother);
      if (v == 1)
        {
          const NnResult *a = (const NnResult *) rest, *b = (const NnResult *) full;

          g_assert_true (a->approx);
          g_assert_cmpmem (a->ua_test, sizeof a->ua_test, b->ua_test, sizeof b->ua_test);
          g_assert_cmpmem (a->ua_deep_test, sizeof a->ua_deep_test, b->ua_deep_test, sizeof b->ua_deep_test);
        }
    }

  /* from a published partial (what the window pauses at) */
  {
    g_autoptr(LabParams) params = lab_topic_new_params (topic);
    g_autoptr(GError) error = NULL;
    LabProgress progress = { 0 };
    g_autoptr(LabResult) final = NULL, partial = NULL, resumed = NULL;

    g_assert_true (lab_params_apply_assignments (params, "epochs=1500 norm=layer optimizer=adam", &error));
    final = lab_topic_compute (topic, params, NULL, &progress, NULL, &error);
    g_assert_no_error (error);
    partial = lab_progress_take_partial (&progress);
    g_assert_nonnull (partial);
    g_assert_cmpuint (((const NnResult *) partial)->epochs_run, <, 1500);
    resumed = advance_ok (partial, G_MAXUINT, params);
    assert_same_run ((const NnResult *) resumed, (const NnResult *) final, params);
    lab_progress_clear (&progress);
  }

  /* a run whose weights overflowed is over: it cannot go on */
  {
    g_autoptr(LabParams) params = NULL;
    g_autoptr(LabResult) full = topic_test_compute_ok (topic, "problem=regression dataset=sine features=x1 activation=linear "
                                                       "optimizer=momentum learning-rate=0.3 batch-size=400 epochs=40", &params);
    g_autoptr(GError) error = NULL;
    g_autoptr(LabResult) more = NULL;
    gboolean go_on = TRUE;

    g_assert_cmpuint (topic->steps_done (full, &go_on), <, 40);
    g_assert_false (go_on);
    more = topic->advance (full, G_MAXUINT, params, NULL, NULL, NULL, &error);
    g_assert_null (more);
    g_assert_error (error, LAB_ERROR, LAB_ERROR_USAGE);
  }
}

/* The runner's play / pause / step / reset on the topic, through the main loop as the window
 * uses them: a run paused at a streamed partial and played on ends with the uninterrupted
 * run's numbers, reset shows epoch 0, steps go one epoch each, raising epochs goes on. */
static void
wait_idle (LabRunner *runner)
{
  while (lab_runner_get_busy (runner))
    g_main_context_iteration (NULL, TRUE);
}

static void
count_partial (LabRunner *runner, gpointer partial, LabParams *params, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static char *
metrics_json (const LabResult *result, LabParams *params)
{
  g_autoptr(LabMetrics) m = lab_topic_get_metrics (topic, result, params);

  return lab_metrics_to_json (m);
}

static void
test_runner_play_pause (void)
{
  g_autoptr(LabRunner) runner = lab_runner_new (topic);
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) full = topic_test_compute_ok (topic, "epochs=1500 optimizer=momentum", &params);
  g_autofree char *want = metrics_json (full, params);
  guint partials = 0, done = 0, total = 0;
  gboolean go_on = FALSE;

  g_assert_true (lab_runner_get_can_step (runner));
  g_signal_connect (runner, "partial", G_CALLBACK (count_partial), &partials);

  /* a run, paused once a partial was shown: the result is that checkpoint */
  lab_runner_request (runner, params);
  while (partials == 0 && (lab_runner_get_busy (runner) || lab_runner_get_result (runner) == NULL))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (partials, >, 0);   /* 1500 epochs take far longer than a frame */
  g_assert_false (lab_runner_get_paused (runner));
  lab_runner_pause (runner);
  g_assert_true (lab_runner_get_paused (runner));
  g_assert_false (lab_runner_get_busy (runner));
  g_assert_true (lab_runner_get_steps (runner, &done, &total, &go_on));
  g_assert_cmpuint (done, >, 0);
  g_assert_cmpuint (done, <, 1500);
  g_assert_cmpuint (total, ==, 1500);
  g_assert_true (go_on);

  /* play: on from there to the end, the uninterrupted numbers */
  lab_runner_play (runner, params);
  g_assert_false (lab_runner_get_paused (runner));
  wait_idle (runner);
  g_assert_true (lab_runner_get_steps (runner, &done, NULL, NULL));
  g_assert_cmpuint (done, ==, 1500);
  {
    g_autofree char *got = metrics_json (lab_runner_get_result (runner), params);
    g_assert_cmpstr (got, ==, want);
  }

  /* reset: epoch 0, paused; three steps; play */
  lab_runner_reset (runner, params);
  g_assert_true (lab_runner_get_paused (runner));
  wait_idle (runner);
  g_assert_true (lab_runner_get_steps (runner, &done, NULL, NULL));
  g_assert_cmpuint (done, ==, 0);
  for (guint k = 1; k <= 3; k++)
    {
      lab_runner_step (runner, params);
      wait_idle (runner);
      g_assert_true (lab_runner_get_paused (runner));
      g_assert_true (lab_runner_get_steps (runner, &done, NULL, NULL));
      g_assert_cmpuint (done, ==, k);
    }
  lab_runner_play (runner, params);
  wait_idle (runner);
  {
    g_autofree char *got = metrics_json (lab_runner_get_result (runner), params);
    g_assert_cmpstr (got, ==, want);
  }

  /* more epochs asked for: the run goes on from 1500 to 1600, as a run of 1600 would */
  {
    g_autoptr(LabParams) p1600 = NULL;
    g_autoptr(LabResult) r1600 = topic_test_compute_ok (topic, "epochs=1600 optimizer=momentum", &p1600);
    g_autofree char *want1600 = metrics_json (r1600, p1600);
    g_autofree char *got = NULL;

    g_object_set (params, "epochs", 1600, NULL);
    lab_runner_request (runner, params);
    while (lab_runner_get_n_dispatched (runner) == 0 || lab_runner_get_busy (runner)
           || !lab_runner_get_steps (runner, &done, &total, NULL) || total != 1600)
      g_main_context_iteration (NULL, TRUE);
    got = metrics_json (lab_runner_get_result (runner), p1600);
    g_assert_cmpstr (got, ==, want1600);
  }

  /* paused, then a model parameter changes: a new run, playing */
  lab_runner_step (runner, params);   /* at the end: pauses, nothing to step */
  wait_idle (runner);
  g_assert_true (lab_runner_get_paused (runner));
  g_object_set (params, "learning-rate", 0.05, NULL);
  lab_runner_request (runner, params);
  while (lab_runner_get_paused (runner) || lab_runner_get_busy (runner))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (lab_runner_get_steps (runner, &done, &total, NULL));
  g_assert_cmpuint (done, ==, 1600);
}

int
main (int    argc,
      char **argv)
{
  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  topic = lab_topics_find ("neural-network");
  g_test_add_func ("/topics/neural-network/csv-data", test_csv_data);
  g_assert_nonnull (topic);

  g_test_add_func ("/topics/neural-network/activation-derivatives", test_activation_derivatives);
  g_test_add_func ("/topics/neural-network/gelu-values", test_gelu_values);
  g_test_add_func ("/topics/neural-network/tanh-accuracy", test_tanh_accuracy);
  g_test_add_func ("/topics/neural-network/lanes-same-bits", test_lanes_same_bits);
  g_test_add_func ("/topics/neural-network/network-gradient", test_network_gradient);
  g_test_add_func ("/topics/neural-network/against-torch", test_against_torch);
  g_test_add_func ("/topics/neural-network/steps-against-torch", test_steps_against_torch);
  g_test_add_func ("/topics/neural-network/weights-round-trip", test_weights_round_trip);
  g_test_add_func ("/topics/neural-network/weights-errors", test_weights_errors);
  g_test_add_func ("/topics/neural-network/overflow-stop", test_overflow_stop);
  g_test_add_func ("/topics/neural-network/partials", test_partials);
  g_test_add_func ("/topics/neural-network/advance", test_advance);
  g_test_add_func ("/topics/neural-network/runner-play-pause", test_runner_play_pause);
  g_test_add_func ("/topics/neural-network/metrics-contract", test_metrics_contract);
  g_test_add_func ("/topics/neural-network/deterministic", test_deterministic);
  g_test_add_func ("/topics/neural-network/every-choice", test_every_choice);
  g_test_add_func ("/topics/neural-network/lessons", test_lessons);
  g_test_add_func ("/topics/neural-network/cancel", test_cancel);
  g_test_add_func ("/topics/neural-network/errors", test_errors);
  return g_test_run ();
}
