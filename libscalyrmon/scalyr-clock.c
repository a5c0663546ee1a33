/* scalyr-clock.c: the library's clocks, replaceable by tests
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-clock-private.h"

static ScalyrClockFunc real_override;
static ScalyrClockFunc monotonic_override;

gint64
scalyr_clock_real_time (void)
{
  ScalyrClockFunc f = g_atomic_pointer_get (&real_override);
  return f ? f () : g_get_real_time ();
}

gint64
scalyr_clock_monotonic_time (void)
{
  ScalyrClockFunc f = g_atomic_pointer_get (&monotonic_override);
  return f ? f () : g_get_monotonic_time ();
}

void
scalyr_clock_set_override (ScalyrClockFunc real_time,
                           ScalyrClockFunc monotonic_time)
{
  g_atomic_pointer_set (&real_override, real_time);
  g_atomic_pointer_set (&monotonic_override, monotonic_time);
}
