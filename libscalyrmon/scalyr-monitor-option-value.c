/* scalyr-monitor-option-value.c: the value rules of a declared option: its
 * default, bounds (an exclusive minimum included), format and allowed values
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-option-private.h"

/**
 * scalyr_monitor_option_get_default_value:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: (transfer none) (nullable): the default value, or %NULL when
 *   the option has none
 *
 * Since: 0.1
 */
const GValue *
scalyr_monitor_option_get_default_value (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), NULL);

  return G_IS_VALUE (&self->default_value) ? &self->default_value : NULL;
}

static void
replace_value (GValue       *dest,
               const GValue *src)
{
  if (G_IS_VALUE (dest))
    g_value_unset (dest);
  if (src != NULL && G_IS_VALUE (src))
    {
      g_value_init (dest, G_VALUE_TYPE (src));
      g_value_copy (src, dest);
    }
}

/**
 * scalyr_monitor_option_set_default_value:
 * @self: a #ScalyrMonitorOption
 * @value: (nullable): the default value, or %NULL to remove it
 *
 * Sets the value used when the field is absent from the configuration
 * entry and from the environment. It may be of any type that converts to
 * the option's value type (e.g. a string "7" for an integer option); the
 * conversion and the bounds are applied when the option is evaluated.
 *
 * Since: 0.1
 */
void
scalyr_monitor_option_set_default_value (ScalyrMonitorOption *self,
                                         const GValue        *value)
{
  g_return_if_fail (SCALYR_IS_MONITOR_OPTION (self));

  replace_value (&self->default_value, value);
}

/**
 * scalyr_monitor_option_get_min_value:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: (transfer none) (nullable): the minimum, or %NULL when there is
 *   none
 *
 * Since: 0.1
 */
const GValue *
scalyr_monitor_option_get_min_value (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), NULL);

  return G_IS_VALUE (&self->min_value) ? &self->min_value : NULL;
}

/**
 * scalyr_monitor_option_get_max_value:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: (transfer none) (nullable): the maximum, or %NULL when there is
 *   none
 *
 * Since: 0.1
 */
const GValue *
scalyr_monitor_option_get_max_value (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), NULL);

  return G_IS_VALUE (&self->max_value) ? &self->max_value : NULL;
}

/**
 * scalyr_monitor_option_set_range:
 * @self: a #ScalyrMonitorOption
 * @min_value: (nullable): the minimum (a value of any numeric type), or
 *   %NULL for none
 * @max_value: (nullable): the maximum (a value of any numeric type), or
 *   %NULL for none
 *
 * Sets the bounds the (converted) value is checked against. Values are
 * compared numerically whatever their types; a NaN value passes both
 * checks.
 *
 * Since: 0.1
 */
void
scalyr_monitor_option_set_range (ScalyrMonitorOption *self,
                                 const GValue        *min_value,
                                 const GValue        *max_value)
{
  g_return_if_fail (SCALYR_IS_MONITOR_OPTION (self));

  replace_value (&self->min_value, min_value);
  replace_value (&self->max_value, max_value);
}

/**
 * scalyr_monitor_option_get_format:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: the value of [property@Scalyr.MonitorOption:format]
 *
 * Since: 0.2
 */
ScalyrOptionFormat
scalyr_monitor_option_get_format (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), SCALYR_OPTION_FORMAT_PLAIN);

  return self->format;
}

/**
 * scalyr_monitor_option_set_format:
 * @self: a #ScalyrMonitorOption
 * @format: what the value holds beyond its type
 *
 * Sets [property@Scalyr.MonitorOption:format].
 *
 * Since: 0.2
 */
void
scalyr_monitor_option_set_format (ScalyrMonitorOption *self,
                                  ScalyrOptionFormat   format)
{
  g_return_if_fail (SCALYR_IS_MONITOR_OPTION (self));

  if (self->format == format)
    return;
  self->format = format;
  g_object_notify (G_OBJECT (self), "format");
}

/**
 * scalyr_monitor_option_get_min_exclusive:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: the value of [property@Scalyr.MonitorOption:min-exclusive]
 *
 * Since: 0.2
 */
gboolean
scalyr_monitor_option_get_min_exclusive (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), FALSE);

  return self->min_exclusive;
}

/**
 * scalyr_monitor_option_set_min_exclusive:
 * @self: a #ScalyrMonitorOption
 * @min_exclusive: whether the value must be greater than the minimum
 *
 * Sets [property@Scalyr.MonitorOption:min-exclusive].
 *
 * Since: 0.2
 */
void
scalyr_monitor_option_set_min_exclusive (ScalyrMonitorOption *self,
                                         gboolean             min_exclusive)
{
  g_return_if_fail (SCALYR_IS_MONITOR_OPTION (self));

  min_exclusive = !!min_exclusive;
  if (self->min_exclusive == min_exclusive)
    return;
  self->min_exclusive = min_exclusive;
  g_object_notify (G_OBJECT (self), "min-exclusive");
}

/**
 * scalyr_monitor_option_get_allowed_values:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   allowed values, or %NULL when any value is allowed
 *
 * Since: 0.2
 */
const char * const *
scalyr_monitor_option_get_allowed_values (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), NULL);

  return (const char * const *) self->allowed_values;
}

/**
 * scalyr_monitor_option_set_allowed_values:
 * @self: a #ScalyrMonitorOption
 * @allowed_values: (nullable) (array zero-terminated=1): the values a
 *   string option may take, or %NULL for any
 *
 * Makes a string option an enumeration: another value is an error that
 * lists the allowed ones.
 *
 * Since: 0.2
 */
void
scalyr_monitor_option_set_allowed_values (ScalyrMonitorOption *self,
                                          const char * const  *allowed_values)
{
  g_return_if_fail (SCALYR_IS_MONITOR_OPTION (self));

  g_strfreev (self->allowed_values);
  self->allowed_values = allowed_values != NULL && allowed_values[0] != NULL
                         ? g_strdupv ((char **) allowed_values) : NULL;
  g_object_notify (G_OBJECT (self), "allowed-values");
}
