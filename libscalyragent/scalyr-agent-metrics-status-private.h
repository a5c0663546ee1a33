/* scalyr-agent-metrics-status-private.h: the agent's status as metric
 * families
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>

#include "scalyr-metrics-set-private.h"

G_BEGIN_DECLS

/* the gauge of the series an exposition left out */
#define SCALYR_AGENT_METRICS_CONFLICTING "scalyr_agent_openmetrics_conflicting_series"

/* Adds the agent's families to @set (every one, reserved, even those the
 * status lacks) and their series from @status (a status object, see
 * scalyr_agent_build_status(); members it lacks are left out) */
void scalyr_agent_metrics_add_status (ScalyrMetricSet *set,
                                      JsonNode        *status);

G_END_DECLS
