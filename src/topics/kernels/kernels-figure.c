/* kernels-figure.c — the kernels topic on the main thread: figures, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kernels-private.h"

static const char *
kernel_title (LabKernelKind kind)
{
  switch (kind)
    {
    case LAB_KERNEL_LINEAR: return _("linear kernel");
    case LAB_KERNEL_POLY: return _("polynomial kernel");
    case LAB_KERNEL_RBF: return _("RBF kernel");
    case LAB_KERNEL_SIGMOID: return _("sigmoid kernel");
    default: g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* the points, the regions, the margins */

static void
add_points (LabAxes         *ax,
            const KrnResult *self,
            gboolean         show_test,
            double           size)
{
  LabPoints *pts = self->points;
  guint n_max = MAX (MAX (self->n_train, self->n_test), 1);
  g_autofree double *x = g_new (double, n_max), *y = g_new (double, n_max);
  g_autofree LabColor *colors = g_new (LabColor, n_max);

  for (guint set = 0; set < 2; set++)
    {
      const guint *rows = set == 0 ? self->train : self->test;
      guint n = set == 0 ? self->n_train : self->n_test;
      LabStyle style = lab_style_default (0);

      if (n == 0 || (set == 1 && !show_test))
        continue;
      for (guint r = 0; r < n; r++)
        {
          x[r] = pts->x[2 * (gsize) rows[r]];
          y[r] = pts->x[2 * (gsize) rows[r] + 1];
          colors[r] = lab_color_palette (pts->y[rows[r]]);
        }
      style.marker = set == 0 ? LAB_MARKER_CIRCLE : LAB_MARKER_DIAMOND;
      style.marker_size = size;
      style.line_width = set == 0 ? 0.6 : 1.3;
      style.fill = set == 0 ? lab_color_palette_alpha (0, 0.85) : lab_color_palette_alpha (0, 0.0);
      lab_axes_add_scatter (ax, set == 0 ? _("training rows") : _("test rows"), x, y, colors, n, &style);
    }
}

static void
add_support_vectors (LabAxes      *ax,
                     const LabSvm *svm,
                     double        size)
{
  g_autofree double *x = g_new (double, MAX (svm->n_support, 1)), *y = g_new (double, MAX (svm->n_support, 1));
  LabStyle st = lab_style_default (0);

  for (guint s = 0; s < svm->n_support; s++)
    {
      x[s] = svm->sv[2 * (gsize) s];
      y[s] = svm->sv[2 * (gsize) s + 1];
    }
  st.marker = LAB_MARKER_CIRCLE;
  st.marker_size = size;
  st.line_width = 1.4;
  st.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.9);
  st.fill = lab_color_semantic (LAB_COLOR_NONE, 0.0);
  lab_axes_add_scatter (ax, _("support vectors"), x, y, NULL, svm->n_support, &st);
}

/* The regions (sign of f, shaded by |f|) and the contours f = −1, 0, +1 */
static void
add_regions (LabAxes         *ax,
             const KrnResult *self,
             const double    *grid,
             guint            side)
{
  gsize ng = (gsize) side * side;
  g_autofree guint8 *cls = g_new (guint8, ng);
  g_autofree double *opacity = g_new (double, ng);
  static const double zero[] = { 0.0 }, margins[] = { -1.0, 1.0 };
  LabStyle st = lab_style_default (0);

  for (gsize i = 0; i < ng; i++)
    {
      cls[i] = grid[i] > 0 ? 1 : 0;
      opacity[i] = 0.07 + 0.3 * tanh (fabs (grid[i]));
    }
  lab_axes_add_class_map (ax, cls, opacity, side, side, self->box[0], self->box[1], self->box[2], self->box[3]);
  st.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.7);
  st.line_width = 1.3;
  st.dash = LAB_DASH_DASHED;
  lab_axes_add_contour (ax, grid, side, side, self->box[0], self->box[1], self->box[2], self->box[3],
                        margins, 2, FALSE, LAB_COLORMAP_VIRIDIS, &st);
  st.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.95);
  st.line_width = 2.2;
  st.dash = LAB_DASH_SOLID;
  lab_axes_add_contour (ax, grid, side, side, self->box[0], self->box[1], self->box[2], self->box[3],
                        zero, 1, FALSE, LAB_COLORMAP_VIRIDIS, &st);
}

static void
set_point_axes (LabAxes         *ax,
                const KrnResult *self,
                gboolean         labels)
{
  lab_axes_set_xlim (ax, self->box[0], self->box[1]);
  lab_axes_set_ylim (ax, self->box[2], self->box[3]);
  if (labels)
    {
      lab_axes_set_xlabel (ax, self->points->feature_names[0]);
      lab_axes_set_ylabel (ax, self->points->feature_names[1]);
    }
  lab_axes_set_grid (ax, FALSE);
  if (self->points->rows == NULL)
    lab_axes_set_equal_aspect (ax, TRUE);
}

static double
point_size (const KrnResult *self)
{
  return self->points->n > 3000 ? 3.5 : self->points->n > 800 ? 5 : 6.5;
}

static char *
machine_title (const KrnResult *self)
{
  GString *s = g_string_new (NULL);

  g_string_printf (s, _("C-SVC, %s, C = %.3g"), kernel_title (self->svm->kernel.kind), self->svm->c);
  if (self->svm->kernel.kind != LAB_KERNEL_LINEAR)
    g_string_append_printf (s, ", γ = %.3g", self->gamma);
  if (self->svm->kernel.kind == LAB_KERNEL_POLY)
    g_string_append_printf (s, _(", degree %d"), self->svm->kernel.degree);
  if (self->svm->kernel.kind == LAB_KERNEL_POLY || self->svm->kernel.kind == LAB_KERNEL_SIGMOID)
    g_string_append_printf (s, ", coef0 = %.3g", self->svm->kernel.coef0);
  return g_string_free (s, FALSE);
}

static LabFigure *
build_regions (const KrnResult *self,
               LabParams       *params)
{
  LabFigure *fig = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  g_autofree char *machine = machine_title (self);
  g_autofree char *title = NULL;
  GString *line = g_string_new (NULL);
  double size = point_size (self);

  add_regions (ax, self, self->grid, self->grid_side);
  add_points (ax, self, lab_params_get_boolean (params, "show-test"), size);
  if (lab_params_get_boolean (params, "show-support-vectors"))
    add_support_vectors (ax, self->svm, size + 6);
  if (self->n_added > 0)
    {
      LabPoints *pts = self->points;
      g_autofree double *axx = g_new (double, self->n_added), *ayy = g_new (double, self->n_added);
      g_autofree LabColor *colors = g_new (LabColor, self->n_added);
      LabStyle st = lab_style_default (0);

      for (guint j = 0; j < self->n_added; j++)
        {
          guint i = pts->n - self->n_added + j;

          axx[j] = pts->x[2 * (gsize) i];
          ayy[j] = pts->x[2 * (gsize) i + 1];
          colors[j] = lab_color_palette (pts->y[i]);
        }
      st.marker = LAB_MARKER_SQUARE;
      st.marker_size = size + 3;
      st.line_width = 1.2;
      st.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.9);
      st.fill = lab_color_palette_alpha (0, 1.0);
      lab_axes_add_scatter (ax, _("added by clicks"), axx, ayy, colors, self->n_added, &st);
    }
  g_string_printf (line, _("%u support vectors of %u training rows · training accuracy %.3f"),
                   self->svm->n_support, self->n_train, self->train_accuracy);
  if (self->n_test > 0)
    g_string_append_printf (line, _(" · test accuracy %.3f"), self->test_accuracy);
  if (isfinite (self->margin_width))
    g_string_append_printf (line, _(" · margin width 2/‖w‖ = %.3g"), self->margin_width);
  title = g_strdup_printf ("%s\n%s", machine, line->str);
  g_string_free (line, TRUE);
  lab_axes_set_title (ax, title);
  lab_axes_add_text (ax, 0.01, 0.01, _("solid: f(x) = 0 · dashed: f(x) = ±1, the margin · click to add a point"),
                     LAB_ANCHOR_SOUTH_WEST, TRUE, NULL);
  set_point_axes (ax, self, TRUE);
  lab_axes_set_tag (ax, TAG_REGIONS);
  lab_axes_set_legend (ax, TRUE);
  return fig;
}

static LabFigure *
build_sweep (const KrnResult *self,
             LabParams       *params)
{
  LabFigure *fig = lab_figure_new (2, 3);
  gboolean c_sweep = self->view == KRN_VIEW_C_SWEEP;
  g_autofree char *ftitle = NULL;

  for (guint s = 0; s < self->n_sweep; s++)
    {
      const KrnSweep *sw = &self->sweep[s];
      LabAxes *ax = lab_figure_get_axes (fig, s);
      GString *t = g_string_new (NULL);

      add_regions (ax, self, sw->grid, sw->side);
      add_points (ax, self, FALSE, 4);
      if (lab_params_get_boolean (params, "show-support-vectors"))
        add_support_vectors (ax, sw->svm, 8);
      g_string_printf (t, c_sweep ? "C = %g" : "γ = %g", sw->value);
      g_string_append_printf (t, _(": %u SVs"), sw->svm->n_support);
      if (sw->svm->w != NULL)
        g_string_append_printf (t, _(", margin %.3g"), 2 / hypot (sw->svm->w[0], sw->svm->w[1]));
      g_string_append_printf (t, _("\ntrain %.2f"), sw->train_accuracy);
      if (self->n_test > 0)
        g_string_append_printf (t, _(", test %.2f"), sw->test_accuracy);
      lab_axes_set_title (ax, t->str);
      g_string_free (t, TRUE);
      set_point_axes (ax, self, FALSE);
      lab_axes_set_tag (ax, TAG_SWEEP + (int) s);
    }
  if (c_sweep && self->sweep_kernel == LAB_KERNEL_LINEAR)
    ftitle = g_strdup_printf (_("C from soft to hard margin (%s); click a panel to take its C"),
                              kernel_title (self->sweep_kernel));
  else if (c_sweep)
    ftitle = g_strdup_printf (_("C from soft to hard margin (%s, γ = %.3g); click a panel to take its C"),
                              kernel_title (self->sweep_kernel), self->gamma);
  else
    ftitle = g_strdup_printf (_("γ from wide to narrow (%s, C = %.3g): under- to over-fitting; click a panel to take its γ"),
                              kernel_title (self->sweep_kernel), self->svm->c);
  lab_figure_set_title (fig, ftitle);
  return fig;
}

/* ------------------------------------------------------------------ */
/* the lift */

typedef struct
{
  double ca, sa, ce, se, zs;
} Proj;

static void
project (const Proj *p,
         double      x,
         double      y,
         double      z,
         double     *u,
         double     *v)
{
  *u = p->ca * x - p->sa * y;
  *v = p->ce * z * p->zs + p->se * (p->sa * x + p->ca * y);
}

static LabFigure *
build_lift (const KrnResult *self,
            LabParams       *params)
{
  LabFigure *fig = lab_figure_new (1, 2);
  LabAxes *ax = lab_figure_get_axes (fig, 0), *bx = lab_figure_get_axes (fig, 1);
  LabPoints *pts = self->points;
  const double *w = self->lift_w;
  double zmax = 0, span = MAX (self->box[1] - self->box[0], self->box[3] - self->box[2]);
  Proj p = { cos (0.6), sin (0.6), cos (0.45), sin (0.45), 1 };
  g_autofree double *u = g_new (double, pts->n), *v = g_new (double, pts->n);
  g_autofree LabColor *colors = g_new (LabColor, pts->n);
  LabStyle mesh = lab_style_rule (LAB_COLOR_ACCENT, 0.55);
  LabStyle ptst = lab_style_default (0);
  g_autofree char *t1 = NULL;

  for (guint i = 0; i < pts->n; i++)
    zmax = MAX (zmax, self->lift_z[i]);
  p.zs = zmax > 0 ? 0.8 * span / zmax : 1;
  /* the plane w·φ + b = 0 as a mesh over the box, where it stays within the points' height */
  mesh.line_width = 1.0;
  mesh.dash = LAB_DASH_SOLID;
  if (fabs (w[2]) > 1e-12)
    for (guint dir = 0; dir < 2; dir++)
      for (guint a = 0; a <= 8; a++)
        {
          double lu[41], lv[41];

          for (guint b = 0; b <= 40; b++)
            {
              double s = (double) a / 8, t = (double) b / 40;
              double x = self->box[0] + (self->box[1] - self->box[0]) * (dir == 0 ? s : t);
              double y = self->box[2] + (self->box[3] - self->box[2]) * (dir == 0 ? t : s);
              double z = -(self->lift_b + w[0] * x + w[1] * y) / w[2];

              if (z < -0.05 * zmax || z > 1.1 * zmax)
                lu[b] = lv[b] = NAN;
              else
                project (&p, x, y, z, &lu[b], &lv[b]);
            }
          lab_axes_add_line (ax, a == 0 && dir == 0 ? _("separating plane") : NULL, lu, lv, 41, &mesh);
        }
  for (guint i = 0; i < pts->n; i++)
    {
      project (&p, pts->x[2 * (gsize) i], pts->x[2 * (gsize) i + 1], self->lift_z[i], &u[i], &v[i]);
      colors[i] = lab_color_palette (pts->y[i]);
    }
  ptst.marker = LAB_MARKER_CIRCLE;
  ptst.marker_size = point_size (self);
  ptst.line_width = 0.6;
  ptst.fill = lab_color_palette_alpha (0, 0.85);
  lab_axes_add_scatter (ax, _("points at (x₁, x₂, z)"), u, v, colors, pts->n, &ptst);
  /* the three axes from the centre */
  {
    LabStyle axst = lab_style_rule (LAB_COLOR_FOREGROUND, 0.6);
    const double c[2] = { self->lift_center[0], self->lift_center[1] };
    double u0, v0, u1, v1;
    const double ends[3][3] = { { c[0] + span / 2, c[1], 0 }, { c[0], c[1] + span / 2, 0 }, { c[0], c[1], zmax } };
    const char *names[3] = { "x₁", "x₂", "z = ‖x − m‖²" };

    axst.dash = LAB_DASH_SOLID;
    project (&p, c[0], c[1], 0, &u0, &v0);
    for (guint k = 0; k < 3; k++)
      {
        project (&p, ends[k][0], ends[k][1], ends[k][2], &u1, &v1);
        lab_axes_add_arrow (ax, u0, v0, u1, v1, &axst);
        lab_axes_add_text (ax, u1, v1, names[k], k == 2 ? LAB_ANCHOR_SOUTH : LAB_ANCHOR_SOUTH_WEST, FALSE, NULL);
      }
  }
  lab_axes_set_frame (ax, FALSE);
  lab_axes_set_grid (ax, FALSE);
  lab_axes_set_equal_aspect (ax, TRUE);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_tag (ax, TAG_LIFT);
  t1 = g_strdup_printf (_("Lifted: φ(x) = (x₁, x₂, ‖x − m‖²), a linear SVM in 3-D\ntraining accuracy %.3f"),
                        self->lift_train_accuracy);
  lab_axes_set_title (ax, t1);

  /* right: the machine of the panel in the original plane, and the plane's trace */
  {
    gsize ng = (gsize) KRN_GRID_N * KRN_GRID_N;
    g_autofree double *trace = g_new (double, ng);
    static const double zero[] = { 0.0 };
    LabStyle tst = lab_style_rule (LAB_COLOR_ACCENT, 1.0);
    g_autofree char *machine = machine_title (self);
    g_autofree char *t2 = NULL;
    double nan2[2] = { NAN, NAN };

    for (guint r = 0; r < KRN_GRID_N; r++)
      for (guint c = 0; c < KRN_GRID_N; c++)
        {
          double x = self->box[0] + (self->box[1] - self->box[0]) * (c + 0.5) / KRN_GRID_N;
          double y = self->box[2] + (self->box[3] - self->box[2]) * (r + 0.5) / KRN_GRID_N;
          double a = x - self->lift_center[0], b = y - self->lift_center[1];

          trace[(gsize) r * KRN_GRID_N + c] = w[0] * x + w[1] * y + w[2] * (a * a + b * b) + self->lift_b;
        }
    add_regions (bx, self, self->grid, self->grid_side);
    add_points (bx, self, lab_params_get_boolean (params, "show-test"), point_size (self));
    if (lab_params_get_boolean (params, "show-support-vectors"))
      add_support_vectors (bx, self->svm, point_size (self) + 6);
    tst.line_width = 2.0;
    tst.dash = LAB_DASH_DOTTED;
    lab_axes_add_contour (bx, trace, KRN_GRID_N, KRN_GRID_N, self->box[0], self->box[1], self->box[2], self->box[3],
                          zero, 1, FALSE, LAB_COLORMAP_VIRIDIS, &tst);
    lab_axes_add_line (bx, _("the plane's trace"), nan2, nan2, 2, &tst);
    set_point_axes (bx, self, TRUE);
    lab_axes_set_legend (bx, TRUE);
    lab_axes_set_tag (bx, TAG_LIFT_PLANE);
    t2 = g_strdup_printf (_("%s\ntest accuracy %.3f, %u support vectors"), machine, self->test_accuracy,
                          self->svm->n_support);
    lab_axes_set_title (bx, t2);
  }
  lab_figure_set_title (fig, _("The kernel trick: a plane in the lifted space is a curve in the original one"));
  return fig;
}

/* ------------------------------------------------------------------ */
/* the Gram matrix */

static LabFigure *
build_gram (const KrnResult *self,
            LabParams       *params)
{
  LabFigure *fig = lab_figure_new (1, 1);
  LabAxes *ax = lab_figure_get_axes (fig, 0);
  guint m = self->gram_n;
  double lo = INFINITY, hi = -INFINITY;
  g_autofree double *flipped = g_new (double, (gsize) m * m);
  g_autofree char *machine = machine_title (self);
  g_autofree char *title = NULL;
  LabStyle rule = lab_style_rule (LAB_COLOR_FOREGROUND, 0.8);

  /* row 0 of the heatmap is drawn at the bottom: flip, so row i of K reads from the top */
  for (guint i = 0; i < m; i++)
    for (guint j = 0; j < m; j++)
      {
        double k = self->gram[(gsize) i * m + j];

        flipped[(gsize) (m - 1 - i) * m + j] = k;
        lo = MIN (lo, k);
        hi = MAX (hi, k);
      }
  if (lo < 0)
    {
      double a = MAX (-lo, hi);

      lab_axes_add_heatmap (ax, flipped, m, m, 0, m, 0, m, LAB_COLORMAP_DIVERGING, -a, a, "K(x<sub>i</sub>, x<sub>j</sub>)");
    }
  else
    lab_axes_add_heatmap (ax, flipped, m, m, 0, m, 0, m, LAB_COLORMAP_VIRIDIS, lo, hi, "K(x<sub>i</sub>, x<sub>j</sub>)");
  rule.dash = LAB_DASH_SOLID;
  lab_axes_add_vline (ax, NULL, self->gram_n0, &rule);
  lab_axes_add_hline (ax, NULL, m - self->gram_n0, &rule);
  lab_axes_set_xlim (ax, 0, m);
  lab_axes_set_ylim (ax, 0, m);
  lab_axes_set_equal_aspect (ax, TRUE);
  lab_axes_set_grid (ax, FALSE);
  lab_axes_set_xlabel (ax, _("training rows: class 0 left, class 1 right"));
  lab_axes_set_ylabel (ax, _("training rows: class 0 above, class 1 below"));
  lab_axes_set_tag (ax, TAG_GRAM);
  title = g_strdup_printf (_("Gram matrix of %u training rows, %s\nsmallest eigenvalue %.4g: %s"), m, machine,
                           self->gram_min_eigenvalue,
                           self->gram_min_eigenvalue < -1e-8 * MAX (fabs (hi), 1)
                             ? _("not positive semi-definite — not a Mercer kernel here")
                             : _("positive semi-definite (to rounding)"));
  lab_axes_set_title (ax, title);
  return fig;
}

/* ------------------------------------------------------------------ */
/* kernel ridge */

static LabFigure *
build_kernel_ridge (const KrnResult *self,
                    LabParams       *params)
{
  LabFigure *fig = lab_figure_new (1, 2);
  LabAxes *ax = lab_figure_get_axes (fig, 0), *bx = lab_figure_get_axes (fig, 1);
  const LabKernelRidge *krr = self->krr;
  guint nmax = MAX (MAX (self->n_train, self->n_test), 1);
  g_autofree double *x = g_new (double, nmax), *y = g_new (double, nmax);
  g_autofree double *sx = g_new (double, 3 * (gsize) krr->n), *sy = g_new (double, 3 * (gsize) krr->n);
  g_autofree char *t1 = NULL, *t2 = NULL, *fit_label = NULL;
  LabStyle st;
  const char *kname = kernel_title (krr->kernel.kind);

  for (guint set = 0; set < 2; set++)
    {
      const guint *rows = set == 0 ? self->train : self->test;
      guint n = set == 0 ? self->n_train : self->n_test;

      if (n == 0 || (set == 1 && !lab_params_get_boolean (params, "show-test")))
        continue;
      for (guint r = 0; r < n; r++)
        {
          x[r] = self->krr_x[rows[r]];
          y[r] = self->krr_y[rows[r]];
        }
      st = lab_style_default (set == 0 ? 0 : 1);
      st.marker = set == 0 ? LAB_MARKER_CIRCLE : LAB_MARKER_DIAMOND;
      st.marker_size = self->krr_n > 800 ? 4 : 6;
      st.line_width = set == 0 ? 0.6 : 1.3;
      st.fill = lab_color_palette_alpha (set == 0 ? 0 : 1, set == 0 ? 0.7 : 0.0);
      lab_axes_add_scatter (ax, set == 0 ? _("training rows") : _("test rows"), x, y, NULL, n, &st);
    }
  st = lab_style_default (2);
  st.line_width = 2.6;
  fit_label = g_strdup_printf (_("dual: Σ α<sub>i</sub> K(x<sub>i</sub>, x), %u weights"), krr->n);
  lab_axes_add_line (ax, fit_label, self->krr_grid_x, self->krr_fit, KRN_KRR_GRID, &st);
  if (self->primal_width > 0)
    {
      g_autofree char *label = g_strdup_printf (_("primal: ridge on φ(x), %u features"), self->primal_width);

      st = lab_style_default (3);
      st.line_width = 1.6;
      st.dash = LAB_DASH_DASHED;
      lab_axes_add_line (ax, label, self->krr_grid_x, self->krr_primal, KRN_KRR_GRID, &st);
    }
  lab_axes_set_xlabel (ax, self->krr_names[0]);
  lab_axes_set_ylabel (ax, self->krr_names[1]);
  lab_axes_set_legend (ax, TRUE);
  lab_axes_set_tag (ax, TAG_KRR_FIT);
  if (self->primal_width > 0)
    t1 = g_strdup_printf (_("Kernel ridge, %s, λ = %.3g: training MSE %.4g, test MSE %.4g\n"
                            "the primal on %u explicit features draws the same curve (largest gap %.2g)"),
                          kname, self->lambda, self->train_mse, self->test_mse, self->primal_width,
                          self->primal_max_difference);
  else
    t1 = g_strdup_printf (_("Kernel ridge, %s, λ = %.3g: training MSE %.4g, test MSE %.4g\n"
                            "no finite feature map to compare: only the dual can be computed"),
                          kname, self->lambda, self->train_mse, self->test_mse);
  lab_axes_set_title (ax, t1);

  /* the dual weights as stems at their training points */
  for (guint i = 0; i < krr->n; i++)
    {
      sx[3 * i] = sx[3 * i + 1] = krr->x[i];
      sx[3 * i + 2] = NAN;
      sy[3 * i] = 0;
      sy[3 * i + 1] = krr->alpha[i];
      sy[3 * i + 2] = NAN;
    }
  st = lab_style_default (2);
  st.line_width = 1.2;
  lab_axes_add_line (bx, NULL, sx, sy, 3 * (gsize) krr->n, &st);
  st.marker = LAB_MARKER_CIRCLE;
  st.marker_size = 4;
  st.fill = lab_color_palette_alpha (2, 1.0);
  lab_axes_add_scatter (bx, NULL, krr->x, krr->alpha, NULL, krr->n, &st);
  lab_axes_add_hline (bx, NULL, 0, NULL);
  lab_axes_set_xlabel (bx, self->krr_names[0]);
  lab_axes_set_ylabel (bx, "α<sub>i</sub>");
  lab_axes_set_tag (bx, TAG_KRR_ALPHA);
  t2 = g_strdup_printf (_("Dual weights α = (K + λI)⁻¹y at the %u training rows"), krr->n);
  lab_axes_set_title (bx, t2);
  {
    const double w[2] = { 1.5, 1 };

    lab_figure_set_col_weights (fig, w);
  }
  return fig;
}

LabFigure *
krn_build (const LabResult *result,
           LabParams       *params)
{
  const KrnResult *self = (const KrnResult *) result;

  switch (self->view)
    {
    case KRN_VIEW_C_SWEEP:
    case KRN_VIEW_GAMMA_SWEEP:
      return build_sweep (self, params);
    case KRN_VIEW_LIFT:
      return build_lift (self, params);
    case KRN_VIEW_GRAM:
      return build_gram (self, params);
    case KRN_VIEW_KERNEL_RIDGE:
      return build_kernel_ridge (self, params);
    case KRN_VIEW_REGIONS:
    default:
      return build_regions (self, params);
    }
}

/* ------------------------------------------------------------------ */
/* metrics */

void
krn_metrics (const LabResult *result,
             LabParams       *params,
             LabMetrics      *out)
{
  const KrnResult *self = (const KrnResult *) result;
  const LabSvm *svm = self->svm;
  LabPoints *pts = self->points;

  lab_metrics_add_string (out, "source", _("Data"), self->source_name);
  if (self->krr != NULL)
    {
      lab_metrics_add_int (out, "n_train", _("Training rows"), self->n_train);
      lab_metrics_add_int (out, "n_test", _("Test rows"), self->n_test);
      lab_metrics_add_string (out, "kernel", _("Kernel"), krn_kernel_nick (self->krr->kernel.kind));
      lab_metrics_add_double (out, "gamma", _("γ (as used)"), self->gamma);
      lab_metrics_add_double (out, "lambda", _("λ"), self->lambda);
      lab_metrics_add_double (out, "train_mse", _("Training MSE"), self->train_mse);
      lab_metrics_add_double (out, "test_mse", _("Test MSE"), self->test_mse);
      lab_metrics_add_bool (out, "cholesky", NULL, self->krr->cholesky);
      if (self->primal_width > 0)
        {
          lab_metrics_add_int (out, "primal_features", _("Explicit features"), self->primal_width);
          lab_metrics_add_double (out, "primal_max_difference", _("Largest |dual − primal|"), self->primal_max_difference);
        }
      lab_metrics_begin_array (out, "alpha");
      for (guint i = 0; i < self->krr->n; i++)
        lab_metrics_add_double (out, NULL, NULL, self->krr->alpha[i]);
      lab_metrics_end (out);
      return;
    }
  lab_metrics_add_int (out, "n_train", _("Training rows"), self->n_train);
  lab_metrics_add_int (out, "n_test", _("Test rows"), self->n_test);
  if (self->n_added > 0)
    lab_metrics_add_int (out, "n_added", _("Points added by clicks"), self->n_added);
  if (pts->n_dropped > 0)
    lab_metrics_add_int (out, "rows_dropped", _("Rows dropped (missing cells)"), (gint64) pts->n_dropped);
  lab_metrics_begin_array (out, "classes");
  lab_metrics_add_string (out, NULL, NULL, pts->class_names[0]);
  lab_metrics_add_string (out, NULL, NULL, pts->class_names[1]);
  lab_metrics_end (out);
  lab_metrics_add_string (out, "kernel", _("Kernel"), krn_kernel_nick (svm->kernel.kind));
  lab_metrics_add_double (out, "c", _("C"), svm->c);
  lab_metrics_add_double (out, "gamma", _("γ (as used)"), self->gamma);
  lab_metrics_add_double (out, "train_accuracy", _("Training accuracy"), self->train_accuracy);
  lab_metrics_add_double (out, "test_accuracy", _("Test accuracy"), self->test_accuracy);
  lab_metrics_add_int (out, "n_support", _("Support vectors"), svm->n_support);
  lab_metrics_begin_array (out, "n_support_per_class");
  lab_metrics_add_int (out, NULL, NULL, svm->n_support_class[0]);
  lab_metrics_add_int (out, NULL, NULL, svm->n_support_class[1]);
  lab_metrics_end (out);
  if (isfinite (self->margin_width))
    lab_metrics_add_double (out, "margin_width", _("Margin width 2/‖w‖"), self->margin_width);
  else
    lab_metrics_add_null (out, "margin_width", _("Margin width 2/‖w‖"));
  lab_metrics_add_double (out, "gram_min_eigenvalue", _("Smallest Gram eigenvalue"), self->gram_min_eigenvalue);
  lab_metrics_add_int (out, "gram_rows", _("Rows in the Gram matrix"), self->gram_n);
  lab_metrics_add_double (out, "intercept", _("Intercept b"), svm->intercept);
  if (svm->w != NULL)
    {
      lab_metrics_begin_array (out, "coef");
      lab_metrics_add_double (out, NULL, NULL, svm->w[0]);
      lab_metrics_add_double (out, NULL, NULL, svm->w[1]);
      lab_metrics_end (out);
    }
  /* the dataset row (0-based) of each support vector, or the point's index when generated */
  lab_metrics_begin_array (out, "support_indices");
  for (guint s = 0; s < svm->n_support; s++)
    lab_metrics_add_int (out, NULL, NULL, pts->rows != NULL ? (gint64) pts->rows[svm->support[s]] : svm->support[s]);
  lab_metrics_end (out);
  lab_metrics_begin_array (out, "dual_coef");
  for (guint s = 0; s < svm->n_support; s++)
    lab_metrics_add_double (out, NULL, NULL, svm->dual_coef[s]);
  lab_metrics_end (out);
  if (self->n_sweep > 0)
    {
      lab_metrics_begin_array (out, self->view == KRN_VIEW_C_SWEEP ? "c_sweep" : "gamma_sweep");
      for (guint s = 0; s < self->n_sweep; s++)
        {
          const KrnSweep *sw = &self->sweep[s];

          lab_metrics_begin_object (out, NULL);
          lab_metrics_add_double (out, self->view == KRN_VIEW_C_SWEEP ? "c" : "gamma", NULL, sw->value);
          lab_metrics_add_int (out, "n_support", NULL, sw->svm->n_support);
          lab_metrics_add_double (out, "train_accuracy", NULL, sw->train_accuracy);
          lab_metrics_add_double (out, "test_accuracy", NULL, sw->test_accuracy);
          if (sw->svm->w != NULL)
            lab_metrics_add_double (out, "margin_width", NULL, 2 / hypot (sw->svm->w[0], sw->svm->w[1]));
          lab_metrics_end (out);
        }
      lab_metrics_end (out);
    }
  if (self->view == KRN_VIEW_LIFT)
    {
      lab_metrics_begin_object (out, "lift");
      lab_metrics_begin_array (out, "w");
      for (guint j = 0; j < 3; j++)
        lab_metrics_add_double (out, NULL, NULL, self->lift_w[j]);
      lab_metrics_end (out);
      lab_metrics_add_double (out, "b", NULL, self->lift_b);
      lab_metrics_add_double (out, "train_accuracy", NULL, self->lift_train_accuracy);
      lab_metrics_end (out);
    }
}

gboolean
krn_click (const LabResult *result,
           LabParams       *params,
           int              axes_tag,
           double           x,
           double           y)
{
  const KrnResult *self = (const KrnResult *) result;
  guint s;

  /* svm-toy: a click on the plane adds a training point of the chosen class */
  if ((axes_tag == TAG_REGIONS || axes_tag == TAG_LIFT_PLANE) && isfinite (x) && isfinite (y))
    {
      const char *old = lab_params_get_string (params, "added-points");
      g_autofree char *added = NULL;
      char bx[G_ASCII_DTOSTR_BUF_SIZE], by[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (bx, sizeof bx, "%.4g", x);
      g_ascii_formatd (by, sizeof by, "%.4g", y);
      added = g_strdup_printf ("%s%s%s,%s,%d", old != NULL ? old : "", old != NULL && old[0] != '\0' ? ";" : "", bx, by,
                               lab_params_get_int (params, "click-class"));
      g_object_set (params, "added-points", added, NULL);
      return TRUE;
    }
  if (axes_tag < TAG_SWEEP || axes_tag >= TAG_SWEEP + (int) self->n_sweep)
    return FALSE;
  s = (guint) (axes_tag - TAG_SWEEP);
  if (self->view == KRN_VIEW_C_SWEEP)
    lab_params_set_double (params, "c", self->sweep[s].value);
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_object_set (params, "gamma", g_ascii_dtostr (buf, sizeof buf, self->sweep[s].value), NULL);
    }
  return TRUE;
}
