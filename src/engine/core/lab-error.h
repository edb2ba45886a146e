/* lab-error.h — the one error domain of ML Lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LAB_ERROR (lab_error_quark ())

/**
 * LabErrorCode:
 * @LAB_ERROR_USAGE: bad usage: unknown topic or parameter, bad value (CLI exit 1)
 * @LAB_ERROR_DATA: the data cannot be used; message reads "FILE:LINE:COL: …" when a place is known (CLI exit 2)
 * @LAB_ERROR_IO: a file cannot be read or written (CLI exit 2)
 * @LAB_ERROR_NUMERIC: a computation failed (singular system, no convergence…)
 */
typedef enum
{
  LAB_ERROR_USAGE,
  LAB_ERROR_DATA,
  LAB_ERROR_IO,
  LAB_ERROR_NUMERIC,
} LabErrorCode;

GQuark lab_error_quark (void);

G_END_DECLS
