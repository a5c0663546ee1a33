/* scalyr-monitor-config-getters.c: ScalyrMonitorConfig's typed getters
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-config.h"

#include <math.h>

#include "scalyr-config-value-private.h"

static gboolean
get_typed (ScalyrMonitorConfig  *self,
           const char           *field,
           GType                 type,
           ScalyrConfigFlags     flags,
           GValue               *def,
           GValue               *min,
           GValue               *max,
           GValue               *out,
           GError              **error)
{
  gboolean ok = scalyr_monitor_config_get_value (self, field, type, flags,
                                                 def != NULL && G_IS_VALUE (def) ? def : NULL,
                                                 min != NULL && G_IS_VALUE (min) ? min : NULL,
                                                 max != NULL && G_IS_VALUE (max) ? max : NULL,
                                                 out, error);

  GValue *given[] = { def, min, max };

  for (gsize i = 0; i < G_N_ELEMENTS (given); i++)
    {
      if (given[i] != NULL && G_IS_VALUE (given[i]))
        g_value_unset (given[i]);
    }
  if (!ok && G_IS_VALUE (out))
    g_value_unset (out);
  return ok;
}

/**
 * scalyr_monitor_config_get_int:
 * @self: a #ScalyrMonitorConfig
 * @field: the field name
 * @flags: %SCALYR_CONFIG_REQUIRED to fail when the field is missing
 * @default_value: the value when the field is absent (it is checked
 *   against the bounds too)
 * @min_value: the minimum, or %G_MININT64 for no minimum
 * @max_value: the maximum, or %G_MAXINT64 for no maximum
 * @error: return location for a #GError
 *
 * Gets a field converted to an integer (see
 * [method@Scalyr.MonitorConfig.get_value]): a float is truncated toward
 * zero, a string is parsed like Python's int().
 *
 * Returns: the value; @default_value when the value is none (a field
 *   present with null) or on error
 *
 * Since: 0.1
 */
gint64
scalyr_monitor_config_get_int (ScalyrMonitorConfig  *self,
                               const char           *field,
                               ScalyrConfigFlags     flags,
                               gint64                default_value,
                               gint64                min_value,
                               gint64                max_value,
                               GError              **error)
{
  GValue def = G_VALUE_INIT, min = G_VALUE_INIT, max = G_VALUE_INIT;
  GValue v = G_VALUE_INIT;
  gint64 result = default_value;

  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), default_value);
  g_return_val_if_fail (field != NULL, default_value);

  scalyr_config_value_set_int64 (&def, default_value);
  if (min_value != G_MININT64)
    scalyr_config_value_set_int64 (&min, min_value);
  if (max_value != G_MAXINT64)
    scalyr_config_value_set_int64 (&max, max_value);

  if (get_typed (self, field, G_TYPE_INT64, flags, &def, &min, &max, &v, error))
    {
      result = g_value_get_int64 (&v);
      g_value_unset (&v);
    }
  return result;
}

/**
 * scalyr_monitor_config_get_double:
 * @self: a #ScalyrMonitorConfig
 * @field: the field name
 * @flags: %SCALYR_CONFIG_REQUIRED to fail when the field is missing
 * @default_value: the value when the field is absent (it is checked
 *   against the bounds too)
 * @min_value: the minimum, or `-INFINITY` for no minimum
 * @max_value: the maximum, or `INFINITY` for no maximum
 * @error: return location for a #GError
 *
 * Gets a field converted to a float (see
 * [method@Scalyr.MonitorConfig.get_value]): an integer converts exactly,
 * a string is parsed like Python's float() (`"1e3"`, `"inf"`, `"nan"`).
 *
 * Returns: the value; @default_value when the value is none (a field
 *   present with null) or on error
 *
 * Since: 0.1
 */
double
scalyr_monitor_config_get_double (ScalyrMonitorConfig  *self,
                                  const char           *field,
                                  ScalyrConfigFlags     flags,
                                  double                default_value,
                                  double                min_value,
                                  double                max_value,
                                  GError              **error)
{
  GValue def = G_VALUE_INIT, min = G_VALUE_INIT, max = G_VALUE_INIT;
  GValue v = G_VALUE_INIT;
  double result = default_value;

  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), default_value);
  g_return_val_if_fail (field != NULL, default_value);

  scalyr_config_value_set_double (&def, default_value);
  if (!(isinf (min_value) && min_value < 0))
    scalyr_config_value_set_double (&min, min_value);
  if (!(isinf (max_value) && max_value > 0))
    scalyr_config_value_set_double (&max, max_value);

  if (get_typed (self, field, G_TYPE_DOUBLE, flags, &def, &min, &max, &v, error))
    {
      result = g_value_get_double (&v);
      g_value_unset (&v);
    }
  return result;
}

/**
 * scalyr_monitor_config_get_boolean:
 * @self: a #ScalyrMonitorConfig
 * @field: the field name
 * @flags: %SCALYR_CONFIG_REQUIRED to fail when the field is missing
 * @default_value: the value when the field is absent
 * @error: return location for a #GError
 *
 * Gets a field converted to a boolean (see
 * [method@Scalyr.MonitorConfig.get_value]): a string is %TRUE when it is
 * "true" in any case and %FALSE otherwise; numbers do not convert.
 *
 * Returns: the value; @default_value when the value is none (a field
 *   present with null) or on error
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_config_get_boolean (ScalyrMonitorConfig  *self,
                                   const char           *field,
                                   ScalyrConfigFlags     flags,
                                   gboolean              default_value,
                                   GError              **error)
{
  GValue def = G_VALUE_INIT;
  GValue v = G_VALUE_INIT;
  gboolean result = default_value;

  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), default_value);
  g_return_val_if_fail (field != NULL, default_value);

  g_value_init (&def, G_TYPE_BOOLEAN);
  g_value_set_boolean (&def, default_value);
  if (get_typed (self, field, G_TYPE_BOOLEAN, flags, &def, NULL, NULL, &v, error))
    {
      result = g_value_get_boolean (&v);
      g_value_unset (&v);
    }
  return result;
}

/**
 * scalyr_monitor_config_dup_string:
 * @self: a #ScalyrMonitorConfig
 * @field: the field name
 * @flags: %SCALYR_CONFIG_REQUIRED to fail when the field is missing
 * @default_value: (nullable): the value when the field is absent, or %NULL
 *   for none
 * @error: return location for a #GError
 *
 * Gets a field converted to a string (see
 * [method@Scalyr.MonitorConfig.get_value]): numbers, booleans, arrays
 * and objects are printed like Python's str() (`1.3`, `True`,
 * `['a', 1]`, `{'a': 1}`).
 *
 * Returns: (transfer full) (nullable): the value; a copy of
 *   @default_value (possibly %NULL) when the value is none (a field present
 *   with null) or on error
 *
 * Since: 0.1
 */
char *
scalyr_monitor_config_dup_string (ScalyrMonitorConfig  *self,
                                  const char           *field,
                                  ScalyrConfigFlags     flags,
                                  const char           *default_value,
                                  GError              **error)
{
  GValue def = G_VALUE_INIT;
  GValue v = G_VALUE_INIT;
  char *result;

  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (default_value != NULL)
    {
      g_value_init (&def, G_TYPE_STRING);
      g_value_set_string (&def, default_value);
    }
  if (get_typed (self, field, G_TYPE_STRING, flags, &def, NULL, NULL, &v, error))
    {
      result = g_value_dup_string (&v);
      g_value_unset (&v);
    }
  else
    result = g_strdup (default_value);
  return result;
}

/* The value of @field converted to the boxed @type (a copy), or NULL */
static gpointer
dup_boxed (ScalyrMonitorConfig  *self,
           const char           *field,
           GType                 type,
           ScalyrConfigFlags     flags,
           GError              **error)
{
  GValue v = G_VALUE_INIT;
  gpointer result = NULL;

  if (get_typed (self, field, type, flags, NULL, NULL, NULL, &v, error))
    {
      result = g_value_dup_boxed (&v);
      g_value_unset (&v);
    }
  return result;
}

/**
 * scalyr_monitor_config_dup_strv:
 * @self: a #ScalyrMonitorConfig
 * @field: the field name
 * @flags: %SCALYR_CONFIG_REQUIRED to fail when the field is missing
 * @error: return location for a #GError
 *
 * Gets a field as an array of strings (the reference's `ArrayOfStrings`,
 * see [method@Scalyr.MonitorConfig.get_value]): a JSON array must hold
 * only strings; a string is split on commas (`"a, b"`, `"['a', \"b\"]"`
 * and `"[a,b]"` all give `a`, `b`; `""` gives an empty array).
 *
 * Returns: (transfer full) (nullable) (array zero-terminated=1): the
 *   value, or %NULL when the value is none or on error
 *
 * Since: 0.1
 */
char **
scalyr_monitor_config_dup_strv (ScalyrMonitorConfig  *self,
                                const char           *field,
                                ScalyrConfigFlags     flags,
                                GError              **error)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return dup_boxed (self, field, G_TYPE_STRV, flags, error);
}

/**
 * scalyr_monitor_config_dup_array:
 * @self: a #ScalyrMonitorConfig
 * @field: the field name
 * @flags: %SCALYR_CONFIG_REQUIRED to fail when the field is missing
 * @error: return location for a #GError
 *
 * Gets a field as a JSON array (see
 * [method@Scalyr.MonitorConfig.get_value]): a string is parsed as relaxed
 * JSON (the empty string is an empty array).
 *
 * Returns: (transfer full) (nullable): a copy of the value, or %NULL when
 *   the value is none or on error
 *
 * Since: 0.1
 */
JsonArray *
scalyr_monitor_config_dup_array (ScalyrMonitorConfig  *self,
                                 const char           *field,
                                 ScalyrConfigFlags     flags,
                                 GError              **error)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return dup_boxed (self, field, JSON_TYPE_ARRAY, flags, error);
}

/**
 * scalyr_monitor_config_dup_object:
 * @self: a #ScalyrMonitorConfig
 * @field: the field name
 * @flags: %SCALYR_CONFIG_REQUIRED to fail when the field is missing
 * @error: return location for a #GError
 *
 * Gets a field as a JSON object (see
 * [method@Scalyr.MonitorConfig.get_value]): a string is parsed as relaxed
 * JSON (the empty string is an empty object).
 *
 * Returns: (transfer full) (nullable): a copy of the value, or %NULL when
 *   the value is none or on error
 *
 * Since: 0.1
 */
JsonObject *
scalyr_monitor_config_dup_object (ScalyrMonitorConfig  *self,
                                  const char           *field,
                                  ScalyrConfigFlags     flags,
                                  GError              **error)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return dup_boxed (self, field, JSON_TYPE_OBJECT, flags, error);
}
