/* scalyr-log-timestamp-private.h: the time stamp that starts every log line
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends "YYYY-MM-DD HH:MM:SS.mmmZ" for @time_ms (ms since the epoch, UTC). */
void   scalyr_log_timestamp_append (GString *out,
                                    gint64   time_ms);
/* The wall-clock time in ms since the epoch (scalyr-clock-private.h's). */
gint64 scalyr_log_timestamp_now_ms (void);

G_END_DECLS
