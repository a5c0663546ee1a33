/* scalyr-test-monitor-module.c: the entry point of the builtin monitor module
 * `test_monitor` (found by the registry's ordinary search, in the builtin
 * monitor directory)
 * SPDX-License-Identifier: Apache-2.0 */
#include <gmodule.h>
#include "scalyr-test-monitor.h"

SCALYR_DEFINE_MONITOR_MODULE (scalyr_test_monitor_get_type)
