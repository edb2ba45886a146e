/* neural-network.h — a small multilayer perceptron trained by hand-written backpropagation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

extern const LabTopic lab_topic_neural_network;

G_END_DECLS
