/* scalyr-monitor-manager-ids.c: the instance ids of the `monitors`
 * entries, given the way the reference gives them
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-manager.h"
#include <scalyrmon.h>

static char *
id_text (JsonNode *id)
{
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id))
    return NULL;
  if (json_node_get_value_type (id) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (id));
  return json_to_string (id, FALSE);
}

/**
 * scalyr_monitor_manager_assign_ids:
 * @monitors: the `monitors` entries
 *
 * Gives every entry its instance id the way the reference does (see
 * #ScalyrMonitorManager).
 *
 * Returns: (transfer full) (array zero-terminated=1): one id per entry
 *
 * Since: 0.1
 */
char **
scalyr_monitor_manager_assign_ids (JsonArray *monitors)
{
  guint n = json_array_get_length (monitors);
  g_autoptr(GHashTable) counters = g_hash_table_new (g_str_hash, g_str_equal);
  char **ids = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_array_get_object_element (monitors, i);
      const char *key = scalyr_monitor_module_short_name (json_object_get_string_member_with_default (entry, "module", ""));
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counters, key)) + 1;

      g_hash_table_insert (counters, (gpointer) key, GUINT_TO_POINTER (count));
      ids[i] = id_text (json_object_get_member (entry, "id"));
      if (ids[i] == NULL)
        ids[i] = g_strdup_printf ("%u", count);
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = json_array_get_object_element (monitors, i);
      const char *key = scalyr_monitor_module_short_name (json_object_get_string_member_with_default (entry, "module", ""));

      if (GPOINTER_TO_UINT (g_hash_table_lookup (counters, key)) == 1 && !json_object_has_member (entry, "id"))
        {
          g_free (ids[i]);
          ids[i] = g_strdup ("");
        }
    }
  return ids;
}
