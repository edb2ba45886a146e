/* trees.h — decision trees, pruning, random forests, boosting and stacking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

extern const LabTopic lab_topic_trees;

G_END_DECLS
