/* scalyr-clock-private.h: the library's clocks, replaceable by tests
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gint64 (*ScalyrClockFunc) (void);

/* Wall-clock time in microseconds since the epoch (metric timestamps). */
gint64 scalyr_clock_real_time      (void);
/* Monotonic time in microseconds (rate limiting, once-per-interval limits). */
gint64 scalyr_clock_monotonic_time (void);

/* Tests only: replace the clocks; NULL restores the system clocks. */
void   scalyr_clock_set_override   (ScalyrClockFunc real_time,
                                    ScalyrClockFunc monotonic_time);

G_END_DECLS
