/* test-run-monitor.c: the real scalyr-run-monitor binary, end to end
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>

static const char *run_monitor;
static const char *example_dir;

typedef struct {
  int status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* scalyr-run-monitor with @args, its output piped */
static GSubprocess *
spawn (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, (gpointer) run_monitor);
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  return proc;
}

/* Runs scalyr-run-monitor with @args; with @signal_after_ms > 0 the process
 * gets @signum that many milliseconds after it printed its first line. */
static void
run (Result             *r,
     const char * const *args,
     int                 signum,
     guint               signal_after_ms,
     gint64             *stop_us)
{
  g_autoptr(GSubprocess) proc = spawn (args);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL, err = NULL;

  if (signum != 0)
    {
      /* wait for the first metric line, then let it run a while */
      GInputStream *stdout_pipe = g_subprocess_get_stdout_pipe (proc);
      g_autoptr(GString) seen = g_string_new (NULL);
      char buf[4096];
      gint64 start;

      while (strchr (seen->str, '\n') == NULL)
        {
          gssize n = g_input_stream_read (stdout_pipe, buf, sizeof buf, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpint (n, >, 0);
          g_string_append_len (seen, buf, n);
        }
      g_usleep (signal_after_ms * 1000);
      start = g_get_monotonic_time ();
      g_subprocess_send_signal (proc, signum);
      g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_subprocess_wait (proc, NULL, &error);
      *stop_us = g_get_monotonic_time () - start;
      g_string_append_len (seen, g_bytes_get_data (out, NULL), (gssize) g_bytes_get_size (out));
      r->out = g_strdup (seen->str);
    }
  else
    {
      g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      r->out = g_strndup (out != NULL && g_bytes_get_size (out) > 0 ? g_bytes_get_data (out, NULL) : "",
                          out != NULL ? g_bytes_get_size (out) : 0);
    }
  r->err = g_strndup (err != NULL && g_bytes_get_size (err) > 0 ? g_bytes_get_data (err, NULL) : "",
                      err != NULL ? g_bytes_get_size (err) : 0);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
}

static void
assert_metric_lines (const char *out,
                     const char *instance,
                     int         min_count)
{
  g_autoptr(GRegex) re = NULL;
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autofree char *pattern = NULL;
  int expected_count = 1;
  int metric_lines = 0;

  pattern = g_strdup_printf ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[%s\\] "
                             "(uniform|gauss) (-?\\d+\\.\\d+(e[-+]\\d+)?|-?\\de[-+]\\d+) count=(\\d+)$",
                             instance);
  re = g_regex_new (pattern, 0, 0, NULL);
  for (gsize i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *name = NULL, *count = NULL;

      if (g_str_equal (lines[i], "Signal received, stopping monitor..."))
        {
          g_assert_null (lines[i + 1] == NULL ? NULL : (lines[i + 1][0] != '\0' ? lines[i + 1] : NULL));
          break;
        }
      if (!g_regex_match (re, lines[i], 0, &match))
        g_error ("unexpected line: %s", lines[i]);
      name = g_match_info_fetch (match, 1);
      count = g_match_info_fetch (match, 4);
      /* uniform then gauss, counting 1, 2, 3, ... */
      g_assert_cmpstr (name, ==, metric_lines % 2 == 0 ? "uniform" : "gauss");
      g_assert_cmpint (atoi (count), ==, expected_count);
      metric_lines++;
      if (metric_lines % 2 == 0)
        expected_count++;
    }
  g_assert_cmpint (metric_lines, >=, 2 * min_count);
}

static void
test_random_coin_sigint (void)
{
  g_auto(Result) r = { 0 };
  const char *args[] = { "-p", example_dir, "-c", "{ gauss_mean: 8.5 }", "-s", "0.2", "random_coin", NULL };
  gint64 stop_us = 0;

  run (&r, args, SIGINT, 700, &stop_us);
  g_assert_cmpint (r.status, ==, 0);
  assert_metric_lines (r.out, "random_coin\\(\\)", 3);
  g_assert_true (g_str_has_suffix (r.out, "Signal received, stopping monitor...\n"));
  g_assert_true (g_str_has_suffix (r.err, "] Monitor has finished\n"));
  g_assert_nonnull (strstr (r.err, " INFO [monitor:random_coin()] [scalyr-monitor.c:"));
  g_assert_cmpint (stop_us, <, G_USEC_PER_SEC);
}

static void
test_builtin_sigterm (void)
{
  g_auto(Result) r = { 0 };
  const char *args[] = { "-s", "1", "-c", "{gauss_mean: 0.5, id: \"x\"}",
                         "scalyr_agent.builtin_monitors.test_monitor", NULL };
  gint64 stop_us = 0;

  run (&r, args, SIGTERM, 100, &stop_us);
  g_assert_cmpint (r.status, ==, 0);
  assert_metric_lines (r.out, "test_monitor\\(x\\)", 1);
  g_assert_true (g_str_has_suffix (r.err, "] Monitor has finished\n"));
  g_assert_cmpint (stop_us, <, G_USEC_PER_SEC);
}

static void
check_error (const char * const *args,
             int                 status,
             const char         *message)
{
  g_auto(Result) r = { 0 };

  run (&r, args, 0, 0, NULL);
  g_assert_cmpint (r.status, ==, status);
  g_assert_cmpstr (r.out, ==, "");
  if (!g_str_has_prefix (r.err, message))
    g_error ("stderr is\n%s\nexpected it to start with\n%s", r.err, message);
}

static void
test_errors (void)
{
  {
    const char *args[] = { "-p", example_dir, "no_such_monitor", NULL };
    g_auto(Result) r = { 0 };

    check_error (args, 3, "Cannot run monitor: No monitor module named \"no_such_monitor\" (looked for "
                          "no_such_monitor.so, no_such_monitor.py and no_such_monitor.js in ");
    run (&r, args, 0, 0, NULL);
    /* one line, naming the fix */
    g_assert_cmpstr (strchr (r.err, '\n'), ==, r.err + strlen (r.err) - 1);
    g_assert_nonnull (strstr (r.err, "add the directory that holds it with -p"));
  }
  {
    const char *args[] = { "-p", example_dir, "-c", "{ gauss_mean: 11 }", "random_coin", NULL };
    check_error (args, 2, "Invalid monitor configuration: random_coin(): field \"gauss_mean\": "
                          "value 11.0 is above the maximum 10\n");
  }
  {
    const char *args[] = { "-c", "{ id: \"t\" }", "test_monitor", NULL };
    check_error (args, 2, "Invalid monitor configuration: test_monitor(t): field \"gauss_mean\" is "
                          "required but missing");
  }
  {
    const char *args[] = { "-p", example_dir, "-c", "{ gauss_mean: 1 gauss_stddev: 2 }", "random_coin", NULL };
    check_error (args, 1, "Failed to parse the monitor configuration as valid JSON: After object field, "
                          "expected ',' or '}' but found 'g'... are you missing a comma? (line 1, byte position 15)\n");
  }
  {
    const char *args[] = { "-p", example_dir, "-c", "[1]", "random_coin", NULL };
    check_error (args, 1, "Failed to parse the monitor configuration as valid JSON: ");
  }
  {
    const char *args[] = { NULL };
    check_error (args, 1, "You must provide the module that contains the Scalyr Monitor plugin you wish to run.\n");
  }
  {
    const char *args[] = { "-d", "9", "test_monitor", NULL };
    check_error (args, 1, "Invalid value for the --debug-level option: 9.  Must be a number between 0 and 5\n");
  }
  {
    const char *args[] = { "-s", "0", "test_monitor", NULL };
    check_error (args, 1, "Invalid value for the --monitor-sample-interval option: 0.");
  }
  {
    const char *args[] = { "../etc/passwd", NULL };
    check_error (args, 3, "Cannot run monitor: Invalid monitor module name \"../etc/passwd\"");
  }
}

static void
communicated (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Result *r = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &r->out, &r->err, &error);
  g_assert_no_error (error);
  if (r->out == NULL)
    r->out = g_strdup ("");
  if (r->err == NULL)
    r->err = g_strdup ("");
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Like check_error(), but the program gets at most 10 s: before the range
 * of -s, `-s inf` ran the monitor (with a GLib warning and the default
 * interval) instead of exiting */
static void
check_error_bounded (const char * const *args,
                     int                 status,
                     const char         *message)
{
  g_autoptr(GSubprocess) proc = spawn (args);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (10);
  g_auto(Result) r = { 0 };
  gboolean timed_out = FALSE;

  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicated, &r);
  g_source_set_callback (timeout, set_flag, &timed_out, NULL);
  g_source_attach (timeout, NULL);
  while (r.err == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (timeout);
  if (timed_out)
    {
      g_subprocess_force_exit (proc);
      while (r.err == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_error ("%s %s did not exit within 10 s; stderr:\n%s", args[0], args[1], r.err);
    }
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, status);
  g_assert_cmpstr (r.out, ==, "");
  if (!g_str_has_prefix (r.err, message))
    g_error ("stderr is\n%s\nexpected it to start with\n%s", r.err, message);
}

/* -s is a number of seconds greater than 0 and at most a year, the range
 * of sample_interval: above it (1e13 overflowed into a tight loop),
 * infinite, not a number or below it is a usage error (exit 1) naming the
 * option and the range; -d likewise, with no undefined conversion */
static void
test_interval_range (void)
{
  static const char * const bad[] = { "1e13", "inf", "-inf", "nan", "1e400", "31536000.5", "-1", "0", NULL };
  static const char * const bad_debug[] = { "1e300", "nan", "inf", "-1e300", NULL };

  for (gsize i = 0; bad[i] != NULL; i++)
    {
      const char *args[] = { "-s", bad[i], "-c", "{ gauss_mean: 1 }", "test_monitor", NULL };
      g_autofree char *message = g_strdup_printf ("Invalid value for the --monitor-sample-interval option: %s.  "
                                                  "Must be a number of seconds greater than 0 and at most "
                                                  "31536000\n", bad[i]);

      check_error_bounded (args, 1, message);
    }
  for (gsize i = 0; bad_debug[i] != NULL; i++)
    {
      const char *args[] = { "-d", bad_debug[i], "test_monitor", NULL };
      g_autofree char *message = g_strdup_printf ("Invalid value for the --debug-level option: %s.  Must be a "
                                                  "number between 0 and 5\n", bad_debug[i]);

      check_error_bounded (args, 1, message);
    }
  /* the entry's sample_interval: a bad configuration (exit 2) */
  {
    const char *args[] = { "-c", "{ gauss_mean: 1, sample_interval: \"nan\" }", "test_monitor", NULL };

    check_error_bounded (args, 2, "Invalid monitor configuration: test_monitor(): field \"sample_interval\": "
                                  "value NaN is not a finite number; set a number greater than 0 and at most "
                                  "31536000\n");
  }
}

static void
test_inspect (void)
{
  g_auto(Result) r = { 0 };
  g_auto(Result) r2 = { 0 };
  const char *args[] = { "-p", example_dir, "--inspect", "random_coin", NULL };
  const char *args2[] = { "--inspect", "scalyr_agent.builtin_monitors.test_monitor", NULL };

  run (&r, args, 0, 0, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Module:      random_coin\n"));
  g_assert_nonnull (strstr (r.out, "random_coin.so\n"));
  g_assert_nonnull (strstr (r.out, "Language:    C\n"));
  g_assert_nonnull (strstr (r.out, "  gauss_mean (float, default 0.5, min 0, max 10, environment variable"));
  g_assert_nonnull (strstr (r.out, "  gauss_stddev (float, default 0.25, min 0, max 5"));
  g_assert_nonnull (strstr (r.out, "  uniform [fields: count]\n"));
  g_assert_nonnull (strstr (r.out, "  gauss [fields: count]\n"));

  run (&r2, args2, 0, 0, NULL);
  g_assert_cmpint (r2.status, ==, 0);
  /* a builtin monitor is a module found in the builtin monitor directory */
  g_assert_nonnull (strstr (r2.out, "/monitors/test_monitor.so\n"));
  g_assert_nonnull (strstr (r2.out, "Module:      scalyr_agent.builtin_monitors.test_monitor\n"));
  g_assert_nonnull (strstr (r2.out, "  gauss_mean (float, required, min 0, max 10"));
}

/* Pay only for what you use: a custom C monitor maps no HTTP library nor
 * interpreter, no daemon or upload library and none of the builtin monitor
 * modules (they are modules found by search, not code of the framework). */
static void
test_no_needless_libraries (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *maps_path = NULL;
  g_autofree char *maps = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GDataInputStream) in = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           run_monitor, "-p", example_dir, "-s", "60", "random_coin", NULL);
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);   /* running by now */
  g_assert_nonnull (line);
  maps_path = g_strdup_printf ("/proc/%s/maps", g_subprocess_get_identifier (proc));
  g_assert_true (g_file_get_contents (maps_path, &maps, NULL, &error));
  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, &error);

  g_assert_nonnull (strstr (maps, "libscalyrmon-1.so"));
  g_assert_nonnull (strstr (maps, "random_coin.so"));
  g_assert_null (strstr (maps, "libsoup"));
  g_assert_null (strstr (maps, "libpython"));
  g_assert_null (strstr (maps, "libgjs"));
  g_assert_null (strstr (maps, "libmozjs"));
  g_assert_null (strstr (maps, "libgirepository"));
  g_assert_null (strstr (maps, "libscalyragent"));
  g_assert_null (strstr (maps, "libscalyrmon-upload"));
  g_assert_null (strstr (maps, "linux_system_metrics.so"));
  g_assert_null (strstr (maps, "linux_process_metrics.so"));
  g_assert_null (strstr (maps, "test_monitor.so"));
}

/* an option the monitor does not declare is an error naming the closest
 * declared one (main: the monitor ran with its default) */
static void
test_undeclared_option (void)
{
  /* bounded: where the field is ignored, the monitor runs until killed */
  const char *argv[] = { "timeout", "10", run_monitor, "-c", "{ gauss_mean: 1, gauss_meen: 8.5 }", "test_monitor",
                         NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                         G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
  g_assert_cmpstr (err, ==, "Invalid monitor configuration: monitor test_monitor(): field \"gauss_meen\" is not "
                            "an option of this monitor; did you mean \"gauss_mean\"?\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  run_monitor = g_getenv ("SCALYR_RUN_MONITOR");
  example_dir = g_getenv ("RANDOM_COIN_DIR");
  g_assert_nonnull (run_monitor);
  g_assert_nonnull (example_dir);

  g_test_add_func ("/run-monitor/random-coin/sigint", test_random_coin_sigint);
  g_test_add_func ("/run-monitor/builtin/sigterm", test_builtin_sigterm);
  g_test_add_func ("/run-monitor/errors", test_errors);
  g_test_add_func ("/run-monitor/undeclared-option", test_undeclared_option);
  g_test_add_func ("/run-monitor/interval-range", test_interval_range);
  g_test_add_func ("/run-monitor/inspect", test_inspect);
  g_test_add_func ("/run-monitor/no-needless-libraries", test_no_needless_libraries);
  return g_test_run ();
}
