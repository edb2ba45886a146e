/* attention-private.h — shared by the files of the "attention" topic, no one else
 *
 * compute: synthetic token embeddings → random projections W_Q, W_K, W_V → per head
 * softmax((Q_h K_hᵀ/√d_head + bias) / temperature) with an optional causal mask, the
 * outputs W_h V_h, and the entropy of every row. The selected head and query row are
 * view parameters: switching them only rebuilds the figure.
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
#define MAX_LABELLED   40      /* token letters as tick labels up to this many tokens */
#define REL_SCALE      1.5     /* spread of the synthetic relative-position bias table */

enum { TAG_HEATMAP, TAG_ENTROPY, TAG_ROW };

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

LabTopicCompute attention_compute;
LabTopicBuild attention_build;
LabTopicMetrics attention_metrics;
LabTopicClick attention_click;
LabTopicSuggestRange attention_suggest_range;

G_END_DECLS
