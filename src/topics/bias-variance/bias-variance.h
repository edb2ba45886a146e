/* bias-variance.h — overfitting, underfitting and regularisation made visible
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_BV_SOURCE_SYNTHETIC,
  LAB_BV_SOURCE_DATA,
} LabBvSource;

typedef enum
{
  LAB_BV_TRUTH_SIN,
  LAB_BV_TRUTH_CUBIC,
  LAB_BV_TRUTH_STEP,
  LAB_BV_TRUTH_RUNGE,
} LabBvTruth;

typedef enum
{
  LAB_BV_DESIGN_RANDOM,
  LAB_BV_DESIGN_FIXED,
} LabBvDesign;

typedef enum
{
  LAB_BV_MODEL_POLY,
  LAB_BV_MODEL_RIDGE,
  LAB_BV_MODEL_LASSO,
  LAB_BV_MODEL_KNN,
  LAB_BV_MODEL_TREE,
  LAB_BV_MODEL_BAGGING,
} LabBvModel;

typedef enum
{
  LAB_BV_CV_POOLED,
  LAB_BV_CV_MEAN,
} LabBvCvCombine;

GType lab_bv_source_get_type (void) G_GNUC_CONST;
GType lab_bv_truth_get_type  (void) G_GNUC_CONST;
GType lab_bv_design_get_type (void) G_GNUC_CONST;
GType lab_bv_model_get_type  (void) G_GNUC_CONST;
GType lab_bv_cv_combine_get_type (void) G_GNUC_CONST;
#define LAB_TYPE_BV_CV_COMBINE (lab_bv_cv_combine_get_type ())
#define LAB_TYPE_BV_SOURCE (lab_bv_source_get_type ())
#define LAB_TYPE_BV_TRUTH  (lab_bv_truth_get_type ())
#define LAB_TYPE_BV_DESIGN (lab_bv_design_get_type ())
#define LAB_TYPE_BV_MODEL  (lab_bv_model_get_type ())

#define LAB_TYPE_BIAS_VARIANCE_PARAMS (lab_bias_variance_params_get_type ())
G_DECLARE_FINAL_TYPE (LabBiasVarianceParams, lab_bias_variance_params, LAB, BIAS_VARIANCE_PARAMS, LabParams)

extern const LabTopic lab_topic_bias_variance;

G_END_DECLS
