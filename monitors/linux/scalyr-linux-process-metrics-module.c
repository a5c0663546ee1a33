/* scalyr-linux-process-metrics-module.c: the entry point of the builtin monitor module
 * `linux_process_metrics` (found by the registry's ordinary search, in the builtin
 * monitor directory)
 * SPDX-License-Identifier: Apache-2.0 */
#include <gmodule.h>
#include "scalyr-linux-process-metrics.h"

SCALYR_DEFINE_MONITOR_MODULE (scalyr_linux_process_metrics_get_type)
