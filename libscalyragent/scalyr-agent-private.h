/* scalyr-agent-private.h: the agent's state, shared by its files
 * (scalyr-agent.c: lifecycle and services; scalyr-agent-status.c: the
 * status file; scalyr-agent-pid-file.c: the pid file)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-agent.h"
#include "scalyr-agent-config.h"
#include "scalyr-agent-service.h"
#include "scalyr-monitor-manager.h"
#include "scalyr-agent-notify-private.h"

G_BEGIN_DECLS

#define STATUS_FILE "agent-status.json"
#define STATUS_INTERVAL_US (1 * G_USEC_PER_SEC)
/* `scalyr-agent status` calls a running agent's status stale after this many intervals */
#define STATUS_STALE_INTERVALS 10

struct _ScalyrAgent
{
  GObject parent_instance;

  char *config_path;
  char *extra_config_dir;
  guint stop_timeout_ms;

  ScalyrAgentConfig *config;
  ScalyrAgentLogger *logger;
  ScalyrLogSink *agent_log;
  ScalyrMonitorManager *manager;
  char *pid_path;
  int pid_fd;
  char *status_path;

  gint64 started_us;
  gint64 last_check_us;      /* monotonic */
  gint64 last_status_us;     /* monotonic */
  gint64 last_load_time;     /* real time of the last load attempt */
  char *last_load_error;     /* NULL when the last load was good */
  guint reloads;
  guint loading;             /* monitors loading at the last check: scalyr_agent_tick() polls for them */
  gboolean stopped;
  gboolean status_failing;   /* the last status write failed (reported once) */

  ScalyrAgentService *upload;   /* loaded when an api_key is configured */
  ScalyrAgentLogger *upload_logger;
  char *upload_error;           /* why uploading is not running */

  /* self-telemetry (scalyr-agent-telemetry.c) */
  ScalyrAgentService *metrics;  /* the OpenMetrics listener: loaded when openmetrics_port is set */
  char *metrics_error;          /* why its module could not be loaded */
  ScalyrAgentLogger *telemetry_logger;   /* metric sink: agent_metrics.log; NULL when off */
  char *telemetry_path;
  gint64 telemetry_interval_us;
  gint64 last_telemetry_us;     /* monotonic */

  /* under a service manager (scalyr-agent-systemd.c) */
  ScalyrAgentNotify *notify;    /* NULL without $NOTIFY_SOCKET */
  char *notify_problem;         /* why $NOTIFY_SOCKET cannot be used, until logged */
  gboolean ready_pending;       /* READY=1 is sent once no monitor is loading */
  gboolean journal;             /* standard error is the journal */
};

/* scalyr-agent-pid-file.c */
/* Creates and locks the pid file (an exclusive flock held while the agent runs). */
gboolean scalyr_agent_take_pid_file (ScalyrAgent *self,
                                     GError     **error);
gboolean scalyr_agent_pid_file_locked (const char *pid_path);

/* scalyr-agent-status.c */
/* The status object written to the status file, in state @state. */
JsonNode *scalyr_agent_build_status (ScalyrAgent *self,
                                     const char  *state);
gboolean scalyr_agent_write_status_node (ScalyrAgent *self,
                                         JsonNode    *status,
                                         GError     **error);

G_END_DECLS
