/* scalyr-monitor-construct.c: a monitor built from its configuration entry:
 * GInitable, scalyr_monitor_new() and the common fields of the entry
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-describe-private.h"
#include "scalyr-monitor-private.h"
#include "scalyr-monitor-construct-private.h"
#include "scalyr-monitor-module.h"
#include "scalyr-config-describe.h"
#include "scalyr-config-convert-private.h"

#include <math.h>
#include "scalyr-i18n-private.h"

static ScalyrMonitorOption *
find_common_option (const char *name)
{
  GPtrArray *common = scalyr_config_monitor_common_options ();

  for (guint i = 0; i < common->len; i++)
    if (g_str_equal (scalyr_monitor_option_get_name (g_ptr_array_index (common, i)), name))
      return g_ptr_array_index (common, i);
  g_assert_not_reached ();
}

/* stores one common field's value (NULL: none, which keeps a number as
 * it is) */
static void
set_common_field (ScalyrMonitor *self,
                  const char    *name,
                  const GValue  *v)
{
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_private (self);

  if (g_str_equal (name, "sample_interval") && v != NULL)
    scalyr_monitor_set_sample_interval (self, g_value_get_double (v));
  else if (g_str_equal (name, "monitor_log_write_rate") && v != NULL)
    priv->write_rate = g_value_get_int64 (v);
  else if (g_str_equal (name, "monitor_log_max_write_burst") && v != NULL)
    priv->max_write_burst = g_value_get_int64 (v);
  else if (g_str_equal (name, "monitor_log_flush_delay") && v != NULL)
    priv->flush_delay = g_value_get_double (v);
  else if (g_str_equal (name, "metric_name_blacklist"))
    scalyr_agent_logger_set_metric_name_blacklist (priv->logger,
                                                   v != NULL ? g_value_get_boxed (v) : NULL);
  else if (g_str_equal (name, "log_path"))
    {
      g_autofree char *path = v != NULL ? g_value_dup_string (v)
                                        : g_strconcat (priv->short_module_name, ".log", NULL);
      scalyr_monitor_set_log_path (self, path);
    }
}

/* Reads the common fields of the entry by their declarations
 * (scalyr_config_dup_monitor_common_options()), each once; the default of
 * sample_interval is #ScalyrMonitor:sample-interval as constructed. The
 * module and id are read before; log_rotation_* by whoever opens the
 * metric log (the monitor manager), where the global defaults are known;
 * stop_agent_on_failure by the monitor manager. */
static gboolean
read_common_fields (ScalyrMonitor *self,
                    GError       **error)
{
  static const char * const read_here[] = {
    "sample_interval", "monitor_log_write_rate", "monitor_log_max_write_burst",
    "monitor_log_flush_delay", "metric_name_blacklist", "log_path", NULL
  };
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_private (self);
  GPtrArray *common = scalyr_config_monitor_common_options ();
  g_auto(GValue) interval = G_VALUE_INIT;

  g_value_init (&interval, G_TYPE_DOUBLE);
  g_value_set_double (&interval, priv->sample_interval);
  for (guint i = 0; i < common->len; i++)
    {
      ScalyrMonitorOption *option = g_ptr_array_index (common, i);
      const char *name = scalyr_monitor_option_get_name (option);
      gboolean is_interval = g_str_equal (name, "sample_interval");
      g_auto(GValue) v = G_VALUE_INIT;
      GError *local_error = NULL;
      gboolean found;

      if (!g_strv_contains (read_here, name))
        continue;
      found = scalyr_monitor_config_get_declared_value (priv->config, option,
                                                        is_interval ? &interval : NULL,
                                                        &v, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      /* "nan" passes the bounds (the reference's MonitorConfig.get): not
       * here, where it would become a wait */
      if (found && !scalyr_config_check_finite (&v, option, error))
        {
          g_prefix_error (error, _("%s: field \"%s\": "), priv->monitor_name, name);
          return FALSE;
        }
      /* a field present with null: the declared default, as the typed
       * getters give */
      set_common_field (self, name, found ? &v : scalyr_monitor_option_get_default_value (option));
    }
  return TRUE;
}

static gboolean
scalyr_monitor_initable_init (GInitable     *initable,
                              GCancellable  *cancellable,
                              GError       **error)
{
  ScalyrMonitor *self = SCALYR_MONITOR (initable);
  ScalyrMonitorPrivate *priv = scalyr_monitor_get_private (self);
  g_autoptr(GPtrArray) options = NULL;

  (void) cancellable;

  if (priv->config == NULL)
    priv->config = scalyr_monitor_config_new (NULL, NULL);

  if (priv->module_name == NULL)
    {
      priv->module_name = scalyr_monitor_config_dup_string (priv->config, "module", SCALYR_CONFIG_NONE,
                                                            NULL, NULL);
      if (priv->module_name == NULL && priv->logger != NULL)
        priv->module_name = g_strdup (scalyr_agent_logger_get_module_name (priv->logger));
      if (priv->module_name == NULL)
        priv->module_name = g_strdup (G_OBJECT_TYPE_NAME (self));
    }
  priv->short_module_name = g_strdup (scalyr_monitor_module_short_name (priv->module_name));

  if (priv->monitor_id == NULL)
    {
      JsonObject *entry = scalyr_monitor_config_get_entry (priv->config);
      JsonNode *id = json_object_get_member (entry, "id");

      if (id != NULL && JSON_NODE_HOLDS_VALUE (id))
        priv->monitor_id = scalyr_monitor_config_dup_string (priv->config, "id", SCALYR_CONFIG_NONE, "", NULL);
      if (priv->monitor_id == NULL)
        priv->monitor_id = g_strdup ("");
    }
  priv->monitor_name = g_strdup_printf ("%s(%s)", priv->short_module_name, priv->monitor_id);
  scalyr_monitor_config_set_monitor_name (priv->config, priv->monitor_name);

  if (priv->logger == NULL)
    priv->logger = scalyr_agent_logger_new (priv->module_name, priv->monitor_id);

  /* e.g. an env-aware option set both in the entry and the environment */
  g_signal_connect_object (priv->config, "warning", G_CALLBACK (scalyr_monitor_log_config_warning), self, 0);

  options = scalyr_monitor_list_options (G_OBJECT_TYPE (self));
  if (!scalyr_monitor_config_apply_options (priv->config, options, error))
    return FALSE;
  if (!read_common_fields (self, error))
    return FALSE;

  return SCALYR_MONITOR_GET_CLASS (self)->initialize (self, error);
}

void
scalyr_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = scalyr_monitor_initable_init;
}

/**
 * scalyr_monitor_new:
 * @monitor_type: a #ScalyrMonitor subclass
 * @module_name: (nullable): the module as configured; %NULL to take the
 *   entry's `module` field
 * @config: (nullable): the configuration entry; %NULL for an empty one
 * @logger: (nullable): the logger; %NULL to create one
 * @sample_interval: the default sample interval in seconds (the entry's
 *   `sample_interval` wins); checked like the entry's: an interval that is
 *   not greater than 0, above a year (31536000 seconds) or not a finite
 *   number is a %SCALYR_MONITOR_ERROR_OUT_OF_RANGE error
 * @error: return location for a #GError
 *
 * Builds and initializes a monitor: declared options, common fields, then
 * #ScalyrMonitorClass.initialize. Configuration errors are
 * %SCALYR_MONITOR_ERROR errors naming the monitor and the field.
 *
 * Returns: (transfer full) (nullable): the monitor, or %NULL with @error set
 *
 * Since: 0.1
 */
ScalyrMonitor *
scalyr_monitor_new (GType                monitor_type,
                    const char          *module_name,
                    ScalyrMonitorConfig *config,
                    ScalyrAgentLogger   *logger,
                    double               sample_interval,
                    GError             **error)
{
  g_return_val_if_fail (g_type_is_a (monitor_type, SCALYR_TYPE_MONITOR), NULL);
  g_return_val_if_fail (config == NULL || SCALYR_IS_MONITOR_CONFIG (config), NULL);
  g_return_val_if_fail (logger == NULL || SCALYR_IS_AGENT_LOGGER (logger), NULL);
  g_return_val_if_fail (isnan (sample_interval) || sample_interval >= 0, NULL);

  if (!isfinite (sample_interval))
    {
      /* not a value of #ScalyrMonitor:sample-interval: refused before the
       * monitor (and its name) exists */
      g_auto(GValue) v = G_VALUE_INIT;

      g_value_init (&v, G_TYPE_DOUBLE);
      g_value_set_double (&v, sample_interval);
      scalyr_config_check_finite (&v, find_common_option ("sample_interval"), error);
      g_prefix_error (error, _("field \"sample_interval\" (the default interval): "));
      return NULL;
    }

  return g_initable_new (monitor_type, NULL, error,
                         "module-name", module_name,
                         "config", config,
                         "logger", logger,
                         "monitor-id", logger != NULL ? scalyr_agent_logger_get_monitor_id (logger) : NULL,
                         "sample-interval", sample_interval,
                         NULL);
}
