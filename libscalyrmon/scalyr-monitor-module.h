/* scalyr-monitor-module.h: a monitor module found by the registry
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_MONITOR_MODULE (scalyr_monitor_module_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrMonitorModule, scalyr_monitor_module, SCALYR, MONITOR_MODULE, GObject)

SCALYR_AVAILABLE_IN_0_1
const char *scalyr_monitor_module_get_name         (ScalyrMonitorModule *self);
SCALYR_AVAILABLE_IN_0_1
const char *scalyr_monitor_module_get_short_name   (ScalyrMonitorModule *self);
SCALYR_AVAILABLE_IN_0_1
const char *scalyr_monitor_module_get_path         (ScalyrMonitorModule *self);
SCALYR_AVAILABLE_IN_0_1
const char *scalyr_monitor_module_get_language     (ScalyrMonitorModule *self);
SCALYR_AVAILABLE_IN_0_1
GType       scalyr_monitor_module_get_monitor_type (ScalyrMonitorModule *self);
SCALYR_AVAILABLE_IN_0_1
char       *scalyr_monitor_module_describe         (ScalyrMonitorModule *self);

SCALYR_AVAILABLE_IN_0_2
const char *scalyr_monitor_module_short_name       (const char          *module_name);

G_END_DECLS
