/* clustering-figure.c — the clustering topic's figure, metrics and clicks (main thread)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "clustering-private.h"

#define ELLIPSE_N 97

/* ------------------------------------------------------------------ */
/* steps */

guint
clustering_km_steps (const CluResult *self)
{
  return self->do_kmeans && self->k > 0 ? 2 * self->km_updates + 1 : 0;
}

guint
clustering_gmm_steps (const CluResult *self)
{
  return self->do_gmm && self->k > 0 ? 2 * self->gmm_iters + 1 : 0;
}

guint
clustering_shown_step (const CluResult *self,
                       LabParams       *params)
{
  guint last = MAX (clustering_km_steps (self), clustering_gmm_steps (self));

  return MIN ((guint) lab_params_get_int (params, "iteration"), last);
}

/* ------------------------------------------------------------------ */
/* geometry */

static guint
nearest (const double *x,
         const double *c,
         guint         k,
         guint         d)
{
  guint best = 0;
  double bd = INFINITY;

  for (guint j = 0; j < k; j++)
    {
      double s = 0;

      for (guint m = 0; m < d; m++)
        s += (x[m] - c[j * d + m]) * (x[m] - c[j * d + m]);
      if (s < bd)
        {
          bd = s;
          best = j;
        }
    }
  return best;
}

/* Clips the convex polygon @p (n vertices, xy pairs, room for n + 1) to the half-plane
 * (v − m)·w ≤ 0. Returns the new vertex count. Sutherland–Hodgman. */
static guint
clip (double       *p,
      guint         n,
      const double  m[2],
      const double  w[2])
{
  double out[2 * (4 + 2 * CLU_MAX_K)];
  guint o = 0;

  for (guint i = 0; i < n; i++)
    {
      const double *a = p + 2 * i, *b = p + 2 * ((i + 1) % n);
      double fa = (a[0] - m[0]) * w[0] + (a[1] - m[1]) * w[1];
      double fb = (b[0] - m[0]) * w[0] + (b[1] - m[1]) * w[1];

      if (fa <= 0)
        {
          out[2 * o] = a[0];
          out[2 * o + 1] = a[1];
          o++;
        }
      if ((fa < 0 && fb > 0) || (fa > 0 && fb < 0))
        {
          double t = fa / (fa - fb);

          out[2 * o] = a[0] + t * (b[0] - a[0]);
          out[2 * o + 1] = a[1] + t * (b[1] - a[1]);
          o++;
        }
    }
  memcpy (p, out, 2 * o * sizeof (double));
  return o;
}

/* The Voronoi cell of centroid @a (2-D) within the box, filled faintly in the cluster's colour
 * (a convex polygon is a band between its lower and upper chains) and outlined. */
static void
add_cell (LabAxes      *ax,
          const double *c,
          guint         k,
          guint         a,
          const double  box[4])
{
  double p[2 * (4 + 2 * CLU_MAX_K)] = { box[0], box[2], box[1], box[2], box[1], box[3], box[0], box[3] };
  guint n = 4;
  double xs[4 + 2 * CLU_MAX_K], lo[4 + 2 * CLU_MAX_K], hi[4 + 2 * CLU_MAX_K];
  double lx[4 + 2 * CLU_MAX_K + 1], ly[4 + 2 * CLU_MAX_K + 1];
  guint nx = 0;
  LabStyle fill = lab_style_default (a);
  LabStyle edge = lab_style_default (0);

  for (guint b = 0; b < k && n >= 3; b++)
    {
      double m[2], w[2];

      if (b == a || (c[2 * b] == c[2 * a] && c[2 * b + 1] == c[2 * a + 1]))
        continue;
      m[0] = 0.5 * (c[2 * a] + c[2 * b]);
      m[1] = 0.5 * (c[2 * a + 1] + c[2 * b + 1]);
      w[0] = c[2 * b] - c[2 * a];
      w[1] = c[2 * b + 1] - c[2 * a + 1];
      n = clip (p, n, m, w);
    }
  if (n < 3)
    return;

  /* the band: at every vertex abscissa, the polygon's lowest and highest ordinate */
  for (guint i = 0; i < n; i++)
    xs[nx++] = p[2 * i];
  for (guint i = 1; i < nx; i++)
    for (guint j = i; j > 0 && xs[j - 1] > xs[j]; j--)
      {
        double t = xs[j];

        xs[j] = xs[j - 1];
        xs[j - 1] = t;
      }
  for (guint i = 0; i < nx; i++)
    {
      lo[i] = INFINITY;
      hi[i] = -INFINITY;
      for (guint e = 0; e < n; e++)
        {
          const double *u = p + 2 * e, *v = p + 2 * ((e + 1) % n);
          double x0 = MIN (u[0], v[0]), x1 = MAX (u[0], v[0]);

          if (xs[i] < x0 - 1e-12 * (fabs (x0) + 1) || xs[i] > x1 + 1e-12 * (fabs (x1) + 1))
            continue;
          if (x1 - x0 <= 0)
            {
              lo[i] = MIN (lo[i], MIN (u[1], v[1]));
              hi[i] = MAX (hi[i], MAX (u[1], v[1]));
            }
          else
            {
              double y = u[1] + (xs[i] - u[0]) / (v[0] - u[0]) * (v[1] - u[1]);

              lo[i] = MIN (lo[i], y);
              hi[i] = MAX (hi[i], y);
            }
        }
    }
  fill.fill = lab_color_palette_alpha (a, 0.12);
  fill.color = lab_color_semantic (LAB_COLOR_NONE, 0);
  fill.line_width = 0.01;
  lab_layer_set_dynamic (lab_axes_add_band (ax, NULL, xs, lo, hi, nx, &fill), TRUE);

  for (guint i = 0; i <= n; i++)
    {
      lx[i] = p[2 * (i % n)];
      ly[i] = p[2 * (i % n) + 1];
    }
  edge.color = lab_color_semantic (LAB_COLOR_MUTED, 0.7);
  edge.line_width = 1.0;
  lab_layer_set_dynamic (lab_axes_add_line (ax, NULL, lx, ly, n + 1, &edge), TRUE);
}

/* The 1σ and 2σ ellipses of a Gaussian's first two coordinates. */
static void
add_ellipses (LabAxes      *ax,
              const double *mean,
              const double *cov,
              guint         d,
              guint         slot)
{
  double a = cov[0], b = cov[1], cc = cov[d + 1];
  double l11 = sqrt (MAX (a, 0)), l21 = l11 > 0 ? b / l11 : 0, l22 = sqrt (MAX (cc - l21 * l21, 0));
  double ex[ELLIPSE_N], ey[ELLIPSE_N];

  for (guint r = 1; r <= 2; r++)
    {
      LabStyle s = lab_style_default (slot);

      for (guint i = 0; i < ELLIPSE_N; i++)
        {
          double t = 2 * G_PI * i / (ELLIPSE_N - 1), u = r * cos (t), v = r * sin (t);

          ex[i] = mean[0] + l11 * u;
          ey[i] = mean[1] + l21 * u + l22 * v;
        }
      s.line_width = r == 1 ? 2.2 : 1.4;
      s.dash = r == 1 ? LAB_DASH_SOLID : LAB_DASH_DASHED;
      lab_layer_set_dynamic (lab_axes_add_line (ax, NULL, ex, ey, ELLIPSE_N, &s), TRUE);
    }
}

static void
add_centre_marker (LabAxes *ax,
                   double   x,
                   double   y,
                   guint    slot,
                   gboolean hollow)
{
  LabStyle m = lab_style_default (slot);

  m.marker = LAB_MARKER_DIAMOND;
  m.marker_size = 15;
  m.line_width = 2.2;
  m.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 1);
  m.fill = hollow ? lab_color_rgba (1, 1, 1, 0.9) : lab_color_palette (slot);
  lab_layer_set_dynamic (lab_axes_add_marker (ax, NULL, x, y, &m), TRUE);
}

static void
setup_scatter_axes (LabAxes         *ax,
                    const CluResult *self,
                    int              tag)
{
  g_autofree char *xl = g_strdup_printf ("%s%s", self->names[0], self->standardized ? _(" (standardized)") : "");
  g_autofree char *yl = g_strdup_printf ("%s%s", self->names[1], self->standardized ? _(" (standardized)") : "");

  lab_axes_set_tag (ax, tag);
  lab_axes_set_xlabel (ax, xl);
  lab_axes_set_ylabel (ax, yl);
  lab_axes_set_xlim (ax, self->box[0], self->box[1]);
  lab_axes_set_ylim (ax, self->box[2], self->box[3]);
  lab_axes_set_grid (ax, FALSE);
  if (self->d == 2)
    lab_axes_set_equal_aspect (ax, TRUE);
}

static void
scatter_points (LabAxes         *ax,
                const CluResult *self,
                const LabColor  *colors)
{
  g_autofree double *px = g_new (double, MAX (self->n_drawn, 1));
  g_autofree double *py = g_new (double, MAX (self->n_drawn, 1));
  LabStyle s = lab_style_default (0);

  for (gsize i = 0; i < self->n_drawn; i++)
    {
      px[i] = self->x[self->drawn[i] * self->d];
      py[i] = self->x[self->drawn[i] * self->d + 1];
    }
  s.marker = LAB_MARKER_CIRCLE;
  s.marker_size = self->n_drawn > 1500 ? 3.5 : 5.5;
  s.line_width = 0;
  s.color = lab_color_semantic (LAB_COLOR_MUTED, 0.8);
  s.fill = lab_color_semantic (LAB_COLOR_MUTED, 0.8);
  lab_layer_set_dynamic (lab_axes_add_scatter (ax, NULL, px, py, colors, self->n_drawn, &s), TRUE);
}

/* ------------------------------------------------------------------ */
/* the k-means panel */

static void
build_kmeans (LabAxes         *ax,
              const CluResult *self,
              guint            step)
{
  const guint d = self->d, k = self->k;
  const gsize kd = (gsize) k * d;
  guint h = MIN (step, clustering_km_steps (self));
  guint u_assign = 0;               /* the centroids the labels come from */
  const double *cur, *prev = NULL;  /* the centroids shown, and those before an update */
  g_autofree LabColor *colors = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  double c2[2 * CLU_MAX_K];

  setup_scatter_axes (ax, self, TAG_KMEANS);
  if (h == 0)
    {
      cur = self->km_centroids;
      g_string_printf (title, _("k-means · start: %u centroids (%s)"), k,
                       self->init == CLU_INIT_MANUAL ? _("placed by hand")
                       : self->init == CLU_INIT_RANDOM ? _("random points") : "k-means++");
    }
  else if (h % 2 == 1)
    {
      u_assign = (h - 1) / 2;
      cur = self->km_centroids + u_assign * kd;
      g_string_printf (title, _("k-means · assign %u: each point to its nearest centroid · inertia %.4g"),
                       u_assign + 1, self->km_inertia[u_assign]);
      if (h == clustering_km_steps (self))
        g_string_append (title, self->km_converged ? _(" · converged") : _(" · stopped at max-iter"));
    }
  else
    {
      guint u = h / 2;

      u_assign = u - 1;
      cur = self->km_centroids + u * kd;
      prev = self->km_centroids + (u - 1) * kd;
      g_string_printf (title, _("k-means · update %u: each centroid to the mean of its points"), u);
    }
  lab_axes_set_title (ax, title->str);

  for (guint j = 0; j < k; j++)
    {
      c2[2 * j] = (prev != NULL ? prev : cur)[j * d];
      c2[2 * j + 1] = (prev != NULL ? prev : cur)[j * d + 1];
    }
  if (h > 0 && d == 2)
    for (guint j = 0; j < k; j++)
      add_cell (ax, c2, k, j, self->box);

  if (h > 0)
    {
      const double *from = self->km_centroids + u_assign * kd;

      colors = g_new (LabColor, MAX (self->n_drawn, 1));
      for (gsize i = 0; i < self->n_drawn; i++)
        colors[i] = lab_color_palette (nearest (self->x + self->drawn[i] * d, from, k, d));
    }
  scatter_points (ax, self, colors);

  for (guint j = 0; j < k; j++)
    {
      if (prev != NULL)
        {
          LabStyle arrow = lab_style_default (j);

          arrow.color = lab_color_semantic (LAB_COLOR_FOREGROUND, 0.9);
          arrow.line_width = 1.8;
          if (prev[j * d] != cur[j * d] || prev[j * d + 1] != cur[j * d + 1])
            lab_layer_set_dynamic (lab_axes_add_arrow (ax, prev[j * d], prev[j * d + 1], cur[j * d], cur[j * d + 1],
                                                       &arrow), TRUE);
        }
      add_centre_marker (ax, cur[j * d], cur[j * d + 1], j, h == 0);
    }

  /* an update that re-seeded an empty cluster says so */
  if (h > 0 && h % 2 == 0 && self->km_reseeds != NULL)
    {
      g_autoptr(GString) note = g_string_new (NULL);

      for (guint e = 0; e < self->km_reseeds->len; e++)
        {
          const CluReseed *ev = &g_array_index (self->km_reseeds, CluReseed, e);

          if (ev->iteration == h / 2)
            g_string_append_printf (note, _("%sCluster %u was empty: re-seeded at the point farthest from its centroid"),
                                    note->len ? "\n" : "", ev->cluster + 1);
        }
      if (note->len > 0)
        {
          LabStyle ts = lab_style_default (0);

          ts.color = lab_color_semantic (LAB_COLOR_ACCENT, 1);
          lab_layer_set_dynamic (lab_axes_add_text (ax, 0.02, 0.02, note->str, LAB_ANCHOR_SOUTH_WEST, TRUE, &ts), TRUE);
        }
    }
}

/* ------------------------------------------------------------------ */
/* the GMM panel */

static void
build_gmm (LabAxes         *ax,
           const CluResult *self,
           guint            step)
{
  const guint d = self->d, k = self->k;
  const gsize kd = (gsize) k * d, kdd = kd * d;
  guint h = MIN (step, clustering_gmm_steps (self));
  guint t_shown, t_resp = 0;
  gboolean have_resp = h > 0;
  g_autofree LabColor *colors = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  const LabTheme *theme = lab_theme_light ();

  setup_scatter_axes (ax, self, TAG_GMM);
  if (h == 0)
    {
      t_shown = 0;
      g_string_printf (title, _("GMM (%s) · start: one M-step on the same centroids' hard assignment"),
                       lab_gmm_covariance_to_string (self->covariance));
    }
  else if (h % 2 == 1)
    {
      t_shown = t_resp = (h - 1) / 2;
      g_string_printf (title, _("GMM · E-step %u: responsibilities as colour mixtures · log-lik. %.5g per point"),
                       t_resp + 1, self->gmm_loglik[t_resp]);
      if (h == clustering_gmm_steps (self))
        g_string_append (title, self->gmm_converged ? _(" · converged") : _(" · stopped at max-iter"));
    }
  else
    {
      t_shown = h / 2;
      t_resp = t_shown - 1;
      g_string_printf (title, _("GMM · M-step %u: weights, means, covariances from the responsibilities"), t_shown);
    }
  lab_axes_set_title (ax, title->str);

  if (have_resp)
    {
      /* the responsibilities of the drawn points under θ_t_resp, mixed into one colour each */
      g_autofree double *xs = g_new (double, self->n_drawn * d);
      g_autoptr(LabGmm) g = NULL;
      g_autoptr(GError) error = NULL;

      for (gsize i = 0; i < self->n_drawn; i++)
        memcpy (xs + i * d, self->x + self->drawn[i] * d, d * sizeof (double));
      colors = g_new (LabColor, MAX (self->n_drawn, 1));
      if (self->n_drawn >= k)
        g = lab_gmm_new (xs, self->n_drawn, d, k, self->covariance, 0);
      if (g != NULL && lab_gmm_set_parameters (g, self->gmm_weights + t_resp * k, self->gmm_means + t_resp * kd,
                                               self->gmm_covs + t_resp * kdd, &error))
        {
          const double *r;

          lab_gmm_e_step (g);
          r = lab_gmm_get_resp (g);
          for (gsize i = 0; i < self->n_drawn; i++)
            {
              double rr = 0, gg = 0, bb = 0;

              for (guint j = 0; j < k; j++)
                {
                  const LabRGBA *p = &theme->palette[j % LAB_PALETTE_SIZE];

                  rr += r[i * k + j] * p->r;
                  gg += r[i * k + j] * p->g;
                  bb += r[i * k + j] * p->b;
                }
              colors[i] = lab_color_rgba (rr, gg, bb, 0.9);
            }
        }
      else
        g_clear_pointer (&colors, g_free);
    }
  scatter_points (ax, self, colors);

  for (guint j = 0; j < k; j++)
    {
      const double *mu = self->gmm_means + t_shown * kd + j * d;
      const double *S = self->gmm_covs + t_shown * kdd + j * (gsize) d * d;

      add_ellipses (ax, mu, S, d, j);
      add_centre_marker (ax, mu[0], mu[1], j, FALSE);
    }
}

/* ------------------------------------------------------------------ */
/* the small plots */

static void
add_progress_line (LabAxes *ax,
                   double   x)
{
  LabStyle s = lab_style_default (0);

  s.color = lab_color_semantic (LAB_COLOR_ACCENT, 0.8);
  s.line_width = 1.2;
  lab_layer_set_dynamic (lab_axes_add_vline (ax, NULL, x, &s), TRUE);
}

static void
build_history (LabAxes         *ax,
               const CluResult *self,
               gboolean         kmeans,
               guint            step)
{
  guint n = kmeans ? self->km_updates + 1 : self->gmm_iters + 1;
  g_autofree double *xs = g_new (double, n);
  LabStyle s = lab_style_default (kmeans ? 0 : 1);
  guint last = kmeans ? clustering_km_steps (self) : clustering_gmm_steps (self);

  for (guint i = 0; i < n; i++)
    xs[i] = i;
  s.marker = LAB_MARKER_CIRCLE;
  s.marker_size = n > 40 ? 0 : 5;
  lab_axes_set_tag (ax, kmeans ? TAG_INERTIA : TAG_LOGLIK);
  lab_axes_set_title (ax, kmeans ? _("Inertia by iteration") : _("Log-likelihood by iteration"));
  lab_axes_set_xlabel (ax, _("Iteration"));
  lab_axes_add_line (ax, NULL, xs, kmeans ? self->km_inertia : self->gmm_loglik, n, &s);
  lab_axes_set_xlim (ax, -0.2, MAX (n - 1, 1) + 0.2);
  /* assign / E-step 2t + 1 evaluates the parameters of iteration t; an update sits halfway */
  add_progress_line (ax, MAX (((double) MIN (step, last) - 1) / 2.0, 0.0));
}

static void
build_selection (LabAxes         *ax,
                 const CluResult *self,
                 gboolean         kmeans)
{
  double ks[CLU_SWEEP_K];
  LabStyle s = lab_style_default (kmeans ? 0 : 1);
  LabStyle chosen = lab_style_default (0);
  g_autofree char *title = NULL;

  for (guint i = 0; i < CLU_SWEEP_K; i++)
    ks[i] = i + 1;
  s.marker = LAB_MARKER_CIRCLE;
  s.marker_size = 6;
  lab_axes_set_tag (ax, kmeans ? TAG_ELBOW : TAG_BIC);
  lab_axes_set_xlabel (ax, "k");
  lab_axes_set_xlim (ax, 0.5, CLU_SWEEP_K + 0.5);
  if (self->sweep_n < self->n)
    title = g_strdup_printf (kmeans ? _("Elbow (%zu-point sample)") : _("BIC, AIC (%zu-point sample)"),
                             self->sweep_n);
  else
    title = g_strdup (kmeans ? _("Elbow: inertia by k") : _("BIC and AIC by k"));
  lab_axes_set_title (ax, title);
  if (kmeans)
    lab_axes_add_line (ax, _("inertia"), ks, self->sweep_inertia, CLU_SWEEP_K, &s);
  else
    {
      LabStyle a = lab_style_default (2);
      guint best = 0;

      a.marker = LAB_MARKER_SQUARE;
      a.marker_size = 6;
      a.dash = LAB_DASH_DASHED;
      lab_axes_add_line (ax, "BIC", ks, self->sweep_bic, CLU_SWEEP_K, &s);
      lab_axes_add_line (ax, "AIC", ks, self->sweep_aic, CLU_SWEEP_K, &a);
      for (guint i = 1; i < CLU_SWEEP_K; i++)
        if (isfinite (self->sweep_bic[i]) && !(self->sweep_bic[i] >= self->sweep_bic[best]))
          best = i;
      if (isfinite (self->sweep_bic[best]))
        {
          LabStyle b = lab_style_default (1);
          g_autofree char *label = g_strdup_printf (_("lowest BIC: k = %u"), best + 1);

          b.marker = LAB_MARKER_CROSS;
          b.marker_size = 14;
          b.line_width = 2.5;
          lab_axes_add_marker (ax, label, best + 1, self->sweep_bic[best], &b);
        }
      lab_axes_set_legend (ax, TRUE);
    }
  chosen.color = lab_color_semantic (LAB_COLOR_MUTED, 0.9);
  chosen.dash = LAB_DASH_DOTTED;
  chosen.line_width = 1.2;
  lab_axes_add_vline (ax, NULL, self->k, &chosen);
}

static void
build_sizes (LabAxes         *ax,
             const CluResult *self)
{
  guint km[CLU_MAX_K] = { 0 }, gm[CLU_MAX_K] = { 0 };
  g_autofree char *title = NULL;

  for (gsize i = 0; i < self->n; i++)
    {
      if (self->do_kmeans)
        km[self->km_labels[i]]++;
      if (self->do_gmm)
        gm[self->gmm_labels[i]]++;
    }
  lab_axes_set_tag (ax, TAG_SIZES);
  title = g_strdup (self->do_kmeans && self->do_gmm ? _("Sizes: k-means | GMM")
                                                    : _("Cluster sizes"));
  lab_axes_set_title (ax, title);
  lab_axes_set_xlabel (ax, _("Cluster"));
  lab_axes_set_xlim (ax, 0.4, self->k + 0.6);
  for (guint j = 0; j < self->k; j++)
    {
      gboolean both = self->do_kmeans && self->do_gmm;

      if (self->do_kmeans)
        {
          double e[2] = { j + 1 - 0.38, both ? j + 1 - 0.02 : j + 1 + 0.38 }, hgt = km[j];
          LabStyle s = lab_style_default (j);

          s.fill = lab_color_palette_alpha (j, 0.85);
          lab_axes_add_bars (ax, NULL, e, &hgt, 1, &s);
        }
      if (self->do_gmm)
        {
          double e[2] = { both ? j + 1 + 0.02 : j + 1 - 0.38, j + 1 + 0.38 }, hgt = gm[j];
          LabStyle s = lab_style_default (j);

          s.fill = lab_color_palette_alpha (j, 0.35);
          lab_axes_add_bars (ax, NULL, e, &hgt, 1, &s);
        }
    }
}

LabFigure *
clustering_build (const LabResult *result,
                  LabParams       *params)
{
  const CluResult *self = (const CluResult *) result;
  guint step = clustering_shown_step (self, params);
  gboolean both = self->do_kmeans && self->do_gmm;
  LabFigure *figure;

  if (self->k == 0)
    {
      LabAxes *ax;

      figure = lab_figure_new (1, 1);
      ax = lab_figure_get_axes (figure, 0);
      setup_scatter_axes (ax, self, self->do_kmeans ? TAG_KMEANS : TAG_GMM);
      lab_axes_set_title (ax, _("Click the plot to place the initial centroids (click one again to remove it)"));
      scatter_points (ax, self, NULL);
      return figure;
    }

  if (both)
    {
      static const double rows[] = { 2.4, 1.0 };

      /* top: the two models side by side; below: their histories, model selection, sizes */
      figure = lab_figure_new (2, 10);
      lab_figure_set_row_weights (figure, rows);
      lab_figure_set_span (figure, 0, 0, 1, 5);
      lab_figure_set_span (figure, 0, 5, 1, 5);
      for (guint c = 0; c < 10; c += 2)
        lab_figure_set_span (figure, 1, c, 1, 2);
      build_kmeans (lab_figure_get_axes_at (figure, 0, 0), self, step);
      build_gmm (lab_figure_get_axes_at (figure, 0, 5), self, step);
      build_history (lab_figure_get_axes_at (figure, 1, 0), self, TRUE, step);
      build_selection (lab_figure_get_axes_at (figure, 1, 2), self, TRUE);
      build_history (lab_figure_get_axes_at (figure, 1, 4), self, FALSE, step);
      build_selection (lab_figure_get_axes_at (figure, 1, 6), self, FALSE);
      build_sizes (lab_figure_get_axes_at (figure, 1, 8), self);
    }
  else
    {
      static const double rows[] = { 2.4, 1.0 };

      figure = lab_figure_new (2, 3);
      lab_figure_set_row_weights (figure, rows);
      lab_figure_set_span (figure, 0, 0, 1, 3);
      if (self->do_kmeans)
        build_kmeans (lab_figure_get_axes_at (figure, 0, 0), self, step);
      else
        build_gmm (lab_figure_get_axes_at (figure, 0, 0), self, step);
      build_history (lab_figure_get_axes_at (figure, 1, 0), self, self->do_kmeans, step);
      build_selection (lab_figure_get_axes_at (figure, 1, 1), self, self->do_kmeans);
      build_sizes (lab_figure_get_axes_at (figure, 1, 2), self);
    }
  return figure;
}

/* ------------------------------------------------------------------ */
/* metrics */

/* Centroids and means in the units of the data as given (undoing the standardization). */
static void
add_points_in_data_units (LabMetrics      *out,
                          const char      *key,
                          const CluResult *self,
                          const double    *c)
{
  g_autofree double *m = g_new (double, (gsize) self->k * self->d);

  for (guint j = 0; j < self->k; j++)
    for (guint q = 0; q < self->d; q++)
      m[j * self->d + q] = self->center[q] + self->scale[q] * c[j * self->d + q];
  lab_metrics_add_matrix (out, key, m, self->k, self->d);
}

static void
add_labels (LabMetrics  *out,
            const char  *key,
            const guint *labels,
            gsize        n)
{
  lab_metrics_begin_array (out, key);
  for (gsize i = 0; i < n; i++)
    lab_metrics_add_int (out, NULL, NULL, labels[i]);
  lab_metrics_end (out);
}

void
clustering_metrics (const LabResult *result,
                    LabParams       *params,
                    LabMetrics      *out)
{
  const CluResult *self = (const CluResult *) result;
  const guint k = self->k, d = self->d;
  const gsize kd = (gsize) k * d;
  guint step = clustering_shown_step (self, params);
  static const char *methods[] = { "kmeans", "gmm", "both" };

  lab_metrics_add_string (out, "source", _("Data"), self->source_name);
  lab_metrics_add_int (out, "n", _("Points"), (gint64) self->n);
  if (self->n_dropped > 0)
    lab_metrics_add_int (out, "dropped_rows", _("Rows left out (empty cells)"), (gint64) self->n_dropped);
  else
    lab_metrics_add_int (out, "dropped_rows", NULL, 0);
  lab_metrics_add_string (out, "method", NULL, methods[self->do_kmeans && self->do_gmm ? 2 : self->do_kmeans ? 0 : 1]);
  lab_metrics_add_int (out, "k", _("k"), k);
  lab_metrics_add_int (out, "step", _("Step shown"), step);
  if (k == 0)
    {
      lab_metrics_add_string (out, "status", _("Status"), _("no centroid placed: click the plot"));
      return;
    }

  /* what the panel shows */
  if (self->do_kmeans)
    {
      g_autofree char *text = g_strdup_printf (_("%.6g after %u updates (%s, best of %u)"),
                                               self->km_inertia[self->km_updates], self->km_updates,
                                               self->km_converged ? _("converged") : _("max-iter reached"),
                                               self->km_best_run);

      lab_metrics_add_string (out, "kmeans_summary", _("k-means inertia"), text);
      if (self->km_reseeds->len > 0)
        {
          g_autoptr(GString) s = g_string_new (NULL);

          for (guint e = 0; e < self->km_reseeds->len; e++)
            {
              const CluReseed *ev = &g_array_index (self->km_reseeds, CluReseed, e);

              g_string_append_printf (s, _("%scluster %u at update %u"), e ? ", " : "", ev->cluster + 1, ev->iteration);
            }
          lab_metrics_add_string (out, "reseeded_summary", _("Empty clusters re-seeded"), s->str);
        }
    }
  if (self->do_gmm)
    {
      g_autofree char *text = g_strdup_printf (_("%.6g per point after %u EM iterations (%s)"),
                                               self->gmm_loglik[self->gmm_iters], self->gmm_iters,
                                               self->gmm_converged ? _("converged") : _("max-iter reached"));

      lab_metrics_add_string (out, "gmm_summary", _("GMM log-likelihood"), text);
      lab_metrics_add_double (out, "bic", _("BIC"), self->bic);
      lab_metrics_add_double (out, "aic", _("AIC"), self->aic);
    }
  else
    {
      lab_metrics_add_null (out, "bic", NULL);
      lab_metrics_add_null (out, "aic", NULL);
    }
  if (self->truth != NULL)
    {
      g_autofree char *text = NULL;

      if (self->do_kmeans && self->do_gmm)
        text = g_strdup_printf (_("k-means %.3f, GMM %.3f"), self->ari_kmeans, self->ari_gmm);
      else
        text = g_strdup_printf ("%.3f", self->do_kmeans ? self->ari_kmeans : self->ari_gmm);
      lab_metrics_add_string (out, "ari_summary", _("Adjusted Rand index"), text);
    }
  if (self->sweep_note != NULL)
    lab_metrics_add_string (out, "sweep_note", _("Model selection"), self->sweep_note);

  /* the JSON contract: objects keyed by method where both have one */
  lab_metrics_begin_object (out, "labels");
  if (self->do_kmeans)
    add_labels (out, "kmeans", self->km_labels, self->n);
  if (self->do_gmm)
    add_labels (out, "gmm", self->gmm_labels, self->n);
  lab_metrics_end (out);
  lab_metrics_begin_object (out, "iterations");
  if (self->do_kmeans)
    lab_metrics_add_int (out, "kmeans", NULL, self->km_updates);
  if (self->do_gmm)
    lab_metrics_add_int (out, "gmm", NULL, self->gmm_iters);
  lab_metrics_end (out);
  lab_metrics_begin_object (out, "converged");
  if (self->do_kmeans)
    lab_metrics_add_bool (out, "kmeans", NULL, self->km_converged);
  if (self->do_gmm)
    lab_metrics_add_bool (out, "gmm", NULL, self->gmm_converged);
  lab_metrics_end (out);
  lab_metrics_begin_object (out, "ari");
  if (self->do_kmeans)
    lab_metrics_add_double (out, "kmeans", NULL, self->ari_kmeans);
  if (self->do_gmm)
    lab_metrics_add_double (out, "gmm", NULL, self->ari_gmm);
  lab_metrics_end (out);

  if (self->do_kmeans)
    {
      add_points_in_data_units (out, "centroids", self, self->km_centroids + self->km_updates * kd);
      lab_metrics_add_double (out, "inertia", NULL, self->km_inertia[self->km_updates]);
      lab_metrics_begin_array (out, "reseeded");
      for (guint e = 0; e < self->km_reseeds->len; e++)
        {
          const CluReseed *ev = &g_array_index (self->km_reseeds, CluReseed, e);

          lab_metrics_begin_object (out, NULL);
          lab_metrics_add_int (out, "iteration", NULL, ev->iteration);
          lab_metrics_add_int (out, "cluster", NULL, ev->cluster);
          lab_metrics_end (out);
        }
      lab_metrics_end (out);
    }
  else
    {
      lab_metrics_add_null (out, "centroids", NULL);
      lab_metrics_add_null (out, "inertia", NULL);
    }
  if (self->do_gmm)
    {
      const guint T = self->gmm_iters;
      g_autofree double *cov = g_new (double, kd * d);

      add_points_in_data_units (out, "means", self, self->gmm_means + T * kd);
      /* covariances in data units: S_data = D S D with D = diag(scale) */
      for (guint j = 0; j < k; j++)
        for (guint a = 0; a < d; a++)
          for (guint b = 0; b < d; b++)
            cov[(j * d + a) * d + b] = self->scale[a] * self->scale[b] * self->gmm_covs[T * kd * d + (j * d + a) * d + b];
      lab_metrics_begin_array (out, "covariances");
      for (guint j = 0; j < k; j++)
        lab_metrics_add_matrix (out, NULL, cov + (gsize) j * d * d, d, d);
      lab_metrics_end (out);
      lab_metrics_begin_array (out, "weights");
      for (guint j = 0; j < k; j++)
        lab_metrics_add_double (out, NULL, NULL, self->gmm_weights[T * k + j]);
      lab_metrics_end (out);
      lab_metrics_add_double (out, "log_likelihood", NULL, self->gmm_loglik[T]);
      lab_metrics_add_string (out, "covariance_type", NULL, lab_gmm_covariance_to_string (self->covariance));
    }
  else
    {
      lab_metrics_add_null (out, "means", NULL);
      lab_metrics_add_null (out, "covariances", NULL);
      lab_metrics_add_null (out, "weights", NULL);
      lab_metrics_add_null (out, "log_likelihood", NULL);
    }
  lab_metrics_begin_object (out, "model_selection");
  lab_metrics_add_int (out, "sample_size", NULL, (gint64) self->sweep_n);
  lab_metrics_begin_array (out, "inertia");
  for (guint i = 0; i < CLU_SWEEP_K; i++)
    lab_metrics_add_double (out, NULL, NULL, self->sweep_inertia[i]);
  lab_metrics_end (out);
  lab_metrics_begin_array (out, "bic");
  for (guint i = 0; i < CLU_SWEEP_K; i++)
    lab_metrics_add_double (out, NULL, NULL, self->sweep_bic[i]);
  lab_metrics_end (out);
  lab_metrics_begin_array (out, "aic");
  for (guint i = 0; i < CLU_SWEEP_K; i++)
    lab_metrics_add_double (out, NULL, NULL, self->sweep_aic[i]);
  lab_metrics_end (out);
  lab_metrics_end (out);
}

/* ------------------------------------------------------------------ */
/* interaction */

/* A click on a scatter plot edits the manual centroids: near one (3 % of the box) removes it,
 * elsewhere adds one. From another initialisation it starts from the centroids shown. */
gboolean
clustering_click (const LabResult *result,
                  LabParams       *params,
                  int              axes_tag,
                  double           x,
                  double           y)
{
  const CluResult *self = (const CluResult *) result;
  double xy[2 * CLU_MAX_K + 2];
  int n = 0;
  double reach = 0.03 * hypot (self->box[1] - self->box[0], self->box[3] - self->box[2]);
  int hit = -1;
  g_autofree char *text = NULL;

  if ((axes_tag != TAG_KMEANS && axes_tag != TAG_GMM) || !isfinite (x) || !isfinite (y))
    return FALSE;
  if (lab_params_get_enum (params, "init") == CLU_INIT_MANUAL)
    n = clustering_parse_centroids (lab_params_get_string (params, "centroids"), xy, NULL);
  else if (self->init_centroids != NULL)
    for (guint j = 0; j < self->k; j++, n++)
      {
        xy[2 * j] = self->init_centroids[j * self->d];
        xy[2 * j + 1] = self->init_centroids[j * self->d + 1];
      }
  n = MAX (n, 0);
  for (int j = 0; j < n; j++)
    if (hypot (xy[2 * j] - x, xy[2 * j + 1] - y) < reach)
      hit = j;
  if (hit >= 0)
    {
      memmove (xy + 2 * hit, xy + 2 * hit + 2, (n - hit - 1) * 2 * sizeof (double));
      n--;
    }
  else if (n < CLU_MAX_K)
    {
      xy[2 * n] = x;
      xy[2 * n + 1] = y;
      n++;
    }
  else
    return FALSE;

  text = clustering_format_centroids (xy, n);
  g_object_freeze_notify (G_OBJECT (params));
  lab_params_set_enum (params, "init", CLU_INIT_MANUAL);
  lab_params_set_from_string (params, "centroids", text, NULL);
  lab_params_set_int (params, "iteration", 0);
  g_object_thaw_notify (G_OBJECT (params));
  return TRUE;
}

gboolean
clustering_suggest_range (const LabResult *result,
                          GParamSpec      *pspec,
                          double          *lo,
                          double          *hi)
{
  const CluResult *self = (const CluResult *) result;

  if (!g_str_equal (pspec->name, "iteration"))
    return FALSE;
  *lo = 0;
  *hi = MAX (1, MAX (clustering_km_steps (self), clustering_gmm_steps (self)));
  return TRUE;
}
