/* lab-cli-bench.c — `ml-lab bench`: median compute, build and render times per topic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gstdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gsl/gsl_rng.h>

#include "lab-cli.h"
#include "lab-csv.h"
#include "lab-error.h"
#include "lab-registry.h"
#include "lab-rng.h"
#include "lab-roc.h"

#define RENDER_W 1280
#define RENDER_H 800

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof (double), cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

typedef struct
{
  double compute_ms;
  double build_ms;
  double render_ms;
  double cached_ms;   /* a redraw with the static part cached (hover, a moving threshold) */
  guint  runs;
} BenchResult;

static gboolean
bench_topic (const LabTopic *topic,
             GPtrArray      *assignments,
             BenchResult    *out,
             GError        **error)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  g_autoptr(LabResult) result = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double compute[64], build[64], render[64], cached[64];
  LabRenderCache *cache = lab_render_cache_new ();
  guint runs = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < assignments->len; i++)
    if (!lab_params_parse_assignment (params, g_ptr_array_index (assignments, i), error))
      return FALSE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, RENDER_W, RENDER_H);
  cr = cairo_create (surface);

  /* at least 7 runs, up to 64 or about two seconds */
  while (runs < 64 && (runs < 7 || g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC))
    {
      g_autoptr(LabFigure) figure = NULL;
      gint64 t0, t1, t2, t3;

      g_clear_pointer (&result, lab_result_unref);
      t0 = g_get_monotonic_time ();
      result = lab_topic_compute (topic, params, NULL, NULL, NULL, error);
      if (result == NULL)
        break;
      t1 = g_get_monotonic_time ();
      figure = lab_topic_build_figure (topic, result, params, NULL);
      t2 = g_get_monotonic_time ();
      lab_figure_render (figure, cr, RENDER_W, RENDER_H, lab_theme_light ());
      cairo_surface_flush (surface);
      t3 = g_get_monotonic_time ();
      /* warm the cache, then time a redraw that reuses it */
      lab_figure_render_cached (figure, cr, RENDER_W, RENDER_H, lab_theme_light (), cache);
      {
        gint64 t4 = g_get_monotonic_time ();

        lab_figure_render_cached (figure, cr, RENDER_W, RENDER_H, lab_theme_light (), cache);
        cairo_surface_flush (surface);
        cached[runs] = (g_get_monotonic_time () - t4) / 1000.0;
      }

      compute[runs] = (t1 - t0) / 1000.0;
      build[runs] = (t2 - t1) / 1000.0;
      render[runs] = (t3 - t2) / 1000.0;
      runs++;
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  lab_render_cache_free (cache);
  if (result == NULL)
    return FALSE;

  out->compute_ms = median (compute, runs);
  out->build_ms = median (build, runs);
  out->render_ms = median (render, runs);
  out->cached_ms = median (cached, runs);
  out->runs = runs;
  return TRUE;
}

/* ---- workloads: the large jobs of issue 12, each the median of 3 runs, data made with a
 * fixed seed (bench/peers/run makes the same data for the Python peers) ---- */

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* 1,000,000 rows × 8 standard normals written with %.6f, parsed from memory */
static double
workload_csv (GError **error)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (1);
  g_autoptr(GString) text = g_string_sized_new (80 << 20);
  g_autoptr(GBytes) bytes = NULL;
  double t[3];

  g_string_append (text, "c0,c1,c2,c3,c4,c5,c6,c7\n");
  for (guint r = 0; r < 1000000; r++)
    for (guint c = 0; c < 8; c++)
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append (text, g_ascii_formatd (buf, sizeof buf, "%.6f", lab_rng_gaussian (rng)));
        g_string_append_c (text, c == 7 ? '\n' : ',');
      }
  bytes = g_bytes_new (text->str, text->len);
  for (guint k = 0; k < 3; k++)
    {
      double t0 = now_ms ();
      g_autoptr(LabDataset) d = lab_csv_load_bytes ("bench.csv", bytes, NULL, NULL, NULL, error);

      if (d == NULL)
        return NAN;
      t[k] = now_ms () - t0;
    }
  return median (t, 3);
}

/* 10,000,000 binormal scores (30 % positives): curve, AUC, AP and DeLong's interval */
static double
workload_roc (GError **error)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (2);
  const gsize n = 10000000;
  g_autofree double *scores = g_new (double, n);
  g_autofree guint8 *labels = g_new (guint8, n);
  double t[3];

  for (gsize i = 0; i < n; i++)
    {
      labels[i] = gsl_rng_uniform (rng) < 0.3;
      scores[i] = lab_rng_gaussian (rng) + 1.5 * labels[i];
    }
  for (guint k = 0; k < 3; k++)
    {
      double t0 = now_ms ();
      LabRocCurve *c = lab_roc_curve_new (scores, labels, n, NULL, error);
      LabRocDelong d;
      volatile double sink;

      if (c == NULL)
        return NAN;
      sink = lab_roc_curve_auc (c) + lab_roc_curve_average_precision (c);
      (void) sink;
      if (!lab_roc_curve_delong (c, &d, error))
        {
          lab_roc_curve_free (c);
          return NAN;
        }
      lab_roc_curve_free (c);
      t[k] = now_ms () - t0;
    }
  return median (t, 3);
}

/* the same scores as a label,score CSV file, from the file to the ROC topic's metrics */
static double
workload_roc_csv (GError **error)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (2);
  g_autofree char *dir = g_dir_make_tmp ("ml-lab-bench-XXXXXX", error);
  g_autofree char *path = NULL;
  g_autoptr(GString) text = g_string_sized_new (120 << 20);
  const LabTopic *topic = lab_topics_find ("roc");
  double t[3];

  if (dir == NULL)
    return NAN;
  path = g_build_filename (dir, "roc_10m.csv", NULL);
  g_string_append (text, "label,score\n");
  for (gsize i = 0; i < 10000000; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      int y = gsl_rng_uniform (rng) < 0.3;

      g_string_append_c (text, y ? '1' : '0');
      g_string_append_c (text, ',');
      g_string_append (text, g_ascii_formatd (buf, sizeof buf, "%.6f", lab_rng_gaussian (rng) + 1.5 * y));
      g_string_append_c (text, '\n');
    }
  if (!g_file_set_contents (path, text->str, text->len, error))
    return NAN;
  for (guint k = 0; k < 3; k++)
    {
      double t0 = now_ms ();
      g_autoptr(LabDataset) data = lab_csv_load_file (path, NULL, NULL, NULL, error);
      g_autoptr(LabParams) params = lab_topic_new_params (topic);
      g_autoptr(LabResult) result = NULL;
      g_autoptr(LabMetrics) metrics = NULL;

      if (data == NULL
          || !lab_params_apply_assignments (params, "source=data label-column=label score-column=score", error)
          || (result = lab_topic_compute (topic, params, data, NULL, NULL, error)) == NULL)
        break;
      metrics = lab_topic_get_metrics (topic, result, params);
      t[k] = now_ms () - t0;
    }
  g_unlink (path);
  g_rmdir (dir);
  return error != NULL && *error != NULL ? NAN : median (t, 3);
}

/* a figure of one 1,000,000-point scatter rendered at 1280 × 800 */
static double
workload_scatter (void)
{
  g_autoptr(gsl_rng) rng = lab_rng_new (3);
  const gsize n = 1000000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autoptr(LabFigure) figure = lab_figure_new (1, 1);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, RENDER_W, RENDER_H);
  cairo_t *cr = cairo_create (surface);
  LabStyle style = lab_style_default (0);
  double t[3];

  for (gsize i = 0; i < n; i++)
    {
      x[i] = lab_rng_gaussian (rng);
      y[i] = 0.6 * x[i] + 0.8 * lab_rng_gaussian (rng);
    }
  style.marker = LAB_MARKER_CIRCLE;
  lab_axes_add_scatter (lab_figure_get_axes (figure, 0), "points", x, y, NULL, n, &style);
  for (guint k = 0; k < 3; k++)
    {
      double t0 = now_ms ();

      lab_figure_render (figure, cr, RENDER_W, RENDER_H, lab_theme_light ());
      cairo_surface_flush (surface);
      t[k] = now_ms () - t0;
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return median (t, 3);
}

/* a topic's compute with @assignments (10,000,000 samples; attention 512 × 8 × 512) */
static double
workload_topic (const char  *id,
                const char  *assignments,
                GError     **error)
{
  const LabTopic *topic = lab_topics_find (id);
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  double t[3];

  if (!lab_params_apply_assignments (params, assignments, error))
    return NAN;
  for (guint k = 0; k < 3; k++)
    {
      double t0 = now_ms ();
      g_autoptr(LabResult) r = lab_topic_compute (topic, params, NULL, NULL, NULL, error);

      if (r == NULL)
        return NAN;
      t[k] = now_ms () - t0;
    }
  return median (t, 3);
}

static gboolean
run_workloads (GString  *out,
               gboolean  json,
               GError  **error)
{
  struct { const char *key; double ms; } w[6] = {
    { "csv_1m_x8_ms", NAN }, { "roc_10m_ms", NAN }, { "roc_10m_csv_ms", NAN },
    { "scatter_1m_ms", NAN }, { "samples_10m_ms", NAN }, { "attention_512x8_ms", NAN },
  };

  if (isnan (w[0].ms = workload_csv (error)) || isnan (w[1].ms = workload_roc (error))
      || isnan (w[2].ms = workload_roc_csv (error)))
    return FALSE;
  w[3].ms = workload_scatter ();
  if (isnan (w[4].ms = workload_topic ("distributions", "distribution=normal samples=10000000", error))
      || isnan (w[5].ms = workload_topic ("attention", "tokens=512 heads=8 d-model=512", error)))
    return FALSE;
  if (json)
    {
      g_string_append (out, ",\n  \"workloads\": {");
      for (guint i = 0; i < G_N_ELEMENTS (w); i++)
        g_string_append_printf (out, "%s\"%s\": %.3f", i ? ", " : "", w[i].key, w[i].ms);
      g_string_append (out, "}");
    }
  else
    {
      g_string_append (out, "\nworkload (median of 3)      ms\n");
      for (guint i = 0; i < G_N_ELEMENTS (w); i++)
        g_string_append_printf (out, "%-24s %10.1f\n", w[i].key, w[i].ms);
    }
  return TRUE;
}

int
lab_cli_bench (int    argc,
               char **argv)
{
  g_autoptr(GPtrArray) topics = g_ptr_array_new ();
  g_autoptr(GPtrArray) assignments = g_ptr_array_new ();
  gboolean json = FALSE, workloads = FALSE;
  g_autoptr(GString) out = g_string_new (NULL);

  for (int i = 2; i < argc; i++)
    {
      const LabTopic *topic;

      if (g_str_equal (argv[i], "--json"))
        {
          json = TRUE;
          continue;
        }
      if (g_str_equal (argv[i], "--workloads"))
        {
          workloads = TRUE;
          continue;
        }
      if (strchr (argv[i], '=') != NULL)
        {
          /* NAME=VALUE applies to the topics named */
          g_ptr_array_add (assignments, argv[i]);
          continue;
        }
      if ((topic = lab_topics_find (argv[i])) == NULL)
        {
          g_printerr ("ml-lab: %s “%s”\n", _("unknown topic"), argv[i]);
          return LAB_EXIT_USAGE;
        }
      g_ptr_array_add (topics, (gpointer) topic);
    }
  /* `ml-lab bench --json` alone: every topic and the large workloads (issue 12) */
  if (topics->len == 0 && json)
    workloads = TRUE;
  if (topics->len == 0)
    {
      guint n;
      const LabTopic * const *all = lab_topics_all (&n);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (topics, (gpointer) all[i]);
    }

  if (json)
    g_string_append (out, "{");
  else
    g_string_append_printf (out, "%-16s %12s %12s %12s %12s %6s   (render at %d×%d; cached: redraw reusing the static part)\n",
                            "topic", "compute ms", "build ms", "render ms", "cached ms", "runs", RENDER_W, RENDER_H);

  for (guint i = 0; i < topics->len; i++)
    {
      const LabTopic *topic = g_ptr_array_index (topics, i);
      g_autoptr(GError) error = NULL;
      BenchResult r;

      if (!bench_topic (topic, assignments, &r, &error))
        {
          g_printerr ("ml-lab: %s: %s\n", topic->id, error->message);
          return g_error_matches (error, LAB_ERROR, LAB_ERROR_USAGE) ? LAB_EXIT_USAGE : LAB_EXIT_DATA;
        }
      if (json)
        g_string_append_printf (out, "%s\n  \"%s\": {\"compute_ms\": %.3f, \"build_ms\": %.3f, \"render_ms\": %.3f, \"cached_render_ms\": %.3f, \"runs\": %u}",
                                i ? "," : "", topic->id, r.compute_ms, r.build_ms, r.render_ms, r.cached_ms, r.runs);
      else
        g_string_append_printf (out, "%-16s %12.3f %12.3f %12.3f %12.3f %6u\n",
                                topic->id, r.compute_ms, r.build_ms, r.render_ms, r.cached_ms, r.runs);
    }
  if (workloads)
    {
      g_autoptr(GError) error = NULL;

      if (!run_workloads (out, json, &error))
        {
          g_printerr ("ml-lab: workloads: %s\n", error ? error->message : "failed");
          return LAB_EXIT_DATA;
        }
    }
  if (json)
    g_string_append (out, "\n}\n");
  g_print ("%s", out->str);
  return LAB_EXIT_OK;
}
