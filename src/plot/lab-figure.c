/* lab-figure.c — figures and axes: their setters, drawing the axes (grid, frame, titles),
 * rendering with the render cache, hit tests
 *
 * The layout (limits, ticks, placement) is lab-layout.c's, the legend
 * lab-legend.c's; layers are reached only through the layer table
 * (lab-layer-table.h).
 *
 * Sizes are in the user units of the cairo_t handed to lab_figure_render()
 * ("pixels" at scale 1). Fonts use a fixed 96 dpi and unhinted metrics, so a
 * figure lays out identically on screen, in a 2× PNG and in a PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lab-draw.h"
#include "lab-layer-table.h"
#include "lab-layout.h"
#include "lab-legend.h"
#include "lab-scale.h"
#include "lab-ticks.h"

G_DEFINE_BOXED_TYPE (LabFigure, lab_figure, lab_figure_ref, lab_figure_unref)

/* ---------------------------------------------------------------------- */
/* figure                                                                 */

static LabAxes *
axes_new (LabFigure *fig,
          guint      index)
{
  LabAxes *ax = g_new0 (LabAxes, 1);

  ax->figure = fig;
  ax->index = index;
  ax->row = index / fig->cols;
  ax->col = index % fig->cols;
  ax->row_span = ax->col_span = 1;
  ax->xscale = ax->yscale = LAB_SCALE_LINEAR;
  ax->xlim[0] = ax->xlim[1] = ax->ylim[0] = ax->ylim[1] = NAN;
  for (int i = 0; i < 4; i++)
    ax->view[i] = NAN;
  ax->grid = TRUE;
  ax->frame = TRUE;
  ax->tag = (int) index;
  ax->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) _lab_layer_free);
  ax->text_boxes = g_array_new (FALSE, FALSE, sizeof (double));
  ax->ex[0] = ax->ey[0] = 0.0;
  ax->ex[1] = ax->ey[1] = 1.0;
  ax->xlabel_every = 1;
  return ax;
}

static void
axes_free (LabAxes *ax)
{
  g_ptr_array_unref (ax->layers);
  g_array_unref (ax->text_boxes);
  g_free (ax->title);
  g_free (ax->xlabel);
  g_free (ax->ylabel);
  g_strfreev (ax->xcats);
  g_strfreev (ax->ycats);
  g_free (ax);
}

LabFigure *
lab_figure_new (guint rows,
                guint cols)
{
  LabFigure *self;

  g_return_val_if_fail (rows > 0 && cols > 0 && rows * cols <= 1024, NULL);

  self = g_atomic_rc_box_new0 (LabFigure);
  self->rows = rows;
  self->cols = cols;
  self->row_weights = g_new (double, rows);
  self->col_weights = g_new (double, cols);
  for (guint i = 0; i < rows; i++)
    self->row_weights[i] = 1.0;
  for (guint i = 0; i < cols; i++)
    self->col_weights[i] = 1.0;
  self->axes = g_new0 (LabAxes *, rows * cols);
  for (guint i = 0; i < rows * cols; i++)
    self->axes[i] = axes_new (self, i);
  self->meta_keys = g_ptr_array_new_with_free_func (g_free);
  self->meta_values = g_ptr_array_new_with_free_func (g_free);
  return self;
}

LabFigure *
lab_figure_ref (LabFigure *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

static void
lab_figure_clear (LabFigure *self)
{
  for (guint i = 0; i < self->rows * self->cols; i++)
    axes_free (self->axes[i]);
  g_free (self->axes);
  g_free (self->row_weights);
  g_free (self->col_weights);
  g_free (self->title);
  g_ptr_array_unref (self->meta_keys);
  g_ptr_array_unref (self->meta_values);
  g_clear_pointer (&self->tick_cache, g_hash_table_unref);
  g_clear_pointer (&self->tick_cache_font, pango_font_description_free);
}

void
lab_figure_unref (LabFigure *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) lab_figure_clear);
}

guint
lab_figure_get_n_axes (LabFigure *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->rows * self->cols;
}

LabAxes *
lab_figure_get_axes (LabFigure *self,
                     guint      i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->rows * self->cols, NULL);
  return self->axes[i];
}

LabAxes *
lab_figure_get_axes_at (LabFigure *self,
                        guint      row,
                        guint      col)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row < self->rows && col < self->cols, NULL);
  return self->axes[row * self->cols + col];
}

void
lab_figure_set_row_weights (LabFigure    *self,
                            const double *weights)
{
  g_return_if_fail (self != NULL);
  for (guint i = 0; i < self->rows; i++)
    self->row_weights[i] = weights != NULL && weights[i] > 0 && isfinite (weights[i]) ? weights[i] : 1.0;
}

void
lab_figure_set_col_weights (LabFigure    *self,
                            const double *weights)
{
  g_return_if_fail (self != NULL);
  for (guint i = 0; i < self->cols; i++)
    self->col_weights[i] = weights != NULL && weights[i] > 0 && isfinite (weights[i]) ? weights[i] : 1.0;
}

void
lab_figure_set_span (LabFigure *self,
                     guint      row,
                     guint      col,
                     guint      row_span,
                     guint      col_span)
{
  LabAxes *ax;

  g_return_if_fail (self != NULL);
  g_return_if_fail (row < self->rows && col < self->cols);

  row_span = CLAMP (row_span, 1, self->rows - row);
  col_span = CLAMP (col_span, 1, self->cols - col);
  ax = self->axes[row * self->cols + col];

  /* Uncover what the old span covered, then cover the new one. */
  for (guint r = ax->row; r < ax->row + ax->row_span; r++)
    for (guint c = ax->col; c < ax->col + ax->col_span; c++)
      if (r != row || c != col)
        self->axes[r * self->cols + c]->covered = FALSE;
  ax->row_span = row_span;
  ax->col_span = col_span;
  for (guint r = row; r < row + row_span; r++)
    for (guint c = col; c < col + col_span; c++)
      if (r != row || c != col)
        self->axes[r * self->cols + c]->covered = TRUE;
}

void
lab_figure_set_title (LabFigure  *self,
                      const char *markup)
{
  g_return_if_fail (self != NULL);
  g_free (self->title);
  self->title = g_strdup (markup);
}

void
lab_figure_set_metadata (LabFigure  *self,
                         const char *key,
                         const char *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (key != NULL && *key != '\0');

  for (guint i = 0; i < self->meta_keys->len; i++)
    if (g_str_equal (self->meta_keys->pdata[i], key))
      {
        if (value == NULL)
          {
            g_ptr_array_remove_index (self->meta_keys, i);
            g_ptr_array_remove_index (self->meta_values, i);
          }
        else
          {
            g_free (self->meta_values->pdata[i]);
            self->meta_values->pdata[i] = g_strdup (value);
          }
        return;
      }
  if (value != NULL)
    {
      g_ptr_array_add (self->meta_keys, g_strdup (key));
      g_ptr_array_add (self->meta_values, g_strdup (value));
    }
}

const char *
lab_figure_get_metadata (LabFigure  *self,
                         const char *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < self->meta_keys->len; i++)
    if (g_str_equal (self->meta_keys->pdata[i], key))
      return self->meta_values->pdata[i];
  return NULL;
}

GPtrArray *
lab_figure_dup_metadata_keys (LabFigure *self)
{
  GPtrArray *keys;

  g_return_val_if_fail (self != NULL, NULL);
  keys = g_ptr_array_new_full (self->meta_keys->len, g_free);
  for (guint i = 0; i < self->meta_keys->len; i++)
    g_ptr_array_add (keys, g_strdup (self->meta_keys->pdata[i]));
  return keys;
}

/* ---------------------------------------------------------------------- */
/* axes setters                                                           */

#define SET_STRING(field, value) G_STMT_START {                   \
    g_free (field);                                               \
    field = (value) != NULL && *(value) ? g_strdup (value) : NULL; \
  } G_STMT_END

void
lab_axes_set_title (LabAxes    *ax,
                    const char *markup)
{
  g_return_if_fail (ax != NULL);
  SET_STRING (ax->title, markup);
}

void
lab_axes_set_xlabel (LabAxes    *ax,
                     const char *markup)
{
  g_return_if_fail (ax != NULL);
  SET_STRING (ax->xlabel, markup);
}

void
lab_axes_set_ylabel (LabAxes    *ax,
                     const char *markup)
{
  g_return_if_fail (ax != NULL);
  SET_STRING (ax->ylabel, markup);
}

void
lab_axes_set_xscale (LabAxes  *ax,
                     LabScale  scale)
{
  g_return_if_fail (ax != NULL);
  ax->xscale = scale;
}

void
lab_axes_set_yscale (LabAxes  *ax,
                     LabScale  scale)
{
  g_return_if_fail (ax != NULL);
  ax->yscale = scale;
}

void
lab_axes_set_xlim (LabAxes *ax,
                   double   lo,
                   double   hi)
{
  g_return_if_fail (ax != NULL);
  ax->xlim[0] = isfinite (lo) ? lo : NAN;
  ax->xlim[1] = isfinite (hi) ? hi : NAN;
}

void
lab_axes_set_ylim (LabAxes *ax,
                   double   lo,
                   double   hi)
{
  g_return_if_fail (ax != NULL);
  ax->ylim[0] = isfinite (lo) ? lo : NAN;
  ax->ylim[1] = isfinite (hi) ? hi : NAN;
}

void
lab_axes_get_xlim (LabAxes *ax,
                   double  *lo,
                   double  *hi)
{
  g_return_if_fail (ax != NULL);
  _lab_axes_compute_limits (ax);
  if (lo != NULL)
    *lo = ax->ex[0];
  if (hi != NULL)
    *hi = ax->ex[1];
}

void
lab_axes_get_ylim (LabAxes *ax,
                   double  *lo,
                   double  *hi)
{
  g_return_if_fail (ax != NULL);
  _lab_axes_compute_limits (ax);
  if (lo != NULL)
    *lo = ax->ey[0];
  if (hi != NULL)
    *hi = ax->ey[1];
}

void
lab_axes_set_grid (LabAxes  *ax,
                   gboolean  grid)
{
  g_return_if_fail (ax != NULL);
  ax->grid = !!grid;
}

void
lab_axes_set_equal_aspect (LabAxes  *ax,
                           gboolean  equal)
{
  g_return_if_fail (ax != NULL);
  ax->equal_aspect = !!equal;
}

void
lab_axes_set_legend (LabAxes  *ax,
                     gboolean  legend)
{
  g_return_if_fail (ax != NULL);
  ax->legend = !!legend;
}

void
lab_axes_set_frame (LabAxes  *ax,
                    gboolean  frame)
{
  g_return_if_fail (ax != NULL);
  ax->frame = !!frame;
}

void
lab_axes_set_xcategories (LabAxes            *ax,
                          const char * const *labels)
{
  g_return_if_fail (ax != NULL);
  g_strfreev (ax->xcats);
  ax->xcats = labels != NULL && labels[0] != NULL ? g_strdupv ((char **) labels) : NULL;
}

void
lab_axes_set_ycategories (LabAxes            *ax,
                          const char * const *labels)
{
  g_return_if_fail (ax != NULL);
  g_strfreev (ax->ycats);
  ax->ycats = labels != NULL && labels[0] != NULL ? g_strdupv ((char **) labels) : NULL;
}

static const char *
category_at (char   **cats,
             double   v)
{
  double k = round (v);

  if (cats == NULL || !isfinite (v) || k < 0 || k >= g_strv_length (cats))
    return NULL;
  return cats[(guint) k];
}

const char *
lab_axes_get_xcategory (LabAxes *ax,
                        double   v)
{
  g_return_val_if_fail (ax != NULL, NULL);
  return category_at (ax->xcats, v);
}

const char *
lab_axes_get_ycategory (LabAxes *ax,
                        double   v)
{
  g_return_val_if_fail (ax != NULL, NULL);
  return category_at (ax->ycats, v);
}

void
lab_axes_set_view (LabAxes *ax,
                   double   x0,
                   double   x1,
                   double   y0,
                   double   y1)
{
  g_return_if_fail (ax != NULL);
  if (!isfinite (x0) || !isfinite (x1) || !isfinite (y0) || !isfinite (y1) || x0 == x1 || y0 == y1)
    {
      for (int i = 0; i < 4; i++)
        ax->view[i] = NAN;
      return;
    }
  ax->view[0] = x0;
  ax->view[1] = x1;
  ax->view[2] = y0;
  ax->view[3] = y1;
}

void
lab_axes_set_tag (LabAxes *ax,
                  int      tag)
{
  g_return_if_fail (ax != NULL);
  ax->tag = tag;
}

int
lab_axes_get_tag (LabAxes *ax)
{
  g_return_val_if_fail (ax != NULL, 0);
  return ax->tag;
}

void
lab_axes_get_rect (LabAxes *ax,
                   double  *x,
                   double  *y,
                   double  *w,
                   double  *h)
{
  g_return_if_fail (ax != NULL);
  if (x != NULL)
    *x = ax->rx;
  if (y != NULL)
    *y = ax->ry;
  if (w != NULL)
    *w = ax->rw;
  if (h != NULL)
    *h = ax->rh;
}

/* ---------------------------------------------------------------------- */
/* drawing the axes                                                       */

/* A coordinate on the device pixel grid (centre of a pixel for odd widths). */
static double
snap (LabRender *r,
      double     v,
      double     lw)
{
  double s = r->dev_scale;
  double dw = round (lw * s);

  if (r->vector || s <= 0)
    return v;
  if ((int) dw % 2 == 1)
    return (floor (v * s) + 0.5) / s;
  return round (v * s) / s;
}

static LabRGBA
spine_color (const LabTheme *t)
{
  return _lab_rgba_alpha (t->foreground, t->dark ? 0.38 : 0.32);
}

static LabRGBA
tick_label_color (const LabTheme *t)
{
  return _lab_rgba_alpha (t->foreground, 0.72);
}

static void
draw_grid (LabAxes   *ax,
           LabRender *r)
{
  cairo_t *cr = r->cr;

  if (!ax->grid || !ax->frame)
    return;

  cairo_save (cr);
  _lab_set_source (cr, r->theme->grid);
  cairo_set_line_width (cr, 1.0);
  cairo_set_dash (cr, NULL, 0, 0);
  if (ax->xcats == NULL)
    for (guint i = 0; i < ax->n_xticks; i++)
      {
        double x = snap (r, _lab_axes_tx (ax, ax->xticks[i]), 1.0);

        if (x < ax->rx + 0.5 || x > ax->rx + ax->rw + 0.5)
          continue;
        cairo_move_to (cr, x, ax->ry);
        cairo_line_to (cr, x, ax->ry + ax->rh);
      }
  if (ax->ycats == NULL)
    for (guint i = 0; i < ax->n_yticks; i++)
      {
        double y = snap (r, _lab_axes_ty (ax, ax->yticks[i]), 1.0);

        if (y < ax->ry - 0.5 || y > ax->ry + ax->rh - 0.5)
          continue;
        cairo_move_to (cr, ax->rx, y);
        cairo_line_to (cr, ax->rx + ax->rw, y);
      }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_frame (LabAxes   *ax,
            LabRender *r)
{
  cairo_t *cr = r->cr;
  LabRGBA spine = spine_color (r->theme);
  LabRGBA tcol = tick_label_color (r->theme);
  double left = snap (r, ax->rx, 1.0), bottom = snap (r, ax->ry + ax->rh, 1.0);
  double tick_space = ax->grid ? TICK_PAD : TICK_LEN + TICK_PAD - 1.0;

  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  _lab_set_source (cr, spine);
  cairo_move_to (cr, left, ax->ry);
  cairo_line_to (cr, left, bottom);
  cairo_line_to (cr, ax->rx + ax->rw, bottom);
  cairo_stroke (cr);

  /* minor ticks on log axes: 2…9 × 10ᵏ over a few decades, every decade over many */
  for (int axis = 0; axis < 2; axis++)
    {
      gboolean is_y = axis == 1;
      LabScale scale = is_y ? ax->yscale : ax->xscale;
      double lo = is_y ? ax->ey[0] : ax->ex[0], hi = is_y ? ax->ey[1] : ax->ex[1];
      double d0, d1;

      if (scale != LAB_SCALE_LOG || !(lo > 0) || !(hi > lo))
        continue;
      d0 = floor (log10 (lo));
      d1 = ceil (log10 (hi));
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      for (double d = d0; d <= d1; d++)
        for (int m = (d1 - d0 <= 6 ? 2 : 1); m <= (d1 - d0 <= 6 ? 9 : 1); m++)
          {
            double v = m * pow (10.0, d);

            if (v < lo || v > hi)
              continue;
            if (is_y)
              {
                double y = snap (r, _lab_axes_ty (ax, v), 1.0);

                cairo_move_to (cr, left, y);
                cairo_line_to (cr, left - TICK_LEN / 2.0, y);
              }
            else
              {
                double x = snap (r, _lab_axes_tx (ax, v), 1.0);

                cairo_move_to (cr, x, bottom);
                cairo_line_to (cr, x, bottom + TICK_LEN / 2.0);
              }
          }
      cairo_stroke (cr);
    }

  if (!ax->grid)
    {
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      for (guint i = 0; i < ax->n_xticks; i++)
        {
          double x = snap (r, _lab_axes_tx (ax, ax->xticks[i]), 1.0);

          cairo_move_to (cr, x, bottom);
          cairo_line_to (cr, x, bottom + TICK_LEN);
        }
      for (guint i = 0; i < ax->n_yticks; i++)
        {
          double y = snap (r, _lab_axes_ty (ax, ax->yticks[i]), 1.0);

          cairo_move_to (cr, left, y);
          cairo_line_to (cr, left - TICK_LEN, y);
        }
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  for (guint i = 0; i < ax->n_xticks; i += ax->xlabel_every)
    {
      g_autofree char *s = _lab_axes_tick_label (ax, FALSE, ax->xticks[i], ax->xstep);
      double x = _lab_axes_tx (ax, ax->xticks[i]);

      if (ax->xlabels_rotated)
        _lab_text_draw (r, r->font_tick, s, ax->xcats != NULL, x + 2.0, bottom + tick_space - 2.0,
                        LAB_ANCHOR_EAST, ROTATION, tcol);
      else
        _lab_text_draw (r, r->font_tick, s, ax->xcats != NULL, x, bottom + tick_space, LAB_ANCHOR_NORTH, 0, tcol);
    }
  for (guint i = 0; i < ax->n_yticks; i++)
    {
      g_autofree char *s = _lab_axes_tick_label (ax, TRUE, ax->yticks[i], ax->ystep);

      _lab_text_draw (r, r->font_tick, s, ax->ycats != NULL, left - tick_space, _lab_axes_ty (ax, ax->yticks[i]),
                      LAB_ANCHOR_EAST, 0, tcol);
    }

  {
    LabRGBA lcol = _lab_rgba_alpha (r->theme->foreground, 0.9);
    double w, h;

    if (ax->xlabel != NULL && ax->show_xlabel)
      {
        double y = bottom + tick_space;

        if (ax->xlabels_rotated)
          y += _lab_axes_rotated_labels_height (r, ax);
        else
          {
            _lab_axes_tick_labels_extent (r, ax, FALSE, &w, &h);
            y += h;
          }
        r->max_width = ax->rw + ax->dec_left;
        _lab_text_draw (r, r->font_label, ax->xlabel, TRUE, ax->rx + ax->rw / 2.0, y + LABEL_GAP,
                        LAB_ANCHOR_NORTH, 0, lcol);
        r->max_width = 0;
      }
    if (ax->ylabel != NULL && ax->show_ylabel)
      {
        double x;

        _lab_axes_tick_labels_extent (r, ax, TRUE, &w, &h);
        x = left - tick_space - w - LABEL_GAP;
        /* Rotated −90°: the text's bottom faces the tick labels. */
        r->max_width = ax->rh + ax->dec_bottom * 0.5;
        _lab_text_draw (r, r->font_label, ax->ylabel, TRUE, x, ax->ry + ax->rh / 2.0,
                        LAB_ANCHOR_SOUTH, -G_PI / 2.0, lcol);
        r->max_width = 0;
      }
  }
}

static void
draw_axes (LabAxes   *ax,
           LabRender *r)
{
  gboolean has_dynamic = FALSE;

  for (guint i = 0; i < ax->layers->len; i++)
    has_dynamic |= ((LabLayer *) ax->layers->pdata[i])->visible && ((LabLayer *) ax->layers->pdata[i])->dynamic;

  if (r->pass != PASS_DYNAMIC)
    {
      g_array_set_size (ax->text_boxes, 0);
      draw_grid (ax, r);
    }
  else
    /* the static pass's annotations stay (cached under this one); the dynamic ones are redrawn */
    for (guint k = ax->text_boxes->len; k >= 5; k -= 5)
      if (g_array_index (ax->text_boxes, double, k - 1) != 0.0)
        g_array_remove_range (ax->text_boxes, k - 5, 5);

  for (guint i = 0; i < ax->layers->len; i++)
    {
      LabLayer *l = ax->layers->pdata[i];

      if (!l->visible)
        continue;
      if ((r->pass == PASS_STATIC && l->dynamic) || (r->pass == PASS_DYNAMIC && !l->dynamic))
        continue;
      _lab_layer_class (l)->draw (l, r);
    }

  /* the dynamic pass draws over the cached frame and titles; the legend stays on top */
  if (r->pass == PASS_DYNAMIC)
    {
      if (has_dynamic)
        _lab_axes_draw_legend (ax, r);
      return;
    }

  if (ax->frame)
    draw_frame (ax, r);
  else if (ax->xlabel != NULL && ax->show_xlabel)
    {
      r->max_width = ax->rw + ax->dec_left + ax->dec_right;
      _lab_text_draw (r, r->font_label, ax->xlabel, TRUE, ax->rx + ax->rw / 2.0, ax->ry + ax->rh + 4.0 + LABEL_GAP,
                      LAB_ANCHOR_NORTH, 0, tick_label_color (r->theme));
      r->max_width = 0;
    }

  if (ax->title != NULL && ax->show_title)
    {
      double x = ax->rx + ax->rw / 2.0;
      double tw, th;

      /* within the axes' own band, plot and decorations: a long title is shifted towards the
       * free side or ellipsized, never drawn over the next axes' title */
      double band_lo = MAX (PAD_OUTER, ax->rx - ax->dec_left);
      double band_hi = MIN (ax->figure->last_width - PAD_OUTER, ax->rx + ax->rw + ax->dec_right);

      r->max_width = MAX (band_hi - band_lo, ax->rw);
      _lab_text_size (r, r->font_title, ax->title, TRUE, &tw, &th);
      tw = MIN (tw, r->max_width);
      x = CLAMP (x, band_lo + tw / 2.0, MAX (band_lo + tw / 2.0, band_hi - tw / 2.0));
      _lab_text_draw (r, r->font_title, ax->title, TRUE, x, ax->ry - TITLE_GAP, LAB_ANCHOR_SOUTH, 0,
                      r->theme->foreground);
      r->max_width = 0;
    }

  {
    LabLayer *cbar = _lab_axes_colorbar_layer (ax);

    if (cbar != NULL)
      _lab_layer_class (cbar)->draw_colorbar (cbar, r);
  }
  if (!(r->pass == PASS_STATIC && has_dynamic))
    _lab_axes_draw_legend (ax, r);
}

struct _LabRenderCache
{
  cairo_surface_t *surface;   /* background, frames, static layers, titles, legends */
  guint64          key;
  gboolean         valid;
  double           scale;     /* pixels per user unit of the cached image; 0: the target's */
};

/* Sets up fonts and the Pango layout for drawing into @cr; measures the figure title. */
static void
render_begin (LabFigure      *self,
              LabRender      *r,
              cairo_t        *cr,
              double          width,
              double          height,
              const LabTheme *theme,
              double         *title_h)
{
  PangoContext *ctx;
  cairo_font_options_t *fo;
  const char *family;
  double base, ux = 1.0, uy = 0.0;
  cairo_surface_type_t type;

  r->cr = cr;
  r->figure = self;
  r->theme = theme;
  {
    double dsx = 1.0, dsy = 1.0;

    /* HiDPI surfaces carry a device scale that the CTM does not show. */
    cairo_user_to_device_distance (cr, &ux, &uy);
    cairo_surface_get_device_scale (cairo_get_target (cr), &dsx, &dsy);
    r->dev_scale = MAX (hypot (ux, uy) * dsx, 1e-6);
  }
  type = cairo_surface_get_type (cairo_get_target (cr));
  /* Vector files get vector heatmaps and unsnapped lines. A recording
   * surface (what a GTK cairo node draws into) is treated like pixels: it is
   * replayed onto the window at 1× or 2×, and snapping to whole user units
   * stays crisp at both. */
  r->vector = type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_SVG
              || type == CAIRO_SURFACE_TYPE_PS || type == CAIRO_SURFACE_TYPE_SCRIPT;

  r->layout = pango_cairo_create_layout (cr);
  ctx = pango_layout_get_context (r->layout);
  pango_cairo_context_set_resolution (ctx, 96.0);
  fo = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_SLIGHT);
  pango_cairo_context_set_font_options (ctx, fo);
  cairo_font_options_destroy (fo);
  pango_layout_context_changed (r->layout);

  /* Small figures (per grid cell) shrink fonts and spacing a little. */
  r->k = CLAMP (MIN (width / self->cols / 380.0, height / self->rows / 280.0), 0.75, 1.0);
  family = theme->font_family != NULL ? theme->font_family : "Sans";
  base = (theme->font_size > 0 ? theme->font_size : 10.0) * r->k;
  r->font_tick = pango_font_description_new ();
  pango_font_description_set_family (r->font_tick, family);
  pango_font_description_set_size (r->font_tick, (int) (base * 0.9 * PANGO_SCALE));
  r->font_legend = pango_font_description_copy (r->font_tick);
  r->font_label = pango_font_description_copy (r->font_tick);
  pango_font_description_set_size (r->font_label, (int) (base * PANGO_SCALE));
  r->font_title = pango_font_description_copy (r->font_label);
  pango_font_description_set_size (r->font_title, (int) (base * 1.1 * PANGO_SCALE));
  pango_font_description_set_weight (r->font_title, PANGO_WEIGHT_SEMIBOLD);
  r->font_figtitle = pango_font_description_copy (r->font_title);
  pango_font_description_set_size (r->font_figtitle, (int) (base * 1.3 * PANGO_SCALE));
  r->em = base * 0.9 * 96.0 / 72.0;

  *title_h = 0;
  if (self->title != NULL)
    {
      double w;

      r->max_width = width - 2 * PAD_OUTER;
      _lab_text_size (r, r->font_figtitle, self->title, TRUE, &w, title_h);
      r->max_width = 0;
    }
}

static void
render_end (LabRender *r)
{
  pango_font_description_free (r->font_tick);
  pango_font_description_free (r->font_legend);
  pango_font_description_free (r->font_label);
  pango_font_description_free (r->font_title);
  pango_font_description_free (r->font_figtitle);
  g_object_unref (r->layout);
}

/* Draws into r->cr: with PASS_DYNAMIC only the dynamic layers, else the background, the figure
 * title and every axes (without its dynamic layers for PASS_STATIC). */
static void
render_draw (LabFigure *self,
             LabRender *r,
             double     width,
             double     height)
{
  cairo_t *cr = r->cr;

  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  if (r->pass != PASS_DYNAMIC)
    {
      cairo_rectangle (cr, 0, 0, width, height);
      _lab_set_source (cr, r->theme->background);
      cairo_fill (cr);

      if (self->title != NULL)
        {
          r->max_width = width - 2 * PAD_OUTER;
          _lab_text_draw (r, r->font_figtitle, self->title, TRUE, width / 2.0, PAD_OUTER, LAB_ANCHOR_NORTH, 0,
                          r->theme->foreground);
          r->max_width = 0;
        }
    }

  for (guint i = 0; i < self->rows * self->cols; i++)
    if (!self->axes[i]->covered)
      draw_axes (self->axes[i], r);
  cairo_restore (cr);
}

void
lab_figure_render (LabFigure      *self,
                   cairo_t        *cr,
                   double          width,
                   double          height,
                   const LabTheme *theme)
{
  lab_figure_render_cached (self, cr, width, height, theme, NULL);
}

LabRenderCache *
lab_render_cache_new (void)
{
  return g_new0 (LabRenderCache, 1);
}

void
lab_render_cache_set_scale (LabRenderCache *cache,
                            double          scale)
{
  g_return_if_fail (cache != NULL);
  if (scale != cache->scale)
    cache->valid = FALSE;
  cache->scale = scale;
}

void
lab_render_cache_free (LabRenderCache *cache)
{
  if (cache == NULL)
    return;
  g_clear_pointer (&cache->surface, cairo_surface_destroy);
  g_free (cache);
}

static guint64
hash_bytes (guint64 h, const void *data, gsize len)
{
  const guchar *p = data;

  /* FNV-1a, 64 bit */
  for (gsize i = 0; i < len; i++)
    {
      h ^= p[i];
      h *= G_GUINT64_CONSTANT (1099511628211);
    }
  return h;
}

static guint64
hash_doubles (guint64 h, const double *v, gsize n)
{
  /* word at a time: layer data can be large */
  for (gsize i = 0; i < n; i++)
    {
      guint64 w;

      memcpy (&w, &v[i], sizeof w);
      h = (h ^ w) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      h ^= h >> 29;
    }
  return h;
}

static guint64
hash_string (guint64 h, const char *s)
{
  return s ? hash_bytes (h, s, strlen (s) + 1) : hash_bytes (h, "\0\1", 2);
}

/* Everything a layer draws; its data never change after it is added, so this is kept. */
static guint64
layer_content_hash (LabLayer *l)
{
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);
  gsize nx = l->n + _lab_layer_class (l)->x_extra;

  if (l->hashed)
    return l->content_hash;
  h = hash_bytes (h, &l->kind, sizeof l->kind);
  h = hash_bytes (h, &l->style, sizeof l->style);
  h = hash_string (h, l->label);
  if (l->x != NULL)
    h = hash_doubles (h, l->x, nx);
  if (l->y != NULL)
    h = hash_doubles (h, l->y, l->n);
  if (l->y2 != NULL)
    h = hash_doubles (h, l->y2, l->n);
  if (l->colors != NULL)
    h = hash_bytes (h, l->colors, l->n * sizeof (LabColor));
  if (l->values != NULL)
    h = hash_doubles (h, l->values, l->nx * l->ny);
  if (l->levels != NULL)
    h = hash_doubles (h, l->levels, l->n_levels);
  if (l->cells != NULL)
    h = hash_bytes (h, l->cells, l->nx * l->ny);
  {
    double g[12] = { (double) l->nx, (double) l->ny, l->gx0, l->gx1, l->gy0, l->gy1,
                     l->vmin, l->vmax, l->ax0, l->ay0, l->ax1, l->ay1 };

    h = hash_doubles (h, g, G_N_ELEMENTS (g));
    h = hash_doubles (h, &l->slope, 1);
  }
  h = hash_bytes (h, &l->cmap, sizeof l->cmap);
  h = hash_bytes (h, &l->filled, sizeof l->filled);
  h = hash_bytes (h, &l->anchor, sizeof l->anchor);
  h = hash_bytes (h, &l->axes_fraction, sizeof l->axes_fraction);
  h = hash_string (h, l->cbar_label);
  h = hash_string (h, l->markup);
  l->content_hash = h;
  l->hashed = TRUE;
  return h;
}

/* The static drawing after layout: size, theme, every axes' placement, limits and ticks, the
 * static layers whole, and of the dynamic ones only what the legend shows. */
static guint64
static_key (LabFigure      *self,
            const LabRender *r,
            double          width,
            double          height)
{
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);
  double geo[3] = { width, height, r->dev_scale };

  h = hash_doubles (h, geo, 3);
  h = hash_bytes (h, r->theme, sizeof *r->theme);
  h = hash_string (h, r->theme->font_family);
  h = hash_string (h, self->title);
  for (guint i = 0; i < self->rows * self->cols; i++)
    {
      LabAxes *ax = self->axes[i];
      double a[12] = { ax->rx, ax->ry, ax->rw, ax->rh, ax->ex[0], ax->ex[1], ax->ey[0], ax->ey[1],
                       ax->view[0], ax->view[1], ax->view[2], ax->view[3] };
      int flags[10] = { ax->covered, ax->xscale, ax->yscale, ax->grid, ax->frame, ax->legend,
                        ax->equal_aspect, ax->show_title, ax->show_xlabel, ax->show_ylabel };

      h = hash_doubles (h, a, G_N_ELEMENTS (a));
      h = hash_bytes (h, flags, sizeof flags);
      h = hash_doubles (h, ax->xticks, ax->n_xticks);
      h = hash_doubles (h, ax->yticks, ax->n_yticks);
      h = hash_string (h, ax->title);
      h = hash_string (h, ax->xlabel);
      h = hash_string (h, ax->ylabel);
      for (guint c = 0; ax->xcats && ax->xcats[c]; c++)
        h = hash_string (h, ax->xcats[c]);
      for (guint c = 0; ax->ycats && ax->ycats[c]; c++)
        h = hash_string (h, ax->ycats[c]);
      for (guint k = 0; k < ax->layers->len; k++)
        {
          LabLayer *l = ax->layers->pdata[k];
          int state[2] = { l->visible, l->dynamic };

          h = hash_bytes (h, state, sizeof state);
          if (!l->dynamic)
            h = hash_bytes (h, (guint64[]) { layer_content_hash (l) }, sizeof (guint64));
          else
            {
              h = hash_bytes (h, &l->kind, sizeof l->kind);
              h = hash_bytes (h, &l->style, sizeof l->style);
              h = hash_string (h, l->label);
            }
        }
    }
  return h;
}

gboolean
lab_figure_render_cached (LabFigure      *self,
                          cairo_t        *cr,
                          double          width,
                          double          height,
                          const LabTheme *theme,
                          LabRenderCache *cache)
{
  LabRender rs = { 0 }, *r = &rs;
  cairo_matrix_t m;
  double title_h, top;
  gboolean use_cache, hit = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  if (theme == NULL)
    theme = lab_theme_light ();
  if (!(width > 0) || !(height > 0))
    return FALSE;

  self->last_width = width;
  self->last_height = height;

  render_begin (self, r, cr, width, height, theme, &title_h);
  top = PAD_OUTER + (self->title != NULL ? title_h + 0.6 * r->em : 0);
  _lab_figure_layout (self, r, PAD_OUTER, top, width - 2 * PAD_OUTER, height - top - PAD_OUTER);

  /* a cache only for pixels drawn untransformed (the widget); files draw in full */
  cairo_get_matrix (cr, &m);
  use_cache = cache != NULL && !r->vector && m.xx == 1 && m.yy == 1 && m.xy == 0 && m.yx == 0;

  if (!use_cache)
    {
      r->pass = PASS_ALL;
      render_draw (self, r, width, height);
    }
  else
    {
      guint64 key = static_key (self, r, width, height);
      double scale = cache->scale > 0 ? cache->scale : r->dev_scale;
      int pw = (int) ceil (width * scale), ph = (int) ceil (height * scale);

      hit = cache->valid && cache->key == key && cache->surface != NULL;
      if (!hit)
        {
          cairo_t *scr;

          g_clear_pointer (&cache->surface, cairo_surface_destroy);
          cache->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (pw, 1), MAX (ph, 1));
          cairo_surface_set_device_scale (cache->surface, scale, scale);
          scr = cairo_create (cache->surface);
          cairo_translate (scr, -m.x0, -m.y0);
          r->cr = scr;
          r->pass = PASS_STATIC;
          render_draw (self, r, width, height);
          cairo_destroy (scr);
          cairo_surface_flush (cache->surface);
          cache->key = key;
          cache->valid = TRUE;
          r->cr = cr;
        }

      cairo_save (cr);
      cairo_identity_matrix (cr);
      cairo_set_source_surface (cr, cache->surface, m.x0, m.y0);
      cairo_paint (cr);
      cairo_restore (cr);

      r->pass = PASS_DYNAMIC;
      render_draw (self, r, width, height);
    }

  render_end (r);
  return hit;
}

LabAxes *
lab_figure_pick_axes (LabFigure *self,
                      double     px,
                      double     py)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->rows * self->cols; i++)
    {
      LabAxes *ax = self->axes[i];

      if (ax->covered || !ax->rendered)
        continue;
      if (px >= ax->rx && px <= ax->rx + ax->rw && py >= ax->ry && py <= ax->ry + ax->rh)
        return ax;
    }
  return NULL;
}

gboolean
lab_axes_nearest_point (LabAxes   *ax,
                        double     px,
                        double     py,
                        double     radius,
                        LabLayer **layer,
                        gsize     *index,
                        double    *x,
                        double    *y)
{
  double best = radius * radius;
  LabLayer *best_layer = NULL;
  gsize best_index = 0;

  g_return_val_if_fail (ax != NULL, FALSE);
  if (!ax->rendered)
    return FALSE;

  for (guint i = 0; i < ax->layers->len; i++)
    {
      LabLayer *l = ax->layers->pdata[i];
      const LabLayerClass *cls = _lab_layer_class (l);
      gsize idx;

      if (!l->visible || l->label == NULL || cls->nearest == NULL)
        continue;
      if (cls->nearest (l, px, py, &best, &idx))
        {
          best_layer = l;
          best_index = idx;
        }
    }
  if (best_layer == NULL)
    return FALSE;
  if (layer != NULL)
    *layer = best_layer;
  if (index != NULL)
    *index = best_index;
  if (x != NULL)
    *x = best_layer->x[best_index];
  if (y != NULL)
    *y = best_layer->y[best_index];
  return TRUE;
}
