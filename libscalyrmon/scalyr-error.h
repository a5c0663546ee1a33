/* scalyr-error.h: compatibility header; the error domains of libscalyrmon
 * are declared beside their types: %SCALYR_MONITOR_ERROR in
 * scalyr-monitor.h, %SCALYR_JSON_ERROR in scalyr-json-parser.h
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include "scalyr-json-parser.h"
#include "scalyr-monitor.h"
