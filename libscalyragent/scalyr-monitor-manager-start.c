/* scalyr-monitor-manager-start.c: starting one instance of the manager:
 * its monitor built (module loaded, then initialized) on a thread of its
 * own within #ScalyrMonitorManager:load-timeout, then its metric log and
 * its thread
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <glib/gstdio.h>

#include "scalyr-agent-config-schema-private.h"
#include "scalyr-clamp-private.h"
#include "scalyr-monitor-manager-private.h"
#include "scalyr-i18n-private.h"

static char *
metric_log_path (ScalyrAgentConfig *config,
                 ScalyrMonitor     *monitor)
{
  const char *log_path = scalyr_monitor_get_log_path (monitor);
  const char *dir = scalyr_agent_config_get_string (config, "agent_log_path");

  if (g_path_is_absolute (log_path))
    return g_strdup (log_path);
  return g_build_filename (dir, log_path, NULL);
}

gboolean
scalyr_monitor_manager_entry_setting (ScalyrMonitor  *monitor,
                                      const char     *field,
                                      const GValue   *fallback,
                                      GValue         *value,
                                      GError        **error)
{
  GPtrArray *common = scalyr_agent_config_common_options ();

  for (guint i = 0; i < common->len; i++)
    {
      ScalyrMonitorOption *option = g_ptr_array_index (common, i);

      if (g_str_equal (scalyr_monitor_option_get_name (option), field))
        return scalyr_monitor_config_get_declared_value (scalyr_monitor_get_config (monitor), option, fallback,
                                                         value, error);
    }
  g_return_val_if_reached (FALSE);
}

/* log_rotation_max_bytes or log_rotation_backup_count of a monitor: its
 * entry's value, by the common options' declaration, else the global one;
 * read only here */
static gint64
rotation_setting (ScalyrAgentConfig  *config,
                  ScalyrMonitor      *monitor,
                  const char         *field,
                  GError            **error)
{
  gint64 global = scalyr_agent_config_get_int (config, field);
  g_auto(GValue) fallback = G_VALUE_INIT;
  g_auto(GValue) v = G_VALUE_INIT;

  g_value_init (&fallback, G_TYPE_INT64);
  g_value_set_int64 (&fallback, global);
  if (scalyr_monitor_manager_entry_setting (monitor, field, &fallback, &v, error))
    return g_value_get_int64 (&v);
  return global;
}

/* Starts building the monitor of @entry; the instance is "loading" until
 * scalyr_monitor_manager_finish_instance(). */
Instance *
scalyr_monitor_manager_begin_instance (ScalyrMonitorManager *self,
                                       JsonObject           *entry,
                                       const char           *id)
{
  Instance *inst = g_new0 (Instance, 1);
  double interval = scalyr_agent_config_get_double (self->config, "global_monitor_sample_interval");

  inst->module = g_strdup (json_object_get_string_member_with_default (entry, "module", ""));
  inst->id = g_strdup (id);
  inst->name = g_strdup_printf ("%s(%s)", scalyr_monitor_module_short_name (inst->module), id);
  inst->entry = json_node_init_object (json_node_alloc (), entry);
  inst->logger = scalyr_agent_logger_new (inst->module, id);
  scalyr_agent_logger_set_diagnostic_sink (inst->logger, scalyr_agent_logger_get_diagnostic_sink (self->agent_logger));
  scalyr_agent_logger_set_journal_identifier (inst->logger,
                                              scalyr_agent_logger_get_journal_identifier (self->agent_logger));
  scalyr_agent_logger_set_debug_level (inst->logger, self->debug_level);

  inst->load = scalyr_monitor_load_job_start (self->registry, entry, inst->logger, interval,
                                              self->load_timeout_ms, inst->name);
  set_state (inst, "loading");
  return inst;
}

static char *
load_timeout_message (const char *module,
                      double      seconds)
{
  return g_strdup_printf (_("module %s did not load within %g s: its import or its initialize did not return (an "
                            "endless loop or a blocking call at its top level?); it is abandoned and the other "
                            "monitors run. Fix the module, or raise monitor_load_timeout if it is only slow"),
                          module, seconds);
}

ScalyrMonitor *
scalyr_monitor_manager_build_bounded (ScalyrMonitorRegistry *registry,
                                      ScalyrAgentConfig     *config,
                                      JsonObject            *entry,
                                      const char            *name,
                                      ScalyrAgentLogger     *logger,
                                      GError               **error)
{
  const char *module = json_object_get_string_member_with_default (entry, "module", "");
  double timeout = scalyr_agent_config_get_double (config, "monitor_load_timeout");
  g_autoptr(ScalyrMonitorLoadJob) job = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();

  job = scalyr_monitor_load_job_start (registry, entry, logger,
                                       scalyr_agent_config_get_double (config, "global_monitor_sample_interval"),
                                       scalyr_clamp_double_to_uint (timeout * 1000, 0, 3600000), name);
  g_ptr_array_add (jobs, job);
  /* its deadline counts from its turn (see scalyr-monitor-load-job.c) */
  while (!scalyr_monitor_load_job_wait_all (jobs, MIN (scalyr_monitor_load_job_get_deadline (job),
                                                       g_get_monotonic_time () + G_USEC_PER_SEC / 10)))
    if (g_get_monotonic_time () >= scalyr_monitor_load_job_get_deadline (job))
      break;
  if (scalyr_monitor_load_job_is_done (job))
    return scalyr_monitor_load_job_finish (job, error);
  {
    g_autofree char *message = load_timeout_message (module, timeout);
    g_set_error_literal (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_LOAD_FAILED, message);
  }
  return NULL;
}

static void
fail (ScalyrMonitorManager *self,
      Instance             *inst,
      char                 *message)
{
  inst->error = message;
  set_state (inst, "failed");
  g_clear_object (&inst->monitor);
  scalyr_monitor_manager_report_failure (self, inst);
}

/* Starts an instance whose monitor is built: opens (or shares) its metric
 * log and starts its thread. A failure is reported and leaves the
 * instance "failed". */
void
scalyr_monitor_manager_finish_instance (ScalyrMonitorManager *self,
                                        Instance             *inst)
{
  ScalyrAgentConfig *config = self->config;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SharedSink *shared;

  inst->monitor = scalyr_monitor_load_job_finish (inst->load, &error);
  g_clear_pointer (&inst->load, scalyr_monitor_load_job_unref);
  if (inst->monitor == NULL)
    {
      fail (self, inst, g_strdup (error->message));
      return;
    }

  path = metric_log_path (config, inst->monitor);
  shared = g_hash_table_lookup (self->sinks, path);
  if (shared == NULL)
    {
      gint64 max_bytes = rotation_setting (config, inst->monitor, "log_rotation_max_bytes", &error);
      gint64 backups = error == NULL ? rotation_setting (config, inst->monitor, "log_rotation_backup_count", &error)
                                     : 0;
      ScalyrLogSink *sink = NULL;
      g_autofree char *dir = g_path_get_dirname (path);

      if (error == NULL)
        {
          g_mkdir_with_parents (dir, 0755);
          sink = scalyr_file_sink_new (path, max_bytes, (guint) backups, &error);
        }
      if (sink == NULL)
        {
          fail (self, inst, g_strdup_printf (_("Could not start monitor %s because its log could not be opened: %s"),
                                             inst->name, error->message));
          return;
        }
      shared = g_new0 (SharedSink, 1);
      shared->path = g_strdup (path);
      shared->sink = sink;
      g_hash_table_insert (self->sinks, shared->path, shared);
      /* the first monitor sets the file's rate limit */
      scalyr_monitor_open_metric_log (inst->monitor, sink);
    }
  else
    scalyr_agent_logger_set_metric_sink (inst->logger, shared->sink);
  shared->users++;
  inst->sink = shared;

  if (!scalyr_monitor_manager_open_metric_store (self, inst, &error))
    {
      fail (self, inst, g_strdup (error->message));
      return;
    }
  scalyr_monitor_set_jitter (inst->monitor,
                             scalyr_agent_config_get_boolean (config, "global_monitor_sample_interval_enable_jitter"));
  if (!scalyr_monitor_start (inst->monitor, &error))
    {
      fail (self, inst, g_strdup (error->message));
      return;
    }
  inst->started_us = g_get_real_time ();
  set_state (inst, "running");
  {
    g_autoptr(ScalyrAgentLogger) logger = scalyr_monitor_manager_dup_instance_core_logger (self, inst);

    scalyr_agent_logger_logf (logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                              _("Started monitor %s (module %s), metric log %s, sample interval %g s"),
                              inst->name, inst->module, shared->path,
                              scalyr_monitor_get_sample_interval (inst->monitor));
  }
}

ScalyrAgentLogger *
scalyr_monitor_manager_dup_instance_core_logger (ScalyrMonitorManager *self,
                                                 Instance             *inst)
{
  return g_object_new (SCALYR_TYPE_AGENT_LOGGER, "module-name", inst->module, "monitor-id", inst->id,
                       "component", scalyr_agent_logger_get_component (self->agent_logger),
                       "diagnostic-sink", scalyr_agent_logger_get_diagnostic_sink (self->agent_logger),
                       "debug-level", scalyr_agent_logger_get_debug_level (self->agent_logger),
                       "journal-identifier", scalyr_agent_logger_get_journal_identifier (self->agent_logger),
                       NULL);
}

/* Gives up an instance's build that is not done: its thread keeps its own
 * references and is counted by scalyr_monitor_manager_stop_all() until it
 * returns. */
void
scalyr_monitor_manager_abandon_load (ScalyrMonitorManager *self,
                                     Instance             *inst)
{
  if (inst->load == NULL)
    return;
  if (!scalyr_monitor_load_job_is_done (inst->load))
    g_ptr_array_add (self->abandoned, g_steal_pointer (&inst->load));
  g_clear_pointer (&inst->load, scalyr_monitor_load_job_unref);
}

/**
 * scalyr_monitor_manager_check_loads:
 * @self: a #ScalyrMonitorManager
 *
 * Starts the monitors whose module finished loading since
 * scalyr_monitor_manager_apply() returned, and reports as failed, by name,
 * those still loading past #ScalyrMonitorManager:load-timeout (a module
 * whose import or initialize never returns); their loading threads are
 * abandoned. Call it regularly (scalyr_agent_tick() does).
 *
 * Returns: how many monitors are still loading
 *
 * Since: 0.2
 */
guint
scalyr_monitor_manager_check_loads (ScalyrMonitorManager *self)
{
  gint64 now = g_get_monotonic_time ();
  guint loading = 0;

  g_return_val_if_fail (SCALYR_IS_MONITOR_MANAGER (self), 0);
  for (guint i = 0; i < self->instances->len; i++)
    {
      Instance *inst = g_ptr_array_index (self->instances, i);

      if (inst->load == NULL)
        continue;
      if (scalyr_monitor_load_job_is_done (inst->load))
        scalyr_monitor_manager_finish_instance (self, inst);
      else if (now >= scalyr_monitor_load_job_get_deadline (inst->load))
        {
          scalyr_monitor_manager_abandon_load (self, inst);
          fail (self, inst, load_timeout_message (inst->module, self->load_timeout_ms / 1000.0));
        }
      else
        loading++;
    }
  return loading;
}
