/* scalyr-log-sink-private.h: a sample's lines written out together
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-log-sink.h"

G_BEGIN_DECLS

/* Lines the calling thread writes to @self between these two calls are
 * kept in the sink's buffer and written out at the end, with one write(2)
 * (scalyr_monitor_gather_sample() brackets each sample with them). Lines of
 * other threads, and lines of this thread to other sinks, are not held.
 * A batch holds a line at most SCALYR_LOG_SINK_BATCH_MAX_USEC: a sample
 * that goes on writing for longer is written out as it goes. One batch per
 * thread at a time; end_batch() applies #ScalyrLogSink:flush-delay as a
 * line's write would have. */
#define SCALYR_LOG_SINK_BATCH_MAX_USEC G_USEC_PER_SEC

void scalyr_log_sink_begin_batch (ScalyrLogSink *self);
void scalyr_log_sink_end_batch   (ScalyrLogSink *self);

G_END_DECLS
