/* test-notify.c: the real scalyr-agent under systemd's notify protocol
 * (Type=notify): a test-owned unix datagram socket as $NOTIFY_SOCKET
 * receives READY=1, STATUS=, RELOADING=1, WATCHDOG=1 and STOPPING=1
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>

#include "systemd-test-agent.h"
#include "agent-test-text.h"

typedef struct {
  GSocket *socket;
  char *name;         /* as NOTIFY_SOCKET gives it */
} Listener;

static void
listener_clear (Listener *l)
{
  g_clear_object (&l->socket);
  g_clear_pointer (&l->name, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Listener, listener_clear)

static void
listen_at (Listener   *l,
           const char *dir,
           gboolean    abstract)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  l->socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, 0, &error);
  g_assert_no_error (error);
  if (abstract)
    {
      g_autofree char *abstract_name = g_strdup_printf ("scalyr-test-notify-%d-%s", (int) getpid (), strrchr (dir, '-') + 1);

      address = g_unix_socket_address_new_with_type (abstract_name, -1, G_UNIX_SOCKET_ADDRESS_ABSTRACT);
      l->name = g_strconcat ("@", abstract_name, NULL);
    }
  else
    {
      l->name = g_build_filename (dir, "notify.sock", NULL);
      address = g_unix_socket_address_new (l->name);
    }
  g_socket_bind (l->socket, address, FALSE, &error);
  g_assert_no_error (error);
}

/* the next datagram, or NULL past @deadline (monotonic µs) */
static char *
next_message (Listener *l,
              gint64    deadline)
{
  char buffer[4096];
  gssize n;
  gint64 left = deadline - g_get_monotonic_time ();

  if (left <= 0 || !g_socket_condition_timed_wait (l->socket, G_IO_IN, left, NULL, NULL))
    return NULL;
  n = g_socket_receive (l->socket, buffer, sizeof buffer - 1, NULL, NULL);
  g_assert_cmpint (n, >=, 0);
  buffer[n] = '\0';
  return g_strdup (buffer);
}

/* Reads until a message holding the line @line; every message is added to
 * @seen (when not NULL). Fails naming what came when none does in 20 s. */
static char *
wait_for_line (Listener   *l,
               const char *line,
               GPtrArray  *seen)
{
  gint64 deadline = g_get_monotonic_time () + SYSTEMD_TEST_WAIT_US;
  g_autoptr(GString) got = g_string_new (NULL);

  for (;;)
    {
      char *message = next_message (l, deadline);
      g_auto(GStrv) lines = NULL;

      if (message == NULL)
        g_error ("no notification with the line \"%s\" within 20 s; received:\n%s", line, got->str);
      g_string_append_printf (got, "  [%s]\n", message);
      lines = g_strsplit (message, "\n", -1);
      if (seen != NULL)
        g_ptr_array_add (seen, g_strdup (message));
      if (g_strv_contains ((const char * const *) lines, line))
        return message;
      g_free (message);
    }
}

static GSubprocessLauncher *
notify_launcher (Listener   *l,
                 const char *watchdog_usec,
                 const char *watchdog_pid)
{
  GSubprocessLauncher *launcher = systemd_test_agent_launcher ();

  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", l->name, TRUE);
  if (watchdog_usec != NULL)
    g_subprocess_launcher_setenv (launcher, "WATCHDOG_USEC", watchdog_usec, TRUE);
  if (watchdog_pid != NULL)
    g_subprocess_launcher_setenv (launcher, "WATCHDOG_PID", watchdog_pid, TRUE);
  return launcher;
}

/* one C monitor, one that refuses its configuration, one slow to load */
static const char monitors[] =
  "{ module: \"random_coin\", sample_interval: 0.2 },\n"
  "    { module: \"misbehaving_monitor\", id: \"bad\", mode: \"fail_init\" },\n"
  "    { module: \"misbehaving_monitor\", id: \"slow\", mode: \"slow_init\" }";

static const char expected_status[] =
  "STATUS=Monitors: 2 running, 1 failed: misbehaving_monitor(bad) "
  "(misbehaving_monitor(bad): refusing to start (mode fail_init))";

static void
start_ready (SystemdTestAgent *a,
             Listener         *l,
             const char       *watchdog_usec,
             const char       *watchdog_pid,
             gboolean          abstract)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ready = NULL, *agent_log = NULL;
  gint64 spawned;

  systemd_test_agent_init (a, monitors, NULL);
  listen_at (l, a->dir, abstract);
  launcher = notify_launcher (l, watchdog_usec, watchdog_pid);
  spawned = g_get_monotonic_time ();
  systemd_test_agent_spawn (a, launcher, NULL);
  ready = wait_for_line (l, "READY=1", seen);

  /* READY=1 only once every monitor started or failed: the slow one's
   * initialize takes 2.5 s */
  g_assert_cmpint (g_get_monotonic_time () - spawned, >=, 2400 * 1000);
  agent_log = systemd_test_agent_read_log (a, "agent.log");
  g_assert_nonnull (strstr (agent_log, "Started monitor random_coin()"));
  g_assert_nonnull (strstr (agent_log, "Started monitor misbehaving_monitor(slow)"));
  g_assert_nonnull (strstr (agent_log, "Failed to start monitor misbehaving_monitor(bad)"));
  /* the status line came with it or before it, and names them */
  {
    gboolean found = FALSE;

    for (guint i = 0; i < seen->len && !found; i++)
      found = strstr (g_ptr_array_index (seen, i), expected_status) != NULL;
    if (!found)
      {
        g_autofree char *all = g_strjoinv ("]\n  [", (char **) g_ptr_array_steal (seen, NULL));
        g_error ("no \"%s\" up to READY=1; received:\n  [%s]", expected_status, all);
      }
  }
}

static void
test_ready_status (void)
{
  g_auto(SystemdTestAgent) a = { 0 };
  g_auto(Listener) l = { 0 };

  start_ready (&a, &l, NULL, NULL, FALSE);
  g_assert_cmpint (systemd_test_agent_signal_and_wait (&a, SIGTERM), ==, 0);
}

/* NOTIFY_SOCKET=@name: an abstract socket */
static void
test_abstract_socket (void)
{
  g_auto(SystemdTestAgent) a = { 0 };
  g_auto(Listener) l = { 0 };

  start_ready (&a, &l, NULL, NULL, TRUE);
  g_assert_cmpint (systemd_test_agent_signal_and_wait (&a, SIGTERM), ==, 0);
}

static gint64
monotonic_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* SIGHUP: RELOADING=1 with MONOTONIC_USEC= of the reload, then READY=1 */
static void
test_reload (void)
{
  g_auto(SystemdTestAgent) a = { 0 };
  g_auto(Listener) l = { 0 };
  g_autofree char *reloading = NULL, *ready = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 before, after, stamp = -1;

  start_ready (&a, &l, NULL, NULL, FALSE);
  before = monotonic_usec ();
  g_subprocess_send_signal (a.proc, SIGHUP);
  reloading = wait_for_line (&l, "RELOADING=1", NULL);
  after = monotonic_usec ();
  lines = g_strsplit (reloading, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "MONOTONIC_USEC="))
      stamp = g_ascii_strtoll (lines[i] + strlen ("MONOTONIC_USEC="), NULL, 10);
  if (stamp < before || stamp > after)
    g_error ("RELOADING=1 came without a MONOTONIC_USEC= of the reload (between %" G_GINT64_FORMAT " and %"
             G_GINT64_FORMAT "): [%s]", before, after, reloading);
  ready = wait_for_line (&l, "READY=1", NULL);
  g_assert_cmpint (systemd_test_agent_signal_and_wait (&a, SIGTERM), ==, 0);
}

/* WATCHDOG_USEC=400000: WATCHDOG=1 every 200 ms (half the period) or a
 * little more (the agent ticks every 100 ms), never faster */
static void
test_watchdog (void)
{
  g_auto(SystemdTestAgent) a = { 0 };
  g_auto(Listener) l = { 0 };
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 end, shortest = G_MAXINT64;
  g_autofree char *pid = NULL;

  start_ready (&a, &l, "400000", NULL, FALSE);
  end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *message = next_message (&l, end);

      if (message == NULL)
        break;
      if (g_str_equal (message, "WATCHDOG=1"))
        {
          gint64 now = g_get_monotonic_time ();
          g_array_append_val (times, now);
        }
    }
  for (guint i = 1; i < times->len; i++)
    shortest = MIN (shortest, g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1));
  g_test_message ("%u WATCHDOG=1 in 3 s, shortest gap %" G_GINT64_FORMAT " µs", times->len, shortest);
  /* at least one per period, at most one per half period */
  if (times->len < 3000 / 400 || times->len > 3000 / 200 + 1)
    g_error ("%u WATCHDOG=1 in 3 s with WATCHDOG_USEC=400000: expected one every 200 to 400 ms", times->len);
  g_assert_cmpint (shortest, >=, 150 * 1000);
  g_assert_cmpint (systemd_test_agent_signal_and_wait (&a, SIGTERM), ==, 0);

  /* a watchdog for another process (WATCHDOG_PID) is not the agent's */
  systemd_test_agent_clear (&a);
  listener_clear (&l);
  pid = g_strdup_printf ("%d", (int) getpid ());
  start_ready (&a, &l, "400000", pid, FALSE);
  end = g_get_monotonic_time () + G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *message = next_message (&l, end);

      if (message == NULL)
        break;
      if (g_str_equal (message, "WATCHDOG=1"))
        g_error ("WATCHDOG=1 sent although WATCHDOG_PID names another process");
    }
  g_assert_cmpint (systemd_test_agent_signal_and_wait (&a, SIGTERM), ==, 0);
}

/* SIGTERM: STOPPING=1, then a clean exit */
static void
test_stopping (void)
{
  g_auto(SystemdTestAgent) a = { 0 };
  g_auto(Listener) l = { 0 };
  g_autofree char *stopping = NULL;
  int status;

  start_ready (&a, &l, NULL, NULL, FALSE);
  g_subprocess_send_signal (a.proc, SIGTERM);
  stopping = wait_for_line (&l, "STOPPING=1", NULL);
  status = systemd_test_agent_signal_and_wait (&a, SIGTERM);
  g_assert_true (WIFEXITED (status) || WIFSIGNALED (status));
}

/* the monitors (in-process: Python's os.environ, GJS's GLib.getenv) and
 * the commands they run do not see NOTIFY_SOCKET and WATCHDOG_USEC */
static void
test_environment_cleared (void)
{
  g_auto(SystemdTestAgent) a = { 0 };
  g_auto(Listener) l = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *metric_log = NULL;

  systemd_test_agent_init (&a, "{ module: \"misbehaving_monitor\", mode: \"notify_env\", sample_interval: 0.2 }",
                           NULL);
  listen_at (&l, a.dir, FALSE);
  launcher = notify_launcher (&l, "400000", NULL);
  systemd_test_agent_spawn (&a, launcher, NULL);
  g_free (wait_for_line (&l, "READY=1", NULL));
  {
    g_autofree char *path = g_build_filename (a.log_dir, "misbehaving_monitor.log", NULL);
    agent_test_wait_for (path, "watchdog_in_env", 1, SYSTEMD_TEST_WAIT_US);
  }
  metric_log = systemd_test_agent_read_log (&a, "misbehaving_monitor.log");
  g_assert_nonnull (strstr (metric_log, "notify_socket_in_env 0"));
  g_assert_nonnull (strstr (metric_log, "watchdog_in_env 0"));
  g_assert_null (strstr (metric_log, "_in_env 1"));
  g_assert_cmpint (systemd_test_agent_signal_and_wait (&a, SIGTERM), ==, 0);
}

/* a NOTIFY_SOCKET the agent cannot use, or that nobody listens on: the
 * agent runs and says so in agent.log, once */
static void
test_unusable_socket (void)
{
  static const struct { const char *socket; const char *message; } cases[] = {
    { "vsock:2:1234", "NOTIFY_SOCKET=vsock:2:1234 is not a unix socket path or abstract name (@name) this agent "
                      "can use: the service manager is not told when the agent is ready" },
    { "/nonexistent/notify.sock", "Cannot notify the service manager at /nonexistent/notify.sock: "
                                  "No such file or directory" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SystemdTestAgent) a = { 0 };
      g_autoptr(GSubprocessLauncher) launcher = systemd_test_agent_launcher ();
      g_autofree char *log_path = NULL, *agent_log = NULL;

      systemd_test_agent_init (&a, "{ module: \"random_coin\", sample_interval: 0.2 }", NULL);
      g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", cases[i].socket, TRUE);
      g_subprocess_launcher_setenv (launcher, "WATCHDOG_USEC", "400000", TRUE);
      systemd_test_agent_spawn (&a, launcher, NULL);
      log_path = g_build_filename (a.log_dir, "random_coin.log", NULL);
      agent_test_wait_for (log_path, "[random_coin()] gauss", 3, SYSTEMD_TEST_WAIT_US);
      g_assert_cmpint (systemd_test_agent_signal_and_wait (&a, SIGTERM), ==, 0);
      agent_log = systemd_test_agent_read_log (&a, "agent.log");
      if (agent_test_count (agent_log, cases[i].message) != 1)
        g_error ("agent.log should say once \"%s\"; it has:\n%s", cases[i].message, agent_log);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/systemd/notify/ready-after-monitors-started", test_ready_status);
  g_test_add_func ("/systemd/notify/abstract-socket", test_abstract_socket);
  g_test_add_func ("/systemd/notify/reload", test_reload);
  g_test_add_func ("/systemd/notify/watchdog", test_watchdog);
  g_test_add_func ("/systemd/notify/stopping", test_stopping);
  g_test_add_func ("/systemd/notify/environment-cleared", test_environment_cleared);
  g_test_add_func ("/systemd/notify/unusable-socket", test_unusable_socket);
  return g_test_run ();
}
