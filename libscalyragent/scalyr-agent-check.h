/* scalyr-agent-check.h: the whole check of `scalyr-agent --check-config`
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRAGENT_INSIDE) && !defined(SCALYRAGENT_COMPILATION)
#error "Only <scalyragent.h> can be included directly."
#endif

#include "scalyr-agent-config.h"

G_BEGIN_DECLS

SCALYR_AVAILABLE_IN_0_2
gboolean scalyr_agent_check_config_files (const char         *config_path,
                                          const char         *extra_config_dir,
                                          ScalyrAgentConfig **config,
                                          GError            **error);

G_END_DECLS
