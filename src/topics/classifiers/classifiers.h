/* classifiers.h — logistic regression, naive Bayes, LDA and QDA side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

extern const LabTopic lab_topic_classifiers;

G_END_DECLS
