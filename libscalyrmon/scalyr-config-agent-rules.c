/* scalyr-config-agent-rules.c: the engine's rules for agent.json
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-agent-rules-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "scalyr-config-repr-private.h"
#include "scalyr-config-value-private.h"
#include "scalyr-error.h"
#include "scalyr-json-parser.h"
#include "scalyr-i18n-private.h"

/* ------------------------------------------------------------------------
 * The agent configuration's rules (agent-config.md 3.1, 4.2 and the "we:"
 * booleans): numbers print as decimal text, booleans accept a fixed set of
 * words, numeric strings parse as floats (truncated for integers), and
 * only values from the environment are parsed as objects or lists.
 * --------------------------------------------------------------------- */

/* we: true/false, 0/1, and true/false/yes/no/1/0/"" in any case */
static gboolean
parse_bool_word (const char *text,
                 gboolean   *out)
{
  static const char * const truths[] = { "true", "yes", "1", NULL };
  static const char * const lies[] = { "false", "no", "0", "", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);

  g_strstrip (lower);
  if (g_strv_contains (truths, lower))
    *out = TRUE;
  else if (g_strv_contains (lies, lower))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* a finite decimal number, blanks around it allowed */
static gboolean
parse_decimal (const char *text,
               double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (copy[0] == '\0')
    return FALSE;
  errno = 0;
  *out = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0' && errno == 0 && isfinite (*out);
}

/* an environment list: split on commas and/or blanks, quotes stripped */
static char **
split_env_list (const char *text)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_auto(GStrv) parts = NULL;
  char *body = copy;
  gsize len = strlen (body);

  if (len >= 2 && body[0] == '[' && body[len - 1] == ']')
    {
      body[len - 1] = '\0';
      body++;
    }
  parts = g_regex_split_simple ("[,\\s]+", body, 0, 0);
  for (gsize i = 0; parts[i] != NULL; i++)
    {
      char *item = g_strstrip (parts[i]);
      gsize n = strlen (item);

      if (n >= 2 && (item[0] == '"' || item[0] == '\'') && item[n - 1] == item[0])
        {
          item[n - 1] = '\0';
          item++;
        }
      if (item[0] != '\0')
        g_ptr_array_add (items, g_strdup (item));
    }
  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_steal (items, NULL);
}

/* what a declaration expects, in the agent's messages */
const char *
scalyr_config_agent_type_words (GType              to,
                  ScalyrOptionFormat format)
{
  switch (format)
    {
    case SCALYR_OPTION_FORMAT_OBJECT_OF_STRINGS:
      return _("an object of strings, e.g. { name: \"value\" }");
    case SCALYR_OPTION_FORMAT_ARRAY_OF_OBJECTS:
      return _("an array of objects, e.g. [ { ... } ]");
    case SCALYR_OPTION_FORMAT_IMPORT_VARS:
      return _("an array of variable names or { var: \"NAME\", default: \"value\" } objects");
    case SCALYR_OPTION_FORMAT_PLAIN:
    case SCALYR_OPTION_FORMAT_DATA_RATE:
    default:
      break;
    }
  if (to == G_TYPE_BOOLEAN)
    return _("a boolean (true or false)");
  if (to == G_TYPE_DOUBLE)
    return _("a number");
  return scalyr_config_kind_name (to);
}

/* a value as the agent's messages show it: "abc", 2, an array, null */
void
scalyr_config_agent_describe (GString      *out,
                const GValue *v)
{
  if (scalyr_config_value_is_none (v))
    g_string_append (out, "null");
  else if (G_VALUE_TYPE (v) == JSON_TYPE_ARRAY || G_VALUE_TYPE (v) == G_TYPE_STRV)
    g_string_append (out, _("an array"));
  else if (G_VALUE_TYPE (v) == JSON_TYPE_OBJECT)
    g_string_append (out, _("an object"));
  else
    scalyr_config_display_value (out, v);
}

static gboolean
agent_expected (GError            **error,
                const GValue       *v,
                GType               to,
                ScalyrOptionFormat  format,
                gboolean            from_env)
{
  g_autoptr(GString) shown = g_string_new (NULL);

  if (from_env)
    {
      const char *text = g_value_get_string (v);

      if (to == G_TYPE_BOOLEAN)
        g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PARSE,
                     _("expected a boolean (true, false, yes, no, 1 or 0), got \"%s\""), text);
      else
        g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PARSE,
                     _("could not parse value %s as %s"), text, scalyr_config_agent_type_words (to, format));
      return FALSE;
    }
  scalyr_config_agent_describe (shown, v);
  g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
               _("expected %s, got %s"), scalyr_config_agent_type_words (to, format), shown->str);
  return FALSE;
}

gboolean
scalyr_config_agent_convert (const GValue       *in,
               GType               to,
               ScalyrOptionFormat  format,
               gboolean            from_env,
               GValue             *out,
               GError            **error)
{
  GType from = G_VALUE_TYPE (in);
  const char *s = from == G_TYPE_STRING ? g_value_get_string (in) : NULL;

  if (from == to || to == G_TYPE_NONE)
    {
      g_value_init (out, from);
      g_value_copy (in, out);
      return TRUE;
    }
  if (to == G_TYPE_STRING && (from == G_TYPE_INT64 || from == G_TYPE_DOUBLE))
    {
      g_autoptr(GString) text = g_string_new (NULL);

      scalyr_config_display_value (text, in);
      g_value_init (out, G_TYPE_STRING);
      g_value_set_string (out, text->str);
      return TRUE;
    }
  if (to == G_TYPE_BOOLEAN)
    {
      gboolean b = FALSE;
      double d = from == G_TYPE_INT64 ? (double) g_value_get_int64 (in)
               : from == G_TYPE_DOUBLE ? g_value_get_double (in) : NAN;

      if ((d == 0 || d == 1) || (s != NULL && parse_bool_word (s, &b)))
        {
          g_value_init (out, G_TYPE_BOOLEAN);
          g_value_set_boolean (out, s != NULL ? b : d != 0);
          return TRUE;
        }
    }
  if (to == G_TYPE_INT64 || to == G_TYPE_DOUBLE)
    {
      double d = NAN;
      gboolean ok = FALSE;

      if (from == G_TYPE_INT64)
        {
          scalyr_config_value_set_double (out, (double) g_value_get_int64 (in));
          return TRUE;   /* to == G_TYPE_DOUBLE here */
        }
      if (from == G_TYPE_DOUBLE)
        {
          d = g_value_get_double (in);
          ok = isfinite (d);
        }
      else if (s != NULL)
        ok = parse_decimal (s, &d);
      if (ok && to == G_TYPE_INT64 && fabs (d) <= 9.0e18)
        {
          scalyr_config_value_set_int64 (out, (gint64) trunc (d));
          return TRUE;
        }
      if (ok && to == G_TYPE_DOUBLE)
        {
          scalyr_config_value_set_double (out, d);
          return TRUE;
        }
    }
  if (to == G_TYPE_STRV && from == JSON_TYPE_ARRAY)
    {
      JsonArray *array = g_value_get_boxed (in);
      guint n = json_array_get_length (array);
      g_auto(GStrv) strv = g_new0 (char *, n + 1);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (scalyr_config_node_kind (element) != G_TYPE_STRING)
            {
              g_autoptr(GString) shown = g_string_new (NULL);
              GValue ev = G_VALUE_INIT;

              scalyr_config_value_from_node (element, &ev);
              scalyr_config_agent_describe (shown, &ev);
              if (G_IS_VALUE (&ev))
                g_value_unset (&ev);
              g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
                           _("element %u must be a string, got %s"), i, shown->str);
              return FALSE;
            }
          strv[i] = g_strdup (json_node_get_string (element));
        }
      g_value_init (out, G_TYPE_STRV);
      g_value_take_boxed (out, g_steal_pointer (&strv));
      return TRUE;
    }
  if (from_env && s != NULL && to == G_TYPE_STRV)
    {
      g_value_init (out, G_TYPE_STRV);
      g_value_take_boxed (out, split_env_list (s));
      return TRUE;
    }
  if (from_env && s != NULL && to == JSON_TYPE_OBJECT)
    {
      g_autoptr(GError) parse_error = NULL;
      g_autoptr(JsonNode) parsed = scalyr_json_parse (s, -1, NULL, NULL, &parse_error);

      if (parsed == NULL || scalyr_config_node_kind (parsed) != JSON_TYPE_OBJECT)
        {
          g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PARSE,
                       _("could not parse value %s as a JSON object: %s"), s,
                       parse_error != NULL ? parse_error->message : _("not an object"));
          return FALSE;
        }
      scalyr_config_value_from_node (parsed, out);
      return TRUE;
    }
  return agent_expected (error, in, to, format, from_env);
}
