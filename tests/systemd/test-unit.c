/* test-unit.c: the shipped unit, scalyr-agent.service: its keys, what
 * `systemd-analyze verify` says of it, and the real agent with a C, a
 * Python and a JavaScript monitor under what the kernel itself enforces of
 * its hardening (unit-exec: MemoryDenyWriteExecute= as PR_SET_MDWE, where
 * systemd's seccomp filter cannot run)
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "systemd-test-agent.h"
#include "agent-test-text.h"

#define EXIT_SKIP 77

static const char *unit_path;

static GKeyFile *
load_unit (void)
{
  GKeyFile *unit = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (unit, unit_path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return unit;
}

static void
assert_key (GKeyFile   *unit,
            const char *group,
            const char *key,
            const char *expected)
{
  g_autofree char *value = g_key_file_get_value (unit, group, key, NULL);

  if (g_strcmp0 (value, expected) != 0)
    g_error ("%s: [%s] %s=%s, expected %s", unit_path, group, key, value ? value : "(unset)",
             expected ? expected : "it unset");
}

/* what the unit must say: Type=notify with a watchdog, the fixed user, the
 * directories, the config under sysconfdir, no W^X filter, malloc for GSlice */
static void
test_keys (void)
{
  g_autoptr(GKeyFile) unit = load_unit ();
  g_autofree char *exec_start = g_strdup_printf ("%s/scalyr-agent --config %s/scalyr-agent-2/agent.json",
                                                 g_getenv ("SCALYR_UNIT_BINDIR"), g_getenv ("SCALYR_UNIT_SYSCONFDIR"));
  g_autofree char *watchdog = NULL, *text = NULL;

  assert_key (unit, "Service", "Type", "notify");
  assert_key (unit, "Service", "NotifyAccess", "main");
  assert_key (unit, "Service", "ExecStart", exec_start);
  assert_key (unit, "Service", "ExecReload", "/bin/kill -HUP $MAINPID");
  assert_key (unit, "Service", "User", "scalyr");
  assert_key (unit, "Service", "Group", "scalyr");
  assert_key (unit, "Service", "SupplementaryGroups", "adm");
  assert_key (unit, "Service", "DynamicUser", NULL);
  assert_key (unit, "Service", "MemoryDenyWriteExecute", NULL);
  assert_key (unit, "Service", "LogsDirectory", "scalyr-agent-2");
  assert_key (unit, "Service", "StateDirectory", "scalyr-agent-2");
  assert_key (unit, "Service", "ConfigurationDirectory", "scalyr-agent-2");
  /* GSlice's magazines cost the agent 80 kB of heap under GLib 2.74 */
  assert_key (unit, "Service", "Environment", "G_SLICE=always-malloc");
  /* the hardening that every monitor language runs under stays */
  assert_key (unit, "Service", "NoNewPrivileges", "yes");
  assert_key (unit, "Service", "ProtectSystem", "strict");
  assert_key (unit, "Service", "SystemCallFilter", "@system-service");
  assert_key (unit, "Service", "UMask", "0027");
  watchdog = g_key_file_get_value (unit, "Service", "WatchdogSec", NULL);
  g_assert_nonnull (watchdog);
  g_assert_true (g_regex_match_simple ("^[1-9][0-9]*s$", watchdog, 0, 0));
  g_assert_true (g_file_get_contents (unit_path, &text, NULL, NULL));
  if (g_regex_match_simple ("@[a-z_]+@", text, 0, 0))
    g_error ("%s: a @variable@ is left unsubstituted", unit_path);
}

/* systemd-analyze verify, with ExecStart naming the built agent (the
 * installed path does not exist here): no complaint at all */
static void
test_verify (void)
{
  const char *analyze = g_getenv ("SYSTEMD_ANALYZE");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *dir = NULL, *copy = NULL, *out = NULL, *err = NULL;
  g_autoptr(GRegex) exec = NULL;
  g_autofree char *replaced = NULL;
  int status;

  if (analyze == NULL || analyze[0] == '\0')
    {
      g_test_skip ("systemd-analyze is not installed (Debian package systemd)");
      return;
    }
  g_assert_true (g_file_get_contents (unit_path, &text, NULL, NULL));
  exec = g_regex_new ("^ExecStart=\\S+", G_REGEX_MULTILINE, 0, NULL);
  {
    g_autofree char *with = g_strdup_printf ("ExecStart=%s", g_getenv ("SCALYR_AGENT"));
    replaced = g_regex_replace_literal (exec, text, -1, 0, with, 0, NULL);
  }
  dir = g_dir_make_tmp ("test-unit-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (dir, "scalyr-agent.service", NULL);
  g_assert_true (g_file_set_contents (copy, replaced, -1, NULL));
  {
    /* --man=no: the Documentation= pages are this build's, not installed */
    const char *argv[] = { analyze, "verify", "--man=no", copy, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
  }
  g_unlink (copy);
  g_rmdir (dir);
  if (!g_spawn_check_wait_status (status, NULL) || err[0] != '\0')
    g_error ("systemd-analyze verify complains about the unit:\n%s%s", out, err);
}

/* a C (builtin), a Python and a JavaScript monitor */
static const char every_language[] =
  "{ module: \"test_monitor\", gauss_mean: 1, sample_interval: 0.2 },\n"
  "    { module: \"random_coin_monitor\", gauss_mean: 3, sample_interval: 0.2 },\n"
  "    { module: \"js_counter\", sample_interval: 0.25 }";
static const char c_and_python[] =
  "{ module: \"test_monitor\", gauss_mean: 1, sample_interval: 0.2 },\n"
  "    { module: \"random_coin_monitor\", gauss_mean: 3, sample_interval: 0.2 }";

static gboolean
have_languages (void)
{
  if (g_getenv ("AGENT_TEST_PYTHON_DIR") == NULL || g_getenv ("AGENT_TEST_JS_DIR") == NULL)
    {
      g_test_skip ("needs the Python and GJS loaders (suite python/js)");
      return FALSE;
    }
  return TRUE;
}

/* Runs the agent through unit-exec (with --force-mdwe when @force_mdwe);
 * returns FALSE (the test skipped) when the kernel has no PR_SET_MDWE. */
static gboolean
run_under_unit (SystemdTestAgent *a,
                const char       *monitors,
                gboolean          force_mdwe)
{
  g_autoptr(GSubprocessLauncher) launcher = systemd_test_agent_launcher ();
  g_autofree char *extra = g_strdup_printf ("additional_monitor_module_paths: \"%s:%s\",",
                                            g_getenv ("AGENT_TEST_PYTHON_DIR"), g_getenv ("AGENT_TEST_JS_DIR"));
  g_autofree char *stderr_path = NULL;
  const char *prefix[] = { g_getenv ("UNIT_EXEC"), force_mdwe ? "--force-mdwe" : unit_path,
                           force_mdwe ? unit_path : NULL, NULL };

  systemd_test_agent_init (a, monitors, extra);
  stderr_path = g_build_filename (a->dir, "stderr", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);
  systemd_test_agent_spawn (a, launcher, prefix);
  /* unit-exec says what it applied then runs the agent, or exits 77 */
  for (gint64 deadline = g_get_monotonic_time () + SYSTEMD_TEST_WAIT_US;;)
    {
      g_autofree char *said = agent_test_read_text (stderr_path);

      if (strstr (said, "unit-exec: UMask=") != NULL)
        break;
      if (g_subprocess_get_identifier (a->proc) == NULL)
        {
          g_subprocess_wait (a->proc, NULL, NULL);
          if (g_subprocess_get_if_exited (a->proc) && g_subprocess_get_exit_status (a->proc) == EXIT_SKIP)
            {
              g_test_skip (said);
              return FALSE;
            }
          g_error ("unit-exec failed: %s", said);
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("unit-exec said nothing in 20 s: %s", said);
      g_usleep (20 * 1000);
    }
  return TRUE;
}

/* Waits (40 s at most: the interpreters load slowly on a busy machine)
 * for three @needle lines in @log; fails saying so if the agent died. */
static void
wait_metric (SystemdTestAgent *a,
             const char       *log,
             const char       *needle)
{
  g_autofree char *path = g_build_filename (a->log_dir, log, NULL);
  gint64 deadline = g_get_monotonic_time () + 2 * SYSTEMD_TEST_WAIT_US;

  for (;;)
    {
      g_autofree char *text = agent_test_read_text (path);

      if (agent_test_count (text, needle) >= 3)
        return;
      if (g_subprocess_get_identifier (a->proc) == NULL)
        {
          g_autofree char *stderr_path = g_build_filename (a->dir, "stderr", NULL);
          g_autofree char *said = agent_test_read_text (stderr_path);

          g_subprocess_wait (a->proc, NULL, NULL);
          g_error ("the agent ended (wait status %d) before %s had 3 lines \"%s\" (it has %u): under the unit "
                   "some monitor language cannot run; stderr:\n%s", g_subprocess_get_status (a->proc), log, needle,
                   agent_test_count (text, needle), said);
        }
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for 3 lines \"%s\" in %s; it has:\n%s", needle, path, text);
      g_usleep (50 * 1000);
    }
}

/* the shipped unit: every language writes its metric lines */
static void
test_every_language (void)
{
  g_auto(SystemdTestAgent) a = { 0 };
  g_autofree char *stderr_text = NULL, *path = NULL;

  if (!have_languages ())
    return;
  run_under_unit (&a, every_language, FALSE);
  wait_metric (&a, "test_monitor.log", "[test_monitor()] gauss");
  wait_metric (&a, "random_coin_monitor.log", "[random_coin_monitor()] gauss");
  wait_metric (&a, "js_counter.log", "[js_counter()] total");
  path = g_build_filename (a.dir, "stderr", NULL);
  stderr_text = agent_test_read_text (path);
  /* what was applied is what the unit says */
  g_assert_nonnull (strstr (stderr_text, "unit-exec: NoNewPrivileges=yes: PR_SET_NO_NEW_PRIVS set"));
  g_assert_null (strstr (stderr_text, "PR_SET_MDWE"));
  g_assert_cmpint (systemd_test_agent_signal_and_wait (&a, SIGTERM), ==, 0);
}

/* MemoryDenyWriteExecute=yes put back: C and Python still run under it ... */
static void
test_mdwe_c_and_python (void)
{
  g_auto(SystemdTestAgent) a = { 0 };

  if (!have_languages () || !run_under_unit (&a, c_and_python, TRUE))
    return;
  wait_metric (&a, "test_monitor.log", "[test_monitor()] gauss");
  wait_metric (&a, "random_coin_monitor.log", "[random_coin_monitor()] gauss");
  g_assert_cmpint (systemd_test_agent_signal_and_wait (&a, SIGTERM), ==, 0);
}

/* ... but a JavaScript monitor (GJS's JIT) never writes a line, and takes
 * the agent, its C and Python monitors with it: the unit must not set it */
static void
test_mdwe_javascript (void)
{
  g_auto(SystemdTestAgent) a = { 0 };
  g_autofree char *js_log = NULL, *stderr_path = NULL, *stderr_text = NULL;
  gint64 deadline;

  if (!have_languages () || !run_under_unit (&a, every_language, TRUE))
    return;
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_subprocess_get_identifier (a.proc) != NULL && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  js_log = systemd_test_agent_read_log (&a, "js_counter.log");
  if (strstr (js_log, "total") != NULL)
    g_error ("the JavaScript monitor wrote metric lines under PR_SET_MDWE: does GJS no longer need W+X memory? "
             "Then MemoryDenyWriteExecute=yes could come back to the unit");
  stderr_path = g_build_filename (a.dir, "stderr", NULL);
  stderr_text = agent_test_read_text (stderr_path);
  g_test_message ("under PR_SET_MDWE the agent %s; its stderr:\n%s",
                  g_subprocess_get_identifier (a.proc) == NULL ? "died" : "still runs", stderr_text);
  g_assert_true (strstr (stderr_text, "PR_SET_MDWE(PR_MDWE_REFUSE_EXEC_GAIN) set") != NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  unit_path = g_getenv ("SCALYR_AGENT_UNIT");
  g_assert_nonnull (unit_path);
  g_test_add_func ("/systemd/unit/file/keys", test_keys);
  g_test_add_func ("/systemd/unit/file/verify", test_verify);
  g_test_add_func ("/systemd/unit/languages/shipped-unit", test_every_language);
  g_test_add_func ("/systemd/unit/languages/mdwe-c-and-python", test_mdwe_c_and_python);
  g_test_add_func ("/systemd/unit/languages/mdwe-javascript", test_mdwe_javascript);
  return g_test_run ();
}
