/* scalyr-agent: the monitoring daemon, in the foreground
 * SPDX-License-Identifier: Apache-2.0 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <scalyragent.h>

#include "scalyr-tool-modules.h"
#include "scalyr-tool-options.h"

/* the longest the main loop sleeps between two ticks (the agent's own next
 * duty is sooner: its status file is refreshed every second) */
#define MAX_SLEEP_US (60 * G_USEC_PER_SEC)

/* Exit statuses of running the agent and of --check-config */
enum {
  EXIT_USAGE = 1,        /* bad command line */
  EXIT_BAD_CONFIG = 2,   /* the configuration does not load or check */
  EXIT_START = 3,        /* cannot start: pid file held, directories not writable */
  EXIT_MONITOR_FAILED = 5, /* a stop_agent_on_failure monitor died */
};

/* Exit statuses of `status`, as LSB init scripts' (0-4), then in LSB's
 * range for applications (150-199) the ways a running agent is degraded */
static const int health_exit[] = {
  [SCALYR_AGENT_HEALTH_HEALTHY] = 0,
  [SCALYR_AGENT_HEALTH_DEAD] = 1,
  [SCALYR_AGENT_HEALTH_NOT_RUNNING] = 3,
  [SCALYR_AGENT_HEALTH_UNKNOWN] = 4,
  [SCALYR_AGENT_HEALTH_MONITORS_FAILED] = 150,
  [SCALYR_AGENT_HEALTH_STALE] = 151,
  [SCALYR_AGENT_HEALTH_UPLOAD_FAILING] = 152,
  [SCALYR_AGENT_HEALTH_CONFIG_FAILED] = 153,
};

enum {
  OPT_CONFIG = 1,
  OPT_EXTRA,
  OPT_CHECK,
  OPT_STOP_TIMEOUT,
  OPT_JSON,
  OPT_NAMES,
  OPT_SAMPLE_CONFIG,
};


static const ScalyrToolOption options[] = {
  { "config", 'c', OPT_CONFIG, SCALYR_TOOL_ARG_FILE, N_("PATH"),
    N_("the main configuration file"), NULL, SCALYR_AGENT_CONFIG_DEFAULT_PATH },
  { "extra-config-dir", 0, OPT_EXTRA, SCALYR_TOOL_ARG_DIR, N_("DIR"),
    N_("more configuration fragments, read after agent.d"), NULL, NULL },
  { "check-config", 0, OPT_CHECK, SCALYR_TOOL_ARG_NONE, NULL,
    N_("load the configuration and build every monitor;\nprint every problem and exit nonzero if any"), NULL, NULL },
  { "stop-timeout", 0, OPT_STOP_TIMEOUT, SCALYR_TOOL_ARG_VALUE, N_("SECS"),
    N_("how long stopping waits for the monitors\n(default 5)"), NULL, NULL },
  { "json", 0, OPT_JSON, SCALYR_TOOL_ARG_NONE, NULL,
    N_("(status, list-monitors) print as JSON"), "status list-monitors", NULL },
  { "names", 0, OPT_NAMES, SCALYR_TOOL_ARG_NONE, NULL,
    N_("(list-monitors) print the module names only,\nwithout loading the modules"), "list-monitors", NULL },
  { "sample-config", 0, OPT_SAMPLE_CONFIG, SCALYR_TOOL_ARG_NONE, NULL,
    N_("print a complete agent.json, every field\ncommented out with its documentation"), NULL, NULL },
  { NULL, 0, 0, 0, NULL, NULL, NULL, NULL }
};

static const char * const commands[] = { "status", "list-monitors", NULL };

static const ScalyrToolSpec spec = {
  .program = "scalyr-agent",
  .usage = N_("Usage: scalyr-agent [OPTION...]                 run the agent in the foreground\n"
              "       scalyr-agent [OPTION...] --check-config  validate the configuration and exit\n"
              "       scalyr-agent [OPTION...] status [--json] show the running agent's status\n"
              "       scalyr-agent [OPTION...] list-monitors [--names|--json]\n"
              "                                                list the monitor modules found\n"
              "       scalyr-agent --sample-config             print a commented agent.json\n"
              "\n"
              "Runs the monitors of the agent configuration: metric lines go to\n"
              "<agent_log_path>/<module>.log, diagnostics to <agent_log_path>/agent.log.\n"
              "SIGHUP re-reads the configuration now (it is also checked every\n"
              "config_change_check_interval seconds); SIGTERM or SIGINT stops the agent.\n"),
  .footer = N_("Exit status: 0 after a normal stop or a good --check-config; 1 bad command\n"
               "line; 2 the configuration does not load or check; 3 cannot start (another\n"
               "agent holds the pid file, a directory is not safe or not writable); 5 a\n"
               "monitor with stop_agent_on_failure failed.\n"
               "\n"
               "Exit status of status, as LSB init scripts':\n"
               "  0    running and healthy\n"
               "  1    dead: it ended without writing its final status, its pid file is left\n"
               "  3    not running (stopped, or never started with this configuration)\n"
               "  4    unknown: the status file cannot be read, was written by the agent of\n"
               "       another configuration file, or the configuration does not load and no\n"
               "       status of this configuration file can be found\n"
               "  150  running, but one or more monitors failed\n"
               "  151  running, but its status is stale (not refreshed for 10 s)\n"
               "  152  running, but uploading fails (the upload service did not start, or\n"
               "       requests fail and none succeeded for 5 minutes)\n"
               "  153  running, but the configuration file does not load (it runs the\n"
               "       configuration it loaded before)\n"),
  .commands = commands,
  .options = options,
};

static int
usage_error (const char *message)
{
  return scalyr_tool_options_usage_error (&spec, message);
}

static int
check_config (const char *config_path,
              const char *extra_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = NULL;
  gboolean ok = scalyr_agent_check_config_files (config_path, extra_dir, &config, &error);
  const char * const *warnings = scalyr_agent_config_get_warnings (config);
  guint n_files, n_monitors;

  /* every problem of every file, in one run */
  for (gsize i = 0; warnings[i] != NULL; i++)
    fprintf (stderr, _("warning: %s\n"), warnings[i]);
  if (!ok)
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_BAD_CONFIG;
    }
  n_files = g_strv_length ((char **) scalyr_agent_config_get_files (config));
  n_monitors = json_array_get_length (scalyr_agent_config_get_monitors (config));
  printf (_("Configuration OK: %u file(s), %u monitor(s)\n"), n_files, n_monitors);
  return EXIT_SUCCESS;
}

static int
show_status (const char *config_path,
             const char *extra_dir,
             gboolean    json)
{
  g_autoptr(JsonNode) status = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;
  ScalyrAgentHealth health = scalyr_agent_read_health (config_path, extra_dir, &status, &reason);

  if (status == NULL)
    {
      fprintf (stderr, "%s\n", reason);
      return health_exit[health];
    }
  if (json_object_has_member (json_node_get_object (status), "config_error"))
    fprintf (stderr, _("The configuration file %s does not load:\n%s\nShowing the status written by the agent "
                       "running with this very file (it runs the configuration it loaded before).\n"),
             json_object_get_string_member (json_object_get_object_member (json_node_get_object (status), "config"),
                                            "path"),
             json_object_get_string_member (json_node_get_object (status), "config_error"));
  text = json ? json_to_string (status, TRUE) : scalyr_agent_format_status (status);
  fputs (text, stdout);
  if (json)
    fputc ('\n', stdout);
  if (reason != NULL)
    fprintf (stderr, "scalyr-agent: %s\n", reason);
  return health_exit[health];
}

/* every module on the search path the agent of this configuration uses */
G_NORETURN static void
list_monitors (const char *config_path,
               const char *extra_dir,
               gboolean    names_only,
               gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = scalyr_agent_config_load (
    config_path != NULL ? config_path : SCALYR_AGENT_CONFIG_DEFAULT_PATH, extra_dir, &error);
  g_autoptr(ScalyrMonitorRegistry) registry = NULL;
  double load_timeout = config != NULL ? scalyr_agent_config_get_double (config, "monitor_load_timeout") : 0;

  if (config != NULL)
    registry = scalyr_monitor_manager_new_registry (config);
  else
    {
      if (!names_only)
        fprintf (stderr, _("scalyr-agent: the configuration does not load, so its "
                           "additional_monitor_module_paths are not searched:\n%s\n"), error->message);
      registry = scalyr_monitor_registry_new ();
    }
  scalyr_tool_list_modules (registry, names_only, json, load_timeout > 0 ? load_timeout : 30);
}

static int
run (const char *config_path,
     const char *extra_dir,
     guint       stop_timeout_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgent) agent = scalyr_agent_new (config_path, extra_dir);
  sigset_t signals;
  guint stuck;
  int status = EXIT_SUCCESS;

  /* blocked before any monitor thread starts, so that all inherit the mask
   * and the signals are taken here, synchronously */
  sigemptyset (&signals);
  sigaddset (&signals, SIGINT);
  sigaddset (&signals, SIGTERM);
  sigaddset (&signals, SIGHUP);
  sigaddset (&signals, SIGUSR1);
  pthread_sigmask (SIG_BLOCK, &signals, NULL);

  scalyr_agent_set_stop_timeout (agent, stop_timeout_ms);
  if (!scalyr_agent_start (agent, &error))
    {
      fprintf (stderr, _("Error starting the agent: %s\n"), error->message);
      fprintf (stderr, _("Terminating agent, please fix the configuration file and restart agent.\n"));
      return error->domain == SCALYR_AGENT_CONFIG_ERROR ? EXIT_BAD_CONFIG : EXIT_START;
    }
  {
    ScalyrAgentConfig *config = scalyr_agent_get_config (agent);
    if (!scalyr_agent_config_has_api_key (config))
      fprintf (stderr, _("scalyr-agent: no api_key configured: uploading is off; logs are written under %s\n"),
               scalyr_agent_config_get_string (config, "agent_log_path"));
  }

  /* no fixed tick: sleep until the agent's next duty (the status file
   * every second, the configuration check...) or a signal */
  for (;;)
    {
      gint64 delay = scalyr_agent_get_next_tick_time (agent) - g_get_monotonic_time ();
      struct timespec timeout;
      int sig;

      delay = CLAMP (delay, 0, MAX_SLEEP_US);
      timeout.tv_sec = (time_t) (delay / G_USEC_PER_SEC);
      timeout.tv_nsec = (long) (delay % G_USEC_PER_SEC) * 1000;
      sig = sigtimedwait (&signals, NULL, &timeout);

      if (sig == SIGINT || sig == SIGTERM)
        break;
      if (sig == SIGHUP)
        scalyr_agent_reload (agent);
      else if (sig == SIGUSR1)
        scalyr_agent_write_status (agent, NULL);
      if (!scalyr_agent_tick (agent))
        {
          status = EXIT_MONITOR_FAILED;
          break;
        }
    }

  stuck = scalyr_agent_stop (agent);
  if (stuck > 0)
    {
      /* the stuck threads still hold their monitors (or are still
       * loading a module): leave without finalizing them or waiting for
       * them (the logs, the status and the checkpoints are written) */
      fprintf (stderr, _("scalyr-agent: %u monitor(s) did not stop within %u ms or never finished loading; "
                         "exiting without waiting for them (see agent.log)\n"), stuck, stop_timeout_ms);
      fflush (NULL);
      _exit (status);
    }
  return status;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(ScalyrToolOptions) parser = { 0 };
  const char *config_path = NULL, *extra_dir = NULL;
  gboolean check = FALSE, json = FALSE, names = FALSE;
  double stop_timeout = 5;
  const char *value;
  int opt;

  scalyr_tool_init_i18n ();
  scalyr_tool_options_init (&parser, &spec);
  while ((opt = scalyr_tool_options_next (&parser, argc, argv, &value)) != SCALYR_TOOL_OPTIONS_END)
    {
      switch (opt)
        {
        case SCALYR_TOOL_OPTIONS_EXIT_OK:
          return EXIT_SUCCESS;
        case SCALYR_TOOL_OPTIONS_EXIT_USAGE:
          return EXIT_USAGE;
        case OPT_CONFIG:
          config_path = value;
          break;
        case OPT_EXTRA:
          extra_dir = value;
          break;
        case OPT_CHECK:
          check = TRUE;
          break;
        case OPT_JSON:
          json = TRUE;
          break;
        case OPT_NAMES:
          names = TRUE;
          break;
        case OPT_STOP_TIMEOUT:
          {
            char *end = NULL;
            stop_timeout = g_ascii_strtod (value, &end);
            if (end == value || *end != '\0' || !(stop_timeout >= 0 && stop_timeout <= 600))
              {
                fprintf (stderr, _("Invalid value for --stop-timeout: %s.  Must be a number of seconds "
                                   "between 0 and 600\n"), value);
                return EXIT_USAGE;
              }
          }
          break;
        case OPT_SAMPLE_CONFIG:
          {
            g_autofree char *sample = scalyr_agent_config_dup_sample ();
            fputs (sample, stdout);
            return fflush (stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
          }
        default:
          g_assert_not_reached ();
        }
    }

  if (optind < argc)
    {
      if (optind + 1 < argc || (!g_str_equal (argv[optind], "status") && !g_str_equal (argv[optind], "list-monitors")))
        {
          g_autofree char *message = g_strdup_printf (_("Unknown command %s."), argv[optind]);
          return usage_error (message);
        }
      if (g_str_equal (argv[optind], "list-monitors"))
        list_monitors (config_path, extra_dir, names, json);
      if (names)
        return usage_error (_("--names goes with the list-monitors command."));
      return show_status (config_path, extra_dir, json);
    }
  if (json)
    return usage_error (_("--json goes with the status command."));
  if (names)
    return usage_error (_("--names goes with the list-monitors command."));
  if (check)
    return check_config (config_path, extra_dir);
  return run (config_path, extra_dir, (guint) (stop_timeout * 1000));
}
