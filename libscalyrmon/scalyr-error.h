/* scalyr-error.h: error domains of libscalyrmon
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRMON_INSIDE) && !defined(SCALYRMON_COMPILATION)
#error "Only <scalyrmon.h> can be included directly."
#endif

#include <glib.h>
#include "scalyr-version.h"

G_BEGIN_DECLS

/**
 * SCALYR_MONITOR_ERROR:
 *
 * Error domain for monitor configuration, metric emission and monitor
 * loading. Errors in this domain use the codes of #ScalyrMonitorError.
 */
#define SCALYR_MONITOR_ERROR (scalyr_monitor_error_quark ())

/**
 * ScalyrMonitorError:
 * @SCALYR_MONITOR_ERROR_MISSING_FIELD: a required configuration field is absent
 * @SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION: a configuration value has a type
 *   that cannot be converted to the requested type
 * @SCALYR_MONITOR_ERROR_PARSE: a configuration string could not be parsed as
 *   the requested type
 * @SCALYR_MONITOR_ERROR_OUT_OF_RANGE: a configuration value is below the
 *   minimum or above the maximum
 * @SCALYR_MONITOR_ERROR_BAD_CONFIG: any other invalid monitor configuration
 * @SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE: a metric value or extra field has
 *   an unsupported type
 * @SCALYR_MONITOR_ERROR_NOT_FOUND: no monitor module of the requested name
 *   exists in the search path
 * @SCALYR_MONITOR_ERROR_LOAD_FAILED: a monitor module was found but could not
 *   be loaded
 * @SCALYR_MONITOR_ERROR_UNSUPPORTED_SYSTEM: the monitor cannot run on this system
 * @SCALYR_MONITOR_ERROR_FAILED: a monitor's hook failed for another reason
 *
 * Error codes of the %SCALYR_MONITOR_ERROR domain.
 */
typedef enum {
  SCALYR_MONITOR_ERROR_MISSING_FIELD,
  SCALYR_MONITOR_ERROR_PROHIBITED_CONVERSION,
  SCALYR_MONITOR_ERROR_PARSE,
  SCALYR_MONITOR_ERROR_OUT_OF_RANGE,
  SCALYR_MONITOR_ERROR_BAD_CONFIG,
  SCALYR_MONITOR_ERROR_UNSUPPORTED_VALUE,
  SCALYR_MONITOR_ERROR_NOT_FOUND,
  SCALYR_MONITOR_ERROR_LOAD_FAILED,
  SCALYR_MONITOR_ERROR_UNSUPPORTED_SYSTEM,
  SCALYR_MONITOR_ERROR_FAILED,
} ScalyrMonitorError;

/**
 * SCALYR_JSON_ERROR:
 *
 * Error domain of the relaxed JSON parser; codes are #ScalyrJsonError.
 */
#define SCALYR_JSON_ERROR (scalyr_json_error_quark ())

/**
 * ScalyrJsonError:
 * @SCALYR_JSON_ERROR_EMPTY: the input holds no value
 * @SCALYR_JSON_ERROR_SYNTAX: the input is not valid relaxed JSON
 * @SCALYR_JSON_ERROR_INVALID_UTF8: the input is not valid UTF-8
 *
 * Error codes of the %SCALYR_JSON_ERROR domain.
 */
typedef enum {
  SCALYR_JSON_ERROR_EMPTY,
  SCALYR_JSON_ERROR_SYNTAX,
  SCALYR_JSON_ERROR_INVALID_UTF8,
} ScalyrJsonError;

SCALYR_AVAILABLE_IN_ALL
GQuark scalyr_monitor_error_quark (void);
SCALYR_AVAILABLE_IN_ALL
GQuark scalyr_json_error_quark (void);

G_END_DECLS
