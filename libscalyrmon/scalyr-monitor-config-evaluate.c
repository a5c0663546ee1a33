/* scalyr-monitor-config-evaluate.c: the reference's MonitorConfig.get() order
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-config-private.h"

#include <string.h>

#include "scalyr-config-convert-private.h"
#include "scalyr-config-env-private.h"
#include "scalyr-config-value-private.h"
#include "scalyr-error.h"
#include "scalyr-i18n-private.h"

/* The conflict warning is emitted at most once per this many microseconds
 * per (monitor name, field), like the reference's limit_once_per_x_secs. */
#define CONFLICT_WARNING_INTERVAL (300 * G_USEC_PER_SEC)

static GMutex conflict_lock;
static GHashTable *conflict_last_warned; /* "monitor\x1ffield" -> gint64* */

/* ------------------------------------------------------------------------
 * Errors
 * --------------------------------------------------------------------- */

/* Where the value being converted or checked comes from */
typedef struct {
  const char *field;
  const char *env_var;  /* non-NULL when it came from this variable */
} Source;

static void
append_prefix (GString             *msg,
               ScalyrMonitorConfig *self)
{
  if (self->monitor_name != NULL && *self->monitor_name != '\0')
    g_string_append_printf (msg, "%s: ", self->monitor_name);
}

/* prefixes an engine error with the monitor and the field (or variable) */
static gboolean
prefix_error (GError              **error,
              ScalyrMonitorConfig  *self,
              const Source         *src)
{
  g_autoptr(GString) msg = g_string_new (NULL);

  append_prefix (msg, self);
  if (src->env_var != NULL)
    g_string_append_printf (msg, _("environment variable %s (field \"%s\"): "),
                            src->env_var, src->field);
  else
    g_string_append_printf (msg, _("field \"%s\": "), src->field);
  g_prefix_error_literal (error, msg->str);
  return FALSE;
}

static gboolean
convert (ScalyrMonitorConfig  *self,
         const Source         *src,
         const GValue         *in,
         GType                 to,
         GValue               *out,
         GError              **error)
{
  if (scalyr_config_convert (in, to, SCALYR_OPTION_FORMAT_PLAIN, SCALYR_CONFIG_RULES_MONITOR,
                             FALSE, out, error))
    return TRUE;
  return prefix_error (error, self, src);
}

/* ------------------------------------------------------------------------
 * Declared options and the environment
 * --------------------------------------------------------------------- */

static ScalyrMonitorOption *
find_option (ScalyrMonitorConfig *self,
             const char          *field)
{
  if (self->options == NULL)
    return NULL;
  for (guint i = 0; i < self->options->len; i++)
    {
      ScalyrMonitorOption *option = g_ptr_array_index (self->options, i);

      if (g_strcmp0 (scalyr_monitor_option_get_name (option), field) == 0)
        return option;
    }
  return NULL;
}

static void
warn_conflict (ScalyrMonitorConfig *self,
               const char          *field,
               const char          *env_var)
{
  const char *module = NULL;
  g_autofree char *key = NULL;
  g_autofree char *message = NULL;
  gint64 now = g_get_monotonic_time ();
  gint64 *last;
  gboolean emit = FALSE;

  key = g_strdup_printf ("%s\x1f%s",
                         self->monitor_name ? self->monitor_name : "", field);

  g_mutex_lock (&conflict_lock);
  if (conflict_last_warned == NULL)
    conflict_last_warned = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                  g_free, g_free);
  last = g_hash_table_lookup (conflict_last_warned, key);
  if (last == NULL)
    {
      last = g_new (gint64, 1);
      *last = now;
      g_hash_table_insert (conflict_last_warned, g_steal_pointer (&key), last);
      emit = TRUE;
    }
  else if (now - *last >= CONFLICT_WARNING_INTERVAL)
    {
      *last = now;
      emit = TRUE;
    }
  g_mutex_unlock (&conflict_lock);

  if (!emit)
    return;

  if (json_object_has_member (self->entry, "module") &&
      scalyr_config_node_kind (json_object_get_member (self->entry, "module")) == G_TYPE_STRING)
    module = json_object_get_string_member (self->entry, "module");
  if (module == NULL || *module == '\0')
    module = self->monitor_name;
  if (module == NULL || *module == '\0')
    module = "global";

  message = g_strdup_printf (_("Conflicting values detected between %s config "
                               "file parameter `%s` and the environment "
                               "variable `%s`. Ignoring environment variable."),
                             module, field, env_var);
  scalyr_monitor_config_emit_warning (self, message);
}

/* ------------------------------------------------------------------------
 * Evaluation (spec 2.1)
 * --------------------------------------------------------------------- */



gboolean
scalyr_monitor_config_evaluate (ScalyrMonitorConfig  *self,
          const char           *field,
          const ScalyrConfigRequest        *req,
          GValue               *result,
          gboolean             *from_env,
          GError              **error)
{
  GValue v = G_VALUE_INIT;
  GValue tmp = G_VALUE_INIT;
  Source src = { field, NULL };
  g_autofree char *env_var = NULL;
  g_autofree char *env_value = NULL;
  gboolean present;
  GType to = req->convert_to;

  *from_env = FALSE;

  /* 1. the entry's value; absent or null is none */
  present = json_object_has_member (self->entry, field);
  if (present)
    scalyr_config_value_from_node (json_object_get_member (self->entry, field), &v);

  /* 2. convert it */
  if (!scalyr_config_value_is_none (&v) && to != G_TYPE_NONE && G_VALUE_TYPE (&v) != to)
    {
      if (!convert (self, &src, &v, to, &tmp, error))
        goto fail;
      g_value_unset (&v);
      v = tmp;
      memset (&tmp, 0, sizeof tmp);
    }

  /* 3. the environment, for a none value (and, for an env-aware option
   *    being applied, to warn about a conflicting value) */
  if (scalyr_config_value_is_none (&v) || req->check_env_conflict)
    {
      g_autofree char *default_name = NULL;
      const char *name = req->env_name;

      if (name == NULL)
        name = default_name = g_strconcat ("SCALYR_", field, NULL);
      env_value = scalyr_config_env_lookup (name, &env_var);
    }
  if (env_value != NULL)
    {
      GValue env_v = G_VALUE_INIT;
      Source env_src = { field, env_var };

      g_value_init (&env_v, G_TYPE_STRING);
      g_value_set_string (&env_v, env_value);
      if (to != G_TYPE_NONE && to != G_TYPE_STRING)
        {
          if (!convert (self, &env_src, &env_v, to, &tmp, error))
            {
              g_value_unset (&env_v);
              goto fail;
            }
          g_value_unset (&env_v);
          env_v = tmp;
          memset (&tmp, 0, sizeof tmp);
        }

      if (scalyr_config_value_is_none (&v))
        {
          v = env_v;
          src.env_var = env_var;
          *from_env = TRUE;
        }
      else
        {
          if (req->check_env_conflict && !scalyr_config_values_equal (&v, &env_v))
            warn_conflict (self, field, env_var);
          g_value_unset (&env_v);
        }
    }

  /* 4. required, the null quirk, the default */
  if (scalyr_config_value_is_none (&v))
    {
      if (req->required && !present)
        {
          g_autoptr(GString) msg = g_string_new (NULL);

          append_prefix (msg, self);
          g_string_append_printf (msg,
                                  _("field \"%s\" is required but missing; "
                                    "add \"%s\" to the monitor's configuration"),
                                  field, field);
          g_set_error_literal (error, SCALYR_MONITOR_ERROR,
                               SCALYR_MONITOR_ERROR_MISSING_FIELD, msg->str);
          goto fail;
        }
      /* a key present with null yields none, not the default */
      if (!present)
        scalyr_config_value_from_input (req->default_value, &v);
    }

  /* 5. none */
  if (scalyr_config_value_is_none (&v))
    return FALSE;

  /* 6. convert again (the default) */
  if (to != G_TYPE_NONE && G_VALUE_TYPE (&v) != to)
    {
      if (!convert (self, &src, &v, to, &tmp, error))
        goto fail;
      g_value_unset (&v);
      v = tmp;
      memset (&tmp, 0, sizeof tmp);
    }

  /* 7. bounds */
  if (!scalyr_config_check_bounds (&v, req->min_value, req->max_value, req->min_exclusive,
                                   field, SCALYR_CONFIG_RULES_MONITOR, error))
    {
      prefix_error (error, self, &src);
      goto fail;
    }

  *result = v;
  return TRUE;

fail:
  *from_env = FALSE;
  if (G_IS_VALUE (&v))
    g_value_unset (&v);
  return FALSE;
}

const char *
scalyr_monitor_config_declared_env_name (ScalyrMonitorConfig *self,
                   const char          *field,
                   char               **to_free)
{
  ScalyrMonitorOption *option = find_option (self, field);

  *to_free = option != NULL ?
             scalyr_monitor_option_dup_effective_env_name (option) : NULL;
  return *to_free;
}

void
scalyr_config_request_init_from_option (ScalyrConfigRequest *req,
                                        ScalyrMonitorOption *option,
                                        const GValue        *fallback,
                                        const char          *env_name)
{
  const GValue *declared_default = scalyr_monitor_option_get_default_value (option);

  *req = (ScalyrConfigRequest) {
    .convert_to = scalyr_monitor_option_get_value_type (option),
    .required = scalyr_monitor_option_get_required (option),
    .default_value = declared_default != NULL ? declared_default : fallback,
    .min_value = scalyr_monitor_option_get_min_value (option),
    .max_value = scalyr_monitor_option_get_max_value (option),
    .env_name = env_name,
    .check_env_conflict = FALSE,
    .min_exclusive = scalyr_monitor_option_get_min_exclusive (option),
  };
}
