/* scalyr-rate-limiter.c: the leaky bucket behind log rate limits
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-rate-limiter-private.h"

void
scalyr_rate_limiter_init (ScalyrRateLimiter *self,
                          double             capacity,
                          double             fill_rate,
                          gint64             now_us)
{
  self->capacity = capacity;
  self->fill_rate = fill_rate;
  self->contents = capacity;
  self->last_us = now_us;
}

gboolean
scalyr_rate_limiter_is_limited (const ScalyrRateLimiter *self)
{
  return self->capacity >= 0 && self->fill_rate >= 0;
}

/* Refills for the time elapsed since the last call, then takes @cost units
 * if the bucket holds at least that many. Returns whether it did. */
gboolean
scalyr_rate_limiter_charge (ScalyrRateLimiter *self,
                            double             cost,
                            gint64             now_us)
{
  if (!scalyr_rate_limiter_is_limited (self))
    return TRUE;

  if (now_us > self->last_us)
    {
      double elapsed = (double) (now_us - self->last_us) / G_USEC_PER_SEC;
      self->contents = MIN (self->capacity, self->contents + elapsed * self->fill_rate);
      self->last_us = now_us;
    }

  if (cost <= self->contents)
    {
      self->contents -= cost;
      return TRUE;
    }
  return FALSE;
}
