/* scalyr-agent-config-getters.c: what a loaded ScalyrAgentConfig holds: its
 * files, warnings, object, monitors, logs and typed fields
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <string.h>

#include "scalyr-agent-config-private.h"
#include "scalyr-agent-config-schema-private.h"
#include <scalyrmon.h>

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
is_bool (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

/**
 * scalyr_agent_config_get_path:
 * @self: a #ScalyrAgentConfig
 *
 * Returns: (type filename): the absolute path of the main file
 *
 * Since: 0.1
 */
const char *
scalyr_agent_config_get_path (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return self->path;
}

/**
 * scalyr_agent_config_get_files:
 * @self: a #ScalyrAgentConfig
 *
 * Returns: (transfer none) (array zero-terminated=1): the files read, main
 *   file first, then the fragments in the order they were merged
 *
 * Since: 0.1
 */
const char * const *
scalyr_agent_config_get_files (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return (const char * const *) self->files;
}

/**
 * scalyr_agent_config_get_warnings:
 * @self: a #ScalyrAgentConfig
 *
 * Problems that do not make the configuration invalid: unknown fields,
 * environment variables ignored because a file sets the field, files
 * readable by others, forced upload settings.
 *
 * Returns: (transfer none) (array zero-terminated=1): the warnings
 *
 * Since: 0.1
 */
const char * const *
scalyr_agent_config_get_warnings (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return (const char * const *) self->warnings;
}

/**
 * scalyr_agent_config_get_object:
 * @self: a #ScalyrAgentConfig
 *
 * The merged configuration: every known field with its final value
 * (files, then environment, then default), converted to its type.
 *
 * Returns: (transfer none): the configuration object; do not modify it
 *
 * Since: 0.1
 */
JsonObject *
scalyr_agent_config_get_object (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return self->object;
}

/**
 * scalyr_agent_config_get_monitors:
 * @self: a #ScalyrAgentConfig
 *
 * Returns: (transfer none): the `monitors` entries, main file first, then
 *   fragments in order, then the platform monitors: `linux_system_metrics`
 *   when `implicit_metric_monitor` is on and `linux_process_metrics` of the
 *   agent itself (`pid: "$$"`, `id: "agent"`) when
 *   `implicit_agent_process_metrics_monitor` is on
 *
 * Since: 0.1
 */
JsonArray *
scalyr_agent_config_get_monitors (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return json_object_get_array_member (self->object, "monitors");
}

/**
 * scalyr_agent_config_get_logs:
 * @self: a #ScalyrAgentConfig
 *
 * Returns: (transfer none): the `logs` entries with absolute paths, then
 *   the agent's own logs when `implicit_agent_log_collection` is on
 *
 * Since: 0.1
 */
JsonArray *
scalyr_agent_config_get_logs (ScalyrAgentConfig *self)
{
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  return json_object_get_array_member (self->object, "logs");
}

static JsonNode *
get_field (ScalyrAgentConfig *self,
           const char        *field)
{
  JsonNode *node = json_object_get_member (self->object, field);

  if (node == NULL && scalyr_agent_config_schema_find (field) == NULL)
    g_critical ("%s: \"%s\" is not a field of the agent configuration", G_STRFUNC, field);
  return node;
}

/**
 * scalyr_agent_config_get_string:
 * @self: a #ScalyrAgentConfig
 * @field: the name of a string field, e.g. `agent_log_path`
 *
 * Returns: (nullable): the field's value, %NULL if it has none
 *
 * Since: 0.1
 */
const char *
scalyr_agent_config_get_string (ScalyrAgentConfig *self,
                                const char        *field)
{
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), NULL);
  node = get_field (self, field);
  return node != NULL && scalyr_agent_config_node_is_string (node) ? json_node_get_string (node) : NULL;
}

/**
 * scalyr_agent_config_get_int:
 * @self: a #ScalyrAgentConfig
 * @field: the name of an integer field, e.g. `log_rotation_max_bytes`
 *
 * Returns: the field's value, 0 if it has none
 *
 * Since: 0.1
 */
gint64
scalyr_agent_config_get_int (ScalyrAgentConfig *self,
                             const char        *field)
{
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), 0);
  node = get_field (self, field);
  return node != NULL && is_number (node) ? json_node_get_int (node) : 0;
}

/**
 * scalyr_agent_config_get_double:
 * @self: a #ScalyrAgentConfig
 * @field: the name of a number field, e.g. `config_change_check_interval`
 *
 * Returns: the field's value, 0 if it has none
 *
 * Since: 0.1
 */
double
scalyr_agent_config_get_double (ScalyrAgentConfig *self,
                                const char        *field)
{
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), 0);
  node = get_field (self, field);
  return node != NULL && is_number (node) ? json_node_get_double (node) : 0;
}

/**
 * scalyr_agent_config_get_boolean:
 * @self: a #ScalyrAgentConfig
 * @field: the name of a boolean field, e.g. `allow_http`
 *
 * Returns: the field's value, %FALSE if it has none
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_config_get_boolean (ScalyrAgentConfig *self,
                                 const char        *field)
{
  JsonNode *node;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), FALSE);
  node = get_field (self, field);
  return node != NULL && is_bool (node) ? json_node_get_boolean (node) : FALSE;
}

/**
 * scalyr_agent_config_has_api_key:
 * @self: a #ScalyrAgentConfig
 *
 * Returns: %TRUE if `api_key` (or `SCALYR_API_KEY`) is set and not empty;
 *   without one the agent does not upload
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_config_has_api_key (ScalyrAgentConfig *self)
{
  const char *key;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), FALSE);
  key = scalyr_agent_config_get_string (self, "api_key");
  return key != NULL && key[0] != '\0';
}

/**
 * scalyr_agent_config_equal:
 * @self: a #ScalyrAgentConfig
 * @other: another #ScalyrAgentConfig
 *
 * Compares two merged configurations, ignoring `debug_level` (which the
 * agent applies without restarting anything).
 *
 * Returns: %TRUE if they are the same
 *
 * Since: 0.1
 */
gboolean
scalyr_agent_config_equal (ScalyrAgentConfig *self,
                           ScalyrAgentConfig *other)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (self), FALSE);
  g_return_val_if_fail (SCALYR_IS_AGENT_CONFIG (other), FALSE);

  if (json_object_get_size (self->object) != json_object_get_size (other->object))
    return FALSE;
  json_object_iter_init_ordered (&iter, self->object);
  while (json_object_iter_next_ordered (&iter, &key, &value))
    {
      JsonNode *theirs = json_object_get_member (other->object, key);
      if (g_str_equal (key, "debug_level"))
        continue;
      if (theirs == NULL || !json_node_equal (value, theirs))
        return FALSE;
    }
  return TRUE;
}
