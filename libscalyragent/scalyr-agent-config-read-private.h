/* scalyr-agent-config-read-private.h: a configuration file's text, bounded
 * in size
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the most bytes agent.json or one agent.d fragment may hold (4 MiB; the
 * reference's sample configuration is 10 KiB) */
#define SCALYR_AGENT_CONFIG_MAX_FILE_SIZE (4u * 1024 * 1024)

gboolean scalyr_agent_config_read_text (const char  *path,
                                        char       **text,
                                        gsize       *length,
                                        GError     **error);

G_END_DECLS
