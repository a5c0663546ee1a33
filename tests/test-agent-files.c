/* test-agent-files.c: the real scalyr-agent binary against planted links,
 * FIFOs, unsafe directories, odd agent.d entries and a stale status
 * (issue 12, "Files"); every run is bounded in time
 * SPDX-License-Identifier: Apache-2.0 */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "agent-test-text.h"

static const char *agent_binary;
static const char *module_path;

#define RUN_LIMIT_S 10
#define SECRET "root-only secret\n"

#define COMMON \
  "agent_log_path: \"log\", agent_data_path: \"data\",\n" \
  "global_monitor_sample_interval_enable_jitter: false,\n" \
  "implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,\n"

typedef struct {
  char *dir;
  char *config;
  char *secret;     /* a root-only file the links point to */
  GSubprocess *proc;
  char *out, *err;
} Fixture;

static void
fixture_clear (Fixture *f)
{
  if (f->proc != NULL)
    {
      g_subprocess_force_exit (f->proc);
      g_subprocess_wait (f->proc, NULL, NULL);
      g_object_unref (f->proc);
    }
  if (f->dir != NULL && g_getenv ("TEST_AGENT_KEEP") == NULL)
    {
      g_autofree char *command = g_strdup_printf ("chmod -R u+rwx '%s'; rm -rf '%s'", f->dir, f->dir);
      g_assert_cmpint (system (command), ==, 0);
    }
  g_free (f->dir);
  g_free (f->config);
  g_free (f->secret);
  g_free (f->out);
  g_free (f->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fixture, fixture_clear)

static char *
path_in (Fixture    *f,
         const char *relative)
{
  return g_build_filename (f->dir, relative, NULL);
}

static void
make_dir (Fixture    *f,
          const char *relative,
          int         mode)
{
  g_autofree char *path = path_in (f, relative);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  g_assert_cmpint (chmod (path, (mode_t) mode), ==, 0);
}

static void
plant_link (Fixture    *f,
            const char *relative,
            const char *target)
{
  g_autofree char *path = path_in (f, relative);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

static void
plant_fifo (Fixture    *f,
            const char *relative)
{
  g_autofree char *path = path_in (f, relative);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);
}

static void
fixture_init (Fixture    *f,
              const char *config_text)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-agent-files-XXXXXX", &error);
  g_assert_no_error (error);
  f->config = path_in (f, "agent.json");
  f->secret = path_in (f, "secret");
  g_file_set_contents (f->config, config_text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (f->secret, SECRET, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (f->secret, 0600), ==, 0);
}

static void
assert_secret_untouched (Fixture *f)
{
  g_autofree char *text = NULL;
  struct stat st;

  g_assert_true (g_file_get_contents (f->secret, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, SECRET);
  g_assert_cmpint (g_stat (f->secret, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
}

static void
die_with_parent (gpointer data)
{
  (void) data;
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
spawn (Fixture            *f,
       const char * const *extra_args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "SCALYR_MONITOR_PATH", module_path, TRUE);
  g_ptr_array_add (argv, (gpointer) agent_binary);
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, f->config);
  for (gsize i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_args[i]);
  g_ptr_array_add (argv, NULL);
  f->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
}

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &f->out, &f->err, &error);
  g_assert_no_error (error);
}

/* waits at most @limit_s for the agent to exit (it must: a FIFO or a
 * refusal must not leave it blocked); returns its exit status */
static int
wait_exit (Fixture *f,
           int      limit_s)
{
  gint64 deadline = g_get_monotonic_time () + limit_s * G_USEC_PER_SEC;
  int status;

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_subprocess_communicate_utf8_async (f->proc, NULL, NULL, on_communicated, f);
  while (f->err == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the agent did not exit within %d s", limit_s);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
    }
  g_subprocess_wait (f->proc, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (f->proc));
  status = g_subprocess_get_exit_status (f->proc);
  g_clear_object (&f->proc);
  return status;
}

static int
run (Fixture            *f,
     const char * const *extra_args)
{
  spawn (f, extra_args);
  return wait_exit (f, RUN_LIMIT_S);
}

static char *
read_file (Fixture    *f,
           const char *relative)
{
  g_autofree char *path = path_in (f, relative);

  return agent_test_read_text (path);
}

/* waits until @needle is @times in @relative (15 s at most) */
static void
wait_for (Fixture    *f,
          const char *relative,
          const char *needle,
          guint       times)
{
  g_autofree char *path = path_in (f, relative);

  agent_test_wait_for (path, needle, times, 15 * G_USEC_PER_SEC);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("expected \"%s\" in:\n%s", needle, text);
}

/* the agent refuses to start: exit 3, the path and what is there named */
static void
assert_refused (Fixture    *f,
                const char *relative,
                const char *what)
{
  g_autofree char *path = path_in (f, relative);
  g_autofree char *expected = g_strdup_printf ("refusing to write %s: it is %s", path, what);

  g_assert_cmpint (run (f, NULL), ==, 3);
  assert_contains (f->err, expected);
  assert_contains (f->err, "remove it");
}

/* a link (to a root-only file) at a file the agent writes at start:
 * refused at start, the path named, the target untouched, no pid file
 * left behind */
static void
test_link_at_start_file (gconstpointer data)
{
  const char *relative = data;
  g_auto(Fixture) f = { 0 };
  g_autofree char *pid = NULL;
  struct stat st;

  fixture_init (&f, "{\n" COMMON "}\n");
  plant_link (&f, relative, f.secret);
  assert_refused (&f, relative, "a symbolic link");
  assert_secret_untouched (&f);
  pid = path_in (&f, "log/agent.pid");
  g_assert_false (g_lstat (pid, &st) == 0 && S_ISREG (st.st_mode));
}

/* a metric log: the monitor fails, named with its path; with
 * stop_agent_on_failure the agent exits */
static void
test_link_at_metric_log (void)
{
  g_auto(Fixture) f = { 0 };
  g_autofree char *path = NULL, *expected = NULL, *agent_log = NULL;

  fixture_init (&f, "{\n" COMMON
                "  monitors: [ { module: \"random_coin\", sample_interval: 0.2, stop_agent_on_failure: true } ]\n}\n");
  plant_link (&f, "log/random_coin.log", f.secret);
  g_assert_cmpint (run (&f, NULL), ==, 5);
  path = path_in (&f, "log/random_coin.log");
  expected = g_strdup_printf ("refusing to write %s: it is a symbolic link", path);
  agent_log = read_file (&f, "log/agent.log");
  assert_contains (agent_log, expected);
  assert_contains (agent_log, "Failed to start monitor random_coin()");
  assert_secret_untouched (&f);
}

static void
test_fifo_at_agent_log (void)
{
  g_auto(Fixture) f = { 0 };

  fixture_init (&f, "{\n" COMMON "}\n");
  plant_fifo (&f, "log/agent.log");
  assert_refused (&f, "log/agent.log", "a FIFO (named pipe)");
}

static void
test_fifo_at_metric_log (void)
{
  g_auto(Fixture) f = { 0 };
  g_autofree char *path = NULL, *expected = NULL;
  gint64 start;

  /* with another monitor: the agent runs, reports the FIFO, and stops on SIGTERM */
  fixture_init (&f, "{\n" COMMON
                "  monitors: [ { module: \"random_coin\", sample_interval: 0.2 },\n"
                "              { module: \"misbehaving_monitor\", id: \"ok\", sample_interval: 0.2 } ]\n}\n");
  plant_fifo (&f, "log/random_coin.log");
  path = path_in (&f, "log/random_coin.log");
  expected = g_strdup_printf ("refusing to write %s: it is a FIFO (named pipe)", path);
  spawn (&f, NULL);
  wait_for (&f, "log/agent.log", expected, 1);
  wait_for (&f, "log/misbehaving_monitor.log", "[misbehaving_monitor(ok)] tick 2", 1);
  start = g_get_monotonic_time ();
  g_subprocess_send_signal (f.proc, SIGTERM);
  g_assert_cmpint (wait_exit (&f, 5), ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* alone and vital: the agent exits 5 at once */
  {
    g_autoptr(GError) error = NULL;
    g_file_set_contents (f.config, "{\n" COMMON "  monitors: [ { module: \"random_coin\", "
                         "stop_agent_on_failure: true } ]\n}\n", -1, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (run (&f, NULL), ==, 5);
}

/* StrictModes: the leaf never group/world writable, sticky or not */
static void
test_unsafe_log_dir (void)
{
  g_auto(Fixture) f = { 0 };
  const char *check[] = { "--check-config", NULL };
  g_autofree char *log = NULL, *expected = NULL;

  fixture_init (&f, "{\n" COMMON "}\n");
  make_dir (&f, "log", 0777);
  log = path_in (&f, "log");
  expected = g_strdup_printf ("the directory %s (mode 0777) is writable by everyone", log);
  g_assert_cmpint (run (&f, NULL), ==, 3);
  {
    g_autofree char *named = g_strdup_printf ("agent_log_path %s is unsafe", log);
    assert_contains (f.err, named);
  }
  assert_contains (f.err, expected);
  assert_contains (f.err, "chmod go-w");
  {
    g_autofree char *agent_log = path_in (&f, "log/agent.log");
    g_assert_false (g_file_test (agent_log, G_FILE_TEST_EXISTS));
  }
  g_assert_cmpint (run (&f, check), ==, 2);
  assert_contains (f.err, expected);

  make_dir (&f, "log", 01777);
  g_assert_cmpint (run (&f, NULL), ==, 3);
  assert_contains (f.err, "the sticky bit is not enough");
  make_dir (&f, "log", 0775);
  g_assert_cmpint (run (&f, NULL), ==, 3);
  assert_contains (f.err, "is writable by its group");
}

/* a world-writable parent without the sticky bit is refused; with it (/tmp) accepted */
static void
test_unsafe_parent_dir (void)
{
  g_auto(Fixture) f = { 0 };
  const char *check[] = { "--check-config", NULL };
  g_autofree char *parent = NULL, *expected = NULL;

  fixture_init (&f, "{ agent_log_path: \"shared/log\", agent_data_path: \"shared/data\",\n"
                "  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false }\n");
  make_dir (&f, "shared/log", 0755);
  make_dir (&f, "shared", 0777);
  parent = path_in (&f, "shared");
  expected = g_strdup_printf ("the directory %s (mode 0777) is writable by everyone", parent);
  g_assert_cmpint (run (&f, NULL), ==, 3);
  assert_contains (f.err, expected);
  g_assert_cmpint (run (&f, check), ==, 2);
  {
    g_autofree char *log_named = g_strdup_printf ("agent_log_path %s/log is unsafe", parent);
    g_autofree char *data_named = g_strdup_printf ("agent_data_path %s/data is unsafe", parent);
    assert_contains (f.err, log_named);
    assert_contains (f.err, data_named);
  }

  make_dir (&f, "shared", 01777);
  g_assert_cmpint (run (&f, check), ==, 0);

  /* owned by another user (only root can set that up) */
  if (geteuid () == 0)
    {
      g_autofree char *log = path_in (&f, "shared/log");
      g_autofree char *data = path_in (&f, "shared/data");
      g_assert_cmpint (chown (log, 65534, 65534), ==, 0);
      g_assert_cmpint (run (&f, NULL), ==, 3);
      assert_contains (f.err, "is owned by uid 65534");
      assert_contains (f.err, "chown root");
      /* root's --check-config of the configuration of an agent that runs
       * as the directories' owner (the package's scalyr user): checked
       * for that user, so accepted; a parent of that user's is not */
      make_dir (&f, "shared/data", 0755);
      g_assert_cmpint (chown (data, 65534, 65534), ==, 0);
      g_assert_cmpint (run (&f, check), ==, 0);
      g_assert_cmpint (chown (parent, 65533, 65533), ==, 0);
      g_assert_cmpint (run (&f, check), ==, 2);
      assert_contains (f.err, "is owned by uid 65533");
      g_assert_cmpint (chown (parent, 0, 0), ==, 0);
    }
}

/* a reload that moves the logs to an unsafe directory is refused like a
 * bad configuration: reported, the running configuration kept */
static void
test_unsafe_dir_on_reload (void)
{
  g_auto(Fixture) f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *shared = NULL, *expected = NULL;

  fixture_init (&f, "{\n" COMMON "  monitors: [ { module: \"misbehaving_monitor\", id: \"ok\", "
                "sample_interval: 0.2 } ]\n}\n");
  make_dir (&f, "shared", 0777);
  shared = path_in (&f, "shared");
  expected = g_strdup_printf ("the directory %s (mode 0777) is writable by everyone", shared);
  spawn (&f, NULL);
  wait_for (&f, "log/agent.log", "Started monitor", 1);
  g_file_set_contents (f.config, "{ agent_log_path: \"shared/log\", agent_data_path: \"data\",\n"
                       "  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,\n"
                       "  monitors: [ { module: \"misbehaving_monitor\", id: \"ok\", sample_interval: 0.2 } ] }\n",
                       -1, &error);
  g_assert_no_error (error);
  g_subprocess_send_signal (f.proc, SIGHUP);
  wait_for (&f, "log/agent.log", "Bad configuration file seen", 1);
  wait_for (&f, "log/agent.log", expected, 1);
  {
    g_autofree char *moved = path_in (&f, "shared/log/misbehaving_monitor.log");
    g_assert_false (g_file_test (moved, G_FILE_TEST_EXISTS));
  }
  g_subprocess_send_signal (f.proc, SIGTERM);
  g_assert_cmpint (wait_exit (&f, 5), ==, 0);
}

/* agent.d entries that are not regular files: errors for --check-config
 * (which must not block on the FIFO), warnings in agent.log */
static void
test_agent_d_entries (void)
{
  g_auto(Fixture) f = { 0 };
  const char *check[] = { "--check-config", NULL };
  const struct { const char *name, *what; } entries[] = {
    { "dangling.json", "a dangling symbolic link" },
    { "loop.json", "a symbolic link loop" },
    { "dir.json", "a directory" },
    { "fifo.json", "a FIFO (named pipe)" },
  };

  fixture_init (&f, "{\n" COMMON "}\n");
  plant_link (&f, "agent.d/dangling.json", "/nonexistent/x.json");
  plant_link (&f, "agent.d/loop.json", "loop.json");
  make_dir (&f, "agent.d/dir.json", 0755);
  plant_fifo (&f, "agent.d/fifo.json");
  {
    g_autofree char *good = path_in (&f, "agent.d/good.json");
    g_assert_true (g_file_set_contents (good, "{ server_attributes: { a: \"b\" } }", -1, NULL));
  }
  g_assert_cmpint (run (&f, check), ==, 2);
  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autofree char *rel = g_build_filename ("agent.d", entries[i].name, NULL);
      g_autofree char *path = path_in (&f, rel);
      g_autofree char *expected = g_strdup_printf ("%s is %s, not a regular file", path, entries[i].what);
      assert_contains (f.err, expected);
    }
  assert_contains (f.err, "remove it or rename it without .json");
  g_assert_null (strstr (f.out, "Configuration OK"));

  /* at run time: warnings, and the agent runs */
  spawn (&f, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s, not a regular file", entries[i].what);
      wait_for (&f, "log/agent.log", expected, 1);
    }
  g_subprocess_send_signal (f.proc, SIGTERM);
  g_assert_cmpint (wait_exit (&f, 5), ==, 0);
  {
    g_autofree char *agent_log = read_file (&f, "log/agent.log");
    assert_contains (agent_log, "WARNING");
  }
}

/* the status file cannot be written (its directory removed): reported once,
 * and once more when it can be written again */
static void
test_status_write_failure (void)
{
  g_auto(Fixture) f = { 0 };
  g_autofree char *data = NULL, *agent_log = NULL;

  fixture_init (&f, "{\n" COMMON "}\n");
  spawn (&f, NULL);
  wait_for (&f, "data/agent-status.json", "\"running\"", 1);
  data = path_in (&f, "data");
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", data);
    g_assert_cmpint (system (command), ==, 0);
  }
  wait_for (&f, "log/agent.log", "Cannot write the status file", 1);
  g_usleep (3 * G_USEC_PER_SEC);   /* three more failed writes */
  agent_log = read_file (&f, "log/agent.log");
  g_assert_cmpuint (agent_test_count (agent_log, "Cannot write the status file"), ==, 1);
  assert_contains (agent_log, "agent-status.json");
  g_assert_cmpint (g_mkdir (data, 0755), ==, 0);
  wait_for (&f, "log/agent.log", "is written again", 1);
  g_usleep (1500 * 1000);
  g_free (agent_log);
  agent_log = read_file (&f, "log/agent.log");
  g_assert_cmpuint (agent_test_count (agent_log, "is written again"), ==, 1);
  g_subprocess_send_signal (f.proc, SIGTERM);
  g_assert_cmpint (wait_exit (&f, 5), ==, 0);
}

/* `status` on a status file the agent stopped refreshing: its age, exit 151
 * (degraded: stale); on one whose agent died leaving its pid file: exit 1
 * (LSB "dead and pid file exists") */
static void
test_status_stale (void)
{
  g_auto(Fixture) f = { 0 };
  const char *status[] = { "status", NULL };
  const char *status_json[] = { "status", "--json", NULL };
  g_autofree char *text = NULL, *pid = NULL;
  double written = (double) g_get_real_time () / G_USEC_PER_SEC - 60;
  int fd;

  fixture_init (&f, "{\n" COMMON "}\n");
  make_dir (&f, "log", 0755);
  make_dir (&f, "data", 0755);
  text = g_strdup_printf ("{ \"version\": \"0\", \"pid\": 1, \"state\": \"running\", \"started\": \"\",\n"
                          "  \"updated\": \"\", \"updated_time\": %.3f, \"monitors\": [],\n"
                          "  \"config\": { \"path\": \"%s\", \"files\": [], \"last_load\": \"\", "
                          "\"last_load_ok\": true },\n"
                          "  \"agent_log\": { \"lines_written\": 0, \"lines_dropped\": 0 } }\n", written, f.config);
  {
    g_autofree char *path = path_in (&f, "data/agent-status.json");
    g_assert_true (g_file_set_contents (path, text, -1, NULL));
  }
  /* an agent holds the pid file (this test, as a stuck agent would) */
  pid = path_in (&f, "log/agent.pid");
  fd = g_open (pid, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);

  g_assert_cmpint (run (&f, status), ==, 151);
  g_assert_true (strstr (f.out, "(as of 60 s ago") != NULL || strstr (f.out, "(as of 61 s ago") != NULL);
  assert_contains (f.out, "STALE");
  assert_contains (f.err, "the status is stale");
  g_assert_cmpint (run (&f, status_json), ==, 151);
  assert_contains (f.out, "\"stale\" : true");

  /* the agent died without writing "stopped" */
  close (fd);
  g_assert_cmpint (run (&f, status), ==, 1);
  assert_contains (f.out, "Agent:           not running");
  assert_contains (f.err, "the agent is not running");
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

  g_test_add_data_func ("/agent-files/link/agent-log", "log/agent.log", test_link_at_start_file);
  g_test_add_data_func ("/agent-files/link/pid-file", "log/agent.pid", test_link_at_start_file);
  g_test_add_data_func ("/agent-files/link/status-file", "data/agent-status.json", test_link_at_start_file);
  g_test_add_func ("/agent-files/link/metric-log", test_link_at_metric_log);
  g_test_add_func ("/agent-files/fifo/agent-log", test_fifo_at_agent_log);
  g_test_add_func ("/agent-files/fifo/metric-log", test_fifo_at_metric_log);
  g_test_add_func ("/agent-files/strict-modes/log-dir", test_unsafe_log_dir);
  g_test_add_func ("/agent-files/strict-modes/parent-dir", test_unsafe_parent_dir);
  g_test_add_func ("/agent-files/strict-modes/reload", test_unsafe_dir_on_reload);
  g_test_add_func ("/agent-files/agent-d/not-regular", test_agent_d_entries);
  g_test_add_func ("/agent-files/status/write-failure-logged-once", test_status_write_failure);
  g_test_add_func ("/agent-files/status/stale", test_status_stale);
  return g_test_run ();
}
