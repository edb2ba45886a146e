/* lab-draw.h — drawing primitives shared by the figure and every layer kind
 *
 * Styles resolved against the theme, dashes, marker paths and text (Pango
 * markup, measured and drawn). The ground floor of src/plot/: it calls
 * nothing above it. The public lab_style_*() are defined in lab-draw.c too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-plot-private.h"

G_BEGIN_DECLS

LabRGBA   _lab_style_rgba          (LabRender *r, const LabStyle *style, const LabColor *color);
void      _lab_set_source          (cairo_t *cr, LabRGBA c);
void      _lab_apply_dash          (cairo_t *cr, LabDash dash, double lw);
void      _lab_marker_path         (cairo_t *cr, LabMarker marker, double x, double y, double size);
/* A marker of @style at x, y: filled with @fill (unless a cross), stroked with @stroke. */
void      _lab_draw_marker         (LabRender *r, const LabStyle *style, double x, double y,
                                    LabRGBA stroke, LabRGBA fill);
void      _lab_text_size           (LabRender *r, PangoFontDescription *font, const char *text,
                                    gboolean markup, double *w, double *h);
/* The box (x, y, w, h) _lab_text_draw() fills for an unrotated text. */
void      _lab_text_box            (LabRender *r, PangoFontDescription *font, const char *text,
                                    gboolean markup, double x, double y, LabAnchor anchor,
                                    double box[4]);
void      _lab_text_draw           (LabRender *r, PangoFontDescription *font, const char *text,
                                    gboolean markup, double x, double y, LabAnchor anchor,
                                    double angle, LabRGBA color);

G_END_DECLS
