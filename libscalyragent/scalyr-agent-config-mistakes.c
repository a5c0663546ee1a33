/* scalyr-agent-config-mistakes.c: values the loader could take but that
 * are probably mistakes, and are errors
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-agent-config-mistakes-private.h"
#include "scalyr-i18n-private.h"

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

char *
scalyr_agent_config_check_string_field (const char          *at,
                                        const char          *key,
                                        ScalyrMonitorOption *spec,
                                        JsonNode            *value)
{
  g_autofree char *v = NULL;

  if (scalyr_monitor_option_get_value_type (spec) != G_TYPE_STRING || !JSON_NODE_HOLDS_VALUE (value) ||
      is_string (value))
    return NULL;
  v = json_to_string (value, FALSE);
  if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    return g_strdup_printf (_("%s: field \"%s\" must be a string, got the boolean %s; write it in double quotes "
                              "(%s: \"%s\") if you meant that text"), at, key, v, key, v);
  return g_strdup_printf (_("%s: field \"%s\" must be a string, got the number %s; write it in double quotes "
                            "(%s: \"%s\") if you meant that text"), at, key, v, key, v);
}

/* Two entries of one module with the same explicit id would be one instance
 * twice (the same name in logs and status, one metric log). */
char *
scalyr_agent_config_check_monitor_id (GHashTable *seen,
                                      const char *at,
                                      guint       index,
                                      JsonNode   *module,
                                      JsonNode   *id)
{
  g_autofree char *id_text = NULL;
  g_autofree char *key = NULL;
  const char *short_name, *first;

  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || module == NULL || !is_string (module))
    return NULL;
  id_text = is_string (id) ? g_strdup (json_node_get_string (id)) : json_to_string (id, FALSE);
  short_name = scalyr_monitor_module_short_name (json_node_get_string (module));
  key = g_strdup_printf ("%s\n%s", short_name, id_text);
  first = g_hash_table_lookup (seen, key);
  if (first == NULL)
    {
      g_hash_table_insert (seen, g_steal_pointer (&key), g_strdup (at));
      return NULL;
    }
  return g_strdup_printf (_("%s: monitors[%u]: a second %s monitor with the id \"%s\" (the first is at %s); give "
                            "each instance of a module its own id"), at, index, short_name, id_text, first);
}
