/* systemd-test-agent.c: a real scalyr-agent in a test-owned directory
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>

#include "systemd-test-agent.h"
#include "agent-test-text.h"

void
systemd_test_agent_init (SystemdTestAgent *a,
                         const char       *monitors,
                         const char       *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  a->dir = g_dir_make_tmp ("test-systemd-XXXXXX", &error);
  g_assert_no_error (error);
  a->config = g_build_filename (a->dir, "agent.json", NULL);
  a->log_dir = g_build_filename (a->dir, "log", NULL);
  text = g_strdup_printf ("{\n"
                          "  agent_log_path: \"%s/log\",\n"
                          "  agent_data_path: \"%s/data\",\n"
                          "  implicit_metric_monitor: false,\n"
                          "  implicit_agent_process_metrics_monitor: false,\n"
                          "  %s\n"
                          "  monitors: [ %s ]\n"
                          "}\n", a->dir, a->dir, extra != NULL ? extra : "", monitors);
  g_file_set_contents (a->config, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (a->config, 0600), ==, 0);
}

/* in the child: die with the test, so that a failed test leaves no agent */
static void
die_with_parent (gpointer data)
{
  (void) data;
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocessLauncher *
systemd_test_agent_launcher (void)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  const char *module_path = g_getenv ("AGENT_TEST_MODULE_PATH");

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  if (module_path != NULL)
    g_subprocess_launcher_setenv (launcher, "SCALYR_MONITOR_PATH", module_path, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "NOTIFY_SOCKET");
  g_subprocess_launcher_unsetenv (launcher, "WATCHDOG_USEC");
  g_subprocess_launcher_unsetenv (launcher, "WATCHDOG_PID");
  g_subprocess_launcher_unsetenv (launcher, "JOURNAL_STREAM");
  return launcher;
}

void
systemd_test_agent_spawn (SystemdTestAgent    *a,
                          GSubprocessLauncher *launcher,
                          const char * const  *prefix_args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; prefix_args != NULL && prefix_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) prefix_args[i]);
  g_ptr_array_add (argv, (gpointer) g_getenv ("SCALYR_AGENT"));
  g_ptr_array_add (argv, (gpointer) "--config");
  g_ptr_array_add (argv, a->config);
  g_ptr_array_add (argv, NULL);
  g_assert_nonnull (g_getenv ("SCALYR_AGENT"));
  a->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
}

int
systemd_test_agent_signal_and_wait (SystemdTestAgent *a,
                                    int               sig)
{
  gint64 deadline = g_get_monotonic_time () + SYSTEMD_TEST_WAIT_US;
  int status;

  g_subprocess_send_signal (a->proc, sig);
  /* GLib's worker thread reaps the child: its identifier goes when it did */
  while (g_subprocess_get_identifier (a->proc) != NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the agent did not exit within 20 s of signal %d", sig);
      g_usleep (20 * 1000);
    }
  g_assert_true (g_subprocess_wait (a->proc, NULL, NULL));
  status = g_subprocess_get_status (a->proc);
  g_clear_object (&a->proc);
  return status;
}

void
systemd_test_agent_clear (SystemdTestAgent *a)
{
  if (a->proc != NULL)
    {
      g_subprocess_force_exit (a->proc);
      g_subprocess_wait (a->proc, NULL, NULL);
      g_clear_object (&a->proc);
    }
  if (a->dir != NULL && g_getenv ("TEST_AGENT_KEEP") == NULL)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", a->dir);
      g_assert_cmpint (system (command), ==, 0);
    }
  g_clear_pointer (&a->dir, g_free);
  g_clear_pointer (&a->config, g_free);
  g_clear_pointer (&a->log_dir, g_free);
}

char *
systemd_test_agent_read_log (SystemdTestAgent *a,
                             const char       *name)
{
  g_autofree char *path = g_build_filename (a->log_dir, name, NULL);

  return agent_test_read_text (path);
}
