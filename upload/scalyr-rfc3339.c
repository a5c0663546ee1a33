/* scalyr-rfc3339.c: RFC 3339 times to nanoseconds since the epoch
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-rfc3339-private.h"

static gboolean
digits (const char *s, gsize n, int *out)
{
  int v = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static gint64
days_from_civil (int y, int m, int d)
{
  y -= m <= 2;
  const gint64 era = (y >= 0 ? y : y - 399) / 400;
  const gint64 yoe = y - era * 400;
  const gint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

gboolean
scalyr_parse_rfc3339 (const char *s,
                      gsize       len,
                      gint64     *ns)
{
  static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int year, mon, day, hour, min, sec;
  gint64 frac = 0;

  if (len < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':'
      || !digits (s, 4, &year) || !digits (s + 5, 2, &mon) || !digits (s + 8, 2, &day)
      || !digits (s + 11, 2, &hour) || !digits (s + 14, 2, &min) || !digits (s + 17, 2, &sec))
    return FALSE;
  if (year < 1 || mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1] || hour > 23 || min > 59 || sec > 59)
    return FALSE;
  if (mon == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    return FALSE;

  gsize i = 19;
  if (i < len && s[i] == '.')
    {
      gsize start = ++i;
      gint64 scale = 100000000;
      while (i < len && g_ascii_isdigit (s[i]))
        {
          frac += (s[i] - '0') * scale;
          scale /= 10;
          i++;
        }
      if (i == start)
        return FALSE;
    }
  gint64 offset = 0;
  if (i < len && (s[i] == 'Z' || s[i] == 'z'))
    i++;
  else if (i < len && (s[i] == '+' || s[i] == '-'))
    {
      int oh, om;
      if (len - i != 6 || s[i + 3] != ':' || !digits (s + i + 1, 2, &oh) || !digits (s + i + 4, 2, &om)
          || oh > 23 || om > 59)
        return FALSE;
      offset = (gint64) (oh * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
      i += 6;
    }
  if (i != len)
    return FALSE;

  gint64 secs = days_from_civil (year, mon, day) * 86400 + hour * 3600 + min * 60 + sec - offset;
  /* Beyond gint64 nanoseconds (before 1677 or after 2262). */
  if (secs < G_MININT64 / 1000000000 + 1 || secs > G_MAXINT64 / 1000000000 - 1)
    return FALSE;
  *ns = secs * 1000000000 + frac;
  return TRUE;
}
