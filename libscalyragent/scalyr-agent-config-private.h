/* scalyr-agent-config-private.h: ScalyrAgentConfig's state, shared by its
 * loading (scalyr-agent-config.c) and its getters
 * (scalyr-agent-config-getters.c)
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-agent-config.h"

G_BEGIN_DECLS

struct _ScalyrAgentConfig
{
  GObject parent_instance;

  char *path;
  GStrv files;
  GStrv warnings;
  GStrv skipped;      /* config directory entries that are not regular files, as messages */
  JsonObject *object;
};

/* like scalyr_agent_config_load(), but with errors (in @error) the
 * configuration of what was valid is returned too, never NULL (for
 * --check-config, which goes on to check its monitors) */
ScalyrAgentConfig *scalyr_agent_config_load_for_check (const char *path,
                                                       const char *extra_config_dir,
                                                       GError    **error);
/* The config directory entries skipped because they are not regular
 * files, one message each: the agent logs them as warnings,
 * --check-config reports them as errors. */
const char * const *scalyr_agent_config_get_skipped (ScalyrAgentConfig *self);

/* whether @node holds a string */
gboolean scalyr_agent_config_node_is_string (JsonNode *node);

G_END_DECLS
