/* scalyr-monitor-manager-metrics.c: the latest metric values of the
 * monitors whose entry sets `openmetrics`: their metric stores, opened
 * here, and the values with their declarations, for /metrics
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-manager-private.h"
#include "scalyr-i18n-private.h"

#define SERIES_TTL_MIN_SECONDS 60.0

gboolean
scalyr_monitor_manager_open_metric_store (ScalyrMonitorManager *self,
                                          Instance             *inst,
                                          GError              **error)
{
  g_auto(GValue) v = G_VALUE_INIT;
  GError *local_error = NULL;
  gint64 max_series;

  g_clear_object (&inst->store);
  scalyr_agent_logger_set_metric_store (inst->logger, NULL);
  if (!scalyr_monitor_manager_entry_setting (inst->monitor, "openmetrics", NULL, &v, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_prefixed_error (error, local_error, _("%s: field \"%s\": "), inst->name, "openmetrics");
      return FALSE;
    }
  if (!g_value_get_boolean (&v))
    return TRUE;
  max_series = scalyr_agent_config_get_int (self->config, "openmetrics_max_series");
  inst->store = scalyr_metric_store_new ((guint) CLAMP (max_series, 1, 100000));
  scalyr_agent_logger_set_metric_store (inst->logger, inst->store);
  return TRUE;
}

guint64
scalyr_monitor_manager_series_dropped (ScalyrMonitorManager *self,
                                       Instance             *inst)
{
  guint64 dropped = inst->store != NULL ? scalyr_metric_store_get_series_dropped (inst->store) : 0;

  if (dropped > 0 && !inst->warned_series_dropped)
    {
      g_autoptr(ScalyrAgentLogger) logger = scalyr_monitor_manager_dup_instance_core_logger (self, inst);

      inst->warned_series_dropped = TRUE;
      scalyr_agent_logger_logf (logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                _("Monitor %s reports more than %u metric series (openmetrics_max_series), or "
                                  "series whose name and extra fields take more than 16 KiB: the values of "
                                  "those are not kept for /metrics (series_dropped in the status). Raise "
                                  "openmetrics_max_series in agent.json, or give the monitor fewer distinct, "
                                  "shorter extra field values"),
                                inst->name, scalyr_metric_store_get_max_series (inst->store));
    }
  return dropped;
}

/* name → its declaration (the first of that name), metrics only */
static GHashTable *
declarations_by_name (ScalyrMonitor *monitor)
{
  g_autoptr(GPtrArray) metrics = scalyr_monitor_list_metrics (G_OBJECT_TYPE (monitor));
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; i < metrics->len; i++)
    {
      ScalyrMonitorMetric *metric = g_ptr_array_index (metrics, i);
      const char *name = scalyr_monitor_metric_get_name (metric);

      if (!scalyr_monitor_metric_get_is_log_field (metric) && !g_hash_table_contains (table, name))
        g_hash_table_insert (table, (gpointer) name, g_object_ref (metric));
    }
  return table;
}

static void
add_instance_metrics (JsonArray *out,
                      Instance  *inst)
{
  g_autoptr(JsonNode) samples = scalyr_metric_store_dup_samples (inst->store);
  g_autoptr(GHashTable) declared = declarations_by_name (inst->monitor);
  JsonArray *array = json_node_get_array (samples);
  const char *monitor = scalyr_monitor_module_short_name (inst->module);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *sample = json_array_get_object_element (array, i);
      const char *name = json_object_get_string_member (sample, "name");
      ScalyrMonitorMetric *metric = g_hash_table_lookup (declared, name);
      const char *unit = metric != NULL ? scalyr_monitor_metric_get_unit (metric) : NULL;
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "monitor", monitor);
      json_object_set_string_member (o, "monitor_id",
                                     json_object_get_string_member_with_default (sample, "monitor_id", inst->id));
      json_object_set_string_member (o, "name", name);
      json_object_set_string_member (o, "type",
                                     metric != NULL && scalyr_monitor_metric_get_cumulative (metric)
                                     ? "counter" : "gauge");
      json_object_set_string_member (o, "help", metric != NULL ? scalyr_monitor_metric_get_description (metric) : "");
      json_object_set_string_member (o, "unit", unit != NULL ? unit : "");
      json_object_set_member (o, "labels", json_object_dup_member (sample, "labels"));
      json_object_set_member (o, "value", json_object_dup_member (sample, "value"));
      json_object_set_member (o, "timestamp_ms", json_object_dup_member (sample, "timestamp_ms"));
      json_array_add_object_element (out, o);
    }
}

/* how long a series not written again is kept: three sample intervals, at
 * least a minute */
static gint64
series_ttl_ms (ScalyrMonitor *monitor)
{
  double interval = scalyr_monitor_get_sample_interval (monitor);

  return (gint64) (MAX (3 * MIN (interval, 1e7), SERIES_TTL_MIN_SECONDS) * 1000);
}

/**
 * scalyr_monitor_manager_dup_metrics:
 * @self: a #ScalyrMonitorManager
 *
 * The latest value of every metric series of the running monitors whose
 * entry sets `openmetrics` (see #ScalyrMetricStore), with what their
 * modules declare about them: an array of objects `{"monitor": "<module's
 * short name, e.g. linux_system_metrics>", "monitor_id": "<instance id,
 * may be empty>", "name": "<metric name as written in the line>", "type":
 * "counter" | "gauge", "help": "<declared description or empty>", "unit":
 * "<declared unit or empty>", "labels": {"<extra field>": "<value as
 * text>"}, "value": <number>, "timestamp_ms": <ms since the epoch>}`.
 *
 * `type` is `counter` when the module declares the metric (by the name
 * the line writes, exactly) cumulative
 * ([method@Scalyr.MonitorMetric.get_cumulative]), `gauge` otherwise, as
 * for an undeclared metric. `value` is an integer when the line's was an
 * integer or a boolean (1 or 0), a double otherwise (possibly NaN or
 * infinite); lines with string values are not kept.
 *
 * A series the monitor has not written for three sample intervals (at
 * least a minute) is left out and forgotten: a process that exited, an
 * extra field whose value changes every sample.
 *
 * The first time a monitor's series exceed `openmetrics_max_series`, a
 * warning in the agent log says so; the status counts them
 * (`series_dropped`).
 *
 * Returns: (transfer full): a JSON array node
 *
 * Since: 0.4
 */
JsonNode *
scalyr_monitor_manager_dup_metrics (ScalyrMonitorManager *self)
{
  JsonArray *array;
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_MONITOR_MANAGER (self), NULL);
  array = json_array_new ();
  for (guint i = 0; i < self->instances->len; i++)
    {
      Instance *inst = g_ptr_array_index (self->instances, i);

      if (inst->store == NULL || inst->monitor == NULL || !scalyr_monitor_is_running (inst->monitor))
        continue;
      scalyr_monitor_manager_series_dropped (self, inst);
      /* what the monitor no longer writes goes (see #ScalyrMetricStore) */
      scalyr_metric_store_expire (inst->store, g_get_real_time () / 1000 - series_ttl_ms (inst->monitor));
      add_instance_metrics (array, inst);
    }
  node = json_node_init (json_node_alloc (), JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}
