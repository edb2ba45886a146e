/* fuzz-files.c — libFuzzer target for the readers of files users hand in besides plain CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the reader, the rest is the file:
 *  - even: an attention matrix (`ml-lab export attention source=data --data FILE`), read as CSV
 *    and computed with input=weights (byte & 2 clear) or input=logits;
 *  - odd: a network's weights (`ml-lab export neural-network --initial-weights FILE`), read for
 *    the default network and, when read, trained from.
 * Each either succeeds or fails with a LAB_ERROR (or G_IO_ERROR) whose message is valid UTF-8
 * and names the file; nothing else may happen (no crash, no critical, no leak under ASan).
 *
 * Built as a fuzzer with clang only (see tests/meson.build); fuzz-replay.c runs it over
 * tests/fuzz/files with any compiler.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lab-csv.h"
#include "lab-engine.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "lab-topic.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_error (const GError *error,
             const char   *name)
{
  if (error == NULL)
    g_error ("a reader failed without an error");
  if (error->domain != LAB_ERROR && error->domain != G_IO_ERROR)
    g_error ("unexpected error domain: %s", error->message);
  if (!g_utf8_validate (error->message, -1, NULL))
    g_error ("an error message that is not UTF-8");
  if (strstr (error->message, name) == NULL)
    g_error ("the message does not name the file (%s): %s", name, error->message);
}

static void
fuzz_attention (const uint8_t *data,
                size_t         size,
                gboolean       logits)
{
  const LabTopic *topic = lab_topics_find ("attention");
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(LabDataset) dataset = lab_csv_load_bytes ("fuzz.csv", bytes, NULL, NULL, NULL, &error);
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabResult) result = NULL;

  if (dataset == NULL)
    {
      check_error (error, "fuzz.csv");
      return;
    }
  params = lab_topic_new_params (topic);
  if (!lab_params_apply_assignments (params, logits ? "source=data input=logits" : "source=data input=weights", &error))
    g_error ("%s", error->message);
  result = lab_topic_compute (topic, params, dataset, NULL, NULL, &error);
  if (result == NULL)
    check_error (error, "fuzz.csv");
  else
    {
      g_autoptr(LabMetrics) metrics = lab_topic_get_metrics (topic, result, params);
      g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, dataset);

      g_assert_nonnull (metrics);
      g_assert_nonnull (figure);
    }
}

static void
fuzz_weights (const uint8_t *data,
              size_t         size)
{
  const LabTopic *topic = lab_topics_find ("neural-network");
  g_autofree char *path = g_strdup_printf ("%s/ml-lab-fuzz-weights-%d.json", g_get_tmp_dir (), (int) getpid ());
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(GError) error = NULL;
  const LabTopicFileOption *read = NULL;

  for (guint i = 0; i < topic->n_file_options; i++)
    if (topic->file_options[i].read != NULL)
      read = &topic->file_options[i];
  g_assert_nonnull (read);
  /* a small network, a few epochs: the point is the reader and a run from what it read */
  if (!lab_params_apply_assignments (params, "layers=3 epochs=2 n=40", &error))
    g_error ("%s", error->message);
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, &error))
    g_error ("%s", error->message);
  if (!read->read (params, path, &error))
    check_error (error, path);
  else
    {
      g_autoptr(LabResult) result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);

      if (result == NULL)
        check_error (error, "");
    }
  g_unlink (path);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean initialised;

  if (!initialised)
    {
      lab_engine_init ();
      initialised = TRUE;
    }
  if (size < 1)
    return 0;
  if (data[0] % 2 == 0)
    fuzz_attention (data + 1, size - 1, (data[0] & 2) != 0);
  else
    fuzz_weights (data + 1, size - 1);
  return 0;
}
