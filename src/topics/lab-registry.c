/* lab-registry.c — adding a topic touches this file only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "lab-registry.h"
#include "lab-topic-attention.h"
#include "lab-topic-bias-variance.h"
#include "lab-topic-distributions.h"
#include "lab-topic-optimizers.h"
#include "lab-topic-roc.h"

static const LabTopic * const topics[] = {
  &lab_topic_roc,
  &lab_topic_bias_variance,
  &lab_topic_optimizers,
  &lab_topic_attention,
  &lab_topic_distributions,
};

const LabTopic * const *
lab_topics_all (guint *n_topics)
{
  *n_topics = G_N_ELEMENTS (topics);
  return topics;
}

const LabTopic *
lab_topics_find (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    if (strcmp (topics[i]->id, id) == 0)
      return topics[i];
  return NULL;
}
