/* scalyr-safe-file.h: opening and replacing the files the agent writes,
 * never through a link, never a FIFO or a device
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

SCALYR_AVAILABLE_IN_0_2
int      scalyr_safe_file_open          (const char  *path,
                                         int          flags,
                                         int          mode,
                                         GError     **error);
SCALYR_AVAILABLE_IN_0_2
gboolean scalyr_safe_file_replace       (const char  *path,
                                         const char  *contents,
                                         gssize       length,
                                         int          mode,
                                         gboolean     durable,
                                         GError     **error);
SCALYR_AVAILABLE_IN_0_2
gboolean scalyr_safe_file_check_regular (const char  *path,
                                         GError     **error);

G_END_DECLS
