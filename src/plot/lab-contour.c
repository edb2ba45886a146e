/* lab-contour.c — marching squares: contour lines and filled regions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-contour.h"

typedef struct
{
  const double *v;
  gsize         nx, ny;
  double        x0, y0, dx, dy;
  double        level;
} Grid;

static inline double
grid_value (const Grid *g,
            gsize       i,
            gsize       j)
{
  return g->v[j * g->nx + i];
}

static inline double
grid_x (const Grid *g,
        double      i)
{
  return g->x0 + (i + 0.5) * g->dx;
}

static inline double
grid_y (const Grid *g,
        double      j)
{
  return g->y0 + (j + 0.5) * g->dy;
}

/* Fraction along the edge from value @a to value @b where the level is crossed;
 * always computed from the lower-index end so neighbouring cells agree exactly. */
static inline double
crossing (double a,
          double b,
          double level)
{
  double t = (level - a) / (b - a);

  return CLAMP (t, 0.0, 1.0);
}

/* Edge ids: horizontal edge from (i, j) to (i+1, j) is 2·(j·nx + i),
 * vertical edge from (i, j) to (i, j+1) is 2·(j·nx + i) + 1. */
static void
edge_point (const Grid *g,
            gsize       id,
            double     *x,
            double     *y)
{
  gsize cell = id / 2;
  gsize i = cell % g->nx, j = cell / g->nx;

  if (id % 2 == 0)
    {
      double t = crossing (grid_value (g, i, j), grid_value (g, i + 1, j), g->level);

      *x = grid_x (g, i + t);
      *y = grid_y (g, j);
    }
  else
    {
      double t = crossing (grid_value (g, i, j), grid_value (g, i, j + 1), g->level);

      *x = grid_x (g, i);
      *y = grid_y (g, j + t);
    }
}

typedef struct
{
  gsize a, b;     /* edge ids */
} Segment;

static void
cell_segments (const Grid *g,
               gsize       i,
               gsize       j,
               GArray     *segs)
{
  double v00 = grid_value (g, i, j), v10 = grid_value (g, i + 1, j);
  double v11 = grid_value (g, i + 1, j + 1), v01 = grid_value (g, i, j + 1);
  gsize nx = g->nx;
  gsize bottom = 2 * (j * nx + i), top = 2 * ((j + 1) * nx + i);
  gsize left = 2 * (j * nx + i) + 1, right = 2 * (j * nx + i + 1) + 1;
  int code;

  if (isnan (v00) || isnan (v10) || isnan (v11) || isnan (v01))
    return;

  code = (v00 >= g->level) | (v10 >= g->level) << 1 | (v11 >= g->level) << 2 | (v01 >= g->level) << 3;

#define SEG(ea, eb) G_STMT_START { Segment s_ = { (ea), (eb) }; g_array_append_val (segs, s_); } G_STMT_END
  switch (code)
    {
    case 0: case 15:
      break;
    case 1: case 14: SEG (left, bottom); break;
    case 2: case 13: SEG (bottom, right); break;
    case 4: case 11: SEG (right, top); break;
    case 8: case 7:  SEG (top, left); break;
    case 3: case 12: SEG (left, right); break;
    case 6: case 9:  SEG (bottom, top); break;
    case 5: case 10:
      {
        /* Saddle: corners of the centre's class are joined through the middle,
         * the two others are cut off. */
        gboolean centre_above = (v00 + v10 + v11 + v01) / 4.0 >= g->level;
        gboolean bl_above = code == 5;

        if (centre_above == bl_above)
          {
            SEG (bottom, right);   /* cut off br */
            SEG (top, left);       /* cut off tl */
          }
        else
          {
            SEG (left, bottom);    /* cut off bl */
            SEG (right, top);      /* cut off tr */
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }
#undef SEG
}

static void
append_edge (const Grid *g,
             GArray     *line,
             gsize       edge)
{
  double p[2];

  edge_point (g, edge, &p[0], &p[1]);
  g_array_append_vals (line, p, 2);
}

GPtrArray *
lab_contour_lines (const double *values,
                   gsize         nx,
                   gsize         ny,
                   double        x0,
                   double        x1,
                   double        y0,
                   double        y1,
                   double        level)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GArray) segs = NULL;
  g_autofree gint64 *at_edge = NULL;   /* two segment slots per edge */
  g_autofree gboolean *used = NULL;
  Grid g;

  g_return_val_if_fail (values != NULL || nx * ny == 0, lines);
  if (nx < 2 || ny < 2 || isnan (level))
    return lines;

  g = (Grid) { values, nx, ny, x0, y0, (x1 - x0) / nx, (y1 - y0) / ny, level };
  segs = g_array_new (FALSE, FALSE, sizeof (Segment));
  for (gsize j = 0; j + 1 < ny; j++)
    for (gsize i = 0; i + 1 < nx; i++)
      cell_segments (&g, i, j, segs);
  if (segs->len == 0)
    return lines;

  at_edge = g_new (gint64, 2 * (2 * nx * ny));
  for (gsize k = 0; k < 2 * (2 * nx * ny); k++)
    at_edge[k] = -1;
  for (guint s = 0; s < segs->len; s++)
    {
      Segment *seg = &g_array_index (segs, Segment, s);
      gsize ends[2] = { seg->a, seg->b };

      for (int e = 0; e < 2; e++)
        {
          gint64 *slot = &at_edge[2 * ends[e]];

          if (slot[0] < 0)
            slot[0] = s;
          else
            slot[1] = s;
        }
    }

  used = g_new0 (gboolean, segs->len);
  for (guint s = 0; s < segs->len; s++)
    {
      g_autoptr(GArray) fwd = NULL;
      g_autoptr(GArray) back = NULL;
      GArray *line;
      Segment *start = &g_array_index (segs, Segment, s);
      gboolean closed = FALSE;

      if (used[s])
        continue;
      used[s] = TRUE;

      /* Walk forward from edge b, then backward from edge a. */
      fwd = g_array_new (FALSE, FALSE, sizeof (gsize));
      back = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_array_append_val (fwd, start->a);
      g_array_append_val (fwd, start->b);

      for (int dir = 0; dir < 2 && !closed; dir++)
        {
          GArray *chain = dir == 0 ? fwd : back;
          gsize edge = dir == 0 ? start->b : start->a;
          guint cur = s;

          for (;;)
            {
              gint64 *slot = &at_edge[2 * edge];
              gint64 next = slot[0] == (gint64) cur ? slot[1] : slot[0];
              Segment *ns;
              gsize other;

              if (next < 0)
                break;
              if (used[next])
                {
                  if ((guint) next == s)
                    closed = TRUE;
                  break;
                }
              used[next] = TRUE;
              ns = &g_array_index (segs, Segment, next);
              other = ns->a == edge ? ns->b : ns->a;
              g_array_append_val (chain, other);
              edge = other;
              cur = next;
            }
        }

      line = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (fwd->len + back->len));
      for (guint k = back->len; k > 0; k--)
        append_edge (&g, line, g_array_index (back, gsize, k - 1));
      for (guint k = 0; k < fwd->len; k++)
        append_edge (&g, line, g_array_index (fwd, gsize, k));
      g_ptr_array_add (lines, line);
    }

  return lines;
}

void
lab_contour_fill (const double          *values,
                  gsize                  nx,
                  gsize                  ny,
                  double                 x0,
                  double                 x1,
                  double                 y0,
                  double                 y1,
                  double                 level,
                  LabContourPolygonFunc  func,
                  gpointer               user_data)
{
  Grid g;

  g_return_if_fail (func != NULL);
  if (values == NULL || nx < 2 || ny < 2 || isnan (level))
    return;

  g = (Grid) { values, nx, ny, x0, y0, (x1 - x0) / nx, (y1 - y0) / ny, level };

  for (gsize j = 0; j + 1 < ny; j++)
    {
      gssize run_start = -1;   /* first cell of a run of cells entirely ≥ level */

      for (gsize i = 0; i + 1 <= nx; i++)
        {
          double v[4];
          gboolean above[4];
          int n_above = 0;
          gboolean full = FALSE;

          if (i + 1 < nx)
            {
              /* Corners counter-clockwise: bl, br, tr, tl. */
              v[0] = grid_value (&g, i, j);
              v[1] = grid_value (&g, i + 1, j);
              v[2] = grid_value (&g, i + 1, j + 1);
              v[3] = grid_value (&g, i, j + 1);
              for (int k = 0; k < 4; k++)
                {
                  above[k] = v[k] >= level;   /* NaN → FALSE */
                  n_above += above[k];
                }
              full = n_above == 4;
            }

          if (full)
            {
              if (run_start < 0)
                run_start = i;
              continue;
            }
          if (run_start >= 0)
            {
              double r[8] = {
                grid_x (&g, run_start), grid_y (&g, j),
                grid_x (&g, i), grid_y (&g, j),
                grid_x (&g, i), grid_y (&g, j + 1),
                grid_x (&g, run_start), grid_y (&g, j + 1),
              };

              func (r, 4, user_data);
              run_start = -1;
            }
          if (i + 1 >= nx || n_above == 0)
            continue;
          if (isnan (v[0]) || isnan (v[1]) || isnan (v[2]) || isnan (v[3]))
            continue;

          {
            /* Corner positions (counter-clockwise) and the crossing on each
             * edge k → k+1, interpolated from the edge's lower-index end. */
            double cx[4] = { grid_x (&g, i), grid_x (&g, i + 1), grid_x (&g, i + 1), grid_x (&g, i) };
            double cy[4] = { grid_y (&g, j), grid_y (&g, j), grid_y (&g, j + 1), grid_y (&g, j + 1) };
            double ex[4], ey[4];
            double poly[16];
            guint n = 0;

            for (int k = 0; k < 4; k++)
              {
                int k2 = (k + 1) % 4;

                if (above[k] == above[k2])
                  continue;
                /* Edges 0 (bl→br) and 1 (br→tr) run with the grid; 2 (tr→tl) and
                 * 3 (tl→bl) against it, so interpolate from their far end. */
                if (k < 2)
                  {
                    double t = crossing (v[k], v[k2], level);

                    ex[k] = cx[k] + t * (cx[k2] - cx[k]);
                    ey[k] = cy[k] + t * (cy[k2] - cy[k]);
                  }
                else
                  {
                    double t = crossing (v[k2], v[k], level);

                    ex[k] = cx[k2] + t * (cx[k] - cx[k2]);
                    ey[k] = cy[k2] + t * (cy[k] - cy[k2]);
                  }
              }

            if (n_above == 2 && above[0] == above[2])
              {
                /* Saddle. */
                gboolean centre_above = (v[0] + v[1] + v[2] + v[3]) / 4.0 >= level;

                if (!centre_above)
                  {
                    /* Two separate corner triangles. */
                    for (int k = 0; k < 4; k++)
                      if (above[k])
                        {
                          int kp = (k + 3) % 4;
                          double tri[6] = { cx[k], cy[k], ex[k], ey[k], ex[kp], ey[kp] };

                          func (tri, 3, user_data);
                        }
                    continue;
                  }
              }

            for (int k = 0; k < 4; k++)
              {
                int k2 = (k + 1) % 4;

                if (above[k])
                  {
                    poly[2 * n] = cx[k];
                    poly[2 * n + 1] = cy[k];
                    n++;
                  }
                if (above[k] != above[k2])
                  {
                    poly[2 * n] = ex[k];
                    poly[2 * n + 1] = ey[k];
                    n++;
                  }
              }
            func (poly, n, user_data);
          }
        }
    }
}
