/* scalyr-agent-secrets-private.h: keeping the api_key to the agent itself
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-agent-config.h"

G_BEGIN_DECLS

/* Takes SCALYR_API_KEY (or scalyr_api_key) out of the environment, so that
 * the processes the monitors start do not inherit it; the loads that follow
 * still see its value (scalyr_agent_secrets_api_key_env()). Call from the
 * main thread before other threads start (it changes the environment). */
void        scalyr_agent_secrets_take_api_key_env (void);
/* the value taken, or NULL */
const char *scalyr_agent_secrets_api_key_env      (void);
/* marks the process non-dumpable (no core file, no ptrace or /proc/PID/mem
 * by other users) once @config holds an api_key; it stays so (the key may
 * remain in memory) */
void        scalyr_agent_secrets_protect          (ScalyrAgentConfig *config);

G_END_DECLS
