/* scalyr-monitor-config.c: one monitor's configuration entry, validated
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-describe-private.h"
#include "scalyr-monitor-config.h"

#include <math.h>
#include <string.h>

#include "scalyr-config-convert-private.h"
#include "scalyr-config-describe.h"
#include "scalyr-config-env-private.h"
#include "scalyr-config-value-private.h"
#include "scalyr-error.h"
#include "scalyr-json-parser.h"
#include "scalyr-monitor-config-private.h"
#include "scalyr-i18n-private.h"

/**
 * ScalyrMonitorConfig:
 *
 * The configuration entry of one monitor instance, with the typed and
 * validating getters of the reference agent's `MonitorConfig`.
 *
 * The entry is a JSON object (a copy of the one given at construction:
 * the caller's object is never modified). Values are read with
 * [method@Scalyr.MonitorConfig.get_value] or its typed variants, which
 * convert them (e.g. the string `"12"` to the integer 12), apply defaults
 * and check bounds exactly like the reference's `MonitorConfig.get()`.
 *
 * A field that is absent from the entry is also looked up in the
 * environment: `SCALYR_<FIELD>` (upper-cased, then lower-cased), or the
 * variable declared by the field's [class@Scalyr.MonitorOption]. Fields
 * whose value came from the environment are remembered (see
 * [method@Scalyr.MonitorConfig.is_from_environment]).
 *
 * Errors are in the %SCALYR_MONITOR_ERROR domain and their messages name
 * the monitor instance, the field (or the environment variable), the
 * offending value and what was expected, e.g.
 * `random_coin_monitor(): field "gauss_mean": value 11.0 is above the maximum 10`.
 *
 * Thread safety: a configuration is filled by the thread that builds the
 * monitor (scalyr_monitor_config_apply_options(),
 * scalyr_monitor_config_set_monitor_name()); after that it is only read,
 * and the getters may be called from any thread, the monitor's own
 * included.
 *
 * Since: 0.1
 */

G_DEFINE_FINAL_TYPE (ScalyrMonitorConfig, scalyr_monitor_config, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTRY,
  PROP_MONITOR_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_WARNING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
scalyr_monitor_config_emit_warning (ScalyrMonitorConfig *self,
                                    const char          *message)
{
  g_signal_emit (self, signals[SIGNAL_WARNING], 0, message);
}

/* ------------------------------------------------------------------------
 * GObject
 * --------------------------------------------------------------------- */

static void
scalyr_monitor_config_finalize (GObject *object)
{
  ScalyrMonitorConfig *self = SCALYR_MONITOR_CONFIG (object);

  g_clear_pointer (&self->entry, json_object_unref);
  g_clear_pointer (&self->monitor_name, g_free);
  g_clear_pointer (&self->options, g_ptr_array_unref);
  g_clear_pointer (&self->env_fields, g_hash_table_unref);

  G_OBJECT_CLASS (scalyr_monitor_config_parent_class)->finalize (object);
}

static void
scalyr_monitor_config_constructed (GObject *object)
{
  ScalyrMonitorConfig *self = SCALYR_MONITOR_CONFIG (object);

  G_OBJECT_CLASS (scalyr_monitor_config_parent_class)->constructed (object);

  if (self->entry == NULL)
    self->entry = json_object_new ();
}

static void
scalyr_monitor_config_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ScalyrMonitorConfig *self = SCALYR_MONITOR_CONFIG (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_boxed (value, self->entry);
      break;
    case PROP_MONITOR_NAME:
      g_value_set_string (value, self->monitor_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_config_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ScalyrMonitorConfig *self = SCALYR_MONITOR_CONFIG (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      {
        JsonObject *entry = g_value_get_boxed (value);

        g_clear_pointer (&self->entry, json_object_unref);
        if (entry != NULL)
          self->entry = scalyr_config_copy_object (entry);
      }
      break;
    case PROP_MONITOR_NAME:
      scalyr_monitor_config_set_monitor_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_monitor_config_class_init (ScalyrMonitorConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = scalyr_monitor_config_finalize;
  object_class->constructed = scalyr_monitor_config_constructed;
  object_class->get_property = scalyr_monitor_config_get_property;
  object_class->set_property = scalyr_monitor_config_set_property;

  /**
   * ScalyrMonitorConfig:entry:
   *
   * The configuration entry. The object given at construction is copied;
   * reading the property gives the config's own (possibly updated) copy.
   */
  properties[PROP_ENTRY] =
    g_param_spec_boxed ("entry", NULL, NULL,
                        JSON_TYPE_OBJECT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS);

  /**
   * ScalyrMonitorConfig:monitor-name:
   *
   * The monitor instance name (e.g. `test_monitor(x)`) used as the prefix
   * of error messages, or %NULL.
   */
  properties[PROP_MONITOR_NAME] =
    g_param_spec_string ("monitor-name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ScalyrMonitorConfig::warning:
   * @self: the #ScalyrMonitorConfig
   * @message: the warning text
   *
   * Emitted by [method@Scalyr.MonitorConfig.apply_options] when an
   * environment-aware option has both a value in the entry and a
   * different value in its environment variable (the entry wins):
   * ``Conflicting values detected between <module> config file parameter `<field>` and the environment variable `<ENV>`. Ignoring environment variable.``
   * It is emitted at most once per 300 seconds per monitor name and
   * field, across all #ScalyrMonitorConfig instances.
   */
  signals[SIGNAL_WARNING] =
    g_signal_new ("warning",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
scalyr_monitor_config_init (ScalyrMonitorConfig *self)
{
  self->env_fields = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            g_free, NULL);
}

/* ------------------------------------------------------------------------
 * Public API
 * --------------------------------------------------------------------- */

/**
 * scalyr_monitor_config_new:
 * @entry: (nullable): the monitor's configuration entry; it is copied, the
 *   caller's object is never modified. %NULL is an empty entry.
 * @monitor_name: (nullable): the monitor instance name used in error
 *   messages, e.g. `test_monitor(x)`
 *
 * Creates a configuration from a monitor entry.
 *
 * Returns: (transfer full): a new #ScalyrMonitorConfig
 *
 * Since: 0.1
 */
ScalyrMonitorConfig *
scalyr_monitor_config_new (JsonObject *entry,
                           const char *monitor_name)
{
  return g_object_new (SCALYR_TYPE_MONITOR_CONFIG,
                       "entry", entry,
                       "monitor-name", monitor_name,
                       NULL);
}

/**
 * scalyr_monitor_config_new_from_string:
 * @json: the entry as text in the agent's relaxed JSON dialect (unquoted
 *   keys, comments, …); it must be an object
 * @monitor_name: (nullable): the monitor instance name used in error
 *   messages
 * @error: return location for a #GError
 *
 * Parses @json and creates a configuration from it. A parse error is
 * reported in the %SCALYR_JSON_ERROR domain; a value that is not an
 * object gives %SCALYR_MONITOR_ERROR_BAD_CONFIG.
 *
 * Returns: (transfer full) (nullable): a new #ScalyrMonitorConfig, or
 *   %NULL on error
 *
 * Since: 0.1
 */
ScalyrMonitorConfig *
scalyr_monitor_config_new_from_string (const char  *json,
                                       const char  *monitor_name,
                                       GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = scalyr_json_parse (json, -1, NULL, NULL, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SCALYR_MONITOR_ERROR,
                   SCALYR_MONITOR_ERROR_BAD_CONFIG,
                   _("%s%sthe monitor configuration must be a JSON object, "
                     "not %s"),
                   monitor_name != NULL && *monitor_name != '\0' ? monitor_name : "",
                   monitor_name != NULL && *monitor_name != '\0' ? ": " : "",
                   scalyr_config_kind_name (scalyr_config_node_kind (node)));
      return NULL;
    }
  return scalyr_monitor_config_new (json_node_get_object (node), monitor_name);
}

/**
 * scalyr_monitor_config_get_entry:
 * @self: a #ScalyrMonitorConfig
 *
 * Gets the configuration entry, including the values stored (converted)
 * by [method@Scalyr.MonitorConfig.apply_options].
 *
 * Returns: (transfer none): the entry
 *
 * Since: 0.1
 */
JsonObject *
scalyr_monitor_config_get_entry (ScalyrMonitorConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), NULL);

  return self->entry;
}

/**
 * scalyr_monitor_config_get_monitor_name:
 * @self: a #ScalyrMonitorConfig
 *
 * Returns: (transfer none) (nullable): the monitor instance name
 *
 * Since: 0.1
 */
const char *
scalyr_monitor_config_get_monitor_name (ScalyrMonitorConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), NULL);

  return self->monitor_name;
}

/**
 * scalyr_monitor_config_set_monitor_name:
 * @self: a #ScalyrMonitorConfig
 * @monitor_name: (nullable): the monitor instance name
 *
 * Sets the monitor instance name that prefixes error messages (e.g.
 * `test_monitor(x): field "foo": …`); %NULL or "" for no prefix.
 *
 * Since: 0.1
 */
void
scalyr_monitor_config_set_monitor_name (ScalyrMonitorConfig *self,
                                        const char          *monitor_name)
{
  g_return_if_fail (SCALYR_IS_MONITOR_CONFIG (self));

  if (g_strcmp0 (self->monitor_name, monitor_name) == 0)
    return;
  g_free (self->monitor_name);
  self->monitor_name = g_strdup (monitor_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITOR_NAME]);
}

/**
 * scalyr_monitor_config_has_field:
 * @self: a #ScalyrMonitorConfig
 * @field: a field name
 *
 * Returns: whether the entry has a member @field (possibly null). The
 *   environment is not consulted.
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_config_has_field (ScalyrMonitorConfig *self,
                                 const char          *field)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return json_object_has_member (self->entry, field);
}

/**
 * scalyr_monitor_config_is_from_environment:
 * @self: a #ScalyrMonitorConfig
 * @field: a field name
 *
 * Returns: whether a value of @field has been taken from an environment
 *   variable (by a get or by [method@Scalyr.MonitorConfig.apply_options])
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_config_is_from_environment (ScalyrMonitorConfig *self,
                                           const char          *field)
{
  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return g_hash_table_contains (self->env_fields, field);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/**
 * scalyr_monitor_config_dup_environment_fields:
 * @self: a #ScalyrMonitorConfig
 *
 * Gets the fields whose value has been taken from an environment
 * variable so far, sorted.
 *
 * Returns: (transfer full) (array zero-terminated=1): the field names
 *
 * Since: 0.1
 */
char **
scalyr_monitor_config_dup_environment_fields (ScalyrMonitorConfig *self)
{
  g_autofree const char **keys = NULL;
  guint n = 0;
  char **fields;

  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), NULL);

  keys = (const char **) g_hash_table_get_keys_as_array (self->env_fields, &n);
  fields = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    fields[i] = g_strdup (keys[i]);
  qsort (fields, n, sizeof (char *), compare_strings);
  return fields;
}

/* A field of the entry that neither the monitor nor every monitor declares
 * but that is close to a declared name is probably misspelled: warn (the
 * reference lets monitors read undeclared fields, so it is not an error). */
static void
warn_misspelled_fields (ScalyrMonitorConfig *self,
                        GPtrArray           *options)
{
  GPtrArray *common = scalyr_config_monitor_common_options ();
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GList) members = NULL;

  if (options->len == 0)
    return;
  /* a copy: the common declarations are shared */
  known = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < common->len; i++)
    g_ptr_array_add (known, g_object_ref (g_ptr_array_index (common, i)));
  for (guint i = 0; i < options->len; i++)
    g_ptr_array_add (known, g_object_ref (g_ptr_array_index (options, i)));
  members = json_object_get_members (self->entry);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *near = NULL;
      g_autofree char *message = NULL;
      gboolean declared = FALSE;

      for (guint i = 0; i < known->len && !declared; i++)
        declared = g_str_equal (scalyr_monitor_option_get_name (g_ptr_array_index (known, i)), l->data);
      if (declared || (near = scalyr_config_suggest_name (l->data, known)) == NULL)
        continue;
      message = g_strdup_printf (_("%s%sfield \"%s\" is not an option of this monitor and is ignored "
                                   "unless the monitor reads it; did you mean \"%s\"?"),
                                 self->monitor_name != NULL ? self->monitor_name : "",
                                 self->monitor_name != NULL && *self->monitor_name != '\0' ? ": " : "",
                                 (const char *) l->data, near);
      scalyr_monitor_config_emit_warning (self, message);
    }
}

/**
 * scalyr_monitor_config_apply_options:
 * @self: a #ScalyrMonitorConfig
 * @options: (element-type ScalyrMonitorOption): the options the monitor
 *   declared
 * @error: return location for a #GError
 *
 * Applies a monitor's declared options to the entry, like the reference's
 * `MonitorConfig` constructor: in order, each option that is required,
 * has a default value, is present in the entry, or (environment-aware
 * options) has its environment variable set, is evaluated like
 * [method@Scalyr.MonitorConfig.get_value] with the option's type,
 * default and bounds, and the result is stored back into the entry,
 * converted (a %G_TYPE_STRV value as a JSON array of strings). So after a
 * successful call, `{"a": "5"}` with an integer option `a` holds the
 * integer 5. A declared option that is absent and has neither a default
 * nor an environment value stays absent.
 *
 * The environment variable of an environment-aware option is consulted
 * even when the entry has a value: the entry wins, a different value is
 * reported through the [signal@Scalyr.MonitorConfig::warning] signal, and
 * a value that does not convert is an error.
 *
 * A field of the entry that is neither one of @options nor one of
 * [func@Scalyr.config_dup_monitor_common_options] but is a few edits away
 * from one of them is reported through
 * [signal@Scalyr.MonitorConfig::warning] with a "did you mean" hint; it is
 * not an error, as a monitor may read undeclared fields.
 *
 * The options are kept: later gets of these fields use their declared
 * environment variable names. Evaluation stops at the first error; the
 * options evaluated before it remain stored.
 *
 * Returns: %TRUE on success, %FALSE with @error set otherwise
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_config_apply_options (ScalyrMonitorConfig  *self,
                                     GPtrArray            *options,
                                     GError              **error)
{
  g_autoptr(GPtrArray) applied = NULL;

  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < options->len; i++)
    g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (g_ptr_array_index (options, i)),
                          FALSE);

  g_clear_pointer (&self->options, g_ptr_array_unref);
  self->options = g_ptr_array_new_full (options->len, g_object_unref);
  for (guint i = 0; i < options->len; i++)
    g_ptr_array_add (self->options, g_object_ref (g_ptr_array_index (options, i)));

  /* a "warning" handler might replace self->options */
  applied = g_ptr_array_ref (self->options);
  for (guint i = 0; i < applied->len; i++)
    {
      ScalyrMonitorOption *option = g_ptr_array_index (applied, i);
      const char *name = scalyr_monitor_option_get_name (option);
      g_autofree char *env_name =
        scalyr_monitor_option_dup_effective_env_name (option);
      gboolean defined_in_env = env_name != NULL && g_getenv (env_name) != NULL;
      GValue v = G_VALUE_INIT;
      gboolean from_env = FALSE;
      g_autoptr(GError) local_error = NULL;
      ScalyrConfigRequest req;

      scalyr_config_request_init_from_option (&req, option, NULL, env_name);
      req.check_env_conflict = env_name != NULL;
      if (!req.required && req.default_value == NULL &&
          !json_object_has_member (self->entry, name) && !defined_in_env)
        continue;

      if (!scalyr_monitor_config_evaluate (self, name, &req, &v, &from_env, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          continue; /* none: a key present with null stays null */
        }

      json_object_set_member (self->entry, name, scalyr_config_value_to_node (&v));
      g_value_unset (&v);
      if (from_env)
        g_hash_table_add (self->env_fields, g_strdup (name));
    }

  warn_misspelled_fields (self, applied);
  return TRUE;
}

static gboolean
is_valid_convert_to (GType t)
{
  return t == G_TYPE_INVALID || t == G_TYPE_NONE ||
         t == G_TYPE_INT64 || t == G_TYPE_DOUBLE || t == G_TYPE_BOOLEAN ||
         t == G_TYPE_STRING || t == G_TYPE_STRV ||
         t == JSON_TYPE_ARRAY || t == JSON_TYPE_OBJECT;
}

static gboolean
is_valid_bound (const GValue *v)
{
  return v == NULL || !G_IS_VALUE (v) || scalyr_config_value_is_supported (v);
}

/* evaluates @req; a none result is a NULL pointer, which bindings see as
 * None */
static gboolean
get_requested (ScalyrMonitorConfig       *self,
               const char                *field,
               const ScalyrConfigRequest *req,
               GValue                    *value,
               GError                   **error)
{
  gboolean from_env = FALSE;

  if (!scalyr_monitor_config_evaluate (self, field, req, value, &from_env, error))
    {
      if (!G_IS_VALUE (value) && (error == NULL || *error == NULL))
        {
          g_value_init (value, G_TYPE_POINTER);
          g_value_set_pointer (value, NULL);
        }
      return FALSE;
    }
  if (from_env)
    g_hash_table_add (self->env_fields, g_strdup (field));
  return TRUE;
}

/**
 * scalyr_monitor_config_get_value:
 * @self: a #ScalyrMonitorConfig
 * @field: the field name
 * @convert_to: the type to convert the value to: %G_TYPE_STRING,
 *   %G_TYPE_INT64, %G_TYPE_DOUBLE, %G_TYPE_BOOLEAN, `JSON_TYPE_ARRAY`,
 *   `JSON_TYPE_OBJECT`, %G_TYPE_STRV (an array of strings), or
 *   %G_TYPE_NONE / %G_TYPE_INVALID for no conversion
 * @flags: %SCALYR_CONFIG_REQUIRED to fail when the field is missing
 * @default_value: (nullable): the value used when the field is absent from
 *   the entry and from the environment (it is converted and checked like
 *   a value from the entry); ignored for a required field
 * @min_value: (nullable): the minimum, a value of any numeric type
 * @max_value: (nullable): the maximum, a value of any numeric type
 * @value: (out caller-allocates): return location for the value; it must
 *   be zero-initialised (%G_VALUE_INIT) and is initialised only when the
 *   function returns %TRUE
 * @error: return location for a #GError
 *
 * Gets a field's value the way the reference's `MonitorConfig.get()`
 * does, in this order:
 *
 * 1. the entry's value (a JSON null counts as none), converted to
 *    @convert_to;
 * 2. if none, the environment: the option's declared variable if
 *    [method@Scalyr.MonitorConfig.apply_options] declared an
 *    environment-aware option @field, else `SCALYR_<FIELD>`; tried
 *    upper-cased then lower-cased; a value found is converted from its
 *    string and the field is remembered as coming from the environment;
 * 3. if still none: a required field absent from the entry is a
 *    %SCALYR_MONITOR_ERROR_MISSING_FIELD error; a field present with null
 *    stays none (the default is not used, and a required field does not
 *    fail); otherwise @default_value, converted;
 * 4. the bounds: a value above @max_value or below @min_value is a
 *    %SCALYR_MONITOR_ERROR_OUT_OF_RANGE error. Numbers compare
 *    numerically whatever their types; a NaN passes.
 *
 * Conversions follow the reference's table: strings parse to any type
 * (%SCALYR_MONITOR_ERROR_PARSE on failure; "true" in any case is %TRUE and
 * anything else %FALSE; the empty string is an empty array or object; an
 * array of strings is split on commas); integers convert to floats and
 * strings; floats to integers (truncated) and strings (Python repr, e.g.
 * `1e+20`); booleans to strings (`True`, `False`); arrays to strings
 * (Python repr, e.g. `['a', 1]`) and to arrays of strings (if all their
 * elements are strings); objects to strings (`{'a': 1}`). Anything else
 * is a %SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION error.
 *
 * Without conversion, the value is returned as its JSON type:
 * %G_TYPE_INT64, %G_TYPE_DOUBLE, %G_TYPE_BOOLEAN, %G_TYPE_STRING,
 * `JSON_TYPE_ARRAY` or `JSON_TYPE_OBJECT` (a value from the environment
 * is a %G_TYPE_STRING). Arrays and objects are copies.
 *
 * Returns: %TRUE when a value was stored in @value. %FALSE with @error set
 *   on failure; %FALSE **without** an error when the result is none (the
 *   field is absent, not required and there is no default, or it is
 *   present with a null value): then @value holds a %NULL %G_TYPE_POINTER,
 *   which bindings see as `None`/`null`; unset it as usual.
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_config_get_value (ScalyrMonitorConfig  *self,
                                 const char           *field,
                                 GType                 convert_to,
                                 ScalyrConfigFlags     flags,
                                 const GValue         *default_value,
                                 const GValue         *min_value,
                                 const GValue         *max_value,
                                 GValue               *value,
                                 GError              **error)
{
  g_autofree char *env_name = NULL;
  ScalyrConfigRequest req;

  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (is_valid_convert_to (convert_to), FALSE);
  g_return_val_if_fail (is_valid_bound (default_value), FALSE);
  g_return_val_if_fail (is_valid_bound (min_value), FALSE);
  g_return_val_if_fail (is_valid_bound (max_value), FALSE);
  g_return_val_if_fail (value != NULL && !G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  req = (ScalyrConfigRequest) {
    .convert_to = convert_to == G_TYPE_INVALID ? G_TYPE_NONE : convert_to,
    .required = (flags & SCALYR_CONFIG_REQUIRED) != 0,
    .default_value = default_value,
    .min_value = min_value,
    .max_value = max_value,
    .env_name = scalyr_monitor_config_declared_env_name (self, field, &env_name),
    .check_env_conflict = FALSE,
  };

  return get_requested (self, field, &req, value, error);
}

/**
 * scalyr_monitor_config_get_declared_value:
 * @self: a #ScalyrMonitorConfig
 * @declaration: the declaration of the field, e.g. one of
 *   [func@Scalyr.config_dup_monitor_common_options]
 * @fallback: (nullable): the default when @declaration states none, e.g.
 *   a global setting such as `global_monitor_sample_interval`; converted
 *   and checked like a value from the entry
 * @value: (out caller-allocates): return location for the value; it must
 *   be zero-initialised (%G_VALUE_INIT)
 * @error: return location for a #GError
 *
 * Gets a field as [method@Scalyr.MonitorConfig.get_value] does, with
 * everything else taken from @declaration: its name, value type,
 * requiredness, default, bounds (an exclusive minimum included) and
 * environment variable (its effective one, else `SCALYR_<FIELD>`).
 *
 * Returns: %TRUE when a value was stored in @value; %FALSE with @error
 *   set on failure, or %FALSE without an error when the result is none
 *   (then @value holds a %NULL %G_TYPE_POINTER)
 *
 * Since: 0.2
 */
gboolean
scalyr_monitor_config_get_declared_value (ScalyrMonitorConfig  *self,
                                          ScalyrMonitorOption  *declaration,
                                          const GValue         *fallback,
                                          GValue               *value,
                                          GError              **error)
{
  g_autofree char *env_name = NULL;
  ScalyrConfigRequest req;

  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), FALSE);
  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (declaration), FALSE);
  g_return_val_if_fail (is_valid_bound (fallback), FALSE);
  g_return_val_if_fail (value != NULL && !G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  env_name = scalyr_monitor_option_dup_effective_env_name (declaration);
  scalyr_config_request_init_from_option (&req, declaration, fallback, env_name);
  return get_requested (self, scalyr_monitor_option_get_name (declaration), &req, value, error);
}

/* get_value() with whichever of @def, @min and @max are set, which are then
 * unset; @out is set only when it returns TRUE (the "none" pointer of a
 * FALSE return is unset here). */
