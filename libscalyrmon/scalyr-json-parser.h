/* scalyr-json-parser.h: the agent's relaxed JSON dialect
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <json-glib/json-glib.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

/**
 * SCALYR_JSON_ERROR:
 *
 * Error domain of the relaxed JSON parser; codes are #ScalyrJsonError.
 *
 * Since: 0.1
 */
#define SCALYR_JSON_ERROR (scalyr_json_error_quark ())

/**
 * ScalyrJsonError:
 * @SCALYR_JSON_ERROR_EMPTY: the input holds no value
 * @SCALYR_JSON_ERROR_SYNTAX: the input is not valid relaxed JSON
 * @SCALYR_JSON_ERROR_INVALID_UTF8: the input is not valid UTF-8
 *
 * Error codes of the %SCALYR_JSON_ERROR domain.
 *
 * Since: 0.1
 */
typedef enum {
  SCALYR_JSON_ERROR_EMPTY,
  SCALYR_JSON_ERROR_SYNTAX,
  SCALYR_JSON_ERROR_INVALID_UTF8,
} ScalyrJsonError;

SCALYR_AVAILABLE_IN_0_1
GQuark scalyr_json_error_quark (void);

SCALYR_AVAILABLE_IN_0_1
JsonNode *scalyr_json_parse (const char *text,
                             gssize      length,
                             guint      *error_line,
                             guint      *error_column,
                             GError    **error);

SCALYR_AVAILABLE_IN_0_2
JsonNode *scalyr_json_parse_with_warnings (const char   *text,
                                           gssize        length,
                                           guint        *error_line,
                                           guint        *error_column,
                                           char       ***warnings,
                                           GError      **error);

SCALYR_AVAILABLE_IN_0_1
JsonObject *scalyr_json_parse_object (const char *text,
                                      gssize      length,
                                      GError    **error);

G_END_DECLS
