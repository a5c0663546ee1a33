/* scalyr-linux-system-metrics-module.c: the entry point of the builtin monitor module
 * `linux_system_metrics` (found by the registry's ordinary search, in the builtin
 * monitor directory)
 * SPDX-License-Identifier: Apache-2.0 */
#include <gmodule.h>
#include "scalyr-linux-system-metrics.h"

SCALYR_DEFINE_MONITOR_MODULE (scalyr_linux_system_metrics_get_type)
