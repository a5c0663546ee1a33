/* scalyr-monitor-thread-private.h: a monitor's thread and the state it
 * shares with the other threads, all under its lock
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor.h"

G_BEGIN_DECLS

typedef struct {
  GMutex lock;
  GCond cond;
  GThread *thread;
  gboolean stopping;
  gboolean running;
  gboolean stop_asked;         /* #ScalyrMonitorClass.stop was called ... */
  gboolean stop_returned;      /* ... and returned */
  gint64 last_sample_time;
  guint64 sample_count;
  guint64 sample_limit;        /* 0: none */
  gint64 sample_usec_total;    /* monotonic time spent in gather_sample */
  gint64 last_sample_usec;     /* the same, of the last sample */
  guint64 failed_sample_count; /* samples whose gather_sample returned FALSE */
} ScalyrMonitorThread;

/* scalyr-monitor-thread.c */
void     scalyr_monitor_thread_init  (ScalyrMonitorThread *run);
void     scalyr_monitor_thread_clear (ScalyrMonitorThread *run);
void     scalyr_monitor_real_stop    (ScalyrMonitor       *self);
/* whether the default run has gathered #ScalyrMonitor's sample limit */
gboolean scalyr_monitor_thread_limit_reached (ScalyrMonitorThread *run);

/* scalyr-monitor.c */
ScalyrMonitorThread *scalyr_monitor_get_thread_state (ScalyrMonitor *self);
gpointer             scalyr_monitor_thread_main      (gpointer       data);

G_END_DECLS
