/* lab-topic-attention.c — scaled dot-product attention (notes §3.1–3.3, §3.6, §3.8)
 *
 * compute: synthetic token embeddings → random projections W_Q, W_K, W_V → per head
 * softmax((Q_h K_hᵀ/√d_head + bias) / temperature) with an optional causal mask, the
 * outputs W_h V_h, and the entropy of every row. The matrix products are register-blocked
 * (4 rows × 8 columns of accumulators) and, on x86-64, compiled twice (AVX2/FMA and
 * baseline) with the best chosen at run time; large problems are shared between two
 * threads. The selected head and query row are view parameters: switching them only
 * rebuilds the figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-error.h"
#include "lab-rng.h"
#include "lab-topic-attention.h"

#define VOCAB          26      /* tokens are letters A … Z */
#define REPEAT_PERIOD  5
#define MAX_LABELLED   40      /* token letters as tick labels up to this many tokens */
#define REL_SCALE      1.5     /* spread of the synthetic relative-position bias table */

enum { TAG_HEATMAP, TAG_ENTROPY, TAG_ROW };

/* ------------------------------------------------------------------ */
/* parameters */

G_DEFINE_ENUM_TYPE (LabAttentionSequence, lab_attention_sequence,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_SEQUENCE_RANDOM, "random"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_SEQUENCE_REPEATING, "repeating"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_SEQUENCE_COPY, "copy"))

G_DEFINE_ENUM_TYPE (LabAttentionMask, lab_attention_mask,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_MASK_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_MASK_CAUSAL, "causal"))

G_DEFINE_ENUM_TYPE (LabAttentionBias, lab_attention_bias,
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_BIAS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_BIAS_ALIBI, "alibi"),
  G_DEFINE_ENUM_VALUE (LAB_ATTENTION_BIAS_RELATIVE, "relative"))

struct _LabAttentionParams
{
  LabParams parent_instance;
};

G_DEFINE_FINAL_TYPE (LabAttentionParams, lab_attention_params, LAB_TYPE_PARAMS)

#define FLAGS (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
lab_attention_params_class_init (LabAttentionParamsClass *klass)
{
  LabParamsClass *params_class = LAB_PARAMS_CLASS (klass);

  /* temperature is the first double: the one a quick slider test moves */
  lab_params_class_install (params_class,
    g_param_spec_double ("temperature", N_("Temperature"),
                         N_("The logits are divided by this: below 1 sharpens every row towards its largest "
                            "score (low entropy, collapse), above 1 flattens it towards uniform"),
                         0.02, 50.0, 1.0, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_enum ("sequence", N_("Sequence"),
                       N_("random: random letters; repeating: a period-5 pattern ABCDE…; "
                          "copy: a random first half repeated as the second half"),
                       LAB_TYPE_ATTENTION_SEQUENCE, LAB_ATTENTION_SEQUENCE_RANDOM, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("tokens", N_("Tokens"),
                      N_("Sequence length n: the attention matrices are n × n"),
                      2, 512, 24, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_DATA);
  lab_params_class_install (params_class,
    g_param_spec_int ("d-model", N_("Model width"),
                      N_("d_model: the width of the token embeddings and of Q, K, V; must be a multiple of heads"),
                      1, 1024, 64, FLAGS),
    LAB_PARAM_LOG, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("heads", N_("Heads"),
                      N_("Number of attention heads H; each works in d_head = d_model / H dimensions"),
                      1, 16, 4, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_enum ("mask", N_("Mask"),
                       N_("none: every query sees every key (an encoder); causal: query i sees keys j ≤ i only (a decoder)"),
                       LAB_TYPE_ATTENTION_MASK, LAB_ATTENTION_MASK_NONE, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_enum ("bias", N_("Position bias"),
                       N_("none; alibi: the penalty −m_h·(i − j) with slopes m_h = 2^(−8h/H) (BLOOM, MPT); "
                          "relative: a per-head bias by bucketed offset i − j (T5-style, random values here)"),
                       LAB_TYPE_ATTENTION_BIAS, LAB_ATTENTION_BIAS_NONE, FLAGS),
    LAB_PARAM_NONE, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("seed", N_("Seed"),
                      N_("Seed of the random embeddings and projections"),
                      0, G_MAXINT, 42, FLAGS),
    LAB_PARAM_SEED, LAB_GROUP_MODEL);
  lab_params_class_install (params_class,
    g_param_spec_int ("head", N_("Head"),
                      N_("Which head's attention weights the heatmap and the row view show (1 … heads)"),
                      1, 16, 1, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
  lab_params_class_install (params_class,
    g_param_spec_int ("query", N_("Query row"),
                      N_("The query position i whose weights over the keys are shown as bars (click a heatmap row)"),
                      0, 511, 16, FLAGS),
    LAB_PARAM_VIEW, LAB_GROUP_VIEW);
}

static void
lab_attention_params_init (LabAttentionParams *self)
{
}

/* ------------------------------------------------------------------ */
/* kernels */

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__has_attribute)
# if __has_attribute(target_clones)
#  define MULTIVERSION __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
# endif
#endif
#ifndef MULTIVERSION
# define MULTIVERSION
#endif

typedef double v4d __attribute__ ((vector_size (32)));

/* unaligned loads and stores as macros: an inline function returning a v4d would change
 * the ABI between the AVX and the baseline clone */
#define load4(p)     ({ v4d v_; memcpy (&v_, (p), sizeof v_); v_; })
#define store4(p, v) ({ v4d s_ = (v); memcpy ((p), &s_, sizeof s_); })

/* What a causal mask lets the products skip. */
typedef enum
{
  TRI_FULL,
  TRI_LOWER_C,   /* only C[i][j] with j ≤ i is wanted (the scores); the rest is left unwritten */
  TRI_LOWER_A,   /* A[i][p] = 0 for p > i (the masked weights): those terms are not summed */
} Tri;

/* C (m × n) = A (m × k) · B (k × n), all row-major with leading dimensions. */
MULTIVERSION static void
gemm (Tri tri, guint m, guint n, guint k,
      const double *A, gsize lda,
      const double *B, gsize ldb,
      double *C, gsize ldc)
{
  g_autofree double *pack = n >= 8 ? g_new (double, (gsize) k * 8) : NULL;
  guint j = 0;

  for (; j + 8 <= n; j += 8)
    {
      guint i = 0;

      /* the 8-column strip of B made contiguous: rows of B a power-of-two apart (d_model = 512)
       * would all fall into the same cache set */
      for (guint p = 0; p < k; p++)
        memcpy (pack + (gsize) p * 8, B + (gsize) p * ldb + j, 8 * sizeof (double));

      for (; i + 4 <= m; i += 4)
        {
          const double *a0 = A + (gsize) i * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
          v4d c00 = { 0 }, c01 = { 0 }, c10 = { 0 }, c11 = { 0 };
          v4d c20 = { 0 }, c21 = { 0 }, c30 = { 0 }, c31 = { 0 };
          guint kk = tri == TRI_LOWER_A ? MIN (k, i + 4) : k;

          if (tri == TRI_LOWER_C && j > i + 3)
            continue;
          for (guint p = 0; p < kk; p++)
            {
              const double *b = pack + (gsize) p * 8;
              v4d b0 = load4 (b), b1 = load4 (b + 4);

              c00 += a0[p] * b0, c01 += a0[p] * b1;
              c10 += a1[p] * b0, c11 += a1[p] * b1;
              c20 += a2[p] * b0, c21 += a2[p] * b1;
              c30 += a3[p] * b0, c31 += a3[p] * b1;
            }
          store4 (C + (gsize) i * ldc + j, c00), store4 (C + (gsize) i * ldc + j + 4, c01);
          store4 (C + (gsize) (i + 1) * ldc + j, c10), store4 (C + (gsize) (i + 1) * ldc + j + 4, c11);
          store4 (C + (gsize) (i + 2) * ldc + j, c20), store4 (C + (gsize) (i + 2) * ldc + j + 4, c21);
          store4 (C + (gsize) (i + 3) * ldc + j, c30), store4 (C + (gsize) (i + 3) * ldc + j + 4, c31);
        }
      for (; i < m; i++)
        {
          const double *a = A + (gsize) i * lda;
          v4d c0 = { 0 }, c1 = { 0 };
          guint kk = tri == TRI_LOWER_A ? MIN (k, i + 1) : k;

          if (tri == TRI_LOWER_C && j > i)
            continue;
          for (guint p = 0; p < kk; p++)
            {
              const double *b = pack + (gsize) p * 8;

              c0 += a[p] * load4 (b), c1 += a[p] * load4 (b + 4);
            }
          store4 (C + (gsize) i * ldc + j, c0), store4 (C + (gsize) i * ldc + j + 4, c1);
        }
    }
  for (; j < n; j++)
    for (guint i = 0; i < m; i++)
      {
        const double *a = A + (gsize) i * lda;
        guint kk = tri == TRI_LOWER_A ? MIN (k, i + 1) : k;
        double s = 0;

        if (tri == TRI_LOWER_C && j > i)
          continue;
        for (guint p = 0; p < kk; p++)
          s += a[p] * B[(gsize) p * ldb + j];
        C[(gsize) i * ldc + j] = s;
      }
}

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

/* ------------------------------------------------------------------ */
/* the forward pass, shared between threads by task index */

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
      /* Q, K, V = x·W in blocks of rows */
      guint per = (n + ROW_BLOCK - 1) / ROW_BLOCK;
      guint which = t / per, r0 = (t % per) * ROW_BLOCK, rows = MIN (ROW_BLOCK, n - r0);

      gemm (TRI_FULL, rows, dm, dm, f->x + (gsize) r0 * dm, dm, f->w[which], dm, f->qkv[which] + (gsize) r0 * dm, dm);
      return;
    }

  {
    guint h = t;
    double *W = f->weights + (gsize) h * n * n;
    g_autofree double *kt = g_new (double, (gsize) dh * n);
    double scale = 1.0 / sqrt ((double) dh);
    double slope = lab_attention_alibi_slope (h + 1, f->heads);
    gboolean causal = f->mask == LAB_ATTENTION_MASK_CAUSAL;

    /* K_hᵀ, so that the scores are one more row-major product */
    for (guint j = 0; j < n; j++)
      for (guint c = 0; c < dh; c++)
        kt[(gsize) c * n + j] = f->qkv[1][(gsize) j * dm + h * dh + c];
    gemm (causal ? TRI_LOWER_C : TRI_FULL, n, n, dh, f->qkv[0] + h * dh, dm, kt, n, W, n);

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

    gemm (causal ? TRI_LOWER_A : TRI_FULL, n, dh, n, W, n, f->qkv[2] + h * dh, dm, f->output + h * dh, dm);
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

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  LabResult         parent;
  guint             n, d_model, heads, d_head;
  LabAttentionMask  mask;
  LabAttentionBias  bias;
  double            temperature;
  guint8           *ids;            /* n token ids, 0 … VOCAB − 1 */
  double           *weights;        /* heads × n × n */
  double           *output;         /* n × d_model */
  double           *entropy;        /* heads × n */
  double           *head_entropy;   /* heads: mean over rows */
  double            mean_entropy;
  double            max_entropy;    /* ln n */
  double            causal_max;     /* mean over rows of ln(i + 1): the bound with the causal mask */
  double            row_sums_max_error;
} AttentionResult;

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

static LabResult *
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

/* ------------------------------------------------------------------ */
/* figure */

static guint
view_head (const AttentionResult *self,
           LabParams             *params)
{
  return (guint) CLAMP (lab_params_get_int (params, "head"), 1, (int) self->heads) - 1;
}

static guint
view_query (const AttentionResult *self,
            LabParams             *params)
{
  return (guint) CLAMP (lab_params_get_int (params, "query"), 0, (int) self->n - 1);
}

static guint
row_argmax (const double *row,
            guint         n)
{
  guint best = 0;

  for (guint j = 1; j < n; j++)
    if (row[j] > row[best])
      best = j;
  return best;
}

static char *
token_name (const AttentionResult *self,
            guint                  i)
{
  return g_strdup_printf ("%c%u", 'A' + self->ids[i], i);
}

static LabFigure *
attention_build (const LabResult *result,
                 LabParams       *params)
{
  const AttentionResult *self = (const AttentionResult *) result;
  guint n = self->n, H = self->heads;
  guint h = view_head (self, params), q = view_query (self, params);
  const double *W = self->weights + (gsize) h * n * n;
  const double *row = W + (gsize) q * n;
  LabFigure *figure = lab_figure_new (2, 2);
  LabAxes *heat = lab_figure_get_axes_at (figure, 0, 0);
  LabAxes *ent = lab_figure_get_axes_at (figure, 0, 1);
  LabAxes *bars = lab_figure_get_axes_at (figure, 1, 1);
  g_autofree double *flipped = g_new (double, (gsize) n * n);
  g_autofree char **xl = NULL, **yl = NULL;
  g_autofree char *title = NULL;
  gboolean labelled = n <= MAX_LABELLED;
  LabStyle sel = lab_style_default (0);
  LabStyle muted = lab_style_default (0);

  sel.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  sel.fill = lab_color_semantic (LAB_COLOR_NONE, 1.0);
  sel.line_width = 2.0;
  muted.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
  muted.dash = LAB_DASH_DASHED;
  muted.line_width = 1.2;

  lab_figure_set_span (figure, 0, 0, 2, 1);
  lab_figure_set_col_weights (figure, (const double[]) { 1.25, 1.0 });

  /* tick labels name positions (the plot's rows count from the bottom; queries from the top) */
  xl = g_new0 (char *, n + 1);
  yl = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      xl[i] = labelled ? token_name (self, i) : g_strdup_printf ("%u", i);
      yl[n - 1 - i] = labelled ? token_name (self, i) : g_strdup_printf ("%u", i);
    }

  /* heatmap: query i on y (row 0 at the top), key j on x; the plot's row 0 is at the bottom */
  for (guint i = 0; i < n; i++)
    memcpy (flipped + (gsize) (n - 1 - i) * n, W + (gsize) i * n, n * sizeof (double));
  lab_axes_set_tag (heat, TAG_HEATMAP);
  title = g_strdup_printf (_("Attention weights, head %u of %u"), h + 1, H);
  lab_axes_set_title (heat, title);
  lab_axes_set_xlabel (heat, _("key position j"));
  lab_axes_set_ylabel (heat, _("query position i (click a row)"));
  lab_axes_set_grid (heat, FALSE);
  lab_axes_set_xlim (heat, -0.5, n - 0.5);
  lab_axes_set_ylim (heat, -0.5, n - 0.5);
  if (labelled)
    {
      lab_axes_set_xcategories (heat, (const char * const *) xl);
      lab_axes_set_ycategories (heat, (const char * const *) yl);
    }
  else
    {
      /* too many rows for category labels, and numeric ticks would count from the bottom:
       * no y numbers, a few query positions written inside the left edge instead */
      static const char *const none[] = { "", NULL };

      lab_axes_set_ycategories (heat, none);
    }
  {
    /* the colour bar spans 0 … 1 (a flat row then looks flat), except for long sequences whose
     * weights are all small: then 0 … the head's largest weight, said in the bar's label */
    double wmax = 0, vmax = 1;
    g_autofree char *clabel = NULL;

    for (gsize k = 0; k < (gsize) n * n; k++)
      wmax = MAX (wmax, W[k]);
    if (n > 64 && wmax < 0.25)
      {
        vmax = wmax;
        clabel = g_strdup_printf (_("weight w<sub>ij</sub> (scale 0 – %.3g, the head’s largest)"), wmax);
      }
    else
      clabel = g_strdup (_("weight w<sub>ij</sub>"));
    lab_layer_set_dynamic (lab_axes_add_heatmap (heat, flipped, n, n, -0.5, n - 0.5, -0.5, n - 0.5,
                                                 LAB_COLORMAP_VIRIDIS, 0, vmax, clabel), TRUE);
  }
  if (!labelled)
    {
      guint step = n > 250 ? 100 : n > 120 ? 50 : n > 60 ? 20 : 10;
      LabStyle ts = lab_style_default (0);

      ts.color = lab_color_rgba (1, 1, 1, 0.9);
      for (guint i = 0; i < n; i += step)
        {
          g_autofree char *t = g_strdup_printf ("<small>i = %u</small>", i);

          lab_axes_add_text (heat, -0.5 + 0.01 * n, (double) (n - 1 - i), t, LAB_ANCHOR_WEST, FALSE, &ts);
        }
    }
  {
    /* the selected query row */
    double y = (double) (n - 1 - q);
    double rx[5] = { -0.5, n - 0.5, n - 0.5, -0.5, -0.5 };
    double ry[5] = { y - 0.5, y - 0.5, y + 0.5, y + 0.5, y - 0.5 };

    lab_layer_set_dynamic (lab_axes_add_line (heat, NULL, rx, ry, 5, &sel), TRUE);
  }

  /* per-head mean entropy */
  {
    g_autofree char **hl = g_new0 (char *, H + 1);
    double he[1] = { self->head_entropy[h] };
    double hedge[2] = { h - 0.4, h + 0.4 };
    LabStyle bs = lab_style_default (0);
    LabStyle hs = lab_style_default (0);
    g_autofree char *maxlabel = g_strdup_printf (_("maximum ln n = %.2f"), self->max_entropy);

    for (guint k = 0; k < H; k++)
      hl[k] = g_strdup_printf ("%u", k + 1);
    lab_axes_set_tag (ent, TAG_ENTROPY);
    lab_axes_set_title (ent, _("Mean row entropy per head (click a bar)"));
    lab_axes_set_xlabel (ent, _("head"));
    lab_axes_set_ylabel (ent, _("entropy (nats)"));
    lab_axes_set_xcategories (ent, (const char * const *) hl);
    lab_axes_set_xlim (ent, -0.6, H - 0.4);
    lab_axes_set_ylim (ent, 0, self->max_entropy * 1.12);
    lab_axes_set_legend (ent, TRUE);
    /* bars of width 0.8 centred on each head: edges k − 0.4 … k + 0.4, gaps drawn as zero bars */
    {
      g_autofree double *e2 = g_new (double, 2 * H);
      g_autofree double *v2 = g_new0 (double, 2 * H - 1);

      for (guint k = 0; k < H; k++)
        {
          e2[2 * k] = k - 0.4;
          e2[2 * k + 1] = k + 0.4;
          v2[2 * k] = self->head_entropy[k];
        }
      bs.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
      bs.fill = lab_color_semantic (LAB_COLOR_MUTED, 0.45);
      bs.line_width = 1.0;
      lab_axes_add_bars (ent, _("mean entropy"), e2, v2, 2 * H - 1, &bs);
    }
    hs.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
    hs.fill = lab_color_semantic (LAB_COLOR_ACCENT, 0.85);
    lab_layer_set_dynamic (lab_axes_add_bars (ent, _("shown head"), hedge, he, 1, &hs), TRUE);
    lab_axes_add_hline (ent, maxlabel, self->max_entropy, &muted);
    if (self->mask == LAB_ATTENTION_MASK_CAUSAL)
      {
        LabStyle cm = muted;
        g_autofree char *cl = g_strdup_printf (_("maximum with the causal mask = %.2f"), self->causal_max);

        cm.dash = LAB_DASH_DOTTED;
        lab_axes_add_hline (ent, cl, self->causal_max, &cm);
      }
    for (guint k = 0; k < H; k++)
      g_free (hl[k]);
  }

  /* the selected row over the keys */
  {
    g_autofree double *edges = g_new (double, n + 1);
    g_autofree char *rt = NULL, *qn = token_name (self, q), *kn = NULL;
    guint top = row_argmax (row, n);
    double te[2] = { top - 0.5, top + 0.5 };
    double tv[1] = { row[top] };
    LabStyle bs = lab_style_default (2);
    LabStyle ts = lab_style_default (0);
    g_autofree char *tl = NULL;

    kn = token_name (self, top);
    for (guint j = 0; j <= n; j++)
      edges[j] = j - 0.5;
    rt = g_strdup_printf (_("Weights of query %s over the keys (head %u)"), qn, h + 1);
    lab_axes_set_tag (bars, TAG_ROW);
    lab_axes_set_title (bars, rt);
    lab_axes_set_xlabel (bars, _("key position j"));
    lab_axes_set_ylabel (bars, _("weight"));
    lab_axes_set_xlim (bars, -0.5, n - 0.5);
    lab_axes_set_ylim (bars, 0, MAX (1.08 * row[top], 1.5 / n));
    if (labelled)
      lab_axes_set_xcategories (bars, (const char * const *) xl);
    lab_axes_set_legend (bars, TRUE);
    bs.fill = lab_color_palette_alpha (2, 0.7);
    lab_layer_set_dynamic (lab_axes_add_bars (bars, _("w<sub>ij</sub>"), edges, row, n, &bs), TRUE);
    tl = g_strdup_printf (_("top key %s: %.3f"), kn, row[top]);
    ts.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
    ts.fill = lab_color_semantic (LAB_COLOR_ACCENT, 0.9);
    lab_layer_set_dynamic (lab_axes_add_bars (bars, tl, te, tv, 1, &ts), TRUE);
    {
      guint visible = self->mask == LAB_ATTENTION_MASK_CAUSAL ? q + 1 : n;
      g_autofree char *ul = g_strdup_printf (_("uniform 1/%u"), visible);

      lab_layer_set_dynamic (lab_axes_add_hline (bars, ul, 1.0 / visible, &muted), TRUE);
    }
  }

  for (guint i = 0; i < n; i++)
    g_free (xl[i]), g_free (yl[i]);
  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

static void
attention_metrics (const LabResult *result,
                   LabParams       *params,
                   LabMetrics      *out)
{
  const AttentionResult *self = (const AttentionResult *) result;
  guint n = self->n;
  guint h = view_head (self, params), q = view_query (self, params);
  const double *row = self->weights + ((gsize) h * n + q) * n;
  guint top = row_argmax (row, n);

  lab_metrics_add_int (out, "tokens", _("Tokens n"), n);
  lab_metrics_add_int (out, "heads", _("Heads"), self->heads);
  lab_metrics_add_int (out, "d_head", _("d_head"), self->d_head);
  lab_metrics_add_double (out, "mean_entropy", _("Mean row entropy (nats)"), self->mean_entropy);
  lab_metrics_add_double (out, "max_entropy", _("Maximum entropy ln n"), self->max_entropy);
  lab_metrics_add_double (out, "entropy_ratio", _("Entropy / ln n"), self->mean_entropy / self->max_entropy);
  lab_metrics_begin_array (out, "head_entropies");
  for (guint k = 0; k < self->heads; k++)
    lab_metrics_add_double (out, NULL, NULL, self->head_entropy[k]);
  lab_metrics_end (out);
  lab_metrics_add_int (out, "head", _("Selected head"), h + 1);
  if (self->bias == LAB_ATTENTION_BIAS_ALIBI)
    lab_metrics_add_double (out, "alibi_slope", _("ALiBi slope of the head"), lab_attention_alibi_slope (h + 1, self->heads));
  lab_metrics_add_int (out, "query", _("Query row"), q);
  lab_metrics_add_int (out, "top_key", _("Top key of the row"), top);
  lab_metrics_add_double (out, "top_weight", _("Its weight"), row[top]);
  lab_metrics_add_double (out, "query_entropy", _("Entropy of the row"), self->entropy[(gsize) h * n + q]);
  lab_metrics_add_double (out, "row_sums_max_error", _("max |Σⱼ wᵢⱼ − 1|"), self->row_sums_max_error);
}

/* ------------------------------------------------------------------ */
/* interaction */

static gboolean
attention_click (const LabResult *result,
                 LabParams       *params,
                 int              axes_tag,
                 double           x,
                 double           y)
{
  const AttentionResult *self = (const AttentionResult *) result;
  long r;

  switch (axes_tag)
    {
    case TAG_HEATMAP:
      r = lround (y);
      if (r < 0 || r >= (long) self->n || !isfinite (y))
        return FALSE;
      lab_params_set_int (params, "query", (int) (self->n - 1 - r));
      return TRUE;
    case TAG_ENTROPY:
      r = lround (x);
      if (r < 0 || r >= (long) self->heads || !isfinite (x))
        return FALSE;
      lab_params_set_int (params, "head", (int) r + 1);
      return TRUE;
    default:
      return FALSE;
    }
}

static const LabPreset attention_presets[] = {
  { N_("Causal mask"), "mask=causal tokens=24 query=16" },
  { N_("ALiBi recency bias"), "mask=causal bias=alibi heads=8 tokens=32 query=28" },
  { N_("Sharp (low temperature)"), "temperature=0.1" },
  { N_("Uniform (high temperature)"), "temperature=20" },
  { N_("Copy pattern"), "sequence=copy tokens=32 query=17" },
};

static gboolean
attention_suggest_range (const LabResult *result,
                         GParamSpec      *pspec,
                         double          *lo,
                         double          *hi)
{
  const AttentionResult *self = (const AttentionResult *) result;

  /* the head and query spin buttons only offer what the result has */
  if (g_str_equal (pspec->name, "head"))
    {
      *lo = 1;
      *hi = self->heads;
      return TRUE;
    }
  if (g_str_equal (pspec->name, "query"))
    {
      *lo = 0;
      *hi = self->n - 1;
      return TRUE;
    }
  return FALSE;
}

const LabTopic lab_topic_attention = {
  .id = "attention",
  .title = N_("Attention"),
  .chapter = LAB_CHAPTER_TRANSFORMERS,
  .sections = "§3.1–3.3, §3.6, §3.8",
  .summary = N_("Scaled dot-product attention of one layer: every head's weights as a heatmap, masks, ALiBi and relative biases, temperature and entropy."),
  .explanation = N_(
    "Each token x<sub>i</sub> is projected to a query q<sub>i</sub> = x<sub>i</sub>W<sub>Q</sub>, "
    "a key k<sub>j</sub> = x<sub>j</sub>W<sub>K</sub> and a value v<sub>j</sub> = x<sub>j</sub>W<sub>V</sub>. "
    "Then\n"
    "  <b>Attention(Q, K, V) = softmax(QKᵀ / √d<sub>k</sub> + B + M) V</b>\n"
    "row by row: w<sub>ij</sub> = exp(s<sub>ij</sub>) / Σ<sub>j′</sub> exp(s<sub>ij′</sub>), so every "
    "row of weights sums to 1, and the output of token i is the weighted mean Σ<sub>j</sub> w<sub>ij</sub>v<sub>j</sub>. "
    "(The softmax subtracts each row’s maximum first; the weights are unchanged and nothing overflows.)\n\n"
    "<b>Why √d<sub>k</sub>?</b> With unit-variance entries, q·k sums d<sub>k</sub> terms and has variance "
    "d<sub>k</sub>; dividing by √d<sub>k</sub> keeps the logits near unit scale, so the softmax does not "
    "saturate into one-hot rows with vanishing gradients.\n\n"
    "<b>Masks.</b> M is 0 where a query may look and −∞ where not. The <i>causal</i> mask of a decoder hides "
    "keys j &gt; i (the future): the heatmap is zero above the diagonal and row i spreads over i + 1 keys only.\n\n"
    "<b>Multi-head.</b> H heads each attend in their own d<sub>head</sub> = d<sub>model</sub>/H "
    "dimensions with their own slices of W<sub>Q</sub>, W<sub>K</sub>, W<sub>V</sub>; their outputs are "
    "concatenated (and, in a real layer, mixed by W<sub>O</sub>). Different heads learn different patterns; "
    "here the projections are random except in head 1, whose keys use the queries’ projection (W<sub>K</sub> = W<sub>Q</sub> on its slice), "
    "so q<sub>i</sub>·k<sub>j</sub> measures how alike tokens i and j are: it finds repeated letters (try the "
    "repeating and copy sequences), as trained duplicate-token heads do. The other heads’ structure comes from "
    "the tokens and the biases.\n\n"
    "<b>ALiBi</b> (Press et al., 2022) adds no position embeddings; it <i>penalises</i> distance: "
    "s<sub>ij</sub> = q<sub>i</sub>·k<sub>j</sub>/√d − m<sub>h</sub>·(i − j) for j ≤ i, with head slopes "
    "m<sub>h</sub> = 2<sup>−8h/H</sup> (h = 1…H, H a power of two; other H use the same formula here): head 1 looks mostly at recent tokens, the last heads far back. "
    "It is used by BLOOM and MPT (not by LLaMA-2, which uses rotary embeddings, RoPE). The notes’ "
    "“+ m<sub>h</sub>(i − j)” has the wrong sign. Without the causal mask this lab applies −m<sub>h</sub>|i − j|. "
    "<i>Relative</i> adds a per-head bias looked up by the offset i − j, bucketed exactly nearby and "
    "logarithmically far away (as in T5; its values are learned there and random here).\n\n"
    "<b>Temperature and entropy.</b> Dividing the logits by a temperature τ changes how peaked the rows are: "
    "τ → 0 gives one-hot rows (the argmax, entropy 0), τ → ∞ uniform rows (entropy ln n, or ln(i + 1) "
    "under the causal mask). A head whose mean entropy sits near 0 has <i>collapsed</i> onto single tokens; "
    "one near ln n averages everything and carries little information. The bars compare every head.\n\n"
    "<b>Cross-attention</b> (encoder–decoder): the queries come from the decoder’s tokens (those generated "
    "so far at inference), the keys and values from the encoder’s output over the whole source sequence.\n\n"
    "Click a row of the heatmap to see that query’s weights as bars; click an entropy bar to show that head."),
  .params_get_type = lab_attention_params_get_type,
  .compute = attention_compute,
  .build = attention_build,
  .metrics = attention_metrics,
  .click = attention_click,
  .suggest_range = attention_suggest_range,
  .presets = attention_presets,
  .n_presets = G_N_ELEMENTS (attention_presets),
};
