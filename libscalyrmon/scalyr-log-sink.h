/* scalyr-log-sink.h: where metric and diagnostic lines go, rate limited
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

#define SCALYR_TYPE_LOG_SINK (scalyr_log_sink_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_DERIVABLE_TYPE (ScalyrLogSink, scalyr_log_sink, SCALYR, LOG_SINK, GObject)

/**
 * ScalyrLogSinkClass:
 * @parent_class: the parent class
 * @write: writes @len bytes of @data (one or more complete lines, each
 *   ending in a newline); called with the sink's lock held
 * @flush: flushes buffered data; called with the sink's lock held
 * @close: flushes and releases the underlying resource; called with the
 *   sink's lock held
 *
 * The virtual methods a sink implements. Rate limiting, counting and
 * locking are done by the base class.
 *
 * Since: 0.1
 */
struct _ScalyrLogSinkClass
{
  GObjectClass parent_class;

  gboolean (*write) (ScalyrLogSink *self,
                     const char    *data,
                     gsize          len,
                     GError       **error);
  gboolean (*flush) (ScalyrLogSink *self,
                     GError       **error);
  void     (*close) (ScalyrLogSink *self);

  /*< private >*/
  gpointer padding[8];
};

SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_log_sink_write_line     (ScalyrLogSink *self,
                                         const char    *line,
                                         gssize         len);
SCALYR_AVAILABLE_IN_0_1
gboolean scalyr_log_sink_flush          (ScalyrLogSink *self,
                                         GError       **error);
SCALYR_AVAILABLE_IN_0_1
void     scalyr_log_sink_close          (ScalyrLogSink *self);
SCALYR_AVAILABLE_IN_0_1
void     scalyr_log_sink_set_rate_limit (ScalyrLogSink *self,
                                         double         bytes_per_second,
                                         double         max_burst_bytes);
SCALYR_AVAILABLE_IN_0_1
double   scalyr_log_sink_get_write_rate (ScalyrLogSink *self);
SCALYR_AVAILABLE_IN_0_1
double   scalyr_log_sink_get_max_write_burst (ScalyrLogSink *self);
SCALYR_AVAILABLE_IN_0_1
void     scalyr_log_sink_set_flush_delay (ScalyrLogSink *self,
                                          double         seconds);
SCALYR_AVAILABLE_IN_0_1
double   scalyr_log_sink_get_flush_delay (ScalyrLogSink *self);
SCALYR_AVAILABLE_IN_0_1
guint64  scalyr_log_sink_get_lines_written (ScalyrLogSink *self);
SCALYR_AVAILABLE_IN_0_1
guint64  scalyr_log_sink_get_lines_dropped (ScalyrLogSink *self);

G_END_DECLS
