/* scalyr-log-sink.c: where metric and diagnostic lines go, rate limited
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-log-sink.h"
#include "scalyr-log-sink-private.h"
#include "scalyr-clock-private.h"
#include "scalyr-rate-limiter-private.h"
#include "scalyr-i18n-private.h"

/**
 * ScalyrLogSink:
 *
 * The destination of log lines: a metric log, `agent.log`, or a terminal.
 *
 * A sink serialises writers (several monitors may share one metric log) and
 * applies the agent's write-rate limit: a leaky bucket over the length of
 * each line in characters, `monitor_log_max_write_burst` big and refilled at
 * `monitor_log_write_rate` characters per second. A line that does not fit
 * is dropped and counted; the next line that is written is preceded by the
 * line `.... Warning, skipped writing N log lines due to limit set by
 * `monitor_log_write_rate` option...`, exactly as the reference agent does.
 *
 * Subclasses implement #ScalyrLogSinkClass.write; see #ScalyrFileSink and
 * #ScalyrStreamSink.
 *
 * Thread safety: every method may be called from any thread; a sink holds a
 * lock while it writes a line, so lines of several threads never interleave.
 * Subclasses' `write`, `flush` and `close` are called with that lock held.
 *
 * Since: 0.1
 */

typedef struct
{
  GMutex lock;
  ScalyrRateLimiter limiter;
  guint64 pending_dropped;
  guint64 lines_written;
  guint64 lines_dropped;
  double flush_delay;
  gint64 last_flush_us;
  gboolean dirty;
  gboolean closed;
  gboolean reported_write_error;
} ScalyrLogSinkPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ScalyrLogSink, scalyr_log_sink, G_TYPE_OBJECT)

/* The sink whose lines this thread holds until the end of the sample it is
 * gathering, and since when (scalyr-log-sink-private.h) */
static _Thread_local ScalyrLogSink *batch_sink;
static _Thread_local gint64 batch_start_us;

enum {
  PROP_0,
  PROP_WRITE_RATE,
  PROP_MAX_WRITE_BURST,
  PROP_FLUSH_DELAY,
  PROP_LINES_WRITTEN,
  PROP_LINES_DROPPED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
scalyr_log_sink_finalize (GObject *object)
{
  ScalyrLogSink *self = SCALYR_LOG_SINK (object);
  ScalyrLogSinkPrivate *priv = scalyr_log_sink_get_instance_private (self);

  g_mutex_clear (&priv->lock);
  G_OBJECT_CLASS (scalyr_log_sink_parent_class)->finalize (object);
}

static void
scalyr_log_sink_dispose (GObject *object)
{
  scalyr_log_sink_close (SCALYR_LOG_SINK (object));
  G_OBJECT_CLASS (scalyr_log_sink_parent_class)->dispose (object);
}

static void
scalyr_log_sink_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScalyrLogSink *self = SCALYR_LOG_SINK (object);

  switch (prop_id)
    {
    case PROP_WRITE_RATE:
      g_value_set_double (value, scalyr_log_sink_get_write_rate (self));
      break;
    case PROP_MAX_WRITE_BURST:
      g_value_set_double (value, scalyr_log_sink_get_max_write_burst (self));
      break;
    case PROP_FLUSH_DELAY:
      g_value_set_double (value, scalyr_log_sink_get_flush_delay (self));
      break;
    case PROP_LINES_WRITTEN:
      g_value_set_uint64 (value, scalyr_log_sink_get_lines_written (self));
      break;
    case PROP_LINES_DROPPED:
      g_value_set_uint64 (value, scalyr_log_sink_get_lines_dropped (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_log_sink_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScalyrLogSink *self = SCALYR_LOG_SINK (object);

  switch (prop_id)
    {
    case PROP_FLUSH_DELAY:
      scalyr_log_sink_set_flush_delay (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
scalyr_log_sink_class_init (ScalyrLogSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = scalyr_log_sink_dispose;
  object_class->finalize = scalyr_log_sink_finalize;
  object_class->get_property = scalyr_log_sink_get_property;
  object_class->set_property = scalyr_log_sink_set_property;

  /**
   * ScalyrLogSink:write-rate:
   *
   * The refill rate of the rate limiter in characters per second; negative
   * when the sink is not rate limited. Set with
   * scalyr_log_sink_set_rate_limit().
   */
  properties[PROP_WRITE_RATE] =
    g_param_spec_double ("write-rate", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, -1,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrLogSink:max-write-burst:
   *
   * The capacity of the rate limiter in characters; negative when the sink
   * is not rate limited.
   */
  properties[PROP_MAX_WRITE_BURST] =
    g_param_spec_double ("max-write-burst", NULL, NULL,
                         -G_MAXDOUBLE, G_MAXDOUBLE, -1,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrLogSink:flush-delay:
   *
   * Seconds between flushes of buffered lines; 0 flushes every line
   * (`monitor_log_flush_delay`).
   */
  properties[PROP_FLUSH_DELAY] =
    g_param_spec_double ("flush-delay", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrLogSink:lines-written:
   *
   * The number of lines written so far (the rate limiter's warnings excluded).
   */
  properties[PROP_LINES_WRITTEN] =
    g_param_spec_uint64 ("lines-written", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * ScalyrLogSink:lines-dropped:
   *
   * The number of lines dropped by the rate limiter or by write errors.
   */
  properties[PROP_LINES_DROPPED] =
    g_param_spec_uint64 ("lines-dropped", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
scalyr_log_sink_init (ScalyrLogSink *self)
{
  ScalyrLogSinkPrivate *priv = scalyr_log_sink_get_instance_private (self);

  g_mutex_init (&priv->lock);
  scalyr_rate_limiter_init (&priv->limiter, -1, -1, 0);
}

static void
flush_locked (ScalyrLogSink        *self,
              ScalyrLogSinkPrivate *priv,
              gint64                now_us)
{
  ScalyrLogSinkClass *klass = SCALYR_LOG_SINK_GET_CLASS (self);
  g_autoptr(GError) error = NULL;

  priv->last_flush_us = now_us;
  if (!priv->dirty || klass->flush == NULL)
    return;
  priv->dirty = FALSE;
  if (!klass->flush (self, &error) && !priv->reported_write_error)
    {
      priv->reported_write_error = TRUE;
      g_warning (_("Could not write log lines: %s"), error->message);
    }
}

/* whether #ScalyrLogSink:flush-delay says buffered lines go out now */
static gboolean
flush_due (ScalyrLogSinkPrivate *priv,
           gint64                now_us)
{
  return priv->flush_delay <= 0 ||
         (double) (now_us - priv->last_flush_us) >= priv->flush_delay * G_USEC_PER_SEC;
}

void
scalyr_log_sink_begin_batch (ScalyrLogSink *self)
{
  g_return_if_fail (SCALYR_IS_LOG_SINK (self));
  batch_sink = self;
  batch_start_us = scalyr_clock_monotonic_time ();
}

void
scalyr_log_sink_end_batch (ScalyrLogSink *self)
{
  ScalyrLogSinkPrivate *priv;
  gint64 now_us;

  g_return_if_fail (SCALYR_IS_LOG_SINK (self));
  if (batch_sink != self)
    return;
  batch_sink = NULL;
  priv = scalyr_log_sink_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  now_us = scalyr_clock_monotonic_time ();
  if (!priv->closed && priv->dirty && flush_due (priv, now_us))
    flush_locked (self, priv, now_us);
  g_mutex_unlock (&priv->lock);
}

#define SKIPPED_FORMAT \
  ".... Warning, skipped writing %" G_GUINT64_FORMAT \
  " log lines due to limit set by `monitor_log_write_rate` option...\n"

/**
 * scalyr_log_sink_write_line:
 * @self: a #ScalyrLogSink
 * @line: (array length=len) (element-type guint8): one line, without its
 *   terminating newline
 * @len: the length of @line in bytes, or -1 if it is nul-terminated
 *
 * Writes one line (a newline is appended) if the rate limiter lets it
 * through, preceded by the skipped-lines warning when lines were dropped
 * since the last write. Safe to call from several threads.
 *
 * Returns: %TRUE if the line was written, %FALSE if it was dropped
 *
 * Since: 0.1
 */
gboolean
scalyr_log_sink_write_line (ScalyrLogSink *self,
                            const char    *line,
                            gssize         len)
{
  ScalyrLogSinkPrivate *priv;
  ScalyrLogSinkClass *klass;
  g_autoptr(GError) error = NULL;
  char warning[160];
  int warning_len = 0;
  gint64 now_us;
  gboolean ok;

  g_return_val_if_fail (SCALYR_IS_LOG_SINK (self), FALSE);
  g_return_val_if_fail (line != NULL, FALSE);

  priv = scalyr_log_sink_get_instance_private (self);
  klass = SCALYR_LOG_SINK_GET_CLASS (self);
  if (len < 0)
    len = (gssize) strlen (line);

  g_mutex_lock (&priv->lock);
  if (priv->closed)
    {
      priv->lines_dropped++;
      g_mutex_unlock (&priv->lock);
      return FALSE;
    }

  now_us = scalyr_clock_monotonic_time ();
  if (priv->pending_dropped > 0)
    warning_len = g_snprintf (warning, sizeof warning, SKIPPED_FORMAT, priv->pending_dropped);
  if (scalyr_rate_limiter_is_limited (&priv->limiter))
    {
      /* the warning and the line are charged together, in characters */
      double cost = (double) g_utf8_strlen (line, len) + warning_len;

      if (!scalyr_rate_limiter_charge (&priv->limiter, cost, now_us))
        {
          priv->pending_dropped++;
          priv->lines_dropped++;
          g_mutex_unlock (&priv->lock);
          return FALSE;
        }
    }
  priv->pending_dropped = 0;

  ok = TRUE;
  if (warning_len > 0)
    ok = klass->write (self, warning, (gsize) warning_len, &error);
  if (ok)
    {
      /* The line and its newline in one call keeps lines whole. */
      char stack_buf[1024];
      char *buf = (gsize) len < sizeof stack_buf ? stack_buf : g_malloc ((gsize) len + 1);

      memcpy (buf, line, (gsize) len);
      buf[len] = '\n';
      ok = klass->write (self, buf, (gsize) len + 1, &error);
      if (buf != stack_buf)
        g_free (buf);
    }

  if (ok)
    {
      priv->lines_written++;
      priv->dirty = TRUE;
      gboolean held = batch_sink == self && now_us - batch_start_us < SCALYR_LOG_SINK_BATCH_MAX_USEC;

      if (!held && flush_due (priv, now_us))
        flush_locked (self, priv, now_us);
    }
  else
    {
      priv->lines_dropped++;
      if (!priv->reported_write_error)
        {
          priv->reported_write_error = TRUE;
          g_warning (_("Could not write log line: %s"), error->message);
        }
    }
  g_mutex_unlock (&priv->lock);
  return ok;
}

/**
 * scalyr_log_sink_flush:
 * @self: a #ScalyrLogSink
 * @error: return location for a #GError
 *
 * Writes out lines buffered because of #ScalyrLogSink:flush-delay.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
scalyr_log_sink_flush (ScalyrLogSink *self,
                       GError       **error)
{
  ScalyrLogSinkPrivate *priv;
  ScalyrLogSinkClass *klass;
  gboolean ok = TRUE;

  g_return_val_if_fail (SCALYR_IS_LOG_SINK (self), FALSE);

  priv = scalyr_log_sink_get_instance_private (self);
  klass = SCALYR_LOG_SINK_GET_CLASS (self);
  g_mutex_lock (&priv->lock);
  if (!priv->closed && klass->flush != NULL)
    {
      ok = klass->flush (self, error);
      priv->dirty = FALSE;
      priv->last_flush_us = scalyr_clock_monotonic_time ();
    }
  g_mutex_unlock (&priv->lock);
  return ok;
}

/**
 * scalyr_log_sink_close:
 * @self: a #ScalyrLogSink
 *
 * Flushes and closes the sink; later lines are dropped. Closing twice is
 * harmless.
 *
 * Since: 0.1
 */
void
scalyr_log_sink_close (ScalyrLogSink *self)
{
  ScalyrLogSinkPrivate *priv;
  ScalyrLogSinkClass *klass;

  g_return_if_fail (SCALYR_IS_LOG_SINK (self));

  priv = scalyr_log_sink_get_instance_private (self);
  klass = SCALYR_LOG_SINK_GET_CLASS (self);
  g_mutex_lock (&priv->lock);
  if (!priv->closed)
    {
      flush_locked (self, priv, scalyr_clock_monotonic_time ());
      priv->closed = TRUE;
      if (klass->close != NULL)
        klass->close (self);
    }
  g_mutex_unlock (&priv->lock);
}

/**
 * scalyr_log_sink_set_rate_limit:
 * @self: a #ScalyrLogSink
 * @bytes_per_second: refill rate (`monitor_log_write_rate`); negative
 *   disables limiting, 0 never refills
 * @max_burst_bytes: capacity (`monitor_log_max_write_burst`); negative
 *   disables limiting
 *
 * Sets the write-rate limit. The bucket starts full.
 *
 * Since: 0.1
 */
void
scalyr_log_sink_set_rate_limit (ScalyrLogSink *self,
                                double         bytes_per_second,
                                double         max_burst_bytes)
{
  ScalyrLogSinkPrivate *priv;

  g_return_if_fail (SCALYR_IS_LOG_SINK (self));

  priv = scalyr_log_sink_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  scalyr_rate_limiter_init (&priv->limiter, max_burst_bytes, bytes_per_second,
                            scalyr_clock_monotonic_time ());
  g_mutex_unlock (&priv->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITE_RATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_WRITE_BURST]);
}

/**
 * scalyr_log_sink_get_write_rate:
 * @self: a #ScalyrLogSink
 *
 * Returns: the refill rate of the rate limiter, negative if unlimited
 *
 * Since: 0.1
 */
double
scalyr_log_sink_get_write_rate (ScalyrLogSink *self)
{
  ScalyrLogSinkPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_LOG_SINK (self), -1);
  priv = scalyr_log_sink_get_instance_private (self);
  return scalyr_rate_limiter_is_limited (&priv->limiter) ? priv->limiter.fill_rate : -1;
}

/**
 * scalyr_log_sink_get_max_write_burst:
 * @self: a #ScalyrLogSink
 *
 * Returns: the capacity of the rate limiter, negative if unlimited
 *
 * Since: 0.1
 */
double
scalyr_log_sink_get_max_write_burst (ScalyrLogSink *self)
{
  ScalyrLogSinkPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_LOG_SINK (self), -1);
  priv = scalyr_log_sink_get_instance_private (self);
  return scalyr_rate_limiter_is_limited (&priv->limiter) ? priv->limiter.capacity : -1;
}

/**
 * scalyr_log_sink_set_flush_delay:
 * @self: a #ScalyrLogSink
 * @seconds: seconds between flushes, 0 to flush every line
 *
 * Sets #ScalyrLogSink:flush-delay. Buffered lines are also flushed by
 * scalyr_log_sink_flush() and scalyr_log_sink_close().
 *
 * Since: 0.1
 */
void
scalyr_log_sink_set_flush_delay (ScalyrLogSink *self,
                                 double         seconds)
{
  ScalyrLogSinkPrivate *priv;

  g_return_if_fail (SCALYR_IS_LOG_SINK (self));
  g_return_if_fail (seconds >= 0);

  priv = scalyr_log_sink_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  if (priv->flush_delay == seconds)
    {
      g_mutex_unlock (&priv->lock);
      return;
    }
  priv->flush_delay = seconds;
  g_mutex_unlock (&priv->lock);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLUSH_DELAY]);
}

/**
 * scalyr_log_sink_get_flush_delay:
 * @self: a #ScalyrLogSink
 *
 * Returns: the #ScalyrLogSink:flush-delay in seconds
 *
 * Since: 0.1
 */
double
scalyr_log_sink_get_flush_delay (ScalyrLogSink *self)
{
  ScalyrLogSinkPrivate *priv;

  g_return_val_if_fail (SCALYR_IS_LOG_SINK (self), 0);
  priv = scalyr_log_sink_get_instance_private (self);
  return priv->flush_delay;
}

/**
 * scalyr_log_sink_get_lines_written:
 * @self: a #ScalyrLogSink
 *
 * Returns: the number of lines written
 *
 * Since: 0.1
 */
guint64
scalyr_log_sink_get_lines_written (ScalyrLogSink *self)
{
  ScalyrLogSinkPrivate *priv;
  guint64 n;

  g_return_val_if_fail (SCALYR_IS_LOG_SINK (self), 0);
  priv = scalyr_log_sink_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  n = priv->lines_written;
  g_mutex_unlock (&priv->lock);
  return n;
}

/**
 * scalyr_log_sink_get_lines_dropped:
 * @self: a #ScalyrLogSink
 *
 * Returns: the number of lines dropped by the rate limiter or a write error
 *
 * Since: 0.1
 */
guint64
scalyr_log_sink_get_lines_dropped (ScalyrLogSink *self)
{
  ScalyrLogSinkPrivate *priv;
  guint64 n;

  g_return_val_if_fail (SCALYR_IS_LOG_SINK (self), 0);
  priv = scalyr_log_sink_get_instance_private (self);
  g_mutex_lock (&priv->lock);
  n = priv->lines_dropped;
  g_mutex_unlock (&priv->lock);
  return n;
}
