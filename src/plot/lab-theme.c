/* lab-theme.c — colours of a figure for light and dark styles
 *
 * The categorical palette is Okabe & Ito's (2008) colour-universal-design
 * set, reordered so that the first slots are the most distinct on white and
 * the low-contrast yellow comes late. For dark backgrounds every colour is
 * lightened so that thin lines keep their contrast against #1e1e1e.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-theme.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, alpha) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, (alpha) }

static const LabTheme light_theme = {
  .dark = FALSE,
  .background = RGB (0xffffff),
  .foreground = RGB (0x1f2328),
  .muted = RGB (0x8a8f98),
  .grid = RGBA (0x1f2328, 0.09),
  .accent = RGB (0x3584e4),
  .palette = {
    RGB (0x0072b2),   /* blue */
    RGB (0xe69f00),   /* orange */
    RGB (0x009e73),   /* bluish green */
    RGB (0xd55e00),   /* vermillion */
    RGB (0xcc79a7),   /* reddish purple */
    RGB (0x56b4e9),   /* sky blue */
    RGB (0xc9b200),   /* yellow, darkened for white */
    RGB (0x333333),   /* black, softened */
  },
  .font_family = NULL,
  .font_size = 10.0,
};

static const LabTheme dark_theme = {
  .dark = TRUE,
  .background = RGB (0x1e1e1e),
  .foreground = RGB (0xeeeeee),
  .muted = RGB (0x8f949c),
  .grid = RGBA (0xffffff, 0.10),
  .accent = RGB (0x78aeed),
  .palette = {
    RGB (0x4ba3e3),   /* blue, lightened */
    RGB (0xf5b731),   /* orange */
    RGB (0x2ecc9a),   /* bluish green */
    RGB (0xff7f3f),   /* vermillion */
    RGB (0xe49ac3),   /* reddish purple */
    RGB (0x8ccff5),   /* sky blue */
    RGB (0xf0e442),   /* yellow */
    RGB (0xd0d0d0),   /* "black" becomes light grey */
  },
  .font_family = NULL,
  .font_size = 10.0,
};

LabColor
lab_color_palette (guint slot)
{
  return lab_color_palette_alpha (slot, 1.0);
}

LabColor
lab_color_palette_alpha (guint  slot,
                         double alpha)
{
  /* .a = 0 means opaque (a zeroed LabColor); an explicit alpha of 0 is kept
   * as −1: transparent. */
  LabColor c = { LAB_COLOR_PALETTE, slot, { 0, 0, 0, alpha > 0 ? alpha : -1.0 } };

  return c;
}

LabColor
lab_color_semantic (LabColorKind kind,
                    double       alpha)
{
  LabColor c = { kind, 0, { 0, 0, 0, alpha > 0 ? alpha : -1.0 } };

  return c;
}

LabColor
lab_color_rgba (double r,
                double g,
                double b,
                double a)
{
  LabColor c = { LAB_COLOR_EXPLICIT, 0, { r, g, b, a } };

  return c;
}

const LabTheme *
lab_theme_light (void)
{
  return &light_theme;
}

const LabTheme *
lab_theme_dark (void)
{
  return &dark_theme;
}

LabTheme *
lab_theme_copy_with_accent (const LabTheme *base,
                            const LabRGBA  *accent)
{
  LabTheme *copy;

  g_return_val_if_fail (base != NULL, NULL);

  copy = g_new (LabTheme, 1);
  *copy = *base;
  copy->font_family = g_strdup (base->font_family);
  if (accent != NULL)
    copy->accent = *accent;
  return copy;
}

void
lab_theme_free (LabTheme *theme)
{
  if (theme == NULL)
    return;
  /* The built-ins are static: freeing one is a caller bug, not a crash. */
  g_return_if_fail (theme != &light_theme && theme != &dark_theme);
  g_free (theme->font_family);
  g_free (theme);
}

LabRGBA
lab_theme_resolve (const LabTheme *theme,
                   const LabColor *color)
{
  LabRGBA out = { 0, 0, 0, 0 };
  double alpha;

  if (theme == NULL)
    theme = &light_theme;
  if (color == NULL)
    return theme->foreground;

  /* 0 (a zeroed LabColor) is opaque; negative (an alpha of 0 given to a
   * constructor) is transparent. */
  alpha = color->rgba.a;
  if (alpha == 0.0 || isnan (alpha))
    alpha = 1.0;

  switch (color->kind)
    {
    case LAB_COLOR_PALETTE:
      out = theme->palette[color->slot % LAB_PALETTE_SIZE];
      break;
    case LAB_COLOR_FOREGROUND:
      out = theme->foreground;
      break;
    case LAB_COLOR_MUTED:
      out = theme->muted;
      break;
    case LAB_COLOR_ACCENT:
      out = theme->accent;
      break;
    case LAB_COLOR_EXPLICIT:
      return color->rgba;
    case LAB_COLOR_NONE:
    default:
      return out;
    }

  out.a *= CLAMP (alpha, 0.0, 1.0);
  return out;
}
