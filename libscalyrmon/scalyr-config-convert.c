/* scalyr-config-convert.c: the one conversion engine of the configuration
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-convert.h"
#include "scalyr-config-convert-private.h"
#include "scalyr-config-agent-rules-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "scalyr-config-parse-private.h"
#include "scalyr-config-rate.h"
#include "scalyr-config-repr-private.h"
#include "scalyr-config-value-private.h"
#include "scalyr-error.h"
#include "scalyr-json-parser.h"
#include "scalyr-i18n-private.h"

/* ------------------------------------------------------------------------
 * Messages of the reference's rules
 * --------------------------------------------------------------------- */

static gboolean
prohibited (GError       **error,
            const GValue  *v,
            GType          to)
{
  g_autoptr(GString) shown = g_string_new (NULL);

  scalyr_config_display_value (shown, v);
  g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
               _("cannot convert %s (%s) to %s"),
               scalyr_config_kind_name (G_VALUE_TYPE (v)), shown->str, scalyr_config_kind_name (to));
  return FALSE;
}

static gboolean
parse_failed (GError     **error,
              const char  *text,
              const char  *as,
              const char  *detail)
{
  g_autoptr(GString) shown = g_string_new (NULL);

  scalyr_config_display_string (shown, text);
  if (detail != NULL)
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PARSE,
                 _("could not parse %s as %s: %s"), shown->str, as, detail);
  else
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PARSE,
                 _("could not parse %s as %s"), shown->str, as);
  return FALSE;
}

/* ------------------------------------------------------------------------
 * The reference's MonitorConfig conversions (monitor-api.md 2.2)
 * --------------------------------------------------------------------- */

static gboolean
convert_monitor (const GValue  *in,
                 GType          to,
                 GValue        *out,
                 GError       **error)
{
  GType from = G_VALUE_TYPE (in);

  if (from == to)
    {
      g_value_init (out, to);
      g_value_copy (in, out);
      return TRUE;
    }

  if (from == G_TYPE_STRING)
    {
      const char *s = g_value_get_string (in);

      if (to == G_TYPE_INT64)
        {
          gint64 i = 0;

          switch (scalyr_config_parse_int (s, &i))
            {
            case SCALYR_CONFIG_PARSE_OK:
              scalyr_config_value_set_int64 (out, i);
              return TRUE;
            case SCALYR_CONFIG_PARSE_OVERFLOW:
              {
                g_autoptr(GString) shown = g_string_new (NULL);

                scalyr_config_display_string (shown, s);
                g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                           _("value %s is out of the range of a 64-bit integer"),
                           shown->str);
                return FALSE;
              }
            case SCALYR_CONFIG_PARSE_INVALID:
            default:
              return parse_failed (error, s, _("an integer"), NULL);
            }
        }
      if (to == G_TYPE_DOUBLE)
        {
          double d = 0;

          if (!scalyr_config_parse_float (s, &d))
            return parse_failed (error, s, _("a float"), NULL);
          scalyr_config_value_set_double (out, d);
          return TRUE;
        }
      if (to == G_TYPE_BOOLEAN)
        {
          g_value_init (out, G_TYPE_BOOLEAN);
          g_value_set_boolean (out, g_ascii_strcasecmp (s, "true") == 0);
          return TRUE;
        }
      if (to == JSON_TYPE_ARRAY || to == JSON_TYPE_OBJECT)
        {
          gboolean want_array = to == JSON_TYPE_ARRAY;
          const char *as = want_array ? _("a JSON array") : _("a JSON object");
          g_autoptr(GError) parse_error = NULL;
          g_autoptr(JsonNode) node = NULL;

          if (*s == '\0')
            {
              /* the reference gives an empty object, and crashes for an
               * array; we give an empty array */
              g_value_init (out, to);
              if (want_array)
                g_value_take_boxed (out, json_array_new ());
              else
                g_value_take_boxed (out, json_object_new ());
              return TRUE;
            }

          node = scalyr_json_parse (s, -1, NULL, NULL, &parse_error);
          if (node == NULL)
            return parse_failed (error, s, as,
                                 parse_error != NULL ? parse_error->message
                                                     : _("invalid JSON"));
          if (scalyr_config_node_kind (node) != to)
            {
              g_autofree char *detail =
                want_array
                ? g_strdup_printf (_("found %s instead of an array"),
                                   scalyr_config_kind_name (scalyr_config_node_kind (node)))
                : g_strdup_printf (_("found %s instead of an object"),
                                   scalyr_config_kind_name (scalyr_config_node_kind (node)));

              return parse_failed (error, s, as, detail);
            }
          scalyr_config_value_from_node (node, out);
          return TRUE;
        }
      if (to == G_TYPE_STRV)
        {
          g_value_init (out, G_TYPE_STRV);
          g_value_take_boxed (out, scalyr_config_split_strings (s));
          return TRUE;
        }
      return prohibited (error, in, to);
    }

  if (to == G_TYPE_STRING)
    {
      g_autoptr(GString) str = g_string_new (NULL);

      if (from == G_TYPE_INT64)
        g_string_append_printf (str, "%" G_GINT64_FORMAT,
                                g_value_get_int64 (in));
      else if (from == G_TYPE_DOUBLE)
        scalyr_config_repr_double (str, g_value_get_double (in));
      else if (from == G_TYPE_BOOLEAN)
        g_string_append (str, g_value_get_boolean (in) ? "True" : "False");
      else if (from == JSON_TYPE_ARRAY)
        scalyr_config_append_array (str, g_value_get_boxed (in), &scalyr_config_repr_style);
      else if (from == JSON_TYPE_OBJECT)
        scalyr_config_append_object (str, g_value_get_boxed (in), &scalyr_config_repr_style);
      else
        return prohibited (error, in, to);

      g_value_init (out, G_TYPE_STRING);
      g_value_set_string (out, str->str);
      return TRUE;
    }

  if (from == G_TYPE_INT64 && to == G_TYPE_DOUBLE)
    {
      scalyr_config_value_set_double (out, (double) g_value_get_int64 (in));
      return TRUE;
    }

  if (from == G_TYPE_DOUBLE && to == G_TYPE_INT64)
    {
      double d = g_value_get_double (in);

      if (isnan (d))
        return prohibited (error, in, to);
      /* truncate toward zero, like int() */
      d = trunc (d);
      if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        {
          g_autoptr(GString) shown = g_string_new (NULL);

          scalyr_config_display_double (shown, g_value_get_double (in));
          g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                     _("value %s is out of the range of a 64-bit integer"),
                     shown->str);
          return FALSE;
        }
      scalyr_config_value_set_int64 (out, (gint64) d);
      return TRUE;
    }

  if (from == JSON_TYPE_ARRAY && to == G_TYPE_STRV)
    {
      JsonArray *array = g_value_get_boxed (in);
      guint i, n = json_array_get_length (array);
      g_auto(GStrv) strv = g_new0 (char *, n + 1);

      for (i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (scalyr_config_node_kind (element) != G_TYPE_STRING)
            {
              g_autoptr(GString) shown = g_string_new (NULL);

              scalyr_config_append_node (shown, element, &scalyr_config_display_style);
              g_set_error (error, SCALYR_MONITOR_ERROR,
                           SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
                         _("element %u of the array is %s (%s); expected only strings"),
                         i + 1, scalyr_config_kind_name (scalyr_config_node_kind (element)), shown->str);
              return FALSE;
            }
          strv[i] = g_strdup (json_node_get_string (element));
        }
      g_value_init (out, G_TYPE_STRV);
      g_value_take_boxed (out, g_steal_pointer (&strv));
      return TRUE;
    }

  return prohibited (error, in, to);
}

/* ------------------------------------------------------------------------
 * Formats: the shape of the elements of arrays and objects
 * --------------------------------------------------------------------- */

static gboolean
check_format (GValue             *v,
              ScalyrOptionFormat  format,
              GError            **error)
{
  if (format == SCALYR_OPTION_FORMAT_OBJECT_OF_STRINGS && G_VALUE_TYPE (v) == JSON_TYPE_OBJECT)
    {
      JsonObject *object = g_value_get_boxed (v);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);
          GType kind = scalyr_config_node_kind (member);
          g_auto(GValue) mv = G_VALUE_INIT;

          if (kind == G_TYPE_STRING)
            continue;
          scalyr_config_value_from_node (member, &mv);
          if (kind == G_TYPE_INT64 || kind == G_TYPE_DOUBLE)
            {
              g_autoptr(GString) text = g_string_new (NULL);

              scalyr_config_display_value (text, &mv);
              json_object_set_string_member (object, l->data, text->str);
              continue;
            }
          {
            g_autoptr(GString) shown = g_string_new (NULL);

            scalyr_config_agent_describe (shown, &mv);
            g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
                         _("the value of \"%s\" must be a string or a number, got %s"),
                         (const char *) l->data, shown->str);
            return FALSE;
          }
        }
    }
  if ((format == SCALYR_OPTION_FORMAT_ARRAY_OF_OBJECTS || format == SCALYR_OPTION_FORMAT_IMPORT_VARS) &&
      G_VALUE_TYPE (v) == JSON_TYPE_ARRAY)
    {
      JsonArray *array = g_value_get_boxed (v);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          GType kind = scalyr_config_node_kind (json_array_get_element (array, i));
          g_auto(GValue) ev = G_VALUE_INIT;
          g_autoptr(GString) shown = NULL;

          if (kind == JSON_TYPE_OBJECT ||
              (format == SCALYR_OPTION_FORMAT_IMPORT_VARS && kind == G_TYPE_STRING))
            continue;
          shown = g_string_new (NULL);
          scalyr_config_value_from_node (json_array_get_element (array, i), &ev);
          scalyr_config_agent_describe (shown, &ev);
          g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
                       _("element %u must be %s, got %s"), i,
                       format == SCALYR_OPTION_FORMAT_IMPORT_VARS
                       ? _("a variable name or a { var, default } object") : _("an object"),
                       shown->str);
          return FALSE;
        }
    }
  if (format == SCALYR_OPTION_FORMAT_DATA_RATE && G_VALUE_TYPE (v) == G_TYPE_STRING)
    {
      g_autoptr(GError) rate_error = NULL;

      if (!scalyr_config_parse_rate (g_value_get_string (v), NULL, &rate_error))
        {
          /* a string, but not an allowed one */
          g_set_error_literal (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                               rate_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------
 * The engine
 * --------------------------------------------------------------------- */

gboolean
scalyr_config_convert (const GValue        *in,
                       GType                to,
                       ScalyrOptionFormat   format,
                       ScalyrConfigRules    rules,
                       gboolean             from_env,
                       GValue              *out,
                       GError             **error)
{
  gboolean ok;

  if (rules == SCALYR_CONFIG_RULES_AGENT)
    ok = scalyr_config_agent_convert (in, to, format, from_env, out, error);
  else if (to == G_TYPE_NONE || G_VALUE_TYPE (in) == to)
    {
      g_value_init (out, G_VALUE_TYPE (in));
      g_value_copy (in, out);
      ok = TRUE;
    }
  else
    ok = convert_monitor (in, to, out, error);
  if (ok && !check_format (out, format, error))
    {
      g_value_unset (out);
      ok = FALSE;
    }
  return ok;
}

/* the agent's words for a field: debug_level is "the debug level" */
static char *
field_words (const char *field)
{
  char *words = g_strdup (field);

  g_strdelimit (words, "_", ' ');
  return words;
}

static gboolean
bound_failed (GError            **error,
              const GValue       *v,
              const GValue       *min,
              const GValue       *max,
              gboolean            is_max,
              gboolean            min_exclusive,
              const char         *field,
              ScalyrConfigRules   rules)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autoptr(GString) lo = g_string_new (NULL);
  g_autoptr(GString) hi = g_string_new (NULL);

  if (!scalyr_config_value_is_none (min))
    scalyr_config_display_bound (lo, min);
  if (!scalyr_config_value_is_none (max))
    scalyr_config_display_bound (hi, max);

  if (rules == SCALYR_CONFIG_RULES_AGENT)
    {
      scalyr_config_display_bound (shown, v);
      if (lo->len > 0 && hi->len > 0 && !min_exclusive)
        {
          g_autofree char *words = field_words (field);

          g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                       /* TRANSLATORS: the second %s is the field's name with spaces for '_', e.g. "sample interval" */
                       _("value %s is out of range: the %s must be between %s and %s inclusive"),
                       shown->str, words, lo->str, hi->str);
        }
      else if (is_max)
        g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                     _("value %s is too large; it must be at most %s"), shown->str, hi->str);
      else if (min_exclusive)
        g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                     _("value %s is too small; it must be greater than %s"), shown->str, lo->str);
      else
        g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                     _("value %s is too small; it must be at least %s"), shown->str, lo->str);
      return FALSE;
    }
  scalyr_config_display_value (shown, v);
  if (!is_max && min_exclusive)
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                 _("value %s is not above the minimum %s; set a number greater than %s"),
                 shown->str, lo->str, lo->str);
  else if (is_max)
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                 _("value %s is above the maximum %s"), shown->str, hi->str);
  else
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                 _("value %s is below the minimum %s"), shown->str, lo->str);
  return FALSE;
}

gboolean
scalyr_config_check_bounds (const GValue       *v,
                            const GValue       *min_in,
                            const GValue       *max_in,
                            gboolean            min_exclusive,
                            const char         *field,
                            ScalyrConfigRules   rules,
                            GError            **error)
{
  g_auto(GValue) min = G_VALUE_INIT;
  g_auto(GValue) max = G_VALUE_INIT;

  scalyr_config_value_from_input (max_in, &max);
  scalyr_config_value_from_input (min_in, &min);
  for (guint i = 0; i < 2; i++)
    {
      gboolean is_max = i == 0;
      const GValue *bound = is_max ? &max : &min;
      ScalyrConfigCmp c;

      if (scalyr_config_value_is_none (bound))
        continue;
      c = scalyr_config_compare (v, bound);
      if (c == SCALYR_CONFIG_CMP_INCOMPARABLE)
        {
          g_autoptr(GString) shown = g_string_new (NULL);
          g_autoptr(GString) shown_bound = g_string_new (NULL);

          scalyr_config_display_value (shown, v);
          scalyr_config_display_bound (shown_bound, bound);
          g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                       is_max ? _("%s (%s) cannot be compared with the maximum %s")
                              : _("%s (%s) cannot be compared with the minimum %s"),
                       scalyr_config_kind_name (G_VALUE_TYPE (v)), shown->str, shown_bound->str);
          return FALSE;
        }
      if ((is_max && c == SCALYR_CONFIG_CMP_GREATER) ||
          (!is_max && (c == SCALYR_CONFIG_CMP_LESS ||
                       (min_exclusive && c == SCALYR_CONFIG_CMP_EQUAL))))
        return bound_failed (error, v, &min, &max, is_max, min_exclusive, field, rules);
    }
  return TRUE;
}

/* the allowed values of an enumeration */
gboolean
scalyr_config_check_allowed (const GValue        *v,
                             const char * const  *allowed,
                             GError             **error)
{
  g_autofree char *list = NULL;

  if (allowed == NULL || allowed[0] == NULL || G_VALUE_TYPE (v) != G_TYPE_STRING ||
      g_strv_contains (allowed, g_value_get_string (v)))
    return TRUE;
  list = g_strjoinv (", ", (char **) allowed);
  g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG,
               _("invalid value \"%s\"; valid values are: %s"), g_value_get_string (v), list);
  return FALSE;
}

void
scalyr_config_append_range (GString             *out,
                            ScalyrMonitorOption *declaration)
{
  g_auto(GValue) min = G_VALUE_INIT;
  g_auto(GValue) max = G_VALUE_INIT;

  scalyr_config_value_from_input (scalyr_monitor_option_get_min_value (declaration), &min);
  scalyr_config_value_from_input (scalyr_monitor_option_get_max_value (declaration), &max);
  gboolean has_min = !scalyr_config_value_is_none (&min), has_max = !scalyr_config_value_is_none (&max);
  gboolean exclusive = scalyr_monitor_option_get_min_exclusive (declaration);

  g_autoptr(GString) lo = g_string_new (NULL);
  g_autoptr(GString) hi = g_string_new (NULL);

  if (has_min)
    scalyr_config_display_bound (lo, &min);
  if (has_max)
    scalyr_config_display_bound (hi, &max);
  /* TRANSLATORS: these complete "set a number ..." */
  if (has_min && has_max)
    g_string_append_printf (out, exclusive ? _("greater than %s and at most %s") : _("from %s to %s"),
                            lo->str, hi->str);
  else if (has_min)
    g_string_append_printf (out, exclusive ? _("greater than %s") : _("at least %s"), lo->str);
  else if (has_max)
    g_string_append_printf (out, _("at most %s"), hi->str);
}

gboolean
scalyr_config_check_finite (const GValue        *v,
                            ScalyrMonitorOption *declaration,
                            GError             **error)
{
  g_autoptr(GString) shown = NULL;
  g_autoptr(GString) range = NULL;

  if (!G_VALUE_HOLDS_DOUBLE (v) || isfinite (g_value_get_double (v)))
    return TRUE;
  shown = g_string_new (NULL);
  range = g_string_new (NULL);
  scalyr_config_display_value (shown, v);
  scalyr_config_append_range (range, declaration);
  if (range->len > 0)
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                 _("value %s is not a finite number; set a number %s"), shown->str, range->str);
  else
    g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                 _("value %s is not a finite number; set a finite number"), shown->str);
  return FALSE;
}

/* ------------------------------------------------------------------------
 * Public entry points: a value checked against its declaration
 * --------------------------------------------------------------------- */

static JsonNode *
convert_declared (ScalyrMonitorOption  *declaration,
                  const GValue         *in,
                  ScalyrConfigRules     rules,
                  gboolean              from_env,
                  GError              **error)
{
  g_auto(GValue) v = G_VALUE_INIT;
  const char *name = scalyr_monitor_option_get_name (declaration);

  if (scalyr_config_value_is_none (in))
    {
      g_autoptr(GString) shown = g_string_new (NULL);

      g_string_append (shown, "null");
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
                   _("expected %s, got null"),
                   scalyr_config_agent_type_words (scalyr_monitor_option_get_value_type (declaration),
                                     scalyr_monitor_option_get_format (declaration)));
      return NULL;
    }
  if (!scalyr_config_convert (in, scalyr_monitor_option_get_value_type (declaration),
                              scalyr_monitor_option_get_format (declaration),
                              rules, from_env, &v, error) ||
      !scalyr_config_check_bounds (&v, scalyr_monitor_option_get_min_value (declaration),
                                   scalyr_monitor_option_get_max_value (declaration),
                                   scalyr_monitor_option_get_min_exclusive (declaration),
                                   name, rules, error) ||
      !scalyr_config_check_allowed (&v, scalyr_monitor_option_get_allowed_values (declaration), error))
    return NULL;
  return scalyr_config_value_to_node (&v);
}

/**
 * scalyr_config_convert_node:
 * @declaration: the declaration of the field
 * @node: the field's value as found in a configuration file
 * @rules: the conversion rules to apply
 * @error: return location for a #GError
 *
 * Converts a value found in a configuration file to the type its
 * declaration gives, and checks it against the declaration: the bounds
 * ([method@Scalyr.MonitorOption.set_range] and
 * [method@Scalyr.MonitorOption.set_min_exclusive]), the allowed values
 * ([method@Scalyr.MonitorOption.set_allowed_values]) and the format
 * ([method@Scalyr.MonitorOption.set_format]). This is the engine behind
 * [method@Scalyr.MonitorConfig.get_value] and the agent configuration.
 *
 * The error is in the %SCALYR_MONITOR_ERROR domain:
 * %SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION or
 * %SCALYR_MONITOR_ERROR_PARSE when the value has the wrong type,
 * %SCALYR_MONITOR_ERROR_OUT_OF_RANGE or %SCALYR_MONITOR_ERROR_BAD_CONFIG
 * when it is out of bounds or not an allowed value. Its message is about
 * the value only (e.g. `value 6 is above the maximum 5`): the caller
 * prefixes where the value was found.
 *
 * Returns: (transfer full) (nullable): the converted value, or %NULL with
 *   @error set
 *
 * Since: 0.2
 */
JsonNode *
scalyr_config_convert_node (ScalyrMonitorOption  *declaration,
                            JsonNode             *node,
                            ScalyrConfigRules     rules,
                            GError              **error)
{
  g_auto(GValue) in = G_VALUE_INIT;

  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (declaration), NULL);
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scalyr_config_value_from_node (node, &in);
  return convert_declared (declaration, &in, rules, FALSE, error);
}

/**
 * scalyr_config_convert_string:
 * @declaration: the declaration of the field
 * @text: the field's value as text, e.g. from an environment variable
 * @rules: the conversion rules to apply
 * @error: return location for a #GError
 *
 * Like [func@Scalyr.config_convert_node] for a value given as text, such as
 * the value of the field's environment variable: with
 * %SCALYR_CONFIG_RULES_AGENT, the text is also parsed as a relaxed JSON
 * object or as a list of strings separated by commas or blanks when the
 * declaration asks for one.
 *
 * Returns: (transfer full) (nullable): the converted value, or %NULL with
 *   @error set
 *
 * Since: 0.2
 */
JsonNode *
scalyr_config_convert_string (ScalyrMonitorOption  *declaration,
                              const char           *text,
                              ScalyrConfigRules     rules,
                              GError              **error)
{
  g_auto(GValue) in = G_VALUE_INIT;

  g_return_val_if_fail (SCALYR_IS_MONITOR_OPTION (declaration), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scalyr_config_value_set_string (&in, text);
  return convert_declared (declaration, &in, rules, TRUE, error);
}
