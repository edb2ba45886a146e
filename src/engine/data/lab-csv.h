/* lab-csv.h — a strict, fast CSV reader producing a LabDataset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-dataset.h"

G_BEGIN_DECLS

/* A pipe or a device (anything but a regular file) is read up to this many bytes; beyond it
 * the load fails with LAB_ERROR_DATA. Regular files are mapped and have no limit of their own. */
#define LAB_CSV_MAX_STREAM_BYTES ((gsize) 1 << 30)

/* Reads @path. On failure returns NULL with LAB_ERROR_DATA ("FILE:LINE:COL: message"),
 * LAB_ERROR_IO, or G_IO_ERROR_CANCELLED. Thread-safe; @progress may be NULL. */
LabDataset *lab_csv_load_file  (const char      *path,
                                LabProgressFunc  progress,
                                gpointer         progress_data,
                                GCancellable    *cancellable,
                                GError         **error);

/* Parses an in-memory buffer; @name is used in messages. @bytes is kept by the dataset. */
LabDataset *lab_csv_load_bytes (const char      *name,
                                GBytes          *bytes,
                                LabProgressFunc  progress,
                                gpointer         progress_data,
                                GCancellable    *cancellable,
                                GError         **error);

/* Locale-independent, correctly rounded (identical to g_ascii_strtod) parse of the
 * whole of [str, str+len); FALSE if the field is not entirely a number.
 * Accepts inf, -inf, Infinity, nan spellings as the reader does. */
gboolean    lab_csv_parse_double (const char *str, gsize len, char decimal, double *out);

G_END_DECLS
