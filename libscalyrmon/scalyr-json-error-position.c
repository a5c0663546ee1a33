/* scalyr-json-error-position.c: the relaxed JSON parser's errors and the line and column
 * they are reported at (CR, LF and CRLF each end a line, as in the reference)
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <stdarg.h>

#include "scalyr-json-parser.h"
#include "scalyr-json-parser-private.h"
#include "scalyr-i18n-private.h"

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

/* The 1-based line and column of the character at @char_pos. */
void
scalyr_json_parser_locate (const Parser *parser,
                           gsize         char_pos,
                           guint        *line,
                           guint        *column)
{
  locate (parser->text, parser->end, char_pos, line, column);
}

/* Sets the parser's error (only the first one counts). */
void
scalyr_json_parser_set_error (Parser     *parser,
                              int         code,
                              gsize       char_pos,
                              const char *message)
{
  if (parser->error != NULL)
    return;

  locate (parser->text, parser->end, char_pos,
          &parser->error_line, &parser->error_column);
  g_set_error (&parser->error, SCALYR_JSON_ERROR, code,
               /* TRANSLATORS: the syntax error, its line and its byte offset */
               _("%s (line %u, byte position %zu)"),
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

  scalyr_json_parser_set_error (parser, SCALYR_JSON_ERROR_SYNTAX, char_pos, message);
}

/* Reports a syntax error at an explicit character position. */
G_GNUC_PRINTF (3, 4)
void
scalyr_json_parser_error_at (Parser     *parser,
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
void
scalyr_json_parser_error (Parser     *parser,
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
void
scalyr_json_parser_empty_error (Parser *parser)
{
  scalyr_json_parser_set_error (parser, SCALYR_JSON_ERROR_EMPTY,
                    parser->pos > 0 ? parser->pos - 1 : 0, _("Empty input"));
}

/* Byte length of the (valid) UTF-8 character at @p, as an int for "%.*s". */
