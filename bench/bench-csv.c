/* bench-csv.c — how long the CSV reader takes on a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-csv [--one-thread] FILE [RUNS]   (RUNS defaults to 7)
 * Loads FILE RUNS times (after one untimed load that brings it into the page
 * cache) and prints one JSON line: median and fastest seconds, rows, columns,
 * and the peak resident memory of the process (which counts the mapped file).
 * --one-thread keeps the reader from splitting a large file between two threads.
 * bench/csv_bench.py runs it next to pandas.read_csv on the same file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "lab-engine.h"
#include "lab-csv.h"
#include "lab-dataset-private.h"
#include "lab-error.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree double *seconds = NULL;
  LabDataset *data;
  struct rusage usage;
  guint64 runs = 7;
  gsize rows = 0;
  guint columns = 0;
  double median;

  lab_engine_init ();
  if (argc > 1 && g_str_equal (argv[1], "--one-thread"))
    {
      _lab_csv_set_parallel_threshold (G_MAXSIZE);
      argc--;
      argv++;
    }
  if (argc < 2 || argc > 3
      || (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 1, 1000, &runs, NULL)))
    {
      g_printerr ("usage: bench-csv [--one-thread] FILE [RUNS]\n");
      return 1;
    }

  /* warm-up: page cache, allocator */
  data = lab_csv_load_file (argv[1], NULL, NULL, NULL, &error);
  if (data == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  lab_dataset_unref (data);

  seconds = g_new (double, runs);
  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();

      data = lab_csv_load_file (argv[1], NULL, NULL, NULL, &error);
      seconds[i] = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
      g_assert_no_error (error);
      rows = lab_dataset_get_n_rows (data);
      columns = lab_dataset_get_n_columns (data);
      lab_dataset_unref (data);
    }
  qsort (seconds, runs, sizeof (double), compare_doubles);
  median = runs % 2 ? seconds[runs / 2] : 0.5 * (seconds[runs / 2 - 1] + seconds[runs / 2]);
  getrusage (RUSAGE_SELF, &usage);
  printf ("{\"median_s\": %.6f, \"min_s\": %.6f, \"runs\": %u, \"rows\": %" G_GSIZE_FORMAT ", "
          "\"columns\": %u, \"max_rss_mb\": %.1f}\n",
          median, seconds[0], (guint) runs, rows, columns, usage.ru_maxrss / 1024.0);
  return 0;
}
