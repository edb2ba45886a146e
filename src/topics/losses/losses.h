/* losses.h — cross-entropy and the class-imbalance losses as curves, gradients and trained boundaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

extern const LabTopic lab_topic_losses;

G_END_DECLS
