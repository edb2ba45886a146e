/* attention.h — scaled dot-product attention: masks, positional biases, entropy
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

typedef enum
{
  LAB_ATTENTION_BIAS_NONE,
  LAB_ATTENTION_BIAS_ALIBI,
  LAB_ATTENTION_BIAS_RELATIVE,
} LabAttentionBias;

GType lab_attention_sequence_get_type (void) G_GNUC_CONST;
GType lab_attention_mask_get_type     (void) G_GNUC_CONST;
GType lab_attention_bias_get_type     (void) G_GNUC_CONST;
#define LAB_TYPE_ATTENTION_SEQUENCE (lab_attention_sequence_get_type ())
#define LAB_TYPE_ATTENTION_MASK     (lab_attention_mask_get_type ())
#define LAB_TYPE_ATTENTION_BIAS     (lab_attention_bias_get_type ())

#define LAB_TYPE_ATTENTION_PARAMS (lab_attention_params_get_type ())
G_DECLARE_FINAL_TYPE (LabAttentionParams, lab_attention_params, LAB, ATTENTION_PARAMS, LabParams)

/* Buckets of the relative-position bias (T5-style: exact near, logarithmic far, by direction). */
#define LAB_ATTENTION_REL_BUCKETS 32

/* The ALiBi slope of head @h (1 … @heads): m_h = 2^(−8h/H). */
double   lab_attention_alibi_slope (guint h, guint heads);
/* The relative-position bucket of offset @delta = i − j. */
guint    lab_attention_rel_bucket  (int delta);

/* Multi-head self-attention of @x (n × d_model, row-major):
 *   Q = x·W_Q, K = x·W_K, V = x·W_V (each d_model × d_model);
 *   per head h (columns h·d_head … of Q, K, V):
 *   W_h = softmax_rows ((Q_h K_hᵀ/√d_head + B_h) / temperature), −∞ where masked;
 *   output[:, head h] = W_h V_h.
 * @weights: heads × n × n; @output: n × d_model; @entropy (may be NULL): heads × n row
 * entropies in nats. @relative (heads × LAB_ATTENTION_REL_BUCKETS) is needed for
 * bias=relative only. Uses up to @n_threads threads. Returns FALSE only when cancelled. */
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

extern const LabTopic lab_topic_attention;

G_END_DECLS
