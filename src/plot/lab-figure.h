/* lab-figure.h — figures, axes and layers drawn with Cairo + PangoCairo
 *
 * One figure holds axes in a grid; each axes holds layers. The same
 * lab_figure_render() draws the widget, the exported file and the CLI's
 * output, so an export is exactly what was on screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "lab-theme.h"
#include "lab-colormap.h"

G_BEGIN_DECLS

typedef struct _LabFigure LabFigure;
typedef struct _LabAxes   LabAxes;    /* owned by its figure */
typedef struct _LabLayer  LabLayer;   /* owned by its axes */

typedef enum { LAB_SCALE_LINEAR, LAB_SCALE_LOG } LabScale;

typedef enum
{
  LAB_MARKER_NONE,
  LAB_MARKER_CIRCLE,
  LAB_MARKER_SQUARE,
  LAB_MARKER_DIAMOND,
  LAB_MARKER_TRIANGLE,
  LAB_MARKER_CROSS,
} LabMarker;

typedef enum
{
  LAB_DASH_SOLID,
  LAB_DASH_DASHED,
  LAB_DASH_DOTTED,
} LabDash;

/* Text anchors for annotations: where (x, y) sits on the text's box. */
typedef enum
{
  LAB_ANCHOR_CENTER,
  LAB_ANCHOR_NORTH, LAB_ANCHOR_SOUTH, LAB_ANCHOR_EAST, LAB_ANCHOR_WEST,
  LAB_ANCHOR_NORTH_EAST, LAB_ANCHOR_NORTH_WEST, LAB_ANCHOR_SOUTH_EAST, LAB_ANCHOR_SOUTH_WEST,
} LabAnchor;

/* How a layer is styled. Colours are semantic so that light and dark themes
 * both read well: a LabColor is either a palette slot or an explicit RGBA. */
typedef struct
{
  LabColor  color;        /* stroke / marker colour */
  LabColor  fill;         /* fill colour (bands, bars, marker fill); alpha counts */
  double    line_width;   /* in device-independent pixels; 0 → theme default (2) */
  LabDash   dash;
  LabMarker marker;
  double    marker_size;  /* diameter in px; 0 → 6 */
  double    alpha;        /* multiplies the colours' alpha; 0 → 1 */
} LabStyle;

/* A style with palette colour @slot for stroke and fill (fill at 25 % alpha). */
LabStyle     lab_style_default       (guint slot);
/* The styles every topic draws with, defined once:
 * a dashed reference line in the muted colour (chance diagonal, a bound, a target), */
LabStyle     lab_style_reference     (void);
/* a thin solid rule in a semantic colour (zero lines, thresholds), */
LabStyle     lab_style_rule          (LabColorKind kind,
                                      double       alpha);
/* foreground text, */
LabStyle     lab_style_text          (void);
/* a circle marker with a foreground outline around @fill (a chosen point). */
LabStyle     lab_style_marker        (LabColor     fill,
                                      double       size);

GType        lab_figure_get_type     (void) G_GNUC_CONST;
#define LAB_TYPE_FIGURE (lab_figure_get_type ())

LabFigure   *lab_figure_new          (guint rows, guint cols);
LabFigure   *lab_figure_ref          (LabFigure *self);
void         lab_figure_unref        (LabFigure *self);
guint        lab_figure_get_n_axes   (LabFigure *self);
/* row-major index, 0 ≤ i < rows·cols */
LabAxes     *lab_figure_get_axes     (LabFigure *self, guint i);
LabAxes     *lab_figure_get_axes_at  (LabFigure *self, guint row, guint col);
/* Relative sizes of the grid's rows and columns (default all 1). */
void         lab_figure_set_row_weights (LabFigure *self, const double *weights);
void         lab_figure_set_col_weights (LabFigure *self, const double *weights);
/* An axes may span several cells: make cell (row, col) cover row_span × col_span. */
void         lab_figure_set_span     (LabFigure *self, guint row, guint col, guint row_span, guint col_span);
void         lab_figure_set_title    (LabFigure *self, const char *markup);
/* Reproducibility metadata written into exports (PNG tEXt, SVG <metadata>, PDF info). Ordered. */
void         lab_figure_set_metadata (LabFigure *self, const char *key, const char *value);
const char  *lab_figure_get_metadata (LabFigure *self, const char *key);
GPtrArray   *lab_figure_dup_metadata_keys (LabFigure *self);

/* Lays out and draws the whole figure into a @width × @height area (user units of @cr),
 * background (theme->background) included. After a render, each axes knows its plot
 * rectangle (for hit tests). Fonts use 96 dpi and unhinted metrics, so the layout is the
 * same at any device scale; small figures shrink fonts and spacing a little and drop
 * axis labels, then titles, and a legend that would cover most of the plot. */
void         lab_figure_render       (LabFigure       *self,
                                      cairo_t         *cr,
                                      double           width,
                                      double           height,
                                      const LabTheme  *theme);
/* The same drawing, with the static part (background, frames, titles, legends and the layers
 * not marked dynamic) kept in @cache and reused while unchanged: same size, theme, view, limits
 * and static content. A moving threshold or a hover redraw then draws only the dynamic layers.
 * Used for untransformed pixel targets only (a widget); otherwise draws in full. Returns TRUE
 * when the cached part was reused. */
typedef struct _LabRenderCache LabRenderCache;
LabRenderCache *lab_render_cache_new     (void);
void            lab_render_cache_free    (LabRenderCache *cache);
/* Pixels per user unit of the cached image when the target cannot tell (a GTK recording
 * surface replayed on a HiDPI window): the widget's scale factor. */
void            lab_render_cache_set_scale (LabRenderCache *cache, double scale);
gboolean        lab_figure_render_cached (LabFigure       *self,
                                          cairo_t         *cr,
                                          double           width,
                                          double           height,
                                          const LabTheme  *theme,
                                          LabRenderCache  *cache);
/* The axes whose plot rectangle contains (px, py) in the last render, or NULL. */
LabAxes     *lab_figure_pick_axes    (LabFigure *self, double px, double py);

/* ---- axes ----
 * Defaults: linear scales, automatic limits, grid on, frame on, legend off.
 * Titles, axis labels and layer labels are Pango markup (text that is not valid
 * markup is shown as typed). */
void         lab_axes_set_title      (LabAxes *ax, const char *markup);
void         lab_axes_set_xlabel     (LabAxes *ax, const char *markup);
void         lab_axes_set_ylabel     (LabAxes *ax, const char *markup);
void         lab_axes_set_xscale     (LabAxes *ax, LabScale scale);
void         lab_axes_set_yscale     (LabAxes *ax, LabScale scale);
/* Data limits; NaN for either end means "automatic from the layers" (with 5 % margin). */
void         lab_axes_set_xlim       (LabAxes *ax, double lo, double hi);
void         lab_axes_set_ylim       (LabAxes *ax, double lo, double hi);
void         lab_axes_get_xlim       (LabAxes *ax, double *lo, double *hi);  /* effective, after a render or autoscale */
void         lab_axes_get_ylim       (LabAxes *ax, double *lo, double *hi);
void         lab_axes_set_grid       (LabAxes *ax, gboolean grid);
void         lab_axes_set_equal_aspect (LabAxes *ax, gboolean equal);
void         lab_axes_set_legend     (LabAxes *ax, gboolean legend);       /* placed where it hides least data */
/* Hide the whole axes frame and ticks (for a matrix/table cell or an empty cell). */
void         lab_axes_set_frame      (LabAxes *ax, gboolean frame);
/* Category tick labels instead of numbers (NULL-terminated, at 0, 1, 2, …). */
void         lab_axes_set_xcategories (LabAxes *ax, const char * const *labels);
void         lab_axes_set_ycategories (LabAxes *ax, const char * const *labels);
/* The category nearest data coordinate @v (labels sit at 0, 1, 2, …), or NULL when the axis
 * has none or @v is more than half a step outside them. Markup as given. */
const char  *lab_axes_get_xcategory  (LabAxes *ax, double v);
const char  *lab_axes_get_ycategory  (LabAxes *ax, double v);
/* A zoom/pan view overriding the limits (used by the plot view); NaN clears it. */
void         lab_axes_set_view       (LabAxes *ax, double x0, double x1, double y0, double y1);
gboolean     lab_axes_has_view       (LabAxes *ax);
/* The plot rectangle of the last render, in the figure's user units. */
void         lab_axes_get_rect       (LabAxes *ax, double *x, double *y, double *w, double *h);
/* Transforms between pixels (of the last render) and data coordinates. */
void         lab_axes_pixel_to_data  (LabAxes *ax, double px, double py, double *x, double *y);
void         lab_axes_data_to_pixel  (LabAxes *ax, double x, double y, double *px, double *py);
/* Nearest data point of any visible layer with a label within @radius px; returns FALSE if none.
 * Fills the layer and the point index within it. */
gboolean     lab_axes_nearest_point  (LabAxes *ax, double px, double py, double radius,
                                      LabLayer **layer, gsize *index, double *x, double *y);
/* A small integer the topic chooses to recognise its axes in clicks (default: the index). */
void         lab_axes_set_tag        (LabAxes *ax, int tag);
int          lab_axes_get_tag        (LabAxes *ax);

/* ---- layers: data are copied; @label (may be NULL) names the layer in the legend and CSV ----
 * A NULL style takes the next palette slot of the axes (lines, scatters, bands, bars), the
 * muted colour dashed (hline, vline, abline), the foreground (text, arrows) or the accent
 * (markers). NaN breaks a line or band. */
LabLayer    *lab_axes_add_line       (LabAxes *ax, const char *label, const double *x, const double *y,
                                      gsize n, const LabStyle *style);
/* Post-steps: y[i] holds from x[i] to x[i+1] (where="post"). */
LabLayer    *lab_axes_add_step       (LabAxes *ax, const char *label, const double *x, const double *y,
                                      gsize n, const LabStyle *style);
/* @colors may be NULL (all in style->color) or n explicit colours. Large n becomes a density raster. */
LabLayer    *lab_axes_add_scatter    (LabAxes *ax, const char *label, const double *x, const double *y,
                                      const LabColor *colors, gsize n, const LabStyle *style);
/* Filled area between ylo and yhi over x (a ±sd band, a shaded region). */
LabLayer    *lab_axes_add_band       (LabAxes *ax, const char *label, const double *x, const double *ylo,
                                      const double *yhi, gsize n, const LabStyle *style);
/* Bars of given @edges (n + 1 bin edges) and @heights (n); a histogram. */
LabLayer    *lab_axes_add_bars       (LabAxes *ax, const char *label, const double *edges,
                                      const double *heights, gsize n, const LabStyle *style);
/* Row-major @values[ny][nx] covering [x0, x1] × [y0, y1]; row 0 at y0. NaN cells are transparent.
 * A colour bar labelled @cbar_label is drawn beside the axes when @cbar_label is not NULL. */
LabLayer    *lab_axes_add_heatmap    (LabAxes *ax, const double *values, gsize nx, gsize ny,
                                      double x0, double x1, double y0, double y1,
                                      LabColormapId cmap, double vmin, double vmax,
                                      const char *cbar_label);
/* A class map (decision regions): the grid of the heatmap, each cell painted in the palette
 * colour @classes[j·nx + i] (a slot; LAB_CLASS_MAP_NONE: nothing) at opacity @opacity[j·nx + i]
 * in [0, 1] (NaN: nothing), so a classifier's confidence shows as the strength of its class's
 * colour. The colours follow the theme. */
#define LAB_CLASS_MAP_NONE 255
LabLayer    *lab_axes_add_class_map  (LabAxes *ax, const guint8 *classes, const double *opacity,
                                      gsize nx, gsize ny, double x0, double x1, double y0, double y1);
/* Contour lines of a grid as for the heatmap at the given levels; @filled fills between levels.
 * Grid values sit at the cell centres, as the heatmap draws them. Filled: the region above
 * each level is painted in the map's colour for that level (below the first level stays
 * empty), with faint lines on top. Lines take @style's colour when it is not a palette
 * slot (an explicit or semantic colour; LAB_COLOR_NONE: no lines), else the map's colours.
 * @style may be NULL. */
LabLayer    *lab_axes_add_contour    (LabAxes *ax, const double *values, gsize nx, gsize ny,
                                      double x0, double x1, double y0, double y1,
                                      const double *levels, gsize n_levels, gboolean filled,
                                      LabColormapId cmap, const LabStyle *style);
LabLayer    *lab_axes_add_arrow      (LabAxes *ax, double x0, double y0, double x1, double y1,
                                      const LabStyle *style);
/* Reference lines across the whole axes. */
LabLayer    *lab_axes_add_hline      (LabAxes *ax, const char *label, double y, const LabStyle *style);
LabLayer    *lab_axes_add_vline      (LabAxes *ax, const char *label, double x, const LabStyle *style);
/* An infinite line through (x0, y0) with slope (a chance diagonal, an iso-cost line). */
LabLayer    *lab_axes_add_abline     (LabAxes *ax, const char *label, double x0, double y0, double slope,
                                      const LabStyle *style);
/* Pango markup at a data position (or, with @axes_fraction, at a fraction of the axes box,
 * (0, 0) bottom left). */
LabLayer    *lab_axes_add_text       (LabAxes *ax, double x, double y, const char *markup,
                                      LabAnchor anchor, gboolean axes_fraction, const LabStyle *style);
/* One emphasised marker (an operating point, a start point). */
LabLayer    *lab_axes_add_marker     (LabAxes *ax, const char *label, double x, double y,
                                      const LabStyle *style);

void         lab_layer_set_visible   (LabLayer *layer, gboolean visible);
const char  *lab_layer_get_label     (LabLayer *layer);
/* Layers are static by default (cached between redraws); a moving layer is redrawn each time. */
void         lab_layer_set_dynamic   (LabLayer *layer, gboolean dynamic);
/* A text that would overlap another annotation wherever it is moved is left out, rather
 * than drawn over it (labels of a dense diagram in a small figure). */
void         lab_layer_set_droppable (LabLayer *layer, gboolean droppable);

/* ---- exports (lab-export.c) ---- */
typedef enum
{
  LAB_EXPORT_PNG,
  LAB_EXPORT_SVG,
  LAB_EXPORT_PDF,
} LabExportFormat;

/* From a file name's extension; FALSE if it is none of .png .svg .pdf. */
gboolean     lab_export_format_from_path (const char *path, LabExportFormat *format);

/* Writes the figure atomically: PNG exactly (width·scale) × (height·scale) pixels, SVG/PDF
 * width × height points; embeds the figure's metadata. On failure (a G_IO_ERROR naming the
 * path: G_IO_ERROR_INVALID_ARGUMENT for a size outside 1–20000, G_IO_ERROR_NOT_FOUND for a
 * missing folder, …) an existing file is left byte-identical. */
gboolean     lab_figure_export       (LabFigure       *self,
                                      const char      *path,
                                      LabExportFormat  format,
                                      int              width,
                                      int              height,
                                      double           scale,
                                      const LabTheme  *theme,
                                      GError         **error);
/* lab_figure_export on a worker thread (a large vector figure takes hundreds of milliseconds:
 * the window's main loop keeps turning); @callback runs in the caller's main context. A figure
 * keeps its layout while it is drawn, so it must not be drawn elsewhere meanwhile: hand it one
 * of its own (the window builds a fresh one from the result shown). @theme must outlive the
 * export (lab_theme_light/dark are static). */
void         lab_figure_export_async  (LabFigure           *self,
                                       const char          *path,
                                       LabExportFormat      format,
                                       int                  width,
                                       int                  height,
                                       double               scale,
                                       const LabTheme      *theme,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean     lab_figure_export_finish (GAsyncResult        *result,
                                       GError             **error);
/* The data of every labelled layer as CSV (axes, layer, x, y[, y2]); locale-independent. */
gboolean     lab_figure_export_csv   (LabFigure *self, const char *path, GError **error);
char        *lab_figure_to_csv       (LabFigure *self);
/* PNG bytes in memory (for the clipboard). */
GBytes      *lab_figure_to_png_bytes (LabFigure *self, int width, int height, double scale,
                                      const LabTheme *theme, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabFigure, lab_figure_unref)

G_END_DECLS
