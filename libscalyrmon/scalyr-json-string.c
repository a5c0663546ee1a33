/* scalyr-json-string.c: the relaxed JSON parser's strings: escapes,
 * triple-quoted strings, concatenation
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-json-parser.h"
#include "scalyr-json-parser-private.h"
#include "scalyr-i18n-private.h"

static gboolean
parse_hex4 (const char *p,
            gunichar   *value)
{
  gunichar v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return FALSE;
      v = (v << 4) | (gunichar) d;
    }
  *value = v;
  return TRUE;
}

/* Appends the raw literal text [@s, @e) to @out with its backslash escapes
 * converted. @literal_start is the character index of @s in the input. */
static gboolean
append_unescaped (Parser     *parser,
                  GString    *out,
                  const char *s,
                  const char *e,
                  gsize       literal_start)
{
  gsize i = 0;  /* character index relative to @s */

  while (s < e)
    {
      const char *bs = memchr (s, '\\', (gsize) (e - s));
      gunichar cp;
      gunichar low;

      if (bs == NULL)
        bs = e;
      if (bs > s)
        {
          g_string_append_len (out, s, bs - s);
          i += (gsize) g_utf8_strlen (s, bs - s);
          s = bs;
        }
      if (s >= e)
        break;

      /* s is at a backslash */
      if (s + 1 >= e)
        {
          scalyr_json_parser_error_at (parser, literal_start + i,
                           _("No character after escape"));
          return FALSE;
        }
      s++;
      i++;

      switch (*s)
        {
        case 't': g_string_append_c (out, '\t'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case '"': g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/': g_string_append_c (out, '/'); break;

        case 'u':
          {
            const char *digits_end = scalyr_json_skip_chars (s + 1, e, 4);

            if (digits_end == NULL)
              {
                scalyr_json_parser_error_at (parser, literal_start + i,
                                 _("Unexpected backslash escape [u]"));
                return FALSE;
              }
            if (!parse_hex4 (s + 1, &cp))
              {
                scalyr_json_parser_error_at (parser, literal_start + i,
                                 _("Invalid unicode escape [\\u%.*s]"),
                                 (int) (digits_end - (s + 1)), s + 1);
                return FALSE;
              }

            if (cp >= 0xD800 && cp <= 0xDBFF && e - s >= 11 &&
                s[5] == '\\' && s[6] == 'u' && parse_hex4 (s + 7, &low) &&
                low >= 0xDC00 && low <= 0xDFFF)
              {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                s += 6;
                i += 6;
              }
            else if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
              {
                /* The reference accepts these (and cannot encode the
                 * result). They are reported once the whole document has
                 * been parsed, so that any error the reference reports
                 * comes first. */
                if (!parser->has_unsupported)
                  {
                    parser->has_unsupported = TRUE;
                    parser->unsupported_pos = literal_start + i;
                    parser->unsupported_cp = cp;
                    memcpy (parser->unsupported_digits, s + 1, 4);
                  }
                s += 5;
                i += 5;
                continue;
              }

            g_string_append_unichar (out, cp);
            s += 4;
            i += 4;
          }
          break;

        default:
          scalyr_json_parser_error_at (parser, literal_start + i,
                           _("Unexpected backslash escape [%.*s]"),
                           char_length (s), s);
          return FALSE;
        }

      /* step over the escape character (ASCII in every accepted case) */
      s++;
      i++;
    }

  return TRUE;
}

/* Parses a "..." literal and appends its value to @out; the parser is at the
 * opening quote. */
gboolean
scalyr_json_parse_string_into (Parser  *parser,
                               GString *out)
{
  gsize start_pos = parser->pos;
  const char *content;
  const char *q;
  gsize n = 0;

  parser->p++;
  parser->pos++;
  content = q = parser->p;

  for (;;)
    {
      int c;

      if (q >= parser->end)
        {
          scalyr_json_parser_error (parser, _("string literal not terminated"));
          return FALSE;
        }

      c = (guchar) *q;
      if (c == '"')
        break;

      if (c == '\\')
        {
          q++;
          n++;
          if (q >= parser->end)
            {
              scalyr_json_parser_error (parser, _("incomplete backslash sequence"));
              return FALSE;
            }
          q = g_utf8_next_char (q);
          n++;
        }
      else if (c == '\r' || c == '\n')
        {
          scalyr_json_parser_error (parser,
                        _("string literal not terminated before end of line"));
          return FALSE;
        }
      else
        {
          q = c < 0x80 ? q + 1 : g_utf8_next_char (q);
          n++;
        }
    }

  if (!append_unescaped (parser, out, content, q, start_pos + 1))
    return FALSE;

  parser->p = q + 1;
  parser->pos += n + 1;
  return TRUE;
}

gboolean
scalyr_json_is_triple_quote (const Parser *parser,
                             const char   *q)
{
  return parser->end - q >= 3 && q[0] == '"' && q[1] == '"' && q[2] == '"';
}

/* Parses a """...""" literal; the parser is at the first quote. */
JsonNode *
scalyr_json_parse_triple_quoted_string (Parser *parser)
{
  GString *value = parser->scratch;
  gsize start_pos;
  const char *content;
  const char *q;
  gsize n = 0;
  JsonNode *node;

  parser->p += 3;
  parser->pos += 3;
  start_pos = parser->pos;
  content = q = parser->p;

  for (;;)
    {
      int c;

      if (q >= parser->end)
        {
          scalyr_json_parser_error (parser, _("string literal not terminated"));
          return NULL;
        }

      c = (guchar) *q;
      if (c == '"' && scalyr_json_is_triple_quote (parser, q))
        break;

      if (c == '\\')
        {
          q++;
          n++;
          if (q >= parser->end)
            {
              scalyr_json_parser_error (parser, _("incomplete backslash sequence"));
              return NULL;
            }
          q = g_utf8_next_char (q);
          n++;
        }
      else
        {
          q = c < 0x80 ? q + 1 : g_utf8_next_char (q);
          n++;
        }
    }

  g_string_truncate (value, 0);
  if (!append_unescaped (parser, value, content, q, start_pos))
    return NULL;

  parser->p = q + 3;
  parser->pos += n + 3;

  node = json_node_alloc ();
  json_node_init_string (node, value->str);
  return node;
}

/* Parses a "..." literal, and any `+ "..."` literals following it. */
JsonNode *
scalyr_json_parse_string_with_concatenation (Parser *parser)
{
  GString *value = parser->scratch;
  JsonNode *node;
  int c;

  g_string_truncate (value, 0);
  if (!scalyr_json_parse_string_into (parser, value))
    return NULL;

  c = scalyr_json_skip_whitespace (parser);
  while (c == '+')
    {
      advance (parser);
      c = scalyr_json_skip_whitespace (parser);
      if (c == SCAN_ERROR)
        return NULL;
      if (c != '"')
        {
          scalyr_json_parser_error (parser, _("Expected string literal after + operator"));
          return NULL;
        }
      if (!scalyr_json_parse_string_into (parser, value))
        return NULL;
      c = scalyr_json_skip_whitespace (parser);
    }
  if (c == SCAN_ERROR)
    return NULL;

  node = json_node_alloc ();
  json_node_init_string (node, value->str);
  return node;
}
