/* scalyr-agent-health.h: how a running agent is doing, from its status
 * file (`scalyr-agent status` exit codes)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRAGENT_INSIDE) && !defined(SCALYRAGENT_COMPILATION)
#error "Only <scalyragent.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <scalyrmon.h>

G_BEGIN_DECLS

/**
 * ScalyrAgentHealth:
 * @SCALYR_AGENT_HEALTH_HEALTHY: the agent runs, every monitor runs, its
 *   status is fresh, its configuration loaded and uploading (if on) works
 * @SCALYR_AGENT_HEALTH_MONITORS_FAILED: the agent runs but one or more
 *   monitors failed (did not load, refused their configuration)
 * @SCALYR_AGENT_HEALTH_STALE: an agent holds the pid file but has not
 *   refreshed its status for 10 s (stuck, or cannot write it)
 * @SCALYR_AGENT_HEALTH_UPLOAD_FAILING: the agent runs but uploading does
 *   not: the upload service did not start, or requests fail and none
 *   succeeded for 5 minutes
 * @SCALYR_AGENT_HEALTH_CONFIG_FAILED: the agent runs, but the
 *   configuration file does not load (now, or at the last reload): it
 *   still runs the configuration it loaded before
 * @SCALYR_AGENT_HEALTH_DEAD: the status says running, but no agent holds
 *   the pid file, which is left behind (killed, crashed)
 * @SCALYR_AGENT_HEALTH_NOT_RUNNING: no agent runs with this
 *   configuration: it was stopped cleanly, or never ran
 * @SCALYR_AGENT_HEALTH_UNKNOWN: the state cannot be told: the status
 *   file cannot be read or is not valid, it was written by an agent of
 *   another configuration, or the configuration does not load and no
 *   status of this configuration file can be found
 *
 * How an agent is doing, as scalyr_agent_read_health() tells it. The
 * degraded kinds (the agent runs, not healthy) are, in the order they
 * are reported when several hold: %SCALYR_AGENT_HEALTH_STALE,
 * %SCALYR_AGENT_HEALTH_MONITORS_FAILED, %SCALYR_AGENT_HEALTH_CONFIG_FAILED
 * and %SCALYR_AGENT_HEALTH_UPLOAD_FAILING.
 *
 * `scalyr-agent status` exits with 0 (healthy), 150 (monitors failed),
 * 151 (stale), 152 (upload failing), 153 (configuration failed), 1 (dead),
 * 3 (not running) and 4 (unknown), as LSB init scripts' `status` does.
 *
 * Since: 0.3
 */
typedef enum {
  SCALYR_AGENT_HEALTH_HEALTHY,
  SCALYR_AGENT_HEALTH_MONITORS_FAILED,
  SCALYR_AGENT_HEALTH_STALE,
  SCALYR_AGENT_HEALTH_UPLOAD_FAILING,
  SCALYR_AGENT_HEALTH_CONFIG_FAILED,
  SCALYR_AGENT_HEALTH_DEAD,
  SCALYR_AGENT_HEALTH_NOT_RUNNING,
  SCALYR_AGENT_HEALTH_UNKNOWN,
} ScalyrAgentHealth;

SCALYR_AVAILABLE_IN_0_3
ScalyrAgentHealth scalyr_agent_status_get_health (JsonNode    *status,
                                                  char       **reason);
SCALYR_AVAILABLE_IN_0_3
ScalyrAgentHealth scalyr_agent_read_health       (const char  *config_path,
                                                  const char  *extra_config_dir,
                                                  JsonNode   **status,
                                                  char       **reason);

G_END_DECLS
