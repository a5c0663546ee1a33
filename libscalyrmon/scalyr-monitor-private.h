/* scalyr-monitor-private.h: ScalyrMonitor's state, shared by the type
 * (scalyr-monitor.c) and its construction (scalyr-monitor-construct.c)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor.h"
#include "scalyr-monitor-thread-private.h"

G_BEGIN_DECLS

typedef struct
{
  char *module_name;
  char *short_module_name;
  char *monitor_id;
  char *monitor_name;
  ScalyrMonitorConfig *config;
  ScalyrAgentLogger *logger;
  double sample_interval;
  gboolean jitter;
  char *log_path;
  gboolean disabled;

  gint64 write_rate;
  gint64 max_write_burst;
  double flush_delay;

  ScalyrMonitorThread run;   /* its lock also guards sample_interval */
} ScalyrMonitorPrivate;

ScalyrMonitorPrivate *scalyr_monitor_get_private (ScalyrMonitor *self);
/* logs a ScalyrMonitorConfig::warning to the monitor's diagnostic log; it
 * names [scalyr-monitor.c:N] */
void scalyr_monitor_log_config_warning (ScalyrMonitorConfig *config,
                                        const char          *message,
                                        ScalyrMonitor       *self);

G_END_DECLS
