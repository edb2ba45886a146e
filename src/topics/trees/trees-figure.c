/* trees-figure.c — the trees topic on the main thread: regions, the tree diagram, curves, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "trees-private.h"

#define SLOT_TREE_CHANGE   6
#define SLOT_FOREST_CHANGE 4
#define MAX_DIAGRAM_LEAVES 6    /* text stays legible up to this many leaves side by side */

/* the impurity's symbol in the diagram (G Gini, H entropy, E misclassification error) */
static const char *
criterion_symbol (LabCartCriterion c)
{
  switch (c)
    {
    case LAB_CART_GINI:
      return "G";
    case LAB_CART_ENTROPY:
      return "H";
    case LAB_CART_MISCLASSIFICATION:
      return "E";
    default:
      return "";
    }
}

static const char *
criterion_title (LabCartCriterion c)
{
  switch (c)
    {
    case LAB_CART_GINI:
      return _("Tree: n, Gini G, class counts");
    case LAB_CART_ENTROPY:
      return _("Tree: n, entropy H (bits), class counts");
    case LAB_CART_MISCLASSIFICATION:
      return _("Tree: n, misclassification E, counts");
    default:
      return "";
    }
}

/* ------------------------------------------------------------------ */
/* the view state a build sees */

typedef struct
{
  guint splits;   /* tree model: splits shown (≥ n_internal: all) */
  guint kept;     /* boosting: index into kept_rounds */
  guint round;    /* boosting: rounds shown (kept_rounds[kept]) */
  double probe[2];
} View;

static View
view_of (const TreesResult *self,
         LabParams         *params)
{
  View v = { 0 };

  v.splits = self->model == TREES_MODEL_TREE ? (guint) lab_params_get_int (params, "splits") : G_MAXUINT;
  if (self->model == TREES_MODEL_BOOSTING && self->n_kept > 0)
    {
      guint want = (guint) CLAMP (lab_params_get_int (params, "round"), 1, (int) self->rounds);

      /* the last kept round not beyond the one asked for */
      v.kept = 0;
      for (guint j = 0; j < self->n_kept; j++)
        if (self->kept_rounds[j] <= want)
          v.kept = j;
      v.round = self->kept_rounds[v.kept];
    }
  v.probe[0] = lab_params_get_double (params, "probe-x");
  v.probe[1] = lab_params_get_double (params, "probe-y");
  /* a probe off the plot (another data set's) moves to its centre */
  if (v.probe[0] < self->x0 || v.probe[0] > self->x1 || v.probe[1] < self->y0 || v.probe[1] > self->y1)
    {
      v.probe[0] = 0.5 * (self->x0 + self->x1);
      v.probe[1] = 0.5 * (self->y0 + self->y1);
    }
  return v;
}

static void
probe_point (const TreesResult *self,
             const View        *v,
             double            *x)
{
  memcpy (x, self->fixed, self->d * sizeof (double));
  x[self->fx] = v->probe[0];
  x[self->fy] = v->probe[1];
}

/* ------------------------------------------------------------------ */
/* decision regions */

/* opacity for a winning probability p among k classes: faint at a tie, strong when sure */
static double
confidence_alpha (double p,
                  guint  k)
{
  double t = (p - 1.0 / k) / (1.0 - 1.0 / k);

  return 0.12 + 0.5 * CLAMP (t, 0.0, 1.0);
}

static void
add_points (LabAxes           *ax,
            const TreesResult *self,
            gboolean           legend)
{
  guint d = self->d;

  for (guint c = 0; c < self->k; c++)
    {
      g_autofree double *x = g_new (double, MAX (self->n_train + self->n_test, 1));
      g_autofree double *y = g_new (double, MAX (self->n_train + self->n_test, 1));
      g_autofree char *train_label = g_strdup_printf (_("%s (train)"), self->class_names[c]);
      g_autofree char *test_label = g_strdup_printf (_("%s (test)"), self->class_names[c]);
      LabStyle s = lab_style_default (c);
      gsize m = 0;

      s.marker = LAB_MARKER_CIRCLE;
      s.marker_size = self->n_train > 2000 ? 3.5 : 5.5;
      /* thousands of outlined markers cost most of a frame: outline only the smaller sets */
      s.line_width = self->n_train > 1500 ? 0.0 : 0.8;
      s.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.55);
      s.fill = lab_color_palette (c);
      for (guint i = 0; i < self->n_train; i++)
        if (self->y_train[i] == c)
          {
            x[m] = self->x_train[(gsize) i * d + self->fx];
            y[m++] = self->y_train[i] == c ? self->x_train[(gsize) i * d + self->fy] : 0;
          }
      lab_axes_add_scatter (ax, legend ? train_label : NULL, x, y, NULL, m, &s);
      m = 0;
      s.marker = LAB_MARKER_TRIANGLE;
      s.marker_size += 1.5;
      s.color = lab_color_palette (c);
      s.fill = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.0);
      s.line_width = 1.4;
      for (guint i = 0; i < self->n_test; i++)
        if (self->y_test[i] == c)
          {
            x[m] = self->x_test[(gsize) i * d + self->fx];
            y[m++] = self->x_test[(gsize) i * d + self->fy];
          }
      if (m > 0)
        lab_axes_add_scatter (ax, legend ? test_label : NULL, x, y, NULL, m, &s);
    }
}

static void
setup_plane (LabAxes           *ax,
             const TreesResult *self)
{
  lab_axes_set_xlim (ax, self->x0, self->x1);
  lab_axes_set_ylim (ax, self->y0, self->y1);
  lab_axes_set_xlabel (ax, self->feature_names[self->fx]);
  lab_axes_set_ylabel (ax, self->feature_names[self->fy]);
}

static void
add_regions (LabAxes           *ax,
             const TreesResult *self,
             const View        *v)
{
  g_autofree guint8 *cls = g_new (guint8, NG * NG);
  g_autofree double *alpha = g_new (double, NG * NG);
  guint k = self->k;

  for (guint g = 0; g < NG * NG; g++)
    {
      double p[LAB_CART_MAX_CLASSES] = { 0 };
      guint best = 0;

      switch (self->model)
        {
        case TREES_MODEL_TREE:
          {
            guint leaf = trees_leaf_after (self->tree, self->rank, v->splits, self->grid + (gsize) g * self->d);
            const double *val = self->tree->value + (gsize) leaf * k;

            for (guint c = 0; c < k; c++)
              p[c] = val[c] / self->tree->nodes[leaf].weighted_samples;
          }
          break;
        case TREES_MODEL_BOOSTING:
          {
            const float *q = self->grid_proba + ((gsize) v->kept * NG * NG + g) * k;

            for (guint c = 0; c < k; c++)
              p[c] = q[c];
          }
          break;
        default:
          memcpy (p, self->grid_share + (gsize) g * k, k * sizeof (double));
          break;
        }
      for (guint c = 1; c < k; c++)
        if (p[c] > p[best])
          best = c;
      cls[g] = (guint8) best;
      alpha[g] = confidence_alpha (p[best], k);
    }
  lab_axes_add_class_map (ax, cls, alpha, NG, NG, self->x0, self->x1, self->y0, self->y1);
}

static void
add_probe (LabAxes    *ax,
           const View *v)
{
  LabStyle s = lab_style_default (0);

  s.marker = LAB_MARKER_CROSS;
  s.marker_size = 13;
  s.line_width = 2.5;
  s.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  lab_layer_set_dynamic (lab_axes_add_marker (ax, _("probe"), v->probe[0], v->probe[1], &s), TRUE);
}

/* ------------------------------------------------------------------ */
/* tree diagrams: CART trees and XGBoost's trees through one layout */

typedef struct
{
  gint    left, right;   /* −1: drawn as a leaf */
  guint   depth;
  char   *text;
  const double *counts;  /* class counts (CART) or NULL */
  double  weight;
  guint   cls;           /* the node's class, for the colour of its marker (CART) */
  double  x, y;
  gboolean collapsed;    /* a subtree not drawn below this node */
  gboolean placed;       /* drawn: not below a collapsed node */
} DNode;

static void
dnodes_free (GArray *a)
{
  for (guint i = 0; i < a->len; i++)
    g_free (g_array_index (a, DNode, i).text);
  g_array_unref (a);
}

static guint
count_leaves (GArray *a,
              guint   id,
              guint   max_depth)
{
  DNode *n = &g_array_index (a, DNode, id);

  if (n->left < 0 || n->depth >= max_depth)
    return 1;
  return count_leaves (a, (guint) n->left, max_depth) + count_leaves (a, (guint) n->right, max_depth);
}

static guint
reach_depth (GArray *a,
             guint   id)
{
  DNode *n = &g_array_index (a, DNode, id);

  guint l, r;

  if (n->left < 0)
    return n->depth;
  /* not MAX (f (l), f (r)): the macro would evaluate each side twice, exponentially */
  l = reach_depth (a, (guint) n->left);
  r = reach_depth (a, (guint) n->right);
  return MAX (l, r);
}

static void
place (GArray *a,
       guint   id,
       guint   max_depth,
       double *next_x)
{
  DNode *n = &g_array_index (a, DNode, id);

  n->y = -(double) n->depth;
  n->placed = TRUE;
  if (n->left < 0 || n->depth >= max_depth)
    {
      n->collapsed = n->left >= 0;
      n->left = n->right = -1;
      n->x = (*next_x)++;
      return;
    }
  place (a, (guint) n->left, max_depth, next_x);
  place (a, (guint) n->right, max_depth, next_x);
  n = &g_array_index (a, DNode, id);
  n->x = 0.5 * (g_array_index (a, DNode, n->left).x + g_array_index (a, DNode, n->right).x);
}

/* Draws the diagram of @a (node 0 the root) into @ax, levels limited so that at most
 * MAX_DIAGRAM_LEAVES leaves sit side by side; @path (node ids, may be NULL) is highlighted. */
static void
draw_diagram (LabAxes     *ax,
              GArray      *a,
              guint        n_classes,
              const guint *path,
              guint        path_len,
              guint        max_leaves,
              const char  *note)
{
  guint max_depth = 0, total_depth = reach_depth (a, 0);
  double next_x = 0.0;
  g_autoptr(GArray) ex = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ey = g_array_new (FALSE, FALSE, sizeof (double));
  LabStyle edge = lab_style_default (0), hl = lab_style_default (0), ts = lab_style_default (0);

  while (max_depth < total_depth && count_leaves (a, 0, max_depth + 1) <= max_leaves)
    max_depth++;
  place (a, 0, max_depth, &next_x);

  edge.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
  edge.line_width = 1.3;
  hl.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  hl.line_width = 4.0;
  ts.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);

  for (guint i = 0; i < a->len; i++)
    {
      const DNode *n = &g_array_index (a, DNode, i);
      double nan = NAN;

      if (!n->placed || n->left < 0)
        continue;
      for (guint s = 0; s < 2; s++)
        {
          const DNode *c = &g_array_index (a, DNode, s == 0 ? n->left : n->right);

          g_array_append_val (ex, n->x);
          g_array_append_val (ey, n->y);
          g_array_append_val (ex, c->x);
          g_array_append_val (ey, c->y);
          g_array_append_val (ex, nan);
          g_array_append_val (ey, nan);
        }
    }
  lab_axes_add_line (ax, NULL, (double *) ex->data, (double *) ey->data, ex->len, &edge);
  if (path != NULL && path_len > 1)
    {
      g_autofree double *px = g_new (double, path_len);
      g_autofree double *py = g_new (double, path_len);
      guint m = 0;

      for (guint j = 0; j < path_len; j++)
        {
          const DNode *n = &g_array_index (a, DNode, path[j]);

          if (!n->placed)
            break;
          px[m] = n->x;
          py[m++] = n->y;
        }
      lab_layer_set_dynamic (lab_axes_add_line (ax, _("probe's path"), px, py, m, &hl), TRUE);
    }

  for (guint i = 0; i < a->len; i++)
    {
      const DNode *n = &g_array_index (a, DNode, i);
      LabStyle dot = lab_style_default (n->counts ? n->cls : 0);

      if (!n->placed)
        continue;
      dot.marker = n->collapsed ? LAB_MARKER_DIAMOND : LAB_MARKER_CIRCLE;
      dot.marker_size = n->collapsed ? 11 : 9;
      dot.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.7);
      dot.fill = n->counts ? lab_color_palette (n->cls) : lab_color_semantic (LAB_COLOR_MUTED, 1.0);
      dot.line_width = 1.0;
      lab_axes_add_scatter (ax, NULL, &n->x, &n->y, NULL, 1, &dot);
      if (n->counts != NULL && n->weight > 0)
        {
          /* the class counts as a small stacked bar under the node */
          double x0 = n->x - 0.38, acc = 0.0;

          for (guint c = 0; c < n_classes; c++)
            {
              double w = 0.76 * n->counts[c] / n->weight;
              double bx[2] = { x0 + acc, x0 + acc + w }, lo[2] = { n->y - 0.2, n->y - 0.2 },
                     hi[2] = { n->y - 0.12, n->y - 0.12 };
              LabStyle bs = lab_style_default (c);

              if (w <= 0)
                continue;
              bs.fill = lab_color_palette (c);
              bs.color = lab_color_palette_alpha (c, 0.0);
              lab_axes_add_band (ax, NULL, bx, lo, hi, 2, &bs);
              acc += w;
            }
        }
      if (n->text != NULL)
        /* in a small figure a crowded level keeps the labels that fit */
        lab_layer_set_droppable (lab_axes_add_text (ax, n->x, n->y - 0.23, n->text, LAB_ANCHOR_NORTH, FALSE, &ts),
                                 TRUE);
    }
  lab_axes_set_xlim (ax, -0.6, MAX (next_x - 0.4, 0.6));
  lab_axes_set_ylim (ax, -(double) max_depth - 0.95, 0.35);
  lab_axes_set_frame (ax, FALSE);
  if (max_depth < total_depth || note != NULL)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      if (note)
        g_string_append (s, note);
      if (max_depth < total_depth)
        g_string_append_printf (s, "%s<small>◆ %s</small>", s->len ? "  " : "",
                                _("deeper levels not drawn"));
      /* under the axes, not in them: the deepest node labels sit at the bottom */
      lab_axes_set_xlabel (ax, s->str);
    }
}

static GArray *
cart_dnodes (const TreesResult *self,
             const LabCart     *tree,
             const guint       *rank,
             guint              splits,
             LabCartCriterion   criterion)
{
  GArray *a = g_array_sized_new (FALSE, TRUE, sizeof (DNode), tree->n_nodes);

  g_array_set_size (a, tree->n_nodes);
  for (guint i = 0; i < tree->n_nodes; i++)
    {
      const LabCartNode *cn = &tree->nodes[i];
      DNode *n = &g_array_index (a, DNode, i);
      gboolean split = cn->left >= 0 && (rank == NULL || rank[i] < splits);
      guint cls = trees_node_class (tree, i);

      n->depth = cn->depth;
      n->left = split ? cn->left : -1;
      n->right = split ? cn->right : -1;
      n->counts = tree->value + (gsize) i * tree->n_classes;
      n->weight = cn->weighted_samples;
      n->cls = cls;
      n->x = NAN;
      if (split)
        n->text = g_markup_printf_escaped ("<small><b>%s ≤ %.3g</b>\nn %u\n%s %.3f</small>",
                                           self->feature_names[cn->feature], cn->threshold,
                                           cn->samples, criterion_symbol (criterion), cn->impurity);
      else
        n->text = g_markup_printf_escaped ("<small><b>%s</b>\nn %u\n%s %.3f</small>", self->class_names[cls],
                                           cn->samples, criterion_symbol (criterion), cn->impurity);
    }
  return a;
}

static GArray *
boost_dnodes (const TreesResult  *self,
              const LabBoostNode *nodes,
              guint               n_nodes)
{
  GArray *a = g_array_sized_new (FALSE, TRUE, sizeof (DNode), n_nodes);

  g_array_set_size (a, n_nodes);
  for (guint i = 0; i < n_nodes; i++)
    {
      const LabBoostNode *bn = &nodes[i];
      DNode *n = &g_array_index (a, DNode, i);

      n->depth = bn->depth;
      n->left = bn->feature >= 0 ? bn->left : -1;
      n->right = bn->feature >= 0 ? bn->right : -1;
      n->x = NAN;
      if (bn->feature >= 0 && (guint) bn->feature < self->d)
        n->text = g_markup_printf_escaped ("<small><b>%s &lt; %.3g</b>\ngain %.3g</small>",
                                           self->feature_names[bn->feature], bn->threshold, bn->gain);
      else
        n->text = g_markup_printf_escaped ("<small><b>%+.3f</b>\ncover %.3g</small>", bn->leaf, bn->cover);
    }
  return a;
}

/* How many leaves fit side by side: a split's label is about the longest feature name plus
 * eight characters wide. */
static guint
diagram_leaves (const TreesResult *self)
{
  glong longest = 2;

  for (guint f = 0; f < self->d; f++)
    longest = MAX (longest, g_utf8_strlen (self->feature_names[f], -1));
  return CLAMP (80 / (guint) (longest + 8), 3, MAX_DIAGRAM_LEAVES);
}

/* ------------------------------------------------------------------ */
/* the model-specific panels */

static void
panel_pruning (LabAxes           *ax,
               const TreesResult *self)
{
  g_autofree double *a = g_new (double, self->n_path + 1);
  g_autofree double *tr = g_new (double, self->n_path + 1);
  g_autofree double *te = g_new (double, self->n_path + 1);
  double amax = self->n_path > 1 ? self->ccp_alphas[self->n_path - 1] : 0.01;
  LabStyle s1 = lab_style_default (3), s2 = lab_style_default (4), vl = lab_style_default (0);

  /* α on a log axis: the full tree (α = 0) starts a little left of the first positive α */
  double amin = amax;

  for (guint i = 1; i < self->n_path; i++)
    if (self->ccp_alphas[i] > 0)
      amin = MIN (amin, self->ccp_alphas[i]);
  amin = amin > 0 ? amin : 1e-4;
  for (guint i = 0; i < self->n_path; i++)
    {
      a[i] = MAX (self->ccp_alphas[i], amin / 3);
      tr[i] = self->path_train[i];
      te[i] = self->path_test[i];
    }
  /* the last subtree (the root alone) holds on to the right edge */
  a[self->n_path] = MAX (amax, amin) * 1.6;
  tr[self->n_path] = tr[self->n_path - 1];
  te[self->n_path] = te[self->n_path - 1];
  lab_axes_set_title (ax, _("Pruning path"));
  lab_axes_set_xlabel (ax, _("ccp-alpha α (log scale; left edge α = 0)"));
  lab_axes_set_ylabel (ax, _("accuracy"));
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_xscale (ax, LAB_SCALE_LOG);
  lab_axes_set_xlim (ax, amin / 3, a[self->n_path]);
  lab_axes_set_ylim (ax, NAN, 1.02);   /* an accuracy: no tick above 1 (a legend that finds no room goes under the axes) */
  s1.line_width = 2.2;
  s2.line_width = 2.2;
  lab_axes_add_step (ax, _("train"), a, tr, self->n_path + 1, &s1);
  if (self->n_test > 0)
    lab_axes_add_step (ax, _("test"), a, te, self->n_path + 1, &s2);
  vl.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  vl.line_width = 2;
  vl.dash = LAB_DASH_DASHED;
  lab_axes_add_vline (ax, _("chosen α"), MAX (self->ccp_alpha, amin / 3), &vl);
}

static void
panel_impurity (LabAxes          *ax,
                LabCartCriterion  current)
{
  enum { N = 201 };
  double p[N], g[N], h[N], m[N];

  for (guint i = 0; i < N; i++)
    {
      double q = (double) i / (N - 1);
      double c[2] = { q, 1 - q };

      p[i] = q;
      g[i] = lab_cart_impurity (LAB_CART_GINI, c, 2);
      h[i] = lab_cart_impurity (LAB_CART_ENTROPY, c, 2) / 2;
      m[i] = lab_cart_impurity (LAB_CART_MISCLASSIFICATION, c, 2);
    }
  lab_axes_set_title (ax, _("Impurity of a two-class node"));
  lab_axes_set_xlabel (ax, _("share p of class 1 in the node"));
  lab_axes_set_ylabel (ax, _("impurity"));
  lab_axes_set_xlim (ax, 0, 1);
  lab_axes_set_ylim (ax, 0, 0.55);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  {
    const double *ys[3] = { g, h, m };
    const char *names[3] = { N_("gini 2p(1 − p)"), N_("entropy / 2 (bits)"), N_("misclassification min(p, 1 − p)") };

    for (guint c = 0; c < 3; c++)
      {
        LabStyle s = lab_style_default (5 + c);

        s.line_width = c == current ? 3.5 : 1.4;
        s.dash = c == current ? LAB_DASH_SOLID : LAB_DASH_DASHED;
        lab_axes_add_line (ax, _(names[c]), p, ys[c], N, &s);
      }
  }
}

static void
panel_forest_curve (LabAxes           *ax,
                    const TreesResult *self)
{
  guint nt = self->forest->n_trees;
  g_autofree double *t = g_new (double, nt);
  LabStyle s1 = lab_style_default (4), s2 = lab_style_default (3), hl = lab_style_default (0);

  for (guint i = 0; i < nt; i++)
    t[i] = i + 1;
  lab_axes_set_title (ax, _("Accuracy vs number of trees"));
  lab_axes_set_xlabel (ax, _("trees"));
  lab_axes_set_ylabel (ax, _("accuracy"));
  lab_axes_set_ylim (ax, NAN, 1.02);   /* an accuracy: no tick above 1 */
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_xlim (ax, 0.5, nt + 0.5);
  s1.line_width = 2.2;
  s2.line_width = 1.6;
  if (self->n_test > 0)
    lab_axes_add_line (ax, _("test"), t, self->by_trees_test, nt, &s1);
  if (!isnan (self->forest->oob_accuracy))
    lab_axes_add_line (ax, _("out of bag"), t, self->forest->oob_by_trees, nt, &s2);
  if (!isnan (self->one_tree_test))
    {
      hl.color = lab_color_semantic (LAB_COLOR_MUTED, 1.0);
      hl.dash = LAB_DASH_DASHED;
      lab_axes_add_hline (ax, _("one deep tree (test)"), self->one_tree_test, &hl);
    }
}

static void
panel_perturbation (LabAxes           *ax,
                    const TreesResult *self)
{
  g_autofree guint8 *cls = g_new (guint8, NG * NG);
  g_autofree double *alpha = g_new (double, NG * NG);
  g_autofree char *title = g_strdup_printf (_("Relabel 5 %%: one tree changes %.0f %%, the forest %.0f %%"),
                                            100 * self->perturb_tree, 100 * self->perturb_forest);

  LabStyle sw = lab_style_default (0);

  /* the forest's changes drawn over the tree's */
  for (guint g = 0; g < NG * NG; g++)
    {
      guint8 c = self->perturb_cells[g];

      cls[g] = (c & 2) ? SLOT_FOREST_CHANGE : (c & 1) ? SLOT_TREE_CHANGE : LAB_CLASS_MAP_NONE;
      alpha[g] = 0.75;
    }
  lab_axes_set_title (ax, title);
  setup_plane (ax, self);
  lab_axes_add_class_map (ax, cls, alpha, NG, NG, self->x0, self->x1, self->y0, self->y1);
  add_points (ax, self, FALSE);
  /* legend swatches for the two colours */
  sw.marker = LAB_MARKER_SQUARE;
  sw.marker_size = 10;
  sw.line_width = 0;
  sw.fill = lab_color_palette_alpha (SLOT_TREE_CHANGE, 0.75);
  lab_axes_add_scatter (ax, _("one tree's class changes"), NULL, NULL, NULL, 0, &sw);
  sw.fill = lab_color_palette_alpha (SLOT_FOREST_CHANGE, 0.75);
  lab_axes_add_scatter (ax, _("the forest's class changes"), NULL, NULL, NULL, 0, &sw);
  lab_axes_set_legend (ax, TRUE);
}

static void
panel_boost_curve (LabAxes           *ax,
                   const TreesResult *self,
                   const View        *v,
                   LabBoostGrowPolicy policy)
{
  guint r = self->rounds;
  g_autofree double *t = g_new (double, r);
  const char *now = policy == LAB_BOOST_LOSSGUIDE ? _("leaf-wise") : _("level-wise");
  const char *other = self->other_label;
  g_autofree char *l1 = g_strdup_printf (_("%s train"), now);
  g_autofree char *l2 = g_strdup_printf (_("%s test"), now);
  g_autofree char *l3 = g_strdup_printf (_("%s train"), other);
  g_autofree char *l4 = g_strdup_printf (_("%s test"), other);
  LabStyle s1 = lab_style_default (3), s2 = lab_style_default (4), vl = lab_style_default (0);

  for (guint i = 0; i < r; i++)
    t[i] = i + 1;
  lab_axes_set_title (ax, _("Log-loss by round (dashed: other policy)"));
  lab_axes_set_xlabel (ax, _("boosting round (click to show)"));
  lab_axes_set_ylabel (ax, _("log-loss"));
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_xlim (ax, 0.5, r + 0.5);
  s1.line_width = 2.2;
  s2.line_width = 2.2;
  lab_axes_add_line (ax, l1, t, self->train_logloss, r, &s1);
  if (self->n_test > 0)
    lab_axes_add_line (ax, l2, t, self->test_logloss, r, &s2);
  s1.line_width = s2.line_width = 1.3;
  s1.dash = s2.dash = LAB_DASH_DASHED;
  lab_axes_add_line (ax, l3, t, self->other_train_logloss, r, &s1);
  if (self->n_test > 0)
    lab_axes_add_line (ax, l4, t, self->other_test_logloss, r, &s2);
  vl.color = lab_color_semantic (LAB_COLOR_ACCENT, 1.0);
  vl.dash = LAB_DASH_DASHED;
  lab_layer_set_dynamic (lab_axes_add_vline (ax, _("round shown"), v->round, &vl), TRUE);
}

static void
panel_residuals (LabAxes           *ax,
                 const TreesResult *self,
                 const View        *v)
{
  guint n = self->n_train, k = self->k, d = self->d;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree LabColor *col = g_new (LabColor, n);
  g_autofree char *title = g_strdup_printf (_("Left to fix after round %u: 1 − p(true class)"), v->round);
  const float *p = self->train_proba + (gsize) v->kept * n * k;
  LabStyle s = lab_style_default (0);

  for (guint i = 0; i < n; i++)
    {
      double r = 1.0 - p[(gsize) i * k + self->y_train[i]];

      x[i] = self->x_train[(gsize) i * d + self->fx];
      y[i] = self->x_train[(gsize) i * d + self->fy];
      col[i] = lab_color_palette_alpha (self->y_train[i], 0.08 + 0.92 * CLAMP (r, 0.0, 1.0));
    }
  lab_axes_set_title (ax, title);
  setup_plane (ax, self);
  s.marker = LAB_MARKER_CIRCLE;
  s.marker_size = n > 2000 ? 4 : 7;
  s.line_width = 0;
  /* per-point colours: the fill keeps their alpha */
  s.fill = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
  lab_axes_add_scatter (ax, _("residual"), x, y, col, n, &s);
}

static void
panel_stack_bars (LabAxes           *ax,
                  const TreesResult *self)
{
  const char *labels[N_STACK + 1];
  double edges[N_STACK + 1], h[1];

  for (guint b = 0; b < N_STACK; b++)
    labels[b] = _(self->models[b].name);
  labels[N_STACK] = NULL;
  lab_axes_set_title (ax, _("Test accuracy"));
  lab_axes_set_ylabel (ax, _("accuracy"));
  lab_axes_set_ylim (ax, NAN, 1.02);   /* an accuracy: no tick above 1 */
  lab_axes_set_xcategories (ax, labels);
  lab_axes_set_grid (ax, TRUE);
  {
    double lo = 1.0;

    for (guint b = 0; b < N_STACK; b++)
      if (!isnan (self->models[b].test_accuracy))
        lo = MIN (lo, self->models[b].test_accuracy);
    lab_axes_set_ylim (ax, MAX (0.0, floor ((lo - 0.05) * 20) / 20), 1.0);
  }
  lab_axes_set_xlim (ax, -0.6, N_STACK - 0.4);
  for (guint b = 0; b < N_STACK; b++)
    {
      LabStyle s = lab_style_default (b == N_STACK - 1 ? 6 : 7);
      g_autofree char *txt = g_strdup_printf ("%.3f", self->models[b].test_accuracy);
      LabStyle ts = lab_style_default (0);

      if (isnan (self->models[b].test_accuracy))
        continue;
      edges[0] = b - 0.35;
      edges[1] = b + 0.35;
      h[0] = self->models[b].test_accuracy;
      s.fill = lab_color_palette_alpha (b == N_STACK - 1 ? 6 : 7, 0.75);
      lab_axes_add_bars (ax, NULL, edges, h, 1, &s);
      ts.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1.0);
      lab_axes_add_text (ax, b, h[0], txt, LAB_ANCHOR_SOUTH, FALSE, &ts);
    }
  (void) edges;
}

static void
panel_meta_weights (LabAxes           *ax,
                    const TreesResult *self)
{
  const char *labels[5];
  guint k = self->k, p = 4 * k + 1;

  for (guint b = 0; b < 4; b++)
    labels[b] = _(self->models[b].name);
  labels[4] = NULL;
  lab_axes_set_title (ax, _("Meta-model weight on each model (Σ|w|)"));
  lab_axes_set_xcategories (ax, labels);
  lab_axes_set_grid (ax, TRUE);
  lab_axes_set_xlim (ax, -0.6, 3.6);
  for (guint b = 0; b < 4; b++)
    {
      double edges[2] = { b - 0.35, b + 0.35 }, h = 0.0;
      LabStyle s = lab_style_default (7);

      for (guint c = 0; c < k; c++)
        for (guint j = 0; j < k; j++)
          h += fabs (self->meta_w[c * p + b * k + j]);
      s.fill = lab_color_palette_alpha (7, 0.6);
      lab_axes_add_bars (ax, NULL, edges, &h, 1, &s);
    }
}

/* ------------------------------------------------------------------ */

LabFigure *
trees_build (const LabResult *result,
             LabParams       *params)
{
  const TreesResult *self = (const TreesResult *) result;
  View v = view_of (self, params);
  LabFigure *figure = lab_figure_new (2, 2);
  LabAxes *regions = lab_figure_get_axes (figure, 0);
  LabAxes *diagram = lab_figure_get_axes (figure, 1);
  LabAxes *curve = lab_figure_get_axes (figure, 2);
  LabAxes *side = lab_figure_get_axes (figure, 3);
  double probe[64];
  g_autofree char *title = NULL;

  lab_figure_set_col_weights (figure, (const double[]) { 1.0, 1.15 });
  lab_figure_set_row_weights (figure, (const double[]) { 1.25, 1.0 });
  lab_axes_set_tag (regions, TAG_REGIONS);
  lab_axes_set_tag (diagram, TAG_DIAGRAM);
  lab_axes_set_tag (curve, TAG_CURVE);
  lab_axes_set_tag (side, TAG_SIDE);
  if (self->d <= G_N_ELEMENTS (probe))
    probe_point (self, &v, probe);

  /* regions */
  switch (self->model)
    {
    case TREES_MODEL_TREE:
      if (v.splits < self->n_internal)
        title = g_strdup_printf (_("After %u of %u splits (best first)"), v.splits, self->n_internal);
      else
        title = g_strdup_printf (_("Tree: %u leaves, depth %u"), self->tree->n_leaves, self->tree->depth);
      break;
    case TREES_MODEL_FOREST:
      title = g_strdup_printf (_("Forest of %u trees (vote share)"), self->forest->n_trees);
      break;
    case TREES_MODEL_BOOSTING:
      title = g_strdup_printf (_("Boosting: round %u of %u"), v.round, self->rounds);
      break;
    case TREES_MODEL_STACKING:
    default:
      title = g_strdup (_("Stack of tree, forest, boosting, k-NN"));
      break;
    }
  lab_axes_set_title (regions, title);
  setup_plane (regions, self);
  add_regions (regions, self, &v);
  add_points (regions, self, TRUE);
  lab_axes_set_legend (regions, self->k <= 3);
  add_probe (regions, &v);
  if (self->d > 2)
    {
      g_autofree char *xl = g_markup_printf_escaped (_("%s  <small>(the other features at their training means)</small>"),
                                                     self->feature_names[self->fx]);

      lab_axes_set_xlabel (regions, xl);
    }

  /* diagram */
  if (self->model == TREES_MODEL_BOOSTING)
    {
      guint per = self->k == 2 ? 1 : self->k;
      guint t = (v.round - 1) * per;
      g_autofree char *dt = per > 1 ? g_strdup_printf (_("Round %u's tree for class “%s”"), v.round,
                                                       self->class_names[0])
                                    : g_strdup_printf (_("Round %u's tree (log-odds steps)"), v.round);

      lab_axes_set_title (diagram, dt);
      if (t < self->n_btrees && self->btrees[t] != NULL)
        {
          GArray *a = boost_dnodes (self, self->btrees[t], self->btree_sizes[t]);
          guint path[128], len = 0, id = 0;

          if (self->d <= G_N_ELEMENTS (probe))
            while (len < G_N_ELEMENTS (path))
              {
                const LabBoostNode *bn = &self->btrees[t][id];

                path[len++] = id;
                if (bn->feature < 0 || bn->left < 0)
                  break;
                id = (guint) ((float) probe[bn->feature] < bn->threshold ? bn->left : bn->right);
              }
          draw_diagram (diagram, a, self->k, path, len, diagram_leaves (self), NULL);
          dnodes_free (a);
        }
    }
  else if (self->tree != NULL)
    {
      const guint *rank = self->model == TREES_MODEL_TREE ? self->rank : NULL;
      GArray *a = cart_dnodes (self, self->tree, rank, v.splits, lab_params_get_enum (params, "criterion"));
      guint path[256], len = 0, id = 0;
      const char *dt = self->model == TREES_MODEL_TREE ? criterion_title (lab_params_get_enum (params, "criterion"))
                       : self->model == TREES_MODEL_FOREST ? _("The forest's first tree")
                       : _("The stack's tree");

      lab_axes_set_title (diagram, dt);
      if (self->d <= G_N_ELEMENTS (probe))
        while (len < G_N_ELEMENTS (path))
          {
            const DNode *n = &g_array_index (a, DNode, id);

            path[len++] = id;
            if (n->left < 0)
              break;
            id = (guint) (probe[self->tree->nodes[id].feature] <= self->tree->nodes[id].threshold ? n->left : n->right);
          }
      draw_diagram (diagram, a, self->k, path, len, diagram_leaves (self), NULL);
      dnodes_free (a);
    }

  /* lower panels */
  switch (self->model)
    {
    case TREES_MODEL_TREE:
      panel_pruning (curve, self);
      panel_impurity (side, lab_params_get_enum (params, "criterion"));
      break;
    case TREES_MODEL_FOREST:
      panel_forest_curve (curve, self);
      panel_perturbation (side, self);
      break;
    case TREES_MODEL_BOOSTING:
      panel_boost_curve (curve, self, &v, lab_params_get_enum (params, "grow-policy"));
      panel_residuals (side, self, &v);
      break;
    case TREES_MODEL_STACKING:
    default:
      panel_stack_bars (curve, self);
      panel_meta_weights (side, self);
      break;
    }
  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

void
trees_metrics (const LabResult *result,
               LabParams       *params,
               LabMetrics      *out)
{
  const TreesResult *self = (const TreesResult *) result;
  View v = view_of (self, params);

  lab_metrics_add_string (out, "source", _("Data"), self->source_name);
  lab_metrics_add_int (out, "n_train", _("Training rows"), self->n_train);
  lab_metrics_add_int (out, "n_test", _("Test rows"), self->n_test);
  lab_metrics_add_int (out, "classes", _("Classes"), self->k);
  lab_metrics_add_double (out, "train_accuracy", _("Training accuracy"), self->train_accuracy);
  lab_metrics_add_double (out, "test_accuracy", _("Test accuracy"), self->test_accuracy);

  if (self->model == TREES_MODEL_TREE)
    {
      const LabCart *t = self->tree;

      lab_metrics_add_int (out, "depth", _("Depth"), t->depth);
      lab_metrics_add_int (out, "n_leaves", _("Leaves"), t->n_leaves);
      lab_metrics_add_int (out, "splits_shown", _("Splits shown"), MIN (v.splits, self->n_internal));
      lab_metrics_add_double (out, "ccp_alpha", _("Pruning α"), self->ccp_alpha);
      lab_metrics_begin_array (out, "nodes");
      for (guint i = 0; i < t->n_nodes; i++)
        {
          const LabCartNode *n = &t->nodes[i];

          lab_metrics_begin_object (out, NULL);
          lab_metrics_add_int (out, "feature", NULL, n->feature);
          if (n->feature >= 0)
            lab_metrics_add_double (out, "threshold", NULL, n->threshold);
          else
            lab_metrics_add_null (out, "threshold", NULL);
          lab_metrics_add_double (out, "impurity", NULL, n->impurity);
          lab_metrics_add_int (out, "samples", NULL, n->samples);
          lab_metrics_add_doubles (out, "value", t->value + (gsize) i * t->n_classes, t->n_classes);
          lab_metrics_add_int (out, "left", NULL, n->left);
          lab_metrics_add_int (out, "right", NULL, n->right);
          lab_metrics_end (out);
        }
      lab_metrics_end (out);
      lab_metrics_add_doubles (out, "ccp_alphas", self->ccp_alphas, self->n_path);
      lab_metrics_add_doubles (out, "impurities", self->impurities, self->n_path);
    }
  if (self->importance != NULL)
    lab_metrics_add_doubles (out, "feature_importance", self->importance, self->d);
  if (self->model == TREES_MODEL_FOREST)
    {
      lab_metrics_add_double (out, "oob_accuracy", _("Out-of-bag accuracy"), self->forest->oob_accuracy);
      lab_metrics_add_int (out, "trees", _("Trees"), self->forest->n_trees);
      lab_metrics_add_double (out, "one_tree_test_accuracy", _("One deep tree: test accuracy"), self->one_tree_test);
      lab_metrics_add_double (out, "perturbation_tree", _("Plane changed by 5 % relabelling: one tree"),
                              self->perturb_tree);
      lab_metrics_add_double (out, "perturbation_forest", _("Plane changed by 5 % relabelling: forest"),
                              self->perturb_forest);
    }
  if (self->model == TREES_MODEL_BOOSTING)
    {
      lab_metrics_add_int (out, "rounds", _("Rounds"), self->rounds);
      lab_metrics_add_int (out, "round_shown", _("Round shown"), v.round);
      lab_metrics_add_double (out, "train_logloss_shown", _("Training log-loss (round shown)"),
                              self->train_logloss[v.round - 1]);
      lab_metrics_add_double (out, "test_logloss_shown", _("Test log-loss (round shown)"),
                              self->test_logloss[v.round - 1]);
      lab_metrics_add_double (out, "other_policy_test_logloss",
                              self->other_policy == LAB_BOOST_LOSSGUIDE ? _("Leaf-wise: final test log-loss")
                                                                        : _("Level-wise: final test log-loss"),
                              self->other_test_logloss[self->rounds - 1]);
      lab_metrics_add_doubles (out, "train_logloss", self->train_logloss, self->rounds);
      lab_metrics_add_doubles (out, "test_logloss", self->test_logloss, self->rounds);
    }
  if (self->model == TREES_MODEL_STACKING)
    {
      for (guint b = 0; b < N_STACK; b++)
        {
          g_autofree char *key = g_strdup_printf ("test_accuracy_%s", b == 3 ? "knn" : self->models[b].name);
          g_autofree char *label = g_strdup_printf (_("Test accuracy: %s"), _(self->models[b].name));

          if (b < N_STACK - 1)
            lab_metrics_add_double (out, key, label, self->models[b].test_accuracy);
        }
      lab_metrics_begin_array (out, "models");
      for (guint b = 0; b < N_STACK; b++)
        {
          lab_metrics_begin_object (out, NULL);
          lab_metrics_add_string (out, "name", NULL, self->models[b].name);
          lab_metrics_add_double (out, "train_accuracy", NULL, self->models[b].train_accuracy);
          lab_metrics_add_double (out, "test_accuracy", NULL, self->models[b].test_accuracy);
          lab_metrics_end (out);
        }
      lab_metrics_end (out);
    }
}

/* ------------------------------------------------------------------ */
/* clicks and ranges */

gboolean
trees_click (const LabResult *result,
             LabParams       *params,
             int              axes_tag,
             double           x,
             double           y)
{
  const TreesResult *self = (const TreesResult *) result;

  switch (axes_tag)
    {
    case TAG_REGIONS:
      g_object_freeze_notify (G_OBJECT (params));
      lab_params_set_double (params, "probe-x", x);
      lab_params_set_double (params, "probe-y", y);
      g_object_thaw_notify (G_OBJECT (params));
      return TRUE;
    case TAG_CURVE:
      if (self->model == TREES_MODEL_TREE && self->n_path > 0)
        {
          /* the largest path α not beyond the click: that subtree's whole interval */
          double a = 0.0;

          for (guint i = 0; i < self->n_path; i++)
            if (self->ccp_alphas[i] <= x)
              a = self->ccp_alphas[i];
          lab_params_set_double (params, "ccp-alpha", a);
          return TRUE;
        }
      if (self->model == TREES_MODEL_BOOSTING)
        {
          lab_params_set_int (params, "round", (int) CLAMP (lround (x), 1, (long) self->rounds));
          return TRUE;
        }
      return FALSE;
    default:
      return FALSE;
    }
}

gboolean
trees_suggest_range (const LabResult *result,
                     GParamSpec      *pspec,
                     double          *lo,
                     double          *hi)
{
  const TreesResult *self = (const TreesResult *) result;

  if (g_str_equal (pspec->name, "splits") && self->model == TREES_MODEL_TREE)
    {
      *lo = 0;
      *hi = MAX (self->n_internal, 1);
      return TRUE;
    }
  if (g_str_equal (pspec->name, "round") && self->model == TREES_MODEL_BOOSTING)
    {
      *lo = 1;
      *hi = MAX (self->rounds, 2);
      return TRUE;
    }
  if (g_str_equal (pspec->name, "probe-x") || g_str_equal (pspec->name, "probe-y"))
    {
      gboolean is_x = g_str_equal (pspec->name, "probe-x");

      *lo = is_x ? self->x0 : self->y0;
      *hi = is_x ? self->x1 : self->y1;
      return TRUE;
    }
  return FALSE;
}
