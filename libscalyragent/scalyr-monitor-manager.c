/* scalyr-monitor-manager.c: runs the monitors of an agent configuration
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "scalyr-monitor-manager.h"
#include "scalyr-agent-config-schema-private.h"
#include "scalyr-monitor-manager-private.h"
#include <scalyrmon.h>
#include "scalyr-i18n-private.h"

/**
 * ScalyrMonitorManager:
 *
 * Runs one monitor per entry of the agent configuration's `monitors`, each
 * on its own thread, and applies a new configuration by difference:
 * entries that were added start, entries that were removed stop, entries
 * that changed restart, and the others keep running without a gap.
 *
 * Instance ids follow the reference: walking the entries in order, a
 * counter per short module name counts every entry; an entry without `id`
 * gets the counter's value, and a module that occurs once without an `id`
 * gets the id `""`. The instance name is `<short module>(<id>)`.
 *
 * Metric lines go to `<agent_log_path>/<short module>.log` (or the entry's
 * `log_path`, relative to `agent_log_path`); all monitors writing to one
 * file share one #ScalyrFileSink, whose rotation and rate limit come from
 * the first monitor that opened it. Diagnostics go to the agent logger's
 * diagnostic sink (`agent.log`).
 *
 * Each monitor is built (its module loaded, then its initialize) on a
 * thread of its own: scalyr_monitor_manager_apply() waits at most a second
 * for them, and a module that takes longer goes on loading while the others
 * run; scalyr_monitor_manager_check_loads() starts it when it is loaded, or
 * reports it as failed, by name, past #ScalyrMonitorManager:load-timeout
 * (its thread is abandoned: a module's import in an endless loop cannot be
 * interrupted).
 *
 * A monitor whose configuration or initialization fails is reported and
 * skipped; one whose thread does not stop within
 * #ScalyrMonitorManager:stop-timeout is reported by name and abandoned
 * (its thread keeps its own references and ends whenever it returns).
 *
 * Thread safety: a manager belongs to the thread that created it; call its
 * methods from that thread only. Each monitor it runs has a thread of its
 * own.
 *
 * Since: 0.1
 */


enum {
  PROP_0,
  PROP_AGENT_LOGGER,
  PROP_STOP_TIMEOUT,
  PROP_LOAD_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ScalyrMonitorManager, scalyr_monitor_manager, G_TYPE_OBJECT)

static void
shared_sink_free (gpointer data)
{
  SharedSink *s = data;

  scalyr_log_sink_close (s->sink);
  g_object_unref (s->sink);
  g_free (s->path);
  g_free (s);
}

static void
instance_free (gpointer data)
{
  Instance *inst = data;

  g_free (inst->name);
  g_free (inst->module);
  g_free (inst->id);
  json_node_unref (inst->entry);
  g_clear_object (&inst->monitor);
  g_clear_object (&inst->logger);
  g_clear_object (&inst->store);
  g_free (inst->state);
  g_free (inst->error);
  g_clear_pointer (&inst->load, scalyr_monitor_load_job_unref);
  g_free (inst);
}

static void
scalyr_monitor_manager_dispose (GObject *object)
{
  ScalyrMonitorManager *self = SCALYR_MONITOR_MANAGER (object);

  if (self->instances != NULL && self->instances->len > 0)
    scalyr_monitor_manager_stop_all (self);
  G_OBJECT_CLASS (scalyr_monitor_manager_parent_class)->dispose (object);
}

static void
scalyr_monitor_manager_finalize (GObject *object)
{
  ScalyrMonitorManager *self = SCALYR_MONITOR_MANAGER (object);

  g_ptr_array_unref (self->instances);
  g_hash_table_unref (self->sinks);
  g_clear_object (&self->registry);
  g_clear_object (&self->agent_logger);
  g_clear_object (&self->config);
  g_ptr_array_unref (self->abandoned);
  g_free (self->globals);
  G_OBJECT_CLASS (scalyr_monitor_manager_parent_class)->finalize (object);
}

static void
scalyr_monitor_manager_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ScalyrMonitorManager *self = SCALYR_MONITOR_MANAGER (object);

  switch (prop_id)
    {
    case PROP_AGENT_LOGGER:
      g_value_set_object (value, self->agent_logger);
      break;
    case PROP_STOP_TIMEOUT:
      g_value_set_uint (value, self->stop_timeout_ms);
      break;
    case PROP_LOAD_TIMEOUT:
      g_value_set_uint (value, self->load_timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_manager_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ScalyrMonitorManager *self = SCALYR_MONITOR_MANAGER (object);

  switch (prop_id)
    {
    case PROP_AGENT_LOGGER:
      self->agent_logger = g_value_dup_object (value);
      break;
    case PROP_STOP_TIMEOUT:
      scalyr_monitor_manager_set_stop_timeout (self, g_value_get_uint (value));
      break;
    case PROP_LOAD_TIMEOUT:
      scalyr_monitor_manager_set_load_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_manager_constructed (GObject *object)
{
  ScalyrMonitorManager *self = SCALYR_MONITOR_MANAGER (object);

  G_OBJECT_CLASS (scalyr_monitor_manager_parent_class)->constructed (object);
  if (self->agent_logger == NULL)
    self->agent_logger = scalyr_agent_logger_new ("scalyr_agent.monitors_manager", "");
}

static void
scalyr_monitor_manager_class_init (ScalyrMonitorManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = scalyr_monitor_manager_dispose;
  object_class->finalize = scalyr_monitor_manager_finalize;
  object_class->get_property = scalyr_monitor_manager_get_property;
  object_class->set_property = scalyr_monitor_manager_set_property;
  object_class->constructed = scalyr_monitor_manager_constructed;

  /**
   * ScalyrMonitorManager:agent-logger:
   *
   * The agent's own logger (component `core`): the manager reports there,
   * and every monitor's diagnostics go to its diagnostic sink.
   */
  properties[PROP_AGENT_LOGGER] =
    g_param_spec_object ("agent-logger", NULL, NULL, SCALYR_TYPE_AGENT_LOGGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorManager:stop-timeout:
   *
   * How long, in milliseconds, stopping waits for the monitors' threads
   * (all together, not each). A monitor still running then is reported by
   * name and abandoned.
   */
  properties[PROP_STOP_TIMEOUT] =
    g_param_spec_uint ("stop-timeout", NULL, NULL, 0, 600000, 5000,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorManager:load-timeout:
   *
   * How long, in milliseconds, a monitor may take to be built: its module
   * loaded (a Python or JavaScript module runs its top level then) and its
   * initialize run. A monitor still loading then is reported as failed, by
   * name, and its loading thread abandoned; the other monitors run all
   * along. The agent sets it from `monitor_load_timeout`.
   *
   * Since: 0.2
   */
  properties[PROP_LOAD_TIMEOUT] =
    g_param_spec_uint ("load-timeout", NULL, NULL, 0, 3600000, 30000,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scalyr_monitor_manager_init (ScalyrMonitorManager *self)
{
  self->instances = g_ptr_array_new_with_free_func (instance_free);
  self->sinks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, shared_sink_free);
  self->abandoned = g_ptr_array_new_with_free_func ((GDestroyNotify) scalyr_monitor_load_job_unref);
}

/**
 * scalyr_monitor_manager_new:
 * @agent_logger: (nullable): the agent's logger; %NULL for a new one
 *
 * Returns: (transfer full): a manager running no monitor yet
 *
 * Since: 0.1
 */
ScalyrMonitorManager *
scalyr_monitor_manager_new (ScalyrAgentLogger *agent_logger)
{
  g_return_val_if_fail (agent_logger == NULL || SCALYR_IS_AGENT_LOGGER (agent_logger), NULL);
  return g_object_new (SCALYR_TYPE_MONITOR_MANAGER, "agent-logger", agent_logger, NULL);
}

/**
 * scalyr_monitor_manager_get_stop_timeout:
 * @self: a #ScalyrMonitorManager
 *
 * Returns: the #ScalyrMonitorManager:stop-timeout in milliseconds
 *
 * Since: 0.1
 */
guint
scalyr_monitor_manager_get_stop_timeout (ScalyrMonitorManager *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_MANAGER (self), 0);
  return self->stop_timeout_ms;
}

/**
 * scalyr_monitor_manager_set_stop_timeout:
 * @self: a #ScalyrMonitorManager
 * @timeout_ms: milliseconds
 *
 * Sets the #ScalyrMonitorManager:stop-timeout.
 *
 * Since: 0.1
 */
void
scalyr_monitor_manager_set_stop_timeout (ScalyrMonitorManager *self,
                                         guint                 timeout_ms)
{
  g_return_if_fail (SCALYR_IS_MONITOR_MANAGER (self));
  if (self->stop_timeout_ms == timeout_ms)
    return;
  self->stop_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOP_TIMEOUT]);
}

/**
 * scalyr_monitor_manager_get_load_timeout:
 * @self: a #ScalyrMonitorManager
 *
 * Returns: the #ScalyrMonitorManager:load-timeout in milliseconds
 *
 * Since: 0.2
 */
guint
scalyr_monitor_manager_get_load_timeout (ScalyrMonitorManager *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_MANAGER (self), 0);
  return self->load_timeout_ms;
}

/**
 * scalyr_monitor_manager_set_load_timeout:
 * @self: a #ScalyrMonitorManager
 * @timeout_ms: milliseconds
 *
 * Sets the #ScalyrMonitorManager:load-timeout, for the monitors started
 * from now on.
 *
 * Since: 0.2
 */
void
scalyr_monitor_manager_set_load_timeout (ScalyrMonitorManager *self,
                                         guint                 timeout_ms)
{
  g_return_if_fail (SCALYR_IS_MONITOR_MANAGER (self));
  if (self->load_timeout_ms == timeout_ms)
    return;
  self->load_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_TIMEOUT]);
}

/**
 * scalyr_monitor_manager_new_registry:
 * @config: the agent configuration
 *
 * Returns: (transfer full): a registry searching
 *   `additional_monitor_module_paths` first, then the default directories
 *
 * Since: 0.1
 */
ScalyrMonitorRegistry *
scalyr_monitor_manager_new_registry (ScalyrAgentConfig *config)
{
  ScalyrMonitorRegistry *registry = scalyr_monitor_registry_new ();
  const char *paths = scalyr_agent_config_get_string (config, "additional_monitor_module_paths");

  if (paths != NULL && paths[0] != '\0')
    scalyr_monitor_registry_add_search_paths (registry, paths);
  return registry;
}

/* the global settings every monitor depends on */
static char *
globals_of (ScalyrAgentConfig *config)
{
  static const char * const names[] = {
    "agent_log_path", "global_monitor_sample_interval", "global_monitor_sample_interval_enable_jitter",
    "log_rotation_max_bytes", "log_rotation_backup_count", "additional_monitor_module_paths",
  };
  JsonObject *object = scalyr_agent_config_get_object (config);
  g_autoptr(GString) text = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *v = json_to_string (json_object_get_member (object, names[i]), FALSE);
      g_string_append_printf (text, "%s=%s;", names[i], v);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "Failed to start monitor": from this file, as agent.log always said */
void
scalyr_monitor_manager_report_failure (ScalyrMonitorManager *self,
                                       Instance             *inst)
{
  g_autofree char *message = g_strdup_printf (_("Failed to start monitor %s: %s"), inst->name, inst->error);
  g_autoptr(ScalyrAgentLogger) logger = scalyr_monitor_manager_dup_instance_core_logger (self, inst);

  scalyr_agent_logger_log_full (logger, SCALYR_LOG_LEVEL_ERROR, __FILE__, __LINE__,
                                "failedMonitor", NULL, NULL, 0, message);
}

/* how long scalyr_monitor_manager_apply() waits for the new monitors */
#define APPLY_WAIT_MS 1000

/* ---- stopping ---- */

static void
release_sink (ScalyrMonitorManager *self,
              Instance             *inst)
{
  if (inst->sink == NULL)
    return;
  scalyr_log_sink_flush (inst->sink->sink, NULL);
  if (--inst->sink->users == 0)
    g_hash_table_remove (self->sinks, inst->sink->path);
  inst->sink = NULL;
}

/* Stops @list (Instance *) together within the stop timeout; returns how
 * many did not stop. The instances are freed. */
static guint
stop_instances (ScalyrMonitorManager *self,
                GPtrArray            *list)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) self->stop_timeout_ms * 1000;
  guint stuck = 0;

  for (guint i = 0; i < list->len; i++)
    {
      Instance *inst = g_ptr_array_index (list, i);

      if (inst->load != NULL && !scalyr_monitor_load_job_is_done (inst->load))
        {
          g_autofree char *message = g_strdup_printf (
            _("Monitor %s was still loading (its module's import or initialize has not returned); "
              "abandoning its loading thread"), inst->name);
          scalyr_agent_logger_log_full (self->agent_logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                        "stuckMonitor", NULL, NULL, 0, message);
        }
      scalyr_monitor_manager_abandon_load (self, inst);
      if (inst->monitor != NULL)
        scalyr_monitor_stop (inst->monitor, 0);   /* ask all first */
    }
  for (guint i = 0; i < list->len; i++)
    {
      Instance *inst = g_ptr_array_index (list, i);
      gint64 left = MAX (deadline - g_get_monotonic_time (), 0);

      if (inst->monitor == NULL)
        continue;
      /* its thread ended and its stop returned */
      inst->stopped = scalyr_monitor_stop (inst->monitor, (guint) (left / 1000));
      if (!inst->stopped)
        stuck++;
    }
  for (guint i = 0; i < list->len; i++)
    {
      Instance *inst = g_ptr_array_index (list, i);
      if (inst->monitor != NULL && !inst->stopped)
        {
          g_autofree char *message = g_strdup_printf (
            _("Monitor %s did not stop within %u ms (stuck in gather_sample or stop?); abandoning its thread"),
            inst->name, self->stop_timeout_ms);
          scalyr_agent_logger_log_full (self->agent_logger, SCALYR_LOG_LEVEL_ERROR, __FILE__, __LINE__,
                                        "stuckMonitor", NULL, NULL, 0, message);
        }
      else if (inst->monitor != NULL)
        {
          g_autoptr(ScalyrAgentLogger) logger = scalyr_monitor_manager_dup_instance_core_logger (self, inst);

          scalyr_agent_logger_logf (logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                                    _("Stopped monitor %s"), inst->name);
        }
      release_sink (self, inst);
    }
  g_ptr_array_set_size (list, 0);
  return stuck;
}

/**
 * scalyr_monitor_manager_apply:
 * @self: a #ScalyrMonitorManager
 * @config: the configuration to run
 *
 * Makes the running monitors those of @config: stops the instances whose
 * entry is gone or changed, starts the new and changed ones, and leaves
 * the others running. A change of the global settings the monitors use
 * (log directory, default sample interval, jitter, rotation, module
 * paths) restarts every monitor. Problems are reported in the agent log
 * and in the status; they do not stop the other monitors.
 *
 * The new monitors are built on threads of their own, and this waits for
 * them at most a second (or #ScalyrMonitorManager:load-timeout if shorter):
 * those built start now, in the order of their entries; a monitor whose
 * module is still loading then is left in the state `loading` for
 * scalyr_monitor_manager_check_loads().
 *
 * Since: 0.1
 */
void
scalyr_monitor_manager_apply (ScalyrMonitorManager *self,
                              ScalyrAgentConfig    *config)
{
  JsonArray *monitors;
  g_auto(GStrv) ids = NULL;
  g_autofree char *globals = NULL;
  g_autoptr(GPtrArray) keep = NULL;      /* old instances kept, by new index */
  g_autoptr(GPtrArray) to_stop = g_ptr_array_new_with_free_func (instance_free);
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func (instance_free);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  guint n, started = 0, kept = 0, loading = 0;

  g_return_if_fail (SCALYR_IS_MONITOR_MANAGER (self));
  g_return_if_fail (SCALYR_IS_AGENT_CONFIG (config));

  monitors = scalyr_agent_config_get_monitors (config);
  n = json_array_get_length (monitors);
  ids = scalyr_monitor_manager_assign_ids (monitors);
  globals = globals_of (config);
  keep = g_ptr_array_new ();
  g_ptr_array_set_size (keep, n);
  g_set_object (&self->config, config);

  if (g_strcmp0 (globals, self->globals) != 0)
    {
      g_clear_object (&self->registry);
      self->registry = scalyr_monitor_manager_new_registry (config);
      g_free (self->globals);
      self->globals = g_strdup (globals);
      /* everything restarts */
      while (self->instances->len > 0)
        g_ptr_array_add (to_stop, g_ptr_array_steal_index (self->instances, 0));
    }

  /* match old instances with new entries: same name, same entry */
  while (self->instances->len > 0)
    {
      Instance *inst = g_ptr_array_steal_index (self->instances, 0);
      gboolean matched = FALSE;

      for (guint i = 0; i < n && !matched; i++)
        {
          JsonNode *entry = json_array_get_element (monitors, i);
          g_autofree char *name = g_strdup_printf ("%s(%s)",
            scalyr_monitor_module_short_name (json_object_get_string_member_with_default (json_node_get_object (entry), "module", "")),
            ids[i]);

          if (g_ptr_array_index (keep, i) == NULL && g_str_equal (name, inst->name) &&
              json_node_equal (entry, inst->entry) &&
              (g_strcmp0 (inst->state, "running") == 0 || g_strcmp0 (inst->state, "loading") == 0))
            {
              g_ptr_array_index (keep, i) = inst;
              matched = TRUE;
            }
        }
      if (!matched)
        g_ptr_array_add (to_stop, inst);
    }

  if (to_stop->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < to_stop->len; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", ((Instance *) g_ptr_array_index (to_stop, i))->name);
      scalyr_agent_logger_logf (self->agent_logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                                _("Stopping monitors removed or changed: %s"), names->str);
      stop_instances (self, to_stop);
    }

  /* every new monitor is built on a thread of its own, all at once */
  for (guint i = 0; i < n; i++)
    {
      Instance *inst = g_ptr_array_index (keep, i);

      if (inst != NULL)
        kept++;
      else
        {
          inst = scalyr_monitor_manager_begin_instance (self, json_array_get_object_element (monitors, i), ids[i]);
          g_ptr_array_add (jobs, inst->load);
        }
      g_ptr_array_add (next, inst);
    }
  scalyr_monitor_load_job_wait_all (jobs, g_get_monotonic_time () +
                                          (gint64) MIN (self->load_timeout_ms, APPLY_WAIT_MS) * 1000);
  /* those built start in the order of their entries; the others go on
   * loading (scalyr_monitor_manager_check_loads()) */
  for (guint i = 0; i < next->len; i++)
    {
      Instance *inst = g_ptr_array_index (next, i);

      if (g_ptr_array_index (keep, i) != NULL || inst->load == NULL)
        continue;
      if (!scalyr_monitor_load_job_is_done (inst->load))
        loading++;
      else
        {
          scalyr_monitor_manager_finish_instance (self, inst);
          if (inst->monitor != NULL)
            started++;
        }
    }
  while (next->len > 0)
    g_ptr_array_add (self->instances, g_ptr_array_steal_index (next, 0));

  if (loading > 0)
    scalyr_agent_logger_logf (self->agent_logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                              _("Monitors: %u started, %u kept running, %u configured, %u still loading "
                                "(failed if not loaded within %g s)"), started, kept, n, loading,
                              self->load_timeout_ms / 1000.0);
  else
    scalyr_agent_logger_logf (self->agent_logger, SCALYR_LOG_LEVEL_INFO, __FILE__, __LINE__,
                              _("Monitors: %u started, %u kept running, %u configured"), started, kept, n);
}

/**
 * scalyr_monitor_manager_stop_all:
 * @self: a #ScalyrMonitorManager
 *
 * Stops every monitor (together, within #ScalyrMonitorManager:stop-timeout)
 * and closes their metric logs. A monitor still loading is not waited for:
 * its loading thread is abandoned, with a warning naming it.
 *
 * Returns: the number of monitors that did not stop in time, counting
 *   those whose loading thread is still running (the process should then
 *   exit without waiting for the threads, as `scalyr-agent` does)
 *
 * Since: 0.1
 */
guint
scalyr_monitor_manager_stop_all (ScalyrMonitorManager *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (instance_free);
  guint stuck;

  g_return_val_if_fail (SCALYR_IS_MONITOR_MANAGER (self), 0);
  while (self->instances->len > 0)
    g_ptr_array_add (all, g_ptr_array_steal_index (self->instances, 0));
  stuck = stop_instances (self, all);
  for (guint i = self->abandoned->len; i-- > 0;)
    {
      ScalyrMonitorLoadJob *job = g_ptr_array_index (self->abandoned, i);

      if (scalyr_monitor_load_job_is_done (job))
        g_ptr_array_remove_index (self->abandoned, i);
      else
        {
          g_autofree char *message = g_strdup_printf (
            _("Monitor %s never finished loading; exiting without waiting for its thread"),
            scalyr_monitor_load_job_get_name (job));
          scalyr_agent_logger_log_full (self->agent_logger, SCALYR_LOG_LEVEL_WARNING, __FILE__, __LINE__,
                                        "stuckMonitor", NULL, NULL, 0, message);
          stuck++;
        }
    }
  g_hash_table_remove_all (self->sinks);
  g_clear_pointer (&self->globals, g_free);
  return stuck;
}

/**
 * scalyr_monitor_manager_set_debug_level:
 * @self: a #ScalyrMonitorManager
 * @debug_level: 0 to 5
 *
 * Applies a new debug level to every monitor's logger, without restarting.
 *
 * Since: 0.1
 */
void
scalyr_monitor_manager_set_debug_level (ScalyrMonitorManager *self,
                                        guint                 debug_level)
{
  g_return_if_fail (SCALYR_IS_MONITOR_MANAGER (self));
  self->debug_level = debug_level;
  for (guint i = 0; i < self->instances->len; i++)
    {
      Instance *inst = g_ptr_array_index (self->instances, i);
      scalyr_agent_logger_set_debug_level (inst->logger, debug_level);
    }
}

/**
 * scalyr_monitor_manager_get_n_monitors:
 * @self: a #ScalyrMonitorManager
 *
 * Returns: the number of configured instances, running or failed
 *
 * Since: 0.1
 */
guint
scalyr_monitor_manager_get_n_monitors (ScalyrMonitorManager *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_MANAGER (self), 0);
  return self->instances->len;
}

/**
 * scalyr_monitor_manager_flush:
 * @self: a #ScalyrMonitorManager
 *
 * Flushes every metric log.
 *
 * Since: 0.1
 */
void
scalyr_monitor_manager_flush (ScalyrMonitorManager *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (SCALYR_IS_MONITOR_MANAGER (self));
  g_hash_table_iter_init (&iter, self->sinks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    scalyr_log_sink_flush (((SharedSink *) value)->sink, NULL);
}

/**
 * scalyr_monitor_manager_check_config:
 * @config: an agent configuration
 * @error: return location for a #GError
 *
 * Builds (without starting) every monitor of @config, the full check of
 * `scalyr-agent --check-config`: unknown modules and bad monitor options
 * are found here. A monitor not built within `monitor_load_timeout` is a
 * failure (its thread is abandoned).
 *
 * Returns: %TRUE if every monitor can be built; otherwise @error lists
 *   every failure, one a line
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_manager_check_config (ScalyrAgentConfig *config,
                                     GError           **error)
{
  g_autoptr(ScalyrMonitorRegistry) registry = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  JsonArray *monitors;
  g_auto(GStrv) ids = NULL;
  int first_code = -1;
  GQuark first_domain = 0;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (config), FALSE);

  registry = scalyr_monitor_manager_new_registry (config);
  monitors = scalyr_agent_config_get_monitors (config);
  ids = scalyr_monitor_manager_assign_ids (monitors);
  for (guint i = 0; i < json_array_get_length (monitors); i++)
    {
      JsonObject *entry = json_array_get_object_element (monitors, i);
      const char *module = json_object_get_string_member_with_default (entry, "module", "");
      g_autoptr(ScalyrAgentLogger) logger = scalyr_agent_logger_new (module, ids[i]);
      g_autoptr(GError) local = NULL;
      g_autoptr(ScalyrMonitor) monitor = NULL;
      g_autofree char *name = g_strdup_printf ("%s(%s)", scalyr_monitor_module_short_name (module), ids[i]);

      monitor = scalyr_monitor_manager_build_bounded (registry, config, entry, name, logger, &local);
      if (monitor == NULL)
        {
          if (first_code < 0)
            {
              first_code = local->code;
              first_domain = local->domain;
            }
          if (problems->len > 0)
            g_string_append_c (problems, '\n');
          g_string_append_printf (problems, "%s: monitors[%u] (%s(%s)): %s", scalyr_agent_config_get_path (config),
                                  i, scalyr_monitor_module_short_name (module), ids[i], local->message);
        }
    }
  if (first_code >= 0)
    {
      g_set_error_literal (error, first_domain, first_code, problems->str);
      return FALSE;
    }
  return TRUE;
}
