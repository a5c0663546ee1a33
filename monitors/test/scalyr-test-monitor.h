/* scalyr-test-monitor.h: the builtin test_monitor
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>

G_BEGIN_DECLS

#define SCALYR_TYPE_TEST_MONITOR (scalyr_test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (ScalyrTestMonitor, scalyr_test_monitor, SCALYR, TEST_MONITOR, ScalyrMonitor)

G_END_DECLS
