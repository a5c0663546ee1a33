/* scalyr-log-timestamp.c: the time stamp that starts every log line,
 * `YYYY-MM-DD HH:MM:SS.mmmZ` in UTC
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <time.h>

#include "scalyr-clock-private.h"
#include "scalyr-log-timestamp-private.h"

static inline void
put2 (char *p, int v)
{
  p[0] = (char) ('0' + v / 10);
  p[1] = (char) ('0' + v % 10);
}

/* The formatted date and time of the last second seen, per thread: lines
 * come many per second, gmtime_r() once a second is enough. */
static _Thread_local struct {
  gint64 secs;
  char text[20];     /* "YYYY-MM-DD HH:MM:SS" */
} timestamp_cache = { G_MININT64, "" };

/* Appends "YYYY-MM-DD HH:MM:SS.mmmZ" for @time_ms (ms since the epoch, UTC). */
void
scalyr_log_timestamp_append (GString *out,
                                       gint64   time_ms)
{
  char buf[6];
  gint64 secs = time_ms >= 0 ? time_ms / 1000 : (time_ms - 999) / 1000;
  int ms = (int) (time_ms - secs * 1000);

  if (secs != timestamp_cache.secs)
    {
      struct tm tm;
      time_t t = (time_t) secs;
      char *p = timestamp_cache.text;
      int year;

      gmtime_r (&t, &tm);
      year = tm.tm_year + 1900;
      if (year < 0 || year > 9999)
        {
          g_string_append_printf (out, "%04d-%02d-%02d %02d:%02d:%02d.%03dZ", year,
                                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
          return;
        }
      put2 (p, year / 100);
      put2 (p + 2, year % 100);
      p[4] = '-';
      put2 (p + 5, tm.tm_mon + 1);
      p[7] = '-';
      put2 (p + 8, tm.tm_mday);
      p[10] = ' ';
      put2 (p + 11, tm.tm_hour);
      p[13] = ':';
      put2 (p + 14, tm.tm_min);
      p[16] = ':';
      put2 (p + 17, tm.tm_sec);
      p[19] = '\0';
      timestamp_cache.secs = secs;
    }
  g_string_append_len (out, timestamp_cache.text, 19);
  buf[0] = '.';
  buf[1] = (char) ('0' + ms / 100);
  put2 (buf + 2, ms % 100);
  buf[4] = 'Z';
  g_string_append_len (out, buf, 5);
}

gint64
scalyr_log_timestamp_now_ms (void)
{
  return scalyr_clock_real_time () / 1000;
}
