/* scalyr-agent-config-schema.c: every agent.json field, declared once
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-config.h"
#include "scalyr-agent-config-schema-private.h"
#include "scalyr-clamp-private.h"
#include "scalyr-config-limits-private.h"

#include <math.h>

typedef enum {
  T_STRING,
  T_BOOL,
  T_INT,
  T_FLOAT,
  T_OBJECT,          /* object of strings (numbers accepted) */
  T_OBJECT_ARRAY,    /* array of objects */
  T_STRING_ARRAY,    /* array of strings */
  T_IMPORT_VARS,     /* array of names or {var, default} objects */
  T_RATE,            /* a data rate string */
} FieldType;

typedef struct {
  const char *name;
  FieldType   type;
  const char *default_value;   /* as relaxed JSON; NULL = absent */
  gboolean    env_aware;
  double      min;             /* numbers: bounds, NAN = none */
  double      max;
  gboolean    min_exclusive;
  const char *doc;
} FieldSpec;

#define NB NAN
/* the upper bounds (scalyr-config-limits-private.h): every duration, size
 * and count has a range, checked at start, on reload and by --check-config */
#define YEAR SCALYR_CONFIG_MAX_SECONDS
#define TIB ((double) SCALYR_CONFIG_MAX_BYTES)
#define GIB ((double) SCALYR_CONFIG_MAX_BUFFER_BYTES)
/* the uploader's own limits (its properties' ranges): a field it reads is
 * refused past them rather than clamped without a word */
#define HOUR 3600.0
#define UPLOAD_MAX_LINE 65536.0
#define UPLOAD_MAX_REQUEST (64.0 * 1024 * 1024)
#define COUNT ((double) SCALYR_CONFIG_MAX_COUNT)
static const FieldSpec fields[] = {
  { "api_key", T_STRING, "\"\"", TRUE, NB, NB, FALSE, "The Write Logs key; without one the agent does not upload." },
  { "scalyr_server", T_STRING, "\"https://agent.scalyr.com\"", TRUE, NB, NB, FALSE, "The server logs are uploaded to; https unless allow_http." },
  { "allow_http", T_BOOL, "false", TRUE, NB, NB, FALSE, "Whether scalyr_server may be plain http." },
  { "allow_http_monitors", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether monitors may use plain http." },
  { "server_attributes", T_OBJECT, "{}", TRUE, NB, NB, FALSE, "Attributes of every uploaded event; serverHost defaults to the host name." },
  { "import_vars", T_IMPORT_VARS, NULL, FALSE, NB, NB, FALSE, "Environment variables whose values replace $NAME in the strings of this file." },
  { "logs", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "The log files to upload, each { path: ..., attributes: ... }." },
  { "journald_logs", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "The journald logs to upload." },
  { "k8s_logs", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "The Kubernetes logs to upload." },
  { "workers", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "Additional upload workers (api_keys in fragments)." },
  { "monitors", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "The monitors to run, each { module: ..., options }." },
  { "additional_monitor_module_paths", T_STRING, "\"\"", TRUE, NB, NB, FALSE, "Colon-separated directories searched for monitor modules first." },
  { "config_directory", T_STRING, "\"agent.d\"", TRUE, NB, NB, FALSE, "The directory of configuration fragments, relative to this file." },
  { "implicit_metric_monitor", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether linux_system_metrics runs without being configured." },
  { "implicit_agent_process_metrics_monitor", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether the agent reports its own process metrics." },
  { "implicit_agent_log_collection", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether the agent uploads its own logs." },
  { "agent_log_path", T_STRING, "\"/var/log/scalyr-agent-2\"", TRUE, NB, NB, FALSE, "The directory of the agent's and the monitors' logs." },
  { "agent_data_path", T_STRING, "\"/var/lib/scalyr-agent-2\"", TRUE, NB, NB, FALSE, "The directory of the agent's checkpoints and state." },
  { "global_monitor_sample_interval", T_FLOAT, "30.0", TRUE, 0, YEAR, TRUE, "The default sample_interval of every monitor, in seconds." },
  { "global_monitor_sample_interval_enable_jitter", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether the first sample of each monitor is delayed randomly." },
  { "config_change_check_interval", T_FLOAT, "30.0", TRUE, 0, YEAR, TRUE, "Seconds between checks of the configuration files for changes." },
  { "monitor_load_timeout", T_FLOAT, "30.0", TRUE, 0, 3600, TRUE, "Seconds a monitor module may take to load and initialize before it is reported as failed." },
  { "log_rotation_max_bytes", T_INT, "20971520", TRUE, 0, TIB, FALSE, "The size at which agent.log and the metric logs are rotated." },
  { "log_rotation_backup_count", T_INT, "2", TRUE, 0, COUNT, FALSE, "How many rotated logs are kept." },
  { "max_line_size", T_INT, "49900", TRUE, 1, UPLOAD_MAX_LINE, FALSE, "The longest log line uploaded whole, in bytes." },
  { "read_page_size", T_INT, "65536", TRUE, 1, GIB, FALSE, "How many bytes of a log are read at once." },
  { "internal_parse_max_line_size", T_INT, NULL, TRUE, 1, GIB, FALSE, "The longest line parsed; default read_page_size." },
  { "line_completion_wait_time", T_FLOAT, "5.0", TRUE, 0, HOUR, FALSE, "Seconds a partial last line waits for its end before it is sent." },
  { "compression_type", T_STRING, "\"deflate\"", TRUE, NB, NB, FALSE, "How upload requests are compressed." },
  { "compression_level", T_INT, NULL, TRUE, NB, NB, FALSE, "The compression level; out of the type's range, its default." },
  { "max_send_rate_enforcement", T_RATE, "\"unlimited\"", TRUE, NB, NB, FALSE, "unlimited, legacy or a rate such as 2MB/s." },
  { "disable_max_send_rate_enforcement_overrides", T_BOOL, "false", TRUE, NB, NB, FALSE, "Whether the rate enforcement leaves the request options alone." },
  { "max_allowed_request_size", T_INT, "1048576", TRUE, 4096, UPLOAD_MAX_REQUEST, FALSE, "The largest upload request, in bytes." },
  { "min_allowed_request_size", T_INT, "102400", TRUE, 1, GIB, FALSE, "The smallest upload request worth sending early, in bytes." },
  { "min_request_spacing_interval", T_FLOAT, "1.0", TRUE, 0, HOUR, FALSE, "The shortest wait between requests, in seconds." },
  { "max_request_spacing_interval", T_FLOAT, "5.0", TRUE, 0.001, HOUR, FALSE, "The longest wait between requests, in seconds." },
  { "pipeline_threshold", T_FLOAT, "1.1", TRUE, NB, NB, FALSE, "How full a request must be for the next one to be prepared early." },
  { "max_log_offset_size", T_INT, "5242880", TRUE, 0, TIB, FALSE, "How far behind a log may be before its start is skipped." },
  { "max_existing_log_offset_size", T_INT, "104857600", TRUE, 0, TIB, FALSE, "The same, for a log found when the agent starts." },
  { "debug_level", T_INT, "0", TRUE, 0, 5, FALSE, "How much the agent logs about itself, 0 to 5." },
  { "stdout_severity", T_STRING, "\"NOTSET\"", TRUE, NB, NB, FALSE, "The lowest level of the messages also written to stdout." },
  { "verify_server_certificate", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether the server's certificate is checked." },
  { "ca_cert_path", T_STRING, NULL, TRUE, NB, NB, FALSE, "The CA certificates the server's certificate is checked against." },
  { "http_proxy", T_STRING, NULL, TRUE, NB, NB, FALSE, "The proxy of http requests." },
  { "https_proxy", T_STRING, NULL, TRUE, NB, NB, FALSE, "The proxy of https requests." },
  { "request_deadline", T_FLOAT, "60.0", TRUE, 0, HOUR, TRUE, "Seconds a request may take (rounded up to a whole second)." },
  { "user_agent_refresh_interval", T_INT, "60", TRUE, 1, YEAR, FALSE, "Seconds between refreshes of the monitors' user-agent fragments." },
  { "agent_status_timeout", T_INT, "30", FALSE, 1, YEAR, FALSE, "Seconds status -v waits for the agent." },
  { "pidfile_advanced_reuse_guard", T_BOOL, "false", TRUE, NB, NB, FALSE, "Whether a stale pidfile is checked against the process's command line." },
  { "strip_domain_from_default_server_host", T_BOOL, "false", TRUE, NB, NB, FALSE, "Whether the default serverHost drops the domain." },
  { "overall_stats_log_interval", T_FLOAT, "600.0", TRUE, 0, YEAR, FALSE, "Seconds between the agent's overall statistics." },
  { "bandwidth_stats_log_interval", T_FLOAT, "60.0", TRUE, 0, YEAR, FALSE, "Seconds between the agent's bandwidth statistics." },
  { "copying_manager_stats_log_interval", T_FLOAT, "300.0", TRUE, 0, YEAR, FALSE, "Seconds between the upload statistics." },
  { "calculate_rate_metric_names", T_STRING_ARRAY, "[]", TRUE, NB, NB, FALSE, "Metrics whose rate the agent also reports." },
  { "json_library", T_STRING, "\"auto\"", TRUE, NB, NB, FALSE, "Ignored; kept for compatibility." },
};
#undef NB
#undef YEAR
#undef TIB
#undef GIB
#undef COUNT

static const char * const compression_types[] = { "deflate", "bz2", "none", "lz4", "zstandard", NULL };
static const char * const severities[] = { "NOTSET", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL",
                                           "FATAL", NULL };

static void
set_bound (GValue   *v,
           FieldType type,
           double    d)
{
  if (type == T_INT)
    {
      g_value_init (v, G_TYPE_INT64);
      g_value_set_int64 (v, scalyr_clamp_double_to_int64 (d, G_MININT64, G_MAXINT64));
    }
  else
    {
      g_value_init (v, G_TYPE_DOUBLE);
      g_value_set_double (v, d);
    }
}

static ScalyrMonitorOption *
declare (const FieldSpec *spec)
{
  GType type = spec->type == T_OBJECT ? JSON_TYPE_OBJECT
             : spec->type == T_OBJECT_ARRAY || spec->type == T_IMPORT_VARS ? JSON_TYPE_ARRAY
             : spec->type == T_BOOL ? G_TYPE_BOOLEAN
             : spec->type == T_INT ? G_TYPE_INT64
             : spec->type == T_FLOAT ? G_TYPE_DOUBLE
             : spec->type == T_STRING_ARRAY ? G_TYPE_STRV
             : G_TYPE_STRING;
  ScalyrMonitorOption *option = scalyr_monitor_option_new (spec->name, type, spec->doc);

  scalyr_monitor_option_set_format (option,
                                    spec->type == T_OBJECT ? SCALYR_OPTION_FORMAT_OBJECT_OF_STRINGS
                                    : spec->type == T_OBJECT_ARRAY ? SCALYR_OPTION_FORMAT_ARRAY_OF_OBJECTS
                                    : spec->type == T_IMPORT_VARS ? SCALYR_OPTION_FORMAT_IMPORT_VARS
                                    : spec->type == T_RATE ? SCALYR_OPTION_FORMAT_DATA_RATE
                                    : SCALYR_OPTION_FORMAT_PLAIN);
  if (spec->default_value != NULL)
    {
      g_autoptr(JsonNode) node = scalyr_json_parse (spec->default_value, -1, NULL, NULL, NULL);
      g_auto(GValue) v = G_VALUE_INIT;

      g_assert (node != NULL);
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          g_value_init (&v, JSON_TYPE_OBJECT);
          g_value_set_boxed (&v, json_node_get_object (node));
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          g_value_init (&v, JSON_TYPE_ARRAY);
          g_value_set_boxed (&v, json_node_get_array (node));
        }
      else
        json_node_get_value (node, &v);
      scalyr_monitor_option_set_default_value (option, &v);
    }
  if (!isnan (spec->min) || !isnan (spec->max))
    {
      g_auto(GValue) min = G_VALUE_INIT;
      g_auto(GValue) max = G_VALUE_INIT;

      if (!isnan (spec->min))
        set_bound (&min, spec->type, spec->min);
      if (!isnan (spec->max))
        set_bound (&max, spec->type, spec->max);
      scalyr_monitor_option_set_range (option, G_IS_VALUE (&min) ? &min : NULL, G_IS_VALUE (&max) ? &max : NULL);
    }
  scalyr_monitor_option_set_min_exclusive (option, spec->min_exclusive);
  /* spec 4.2: scalyr_server is read from SCALYR_SERVER */
  if (g_str_equal (spec->name, "scalyr_server"))
    scalyr_monitor_option_set_env_name (option, "SCALYR_SERVER");
  else
    scalyr_monitor_option_set_env_aware (option, spec->env_aware);
  if (g_str_equal (spec->name, "compression_type"))
    scalyr_monitor_option_set_allowed_values (option, compression_types);
  if (g_str_equal (spec->name, "stdout_severity"))
    scalyr_monitor_option_set_allowed_values (option, severities);
  return option;
}

/**
 * scalyr_agent_config_dup_schema:
 *
 * Declares every top-level field of `agent.json`: its name, type (and
 * [enum@Scalyr.OptionFormat]), default, bounds, allowed values, environment
 * variable and one-line documentation, in the order of the reference's
 * documentation. The loader validates against these declarations with the
 * %SCALYR_CONFIG_RULES_AGENT rules of the engine; generated documentation
 * and sample configurations can be made from them. The fields of a
 * `monitors` entry are [func@Scalyr.config_dup_monitor_common_options] and
 * the module's options.
 *
 * Every duration, interval, size and count has a range (its declaration's
 * [method@Scalyr.MonitorOption.get_min_value] and
 * [method@Scalyr.MonitorOption.get_max_value]): intervals and timeouts are
 * at most a year (31536000 seconds), sizes of buffers held in memory at
 * most 1 GiB, other sizes and offsets at most 1 TiB, counts at most 1000.
 * A value outside its range, or a number that is not finite, is an error
 * naming the field and the bound, when the agent starts, on reload and in
 * `--check-config`.
 *
 * Returns: (transfer full) (element-type Scalyr.MonitorOption): the
 *   declarations, a new array each call
 *
 * Since: 0.2
 */
GPtrArray *
scalyr_agent_config_dup_schema (void)
{
  GPtrArray *schema = g_ptr_array_new_full (G_N_ELEMENTS (fields), g_object_unref);

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    g_ptr_array_add (schema, declare (&fields[i]));
  return schema;
}

/* the shared, read-only schema of the loader */
GPtrArray *
scalyr_agent_config_schema (void)
{
  static GPtrArray *schema;

  if (g_once_init_enter (&schema))
    g_once_init_leave (&schema, scalyr_agent_config_dup_schema ());
  return schema;
}

/* the fields every monitor entry may hold, declared by libscalyrmon: built
 * once for the loader and the monitor manager (read-only) */
GPtrArray *
scalyr_agent_config_common_options (void)
{
  static GPtrArray *common;

  if (g_once_init_enter (&common))
    g_once_init_leave (&common, scalyr_config_dup_monitor_common_options ());
  return common;
}

ScalyrMonitorOption *
scalyr_agent_config_schema_find (const char *name)
{
  GPtrArray *schema = scalyr_agent_config_schema ();

  for (guint i = 0; i < schema->len; i++)
    if (g_str_equal (scalyr_monitor_option_get_name (g_ptr_array_index (schema, i)), name))
      return g_ptr_array_index (schema, i);
  return NULL;
}

JsonNode *
scalyr_agent_config_schema_default (ScalyrMonitorOption *option)
{
  const GValue *def = scalyr_monitor_option_get_default_value (option);
  g_autoptr(JsonNode) shared = NULL;
  g_autofree char *text = NULL;

  if (def == NULL)
    return NULL;
  shared = json_node_alloc ();
  if (G_VALUE_HOLDS (def, JSON_TYPE_OBJECT))
    json_node_init_object (shared, g_value_get_boxed (def));
  else if (G_VALUE_HOLDS (def, JSON_TYPE_ARRAY))
    json_node_init_array (shared, g_value_get_boxed (def));
  else
    {
      json_node_init (shared, JSON_NODE_VALUE);
      json_node_set_value (shared, def);
    }
  /* a deep copy: the loader may modify it */
  text = json_to_string (shared, FALSE);
  return scalyr_json_parse (text, -1, NULL, NULL, NULL);
}
