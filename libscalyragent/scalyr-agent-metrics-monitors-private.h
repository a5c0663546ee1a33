/* scalyr-agent-metrics-monitors-private.h: the monitors' latest metric
 * values as metric families
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>

#include "scalyr-metrics-set-private.h"

G_BEGIN_DECLS

/* Adds to @set a family per metric name of @monitor_metrics (see
 * scalyr_monitor_manager_dup_metrics()) and a series per value; what
 * would make the exposition invalid is left out and counted in
 * @set->dropped */
void scalyr_agent_metrics_add_monitors (ScalyrMetricSet *set,
                                        JsonNode        *monitor_metrics);

G_END_DECLS
