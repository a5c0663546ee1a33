/* test-config-ranges.c: every duration, interval, size and count of the
 * configuration has a range, and a value outside it (or not a finite
 * number) is refused with the field's name and the bound: in agent.json at
 * start, on reload and in the check, and in a monitor's entry (issue 12,
 * "Numbers: no overflow")
 * SPDX-License-Identifier: Apache-2.0 */
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include "scalyragent.h"

/* ---- agent.json ---- */

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("config-ranges-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* the main file: the agent's own directories under @dir, no implicit
 * monitors, then @fields */
static char *
write_config (const char *dir,
              const char *fields)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "agent.json", NULL);
  g_autofree char *text = g_strdup_printf ("{ agent_log_path: \"%s/log\", agent_data_path: \"%s/data\",\n"
                                           "  implicit_metric_monitor: false,\n"
                                           "  implicit_agent_process_metrics_monitor: false,\n"
                                           "  %s }\n", dir, dir, fields);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_chmod (path, 0600);
  return path;
}

static GError *
load_error (const char *fields)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_config (dir, fields);
  g_autoptr(ScalyrAgentConfig) config = NULL;
  GError *error = NULL;

  config = scalyr_agent_config_load (path, NULL, &error);
  remove_dir (dir);
  g_assert_null (config);
  g_assert_nonnull (error);
  return error;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("expected \"%s\" in \"%s\"", part, text);
}

/* one row per kind of range: the interval of the issue, the other
 * intervals, sizes of buffers and of files, counts, in the file, in a
 * monitor entry and from the environment */
static void
test_agent_bounds (void)
{
  static const struct {
    const char *fields;
    const char *message;
  } rows[] = {
    { "config_change_check_interval: 1e300",
      "field \"config_change_check_interval\": value 1e+300 is too large; it must be at most 31536000" },
    { "config_change_check_interval: 31536000.5",
      "field \"config_change_check_interval\": value 31536000.5 is too large; it must be at most 31536000" },
    { "global_monitor_sample_interval: 1e13",
      "field \"global_monitor_sample_interval\": value 10000000000000 is too large; it must be at most 31536000" },
    { "request_deadline: 1e20",
      "field \"request_deadline\": value 1e+20 is too large; it must be at most 3600" },
    /* the uploader's own limits: refused, not clamped without a word */
    { "request_deadline: 7200",
      "field \"request_deadline\": value 7200 is too large; it must be at most 3600" },
    { "max_line_size: 100000",
      "field \"max_line_size\": value 100000 is out of range: the max line size must be between 1 and 65536 "
      "inclusive" },
    { "max_request_spacing_interval: 0",
      "field \"max_request_spacing_interval\": value 0 is out of range: the max request spacing interval must be "
      "between 0.001 and 3600 inclusive" },
    { "line_completion_wait_time: 1e300",
      "field \"line_completion_wait_time\": value 1e+300 is out of range: the line completion wait time must be "
      "between 0 and 3600 inclusive" },
    { "min_request_spacing_interval: 4e7",
      "field \"min_request_spacing_interval\": value 40000000 is out of range: the min request spacing interval "
      "must be between 0 and 3600 inclusive" },
    { "overall_stats_log_interval: 1e300",
      "field \"overall_stats_log_interval\": value 1e+300 is out of range: the overall stats log interval must "
      "be between 0 and 31536000 inclusive" },
    { "user_agent_refresh_interval: 9000000000000000000",
      "field \"user_agent_refresh_interval\": value 9000000000000000000 is out of range: the user agent refresh "
      "interval must be between 1 and 31536000 inclusive" },
    { "log_rotation_max_bytes: 2000000000000",
      "field \"log_rotation_max_bytes\": value 2000000000000 is out of range: the log rotation max bytes must be "
      "between 0 and 1099511627776 inclusive" },
    { "max_log_offset_size: 1099511627777",
      "field \"max_log_offset_size\": value 1099511627777 is out of range: the max log offset size must be "
      "between 0 and 1099511627776 inclusive" },
    { "read_page_size: 1073741825",
      "field \"read_page_size\": value 1073741825 is out of range: the read page size must be between 1 and "
      "1073741824 inclusive" },
    { "max_allowed_request_size: 5000000000",
      "field \"max_allowed_request_size\": value 5000000000 is out of range: the max allowed request size must "
      "be between 4096 and 67108864 inclusive" },
    { "monitors: [ { module: \"m\", sample_interval: 1e13 } ]",
      "monitors[0]: field \"sample_interval\": value 10000000000000 is too large; it must be at most 31536000" },
    { "monitors: [ { module: \"m\", monitor_log_flush_delay: 1e300 } ]",
      "monitors[0]: field \"monitor_log_flush_delay\": value 1e+300 is out of range: the monitor log flush delay "
      "must be between 0 and 31536000 inclusive" },
    { "monitors: [ { module: \"m\", log_rotation_max_bytes: 1e13 } ]",
      "monitors[0]: field \"log_rotation_max_bytes\": value 10000000000000 is out of range: the log rotation max "
      "bytes must be between 0 and 1099511627776 inclusive" },
    { "monitors: [ { module: \"m\", monitor_log_write_rate: 1e15 } ]",
      "monitors[0]: field \"monitor_log_write_rate\": value 1000000000000000 is too large; it must be at most "
      "1099511627776" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = load_error (rows[i].fields);

      g_test_message ("%s", rows[i].fields);
      g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE);
      assert_contains (error->message, rows[i].message);
    }
}

/* the bound itself is accepted */
static void
test_agent_bounds_inclusive (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_config (dir, "config_change_check_interval: 31536000, "
                                        "log_rotation_max_bytes: 1099511627776, read_page_size: 1073741824, "
                                        "monitors: [ { module: \"m\", sample_interval: 31536000 } ]");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = scalyr_agent_config_load (path, NULL, &error);

  remove_dir (dir);
  g_assert_no_error (error);
  g_assert_cmpfloat (scalyr_agent_config_get_double (config, "config_change_check_interval"), ==, 31536000);
  g_assert_cmpint (scalyr_agent_config_get_int (config, "log_rotation_max_bytes"), ==,
                   G_GINT64_CONSTANT (1099511627776));
}

/* from the environment (a field no file sets) */
static void
test_agent_bounds_env (void)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("SCALYR_CONFIG_CHANGE_CHECK_INTERVAL", "1e300", TRUE);
  error = load_error ("api_key: \"\"");
  g_unsetenv ("SCALYR_CONFIG_CHANGE_CHECK_INTERVAL");
  g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_ENVIRONMENT);
  assert_contains (error->message, "environment variable SCALYR_CONFIG_CHANGE_CHECK_INTERVAL (for field "
                                   "\"config_change_check_interval\"): value 1e+300 is too large; it must be "
                                   "at most 31536000");
}

/* NaN and infinities are not numbers of the file (already so before the
 * ranges: kept) */
static void
test_agent_non_finite (void)
{
  static const char * const fields[] = {
    "config_change_check_interval: \"nan\"",
    "config_change_check_interval: \"inf\"",
    "config_change_check_interval: \"-inf\"",
    "monitors: [ { module: \"m\", sample_interval: \"nan\" } ]",
    "monitors: [ { module: \"m\", sample_interval: \"Infinity\" } ]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GError) error = load_error (fields[i]);

      g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE);
      assert_contains (error->message, "interval\": expected a number, got \"");
    }
}

static gpointer
ref_option (gconstpointer option,
            gpointer      data)
{
  (void) data;
  return g_object_ref ((gpointer) option);
}

/* every number of the schema has a maximum, except the few that are not
 * durations, sizes or counts */
static void
test_schema_has_ranges (void)
{
  static const char * const unbounded[] = {
    "compression_level",     /* out of the type's range: its default (spec) */
    "pipeline_threshold",    /* a ratio */
    NULL
  };
  g_autoptr(GPtrArray) schema = scalyr_agent_config_dup_schema ();
  g_autoptr(GPtrArray) common = scalyr_config_dup_monitor_common_options ();
  guint numbers = 0;

  g_ptr_array_extend (schema, common, ref_option, NULL);
  for (guint i = 0; i < schema->len; i++)
    {
      ScalyrMonitorOption *o = g_ptr_array_index (schema, i);
      GType t = scalyr_monitor_option_get_value_type (o);
      const char *name = scalyr_monitor_option_get_name (o);

      if ((t != G_TYPE_INT64 && t != G_TYPE_DOUBLE) || g_strv_contains (unbounded, name))
        continue;
      numbers++;
      /* a minimum too, but for the rates (negative: no limit) */
      if (scalyr_monitor_option_get_max_value (o) == NULL ||
          (scalyr_monitor_option_get_min_value (o) == NULL && !g_str_has_prefix (name, "monitor_log_")))
        g_error ("%s has no range", name);
    }
  g_assert_cmpuint (numbers, >=, 25);
}

/* the same refusal at start and on reload: the running agent keeps its
 * configuration and says why in agent.log */
static void
test_agent_start_and_reload (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_config (dir, "config_change_check_interval: 1e300");
  g_autofree char *log_path = g_build_filename (dir, "log", "agent.log", NULL);
  g_autofree char *log = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgent) bad = scalyr_agent_new (path, NULL);
  g_autoptr(ScalyrAgent) agent = NULL;

  g_assert_false (scalyr_agent_start (bad, &error));
  g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE);
  assert_contains (error->message, "field \"config_change_check_interval\": value 1e+300 is too large; "
                                   "it must be at most 31536000");
  g_clear_error (&error);

  g_free (write_config (dir, "config_change_check_interval: 30"));
  agent = scalyr_agent_new (path, NULL);
  g_assert_true (scalyr_agent_start (agent, &error));
  g_assert_no_error (error);

  g_free (write_config (dir, "config_change_check_interval: 1e300"));
  g_assert_false (scalyr_agent_reload (agent));
  g_assert_cmpfloat (scalyr_agent_config_get_double (scalyr_agent_get_config (agent),
                                                     "config_change_check_interval"), ==, 30);
  /* the periodic check does not run early: not ten times a second */
  for (int i = 0; i < 3; i++)
    g_assert_true (scalyr_agent_tick (agent));
  /* nor is the next tick due before the status refresh (a second at most),
   * and it is not ten times a second either: the check is 30 s away */
  {
    gint64 now = g_get_monotonic_time ();
    gint64 next = scalyr_agent_get_next_tick_time (agent);

    g_assert_cmpint (next, <=, now + G_USEC_PER_SEC);
    g_assert_cmpint (next, >, now - G_USEC_PER_SEC);
  }
  g_assert_cmpuint (scalyr_agent_stop (agent), ==, 0);
  g_assert_cmpint (scalyr_agent_get_next_tick_time (agent), ==, G_MAXINT64);

  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  assert_contains (log, "Bad configuration file seen.  Ignoring, using last known good configuration file.");
  assert_contains (log, "field \"config_change_check_interval\": value 1e+300 is too large; "
                        "it must be at most 31536000");
  remove_dir (dir);
}

/* scalyr-agent --check-config: every out-of-range field, exit 2 */
static void
test_agent_check_config (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_config (dir, "config_change_check_interval: 1e300,\n"
                                        "  monitors: [ { module: \"m\", sample_interval: 1e13 } ]");
  const char *argv[] = { g_getenv ("SCALYR_AGENT"), "--config", path, "--check-config", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  remove_dir (dir);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  assert_contains (err, "agent.json:4:3: field \"config_change_check_interval\": value 1e+300 is too large; "
                        "it must be at most 31536000\n");
  assert_contains (err, "agent.json:5:30: monitors[0]: field \"sample_interval\": value 10000000000000 is too "
                        "large; it must be at most 31536000\n");
}

/* ---- a monitor's entry ---- */

#define RANGE_TYPE_MON (range_mon_get_type ())
G_DECLARE_FINAL_TYPE (RangeMon, range_mon, RANGE, MON, ScalyrMonitor)
struct _RangeMon { ScalyrMonitor parent_instance; };
G_DEFINE_FINAL_TYPE (RangeMon, range_mon, SCALYR_TYPE_MONITOR)
static void range_mon_class_init (RangeMonClass *klass) { (void) klass; }
static void range_mon_init (RangeMon *self) { (void) self; }

static GError *
monitor_error (const char *entry,
               double      interval)
{
  g_autoptr(ScalyrMonitorConfig) config = scalyr_monitor_config_new_from_string (entry, NULL, NULL);
  g_autoptr(ScalyrAgentLogger) logger = scalyr_agent_logger_new ("tests.range_mon", NULL);
  g_autoptr(ScalyrMonitor) monitor = NULL;
  GError *error = NULL;

  g_assert_nonnull (config);
  monitor = scalyr_monitor_new (RANGE_TYPE_MON, NULL, config, logger, interval, &error);
  g_assert_null (monitor);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
  return error;
}

static void
test_monitor_sample_interval (void)
{
  static const struct {
    const char *entry;
    double interval;
    const char *message;
  } rows[] = {
    /* the entry: above the range, infinite, not a number, below */
    { "{ sample_interval: 1e13 }", 30,
      "range_mon(): field \"sample_interval\": value 10000000000000.0 is above the maximum 31536000" },
    { "{ sample_interval: \"1e13\" }", 30,
      "range_mon(): field \"sample_interval\": value 10000000000000.0 is above the maximum 31536000" },
    { "{ sample_interval: \"inf\" }", 30,
      "range_mon(): field \"sample_interval\": value Infinity is above the maximum 31536000" },
    { "{ sample_interval: \"nan\" }", 30,
      "range_mon(): field \"sample_interval\": value NaN is not a finite number; set a number greater than 0 "
      "and at most 31536000" },
    { "{ sample_interval: -1 }", 30,
      "range_mon(): field \"sample_interval\": value -1.0 is not above the minimum 0; set a number greater than 0" },
    /* the default interval of the constructor (scalyr-run-monitor -s, the
     * agent's global_monitor_sample_interval) */
    { "{}", 1e13,
      "range_mon(): field \"sample_interval\": value 10000000000000.0 is above the maximum 31536000" },
    { "{}", INFINITY,
      "field \"sample_interval\" (the default interval): value Infinity is not a finite number; set a number "
      "greater than 0 and at most 31536000" },
    { "{}", NAN,
      "field \"sample_interval\" (the default interval): value NaN is not a finite number; set a number "
      "greater than 0 and at most 31536000" },
    /* the other numbers of the entry */
    { "{ monitor_log_flush_delay: \"nan\" }", 30,
      "range_mon(): field \"monitor_log_flush_delay\": value NaN is not a finite number; set a number from 0 "
      "to 31536000" },
    { "{ monitor_log_flush_delay: 1e300 }", 30,
      "range_mon(): field \"monitor_log_flush_delay\": value 1e+300 is above the maximum 31536000" },
    { "{ monitor_log_write_rate: 1e13 }", 30,
      "range_mon(): field \"monitor_log_write_rate\": value 10000000000000 is above the maximum 1099511627776" },
    { "{ monitor_log_max_write_burst: \"2000000000000\" }", 30,
      "range_mon(): field \"monitor_log_max_write_burst\": value 2000000000000 is above the maximum 1099511627776" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s, %g", rows[i].entry, rows[i].interval);
      error = monitor_error (rows[i].entry, rows[i].interval);
      g_assert_cmpstr (error->message, ==, rows[i].message);
    }
}

/* the ranges as --inspect and the generated documentation show them */
static void
test_monitor_common_options_described (void)
{
  static const char * const lines[] = {
    "sample_interval (float, greater than 0, max 31536000, environment variable SCALYR_SAMPLE_INTERVAL)",
    "log_rotation_max_bytes (integer, min 0, max 1099511627776, environment variable SCALYR_LOG_ROTATION_MAX_BYTES)",
    "log_rotation_backup_count (integer, min 0, max 1000, environment variable SCALYR_LOG_ROTATION_BACKUP_COUNT)",
    "monitor_log_flush_delay (float, default 0, min 0, max 31536000, environment variable "
    "SCALYR_MONITOR_LOG_FLUSH_DELAY)",
    NULL
  };
  g_autoptr(GPtrArray) common = scalyr_config_dup_monitor_common_options ();
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < common->len; i++)
    {
      g_autofree char *line = scalyr_config_describe_option (g_ptr_array_index (common, i));

      g_string_append_printf (all, "%s\n", line);
    }
  for (guint i = 0; lines[i] != NULL; i++)
    assert_contains (all->str, lines[i]);
}

/* ---- numbers read back from the agent's own files ---- */

/* a status file may hold anything (a later version, an edit): a time of
 * 1e300 seconds is shown as the last time GDateTime knows, with no
 * undefined conversion */
static void
test_status_huge_time (void)
{
  g_autoptr(JsonNode) status = json_from_string ("{ \"running\": false, \"pid\": 1, \"version\": \"x\","
                                                 " \"config\": { \"files\": [] }, \"agent_log\": {}, \"monitors\": [],"
                                                 " \"uploads\": { \"server\": \"s\", \"requests_ok\": 1,"
                                                 " \"last_success\": 1e300, \"logs\": [] } }", NULL);
  g_autofree char *text = NULL;

  g_assert_nonnull (status);
  text = scalyr_agent_format_status (status);
  assert_contains (text, "1 requests ok, 0 failed, 0 events, 0 bytes sent; last success 9999-12-31 23:59:59Z\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config-ranges/agent/bounds", test_agent_bounds);
  g_test_add_func ("/config-ranges/agent/bounds-inclusive", test_agent_bounds_inclusive);
  g_test_add_func ("/config-ranges/agent/bounds-env", test_agent_bounds_env);
  g_test_add_func ("/config-ranges/agent/non-finite", test_agent_non_finite);
  g_test_add_func ("/config-ranges/agent/schema-has-ranges", test_schema_has_ranges);
  g_test_add_func ("/config-ranges/agent/start-and-reload", test_agent_start_and_reload);
  g_test_add_func ("/config-ranges/agent/check-config", test_agent_check_config);
  g_test_add_func ("/config-ranges/monitor/sample-interval", test_monitor_sample_interval);
  g_test_add_func ("/config-ranges/monitor/common-options-described", test_monitor_common_options_described);
  g_test_add_func ("/config-ranges/status/huge-time", test_status_huge_time);
  return g_test_run ();
}
