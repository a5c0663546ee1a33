/* scalyr-monitor-fields.h: the fields of a monitor entry against the
 * options its monitor declares
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <json-glib/json-glib.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

SCALYR_AVAILABLE_IN_0_2
gboolean scalyr_monitor_check_entry_fields (GType        monitor_type,
                                            JsonObject  *entry,
                                            const char  *monitor_name,
                                            char       **warning,
                                            GError     **error);

G_END_DECLS
