/* scalyr-monitor-load-job-private.h: building one monitor (loading its
 * module, then its initialize) on a thread of its own, waited for with a
 * deadline
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>

G_BEGIN_DECLS

typedef struct _ScalyrMonitorLoadJob ScalyrMonitorLoadJob;

ScalyrMonitorLoadJob *scalyr_monitor_load_job_start    (ScalyrMonitorRegistry *registry,
                                                        JsonObject            *entry,
                                                        ScalyrAgentLogger     *logger,
                                                        double                 sample_interval,
                                                        guint                  timeout_ms,
                                                        const char            *name);
ScalyrMonitorLoadJob *scalyr_monitor_load_job_ref      (ScalyrMonitorLoadJob  *job);
void                  scalyr_monitor_load_job_unref    (ScalyrMonitorLoadJob  *job);
const char           *scalyr_monitor_load_job_get_name (ScalyrMonitorLoadJob  *job);
gboolean              scalyr_monitor_load_job_is_done  (ScalyrMonitorLoadJob  *job);
gint64                scalyr_monitor_load_job_get_deadline (ScalyrMonitorLoadJob *job);
ScalyrMonitor        *scalyr_monitor_load_job_finish   (ScalyrMonitorLoadJob  *job,
                                                        GError               **error);
gboolean              scalyr_monitor_load_job_wait_all (GPtrArray             *jobs,
                                                        gint64                 deadline_us);
guint                 scalyr_monitor_load_job_count_pending (GPtrArray        *jobs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrMonitorLoadJob, scalyr_monitor_load_job_unref)

G_END_DECLS
