/* lab-cli-bench.c — `ml-lab bench`: median compute, build and render times per topic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-cli.h"
#include "lab-error.h"
#include "lab-registry.h"

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

int
lab_cli_bench (int    argc,
               char **argv)
{
  g_autoptr(GPtrArray) topics = g_ptr_array_new ();
  g_autoptr(GPtrArray) assignments = g_ptr_array_new ();
  gboolean json = FALSE;
  g_autoptr(GString) out = g_string_new (NULL);

  for (int i = 2; i < argc; i++)
    {
      const LabTopic *topic;

      if (g_str_equal (argv[i], "--json"))
        {
          json = TRUE;
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
  if (json)
    g_string_append (out, "\n}\n");
  g_print ("%s", out->str);
  return LAB_EXIT_OK;
}
