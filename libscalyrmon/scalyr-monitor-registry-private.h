/* scalyr-monitor-registry-private.h: what the registry's files share
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor-registry.h"

G_BEGIN_DECLS

/* The names given to scalyr_monitor_registry_register_builtin() */
char **scalyr_monitor_registry_dup_builtin_names (ScalyrMonitorRegistry *self);

G_END_DECLS
