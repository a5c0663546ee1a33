/* scalyr-agent-systemd-private.h: the agent under a service manager:
 * readiness, reload, stop, status line and watchdog notifications, and
 * the journal
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-agent-private.h"

G_BEGIN_DECLS

/* SYSLOG_IDENTIFIER of the agent's journal entries */
#define SCALYR_AGENT_JOURNAL_IDENTIFIER "scalyr-agent"

/* At the start of scalyr_agent_start(): takes $NOTIFY_SOCKET and the
 * watchdog from the environment (and removes them), and sees whether
 * standard error is the journal. */
void  scalyr_agent_systemd_setup     (ScalyrAgent *self);
/* The journal identifier to give the agent's loggers: NULL when standard
 * error is not the journal. */
const char *scalyr_agent_systemd_journal_identifier (ScalyrAgent *self);
/* The monitors were applied (start or reload): READY=1 follows once none
 * is loading. */
void  scalyr_agent_systemd_applied   (ScalyrAgent *self);
/* RELOADING=1 with MONOTONIC_USEC=, before an asked-for reload. */
void  scalyr_agent_systemd_reloading (ScalyrAgent *self);
/* From scalyr_agent_tick() while the agent is healthy: READY=1 when due,
 * STATUS= when it changed (every @refresh_status), WATCHDOG=1 when due. */
void  scalyr_agent_systemd_tick      (ScalyrAgent *self,
                                      guint        loading,
                                      gboolean     refresh_status);
/* STOPPING=1, at the start of scalyr_agent_stop(). */
void  scalyr_agent_systemd_stopping  (ScalyrAgent *self);

/* The one-line status for STATUS= (`systemctl status`):
 * "Monitors: 3 running, 1 failed: foo() (reason)"; with what keeps the
 * agent from its configuration or from uploading. */
char *scalyr_agent_dup_status_line   (ScalyrAgent *self);

G_END_DECLS
