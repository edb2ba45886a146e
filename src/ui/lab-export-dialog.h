/* lab-export-dialog.h — save the figure as PNG/SVG/PDF, or its data as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lab-figure.h"

G_BEGIN_DECLS

typedef void (*LabExportDoneFunc) (const char *path, const GError *error, gpointer user_data);

/* Asks for a file (GtkFileChooserNative on GTK 4.8), with format, size, PNG scale and
 * light/dark choices remembered in @settings; writes atomically and calls @done. */
void lab_export_dialog_run      (GtkWindow         *parent,
                                 LabFigure         *figure,
                                 const char        *basename,
                                 GSettings         *settings,
                                 LabExportDoneFunc  done,
                                 gpointer           user_data);
void lab_export_data_dialog_run (GtkWindow         *parent,
                                 LabFigure         *figure,
                                 const char        *basename,
                                 GSettings         *settings,
                                 LabExportDoneFunc  done,
                                 gpointer           user_data);

/* The figure dialog, set up but not shown (tests); it frees itself on its response. */
GtkNativeDialog *lab_export_dialog_prepare (GtkWindow         *parent,
                                            LabFigure         *figure,
                                            const char        *basename,
                                            GSettings         *settings,
                                            LabExportDoneFunc  done,
                                            gpointer           user_data);

G_END_DECLS
