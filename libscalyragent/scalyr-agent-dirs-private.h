/* scalyr-agent-dirs-private.h: the agent's own directories (agent_log_path,
 * agent_data_path), created and checked like OpenSSH's StrictModes
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include "scalyr-agent-config.h"

G_BEGIN_DECLS

/* Checks that no user but root and the agent's user can change @dir
 * (set by @field) or a directory above it; missing directories (the agent
 * creates them) are skipped. SCALYR_AGENT_ERROR_FILES naming the
 * directory and the fix. */
gboolean scalyr_agent_dirs_check         (const char         *dir,
                                          const char         *field,
                                          GError            **error);
/* Creates @dir and its parents (0755) if missing, then checks it */
gboolean scalyr_agent_dirs_prepare       (const char         *dir,
                                          const char         *field,
                                          GError            **error);
/* Prepares the directories of @config that differ from @old's (all of
 * them when @old is NULL) */
gboolean scalyr_agent_dirs_prepare_config (ScalyrAgentConfig *old,
                                           ScalyrAgentConfig *config,
                                           GError           **error);

/* Checks both directories of @config without creating them (for
 * --check-config); appends a line to @problems for each unsafe one */
void     scalyr_agent_dirs_check_config   (ScalyrAgentConfig *config,
                                           GString           *problems);
/* Checks that @path, a file the agent will replace (the status file), is
 * missing or a regular file: a link or FIFO there is refused at start */
gboolean scalyr_agent_dirs_check_file     (const char        *path,
                                           GError           **error);

G_END_DECLS
