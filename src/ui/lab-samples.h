/* lab-samples.h — the sample datasets compiled into the resources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A menu of the samples, each item activating win.open-sample with its file name. */
GMenu      *lab_samples_menu_new  (void);
/* The topic a sample was made for (issue 10.6: it opens there), or NULL. */
const char *lab_samples_get_topic (const char *file);

G_END_DECLS
