/* lab-colormap.h — perceptual colour maps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-theme.h"

G_BEGIN_DECLS

typedef enum
{
  LAB_COLORMAP_VIRIDIS,
  LAB_COLORMAP_MAGMA,
  LAB_COLORMAP_DIVERGING,   /* blue – white/neutral – red for signed values */
  LAB_COLORMAP_BLUES,       /* a sequential single-hue ramp (confusion matrices) */
} LabColormapId;

/* @t in [0, 1] (clamped); NaN → transparent. */
LabRGBA lab_colormap_eval (LabColormapId id, double t);
/* Near-black or white, whichever reads better on lab_colormap_eval (@id, @t):
 * for numbers printed on heatmap cells (a confusion matrix). */
LabRGBA lab_colormap_text_color (LabColormapId id, double t);

G_END_DECLS
