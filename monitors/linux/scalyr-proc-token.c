/* scalyr-proc-token.c: tokenizing /proc text in place: lines, tokens,
 * numbers
 * SPDX-License-Identifier: Apache-2.0 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scalyr-proc-token-private.h"

char *
scalyr_proc_next_line (char **cursor)
{
  char *start = *cursor;
  char *nl;

  if (start == NULL || *start == '\0')
    return NULL;
  nl = strchr (start, '\n');
  if (nl != NULL)
    {
      *nl = '\0';
      *cursor = nl + 1;
    }
  else
    *cursor = start + strlen (start);
  return start;
}

char *
scalyr_proc_next_token (char **cursor)
{
  char *p = *cursor;
  char *start;

  while (is_blank (*p))
    p++;
  if (*p == '\0')
    {
      *cursor = p;
      return NULL;
    }
  start = p;
  while (*p != '\0' && !is_blank (*p))
    p++;
  if (*p != '\0')
    *p++ = '\0';
  *cursor = p;
  return start;
}

gboolean
scalyr_proc_parse_u64 (char   **cursor,
                       guint64 *value)
{
  char *p = *cursor;
  guint64 v = 0;

  while (*p == ' ' || *p == '\t')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      guint d = (guint) (*p - '0');
      if (v > (G_MAXUINT64 - d) / 10)
        return FALSE;
      v = v * 10 + d;
    }
  *value = v;
  *cursor = p;
  return TRUE;
}

gboolean
scalyr_proc_parse_i64 (char  **cursor,
                       gint64 *value)
{
  char *p = *cursor;
  gboolean negative = FALSE;
  guint64 v;

  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  if (!scalyr_proc_parse_u64 (&p, &v) || v > (guint64) G_MAXINT64)
    return FALSE;
  *value = negative ? -(gint64) v : (gint64) v;
  *cursor = p;
  return TRUE;
}

gboolean
scalyr_proc_parse_double (char  **cursor,
                          double *value)
{
  char *p = *cursor;
  char *end;
  double v;

  while (*p == ' ' || *p == '\t')
    p++;
  if (!g_ascii_isdigit (*p) && *p != '-' && *p != '.')
    return FALSE;
  v = g_ascii_strtod (p, &end);
  if (end == p)
    return FALSE;
  *value = v;
  *cursor = end;
  return TRUE;
}

gboolean
scalyr_proc_token_u64 (const char *token,
                       guint64    *value)
{
  char *p = (char *) token;

  return token != NULL && scalyr_proc_parse_u64 (&p, value) && *p == '\0';
}
