/* scalyr-monitor-module.c: a monitor module found by the registry
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-monitor-module-private.h"
#include "scalyr-config-describe.h"
#include "scalyr-monitor.h"

/**
 * ScalyrMonitorModule:
 *
 * A loaded monitor module: its name, the file it came from, its language
 * and the #ScalyrMonitor subclass it defines. Returned by
 * scalyr_monitor_registry_lookup().
 *
 * Thread safety: a module does not change once the registry returns it;
 * its methods may be called from any thread.
 *
 * Since: 0.1
 */
struct _ScalyrMonitorModule
{
  GObject parent_instance;

  char *name;
  char *short_name;
  char *path;
  char *language;
  char *replaces;
  GType monitor_type;
};

G_DEFINE_FINAL_TYPE (ScalyrMonitorModule, scalyr_monitor_module, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_PATH,
  PROP_LANGUAGE,
  PROP_MONITOR_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
scalyr_monitor_module_finalize (GObject *object)
{
  ScalyrMonitorModule *self = SCALYR_MONITOR_MODULE (object);

  g_free (self->name);
  g_free (self->short_name);
  g_free (self->path);
  g_free (self->language);
  g_free (self->replaces);
  G_OBJECT_CLASS (scalyr_monitor_module_parent_class)->finalize (object);
}

static void
scalyr_monitor_module_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ScalyrMonitorModule *self = SCALYR_MONITOR_MODULE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_MONITOR_TYPE:
      g_value_set_gtype (value, self->monitor_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_module_class_init (ScalyrMonitorModuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = scalyr_monitor_module_finalize;
  object_class->get_property = scalyr_monitor_module_get_property;

  /**
   * ScalyrMonitorModule:name:
   *
   * The name the module was looked up by.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitorModule:path:
   *
   * The module file, or %NULL for a monitor built into the library.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitorModule:language:
   *
   * The language of the module: `C`, `Python` or `JavaScript`.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitorModule:monitor-type:
   *
   * The #ScalyrMonitor subclass the module defines.
   */
  properties[PROP_MONITOR_TYPE] =
    g_param_spec_gtype ("monitor-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scalyr_monitor_module_init (ScalyrMonitorModule *self)
{
  (void) self;
}

/**
 * scalyr_monitor_module_short_name:
 * @module_name: a module name as configured, e.g.
 *   `scalyr_agent.builtin_monitors.test_monitor`
 *
 * The short name of a module: the last dotted component of @module_name,
 * e.g. `test_monitor`; @module_name itself when it has no dot. Monitors,
 * their loggers and metric logs, and the agent's instance ids are named
 * after it.
 *
 * Thread safety: may be called from any thread.
 *
 * Returns: (transfer none): a pointer into @module_name
 *
 * Since: 0.2
 */
const char *
scalyr_monitor_module_short_name (const char *module_name)
{
  const char *dot;

  g_return_val_if_fail (module_name != NULL, NULL);
  dot = strrchr (module_name, '.');
  return dot != NULL ? dot + 1 : module_name;
}

ScalyrMonitorModule *
scalyr_monitor_module_new (const char *name,
                           const char *path,
                           const char *language,
                           GType       monitor_type)
{
  ScalyrMonitorModule *self = g_object_new (SCALYR_TYPE_MONITOR_MODULE, NULL);

  self->name = g_strdup (name);
  self->short_name = g_strdup (scalyr_monitor_module_short_name (name));
  self->path = g_strdup (path);
  self->language = g_strdup (language);
  self->monitor_type = monitor_type;
  return self;
}

/* Records that this builtin module is used in place of @path, a reference
 * checkout's version of the same monitor (see ScalyrMonitorRegistry). */
void
scalyr_monitor_module_set_replaces (ScalyrMonitorModule *self,
                                    const char          *path)
{
  g_free (self->replaces);
  self->replaces = g_strdup (path);
}

/**
 * scalyr_monitor_module_get_name:
 * @self: a #ScalyrMonitorModule
 *
 * Returns: the #ScalyrMonitorModule:name
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_module_get_name (ScalyrMonitorModule *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_MODULE (self), NULL);
  return self->name;
}

/**
 * scalyr_monitor_module_get_short_name:
 * @self: a #ScalyrMonitorModule
 *
 * Returns: the last dotted component of the name
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_module_get_short_name (ScalyrMonitorModule *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_MODULE (self), NULL);
  return self->short_name;
}

/**
 * scalyr_monitor_module_get_path:
 * @self: a #ScalyrMonitorModule
 *
 * Returns: (nullable) (type filename): the #ScalyrMonitorModule:path
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_module_get_path (ScalyrMonitorModule *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_MODULE (self), NULL);
  return self->path;
}

/**
 * scalyr_monitor_module_get_language:
 * @self: a #ScalyrMonitorModule
 *
 * Returns: the #ScalyrMonitorModule:language
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_module_get_language (ScalyrMonitorModule *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_MODULE (self), NULL);
  return self->language;
}

/**
 * scalyr_monitor_module_get_monitor_type:
 * @self: a #ScalyrMonitorModule
 *
 * Returns: the #ScalyrMonitorModule:monitor-type
 *
 * Since: 0.1
 */
GType
scalyr_monitor_module_get_monitor_type (ScalyrMonitorModule *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_MODULE (self), G_TYPE_INVALID);
  return self->monitor_type;
}

/**
 * scalyr_monitor_module_describe:
 * @self: a #ScalyrMonitorModule
 *
 * Describes the module for people: its file, language, description, the
 * configuration options it declares (name, type, default, bounds, whether
 * required, environment variable) and the metrics and log fields it
 * declares. This is what `scalyr-run-monitor --inspect` prints.
 *
 * Returns: (transfer full): the description, several lines of text
 *
 * Since: 0.1
 */
char *
scalyr_monitor_module_describe (ScalyrMonitorModule *self)
{
  g_autoptr(GPtrArray) options = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  const char *description;
  GString *out;
  guint n_fields = 0;

  g_return_val_if_fail (SCALYR_IS_MONITOR_MODULE (self), NULL);

  options = scalyr_monitor_list_options (self->monitor_type);
  metrics = scalyr_monitor_list_metrics (self->monitor_type);
  description = scalyr_monitor_get_type_description (self->monitor_type);

  out = g_string_new (NULL);
  g_string_append_printf (out, "Module:      %s\n", self->name);
  g_string_append_printf (out, "File:        %s\n", self->path != NULL ? self->path : "(linked into the program)");
  g_string_append_printf (out, "Language:    %s\n", self->language);
  if (self->replaces != NULL)
    g_string_append_printf (out, "Replaces:    %s (a reference checkout's version of this builtin "
                            "monitor, found first in the search path; the builtin module emits the same "
                            "lines)\n", self->replaces);
  g_string_append_printf (out, "Type:        %s\n", g_type_name (self->monitor_type));
  if (description != NULL)
    g_string_append_printf (out, "Description: %s\n", description);

  g_string_append (out, "\nConfiguration options:\n");
  if (options->len == 0)
    g_string_append (out, "  (none declared)\n");
  for (guint i = 0; i < options->len; i++)
    {
      ScalyrMonitorOption *option = g_ptr_array_index (options, i);
      g_autofree char *line = scalyr_config_describe_option (option);
      const char *desc = scalyr_monitor_option_get_description (option);

      g_string_append_printf (out, "  %s\n", line);
      if (desc != NULL && desc[0] != '\0')
        g_string_append_printf (out, "      %s\n", desc);
    }

  g_string_append (out, "\nMetrics:\n");
  for (guint pass = 0; pass < 2; pass++)
    {
      guint shown = 0;

      if (pass == 1)
        {
          for (guint i = 0; i < metrics->len; i++)
            n_fields += scalyr_monitor_metric_get_is_log_field (g_ptr_array_index (metrics, i));
          if (n_fields == 0)
            break;
          g_string_append (out, "\nLog fields:\n");
        }
      for (guint i = 0; i < metrics->len; i++)
        {
          ScalyrMonitorMetric *metric = g_ptr_array_index (metrics, i);
          const char * const *fields = scalyr_monitor_metric_get_extra_fields (metric);
          const char *unit = scalyr_monitor_metric_get_unit (metric);
          const char *desc = scalyr_monitor_metric_get_description (metric);

          if (scalyr_monitor_metric_get_is_log_field (metric) != (pass == 1))
            continue;
          shown++;
          g_string_append_printf (out, "  %s", scalyr_monitor_metric_get_name (metric));
          if (fields != NULL && fields[0] != NULL)
            {
              g_autofree char *joined = g_strjoinv (", ", (char **) fields);
              g_string_append_printf (out, " [fields: %s]", joined);
            }
          if (unit != NULL)
            g_string_append_printf (out, " (unit %s)", unit);
          if (scalyr_monitor_metric_get_cumulative (metric))
            g_string_append (out, " (cumulative)");
          g_string_append_c (out, '\n');
          if (desc != NULL && desc[0] != '\0')
            g_string_append_printf (out, "      %s\n", desc);
        }
      if (pass == 0 && shown == 0)
        g_string_append (out, "  (none declared)\n");
    }

  g_string_append (out,
                   "\nCommon options of every monitor: id, sample_interval, monitor_log_write_rate,\n"
                   "monitor_log_max_write_burst, monitor_log_flush_delay, metric_name_blacklist,\n"
                   "log_rotation_max_bytes, log_rotation_backup_count, log_path.\n");
  return g_string_free (out, FALSE);
}
