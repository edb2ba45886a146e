/* attention-private.h — shared by the files of the "attention" topic, no one else
 *
 * compute: tokens (synthetic letters, the user's text, or a CSV matrix of weights) → embeddings
 * → projections W_Q, W_K, W_V (GQA: fewer K/V heads) → per head softmax((c·q·k + B)/τ) with an
 * optional causal mask, RoPE, QK-norm, ALiBi or relative biases; the outputs, the entropy of
 * every row, the heads' similarity, Performer/Linformer approximations and the positional
 * curves. The selected head and query row are view parameters: they only rebuild the figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-error.h"
#include "lab-linalg.h"
#include "lab-rng.h"

#include "attention.h"

G_BEGIN_DECLS

#define VOCAB          26      /* tokens are letters A … Z */
#define REPEAT_PERIOD  5
#define MAX_LABELLED   40      /* token names as tick labels up to this many tokens */
#define REL_SCALE      1.5     /* spread of the synthetic relative-position bias table */
#define PE_AMPLITUDE   0.5     /* the sinusoidal code's size next to N(0, 1) embeddings */
#define SUM_TOLERANCE  1e-6    /* rows of a weights file must sum to 1 within this */

enum { TAG_HEATMAP, TAG_ENTROPY, TAG_ROW, TAG_SIMILARITY, TAG_OTHER, TAG_GRID = 100 /* + head index */ };

/* ------------------------------------------------------------------ */
/* result */

typedef struct
{
  LabResult             parent;
  LabAttentionView      view;
  gboolean              have_attention;   /* FALSE for view=kv-cache */
  gboolean              from_data;
  LabAttentionInput     input;
  guint                 n, d_model, heads, kv_heads, d_head;
  LabAttentionConfig    cfg;              /* cfg.relative points at @relative */
  LabAttentionKernel    kernel;
  char                **query_tokens;     /* n labels (NULL-terminated) */
  char                **key_tokens;       /* n labels */
  gboolean              text_tokens;      /* labels are the user's words */
  double               *raw;              /* heads × n × n: q·k (NULL: a weights file) */
  double               *weights;          /* heads × n × n */
  double               *output;           /* n × d_model, only with kernel ≠ softmax */
  double               *entropy;          /* heads × n */
  double               *head_entropy;     /* heads: mean over rows */
  double               *relative;         /* heads × LAB_ATTENTION_REL_BUCKETS */
  double               *similarity;       /* heads × heads: cosine of the weight matrices */
  double               *approx;           /* heads × n × n: the kernel's weights, or NULL */
  double                approx_error_output, approx_error_weights;
  guint                 features, rank;
  /* view=positions: the score of two identical tokens at offsets 0 … n_offsets − 1 */
  guint                 train_length, n_offsets;
  double               *offset_scores;    /* heads × n_offsets */
  double                mean_entropy;
  double                max_entropy;      /* ln n */
  double                causal_max;       /* mean over rows of ln(i + 1) */
  double                row_sums_max_error;
} AttentionResult;

/* The logits (c·q·k + B)/τ of head @h row @i into @row (−∞ where masked). */
void attention_result_logits_row (const AttentionResult *self, guint h, guint i, double *row);

LabTopicCompute attention_compute;
LabTopicBuild attention_build;
LabTopicMetrics attention_metrics;
LabTopicClick attention_click;
LabTopicSuggestRange attention_suggest_range;

G_END_DECLS
