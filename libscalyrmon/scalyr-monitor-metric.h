/* scalyr-monitor-metric.h: documentation of a metric or log field a monitor emits
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_MONITOR_METRIC (scalyr_monitor_metric_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrMonitorMetric, scalyr_monitor_metric, SCALYR, MONITOR_METRIC, GObject)

SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorMetric *scalyr_monitor_metric_new           (const char *name,
                                                          const char *description);
SCALYR_AVAILABLE_IN_0_1
ScalyrMonitorMetric *scalyr_monitor_metric_new_log_field (const char *name,
                                                          const char *description);
SCALYR_AVAILABLE_IN_0_1
const char         *scalyr_monitor_metric_get_name         (ScalyrMonitorMetric *self);
SCALYR_AVAILABLE_IN_0_1
const char         *scalyr_monitor_metric_get_description  (ScalyrMonitorMetric *self);
SCALYR_AVAILABLE_IN_0_1
gboolean            scalyr_monitor_metric_get_is_log_field (ScalyrMonitorMetric *self);
SCALYR_AVAILABLE_IN_0_1
const char         *scalyr_monitor_metric_get_unit         (ScalyrMonitorMetric *self);
SCALYR_AVAILABLE_IN_0_1
void                scalyr_monitor_metric_set_unit         (ScalyrMonitorMetric *self,
                                                            const char          *unit);
SCALYR_AVAILABLE_IN_0_1
gboolean            scalyr_monitor_metric_get_cumulative   (ScalyrMonitorMetric *self);
SCALYR_AVAILABLE_IN_0_1
void                scalyr_monitor_metric_set_cumulative   (ScalyrMonitorMetric *self,
                                                            gboolean             cumulative);
SCALYR_AVAILABLE_IN_0_1
const char * const *scalyr_monitor_metric_get_extra_fields (ScalyrMonitorMetric *self);
SCALYR_AVAILABLE_IN_0_1
void                scalyr_monitor_metric_set_extra_fields (ScalyrMonitorMetric *self,
                                                            const char * const  *extra_fields);
SCALYR_AVAILABLE_IN_0_1
const char         *scalyr_monitor_metric_get_category     (ScalyrMonitorMetric *self);
SCALYR_AVAILABLE_IN_0_1
void                scalyr_monitor_metric_set_category     (ScalyrMonitorMetric *self,
                                                            const char          *category);

G_END_DECLS
