/* attention-compute.c — the attention topic on the worker: the forward pass of one attention layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "attention-private.h"

/* ------------------------------------------------------------------ */
/* positional biases */

double
lab_attention_alibi_slope (guint h,
                           guint heads)
{
  g_return_val_if_fail (heads > 0, NAN);
  return exp2 (-8.0 * (double) h / (double) heads);
}

guint
lab_attention_rel_bucket (int delta)
{
  const int half = LAB_ATTENTION_REL_BUCKETS / 2, exact = half / 2, max_distance = 128;
  guint base = delta < 0 ? (guint) half : 0;
  int a = ABS (delta);

  if (a < exact)
    return base + (guint) a;
  a = (int) (exact + floor (log ((double) a / exact) / log ((double) max_distance / exact) * (half - exact)));
  return base + (guint) MIN (a, half - 1);
}


typedef struct
{
  const double     *x, *w[3];
  guint             n, d_model, heads, d_head;
  double            temperature;
  LabAttentionMask  mask;
  LabAttentionBias  bias;
  const double     *relative;
  double           *qkv[3];      /* n × d_model each */
  double           *weights, *output, *entropy;
  GCancellable     *cancellable;
  guint             n_tasks;
  gint              next;        /* atomic */
  gint              cancelled;   /* atomic */
  gboolean          phase_heads;
} Forward;

#define ROW_BLOCK 64

static void
forward_task (Forward *f,
              guint    t)
{
  guint n = f->n, dm = f->d_model, dh = f->d_head;

  if (!f->phase_heads)
    {
      /* Q, K, V = x·W in blocks of rows, the blocks shared between the threads */
      guint per = (n + ROW_BLOCK - 1) / ROW_BLOCK;
      guint which = t / per, r0 = (t % per) * ROW_BLOCK, rows = MIN (ROW_BLOCK, n - r0);

      lab_gemm (FALSE, FALSE, rows, dm, dm, 1.0, f->x + (gsize) r0 * dm, dm, f->w[which], dm,
                0.0, f->qkv[which] + (gsize) r0 * dm, dm);
      return;
    }

  {
    guint h = t;
    double *W = f->weights + (gsize) h * n * n;
    double scale = 1.0 / sqrt ((double) dh);
    double slope = lab_attention_alibi_slope (h + 1, f->heads);
    gboolean causal = f->mask == LAB_ATTENTION_MASK_CAUSAL;

    /* the scores Q_h K_hᵀ: head h's columns of Q and K, K read transposed */
    lab_gemm (FALSE, TRUE, n, n, dh, 1.0, f->qkv[0] + h * dh, dm, f->qkv[1] + h * dh, dm, 0.0, W, n);

    /* the lesson itself, written out: scale, bias, mask, temperature, a stable softmax, entropy */
    for (guint i = 0; i < n; i++)
      {
        double *row = W + (gsize) i * n;
        guint last = causal ? i + 1 : n;   /* keys j < last are visible */
        double mx = -INFINITY, sum = 0, ent = 0;

        for (guint j = 0; j < last; j++)
          {
            double s = row[j] * scale;

            if (f->bias == LAB_ATTENTION_BIAS_ALIBI)
              s -= slope * fabs ((double) i - (double) j);   /* i − j for j ≤ i */
            else if (f->bias == LAB_ATTENTION_BIAS_RELATIVE)
              s += f->relative[h * LAB_ATTENTION_REL_BUCKETS + lab_attention_rel_bucket ((int) i - (int) j)];
            s /= f->temperature;
            row[j] = s;
            mx = MAX (mx, s);
          }
        for (guint j = 0; j < last; j++)
          {
            row[j] = exp (row[j] - mx);
            sum += row[j];
          }
        for (guint j = 0; j < last; j++)
          {
            row[j] /= sum;
            if (row[j] > 0)
              ent -= row[j] * log (row[j]);
          }
        for (guint j = last; j < n; j++)
          row[j] = 0;
        if (f->entropy != NULL)
          f->entropy[(gsize) h * n + i] = ent;
      }

    /* the outputs W_h V_h, into head h's columns */
    lab_gemm (FALSE, FALSE, n, dh, n, 1.0, W, n, f->qkv[2] + h * dh, dm, 0.0, f->output + h * dh, dm);
  }
}

static gpointer
forward_worker (gpointer data)
{
  Forward *f = data;

  for (;;)
    {
      guint t = (guint) g_atomic_int_add (&f->next, 1);

      if (t >= f->n_tasks || g_atomic_int_get (&f->cancelled))
        break;
      if (g_cancellable_is_cancelled (f->cancellable))
        {
          g_atomic_int_set (&f->cancelled, 1);
          break;
        }
      forward_task (f, t);
    }
  return NULL;
}

static void
run_phase (Forward *f,
           guint    n_tasks,
           guint    n_threads)
{
  GThread *helper = NULL;

  f->n_tasks = n_tasks;
  g_atomic_int_set (&f->next, 0);
  if (n_threads > 1 && n_tasks > 1)
    helper = g_thread_new ("attention", forward_worker, f);
  forward_worker (f);
  if (helper != NULL)
    g_thread_join (helper);
}

gboolean
lab_attention_forward (const double     *x,
                       const double     *wq,
                       const double     *wk,
                       const double     *wv,
                       guint             n,
                       guint             d_model,
                       guint             heads,
                       double            temperature,
                       LabAttentionMask  mask,
                       LabAttentionBias  bias,
                       const double     *relative,
                       double           *weights,
                       double           *output,
                       double           *entropy,
                       guint             n_threads,
                       GCancellable     *cancellable)
{
  Forward f = { 0 };
  g_autofree double *qkv = NULL;

  g_return_val_if_fail (x != NULL && wq != NULL && wk != NULL && wv != NULL, FALSE);
  g_return_val_if_fail (n > 0 && heads > 0 && d_model % heads == 0, FALSE);
  g_return_val_if_fail (temperature > 0, FALSE);
  g_return_val_if_fail (bias != LAB_ATTENTION_BIAS_RELATIVE || relative != NULL, FALSE);
  g_return_val_if_fail (weights != NULL && output != NULL, FALSE);

  qkv = g_new (double, 3 * (gsize) n * d_model);
  f.x = x, f.w[0] = wq, f.w[1] = wk, f.w[2] = wv;
  f.n = n, f.d_model = d_model, f.heads = heads, f.d_head = d_model / heads;
  f.temperature = temperature, f.mask = mask, f.bias = bias, f.relative = relative;
  for (guint i = 0; i < 3; i++)
    f.qkv[i] = qkv + i * (gsize) n * d_model;
  f.weights = weights, f.output = output, f.entropy = entropy;
  f.cancellable = cancellable;

  /* two threads only when each gets more than a few milliseconds of work */
  if ((double) n * d_model * (d_model + n) < 4e6)
    n_threads = 1;

  run_phase (&f, 3 * ((n + ROW_BLOCK - 1) / ROW_BLOCK), n_threads);
  if (g_atomic_int_get (&f.cancelled))
    return FALSE;
  f.phase_heads = TRUE;
  run_phase (&f, heads, n_threads);
  return !g_atomic_int_get (&f.cancelled) && !g_cancellable_is_cancelled (cancellable);
}


static void
attention_result_finalize (LabResult *result)
{
  AttentionResult *self = (AttentionResult *) result;

  g_free (self->ids);
  g_free (self->weights);
  g_free (self->output);
  g_free (self->entropy);
  g_free (self->head_entropy);
}

/* ------------------------------------------------------------------ */
/* compute */

LabResult *
attention_compute (LabParams     *params,
                   LabDataset    *data,
                   LabProgress   *progress,
                   GCancellable  *cancellable,
                   GError       **error)
{
  guint n = (guint) lab_params_get_int (params, "tokens");
  guint dm = (guint) lab_params_get_int (params, "d-model");
  guint heads = (guint) lab_params_get_int (params, "heads");
  LabAttentionSequence seq = lab_params_get_enum (params, "sequence");
  g_autoptr(gsl_rng) rng = NULL;
  g_autoptr(LabResult) result = NULL;
  AttentionResult *self;
  g_autofree double *emb = NULL, *x = NULL, *w = NULL, *rel = NULL;
  double wscale = 1.0 / sqrt ((double) dm);

  if (dm % heads != 0)
    {
      guint lo = dm / heads * heads, hi = lo + heads;

      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("d-model=%u is not divisible by heads=%u: each head needs d_model / heads whole dimensions "
                     "(try d-model=%u or d-model=%u)"),
                   dm, heads, lo > 0 ? lo : hi, hi);
      return NULL;
    }

  result = lab_result_alloc (sizeof (AttentionResult), attention_result_finalize);
  self = (AttentionResult *) result;
  self->n = n, self->d_model = dm, self->heads = heads, self->d_head = dm / heads;
  self->mask = lab_params_get_enum (params, "mask");
  self->bias = lab_params_get_enum (params, "bias");
  self->temperature = lab_params_get_double (params, "temperature");

  /* embeddings: a letter's vector plus a small sinusoidal position code */
  rng = lab_rng_new ((guint64) lab_params_get_int (params, "seed"));
  emb = g_new (double, (gsize) VOCAB * dm);
  for (gsize i = 0; i < (gsize) VOCAB * dm; i++)
    emb[i] = lab_rng_gaussian (rng);
  self->ids = g_new (guint8, n);
  for (guint i = 0; i < n; i++)
    switch (seq)
      {
      case LAB_ATTENTION_SEQUENCE_REPEATING:
        self->ids[i] = i % REPEAT_PERIOD;
        break;
      case LAB_ATTENTION_SEQUENCE_COPY:
        self->ids[i] = i < (n + 1) / 2 ? (guint8) gsl_rng_uniform_int (rng, VOCAB) : self->ids[i - (n + 1) / 2];
        break;
      case LAB_ATTENTION_SEQUENCE_RANDOM:
      default:
        self->ids[i] = (guint8) gsl_rng_uniform_int (rng, VOCAB);
        break;
      }
  x = g_new (double, (gsize) n * dm);
  for (guint i = 0; i < n; i++)
    for (guint c = 0; c < dm; c++)
      {
        double freq = pow (10000.0, -(double) (c & ~1u) / dm);

        x[(gsize) i * dm + c] = emb[(gsize) self->ids[i] * dm + c]
                                + 0.5 * ((c & 1) ? cos (i * freq) : sin (i * freq));
      }
  w = g_new (double, 3 * (gsize) dm * dm);
  for (gsize i = 0; i < 3 * (gsize) dm * dm; i++)
    w[i] = wscale * lab_rng_gaussian (rng);
  /* head 1 matches content: its slice of W_K equals that of W_Q, so q_i·k_j = x_i W W^T x_j is a
   * similarity and equal tokens find each other (what trained duplicate-token and induction heads
   * do); the other heads stay random */
  for (guint r = 0; r < dm; r++)
    memcpy (w + (gsize) dm * dm + (gsize) r * dm, w + (gsize) r * dm, (dm / heads) * sizeof (double));
  rel = g_new (double, (gsize) heads * LAB_ATTENTION_REL_BUCKETS);
  for (gsize i = 0; i < (gsize) heads * LAB_ATTENTION_REL_BUCKETS; i++)
    rel[i] = REL_SCALE * lab_rng_gaussian (rng);
  lab_progress_set (progress, 0.1);

  self->weights = g_new (double, (gsize) heads * n * n);
  self->output = g_new (double, (gsize) n * dm);
  self->entropy = g_new (double, (gsize) heads * n);
  if (!lab_attention_forward (x, w, w + (gsize) dm * dm, w + 2 * (gsize) dm * dm, n, dm, heads,
                              self->temperature, self->mask, self->bias, rel,
                              self->weights, self->output, self->entropy,
                              MIN (g_get_num_processors (), 2), cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return NULL;
    }
  lab_progress_set (progress, 0.9);

  self->head_entropy = g_new0 (double, heads);
  for (guint h = 0; h < heads; h++)
    {
      for (guint i = 0; i < n; i++)
        {
          const double *row = self->weights + ((gsize) h * n + i) * n;
          double s = 0;

          self->head_entropy[h] += self->entropy[(gsize) h * n + i];
          for (guint j = 0; j < n; j++)
            s += row[j];
          self->row_sums_max_error = MAX (self->row_sums_max_error, fabs (s - 1.0));
        }
      self->head_entropy[h] /= n;
      self->mean_entropy += self->head_entropy[h] / heads;
    }
  self->max_entropy = log ((double) n);
  for (guint i = 0; i < n; i++)
    self->causal_max += log ((double) i + 1) / n;

  return g_steal_pointer (&result);
}
