/* lab-columns.h — reading a dataset's columns for a topic, with the errors a user needs
 *
 * Every topic that takes a CSV file reads numbers or class labels from columns the user
 * chose; these do it once, and every error names the file, line and column of the first
 * cell at fault and the role the column plays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-dataset.h"
#include "lab-params.h"
#include "lab-points.h"

G_BEGIN_DECLS

/* The numbers of column @col when every one is finite; otherwise NULL with LAB_ERROR_DATA at
 * the first cell that is text, missing or infinite. @what names the column's role in the
 * messages: "x-column", "score column". */
const double *lab_columns_get_finite        (LabDataset  *data,
                                             guint        col,
                                             const char  *what,
                                             GError     **error);

/* Sets LAB_ERROR_DATA at the first cell of text column @col that does not read as a number:
 * "WHAT “column” must hold numbers, found “text”". */
void          lab_columns_set_text_error    (LabDataset  *data,
                                             guint        col,
                                             const char  *what,
                                             GError     **error);

/* The labelled points of a topic that reads "feature-columns" (a comma list) and
 * "label-column" from @params: between @min_features and @max_features columns, each found
 * in @data (errors list the columns there are), then lab_points_from_dataset. Errors:
 * LAB_ERROR_USAGE without a dataset or with the wrong number of features; the rest as
 * lab_points_from_dataset. */
LabPoints    *lab_columns_get_points        (LabParams   *params,
                                             LabDataset  *data,
                                             guint        min_features,
                                             guint        max_features,
                                             GError     **error);

/* Binary labels (1 = positive) of column @col: the numbers 0 and 1, or text where the value
 * @positive is the positive class, or integer numbers where @positive names one of them
 * (0/1/2 with "2": that class against the rest). Errors: LAB_ERROR_DATA at a missing or other label;
 * LAB_ERROR_USAGE when a text column has no value @positive (the values there are listed). */
guint8       *lab_columns_get_binary_labels (LabDataset  *data,
                                             guint        col,
                                             const char  *positive,
                                             GError     **error);

/* skip-missing: which rows a topic uses when rows missing a selected value are left out.
 * A mask of the dataset's rows, TRUE where none of the @n_cols columns @cols is missing;
 * *@n_skipped counts the others. */
guint8       *lab_columns_complete_rows     (LabDataset   *data,
                                             const guint  *cols,
                                             guint         n_cols,
                                             gsize        *n_skipped);

/* lab_columns_get_finite over the rows @keep marks (all when NULL), copied in their order.
 * The errors name the cell in the file, as there. */
double       *lab_columns_dup_finite        (LabDataset    *data,
                                             guint          col,
                                             const guint8  *keep,
                                             const char    *what,
                                             GError       **error);

/* lab_columns_get_binary_labels over the rows @keep marks (all when NULL), in their order. */
guint8       *lab_columns_get_binary_labels_kept (LabDataset    *data,
                                                  guint          col,
                                                  const char    *positive,
                                                  const guint8  *keep,
                                                  GError       **error);

/* The class of each row @keep marks (all when NULL), in their order: an index into the
 * distinct values of column @col sorted as numpy.unique sorts them (numbers ascending, text
 * by code point), their names in *@names (a NULL-terminated GStrv; numbers written %g).
 * *@n_classes is their count even when it exceeds @max_classes, in which case NULL is
 * returned with no error set (the caller words the limit). Errors: LAB_ERROR_DATA at a
 * missing label. */
guint8       *lab_columns_get_classes_kept  (LabDataset    *data,
                                             guint          col,
                                             const guint8  *keep,
                                             guint          max_classes,
                                             guint         *n_classes,
                                             char        ***names,
                                             GError       **error);

G_END_DECLS
