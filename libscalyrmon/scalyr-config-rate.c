/* scalyr-config-rate.c: data rates such as max_send_rate_enforcement
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-config-rate.h"

#include <math.h>

#include "scalyr-error.h"
#include "scalyr-i18n-private.h"

static gboolean
rate_error (GError **error, const char *text, const char *why)
{
  g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_PARSE,
               /* TRANSLATORS: the second %s says what is wrong; keep unlimited, legacy
                * and the units as they are: they are the values to write */
               _("could not parse data rate string '%s': %s; use unlimited, legacy or a rate such "
                 "as 2MB/s, 500KiB/s or 10 MB/m (a number, an optional prefix k, M, G or T with i "
                 "for base 1024, B for bytes, then /s, /m, /h, /d or /w)"), text, why);
  return FALSE;
}

/**
 * scalyr_config_parse_rate:
 * @text: a `max_send_rate_enforcement` value
 * @bytes_per_second: (out) (optional): the rate in bytes per second; 0 for no limit
 * @error: return location for a #GError
 *
 * Parses a data rate such as the `max_send_rate_enforcement` option of the
 * agent configuration:
 *
 * - `unlimited` (the agent's default): no limit, 0.
 * - `legacy`: also 0 here. In the agent it means that the request size and
 *   spacing options keep their legacy defaults (1 MiB requests at least 1 s
 *   apart) instead of being overridden; the rate itself is not limited.
 * - a rate `<number>[<prefix>[i]]B/<unit>`: the number is decimal, with an
 *   optional fraction (`1.5`); the prefix `k`, `M`, `G` or `T` (either case)
 *   multiplies by powers of 1000, or of 1024 when followed by `i` (`KiB`);
 *   the `B` (bytes) must be upper case, as a lower-case `b` (bits) is
 *   refused, like the reference agent does; the unit is `s`, `m` (minute),
 *   `h`, `d` or `w` (week), either case. Blanks may surround the text and
 *   separate the number from the rest: `2MB/s`, `10 MB/s`, `1.5MiB/s`,
 *   `100B/s`.
 *
 * Unlike the reference agent, which searches for a rate anywhere in the text,
 * the whole text must be a rate, and the rate must be greater than zero.
 * The agent puts the value in `max_send_rate_enforcement_bytes_per_second`
 * (the uploader's `max-send-rate`).
 *
 * It is the check of the declarations of format
 * %SCALYR_OPTION_FORMAT_DATA_RATE.
 *
 * Returns: %TRUE if @text is valid, else %FALSE with @error set
 *   (%SCALYR_MONITOR_ERROR_PARSE, naming the text and the accepted forms)
 *
 * Since: 0.2
 */
gboolean
scalyr_config_parse_rate (const char  *text,
                          double      *bytes_per_second,
                          GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_autofree char *copy = g_strstrip (g_strdup (text));
  const char *p = copy;
  double value, base = 1000, multiplier = 1, seconds;

  if (g_str_equal (copy, "unlimited") || g_str_equal (copy, "legacy"))
    {
      if (bytes_per_second != NULL)
        *bytes_per_second = 0;
      return TRUE;
    }
  if (!g_ascii_isdigit (*p))
    return rate_error (error, text, _("it does not start with a number"));
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  /* The digits checked above are all g_ascii_strtod() sees. */
  g_autofree char *number = g_strndup (copy, (gsize) (p - copy));
  value = g_ascii_strtod (number, NULL);
  while (*p == ' ' || *p == '\t')
    p++;

  int power = 0;
  switch (*p)
    {
    case 'k': case 'K': power = 1; break;
    case 'm': case 'M': power = 2; break;
    case 'g': case 'G': power = 3; break;
    case 't': case 'T': power = 4; break;
    default: break;
    }
  if (power > 0)
    {
      p++;
      if (*p == 'i' || *p == 'I')
        {
          base = 1024;
          p++;
        }
      for (int i = 0; i < power; i++)
        multiplier *= base;
    }
  if (*p == 'b')
    return rate_error (error, text, _("rates in bits (lower-case b) are not allowed, use B for bytes"));
  if (*p != 'B')
    return rate_error (error, text, _("the unit must be B (bytes), optionally after k, M, G or T"));
  p++;
  if (*p != '/')
    return rate_error (error, text, _("a '/' and a time unit must follow the B"));
  p++;
  switch (*p)
    {
    case 's': case 'S': seconds = 1; break;
    case 'm': case 'M': seconds = 60; break;
    case 'h': case 'H': seconds = 3600; break;
    case 'd': case 'D': seconds = 86400; break;
    case 'w': case 'W': seconds = 604800; break;
    default:
      return rate_error (error, text, _("the time unit must be s, m, h, d or w"));
    }
  p++;
  if (*p != '\0')
    return rate_error (error, text, _("unexpected text after the time unit"));

  value = value * multiplier / seconds;
  if (!(value > 0) || !isfinite (value))
    return rate_error (error, text, _("the rate must be greater than zero (use unlimited for no limit)"));
  if (bytes_per_second != NULL)
    *bytes_per_second = value;
  return TRUE;
}
