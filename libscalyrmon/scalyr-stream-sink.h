/* scalyr-stream-sink.h: a log sink writing to a file descriptor
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include "scalyr-log-sink.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_STREAM_SINK (scalyr_stream_sink_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrStreamSink, scalyr_stream_sink, SCALYR, STREAM_SINK, ScalyrLogSink)

SCALYR_AVAILABLE_IN_0_1
ScalyrLogSink *scalyr_stream_sink_new_for_fd (int fd);
SCALYR_AVAILABLE_IN_0_1
int            scalyr_stream_sink_get_fd     (ScalyrStreamSink *self);

G_END_DECLS
