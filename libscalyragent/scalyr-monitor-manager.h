/* scalyr-monitor-manager.h: runs the monitors of an agent configuration
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRAGENT_INSIDE) && !defined(SCALYRAGENT_COMPILATION)
#error "Only <scalyragent.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <scalyrmon.h>
#include "scalyr-agent-config.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_MONITOR_MANAGER (scalyr_monitor_manager_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrMonitorManager, scalyr_monitor_manager, SCALYR, MONITOR_MANAGER, GObject)

SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorManager *scalyr_monitor_manager_new       (ScalyrAgentLogger    *agent_logger);
SCALYR_AVAILABLE_IN_0_1
guint       scalyr_monitor_manager_get_stop_timeout    (ScalyrMonitorManager *self);
SCALYR_AVAILABLE_IN_0_1
void        scalyr_monitor_manager_set_stop_timeout    (ScalyrMonitorManager *self,
                                                        guint                 timeout_ms);
SCALYR_AVAILABLE_IN_0_2
guint       scalyr_monitor_manager_get_load_timeout    (ScalyrMonitorManager *self);
SCALYR_AVAILABLE_IN_0_2
void        scalyr_monitor_manager_set_load_timeout    (ScalyrMonitorManager *self,
                                                        guint                 timeout_ms);
SCALYR_AVAILABLE_IN_0_2
guint       scalyr_monitor_manager_check_loads         (ScalyrMonitorManager *self);
SCALYR_AVAILABLE_IN_0_1
void        scalyr_monitor_manager_apply               (ScalyrMonitorManager *self,
                                                        ScalyrAgentConfig    *config);
SCALYR_AVAILABLE_IN_0_1
guint       scalyr_monitor_manager_stop_all            (ScalyrMonitorManager *self);
SCALYR_AVAILABLE_IN_0_1
void        scalyr_monitor_manager_set_debug_level     (ScalyrMonitorManager *self,
                                                        guint                 debug_level);
SCALYR_AVAILABLE_IN_0_1
guint       scalyr_monitor_manager_get_n_monitors      (ScalyrMonitorManager *self);
SCALYR_AVAILABLE_IN_0_1
JsonNode   *scalyr_monitor_manager_dup_status          (ScalyrMonitorManager *self);
SCALYR_AVAILABLE_IN_0_1
char       *scalyr_monitor_manager_dup_fatal_failure   (ScalyrMonitorManager *self);
SCALYR_AVAILABLE_IN_0_1
void        scalyr_monitor_manager_flush               (ScalyrMonitorManager *self);

SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorRegistry *scalyr_monitor_manager_new_registry (ScalyrAgentConfig *config);
SCALYR_AVAILABLE_IN_0_1
char      **scalyr_monitor_manager_assign_ids          (JsonArray            *monitors);
SCALYR_AVAILABLE_IN_0_1
gboolean    scalyr_monitor_manager_check_config        (ScalyrAgentConfig    *config,
                                                        GError              **error);

SCALYR_AVAILABLE_IN_0_4
JsonNode             *scalyr_monitor_manager_dup_metrics  (ScalyrMonitorManager *self);

G_END_DECLS
