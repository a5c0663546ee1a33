/* scalyr-config-repr.c: values shown in messages (JSON-like) and as Python repr() for str conversions
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-repr-private.h"

#include <math.h>
#include <string.h>

#include "scalyr-config-value-private.h"
#include "scalyr-json-format-private.h"

/* ------------------------------------------------------------------------
 * Printing values: "display" form for messages (JSON with ", " and ": "
 * separators, non-ASCII kept as is) and Python repr() form for the
 * conversions to strings.
 * --------------------------------------------------------------------- */

void
scalyr_config_display_string (GString    *out,
                const char *s)
{
  g_string_append_c (out, '"');
  for (; *s != '\0'; s++)
    {
      guchar c = (guchar) *s;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

/* A float as in our messages: the shortest round-trip repr, "NaN",
 * "Infinity", "-Infinity". */
void
scalyr_config_display_double (GString *out,
                double   d)
{
  scalyr_json_append_double (out, d);
}


/* A bound: integers in full, floats shortest without a trailing ".0"
 * (10, 2.5, 1e+20). */
void
scalyr_config_display_bound (GString      *out,
               const GValue *bound)
{
  if (G_VALUE_TYPE (bound) == G_TYPE_DOUBLE)
    {
      gsize start = out->len;

      scalyr_config_display_double (out, g_value_get_double (bound));
      if (out->len >= start + 2 &&
          strcmp (out->str + out->len - 2, ".0") == 0)
        g_string_truncate (out, out->len - 2);
    }
  else
    scalyr_config_display_value (out, bound);
}

/* Python's str.isprintable() for one character */
static gboolean
py_is_printable (gunichar c)
{
  if (c == ' ')
    return TRUE;
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SPACE_SEPARATOR:
      return FALSE;
    default:
      return TRUE;
    }
}

/* Python's repr() of a str */
static void
py_repr_string (GString    *out,
                const char *s)
{
  char quote = '\'';
  const char *p;

  if (strchr (s, '\'') != NULL && strchr (s, '"') == NULL)
    quote = '"';

  g_string_append_c (out, quote);
  for (p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == (gunichar) quote || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c < 0x7f)
        g_string_append_c (out, (char) c);
      else if (py_is_printable (c))
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else if (c < 0x100)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c < 0x10000)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_printf (out, "\\U%08x", c);
    }
  g_string_append_c (out, quote);
}

/* Python's repr() of a float: like the JSON form but "inf", "-inf",
 * "nan" */
void
scalyr_config_repr_double (GString *out,
                double   d)
{
  if (isnan (d))
    g_string_append (out, "nan");
  else if (isinf (d))
    g_string_append (out, d > 0 ? "inf" : "-inf");
  else
    scalyr_json_append_double (out, d);
}


const ScalyrConfigStyle scalyr_config_display_style = {
  scalyr_config_display_string, scalyr_config_display_double, "true", "false", "null"
};
const ScalyrConfigStyle scalyr_config_repr_style = {
  py_repr_string, scalyr_config_repr_double, "True", "False", "None"
};


void
scalyr_config_append_array (GString         *out,
              JsonArray       *array,
              const ScalyrConfigStyle *style)
{
  guint i, n = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      scalyr_config_append_node (out, json_array_get_element (array, i), style);
    }
  g_string_append_c (out, ']');
}

void
scalyr_config_append_object (GString         *out,
               JsonObject      *object,
               const ScalyrConfigStyle *style)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_string_append_c (out, '{');
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (l != members)
        g_string_append (out, ", ");
      style->string (out, l->data);
      g_string_append (out, ": ");
      scalyr_config_append_node (out, json_object_get_member (object, l->data), style);
    }
  g_string_append_c (out, '}');
}

void
scalyr_config_append_node (GString         *out,
             JsonNode        *node,
             const ScalyrConfigStyle *style)
{
  GType t = scalyr_config_node_kind (node);

  if (t == JSON_TYPE_OBJECT)
    scalyr_config_append_object (out, json_node_get_object (node), style);
  else if (t == JSON_TYPE_ARRAY)
    scalyr_config_append_array (out, json_node_get_array (node), style);
  else if (t == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (t == G_TYPE_DOUBLE)
    style->number (out, json_node_get_double (node));
  else if (t == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? style->true_text : style->false_text);
  else if (t == G_TYPE_STRING)
    style->string (out, json_node_get_string (node));
  else
    g_string_append (out, style->null_text);
}

void
scalyr_config_display_value (GString      *out,
               const GValue *v)
{
  GType t = G_VALUE_TYPE (v);

  if (t == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, g_value_get_int64 (v));
  else if (t == G_TYPE_DOUBLE)
    scalyr_config_display_double (out, g_value_get_double (v));
  else if (t == G_TYPE_BOOLEAN)
    g_string_append (out, g_value_get_boolean (v) ? "true" : "false");
  else if (t == G_TYPE_STRING)
    scalyr_config_display_string (out, g_value_get_string (v));
  else if (t == JSON_TYPE_ARRAY)
    scalyr_config_append_array (out, g_value_get_boxed (v), &scalyr_config_display_style);
  else if (t == JSON_TYPE_OBJECT)
    scalyr_config_append_object (out, g_value_get_boxed (v), &scalyr_config_display_style);
  else if (t == G_TYPE_STRV)
    {
      const char * const *strv = g_value_get_boxed (v);

      g_string_append_c (out, '[');
      for (guint i = 0; strv[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          scalyr_config_display_string (out, strv[i]);
        }
      g_string_append_c (out, ']');
    }
  else
    g_string_append (out, "null");
}
