/* scalyr-run-monitor: run one monitor, metric lines on standard output
 * SPDX-License-Identifier: Apache-2.0 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <pthread.h>
#include <signal.h>

#include <glib/gi18n.h>
#include <scalyrmon.h>

#include "scalyr-tool-modules.h"
#include "scalyr-tool-options.h"

/* Exit statuses */
enum {
  EXIT_USAGE = 1,          /* bad command line or unparsable -c */
  EXIT_BAD_CONFIG = 2,     /* the monitor refused its configuration */
  EXIT_NO_MODULE = 3,      /* module not found or not loadable */
  EXIT_STUCK = 4,          /* the monitor did not stop in time, or interrupted while loading */
  EXIT_SAMPLE_FAILED = 5,  /* a sample of --once or --count failed */
};

#define STOP_TIMEOUT_MS 900
/* sent by the tool's own threads to wake the main thread from sigtimedwait()
 * (a module finished loading, the monitor's thread ended): blocked in
 * every thread like SIGINT and SIGTERM */
#define WAKE_SIGNAL SIGUSR2

/* The module is loaded and the monitor built (its initialize run) on a
 * thread of its own: a Python or JavaScript module's top level, or a
 * monitor's initialize, may never return, and nothing can interrupt it.
 * The main thread waits for it with a deadline, taking SIGINT/SIGTERM all
 * the while; when it gives up, it leaves with _exit() without waiting for
 * the thread. */
typedef struct {
  ScalyrMonitorRegistry *registry;
  const char *module_name;
  const char *monitor_id;
  JsonObject *entry;
  ScalyrAgentLogger *logger;
  double interval;
  gboolean inspect;

  pthread_t waiter;                /* woken with WAKE_SIGNAL when done */
  gint done;                       /* atomic; then the fields below are set */
  ScalyrMonitorModule *module;
  ScalyrMonitor *monitor;
  GError *error;
  int failure;                     /* the exit status of a failure */
} Load;

static void
load_module (Load *load)
{
  load->module = scalyr_monitor_registry_lookup (load->registry, load->module_name, &load->error);
  if (load->module == NULL)
    load->failure = EXIT_NO_MODULE;
  else if (!load->inspect)
    {
      g_autoptr(ScalyrMonitorConfig) config = NULL;
      g_autofree char *name = g_strdup_printf ("%s(%s)", scalyr_monitor_module_short_name (load->module_name),
                                               load->monitor_id != NULL ? load->monitor_id : "");
      g_autofree char *warning = NULL;

      /* an undeclared option of a monitor that declares its options */
      if (!scalyr_monitor_check_entry_fields (scalyr_monitor_module_get_monitor_type (load->module), load->entry,
                                              name, &warning, &load->error))
        {
          load->failure = EXIT_BAD_CONFIG;
          return;
        }
      config = scalyr_monitor_config_new (load->entry, NULL);
      load->monitor = scalyr_monitor_new (scalyr_monitor_module_get_monitor_type (load->module), load->module_name,
                                          config, load->logger, load->interval, &load->error);
      if (load->monitor == NULL)
        load->failure = EXIT_BAD_CONFIG;
      /* the warning only when no error is reported instead */
      else if (warning != NULL)
        scalyr_agent_logger_logf (load->logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__, "%s", warning);
    }
}

static gpointer
load_thread (gpointer data)
{
  Load *load = data;
  pthread_t waiter = load->waiter;   /* @load may be abandoned once done */

  load_module (load);
  g_atomic_int_set (&load->done, 1);
  pthread_kill (waiter, WAKE_SIGNAL);
  return NULL;
}

/* Runs @load on its thread and waits for it: TRUE when it is done; FALSE
 * (after saying why) past @timeout seconds or on SIGINT/SIGTERM, with
 * *@status set to the exit status. */
static gboolean
wait_for_load (Load           *load,
               double          timeout,
               const sigset_t *signals,
               int            *status)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout * G_USEC_PER_SEC);   /* at most 3600 s */
  g_autoptr(GError) error = NULL;
  GThread *thread;

  load->waiter = pthread_self ();
  thread = g_thread_try_new ("load", load_thread, load, &error);

  if (thread == NULL)
    {
      fprintf (stderr, _("Cannot run monitor: %s\n"), error->message);
      *status = EXIT_NO_MODULE;
      return FALSE;
    }
  g_thread_unref (thread);
  for (;;)
    {
      gint64 left = MAX (deadline - g_get_monotonic_time (), 0);
      struct timespec timeout_ts = { (time_t) (left / G_USEC_PER_SEC), (long) (left % G_USEC_PER_SEC) * 1000 };
      int sig = sigtimedwait (signals, NULL, &timeout_ts);   /* the load thread wakes it when done */

      if (g_atomic_int_get (&load->done))
        return TRUE;
      if (sig == SIGINT || sig == SIGTERM)
        {
          fprintf (stderr, _("Signal received while %s was loading (its import or initialize has not returned); "
                             "exiting without waiting for it\n"), load->module_name);
          *status = EXIT_STUCK;
          return FALSE;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          fprintf (stderr, _("Cannot run monitor: %s did not load within %g s: its import or its initialize did "
                             "not return (an endless loop or a blocking call at its top level?); fix the module, "
                             "or raise --load-timeout if it is only slow\n"), load->module_name, timeout);
          *status = EXIT_NO_MODULE;
          return FALSE;
        }
    }
}

typedef struct {
  ScalyrMonitor *monitor;
  pthread_t waiter;
} EndWatch;

/* Waits for the monitor's thread to end, then wakes the main thread. */
static gpointer
end_watch_thread (gpointer data)
{
  EndWatch *watch = data;

  scalyr_monitor_wait (watch->monitor, G_MAXINT64);
  pthread_kill (watch->waiter, WAKE_SIGNAL);
  g_object_unref (watch->monitor);
  g_free (watch);
  return NULL;
}

/* Waits until SIGINT or SIGTERM arrives (TRUE) or the monitor's thread ends
 * by itself (FALSE). The signals are blocked in every thread and taken here
 * synchronously: no handler, no main loop. Nothing polls: a thread waiting
 * for the monitor's end sends WAKE_SIGNAL. *@watcher is that thread (to
 * join once the monitor stopped), or NULL if it could not start (then this
 * looks every second). */
static gboolean
wait_for_signal_or_end (ScalyrMonitor  *monitor,
                        const sigset_t *signals,
                        GThread       **watcher)
{
  const struct timespec second = { 1, 0 };
  EndWatch *watch = g_new0 (EndWatch, 1);

  watch->monitor = g_object_ref (monitor);
  watch->waiter = pthread_self ();
  *watcher = g_thread_try_new ("end-watch", end_watch_thread, watch, NULL);
  if (*watcher == NULL)
    {
      g_object_unref (watch->monitor);
      g_free (watch);
    }
  for (;;)
    {
      int sig = *watcher != NULL ? sigwaitinfo (signals, NULL) : sigtimedwait (signals, NULL, &second);

      if (sig == SIGINT || sig == SIGTERM)
        return TRUE;
      if (!scalyr_monitor_is_running (monitor))
        return FALSE;
    }
}

enum {
  OPT_CONFIG = 1,
  OPT_INTERVAL,
  OPT_PATH,
  OPT_DEBUG,
  OPT_LOAD_TIMEOUT,
  OPT_INSPECT,
  OPT_ONCE,
  OPT_COUNT,
  OPT_LIST,
  OPT_NAMES,
};

static const ScalyrToolOption options[] = {
  { "monitor-config", 'c', OPT_CONFIG, SCALYR_TOOL_ARG_VALUE, N_("JSON"),
    N_("the monitor's configuration entry, relaxed\nJSON in UTF-8 (default {})"), NULL, NULL },
  { "monitor-sample-interval", 's', OPT_INTERVAL, SCALYR_TOOL_ARG_VALUE, N_("SECS"),
    N_("default seconds between samples (default 5,\ngreater than 0, at most 31536000: a year);\n"
       "the config's sample_interval wins"), NULL, NULL },
  { "monitor-module-path", 'p', OPT_PATH, SCALYR_TOOL_ARG_DIR, N_("DIR[:DIR]"),
    N_("directories of monitor modules, searched\nfirst; repeatable (default .)"), NULL, NULL },
  { "monitor-python-path", 0, OPT_PATH, SCALYR_TOOL_ARG_DIR, N_("DIR[:DIR]"), NULL, NULL, NULL },
  { "debug-level", 'd', OPT_DEBUG, SCALYR_TOOL_ARG_VALUE, N_("N"),
    N_("diagnostic detail, 0 to 5 (default 0)"), NULL, NULL },
  { "load-timeout", 0, OPT_LOAD_TIMEOUT, SCALYR_TOOL_ARG_VALUE, N_("SECS"),
    N_("how long loading the module and building the\nmonitor may take (default 30)"), NULL, NULL },
  { "inspect", 'i', OPT_INSPECT, SCALYR_TOOL_ARG_NONE, NULL,
    N_("describe the module instead of running it"), NULL, NULL },
  { "once", 0, OPT_ONCE, SCALYR_TOOL_ARG_NONE, NULL,
    N_("take one sample now, then exit (0, or 5 if the\nsample failed)"), NULL, NULL },
  { "count", 0, OPT_COUNT, SCALYR_TOOL_ARG_VALUE, N_("N"),
    N_("take N samples, one every sample interval,\nthen exit (0, or 5 if a sample failed)"), NULL, NULL },
  { "list", 0, OPT_LIST, SCALYR_TOOL_ARG_NONE, NULL,
    N_("list the modules on the search path (no MODULE)"), NULL, NULL },
  { "names", 0, OPT_NAMES, SCALYR_TOOL_ARG_NONE, NULL,
    N_("(--list) print the module names only, without\nloading the modules"), NULL, NULL },
  { NULL, 0, 0, 0, NULL, NULL, NULL, NULL }
};

static const ScalyrToolSpec spec = {
  .program = "scalyr-run-monitor",
  .usage = N_("Usage: scalyr-run-monitor [OPTION...] MODULE\n"
              "       scalyr-run-monitor [OPTION...] --list [--names]\n"
              "\n"
              "Runs one Scalyr monitor plugin: metric lines go to standard output,\n"
              "diagnostics to standard error. MODULE is a module name such as random_coin\n"
              "or scalyr_agent.builtin_monitors.test_monitor.\n"),
  .footer = N_("Exit status: 0 after a normal stop; 1 bad command line or unparsable -c;\n"
               "2 the monitor refused its configuration; 3 module not found or not loadable\n"
               "(or not loaded within --load-timeout); 4 the monitor did not stop in time,\n"
               "or SIGINT/SIGTERM came while it was still loading; 5 a sample of --once\n"
               "or --count failed.\n"),
  .options = options,
  .module_names_args = "--list --names",
  .module_path_options = "-p --monitor-module-path --monitor-python-path",
};

static int
usage_error (const char *message)
{
  return scalyr_tool_options_usage_error (&spec, message);
}

/* strtod()/strtol() over the whole argument, or FALSE */
static gboolean
parse_double (const char *text,
              double     *out)
{
  char *end = NULL;

  *out = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

/* -s: a number in the range of the common option sample_interval (greater
 * than 0 and at most a year), which the library declares */
static gboolean
parse_interval (const char *text,
                double     *out,
                double     *min,
                double     *max)
{
  g_autoptr(GPtrArray) common = scalyr_config_dup_monitor_common_options ();
  *min = 0;
  *max = G_MAXDOUBLE;
  for (guint i = 0; i < common->len; i++)
    {
      ScalyrMonitorOption *option = g_ptr_array_index (common, i);

      if (g_str_equal (scalyr_monitor_option_get_name (option), "sample_interval"))
        {
          *min = g_value_get_double (scalyr_monitor_option_get_min_value (option));
          *max = g_value_get_double (scalyr_monitor_option_get_max_value (option));
        }
    }
  return parse_double (text, out) && isfinite (*out) && *out > *min && *out <= *max;
}

/* --count: a whole number of samples, at least 1 */
static gboolean
parse_count (const char *text,
             guint      *out)
{
  guint64 n = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &n, NULL))
    return FALSE;
  *out = (guint) n;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(ScalyrToolOptions) parser = { 0 };
  const char *config_text = "{}";
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  double interval = 5.0;
  double debug_level = 0;
  double load_timeout = 30.0;
  guint count = 0;                 /* --once, --count; 0: until a signal */
  guint64 errors_before;
  Load *load;
  gboolean inspect = FALSE, list = FALSE, names = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrMonitorRegistry) registry = NULL;
  g_autoptr(ScalyrMonitorModule) module = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(ScalyrMonitor) monitor = NULL;
  g_autoptr(ScalyrLogSink) metric_sink = NULL;
  g_autoptr(ScalyrLogSink) diagnostic_sink = NULL;
  g_autoptr(ScalyrAgentLogger) logger = NULL;
  g_autofree char *monitor_id = NULL;
  sigset_t signals;
  int status = EXIT_SUCCESS;
  const char *value;
  int opt;

  scalyr_tool_init_i18n ();

  /* Blocked before anything starts a thread (loading a language loader
   * does: GJS and CPython start their own), so that every thread inherits
   * the mask and SIGINT/SIGTERM are only taken by sigtimedwait() below; one
   * arriving while the monitor loads waits there. */
  sigemptyset (&signals);
  sigaddset (&signals, SIGINT);
  sigaddset (&signals, SIGTERM);
  sigaddset (&signals, WAKE_SIGNAL);
  pthread_sigmask (SIG_BLOCK, &signals, NULL);

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
          config_text = value;
          break;
        case OPT_INTERVAL:
          {
            double min, max;

            if (!parse_interval (value, &interval, &min, &max))
              {
                fprintf (stderr, _("Invalid value for the --monitor-sample-interval option: %s.  Must be a "
                                   "number of seconds greater than %.15g and at most %.15g\n"), value, min, max);
                return EXIT_USAGE;
              }
          }
          break;
        case OPT_PATH:
          g_ptr_array_add (paths, (gpointer) value);
          break;
        case OPT_DEBUG:
          /* the range first: (int) of 1e300 or NaN is undefined */
          if (!parse_double (value, &debug_level) || !(debug_level >= 0 && debug_level <= 5) ||
              debug_level != (int) debug_level)
            {
              fprintf (stderr, _("Invalid value for the --debug-level option: %s.  Must be a number "
                                 "between 0 and 5\n"), value);
              return EXIT_USAGE;
            }
          break;
        case OPT_INSPECT:
          inspect = TRUE;
          break;
        case OPT_LOAD_TIMEOUT:
          if (!parse_double (value, &load_timeout) || !(load_timeout > 0 && load_timeout <= 3600))
            {
              fprintf (stderr, _("Invalid value for the --load-timeout option: %s.  Must be a number of seconds "
                                 "greater than 0 and at most 3600\n"), value);
              return EXIT_USAGE;
            }
          break;
        case OPT_ONCE:
          count = 1;
          break;
        case OPT_COUNT:
          if (!parse_count (value, &count))
            {
              fprintf (stderr, _("Invalid value for the --count option: %s.  Must be a whole number of samples, "
                                 "at least 1 (use --once for one sample)\n"), value);
              return EXIT_USAGE;
            }
          break;
        case OPT_LIST:
          list = TRUE;
          break;
        case OPT_NAMES:
          names = TRUE;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (names && !list)
    return usage_error (_("--names goes with --list."));

  registry = scalyr_monitor_registry_new ();
  if (paths->len == 0)
    scalyr_monitor_registry_add_search_path (registry, ".");
  for (guint i = 0; i < paths->len; i++)
    scalyr_monitor_registry_add_search_paths (registry, g_ptr_array_index (paths, i));
  if (list)
    {
      if (argc != optind)
        return usage_error (_("--list takes no MODULE."));
      scalyr_tool_list_modules (registry, names, FALSE, load_timeout);
    }

  if (argc - optind != 1)
    return usage_error (_("You must provide the module that contains the Scalyr Monitor plugin you wish to run."));
  argv += optind - 1;

  entry = scalyr_json_parse_object (config_text, -1, &error);
  if (entry == NULL)
    {
      fprintf (stderr, _("Failed to parse the monitor configuration as valid JSON: %s\n"), error->message);
      return EXIT_USAGE;
    }
  json_object_set_string_member (entry, "module", argv[1]);

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

  /* the thread keeps its own references: it may outlive this function */
  load = g_new0 (Load, 1);
  load->registry = g_object_ref (registry);
  load->module_name = argv[1];
  load->monitor_id = monitor_id;
  load->entry = json_object_ref (entry);
  load->logger = g_object_ref (logger);
  load->interval = interval;
  load->inspect = inspect;
  if (!wait_for_load (load, load_timeout, &signals, &status))
    {
      fflush (NULL);
      _exit (status);
    }
  module = g_steal_pointer (&load->module);
  monitor = g_steal_pointer (&load->monitor);
  error = g_steal_pointer (&load->error);
  status = load->failure;
  g_object_unref (load->registry);
  json_object_unref (load->entry);
  g_object_unref (load->logger);
  g_free (load);

  if (module == NULL)
    {
      fprintf (stderr, _("Cannot run monitor: %s\n"), error->message);
      return status;
    }
  if (inspect)
    {
      g_autofree char *text = scalyr_monitor_module_describe (module);
      fputs (text, stdout);
      return EXIT_SUCCESS;
    }
  if (monitor == NULL)
    {
      fprintf (stderr, _("Invalid monitor configuration: %s\n"), error->message);
      return status;
    }

  metric_sink = scalyr_stream_sink_new_for_fd (STDOUT_FILENO);
  scalyr_monitor_open_metric_log (monitor, metric_sink);

  /* --once, --count: the monitor's thread ends by itself after them */
  scalyr_monitor_set_sample_limit (monitor, count);
  errors_before = scalyr_agent_logger_get_errors (logger);
  if (!scalyr_monitor_start (monitor, &error))
    {
      fprintf (stderr, _("Cannot start monitor: %s\n"), error->message);
      status = EXIT_BAD_CONFIG;
    }
  else
    {
      GThread *watcher = NULL;

      if (wait_for_signal_or_end (monitor, &signals, &watcher))
        {
          fputs (_("Signal received, stopping monitor...\n"), stdout);
          fflush (stdout);
        }
      if (!scalyr_monitor_stop (monitor, STOP_TIMEOUT_MS))
        {
          fprintf (stderr, _("%s did not stop within %d ms (stuck in gather_sample?); exiting anyway\n"),
                   scalyr_monitor_get_monitor_name (monitor), STOP_TIMEOUT_MS);
          fflush (stderr);
          _exit (EXIT_STUCK);
        }
      if (watcher != NULL)
        g_thread_join (watcher);   /* it returns once the monitor's thread ended */
      if (count > 0 && scalyr_agent_logger_get_errors (logger) > errors_before)
        {
          fprintf (stderr, _("%s: %llu of its samples failed (see above)\n"), scalyr_monitor_get_monitor_name (monitor),
                   (unsigned long long) (scalyr_agent_logger_get_errors (logger) - errors_before));
          status = EXIT_SAMPLE_FAILED;
        }
    }

  scalyr_log_sink_close (metric_sink);
  scalyr_log_sink_close (diagnostic_sink);
  return status;
}
