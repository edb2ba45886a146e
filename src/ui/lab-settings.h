/* lab-settings.h — the app's GSettings, found wherever the app runs from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The io.github.mllab.MLLab settings: from the installed schemas (or GSETTINGS_SCHEMA_DIR);
 * else from the build tree the executable runs in; else from the copy of the compiled
 * schema inside the app's resources, written to the user's cache. Never aborts. */
GSettings *lab_settings_new                (void);
/* The last resort alone (tests). */
GSettings *lab_settings_new_from_resources (void);

G_END_DECLS
