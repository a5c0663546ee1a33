/* scalyr-agent-config-schema.c: every agent.json field, declared once
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-config.h"
#include "scalyr-agent-config-schema-private.h"
#include "scalyr-clamp-private.h"
#include "scalyr-config-limits-private.h"

#include <math.h>
#include <string.h>

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
  const char *example;         /* as relaxed JSON, where the default is not a good one */
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
  { "api_key", T_STRING, "\"\"", TRUE, NB, NB, FALSE, "The Write Logs key; without one the agent does not upload.", "\"YOUR_WRITE_LOGS_KEY\"" },
  { "scalyr_server", T_STRING, "\"https://agent.scalyr.com\"", TRUE, NB, NB, FALSE, "The server logs are uploaded to; https unless allow_http.", "\"https://upload.eu.scalyr.com\"" },
  { "allow_http", T_BOOL, "false", TRUE, NB, NB, FALSE, "Whether scalyr_server may be plain http.", NULL },
  { "allow_http_monitors", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether monitors may use plain http.", NULL },
  { "server_attributes", T_OBJECT, "{}", TRUE, NB, NB, FALSE, "Attributes of every uploaded event; serverHost defaults to the host name.", "{ serverHost: \"web-1\", tier: \"frontend\" }" },
  { "import_vars", T_IMPORT_VARS, NULL, FALSE, NB, NB, FALSE, "Environment variables whose values replace $NAME in the strings of this file.", "[ { var: \"REGION\", default: \"eu\" }, { var: \"TIER\", default: \"dev\" } ]" },
  { "logs", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "The log files to upload, each { path: ..., attributes: ... }.", "[ { path: \"/var/log/nginx/access.log\", attributes: { parser: \"accessLog\" } } ]" },
  { "journald_logs", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "The journald logs to upload.", NULL },
  { "k8s_logs", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "The Kubernetes logs to upload.", NULL },
  { "workers", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "Additional upload workers (api_keys in fragments).", NULL },
  { "monitors", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "The monitors to run, each { module: ..., options }.", "[ { module: \"linux_process_metrics\", id: \"nginx\", commandline: \"nginx: master\" } ]" },
  { "additional_monitor_module_paths", T_STRING, "\"\"", TRUE, NB, NB, FALSE, "Colon-separated directories searched for monitor modules first.", "\"/opt/scalyr-monitors\"" },
  { "config_directory", T_STRING, "\"agent.d\"", TRUE, NB, NB, FALSE, "The directory of configuration fragments, relative to this file.", "\"conf.d\"" },
  { "implicit_metric_monitor", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether linux_system_metrics runs without being configured.", NULL },
  { "implicit_agent_process_metrics_monitor", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether the agent reports its own process metrics.", NULL },
  { "implicit_agent_log_collection", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether the agent uploads its own logs.", NULL },
  { "agent_log_path", T_STRING, "\"/var/log/scalyr-agent-2\"", TRUE, NB, NB, FALSE, "The directory of the agent's and the monitors' logs.", "\"/srv/scalyr/log\"" },
  { "agent_data_path", T_STRING, "\"/var/lib/scalyr-agent-2\"", TRUE, NB, NB, FALSE, "The directory of the agent's checkpoints and state.", "\"/srv/scalyr/data\"" },
  { "global_monitor_sample_interval", T_FLOAT, "30.0", TRUE, 0, YEAR, TRUE, "The default sample_interval of every monitor, in seconds.", NULL },
  { "global_monitor_sample_interval_enable_jitter", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether the first sample of each monitor is delayed randomly.", NULL },
  { "config_change_check_interval", T_FLOAT, "30.0", TRUE, 0, YEAR, TRUE, "Seconds between checks of the configuration files for changes.", NULL },
  { "monitor_load_timeout", T_FLOAT, "30.0", TRUE, 0, 3600, TRUE, "Seconds a monitor module may take to load and initialize before it is reported as failed.", NULL },
  { "openmetrics_max_series", T_INT, "2000", TRUE, 1, 100000, FALSE, "The most metric series kept per monitor whose entry sets openmetrics; others are dropped (series_dropped in status). Each kept series costs about 7.5 kB of memory while the listener runs.", NULL },
  { "openmetrics_port", T_INT, "0", TRUE, 0, 65535, FALSE, "The TCP port of the agent's HTTP listener for Prometheus (/metrics, /healthz); 0: no listener.", "9464" },
  { "openmetrics_address", T_STRING, "\"127.0.0.1\"", TRUE, NB, NB, FALSE, "The address the listener binds; another than loopback (0.0.0.0, ::) exposes it to the network, without authentication.", "\"::1\"" },
  { "telemetry_log_interval", T_FLOAT, "60.0", TRUE, 0, YEAR, FALSE, "Seconds between the agent's own metric lines in agent_metrics.log; 0: none; below 1, 1.", NULL },
  { "log_rotation_max_bytes", T_INT, "20971520", TRUE, 0, TIB, FALSE, "The size at which agent.log and the metric logs are rotated.", NULL },
  { "log_rotation_backup_count", T_INT, "2", TRUE, 0, COUNT, FALSE, "How many rotated logs are kept.", NULL },
  { "max_line_size", T_INT, "49900", TRUE, 1, UPLOAD_MAX_LINE, FALSE, "The longest log line uploaded whole, in bytes.", NULL },
  { "read_page_size", T_INT, "65536", TRUE, 1, GIB, FALSE, "How many bytes of a log are read at once.", NULL },
  { "internal_parse_max_line_size", T_INT, NULL, TRUE, 1, GIB, FALSE, "The longest line parsed; default read_page_size.", "131072" },
  { "line_completion_wait_time", T_FLOAT, "5.0", TRUE, 0, HOUR, FALSE, "Seconds a partial last line waits for its end before it is sent.", NULL },
  { "compression_type", T_STRING, "\"deflate\"", TRUE, NB, NB, FALSE, "How upload requests are compressed.", "\"zstandard\"" },
  { "compression_level", T_INT, NULL, TRUE, NB, NB, FALSE, "The compression level; out of the type's range, its default.", "9" },
  { "max_send_rate_enforcement", T_RATE, "\"unlimited\"", TRUE, NB, NB, FALSE, "unlimited, legacy or a rate such as 2MB/s.", "\"2MB/s\"" },
  { "disable_max_send_rate_enforcement_overrides", T_BOOL, "false", TRUE, NB, NB, FALSE, "Whether the rate enforcement leaves the request options alone.", NULL },
  { "max_allowed_request_size", T_INT, "1048576", TRUE, 4096, UPLOAD_MAX_REQUEST, FALSE, "The largest upload request, in bytes.", NULL },
  { "min_allowed_request_size", T_INT, "102400", TRUE, 1, GIB, FALSE, "The smallest upload request worth sending early, in bytes.", NULL },
  { "min_request_spacing_interval", T_FLOAT, "1.0", TRUE, 0, HOUR, FALSE, "The shortest wait between requests, in seconds.", NULL },
  { "max_request_spacing_interval", T_FLOAT, "5.0", TRUE, 0.001, HOUR, FALSE, "The longest wait between requests, in seconds.", NULL },
  { "pipeline_threshold", T_FLOAT, "1.1", TRUE, NB, NB, FALSE, "How full a request must be for the next one to be prepared early.", NULL },
  { "max_log_offset_size", T_INT, "5242880", TRUE, 0, TIB, FALSE, "How far behind a log may be before its start is skipped.", NULL },
  { "max_existing_log_offset_size", T_INT, "104857600", TRUE, 0, TIB, FALSE, "The same, for a log found when the agent starts.", NULL },
  { "debug_level", T_INT, "0", TRUE, 0, 5, FALSE, "How much the agent logs about itself, 0 to 5.", "1" },
  { "stdout_severity", T_STRING, "\"NOTSET\"", TRUE, NB, NB, FALSE, "The lowest level of the messages also written to stdout.", "\"INFO\"" },
  { "verify_server_certificate", T_BOOL, "true", TRUE, NB, NB, FALSE, "Whether the server's certificate is checked.", NULL },
  { "ca_cert_path", T_STRING, NULL, TRUE, NB, NB, FALSE, "The CA certificates the server's certificate is checked against.", "\"/etc/ssl/certs/ca-certificates.crt\"" },
  { "http_proxy", T_STRING, NULL, TRUE, NB, NB, FALSE, "The proxy of http requests.", "\"http://proxy.example.com:3128\"" },
  { "https_proxy", T_STRING, NULL, TRUE, NB, NB, FALSE, "The proxy of https requests.", "\"http://proxy.example.com:3128\"" },
  { "request_deadline", T_FLOAT, "60.0", TRUE, 0, HOUR, TRUE, "Seconds a request may take (rounded up to a whole second).", NULL },
  { "user_agent_refresh_interval", T_INT, "60", TRUE, 1, YEAR, FALSE, "Seconds between refreshes of the monitors' user-agent fragments.", NULL },
  { "agent_status_timeout", T_INT, "30", FALSE, 1, YEAR, FALSE, "Seconds status -v waits for the agent.", NULL },
  { "pidfile_advanced_reuse_guard", T_BOOL, "false", TRUE, NB, NB, FALSE, "Whether a stale pidfile is checked against the process's command line.", NULL },
  { "strip_domain_from_default_server_host", T_BOOL, "false", TRUE, NB, NB, FALSE, "Whether the default serverHost drops the domain.", NULL },
  { "overall_stats_log_interval", T_FLOAT, "600.0", TRUE, 0, YEAR, FALSE, "Seconds between the agent's overall statistics.", NULL },
  { "bandwidth_stats_log_interval", T_FLOAT, "60.0", TRUE, 0, YEAR, FALSE, "Seconds between the agent's bandwidth statistics.", NULL },
  { "copying_manager_stats_log_interval", T_FLOAT, "300.0", TRUE, 0, YEAR, FALSE, "Seconds between the upload statistics.", NULL },
  { "calculate_rate_metric_names", T_STRING_ARRAY, "[]", TRUE, NB, NB, FALSE, "Metrics whose rate the agent also reports.", "[ \"linux_system_metrics:proc.net.bytes\" ]" },
  { "json_library", T_STRING, "\"auto\"", TRUE, NB, NB, FALSE, "Ignored; kept for compatibility.", NULL },
};

/* the fields of a logs entry: the upload service checks them
 * (scalyr_uploader_add_log_entry()); declared here for the documentation */
static const FieldSpec log_entry_fields[] = {
  { "path", T_STRING, NULL, FALSE, NB, NB, FALSE, "The file or glob to upload (required); relative to agent_log_path.", "\"/var/log/app/*.log\"" },
  { "exclude", T_STRING_ARRAY, "[]", FALSE, NB, NB, FALSE, "Globs of files not to upload; one without a / matches the file name.", "[ \"*.gz\" ]" },
  { "attributes", T_OBJECT, "{}", FALSE, NB, NB, FALSE, "Attributes sent with every line of the log.", "{ parser: \"accessLog\", tier: \"web\" }" },
  { "parser", T_STRING, "\"default\"", FALSE, NB, NB, FALSE, "The parser attribute; default attributes.parser, else default.", "\"accessLog\"" },
  { "copy_from_start", T_BOOL, "false", FALSE, NB, NB, FALSE, "Whether files found at start are copied from their beginning rather than their end.", "true" },
  { "rename_logfile", T_STRING, NULL, FALSE, NB, NB, FALSE, "The logfile attribute sent instead of the path: a template of $PATH1, $PATH2..., $BASENAME, $BASENAME_NO_EXT, or an object { match, replacement }.", "\"/app/$BASENAME\"" },
  { "sampling_rules", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "{ match_expression, sampling_rate } rules: the first that matches a line keeps it with that probability (0 to 1).", "[ { match_expression: \"DEBUG\", sampling_rate: 0.1 } ]" },
  { "redaction_rules", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "{ match_expression, replacement, hash_salt } rules applied in order to every line; \\H1 in a replacement is the MD5 of group 1.", "[ { match_expression: \"password=[^ ]*\", replacement: \"password=xxx\" } ]" },
  { "ignore_stale_files", T_BOOL, "false", FALSE, NB, NB, FALSE, "Whether a file not written for staleness_threshold_secs is left closed.", "true" },
  { "staleness_threshold_secs", T_FLOAT, "300.0", FALSE, 0, YEAR, TRUE, "Seconds without a write after which a file is stale.", NULL },
  { "lineGroupers", T_OBJECT_ARRAY, "[]", FALSE, NB, NB, FALSE, "{ start, continueThrough | continuePast | haltBefore | haltWith } regular expressions that join lines into one event.", "[ { start: \"^[^\\\\s]\", continueThrough: \"^[\\\\s]+at\" } ]" },
  { "parse_format", T_STRING, "\"raw\"", FALSE, NB, NB, FALSE, "How lines are read: raw, json (Docker's json-file) or cri.", "\"json\"" },
  { "parse_lines_as_json", T_BOOL, NULL, FALSE, NB, NB, FALSE, "When set, overrides parse_format: true is json, false raw.", "true" },
  { "json_message_field", T_STRING, "\"log\"", FALSE, NB, NB, FALSE, "The member of a json line that is the message.", NULL },
  { "json_timestamp_field", T_STRING, "\"time\"", FALSE, NB, NB, FALSE, "The member of a json line that is its RFC 3339 time.", NULL },
};

#undef NB
#undef YEAR
#undef TIB
#undef GIB
#undef COUNT

static const char * const compression_types[] = { "deflate", "bz2", "none", "lz4", "zstandard", NULL };
static const char * const severities[] = { "NOTSET", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL",
                                           "FATAL", NULL };
static const char * const parse_formats[] = { "raw", "json", "cri", NULL };

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
  if (g_str_equal (spec->name, "parse_format"))
    scalyr_monitor_option_set_allowed_values (option, parse_formats);
  if (spec == &log_entry_fields[0])
    scalyr_monitor_option_set_required (option, TRUE);
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

/* the examples of the fields every monitor entry may hold (declared by
 * libscalyrmon), where their defaults are not good ones */
static const struct {
  const char *name;
  const char *example;
} monitor_entry_examples[] = {
  { "module", "\"linux_process_metrics\"" },
  { "id", "\"nginx\"" },
  { "log_path", "\"nginx-process.log\"" },
  { "stop_agent_on_failure", "true" },
  { "sample_interval", "60" },
  { "log_rotation_max_bytes", "10485760" },
  { "log_rotation_backup_count", "5" },
  { "metric_name_blacklist", "[ \"app.threads\" ]" },
  { "openmetrics", "true" },
};

static GPtrArray *
log_entry_schema (void)
{
  static GPtrArray *schema;

  if (g_once_init_enter (&schema))
    {
      GPtrArray *declarations = g_ptr_array_new_full (G_N_ELEMENTS (log_entry_fields), g_object_unref);

      for (gsize i = 0; i < G_N_ELEMENTS (log_entry_fields); i++)
        g_ptr_array_add (declarations, declare (&log_entry_fields[i]));
      g_once_init_leave (&schema, declarations);
    }
  return schema;
}

GPtrArray *
scalyr_agent_config_schema_section (ScalyrAgentConfigSection section)
{
  switch (section)
    {
    case SCALYR_AGENT_CONFIG_SECTION_MONITOR:
      return scalyr_agent_config_common_options ();
    case SCALYR_AGENT_CONFIG_SECTION_LOG:
      return log_entry_schema ();
    case SCALYR_AGENT_CONFIG_SECTION_AGENT:
    default:
      return scalyr_agent_config_schema ();
    }
}

static const char *
find_example (const FieldSpec *specs,
              gsize            n,
              const char      *name)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (specs[i].name, name))
      return specs[i].example;
  return NULL;
}

const char *
scalyr_agent_config_schema_example (ScalyrAgentConfigSection section,
                                    const char              *name)
{
  switch (section)
    {
    case SCALYR_AGENT_CONFIG_SECTION_MONITOR:
      for (gsize i = 0; i < G_N_ELEMENTS (monitor_entry_examples); i++)
        if (g_str_equal (monitor_entry_examples[i].name, name))
          return monitor_entry_examples[i].example;
      return NULL;
    case SCALYR_AGENT_CONFIG_SECTION_LOG:
      return find_example (log_entry_fields, G_N_ELEMENTS (log_entry_fields), name);
    case SCALYR_AGENT_CONFIG_SECTION_AGENT:
    default:
      return find_example (fields, G_N_ELEMENTS (fields), name);
    }
}

char *
scalyr_agent_config_schema_dup_example (ScalyrAgentConfigSection section,
                                        ScalyrMonitorOption     *option)
{
  const char *example = scalyr_agent_config_schema_example (section, scalyr_monitor_option_get_name (option));
  g_autoptr(JsonNode) def = NULL;

  if (example != NULL)
    return g_strdup (example);
  def = scalyr_agent_config_schema_default (option);
  return def != NULL ? json_to_string (def, FALSE) : NULL;
}

char *
scalyr_agent_config_schema_describe (ScalyrAgentConfigSection section,
                                     ScalyrMonitorOption     *option)
{
  g_autofree char *line = scalyr_config_describe_option (option);
  g_autofree char *env = scalyr_monitor_option_dup_effective_env_name (option);
  const char *open = strchr (line, '(');
  const char *end = strrchr (line, ')');
  const char *cut;

  if (open == NULL || end == NULL || end < open)
    return g_strdup ("");
  /* the describer names SCALYR_<FIELD> for every field, as a monitor entry
   * reads it (the documentation says so once for all entries); agent.json
   * reads only its environment-aware fields, and a logs entry none */
  cut = strstr (open, ", environment variable ");
  if (cut != NULL && (section != SCALYR_AGENT_CONFIG_SECTION_AGENT || env == NULL))
    end = cut;
  return g_strndup (open + 1, end - open - 1);
}
