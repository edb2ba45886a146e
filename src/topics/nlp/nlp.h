/* nlp.h — text as numbers: TF-IDF, byte-pair encoding step by step, BLEU, ROUGE and METEOR
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

typedef enum { LAB_NLP_MODE_TFIDF, LAB_NLP_MODE_BPE, LAB_NLP_MODE_METRICS } LabNlpMode;
typedef enum { LAB_NLP_SOURCE_SAMPLE, LAB_NLP_SOURCE_TEXT, LAB_NLP_SOURCE_DATA } LabNlpSource;

GType lab_nlp_mode_get_type (void) G_GNUC_CONST;
GType lab_nlp_source_get_type (void) G_GNUC_CONST;
GType lab_nlp_tf_get_type (void) G_GNUC_CONST;
GType lab_nlp_idf_get_type (void) G_GNUC_CONST;
GType lab_nlp_norm_get_type (void) G_GNUC_CONST;
GType lab_nlp_smoothing_get_type (void) G_GNUC_CONST;
#define LAB_TYPE_NLP_MODE (lab_nlp_mode_get_type ())
#define LAB_TYPE_NLP_SOURCE (lab_nlp_source_get_type ())
#define LAB_TYPE_NLP_TF (lab_nlp_tf_get_type ())
#define LAB_TYPE_NLP_IDF (lab_nlp_idf_get_type ())
#define LAB_TYPE_NLP_NORM (lab_nlp_norm_get_type ())
#define LAB_TYPE_NLP_SMOOTHING (lab_nlp_smoothing_get_type ())

#define LAB_TYPE_NLP_PARAMS (lab_nlp_params_get_type ())
G_DECLARE_FINAL_TYPE (LabNlpParams, lab_nlp_params, LAB, NLP_PARAMS, LabParams)

/* The built-in corpus (NULL-terminated): a dozen short documents. */
extern const char *const lab_nlp_sample_corpus[];

extern const LabTopic lab_topic_nlp;

G_END_DECLS
