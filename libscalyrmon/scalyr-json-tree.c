/* scalyr-json-tree.c: the relaxed JSON parser's tree builder: values,
 * objects and arrays
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-json-parser.h"
#include "scalyr-json-parser-private.h"
#include "scalyr-i18n-private.h"

static gboolean
enter_container (Parser *parser)
{
  if (parser->depth >= MAX_DEPTH)
    {
      scalyr_json_parser_error_at (parser, parser->pos,
                       _("Too many nested objects and arrays (limit %d levels)"),
                       MAX_DEPTH);
      return FALSE;
    }
  parser->depth++;
  return TRUE;
}

/* Parses an object; the parser is at its '{'. */
/* Notes a name given twice in one object, with both positions (the last
 * value wins, as in the reference, but it is probably a mistake). */
static void
record_duplicate (Parser     *parser,
                  GHashTable *key_positions,
                  const char *name,
                  gsize       pos)
{
  gpointer first = g_hash_table_lookup (key_positions, name);
  guint line, column, first_line, first_column;

  if (first == NULL)
    {
      g_hash_table_insert (key_positions, g_strdup (name), GSIZE_TO_POINTER (pos + 1));
      return;
    }
  scalyr_json_parser_locate (parser, GPOINTER_TO_SIZE (first) - 1, &first_line, &first_column);
  scalyr_json_parser_locate (parser, pos, &line, &column);
  g_ptr_array_add (parser->warnings,
                   g_strdup_printf (_("%u:%u: duplicate key \"%s\" in one object (first at %u:%u); the last "
                                      "value is used, remove one of them"), line, column, name, first_line,
                                    first_column));
}

static JsonNode *
parse_object (Parser *parser)
{
  gsize object_start = parser->pos;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GString) key = NULL;
  g_autoptr(GHashTable) key_positions = NULL;   /* name -> first position + 1 */

  if (!enter_container (parser))
    return NULL;
  parser->p++;
  parser->pos++;

  object = json_object_new ();
  key = g_string_new (NULL);
  if (parser->warnings != NULL)
    key_positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (;;)
    {
      JsonNode *value;
      const char *delimiter;
      gsize key_pos;
      int c = scalyr_json_skip_whitespace (parser);

      if (c == SCAN_ERROR)
        return NULL;
      if (c == END_OF_INPUT)
        {
          scalyr_json_parser_error_at (parser, object_start, _("Need '}' for end of object"));
          return NULL;
        }

      g_string_truncate (key, 0);
      key_pos = parser->pos;
      if (c == '"')
        {
          if (!scalyr_json_parse_string_into (parser, key))
            return NULL;
        }
      else if (c == '_' || g_ascii_isalpha (c))
        {
          const char *start = parser->p;

          while (parser->p < parser->end &&
                 (*parser->p == '_' || g_ascii_isalnum (*parser->p)))
            {
              parser->p++;
              parser->pos++;
            }
          g_string_append_len (key, start, parser->p - start);

          c = peek (parser);
          if (c == END_OF_INPUT)
            {
              scalyr_json_parser_error_at (parser, object_start,
                               _("Need '}' for end of object"));
              return NULL;
            }
          if (c > ' ' && c != ':')
            {
              scalyr_json_parser_error (parser,
                            _("To use character '%.*s' in an attribute name, "
                              "you must place the attribute name in "
                              "double-quotes"),
                            char_length (parser->p), parser->p);
              return NULL;
            }
        }
      else if (c == '}')
        {
          JsonNode *node = json_node_alloc ();

          advance (parser);
          parser->depth--;
          json_node_init_object (node, object);
          return node;
        }
      else
        {
          scalyr_json_parser_error (parser,
                        _("Expected string literal for object attribute name "
                          "(got '%.*s')"),
                        char_length (parser->p), parser->p);
          return NULL;
        }

      c = scalyr_json_skip_whitespace (parser);
      if (c == SCAN_ERROR)
        return NULL;
      if (c == END_OF_INPUT)
        {
          /* the reference fails with an internal IndexError here */
          scalyr_json_parser_error_at (parser, object_start, _("Need '}' for end of object"));
          return NULL;
        }
      delimiter = parser->p;
      advance (parser);
      if (*delimiter != ':')
        {
          scalyr_json_parser_error (parser,
                        _("Expected ':' delimiting object attribute value"));
          return NULL;
        }

      if (scalyr_json_skip_whitespace (parser) == SCAN_ERROR)
        return NULL;

      value = scalyr_json_parse_value (parser);
      if (value == NULL)
        return NULL;
      if (key_positions != NULL)
        record_duplicate (parser, key_positions, key->str, key_pos);

      /* null removes the member, as JsonObject.put(key, None) does */
      if (JSON_NODE_HOLDS_NULL (value))
        {
          if (json_object_has_member (object, key->str))
            json_object_remove_member (object, key->str);
          json_node_unref (value);
        }
      else
        json_object_set_member (object, key->str, value);

      c = scalyr_json_skip_whitespace (parser);
      if (c == SCAN_ERROR)
        return NULL;
      if (c == END_OF_INPUT)
        {
          scalyr_json_parser_error_at (parser, object_start, _("Need '}' for end of object"));
          return NULL;
        }
      if (c == '}')
        continue;
      if (c == ',')
        {
          advance (parser);
          continue;
        }
      if (scalyr_json_preceding_line_break (parser))
        continue;

      scalyr_json_parser_error (parser,
                    _("After object field, expected ',' or '}' but found "
                      "'%.*s'... are you missing a comma?"),
                    char_length (parser->p), parser->p);
      return NULL;
    }
}

/* Parses an array; the parser is at its '['. */
static JsonNode *
parse_array (Parser *parser)
{
  gsize array_start = parser->pos;
  g_autoptr(JsonArray) array = NULL;

  if (!enter_container (parser))
    return NULL;
  parser->p++;
  parser->pos++;

  array = json_array_new ();

  for (;;)
    {
      JsonNode *value;
      int c = scalyr_json_skip_whitespace (parser);

      if (c == SCAN_ERROR)
        return NULL;
      if (c == ']')
        {
          JsonNode *node = json_node_alloc ();

          advance (parser);
          parser->depth--;
          json_node_init_array (node, array);
          return node;
        }

      value = scalyr_json_parse_value (parser);
      if (value == NULL)
        return NULL;
      json_array_add_element (array, value);

      c = scalyr_json_skip_whitespace (parser);
      if (c == SCAN_ERROR)
        return NULL;
      if (c == END_OF_INPUT)
        {
          scalyr_json_parser_error_at (parser, array_start,
                           _("Array has no terminating '['"));
          return NULL;
        }
      if (c == ']')
        continue;
      if (c == ',')
        {
          advance (parser);
          continue;
        }
      if (scalyr_json_preceding_line_break (parser))
        continue;

      scalyr_json_parser_error (parser,
                    _("Unexpected character [%.*s] in array... are you "
                      "missing a comma?"),
                    char_length (parser->p), parser->p);
      return NULL;
    }
}

JsonNode *
scalyr_json_parse_value (Parser *parser)
{
  gsize start_pos = parser->pos;
  int c = scalyr_json_skip_whitespace (parser);
  JsonNode *node;

  switch (c)
    {
    case SCAN_ERROR:
      return NULL;

    case END_OF_INPUT:
      /* only the document itself starts at position 0 */
      if (start_pos == 0)
        scalyr_json_parser_empty_error (parser);
      else
        scalyr_json_parser_error (parser, _("Unexpected end-of-text"));
      return NULL;

    case '{':
      return parse_object (parser);

    case '[':
      return parse_array (parser);

    case '"':
      if (scalyr_json_is_triple_quote (parser, parser->p))
        return scalyr_json_parse_triple_quoted_string (parser);
      return scalyr_json_parse_string_with_concatenation (parser);

    case 't':
      if (!scalyr_json_match_keyword (parser, "true"))
        return NULL;
      node = json_node_alloc ();
      return json_node_init_boolean (node, TRUE);

    case 'f':
      if (!scalyr_json_match_keyword (parser, "false"))
        return NULL;
      node = json_node_alloc ();
      return json_node_init_boolean (node, FALSE);

    case 'n':
      if (!scalyr_json_match_keyword (parser, "null"))
        return NULL;
      return json_node_new (JSON_NODE_NULL);

    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return scalyr_json_parse_number (parser);

    case '}':
      scalyr_json_parser_error (parser, _("'}' can only be used to end an object"));
      return NULL;

    case '`':
      scalyr_json_parser_error (parser, _("Json_lib parser does not support length "
                              "prefixed strings any more."));
      return NULL;

    default:
      scalyr_json_parser_error (parser, _("Unexpected character '%.*s'"),
                    char_length (parser->p), parser->p);
      return NULL;
    }
}
