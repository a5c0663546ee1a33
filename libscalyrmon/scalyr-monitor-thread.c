/* scalyr-monitor-thread.c: a monitor's thread from the outside: starting
 * and stopping it, the wait between samples, the running and stopping
 * state and the sample counters. What the thread does (the jitter delay,
 * the sampling loop and their diagnostics) is in scalyr-monitor.c.
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor.h"
#include "scalyr-monitor-thread-private.h"
#include "scalyr-log-sink-private.h"
#include "scalyr-clock-private.h"
#include "scalyr-clamp-private.h"
#include "scalyr-i18n-private.h"

void
scalyr_monitor_thread_init (ScalyrMonitorThread *run)
{
  g_mutex_init (&run->lock);
  g_cond_init (&run->cond);
}

void
scalyr_monitor_thread_clear (ScalyrMonitorThread *run)
{
  /* The thread holds a reference while it runs, so it has ended (or this is
   * its own last reference being dropped on the way out). */
  if (run->thread != NULL)
    g_thread_unref (run->thread);
  g_mutex_clear (&run->lock);
  g_cond_clear (&run->cond);
}

/* The default #ScalyrMonitorClass.stop: wakes the wait between samples. */
void
scalyr_monitor_real_stop (ScalyrMonitor *self)
{
  ScalyrMonitorThread *run = scalyr_monitor_get_thread_state (self);

  g_mutex_lock (&run->lock);
  run->stopping = TRUE;
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->lock);
}

/**
 * scalyr_monitor_get_last_sample_time:
 * @self: a #ScalyrMonitor
 *
 * Returns: the wall-clock time (microseconds since the epoch) at which the
 *   last sample was gathered, 0 before the first
 *
 * Since: 0.1
 */
gint64
scalyr_monitor_get_last_sample_time (ScalyrMonitor *self)
{
  ScalyrMonitorThread *run;
  gint64 t;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), 0);
  run = scalyr_monitor_get_thread_state (self);
  g_mutex_lock (&run->lock);
  t = run->last_sample_time;
  g_mutex_unlock (&run->lock);
  return t;
}

/**
 * scalyr_monitor_get_sample_count:
 * @self: a #ScalyrMonitor
 *
 * Returns: how many samples were gathered (failed ones included)
 *
 * Since: 0.1
 */
guint64
scalyr_monitor_get_sample_count (ScalyrMonitor *self)
{
  ScalyrMonitorThread *run;
  guint64 n;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), 0);
  run = scalyr_monitor_get_thread_state (self);
  g_mutex_lock (&run->lock);
  n = run->sample_count;
  g_mutex_unlock (&run->lock);
  return n;
}

/**
 * scalyr_monitor_set_sample_limit:
 * @self: a #ScalyrMonitor, not started yet
 * @limit: how many samples to gather; 0 for no limit (the default)
 *
 * Makes the default #ScalyrMonitorClass.run end by itself after @limit
 * samples, right after the last one (without the wait of a sample
 * interval): scalyr_monitor_is_running() is then %FALSE, and
 * scalyr_monitor_stop() returns at once. The first sample is gathered when
 * the monitor starts (after the jitter delay if #ScalyrMonitor:jitter is
 * set), as always. A failed sample counts, and is reported in the
 * monitor's log as any failed sample is (see
 * scalyr_agent_logger_get_errors()). A monitor whose class overrides
 * #ScalyrMonitorClass.run ignores the limit. This is
 * `scalyr-run-monitor --once` and `--count N`.
 *
 * Since: 0.3
 */
void
scalyr_monitor_set_sample_limit (ScalyrMonitor *self,
                                 guint64        limit)
{
  ScalyrMonitorThread *run;

  g_return_if_fail (SCALYR_IS_MONITOR (self));
  run = scalyr_monitor_get_thread_state (self);
  g_mutex_lock (&run->lock);
  run->sample_limit = limit;
  g_mutex_unlock (&run->lock);
}

/**
 * scalyr_monitor_get_sample_limit:
 * @self: a #ScalyrMonitor
 *
 * Returns: the limit set with scalyr_monitor_set_sample_limit(), 0 for none
 *
 * Since: 0.3
 */
guint64
scalyr_monitor_get_sample_limit (ScalyrMonitor *self)
{
  ScalyrMonitorThread *run;
  guint64 limit;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), 0);
  run = scalyr_monitor_get_thread_state (self);
  g_mutex_lock (&run->lock);
  limit = run->sample_limit;
  g_mutex_unlock (&run->lock);
  return limit;
}

gboolean
scalyr_monitor_thread_limit_reached (ScalyrMonitorThread *run)
{
  gboolean reached;

  g_mutex_lock (&run->lock);
  reached = run->sample_limit > 0 && run->sample_count >= run->sample_limit;
  g_mutex_unlock (&run->lock);
  return reached;
}

/**
 * scalyr_monitor_gather_sample:
 * @self: a #ScalyrMonitor
 * @error: return location for a #GError
 *
 * Gathers one sample now by calling #ScalyrMonitorClass.gather_sample, and
 * records its time, its duration (scalyr_monitor_get_sample_seconds_total())
 * and whether it failed (scalyr_monitor_get_failed_sample_count()).
 *
 * The metric lines the sample writes from this thread are written out
 * together when it ends, with one write to the metric log (since 0.5;
 * before, each line was written as it came). A sample that goes on writing
 * for more than a second has its lines written out as it goes.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_gather_sample (ScalyrMonitor *self,
                              GError       **error)
{
  ScalyrMonitorThread *run;
  ScalyrAgentLogger *logger;
  ScalyrLogSink *sink;
  gboolean ok;
  gint64 start, took;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), FALSE);
  run = scalyr_monitor_get_thread_state (self);

  g_mutex_lock (&run->lock);
  run->last_sample_time = scalyr_clock_real_time ();
  run->sample_count++;
  g_mutex_unlock (&run->lock);

  /* the sample's metric lines go out together, with one write(2), when
   * it ends (scalyr-log-sink-private.h) */
  logger = scalyr_monitor_get_logger (self);
  sink = logger != NULL ? scalyr_agent_logger_get_metric_sink (logger) : NULL;
  if (sink != NULL)
    {
      g_object_ref (sink);
      scalyr_log_sink_begin_batch (sink);
    }
  start = g_get_monotonic_time ();
  ok = SCALYR_MONITOR_GET_CLASS (self)->gather_sample (self, error);
  took = g_get_monotonic_time () - start;
  if (sink != NULL)
    {
      scalyr_log_sink_end_batch (sink);
      g_object_unref (sink);
    }
  g_warn_if_fail (ok || error == NULL || *error != NULL);

  /* the second (uncontended) take of the lock per sample: the figures of
   * the sample's duration and outcome, read by the status */
  g_mutex_lock (&run->lock);
  run->sample_usec_total += took;
  run->last_sample_usec = took;
  if (!ok)
    run->failed_sample_count++;
  g_mutex_unlock (&run->lock);
  return ok;
}

/**
 * scalyr_monitor_get_sample_seconds_total:
 * @self: a #ScalyrMonitor
 *
 * The time spent in #ScalyrMonitorClass.gather_sample, measured on the
 * monotonic clock around every call of scalyr_monitor_gather_sample() (the
 * default #ScalyrMonitorClass.run calls it once per sample interval).
 *
 * Returns: the total, in seconds, of every sample gathered so far
 *
 * Since: 0.4
 */
double
scalyr_monitor_get_sample_seconds_total (ScalyrMonitor *self)
{
  ScalyrMonitorThread *run;
  gint64 usec;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), 0);
  run = scalyr_monitor_get_thread_state (self);
  g_mutex_lock (&run->lock);
  usec = run->sample_usec_total;
  g_mutex_unlock (&run->lock);
  return (double) usec / G_USEC_PER_SEC;
}

/**
 * scalyr_monitor_get_last_sample_seconds:
 * @self: a #ScalyrMonitor
 *
 * Returns: how long the last completed call of
 *   #ScalyrMonitorClass.gather_sample took, in seconds (monotonic clock);
 *   0 before the first sample completed
 *
 * Since: 0.4
 */
double
scalyr_monitor_get_last_sample_seconds (ScalyrMonitor *self)
{
  ScalyrMonitorThread *run;
  gint64 usec;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), 0);
  run = scalyr_monitor_get_thread_state (self);
  g_mutex_lock (&run->lock);
  usec = run->last_sample_usec;
  g_mutex_unlock (&run->lock);
  return (double) usec / G_USEC_PER_SEC;
}

/**
 * scalyr_monitor_get_failed_sample_count:
 * @self: a #ScalyrMonitor
 *
 * Returns: how many samples failed: calls of
 *   #ScalyrMonitorClass.gather_sample that returned %FALSE (a Python or
 *   JavaScript monitor's gather_sample that raised); they are counted in
 *   scalyr_monitor_get_sample_count() too
 *
 * Since: 0.4
 */
guint64
scalyr_monitor_get_failed_sample_count (ScalyrMonitor *self)
{
  ScalyrMonitorThread *run;
  guint64 n;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), 0);
  run = scalyr_monitor_get_thread_state (self);
  g_mutex_lock (&run->lock);
  n = run->failed_sample_count;
  g_mutex_unlock (&run->lock);
  return n;
}

/**
 * scalyr_monitor_is_stopping:
 * @self: a #ScalyrMonitor
 *
 * Returns: %TRUE once scalyr_monitor_stop() was called; a custom
 *   #ScalyrMonitorClass.run returns then
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_is_stopping (ScalyrMonitor *self)
{
  ScalyrMonitorThread *run;
  gboolean stopping;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), TRUE);
  run = scalyr_monitor_get_thread_state (self);
  g_mutex_lock (&run->lock);
  stopping = run->stopping;
  g_mutex_unlock (&run->lock);
  return stopping;
}

/**
 * scalyr_monitor_is_running:
 * @self: a #ScalyrMonitor
 *
 * Returns: %TRUE while the monitor's thread runs
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_is_running (ScalyrMonitor *self)
{
  ScalyrMonitorThread *run;
  gboolean running;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), FALSE);
  run = scalyr_monitor_get_thread_state (self);
  g_mutex_lock (&run->lock);
  running = run->running;
  g_mutex_unlock (&run->lock);
  return running;
}

/**
 * scalyr_monitor_wait:
 * @self: a #ScalyrMonitor
 * @end_time: a time on the clock of g_get_monotonic_time() to give up at,
 *   or %G_MAXINT64 to wait as long as it takes
 *
 * Waits until the monitor's thread ends (its run returned: it was stopped,
 * or reached its sample limit, or a monitor overriding
 * #ScalyrMonitorClass.run returned by itself), without polling. Unlike
 * scalyr_monitor_stop(), it does not ask the monitor to stop and does not
 * join its thread. A monitor that was never started is not running: it
 * returns at once.
 *
 * Returns: %TRUE if the monitor's thread is not running
 *   (scalyr_monitor_is_running() is %FALSE), %FALSE at @end_time
 *
 * Since: 0.5
 */
gboolean
scalyr_monitor_wait (ScalyrMonitor *self,
                     gint64         end_time)
{
  ScalyrMonitorThread *run;
  gboolean ended;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), TRUE);
  run = scalyr_monitor_get_thread_state (self);
  g_mutex_lock (&run->lock);
  while (run->running)
    {
      if (end_time == G_MAXINT64)
        g_cond_wait (&run->cond, &run->lock);
      else if (!g_cond_wait_until (&run->cond, &run->lock, end_time))
        break;
    }
  ended = !run->running;
  g_mutex_unlock (&run->lock);
  return ended;
}

/**
 * scalyr_monitor_sleep:
 * @self: a #ScalyrMonitor
 * @seconds: how long to wait
 *
 * Waits @seconds, or less if the monitor is stopped meanwhile.
 *
 * Returns: %TRUE if the monitor is stopping
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_sleep (ScalyrMonitor *self,
                      double         seconds)
{
  ScalyrMonitorThread *run;
  gint64 deadline;
  gboolean stopping;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), TRUE);
  run = scalyr_monitor_get_thread_state (self);

  /* clamped: a huge @seconds once overflowed into a deadline in the past */
  deadline = scalyr_clamp_add_int64 (g_get_monotonic_time (), scalyr_clamp_seconds_to_usec (seconds));
  g_mutex_lock (&run->lock);
  while (!run->stopping)
    {
      if (!g_cond_wait_until (&run->cond, &run->lock, deadline))
        break;
    }
  stopping = run->stopping;
  g_mutex_unlock (&run->lock);
  return stopping;
}

/**
 * scalyr_monitor_start:
 * @self: a #ScalyrMonitor
 * @error: return location for a #GError
 *
 * Starts the monitor's thread, which runs #ScalyrMonitorClass.run (after
 * the initial jitter delay if #ScalyrMonitor:jitter is set). A monitor is
 * started at most once.
 *
 * Returns: %TRUE if the thread started
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_start (ScalyrMonitor *self,
                      GError       **error)
{
  ScalyrMonitorThread *run;
  g_autofree char *thread_name = NULL;
  GThread *thread;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), FALSE);
  run = scalyr_monitor_get_thread_state (self);

  g_mutex_lock (&run->lock);
  if (run->thread != NULL || run->stopping)
    {
      g_mutex_unlock (&run->lock);
      g_set_error (error, SCALYR_MONITOR_ERROR, SCALYR_MONITOR_ERROR_FAILED,
                   _("%s: the monitor was already started"), scalyr_monitor_get_monitor_name (self));
      return FALSE;
    }
  run->running = TRUE;
  g_mutex_unlock (&run->lock);

  thread_name = g_strdup_printf ("mon:%s", scalyr_monitor_get_short_module_name (self));
  thread = g_thread_try_new (thread_name, scalyr_monitor_thread_main, g_object_ref (self), error);
  g_mutex_lock (&run->lock);
  if (thread == NULL)
    run->running = FALSE;
  run->thread = thread;
  g_mutex_unlock (&run->lock);
  if (thread == NULL)
    {
      g_object_unref (self);
      return FALSE;
    }
  return TRUE;
}

/* Runs #ScalyrMonitorClass.stop on a thread of its own: a monitor's stop
 * is its own code, and one that never returns must not hold up its owner. */
static gpointer
stop_thread_main (gpointer data)
{
  ScalyrMonitor *self = data;
  ScalyrMonitorThread *run = scalyr_monitor_get_thread_state (self);

  SCALYR_MONITOR_GET_CLASS (self)->stop (self);
  g_mutex_lock (&run->lock);
  run->stop_returned = TRUE;
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->lock);
  g_object_unref (self);
  return NULL;
}

static void
ask_to_stop (ScalyrMonitor *self)
{
  ScalyrMonitorThread *run = scalyr_monitor_get_thread_state (self);
  g_autofree char *thread_name = NULL;
  GThread *thread;
  gboolean asked;

  g_mutex_lock (&run->lock);
  asked = run->stop_asked;
  run->stop_asked = TRUE;
  g_mutex_unlock (&run->lock);
  if (asked)
    return;
  thread_name = g_strdup_printf ("stop:%s", scalyr_monitor_get_short_module_name (self));
  thread = g_thread_try_new (thread_name, stop_thread_main, g_object_ref (self), NULL);
  if (thread != NULL)
    g_thread_unref (thread);
  else
    stop_thread_main (self);   /* no thread to be had: here, unbounded */
}

/**
 * scalyr_monitor_stop:
 * @self: a #ScalyrMonitor
 * @timeout_ms: how long to wait for the thread to end, in milliseconds
 *
 * Asks the monitor to stop (#ScalyrMonitorClass.stop wakes its wait between
 * samples) and waits up to @timeout_ms for its thread to end. The class's
 * stop is called once, the first time, on a short-lived thread of its own,
 * so that a stop that never returns cannot hold up the caller; later calls
 * only wait. A monitor stuck in #ScalyrMonitorClass.gather_sample (or in its
 * stop) cannot be interrupted: the call then returns %FALSE after
 * @timeout_ms and the thread finishes (and drops its reference) whenever
 * the sample returns.
 *
 * Returns: %TRUE if the monitor is not running any more (and its stop
 *   returned)
 *
 * Since: 0.1
 */
gboolean
scalyr_monitor_stop (ScalyrMonitor *self,
                     guint          timeout_ms)
{
  ScalyrMonitorThread *run;
  gint64 deadline;
  gboolean stopped;
  GThread *thread = NULL;

  g_return_val_if_fail (SCALYR_IS_MONITOR (self), FALSE);
  run = scalyr_monitor_get_thread_state (self);

  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  ask_to_stop (self);

  g_mutex_lock (&run->lock);
  run->stopping = TRUE;
  while (run->running || !run->stop_returned)
    {
      if (!g_cond_wait_until (&run->cond, &run->lock, deadline))
        break;
    }
  stopped = !run->running && run->stop_returned;
  if (!run->running && run->thread != NULL && run->thread != g_thread_self ())
    {
      thread = run->thread;
      run->thread = NULL;
    }
  g_mutex_unlock (&run->lock);

  if (thread != NULL)
    g_thread_join (thread);
  return stopped;
}
