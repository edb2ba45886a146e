/* attention.h — scaled dot-product attention: masks, positions, GQA, kernels, entropy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_ATTENTION_SEQUENCE_RANDOM,
  LAB_ATTENTION_SEQUENCE_REPEATING,
  LAB_ATTENTION_SEQUENCE_COPY,
} LabAttentionSequence;

typedef enum
{
  LAB_ATTENTION_MASK_NONE,
  LAB_ATTENTION_MASK_CAUSAL,
} LabAttentionMask;

/* The old name of the additive position biases (kept: saved settings say bias=alibi). */
typedef enum
{
  LAB_ATTENTION_BIAS_NONE,
  LAB_ATTENTION_BIAS_ALIBI,
  LAB_ATTENTION_BIAS_RELATIVE,
} LabAttentionBias;

typedef enum
{
  LAB_ATTENTION_POSITION_NONE,
  LAB_ATTENTION_POSITION_SINUSOIDAL,
  LAB_ATTENTION_POSITION_ROPE,
  LAB_ATTENTION_POSITION_ALIBI,
  LAB_ATTENTION_POSITION_RELATIVE,
} LabAttentionPosition;

typedef enum
{
  LAB_ATTENTION_KERNEL_SOFTMAX,
  LAB_ATTENTION_KERNEL_PERFORMER,
  LAB_ATTENTION_KERNEL_LINFORMER,
} LabAttentionKernel;

typedef enum
{
  LAB_ATTENTION_PROJECTION_RANDOM,
  LAB_ATTENTION_PROJECTION_IDENTITY,
} LabAttentionProjection;

typedef enum
{
  LAB_ATTENTION_VIEW_HEAD,
  LAB_ATTENTION_VIEW_GRID,
  LAB_ATTENTION_VIEW_PIPELINE,
  LAB_ATTENTION_VIEW_ENTROPY,
  LAB_ATTENTION_VIEW_SIMILARITY,
  LAB_ATTENTION_VIEW_POSITIONS,
  LAB_ATTENTION_VIEW_ERROR,
  LAB_ATTENTION_VIEW_KV_CACHE,
} LabAttentionView;

typedef enum
{
  LAB_ATTENTION_SOURCE_SYNTHETIC,
  LAB_ATTENTION_SOURCE_DATA,
} LabAttentionSource;

typedef enum
{
  LAB_ATTENTION_INPUT_WEIGHTS,
  LAB_ATTENTION_INPUT_LOGITS,
} LabAttentionInput;

GType lab_attention_sequence_get_type   (void) G_GNUC_CONST;
GType lab_attention_mask_get_type       (void) G_GNUC_CONST;
GType lab_attention_bias_get_type       (void) G_GNUC_CONST;
GType lab_attention_position_get_type   (void) G_GNUC_CONST;
GType lab_attention_kernel_get_type     (void) G_GNUC_CONST;
GType lab_attention_projection_get_type (void) G_GNUC_CONST;
GType lab_attention_view_get_type       (void) G_GNUC_CONST;
GType lab_attention_source_get_type     (void) G_GNUC_CONST;
GType lab_attention_input_get_type      (void) G_GNUC_CONST;
#define LAB_TYPE_ATTENTION_SEQUENCE   (lab_attention_sequence_get_type ())
#define LAB_TYPE_ATTENTION_MASK       (lab_attention_mask_get_type ())
#define LAB_TYPE_ATTENTION_BIAS       (lab_attention_bias_get_type ())
#define LAB_TYPE_ATTENTION_POSITION   (lab_attention_position_get_type ())
#define LAB_TYPE_ATTENTION_KERNEL     (lab_attention_kernel_get_type ())
#define LAB_TYPE_ATTENTION_PROJECTION (lab_attention_projection_get_type ())
#define LAB_TYPE_ATTENTION_VIEW       (lab_attention_view_get_type ())
#define LAB_TYPE_ATTENTION_SOURCE     (lab_attention_source_get_type ())
#define LAB_TYPE_ATTENTION_INPUT      (lab_attention_input_get_type ())

#define LAB_TYPE_ATTENTION_PARAMS (lab_attention_params_get_type ())
G_DECLARE_FINAL_TYPE (LabAttentionParams, lab_attention_params, LAB, ATTENTION_PARAMS, LabParams)

/* Buckets of the relative-position bias (T5-style: exact near, logarithmic far, by direction). */
#define LAB_ATTENTION_REL_BUCKETS 32
/* The heatmap views' limits (the KV-cache view takes d-model ≤ 16384 and heads ≤ 128). */
#define LAB_ATTENTION_MAX_HEADS    16
#define LAB_ATTENTION_MAX_D_MODEL  1024
#define LAB_ATTENTION_MAX_TOKENS   512

/* The ALiBi slope of head @h (1 … @heads), by the rule of Press et al.'s code: for H a power
 * of two m_h = 2^(−8h/H); otherwise, with c the largest power of two below H, the c slopes of
 * c heads followed by the odd-numbered slopes (1st, 3rd, …) of 2c heads, H − c of them. */
double   lab_attention_alibi_slope (guint h, guint heads);
/* The relative-position bucket of offset @delta = i − j. */
guint    lab_attention_rel_bucket  (int delta);
/* RoPE's angular frequency of dimension pair @p (0 … d/2 − 1): θ_p = base^(−2p/d). */
double   lab_attention_rope_frequency (guint p, guint d_head, double base);

/* A numerically stable softmax of @row (n logits; −∞ marks a masked key) in place: subtracts
 * the row's largest finite logit, so [1000, 0, 0, 0] gives exactly [1, 0, 0, 0]. A row whose
 * every key is masked (or NaN-free but all −∞) becomes all zeros: it attends to nothing and
 * its output is the zero vector (documented, finite; what FlashAttention returns), entropy 0.
 * Returns the row's entropy in nats. */
double   lab_attention_softmax_row (double *row, guint n);

/* KV-cache sizes in bytes: K and V for every layer, token and sequence of the batch.
 * MHA/GQA/MQA: 2 · layers · batch · seq · kv_heads · d_head · dtype_bytes;
 * MLA (DeepSeek-V2): layers · batch · seq · (latent_dim + rope_dim) · dtype_bytes. */
typedef struct
{
  double mha, gqa, mqa, mla;
} LabKvCacheBytes;

void     lab_attention_kv_cache_bytes (guint layers, guint seq_len, guint batch, guint dtype_bytes,
                                       guint d_model, guint heads, guint kv_heads,
                                       guint latent_dim, guint rope_dim, LabKvCacheBytes *out);

/* What one attention layer computes (see lab_attention_forward_full). */
typedef struct
{
  guint                 n, d_model, heads;
  guint                 kv_heads;      /* 0 or heads: MHA; 1: MQA; a divisor of heads: GQA */
  double                temperature;
  LabAttentionMask      mask;
  LabAttentionPosition  position;      /* rope, alibi, relative act here; sinusoidal is in x */
  double                rope_base;
  gboolean              scale;         /* divide by √d_head */
  gboolean              qk_norm;       /* RMS-normalise q and k per head (gain 1) */
  double                qk_gain;       /* with qk_norm: the scores' extra factor */
  const double         *relative;      /* heads × LAB_ATTENTION_REL_BUCKETS for relative */
  /* optional: x·W_Q, x·W_K, x·W_V already made (lab_attention_project), reused as they are */
  const double         *projections;
} LabAttentionConfig;

/* x·W_Q (n × d_model), x·W_K and x·W_V (n × kv_width each) into @proj, one after the other, in
 * blocks of rows shared by up to @n_threads threads. FALSE when cancelled. */
gboolean lab_attention_project (const double *x, const double *wq, const double *wk, const double *wv,
                                guint n, guint d_model, guint kv_width, double *proj,
                                guint n_threads, GCancellable *cancellable);

/* The factor c of s = (c·q·k + B)/τ: 1/√d_head (scale) times qk_gain (qk_norm). */
double   lab_attention_config_score_factor (const LabAttentionConfig *config);
/* The additive bias B_h(i, j) (ALiBi penalty or relative table; 0 otherwise). */
double   lab_attention_config_bias (const LabAttentionConfig *config, guint h, guint i, guint j);

/* Multi-head self-attention of @x (n × d_model, row-major):
 *   Q = x·W_Q (d_model × d_model), K = x·W_K, V = x·W_V (d_model × kv_heads·d_head);
 *   per head h, with g = h / (heads / kv_heads) its key/value group:
 *   q, k optionally RMS-normalised and rotated (RoPE, position i of each token);
 *   raw_h = Q_h K_gᵀ; W_h = softmax_rows ((c·raw_h + B_h) / temperature), −∞ where masked;
 *   output[:, head h] = W_h V_g.
 * @raw (may be NULL): heads × n × n, the products QKᵀ after normalisation and rotation;
 * @weights: heads × n × n; @output (may be NULL: not computed): n × d_model; @entropy (may be
 * NULL): heads × n.
 * @qk_out (may be NULL): n × d_model queries then n × kv_heads·d_head keys and as many
 * values, as used (after normalisation and rotation). Uses up to @n_threads threads.
 * Returns FALSE only when cancelled. */
gboolean lab_attention_forward_full (const LabAttentionConfig *config,
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
                                     GCancellable             *cancellable);

/* The first pass's interface: MHA, scaled, with the old bias names. */
gboolean lab_attention_forward (const double     *x,
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
                                GCancellable     *cancellable);

/* Performer's FAVOR+ (Choromanski et al., 2021) for one head: positive random features
 * φ(x) = exp(ωᵣ·x − ‖x‖²/2)/√m of x = √c·q and √c·k (@omega: m × d rows ωᵣ), the weights
 * Â_ij = φ(q_i)·φ(k_j) / Σ_j′ φ(q_i)·φ(k_j′) (over j ≤ i with the causal mask) into
 * @approx (n × n). @q, @k: n rows of d with strides @ldq, @ldk. */
void     lab_attention_performer (const double *q, guint ldq, const double *k, guint ldk,
                                  guint n, guint d, double c, const double *omega, guint m,
                                  gboolean causal, double *approx);
/* m × d feature directions: i.i.d. N(0, I) rows, or (orthogonal) blocks of d orthonormal rows
 * each rescaled by the norm of a fresh Gaussian vector, so every row keeps the χ_d length. */
void     lab_attention_performer_features (guint m, guint d, gboolean orthogonal, guint64 seed,
                                           double *omega);

/* Linformer (Wang et al., 2020) for one head: K′ = E·K, V′ = F·V (E, F: rank × n, acting on
 * the sequence axis), P̄ = softmax_rows (c·Q K′ᵀ) (n × rank), output P̄ V′; the effective
 * weights over the n keys, P̄ F, into @approx (n × n) and the output into @out (n × d, stride
 * @ldo). */
void     lab_attention_linformer (const double *q, guint ldq, const double *k, guint ldk,
                                  const double *v, guint ldv, guint n, guint d, double c,
                                  const double *e, const double *f, guint rank,
                                  double *approx, double *out, guint ldo);

extern const LabTopic lab_topic_attention;

G_END_DECLS
