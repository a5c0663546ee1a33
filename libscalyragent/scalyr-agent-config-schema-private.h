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

/* The three kinds of declarations of agent.json, for the generated
 * documentation (scalyr-agent.json(5), --sample-config) */
typedef enum {
  SCALYR_AGENT_CONFIG_SECTION_AGENT,    /* the file's own fields */
  SCALYR_AGENT_CONFIG_SECTION_MONITOR,  /* those of every monitors entry */
  SCALYR_AGENT_CONFIG_SECTION_LOG,      /* those of a logs entry */
} ScalyrAgentConfigSection;

/* said of a field of the main file that this agent accepts but does not
 * use (scalyr_agent_config_unimplemented()) */
#define SCALYR_AGENT_CONFIG_UNUSED_NOTE "Not used by this agent; accepted for compatibility with Scalyr Agent 2."

/* the declarations of @section (transfer none, shared, read-only) */
GPtrArray           *scalyr_agent_config_schema_section (ScalyrAgentConfigSection section);
/* a field's example as relaxed JSON where its default is not a good one,
 * else NULL */
const char          *scalyr_agent_config_schema_example (ScalyrAgentConfigSection section,
                                                         const char              *name);
/* the example, else the default as JSON, else NULL */
char                *scalyr_agent_config_schema_dup_example (ScalyrAgentConfigSection section,
                                                             ScalyrMonitorOption     *option);
/* "type, default D, min M, ..., environment variable V": the inside of
 * scalyr_config_describe_option()'s parentheses, the environment variable
 * only for the environment-aware fields of the main file */
char                *scalyr_agent_config_schema_describe (ScalyrAgentConfigSection section,
                                                          ScalyrMonitorOption     *option);

G_END_DECLS
