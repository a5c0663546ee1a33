/* scalyr-config-env.h: configuration values from the environment
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
char *scalyr_config_lookup_env (ScalyrMonitorOption  *declaration,
                                char                **variable);

G_END_DECLS
