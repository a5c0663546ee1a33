/* scalyr-json-parser-private.h: the state the relaxed JSON parser's files
 * share (scanner, strings, numbers, tree builder, error positions)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

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
  GPtrArray  *warnings;  /* char *, duplicate names; NULL: not recorded */

  /* first \u0000 or unpaired surrogate escape, reported at the end */
  gboolean    has_unsupported;
  gsize       unsupported_pos;
  gunichar    unsupported_cp;
  char        unsupported_digits[4];
} Parser;

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

/* scalyr-json-error-position.c */
void scalyr_json_parser_locate (const Parser *parser,
                                gsize         char_pos,
                                guint        *line,
                                guint        *column);
void scalyr_json_parser_set_error (Parser     *parser,
                                   int         code,
                                   gsize       char_pos,
                                   const char *message);
G_GNUC_PRINTF (3, 4)
void scalyr_json_parser_error_at (Parser     *parser,
                                  gsize       char_pos,
                                  const char *format,
                                  ...);
G_GNUC_PRINTF (2, 3)
void scalyr_json_parser_error (Parser     *parser,
                               const char *format,
                               ...);
void scalyr_json_parser_empty_error (Parser *parser);

/* scalyr-json-scanner.c */
const char *scalyr_json_skip_chars (const char *p,
                                    const char *end,
                                    guint       n);
int scalyr_json_skip_whitespace (Parser *parser);
gboolean scalyr_json_preceding_line_break (const Parser *parser);
gboolean scalyr_json_match_keyword (Parser     *parser,
                                    const char *word);

/* scalyr-json-string.c */
gboolean scalyr_json_parse_string_into (Parser  *parser,
                                        GString *out);
gboolean scalyr_json_is_triple_quote (const Parser *parser,
                                      const char   *q);
JsonNode *scalyr_json_parse_triple_quoted_string (Parser *parser);
JsonNode *scalyr_json_parse_string_with_concatenation (Parser *parser);

/* scalyr-json-number.c */
JsonNode *scalyr_json_parse_number (Parser *parser);

/* scalyr-json-tree.c */
JsonNode *scalyr_json_parse_value (Parser *parser);

G_END_DECLS
