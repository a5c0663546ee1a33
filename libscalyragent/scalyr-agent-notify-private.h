/* scalyr-agent-notify-private.h: the service manager's notification
 * protocol (sd_notify) and its watchdog, without libsystemd
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ScalyrAgentNotify ScalyrAgentNotify;

/* The notifier of $NOTIFY_SOCKET (a path, or an abstract name written with
 * a leading '@'), with the watchdog of $WATCHDOG_USEC when $WATCHDOG_PID is
 * unset or this process; %NULL when the variable is unset or names no unix
 * socket. Removes the three variables from the environment, as
 * sd_notify(unset_environment=1) does, so that the monitors (Python's
 * os.environ, GJS's GLib.getenv) and the commands they run do not see
 * them: call it before any monitor thread starts. A $NOTIFY_SOCKET that
 * cannot be used is explained in *@problem. */
ScalyrAgentNotify *scalyr_agent_notify_new_from_environment (char **problem);
void               scalyr_agent_notify_free                 (ScalyrAgentNotify *self);

/* Sends @message ("READY=1", "STATUS=...", several "KEY=value" lines);
 * never blocks. Returns %FALSE if it could not be sent: the first such
 * failure is kept for scalyr_agent_notify_take_failure(). */
gboolean           scalyr_agent_notify_send                 (ScalyrAgentNotify *self,
                                                             const char        *message);
/* The first failure to send, once (then %NULL): a message naming the
 * socket and the reason. */
char              *scalyr_agent_notify_take_failure         (ScalyrAgentNotify *self);
/* "STATUS=@status", only when it differs from the last one sent. */
void               scalyr_agent_notify_status               (ScalyrAgentNotify *self,
                                                             const char        *status);
/* "RELOADING=1" with "MONOTONIC_USEC=" of now. */
void               scalyr_agent_notify_reloading            (ScalyrAgentNotify *self);
/* "WATCHDOG=1" when half the watchdog period passed since the last one (at
 * @now_us, monotonic); nothing without a watchdog. */
void               scalyr_agent_notify_watchdog             (ScalyrAgentNotify *self,
                                                             gint64             now_us);
/* When the next "WATCHDOG=1" is due (monotonic µs): 0 before the first,
 * G_MAXINT64 without a watchdog. */
gint64             scalyr_agent_notify_get_next_watchdog_time (ScalyrAgentNotify *self);
/* The watchdog period in µs, 0 without one. */
guint64            scalyr_agent_notify_get_watchdog_usec    (ScalyrAgentNotify *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScalyrAgentNotify, scalyr_agent_notify_free)

G_END_DECLS
