/* scalyr-monitor-manager-metrics.c: PLACEHOLDER of issue 16's contract,
 * replaced by the metric store (part H2)
 * SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include "scalyr-monitor-manager-private.h"

/**
 * scalyr_monitor_manager_dup_metrics:
 * @self: a #ScalyrMonitorManager
 *
 * Returns: (transfer full): a JSON array node
 *
 * Since: 0.4
 */
JsonNode *
scalyr_monitor_manager_dup_metrics (ScalyrMonitorManager *self)
{
  JsonNode *node = json_node_alloc ();

  g_return_val_if_fail (SCALYR_IS_MONITOR_MANAGER (self), NULL);
  json_node_init (node, JSON_NODE_ARRAY);
  json_node_take_array (node, json_array_new ());
  return node;
}
