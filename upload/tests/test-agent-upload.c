/* test-agent-upload.c: scalyr-agent with an api_key uploads to a local addEvents server
 * SPDX-License-Identifier: Apache-2.0 */
#include "mock-addevents.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
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

static char *
maps_of (GSubprocess *proc)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/maps", g_subprocess_get_identifier (proc));
  char *maps = NULL;
  g_assert_true (g_file_get_contents (path, &maps, NULL, NULL));
  return maps;
}

/* `scalyr-agent --config CONFIG status [--json]`, which exits with
 * @expected (0 healthy, 150 a monitor failed): its stdout */
static char *
agent_status (const char *config, gboolean json, int expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) st = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, g_getenv ("SCALYR_AGENT"),
                                                "--config", config, "status", json ? "--json" : NULL, NULL);
  char *out = NULL;
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (st, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (st));
  g_assert_cmpint (g_subprocess_get_exit_status (st), ==, expected);
  return out;
}

/* the uploads.logs entry of @path in the agent's status, or NULL */
static JsonObject *
status_log (JsonNode *status, const char *path)
{
  JsonObject *o = json_node_get_object (status);
  JsonObject *up = json_object_has_member (o, "uploads") ? json_object_get_object_member (o, "uploads") : NULL;
  JsonArray *logs = up != NULL && json_object_has_member (up, "logs") ? json_object_get_array_member (up, "logs")
                                                                       : NULL;
  for (guint i = 0; logs != NULL && i < json_array_get_length (logs); i++)
    {
      JsonObject *l = json_array_get_object_element (logs, i);
      if (g_str_equal (json_object_get_string_member (l, "path"), path))
        return l;
    }
  return NULL;
}

static void
append (const char *path, const char *text)
{
  FILE *fp = fopen (path, "ab");
  g_assert_nonnull (fp);
  fputs (text, fp);
  fclose (fp);
}

/* waits until the mock has exactly @expected from @path (30 s at most) */
static void
wait_for_text (MockServer *mock, const char *path, const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_autofree char *text = NULL;
  while (g_get_monotonic_time () < deadline)
    {
      g_free (text);
      text = mock_server_get_text (mock, path);
      if (g_strcmp0 (text, expected) == 0)
        break;
      run_for (100);
    }
  g_assert_cmpstr (text, ==, expected);
}

/* the real scalyr-agent on @config */
static GSubprocess *
spawn_agent (const char *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  GSubprocess *proc;

  g_assert_nonnull (g_getenv ("SCALYR_AGENT"));
  /* the agent dies with this test, also when an assertion fails */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* under the sanitizers: the agent's own leak checking (see meson.build) */
  if (g_getenv ("AGENT_ASAN_OPTIONS") != NULL)
    g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", g_getenv ("AGENT_ASAN_OPTIONS"), TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("SCALYR_AGENT"), "--config", config, NULL);
  g_assert_no_error (error);
  return proc;
}

/* an agent.json (mode 0600: it holds the api_key) uploading @logs */
static void
write_config (const char *config, const char *url, const char *log_dir, const char *data_dir, const char *logs)
{
  g_autofree char *json = g_strdup_printf (
    "{ api_key: \"agent-test-key\", scalyr_server: \"%s\", allow_http: true,\n"
    "  agent_log_path: \"%s\", agent_data_path: \"%s\",\n"
    "  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,\n"
    "  server_attributes: { tier: \"ci\" },\n"
    "  logs: [ %s ],\n"
    "  monitors: [ { module: \"scalyr_agent.builtin_monitors.test_monitor\", gauss_mean: 5,"
    " sample_interval: 1 } ] }\n", url, log_dir, data_dir, logs);
  g_assert_true (g_file_set_contents (config, json, -1, NULL));
  g_assert_cmpint (g_chmod (config, 0600), ==, 0);
}

static void
test_agent_uploads (void)
{
  g_autofree char *dir = g_dir_make_tmp ("agent-upload-XXXXXX", NULL);
  g_autofree char *log_dir = g_build_filename (dir, "log", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *app = g_build_filename (dir, "app.log", NULL);
  g_autofree char *config = g_build_filename (dir, "agent.json", NULL);
  g_autofree char *metric_log = g_build_filename (log_dir, "test_monitor.log", NULL);
  g_autoptr(MockServer) mock = mock_server_new ("agent-test-key", TRUE);
  g_autofree char *url = mock_server_get_url (mock);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (app, "", 0, NULL));
  g_autofree char *logs = g_strdup_printf ("{ path: \"%s\", parser: \"appLog\", attributes: { app: \"demo\" } }",
                                           app);
  write_config (config, url, log_dir, data_dir, logs);

  g_autoptr(GSubprocess) proc = spawn_agent (config);
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

  /* uploading maps libsoup (through the upload service module) */
  {
    g_autofree char *maps = maps_of (proc);
    g_assert_nonnull (strstr (maps, "libscalyr-upload-service.so"));
    g_assert_nonnull (strstr (maps, "libsoup-3.0"));
  }

  /* `status` shows the upload state per log: caught up, last success */
  {
    gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    JsonObject *l = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    for (;;)
      {
        g_autofree char *out = agent_status (config, TRUE, 0);
        g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
        l = status_log (json_parser_get_root (parser), app);
        if ((l != NULL && json_object_get_int_member (l, "bytes_behind") == 0
             && json_object_get_double_member (l, "last_success") > 0) || g_get_monotonic_time () > until)
          break;
        run_for (200);
      }
    g_assert_nonnull (l);
    g_assert_cmpint (json_object_get_int_member (l, "position"), ==, strlen ("first app line\nsecond app line\n"));
    g_assert_cmpint (json_object_get_int_member (l, "bytes_behind"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (l, "skipped_bytes"), ==, 0);
    JsonObject *up = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "uploads");
    g_assert_cmpstr (json_object_get_string_member (up, "server"), ==, url);
    g_assert_cmpint (json_object_get_int_member (up, "requests_ok"), >, 0);
    /* issue 16: the figures of the uploader and of the log */
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (up, "requests"), "success"), ==,
                     json_object_get_int_member (up, "requests_ok"));
    g_assert_cmpint (json_object_get_int_member (up, "bytes_compressed"), >=, json_object_get_int_member (up, "bytes_sent"));
    g_assert_cmpint (json_object_get_int_member (up, "bytes_uncompressed"), >, 0);
    g_assert_cmpfloat (json_object_get_double_member (up, "backoff_seconds"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (l, "bytes_read"), ==, strlen ("first app line\nsecond app line\n"));
    g_assert_cmpint (json_object_get_int_member (l, "rotations"), ==, 0);

    g_autofree char *text_status = agent_status (config, FALSE, 0);
    g_test_message ("%s", text_status);
    g_assert_nonnull (strstr (text_status, "Uploads:"));
    g_autofree char *line = g_strdup_printf ("  %s: position %zu of %zu, 0 bytes behind, last success 20", app,
                                             strlen ("first app line\nsecond app line\n"),
                                             strlen ("first app line\nsecond app line\n"));
    g_assert_nonnull (strstr (text_status, line));
    g_assert_nonnull (strstr (text_status, " network error, 0 server error, 0 client error, 0 throttled, 0 too large\n"));
    g_assert_nonnull (strstr (text_status, " bytes before compression, "));
    g_autofree char *read_line = g_strdup_printf ("    %zu bytes read, 0 rotations\n",
                                                  strlen ("first app line\nsecond app line\n"));
    g_assert_nonnull (strstr (text_status, read_line));
  }

  /* SIGHUP with a new logs section: the uploader takes it; nothing lost or
   * sent twice around the restart */
  {
    g_autofree char *app2 = g_build_filename (dir, "other.log", NULL);
    g_autofree char *logs2 = g_strdup_printf ("%s, { path: \"%s\", parser: \"otherLog\" }", logs, app2);
    g_assert_true (g_file_set_contents (app2, "", 0, NULL));
    append (app, "third app line\n");
    write_config (config, url, log_dir, data_dir, logs2);
    g_subprocess_send_signal (proc, SIGHUP);
    run_for (1500);
    append (app, "fourth app line\n");
    append (app2, "other line\n");
    wait_for_text (mock, app2, "other line\n");
    wait_for_text (mock, app, "first app line\nsecond app line\nthird app line\nfourth app line\n");
    GPtrArray *others = mock_server_get_log (mock, app2);
    g_assert_cmpstr (((MockEvent *) others->pdata[0])->parser, ==, "otherLog");
    g_assert_cmpstr (mock_server_get_error (mock), ==, NULL);
  }

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

/* A file of `logs` the agent may not read (a FIFO: root reads any
 * regular file): one warning in agent.log, and `status` names it with the
 * reason, in JSON and as text; the agent does not hang on it. */
static void
test_agent_unreadable_log (void)
{
  g_autofree char *dir = g_dir_make_tmp ("agent-upload-XXXXXX", NULL);
  g_autofree char *log_dir = g_build_filename (dir, "log", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.log", NULL);
  g_autofree char *config = g_build_filename (dir, "agent.json", NULL);
  g_autoptr(MockServer) mock = mock_server_new ("agent-test-key", TRUE);
  g_autofree char *url = mock_server_get_url (mock);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_autofree char *logs = g_strdup_printf ("{ path: \"%s\" }", fifo);
  write_config (config, url, log_dir, data_dir, logs);
  g_autoptr(GSubprocess) proc = spawn_agent (config);

  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *unreadable = NULL;
  gint64 until = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    {
      run_for (300);
      g_autofree char *out = agent_status (config, TRUE, 0);
      if (!json_parser_load_from_data (parser, out, -1, NULL))
        continue;
      JsonObject *root = json_node_get_object (json_parser_get_root (parser));
      JsonObject *up = json_object_has_member (root, "uploads") ? json_object_get_object_member (root, "uploads") : NULL;
      unreadable = up != NULL && json_object_has_member (up, "unreadable_logs")
                   ? json_object_get_array_member (up, "unreadable_logs") : NULL;
      if (unreadable != NULL && json_array_get_length (unreadable) > 0)
        break;
    }
  g_assert_nonnull (unreadable);
  g_assert_cmpuint (json_array_get_length (unreadable), ==, 1);
  JsonObject *u = json_array_get_object_element (unreadable, 0);
  g_assert_cmpstr (json_object_get_string_member (u, "path"), ==, fifo);
  g_assert_cmpstr (json_object_get_string_member (u, "reason"), ==, "not a regular file (a FIFO)");
  g_autofree char *text_status = agent_status (config, FALSE, 0);
  g_autofree char *line = g_strdup_printf ("  %s: NOT COPIED: not a regular file (a FIFO)\n", fifo);
  g_assert_nonnull (strstr (text_status, line));
  run_for (1500);   /* rescans: still one warning */

  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  run_for (300);
  g_autofree char *agent_log = g_build_filename (log_dir, "agent.log", NULL);
  g_autofree char *log_text = NULL;
  g_assert_true (g_file_get_contents (agent_log, &log_text, NULL, NULL));
  g_autofree char *what = g_strdup_printf ("log file %s cannot be copied: not a regular file (a FIFO); it is "
                                           "skipped until it can be read (fix its type or permissions for the "
                                           "agent's user)", fifo);
  const char *first = strstr (log_text, what);
  g_assert_nonnull (first);
  g_assert_null (strstr (first + 1, what));
  rm_rf (dir);
}

/* max_line_size below the uploader's least (16 bytes; the schema allows
 * from 1, as the reference): the agent says so in agent.log rather than
 * raising it without a word */
static void
test_agent_small_max_line_size (void)
{
  g_autofree char *dir = g_dir_make_tmp ("agent-upload-XXXXXX", NULL);
  g_autofree char *log_dir = g_build_filename (dir, "log", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *config = g_build_filename (dir, "agent.json", NULL);
  g_autofree char *agent_log = g_build_filename (log_dir, "agent.log", NULL);
  g_autoptr(MockServer) mock = mock_server_new ("agent-test-key", TRUE);
  g_autofree char *url = mock_server_get_url (mock);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *log_text = NULL;
  gint64 until = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  write_config (config, url, log_dir, data_dir, "");
  g_setenv ("SCALYR_MAX_LINE_SIZE", "7", TRUE);
  proc = spawn_agent (config);
  g_unsetenv ("SCALYR_MAX_LINE_SIZE");
  while (g_get_monotonic_time () < until)
    {
      run_for (200);
      g_clear_pointer (&log_text, g_free);
      if (g_file_get_contents (agent_log, &log_text, NULL, NULL)
          && strstr (log_text, "max_line_size 7 is below the uploader's least, 16 bytes") != NULL)
        break;
    }
  g_assert_nonnull (log_text);
  g_assert_nonnull (strstr (log_text, "max_line_size 7 is below the uploader's least, 16 bytes: lines are cut at "
                                      "16 bytes; set max_line_size to 16 or more"));
  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  rm_rf (dir);
}

/* Pay only for what you use: without an api_key the agent never maps the
 * uploader nor libsoup; status says uploading is off. */
static void
test_agent_no_upload (void)
{
  g_autofree char *dir = g_dir_make_tmp ("agent-noupload-XXXXXX", NULL);
  g_autofree char *log_dir = g_build_filename (dir, "log", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *config = g_build_filename (dir, "agent.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{ agent_log_path: \"%s\", agent_data_path: \"%s\",\n"
    "  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,\n"
    "  monitors: [ { module: \"scalyr_agent.builtin_monitors.test_monitor\", sample_interval: 1 } ] }\n",
    log_dir, data_dir);
  g_assert_true (g_file_set_contents (config, json, -1, NULL));

  g_autoptr(GSubprocess) proc = spawn_agent (config);
  g_autofree char *status_file = g_build_filename (data_dir, "agent-status.json", NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_file_test (status_file, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    run_for (50);
  run_for (300);
  {
    g_autofree char *maps = maps_of (proc);
    g_assert_nonnull (strstr (maps, "libscalyrmon-1.so"));
    g_assert_null (strstr (maps, "libsoup"));
    g_assert_null (strstr (maps, "libscalyrmon-upload"));
  }
  g_autofree char *text_status = agent_status (config, FALSE, 150);
  g_assert_nonnull (strstr (text_status, "Uploading:       off (no api_key)"));
  g_assert_null (strstr (text_status, "Uploads:"));
  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  rm_rf (dir);
}

/* --check-config with an api_key: the upload service checks the logs
 * entries too, every problem listed with the entry's index */
static void
test_agent_check_config (void)
{
  g_autofree char *dir = g_dir_make_tmp ("agent-check-XXXXXX", NULL);
  g_autofree char *config = g_build_filename (dir, "agent.json", NULL);
  g_autofree char *log_dir = g_build_filename (dir, "log", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  write_config (config, "http://127.0.0.1:9", log_dir, data_dir,
                "{ path: \"/var/log/a.log\", exclude: \"*.gz\" }, { path: \"/var/log/b.log\" },"
                " { path: \"/var/log/c.log\", redaction_rules: [ { match_expression: \"(unclosed\" } ] }");
  g_autoptr(GSubprocess) bad = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                 &error, g_getenv ("SCALYR_AGENT"), "--config", config,
                                                 "--check-config", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (bad, NULL, NULL, &out, &err, &error));
  g_test_message ("%s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (bad), ==, 2);
  g_assert_nonnull (strstr (err, "logs[0]: "));
  g_assert_nonnull (strstr (err, "\"exclude\""));
  g_assert_null (strstr (err, "logs[1]"));
  g_assert_nonnull (strstr (err, "logs[2]: "));
  g_assert_nonnull (strstr (err, "match_expression"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  write_config (config, "http://127.0.0.1:9", log_dir, data_dir, "{ path: \"/var/log/b.log\" }");
  g_autoptr(GSubprocess) good = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                  &error, g_getenv ("SCALYR_AGENT"), "--config", config,
                                                  "--check-config", NULL);
  g_assert_true (g_subprocess_communicate_utf8 (good, NULL, NULL, &out, &err, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (good), ==, 0);
  g_assert_nonnull (strstr (out, "Configuration OK"));
  rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/agent/upload", test_agent_uploads);
  g_test_add_func ("/agent/no-upload", test_agent_no_upload);
  g_test_add_func ("/agent/unreadable-log", test_agent_unreadable_log);
  g_test_add_func ("/agent/check-config-logs", test_agent_check_config);
  g_test_add_func ("/agent/small-max-line-size", test_agent_small_max_line_size);
  return g_test_run ();
}
