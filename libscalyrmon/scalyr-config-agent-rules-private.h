/* scalyr-config-agent-rules-private.h: the engine's rules for agent.json
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-monitor-option.h"

G_BEGIN_DECLS

/* converts under SCALYR_CONFIG_RULES_AGENT (agent-config.md 3.1, 4.2, we:) */
gboolean    scalyr_config_agent_convert    (const GValue        *in,
                                            GType                to,
                                            ScalyrOptionFormat   format,
                                            gboolean             from_env,
                                            GValue              *out,
                                            GError             **error);
/* what a declaration expects, in the agent's messages */
const char *scalyr_config_agent_type_words (GType                to,
                                            ScalyrOptionFormat   format);
/* a value as the agent's messages show it: "abc", 2, an array, null */
void        scalyr_config_agent_describe   (GString             *out,
                                            const GValue        *v);

G_END_DECLS
