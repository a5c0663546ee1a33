/* scalyr-monitor-metric.c: documentation of a metric or log field a monitor emits
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-metric.h"

/**
 * ScalyrMonitorMetric:
 *
 * Describes a metric (or a log field) a monitor emits, for documentation:
 * `scalyr-run-monitor --inspect` lists them. Declared with
 * scalyr_monitor_declare_metric(); the reference's `define_metric` and
 * `define_log_field`.
 *
 * Thread safety: a metric is built and completed (the setters) by the
 * thread that declares it, in the monitor class's `class_init`; once
 * declared it is only read, from any thread.
 *
 * Since: 0.1
 */
struct _ScalyrMonitorMetric
{
  GObject parent_instance;

  char *name;
  char *description;
  char *unit;
  char *category;
  char **extra_fields;
  gboolean is_log_field;
  gboolean cumulative;
};

G_DEFINE_FINAL_TYPE (ScalyrMonitorMetric, scalyr_monitor_metric, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_IS_LOG_FIELD,
  PROP_UNIT,
  PROP_CUMULATIVE,
  PROP_EXTRA_FIELDS,
  PROP_CATEGORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
scalyr_monitor_metric_finalize (GObject *object)
{
  ScalyrMonitorMetric *self = SCALYR_MONITOR_METRIC (object);

  g_free (self->name);
  g_free (self->description);
  g_free (self->unit);
  g_free (self->category);
  g_strfreev (self->extra_fields);
  G_OBJECT_CLASS (scalyr_monitor_metric_parent_class)->finalize (object);
}

static void
scalyr_monitor_metric_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ScalyrMonitorMetric *self = SCALYR_MONITOR_METRIC (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_IS_LOG_FIELD:
      g_value_set_boolean (value, self->is_log_field);
      break;
    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;
    case PROP_CUMULATIVE:
      g_value_set_boolean (value, self->cumulative);
      break;
    case PROP_EXTRA_FIELDS:
      g_value_set_boxed (value, self->extra_fields);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_metric_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ScalyrMonitorMetric *self = SCALYR_MONITOR_METRIC (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_DESCRIPTION:
      self->description = g_value_dup_string (value);
      break;
    case PROP_IS_LOG_FIELD:
      self->is_log_field = g_value_get_boolean (value);
      break;
    case PROP_UNIT:
      scalyr_monitor_metric_set_unit (self, g_value_get_string (value));
      break;
    case PROP_CUMULATIVE:
      scalyr_monitor_metric_set_cumulative (self, g_value_get_boolean (value));
      break;
    case PROP_EXTRA_FIELDS:
      scalyr_monitor_metric_set_extra_fields (self, g_value_get_boxed (value));
      break;
    case PROP_CATEGORY:
      scalyr_monitor_metric_set_category (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_metric_class_init (ScalyrMonitorMetricClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = scalyr_monitor_metric_finalize;
  object_class->get_property = scalyr_monitor_metric_get_property;
  object_class->set_property = scalyr_monitor_metric_set_property;

  /**
   * ScalyrMonitorMetric:name:
   *
   * The metric (or log field) name.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitorMetric:description:
   *
   * What the metric measures.
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitorMetric:is-log-field:
   *
   * Whether this documents a log field rather than a metric.
   */
  properties[PROP_IS_LOG_FIELD] =
    g_param_spec_boolean ("is-log-field", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitorMetric:unit:
   *
   * The unit, e.g. `bytes`, `milliseconds`, `secs:1.00`; %NULL if none.
   */
  properties[PROP_UNIT] =
    g_param_spec_string ("unit", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitorMetric:cumulative:
   *
   * Whether the value is a counter that only grows.
   */
  properties[PROP_CUMULATIVE] =
    g_param_spec_boolean ("cumulative", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitorMetric:extra-fields:
   *
   * The extra fields written with the metric, as `name` or `name=value`.
   */
  properties[PROP_EXTRA_FIELDS] =
    g_param_spec_boxed ("extra-fields", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrMonitorMetric:category:
   *
   * A free-form category used to group metrics in documentation.
   */
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static gboolean
replace_str (char      **field,
             const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
scalyr_monitor_metric_init (ScalyrMonitorMetric *self)
{
  (void) self;
}

/**
 * scalyr_monitor_metric_new:
 * @name: the metric name
 * @description: what it measures
 *
 * Returns: (transfer full): a new metric description
 *
 * Since: 0.1
 */
ScalyrMonitorMetric *
scalyr_monitor_metric_new (const char *name,
                           const char *description)
{
  g_return_val_if_fail (name != NULL, NULL);
  return g_object_new (SCALYR_TYPE_MONITOR_METRIC, "name", name, "description", description, NULL);
}

/**
 * scalyr_monitor_metric_new_log_field:
 * @name: the field name
 * @description: what it holds
 *
 * Returns: (transfer full): a new log field description
 *
 * Since: 0.1
 */
ScalyrMonitorMetric *
scalyr_monitor_metric_new_log_field (const char *name,
                                     const char *description)
{
  g_return_val_if_fail (name != NULL, NULL);
  return g_object_new (SCALYR_TYPE_MONITOR_METRIC, "name", name, "description", description,
                       "is-log-field", TRUE, NULL);
}

/**
 * scalyr_monitor_metric_get_name:
 * @self: a #ScalyrMonitorMetric
 *
 * Returns: the #ScalyrMonitorMetric:name
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_metric_get_name (ScalyrMonitorMetric *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_METRIC (self), NULL);
  return self->name;
}

/**
 * scalyr_monitor_metric_get_description:
 * @self: a #ScalyrMonitorMetric
 *
 * Returns: (nullable): the #ScalyrMonitorMetric:description
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_metric_get_description (ScalyrMonitorMetric *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_METRIC (self), NULL);
  return self->description;
}

/**
 * scalyr_monitor_metric_get_is_log_field:
 * @self: a #ScalyrMonitorMetric
 *
 * Returns: the #ScalyrMonitorMetric:is-log-field
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_metric_get_is_log_field (ScalyrMonitorMetric *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_METRIC (self), FALSE);
  return self->is_log_field;
}

/**
 * scalyr_monitor_metric_get_unit:
 * @self: a #ScalyrMonitorMetric
 *
 * Returns: (nullable): the #ScalyrMonitorMetric:unit
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_metric_get_unit (ScalyrMonitorMetric *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_METRIC (self), NULL);
  return self->unit;
}

/**
 * scalyr_monitor_metric_set_unit:
 * @self: a #ScalyrMonitorMetric
 * @unit: (nullable): the unit
 *
 * Sets the #ScalyrMonitorMetric:unit.
 *
 * Since: 0.1
 */
void
scalyr_monitor_metric_set_unit (ScalyrMonitorMetric *self,
                                const char          *unit)
{
  g_return_if_fail (SCALYR_IS_MONITOR_METRIC (self));
  if (replace_str (&self->unit, unit))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

/**
 * scalyr_monitor_metric_get_cumulative:
 * @self: a #ScalyrMonitorMetric
 *
 * Returns: the #ScalyrMonitorMetric:cumulative flag
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_metric_get_cumulative (ScalyrMonitorMetric *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_METRIC (self), FALSE);
  return self->cumulative;
}

/**
 * scalyr_monitor_metric_set_cumulative:
 * @self: a #ScalyrMonitorMetric
 * @cumulative: whether the value only grows
 *
 * Sets the #ScalyrMonitorMetric:cumulative flag.
 *
 * Since: 0.1
 */
void
scalyr_monitor_metric_set_cumulative (ScalyrMonitorMetric *self,
                                      gboolean             cumulative)
{
  g_return_if_fail (SCALYR_IS_MONITOR_METRIC (self));
  cumulative = !!cumulative;
  if (self->cumulative == cumulative)
    return;
  self->cumulative = cumulative;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUMULATIVE]);
}

/**
 * scalyr_monitor_metric_get_extra_fields:
 * @self: a #ScalyrMonitorMetric
 *
 * Returns: (array zero-terminated=1) (nullable): the
 *   #ScalyrMonitorMetric:extra-fields
 *
 * Since: 0.1
 */
const char * const *
scalyr_monitor_metric_get_extra_fields (ScalyrMonitorMetric *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_METRIC (self), NULL);
  return (const char * const *) self->extra_fields;
}

/**
 * scalyr_monitor_metric_set_extra_fields:
 * @self: a #ScalyrMonitorMetric
 * @extra_fields: (array zero-terminated=1) (nullable): field names, or
 *   `name=value` for a field with a fixed value
 *
 * Sets the #ScalyrMonitorMetric:extra-fields.
 *
 * Since: 0.1
 */
void
scalyr_monitor_metric_set_extra_fields (ScalyrMonitorMetric *self,
                                        const char * const  *extra_fields)
{
  g_return_if_fail (SCALYR_IS_MONITOR_METRIC (self));
  g_strfreev (self->extra_fields);
  self->extra_fields = g_strdupv ((char **) extra_fields);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRA_FIELDS]);
}

/**
 * scalyr_monitor_metric_get_category:
 * @self: a #ScalyrMonitorMetric
 *
 * Returns: (nullable): the #ScalyrMonitorMetric:category
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_metric_get_category (ScalyrMonitorMetric *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_METRIC (self), NULL);
  return self->category;
}

/**
 * scalyr_monitor_metric_set_category:
 * @self: a #ScalyrMonitorMetric
 * @category: (nullable): the category
 *
 * Sets the #ScalyrMonitorMetric:category.
 *
 * Since: 0.1
 */
void
scalyr_monitor_metric_set_category (ScalyrMonitorMetric *self,
                                    const char          *category)
{
  g_return_if_fail (SCALYR_IS_MONITOR_METRIC (self));
  if (replace_str (&self->category, category))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}
