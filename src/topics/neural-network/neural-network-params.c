/* neural-network-params.c — the neural-network topic: parameters, presets, the topic (issue 21)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "neural-network-private.h"

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (NnProblem, nn_problem,
  G_DEFINE_ENUM_VALUE (NN_CLASSIFICATION, "classification"),
  G_DEFINE_ENUM_VALUE (NN_REGRESSION, "regression"))

G_DEFINE_ENUM_TYPE (NnSource, nn_source,
  G_DEFINE_ENUM_VALUE (NN_SOURCE_SYNTHETIC, "synthetic"),
  G_DEFINE_ENUM_VALUE (NN_SOURCE_DATA, "data"))

G_DEFINE_ENUM_TYPE (NnDataset, nn_dataset,
  G_DEFINE_ENUM_VALUE (NN_DATA_CIRCLE, "circle"),
  G_DEFINE_ENUM_VALUE (NN_DATA_XOR, "xor"),
  G_DEFINE_ENUM_VALUE (NN_DATA_GAUSS, "gauss"),
  G_DEFINE_ENUM_VALUE (NN_DATA_SPIRAL, "spiral"),
  G_DEFINE_ENUM_VALUE (NN_DATA_PLANE, "plane"),
  G_DEFINE_ENUM_VALUE (NN_DATA_GAUSS_BUMPS, "gauss-bumps"),
  G_DEFINE_ENUM_VALUE (NN_DATA_SINE, "sine"))

G_DEFINE_ENUM_TYPE (NnActivation, nn_activation,
  G_DEFINE_ENUM_VALUE (NN_ACT_RELU, "relu"),
  G_DEFINE_ENUM_VALUE (NN_ACT_LEAKY_RELU, "leaky-relu"),
  G_DEFINE_ENUM_VALUE (NN_ACT_TANH, "tanh"),
  G_DEFINE_ENUM_VALUE (NN_ACT_SIGMOID, "sigmoid"),
  G_DEFINE_ENUM_VALUE (NN_ACT_LINEAR, "linear"),
  G_DEFINE_ENUM_VALUE (NN_ACT_GELU, "gelu"),
  G_DEFINE_ENUM_VALUE (NN_ACT_GELU_TANH, "gelu-tanh"),
  G_DEFINE_ENUM_VALUE (NN_ACT_SILU, "silu"))

G_DEFINE_ENUM_TYPE (NnInit, nn_init,
  G_DEFINE_ENUM_VALUE (NN_INIT_XAVIER, "xavier"),
  G_DEFINE_ENUM_VALUE (NN_INIT_HE, "he"),
  G_DEFINE_ENUM_VALUE (NN_INIT_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (NN_INIT_ZEROS, "zeros"))

G_DEFINE_ENUM_TYPE (NnOptimizer, nn_optimizer,
  G_DEFINE_ENUM_VALUE (NN_OPT_SGD, "sgd"),
  G_DEFINE_ENUM_VALUE (NN_OPT_MOMENTUM, "momentum"),
  G_DEFINE_ENUM_VALUE (NN_OPT_ADAM, "adam"))

G_DEFINE_ENUM_TYPE (NnRegularization, nn_regularization,
  G_DEFINE_ENUM_VALUE (NN_REG_NONE, "none"),
  G_DEFINE_ENUM_VALUE (NN_REG_L1, "l1"),
  G_DEFINE_ENUM_VALUE (NN_REG_L2, "l2"))

G_DEFINE_ENUM_TYPE (NnNorm, nn_norm,
  G_DEFINE_ENUM_VALUE (NN_NORM_NONE, "none"),
  G_DEFINE_ENUM_VALUE (NN_NORM_LAYER, "layer"),
  G_DEFINE_ENUM_VALUE (NN_NORM_RMS, "rms"),
  G_DEFINE_ENUM_VALUE (NN_NORM_BATCH, "batch"))

G_DEFINE_ENUM_TYPE (NnGlu, nn_glu,
  G_DEFINE_ENUM_VALUE (NN_GLU_NONE, "none"),
  G_DEFINE_ENUM_VALUE (NN_GLU_GLU, "glu"),
  G_DEFINE_ENUM_VALUE (NN_GLU_SWIGLU, "swiglu"))

G_DEFINE_ENUM_TYPE (NnView, nn_view,
  G_DEFINE_ENUM_VALUE (NN_VIEW_TRAINING, "training"),
  G_DEFINE_ENUM_VALUE (NN_VIEW_NETWORK, "network"),
  G_DEFINE_ENUM_VALUE (NN_VIEW_APPROXIMATION, "approximation"),
  G_DEFINE_ENUM_VALUE (NN_VIEW_ACTIVATIONS, "activations"))

struct _LabNeuralNetworkParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabNeuralNetworkParams, lab_neural_network_params, LAB_TYPE_PARAMS)

static gboolean
lab_neural_network_params_is_relevant (LabParams  *params,
                                       GParamSpec *pspec)
{
  if (g_str_equal (pspec->name, "reg-rate"))
    return lab_params_get_enum (params, "regularization") != NN_REG_NONE;
  if (g_str_equal (pspec->name, "init-scale"))
    return lab_params_get_enum (params, "init") != NN_INIT_ZEROS;
  if (g_str_equal (pspec->name, "activation"))
    return lab_params_get_enum (params, "glu") == NN_GLU_NONE;
  if (g_str_equal (pspec->name, "feature-columns") || g_str_equal (pspec->name, "label-column"))
    return lab_params_get_enum (params, "source") == NN_SOURCE_DATA;
  if (g_str_equal (pspec->name, "dataset") || g_str_equal (pspec->name, "n") || g_str_equal (pspec->name, "noise"))
    return lab_params_get_enum (params, "source") == NN_SOURCE_SYNTHETIC;
  return TRUE;
}

static void
lab_neural_network_params_class_init (LabNeuralNetworkParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  params_class->is_relevant = lab_neural_network_params_is_relevant;

  /* data */
  lab_params_class_add_enum (params_class, "source", N_("Source"),
    N_("synthetic: the playground's data sets; data: two numeric columns of your CSV file and a 0/1 label "
       "(classification) or a numeric target (regression)"),
    nn_source_get_type (), NN_SOURCE_SYNTHETIC, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "feature-columns", N_("Feature columns"),
    N_("The two numeric columns the network sees as x1 and x2 (standardized: mean 0, standard deviation 1)"),
    "x1,x2", LAB_PARAM_COLUMNS, LAB_GROUP_DATA);
  lab_params_class_add_string (params_class, "label-column", N_("Label column"),
    N_("Classification: the column of the two classes (0/1, or two text values); regression: the numeric target"),
    "label", LAB_PARAM_COLUMN, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "problem", N_("Problem"),
    N_("Two-class classification (sigmoid output, binary cross-entropy) or regression (mean squared error)"),
    nn_problem_get_type (), NN_CLASSIFICATION, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_enum (params_class, "dataset", N_("Data set"),
    N_("circle, xor, gauss, spiral: two classes; plane, gauss-bumps, sine (1-D): regression"),
    nn_dataset_get_type (), NN_DATA_CIRCLE, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_int (params_class, "n", N_("Points"),
    N_("Number of generated points, training and test together"),
    20, 5000, 400, LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "noise", N_("Noise"),
    N_("Standard deviation of the Gaussian noise added to the points (classification) or the target (regression)"),
    0.0, 1.0, 0.1, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_double (params_class, "test-fraction", N_("Test fraction"),
    N_("Share of the points held out for the test loss"),
    0.0, 0.9, 0.5, LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_add_seed (params_class, N_("Seed of the points, the split, the initial weights and the minibatches"),
    LAB_GROUP_DATA);

  /* model */
  lab_params_class_add_string (params_class, "features", N_("Features"),
    N_("The network's inputs, a comma list of x1, x2, x1^2, x2^2, x1x2, sin-x1, sin-x2"),
    "x1,x2", LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_string (params_class, "layers", N_("Hidden layers"),
    N_("Units of each hidden layer, a comma list: 1–8 layers of 1–32 units (8,8,4)"),
    "8,8", LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "activation", N_("Activation"),
    N_("The hidden layers' nonlinearity"),
    nn_activation_get_type (), NN_ACT_TANH, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "glu", N_("Gated units"),
    N_("Gated hidden layers (§3.7): each unit is f(w·a + b) × (v·a + c), a gate times a linear value, with f = σ "
       "(GLU) or SiLU (SwiGLU) in place of the activation; twice the hidden weights"),
    nn_glu_get_type (), NN_GLU_NONE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "norm", N_("Normalisation"),
    N_("Normalise each hidden layer's pre-activation before the activation: over its units per point (layer norm, "
       "RMS norm) or per unit over the minibatch (batch norm, running statistics outside training); ε = 1e-5"),
    nn_norm_get_type (), NN_NORM_NONE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "init", N_("Initialisation"),
    N_("Initial weights: Xavier N(0, 2/(fan-in + fan-out)), He N(0, 2/fan-in), N(0, 1), or zeros; biases start at 0"),
    nn_init_get_type (), NN_INIT_XAVIER, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "init-scale", N_("Init scale"),
    N_("Multiplies the initial weights' standard deviation"),
    0.01, 100.0, 1.0, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "optimizer", N_("Optimizer"),
    N_("SGD, heavy-ball momentum (β = 0.9) or Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)"),
    nn_optimizer_get_type (), NN_OPT_ADAM, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "learning-rate", N_("Learning rate"),
    N_("Step size η of the optimizer"),
    1e-5, 10.0, 0.01, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "batch-size", N_("Batch size"),
    N_("Training points per step; an epoch is one pass over the shuffled training points"),
    1, 5000, 16, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "regularization", N_("Regularization"),
    N_("Penalty on the weights (not the biases): L1 λΣ|w| or L2 (λ/2)Σw²"),
    nn_regularization_get_type (), NN_REG_NONE, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_double (params_class, "reg-rate", N_("Regularization rate"),
    N_("λ, the weight of the penalty"),
    0.0, 1.0, 0.001, LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_add_int (params_class, "epochs", N_("Epochs"),
    N_("Passes over the training points"),
    1, 5000, 200, LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_add_enum (params_class, "view", N_("View"),
    N_("training: decision boundary, losses, gradient norms; network: the diagram with each unit's output and edges "
       "as weights, and the pre-activations' distribution per layer (saturation); approximation: one hidden layer of "
       "width w fitting the sine, error against w, and deep-narrow against wide-shallow at equal parameter counts; "
       "activations: every activation and its derivative, and the gated GLU and SwiGLU units as surfaces of two inputs"),
    nn_view_get_type (), NN_VIEW_TRAINING, LAB_PARAM_RESUMES, LAB_GROUP_VIEW);
}

static void
lab_neural_network_params_init (LabNeuralNetworkParams *self)
{
}

static const LabPreset neural_network_presets[] = {
  { N_("XOR needs a hidden layer"), "dataset=xor layers=1 activation=linear epochs=150",
    N_("XOR needs a hidden layer: with linear units the network is one straight boundary, which cannot "
       "split XOR’s diagonal quadrants, and the test accuracy stays little above chance; set activation=tanh and layers=4 and it solves the problem.") },
  { N_("Spiral with x1x2 and sin features"),
    "dataset=spiral features=x1,x2,x1^2,x2^2,x1x2,sin-x1,sin-x2 layers=16,16 activation=tanh epochs=400 noise=0",
    N_("The spiral is hard from x1, x2 alone; handing the network products and sines of the inputs gives it curved "
       "pieces to combine, and two small layers separate the arms.") },
  { N_("Deep sigmoid vanishes"),
    "dataset=circle layers=8,8,8,8,8,8,8,8 activation=sigmoid init=xavier optimizer=sgd learning-rate=0.1 epochs=100",
    N_("Eight sigmoid layers: σ′ ≤ 1/4, so the gradient shrinks by a factor of 4 or more at each layer on the way back — "
       "the first layers’ gradient norms sit orders of magnitude below the last, and the loss barely moves.") },
  { N_("Batch norm rescues the deep sigmoid"),
    "dataset=circle layers=8,8,8,8,8,8,8,8 activation=sigmoid init=xavier optimizer=sgd learning-rate=0.1 epochs=100 norm=batch",
    N_("The same eight sigmoid layers with batch norm: each layer’s input is re-centred and re-scaled to unit "
       "variance, the units work in σ’s steep middle, the first layer’s gradient rises by about a hundred times "
       "and the circle is learned.") },
  { N_("Large init explodes"),
    "dataset=circle layers=8,8,8,8,8 activation=relu init=he init-scale=4 optimizer=sgd learning-rate=0.001 epochs=50",
    N_("He init times 4 with ReLU: each layer multiplies the signal’s scale by about 4, so the first loss is "
       "far above log 2, the gradient norms reach the tens and hundreds, and even small SGD steps throw the loss up and down.") },
  { N_("ReLU vs GELU"), "dataset=circle layers=3,3,3,3,3,3 init=he epochs=200 activation=relu view=network",
    N_("Six layers of three ReLU units: every unit of the last two layers ends dead (f′ = 0 on all training points, "
       "flat thumbnails), the loss stays at log 2 and the test accuracy at 0.50; with activation=gelu, whose slope never "
       "vanishes entirely, the same network reaches 1.00 (over seeds 1–5: ReLU 0.875–0.995, GELU 0.99–1.00).") },
  { N_("Width vs depth at equal parameters"),
    "view=approximation problem=regression dataset=sine features=x1 activation=relu noise=0 batch-size=200 epochs=2000",
    N_("One ReLU layer needs four units to bend into the sine (test MSE 0.48, 0.48, 0.39 at widths 1–3, 0.005 at 4, "
       "about 0.001 from 7 on). At equal parameter counts one wide layer fits at every budget (MSE ≤ 0.005) while "
       "k layers of 3 ReLU units collapse to a constant (MSE 0.48) at 3, 5, 7 and 8 layers: narrow ReLU layers die, "
       "so the efficiency depth has in theory is not what plain training finds here.") },
  { N_("Regression on a sine"), "problem=regression dataset=sine features=x1 layers=16,16 activation=tanh learning-rate=0.003 epochs=300",
    N_("A 1-D target: two tanh layers bend a line into a sine; watch the test loss follow the training loss down.") },
};

static const LabTopicFileOption neural_network_files[] = {
  { "--dump-weights", N_("writes the weights the run starts from (before any step) as JSON: per layer weight "
                         "(out × in rows, as torch.nn.Linear), bias, value_weight and value_bias (glu), norm_gain and "
                         "norm_shift (norm), with the sizes, settings and the training and test rows; exact to the last bit"),
    neural_network_dump_weights, NULL },
  { "--initial-weights", N_("reads the starting weights from a file in the --dump-weights layout (only \"layers\" is "
                            "required) in place of the random initialisation; every shape must match the network"),
    NULL, neural_network_read_initial_weights },
};

const LabTopic lab_topic_neural_network = {
  .id = "neural-network",
  .title = N_("Neural network playground"),
  .chapter = LAB_CHAPTER_TRAINING,
  .sections = "§2",
  .summary = N_("A small multilayer perceptron trained by backpropagation on 2-D points: its decision boundary, "
                "its losses, and how each layer's gradient grows or vanishes."),
  .params_get_type = lab_neural_network_params_get_type,
  .compute = neural_network_compute,
  .build = neural_network_build,
  .metrics = neural_network_metrics,
  .presets = neural_network_presets,
  .n_presets = G_N_ELEMENTS (neural_network_presets),
  .file_options = neural_network_files,
  .n_file_options = G_N_ELEMENTS (neural_network_files),
  .steps_param = "epochs",
  .advance = neural_network_advance,
  .steps_done = neural_network_steps_done,
};
