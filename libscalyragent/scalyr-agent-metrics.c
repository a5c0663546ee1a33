/* scalyr-agent-metrics.c: the exposition of /metrics: the agent's
 * families from its status, then the exported monitors' families, as
 * Prometheus 0.0.4 or OpenMetrics 1.0.0 text
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyragent.h"
#include "scalyr-agent-metrics-monitors-private.h"
#include "scalyr-agent-metrics-status-private.h"
#include "scalyr-metrics-writer-private.h"

/**
 * scalyr_agent_format_metrics:
 * @status: a status object (see scalyr_agent_read_status())
 * @monitor_metrics: (nullable): the exported monitors' latest values (see
 *   scalyr_monitor_manager_dup_metrics())
 * @format: the text format
 *
 * Writes the exposition of /metrics: the agent's own families
 * (`scalyr_agent_*` and `process_*`, listed in the agent overview) from
 * @status, a member it lacks left out, then a family per metric of
 * @monitor_metrics. The text is valid whatever the monitors emit: names
 * and label names are mapped to Prometheus' characters, label values
 * escaped, and a series that would collide with another (a name written
 * by two families, a family name with two types, a series twice) is left
 * out and counted in the gauge `scalyr_agent_openmetrics_conflicting_series`.
 *
 * Returns: (transfer full): the exposition
 *
 * Since: 0.4
 */
char *
scalyr_agent_format_metrics (JsonNode           *status,
                             JsonNode           *monitor_metrics,
                             ScalyrMetricsFormat format)
{
  g_autoptr(ScalyrMetricSet) set = scalyr_metric_set_new ();

  g_return_val_if_fail (status != NULL, NULL);
  scalyr_agent_metrics_add_status (set, status);
  scalyr_agent_metrics_add_monitors (set, monitor_metrics);
  scalyr_metric_family_add_int (scalyr_metric_set_lookup (set, SCALYR_AGENT_METRICS_CONFLICTING), NULL,
                                set->dropped);
  return scalyr_metric_set_to_text (set, format == SCALYR_METRICS_FORMAT_OPENMETRICS);
}
