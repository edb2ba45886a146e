/* roc.h — ROC and precision–recall curves, one threshold driving every view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_ROC_SOURCE_SYNTHETIC,
  LAB_ROC_SOURCE_DATA,
} LabRocSource;

typedef enum
{
  LAB_ROC_DISTRIBUTION_BINORMAL,
  LAB_ROC_DISTRIBUTION_BETA,
} LabRocDistribution;

typedef enum
{
  LAB_ROC_GOAL_MANUAL,
  LAB_ROC_GOAL_RECALL,
  LAB_ROC_GOAL_MAX_F1,
  LAB_ROC_GOAL_MAX_YOUDEN,
  LAB_ROC_GOAL_MIN_COST,
} LabRocGoal;

typedef enum
{
  LAB_ROC_AVERAGE_NONE,
  LAB_ROC_AVERAGE_MACRO,
  LAB_ROC_AVERAGE_WEIGHTED,
  LAB_ROC_AVERAGE_MICRO,
} LabRocAverage;

GType lab_roc_source_get_type       (void) G_GNUC_CONST;
GType lab_roc_distribution_get_type (void) G_GNUC_CONST;
GType lab_roc_goal_get_type         (void) G_GNUC_CONST;
GType lab_roc_average_get_type      (void) G_GNUC_CONST;
#define LAB_TYPE_ROC_AVERAGE      (lab_roc_average_get_type ())
#define LAB_TYPE_ROC_SOURCE       (lab_roc_source_get_type ())
#define LAB_TYPE_ROC_DISTRIBUTION (lab_roc_distribution_get_type ())
#define LAB_TYPE_ROC_GOAL         (lab_roc_goal_get_type ())

#define LAB_TYPE_ROC_PARAMS (lab_roc_params_get_type ())
G_DECLARE_FINAL_TYPE (LabRocParams, lab_roc_params, LAB, ROC_PARAMS, LabParams)

extern const LabTopic lab_topic_roc;

G_END_DECLS
