/* scalyr-monitor-module-private.h
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor-module.h"

G_BEGIN_DECLS

ScalyrMonitorModule *scalyr_monitor_module_new (const char *name,
                                                const char *path,
                                                const char *language,
                                                GType       monitor_type);

G_END_DECLS
