/* scalyr-linux-system-metrics.h: the builtin linux_system_metrics
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>

G_BEGIN_DECLS

#define SCALYR_TYPE_LINUX_SYSTEM_METRICS (scalyr_linux_system_metrics_get_type ())
G_DECLARE_FINAL_TYPE (ScalyrLinuxSystemMetrics, scalyr_linux_system_metrics, SCALYR, LINUX_SYSTEM_METRICS,
                      ScalyrMonitor)

G_END_DECLS
