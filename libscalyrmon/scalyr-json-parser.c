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

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "scalyr-error.h"
#include "scalyr-json-parser.h"

/* Deepest nesting of objects and arrays accepted; the parser is recursive. */
#define MAX_DEPTH 512

/* Longest numeric literal, as in the reference (leading '-' not counted). */
#define MAX_NUMBER_LENGTH 100

/* Pseudo characters returned by skip_whitespace(). */
#define END_OF_INPUT (-1)
#define SCAN_ERROR   (-2)

typedef struct
{
  const char *text;   /* start of the input */
  const char *end;    /* one past its last byte */
  const char *p;      /* next byte to read */
  gsize       pos;    /* character index of p */
  guint       depth;  /* objects and arrays currently open */
  GString    *scratch;  /* reused for string values */
  guint       error_line;
  guint       error_column;
  GError     *error;

  /* first \u0000 or unpaired surrogate escape, reported at the end */
  gboolean    has_unsupported;
  gsize       unsupported_pos;
  gunichar    unsupported_cp;
  char        unsupported_digits[4];
} Parser;

/* Computes the 1-based line and column of the character at @char_pos,
 * counting line breaks the way the reference does: CR, LF and CRLF each end
 * one line. */
static void
locate (const char *text,
        const char *end,
        gsize       char_pos,
        guint      *line,
        guint      *column)
{
  const char *p = text;
  gsize i = 0;
  gsize line_start = 0;
  guint l = 1;

  while (i < char_pos && p < end)
    {
      if (*p == '\n' || *p == '\r')
        {
          gboolean cr = *p == '\r';

          p++;
          i++;
          if (cr && i < char_pos && p < end && *p == '\n')
            {
              p++;
              i++;
            }
          if (l < G_MAXUINT)
            l++;
          line_start = i;
        }
      else
        {
          p = g_utf8_next_char (p);
          i++;
        }
    }

  *line = l;
  *column = (guint) MIN (char_pos - line_start + 1, (gsize) G_MAXUINT);
}

/* Sets the parser's error (only the first one counts). */
static void
parser_set_error (Parser     *parser,
                  int         code,
                  gsize       char_pos,
                  const char *message)
{
  if (parser->error != NULL)
    return;

  locate (parser->text, parser->end, char_pos,
          &parser->error_line, &parser->error_column);
  g_set_error (&parser->error, SCALYR_JSON_ERROR, code,
               "%s (line %u, byte position %" G_GSIZE_FORMAT ")",
               message, parser->error_line, char_pos);
}

G_GNUC_PRINTF (3, 0)
static void
parser_verror (Parser      *parser,
               gsize        char_pos,
               const char  *format,
               va_list      args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  parser_set_error (parser, SCALYR_JSON_ERROR_SYNTAX, char_pos, message);
}

/* Reports a syntax error at an explicit character position. */
G_GNUC_PRINTF (3, 4)
static void
parser_error_at (Parser     *parser,
                 gsize       char_pos,
                 const char *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  parser_verror (parser, char_pos, format, args);
  va_end (args);
}

/* Reports a syntax error at the character just consumed (the reference's
 * default position). */
G_GNUC_PRINTF (2, 3)
static void
parser_error (Parser     *parser,
              const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  parser_verror (parser, parser->pos > 0 ? parser->pos - 1 : 0,
                 format, args);
  va_end (args);
}

/* Reports that the document holds no value. */
static void
parser_empty_error (Parser *parser)
{
  parser_set_error (parser, SCALYR_JSON_ERROR_EMPTY,
                    parser->pos > 0 ? parser->pos - 1 : 0, "Empty input");
}

/* Byte length of the (valid) UTF-8 character at @p, as an int for "%.*s". */
static inline int
char_length (const char *p)
{
  return (int) (g_utf8_next_char (p) - p);
}

static inline int
peek (const Parser *parser)
{
  return parser->p < parser->end ? (guchar) *parser->p : END_OF_INPUT;
}

static inline void
advance (Parser *parser)
{
  parser->p = g_utf8_next_char (parser->p);
  parser->pos++;
}

/* Returns the end of the @n characters starting at @p, or NULL if the text
 * ends before. */
static const char *
skip_chars (const char *p,
            const char *end,
            guint       n)
{
  while (n > 0 && p < end)
    {
      p = g_utf8_next_char (p);
      n--;
    }
  return n == 0 ? p : NULL;
}

/* Scans a comment; the parser is at its '/'. */
static gboolean
skip_comment (Parser *parser)
{
  gsize comment_start = parser->pos;
  const char *second;
  int c;

  advance (parser);
  if (parser->p >= parser->end)
    {
      parser_error (parser, "Unexpected character '/'");
      return FALSE;
    }

  second = parser->p;
  c = (guchar) *second;
  advance (parser);

  if (c == '/')
    {
      while (parser->p < parser->end)
        {
          c = (guchar) *parser->p;
          advance (parser);
          if (c == '\n' || c == '\r')
            break;
        }
      if (c == '\r' && peek (parser) == '\n')
        advance (parser);
      return TRUE;
    }

  if (c == '*')
    {
      while (parser->p < parser->end)
        {
          c = (guchar) *parser->p;
          advance (parser);
          if (c == '*' && peek (parser) == '/')
            {
              advance (parser);
              return TRUE;
            }
        }
      parser_error_at (parser, comment_start, "Unterminated comment");
      return FALSE;
    }

  parser_error (parser, "Unexpected character '/%.*s'",
                char_length (second), second);
  return FALSE;
}

/* Skips whitespace and comments. Returns the next significant byte,
 * END_OF_INPUT, or SCAN_ERROR if a comment is malformed. */
static int
skip_whitespace (Parser *parser)
{
  for (;;)
    {
      int c = peek (parser);

      switch (c)
        {
        case ' ':
        case '\t':
        case '\r':
        case '\n':
          parser->p++;
          parser->pos++;
          break;

        case '/':
          if (!skip_comment (parser))
            return SCAN_ERROR;
          break;

        default:
          return c;
        }
    }
}

/* True if only spaces and tabs separate the parser's position from a
 * preceding CR or LF: that is where the reference infers a missing comma.
 * Comments are not skipped, so "1 /x/ 2" needs its comma. */
static gboolean
preceding_line_break (const Parser *parser)
{
  const char *q = parser->p;

  while (q > parser->text)
    {
      q--;
      if (*q == '\r' || *q == '\n')
        return TRUE;
      if (*q != ' ' && *q != '\t')
        return FALSE;
    }
  return FALSE;
}

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
          parser_error_at (parser, literal_start + i,
                           "No character after escape");
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
            const char *digits_end = skip_chars (s + 1, e, 4);

            if (digits_end == NULL)
              {
                parser_error_at (parser, literal_start + i,
                                 "Unexpected backslash escape [u]");
                return FALSE;
              }
            if (!parse_hex4 (s + 1, &cp))
              {
                parser_error_at (parser, literal_start + i,
                                 "Invalid unicode escape [\\u%.*s]",
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
          parser_error_at (parser, literal_start + i,
                           "Unexpected backslash escape [%.*s]",
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
static gboolean
parse_string_into (Parser  *parser,
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
          parser_error (parser, "string literal not terminated");
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
              parser_error (parser, "incomplete backslash sequence");
              return FALSE;
            }
          q = g_utf8_next_char (q);
          n++;
        }
      else if (c == '\r' || c == '\n')
        {
          parser_error (parser,
                        "string literal not terminated before end of line");
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

static gboolean
is_triple_quote (const Parser *parser,
                 const char   *q)
{
  return parser->end - q >= 3 && q[0] == '"' && q[1] == '"' && q[2] == '"';
}

/* Parses a """...""" literal; the parser is at the first quote. */
static JsonNode *
parse_triple_quoted_string (Parser *parser)
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
          parser_error (parser, "string literal not terminated");
          return NULL;
        }

      c = (guchar) *q;
      if (c == '"' && is_triple_quote (parser, q))
        break;

      if (c == '\\')
        {
          q++;
          n++;
          if (q >= parser->end)
            {
              parser_error (parser, "incomplete backslash sequence");
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
static JsonNode *
parse_string_with_concatenation (Parser *parser)
{
  GString *value = parser->scratch;
  JsonNode *node;
  int c;

  g_string_truncate (value, 0);
  if (!parse_string_into (parser, value))
    return NULL;

  c = skip_whitespace (parser);
  while (c == '+')
    {
      advance (parser);
      c = skip_whitespace (parser);
      if (c == SCAN_ERROR)
        return NULL;
      if (c != '"')
        {
          parser_error (parser, "Expected string literal after + operator");
          return NULL;
        }
      if (!parse_string_into (parser, value))
        return NULL;
      c = skip_whitespace (parser);
    }
  if (c == SCAN_ERROR)
    return NULL;

  node = json_node_alloc ();
  json_node_init_string (node, value->str);
  return node;
}

/* Consumes @word (true, false, null) or fails with "unknown identifier". */
static gboolean
match_keyword (Parser     *parser,
               const char *word)
{
  gsize start_pos = parser->pos;

  for (const char *w = word; *w != '\0'; w++)
    {
      int c = peek (parser);

      if (c == END_OF_INPUT || c != *w)
        {
          parser_error_at (parser, start_pos, "unknown identifier");
          return FALSE;
        }
      advance (parser);
    }
  return TRUE;
}

/* Python's int() syntax for the characters a number literal may hold. */
static gboolean
is_integer_syntax (const char *s)
{
  if (*s == '+' || *s == '-')
    s++;
  if (!g_ascii_isdigit (*s))
    return FALSE;
  while (g_ascii_isdigit (*s))
    s++;
  return *s == '\0';
}

/* Python's float() syntax for the characters a number literal may hold. */
static gboolean
is_float_syntax (const char *s)
{
  gboolean digits = FALSE;

  if (*s == '+' || *s == '-')
    s++;
  while (g_ascii_isdigit (*s))
    {
      s++;
      digits = TRUE;
    }
  if (*s == '.')
    {
      s++;
      while (g_ascii_isdigit (*s))
        {
          s++;
          digits = TRUE;
        }
    }
  if (!digits)
    return FALSE;
  if (*s == 'e' || *s == 'E')
    {
      s++;
      if (*s == '+' || *s == '-')
        s++;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }
  return *s == '\0';
}

/* Converts the integer literal @s (is_integer_syntax()), negated if
 * @negative: to a gint64 when it fits, else to the nearest double. */
static JsonNode *
make_integer (const char *s,
              gboolean    negative)
{
  JsonNode *node = json_node_alloc ();
  const char *digits = s;
  guint64 magnitude = 0;
  gboolean overflow = FALSE;

  if (*digits == '+' || *digits == '-')
    {
      if (*digits == '-')
        negative = !negative;
      digits++;
    }

  for (const char *d = digits; *d != '\0'; d++)
    {
      guint64 digit = (guint64) (*d - '0');

      if (magnitude > (G_MAXUINT64 - digit) / 10)
        {
          overflow = TRUE;
          break;
        }
      magnitude = magnitude * 10 + digit;
    }

  if (!overflow && magnitude <= (guint64) G_MAXINT64)
    json_node_init_int (node, negative ? -(gint64) magnitude
                                       : (gint64) magnitude);
  else if (!overflow && negative && magnitude == (guint64) G_MAXINT64 + 1)
    json_node_init_int (node, G_MININT64);
  else
    {
      double value = g_ascii_strtod (digits, NULL);

      json_node_init_double (node, negative ? -value : value);
    }
  return node;
}

/* Parses a numeric literal: the longest run of [0-9+-.eE]. */
static JsonNode *
parse_number (Parser *parser)
{
  char literal[MAX_NUMBER_LENGTH + 1];
  gsize length = 0;
  gboolean all_digits = TRUE;
  gboolean negative = FALSE;
  JsonNode *node;
  double value;

  while (parser->p < parser->end)
    {
      char c = *parser->p;

      if (c != '+' && c != '-' && c != 'e' && c != 'E' && c != '.' &&
          !g_ascii_isdigit (c))
        break;

      if (length >= MAX_NUMBER_LENGTH)
        {
          parser_error (parser,
                        "numeric literal too long (limit 100 characters)");
          return NULL;
        }

      parser->p++;
      parser->pos++;

      /* a leading minus is recorded as the sign, never stored */
      if (c == '-' && length == 0)
        negative = TRUE;
      else
        {
          all_digits = all_digits && g_ascii_isdigit (c);
          literal[length++] = c;
        }
    }
  literal[length] = '\0';

  if (all_digits && length <= 18)
    {
      gint64 v = 0;

      for (gsize i = 0; i < length; i++)
        v = v * 10 + (literal[i] - '0');

      node = json_node_alloc ();
      json_node_init_int (node, negative ? -v : v);
      return node;
    }

  if (strpbrk (literal, ".eE") == NULL)
    {
      if (!is_integer_syntax (literal))
        {
          parser_error (parser, "Could not parse number as long '%s'",
                        literal);
          return NULL;
        }
      return make_integer (literal, negative);
    }

  if (!is_float_syntax (literal))
    {
      parser_error (parser, "Could not parse number as float '%s'", literal);
      return NULL;
    }

  value = g_ascii_strtod (literal, NULL);
  if (!isfinite (value))
    {
      parser_error (parser,
                    "Could not parse number as float '%s' (out of range)",
                    literal);
      return NULL;
    }

  node = json_node_alloc ();
  json_node_init_double (node, negative ? -value : value);
  return node;
}

static JsonNode *parse_value (Parser *parser);

static gboolean
enter_container (Parser *parser)
{
  if (parser->depth >= MAX_DEPTH)
    {
      parser_error_at (parser, parser->pos,
                       "Too many nested objects and arrays (limit %d levels)",
                       MAX_DEPTH);
      return FALSE;
    }
  parser->depth++;
  return TRUE;
}

/* Parses an object; the parser is at its '{'. */
static JsonNode *
parse_object (Parser *parser)
{
  gsize object_start = parser->pos;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GString) key = NULL;

  if (!enter_container (parser))
    return NULL;
  parser->p++;
  parser->pos++;

  object = json_object_new ();
  key = g_string_new (NULL);

  for (;;)
    {
      JsonNode *value;
      const char *delimiter;
      int c = skip_whitespace (parser);

      if (c == SCAN_ERROR)
        return NULL;
      if (c == END_OF_INPUT)
        {
          parser_error_at (parser, object_start, "Need '}' for end of object");
          return NULL;
        }

      g_string_truncate (key, 0);
      if (c == '"')
        {
          if (!parse_string_into (parser, key))
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
              parser_error_at (parser, object_start,
                               "Need '}' for end of object");
              return NULL;
            }
          if (c > ' ' && c != ':')
            {
              parser_error (parser,
                            "To use character '%.*s' in an attribute name, "
                            "you must place the attribute name in "
                            "double-quotes",
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
          parser_error (parser,
                        "Expected string literal for object attribute name "
                        "(got '%.*s')",
                        char_length (parser->p), parser->p);
          return NULL;
        }

      c = skip_whitespace (parser);
      if (c == SCAN_ERROR)
        return NULL;
      if (c == END_OF_INPUT)
        {
          /* the reference fails with an internal IndexError here */
          parser_error_at (parser, object_start, "Need '}' for end of object");
          return NULL;
        }
      delimiter = parser->p;
      advance (parser);
      if (*delimiter != ':')
        {
          parser_error (parser,
                        "Expected ':' delimiting object attribute value");
          return NULL;
        }

      if (skip_whitespace (parser) == SCAN_ERROR)
        return NULL;

      value = parse_value (parser);
      if (value == NULL)
        return NULL;

      /* null removes the member, as JsonObject.put(key, None) does */
      if (JSON_NODE_HOLDS_NULL (value))
        {
          if (json_object_has_member (object, key->str))
            json_object_remove_member (object, key->str);
          json_node_unref (value);
        }
      else
        json_object_set_member (object, key->str, value);

      c = skip_whitespace (parser);
      if (c == SCAN_ERROR)
        return NULL;
      if (c == END_OF_INPUT)
        {
          parser_error_at (parser, object_start, "Need '}' for end of object");
          return NULL;
        }
      if (c == '}')
        continue;
      if (c == ',')
        {
          advance (parser);
          continue;
        }
      if (preceding_line_break (parser))
        continue;

      parser_error (parser,
                    "After object field, expected ',' or '}' but found "
                    "'%.*s'... are you missing a comma?",
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
      int c = skip_whitespace (parser);

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

      value = parse_value (parser);
      if (value == NULL)
        return NULL;
      json_array_add_element (array, value);

      c = skip_whitespace (parser);
      if (c == SCAN_ERROR)
        return NULL;
      if (c == END_OF_INPUT)
        {
          parser_error_at (parser, array_start,
                           "Array has no terminating '['");
          return NULL;
        }
      if (c == ']')
        continue;
      if (c == ',')
        {
          advance (parser);
          continue;
        }
      if (preceding_line_break (parser))
        continue;

      parser_error (parser,
                    "Unexpected character [%.*s] in array... are you "
                    "missing a comma?",
                    char_length (parser->p), parser->p);
      return NULL;
    }
}

static JsonNode *
parse_value (Parser *parser)
{
  gsize start_pos = parser->pos;
  int c = skip_whitespace (parser);
  JsonNode *node;

  switch (c)
    {
    case SCAN_ERROR:
      return NULL;

    case END_OF_INPUT:
      /* only the document itself starts at position 0 */
      if (start_pos == 0)
        parser_empty_error (parser);
      else
        parser_error (parser, "Unexpected end-of-text");
      return NULL;

    case '{':
      return parse_object (parser);

    case '[':
      return parse_array (parser);

    case '"':
      if (is_triple_quote (parser, parser->p))
        return parse_triple_quoted_string (parser);
      return parse_string_with_concatenation (parser);

    case 't':
      if (!match_keyword (parser, "true"))
        return NULL;
      node = json_node_alloc ();
      return json_node_init_boolean (node, TRUE);

    case 'f':
      if (!match_keyword (parser, "false"))
        return NULL;
      node = json_node_alloc ();
      return json_node_init_boolean (node, FALSE);

    case 'n':
      if (!match_keyword (parser, "null"))
        return NULL;
      return json_node_new (JSON_NODE_NULL);

    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return parse_number (parser);

    case '}':
      parser_error (parser, "'}' can only be used to end an object");
      return NULL;

    case '`':
      parser_error (parser, "Json_lib parser does not support length "
                            "prefixed strings any more.");
      return NULL;

    default:
      parser_error (parser, "Unexpected character '%.*s'",
                    char_length (parser->p), parser->p);
      return NULL;
    }
}

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
 */
JsonNode *
scalyr_json_parse (const char *text,
                   gssize      length,
                   guint      *error_line,
                   guint      *error_column,
                   GError    **error)
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

  if (error_line != NULL)
    *error_line = 0;
  if (error_column != NULL)
    *error_column = 0;

  if (!g_utf8_validate_len (text, (gsize) length, &invalid))
    {
      gsize pos = (gsize) g_utf8_strlen (text, invalid - text);

      if (*invalid == '\0')
        parser_set_error (&parser, SCALYR_JSON_ERROR_SYNTAX, pos,
                          "Unexpected NUL character");
      else
        parser_set_error (&parser, SCALYR_JSON_ERROR_INVALID_UTF8, pos,
                          "Invalid UTF-8 in input");
    }
  else
    {
      node = parse_value (&parser);
      if (node != NULL)
        {
          c = skip_whitespace (&parser);
          if (c != END_OF_INPUT && c != SCAN_ERROR)
            parser_error_at (&parser, parser.pos,
                             "Expecting end of the parsed document but got "
                             "character '%.*s' instead.",
                             char_length (parser.p), parser.p);
          else if (c == END_OF_INPUT && parser.has_unsupported)
            parser_error_at (&parser, parser.unsupported_pos,
                             parser.unsupported_cp == 0
                               ? "Unsupported unicode escape [\\u%.4s] "
                                 "(NUL character)"
                               : "Unpaired surrogate in unicode escape "
                                 "[\\u%.4s]",
                             parser.unsupported_digits);
        }
    }

  g_string_free (parser.scratch, TRUE);

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
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    default:
      return "a number";
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
                   "Expected a JSON object but got %s", describe_node (node));
      return NULL;
    }

  return json_node_dup_object (node);
}
