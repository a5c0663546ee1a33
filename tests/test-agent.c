/* test-agent.c: the real scalyr-agent binary against real files and signals
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "agent-test-text.h"

static const char *agent_binary;
static const char *module_path;
static gboolean without_module_path;   /* spawn without SCALYR_MONITOR_PATH */

#define WAIT_LIMIT_US (15 * G_USEC_PER_SEC)

typedef struct {
  char *dir;
  char *config;
  char *log_dir;
  GSubprocess *proc;
} Agent;

static void
agent_clear (Agent *a)
{
  if (a->proc != NULL)
    {
      g_subprocess_force_exit (a->proc);
      g_subprocess_wait (a->proc, NULL, NULL);
      g_object_unref (a->proc);
    }
  if (a->dir != NULL && g_getenv ("TEST_AGENT_KEEP") == NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", a->dir);
      g_assert_cmpint (system (command), ==, 0);
    }
  g_free (a->dir);
  g_free (a->config);
  g_free (a->log_dir);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Agent, agent_clear)

static void
write_config (Agent      *a,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_strconcat (a->config, ".tmp", NULL);

  g_file_set_contents (tmp, text, -1, &error);
  g_assert_no_error (error);
  g_chmod (tmp, 0600);
  g_assert_cmpint (g_rename (tmp, a->config), ==, 0);
}

static void
agent_init (Agent      *a,
            const char *config_text)
{
  g_autoptr(GError) error = NULL;

  a->dir = g_dir_make_tmp ("test-agent-XXXXXX", &error);
  g_assert_no_error (error);
  a->config = g_build_filename (a->dir, "agent.json", NULL);
  a->log_dir = g_build_filename (a->dir, "log", NULL);
  write_config (a, config_text);
}

/* in the child: die with the test, so that a failed test leaves no agent */
static void
die_with_parent (gpointer data)
{
  (void) data;
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (Agent              *a,
       const char * const *extra_args,
       GSubprocessFlags    flags)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* agent-upload-hang: leaks checked in the agent, not in this process */
  if (g_getenv ("AGENT_ASAN_OPTIONS") != NULL)
    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", g_getenv ("AGENT_ASAN_OPTIONS"), TRUE);
  if (without_module_path)
    g_subprocess_launcher_unsetenv (launcher, "SCALYR_MONITOR_PATH");
  else
    g_subprocess_launcher_setenv (launcher, "SCALYR_MONITOR_PATH", module_path, TRUE);
  g_ptr_array_add (argv, (gpointer) agent_binary);
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, a->config);
  for (gsize i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

static void
agent_start (Agent              *a,
             const char * const *extra_args)
{
  a->proc = spawn (a, extra_args, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
}

/* runs the agent binary with @args to completion; returns its exit status */
static int
run_command (Agent              *a,
             const char * const *args,
             char              **out,
             char              **err)
{
  g_autoptr(GSubprocess) proc = spawn (a, args, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static char *
read_log (Agent      *a,
          const char *name)
{
  g_autofree char *path = g_build_filename (a->log_dir, name, NULL);

  return agent_test_read_text (path);
}

/* waits until @needle occurs @times in the log file @name */
static void
wait_for (Agent      *a,
          const char *name,
          const char *needle,
          guint       times)
{
  g_autofree char *path = g_build_filename (a->log_dir, name, NULL);

  agent_test_wait_for (path, needle, times, WAIT_LIMIT_US);
}

/* the count=N values of the lines of @prefix ("[test_monitor(a)] uniform") */
static GArray *
counts_of (const char *text,
           const char *prefix)
{
  GArray *counts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (gsize i = 0; lines[i] != NULL; i++)
    {
      const char *c;
      gint64 n;
      if (strstr (lines[i], prefix) == NULL || (c = strstr (lines[i], "count=")) == NULL)
        continue;
      n = g_ascii_strtoll (c + 6, NULL, 10);
      g_array_append_val (counts, n);
    }
  return counts;
}

/* TRUE if @counts go 1, 2, 3 ... without restarting */
static gboolean
continuous (GArray *counts)
{
  for (guint i = 0; i < counts->len; i++)
    if (g_array_index (counts, gint64, i) != (gint64) i + 1)
      return FALSE;
  return counts->len > 0;
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* waits for the agent to exit, at most WAIT_LIMIT_US */
static void
wait_exit (Agent *a)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  gboolean done = FALSE;

  g_subprocess_wait_async (a->proc, NULL, on_exited, &done);
  while (!done)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the agent did not exit within %d s", (int) (WAIT_LIMIT_US / G_USEC_PER_SEC));
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
    }
}

static int
terminate (Agent  *a,
           gint64 *elapsed_us)
{
  gint64 start = g_get_monotonic_time ();
  int status;

  g_subprocess_send_signal (a->proc, SIGTERM);
  wait_exit (a);
  if (elapsed_us != NULL)
    *elapsed_us = g_get_monotonic_time () - start;
  g_assert_true (g_subprocess_get_if_exited (a->proc));
  status = g_subprocess_get_exit_status (a->proc);
  g_clear_object (&a->proc);
  return status;
}

/* `status --json`, which exits with @expected (0 healthy, 3 stopped,
 * 150 a monitor failed, 153 the configuration does not load) */
static JsonObject *
status_json (Agent *a,
             int    expected)
{
  const char *args[] = { "status", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  int status = run_command (a, args, &out, &err);

  if (status != expected)
    g_error ("status --json exited with %d, not %d; it said:\n%s", status, expected, err);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
find_monitor (JsonObject *status,
              const char *name)
{
  JsonArray *monitors = json_object_get_array_member (status, "monitors");

  for (guint i = 0; i < json_array_get_length (monitors); i++)
    {
      JsonObject *m = json_array_get_object_element (monitors, i);
      if (g_str_equal (json_object_get_string_member (m, "name"), name))
        return m;
    }
  g_error ("no monitor %s in the status", name);
  return NULL;
}

#define COMMON \
  "agent_log_path: \"log\", agent_data_path: \"data\",\n" \
  "global_monitor_sample_interval_enable_jitter: false,\n" \
  "implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,\n"

static void
test_three_monitors (void)
{
  g_auto(Agent) a = { 0 };
  g_autoptr(JsonObject) status = NULL;
  g_autofree char *agent_log = NULL, *pid = NULL, *out = NULL, *err = NULL;
  g_autofree char *pid_path = NULL;
  const char *status_args[] = { "status", NULL };

  agent_init (&a, "{\n" COMMON
              "  monitors: [\n"
              "    { module: \"random_coin\", sample_interval: 0.2 },\n"
              "    { module: \"scalyr_agent.builtin_monitors.test_monitor\", gauss_mean: 1, sample_interval: 0.2 },\n"
              "    { module: \"misbehaving_monitor\", id: \"ok\", sample_interval: 0.2 },\n"
              "  ]\n}\n");
  agent_start (&a, NULL);
  wait_for (&a, "random_coin.log", "[random_coin()] gauss", 2);
  wait_for (&a, "test_monitor.log", "[test_monitor()] gauss", 2);
  wait_for (&a, "misbehaving_monitor.log", "[misbehaving_monitor(ok)] tick 2", 1);
  agent_log = read_log (&a, "agent.log");
  g_assert_cmpuint (agent_test_count (agent_log, "INFO [core]"), >=, 4);
  g_assert_cmpuint (agent_test_count (agent_log, "Started monitor"), ==, 3);
  g_assert_cmpuint (agent_test_count (agent_log, "uploading to Scalyr is off"), ==, 1);

  /* the pid file holds our pid and is locked: a second agent refuses */
  pid_path = g_build_filename (a.log_dir, "agent.pid", NULL);
  g_assert_true (g_file_get_contents (pid_path, &pid, NULL, NULL));
  {
    g_autofree char *want = g_strdup_printf ("%s\n", g_subprocess_get_identifier (a.proc));
    g_assert_cmpstr (pid, ==, want);
  }
  g_assert_cmpint (run_command (&a, NULL, &out, &err), ==, 3);
  g_assert_nonnull (strstr (err, "another agent is already running"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* status, for people and for scripts (refreshed every second) */
  g_usleep (1100 * 1000);
  g_assert_cmpint (run_command (&a, status_args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Agent:           running"));
  g_assert_nonnull (strstr (out, "random_coin(): running"));
  g_assert_nonnull (strstr (out, "Uploading:       off (no api_key)"));
  status = status_json (&a, 0);
  g_assert_true (json_object_get_boolean_member (status, "running"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "monitors")), ==, 3);
  {
    JsonObject *m = find_monitor (status, "test_monitor()");
    g_assert_cmpstr (json_object_get_string_member (m, "state"), ==, "running");
    g_assert_cmpint (json_object_get_int_member (m, "samples"), >=, 2);
    g_assert_cmpint (json_object_get_int_member (m, "last_sample_time"), >, 0);
    g_assert_cmpint (json_object_get_int_member (m, "lines_written"), >=, 4);
    g_assert_cmpint (json_object_get_int_member (m, "lines_dropped"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (m, "errors"), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (m, "module"), ==, "scalyr_agent.builtin_monitors.test_monitor");
    /* issue 16: the time spent sampling and the failed samples */
    g_assert_cmpfloat (json_object_get_double_member (m, "sample_seconds_total"), >, 0);
    g_assert_cmpfloat (json_object_get_double_member (m, "sample_seconds_total"), >=,
                       json_object_get_double_member (m, "last_sample_seconds"));
    g_assert_cmpint (json_object_get_int_member (m, "failed_samples"), ==, 0);
  }
  {
    /* issue 16: the agent process's own figures: the main thread and one
     * per monitor at least; started within this test */
    JsonObject *p = json_object_get_object_member (status, "process");
    double now = (double) g_get_real_time () / G_USEC_PER_SEC;

    g_assert_cmpint (json_object_get_int_member (p, "rss_bytes"), >, 1024 * 1024);
    g_assert_cmpint (json_object_get_int_member (p, "virtual_bytes"), >, json_object_get_int_member (p, "rss_bytes"));
    g_assert_cmpint (json_object_get_int_member (p, "threads"), >=, 4);
    g_assert_cmpint (json_object_get_int_member (p, "open_fds"), >=, 3);
    g_assert_cmpint (json_object_get_int_member (p, "max_fds"), >=, json_object_get_int_member (p, "open_fds"));
    g_assert_cmpfloat (json_object_get_double_member (p, "cpu_user_seconds")
                       + json_object_get_double_member (p, "cpu_system_seconds"), >=, 0);
    g_assert_cmpfloat (json_object_get_double_member (p, "start_time"), <=, now + 1);
    g_assert_cmpfloat (json_object_get_double_member (p, "start_time"), >, now - 60);
  }
  g_assert_nonnull (strstr (out, "\nProcess:         "));
  g_assert_nonnull (strstr (out, " threads, "));
  g_assert_nonnull (strstr (out, "    sampling: "));
  g_assert_nonnull (strstr (out, " ms per sample on average, the last "));

  g_assert_cmpint (terminate (&a, NULL), ==, 0);
  g_assert_false (g_file_test (pid_path, G_FILE_TEST_EXISTS));
  g_free (agent_log);
  agent_log = read_log (&a, "agent.log");
  g_assert_cmpuint (agent_test_count (agent_log, "Monitor has finished"), ==, 3);
  g_assert_nonnull (strstr (agent_log, "Agent stopped"));
  g_clear_pointer (&status, json_object_unref);
  status = status_json (&a, 3);
  g_assert_false (json_object_get_boolean_member (status, "running"));
  g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "stopped");
}

static const char reload_before[] =
  "{\n" COMMON
  "  config_change_check_interval: 1000,\n"
  "  monitors: [\n"
  "    { module: \"test_monitor\", id: \"a\", gauss_mean: 1, sample_interval: 0.1 },\n"
  "    { module: \"test_monitor\", id: \"b\", gauss_mean: 1, sample_interval: 0.1 },\n"
  "    { module: \"random_coin\", sample_interval: 0.1 },\n"
  "  ]\n}\n";

static const char reload_after[] =
  "{\n" COMMON
  "  config_change_check_interval: 1000,\n"
  "  monitors: [\n"
  "    { module: \"test_monitor\", id: \"a\", gauss_mean: 1, sample_interval: 0.1 },\n"
  "    { module: \"test_monitor\", id: \"b\", gauss_mean: 5, sample_interval: 0.1 },\n"
  "    { module: \"misbehaving_monitor\", sample_interval: 0.1 },\n"
  "  ]\n}\n";

static void
test_reload_sighup (void)
{
  g_auto(Agent) a = { 0 };
  g_autofree char *text = NULL, *agent_log = NULL;
  g_autoptr(GArray) a_counts = NULL, b_counts = NULL;

  agent_init (&a, reload_before);
  agent_start (&a, NULL);
  wait_for (&a, "test_monitor.log", "[test_monitor(a)] gauss 1", 1);
  wait_for (&a, "random_coin.log", "count=3", 2);

  /* add one, remove one, change one; SIGHUP applies at once */
  write_config (&a, reload_after);
  g_subprocess_send_signal (a.proc, SIGHUP);
  wait_for (&a, "agent.log", "Monitors: 2 started, 1 kept running, 3 configured", 1);
  wait_for (&a, "misbehaving_monitor.log", "[misbehaving_monitor()] tick 3", 1);
  wait_for (&a, "test_monitor.log", "[test_monitor(b)] gauss", 6);
  g_assert_cmpint (terminate (&a, NULL), ==, 0);

  agent_log = read_log (&a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "New configuration file seen."));
  g_assert_nonnull (strstr (agent_log, "Stopped monitor random_coin()"));
  g_assert_nonnull (strstr (agent_log, "Stopped monitor test_monitor(b)"));
  /* a stopped once, at the end */
  g_assert_cmpuint (agent_test_count (agent_log, "Stopped monitor test_monitor(a)"), ==, 1);
  g_assert_cmpuint (agent_test_count (agent_log, "Started monitor test_monitor(a)"), ==, 1);
  g_assert_cmpuint (agent_test_count (agent_log, "Started monitor test_monitor(b)"), ==, 2);

  /* a ran through: its sample counter never restarted; b restarted */
  text = read_log (&a, "test_monitor.log");
  a_counts = counts_of (text, "[test_monitor(a)] uniform");
  b_counts = counts_of (text, "[test_monitor(b)] uniform");
  g_assert_true (continuous (a_counts));
  g_assert_cmpuint (a_counts->len, >=, 4);
  g_assert_false (continuous (b_counts));
}

static void
test_reload_interval_and_bad_edit (void)
{
  g_auto(Agent) a = { 0 };
  g_autofree char *agent_log = NULL, *text = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GArray) counts = NULL;
  const char *check_args[] = { "--check-config", NULL };
  g_autofree char *out = NULL, *err = NULL;

  agent_init (&a, "{\n" COMMON
              "  config_change_check_interval: 0.2,\n"
              "  monitors: [ { module: \"test_monitor\", id: \"a\", gauss_mean: 1, sample_interval: 0.1 } ]\n}\n");
  agent_start (&a, NULL);
  wait_for (&a, "test_monitor.log", "[test_monitor(a)] gauss", 2);

  /* no signal: the periodic check finds the new monitor */
  write_config (&a, "{\n" COMMON
                "  config_change_check_interval: 0.2,\n"
                "  monitors: [ { module: \"test_monitor\", id: \"a\", gauss_mean: 1, sample_interval: 0.1 },\n"
                "              { module: \"random_coin\", sample_interval: 0.1 } ]\n}\n");
  wait_for (&a, "random_coin.log", "[random_coin()] gauss", 2);

  /* a broken edit: reported with file:line:col once, the running set stays */
  write_config (&a, "{\n" COMMON
                "  config_change_check_interval: 0.2,\n"
                "  monitors: [ { module: \"test_monitor\", id: \"a\", gauss_mean: 1 sample_interval: 0.1 } ]\n}\n");
  wait_for (&a, "agent.log", "[error=\"badConfigFile\"]", 1);
  g_assert_cmpint (run_command (&a, check_args, &out, &err), ==, 2);
  if (strstr (err, "agent.json:6:63: After object field, expected ',' or '}'") == NULL)
    g_error ("--check-config said: %s", err);
  wait_for (&a, "random_coin.log", "count=12", 2);
  g_usleep (1100 * 1000);
  status = status_json (&a, 153);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (status, "config"), "last_load_ok"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (status, "config"),
                                                           "last_load_error"), "agent.json:6:63:"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "monitors")), ==, 2);
  g_assert_cmpint (terminate (&a, NULL), ==, 0);

  agent_log = read_log (&a, "agent.log");
  g_assert_cmpuint (agent_test_count (agent_log, "Bad configuration file seen.  Ignoring, using last known good "
                           "configuration file.  Exception was \""), ==, 1);
  g_assert_nonnull (strstr (agent_log, "/agent.json:6:63: After object field"));
  g_assert_cmpuint (agent_test_count (agent_log, "Started monitor test_monitor(a)"), ==, 1);
  text = read_log (&a, "test_monitor.log");
  counts = counts_of (text, "[test_monitor(a)] uniform");
  g_assert_true (continuous (counts));
}

static void
test_isolation (void)
{
  g_auto(Agent) a = { 0 };
  g_autofree char *agent_log = NULL, *text = NULL;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GArray) counts = NULL;
  const char *args[] = { "--stop-timeout", "1", NULL };
  gint64 elapsed = 0;
  JsonObject *m;

  agent_init (&a, "{\n" COMMON
              "  monitors: [\n"
              "    { module: \"test_monitor\", gauss_mean: 1, sample_interval: 0.1 },\n"
              "    { module: \"misbehaving_monitor\", id: \"hang\", mode: \"hang\", sample_interval: 0.1 },\n"
              "    { module: \"misbehaving_monitor\", id: \"fail\", mode: \"fail\", sample_interval: 0.1 },\n"
              "    { module: \"misbehaving_monitor\", id: \"init\", mode: \"fail_init\" },\n"
              "    { module: \"no_such_monitor\" },\n"
              "  ]\n}\n");
  agent_start (&a, args);
  wait_for (&a, "misbehaving_monitor.log", "[misbehaving_monitor(hang)] tick 1", 1);
  wait_for (&a, "agent.log", "[monitor:misbehaving_monitor(fail)]", 5);
  wait_for (&a, "test_monitor.log", "[test_monitor()] gauss", 15);

  g_usleep (1100 * 1000);
  status = status_json (&a, 150);
  m = find_monitor (status, "misbehaving_monitor(init)");
  g_assert_cmpstr (json_object_get_string_member (m, "state"), ==, "failed");
  g_assert_nonnull (strstr (json_object_get_string_member (m, "error"), "refusing to start"));
  m = find_monitor (status, "no_such_monitor()");
  g_assert_cmpstr (json_object_get_string_member (m, "state"), ==, "failed");
  m = find_monitor (status, "misbehaving_monitor(fail)");
  g_assert_cmpstr (json_object_get_string_member (m, "state"), ==, "running");
  g_assert_cmpint (json_object_get_int_member (m, "errors"), >=, 5);
  m = find_monitor (status, "misbehaving_monitor(hang)");
  g_assert_cmpint (json_object_get_int_member (m, "samples"), ==, 1);

  g_assert_cmpint (terminate (&a, &elapsed), ==, 0);
  /* bounded: 1 s of stop timeout plus the process's own work */
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);

  agent_log = read_log (&a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "Failed to start monitor misbehaving_monitor(init)"));
  g_assert_nonnull (strstr (agent_log, "Failed to start monitor no_such_monitor()"));
  g_assert_nonnull (strstr (agent_log, "Monitor misbehaving_monitor(hang) did not stop within 1000 ms"));
  g_assert_nonnull (strstr (agent_log, "Agent stopped"));

  /* the healthy monitor never missed a sample */
  text = read_log (&a, "test_monitor.log");
  counts = counts_of (text, "[test_monitor()] uniform");
  g_assert_true (continuous (counts));
}

static void
test_check_config (void)
{
  static const struct {
    const char *text;
    int status;
    const char *message;
  } cases[] = {
    { "{\n monitors: [ { module: \"test_monitor\", gauss_mean: 1 } ]\n}", 0, NULL },
    { "{\n debug_level: 1,,\n}", 2, "agent.json:2:16: Expected string literal" },
    { "{\n max_line_size: \"big\"\n}", 2, "agent.json:2:2: field \"max_line_size\": expected an integer, got \"big\"" },
    { "{\n debug_level: 7\n}", 2, "agent.json:2:2: field \"debug_level\": value 7 is out of range" },
    { "{\n monitors: [ { module: \"nope_monitor\" } ]\n}", 2, "monitors[0] (nope_monitor()): " },
    { "{\n monitors: [ { module: \"test_monitor\", gauss_mean: 11 } ]\n}", 2, "gauss_mean" },
    { "{\n max_line_size: \"big\",\n debug_level: 7\n}", 2, "\"debug_level\"" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Agent) a = { 0 };
      const char *args[] = { "--check-config", NULL };
      g_autofree char *out = NULL, *err = NULL;
      int status;

      agent_init (&a, cases[i].text);
      status = run_command (&a, args, &out, &err);
      if (status != cases[i].status || (cases[i].message != NULL && strstr (err, cases[i].message) == NULL))
        g_error ("case %" G_GSIZE_FORMAT ": status %d, stderr:\n%s", i, status, err);
      if (status == 0)
        g_assert_nonnull (strstr (out, "Configuration OK"));
    }
}

/* monitor_load_timeout: seconds, more than 0 and at most 3600 */
static void
test_check_config_load_timeout (void)
{
  static const struct {
    const char *value;
    int status;
  } cases[] = { { "0.5", 0 }, { "3600", 0 }, { "0", 2 }, { "-1", 2 }, { "3601", 2 }, { "1e300", 2 }, { "\"x\"", 2 } };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Agent) a = { 0 };
      const char *args[] = { "--check-config", NULL };
      g_autofree char *text = g_strdup_printf ("{ monitor_load_timeout: %s }", cases[i].value);
      g_autofree char *out = NULL, *err = NULL;
      int status;

      agent_init (&a, text);
      status = run_command (&a, args, &out, &err);
      if (status != cases[i].status || (status != 0 && strstr (err, "\"monitor_load_timeout\"") == NULL))
        g_error ("monitor_load_timeout: %s: status %d, stderr:\n%s", cases[i].value, status, err);
    }
}

/* by default the agent also runs the platform monitors: the host's and its own metrics */
static void
test_platform_monitors (void)
{
  g_auto(Agent) a = { 0 };
  g_autoptr(JsonObject) status = NULL;

  agent_init (&a, "{ agent_log_path: \"log\", agent_data_path: \"data\",\n"
              "  global_monitor_sample_interval: 0.5, global_monitor_sample_interval_enable_jitter: false,\n"
              "  monitors: [ { module: \"test_monitor\", gauss_mean: 1 } ] }\n");
  agent_start (&a, NULL);
  wait_for (&a, "linux_system_metrics.log", "[linux_system_metrics()] proc.uptime", 2);
  wait_for (&a, "linux_process_metrics.log", "[linux_process_metrics(agent)] app.threads", 2);
  wait_for (&a, "test_monitor.log", "[test_monitor()] gauss", 2);
  g_usleep (1100 * 1000);
  status = status_json (&a, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "monitors")), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (find_monitor (status, "linux_process_metrics(agent)"), "state"),
                   ==, "running");
  g_assert_cmpint (terminate (&a, NULL), ==, 0);
}

/* a Python monitor beside C ones, through the Python loader (suite python) */
static void
test_python_monitor (void)
{
  const char *python_dir = g_getenv ("AGENT_TEST_PYTHON_DIR");
  g_auto(Agent) a = { 0 };
  g_autoptr(JsonObject) status = NULL;
  g_autofree char *config = NULL, *agent_log = NULL;

  if (python_dir == NULL)
    {
      g_test_skip ("runs in the python suite (agent-python), with the Python loader");
      return;
    }
  config = g_strdup_printf ("{\n" COMMON
                            "  additional_monitor_module_paths: \"%s\",\n"
                            "  monitors: [\n"
                            "    { module: \"random_coin\", sample_interval: 0.2 },\n"
                            "    { module: \"test_monitor\", gauss_mean: 1, sample_interval: 0.2 },\n"
                            "    { module: \"random_coin_monitor\", gauss_mean: 3, sample_interval: 0.2 },\n"
                            "  ]\n}\n", python_dir);
  agent_init (&a, config);
  agent_start (&a, NULL);
  wait_for (&a, "random_coin_monitor.log", "[random_coin_monitor()] gauss", 3);
  wait_for (&a, "random_coin.log", "[random_coin()] gauss", 3);
  wait_for (&a, "test_monitor.log", "[test_monitor()] gauss", 3);
  g_usleep (1100 * 1000);
  status = status_json (&a, 0);
  g_assert_cmpstr (json_object_get_string_member (find_monitor (status, "random_coin_monitor()"), "state"),
                   ==, "running");
  g_assert_cmpint (terminate (&a, NULL), ==, 0);
  agent_log = read_log (&a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "[monitor:random_coin_monitor()]"));
  g_assert_cmpuint (agent_test_count (agent_log, "Monitor has finished"), ==, 3);
}

/* a dead monitor stops the agent only when its entry says so */
static void
test_stop_agent_on_failure (void)
{
  g_auto(Agent) a = { 0 };
  g_autofree char *agent_log = NULL;

  agent_init (&a, "{\n" COMMON
              "  monitors: [ { module: \"misbehaving_monitor\", id: \"quiet\", mode: \"die\" },\n"
              "              { module: \"misbehaving_monitor\", id: \"loud\", mode: \"die\","
              " stop_agent_on_failure: true } ] }\n");
  agent_start (&a, NULL);
  wait_exit (&a);
  g_assert_cmpint (g_subprocess_get_exit_status (a.proc), ==, 5);
  g_clear_object (&a.proc);
  agent_log = read_log (&a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "Monitor misbehaving_monitor(loud) is not running and its entry sets "
                                       "stop_agent_on_failure; stopping the agent"));
  g_assert_null (strstr (agent_log, "Monitor misbehaving_monitor(quiet) is not running"));
  g_assert_nonnull (strstr (agent_log, "Agent stopped"));
}

/* additional_monitor_module_paths extends the search path */
static void
test_additional_module_paths (void)
{
  const char *args[] = { "--check-config", NULL };
  g_autofree char *with = g_strdup_printf ("{ additional_monitor_module_paths: \"/nonexistent:%s\",\n"
                                           "  monitors: [ { module: \"random_coin\" } ] }", module_path);

  without_module_path = TRUE;
  {
    g_auto(Agent) a = { 0 };
    g_autofree char *out = NULL, *err = NULL;
    agent_init (&a, "{ monitors: [ { module: \"random_coin\" } ] }");
    g_assert_cmpint (run_command (&a, args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "random_coin"));
  }
  {
    g_auto(Agent) a = { 0 };
    g_autofree char *out = NULL, *err = NULL;
    agent_init (&a, with);
    g_assert_cmpint (run_command (&a, args, &out, &err), ==, 0);
  }
  without_module_path = FALSE;
}

/* ---- issue 12: mistakes are loud, all at once; secrets ---- */

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_chmod (path, 0600);
}

/* one --check-config run reports the problems of every file: a schema
 * error and an unset variable in agent.json, a parse error in one fragment,
 * an undeclared monitor option and a duplicate id in another, a duplicate
 * key in a third (main: each of these stopped the check before it) */
static void
test_check_config_all_at_once (void)
{
  g_auto(Agent) a = { 0 };
  const char *args[] = { "--check-config", NULL };
  g_autofree char *out = NULL, *err = NULL;
  static const char * const expected[] = {
    "agent.json:3:2: field \"agent_log_path\" must be a string, got the number 5",
    "agent.json:2:17: import_vars: the environment variable TEST_AGENT_UNSET_VAR is not set and has no default",
    "a.json:2:28: Unexpected character [}] in array",
    "b.json:3:29: monitors[1]: a second test_monitor monitor with the id \"x\" (the first is at ",
    ("monitors[0] (test_monitor(x)): monitor test_monitor(x): field \"gauss_meen\" is not an option of this "
     "monitor; did you mean \"gauss_mean\"?"),
    "c.json:1:23: duplicate key \"log_path\" in one object (first at 1:3)",
  };

  g_unsetenv ("TEST_AGENT_UNSET_VAR");
  agent_init (&a, "{\n import_vars: [ \"TEST_AGENT_UNSET_VAR\" ],\n agent_log_path: 5,\n"
                  " agent_data_path: \"data$TEST_AGENT_UNSET_VAR\"\n}\n");
  write_file (a.dir, "agent.d/a.json", "{\n logs: [ { path: \"/x.log\" } }\n");
  write_file (a.dir, "agent.d/b.json",
              "{ monitors: [\n  { module: \"test_monitor\", id: \"x\", gauss_mean: 1, gauss_meen: 8.5 },\n"
              "  { module: \"test_monitor\", id: \"x\", gauss_mean: 2 } ] }\n");
  write_file (a.dir, "agent.d/c.json", "{ log_path: \"a\",      log_path: \"b\" }\n");
  g_assert_cmpint (run_command (&a, args, &out, &err), ==, 2);
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (err, expected[i]) == NULL)
      g_error ("--check-config did not report \"%s\"; stderr:\n%s", expected[i], err);
  g_assert_null (strstr (out, "Configuration OK"));
}

/* a monitor with an undeclared option is not started and is failed in
 * status, with the closest declared name; the others run */
static void
test_undeclared_option (void)
{
  g_auto(Agent) a = { 0 };
  g_autoptr(JsonObject) status = NULL;
  g_autofree char *agent_log = NULL;
  JsonObject *m;

  agent_init (&a, "{\n" COMMON
              "  monitors: [\n"
              "    { module: \"test_monitor\", id: \"bad\", gauss_mean: 1, gauss_meen: 8.5 },\n"
              "    { module: \"test_monitor\", id: \"good\", gauss_mean: 1, sample_interval: 0.1 },\n"
              "  ]\n}\n");
  agent_start (&a, NULL);
  wait_for (&a, "test_monitor.log", "[test_monitor(good)] gauss", 2);
  g_usleep (1100 * 1000);
  status = status_json (&a, 150);
  m = find_monitor (status, "test_monitor(bad)");
  g_assert_cmpstr (json_object_get_string_member (m, "state"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (m, "error"), ==,
                   "monitor test_monitor(bad): field \"gauss_meen\" is not an option of this monitor; "
                   "did you mean \"gauss_mean\"?");
  m = find_monitor (status, "test_monitor(good)");
  g_assert_cmpstr (json_object_get_string_member (m, "state"), ==, "running");

  /* on reload too: the edited entry restarts and fails */
  write_config (&a, "{\n" COMMON
                "  monitors: [\n"
                "    { module: \"test_monitor\", id: \"bad\", gauss_mean: 1, gauss_meen: 8.5 },\n"
                "    { module: \"test_monitor\", id: \"good\", gauss_mean: 1, sampel_interval: 0.1 },\n"
                "  ]\n}\n");
  g_subprocess_send_signal (a.proc, SIGHUP);
  wait_for (&a, "agent.log", "Failed to start monitor test_monitor(good)", 1);
  g_assert_cmpint (terminate (&a, NULL), ==, 0);
  g_free (agent_log);
  agent_log = read_log (&a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "field \"sampel_interval\" is not an option of this monitor; did you mean "
                                       "\"sample_interval\"?"));
}

/* SCALYR_API_KEY is not left in the environment for the monitors and the
 * processes they start, and the agent holding a key is not dumpable */
static void
test_api_key_secrets (void)
{
  g_auto(Agent) a = { 0 };
  g_autofree char *text = NULL;

  agent_init (&a, "{\n" COMMON
              "  allow_http: true, scalyr_server: \"http://127.0.0.1:9\",\n"
              "  monitors: [ { module: \"misbehaving_monitor\", mode: \"secrets\", sample_interval: 0.2 } ]\n}\n");
  g_setenv ("SCALYR_API_KEY", "secret-key-of-the-test", TRUE);
  agent_start (&a, NULL);
  g_unsetenv ("SCALYR_API_KEY");
  wait_for (&a, "misbehaving_monitor.log", "dumpable", 1);
  text = read_log (&a, "misbehaving_monitor.log");
  g_assert_nonnull (strstr (text, "[misbehaving_monitor()] api_key_in_env 0"));
  g_assert_nonnull (strstr (text, "[misbehaving_monitor()] child_sees_api_key 0"));
  g_assert_nonnull (strstr (text, "[misbehaving_monitor()] dumpable 0"));
  /* the key still reached the configuration: uploading is on */
  g_free (text);
  text = read_log (&a, "agent.log");
  g_assert_null (strstr (text, "No api_key is configured"));
  /* nor is it left in the environment block /proc/PID/environ shows */
  {
    g_autofree char *environ_path = g_strdup_printf ("/proc/%s/environ", g_subprocess_get_identifier (a.proc));
    g_autofree char *block = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (environ_path, &block, &len, NULL));
    /* (memmem: the block is NUL-separated) */
    g_assert_null (memmem (block, len, "secret-key-of-the-test", strlen ("secret-key-of-the-test")));
  }
  /* started (the status file is written last), so that SIGTERM is handled */
  {
    g_autofree char *status_path = g_build_filename (a.dir, "data", "agent-status.json", NULL);
    gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

    while (!g_file_test (status_path, G_FILE_TEST_EXISTS))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (20 * 1000);
      }
  }
  g_assert_cmpint (terminate (&a, NULL), ==, 0);
}

/* ---- issue 12: nothing hangs ---------------------------------------------- */

/* the directory of the modules whose import never returns (set by the
 * agent-stuck-load test, with the Python and JavaScript loaders) */
static const char *
stuck_dir (void)
{
  const char *dir = g_getenv ("AGENT_TEST_STUCK_DIR");

  if (dir == NULL)
    g_test_skip ("runs in agent-stuck-load, with the Python and JavaScript loaders");
  return dir;
}

/* the three stuck modules and random_coin, then @more entries */
static char *
stuck_config (const char *dir,
              const char *load_timeout,
              const char *more)
{
  return g_strdup_printf ("{\n" COMMON
                          "  monitor_load_timeout: %s,\n"
                          "  additional_monitor_module_paths: \"%s\",\n"
                          "  monitors: [\n"
                          "    { module: \"py_stuck_import\" },\n"
                          "    { module: \"random_coin\", sample_interval: 0.2 },\n"
                          "    { module: \"js_stuck_import\" },\n"
                          "    { module: \"py_sleep_import\" },\n"
                          "%s"
                          "  ]\n}\n", load_timeout, dir, more);
}

/* a position in @text, or G_MAXSIZE */
static gsize
position (const char *text,
          const char *needle)
{
  const char *p = strstr (text, needle);

  return p != NULL ? (gsize) (p - text) : G_MAXSIZE;
}

/* A stuck Python module (pure-Python loop, and a blocking sleep) and a
 * stuck JavaScript module beside a C monitor: the C monitor runs, the
 * stuck ones are failed by name after monitor_load_timeout, in agent.log
 * and the status; SIGTERM then exits at once. */
static void
test_stuck_load_reported (void)
{
  const char *dir = stuck_dir ();
  static const char * const stuck[] = { "py_stuck_import", "js_stuck_import", "py_sleep_import" };
  g_auto(Agent) a = { 0 };
  g_autofree char *config = NULL, *agent_log = NULL;
  g_autoptr(JsonObject) status = NULL;
  gint64 elapsed = 0;

  if (dir == NULL)
    return;
  config = stuck_config (dir, "3", "");
  agent_init (&a, config);
  agent_start (&a, NULL);
  wait_for (&a, "random_coin.log", "[random_coin()] gauss", 2);
  for (gsize i = 0; i < G_N_ELEMENTS (stuck); i++)
    {
      g_autofree char *failed = g_strdup_printf ("Failed to start monitor %s(): module %s did not load within 3 s",
                                                 stuck[i], stuck[i]);
      wait_for (&a, "agent.log", failed, 1);
    }
  g_usleep (1100 * 1000);
  status = status_json (&a, 150);
  g_assert_cmpstr (json_object_get_string_member (find_monitor (status, "random_coin()"), "state"), ==, "running");
  for (gsize i = 0; i < G_N_ELEMENTS (stuck); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s()", stuck[i]);
      JsonObject *m = find_monitor (status, name);

      g_assert_cmpstr (json_object_get_string_member (m, "state"), ==, "failed");
      g_assert_nonnull (strstr (json_object_get_string_member (m, "error"), "did not load within 3 s"));
      g_assert_nonnull (strstr (json_object_get_string_member (m, "error"), "monitor_load_timeout"));
    }

  g_assert_cmpint (terminate (&a, &elapsed), ==, 0);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
  agent_log = read_log (&a, "agent.log");
  /* the C monitor ran all along: started before the deadline */
  g_assert_cmpuint (position (agent_log, "Started monitor random_coin()"), <,
                    position (agent_log, "Failed to start monitor py_stuck_import()"));
  g_assert_nonnull (strstr (agent_log, "Monitor js_stuck_import() never finished loading; exiting without waiting"));
  g_assert_nonnull (strstr (agent_log, "Agent stopped"));
}

/* SIGTERM while the stuck modules load (during start, and later): the
 * agent exits within 2 s, naming what it abandoned */
static void
test_stuck_load_sigterm (void)
{
  const char *dir = stuck_dir ();
  g_autofree char *config = NULL;

  if (dir == NULL)
    return;
  config = stuck_config (dir, "600", "");
  for (int late = 0; late < 2; late++)
    {
      g_auto(Agent) a = { 0 };
      g_autofree char *agent_log = NULL;
      gint64 elapsed = 0;

      agent_init (&a, config);
      agent_start (&a, NULL);
      if (late)
        wait_for (&a, "agent.log", "3 still loading", 1);
      else
        wait_for (&a, "agent.log", "Starting scalyr agent", 1);
      g_assert_cmpint (terminate (&a, &elapsed), ==, 0);
      g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
      agent_log = read_log (&a, "agent.log");
      g_assert_nonnull (strstr (agent_log, "Monitor py_stuck_import() was still loading"));
      g_assert_nonnull (strstr (agent_log, "Agent stopped"));
    }
}

/* SIGHUP while a module is stuck loading: the reload happens (a new
 * monitor starts), the stuck load goes on; then SIGTERM exits within 2 s */
static void
test_stuck_load_sighup (void)
{
  const char *dir = stuck_dir ();
  g_auto(Agent) a = { 0 };
  g_autofree char *config = NULL, *config2 = NULL, *agent_log = NULL;
  gint64 elapsed = 0;

  if (dir == NULL)
    return;
  config = stuck_config (dir, "600", "");
  agent_init (&a, config);
  agent_start (&a, NULL);
  wait_for (&a, "agent.log", "3 still loading", 1);
  config2 = stuck_config (dir, "600", "    { module: \"test_monitor\", gauss_mean: 1, sample_interval: 0.2 },\n");
  write_config (&a, config2);
  g_subprocess_send_signal (a.proc, SIGHUP);
  wait_for (&a, "test_monitor.log", "[test_monitor()] gauss", 1);
  g_subprocess_send_signal (a.proc, SIGHUP);
  g_usleep (200 * 1000);
  g_assert_cmpint (terminate (&a, &elapsed), ==, 0);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);
  agent_log = read_log (&a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "Monitors: 1 started, 4 kept running, 5 configured"));
  g_assert_nonnull (strstr (agent_log, "Monitor py_sleep_import() was still loading"));
}

/* Python modules load one at a time (two imports at once can deadlock on
 * the GIL and GLib's class lock): one stuck at its top level holds the
 * others up only until its deadline, and several healthy ones load side by
 * side without deadlocking */
static void
test_stuck_load_python_after (void)
{
  const char *dir = stuck_dir ();
  const char *python_dir = g_getenv ("AGENT_TEST_PYTHON_DIR");
  g_auto(Agent) a = { 0 };
  g_autofree char *config = NULL;
  g_autoptr(JsonObject) status = NULL;

  if (dir == NULL)
    return;
  config = g_strdup_printf ("{\n" COMMON
                            "  monitor_load_timeout: 2,\n"
                            "  additional_monitor_module_paths: \"%s:%s\",\n"
                            "  monitors: [\n"
                            "    { module: \"py_stuck_import\" },\n"
                            "    { module: \"random_coin_monitor\", id: \"a\", gauss_mean: 3, sample_interval: 0.2 },\n"
                            "    { module: \"random_coin_monitor\", id: \"b\", gauss_mean: 3, sample_interval: 0.2 },\n"
                            "    { module: \"py_counter\", label: \"x\", sample_interval: 0.2 },\n"
                            "  ]\n}\n", dir, python_dir);
  agent_init (&a, config);
  agent_start (&a, NULL);
  wait_for (&a, "agent.log", "Failed to start monitor py_stuck_import(): module py_stuck_import did not load "
                             "within 2 s", 1);
  wait_for (&a, "random_coin_monitor.log", "[random_coin_monitor(b)] gauss", 2);
  wait_for (&a, "random_coin_monitor.log", "[random_coin_monitor(a)] gauss", 2);
  g_usleep (1100 * 1000);
  status = status_json (&a, 150);
  g_assert_cmpstr (json_object_get_string_member (find_monitor (status, "random_coin_monitor(a)"), "state"),
                   ==, "running");
  g_assert_cmpstr (json_object_get_string_member (find_monitor (status, "py_counter()"), "state"), ==, "running");
  g_assert_cmpint (terminate (&a, NULL), ==, 0);
}

/* --check-config bounds each monitor by monitor_load_timeout too */
static void
test_stuck_load_check_config (void)
{
  const char *dir = stuck_dir ();
  const char *args[] = { "--check-config", NULL };
  g_auto(Agent) a = { 0 };
  g_autofree char *config = NULL, *out = NULL, *err = NULL;
  gint64 start;

  if (dir == NULL)
    return;
  config = stuck_config (dir, "1", "");
  agent_init (&a, config);
  start = g_get_monotonic_time ();
  g_assert_cmpint (run_command (&a, args, &out, &err), ==, 2);
  /* two Python modules one after the other, the JavaScript one meanwhile */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
  g_assert_nonnull (strstr (err, "monitors[0] (py_stuck_import()): module py_stuck_import did not load within 1 s"));
  g_assert_nonnull (strstr (err, "monitors[2] (js_stuck_import()): module js_stuck_import did not load within 1 s"));
  g_assert_nonnull (strstr (err, "monitors[3] (py_sleep_import()): module py_sleep_import did not load within 1 s"));
  g_assert_null (strstr (err, "random_coin"));
}

/* a monitor whose stop never returns: SIGTERM exits within the stop
 * timeout and a little, with a warning naming it */
static void
test_stop_hangs (void)
{
  g_auto(Agent) a = { 0 };
  g_autofree char *agent_log = NULL;
  const char *args[] = { "--stop-timeout", "1", NULL };
  gint64 elapsed = 0;

  agent_init (&a, "{\n" COMMON
              "  monitors: [\n"
              "    { module: \"misbehaving_monitor\", id: \"stop\", mode: \"hang_stop\", sample_interval: 0.1 },\n"
              "    { module: \"test_monitor\", gauss_mean: 1, sample_interval: 0.1 },\n"
              "  ]\n}\n");
  agent_start (&a, args);
  wait_for (&a, "misbehaving_monitor.log", "[misbehaving_monitor(stop)] tick 2", 1);
  g_assert_cmpint (terminate (&a, &elapsed), ==, 0);
  g_assert_cmpint (elapsed, <, 2500 * 1000);
  agent_log = read_log (&a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "Monitor misbehaving_monitor(stop) did not stop within 1000 ms"));
  g_assert_nonnull (strstr (agent_log, "Stopped monitor test_monitor()"));
  g_assert_nonnull (strstr (agent_log, "Agent stopped"));
}

/* SIGTERM while the addEvents server hangs (a loopback server that takes
 * the connection and never answers): the agent exits within 2 s, and its
 * checkpoints do not claim what was never acknowledged */
static void
test_upload_server_hangs (void)
{
  g_auto(Agent) a = { 0 };
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *config = NULL, *app = NULL, *lines = NULL, *checkpoints = NULL;
  gint64 elapsed = 0, deadline;
  GString *text = g_string_new (NULL);

  if (g_getenv ("AGENT_TEST_UPLOAD") == NULL)
    {
      g_test_skip ("runs in agent-upload-hang, with the upload service");
      g_string_free (text, TRUE);
      return;
    }
  /* a listening socket that is never accepted from: the kernel takes the
   * connection and the request, nobody answers */
  server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (server, address, TRUE, &error));
  g_assert_true (g_socket_listen (server, &error));
  bound = g_socket_get_local_address (server, &error);
  g_assert_no_error (error);

  agent_init (&a, "{}");
  app = g_build_filename (a.dir, "app.log", NULL);
  for (int i = 0; i < 100; i++)
    g_string_append_printf (text, "line %d of the application\n", i);
  lines = g_string_free (text, FALSE);
  g_assert_true (g_file_set_contents (app, lines, -1, NULL));
  config = g_strdup_printf ("{\n" COMMON
                            "  api_key: \"hang-test-key\", allow_http: true, compression_type: \"none\",\n"
                            "  scalyr_server: \"http://127.0.0.1:%u\",\n"
                            "  logs: [ { path: \"%s\", copy_from_start: true } ],\n"
                            "  monitors: [ { module: \"test_monitor\", gauss_mean: 1, sample_interval: 0.2 } ]\n}\n",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)), app);
  write_config (&a, config);
  agent_start (&a, NULL);

  /* the agent connected (and sent its request) */
  deadline = g_get_monotonic_time () + WAIT_LIMIT_US;
  while (!g_socket_condition_check (server, G_IO_IN))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the agent never connected to the upload server");
      g_usleep (20 * 1000);
    }
  g_usleep (500 * 1000);
  g_assert_cmpint (terminate (&a, &elapsed), ==, 0);
  g_assert_cmpint (elapsed, <, 2 * G_USEC_PER_SEC);

  /* the request carried app.log's lines (the kernel took them; nobody read them) */
  {
    g_autoptr(GSocket) peer = g_socket_accept (server, NULL, &error);
    g_autoptr(GString) request = g_string_new (NULL);
    char buf[65536];
    gssize n;

    g_assert_no_error (error);
    g_socket_set_timeout (peer, 5);
    while ((n = g_socket_receive (peer, buf, sizeof buf, NULL, NULL)) > 0)
      g_string_append_len (request, buf, n);
    g_assert_nonnull (strstr (request->str, "POST /addEvents"));
    g_assert_nonnull (strstr (request->str, "line 0 of the application"));
  }

  /* nothing was acknowledged: app.log's checkpoint is still at its start
   * (position_start is minus the bytes acknowledged) */
  checkpoints = g_build_filename (a.dir, "data", "checkpoints.json", NULL);
  json_parser_load_from_file (parser, checkpoints, &error);
  g_assert_no_error (error);
  {
    JsonObject *all = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                     "checkpoints");
    JsonObject *cp = json_object_get_object_member (all, app);
    JsonObject *file = json_array_get_object_element (json_object_get_array_member (cp, "pending_files"), 0);

    g_assert_cmpint (json_object_get_int_member (file, "position_start"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (file, "position_end"), ==, (gint64) strlen (lines));
  }
}

/* the voluntary context switches of the agent's main thread (its tid is
 * its pid): each is a wake-up from sleep or a block */
static guint64
main_thread_wakeups (Agent *a)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/task/%s/status", g_subprocess_get_identifier (a->proc),
                                           g_subprocess_get_identifier (a->proc));
  g_autofree char *text = agent_test_read_text (path);
  const char *line = strstr (text, "\nvoluntary_ctxt_switches:");

  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("\nvoluntary_ctxt_switches:"), NULL, 10);
}

static const char idle_config[] =
  "{\n" COMMON
  "  config_change_check_interval: 30,\n"
  "  monitors: [ { module: \"test_monitor\", id: \"slow\", gauss_mean: 1, sample_interval: 60 } ]\n}\n";
static const char idle_config_after[] =
  "{\n" COMMON
  "  config_change_check_interval: 30,\n"
  "  monitors: [ { module: \"test_monitor\", id: \"slow\", gauss_mean: 7, sample_interval: 60 } ]\n}\n";

/* The main thread does not poll: between signals it sleeps until its next
 * duty (the status file every second, the configuration check every
 * config_change_check_interval), so an idle agent's main thread wakes
 * about once a second. With the 100 ms tick it woke 10+ times a second;
 * the bound (5 a second) is wide on purpose: this is no benchmark
 * (bench/ measures), it tells sleeping from polling. SIGHUP and SIGTERM
 * still act at once: sigtimedwait() takes them during the sleep. */
static void
test_idle_main_thread_sleeps (void)
{
  const double window_s = 3;
  g_auto(Agent) a = { 0 };
  guint64 before_count, after_count;
  gint64 start, elapsed_us;

  agent_init (&a, idle_config);
  agent_start (&a, NULL);
  wait_for (&a, "test_monitor.log", "[test_monitor(slow)] gauss", 1);
  wait_for (&a, "agent.log", "Started monitor test_monitor(slow)", 1);

  before_count = main_thread_wakeups (&a);
  g_usleep ((gulong) (window_s * G_USEC_PER_SEC));
  after_count = main_thread_wakeups (&a);
  g_test_message ("main thread: %" G_GUINT64_FORMAT " wake-ups in %g s", after_count - before_count, window_s);
  g_assert_cmpuint (after_count - before_count, <, 5 * window_s);

  /* SIGHUP during the sleep: applied without waiting for the 30 s check */
  write_config (&a, idle_config_after);
  start = g_get_monotonic_time ();
  g_subprocess_send_signal (a.proc, SIGHUP);
  wait_for (&a, "agent.log", "New configuration file seen.", 1);
  wait_for (&a, "test_monitor.log", "[test_monitor(slow)] gauss", 2);
  g_test_message ("SIGHUP applied after %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);

  g_assert_cmpint (terminate (&a, &elapsed_us), ==, 0);
  g_test_message ("SIGTERM: exited after %" G_GINT64_FORMAT " ms", elapsed_us / 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  agent_binary = g_getenv ("SCALYR_AGENT");
  module_path = g_getenv ("AGENT_TEST_MODULE_PATH");
  g_assert_nonnull (agent_binary);
  g_assert_nonnull (module_path);

  g_test_add_func ("/agent/three-monitors", test_three_monitors);
  g_test_add_func ("/agent/reload/sighup", test_reload_sighup);
  g_test_add_func ("/agent/idle/main-thread-sleeps", test_idle_main_thread_sleeps);
  g_test_add_func ("/agent/reload/interval-and-bad-edit", test_reload_interval_and_bad_edit);
  g_test_add_func ("/agent/isolation", test_isolation);
  g_test_add_func ("/agent/check-config", test_check_config);
  g_test_add_func ("/agent/check-config/monitor-load-timeout", test_check_config_load_timeout);
  g_test_add_func ("/agent/additional-module-paths", test_additional_module_paths);
  g_test_add_func ("/agent/stop-agent-on-failure", test_stop_agent_on_failure);
  g_test_add_func ("/agent/platform-monitors", test_platform_monitors);
  g_test_add_func ("/agent/python-monitor", test_python_monitor);
  g_test_add_func ("/agent/check-config/all-at-once", test_check_config_all_at_once);
  g_test_add_func ("/agent/undeclared-option", test_undeclared_option);
  g_test_add_func ("/agent/api-key-secrets", test_api_key_secrets);
  g_test_add_func ("/agent/stop/hangs", test_stop_hangs);
  g_test_add_func ("/agent/stuck-load/reported", test_stuck_load_reported);
  g_test_add_func ("/agent/stuck-load/sigterm", test_stuck_load_sigterm);
  g_test_add_func ("/agent/stuck-load/sighup", test_stuck_load_sighup);
  g_test_add_func ("/agent/stuck-load/python-after-stuck", test_stuck_load_python_after);
  g_test_add_func ("/agent/stuck-load/check-config", test_stuck_load_check_config);
  g_test_add_func ("/agent/upload/server-hangs", test_upload_server_hangs);
  return g_test_run ();
}
