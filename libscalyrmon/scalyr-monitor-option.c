/* scalyr-monitor-option.c: a declared monitor configuration option: the
 * type, its properties, constructors, name, requiredness and environment
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-option-private.h"
#include "scalyr-enum-types.h"

#include <math.h>
#include <json-glib/json-glib.h>

/**
 * ScalyrMonitorOption:
 *
 * A configuration option declared by a monitor module, the equivalent of
 * the reference agent's `define_config_option()`.
 *
 * An option has a name (the key in the monitor's configuration entry), a
 * description, the type its value is converted to, and optionally a
 * default value, a minimum and a maximum, whether it is required, and
 * whether it may also be set through an environment variable.
 *
 * The value type is one of %G_TYPE_INT64, %G_TYPE_DOUBLE,
 * %G_TYPE_BOOLEAN, %G_TYPE_STRING, %G_TYPE_STRV (an array of strings, the
 * reference's `ArrayOfStrings`), `JSON_TYPE_ARRAY`, `JSON_TYPE_OBJECT`,
 * or %G_TYPE_NONE (the value is used as found, without conversion).
 *
 * Options are applied to a configuration entry with
 * [method@Scalyr.MonitorConfig.apply_options].
 *
 * The same declarations describe the fields of the agent configuration
 * (see `scalyr_agent_config_dup_schema()` in the daemon library): one
 * declaration type and one conversion engine
 * ([func@Scalyr.config_convert_node]) serve both. A declaration may also
 * give a [enum@Scalyr.OptionFormat], the allowed values of an enumeration
 * and an exclusive minimum.
 *
 * Thread safety: an option is built and configured by one thread; once it
 * is handed to a monitor or a schema it is only read, and its getters may
 * then be called from any thread.
 *
 * Since: 0.1
 */
G_DEFINE_FINAL_TYPE (ScalyrMonitorOption, scalyr_monitor_option, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_VALUE_TYPE,
  PROP_REQUIRED,
  PROP_ENV_NAME,
  PROP_ENV_AWARE,
  PROP_FORMAT,
  PROP_MIN_EXCLUSIVE,
  PROP_ALLOWED_VALUES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_valid_value_type (GType type)
{
  return type == G_TYPE_NONE ||
         type == G_TYPE_INT64 ||
         type == G_TYPE_DOUBLE ||
         type == G_TYPE_BOOLEAN ||
         type == G_TYPE_STRING ||
         type == G_TYPE_STRV ||
         type == JSON_TYPE_ARRAY ||
         type == JSON_TYPE_OBJECT;
}

static void
scalyr_monitor_option_finalize (GObject *object)
{
  ScalyrMonitorOption *self = SCALYR_MONITOR_OPTION (object);

  g_free (self->name);
  g_free (self->description);
  g_free (self->env_name);
  g_strfreev (self->allowed_values);
  if (G_IS_VALUE (&self->default_value))
    g_value_unset (&self->default_value);
  if (G_IS_VALUE (&self->min_value))
    g_value_unset (&self->min_value);
  if (G_IS_VALUE (&self->max_value))
    g_value_unset (&self->max_value);

  G_OBJECT_CLASS (scalyr_monitor_option_parent_class)->finalize (object);
}

static void
scalyr_monitor_option_constructed (GObject *object)
{
  ScalyrMonitorOption *self = SCALYR_MONITOR_OPTION (object);

  G_OBJECT_CLASS (scalyr_monitor_option_parent_class)->constructed (object);

  if (self->name == NULL || *self->name == '\0')
    g_critical ("ScalyrMonitorOption: the option needs a non-empty name");
  if (!is_valid_value_type (self->value_type))
    {
      g_critical ("ScalyrMonitorOption “%s”: unsupported value type %s",
                  self->name ? self->name : "", g_type_name (self->value_type));
      self->value_type = G_TYPE_NONE;
    }
}

static void
scalyr_monitor_option_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ScalyrMonitorOption *self = SCALYR_MONITOR_OPTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_VALUE_TYPE:
      g_value_set_gtype (value, self->value_type);
      break;
    case PROP_REQUIRED:
      g_value_set_boolean (value, self->required);
      break;
    case PROP_ENV_NAME:
      g_value_set_string (value, self->env_name);
      break;
    case PROP_ENV_AWARE:
      g_value_set_boolean (value, self->env_aware);
      break;
    case PROP_FORMAT:
      g_value_set_enum (value, self->format);
      break;
    case PROP_MIN_EXCLUSIVE:
      g_value_set_boolean (value, self->min_exclusive);
      break;
    case PROP_ALLOWED_VALUES:
      g_value_set_boxed (value, self->allowed_values);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_option_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ScalyrMonitorOption *self = SCALYR_MONITOR_OPTION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;
    case PROP_DESCRIPTION:
      g_free (self->description);
      self->description = g_value_dup_string (value);
      break;
    case PROP_VALUE_TYPE:
      self->value_type = g_value_get_gtype (value);
      break;
    case PROP_REQUIRED:
      scalyr_monitor_option_set_required (self, g_value_get_boolean (value));
      break;
    case PROP_ENV_NAME:
      scalyr_monitor_option_set_env_name (self, g_value_get_string (value));
      break;
    case PROP_ENV_AWARE:
      scalyr_monitor_option_set_env_aware (self, g_value_get_boolean (value));
      break;
    case PROP_FORMAT:
      scalyr_monitor_option_set_format (self, g_value_get_enum (value));
      break;
    case PROP_MIN_EXCLUSIVE:
      scalyr_monitor_option_set_min_exclusive (self, g_value_get_boolean (value));
      break;
    case PROP_ALLOWED_VALUES:
      scalyr_monitor_option_set_allowed_values (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_option_class_init (ScalyrMonitorOptionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = scalyr_monitor_option_finalize;
  object_class->constructed = scalyr_monitor_option_constructed;
  object_class->get_property = scalyr_monitor_option_get_property;
  object_class->set_property = scalyr_monitor_option_set_property;

  /**
   * ScalyrMonitorOption:name:
   *
   * The name of the option: its key in the monitor's configuration entry.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorOption:description:
   *
   * A human-readable description of the option, for documentation.
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorOption:value-type:
   *
   * The type the option's value is converted to: %G_TYPE_INT64,
   * %G_TYPE_DOUBLE, %G_TYPE_BOOLEAN, %G_TYPE_STRING, %G_TYPE_STRV,
   * `JSON_TYPE_ARRAY`, `JSON_TYPE_OBJECT`, or %G_TYPE_NONE for no
   * conversion.
   */
  properties[PROP_VALUE_TYPE] =
    g_param_spec_gtype ("value-type", NULL, NULL,
                        G_TYPE_NONE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorOption:required:
   *
   * Whether the option must be present in the configuration entry (or in
   * the environment).
   */
  properties[PROP_REQUIRED] =
    g_param_spec_boolean ("required", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorOption:env-name:
   *
   * The name of the environment variable that may also give the option's
   * value, instead of the default `SCALYR_<NAME>`. Setting it makes the
   * option environment-aware (like the reference's `env_name`).
   */
  properties[PROP_ENV_NAME] =
    g_param_spec_string ("env-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorOption:env-aware:
   *
   * Whether the option's environment variable is consulted when the
   * configuration is built, even when the entry has a value (a conflict is
   * warned about and the entry wins).
   */
  properties[PROP_ENV_AWARE] =
    g_param_spec_boolean ("env-aware", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorOption:format:
   *
   * What the value holds beyond its type, e.g. an array of objects.
   *
   * Since: 0.2
   */
  properties[PROP_FORMAT] =
    g_param_spec_enum ("format", NULL, NULL,
                       SCALYR_TYPE_OPTION_FORMAT, SCALYR_OPTION_FORMAT_PLAIN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorOption:min-exclusive:
   *
   * Whether the value must be greater than the minimum, not only equal to
   * it or greater.
   *
   * Since: 0.2
   */
  properties[PROP_MIN_EXCLUSIVE] =
    g_param_spec_boolean ("min-exclusive", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorOption:allowed-values:
   *
   * The values a string option may take (an enumeration), or %NULL for
   * any.
   *
   * Since: 0.2
   */
  properties[PROP_ALLOWED_VALUES] =
    g_param_spec_boxed ("allowed-values", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scalyr_monitor_option_init (ScalyrMonitorOption *self)
{
  self->value_type = G_TYPE_NONE;
}

/**
 * scalyr_monitor_option_new:
 * @name: the option's name (its key in the configuration entry)
 * @value_type: the type the value is converted to: %G_TYPE_INT64,
 *   %G_TYPE_DOUBLE, %G_TYPE_BOOLEAN, %G_TYPE_STRING, %G_TYPE_STRV,
 *   `JSON_TYPE_ARRAY`, `JSON_TYPE_OBJECT` or %G_TYPE_NONE (no conversion)
 * @description: (nullable): a description of the option
 *
 * Creates an option without default value, bounds or environment
 * variable; use the setters to add them.
 *
 * Returns: (transfer full): a new #ScalyrMonitorOption
 *
 * Since: 0.1
 */
ScalyrMonitorOption *
scalyr_monitor_option_new (const char *name,
                           GType       value_type,
                           const char *description)
{
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (is_valid_value_type (value_type), NULL);

  return g_object_new (SCALYR_TYPE_MONITOR_OPTION,
                       "name", name,
                       "value-type", value_type,
                       "description", description,
                       NULL);
}

/**
 * scalyr_monitor_option_new_int:
 * @name: the option's name
 * @description: (nullable): a description of the option
 * @default_value: the default value
 * @min_value: the minimum, or %G_MININT64 for no minimum
 * @max_value: the maximum, or %G_MAXINT64 for no maximum
 *
 * Creates an option of type %G_TYPE_INT64 with a default value and
 * optional bounds.
 *
 * Returns: (transfer full): a new #ScalyrMonitorOption
 *
 * Since: 0.1
 */
ScalyrMonitorOption *
scalyr_monitor_option_new_int (const char *name,
                               const char *description,
                               gint64      default_value,
                               gint64      min_value,
                               gint64      max_value)
{
  ScalyrMonitorOption *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  self = scalyr_monitor_option_new (name, G_TYPE_INT64, description);
  g_value_init (&self->default_value, G_TYPE_INT64);
  g_value_set_int64 (&self->default_value, default_value);
  if (min_value != G_MININT64)
    {
      g_value_init (&self->min_value, G_TYPE_INT64);
      g_value_set_int64 (&self->min_value, min_value);
    }
  if (max_value != G_MAXINT64)
    {
      g_value_init (&self->max_value, G_TYPE_INT64);
      g_value_set_int64 (&self->max_value, max_value);
    }
  return self;
}

/**
 * scalyr_monitor_option_new_double:
 * @name: the option's name
 * @description: (nullable): a description of the option
 * @default_value: the default value
 * @min_value: the minimum, or `-INFINITY` (or NaN) for no minimum
 * @max_value: the maximum, or `INFINITY` (or NaN) for no maximum
 *
 * Creates an option of type %G_TYPE_DOUBLE with a default value and
 * optional bounds.
 *
 * Returns: (transfer full): a new #ScalyrMonitorOption
 *
 * Since: 0.1
 */
ScalyrMonitorOption *
scalyr_monitor_option_new_double (const char *name,
                                  const char *description,
                                  double      default_value,
                                  double      min_value,
                                  double      max_value)
{
  ScalyrMonitorOption *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  self = scalyr_monitor_option_new (name, G_TYPE_DOUBLE, description);
  g_value_init (&self->default_value, G_TYPE_DOUBLE);
  g_value_set_double (&self->default_value, default_value);
  if (!isnan (min_value) && !(isinf (min_value) && min_value < 0))
    {
      g_value_init (&self->min_value, G_TYPE_DOUBLE);
      g_value_set_double (&self->min_value, min_value);
    }
  if (!isnan (max_value) && !(isinf (max_value) && max_value > 0))
    {
      g_value_init (&self->max_value, G_TYPE_DOUBLE);
      g_value_set_double (&self->max_value, max_value);
    }
  return self;
}

/**
 * scalyr_monitor_option_new_boolean:
 * @name: the option's name
 * @description: (nullable): a description of the option
 * @default_value: the default value
 *
 * Creates an option of type %G_TYPE_BOOLEAN with a default value.
 *
 * Returns: (transfer full): a new #ScalyrMonitorOption
 *
 * Since: 0.1
 */
ScalyrMonitorOption *
scalyr_monitor_option_new_boolean (const char *name,
                                   const char *description,
                                   gboolean    default_value)
{
  ScalyrMonitorOption *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  self = scalyr_monitor_option_new (name, G_TYPE_BOOLEAN, description);
  g_value_init (&self->default_value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&self->default_value, default_value);
  return self;
}

/**
 * scalyr_monitor_option_new_string:
 * @name: the option's name
 * @description: (nullable): a description of the option
 * @default_value: (nullable): the default value, or %NULL for none
 *
 * Creates an option of type %G_TYPE_STRING, with a default value unless
 * @default_value is %NULL.
 *
 * Returns: (transfer full): a new #ScalyrMonitorOption
 *
 * Since: 0.1
 */
ScalyrMonitorOption *
scalyr_monitor_option_new_string (const char *name,
                                  const char *description,
                                  const char *default_value)
{
  ScalyrMonitorOption *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  self = scalyr_monitor_option_new (name, G_TYPE_STRING, description);
  if (default_value != NULL)
    {
      g_value_init (&self->default_value, G_TYPE_STRING);
      g_value_set_string (&self->default_value, default_value);
    }
  return self;
}

/**
 * scalyr_monitor_option_get_name:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: (transfer none): the option's name
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_option_get_name (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), NULL);

  return self->name;
}

/**
 * scalyr_monitor_option_get_description:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: (transfer none) (nullable): the option's description
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_option_get_description (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), NULL);

  return self->description;
}

/**
 * scalyr_monitor_option_get_value_type:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: the type the option's value is converted to, %G_TYPE_NONE for
 *   no conversion
 *
 * Since: 0.1
 */
GType
scalyr_monitor_option_get_value_type (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), G_TYPE_INVALID);

  return self->value_type;
}

/**
 * scalyr_monitor_option_get_required:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: whether the option must be present
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_option_get_required (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), FALSE);

  return self->required;
}

/**
 * scalyr_monitor_option_set_required:
 * @self: a #ScalyrMonitorOption
 * @required: whether the option must be present
 *
 * Sets whether the option must be present in the configuration entry (or
 * in the environment). A required option's default value is never used.
 *
 * Since: 0.1
 */
void
scalyr_monitor_option_set_required (ScalyrMonitorOption *self,
                                    gboolean             required)
{
  g_return_if_fail (SCALYR_IS_MONITOR_OPTION (self));

  required = !!required;
  if (self->required == required)
    return;
  self->required = required;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIRED]);
}

/**
 * scalyr_monitor_option_get_env_name:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: (transfer none) (nullable): the declared environment variable
 *   name, or %NULL
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_option_get_env_name (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), NULL);

  return self->env_name;
}

/**
 * scalyr_monitor_option_set_env_name:
 * @self: a #ScalyrMonitorOption
 * @env_name: (nullable): an environment variable name, or %NULL
 *
 * Sets a custom environment variable name for the option (instead of
 * `SCALYR_<NAME>`). Like the reference, an option with an environment
 * variable name is environment-aware even if
 * [property@Scalyr.MonitorOption:env-aware] is %FALSE.
 *
 * Since: 0.1
 */
void
scalyr_monitor_option_set_env_name (ScalyrMonitorOption *self,
                                    const char          *env_name)
{
  g_return_if_fail (SCALYR_IS_MONITOR_OPTION (self));

  if (env_name != NULL && *env_name == '\0')
    env_name = NULL;
  if (g_strcmp0 (self->env_name, env_name) == 0)
    return;
  g_free (self->env_name);
  self->env_name = g_strdup (env_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENV_NAME]);
}

/**
 * scalyr_monitor_option_get_env_aware:
 * @self: a #ScalyrMonitorOption
 *
 * Returns: the value of [property@Scalyr.MonitorOption:env-aware]
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_option_get_env_aware (ScalyrMonitorOption *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), FALSE);

  return self->env_aware;
}

/**
 * scalyr_monitor_option_set_env_aware:
 * @self: a #ScalyrMonitorOption
 * @env_aware: whether the option is environment-aware
 *
 * Sets whether the option's environment variable is consulted when the
 * configuration is built even if the entry has a value.
 *
 * Since: 0.1
 */
void
scalyr_monitor_option_set_env_aware (ScalyrMonitorOption *self,
                                     gboolean             env_aware)
{
  g_return_if_fail (SCALYR_IS_MONITOR_OPTION (self));

  env_aware = !!env_aware;
  if (self->env_aware == env_aware)
    return;
  self->env_aware = env_aware;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENV_AWARE]);
}

/**
 * scalyr_monitor_option_dup_effective_env_name:
 * @self: a #ScalyrMonitorOption
 *
 * Gets the environment variable an environment-aware option is read from:
 * the declared [property@Scalyr.MonitorOption:env-name] if any, else
 * `SCALYR_<NAME>` with the option's name upper-cased. (When it is looked
 * up, the name is tried upper-cased first, then lower-cased.)
 *
 * Returns: (transfer full) (nullable): the variable name, or %NULL when
 *   the option is not environment-aware (neither
 *   [property@Scalyr.MonitorOption:env-aware] nor
 *   [property@Scalyr.MonitorOption:env-name] set)
 *
 * Since: 0.1
 */
char *
scalyr_monitor_option_dup_effective_env_name (ScalyrMonitorOption *self)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (self), NULL);

  if (self->env_name != NULL)
    return g_strdup (self->env_name);
  if (!self->env_aware)
    return NULL;

  upper = g_ascii_strup (self->name, -1);
  return g_strconcat ("SCALYR_", upper, NULL);
}
