/* test-agent.c: the real scalyr-agent binary against real files and signals
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

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
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* waits until @needle occurs @times in the log file @name */
static void
wait_for (Agent      *a,
          const char *name,
          const char *needle,
          guint       times)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_US;

  for (;;)
    {
      g_autofree char *text = read_log (a, name);

      if (count (text, needle) >= times)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %u x \"%s\" in %s; it has:\n%s", times, needle, name, text);
      g_usleep (20 * 1000);
    }
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

static JsonObject *
status_json (Agent *a)
{
  const char *args[] = { "status", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_command (a, args, &out, &err), ==, 0);
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
  g_assert_cmpuint (count (agent_log, "INFO [core]"), >=, 4);
  g_assert_cmpuint (count (agent_log, "Started monitor"), ==, 3);
  g_assert_cmpuint (count (agent_log, "uploading to Scalyr is off"), ==, 1);

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
  status = status_json (&a);
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
  }

  g_assert_cmpint (terminate (&a, NULL), ==, 0);
  g_assert_false (g_file_test (pid_path, G_FILE_TEST_EXISTS));
  g_free (agent_log);
  agent_log = read_log (&a, "agent.log");
  g_assert_cmpuint (count (agent_log, "Monitor has finished"), ==, 3);
  g_assert_nonnull (strstr (agent_log, "Agent stopped"));
  g_clear_pointer (&status, json_object_unref);
  status = status_json (&a);
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
  g_assert_cmpuint (count (agent_log, "Stopped monitor test_monitor(a)"), ==, 1);
  g_assert_cmpuint (count (agent_log, "Started monitor test_monitor(a)"), ==, 1);
  g_assert_cmpuint (count (agent_log, "Started monitor test_monitor(b)"), ==, 2);

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
  status = status_json (&a);
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (status, "config"), "last_load_ok"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (status, "config"),
                                                           "last_load_error"), "agent.json:6:63:"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (status, "monitors")), ==, 2);
  g_assert_cmpint (terminate (&a, NULL), ==, 0);

  agent_log = read_log (&a, "agent.log");
  g_assert_cmpuint (count (agent_log, "Bad configuration file seen.  Ignoring, using last known good "
                           "configuration file.  Exception was \""), ==, 1);
  g_assert_nonnull (strstr (agent_log, "/agent.json:6:63: After object field"));
  g_assert_cmpuint (count (agent_log, "Started monitor test_monitor(a)"), ==, 1);
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
  status = status_json (&a);
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
  status = status_json (&a);
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
  status = status_json (&a);
  g_assert_cmpstr (json_object_get_string_member (find_monitor (status, "random_coin_monitor()"), "state"),
                   ==, "running");
  g_assert_cmpint (terminate (&a, NULL), ==, 0);
  agent_log = read_log (&a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "[monitor:random_coin_monitor()]"));
  g_assert_cmpuint (count (agent_log, "Monitor has finished"), ==, 3);
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
    "monitors[0] (test_monitor(x)): monitor test_monitor(x): field \"gauss_meen\" is not an option of this "
    "monitor; did you mean \"gauss_mean\"?",
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
  status = status_json (&a);
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
  g_test_add_func ("/agent/reload/interval-and-bad-edit", test_reload_interval_and_bad_edit);
  g_test_add_func ("/agent/isolation", test_isolation);
  g_test_add_func ("/agent/check-config", test_check_config);
  g_test_add_func ("/agent/additional-module-paths", test_additional_module_paths);
  g_test_add_func ("/agent/stop-agent-on-failure", test_stop_agent_on_failure);
  g_test_add_func ("/agent/platform-monitors", test_platform_monitors);
  g_test_add_func ("/agent/python-monitor", test_python_monitor);
  g_test_add_func ("/agent/check-config/all-at-once", test_check_config_all_at_once);
  g_test_add_func ("/agent/undeclared-option", test_undeclared_option);
  g_test_add_func ("/agent/api-key-secrets", test_api_key_secrets);
  return g_test_run ();
}
