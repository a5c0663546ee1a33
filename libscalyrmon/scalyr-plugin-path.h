/* scalyr-plugin-path.h: where loader and agent service modules are
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

SCALYR_AVAILABLE_IN_0_2
char *scalyr_plugin_path_find (const char  *file_name,
                               char       **searched);

G_END_DECLS
