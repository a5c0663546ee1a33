/* scalyr-config-parse.c: strings parsed like Python's int(), float() and the reference's parse_array_of_strings()
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-parse-private.h"

#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * String parsing, like Python's int(), float() and the reference's
 * parse_array_of_strings()
 * --------------------------------------------------------------------- */

/* Whitespace int() and float() ignore around the number: ASCII isspace
 * and non-ASCII Unicode white space. */
static gboolean
is_number_space (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || (c >= '\t' && c <= '\r');
  return c == 0x85 || g_unichar_isspace (c);
}

/* White space str.strip() removes (str.isspace()) */
static gboolean
is_strip_space (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
  return c == 0x85 || g_unichar_isspace (c);
}

/* Strips characters matching @pred from both ends of the @len bytes at
 * @s (valid UTF-8); returns the start and sets @len. */
static const char *
strip_span (const char *s,
            gsize      *len,
            gboolean  (*pred) (gunichar))
{
  const char *end = s + *len;

  while (s < end && pred (g_utf8_get_char (s)))
    s = g_utf8_next_char (s);
  while (end > s)
    {
      const char *prev = g_utf8_find_prev_char (s, end);

      if (prev == NULL || !pred (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  *len = end - s;
  return s;
}

/* A decimal digit for int()/float(): ASCII or any Unicode Nd digit */
static int
digit_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return (int) (c - '0');
  if (c < 0x80)
    return -1;
  return g_unichar_digit_value (c);
}

/* Reads a Python "digitpart" (digits with single underscores between
 * them) at *@p (before @end), appending ASCII digits to @out. Returns
 * FALSE if there is no digit or an underscore is misplaced. */
static gboolean
read_digitpart (const char **p,
                const char  *end,
                GString     *out)
{
  const char *s = *p;
  gboolean any = FALSE;

  while (s < end)
    {
      gunichar c = g_utf8_get_char (s);
      int d = digit_value (c);

      if (d >= 0)
        {
          g_string_append_c (out, (char) ('0' + d));
          any = TRUE;
          s = g_utf8_next_char (s);
        }
      else if (c == '_' && any && s + 1 < end &&
               digit_value (g_utf8_get_char (s + 1)) >= 0)
        s++;
      else
        break;
    }
  *p = s;
  return any;
}


ScalyrConfigParseResult
scalyr_config_parse_int (const char *text,
           gint64     *result)
{
  gsize len = strlen (text);
  const char *s = strip_span (text, &len, is_number_space);
  const char *end = s + len, *p = s;
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean negative = FALSE;
  guint64 acc = 0;

  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';
  if (!read_digitpart (&p, end, digits) || p != end)
    return SCALYR_CONFIG_PARSE_INVALID;

  for (gsize i = 0; i < digits->len; i++)
    {
      guint d = (guint) (digits->str[i] - '0');

      if (acc > (G_MAXUINT64 - d) / 10)
        return SCALYR_CONFIG_PARSE_OVERFLOW;
      acc = acc * 10 + d;
    }
  if (negative)
    {
      if (acc > (guint64) G_MAXINT64 + 1)
        return SCALYR_CONFIG_PARSE_OVERFLOW;
      *result = acc == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) acc;
    }
  else
    {
      if (acc > (guint64) G_MAXINT64)
        return SCALYR_CONFIG_PARSE_OVERFLOW;
      *result = (gint64) acc;
    }
  return SCALYR_CONFIG_PARSE_OK;
}

gboolean
scalyr_config_parse_float (const char *text,
             double     *result)
{
  gsize len = strlen (text);
  const char *s = strip_span (text, &len, is_number_space);
  const char *end = s + len, *p = s;
  g_autoptr(GString) buf = g_string_new (NULL);
  gboolean negative = FALSE, int_part, frac_part = FALSE;
  char *parse_end = NULL;

  if (p < end && (*p == '+' || *p == '-'))
    negative = *p++ == '-';

  if ((gsize) (end - p) == 3 && g_ascii_strncasecmp (p, "inf", 3) == 0)
    {
      *result = negative ? -INFINITY : INFINITY;
      return TRUE;
    }
  if ((gsize) (end - p) == 8 && g_ascii_strncasecmp (p, "infinity", 8) == 0)
    {
      *result = negative ? -INFINITY : INFINITY;
      return TRUE;
    }
  if ((gsize) (end - p) == 3 && g_ascii_strncasecmp (p, "nan", 3) == 0)
    {
      *result = negative ? -NAN : NAN;
      return TRUE;
    }

  if (negative)
    g_string_append_c (buf, '-');
  int_part = read_digitpart (&p, end, buf);
  if (p < end && *p == '.')
    {
      g_string_append_c (buf, '.');
      p++;
      frac_part = read_digitpart (&p, end, buf);
    }
  if (!int_part && !frac_part)
    return FALSE;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      g_string_append_c (buf, 'e');
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        g_string_append_c (buf, *p++);
      if (!read_digitpart (&p, end, buf))
        return FALSE;
    }
  if (p != end)
    return FALSE;

  /* buf is now plain ASCII the C parser accepts; overflow gives ±inf and
   * underflow 0 or a subnormal, like Python */
  *result = g_ascii_strtod (buf->str, &parse_end);
  return parse_end != NULL && *parse_end == '\0';
}

/* The reference's parse_array_of_strings() with the "," separator */
char **
scalyr_config_split_strings (const char *text)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  gsize len = strlen (text);
  const char *s = strip_span (text, &len, is_strip_space);
  const char *end, *p;

  /* remove surrounding square brackets (the reference crashes on input
   * that strips to nothing; that gives an empty array here) */
  if (len >= 2 && s[0] == '[' && s[len - 1] == ']')
    {
      s++;
      len -= 2;
    }

  end = s + len;
  p = s;
  while (len > 0 && p <= end)
    {
      const char *comma = memchr (p, ',', end - p);
      const char *item_end = comma != NULL ? comma : end;
      gsize item_len = item_end - p;
      const char *item = strip_span (p, &item_len, is_strip_space);

      if (item_len > 0)
        {
          if (item[0] == '\'' ||
              (item[0] == '"' && item[item_len - 1] == '"'))
            {
              /* drop the first and the last character, even when only
               * the first is a quote (quirk) */
              if (item_len >= 2)
                {
                  item++;
                  item_len -= 2;
                }
              else
                item_len = 0;
            }
          if (item_len > 0)
            g_ptr_array_add (items, g_strndup (item, item_len));
        }
      if (comma == NULL)
        break;
      p = comma + 1;
    }

  g_ptr_array_add (items, NULL);
  return (char **) g_ptr_array_steal (items, NULL);
}
