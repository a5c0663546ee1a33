/* scalyr-error.c: error domains of libscalyrmon
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-error.h"

G_DEFINE_QUARK (scalyr-monitor-error-quark, scalyr_monitor_error)
G_DEFINE_QUARK (scalyr-json-error-quark, scalyr_json_error)
