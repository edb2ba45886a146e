/* lab-plot-private.h — the data of figures, axes and layers, and a render's state
 *
 * Types only (and one inline helper): every file of src/plot/ may include
 * this, and it defines no function of any of them, so it ties no two
 * files together. The functions over these types are declared by the
 * module that defines them, lowest first:
 *   lab-draw.h      styles, colours, dashes, markers, text (Pango)
 *   lab-scale.h     data ↔ pixel transforms of an axes
 *   lab-decimate.h  decimation of polylines to pixel columns
 *   lab-layer.h     what every layer kind shares, and the layer class
 *   lab-layer-table.h  the class of each kind (lab-figure.c's only way into layers)
 *   lab-legend.h    the legend of an axes
 *   lab-layout.h    limits, ticks and the placement of the axes; spacing
 * (_lab_ticks_format_axis, below, is lab-ticks.c's.) The public API stays in
 * lab-figure.h and friends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "lab-figure.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_LAYER_LINE,
  LAB_LAYER_STEP,
  LAB_LAYER_SCATTER,
  LAB_LAYER_BAND,
  LAB_LAYER_BARS,
  LAB_LAYER_HEATMAP,
  LAB_LAYER_CONTOUR,
  LAB_LAYER_ARROW,
  LAB_LAYER_HLINE,
  LAB_LAYER_VLINE,
  LAB_LAYER_ABLINE,
  LAB_LAYER_TEXT,
  LAB_LAYER_MARKER,
} LabLayerKind;

/* Scatters above this many points are drawn as a density raster. */
#define LAB_SCATTER_RASTER_THRESHOLD 20000
/* From this many points on, markers are copied from pre-drawn sprites on pixel targets. */
#define LAB_SCATTER_BATCH_THRESHOLD 64

struct _LabLayer
{
  LabLayerKind  kind;
  LabAxes      *axes;
  char         *label;
  LabStyle      style;
  guint         visible : 1;
  guint         dynamic : 1;
  guint         droppable : 1;   /* a text left out when it has no free place */
  guint         hashed : 1;
  guint64       content_hash;  /* of everything it draws, once computed (data never change) */

  gsize         n;
  double       *x;           /* line/step/scatter/band/marker x; bars: n + 1 edges */
  double       *y;           /* y; band: ylo; bars: heights */
  double       *y2;          /* band: yhi */
  LabColor     *colors;      /* scatter: per-point colours or NULL */

  /* heatmap, contour */
  double       *values;
  gsize         nx, ny;
  double        gx0, gx1, gy0, gy1;
  LabColormapId cmap;
  double        vmin, vmax;
  char         *cbar_label;
  double       *levels;
  gsize         n_levels;
  gboolean      filled;
  GPtrArray    *contour_lines;   /* per level: GPtrArray of polylines */
  cairo_surface_t *heat_image;   /* cached nx × ny colours */
  guint8       *cells;           /* class map: a palette slot per cell (values: opacity), or NULL */
  const void   *heat_theme;      /* the theme a class map's image was made for */

  /* arrow / abline / hline / vline / text / marker */
  double        ax0, ay0, ax1, ay1, slope;
  char         *markup;
  LabAnchor     anchor;
  gboolean      axes_fraction;

  /* data bounds (finite values; minpos: smallest positive, for log axes) */
  double        bx[2], by[2], minpos_x, minpos_y;
  gboolean      has_bx, has_by;
};

struct _LabAxes
{
  LabFigure    *figure;
  guint         index;
  guint         row, col, row_span, col_span;
  gboolean      covered;         /* hidden under another cell's span */

  char         *title, *xlabel, *ylabel;
  LabScale      xscale, yscale;
  double        xlim[2], ylim[2];   /* user limits, NaN = automatic */
  double        view[4];            /* zoom/pan view, NaN = none */
  gboolean      grid, equal_aspect, legend, frame;
  char        **xcats, **ycats;
  int           tag;
  guint         next_slot;          /* automatic palette slot for NULL styles */

  GPtrArray    *layers;

  /* effective limits (as drawn) */
  double        ex[2], ey[2];
  /* last render: plot rectangle and transform */
  gboolean      rendered;
  double        rx, ry, rw, rh;
  double        tx_a, tx_b, ty_a, ty_b;  /* px = tx_a + tx_b·T(x) */

  /* layout scratch */
  double        dec_left, dec_right, dec_top, dec_bottom;
  double        xticks[64], yticks[64];
  guint         n_xticks, n_yticks;
  double        xstep, ystep;
  gboolean      xlabels_rotated;
  guint         xlabel_every;
  double        xamax, yamax;       /* largest |tick|, for a common label form */
  gboolean      xsci, ysci;         /* log axis over many decades: 10ⁿ labels */
  gboolean      show_title, show_xlabel, show_ylabel;
  double        cell_w;             /* width of the grid cell(s), for ellipsizing */
  double        legend_rect[4];     /* x, y, w, h of the last legend drawn; w = 0: none */
  double        legend_cover;       /* share of the sampled data points under the legend box */
  double        legend_below;       /* > 0: the legend sits under the axes, in this much of dec_bottom */
  gboolean      legend_force_below; /* layout: inside it would still hide too much data */
  /* the annotations drawn inside the axes, 5 doubles each: x, y, w, h, dynamic (1/0);
   * later texts are moved off earlier ones, the legend avoids them, tests check them */
  GArray       *text_boxes;
};

struct _LabFigure
{
  guint         rows, cols;
  double       *row_weights, *col_weights;
  LabAxes     **axes;
  char         *title;
  GPtrArray    *meta_keys, *meta_values;
  double        last_width, last_height;
  GHashTable   *tick_cache;         /* tick label → its size (double[2]) */
  PangoFontDescription *tick_cache_font;
};

/* What a render draws: everything, the static part (cached) or the dynamic layers alone. */
enum { PASS_ALL, PASS_STATIC, PASS_DYNAMIC };

typedef struct
{
  LabFigure            *figure;
  cairo_t              *cr;
  const LabTheme       *theme;
  PangoLayout          *layout;
  PangoFontDescription *font_tick, *font_label, *font_title, *font_figtitle, *font_legend;
  double                em;          /* tick font size in user units */
  double                dev_scale;   /* device pixels per user unit */
  double                k;           /* compaction of fonts and spacing in small figures, 0.75–1 */
  double                max_width;   /* > 0: ellipsize text to this width */
  gboolean              vector;      /* PDF/SVG/PS target */
  int                   pass;        /* all, static (cached) or dynamic layers only */
} LabRender;   /* a render's shared state: fonts, the Pango layout, the theme */

static inline LabRGBA
_lab_rgba_alpha (LabRGBA c,
                 double  alpha)
{
  c.a *= alpha;
  return c;
}

/* lab-ticks.c: the label of a tick on an axis whose largest |tick| is @amax;
 * @scientific forces m×10ⁿ. lab_ticks_format() is this with amax = |value|. */
char     *_lab_ticks_format_axis   (double value, double step, double amax, gboolean scientific);

G_END_DECLS
