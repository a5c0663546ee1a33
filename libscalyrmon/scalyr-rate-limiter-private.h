/* scalyr-rate-limiter-private.h: the leaky bucket behind log rate limits
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A token bucket of @capacity units that refills at @fill_rate units per
 * second, starts full and never holds more than @capacity. A negative
 * capacity or rate disables limiting; a rate of 0 never refills.
 * Not thread-safe: callers hold their own lock. */
typedef struct {
  double capacity;
  double fill_rate;
  double contents;
  gint64 last_us;
} ScalyrRateLimiter;

void     scalyr_rate_limiter_init       (ScalyrRateLimiter *self,
                                         double             capacity,
                                         double             fill_rate,
                                         gint64             now_us);
gboolean scalyr_rate_limiter_is_limited (const ScalyrRateLimiter *self);
gboolean scalyr_rate_limiter_charge     (ScalyrRateLimiter *self,
                                         double             cost,
                                         gint64             now_us);

G_END_DECLS
