/* lab-cli.c — the command line: the same topics, computed on the calling thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lab-cli.h"
#include "lab-cli-data.h"
#include "lab-csv.h"
#include "lab-error.h"
#include "lab-registry.h"

static const char usage_text[] =
  "Usage:\n"
  "  ml-lab                      open the application\n"
  "  ml-lab FILE.csv             open it with that dataset\n"
  "  ml-lab list                 the topics: id and title\n"
  "  ml-lab inspect TOPIC        every parameter: name, type, range, default, description\n"
  "  ml-lab export TOPIC [NAME=VALUE ...] [--data FILE] [-o OUT.png|.svg|.pdf]\n"
  "                [--size WxH] [--scale 1|2|3] [--dark] [--json]\n"
  "  ml-lab data FILE [--json] [--records N]\n"
  "  ml-lab bench [TOPIC ...] [NAME=VALUE ...] [--json] [--workloads]\n"
  "\n"
  "CSV options, for data FILE and export --data FILE:\n"
  "  --delimiter=auto|space|tab|C   space: runs of spaces and tabs (default: detected)\n"
  "  --comment=C|none               lines starting with C are skipped (default: #)\n"
  "  --header=auto|yes|no           whether the first record names the columns\n"
  "\n"
  "Values: booleans true/false, choices by name, lists comma-separated.\n"
  "Exit status: 0 ok, 1 bad usage, 2 data error or unwritable file.\n";

static int
usage_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("ml-lab: %s\n", msg);
  return LAB_EXIT_USAGE;
}

static int
exit_for_error (const GError *error)
{
  g_printerr ("ml-lab: %s\n", error->message);
  if (error->domain == LAB_ERROR && error->code == LAB_ERROR_USAGE)
    return LAB_EXIT_USAGE;
  return LAB_EXIT_DATA;
}

gboolean
lab_cli_is_command (const char *arg)
{
  static const char *commands[] = { "list", "inspect", "export", "data", "bench",
                                    "help", "--help", "-h", "--version", NULL };

  return arg != NULL && g_strv_contains (commands, arg);
}

gboolean
lab_cli_is_unknown_command (const char *arg)
{
  /* not an option, not a file the app could open, and spelled like a command word */
  if (arg == NULL || arg[0] == '-' || lab_cli_is_command (arg))
    return FALSE;
  if (strchr (arg, '.') != NULL || strchr (arg, '/') != NULL || g_file_test (arg, G_FILE_TEST_EXISTS))
    return FALSE;
  return TRUE;
}

int
lab_cli_unknown_command (const char *arg)
{
  return usage_error (_("unknown command “%s” (not a file either); the commands are: "
                        "list, inspect, export, data, bench, help"), arg);
}

/* Whether @topic reads a dataset: it has a source or column parameters. */
static gboolean
topic_takes_data (const LabTopic *topic)
{
  g_autoptr(LabParams) params = lab_topic_new_params (topic);
  guint n;
  GParamSpec **pspecs = lab_params_list (params, &n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (pspecs[i]->name, "source")
        || (lab_param_get_flags (pspecs[i]) & (LAB_PARAM_COLUMN | LAB_PARAM_COLUMNS)))
      return TRUE;
  return FALSE;
}

/* Parameters whose range depends on the result (LAB_PARAM_BOUNDED: a head among `heads`, a
 * query among the tokens, a step among the steps) must lie in it: the CLI never clamps. */
static gboolean
check_view_ranges (const LabTopic  *topic,
                   const LabResult *result,
                   LabParams       *params,
                   GError         **error)
{
  guint n;
  GParamSpec **pspecs = lab_params_list (params, &n);

  if (topic->suggest_range == NULL)
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      double lo, hi, v;

      if (!(lab_param_get_flags (pspecs[i]) & LAB_PARAM_BOUNDED)
          || !topic->suggest_range (result, pspecs[i], &lo, &hi))
        continue;
      v = pspecs[i]->value_type == G_TYPE_INT ? lab_params_get_int (params, pspecs[i]->name)
                                              : lab_params_get_double (params, pspecs[i]->name);
      if (v < lo || v > hi)
        {
          char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE];

          g_set_error (error, LAB_ERROR, LAB_ERROR_USAGE,
                       _("%s=%s is out of range: with these parameters it must be from %s to %s"),
                       pspecs[i]->name, lab_format_double (c, v), lab_format_double (a, lo), lab_format_double (b, hi));
          return FALSE;
        }
    }
  return TRUE;
}

static const LabTopic *
find_topic (const char *id)
{
  const LabTopic *topic = lab_topics_find (id);

  if (topic == NULL)
    {
      guint n;
      const LabTopic * const *all = lab_topics_all (&n);
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (ids, "%s%s", i ? ", " : "", all[i]->id);
      usage_error (_("unknown topic “%s” (topics: %s)"), id, ids->str);
    }
  return topic;
}

static int
cmd_list (int argc, char **argv)
{
  guint n;
  const LabTopic * const *all = lab_topics_all (&n);

  if (argc > 2)
    return usage_error (_("list takes no arguments"));
  for (guint i = 0; i < n; i++)
    g_print ("%-16s %s\n", all[i]->id, _(all[i]->title));
  return LAB_EXIT_OK;
}

static int
cmd_inspect (int argc, char **argv)
{
  const LabTopic *topic;
  g_autoptr(LabParams) params = NULL;
  GParamSpec **pspecs;
  guint n;

  if (argc != 3)
    return usage_error (_("usage: ml-lab inspect TOPIC"));
  if ((topic = find_topic (argv[2])) == NULL)
    return LAB_EXIT_USAGE;

  params = lab_topic_new_params (topic);
  g_print ("%s — %s (%s, notes %s)\n%s\n\n", topic->id, _(topic->title),
           lab_chapter_get_title (topic->chapter), topic->sections, _(topic->summary));
  g_print ("Parameters:\n");
  pspecs = lab_params_list (params, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *range = lab_param_describe_range (pspecs[i]);
      g_autofree char *def = lab_param_default_string (pspecs[i]);

      g_print ("  %-18s %-8s %s; default %s%s\n      %s\n", pspecs[i]->name,
               lab_param_type_name (pspecs[i]), range, def,
               (lab_param_get_flags (pspecs[i]) & LAB_PARAM_VIEW) ? " (view only)" : "",
               _(g_param_spec_get_blurb (pspecs[i])));
    }
  if (topic->n_file_options > 0)
    {
      g_print ("\nFiles (ml-lab export %s --OPTION FILE):\n", topic->id);
      for (guint i = 0; i < topic->n_file_options; i++)
        g_print ("  %-18s %s\n", topic->file_options[i].option, _(topic->file_options[i].help));
    }
  if (topic->n_presets > 0)
    {
      g_print ("\nPresets:\n");
      for (guint i = 0; i < topic->n_presets; i++)
        g_print ("  %-28s %s\n      %s\n", _(topic->presets[i].name), topic->presets[i].assignments,
                 _(topic->presets[i].lesson));
    }
  return LAB_EXIT_OK;
}

static gboolean
parse_size (const char *text,
            int        *w,
            int        *h)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", 3);
  gint64 a, b;

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_signed (parts[0], 10, 16, 20000, &a, NULL)
      || !g_ascii_string_to_signed (parts[1], 10, 16, 20000, &b, NULL))
    return FALSE;
  *w = (int) a;
  *h = (int) b;
  return TRUE;
}

static int
cmd_export (int argc, char **argv)
{
  const LabTopic *topic;
  g_autoptr(LabParams) params = NULL;
  g_autoptr(LabDataset) data = NULL;
  g_autoptr(LabResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *data_path = NULL, *out = NULL;
  int width = 1280, height = 800;
  gint64 scale = 1;
  gboolean json = FALSE, dark = FALSE;
  LabExportFormat format = LAB_EXPORT_PNG;
  g_autoptr(GPtrArray) file_requests = g_ptr_array_new ();   /* option, path pairs */
  LabCsvOptions csv_options;
  gboolean csv_options_given = FALSE;
  int status;

  if (argc < 3)
    return usage_error (_("usage: ml-lab export TOPIC [NAME=VALUE ...] [--data FILE] [-o OUT] [--size WxH] [--json]"));
  if ((topic = find_topic (argv[2])) == NULL)
    return LAB_EXIT_USAGE;
  params = lab_topic_new_params (topic);
  lab_csv_options_init (&csv_options);

  for (int i = 3; i < argc; i++)
    {
      const char *arg = argv[i];

      if (lab_cli_csv_option (argc, argv, &i, &csv_options, &status))
        {
          if (status != LAB_EXIT_OK)
            return status;
          csv_options_given = TRUE;
        }
      else if (g_str_equal (arg, "--json"))
        json = TRUE;
      else if (g_str_equal (arg, "--dark"))
        dark = TRUE;
      else if (g_str_equal (arg, "--data") || g_str_equal (arg, "-o") || g_str_equal (arg, "--output")
               || g_str_equal (arg, "--size") || g_str_equal (arg, "--scale"))
        {
          if (i + 1 >= argc)
            return usage_error (_("%s needs a value"), arg);
          if (g_str_equal (arg, "--data"))
            data_path = argv[++i];
          else if (g_str_equal (arg, "--size"))
            {
              if (!parse_size (argv[++i], &width, &height))
                return usage_error (_("bad --size “%s”: expected WxH, each from 16 to 20000"), argv[i]);
            }
          else if (g_str_equal (arg, "--scale"))
            {
              if (!g_ascii_string_to_signed (argv[++i], 10, 1, 3, &scale, NULL))
                return usage_error (_("bad --scale “%s”: expected 1, 2 or 3"), argv[i]);
            }
          else
            out = argv[++i];
        }
      else if (arg[0] == '-')
        {
          const LabTopicFileOption *fo = NULL;

          for (guint k = 0; k < topic->n_file_options; k++)
            if (g_str_equal (arg, topic->file_options[k].option))
              fo = &topic->file_options[k];
          if (fo == NULL)
            return usage_error (_("unknown option “%s”"), arg);
          if (i + 1 >= argc)
            return usage_error (_("%s needs a file name"), arg);
          g_ptr_array_add (file_requests, (gpointer) fo);
          g_ptr_array_add (file_requests, argv[++i]);
        }
      else if (!lab_params_parse_assignment (params, arg, &error))
        return exit_for_error (error);
    }

  if (out != NULL && !lab_export_format_from_path (out, &format))
    return usage_error (_("cannot tell the format of “%s”: use a name ending in .png, .svg or .pdf"), out);

  if (data_path != NULL && !topic_takes_data (topic))
    {
      guint n;
      const LabTopic * const *all = lab_topics_all (&n);
      g_autoptr(GString) takers = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        if (topic_takes_data (all[i]))
          g_string_append_printf (takers, "%s%s", takers->len ? ", " : "", all[i]->id);
      return usage_error (_("%s takes no dataset: --data is for %s"), topic->id, takers->str);
    }
  if (csv_options_given && data_path == NULL)
    return usage_error (_("--delimiter, --comment and --header say how to read --data FILE: give one"));
  if (data_path != NULL)
    {
      data = lab_csv_load_file_full (data_path, &csv_options, NULL, NULL, NULL, &error);
      if (data == NULL)
        return exit_for_error (error);
      /* a dataset given means the topic reads it */
      if (lab_params_find (params, "source") != NULL)
        {
          gboolean explicit_source = FALSE;

          for (int i = 3; i < argc; i++)
            if (g_str_has_prefix (argv[i], "source="))
              explicit_source = TRUE;
          if (!explicit_source)
            lab_params_set_from_string (params, "source", "data", NULL);
        }
    }

  /* input files (initial weights) once every assignment is parsed, before compute */
  for (guint k = 0; k < file_requests->len; k += 2)
    {
      const LabTopicFileOption *fo = file_requests->pdata[k];

      if (fo->read != NULL && !fo->read (params, file_requests->pdata[k + 1], &error))
        return exit_for_error (error);
    }

  result = lab_topic_compute (topic, params, data, NULL, NULL, &error);
  if (result == NULL || !check_view_ranges (topic, result, params, &error))
    return exit_for_error (error);

  for (guint k = 0; k < file_requests->len; k += 2)
    {
      const LabTopicFileOption *fo = file_requests->pdata[k];

      if (fo->write != NULL && !fo->write (result, params, file_requests->pdata[k + 1], &error))
        return exit_for_error (error);
    }

  if (out != NULL)
    {
      g_autoptr(LabFigure) figure = lab_topic_build_figure (topic, result, params, data);

      if (!lab_figure_export (figure, out, format, width, height, (double) scale,
                              dark ? lab_theme_dark () : lab_theme_light (), &error))
        return exit_for_error (error);
    }

  if (json)
    {
      g_autoptr(LabMetrics) metrics = lab_topic_get_metrics (topic, result, params);
      g_autofree char *text = lab_metrics_to_json (metrics);

      g_print ("%s\n", text);
    }
  else if (out == NULL)
    {
      g_autoptr(LabMetrics) metrics = lab_topic_get_metrics (topic, result, params);

      for (guint i = 0; i < lab_metrics_get_n_shown (metrics); i++)
        {
          const char *label;
          g_autofree char *text = NULL;

          lab_metrics_get_shown (metrics, i, NULL, &label, &text);
          g_print ("%-30s %s\n", label, text);
        }
    }
  return LAB_EXIT_OK;
}

int
lab_cli_run (int    argc,
             char **argv)
{
  const char *cmd = argv[1];

  if (g_str_equal (cmd, "help") || g_str_equal (cmd, "--help") || g_str_equal (cmd, "-h"))
    {
      g_print ("%s", usage_text);
      return LAB_EXIT_OK;
    }
  if (g_str_equal (cmd, "--version"))
    {
      g_print ("ml-lab %s\n", PACKAGE_VERSION);
      return LAB_EXIT_OK;
    }
  if (g_str_equal (cmd, "list"))
    return cmd_list (argc, argv);
  if (g_str_equal (cmd, "inspect"))
    return cmd_inspect (argc, argv);
  if (g_str_equal (cmd, "export"))
    return cmd_export (argc, argv);
  if (g_str_equal (cmd, "data"))
    return lab_cli_data (argc - 1, argv + 1);
  if (g_str_equal (cmd, "bench"))
    return lab_cli_bench (argc, argv);
  return usage_error (_("unknown command “%s”"), cmd);
}
