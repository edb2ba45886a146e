/* lab-layer-table.c — the class of each layer kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lab-layer-table.h"

static const LabLayerClass *const classes[] =
{
  [LAB_LAYER_LINE]    = &_lab_layer_line_class,
  [LAB_LAYER_STEP]    = &_lab_layer_line_class,
  [LAB_LAYER_SCATTER] = &_lab_layer_scatter_class,
  [LAB_LAYER_BAND]    = &_lab_layer_band_class,
  [LAB_LAYER_BARS]    = &_lab_layer_bars_class,
  [LAB_LAYER_HEATMAP] = &_lab_layer_heatmap_class,
  [LAB_LAYER_CONTOUR] = &_lab_layer_contour_class,
  [LAB_LAYER_ARROW]   = &_lab_layer_arrow_class,
  [LAB_LAYER_HLINE]   = &_lab_layer_ref_line_class,
  [LAB_LAYER_VLINE]   = &_lab_layer_ref_line_class,
  [LAB_LAYER_ABLINE]  = &_lab_layer_ref_line_class,
  [LAB_LAYER_TEXT]    = &_lab_layer_text_class,
  [LAB_LAYER_MARKER]  = &_lab_layer_marker_class,
};

/* Every kind has its class. */
G_STATIC_ASSERT (G_N_ELEMENTS (classes) == LAB_LAYER_MARKER + 1);

const LabLayerClass *
_lab_layer_class (const LabLayer *layer)
{
  return classes[layer->kind];
}
