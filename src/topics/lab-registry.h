/* lab-registry.h — the list of topics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-topic.h"

G_BEGIN_DECLS

/* Every topic, in the order of the notes. Static, never free. */
const LabTopic * const *lab_topics_all  (guint *n_topics);
const LabTopic         *lab_topics_find (const char *id);

G_END_DECLS
