/* scalyr-metrics-module.c: the agent service module `libscalyr-metrics-service`
 * SPDX-License-Identifier: Apache-2.0
 *
 * scalyr-agent loads this module (and with it libsoup) only when
 * openmetrics_port is set. */
#include <gmodule.h>
#include "scalyr-metrics-service.h"

SCALYR_DEFINE_AGENT_SERVICE_MODULE (scalyr_metrics_service_get_type)
