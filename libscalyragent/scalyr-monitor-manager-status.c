/* scalyr-monitor-manager-status.c: the status of the managed monitors,
 * for the agent's status file, and the failure that stops the agent
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-manager-private.h"

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%SZ") : g_strdup ("");
}

/**
 * scalyr_monitor_manager_dup_status:
 * @self: a #ScalyrMonitorManager
 *
 * The state of every instance, as an array of objects with `name`,
 * `module`, `id`, `state` (`loading` while its module loads, `running`,
 * `finished` when its thread ended by itself, or `failed` with `error`), `samples`, `last_sample_time` (ms
 * since the epoch, 0 before the first sample) and `last_sample`,
 * `sample_interval`, `sample_seconds_total` (seconds spent in
 * gather_sample), `last_sample_seconds` (the last sample's), `failed_samples`
 * (samples whose gather_sample failed; since 0.4), `errors`,
 * `lines_reported`, and the shared metric log's `log_path`,
 * `lines_written` and `lines_dropped`; `openmetrics` (whether its entry
 * sets it) and `series_dropped` (series over `openmetrics_max_series`).
 *
 * Returns: (transfer full): a JSON array node
 *
 * Since: 0.1
 */
JsonNode *
scalyr_monitor_manager_dup_status (ScalyrMonitorManager *self)
{
  JsonArray *array;
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_MONITOR_MANAGER (self), NULL);
  array = json_array_new ();
  for (guint i = 0; i < self->instances->len; i++)
    {
      Instance *inst = g_ptr_array_index (self->instances, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "name", inst->name);
      json_object_set_string_member (o, "module", inst->module);
      json_object_set_string_member (o, "id", inst->id);
      if (inst->monitor != NULL && g_str_equal (inst->state, "running") && !scalyr_monitor_is_running (inst->monitor))
        set_state (inst, "finished");
      json_object_set_string_member (o, "state", inst->state);
      if (inst->error != NULL)
        json_object_set_string_member (o, "error", inst->error);
      if (inst->monitor != NULL)
        {
          gint64 last = scalyr_monitor_get_last_sample_time (inst->monitor);
          g_autofree char *when = last > 0 ? format_time (last) : g_strdup ("");

          json_object_set_int_member (o, "samples", (gint64) scalyr_monitor_get_sample_count (inst->monitor));
          json_object_set_int_member (o, "last_sample_time", last / 1000);
          json_object_set_string_member (o, "last_sample", when);
          json_object_set_double_member (o, "sample_interval", scalyr_monitor_get_sample_interval (inst->monitor));
          json_object_set_double_member (o, "sample_seconds_total", scalyr_monitor_get_sample_seconds_total (inst->monitor));
          json_object_set_double_member (o, "last_sample_seconds", scalyr_monitor_get_last_sample_seconds (inst->monitor));
          json_object_set_int_member (o, "failed_samples", (gint64) scalyr_monitor_get_failed_sample_count (inst->monitor));
        }
      json_object_set_int_member (o, "errors", (gint64) scalyr_agent_logger_get_errors (inst->logger));
      json_object_set_int_member (o, "lines_reported", (gint64) scalyr_agent_logger_get_reported_lines (inst->logger));
      json_object_set_boolean_member (o, "openmetrics", inst->store != NULL);
      json_object_set_int_member (o, "series_dropped", (gint64) scalyr_monitor_manager_series_dropped (self, inst));
      if (inst->sink != NULL)
        {
          json_object_set_string_member (o, "log_path", inst->sink->path);
          json_object_set_int_member (o, "lines_written", (gint64) scalyr_log_sink_get_lines_written (inst->sink->sink));
          json_object_set_int_member (o, "lines_dropped", (gint64) scalyr_log_sink_get_lines_dropped (inst->sink->sink));
        }
      json_array_add_object_element (array, o);
    }
  node = json_node_alloc ();
  json_node_init (node, JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

static gboolean
entry_stops_agent (Instance *inst)
{
  JsonNode *node = json_object_get_member (json_node_get_object (inst->entry), "stop_agent_on_failure");
  gboolean stop = FALSE;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    stop = json_node_get_boolean (node);
  else if (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE)
    stop = json_node_get_double (node) == 1;
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *lower = g_ascii_strdown (json_node_get_string (node), -1);
      stop = g_str_equal (lower, "true") || g_str_equal (lower, "yes") || g_str_equal (lower, "1");
    }
  return stop;
}

/**
 * scalyr_monitor_manager_dup_fatal_failure:
 * @self: a #ScalyrMonitorManager
 *
 * Looks for a monitor whose entry sets `stop_agent_on_failure` and that
 * failed to start or whose thread ended by itself.
 *
 * Returns: (transfer full) (nullable): the name of such a monitor, or %NULL
 *
 * Since: 0.1
 */
char *
scalyr_monitor_manager_dup_fatal_failure (ScalyrMonitorManager *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_MANAGER (self), NULL);
  for (guint i = 0; i < self->instances->len; i++)
    {
      Instance *inst = g_ptr_array_index (self->instances, i);

      if (inst->load != NULL || !entry_stops_agent (inst))
        continue;
      if (inst->monitor == NULL || !scalyr_monitor_is_running (inst->monitor))
        return g_strdup (inst->name);
    }
  return NULL;
}
