/* lab-tooltip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-tooltip.h"

void
lab_tooltip_set (GtkWidget  *widget,
                 const char *text)
{
  const char *now;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* GTK treats "" as no tooltip */
  if (text != NULL && *text == '\0')
    text = NULL;
  now = gtk_widget_get_tooltip_text (widget);
  if (g_strcmp0 (now, text) == 0)
    return;
  if (gtk_widget_get_root (widget) == NULL && gtk_widget_get_visible (widget))
    {
      /* nothing of it is on screen: no tooltip to update, no pointer to ask about */
      gtk_widget_set_visible (widget, FALSE);
      gtk_widget_set_tooltip_text (widget, text);
      gtk_widget_set_visible (widget, TRUE);
      return;
    }
  gtk_widget_set_tooltip_text (widget, text);
}
