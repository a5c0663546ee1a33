/* scalyr-agent-metrics.c: PLACEHOLDER of issue 16's contract, replaced by
 * the renderer (part H3); nothing here is the real thing yet.
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyragent.h"

/**
 * scalyr_metrics_format_negotiate:
 * @accept: (nullable): the `Accept` header of a scrape
 *
 * Returns: the format to answer in
 *
 * Since: 0.4
 */
ScalyrMetricsFormat
scalyr_metrics_format_negotiate (const char *accept)
{
  (void) accept;
  return SCALYR_METRICS_FORMAT_PROMETHEUS;
}

/**
 * scalyr_metrics_format_get_content_type:
 * @format: a #ScalyrMetricsFormat
 *
 * Returns: the `Content-Type` of @format
 *
 * Since: 0.4
 */
const char *
scalyr_metrics_format_get_content_type (ScalyrMetricsFormat format)
{
  return format == SCALYR_METRICS_FORMAT_OPENMETRICS ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                                     : "text/plain; version=0.0.4; charset=utf-8";
}

/**
 * scalyr_agent_format_metrics:
 * @status: a status object (see scalyr_agent_read_status())
 * @monitor_metrics: (nullable): the exported monitors' latest values (see
 *   scalyr_monitor_manager_dup_metrics())
 * @format: the text format
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
  (void) status;
  (void) monitor_metrics;
  return g_strdup (format == SCALYR_METRICS_FORMAT_OPENMETRICS ? "# EOF\n" : "");
}

/**
 * scalyr_agent_emit_telemetry:
 * @status: a status object
 * @logger: the logger of the agent's telemetry metric log
 *
 * Returns: the number of metric lines written
 *
 * Since: 0.4
 */
guint
scalyr_agent_emit_telemetry (JsonNode          *status,
                             ScalyrAgentLogger *logger)
{
  (void) status;
  (void) logger;
  return 0;
}
