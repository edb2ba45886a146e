/* lab-choices.h — the window's names for the parameters' choices (lab-choices.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @nick as the window shows it: its translation (context "choice"), or @nick itself. */
const char *lab_choice_label     (const char *nick);
/* Whether lab-choices.c lists @nick (so that translators see it). */
gboolean    lab_choice_is_listed (const char *nick);

G_END_DECLS
