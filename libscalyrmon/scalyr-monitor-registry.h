/* scalyr-monitor-registry.h: finds monitor modules by name
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include "scalyr-version.h"
#include "scalyr-monitor.h"
#include "scalyr-monitor-loader.h"
#include "scalyr-monitor-module.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_MONITOR_REGISTRY (scalyr_monitor_registry_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrMonitorRegistry, scalyr_monitor_registry, SCALYR, MONITOR_REGISTRY, GObject)

SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorRegistry *scalyr_monitor_registry_new      (void);
SCALYR_AVAILABLE_IN_0_1
void         scalyr_monitor_registry_add_search_path     (ScalyrMonitorRegistry *self,
                                                          const char            *directory);
SCALYR_AVAILABLE_IN_0_1
void         scalyr_monitor_registry_add_search_paths    (ScalyrMonitorRegistry *self,
                                                          const char            *path_list);
SCALYR_AVAILABLE_IN_0_1
char       **scalyr_monitor_registry_dup_search_path     (ScalyrMonitorRegistry *self);
SCALYR_AVAILABLE_IN_0_1
void         scalyr_monitor_registry_register_builtin    (ScalyrMonitorRegistry *self,
                                                          const char            *name,
                                                          GType                  monitor_type);
SCALYR_AVAILABLE_IN_0_1
void         scalyr_monitor_registry_add_loader          (ScalyrMonitorRegistry *self,
                                                          ScalyrMonitorLoader   *loader);
SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorModule *scalyr_monitor_registry_lookup      (ScalyrMonitorRegistry *self,
                                                          const char            *module_name,
                                                          GError               **error);
SCALYR_AVAILABLE_IN_0_2
char        *scalyr_monitor_registry_dup_language        (ScalyrMonitorRegistry *self,
                                                          const char            *module_name);
SCALYR_AVAILABLE_IN_0_1
ScalyrMonitor *scalyr_monitor_registry_create_monitor    (ScalyrMonitorRegistry *self,
                                                          JsonObject            *entry,
                                                          ScalyrAgentLogger     *logger,
                                                          double                 sample_interval,
                                                          GError               **error);

SCALYR_AVAILABLE_IN_0_3
char       **scalyr_monitor_registry_list_modules        (ScalyrMonitorRegistry *self);
SCALYR_AVAILABLE_IN_0_3
JsonNode    *scalyr_monitor_registry_describe_modules    (ScalyrMonitorRegistry *self,
                                                          double                 load_timeout);

G_END_DECLS
