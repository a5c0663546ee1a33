/* scalyr-agent-config-mistakes-private.h: values the loader could take but
 * that are probably mistakes, and are errors
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#include <scalyrmon.h>

G_BEGIN_DECLS

/* the error for a string field given a number or a boolean (the reference
 * turned 5 into "5"), or NULL; @at is "file:line:col" */
char *scalyr_agent_config_check_string_field (const char          *at,
                                              const char          *key,
                                              ScalyrMonitorOption *spec,
                                              JsonNode            *value);

/* the error for a monitor entry (monitors[@index], its id at @at) of a
 * module that an earlier entry gave the same explicit id, or NULL; @seen
 * maps "<short module>\n<id>" to where it was given first (string keys and
 * values, owned) */
char *scalyr_agent_config_check_monitor_id    (GHashTable          *seen,
                                              const char          *at,
                                              guint                index,
                                              JsonNode            *module,
                                              JsonNode            *id);

G_END_DECLS
