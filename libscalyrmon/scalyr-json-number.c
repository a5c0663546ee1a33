/* scalyr-json-number.c: the relaxed JSON parser's numbers, with Python's
 * int() and float() syntax
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scalyr-json-parser.h"
#include "scalyr-json-parser-private.h"
#include "scalyr-i18n-private.h"

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
JsonNode *
scalyr_json_parse_number (Parser *parser)
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
          scalyr_json_parser_error (parser,
                        _("numeric literal too long (limit 100 characters)"));
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
          scalyr_json_parser_error (parser, _("Could not parse number as long '%s'"),
                        literal);
          return NULL;
        }
      return make_integer (literal, negative);
    }

  if (!is_float_syntax (literal))
    {
      scalyr_json_parser_error (parser, _("Could not parse number as float '%s'"), literal);
      return NULL;
    }

  value = g_ascii_strtod (literal, NULL);
  if (!isfinite (value))
    {
      scalyr_json_parser_error (parser,
                    _("Could not parse number as float '%s' (out of range)"),
                    literal);
      return NULL;
    }

  node = json_node_alloc ();
  json_node_init_double (node, negative ? -value : value);
  return node;
}
