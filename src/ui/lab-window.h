/* lab-window.h — the main window: topics sidebar, the selected panel, header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-csv.h"
#include "lab-panel.h"

G_BEGIN_DECLS

#define LAB_TYPE_WINDOW (lab_window_get_type ())
G_DECLARE_FINAL_TYPE (LabWindow, lab_window, LAB, WINDOW, AdwApplicationWindow)

LabWindow  *lab_window_new              (AdwApplication *app);
/* Selects a topic by id; creates its panel on first use. FALSE if unknown. */
gboolean    lab_window_select_topic     (LabWindow *self, const char *id);
LabPanel   *lab_window_get_panel        (LabWindow *self);
/* Loads a CSV on a worker thread; on success every panel gets it. */
void        lab_window_open_dataset     (LabWindow *self, GFile *file);
/* Loads one of the sample datasets compiled into the resources ("rare-positives.csv"). */
void        lab_window_open_sample      (LabWindow *self, const char *file);
LabDataset *lab_window_get_dataset      (LabWindow *self);
/* TRUE while a dataset is being read (lab_window_open_dataset/_sample). */
gboolean    lab_window_get_loading      (LabWindow *self);
/* How the current dataset was read (delimiter, comment lines, header). */
void        lab_window_get_csv_options  (LabWindow *self, LabCsvOptions *options);
/* Reads the current dataset again with @options (the Dataset Columns sheet's switches);
 * with @reopen_columns, the sheet opens again on the result. A failed read changes nothing. */
void        lab_window_reload_dataset   (LabWindow           *self,
                                         const LabCsvOptions *options,
                                         gboolean             reopen_columns);
/* Sample datasets and recent files, for Open menus and empty states. */
GMenuModel *lab_window_get_datasets_menu (LabWindow *self);
void        lab_window_toast            (LabWindow *self, const char *message);

gboolean        lab_window_get_sidebar_visible (LabWindow *self);

G_END_DECLS
