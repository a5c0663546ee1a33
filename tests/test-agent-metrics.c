/* test-agent-metrics.c: the metrics renderer (issue 16): the status and
 * the monitors' metrics as Prometheus 0.0.4 and OpenMetrics 1.0.0 text,
 * checked against expected files, the internal checker and promtool;
 * names, labels and numbers; content negotiation; the telemetry lines
 * through a real logger and file sink
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "scalyragent.h"
#include "scalyr-metrics-name-private.h"
#include "metrics-text-check.h"

#define PROMTOOL "/usr/bin/promtool"

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "metrics", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "metrics", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* What JSON cannot hold (see fixtures/metrics/README.md) */
static JsonNode *
load_awkward (void)
{
  JsonNode *root = load_fixture ("awkward-metrics.json");
  JsonArray *array = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *value = json_object_get_string_member_with_default (o, "value", NULL);
      JsonObject *labels = json_object_get_object_member (o, "labels");

      if (value != NULL && (g_str_equal (value, "NaN") || g_str_equal (value, "+Inf") || g_str_equal (value, "-Inf")))
        json_object_set_double_member (o, "value", g_str_equal (value, "NaN") ? NAN
                                                   : g_str_equal (value, "+Inf") ? INFINITY : -INFINITY);
      if (json_object_has_member (labels, "long"))
        {
          g_autofree char *big = g_strnfill (10 * 1024, 'v');

          json_object_set_string_member (labels, "long", big);
        }
      if (json_object_has_member (labels, "bad_utf8"))
        {
          JsonNode *bad = json_node_new (JSON_NODE_VALUE);

          /* json-glib keeps the bytes as they are */
          json_node_set_string (bad, "ok\xff\xfe\xc3(end");
          json_object_set_member (labels, "bad_utf8", bad);
        }
    }
  return root;
}

static char *
render (JsonNode  *status,
        JsonNode  *metrics,
        gboolean   openmetrics)
{
  return scalyr_agent_format_metrics (status, metrics, openmetrics ? SCALYR_METRICS_FORMAT_OPENMETRICS
                                                                   : SCALYR_METRICS_FORMAT_PROMETHEUS);
}

static JsonNode *
empty_status (void)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, json_object_new ());
  return node;
}

/* The families of @text, "# HELP" to the next "# HELP", by name */
static GHashTable *
split_families (const char *text,
                GPtrArray  *order)
{
  GHashTable *families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) blocks = g_strsplit (text, "# HELP ", -1);

  for (guint i = 1; blocks[i] != NULL; i++)
    {
      const char *space = strchr (blocks[i], ' ');
      char *name = g_strndup (blocks[i], space - blocks[i]);

      g_ptr_array_add (order, g_strdup (name));
      g_hash_table_insert (families, name, g_strdup (blocks[i]));
    }
  return families;
}

/* @text against the expected file @name, family by family (the message
 * names the family that differs) */
static void
assert_expected (const char *text,
                 const char *name)
{
  g_autofree char *expected = read_fixture (name);
  g_autoptr(GPtrArray) want_order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) got_order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) want = split_families (expected, want_order);
  g_autoptr(GHashTable) got = split_families (text, got_order);

  /* METRICS_FIXTURES_UPDATE=DIR writes what the renderer gives there, to
   * review with diff and copy over the fixtures after a deliberate change */
  if (g_getenv ("METRICS_FIXTURES_UPDATE") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("METRICS_FIXTURES_UPDATE"), name, NULL);

      g_assert_true (g_file_set_contents (path, text, -1, NULL));
    }

  for (guint i = 0; i < want_order->len; i++)
    {
      const char *family = g_ptr_array_index (want_order, i);

      if (!g_hash_table_contains (got, family))
        g_error ("%s: family %s missing", name, family);
      g_assert_cmpstr (g_hash_table_lookup (got, family), ==, g_hash_table_lookup (want, family));
    }
  for (guint i = 0; i < got_order->len; i++)
    {
      if (!g_hash_table_contains (want, g_ptr_array_index (got_order, i)))
        g_error ("%s: unexpected family %s", name, (char *) g_ptr_array_index (got_order, i));
    }
  /* the order and the beginning too */
  g_assert_cmpstr (text, ==, expected);
}

static void
assert_valid (const char *text,
              gboolean    openmetrics)
{
  g_autofree char *problem = metrics_text_check (text, openmetrics);

  if (problem != NULL)
    g_error ("invalid %s exposition: %s\n%s", openmetrics ? "OpenMetrics" : "0.0.4", problem, text);
}

static void
test_status_format (gconstpointer data)
{
  gboolean openmetrics = GPOINTER_TO_INT (data);
  g_autoptr(JsonNode) status = load_fixture ("status.json");
  g_autoptr(JsonNode) metrics = load_fixture ("monitor-metrics.json");
  g_autofree char *text = render (status, metrics, openmetrics);

  assert_valid (text, openmetrics);
  assert_expected (text, openmetrics ? "status.om" : "status.prom");
}

static void
test_awkward_format (gconstpointer data)
{
  gboolean openmetrics = GPOINTER_TO_INT (data);
  g_autoptr(JsonNode) status = empty_status ();
  g_autoptr(JsonNode) metrics = load_awkward ();
  g_autofree char *text = render (status, metrics, openmetrics);

  assert_valid (text, openmetrics);
  assert_expected (text, openmetrics ? "awkward.om" : "awkward.prom");
}

/* A status of before issue 16 (none of the new members), not uploading:
 * what it lacks is left out, nothing is made up */
static void
test_status_absent_members (void)
{
  g_autoptr(JsonNode) status = load_fixture ("status.json");
  JsonObject *o = json_node_get_object (status);
  JsonObject *m = json_array_get_object_element (json_object_get_array_member (o, "monitors"), 0);
  g_autofree char *text = NULL;
  static const char * const gone[] = {
    "process_", "scalyr_agent_upload_", "scalyr_agent_log_file_", "scalyr_agent_monitor_failed_samples",
    "scalyr_agent_monitor_sample_duration_seconds", "scalyr_agent_monitor_series_dropped",
  };

  json_object_remove_member (o, "process");
  json_object_remove_member (o, "uploads");
  json_object_remove_member (m, "failed_samples");
  json_object_remove_member (m, "sample_seconds_total");
  json_object_remove_member (m, "series_dropped");
  json_object_remove_member (json_array_get_object_element (json_object_get_array_member (o, "monitors"), 1),
                             "failed_samples");
  json_object_remove_member (json_array_get_object_element (json_object_get_array_member (o, "monitors"), 1),
                             "sample_seconds_total");
  json_object_remove_member (json_array_get_object_element (json_object_get_array_member (o, "monitors"), 1),
                             "series_dropped");
  text = render (status, NULL, FALSE);
  assert_valid (text, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (gone); i++)
    {
      g_autofree char *needle = g_strconcat ("\n", gone[i], NULL);

      g_assert_null (strstr (text, needle));
    }
  g_assert_nonnull (strstr (text, "\nscalyr_agent_monitor_samples_total{monitor=\"test_monitor(b)\",module=\"test_monitor\",id=\"b\"} 1\n"));
  /* the upload service that could not start: down, and nothing else */
  json_object_set_object_member (o, "uploads", json_object_new ());
  json_object_set_string_member (json_object_get_object_member (o, "uploads"), "error", "no libsoup");
  g_clear_pointer (&text, g_free);
  text = render (status, NULL, TRUE);
  assert_valid (text, TRUE);
  g_assert_nonnull (strstr (text, "\nscalyr_agent_upload_up 0\n"));
  g_assert_null (strstr (text, "scalyr_agent_upload_requests"));
}

static void
test_name_sanitize (void)
{
  static const struct { const char *in; const char *metric; const char *label; } cases[] = {
    { "proc.stat.cpu", "proc_stat_cpu", "proc_stat_cpu" },
    { "9lives", "_9lives", "_9lives" },
    { "\xc3\xbc" "n\xc3\xaf" "code", "_n__code", "_n__code" },
    { "a-b c", "a_b_c", "a_b_c" },
    { "__x", "_x", "_x" },
    { "____", "_", "_" },
    { "ns:sub", "ns:sub", "ns_sub" },
    { ":x", ":x", "_x" },
    { "ok_Name9", "ok_Name9", "ok_Name9" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *metric = scalyr_metrics_name_sanitize (cases[i].in);
      g_autofree char *label = scalyr_metrics_label_name_sanitize (cases[i].in);

      g_assert_cmpstr (metric, ==, cases[i].metric);
      g_assert_cmpstr (label, ==, cases[i].label);
      g_assert_true (scalyr_metrics_name_is_valid (metric, TRUE));
      g_assert_true (scalyr_metrics_name_is_valid (label, FALSE));
    }
  g_assert_null (scalyr_metrics_name_sanitize (""));
  g_assert_false (scalyr_metrics_name_is_valid ("__x", TRUE));
}

static void
test_label_escape (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "plain", "plain" },
    { "say \"hi\"", "say \\\"hi\\\"" },
    { "C:\\dir\\", "C:\\\\dir\\\\" },
    { "two\nlines", "two\\nlines" },
    { "tab\there", "tab\there" },
    { "ok\xff" "end", "ok\xef\xbf\xbd" "end" },
    { "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      scalyr_metrics_append_label_value (out, cases[i].in);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
}

static void
test_help_escape (void)
{
  g_autoptr(GString) prom = g_string_new (NULL);
  g_autoptr(GString) om = g_string_new (NULL);

  scalyr_metrics_append_help (prom, "a \"b\"\\\nc", FALSE);
  scalyr_metrics_append_help (om, "a \"b\"\\\nc", TRUE);
  g_assert_cmpstr (prom->str, ==, "a \"b\"\\\\\\nc");
  g_assert_cmpstr (om->str, ==, "a \\\"b\\\"\\\\\\nc");
}

static void
test_double_shortest (void)
{
  static const struct { double in; const char *out; } cases[] = {
    { 0.1, "0.1" }, { 0.3, "0.3" }, { 1.0 / 3, "0.3333333333333333" }, { 2.5e-300, "2.5e-300" },
    { 1e21, "1e+21" }, { 100, "100" }, { -0.5, "-0.5" }, { 0.1 + 0.2, "0.30000000000000004" },
    { NAN, "NaN" }, { INFINITY, "+Inf" }, { -INFINITY, "-Inf" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      scalyr_metrics_append_double (out, cases[i].in);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
  /* every double reads back the same */
  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      union { guint64 bits; double d; } u;

      u.bits = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
      if (!isfinite (u.d))
        continue;
      scalyr_metrics_append_double (out, u.d);
      g_assert_true (g_ascii_strtod (out->str, NULL) == u.d);
      g_assert_cmpuint (out->len, <=, 24);
    }
}

#define OM SCALYR_METRICS_FORMAT_OPENMETRICS
#define PROM SCALYR_METRICS_FORMAT_PROMETHEUS

static void
test_negotiate (void)
{
  static const struct { const char *accept; ScalyrMetricsFormat want; } cases[] = {
    { "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
      "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", OM },                            /* Prometheus 2.x */
    { "application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", OM },
    { "text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5", PROM },
    { "text/plain;q=0.9, application/openmetrics-text;q=0.95", OM },
    { "APPLICATION/OpenMetrics-Text", OM },
    { "application/openmetrics-text;version=2.0.0", PROM },                       /* a version we do not write */
    { "application/openmetrics-text;q=0", PROM },
    { "application/openmetrics-text;q=garbage", PROM },
    { "application/openmetrics-text;q=1.5", PROM },
    { "application/openmetrics-text;q=0.001", OM },
    { "application/openmetrics-text;q=0.5,text/plain;q=0.5", OM },                /* a tie: the first */
    { "text/plain;q=0.5,application/openmetrics-text;q=0.5", PROM },
    { "*/*", PROM },
    { "*/*;q=1,application/openmetrics-text;q=0.2", OM },                         /* as client_golang */
    { "", PROM },
    { NULL, PROM },
    { ",,,;;;===", PROM },
    { "application/json", PROM },
    { "text/plain;version=0.0.5,application/openmetrics-text;q=0.1", OM },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (scalyr_metrics_format_negotiate (cases[i].accept) != cases[i].want)
        g_error ("Accept: %s: not %s", cases[i].accept, cases[i].want == OM ? "OpenMetrics" : "0.0.4");
    }
  g_assert_cmpstr (scalyr_metrics_format_get_content_type (OM), ==,
                   "application/openmetrics-text; version=1.0.0; charset=utf-8");
  g_assert_cmpstr (scalyr_metrics_format_get_content_type (PROM), ==, "text/plain; version=0.0.4; charset=utf-8");
}

/* 1 MB headers of every shape, each read in well under a second */
static void
test_negotiate_huge (void)
{
  static const char * const units[] = { ";", ",", "text/plain;q=0.1,", "a", ";q=", " ", "=;" };
  gsize size = 1024 * 1024;

  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    {
      GString *header = g_string_sized_new (size + 64);
      gint64 start;
      ScalyrMetricsFormat format;

      while (header->len < size)
        g_string_append (header, units[i]);
      g_string_append (header, ",application/openmetrics-text");
      start = g_get_monotonic_time ();
      format = scalyr_metrics_format_negotiate (header->str);
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
      g_assert_cmpint (format, ==, OM);
      g_string_free (header, TRUE);
    }
}

/* The checker itself catches what it is there for */
static void
test_checker (void)
{
  static const struct { const char *text; gboolean om; } bad[] = {
    { "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\na{x=\"1\"} 1\n", FALSE },
    { "# TYPE a gauge\na 1\na 2\n", FALSE },
    { "# TYPE a counter\na 1\n# EOF\n", TRUE },
    { "# TYPE a gauge\na 1\n", TRUE },
    { "# TYPE a gauge\na{__x=\"1\"} 1\n", FALSE },
    { "# TYPE a gauge\na{x=\"1\",x=\"2\"} 1\n", FALSE },
    { "# TYPE a gauge\na{x=\"a\\q\"} 1\n", FALSE },
    { "# TYPE a gauge\na nan\n", FALSE },
    { "# TYPE a_bytes gauge\n# UNIT a_bytes seconds\na_bytes 1\n# EOF\n", TRUE },
    { "# TYPE a counter\na_total 1\n# TYPE a_total gauge\na_total 1\n# EOF\n", TRUE },
    { "# TYPE 9a gauge\n9a 1\n", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *problem = metrics_text_check (bad[i].text, bad[i].om);

      if (problem == NULL)
        g_error ("the checker accepts:\n%s", bad[i].text);
    }
}

/* Runs @argv with @input on its stdin; its exit status, and its stdout and stderr */
static int
run_with_input (const char * const *argv,
                const char         *input,
                char              **output)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                  | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *output = g_strconcat (out, err, NULL);
  return g_subprocess_get_exit_status (proc);
}

/* promtool's lint problems ("NAME PROBLEM" lines) about the agent's own
 * families: the monitors' names are theirs (camelCase, a gauge
 * `x_total`...) */
static void
assert_no_own_lint (const char *output)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "scalyr_agent") || g_str_has_prefix (lines[i], "process_"))
        g_error ("promtool lint: %s", lines[i]);
    }
}

static char *
with_timestamps (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    g_string_append_printf (out, "%s%s\n", lines[i], lines[i][0] == '#' ? "" : " 1700000000");
  return g_string_free (out, FALSE);
}

/* promtool on both formats of both fixtures. `promtool check metrics`
 * reads 0.0.4 only (and lints it); OpenMetrics goes through the parser
 * Prometheus scrapes it with, by `promtool tsdb create-blocks-from
 * openmetrics` (which wants a timestamp on each sample: added here). */
static void
test_promtool (void)
{
  g_autoptr(JsonNode) status = load_fixture ("status.json");
  g_autoptr(JsonNode) metrics = load_fixture ("monitor-metrics.json");
  g_autoptr(JsonNode) awkward = load_awkward ();
  JsonNode *inputs[][2] = { { status, metrics }, { status, awkward } };

  if (!g_file_test (PROMTOOL, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip (PROMTOOL " is missing (Debian's prometheus package): the expositions are not checked by promtool");
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *prom = render (inputs[i][0], inputs[i][1], FALSE);
      g_autofree char *om = render (inputs[i][0], inputs[i][1], TRUE);
      g_autofree char *om_ts = with_timestamps (om);
      g_autofree char *dir = g_dir_make_tmp ("test-agent-metrics-XXXXXX", NULL);
      g_autofree char *om_path = g_build_filename (dir, "exposition.om", NULL);
      g_autofree char *out_dir = g_build_filename (dir, "tsdb", NULL);
      const char *check[] = { PROMTOOL, "check", "metrics", NULL };
      const char *blocks[] = { PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", om_path, out_dir, NULL };
      g_autofree char *output = NULL;
      g_autofree char *om_output = NULL;
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
      int status_code;

      status_code = run_with_input (check, prom, &output);
      assert_no_own_lint (output);
      /* 0: clean; 3: lint problems (the monitors', shown above if ours) */
      if (status_code != 0 && (i == 0 || status_code != 3 || strstr (output, "error while linting") != NULL))
        g_error ("promtool check metrics: exit %d: %s\n%s", status_code, output, prom);
      if (i == 0)
        g_assert_cmpstr (output, ==, "");
      g_assert_true (g_file_set_contents (om_path, om_ts, -1, NULL));
      status_code = run_with_input (blocks, "", &om_output);
      if (status_code != 0)
        g_error ("promtool tsdb create-blocks-from openmetrics: exit %d: %s\n%s", status_code, om_output, om);
      g_assert_true (g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL));
    }
}

/* The telemetry lines, through a real logger into a real file */
static void
test_telemetry_lines (void)
{
  g_autoptr(JsonNode) status = load_fixture ("status.json");
  g_autofree char *dir = g_dir_make_tmp ("test-agent-metrics-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "agent_metrics.log", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrLogSink) sink = scalyr_file_sink_new (path, 0, 0, &error);
  g_autoptr(ScalyrAgentLogger) logger = scalyr_agent_logger_new ("scalyr_agent", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint written;
  static const char * const expected[] = {
    "[scalyr_agent()] agent.start_time 1796378400",
    "[scalyr_agent()] agent.config.reloads 2",
    "[scalyr_agent()] agent.config.last_load_ok 1",
    "[scalyr_agent()] agent.log.lines_dropped 3",
    "[scalyr_agent()] agent.monitor.up 0 id=\"b\" module=\"test_monitor\" monitor_name=\"test_monitor(b)\"",
    ("[scalyr_agent()] agent.monitor.samples 10 id=\"\" module=\"scalyr_agent.builtin_monitors.linux_system_metrics\" "
     "monitor_name=\"linux_system_metrics()\""),
    "[scalyr_agent()] agent.monitor.sample_seconds 0.1 id=\"b\" module=\"test_monitor\" monitor_name=\"test_monitor(b)\"",
    "[scalyr_agent()] agent.monitor.last_sample_time 1796378690.123 id=\"\"",
    "[scalyr_agent()] agent.upload.requests 2 outcome=\"network_error\"",
    "[scalyr_agent()] agent.upload.requests 0 outcome=\"too_large\"",
    "[scalyr_agent()] agent.upload.bytes_uncompressed 409600",
    "[scalyr_agent()] agent.upload.backoff_seconds 12.5",
    "[scalyr_agent()] agent.upload.up 1",
    "[scalyr_agent()] agent.log_file.bytes_behind 500 path=\"/var/log/app.log\"",
    "[scalyr_agent()] agent.log_file.rotations 1 path=\"/var/log/app.log\"",
    "[scalyr_agent()] agent.process.rss_bytes 6012928",
    "[scalyr_agent()] agent.process.cpu_seconds 1.25 mode=\"user\"",
    "[scalyr_agent()] agent.process.threads 7",
  };

  g_assert_no_error (error);
  scalyr_agent_logger_set_metric_sink (logger, sink);
  written = scalyr_agent_emit_telemetry (status, logger);
  g_clear_object (&sink);
  g_clear_object (&logger);   /* flushed and closed */
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  /* 7 agent + 2 x 11 per monitor + 6 requests + 6 upload + 2 x 5 per log + 8 process */
  g_assert_cmpuint (written, ==, 7 + 2 * 11 + 6 + 6 + 2 * 5 + 8);
  g_assert_cmpuint (g_strv_length (lines), ==, written + 1);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; lines[j] != NULL && !found; j++)
        found = strstr (lines[j], expected[i]) != NULL;
      if (!found)
        g_error ("no line with %s in:\n%s", expected[i], text);
    }
  /* the monitors' own metrics are not written again, the info neither */
  g_assert_null (strstr (text, "proc.stat"));
  g_assert_null (strstr (text, "version"));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/metrics/format/status/prometheus", GINT_TO_POINTER (FALSE), test_status_format);
  g_test_add_data_func ("/metrics/format/status/openmetrics", GINT_TO_POINTER (TRUE), test_status_format);
  g_test_add_func ("/metrics/format/status/absent-members", test_status_absent_members);
  g_test_add_data_func ("/metrics/format/awkward/prometheus", GINT_TO_POINTER (FALSE), test_awkward_format);
  g_test_add_data_func ("/metrics/format/awkward/openmetrics", GINT_TO_POINTER (TRUE), test_awkward_format);
  g_test_add_func ("/metrics/format/name-sanitize", test_name_sanitize);
  g_test_add_func ("/metrics/format/escape-label", test_label_escape);
  g_test_add_func ("/metrics/format/escape-help", test_help_escape);
  g_test_add_func ("/metrics/format/double-shortest", test_double_shortest);
  g_test_add_func ("/metrics/format/checker", test_checker);
  g_test_add_func ("/metrics/format/promtool", test_promtool);
  g_test_add_func ("/metrics/negotiate/accept", test_negotiate);
  g_test_add_func ("/metrics/negotiate/huge-header", test_negotiate_huge);
  g_test_add_func ("/metrics/telemetry/lines", test_telemetry_lines);
  return g_test_run ();
}
