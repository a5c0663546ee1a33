/* scalyr-stream-sink.c: a sink writing to an inherited file descriptor
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-stream-sink.h"
#include "scalyr-fd-buffer-private.h"

/**
 * ScalyrStreamSink:
 *
 * A #ScalyrLogSink writing to a file descriptor it does not own, such as
 * standard output (`scalyr-run-monitor`) or standard error. The descriptor
 * is not closed with the sink.
 *
 * Thread safety: as every #ScalyrLogSink, writes may come from any thread.
 *
 * Since: 0.1
 */
struct _ScalyrStreamSink
{
  ScalyrLogSink parent_instance;
  ScalyrFdBuffer out;
};

G_DEFINE_FINAL_TYPE (ScalyrStreamSink, scalyr_stream_sink, SCALYR_TYPE_LOG_SINK)

enum {
  PROP_0,
  PROP_FD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
scalyr_stream_sink_write (ScalyrLogSink *sink,
                          const char    *data,
                          gsize          len,
                          GError       **error)
{
  ScalyrStreamSink *self = SCALYR_STREAM_SINK (sink);
  return scalyr_fd_buffer_append (&self->out, data, len, error);
}

static gboolean
scalyr_stream_sink_flush (ScalyrLogSink *sink,
                          GError       **error)
{
  ScalyrStreamSink *self = SCALYR_STREAM_SINK (sink);
  return scalyr_fd_buffer_flush (&self->out, error);
}

static void
scalyr_stream_sink_close (ScalyrLogSink *sink)
{
  ScalyrStreamSink *self = SCALYR_STREAM_SINK (sink);
  scalyr_fd_buffer_flush (&self->out, NULL);
}

static void
scalyr_stream_sink_finalize (GObject *object)
{
  ScalyrStreamSink *self = SCALYR_STREAM_SINK (object);

  scalyr_fd_buffer_clear (&self->out);
  G_OBJECT_CLASS (scalyr_stream_sink_parent_class)->finalize (object);
}

static void
scalyr_stream_sink_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScalyrStreamSink *self = SCALYR_STREAM_SINK (object);

  switch (prop_id)
    {
    case PROP_FD:
      g_value_set_int (value, self->out.fd);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_stream_sink_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ScalyrStreamSink *self = SCALYR_STREAM_SINK (object);

  switch (prop_id)
    {
    case PROP_FD:
      self->out.fd = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_stream_sink_class_init (ScalyrStreamSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ScalyrLogSinkClass *sink_class = SCALYR_LOG_SINK_CLASS (klass);

  object_class->finalize = scalyr_stream_sink_finalize;
  object_class->get_property = scalyr_stream_sink_get_property;
  object_class->set_property = scalyr_stream_sink_set_property;
  sink_class->write = scalyr_stream_sink_write;
  sink_class->flush = scalyr_stream_sink_flush;
  sink_class->close = scalyr_stream_sink_close;

  /**
   * ScalyrStreamSink:fd:
   *
   * The file descriptor written to (not owned by the sink).
   */
  properties[PROP_FD] =
    g_param_spec_int ("fd", NULL, NULL,
                      0, G_MAXINT, 1,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scalyr_stream_sink_init (ScalyrStreamSink *self)
{
  scalyr_fd_buffer_init (&self->out, 1);
}

/**
 * scalyr_stream_sink_new_for_fd:
 * @fd: an open file descriptor, e.g. 1 for standard output
 *
 * Creates a sink writing to @fd, flushing every line and not rate limited
 * until scalyr_log_sink_set_rate_limit() is called.
 *
 * Returns: (transfer full): a new #ScalyrStreamSink
 *
 * Since: 0.1
 */
ScalyrLogSink *
scalyr_stream_sink_new_for_fd (int fd)
{
  g_return_val_if_fail (fd >= 0, NULL);
  return g_object_new (SCALYR_TYPE_STREAM_SINK, "fd", fd, NULL);
}

/**
 * scalyr_stream_sink_get_fd:
 * @self: a #ScalyrStreamSink
 *
 * Returns: the file descriptor the sink writes to
 *
 * Since: 0.1
 */
int
scalyr_stream_sink_get_fd (ScalyrStreamSink *self)
{
  g_return_val_if_fail (SCALYR_IS_STREAM_SINK (self), -1);
  return self->out.fd;
}
