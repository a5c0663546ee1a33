/* scalyr-linux-process-metrics.h: the builtin linux_process_metrics
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>

G_BEGIN_DECLS

#define SCALYR_TYPE_LINUX_PROCESS_METRICS (scalyr_linux_process_metrics_get_type ())
G_DECLARE_FINAL_TYPE (ScalyrLinuxProcessMetrics, scalyr_linux_process_metrics, SCALYR, LINUX_PROCESS_METRICS,
                      ScalyrMonitor)

G_END_DECLS
