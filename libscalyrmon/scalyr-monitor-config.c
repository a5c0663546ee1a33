/* scalyr-monitor-config.c: one monitor's configuration entry, validated
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-config.h"

#include <math.h>
#include <string.h>

#include "scalyr-error.h"
#include "scalyr-json-format-private.h"
#include "scalyr-json-parser.h"

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
 */
struct _ScalyrMonitorConfig
{
  GObject parent_instance;

  JsonObject *entry;
  char *monitor_name;
  GPtrArray *options;       /* (element-type ScalyrMonitorOption) (nullable) */
  GHashTable *env_fields;   /* set of field names */
};

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

/* The conflict warning is emitted at most once per this many microseconds
 * per (monitor name, field), like the reference's limit_once_per_x_secs. */
#define CONFLICT_WARNING_INTERVAL (300 * G_USEC_PER_SEC)

static GMutex conflict_lock;
static GHashTable *conflict_last_warned; /* "monitor\x1ffield" -> gint64* */

/* ------------------------------------------------------------------------
 * JSON helpers
 * --------------------------------------------------------------------- */

static JsonNode *deep_copy_node (JsonNode *node);

static JsonArray *
deep_copy_array (JsonArray *array)
{
  guint i, n = json_array_get_length (array);
  JsonArray *copy = json_array_sized_new (n);

  for (i = 0; i < n; i++)
    json_array_add_element (copy,
                            deep_copy_node (json_array_get_element (array, i)));
  return copy;
}

static JsonObject *
deep_copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data,
                            deep_copy_node (json_object_get_member (object,
                                                                    l->data)));
  return copy;
}

static JsonNode *
deep_copy_node (JsonNode *node)
{
  JsonNode *copy;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_alloc ();
      json_node_init_object (copy, NULL);
      json_node_take_object (copy,
                             deep_copy_object (json_node_get_object (node)));
      return copy;
    case JSON_NODE_ARRAY:
      copy = json_node_alloc ();
      json_node_init_array (copy, NULL);
      json_node_take_array (copy, deep_copy_array (json_node_get_array (node)));
      return copy;
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      /* scalar values are never modified, sharing them is fine */
      return json_node_copy (node);
    }
}

/* ------------------------------------------------------------------------
 * Values
 *
 * A value is a GValue of one of the types G_TYPE_INT64, G_TYPE_DOUBLE,
 * G_TYPE_BOOLEAN, G_TYPE_STRING, JSON_TYPE_ARRAY, JSON_TYPE_OBJECT or
 * G_TYPE_STRV; an unset GValue is "none" (the reference's None).
 * --------------------------------------------------------------------- */

static gboolean
is_none (const GValue *v)
{
  return !G_IS_VALUE (v);
}

static void
set_int64 (GValue *out,
           gint64  i)
{
  g_value_init (out, G_TYPE_INT64);
  g_value_set_int64 (out, i);
}

static void
set_double (GValue *out,
            double  d)
{
  g_value_init (out, G_TYPE_DOUBLE);
  g_value_set_double (out, d);
}

/* Strings are kept valid UTF-8 (a caller may have put anything in the
 * entry), so that the parsers and printers can rely on it. */
static void
set_string (GValue     *out,
            const char *s)
{
  g_value_init (out, G_TYPE_STRING);
  if (g_utf8_validate (s, -1, NULL))
    g_value_set_string (out, s);
  else
    g_value_take_string (out, g_utf8_make_valid (s, -1));
}

/* Fills @out from a JSON node; absent or null nodes give none. Arrays and
 * objects are deep copies, so that results never alias the entry. */
static void
value_from_node (JsonNode *node,
                 GValue   *out)
{
  if (node == NULL)
    return;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      g_value_init (out, JSON_TYPE_OBJECT);
      g_value_take_boxed (out, deep_copy_object (json_node_get_object (node)));
      break;
    case JSON_NODE_ARRAY:
      g_value_init (out, JSON_TYPE_ARRAY);
      g_value_take_boxed (out, deep_copy_array (json_node_get_array (node)));
      break;
    case JSON_NODE_VALUE:
      {
        GType t = json_node_get_value_type (node);

        if (t == G_TYPE_INT64)
          {
            g_value_init (out, G_TYPE_INT64);
            g_value_set_int64 (out, json_node_get_int (node));
          }
        else if (t == G_TYPE_DOUBLE)
          {
            g_value_init (out, G_TYPE_DOUBLE);
            g_value_set_double (out, json_node_get_double (node));
          }
        else if (t == G_TYPE_BOOLEAN)
          {
            g_value_init (out, G_TYPE_BOOLEAN);
            g_value_set_boolean (out, json_node_get_boolean (node));
          }
        else if (t == G_TYPE_STRING)
          set_string (out, json_node_get_string (node));
      }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

static gboolean
is_supported_input (const GValue *v)
{
  GType t = G_VALUE_TYPE (v);

  return t == G_TYPE_CHAR || t == G_TYPE_UCHAR ||
         t == G_TYPE_INT || t == G_TYPE_UINT ||
         t == G_TYPE_LONG || t == G_TYPE_ULONG ||
         t == G_TYPE_INT64 || t == G_TYPE_UINT64 ||
         t == G_TYPE_FLOAT || t == G_TYPE_DOUBLE ||
         t == G_TYPE_BOOLEAN || t == G_TYPE_STRING || t == G_TYPE_STRV ||
         t == JSON_TYPE_ARRAY || t == JSON_TYPE_OBJECT || t == JSON_TYPE_NODE;
}

/* Normalises a caller-supplied GValue (default or bound) into a value;
 * NULL strings, arrays and objects give none. */
static void
value_from_input (const GValue *in,
                  GValue       *out)
{
  GType t;

  if (in == NULL || !G_IS_VALUE (in))
    return;

  t = G_VALUE_TYPE (in);
  if (t == G_TYPE_CHAR)
    set_int64 (out, g_value_get_schar (in));
  else if (t == G_TYPE_UCHAR)
    set_int64 (out, g_value_get_uchar (in));
  else if (t == G_TYPE_INT)
    set_int64 (out, g_value_get_int (in));
  else if (t == G_TYPE_UINT)
    set_int64 (out, g_value_get_uint (in));
  else if (t == G_TYPE_LONG)
    set_int64 (out, g_value_get_long (in));
  else if (t == G_TYPE_ULONG)
    {
      gulong u = g_value_get_ulong (in);

      if (u > (guint64) G_MAXINT64)
        set_double (out, (double) u);
      else
        set_int64 (out, (gint64) u);
    }
  else if (t == G_TYPE_INT64)
    set_int64 (out, g_value_get_int64 (in));
  else if (t == G_TYPE_UINT64)
    {
      guint64 u = g_value_get_uint64 (in);

      if (u > (guint64) G_MAXINT64)
        set_double (out, (double) u);
      else
        set_int64 (out, (gint64) u);
    }
  else if (t == G_TYPE_FLOAT)
    set_double (out, g_value_get_float (in));
  else if (t == G_TYPE_DOUBLE)
    set_double (out, g_value_get_double (in));
  else if (t == G_TYPE_BOOLEAN)
    {
      g_value_init (out, G_TYPE_BOOLEAN);
      g_value_set_boolean (out, g_value_get_boolean (in));
    }
  else if (t == G_TYPE_STRING)
    {
      if (g_value_get_string (in) != NULL)
        set_string (out, g_value_get_string (in));
    }
  else if (t == G_TYPE_STRV)
    {
      if (g_value_get_boxed (in) != NULL)
        {
          g_value_init (out, G_TYPE_STRV);
          g_value_set_boxed (out, g_value_get_boxed (in));
        }
    }
  else if (t == JSON_TYPE_ARRAY)
    {
      if (g_value_get_boxed (in) != NULL)
        {
          g_value_init (out, JSON_TYPE_ARRAY);
          g_value_take_boxed (out, deep_copy_array (g_value_get_boxed (in)));
        }
    }
  else if (t == JSON_TYPE_OBJECT)
    {
      if (g_value_get_boxed (in) != NULL)
        {
          g_value_init (out, JSON_TYPE_OBJECT);
          g_value_take_boxed (out, deep_copy_object (g_value_get_boxed (in)));
        }
    }
  else if (t == JSON_TYPE_NODE)
    value_from_node (g_value_get_boxed (in), out);
}

static JsonNode *
node_from_value (const GValue *v)
{
  JsonNode *node = json_node_alloc ();
  GType t = G_VALUE_TYPE (v);

  if (t == G_TYPE_INT64)
    json_node_init_int (node, g_value_get_int64 (v));
  else if (t == G_TYPE_DOUBLE)
    json_node_init_double (node, g_value_get_double (v));
  else if (t == G_TYPE_BOOLEAN)
    json_node_init_boolean (node, g_value_get_boolean (v));
  else if (t == G_TYPE_STRING)
    json_node_init_string (node, g_value_get_string (v));
  else if (t == JSON_TYPE_ARRAY)
    json_node_init_array (node, g_value_get_boxed (v));
  else if (t == JSON_TYPE_OBJECT)
    json_node_init_object (node, g_value_get_boxed (v));
  else if (t == G_TYPE_STRV)
    {
      const char * const *strv = g_value_get_boxed (v);
      JsonArray *array = json_array_new ();

      for (; strv != NULL && *strv != NULL; strv++)
        json_array_add_string_element (array, *strv);
      json_node_init_array (node, NULL);
      json_node_take_array (node, array);
    }
  else
    json_node_init_null (node);
  return node;
}

/* The words naming a kind of value in messages. */
static const char *
kind_name (GType t)
{
  if (t == G_TYPE_STRING)
    return "a string";
  if (t == G_TYPE_INT64)
    return "an integer";
  if (t == G_TYPE_DOUBLE)
    return "a float";
  if (t == G_TYPE_BOOLEAN)
    return "a boolean";
  if (t == JSON_TYPE_ARRAY)
    return "an array";
  if (t == JSON_TYPE_OBJECT)
    return "an object";
  if (t == G_TYPE_STRV)
    return "an array of strings";
  return "null";
}

static GType
node_kind (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return JSON_TYPE_OBJECT;
    case JSON_NODE_ARRAY:
      return JSON_TYPE_ARRAY;
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node);
    case JSON_NODE_NULL:
    default:
      return G_TYPE_NONE;
    }
}

/* ------------------------------------------------------------------------
 * Printing values: "display" form for messages (JSON with ", " and ": "
 * separators, non-ASCII kept as is) and Python repr() form for the
 * conversions to strings.
 * --------------------------------------------------------------------- */

static void
display_string (GString    *out,
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
static void
display_double (GString *out,
                double   d)
{
  scalyr_json_append_double (out, d);
}

static void display_value (GString *out, const GValue *v);

/* A bound: integers in full, floats shortest without a trailing ".0"
 * (10, 2.5, 1e+20). */
static void
display_bound (GString      *out,
               const GValue *bound)
{
  if (G_VALUE_TYPE (bound) == G_TYPE_DOUBLE)
    {
      gsize start = out->len;

      display_double (out, g_value_get_double (bound));
      if (out->len >= start + 2 &&
          strcmp (out->str + out->len - 2, ".0") == 0)
        g_string_truncate (out, out->len - 2);
    }
  else
    display_value (out, bound);
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
static void
py_repr_double (GString *out,
                double   d)
{
  if (isnan (d))
    g_string_append (out, "nan");
  else if (isinf (d))
    g_string_append (out, d > 0 ? "inf" : "-inf");
  else
    scalyr_json_append_double (out, d);
}

/* How a JSON value is printed in messages (JSON-like) or by a str
 * conversion (Python's repr()): the containers are written alike. */
typedef struct {
  void (*string) (GString *out, const char *s);
  void (*number) (GString *out, double d);
  const char *true_text;
  const char *false_text;
  const char *null_text;
} NodeStyle;

static const NodeStyle display_style = {
  display_string, display_double, "true", "false", "null"
};
static const NodeStyle py_repr_style = {
  py_repr_string, py_repr_double, "True", "False", "None"
};

static void append_node (GString *out, JsonNode *node, const NodeStyle *style);

static void
append_array (GString         *out,
              JsonArray       *array,
              const NodeStyle *style)
{
  guint i, n = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_node (out, json_array_get_element (array, i), style);
    }
  g_string_append_c (out, ']');
}

static void
append_object (GString         *out,
               JsonObject      *object,
               const NodeStyle *style)
{
  g_autoptr(GList) members = json_object_get_members (object);

  g_string_append_c (out, '{');
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (l != members)
        g_string_append (out, ", ");
      style->string (out, l->data);
      g_string_append (out, ": ");
      append_node (out, json_object_get_member (object, l->data), style);
    }
  g_string_append_c (out, '}');
}

static void
append_node (GString         *out,
             JsonNode        *node,
             const NodeStyle *style)
{
  GType t = node_kind (node);

  if (t == JSON_TYPE_OBJECT)
    append_object (out, json_node_get_object (node), style);
  else if (t == JSON_TYPE_ARRAY)
    append_array (out, json_node_get_array (node), style);
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

static void
display_value (GString      *out,
               const GValue *v)
{
  GType t = G_VALUE_TYPE (v);

  if (t == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, g_value_get_int64 (v));
  else if (t == G_TYPE_DOUBLE)
    display_double (out, g_value_get_double (v));
  else if (t == G_TYPE_BOOLEAN)
    g_string_append (out, g_value_get_boolean (v) ? "true" : "false");
  else if (t == G_TYPE_STRING)
    display_string (out, g_value_get_string (v));
  else if (t == JSON_TYPE_ARRAY)
    append_array (out, g_value_get_boxed (v), &display_style);
  else if (t == JSON_TYPE_OBJECT)
    append_object (out, g_value_get_boxed (v), &display_style);
  else if (t == G_TYPE_STRV)
    {
      const char * const *strv = g_value_get_boxed (v);

      g_string_append_c (out, '[');
      for (guint i = 0; strv[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          display_string (out, strv[i]);
        }
      g_string_append_c (out, ']');
    }
  else
    g_string_append (out, "null");
}

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

G_GNUC_PRINTF (5, 6)
static void
set_error (GError              **error,
           ScalyrMonitorConfig  *self,
           const Source         *src,
           gint                  code,
           const char           *format,
           ...)
{
  g_autoptr(GString) msg = g_string_new (NULL);
  va_list args;

  append_prefix (msg, self);
  if (src->env_var != NULL)
    g_string_append_printf (msg, "environment variable %s (field \"%s\"): ",
                            src->env_var, src->field);
  else
    g_string_append_printf (msg, "field \"%s\": ", src->field);

  va_start (args, format);
  g_string_append_vprintf (msg, format, args);
  va_end (args);

  g_set_error_literal (error, SCALYR_MONITOR_ERROR, code, msg->str);
}

static gboolean
prohibited (GError              **error,
            ScalyrMonitorConfig  *self,
            const Source         *src,
            const GValue         *v,
            GType                 to)
{
  g_autoptr(GString) shown = g_string_new (NULL);

  display_value (shown, v);
  set_error (error, self, src, SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
             "cannot convert %s (%s) to %s",
             kind_name (G_VALUE_TYPE (v)), shown->str, kind_name (to));
  return FALSE;
}

static gboolean
parse_failed (GError              **error,
              ScalyrMonitorConfig  *self,
              const Source         *src,
              const char           *text,
              const char           *as,
              const char           *detail)
{
  g_autoptr(GString) shown = g_string_new (NULL);

  display_string (shown, text);
  if (detail != NULL)
    set_error (error, self, src, SCALYR_MONITOR_ERROR_PARSE,
               "could not parse %s as %s: %s", shown->str, as, detail);
  else
    set_error (error, self, src, SCALYR_MONITOR_ERROR_PARSE,
               "could not parse %s as %s", shown->str, as);
  return FALSE;
}

/* ------------------------------------------------------------------------
 * String parsing, like Python's int(), float() and the reference's
 * parse_array_of_strings()
 * --------------------------------------------------------------------- */

/* Whitespace int() and float() ignore around the number: ASCII isspace
 * and non-ASCII Unicode white space. */
static gboolean
is_number_space (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || (c >= '\t' && c <= '\r');
  return c == 0x85 || g_unichar_isspace (c);
}

/* White space str.strip() removes (str.isspace()) */
static gboolean
is_strip_space (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
  return c == 0x85 || g_unichar_isspace (c);
}

/* Strips characters matching @pred from both ends of the @len bytes at
 * @s (valid UTF-8); returns the start and sets @len. */
static const char *
strip_span (const char *s,
            gsize      *len,
            gboolean  (*pred) (gunichar))
{
  const char *end = s + *len;

  while (s < end && pred (g_utf8_get_char (s)))
    s = g_utf8_next_char (s);
  while (end > s)
    {
      const char *prev = g_utf8_find_prev_char (s, end);

      if (prev == NULL || !pred (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  *len = end - s;
  return s;
}

/* A decimal digit for int()/float(): ASCII or any Unicode Nd digit */
static int
digit_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return (int) (c - '0');
  if (c < 0x80)
    return -1;
  return g_unichar_digit_value (c);
}

/* Reads a Python "digitpart" (digits with single underscores between
 * them) at *@p (before @end), appending ASCII digits to @out. Returns
 * FALSE if there is no digit or an underscore is misplaced. */
static gboolean
read_digitpart (const char **p,
                const char  *end,
                GString     *out)
{
  const char *s = *p;
  gboolean any = FALSE;

  while (s < end)
    {
      gunichar c = g_utf8_get_char (s);
      int d = digit_value (c);

      if (d >= 0)
        {
          g_string_append_c (out, (char) ('0' + d));
          any = TRUE;
          s = g_utf8_next_char (s);
        }
      else if (c == '_' && any && s + 1 < end &&
               digit_value (g_utf8_get_char (s + 1)) >= 0)
        s++;
      else
        break;
    }
  *p = s;
  return any;
}

typedef enum {
  PARSE_OK,
  PARSE_INVALID,
  PARSE_OVERFLOW,
} ParseResult;

static ParseResult
parse_int (const char *text,
           gint64     *result)
{
  gsize len = strlen (text);
  const char *s = strip_span (text, &len, is_number_space);
  const char *end = s + len, *p = s;
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean negative = FALSE;
  guint64 acc = 0;

  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';
  if (!read_digitpart (&p, end, digits) || p != end)
    return PARSE_INVALID;

  for (gsize i = 0; i < digits->len; i++)
    {
      guint d = (guint) (digits->str[i] - '0');

      if (acc > (G_MAXUINT64 - d) / 10)
        return PARSE_OVERFLOW;
      acc = acc * 10 + d;
    }
  if (negative)
    {
      if (acc > (guint64) G_MAXINT64 + 1)
        return PARSE_OVERFLOW;
      *result = acc == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) acc;
    }
  else
    {
      if (acc > (guint64) G_MAXINT64)
        return PARSE_OVERFLOW;
      *result = (gint64) acc;
    }
  return PARSE_OK;
}

static gboolean
parse_float (const char *text,
             double     *result)
{
  gsize len = strlen (text);
  const char *s = strip_span (text, &len, is_number_space);
  const char *end = s + len, *p = s;
  g_autoptr(GString) buf = g_string_new (NULL);
  gboolean negative = FALSE, int_part, frac_part = FALSE;
  char *parse_end = NULL;

  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';

  if ((gsize) (end - p) == 3 && g_ascii_strncasecmp (p, "inf", 3) == 0)
    {
      *result = negative ? -INFINITY : INFINITY;
      return TRUE;
    }
  if ((gsize) (end - p) == 8 && g_ascii_strncasecmp (p, "infinity", 8) == 0)
    {
      *result = negative ? -INFINITY : INFINITY;
      return TRUE;
    }
  if ((gsize) (end - p) == 3 && g_ascii_strncasecmp (p, "nan", 3) == 0)
    {
      *result = negative ? -NAN : NAN;
      return TRUE;
    }

  if (negative)
    g_string_append_c (buf, '-');
  int_part = read_digitpart (&p, end, buf);
  if (p < end && *p == '.')
    {
      g_string_append_c (buf, '.');
      p++;
      frac_part = read_digitpart (&p, end, buf);
    }
  if (!int_part && !frac_part)
    return FALSE;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      g_string_append_c (buf, 'e');
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        g_string_append_c (buf, *p++);
      if (!read_digitpart (&p, end, buf))
        return FALSE;
    }
  if (p != end)
    return FALSE;

  /* buf is now plain ASCII the C parser accepts; overflow gives ±inf and
   * underflow 0 or a subnormal, like Python */
  *result = g_ascii_strtod (buf->str, &parse_end);
  return parse_end != NULL && *parse_end == '\0';
}

/* The reference's parse_array_of_strings() with the "," separator */
static char **
split_array_of_strings (const char *text)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  gsize len = strlen (text);
  const char *s = strip_span (text, &len, is_strip_space);
  const char *end, *p;

  /* remove surrounding square brackets (the reference crashes on input
   * that strips to nothing; that gives an empty array here) */
  if (len >= 2 && s[0] == '[' && s[len - 1] == ']')
    {
      s++;
      len -= 2;
    }

  end = s + len;
  p = s;
  while (len > 0 && p <= end)
    {
      const char *comma = memchr (p, ',', end - p);
      const char *item_end = comma != NULL ? comma : end;
      gsize item_len = item_end - p;
      const char *item = strip_span (p, &item_len, is_strip_space);

      if (item_len > 0)
        {
          if (item[0] == '\'' ||
              (item[0] == '"' && item[item_len - 1] == '"'))
            {
              /* drop the first and the last character, even when only
               * the first is a quote (quirk) */
              if (item_len >= 2)
                {
                  item++;
                  item_len -= 2;
                }
              else
                item_len = 0;
            }
          if (item_len > 0)
            g_ptr_array_add (items, g_strndup (item, item_len));
        }
      if (comma == NULL)
        break;
      p = comma + 1;
    }

  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_steal (items, NULL);
}

/* ------------------------------------------------------------------------
 * Conversions (spec 2.2)
 * --------------------------------------------------------------------- */

static gboolean
convert (ScalyrMonitorConfig  *self,
         const Source         *src,
         const GValue         *in,
         GType                 to,
         GValue               *out,
         GError              **error)
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

          switch (parse_int (s, &i))
            {
            case PARSE_OK:
              set_int64 (out, i);
              return TRUE;
            case PARSE_OVERFLOW:
              {
                g_autoptr(GString) shown = g_string_new (NULL);

                display_string (shown, s);
                set_error (error, self, src, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                           "value %s is out of the range of a 64-bit integer",
                           shown->str);
                return FALSE;
              }
            case PARSE_INVALID:
            default:
              return parse_failed (error, self, src, s, "an integer", NULL);
            }
        }
      if (to == G_TYPE_DOUBLE)
        {
          double d = 0;

          if (!parse_float (s, &d))
            return parse_failed (error, self, src, s, "a float", NULL);
          set_double (out, d);
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
          const char *as = want_array ? "a JSON array" : "a JSON object";
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
            return parse_failed (error, self, src, s, as,
                                 parse_error != NULL ? parse_error->message
                                                     : "invalid JSON");
          if (node_kind (node) != to)
            {
              g_autofree char *detail =
                g_strdup_printf ("found %s instead of %s",
                                 kind_name (node_kind (node)),
                                 want_array ? "an array" : "an object");

              return parse_failed (error, self, src, s, as, detail);
            }
          value_from_node (node, out);
          return TRUE;
        }
      if (to == G_TYPE_STRV)
        {
          g_value_init (out, G_TYPE_STRV);
          g_value_take_boxed (out, split_array_of_strings (s));
          return TRUE;
        }
      return prohibited (error, self, src, in, to);
    }

  if (to == G_TYPE_STRING)
    {
      g_autoptr(GString) str = g_string_new (NULL);

      if (from == G_TYPE_INT64)
        g_string_append_printf (str, "%" G_GINT64_FORMAT,
                                g_value_get_int64 (in));
      else if (from == G_TYPE_DOUBLE)
        py_repr_double (str, g_value_get_double (in));
      else if (from == G_TYPE_BOOLEAN)
        g_string_append (str, g_value_get_boolean (in) ? "True" : "False");
      else if (from == JSON_TYPE_ARRAY)
        append_array (str, g_value_get_boxed (in), &py_repr_style);
      else if (from == JSON_TYPE_OBJECT)
        append_object (str, g_value_get_boxed (in), &py_repr_style);
      else
        return prohibited (error, self, src, in, to);

      g_value_init (out, G_TYPE_STRING);
      g_value_set_string (out, str->str);
      return TRUE;
    }

  if (from == G_TYPE_INT64 && to == G_TYPE_DOUBLE)
    {
      set_double (out, (double) g_value_get_int64 (in));
      return TRUE;
    }

  if (from == G_TYPE_DOUBLE && to == G_TYPE_INT64)
    {
      double d = g_value_get_double (in);

      if (isnan (d))
        return prohibited (error, self, src, in, to);
      /* truncate toward zero, like int() */
      d = trunc (d);
      if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        {
          g_autoptr(GString) shown = g_string_new (NULL);

          display_double (shown, g_value_get_double (in));
          set_error (error, self, src, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                     "value %s is out of the range of a 64-bit integer",
                     shown->str);
          return FALSE;
        }
      set_int64 (out, (gint64) d);
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

          if (node_kind (element) != G_TYPE_STRING)
            {
              g_autoptr(GString) shown = g_string_new (NULL);

              append_node (shown, element, &display_style);
              set_error (error, self, src,
                         SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
                         "element %u of the array is %s (%s); expected only strings",
                         i + 1, kind_name (node_kind (element)), shown->str);
              return FALSE;
            }
          strv[i] = g_strdup (json_node_get_string (element));
        }
      g_value_init (out, G_TYPE_STRV);
      g_value_take_boxed (out, g_steal_pointer (&strv));
      return TRUE;
    }

  return prohibited (error, self, src, in, to);
}

/* ------------------------------------------------------------------------
 * Comparisons
 * --------------------------------------------------------------------- */

typedef enum {
  CMP_LESS = -1,
  CMP_EQUAL = 0,
  CMP_GREATER = 1,
  CMP_UNORDERED = 2,   /* NaN involved */
  CMP_INCOMPARABLE = 3 /* different kinds */
} Cmp;

static gboolean
as_number (const GValue *v,
           gint64       *i,
           double       *d,
           gboolean     *is_int)
{
  GType t = G_VALUE_TYPE (v);

  if (t == G_TYPE_INT64 || t == G_TYPE_BOOLEAN)
    {
      *i = t == G_TYPE_INT64 ? g_value_get_int64 (v)
                             : (g_value_get_boolean (v) ? 1 : 0);
      *is_int = TRUE;
      return TRUE;
    }
  if (t == G_TYPE_DOUBLE)
    {
      *d = g_value_get_double (v);
      *is_int = FALSE;
      return TRUE;
    }
  return FALSE;
}

/* Exact comparison of an integer with a double */
static Cmp
cmp_int_double (gint64 i,
                double d)
{
  double fl;
  gint64 fi;

  if (isnan (d))
    return CMP_UNORDERED;
  if (d >= 9223372036854775808.0)
    return CMP_LESS;
  if (d < -9223372036854775808.0)
    return CMP_GREATER;
  fl = floor (d);
  fi = (gint64) fl;
  if (i < fi)
    return CMP_LESS;
  if (i > fi)
    return CMP_GREATER;
  return d > fl ? CMP_LESS : CMP_EQUAL;
}

static Cmp
cmp_numbers (const GValue *a,
             const GValue *b)
{
  gint64 ai = 0, bi = 0;
  double ad = 0, bd = 0;
  gboolean a_int = FALSE, b_int = FALSE;

  if (!as_number (a, &ai, &ad, &a_int) || !as_number (b, &bi, &bd, &b_int))
    {
      if (G_VALUE_TYPE (a) == G_TYPE_STRING && G_VALUE_TYPE (b) == G_TYPE_STRING)
        {
          int c = strcmp (g_value_get_string (a), g_value_get_string (b));

          return c < 0 ? CMP_LESS : c > 0 ? CMP_GREATER : CMP_EQUAL;
        }
      return CMP_INCOMPARABLE;
    }

  if (a_int && b_int)
    return ai < bi ? CMP_LESS : ai > bi ? CMP_GREATER : CMP_EQUAL;
  if (a_int)
    return cmp_int_double (ai, bd);
  if (b_int)
    {
      Cmp c = cmp_int_double (bi, ad);

      return c == CMP_LESS ? CMP_GREATER : c == CMP_GREATER ? CMP_LESS : c;
    }
  if (isnan (ad) || isnan (bd))
    return CMP_UNORDERED;
  return ad < bd ? CMP_LESS : ad > bd ? CMP_GREATER : CMP_EQUAL;
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  GType ta = node_kind (a), tb = node_kind (b);

  if (ta == JSON_TYPE_ARRAY && tb == JSON_TYPE_ARRAY)
    {
      JsonArray *aa = json_node_get_array (a), *ab = json_node_get_array (b);
      guint i, n = json_array_get_length (aa);

      if (n != json_array_get_length (ab))
        return FALSE;
      for (i = 0; i < n; i++)
        if (!nodes_equal (json_array_get_element (aa, i),
                          json_array_get_element (ab, i)))
          return FALSE;
      return TRUE;
    }
  if (ta == JSON_TYPE_OBJECT && tb == JSON_TYPE_OBJECT)
    {
      JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
      g_autoptr(GList) members = NULL;

      if (json_object_get_size (oa) != json_object_get_size (ob))
        return FALSE;
      members = json_object_get_members (oa);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *mb = json_object_get_member (ob, l->data);

          if (mb == NULL ||
              !nodes_equal (json_object_get_member (oa, l->data), mb))
            return FALSE;
        }
      return TRUE;
    }
  if (ta == G_TYPE_NONE || tb == G_TYPE_NONE)
    return ta == tb;
  {
    GValue va = G_VALUE_INIT, vb = G_VALUE_INIT;
    gboolean equal;

    value_from_node (a, &va);
    value_from_node (b, &vb);
    equal = cmp_numbers (&va, &vb) == CMP_EQUAL;
    g_value_unset (&va);
    g_value_unset (&vb);
    return equal;
  }
}

/* Python == on two values (numbers compare across int, float and bool;
 * NaN differs from everything) */
static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  g_autoptr(JsonNode) na = NULL;
  g_autoptr(JsonNode) nb = NULL;

  if (G_VALUE_TYPE (a) == G_TYPE_STRV && G_VALUE_TYPE (b) == G_TYPE_STRV)
    {
      const char * const *sa = g_value_get_boxed (a);
      const char * const *sb = g_value_get_boxed (b);

      return g_strv_equal (sa, sb);
    }
  na = node_from_value (a);
  nb = node_from_value (b);
  return nodes_equal (na, nb);
}

/* ------------------------------------------------------------------------
 * The environment
 * --------------------------------------------------------------------- */

/* Looks up @name upper-cased, then lower-cased. Returns the value (made
 * valid UTF-8) and the variable's actual name. */
static char *
lookup_env (const char  *name,
            char       **found_name)
{
  g_autofree char *upper = g_ascii_strup (name, -1);
  g_autofree char *lower = NULL;
  const char *value = g_getenv (upper);

  if (value != NULL)
    {
      *found_name = g_steal_pointer (&upper);
      return g_utf8_make_valid (value, -1);
    }
  lower = g_ascii_strdown (name, -1);
  value = g_getenv (lower);
  if (value != NULL)
    {
      *found_name = g_steal_pointer (&lower);
      return g_utf8_make_valid (value, -1);
    }
  return NULL;
}

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
      node_kind (json_object_get_member (self->entry, "module")) == G_TYPE_STRING)
    module = json_object_get_string_member (self->entry, "module");
  if (module == NULL || *module == '\0')
    module = self->monitor_name;
  if (module == NULL || *module == '\0')
    module = "global";

  message = g_strdup_printf ("Conflicting values detected between %s config "
                             "file parameter `%s` and the environment "
                             "variable `%s`. Ignoring environment variable.",
                             module, field, env_var);
  g_signal_emit (self, signals[SIGNAL_WARNING], 0, message);
}

/* ------------------------------------------------------------------------
 * Evaluation (spec 2.1)
 * --------------------------------------------------------------------- */

typedef struct {
  GType convert_to;            /* G_TYPE_NONE: no conversion */
  gboolean required;
  const GValue *default_value; /* nullable */
  const GValue *min_value;     /* nullable */
  const GValue *max_value;     /* nullable */
  const char *env_name;        /* declared name, or NULL for SCALYR_<FIELD> */
  gboolean check_env_conflict; /* env-aware option applied at construction */
} Request;

static gboolean
check_bound (ScalyrMonitorConfig  *self,
             const Source         *src,
             const GValue         *v,
             const GValue         *bound_in,
             gboolean              is_max,
             GError              **error)
{
  GValue bound = G_VALUE_INIT;
  gboolean ok = TRUE;
  Cmp c;

  value_from_input (bound_in, &bound);
  if (is_none (&bound))
    return TRUE;

  c = cmp_numbers (v, &bound);
  if (c == CMP_INCOMPARABLE)
    {
      g_autoptr(GString) shown = g_string_new (NULL);
      g_autoptr(GString) shown_bound = g_string_new (NULL);

      display_value (shown, v);
      display_bound (shown_bound, &bound);
      set_error (error, self, src, SCALYR_MONITOR_ERROR_BAD_CONFIG,
                 "%s (%s) cannot be compared with the %s %s",
                 kind_name (G_VALUE_TYPE (v)), shown->str,
                 is_max ? "maximum" : "minimum", shown_bound->str);
      ok = FALSE;
    }
  else if ((is_max && c == CMP_GREATER) || (!is_max && c == CMP_LESS))
    {
      g_autoptr(GString) shown = g_string_new (NULL);
      g_autoptr(GString) shown_bound = g_string_new (NULL);

      display_value (shown, v);
      display_bound (shown_bound, &bound);
      set_error (error, self, src, SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
                 "value %s is %s the %s %s", shown->str,
                 is_max ? "above" : "below",
                 is_max ? "maximum" : "minimum", shown_bound->str);
      ok = FALSE;
    }

  g_value_unset (&bound);
  return ok;
}

static gboolean
evaluate (ScalyrMonitorConfig  *self,
          const char           *field,
          const Request        *req,
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
    value_from_node (json_object_get_member (self->entry, field), &v);

  /* 2. convert it */
  if (!is_none (&v) && to != G_TYPE_NONE && G_VALUE_TYPE (&v) != to)
    {
      if (!convert (self, &src, &v, to, &tmp, error))
        goto fail;
      g_value_unset (&v);
      v = tmp;
      memset (&tmp, 0, sizeof tmp);
    }

  /* 3. the environment, for a none value (and, for an env-aware option
   *    being applied, to warn about a conflicting value) */
  if (is_none (&v) || req->check_env_conflict)
    {
      g_autofree char *default_name = NULL;
      const char *name = req->env_name;

      if (name == NULL)
        name = default_name = g_strconcat ("SCALYR_", field, NULL);
      env_value = lookup_env (name, &env_var);
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

      if (is_none (&v))
        {
          v = env_v;
          src.env_var = env_var;
          *from_env = TRUE;
        }
      else
        {
          if (req->check_env_conflict && !values_equal (&v, &env_v))
            warn_conflict (self, field, env_var);
          g_value_unset (&env_v);
        }
    }

  /* 4. required, the null quirk, the default */
  if (is_none (&v))
    {
      if (req->required && !present)
        {
          g_autoptr(GString) msg = g_string_new (NULL);

          append_prefix (msg, self);
          g_string_append_printf (msg,
                                  "field \"%s\" is required but missing; "
                                  "add \"%s\" to the monitor's configuration",
                                  field, field);
          g_set_error_literal (error, SCALYR_MONITOR_ERROR,
                               SCALYR_MONITOR_ERROR_MISSING_FIELD, msg->str);
          goto fail;
        }
      /* a key present with null yields none, not the default */
      if (!present)
        value_from_input (req->default_value, &v);
    }

  /* 5. none */
  if (is_none (&v))
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
  if (!check_bound (self, &src, &v, req->max_value, TRUE, error) ||
      !check_bound (self, &src, &v, req->min_value, FALSE, error))
    goto fail;

  *result = v;
  return TRUE;

fail:
  *from_env = FALSE;
  if (G_IS_VALUE (&v))
    g_value_unset (&v);
  return FALSE;
}

static const char *
declared_env_name (ScalyrMonitorConfig *self,
                   const char          *field,
                   char               **to_free)
{
  ScalyrMonitorOption *option = find_option (self, field);

  *to_free = option != NULL ?
             scalyr_monitor_option_dup_effective_env_name (option) : NULL;
  return *to_free;
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
          self->entry = deep_copy_object (entry);
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
                   "%s%sthe monitor configuration must be a JSON object, "
                   "not %s",
                   monitor_name != NULL && *monitor_name != '\0' ? monitor_name : "",
                   monitor_name != NULL && *monitor_name != '\0' ? ": " : "",
                   kind_name (node_kind (node)));
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
 * The options are kept: later gets of these fields use their declared
 * environment variable names. Evaluation stops at the first error; the
 * options evaluated before it remain stored.
 *
 * Returns: %TRUE on success, %FALSE with @error set otherwise
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
      Request req = {
        .convert_to = scalyr_monitor_option_get_value_type (option),
        .required = scalyr_monitor_option_get_required (option),
        .default_value = scalyr_monitor_option_get_default_value (option),
        .min_value = scalyr_monitor_option_get_min_value (option),
        .max_value = scalyr_monitor_option_get_max_value (option),
        .env_name = env_name,
        .check_env_conflict = env_name != NULL,
      };

      if (!req.required && req.default_value == NULL &&
          !json_object_has_member (self->entry, name) && !defined_in_env)
        continue;

      if (!evaluate (self, name, &req, &v, &from_env, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          continue; /* none: a key present with null stays null */
        }

      json_object_set_member (self->entry, name, node_from_value (&v));
      g_value_unset (&v);
      if (from_env)
        g_hash_table_add (self->env_fields, g_strdup (name));
    }

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
  return v == NULL || !G_IS_VALUE (v) || is_supported_input (v);
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
  gboolean from_env = FALSE;
  Request req;

  g_return_val_if_fail (SCALYR_IS_MONITOR_CONFIG (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (is_valid_convert_to (convert_to), FALSE);
  g_return_val_if_fail (is_valid_bound (default_value), FALSE);
  g_return_val_if_fail (is_valid_bound (min_value), FALSE);
  g_return_val_if_fail (is_valid_bound (max_value), FALSE);
  g_return_val_if_fail (value != NULL && !G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  req = (Request) {
    .convert_to = convert_to == G_TYPE_INVALID ? G_TYPE_NONE : convert_to,
    .required = (flags & SCALYR_CONFIG_REQUIRED) != 0,
    .default_value = default_value,
    .min_value = min_value,
    .max_value = max_value,
    .env_name = declared_env_name (self, field, &env_name),
    .check_env_conflict = FALSE,
  };

  if (!evaluate (self, field, &req, value, &from_env, error))
    {
      /* none: a NULL pointer, which bindings see as None */
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

/* get_value() with whichever of @def, @min and @max are set, which are then
 * unset; @out is set only when it returns TRUE (the "none" pointer of a
 * FALSE return is unset here). */
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

  set_int64 (&def, default_value);
  if (min_value != G_MININT64)
    set_int64 (&min, min_value);
  if (max_value != G_MAXINT64)
    set_int64 (&max, max_value);

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

  set_double (&def, default_value);
  if (!(isinf (min_value) && min_value < 0))
    set_double (&min, min_value);
  if (!(isinf (max_value) && max_value > 0))
    set_double (&max, max_value);

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
