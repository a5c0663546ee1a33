/* test-monitor.c: monitor construction, run loop, failures, stop
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "test-helpers.h"
#include "scalyr-test-monitor.h"

/* ---- a monitor whose behaviour each test picks ---- */

typedef enum {
  MODE_OK,
  MODE_FAIL,
  MODE_HANG,
  MODE_SLOW,        /* 50 ms per sample, every other one failing */
} Mode;

#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, ScalyrMonitor)

struct _TestMonitor
{
  ScalyrMonitor parent_instance;
  Mode mode;
  gint samples;
  GMutex lock;
  GCond cond;
  gboolean release;
  gboolean fail_initialize;
};

G_DEFINE_FINAL_TYPE (TestMonitor, test_monitor, SCALYR_TYPE_MONITOR)

static gboolean
test_monitor_initialize (ScalyrMonitor *monitor,
                         GError       **error)
{
  TestMonitor *self = TEST_MONITOR (monitor);
  g_autofree char *mode = NULL;

  mode = scalyr_monitor_config_dup_string (scalyr_monitor_get_config (monitor), "mode",
                                           SCALYR_CONFIG_NONE, "ok", error);
  if (mode == NULL)
    return FALSE;
  if (g_str_equal (mode, "fail"))
    self->mode = MODE_FAIL;
  else if (g_str_equal (mode, "hang"))
    self->mode = MODE_HANG;
  else if (g_str_equal (mode, "slow"))
    self->mode = MODE_SLOW;
  else if (g_str_equal (mode, "refuse"))
    {
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_UNSUPPORTED_SYSTEM,
                   "%s: needs a kernel with /proc/pressure", scalyr_monitor_get_monitor_name (monitor));
      return FALSE;
    }
  return TRUE;
}

static gboolean
test_monitor_gather_sample (ScalyrMonitor *monitor,
                            GError       **error)
{
  TestMonitor *self = TEST_MONITOR (monitor);
  int n = g_atomic_int_add (&self->samples, 1) + 1;

  switch (self->mode)
    {
    case MODE_FAIL:
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_FAILED, "boom %d", n);
      return FALSE;
    case MODE_HANG:
      g_mutex_lock (&self->lock);
      while (!self->release)
        g_cond_wait (&self->cond, &self->lock);
      g_mutex_unlock (&self->lock);
      return TRUE;
    case MODE_SLOW:
      g_usleep (50000);
      if (n % 2 == 0)
        {
          g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_FAILED, "slow %d", n);
          return FALSE;
        }
      return TRUE;
    case MODE_OK:
    default:
      return scalyr_agent_logger_emit_value (scalyr_monitor_get_logger (monitor), "n",
                                             g_variant_new_int32 (n), NULL, error);
    }
}

static void
test_monitor_finalize (GObject *object)
{
  TestMonitor *self = TEST_MONITOR (object);

  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (test_monitor_parent_class)->finalize (object);
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_monitor_finalize;
  SCALYR_MONITOR_CLASS (klass)->initialize = test_monitor_initialize;
  SCALYR_MONITOR_CLASS (klass)->gather_sample = test_monitor_gather_sample;

  ScalyrMonitorOption *region;

  scalyr_monitor_declare_option (G_TYPE_FROM_CLASS (klass),
                                 scalyr_monitor_option_new_int ("level", "A bounded level.", 7, 5, 10));
  region = scalyr_monitor_option_new_string ("region", "An env-aware option.", NULL);
  scalyr_monitor_option_set_env_aware (region, TRUE);
  scalyr_monitor_declare_option (G_TYPE_FROM_CLASS (klass), region);
}

static void
test_monitor_init (TestMonitor *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

static ScalyrMonitor *
new_monitor (const char         *entry_json,
             double              interval,
             TestSink          **metrics,
             TestSink          **diagnostics,
             GError            **error)
{
  g_autoptr(ScalyrMonitorConfig) config = NULL;
  g_autoptr(ScalyrAgentLogger) logger = NULL;
  ScalyrMonitor *monitor;

  config = scalyr_monitor_config_new_from_string (entry_json, NULL, error);
  if (config == NULL)
    return NULL;
  logger = scalyr_agent_logger_new ("tests.test_mon", NULL);
  *metrics = test_sink_new ();
  *diagnostics = test_sink_new ();
  scalyr_agent_logger_set_diagnostic_sink (logger, SCALYR_LOG_SINK (*diagnostics));
  monitor = scalyr_monitor_new (TEST_TYPE_MONITOR, NULL, config, logger, interval, error);
  if (monitor != NULL)
    scalyr_monitor_open_metric_log (monitor, SCALYR_LOG_SINK (*metrics));
  return monitor;
}

static void
test_new_defaults (void)
{
  g_autoptr(ScalyrMonitorConfig) config = NULL;
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;

  config = scalyr_monitor_config_new_from_string ("{ module: \"scalyr_agent.builtin_monitors.test_monitor\", "
                                                  "gauss_mean: \"5\", id: 12 }", NULL, &error);
  g_assert_no_error (error);
  monitor = scalyr_monitor_new (SCALYR_TYPE_TEST_MONITOR, NULL, config, NULL, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scalyr_monitor_get_module_name (monitor), ==, "scalyr_agent.builtin_monitors.test_monitor");
  g_assert_cmpstr (scalyr_monitor_get_short_module_name (monitor), ==, "test_monitor");
  g_assert_cmpstr (scalyr_monitor_get_monitor_id (monitor), ==, "12");
  g_assert_cmpstr (scalyr_monitor_get_monitor_name (monitor), ==, "test_monitor(12)");
  g_assert_cmpstr (scalyr_agent_logger_get_monitor_name (scalyr_monitor_get_logger (monitor)), ==, "test_monitor(12)");
  g_assert_cmpfloat (scalyr_monitor_get_sample_interval (monitor), ==, 30);
  g_assert_cmpstr (scalyr_monitor_get_log_path (monitor), ==, "test_monitor.log");
  g_assert_false (scalyr_monitor_get_disabled (monitor));
  g_assert_false (scalyr_monitor_is_running (monitor));
  g_assert_cmpuint (scalyr_monitor_get_sample_count (monitor), ==, 0);
  /* the declared option was converted in the entry: "5" -> 5.0 */
  g_assert_cmpfloat (json_object_get_double_member (scalyr_monitor_config_get_entry (config), "gauss_mean"), ==, 5.0);
}

static void
test_new_entry_overrides (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(TestSink) m = NULL, d = NULL;
  g_autoptr(GError) error = NULL;
  double interval;

  monitor = new_monitor ("{ sample_interval: 2.5, log_path: \"custom.log\", level: \"9\" }", 30, &m, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (scalyr_monitor_get_sample_interval (monitor), ==, 2.5);
  g_object_get (monitor, "sample-interval", &interval, NULL);
  g_assert_cmpfloat (interval, ==, 2.5);
  g_assert_cmpstr (scalyr_monitor_get_log_path (monitor), ==, "custom.log");
  g_assert_cmpstr (scalyr_monitor_get_monitor_name (monitor), ==, "test_mon()");
  g_assert_cmpint (json_object_get_int_member (scalyr_monitor_config_get_entry (scalyr_monitor_get_config (monitor)),
                                              "level"), ==, 9);
}

static void
test_new_bad_config (void)
{
  struct {
    const char *entry;
    int code;
    const char *message;
  } cases[] = {
    { "{ level: 11 }", SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
      "test_mon(): field \"level\": value 11 is above the maximum 10" },
    { "{ level: true }", SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION, NULL },
    { "{ sample_interval: \"often\" }", SCALYR_MONITOR_ERROR_PARSE, NULL },
    { "{ monitor_log_flush_delay: -1 }", SCALYR_MONITOR_ERROR_OUT_OF_RANGE, NULL },
    { "{ metric_name_blacklist: [\"a\", 2] }", SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION, NULL },
    { "{ mode: \"refuse\" }", SCALYR_MONITOR_ERROR_UNSUPPORTED_SYSTEM,
      "test_mon(): needs a kernel with /proc/pressure" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ScalyrMonitor) monitor = NULL;
      g_autoptr(TestSink) m = NULL, d = NULL;
      g_autoptr(GError) error = NULL;

      monitor = new_monitor (cases[i].entry, 30, &m, &d, &error);
      g_assert_null (monitor);
      g_assert_error (error, SCALYR_MONITOR_ERROR, cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      else
        g_assert_true (g_str_has_prefix (error->message, "test_mon(): "));
    }
}

static void
test_builtin_missing_required (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(ScalyrMonitorConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  config = scalyr_monitor_config_new_from_string ("{ module: \"test_monitor\" }", NULL, &error);
  monitor = scalyr_monitor_new (SCALYR_TYPE_TEST_MONITOR, NULL, config, NULL, 5, &error);
  g_assert_null (monitor);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_MISSING_FIELD);
  g_assert_nonnull (strstr (error->message, "test_monitor()"));
  g_assert_nonnull (strstr (error->message, "gauss_mean"));
}

static void
wait_for_samples (TestMonitor *mon,
                  int          n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&mon->samples) < n && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  g_assert_cmpint (g_atomic_int_get (&mon->samples), >=, n);
}

static void
test_run_samples (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(TestSink) m = NULL, d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *metrics = NULL, *diag = NULL;
  g_auto(GStrv) lines = NULL;

  monitor = new_monitor ("{}", 0.02, &m, &d, &error);
  g_assert_no_error (error);
  g_assert_true (scalyr_monitor_start (monitor, &error));
  g_assert_true (scalyr_monitor_is_running (monitor));
  /* a second start is refused */
  g_assert_false (scalyr_monitor_start (monitor, &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_FAILED);
  g_clear_error (&error);

  wait_for_samples (TEST_MONITOR (monitor), 4);
  g_assert_true (scalyr_monitor_stop (monitor, 5000));
  g_assert_false (scalyr_monitor_is_running (monitor));
  g_assert_true (scalyr_monitor_is_stopping (monitor));
  g_assert_cmpint (scalyr_monitor_get_last_sample_time (monitor), >, 0);

  metrics = test_sink_take (m);
  lines = g_strsplit (metrics, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 5);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *suffix = g_strdup_printf ("Z [test_mon()] n %d", i + 1);
      g_assert_true (g_str_has_suffix (lines[i], suffix));
    }
  g_assert_cmpuint (scalyr_monitor_get_sample_count (monitor), ==,
                    (guint) g_atomic_int_get (&TEST_MONITOR (monitor)->samples));
  diag = test_sink_take (d);
  g_assert_nonnull (strstr (diag, " INFO [monitor:test_mon()] [scalyr-monitor.c:"));
  g_assert_true (g_str_has_suffix (diag, "] Monitor has finished\n"));
}

/* the default run ends by itself after the sample limit, without the
 * wait of a sample interval after the last sample (60 s here) */
static void
test_run_sample_limit (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(TestSink) m = NULL, d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *metrics = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  monitor = new_monitor ("{}", 60, &m, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scalyr_monitor_get_sample_limit (monitor), ==, 0);
  scalyr_monitor_set_sample_limit (monitor, 1);
  g_assert_cmpuint (scalyr_monitor_get_sample_limit (monitor), ==, 1);
  g_assert_true (scalyr_monitor_wait (monitor, 0));   /* not started: not running */
  g_assert_true (scalyr_monitor_start (monitor, &error));
  /* scalyr_monitor_wait() returns when the thread ends, without polling */
  g_assert_true (scalyr_monitor_wait (monitor, deadline));
  g_assert_false (scalyr_monitor_is_running (monitor));
  g_assert_cmpuint (scalyr_monitor_get_sample_count (monitor), ==, 1);
  g_assert_true (scalyr_monitor_stop (monitor, 100));
  metrics = test_sink_take (m);
  g_assert_nonnull (g_strrstr (metrics, "Z [test_mon()] n 1\n"));
  g_assert_null (strstr (metrics, "n 2"));

  /* three, one every 0.02 s */
  g_clear_object (&monitor);
  g_clear_pointer (&m, g_object_unref);
  g_clear_pointer (&d, g_object_unref);
  monitor = new_monitor ("{}", 0.02, &m, &d, &error);
  g_assert_no_error (error);
  scalyr_monitor_set_sample_limit (monitor, 3);
  g_assert_true (scalyr_monitor_start (monitor, &error));
  while (scalyr_monitor_is_running (monitor) && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  g_assert_false (scalyr_monitor_is_running (monitor));
  g_assert_cmpuint (scalyr_monitor_get_sample_count (monitor), ==, 3);
  g_assert_cmpint (g_atomic_int_get (&TEST_MONITOR (monitor)->samples), ==, 3);
}

/* scalyr_monitor_wait() gives up at its end time while the monitor runs,
 * and returns once scalyr_monitor_stop() ended its thread (G_MAXINT64: no
 * end time) */
static gpointer
wait_forever (gpointer data)
{
  return GINT_TO_POINTER (scalyr_monitor_wait (data, G_MAXINT64));
}

static void
test_wait_end_time (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(TestSink) m = NULL, d = NULL;
  g_autoptr(GError) error = NULL;
  GThread *waiter;

  monitor = new_monitor ("{}", 60, &m, &d, &error);
  g_assert_no_error (error);
  g_assert_true (scalyr_monitor_start (monitor, &error));
  g_assert_false (scalyr_monitor_wait (monitor, g_get_monotonic_time () + 20 * 1000));
  g_assert_true (scalyr_monitor_is_running (monitor));
  waiter = g_thread_new ("waiter", wait_forever, monitor);
  g_assert_true (scalyr_monitor_stop (monitor, 5000));
  g_assert_true (GPOINTER_TO_INT (g_thread_join (waiter)));
}

/* the time spent in gather_sample (monotonic) and the failed samples:
 * three of 50 ms each, the second failing */
static void
test_run_sample_seconds (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(TestSink) m = NULL, d = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gint64 start;
  double total;

  monitor = new_monitor ("{ mode: \"slow\" }", 0.01, &m, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (scalyr_monitor_get_sample_seconds_total (monitor), ==, 0);
  g_assert_cmpfloat (scalyr_monitor_get_last_sample_seconds (monitor), ==, 0);
  g_assert_cmpuint (scalyr_monitor_get_failed_sample_count (monitor), ==, 0);
  scalyr_monitor_set_sample_limit (monitor, 3);
  start = g_get_monotonic_time ();
  g_assert_true (scalyr_monitor_start (monitor, &error));
  while (scalyr_monitor_is_running (monitor) && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  g_assert_false (scalyr_monitor_is_running (monitor));
  g_assert_cmpuint (scalyr_monitor_get_sample_count (monitor), ==, 3);
  g_assert_cmpuint (scalyr_monitor_get_failed_sample_count (monitor), ==, 1);
  total = scalyr_monitor_get_sample_seconds_total (monitor);
  g_assert_cmpfloat (total, >=, 3 * 0.05);
  /* no more than the run took from the outside */
  g_assert_cmpfloat (total, <=, (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  g_assert_cmpfloat (scalyr_monitor_get_last_sample_seconds (monitor), >=, 0.05);
  g_assert_cmpfloat (scalyr_monitor_get_last_sample_seconds (monitor), <=, total - 2 * 0.05);
  g_assert_true (scalyr_monitor_stop (monitor, 100));
}

static void
test_run_failing_sample (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(TestSink) m = NULL, d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *diag = NULL;
  guint64 failures;

  monitor = new_monitor ("{ mode: \"fail\" }", 0.01, &m, &d, &error);
  g_assert_no_error (error);
  g_assert_true (scalyr_monitor_start (monitor, &error));
  wait_for_samples (TEST_MONITOR (monitor), 3);
  g_assert_true (scalyr_monitor_stop (monitor, 5000));

  failures = (guint64) g_atomic_int_get (&TEST_MONITOR (monitor)->samples);
  g_assert_cmpuint (scalyr_monitor_get_failed_sample_count (monitor), ==, failures);
  /* we: one error per failed sample (the reference counts two) */
  g_assert_cmpuint (scalyr_agent_logger_get_errors (scalyr_monitor_get_logger (monitor)), ==, failures);
  diag = test_sink_take (d);
  g_assert_nonnull (strstr (diag, " ERROR [monitor:test_mon()] [scalyr-monitor.c:"));
  g_assert_nonnull (strstr (diag, "] Failed to gather sample due to the following exception :stack_trace:\n"
                                  "  boom 1 (scalyr-monitor-error-quark, 9)\n"));
  g_assert_nonnull (strstr (diag, "  boom 3 (scalyr-monitor-error-quark, 9)\n"));
}

static void
test_stop_interrupts_sleep (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(TestSink) m = NULL, d = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  monitor = new_monitor ("{}", 3600, &m, &d, &error);
  g_assert_true (scalyr_monitor_start (monitor, &error));
  wait_for_samples (TEST_MONITOR (monitor), 1);
  start = g_get_monotonic_time ();
  g_assert_true (scalyr_monitor_stop (monitor, 5000));
  /* woken at once, not after the hour */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (g_atomic_int_get (&TEST_MONITOR (monitor)->samples), ==, 1);
}

static void
test_stop_hung_monitor (void)
{
  ScalyrMonitor *monitor;
  TestMonitor *mon;
  g_autoptr(TestSink) m = NULL, d = NULL;
  g_autoptr(GError) error = NULL;
  GWeakRef weak;
  gint64 start, elapsed;

  monitor = new_monitor ("{ mode: \"hang\" }", 0.01, &m, &d, &error);
  mon = TEST_MONITOR (monitor);
  g_assert_true (scalyr_monitor_start (monitor, &error));
  wait_for_samples (mon, 1);

  start = g_get_monotonic_time ();
  g_assert_false (scalyr_monitor_stop (monitor, 200));
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (elapsed, >=, 190 * 1000);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
  g_assert_true (scalyr_monitor_is_running (monitor));

  /* dropping our reference while the thread is stuck is safe: the thread
   * keeps the monitor alive until the sample returns */
  g_weak_ref_init (&weak, monitor);
  g_mutex_lock (&mon->lock);
  mon->release = TRUE;
  g_cond_broadcast (&mon->cond);
  g_mutex_unlock (&mon->lock);
  g_object_unref (monitor);
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    ScalyrMonitor *alive;

    while ((alive = g_weak_ref_get (&weak)) != NULL && g_get_monotonic_time () < deadline)
      {
        g_object_unref (alive);
        g_usleep (5000);
      }
    g_assert_null (alive);
  }
  g_weak_ref_clear (&weak);
}

/* ---- a monitor overriding run ---- */

#define TEST_TYPE_RUN_MONITOR (test_run_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestRunMonitor, test_run_monitor, TEST, RUN_MONITOR, ScalyrMonitor)

struct _TestRunMonitor
{
  ScalyrMonitor parent_instance;
  gint loops;
  gint stop_calls;
};

G_DEFINE_FINAL_TYPE (TestRunMonitor, test_run_monitor, SCALYR_TYPE_MONITOR)

static void
test_run_monitor_run (ScalyrMonitor *monitor)
{
  TestRunMonitor *self = TEST_RUN_MONITOR (monitor);

  while (!scalyr_monitor_is_stopping (monitor))
    {
      g_atomic_int_inc (&self->loops);
      scalyr_monitor_sleep (monitor, 0.005);
    }
}

static void
test_run_monitor_stop (ScalyrMonitor *monitor)
{
  g_atomic_int_inc (&TEST_RUN_MONITOR (monitor)->stop_calls);
  SCALYR_MONITOR_CLASS (test_run_monitor_parent_class)->stop (monitor);
}

static void
test_run_monitor_class_init (TestRunMonitorClass *klass)
{
  SCALYR_MONITOR_CLASS (klass)->run = test_run_monitor_run;
  SCALYR_MONITOR_CLASS (klass)->stop = test_run_monitor_stop;
}

static void
test_run_monitor_init (TestRunMonitor *self)
{
  (void) self;
}

/* the fields of an entry against the declared options: undeclared ones are
 * errors with the closest name for a monitor that declares options, a
 * warning for one that declares none; common and pass-through fields are
 * always known */
static void
test_check_entry_fields (void)
{
  g_autoptr(JsonObject) bad = scalyr_json_parse_object ("{ module: \"m\", level: 6, levle: 7, regoin: \"x\", "
                                                        "unrelated_thing: 1 }", -1, NULL);
  g_autoptr(JsonObject) good = scalyr_json_parse_object ("{ module: \"m\", id: 2, level: 6, sample_interval: 1, "
                                                         "log_path: \"x\", calculate_rate_metric_names: [] }",
                                                         -1, NULL);
  g_autoptr(JsonObject) other = scalyr_json_parse_object ("{ module: \"m\", foo: 1, bar: 2 }", -1, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  g_assert_false (scalyr_monitor_check_entry_fields (TEST_TYPE_MONITOR, bad, "m()", &warning, &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG);
  g_assert_cmpstr (error->message, ==,
                   "monitor m(): field \"levle\" is not an option of this monitor; did you mean \"level\"?; "
                   "monitor m(): field \"regoin\" is not an option of this monitor; did you mean \"region\"?; "
                   "monitor m(): field \"unrelated_thing\" is not an option of this monitor; remove it or use "
                   "one of its options: level, region");
  g_assert_null (warning);
  g_clear_error (&error);

  g_assert_true (scalyr_monitor_check_entry_fields (TEST_TYPE_MONITOR, good, "m(2)", &warning, &error));
  g_assert_no_error (error);
  g_assert_null (warning);

  g_assert_true (scalyr_monitor_check_entry_fields (TEST_TYPE_RUN_MONITOR, other, "m()", &warning, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (warning, ==, "monitor m() declares no options, so its fields \"foo\", \"bar\" cannot be "
                                "checked; make sure the monitor reads them (a misspelled field is ignored)");
}

static void
test_custom_run (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TestSink) d = test_sink_new ();
  g_autoptr(ScalyrAgentLogger) logger = scalyr_agent_logger_new ("custom", "c");
  TestRunMonitor *self;
  g_autofree char *diag = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  scalyr_agent_logger_set_diagnostic_sink (logger, SCALYR_LOG_SINK (d));
  monitor = scalyr_monitor_new (TEST_TYPE_RUN_MONITOR, "custom", NULL, logger, 30, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (scalyr_monitor_get_monitor_name (monitor), ==, "custom(c)");
  self = TEST_RUN_MONITOR (monitor);
  g_assert_true (scalyr_monitor_start (monitor, &error));
  while (g_atomic_int_get (&self->loops) < 3 && g_get_monotonic_time () < deadline)
    g_usleep (2000);
  g_assert_true (scalyr_monitor_stop (monitor, 5000));
  g_assert_cmpint (g_atomic_int_get (&self->stop_calls), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&self->loops), >=, 3);
  /* gather_sample was never called: the default run was replaced */
  g_assert_cmpuint (scalyr_monitor_get_sample_count (monitor), ==, 0);
  /* only the default loop says `Monitor has finished`, as the reference's
   * default run() does */
  diag = test_sink_take (d);
  g_assert_null (strstr (diag, "Monitor has finished"));
}

static void
test_declared_options (void)
{
  g_autoptr(GPtrArray) options = scalyr_monitor_list_options (TEST_TYPE_MONITOR);
  g_autoptr(GPtrArray) none = scalyr_monitor_list_options (TEST_TYPE_RUN_MONITOR);
  g_autoptr(GPtrArray) metrics = scalyr_monitor_list_metrics (SCALYR_TYPE_TEST_MONITOR);

  g_assert_cmpuint (options->len, ==, 2);
  g_assert_cmpstr (scalyr_monitor_option_get_name (g_ptr_array_index (options, 0)), ==, "level");
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (metrics->len, ==, 2);
  g_assert_cmpstr (scalyr_monitor_metric_get_name (g_ptr_array_index (metrics, 0)), ==, "uniform");
  g_assert_nonnull (scalyr_monitor_get_type_description (SCALYR_TYPE_TEST_MONITOR));
}

static void
test_sample_interval_env (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(TestSink) m = NULL, d = NULL;
  g_autoptr(GError) error = NULL;

  /* spec 2.3: every monitor without sample_interval reads SCALYR_SAMPLE_INTERVAL */
  g_setenv ("SCALYR_SAMPLE_INTERVAL", "3", TRUE);
  monitor = new_monitor ("{}", 30, &m, &d, &error);
  g_unsetenv ("SCALYR_SAMPLE_INTERVAL");
  g_assert_no_error (error);
  g_assert_cmpfloat (scalyr_monitor_get_sample_interval (monitor), ==, 3);
}

/* sample_interval is declared once (scalyr_config_dup_monitor_common_options(),
 * an exclusive minimum of 0): an interval of 0 would be a busy loop, so 0 or
 * less fails with an error naming the field and the fix, whether it comes
 * from the entry, the environment or the constructor's default */
static void
test_sample_interval_positive (void)
{
  struct {
    const char *entry;
    const char *env;
    double interval;
    const char *message;
  } cases[] = {
    { "{ sample_interval: 0 }", NULL, 30,
      "test_mon(): field \"sample_interval\": value 0.0 is not above the minimum 0; "
      "set a number greater than 0" },
    { "{ sample_interval: -2.5 }", NULL, 30,
      "test_mon(): field \"sample_interval\": value -2.5 is not above the minimum 0; "
      "set a number greater than 0" },
    { "{}", "0", 30,
      "test_mon(): environment variable SCALYR_SAMPLE_INTERVAL (field \"sample_interval\"): "
      "value 0.0 is not above the minimum 0; set a number greater than 0" },
    { "{}", NULL, 0,
      "test_mon(): field \"sample_interval\": value 0.0 is not above the minimum 0; "
      "set a number greater than 0" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ScalyrMonitor) monitor = NULL;
      g_autoptr(TestSink) m = NULL, d = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[i].env != NULL)
        g_setenv ("SCALYR_SAMPLE_INTERVAL", cases[i].env, TRUE);
      monitor = new_monitor (cases[i].entry, cases[i].interval, &m, &d, &error);
      g_unsetenv ("SCALYR_SAMPLE_INTERVAL");
      g_assert_null (monitor);
      g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* spec 2.3: an env-aware option set in both places: the entry wins and the
 * conflict is logged under the monitor's name */
static void
test_env_conflict_warning (void)
{
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(TestSink) m = NULL, d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *diag = NULL;
  g_autofree char *region = NULL;

  g_setenv ("SCALYR_REGION", "eu", TRUE);
  monitor = new_monitor ("{ region: \"us\" }", 30, &m, &d, &error);
  g_unsetenv ("SCALYR_REGION");
  g_assert_no_error (error);
  region = scalyr_monitor_config_dup_string (scalyr_monitor_get_config (monitor), "region",
                                             SCALYR_CONFIG_NONE, NULL, &error);
  g_assert_cmpstr (region, ==, "us");
  diag = test_sink_take (d);
  g_assert_nonnull (strstr (diag, " WARNING [monitor:test_mon()] [scalyr-monitor.c:"));
  g_assert_nonnull (strstr (diag, "`region` and the environment variable `SCALYR_REGION`. Ignoring environment variable.\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* the builtin test monitor's type is registered by the registry */
  g_type_ensure (scalyr_monitor_registry_get_type ());
  g_object_unref (scalyr_monitor_registry_new ());

  g_test_add_func ("/monitor/new/defaults", test_new_defaults);
  g_test_add_func ("/monitor/new/entry-overrides", test_new_entry_overrides);
  g_test_add_func ("/monitor/new/bad-config", test_new_bad_config);
  g_test_add_func ("/monitor/new/missing-required", test_builtin_missing_required);
  g_test_add_func ("/monitor/new/sample-interval-env", test_sample_interval_env);
  g_test_add_func ("/monitor/new/sample-interval-positive", test_sample_interval_positive);
  g_test_add_func ("/monitor/declare/options", test_declared_options);
  g_test_add_func ("/monitor/new/env-conflict-warning", test_env_conflict_warning);
  g_test_add_func ("/monitor/run/samples", test_run_samples);
  g_test_add_func ("/monitor/run/failing-sample", test_run_failing_sample);
  g_test_add_func ("/monitor/run/sample-seconds", test_run_sample_seconds);
  g_test_add_func ("/monitor/run/sample-limit", test_run_sample_limit);
  g_test_add_func ("/monitor/wait/end-time", test_wait_end_time);
  g_test_add_func ("/monitor/run/custom-run", test_custom_run);
  g_test_add_func ("/monitor/check-entry-fields", test_check_entry_fields);
  g_test_add_func ("/monitor/stop/interrupts-sleep", test_stop_interrupts_sleep);
  g_test_add_func ("/monitor/stop/hung-monitor", test_stop_hung_monitor);
  return g_test_run ();
}
