/* scalyr-agent.h: the monitoring daemon (config, monitors, reload, status)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRAGENT_INSIDE) && !defined(SCALYRAGENT_COMPILATION)
#error "Only <scalyragent.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <scalyrmon.h>
#include "scalyr-agent-config.h"
#include "scalyr-monitor-manager.h"
#include "scalyr-agent-service.h"

G_BEGIN_DECLS

/**
 * SCALYR_AGENT_ERROR:
 * Error domain of the agent daemon; codes are #ScalyrAgentError.
 *
 * Since: 0.1
 */
#define SCALYR_AGENT_ERROR (scalyr_agent_error_quark ())

/**
 * ScalyrAgentError:
 * @SCALYR_AGENT_ERROR_ALREADY_RUNNING: another agent holds the pid file
 * @SCALYR_AGENT_ERROR_FILES: a log or data directory or file cannot be
 *   created or written
 * @SCALYR_AGENT_ERROR_NOT_RUNNING: no agent status is available
 * @SCALYR_AGENT_ERROR_SERVICE: an agent service (the uploader) cannot be
 *   loaded or started
 * @SCALYR_AGENT_ERROR_STATUS_INVALID: the status file cannot be read or
 *   is not valid (since: 0.3; %SCALYR_AGENT_ERROR_NOT_RUNNING before)
 * @SCALYR_AGENT_ERROR_OTHER_CONFIG: the status file was written by an
 *   agent of another configuration file (since: 0.3)
 *
 * Error codes of the %SCALYR_AGENT_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  SCALYR_AGENT_ERROR_ALREADY_RUNNING,
  SCALYR_AGENT_ERROR_FILES,
  SCALYR_AGENT_ERROR_NOT_RUNNING,
  SCALYR_AGENT_ERROR_SERVICE,
  SCALYR_AGENT_ERROR_STATUS_INVALID,
  SCALYR_AGENT_ERROR_OTHER_CONFIG,
} ScalyrAgentError;

SCALYR_AVAILABLE_IN_0_1
GQuark scalyr_agent_error_quark (void);

#define SCALYR_TYPE_AGENT (scalyr_agent_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrAgent, scalyr_agent, SCALYR, AGENT, GObject)

SCALYR_AVAILABLE_IN_0_1
ScalyrAgent *scalyr_agent_new              (const char  *config_path,
                                            const char  *extra_config_dir);
SCALYR_AVAILABLE_IN_0_1
void         scalyr_agent_set_stop_timeout (ScalyrAgent *self,
                                            guint        timeout_ms);
SCALYR_AVAILABLE_IN_0_1
gboolean     scalyr_agent_start            (ScalyrAgent *self,
                                            GError     **error);
SCALYR_AVAILABLE_IN_0_1
gboolean     scalyr_agent_reload           (ScalyrAgent *self);
SCALYR_AVAILABLE_IN_0_1
gboolean     scalyr_agent_tick             (ScalyrAgent *self);
SCALYR_AVAILABLE_IN_0_5
gint64       scalyr_agent_get_next_tick_time (ScalyrAgent *self);
SCALYR_AVAILABLE_IN_0_1
gboolean     scalyr_agent_write_status     (ScalyrAgent *self,
                                            GError     **error);
SCALYR_AVAILABLE_IN_0_1
guint        scalyr_agent_stop             (ScalyrAgent *self);
SCALYR_AVAILABLE_IN_0_1
ScalyrAgentConfig *scalyr_agent_get_config (ScalyrAgent *self);

SCALYR_AVAILABLE_IN_0_1
gboolean     scalyr_agent_check_config     (ScalyrAgentConfig *config,
                                            GError           **error);

SCALYR_AVAILABLE_IN_0_1
JsonNode    *scalyr_agent_read_status      (const char  *config_path,
                                            const char  *extra_config_dir,
                                            GError     **error);
SCALYR_AVAILABLE_IN_0_1
char        *scalyr_agent_format_status    (JsonNode    *status);

G_END_DECLS
