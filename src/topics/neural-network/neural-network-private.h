/* neural-network-private.h — shared by the files of the "neural-network" topic (and its test)
 *
 * compute (worker): the points of a generator (two classes or a regression target), a seeded
 * train/test split, the chosen input features, and a multilayer perceptron trained by
 * minibatches with hand-written backpropagation; per epoch the full-training-set and test
 * losses and accuracies and the norm of each layer's weight gradient; the trained output on a
 * grid. build and metrics only read the result.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-error.h"
#include <gsl/gsl_rng.h>

#include "lab-optim.h"

#include "neural-network.h"

G_BEGIN_DECLS

typedef enum { NN_CLASSIFICATION, NN_REGRESSION } NnProblem;
typedef enum { NN_SOURCE_SYNTHETIC, NN_SOURCE_DATA } NnSource;
GType nn_source_get_type (void);

typedef enum
{
  NN_DATA_CIRCLE, NN_DATA_XOR, NN_DATA_GAUSS, NN_DATA_SPIRAL,       /* two classes */
  NN_DATA_PLANE, NN_DATA_GAUSS_BUMPS, NN_DATA_SINE,                 /* regression; sine is 1-D */
} NnDataset;

typedef enum
{
  NN_ACT_RELU, NN_ACT_LEAKY_RELU, NN_ACT_TANH, NN_ACT_SIGMOID, NN_ACT_LINEAR,
  NN_ACT_GELU, NN_ACT_GELU_TANH, NN_ACT_SILU, NN_N_ACT,
} NnActivation;

typedef enum { NN_INIT_XAVIER, NN_INIT_HE, NN_INIT_NORMAL, NN_INIT_ZEROS } NnInit;
typedef enum { NN_OPT_SGD, NN_OPT_MOMENTUM, NN_OPT_ADAM } NnOptimizer;
typedef enum { NN_REG_NONE, NN_REG_L1, NN_REG_L2 } NnRegularization;
/* normalisation of each hidden layer's pre-activation, per row (no batch statistics) */
typedef enum { NN_NORM_NONE, NN_NORM_LAYER, NN_NORM_RMS, NN_NORM_BATCH } NnNorm;
/* gated hidden layers (§3.7, Shazeer 2020): h = f(Wa + b) ⊙ (Va + c), f = σ (GLU) or SiLU (SwiGLU) */
typedef enum { NN_GLU_NONE, NN_GLU_GLU, NN_GLU_SWIGLU } NnGlu;
/* training: boundary, losses, gradient norms; network: the diagram with each unit's output and
 * the pre-activations' distribution; approximation: §2.14 on the sine (recomputes); activations:
 * every activation and its derivative, the gated units as surfaces */
typedef enum { NN_VIEW_TRAINING, NN_VIEW_NETWORK, NN_VIEW_APPROXIMATION, NN_VIEW_ACTIVATIONS } NnView;

#define NN_BN_MOMENTUM 0.1  /* running statistics, as torch.nn.BatchNorm1d */

#define NN_NORM_EPS 1e-5   /* as torch.nn.LayerNorm */

typedef enum
{
  NN_F_X1, NN_F_X2, NN_F_X1_SQ, NN_F_X2_SQ, NN_F_X1X2, NN_F_SIN_X1, NN_F_SIN_X2, NN_N_FEATURES,
} NnFeature;

GType nn_problem_get_type (void) G_GNUC_CONST;
GType nn_dataset_get_type (void) G_GNUC_CONST;
GType nn_activation_get_type (void) G_GNUC_CONST;
GType nn_init_get_type (void) G_GNUC_CONST;
GType nn_optimizer_get_type (void) G_GNUC_CONST;
GType nn_regularization_get_type (void) G_GNUC_CONST;
GType nn_norm_get_type (void) G_GNUC_CONST;
GType nn_glu_get_type (void) G_GNUC_CONST;
GType nn_view_get_type (void) G_GNUC_CONST;

#define LAB_TYPE_NEURAL_NETWORK_PARAMS (lab_neural_network_params_get_type ())
G_DECLARE_FINAL_TYPE (LabNeuralNetworkParams, lab_neural_network_params, LAB, NEURAL_NETWORK_PARAMS, LabParams)

#define NN_MAX_HIDDEN 8
#define NN_MAX_UNITS  32
#define NN_GRID       72
#define NN_THUMB      24   /* a unit's output over the plane, NN_THUMB² (1-D: NN_THUMB) */
#define NN_HIST_BINS  48   /* pre-activation histogram over [−NN_HIST_Z, NN_HIST_Z] */
#define NN_HIST_Z     6.0
/* universal approximation: 1 hidden layer of each width; deep-narrow k layers of 3 units and
 * wide-shallow one layer of 4k − 1 units both have 12k − 2 parameters (1-D input) */
#define NN_UA_N_WIDTHS 11
#define NN_UA_DEPTHS   8
#define NN_UA_NARROW   3

/* The network's shape and where each layer's weights sit in one flat parameter vector:
 * layer l maps sizes[l] inputs to sizes[l + 1] outputs, W_l row-major (out × in) at
 * w_off[l], its biases at b_off[l]. The last layer has one output and no activation. With a
 * norm, each hidden layer's pre-activation z is normalised — layer: (z − mean)/√(var + ε),
 * rms: z/√(mean z² + ε), over the layer's units — then scaled by a gain γ (g_off[l], starts
 * at 1) and, for layer norm, shifted by β (beta_off[l], starts at 0), before the activation.
 * With gated layers (glu), each hidden layer also has a value path V (v_off[l], out × in) and c
 * (c_off[l]), right after b: its output is f(norm(Wa + b)) ⊙ (Va + c). Offsets a layer lacks
 * are G_MAXSIZE. */
typedef struct
{
  guint        n_layers;                  /* weight layers = hidden layers + 1 */
  guint        sizes[NN_MAX_HIDDEN + 2];
  gsize        w_off[NN_MAX_HIDDEN + 1], b_off[NN_MAX_HIDDEN + 1];
  gsize        g_off[NN_MAX_HIDDEN + 1], beta_off[NN_MAX_HIDDEN + 1];   /* norm gain and shift */
  gsize        v_off[NN_MAX_HIDDEN + 1], c_off[NN_MAX_HIDDEN + 1];      /* glu: value path */
  gsize        n_params;
  NnActivation act;                       /* the hidden units' f: with glu, σ or SiLU (the gate's) */
  NnGlu        glu;
  NnNorm       norm;
  NnProblem    problem;
  /* batch norm: the running mean and variance of each hidden layer (means at
   * running + 2·NN_MAX_UNITS·l, variances NN_MAX_UNITS after), used outside training; NULL
   * when there is no batch norm */
  double      *running;
} NnNet;

/* Value of activation @a at @z, and its derivative in *@dz (may be NULL). */
double      nn_activation (NnActivation a, double z, double *dz);
const char *nn_activation_name (NnActivation a);

/* "8,8,4" → hidden sizes; FALSE with a LAB_ERROR_USAGE naming "layers" otherwise. */
gboolean nn_parse_layers   (const char *text, guint *hidden, guint *n_hidden, GError **error);
/* "x1,x2,x1x2" → features; FALSE with a LAB_ERROR_USAGE naming "features" otherwise. */
gboolean nn_parse_features (const char *text, NnFeature *features, guint *n_features, GError **error);
const char *nn_feature_name (NnFeature f);

void   nn_net_init  (NnNet *net, guint n_inputs, const guint *hidden, guint n_hidden,
                     NnActivation act, NnGlu glu, NnNorm norm, NnProblem problem);
/* The network the parameters describe (features, layers, activation, glu, norm, problem). */
gboolean nn_net_from_params (LabParams *params, NnNet *net, GError **error);
/* Batch norm: the size of the running statistics array, and its initial values (mean 0, variance 1). */
gsize  nn_net_running_size (void);
void   nn_net_init_running (double *running);
/* Batch norm in training mode: nn_net_loss with each hidden layer normalised by the statistics
 * of these @n rows (biased variance), the gradient through them; the running statistics
 * (net->running) are updated as PyTorch does (unbiased variance) when @update is TRUE. */
double nn_net_loss_batch (const NnNet *net, const double *theta, const double *x, const double *y,
                          const guint *rows, guint n, NnRegularization reg, double reg_rate,
                          double *grad, gboolean update);
/* Sets the norms' gains to 1 and shifts to 0 in @theta. */
void   nn_net_init_norm (const NnNet *net, double *theta);
/* The network's output for one input row: the logit (classification) or the prediction. */
double nn_net_output (const NnNet *net, const double *theta, const double *x);
/* The mean loss over rows @rows (n of them; NULL: rows 0 … n − 1) of @x (n_inputs a row) with
 * targets @y, plus the penalty reg_rate·Σ|w| (L1) or reg_rate/2·Σw² (L2) on the weights (not
 * the biases); when @grad is not NULL, its gradient with respect to every parameter, by
 * backpropagation. */
double nn_net_loss  (const NnNet *net, const double *theta, const double *x, const double *y,
                     const guint *rows, guint n, NnRegularization reg, double reg_rate,
                     double *grad);
/* nn_net_loss one row at a time, the way every kind of network goes (nn_net_loss takes two
 * rows at a time where it can); for the tests, which hold the two to the same bits. */
double nn_net_loss_by_row (const NnNet *net, const double *theta, const double *x, const double *y,
                           const guint *rows, guint n, NnRegularization reg, double reg_rate,
                           double *grad);
/* The number of rows nn_net_loss takes at a time: 2, or 4 where the processor has AVX2 (FALSE
 * if it has not); 0 goes back to the widest the processor has. For the tests. */
gboolean nn_lanes_set_width (guint width);

typedef struct
{
  LabResult  parent;
  NnNet      net;
  NnProblem  problem;
  NnDataset  dataset;
  gboolean   one_d;                /* sine: x2 is unused */
  NnFeature  features[NN_N_FEATURES];
  guint      n_features;
  guint      n;                    /* points */
  double    *px, *py;              /* raw coordinates x1, x2 (2 a point) and targets */
  guint     *train, n_train, *test, n_test;
  guint      epochs, epochs_run;   /* epochs_run < epochs when the loss overflowed */
  double    *theta;                /* trained parameters */
  double    *theta0;               /* the parameters before the first step (--dump-weights) */
  double    *x;                    /* the design matrix: n rows of n_features */
  double    *running;              /* batch norm's running statistics (net.running) */
  gsize      n_params;
  double    *train_loss, *test_loss, *train_acc, *test_acc;   /* by epoch */
  double    *grad_norms;                                       /* layer × epoch */
  double     extent;               /* the plot box is [−extent, extent]² */
  /* source=data: the two feature columns (standardized: z = (x − mean)/sd), NULL otherwise */
  char      *feature_names[2];
  double     feature_mean[2], feature_sd[2];
  gsize      rows_dropped;         /* rows with a missing feature or target */
  gboolean   from_data;
  double    *grid;                 /* NN_GRID² outputs (probability or prediction); 1-D: NN_GRID */
  /* the trained network's units over the plot box: thumbs + NN_THUMB²·(thumb_off[l] + j) for unit j
   * of layer l + 1 (hidden layers, then the output; 1-D: NN_THUMB a unit) */
  double    *thumbs;
  gsize      thumb_off[NN_MAX_HIDDEN + 1];
  /* each hidden layer's pre-activations u (what enters f, after the norm) on the training
   * points: a histogram (share of values a bin, the ends gathering what lies beyond) and the
   * share of saturated values, where f′(u) < 0.1·max f′ */
  double     pre_hist[NN_MAX_HIDDEN][NN_HIST_BINS];
  double     pre_saturated[NN_MAX_HIDDEN];
  /* view=approximation: on the sine (the same n, noise, seed, split), trained as set */
  gboolean   approx;
  guint      ua_widths[NN_UA_N_WIDTHS];
  double     ua_train[NN_UA_N_WIDTHS], ua_test[NN_UA_N_WIDTHS];         /* MSE by width */
  guint      ua_params[NN_UA_DEPTHS];                                   /* 12k − 2 */
  double     ua_deep_train[NN_UA_DEPTHS], ua_deep_test[NN_UA_DEPTHS];   /* k layers of 3 */
  double     ua_wide_train[NN_UA_DEPTHS], ua_wide_test[NN_UA_DEPTHS];   /* 1 layer of 4k − 1 */
  double     ua_fit_wide[NN_GRID], ua_fit_deep[NN_GRID], ua_fit_narrow[NN_GRID];  /* the largest, and 1 × 3 */
  double    *ua_px, *ua_py;        /* the sine points (x, target) */
  guint     *ua_train_rows, ua_n_train, *ua_test_rows, ua_n_test;
  double     noise;
  /* a checkpoint, to go on from (LabTopic.advance): the generator after epochs_run epochs'
   * shuffles and the optimizer's state; diverged when the weights overflowed (the run is over) */
  gsl_rng   *rng;
  LabOptim  *optim;
  gboolean   diverged;
} NnResult;

LabResult *neural_network_compute (LabParams *params, LabDataset *data, LabProgress *progress,
                                   GCancellable *cancellable, GError **error);
LabTopicAdvance   neural_network_advance;
LabTopicStepsDone neural_network_steps_done;
LabFigure *neural_network_build   (const LabResult *result, LabParams *params);
void       neural_network_metrics (const LabResult *result, LabParams *params, LabMetrics *out);

/* The update rule of @opt at learning rate @lr: SGD, momentum β = 0.9 (v ← βv + g, as
 * torch.optim.SGD), Adam β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (as torch.optim.Adam). */
void nn_optim_hyper (NnOptimizer opt, double lr, LabOptimHyper *hyper);

/* The weights file (layout in neural-network-weights.c): the parameters @theta as JSON, with the
 * run's settings when @params is not NULL and the training and test rows when @x is not NULL. */
char    *nn_weights_to_json (const NnNet *net, const double *theta, const NnFeature *features,
                             guint n_features, LabParams *params, const double *x, const double *y,
                             const guint *train, guint n_train, const guint *test, guint n_test);
/* Reads a weights file into @theta (net->n_params) for the network @net; LAB_ERROR_DATA naming
 * @path, the layer and the expected and found shapes when it does not fit, LAB_ERROR_IO when it
 * cannot be read. */
gboolean nn_weights_load    (const NnNet *net, const char *path, double *theta, GError **error);
/* --dump-weights and --initial-weights (LabTopicFileOption); the weights read are kept on the
 * parameters under NN_INITIAL_WEIGHTS_KEY, and nn_initial_weights returns them (or NULL). */
#define NN_INITIAL_WEIGHTS_KEY "neural-network-initial-weights"
gboolean neural_network_dump_weights         (const LabResult *result, LabParams *params, const char *path,
                                              GError **error);
gboolean neural_network_read_initial_weights (LabParams *params, const char *path, GError **error);
const double *nn_initial_weights             (LabParams *params, gsize *n_params);

/* The feature vector of a point (x1, x2). */
void nn_featurize (const NnFeature *features, guint n_features, double x1, double x2, double *out);

G_END_DECLS
