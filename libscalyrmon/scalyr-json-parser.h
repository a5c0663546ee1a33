/* scalyr-json-parser.h: the agent's relaxed JSON dialect
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <json-glib/json-glib.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

SCALYR_AVAILABLE_IN_ALL
JsonNode *scalyr_json_parse (const char *text,
                             gssize      length,
                             guint      *error_line,
                             guint      *error_column,
                             GError    **error);

SCALYR_AVAILABLE_IN_ALL
JsonObject *scalyr_json_parse_object (const char *text,
                                      gssize      length,
                                      GError    **error);

G_END_DECLS
