/* fuzz-json-parser.c: libFuzzer target for the relaxed JSON parser
 * SPDX-License-Identifier: Apache-2.0
 *
 * Feeds arbitrary bytes to scalyr_json_parse() and checks its contract:
 * a value xor an error; errors in SCALYR_JSON_ERROR with a 1-based
 * line/column; an accepted document serialized as standard JSON parses back
 * to an equal value; scalyr_json_parse_object() agrees with
 * scalyr_json_parse(). Memory errors and leaks are left to the sanitizers.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scalyr-error.h"
#include "scalyr-json-parser.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  (void) argc;
  (void) argv;
  /* a critical from json-glib means the parser misused it */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* Writes @node as standard JSON. (json_to_string() cannot be used: the
 * json-glib 1.6 generator writes 1e-08 as "1e-08.0".) */
static void
serialize (GString  *out,
           JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            serialize (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            g_autoptr(JsonNode) key = json_node_new (JSON_NODE_VALUE);

            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            json_node_set_string (key, name);
            serialize (out, key);
            g_string_append_c (out, ':');
            serialize (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT,
                                  json_node_get_int (node));
          break;

        case G_TYPE_DOUBLE:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            g_ascii_formatd (buf, sizeof buf, "%.17g",
                             json_node_get_double (node));
            g_string_append (out, buf);
            if (strpbrk (buf, ".e") == NULL)
              g_string_append (out, ".0");
          }
          break;

        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true"
                                                             : "false");
          break;

        case G_TYPE_STRING:
          g_string_append_c (out, '"');
          for (const char *c = json_node_get_string (node); *c != '\0'; c++)
            {
              if (*c == '"' || *c == '\\')
                g_string_append_printf (out, "\\%c", *c);
              else if ((guchar) *c < 0x20)
                g_string_append_printf (out, "\\u%04x", (guchar) *c);
              else
                g_string_append_c (out, *c);
            }
          g_string_append_c (out, '"');
          break;

        default:
          g_assert_not_reached ();
        }
      break;
    }
}

static void
check_round_trip (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GString) json = g_string_new (NULL);

  /* standard JSON is relaxed JSON too; null members are already gone */
  serialize (json, node);
  again = scalyr_json_parse (json->str, (gssize) json->len, NULL, NULL,
                             &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, again));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) object_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint line = 0, column = 0;

  if (size > (size_t) G_MAXSSIZE)
    return 0;

  node = scalyr_json_parse ((const char *) data, (gssize) size,
                            &line, &column, &error);
  object = scalyr_json_parse_object ((const char *) data, (gssize) size,
                                     &object_error);

  if (node != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (line, ==, 0);
      g_assert_cmpuint (column, ==, 0);
      check_round_trip (node);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          g_assert_no_error (object_error);
          g_assert_true (json_object_equal (object,
                                            json_node_get_object (node)));
        }
      else
        {
          g_assert_null (object);
          g_assert_error (object_error, SCALYR_JSON_ERROR,
                          SCALYR_JSON_ERROR_SYNTAX);
          g_assert_true (g_str_has_prefix (object_error->message,
                                           "Expected a JSON object but got "));
        }
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == SCALYR_JSON_ERROR);
      g_assert_cmpint (error->code, >=, SCALYR_JSON_ERROR_EMPTY);
      g_assert_cmpint (error->code, <=, SCALYR_JSON_ERROR_INVALID_UTF8);
      g_assert_true (g_str_has_suffix (error->message, ")"));
      g_assert_nonnull (strstr (error->message, " (line "));
      g_assert_cmpuint (line, >=, 1);
      g_assert_cmpuint (column, >=, 1);

      /* the same error through the object variant */
      g_assert_null (object);
      g_assert_nonnull (object_error);
      g_assert_cmpstr (object_error->message, ==, error->message);
    }

  return 0;
}
