/* scalyr-agent: the monitoring daemon, in the foreground
 * SPDX-License-Identifier: Apache-2.0 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <scalyragent.h>

/* Exit statuses */
enum {
  EXIT_USAGE = 1,        /* bad command line */
  EXIT_BAD_CONFIG = 2,   /* the configuration does not load or check */
  EXIT_START = 3,        /* cannot start: pid file held, directories not writable */
  EXIT_NO_STATUS = 4,    /* status: no status file */
  EXIT_STATUS_DEAD = 3,  /* status: it says running, but no agent runs (LSB "not running") */
  EXIT_STATUS_STALE = 6, /* status: the agent runs but has not refreshed its status for 10 s */
  EXIT_MONITOR_FAILED = 5, /* a stop_agent_on_failure monitor died */
};

static const char usage_text[] =
  "Usage: scalyr-agent [OPTION...]                 run the agent in the foreground\n"
  "       scalyr-agent [OPTION...] --check-config  validate the configuration and exit\n"
  "       scalyr-agent [OPTION...] status [--json] show the running agent's status\n"
  "       scalyr-agent --sample-config             print a commented agent.json\n"
  "\n"
  "Runs the monitors of the agent configuration: metric lines go to\n"
  "<agent_log_path>/<module>.log, diagnostics to <agent_log_path>/agent.log.\n"
  "SIGHUP re-reads the configuration now (it is also checked every\n"
  "config_change_check_interval seconds); SIGTERM or SIGINT stops the agent.\n"
  "\n"
  "  -c, --config=PATH            the main configuration file\n"
  "                               (default " SCALYR_AGENT_CONFIG_DEFAULT_PATH ")\n"
  "      --extra-config-dir=DIR   more configuration fragments, read after agent.d\n"
  "      --check-config           load the configuration and build every monitor;\n"
  "                               print every problem and exit nonzero if any\n"
  "      --stop-timeout=SECS      how long stopping waits for the monitors\n"
  "                               (default 5)\n"
  "      --json                   (status) print the status as JSON\n"
  "      --sample-config          print a complete agent.json, every field\n"
  "                               commented out with its documentation\n"
  "  -h, --help                   show this help\n";

static int
usage_error (const char *message)
{
  fprintf (stderr, "%s\n\n%s", message, usage_text);
  return EXIT_USAGE;
}

static int
check_config (const char *config_path,
              const char *extra_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = NULL;
  gboolean ok = scalyr_agent_check_config_files (config_path, extra_dir, &config, &error);
  const char * const *warnings = scalyr_agent_config_get_warnings (config);

  /* every problem of every file, in one run */
  for (gsize i = 0; warnings[i] != NULL; i++)
    fprintf (stderr, "warning: %s\n", warnings[i]);
  if (!ok)
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_BAD_CONFIG;
    }
  printf ("Configuration OK: %u file(s), %u monitor(s)\n",
          g_strv_length ((char **) scalyr_agent_config_get_files (config)),
          json_array_get_length (scalyr_agent_config_get_monitors (config)));
  return EXIT_SUCCESS;
}

/* a cleanly stopped agent's last status is accurate: 0 */
static int
status_exit (JsonObject *o)
{
  gint64 age = json_object_get_int_member_with_default (o, "age", -1);

  if (json_object_get_boolean_member_with_default (o, "stale", FALSE))
    {
      fprintf (stderr, "scalyr-agent: the status is stale (written %" G_GINT64_FORMAT " s ago): the agent runs "
               "but does not refresh it; see agent.log\n", age);
      return EXIT_STATUS_STALE;
    }
  if (!json_object_get_boolean_member_with_default (o, "running", FALSE) &&
      g_strcmp0 (json_object_get_string_member_with_default (o, "state", ""), "stopped") != 0)
    {
      fprintf (stderr, "scalyr-agent: the agent is not running: it ended without writing its final status "
               "(written %" G_GINT64_FORMAT " s ago); see agent.log\n", age);
      return EXIT_STATUS_DEAD;
    }
  return EXIT_SUCCESS;
}

static int
show_status (const char *config_path,
             const char *extra_dir,
             gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) status = scalyr_agent_read_status (config_path, extra_dir, &error);
  g_autofree char *text = NULL;

  if (status == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return EXIT_NO_STATUS;
    }
  if (json_object_has_member (json_node_get_object (status), "config_error"))
    fprintf (stderr, "Could not parse configuration file at '%s'; showing the last status the agent wrote\n",
             config_path != NULL ? config_path : SCALYR_AGENT_CONFIG_DEFAULT_PATH);
  text = json ? json_to_string (status, TRUE) : scalyr_agent_format_status (status);
  fputs (text, stdout);
  if (json)
    fputc ('\n', stdout);
  return status_exit (json_node_get_object (status));
}

static int
run (const char *config_path,
     const char *extra_dir,
     guint       stop_timeout_ms)
{
  const struct timespec tick = { 0, 100 * 1000 * 1000 };
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
      fprintf (stderr, "Error starting the agent: %s\n", error->message);
      fprintf (stderr, "Terminating agent, please fix the configuration file and restart agent.\n");
      return error->domain == SCALYR_AGENT_CONFIG_ERROR ? EXIT_BAD_CONFIG : EXIT_START;
    }
  {
    ScalyrAgentConfig *config = scalyr_agent_get_config (agent);
    if (!scalyr_agent_config_has_api_key (config))
      fprintf (stderr, "scalyr-agent: no api_key configured: uploading is off; logs are written under %s\n",
               scalyr_agent_config_get_string (config, "agent_log_path"));
  }

  for (;;)
    {
      int sig = sigtimedwait (&signals, NULL, &tick);

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
      fprintf (stderr, "scalyr-agent: %u monitor(s) did not stop within %u ms or never finished loading; "
               "exiting without waiting for them (see agent.log)\n", stuck, stop_timeout_ms);
      fflush (NULL);
      _exit (status);
    }
  return status;
}

int
main (int   argc,
      char *argv[])
{
  enum { OPT_EXTRA = 256, OPT_CHECK, OPT_STOP_TIMEOUT, OPT_JSON, OPT_SAMPLE_CONFIG };
  static const struct option long_options[] = {
    { "config", required_argument, NULL, 'c' },
    { "extra-config-dir", required_argument, NULL, OPT_EXTRA },
    { "check-config", no_argument, NULL, OPT_CHECK },
    { "stop-timeout", required_argument, NULL, OPT_STOP_TIMEOUT },
    { "json", no_argument, NULL, OPT_JSON },
    { "sample-config", no_argument, NULL, OPT_SAMPLE_CONFIG },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  const char *config_path = NULL, *extra_dir = NULL;
  gboolean check = FALSE, json = FALSE;
  double stop_timeout = 5;
  int opt;

  opterr = 0;
  while ((opt = getopt_long (argc, argv, ":c:h", long_options, NULL)) != -1)
    {
      switch (opt)
        {
        case 'c':
          config_path = optarg;
          break;
        case OPT_EXTRA:
          extra_dir = optarg;
          break;
        case OPT_CHECK:
          check = TRUE;
          break;
        case OPT_JSON:
          json = TRUE;
          break;
        case OPT_STOP_TIMEOUT:
          {
            char *end = NULL;
            stop_timeout = g_ascii_strtod (optarg, &end);
            if (end == optarg || *end != '\0' || !(stop_timeout >= 0 && stop_timeout <= 600))
              {
                fprintf (stderr, "Invalid value for --stop-timeout: %s.  Must be a number of seconds "
                         "between 0 and 600\n", optarg);
                return EXIT_USAGE;
              }
          }
          break;
        case 'h':
          fputs (usage_text, stdout);
          return EXIT_SUCCESS;
        case OPT_SAMPLE_CONFIG:
          {
            g_autofree char *sample = scalyr_agent_config_dup_sample ();
            fputs (sample, stdout);
            return fflush (stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
          }
        case ':':
          {
            g_autofree char *message = g_strdup_printf ("Option %s needs a value.", argv[optind - 1]);
            return usage_error (message);
          }
        default:
          {
            g_autofree char *message = g_strdup_printf ("Unknown option %s.", argv[optind - 1]);
            return usage_error (message);
          }
        }
    }

  if (optind < argc)
    {
      if (!g_str_equal (argv[optind], "status") || optind + 1 < argc)
        {
          g_autofree char *message = g_strdup_printf ("Unknown command %s.", argv[optind]);
          return usage_error (message);
        }
      return show_status (config_path, extra_dir, json);
    }
  if (json)
    return usage_error ("--json goes with the status command.");
  if (check)
    return check_config (config_path, extra_dir);
  return run (config_path, extra_dir, (guint) (stop_timeout * 1000));
}
