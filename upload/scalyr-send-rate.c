/* scalyr-send-rate.c: max_send_rate_enforcement, a token bucket
 * SPDX-License-Identifier: Apache-2.0 */
#include "scalyr-send-rate-private.h"

void
scalyr_send_rate_set (ScalyrSendRate *r,
                      double          rate)
{
  r->rate = rate;
  r->bucket_time = 0;
}

/* Refills the bucket up to now; FALSE if there is no limit. */
static gboolean
refill (ScalyrSendRate *r)
{
  double capacity = 4.0 * r->rate;
  gint64 now = g_get_monotonic_time ();

  if (r->rate <= 0)
    return FALSE;
  if (r->bucket_time == 0)
    r->bucket = capacity;
  else
    r->bucket = MIN (capacity, r->bucket + (double) (now - r->bucket_time) / G_USEC_PER_SEC * r->rate);
  r->bucket_time = now;
  return TRUE;
}

void
scalyr_send_rate_charge (ScalyrSendRate *r,
                         guint64         log_bytes)
{
  if (refill (r))
    r->bucket -= (double) log_bytes;
}

double
scalyr_send_rate_wait (ScalyrSendRate *r)
{
  if (!refill (r) || r->bucket >= 0)
    return 0;
  return -r->bucket / r->rate;
}
