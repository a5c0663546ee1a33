/* scalyr-monitor-declarations.c: what a monitor type declares about
 * itself (description, options, metrics and log fields), kept per type for
 * scalyr_monitor_new() and `scalyr-run-monitor --inspect`
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor.h"

typedef struct {
  char *description;
  GPtrArray *options;
  GPtrArray *metrics;
} TypeDeclarations;

static GMutex declarations_lock;
static GHashTable *declarations;   /* GType -> TypeDeclarations */

static TypeDeclarations *
get_declarations_locked (GType type,
                         gboolean create)
{
  TypeDeclarations *decl;

  if (declarations == NULL)
    {
      if (!create)
        return NULL;
      declarations = g_hash_table_new (NULL, NULL);
    }
  decl = g_hash_table_lookup (declarations, GSIZE_TO_POINTER (type));
  if (decl == NULL && create)
    {
      decl = g_new0 (TypeDeclarations, 1);
      decl->options = g_ptr_array_new_with_free_func (g_object_unref);
      decl->metrics = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (declarations, GSIZE_TO_POINTER (type), decl);
    }
  return decl;
}

/* Declarations are made in class_init: make sure it ran. Classes of static
 * types are never finalized, so the reference can be dropped at once. */
static void
ensure_class (GType monitor_type)
{
  g_type_class_unref (g_type_class_ref (monitor_type));
}

/**
 * scalyr_monitor_declare_description:
 * @monitor_type: a #ScalyrMonitor subclass
 * @description: what the monitor does, for `scalyr-run-monitor --inspect`
 *
 * Documents a monitor type. Usually called from its class_init.
 *
 * Since: 0.1
 */
void
scalyr_monitor_declare_description (GType       monitor_type,
                                    const char *description)
{
  TypeDeclarations *decl;

  g_return_if_fail (g_type_is_a (monitor_type, SCALYR_TYPE_MONITOR));

  g_mutex_lock (&declarations_lock);
  decl = get_declarations_locked (monitor_type, TRUE);
  g_free (decl->description);
  decl->description = g_strdup (description);
  g_mutex_unlock (&declarations_lock);
}

/**
 * scalyr_monitor_get_type_description:
 * @monitor_type: a #ScalyrMonitor subclass
 *
 * Returns: (nullable): the description declared for @monitor_type
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_get_type_description (GType monitor_type)
{
  TypeDeclarations *decl;
  const char *description;

  g_return_val_if_fail (g_type_is_a (monitor_type, SCALYR_TYPE_MONITOR), NULL);

  ensure_class (monitor_type);
  g_mutex_lock (&declarations_lock);
  decl = get_declarations_locked (monitor_type, FALSE);
  description = decl != NULL ? decl->description : NULL;
  g_mutex_unlock (&declarations_lock);
  return description;
}

/**
 * scalyr_monitor_declare_option:
 * @monitor_type: a #ScalyrMonitor subclass
 * @option: (transfer full): the option; a floating or owned reference is taken
 *
 * Declares a configuration option of a monitor type (the reference's
 * `define_config_option`). When a monitor of that type (or a subclass) is
 * built, the option is validated and converted: required options must be
 * present, bounds are checked, the default is filled in, and env-aware
 * options are read from their environment variable.
 *
 * Since: 0.1
 */
void
scalyr_monitor_declare_option (GType                monitor_type,
                               ScalyrMonitorOption *option)
{
  TypeDeclarations *decl;

  g_return_if_fail (g_type_is_a (monitor_type, SCALYR_TYPE_MONITOR));
  g_return_if_fail (SCALYR_IS_MONITOR_OPTION (option));

  g_mutex_lock (&declarations_lock);
  decl = get_declarations_locked (monitor_type, TRUE);
  for (guint i = 0; i < decl->options->len; i++)
    {
      ScalyrMonitorOption *old = g_ptr_array_index (decl->options, i);

      if (g_strcmp0 (scalyr_monitor_option_get_name (old), scalyr_monitor_option_get_name (option)) == 0)
        {
          g_ptr_array_remove_index (decl->options, i);
          break;
        }
    }
  g_ptr_array_add (decl->options, option);
  g_mutex_unlock (&declarations_lock);
}

/**
 * scalyr_monitor_declare_metric:
 * @monitor_type: a #ScalyrMonitor subclass
 * @metric: (transfer full): the metric or log field description
 *
 * Documents a metric or log field a monitor type emits (the reference's
 * `define_metric` and `define_log_field`).
 *
 * Since: 0.1
 */
void
scalyr_monitor_declare_metric (GType                monitor_type,
                               ScalyrMonitorMetric *metric)
{
  TypeDeclarations *decl;

  g_return_if_fail (g_type_is_a (monitor_type, SCALYR_TYPE_MONITOR));
  g_return_if_fail (SCALYR_IS_MONITOR_METRIC (metric));

  g_mutex_lock (&declarations_lock);
  decl = get_declarations_locked (monitor_type, TRUE);
  g_ptr_array_add (decl->metrics, metric);
  g_mutex_unlock (&declarations_lock);
}

static GPtrArray *
collect_declared (GType    monitor_type,
                  gboolean options)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) chain = g_array_new (FALSE, FALSE, sizeof (GType));

  ensure_class (monitor_type);
  for (GType t = monitor_type; t != 0 && t != G_TYPE_OBJECT; t = g_type_parent (t))
    g_array_prepend_val (chain, t);

  g_mutex_lock (&declarations_lock);
  for (guint i = 0; i < chain->len; i++)
    {
      TypeDeclarations *decl = get_declarations_locked (g_array_index (chain, GType, i), FALSE);
      GPtrArray *items;

      if (decl == NULL)
        continue;
      items = options ? decl->options : decl->metrics;
      for (guint j = 0; j < items->len; j++)
        g_ptr_array_add (result, g_object_ref (g_ptr_array_index (items, j)));
    }
  g_mutex_unlock (&declarations_lock);
  return result;
}

/**
 * scalyr_monitor_list_options:
 * @monitor_type: a #ScalyrMonitor subclass
 *
 * Returns: (transfer full) (element-type ScalyrMonitorOption): the options
 *   declared for @monitor_type and its ancestors, ancestors first
 *
 * Since: 0.1
 */
GPtrArray *
scalyr_monitor_list_options (GType monitor_type)
{
  g_return_val_if_fail (g_type_is_a (monitor_type, SCALYR_TYPE_MONITOR), NULL);
  return collect_declared (monitor_type, TRUE);
}

/**
 * scalyr_monitor_list_metrics:
 * @monitor_type: a #ScalyrMonitor subclass
 *
 * Returns: (transfer full) (element-type ScalyrMonitorMetric): the metrics
 *   and log fields declared for @monitor_type and its ancestors
 *
 * Since: 0.1
 */
GPtrArray *
scalyr_monitor_list_metrics (GType monitor_type)
{
  g_return_val_if_fail (g_type_is_a (monitor_type, SCALYR_TYPE_MONITOR), NULL);
  return collect_declared (monitor_type, FALSE);
}
