/* attention-forward.c — the numerics of the attention topic, no GLib objects: the forward pass
 * of one layer (MHA/GQA/MQA, RoPE, QK-norm, ALiBi, relative), the stable softmax, Performer,
 * Linformer and the KV-cache sizes. Called on the worker and by the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "attention-private.h"

/* ------------------------------------------------------------------ */
/* positions */

static double
alibi_pow2_slope (guint h,
                  guint heads)
{
  return exp2 (-8.0 * (double) h / (double) heads);
}

double
lab_attention_alibi_slope (guint h,
                           guint heads)
{
  guint c = 1;

  g_return_val_if_fail (heads > 0 && h >= 1 && h <= heads, NAN);
  while (c * 2 <= heads)
    c *= 2;
  if (c == heads || h <= c)
    return alibi_pow2_slope (h, c);
  /* the rest: slopes 1, 3, 5, … (1-based) of 2c heads */
  return alibi_pow2_slope (2 * (h - c) - 1, 2 * c);
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

double
lab_attention_rope_frequency (guint  p,
                              guint  d_head,
                              double base)
{
  return pow (base, -2.0 * (double) p / (double) d_head);
}

/* ------------------------------------------------------------------ */
/* softmax */

double
lab_attention_softmax_row (double *row,
                           guint   n)
{
  double mx = -INFINITY, sum = 0, t = 0, inv;

  for (guint j = 0; j < n; j++)
    mx = MAX (mx, row[j]);
  if (!isfinite (mx))
    {
      /* every key masked: attend to nothing (see the header) */
      memset (row, 0, n * sizeof (double));
      return 0;
    }
  /* the entropy without a logarithm per key: log w_j = (s_j − max) − log Σ, so
   * H = log Σ − Σ_j w_j (s_j − max) */
  for (guint j = 0; j < n; j++)
    {
      double d = row[j] - mx, e = exp (d);

      row[j] = e;
      sum += e;
      if (e > 0)
        t += e * d;
    }
  inv = 1.0 / sum;
  for (guint j = 0; j < n; j++)
    row[j] *= inv;
  return MAX (0.0, log (sum) - t * inv);
}

/* ------------------------------------------------------------------ */
/* KV cache */

void
lab_attention_kv_cache_bytes (guint            layers,
                              guint            seq_len,
                              guint            batch,
                              guint            dtype_bytes,
                              guint            d_model,
                              guint            heads,
                              guint            kv_heads,
                              guint            latent_dim,
                              guint            rope_dim,
                              LabKvCacheBytes *out)
{
  double tokens = (double) layers * seq_len * batch * dtype_bytes;
  double d_head = (double) d_model / heads;

  g_return_if_fail (heads > 0 && out != NULL);
  if (kv_heads == 0)
    kv_heads = heads;
  out->mha = 2 * tokens * heads * d_head;
  out->gqa = 2 * tokens * kv_heads * d_head;
  out->mqa = 2 * tokens * d_head;
  out->mla = tokens * ((double) latent_dim + rope_dim);
}

/* ------------------------------------------------------------------ */
/* one layer */

double
lab_attention_config_score_factor (const LabAttentionConfig *config)
{
  double c = config->scale ? 1.0 / sqrt ((double) (config->d_model / config->heads)) : 1.0;

  return config->qk_norm ? c * config->qk_gain : c;
}

double
lab_attention_config_bias (const LabAttentionConfig *config,
                           guint                     h,
                           guint                     i,
                           guint                     j)
{
  switch (config->position)
    {
    case LAB_ATTENTION_POSITION_ALIBI:
      /* a penalty: −m_h·(i − j) for j ≤ i; −m_h·|i − j| without the causal mask */
      return -lab_attention_alibi_slope (h + 1, config->heads) * fabs ((double) i - (double) j);
    case LAB_ATTENTION_POSITION_RELATIVE:
      return config->relative[h * LAB_ATTENTION_REL_BUCKETS + lab_attention_rel_bucket ((int) i - (int) j)];
    default:
      return 0;
    }
}

typedef struct
{
  const LabAttentionConfig *cfg;
  const double     *x, *w[3];
  guint             n, d_model, heads, kv_heads, d_head, group, kv_width;
  double           *qkv[3];      /* n × d_model, n × kv_width, n × kv_width */
  double           *raw, *weights, *output, *entropy;
  GCancellable     *cancellable;
  guint             n_tasks;
  gint              next;        /* atomic */
  gint              cancelled;   /* atomic */
  int               phase;       /* 0 projections, 1 normalise/rotate, 2 heads */
} Forward;

#define ROW_BLOCK 64

/* RMS-normalise (gain 1) and/or rotate one head's slice of every row */
static void
prepare_head (Forward *f,
              double  *m,
              guint    ld)
{
  const LabAttentionConfig *cfg = f->cfg;
  guint dh = f->d_head;

  for (guint i = 0; i < f->n; i++)
    {
      double *v = m + (gsize) i * ld;

      if (cfg->qk_norm)
        {
          double ss = 0;

          for (guint c = 0; c < dh; c++)
            ss += v[c] * v[c];
          ss = 1.0 / sqrt (ss / dh + 1e-6);
          for (guint c = 0; c < dh; c++)
            v[c] *= ss;
        }
      if (cfg->position == LAB_ATTENTION_POSITION_ROPE)
        for (guint p = 0; 2 * p + 1 < dh; p++)
          {
            double a = (double) i * lab_attention_rope_frequency (p, dh, cfg->rope_base);
            double cs = cos (a), sn = sin (a), x0 = v[2 * p], x1 = v[2 * p + 1];

            v[2 * p] = x0 * cs - x1 * sn;
            v[2 * p + 1] = x0 * sn + x1 * cs;
          }
    }
}

static void
forward_task (Forward *f,
              guint    t)
{
  const LabAttentionConfig *cfg = f->cfg;
  guint n = f->n, dm = f->d_model, dh = f->d_head, kw = f->kv_width;

  if (f->phase == 0)
    {
      /* Q, K, V = x·W in blocks of rows, the blocks shared between the threads */
      guint per = (n + ROW_BLOCK - 1) / ROW_BLOCK;
      guint which = t / per, r0 = (t % per) * ROW_BLOCK, rows = MIN (ROW_BLOCK, n - r0);
      guint width = which == 0 ? dm : kw;

      lab_gemm (FALSE, FALSE, rows, width, dm, 1.0, f->x + (gsize) r0 * dm, dm, f->w[which], width,
                0.0, f->qkv[which] + (gsize) r0 * width, width);
      return;
    }
  if (f->phase == 1)
    {
      if (t < f->heads)
        prepare_head (f, f->qkv[0] + t * dh, dm);
      else
        prepare_head (f, f->qkv[1] + (t - f->heads) * dh, kw);
      return;
    }

  {
    guint h = t, g = h / f->group;
    double *W = f->weights + (gsize) h * n * n;
    double *R = f->raw != NULL ? f->raw + (gsize) h * n * n : W;
    double c = lab_attention_config_score_factor (cfg);
    gboolean causal = cfg->mask == LAB_ATTENTION_MASK_CAUSAL;
    gboolean biased = cfg->position == LAB_ATTENTION_POSITION_ALIBI || cfg->position == LAB_ATTENTION_POSITION_RELATIVE;

    /* the scores Q_h K_gᵀ: head h's columns of Q, its group's of K, K read transposed */
    lab_gemm (FALSE, TRUE, n, n, dh, 1.0, f->qkv[0] + h * dh, dm, f->qkv[1] + g * dh, kw, 0.0, R, n);

    /* the lesson itself, written out: scale, bias, mask, temperature, a stable softmax, entropy */
    for (guint i = 0; i < n; i++)
      {
        const double *rr = R + (gsize) i * n;
        double *row = W + (gsize) i * n;
        guint last = causal ? i + 1 : n;   /* keys j < last are visible */
        double e;

        for (guint j = 0; j < last; j++)
          {
            double s = rr[j] * c;

            if (biased)
              s += lab_attention_config_bias (cfg, h, i, j);
            row[j] = s / cfg->temperature;
          }
        e = lab_attention_softmax_row (row, last);
        for (guint j = last; j < n; j++)
          row[j] = 0;
        if (f->entropy != NULL)
          f->entropy[(gsize) h * n + i] = e;
      }

    /* the outputs W_h V_g, into head h's columns */
    if (f->output != NULL)
      lab_gemm (FALSE, FALSE, n, dh, n, 1.0, W, n, f->qkv[2] + g * dh, kw, 0.0, f->output + h * dh, dm);
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
lab_attention_forward_full (const LabAttentionConfig *cfg,
                            const double             *x,
                            const double             *wq,
                            const double             *wk,
                            const double             *wv,
                            double                   *raw,
                            double                   *weights,
                            double                   *output,
                            double                   *entropy,
                            double                   *qkv_out,
                            guint                     n_threads,
                            GCancellable             *cancellable)
{
  Forward f = { 0 };
  g_autofree double *qkv_own = NULL;
  double *qkv;
  guint n = cfg->n, dm = cfg->d_model, kv;

  g_return_val_if_fail (x != NULL && wq != NULL && wk != NULL && wv != NULL, FALSE);
  g_return_val_if_fail (n > 0 && cfg->heads > 0 && dm % cfg->heads == 0, FALSE);
  kv = cfg->kv_heads == 0 ? cfg->heads : cfg->kv_heads;
  g_return_val_if_fail (cfg->heads % kv == 0, FALSE);
  g_return_val_if_fail (cfg->temperature > 0, FALSE);
  g_return_val_if_fail (cfg->position != LAB_ATTENTION_POSITION_RELATIVE || cfg->relative != NULL, FALSE);
  g_return_val_if_fail (weights != NULL, FALSE);

  f.cfg = cfg;
  f.n = n, f.d_model = dm, f.heads = cfg->heads, f.d_head = dm / cfg->heads;
  f.kv_heads = kv, f.group = cfg->heads / kv, f.kv_width = kv * f.d_head;
  qkv = qkv_out != NULL ? qkv_out : (qkv_own = g_new (double, (gsize) n * (dm + 2 * f.kv_width)));
  f.x = x, f.w[0] = wq, f.w[1] = wk, f.w[2] = wv;
  f.qkv[0] = qkv;
  f.qkv[1] = qkv + (gsize) n * dm;
  f.qkv[2] = f.qkv[1] + (gsize) n * f.kv_width;
  f.raw = raw, f.weights = weights, f.output = output, f.entropy = entropy;
  f.cancellable = cancellable;

  /* two threads only when each gets more than a few milliseconds of work */
  if ((double) n * dm * (dm + n) < 4e6)
    n_threads = 1;

  if (cfg->projections != NULL)
    memcpy (qkv, cfg->projections, (gsize) n * (dm + 2 * f.kv_width) * sizeof (double));
  else
    run_phase (&f, 3 * ((n + ROW_BLOCK - 1) / ROW_BLOCK), n_threads);
  if (g_atomic_int_get (&f.cancelled))
    return FALSE;
  if (cfg->qk_norm || cfg->position == LAB_ATTENTION_POSITION_ROPE)
    {
      f.phase = 1;
      run_phase (&f, cfg->heads + kv, n_threads);
      if (g_atomic_int_get (&f.cancelled))
        return FALSE;
    }
  f.phase = 2;
  run_phase (&f, cfg->heads, n_threads);
  return !g_atomic_int_get (&f.cancelled) && !g_cancellable_is_cancelled (cancellable);
}

gboolean
lab_attention_project (const double *x,
                       const double *wq,
                       const double *wk,
                       const double *wv,
                       guint         n,
                       guint         d_model,
                       guint         kv_width,
                       double       *proj,
                       guint         n_threads,
                       GCancellable *cancellable)
{
  Forward f = { 0 };

  f.n = n, f.d_model = d_model, f.kv_width = kv_width;
  f.x = x, f.w[0] = wq, f.w[1] = wk, f.w[2] = wv;
  f.qkv[0] = proj;
  f.qkv[1] = proj + (gsize) n * d_model;
  f.qkv[2] = f.qkv[1] + (gsize) n * kv_width;
  f.cancellable = cancellable;
  if ((double) n * d_model * d_model < 4e6)
    n_threads = 1;
  run_phase (&f, 3 * ((n + ROW_BLOCK - 1) / ROW_BLOCK), n_threads);
  return !g_atomic_int_get (&f.cancelled);
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
  LabAttentionConfig cfg = {
    .n = n, .d_model = d_model, .heads = heads, .kv_heads = heads,
    .temperature = temperature, .mask = mask,
    .position = bias == LAB_ATTENTION_BIAS_ALIBI ? LAB_ATTENTION_POSITION_ALIBI
              : bias == LAB_ATTENTION_BIAS_RELATIVE ? LAB_ATTENTION_POSITION_RELATIVE
              : LAB_ATTENTION_POSITION_NONE,
    .rope_base = 10000, .scale = TRUE, .qk_gain = 1, .relative = relative,
  };

  g_return_val_if_fail (heads > 0 && d_model % heads == 0, FALSE);
  return lab_attention_forward_full (&cfg, x, wq, wk, wv, NULL, weights, output, entropy, NULL,
                                     n_threads, cancellable);
}

/* ------------------------------------------------------------------ */
/* Performer */

void
lab_attention_performer_features (guint     m,
                                  guint     d,
                                  gboolean  orthogonal,
                                  guint64   seed,
                                  double   *omega)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (seed);

  if (!orthogonal)
    {
      for (gsize i = 0; i < (gsize) m * d; i++)
        omega[i] = lab_rng_gaussian (rng);
      return;
    }
  {
    gsl_matrix *g = gsl_matrix_alloc (d, d), *qm = gsl_matrix_alloc (d, d), *r = gsl_matrix_alloc (d, d);
    gsl_vector *tau = gsl_vector_alloc (d);

    for (guint r0 = 0; r0 < m; r0 += d)
      {
        guint rows = MIN (d, m - r0);

        for (guint i = 0; i < d; i++)
          for (guint j = 0; j < d; j++)
            gsl_matrix_set (g, i, j, lab_rng_gaussian (rng));
        gsl_linalg_QR_decomp (g, tau);
        gsl_linalg_QR_unpack (g, tau, qm, r);
        /* the columns of Q are orthonormal: they become this block's rows */
        for (guint i = 0; i < rows; i++)
          {
            double len = 0;

            for (guint j = 0; j < d; j++)
              {
                double z = lab_rng_gaussian (rng);

                len += z * z;
              }
            len = sqrt (len);
            for (guint j = 0; j < d; j++)
              omega[(gsize) (r0 + i) * d + j] = len * gsl_matrix_get (qm, j, i);
          }
      }
    gsl_matrix_free (g);
    gsl_matrix_free (qm);
    gsl_matrix_free (r);
    gsl_vector_free (tau);
  }
}

/* φ of n rows (scaled by √c) into phi (n × m), less @shift (per row when @per_row) */
static void
performer_phi (const double *x,
               guint         ldx,
               guint         n,
               guint         d,
               double        c,
               const double *omega,
               guint         m,
               gboolean      per_row,
               double       *phi)
{
  double sc = sqrt (c), gmax = -INFINITY;
  g_autofree double *xs = g_new (double, (gsize) n * d);
  g_autofree double *half = g_new (double, n);

  for (guint i = 0; i < n; i++)
    {
      double ss = 0;

      for (guint j = 0; j < d; j++)
        {
          double v = sc * x[(gsize) i * ldx + j];

          xs[(gsize) i * d + j] = v;
          ss += v * v;
        }
      half[i] = 0.5 * ss;
    }
  /* ω·x for every row and feature */
  lab_gemm (FALSE, TRUE, n, m, d, 1.0, xs, d, omega, d, 0.0, phi, m);
  for (guint i = 0; i < n; i++)
    for (guint r = 0; r < m; r++)
      {
        double *p = phi + (gsize) i * m + r;

        *p -= half[i];
        gmax = MAX (gmax, *p);
      }
  /* the stabilising shifts cancel in the row normalisation: per row for queries, one for all
   * keys (as in the Performer code) */
  for (guint i = 0; i < n; i++)
    {
      double shift = gmax;

      if (per_row)
        {
          shift = -INFINITY;
          for (guint r = 0; r < m; r++)
            shift = MAX (shift, phi[(gsize) i * m + r]);
        }
      for (guint r = 0; r < m; r++)
        phi[(gsize) i * m + r] = exp (phi[(gsize) i * m + r] - shift) / sqrt ((double) m);
    }
}

void
lab_attention_performer (const double *q,
                         guint         ldq,
                         const double *k,
                         guint         ldk,
                         guint         n,
                         guint         d,
                         double        c,
                         const double *omega,
                         guint         m,
                         gboolean      causal,
                         double       *approx)
{
  g_autofree double *pq = g_new (double, (gsize) n * m);
  g_autofree double *pk = g_new (double, (gsize) n * m);

  performer_phi (q, ldq, n, d, c, omega, m, TRUE, pq);
  performer_phi (k, ldk, n, d, c, omega, m, FALSE, pk);
  /* the n × n matrix written out for the heatmap (Performer's point is never to form it:
   * φ(K)ᵀV first costs O(n·m·d); the weights are the same) */
  lab_gemm (FALSE, TRUE, n, n, m, 1.0, pq, m, pk, m, 0.0, approx, n);
  for (guint i = 0; i < n; i++)
    {
      double *row = approx + (gsize) i * n, s = 0;
      guint last = causal ? i + 1 : n;

      for (guint j = 0; j < last; j++)
        s += row[j];
      for (guint j = 0; j < n; j++)
        row[j] = j < last && s > 0 ? row[j] / s : 0;
    }
}

/* ------------------------------------------------------------------ */
/* Linformer */

void
lab_attention_linformer (const double *q,
                         guint         ldq,
                         const double *k,
                         guint         ldk,
                         const double *v,
                         guint         ldv,
                         guint         n,
                         guint         d,
                         double        c,
                         const double *e,
                         const double *f,
                         guint         rank,
                         double       *approx,
                         double       *out,
                         guint         ldo)
{
  g_autofree double *kp = g_new (double, (gsize) rank * d);
  g_autofree double *vp = g_new (double, (gsize) rank * d);
  g_autofree double *p = g_new (double, (gsize) n * rank);

  /* along the sequence: K′ = E·K, V′ = F·V (rank × d) */
  lab_gemm (FALSE, FALSE, rank, d, n, 1.0, e, n, k, ldk, 0.0, kp, d);
  lab_gemm (FALSE, FALSE, rank, d, n, 1.0, f, n, v, ldv, 0.0, vp, d);
  lab_gemm (FALSE, TRUE, n, rank, d, 1.0, q, ldq, kp, d, 0.0, p, rank);
  for (guint i = 0; i < n; i++)
    {
      double *row = p + (gsize) i * rank;

      for (guint r = 0; r < rank; r++)
        row[r] *= c;
      lab_attention_softmax_row (row, rank);
    }
  lab_gemm (FALSE, FALSE, n, d, rank, 1.0, p, rank, vp, d, 0.0, out, ldo);
  lab_gemm (FALSE, FALSE, n, n, rank, 1.0, p, rank, f, n, 0.0, approx, n);
}
