/* lab-samples.c — data/datasets/README.md says where each sample comes from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lab-samples.h"

static const struct
{
  const char *file;
  const char *title;
  const char *topic;   /* the topic it was made for, where it opens */
} samples[] = {
  { "breast-cancer-scores.csv", N_("Breast cancer: two models’ scores"), "roc" },
  { "rare-positives.csv", N_("Rare positives: a screening score"), "roc" },
  { "noisy-sine.csv", N_("Noisy sine: points to fit"), "bias-variance" },
};

const char *
lab_samples_get_topic (const char *file)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    if (g_strcmp0 (samples[i].file, file) == 0)
      return samples[i].topic;
  return NULL;
}

GMenu *
lab_samples_menu_new (void)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(samples[i].title), NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-sample", g_variant_new_string (samples[i].file));
      g_menu_append_item (menu, item);
    }
  return menu;
}
