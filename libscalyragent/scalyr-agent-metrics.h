/* scalyr-agent-metrics.h: the agent's figures in the Prometheus and
 * OpenMetrics text formats, and as the agent's own metric lines
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRAGENT_INSIDE) && !defined(SCALYRAGENT_COMPILATION)
#error "Only <scalyragent.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <scalyrmon.h>

G_BEGIN_DECLS

/**
 * ScalyrMetricsFormat:
 * @SCALYR_METRICS_FORMAT_PROMETHEUS: the Prometheus text format 0.0.4
 *   (`text/plain; version=0.0.4`)
 * @SCALYR_METRICS_FORMAT_OPENMETRICS: the OpenMetrics text format 1.0.0
 *   (`application/openmetrics-text; version=1.0.0`)
 *
 * The text formats of an exposition (see scalyr_agent_format_metrics()).
 *
 * Since: 0.4
 */
typedef enum {
  SCALYR_METRICS_FORMAT_PROMETHEUS,
  SCALYR_METRICS_FORMAT_OPENMETRICS,
} ScalyrMetricsFormat;

SCALYR_AVAILABLE_IN_0_4
ScalyrMetricsFormat scalyr_metrics_format_negotiate        (const char          *accept);
SCALYR_AVAILABLE_IN_0_4
const char         *scalyr_metrics_format_get_content_type (ScalyrMetricsFormat  format);

SCALYR_AVAILABLE_IN_0_4
char               *scalyr_agent_format_metrics            (JsonNode            *status,
                                                            JsonNode            *monitor_metrics,
                                                            ScalyrMetricsFormat  format);
SCALYR_AVAILABLE_IN_0_4
guint               scalyr_agent_emit_telemetry            (JsonNode            *status,
                                                            ScalyrAgentLogger   *logger);

G_END_DECLS
