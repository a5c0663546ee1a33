/* scalyr-json-format.c: encoding metric values the way the agent writes them
 * SPDX-License-Identifier: Apache-2.0
 *
 * The reference agent (without orjson) writes metric values with Python's
 * stdlib json module: floats as repr(float) and strings with
 * ensure_ascii=True. Both are reproduced here byte for byte, independently
 * of the C locale (LC_NUMERIC is never consulted for the output).
 */
#include "config.h"

#include "scalyr-json-format-private.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Up to 17 significant digits, plus room for one extra rounding digit. */
#define MAX_DIGITS 20

/* Splits the output of "%.*e" into its significant digits and its decimal
 * exponent. The sign is ignored (the caller passes a positive value) and the
 * radix character is skipped whatever the locale makes of it. Returns the
 * number of digits. */
static int
split_exponential (const char *buf,
                   char       *digits,
                   int        *exponent)
{
  const char *p = buf;
  int n = 0;
  gboolean negative = FALSE;
  int e = 0;

  while (*p != '\0' && !g_ascii_isdigit (*p))
    p++;
  /* leading digit, then the (locale's) radix, then the fraction */
  while (*p != '\0' && *p != 'e' && *p != 'E')
    {
      if (g_ascii_isdigit (*p) && n < MAX_DIGITS)
        digits[n++] = *p;
      p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '-')
        negative = TRUE;
      if (*p == '-' || *p == '+')
        p++;
      while (g_ascii_isdigit (*p))
        e = e * 10 + (*p++ - '0');
    }
  *exponent = negative ? -e : e;
  return n;
}

/* Formats @value (finite, > 0) with @precision significant digits,
 * correctly rounded (glibc's printf is exact). */
static int
exact_digits (double  value,
              int     precision,
              char   *digits,
              int    *exponent)
{
  char buf[64];

  snprintf (buf, sizeof buf, "%.*e", precision - 1, value);
  return split_exponential (buf, digits, exponent);
}

/* Does the decimal number d1d2…dn × 10^(exponent−n+1) read back as
 * @value? The string handed to strtod has no radix character, so the
 * current locale does not matter. */
static gboolean
round_trips (const char *digits,
             int         n,
             int         exponent,
             double      value)
{
  char buf[48];
  char *p = buf + n;
  int e = exponent - (n - 1);

  memcpy (buf, digits, n);
  *p++ = 'e';
  if (e < 0)
    {
      *p++ = '-';
      e = -e;
    }
  if (e >= 100)
    *p++ = (char) ('0' + e / 100);
  if (e >= 10)
    *p++ = (char) ('0' + (e / 10) % 10);
  *p++ = (char) ('0' + e % 10);
  *p = '\0';
  return strtod (buf, NULL) == value;
}

static int
strip_trailing_zeros (const char *digits,
                      int         n)
{
  while (n > 1 && digits[n - 1] == '0')
    n--;
  return n;
}

static const guint64 powers_of_ten[] = {
  1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
  10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
  100000000000ull, 1000000000000ull, 10000000000000ull,
  100000000000000ull, 1000000000000000ull, 10000000000000000ull,
  100000000000000000ull, 1000000000000000000ull,
};

/* Writes the @n decimal digits of @q (which has exactly @n digits) */
static void
write_digits (guint64  q,
              int      n,
              char    *digits)
{
  int i;

  for (i = n - 1; i >= 0; i--)
    {
      digits[i] = (char) ('0' + q % 10);
      q /= 10;
    }
}

/* Subnormal values have fewer significant bits, so the correctly rounded
 * 15-digit string is not necessarily the shortest: binary search on the
 * precision (if n digits round-trip, so do n + 1). Rare, so no shortcuts. */
static int
shortest_digits_subnormal (double  value,
                           char   *digits,
                           int    *exponent)
{
  char buf[MAX_DIGITS];
  int lo = 1, hi = 17, best_len = 0, best_e = 0;

  while (lo <= hi)
    {
      int mid = (lo + hi) / 2;
      int e;
      int len = exact_digits (value, mid, buf, &e);

      if (round_trips (buf, len, e, value))
        {
          memcpy (digits, buf, len);
          best_len = len;
          best_e = e;
          hi = mid - 1;
        }
      else
        lo = mid + 1;
    }
  g_assert (best_len > 0);
  *exponent = best_e;
  return strip_trailing_zeros (digits, best_len);
}

/* Finds the shortest digit string that reads back as @value (finite,
 * > 0), the one closest to @value among those of that length, like
 * Python's repr(). Returns the number of digits.
 *
 * For a normal double, a correctly rounded 15-digit string that
 * round-trips, with its trailing zeros removed, is the shortest (any
 * shorter round-tripping string lies within half a gap of @value and so
 * rounds to the same 15 digits); if 15 digits do not round-trip, the
 * correctly rounded 16-digit string is the closest of its length; 17
 * digits always round-trip. At an exact power of two the gap below is
 * half the gap above, so there the 16-digit neighbour above is tried too
 * when the nearest one fails.
 *
 * All candidates are derived from one 18-digit printf. Whether a
 * candidate round-trips is decided by comparing its distance to @value
 * with half the gap to the neighbouring double (both in units of the 18th
 * digit); strtod is asked only when the distance is within the ±0.5
 * uncertainty of the 18-digit rounding. */
static int
shortest_digits (double  value,
                 char   *digits,
                 int    *exponent)
{
  char all[MAX_DIGITS];
  guint64 d18 = 0;
  double frac, half_gap_up, half_gap_down;
  int n_all, e_all, k, i, n;

  if (value < DBL_MIN)
    return shortest_digits_subnormal (value, digits, exponent);

  n_all = exact_digits (value, 18, all, &e_all);
  g_assert (n_all == 18);
  for (i = 0; i < 18; i++)
    d18 = d18 * 10 + (guint64) (all[i] - '0');

  /* value = frac × 2^k with frac in [0.5, 1): the gap to the next double
   * is 2^(k−53), and value ≈ d18 × 10^(e_all−17), so half the gap in
   * units of 10^(e_all−17) is d18 / (frac × 2^54). Below an exact power
   * of two the gap is halved. */
  frac = frexp (value, &k);
  half_gap_up = (double) d18 / (frac * 18014398509481984.0);
  half_gap_down = frac == 0.5 ? half_gap_up / 2 : half_gap_up;

  for (n = 15; n <= 17; n++)
    {
      guint64 p = powers_of_ten[18 - n];
      guint64 q = d18 / p, r = d18 % p;
      gboolean ok;

      *exponent = e_all;
      if (r == p / 2)
        {
          /* d18 is itself rounded: the exact value may lie on either side
           * of the half, so let printf round the exact value. */
          int len = exact_digits (value, n, digits, exponent);

          g_assert (len == n);
          if (n == 17)
            return strip_trailing_zeros (digits, n);
          ok = round_trips (digits, n, *exponent, value);
        }
      else
        {
          double dist, half_gap;

          if (r > p / 2)
            {
              q++;
              dist = (double) (p - r);
              half_gap = half_gap_up;
            }
          else
            {
              dist = (double) r;
              half_gap = half_gap_down;
            }
          if (q == powers_of_ten[n])
            {
              /* 999… rounded up to 1000… */
              q /= 10;
              *exponent += 1;
            }
          write_digits (q, n, digits);
          if (n == 17)
            return strip_trailing_zeros (digits, n);

          if (dist + 0.5 < half_gap * (1 - 1e-9))
            ok = TRUE;
          else if (dist - 0.5 > half_gap * (1 + 1e-9))
            ok = FALSE;
          else
            ok = round_trips (digits, n, *exponent, value);
        }
      if (ok)
        return strip_trailing_zeros (digits, n);

      if (n == 16 && frac == 0.5)
        {
          /* At an exact power of two the gap above is twice the gap
           * below, so the nearest candidate may fail while the one above
           * still round-trips (and then it is the shortest). */
          q = d18 / p + 1;
          *exponent = e_all;
          if (q == powers_of_ten[n])
            {
              q /= 10;
              *exponent += 1;
            }
          write_digits (q, n, digits);
          if (round_trips (digits, n, *exponent, value))
            return strip_trailing_zeros (digits, n);
        }
    }

  g_assert_not_reached ();
  return 0;
}

/* nearbyint() for 0 <= t < 2^52 in the default rounding mode, without libm:
 * adding 2^52 leaves no bits below the units, so the sum is rounded to an
 * integer, to even on a tie, and subtracting 2^52 again is exact. (libm is
 * mapped anyway, GLib needs it; calling into it faulted in 40-50 kB of its
 * pages that nothing else of scalyr-run-monitor touches: see
 * doc/performance-memory.md.) Without -ffast-math no compiler folds the two
 * steps into t. */
static double
round_half_even (double t)
{
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
  return (t + 4503599627370496.0) - 4503599627370496.0;
#else
  /* x87 (i386) evaluates in extended precision: the sum would keep its
   * fraction bits */
  return nearbyint (t);
#endif
}

/* Fast path for values with few decimals (0.25, 12.345, 1e-05): if
 * m × 10^−k reads back as @value (positive, finite) for an integer m below
 * 10^15 and a small k, the digits of m are the shortest representation:
 * any string of at most 15 digits that round-trips is the correctly
 * rounded 15-digit form with its trailing zeros removed. Both m and 10^k
 * are exact doubles, so m / 10^k is rounded exactly like strtod would
 * round "me-k". Returns the number of digits, or 0. */
static int
short_decimal_digits (double  value,
                      char   *digits,
                      int    *exponent)
{
  static const double scale[] = {
    1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (scale); i++)
    {
      double t = value * scale[i];
      double m;
      guint64 q;
      int n, len;

      if (t >= 1e15)
        return 0;
      m = round_half_even (t);
      if (m == 0 || m / scale[i] != value)
        continue;

      q = (guint64) m;
      while (q % 10 == 0)
        q /= 10;
      for (len = 1; len < 16 && q >= powers_of_ten[len]; len++)
        ;
      write_digits (q, len, digits);
      /* value = m × 10^−(i+1); m has len digits after stripping zeros */
      n = 1;
      while (n <= 15 && (guint64) m >= powers_of_ten[n])
        n++;
      *exponent = n - 1 - (int) (i + 1);
      return len;
    }
  return 0;
}

/* Appends the decimal digits of @u. */
static void
append_uint64 (GString *out,
               guint64  u)
{
  char buf[24];
  int i = sizeof buf;

  do
    {
      buf[--i] = (char) ('0' + u % 10);
      u /= 10;
    }
  while (u != 0);
  g_string_append_len (out, buf + i, sizeof buf - i);
}

void
scalyr_json_append_double (GString *out,
                           double   value)
{
  char digits[MAX_DIGITS];
  char buf[48];
  char *p = buf;
  int n, exponent;

  g_return_if_fail (out != NULL);

  if (isnan (value))
    {
      g_string_append_len (out, "NaN", 3);
      return;
    }
  if (isinf (value))
    {
      if (value > 0)
        g_string_append_len (out, "Infinity", 8);
      else
        g_string_append_len (out, "-Infinity", 9);
      return;
    }
  if (value == 0)
    {
      if (signbit (value))
        g_string_append_len (out, "-0.0", 4);
      else
        g_string_append_len (out, "0.0", 3);
      return;
    }

  /* Fast path: integral values below 2^53 are exact integers and print
   * positionally (2^53 < 10^16) with ".0". */
  if (fabs (value) < 9007199254740992.0 && value == trunc (value))
    {
      if (value < 0)
        g_string_append_c (out, '-');
      append_uint64 (out, (guint64) fabs (value));
      g_string_append_len (out, ".0", 2);
      return;
    }

  if (value < 0)
    {
      *p++ = '-';
      value = -value;
    }

  n = short_decimal_digits (value, digits, &exponent);
  if (n == 0)
    n = shortest_digits (value, digits, &exponent);

  if (exponent >= -4 && exponent < 16)
    {
      if (exponent >= 0)
        {
          int int_len = exponent + 1;

          if (n <= int_len)
            {
              memcpy (p, digits, n);
              p += n;
              memset (p, '0', int_len - n);
              p += int_len - n;
              *p++ = '.';
              *p++ = '0';
            }
          else
            {
              memcpy (p, digits, int_len);
              p += int_len;
              *p++ = '.';
              memcpy (p, digits + int_len, n - int_len);
              p += n - int_len;
            }
        }
      else
        {
          *p++ = '0';
          *p++ = '.';
          memset (p, '0', -exponent - 1);
          p += -exponent - 1;
          memcpy (p, digits, n);
          p += n;
        }
    }
  else
    {
      int e = exponent;

      *p++ = digits[0];
      if (n > 1)
        {
          *p++ = '.';
          memcpy (p, digits + 1, n - 1);
          p += n - 1;
        }
      *p++ = 'e';
      if (e < 0)
        {
          *p++ = '-';
          e = -e;
        }
      else
        *p++ = '+';
      if (e >= 100)
        *p++ = (char) ('0' + e / 100);
      *p++ = (char) ('0' + (e / 10) % 10);
      *p++ = (char) ('0' + e % 10);
    }

  g_string_append_len (out, buf, p - buf);
}

static const char hex_digits[] = "0123456789abcdef";

static void
append_u_escape (GString  *out,
                 gunichar  c)
{
  char buf[6] = { '\\', 'u',
                  hex_digits[(c >> 12) & 0xf], hex_digits[(c >> 8) & 0xf],
                  hex_digits[(c >> 4) & 0xf], hex_digits[c & 0xf] };

  g_string_append_len (out, buf, sizeof buf);
}

/* Length of the well-formed UTF-8 sequence starting at @s (at most @len
 * bytes), storing its code point in @c; or 0 when @s does not start a
 * well-formed sequence, in which case *@c is the length of the maximal
 * subpart to replace with one U+FFFD (Unicode's "substitution of maximal
 * subparts", which is also what Python's decode(errors="replace") does). */
static gsize
decode_utf8 (const guchar *s,
             gsize         len,
             gunichar     *c)
{
  guchar b = s[0];
  gsize need, i;
  guchar lo = 0x80, hi = 0xbf;
  gunichar cp;

  if (b >= 0xc2 && b <= 0xdf)
    {
      need = 1;
      cp = b & 0x1f;
    }
  else if (b >= 0xe0 && b <= 0xef)
    {
      need = 2;
      cp = b & 0x0f;
      if (b == 0xe0)
        lo = 0xa0;
      else if (b == 0xed)
        hi = 0x9f;
    }
  else if (b >= 0xf0 && b <= 0xf4)
    {
      need = 3;
      cp = b & 0x07;
      if (b == 0xf0)
        lo = 0x90;
      else if (b == 0xf4)
        hi = 0x8f;
    }
  else
    {
      *c = 1;
      return 0;
    }

  for (i = 1; i <= need; i++)
    {
      if (i >= len || s[i] < lo || s[i] > hi)
        {
          *c = (gunichar) i;
          return 0;
        }
      cp = (cp << 6) | (s[i] & 0x3f);
      lo = 0x80;
      hi = 0xbf;
    }
  *c = cp;
  return need + 1;
}

void
scalyr_json_append_string (GString    *out,
                           const char *str,
                           gssize      len)
{
  const guchar *s = (const guchar *) str;
  gsize n, i, run;

  g_return_if_fail (out != NULL);
  g_return_if_fail (str != NULL || len == 0);

  n = len < 0 ? strlen (str) : (gsize) len;

  g_string_append_c (out, '"');
  i = 0;
  while (i < n)
    {
      guchar b;

      /* copy the longest run of characters that need no escape */
      run = i;
      while (run < n && s[run] >= 0x20 && s[run] < 0x7f &&
             s[run] != '"' && s[run] != '\\')
        run++;
      if (run > i)
        {
          g_string_append_len (out, (const char *) s + i, run - i);
          i = run;
          if (i >= n)
            break;
        }

      b = s[i];
      switch (b)
        {
        case '"':
          g_string_append_len (out, "\\\"", 2);
          i++;
          break;
        case '\\':
          g_string_append_len (out, "\\\\", 2);
          i++;
          break;
        case '\n':
          g_string_append_len (out, "\\n", 2);
          i++;
          break;
        case '\r':
          g_string_append_len (out, "\\r", 2);
          i++;
          break;
        case '\t':
          g_string_append_len (out, "\\t", 2);
          i++;
          break;
        case '\b':
          g_string_append_len (out, "\\b", 2);
          i++;
          break;
        case '\f':
          g_string_append_len (out, "\\f", 2);
          i++;
          break;
        default:
          if (b < 0x80)
            {
              /* other controls and DEL */
              append_u_escape (out, b);
              i++;
            }
          else
            {
              gunichar c;
              gsize used = decode_utf8 (s + i, n - i, &c);

              if (used == 0)
                {
                  append_u_escape (out, 0xfffd);
                  i += c;
                }
              else if (c >= 0x10000)
                {
                  c -= 0x10000;
                  append_u_escape (out, 0xd800 | (c >> 10));
                  append_u_escape (out, 0xdc00 | (c & 0x3ff));
                  i += used;
                }
              else
                {
                  append_u_escape (out, c);
                  i += used;
                }
            }
          break;
        }
    }
  g_string_append_c (out, '"');
}
