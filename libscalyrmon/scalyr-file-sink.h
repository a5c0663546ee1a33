/* scalyr-file-sink.h: a log sink writing to a rotated log file
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include "scalyr-log-sink.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_FILE_SINK (scalyr_file_sink_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrFileSink, scalyr_file_sink, SCALYR, FILE_SINK, ScalyrLogSink)

SCALYR_AVAILABLE_IN_0_1
ScalyrLogSink *scalyr_file_sink_new (const char *path,
                                     gint64      max_bytes,
                                     guint       backup_count,
                                     GError    **error);
SCALYR_AVAILABLE_IN_0_1
const char    *scalyr_file_sink_get_path         (ScalyrFileSink *self);
SCALYR_AVAILABLE_IN_0_1
gint64         scalyr_file_sink_get_max_bytes    (ScalyrFileSink *self);
SCALYR_AVAILABLE_IN_0_1
guint          scalyr_file_sink_get_backup_count (ScalyrFileSink *self);

G_END_DECLS
