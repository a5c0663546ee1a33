/* scalyr-json-scanner.c: the relaxed JSON parser's scanner: characters,
 * whitespace, comments, keywords
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-json-parser.h"
#include "scalyr-json-parser-private.h"
#include "scalyr-i18n-private.h"

/* Returns the end of the @n characters starting at @p, or NULL if the text
 * ends before. */
const char *
scalyr_json_skip_chars (const char *p,
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
      scalyr_json_parser_error (parser, _("Unexpected character '/'"));
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
      scalyr_json_parser_error_at (parser, comment_start, _("Unterminated comment"));
      return FALSE;
    }

  scalyr_json_parser_error (parser, _("Unexpected character '/%.*s'"),
                char_length (second), second);
  return FALSE;
}

/* Skips whitespace and comments. Returns the next significant byte,
 * END_OF_INPUT, or SCAN_ERROR if a comment is malformed. */
int
scalyr_json_skip_whitespace (Parser *parser)
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
gboolean
scalyr_json_preceding_line_break (const Parser *parser)
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

/* Consumes @word (true, false, null) or fails with "unknown identifier". */
gboolean
scalyr_json_match_keyword (Parser     *parser,
                           const char *word)
{
  gsize start_pos = parser->pos;

  for (const char *w = word; *w != '\0'; w++)
    {
      int c = peek (parser);

      if (c == END_OF_INPUT || c != *w)
        {
          scalyr_json_parser_error_at (parser, start_pos, _("unknown identifier"));
          return FALSE;
        }
      advance (parser);
    }
  return TRUE;
}
