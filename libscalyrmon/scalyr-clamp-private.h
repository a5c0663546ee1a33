/* scalyr-clamp-private.h: floating-point values converted to integers
 * without overflow (a cast of an out-of-range double is undefined
 * behaviour: on x86-64 it gives G_MININT64, so a huge interval became a
 * deadline in the past and a tight loop). Header-only, so that the three
 * libraries, the modules and the tests share it without exporting it.
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* The longest duration any wait is converted to: 100 years, in
 * microseconds. Far beyond every configurable range (the longest is a
 * year) and far from G_MAXINT64, so that "now + duration" never
 * overflows either. */
#define SCALYR_CLAMP_MAX_USEC ((gint64) 100 * 366 * 86400 * G_USEC_PER_SEC)

/* @value truncated toward zero and clamped into [@lo, @hi]; NaN gives @lo.
 * Requires @lo <= @hi. */
static inline gint64
scalyr_clamp_double_to_int64 (double value,
                              gint64 lo,
                              gint64 hi)
{
  /* (double) G_MAXINT64 is 2^63, out of range: compare before the cast */
  if (isnan (value) || value <= (double) lo)
    return lo;
  if (value >= (double) hi)
    return hi;
  if (value >= 9223372036854775808.0)
    return hi;
  if (value < -9223372036854775808.0)
    return lo;
  return CLAMP ((gint64) value, lo, hi);
}

/* the same into a guint range */
static inline guint
scalyr_clamp_double_to_uint (double value,
                             guint  lo,
                             guint  hi)
{
  return (guint) scalyr_clamp_double_to_int64 (value, (gint64) lo, (gint64) hi);
}

/* the same into an int range */
static inline int
scalyr_clamp_double_to_int (double value,
                            int    lo,
                            int    hi)
{
  return (int) scalyr_clamp_double_to_int64 (value, (gint64) lo, (gint64) hi);
}

/* @seconds as microseconds in [0, SCALYR_CLAMP_MAX_USEC]: NaN, negative
 * and -inf give 0, +inf and huge values the maximum. */
static inline gint64
scalyr_clamp_seconds_to_usec (double seconds)
{
  if (isnan (seconds) || seconds <= 0)
    return 0;
  if (seconds >= (double) SCALYR_CLAMP_MAX_USEC / G_USEC_PER_SEC)
    return SCALYR_CLAMP_MAX_USEC;
  return scalyr_clamp_double_to_int64 (seconds * G_USEC_PER_SEC, 0, SCALYR_CLAMP_MAX_USEC);
}

/* @seconds as milliseconds for g_timeout_add() and friends, in
 * [0, G_MAXUINT] (about 49 days); NaN and negative give 0. */
static inline guint
scalyr_clamp_seconds_to_msec (double seconds)
{
  if (isnan (seconds) || seconds <= 0)
    return 0;
  return scalyr_clamp_double_to_uint (seconds * 1000.0, 0, G_MAXUINT);
}

/* @base + @delta without overflow: saturates at G_MININT64 / G_MAXINT64
 * (a monotonic deadline from a clamped duration) */
static inline gint64
scalyr_clamp_add_int64 (gint64 base,
                        gint64 delta)
{
  if (delta > 0 && base > G_MAXINT64 - delta)
    return G_MAXINT64;
  if (delta < 0 && base < G_MININT64 - delta)
    return G_MININT64;
  return base + delta;
}

G_END_DECLS
