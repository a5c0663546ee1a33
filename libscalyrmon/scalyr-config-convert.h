/* scalyr-config-convert.h: the one conversion engine of the configuration
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include "scalyr-version.h"
#include "scalyr-monitor-option.h"

G_BEGIN_DECLS

/**
 * ScalyrConfigRules:
 * @SCALYR_CONFIG_RULES_MONITOR: the reference agent's `MonitorConfig.get()`
 *   rules, used for monitor entries: strings parse to any type ("true" in
 *   any case is true, anything else false), numbers, booleans, arrays and
 *   objects print as Python's str() does, floats truncate to integers
 * @SCALYR_CONFIG_RULES_AGENT: the rules of `agent.json` (agent-config.md
 *   §3.1): booleans accept only true/false, the numbers 0 and 1 and the
 *   strings true/false/yes/no/1/0/"" in any case; numbers print as decimal
 *   text; numeric strings parse as decimal numbers (truncated for
 *   integers); only text from the environment parses as an object or as a
 *   list of strings (separated by commas or blanks)
 *
 * The variants of the conversion rules of the one engine
 * ([func@Scalyr.config_convert_node]).
 *
 * Since: 0.2
 */
typedef enum {
  SCALYR_CONFIG_RULES_MONITOR,
  SCALYR_CONFIG_RULES_AGENT,
} ScalyrConfigRules;

SCALYR_AVAILABLE_IN_0_2
JsonNode *scalyr_config_convert_node   (ScalyrMonitorOption  *declaration,
                                        JsonNode             *node,
                                        ScalyrConfigRules     rules,
                                        GError              **error);
SCALYR_AVAILABLE_IN_0_2
JsonNode *scalyr_config_convert_string (ScalyrMonitorOption  *declaration,
                                        const char           *text,
                                        ScalyrConfigRules     rules,
                                        GError              **error);

G_END_DECLS
