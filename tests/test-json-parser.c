/* test-json-parser.c: tests of the relaxed JSON parser
 * SPDX-License-Identifier: Apache-2.0
 *
 * The expected messages and positions of the reject table were checked
 * against the reference parser (scalyr_agent/json_lib/parser.py); the rows
 * marked "we:" are cases where the reference crashes or accepts something
 * this parser deliberately rejects.
 */
#include <string.h>

#include "scalyr-error.h"
#include "scalyr-json-parser.h"

/* ---------------------------------------------------------------------- */
/* Strict structural comparison: types (integer vs double), values, member
 * names and member order must all match. */

static gboolean
json_equal (JsonNode *a,
            JsonNode *b)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a);
        JsonArray *y = json_node_get_array (b);
        guint n = json_array_get_length (x);

        if (n != json_array_get_length (y))
          return FALSE;
        for (guint i = 0; i < n; i++)
          if (!json_equal (json_array_get_element (x, i),
                           json_array_get_element (y, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a);
        JsonObject *y = json_node_get_object (b);
        g_autoptr(GList) mx = json_object_get_members (x);
        g_autoptr(GList) my = json_object_get_members (y);
        GList *l, *m;

        for (l = mx, m = my; l != NULL && m != NULL; l = l->next, m = m->next)
          {
            if (strcmp (l->data, m->data) != 0)
              return FALSE;
            if (!json_equal (json_object_get_member (x, l->data),
                             json_object_get_member (y, m->data)))
              return FALSE;
          }
        return l == NULL && m == NULL;
      }

    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      switch (json_node_get_value_type (a))
        {
        case G_TYPE_INT64:
          return json_node_get_int (a) == json_node_get_int (b);
        case G_TYPE_DOUBLE:
          return json_node_get_double (a) == json_node_get_double (b);
        case G_TYPE_BOOLEAN:
          return json_node_get_boolean (a) == json_node_get_boolean (b);
        case G_TYPE_STRING:
          return g_strcmp0 (json_node_get_string (a),
                            json_node_get_string (b)) == 0;
        default:
          return FALSE;
        }
    }
}

static void
assert_json (JsonNode   *actual,
             const char *expected_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) expected = json_from_string (expected_json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (expected);
  g_assert_nonnull (actual);

  if (!json_equal (actual, expected))
    {
      g_autofree char *a = json_to_string (actual, FALSE);
      g_autofree char *e = json_to_string (expected, FALSE);

      g_test_message ("got %s, expected %s", a, e);
      g_test_fail ();
    }
  else
    {
      /* the serializations agree too (catches int/double mix-ups twice) */
      g_autofree char *a = json_to_string (actual, FALSE);
      g_autofree char *e = json_to_string (expected, FALSE);

      g_assert_cmpstr (a, ==, e);
    }
}

/* ---------------------------------------------------------------------- */
/* Accepted inputs */

typedef struct
{
  const char *name;
  const char *input;
  const char *expected;  /* standard JSON, parsed with json-glib */
} AcceptCase;

static const AcceptCase accept_cases[] = {
  /* agent-config.md §5 table */
  { "unquoted-keys", "{ a: 5, b:3, c:true}", "{\"a\":5,\"b\":3,\"c\":true}" },
  { "comma-inferred", "{ a: 1\n b: 2 }", "{\"a\":1,\"b\":2}" },
  { "array-comma-inferred", "[1, 2\n 3]", "[1,2,3]" },
  { "trailing-commas", "{ a: [1, 2,], }", "{\"a\":[1,2]}" },
  { "line-comment", "{a:1 // c\n b:2}", "{\"a\":1,\"b\":2}" },
  { "trailing-comment", "{a:1} // tail", "{\"a\":1}" },
  { "string-concatenation", "\"Hi there\" \n + \" Bye there\"",
    "\"Hi there Bye there\"" },
  { "triple-quoted", "\"\"\"Howdy\n\"folks\"!\"\"\"",
    "\"Howdy\\n\\\"folks\\\"!\"" },
  /* the reference keeps the exact integer; a gint64 cannot */
  { "big-integer", "{ a: 12345678901234567890 }",
    "{\"a\":1.2345678901234567e+19}" },
  { "duplicate-key-last-wins", "{\"a\":1, \"a\":2}", "{\"a\":2}" },

  /* numbers */
  { "leading-zeros", "01", "1" },
  { "lone-minus", "-", "0" },
  { "lone-minus-in-object", "{a: -}", "{\"a\":0}" },
  { "negative-integer", "-42", "-42" },
  { "double-minus", "--5", "-5" },
  { "minus-plus", "-+5", "-5" },
  { "minus-dot", "-.5", "-0.5" },
  { "float-trailing-dot", "1.", "1.0" },
  { "float-exponent", "1.5e3", "1500.0" },
  { "float-exponent-signs", "[1E-2, 1e+2, 1.e5]", "[0.01,100.0,100000.0]" },
  { "float-zero", "0.0", "0.0" },
  { "integer-18-digits", "123456789012345678", "123456789012345678" },
  { "integer-19-digits", "1234567890123456789", "1234567890123456789" },
  { "int64-max", "9223372036854775807", "9223372036854775807" },
  { "int64-min", "-9223372036854775808", "-9223372036854775808" },
  { "int64-max-plus-one", "9223372036854775808", "9223372036854775808.0" },
  { "int64-min-minus-one", "-9223372036854775809", "-9223372036854775809.0" },
  { "uint64-overflow", "18446744073709551616", "18446744073709551616.0" },
  { "integer-many-leading-zeros", "000000000000000000000000042", "42" },
  { "integer-100-digits",
    "-1111111111111111111111111111111111111111111111111111111111111111111111"
    "111111111111111111111111111111",
    "-1.1111111111111111e+99" },

  /* keywords and null */
  { "true", "true", "true" },
  { "false", "false", "false" },
  { "null-root", "null", "null" },
  { "null-member-dropped", "{a:null, b:1}", "{\"b\":1}" },
  { "null-removes-earlier-member", "{a:1, a:null}", "{}" },
  { "null-then-reinsert", "{a:1, b:2, a:null, a:3}", "{\"b\":2,\"a\":3}" },
  { "null-in-array-kept", "[null, 1, null]", "[null,1,null]" },
  { "duplicate-key-keeps-position", "{a:1, b:2, a:3}", "{\"a\":3,\"b\":2}" },

  /* keys */
  { "identifier-keys", "{_a1: 1, B_2: 2, _: 3}", "{\"_a1\":1,\"B_2\":2,\"_\":3}" },
  { "identifier-key-newline-before-colon", "{a\n: 1}", "{\"a\":1}" },
  { "quoted-key-escapes", "{\"a b\\\"\": 1}", "{\"a b\\\"\":1}" },
  { "empty-key", "{\"\": 1}", "{\"\":1}" },
  { "utf8-key-and-value", "{\"é\": \"😀\"}", "{\"é\":\"😀\"}" },

  /* containers and separators */
  { "empty-object", "{}", "{}" },
  { "empty-array", "[]", "[]" },
  { "empty-containers-spaced", "{ /* c */ }", "{}" },
  { "array-trailing-comma", "[1,2,]", "[1,2]" },
  { "nested", "{a:{b:[1,{c:[]}]}, d:[[],[[]]]}",
    "{\"a\":{\"b\":[1,{\"c\":[]}]},\"d\":[[],[[]]]}" },
  { "crlf-comma-inferred", "{a:1\r\n b:2}", "{\"a\":1,\"b\":2}" },
  { "cr-comma-inferred", "[1\r2]", "[1,2]" },
  { "tabs-around-line-break", "[1 \t\n\t 2]", "[1,2]" },
  { "comment-before-line-break", "[1 /* a */\n 2]", "[1,2]" },
  { "comment-only-lines", "// one\n/* two */\r\n  [1]  // three", "[1]" },
  { "comment-crlf", "[1, // c\r\n2]", "[1,2]" },
  { "empty-block-comment", "/**/1", "1" },
  { "whitespace-everywhere", " \t\r\n{ \"a\" \t:\r\n [ 1 , 2 ] \n} \r\n",
    "{\"a\":[1,2]}" },

  /* strings */
  { "escapes", "\"\\t\\n\\r\\b\\f\\\"\\\\\\/\"",
    "\"\\t\\n\\r\\b\\f\\\"\\\\/\"" },
  { "unicode-escape", "\"\\u00e9\\u20AC\\u0041\"", "\"é€A\"" },
  { "surrogate-pair", "\"\\uD83D\\uDE00\"", "\"😀\"" },
  { "surrogate-pair-lowercase", "\"x\\ud83d\\ude00y\"", "\"x😀y\"" },
  { "utf8-raw", "\"日本語 😀\"", "\"日本語 😀\"" },
  { "empty-string", "\"\"", "\"\"" },
  { "triple-empty", "\"\"\"\"\"\"", "\"\"" },
  { "triple-escapes", "\"\"\"a\\tb\\\"\"\"\"", "\"a\\tb\\\"\"" },
  { "triple-crlf", "\"\"\"a\r\nb\"\"\"", "\"a\\r\\nb\"" },
  { "triple-two-quotes", "\"\"\"a\"\"b\"\"\"", "\"a\\\"\\\"b\"" },
  { "concatenation-three", "\"a\" + \"b\" /* c */ + \"c\"", "\"abc\"" },
  { "concatenation-in-object", "{a:\"x\" + \"y\", b: 1}",
    "{\"a\":\"xy\",\"b\":1}" },
  { "concatenation-escapes", "\"\\u00e9\" +\n\"\\n\"", "\"é\\n\"" },
};

static void
test_accept (gconstpointer data)
{
  const AcceptCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint line = 99, column = 99;

  node = scalyr_json_parse (c->input, -1, &line, &column, &error);
  g_assert_no_error (error);
  assert_json (node, c->expected);
  g_assert_cmpuint (line, ==, 0);
  g_assert_cmpuint (column, ==, 0);
}

/* ---------------------------------------------------------------------- */
/* Rejected inputs */

typedef struct
{
  const char *name;
  const char *input;
  gssize      length;    /* -1: nul-terminated */
  int         code;
  const char *message;   /* complete, with the position suffix */
  guint       line;
  guint       column;
} RejectCase;

#define SYNTAX SCALYR_JSON_ERROR_SYNTAX
#define EMPTY SCALYR_JSON_ERROR_EMPTY
#define BAD_UTF8 SCALYR_JSON_ERROR_INVALID_UTF8

static const RejectCase reject_cases[] = {
  /* agent-config.md §5 table */
  { "missing-comma", "{ a: 1 b: 2 }", -1, SYNTAX,
    "After object field, expected ',' or '}' but found 'b'... are you "
    "missing a comma? (line 1, byte position 6)", 1, 7 },
  { "comment-is-not-line-break", "{a:1 /*c*/ b:2}", -1, SYNTAX,
    "After object field, expected ',' or '}' but found 'b'... are you "
    "missing a comma? (line 1, byte position 10)", 1, 11 },
  { "array-missing-comma", "[ 1, 2 3]", -1, SYNTAX,
    "Unexpected character [3] in array... are you missing a comma? "
    "(line 1, byte position 6)", 1, 7 },
  { "missing-colon", "{ a 5}", -1, SYNTAX,
    "Expected ':' delimiting object attribute value "
    "(line 1, byte position 4)", 1, 5 },
  { "unterminated-object", "{ a: 5", -1, SYNTAX,
    "Need '}' for end of object (line 1, byte position 0)", 1, 1 },
  { "end-after-comma", "[ 1, 2,", -1, SYNTAX,
    "Unexpected end-of-text (line 1, byte position 6)", 1, 7 },
  { "blank", "   ", -1, EMPTY, "Empty input (line 1, byte position 2)", 1, 3 },
  { "dash-in-key", "{ my-key: 1 }", -1, SYNTAX,
    "To use character '-' in an attribute name, you must place the "
    "attribute name in double-quotes (line 1, byte position 3)", 1, 4 },
  { "numeric-key", "{ 1: 2 }", -1, SYNTAX,
    "Expected string literal for object attribute name (got '1') "
    "(line 1, byte position 1)", 1, 2 },
  { "comma-key", "{,}", -1, SYNTAX,
    "Expected string literal for object attribute name (got ',') "
    "(line 1, byte position 0)", 1, 1 },
  { "bracket-key", "{a:1, ]}", -1, SYNTAX,
    "Expected string literal for object attribute name (got ']') "
    "(line 1, byte position 5)", 1, 6 },
  { "double-comma", "[1,,2]", -1, SYNTAX,
    "Unexpected character ',' (line 1, byte position 2)", 1, 3 },
  { "bad-escape", "{ a: \"x\\qy\" }", -1, SYNTAX,
    "Unexpected backslash escape [q] (line 1, byte position 8)", 1, 9 },
  { "line-break-in-string", "{ a: \"line\nbreak\" }", -1, SYNTAX,
    "string literal not terminated before end of line "
    "(line 1, byte position 5)", 1, 6 },
  { "concatenation-non-string", "\"abc\" + def", -1, SYNTAX,
    "Expected string literal after + operator (line 1, byte position 7)",
    1, 8 },
  { "unknown-identifier-tru", "tru", -1, SYNTAX,
    "unknown identifier (line 1, byte position 0)", 1, 1 },
  { "unknown-identifier-nil", "nil", -1, SYNTAX,
    "unknown identifier (line 1, byte position 0)", 1, 1 },
  { "unterminated-comment", "/* open", -1, SYNTAX,
    "Unterminated comment (line 1, byte position 0)", 1, 1 },
  { "lone-slash", "/ x", -1, SYNTAX,
    "Unexpected character '/ ' (line 1, byte position 1)", 1, 2 },
  { "close-brace", "}", -1, SYNTAX,
    "'}' can only be used to end an object (line 1, byte position 0)", 1, 1 },
  { "trailing-comma-after-document", "{a:1},", -1, SYNTAX,
    "Expecting end of the parsed document but got character ',' instead. "
    "(line 1, byte position 5)", 1, 6 },
  { "extra-close-brace", "{a:1}}", -1, SYNTAX,
    "Expecting end of the parsed document but got character '}' instead. "
    "(line 1, byte position 5)", 1, 6 },
  { "bad-float", "{a: 1..2}", -1, SYNTAX,
    "Could not parse number as float '1..2' (line 1, byte position 7)", 1, 8 },
  { "bad-long", "{a: 1-2}", -1, SYNTAX,
    "Could not parse number as long '1-2' (line 1, byte position 6)", 1, 7 },
  { "leading-plus", "+1", -1, SYNTAX,
    "Unexpected character '+' (line 1, byte position 0)", 1, 1 },
  { "leading-dot", ".5", -1, SYNTAX,
    "Unexpected character '.' (line 1, byte position 0)", 1, 1 },
  { "nan", "NaN", -1, SYNTAX,
    "Unexpected character 'N' (line 1, byte position 0)", 1, 1 },
  { "hex-number", "0x10", -1, SYNTAX,
    "Expecting end of the parsed document but got character 'x' instead. "
    "(line 1, byte position 1)", 1, 2 },
  { "single-quotes", "'a'", -1, SYNTAX,
    "Unexpected character ''' (line 1, byte position 0)", 1, 1 },

  /* the other messages of §5 */
  { "array-unterminated", "[1", -1, SYNTAX,
    "Array has no terminating '[' (line 1, byte position 0)", 1, 1 },
  { "string-unterminated", "\"abc", -1, SYNTAX,
    "string literal not terminated (line 1, byte position 0)", 1, 1 },
  { "triple-unterminated", "\"\"\"abc", -1, SYNTAX,
    "string literal not terminated (line 1, byte position 2)", 1, 3 },
  { "four-quotes", "\"\"\"\"", -1, SYNTAX,
    "string literal not terminated (line 1, byte position 2)", 1, 3 },
  { "incomplete-backslash", "\"abc\\", -1, SYNTAX,
    "incomplete backslash sequence (line 1, byte position 0)", 1, 1 },
  { "triple-incomplete-backslash", "\"\"\"abc\\", -1, SYNTAX,
    "incomplete backslash sequence (line 1, byte position 2)", 1, 3 },
  { "number-too-long",
    "1111111111111111111111111111111111111111111111111111111111111111111111"
    "1111111111111111111111111111111", -1, SYNTAX,
    "numeric literal too long (limit 100 characters) "
    "(line 1, byte position 99)", 1, 100 },
  { "backtick", "`abc", -1, SYNTAX,
    "Json_lib parser does not support length prefixed strings any more. "
    "(line 1, byte position 0)", 1, 1 },

  /* more positions */
  { "empty-array-open", "[", -1, SYNTAX,
    "Unexpected end-of-text (line 1, byte position 0)", 1, 1 },
  { "end-after-colon", "{a:", -1, SYNTAX,
    "Unexpected end-of-text (line 1, byte position 2)", 1, 3 },
  { "key-at-end", "{ oops", -1, SYNTAX,
    "Need '}' for end of object (line 1, byte position 0)", 1, 1 },
  { "array-leading-comma", "[,]", -1, SYNTAX,
    "Unexpected character ',' (line 1, byte position 0)", 1, 1 },
  { "string-missing-comma", "{\"a\":\"x\" \"b\":1}", -1, SYNTAX,
    "After object field, expected ',' or '}' but found '\"'... are you "
    "missing a comma? (line 1, byte position 8)", 1, 9 },
  { "keyword-prefix", "[truex]", -1, SYNTAX,
    "Unexpected character [x] in array... are you missing a comma? "
    "(line 1, byte position 4)", 1, 5 },
  { "triple-not-concatenated", "\"a\" + \"\"\"b\"\"\"", -1, SYNTAX,
    "Expecting end of the parsed document but got character '\"' instead. "
    "(line 1, byte position 8)", 1, 9 },
  { "backtick-in-array", "[1 ` 2]", -1, SYNTAX,
    "Unexpected character [`] in array... are you missing a comma? "
    "(line 1, byte position 2)", 1, 3 },
  { "only-slash", "/", -1, SYNTAX,
    "Unexpected character '/' (line 1, byte position 0)", 1, 1 },
  { "float-no-digits", "-e5", -1, SYNTAX,
    "Could not parse number as float 'e5' (line 1, byte position 2)", 1, 3 },
  { "float-no-exponent-digits", "1e", -1, SYNTAX,
    "Could not parse number as float '1e' (line 1, byte position 1)", 1, 2 },
  { "long-trailing-minus", "5-", -1, SYNTAX,
    "Could not parse number as long '5-' (line 1, byte position 1)", 1, 2 },
  { "short-unicode-escape", "\"\\u12\"", -1, SYNTAX,
    "Unexpected backslash escape [u] (line 1, byte position 2)", 1, 3 },
  { "escaped-line-break", "\"a\\\nb\"", -1, SYNTAX,
    "Unexpected backslash escape [\n] (line 1, byte position 3)", 1, 4 },
  { "comment-between-line-break-and-key", "{a:1\n/*x*/ b:2}", -1, SYNTAX,
    "After object field, expected ',' or '}' but found 'b'... are you "
    "missing a comma? (line 2, byte position 10)", 2, 6 },
  { "comment-between-line-break-and-element", "[1\n/*a*/ 2]", -1, SYNTAX,
    "Unexpected character [2] in array... are you missing a comma? "
    "(line 2, byte position 8)", 2, 6 },
  { "control-character-value", "\t{a:\001}", -1, SYNTAX,
    "Unexpected character '\001' (line 1, byte position 3)", 1, 4 },

  /* line counting: CR, LF and CRLF each end one line */
  { "crlf-lines", "[1,\r\n2,\r\n3 4]", -1, SYNTAX,
    "Unexpected character [4] in array... are you missing a comma? "
    "(line 3, byte position 10)", 3, 2 },
  { "cr-lines", "{a:1\r b:2 c}", -1, SYNTAX,
    "After object field, expected ',' or '}' but found 'c'... are you "
    "missing a comma? (line 2, byte position 9)", 2, 5 },
  { "lf-lines", "\n\n\n  x", -1, SYNTAX,
    "Unexpected character 'x' (line 4, byte position 4)", 4, 2 },
  { "crlf-blank-lines", "\r\n\r\n  x", -1, SYNTAX,
    "Unexpected character 'x' (line 3, byte position 5)", 3, 2 },
  { "mixed-line-breaks", "[\n1,\r2,\r\n3,\n\r4 5]", -1, SYNTAX,
    "Unexpected character [5] in array... are you missing a comma? "
    "(line 6, byte position 14)", 6, 2 },
  /* the position is the LF of a CRLF: its CR already ended line 2 */
  { "error-at-crlf", "// c\r\n// d\r\n}", -1, SYNTAX,
    "'}' can only be used to end an object (line 3, byte position 11)",
    3, 1 },

  /* positions are counted in characters, not bytes */
  { "utf8-position", "{\"éé\": 1 2}", -1, SYNTAX,
    "After object field, expected ',' or '}' but found '2'... are you "
    "missing a comma? (line 1, byte position 8)", 1, 9 },
  { "utf8-position-line-2", "{\n \"日本\": 1 2}", -1, SYNTAX,
    "After object field, expected ',' or '}' but found '2'... are you "
    "missing a comma? (line 2, byte position 10)", 2, 9 },
  { "utf8-emoji-position", "[\"😀😀\" x]", -1, SYNTAX,
    "Unexpected character [x] in array... are you missing a comma? "
    "(line 1, byte position 5)", 1, 6 },
  { "utf8-unexpected-character", "[1, é]", -1, SYNTAX,
    "Unexpected character 'é' (line 1, byte position 3)", 1, 4 },
  { "utf8-key-character", "{ aé: 1 }", -1, SYNTAX,
    "To use character 'é' in an attribute name, you must place the "
    "attribute name in double-quotes (line 1, byte position 2)", 1, 3 },
  { "utf8-bad-escape-position", "\"日本\\x\"", -1, SYNTAX,
    "Unexpected backslash escape [x] (line 1, byte position 4)", 1, 5 },
  { "utf8-trailing-character", "1 😀", -1, SYNTAX,
    "Expecting end of the parsed document but got character '😀' instead. "
    "(line 1, byte position 2)", 1, 3 },

  /* we: the reference fails with an internal IndexError on these */
  { "empty", "", -1, EMPTY, "Empty input (line 1, byte position 0)", 1, 1 },
  { "truncated-object-key", "{ oops ", -1, SYNTAX,
    "Need '}' for end of object (line 1, byte position 0)", 1, 1 },
  { "truncated-object-quoted-key", "{ \"a\" ", -1, SYNTAX,
    "Need '}' for end of object (line 1, byte position 0)", 1, 1 },
  { "truncated-nested-object", "[{ \"a\"", -1, SYNTAX,
    "Need '}' for end of object (line 1, byte position 1)", 1, 2 },
  { "only-comment", "// nothing", -1, EMPTY,
    "Empty input (line 1, byte position 9)", 1, 10 },

  /* we: the reference accepts these, or crashes on them */
  { "invalid-unicode-escape", "\"\\uZZZZ\"", -1, SYNTAX,
    "Invalid unicode escape [\\uZZZZ] (line 1, byte position 2)", 1, 3 },
  { "unicode-escape-with-space", "\"\\u 1f \"", -1, SYNTAX,
    "Invalid unicode escape [\\u 1f ] (line 1, byte position 2)", 1, 3 },
  { "lone-high-surrogate", "\"\\uD83D\"", -1, SYNTAX,
    "Unpaired surrogate in unicode escape [\\uD83D] "
    "(line 1, byte position 2)", 1, 3 },
  { "lone-low-surrogate", "[\"ab\\uDE00\"]", -1, SYNTAX,
    "Unpaired surrogate in unicode escape [\\uDE00] "
    "(line 1, byte position 5)", 1, 6 },
  { "reversed-surrogates", "\"\\uDE00\\uD83D\"", -1, SYNTAX,
    "Unpaired surrogate in unicode escape [\\uDE00] "
    "(line 1, byte position 2)", 1, 3 },
  { "nul-escape", "{a: \"x\\u0000\"}", -1, SYNTAX,
    "Unsupported unicode escape [\\u0000] (NUL character) "
    "(line 1, byte position 7)", 1, 8 },
  /* errors the reference reports come before a surrogate's */
  { "surrogate-then-bad-escape", "\"\\uD83D\\ uDE00\"", -1, SYNTAX,
    "Unexpected backslash escape [ ] (line 1, byte position 8)", 1, 9 },
  { "surrogate-then-syntax-error", "[\"\\uD83D\" 1]", -1, SYNTAX,
    "Unexpected character [1] in array... are you missing a comma? "
    "(line 1, byte position 9)", 1, 10 },
  { "float-overflow", "{a: 1e400}", -1, SYNTAX,
    "Could not parse number as float '1e400' (out of range) "
    "(line 1, byte position 8)", 1, 9 },
  { "negative-float-overflow", "-1.5e309", -1, SYNTAX,
    "Could not parse number as float '1.5e309' (out of range) "
    "(line 1, byte position 7)", 1, 8 },

  /* encoding */
  { "invalid-utf8", "{\"a\": \"\xff\"}", -1, BAD_UTF8,
    "Invalid UTF-8 in input (line 1, byte position 7)", 1, 8 },
  { "invalid-utf8-line-2", "{\n\"é\": \"ok\",\n\"b\": \"\xc3\x28\"}", -1, BAD_UTF8,
    "Invalid UTF-8 in input (line 3, byte position 19)", 3, 7 },
  { "truncated-utf8", "\"\xe2\x82", -1, BAD_UTF8,
    "Invalid UTF-8 in input (line 1, byte position 1)", 1, 2 },
  { "overlong-utf8", "\"\xc0\xaf\"", -1, BAD_UTF8,
    "Invalid UTF-8 in input (line 1, byte position 1)", 1, 2 },
  { "utf8-encoded-surrogate", "\"\xed\xa0\x80\"", -1, BAD_UTF8,
    "Invalid UTF-8 in input (line 1, byte position 1)", 1, 2 },
  { "invalid-utf8-in-comment", "1 // \xfe", -1, BAD_UTF8,
    "Invalid UTF-8 in input (line 1, byte position 5)", 1, 6 },
  { "nul-byte", "[1,\0 2]", 7, SYNTAX,
    "Unexpected NUL character (line 1, byte position 3)", 1, 4 },
  { "bom", "\xef\xbb\xbf{}", -1, SYNTAX,
    "Unexpected character '\xef\xbb\xbf' (line 1, byte position 0)", 1, 1 },
  { "nbsp", "{a:\xc2\xa0" "1}", -1, SYNTAX,
    "Unexpected character '\xc2\xa0' (line 1, byte position 2)", 1, 3 },
};

static void
test_reject (gconstpointer data)
{
  const RejectCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint line = 0, column = 0;

  node = scalyr_json_parse (c->input, c->length, &line, &column, &error);
  g_assert_null (node);
  g_assert_error (error, SCALYR_JSON_ERROR, c->code);
  g_assert_cmpstr (error->message, ==, c->message);
  g_assert_cmpuint (line, ==, c->line);
  g_assert_cmpuint (column, ==, c->column);
}

/* ---------------------------------------------------------------------- */
/* API details */

static void
test_optional_out_params (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = scalyr_json_parse ("{ a: 1 b: 2 }", -1, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_SYNTAX);

  node = scalyr_json_parse ("[1]", -1, NULL, NULL, NULL);
  g_assert_nonnull (node);
  g_clear_pointer (&node, json_node_unref);

  node = scalyr_json_parse ("[1", -1, NULL, NULL, NULL);
  g_assert_null (node);
}

static void
test_explicit_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint line, column;

  /* only the first @length bytes are read */
  node = scalyr_json_parse ("{a:1} garbage", 5, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_json (node, "{\"a\":1}");
  g_clear_pointer (&node, json_node_unref);

  node = scalyr_json_parse ("[1, 2]", 4, &line, &column, &error);
  g_assert_null (node);
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==,
                   "Unexpected end-of-text (line 1, byte position 3)");
  g_clear_error (&error);

  node = scalyr_json_parse ("1234", 0, &line, &column, &error);
  g_assert_null (node);
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_EMPTY);
  g_clear_error (&error);

  /* a multi-byte character cut by @length is invalid UTF-8 */
  node = scalyr_json_parse ("\"é\"", 2, &line, &column, &error);
  g_assert_null (node);
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_INVALID_UTF8);
}

static void
test_number_limit (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* 100 characters are fine, including signs and exponents */
  g_string_append (text, "{x: -1.");
  for (int i = 0; i < 95; i++)
    g_string_append_c (text, '0');
  g_string_append (text, "e+2}");
  node = scalyr_json_parse (text->str, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_json (node, "{\"x\":-100.0}");
  g_clear_pointer (&node, json_node_unref);

  /* one more is not */
  g_string_insert_c (text, 8, '0');
  node = scalyr_json_parse (text->str, -1, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==,
                   "numeric literal too long (limit 100 characters) "
                   "(line 1, byte position 104)");
}

static char *
nested (int depth, gboolean objects)
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < depth; i++)
    g_string_append (text, objects ? "{a:" : "[");
  g_string_append (text, "1");
  for (int i = 0; i < depth; i++)
    g_string_append_c (text, objects ? '}' : ']');
  return g_string_free (text, FALSE);
}

static void
test_depth_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *ok_arrays = nested (512, FALSE);
  g_autofree char *ok_objects = nested (512, TRUE);
  g_autofree char *deep_arrays = nested (513, FALSE);
  g_autofree char *deep_objects = nested (513, TRUE);
  guint line, column;

  node = scalyr_json_parse (ok_arrays, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_clear_pointer (&node, json_node_unref);

  node = scalyr_json_parse (ok_objects, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_clear_pointer (&node, json_node_unref);

  node = scalyr_json_parse (deep_arrays, -1, &line, &column, &error);
  g_assert_null (node);
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==,
                   "Too many nested objects and arrays (limit 512 levels) "
                   "(line 1, byte position 512)");
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (column, ==, 513);
  g_clear_error (&error);

  node = scalyr_json_parse (deep_objects, -1, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==,
                   "Too many nested objects and arrays (limit 512 levels) "
                   "(line 1, byte position 1536)");
}

static void
test_very_deep_input (void)
{
  /* far deeper than any stack would allow without the limit */
  const gsize n = 1000000;
  g_autofree char *text = g_malloc (n + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  memset (text, '[', n);
  text[n] = '\0';
  node = scalyr_json_parse (text, -1, NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_SYNTAX);
}

static void
test_large_document (void)
{
  g_autoptr(GString) text = g_string_new ("{\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  for (int i = 0; i < 20000; i++)
    g_string_append_printf (text,
                            "  key_%d: [%d, \"v%d\", { x: %d.5 }] // c\n",
                            i, i, i, i);
  g_string_append (text, "}\n");

  node = scalyr_json_parse (text->str, (gssize) text->len, NULL, NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (object), ==, 20000);
  g_assert_cmpint (json_array_get_int_element (
                     json_object_get_array_member (object, "key_19999"), 0),
                   ==, 19999);
}

static void
test_parse_object (void)
{
  static const struct
  {
    const char *input;
    const char *what;
  } not_objects[] = {
    { "[1]", "an array" },
    { "\"x\"", "a string" },
    { "5", "a number" },
    { "2.5", "a number" },
    { "true", "a boolean" },
    { "null", "null" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  object = scalyr_json_parse_object ("{ gauss_mean: 8.5 }", -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_cmpfloat (json_object_get_double_member (object, "gauss_mean"),
                     ==, 8.5);
  g_clear_pointer (&object, json_object_unref);

  for (gsize i = 0; i < G_N_ELEMENTS (not_objects); i++)
    {
      g_autofree char *expected =
        g_strdup_printf ("Expected a JSON object but got %s",
                         not_objects[i].what);

      object = scalyr_json_parse_object (not_objects[i].input, -1, &error);
      g_assert_null (object);
      g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_SYNTAX);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
    }

  /* parse errors are passed on unchanged */
  object = scalyr_json_parse_object ("{ a 5}", -1, &error);
  g_assert_null (object);
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==,
                   "Expected ':' delimiting object attribute value "
                   "(line 1, byte position 4)");
  g_clear_error (&error);

  object = scalyr_json_parse_object ("  ", -1, &error);
  g_assert_null (object);
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_EMPTY);
  g_clear_error (&error);

  object = scalyr_json_parse_object ("{a: {b: [1]}} // c", -1, NULL);
  g_assert_nonnull (object);
  g_assert_true (json_object_has_member (
                   json_object_get_object_member (object, "a"), "b"));
}

static void
test_big_integer_is_double (void)
{
  g_autoptr(JsonNode) node =
    scalyr_json_parse ("12345678901234567890", -1, NULL, NULL, NULL);

  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_node_get_double (node), ==, 12345678901234567890.0);
}

/* a name given twice in one object: the last value is used, and
 * scalyr_json_parse_with_warnings() reports both positions */
static void
test_duplicate_keys (void)
{
  g_auto(GStrv) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = scalyr_json_parse_with_warnings ("{ a: 1,\n  b: { a: 1, a: 2 },\n  \"a\": 3 }", -1,
                                                               NULL, NULL, &warnings, &error);

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "a"), ==, 3);
  g_assert_cmpuint (g_strv_length (warnings), ==, 2);
  g_assert_cmpstr (warnings[0], ==, "2:14: duplicate key \"a\" in one object (first at 2:8); the last value is "
                                    "used, remove one of them");
  g_assert_cmpstr (warnings[1], ==, "3:3: duplicate key \"a\" in one object (first at 1:3); the last value is "
                                    "used, remove one of them");
  g_clear_pointer (&warnings, g_strfreev);
  g_clear_pointer (&node, json_node_unref);

  /* none: an empty array; a syntax error: still set */
  node = scalyr_json_parse_with_warnings ("{ a: 1 }", -1, NULL, NULL, &warnings, &error);
  g_assert_nonnull (node);
  g_assert_cmpuint (g_strv_length (warnings), ==, 0);
  g_clear_pointer (&warnings, g_strfreev);
  g_assert_null (scalyr_json_parse_with_warnings ("{ a: 1, a: 2, ", -1, NULL, NULL, &warnings, &error));
  g_assert_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_SYNTAX);
  g_assert_cmpuint (g_strv_length (warnings), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (accept_cases); i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/json-parser/accept/%s", accept_cases[i].name);

      g_test_add_data_func (path, &accept_cases[i], test_accept);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (reject_cases); i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/json-parser/reject/%s", reject_cases[i].name);

      g_test_add_data_func (path, &reject_cases[i], test_reject);
    }

  g_test_add_func ("/json-parser/api/optional-out-params",
                   test_optional_out_params);
  g_test_add_func ("/json-parser/api/explicit-length", test_explicit_length);
  g_test_add_func ("/json-parser/api/parse-object", test_parse_object);
  g_test_add_func ("/json-parser/numbers/length-limit", test_number_limit);
  g_test_add_func ("/json-parser/numbers/big-integer-is-double",
                   test_big_integer_is_double);
  g_test_add_func ("/json-parser/nesting/limit", test_depth_limit);
  g_test_add_func ("/json-parser/nesting/very-deep-input",
                   test_very_deep_input);
  g_test_add_func ("/json-parser/large-document", test_large_document);
  g_test_add_func ("/json-parser/duplicate-keys", test_duplicate_keys);

  return g_test_run ();
}
