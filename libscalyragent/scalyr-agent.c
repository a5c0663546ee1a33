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
#include <scalyrmon.h>
#include <scalyrmon.h>

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
 * The caller drives it: scalyr_agent_tick() every 100 ms or so (it
 * re-reads the configuration every `config_change_check_interval` seconds
 * and refreshes the status file every second), scalyr_agent_reload() on
 * SIGHUP, scalyr_agent_stop() on SIGTERM. A new configuration that fails
 * to load is reported once (until a good one is seen) and the running
 * monitors are left alone.
 */

G_DEFINE_QUARK (scalyr-agent-error-quark, scalyr_agent_error)

#define STATUS_FILE "agent-status.json"
#define STATUS_INTERVAL_US (1 * G_USEC_PER_SEC)

struct _ScalyrAgent
{
  GObject parent_instance;

  char *config_path;
  char *extra_config_dir;
  guint stop_timeout_ms;

  ScalyrAgentConfig *config;
  ScalyrAgentLogger *logger;
  ScalyrLogSink *agent_log;
  ScalyrMonitorManager *manager;
  char *pid_path;
  int pid_fd;
  char *status_path;

  gint64 started_us;
  gint64 last_check_us;      /* monotonic */
  gint64 last_status_us;     /* monotonic */
  gint64 last_load_time;     /* real time of the last load attempt */
  char *last_load_error;     /* NULL when the last load was good */
  guint reloads;
  gboolean stopped;

  ScalyrAgentService *upload;   /* loaded when an api_key is configured */
  ScalyrAgentLogger *upload_logger;
  char *upload_error;           /* why uploading is not running */
};

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
  if (self->pid_fd >= 0)
    close (self->pid_fd);
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

  for (gsize i = 0; warnings[i] != NULL; i++)
    scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                  NULL, NULL, NULL, 0, warnings[i]);
}

static gboolean
take_pid_file (ScalyrAgent *self,
               GError     **error)
{
  g_autofree char *text = NULL;
  int fd;

  fd = g_open (self->pid_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES, "cannot open the pid file %s: %s",
                   self->pid_path, g_strerror (saved));
      return FALSE;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      char buf[32] = { 0 };
      ssize_t n = read (fd, buf, sizeof buf - 1);
      close (fd);
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_ALREADY_RUNNING,
                   "another agent is already running with this configuration (pid file %s, pid %s); "
                   "stop it first", self->pid_path, n > 0 ? g_strstrip (buf) : "?");
      return FALSE;
    }
  text = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (fd, 0) != 0 || write (fd, text, strlen (text)) != (ssize_t) strlen (text))
    {
      int saved = errno;
      close (fd);
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES, "cannot write the pid file %s: %s",
                   self->pid_path, g_strerror (saved));
      return FALSE;
    }
  self->pid_fd = fd;
  return TRUE;
}

static gboolean
make_dir (const char *dir,
          GError    **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_FILES, "cannot create the directory %s: %s; "
                   "set agent_log_path and agent_data_path to directories this user can write",
                   dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
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
                                        NULL, 0, "No api_key in the new configuration: uploading stops");
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
    }
  scalyr_agent_logger_set_debug_level (self->upload_logger,
                                       (guint) scalyr_agent_config_get_int (self->config, "debug_level"));
  self->upload = scalyr_agent_service_load ("upload", &error);
  if (self->upload != NULL && !scalyr_agent_service_start (self->upload, self->config, self->upload_logger, &error))
    g_clear_object (&self->upload);
  g_clear_pointer (&self->upload_error, g_free);
  if (self->upload == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Uploading is not running: %s", error->message);
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
 * Returns: %TRUE if the agent runs
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
  self->config = scalyr_agent_config_load (self->config_path, self->extra_config_dir, error);
  if (self->config == NULL)
    return FALSE;

  log_dir = scalyr_agent_config_get_string (self->config, "agent_log_path");
  data_dir = scalyr_agent_config_get_string (self->config, "agent_data_path");
  if (!make_dir (log_dir, error) || !make_dir (data_dir, error))
    return FALSE;
  self->pid_path = g_build_filename (log_dir, "agent.pid", NULL);
  self->status_path = g_build_filename (data_dir, STATUS_FILE, NULL);
  if (!take_pid_file (self, error))
    return FALSE;

  agent_log_path = g_build_filename (log_dir, "agent.log", NULL);
  self->agent_log = scalyr_file_sink_new (agent_log_path,
    scalyr_agent_config_get_int (self->config, "log_rotation_max_bytes"),
    (guint) scalyr_agent_config_get_int (self->config, "log_rotation_backup_count"), error);
  if (self->agent_log == NULL)
    {
      g_unlink (self->pid_path);
      close (self->pid_fd);
      self->pid_fd = -1;
      return FALSE;
    }
  scalyr_log_sink_set_rate_limit (self->agent_log, 2000, 100000);

  self->logger = scalyr_agent_logger_new ("scalyr_agent.agent_main", "");
  scalyr_agent_logger_set_diagnostic_sink (self->logger, self->agent_log);
  scalyr_agent_logger_set_debug_level (self->logger,
                                       (guint) scalyr_agent_config_get_int (self->config, "debug_level"));
  self->started_us = g_get_real_time ();
  scalyr_agent_logger_logf (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                            "Starting scalyr agent... (version %s) pid %d, configuration %s",
                            PACKAGE_VERSION, (int) getpid (), self->config_path);
  log_warnings (self, self->config);
  if (!scalyr_agent_config_has_api_key (self->config))
    scalyr_agent_logger_logf (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                              "No api_key is configured: uploading to Scalyr is off. Monitors run and their "
                              "metric logs are written locally under %s", log_dir);

  self->manager = scalyr_monitor_manager_new (self->logger);
  scalyr_monitor_manager_set_stop_timeout (self->manager, self->stop_timeout_ms);
  scalyr_monitor_manager_set_debug_level (self->manager,
                                          (guint) scalyr_agent_config_get_int (self->config, "debug_level"));
  scalyr_monitor_manager_apply (self->manager, self->config);
  update_upload (self);

  self->last_check_us = self->last_status_us = g_get_monotonic_time ();
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
 * Returns: %TRUE if a new configuration was applied
 */
gboolean
scalyr_agent_reload (ScalyrAgent *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrAgentConfig) config = NULL;
  gboolean was_bad;
  guint debug_level;

  g_return_val_if_fail (SCALYR_IS_AGENT (self), FALSE);
  g_return_val_if_fail (self->manager != NULL, FALSE);

  self->last_check_us = g_get_monotonic_time ();
  self->last_load_time = g_get_real_time ();
  config = scalyr_agent_config_load (self->config_path, self->extra_config_dir, &error);
  if (config == NULL)
    {
      if (g_strcmp0 (self->last_load_error, error->message) != 0)
        {
          g_autofree char *message = g_strdup_printf (
            "Bad configuration file seen.  Ignoring, using last known good configuration file.  "
            "Exception was \"%s\"", error->message);
          scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_ERROR, __FILE__, __LINE__,
                                        "badConfigFile", NULL, NULL, 0, message);
          g_free (self->last_load_error);
          self->last_load_error = g_strdup (error->message);
        }
      scalyr_agent_write_status (self, NULL);
      return FALSE;
    }

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
                                "Debug level is now %u", debug_level);
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
                                  NULL, 0, "agent_log_path or agent_data_path changed: metric logs move now; "
                                  "agent.log, the pid file and the status file move at the next restart");
  g_set_object (&self->config, config);
  self->reloads++;
  scalyr_monitor_manager_apply (self->manager, self->config);
  update_upload (self);
  scalyr_agent_write_status (self, NULL);
  return TRUE;
}

/**
 * scalyr_agent_tick:
 * @self: a started #ScalyrAgent
 *
 * Does the periodic work: re-reads the configuration when
 * `config_change_check_interval` seconds passed since the last check, and
 * every second refreshes the status file and checks the monitors whose
 * entry sets `stop_agent_on_failure`.
 *
 * Returns: %FALSE when the agent must stop: a monitor with
 *   `stop_agent_on_failure` failed to start or died (it is reported)
 */
gboolean
scalyr_agent_tick (ScalyrAgent *self)
{
  gint64 now;
  double interval;

  g_return_val_if_fail (SCALYR_IS_AGENT (self), FALSE);
  if (self->manager == NULL || self->stopped)
    return FALSE;
  now = g_get_monotonic_time ();
  interval = scalyr_agent_config_get_double (self->config, "config_change_check_interval");
  if (now - self->last_check_us >= (gint64) (interval * G_USEC_PER_SEC))
    scalyr_agent_reload (self);
  if (now - self->last_status_us >= STATUS_INTERVAL_US)
    {
      g_autofree char *dead = scalyr_monitor_manager_dup_fatal_failure (self->manager);

      scalyr_agent_write_status (self, NULL);
      if (dead != NULL)
        {
          g_autofree char *message = g_strdup_printf ("Monitor %s is not running and its entry sets "
                                                      "stop_agent_on_failure; stopping the agent", dead);
          scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_ERROR, __FILE__, __LINE__,
                                        "failedMonitor", NULL, NULL, 0, message);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%SZ") : g_strdup ("");
}

static JsonNode *
build_status (ScalyrAgent *self,
              const char  *state)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *started = format_time (self->started_us);
  g_autofree char *updated = format_time (g_get_real_time ());
  g_autofree char *loaded = format_time (self->last_load_time);
  const char * const *files = scalyr_agent_config_get_files (self->config);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, getpid ());
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, state);
  json_builder_set_member_name (b, "started");
  json_builder_add_string_value (b, started);
  json_builder_set_member_name (b, "updated");
  json_builder_add_string_value (b, updated);
  json_builder_set_member_name (b, "uploading");
  json_builder_add_boolean_value (b, scalyr_agent_config_has_api_key (self->config));
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, self->config_path);
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (gsize i = 0; files[i] != NULL; i++)
    json_builder_add_string_value (b, files[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "last_load");
  json_builder_add_string_value (b, loaded);
  json_builder_set_member_name (b, "last_load_ok");
  json_builder_add_boolean_value (b, self->last_load_error == NULL);
  if (self->last_load_error != NULL)
    {
      json_builder_set_member_name (b, "last_load_error");
      json_builder_add_string_value (b, self->last_load_error);
    }
  json_builder_set_member_name (b, "reloads");
  json_builder_add_int_value (b, self->reloads);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "agent_log");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "lines_written");
  json_builder_add_int_value (b, (gint64) scalyr_log_sink_get_lines_written (self->agent_log));
  json_builder_set_member_name (b, "lines_dropped");
  json_builder_add_int_value (b, (gint64) scalyr_log_sink_get_lines_dropped (self->agent_log));
  json_builder_end_object (b);
  if (self->upload != NULL || self->upload_error != NULL)
    {
      JsonNode *uploads = self->upload != NULL ? scalyr_agent_service_dup_status (self->upload) : NULL;

      if (uploads == NULL || !JSON_NODE_HOLDS_OBJECT (uploads))
        {
          g_clear_pointer (&uploads, json_node_unref);
          uploads = json_node_init_object (json_node_alloc (), json_object_new ());
        }
      if (self->upload_error != NULL)
        json_object_set_string_member (json_node_get_object (uploads), "error", self->upload_error);
      json_builder_set_member_name (b, "uploads");
      json_builder_add_value (b, uploads);
    }
  json_builder_set_member_name (b, "monitors");
  json_builder_add_value (b, scalyr_monitor_manager_dup_status (self->manager));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
write_status_node (ScalyrAgent *self,
                   JsonNode    *status,
                   GError     **error)
{
  g_autofree char *text = json_to_string (status, TRUE);
  g_autofree char *with_newline = g_strconcat (text, "\n", NULL);

  self->last_status_us = g_get_monotonic_time ();
  return g_file_set_contents_full (self->status_path, with_newline, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

/**
 * scalyr_agent_write_status:
 * @self: a started #ScalyrAgent
 * @error: return location for a #GError
 *
 * Writes the status file now (atomically: a temporary file renamed).
 *
 * Returns: %TRUE on success
 */
gboolean
scalyr_agent_write_status (ScalyrAgent *self,
                           GError     **error)
{
  g_autoptr(JsonNode) status = NULL;

  g_return_val_if_fail (SCALYR_IS_AGENT (self), FALSE);
  g_return_val_if_fail (self->manager != NULL, FALSE);
  status = build_status (self, self->stopped ? "stopped" : "running");
  return write_status_node (self, status, error);
}

/**
 * scalyr_agent_stop:
 * @self: a started #ScalyrAgent
 *
 * Stops every monitor within the stop timeout (reporting by name those
 * that did not stop), flushes and closes the logs, writes the final status
 * and removes the pid file.
 *
 * Returns: the number of monitors that did not stop in time
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
  scalyr_agent_logger_log_full (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                                NULL, NULL, NULL, 0, "Stopping monitors");
  /* uploading first: its last checkpoints are written before the status */
  if (self->upload != NULL)
    scalyr_agent_service_stop (self->upload);
  /* the status as it was, with the final state */
  stuck = scalyr_monitor_manager_stop_all (self->manager);
  status = build_status (self, "stopped");
  write_status_node (self, status, NULL);
  scalyr_agent_logger_logf (self->logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                            "Agent stopped%s", stuck > 0 ? " (some monitors did not stop in time)" : "");
  scalyr_log_sink_flush (self->agent_log, NULL);
  if (self->pid_fd >= 0)
    {
      g_unlink (self->pid_path);
      close (self->pid_fd);
      self->pid_fd = -1;
    }
  return stuck;
}

/* TRUE if an agent holds the lock on @pid_path */
static gboolean
pid_file_locked (const char *pid_path)
{
  int fd = g_open (pid_path, O_RDONLY | O_CLOEXEC, 0);
  gboolean locked;

  if (fd < 0)
    return FALSE;
  locked = flock (fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  close (fd);
  return locked;
}

/* With a configuration that does not load, the directories are guessed
 * from the raw text (the usual case: a running agent and a broken edit),
 * else the defaults. */
static char *
guess_dir (const char *config_path,
           const char *field,
           const char *fallback)
{
  g_autofree char *text = NULL;
  g_autofree char *pattern = g_strdup_printf ("\"?%s\"?\\s*:\\s*\"([^\"\\\\]*)\"", field);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *value = NULL;
  g_autofree char *dir = NULL;

  if (regex == NULL || !g_file_get_contents (config_path, &text, NULL, NULL) ||
      !g_regex_match (regex, text, 0, &match))
    return g_strdup (fallback);
  value = g_match_info_fetch (match, 1);
  dir = g_path_get_dirname (config_path);
  return g_canonicalize_filename (value, dir);
}

/**
 * scalyr_agent_check_config:
 * @config: an agent configuration
 * @error: return location for a #GError
 *
 * The full check of `scalyr-agent --check-config`: builds (without
 * starting) every monitor, and when @config has an `api_key`, has the
 * upload service check its part (the `logs` entries, the server URL…).
 *
 * Returns: %TRUE if the agent can run @config; otherwise @error lists every
 *   problem, one a line
 */
gboolean
scalyr_agent_check_config (ScalyrAgentConfig *config,
                           GError           **error)
{
  g_autoptr(GError) monitors_error = NULL;
  g_autoptr(GError) upload_error = NULL;
  gboolean monitors_ok;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (config), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  monitors_ok = scalyr_monitor_manager_check_config (config, &monitors_error);
  if (scalyr_agent_config_has_api_key (config))
    {
      g_autoptr(ScalyrAgentService) upload = scalyr_agent_service_load ("upload", &upload_error);

      if (upload != NULL)
        scalyr_agent_service_check_config (upload, config, &upload_error);
    }
  if (monitors_ok && upload_error == NULL)
    return TRUE;
  if (monitors_error != NULL && upload_error != NULL)
    g_set_error (error, monitors_error->domain, monitors_error->code, "%s\n%s", monitors_error->message,
                 upload_error->message);
  else if (monitors_error != NULL)
    g_propagate_error (error, g_steal_pointer (&monitors_error));
  else
    g_propagate_error (error, g_steal_pointer (&upload_error));
  return FALSE;
}

/**
 * scalyr_agent_read_status:
 * @config_path: (type filename) (nullable): the agent's main configuration
 *   file; %NULL for the default
 * @extra_config_dir: (type filename) (nullable): its extra fragment directory
 * @error: return location for a #GError
 *
 * Reads the status file of the agent using this configuration. A
 * configuration that does not load is tolerated: `agent_data_path` and
 * `agent_log_path` are then picked from its text if they can be, else the
 * defaults are used, and the result has a `config_error` member. The
 * result has a boolean `running` member telling whether an agent holds
 * the pid file now.
 *
 * Returns: (transfer full): the status object, or %NULL with @error set
 */
JsonNode *
scalyr_agent_read_status (const char *config_path,
                          const char *extra_config_dir,
                          GError    **error)
{
  g_autoptr(GError) config_error = NULL;
  g_autofree char *main_path = g_canonicalize_filename (config_path != NULL ? config_path
                                                                            : SCALYR_AGENT_CONFIG_DEFAULT_PATH, NULL);
  g_autoptr(ScalyrAgentConfig) config = scalyr_agent_config_load (main_path, extra_config_dir, &config_error);
  g_autofree char *data_dir = config != NULL
    ? g_strdup (scalyr_agent_config_get_string (config, "agent_data_path"))
    : guess_dir (main_path, "agent_data_path", "/var/lib/scalyr-agent-2");
  g_autofree char *log_dir = config != NULL
    ? g_strdup (scalyr_agent_config_get_string (config, "agent_log_path"))
    : guess_dir (main_path, "agent_log_path", "/var/log/scalyr-agent-2");
  g_autofree char *path = g_build_filename (data_dir, STATUS_FILE, NULL);
  g_autofree char *pid_path = g_build_filename (log_dir, "agent.pid", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *node;

  if (!g_file_get_contents (path, &text, NULL, &local))
    {
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_NOT_RUNNING,
                   "no agent status at %s (%s); is the agent running with this configuration?",
                   path, local->message);
      return NULL;
    }
  node = scalyr_json_parse (text, -1, NULL, NULL, &local);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SCALYR_AGENT_ERROR, SCALYR_AGENT_ERROR_NOT_RUNNING,
                   "the status file %s is not valid: %s", path, local != NULL ? local->message : "not an object");
      g_clear_pointer (&node, json_node_unref);
      return NULL;
    }
  json_object_set_boolean_member (json_node_get_object (node), "running", pid_file_locked (pid_path));
  if (config_error != NULL)
    json_object_set_string_member (json_node_get_object (node), "config_error", config_error->message);
  return node;
}

static const char *
str_member (JsonObject *o,
            const char *name)
{
  return json_object_get_string_member_with_default (o, name, "");
}

/* seconds since the epoch (a double in the status) as text; 0 is never */
static char *
format_epoch (JsonObject *o,
              const char *name)
{
  double secs = json_object_has_member (o, name) ? json_object_get_double_member (o, name) : 0;

  return secs > 0 ? format_time ((gint64) (secs * G_USEC_PER_SEC)) : g_strdup ("never");
}

static void
format_uploads (GString    *out,
                JsonObject *up)
{
  JsonArray *logs = json_object_has_member (up, "logs") ? json_object_get_array_member (up, "logs") : NULL;
  g_autofree char *last = format_epoch (up, "last_success");

  g_string_append_printf (out, "\nUploads:         to %s\n", str_member (up, "server"));
  if (json_object_has_member (up, "error"))
    g_string_append_printf (out, "                 NOT RUNNING: %s\n", str_member (up, "error"));
  if (json_object_has_member (up, "requests_ok"))
    g_string_append_printf (out, "                 %" G_GINT64_FORMAT " requests ok, %" G_GINT64_FORMAT
                            " failed, %" G_GINT64_FORMAT " events, %" G_GINT64_FORMAT " bytes sent; "
                            "last success %s\n",
                            json_object_get_int_member_with_default (up, "requests_ok", 0),
                            json_object_get_int_member_with_default (up, "requests_failed", 0),
                            json_object_get_int_member_with_default (up, "events_sent", 0),
                            json_object_get_int_member_with_default (up, "bytes_sent", 0), last);
  if (json_object_has_member (up, "last_error") && !json_object_get_null_member (up, "last_error"))
    g_string_append_printf (out, "                 last error: %s\n", str_member (up, "last_error"));
  for (guint i = 0; logs != NULL && i < json_array_get_length (logs); i++)
    {
      JsonObject *l = json_array_get_object_element (logs, i);
      g_autofree char *log_last = format_epoch (l, "last_success");
      gint64 skipped = json_object_get_int_member_with_default (l, "skipped_bytes", 0);
      gint64 invalid = json_object_get_int_member_with_default (l, "invalid_utf8_bytes", 0);
      gint64 redacted = json_object_get_int_member_with_default (l, "lines_redacted", 0);
      gint64 sampled_out = json_object_get_int_member_with_default (l, "lines_sampled_out", 0);

      g_string_append_printf (out, "  %s: position %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ", %"
                              G_GINT64_FORMAT " bytes behind, last success %s\n", str_member (l, "path"),
                              json_object_get_int_member_with_default (l, "position", 0),
                              json_object_get_int_member_with_default (l, "size", 0),
                              json_object_get_int_member_with_default (l, "bytes_behind", 0), log_last);
      if (skipped > 0)
        g_string_append_printf (out, "    %" G_GINT64_FORMAT " bytes skipped (more than "
                                "max_existing_log_offset_size behind)\n", skipped);
      if (invalid > 0)
        g_string_append_printf (out, "    %" G_GINT64_FORMAT " invalid UTF-8 bytes sent as U+FFFD\n", invalid);
      if (redacted > 0)
        g_string_append_printf (out, "    %" G_GINT64_FORMAT " lines redacted\n", redacted);
      if (sampled_out > 0)
        g_string_append_printf (out, "    %" G_GINT64_FORMAT " lines (%" G_GINT64_FORMAT " bytes) left out by "
                                "sampling_rules\n", sampled_out,
                                json_object_get_int_member_with_default (l, "bytes_sampled_out", 0));
      if (json_object_has_member (l, "last_error") && !json_object_get_null_member (l, "last_error"))
        g_string_append_printf (out, "    last error: %s\n", str_member (l, "last_error"));
    }
}

/**
 * scalyr_agent_format_status:
 * @status: a status object from scalyr_agent_read_status()
 *
 * Returns: (transfer full): the status as text for people
 */
char *
scalyr_agent_format_status (JsonNode *status)
{
  GString *out = g_string_new (NULL);
  JsonObject *o, *config, *agent_log, *uploads;
  JsonArray *monitors, *files;

  g_return_val_if_fail (status != NULL && JSON_NODE_HOLDS_OBJECT (status), NULL);
  o = json_node_get_object (status);
  config = json_object_get_object_member (o, "config");
  agent_log = json_object_get_object_member (o, "agent_log");
  monitors = json_object_get_array_member (o, "monitors");
  uploads = json_object_has_member (o, "uploads") ? json_object_get_object_member (o, "uploads") : NULL;

  g_string_append_printf (out, "Scalyr Agent status\n===================\n\n");
  g_string_append_printf (out, "Agent:           %s, pid %" G_GINT64_FORMAT ", version %s\n",
                          json_object_get_boolean_member_with_default (o, "running", FALSE)
                          ? "running" : "not running", json_object_get_int_member_with_default (o, "pid", 0),
                          str_member (o, "version"));
  g_string_append_printf (out, "Started:         %s\n", str_member (o, "started"));
  g_string_append_printf (out, "Status updated:  %s\n", str_member (o, "updated"));
  g_string_append_printf (out, "Uploading:       %s\n",
                          json_object_get_boolean_member_with_default (o, "uploading", FALSE)
                          ? "on" : "off (no api_key)");
  if (config != NULL)
    {
      g_string_append_printf (out, "Configuration:   %s\n", str_member (config, "path"));
      files = json_object_get_array_member (config, "files");
      for (guint i = 1; files != NULL && i < json_array_get_length (files); i++)
        g_string_append_printf (out, "                 %s\n", json_array_get_string_element (files, i));
      g_string_append_printf (out, "Last load:       %s, %s\n", str_member (config, "last_load"),
                              json_object_get_boolean_member_with_default (config, "last_load_ok", FALSE)
                              ? "good" : "FAILED (the previous configuration is still running)");
      if (json_object_has_member (config, "last_load_error"))
        {
          g_auto(GStrv) lines = g_strsplit (str_member (config, "last_load_error"), "\n", -1);
          for (gsize i = 0; lines[i] != NULL; i++)
            g_string_append_printf (out, "                 %s\n", lines[i]);
        }
    }
  if (agent_log != NULL)
    g_string_append_printf (out, "agent.log:       %" G_GINT64_FORMAT " lines written, %" G_GINT64_FORMAT
                            " dropped\n", json_object_get_int_member_with_default (agent_log, "lines_written", 0),
                            json_object_get_int_member_with_default (agent_log, "lines_dropped", 0));
  if (uploads != NULL)
    format_uploads (out, uploads);
  g_string_append_printf (out, "\nMonitors: %u\n", monitors != NULL ? json_array_get_length (monitors) : 0);
  for (guint i = 0; monitors != NULL && i < json_array_get_length (monitors); i++)
    {
      JsonObject *m = json_array_get_object_element (monitors, i);

      g_string_append_printf (out, "  %s: %s", str_member (m, "name"), str_member (m, "state"));
      if (json_object_has_member (m, "samples"))
        g_string_append_printf (out, ", %" G_GINT64_FORMAT " samples, last %s",
                                json_object_get_int_member (m, "samples"),
                                str_member (m, "last_sample")[0] != '\0' ? str_member (m, "last_sample") : "never");
      g_string_append_printf (out, ", %" G_GINT64_FORMAT " errors, %" G_GINT64_FORMAT " lines reported\n",
                              json_object_get_int_member_with_default (m, "errors", 0),
                              json_object_get_int_member_with_default (m, "lines_reported", 0));
      g_string_append_printf (out, "    module %s, id \"%s\"\n", str_member (m, "module"), str_member (m, "id"));
      if (json_object_has_member (m, "log_path"))
        g_string_append_printf (out, "    metric log %s: %" G_GINT64_FORMAT " lines written, %" G_GINT64_FORMAT
                                " dropped by the rate limit\n", str_member (m, "log_path"),
                                json_object_get_int_member_with_default (m, "lines_written", 0),
                                json_object_get_int_member_with_default (m, "lines_dropped", 0));
      if (json_object_has_member (m, "error"))
        g_string_append_printf (out, "    error: %s\n", str_member (m, "error"));
    }
  return g_string_free (out, FALSE);
}
