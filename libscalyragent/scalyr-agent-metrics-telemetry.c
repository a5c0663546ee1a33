/* scalyr-agent-metrics-telemetry.c: the agent's figures as its own metric
 * lines (`agent.*`), from the same families as /metrics
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyragent.h"
#include "scalyr-agent-metrics-status-private.h"

/* A label as an extra field: `monitor` names the line's own monitor in
 * a metric line (a reserved field), so the instance is `monitor_name`. */
static const char *
field_name (const char *label)
{
  return g_str_equal (label, "monitor") ? "monitor_name" : label;
}

static gboolean
emit_sample (ScalyrAgentLogger  *logger,
             ScalyrMetricFamily *family,
             ScalyrMetricSample *sample)
{
  g_autoptr(ScalyrExtraFields) fields = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (sample->pairs[0] != NULL)
    {
      fields = scalyr_extra_fields_new ();
      for (guint i = 0; sample->pairs[i] != NULL; i += 2)
        scalyr_extra_fields_set_string (fields, field_name (sample->pairs[i]), sample->pairs[i + 1]);
    }
  if (sample->is_int)
    ok = scalyr_agent_logger_emit_int (logger, family->telemetry_name, sample->int_value, fields, &error);
  else
    ok = scalyr_agent_logger_emit_double (logger, family->telemetry_name, sample->double_value, fields, &error);
  if (!ok)
    g_debug ("%s: %s", family->telemetry_name, error->message);
  return ok;
}

/**
 * scalyr_agent_emit_telemetry:
 * @status: a status object (see scalyr_agent_read_status())
 * @logger: the logger of the agent's telemetry metric log
 *
 * Writes the agent's figures in @status as metric lines through @logger:
 * the series of /metrics (scalyr_agent_format_metrics()) under the names
 * `agent.*` listed in the agent overview (`agent.monitor.samples` with
 * the extra fields `monitor_name`, `module` and `id`,
 * `agent.upload.requests` with `outcome`, `agent.process.rss_bytes`...).
 * The monitors' own metrics are not written again: they are in their
 * metric logs already.
 *
 * Returns: the number of metric lines written
 *
 * Since: 0.4
 */
guint
scalyr_agent_emit_telemetry (JsonNode          *status,
                             ScalyrAgentLogger *logger)
{
  g_autoptr(ScalyrMetricSet) set = scalyr_metric_set_new ();
  guint lines = 0;

  g_return_val_if_fail (status != NULL, 0);
  g_return_val_if_fail (SCALYR_IS_AGENT_LOGGER (logger), 0);
  scalyr_agent_metrics_add_status (set, status);
  for (guint i = 0; i < set->families->len; i++)
    {
      ScalyrMetricFamily *family = g_ptr_array_index (set->families, i);

      if (family->telemetry_name == NULL)
        continue;
      for (guint j = 0; j < family->samples->len; j++)
        lines += emit_sample (logger, family, g_ptr_array_index (family->samples, j));
    }
  return lines;
}
