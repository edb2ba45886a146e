/* attention-compute.c — the attention topic on the worker: tokens and embeddings, the layer, the
 * approximations and the positional curves (the numerics are in attention-forward.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <glib/gi18n.h>

#include "lab-cache.h"

#include "attention-private.h"

/* The n × n × heads arrays (16 MiB each at 512 tokens × 8 heads): aligned to 2 MiB and offered to
 * the kernel as transparent huge pages, so filling them costs a few page faults instead of
 * thousands (a fifth of the compute at that size). Freed with g_free (it is free). */
static double *
big_new (gsize count)
{
  gsize bytes = count * sizeof (double);
  void *p = NULL;

  if (bytes < ((gsize) 4 << 20) || posix_memalign (&p, (gsize) 2 << 20, bytes) != 0)
    return g_new (double, count);
#ifdef MADV_HUGEPAGE
  madvise (p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

static void
attention_result_finalize (LabResult *result)
{
  AttentionResult *self = (AttentionResult *) result;

  g_strfreev (self->query_tokens);
  g_strfreev (self->key_tokens);
  g_free (self->raw);
  g_free (self->weights);
  g_free (self->output);
  g_free (self->entropy);
  g_free (self->head_entropy);
  g_free (self->relative);
  g_free (self->similarity);
  g_free (self->approx);
  g_free (self->offset_scores);
}

void
attention_result_logits_row (const AttentionResult *self,
                             guint                  h,
                             guint                  i,
                             double                *row)
{
  guint n = self->n;
  const double *r = self->raw + ((gsize) h * n + i) * n;
  double c = self->from_data ? 1.0 : lab_attention_config_score_factor (&self->cfg);
  gboolean causal = self->cfg.mask == LAB_ATTENTION_MASK_CAUSAL;

  for (guint j = 0; j < n; j++)
    row[j] = causal && j > i ? -INFINITY
             : (c * r[j] + lab_attention_config_bias (&self->cfg, h, i, j)) / self->cfg.temperature;
}

/* ------------------------------------------------------------------ */
/* tokens */

/* FNV-1a of the token's bytes mixed with the seed: the seed of its embedding, so the same word
 * gets the same vector wherever it stands and in every sentence */
static guint64
token_seed (const char *token,
            guint64     seed)
{
  guint64 h = 0xcbf29ce484222325ull;

  for (const guchar *p = (const guchar *) token; *p; p++)
    h = (h ^ *p) * 0x100000001b3ull;
  return h ^ (seed * 0x9e3779b97f4a7c15ull);
}

/* the user's text split on white space; NULL with an error beyond the limit */
static char **
split_text (const char  *text,
            guint       *n_out,
            GError     **error)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  const char *p = text, *start = NULL;

  for (;; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      gboolean space = ch == 0 || g_unichar_isspace (ch);

      if (!space && start == NULL)
        start = p;
      else if (space && start != NULL)
        {
          g_ptr_array_add (words, g_strndup (start, p - start));
          start = NULL;
        }
      if (ch == 0)
        break;
    }
  if (words->len > LAB_ATTENTION_MAX_TOKENS)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("text has %u tokens: the heatmaps take at most %d (shorten the text)"),
                   words->len, LAB_ATTENTION_MAX_TOKENS);
      return NULL;
    }
  *n_out = words->len;
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

/* ------------------------------------------------------------------ */
/* what every result with weights has: entropies, row sums, the heads' similarity */

static void
finish_result (AttentionResult *self)
{
  guint n = self->n, heads = self->heads;

  self->head_entropy = g_new0 (double, heads);
  self->mean_entropy = 0;
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

  /* head to head: the cosine of the flattened weight matrices (W Wᵀ over the n² entries) */
  self->similarity = g_new (double, (gsize) heads * heads);
  lab_gemm (FALSE, TRUE, heads, heads, n * n, 1.0, self->weights, n * n, self->weights, n * n, 0.0,
            self->similarity, heads);
  {
    g_autofree double *d = g_new (double, heads);

    for (guint a = 0; a < heads; a++)
      d[a] = sqrt (self->similarity[a * heads + a]);
    for (guint a = 0; a < heads; a++)
      for (guint b = 0; b < heads; b++)
        self->similarity[a * heads + b] = d[a] > 0 && d[b] > 0 ? self->similarity[a * heads + b] / (d[a] * d[b]) : 0;
  }
}

/* ------------------------------------------------------------------ */
/* a matrix from a file */

static LabResult *
compute_from_data (LabParams   *params,
                   LabDataset  *data,
                   GError     **error)
{
  g_autoptr(LabResult) result = NULL;
  AttentionResult *self;
  guint nc = lab_dataset_get_n_columns (data), first = 0, n;
  gsize rows = lab_dataset_get_n_rows (data);
  LabAttentionInput input = lab_params_get_enum (params, "input");
  const char *name = lab_dataset_get_name (data);

  if (nc > 0 && lab_dataset_get_column_type (data, 0) == LAB_COLUMN_TEXT)
    first = 1;   /* the query tokens */
  n = nc - first;
  if (rows == 0 || n == 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: no matrix: expected one row per query and one number per key"), name);
      return NULL;
    }
  if (rows != n)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: %lu query rows but %u key columns: a self-attention matrix is square "
                     "(one row and one column per token)"), name, (unsigned long) rows, n);
      return NULL;
    }
  if (n > LAB_ATTENTION_MAX_TOKENS)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %u tokens: the heatmaps take at most %d"),
                   name, n, LAB_ATTENTION_MAX_TOKENS);
      return NULL;
    }
  for (guint c = first; c < nc; c++)
    if (lab_dataset_get_numbers (data, c) == NULL)
      {
        /* a text column: name its first cell that is not a number */
        for (gsize r = 0; r < rows; r++)
          {
            g_autofree char *cell = lab_dataset_dup_cell_text (data, r, c);
            char *end = NULL;

            g_ascii_strtod (cell, &end);
            if (cell[0] == '\0' || *end != '\0')
              {
                lab_dataset_set_cell_error (data, r, c, error,
                                            _("expected a number (a weight), found “%s”"), cell);
                return NULL;
              }
          }
        lab_dataset_set_cell_error (data, 0, c, error, _("column %u is not numeric"), c + 1);
        return NULL;
      }

  result = lab_result_alloc (sizeof (AttentionResult), attention_result_finalize);
  self = (AttentionResult *) result;
  self->from_data = TRUE;
  self->have_attention = TRUE;
  self->view = lab_params_get_enum (params, "view");
  self->input = input;
  self->n = n, self->heads = 1, self->kv_heads = 1, self->d_model = 0, self->d_head = 0;
  self->cfg.n = n, self->cfg.heads = 1, self->cfg.kv_heads = 1, self->cfg.temperature = 1;
  self->cfg.position = LAB_ATTENTION_POSITION_NONE;
  self->cfg.mask = LAB_ATTENTION_MASK_NONE;
  self->kernel = LAB_ATTENTION_KERNEL_SOFTMAX;
  self->text_tokens = TRUE;
  self->query_tokens = g_new0 (char *, n + 1);
  self->key_tokens = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      self->query_tokens[i] = first ? lab_dataset_dup_cell_text (data, i, 0) : g_strdup_printf ("%u", i);
      self->key_tokens[i] = lab_dataset_has_header (data) ? g_strdup (lab_dataset_get_column_name (data, first + i))
                                                          : g_strdup_printf ("%u", i);
    }
  self->weights = g_new (double, (gsize) n * n);
  self->entropy = g_new (double, n);
  if (input == LAB_ATTENTION_INPUT_LOGITS)
    {
      self->cfg.temperature = lab_params_get_double (params, "temperature");
      self->cfg.mask = lab_params_get_enum (params, "mask");
      self->raw = g_new (double, (gsize) n * n);
    }
  for (guint i = 0; i < n; i++)
    {
      double *row = self->weights + (gsize) i * n, sum = 0;

      for (guint j = 0; j < n; j++)
        {
          double v = lab_dataset_get_numbers (data, first + j)[i];

          if (isnan (v) || !isfinite (v))
            {
              lab_dataset_set_cell_error (data, i, first + j, error,
                                          _("a missing or infinite value: every query needs a number for every key"));
              return NULL;
            }
          if (input == LAB_ATTENTION_INPUT_WEIGHTS && v < 0)
            {
              lab_dataset_set_cell_error (data, i, first + j, error,
                                          _("the weight %g is negative: attention weights are ≥ 0 "
                                            "(use input=logits for scores)"), v);
              return NULL;
            }
          row[j] = v;
          sum += v;
        }
      if (input == LAB_ATTENTION_INPUT_WEIGHTS)
        {
          if (fabs (sum - 1.0) > SUM_TOLERANCE)
            {
              guint line = 0, col = 0;

              lab_dataset_locate (data, i, first, &line, &col);
              g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                           _("%s:%u: row %u (query “%s”) sums to %.9g, not 1 within 1e-6: attention weights "
                             "sum to 1 over the keys (use input=logits to apply the softmax)"),
                           name, line, i, self->query_tokens[i], sum);
              return NULL;
            }
          self->entropy[i] = 0;
          for (guint j = 0; j < n; j++)
            if (row[j] > 0)
              self->entropy[i] -= row[j] * log (row[j]);
        }
      else
        {
          memcpy (self->raw + (gsize) i * n, row, n * sizeof (double));
          attention_result_logits_row (self, 0, i, row);
          self->entropy[i] = lab_attention_softmax_row (row, n);
        }
    }
  finish_result (self);
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------ */
/* checks */

static gboolean
check_params (LabParams  *params,
              gboolean    attention,
              GError    **error)
{
  guint dm = (guint) lab_params_get_int (params, "d-model");
  guint heads = (guint) lab_params_get_int (params, "heads");
  guint kv = (guint) lab_params_get_int (params, "kv-heads");
  LabAttentionKernel kernel = lab_params_get_enum (params, "kernel");
  LabAttentionPosition pos = lab_params_get_enum (params, "position");
  LabAttentionBias bias = lab_params_get_enum (params, "bias");

  if (bias != LAB_ATTENTION_BIAS_NONE)
    pos = bias == LAB_ATTENTION_BIAS_ALIBI ? LAB_ATTENTION_POSITION_ALIBI : LAB_ATTENTION_POSITION_RELATIVE;
  if (dm % heads != 0)
    {
      guint lo = dm / heads * heads, hi = lo + heads;

      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("d-model=%u is not divisible by heads=%u: each head needs d_model / heads whole dimensions "
                     "(try d-model=%u or d-model=%u)"),
                   dm, heads, lo > 0 ? lo : hi, hi);
      return FALSE;
    }
  if (kv > heads || (kv > 0 && heads % kv != 0))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("kv-heads=%u must divide heads=%u: the query heads share keys and values in equal groups "
                     "(0 or %u: MHA, 1: MQA)"), kv, heads, heads);
      return FALSE;
    }
  if (!attention)
    return TRUE;
  if (heads > LAB_ATTENTION_MAX_HEADS || dm > LAB_ATTENTION_MAX_D_MODEL)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("heads=%u, d-model=%u: the heatmap views draw at most heads=%d and d-model=%d "
                     "(view=kv-cache takes up to 128 and 16384)"),
                   heads, dm, LAB_ATTENTION_MAX_HEADS, LAB_ATTENTION_MAX_D_MODEL);
      return FALSE;
    }
  if (kernel != LAB_ATTENTION_KERNEL_SOFTMAX
      && (pos == LAB_ATTENTION_POSITION_ALIBI || pos == LAB_ATTENTION_POSITION_RELATIVE))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                   _("kernel=%s approximates exp(q·k) and has no additive bias: use position=none, sinusoidal or rope"),
                   kernel == LAB_ATTENTION_KERNEL_PERFORMER ? "performer" : "linformer");
      return FALSE;
    }
  if (kernel == LAB_ATTENTION_KERNEL_LINFORMER && lab_params_get_enum (params, "mask") == LAB_ATTENTION_MASK_CAUSAL)
    {
      g_set_error_literal (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("kernel=linformer takes mask=none: its projection mixes every position, future keys included"));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the curves of view=positions: two identical tokens, the query Δ after the key */

static gboolean
positions_curves (AttentionResult *self,
                  const double    *e,
                  const double    *wq,
                  const double    *wk,
                  GCancellable    *cancellable)
{
  guint dm = self->d_model, dh = self->d_head, kw = self->kv_heads * dh, N = self->n_offsets;
  gboolean sinusoidal = self->cfg.position == LAB_ATTENTION_POSITION_SINUSOIDAL;
  gboolean rope = self->cfg.position == LAB_ATTENTION_POSITION_ROPE;
  double c = lab_attention_config_score_factor (&self->cfg);
  g_autofree double *xq = g_new (double, dm), *xk = g_new (double, dm);
  g_autofree double *q = g_new (double, dm), *k = g_new (double, kw);

  self->offset_scores = g_new (double, (gsize) self->heads * N);
  for (guint c2 = 0; c2 < dm; c2++)
    xk[c2] = e[c2] + (sinusoidal && (c2 & 1) ? PE_AMPLITUDE : 0);   /* PE(0): sin 0, cos 0 */
  lab_gemm (FALSE, FALSE, 1, kw, dm, 1.0, xk, dm, wk, kw, 0.0, k, kw);
  for (guint d = 0; d < N; d++)
    {
      if (d % 64 == 63 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      for (guint c2 = 0; c2 < dm; c2++)
        {
          double freq = pow (10000.0, -(double) (c2 & ~1u) / dm);

          xq[c2] = e[c2] + (sinusoidal ? PE_AMPLITUDE * ((c2 & 1) ? cos (d * freq) : sin (d * freq)) : 0);
        }
      lab_gemm (FALSE, FALSE, 1, dm, dm, 1.0, xq, dm, wq, dm, 0.0, q, dm);
      for (guint h = 0; h < self->heads; h++)
        {
          double qh[LAB_ATTENTION_MAX_D_MODEL], kh[LAB_ATTENTION_MAX_D_MODEL], nq = 0, nk = 0, s = 0;
          guint g = h / (self->heads / self->kv_heads);

          memcpy (qh, q + h * dh, dh * sizeof (double));
          memcpy (kh, k + g * dh, dh * sizeof (double));
          if (self->cfg.qk_norm)
            {
              for (guint t = 0; t < dh; t++)
                nq += qh[t] * qh[t], nk += kh[t] * kh[t];
              nq = 1.0 / sqrt (nq / dh + 1e-6), nk = 1.0 / sqrt (nk / dh + 1e-6);
              for (guint t = 0; t < dh; t++)
                qh[t] *= nq, kh[t] *= nk;
            }
          if (rope)
            for (guint p = 0; 2 * p + 1 < dh; p++)
              {
                /* the key sits at position 0 (no rotation), the query at d */
                double a = d * lab_attention_rope_frequency (p, dh, self->cfg.rope_base);
                double cs = cos (a), sn = sin (a), x0 = qh[2 * p], x1 = qh[2 * p + 1];

                qh[2 * p] = x0 * cs - x1 * sn;
                qh[2 * p + 1] = x0 * sn + x1 * cs;
              }
          for (guint t = 0; t < dh; t++)
            s += qh[t] * kh[t];
          self->offset_scores[(gsize) h * N + d] = (c * s + lab_attention_config_bias (&self->cfg, h, d, 0))
                                                   / self->cfg.temperature;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* the inputs: tokens, embeddings, projections; kept in lab-cache for the next compute, since a
 * temperature, mask or scale change leaves them alone (they are 3/4 of the products) */

typedef struct
{
  guint    n, d_model, kv_width, heads;
  char   **tokens;     /* n labels */
  double  *emb0;       /* d_model: the first token's embedding, without position */
  double  *x;          /* n × d_model */
  double  *w;          /* W_Q (d_model²) then W_K and W_V (d_model × kv_width each) */
  double  *relative;   /* heads × LAB_ATTENTION_REL_BUCKETS */
  double  *proj;       /* x·W_Q, x·W_K, x·W_V */
} Inputs;

static void
inputs_clear (gpointer data)
{
  Inputs *in = data;

  g_strfreev (in->tokens);
  g_free (in->emb0);
  g_free (in->x);
  g_free (in->w);
  g_free (in->relative);
  g_free (in->proj);
}

static void
inputs_release (Inputs *in)
{
  g_atomic_rc_box_release_full (in, inputs_clear);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Inputs, inputs_release)

static Inputs *
get_inputs (LabParams     *params,
            guint          n,
            char         **words,
            guint          dm,
            guint          heads,
            guint          kw,
            gboolean       sinusoidal,
            GCancellable  *cancellable)
{
  guint64 seed = (guint64) lab_params_get_int (params, "seed");
  LabAttentionSequence seq = lab_params_get_enum (params, "sequence");
  guint dh = dm / heads;
  double wscale = 1.0 / sqrt ((double) dm);
  g_autofree char *joined = words != NULL ? g_strjoinv (" ", words) : NULL;
  g_autofree char *key = g_strdup_printf ("seed=%" G_GUINT64_FORMAT " n=%u dm=%u heads=%u kw=%u sin=%d seq=%d text=%s",
                                          seed, n, dm, heads, kw, sinusoidal, (int) seq, joined ? joined : "");
  g_autoptr(Inputs) in = lab_cache_lookup ("attention/inputs", key);
  g_autoptr(gsl_rng) rng = NULL;
  g_autofree double *emb = NULL;
  g_autofree guint8 *ids = NULL;

  if (in != NULL)
    return g_steal_pointer (&in);

  in = g_atomic_rc_box_new0 (Inputs);
  in->n = n, in->d_model = dm, in->kv_width = kw, in->heads = heads;

  /* embeddings: a token's vector (plus the sinusoidal code of Vaswani et al. with position=sinusoidal) */
  rng = lab_rng_new (seed);
  emb = g_new (double, (gsize) MAX (n, VOCAB) * dm);
  in->tokens = g_new0 (char *, n + 1);
  if (words != NULL)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(gsl_rng) trng = lab_rng_new (token_seed (words[i], seed));

        for (guint c = 0; c < dm; c++)
          emb[(gsize) i * dm + c] = lab_rng_gaussian (trng);
        in->tokens[i] = g_strdup (words[i]);
      }
  else
    {
      ids = g_new (guint8, n);
      for (gsize i = 0; i < (gsize) VOCAB * dm; i++)
        emb[i] = lab_rng_gaussian (rng);
      for (guint i = 0; i < n; i++)
        switch (seq)
          {
          case LAB_ATTENTION_SEQUENCE_REPEATING:
            ids[i] = i % REPEAT_PERIOD;
            break;
          case LAB_ATTENTION_SEQUENCE_COPY:
            ids[i] = i < (n + 1) / 2 ? (guint8) gsl_rng_uniform_int (rng, VOCAB) : ids[i - (n + 1) / 2];
            break;
          case LAB_ATTENTION_SEQUENCE_RANDOM:
          default:
            ids[i] = (guint8) gsl_rng_uniform_int (rng, VOCAB);
            break;
          }
      for (guint i = 0; i < n; i++)
        in->tokens[i] = g_strdup_printf ("%c%u", 'A' + ids[i], i);
    }
  in->emb0 = g_memdup2 (ids != NULL ? emb + (gsize) ids[0] * dm : emb, dm * sizeof (double));
  in->x = g_new (double, (gsize) n * dm);
  for (guint c = 0; c < dm; c++)
    {
      double freq = pow (10000.0, -(double) (c & ~1u) / dm);

      for (guint i = 0; i < n; i++)
        {
          double e = ids != NULL ? emb[(gsize) ids[i] * dm + c] : emb[(gsize) i * dm + c];

          in->x[(gsize) i * dm + c] = e + (sinusoidal ? PE_AMPLITUDE * ((c & 1) ? cos (i * freq) : sin (i * freq)) : 0);
        }
    }
  /* W_Q (d_model × d_model), then W_K and W_V (d_model × kv_heads·d_head) */
  in->w = g_new (double, (gsize) dm * (dm + 2 * kw));
  for (gsize i = 0; i < (gsize) dm * (dm + 2 * kw); i++)
    in->w[i] = wscale * lab_rng_gaussian (rng);
  /* head 1 matches content: its group's slice of W_K equals head 1's slice of W_Q, so
   * q_i·k_j = x_i W W^T x_j is a similarity and equal tokens find each other; the other heads
   * stay random */
  for (guint r = 0; r < dm; r++)
    memcpy (in->w + (gsize) dm * dm + (gsize) r * kw, in->w + (gsize) r * dm, dh * sizeof (double));
  in->relative = g_new (double, (gsize) heads * LAB_ATTENTION_REL_BUCKETS);
  for (gsize i = 0; i < (gsize) heads * LAB_ATTENTION_REL_BUCKETS; i++)
    in->relative[i] = REL_SCALE * lab_rng_gaussian (rng);
  in->proj = g_new (double, (gsize) n * (dm + 2 * kw));
  if (!lab_attention_project (in->x, in->w, in->w + (gsize) dm * dm, in->w + (gsize) dm * dm + (gsize) dm * kw,
                              n, dm, kw, in->proj, MIN (g_get_num_processors (), 2), cancellable))
    return NULL;
  lab_cache_store ("attention/inputs", key, in, inputs_clear);
  return g_steal_pointer (&in);
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
  guint dm = (guint) lab_params_get_int (params, "d-model");
  guint heads = (guint) lab_params_get_int (params, "heads");
  guint kv = (guint) lab_params_get_int (params, "kv-heads");
  guint64 seed = (guint64) lab_params_get_int (params, "seed");
  LabAttentionView view = lab_params_get_enum (params, "view");
  LabAttentionBias bias = lab_params_get_enum (params, "bias");
  const char *text = lab_params_get_string (params, "text");
  g_autoptr(LabResult) result = NULL;
  AttentionResult *self;
  g_autofree double *qkv = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(Inputs) in = NULL;
  guint n, dh, kw;
  gboolean attention = view != LAB_ATTENTION_VIEW_KV_CACHE;

  if (lab_params_get_enum (params, "source") == LAB_ATTENTION_SOURCE_DATA)
    {
      if (data == NULL)
        {
          g_set_error_literal (error, LAB_ERROR, LAB_ERROR_USAGE,
                               _("source=data needs a dataset: open a CSV file (--data FILE on the command line)"));
          return NULL;
        }
      return compute_from_data (params, data, error);
    }
  if (!check_params (params, attention, error))
    return NULL;

  result = lab_result_alloc (sizeof (AttentionResult), attention_result_finalize);
  self = (AttentionResult *) result;
  self->view = view;
  if (kv == 0)
    kv = heads;
  self->d_model = dm, self->heads = heads, self->kv_heads = kv, self->d_head = dh = dm / heads;
  kw = kv * dh;
  if (!attention)
    return g_steal_pointer (&result);

  /* the tokens: the user's words, or letters */
  if (text != NULL && *text != '\0')
    {
      words = split_text (text, &n, error);
      if (words == NULL)
        return NULL;
    }
  if (words == NULL || n == 0)
    {
      g_clear_pointer (&words, g_strfreev);
      n = (guint) lab_params_get_int (params, "tokens");
    }

  self->have_attention = TRUE;
  self->n = n;
  self->kernel = lab_params_get_enum (params, "kernel");
  self->cfg = (LabAttentionConfig) {
    .n = n, .d_model = dm, .heads = heads, .kv_heads = kv,
    .temperature = lab_params_get_double (params, "temperature"),
    .mask = lab_params_get_enum (params, "mask"),
    .position = lab_params_get_enum (params, "position"),
    .rope_base = lab_params_get_double (params, "rope-base"),
    .scale = lab_params_get_boolean (params, "scale"),
    .qk_norm = lab_params_get_boolean (params, "qk-norm"),
    .qk_gain = lab_params_get_double (params, "qk-gain"),
  };
  /* bias= is the first pass's name for the additive biases: when set it decides */
  if (bias != LAB_ATTENTION_BIAS_NONE)
    self->cfg.position = bias == LAB_ATTENTION_BIAS_ALIBI ? LAB_ATTENTION_POSITION_ALIBI : LAB_ATTENTION_POSITION_RELATIVE;

  in = get_inputs (params, n, words, dm, heads, kw,
                   self->cfg.position == LAB_ATTENTION_POSITION_SINUSOIDAL, cancellable);
  if (in == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return NULL;
    }
  self->text_tokens = words != NULL;
  self->query_tokens = g_strdupv (in->tokens);
  self->key_tokens = g_strdupv (in->tokens);
  self->relative = g_memdup2 (in->relative, (gsize) heads * LAB_ATTENTION_REL_BUCKETS * sizeof (double));
  self->cfg.relative = self->relative;
  self->cfg.projections = in->proj;
  lab_progress_set (progress, 0.3);

  self->raw = big_new ((gsize) heads * n * n);
  self->weights = big_new ((gsize) heads * n * n);
  /* the outputs W·V are shown nowhere; they are made for the approximations to be compared on */
  if (self->kernel != LAB_ATTENTION_KERNEL_SOFTMAX)
    self->output = g_new (double, (gsize) n * dm);
  self->entropy = g_new (double, (gsize) heads * n);
  qkv = g_new (double, (gsize) n * (dm + 2 * kw));
  if (!lab_attention_forward_full (&self->cfg, in->x, in->w, in->w + (gsize) dm * dm,
                                   in->w + (gsize) dm * dm + (gsize) dm * kw,
                                   self->raw, self->weights, self->output, self->entropy, qkv,
                                   MIN (g_get_num_processors (), 2), cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return NULL;
    }
  self->cfg.projections = NULL;   /* the cache's, not the result's */
  lab_progress_set (progress, 0.7);

  /* the approximations, head by head, against the exact weights and outputs */
  if (self->kernel != LAB_ATTENTION_KERNEL_SOFTMAX)
    {
      double c = lab_attention_config_score_factor (&self->cfg) / self->cfg.temperature;
      const double *Q = qkv, *K = qkv + (gsize) n * dm, *V = K + (gsize) n * kw;
      g_autofree double *omega = NULL, *e = NULL, *f = NULL, *out = g_new (double, (gsize) n * dh);

      self->approx = big_new ((gsize) heads * n * n);
      if (self->kernel == LAB_ATTENTION_KERNEL_PERFORMER)
        {
          self->features = (guint) lab_params_get_int (params, "features");
          omega = g_new (double, (gsize) self->features * dh);
          lab_attention_performer_features (self->features, dh, lab_params_get_boolean (params, "orthogonal"),
                                            seed ^ 0x5eed0fa7u, omega);
        }
      else
        {
          g_autoptr(gsl_rng) prng = lab_rng_new (seed ^ 0x11f0u);
          guint rank = self->rank = (guint) lab_params_get_int (params, "rank");
          gboolean identity = lab_params_get_enum (params, "projection") == LAB_ATTENTION_PROJECTION_IDENTITY;

          if (identity && rank != n)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("projection=identity needs rank = n = %u (it keeps every key; rank=%u)"), n, rank);
              return NULL;
            }
          if (rank > n)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                           _("rank=%u is more than the n = %u keys: Linformer projects n keys down to rank rows"), rank, n);
              return NULL;
            }
          e = g_new0 (double, (gsize) rank * n);
          f = g_new0 (double, (gsize) rank * n);
          for (gsize i = 0; i < (gsize) rank * n; i++)
            {
              /* entries N(0, 1/rank), as in the Linformer paper's Johnson–Lindenstrauss argument */
              e[i] = identity ? (i / n == i % n) : lab_rng_gaussian (prng) / sqrt ((double) rank);
              f[i] = identity ? (i / n == i % n) : lab_rng_gaussian (prng) / sqrt ((double) rank);
            }
        }
      for (guint h = 0; h < heads; h++)
        {
          guint g = h / (heads / kv);
          double *A = self->approx + (gsize) h * n * n;
          const double *W = self->weights + (gsize) h * n * n;

          if (g_cancellable_is_cancelled (cancellable))
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
              return NULL;
            }
          if (self->kernel == LAB_ATTENTION_KERNEL_PERFORMER)
            {
              lab_attention_performer (Q + h * dh, dm, K + g * dh, kw, n, dh, c, omega, self->features,
                                       self->cfg.mask == LAB_ATTENTION_MASK_CAUSAL, A);
              lab_gemm (FALSE, FALSE, n, dh, n, 1.0, A, n, V + g * dh, kw, 0.0, out, dh);
            }
          else
            lab_attention_linformer (Q + h * dh, dm, K + g * dh, kw, V + g * dh, kw, n, dh, c,
                                     e, f, self->rank, A, out, dh);
          for (gsize t = 0; t < (gsize) n * n; t++)
            self->approx_error_weights = MAX (self->approx_error_weights, fabs (A[t] - W[t]));
          for (guint i = 0; i < n; i++)
            for (guint t = 0; t < dh; t++)
              self->approx_error_output = MAX (self->approx_error_output,
                                               fabs (out[(gsize) i * dh + t] - self->output[(gsize) i * dm + h * dh + t]));
        }
    }

  if (view == LAB_ATTENTION_VIEW_POSITIONS)
    {
      self->train_length = (guint) lab_params_get_int (params, "train-length");
      self->n_offsets = 2 * self->train_length + 1;
      if (!positions_curves (self, in->emb0, in->w, in->w + (gsize) dm * dm, cancellable))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
          return NULL;
        }
    }
  lab_progress_set (progress, 0.9);

  finish_result (self);
  return g_steal_pointer (&result);
}
