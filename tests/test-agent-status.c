/* test-agent-status.c: `scalyr-agent status` exit codes (LSB: 0 healthy,
 * 1 dead, 3 not running, 4 unknown; 150-153 degraded) and whose status
 * it shows, with the real binary on planted status files and a real agent
 * SPDX-License-Identifier: Apache-2.0 */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "agent-test-text.h"

static const char *agent_binary;

#define COMMON \
  "agent_log_path: \"log\", agent_data_path: \"data\",\n" \
  "global_monitor_sample_interval_enable_jitter: false,\n" \
  "implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,\n"

typedef struct {
  char *dir;
  char *config;
  int pid_fd;           /* the pid file's lock, as a running agent holds it */
  char *out, *err;
} Fixture;

static void
fixture_clear (Fixture *f)
{
  if (f->pid_fd >= 0)
    close (f->pid_fd);
  if (f->dir != NULL)
    {
      g_autofree char *command = g_strdup_printf ("chmod -R u+rwx '%s'; rm -rf '%s'", f->dir, f->dir);
      g_assert_cmpint (system (command), ==, 0);
    }
  g_free (f->dir);
  g_free (f->config);
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
fixture_init (Fixture    *f,
              const char *config_text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL, *data = NULL;

  f->pid_fd = -1;
  f->dir = g_dir_make_tmp ("agent-status-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (chmod (f->dir, 0755), ==, 0);
  f->config = path_in (f, "agent.json");
  g_assert_true (g_file_set_contents (f->config, config_text, -1, NULL));
  log = path_in (f, "log");
  data = path_in (f, "data");
  g_assert_cmpint (g_mkdir (log, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (data, 0755), ==, 0);
}

/* a status file as an agent of @config_path writes it, @age seconds
 * old, in @state, with @members (JSON members, each followed by ", ") */
static void
plant_status (Fixture    *f,
              const char *config_path,
              const char *state,
              double      age,
              const char *members)
{
  g_autofree char *path = path_in (f, "data/agent-status.json");
  g_autofree char *text = g_strdup_printf (
    "{ \"version\": \"0\", \"pid\": 1, \"state\": \"%s\", \"started\": \"\", \"updated\": \"\",\n"
    "  \"updated_time\": %.3f, %s\n"
    "  \"config\": { \"path\": \"%s\", \"files\": [], \"last_load\": \"\", \"last_load_ok\": true },\n"
    "  \"agent_log\": { \"lines_written\": 0, \"lines_dropped\": 0 } }\n",
    state, (double) g_get_real_time () / G_USEC_PER_SEC - age, members != NULL ? members : "\"monitors\": [],",
    config_path);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* holds the pid file's lock (an agent runs), or only leaves the file */
static void
plant_pid_file (Fixture *f,
                gboolean locked)
{
  g_autofree char *path = path_in (f, "log/agent.pid");

  f->pid_fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  g_assert_cmpint (f->pid_fd, >=, 0);
  if (locked)
    g_assert_cmpint (flock (f->pid_fd, LOCK_EX | LOCK_NB), ==, 0);
  else
    {
      close (f->pid_fd);
      f->pid_fd = -1;
    }
}

/* `scalyr-agent -c CONFIG ARGS...`: its exit status; out and err kept */
static int
run (Fixture            *f,
     const char         *config,
     const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) agent_binary);
  g_ptr_array_add (argv, "-c");
  g_ptr_array_add (argv, (gpointer) (config != NULL ? config : f->config));
  for (gsize i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &f->out, &f->err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static const char * const status_args[] = { "status", NULL };
static const char * const status_json_args[] = { "status", "--json", NULL };

/* `status` (and `status --json`) exit with @expected, and @message is in
 * what it says on standard error (NULL: nothing is said there) */
static void
assert_status (Fixture    *f,
               int         expected,
               const char *message)
{
  int status = run (f, NULL, status_args);

  if (status != expected || (message != NULL && strstr (f->err, message) == NULL) ||
      (message == NULL && f->err[0] != '\0'))
    g_error ("status exited with %d (expected %d); stderr:\n%s\nstdout:\n%s\nexpected in stderr: %s",
             status, expected, f->err, f->out, message != NULL ? message : "(nothing)");
  status = run (f, NULL, status_json_args);
  if (status != expected)
    g_error ("status --json exited with %d (expected %d); stderr:\n%s", status, expected, f->err);
}

static void
test_healthy (void)
{
  g_auto(Fixture) f = { 0 };

  fixture_init (&f, "{\n" COMMON "}\n");
  plant_status (&f, f.config, "running", 0, "\"monitors\": [ { \"name\": \"a()\", \"state\": \"running\" } ],");
  plant_pid_file (&f, TRUE);
  assert_status (&f, 0, NULL);
  run (&f, NULL, status_args);
  g_assert_nonnull (strstr (f.out, "Agent:           running"));
}

static void
test_monitors_failed (void)
{
  g_auto(Fixture) f = { 0 };

  fixture_init (&f, "{\n" COMMON "}\n");
  plant_status (&f, f.config, "running", 0,
                "\"monitors\": [ { \"name\": \"a()\", \"state\": \"running\" },\n"
                "  { \"name\": \"b()\", \"state\": \"failed\", \"error\": \"No monitor module named b\" } ],");
  plant_pid_file (&f, TRUE);
  assert_status (&f, 150, "1 of 2 monitors failed: b() (No monitor module named b)");
  run (&f, NULL, status_args);
  g_assert_nonnull (strstr (f.out, "Agent:           running"));
}

static void
test_stale (void)
{
  g_auto(Fixture) f = { 0 };

  fixture_init (&f, "{\n" COMMON "}\n");
  plant_status (&f, f.config, "running", 30, NULL);
  plant_pid_file (&f, TRUE);
  assert_status (&f, 151, "the status is stale");
}

static void
test_upload_failing (void)
{
  g_auto(Fixture) f = { 0 };
  g_autofree char *recent = NULL;

  fixture_init (&f, "{\n" COMMON "}\n");
  plant_pid_file (&f, TRUE);
  plant_status (&f, f.config, "running", 0, "\"uploads\": { \"error\": \"the upload service cannot load\" }, "
                "\"monitors\": [],");
  assert_status (&f, 152, "uploading is not running: the upload service cannot load");

  /* requests fail, none ever succeeded */
  plant_status (&f, f.config, "running", 0, "\"uploads\": { \"requests_ok\": 0, \"requests_failed\": 3, "
                "\"last_success\": 0, \"last_error\": \"error/server: HTTP 503\" }, \"monitors\": [],");
  assert_status (&f, 152, "the last error: error/server: HTTP 503");

  /* an error, but a success a minute ago: healthy */
  recent = g_strdup_printf ("\"uploads\": { \"requests_ok\": 9, \"requests_failed\": 1, \"last_success\": %.3f, "
                            "\"last_error\": \"error/server: HTTP 503\" }, \"monitors\": [],",
                            (double) g_get_real_time () / G_USEC_PER_SEC - 60);
  plant_status (&f, f.config, "running", 0, recent);
  assert_status (&f, 0, NULL);
}

static void
test_config_failed (void)
{
  g_auto(Fixture) f = { 0 };
  g_autofree char *path = NULL, *text = NULL, *changed = NULL;

  fixture_init (&f, "{\n" COMMON "}\n");
  plant_pid_file (&f, TRUE);
  plant_status (&f, f.config, "running", 0, NULL);
  path = path_in (&f, "data/agent-status.json");
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  {
    g_auto(GStrv) parts = g_strsplit (text, "\"last_load_ok\": true", -1);
    changed = g_strjoinv ("\"last_load_ok\": false, \"last_load_error\": \"agent.json:3:1: oops\"", parts);
  }
  g_assert_true (g_file_set_contents (path, changed, -1, NULL));
  assert_status (&f, 153, "the last reload of the configuration failed; the agent runs the one it loaded before: "
                 "agent.json:3:1: oops");
}

static void
test_dead (void)
{
  g_auto(Fixture) f = { 0 };

  fixture_init (&f, "{\n" COMMON "}\n");
  plant_status (&f, f.config, "running", 5, NULL);
  plant_pid_file (&f, FALSE);
  assert_status (&f, 1, "it ended without writing its final status (written 5 s ago) and left its pid file");
}

static void
test_not_running (void)
{
  g_auto(Fixture) f = { 0 };

  fixture_init (&f, "{\n" COMMON "}\n");
  /* never ran */
  assert_status (&f, 3, "no agent status at");
  /* ended without its final status, and without its pid file */
  plant_status (&f, f.config, "running", 5, NULL);
  assert_status (&f, 3, "the agent is not running: it ended without writing its final status");
  /* stopped cleanly (the pid file is removed then) */
  plant_status (&f, f.config, "stopped", 5, NULL);
  assert_status (&f, 3, "the agent is not running: it was stopped");
  g_assert_nonnull (strstr (f.out, "\"state\" : \"stopped\""));
}

static void
test_invalid_status_file (void)
{
  g_auto(Fixture) f = { 0 };
  g_autofree char *path = NULL;

  fixture_init (&f, "{\n" COMMON "}\n");
  path = path_in (&f, "data/agent-status.json");
  g_assert_true (g_file_set_contents (path, "{ \"pid\": ", -1, NULL));
  assert_status (&f, 4, "is not valid");
  if (geteuid () != 0)
    {
      plant_status (&f, f.config, "running", 0, NULL);
      g_assert_cmpint (chmod (path, 0), ==, 0);
      assert_status (&f, 4, "cannot read the status file");
    }
}

/* a FIFO or a link to a device where the status file (or the
 * configuration) should be: refused at once, never read (a FIFO blocked
 * `status` forever, /dev/zero filled its memory) */
static void
test_status_file_not_regular (void)
{
  g_auto(Fixture) f = { 0 };
  g_autofree char *path = NULL, *fifo_config = NULL;
  const char * const check_args[] = { "--check-config", NULL };

  fixture_init (&f, "{\n" COMMON "}\n");
  path = path_in (&f, "data/agent-status.json");
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);
  assert_status (&f, 4, "is not a regular file");
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", path), ==, 0);
  assert_status (&f, 4, "is not a regular file");

  fifo_config = path_in (&f, "fifo.json");
  g_assert_cmpint (mkfifo (fifo_config, 0644), ==, 0);
  g_assert_cmpint (run (&f, fifo_config, check_args), ==, 2);
  g_assert_nonnull (strstr (f.err, "is not a regular file"));
}

/* another configuration's agent wrote the status file (two configurations
 * sharing agent_data_path): not shown as this one's */
static void
test_other_config (void)
{
  g_auto(Fixture) f = { 0 };

  fixture_init (&f, "{\n" COMMON "}\n");
  plant_status (&f, "/etc/elsewhere/agent.json", "running", 0, NULL);
  plant_pid_file (&f, TRUE);
  assert_status (&f, 4, "is not this configuration's: it was written by an agent of /etc/elsewhere/agent.json");
  g_assert_cmpstr (f.out, ==, "");
}

/* a configuration that does not parse: its error (file:line:col), and a
 * status only if this very file's agent wrote it, saying so */
static void
test_unparsable_config (void)
{
  g_auto(Fixture) f = { 0 };
  g_autofree char *where = NULL;

  fixture_init (&f, "{\n" COMMON "  max_line_size: 5 x\n}\n");
  where = g_strdup_printf ("%s:5:19:", f.config);

  /* no status at all */
  assert_status (&f, 4, where);
  g_assert_cmpstr (f.out, ==, "");

  /* another configuration's status where this one's text points */
  plant_status (&f, "/etc/elsewhere/agent.json", "running", 0, NULL);
  plant_pid_file (&f, TRUE);
  assert_status (&f, 4, where);
  g_assert_nonnull (strstr (f.err, "No status of this configuration file can be shown"));
  g_assert_nonnull (strstr (f.err, "/etc/elsewhere/agent.json"));
  g_assert_cmpstr (f.out, ==, "");

  /* this file's running agent (started before the broken edit) */
  plant_status (&f, f.config, "running", 0, NULL);
  assert_status (&f, 153, "Showing the status written by the agent running with this very file");
  g_assert_nonnull (strstr (f.err, where));
  g_assert_nonnull (strstr (f.out, "\"running\" : true"));
}

/* a real agent of one configuration; `status` with another configuration
 * sharing its directories */
static void
test_real_agent_other_config (void)
{
  g_auto(Fixture) f = { 0 };
  g_autoptr(GSubprocess) agent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = NULL, *status_path = NULL;

  fixture_init (&f, "{\n" COMMON "  monitors: [ { module: \"test_monitor\", gauss_mean: 1 } ]\n}\n");
  other = path_in (&f, "other.json");
  g_assert_true (g_file_set_contents (other, "{\n" COMMON "}\n", -1, NULL));
  agent = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                            agent_binary, "-c", f.config, NULL);
  g_assert_no_error (error);
  status_path = path_in (&f, "data/agent-status.json");
  agent_test_wait_for (status_path, "\"state\" : \"running\"", 1, 10 * G_USEC_PER_SEC);

  assert_status (&f, 0, NULL);
  {
    const char *args[] = { "status", NULL };
    int status = run (&f, other, args);
    g_autofree char *expected = g_strdup_printf ("it was written by an agent of %s, not of %s", f.config, other);

    if (status != 4 || strstr (f.err, expected) == NULL)
      g_error ("status with the other configuration: %d, stderr:\n%s", status, f.err);
    g_assert_cmpstr (f.out, ==, "");
  }
  g_subprocess_send_signal (agent, SIGTERM);
  g_assert_true (g_subprocess_wait (agent, NULL, NULL));
  g_assert_cmpint (g_subprocess_get_exit_status (agent), ==, 0);
  assert_status (&f, 3, "it was stopped");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  agent_binary = g_getenv ("SCALYR_AGENT");
  g_assert_nonnull (agent_binary);

  g_test_add_func ("/agent-status/healthy", test_healthy);
  g_test_add_func ("/agent-status/degraded/monitors-failed", test_monitors_failed);
  g_test_add_func ("/agent-status/degraded/stale", test_stale);
  g_test_add_func ("/agent-status/degraded/upload-failing", test_upload_failing);
  g_test_add_func ("/agent-status/degraded/config-failed", test_config_failed);
  g_test_add_func ("/agent-status/dead", test_dead);
  g_test_add_func ("/agent-status/not-running", test_not_running);
  g_test_add_func ("/agent-status/unknown/invalid-status-file", test_invalid_status_file);
  g_test_add_func ("/agent-status/unknown/status-file-not-regular", test_status_file_not_regular);
  g_test_add_func ("/agent-status/unknown/other-config", test_other_config);
  g_test_add_func ("/agent-status/unknown/unparsable-config", test_unparsable_config);
  g_test_add_func ("/agent-status/real-agent/other-config", test_real_agent_other_config);
  return g_test_run ();
}
