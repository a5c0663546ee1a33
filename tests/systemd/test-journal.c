/* test-journal.c: the real scalyr-agent started as systemd starts it
 * (standard error a journal stream, JOURNAL_STREAM naming it) sends its
 * diagnostics to the journal as structured entries. The journal is a
 * test-owned datagram socket at /run/systemd/journal/socket, in a private
 * mount namespace (as root; the tests skip otherwise, saying why).
 * SPDX-License-Identifier: Apache-2.0 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>

#include <scalyrmon.h>

#include "systemd-test-agent.h"
#include "agent-test-text.h"

#define JOURNAL_DIR "/run/systemd/journal"
#define JOURNAL_SOCKET JOURNAL_DIR "/socket"

static char *skip_reason;   /* why the journal cannot be replaced here */

/* Before any thread starts: a private mount namespace where a tmpfs holds
 * /run/systemd/journal (over it when it exists, else over its nearest
 * existing parent), so that the test owns the journal's socket. */
static void
private_journal (void)
{
  const char *mount_point = NULL;
  const char *candidates[] = { JOURNAL_DIR, "/run/systemd", "/run" };

  if (geteuid () != 0)
    {
      skip_reason = g_strdup ("needs root, to replace /run/systemd/journal in a private mount namespace");
      return;
    }
  if (unshare (CLONE_NEWNS) != 0)
    {
      skip_reason = g_strdup_printf ("unshare(CLONE_NEWNS) failed: %s", g_strerror (errno));
      return;
    }
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    {
      skip_reason = g_strdup_printf ("making / private in the new mount namespace failed: %s", g_strerror (errno));
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (candidates) && mount_point == NULL; i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_DIR))
      mount_point = candidates[i];
  if (mount_point == NULL || mount ("test-journal", mount_point, "tmpfs", 0, "mode=0755") != 0)
    {
      skip_reason = g_strdup_printf ("mounting a tmpfs on %s failed: %s", mount_point ? mount_point : "/run",
                                     g_strerror (errno));
      return;
    }
  if (g_mkdir_with_parents (JOURNAL_DIR, 0755) != 0)
    skip_reason = g_strdup_printf ("creating %s failed: %s", JOURNAL_DIR, g_strerror (errno));
}

typedef GPtrArray Entries;   /* of GHashTable * (field → value) */

/* The journal's native protocol: "KEY=value\n", or "KEY\n" then a 64-bit
 * little-endian length, the value and "\n" (values with newlines). */
static GHashTable *
parse_entry (const char *data,
             gsize       len)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = data, *end = data + len;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (size_t) (end - p));
      const char *eq;

      g_assert_nonnull (nl);
      eq = memchr (p, '=', (size_t) (nl - p));
      if (eq != NULL)
        {
          g_hash_table_replace (fields, g_strndup (p, (gsize) (eq - p)), g_strndup (eq + 1, (gsize) (nl - eq - 1)));
          p = nl + 1;
        }
      else
        {
          guint64 size = 0;

          g_assert_cmpint (end - (nl + 1), >=, 8);
          for (int i = 7; i >= 0; i--)
            size = size << 8 | (guint8) nl[1 + i];
          g_assert_cmpuint (size, <=, (guint64) (end - (nl + 9)));
          g_hash_table_replace (fields, g_strndup (p, (gsize) (nl - p)), g_strndup (nl + 9, (gsize) size));
          p = nl + 9 + size + 1;
        }
    }
  return fields;
}

static void
receive_all (GSocket *socket,
             Entries *entries,
             gint64   quiet_us)
{
  char *buffer = g_malloc (256 * 1024);

  while (g_socket_condition_timed_wait (socket, G_IO_IN, quiet_us, NULL, NULL))
    {
      gssize n = g_socket_receive (socket, buffer, 256 * 1024, NULL, NULL);

      g_assert_cmpint (n, >, 0);
      g_ptr_array_add (entries, parse_entry (buffer, (gsize) n));
    }
  g_free (buffer);
}

static const char *
field_of (GHashTable *entry,
          const char *name)
{
  const char *value = g_hash_table_lookup (entry, name);

  return value != NULL ? value : "";
}

static GString *
describe (Entries *entries)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      GHashTable *e = g_ptr_array_index (entries, i);
      g_string_append_printf (text, "  PRIORITY=%s MONITOR=%s MESSAGE=%s\n",
                              (char *) g_hash_table_lookup (e, "PRIORITY"),
                              (char *) g_hash_table_lookup (e, "MONITOR"),
                              (char *) g_hash_table_lookup (e, "MESSAGE"));
    }
  return text;
}

/* The entry whose MESSAGE starts with @message_prefix; fails listing all. */
static GHashTable *
find_entry (Entries    *entries,
            const char *message_prefix)
{
  g_autoptr(GString) all = NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      GHashTable *e = g_ptr_array_index (entries, i);
      if (g_str_has_prefix (field_of (e, "MESSAGE"), message_prefix))
        return e;
    }
  all = describe (entries);
  g_error ("no journal entry with a MESSAGE starting \"%s\"; the journal received:\n%s", message_prefix, all->str);
  return NULL;
}

static void
assert_field (GHashTable *entry,
              const char *field,
              const char *expected)
{
  const char *value = g_hash_table_lookup (entry, field);

  if (g_strcmp0 (value, expected) != 0)
    g_error ("the journal entry \"%s\" has %s=%s, expected %s", (char *) g_hash_table_lookup (entry, "MESSAGE"),
             field, value ? value : "(none)", expected ? expected : "(none)");
}

/* Runs the agent with standard error as systemd gives it (StandardError=
 * journal): a stream socket connected to /run/systemd/journal/stdout,
 * JOURNAL_STREAM naming its device and inode (GLib 2.74 looks at the peer,
 * later GLib at JOURNAL_STREAM); or, unless @is_journal, a file while
 * JOURNAL_STREAM names another (a unit's child with its output
 * redirected). Collects what the journal socket received until the agent
 * stopped. */
static void
run_agent (SystemdTestAgent *a,
           gboolean          is_journal,
           Entries          *entries)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL, stdout_listener = NULL, stream_client = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSubprocessLauncher) launcher = systemd_test_agent_launcher ();
  g_autofree char *stream = NULL, *log_path = NULL;
  struct stat st;

  g_unlink (JOURNAL_SOCKET);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, 0, &error);
  g_assert_no_error (error);
  address = g_unix_socket_address_new (JOURNAL_SOCKET);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);

  if (is_journal)
    {
      g_autoptr(GSocketAddress) stdout_address = g_unix_socket_address_new (JOURNAL_DIR "/stdout");

      g_unlink (JOURNAL_DIR "/stdout");
      stdout_listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, &error);
      g_assert_no_error (error);
      g_socket_bind (stdout_listener, stdout_address, FALSE, &error);
      g_assert_no_error (error);
      g_socket_listen (stdout_listener, &error);
      g_assert_no_error (error);
      stream_client = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, &error);
      g_assert_no_error (error);
      g_socket_connect (stream_client, stdout_address, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (fstat (g_socket_get_fd (stream_client), &st), ==, 0);
      g_subprocess_launcher_take_stderr_fd (launcher, dup (g_socket_get_fd (stream_client)));
    }
  else
    {
      g_autofree char *stderr_path = g_build_filename (a->dir, "stderr", NULL);
      g_autofree char *other_path = g_build_filename (a->dir, "other", NULL);

      g_assert_true (g_file_set_contents (stderr_path, "", 0, NULL));
      g_assert_true (g_file_set_contents (other_path, "", 0, NULL));
      g_assert_cmpint (g_stat (other_path, &st), ==, 0);
      g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);
    }
  stream = g_strdup_printf ("%lu:%lu", (unsigned long) st.st_dev, (unsigned long) st.st_ino);
  g_subprocess_launcher_setenv (launcher, "JOURNAL_STREAM", stream, TRUE);
  systemd_test_agent_spawn (a, launcher, NULL);

  log_path = g_build_filename (a->log_dir, "agent.log", NULL);
  agent_test_wait_for (log_path, "Failed to start monitor misbehaving_monitor(bad)", 1, SYSTEMD_TEST_WAIT_US);
  agent_test_wait_for (log_path, "Started monitor random_coin()", 1, SYSTEMD_TEST_WAIT_US);
  /* a DEBUG line (debug_level 1): the same configuration re-read */
  g_subprocess_send_signal (a->proc, SIGHUP);
  agent_test_wait_for (log_path, "Config was not different than previous", 1, SYSTEMD_TEST_WAIT_US);
  g_assert_cmpint (systemd_test_agent_signal_and_wait (a, SIGTERM), ==, 0);
  receive_all (socket, entries, 300 * 1000);
  g_unlink (JOURNAL_SOCKET);
  g_unlink (JOURNAL_DIR "/stdout");
}

static const char monitors[] =
  "{ module: \"random_coin\", sample_interval: 0.2 },\n"
  "    { module: \"misbehaving_monitor\", id: \"bad\", mode: \"fail_init\" }";

/* compat fields are accepted with a warning: a WARNING at start */
static const char extra[] = "debug_level: 1, journald_logs: [],";

static void
test_entries (void)
{
  g_auto(SystemdTestAgent) a = { 0 };
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autofree char *agent_log = NULL, *config_prefix = NULL;
  GHashTable *e;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  systemd_test_agent_init (&a, monitors, extra);
  run_agent (&a, TRUE, entries);

  /* the agent's own: INFO is 6, with where it was logged, no monitor */
  e = find_entry (entries, "Starting scalyr agent...");
  assert_field (e, "PRIORITY", "6");
  assert_field (e, "SYSLOG_IDENTIFIER", "scalyr-agent");
  assert_field (e, "SCALYR_COMPONENT", "core");
  assert_field (e, "MONITOR", NULL);
  g_assert_true (g_str_has_suffix (field_of (e, "CODE_FILE"), "scalyr-agent.c"));
  g_assert_cmpint (g_ascii_strtoll (field_of (e, "CODE_LINE"), NULL, 10), >, 0);
  /* WARNING is 4 */
  config_prefix = g_strdup_printf ("%s:", a.config);   /* "<config>:L:C: field \"journald_logs\"..." */
  e = find_entry (entries, config_prefix);
  g_assert_nonnull (strstr (g_hash_table_lookup (e, "MESSAGE"), "journald_logs"));
  assert_field (e, "PRIORITY", "4");
  /* a monitor that failed: ERROR is 3, the monitor named, the error code */
  e = find_entry (entries, "Failed to start monitor misbehaving_monitor(bad)");
  assert_field (e, "PRIORITY", "3");
  assert_field (e, "MONITOR", "misbehaving_monitor(bad)");
  assert_field (e, "SCALYR_ERROR", "failedMonitor");
  assert_field (e, "SCALYR_MODULE", "misbehaving_monitor");
  /* a monitor that started, and its own logger's lines */
  e = find_entry (entries, "Started monitor random_coin()");
  assert_field (e, "PRIORITY", "6");
  assert_field (e, "MONITOR", "random_coin()");
  e = find_entry (entries, "Monitor has finished");
  assert_field (e, "MONITOR", "random_coin()");
  assert_field (e, "SCALYR_COMPONENT", "monitor:random_coin()");
  /* DEBUG is 7 (debug_level 1) */
  e = find_entry (entries, "Config was not different than previous");
  assert_field (e, "PRIORITY", "7");

  /* agent.log keeps its own format */
  agent_log = systemd_test_agent_read_log (&a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "] [error=\"failedMonitor\"] Failed to start monitor misbehaving_monitor(bad): "
                                       "misbehaving_monitor(bad): refusing to start (mode fail_init)"));
  g_assert_true (g_regex_match_simple ("Z ERROR \\[core\\] \\[scalyr-monitor-manager\\.c:[0-9]+\\] "
                                       "\\[error=\"failedMonitor\"\\] Failed to start monitor", agent_log, 0, 0));
  g_assert_true (g_regex_match_simple ("Z INFO \\[core\\] \\[scalyr-agent\\.c:[0-9]+\\] Starting scalyr agent",
                                       agent_log, 0, 0));
  g_assert_true (g_regex_match_simple ("Z INFO \\[monitor:random_coin\\(\\)\\] \\[scalyr-monitor\\.c:[0-9]+\\] "
                                       "Monitor has finished", agent_log, 0, 0));
}

/* standard error is not the stream JOURNAL_STREAM names (a child of a
 * unit, with its output redirected): nothing goes to the journal */
static void
test_not_journal (void)
{
  g_auto(SystemdTestAgent) a = { 0 };
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autofree char *agent_log = NULL;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  systemd_test_agent_init (&a, monitors, extra);
  run_agent (&a, FALSE, entries);
  if (entries->len > 0)
    {
      g_autoptr(GString) all = describe (entries);
      g_error ("%u journal entries although standard error is not the journal:\n%s", entries->len, all->str);
    }
  agent_log = systemd_test_agent_read_log (&a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "Failed to start monitor misbehaving_monitor(bad)"));
}

static GSocket *
bind_journal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (JOURNAL_SOCKET);
  GSocket *socket;

  g_unlink (JOURNAL_SOCKET);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, 0, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  return socket;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (void) object;
  (void) pspec;
  (*(guint *) data)++;
}

/* the API an embedder uses: ScalyrAgentLogger:journal-identifier */
static void
test_logger_api (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(ScalyrAgentLogger) logger = NULL;
  g_autoptr(ScalyrLogSink) sink = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autofree char *dir = NULL, *path = NULL, *identifier = NULL, *text = NULL;
  guint notified = 0;
  GHashTable *e;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  socket = bind_journal ();
  dir = g_dir_make_tmp ("test-journal-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "agent.log", NULL);
  sink = scalyr_file_sink_new (path, 0, 0, &error);
  g_assert_no_error (error);
  logger = scalyr_agent_logger_new ("scalyr_agent.builtin_monitors.test_monitor", "x");
  scalyr_agent_logger_set_diagnostic_sink (logger, sink);
  g_signal_connect (logger, "notify::journal-identifier", G_CALLBACK (count_notify), &notified);

  /* unset: the journal gets nothing */
  g_assert_null (scalyr_agent_logger_get_journal_identifier (logger));
  scalyr_agent_logger_log (logger, SCALYR_LOG_LEVEL_WARNING, "not in the journal");
  receive_all (socket, entries, 100 * 1000);
  g_assert_cmpuint (entries->len, ==, 0);

  scalyr_agent_logger_set_journal_identifier (logger, "embedder");
  scalyr_agent_logger_set_journal_identifier (logger, "embedder");
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (logger, "journal-identifier", &identifier, NULL);
  g_assert_cmpstr (identifier, ==, "embedder");
  /* a CRITICAL with a stack trace (a value with newlines: the binary field
   * format), an error code and a position; a DEBUG at debug level 0 is not
   * written anywhere */
  scalyr_agent_logger_log_full (logger, SCALYR_LOG_LEVEL_CRITICAL, "/src/probe.c", 42, "probeFailed",
                                "Traceback:\n  line 1\n", NULL, 0, "boom");
  scalyr_agent_logger_log (logger, SCALYR_LOG_LEVEL_DEBUG, "debug at level 0");
  receive_all (socket, entries, 300 * 1000);
  g_assert_cmpuint (entries->len, ==, 1);
  e = g_ptr_array_index (entries, 0);
  assert_field (e, "MESSAGE", "boom\nTraceback:\n  line 1\n");
  assert_field (e, "PRIORITY", "2");
  assert_field (e, "SYSLOG_IDENTIFIER", "embedder");
  assert_field (e, "CODE_FILE", "/src/probe.c");
  assert_field (e, "CODE_LINE", "42");
  assert_field (e, "SCALYR_ERROR", "probeFailed");
  assert_field (e, "MONITOR", "test_monitor(x)");
  assert_field (e, "SCALYR_COMPONENT", "monitor:test_monitor(x)");
  assert_field (e, "SCALYR_MODULE", "scalyr_agent.builtin_monitors.test_monitor");
  /* the sink has both lines, in its own format */
  scalyr_log_sink_flush (sink, NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "WARNING [monitor:test_monitor(x)] [libscalyrmon:0] not in the journal"));
  g_assert_nonnull (strstr (text, "CRITICAL [monitor:test_monitor(x)] [probe.c:42] [error=\"probeFailed\"] boom "
                                  ":stack_trace:\n  Traceback:\n    line 1"));

  /* unset again: nothing more */
  scalyr_agent_logger_set_journal_identifier (logger, NULL);
  scalyr_agent_logger_log (logger, SCALYR_LOG_LEVEL_ERROR, "not in the journal either");
  receive_all (socket, entries, 100 * 1000);
  g_assert_cmpuint (entries->len, ==, 1);
  scalyr_log_sink_close (sink);
  g_unlink (path);
  g_rmdir (dir);
  g_unlink (JOURNAL_SOCKET);
}

int
main (int   argc,
      char *argv[])
{
  private_journal ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/systemd/journal/entries", test_entries);
  g_test_add_func ("/systemd/journal/not-the-journal", test_not_journal);
  g_test_add_func ("/systemd/journal/logger-api", test_logger_api);
  return g_test_run ();
}
