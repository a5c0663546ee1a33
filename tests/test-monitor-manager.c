/* test-monitor-manager.c: instance ids, apply by difference, shared metric logs
 * SPDX-License-Identifier: Apache-2.0 */
#include <string.h>
#include <glib/gstdio.h>
#include "scalyragent.h"
#include "test-helpers.h"

/* spec §8.2 and monitor-api §1.2 */
static void
test_assign_ids (void)
{
  static const struct {
    const char *monitors;
    const char *ids;    /* joined with "," */
  } cases[] = {
    { "[ { module: \"test_monitor\" } ]", "" },
    { "[ { module: \"test_monitor\" }, { module: \"test_monitor\" }, { module: \"test_monitor\" } ]", "1,2,3" },
    { "[ { module: \"test_monitor\", id: \"first\" }, { module: \"test_monitor\" } ]", "first,2" },
    { "[ { module: \"A\", id: \"x\" }, { module: \"A\" } ]", "x,2" },
    { "[ { module: \"a.b.linux_process_metrics\" }, { module: \"test_monitor\", id: 7 },"
      " { module: \"linux_process_metrics\" } ]", "1,7,2" },
    { "[ { module: \"m\", id: \"only\" } ]", "only" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = scalyr_json_parse (cases[i].monitors, -1, NULL, NULL, &error);
      g_auto(GStrv) ids = NULL;
      g_autofree char *joined = NULL;

      g_assert_no_error (error);
      ids = scalyr_monitor_manager_assign_ids (json_node_get_array (node));
      joined = g_strjoinv (",", ids);
      g_assert_cmpstr (joined, ==, cases[i].ids);
    }
}

typedef struct {
  char *dir;
  char *config_path;
  TestSink *diagnostics;
  ScalyrAgentLogger *logger;
  ScalyrMonitorManager *manager;
} Fixture;

static void
fixture_setup (Fixture      *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  f->dir = g_dir_make_tmp ("manager-XXXXXX", &error);
  g_assert_no_error (error);
  f->config_path = g_build_filename (f->dir, "agent.json", NULL);
  f->diagnostics = g_object_new (TEST_TYPE_SINK, NULL);
  f->logger = scalyr_agent_logger_new ("scalyr_agent.monitors_manager", "");
  scalyr_agent_logger_set_diagnostic_sink (f->logger, SCALYR_LOG_SINK (f->diagnostics));
  f->manager = scalyr_monitor_manager_new (f->logger);
  scalyr_monitor_manager_set_stop_timeout (f->manager, 2000);
}

static void
fixture_teardown (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  (void) data;
  g_object_unref (f->manager);
  g_object_unref (f->logger);
  g_object_unref (f->diagnostics);
  g_assert_cmpint (system (command), ==, 0);
  g_free (f->config_path);
  g_free (f->dir);
}

static ScalyrAgentConfig *
load (Fixture    *f,
      const char *monitors)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("{ agent_log_path: \"log\", agent_data_path: \"data\",\n"
                                           "  global_monitor_sample_interval: 1000,\n"
                                           "  global_monitor_sample_interval_enable_jitter: false,\n"
                                           "  implicit_metric_monitor: false,\n"
                                           "  implicit_agent_process_metrics_monitor: false,\n"
                                           "  monitors: %s }", monitors);
  ScalyrAgentConfig *config;

  g_file_set_contents (f->config_path, text, -1, &error);
  g_assert_no_error (error);
  g_chmod (f->config_path, 0600);
  config = scalyr_agent_config_load (f->config_path, NULL, &error);
  g_assert_no_error (error);
  return config;
}

/* applies @monitors (and more top-level fields after them), modules found
 * in @module_dir too */
static void
apply_with_modules (Fixture    *f,
                    const char *monitors,
                    const char *module_dir)
{
  g_autofree char *text = g_strdup_printf ("%s, additional_monitor_module_paths: \"%s\"", monitors, module_dir);
  g_autoptr(ScalyrAgentConfig) config = load (f, text);

  scalyr_monitor_manager_apply (f->manager, config);
}

/* the manager's metrics once @name (of @monitor) is among them, within 10 s */
static JsonNode *
wait_for_metric (ScalyrMonitorManager *manager,
                 const char           *monitor,
                 const char           *name)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(JsonNode) metrics = scalyr_monitor_manager_dup_metrics (manager);
      JsonArray *array = json_node_get_array (metrics);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *o = json_array_get_object_element (array, i);

          if (g_str_equal (json_object_get_string_member (o, "monitor"), monitor) &&
              g_str_equal (json_object_get_string_member (o, "name"), name))
            return g_steal_pointer (&metrics);
        }
      g_usleep (20 * 1000);
    }
  g_assert_not_reached ();
}

/* the metric @name of @monitor_id as compact JSON text, without its time */
static char *
metric_text (JsonNode   *metrics,
             const char *monitor_id,
             const char *name)
{
  JsonArray *array = json_node_get_array (metrics);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (o, "monitor_id"), monitor_id) &&
          g_str_equal (json_object_get_string_member (o, "name"), name))
        {
          g_autoptr(JsonNode) copy = json_node_copy (json_array_get_element (array, i));
          JsonNode *ts = json_object_get_member (o, "timestamp_ms");

          g_assert_true (json_node_get_value_type (ts) == G_TYPE_INT64);
          g_assert_cmpint (llabs (json_node_get_int (ts) - g_get_real_time () / 1000), <, 60000);
          json_object_remove_member (json_node_get_object (copy), "timestamp_ms");
          return json_to_string (copy, FALSE);
        }
    }
  return NULL;
}

static JsonObject *
monitor_status (JsonNode   *status,
                const char *name)
{
  JsonArray *array = json_node_get_array (status);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      if (g_str_equal (json_object_get_string_member (o, "name"), name))
        return o;
    }
  return NULL;
}

static void
test_apply_by_difference (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr(ScalyrAgentConfig) c1 = NULL, c2 = NULL, c3 = NULL;
  g_autoptr(JsonNode) s1 = NULL, s2 = NULL, s3 = NULL;
  const char *log;

  (void) data;
  c1 = load (f, "[ { module: \"test_monitor\", id: \"a\", gauss_mean: 1 },"
                "  { module: \"test_monitor\", id: \"b\", gauss_mean: 1 },"
                "  { module: \"test_monitor\", id: \"c\", gauss_mean: 1 } ]");
  scalyr_monitor_manager_apply (f->manager, c1);
  g_assert_cmpuint (scalyr_monitor_manager_get_n_monitors (f->manager), ==, 3);
  log = TEST_SINK (f->diagnostics)->data->str;
  g_assert_nonnull (strstr (log, "INFO [core] "));
  g_assert_nonnull (strstr (log, "Monitors: 3 started, 0 kept running, 3 configured"));
  s1 = scalyr_monitor_manager_dup_status (f->manager);

  /* the same configuration again: nothing happens */
  scalyr_monitor_manager_apply (f->manager, c1);
  g_assert_nonnull (strstr (TEST_SINK (f->diagnostics)->data->str, "Monitors: 0 started, 3 kept running"));

  /* c changes, b goes, d comes */
  c2 = load (f, "[ { module: \"test_monitor\", id: \"a\", gauss_mean: 1 },"
                "  { module: \"test_monitor\", id: \"c\", gauss_mean: 2 },"
                "  { module: \"test_monitor\", id: \"d\", gauss_mean: 1 } ]");
  scalyr_monitor_manager_apply (f->manager, c2);
  log = TEST_SINK (f->diagnostics)->data->str;
  g_assert_nonnull (strstr (log, "Stopped monitor test_monitor(b)"));
  g_assert_nonnull (strstr (log, "Stopped monitor test_monitor(c)"));
  g_assert_null (strstr (log, "Stopped monitor test_monitor(a)"));
  g_assert_nonnull (strstr (log, "Monitors: 2 started, 1 kept running, 3 configured"));
  s2 = scalyr_monitor_manager_dup_status (f->manager);
  g_assert_nonnull (monitor_status (s2, "test_monitor(d)"));
  g_assert_null (monitor_status (s2, "test_monitor(b)"));
  /* all share one metric log */
  g_assert_true (g_str_has_suffix (json_object_get_string_member (monitor_status (s2, "test_monitor(a)"), "log_path"),
                                   "/log/test_monitor.log"));

  /* a global setting the monitors use changes: everything restarts */
  {
    g_autoptr(GError) error = NULL;
    g_file_set_contents (f->config_path,
                         "{ agent_log_path: \"log2\", agent_data_path: \"data\",\n"
                         "  global_monitor_sample_interval: 1000, global_monitor_sample_interval_enable_jitter: false,\n"
                         "  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,\n"
                         "  monitors: [ { module: \"test_monitor\", id: \"a\", gauss_mean: 1 } ] }", -1, &error);
    g_assert_no_error (error);
    c3 = scalyr_agent_config_load (f->config_path, NULL, &error);
    g_assert_no_error (error);
  }
  scalyr_monitor_manager_apply (f->manager, c3);
  g_assert_nonnull (strstr (TEST_SINK (f->diagnostics)->data->str, "Monitors: 1 started, 0 kept running, 1 configured"));
  s3 = scalyr_monitor_manager_dup_status (f->manager);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (monitor_status (s3, "test_monitor(a)"), "log_path"),
                                   "/log2/test_monitor.log"));

  g_assert_cmpuint (scalyr_monitor_manager_stop_all (f->manager), ==, 0);
  g_assert_cmpuint (scalyr_monitor_manager_get_n_monitors (f->manager), ==, 0);
}

static void
test_failures_reported (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(ScalyrAgentConfig) config = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *m;

  (void) data;
  config = load (f, "[ { module: \"test_monitor\", gauss_mean: 1 }, { module: \"no_such_thing\" },"
                    "  { module: \"test_monitor\", gauss_mean: 11 } ]");
  scalyr_monitor_manager_apply (f->manager, config);
  status = scalyr_monitor_manager_dup_status (f->manager);
  m = monitor_status (status, "test_monitor(1)");
  g_assert_cmpstr (json_object_get_string_member (m, "state"), ==, "running");
  m = monitor_status (status, "test_monitor(2)");
  g_assert_cmpstr (json_object_get_string_member (m, "state"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (m, "error"), "gauss_mean"));
  m = monitor_status (status, "no_such_thing()");
  g_assert_cmpstr (json_object_get_string_member (m, "state"), ==, "failed");
  g_assert_nonnull (strstr (TEST_SINK (f->diagnostics)->data->str,
                            "ERROR [core] [scalyr-monitor-manager.c:"));
  g_assert_nonnull (strstr (TEST_SINK (f->diagnostics)->data->str,
                            "[error=\"failedMonitor\"] Failed to start monitor no_such_thing()"));

  /* the same checks, up front, for --check-config: every failure listed */
  g_assert_false (scalyr_monitor_manager_check_config (config, &error));
  g_assert_nonnull (strstr (error->message, "monitors[1] (no_such_thing()): "));
  g_assert_nonnull (strstr (error->message, "monitors[2] (test_monitor(2)): "));
  scalyr_monitor_manager_stop_all (f->manager);
}

/* openmetrics: the latest values of the monitors that ask, typed by their
 * declarations; the others' not */
static void
test_openmetrics (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr(JsonNode) metrics = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *text = NULL;
  JsonArray *array;

  (void) data;
  apply_with_modules (f, "[ { module: \"misbehaving_monitor\", id: \"on\", mode: \"metrics\","
                         "    sample_interval: 0.05, openmetrics: true },"
                         "  { module: \"misbehaving_monitor\", id: \"off\", mode: \"metrics\","
                         "    sample_interval: 0.05 } ]", g_getenv ("G_TEST_BUILDDIR"));
  metrics = wait_for_metric (f->manager, "misbehaving_monitor", "odd.name-1");
  array = json_node_get_array (metrics);
  /* requests, temperature, up, odd.name-1; not the string, not "off" */
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  text = metric_text (metrics, "on", "requests");
  g_assert_nonnull (g_strrstr (text, "\"value\":"));
  g_assert_true (g_str_has_prefix (text,
                                   "{\"monitor\":\"misbehaving_monitor\",\"monitor_id\":\"on\","
                                   "\"name\":\"requests\",\"type\":\"counter\",\"help\":\"Requests served.\","
                                   "\"unit\":\"requests\",\"labels\":{\"code\":\"200\",\"path\":\"/a \\\"b\\\"\"},"
                                   "\"value\":"));
  g_clear_pointer (&text, g_free);
  text = metric_text (metrics, "on", "temperature");
  g_assert_cmpstr (text, ==,
                   "{\"monitor\":\"misbehaving_monitor\",\"monitor_id\":\"on\",\"name\":\"temperature\","
                   "\"type\":\"gauge\",\"help\":\"The temperature.\",\"unit\":\"celsius\",\"labels\":{},"
                   "\"value\":21.5}");
  g_clear_pointer (&text, g_free);
  text = metric_text (metrics, "on", "up");
  g_assert_cmpstr (text, ==,
                   "{\"monitor\":\"misbehaving_monitor\",\"monitor_id\":\"on\",\"name\":\"up\","
                   "\"type\":\"gauge\",\"help\":\"\",\"unit\":\"\",\"labels\":{},\"value\":1}");
  g_clear_pointer (&text, g_free);
  text = metric_text (metrics, "on", "odd.name-1");
  g_assert_cmpstr (text, ==,
                   "{\"monitor\":\"misbehaving_monitor\",\"monitor_id\":\"on\",\"name\":\"odd.name-1\","
                   "\"type\":\"gauge\",\"help\":\"\",\"unit\":\"\",\"labels\":{},\"value\":-3}");

  status = scalyr_monitor_manager_dup_status (f->manager);
  g_assert_true (json_object_get_boolean_member (monitor_status (status, "misbehaving_monitor(on)"), "openmetrics"));
  g_assert_false (json_object_get_boolean_member (monitor_status (status, "misbehaving_monitor(off)"), "openmetrics"));
  g_assert_cmpint (json_object_get_int_member (monitor_status (status, "misbehaving_monitor(on)"), "series_dropped"),
                   ==, 0);
  g_assert_null (strstr (TEST_SINK (f->diagnostics)->data->str, "openmetrics_max_series"));
  scalyr_monitor_manager_stop_all (f->manager);
  g_clear_pointer (&metrics, json_node_unref);
  /* stopped monitors have none */
  metrics = scalyr_monitor_manager_dup_metrics (f->manager);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (metrics)), ==, 0);
}

/* openmetrics_max_series: the series past it are counted in the status and
 * one warning says so */
static void
test_openmetrics_limit (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr(JsonNode) status = NULL;
  const char *log;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  JsonObject *m = NULL;

  (void) data;
  apply_with_modules (f, "[ { module: \"misbehaving_monitor\", id: \"lim\", mode: \"metrics\","
                         "    sample_interval: 0.05, openmetrics: true } ], openmetrics_max_series: 3",
                      g_getenv ("G_TEST_BUILDDIR"));
  while (g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&status, json_node_unref);
      status = scalyr_monitor_manager_dup_status (f->manager);
      m = monitor_status (status, "misbehaving_monitor(lim)");
      if (json_object_get_int_member_with_default (m, "samples", 0) >= 3)
        break;
      g_usleep (20 * 1000);
    }
  g_assert_cmpint (json_object_get_int_member (m, "series_dropped"), ==, 1);
  g_clear_pointer (&status, json_node_unref);
  status = scalyr_monitor_manager_dup_status (f->manager);
  log = TEST_SINK (f->diagnostics)->data->str;
  g_assert_nonnull (strstr (log, "WARNING [core] "));
  g_assert_nonnull (strstr (log, "Monitor misbehaving_monitor(lim) reports more than 3 metric series "
                                 "(openmetrics_max_series)"));
  {
    g_auto(GStrv) parts = g_strsplit (log, "openmetrics_max_series)", -1);
    g_assert_cmpuint (g_strv_length (parts), ==, 2);
  }
  scalyr_monitor_manager_stop_all (f->manager);
}

/* a Python monitor through its loader: its define_metric declarations
 * type its metrics */
static void
test_openmetrics_python (Fixture      *f,
                         gconstpointer data)
{
  const char *dir = g_getenv ("PY_MONITORS_DIR");
  g_autoptr(JsonNode) metrics = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *text = NULL;

  (void) data;
  if (dir == NULL)
    {
      g_test_skip ("runs in the python suite (monitor-manager-python), with the Python loader");
      return;
    }
  apply_with_modules (f, "[ { module: \"py_counter\", label: \"x y\", step: 5, sample_interval: 0.05,"
                         "    openmetrics: true } ]", dir);
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (scalyr_monitor_manager_check_loads (f->manager) > 0 && g_get_monotonic_time () < deadline)
      g_usleep (20 * 1000);
  }
  metrics = wait_for_metric (f->manager, "py_counter", "count");
  text = metric_text (metrics, "", "count");
  g_assert_true (g_str_has_prefix (text,
                                   "{\"monitor\":\"py_counter\",\"monitor_id\":\"\",\"name\":\"count\","
                                   "\"type\":\"counter\",\"help\":\"The running count.\",\"unit\":\"count\","
                                   "\"labels\":{\"label\":\"x y\"},\"value\":"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (metrics), 0),
                                               "value") % 5, ==, 0);
  status = scalyr_monitor_manager_dup_status (f->manager);
  g_assert_true (json_object_get_boolean_member (monitor_status (status, "py_counter()"), "openmetrics"));
  scalyr_monitor_manager_stop_all (f->manager);
}

/* a typo in openmetrics is an error naming the field */
static void
test_openmetrics_typo (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = NULL;

  (void) data;
  g_file_set_contents (f->config_path,
                       "{ monitors: [ { module: \"test_monitor\", gauss_mean: 1, openmetrics: \"ture\" } ] }",
                       -1, &error);
  g_assert_no_error (error);
  g_chmod (f->config_path, 0600);
  config = scalyr_agent_config_load (f->config_path, NULL, &error);
  g_assert_null (config);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "field \"openmetrics\": expected a boolean (true or false), got \"ture\""));
  g_clear_error (&error);
  g_file_set_contents (f->config_path, "{ openmetrics_max_series: 0 }", -1, &error);
  g_assert_no_error (error);
  config = scalyr_agent_config_load (f->config_path, NULL, &error);
  g_assert_null (config);
  g_assert_nonnull (strstr (error->message, "openmetrics_max_series"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("SCALYR_MONITOR_PATH");
  g_test_add_func ("/monitor-manager/assign-ids", test_assign_ids);
  g_test_add ("/monitor-manager/apply-by-difference", Fixture, NULL, fixture_setup, test_apply_by_difference,
              fixture_teardown);
  g_test_add ("/monitor-manager/failures-reported", Fixture, NULL, fixture_setup, test_failures_reported,
              fixture_teardown);
  g_test_add ("/monitor-manager/openmetrics/c-monitor", Fixture, NULL, fixture_setup, test_openmetrics,
              fixture_teardown);
  g_test_add ("/monitor-manager/openmetrics/limit", Fixture, NULL, fixture_setup, test_openmetrics_limit,
              fixture_teardown);
  g_test_add ("/monitor-manager/openmetrics/python-monitor", Fixture, NULL, fixture_setup, test_openmetrics_python,
              fixture_teardown);
  g_test_add ("/monitor-manager/openmetrics/typo", Fixture, NULL, fixture_setup, test_openmetrics_typo,
              fixture_teardown);
  return g_test_run ();
}
