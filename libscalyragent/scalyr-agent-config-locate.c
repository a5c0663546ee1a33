/* scalyr-agent-config-locate.c: where a field is in a relaxed JSON text
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-config-locate-private.h"

#include <string.h>

/* ---- locating a field in the text of a file ----
 *
 * The relaxed parser gives positions only for syntax errors, so the
 * position of a field that fails validation is found again in the text
 * (which parsed, so the scanner below may be lenient). A path is a list of
 * object keys and array indexes. */

typedef struct {
  const char *p;
  const char *end;
} Scan;

static void
scan_ws (Scan *s)
{
  while (s->p < s->end)
    {
      if (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n' || *s->p == ',')
        s->p++;
      else if (*s->p == '/' && s->p + 1 < s->end && s->p[1] == '/')
        {
          while (s->p < s->end && *s->p != '\n' && *s->p != '\r')
            s->p++;
        }
      else if (*s->p == '/' && s->p + 1 < s->end && s->p[1] == '*')
        {
          const char *close = g_strstr_len (s->p + 2, s->end - s->p - 2, "*/");
          s->p = close != NULL ? close + 2 : s->end;
        }
      else
        break;
    }
}

/* skips a string (triple or plain) starting at s->p; returns its raw body */
static void
scan_string (Scan        *s,
             const char **body,
             gsize       *body_len)
{
  if (s->end - s->p >= 6 && strncmp (s->p, "\"\"\"", 3) == 0)
    {
      const char *close = g_strstr_len (s->p + 3, s->end - s->p - 3, "\"\"\"");
      *body = s->p + 3;
      *body_len = close != NULL ? (gsize) (close - *body) : 0;
      s->p = close != NULL ? close + 3 : s->end;
      return;
    }
  s->p++;
  *body = s->p;
  while (s->p < s->end && *s->p != '"')
    s->p += (*s->p == '\\' && s->p + 1 < s->end) ? 2 : 1;
  *body_len = (gsize) (s->p - *body);
  if (s->p < s->end)
    s->p++;
}

static void scan_value (Scan *s);

static void
scan_value (Scan *s)
{
  scan_ws (s);
  if (s->p >= s->end)
    return;
  if (*s->p == '{' || *s->p == '[')
    {
      char close = *s->p == '{' ? '}' : ']';
      s->p++;
      for (;;)
        {
          scan_ws (s);
          if (s->p >= s->end)
            return;
          if (*s->p == close)
            {
              s->p++;
              return;
            }
          if (*s->p == ':')
            s->p++;
          else
            scan_value (s);
        }
    }
  if (*s->p == '"')
    {
      const char *body;
      gsize len;

      scan_string (s, &body, &len);
      for (;;)
        {
          Scan save = *s;
          scan_ws (s);
          if (s->p < s->end && *s->p == '+')
            {
              s->p++;
              scan_ws (s);
              if (s->p < s->end && *s->p == '"')
                {
                  scan_string (s, &body, &len);
                  continue;
                }
            }
          *s = save;
          return;
        }
    }
  while (s->p < s->end && strchr (" \t\r\n,:{}[]/", *s->p) == NULL)
    s->p++;
}

/* Returns the start of the key (or element) at @path, or NULL */
static const char *
locate (const char     *text,
        const PathElem *path,
        gsize           n_path)
{
  Scan s = { text, text + strlen (text) };

  for (gsize depth = 0; depth < n_path; depth++)
    {
      const PathElem *want = &path[depth];
      const char *found = NULL;

      scan_ws (&s);
      if (s.p >= s.end)
        return NULL;
      if (want->key != NULL)
        {
          if (*s.p != '{')
            return NULL;
          s.p++;
          for (;;)
            {
              const char *key_start, *body;
              gsize len;

              scan_ws (&s);
              if (s.p >= s.end || *s.p == '}')
                break;
              key_start = s.p;
              if (*s.p == '"')
                scan_string (&s, &body, &len);
              else
                {
                  body = s.p;
                  while (s.p < s.end && (g_ascii_isalnum (*s.p) || *s.p == '_'))
                    s.p++;
                  len = (gsize) (s.p - body);
                  if (len == 0)
                    return NULL;
                }
              scan_ws (&s);
              if (s.p < s.end && *s.p == ':')
                s.p++;
              if (len == strlen (want->key) && strncmp (body, want->key, len) == 0)
                found = key_start;   /* the last one wins, like the parser */
              if (found == key_start && depth + 1 < n_path)
                break;
              scan_value (&s);
            }
          if (found == NULL)
            return NULL;
          if (depth + 1 == n_path)
            return found;
          /* descend: position on the value */
          s.p = found;
          if (*s.p == '"')
            {
              const char *body;
              gsize len;
              scan_string (&s, &body, &len);
            }
          else
            while (s.p < s.end && (g_ascii_isalnum (*s.p) || *s.p == '_'))
              s.p++;
          scan_ws (&s);
          if (s.p < s.end && *s.p == ':')
            s.p++;
        }
      else
        {
          if (*s.p != '[')
            return NULL;
          s.p++;
          for (guint i = 0;; i++)
            {
              scan_ws (&s);
              if (s.p >= s.end || *s.p == ']')
                return NULL;
              if (i == want->index)
                break;
              scan_value (&s);
            }
          if (depth + 1 == n_path)
            return s.p;
        }
    }
  return NULL;
}

/* "path:line:col" of @path in @text (line 1, column 1 when not found) */
char *
scalyr_agent_config_where (const char     *file,
       const char     *text,
       const PathElem *path,
       gsize           n_path)
{
  const char *at = text != NULL ? locate (text, path, n_path) : NULL;
  guint line = 1, col = 1;

  if (at != NULL)
    for (const char *p = text; p < at; p = g_utf8_next_char (p))
      {
        if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
          {
            line++;
            col = 1;
          }
        else if (*p != '\r')
          col++;
      }
  return g_strdup_printf ("%s:%u:%u", file, line, col);
}
