/* reinforcement-figure.c — the reinforcement topic on the main thread: curves, grids, metrics, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "reinforcement-private.h"

static const char * const action_nicks[] = { "up", "down", "left", "right" };

/* ------------------------------------------------------------------ */
/* for the tests */

gboolean
lab_reinforcement_result_get_bandit (const LabResult *result,
                                     LabRlAgent       agent,
                                     const double   **reward,
                                     const double   **optimal,
                                     const double   **regret,
                                     guint           *steps)
{
  const RlResult *self = (const RlResult *) result;

  g_return_val_if_fail (result != NULL, FALSE);

  for (guint i = 0; i < self->n_agents; i++)
    if (self->agents[i].kind == agent)
      {
        if (reward != NULL)
          *reward = self->agents[i].reward;
        if (optimal != NULL)
          *optimal = self->agents[i].optimal;
        if (regret != NULL)
          *regret = self->agents[i].regret;
        if (steps != NULL)
          *steps = self->steps;
        return TRUE;
      }
  return FALSE;
}

gboolean
lab_reinforcement_result_get_first_run (const LabResult *result,
                                        LabRlAgent       agent,
                                        const double   **estimates,
                                        const guint    **pulls,
                                        guint           *n_snaps,
                                        guint           *arms)
{
  const RlResult *self = (const RlResult *) result;

  g_return_val_if_fail (result != NULL, FALSE);

  for (guint i = 0; i < self->n_agents; i++)
    if (self->agents[i].kind == agent)
      {
        *estimates = self->agents[i].estimates;
        *pulls = self->agents[i].pulls;
        *n_snaps = self->n_snaps;
        *arms = self->arms;
        return TRUE;
      }
  return FALSE;
}

const char *
lab_reinforcement_result_get_cells (const LabResult *result,
                                    guint           *width,
                                    guint           *height)
{
  const RlResult *self = (const RlResult *) result;

  g_return_val_if_fail (result != NULL && self->mode == LAB_RL_MODE_GRIDWORLD, NULL);

  *width = self->grid.width;
  *height = self->grid.height;
  return self->cells_text;
}

const double *
lab_reinforcement_result_get_values (const LabResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return ((const RlResult *) result)->values;
}

const gint8 *
lab_reinforcement_result_get_policy (const LabResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return ((const RlResult *) result)->policy;
}

const double *
lab_reinforcement_result_get_q (const LabResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return ((const RlResult *) result)->q;
}

const double *
lab_reinforcement_result_get_returns (const LabResult *result,
                                      LabRlAlgorithm   algorithm,
                                      guint           *n)
{
  const RlResult *self = (const RlResult *) result;

  g_return_val_if_fail (result != NULL && algorithm < LAB_RL_N_ALGORITHMS, NULL);
  *n = self->returns[algorithm] != NULL ? self->episodes : 0;
  return self->returns[algorithm];
}

/* ------------------------------------------------------------------ */
/* shared by the figure and the metrics */

/* The mean of @v over its last tenth (at least one value). */
static double
tail_mean (const double *v,
           guint         n)
{
  guint from = n - MAX (1u, n / 10);
  double s = 0;

  for (guint i = from; i < n; i++)
    s += v[i];
  return s / (n - from);
}

static guint
shown_snap (const RlResult *self,
            LabParams      *params)
{
  guint step = (guint) lab_params_get_int (params, "step");
  guint i = 0;

  /* the last checkpoint at or before the step */
  while (i + 1 < self->n_snaps && self->snap_steps[i + 1] <= step)
    i++;
  return i;
}

static guint
shown_sweep (const RlResult *self,
             LabParams      *params)
{
  return MIN ((guint) lab_params_get_int (params, "sweep"), self->sweeps);
}

/* The values and policy after sweep @k (the final ones past what was stored). */
static void
sweep_state (const RlResult  *self,
             guint            k,
             const double   **values,
             const gint8    **policy)
{
  gsize n = (gsize) self->grid.width * self->grid.height;

  if (self->algorithm >= LAB_RL_Q_LEARNING || k >= self->sweeps || k >= self->n_stored)
    {
      *values = self->values;
      *policy = self->policy;
      return;
    }
  *values = self->sweep_values + k * n;
  *policy = self->sweep_policy + k * n;
}

/* ------------------------------------------------------------------ */
/* the bandit's figure */

static guint
agent_slot (LabRlAgent agent)
{
  static const guint slots[LAB_RL_N_AGENTS] = { 7, 0, 3, 1, 2, 4 };

  return slots[agent];
}

/* A curve against step 1 … n: every step up to MAX_DRAWN, else bin means. */
static LabLayer *
add_curve (LabAxes      *ax,
           const char   *label,
           const double *v,
           guint         n,
           double        scale,
           LabStyle     *style)
{
  guint bins = MIN (n, MAX_DRAWN);
  g_autofree double *x = g_new (double, bins);
  g_autofree double *y = g_new (double, bins);

  for (guint b = 0; b < bins; b++)
    {
      guint from = (guint) ((guint64) b * n / bins), to = (guint) ((guint64) (b + 1) * n / bins);
      double s = 0;

      for (guint i = from; i < to; i++)
        s += v[i];
      x[b] = 0.5 * (from + 1 + to);
      y[b] = scale * s / (to - from);
    }
  if (bins == n)
    for (guint b = 0; b < bins; b++)
      x[b] = b + 1;
  return lab_axes_add_line (ax, label, x, y, bins, style);
}

static LabFigure *
bandit_build (const RlResult *self,
              LabParams      *params)
{
  LabFigure *figure = lab_figure_new (2, 3);
  LabAxes *rew = lab_figure_get_axes_at (figure, 0, 0);
  LabAxes *opt = lab_figure_get_axes_at (figure, 0, 1);
  LabAxes *reg = lab_figure_get_axes_at (figure, 0, 2);
  LabAxes *arms = lab_figure_get_axes_at (figure, 1, 0);
  LabAxes *pulls = lab_figure_get_axes_at (figure, 1, 2);
  guint snap = shown_snap (self, params), at = self->snap_steps[snap];
  LabStyle muted = lab_style_reference ();
  LabStyle now = lab_style_rule (LAB_COLOR_ACCENT, 0.8);
  gboolean gaussian = self->reward_kind == LAB_RL_REWARD_GAUSSIAN;
  guint k = self->arms, m = self->n_agents;

  lab_figure_set_span (figure, 1, 0, 1, 2);
  lab_figure_set_row_weights (figure, (const double[]) { 1.15, 1.0 });

  lab_axes_set_tag (rew, TAG_REWARD);
  {
    g_autofree char *title = g_strdup_printf (_("Average reward (%u runs)"), self->runs);

    lab_axes_set_title (rew, title);
  }
  lab_axes_set_xlabel (rew, _("Step"));
  lab_axes_set_ylabel (rew, _("Reward"));
  lab_axes_set_xlim (rew, 0, self->steps);
  lab_axes_set_grid (rew, TRUE);
  lab_axes_set_legend (rew, TRUE);
  lab_axes_add_hline (rew, _("best arm’s mean"), self->best_mean, &muted);

  lab_axes_set_tag (opt, TAG_OPTIMAL);
  lab_axes_set_title (opt, _("% optimal action"));
  lab_axes_set_xlabel (opt, _("Step"));
  lab_axes_set_ylabel (opt, "%");
  lab_axes_set_xlim (opt, 0, self->steps);
  lab_axes_set_ylim (opt, 0, 100);
  lab_axes_set_grid (opt, TRUE);

  lab_axes_set_tag (reg, TAG_REGRET);
  lab_axes_set_title (reg, _("Cumulative regret"));
  lab_axes_set_xlabel (reg, _("Step (log scale)"));
  lab_axes_set_ylabel (reg, _("Σ (q*max − q*(Aₜ))"));
  lab_axes_set_xscale (reg, LAB_SCALE_LOG);
  lab_axes_set_xlim (reg, 1, self->steps);
  lab_axes_set_grid (reg, TRUE);

  for (guint i = 0; i < m; i++)
    {
      const AgentTrack *tr = &self->agents[i];
      LabStyle line = lab_style_default (agent_slot (tr->kind));

      line.line_width = 1.6;
      add_curve (rew, agent_title (tr->kind), tr->reward, self->steps, 1.0, &line);
      add_curve (opt, agent_title (tr->kind), tr->optimal, self->steps, 100.0, &line);
      add_curve (reg, agent_title (tr->kind), tr->regret, self->steps, 1.0, &line);
    }
  lab_layer_set_dynamic (lab_axes_add_vline (rew, NULL, at, &now), TRUE);
  lab_layer_set_dynamic (lab_axes_add_vline (opt, NULL, at, &now), TRUE);
  lab_layer_set_dynamic (lab_axes_add_vline (reg, NULL, at, &now), TRUE);

  /* the first run: true means, each agent's estimates and pulls at the step shown */
  {
    g_autofree char *title = g_strdup_printf (gaussian ? _("Run 1 at step %u: true means q*(a) and the agents’ estimates")
                                                       : _("Run 1 at step %u: success probabilities and the agents’ estimates"),
                                              at);
    g_autofree double *tx = g_new (double, 3 * k);
    g_autofree double *ty = g_new (double, 3 * k);
    LabStyle truth = lab_style_text ();
    double lo = 0, hi = gaussian ? 0 : 1;

    lab_axes_set_tag (arms, TAG_ARMS);
    lab_axes_set_title (arms, title);
    lab_axes_set_xlabel (arms, _("Arm"));
    lab_axes_set_ylabel (arms, _("True value and estimates"));
    lab_axes_set_xlim (arms, 0.5, k + 0.5);
    lab_axes_set_grid (arms, TRUE);
    lab_axes_set_legend (arms, TRUE);
    for (guint a = 0; a < k; a++)
      {
        tx[3 * a] = a + 0.55, tx[3 * a + 1] = a + 1.45, tx[3 * a + 2] = NAN;
        ty[3 * a] = ty[3 * a + 1] = self->true_means[a], ty[3 * a + 2] = NAN;
        lo = MIN (lo, self->true_means[a]), hi = MAX (hi, self->true_means[a]);
      }
    truth.line_width = 3;
    lab_axes_add_line (arms, gaussian ? _("true mean q*(a)") : _("true p(a)"), tx, ty, 3 * k, &truth);
    for (guint i = 0; i < m; i++)
      {
        const AgentTrack *tr = &self->agents[i];
        LabStyle mark = lab_style_marker (lab_color_palette (agent_slot (tr->kind)), 8);
        g_autofree double *ex = g_new (double, k);
        g_autofree double *ey = g_new (double, k);
        const char *label = tr->kind == LAB_RL_AGENT_GRADIENT ? _("Gradient bandit: preference H(a)")
                          : tr->kind == LAB_RL_AGENT_THOMPSON ? _("Thompson: posterior mean")
                          : agent_title (tr->kind);

        for (guint a = 0; a < k; a++)
          {
            ex[a] = a + 1 + (m > 1 ? -0.3 + 0.6 * i / (m - 1) : 0);
            ey[a] = tr->estimates[snap * k + a];
            lo = MIN (lo, ey[a]), hi = MAX (hi, ey[a]);
          }
        lab_layer_set_dynamic (lab_axes_add_scatter (arms, label, ex, ey, NULL, k, &mark), TRUE);
      }
    lab_axes_set_ylim (arms, lo - 0.08 * (hi - lo + 1e-9), hi + 0.25 * (hi - lo + 1e-9));
  }
  {
    g_autofree char *title = g_strdup_printf (_("Run 1: pulls per arm by step %u"), at);
    guint pmax = 1;

    lab_axes_set_tag (pulls, TAG_PULLS);
    lab_axes_set_title (pulls, title);
    lab_axes_set_xlabel (pulls, _("Arm"));
    lab_axes_set_ylabel (pulls, _("Pulls"));
    lab_axes_set_xlim (pulls, 0.5, k + 0.5);
    lab_axes_set_grid (pulls, TRUE);
    for (guint i = 0; i < m; i++)
      for (guint a = 0; a < k; a++)
        pmax = MAX (pmax, self->agents[i].pulls[snap * k + a]);
    lab_axes_set_ylim (pulls, 0, 1.08 * pmax);
    for (guint i = 0; i < m; i++)
      {
        const AgentTrack *tr = &self->agents[i];
        LabStyle bar = lab_style_default (agent_slot (tr->kind));
        g_autofree double *edges = g_new (double, 2 * k + 1);
        g_autofree double *heights = g_new (double, 2 * k);
        double w = 0.8 / m;

        bar.fill = lab_color_palette_alpha (agent_slot (tr->kind), 0.85);
        for (guint a = 0; a < k; a++)
          {
            edges[2 * a] = a + 0.6 + i * w;
            edges[2 * a + 1] = a + 0.6 + (i + 1) * w;
            heights[2 * a] = tr->pulls[snap * k + a];
            heights[2 * a + 1] = NAN;
          }
        edges[2 * k] = k + 0.6;
        lab_layer_set_dynamic (lab_axes_add_bars (pulls, NULL, edges, heights, 2 * k, &bar), TRUE);
      }
  }
  return figure;
}

/* ------------------------------------------------------------------ */
/* the grid world's figure */

static void
cell_box (const Grid *g,
          guint       s,
          double     *x0,
          double     *y0)
{
  *x0 = s % g->width;
  *y0 = g->height - 1 - s / g->width;
}

static void
value_range (const double *v,
             guint         n,
             double       *lo,
             double       *hi)
{
  *lo = INFINITY, *hi = -INFINITY;
  for (guint s = 0; s < n; s++)
    if (isfinite (v[s]))
      *lo = MIN (*lo, v[s]), *hi = MAX (*hi, v[s]);
  if (!isfinite (*lo))
    *lo = 0, *hi = 1;
  if (*hi - *lo < 1e-9)
    *lo -= 0.5, *hi += 0.5;
}

/* Walls, cliff, start, rewards and terminals on top of a grid's colours. */
static void
add_cells (LabAxes    *ax,
           const Grid *g)
{
  guint n = g->width * g->height;
  g_autofree double *x = g_new (double, 3 * n);
  g_autofree double *lo = g_new (double, 3 * n);
  g_autofree double *hi = g_new (double, 3 * n);
  gboolean text = n <= 400;
  double cliff_x = 0, cliff_y = 0;
  guint n_cliff = 0;

  for (int pass = 0; pass < 3; pass++)
    {
      static const CellKind kinds[] = { CELL_WALL, CELL_CLIFF, CELL_TERMINAL };
      LabStyle st = lab_style_default (0);
      guint m = 0;

      for (guint s = 0; s < n; s++)
        if (g->kind[s] == kinds[pass])
          {
            double x0, y0;

            cell_box (g, s, &x0, &y0);
            x[m] = x0, x[m + 1] = x0 + 1, x[m + 2] = NAN;
            lo[m] = lo[m + 1] = y0, lo[m + 2] = NAN;
            hi[m] = hi[m + 1] = y0 + 1, hi[m + 2] = NAN;
            m += 3;
            if (kinds[pass] == CELL_CLIFF)
              cliff_x += x0 + 0.5, cliff_y += y0 + 0.5, n_cliff++;
          }
      if (m == 0)
        continue;
      st.color = lab_color_rgba (0, 0, 0, 0);
      st.fill = pass == 0 ? lab_color_rgba (0.42, 0.42, 0.45, 1)
              : pass == 1 ? lab_color_rgba (0.80, 0.25, 0.22, 0.9)
              : lab_color_rgba (0.10, 0.45, 0.30, 1);
      lab_axes_add_band (ax, NULL, x, lo, hi, m, &st);
    }
  if (n_cliff > 0)
    {
      LabStyle st = lab_style_text ();

      st.color = lab_color_rgba (1, 1, 1, 1);
      lab_axes_add_text (ax, cliff_x / n_cliff, cliff_y / n_cliff, _("<b>cliff</b>: −100 and back to S"),
                         LAB_ANCHOR_CENTER, FALSE, &st);
    }
  for (guint s = 0; s < n; s++)
    {
      LabStyle st = lab_style_text ();
      double x0, y0;
      g_autofree char *label = NULL;

      cell_box (g, s, &x0, &y0);
      if (g->kind[s] == CELL_START)
        {
          LabStyle box = lab_style_marker (lab_color_rgba (1, 1, 1, 0.9), 13);

          box.marker = LAB_MARKER_SQUARE;
          box.color = lab_color_rgba (0, 0, 0, 0.8);
          box.line_width = 1;
          lab_axes_add_marker (ax, NULL, x0 + 0.2, y0 + 0.8, &box);
          st.color = lab_color_rgba (0, 0, 0, 1);
          lab_axes_add_text (ax, x0 + 0.2, y0 + 0.8, "<b>S</b>", LAB_ANCHOR_CENTER, FALSE, &st);
          continue;
        }
      if (text && (g->kind[s] == CELL_TERMINAL || g->kind[s] == CELL_REWARD))
        label = g_strdup_printf (g->kind[s] == CELL_TERMINAL ? "<b>%+g</b>" : "<small><b>%+g</b></small>", g->bonus[s]);
      else if (g->kind[s] == CELL_TERMINAL)
        label = g_strdup ("<b>T</b>");
      if (label == NULL)
        continue;
      if (g->kind[s] == CELL_REWARD)
        {
          /* a reward cell keeps its value's colour and carries a ringed label */
          LabStyle ring = lab_style_marker (lab_color_rgba (1, 1, 1, 0.9), 17);

          ring.color = lab_color_rgba (0, 0, 0, 0.8);
          ring.line_width = 1;
          lab_axes_add_marker (ax, NULL, x0 + 0.76, y0 + 0.76, &ring);
          st.color = lab_color_rgba (0, 0, 0, 1);
          lab_axes_add_text (ax, x0 + 0.76, y0 + 0.76, label, LAB_ANCHOR_CENTER, FALSE, &st);
          continue;
        }
      st.color = lab_color_rgba (1, 1, 1, 1);
      lab_axes_add_text (ax, x0 + 0.5, y0 + 0.5, label, LAB_ANCHOR_CENTER, FALSE, &st);
    }
}

/* The greedy policy as arrows: black on a white halo, one layer each. */
static void
add_arrows (LabAxes     *ax,
            const Grid  *g,
            const gint8 *policy,
            gboolean     dynamic)
{
  static const double dx[4] = { 0, 0, -1, 1 }, dy[4] = { 1, -1, 0, 0 };
  guint n = g->width * g->height, m = 0;
  g_autofree double *x = g_new (double, 7 * n);
  g_autofree double *y = g_new (double, 7 * n);
  double lw = CLAMP (24.0 / MAX (g->width, g->height), 0.8, 2.0);

  for (guint s = 0; s < n; s++)
    {
      double x0, y0, cx, cy, tx, ty, ux, uy;
      int a = policy[s];

      if (a < 0)
        continue;
      cell_box (g, s, &x0, &y0);
      cx = x0 + 0.5, cy = y0 + 0.5;
      ux = dx[a], uy = dy[a];
      tx = cx + 0.3 * ux, ty = cy + 0.3 * uy;
      x[m] = cx - 0.3 * ux, y[m] = cy - 0.3 * uy;
      x[m + 1] = tx, y[m + 1] = ty;
      x[m + 2] = NAN, y[m + 2] = NAN;
      x[m + 3] = tx - 0.17 * ux - 0.13 * uy, y[m + 3] = ty - 0.17 * uy + 0.13 * ux;
      x[m + 4] = tx, y[m + 4] = ty;
      x[m + 5] = tx - 0.17 * ux + 0.13 * uy, y[m + 5] = ty - 0.17 * uy - 0.13 * ux;
      x[m + 6] = NAN, y[m + 6] = NAN;
      m += 7;
    }
  if (m == 0)
    return;
  /* the white halo only where cells are large enough to need it (it doubles the drawing) */
  for (int pass = n > 900 ? 1 : 0; pass < 2; pass++)
    {
      LabStyle st = lab_style_default (0);

      st.color = pass == 0 ? lab_color_rgba (1, 1, 1, 0.75) : lab_color_rgba (0.05, 0.05, 0.08, 1);
      st.line_width = pass == 0 ? lw + 2 : lw;
      lab_layer_set_dynamic (lab_axes_add_line (ax, NULL, x, y, m, &st), dynamic);
    }
}

static void
setup_grid_axes (LabAxes    *ax,
                 const Grid *g,
                 int         tag,
                 const char *title)
{
  lab_axes_set_tag (ax, tag);
  lab_axes_set_title (ax, title);
  lab_axes_set_xlim (ax, 0, g->width);
  lab_axes_set_ylim (ax, 0, g->height);
  lab_axes_set_equal_aspect (ax, TRUE);
  lab_axes_set_grid (ax, FALSE);
}

/* The grid's values as a heatmap, its rows flipped so that row 0 is at the top. */
static LabLayer *
add_values (LabAxes      *ax,
            const Grid   *g,
            const double *v,
            double        lo,
            double        hi,
            const char   *cbar)
{
  guint w = g->width, h = g->height;
  g_autofree double *img = g_new (double, w * h);

  for (guint r = 0; r < h; r++)
    for (guint c = 0; c < w; c++)
      img[(h - 1 - r) * w + c] = g->kind[r * w + c] == CELL_TERMINAL ? NAN : v[r * w + c];
  return lab_axes_add_heatmap (ax, img, w, h, 0, w, 0, h, LAB_COLORMAP_VIRIDIS, lo, hi, cbar);
}

/* Q as four triangles a cell (the side each action leaves by), as a raster. */
static void
add_q (LabAxes    *ax,
       const Grid *g,
       const double *q,
       double      lo,
       double      hi)
{
  guint w = g->width, h = g->height;
  guint sub = CLAMP (480 / MAX (w, h), 4, Q_SUB) & ~1u;
  guint nx = w * sub, ny = h * sub;
  g_autofree double *img = g_new (double, (gsize) nx * ny);

  for (guint j = 0; j < ny; j++)
    for (guint i = 0; i < nx; i++)
      {
        guint c = i / sub, r = h - 1 - j / sub, s = r * w + c;
        double u = (i % sub + 0.5) / sub - 0.5, v = (j % sub + 0.5) / sub - 0.5;
        guint a = fabs (v) >= fabs (u) ? (v > 0 ? LAB_RL_UP : LAB_RL_DOWN) : (u > 0 ? LAB_RL_RIGHT : LAB_RL_LEFT);

        img[(gsize) j * nx + i] = is_state_kind (g->kind[s]) && g->kind[s] != CELL_TERMINAL ? q[4 * s + a] : NAN;
      }
  lab_axes_add_heatmap (ax, img, nx, ny, 0, w, 0, h, LAB_COLORMAP_VIRIDIS, lo, hi, "Q(s, a)");
  if (w * h <= 900)
    {
      g_autofree double *x = g_new (double, 6 * w * h);
      g_autofree double *y = g_new (double, 6 * w * h);
      LabStyle st = lab_style_default (0);
      guint m = 0;

      for (guint s = 0; s < w * h; s++)
        {
          double x0, y0;

          if (!is_state_kind (g->kind[s]) || g->kind[s] == CELL_TERMINAL)
            continue;
          cell_box (g, s, &x0, &y0);
          x[m] = x0, y[m] = y0, x[m + 1] = x0 + 1, y[m + 1] = y0 + 1, x[m + 2] = NAN, y[m + 2] = NAN;
          x[m + 3] = x0, y[m + 3] = y0 + 1, x[m + 4] = x0 + 1, y[m + 4] = y0, x[m + 5] = NAN, y[m + 5] = NAN;
          m += 6;
        }
      st.color = lab_color_rgba (0, 0, 0, 0.35);
      st.line_width = 0.7;
      lab_axes_add_line (ax, NULL, x, y, m, &st);
    }
}

static guint
shown_episode (const RlResult *self,
               LabParams      *params)
{
  return MIN ((guint) lab_params_get_int (params, "episode"), self->episodes);
}

/* The path of the episode shown, as the agent really walked it (exploration and slips
 * included; a fall into the cliff breaks the line), over the Q triangles. */
static void
add_episode (LabAxes        *ax,
             const RlResult *self,
             LabParams      *params)
{
  const Grid *g = &self->grid;
  guint e = shown_episode (self, params);
  guint from, to;
  g_autofree double *x = NULL;
  g_autofree double *y = NULL;
  LabStyle st = lab_style_rule (LAB_COLOR_FOREGROUND, 0.85);
  LabStyle halo = lab_style_default (0);
  g_autofree char *label = NULL;

  if (e == 0 || e > self->n_recorded)
    return;
  from = self->episode_offsets[e - 1], to = self->episode_offsets[e];
  x = g_new (double, to - from);
  y = g_new (double, to - from);
  for (guint i = from; i < to; i++)
    {
      guint s = self->episode_states[i];

      if (s == EPISODE_BREAK)
        {
          x[i - from] = y[i - from] = NAN;
          continue;
        }
      cell_box (g, s, &x[i - from], &y[i - from]);
      x[i - from] += 0.5, y[i - from] += 0.5;
    }
  halo.color = lab_color_rgba (1, 1, 1, 0.6);
  halo.line_width = 3.2;
  st.color = lab_color_rgba (0.05, 0.05, 0.08, 0.9);
  st.line_width = 1.4;
  lab_layer_set_dynamic (lab_axes_add_line (ax, NULL, x, y, to - from, &halo), TRUE);
  {
    guint falls = 0;

    for (guint i = from; i < to; i++)
      falls += self->episode_states[i] == EPISODE_BREAK;
    /* a fall is one step recorded as three entries: the cliff cell, the break, the start */
    if (falls > 0)
      label = g_strdup_printf (_("Q(s, a); episode %u: %u steps, %u falls, G₀ = %.4g"), e,
                               to - from - 1 - 2 * falls, falls, self->returns[self->algorithm][e - 1]);
    else
      label = g_strdup_printf (_("Q(s, a); episode %u: %u steps, G₀ = %.4g"), e, to - from - 1,
                               self->returns[self->algorithm][e - 1]);
  }
  lab_axes_set_title (ax, label);
  lab_layer_set_dynamic (lab_axes_add_line (ax, NULL, x, y, to - from, &st), TRUE);
}

static guint
algorithm_slot (LabRlAlgorithm algorithm)
{
  static const guint slots[LAB_RL_N_ALGORITHMS] = { 0, 0, 4, 1, 2 };

  return slots[algorithm];
}

static LabFigure *
grid_build (const RlResult *self,
            LabParams      *params)
{
  const Grid *g = &self->grid;
  guint n = g->width * g->height;
  gboolean td = self->algorithm >= LAB_RL_Q_LEARNING;
  /* dynamic programming on a wide grid: the grid above its curve, not beside it */
  gboolean wide = !td && g->width >= 2 * g->height;
  LabFigure *figure = td ? lab_figure_new (2, 2) : wide ? lab_figure_new (2, 1) : lab_figure_new (1, 2);
  LabAxes *vax = lab_figure_get_axes_at (figure, 0, 0);
  LabAxes *curve = wide ? lab_figure_get_axes_at (figure, 1, 0) : lab_figure_get_axes_at (figure, 0, 1);
  double lo, hi;

  if (wide)
    lab_figure_set_row_weights (figure, (const double[]) { 1.4, 1.0 });
  else
    lab_figure_set_col_weights (figure, (const double[]) { 1.35, 1.0 });
  value_range (self->values, n, &lo, &hi);

  if (!td)
    {
      guint k = shown_sweep (self, params);
      const double *v;
      const gint8 *policy;
      g_autofree char *title = NULL;
      LabStyle line = lab_style_default (0);
      LabStyle now = lab_style_rule (LAB_COLOR_ACCENT, 0.8);
      g_autofree double *x = g_new (double, self->sweeps);

      sweep_state (self, k, &v, &policy);
      if (self->algorithm == LAB_RL_VALUE_ITERATION)
        title = g_strdup_printf (_("Value iteration: V after sweep %u of %u"), k, self->sweeps);
      else
        title = g_strdup_printf (_("Policy iteration: V of policy %u of %u"), k, self->sweeps);
      setup_grid_axes (vax, g, TAG_GRID, title);
      /* the values follow the sweep scrubber */
      lab_layer_set_dynamic (add_values (vax, g, v, lo, hi, "V(s)"), TRUE);
      add_cells (vax, g);
      add_arrows (vax, g, policy, TRUE);

      lab_axes_set_tag (curve, TAG_CURVE);
      lab_axes_set_grid (curve, TRUE);
      lab_axes_set_xlabel (curve, self->algorithm == LAB_RL_VALUE_ITERATION ? _("Sweep") : _("Improvement"));
      for (guint i = 0; i < self->sweeps; i++)
        x[i] = i + 1;
      line.line_width = 1.8;
      if (self->algorithm == LAB_RL_VALUE_ITERATION)
        {
          g_autofree double *y = g_new (double, self->sweeps);

          for (guint i = 0; i < self->sweeps; i++)
            y[i] = MAX (self->residual[i], 1e-17);
          lab_axes_set_title (curve, _("Bellman residual max |Vₖ − Vₖ₋₁|"));
          lab_axes_set_ylabel (curve, _("Residual"));
          lab_axes_set_yscale (curve, LAB_SCALE_LOG);
          lab_axes_add_line (curve, NULL, x, y, self->sweeps, &line);
        }
      else
        {
          LabStyle mark = lab_style_marker (lab_color_palette (0), 7);

          lab_axes_set_title (curve, _("States whose action changed"));
          lab_axes_set_ylabel (curve, _("States"));
          lab_axes_add_line (curve, NULL, x, self->residual, self->sweeps, &line);
          lab_axes_add_scatter (curve, NULL, x, self->residual, NULL, self->sweeps, &mark);
        }
      lab_axes_set_xlim (curve, 0, MAX (self->sweeps, 1u) + 0.5);
      lab_layer_set_dynamic (lab_axes_add_vline (curve, NULL, k, &now), TRUE);
      return figure;
    }

  /* TD: values and paths, Q's triangles, the returns */
  {
    LabAxes *qax = lab_figure_get_axes_at (figure, 1, 0);
    g_autofree char *title = g_strdup_printf (_("%s: max Q, greedy policy and paths"),
                                              algorithm_title (self->algorithm));
    guint win = CLAMP (self->episodes / 25, 1u, 50u);
    double rlo = INFINITY, rhi = -INFINITY;
    g_autofree double *x = g_new (double, self->episodes);
    g_autofree double *ys = g_new (double, self->episodes);
    double qlo, qhi;

    lab_figure_set_span (figure, 0, 1, 2, 1);
    setup_grid_axes (vax, g, TAG_GRID, title);
    add_values (vax, g, self->values, lo, hi, "V(s) = max Q");
    add_cells (vax, g);
    add_arrows (vax, g, self->policy, FALSE);
    for (guint i = 0; i < 3; i++)
      {
        LabRlAlgorithm alg = LAB_RL_Q_LEARNING + i;
        LabStyle st = lab_style_default (algorithm_slot (alg));
        const guint *p = self->path[alg];
        guint len = self->path_len[alg];
        g_autofree double *px = g_new (double, len);
        g_autofree double *py = g_new (double, len);
        double off = (i - 1.0) * 0.12;

        for (guint t = 0; t < len; t++)
          {
            cell_box (g, p[t], &px[t], &py[t]);
            px[t] += 0.5 + off, py[t] += 0.5 + off;
          }
        st.line_width = alg == self->algorithm ? 3.5 : 2.0;
        lab_axes_add_line (vax, algorithm_title (alg), px, py, len, &st);
      }

    value_range (self->q, 4 * n, &qlo, &qhi);
    /* the colours span the values and a half more below them: an action into the cliff
     * saturates rather than flattening every other difference */
    qlo = MAX (qlo, lo - 0.5 * (hi - lo));
    setup_grid_axes (qax, g, TAG_Q, _("Q(s, a): one triangle per action, on the side it leaves by; one episode’s path"));
    add_q (qax, g, self->q, qlo, qhi);
    add_cells (qax, g);
    add_episode (qax, self, params);

    lab_axes_set_tag (curve, TAG_CURVE);
    {
      g_autofree char *ctitle = g_strdup_printf (_("Return per episode (mean of %u)"), win);

      lab_axes_set_title (curve, ctitle);
    }
    lab_axes_set_xlabel (curve, _("Episode"));
    lab_axes_set_ylabel (curve, _("Return G₀ = Σ γᵗRₜ₊₁"));
    lab_axes_set_grid (curve, TRUE);
    lab_axes_set_legend (curve, TRUE);
    lab_axes_set_xlim (curve, 1, MAX (self->episodes, 2u));
    for (guint e = 0; e < self->episodes; e++)
      x[e] = e + 1;
    for (guint i = 0; i < 3; i++)
      {
        LabRlAlgorithm alg = LAB_RL_Q_LEARNING + i;
        const double *ret = self->returns[alg];
        LabStyle st = lab_style_default (algorithm_slot (alg));
        double acc = 0;

        for (guint e = 0; e < self->episodes; e++)
          {
            acc += ret[e];
            if (e >= win)
              acc -= ret[e - win];
            ys[e] = acc / MIN (e + 1, win);
            if (e >= self->episodes / 10)
              rlo = MIN (rlo, ys[e]), rhi = MAX (rhi, ys[e]);
          }
        st.line_width = alg == self->algorithm ? 2.6 : 1.6;
        lab_axes_add_line (curve, algorithm_title (alg), x, ys, self->episodes, &st);
      }
    if (isfinite (rlo))
      {
        double pad = MAX (0.1 * (rhi - rlo), 0.05 * (1 + fabs (rhi)));

        lab_axes_set_ylim (curve, rlo - pad, rhi + pad);
      }
  }
  return figure;
}

LabFigure *
rl_build (const LabResult *result,
          LabParams       *params)
{
  const RlResult *self = (const RlResult *) result;

  return self->mode == LAB_RL_MODE_BANDIT ? bandit_build (self, params) : grid_build (self, params);
}

/* ------------------------------------------------------------------ */
/* metrics */

static void
bandit_metrics (const RlResult *self,
                LabParams      *params,
                LabMetrics     *out)
{
  const AgentTrack *best = NULL;
  double best_reward = -INFINITY;

  for (guint i = 0; i < self->n_agents; i++)
    {
      double r = tail_mean (self->agents[i].reward, self->steps);

      if (r > best_reward)
        best_reward = r, best = &self->agents[i];
    }
  lab_metrics_add_string (out, "best", _("Best (last 10 % of steps)"), lab_rl_agent_get_nick (best->kind));
  lab_metrics_add_double (out, "best_arm_mean", _("Best arm’s mean (over runs)"), self->best_mean);
  for (guint i = 0; i < self->n_agents; i++)
    {
      const AgentTrack *tr = &self->agents[i];
      g_autofree char *key = g_strdup_printf ("%s_summary", lab_rl_agent_get_nick (tr->kind));
      g_autofree char *text = g_strdup_printf (_("reward %.3f, %.1f %% optimal, regret %.0f"),
                                               tail_mean (tr->reward, self->steps),
                                               100 * tail_mean (tr->optimal, self->steps),
                                               tr->regret[self->steps - 1]);

      lab_metrics_add_string (out, key, agent_title (tr->kind), text);
    }
  lab_metrics_begin_array (out, "agents");
  for (guint i = 0; i < self->n_agents; i++)
    {
      const AgentTrack *tr = &self->agents[i];

      lab_metrics_begin_object (out, NULL);
      lab_metrics_add_string (out, "name", NULL, lab_rl_agent_get_nick (tr->kind));
      lab_metrics_add_double (out, "average_reward", NULL, tail_mean (tr->reward, self->steps));
      lab_metrics_add_double (out, "optimal_action_fraction", NULL, tail_mean (tr->optimal, self->steps));
      lab_metrics_add_double (out, "regret", NULL, tr->regret[self->steps - 1]);
      lab_metrics_end (out);
    }
  lab_metrics_end (out);
}

static void
grid_metrics (const RlResult *self,
              LabParams      *params,
              LabMetrics     *out)
{
  static const char * const alg_nicks[] = {
    "value-iteration", "policy-iteration", "q-learning", "sarsa", "expected-sarsa",
  };
  const Grid *g = &self->grid;
  gboolean td = self->algorithm >= LAB_RL_Q_LEARNING;

  lab_metrics_add_string (out, "algorithm", _("Algorithm"), alg_nicks[self->algorithm]);
  lab_metrics_add_double (out, "start_value", _("Value of the start V(S)"), self->values[g->start]);
  if (!td)
    {
      lab_metrics_add_int (out, "sweeps", self->algorithm == LAB_RL_VALUE_ITERATION ? _("Sweeps") : _("Improvements"),
                           self->sweeps);
      lab_metrics_add_bool (out, "converged", _("Converged"), self->converged);
    }
  else
    {
      for (guint i = 0; i < 3; i++)
        {
          LabRlAlgorithm alg = LAB_RL_Q_LEARNING + i;
          g_autofree char *key = g_strdup_printf ("%s_average_return", alg_nicks[alg]);
          g_autofree char *label = g_strdup_printf (_("%s: return (last 10 %%)"), algorithm_title (alg));

          lab_metrics_add_double (out, key, label, tail_mean (self->returns[alg], self->episodes));
        }
      lab_metrics_add_int (out, "path_length", _("Greedy path length"), self->path_len[self->algorithm] - 1);
      lab_metrics_add_null (out, "sweeps", NULL);
      lab_metrics_add_bool (out, "converged", NULL, FALSE);
    }
  lab_metrics_begin_array (out, "values");
  for (guint r = 0; r < g->height; r++)
    {
      lab_metrics_begin_array (out, NULL);
      for (guint c = 0; c < g->width; c++)
        lab_metrics_add_double (out, NULL, NULL, self->values[r * g->width + c]);
      lab_metrics_end (out);
    }
  lab_metrics_end (out);
  lab_metrics_begin_array (out, "policy");
  for (guint r = 0; r < g->height; r++)
    {
      lab_metrics_begin_array (out, NULL);
      for (guint c = 0; c < g->width; c++)
        {
          int a = self->policy[r * g->width + c];

          lab_metrics_add_string (out, NULL, NULL, a >= 0 ? action_nicks[a] : "none");
        }
      lab_metrics_end (out);
    }
  lab_metrics_end (out);
  lab_metrics_begin_array (out, "returns");
  if (td)
    for (guint e = 0; e < self->episodes; e++)
      lab_metrics_add_double (out, NULL, NULL, self->returns[self->algorithm][e]);
  lab_metrics_end (out);
}

void
rl_metrics (const LabResult *result,
            LabParams       *params,
            LabMetrics      *out)
{
  const RlResult *self = (const RlResult *) result;

  if (self->mode == LAB_RL_MODE_BANDIT)
    bandit_metrics (self, params, out);
  else
    grid_metrics (self, params, out);
}

/* ------------------------------------------------------------------ */
/* interaction */

/* A click on a grid cycles the cell: empty → wall → reward → terminal → empty. */
gboolean
rl_click (const LabResult *result,
          LabParams       *params,
          int              axes_tag,
          double           x,
          double           y)
{
  static const char * const next_kind[] = {
    [CELL_EMPTY] = "wall", [CELL_WALL] = "reward", [CELL_REWARD] = "terminal",
    [CELL_TERMINAL] = "empty", [CELL_CLIFF] = "empty",
  };
  const RlResult *self = (const RlResult *) result;
  Grid g = { 0 };
  g_autoptr(GString) cells = g_string_new (NULL);
  g_auto(GStrv) old = NULL;
  g_autofree char *prefix = NULL;
  int c, r;
  CellKind kind;

  if (self->mode != LAB_RL_MODE_GRIDWORLD || (axes_tag != TAG_GRID && axes_tag != TAG_Q)
      || !isfinite (x) || !isfinite (y))
    return FALSE;
  if (!rl_build_grid (params, &g, NULL))
    return FALSE;
  c = (int) floor (x), r = (int) g.height - 1 - (int) floor (y);
  if (c < 0 || r < 0 || c >= (int) g.width || r >= (int) g.height)
    {
      rl_grid_clear (&g);
      return FALSE;
    }
  kind = g.kind[r * g.width + c];
  rl_grid_clear (&g);
  if (kind == CELL_START)
    return FALSE;

  /* this cell's earlier edits go; the new one is added */
  prefix = g_strdup_printf ("%d,%d=", c, r);
  old = g_strsplit_set (lab_params_get_string (params, "cells"), " ;\t\n", -1);
  for (guint i = 0; old[i] != NULL; i++)
    if (old[i][0] != '\0' && !g_str_has_prefix (old[i], prefix))
      g_string_append_printf (cells, "%s ", old[i]);
  g_string_append_printf (cells, "%s%s", prefix, next_kind[kind]);
  g_object_set (params, "cells", cells->str, NULL);
  return TRUE;
}

gboolean
rl_suggest_range (const LabResult *result,
                  GParamSpec      *pspec,
                  double          *lo,
                  double          *hi)
{
  const RlResult *self = (const RlResult *) result;

  if (g_str_equal (pspec->name, "step") && self->mode == LAB_RL_MODE_BANDIT)
    {
      *lo = 1;
      *hi = self->steps;
      return TRUE;
    }
  if (g_str_equal (pspec->name, "episode") && self->mode == LAB_RL_MODE_GRIDWORLD
      && self->algorithm >= LAB_RL_Q_LEARNING)
    {
      *lo = 1;
      *hi = MAX (self->episodes, 2u);
      return TRUE;
    }
  if (g_str_equal (pspec->name, "sweep") && self->mode == LAB_RL_MODE_GRIDWORLD
      && self->algorithm <= LAB_RL_POLICY_ITERATION)
    {
      *lo = 0;
      *hi = MAX (self->sweeps, 1u);
      return TRUE;
    }
  return FALSE;
}
