/* kernels.h — the kernel trick and support vector machines (LIBSVM)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

extern const LabTopic lab_topic_kernels;

G_END_DECLS
