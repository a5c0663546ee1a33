/* test-monitor-config.c: MonitorConfig.get() semantics (spec section 2)
 * SPDX-License-Identifier: Apache-2.0
 *
 * The Python-compatible results (conversions, Python reprs, the order of
 * evaluation) were checked against scalyr-agent-2 2.2.22; the error
 * messages are our own format (spec 2.2 "we:").
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "scalyr-error.h"
#include "scalyr-json-format-private.h"
#include "scalyr-json-parser.h"
#include "scalyr-monitor-config.h"
#include "scalyr-monitor-option.h"
#include "scalyr-config-convert.h"
#include "scalyr-config-describe.h"
#include "scalyr-config-rate.h"

/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

/* Entries are parsed with json-glib's strict parser, so that members with
 * a null value are kept (the relaxed parser drops them). */
static JsonObject *
parse_entry (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static ScalyrMonitorConfig *
make_config (const char *json,
             const char *monitor_name)
{
  g_autoptr(JsonObject) entry = parse_entry (json);

  return scalyr_monitor_config_new (entry, monitor_name);
}

static GValue *
v_int (GValue *v,
       gint64  i)
{
  g_value_init (v, G_TYPE_INT64);
  g_value_set_int64 (v, i);
  return v;
}

static GValue *
v_double (GValue *v,
          double  d)
{
  g_value_init (v, G_TYPE_DOUBLE);
  g_value_set_double (v, d);
  return v;
}

static GValue *
v_string (GValue     *v,
          const char *s)
{
  g_value_init (v, G_TYPE_STRING);
  g_value_set_string (v, s);
  return v;
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  g_string_append (out, text);
}

/* A canonical description of a result: "<type>:<value>" */
static char *
describe (const GValue *v)
{
  GString *out = g_string_new (NULL);
  GType t = G_VALUE_TYPE (v);

  if (t == G_TYPE_INT64)
    g_string_append_printf (out, "int:%" G_GINT64_FORMAT, g_value_get_int64 (v));
  else if (t == G_TYPE_DOUBLE)
    {
      g_string_append (out, "float:");
      scalyr_json_append_double (out, g_value_get_double (v));
    }
  else if (t == G_TYPE_BOOLEAN)
    g_string_append_printf (out, "bool:%s",
                            g_value_get_boolean (v) ? "true" : "false");
  else if (t == G_TYPE_STRING)
    g_string_append_printf (out, "str:%s", g_value_get_string (v));
  else if (t == G_TYPE_STRV)
    {
      g_autofree char *joined = g_strjoinv ("|", g_value_get_boxed (v));

      g_string_append_printf (out, "strv:[%s]", joined);
    }
  else if (t == JSON_TYPE_ARRAY)
    {
      g_autoptr(JsonNode) node = json_node_alloc ();

      json_node_init_array (node, g_value_get_boxed (v));
      g_string_append (out, "array:");
      append_node (out, node);
    }
  else if (t == JSON_TYPE_OBJECT)
    {
      g_autoptr(JsonNode) node = json_node_alloc ();

      json_node_init_object (node, g_value_get_boxed (v));
      g_string_append (out, "object:");
      append_node (out, node);
    }
  else
    g_string_append_printf (out, "?%s", g_type_name (t));
  return g_string_free (out, FALSE);
}

/* Gets @field and returns the description of the result, "none" when
 * get_value returned FALSE without an error, or "error:<code>:<message>". */
static char *
get_described (ScalyrMonitorConfig *config,
               const char          *field,
               GType                convert_to,
               ScalyrConfigFlags    flags,
               const GValue        *def,
               const GValue        *min,
               const GValue        *max)
{
  GValue v = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  char *result;

  if (scalyr_monitor_config_get_value (config, field, convert_to, flags, def,
                                       min, max, &v, &error))
    {
      g_assert_no_error (error);
      result = describe (&v);
      g_value_unset (&v);
      return result;
    }
  if (error == NULL)
    {
      /* none: a NULL pointer, for bindings */
      g_assert_true (G_VALUE_HOLDS_POINTER (&v));
      g_assert_null (g_value_get_pointer (&v));
      g_value_unset (&v);
      return g_strdup ("none");
    }
  g_assert_false (G_IS_VALUE (&v));
  g_assert_true (error->domain == SCALYR_MONITOR_ERROR);
  return g_strdup_printf ("error:%d:%s", error->code, error->message);
}

#define E_MISSING    SCALYR_MONITOR_ERROR_MISSING_FIELD
#define E_PROHIBITED SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION
#define E_PARSE      SCALYR_MONITOR_ERROR_PARSE
#define E_RANGE      SCALYR_MONITOR_ERROR_OUT_OF_RANGE
#define E_BAD        SCALYR_MONITOR_ERROR_BAD_CONFIG

static char *
error_string (int         code,
              const char *message)
{
  return g_strdup_printf ("error:%d:%s", code, message);
}

/* The message of the relaxed parser for @text, for the messages that
 * embed it. */
static char *
parser_message (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = scalyr_json_parse (text, -1, NULL, NULL, &error);

  g_assert_null (node);
  g_assert_nonnull (error);
  return g_strdup (error->message);
}

/* ------------------------------------------------------------------------
 * Conversions: every cell of the spec 2.2 table
 * --------------------------------------------------------------------- */

typedef struct {
  const char *entry;     /* JSON object with a member "foo" */
  GType convert_to;      /* G_TYPE_INVALID in the table means "none" */
  const char *expected;  /* describe() output, "none", or NULL if error */
  int code;
  const char *message;   /* full message, when expected is NULL */
} ConvertCase;

static GType
t_array (void)
{
  return JSON_TYPE_ARRAY;
}

static GType
t_object (void)
{
  return JSON_TYPE_OBJECT;
}

/* Placeholders for the json-glib types, which are not constants */
#define T_ARRAY  ((GType) 1)
#define T_OBJECT ((GType) 2)
#define T_STRV   ((GType) 3)

static GType
real_type (GType t)
{
  if (t == T_ARRAY)
    return t_array ();
  if (t == T_OBJECT)
    return t_object ();
  if (t == T_STRV)
    return G_TYPE_STRV;
  return t;
}

static void
run_convert_case (const ConvertCase *c)
{
  g_autoptr(ScalyrMonitorConfig) config = make_config (c->entry, "test()");
  g_autofree char *got = get_described (config, "foo", real_type (c->convert_to),
                                        SCALYR_CONFIG_NONE, NULL, NULL, NULL);
  g_autofree char *expected = c->expected != NULL
    ? g_strdup (c->expected)
    : error_string (c->code, c->message);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("%s -> %s: got <%s>, expected <%s>", c->entry,
             g_type_name (real_type (c->convert_to)), got, expected);
}

/* The cases of one cell of the conversion table */
typedef struct {
  char *path;
  GPtrArray *cases; /* (element-type ConvertCase) */
} ConvertCell;

static void
convert_cell_free (gpointer data)
{
  ConvertCell *cell = data;

  g_free (cell->path);
  g_ptr_array_unref (cell->cases);
  g_free (cell);
}

static void
test_convert_cell (gconstpointer data)
{
  const ConvertCell *cell = data;

  for (guint i = 0; i < cell->cases->len; i++)
    run_convert_case (g_ptr_array_index (cell->cases, i));
}

static const char *
target_name (GType t)
{
  if (t == G_TYPE_STRING)
    return "str";
  if (t == G_TYPE_INT64)
    return "int";
  if (t == G_TYPE_DOUBLE)
    return "float";
  if (t == G_TYPE_BOOLEAN)
    return "bool";
  if (t == T_ARRAY)
    return "json-array";
  if (t == T_OBJECT)
    return "json-object";
  if (t == T_STRV)
    return "array-of-strings";
  return "none";
}

/* Registers one test per (source, target) cell of the table, e.g.
 * /monitor-config/convert/string-to-int */
static void
add_convert_cells (GPtrArray         *cells,
                   const char        *from,
                   const ConvertCase *cases,
                   gsize              n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/monitor-config/convert/%s-to-%s", from,
                         target_name (cases[i].convert_to));
      ConvertCell *cell = NULL;

      for (guint j = 0; j < cells->len; j++)
        {
          ConvertCell *other = g_ptr_array_index (cells, j);

          if (strcmp (other->path, path) == 0)
            cell = other;
        }
      if (cell == NULL)
        {
          cell = g_new0 (ConvertCell, 1);
          cell->path = g_steal_pointer (&path);
          cell->cases = g_ptr_array_new ();
          g_ptr_array_add (cells, cell);
          g_test_add_data_func (cell->path, cell, test_convert_cell);
        }
      g_ptr_array_add (cell->cases, (gpointer) &cases[i]);
    }
}

static const ConvertCase string_cases[] = {
  /* string -> str */
  { "{\"foo\": \"abc\"}", G_TYPE_STRING, "str:abc", 0, NULL },
  { "{\"foo\": \"\"}", G_TYPE_STRING, "str:", 0, NULL },
  /* string -> int: Python int() */
  { "{\"foo\": \"12\"}", G_TYPE_INT64, "int:12", 0, NULL },
  { "{\"foo\": \" 7 \"}", G_TYPE_INT64, "int:7", 0, NULL },
  { "{\"foo\": \"\\t7\\n\"}", G_TYPE_INT64, "int:7", 0, NULL },
  { "{\"foo\": \"1_000\"}", G_TYPE_INT64, "int:1000", 0, NULL },
  { "{\"foo\": \"-5\"}", G_TYPE_INT64, "int:-5", 0, NULL },
  { "{\"foo\": \"+5\"}", G_TYPE_INT64, "int:5", 0, NULL },
  { "{\"foo\": \"07\"}", G_TYPE_INT64, "int:7", 0, NULL },
  { "{\"foo\": \"-9223372036854775808\"}", G_TYPE_INT64, "int:-9223372036854775808", 0, NULL },
  { "{\"foo\": \"4.5\"}", G_TYPE_INT64, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"4.5\" as an integer" },
  { "{\"foo\": \"12a\"}", G_TYPE_INT64, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"12a\" as an integer" },
  { "{\"foo\": \"0x10\"}", G_TYPE_INT64, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"0x10\" as an integer" },
  { "{\"foo\": \"\"}", G_TYPE_INT64, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"\" as an integer" },
  { "{\"foo\": \"1__0\"}", G_TYPE_INT64, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"1__0\" as an integer" },
  { "{\"foo\": \"_1\"}", G_TYPE_INT64, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"_1\" as an integer" },
  { "{\"foo\": \"+-7\"}", G_TYPE_INT64, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"+-7\" as an integer" },
  { "{\"foo\": \"a \\\"q\\\"\"}", G_TYPE_INT64, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"a \\\"q\\\"\" as an integer" },
  { "{\"foo\": \"99999999999999999999\"}", G_TYPE_INT64, NULL, E_RANGE,
    "test(): field \"foo\": value \"99999999999999999999\" is out of the range of a 64-bit integer" },
  /* string -> float: Python float() */
  { "{\"foo\": \"3.2\"}", G_TYPE_DOUBLE, "float:3.2", 0, NULL },
  { "{\"foo\": \"1e3\"}", G_TYPE_DOUBLE, "float:1000.0", 0, NULL },
  { "{\"foo\": \" -2.5 \"}", G_TYPE_DOUBLE, "float:-2.5", 0, NULL },
  { "{\"foo\": \"1_0.5\"}", G_TYPE_DOUBLE, "float:10.5", 0, NULL },
  { "{\"foo\": \".5\"}", G_TYPE_DOUBLE, "float:0.5", 0, NULL },
  { "{\"foo\": \"1.\"}", G_TYPE_DOUBLE, "float:1.0", 0, NULL },
  { "{\"foo\": \"inf\"}", G_TYPE_DOUBLE, "float:Infinity", 0, NULL },
  { "{\"foo\": \"-Infinity\"}", G_TYPE_DOUBLE, "float:-Infinity", 0, NULL },
  { "{\"foo\": \"nan\"}", G_TYPE_DOUBLE, "float:NaN", 0, NULL },
  { "{\"foo\": \"1e400\"}", G_TYPE_DOUBLE, "float:Infinity", 0, NULL },
  { "{\"foo\": \"abc\"}", G_TYPE_DOUBLE, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"abc\" as a float" },
  { "{\"foo\": \"\"}", G_TYPE_DOUBLE, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"\" as a float" },
  { "{\"foo\": \"0x1p3\"}", G_TYPE_DOUBLE, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"0x1p3\" as a float" },
  { "{\"foo\": \"1e\"}", G_TYPE_DOUBLE, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"1e\" as a float" },
  { "{\"foo\": \"nan(1)\"}", G_TYPE_DOUBLE, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"nan(1)\" as a float" },
  /* string -> bool: lower-case == "true", never fails */
  { "{\"foo\": \"true\"}", G_TYPE_BOOLEAN, "bool:true", 0, NULL },
  { "{\"foo\": \"TRUE\"}", G_TYPE_BOOLEAN, "bool:true", 0, NULL },
  { "{\"foo\": \"True\"}", G_TYPE_BOOLEAN, "bool:true", 0, NULL },
  { "{\"foo\": \"false\"}", G_TYPE_BOOLEAN, "bool:false", 0, NULL },
  { "{\"foo\": \"yes\"}", G_TYPE_BOOLEAN, "bool:false", 0, NULL },
  { "{\"foo\": \"1\"}", G_TYPE_BOOLEAN, "bool:false", 0, NULL },
  { "{\"foo\": \"\"}", G_TYPE_BOOLEAN, "bool:false", 0, NULL },
  { "{\"foo\": \" true\"}", G_TYPE_BOOLEAN, "bool:false", 0, NULL },
  /* string -> JsonArray / JsonObject: relaxed JSON */
  { "{\"foo\": \"[1, \\\"a\\\", {b: true}]\"}", T_ARRAY,
    "array:[1,\"a\",{\"b\":true}]", 0, NULL },
  { "{\"foo\": \"\"}", T_ARRAY, "array:[]", 0, NULL },
  { "{\"foo\": \"{a: 1, b: [2]}\"}", T_OBJECT, "object:{\"a\":1,\"b\":[2]}", 0, NULL },
  { "{\"foo\": \"\"}", T_OBJECT, "object:{}", 0, NULL },
  { "{\"foo\": \"5\"}", T_ARRAY, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"5\" as a JSON array: found an integer instead of an array" },
  { "{\"foo\": \"[1]\"}", T_OBJECT, NULL, E_PARSE,
    "test(): field \"foo\": could not parse \"[1]\" as a JSON object: found an array instead of an object" },
  /* string -> ArrayOfStrings */
  { "{\"foo\": \"['a', \\\"b\\\", c]\"}", T_STRV, "strv:[a|b|c]", 0, NULL },
  { "{\"foo\": \"a,b,  c\"}", T_STRV, "strv:[a|b|c]", 0, NULL },
  { "{\"foo\": \"a b  c\"}", T_STRV, "strv:[a b  c]", 0, NULL },
  { "{\"foo\": \"[a,b]\"}", T_STRV, "strv:[a|b]", 0, NULL },
  { "{\"foo\": \" [a] \"}", T_STRV, "strv:[a]", 0, NULL },
  { "{\"foo\": \"[ a ]\"}", T_STRV, "strv:[a]", 0, NULL },
  { "{\"foo\": \"'a', 'b\"}", T_STRV, "strv:[a]", 0, NULL },
  { "{\"foo\": \"x, \\\"y\\\" , 'z'\"}", T_STRV, "strv:[x|y|z]", 0, NULL },
  { "{\"foo\": \"\\\"a\"}", T_STRV, "strv:[\"a]", 0, NULL },
  { "{\"foo\": \"[\"}", T_STRV, "strv:[[]", 0, NULL },
  { "{\"foo\": \"\\\"\"}", T_STRV, "strv:[]", 0, NULL },
  { "{\"foo\": \"'\"}", T_STRV, "strv:[]", 0, NULL },
  { "{\"foo\": \"''\"}", T_STRV, "strv:[]", 0, NULL },
  { "{\"foo\": \"\"}", T_STRV, "strv:[]", 0, NULL },
  { "{\"foo\": \"[]\"}", T_STRV, "strv:[]", 0, NULL },
  { "{\"foo\": \" , ,\"}", T_STRV, "strv:[]", 0, NULL },
  { "{\"foo\": \"   \"}", T_STRV, "strv:[]", 0, NULL },
  /* no conversion */
  { "{\"foo\": \"12\"}", G_TYPE_NONE, "str:12", 0, NULL },
  { "{\"foo\": \"12\"}", G_TYPE_INVALID, "str:12", 0, NULL },
};

static void
test_convert_string_bad_json (void)
{
  static const char *texts[] = { "['a', 'b', 'c']", "[1, 2", "{a: }" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonObject) entry = json_object_new ();
      g_autoptr(ScalyrMonitorConfig) config = NULL;
      g_autofree char *detail = parser_message (texts[i]);
      g_autofree char *shown = g_strescape (texts[i], "'");
      g_autofree char *want_array = NULL;
      g_autofree char *want_object = NULL;
      g_autofree char *got_array = NULL;
      g_autofree char *got_object = NULL;

      json_object_set_string_member (entry, "foo", texts[i]);
      config = scalyr_monitor_config_new (entry, "test()");

      want_array = g_strdup_printf ("error:%d:test(): field \"foo\": could not "
                                    "parse \"%s\" as a JSON array: %s",
                                    E_PARSE, shown, detail);
      want_object = g_strdup_printf ("error:%d:test(): field \"foo\": could not "
                                     "parse \"%s\" as a JSON object: %s",
                                     E_PARSE, shown, detail);
      got_array = get_described (config, "foo", JSON_TYPE_ARRAY, 0, NULL, NULL, NULL);
      got_object = get_described (config, "foo", JSON_TYPE_OBJECT, 0, NULL, NULL, NULL);
      g_assert_cmpstr (got_array, ==, want_array);
      g_assert_cmpstr (got_object, ==, want_object);
    }
}

static const ConvertCase int_cases[] = {
  { "{\"foo\": 5}", G_TYPE_STRING, "str:5", 0, NULL },
  { "{\"foo\": -9223372036854775807}", G_TYPE_STRING, "str:-9223372036854775807", 0, NULL },
  { "{\"foo\": 5}", G_TYPE_INT64, "int:5", 0, NULL },
  { "{\"foo\": 5}", G_TYPE_DOUBLE, "float:5.0", 0, NULL },
  { "{\"foo\": 9007199254740993}", G_TYPE_DOUBLE, "float:9007199254740992.0", 0, NULL },
  { "{\"foo\": 1}", G_TYPE_BOOLEAN, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an integer (1) to a boolean" },
  { "{\"foo\": 1}", T_ARRAY, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an integer (1) to an array" },
  { "{\"foo\": 1}", T_OBJECT, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an integer (1) to an object" },
  { "{\"foo\": 1}", T_STRV, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an integer (1) to an array of strings" },
  { "{\"foo\": 5}", G_TYPE_NONE, "int:5", 0, NULL },
};

static const ConvertCase float_cases[] = {
  { "{\"foo\": 1.3}", G_TYPE_STRING, "str:1.3", 0, NULL },
  { "{\"foo\": 1e20}", G_TYPE_STRING, "str:1e+20", 0, NULL },
  { "{\"foo\": 2.0}", G_TYPE_STRING, "str:2.0", 0, NULL },
  { "{\"foo\": 1e-05}", G_TYPE_STRING, "str:1e-05", 0, NULL },
  { "{\"foo\": 0.1}", G_TYPE_STRING, "str:0.1", 0, NULL },
  { "{\"foo\": 2.0}", G_TYPE_INT64, "int:2", 0, NULL },
  { "{\"foo\": 2.5}", G_TYPE_INT64, "int:2", 0, NULL },
  { "{\"foo\": -2.5}", G_TYPE_INT64, "int:-2", 0, NULL },
  { "{\"foo\": 0.99}", G_TYPE_INT64, "int:0", 0, NULL },
  { "{\"foo\": 1e30}", G_TYPE_INT64, NULL, E_RANGE,
    "test(): field \"foo\": value 1e+30 is out of the range of a 64-bit integer" },
  { "{\"foo\": 2.5}", G_TYPE_DOUBLE, "float:2.5", 0, NULL },
  { "{\"foo\": 2.1}", G_TYPE_BOOLEAN, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert a float (2.1) to a boolean" },
  { "{\"foo\": 2.0}", T_ARRAY, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert a float (2.0) to an array" },
  { "{\"foo\": 2.0}", T_OBJECT, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert a float (2.0) to an object" },
  { "{\"foo\": 2.0}", T_STRV, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert a float (2.0) to an array of strings" },
  { "{\"foo\": 2.5}", G_TYPE_NONE, "float:2.5", 0, NULL },
};

static const ConvertCase bool_cases[] = {
  { "{\"foo\": false}", G_TYPE_STRING, "str:False", 0, NULL },
  { "{\"foo\": true}", G_TYPE_STRING, "str:True", 0, NULL },
  { "{\"foo\": true}", G_TYPE_INT64, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert a boolean (true) to an integer" },
  { "{\"foo\": false}", G_TYPE_DOUBLE, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert a boolean (false) to a float" },
  { "{\"foo\": true}", G_TYPE_BOOLEAN, "bool:true", 0, NULL },
  { "{\"foo\": true}", T_ARRAY, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert a boolean (true) to an array" },
  { "{\"foo\": true}", T_OBJECT, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert a boolean (true) to an object" },
  { "{\"foo\": true}", T_STRV, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert a boolean (true) to an array of strings" },
  { "{\"foo\": false}", G_TYPE_NONE, "bool:false", 0, NULL },
};

static const ConvertCase array_cases[] = {
  { "{\"foo\": [\"a\", 1]}", G_TYPE_STRING, "str:['a', 1]", 0, NULL },
  { "{\"foo\": [\"x\", 1, 2.5, true, null, {\"b\": \"it's\"}, [1e20]]}",
    G_TYPE_STRING, "str:['x', 1, 2.5, True, None, {'b': \"it's\"}, [1e+20]]", 0, NULL },
  { "{\"foo\": [\"a\\\\b\", \"q'\\\"\", \"\\n\\t\\u0001\\u007f\", \"caf\\u00e9\\u00a0\"]}",
    G_TYPE_STRING, "str:['a\\\\b', 'q\\'\"', '\\n\\t\\x01\\x7f', 'café\\xa0']", 0, NULL },
  { "{\"foo\": []}", G_TYPE_STRING, "str:[]", 0, NULL },
  { "{\"foo\": [1]}", G_TYPE_INT64, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an array ([1]) to an integer" },
  { "{\"foo\": [1]}", G_TYPE_DOUBLE, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an array ([1]) to a float" },
  { "{\"foo\": [1]}", G_TYPE_BOOLEAN, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an array ([1]) to a boolean" },
  { "{\"foo\": [1, \"a\"]}", T_ARRAY, "array:[1,\"a\"]", 0, NULL },
  { "{\"foo\": [1, \"a\"]}", T_OBJECT, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an array ([1, \"a\"]) to an object" },
  { "{\"foo\": [\"a\", \"b\", \"c\"]}", T_STRV, "strv:[a|b|c]", 0, NULL },
  { "{\"foo\": []}", T_STRV, "strv:[]", 0, NULL },
  { "{\"foo\": [\"a\", \"b\", 3]}", T_STRV, NULL, E_PROHIBITED,
    "test(): field \"foo\": element 3 of the array is an integer (3); expected only strings" },
  { "{\"foo\": [null]}", T_STRV, NULL, E_PROHIBITED,
    "test(): field \"foo\": element 1 of the array is null (null); expected only strings" },
  { "{\"foo\": [\"a\", [\"b\"]]}", T_STRV, NULL, E_PROHIBITED,
    "test(): field \"foo\": element 2 of the array is an array ([\"b\"]); expected only strings" },
  { "{\"foo\": [\"a\", 1.5]}", G_TYPE_NONE, "array:[\"a\",1.5]", 0, NULL },
};

static const ConvertCase object_cases[] = {
  { "{\"foo\": {\"a\": 1}}", G_TYPE_STRING, "str:{'a': 1}", 0, NULL },
  { "{\"foo\": {\"a\": 1, \"b\": \"x\", \"c\": {\"d\": [false]}}}", G_TYPE_STRING,
    "str:{'a': 1, 'b': 'x', 'c': {'d': [False]}}", 0, NULL },
  { "{\"foo\": {\"a\": 1}}", G_TYPE_INT64, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an object ({\"a\": 1}) to an integer" },
  { "{\"foo\": {\"a\": 1}}", G_TYPE_DOUBLE, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an object ({\"a\": 1}) to a float" },
  { "{\"foo\": {\"a\": 1}}", G_TYPE_BOOLEAN, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an object ({\"a\": 1}) to a boolean" },
  { "{\"foo\": {\"a\": 1}}", T_ARRAY, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an object ({\"a\": 1}) to an array" },
  { "{\"foo\": {\"a\": 1}}", T_OBJECT, "object:{\"a\":1}", 0, NULL },
  { "{\"foo\": {\"a\": 1}}", T_STRV, NULL, E_PROHIBITED,
    "test(): field \"foo\": cannot convert an object ({\"a\": 1}) to an array of strings" },
  { "{\"foo\": {\"a\": 1}}", G_TYPE_NONE, "object:{\"a\":1}", 0, NULL },
};

static void
test_convert_from_strv_default (void)
{
  /* an array of strings can only come from a default value */
  g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "test()");
  const char *strv[] = { "a", "b", NULL };
  g_auto(GValue) def = G_VALUE_INIT;
  g_autofree char *same = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *to_int = NULL;
  g_autofree char *to_str = NULL;

  g_value_init (&def, G_TYPE_STRV);
  g_value_set_boxed (&def, strv);

  same = get_described (config, "foo", G_TYPE_STRV, 0, &def, NULL, NULL);
  raw = get_described (config, "foo", G_TYPE_NONE, 0, &def, NULL, NULL);
  to_int = get_described (config, "foo", G_TYPE_INT64, 0, &def, NULL, NULL);
  to_str = get_described (config, "foo", G_TYPE_STRING, 0, &def, NULL, NULL);
  g_assert_cmpstr (same, ==, "strv:[a|b]");
  g_assert_cmpstr (raw, ==, "strv:[a|b]");
  g_assert_cmpstr (to_int, ==, "error:1:test(): field \"foo\": cannot convert "
                   "an array of strings ([\"a\", \"b\"]) to an integer");
  g_assert_cmpstr (to_str, ==, "error:1:test(): field \"foo\": cannot convert "
                   "an array of strings ([\"a\", \"b\"]) to a string");
}

static void
test_convert_no_monitor_name (void)
{
  g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"foo\": true}", NULL);
  g_autofree char *got = get_described (config, "foo", G_TYPE_INT64, 0,
                                        NULL, NULL, NULL);

  g_assert_cmpstr (got, ==, "error:1:field \"foo\": cannot convert a boolean "
                   "(true) to an integer");

  scalyr_monitor_config_set_monitor_name (config, "other(x)");
  g_clear_pointer (&got, g_free);
  got = get_described (config, "foo", G_TYPE_INT64, 0, NULL, NULL, NULL);
  g_assert_cmpstr (got, ==, "error:1:other(x): field \"foo\": cannot convert "
                   "a boolean (true) to an integer");
}

static void
test_convert_invalid_utf8_in_entry (void)
{
  g_autoptr(JsonObject) entry = json_object_new ();
  g_autoptr(ScalyrMonitorConfig) config = NULL;
  g_autofree char *got = NULL;

  json_object_set_string_member (entry, "foo", "a\xff,b");
  config = scalyr_monitor_config_new (entry, "test()");
  got = get_described (config, "foo", G_TYPE_STRV, 0, NULL, NULL, NULL);
  g_assert_cmpstr (got, ==, "strv:[a\xef\xbf\xbd|b]");
}

/* ------------------------------------------------------------------------
 * get(): spec section 6 rows 1–13 and the evaluation order of 2.1
 * --------------------------------------------------------------------- */

static void
check_get (const char        *entry,
           const char        *field,
           GType              convert_to,
           ScalyrConfigFlags  flags,
           const GValue      *def,
           const GValue      *min,
           const GValue      *max,
           const char        *expected)
{
  g_autoptr(ScalyrMonitorConfig) config = make_config (entry, "test()");
  g_autofree char *got = get_described (config, field, convert_to, flags,
                                        def, min, max);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("%s get(%s): got <%s>, expected <%s>", entry, field, got, expected);
}

static void
test_get_spec_rows (void)
{
  g_auto(GValue) four = G_VALUE_INIT;
  g_auto(GValue) ten = G_VALUE_INIT;
  g_auto(GValue) twenty = G_VALUE_INIT;
  g_autofree char *e = NULL;

  v_int (&four, 4);
  v_int (&ten, 10);
  v_int (&twenty, 20);

  /* 1 */
  check_get ("{\"foo\": \"12\"}", "foo", G_TYPE_INT64, 0, NULL, NULL, NULL, "int:12");
  /* 2 */
  check_get ("{\"foo\": 2.0}", "foo", G_TYPE_INT64, 0, NULL, NULL, NULL, "int:2");
  check_get ("{\"foo\": 2.5}", "foo", G_TYPE_INT64, 0, NULL, NULL, NULL, "int:2");
  /* 3 */
  check_get ("{\"foo\": true}", "foo", G_TYPE_INT64, 0, NULL, NULL, NULL,
             "error:1:test(): field \"foo\": cannot convert a boolean (true) to an integer");
  /* 4 */
  check_get ("{\"foo\": \"12a\"}", "foo", G_TYPE_INT64, 0, NULL, NULL, NULL,
             "error:2:test(): field \"foo\": could not parse \"12a\" as an integer");
  /* 5 */
  check_get ("{\"foo\": 1}", "foo", G_TYPE_BOOLEAN, 0, NULL, NULL, NULL,
             "error:1:test(): field \"foo\": cannot convert an integer (1) to a boolean");
  check_get ("{\"foo\": 2.1}", "foo", G_TYPE_BOOLEAN, 0, NULL, NULL, NULL,
             "error:1:test(): field \"foo\": cannot convert a float (2.1) to a boolean");
  /* 6 */
  check_get ("{\"foo\": \"false\"}", "foo", G_TYPE_BOOLEAN, 0, NULL, NULL, NULL, "bool:false");
  check_get ("{\"foo\": \"yes\"}", "foo", G_TYPE_BOOLEAN, 0, NULL, NULL, NULL, "bool:false");
  /* 7 */
  check_get ("{\"foo\": false}", "foo", G_TYPE_STRING, 0, NULL, NULL, NULL, "str:False");
  check_get ("{\"foo\": 1.3}", "foo", G_TYPE_STRING, 0, NULL, NULL, NULL, "str:1.3");
  /* 8 */
  check_get ("{\"foo\": \"['a', \\\"b\\\", c]\"}", "foo", G_TYPE_STRV, 0, NULL, NULL, NULL,
             "strv:[a|b|c]");
  check_get ("{\"foo\": \"a,b,  c\"}", "foo", G_TYPE_STRV, 0, NULL, NULL, NULL,
             "strv:[a|b|c]");
  /* 9 */
  check_get ("{\"foo\": [\"a\", \"b\", 3]}", "foo", G_TYPE_STRV, 0, NULL, NULL, NULL,
             "error:1:test(): field \"foo\": element 3 of the array is an integer (3); "
             "expected only strings");
  /* 10 (the parser's message is checked in /monitor-config/convert/string-bad-json) */
  {
    g_autofree char *detail = parser_message ("['a', 'b', 'c']");

    e = g_strdup_printf ("error:2:test(): field \"foo\": could not parse "
                         "\"['a', 'b', 'c']\" as a JSON array: %s", detail);
    check_get ("{\"foo\": \"['a', 'b', 'c']\"}", "foo", JSON_TYPE_ARRAY, 0,
               NULL, NULL, NULL, e);
  }
  /* 11 */
  check_get ("{\"foo\": 5}", "foo", G_TYPE_NONE, 0, NULL, NULL, &four,
             "error:3:test(): field \"foo\": value 5 is above the maximum 4");
  check_get ("{\"foo\": \"11\"}", "foo", G_TYPE_DOUBLE, 0, NULL, NULL, &ten,
             "error:3:test(): field \"foo\": value 11.0 is above the maximum 10");
  /* 12 */
  check_get ("{\"foo\": 10}", "fo", G_TYPE_NONE, SCALYR_CONFIG_REQUIRED, NULL, NULL, NULL,
             "error:0:test(): field \"fo\" is required but missing; add \"fo\" "
             "to the monitor's configuration");
  check_get ("{\"foo\": 10}", "foo", G_TYPE_NONE, SCALYR_CONFIG_REQUIRED, NULL, NULL, NULL,
             "int:10");
  /* 13 */
  check_get ("{\"foo\": 10}", "fee", G_TYPE_NONE, 0, &twenty, NULL, NULL, "int:20");
  check_get ("{\"foo\": 10}", "foo", G_TYPE_NONE, 0, &twenty, NULL, NULL, "int:10");
}

static void
test_get_monitor_name_example (void)
{
  g_autoptr(ScalyrMonitorConfig) config =
    make_config ("{\"gauss_mean\": 11}", "random_coin_monitor()");
  g_autoptr(GError) error = NULL;
  double d;

  d = scalyr_monitor_config_get_double (config, "gauss_mean",
                                        SCALYR_CONFIG_REQUIRED, 0, 0, 10, &error);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==,
                   "random_coin_monitor(): field \"gauss_mean\": value 11.0 is "
                   "above the maximum 10");
  g_assert_cmpfloat (d, ==, 0);
  g_clear_error (&error);

  d = scalyr_monitor_config_get_double (config, "gauss_mean",
                                        SCALYR_CONFIG_REQUIRED, 0, 12, INFINITY,
                                        &error);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==,
                   "random_coin_monitor(): field \"gauss_mean\": value 11.0 is "
                   "below the minimum 12");
  g_clear_error (&error);

  g_unsetenv ("SCALYR_GAUSS_STDDEV");
  g_unsetenv ("scalyr_gauss_stddev");
  scalyr_monitor_config_get_double (config, "gauss_stddev",
                                    SCALYR_CONFIG_REQUIRED, 0.25, 0, 5, &error);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_MISSING_FIELD);
  g_assert_cmpstr (error->message, ==,
                   "random_coin_monitor(): field \"gauss_stddev\" is required but "
                   "missing; add \"gauss_stddev\" to the monitor's configuration");
}

static void
test_get_min_value (void)
{
  g_auto(GValue) six = G_VALUE_INIT;
  g_auto(GValue) three = G_VALUE_INIT;
  g_auto(GValue) zero = G_VALUE_INIT;

  v_int (&six, 6);
  v_int (&three, 3);
  v_double (&zero, 0.0);

  check_get ("{\"foo\": 5}", "foo", G_TYPE_NONE, 0, NULL, &six, NULL,
             "error:3:test(): field \"foo\": value 5 is below the minimum 6");
  check_get ("{\"foo\": 4}", "foo", G_TYPE_NONE, 0, NULL, &three, NULL, "int:4");
  check_get ("{\"foo\": -1.0}", "foo", G_TYPE_DOUBLE, 0, NULL, &zero, NULL,
             "error:3:test(): field \"foo\": value -1.0 is below the minimum 0");
  /* equal to the bound passes */
  check_get ("{\"foo\": 6}", "foo", G_TYPE_NONE, 0, NULL, &six, &six, "int:6");
}

static void
test_get_max_value (void)
{
  g_auto(GValue) four = G_VALUE_INIT;
  g_auto(GValue) three = G_VALUE_INIT;
  g_auto(GValue) two_half = G_VALUE_INIT;
  g_auto(GValue) big = G_VALUE_INIT;

  v_int (&four, 4);
  v_int (&three, 3);
  v_double (&two_half, 2.5);
  v_double (&big, 1e20);

  check_get ("{\"foo\": 5}", "foo", G_TYPE_NONE, 0, NULL, NULL, &four,
             "error:3:test(): field \"foo\": value 5 is above the maximum 4");
  check_get ("{\"foo\": 2}", "foo", G_TYPE_NONE, 0, NULL, NULL, &three, "int:2");
  check_get ("{\"foo\": 3}", "foo", G_TYPE_NONE, 0, NULL, NULL, &two_half,
             "error:3:test(): field \"foo\": value 3 is above the maximum 2.5");
  check_get ("{\"foo\": 1e21}", "foo", G_TYPE_NONE, 0, NULL, NULL, &big,
             "error:3:test(): field \"foo\": value 1e+21 is above the maximum 1e+20");
  /* the maximum is checked before the minimum */
  check_get ("{\"foo\": 5}", "foo", G_TYPE_NONE, 0, NULL, &four, &three,
             "error:3:test(): field \"foo\": value 5 is above the maximum 3");
}

static void
test_get_bound_types (void)
{
  g_auto(GValue) int_bound = G_VALUE_INIT;
  g_auto(GValue) uint_bound = G_VALUE_INIT;
  g_auto(GValue) float_bound = G_VALUE_INIT;
  g_auto(GValue) double_bound = G_VALUE_INIT;
  g_auto(GValue) big_double = G_VALUE_INIT;
  g_auto(GValue) nan_bound = G_VALUE_INIT;
  g_auto(GValue) string_bound = G_VALUE_INIT;

  g_value_init (&int_bound, G_TYPE_INT);
  g_value_set_int (&int_bound, 4);
  g_value_init (&uint_bound, G_TYPE_UINT);
  g_value_set_uint (&uint_bound, 4);
  g_value_init (&float_bound, G_TYPE_FLOAT);
  g_value_set_float (&float_bound, 4.5f);
  v_double (&double_bound, 4.5);
  v_double (&big_double, 9007199254740992.0);
  v_double (&nan_bound, NAN);
  v_string (&string_bound, "m");

  check_get ("{\"foo\": 5}", "foo", G_TYPE_NONE, 0, NULL, NULL, &int_bound,
             "error:3:test(): field \"foo\": value 5 is above the maximum 4");
  check_get ("{\"foo\": 5}", "foo", G_TYPE_NONE, 0, NULL, NULL, &uint_bound,
             "error:3:test(): field \"foo\": value 5 is above the maximum 4");
  check_get ("{\"foo\": 5}", "foo", G_TYPE_NONE, 0, NULL, NULL, &float_bound,
             "error:3:test(): field \"foo\": value 5 is above the maximum 4.5");
  check_get ("{\"foo\": 4}", "foo", G_TYPE_NONE, 0, NULL, &double_bound, NULL,
             "error:3:test(): field \"foo\": value 4 is below the minimum 4.5");
  /* integers and doubles compare exactly */
  check_get ("{\"foo\": 9007199254740993}", "foo", G_TYPE_NONE, 0, NULL, NULL,
             &big_double,
             "error:3:test(): field \"foo\": value 9007199254740993 is above the "
             "maximum 9007199254740992");
  check_get ("{\"foo\": 9007199254740992}", "foo", G_TYPE_NONE, 0, NULL,
             &big_double, &big_double, "int:9007199254740992");
  /* NaN passes both checks, as value or as bound */
  check_get ("{\"foo\": \"nan\"}", "foo", G_TYPE_DOUBLE, 0, NULL, &double_bound,
             &double_bound, "float:NaN");
  check_get ("{\"foo\": 5}", "foo", G_TYPE_NONE, 0, NULL, &nan_bound, &nan_bound,
             "int:5");
  /* booleans compare as 0 and 1, like Python */
  check_get ("{\"foo\": true}", "foo", G_TYPE_NONE, 0, NULL, NULL, &int_bound,
             "bool:true");
  /* strings compare with strings */
  check_get ("{\"foo\": \"z\"}", "foo", G_TYPE_NONE, 0, NULL, NULL, &string_bound,
             "error:3:test(): field \"foo\": value \"z\" is above the maximum \"m\"");
  /* a string cannot be compared with a number (a TypeError in the
   * reference) */
  check_get ("{\"foo\": \"abc\"}", "foo", G_TYPE_NONE, 0, NULL, NULL, &int_bound,
             "error:4:test(): field \"foo\": a string (\"abc\") cannot be compared "
             "with the maximum 4");
}

static void
test_get_default (void)
{
  g_auto(GValue) seven_s = G_VALUE_INIT;
  g_auto(GValue) two = G_VALUE_INIT;
  g_auto(GValue) bad = G_VALUE_INIT;
  g_auto(GValue) zero = G_VALUE_INIT;
  g_auto(GValue) five = G_VALUE_INIT;
  g_auto(GValue) node_default = G_VALUE_INIT;
  g_autoptr(JsonNode) node = json_node_alloc ();

  v_string (&seven_s, "7");
  v_int (&two, 2);
  v_string (&bad, "x");
  v_int (&zero, 0);
  v_int (&five, 5);
  json_node_init_string (node, "a, b");
  g_value_init (&node_default, JSON_TYPE_NODE);
  g_value_set_boxed (&node_default, node);

  /* the default is converted (step 6) */
  check_get ("{}", "foo", G_TYPE_INT64, 0, &seven_s, NULL, NULL, "int:7");
  check_get ("{}", "foo", G_TYPE_DOUBLE, 0, &two, NULL, NULL, "float:2.0");
  check_get ("{}", "foo", G_TYPE_STRV, 0, &node_default, NULL, NULL, "strv:[a|b]");
  /* a bad default fails like a bad value */
  check_get ("{}", "foo", G_TYPE_INT64, 0, &bad, NULL, NULL,
             "error:2:test(): field \"foo\": could not parse \"x\" as an integer");
  /* and is checked against the bounds */
  check_get ("{}", "foo", G_TYPE_INT64, 0, &zero, &five, NULL,
             "error:3:test(): field \"foo\": value 0 is below the minimum 5");
  /* a required field ignores the default */
  check_get ("{}", "foo", G_TYPE_INT64, SCALYR_CONFIG_REQUIRED, &two, NULL, NULL,
             "error:0:test(): field \"foo\" is required but missing; add \"foo\" "
             "to the monitor's configuration");
  /* absent, not required, no default: none (no error) */
  check_get ("{}", "foo", G_TYPE_INT64, 0, NULL, NULL, NULL, "none");
  check_get ("{}", "foo", G_TYPE_INT64, 0, NULL, &five, &five, "none");
}

static void
test_get_null_quirk (void)
{
  g_auto(GValue) twenty = G_VALUE_INIT;
  g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"foo\": null}", "test()");
  g_autoptr(GError) error = NULL;
  g_autofree char *s = NULL;
  g_auto(GStrv) strv = NULL;

  v_int (&twenty, 20);
  g_unsetenv ("SCALYR_FOO");
  g_unsetenv ("scalyr_foo");

  /* a key present with null yields none: no default, no required error */
  check_get ("{\"foo\": null}", "foo", G_TYPE_NONE, 0, &twenty, NULL, NULL, "none");
  check_get ("{\"foo\": null}", "foo", G_TYPE_INT64, SCALYR_CONFIG_REQUIRED,
             &twenty, NULL, NULL, "none");

  /* the typed getters then return their default */
  g_assert_cmpint (scalyr_monitor_config_get_int (config, "foo", SCALYR_CONFIG_REQUIRED,
                                                  42, G_MININT64, G_MAXINT64,
                                                  &error), ==, 42);
  g_assert_no_error (error);
  s = scalyr_monitor_config_dup_string (config, "foo", 0, "dflt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s, ==, "dflt");
  strv = scalyr_monitor_config_dup_strv (config, "foo", 0, &error);
  g_assert_no_error (error);
  g_assert_null (strv);
  g_assert_true (scalyr_monitor_config_has_field (config, "foo"));
}

static void
test_get_raw_types (void)
{
  check_get ("{\"foo\": 1}", "foo", G_TYPE_NONE, 0, NULL, NULL, NULL, "int:1");
  check_get ("{\"foo\": 1.5}", "foo", G_TYPE_NONE, 0, NULL, NULL, NULL, "float:1.5");
  check_get ("{\"foo\": true}", "foo", G_TYPE_NONE, 0, NULL, NULL, NULL, "bool:true");
  check_get ("{\"foo\": \"s\"}", "foo", G_TYPE_NONE, 0, NULL, NULL, NULL, "str:s");
  check_get ("{\"foo\": [1]}", "foo", G_TYPE_NONE, 0, NULL, NULL, NULL, "array:[1]");
  check_get ("{\"foo\": {}}", "foo", G_TYPE_NONE, 0, NULL, NULL, NULL, "object:{}");
}

/* ------------------------------------------------------------------------
 * Typed getters
 * --------------------------------------------------------------------- */

static void
test_typed_int (void)
{
  g_autoptr(ScalyrMonitorConfig) config =
    make_config ("{\"a\": \"12\", \"b\": 2.9, \"c\": true, \"d\": 100}", "t()");
  g_autoptr(GError) error = NULL;

  g_unsetenv ("SCALYR_MISSING");
  g_assert_cmpint (scalyr_monitor_config_get_int (config, "a", 0, 0, G_MININT64,
                                                  G_MAXINT64, &error), ==, 12);
  g_assert_no_error (error);
  g_assert_cmpint (scalyr_monitor_config_get_int (config, "b", 0, 0, G_MININT64,
                                                  G_MAXINT64, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (scalyr_monitor_config_get_int (config, "missing", 0, 77,
                                                  G_MININT64, G_MAXINT64,
                                                  &error), ==, 77);
  g_assert_no_error (error);
  /* G_MININT64 / G_MAXINT64 are no bound: extreme values pass */
  g_assert_cmpint (scalyr_monitor_config_get_int (config, "missing", 0, G_MININT64,
                                                  G_MININT64, G_MAXINT64,
                                                  &error), ==, G_MININT64);
  g_assert_no_error (error);
  /* on error the default is returned */
  g_assert_cmpint (scalyr_monitor_config_get_int (config, "c", 0, -1, G_MININT64,
                                                  G_MAXINT64, &error), ==, -1);
  g_assert_error (error, SCALYR_MONITOR_ERROR,
                  SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION);
  g_assert_cmpstr (error->message, ==,
                   "t(): field \"c\": cannot convert a boolean (true) to an integer");
  g_clear_error (&error);
  g_assert_cmpint (scalyr_monitor_config_get_int (config, "d", 0, 0, 0, 99,
                                                  &error), ==, 0);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==,
                   "t(): field \"d\": value 100 is above the maximum 99");
  g_clear_error (&error);
  /* a NULL error is fine */
  g_assert_cmpint (scalyr_monitor_config_get_int (config, "d", 0, 5, 0, 99, NULL),
                   ==, 5);
}

static void
test_typed_double (void)
{
  g_autoptr(ScalyrMonitorConfig) config =
    make_config ("{\"a\": \"1e3\", \"b\": 7, \"c\": \"x\"}", "t()");
  g_autoptr(GError) error = NULL;

  g_unsetenv ("SCALYR_MISSING");
  g_assert_cmpfloat (scalyr_monitor_config_get_double (config, "a", 0, 0,
                                                       -INFINITY, INFINITY,
                                                       &error), ==, 1000.0);
  g_assert_no_error (error);
  g_assert_cmpfloat (scalyr_monitor_config_get_double (config, "b", 0, 0,
                                                       -INFINITY, INFINITY,
                                                       &error), ==, 7.0);
  g_assert_no_error (error);
  g_assert_cmpfloat (scalyr_monitor_config_get_double (config, "missing", 0, 0.25,
                                                       0, 5, &error), ==, 0.25);
  g_assert_no_error (error);
  g_assert_cmpfloat (scalyr_monitor_config_get_double (config, "c", 0, 1.5,
                                                       -INFINITY, INFINITY,
                                                       &error), ==, 1.5);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==,
                   "t(): field \"c\": could not parse \"x\" as a float");
  g_clear_error (&error);
  g_assert_cmpfloat (scalyr_monitor_config_get_double (config, "b", 0, 0,
                                                       -INFINITY, 6.5,
                                                       &error), ==, 0);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==,
                   "t(): field \"b\": value 7.0 is above the maximum 6.5");
}

static void
test_typed_boolean (void)
{
  g_autoptr(ScalyrMonitorConfig) config =
    make_config ("{\"a\": \"TRUE\", \"b\": false, \"c\": 1}", "t()");
  g_autoptr(GError) error = NULL;

  g_unsetenv ("SCALYR_MISSING");
  g_assert_true (scalyr_monitor_config_get_boolean (config, "a", 0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (scalyr_monitor_config_get_boolean (config, "b", 0, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (scalyr_monitor_config_get_boolean (config, "missing", 0, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (scalyr_monitor_config_get_boolean (config, "c", 0, FALSE, &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR,
                  SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION);
  g_assert_cmpstr (error->message, ==,
                   "t(): field \"c\": cannot convert an integer (1) to a boolean");
}

static void
test_typed_string (void)
{
  g_autoptr(ScalyrMonitorConfig) config =
    make_config ("{\"a\": 12345678901234567, \"b\": [\"x\"], \"c\": {\"k\": 1.0}}",
                 "t()");
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;

  g_unsetenv ("SCALYR_MISSING");
  a = scalyr_monitor_config_dup_string (config, "a", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "12345678901234567");
  b = scalyr_monitor_config_dup_string (config, "b", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b, ==, "['x']");
  c = scalyr_monitor_config_dup_string (config, "c", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c, ==, "{'k': 1.0}");
  d = scalyr_monitor_config_dup_string (config, "missing", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (d);
  e = scalyr_monitor_config_dup_string (config, "missing", 0, "dflt", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (e, ==, "dflt");
}

static void
test_typed_containers (void)
{
  g_autoptr(ScalyrMonitorConfig) config =
    make_config ("{\"a\": [\"x\", \"y\"], \"o\": {\"k\": [1]}, \"s\": \"p, q\"}",
                 "t()");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) strv = NULL;
  g_auto(GStrv) strv2 = NULL;
  g_auto(GStrv) none = NULL;
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(JsonArray) array2 = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) no_object = NULL;
  JsonObject *entry;

  g_unsetenv ("SCALYR_MISSING");
  strv = scalyr_monitor_config_dup_strv (config, "a", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (strv, ((const char *[]) { "x", "y", NULL }));
  strv2 = scalyr_monitor_config_dup_strv (config, "s", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (strv2, ((const char *[]) { "p", "q", NULL }));
  none = scalyr_monitor_config_dup_strv (config, "missing", 0, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  array = scalyr_monitor_config_dup_array (config, "a", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  /* a copy: modifying it does not change the entry */
  json_array_add_int_element (array, 3);
  array2 = scalyr_monitor_config_dup_array (config, "a", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (array2), ==, 2);

  object = scalyr_monitor_config_dup_object (config, "o", 0, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (object, "k"));
  json_object_set_int_member (object, "new", 1);
  entry = scalyr_monitor_config_get_entry (config);
  g_assert_false (json_object_has_member (json_object_get_object_member (entry, "o"),
                                          "new"));

  no_object = scalyr_monitor_config_dup_object (config, "a", 0, &error);
  g_assert_null (no_object);
  g_assert_error (error, SCALYR_MONITOR_ERROR,
                  SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION);
  g_assert_cmpstr (error->message, ==, "t(): field \"a\": cannot convert an array "
                   "([\"x\", \"y\"]) to an object");
}

/* ------------------------------------------------------------------------
 * Environment (spec 2.3)
 * --------------------------------------------------------------------- */

static void
clear_env (const char *field)
{
  g_autofree char *upper = g_ascii_strup (field, -1);
  g_autofree char *lower = g_ascii_strdown (field, -1);
  g_autofree char *u = g_strconcat ("SCALYR_", upper, NULL);
  g_autofree char *l = g_strconcat ("scalyr_", lower, NULL);

  g_unsetenv (u);
  g_unsetenv (l);
}

static void
test_env_every_get (void)
{
  g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"module\": \"m\"}", "m()");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;

  clear_env ("sample_interval");
  g_setenv ("SCALYR_SAMPLE_INTERVAL", "3", TRUE);
  g_assert_false (scalyr_monitor_config_is_from_environment (config, "sample_interval"));
  g_assert_cmpfloat (scalyr_monitor_config_get_double (config, "sample_interval", 0,
                                                       30.0, -INFINITY, INFINITY,
                                                       &error), ==, 3.0);
  g_assert_no_error (error);
  g_assert_true (scalyr_monitor_config_is_from_environment (config, "sample_interval"));
  g_assert_false (scalyr_monitor_config_has_field (config, "sample_interval"));
  fields = scalyr_monitor_config_dup_environment_fields (config);
  g_assert_cmpstrv (fields, ((const char *[]) { "sample_interval", NULL }));
  clear_env ("sample_interval");
}

static void
test_env_case (void)
{
  g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "m()");

  clear_env ("foo");
  g_setenv ("scalyr_foo", "lower", TRUE);
  {
    g_autofree char *got = get_described (config, "foo", G_TYPE_NONE, 0,
                                          NULL, NULL, NULL);
    g_assert_cmpstr (got, ==, "str:lower");
  }
  g_setenv ("SCALYR_FOO", "upper", TRUE);
  {
    g_autofree char *got = get_described (config, "foo", G_TYPE_NONE, 0,
                                          NULL, NULL, NULL);
    g_assert_cmpstr (got, ==, "str:upper");
  }
  /* a mixed-case field name is upper-cased */
  g_setenv ("SCALYR_MIXED_CASE", "mc", TRUE);
  {
    g_autofree char *got = get_described (config, "Mixed_Case", G_TYPE_NONE, 0,
                                          NULL, NULL, NULL);
    g_assert_cmpstr (got, ==, "str:mc");
  }
  g_unsetenv ("SCALYR_MIXED_CASE");
  clear_env ("foo");
}

static void
test_env_precedence (void)
{
  g_auto(GValue) def = G_VALUE_INIT;

  v_int (&def, 9);
  clear_env ("foo");
  g_setenv ("SCALYR_FOO", "2", TRUE);

  /* the entry wins over the environment */
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"foo\": 1}", "m()");
    g_autofree char *got = get_described (config, "foo", G_TYPE_INT64, 0,
                                          &def, NULL, NULL);

    g_assert_cmpstr (got, ==, "int:1");
    g_assert_false (scalyr_monitor_config_is_from_environment (config, "foo"));
  }
  /* the environment wins over the default, also for required fields */
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "m()");
    g_autofree char *got = get_described (config, "foo", G_TYPE_INT64,
                                          SCALYR_CONFIG_REQUIRED, &def, NULL, NULL);

    g_assert_cmpstr (got, ==, "int:2");
    g_assert_true (scalyr_monitor_config_is_from_environment (config, "foo"));
  }
  /* a null entry value is none, so the environment is consulted */
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"foo\": null}", "m()");
    g_autofree char *got = get_described (config, "foo", G_TYPE_INT64, 0,
                                          &def, NULL, NULL);

    g_assert_cmpstr (got, ==, "int:2");
  }
  /* no conversion: the raw string */
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "m()");
    g_autofree char *got = get_described (config, "foo", G_TYPE_NONE, 0,
                                          &def, NULL, NULL);

    g_assert_cmpstr (got, ==, "str:2");
  }
  clear_env ("foo");
}

static void
test_env_errors (void)
{
  g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "m()");
  g_auto(GValue) max = G_VALUE_INIT;

  v_int (&max, 20);
  clear_env ("foo");

  g_setenv ("SCALYR_FOO", "abc", TRUE);
  {
    g_autofree char *got = get_described (config, "foo", G_TYPE_INT64, 0,
                                          NULL, NULL, NULL);

    g_assert_cmpstr (got, ==, "error:2:m(): environment variable SCALYR_FOO "
                     "(field \"foo\"): could not parse \"abc\" as an integer");
    g_assert_false (scalyr_monitor_config_is_from_environment (config, "foo"));
  }
  g_setenv ("SCALYR_FOO", "23", TRUE);
  {
    g_autofree char *got = get_described (config, "foo", G_TYPE_DOUBLE, 0,
                                          NULL, NULL, &max);

    g_assert_cmpstr (got, ==, "error:3:m(): environment variable SCALYR_FOO "
                     "(field \"foo\"): value 23.0 is above the maximum 20");
  }
  g_unsetenv ("SCALYR_FOO");
  g_setenv ("scalyr_foo", "[1", TRUE);
  {
    g_autofree char *detail = parser_message ("[1");
    g_autofree char *want = g_strdup_printf (
      "error:2:m(): environment variable scalyr_foo (field \"foo\"): could not "
      "parse \"[1\" as a JSON array: %s", detail);
    g_autofree char *got = get_described (config, "foo", JSON_TYPE_ARRAY, 0,
                                          NULL, NULL, NULL);

    g_assert_cmpstr (got, ==, want);
  }
  clear_env ("foo");
}

static void
test_env_conversions (void)
{
  g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "m()");
  static const struct {
    const char *env;
    GType type;
    const char *expected;
  } cases[] = {
    { "1,2,3", T_STRV, "strv:[1|2|3]" },
    { "", T_STRV, "strv:[]" },
    { "", G_TYPE_STRING, "str:" },
    { "True", G_TYPE_BOOLEAN, "bool:true" },
    { "16", G_TYPE_DOUBLE, "float:16.0" },
    { " 42 ", G_TYPE_INT64, "int:42" },
    { "{a: 1}", 0, "object:{\"a\":1}" },
    { "", 0, "object:{}" },
  };

  clear_env ("foo");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GType t = cases[i].type == 0 ? JSON_TYPE_OBJECT : real_type (cases[i].type);
      g_autofree char *got = NULL;

      g_setenv ("SCALYR_FOO", cases[i].env, TRUE);
      got = get_described (config, "foo", t, 0, NULL, NULL, NULL);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
  clear_env ("foo");
}

/* ------------------------------------------------------------------------
 * Declared options (spec 2.4) and env-aware options
 * --------------------------------------------------------------------- */

static GPtrArray *
options_new (ScalyrMonitorOption *first,
             ...)
{
  GPtrArray *options = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (ScalyrMonitorOption *o = first; o != NULL;
       o = va_arg (args, ScalyrMonitorOption *))
    g_ptr_array_add (options, o);
  va_end (args);
  return options;
}

static ScalyrMonitorOption *
option_required_int (const char *name)
{
  ScalyrMonitorOption *o = scalyr_monitor_option_new (name, G_TYPE_INT64, "d");

  scalyr_monitor_option_set_required (o, TRUE);
  return o;
}

/* spec 6 row 14 */
static void
test_options_required (void)
{
  g_autoptr(GPtrArray) options = options_new (option_required_int ("a"), NULL);
  g_autoptr(GError) error = NULL;

  clear_env ("a");
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"b\": 1}", "foo()");

    g_assert_false (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_MISSING_FIELD);
    g_assert_cmpstr (error->message, ==, "foo(): field \"a\" is required but "
                     "missing; add \"a\" to the monitor's configuration");
    g_clear_error (&error);
    /* without an error location it still fails */
    g_assert_false (scalyr_monitor_config_apply_options (config, options, NULL));
  }
  {
    g_autoptr(JsonObject) entry = parse_entry ("{\"a\": \"5\"}");
    g_autoptr(ScalyrMonitorConfig) config = scalyr_monitor_config_new (entry, "foo()");
    g_autofree char *got = NULL;
    JsonNode *stored;

    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_no_error (error);
    /* stored converted: a plain get is already the integer */
    got = get_described (config, "a", G_TYPE_NONE, 0, NULL, NULL, NULL);
    g_assert_cmpstr (got, ==, "int:5");
    stored = json_object_get_member (scalyr_monitor_config_get_entry (config), "a");
    g_assert_cmpint (json_node_get_value_type (stored), ==, G_TYPE_INT64);
    /* the caller's entry is not modified */
    g_assert_cmpstr (json_object_get_string_member (entry, "a"), ==, "5");
  }
  {
    /* a required option present with null: no error, stays null (quirk) */
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"a\": null}", "foo()");

    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_no_error (error);
    g_assert_true (json_object_get_null_member (scalyr_monitor_config_get_entry (config),
                                                "a"));
  }
}

/* spec 6 row 15 */
static void
test_options_default_and_range (void)
{
  g_autoptr(GPtrArray) options =
    options_new (option_required_int ("a"),
                 scalyr_monitor_option_new_int ("b", "d", 7, 5, 10),
                 NULL);
  g_autoptr(GPtrArray) with_c = NULL;
  g_autoptr(GError) error = NULL;

  clear_env ("a");
  clear_env ("b");
  clear_env ("c");
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"a\": 5}", "foo()");

    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (scalyr_monitor_config_get_entry (config),
                                                 "b"), ==, 7);
  }
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"a\": 5, \"b\": 1}", "foo()");

    g_assert_false (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
    g_assert_cmpstr (error->message, ==,
                     "foo(): field \"b\": value 1 is below the minimum 5");
    g_clear_error (&error);
  }
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"a\": 5, \"b\": 11}", "foo()");

    g_assert_false (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
    g_assert_cmpstr (error->message, ==,
                     "foo(): field \"b\": value 11 is above the maximum 10");
    g_clear_error (&error);
  }

  /* an absent option without default or environment stays absent */
  with_c = options_new (option_required_int ("a"),
                        scalyr_monitor_option_new ("c", G_TYPE_INT64, "d"),
                        NULL);
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"a\": 5}", "foo()");
    g_auto(GValue) min = G_VALUE_INIT;
    g_auto(GValue) max = G_VALUE_INIT;

    scalyr_monitor_option_set_range (g_ptr_array_index (with_c, 1),
                                     v_int (&min, 5), v_int (&max, 10));
    g_assert_true (scalyr_monitor_config_apply_options (config, with_c, &error));
    g_assert_no_error (error);
    g_assert_false (scalyr_monitor_config_has_field (config, "c"));
  }
}

static void
test_options_stored_converted (void)
{
  g_autoptr(ScalyrMonitorOption) strv_opt =
    scalyr_monitor_option_new ("list", G_TYPE_STRV, "d");
  g_autoptr(ScalyrMonitorOption) float_opt =
    scalyr_monitor_option_new_double ("f", "d", 30.0, -INFINITY, INFINITY);
  g_autoptr(ScalyrMonitorOption) str_opt =
    scalyr_monitor_option_new_string ("s", "d", NULL);
  g_autoptr(ScalyrMonitorOption) bool_opt =
    scalyr_monitor_option_new_boolean ("flag", "d", FALSE);
  g_autoptr(ScalyrMonitorOption) raw_opt =
    scalyr_monitor_option_new ("raw", G_TYPE_NONE, "d");
  g_autoptr(ScalyrMonitorOption) int_from_string =
    scalyr_monitor_option_new ("n", G_TYPE_INT64, "d");
  g_autoptr(GPtrArray) options = g_ptr_array_new ();
  g_autoptr(ScalyrMonitorConfig) config =
    make_config ("{\"list\": \"a, b\", \"f\": 2, \"s\": 1.5, \"flag\": \"TRUE\", "
                 "\"raw\": [1]}", "m()");
  g_autoptr(GError) error = NULL;
  g_auto(GValue) seven = G_VALUE_INIT;
  JsonObject *entry;
  JsonArray *list;

  g_ptr_array_add (options, strv_opt);
  g_ptr_array_add (options, float_opt);
  g_ptr_array_add (options, str_opt);
  g_ptr_array_add (options, bool_opt);
  g_ptr_array_add (options, raw_opt);
  g_ptr_array_add (options, int_from_string);
  scalyr_monitor_option_set_default_value (int_from_string, v_string (&seven, "7"));
  for (guint i = 0; i < options->len; i++)
    clear_env (scalyr_monitor_option_get_name (g_ptr_array_index (options, i)));

  g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
  g_assert_no_error (error);
  entry = scalyr_monitor_config_get_entry (config);

  list = json_object_get_array_member (entry, "list");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (list, 0), ==, "a");
  g_assert_cmpstr (json_array_get_string_element (list, 1), ==, "b");
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (entry, "f")),
                   ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_object_get_double_member (entry, "f"), ==, 2.0);
  g_assert_cmpstr (json_object_get_string_member (entry, "s"), ==, "1.5");
  g_assert_true (json_object_get_boolean_member (entry, "flag"));
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (entry, "raw"),
                                               0), ==, 1);
  g_assert_cmpint (json_object_get_int_member (entry, "n"), ==, 7);
  /* the stored array of strings reads back as one */
  {
    g_auto(GStrv) strv = scalyr_monitor_config_dup_strv (config, "list", 0, &error);

    g_assert_no_error (error);
    g_assert_cmpstrv (strv, ((const char *[]) { "a", "b", NULL }));
  }
}

static ScalyrMonitorOption *
env_aware_option (const char *name,
                  GType       type)
{
  ScalyrMonitorOption *o = scalyr_monitor_option_new (name, type, "d");

  scalyr_monitor_option_set_env_aware (o, TRUE);
  return o;
}

/* spec 6 row 16 */
static void
test_options_env_strv (void)
{
  g_autoptr(GPtrArray) options =
    options_new (env_aware_option ("foo", G_TYPE_STRV), NULL);
  g_autoptr(GError) error = NULL;

  clear_env ("foo");
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "foo_env()");
    g_auto(GStrv) strv = NULL;
    g_auto(GStrv) fields = NULL;

    g_setenv ("SCALYR_FOO", "1,2,3", TRUE);
    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_no_error (error);
    strv = scalyr_monitor_config_dup_strv (config, "foo", 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstrv (strv, ((const char *[]) { "1", "2", "3", NULL }));
    g_assert_true (scalyr_monitor_config_has_field (config, "foo"));
    g_assert_true (scalyr_monitor_config_is_from_environment (config, "foo"));
    fields = scalyr_monitor_config_dup_environment_fields (config);
    g_assert_cmpstrv (fields, ((const char *[]) { "foo", NULL }));
  }
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "foo_env()");
    g_auto(GStrv) strv = NULL;

    g_setenv ("SCALYR_FOO", "", TRUE);
    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_no_error (error);
    strv = scalyr_monitor_config_dup_strv (config, "foo", 0, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strv);
    g_assert_cmpuint (g_strv_length (strv), ==, 0);
  }
  {
    /* no environment: the option stays absent */
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "foo_env()");

    g_unsetenv ("SCALYR_FOO");
    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_false (scalyr_monitor_config_has_field (config, "foo"));
    g_assert_false (scalyr_monitor_config_is_from_environment (config, "foo"));
  }
  clear_env ("foo");
}

/* spec 6 row 17 */
static void
test_options_env_range (void)
{
  ScalyrMonitorOption *o = env_aware_option ("foo", G_TYPE_DOUBLE);
  g_autoptr(GPtrArray) options = options_new (o, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) min = G_VALUE_INIT;
  g_auto(GValue) max = G_VALUE_INIT;

  scalyr_monitor_option_set_range (o, v_int (&min, 10), v_int (&max, 20));
  clear_env ("foo");
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "foo_env()");

    g_setenv ("SCALYR_FOO", "16", TRUE);
    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (json_object_get_double_member (scalyr_monitor_config_get_entry (config),
                                                      "foo"), ==, 16.0);
  }
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "foo_env()");

    g_setenv ("SCALYR_FOO", "23", TRUE);
    g_assert_false (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
    g_assert_cmpstr (error->message, ==, "foo_env(): environment variable SCALYR_FOO "
                     "(field \"foo\"): value 23.0 is above the maximum 20");
    g_clear_error (&error);
  }
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "foo_env()");

    g_setenv ("SCALYR_FOO", "5", TRUE);
    g_assert_false (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
    g_assert_cmpstr (error->message, ==, "foo_env(): environment variable SCALYR_FOO "
                     "(field \"foo\"): value 5.0 is below the minimum 10");
    g_clear_error (&error);
  }
  clear_env ("foo");
}

static void
on_warning (ScalyrMonitorConfig *config,
            const char          *message,
            gpointer             user_data)
{
  GPtrArray *warnings = user_data;

  g_assert_true (SCALYR_IS_MONITOR_CONFIG (config));
  g_ptr_array_add (warnings, g_strdup (message));
}

static void
test_options_env_conflict (void)
{
  g_autoptr(GPtrArray) options =
    options_new (env_aware_option ("conflict_field", G_TYPE_INT64), NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  clear_env ("conflict_field");
  g_setenv ("SCALYR_CONFLICT_FIELD", "6", TRUE);
  {
    g_autoptr(ScalyrMonitorConfig) config =
      make_config ("{\"module\": \"scalyr_agent.builtin_monitors.test_monitor\", "
                   "\"conflict_field\": \"5\"}", "test_monitor(c1)");

    g_signal_connect (config, "warning", G_CALLBACK (on_warning), warnings);
    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_no_error (error);
    /* the entry wins */
    g_assert_cmpint (json_object_get_int_member (scalyr_monitor_config_get_entry (config),
                                                 "conflict_field"), ==, 5);
    g_assert_false (scalyr_monitor_config_is_from_environment (config, "conflict_field"));
    g_assert_cmpuint (warnings->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                     "Conflicting values detected between "
                     "scalyr_agent.builtin_monitors.test_monitor config file "
                     "parameter `conflict_field` and the environment variable "
                     "`SCALYR_CONFLICT_FIELD`. Ignoring environment variable.");
  }
  {
    /* the same monitor and field again: rate-limited (300 s) */
    g_autoptr(ScalyrMonitorConfig) config =
      make_config ("{\"conflict_field\": 5}", "test_monitor(c1)");

    g_signal_connect (config, "warning", G_CALLBACK (on_warning), warnings);
    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_cmpuint (warnings->len, ==, 1);
  }
  {
    /* another monitor: warned; without a module member, its name is used */
    g_autoptr(ScalyrMonitorConfig) config =
      make_config ("{\"conflict_field\": 5}", "test_monitor(c2)");

    g_signal_connect (config, "warning", G_CALLBACK (on_warning), warnings);
    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_cmpuint (warnings->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (warnings, 1), ==,
                     "Conflicting values detected between test_monitor(c2) config "
                     "file parameter `conflict_field` and the environment variable "
                     "`SCALYR_CONFLICT_FIELD`. Ignoring environment variable.");
  }
  {
    /* equal values (after conversion): no warning */
    g_autoptr(ScalyrMonitorConfig) config =
      make_config ("{\"conflict_field\": \"6\"}", "test_monitor(c3)");

    g_signal_connect (config, "warning", G_CALLBACK (on_warning), warnings);
    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_cmpuint (warnings->len, ==, 2);
  }
  {
    /* an env value that does not convert fails even though the entry
     * value is used */
    g_autoptr(ScalyrMonitorConfig) config =
      make_config ("{\"conflict_field\": 5}", "test_monitor(c4)");

    g_setenv ("SCALYR_CONFLICT_FIELD", "six", TRUE);
    g_signal_connect (config, "warning", G_CALLBACK (on_warning), warnings);
    g_assert_false (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PARSE);
    g_assert_cmpstr (error->message, ==,
                     "test_monitor(c4): environment variable SCALYR_CONFLICT_FIELD "
                     "(field \"conflict_field\"): could not parse \"six\" as an integer");
    g_assert_cmpuint (warnings->len, ==, 2);
  }
  clear_env ("conflict_field");
}

static void
test_options_not_env_aware (void)
{
  /* an option that is not env-aware does not consult the environment when
   * the entry has a value (spec 2.3) */
  g_autoptr(GPtrArray) options =
    options_new (scalyr_monitor_option_new_int ("plain", "d", 1,
                                                G_MININT64, G_MAXINT64), NULL);
  g_autoptr(ScalyrMonitorConfig) config = make_config ("{\"plain\": 3}", "m()");
  g_autoptr(GError) error = NULL;

  clear_env ("plain");
  g_setenv ("SCALYR_PLAIN", "not a number", TRUE);
  g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (scalyr_monitor_config_get_entry (config),
                                               "plain"), ==, 3);
  clear_env ("plain");
}

static void
test_options_env_name (void)
{
  ScalyrMonitorOption *o = scalyr_monitor_option_new ("foo", G_TYPE_STRING, "d");
  g_autoptr(GPtrArray) options = options_new (o, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GValue) def = G_VALUE_INIT;

  /* a custom env_name makes the option env-aware */
  scalyr_monitor_option_set_env_name (o, "non-std-env-name");
  scalyr_monitor_option_set_default_value (o, v_string (&def, "default value"));
  clear_env ("foo");
  g_unsetenv ("NON-STD-ENV-NAME");
  g_setenv ("non-std-env-name", "value in env", TRUE);
  {
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "m()");

    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (scalyr_monitor_config_get_entry (config),
                                                    "foo"), ==, "value in env");
  }
  g_unsetenv ("non-std-env-name");
  {
    /* SCALYR_FOO is not the option's variable */
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "m()");

    g_setenv ("SCALYR_FOO", "wrong", TRUE);
    g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
    g_assert_cmpstr (json_object_get_string_member (scalyr_monitor_config_get_entry (config),
                                                    "foo"), ==, "default value");
    g_unsetenv ("SCALYR_FOO");
  }
  {
    /* later gets of the field use the declared variable */
    ScalyrMonitorOption *bar = scalyr_monitor_option_new ("bar", G_TYPE_INT64, "d");
    g_autoptr(GPtrArray) bar_options = options_new (bar, NULL);
    g_autoptr(ScalyrMonitorConfig) config = make_config ("{}", "m()");

    scalyr_monitor_option_set_env_name (bar, "MY_BAR");
    clear_env ("bar");
    g_unsetenv ("MY_BAR");
    g_assert_true (scalyr_monitor_config_apply_options (config, bar_options, &error));
    g_assert_false (scalyr_monitor_config_has_field (config, "bar"));

    g_setenv ("SCALYR_BAR", "1", TRUE);
    g_setenv ("MY_BAR", "2", TRUE);
    g_assert_cmpint (scalyr_monitor_config_get_int (config, "bar", 0, 0, G_MININT64,
                                                    G_MAXINT64, &error), ==, 2);
    g_assert_no_error (error);
    g_assert_true (scalyr_monitor_config_is_from_environment (config, "bar"));
    /* a field without option still uses SCALYR_<FIELD> */
    g_setenv ("SCALYR_BAZ", "3", TRUE);
    g_assert_cmpint (scalyr_monitor_config_get_int (config, "baz", 0, 0, G_MININT64,
                                                    G_MAXINT64, &error), ==, 3);
    {
      g_auto(GStrv) fields = scalyr_monitor_config_dup_environment_fields (config);

      g_assert_cmpstrv (fields, ((const char *[]) { "bar", "baz", NULL }));
    }
    g_unsetenv ("SCALYR_BAR");
    g_unsetenv ("MY_BAR");
    g_unsetenv ("SCALYR_BAZ");
  }
}

static void
test_options_entry_copied (void)
{
  g_autoptr(JsonObject) entry = parse_entry ("{\"a\": \"5\", \"nested\": {\"x\": [1]}}");
  g_autoptr(ScalyrMonitorConfig) config = scalyr_monitor_config_new (entry, "m()");
  g_autoptr(JsonObject) from_prop = NULL;
  JsonObject *own = scalyr_monitor_config_get_entry (config);

  g_assert_true (own != entry);
  json_array_add_int_element (json_object_get_array_member (
    json_object_get_object_member (entry, "nested"), "x"), 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_object_get_object_member (own, "nested"), "x")), ==, 1);

  g_object_get (config, "entry", &from_prop, NULL);
  g_assert_true (from_prop == own);
}

/* ------------------------------------------------------------------------
 * Construction, properties
 * --------------------------------------------------------------------- */

static void
test_config_from_string (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScalyrMonitorConfig) config =
    scalyr_monitor_config_new_from_string ("{gauss_mean: 0.5, id: \"x\"}",
                                           "test_monitor(x)", &error);
  g_autoptr(ScalyrMonitorConfig) not_object = NULL;
  g_autoptr(ScalyrMonitorConfig) bad = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (config);
  g_assert_cmpstr (scalyr_monitor_config_get_monitor_name (config), ==,
                   "test_monitor(x)");
  g_assert_cmpfloat (scalyr_monitor_config_get_double (config, "gauss_mean", 0, 0,
                                                       0, 10, &error), ==, 0.5);
  g_assert_no_error (error);

  not_object = scalyr_monitor_config_new_from_string ("[1]", "t()", &error);
  g_assert_null (not_object);
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG);
  g_assert_cmpstr (error->message, ==,
                   "t(): the monitor configuration must be a JSON object, not an array");
  g_clear_error (&error);

  bad = scalyr_monitor_config_new_from_string ("{a: ", NULL, &error);
  g_assert_null (bad);
  g_assert_nonnull (error);
  g_assert_true (error->domain == SCALYR_JSON_ERROR);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  guint *count = user_data;

  (void) object;
  (void) pspec;
  (*count)++;
}

static void
test_config_properties (void)
{
  g_autoptr(ScalyrMonitorConfig) config = scalyr_monitor_config_new (NULL, NULL);
  g_autofree char *name = NULL;
  guint notified = 0;

  g_assert_nonnull (scalyr_monitor_config_get_entry (config));
  g_assert_cmpuint (json_object_get_size (scalyr_monitor_config_get_entry (config)),
                    ==, 0);
  g_assert_null (scalyr_monitor_config_get_monitor_name (config));

  g_signal_connect (config, "notify::monitor-name", G_CALLBACK (on_notify), &notified);
  scalyr_monitor_config_set_monitor_name (config, "a()");
  scalyr_monitor_config_set_monitor_name (config, "a()");
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (config, "monitor-name", &name, NULL);
  g_assert_cmpstr (name, ==, "a()");
  g_object_set (config, "monitor-name", NULL, NULL);
  g_assert_null (scalyr_monitor_config_get_monitor_name (config));
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_option_properties (void)
{
  g_autoptr(ScalyrMonitorOption) o =
    scalyr_monitor_option_new ("gauss_mean", G_TYPE_DOUBLE, "The mean");
  g_autoptr(ScalyrMonitorOption) i =
    scalyr_monitor_option_new_int ("i", NULL, 3, G_MININT64, 9);
  g_autoptr(ScalyrMonitorOption) d =
    scalyr_monitor_option_new_double ("d", NULL, 0.5, 0, INFINITY);
  g_autoptr(ScalyrMonitorOption) s = scalyr_monitor_option_new_string ("s", NULL, NULL);
  g_autoptr(ScalyrMonitorOption) b = scalyr_monitor_option_new_boolean ("b", NULL, TRUE);
  g_autofree char *env = NULL;
  g_autofree char *env2 = NULL;
  g_autofree char *prop_name = NULL;
  GType prop_type = G_TYPE_INVALID;
  guint notified = 0;

  g_assert_cmpstr (scalyr_monitor_option_get_name (o), ==, "gauss_mean");
  g_assert_cmpstr (scalyr_monitor_option_get_description (o), ==, "The mean");
  g_assert_true (scalyr_monitor_option_get_value_type (o) == G_TYPE_DOUBLE);
  g_assert_false (scalyr_monitor_option_get_required (o));
  g_assert_null (scalyr_monitor_option_get_default_value (o));
  g_assert_null (scalyr_monitor_option_get_min_value (o));
  g_assert_null (scalyr_monitor_option_get_max_value (o));
  g_assert_null (scalyr_monitor_option_get_env_name (o));
  g_assert_false (scalyr_monitor_option_get_env_aware (o));
  g_assert_null (scalyr_monitor_option_dup_effective_env_name (o));

  g_object_get (o, "name", &prop_name, "value-type", &prop_type, NULL);
  g_assert_cmpstr (prop_name, ==, "gauss_mean");
  g_assert_true (prop_type == G_TYPE_DOUBLE);

  g_signal_connect (o, "notify", G_CALLBACK (on_notify), &notified);
  scalyr_monitor_option_set_required (o, TRUE);
  scalyr_monitor_option_set_required (o, TRUE);
  g_assert_true (scalyr_monitor_option_get_required (o));
  scalyr_monitor_option_set_env_aware (o, TRUE);
  g_assert_cmpuint (notified, ==, 2);
  env = scalyr_monitor_option_dup_effective_env_name (o);
  g_assert_cmpstr (env, ==, "SCALYR_GAUSS_MEAN");
  scalyr_monitor_option_set_env_name (o, "MY_MEAN");
  g_assert_cmpuint (notified, ==, 3);
  env2 = scalyr_monitor_option_dup_effective_env_name (o);
  g_assert_cmpstr (env2, ==, "MY_MEAN");
  scalyr_monitor_option_set_env_aware (o, FALSE);
  g_clear_pointer (&env2, g_free);
  env2 = scalyr_monitor_option_dup_effective_env_name (o);
  g_assert_cmpstr (env2, ==, "MY_MEAN");
  scalyr_monitor_option_set_env_name (o, NULL);
  g_assert_null (scalyr_monitor_option_dup_effective_env_name (o));

  g_assert_true (scalyr_monitor_option_get_value_type (i) == G_TYPE_INT64);
  g_assert_cmpint (g_value_get_int64 (scalyr_monitor_option_get_default_value (i)), ==, 3);
  g_assert_null (scalyr_monitor_option_get_min_value (i));
  g_assert_cmpint (g_value_get_int64 (scalyr_monitor_option_get_max_value (i)), ==, 9);

  g_assert_cmpfloat (g_value_get_double (scalyr_monitor_option_get_default_value (d)), ==, 0.5);
  g_assert_cmpfloat (g_value_get_double (scalyr_monitor_option_get_min_value (d)), ==, 0);
  g_assert_null (scalyr_monitor_option_get_max_value (d));

  g_assert_true (scalyr_monitor_option_get_value_type (s) == G_TYPE_STRING);
  g_assert_null (scalyr_monitor_option_get_default_value (s));
  g_assert_true (g_value_get_boolean (scalyr_monitor_option_get_default_value (b)));

  scalyr_monitor_option_set_range (i, NULL, NULL);
  g_assert_null (scalyr_monitor_option_get_max_value (i));
  scalyr_monitor_option_set_default_value (i, NULL);
  g_assert_null (scalyr_monitor_option_get_default_value (i));
}

static void
on_warning_collect (ScalyrMonitorConfig *config,
                    const char          *message,
                    gpointer             user_data)
{
  (void) config;
  g_ptr_array_add (user_data, g_strdup (message));
}

/* a misspelled field of a monitor that declares options: a warning naming
 * the declared field, not an error */
static void
test_options_did_you_mean (void)
{
  g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ScalyrMonitorConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (options, scalyr_monitor_option_new_double ("gauss_mean", NULL, 0.5, 0, 10));
  config = scalyr_monitor_config_new_from_string ("{ gauss_maen: 3, sampel_interval: 2, other_thing: 1 }",
                                                  "random_coin()", &error);
  g_assert_no_error (error);
  g_signal_connect (config, "warning", G_CALLBACK (on_warning_collect), warnings);
  g_assert_true (scalyr_monitor_config_apply_options (config, options, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "random_coin(): field \"gauss_maen\" is not an option of this monitor and is ignored "
                   "unless the monitor reads it; did you mean \"gauss_mean\"?");
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 1), "did you mean \"sample_interval\"?"));
}

static void
test_suggest_name (void)
{
  g_autoptr(GPtrArray) common = scalyr_config_dup_monitor_common_options ();
  g_autofree char *a = scalyr_config_suggest_name ("log_rotation_max_byte", common);
  g_autofree char *b = scalyr_config_suggest_name ("unrelated", common);

  g_assert_cmpstr (a, ==, "log_rotation_max_bytes");
  g_assert_null (b);
}

/* the one engine, two rule sets: booleans */
static void
test_engine_rules (void)
{
  g_autoptr(ScalyrMonitorOption) flag = scalyr_monitor_option_new_boolean ("flag", NULL, FALSE);
  g_autoptr(ScalyrMonitorOption) level = scalyr_monitor_option_new_int ("debug_level", NULL, 0, 0, 5);
  g_autoptr(ScalyrMonitorOption) kind = scalyr_monitor_option_new_string ("compression_type", NULL, "deflate");
  g_autoptr(ScalyrMonitorOption) rate = scalyr_monitor_option_new_string ("rate", NULL, "unlimited");
  static const char * const kinds[] = { "deflate", "none", NULL };
  g_autoptr(JsonNode) yes = json_node_init_string (json_node_alloc (), "yes");
  g_autoptr(JsonNode) two = json_node_init_int (json_node_alloc (), 2);
  g_autoptr(JsonNode) six = json_node_init_int (json_node_alloc (), 6);
  g_autoptr(JsonNode) zip = json_node_init_string (json_node_alloc (), "zip");
  g_autoptr(JsonNode) bits = json_node_init_string (json_node_alloc (), "2Mb/s");
  g_autoptr(JsonNode) a = NULL, b = NULL, c = NULL;
  g_autoptr(GError) error = NULL;
  double bps = 0;

  a = scalyr_config_convert_node (flag, yes, SCALYR_CONFIG_RULES_AGENT, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_get_boolean (a));
  b = scalyr_config_convert_node (flag, yes, SCALYR_CONFIG_RULES_MONITOR, &error);
  g_assert_no_error (error);
  g_assert_false (json_node_get_boolean (b));   /* the reference: only "true" is true */
  g_assert_null (scalyr_config_convert_node (flag, two, SCALYR_CONFIG_RULES_AGENT, &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION);
  g_assert_cmpstr (error->message, ==, "expected a boolean (true or false), got 2");
  g_clear_error (&error);
  g_assert_null (scalyr_config_convert_node (flag, two, SCALYR_CONFIG_RULES_MONITOR, &error));
  g_assert_cmpstr (error->message, ==, "cannot convert an integer (2) to a boolean");
  g_clear_error (&error);

  g_assert_null (scalyr_config_convert_node (level, six, SCALYR_CONFIG_RULES_AGENT, &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==, "value 6 is out of range: the debug level must be between 0 and 5 inclusive");
  g_clear_error (&error);
  g_assert_null (scalyr_config_convert_node (level, six, SCALYR_CONFIG_RULES_MONITOR, &error));
  g_assert_cmpstr (error->message, ==, "value 6 is above the maximum 5");
  g_clear_error (&error);

  scalyr_monitor_option_set_allowed_values (kind, kinds);
  g_assert_null (scalyr_config_convert_node (kind, zip, SCALYR_CONFIG_RULES_AGENT, &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG);
  g_assert_cmpstr (error->message, ==, "invalid value \"zip\"; valid values are: deflate, none");
  g_clear_error (&error);

  scalyr_monitor_option_set_format (rate, SCALYR_OPTION_FORMAT_DATA_RATE);
  g_assert_null (scalyr_config_convert_node (rate, bits, SCALYR_CONFIG_RULES_AGENT, &error));
  g_assert_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_BAD_CONFIG);
  g_assert_nonnull (strstr (error->message, "could not parse data rate string '2Mb/s'"));
  g_clear_error (&error);
  g_assert_true (scalyr_config_parse_rate ("2MB/s", &bps, &error));
  g_assert_cmpfloat (bps, ==, 2000000);

  c = scalyr_config_convert_string (level, "3", SCALYR_CONFIG_RULES_AGENT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (c), ==, 3);
}

static void
test_describe_option (void)
{
  g_autoptr(ScalyrMonitorOption) o = scalyr_monitor_option_new_double ("gauss_mean", "The mean.", 0.5, 0, 10);
  g_autoptr(ScalyrMonitorOption) s = scalyr_monitor_option_new_string ("kind", NULL, "a");
  static const char * const kinds[] = { "a", "b", NULL };
  g_autofree char *d1 = NULL, *d2 = NULL;

  d1 = scalyr_config_describe_option (o);
  g_assert_cmpstr (d1, ==, "gauss_mean (float, default 0.5, min 0, max 10, environment variable SCALYR_GAUSS_MEAN)");
  scalyr_monitor_option_set_allowed_values (s, kinds);
  scalyr_monitor_option_set_env_name (s, "KIND");
  d2 = scalyr_config_describe_option (s);
  g_assert_cmpstr (d2, ==, "kind (string, default \"a\", one of a, b, environment variable KIND)");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (convert_cell_free);

  g_test_init (&argc, &argv, NULL);

  add_convert_cells (cells, "string", string_cases, G_N_ELEMENTS (string_cases));
  add_convert_cells (cells, "int", int_cases, G_N_ELEMENTS (int_cases));
  add_convert_cells (cells, "float", float_cases, G_N_ELEMENTS (float_cases));
  add_convert_cells (cells, "bool", bool_cases, G_N_ELEMENTS (bool_cases));
  add_convert_cells (cells, "array", array_cases, G_N_ELEMENTS (array_cases));
  add_convert_cells (cells, "object", object_cases, G_N_ELEMENTS (object_cases));
  g_test_add_func ("/monitor-config/convert/string-bad-json", test_convert_string_bad_json);
  g_test_add_func ("/monitor-config/convert/from-strv-default", test_convert_from_strv_default);
  g_test_add_func ("/monitor-config/convert/no-monitor-name", test_convert_no_monitor_name);
  g_test_add_func ("/monitor-config/convert/invalid-utf8", test_convert_invalid_utf8_in_entry);
  g_test_add_func ("/monitor-config/get/spec-rows", test_get_spec_rows);
  g_test_add_func ("/monitor-config/get/monitor-name-example", test_get_monitor_name_example);
  g_test_add_func ("/monitor-config/get/min-value", test_get_min_value);
  g_test_add_func ("/monitor-config/get/max-value", test_get_max_value);
  g_test_add_func ("/monitor-config/get/bound-types", test_get_bound_types);
  g_test_add_func ("/monitor-config/get/default", test_get_default);
  g_test_add_func ("/monitor-config/get/null-quirk", test_get_null_quirk);
  g_test_add_func ("/monitor-config/get/raw-types", test_get_raw_types);
  g_test_add_func ("/monitor-config/typed/int", test_typed_int);
  g_test_add_func ("/monitor-config/typed/double", test_typed_double);
  g_test_add_func ("/monitor-config/typed/boolean", test_typed_boolean);
  g_test_add_func ("/monitor-config/typed/string", test_typed_string);
  g_test_add_func ("/monitor-config/typed/containers", test_typed_containers);
  g_test_add_func ("/monitor-config/env/every-get", test_env_every_get);
  g_test_add_func ("/monitor-config/env/case", test_env_case);
  g_test_add_func ("/monitor-config/env/precedence", test_env_precedence);
  g_test_add_func ("/monitor-config/env/errors", test_env_errors);
  g_test_add_func ("/monitor-config/env/conversions", test_env_conversions);
  g_test_add_func ("/monitor-config/options/required", test_options_required);
  g_test_add_func ("/monitor-config/options/default-and-range", test_options_default_and_range);
  g_test_add_func ("/monitor-config/options/stored-converted", test_options_stored_converted);
  g_test_add_func ("/monitor-config/options/env-strv", test_options_env_strv);
  g_test_add_func ("/monitor-config/options/env-range", test_options_env_range);
  g_test_add_func ("/monitor-config/options/env-conflict", test_options_env_conflict);
  g_test_add_func ("/monitor-config/options/not-env-aware", test_options_not_env_aware);
  g_test_add_func ("/monitor-config/options/env-name", test_options_env_name);
  g_test_add_func ("/monitor-config/options/entry-copied", test_options_entry_copied);
  g_test_add_func ("/monitor-config/construct/from-string", test_config_from_string);
  g_test_add_func ("/monitor-config/construct/properties", test_config_properties);
  g_test_add_func ("/monitor-config/option/properties", test_option_properties);
  g_test_add_func ("/monitor-config/options/did-you-mean", test_options_did_you_mean);
  g_test_add_func ("/monitor-config/schema/suggest-name", test_suggest_name);
  g_test_add_func ("/monitor-config/engine/rules", test_engine_rules);
  g_test_add_func ("/monitor-config/schema/describe-option", test_describe_option);

  return g_test_run ();
}
