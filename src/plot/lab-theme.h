/* lab-theme.h — colours of a figure for light and dark styles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct { double r, g, b, a; } LabRGBA;

#define LAB_PALETTE_SIZE 8

/* Semantic colours, so that one figure reads well in light and dark. */
typedef enum
{
  LAB_COLOR_PALETTE,     /* .slot indexes the categorical (colour-blind-safe) palette */
  LAB_COLOR_FOREGROUND,  /* text / axis colour */
  LAB_COLOR_MUTED,       /* grey for reference lines, the chance diagonal */
  LAB_COLOR_ACCENT,      /* the style manager's accent: operating points, selections */
  LAB_COLOR_EXPLICIT,    /* .rgba as given */
  LAB_COLOR_NONE,        /* nothing drawn */
} LabColorKind;

typedef struct
{
  LabColorKind kind;
  guint        slot;
  LabRGBA      rgba;     /* explicit colour; for other kinds only .a is used as alpha (0 → 1, so a
                          * zeroed LabColor is opaque; the constructors below store an alpha of 0
                          * as −1, which is fully transparent) */
} LabColor;

LabColor lab_color_palette  (guint slot);
LabColor lab_color_palette_alpha (guint slot, double alpha);
LabColor lab_color_semantic (LabColorKind kind, double alpha);
LabColor lab_color_rgba     (double r, double g, double b, double a);

typedef struct
{
  gboolean dark;
  LabRGBA  background;
  LabRGBA  foreground;
  LabRGBA  muted;
  LabRGBA  grid;
  LabRGBA  accent;
  LabRGBA  palette[LAB_PALETTE_SIZE];
  char    *font_family;   /* NULL → "Sans" */
  double   font_size;     /* points at scale 1; 0 → 10 */
} LabTheme;

/* The built-in light and dark themes (Okabe–Ito palette, adapted for dark). Static, never free. */
const LabTheme *lab_theme_light (void);
const LabTheme *lab_theme_dark  (void);
/* A copy of @base with @accent as accent colour; free with lab_theme_free. */
LabTheme       *lab_theme_copy_with_accent (const LabTheme *base, const LabRGBA *accent);
void            lab_theme_free  (LabTheme *theme);
/* Resolves a semantic colour in a theme. */
LabRGBA         lab_theme_resolve (const LabTheme *theme, const LabColor *color);

G_END_DECLS
