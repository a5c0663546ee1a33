/* scalyr-agent.c: the monitoring daemon (config, monitors, reload, status)
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "scalyr-agent.h"
#include "scalyr-agent-private.h"
#include "scalyr-agent-telemetry-private.h"
#include "scalyr-agent-systemd-private.h"
#include "scalyr-agent-secrets-private.h"
#include "scalyr-agent-dirs-private.h"
#include "scalyr-agent-config-private.h"
#include "scalyr-clamp-private.h"
#include <scalyrmon.h>
#include "scalyr-i18n-private.h"

/**
 * ScalyrAgent:
 *
 * The daemon behind `scalyr-agent`: loads the configuration, holds the pid
 * file `<agent_log_path>/agent.pid` (with an exclusive `flock`), writes its
 * diagnostics and those of the monitors to `<agent_log_path>/agent.log`
 * (rotated like the metric logs, rate limited to 2000 bytes/s with bursts
 * of 100000), runs the monitors with a #ScalyrMonitorManager and keeps a
 * status file `<agent_data_path>/agent-status.json` up to date.
 *
 * The caller drives it: scalyr_agent_tick() when
 * scalyr_agent_get_next_tick_time() says (it re-reads the configuration
 * every `config_change_check_interval` seconds and refreshes the status
 * file every second; before 0.5 callers ticked every 100 ms or so, which
 * still works), scalyr_agent_reload() on SIGHUP, scalyr_agent_stop() on
 * SIGTERM. A new configuration that fails
 * to load is reported once (until a good one is seen) and the running
 * monitors are left alone.
 *
 * Thread safety: an agent belongs to the thread that created it (the main
 * thread of `scalyr-agent`): call scalyr_agent_start(), scalyr_agent_tick(),
 * scalyr_agent_reload(), scalyr_agent_write_status() and scalyr_agent_stop()
 * from that thread only. Its monitors run on threads of their own.
 * scalyr_agent_read_status() and scalyr_agent_format_status() may be
 * called from any thread.
 *
 * Since: 0.1
 */

/* while a monitor's module loads, how often scalyr_agent_tick() looks
 * whether it is done (to start the monitor) */
#define LOAD_POLL_US (100 * 1000)
/* duties due within this much of a tick are done in it, so that they
 * share one wake-up instead of drifting apart */
#define TICK_SLACK_US (50 * 1000)
/* the shortest config_change_check_interval that scalyr_agent_tick() keeps */
#define MIN_CHECK_INTERVAL_US (100 * 1000)

G_DEFINE_QUARK (scalyr-agent-error-quark, scalyr_agent_error)

G_DEFINE_FINAL_TYPE (ScalyrAgent, scalyr_agent, G_TYPE_OBJECT)

static void
scalyr_agent_finalize (GObject *object)
{
  ScalyrAgent *self = SCALYR_AGENT (object);

  if (!self->stopped && self->manager != NULL)
    scalyr_agent_stop (self);
  g_free (self->config_path);
  g_free (self->extra_config_dir);
  g_clear_object (&self->config);
  g_clear_object (&self->manager);
  g_clear_object (&self->logger);
  g_clear_object (&self->agent_log);
  g_free (self->pid_path);
  g_free (self->status_path);
  g_free (self->last_load_error);
  g_clear_object (&self->upload);
  g_clear_object (&self->upload_logger);
  g_free (self->upload_error);
  scalyr_agent_telemetry_clear (self);
  if (self->pid_fd >= 0)
    close (self->pid_fd);
  g_clear_pointer (&self->notify, scalyr_agent_notify_free);
  g_free (self->notify_problem);
  G_OBJECT_CLASS (scalyr_agent_parent_class)->finalize (object);
}

static void
scalyr_agent_class_init (ScalyrAgentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = scalyr_agent_finalize;
}

static void
scalyr_agent_init (ScalyrAgent *self)
{
  self->pid_fd = -1;
  self->stop_timeout_ms = 5000;
}

/**
 * scalyr_agent_new:
 * @config_path: (type filename) (nullable): the main configuration file;
 *   %NULL for %SCALYR_AGENT_CONFIG_DEFAULT_PATH
 * @extra_config_dir: (type filename) (nullable): the extra fragment
 *   directory, or %NULL
 *
 * Returns: (transfer full): an agent, not started yet
 *
 * Since: 0.1
 */
ScalyrAgent *
scalyr_agent_new (const char *config_path,
                  const char *extra_config_dir)
{
  ScalyrAgent *self = g_object_new (SCALYR_TYPE_AGENT, NULL);

  self->config_path = g_canonicalize_filename (config_path != NULL ? config_path
                                                                   : SCALYR_AGENT_CONFIG_DEFAULT_PATH, NULL);
  self->extra_config_dir = g_strdup (extra_config_dir);
  return self;
}

/**
 * scalyr_agent_set_stop_timeout:
 * @self: a #ScalyrAgent
 * @timeout_ms: how long stopping (or restarting) waits for the monitors
 *
 * Sets the bound on stopping the monitors (default 5000 ms); see
 * #ScalyrMonitorManager:stop-timeout.
 *
 * Since: 0.1
 */
void
scalyr_agent_set_stop_timeout (ScalyrAgent *self,
                               guint        timeout_ms)
{
  g_return_if_fail (SCALYR_IS_AGENT (self));
  self->stop_timeout_ms = timeout_ms;
  if (self->manager != NULL)
    scalyr_monitor_manager_set_stop_timeout (self->manager, timeout_ms);
}

/**
 * scalyr_agent_get_config:
 * @self: a #ScalyrAgent
 *
 * Returns: (transfer none) (nullable): the running configuration
 *
 * Since: 0.1
 */
ScalyrAgentConfig *
scalyr_agent_get_config (ScalyrAgent *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT (self), NULL);
  return self->config;
}

static void
log_warnings (ScalyrAgent       *self,
              ScalyrAgentConfig *config)
{
  const char * const *warnings = scalyr_agent_config_get_warnings (config);
  const char * const *skipped = scalyr_agent_config_get_skipped (config);

  for (gsize i = 0; warnings[i] != NULL; i++)
    scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                  NULL, NULL, NULL, 0, warnings[i]);
  for (gsize i = 0; skipped[i] != NULL; i++)
    scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                  NULL, NULL, NULL, 0, skipped[i]);
}

/* monitor_load_timeout, in the manager's milliseconds (the schema bounds it) */
static void
update_load_timeout (ScalyrAgent       *self,
                     ScalyrAgentConfig *config)
{
  double seconds = scalyr_agent_config_get_double (config, "monitor_load_timeout");

  scalyr_monitor_manager_set_load_timeout (self->manager, scalyr_clamp_double_to_uint (seconds * 1000, 0, 3600000));
}

/* Uploading is a service in its own module, loaded on the first
 * configuration with an api_key: an agent that only runs monitors never
 * maps libsoup. A later configuration without an api_key stops it. */
static void
update_upload (ScalyrAgent *self)
{
  g_autoptr(GError) error = NULL;

  if (!scalyr_agent_config_has_api_key (self->config))
    {
      if (self->upload != NULL)
        {
          scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__, NULL, NULL,
                                        NULL, 0, _("No api_key in the new configuration: uploading stops"));
          scalyr_agent_service_stop (self->upload);
          g_clear_object (&self->upload);
        }
      g_clear_pointer (&self->upload_error, g_free);
      return;
    }
  if (self->upload != NULL)
    {
      scalyr_agent_service_reconfigure (self->upload, self->config);
      return;
    }
  if (self->upload_logger == NULL)
    {
      self->upload_logger = scalyr_agent_logger_new ("scalyr_agent.copying_manager", "");
      scalyr_agent_logger_set_diagnostic_sink (self->upload_logger, self->agent_log);
      scalyr_agent_logger_set_journal_identifier (self->upload_logger,
                                                  scalyr_agent_systemd_journal_identifier (self));
    }
  scalyr_agent_logger_set_debug_level (self->upload_logger,
                                       (guint) scalyr_agent_config_get_int (self->config, "debug_level"));
  self->upload = scalyr_agent_service_load ("upload", &error);
  if (self->upload != NULL && !scalyr_agent_service_start (self->upload, self->config, self->upload_logger, &error))
    g_clear_object (&self->upload);
  g_clear_pointer (&self->upload_error, g_free);
  if (self->upload == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Uploading is not running: %s"), error->message);
      scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_ERROR, __FILE__, __LINE__, "uploadNotStarted",
                                    NULL, NULL, 0, message);
      self->upload_error = g_strdup (error->message);
    }
}

/**
 * scalyr_agent_start:
 * @self: a #ScalyrAgent
 * @error: return location for a #GError
 *
 * Loads the configuration (every problem is in @error, `file:line:col:`
 * each), creates the log and data directories, takes the pid file, opens
 * `agent.log`, starts the monitors and writes the first status.
 *
 * Since 0.2 it refuses (%SCALYR_AGENT_ERROR_FILES, naming the directory
 * and the fix) a log or data directory that a user other than root and
 * the agent's user could change: each directory from it up to `/` must be
 * owned by root or the agent's user and not writable by group or others
 * (a sticky ancestor such as `/tmp` is accepted, the directory itself
 * never is), as OpenSSH's StrictModes. A reload that moves them checks the
 * new ones the same way. A link, FIFO or device where the agent writes a
 * file is refused too.
 *
 * Since 0.3, under a service manager (systemd's `Type=notify`: the
 * environment has `NOTIFY_SOCKET`) the agent sends `READY=1` once no
 * monitor is loading any more (see scalyr_agent_tick()), `STATUS=` lines
 * naming the running and failed monitors, `STOPPING=1` from
 * scalyr_agent_stop(), and with `WATCHDOG_USEC` (for this process) the
 * watchdog's `WATCHDOG=1` from scalyr_agent_tick(). It removes
 * `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from the environment,
 * as sd_notify() may, so that the monitors and the commands they run do
 * not see them: call it before starting other threads that read the
 * environment. When its standard error is the journal
 * (g_log_writer_is_journald()), every diagnostic written to `agent.log` also
 * goes to the journal, with the fields of
 * #ScalyrAgentLogger:journal-identifier.
 *
 * Returns: %TRUE if the agent runs
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_start (ScalyrAgent *self,
                    GError     **error)
{
  const char *log_dir, *data_dir;
  g_autofree char *agent_log_path = NULL;

  g_return_val_if_fail (SCALYR_IS_AGENT (self), FALSE);
  g_return_val_if_fail (self->config == NULL, FALSE);

  self->last_load_time = g_get_real_time ();
  scalyr_agent_systemd_setup (self);
  scalyr_agent_secrets_take_api_key_env ();
  self->config = scalyr_agent_config_load (self->config_path, self->extra_config_dir, error);
  if (self->config == NULL)
    return FALSE;
  scalyr_agent_secrets_protect (self->config);

  log_dir = scalyr_agent_config_get_string (self->config, "agent_log_path");
  data_dir = scalyr_agent_config_get_string (self->config, "agent_data_path");
  if (!scalyr_agent_dirs_prepare_config (NULL, self->config, error))
    return FALSE;
  self->pid_path = g_build_filename (log_dir, "agent.pid", NULL);
  self->status_path = g_build_filename (data_dir, STATUS_FILE, NULL);
  if (!scalyr_agent_take_pid_file (self, error))
    return FALSE;

  agent_log_path = g_build_filename (log_dir, "agent.log", NULL);
  self->agent_log = scalyr_file_sink_new (agent_log_path,
    scalyr_agent_config_get_int (self->config, "log_rotation_max_bytes"),
    (guint) scalyr_agent_config_get_int (self->config, "log_rotation_backup_count"), error);
  if (self->agent_log == NULL || !scalyr_agent_dirs_check_file (self->status_path, error))
    {
      g_clear_object (&self->agent_log);
      g_unlink (self->pid_path);
      close (self->pid_fd);
      self->pid_fd = -1;
      return FALSE;
    }
  scalyr_log_sink_set_rate_limit (self->agent_log, 2000, 100000);

  self->logger = scalyr_agent_logger_new ("scalyr_agent.agent_main", "");
  scalyr_agent_logger_set_diagnostic_sink (self->logger, self->agent_log);
  scalyr_agent_logger_set_journal_identifier (self->logger, scalyr_agent_systemd_journal_identifier (self));
  scalyr_agent_logger_set_debug_level (self->logger,
                                       (guint) scalyr_agent_config_get_int (self->config, "debug_level"));
  self->started_us = g_get_real_time ();
  scalyr_agent_logger_logf (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                            "Starting scalyr agent... (version %s) pid %d, configuration %s",
                            PACKAGE_VERSION, (int) getpid (), self->config_path);
  log_warnings (self, self->config);
  if (!scalyr_agent_config_has_api_key (self->config))
    scalyr_agent_logger_logf (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                              _("No api_key is configured: uploading to Scalyr is off. Monitors run and their "
                                "metric logs are written locally under %s"), log_dir);

  self->manager = scalyr_monitor_manager_new (self->logger);
  scalyr_monitor_manager_set_stop_timeout (self->manager, self->stop_timeout_ms);
  update_load_timeout (self, self->config);
  scalyr_monitor_manager_set_debug_level (self->manager,
                                          (guint) scalyr_agent_config_get_int (self->config, "debug_level"));
  scalyr_monitor_manager_apply (self->manager, self->config);
  update_upload (self);
  scalyr_agent_telemetry_apply (self);
  scalyr_agent_systemd_applied (self);

  self->last_check_us = self->last_status_us = g_get_monotonic_time ();
  scalyr_agent_write_status (self, NULL);
  self->loading = scalyr_monitor_manager_check_loads (self->manager);
  scalyr_agent_systemd_tick (self, self->loading, TRUE);
  return TRUE;
}

/* re-reads the configuration: on request or every config_change_check_interval */
static gboolean
reload_config (ScalyrAgent *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = NULL;
  gboolean was_bad;
  guint debug_level;

  self->last_check_us = g_get_monotonic_time ();
  self->last_load_time = g_get_real_time ();
  config = scalyr_agent_config_load (self->config_path, self->extra_config_dir, &error);
  if (config != NULL && !scalyr_agent_dirs_prepare_config (self->config, config, &error))
    g_clear_object (&config);   /* unsafe new directories: a bad configuration */
  if (config == NULL)
    {
      if (g_strcmp0 (self->last_load_error, error->message) != 0)
        {
          g_autofree char *message = g_strdup_printf (
            _("Bad configuration file seen.  Ignoring, using last known good configuration file.  "
              "Exception was \"%s\""), error->message);
          scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_ERROR, __FILE__, __LINE__,
                                        "badConfigFile", NULL, NULL, 0, message);
          g_free (self->last_load_error);
          self->last_load_error = g_strdup (error->message);
        }
      scalyr_agent_write_status (self, NULL);
      return FALSE;
    }

  scalyr_agent_secrets_protect (config);
  was_bad = self->last_load_error != NULL;
  g_clear_pointer (&self->last_load_error, g_free);
  debug_level = (guint) scalyr_agent_config_get_int (config, "debug_level");
  if (debug_level != (guint) scalyr_agent_config_get_int (self->config, "debug_level"))
    {
      scalyr_agent_logger_set_debug_level (self->logger, debug_level);
      scalyr_monitor_manager_set_debug_level (self->manager, debug_level);
      if (self->upload_logger != NULL)
        scalyr_agent_logger_set_debug_level (self->upload_logger, debug_level);
      scalyr_agent_logger_logf (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                                _("Debug level is now %u"), debug_level);
    }
  if (!was_bad && scalyr_agent_config_equal (config, self->config))
    {
      scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_DEBUG, __FILE__, __LINE__,
                                    NULL, NULL, NULL, 0, "Config was not different than previous");
      g_set_object (&self->config, config);
      return FALSE;
    }

  scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                                NULL, NULL, NULL, 0, "New configuration file seen.");
  log_warnings (self, config);
  if (g_strcmp0 (scalyr_agent_config_get_string (config, "agent_log_path"),
                 scalyr_agent_config_get_string (self->config, "agent_log_path")) != 0 ||
      g_strcmp0 (scalyr_agent_config_get_string (config, "agent_data_path"),
                 scalyr_agent_config_get_string (self->config, "agent_data_path")) != 0)
    scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__, NULL, NULL,
                                  NULL, 0, _("agent_log_path or agent_data_path changed: metric logs move now; "
                                    "agent.log, the pid file and the status file move at the next restart"));
  g_set_object (&self->config, config);
  self->reloads++;
  update_load_timeout (self, self->config);
  scalyr_monitor_manager_apply (self->manager, self->config);
  self->loading = scalyr_monitor_manager_check_loads (self->manager);
  update_upload (self);
  scalyr_agent_telemetry_apply (self);
  scalyr_agent_write_status (self, NULL);
  return TRUE;
}

/**
 * scalyr_agent_reload:
 * @self: a started #ScalyrAgent
 *
 * Re-reads the configuration now (what SIGHUP does) and applies the
 * difference. A configuration that fails to load is reported at ERROR
 * (once, until a good one is seen) with every problem, and nothing
 * changes; a good one that differs only in `debug_level` changes the
 * level without restarting anything.
 *
 * Since 0.3, under a service manager, it sends `RELOADING=1` (with
 * `MONOTONIC_USEC=`) first and `READY=1` again once no monitor is loading
 * (see scalyr_agent_tick()); the periodic checks of
 * `config_change_check_interval` send neither.
 *
 * Returns: %TRUE if a new configuration was applied
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_reload (ScalyrAgent *self)
{
  gboolean applied;

  g_return_val_if_fail (SCALYR_IS_AGENT (self), FALSE);
  g_return_val_if_fail (self->manager != NULL, FALSE);

  scalyr_agent_systemd_reloading (self);
  applied = reload_config (self);
  if (!applied)
    scalyr_agent_telemetry_apply (self);   /* a listener that could not bind tries again */
  scalyr_agent_systemd_applied (self);
  return applied;
}

/* config_change_check_interval in µs, at least MIN_CHECK_INTERVAL_US */
static gint64
check_interval_us (ScalyrAgent *self)
{
  double interval = scalyr_agent_config_get_double (self->config, "config_change_check_interval");

  return MAX (scalyr_clamp_seconds_to_usec (interval), MIN_CHECK_INTERVAL_US);
}

/**
 * scalyr_agent_tick:
 * @self: a started #ScalyrAgent
 *
 * Does the periodic work: starts the monitors whose module finished
 * loading and reports those past `monitor_load_timeout` (see
 * scalyr_monitor_manager_check_loads()), re-reads the configuration when
 * `config_change_check_interval` seconds passed since the last check, and
 * every second refreshes the status file and checks the monitors whose
 * entry sets `stop_agent_on_failure`.
 *
 * Since 0.3, under a service manager (see scalyr_agent_start()), it sends
 * `READY=1` when the monitors of the start or of a reload are no longer
 * loading, the `STATUS=` line when it changed (checked every second) and,
 * with a watchdog, `WATCHDOG=1` every half of its period: call it at least
 * that often. A main loop that stops calling it is restarted by the
 * service manager.
 *
 * Since 0.5, scalyr_agent_get_next_tick_time() says when it is next due,
 * so that the caller can sleep until then; duties due within 50 ms are
 * done together.
 *
 * Returns: %FALSE when the agent must stop: a monitor with
 *   `stop_agent_on_failure` failed to start or died (it is reported)
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_tick (ScalyrAgent *self)
{
  gint64 now;
  guint loading;
  gboolean refresh;

  g_return_val_if_fail (SCALYR_IS_AGENT (self), FALSE);
  if (self->manager == NULL || self->stopped)
    return FALSE;
  loading = self->loading = scalyr_monitor_manager_check_loads (self->manager);
  now = g_get_monotonic_time () + TICK_SLACK_US;
  if (now - self->last_check_us >= check_interval_us (self))
    {
      reload_config (self);
      loading = self->loading = scalyr_monitor_manager_check_loads (self->manager);
    }
  refresh = now - self->last_status_us >= STATUS_INTERVAL_US;
  if (refresh)
    {
      g_autofree char *dead = scalyr_monitor_manager_dup_fatal_failure (self->manager);

      scalyr_agent_write_status (self, NULL);
      if (dead != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Monitor %s is not running and its entry sets "
                                                        "stop_agent_on_failure; stopping the agent"), dead);
          scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_ERROR, __FILE__, __LINE__,
                                        "failedMonitor", NULL, NULL, 0, message);
          return FALSE;
        }
    }
  scalyr_agent_systemd_tick (self, loading, refresh);
  return TRUE;
}

/**
 * scalyr_agent_get_next_tick_time:
 * @self: a started #ScalyrAgent
 *
 * When scalyr_agent_tick() is next due, on the clock of
 * g_get_monotonic_time(): the earliest of the next status refresh (every
 * second), the next check of the configuration (every
 * `config_change_check_interval` seconds), the next `WATCHDOG=1` under a
 * service manager with a watchdog, and, while a monitor's module is still
 * loading, 100 ms from now (to start it once loaded). The agent
 * does nothing in between: its caller can sleep until then, waking
 * earlier only for a signal (reload, stop, status).
 *
 * Returns: a monotonic time in µs (possibly past: tick now), or
 *   %G_MAXINT64 when the agent is stopped or not started
 *
 * Since: 0.5
 */
gint64
scalyr_agent_get_next_tick_time (ScalyrAgent *self)
{
  gint64 next;

  g_return_val_if_fail (SCALYR_IS_AGENT (self), G_MAXINT64);
  if (self->manager == NULL || self->stopped)
    return G_MAXINT64;
  next = MIN (self->last_status_us + STATUS_INTERVAL_US, self->last_check_us + check_interval_us (self));
  if (self->loading > 0)
    next = MIN (next, g_get_monotonic_time () + LOAD_POLL_US);
  if (self->notify != NULL)
    next = MIN (next, scalyr_agent_notify_get_next_watchdog_time (self->notify));
  return next;
}

/**
 * scalyr_agent_stop:
 * @self: a started #ScalyrAgent
 *
 * Stops every monitor within the stop timeout (reporting by name those
 * that did not stop), flushes and closes the logs, writes the final status
 * and removes the pid file. Under a service manager it sends `STOPPING=1`
 * first (since 0.3).
 *
 * Returns: the number of monitors that did not stop in time
 *
 * Since: 0.1
 */
guint
scalyr_agent_stop (ScalyrAgent *self)
{
  g_autoptr(JsonNode) status = NULL;
  guint stuck;

  g_return_val_if_fail (SCALYR_IS_AGENT (self), 0);
  if (self->stopped || self->manager == NULL)
    return 0;
  self->stopped = TRUE;
  scalyr_agent_systemd_stopping (self);
  scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                                NULL, NULL, NULL, 0, "Stopping monitors");
  /* the OpenMetrics listener first: no scrape sees the agent stopping */
  scalyr_agent_telemetry_stop (self);
  /* uploading next: its last checkpoints are written before the status */
  if (self->upload != NULL)
    scalyr_agent_service_stop (self->upload);
  /* the status as it was, with the final state */
  stuck = scalyr_monitor_manager_stop_all (self->manager);
  status = scalyr_agent_build_status (self, "stopped");
  scalyr_agent_write_status_node (self, status, NULL);
  scalyr_agent_logger_logf (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__, "%s",
                            stuck > 0 ? _("Agent stopped (some monitors did not stop in time)") : _("Agent stopped"));
  scalyr_log_sink_flush (self->agent_log, NULL);
  if (self->pid_fd >= 0)
    {
      g_unlink (self->pid_path);
      close (self->pid_fd);
      self->pid_fd = -1;
    }
  return stuck;
}

/**
 * scalyr_agent_check_config:
 * @config: an agent configuration
 * @error: return location for a #GError
 *
 * The full check of `scalyr-agent --check-config`: builds (without
 * starting) every monitor, and when @config has an `api_key`, has the
 * upload service check its part (the `logs` entries, the server URL…).
 * Since 0.2 it also reports what the agent would refuse or skip: an
 * `agent_log_path` or `agent_data_path` that another user could change
 * (see scalyr_agent_start()), and config directory entries that are not
 * regular files.
 *
 * Returns: %TRUE if the agent can run @config; otherwise @error lists every
 *   problem, one a line
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_check_config (ScalyrAgentConfig *config,
                           GError           **error)
{
  g_autoptr(GError) monitors_error = NULL;
  g_autoptr(GError) upload_error = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  const char * const *skipped;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (config), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!scalyr_monitor_manager_check_config (config, &monitors_error))
    g_string_append_printf (problems, "%s\n", monitors_error->message);
  if (scalyr_agent_config_has_api_key (config))
    {
      g_autoptr(ScalyrAgentService) upload = scalyr_agent_service_load ("upload", &upload_error);

      if (upload != NULL)
        scalyr_agent_service_check_config (upload, config, &upload_error);
    }
  if (upload_error != NULL)
    g_string_append_printf (problems, "%s\n", upload_error->message);
  /* what the agent refuses at start or skips with a warning */
  scalyr_agent_dirs_check_config (config, problems);
  skipped = scalyr_agent_config_get_skipped (config);
  for (gsize i = 0; skipped[i] != NULL; i++)
    g_string_append_printf (problems, "%s\n", skipped[i]);
  if (problems->len == 0)
    return TRUE;
  g_string_truncate (problems, problems->len - 1);
  if (monitors_error != NULL)
    g_set_error_literal (error, monitors_error->domain, monitors_error->code, problems->str);
  else if (upload_error != NULL)
    g_set_error_literal (error, upload_error->domain, upload_error->code, problems->str);
  else
    g_set_error_literal (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES, problems->str);
  return FALSE;
}
