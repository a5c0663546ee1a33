/* scalyragent.h: the umbrella header of libscalyragent, the monitoring
 * daemon built on libscalyrmon
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>

#define SCALYRAGENT_INSIDE

#include "scalyr-agent-config.h"
#include "scalyr-monitor-manager.h"
#include "scalyr-agent-service.h"
#include "scalyr-agent.h"
#include "scalyr-agent-check.h"
#include "scalyr-agent-health.h"
#include "scalyr-agent-metrics.h"

#undef SCALYRAGENT_INSIDE
