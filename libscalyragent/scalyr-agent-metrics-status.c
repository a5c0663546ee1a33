/* scalyr-agent-metrics-status.c: the agent's status object (the figures
 * of agent-status.json) mapped to metric families: the agent, its
 * monitors, the uploader and each log it copies, the process. A member
 * the status lacks is not exported. The table below is the list of the
 * agent's metric names (doc/agent-overview.md, "Watching the agent").
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-metrics-status-private.h"

#define COUNTER SCALYR_METRIC_TYPE_COUNTER
#define GAUGE SCALYR_METRIC_TYPE_GAUGE
#define INFO SCALYR_METRIC_TYPE_INFO

typedef struct {
  const char *name;
  ScalyrMetricType type;
  const char *unit;
  const char *telemetry;   /* the metric line's name, NULL: none */
  const char *help;
} FamilyDef;

/* Help texts are protocol text, in English like the names. */
static const FamilyDef families[] = {
  { "scalyr_agent", INFO, NULL, NULL, "The Scalyr agent's version" },
  { "scalyr_agent_start_time_seconds", GAUGE, "seconds", "agent.start_time",
    "When the agent started, in seconds since the epoch" },
  { "scalyr_agent_status_time_seconds", GAUGE, "seconds", NULL,
    "When the agent took these figures (its status), in seconds since the epoch" },
  { "scalyr_agent_config_reloads", COUNTER, NULL, "agent.config.reloads",
    "Configuration reloads since the agent started" },
  { "scalyr_agent_config_last_load_success", GAUGE, NULL, "agent.config.last_load_ok",
    "Whether the last load of the configuration succeeded (1) or failed (0)" },
  { "scalyr_agent_log_lines_written", COUNTER, NULL, "agent.log.lines_written",
    "Lines written to agent.log" },
  { "scalyr_agent_log_lines_dropped", COUNTER, NULL, "agent.log.lines_dropped",
    "Lines of agent.log dropped by its rate limit" },

  { "scalyr_agent_monitor_up", GAUGE, NULL, "agent.monitor.up",
    "Whether the monitor runs (1) or is loading, finished or failed (0)" },
  { "scalyr_agent_monitor_samples", COUNTER, NULL, "agent.monitor.samples",
    "Samples the monitor took" },
  { "scalyr_agent_monitor_failed_samples", COUNTER, NULL, "agent.monitor.failed_samples",
    "Samples whose gathering failed" },
  { "scalyr_agent_monitor_sample_duration_seconds", COUNTER, "seconds", "agent.monitor.sample_seconds",
    "Time spent gathering samples" },
  { "scalyr_agent_monitor_last_sample_duration_seconds", GAUGE, "seconds", "agent.monitor.last_sample_seconds",
    "Time the last sample took" },
  { "scalyr_agent_monitor_last_sample_timestamp_seconds", GAUGE, "seconds", "agent.monitor.last_sample_time",
    "When the last sample was taken, in seconds since the epoch (0: never)" },
  { "scalyr_agent_monitor_sample_interval_seconds", GAUGE, "seconds", "agent.monitor.sample_interval",
    "The monitor's sample interval" },
  { "scalyr_agent_monitor_errors", COUNTER, NULL, "agent.monitor.errors",
    "Errors the monitor logged" },
  { "scalyr_agent_monitor_lines_reported", COUNTER, NULL, "agent.monitor.lines_reported",
    "Metric lines the monitor reported" },
  { "scalyr_agent_monitor_lines_written", COUNTER, NULL, "agent.monitor.lines_written",
    "Lines written to the monitor's metric log" },
  { "scalyr_agent_monitor_lines_dropped", COUNTER, NULL, "agent.monitor.lines_dropped",
    "Lines of the monitor's metric log dropped by its rate limit" },
  { "scalyr_agent_monitor_series_dropped", COUNTER, NULL, "agent.monitor.series_dropped",
    "Series of the monitor not exported on /metrics: over the per-monitor limit" },

  { "scalyr_agent_upload_requests", COUNTER, NULL, "agent.upload.requests",
    "Upload requests by outcome: success, network_error, server_error, client_error, throttled, too_large" },
  { "scalyr_agent_upload_events", COUNTER, NULL, "agent.upload.events", "Events uploaded" },
  { "scalyr_agent_upload_uncompressed_bytes", COUNTER, "bytes", "agent.upload.bytes_uncompressed",
    "Bytes of the request bodies before compression" },
  { "scalyr_agent_upload_compressed_bytes", COUNTER, "bytes", "agent.upload.bytes_compressed",
    "Bytes of the request bodies sent (after compression)" },
  { "scalyr_agent_upload_backoff_seconds", COUNTER, "seconds", "agent.upload.backoff_seconds",
    "Time spent waiting in back-off" },
  { "scalyr_agent_upload_last_success_timestamp_seconds", GAUGE, "seconds", "agent.upload.last_success",
    "When a request last succeeded, in seconds since the epoch (0: never)" },
  { "scalyr_agent_upload_up", GAUGE, NULL, "agent.upload.up",
    "Whether the upload service runs (1) or could not start (0)" },

  { "scalyr_agent_log_file_read_bytes", COUNTER, "bytes", "agent.log_file.bytes_read",
    "Bytes of the log file read and acknowledged since the agent started" },
  { "scalyr_agent_log_file_behind_bytes", GAUGE, "bytes", "agent.log_file.bytes_behind",
    "Bytes of the log file not uploaded yet" },
  { "scalyr_agent_log_file_rotations", COUNTER, NULL, "agent.log_file.rotations",
    "Rotations of the log file seen since the agent started" },
  { "scalyr_agent_log_file_skipped_bytes", COUNTER, "bytes", "agent.log_file.skipped_bytes",
    "Bytes of the log file skipped (too far behind, or lost)" },
  { "scalyr_agent_log_file_size_bytes", GAUGE, "bytes", "agent.log_file.size",
    "Size of the log file" },

  { "process_resident_memory_bytes", GAUGE, "bytes", "agent.process.rss_bytes",
    "Resident memory size in bytes" },
  { "process_virtual_memory_bytes", GAUGE, "bytes", "agent.process.virtual_bytes",
    "Virtual memory size in bytes" },
  { "process_cpu_seconds", COUNTER, "seconds", NULL,
    "Total user and system CPU time spent in seconds" },
  { "scalyr_agent_process_cpu_seconds", COUNTER, "seconds", "agent.process.cpu_seconds",
    "CPU time spent by the agent in seconds, by mode (user, system)" },
  { "process_open_fds", GAUGE, NULL, "agent.process.open_fds", "Number of open file descriptors" },
  { "process_max_fds", GAUGE, NULL, "agent.process.max_fds", "Maximum number of open file descriptors" },
  { "process_start_time_seconds", GAUGE, "seconds", "agent.process.start_time",
    "Start time of the process since unix epoch in seconds" },
  { "process_threads", GAUGE, NULL, "agent.process.threads", "Number of OS threads in the process" },

  { SCALYR_AGENT_METRICS_CONFLICTING, GAUGE, NULL, NULL,
    "Series left out of this exposition: their name collides with another family's, they repeat a series, "
    "or their value is not valid for their type" },
};

static const char * const upload_outcomes[] = {
  "success", "network_error", "server_error", "client_error", "throttled", "too_large",
};

/* The member @name of @o if it is an object / array (the status file may
 * hold anything), else NULL */
static JsonObject *
object_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *o,
              const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static const char *
string_or_empty (JsonObject *o,
                 const char *name)
{
  const char *s = string_member (o, name);

  return s != NULL ? s : "";
}

/* The number (or boolean, 1/0) member @name of @o: FALSE when there is none */
static gboolean
number_member (JsonObject *o,
               const char *name,
               gboolean   *is_int,
               gint64     *i,
               double     *d)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  *is_int = type != G_TYPE_DOUBLE;
  if (type == G_TYPE_INT64)
    *i = json_node_get_int (node);
  else if (type == G_TYPE_BOOLEAN)
    *i = json_node_get_boolean (node) ? 1 : 0;
  else if (type == G_TYPE_DOUBLE)
    *d = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static gboolean
double_member (JsonObject *o,
               const char *name,
               double     *value)
{
  gboolean is_int;
  gint64 i = 0;

  if (!number_member (o, name, &is_int, &i, value))
    return FALSE;
  if (is_int)
    *value = (double) i;
  return TRUE;
}

static void
add_int (ScalyrMetricSet    *set,
         const char         *family,
         ScalyrMetricLabels *labels,
         gint64              value)
{
  scalyr_metric_family_add_int (scalyr_metric_set_lookup (set, family), labels, value);
}

static void
add_double (ScalyrMetricSet    *set,
            const char         *family,
            ScalyrMetricLabels *labels,
            double              value)
{
  scalyr_metric_family_add_double (scalyr_metric_set_lookup (set, family), labels, value);
}

/* The series of @family from the member @name of @o, if it has one */
static void
add_member (ScalyrMetricSet    *set,
            const char         *family,
            ScalyrMetricLabels *labels,
            JsonObject         *o,
            const char         *name)
{
  gboolean is_int;
  gint64 i = 0;
  double d = 0;

  if (!number_member (o, name, &is_int, &i, &d))
    return;
  if (is_int)
    add_int (set, family, labels, i);
  else
    add_double (set, family, labels, d);
}

static void
add_agent (ScalyrMetricSet *set,
           JsonObject      *o)
{
  JsonObject *config = object_member (o, "config");
  JsonObject *agent_log = object_member (o, "agent_log");
  const char *version = string_member (o, "version");
  const char *started = string_member (o, "started");

  if (version != NULL)
    {
      ScalyrMetricLabels labels;

      scalyr_metric_labels_init (&labels);
      scalyr_metric_labels_add (&labels, "version", version, NULL);
      add_int (set, "scalyr_agent", &labels, 1);
      scalyr_metric_labels_clear (&labels);
    }
  if (started != NULL && started[0] != '\0')
    {
      /* "2026-12-04 10:00:00Z" */
      g_autofree char *iso = g_strdelimit (g_strdup (started), " ", 'T');
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

      if (dt != NULL)
        add_int (set, "scalyr_agent_start_time_seconds", NULL, g_date_time_to_unix (dt));
    }
  add_member (set, "scalyr_agent_status_time_seconds", NULL, o, "updated_time");
  add_member (set, "scalyr_agent_config_reloads", NULL, config, "reloads");
  add_member (set, "scalyr_agent_config_last_load_success", NULL, config, "last_load_ok");
  add_member (set, "scalyr_agent_log_lines_written", NULL, agent_log, "lines_written");
  add_member (set, "scalyr_agent_log_lines_dropped", NULL, agent_log, "lines_dropped");
}

static void
add_monitor (ScalyrMetricSet *set,
             JsonObject      *m)
{
  static const struct { const char *family; const char *member; } members[] = {
    { "scalyr_agent_monitor_samples", "samples" },
    { "scalyr_agent_monitor_failed_samples", "failed_samples" },
    { "scalyr_agent_monitor_sample_duration_seconds", "sample_seconds_total" },
    { "scalyr_agent_monitor_last_sample_duration_seconds", "last_sample_seconds" },
    { "scalyr_agent_monitor_sample_interval_seconds", "sample_interval" },
    { "scalyr_agent_monitor_errors", "errors" },
    { "scalyr_agent_monitor_lines_reported", "lines_reported" },
    { "scalyr_agent_monitor_lines_written", "lines_written" },
    { "scalyr_agent_monitor_lines_dropped", "lines_dropped" },
    { "scalyr_agent_monitor_series_dropped", "series_dropped" },
  };
  const char *name = string_member (m, "name");
  const char *state = string_member (m, "state");
  ScalyrMetricLabels labels;
  gint64 last_ms = 0;
  gboolean is_int;
  double d = 0;

  if (name == NULL)
    return;
  scalyr_metric_labels_init (&labels);
  scalyr_metric_labels_add (&labels, "monitor", name, NULL);
  scalyr_metric_labels_add (&labels, "module", string_or_empty (m, "module"), NULL);
  scalyr_metric_labels_add (&labels, "id", string_or_empty (m, "id"), NULL);
  if (state != NULL)
    add_int (set, "scalyr_agent_monitor_up", &labels, g_str_equal (state, "running"));
  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    add_member (set, members[i].family, &labels, m, members[i].member);
  if (number_member (m, "last_sample_time", &is_int, &last_ms, &d))
    add_double (set, "scalyr_agent_monitor_last_sample_timestamp_seconds", &labels,
                is_int ? (double) last_ms / 1000 : d / 1000);
  scalyr_metric_labels_clear (&labels);
}

static void
add_log_file (ScalyrMetricSet *set,
              JsonObject      *l)
{
  static const struct { const char *family; const char *member; } members[] = {
    { "scalyr_agent_log_file_read_bytes", "bytes_read" },
    { "scalyr_agent_log_file_behind_bytes", "bytes_behind" },
    { "scalyr_agent_log_file_rotations", "rotations" },
    { "scalyr_agent_log_file_skipped_bytes", "skipped_bytes" },
    { "scalyr_agent_log_file_size_bytes", "size" },
  };
  const char *path = string_member (l, "path");
  ScalyrMetricLabels labels;

  if (path == NULL)
    return;
  scalyr_metric_labels_init (&labels);
  scalyr_metric_labels_add (&labels, "path", path, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    add_member (set, members[i].family, &labels, l, members[i].member);
  scalyr_metric_labels_clear (&labels);
}

static void
add_uploads (ScalyrMetricSet *set,
             JsonObject      *up)
{
  JsonObject *requests = object_member (up, "requests");
  JsonArray *logs = array_member (up, "logs");

  if (requests != NULL)
    for (gsize i = 0; i < G_N_ELEMENTS (upload_outcomes); i++)
      {
        ScalyrMetricLabels labels;

        scalyr_metric_labels_init (&labels);
        scalyr_metric_labels_add (&labels, "outcome", upload_outcomes[i], NULL);
        if (json_object_has_member (requests, upload_outcomes[i]))
          add_member (set, "scalyr_agent_upload_requests", &labels, requests, upload_outcomes[i]);
        else
          add_int (set, "scalyr_agent_upload_requests", &labels, 0);
        scalyr_metric_labels_clear (&labels);
      }
  add_member (set, "scalyr_agent_upload_events", NULL, up, "events_sent");
  add_member (set, "scalyr_agent_upload_uncompressed_bytes", NULL, up, "bytes_uncompressed");
  add_member (set, "scalyr_agent_upload_compressed_bytes", NULL, up, "bytes_compressed");
  add_member (set, "scalyr_agent_upload_backoff_seconds", NULL, up, "backoff_seconds");
  add_member (set, "scalyr_agent_upload_last_success_timestamp_seconds", NULL, up, "last_success");
  add_int (set, "scalyr_agent_upload_up", NULL, !json_object_has_member (up, "error"));
  for (guint i = 0; logs != NULL && i < json_array_get_length (logs); i++)
    {
      JsonNode *l = json_array_get_element (logs, i);

      if (JSON_NODE_HOLDS_OBJECT (l))
        add_log_file (set, json_node_get_object (l));
    }
}

static void
add_process (ScalyrMetricSet *set,
             JsonObject      *p)
{
  static const struct { const char *family; const char *member; } members[] = {
    { "process_resident_memory_bytes", "rss_bytes" },
    { "process_virtual_memory_bytes", "virtual_bytes" },
    { "process_open_fds", "open_fds" },
    { "process_max_fds", "max_fds" },
    { "process_start_time_seconds", "start_time" },
    { "process_threads", "threads" },
  };
  double user = 0, system = 0;
  gboolean has_user = double_member (p, "cpu_user_seconds", &user);
  gboolean has_system = double_member (p, "cpu_system_seconds", &system);

  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    add_member (set, members[i].family, NULL, p, members[i].member);
  if (has_user && has_system)
    add_double (set, "process_cpu_seconds", NULL, user + system);
  for (guint i = 0; i < 2; i++)
    {
      ScalyrMetricLabels labels;

      if (!(i == 0 ? has_user : has_system))
        continue;
      scalyr_metric_labels_init (&labels);
      scalyr_metric_labels_add (&labels, "mode", i == 0 ? "user" : "system", NULL);
      add_double (set, "scalyr_agent_process_cpu_seconds", &labels, i == 0 ? user : system);
      scalyr_metric_labels_clear (&labels);
    }
}

void
scalyr_agent_metrics_add_status (ScalyrMetricSet *set,
                                 JsonNode        *status)
{
  JsonObject *o = status != NULL && JSON_NODE_HOLDS_OBJECT (status) ? json_node_get_object (status) : NULL;
  JsonArray *monitors = array_member (o, "monitors");
  JsonObject *uploads = object_member (o, "uploads");
  JsonObject *process = object_member (o, "process");

  for (gsize i = 0; i < G_N_ELEMENTS (families); i++)
    {
      ScalyrMetricFamily *family = scalyr_metric_set_add_family (set, families[i].name, families[i].type,
                                                                 families[i].help, families[i].unit, TRUE);

      g_assert (family != NULL);
      family->telemetry_name = g_strdup (families[i].telemetry);
    }
  if (o == NULL)
    return;
  add_agent (set, o);
  for (guint i = 0; monitors != NULL && i < json_array_get_length (monitors); i++)
    {
      JsonNode *m = json_array_get_element (monitors, i);

      if (JSON_NODE_HOLDS_OBJECT (m))
        add_monitor (set, json_node_get_object (m));
    }
  if (uploads != NULL)
    add_uploads (set, uploads);
  if (process != NULL)
    add_process (set, process);
}
