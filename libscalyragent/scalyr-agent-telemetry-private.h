/* scalyr-agent-telemetry-private.h: where the agent's self-telemetry goes
 * (scalyr-agent-telemetry.c)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-agent-private.h"

G_BEGIN_DECLS

/* After each (re)load: starts, moves or stops the metrics service and the
 * telemetry metric log as the configuration says. */
void      scalyr_agent_telemetry_apply      (ScalyrAgent *self);
/* After each status built: hands it to the metrics service, and writes the
 * telemetry lines when telemetry_log_interval passed. */
void      scalyr_agent_telemetry_publish    (ScalyrAgent *self,
                                             JsonNode    *status);
/* The status's `openmetrics` member, or NULL when the listener is off. */
JsonNode *scalyr_agent_telemetry_dup_status (ScalyrAgent *self);
/* Stops the listener (first of all when the agent stops). */
void      scalyr_agent_telemetry_stop       (ScalyrAgent *self);
void      scalyr_agent_telemetry_clear      (ScalyrAgent *self);

G_END_DECLS
