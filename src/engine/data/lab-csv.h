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

/* How the first record is taken: detected, or forced either way. */
typedef enum
{
  LAB_CSV_HEADER_AUTO,
  LAB_CSV_HEADER_YES,
  LAB_CSV_HEADER_NO,
} LabCsvHeader;

/* The delimiter meaning runs of spaces and tabs (leading and trailing ones ignored),
 * as pandas' sep=r"\s+"; lab_dataset_get_delimiter() returns it for such a file. */
#define LAB_CSV_DELIMITER_WHITESPACE ' '

/* What a user may say about a file instead of letting the reader detect it. */
typedef struct
{
  char          delimiter;   /* '\0': detected; LAB_CSV_DELIMITER_WHITESPACE; or that character */
  char          comment;     /* lines starting with it are skipped and counted; '\0': none */
  LabCsvHeader  header;
} LabCsvOptions;

/* The defaults: delimiter detected, "#" comments, header detected. */
void        lab_csv_options_init (LabCsvOptions *options);

/* Sets option @name ("delimiter", "comment" or "header") from its command-line
 * spelling: delimiter auto, space (runs of spaces and tabs), tab or one
 * character; comment one character or none; header auto, yes or no. FALSE with
 * LAB_ERROR_USAGE naming the option and what it accepts. */
gboolean    lab_csv_options_set  (LabCsvOptions  *options,
                                  const char     *name,
                                  const char     *value,
                                  GError        **error);

/* Reads @path with the default options (lab_csv_options_init). On failure returns NULL with LAB_ERROR_DATA ("FILE:LINE:COL: message"),
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

/* The same with @options (NULL: the defaults). LAB_ERROR_USAGE for options
 * lab_csv_options_set() would refuse, and when the delimiter (given or detected) is the
 * comment character; LAB_ERROR_DATA for a forced header on a file of one record. */
LabDataset *lab_csv_load_file_full  (const char           *path,
                                     const LabCsvOptions  *options,
                                     LabProgressFunc       progress,
                                     gpointer              progress_data,
                                     GCancellable         *cancellable,
                                     GError              **error);
LabDataset *lab_csv_load_bytes_full (const char           *name,
                                     GBytes               *bytes,
                                     const LabCsvOptions  *options,
                                     LabProgressFunc       progress,
                                     gpointer              progress_data,
                                     GCancellable         *cancellable,
                                     GError              **error);

/* Locale-independent, correctly rounded (identical to g_ascii_strtod) parse of the
 * whole of [str, str+len); FALSE if the field is not entirely a number.
 * Accepts inf, -inf, Infinity, nan spellings as the reader does. */
gboolean    lab_csv_parse_double (const char *str, gsize len, char decimal, double *out);

G_END_DECLS
