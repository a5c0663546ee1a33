/* scalyr-run-monitor: run one monitor, metric lines on standard output
 * SPDX-License-Identifier: Apache-2.0 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib-unix.h>

#include <scalyrmon.h>

/* Exit statuses */
enum {
  EXIT_USAGE = 1,          /* bad command line or unparsable -c */
  EXIT_BAD_CONFIG = 2,     /* the monitor refused its configuration */
  EXIT_NO_MODULE = 3,      /* module not found or not loadable */
  EXIT_STUCK = 4,          /* the monitor did not stop in time */
};

#define STOP_TIMEOUT_MS 900

typedef struct {
  GMainLoop *loop;
  ScalyrMonitor *monitor;
  gboolean signalled;
} RunState;

static gboolean
on_signal (gpointer data)
{
  RunState *state = data;

  if (!state->signalled)
    {
      state->signalled = TRUE;
      fputs ("Signal received, stopping monitor...\n", stdout);
      fflush (stdout);
    }
  g_main_loop_quit (state->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_finished (gpointer data)
{
  RunState *state = data;

  if (!scalyr_monitor_is_running (state->monitor))
    g_main_loop_quit (state->loop);
  return G_SOURCE_CONTINUE;
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  fprintf (stderr, "%s\n\n%s", message, help);
  return EXIT_USAGE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_text = NULL;
  g_auto(GStrv) paths = NULL;
  double interval = 5.0;
  int debug_level = 0;
  gboolean inspect = FALSE;
  GOptionEntry entries[] = {
    { "monitor-config", 'c', 0, G_OPTION_ARG_STRING, &config_text,
      "The monitor's configuration entry, relaxed JSON (default {})", "JSON" },
    { "monitor-sample-interval", 's', 0, G_OPTION_ARG_DOUBLE, &interval,
      "Default seconds between samples (default 5); the config's sample_interval wins", "SECONDS" },
    { "monitor-module-path", 'p', 0, G_OPTION_ARG_FILENAME_ARRAY, &paths,
      "Directories holding monitor modules, ':'-separated, repeatable (default .)", "PATH" },
    { "monitor-python-path", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { "debug-level", 'd', 0, G_OPTION_ARG_INT, &debug_level,
      "Diagnostic detail, 0 to 5 (default 0; 1 or more shows DEBUG lines)", "N" },
    { "inspect", 'i', 0, G_OPTION_ARG_NONE, &inspect,
      "Describe the module (options, metrics) instead of running it", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrMonitorRegistry) registry = NULL;
  g_autoptr(ScalyrMonitorModule) module = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(ScalyrLogSink) metric_sink = NULL;
  g_autoptr(ScalyrLogSink) diagnostic_sink = NULL;
  g_autoptr(ScalyrAgentLogger) logger = NULL;
  g_autofree char *monitor_id = NULL;
  RunState state = { 0 };
  guint sigint_id, sigterm_id, check_id;
  int status = EXIT_SUCCESS;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("MODULE");
  g_option_context_set_summary (context,
                                "Runs one Scalyr monitor plugin: metric lines go to standard output, "
                                "diagnostics to standard error.\n"
                                "MODULE is a module name such as random_coin or "
                                "scalyr_agent.builtin_monitors.test_monitor.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context,
                        "You must provide the module that contains the Scalyr Monitor plugin you wish to run.");
  if (debug_level < 0 || debug_level > 5)
    {
      fprintf (stderr, "Invalid value for the --debug-level option: %d.  Must be a number between 0 and 5\n",
               debug_level);
      return EXIT_USAGE;
    }
  if (!(interval > 0))
    {
      fprintf (stderr, "Invalid value for the --monitor-sample-interval option: %g.  Must be a number of "
               "seconds greater than 0\n", interval);
      return EXIT_USAGE;
    }

  entry = scalyr_json_parse_object (config_text != NULL ? config_text : "{}", -1, &error);
  if (entry == NULL)
    {
      fprintf (stderr, "Failed to parse the monitor configuration as valid JSON: %s\n", error->message);
      return EXIT_USAGE;
    }
  json_object_set_string_member (entry, "module", argv[1]);

  registry = scalyr_monitor_registry_new ();
  if (paths == NULL)
    scalyr_monitor_registry_add_search_path (registry, ".");
  for (gsize i = 0; paths != NULL && paths[i] != NULL; i++)
    scalyr_monitor_registry_add_search_paths (registry, paths[i]);

  module = scalyr_monitor_registry_lookup (registry, argv[1], &error);
  if (module == NULL)
    {
      fprintf (stderr, "Cannot run monitor: %s\n", error->message);
      return EXIT_NO_MODULE;
    }
  if (inspect)
    {
      g_autofree char *text = scalyr_monitor_module_describe (module);
      fputs (text, stdout);
      return EXIT_SUCCESS;
    }

  /* The logger exists before the monitor so that diagnostics written while
   * it initializes go to standard error too. */
  {
    g_autoptr(ScalyrMonitorConfig) probe = scalyr_monitor_config_new (entry, NULL);
    monitor_id = scalyr_monitor_config_dup_string (probe, "id", SCALYR_CONFIG_NONE, "", NULL);
  }
  logger = scalyr_agent_logger_new (argv[1], monitor_id != NULL ? monitor_id : "");
  diagnostic_sink = scalyr_stream_sink_new_for_fd (STDERR_FILENO);
  scalyr_agent_logger_set_diagnostic_sink (logger, diagnostic_sink);
  scalyr_agent_logger_set_debug_level (logger, (guint) debug_level);

  {
    g_autoptr(ScalyrMonitorConfig) config = scalyr_monitor_config_new (entry, NULL);
    monitor = scalyr_monitor_new (scalyr_monitor_module_get_monitor_type (module), argv[1],
                                  config, logger, interval, &error);
  }
  if (monitor == NULL)
    {
      fprintf (stderr, "Invalid monitor configuration: %s\n", error->message);
      return EXIT_BAD_CONFIG;
    }

  metric_sink = scalyr_stream_sink_new_for_fd (STDOUT_FILENO);
  scalyr_monitor_open_metric_log (monitor, metric_sink);

  state.loop = g_main_loop_new (NULL, FALSE);
  state.monitor = monitor;
  sigint_id = g_unix_signal_add (SIGINT, on_signal, &state);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &state);
  check_id = g_timeout_add (100, check_finished, &state);

  if (!scalyr_monitor_start (monitor, &error))
    {
      fprintf (stderr, "Cannot start monitor: %s\n", error->message);
      status = EXIT_BAD_CONFIG;
    }
  else
    {
      g_main_loop_run (state.loop);
      if (!scalyr_monitor_stop (monitor, STOP_TIMEOUT_MS))
        {
          fprintf (stderr, "%s did not stop within %d ms (stuck in gather_sample?); exiting anyway\n",
                   scalyr_monitor_get_monitor_name (monitor), STOP_TIMEOUT_MS);
          fflush (stderr);
          _exit (EXIT_STUCK);
        }
    }

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_source_remove (check_id);
  g_main_loop_unref (state.loop);
  scalyr_log_sink_close (metric_sink);
  scalyr_log_sink_close (diagnostic_sink);
  return status;
}
