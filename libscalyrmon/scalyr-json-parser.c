/* scalyr-json-parser.c: the agent's relaxed JSON dialect
 * SPDX-License-Identifier: Apache-2.0
 *
 * A re-implementation of scalyr_agent/json_lib/parser.py. The order of the
 * scanning steps follows the reference closely, because the error positions
 * it reports depend on how much input has been consumed when an error is
 * found ("the character just consumed", the opening quote of a string, the
 * opening bracket of a container, ...).
 *
 * Positions are character (code point) indexes, as in the reference, which
 * works on Python text strings. The input is validated as UTF-8 up front, so
 * the scanner can step over characters with g_utf8_next_char(); all the
 * syntax characters are ASCII, so peeking at one byte is enough to dispatch.
 */
#include "config.h"

#include <string.h>

#include "scalyr-json-parser.h"
#include "scalyr-json-parser-private.h"
#include "scalyr-i18n-private.h"

G_DEFINE_QUARK (scalyr-json-error-quark, scalyr_json_error)

/**
 * scalyr_json_parse:
 * @text: the document, in UTF-8
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @error_line: (out) (optional): return location for the 1-based line of
 *   the error, or 0 on success
 * @error_column: (out) (optional): return location for the 1-based column,
 *   in characters, of the error within its line, or 0 on success
 * @error: return location for a #GError
 *
 * Parses a document written in the relaxed JSON dialect of the Scalyr agent's
 * configuration files. On top of standard JSON, the dialect accepts:
 *
 * - comments: `//` to the end of the line, and C block comments;
 * - object member names without quotes, made of `[A-Za-z_][A-Za-z0-9_]*`;
 * - a missing comma between two members or elements, but only when nothing
 *   but spaces and tabs separates the next one from a preceding line break
 *   (a comment is not a line break);
 * - a trailing comma before `}` or `]`;
 * - string concatenation: `"a" + "b"` is `"ab"`;
 * - triple-quoted strings, `"""..."""`, which may span lines and hold
 *   single quotes (backslash escapes are still processed);
 * - numbers with leading zeros, `1.` and a lone `-` (which is 0).
 *
 * A member whose value is `null` is dropped from its object (and removes a
 * previous member of the same name); `null` stays in arrays. When a name is
 * repeated in an object, the last value wins.
 *
 * Integers become #gint64 values. Unlike the reference agent, which keeps
 * integers of any size, an integer that does not fit in a #gint64 is stored
 * as the nearest double. Numbers with a `.`, `e` or `E` become doubles;
 * ones that overflow a double are rejected. A `\uXXXX` escape must have four
 * hexadecimal digits; surrogate pairs are combined, and unpaired surrogates
 * and `\u0000` are rejected. Nesting deeper than 512 objects and arrays is
 * rejected.
 *
 * On failure, the error message is the reference agent's followed by
 * ` (line L, byte position P)`, where L is the 1-based line (CR, LF and CRLF
 * each end a line) and P the 0-based index of the offending character in
 * the whole text, counted in characters despite its name. The error is
 * %SCALYR_JSON_ERROR_EMPTY when the text holds no value (only whitespace
 * and comments), %SCALYR_JSON_ERROR_INVALID_UTF8 when it is not valid UTF-8,
 * and %SCALYR_JSON_ERROR_SYNTAX otherwise (a NUL byte in the text is a
 * syntax error).
 *
 * Returns: (transfer full) (nullable): the parsed value, or %NULL with
 *   @error set
 *
 * Since: 0.1
 */
JsonNode *
scalyr_json_parse (const char *text,
                   gssize      length,
                   guint      *error_line,
                   guint      *error_column,
                   GError    **error)
{
  return scalyr_json_parse_with_warnings (text, length, error_line, error_column, NULL, error);
}

/**
 * scalyr_json_parse_with_warnings:
 * @text: the document, in UTF-8
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @error_line: (out) (optional): return location for the 1-based line of
 *   the error, or 0 on success
 * @error_column: (out) (optional): return location for the 1-based column,
 *   in characters, of the error within its line, or 0 on success
 * @warnings: (out) (optional) (transfer full) (array zero-terminated=1):
 *   return location for the warnings, one a string, each starting with
 *   `LINE:COL: `; an empty array when there is none
 * @error: return location for a #GError
 *
 * Parses @text like scalyr_json_parse() and also reports what is valid
 * but probably a mistake: a name given twice in one object (`LINE:COL:
 * duplicate key "NAME" in one object (first at LINE:COL); ...`, at the
 * second occurrence; the last value is used, as scalyr_json_parse() does).
 *
 * Returns: (transfer full) (nullable): the parsed value, or %NULL with
 *   @error set (then @warnings is set too)
 *
 * Since: 0.2
 */
JsonNode *
scalyr_json_parse_with_warnings (const char   *text,
                                 gssize        length,
                                 guint        *error_line,
                                 guint        *error_column,
                                 char       ***warnings,
                                 GError      **error)
{
  Parser parser = { 0 };
  const char *invalid;
  g_autoptr(JsonNode) node = NULL;
  int c;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (text);

  parser.text = parser.p = text;
  parser.end = text + length;
  parser.scratch = g_string_new (NULL);
  if (warnings != NULL)
    parser.warnings = g_ptr_array_new_with_free_func (g_free);

  if (error_line != NULL)
    *error_line = 0;
  if (error_column != NULL)
    *error_column = 0;

  if (!g_utf8_validate_len (text, (gsize) length, &invalid))
    {
      gsize pos = (gsize) g_utf8_strlen (text, invalid - text);

      if (*invalid == '\0')
        scalyr_json_parser_set_error (&parser, SCALYR_JSON_ERROR_SYNTAX, pos,
                          _("Unexpected NUL character"));
      else
        scalyr_json_parser_set_error (&parser, SCALYR_JSON_ERROR_INVALID_UTF8, pos,
                          _("Invalid UTF-8 in input"));
    }
  else
    {
      node = scalyr_json_parse_value (&parser);
      if (node != NULL)
        {
          c = scalyr_json_skip_whitespace (&parser);
          if (c != END_OF_INPUT && c != SCAN_ERROR)
            scalyr_json_parser_error_at (&parser, parser.pos,
                             _("Expecting end of the parsed document but got "
                               "character '%.*s' instead."),
                             char_length (parser.p), parser.p);
          else if (c == END_OF_INPUT && parser.has_unsupported)
            scalyr_json_parser_error_at (&parser, parser.unsupported_pos,
                             parser.unsupported_cp == 0
                               ? _("Unsupported unicode escape [\\u%.4s] "
                                   "(NUL character)")
                               : _("Unpaired surrogate in unicode escape "
                                   "[\\u%.4s]"),
                             parser.unsupported_digits);
        }
    }

  g_string_free (parser.scratch, TRUE);
  if (warnings != NULL)
    {
      g_ptr_array_add (parser.warnings, NULL);
      *warnings = (char **) g_ptr_array_free (parser.warnings, FALSE);
    }

  if (parser.error != NULL)
    {
      if (error_line != NULL)
        *error_line = parser.error_line;
      if (error_column != NULL)
        *error_column = parser.error_column;
      g_propagate_error (error, parser.error);
      return NULL;
    }

  g_assert (node != NULL);
  return g_steal_pointer (&node);
}

static const char *
describe_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    default:
      return _("a number");
    }
}

/**
 * scalyr_json_parse_object:
 * @text: the document, in UTF-8
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @error: return location for a #GError
 *
 * Parses @text like scalyr_json_parse(), and requires the document to be an
 * object, as a monitor configuration given on a command line is, e.g.
 * `{ gauss_mean: 8.5 }`. If the document is valid but not an object, the
 * error is %SCALYR_JSON_ERROR_SYNTAX with the message
 * `Expected a JSON object but got an array` (or `a string`, `a number`,
 * `a boolean`, `null`).
 *
 * Returns: (transfer full) (nullable): the parsed object, or %NULL with
 *   @error set
 *
 * Since: 0.1
 */
JsonObject *
scalyr_json_parse_object (const char *text,
                          gssize      length,
                          GError    **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = scalyr_json_parse (text, length, NULL, NULL, error);
  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, SCALYR_JSON_ERROR, SCALYR_JSON_ERROR_SYNTAX,
                   _("Expected a JSON object but got %s"), describe_node (node));
      return NULL;
    }

  return json_node_dup_object (node);
}
