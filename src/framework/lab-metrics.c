/* lab-metrics.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-metrics.h"

/* An array of numbers added in one call (lab_metrics_add_doubles/_matrix) is one node holding a
 * copy of them, not one node a number: a 512 × 512 attention matrix costs a memcpy, not 262 144
 * allocations, and the panel asks for the metrics on every view change. Written to JSON exactly
 * as an array of double nodes. */
#define KIND_PACKED_DOUBLES ((LabMetricKind) 0x100)

typedef struct _Node Node;
struct _Node
{
  LabMetricKind kind;
  char         *key;
  char         *label;
  gboolean      display_only;   /* shown, never in the JSON */
  union {
    double    d;
    gint64    i;
    char     *s;
    gboolean  b;
    GPtrArray *children;
    struct { double *v; guint n; } packed;
  } v;
};

struct _LabMetrics
{
  Node       root;     /* an object */
  GPtrArray *stack;    /* open containers; stack[0] = &root */
};

static void
node_free (gpointer data)
{
  Node *node = data;

  g_free (node->key);
  g_free (node->label);
  if (node->kind == LAB_METRIC_STRING)
    g_free (node->v.s);
  else if (node->kind == LAB_METRIC_ARRAY || node->kind == LAB_METRIC_OBJECT)
    g_ptr_array_unref (node->v.children);
  else if (node->kind == KIND_PACKED_DOUBLES)
    g_free (node->v.packed.v);
  g_free (node);
}

LabMetrics *
lab_metrics_new (void)
{
  LabMetrics *self = g_new0 (LabMetrics, 1);

  self->root.kind = LAB_METRIC_OBJECT;
  self->root.v.children = g_ptr_array_new_with_free_func (node_free);
  self->stack = g_ptr_array_new ();
  g_ptr_array_add (self->stack, &self->root);
  return self;
}

void
lab_metrics_free (LabMetrics *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->root.v.children);
  g_ptr_array_unref (self->stack);
  g_free (self);
}

static Node *
add_node (LabMetrics    *self,
          LabMetricKind  kind,
          const char    *key,
          const char    *label)
{
  Node *parent = g_ptr_array_index (self->stack, self->stack->len - 1);
  Node *node = g_new0 (Node, 1);

  node->kind = kind;
  node->key = parent->kind == LAB_METRIC_OBJECT ? g_strdup (key) : NULL;
  node->label = g_strdup (label);
  g_ptr_array_add (parent->v.children, node);
  return node;
}

void
lab_metrics_add_double (LabMetrics *self, const char *key, const char *label, double value)
{
  add_node (self, LAB_METRIC_DOUBLE, key, label)->v.d = value;
}

void
lab_metrics_add_int (LabMetrics *self, const char *key, const char *label, gint64 value)
{
  add_node (self, LAB_METRIC_INT, key, label)->v.i = value;
}

void
lab_metrics_add_string (LabMetrics *self, const char *key, const char *label, const char *value)
{
  if (value == NULL)
    add_node (self, LAB_METRIC_NULL, key, label);
  else
    add_node (self, LAB_METRIC_STRING, key, label)->v.s = g_strdup (value);
}

/* A row of the metrics list that the JSON leaves out: a summary of values the
 * JSON holds in another shape (roc: each model's AUC and AP, from "models"). */
void
lab_metrics_add_display (LabMetrics *self, const char *key, const char *label, const char *text)
{
  Node *node;

  g_return_if_fail (label != NULL && text != NULL);
  node = add_node (self, LAB_METRIC_STRING, key, label);
  node->v.s = g_strdup (text);
  node->display_only = TRUE;
}

void
lab_metrics_add_bool (LabMetrics *self, const char *key, const char *label, gboolean value)
{
  add_node (self, LAB_METRIC_BOOL, key, label)->v.b = !!value;
}

void
lab_metrics_add_null (LabMetrics *self, const char *key, const char *label)
{
  add_node (self, LAB_METRIC_NULL, key, label);
}

static void
begin (LabMetrics *self, LabMetricKind kind, const char *key)
{
  Node *node = add_node (self, kind, key, NULL);

  node->v.children = g_ptr_array_new_with_free_func (node_free);
  g_ptr_array_add (self->stack, node);
}

void
lab_metrics_begin_array (LabMetrics *self, const char *key)
{
  begin (self, LAB_METRIC_ARRAY, key);
}

void
lab_metrics_begin_object (LabMetrics *self, const char *key)
{
  begin (self, LAB_METRIC_OBJECT, key);
}

void
lab_metrics_end (LabMetrics *self)
{
  g_return_if_fail (self->stack->len > 1);
  g_ptr_array_set_size (self->stack, self->stack->len - 1);
}

void
lab_json_append_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20 || c == 0x7F)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

const char *
lab_format_double (char   *buf,
                   double  v)
{
  if (isinf (v))
    return strcpy (buf, v > 0 ? "inf" : "-inf");
  /* whole numbers as integers ("2000", not %g's shortest "2e+03") */
  if (v == floor (v) && fabs (v) < 1e15)
    {
      g_snprintf (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.0f", v);
      if (strcmp (buf, "-0") == 0)
        strcpy (buf, "0");
      return buf;
    }
  /* shortest round-tripping text otherwise */
  for (int prec = 1; prec <= 17; prec++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", prec);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, fmt, v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  return buf;
}

void
lab_json_append_double (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    g_string_append (out, "null");
  else if (isinf (v))
    g_string_append (out, v > 0 ? "\"inf\"" : "\"-inf\"");
  else
    g_string_append (out, lab_format_double (buf, v));
}

static void
node_to_json (const Node *node, GString *out, int depth)
{
  switch ((int) node->kind)
    {
    case LAB_METRIC_DOUBLE: lab_json_append_double (out, node->v.d); break;
    case LAB_METRIC_INT: g_string_append_printf (out, "%" G_GINT64_FORMAT, node->v.i); break;
    case LAB_METRIC_STRING: lab_json_append_string (out, node->v.s); break;
    case LAB_METRIC_BOOL: g_string_append (out, node->v.b ? "true" : "false"); break;
    case LAB_METRIC_NULL: g_string_append (out, "null"); break;
    case KIND_PACKED_DOUBLES:
      g_string_append_c (out, '[');
      for (guint i = 0; i < node->v.packed.n; i++)
        {
          g_string_append (out, i ? ",\n" : "\n");
          for (int d = 0; d <= depth; d++)
            g_string_append (out, "  ");
          lab_json_append_double (out, node->v.packed.v[i]);
        }
      if (node->v.packed.n > 0)
        {
          g_string_append_c (out, '\n');
          for (int d = 0; d < depth; d++)
            g_string_append (out, "  ");
        }
      g_string_append_c (out, ']');
      break;
    case LAB_METRIC_ARRAY:
    case LAB_METRIC_OBJECT:
      {
        gboolean obj = node->kind == LAB_METRIC_OBJECT;

        guint written = 0;

        g_string_append_c (out, obj ? '{' : '[');
        for (guint i = 0; i < node->v.children->len; i++)
          {
            const Node *child = g_ptr_array_index (node->v.children, i);

            if (child->display_only)
              continue;
            g_string_append (out, written++ ? ",\n" : "\n");
            for (int d = 0; d <= depth; d++)
              g_string_append (out, "  ");
            if (obj)
              {
                lab_json_append_string (out, child->key ? child->key : "");
                g_string_append (out, ": ");
              }
            node_to_json (child, out, depth + 1);
          }
        if (written > 0)
          {
            g_string_append_c (out, '\n');
            for (int d = 0; d < depth; d++)
              g_string_append (out, "  ");
          }
        g_string_append_c (out, obj ? '}' : ']');
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

char *
lab_metrics_to_json (LabMetrics *self)
{
  GString *out = g_string_new (NULL);

  node_to_json (&self->root, out, 0);
  return g_string_free (out, FALSE);
}

guint
lab_metrics_get_n_shown (LabMetrics *self)
{
  guint n = 0;

  for (guint i = 0; i < self->root.v.children->len; i++)
    if (((Node *) g_ptr_array_index (self->root.v.children, i))->label != NULL)
      n++;
  return n;
}

static char *
display_text (const Node *node)
{
  switch (node->kind)
    {
    case LAB_METRIC_DOUBLE:
      if (isnan (node->v.d))
        return g_strdup ("—");
      if (isinf (node->v.d))
        return g_strdup (node->v.d > 0 ? "∞" : "−∞");
      if (node->v.d != 0 && (fabs (node->v.d) < 1e-3 || fabs (node->v.d) >= 1e6))
        return g_strdup_printf ("%.3g", node->v.d);
      return g_strdup_printf ("%.4f", node->v.d);
    case LAB_METRIC_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, node->v.i);
    case LAB_METRIC_STRING:
      return g_strdup (node->v.s);
    case LAB_METRIC_BOOL:
      return g_strdup (node->v.b ? "yes" : "no");
    case LAB_METRIC_NULL:
    case LAB_METRIC_ARRAY:
    case LAB_METRIC_OBJECT:
    default:
      return g_strdup ("—");
    }
}

void
lab_metrics_get_shown (LabMetrics  *self,
                       guint        i,
                       const char **key,
                       const char **label,
                       char       **text)
{
  guint seen = 0;

  for (guint k = 0; k < self->root.v.children->len; k++)
    {
      const Node *node = g_ptr_array_index (self->root.v.children, k);

      if (node->label == NULL)
        continue;
      if (seen++ == i)
        {
          if (key)
            *key = node->key;
          if (label)
            *label = node->label;
          if (text)
            *text = display_text (node);
          return;
        }
    }
  g_return_if_reached ();
}

static const Node *
find_top (LabMetrics *self, const char *key)
{
  for (guint k = 0; k < self->root.v.children->len; k++)
    {
      const Node *node = g_ptr_array_index (self->root.v.children, k);

      if (g_strcmp0 (node->key, key) == 0)
        return node;
    }
  return NULL;
}

double
lab_metrics_get_double (LabMetrics *self, const char *key)
{
  const Node *node = find_top (self, key);

  if (node == NULL)
    return NAN;
  if (node->kind == LAB_METRIC_DOUBLE)
    return node->v.d;
  if (node->kind == LAB_METRIC_INT)
    return (double) node->v.i;
  return NAN;
}

gboolean
lab_metrics_has (LabMetrics *self, const char *key)
{
  return find_top (self, key) != NULL;
}

void
lab_metrics_add_doubles (LabMetrics   *self,
                         const char   *key,
                         const double *v,
                         guint         n)
{
  Node *node = add_node (self, KIND_PACKED_DOUBLES, key, NULL);

  node->v.packed.v = n > 0 ? g_memdup2 (v, n * sizeof (double)) : NULL;
  node->v.packed.n = n;
}

void
lab_metrics_add_matrix (LabMetrics   *self,
                        const char   *key,
                        const double *v,
                        guint         rows,
                        guint         cols)
{
  lab_metrics_begin_array (self, key);
  for (guint r = 0; r < rows; r++)
    lab_metrics_add_doubles (self, NULL, v + (gsize) r * cols, cols);
  lab_metrics_end (self);
}

char *
lab_format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits), start = digits[0] == '-';

  g_string_append_len (out, digits, start);
  for (gsize i = start; i < len; i++)
    {
      if (i > start && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}
