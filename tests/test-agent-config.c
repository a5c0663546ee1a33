/* test-agent-config.c: agent.json loading, table-driven from agent-config.md §10
 * SPDX-License-Identifier: Apache-2.0 */
#include <string.h>
#include <glib/gstdio.h>
#include "scalyragent.h"

/* A config case: the main file, up to two fragments in agent.d, environment
 * variables to set, and either an error (code + a substring of the message)
 * or a list of checks "field=json" on the merged object. */
typedef struct {
  const char *name;
  const char *main_text;
  const char *frag_names[3];
  const char *frag_texts[3];
  const char *env[4];          /* "NAME=value" */
  int error_code;              /* -1: success expected */
  const char *error_part;
  const char *checks[6];       /* "field=relaxed JSON value" */
  const char *warning_part;
} ConfigCase;

static const ConfigCase cases[] = {
  { "row1-defaults",
    "{ api_key: \"hi there\", logs: [ { path:\"/var/log/tomcat6/access.log\"} ] }",
    { NULL }, { NULL }, { NULL }, -1, NULL,
    { "global_monitor_sample_interval=30.0", "max_line_size=49900", "read_page_size=65536",
      "max_allowed_request_size=5900000", "api_key=\"hi there\"", NULL }, NULL },
  { "row2-no-api-key-is-not-an-error",
    "{ logs: [ { path: \"/x.log\" } ] }",
    { NULL }, { NULL }, { NULL }, -1, NULL, { "api_key=\"\"", NULL }, NULL },
  { "row3-env-api-key",
    "{}", { NULL }, { NULL }, { "SCALYR_API_KEY=xyz", NULL }, -1, NULL, { "api_key=\"xyz\"", NULL }, NULL },
  { "row4-file-wins-over-env",
    "{api_key:\"abcd1234\"}", { NULL }, { NULL }, { "SCALYR_API_KEY=xyz", NULL }, -1, NULL,
    { "api_key=\"abcd1234\"", NULL }, "Conflicting values detected between global config file parameter `api_key`" },
  { "row5-https-forced",
    "{ scalyr_server: \"agent.scalyr.com\" }", { NULL }, { NULL }, { NULL }, -1, NULL,
    { "scalyr_server=\"https://agent.scalyr.com\"", NULL }, NULL },
  { "row5-http-upgraded",
    "{ scalyr_server: \"  http://agent.scalyr.com\" }", { NULL }, { NULL }, { NULL }, -1, NULL,
    { "scalyr_server=\"https://agent.scalyr.com\"", NULL }, NULL },
  { "row6-allow-http",
    "{ allow_http: true, scalyr_server: \"http://agent.scalyr.com\" }", { NULL }, { NULL }, { NULL }, -1, NULL,
    { "scalyr_server=\"http://agent.scalyr.com\"", NULL }, NULL },
  { "row7-fragments-merge",
    "{ api_key: \"k\", logs: [ { path: \"/tomcat.log\" } ], server_attributes: { serverHost: \"foo.com\" } }",
    { "nginx.json", "apache.json", NULL },
    { "{ logs: [ { path: \"/nginx.log\" } ], server_attributes: { webServer: \"true\" } }",
      "{ logs: [ { path: \"/apache.log\" } ] }", NULL },
    { NULL }, -1, NULL,
    { "server_attributes={serverHost: \"foo.com\", webServer: \"true\"}", NULL }, NULL },
  { "row8-fragment-redefines",
    "{ api_key: \"k\" }", { "a.json", NULL }, { "{\n  api_key: \"k\" }", NULL }, { NULL },
    SCALYR_AGENT_CONFIG_ERROR_MULTIPLE_KEYS, "a.json:2:3: field \"api_key\" is already set in", { NULL }, NULL },
  { "row9-fragment-sets-singles",
    "{}", { "a.json", NULL }, { "{ api_key: \"abcdefg\", agent_log_path: \"/var/silly1\" }", NULL }, { NULL },
    -1, NULL, { "api_key=\"abcdefg\"", "agent_log_path=\"/var/silly1\"", NULL }, NULL },
  { "row10-fragment-not-object",
    "{}", { "a.json", NULL }, { "[ { a: 1 } ]", NULL }, { NULL },
    SCALYR_AGENT_CONFIG_ERROR_PARSE, "a.json:1:1: a configuration file must hold one JSON object", { NULL }, NULL },
  { "row11-import-var",
    "{ import_vars: [\"TEST_VAR\"], api_key: \"hi$TEST_VAR\" }", { NULL }, { NULL }, { "TEST_VAR=bye", NULL },
    -1, NULL, { "api_key=\"hibye\"", NULL }, NULL },
  /* issue 12: the reference replaces an unset variable without default by
   * "" ("$UNSET/log" became "/log"); here it is an error. With an explicit
   * empty default the reference's result stays. */
  { "row11-import-var-unset-is-an-error",
    "{ import_vars: [\"TEST_VAR\"], api_key: \"hi$TEST_VAR\" }", { NULL }, { NULL }, { NULL },
    SCALYR_AGENT_CONFIG_ERROR_ENVIRONMENT,
    "agent.json:1:17: import_vars: the environment variable TEST_VAR is not set and has no default", { NULL },
    NULL },
  { "row11-import-var-unset-empty-default",
    "{ import_vars: [ { var: \"TEST_VAR\", default: \"\" } ], api_key: \"hi$TEST_VAR\" }", { NULL }, { NULL },
    { NULL }, -1, NULL, { "api_key=\"hi\"", NULL }, NULL },
  { "row12-import-var-default",
    "{ import_vars: [ { var: \"TEST_VAR2\", default: \"foo\" } ], api_key: \"hi$TEST_VAR2\" }",
    { NULL }, { NULL }, { "TEST_VAR2=", NULL }, -1, NULL, { "api_key=\"hifoo\"", NULL }, NULL },
  { "row13-longest-name-first",
    "{ import_vars: [\"TEST_FOO\", \"TEST_FOO_VAR\", \"TEST_FOO_VAR1\"], api_key: \"$TEST_FOO\","
    " agent_log_path: \"/$TEST_FOO_VAR\", agent_data_path: \"/$TEST_FOO_VAR1\" }",
    { NULL }, { NULL }, { "TEST_FOO=abc", "TEST_FOO_VAR=defg", "TEST_FOO_VAR1=foovar1", NULL }, -1, NULL,
    { "api_key=\"abc\"", "agent_log_path=\"/defg\"", "agent_data_path=\"/foovar1\"", NULL }, NULL },
  { "row15-bool-array",
    "{ implicit_metric_monitor: [1] }", { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
    ":1:3: field \"implicit_metric_monitor\": expected a boolean (true or false), got an array", { NULL }, NULL },
  { "row15-bool-two",
    "{\n implicit_metric_monitor: 2 }", { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
    ":2:2: field \"implicit_metric_monitor\": expected a boolean (true or false), got 2", { NULL }, NULL },
  { "row15-bool-yes",
    "{ implicit_metric_monitor: \"yes\", allow_http: \"0\", verify_server_certificate: \"No\" }",
    { NULL }, { NULL }, { NULL }, -1, NULL,
    { "implicit_metric_monitor=true", "allow_http=false", "verify_server_certificate=false", NULL }, NULL },
  { "row15-bool-other-string",
    "{ allow_http: \"maybe\" }", { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
    "field \"allow_http\": expected a boolean", { NULL }, NULL },
  { "row16-debug-level",
    "{ debug_level: 6 }", { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE,
    "field \"debug_level\": value 6 is out of range: the debug level must be between 0 and 5", { NULL }, NULL },
  { "row17-compression-level",
    "{ compression_type: \"deflate\", compression_level: 12 }", { NULL }, { NULL }, { NULL }, -1, NULL,
    { "compression_level=6", NULL }, NULL },
  { "row17-compression-level-zero",
    "{ compression_type: \"deflate\", compression_level: \"0\" }", { NULL }, { NULL }, { NULL }, -1, NULL,
    { "compression_level=6", NULL }, NULL },
  { "row18-legacy",
    "{ max_send_rate_enforcement: \"legacy\" }", { NULL }, { NULL }, { NULL }, -1, NULL,
    { "max_allowed_request_size=1048576", "min_request_spacing_interval=1.0", "pipeline_threshold=1.1", NULL }, NULL },
  { "row19-rate",
    "{ max_send_rate_enforcement: \"2MB/s\" }", { NULL }, { NULL }, { NULL }, -1, NULL,
    { "max_send_rate_enforcement_bytes_per_second=2000000.0", "max_allowed_request_size=5900000", NULL }, NULL },
  { "row19-bad-rate",
    "{ max_send_rate_enforcement: \"2Mb/s\" }", { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE,
    "could not parse data rate string '2Mb/s'", { NULL }, NULL },
  { "row20-env-upper",
    "{}", { NULL }, { NULL }, { "SCALYR_MAX_LINE_SIZE=7", NULL }, -1, NULL, { "max_line_size=7", NULL }, NULL },
  { "row20-env-lower",
    "{}", { NULL }, { NULL }, { "scalyr_max_line_size=8", NULL }, -1, NULL, { "max_line_size=8", NULL }, NULL },
  { "row20-env-bad",
    "{}", { NULL }, { NULL }, { "SCALYR_MAX_LINE_SIZE=abc", NULL }, SCALYR_AGENT_CONFIG_ERROR_ENVIRONMENT,
    "environment variable SCALYR_MAX_LINE_SIZE (for field \"max_line_size\"): could not parse value abc", { NULL }, NULL },
  /* we: parse errors as file:line:col, reported as what they are */
  { "syntax-error",
    "{\n  api_key: \"k\"\n  debug_level: 1 2\n}", { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_PARSE,
    "agent.json:3:17: After object field, expected", { NULL }, NULL },
  { "wrong-type-int",
    "{ max_line_size: \"abc\" }", { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
    "agent.json:1:3: field \"max_line_size\": expected an integer, got \"abc\"", { NULL }, NULL },
  { "int-from-float-string",
    "{ max_line_size: \"12.7\", read_page_size: 1000.9 }", { NULL }, { NULL }, { NULL }, -1, NULL,
    { "max_line_size=12", "read_page_size=1000", "internal_parse_max_line_size=1000", NULL }, NULL },
  { "out-of-range",
    "{ global_monitor_sample_interval: 0 }", { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE,
    "field \"global_monitor_sample_interval\": value 0 is too small; it must be greater than 0", { NULL }, NULL },
  { "enum",
    "{ compression_type: \"zip\" }", { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE,
    "invalid value \"zip\"; valid values are: deflate, bz2, none, lz4, zstandard", { NULL }, NULL },
  { "unknown-field-warned",
    "{\n  api_key: \"k\",\n  max_lines_size: 3 }", { NULL }, { NULL }, { NULL }, -1, NULL, { NULL },
    "agent.json:3:3: unknown field \"max_lines_size\" is ignored" },
  { "unknown-field-did-you-mean",
    "{ max_lines_size: 3 }", { NULL }, { NULL }, { NULL }, -1, NULL, { NULL },
    "unknown field \"max_lines_size\" is ignored; did you mean \"max_line_size\"?" },
  { "monitor-entry-rotation-range",
    "{ monitors: [ { module: \"a\", log_rotation_backup_count: 1001 } ] }", { NULL }, { NULL }, { NULL },
    SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE,
    "monitors[0]: field \"log_rotation_backup_count\": value 1001 is out of range: the log rotation backup count "
    "must be between 0 and 1000 inclusive", { NULL }, NULL },
  { "monitor-module-missing",
    "{ monitors: [ { module: \"a\" },\n  { id: 1 } ] }", { NULL }, { NULL }, { NULL },
    SCALYR_AGENT_CONFIG_ERROR_MISSING_FIELD,
    "agent.json:2:3: monitors[1]: the required field \"module\" is missing", { NULL }, NULL },
  { "monitor-entry-bad-interval",
    "{ monitors: [ { module: \"a\" },\n  { module: \"b\",\n    sample_interval: \"x\" } ] }",
    { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
    "agent.json:3:5: monitors[1]: field \"sample_interval\": expected a number, got \"x\"", { NULL }, NULL },
  /* the same declaration as a monitor built directly (test-monitor.c) */
  { "monitor-entry-zero-interval",
    "{ monitors: [ { module: \"a\",\n    sample_interval: 0 } ] }",
    { NULL }, { NULL }, { NULL }, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE,
    "agent.json:2:5: monitors[0]: field \"sample_interval\": value 0 is too small; it must be greater than 0",
    { NULL }, NULL },
  { "every-error-reported",
    "{ max_line_size: \"abc\", debug_level: 9, allow_http: 3 }", { NULL }, { NULL }, { NULL },
    SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE, "\"debug_level\"", { NULL }, NULL },
  { "monitors-appended-from-fragments",
    "{ implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,\n"
    "  monitors: [ { module: \"a\" } ] }", { "b.json", "a.json", NULL },
    { "{ monitors: [ { module: \"c\" } ] }", "{ monitors: [ { module: \"b\" } ] }", NULL }, { NULL }, -1, NULL,
    { "monitors=[ { module: \"a\" }, { module: \"b\" }, { module: \"c\" } ]", NULL }, NULL },
  { "fragment-vars-are-local",
    "{ import_vars: [\"TEST_VAR\"], api_key: \"$TEST_VAR\", implicit_metric_monitor: false,"
    " implicit_agent_process_metrics_monitor: false }", { "a.json", NULL },
    { "{ monitors: [ { module: \"m$TEST_VAR\" } ] }", NULL }, { "TEST_VAR=v", NULL }, -1, NULL,
    { "api_key=\"v\"", "monitors=[ { module: \"m$TEST_VAR\" } ]", NULL }, NULL },
  { "platform-monitors-by-default",
    "{ monitors: [ { module: \"a\" } ] }", { NULL }, { NULL }, { NULL }, -1, NULL,
    { "monitors=[ { module: \"a\" }, { module: \"scalyr_agent.builtin_monitors.linux_system_metrics\" },"
      " { module: \"scalyr_agent.builtin_monitors.linux_process_metrics\", pid: \"$$\", id: \"agent\" } ]", NULL },
    NULL },
  { "platform-monitors-off-by-env",
    "{ monitors: [ { module: \"a\" } ] }", { NULL }, { NULL },
    { "SCALYR_IMPLICIT_METRIC_MONITOR=false", "scalyr_implicit_agent_process_metrics_monitor=no", NULL }, -1, NULL,
    { "monitors=[ { module: \"a\" } ]", NULL }, NULL },
};

static void
clear_env (void)
{
  g_auto(GStrv) env = g_get_environ ();

  for (gsize i = 0; env[i] != NULL; i++)
    {
      g_autofree char *name = g_strndup (env[i], strcspn (env[i], "="));
      if (g_ascii_strncasecmp (name, "SCALYR_", 7) == 0 || g_str_has_prefix (name, "TEST_"))
        g_unsetenv (name);
    }
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("agent-config-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
}

static void
run_case (gconstpointer data)
{
  const ConfigCase *c = data;
  g_autofree char *dir = make_dir ();
  g_autofree char *main_path = g_build_filename (dir, "agent.json", NULL);
  g_autofree char *frag_dir = g_build_filename (dir, "agent.d", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = NULL;

  clear_env ();
  write_file (main_path, c->main_text);
  g_assert_cmpint (g_mkdir (frag_dir, 0700), ==, 0);
  for (gsize i = 0; c->frag_names[i] != NULL; i++)
    {
      g_autofree char *p = g_build_filename (frag_dir, c->frag_names[i], NULL);
      write_file (p, c->frag_texts[i]);
    }
  for (gsize i = 0; c->env[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (c->env[i], "=", 2);
      g_setenv (kv[0], kv[1], TRUE);
    }

  config = scalyr_agent_config_load (main_path, NULL, &error);
  if (c->error_code >= 0)
    {
      g_assert_null (config);
      g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, c->error_code);
      if (strstr (error->message, c->error_part) == NULL)
        g_error ("%s: expected \"%s\" in \"%s\"", c->name, c->error_part, error->message);
    }
  else
    {
      JsonObject *object;

      if (error != NULL)
        g_error ("%s: unexpected error %s", c->name, error->message);
      object = scalyr_agent_config_get_object (config);
      for (gsize i = 0; c->checks[i] != NULL; i++)
        {
          g_auto(GStrv) kv = g_strsplit (c->checks[i], "=", 2);
          g_autoptr(JsonNode) want = scalyr_json_parse (kv[1], -1, NULL, NULL, &error);
          JsonNode *got = json_object_get_member (object, kv[0]);

          g_assert_no_error (error);
          if (got == NULL || !json_node_equal (want, got))
            {
              g_autofree char *shown = got != NULL ? json_to_string (got, FALSE) : g_strdup ("(absent)");
              g_error ("%s: field %s: expected %s, got %s", c->name, kv[0], kv[1], shown);
            }
        }
      if (c->warning_part != NULL)
        {
          const char * const *warnings = scalyr_agent_config_get_warnings (config);
          gboolean found = FALSE;
          for (gsize i = 0; warnings[i] != NULL; i++)
            found |= strstr (warnings[i], c->warning_part) != NULL;
          if (!found)
            g_error ("%s: no warning with \"%s\"", c->name, c->warning_part);
        }
    }
  clear_env ();
  remove_tree (dir);
}

/* row 1: the implicit logs and attributes */
static void
test_logs_and_attributes (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *main_path = g_build_filename (dir, "agent.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = NULL;
  JsonArray *logs;
  JsonObject *attrs;

  clear_env ();
  write_file (main_path, "{ api_key: \"hi there\", logs: [ { path:\"/var/log/tomcat6/access.log\"} ] }");
  config = scalyr_agent_config_load (main_path, NULL, &error);
  g_assert_no_error (error);
  logs = scalyr_agent_config_get_logs (config);
  g_assert_cmpuint (json_array_get_length (logs), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (logs, 0), "path"), ==,
                   "/var/log/tomcat6/access.log");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (logs, 1), "path"), ==,
                   "/var/log/scalyr-agent-2/agent.log");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (logs, 2), "path"), ==,
                   "/var/log/scalyr-agent-2/agent-worker-session-*.log");
  attrs = json_object_get_object_member (scalyr_agent_config_get_object (config), "server_attributes");
  g_assert_cmpuint (json_object_get_size (attrs), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (attrs, "serverHost"), ==, g_get_host_name ());
  g_assert_true (scalyr_agent_config_has_api_key (config));
  g_assert_cmpfloat (scalyr_agent_config_get_double (config, "config_change_check_interval"), ==, 30.0);
  g_assert_cmpint (scalyr_agent_config_get_int (config, "log_rotation_max_bytes"), ==, 20971520);
  g_assert_true (scalyr_agent_config_get_boolean (config, "global_monitor_sample_interval_enable_jitter"));
  g_assert_cmpstr (scalyr_agent_config_get_files (config)[0], ==, main_path);
  remove_tree (dir);
}

/* row 7: log order main, then fragments in name order */
static void
test_fragment_order (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *main_path = g_build_filename (dir, "agent.json", NULL);
  g_autofree char *frag_dir = g_build_filename (dir, "agent.d", NULL);
  g_autofree char *f1 = g_build_filename (frag_dir, "nginx.json", NULL);
  g_autofree char *f2 = g_build_filename (frag_dir, "apache.json", NULL);
  g_autofree char *f3 = g_build_filename (frag_dir, "nginx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = NULL;
  JsonArray *logs;
  static const char * const want[] = { "/tomcat.log", "/apache.log", "/nginx.log" };

  clear_env ();
  write_file (main_path, "{ logs: [ { path: \"/tomcat.log\" } ] }");
  g_assert_cmpint (g_mkdir (frag_dir, 0700), ==, 0);
  write_file (f1, "{ logs: [ { path: \"/nginx.log\" } ] }");
  write_file (f2, "{ logs: [ { path: \"/apache.log\" } ] }");
  write_file (f3, "not json at all, and ignored");
  config = scalyr_agent_config_load (main_path, NULL, &error);
  g_assert_no_error (error);
  logs = scalyr_agent_config_get_logs (config);
  g_assert_cmpuint (json_array_get_length (logs), ==, 5);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (logs, i), "path"), ==, want[i]);
  g_assert_cmpuint (g_strv_length ((GStrv) scalyr_agent_config_get_files (config)), ==, 3);
  remove_tree (dir);
}

/* row 21: debug_level alone does not make two configurations different */
static void
test_equal_ignores_debug_level (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *main_path = g_build_filename (dir, "agent.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) a = NULL, b = NULL, c = NULL;

  clear_env ();
  write_file (main_path, "{ api_key: \"k\" }");
  a = scalyr_agent_config_load (main_path, NULL, &error);
  g_assert_no_error (error);
  write_file (main_path, "{ api_key: \"k\", debug_level: 1 }");
  b = scalyr_agent_config_load (main_path, NULL, &error);
  g_assert_no_error (error);
  write_file (main_path, "{ api_key: \"k\", monitors: [ { module: \"m\" } ] }");
  c = scalyr_agent_config_load (main_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (scalyr_agent_config_equal (a, b));
  g_assert_cmpint (scalyr_agent_config_get_int (b, "debug_level"), ==, 1);
  g_assert_false (scalyr_agent_config_equal (a, c));
  remove_tree (dir);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = scalyr_agent_config_load ("/nonexistent/agent.json", NULL, &error);

  g_assert_null (config);
  g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "/nonexistent/agent.json: cannot read the configuration file"));
}

static void
test_every_error_listed (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *main_path = g_build_filename (dir, "agent.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = NULL;
  g_auto(GStrv) lines = NULL;

  clear_env ();
  write_file (main_path, "{ max_line_size: \"abc\",\n debug_level: 9,\n allow_http: 3 }");
  config = scalyr_agent_config_load (main_path, NULL, &error);
  g_assert_null (config);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_suffix (lines[0], "agent.json:1:3: field \"max_line_size\": expected an integer, got \"abc\""));
  g_assert_nonnull (strstr (lines[1], "agent.json:2:2: field \"debug_level\""));
  g_assert_nonnull (strstr (lines[2], "agent.json:3:2: field \"allow_http\""));
  remove_tree (dir);
}

static void
test_rate_parse (void)
{
  struct { const char *text; double rate; } good[] = {
    { "unlimited", 0 },
    { "legacy", 0 },
    { "  unlimited ", 0 },
    { "2MB/s", 2000000 },
    { "500KB/s", 500000 },
    { "500kB/s", 500000 },
    { "1.5MiB/s", 1.5 * 1024 * 1024 },
    { "1KiB/s", 1024 },
    { "1kIB/S", 1024 },
    { "10 MB/s", 10000000 },
    { "1 \t kiB/s", 1024 },
    { "100B/s", 100 },
    { "100 B/S", 100 },
    { "1GB/s", 1e9 },
    { "2giB/s", 2.0 * 1024 * 1024 * 1024 },
    { "1TB/s", 1e12 },
    { "1tiB/s", 1024.0 * 1024 * 1024 * 1024 },
    { "100000 B/m", 100000 / 60.0 },
    { "100000 B/h", 100000 / 3600.0 },
    { "100000 B/d", 100000 / 86400.0 },
    { "100000 B/w", 100000 / 604800.0 },
    { "6MB/M", 100000 },
    { " 3. KB/s ", 3000 },
  };
  struct { const char *text; const char *why; } bad[] = {
    { "", "it does not start with a number" },
    { "fast", "it does not start with a number" },
    { "-1MB/s", "it does not start with a number" },
    { ".5MB/s", "it does not start with a number" },
    { "Unlimited", "it does not start with a number" },
    { "2Mb/s", "rates in bits (lower-case b) are not allowed" },
    { "1kib/s", "rates in bits" },
    { "100 b/s", "rates in bits" },
    { "2M/s", "the unit must be B" },
    { "2MBs", "a '/' and a time unit must follow the B" },
    { "2MB/", "the time unit must be s, m, h, d or w" },
    { "2MB/y", "the time unit must be s, m, h, d or w" },
    { "2MB/sec", "unexpected text after the time unit" },
    { "2 MB / s", "a '/' and a time unit must follow the B" },
    { "rate 2MB/s", "it does not start with a number" },
    { "0MB/s", "the rate must be greater than zero" },
    { "2XB/s", "the unit must be B" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      double rate = -1;
      g_test_message ("rate %s", good[i].text);
      g_assert_true (scalyr_agent_config_parse_rate (good[i].text, &rate, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (rate, good[i].rate, MAX (good[i].rate * 1e-12, 1e-9));
    }
  g_assert_true (scalyr_agent_config_parse_rate ("1MB/s", NULL, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      double rate = -1;
      g_test_message ("rate %s", bad[i].text);
      g_assert_false (scalyr_agent_config_parse_rate (bad[i].text, &rate, &error));
      g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE);
      g_assert_cmpfloat (rate, ==, -1);
      g_autofree char *quoted = g_strdup_printf ("could not parse data rate string '%s': ", bad[i].text);
      g_assert_true (g_str_has_prefix (error->message, quoted));
      if (strstr (error->message, bad[i].why) == NULL)
        g_error ("%s: “%s” does not hold “%s”", bad[i].text, error->message, bad[i].why);
      g_assert_nonnull (strstr (error->message, "use unlimited, legacy or a rate such as 2MB/s"));
    }
  g_assert_false (scalyr_agent_config_parse_rate ("1 Mb/s", NULL, NULL));
}

/* the schema enumerates every field once, with a type, a doc and the
 * environment variable the loader reads */
static void
test_schema (void)
{
  g_autoptr(GPtrArray) schema = scalyr_agent_config_dup_schema ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  ScalyrMonitorOption *max_line_size = NULL, *compression = NULL, *server = NULL, *rate = NULL;

  g_assert_cmpuint (schema->len, >=, 50);
  for (guint i = 0; i < schema->len; i++)
    {
      ScalyrMonitorOption *o = g_ptr_array_index (schema, i);
      const char *name = scalyr_monitor_option_get_name (o);
      const char *doc = scalyr_monitor_option_get_description (o);

      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);
      g_assert_true (doc != NULL && doc[0] != '\0' && strchr (doc, '\n') == NULL);
      if (g_str_equal (name, "max_line_size"))
        max_line_size = o;
      else if (g_str_equal (name, "compression_type"))
        compression = o;
      else if (g_str_equal (name, "scalyr_server"))
        server = o;
      else if (g_str_equal (name, "max_send_rate_enforcement"))
        rate = o;
    }
  g_assert_nonnull (max_line_size);
  g_assert_true (scalyr_monitor_option_get_value_type (max_line_size) == G_TYPE_INT64);
  g_assert_cmpint (g_value_get_int64 (scalyr_monitor_option_get_default_value (max_line_size)), ==, 49900);
  g_assert_cmpint (g_value_get_int64 (scalyr_monitor_option_get_min_value (max_line_size)), ==, 1);
  {
    g_autofree char *env = scalyr_monitor_option_dup_effective_env_name (max_line_size);
    g_autofree char *line = scalyr_config_describe_option (max_line_size);
    g_assert_cmpstr (env, ==, "SCALYR_MAX_LINE_SIZE");
    /* the range (issue 12): at most the uploader's own limit, 64 KiB */
    g_assert_cmpstr (line, ==, "max_line_size (integer, default 49900, min 1, max 65536, "
                     "environment variable SCALYR_MAX_LINE_SIZE)");
  }
  g_assert_true (g_strv_contains (scalyr_monitor_option_get_allowed_values (compression), "zstandard"));
  g_assert_cmpstr (scalyr_monitor_option_get_env_name (server), ==, "SCALYR_SERVER");
  g_assert_cmpint (scalyr_monitor_option_get_format (rate), ==, SCALYR_OPTION_FORMAT_DATA_RATE);
  g_assert_true (g_hash_table_contains (seen, "log_rotation_backup_count"));
}

/* ---- issue 12: mistakes are loud, all at once ---- */

/* loads @main_text (and @frag_text as agent.d/a.json if not NULL) */
static ScalyrAgentConfig *
load_texts (const char *main_text,
            const char *frag_text,
            GError    **error)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *main_path = g_build_filename (dir, "agent.json", NULL);
  ScalyrAgentConfig *config;

  clear_env ();
  write_file (main_path, main_text);
  if (frag_text != NULL)
    {
      g_autofree char *frag_dir = g_build_filename (dir, "agent.d", NULL);
      g_autofree char *frag_path = g_build_filename (frag_dir, "a.json", NULL);

      g_assert_cmpint (g_mkdir (frag_dir, 0700), ==, 0);
      write_file (frag_path, frag_text);
    }
  config = scalyr_agent_config_load (main_path, NULL, error);
  remove_tree (dir);
  return config;
}

static guint
count_warnings (ScalyrAgentConfig *config,
                const char        *part)
{
  const char * const *warnings = scalyr_agent_config_get_warnings (config);
  guint n = 0;

  for (gsize i = 0; warnings[i] != NULL; i++)
    n += strstr (warnings[i], part) != NULL;
  return n;
}

/* a string field given a number or a boolean is an error naming the field
 * and the type (the reference turned 5 into "5") */
static void
test_string_field_number (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = load_texts ("{\n agent_log_path: 5,\n api_key: true }", NULL, &error);

  g_assert_null (config);
  g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "agent.json:2:2: field \"agent_log_path\" must be a string, got the "
                                            "number 5; write it in double quotes (agent_log_path: \"5\")"));
  g_assert_nonnull (strstr (error->message, "agent.json:3:2: field \"api_key\" must be a string, got the boolean "
                                            "true"));
}

/* a key given twice in one object: a warning with both positions */
static void
test_duplicate_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config =
    load_texts ("{ debug_level: 1,\n  debug_level: 2,\n  monitors: [ { module: \"m\", a: 1, a: 2 } ] }", NULL,
                &error);

  g_assert_no_error (error);
  g_assert_cmpint (scalyr_agent_config_get_int (config, "debug_level"), ==, 2);
  g_assert_cmpuint (count_warnings (config, "agent.json:2:3: duplicate key \"debug_level\" in one object (first "
                                            "at 1:3); the last value is used"), ==, 1);
  g_assert_cmpuint (count_warnings (config, "agent.json:3:36: duplicate key \"a\" in one object (first at "
                                            "3:30)"), ==, 1);
}

/* two monitors of one module with the same explicit id: an error at the
 * second, naming the first; other modules and other ids are fine */
static void
test_duplicate_monitor_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config =
    load_texts ("{ monitors: [ { module: \"test_monitor\", id: \"a\" },\n"
                "  { module: \"random_coin\", id: \"a\" },\n { module: \"test_monitor\", id: \"b\" } ] }",
                "{ monitors: [ { module: \"scalyr_agent.builtin_monitors.test_monitor\", id: \"a\" } ] }", &error);

  g_assert_null (config);
  g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "a.json:1:71: monitors[0]: a second test_monitor monitor with the id "
                                            "\"a\" (the first is at "));
  g_assert_nonnull (strstr (error->message, "agent.json:1:41); give each instance of a module its own id"));
  g_assert_null (strchr (error->message, '\n'));
}

/* fields accepted but not implemented, and the reference's fields this
 * agent lacks: a warning each, once however many files set them */
static void
test_unimplemented_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config =
    load_texts ("{ journald_logs: [ { journald_unit: \"x\" } ], use_multiprocess_workers: true,\n"
                "  json_library: \"ujson\" }",
                "{ journald_logs: [ { journald_unit: \"y\" } ], api_keys: [ { id: \"w\", api_key: \"k\" } ] }",
                &error);

  g_assert_no_error (error);
  g_assert_cmpuint (count_warnings (config, "field \"journald_logs\" is accepted for compatibility with the "
                                            "reference agent, but this agent does not implement it: it has no "
                                            "effect"), ==, 1);
  g_assert_cmpuint (count_warnings (config, "agent.json:1:3: field \"journald_logs\""), ==, 1);
  g_assert_cmpuint (count_warnings (config, "field \"json_library\" is accepted"), ==, 1);
  g_assert_cmpuint (count_warnings (config, "field \"workers\" is accepted"), ==, 1);
  g_assert_cmpuint (count_warnings (config, "agent.json:1:46: field \"use_multiprocess_workers\" is a field of "
                                            "the reference agent that this agent does not implement: it is "
                                            "ignored"), ==, 1);
  g_assert_cmpuint (count_warnings (config, "unknown field \"use_multiprocess_workers\""), ==, 0);
}

/* a file that does not parse does not hide the problems of the others */
static void
test_all_files_reported (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = load_texts ("{\n debug_level: 1,,\n}",
                                                    "{ max_line_size: \"big\",\n  monitors: [ { id: 1 } ] }",
                                                    &error);
  g_auto(GStrv) lines = NULL;

  g_assert_null (config);
  g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_PARSE);
  lines = g_strsplit (error->message, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (lines[0], "agent.json:2:16: Expected string literal"));
  g_assert_nonnull (strstr (lines[1], "a.json:1:3: field \"max_line_size\": expected an integer, got \"big\""));
  g_assert_nonnull (strstr (lines[2], "a.json:2:15: monitors[0]: the required field \"module\" is missing"));
}

/* a configuration file over 4 MiB is refused before it is read */
static void
test_file_size_limit (void)
{
  g_autofree char *big = NULL;
  gsize size = 5 * 1024 * 1024;

  big = g_malloc (size + 1);
  memset (big, ' ', size);
  big[0] = '{';
  big[size - 1] = '}';
  big[size] = '\0';
  for (int frag = 0; frag < 2; frag++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScalyrAgentConfig) config = load_texts (frag ? "{}" : big, frag ? big : NULL, &error);

      g_assert_null (config);
      g_assert_error (error, SCALYR_AGENT_CONFIG_ERROR, SCALYR_AGENT_CONFIG_ERROR_READ);
      g_assert_nonnull (strstr (error->message, frag ? "/agent.d/a.json: cannot read the configuration file: it is "
                                                     : "/agent.json: cannot read the configuration file: it is "));
      g_assert_nonnull (strstr (error->message, "larger than 4 MiB, the most a configuration file may hold; split "
                                                "it into agent.d fragments"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/agent-config/case/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], run_case);
    }
  g_test_add_func ("/agent-config/logs-and-attributes", test_logs_and_attributes);
  g_test_add_func ("/agent-config/fragment-order", test_fragment_order);
  g_test_add_func ("/agent-config/equal-ignores-debug-level", test_equal_ignores_debug_level);
  g_test_add_func ("/agent-config/missing-file", test_missing_file);
  g_test_add_func ("/agent-config/every-error-listed", test_every_error_listed);
  g_test_add_func ("/agent-config/parse-rate", test_rate_parse);
  g_test_add_func ("/agent-config/schema", test_schema);
  g_test_add_func ("/agent-config/mistakes/string-field-number", test_string_field_number);
  g_test_add_func ("/agent-config/mistakes/duplicate-key", test_duplicate_key);
  g_test_add_func ("/agent-config/mistakes/duplicate-monitor-id", test_duplicate_monitor_id);
  g_test_add_func ("/agent-config/mistakes/unimplemented-fields", test_unimplemented_fields);
  g_test_add_func ("/agent-config/mistakes/all-files-reported", test_all_files_reported);
  g_test_add_func ("/agent-config/mistakes/file-size-limit", test_file_size_limit);
  return g_test_run ();
}
