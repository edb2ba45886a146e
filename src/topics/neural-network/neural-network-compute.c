/* neural-network-compute.c — the neural-network topic on the worker: data, features, training
 *
 * The forward and backward passes are written out by hand on purpose: backpropagation — the
 * δ rule carried from the output back through each layer — is what this topic teaches, so it
 * is spelled out here rather than hidden in a framework. Only the update rule (SGD, momentum,
 * Adam) is shared, from src/engine/optim.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_randist.h>

#include "lab-optim.h"
#include "lab-points.h"
#include "lab-topic.h"
#include "lab-rng.h"
#include "lab-tsan.h"

#include "neural-network-private.h"

/* ------------------------------------------------------------------ */
/* activations */

static double
sigmoid (double z)
{
  return z >= 0 ? 1 / (1 + exp (-z)) : exp (z) / (1 + exp (z));
}

/* The rows of a pass side by side in vector lanes (neural-network-lanes.h): two in a 16-byte
 * GCC vector, an SSE2 register on every x86-64 (wider vectors, without AVX, live in memory
 * between operations), four in an AVX2 register where the processor has one. */
typedef double  NnV2 __attribute__ ((vector_size (16)));
typedef gint64  NnV2i __attribute__ ((vector_size (16)));
#if defined (__GNUC__) && defined (__x86_64__)
#define NN_HAVE_AVX2 1
typedef double  NnV4 __attribute__ ((vector_size (32)));
typedef gint64  NnV4i __attribute__ ((vector_size (32)));
#endif

static inline double bce (double z, double y, double *dz);
static double penalty (const NnNet *net, const double *theta, NnRegularization reg, double reg_rate, double *grad);

#define WIDTH (NN_MAX_UNITS > NN_N_FEATURES ? NN_MAX_UNITS : NN_N_FEATURES)

#define LANES          2
#define LANES_V        NnV2
#define LANES_VI       NnV2i
#define LANES_FN(f)    f##2
#define LANES_ATTR
#include "neural-network-lanes.h"
#undef LANES
#undef LANES_V
#undef LANES_VI
#undef LANES_FN
#undef LANES_ATTR

#ifdef NN_HAVE_AVX2
#define LANES          4
#define LANES_V        NnV4
#define LANES_VI       NnV4i
#define LANES_FN(f)    f##4
#define LANES_ATTR     __attribute__ ((target ("avx2")))
#include "neural-network-lanes.h"
#undef LANES
#undef LANES_V
#undef LANES_VI
#undef LANES_FN
#undef LANES_ATTR
#endif

/* The scalar tanh: the vector one on one lane, so every tanh of the topic is the same number. */
static inline double
tanh_fast (double z)
{
  NnV2 v = { z, z };

  return tanh_v2 (v)[0];
}

double
nn_activation (NnActivation a,
               double       z,
               double      *dz)
{
  double v, d;

  switch (a)
    {
    case NN_ACT_RELU:
      v = z > 0 ? z : 0;
      d = z > 0 ? 1 : 0;
      break;
    case NN_ACT_LEAKY_RELU:   /* slope 0.01 below zero, as PyTorch's default */
      v = z > 0 ? z : 0.01 * z;
      d = z > 0 ? 1 : 0.01;
      break;
    case NN_ACT_TANH:
      v = tanh_fast (z);
      d = 1 - v * v;
      break;
    case NN_ACT_SIGMOID:
      v = sigmoid (z);
      d = v * (1 - v);
      break;
    case NN_ACT_GELU:         /* exact: z·Φ(z) */
      {
        double cdf = 0.5 * erfc (-z / G_SQRT2);
        double pdf = exp (-0.5 * z * z) / sqrt (2 * G_PI);
        v = z * cdf;
        d = cdf + z * pdf;
      }
      break;
    case NN_ACT_GELU_TANH:    /* ½z(1 + tanh(√(2/π)(z + 0.044715 z³))) */
      {
        double k = sqrt (2 / G_PI);
        double t = tanh (k * (z + 0.044715 * z * z * z));
        v = 0.5 * z * (1 + t);
        d = 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * k * (1 + 3 * 0.044715 * z * z);
      }
      break;
    case NN_ACT_SILU:         /* z·σ(z) */
      {
        double s = sigmoid (z);
        v = z * s;
        d = s + z * s * (1 - s);
      }
      break;
    case NN_ACT_LINEAR:
    case NN_N_ACT:
    default:
      v = z;
      d = 1;
      break;
    }
  if (dz != NULL)
    *dz = d;
  return v;
}

/* f over a layer's @n units in place, f′ into @fp (may be NULL): the choice made once per layer,
 * the common activations' loops left free of the switch. */
static void
activate_layer (NnActivation  a,
                double       *v,
                double       *fp,
                guint         n)
{
  switch (a)
    {
    case NN_ACT_TANH:
      {
        guint j = 0;

        for (; j + 2 <= n; j += 2)
          {
            NnV2 t;

            memcpy (&t, v + j, sizeof t);
            t = tanh_v2 (t);
            memcpy (v + j, &t, sizeof t);
          }
        if (j < n)
          v[j] = tanh_fast (v[j]);
        if (fp != NULL)
          for (j = 0; j < n; j++)
            fp[j] = 1 - v[j] * v[j];
      }
      return;
    case NN_ACT_RELU:
      for (guint j = 0; j < n; j++)
        {
          if (fp != NULL)
            fp[j] = v[j] > 0 ? 1 : 0;
          v[j] = v[j] > 0 ? v[j] : 0;
        }
      return;
    case NN_ACT_LINEAR:
      if (fp != NULL)
        for (guint j = 0; j < n; j++)
          fp[j] = 1;
      return;
    default:
      for (guint j = 0; j < n; j++)
        v[j] = nn_activation (a, v[j], fp != NULL ? &fp[j] : NULL);
      return;
    }
}

const char *
nn_activation_name (NnActivation a)
{
  GEnumClass *klass = g_type_class_ref (nn_activation_get_type ());
  GEnumValue *value = g_enum_get_value (klass, a);
  const char *name = value != NULL ? value->value_nick : "?";

  g_type_class_unref (klass);
  return name;
}

/* ------------------------------------------------------------------ */
/* parsing */

static const char * const feature_names[NN_N_FEATURES] = {
  "x1", "x2", "x1^2", "x2^2", "x1x2", "sin-x1", "sin-x2",
};

const char *
nn_feature_name (NnFeature f)
{
  return f < NN_N_FEATURES ? feature_names[f] : "?";
}

gboolean
nn_parse_features (const char  *text,
                   NnFeature   *features,
                   guint       *n_features,
                   GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  gboolean seen[NN_N_FEATURES] = { FALSE };
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *name = g_strstrip (parts[i]);
      guint f;

      if (*name == '\0')
        continue;
      for (f = 0; f < NN_N_FEATURES; f++)
        if (g_str_equal (name, feature_names[f]))
          break;
      if (f == NN_N_FEATURES)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("features: unknown feature “%s” (use x1, x2, x1^2, x2^2, x1x2, sin-x1, sin-x2)"), name);
          return FALSE;
        }
      if (seen[f])
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE, _("features: “%s” is listed twice"), name);
          return FALSE;
        }
      seen[f] = TRUE;
      features[n++] = f;
    }
  if (n == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("features: empty; list at least one of x1, x2, x1^2, x2^2, x1x2, sin-x1, sin-x2"));
      return FALSE;
    }
  *n_features = n;
  return TRUE;
}

gboolean
nn_parse_layers (const char  *text,
                 guint       *hidden,
                 guint       *n_hidden,
                 GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  guint n = g_strv_length (parts);

  if (n == 0 || (n == 1 && *g_strstrip (parts[0]) == '\0'))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("layers: empty; give 1–%d hidden layers of 1–%d units, as 8,8"), NN_MAX_HIDDEN, NN_MAX_UNITS);
      return FALSE;
    }
  if (n > NN_MAX_HIDDEN)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("layers: %u hidden layers; at most %d (each of 1–%d units)"), n, NN_MAX_HIDDEN, NN_MAX_UNITS);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      const char *s = g_strstrip (parts[i]);
      char *end = NULL;
      gint64 v = g_ascii_strtoll (s, &end, 10);

      if (*s == '\0' || end == s || *end != '\0' || v < 1 || v > NN_MAX_UNITS)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("layers: “%s” (layer %u) is not a unit count in 1–%d; give 1–%d layers, as 8,8"),
                       s, i + 1, NN_MAX_UNITS, NN_MAX_HIDDEN);
          return FALSE;
        }
      hidden[i] = (guint) v;
    }
  *n_hidden = n;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the network */

void
nn_net_init (NnNet        *net,
             guint         n_inputs,
             const guint  *hidden,
             guint         n_hidden,
             NnActivation  act,
             NnGlu         glu,
             NnNorm        norm,
             NnProblem     problem)
{
  gsize off = 0;

  memset (net, 0, sizeof *net);
  net->n_layers = n_hidden + 1;
  net->sizes[0] = n_inputs;
  for (guint l = 0; l < n_hidden; l++)
    net->sizes[l + 1] = hidden[l];
  net->sizes[n_hidden + 1] = 1;
  for (guint l = 0; l < net->n_layers; l++)
    {
      net->w_off[l] = off;
      off += (gsize) net->sizes[l + 1] * net->sizes[l];
      net->b_off[l] = off;
      off += net->sizes[l + 1];
      net->g_off[l] = net->beta_off[l] = net->v_off[l] = net->c_off[l] = G_MAXSIZE;
      if (glu != NN_GLU_NONE && l + 1 < net->n_layers)
        {
          net->v_off[l] = off;
          off += (gsize) net->sizes[l + 1] * net->sizes[l];
          net->c_off[l] = off;
          off += net->sizes[l + 1];
        }
      if (norm != NN_NORM_NONE && l + 1 < net->n_layers)
        {
          net->g_off[l] = off;
          off += net->sizes[l + 1];
          if (norm == NN_NORM_LAYER || norm == NN_NORM_BATCH)
            {
              net->beta_off[l] = off;
              off += net->sizes[l + 1];
            }
        }
    }
  net->n_params = off;
  net->norm = norm;
  net->glu = glu;
  net->act = glu == NN_GLU_GLU ? NN_ACT_SIGMOID : glu == NN_GLU_SWIGLU ? NN_ACT_SILU : act;
  net->problem = problem;
}

void
nn_net_init_norm (const NnNet *net,
                  double      *theta)
{
  for (guint l = 0; l + 1 < net->n_layers; l++)
    for (guint j = 0; j < net->sizes[l + 1]; j++)
      {
        if (net->g_off[l] != G_MAXSIZE)
          theta[net->g_off[l] + j] = 1;
        if (net->beta_off[l] != G_MAXSIZE)
          theta[net->beta_off[l] + j] = 0;
      }
}

/* the running statistics' layout (private.h) counts NN_MAX_UNITS a row */
G_STATIC_ASSERT (WIDTH == NN_MAX_UNITS);

gsize
nn_net_running_size (void)
{
  return 2 * (gsize) WIDTH * (NN_MAX_HIDDEN + 1);
}

void
nn_net_init_running (double *running)
{
  for (guint l = 0; l <= NN_MAX_HIDDEN; l++)
    for (guint j = 0; j < WIDTH; j++)
      {
        running[2 * WIDTH * l + j] = 0;
        running[2 * WIDTH * l + WIDTH + j] = 1;
      }
}

/* Forward pass of one row: activations a[l] (a[0] = the input) and, when @fp is not NULL,
 * the activation's derivative f′(z_l) at each hidden unit, kept for the backward pass. */
typedef struct
{
  double a[NN_MAX_HIDDEN + 2][WIDTH];    /* activations, a[0] the input */
  double fp[NN_MAX_HIDDEN + 2][WIDTH];   /* f′ at each hidden unit */
  double xh[NN_MAX_HIDDEN + 2][WIDTH];   /* the normalised pre-activation (with a norm) */
  double inv[NN_MAX_HIDDEN + 2];         /* 1/σ or 1/rms of each layer (layer, rms norm) */
  double gate[NN_MAX_HIDDEN + 2][WIDTH]; /* glu: f(u) and the value Va + c of each hidden unit */
  double val[NN_MAX_HIDDEN + 2][WIDTH];
} Trace;

static double
forward_pre (const NnNet  *net,
             const double *theta,
             const double *x,
             Trace        *t,
             gboolean      keep,
             double      (*pre)[WIDTH])
{
  double (*a)[WIDTH] = t->a;
  memcpy (a[0], x, net->sizes[0] * sizeof (double));
  for (guint l = 0; l < net->n_layers; l++)
    {
      const double *w = theta + net->w_off[l], *b = theta + net->b_off[l];
      guint in = net->sizes[l], out = net->sizes[l + 1];
      gboolean last = l + 1 == net->n_layers;

      for (guint j = 0; j < out; j++)
        {
          const double *wj = w + (gsize) j * in;
          double s = b[j];

          for (guint i = 0; i < in; i++)
            s += wj[i] * a[l][i];
          a[l + 1][j] = s;
        }
      if (last)
        break;
      if (net->norm == NN_NORM_BATCH)
        {
          /* outside training: each unit normalised by its running statistics, an affine map */
          const double *rm = net->running + 2 * WIDTH * l, *rv = rm + WIDTH;

          for (guint j = 0; j < out; j++)
            {
              double h = (a[l + 1][j] - rm[j]) / sqrt (rv[j] + NN_NORM_EPS);
              t->xh[l + 1][j] = h;
              a[l + 1][j] = theta[net->g_off[l] + j] * h + theta[net->beta_off[l] + j];
            }
        }
      else if (net->norm != NN_NORM_NONE)
        {
          /* the pre-activation normalised over the layer's units, per row */
          const double *gain = theta + net->g_off[l];
          double mean = 0, var = 0;

          if (net->norm == NN_NORM_LAYER)
            {
              for (guint j = 0; j < out; j++)
                mean += a[l + 1][j] / out;
            }
          for (guint j = 0; j < out; j++)
            var += (a[l + 1][j] - mean) * (a[l + 1][j] - mean) / out;
          t->inv[l + 1] = 1 / sqrt (var + NN_NORM_EPS);
          for (guint j = 0; j < out; j++)
            {
              double h = (a[l + 1][j] - mean) * t->inv[l + 1];
              t->xh[l + 1][j] = h;
              a[l + 1][j] = gain[j] * h + (net->norm == NN_NORM_LAYER ? theta[net->beta_off[l] + j] : 0);
            }
        }
      if (pre != NULL)   /* what enters f (after the norm), for the saturation view */
        memcpy (pre[l + 1], a[l + 1], out * sizeof (double));
      activate_layer (net->act, a[l + 1], keep ? t->fp[l + 1] : NULL, out);
      if (net->glu != NN_GLU_NONE)
        {
          /* the gate times the linear value path */
          const double *v = theta + net->v_off[l], *c = theta + net->c_off[l];

          for (guint j = 0; j < out; j++)
            {
              const double *vj = v + (gsize) j * in;
              double s = c[j];

              for (guint i = 0; i < in; i++)
                s += vj[i] * a[l][i];
              t->gate[l + 1][j] = a[l + 1][j];
              t->val[l + 1][j] = s;
              a[l + 1][j] *= s;
            }
        }
    }
  return a[net->n_layers][0];
}

static inline double
forward (const NnNet  *net,
         const double *theta,
         const double *x,
         Trace        *t,
         gboolean      keep)
{
  return forward_pre (net, theta, x, t, keep, NULL);
}

double
nn_net_output (const NnNet  *net,
               const double *theta,
               const double *x)
{
  Trace t;

  return forward (net, theta, x, &t, FALSE);
}

/* Binary cross-entropy on the logit z with label y, softplus(z) − y·z = log(1 + e^z) − y·z
 * without overflow, and (when @dz is not NULL) its derivative σ(z) − y: both of one exp(−|z|)
 * (sigmoid () and a softplus would take up to three) */
static inline double
bce (double z, double y, double *dz)
{
  double e = exp (-fabs (z));

  if (dz != NULL)
    *dz = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y;
  return (z > 0 ? z + log1p (e) : log1p (e)) - y * z;
}

/* net_pass one row at a time, for every kind of network */
static double
net_pass_rows (const NnNet      *net,
               const double     *theta,
               const double     *x,
               const double     *y,
               const guint      *rows,
               guint             n,
               NnRegularization  reg,
               double            reg_rate,
               double           *grad,
               guint            *right)
{
  Trace t;
  double (*a)[WIDTH] = t.a;
  double delta[WIDTH], prev[WIDTH], dval[WIDTH], pval[WIDTH];
  double loss = 0;
  guint d = net->sizes[0], L = net->n_layers;

  if (grad != NULL)
    memset (grad, 0, net->n_params * sizeof (double));
  for (guint k = 0; k < n; k++)
    {
      guint r = rows != NULL ? rows[k] : k;
      double out = forward (net, theta, x + (gsize) r * d, &t, grad != NULL);
      double g;   /* ∂ℓ/∂(output pre-activation), per row */

      if (right != NULL)
        *right += (out > 0) == (y[r] > 0.5);

      if (net->problem == NN_CLASSIFICATION)
        {
          /* binary cross-entropy on the logit: softplus(z) − y·z; ∂/∂z = σ(z) − y */
          loss += bce (out, y[r], grad != NULL ? &g : NULL);
          if (grad == NULL)
            g = 0;
        }
      else
        {
          loss += (out - y[r]) * (out - y[r]);
          g = 2 * (out - y[r]);
        }
      if (grad == NULL)
        continue;

      /* backward: δ at the output, then δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(z_l) */
      delta[0] = g / n;
      for (guint l = L; l-- > 0;)
        {
          guint in = net->sizes[l], out_n = net->sizes[l + 1];
          const double *w = theta + net->w_off[l];
          double *gw = grad + net->w_off[l], *gb = grad + net->b_off[l];

          gboolean gated = net->v_off[l] != G_MAXSIZE;

          for (guint j = 0; j < out_n; j++)
            {
              gb[j] += delta[j];
              for (guint i = 0; i < in; i++)
                gw[(gsize) j * in + i] += delta[j] * a[l][i];
            }
          if (gated)
            {
              /* the value path: ∂V += ∂v aᵀ, ∂c += ∂v */
              double *gv = grad + net->v_off[l], *gc = grad + net->c_off[l];

              for (guint j = 0; j < out_n; j++)
                {
                  gc[j] += dval[j];
                  for (guint i = 0; i < in; i++)
                    gv[(gsize) j * in + i] += dval[j] * a[l][i];
                }
            }
          if (l == 0)
            break;
          for (guint i = 0; i < in; i++)
            {
              /* ∂ℓ/∂a = Wᵀ∂z (+ Vᵀ∂v with a gate) */
              double s = 0;
              for (guint j = 0; j < out_n; j++)
                s += w[(gsize) j * in + i] * delta[j];
              if (gated)
                {
                  const double *v = theta + net->v_off[l];
                  for (guint j = 0; j < out_n; j++)
                    s += v[(gsize) j * in + i] * dval[j];
                }
              if (net->glu != NN_GLU_NONE)
                {
                  /* a = g ⊙ v: ∂v = ∂a ⊙ g, ∂u = ∂a ⊙ v ⊙ f′(u) */
                  pval[i] = s * t.gate[l][i];
                  prev[i] = s * t.val[l][i] * t.fp[l][i];
                }
              else
                prev[i] = s * t.fp[l][i];
            }
          if (net->norm == NN_NORM_BATCH)
            {
              /* fixed statistics: u = γ (z − m)/√(v + ε) + β, so ∂z = γ δ/√(v + ε) */
              const double *rv = net->running + 2 * WIDTH * (l - 1) + WIDTH;

              for (guint i = 0; i < in; i++)
                {
                  grad[net->g_off[l - 1] + i] += prev[i] * t.xh[l][i];
                  grad[net->beta_off[l - 1] + i] += prev[i];
                  prev[i] *= theta[net->g_off[l - 1] + i] / sqrt (rv[i] + NN_NORM_EPS);
                }
            }
          else if (net->norm != NN_NORM_NONE)
            {
              /* through u = γ x̂ + β: ∂γ += δ x̂, ∂β += δ; then with g = γ δ,
               * layer: ∂z = (g − mean g − x̂ mean(g x̂))/σ; rms: ∂z = (g − x̂ mean(g x̂))/rms */
              const double *gain = theta + net->g_off[l - 1];
              double *gg = grad + net->g_off[l - 1];
              double mg = 0, mgx = 0;

              for (guint i = 0; i < in; i++)
                {
                  gg[i] += prev[i] * t.xh[l][i];
                  if (net->norm == NN_NORM_LAYER)
                    grad[net->beta_off[l - 1] + i] += prev[i];
                  prev[i] *= gain[i];
                  mg += prev[i] / in;
                  mgx += prev[i] * t.xh[l][i] / in;
                }
              for (guint i = 0; i < in; i++)
                prev[i] = (prev[i] - (net->norm == NN_NORM_LAYER ? mg : 0) - t.xh[l][i] * mgx) * t.inv[l];
            }
          memcpy (delta, prev, in * sizeof (double));
          if (net->glu != NN_GLU_NONE)
            memcpy (dval, pval, in * sizeof (double));
        }
    }
  loss /= MAX (n, 1);
  return loss + penalty (net, theta, reg, reg_rate, grad);
}

/* Which width the lanes have: 4 where the processor has AVX2, else 2; tests may ask for 2. */
static gint nn_lanes_width = 0;   /* 0: the widest the processor has */

gboolean
nn_lanes_set_width (guint width)
{
  g_return_val_if_fail (width == 0 || width == 2 || width == 4, FALSE);
  if (width == 4)
    {
#ifdef NN_HAVE_AVX2
      if (!__builtin_cpu_supports ("avx2"))
        return FALSE;
#else
      return FALSE;
#endif
    }
  g_atomic_int_set (&nn_lanes_width, (gint) width);
  return TRUE;
}

/* nn_net_loss and the evaluation's pass (counting in *@right the rows on the right side of
 * 0.5): rows side by side where the network has no norms or gates, else one at a time */
static double
net_pass (const NnNet      *net,
          const double     *theta,
          const double     *x,
          const double     *y,
          const guint      *rows,
          guint             n,
          NnRegularization  reg,
          double            reg_rate,
          double           *grad,
          guint            *right)
{
  if (net->norm != NN_NORM_NONE || net->glu != NN_GLU_NONE)
    return net_pass_rows (net, theta, x, y, rows, n, reg, reg_rate, grad, right);
#ifdef NN_HAVE_AVX2
  if (g_atomic_int_get (&nn_lanes_width) != 2 && __builtin_cpu_supports ("avx2"))
    return net_pass_v4 (net, theta, x, y, rows, n, reg, reg_rate, grad, right);
#endif
  return net_pass_v2 (net, theta, x, y, rows, n, reg, reg_rate, grad, right);
}

/* The penalty on the weights W (and a gate's V; not the biases, gains or shifts) and its
 * gradient, shared by both passes. */
static double
penalty (const NnNet *net, const double *theta, NnRegularization reg, double reg_rate, double *grad)
{
  double loss = 0;

  if (reg == NN_REG_NONE || reg_rate <= 0)
    return 0;
  for (guint l = 0; l < net->n_layers; l++)
    for (guint part = 0; part < 2; part++)
      {
        gsize m = (gsize) net->sizes[l + 1] * net->sizes[l];
        gsize off = part == 0 ? net->w_off[l] : net->v_off[l];
        const double *w = theta + off;

        if (off == G_MAXSIZE)
          continue;
        for (gsize i = 0; i < m; i++)
          {
            if (reg == NN_REG_L1)
              {
                loss += reg_rate * fabs (w[i]);
                if (grad != NULL)
                  grad[off + i] += reg_rate * (w[i] > 0 ? 1 : w[i] < 0 ? -1 : 0);
              }
            else
              {
                loss += 0.5 * reg_rate * w[i] * w[i];
                if (grad != NULL)
                  grad[off + i] += reg_rate * w[i];
              }
          }
      }
  return loss;
}

/* Batch norm in training: the minibatch goes through layer by layer (the statistics couple its
 * rows), as matrices n × units. Backward through x̂ = (z − μ)/σ over the batch, per unit:
 * with g = γ ⊙ ∂ℓ/∂u, ∂z_r = (g_r − mean_r g − x̂_r mean_r(g x̂))/σ. */
double
nn_net_loss_batch (const NnNet      *net,
                   const double     *theta,
                   const double     *x,
                   const double     *y,
                   const guint      *rows,
                   guint             n,
                   NnRegularization  reg,
                   double            reg_rate,
                   double           *grad,
                   gboolean          update)
{
  guint L = net->n_layers, d = net->sizes[0];
  gsize stride = WIDTH;
  /* per layer: activations A, derivatives FP, normalised XH (n × WIDTH each), 1/σ per unit */
  g_autofree double *A = g_new0 (double, (gsize) (L + 1) * n * stride);
  g_autofree double *FP = g_new0 (double, (gsize) (L + 1) * n * stride);
  g_autofree double *XH = g_new0 (double, (gsize) (L + 1) * n * stride);
  g_autofree double *D = g_new0 (double, (gsize) n * stride), *P = g_new0 (double, (gsize) n * stride);
  /* glu: the gate f(u) and the value Va + c per layer, ∂ℓ/∂v */
  g_autofree double *GATE = NULL, *VAL = NULL, *DV = NULL, *PV = NULL;
  double inv[NN_MAX_HIDDEN + 2][WIDTH];
  double loss = 0;

#define AT(M, l, r) ((M) + ((gsize) (l) * n + (r)) * stride)
  if (net->glu != NN_GLU_NONE)
    {
      GATE = g_new0 (double, (gsize) (L + 1) * n * stride);
      VAL = g_new0 (double, (gsize) (L + 1) * n * stride);
      DV = g_new0 (double, (gsize) n * stride);
      PV = g_new0 (double, (gsize) n * stride);
    }
  for (guint r = 0; r < n; r++)
    memcpy (AT (A, 0, r), x + (gsize) (rows != NULL ? rows[r] : r) * d, d * sizeof (double));
  for (guint l = 0; l < L; l++)
    {
      const double *w = theta + net->w_off[l], *b = theta + net->b_off[l];
      guint in = net->sizes[l], out = net->sizes[l + 1];

      for (guint r = 0; r < n; r++)
        for (guint j = 0; j < out; j++)
          {
            double s = b[j];
            for (guint i = 0; i < in; i++)
              s += w[(gsize) j * in + i] * AT (A, l, r)[i];
            AT (A, l + 1, r)[j] = s;
          }
      if (l + 1 == L)
        break;
      for (guint j = 0; j < out; j++)
        {
          double mean = 0, var = 0;

          for (guint r = 0; r < n; r++)
            mean += AT (A, l + 1, r)[j] / n;
          for (guint r = 0; r < n; r++)
            var += (AT (A, l + 1, r)[j] - mean) * (AT (A, l + 1, r)[j] - mean) / n;
          inv[l + 1][j] = 1 / sqrt (var + NN_NORM_EPS);
          for (guint r = 0; r < n; r++)
            {
              double h = (AT (A, l + 1, r)[j] - mean) * inv[l + 1][j];
              AT (XH, l + 1, r)[j] = h;
              AT (A, l + 1, r)[j] = nn_activation (net->act, theta[net->g_off[l] + j] * h + theta[net->beta_off[l] + j],
                                                  &AT (FP, l + 1, r)[j]);
            }
          if (update && net->running != NULL)
            {
              double *rm = net->running + 2 * WIDTH * l, *rv = rm + WIDTH;

              rm[j] = (1 - NN_BN_MOMENTUM) * rm[j] + NN_BN_MOMENTUM * mean;
              if (n > 1)
                rv[j] = (1 - NN_BN_MOMENTUM) * rv[j] + NN_BN_MOMENTUM * var * n / (n - 1);
            }
        }
      if (net->glu != NN_GLU_NONE)
        {
          const double *v = theta + net->v_off[l], *c = theta + net->c_off[l];

          for (guint r = 0; r < n; r++)
            for (guint j = 0; j < out; j++)
              {
                double s = c[j];
                for (guint i = 0; i < in; i++)
                  s += v[(gsize) j * in + i] * AT (A, l, r)[i];
                AT (GATE, l + 1, r)[j] = AT (A, l + 1, r)[j];
                AT (VAL, l + 1, r)[j] = s;
                AT (A, l + 1, r)[j] *= s;
              }
        }
    }

  for (guint r = 0; r < n; r++)
    {
      guint row = rows != NULL ? rows[r] : r;
      double out = AT (A, L, r)[0];

      if (net->problem == NN_CLASSIFICATION)
        {
          double dz;

          loss += bce (out, y[row], &dz);
          D[r * stride] = dz / n;
        }
      else
        {
          loss += (out - y[row]) * (out - y[row]);
          D[r * stride] = 2 * (out - y[row]) / n;
        }
    }
  loss /= MAX (n, 1);

  if (grad != NULL)
    {
      memset (grad, 0, net->n_params * sizeof (double));
      for (guint l = L; l-- > 0;)
        {
          guint in = net->sizes[l], out = net->sizes[l + 1];
          const double *w = theta + net->w_off[l];

          for (guint r = 0; r < n; r++)
            for (guint j = 0; j < out; j++)
              {
                double dj = D[r * stride + j];
                grad[net->b_off[l] + j] += dj;
                for (guint i = 0; i < in; i++)
                  grad[net->w_off[l] + (gsize) j * in + i] += dj * AT (A, l, r)[i];
              }
          if (net->v_off[l] != G_MAXSIZE)
            for (guint r = 0; r < n; r++)
              for (guint j = 0; j < out; j++)
                {
                  double dj = DV[r * stride + j];
                  grad[net->c_off[l] + j] += dj;
                  for (guint i = 0; i < in; i++)
                    grad[net->v_off[l] + (gsize) j * in + i] += dj * AT (A, l, r)[i];
                }
          if (l == 0)
            break;
          for (guint r = 0; r < n; r++)
            for (guint i = 0; i < in; i++)
              {
                double s = 0;
                for (guint j = 0; j < out; j++)
                  s += w[(gsize) j * in + i] * D[r * stride + j];
                if (net->v_off[l] != G_MAXSIZE)
                  for (guint j = 0; j < out; j++)
                    s += theta[net->v_off[l] + (gsize) j * in + i] * DV[r * stride + j];
                if (net->glu != NN_GLU_NONE)
                  {
                    PV[r * stride + i] = s * AT (GATE, l, r)[i];                  /* ∂ℓ/∂v */
                    P[r * stride + i] = s * AT (VAL, l, r)[i] * AT (FP, l, r)[i];  /* ∂ℓ/∂u */
                  }
                else
                  P[r * stride + i] = s * AT (FP, l, r)[i];   /* ∂ℓ/∂u */
              }
          for (guint i = 0; i < in; i++)
            {
              double gamma = theta[net->g_off[l - 1] + i], mg = 0, mgx = 0;

              for (guint r = 0; r < n; r++)
                {
                  double pu = P[r * stride + i], h = AT (XH, l, r)[i];
                  grad[net->g_off[l - 1] + i] += pu * h;
                  grad[net->beta_off[l - 1] + i] += pu;
                  mg += gamma * pu / n;
                  mgx += gamma * pu * h / n;
                }
              for (guint r = 0; r < n; r++)
                D[r * stride + i] = (gamma * P[r * stride + i] - mg - AT (XH, l, r)[i] * mgx) * inv[l][i];
            }
          if (net->glu != NN_GLU_NONE)
            {
              double *tmp = DV;
              DV = PV;
              PV = tmp;
            }
        }
    }
#undef AT
  return loss + penalty (net, theta, reg, reg_rate, grad);
}

double
nn_net_loss (const NnNet      *net,
             const double     *theta,
             const double     *x,
             const double     *y,
             const guint      *rows,
             guint             n,
             NnRegularization  reg,
             double            reg_rate,
             double           *grad)
{
  return net_pass (net, theta, x, y, rows, n, reg, reg_rate, grad, NULL);
}

double
nn_net_loss_by_row (const NnNet      *net,
                    const double     *theta,
                    const double     *x,
                    const double     *y,
                    const guint      *rows,
                    guint             n,
                    NnRegularization  reg,
                    double            reg_rate,
                    double           *grad)
{
  return net_pass_rows (net, theta, x, y, rows, n, reg, reg_rate, grad, NULL);
}

/* ------------------------------------------------------------------ */
/* data */

void
nn_featurize (const NnFeature *features,
              guint            n_features,
              double           x1,
              double           x2,
              double          *out)
{
  for (guint f = 0; f < n_features; f++)
    switch (features[f])
      {
      case NN_F_X1: out[f] = x1; break;
      case NN_F_X2: out[f] = x2; break;
      case NN_F_X1_SQ: out[f] = x1 * x1; break;
      case NN_F_X2_SQ: out[f] = x2 * x2; break;
      case NN_F_X1X2: out[f] = x1 * x2; break;
      case NN_F_SIN_X1: out[f] = sin (x1); break;
      case NN_F_SIN_X2: out[f] = sin (x2); break;
      case NN_N_FEATURES:
      default: out[f] = 0; break;
      }
}

#define EXTENT 3.0   /* the points live in [−3, 3]² (TensorFlow Playground uses [−6, 6]) */

static void
generate (NnResult *self,
          double    noise,
          gsl_rng  *rng)
{
  guint n = self->n;

  for (guint i = 0; i < n; i++)
    {
      double *p = self->px + 2 * (gsize) i, *t = self->py + i;

      switch (self->dataset)
        {
        case NN_DATA_CIRCLE:
          {
            /* class 1 inside radius 1.2, class 0 on the ring 1.8 … 2.7 */
            gboolean inner = i % 2 == 0;
            double r = inner ? 1.2 * sqrt (gsl_rng_uniform (rng)) : 1.8 + 0.9 * gsl_rng_uniform (rng);
            double th = 2 * G_PI * gsl_rng_uniform (rng);
            p[0] = r * cos (th) + noise * lab_rng_gaussian (rng);
            p[1] = r * sin (th) + noise * lab_rng_gaussian (rng);
            *t = inner;
          }
          break;
        case NN_DATA_XOR:
          {
            double u = gsl_rng_uniform (rng) * 2 * EXTENT * 0.9 - EXTENT * 0.9;
            double v = gsl_rng_uniform (rng) * 2 * EXTENT * 0.9 - EXTENT * 0.9;
            u += u > 0 ? 0.2 : -0.2;   /* a margin off the axes */
            v += v > 0 ? 0.2 : -0.2;
            *t = u * v > 0;
            p[0] = u + noise * lab_rng_gaussian (rng);
            p[1] = v + noise * lab_rng_gaussian (rng);
          }
          break;
        case NN_DATA_GAUSS:
          {
            gboolean pos = i % 2 == 0;
            double c = pos ? 1.3 : -1.3, sd = 0.5 + noise;
            p[0] = c + sd * lab_rng_gaussian (rng);
            p[1] = c + sd * lab_rng_gaussian (rng);
            *t = pos;
          }
          break;
        case NN_DATA_SPIRAL:
          {
            /* two interleaved arms, 1.75 turns each */
            gboolean arm = i % 2 == 0;
            double s = gsl_rng_uniform (rng);
            double r = 0.15 + 2.6 * s, th = 1.75 * 2 * G_PI * s + (arm ? G_PI : 0);
            p[0] = r * cos (th) + noise * lab_rng_gaussian (rng);
            p[1] = r * sin (th) + noise * lab_rng_gaussian (rng);
            *t = arm;
          }
          break;
        case NN_DATA_PLANE:
          p[0] = (2 * gsl_rng_uniform (rng) - 1) * EXTENT;
          p[1] = (2 * gsl_rng_uniform (rng) - 1) * EXTENT;
          *t = (p[0] + p[1]) / (2 * EXTENT) + noise * lab_rng_gaussian (rng);
          break;
        case NN_DATA_GAUSS_BUMPS:
          p[0] = (2 * gsl_rng_uniform (rng) - 1) * EXTENT;
          p[1] = (2 * gsl_rng_uniform (rng) - 1) * EXTENT;
          *t = exp (-0.5 * ((p[0] - 1.2) * (p[0] - 1.2) + (p[1] - 1.2) * (p[1] - 1.2)))
               - exp (-0.5 * ((p[0] + 1.2) * (p[0] + 1.2) + (p[1] + 1.2) * (p[1] + 1.2)))
               + noise * lab_rng_gaussian (rng);
          break;
        case NN_DATA_SINE:
        default:
          p[0] = (2 * gsl_rng_uniform (rng) - 1) * EXTENT;
          p[1] = 0;
          *t = sin (1.5 * p[0]) + noise * lab_rng_gaussian (rng);
          break;
        }
    }
}

/* ------------------------------------------------------------------ */
/* compute */

/* source=data: two numeric feature columns, standardized (the plot box and the playground's
 * initialisations assume inputs of unit scale), and a 0/1 (two-valued) label or a numeric
 * target. Rows missing any of the three are left out and counted. Errors name the column. */
static gboolean
read_data (NnResult    *self,
           LabParams   *params,
           LabDataset  *data,
           GError     **error)
{
  g_auto(GStrv) names = NULL;
  const char *label = lab_params_get_string (params, "label-column");
  int cols[2], target;
  gsize n_rows;
  guint k = 0;
  double emax = 0;

  if (data == NULL)
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("source=data needs a dataset: open a CSV file (ml-lab export neural-network --data FILE …)"));
      return FALSE;
    }
  names = g_strsplit (lab_params_get_string (params, "feature-columns"), ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    g_strstrip (names[i]);
  if (g_strv_length (names) != 2 || *names[0] == '\0' || *names[1] == '\0')
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("feature-columns: name exactly two columns (the network's x1 and x2), found %u"),
                   g_strv_length (names));
      return FALSE;
    }

  if (self->problem == NN_CLASSIFICATION)
    {
      /* the class column as scikit-learn's LabelEncoder reads it: numbers or text */
      g_autoptr(LabPoints) pts = lab_points_from_dataset (data, (const char * const *) names, 2, label, error);

      if (pts == NULL)
        return FALSE;
      if (pts->n_classes != 2)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                       _("%s: label-column “%s” holds %u classes; the network classifies two (one sigmoid "
                         "output): choose a column with two values, or problem=regression"),
                       lab_dataset_get_name (data), label, pts->n_classes);
          return FALSE;
        }
      self->n = pts->n;
      self->rows_dropped = pts->n_dropped;
      self->px = g_new (double, 2 * (gsize) self->n);
      self->py = g_new (double, self->n);
      for (guint i = 0; i < self->n; i++)
        {
          self->px[2 * (gsize) i] = pts->x[2 * (gsize) i];
          self->px[2 * (gsize) i + 1] = pts->x[2 * (gsize) i + 1];
          self->py[i] = pts->y[i];
        }
    }
  else
    {
      const double *x[2], *y;

      for (guint j = 0; j < 2; j++)
        if ((cols[j] = lab_topic_find_column (data, "feature-columns", names[j], error)) < 0)
          return FALSE;
      if ((target = lab_topic_find_column (data, "label-column", label, error)) < 0)
        return FALSE;
      for (guint j = 0; j < 3; j++)
        {
          int c = j < 2 ? cols[j] : target;

          if (lab_dataset_get_numbers (data, (guint) c) == NULL)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                           j < 2 ? _("%s: column “%s” holds text; feature-columns must be numbers")
                                 : _("%s: column “%s” holds text; label-column, the regression target, must be numbers"),
                           lab_dataset_get_name (data), j < 2 ? names[j] : label);
              return FALSE;
            }
        }
      x[0] = lab_dataset_get_numbers (data, (guint) cols[0]);
      x[1] = lab_dataset_get_numbers (data, (guint) cols[1]);
      y = lab_dataset_get_numbers (data, (guint) target);
      n_rows = lab_dataset_get_n_rows (data);
      self->px = g_new (double, 2 * MAX (n_rows, 1));
      self->py = g_new (double, MAX (n_rows, 1));
      for (gsize r = 0; r < n_rows; r++)
        if (isfinite (x[0][r]) && isfinite (x[1][r]) && isfinite (y[r]))
          {
            self->px[2 * (gsize) k] = x[0][r];
            self->px[2 * (gsize) k + 1] = x[1][r];
            self->py[k++] = y[r];
          }
      self->n = k;
      self->rows_dropped = n_rows - k;
    }

  if (self->n < 4)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: %u complete rows in %s, %s and %s; the network needs at least 4"),
                   lab_dataset_get_name (data), self->n, names[0], names[1], label);
      return FALSE;
    }
  for (guint j = 0; j < 2; j++)
    {
      double mean = 0, ss = 0;

      for (guint i = 0; i < self->n; i++)
        mean += self->px[2 * (gsize) i + j];
      mean /= self->n;
      for (guint i = 0; i < self->n; i++)
        ss += (self->px[2 * (gsize) i + j] - mean) * (self->px[2 * (gsize) i + j] - mean);
      if (!(ss > 0))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                       _("%s: feature column “%s” is constant: it cannot be standardized"),
                       lab_dataset_get_name (data), names[j]);
          return FALSE;
        }
      self->feature_mean[j] = mean;
      self->feature_sd[j] = sqrt (ss / self->n);
      self->feature_names[j] = g_strdup (names[j]);
      for (guint i = 0; i < self->n; i++)
        {
          double *v = &self->px[2 * (gsize) i + j];

          *v = (*v - mean) / self->feature_sd[j];
          emax = MAX (emax, fabs (*v));
        }
    }
  self->extent = MAX (1.0, 1.05 * emax);
  return TRUE;
}

static void
nn_result_finalize (LabResult *result)
{
  NnResult *self = (NnResult *) result;

  g_free (self->px);
  g_free (self->py);
  g_free (self->feature_names[0]);
  g_free (self->feature_names[1]);
  g_free (self->train);
  g_free (self->test);
  g_free (self->theta);
  g_free (self->theta0);
  g_free (self->x);
  g_free (self->running);
  g_free (self->train_loss);
  g_free (self->test_loss);
  g_free (self->train_acc);
  g_free (self->test_acc);
  g_free (self->grad_norms);
  g_free (self->grid);
  g_free (self->thumbs);
  g_free (self->ua_px);
  g_free (self->ua_py);
  g_free (self->ua_train_rows);
  g_free (self->ua_test_rows);
  g_clear_pointer (&self->rng, gsl_rng_free);
  g_clear_pointer (&self->optim, lab_optim_free);
}

void
nn_optim_hyper (NnOptimizer    opt,
                double         lr,
                LabOptimHyper *hyper)
{
  memset (hyper, 0, sizeof *hyper);
  hyper->kind = opt == NN_OPT_SGD ? LAB_OPTIM_SGD : opt == NN_OPT_MOMENTUM ? LAB_OPTIM_MOMENTUM : LAB_OPTIM_ADAM;
  hyper->lr = lr;
  hyper->momentum = 0.9;
  hyper->beta1 = 0.9;
  hyper->beta2 = 0.999;
  hyper->eps = 1e-8;
}

static double
finite_or_nan (double v)
{
  return isfinite (v) ? v : NAN;
}

/* The trained output on the grid (the probability of class 1, or the prediction). */
static void
output_grid (NnResult *self)
{
  guint gx = NN_GRID, gy = self->one_d ? 1 : NN_GRID;
  double feat[NN_N_FEATURES];

  self->grid = g_new (double, (gsize) gx * gy);
  for (guint j = 0; j < gy; j++)
    for (guint i = 0; i < gx; i++)
      {
        double x1 = -EXTENT + 2 * EXTENT * (i + 0.5) / gx;
        double x2 = self->one_d ? 0 : -EXTENT + 2 * EXTENT * (j + 0.5) / gy;
        double out;

        nn_featurize (self->features, self->n_features, x1, x2, feat);
        out = nn_net_output (&self->net, self->theta, feat);
        if (self->problem == NN_CLASSIFICATION)
          out = sigmoid (out);
        self->grid[(gsize) j * gx + i] = finite_or_nan (out);
      }
}

/* The trained network seen unit by unit: each unit's output over the plot box (the thumbnails
 * of the network view), and each hidden layer's pre-activations on the training points. */
static void
unit_views (NnResult *self)
{
  const NnNet *net = &self->net;
  guint L = net->n_layers, gy = self->one_d ? 1 : NN_THUMB;
  gsize units = 0;
  double feat[NN_N_FEATURES], max_fp = 0;
  double (*pre)[WIDTH] = g_malloc (sizeof (double) * (NN_MAX_HIDDEN + 2) * WIDTH);
  Trace *t = g_new (Trace, 1);

  for (guint l = 0; l < L; l++)
    {
      self->thumb_off[l] = units;
      units += net->sizes[l + 1];
    }
  self->thumbs = g_new (double, units * NN_THUMB * gy);
  for (guint j = 0; j < gy; j++)
    for (guint i = 0; i < NN_THUMB; i++)
      {
        double x1 = -self->extent + 2 * self->extent * (i + 0.5) / NN_THUMB;
        double x2 = self->one_d ? 0 : -self->extent + 2 * self->extent * (j + 0.5) / gy;
        gsize cell = (gsize) j * NN_THUMB + i;

        nn_featurize (self->features, self->n_features, x1, x2, feat);
        forward (net, self->theta, feat, t, FALSE);
        for (guint l = 0; l < L; l++)
          for (guint u = 0; u < net->sizes[l + 1]; u++)
            {
              double v = t->a[l + 1][u];

              if (l + 1 == L && self->problem == NN_CLASSIFICATION)
                v = sigmoid (v);
              self->thumbs[(self->thumb_off[l] + u) * NN_THUMB * gy + cell] = finite_or_nan (v);
            }
      }

  /* saturated: f′(u) below a tenth of f′'s largest value */
  for (int k = -2000; k <= 2000; k++)
    {
      double d;
      nn_activation (net->act, k * 0.005, &d);
      max_fp = MAX (max_fp, d);
    }
  memset (self->pre_hist, 0, sizeof self->pre_hist);
  memset (self->pre_saturated, 0, sizeof self->pre_saturated);
  for (guint k = 0; k < self->n_train; k++)
    {
      guint r = self->train[k];

      forward_pre (net, self->theta, self->x + (gsize) r * self->n_features, t, FALSE, pre);
      for (guint l = 0; l + 1 < L; l++)
        for (guint u = 0; u < net->sizes[l + 1]; u++)
          {
            double z = pre[l + 1][u], d;
            int bin;

            if (isnan (z))
              continue;
            bin = (int) floor ((z + NN_HIST_Z) / (2 * NN_HIST_Z) * NN_HIST_BINS);
            bin = CLAMP (bin, 0, NN_HIST_BINS - 1);
            self->pre_hist[l][bin] += 1.0 / ((double) self->n_train * net->sizes[l + 1]);
            nn_activation (net->act, z, &d);
            if (d < 0.1 * max_fp)
              self->pre_saturated[l] += 1.0 / ((double) self->n_train * net->sizes[l + 1]);
          }
    }
  g_free (pre);
  g_free (t);
}

/* Minibatch training without the per-epoch record (the approximation view's many networks):
 * weights drawn as the main run's, biases 0; stops early if the loss overflows. */
static void
train_plain (const NnNet         *net,
             double              *theta,
             const double        *x,
             const double        *y,
             const guint         *rows,
             guint                n_rows,
             NnInit               init,
             double               init_scale,
             const LabOptimHyper *hyper,
             guint                batch,
             guint                epochs,
             gsl_rng             *rng)
{
  g_autoptr(LabOptim) optim = lab_optim_new (hyper, (guint) net->n_params);
  g_autofree guint *perm = g_memdup2 (rows, n_rows * sizeof (guint));
  g_autofree double *grad = g_new (double, net->n_params);

  memset (theta, 0, net->n_params * sizeof (double));
  for (guint l = 0; l < net->n_layers; l++)
    {
      guint in = net->sizes[l], out = net->sizes[l + 1];
      double sd = init == NN_INIT_XAVIER ? sqrt (2.0 / (in + out))
                  : init == NN_INIT_HE ? sqrt (2.0 / in)
                  : init == NN_INIT_NORMAL ? 1.0 : 0.0;

      for (gsize i = 0; i < (gsize) in * out; i++)
        theta[net->w_off[l] + i] = init_scale * sd * lab_rng_gaussian (rng);
    }
  for (guint e = 0; e < epochs; e++)
    {
      gsl_ran_shuffle (rng, perm, n_rows, sizeof (guint));
      for (guint s = 0; s < n_rows; s += batch)
        {
          double l = nn_net_loss (net, theta, x, y, perm + s, MIN (batch, n_rows - s), NN_REG_NONE, 0, grad);

          if (!isfinite (l))
            return;
          lab_optim_step (optim, theta, grad);
        }
    }
}

/* §2.14: on the sine (the topic's generator with the same n, noise, seed and split), one hidden
 * layer of each width, and at equal parameter counts k layers of 3 units against one layer of
 * 4k − 1; the activation, initialisation, optimizer, batch size and epochs as set. */
static gboolean
approximation (NnResult      *self,
               LabParams     *params,
               LabProgress   *progress,
               GCancellable  *cancellable,
               GError       **error)
{
  static const guint widths[NN_UA_N_WIDTHS] = { 1, 2, 3, 4, 7, 11, 15, 19, 23, 27, 31 };
  g_autoptr(gsl_rng) rng = lab_rng_new ((guint64) lab_params_get_int (params, "seed") + 1);
  NnResult sine = { 0 };
  NnActivation act = lab_params_get_enum (params, "activation");
  NnInit init = lab_params_get_enum (params, "init");
  double init_scale = lab_params_get_double (params, "init-scale");
  guint batch = (guint) lab_params_get_int (params, "batch-size");
  LabOptimHyper hyper;
  g_autofree guint *order = NULL;
  g_autofree double *theta = g_new (double, 4096);
  guint n = self->n, done = 0, total = NN_UA_N_WIDTHS + 2 * NN_UA_DEPTHS;

  nn_optim_hyper (lab_params_get_enum (params, "optimizer"), lab_params_get_double (params, "learning-rate"), &hyper);
  sine.dataset = NN_DATA_SINE;
  sine.n = n;
  sine.px = self->ua_px = g_new (double, 2 * (gsize) n);
  sine.py = self->ua_py = g_new (double, n);
  generate (&sine, self->noise, rng);
  order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  gsl_ran_shuffle (rng, order, n, sizeof (guint));
  self->ua_n_test = self->n_test;
  self->ua_n_train = n - self->n_test;
  self->ua_test_rows = g_memdup2 (order, MAX (self->ua_n_test, 1) * sizeof (guint));
  self->ua_train_rows = g_memdup2 (order + self->ua_n_test, self->ua_n_train * sizeof (guint));
  {
    /* the design matrix is x1 itself: px's even entries */
    g_autofree double *x = g_new (double, n);

    for (guint i = 0; i < n; i++)
      x[i] = sine.px[2 * i];

    for (guint k = 0; k < NN_UA_N_WIDTHS + 2 * NN_UA_DEPTHS; k++)
      {
        guint hidden[NN_MAX_HIDDEN], n_hidden;
        double *fit = NULL, tr, te;
        NnNet net;

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return FALSE;
        if (k < NN_UA_N_WIDTHS)
          {
            hidden[0] = self->ua_widths[k] = widths[k];
            n_hidden = 1;
            if (widths[k] == NN_UA_NARROW)
              fit = self->ua_fit_narrow;
          }
        else if (k < NN_UA_N_WIDTHS + NN_UA_DEPTHS)
          {
            guint depth = k - NN_UA_N_WIDTHS + 1;   /* deep-narrow: depth layers of 3 */
            n_hidden = depth;
            for (guint l = 0; l < depth; l++)
              hidden[l] = NN_UA_NARROW;
            if (depth == NN_UA_DEPTHS)
              fit = self->ua_fit_deep;
          }
        else
          {
            guint depth = k - NN_UA_N_WIDTHS - NN_UA_DEPTHS + 1;   /* wide-shallow at the same count */
            hidden[0] = (NN_UA_NARROW + 1) * depth - 1;
            n_hidden = 1;
            if (depth == NN_UA_DEPTHS)
              fit = self->ua_fit_wide;
          }
        nn_net_init (&net, 1, hidden, n_hidden, act, NN_GLU_NONE, NN_NORM_NONE, NN_REGRESSION);
        g_assert (net.n_params <= 4096);
        train_plain (&net, theta, x, sine.py, self->ua_train_rows, self->ua_n_train, init, init_scale, &hyper,
                     batch, self->epochs, rng);
        tr = finite_or_nan (nn_net_loss (&net, theta, x, sine.py, self->ua_train_rows, self->ua_n_train, NN_REG_NONE, 0, NULL));
        te = self->ua_n_test > 0
             ? finite_or_nan (nn_net_loss (&net, theta, x, sine.py, self->ua_test_rows, self->ua_n_test, NN_REG_NONE, 0, NULL))
             : NAN;
        if (k < NN_UA_N_WIDTHS)
          self->ua_train[k] = tr, self->ua_test[k] = te;
        else if (k < NN_UA_N_WIDTHS + NN_UA_DEPTHS)
          {
            guint d = k - NN_UA_N_WIDTHS;
            self->ua_params[d] = (guint) net.n_params;
            self->ua_deep_train[d] = tr, self->ua_deep_test[d] = te;
          }
        else
          {
            guint d = k - NN_UA_N_WIDTHS - NN_UA_DEPTHS;
            g_assert (net.n_params == self->ua_params[d]);   /* equal parameter counts, by construction */
            self->ua_wide_train[d] = tr, self->ua_wide_test[d] = te;
          }
        if (fit != NULL)
          for (guint i = 0; i < NN_GRID; i++)
            {
              double z = -self->extent + 2 * self->extent * (i + 0.5) / NN_GRID;
              fit[i] = finite_or_nan (nn_net_output (&net, theta, &z));
            }
        lab_progress_set (progress, 0.2 + 0.8 * ++done / total);
      }
  }
  return TRUE;
}

/* After each epoch: the data loss on the whole training set, its per-layer gradient norm, the
 * test loss and the accuracies (the share of rows on the right side of p = 0.5), from @theta
 * (and the batch norm statistics @running) — written at index @e of the result's arrays. */
static void
evaluate_epoch (NnResult     *self,
                const double *x,
                const double *theta,
                double       *running,
                double       *grad,
                guint         e)
{
  NnNet net = self->net;
  guint right_train = 0, right_test = 0, L = net.n_layers;
  gboolean cls = self->problem == NN_CLASSIFICATION;

  net.running = running;
  self->train_loss[e] = finite_or_nan (net_pass (&net, theta, x, self->py, self->train, self->n_train,
                                                 NN_REG_NONE, 0, grad, &right_train));
  for (guint l = 0; l < L; l++)
    {
      gsize m = (gsize) net.sizes[l + 1] * net.sizes[l];
      double s2 = 0;
      for (gsize i = 0; i < m; i++)
        s2 += grad[net.w_off[l] + i] * grad[net.w_off[l] + i];
      self->grad_norms[(gsize) l * self->epochs + e] = finite_or_nan (sqrt (s2));
    }
  self->test_loss[e] = self->n_test > 0
                       ? finite_or_nan (net_pass (&net, theta, x, self->py, self->test, self->n_test,
                                                  NN_REG_NONE, 0, NULL, &right_test))
                       : NAN;
  self->train_acc[e] = cls ? (double) right_train / self->n_train : NAN;
  self->test_acc[e] = cls && self->n_test > 0 ? (double) right_test / self->n_test : NAN;
}

/* The evaluation thread, a few epochs behind the training: epoch e's weights are copied into
 * snapshot e mod NN_EVAL_SLOTS and evaluated in order. A snapshot is kept until its epoch's
 * evaluation has been looked at, so the run can return to the first epoch that overflowed.
 * Several snapshots, not one: with one, each epoch waited for the other thread twice (a wake-up
 * on each side, 30–40 µs on this machine), a third of the run; now the evaluation, the longer
 * of the two, never waits for the training. */
#define NN_EVAL_SLOTS 4

typedef struct
{
  GMutex        lock;
  GCond         cond;
  GThread      *thread;
  NnResult     *self;
  const double *x;
  double       *theta[NN_EVAL_SLOTS], *running[NN_EVAL_SLOTS], *grad;
  guint         posted;    /* epochs handed over: first … posted − 1 */
  guint         done;      /* evaluated: first … done − 1 */
  guint         checked;   /* evaluated and looked at by the training thread */
  gboolean      quit;
  gboolean      in_line;   /* one processor: evaluate in turn, no thread */
} Evaluator;

/* The evaluator's lock, told to ThreadSanitizer (lab-tsan.h): GMutex and GCond are futexes in
 * Debian's uninstrumented GLib, so without the marks every hand-over below reads as a race. */
static inline void
ev_lock (Evaluator *ev)
{
  g_mutex_lock (&ev->lock);
  LAB_TSAN_ACQUIRE (ev);
}

static inline void
ev_unlock (Evaluator *ev)
{
  LAB_TSAN_RELEASE (ev);
  g_mutex_unlock (&ev->lock);
}

static inline void
ev_wait (Evaluator *ev)
{
  LAB_TSAN_RELEASE (ev);
  g_cond_wait (&ev->cond, &ev->lock);
  LAB_TSAN_ACQUIRE (ev);
}

static gpointer
evaluator_main (gpointer data)
{
  Evaluator *ev = data;

  ev_lock (ev);
  for (;;)
    {
      guint e;

      while (ev->done == ev->posted && !ev->quit)
        ev_wait (ev);
      if (ev->done == ev->posted)
        break;
      e = ev->done;
      ev_unlock (ev);
      evaluate_epoch (ev->self, ev->x, ev->theta[e % NN_EVAL_SLOTS], ev->running[e % NN_EVAL_SLOTS], ev->grad, e);
      ev_lock (ev);
      ev->done = e + 1;
      g_cond_broadcast (&ev->cond);
    }
  ev_unlock (ev);
  return NULL;
}

static void
evaluator_start (Evaluator *ev, NnResult *self, const double *x, guint first)
{
  memset (ev, 0, sizeof *ev);
  g_mutex_init (&ev->lock);
  g_cond_init (&ev->cond);
  ev->self = self;
  ev->x = x;
  ev->posted = ev->done = ev->checked = first;
  ev->grad = g_new (double, self->n_params);
  for (guint k = 0; k < NN_EVAL_SLOTS; k++)
    {
      ev->theta[k] = g_new (double, self->n_params);
      ev->running[k] = self->running != NULL ? g_new (double, nn_net_running_size ()) : NULL;
    }
  ev->in_line = g_get_num_processors () < 2;
  if (!ev->in_line)
    ev->thread = g_thread_new ("nn-evaluate", evaluator_main, ev);
}

/* Waits until at most @behind epochs handed over are still to evaluate, then looks at those
 * evaluated since the last look: returns the first whose training loss overflowed (its snapshot
 * is still held), or G_MAXUINT. */
static guint
evaluator_wait (Evaluator *ev, guint behind)
{
  guint done;

  ev_lock (ev);
  while (ev->posted - ev->done > behind)
    ev_wait (ev);
  done = ev->done;
  ev_unlock (ev);
  for (; ev->checked < done; ev->checked++)
    if (isnan (ev->self->train_loss[ev->checked]))
      return ev->checked;
  return G_MAXUINT;
}

/* Hands over epoch @e's weights, the next epoch (its slot must be free: evaluator_wait with
 * NN_EVAL_SLOTS − 1 first). */
static void
evaluator_post (Evaluator *ev, guint e, const double *theta, const double *running)
{
  g_assert (e == ev->posted && e - ev->checked < NN_EVAL_SLOTS);
  memcpy (ev->theta[e % NN_EVAL_SLOTS], theta, ev->self->n_params * sizeof (double));
  if (running != NULL)
    memcpy (ev->running[e % NN_EVAL_SLOTS], running, nn_net_running_size () * sizeof (double));
  if (ev->in_line)
    {
      evaluate_epoch (ev->self, ev->x, ev->theta[e % NN_EVAL_SLOTS], ev->running[e % NN_EVAL_SLOTS], ev->grad, e);
      ev->posted = ev->done = e + 1;
      return;
    }
  ev_lock (ev);
  ev->posted = e + 1;
  g_cond_broadcast (&ev->cond);
  ev_unlock (ev);
}

/* Back to epoch @e's weights (its snapshot, still held). */
static void
evaluator_restore (Evaluator *ev, guint e, double *theta, double *running)
{
  memcpy (theta, ev->theta[e % NN_EVAL_SLOTS], ev->self->n_params * sizeof (double));
  if (running != NULL)
    memcpy (running, ev->running[e % NN_EVAL_SLOTS], nn_net_running_size () * sizeof (double));
}

static void
evaluator_finish (Evaluator *ev)
{
  ev_lock (ev);
  ev->quit = TRUE;
  g_cond_broadcast (&ev->cond);
  ev_unlock (ev);
  if (ev->thread != NULL)
    g_thread_join (ev->thread);   /* the epochs handed over are evaluated first */
  for (guint k = 0; k < NN_EVAL_SLOTS; k++)
    {
      g_free (ev->theta[k]);
      g_free (ev->running[k]);
    }
  g_free (ev->grad);
  g_mutex_clear (&ev->lock);
  g_cond_clear (&ev->cond);
}

#define NN_PUBLISH_US 16000   /* a partial result at most every 16 ms (a 60 Hz frame) */

/* A copy of @from with its own arrays, the per-epoch ones sized for @E epochs: what @from ran
 * kept, the rest NaN; no surface, unit views or approximation sweep yet. A checkpoint (the
 * generator and the optimizer's state come along): a partial result for the window, or the start
 * of a run that goes on from @from. */
static NnResult *
nn_copy (const NnResult *from,
         guint           E)
{
  NnResult *self = lab_result_alloc (sizeof (NnResult), nn_result_finalize);
  LabResult head = self->parent;
  guint L = from->net.n_layers;

  *self = *from;
  self->parent = head;
  self->feature_names[0] = g_strdup (from->feature_names[0]);
  self->feature_names[1] = g_strdup (from->feature_names[1]);
  self->px = g_memdup2 (from->px, 2 * (gsize) from->n * sizeof (double));
  self->py = g_memdup2 (from->py, from->n * sizeof (double));
  self->x = g_memdup2 (from->x, (gsize) from->n * from->n_features * sizeof (double));
  self->train = g_memdup2 (from->train, MAX (from->n_train, 1) * sizeof (guint));
  self->test = g_memdup2 (from->test, MAX (from->n_test, 1) * sizeof (guint));
  self->theta = g_memdup2 (from->theta, from->n_params * sizeof (double));
  self->theta0 = g_memdup2 (from->theta0, from->n_params * sizeof (double));
  self->running = from->running != NULL ? g_memdup2 (from->running, nn_net_running_size () * sizeof (double)) : NULL;
  self->net.running = self->running;
  self->rng = gsl_rng_clone (from->rng);
  self->optim = lab_optim_copy (from->optim);
  self->epochs = E;
  self->train_loss = g_new (double, E);
  self->test_loss = g_new (double, E);
  self->train_acc = g_new (double, E);
  self->test_acc = g_new (double, E);
  self->grad_norms = g_new (double, (gsize) L * E);
  for (guint e = 0; e < E; e++)
    {
      gboolean run = e < from->epochs_run;

      self->train_loss[e] = run ? from->train_loss[e] : NAN;
      self->test_loss[e] = run ? from->test_loss[e] : NAN;
      self->train_acc[e] = run ? from->train_acc[e] : NAN;
      self->test_acc[e] = run ? from->test_acc[e] : NAN;
      for (guint l = 0; l < L; l++)
        self->grad_norms[(gsize) l * E + e] = run ? from->grad_norms[(gsize) l * from->epochs + e] : NAN;
    }
  self->grid = NULL;
  self->thumbs = NULL;
  self->ua_px = self->ua_py = NULL;
  self->ua_train_rows = self->ua_test_rows = NULL;
  return self;
}

/* A partial result: the run so far with its surface and unit views, published for the window. */
static void
publish_partial (const NnResult *self,
                 LabProgress    *progress)
{
  g_autoptr(LabResult) result = (LabResult *) nn_copy (self, self->epochs);

  output_grid ((NnResult *) result);
  unit_views ((NnResult *) result);
  lab_progress_publish (progress, result);
}

/* The run before its first step: the points, the split, the design matrix, the network with its
 * initial weights, the optimizer, and the generator where the epochs' shuffles continue it. Every
 * per-epoch entry NaN, no epoch run. */
static LabResult *
nn_setup (LabParams   *params,
          LabDataset  *data,
          GError     **error)
{
  g_autoptr(LabResult) result = lab_result_alloc (sizeof (NnResult), nn_result_finalize);
  NnResult *self = (NnResult *) result;
  guint hidden[NN_MAX_HIDDEN], n_hidden;
  NnActivation act = lab_params_get_enum (params, "activation");
  NnInit init = lab_params_get_enum (params, "init");
  double init_scale = lab_params_get_double (params, "init-scale");
  guint64 seed = (guint64) lab_params_get_int (params, "seed");
  gsl_rng *rng;
  LabOptimHyper hyper;
  double *x;
  g_autofree guint *order = NULL;
  guint d, L;
  double test_fraction = lab_params_get_double (params, "test-fraction");

  self->problem = lab_params_get_enum (params, "problem");
  self->dataset = lab_params_get_enum (params, "dataset");
  self->from_data = lab_params_get_enum (params, "source") == NN_SOURCE_DATA;
  if (!self->from_data && (self->problem == NN_CLASSIFICATION) != (self->dataset <= NN_DATA_SPIRAL))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   self->problem == NN_CLASSIFICATION
                   ? _("dataset: a regression data set; with problem=classification use circle, xor, gauss or spiral")
                   : _("dataset: a classification data set; with problem=regression use plane, gauss-bumps or sine"));
      return NULL;
    }
  if (!nn_parse_features (lab_params_get_string (params, "features"), self->features, &self->n_features, error))
    return NULL;
  if (!nn_parse_layers (lab_params_get_string (params, "layers"), hidden, &n_hidden, error))
    return NULL;
  rng = self->rng = lab_rng_new (seed);
  self->one_d = !self->from_data && self->dataset == NN_DATA_SINE;
  self->extent = EXTENT;
  self->epochs = (guint) lab_params_get_int (params, "epochs");
  self->approx = lab_params_get_enum (params, "view") == NN_VIEW_APPROXIMATION;
  self->noise = lab_params_get_double (params, "noise");

  /* the points and the split: a seeded shuffle, the first test-fraction of it held out */
  if (self->from_data)
    {
      if (!read_data (self, params, data, error))
        return NULL;
    }
  else
    {
      self->n = (guint) lab_params_get_int (params, "n");
      self->px = g_new (double, 2 * (gsize) self->n);
      self->py = g_new (double, self->n);
      generate (self, lab_params_get_double (params, "noise"), rng);
    }
  order = g_new (guint, self->n);
  for (guint i = 0; i < self->n; i++)
    order[i] = i;
  gsl_ran_shuffle (rng, order, self->n, sizeof (guint));
  self->n_test = (guint) floor (test_fraction * self->n);
  self->n_train = self->n - self->n_test;
  self->test = g_memdup2 (order, MAX (self->n_test, 1) * sizeof (guint));
  self->train = g_memdup2 (order + self->n_test, self->n_train * sizeof (guint));

  /* the design matrix */
  d = self->n_features;
  x = self->x = g_new (double, (gsize) self->n * d);
  for (guint i = 0; i < self->n; i++)
    nn_featurize (self->features, d, self->px[2 * i], self->px[2 * i + 1], x + (gsize) i * d);

  /* the network and its initial weights (biases 0) */
  nn_net_init (&self->net, d, hidden, n_hidden, act, lab_params_get_enum (params, "glu"),
               lab_params_get_enum (params, "norm"), self->problem);
  L = self->net.n_layers;
  self->n_params = self->net.n_params;
  self->theta = g_new0 (double, self->n_params);
  for (guint l = 0; l < L; l++)
    {
      guint in = self->net.sizes[l], out = self->net.sizes[l + 1];
      double sd = init == NN_INIT_XAVIER ? sqrt (2.0 / (in + out))
                  : init == NN_INIT_HE ? sqrt (2.0 / in)
                  : init == NN_INIT_NORMAL ? 1.0 : 0.0;

      for (gsize i = 0; i < (gsize) in * out; i++)
        self->theta[self->net.w_off[l] + i] = init_scale * sd * lab_rng_gaussian (rng);
      if (self->net.v_off[l] != G_MAXSIZE)   /* the value path as the gate's weights, c = 0 */
        for (gsize i = 0; i < (gsize) in * out; i++)
          self->theta[self->net.v_off[l] + i] = init_scale * sd * lab_rng_gaussian (rng);
    }
  nn_net_init_norm (&self->net, self->theta);
  {
    /* --initial-weights: the file's weights in place of the draws (drawn all the same, so the
     * minibatches are those of the run that wrote the file) */
    gsize n_given = 0;
    const double *given = nn_initial_weights (params, &n_given);

    if (given != NULL)
      {
        if (n_given != self->n_params)
          {
            g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                         _("--initial-weights: the file holds %lu parameters, the network has %lu"),
                         (unsigned long) n_given, (unsigned long) self->n_params);
            return NULL;
          }
        memcpy (self->theta, given, self->n_params * sizeof (double));
      }
  }
  self->theta0 = g_memdup2 (self->theta, self->n_params * sizeof (double));
  if (self->net.norm == NN_NORM_BATCH)
    {
      self->running = g_new (double, nn_net_running_size ());
      nn_net_init_running (self->running);
      self->net.running = self->running;
    }

  /* the optimizer over the flat parameter vector */
  nn_optim_hyper (lab_params_get_enum (params, "optimizer"), lab_params_get_double (params, "learning-rate"), &hyper);
  self->optim = lab_optim_new (&hyper, (guint) self->n_params);

  self->train_loss = g_new (double, self->epochs);
  self->test_loss = g_new (double, self->epochs);
  self->train_acc = g_new (double, self->epochs);
  self->test_acc = g_new (double, self->epochs);
  self->grad_norms = g_new (double, (gsize) L * self->epochs);
  for (guint e = 0; e < self->epochs; e++)
    {
      self->train_loss[e] = self->test_loss[e] = self->train_acc[e] = self->test_acc[e] = NAN;
      for (guint l = 0; l < L; l++)
        self->grad_norms[(gsize) l * self->epochs + e] = NAN;
    }
  return g_steal_pointer (&result);
}

/* A run to go on from @from (a result or a published partial of the same settings but perhaps
 * a different number of epochs): its own copy of everything, the per-epoch arrays sized for
 * the epochs asked for now, what @from ran kept. */
static LabResult *
nn_resume (const NnResult  *from,
           LabParams       *params,
           GError         **error)
{
  guint E = (guint) lab_params_get_int (params, "epochs");
  NnResult *self;

  if (from->rng == NULL || from->optim == NULL || from->diverged || from->epochs_run > E)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("epochs: the run to go on from holds %u epochs, cannot go on to %u"), from->epochs_run, E);
      return NULL;
    }
  self = nn_copy (from, E);
  /* the view may differ (LAB_PARAM_RESUMES): the approximation view's sweep runs after the steps */
  self->approx = lab_params_get_enum (params, "view") == NN_VIEW_APPROXIMATION;
  return (LabResult *) self;
}

/* Epochs self->epochs_run … @until − 1 by minibatches: each epoch a shuffle of the training rows
 * from the run's generator, a step of the optimizer a batch, then the epoch's record. */
static gboolean
nn_train (NnResult      *self,
          guint          until,
          LabParams     *params,
          LabProgress   *progress,
          GCancellable  *cancellable,
          GError       **error)
{
  NnRegularization reg = lab_params_get_enum (params, "regularization");
  double reg_rate = lab_params_get_double (params, "reg-rate");
  guint batch = (guint) lab_params_get_int (params, "batch-size");
  g_autofree double *grad = g_new (double, self->n_params);
  const double *x = self->x;
  guint L = self->net.n_layers;
  /* the per-epoch evaluation (full training set with its gradient, test set) runs on a second
   * thread, a few epochs behind the training, on snapshots of the weights: the same numbers as
   * evaluating in turn, in about the time of the longer of the two */
  Evaluator ev;
  guint stop = G_MAXUINT;   /* the last epoch kept, when the weights overflowed */
  gint64 last_publish = g_get_monotonic_time ();
  guint first = self->epochs_run;

  evaluator_start (&ev, self, x, first);
  for (guint e = first; e < until; e++)
    {
      g_autofree guint *perm = g_memdup2 (self->train, self->n_train * sizeof (guint));
      gboolean overflow = FALSE;
      guint bad;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          evaluator_finish (&ev);
          return FALSE;
        }
      gsl_ran_shuffle (self->rng, perm, self->n_train, sizeof (guint));
      for (guint s = 0; s < self->n_train && !overflow; s += batch)
        {
          guint m = MIN (batch, self->n_train - s);
          double l = self->net.norm == NN_NORM_BATCH
                     ? nn_net_loss_batch (&self->net, self->theta, x, self->py, perm + s, m, reg, reg_rate, grad, TRUE)
                     : nn_net_loss (&self->net, self->theta, x, self->py, perm + s, m, reg, reg_rate, grad);

          overflow = !isfinite (l);
          if (!overflow)
            lab_optim_step (self->optim, self->theta, grad);
        }
      /* room for epoch e's snapshot; after an overflow, every epoch before it evaluated */
      bad = evaluator_wait (&ev, overflow ? 0 : NN_EVAL_SLOTS - 1);
      if (bad != G_MAXUINT)
        {
          /* an earlier epoch's weights already overflowed: the run ends there, with them */
          evaluator_restore (&ev, bad, self->theta, self->running);
          stop = bad;
          break;
        }
      evaluator_post (&ev, e, self->theta, self->running);
      self->epochs_run = e + 1;
      lab_progress_set (progress, (self->approx ? 0.2 : 1.0) * (e + 1.0) / MAX (until, 1));
      if (overflow)
        {
          evaluator_wait (&ev, 0);
          stop = e;
          break;
        }
      /* streaming: the run so far, for the window, about 60 times a second (not for the
       * approximation view, whose figure needs the whole run) */
      if (progress != NULL && !self->approx && e + 1 < until
          && g_get_monotonic_time () - last_publish >= NN_PUBLISH_US)
        {
          bad = evaluator_wait (&ev, 0);
          if (bad != G_MAXUINT)
            {
              evaluator_restore (&ev, bad, self->theta, self->running);
              stop = bad;
              break;
            }
          publish_partial (self, progress);
          last_publish = g_get_monotonic_time ();
        }
    }
  if (stop == G_MAXUINT)
    {
      /* the last epochs' evaluations */
      guint bad = evaluator_wait (&ev, 0);

      if (bad != G_MAXUINT)
        {
          evaluator_restore (&ev, bad, self->theta, self->running);
          stop = bad;
        }
    }
  evaluator_finish (&ev);
  if (stop != G_MAXUINT)
    {
      /* the weights overflowed: the rest of the run is undefined, the curves stop here */
      self->diverged = TRUE;
      self->epochs_run = stop + 1;
      for (guint f = stop + 1; f < self->epochs; f++)
        {
          self->train_loss[f] = self->test_loss[f] = self->train_acc[f] = self->test_acc[f] = NAN;
          for (guint l = 0; l < L; l++)
            self->grad_norms[(gsize) l * self->epochs + f] = NAN;
        }
    }
  return TRUE;
}

LabResult *
neural_network_advance (const LabResult  *from,
                        guint             until,
                        LabParams        *params,
                        LabDataset       *data,
                        LabProgress      *progress,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(LabResult) result = from != NULL ? nn_resume ((const NnResult *) from, params, error)
                                             : nn_setup (params, data, error);
  NnResult *self = (NnResult *) result;

  if (result == NULL)
    return NULL;
  if (!nn_train (self, MIN (until, self->epochs), params, progress, cancellable, error))
    return NULL;
  output_grid (self);
  unit_views (self);
  if (self->approx
      && !approximation (self, params, progress, cancellable, error))
    return NULL;
  return g_steal_pointer (&result);
}

LabResult *
neural_network_compute (LabParams     *params,
                        LabDataset    *data,
                        LabProgress   *progress,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return neural_network_advance (NULL, G_MAXUINT, params, data, progress, cancellable, error);
}

guint
neural_network_steps_done (const LabResult *result,
                           gboolean        *can_go_on)
{
  const NnResult *self = (const NnResult *) result;

  *can_go_on = !self->diverged && self->rng != NULL && self->optim != NULL
               && !(self->epochs_run > 0 && isnan (self->train_loss[self->epochs_run - 1]));
  return self->epochs_run;
}
