/* scalyr-agent-config.h: agent.json, agent.d fragments, variables, environment
 * SPDX-License-Identifier: Apache-2.0 */
#pragma once

#if !defined(SCALYRAGENT_INSIDE) && !defined(SCALYRAGENT_COMPILATION)
#error "Only <scalyragent.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <scalyrmon.h>

G_BEGIN_DECLS

/**
 * SCALYR_AGENT_CONFIG_ERROR:
 * Error domain of the agent configuration; codes are #ScalyrAgentConfigError.
 *
 * Since: 0.1
 */
#define SCALYR_AGENT_CONFIG_ERROR (scalyr_agent_config_error_quark ())

/**
 * ScalyrAgentConfigError:
 * @SCALYR_AGENT_CONFIG_ERROR_READ: a configuration file could not be read
 * @SCALYR_AGENT_CONFIG_ERROR_PARSE: a file is not valid relaxed JSON, or its
 *   top level is not an object
 * @SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE: a field has a value of the wrong type
 * @SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE: a field's value is out of range
 *   or not one of the allowed values
 * @SCALYR_AGENT_CONFIG_ERROR_MISSING_FIELD: a required field is absent
 * @SCALYR_AGENT_CONFIG_ERROR_MULTIPLE_KEYS: a fragment sets a field that
 *   another file already set
 * @SCALYR_AGENT_CONFIG_ERROR_ENVIRONMENT: an environment variable overriding
 *   a field cannot be converted to the field's type
 *
 * Error codes of the %SCALYR_AGENT_CONFIG_ERROR domain. When a load finds
 * several problems, the error carries the code of the first one and its
 * message lists them all, one a line.
 *
 * Since: 0.1
 */
typedef enum {
  SCALYR_AGENT_CONFIG_ERROR_READ,
  SCALYR_AGENT_CONFIG_ERROR_PARSE,
  SCALYR_AGENT_CONFIG_ERROR_WRONG_TYPE,
  SCALYR_AGENT_CONFIG_ERROR_INVALID_VALUE,
  SCALYR_AGENT_CONFIG_ERROR_MISSING_FIELD,
  SCALYR_AGENT_CONFIG_ERROR_MULTIPLE_KEYS,
  SCALYR_AGENT_CONFIG_ERROR_ENVIRONMENT,
} ScalyrAgentConfigError;

SCALYR_AVAILABLE_IN_0_1
GQuark scalyr_agent_config_error_quark (void);

/* SCALYR_AGENT_CONFIG_DEFAULT_PATH, configured for the sysconfdir */
#include "scalyr-agent-paths.h"

#define SCALYR_TYPE_AGENT_CONFIG (scalyr_agent_config_get_type ())
SCALYR_AVAILABLE_IN_0_1
G_DECLARE_FINAL_TYPE (ScalyrAgentConfig, scalyr_agent_config, SCALYR, AGENT_CONFIG, GObject)

SCALYR_AVAILABLE_IN_0_1
ScalyrAgentConfig *scalyr_agent_config_load (const char *path,
                                             const char *extra_config_dir,
                                             GError    **error);

SCALYR_AVAILABLE_IN_0_1
const char         *scalyr_agent_config_get_path        (ScalyrAgentConfig *self);
SCALYR_AVAILABLE_IN_0_1
const char * const *scalyr_agent_config_get_files       (ScalyrAgentConfig *self);
SCALYR_AVAILABLE_IN_0_1
const char * const *scalyr_agent_config_get_warnings    (ScalyrAgentConfig *self);
SCALYR_AVAILABLE_IN_0_1
JsonObject         *scalyr_agent_config_get_object      (ScalyrAgentConfig *self);
SCALYR_AVAILABLE_IN_0_1
JsonArray          *scalyr_agent_config_get_monitors    (ScalyrAgentConfig *self);
SCALYR_AVAILABLE_IN_0_1
JsonArray          *scalyr_agent_config_get_logs        (ScalyrAgentConfig *self);
SCALYR_AVAILABLE_IN_0_1
const char         *scalyr_agent_config_get_string      (ScalyrAgentConfig *self,
                                                         const char        *field);
SCALYR_AVAILABLE_IN_0_1
gint64              scalyr_agent_config_get_int         (ScalyrAgentConfig *self,
                                                         const char        *field);
SCALYR_AVAILABLE_IN_0_1
double              scalyr_agent_config_get_double      (ScalyrAgentConfig *self,
                                                         const char        *field);
SCALYR_AVAILABLE_IN_0_1
gboolean            scalyr_agent_config_get_boolean     (ScalyrAgentConfig *self,
                                                         const char        *field);
SCALYR_AVAILABLE_IN_0_1
gboolean            scalyr_agent_config_has_api_key     (ScalyrAgentConfig *self);
SCALYR_AVAILABLE_IN_0_1
gboolean            scalyr_agent_config_parse_rate      (const char        *text,
                                                         double            *bytes_per_second,
                                                         GError           **error);
SCALYR_AVAILABLE_IN_0_2
GPtrArray          *scalyr_agent_config_dup_schema      (void);
SCALYR_AVAILABLE_IN_0_3
char               *scalyr_agent_config_dup_sample      (void);
SCALYR_AVAILABLE_IN_0_1
gboolean            scalyr_agent_config_equal           (ScalyrAgentConfig *self,
                                                         ScalyrAgentConfig *other);

G_END_DECLS
