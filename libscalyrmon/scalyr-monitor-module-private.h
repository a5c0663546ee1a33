/* scalyr-monitor-module-private.h
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor-module.h"

G_BEGIN_DECLS

ScalyrMonitorModule *scalyr_monitor_module_new (const char *name,
                                                const char *path,
                                                const char *language,
                                                GType       monitor_type);

void scalyr_monitor_module_set_replaces (ScalyrMonitorModule *self,
                                         const char          *path);

G_END_DECLS
