/* scalyr-agent-config-vars-private.h: import_vars and $NAME substitution
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* the variables a file's import_vars names, with their values (the
 * environment's if set and not empty, else the default), longest first;
 * for each variable that is unset and has no default (its $NAME would
 * become ""), an error message naming its position in @path (whose text is
 * @text) is added to @errors */
GPtrArray *scalyr_agent_config_collect_vars (JsonObject *root,
                                             const char *path,
                                             const char *text,
                                             GPtrArray  *errors);
/* replaces $NAME in every string value under @node (agent-config.md 4.1) */
void       scalyr_agent_config_substitute   (JsonNode   *node,
                                             GPtrArray  *vars);

G_END_DECLS
