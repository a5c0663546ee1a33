/* scalyr-agent-config-schema-private.h: the loader's view of the schema
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>

G_BEGIN_DECLS

/* the shared schema (transfer none), built once */
GPtrArray           *scalyr_agent_config_schema         (void);
ScalyrMonitorOption *scalyr_agent_config_schema_find    (const char          *name);
/* a new node of the declared default, or NULL */
JsonNode            *scalyr_agent_config_schema_default (ScalyrMonitorOption *option);
GPtrArray           *scalyr_agent_config_common_options (void);

G_END_DECLS
