/* lab-layer-table.h — the class of each layer kind
 *
 * lab-figure.c's one way into the layers: it draws, samples and picks a
 * layer through _lab_layer_class (layer)->…; see LabLayerClass in lab-layer.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lab-layer.h"

G_BEGIN_DECLS

const LabLayerClass *_lab_layer_class (const LabLayer *layer);

G_END_DECLS
