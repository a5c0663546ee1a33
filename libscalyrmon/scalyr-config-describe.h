/* scalyr-config-describe.h: declarations described for people
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include "scalyr-version.h"
#include "scalyr-monitor-option.h"

G_BEGIN_DECLS

SCALYR_AVAILABLE_IN_0_2
char      *scalyr_config_describe_option       (ScalyrMonitorOption *declaration);
SCALYR_AVAILABLE_IN_0_2
GPtrArray *scalyr_config_dup_monitor_common_options (void);
SCALYR_AVAILABLE_IN_0_2
char      *scalyr_config_suggest_name          (const char          *name,
                                                GPtrArray           *declarations);

G_END_DECLS
