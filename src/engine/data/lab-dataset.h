/* lab-dataset.h — an immutable, columnar table read from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  LAB_COLUMN_INTEGER,
  LAB_COLUMN_NUMBER,
  LAB_COLUMN_TEXT,
} LabColumnType;

typedef struct _LabDataset LabDataset;

/* Called from the parsing thread; @fraction in [0, 1]. */
typedef void (*LabProgressFunc) (double fraction, gpointer user_data);

GType          lab_dataset_get_type          (void) G_GNUC_CONST;
#define LAB_TYPE_DATASET (lab_dataset_get_type ())

/* Loading: see lab-csv.h. A dataset is immutable once made and may be shared between threads. */
LabDataset    *lab_dataset_ref               (LabDataset *self);
void           lab_dataset_unref             (LabDataset *self);

/* "sales.csv": what messages and exports call the file */
const char    *lab_dataset_get_name          (LabDataset *self);
/* the path it was read from, or NULL for an in-memory buffer */
const char    *lab_dataset_get_path          (LabDataset *self);
/* lower-case hex SHA-256 of the file's bytes */
const char    *lab_dataset_get_sha256        (LabDataset *self);

gsize          lab_dataset_get_n_rows        (LabDataset *self);
guint          lab_dataset_get_n_columns     (LabDataset *self);
/* ' ' (LAB_CSV_DELIMITER_WHITESPACE): runs of spaces and tabs */
char           lab_dataset_get_delimiter     (LabDataset *self);
char           lab_dataset_get_decimal       (LabDataset *self);   /* '.' or ',' */
gboolean       lab_dataset_has_header        (LabDataset *self);
/* The comment character ('\0': none) and how many lines starting with it were skipped. */
char           lab_dataset_get_comment       (LabDataset *self);
gsize          lab_dataset_get_n_comment_lines (LabDataset *self);

const char    *lab_dataset_get_column_name   (LabDataset *self, guint column);
LabColumnType  lab_dataset_get_column_type   (LabDataset *self, guint column);
gsize          lab_dataset_get_column_missing(LabDataset *self, guint column);
/* index of the column named @name, or -1 */
int            lab_dataset_find_column       (LabDataset *self, const char *name);

/* Numeric columns (integer, number): n_rows doubles, NaN where missing.
 * Text columns: NULL. Borrowed, valid while the dataset lives. */
const double  *lab_dataset_get_numbers       (LabDataset *self, guint column);
gboolean       lab_dataset_is_missing        (LabDataset *self, guint column, gsize row);
/* Integer columns of whole numbers from 0 to 255 with no cell missing (0/1 labels, class
 * numbers) are kept as one byte per row: those bytes, borrowed; NULL for any other column.
 * Such a column's doubles are made from them when lab_dataset_get_numbers() first asks
 * (8 bytes per row from then on): readers of labels ask for these instead. */
const guint8  *lab_dataset_get_small_integers (LabDataset *self, guint column);

/* Text columns: per-row level codes (G_MAXUINT32 where missing) and the level strings. */
const guint32 *lab_dataset_get_levels        (LabDataset *self, guint column, guint *n_levels);
const char    *lab_dataset_get_level_name    (LabDataset *self, guint column, guint level);

/* The cell exactly as read (after unquoting), for any column. Owned by the caller. */
char          *lab_dataset_dup_cell_text     (LabDataset *self, gsize row, guint column);
/* Where a cell starts in the file: 1-based physical line and 1-based character column. */
void           lab_dataset_locate            (LabDataset *self, gsize row, guint column,
                                              guint *line, guint *col);
/* Sets @error to LAB_ERROR_DATA with "NAME:LINE:COL: <message>" for that cell. */
void           lab_dataset_set_cell_error    (LabDataset *self, gsize row, guint column,
                                              GError **error, const char *format, ...) G_GNUC_PRINTF (5, 6);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabDataset, lab_dataset_unref)

G_END_DECLS
