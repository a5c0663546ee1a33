/* systemd-test-agent.h: a real scalyr-agent in a test-owned directory, for
 * the tests of the agent under systemd (notify, journal, the unit)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SYSTEMD_TEST_WAIT_US (20 * G_USEC_PER_SEC)

typedef struct {
  char *dir;          /* test-owned, 0700 */
  char *config;       /* <dir>/agent.json */
  char *log_dir;      /* <dir>/log */
  GSubprocess *proc;
} SystemdTestAgent;

/* Creates the directory and writes agent.json: @monitors is the text of the
 * `monitors` array's entries; @extra more top-level fields (or NULL). The
 * implicit monitors are off. */
void         systemd_test_agent_init    (SystemdTestAgent *a,
                                         const char       *monitors,
                                         const char       *extra);
/* A launcher for the agent: SCALYR_MONITOR_PATH from $AGENT_TEST_MODULE_PATH,
 * NOTIFY_SOCKET, WATCHDOG_* and JOURNAL_STREAM unset, the child killed if the
 * test dies. */
GSubprocessLauncher *systemd_test_agent_launcher (void);
/* Spawns @argv0 (NULL for $SCALYR_AGENT) with @prefix_args (or NULL) then
 * `--config <agent.json>`. */
void         systemd_test_agent_spawn   (SystemdTestAgent    *a,
                                         GSubprocessLauncher *launcher,
                                         const char * const  *prefix_args);
/* Sends @sig and waits (at most 20 s) for the exit; returns the wait status. */
int          systemd_test_agent_signal_and_wait (SystemdTestAgent *a,
                                                 int               sig);
void         systemd_test_agent_clear   (SystemdTestAgent *a);
/* <log_dir>/@name's text ("" when missing) */
char        *systemd_test_agent_read_log (SystemdTestAgent *a,
                                          const char       *name);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SystemdTestAgent, systemd_test_agent_clear)

G_END_DECLS
