/* optimizers-figure.c — the optimizers topic on the main thread: contours, loss and gradient curves, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "optimizers-private.h"

gboolean
lab_optimizers_result_get_track (const LabResult *result,
                                 LabOptimizer     optimizer,
                                 const double   **x,
                                 const double   **y,
                                 guint           *n,
                                 guint           *diverged_at)
{
  const OptResult *self = (const OptResult *) result;

  g_return_val_if_fail (result != NULL, FALSE);

  for (guint i = 0; i < self->n_tracks; i++)
    if (self->tracks[i].kind == optimizer)
      {
        const Track *t = &self->tracks[i];

        if (x != NULL)
          *x = t->x;
        if (y != NULL)
          *y = t->y;
        if (n != NULL)
          *n = t->n;
        if (diverged_at != NULL)
          *diverged_at = t->diverged_at;
        return TRUE;
      }
  return FALSE;
}

gboolean
lab_optimizers_result_get_run (const LabResult *result,
                               LabOptimizer     optimizer,
                               double          *learning_rate,
                               guint           *clipped_steps,
                               double          *newton_damping)
{
  const OptResult *self = (const OptResult *) result;

  g_return_val_if_fail (result != NULL, FALSE);

  for (guint i = 0; i < self->n_tracks; i++)
    if (self->tracks[i].kind == optimizer)
      {
        if (learning_rate != NULL)
          *learning_rate = self->tracks[i].lr;
        if (clipped_steps != NULL)
          *clipped_steps = self->tracks[i].clipped;
        if (newton_damping != NULL)
          *newton_damping = self->tracks[i].damping;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* shared by the figure and the metrics */

/* The first step from which on f − f* stays below @tol to the end of the run, or −1
 * (also for a run that diverged). With noisy gradients a first touch of the
 * tolerance would often be luck; this is when the optimizer got there for good. */
static int
steps_to_tolerance (const OptResult *self,
                    const Track     *t,
                    double           tol)
{
  int k;

  if (t->diverged_at > 0 || !self->has_minimum)
    return -1;
  for (k = (int) t->n; k > 0 && t->gap[k - 1] < tol; k--)
    ;
  return k < (int) t->n ? k : -1;
}

static double
distance_to_minimum (const OptResult *self,
                     double           x,
                     double           y)
{
  double best = INFINITY;

  for (guint k = 0; k < self->n_minima; k++)
    best = MIN (best, hypot (x - self->minima[k][0], y - self->minima[k][1]));
  return best;
}

/* The optimizer that reached the tolerance first, else the lowest final loss
 * among those that did not diverge; NULL if all diverged. */
static const Track *
best_track (const OptResult *self,
            double           tol)
{
  const Track *best = NULL;
  int best_steps = G_MAXINT;
  double best_gap = INFINITY;

  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      int s = steps_to_tolerance (self, t, tol);

      if (s >= 0 && s < best_steps)
        best = t, best_steps = s;
    }
  if (best != NULL)
    return best;
  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];

      if (t->diverged_at == 0 && t->gap[t->n - 1] < best_gap)
        best = t, best_gap = t->gap[t->n - 1];
    }
  return best;
}

static guint
shown_step (const OptResult *self,
            LabParams       *params)
{
  double s = lab_params_get_double (params, "step");

  return (guint) CLAMP (llround (s), 0, (long long) self->steps);
}

static const char *
surface_title (LabOptSurface kind)
{
  switch (kind)
    {
    case LAB_OPT_SURFACE_QUADRATIC: return _("Ill-conditioned quadratic");
    case LAB_OPT_SURFACE_ROSENBROCK: return _("Rosenbrock");
    case LAB_OPT_SURFACE_SADDLE: return _("Saddle");
    case LAB_OPT_SURFACE_HIMMELBLAU: return _("Himmelblau");
    case LAB_OPT_SURFACE_BEALE: return _("Beale");
    case LAB_OPT_SURFACE_MONKEY_SADDLE: return _("Monkey saddle x³ − 3xy²");
    case LAB_OPT_SURFACE_LOGISTIC: return _("Logistic loss");
    default: g_assert_not_reached ();
    }
}

/* "Adam, η = 0.01": the legend names each run's own learning rate. Beside gd, a noise-free
 * sgd is named "SGD (no noise)" so the two stay apart. */
static char *
track_label (const OptResult *self,
             const Track     *t)
{
  gboolean stochastic = self->noisy || self->batch_size > 0;
  gboolean with_gd = FALSE;
  const char *name = optimizer_title (t->kind, stochastic);

  for (guint i = 0; i < self->n_tracks; i++)
    with_gd |= self->tracks[i].kind == LAB_OPTIMIZER_GD;
  if (t->kind == LAB_OPTIMIZER_SGD && !stochastic && with_gd)
    name = _("SGD (no noise)");
  return g_strdup_printf ("%s, η = %g", name, t->lr);
}

/* GD dashed with squares, Newton dotted with diamonds: their colours are shared (GD with SGD)
 * or close (Newton's sky blue to Adam's blue). */
static void
style_track (LabOptimizer kind,
             LabStyle    *line,
             LabStyle    *mark)
{
  if (kind == LAB_OPTIMIZER_GD)
    {
      line->dash = LAB_DASH_DASHED;
      if (mark != NULL)
        mark->marker = LAB_MARKER_SQUARE;
    }
  else if (kind == LAB_OPTIMIZER_NEWTON)
    {
      line->dash = LAB_DASH_DOTTED;
      if (mark != NULL)
        mark->marker = LAB_MARKER_DIAMOND;
    }
}

/* ------------------------------------------------------------------ */
/* figure */

/* Palette slots that keep each optimizer's colour apart from its neighbours' and
 * readable on viridis (the yellow and the bluish green go to the rarer ones). */
static guint
optimizer_slot (LabOptimizer optimizer)
{
  /* seven clearly different hues (issue 10: momentum and Nesterov were orange and vermillion,
   * GD and Adam blue and sky blue): GD black, momentum orange, Nesterov purple, Adagrad yellow,
   * RMSProp green, Adam blue, AdamW vermillion */
  static const guint slots[LAB_N_OPTIMIZERS] = { 7, 7, 1, 4, 6, 2, 0, 3, 5 };   /* gd dashed, newton sky blue */

  return slots[optimizer];
}

static void
add_series (LabAxes      *ax,
            const char   *label,
            const double *values,
            guint         n,
            guint         shown,
            LabStyle     *style,
            LabStyle     *marker,
            gboolean      floored)
{
  guint stride = (n + MAX_DRAWN - 1) / MAX_DRAWN;
  g_autofree double *x = g_new (double, MAX_DRAWN + 2);
  g_autofree double *y = g_new (double, MAX_DRAWN + 2);
  guint m = 0, at;

  if (n == 0)
    return;
  /* long runs are drawn with every stride-th point (and the last) */
  for (guint k = 0; k < n; k += MAX (stride, 1))
    x[m] = k, y[m] = floored ? MAX (values[k], LOSS_FLOOR) : values[k], m++;
  if (x[m - 1] != n - 1)
    x[m] = n - 1, y[m] = floored ? MAX (values[n - 1], LOSS_FLOOR) : values[n - 1], m++;
  lab_axes_add_line (ax, label, x, y, m, style);
  at = MIN (shown, n - 1);
  lab_layer_set_dynamic (lab_axes_add_marker (ax, NULL, at, floored ? MAX (values[at], LOSS_FLOOR) : values[at], marker),
                         TRUE);
}

/* The drawn part of a path: its points up to the first one far outside the plot
 * (a diverging run reaches 1e6), that one pulled back along its segment to the
 * edge of a box three times the plot's size. Returns how many points to draw. */
static guint
drawn_path (const OptResult *self,
            const Track     *t,
            guint            n,
            double          *x,
            double          *y)
{
  double w = self->box[1] - self->box[0], h = self->box[3] - self->box[2];
  double lo[2] = { self->box[0] - w, self->box[2] - h }, hi[2] = { self->box[1] + w, self->box[3] + h };

  for (guint k = 0; k < n; k++)
    {
      double p[2] = { t->x[k], t->y[k] };
      double f = 1;

      x[k] = p[0], y[k] = p[1];
      if (p[0] >= lo[0] && p[0] <= hi[0] && p[1] >= lo[1] && p[1] <= hi[1])
        continue;
      if (k == 0)
        return 1;
      for (guint i = 0; i < 2; i++)
        {
          double q = i == 0 ? t->x[k - 1] : t->y[k - 1];

          if (p[i] > hi[i])
            f = MIN (f, (hi[i] - q) / (p[i] - q));
          else if (p[i] < lo[i])
            f = MIN (f, (lo[i] - q) / (p[i] - q));
        }
      x[k] = t->x[k - 1] + f * (p[0] - t->x[k - 1]);
      y[k] = t->y[k - 1] + f * (p[1] - t->y[k - 1]);
      return k + 1;
    }
  return n;
}

/* The glyphs at the iterate shown, for the first optimizer: the direction of the next step's
 * gradient −g, the momentum buffer −b and the adaptive direction −m̂/(√v̂ + ε) (or
 * −g/(√s + ε)), each as an arrow of the same length, so their directions compare. */
static void
add_glyphs (LabAxes         *con,
            const OptResult *self,
            const Track     *t,
            guint            at)
{
  double len = 0.13 * (self->box[1] - self->box[0]);
  double x = t->x[at], y = t->y[at];
  struct { double vx, vy; const char *label; } glyph[3];
  guint n = 0;

  if (at + 1 >= t->n && t->diverged_at == 0)
    return;   /* the last iterate: no step follows */
  glyph[n++] = (typeof (glyph[0])) { -t->gx[at], -t->gy[at], "<b>−g</b>" };
  if (t->kind == LAB_OPTIMIZER_MOMENTUM || t->kind == LAB_OPTIMIZER_NESTEROV)
    glyph[n++] = (typeof (glyph[0])) { -t->vx[at], -t->vy[at], "<b>−b</b>" };
  if (t->kind == LAB_OPTIMIZER_ADAM || t->kind == LAB_OPTIMIZER_ADAMW)
    glyph[n++] = (typeof (glyph[0])) { -t->dx[at], -t->dy[at], "<b>−m̂/(√v̂+ε)</b>" };
  if (t->kind == LAB_OPTIMIZER_NEWTON)
    glyph[n++] = (typeof (glyph[0])) { -t->dx[at], -t->dy[at], "<b>−(H+μI)⁻¹g</b>" };
  if (t->kind == LAB_OPTIMIZER_ADAGRAD || t->kind == LAB_OPTIMIZER_RMSPROP)
    glyph[n++] = (typeof (glyph[0])) { -t->dx[at], -t->dy[at], "<b>−g/(√s+ε)</b>" };
  for (guint k = 0; k < n; k++)
    {
      double norm = hypot (glyph[k].vx, glyph[k].vy);
      LabStyle arrow = lab_style_default (0);
      LabStyle text = lab_style_text ();
      double ex, ey;

      if (!(norm > 0) || !isfinite (norm))
        continue;
      ex = x + len * glyph[k].vx / norm;
      ey = y + len * glyph[k].vy / norm;
      /* white on the viridis map, as the minimum's cross */
      arrow.color = arrow.fill = lab_color_rgba (1, 1, 1, 1);
      text.color = lab_color_rgba (1, 1, 1, 1);
      arrow.line_width = 2.4;
      if (k > 0)
        arrow.dash = LAB_DASH_DASHED;
      lab_layer_set_dynamic (lab_axes_add_arrow (con, x, y, ex, ey, &arrow), TRUE);
      /* the gradient's label beyond its tip, the second one beside its middle on the other
       * side, so the two do not cover each other when the arrows nearly agree */
      if (k == 0)
        lab_layer_set_dynamic (lab_axes_add_text (con, ex, ey, glyph[k].label,
                                                  glyph[k].vy >= 0 ? LAB_ANCHOR_SOUTH : LAB_ANCHOR_NORTH, FALSE, &text),
                               TRUE);
      else
        lab_layer_set_dynamic (lab_axes_add_text (con, 0.5 * (x + ex), 0.5 * (y + ey), glyph[k].label,
                                                  glyph[0].vx >= glyph[k].vx ? LAB_ANCHOR_EAST : LAB_ANCHOR_WEST, FALSE,
                                                  &text),
                               TRUE);
    }
}

LabFigure *
opt_build (const LabResult *result,
           LabParams       *params)
{
  const OptResult *self = (const OptResult *) result;
  gboolean show_grad = lab_params_get_boolean (params, "show-gradient-norm");
  gboolean show_lr = self->schedule != LAB_OPT_SCHEDULE_CONSTANT;
  guint rows = 1 + (show_grad ? 1 : 0) + (show_lr ? 1 : 0);
  LabFigure *figure = lab_figure_new (rows, 2);
  LabAxes *con = lab_figure_get_axes_at (figure, 0, 0);
  LabAxes *loss = lab_figure_get_axes_at (figure, 0, 1);
  LabAxes *grad = show_grad ? lab_figure_get_axes_at (figure, 1, 1) : NULL;
  LabAxes *lrax = show_lr ? lab_figure_get_axes_at (figure, rows - 1, 1) : NULL;
  guint shown = shown_step (self, params);
  double tol = lab_params_get_double (params, "tolerance");
  LabStyle muted = lab_style_reference ();
  LabStyle minimum = lab_style_default (0);
  LabStyle start = lab_style_default (0);

  if (rows > 1)
    {
      double w[3];

      lab_figure_set_span (figure, 0, 0, rows, 1);
      for (guint r = 0; r < rows; r++)
        w[r] = show_lr && r == rows - 1 ? 0.55 : 1.0;
      lab_figure_set_row_weights (figure, w);
    }
  lab_figure_set_col_weights (figure, (const double[]) { 1.2, 1.0 });

  minimum.color = lab_color_rgba (1, 1, 1, 1);
  minimum.fill = lab_color_rgba (0, 0, 0, 0);
  minimum.marker = LAB_MARKER_CROSS;
  minimum.marker_size = 12;
  minimum.line_width = 2.5;
  start.color = lab_color_rgba (0.1, 0.1, 0.1, 1);
  start.fill = lab_color_rgba (1, 1, 1, 1);
  start.marker = LAB_MARKER_SQUARE;
  start.marker_size = 9;
  start.line_width = 1.5;

  /* the surface and the paths */
  lab_axes_set_tag (con, TAG_CONTOUR);
  {
    g_autofree char *title = NULL;

    if (self->surface == LAB_OPT_SURFACE_LOGISTIC)
      title = g_strdup_printf (_("%s (%s): log₁₀(f − f*)"), surface_title (self->surface), self->data_name);
    else if (!self->has_minimum)
      title = g_strdup_printf (_("%s: f (no minimum)"), surface_title (self->surface));
    else
      title = g_strdup_printf (_("%s: log₁₀(f − f*)"), surface_title (self->surface));
    lab_axes_set_title (con, title);
  }
  lab_axes_set_xlabel (con, self->surface == LAB_OPT_SURFACE_LOGISTIC ? "w₁" : "x");
  lab_axes_set_ylabel (con, self->surface == LAB_OPT_SURFACE_LOGISTIC ? "w₂" : "y");
  lab_axes_set_xlim (con, self->box[0], self->box[1]);
  lab_axes_set_ylim (con, self->box[2], self->box[3]);
  lab_axes_set_equal_aspect (con, TRUE);
  lab_axes_set_grid (con, FALSE);
  lab_axes_add_heatmap (con, self->bands, FILL_N, FILL_N, self->box[0], self->box[1], self->box[2], self->box[3],
                        LAB_COLORMAP_VIRIDIS, self->levels[0], self->levels[N_LEVELS - 1],
                        self->has_minimum ? "log₁₀(f − f*)" : "f");
  {
    LabStyle iso = lab_style_default (0);

    /* a line on every band's edge, over the raster's pixel steps */
    iso.color = lab_color_rgba (0, 0, 0, 0.25);
    iso.line_width = 0.8;
    lab_axes_add_contour (con, self->grid, GRID_N, GRID_N, self->box[0], self->box[1], self->box[2], self->box[3],
                          self->levels + 1, N_LEVELS - 1, FALSE, LAB_COLORMAP_VIRIDIS, &iso);
  }
  for (guint k = 0; k < self->n_minima; k++)
    lab_axes_add_marker (con, k == 0 ? _("minimum") : NULL, self->minima[k][0], self->minima[k][1], &minimum);
  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      LabStyle line = lab_style_default (optimizer_slot (t->kind));
      LabStyle past = lab_style_default (optimizer_slot (t->kind));
      guint at = MIN (shown, t->n - 1);
      LabStyle mark = lab_style_default (optimizer_slot (t->kind));
      g_autofree char *label = track_label (self, t);

      /* the whole path faint (static), the part up to the step shown strong (dynamic) */
      line.line_width = 1.5;
      line.alpha = 0.45;
      past.line_width = 2.2;
      mark.marker = LAB_MARKER_CIRCLE;
      style_track (t->kind, &line, &mark);
      style_track (t->kind, &past, NULL);
      mark.marker_size = 10;
      mark.color = lab_color_rgba (1, 1, 1, 1);
      mark.fill = lab_color_palette (optimizer_slot (t->kind));
      mark.line_width = 1.5;
      g_autofree double *px = g_new (double, t->n);
      g_autofree double *py = g_new (double, t->n);
      guint n_past;

      if (at + 1 < t->n)
        lab_axes_add_line (con, NULL, px, py, drawn_path (self, t, t->n, px, py), &line);
      n_past = drawn_path (self, t, at + 1, px, py);
      lab_layer_set_dynamic (lab_axes_add_line (con, label, px, py, n_past, &past), TRUE);
      lab_layer_set_dynamic (lab_axes_add_marker (con, NULL, t->x[at], t->y[at], &mark), TRUE);
    }
  lab_axes_add_marker (con, _("start"), self->start_x, self->start_y, &start);
  if (self->n_tracks > 0)
    add_glyphs (con, self, &self->tracks[self->glyph_track], MIN (shown, self->tracks[self->glyph_track].n - 1));

  /* loss against step */
  lab_axes_set_tag (loss, TAG_LOSS);
  lab_axes_set_xlabel (loss, _("Step"));
  if (self->has_minimum)
    {
      lab_axes_set_title (loss, _("Loss gap f − f* by step"));
      lab_axes_set_ylabel (loss, "f − f*");
      lab_axes_set_yscale (loss, LAB_SCALE_LOG);
    }
  else
    {
      lab_axes_set_title (loss, _("Loss f by step (no minimum)"));
      lab_axes_set_ylabel (loss, "f");
      /* the values f takes on the contour plot: a run that leaves it goes off the axes */
      lab_axes_set_ylim (loss, self->frange[0], self->frange[1]);
    }
  lab_axes_set_xlim (loss, 0, self->steps);
  lab_axes_set_grid (loss, TRUE);
  lab_axes_set_legend (loss, TRUE);
  if (self->has_minimum)
    {
      g_autofree char *label = g_strdup_printf (_("tolerance %.0e"), tol);

      lab_layer_set_dynamic (lab_axes_add_hline (loss, label, MAX (tol, LOSS_FLOOR), &muted), TRUE);
    }
  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      LabStyle line = lab_style_default (optimizer_slot (t->kind));
      LabStyle mark = lab_style_default (optimizer_slot (t->kind));
      g_autofree char *name = track_label (self, t);
      g_autofree char *label = NULL;

      line.line_width = 1.5;
      mark.marker = LAB_MARKER_CIRCLE;
      style_track (t->kind, &line, &mark);
      mark.marker_size = 8;
      mark.fill = lab_color_palette (optimizer_slot (t->kind));
      if (t->diverged_at > 0)
        label = g_strdup_printf (_("%s: diverged at step %u"), name, t->diverged_at);
      else
        label = g_steal_pointer (&name);
      add_series (loss, label, t->gap, t->n, shown, &line, &mark, self->has_minimum);
    }
  {
    LabStyle sline = lab_style_default (0);

    sline.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.8);
    sline.line_width = 1.2;
    lab_layer_set_dynamic (lab_axes_add_vline (loss, NULL, shown, &sline), TRUE);
  }

  /* gradient norm against step */
  if (grad != NULL)
    {
      lab_axes_set_tag (grad, TAG_GRAD);
      lab_axes_set_title (grad, _("Gradient norm ‖∇f‖ by step"));
      lab_axes_set_xlabel (grad, _("Step"));
      lab_axes_set_ylabel (grad, "‖∇f‖");
      lab_axes_set_yscale (grad, LAB_SCALE_LOG);
      lab_axes_set_xlim (grad, 0, self->steps);
      lab_axes_set_grid (grad, TRUE);
      for (guint i = 0; i < self->n_tracks; i++)
        {
          const Track *t = &self->tracks[i];
          LabStyle line = lab_style_default (optimizer_slot (t->kind));
          LabStyle mark = lab_style_default (optimizer_slot (t->kind));
          g_autofree char *label = track_label (self, t);

          line.line_width = 1.6;
          mark.marker = LAB_MARKER_CIRCLE;
          style_track (t->kind, &line, &mark);
          mark.marker_size = 7;
          mark.fill = lab_color_palette (optimizer_slot (t->kind));
          add_series (grad, label, t->gnorm, t->n, shown, &line, &mark, TRUE);
        }
    }

  /* the schedule's factor against step */
  if (lrax != NULL)
    {
      g_autofree double *sx = g_new (double, self->steps);
      LabStyle line = lab_style_default (7);
      LabStyle sline = lab_style_default (0);

      for (guint t = 0; t < self->steps; t++)
        sx[t] = t + 1;
      lab_axes_set_tag (lrax, TAG_LR);
      lab_axes_set_title (lrax, _("Learning-rate schedule η<sub>t</sub>/η"));
      lab_axes_set_xlabel (lrax, _("Step"));
      lab_axes_set_ylabel (lrax, "η<sub>t</sub>/η");
      lab_axes_set_xlim (lrax, 0, self->steps);
      lab_axes_set_ylim (lrax, 0, 1.08);
      lab_axes_set_grid (lrax, TRUE);
      line.line_width = 1.8;
      lab_axes_add_line (lrax, NULL, sx, self->factor, self->steps, &line);
      sline.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.8);
      sline.line_width = 1.2;
      lab_layer_set_dynamic (lab_axes_add_vline (lrax, NULL, shown, &sline), TRUE);
    }

  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

static const char *
enum_nick (GType type, int value)
{
  GEnumClass *klass = g_type_class_ref (type);
  const char *nick = g_enum_get_value (klass, value)->value_nick;

  g_type_class_unref (klass);
  return nick;
}

void
opt_metrics (const LabResult *result,
             LabParams       *params,
             LabMetrics      *out)
{
  const OptResult *self = (const OptResult *) result;
  double tol = lab_params_get_double (params, "tolerance");
  const Track *best = best_track (self, tol);

  lab_metrics_add_string (out, "surface", _("Surface"), enum_nick (LAB_TYPE_OPT_SURFACE, self->surface));
  lab_metrics_add_string (out, "best", _("Best"), best != NULL ? lab_optimizer_get_nick (best->kind) : NULL);
  lab_metrics_add_int (out, "step", _("Step shown"), shown_step (self, params));

  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      int s = steps_to_tolerance (self, t, tol);
      g_autofree char *key = g_strdup_printf ("%s_summary", lab_optimizer_get_nick (t->kind));
      g_autofree char *text = NULL;
      g_autofree char *extra = NULL;

      if (t->clipped > 0 || t->damping > 0)
        extra = g_strdup_printf (t->damping > 0 ? _("; %u steps clipped, Newton damping up to μ = %.3g")
                                                : _("; %u steps clipped"), t->clipped, t->damping);
      if (t->diverged_at > 0)
        text = g_strdup_printf (_("diverged at step %u%s"), t->diverged_at, extra != NULL ? extra : "");
      else if (!self->has_minimum)
        text = g_strdup_printf (_("f = %.3g (the surface has no minimum)%s"), t->gap[t->n - 1], extra != NULL ? extra : "");
      else
        {
          double gap = t->gap[t->n - 1];
          g_autofree char *reached = s >= 0 ? g_strdup_printf (_("below tolerance from step %d"), s)
                                            : g_strdup (_("tolerance not reached"));

          text = g_strdup_printf (_("f − f* = %.3g, %s, %.3g from a minimum%s"), gap, reached,
                                  distance_to_minimum (self, t->x[t->n - 1], t->y[t->n - 1]),
                                  extra != NULL ? extra : "");
        }
      lab_metrics_add_string (out, key, optimizer_title (t->kind, self->noisy || self->batch_size > 0), text);
    }

  lab_metrics_begin_array (out, "optimizers");
  for (guint i = 0; i < self->n_tracks; i++)
    {
      const Track *t = &self->tracks[i];
      int s = steps_to_tolerance (self, t, tol);
      gboolean diverged = t->diverged_at > 0;
      double fx = t->x[t->n - 1], fy = t->y[t->n - 1];

      lab_metrics_begin_object (out, NULL);
      lab_metrics_add_string (out, "name", NULL, lab_optimizer_get_nick (t->kind));
      if (diverged)
        {
          lab_metrics_add_null (out, "final_loss", NULL);
          lab_metrics_add_null (out, "steps_to_tolerance", NULL);
          lab_metrics_add_null (out, "final_x", NULL);
          lab_metrics_add_null (out, "final_y", NULL);
          lab_metrics_add_null (out, "distance_to_minimum", NULL);
          lab_metrics_add_int (out, "diverged_at", NULL, t->diverged_at);
          lab_metrics_add_string (out, "status", NULL, "diverged");
        }
      else
        {
          lab_metrics_add_double (out, "final_loss", NULL, self->has_minimum ? t->gap[t->n - 1] + self->fstar
                                                                             : t->gap[t->n - 1]);
          if (s >= 0)
            lab_metrics_add_int (out, "steps_to_tolerance", NULL, s);
          else
            lab_metrics_add_null (out, "steps_to_tolerance", NULL);
          lab_metrics_add_double (out, "final_x", NULL, fx);
          lab_metrics_add_double (out, "final_y", NULL, fy);
          if (self->n_minima > 0)
            lab_metrics_add_double (out, "distance_to_minimum", NULL, distance_to_minimum (self, fx, fy));
          else
            lab_metrics_add_null (out, "distance_to_minimum", NULL);
          lab_metrics_add_null (out, "diverged_at", NULL);
          lab_metrics_add_string (out, "status", NULL, s >= 0 ? "converged" : "running");
        }
      lab_metrics_add_double (out, "learning_rate", NULL, t->lr);
      lab_metrics_add_int (out, "clipped_steps", NULL, t->clipped);
      if (t->kind == LAB_OPTIMIZER_NEWTON)
        lab_metrics_add_double (out, "newton_damping", NULL, t->damping);
      /* the start and one [x, y] per step taken (up to the last finite one) */
      lab_metrics_begin_array (out, "trajectory");
      for (guint k = 0; k < t->n; k++)
        lab_metrics_add_doubles (out, NULL, (const double[]) { t->x[k], t->y[k] }, 2);
      lab_metrics_end (out);
      lab_metrics_end (out);
    }
  lab_metrics_end (out);

  /* the learning rate (learning-rate × the schedule's factor) of steps 1 … steps */
  lab_metrics_add_string (out, "schedule", NULL, enum_nick (LAB_TYPE_OPT_SCHEDULE, self->schedule));
  lab_metrics_begin_array (out, "lr_schedule");
  for (guint t = 0; t < self->steps; t++)
    lab_metrics_add_double (out, NULL, NULL, self->lr * self->factor[t]);
  lab_metrics_end (out);
}

/* ------------------------------------------------------------------ */
/* interaction */

gboolean
opt_click (const LabResult *result,
           LabParams       *params,
           int              axes_tag,
           double           x,
           double           y)
{
  if (axes_tag != TAG_CONTOUR || !isfinite (x) || !isfinite (y))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (params));
  lab_params_set_double (params, "start-x", x);
  lab_params_set_double (params, "start-y", y);
  g_object_thaw_notify (G_OBJECT (params));
  return TRUE;
}

gboolean
opt_suggest_range (const LabResult *result,
                   GParamSpec      *pspec,
                   double          *lo,
                   double          *hi)
{
  const OptResult *self = (const OptResult *) result;

  if (!g_str_equal (pspec->name, "step"))
    return FALSE;
  *lo = 0;
  *hi = self->steps;
  return TRUE;
}
