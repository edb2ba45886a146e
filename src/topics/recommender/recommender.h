/* recommender.h — collaborative filtering by alternating least squares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

extern const LabTopic lab_topic_recommender;

G_END_DECLS
