/* scalyr-loader-paths-private.h: where an installed language loader finds
 * the installed typelibs
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

G_GNUC_INTERNAL
gboolean scalyr_loader_runs_installed (void);

G_GNUC_INTERNAL
void     scalyr_loader_add_typelib_dir (void);

G_END_DECLS
