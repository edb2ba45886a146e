/* neural-network-weights.c — the neural-network topic's weights file: --dump-weights, --initial-weights
 *
 * The layout (version 1), written by `ml-lab export neural-network --dump-weights FILE` with the
 * weights the run starts from (before any step), read back by `--initial-weights FILE`:
 *
 *   { "format": "ml-lab neural-network weights", "version": 1,
 *     "problem": "classification", "features": ["x1", "x2"], "sizes": [2, 8, 8, 1],
 *     "activation": "tanh", "glu": "none", "norm": "none",
 *     "optimizer": "adam", "learning_rate": 0.01, "batch_size": 16, "seed": 42,
 *     "layers": [                                    one object a weight layer, input first
 *       { "weight": [[…in…], …out rows],            W (out × in, as torch.nn.Linear.weight)
 *         "bias": […out…],                          b
 *         "value_weight": [[…]], "value_bias": […], glu only: V, c of h = f(Wa + b) ⊙ (Va + c)
 *         "norm_gain": […], "norm_shift": […] },    norm only (shift: layer and batch norm)
 *       …,
 *       { "weight": [[…]], "bias": [b] } ],          the output layer: one unit, no norm, no gate
 *     "train": { "x": [[…features…], …], "y": […] },  the training rows in the split's order,
 *     "test":  { "x": [[…]], "y": […] } }             their features and targets
 *
 * Numbers are written in shortest round-trip form, so a reader gets the exact doubles. A
 * reader must hold "layers"; the other keys describe the run (the minibatch shuffles come from
 * GSL's generator and are not in the file: with batch-size ≥ the training points a run needs
 * none). Reading checks the shape of every array against the network the parameters describe
 * and names the layer, the key and the expected and found shapes when they differ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "lab-metrics.h"

#include "neural-network-private.h"

#define FORMAT_NAME "ml-lab neural-network weights"

static void
append_vector (GString *out, const double *v, guint n)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      lab_json_append_double (out, v[i]);
    }
  g_string_append_c (out, ']');
}

static void
append_matrix (GString *out, const double *m, guint rows, guint cols, const char *indent)
{
  g_string_append (out, "[\n");
  for (guint r = 0; r < rows; r++)
    {
      g_string_append_printf (out, "%s  ", indent);
      append_vector (out, m + (gsize) r * cols, cols);
      g_string_append (out, r + 1 < rows ? ",\n" : "\n");
    }
  g_string_append_printf (out, "%s]", indent);
}

static const char *
nick_of (GType type, int value)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);
  const char *nick = v != NULL ? v->value_nick : "?";

  g_type_class_unref (klass);
  return nick;
}

char *
nn_weights_to_json (const NnNet     *net,
                    const double    *theta,
                    const NnFeature *features,
                    guint            n_features,
                    LabParams       *params,
                    const double    *x,
                    const double    *y,
                    const guint     *train,
                    guint            n_train,
                    const guint     *test,
                    guint            n_test)
{
  GString *out = g_string_new ("{\n");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  guint d = net->sizes[0];

  g_string_append_printf (out, "  \"format\": \"%s\",\n  \"version\": 1,\n", FORMAT_NAME);
  g_string_append_printf (out, "  \"problem\": \"%s\",\n", nick_of (nn_problem_get_type (), net->problem));
  g_string_append (out, "  \"features\": [");
  for (guint f = 0; f < n_features; f++)
    g_string_append_printf (out, f ? ", \"%s\"" : "\"%s\"", nn_feature_name (features[f]));
  g_string_append (out, "],\n  \"sizes\": [");
  for (guint l = 0; l <= net->n_layers; l++)
    g_string_append_printf (out, l ? ", %u" : "%u", net->sizes[l]);
  g_string_append (out, "],\n");
  g_string_append_printf (out, "  \"activation\": \"%s\",\n  \"glu\": \"%s\",\n  \"norm\": \"%s\",\n",
                          nn_activation_name (net->act), nick_of (nn_glu_get_type (), net->glu),
                          nick_of (nn_norm_get_type (), net->norm));
  if (params != NULL)
    g_string_append_printf (out, "  \"optimizer\": \"%s\",\n  \"learning_rate\": %s,\n  \"batch_size\": %d,\n  \"seed\": %d,\n",
                            nick_of (nn_optimizer_get_type (), lab_params_get_enum (params, "optimizer")),
                            lab_format_double (buf, lab_params_get_double (params, "learning-rate")),
                            lab_params_get_int (params, "batch-size"), lab_params_get_int (params, "seed"));
  g_string_append (out, "  \"layers\": [\n");
  for (guint l = 0; l < net->n_layers; l++)
    {
      guint in = net->sizes[l], o = net->sizes[l + 1];

      g_string_append (out, "    {\n      \"weight\": ");
      append_matrix (out, theta + net->w_off[l], o, in, "      ");
      g_string_append (out, ",\n      \"bias\": ");
      append_vector (out, theta + net->b_off[l], o);
      if (net->v_off[l] != G_MAXSIZE)
        {
          g_string_append (out, ",\n      \"value_weight\": ");
          append_matrix (out, theta + net->v_off[l], o, in, "      ");
          g_string_append (out, ",\n      \"value_bias\": ");
          append_vector (out, theta + net->c_off[l], o);
        }
      if (net->g_off[l] != G_MAXSIZE)
        {
          g_string_append (out, ",\n      \"norm_gain\": ");
          append_vector (out, theta + net->g_off[l], o);
        }
      if (net->beta_off[l] != G_MAXSIZE)
        {
          g_string_append (out, ",\n      \"norm_shift\": ");
          append_vector (out, theta + net->beta_off[l], o);
        }
      g_string_append (out, l + 1 < net->n_layers ? "\n    },\n" : "\n    }\n");
    }
  g_string_append (out, "  ]");
  if (x != NULL)
    for (guint set = 0; set < 2; set++)
      {
        const guint *rows = set == 0 ? train : test;
        guint n = set == 0 ? n_train : n_test;

        g_string_append_printf (out, ",\n  \"%s\": {\n    \"x\": [", set == 0 ? "train" : "test");
        for (guint r = 0; r < n; r++)
          {
            g_string_append (out, r ? ",\n      " : "\n      ");
            append_vector (out, x + (gsize) rows[r] * d, d);
          }
        g_string_append (out, n ? "\n    ],\n    \"y\": [" : "],\n    \"y\": [");
        for (guint r = 0; r < n; r++)
          {
            if (r > 0)
              g_string_append (out, ", ");
            lab_json_append_double (out, y[rows[r]]);
          }
        g_string_append (out, "]\n  }");
      }
  g_string_append (out, "\n}\n");
  return g_string_free (out, FALSE);
}

gboolean
neural_network_dump_weights (const LabResult *result,
                             LabParams       *params,
                             const char      *path,
                             GError         **error)
{
  const NnResult *self = (const NnResult *) result;
  g_autofree char *text = nn_weights_to_json (&self->net, self->theta0, self->features, self->n_features, params,
                                              self->x, self->py, self->train, self->n_train, self->test, self->n_test);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents (path, text, -1, &local_error))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_IO, "--dump-weights: %s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* reading */

/* The numbers of @node into @dst (@n of them): FALSE with a message naming @what otherwise. */
static gboolean
read_vector (JsonNode    *node,
             double      *dst,
             guint        n,
             const char  *path,
             const char  *what,
             GError     **error)
{
  JsonArray *a;
  guint found;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %s: expected an array of %u numbers"), path, what, n);
      return FALSE;
    }
  a = json_node_get_array (node);
  found = json_array_get_length (a);
  if (found != n)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %s: shape mismatch: expected %u numbers, found %u"),
                   path, what, n, found);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (a, i);

      if (!JSON_NODE_HOLDS_VALUE (e)
          || (json_node_get_value_type (e) != G_TYPE_DOUBLE && json_node_get_value_type (e) != G_TYPE_INT64))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %s[%u]: not a number"), path, what, i);
          return FALSE;
        }
      dst[i] = json_node_get_double (e);
      if (!isfinite (dst[i]))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %s[%u]: not a finite number"), path, what, i);
          return FALSE;
        }
    }
  return TRUE;
}

/* An out × in matrix as nested rows. */
static gboolean
read_matrix (JsonNode    *node,
             double      *dst,
             guint        rows,
             guint        cols,
             const char  *path,
             const char  *what,
             GError     **error)
{
  JsonArray *a;
  guint found;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %s: expected a %u × %u array of rows"), path, what, rows, cols);
      return FALSE;
    }
  a = json_node_get_array (node);
  found = json_array_get_length (a);
  for (guint r = 0; r < found; r++)
    if (!JSON_NODE_HOLDS_ARRAY (json_array_get_element (a, r)))
      {
        g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %s: row %u is not an array; expected %u × %u"),
                     path, what, r + 1, rows, cols);
        return FALSE;
      }
  if (found != rows
      || (found > 0 && json_array_get_length (json_node_get_array (json_array_get_element (a, 0))) != cols))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %s: shape mismatch: expected %u × %u, found %u × %u"),
                   path, what, rows, cols, found,
                   found > 0 ? json_array_get_length (json_node_get_array (json_array_get_element (a, 0))) : 0);
      return FALSE;
    }
  for (guint r = 0; r < rows; r++)
    {
      g_autofree char *row_what = g_strdup_printf ("%s row %u", what, r + 1);
      JsonArray *row = json_node_get_array (json_array_get_element (a, r));

      if (json_array_get_length (row) != cols)
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %s: shape mismatch: expected %u × %u, row %u has %u numbers"),
                       path, what, rows, cols, r + 1, json_array_get_length (row));
          return FALSE;
        }
      if (!read_vector (json_array_get_element (a, r), dst + (gsize) r * cols, cols, path, row_what, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
nn_weights_load (const NnNet  *net,
                 const char   *path,
                 double       *theta,
                 GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root, *layers_node;
  JsonObject *obj;
  JsonArray *layers;
  guint found;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      if (local_error->domain == G_FILE_ERROR)
        g_set_error (error, LAB_ERROR, LAB_ERROR_IO, _("%s: cannot read: %s"), path, local_error->message);
      else if (g_str_has_prefix (local_error->message, path))
        g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, "%s", local_error->message);   /* FILE:LINE:COL: … */
      else   /* "JSON data must be UTF-8 encoded": the file must still be named */
        g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, "%s: %s", path, local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: expected a JSON object with \"layers\""), path);
      return FALSE;
    }
  obj = json_node_get_object (root);
  if (json_object_has_member (obj, "format")
      && g_strcmp0 (json_object_get_string_member_with_default (obj, "format", ""), FORMAT_NAME) != 0)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: \"format\" is not \"%s\""), path, FORMAT_NAME);
      return FALSE;
    }
  if (json_object_has_member (obj, "version") && json_object_get_int_member_with_default (obj, "version", 0) != 1)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: \"version\" %lld is not 1, the one this ml-lab reads"),
                   path, (long long) json_object_get_int_member_with_default (obj, "version", 0));
      return FALSE;
    }
  layers_node = json_object_get_member (obj, "layers");
  if (layers_node == NULL || !JSON_NODE_HOLDS_ARRAY (layers_node))
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: no \"layers\" array"), path);
      return FALSE;
    }
  layers = json_node_get_array (layers_node);
  found = json_array_get_length (layers);
  if (found != net->n_layers)
    {
      g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                   _("%s: \"layers\": shape mismatch: the network has %u weight layers (%u hidden and the output), the file %u"),
                   path, net->n_layers, net->n_layers - 1, found);
      return FALSE;
    }
  memset (theta, 0, net->n_params * sizeof (double));
  for (guint l = 0; l < net->n_layers; l++)
    {
      JsonNode *ln = json_array_get_element (layers, l);
      JsonObject *lo;
      guint in = net->sizes[l], o = net->sizes[l + 1];
      g_autofree char *name = l + 1 == net->n_layers ? g_strdup_printf (_("layer %u (output)"), l + 1)
                                                     : g_strdup_printf (_("layer %u"), l + 1);
      struct { const char *key; gsize off; gboolean matrix; } parts[] = {
        { "weight", net->w_off[l], TRUE }, { "bias", net->b_off[l], FALSE },
        { "value_weight", net->v_off[l], TRUE }, { "value_bias", net->c_off[l], FALSE },
        { "norm_gain", net->g_off[l], FALSE }, { "norm_shift", net->beta_off[l], FALSE },
      };
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (ln))
        {
          g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %s: expected an object with \"weight\" and \"bias\""), path, name);
          return FALSE;
        }
      lo = json_node_get_object (ln);
      /* every key must be one this network has */
      members = json_object_get_members (lo);
      for (GList *m = members; m != NULL; m = m->next)
        {
          guint k;

          for (k = 0; k < G_N_ELEMENTS (parts); k++)
            if (g_str_equal (m->data, parts[k].key))
              break;
          if (k == G_N_ELEMENTS (parts) || parts[k].off == G_MAXSIZE)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_DATA,
                           _("%s: %s: \"%s\" does not belong to this network (glu=%s, norm=%s)"), path, name,
                           (const char *) m->data, nick_of (nn_glu_get_type (), net->glu),
                           nick_of (nn_norm_get_type (), net->norm));
              return FALSE;
            }
        }
      for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
        {
          g_autofree char *what = NULL;
          JsonNode *node;

          if (parts[k].off == G_MAXSIZE)
            continue;
          what = g_strdup_printf ("%s \"%s\"", name, parts[k].key);
          node = json_object_get_member (lo, parts[k].key);
          if (node == NULL)
            {
              g_set_error (error, LAB_ERROR, LAB_ERROR_DATA, _("%s: %s: missing"), path, what);
              return FALSE;
            }
          if (parts[k].matrix ? !read_matrix (node, theta + parts[k].off, o, in, path, what, error)
                              : !read_vector (node, theta + parts[k].off, o, path, what, error))
            return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  gsize   n_params;
  double *theta;
} InitialWeights;

static void
initial_weights_free (gpointer p)
{
  InitialWeights *w = p;

  g_free (w->theta);
  g_free (w);
}

/* The network @params describe, as compute builds it (FALSE on bad layers or features). */
gboolean
nn_net_from_params (LabParams  *params,
                    NnNet      *net,
                    GError    **error)
{
  NnFeature features[NN_N_FEATURES];
  guint hidden[NN_MAX_HIDDEN], n_hidden, n_features;

  if (!nn_parse_features (lab_params_get_string (params, "features"), features, &n_features, error)
      || !nn_parse_layers (lab_params_get_string (params, "layers"), hidden, &n_hidden, error))
    return FALSE;
  nn_net_init (net, n_features, hidden, n_hidden, lab_params_get_enum (params, "activation"),
               lab_params_get_enum (params, "glu"), lab_params_get_enum (params, "norm"),
               lab_params_get_enum (params, "problem"));
  return TRUE;
}

gboolean
neural_network_read_initial_weights (LabParams   *params,
                                     const char  *path,
                                     GError     **error)
{
  NnNet net;
  InitialWeights *w;

  if (!nn_net_from_params (params, &net, error))
    return FALSE;
  w = g_new0 (InitialWeights, 1);
  w->n_params = net.n_params;
  w->theta = g_new (double, net.n_params);
  if (!nn_weights_load (&net, path, w->theta, error))
    {
      initial_weights_free (w);
      return FALSE;
    }
  g_object_set_data_full (G_OBJECT (params), NN_INITIAL_WEIGHTS_KEY, w, initial_weights_free);
  return TRUE;
}

const double *
nn_initial_weights (LabParams *params,
                    gsize     *n_params)
{
  InitialWeights *w = g_object_get_data (G_OBJECT (params), NN_INITIAL_WEIGHTS_KEY);

  if (w == NULL)
    return NULL;
  *n_params = w->n_params;
  return w->theta;
}
