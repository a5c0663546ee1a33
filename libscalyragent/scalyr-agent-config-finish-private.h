/* scalyr-agent-config-finish-private.h: the effective values of a merged agent.json
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>

G_BEGIN_DECLS

/* fills in what the merged, validated fields imply; may add warnings */
void scalyr_agent_config_finish (JsonObject *merged,
                                 const char *main_dir,
                                 GPtrArray  *warnings);

G_END_DECLS
