/* scalyr-send-rate-private.h: max_send_rate_enforcement, a token bucket
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A token bucket of 4 s of @rate (bytes of log text per second; 0: no
 * limit), full at first, charged with the log bytes of each acknowledged
 * request; a send waits until it is no longer negative. */
typedef struct {
  double rate;
  double bucket;
  gint64 bucket_time;   /* monotonic us of its last refill, 0: full */
} ScalyrSendRate;

/* A full bucket of @rate. */
void   scalyr_send_rate_set    (ScalyrSendRate *r,
                                double          rate);
void   scalyr_send_rate_charge (ScalyrSendRate *r,
                                guint64         log_bytes);
/* Seconds until the bucket is no longer negative. */
double scalyr_send_rate_wait   (ScalyrSendRate *r);

G_END_DECLS
