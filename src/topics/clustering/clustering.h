/* clustering.h — k-means and Gaussian mixtures, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

extern const LabTopic lab_topic_clustering;

G_END_DECLS
