/* lab-colormap.c — perceptual colour maps
 *
 * Viridis and magma (van der Walt & Smith, 2015) are given here as
 * least-squares Chebyshev fits of degree 15 (on t ∈ [0, 1] mapped to
 * x = 2t − 1) to 33 samples of their published definitions; the fit stays
 * within 1/255 of the published colours in every channel. The diverging and
 * the blue sequential maps are defined directly in Oklab: lightness varies
 * linearly with t, so equal steps in value read as equal steps in colour.
 *
 * Each map is tabulated once into 256 entries and interpolated linearly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lab-colormap.h"

#define LUT_SIZE 256
#define N_COEFS  16

static const double viridis_coefs[3][N_COEFS] = {
  { 0.408798657, 0.298242795, 0.255190214, 0.080163197, -0.0329752803, -0.0197123546, -0.0016449431,
    0.00655392059, 0.00215860046, -0.00362970864, -0.00143517092, 0.00183924135, 0.000843667164,
    -0.000610466302, -0.000811824164, 0.000275171653 },
  { 0.518802531, 0.454516846, -0.0572202259, -0.00498183352, -0.00835348474, 0.000661005217,
    0.00220664922, 0.000802331582, -0.000318970541, 0.000121117517, 0.00013576686, -0.000255120608,
    0.000171136613, -0.000161439157, 9.18792429e-05, -6.13652944e-05 },
  { 0.37592211, -0.146552651, -0.170596615, 0.0212861756, 0.014879657, 0.0289159012, 0.0147093649,
    0.00490213548, 0.004141803, 0.00114799763, -0.000726931538, -0.00107068359, -0.00110259751,
    -0.000975286426, -0.000550203366, -0.000392668041 },
};

static const double magma_coefs[3][N_COEFS] = {
  { 0.590843009, 0.5511557, -0.118555562, -0.0620825027, 0.0163807552, 0.00768782773, 0.00740937927,
    -0.00556789548, -0.00368922392, 0.00207104184, 0.00146096782, -0.000380042047, 0.00016388783,
    -0.000793809318, 0.000246425578, 0.000704973359 },
  { 0.370273498, 0.479920478, 0.144669618, 0.0202440195, -0.0189264308, -0.0075604106, -0.00298122744,
    0.00790627766, 0.00474647117, -0.00748323085, 0.00108774003, 0.00109351824, -0.00130663878,
    0.00201463602, -0.00161653619, -0.000648865771 },
  { 0.413842571, 0.246330556, -0.0441914321, 0.153649036, 0.00628160421, -0.0270744398,
    0.000100828985, -0.00723695191, 0.00749180307, 0.00533957863, -0.00563324353, -0.0007996644,
    0.00151091039, -0.00125458956, 0.00228575529, -0.0011358204 },
};

static float luts[4][LUT_SIZE][3];

/* Clenshaw's recurrence for Σ c_k T_k(x). */
static double
chebyshev (const double *c,
           double        t)
{
  double x = 2.0 * t - 1.0;
  double b1 = 0.0, b2 = 0.0;

  for (int k = N_COEFS - 1; k >= 1; k--)
    {
      double b0 = 2.0 * x * b1 - b2 + c[k];

      b2 = b1;
      b1 = b0;
    }
  return x * b1 - b2 + c[0];
}

static double
srgb_encode (double v)
{
  if (v <= 0.0)
    return 0.0;
  if (v <= 0.0031308)
    return 12.92 * v;
  return MIN (1.0, 1.055 * pow (v, 1.0 / 2.4) - 0.055);
}

static void
oklab_to_srgb (double  L,
               double  a,
               double  b,
               float  *rgb)
{
  double l_ = L + 0.3963377774 * a + 0.2158037573 * b;
  double m_ = L - 0.1055613458 * a - 0.0638541728 * b;
  double s_ = L - 0.0894841775 * a - 1.2914855480 * b;
  double l = l_ * l_ * l_, m = m_ * m_ * m_, s = s_ * s_ * s_;

  rgb[0] = srgb_encode (4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s);
  rgb[1] = srgb_encode (-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s);
  rgb[2] = srgb_encode (-0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s);
}

/* Blue (hue 255°) below 0.5, red (hue 28°) above; white-grey in the middle. */
static void
diverging (double  t,
           float  *rgb)
{
  double s = fabs (t - 0.5) * 2.0;
  double L = 0.97 - (0.97 - 0.42) * s;
  double C = 0.145 * pow (s, 0.75);
  double h = (t < 0.5 ? 255.0 : 28.0) * G_PI / 180.0;

  oklab_to_srgb (L, C * cos (h), C * sin (h), rgb);
}

static void
blues (double  t,
       float  *rgb)
{
  double L = 0.98 - 0.62 * t;
  double C = 0.01 + 0.12 * pow (t, 0.8);
  double h = 252.0 * G_PI / 180.0;

  oklab_to_srgb (L, C * cos (h), C * sin (h), rgb);
}

static void
init_luts (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;

  for (int i = 0; i < LUT_SIZE; i++)
    {
      double t = i / (double) (LUT_SIZE - 1);

      for (int ch = 0; ch < 3; ch++)
        {
          luts[LAB_COLORMAP_VIRIDIS][i][ch] = CLAMP (chebyshev (viridis_coefs[ch], t), 0.0, 1.0);
          luts[LAB_COLORMAP_MAGMA][i][ch] = CLAMP (chebyshev (magma_coefs[ch], t), 0.0, 1.0);
        }
      diverging (t, luts[LAB_COLORMAP_DIVERGING][i]);
      blues (t, luts[LAB_COLORMAP_BLUES][i]);
    }

  g_once_init_leave (&done, 1);
}

LabRGBA
lab_colormap_eval (LabColormapId id,
                   double        t)
{
  LabRGBA out = { 0, 0, 0, 0 };
  const float (*lut)[3];
  double pos, frac;
  int i;

  if (isnan (t))
    return out;
  if ((guint) id > LAB_COLORMAP_BLUES)
    id = LAB_COLORMAP_VIRIDIS;

  init_luts ();
  lut = luts[id];
  t = CLAMP (t, 0.0, 1.0);
  pos = t * (LUT_SIZE - 1);
  i = MIN ((int) pos, LUT_SIZE - 2);
  frac = pos - i;

  out.r = lut[i][0] + frac * (lut[i + 1][0] - lut[i][0]);
  out.g = lut[i][1] + frac * (lut[i + 1][1] - lut[i][1]);
  out.b = lut[i][2] + frac * (lut[i + 1][2] - lut[i][2]);
  out.a = 1.0;
  return out;
}

static double
linear_channel (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

LabRGBA
lab_colormap_text_color (LabColormapId id,
                         double        t)
{
  static const LabRGBA dark = { 0.12, 0.14, 0.16, 1.0 }, light = { 1.0, 1.0, 1.0, 1.0 };
  LabRGBA c = lab_colormap_eval (id, isnan (t) ? 0.0 : t);
  double y = 0.2126 * linear_channel (c.r) + 0.7152 * linear_channel (c.g) + 0.0722 * linear_channel (c.b);
  double y_dark = 0.2126 * linear_channel (dark.r) + 0.7152 * linear_channel (dark.g)
                  + 0.0722 * linear_channel (dark.b);

  /* WCAG contrast ratios against white and against the dark text colour. */
  return (1.05 / (y + 0.05)) >= ((y + 0.05) / (y_dark + 0.05)) ? light : dark;
}
