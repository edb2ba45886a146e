/* lab-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LAB_TYPE_APPLICATION (lab_application_get_type ())
G_DECLARE_FINAL_TYPE (LabApplication, lab_application, LAB, APPLICATION, AdwApplication)

LabApplication *lab_application_new (void);
/* Before GTK starts: the renderer for this machine, the allocator's settings (see the .c). */
void            lab_application_prepare_environment (void);

G_END_DECLS
