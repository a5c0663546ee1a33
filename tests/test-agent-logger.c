/* test-agent-logger.c: metric line format, name repair, blacklist, diagnostics
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "test-helpers.h"

/* 2022-04-15 11:11:08.015Z */
#define T0_MS G_GINT64_CONSTANT (1650021068015)
#define T0 "2022-04-15 11:11:08.015Z"

typedef struct {
  ScalyrAgentLogger *logger;
  TestSink *metrics;
  TestSink *diagnostics;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  (void) data;
  test_clock_set_ms (T0_MS);
  f->logger = scalyr_agent_logger_new ("scalyr_agent.builtin_monitors.foo", "1");
  f->metrics = test_sink_new ();
  f->diagnostics = test_sink_new ();
  scalyr_agent_logger_set_metric_sink (f->logger, SCALYR_LOG_SINK (f->metrics));
  scalyr_agent_logger_set_diagnostic_sink (f->logger, SCALYR_LOG_SINK (f->diagnostics));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void) data;
  g_object_unref (f->logger);
  g_object_unref (f->metrics);
  g_object_unref (f->diagnostics);
  scalyr_clock_set_override (NULL, NULL);
}

#define FIELDS(...) g_variant_new_parsed (__VA_ARGS__)

static void
assert_metrics (Fixture    *f,
                const char *expected)
{
  g_autofree char *out = test_sink_take (f->metrics);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  (void) data;
  g_assert_cmpstr (scalyr_agent_logger_get_module_name (f->logger), ==, "scalyr_agent.builtin_monitors.foo");
  g_assert_cmpstr (scalyr_agent_logger_get_monitor_id (f->logger), ==, "1");
  g_assert_cmpstr (scalyr_agent_logger_get_monitor_name (f->logger), ==, "foo(1)");
}

/* spec 6 #18 */
static void
test_emit_basic (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  g_assert_true (scalyr_agent_logger_emit_value (f->logger, "test_name", g_variant_new_int64 (5),
                                                 FIELDS ("{'foo': <int64 5>}"), &error));
  g_assert_no_error (error);
  assert_metrics (f, T0 " [foo(1)] test_name 5 foo=5\n");
  g_assert_cmpuint (scalyr_agent_logger_get_reported_lines (f->logger), ==, 1);
}

/* spec 6 #19: fields sorted by their original key, code-point order */
static void
test_emit_sorted (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  g_assert_true (scalyr_agent_logger_emit_value (f->logger, "test_name", g_variant_new_int32 (5),
                                                 FIELDS ("{'g': <9>, 'c': <5>, 'a': <7>, 'b': <8>, 'Z': <1>}"),
                                                 &error));
  assert_metrics (f, T0 " [foo(1)] test_name 5 Z=1 a=7 b=8 c=5 g=9\n");
}

/* spec 6 #20 */
static void
test_emit_reserved (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  g_assert_true (scalyr_agent_logger_emit_value (f->logger, "test_name", g_variant_new_int64 (5),
                                                 FIELDS ("{'logfile': <'logfile'>, 'monitor': <'monitor'>, "
                                                         "'metric': <'metric'>, 'instance': <'instance'>, "
                                                         "'severity': <'severity'>, 'value': <'value'>, "
                                                         "'foo': <'bar'>, 'bar': <'baz'>, 'value_': <1>}"),
                                                 &error));
  g_assert_no_error (error);
  assert_metrics (f, T0 " [foo(1)] test_name 5 bar=\"baz\" foo=\"bar\" instance_=\"instance\" "
                  "logfile_=\"logfile\" metric_=\"metric\" monitor_=\"monitor\" severity_=\"severity\" "
                  "value_=\"value\" value_=1\n");
  /* reserved names are not invalid: no warning */
  g_autofree char *diag = test_sink_take (f->diagnostics);
  g_assert_cmpstr (diag, ==, "");

  g_assert_true (scalyr_agent_logger_emit_value (f->logger, "value", g_variant_new_int64 (1), NULL, &error));
  assert_metrics (f, T0 " [foo(1)] value_ 1\n");
}

/* spec 6 #21 and 3.2 */
static void
test_emit_repair (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { const char *in, *out; } cases[] = {
    { "1name", "sa_1name" },
    { "name+hi", "name_hi" },
    { "-x", "sa_-x" },
    { "abc$#%^&123", "abc_____123" },
    { "b b", "b_b" },
    { "café", "café" },
    { "a.b-c_d", "a.b-c_d" },
    { "", "sa_" },
  };
  g_autofree char *diag = NULL;

  (void) data;
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf (T0 " [foo(1)] %s 5\n", cases[i].out);

      g_assert_true (scalyr_agent_logger_emit_value (f->logger, cases[i].in, g_variant_new_int64 (5),
                                                     NULL, &error));
      g_assert_no_error (error);
      assert_metrics (f, expected);
    }

  /* one warning a day per logger for metric names */
  diag = test_sink_take (f->diagnostics);
  g_assert_true (g_str_has_prefix (diag, T0 " WARNING [monitor:foo(1)] [scalyr-agent-logger.c:"));
  g_assert_true (g_str_has_suffix (diag,
                                   "] [error=\"client/badMetricName\"] Invalid metric name \"1name\" seen.  Metric "
                                   "names must begin with a letter and only contain alphanumeric characters as "
                                   "well as periods, underscores, and dashes.  The metric name has been fixed by "
                                   "replacing invalid characters with underscores.  Other metric names may be "
                                   "invalid (only reporting first occurrence).\n"));
  g_assert_cmpstr (strchr (diag, '\n'), ==, diag + strlen (diag) - 1);
}

static void
test_emit_repair_warning_daily (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *d1 = NULL, *d2 = NULL, *d3 = NULL;

  (void) data;
  scalyr_agent_logger_emit_value (f->logger, "a b", g_variant_new_int64 (1), FIELDS ("{'x y': <1>}"), &error);
  assert_metrics (f, T0 " [foo(1)] a_b 1 x_y=1\n");
  d1 = test_sink_take (f->diagnostics);
  /* one for the metric name, one for the field name */
  g_assert_nonnull (strstr (d1, "client/badMetricName"));
  g_assert_nonnull (strstr (d1, "[error=\"client/badFieldName\"] Invalid field name \"x y\" seen.  Field names must"));

  test_clock_advance_secs (23 * 3600);
  scalyr_agent_logger_emit_value (f->logger, "c d", g_variant_new_int64 (1), FIELDS ("{'z z': <1>}"), &error);
  d2 = test_sink_take (f->diagnostics);
  g_assert_cmpstr (d2, ==, "");

  test_clock_advance_secs (3600);
  scalyr_agent_logger_emit_value (f->logger, "e f", g_variant_new_int64 (1), NULL, &error);
  d3 = test_sink_take (f->diagnostics);
  g_assert_nonnull (strstr (d3, "Invalid metric name \"e f\""));
  g_assert_no_error (error);
}

/* spec 6 #22 */
static void
test_emit_timestamp (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  test_clock_set_ms (0);
  g_assert_true (scalyr_agent_logger_emit_value_full (f->logger, "test_name", g_variant_new_int64 (5),
                                                      FIELDS ("{'foo': <5>, 'timestamp': <int64 1650021068016>}"),
                                                      T0_MS, NULL, &error));
  assert_metrics (f, T0 " [foo(1)] test_name 5 foo=5 timestamp=1650021068016\n");

  /* 0 means now; milliseconds are zero-padded */
  test_clock_set_ms (G_GINT64_CONSTANT (1650021068007));
  g_assert_true (scalyr_agent_logger_emit_value_full (f->logger, "t", g_variant_new_int64 (1), NULL,
                                                      0, "other", &error));
  assert_metrics (f, "2022-04-15 11:11:08.007Z [foo(other)] t 1\n");
}

/* spec 6 #23 */
static void
test_emit_blacklist (Fixture       *f,
                     gconstpointer  data)
{
  const char *blacklist[] = { "name1", "name3", "bad_name", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *diag = NULL;

  (void) data;
  scalyr_agent_logger_set_metric_name_blacklist (f->logger, blacklist);
  for (int round = 0; round < 2; round++)
    for (int i = 1; i <= 4; i++)
      {
        char name[8];
        g_snprintf (name, sizeof name, "name%d", i);
        g_assert_true (scalyr_agent_logger_emit_value (f->logger, name, g_variant_new_int64 (i), NULL, &error));
        g_assert_no_error (error);
      }
  /* compared after repair */
  g_assert_true (scalyr_agent_logger_emit_value (f->logger, "bad name", g_variant_new_int64 (0), NULL, &error));
  assert_metrics (f, T0 " [foo(1)] name2 2\n" T0 " [foo(1)] name4 4\n"
                  T0 " [foo(1)] name2 2\n" T0 " [foo(1)] name4 4\n");
  g_assert_cmpuint (scalyr_agent_logger_get_reported_lines (f->logger), ==, 4);

  diag = test_sink_take (f->diagnostics);
  /* once per metric per day */
  g_assert_nonnull (strstr (diag, "INFO [monitor:foo(1)]"));
  g_assert_nonnull (strstr (diag, "Metric \"name1\" is blacklisted so the value wont be reported to Scalyr.\n"));
  g_assert_nonnull (strstr (diag, "Metric \"name3\" is blacklisted"));
  g_assert_null (strstr (strstr (diag, "name1") + 1, "\"name1\""));
}

/* spec 6 #24: unsupported values abort the call, nothing written */
static void
test_emit_unsupported (Fixture       *f,
                       gconstpointer  data)
{
  GVariant *values[] = {
    g_variant_new_parsed ("@ms nothing"),
    g_variant_new_parsed ("['a', 'b']"),
    g_variant_new_parsed ("{'a': <1>}"),
    g_variant_new_parsed ("(1, 2)"),
  };

  (void) data;
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (scalyr_agent_logger_emit_value (f->logger, "n", values[i], NULL, &error));
      g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE);
      g_assert_true (g_str_has_prefix (error->message, "foo(1): metric \"n\": unsupported value "));
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (scalyr_agent_logger_emit_value (f->logger, "n", g_variant_new_int64 (1),
                                                    FIELDS ("{'a': <1>, 'x': <@ms nothing>}"), &error));
    g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE);
    g_assert_cmpstr (error->message, ==,
                     "foo(1): metric \"n\": extra field \"x\" has the unsupported value @ms nothing, "
                     "a maybe (none); only integers, floats, booleans and strings can be reported");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (scalyr_agent_logger_emit_value (f->logger, "n", g_variant_new_int64 (1),
                                                    g_variant_new_parsed ("[1, 2]"), &error));
    g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE);
    g_assert_nonnull (strstr (error->message, "extra fields must be a dictionary with string keys"));
  }
  assert_metrics (f, "");
  g_assert_cmpuint (scalyr_agent_logger_get_reported_lines (f->logger), ==, 0);
}

static void
test_emit_value_kinds (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  scalyr_agent_logger_emit_value (f->logger, "a", g_variant_new_int64 (G_MININT64), NULL, &error);
  scalyr_agent_logger_emit_value (f->logger, "b", g_variant_new_uint64 (G_MAXUINT64), NULL, &error);
  scalyr_agent_logger_emit_value (f->logger, "c", g_variant_new_boolean (TRUE), NULL, &error);
  scalyr_agent_logger_emit_value (f->logger, "d", g_variant_new_boolean (FALSE), NULL, &error);
  scalyr_agent_logger_emit_value (f->logger, "e", g_variant_new_double (2.0), NULL, &error);
  scalyr_agent_logger_emit_value (f->logger, "f", g_variant_new_double (0.5), NULL, &error);
  scalyr_agent_logger_emit_value (f->logger, "g", g_variant_new_string ("say \"hi\"\n\tcafé"), NULL, &error);
  scalyr_agent_logger_emit_value (f->logger, "h", g_variant_new_byte (255), NULL, &error);
  scalyr_agent_logger_emit_value (f->logger, "i", g_variant_new_int16 (-7), NULL, &error);
  scalyr_agent_logger_emit_value (f->logger, "j", g_variant_new_variant (g_variant_new_uint32 (9)), NULL, &error);
  scalyr_agent_logger_emit_value (f->logger, "k", g_variant_new_int64 (1),
                                  FIELDS ("{'s': <'x'>, 't': <true>, 'u': <1.5>}"), &error);
  g_assert_no_error (error);
  assert_metrics (f,
                  T0 " [foo(1)] a -9223372036854775808\n"
                  T0 " [foo(1)] b 18446744073709551615\n"
                  T0 " [foo(1)] c true\n"
                  T0 " [foo(1)] d false\n"
                  T0 " [foo(1)] e 2.0\n"
                  T0 " [foo(1)] f 0.5\n"
                  T0 " [foo(1)] g \"say \\\"hi\\\"\\n\\tcaf\\u00e9\"\n"
                  T0 " [foo(1)] h 255\n"
                  T0 " [foo(1)] i -7\n"
                  T0 " [foo(1)] j 9\n"
                  T0 " [foo(1)] k 1 s=\"x\" t=true u=1.5\n");
}

static void
test_emit_no_sink (void)
{
  g_autoptr(ScalyrAgentLogger) logger = scalyr_agent_logger_new ("m", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (scalyr_agent_logger_get_monitor_name (logger), ==, "m()");
  g_assert_false (scalyr_agent_logger_emit_value (logger, "x", g_variant_new_int64 (1), NULL, &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Cannot report metric values until metric log file is opened.");
}

static void
test_emit_line (Fixture       *f,
                gconstpointer  data)
{
  (void) data;
  scalyr_agent_logger_emit_line (f->logger, "free text");
  assert_metrics (f, T0 " [foo(1)] free text\n");
  g_assert_cmpuint (scalyr_agent_logger_get_reported_lines (f->logger), ==, 1);
}

static void
test_log_format (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;

  (void) data;
  scalyr_agent_logger_log_full (f->logger, SCALYR_LOG_LEVEL_INFO, "/src/scalyr-monitor.c", 388,
                                NULL, NULL, NULL, 0, "Monitor has finished");
  scalyr_agent_logger_log_full (f->logger, SCALYR_LOG_LEVEL_ERROR, "x.py", 12, "failedMonitor",
                                "Traceback:\n  line 1\nValueError: boom\n", NULL, 0, "Monitor died");
  scalyr_agent_logger_log (f->logger, SCALYR_LOG_LEVEL_WARNING, "no position");
  out = test_sink_take (f->diagnostics);
  g_assert_cmpstr (out, ==,
                   T0 " INFO [monitor:foo(1)] [scalyr-monitor.c:388] Monitor has finished\n"
                   T0 " ERROR [monitor:foo(1)] [x.py:12] [error=\"failedMonitor\"] Monitor died :stack_trace:\n"
                   "  Traceback:\n    line 1\n  ValueError: boom\n"
                   T0 " WARNING [monitor:foo(1)] [libscalyrmon:0] no position\n");
  g_assert_cmpuint (scalyr_agent_logger_get_errors (f->logger), ==, 1);
}

/* The component of diagnostic lines: computed (an instance's, `core`), or
 * given at construction, as the Python package does for a module-level
 * logger, which the reference names without an instance id. */
static void
test_component (void)
{
  g_autoptr(ScalyrAgentLogger) instance = scalyr_agent_logger_new ("scalyr_agent.builtin_monitors.syslog_monitor", NULL);
  g_autoptr(ScalyrAgentLogger) core = scalyr_agent_logger_new ("scalyr_agent.util", NULL);
  g_autoptr(ScalyrAgentLogger) module = NULL;
  g_autoptr(TestSink) d = test_sink_new ();
  g_autofree char *out = NULL;
  g_autofree char *component = NULL;

  g_assert_cmpstr (scalyr_agent_logger_get_component (instance), ==, "monitor:syslog_monitor()");
  g_assert_cmpstr (scalyr_agent_logger_get_component (core), ==, "core");
  module = g_object_new (SCALYR_TYPE_AGENT_LOGGER,
                         "module-name", "scalyr_agent.builtin_monitors.syslog_monitor",
                         "component", "monitor:syslog_monitor", NULL);
  g_object_get (module, "component", &component, NULL);
  g_assert_cmpstr (component, ==, "monitor:syslog_monitor");
  /* the instance name of metric lines is unchanged */
  g_assert_cmpstr (scalyr_agent_logger_get_monitor_name (module), ==, "syslog_monitor()");
  test_clock_set_ms (T0_MS);
  scalyr_agent_logger_set_diagnostic_sink (module, SCALYR_LOG_SINK (d));
  scalyr_agent_logger_log_full (module, SCALYR_LOG_LEVEL_INFO, "syslog_monitor.py", 7,
                                NULL, NULL, NULL, 0, "module level");
  out = test_sink_take (d);
  g_assert_cmpstr (out, ==, T0 " INFO [monitor:syslog_monitor] [syslog_monitor.py:7] module level\n");
}

static void
test_log_levels (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;

  (void) data;
  scalyr_debug (f->logger, "hidden %d", 1);
  scalyr_info (f->logger, "shown %d", 2);
  scalyr_agent_logger_set_debug_level (f->logger, 1);
  g_assert_cmpuint (scalyr_agent_logger_get_debug_level (f->logger), ==, 1);
  scalyr_debug (f->logger, "debug %s", "now");
  scalyr_error (f->logger, "bad");
  scalyr_agent_logger_log (f->logger, SCALYR_LOG_LEVEL_CRITICAL, "worse");
  out = test_sink_take (f->diagnostics);
  g_assert_null (strstr (out, "hidden"));
  g_assert_nonnull (strstr (out, " INFO [monitor:foo(1)] [test-agent-logger.c:"));
  g_assert_nonnull (strstr (out, "] shown 2\n"));
  g_assert_nonnull (strstr (out, " DEBUG [monitor:foo(1)] [test-agent-logger.c:"));
  g_assert_nonnull (strstr (out, " ERROR [monitor:foo(1)]"));
  g_assert_nonnull (strstr (out, " CRITICAL [monitor:foo(1)] [libscalyrmon:0] worse\n"));
  g_assert_cmpuint (scalyr_agent_logger_get_errors (f->logger), ==, 2);

  /* the warning and the rate-limit charge apply to diagnostics too */
  scalyr_agent_logger_set_debug_level (f->logger, 0);
  scalyr_debug (f->logger, "hidden again");
  out2 = test_sink_take (f->diagnostics);
  g_assert_cmpstr (out2, ==, "");
}

static void
test_log_limit (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  int n = 0;

  (void) data;
  for (int i = 0; i < 10; i++)
    {
      scalyr_agent_logger_log_full (f->logger, SCALYR_LOG_LEVEL_WARNING, NULL, 0, NULL, NULL,
                                    "conn", 60, "connection refused");
      test_clock_advance_secs (10);
    }
  out = test_sink_take (f->diagnostics);
  for (const char *p = out; (p = strstr (p, "connection refused")) != NULL; p++)
    n++;
  /* at 0 s and at 60 s */
  g_assert_cmpint (n, ==, 2);
}

static void
test_emit_typed (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ScalyrExtraFields) fields = scalyr_extra_fields_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *diag = NULL;

  (void) data;
  scalyr_extra_fields_set_string (fields, "cpu", "cpu0");
  scalyr_extra_fields_set_int (fields, "count", 1);
  scalyr_extra_fields_set_boolean (fields, "Busy", TRUE);
  g_assert_true (scalyr_agent_logger_emit_double (f->logger, "uniform", 0.25, fields, &error));
  scalyr_extra_fields_set_int (fields, "count", 2);     /* replaced, not added */
  g_assert_true (scalyr_agent_logger_emit_int (f->logger, "n", G_MAXINT64, fields, &error));
  g_assert_true (scalyr_agent_logger_emit_uint (f->logger, "u", G_MAXUINT64, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_boolean (f->logger, "b", FALSE, NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_string (f->logger, "s", "a\"b\x01", NULL, &error));
  g_assert_true (scalyr_agent_logger_emit_double (f->logger, "d", 1e16, NULL, &error));
  g_assert_no_error (error);
  assert_metrics (f,
                  T0 " [foo(1)] uniform 0.25 Busy=true count=1 cpu=\"cpu0\"\n"
                  T0 " [foo(1)] n 9223372036854775807 Busy=true count=2 cpu=\"cpu0\"\n"
                  T0 " [foo(1)] u 18446744073709551615\n"
                  T0 " [foo(1)] b false\n"
                  T0 " [foo(1)] s \"a\\\"b\\u0001\"\n"
                  T0 " [foo(1)] d 1e+16\n");
  g_assert_cmpuint (scalyr_agent_logger_get_reported_lines (f->logger), ==, 6);

  /* invalid field names are repaired and warned about (once a day) */
  scalyr_extra_fields_set_double (fields, "9 lives", -0.0);
  g_assert_true (scalyr_agent_logger_emit_int (f->logger, "n", 0, fields, &error));
  g_assert_true (scalyr_agent_logger_emit_int (f->logger, "n", 0, fields, &error));
  assert_metrics (f,
                  T0 " [foo(1)] n 0 sa_9_lives=-0.0 Busy=true count=2 cpu=\"cpu0\"\n"
                  T0 " [foo(1)] n 0 sa_9_lives=-0.0 Busy=true count=2 cpu=\"cpu0\"\n");
  diag = test_sink_take (f->diagnostics);
  g_assert_nonnull (strstr (diag, "[error=\"client/badFieldName\"] Invalid field name \"9 lives\" seen."));
  g_assert_null (strstr (strstr (diag, "9 lives") + 1, "9 lives"));
}

static void
test_extra_fields (void)
{
  g_autoptr(ScalyrExtraFields) fields = scalyr_extra_fields_new ();
  g_autoptr(ScalyrExtraFields) from_variant = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL;

  g_assert_cmpuint (scalyr_extra_fields_get_size (fields), ==, 0);
  scalyr_extra_fields_set_int (fields, "b", 2);
  scalyr_extra_fields_set_uint (fields, "a", 1);
  scalyr_extra_fields_set_string (fields, "value", "v");
  g_assert_true (scalyr_extra_fields_set_value (fields, "c", g_variant_new_variant (g_variant_new_double (0.5)), &error));
  g_assert_false (scalyr_extra_fields_set_value (fields, "d", g_variant_new_parsed ("[1]"), &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE);
  g_assert_cmpstr (error->message, ==, "extra field \"d\" has the unsupported value [1], an array; only "
                   "integers, floats, booleans and strings can be reported");
  g_clear_error (&error);
  g_assert_cmpuint (scalyr_extra_fields_get_size (fields), ==, 4);
  s1 = scalyr_extra_fields_to_string (fields);
  g_assert_cmpstr (s1, ==, "a=1 b=2 c=0.5 value_=\"v\"");

  g_assert_true (scalyr_extra_fields_remove (fields, "b"));
  g_assert_false (scalyr_extra_fields_remove (fields, "b"));
  s2 = scalyr_extra_fields_to_string (fields);
  g_assert_cmpstr (s2, ==, "a=1 c=0.5 value_=\"v\"");
  scalyr_extra_fields_remove_all (fields);
  g_assert_cmpuint (scalyr_extra_fields_get_size (fields), ==, 0);

  from_variant = scalyr_extra_fields_new_from_variant (g_variant_new_parsed ("{'z': <'last'>, 'y': <int16 -3>}"),
                                                       &error);
  g_assert_no_error (error);
  s3 = scalyr_extra_fields_to_string (from_variant);
  g_assert_cmpstr (s3, ==, "y=-3 z=\"last\"");
  g_assert_null (scalyr_extra_fields_new_from_variant (g_variant_new_parsed ("{'a': <[1]>}"), &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE);
  g_clear_error (&error);
  g_assert_null (scalyr_extra_fields_new_from_variant (g_variant_new_parsed ("[1, 2]"), &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/agent-logger/names", test_names);
  ADD ("/agent-logger/emit/basic", test_emit_basic);
  ADD ("/agent-logger/emit/sorted-fields", test_emit_sorted);
  ADD ("/agent-logger/emit/reserved-names", test_emit_reserved);
  ADD ("/agent-logger/emit/name-repair", test_emit_repair);
  ADD ("/agent-logger/emit/name-warning-daily", test_emit_repair_warning_daily);
  ADD ("/agent-logger/emit/timestamp", test_emit_timestamp);
  ADD ("/agent-logger/emit/blacklist", test_emit_blacklist);
  ADD ("/agent-logger/emit/unsupported", test_emit_unsupported);
  ADD ("/agent-logger/emit/value-kinds", test_emit_value_kinds);
  ADD ("/agent-logger/emit/line", test_emit_line);
  ADD ("/agent-logger/log/format", test_log_format);
  ADD ("/agent-logger/log/levels", test_log_levels);
  ADD ("/agent-logger/log/limit-once-per", test_log_limit);
  ADD ("/agent-logger/emit/typed", test_emit_typed);
  g_test_add_func ("/agent-logger/emit/no-sink", test_emit_no_sink);
  g_test_add_func ("/agent-logger/component", test_component);
  g_test_add_func ("/extra-fields/set-remove-sorted", test_extra_fields);
  return g_test_run ();
}
