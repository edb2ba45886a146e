/* lab-layer.h — what every layer kind shares, and the layer class
 *
 * A layer kind lives in one file, lab-layer-<family>.c: its public
 * lab_axes_add_*() constructor, its drawing, its legend swatch, its points
 * for legend placement and its hit test, gathered in a LabLayerClass.
 * lab-layer-table.c maps each LabLayerKind to its class; lab-figure.c
 * reaches layers only through that table. This file (lab-layer.c) holds
 * the pieces the kinds share; it and the kinds call nothing above them.
 *
 * Adding a kind: a LabLayerKind value (lab-plot-private.h), a file with its
 * constructor and class, its extern below, and its line in the table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-plot-private.h"

G_BEGIN_DECLS

/* How a layer's data bounds on one axis pull that axis' automatic limits. */
typedef enum
{
  LAB_STICKY_NONE,
  LAB_STICKY_BOUNDS,   /* the limits stop at the data bounds (no margin beyond them) */
  LAB_STICKY_ZERO,     /* the limits stop at 0 (the base of bars) */
} LabSticky;

typedef struct
{
  /* Draws the layer into r->cr (it clips itself as it needs). */
  void     (*draw)           (LabLayer *l, LabRender *r);
  /* Draws its legend sample into the box x, y, w × h (the caller saves and restores
   * r->cr around it); NULL: not in a legend. */
  void     (*draw_swatch)    (LabLayer *l, LabRender *r, double x, double y, double w, double h);
  /* Appends (x, y) pixel pairs where it draws, for legend placement; NULL: none. */
  void     (*sample_pixels)  (LabLayer *l, GArray *out, guint max_points);
  /* The data point nearest to pixel (px, py) if closer than √*best_d2; NULL: not pickable. */
  gboolean (*nearest)        (LabLayer *l, double px, double py, double *best_d2, gsize *index);
  /* A colour bar right of the plot, for a layer with a cbar_label: its width with
   * labels, and its drawing. NULL: the kind has none. */
  double   (*colorbar_width) (LabLayer *l, LabRender *r);
  void     (*draw_colorbar)  (LabLayer *l, LabRender *r);
  LabSticky  sticky_x, sticky_y;
  guint      x_extra;        /* x holds n + x_extra values (bars: n + 1 edges) */
} LabLayerClass;

/* The classes, one a kind, defined by the kinds' files. */
extern const LabLayerClass _lab_layer_line_class;       /* lab-layer-lines.c: line, step */
extern const LabLayerClass _lab_layer_band_class;
extern const LabLayerClass _lab_layer_scatter_class;    /* lab-layer-points.c */
extern const LabLayerClass _lab_layer_marker_class;
extern const LabLayerClass _lab_layer_bars_class;       /* lab-layer-bars.c */
extern const LabLayerClass _lab_layer_heatmap_class;    /* lab-layer-grid.c */
extern const LabLayerClass _lab_layer_contour_class;
extern const LabLayerClass _lab_layer_arrow_class;      /* lab-layer-annot.c */
extern const LabLayerClass _lab_layer_ref_line_class;   /* hline, vline, abline */
extern const LabLayerClass _lab_layer_text_class;

/* Creating a layer */
/* A new layer appended to @ax; with @style NULL it takes @fallback, or with that
 * NULL too the axes' next palette slot. */
LabLayer *_lab_layer_new           (LabAxes *ax, LabLayerKind kind, const char *label,
                                    const LabStyle *style, const LabStyle *fallback);
void      _lab_layer_set_xy        (LabLayer *l, const double *x, const double *y, gsize n);
void      _lab_layer_free          (LabLayer *layer);
/* An annotation's box as drawn before any nudging off other texts; FALSE for other layers
 * and texts outside the axes (lab-layer-annot.c). */
gboolean  _lab_layer_text_box      (LabLayer *l, LabRender *r, double box[4]);
double   *_lab_doubles_dup         (const double *v, gsize n);
/* Widens the bounds @b (and the smallest positive value @minpos) by the finite values of @v. */
void      _lab_bounds_add          (const double *v, gsize n, double *b, double *minpos, gboolean *has);

/* Drawing */
void      _lab_layer_clip          (LabLayer *l, LabRender *r, double expand);
void      _lab_layer_stroke_style  (LabLayer *l, LabRender *r, LabRGBA color);
/* The legend swatch of line kinds: a stroke, with the marker if any. */
void      _lab_layer_swatch_line   (LabLayer *l, LabRender *r, double x, double y, double w, double h);

/* Pixels and hit tests */
void      _lab_push_px             (GArray *out, double x, double y);
/* Points along a segment every ~12 px, so a long straight line counts. */
void      _lab_push_segment        (GArray *out, double x0, double y0, double x1, double y1);
/* Samples of the points x, y (at most about @max_points): the points alone, or
 * the path through them (the points and along the segments between them). */
void      _lab_layer_sample_points (LabLayer *l, GArray *out, guint max_points);
void      _lab_layer_sample_path   (LabLayer *l, GArray *out, guint max_points);
/* The nearest of the points x, y. */
gboolean  _lab_layer_nearest_xy    (LabLayer *l, double px, double py, double *best_d2, gsize *index);

G_END_DECLS
