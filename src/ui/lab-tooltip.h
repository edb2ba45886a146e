/* lab-tooltip.h — tooltips set without a round trip to the display server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_widget_set_tooltip_text(), minus its cost where it buys nothing (issue 11: main-loop
 * stalls). GTK 4.8 re-queries the pointer after every tooltip change of a visible widget (on
 * X11 three round trips to the server, each a wait on a busy machine), even for a widget not
 * yet in a window, and a panel sets dozens while it is built. An unchanged text is left alone;
 * a widget outside any window gets its text while hidden for the moment, which skips only that
 * query. Same text, same accessible description, same tooltip shown. */
void lab_tooltip_set (GtkWidget  *widget,
                      const char *text);

G_END_DECLS
