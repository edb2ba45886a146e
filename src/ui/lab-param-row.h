/* lab-param-row.h — the control of one parameter, generated from its GParamSpec
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lab-dataset.h"
#include "lab-params.h"

G_BEGIN_DECLS

#define LAB_TYPE_PARAM_ROW (lab_param_row_get_type ())
G_DECLARE_FINAL_TYPE (LabParamRow, lab_param_row, LAB, PARAM_ROW, AdwPreferencesRow)

/* doubles: a slider with a typed entry; ints: a spin button; enums: a drop-down;
 * booleans: a switch; strings and columns: an entry. Each with its description as
 * tooltip and a reset-to-default button. */
GtkWidget  *lab_param_row_new        (LabParams *params, GParamSpec *pspec);
GParamSpec *lab_param_row_get_pspec  (LabParamRow *self);
/* A slider range better than the parameter's (e.g. the data's score range). */
void        lab_param_row_set_range  (LabParamRow *self, double lo, double hi);
/* With a dataset, a column parameter offers its columns in a drop-down (NULL: an entry). */
void        lab_param_row_set_dataset (LabParamRow *self, LabDataset *dataset);
/* The main control widget (for tests): GtkScale, GtkSpinButton, GtkDropDown, GtkSwitch or GtkEntry. */
GtkWidget  *lab_param_row_get_control (LabParamRow *self);

G_END_DECLS
