/* test-contract.c — what every registered topic must do, checked for each one
 *
 * Iterates the registry, so a new topic is held to the contract by registering it:
 * every default within its range; every preset says its lesson, parses and computes; compute is
 * deterministic for a fixed seed (two runs, identical metrics JSON); the metrics are
 * valid JSON; the figure renders something at 1280 × 800 in light and dark; the
 * explanation resource exists, is valid Pango markup, and is extracted by xgettext
 * paragraph by paragraph exactly as the program looks it up (when xgettext is installed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* a legend may hide at most this share of the sampled data points: the layout makes room above
 * the data, or puts the legend under its axes, past 10 % */
#define LEGEND_COVER_MAX 0.10
/* LAB_LAYOUT_REPORT=1: list every layout fault instead of stopping at the first */
#define LAYOUT_FAIL(...) G_STMT_START { \
    if (g_getenv ("LAB_LAYOUT_REPORT") != NULL) \
      { g_printerr ("layout: " __VA_ARGS__); g_printerr ("\n"); } \
    else \
      g_error (__VA_ARGS__); \
  } G_STMT_END

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <pango/pango.h>
#include <string.h>

#include "lab-engine.h"
#include "lab-registry.h"
#include "lab-plot-private.h"
#include "lab-theme.h"
#include "lab-topic.h"
#include "lab-choices.h"

static void check_texts_inside (const LabTopic *topic, const char *what, int w, int h, guint i, LabAxes *a);

/* Parameters of @topic: its defaults, then preset @preset (-1: none). */
static LabParams *
make_params (const LabTopic *topic,
             int             preset)
{
  LabParams *params = lab_topic_new_params (topic);
  g_autoptr(GError) error = NULL;

  if (preset >= 0)
    {
      lab_topic_apply_preset (topic, params, (guint) preset, &error);
      g_assert_no_error (error);
    }
  return params;
}

static char *
metrics_json (const LabTopic *topic,
              LabParams      *params,
              LabResult     **result_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LabResult) result = lab_topic_compute (topic, params, NULL, NULL, NULL, &error);
  g_autoptr(LabMetrics) metrics = NULL;

  if (error != NULL)
    g_error ("%s: %s", topic->id, error->message);
  g_assert_nonnull (result);
  metrics = lab_topic_get_metrics (topic, result, params);
  if (result_out != NULL)
    *result_out = g_steal_pointer (&result);
  return lab_metrics_to_json (metrics);
}

/* How many of a sample of pixels differ from the corner's colour. */
static guint
drawn_pixels (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 corner, n = 0;

  cairo_surface_flush (surface);
  memcpy (&corner, data, 4);
  for (int y = 0; y < h; y += 4)
    for (int x = 0; x < w; x += 4)
      {
        guint32 px;

        memcpy (&px, data + (gsize) y * stride + 4 * x, 4);
        n += px != corner;
      }
  return n;
}

static void
check_render (const LabTopic *topic,
              LabResult      *result,
              LabParams      *params,
              const char     *what)
{
  g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, NULL);
  const LabTheme *themes[] = { lab_theme_light (), lab_theme_dark () };

  g_assert_cmpstr (lab_figure_get_metadata (figure, "topic"), ==, topic->id);
  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1280, 800);
      cairo_t *cr = cairo_create (surface);
      guint drawn;

      lab_figure_render (figure, cr, 1280, 800, themes[t]);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      drawn = drawn_pixels (surface);
      /* axes, ticks, labels and data: far more than a few stray pixels of the 64,000 sampled */
      if (drawn < 2000)
        g_error ("%s %s: the %s figure draws almost nothing (%u of 64000 sampled pixels)",
                 topic->id, what, t == 0 ? "light" : "dark", drawn);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }

  /* Issue 10.11: at the export size and at the size the window gives the plots at 1280×800
   * (with and without the explanation open), every axes' decorations — tick labels, axis
   * labels, title, colour bar — stay inside the figure and off every other axes' box. */
  {
    static const int sizes[][2] = { { 1280, 800 }, { 800, 600 }, { 700, 740 }, { 560, 740 } };

    for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
      {
        int w = sizes[k][0], h = sizes[k][1];
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
        cairo_t *cr = cairo_create (surface);

        lab_figure_render (figure, cr, w, h, lab_theme_light ());
        for (guint i = 0; i < lab_figure_get_n_axes (figure); i++)
          {
            LabAxes *a = lab_figure_get_axes (figure, i);
            double ax0 = a->rx - a->dec_left, ay0 = a->ry - a->dec_top;
            double ax1 = a->rx + a->rw + a->dec_right, ay1 = a->ry + a->rh + a->dec_bottom;

            if (a->rw <= 0 || a->rh <= 0)
              continue;   /* not drawn (an axes hidden for this result) */
            if (ax0 < -0.5 || ay0 < -0.5 || ax1 > w + 0.5 || ay1 > h + 0.5)
              g_error ("%s %s at %d×%d: axes %u's labels leave the figure (%.0f,%.0f – %.0f,%.0f)",
                       topic->id, what, w, h, i, ax0, ay0, ax1, ay1);
            for (guint j = i + 1; j < lab_figure_get_n_axes (figure); j++)
              {
                LabAxes *b = lab_figure_get_axes (figure, j);
                double bx0 = b->rx - b->dec_left, by0 = b->ry - b->dec_top;
                double bx1 = b->rx + b->rw + b->dec_right, by1 = b->ry + b->rh + b->dec_bottom;

                if (b->rw <= 0 || b->rh <= 0)
                  continue;
                if (ax0 < bx1 - 0.5 && bx0 < ax1 - 0.5 && ay0 < by1 - 0.5 && by0 < ay1 - 0.5)
                  g_error ("%s %s at %d×%d: axes %u and %u overlap", topic->id, what, w, h, i, j);
              }
            check_texts_inside (topic, what, w, h, i, a);
          }
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }
  }
}

static gboolean
boxes_meet (const double *a,
            const double *b)
{
  /* a pixel of touching is not an overlap: antialiased glyph edges */
  return a[0] < b[0] + b[2] - 1.0 && b[0] < a[0] + a[2] - 1.0
         && a[1] < b[1] + b[3] - 1.0 && b[1] < a[1] + a[3] - 1.0;
}

/* Issue 10.11, inside one axes: no two annotations overlap, none lies under the
 * legend, and the legend covers a small share of the data points. */
static void
check_texts_inside (const LabTopic *topic,
                    const char     *what,
                    int             w,
                    int             h,
                    guint           i,
                    LabAxes        *a)
{
  GArray *boxes = a->text_boxes;

  for (guint k = 0; k + 5 <= boxes->len; k += 5)
    {
      const double *p = &g_array_index (boxes, double, k);

      for (guint m = k + 5; m + 5 <= boxes->len; m += 5)
        if (boxes_meet (p, &g_array_index (boxes, double, m)))
          LAYOUT_FAIL ("%s %s at %d×%d: axes %u: annotations %u and %u overlap", topic->id, what, w, h, i,
                   k / 5, m / 5);
      if (a->legend_rect[2] > 0 && boxes_meet (p, a->legend_rect))
        LAYOUT_FAIL ("%s %s at %d×%d: axes %u: annotation %u lies under the legend", topic->id, what, w, h, i, k / 5);
    }
  if (a->legend_rect[2] > 0
      && (a->legend_rect[0] < a->rx - a->dec_left - 0.5 || a->legend_rect[1] < a->ry - a->dec_top - 0.5
          || a->legend_rect[0] + a->legend_rect[2] > a->rx + a->rw + a->dec_right + 0.5
          || a->legend_rect[1] + a->legend_rect[3] > a->ry + a->rh + a->dec_bottom + 0.5))
    LAYOUT_FAIL ("%s %s at %d×%d: axes %u: the legend (%.0f,%.0f %.0fx%.0f) leaves the axes' band (%.0f,%.0f – %.0f,%.0f)", topic->id, what, w, h, i, a->legend_rect[0], a->legend_rect[1], a->legend_rect[2], a->legend_rect[3], a->rx - a->dec_left, a->ry - a->dec_top, a->rx + a->rw + a->dec_right, a->ry + a->rh + a->dec_bottom);
  if (a->legend_cover > LEGEND_COVER_MAX)
    LAYOUT_FAIL ("%s %s at %d×%d: axes %u (%s): the legend covers %.0f %% of the data points", topic->id, what, w, h, i, a->title ? a->title : "",
             100 * a->legend_cover);
  if (g_getenv ("LAB_LEGEND_REPORT") && a->legend_rect[2] > 0)
    g_printerr ("legend %s %s %dx%d axes %u cover %.3f\n", topic->id, what, w, h, i, a->legend_cover);
}

static void
test_defaults_in_range (gconstpointer data)
{
  const LabTopic *topic = data;
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  guint n;
  GParamSpec **pspecs = lab_params_list (params, &n);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      /* every choice has a name translators see (src/framework/lab-choices.c) */
      if (G_IS_PARAM_SPEC_ENUM (pspecs[i]))
        {
          GEnumClass *e = G_PARAM_SPEC_ENUM (pspecs[i])->enum_class;

          for (guint k = 0; k < e->n_values; k++)
            if (!lab_choice_is_listed (e->values[k].value_nick))
              g_error ("%s: the choice “%s” of %s is not listed in src/framework/lab-choices.c",
                       topic->id, e->values[k].value_nick, pspecs[i]->name);
        }
    }
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, pspecs[i]->value_type);
      g_param_value_set_default (pspecs[i], &value);
      /* validation would have to change the default were it outside the range */
      if (g_param_value_validate (pspecs[i], &value))
        g_error ("%s: the default of %s is outside its range", topic->id, pspecs[i]->name);
    }
}

/* Defaults (index 0) and every preset (1 …): computes, twice alike, valid JSON, renders. */
static void
test_presets (gconstpointer data)
{
  const LabTopic *topic = data;

  for (int p = -1; p < (int) topic->n_presets; p++)
    {
      const char *what = p < 0 ? "defaults" : topic->presets[p].name;

      /* every preset says what it shows */
      if (p >= 0 && (topic->presets[p].lesson == NULL || strlen (topic->presets[p].lesson) < 20))
        g_error ("%s: preset “%s” has no lesson", topic->id, what);
      g_autoptr(LabParams) params = make_params (topic, p);
      g_autoptr(LabParams) again = make_params (topic, p);
      g_autoptr(LabResult) result = NULL;
      g_autofree char *first = metrics_json (topic, params, &result);
      g_autofree char *second = metrics_json (topic, again, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      g_test_message ("%s: %s", topic->id, what);
      if (!g_str_equal (first, second))
        g_error ("%s %s: two computes with the same seed gave different metrics", topic->id, what);
      json_parser_load_from_data (parser, first, -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_assert_cmpuint (json_object_get_size (json_node_get_object (json_parser_get_root (parser))), >, 0);
      check_render (topic, result, params, what);
    }
}

/* The paragraphs as the program looks them up. */
static GPtrArray *
explanation_paragraphs (const LabTopic *topic,
                        char          **xml_out)
{
  g_autofree char *path = g_strdup_printf ("/io/github/mllab/MLLab/topics/%s/explanation.xml", topic->id);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
  GPtrArray *paragraphs = g_ptr_array_new_with_free_func (g_free);
  const char *p;

  g_assert_nonnull (bytes);
  *xml_out = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  p = strstr (*xml_out, "<explanation>");
  g_assert_nonnull (p);
  while ((p = strstr (p, "<p>")) != NULL)
    {
      const char *end = strstr (p, "</p>");

      g_assert_nonnull (end);
      g_ptr_array_add (paragraphs, g_strndup (p + 3, end - p - 3));
      p = end;
    }
  return paragraphs;
}

/* The msgids of a PO file (escapes undone), from xgettext's output. */
static GHashTable *
po_msgids (const char *po)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (po, "\n", -1);
  GString *cur = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (g_str_has_prefix (l, "msgid \""))
        {
          cur = g_string_new (NULL);
          l += 6;
        }
      else if (cur == NULL || l[0] != '"')
        {
          if (cur != NULL)
            g_hash_table_add (ids, g_string_free (cur, FALSE));
          cur = NULL;
          continue;
        }
      {
        g_autofree char *inner = g_strndup (l + 1, strlen (l) - 2);
        g_autofree char *plain = g_strcompress (inner);

        g_string_append (cur, plain);
      }
    }
  if (cur != NULL)
    g_hash_table_add (ids, g_string_free (cur, FALSE));
  return ids;
}

static void
test_explanation (gconstpointer data)
{
  const LabTopic *topic = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = lab_topic_dup_explanation (topic, &error);
  g_autofree char *xml = NULL;
  g_autoptr(GPtrArray) paragraphs = NULL;
  g_autofree char *xgettext = g_find_program_in_path ("xgettext");

  g_assert_no_error (error);
  g_assert_true (pango_parse_markup (text, -1, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  paragraphs = explanation_paragraphs (topic, &xml);
  g_assert_cmpuint (paragraphs->len, >, 0);
  for (guint i = 0; i < paragraphs->len; i++)
    {
      g_assert_true (pango_parse_markup (paragraphs->pdata[i], -1, 0, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  if (xgettext == NULL)
    {
      g_test_skip ("xgettext is not installed: the extraction is not checked");
      return;
    }
  {
    g_autofree char *dir = g_dir_make_tmp ("ml-lab-its-XXXXXX", &error);
    g_autofree char *file = NULL;
    g_autofree char *its = g_test_build_filename (G_TEST_DIST, "..", "po", NULL);
    g_autofree char *out = NULL;
    g_autoptr(GHashTable) ids = NULL;
    g_auto(GStrv) env = g_get_environ ();
    const char *argv[] = { xgettext, "--from-code=UTF-8", "-o", "-", NULL, NULL };
    int status;

    g_assert_no_error (error);
    file = g_strdup_printf ("%s/%s-explanation.xml", dir, topic->id);
    g_assert_true (g_file_set_contents (file, xml, -1, NULL));
    argv[4] = file;
    env = g_environ_setenv (env, "GETTEXTDATADIRS", its, TRUE);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &out, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    ids = po_msgids (out);
    for (guint i = 0; i < paragraphs->len; i++)
      if (!g_hash_table_contains (ids, paragraphs->pdata[i]))
        g_error ("%s: xgettext extracts paragraph %u differently from how the program looks it up "
                 "(whitespace alone between two elements is dropped: move it inside one): %.60s…",
                 topic->id, i + 1, (const char *) paragraphs->pdata[i]);
    g_unlink (file);
    g_rmdir (dir);
  }
}

int
main (int    argc,
      char **argv)
{
  const LabTopic * const *topics;
  guint n;

  lab_engine_init ();
  g_test_init (&argc, &argv, NULL);
  lab_i18n_init ();   /* LANGUAGE=zh_CN runs check the translated window and figures */

  topics = lab_topics_all (&n);
  g_assert_cmpuint (n, >, 0);
  /* the sidebar shows one heading per chapter: the registry lists the topics chapter by chapter */
  for (guint i = 1; i < n; i++)
    if (topics[i]->chapter < topics[i - 1]->chapter)
      g_error ("topic_ids: %s (chapter %d) comes after %s (chapter %d); keep each chapter's topics together",
               topics[i]->id, topics[i]->chapter, topics[i - 1]->id, topics[i - 1]->chapter);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *a = g_strdup_printf ("/contract/%s/defaults-in-range", topics[i]->id);
      g_autofree char *b = g_strdup_printf ("/contract/%s/presets", topics[i]->id);
      g_autofree char *c = g_strdup_printf ("/contract/%s/explanation", topics[i]->id);

      g_test_add_data_func (a, topics[i], test_defaults_in_range);
      g_test_add_data_func (b, topics[i], test_presets);
      g_test_add_data_func (c, topics[i], test_explanation);
    }
  return g_test_run ();
}
