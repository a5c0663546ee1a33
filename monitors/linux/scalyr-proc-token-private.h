/* scalyr-proc-token-private.h: tokenizing /proc text in place (private to
 * the builtin monitors)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ---- tokenizing in place ---- */

/* Returns the next line (its newline replaced by NUL) and advances
 * @cursor; NULL at the end. */
char    *scalyr_proc_next_line  (char **cursor);
/* Returns the next blank-separated token (NUL-terminated in place) and
 * advances @cursor; NULL when none is left. */
char    *scalyr_proc_next_token (char **cursor);
/* Parses a decimal unsigned 64-bit number at *@cursor after blanks; FALSE
 * (cursor unchanged) if there is none or it overflows. */
gboolean scalyr_proc_parse_u64  (char   **cursor,
                                 guint64 *value);
gboolean scalyr_proc_parse_i64  (char   **cursor,
                                 gint64  *value);
gboolean scalyr_proc_parse_double (char  **cursor,
                                   double *value);
/* A whole token that is a number (no trailing junk). */
gboolean scalyr_proc_token_u64  (const char *token,
                                 guint64    *value);

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static inline gboolean
is_word (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

G_END_DECLS
