/* test-agent-upload.c: scalyr-agent with an api_key uploads to a local addEvents server
 * SPDX-License-Identifier: Apache-2.0 */
#include "mock-addevents.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;
  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
die_with_parent (gpointer data)
{
  (void) data;
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        rm_rf (p);
      else
        g_unlink (p);
    }
  g_rmdir (path);
}

static void
test_agent_uploads (void)
{
  const char *agent = g_getenv ("SCALYR_AGENT");
  g_autofree char *dir = g_dir_make_tmp ("agent-upload-XXXXXX", NULL);
  g_autofree char *log_dir = g_build_filename (dir, "log", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *app = g_build_filename (dir, "app.log", NULL);
  g_autofree char *config = g_build_filename (dir, "agent.json", NULL);
  g_autofree char *metric_log = g_build_filename (log_dir, "test_monitor.log", NULL);
  g_autoptr(MockServer) mock = mock_server_new ("agent-test-key", TRUE);
  g_autofree char *url = mock_server_get_url (mock);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (agent);
  g_assert_true (g_file_set_contents (app, "", 0, NULL));
  g_autofree char *json = g_strdup_printf (
    "{ api_key: \"agent-test-key\", scalyr_server: \"%s\", allow_http: true,\n"
    "  agent_log_path: \"%s\", agent_data_path: \"%s\",\n"
    "  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,\n"
    "  server_attributes: { tier: \"ci\" },\n"
    "  logs: [ { path: \"%s\", parser: \"appLog\", attributes: { app: \"demo\" } } ],\n"
    "  monitors: [ { module: \"scalyr_agent.builtin_monitors.test_monitor\", gauss_mean: 5,"
    " sample_interval: 1 } ] }\n", url, log_dir, data_dir, app);
  g_assert_true (g_file_set_contents (config, json, -1, NULL));
  g_assert_cmpint (g_chmod (config, 0600), ==, 0);

  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* the agent dies with this test, also when an assertion fails */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* under the sanitizers: the agent's own leak checking (see meson.build) */
  if (g_getenv ("AGENT_ASAN_OPTIONS") != NULL)
    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", g_getenv ("AGENT_ASAN_OPTIONS"), TRUE);
  g_autoptr(GSubprocess) proc = g_subprocess_launcher_spawn (launcher, &error, agent, "--config", config, NULL);
  g_assert_no_error (error);
  run_for (500);
  FILE *fp = fopen (app, "ab");
  fputs ("first app line\nsecond app line\n", fp);
  fclose (fp);

  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GPtrArray *evs = NULL, *metrics = NULL;
  while (g_get_monotonic_time () < deadline)
    {
      evs = mock_server_get_log (mock, app);
      metrics = mock_server_get_log (mock, metric_log);
      if (evs != NULL && evs->len >= 2 && metrics != NULL && metrics->len > 0)
        break;
      run_for (100);
    }
  g_test_message ("%u requests, %" G_GUINT64_FORMAT " events, error: %s", mock_server_get_requests (mock),
                  mock_server_get_events (mock), mock_server_get_error (mock));
  g_assert_cmpstr (mock_server_get_error (mock), ==, NULL);
  g_assert_nonnull (evs);
  g_assert_nonnull (metrics);
  g_autofree char *text = mock_server_get_text (mock, app);
  g_assert_cmpstr (text, ==, "first app line\nsecond app line\n");
  MockEvent *e = evs->pdata[0];
  g_assert_cmpstr (e->parser, ==, "appLog");
  g_assert_cmpstr (json_object_get_string_member (e->attrs, "app"), ==, "demo");
  MockEvent *m = metrics->pdata[0];
  g_assert_cmpstr (m->parser, ==, "agent-metrics");
  g_assert_nonnull (strstr (m->message, "[test_monitor"));
  g_assert_cmpstr (mock_server_get_error (mock), ==, NULL);

  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  /* let the server see the agent's connection close before it is freed */
  run_for (300);
  /* the api_key never reaches agent.log */
  g_autofree char *agent_log = g_build_filename (log_dir, "agent.log", NULL);
  g_autofree char *log_text = NULL;
  g_assert_true (g_file_get_contents (agent_log, &log_text, NULL, NULL));
  g_assert_null (strstr (log_text, "agent-test-key"));
  g_autofree char *cp = g_build_filename (data_dir, "checkpoints.json", NULL);
  g_assert_true (g_file_test (cp, G_FILE_TEST_EXISTS));
  rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/agent/upload", test_agent_uploads);
  return g_test_run ();
}
