/* topic-test.h — helpers shared by the tests/test-topic-*.c programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>
#include <string.h>

#include "lab-csv.h"
#include "lab-topic.h"

/* |got − want| ≤ rel·|want| + abs_floor, or both undefined (NaN); otherwise the test fails
 * naming the value by @format. */
G_GNUC_UNUSED G_GNUC_PRINTF (5, 6) static void
topic_test_assert_close (double      got,
                         double      want,
                         double      rel,
                         double      abs_floor,
                         const char *format,
                         ...)
{
  g_autofree char *what = NULL;
  va_list args;

  if (isnan (want) && isnan (got))
    return;
  if (fabs (got - want) <= rel * fabs (want) + abs_floor)
    return;
  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_error ("%s: got %.17g, want %.17g (difference %.3g)", what, got, want, fabs (got - want));
}

/* The topic's explanation (its resource, translated paragraph by paragraph); must load. */
G_GNUC_UNUSED static char *
topic_test_explanation (const LabTopic *topic)
{
  g_autoptr(GError) error = NULL;
  char *text = lab_topic_dup_explanation (topic, &error);

  g_assert_no_error (error);
  return text;
}

/* A dataset from CSV text, named “test.csv” in messages; the text must load. */
G_GNUC_UNUSED static LabDataset *
topic_test_load_text (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  LabDataset *data = lab_csv_load_bytes ("test.csv", bytes, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return data;
}

/* Computes @topic with its defaults and then @assignments; the parameters go to @params_out. */
G_GNUC_UNUSED static LabResult *
topic_test_compute (const LabTopic  *topic,
                    const char      *assignments,
                    LabParams      **params_out,
                    GError         **error)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  LabResult *result;

  if (!lab_params_apply_assignments (params, assignments, error))
    return NULL;
  result = lab_topic_compute (topic, params, NULL, NULL, NULL, error);
  if (params_out != NULL)
    *params_out = g_steal_pointer (&params);
  return result;
}

/* The same, failing the test on any error. */
G_GNUC_UNUSED static LabResult *
topic_test_compute_ok (const LabTopic  *topic,
                       const char      *assignments,
                       LabParams      **params_out)
{
  g_autoptr(GError) error = NULL;
  LabResult *result = topic_test_compute (topic, assignments, params_out, &error);

  if (error != NULL)
    g_error ("%s: %s", assignments, error->message);
  return result;
}

/* Builds the figure of @result and renders it at @width × @height; the render must succeed
 * and the figure carry the topic's id. Returns the figure for further checks. */
G_GNUC_UNUSED static LabFigure *
topic_test_render_ok (const LabTopic  *topic,
                      const LabResult *result,
                      LabParams       *params,
                      int              width,
                      int              height)
{
  LabFigure *figure = lab_topic_build_figure (topic, result, params, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  g_assert_cmpstr (lab_figure_get_metadata (figure, "topic"), ==, topic->id);
  lab_figure_render (figure, cr, width, height, lab_theme_light ());
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return figure;
}
