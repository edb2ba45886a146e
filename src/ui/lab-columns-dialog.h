/* lab-columns-dialog.h — what was read from a dataset, and which column plays which role
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-topic.h"

G_BEGIN_DECLS

/* A sheet previewing the first rows with the detected types, and a control per column
 * parameter of @topic (label, score(s), x, y …) bound to @params, with "Reset to guessed
 * values". Changes apply at once (the panel recomputes). */
GtkWindow *lab_columns_dialog_present (GtkWindow      *parent,
                                       LabDataset     *data,
                                       const LabTopic *topic,
                                       LabParams      *params);

G_END_DECLS
